//! The API's routes, one file per resource. Every route here is under `/api`.

mod health;
mod opinions;
mod reference;
mod replies;
mod session;
mod suggestions;
mod sync;

use axum::extract::{DefaultBodyLimit, Request};
use axum::middleware::Next;
use axum::routing::get;
use axum::{Router, middleware};

use crate::AppState;
use crate::error::{ApiError, BodyLimit};

pub use session::Authenticated;

pub fn api_router(state: AppState) -> Router {
    let limit = state.config.max_body_bytes;
    Router::new()
        .route("/health", get(health::health))
        .route(
            "/session",
            get(session::current).post(session::sign_in).delete(session::sign_out),
        )
        .route("/reference", get(reference::reference))
        .route("/replies", get(replies::list).put(replies::put))
        .route("/opinions", get(opinions::list).put(opinions::put))
        .route("/suggestions", get(suggestions::list).post(suggestions::submit))
        .route(
            "/suggestions/{id}/reply-receipt",
            axum::routing::post(suggestions::reply_receipt),
        )
        .route(
            "/suggestions/{id}/promise-receipt",
            axum::routing::post(suggestions::promise_receipt),
        )
        .route("/sync/push", axum::routing::post(sync::push))
        .route("/sync/pull", axum::routing::post(sync::pull))
        .fallback(unknown_api_path)
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn(move |mut request: Request, next: Next| {
            request.extensions_mut().insert(BodyLimit(limit));
            refuse_oversized_declared_body(request, next, limit)
        }))
        .layer(middleware::from_fn(crate::error::envelope_errors))
        .with_state(state)
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

async fn unknown_api_path(axum::extract::OriginalUri(uri): axum::extract::OriginalUri) -> ApiError {
    ApiError::NotFound(format!("there is no API endpoint at {}", uri.path()))
}
