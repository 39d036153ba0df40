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

/// A step's future (the browser runs one thread: no `Send`).
pub type StepFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, SyncError>> + 'a>>;

/// What an app adds to a pass, around the outbox and the pull both apps share. Each app
/// names its own steps, so neither download carries the other's (docs/size.md).
#[derive(Clone, Copy)]
pub struct PassSteps {
    /// After the outbox, before the pull: returns (changes sent, records received).
    pub before_pull: for<'a> fn(&'a LocalStore, &'a str, &'a dyn Fn(u64, u64)) -> StepFuture<'a, (usize, usize)>,
    /// After the pull and the reference data.
    /// Returns how many kept copies (workspace, statuses…) changed, so the views reload.
    pub after_pull: for<'a> fn(&'a LocalStore, &'a str) -> StepFuture<'a, usize>,
}

fn refreshed<T>(result: Result<T, crate::reference::RefreshError>) -> Result<T, SyncError> {
    match result {
        Ok(value) => Ok(value),
        Err(crate::reference::RefreshError::Api(error)) => Err(SyncError::Api(error)),
        Err(crate::reference::RefreshError::Storage(error)) => Err(SyncError::Storage(error)),
    }
}

/// The deputy's steps: the side queues (reply notes, opinion items, receipts) before the
/// pull; their absences after it.
pub const DEPUTY_STEPS: PassSteps = PassSteps {
    before_pull: |store, token, _| {
        Box::pin(async move {
            let mut pushed = crate::replies::push_waiting(store, token).await?;
            pushed += crate::opinions::sync_items(store, token).await?;
            pushed += crate::suggestions::send_receipts(store, token).await?;
            Ok((pushed, 0))
        })
    },
    after_pull: |store, token| {
        Box::pin(async move {
            refreshed(crate::reference::refresh_absences(store, token).await)?;
            Ok(usize::from(refreshed(
                crate::opinions::refresh_statuses(store, token).await,
            )?))
        })
    },
};

/// The staff console's steps: the packed first load before the pull; the workspace after it.
pub const STAFF_STEPS: PassSteps = PassSteps {
    before_pull: |store, token, progress| {
        Box::pin(async move {
            let mut pushed = crate::handling::send_waiting(store, token).await?;
            // A handling unit's account has no records, stations or workspace.
            if is_unit(store).await? {
                return Ok((pushed, 0));
            }
            pushed += crate::stations::send_waiting(store, token).await?;
            Ok((pushed, first_load(store, token, progress).await?))
        })
    },
    after_pull: |store, token| {
        Box::pin(async move {
            let mut changed = 0;
            if !is_unit(store).await? {
                changed += usize::from(refreshed(crate::reference::refresh_workspace(store, token).await)?);
            }
            changed += usize::from(refreshed(crate::handling::refresh(store, token).await)?);
            Ok(changed)
        })
    },
};

/// Whether the account signed in here is a handling unit's.
async fn is_unit(store: &LocalStore) -> Result<bool, SyncError> {
    let session: Option<lvzhi_domain::api::SignedIn> = store.get_meta_json(crate::session::SESSION_KEY).await?;
    Ok(session.is_some_and(|s| s.account.role == lvzhi_domain::api::Role::Unit))
}

/// Pushes, then pulls, with the app's own `steps` around the pull. Stops at the first
/// failure; what was committed stays committed. `progress` hears of a first load (records
/// loaded, records in all).
pub async fn run_pass(token: &str, steps: PassSteps, progress: &dyn Fn(u64, u64)) -> Result<PassReport, SyncError> {
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
    let (pushed, pulled) = (steps.before_pull)(&store, token, progress).await?;
    report.pushed += pushed;
    report.pulled += pulled;
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
    report.pulled += (steps.after_pull)(&store, token).await?;
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
