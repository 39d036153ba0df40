//! One sync pass: push the outbox until it is empty, then pull until the cursor is current.
//! The caller holds the sync lock; every step is committed to IndexedDB before the next.

use lvzhi_domain::ids::ClientId;
use lvzhi_domain::sync::client::next_push;
use lvzhi_domain::sync::{PullResponse, PushResponse};

use crate::api::post_json;
use crate::storage::LocalStore;

/// Mutations per push (the server takes up to 500).
pub const PUSH_BATCH: usize = 200;
/// Changes asked for per pull.
pub const PULL_PAGE: u32 = 2_000;

/// Why a pass stopped: the app's error.
pub type SyncError = crate::error::AppError;

/// What a pass did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PassReport {
    pub pushed: usize,
    pub pulled: usize,
    pub new_problems: usize,
}

/// Pushes, then pulls. Stops at the first failure; what was committed stays committed.
pub async fn run_pass(token: &str) -> Result<PassReport, SyncError> {
    let store = LocalStore::open().await?;
    let client = store
        .client_id(|| ClientId::from_uuid(crate::ids::new_uuid_v7()))
        .await?;
    let mut report = PassReport::default();
    while let Some(request) = next_push(client, &store.outbox().await?, PUSH_BATCH) {
        let response: PushResponse = post_json("/api/sync/push", &request, Some(token)).await?;
        let acknowledgement = store.acknowledge(&response).await?;
        report.new_problems += acknowledgement.problems;
        report.pushed += acknowledgement.handled;
        if let Some(expected) = acknowledgement.stalled_at {
            // Nothing of this batch was handled: the server waits for an older change.
            return Err(SyncError::MissingChange { expected });
        }
    }
    report.pushed += crate::replies::push_waiting(&store, token).await?;
    report.pushed += crate::opinions::sync_items(&store, token).await?;
    report.pushed += crate::suggestions::send_receipts(&store, token).await?;
    loop {
        let position = store.sync_state().await?.position;
        let request = position.request(PULL_PAGE);
        let response: PullResponse = post_json("/api/sync/pull", &request, Some(token)).await?;
        let step = store.apply_pull(&position, &response, js_sys::Date::now()).await?;
        report.pulled += step.applied;
        if !step.more {
            // Done, or held before a record whose change is still waiting: the next pass
            // pushes it and resumes there.
            break;
        }
    }
    match crate::reference::refresh_if_old(&store, token, js_sys::Date::now()).await {
        Ok(true) => report.pulled += 1,
        Ok(false) => {}
        Err(crate::reference::RefreshError::Api(error)) => return Err(SyncError::Api(error)),
        Err(crate::reference::RefreshError::Storage(error)) => return Err(SyncError::Storage(error)),
    }
    match crate::reference::refresh_absences(&store, token).await {
        Ok(()) => {}
        Err(crate::reference::RefreshError::Api(error)) => return Err(SyncError::Api(error)),
        Err(crate::reference::RefreshError::Storage(error)) => return Err(SyncError::Storage(error)),
    }
    Ok(report)
}
