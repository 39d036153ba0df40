//! `/api/sync/push` and `/api/sync/pull`: the transport of the domain's sync protocol.
//! Both need a signed-in session; the database does the rest in one transaction each.

use axum::Json;
use axum::extract::State;
use lvzhi_domain::sync::server::Actor;
use lvzhi_domain::sync::{PullRequest, PullResponse, PushRequest, PushResponse};

use crate::AppState;
use crate::error::{ApiError, ApiJson};
use crate::routes::Authenticated;

/// The most mutations one push may carry.
pub const MAX_MUTATIONS_PER_PUSH: usize = 500;

fn actor(authenticated: &Authenticated) -> Actor {
    let account = &authenticated.session.account;
    Actor {
        account: account.id,
        role: account.role,
        deputy: account.deputy,
    }
}

pub async fn push(
    State(state): State<AppState>,
    authenticated: Authenticated,
    ApiJson(request): ApiJson<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    if request.mutations.len() > MAX_MUTATIONS_PER_PUSH {
        return Err(ApiError::BadRequest(format!(
            "a push carries at most {MAX_MUTATIONS_PER_PUSH} mutations; this one has {}",
            request.mutations.len()
        )));
    }
    if let Some(zero) = request.mutations.iter().find(|m| m.seq == 0) {
        return Err(ApiError::BadRequest(format!(
            "sequence numbers start at 1 (record {})",
            zero.operation.record()
        )));
    }
    Ok(Json(state.db.push(actor(&authenticated), request).await?))
}

pub async fn pull(
    State(state): State<AppState>,
    authenticated: Authenticated,
    ApiJson(request): ApiJson<PullRequest>,
) -> Result<Json<PullResponse>, ApiError> {
    Ok(Json(state.db.pull(actor(&authenticated), request).await?))
}
