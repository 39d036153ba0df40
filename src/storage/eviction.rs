//! Notices when the app's database disappears under a running app: the browser evicted the
//! origin's storage, or the user cleared site data. The first open of a page's lifetime may
//! create the database (a new device); a later open that has to create it again means
//! everything stored was lost, the outbox included.
//!
//! The open that finds it gone dispatches [`RECREATED_EVENT`] on `window`; the sync loop
//! listens, tells the user what was lost and rebuilds from the server.

use std::cell::Cell;

/// The `window` event dispatched when the database had to be created again.
pub const RECREATED_EVENT: &str = "lvzhi-storage-recreated";

thread_local! {
    /// Whether this page has opened the app's database before.
    static OPENED_BEFORE: Cell<bool> = const { Cell::new(false) };
}

/// Records an open of database `name`; `created` says whether the open created it.
pub(super) fn opened(name: &str, created: bool) {
    if name != super::DATABASE_NAME {
        return;
    }
    let opened_before = OPENED_BEFORE.with(|flag| flag.replace(true));
    if opened_before && created {
        announce();
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
