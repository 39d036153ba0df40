//! Which app is running: the deputy's workspace or the staff console. Both are built from
//! this crate's parts and run on one origin, so everything a browser keeps per origin is
//! named per app here — the IndexedDB database, the Web Lock, the BroadcastChannel, the
//! `localStorage` key — and a staff sign-out never touches a deputy's data in the same
//! browser. Each app installs its profile once, before it mounts ([`install`]).
//!
//! The deputy's names are the ones the app had before it moved under `/me/`, so a deputy's
//! un-synced changes survive the move.

use std::sync::OnceLock;

use lvzhi_domain::api::Role;

/// Where an app lives and what it names in the browser.
#[derive(Debug)]
pub struct AppProfile {
    /// The app's base path, without a trailing slash, e.g. `"/me"`.
    pub base: &'static str,
    /// The role the app is for; sign-in sends other roles to their own app.
    pub role: Role,
    /// The IndexedDB database.
    pub database: &'static str,
    /// The Web Lock held while syncing.
    pub sync_lock: &'static str,
    /// The BroadcastChannel that tells the app's other tabs about changed data.
    pub channel: &'static str,
    /// The `localStorage` key of the last un-synced count (see `storage::eviction`).
    pub unsynced_key: &'static str,
}

/// The deputy's workspace, served under `/me/`.
pub const DEPUTY: AppProfile = AppProfile {
    base: "/me",
    role: Role::Deputy,
    database: "lvzhi",
    sync_lock: "lvzhi-sync",
    channel: "lvzhi-data",
    unsynced_key: "lvzhi.unsynced",
};

/// The staff console, served under `/staff/`.
pub const STAFF: AppProfile = AppProfile {
    base: "/staff",
    role: Role::Staff,
    database: "lvzhi-staff",
    sync_lock: "lvzhi-staff-sync",
    channel: "lvzhi-staff-data",
    unsynced_key: "lvzhi-staff.unsynced",
};

static ACTIVE: OnceLock<&'static AppProfile> = OnceLock::new();

/// Makes `profile` the running app's; the first call wins (an app installs once, at start).
pub fn install(profile: &'static AppProfile) {
    if ACTIVE.set(profile).is_err() && !std::ptr::eq(active(), profile) {
        web_sys::console::warn_1(&"the app profile was installed twice; the first one stays".into());
    }
    canonical_home(active().base);
}

/// Writes the app's home as the router does (`/me`, not `/me/`, which is where the server
/// sends a bare `/me`), so the home link is marked current and the address bar shows one
/// address for one page. The page is not reloaded: only the address changes.
fn canonical_home(base: &str) {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let Ok(path) = location.pathname() else { return };
    if path != format!("{base}/") {
        return;
    }
    let replaced = location.search().and_then(|search| {
        let hash = location.hash()?;
        let history = window.history()?;
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{base}{search}{hash}")))
    });
    if let Err(error) = replaced {
        web_sys::console::warn_2(&"cannot rewrite the home address:".into(), &error);
    }
}

/// The running app's profile: the deputy's where none was installed (as in storage tests).
pub fn active() -> &'static AppProfile {
    ACTIVE.get().copied().unwrap_or(&DEPUTY)
}

/// The profile of the app made for `role`.
pub fn for_role(role: Role) -> &'static AppProfile {
    match role {
        Role::Deputy => &DEPUTY,
        // Handling units work in the staff console, on their own screens.
        Role::Staff | Role::Unit => &STAFF,
    }
}

/// The address of the running app's page at `path` (which starts with `/`).
pub fn app_path(path: &str) -> String {
    format!("{}{path}", active().base)
}
