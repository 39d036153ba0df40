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

/// Records per page of a staff device's packed first load.
pub const BULK_PAGE: u32 = 20_000;

/// Pushes, then pulls. Stops at the first failure; what was committed stays committed.
/// On a staff device the first pull is the packed first load, reported to `progress`
/// (records loaded, records in all).
pub async fn run_pass(token: &str, progress: &dyn Fn(u64, u64)) -> Result<PassReport, SyncError> {
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
    let staff = crate::profile::active().role == lvzhi_domain::api::Role::Staff;
    if staff {
        report.pulled += first_load(&store, token, progress).await?;
    } else {
        report.pushed += crate::replies::push_waiting(&store, token).await?;
        report.pushed += crate::opinions::sync_items(&store, token).await?;
        report.pushed += crate::suggestions::send_receipts(&store, token).await?;
    }
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
    let refreshed = if staff {
        crate::reference::refresh_workspace(&store, token).await
    } else {
        crate::reference::refresh_absences(&store, token).await
    };
    match refreshed {
        Ok(()) => {}
        Err(crate::reference::RefreshError::Api(error)) => return Err(SyncError::Api(error)),
        Err(crate::reference::RefreshError::Storage(error)) => return Err(SyncError::Storage(error)),
    }
    Ok(report)
}

/// A staff device's first load, when nothing was pulled yet: packed pages of the account's
/// scope into the bulk store, each committed with the load's progress; resumed where it
/// stopped, started over if the server took a new snapshot. Returns the records loaded.
async fn first_load(store: &LocalStore, token: &str, progress: &dyn Fn(u64, u64)) -> Result<usize, SyncError> {
    use lvzhi_domain::api::{BulkRequest, bulk_headers};
    if store.sync_state().await?.position != lvzhi_domain::sync::client::PullPosition::Start {
        return Ok(0);
    }
    let mut state = store.bulk_progress().await?;
    if state.is_none() {
        store.begin_bulk_load().await?;
    }
    let mut loaded = 0usize;
    loop {
        let request = BulkRequest {
            snapshot: state.as_ref().map(|p| p.next.clone()),
            limit: BULK_PAGE,
        };
        let reply = crate::api::post_for_bytes(
            "/api/staff/snapshot",
            &request,
            token,
            &[bulk_headers::AT, bulk_headers::AFTER, bulk_headers::TOTAL],
        )
        .await?;
        let unreadable = |what: &str| SyncError::Api(crate::api::ApiError::Unreadable(format!("first load: {what}")));
        let at: u64 = reply.headers[0]
            .as_deref()
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| unreadable("no snapshot position"))?;
        if let Some(before) = &state
            && before.next.at != at
        {
            // The server could not continue that snapshot: start over.
            store.begin_bulk_load().await?;
            state = None;
            continue;
        }
        let next = match reply.headers[1].as_deref() {
            Some(after) => Some(lvzhi_domain::sync::SnapshotCursor {
                at,
                after: after.parse().map_err(|_| unreadable("a bad cursor"))?,
            }),
            None => None,
        };
        let total = match (&state, reply.headers[2].as_deref()) {
            (_, Some(total)) => total.parse().map_err(|_| unreadable("a bad total"))?,
            (Some(before), None) => before.total,
            (None, None) => return Err(unreadable("no total on the first page")),
        };
        let done = next.is_none();
        let after = store
            .store_bulk_page(&reply.bytes, at, next, total, state.as_ref())
            .await?;
        loaded += (after.loaded - state.as_ref().map_or(0, |p| p.loaded)) as usize;
        progress(after.loaded, after.total);
        if done {
            return Ok(loaded);
        }
        state = Some(after);
    }
}
