//! The API's routes, one file per resource. Every route here is under `/api`.

mod export;
mod handling;
mod health;
mod opinions;
mod organisation;
mod quota;
mod reference;
mod replies;
mod roster;
mod rules;
mod session;
mod staff;
mod suggestions;
mod sync;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::routing::{delete, get, post};
use axum::{Router, middleware};
use tower_http::timeout::TimeoutLayer;

use crate::AppState;
use crate::error::{ApiError, BodyLimit};

pub use session::Authenticated;

/// Refuses an account that is not staff (403), saying what only staff do.
pub(crate) fn staff_only(authenticated: &Authenticated, what: &str) -> Result<(), ApiError> {
    if authenticated.session.account.role != lvzhi_domain::api::Role::Staff {
        return Err(ApiError::Forbidden(format!("only staff {what}")));
    }
    Ok(())
}

/// Every API route, with the body limit, the request deadline and the error envelope.
pub fn api_router(state: AppState) -> Router {
    let limit = state.config.limits.max_body_bytes;
    let import_limit = state.config.limits.max_import_bytes;
    let deadline = state.config.limits.request_timeout;
    Router::new()
        .route("/health", get(health::health))
        .route("/about", get(health::about))
        .route("/audit", get(health::audit))
        .route(
            "/session",
            get(session::current).post(session::sign_in).delete(session::sign_out),
        )
        .route("/sessions", get(session::list).delete(session::revoke_all))
        .route("/sessions/{id}", delete(session::revoke))
        .route("/reference", get(reference::reference))
        .route("/replies", get(replies::list).put(replies::put))
        .route("/opinions", get(opinions::list).put(opinions::put))
        .route("/opinions/handling", get(handling::my_opinion_statuses))
        .route("/handling", get(handling::workspace))
        .route("/handling/suggestions/{id}/steps", post(handling::suggestion_step))
        .route("/handling/opinions/{id}/steps", post(handling::opinion_step))
        .route("/staff/suggestions", post(handling::register))
        .route("/staff/suggestions/{id}/earlier", get(handling::earlier))
        .route("/staff/opinions/{id}/contact", get(handling::contact))
        .route("/suggestions", get(suggestions::list).post(suggestions::submit))
        .route("/suggestions/{id}/reply-receipt", post(suggestions::reply_receipt))
        .route("/suggestions/{id}/promise-receipt", post(suggestions::promise_receipt))
        .route("/absences", get(rules::list_absences))
        .route("/staff/absences", post(rules::record_absence))
        .route("/staff/rule-sets/{id}", axum::routing::put(rules::switch_rule_set))
        .route("/staff/standings", get(rules::standings_of))
        .route("/staff/workspace", get(staff::workspace))
        .route("/staff/compliance.xlsx", get(export::compliance_xlsx))
        .route("/staff/snapshot", post(staff::snapshot))
        .route("/staff/roster.csv", get(roster::export_csv))
        .route("/staff/roster.xlsx", get(roster::export_xlsx))
        .route("/staff/deputies/{id}", axum::routing::put(roster::put_deputy))
        .route("/staff/trainings/{id}", axum::routing::put(organisation::put_training))
        .route("/staff/stations/{id}", axum::routing::put(organisation::put_station))
        .route("/records/{id}/history", get(staff::history))
        .route("/sync/push", post(sync::push))
        .route("/sync/pull", post(sync::pull))
        .merge(crate::public::open_data::router())
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn(move |mut request: Request, next: Next| {
            request.extensions_mut().insert(BodyLimit(limit));
            refuse_oversized_declared_body(request, next, limit)
        }))
        // Uploaded files for import have their own, larger limit.
        .merge(
            Router::new()
                .route("/staff/roster/preview", post(roster::preview))
                .route("/staff/roster/import", post(roster::import))
                .layer(DefaultBodyLimit::max(import_limit))
                .layer(middleware::from_fn(move |mut request: Request, next: Next| {
                    request.extensions_mut().insert(BodyLimit(import_limit));
                    refuse_oversized_declared_body(request, next, import_limit)
                })),
        )
        .fallback(unknown_api_path)
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, deadline))
        .layer(middleware::from_fn(crate::error::envelope_errors))
        .layer(middleware::from_fn_with_state(state.clone(), audit_refusals))
        .with_state(state)
}

/// Records every 403 in the audit log, with the account and the path (no body).
async fn audit_refusals(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: Request,
    next: Next,
) -> axum::response::Response {
    let context = request
        .extensions()
        .get::<crate::request_log::RequestContext>()
        .cloned();
    let path = request
        .extensions()
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| request.uri().path().to_owned(), |uri| uri.path().to_owned());
    let response = next.run(request).await;
    if response.status() == StatusCode::FORBIDDEN
        && let Some(context) = context
    {
        state
            .audit
            .record(crate::db::AuditEvent::Forbidden, context.account(), context.id(), path);
    }
    response
}

/// Refuses a body whose declared length is over the limit before reading any of it.
async fn refuse_oversized_declared_body(request: Request, next: Next, limit: usize) -> axum::response::Response {
    let declared = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return axum::response::IntoResponse::into_response(ApiError::PayloadTooLarge { limit_bytes: limit });
    }
    next.run(request).await
}

/// Any path under `/api` that no route serves, `/api/` itself included.
pub async fn unknown_api_path(axum::extract::OriginalUri(uri): axum::extract::OriginalUri) -> ApiError {
    ApiError::NotFound(format!("there is no API endpoint at {}", uri.path()))
}
