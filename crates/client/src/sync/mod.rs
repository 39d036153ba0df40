//! The app's sync loop: when it runs, what it shows.
//!
//! A pass ([`pass::run_pass`]) pushes the outbox and pulls changes. It starts when a session
//! is loaded, when the network returns (`online` event), on a timer (every minute after a
//! success; after a failure 2 s, 4 s, 8 s… up to 5 min), after every local save, and on
//! demand. Only the tab holding the Web Lock runs it ([`coordination`]); a tab that finds the
//! lock taken tries again shortly, so no change waits for the timer. After a pass or a local
//! save, the other tabs are told through a BroadcastChannel and reload what they show.

pub mod coordination;
pub mod pass;

use std::time::Duration;

use leptos::prelude::*;

use crate::session::{SessionContext, use_session};
use crate::storage::LocalStore;
use pass::SyncError;

/// What the status display shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncStatus {
    /// Changes on this device the server has not acknowledged.
    pub pending: usize,
    /// Changes the server refused or found in conflict, waiting for the user.
    pub problems: usize,
    pub running: bool,
    pub last_sync_millis: Option<f64>,
    /// Why the last pass failed, until one succeeds.
    pub last_error: Option<SyncError>,
    /// A staff device's first load under way: records loaded, records in all.
    pub first_load: Option<(u64, u64)>,
}

/// The last error in the user's language, saying what to do.
pub fn describe(error: &SyncError, lang: crate::i18n::Lang) -> String {
    error.describe(lang)
}

/// Whether the error means the server could not be reached at all.
pub fn is_unreachable(error: &SyncError) -> bool {
    error.is_unreachable()
}

#[derive(Clone, Copy)]
pub struct SyncContext {
    pub status: RwSignal<SyncStatus>,
    /// Increases whenever local data changed (here, in a sync, or in another tab); pages
    /// showing local data read it to reload.
    pub data_version: RwSignal<u64>,
    /// Set when the device's database vanished under the app (eviction, cleared site data):
    /// how many un-synced changes it last knew of, which are lost. Cleared when dismissed.
    pub evicted: RwSignal<Option<usize>>,
    session: SessionContext,
    failures: StoredValue<u32>,
    /// A sync was asked for while a pass ran.
    rerun: StoredValue<bool>,
    timer_generation: StoredValue<u64>,
    /// The app's own steps of a pass.
    steps: pass::PassSteps,
}

const AFTER_SUCCESS: Duration = Duration::from_secs(60);
const LOCK_BUSY_RETRY: Duration = Duration::from_millis(1_500);

/// The wait after `failures` failed passes in a row: 2 s doubling, at most 5 minutes.
pub fn backoff(failures: u32) -> Duration {
    let seconds = 2u64.saturating_pow(failures.clamp(1, 16)).min(300);
    Duration::from_secs(seconds)
}

/// The wait before the next pass after a failure: the server's `Retry-After` when it sent
/// one (a 429 or 503), never less than the backoff.
pub fn retry_wait(error: &SyncError, failures: u32) -> Duration {
    let asked = match error {
        SyncError::Api(crate::api::ApiError::Server {
            retry_after_secs: Some(seconds),
            ..
        }) => Duration::from_secs(u64::from(*seconds).min(3_600)),
        _ => Duration::ZERO,
    };
    asked.max(backoff(failures))
}

/// The sync context provided at the root.
pub fn use_sync() -> SyncContext {
    expect_context::<SyncContext>()
}

/// Creates the sync context and its triggers, with the app's own pass steps
/// ([`pass::DEPUTY_STEPS`] or [`pass::STAFF_STEPS`]); call once at the root, after the session.
pub fn provide_sync(steps: pass::PassSteps) -> SyncContext {
    let session = use_session();
    let context = SyncContext {
        session,
        status: RwSignal::new(SyncStatus::default()),
        data_version: RwSignal::new(0),
        evicted: RwSignal::new(None),
        failures: StoredValue::new(0),
        rerun: StoredValue::new(false),
        timer_generation: StoredValue::new(0),
        steps,
    };
    provide_context(context);
    Effect::new(move |_| {
        if session.session.with(Option::is_some) {
            request_sync(context);
        }
    });
    coordination::listen_for_changes(move || {
        context.data_version.update(|v| *v += 1);
        leptos::task::spawn_local(refresh_status(context));
    });
    // Listeners of the root, alive as long as the app: their handles are not kept.
    window_event_listener_untyped("online", move |_| request_sync(context));
    window_event_listener_untyped(crate::storage::eviction::RECREATED_EVENT, move |_| {
        rebuild_after_eviction(context)
    });
    leptos::task::spawn_local(refresh_status(context));
    context
}

/// Reads the pending count, problems and last sync from the store into the status.
/// A storage failure is shown as the last error, never as "0 waiting".
pub async fn refresh_status(context: SyncContext) {
    match read_status().await {
        Ok((pending, problems, last_sync_millis)) => {
            if context.session.session.with_untracked(Option::is_some) {
                crate::storage::eviction::remember_unsynced(pending);
            }
            context.status.update(|status| {
                status.pending = pending;
                status.problems = problems;
                status.last_sync_millis = last_sync_millis;
            })
        }
        Err(error) => context
            .status
            .update(|status| status.last_error = Some(SyncError::Storage(error))),
    }
}

async fn read_status() -> Result<(usize, usize, Option<f64>), crate::storage::StorageError> {
    let pending = crate::session::unsynced_count().await?;
    let store = LocalStore::open().await?;
    let problems = store.problems().await?.len();
    let last_sync_millis = store.sync_state().await?.last_sync_millis;
    Ok((pending, problems, last_sync_millis))
}

/// The database vanished under a signed-in app: remember what was lost (the un-synced count
/// last read), keep the session on this device, and pull everything again from the server.
fn rebuild_after_eviction(context: SyncContext) {
    let Some(session) = context.session.session.get_untracked() else {
        return;
    };
    let lost = context.status.with_untracked(|status| status.pending);
    context.evicted.set(Some(lost));
    leptos::task::spawn_local(async move {
        if let Err(error) = crate::session::remember(context.session, session).await {
            context
                .status
                .update(|status| status.last_error = Some(SyncError::Storage(error)));
        }
        context.data_version.update(|v| *v += 1);
        refresh_status(context).await;
        request_sync(context);
    });
}

/// After a local save or withdrawal: every view reloads, other tabs hear of it, and a sync starts.
pub fn local_change_committed(context: SyncContext) {
    // Every local save leaves at least one change waiting: until the recount below lands, the
    // badge must not read "synced".
    context.status.update(|status| status.pending = status.pending.max(1));
    // Kept outside IndexedDB at once too, so a browser closed right after the save still
    // knows, if its data goes, that something was waiting.
    if context.session.session.with_untracked(Option::is_some) {
        crate::storage::eviction::remember_unsynced(context.status.with_untracked(|status| status.pending));
    }
    context.data_version.update(|v| *v += 1);
    coordination::announce_change();
    leptos::task::spawn_local(refresh_status(context));
    request_sync(context);
}

/// Starts a sync pass now (if signed in and not already running here).
pub fn request_sync(context: SyncContext) {
    leptos::task::spawn_local(sync_now(context));
}

fn schedule(context: SyncContext, after: Duration) {
    let generation = context.timer_generation.get_value() + 1;
    context.timer_generation.set_value(generation);
    set_timeout(
        move || {
            if context.timer_generation.get_value() == generation {
                request_sync(context);
            }
        },
        after,
    );
}

async fn sync_now(context: SyncContext) {
    let Some(token) = use_session_token(context) else {
        return;
    };
    if !browser_online() {
        // The `online` event starts the next pass; being offline is not a failure.
        return;
    }
    if context.status.with_untracked(|s| s.running) {
        // A pass is under way and may have read the outbox already: run again after it.
        context.rerun.set_value(true);
        return;
    }
    context.rerun.set_value(false);
    context.status.update(|s| s.running = true);
    let progress = move |loaded: u64, total: u64| context.status.update(|s| s.first_load = Some((loaded, total)));
    let outcome =
        coordination::with_sync_lock(move || async move { pass::run_pass(&token, context.steps, &progress).await })
            .await;
    context.status.update(|s| {
        s.running = false;
        s.first_load = None;
    });
    match outcome {
        None => schedule(context, LOCK_BUSY_RETRY),
        Some(Ok(report)) => {
            context.failures.set_value(0);
            context.status.update(|s| s.last_error = None);
            if report.pushed + report.pulled + report.new_problems > 0 {
                context.data_version.update(|v| *v += 1);
                coordination::announce_change();
            }
            schedule(context, AFTER_SUCCESS);
        }
        Some(Err(error)) => {
            let failures = context.failures.get_value() + 1;
            context.failures.set_value(failures);
            let wait = retry_wait(&error, failures);
            context.status.update(|s| s.last_error = Some(error.clone()));
            schedule(context, wait);
        }
    }
    refresh_status(context).await;
    if context.rerun.get_value() {
        request_sync(context);
    }
}

fn use_session_token(context: SyncContext) -> Option<String> {
    context
        .session
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
}

fn browser_online() -> bool {
    web_sys::window().is_none_or(|window| window.navigator().on_line())
}
