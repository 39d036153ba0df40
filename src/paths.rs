//! Where the app lives on its server. Every link the app makes starts from [`APP_BASE`]: today
//! the app is served at the site's root; the bundles work moves it under a path (`/me/`), set
//! at build time with `LVZHI_APP_BASE=/me` and nothing else to change in the app. The API stays
//! at the site's root (`/api/…`).

/// The app's base path, without a trailing slash: `""` at the root, or e.g. `"/me"`.
pub const APP_BASE: &str = match option_env!("LVZHI_APP_BASE") {
    Some(base) => base,
    None => "",
};

/// The address of the app's page at `path` (which starts with `/`).
pub fn app_path(path: &str) -> String {
    format!("{APP_BASE}{path}")
}
