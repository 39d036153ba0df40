//! Notices when the app's database disappears under a running app: the browser evicted the
//! origin's storage, or the user cleared site data. The first open of a page's lifetime may
//! create the database (a new device); a later open that has to create it again means
//! everything stored was lost, the outbox included.
//!
//! The open that finds it gone dispatches [`RECREATED_EVENT`] on `window`; the sync loop
//! listens, tells the user what was lost and rebuilds from the server.
//!
//! Storage is more often evicted while the app is closed. So the un-synced count of a
//! signed-in device is also kept in `localStorage` ([`remember_unsynced`]); a page whose
//! first open has to create the database while that count is kept knows the data went since
//! its last run ([`lost_before_start`]). Where the browser cleared `localStorage` too, nothing
//! is known and nothing is claimed.

use std::cell::Cell;

/// The `window` event dispatched when the database had to be created again.
pub const RECREATED_EVENT: &str = "lvzhi-storage-recreated";

/// What [`lost_before_start`] gives when the kept count could not be read.
pub const UNKNOWN_COUNT: usize = usize::MAX;

thread_local! {
    /// Whether this page has opened the app's database before.
    static OPENED_BEFORE: Cell<bool> = const { Cell::new(false) };
    /// The un-synced count kept from the last run, when this page found the database gone.
    static LOST_BEFORE_START: Cell<Option<usize>> = const { Cell::new(None) };
}

fn local_storage() -> Option<web_sys::Storage> {
    match web_sys::window().map(|window| window.local_storage()) {
        Some(Ok(storage)) => storage,
        Some(Err(error)) => {
            web_sys::console::warn_2(&"localStorage is not available:".into(), &error);
            None
        }
        None => None,
    }
}

/// Keeps the un-synced count of this signed-in device, outside IndexedDB.
pub fn remember_unsynced(count: usize) {
    if let Some(storage) = local_storage() {
        crate::error::warn_on_failure(
            "keeping the un-synced count",
            storage.set_item(crate::profile::active().unsynced_key, &count.to_string()),
        );
    }
}

/// Forgets the kept count (signed out: the device holds nothing of the user's any more).
pub fn forget_unsynced() {
    if let Some(storage) = local_storage() {
        crate::error::warn_on_failure(
            "forgetting the un-synced count",
            storage.remove_item(crate::profile::active().unsynced_key),
        );
    }
}

/// The un-synced count the device had when its data went while the app was closed, if this
/// page found the database gone; `None` on a new device or when nothing was kept.
pub fn lost_before_start() -> Option<usize> {
    LOST_BEFORE_START.with(Cell::get)
}

/// The first open of this page had to create the database: if a signed-in run kept a count,
/// the data went while the app was closed.
fn created_on_start() {
    let Some(storage) = local_storage() else {
        return;
    };
    match storage.get_item(crate::profile::active().unsynced_key) {
        Ok(Some(text)) => {
            // An unreadable count still means the data went: say so, the count unknown.
            let count = text.parse().unwrap_or_else(|error| {
                web_sys::console::warn_1(&format!("the kept un-synced count {text:?}: {error}").into());
                UNKNOWN_COUNT
            });
            LOST_BEFORE_START.with(|lost| lost.set(Some(count)));
            forget_unsynced();
        }
        Ok(None) => {}
        Err(error) => web_sys::console::warn_2(&"reading the kept un-synced count:".into(), &error),
    }
}

/// Records an open of database `name`; `created` says whether the open created it.
pub(super) fn opened(name: &str, created: bool) {
    if name != crate::profile::active().database {
        return;
    }
    let opened_before = OPENED_BEFORE.with(|flag| flag.replace(true));
    match (opened_before, created) {
        (true, true) => announce(),
        (false, true) => created_on_start(),
        _ => {}
    }
}

fn announce() {
    let Some(window) = web_sys::window() else {
        return;
    };
    match web_sys::Event::new(RECREATED_EVENT) {
        Ok(event) => {
            if let Err(error) = window.dispatch_event(&event) {
                web_sys::console::error_1(&error);
            }
        }
        Err(error) => web_sys::console::error_1(&error),
    }
}
