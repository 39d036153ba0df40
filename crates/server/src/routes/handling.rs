//! Suggestion and opinion handling for staff and handling units: the workspace the console
//! keeps offline, one step at a time (each applied once by its id, judged by the domain's
//! state machine), earlier suggestions on the same matter, and a constituent's contact for
//! staff allowed to see it (audited). A deputy reads where their opinion items stand.

use axum::Json;
use axum::extract::{Path, State};
use lvzhi_domain::api::{
    Colleague, ContactReveal, EarlierSuggestion, HandlingWorkspace, OpinionStatusLine, OpinionStepRequest, OpinionView,
    Role, StepRequest,
};
use lvzhi_domain::handling::{Actor, HandlingRules};
use lvzhi_domain::ids::{OpinionId, SuggestionId};
use lvzhi_domain::suggestion::Suggestion;

use crate::AppState;
use crate::db::{StepOutcome, Viewer};
use crate::error::{ApiError, ApiJson};
use crate::routes::Authenticated;

/// Earlier suggestions shown at intake.
const EARLIER_SHOWN: usize = 8;

/// The viewer and the actor of a staff or unit account; anyone else is refused.
fn viewer_of(authenticated: &Authenticated) -> Result<(Viewer, Actor), ApiError> {
    let account = &authenticated.session.account;
    match (account.role, account.unit) {
        (Role::Staff, _) => Ok((Viewer::Staff(account.scope.clone()), Actor::Staff(account.id))),
        (Role::Unit, Some(unit)) => Ok((Viewer::Unit(unit), Actor::Unit(unit))),
        _ => Err(ApiError::Forbidden(
            "only staff and handling units handle suggestions and opinion items".into(),
        )),
    }
}

/// A step the domain refuses: `409` with its code.
fn refused(code: &'static str, error: impl std::fmt::Display) -> ApiError {
    ApiError::Refused {
        code,
        message: error.to_string(),
    }
}

fn rules() -> HandlingRules {
    HandlingRules::standard()
}

async fn names_of(
    state: &AppState,
    suggestions: &[Suggestion],
    opinions: &[OpinionView],
) -> Result<Vec<Colleague>, ApiError> {
    let mut ids: Vec<_> = suggestions
        .iter()
        .flat_map(|s| s.deputies.iter().copied())
        .chain(opinions.iter().map(|o| o.item.deputy))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(state
        .db
        .deputies_by_ids(ids)
        .await?
        .into_iter()
        .map(|d| Colleague {
            id: d.id,
            name: d.name.to_string(),
        })
        .collect())
}

/// `GET /api/handling`
pub async fn workspace(
    State(state): State<AppState>,
    authenticated: Authenticated,
) -> Result<Json<HandlingWorkspace>, ApiError> {
    let (viewer, _) = viewer_of(&authenticated)?;
    let today = crate::db::today();
    let suggestions = state.db.handling_list(viewer.clone(), today).await?;
    let opinions = state.db.handled_opinions(viewer, today).await?;
    let deputy_names = names_of(&state, &suggestions, &opinions).await?;
    Ok(Json(HandlingWorkspace {
        units: state.db.units().await?,
        rules: Some(rules()),
        suggestions,
        opinions,
        deputy_names,
    }))
}

/// `POST /api/handling/suggestions/{id}/steps`
pub async fn suggestion_step(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<StepRequest>,
) -> Result<Json<Suggestion>, ApiError> {
    let (viewer, actor) = viewer_of(&authenticated)?;
    let id = SuggestionId::parse_field(&id, "id")?;
    super::quota::charge(&state, &authenticated, 0)?;
    let outcome = state
        .db
        .handling_step(
            request.step_id,
            id,
            viewer,
            actor,
            authenticated.session.account.id.to_string(),
            request.step,
            rules(),
            crate::db::today(),
        )
        .await?;
    match outcome {
        StepOutcome::Applied(suggestion) => Ok(Json(suggestion)),
        StepOutcome::Refused(error) => Err(refused(error.code(), error)),
    }
}

/// `GET /api/staff/suggestions/{id}/earlier`: earlier suggestions on the same matter, from
/// any year and any deputy, with how each was handled and received.
pub async fn earlier(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path(id): Path<String>,
) -> Result<Json<Vec<EarlierSuggestion>>, ApiError> {
    super::staff_only(&authenticated, "look for earlier suggestions")?;
    let (viewer, _) = viewer_of(&authenticated)?;
    let id = SuggestionId::parse_field(&id, "id")?;
    let target = state.db.handled_suggestion(viewer, id).await?;
    let all = state.db.all_suggestions().await?;
    let found = lvzhi_domain::handling::similar::earlier_on_same_matter(&target, &all, EARLIER_SHOWN);
    let leads: Vec<_> = found
        .iter()
        .filter_map(|e| all.iter().find(|s| s.id == e.id).and_then(Suggestion::lead))
        .collect();
    let names = state.db.deputies_by_ids(leads).await?;
    let mut lines = Vec::new();
    for earlier in found {
        let Some(suggestion) = all.iter().find(|s| s.id == earlier.id) else {
            continue;
        };
        let deputy = suggestion
            .lead()
            .and_then(|lead| names.iter().find(|d| d.id == lead))
            .map_or_else(String::new, |d| d.name.to_string());
        lines.push(EarlierSuggestion {
            id: suggestion.id,
            title: suggestion.title.to_string(),
            submitted_on: suggestion.submitted_on,
            stage: suggestion.stage,
            units: suggestion.handling_units.iter().map(ToString::to_string).collect(),
            deputy,
            satisfaction: suggestion.reply_receipt.as_ref().map(|r| r.satisfaction),
            score: earlier.score,
            linked: target.earlier.contains(&suggestion.id),
        });
    }
    Ok(Json(lines))
}

/// `POST /api/handling/opinions/{id}/steps`
pub async fn opinion_step(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<OpinionStepRequest>,
) -> Result<Json<OpinionView>, ApiError> {
    let (viewer, _) = viewer_of(&authenticated)?;
    let id = OpinionId::parse_field(&id, "id")?;
    super::quota::charge(&state, &authenticated, 0)?;
    let outcome = state
        .db
        .opinion_step(
            request.step_id,
            id,
            viewer,
            authenticated.session.account.id.to_string(),
            request.step,
            crate::db::today(),
        )
        .await?;
    outcome.map(Json).map_err(|error| refused(error.code(), error))
}

/// `GET /api/staff/opinions/{id}/contact`: only for staff accounts allowed to see contacts.
pub async fn contact(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path(id): Path<String>,
) -> Result<Json<ContactReveal>, ApiError> {
    super::staff_only(&authenticated, "see a constituent's contact")?;
    if !authenticated.session.account.sees_contacts {
        return Err(ApiError::Forbidden(
            "this account is not allowed to see constituents' contacts".into(),
        ));
    }
    let (viewer, _) = viewer_of(&authenticated)?;
    let id = OpinionId::parse_field(&id, "id")?;
    let contact = state
        .db
        .reveal_contact(
            id,
            viewer,
            authenticated.session.account.id.to_string(),
            authenticated.context.id().to_owned(),
        )
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("opinion item {id} has no contact")))?;
    Ok(Json(ContactReveal {
        contact: contact.to_string(),
    }))
}

/// `POST /api/staff/suggestions`: a deputy's suggestion registered by staff (national deputies
/// hand theirs to the city's office), submitted at once in that deputy's name; the history
/// says staff registered it.
pub async fn register(
    State(state): State<AppState>,
    authenticated: Authenticated,
    ApiJson(request): ApiJson<lvzhi_domain::api::StaffSuggestion>,
) -> Result<Json<Suggestion>, ApiError> {
    super::staff_only(&authenticated, "register suggestions for deputies")?;
    let title = lvzhi_domain::text::Title::parse_field(&request.title, "title")?;
    let body = lvzhi_domain::text::Description::parse_field(&request.body, "body")?;
    if body.as_str().trim().is_empty() {
        return Err(lvzhi_domain::ValidationError::new("body", lvzhi_domain::error::Problem::Empty).into());
    }
    super::quota::charge(&state, &authenticated, 0)?;
    let today = crate::db::today();
    let found = state.db.deputies_by_ids(vec![request.deputy]).await?;
    let deputy = found
        .iter()
        .find(|d| d.id == request.deputy && authenticated.session.account.scope.covers(d))
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "there is no deputy {} in this account's scope (field \"deputy\")",
                request.deputy
            ))
        })?;
    if !deputy.serving_on(today) {
        return Err(ApiError::Invalid(lvzhi_domain::ValidationError::new(
            "deputy",
            lvzhi_domain::error::Problem::Inconsistent {
                detail: format!("{} is not serving today", deputy.name),
            },
        )));
    }
    let mut suggestion = Suggestion::draft(request.id, request.kind, title, body, vec![deputy.id]);
    suggestion.submit(today).map_err(|error| refused(error.code(), error))?;
    if let Some(event) = suggestion.history.last_mut() {
        event.by = Actor::Staff(authenticated.session.account.id);
        event.detail = Some(format!("registered for {}", deputy.name));
    }
    let (_, stored) = state.db.insert_suggestion(suggestion).await?;
    if stored.lead() != Some(deputy.id) {
        return Err(ApiError::Conflict(format!(
            "suggestion {} already exists for another deputy",
            stored.id
        )));
    }
    Ok(Json(stored))
}

/// `GET /api/opinions/handling`: where the signed-in deputy's items stand.
pub async fn my_opinion_statuses(
    State(state): State<AppState>,
    authenticated: Authenticated,
) -> Result<Json<Vec<OpinionStatusLine>>, ApiError> {
    let deputy = authenticated.deputy("only a deputy has opinion items of their own")?;
    Ok(Json(state.db.opinion_statuses(deputy).await?))
}
