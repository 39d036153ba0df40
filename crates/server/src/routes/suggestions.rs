//! The deputy's side of suggestions (建议): list their own, submit one written on the device,
//! and give the two receipts — on the reply letter and on each promised action. (Staff's side
//! of handling arrives with the staff console.)

use axum::Json;
use axum::extract::{Path, State};
use lvzhi_domain::api::{NewSuggestion, PromiseReceiptRequest, ReplyReceiptRequest};
use lvzhi_domain::ids::SuggestionId;
use lvzhi_domain::suggestion::{FlowError, Suggestion};
use lvzhi_domain::text::{Description, Reason, Title};

use crate::AppState;
use crate::error::{ApiError, ApiJson};
use crate::routes::Authenticated;

const NOT_A_DEPUTY: &str = "only a deputy's account has suggestions of its own";

fn parse_id(text: &str) -> Result<SuggestionId, ApiError> {
    SuggestionId::parse_field(text, "id").map_err(ApiError::Invalid)
}

fn flow_error(error: FlowError) -> ApiError {
    match error {
        FlowError::NotTheLeadDeputy => ApiError::Forbidden(error.to_string()),
        FlowError::ReasonRequired => ApiError::Invalid(lvzhi_domain::ValidationError::new(
            "reason",
            lvzhi_domain::error::Problem::Empty,
        )),
        other => ApiError::Refused {
            code: other.code(),
            message: other.to_string(),
        },
    }
}

pub async fn list(
    State(state): State<AppState>,
    authenticated: Authenticated,
) -> Result<Json<Vec<Suggestion>>, ApiError> {
    let deputy = authenticated.deputy(NOT_A_DEPUTY)?;
    Ok(Json(state.db.suggestions_of(deputy).await?))
}

pub async fn submit(
    State(state): State<AppState>,
    authenticated: Authenticated,
    ApiJson(request): ApiJson<NewSuggestion>,
) -> Result<Json<Suggestion>, ApiError> {
    let deputy = authenticated.deputy(NOT_A_DEPUTY)?;
    let title = Title::parse_field(&request.title, "title")?;
    let body = Description::parse_field(&request.body, "body")?;
    if body.as_str().is_empty() {
        return Err(lvzhi_domain::ValidationError::new("body", lvzhi_domain::error::Problem::Empty).into());
    }
    super::quota::charge(&state, &authenticated, 0)?;
    let today = crate::db::today();
    lvzhi_domain::suggestion::check_co_signers_count(request.co_signers.len())?;
    let mut wanted = request.co_signers.clone();
    wanted.push(deputy);
    let found = state.db.deputies_by_ids(wanted).await?;
    let lead = found
        .iter()
        .find(|d| d.id == deputy)
        .ok_or_else(|| ApiError::Forbidden("your account's deputy is not on the roster".into()))?;
    lvzhi_domain::suggestion::check_co_signers(lead, &request.co_signers, &found, today)?;
    let mut deputies = vec![deputy];
    deputies.extend(request.co_signers.iter().copied());
    let mut suggestion = Suggestion::draft(request.id, request.kind, title, body, deputies);
    suggestion.submit(today).map_err(flow_error)?;
    let (_, stored) = state.db.insert_suggestion(suggestion).await?;
    if stored.lead() != Some(deputy) {
        return Err(ApiError::Conflict(format!(
            "suggestion {} already exists and belongs to another deputy",
            stored.id
        )));
    }
    Ok(Json(stored))
}

pub async fn reply_receipt(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<ReplyReceiptRequest>,
) -> Result<Json<Suggestion>, ApiError> {
    let deputy = authenticated.deputy(NOT_A_DEPUTY)?;
    let id = parse_id(&id)?;
    super::quota::charge(&state, &authenticated, 0)?;
    let reason = match request.reason.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(Reason::parse_field(text, "reason")?),
        _ => None,
    };
    let today = crate::db::today();
    let outcome = state
        .db
        .update_suggestion(id, move |suggestion| {
            suggestion.check_lead(deputy)?;
            suggestion.give_reply_receipt(request.satisfaction, reason, today)
        })
        .await?;
    outcome.map(Json).map_err(flow_error)
}

pub async fn promise_receipt(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<PromiseReceiptRequest>,
) -> Result<Json<Suggestion>, ApiError> {
    let deputy = authenticated.deputy(NOT_A_DEPUTY)?;
    let id = parse_id(&id)?;
    super::quota::charge(&state, &authenticated, 0)?;
    let today = crate::db::today();
    let outcome = state
        .db
        .update_suggestion(id, move |suggestion| {
            suggestion.check_lead(deputy)?;
            suggestion.give_promise_receipt(request.index, request.fulfilment, today)
        })
        .await?;
    outcome.map(Json).map_err(flow_error)
}
