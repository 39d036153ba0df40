//! Per-account rate limits on writes, checked by every handler that writes before it
//! touches the database. A refusal is a 429 with `Retry-After`, and an audit entry.

use crate::AppState;
use crate::db::AuditEvent;
use crate::error::ApiError;
use crate::routes::Authenticated;

/// Charges one write request carrying `mutations` pushed changes to the caller's account.
pub fn charge(state: &AppState, authenticated: &Authenticated, mutations: u32) -> Result<(), ApiError> {
    let account = authenticated.session.account.id;
    let refused = |what: &str, wait| {
        state.audit.record(
            AuditEvent::RateLimited,
            Some(account.to_string()),
            authenticated.context.id(),
            what,
        );
        ApiError::TooManyRequests {
            message: format!("too many {what} from this account; wait before sending more"),
            retry_after: wait,
        }
    };
    state
        .guards
        .writes
        .take(&account, 1)
        .map_err(|wait| refused("write requests", wait))?;
    if mutations > 0 {
        state
            .guards
            .mutations
            .take(&account, mutations)
            .map_err(|wait| refused("changes", wait))?;
    }
    Ok(())
}
