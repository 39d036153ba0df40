//! `GET /api/replies` and `PUT /api/replies`: a deputy's right-of-reply notes — a short public
//! note on one of their records or on a computed status. Rewriting a note replaces it.

use axum::Json;
use axum::extract::State;
use lvzhi_domain::reply::{ReplyDraft, ReplyNote};

use crate::AppState;
use crate::error::{ApiError, ApiJson};
use crate::routes::Authenticated;

fn deputy_of(authenticated: &Authenticated) -> Result<lvzhi_domain::ids::DeputyId, ApiError> {
    authenticated
        .session
        .account
        .deputy
        .ok_or_else(|| ApiError::Forbidden("only a deputy writes right-of-reply notes".into()))
}

pub async fn list(
    State(state): State<AppState>,
    authenticated: Authenticated,
) -> Result<Json<Vec<ReplyNote>>, ApiError> {
    let deputy = deputy_of(&authenticated)?;
    Ok(Json(state.db.replies_of(deputy).await?))
}

pub async fn put(
    State(state): State<AppState>,
    authenticated: Authenticated,
    ApiJson(draft): ApiJson<ReplyDraft>,
) -> Result<Json<ReplyNote>, ApiError> {
    let deputy = deputy_of(&authenticated)?;
    let note = ReplyNote::new(deputy, draft.target, &draft.text, draft.written_on)?;
    Ok(Json(state.db.put_reply(note).await?))
}
