//! `GET /api/replies` and `PUT /api/replies`: a deputy's right-of-reply notes — a short public
//! note on one of their records or on a computed status. Rewriting a note replaces it.
//! The target must exist (a record of theirs, or a requirement of the rules in a real term
//! and period), the date may not be after today, and a deputy keeps a bounded number.

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
    super::quota::charge(&state, &authenticated, 0)?;
    let written_on = draft.written_on.not_after(crate::db::today(), "written_on")?;
    let note = ReplyNote::new(deputy, draft.target, &draft.text, written_on)?;
    Ok(Json(
        state.db.put_reply(note, state.config.limits.notes_per_deputy).await?,
    ))
}
