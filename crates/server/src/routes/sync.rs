//! `/api/sync/push` and `/api/sync/pull`: the transport of the domain's sync protocol.
//! Both need a signed-in session; the database does the rest in one transaction each.

use axum::Json;
use axum::extract::State;
use lvzhi_domain::sync::server::Actor;
use lvzhi_domain::sync::{PullRequest, PullResponse, PushRequest, PushResponse};

use crate::AppState;
use crate::db::AuditEvent;
use crate::error::{ApiError, ApiJson};
use crate::routes::Authenticated;
use lvzhi_domain::sync::{Operation, Outcome};

/// The most mutations one push may carry.
pub const MAX_MUTATIONS_PER_PUSH: usize = 500;

pub(crate) fn actor(authenticated: &Authenticated) -> Actor {
    let account = &authenticated.session.account;
    Actor {
        account: account.id,
        role: account.role,
        deputy: account.deputy,
        scope: account.scope.clone(),
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
    super::quota::charge(&state, &authenticated, request.mutations.len() as u32)?;
    let staff_decisions: Vec<(u64, AuditEvent, String)> = request
        .mutations
        .iter()
        .filter_map(|m| match &m.operation {
            Operation::Approve { id } => Some((m.seq, AuditEvent::StaffApproved, id.to_string())),
            Operation::Reject { id, .. } => Some((m.seq, AuditEvent::StaffRejected, id.to_string())),
            _ => None,
        })
        .collect();
    let response = state
        .db
        .push(actor(&authenticated), request, crate::db::today())
        .await?;
    let (mut applied, mut refused, mut conflicts) = (0, 0, 0);
    let account = Some(authenticated.account_id());
    let request_id = authenticated.context.id();
    for result in &response.results {
        match &result.outcome {
            Outcome::Applied { .. } => {
                applied += 1;
                if let Some((_, event, record)) = staff_decisions.iter().find(|(seq, ..)| *seq == result.seq) {
                    state
                        .audit
                        .record(*event, account.clone(), request_id, format!("record {record}"));
                }
            }
            Outcome::Refused { code, .. } => {
                refused += 1;
                let code = code.map_or("refused", |code| code.code());
                state.audit.record(
                    AuditEvent::MutationRefused,
                    account.clone(),
                    request_id,
                    format!("{code} record {}", result.record),
                );
            }
            Outcome::Conflict { .. } => {
                conflicts += 1;
                state.audit.record(
                    AuditEvent::MutationRefused,
                    account.clone(),
                    request_id,
                    format!("conflict record {}", result.record),
                );
            }
            Outcome::Duplicate | Outcome::AlreadyInEffect { .. } => {}
        }
    }
    authenticated.context.note(&format!(
        "push applied={applied} refused={refused} conflicts={conflicts}"
    ));
    Ok(Json(response))
}

pub async fn pull(
    State(state): State<AppState>,
    authenticated: Authenticated,
    ApiJson(request): ApiJson<PullRequest>,
) -> Result<Json<PullResponse>, ApiError> {
    if request.limit == 0 {
        return Err(ApiError::Invalid(lvzhi_domain::ValidationError::new(
            "limit",
            lvzhi_domain::error::Problem::OutOfRange {
                min: "1".into(),
                max: crate::db::MAX_PULL_LIMIT.to_string(),
            },
        )));
    }
    let response = state.db.pull(actor(&authenticated), request).await?;
    authenticated.context.note(&format!(
        "pull entries={} more={}",
        response.entries.len(),
        response.more
    ));
    Ok(Json(response))
}
