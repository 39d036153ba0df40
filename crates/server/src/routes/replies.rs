//! `GET /api/replies` and `PUT /api/replies`: a deputy's right-of-reply notes — a short public
//! note on one of their records or on a computed status. Rewriting a note replaces it.

use axum::Json;
use axum::extract::State;
use lvzhi_domain::reply::{ReplyDraft, ReplyNote};

use crate::AppState;
use crate::error::{ApiError, ApiJson};
use crate::routes::Authenticated;

const NOT_A_DEPUTY: &str = "only a deputy writes right-of-reply notes";

pub async fn list(
    State(state): State<AppState>,
    authenticated: Authenticated,
) -> Result<Json<Vec<ReplyNote>>, ApiError> {
    let deputy = authenticated.deputy(NOT_A_DEPUTY)?;
    Ok(Json(state.db.replies_of(deputy).await?))
}

pub async fn put(
    State(state): State<AppState>,
    authenticated: Authenticated,
    ApiJson(draft): ApiJson<ReplyDraft>,
) -> Result<Json<ReplyNote>, ApiError> {
    let deputy = authenticated.deputy(NOT_A_DEPUTY)?;
    let note = ReplyNote::new(deputy, draft.target, &draft.text, draft.written_on)?;
    Ok(Json(state.db.put_reply(note).await?))
}
