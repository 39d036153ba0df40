//! # lvzhi-staff: the staff console (履职 · 工作台)
//!
//! The standing committee's deputy-affairs office and the liaison offices work here, at
//! desks. A Leptos app compiled to WebAssembly by Trunk and served under `/staff/`, with its
//! own service worker, IndexedDB database, Web Lock and BroadcastChannel
//! (`lvzhi_client::profile::STAFF`), so nothing it does touches a deputy's data in the same
//! browser. It stands on the same client parts as the deputy's workspace (`lvzhi-client`).
//!
//! Code map: [`app`] is the shell; [`data`] what the pages read from the device, and
//! [`handling_data`] what the handling screens read; `pages/` has one file per route;
//! [`i18n`] and [`handling_i18n`] hold the console's own strings.
//!
//! Handling units (承办单位) sign in here too: they see only their own screens
//! (suggestions assigned to them and opinion items forwarded to them).

pub mod app;
pub mod data;
pub mod handling_data;
pub mod handling_i18n;
pub mod i18n;
pub mod pages;

/// Installs the staff profile and mounts the console on `<body>`.
pub fn start() {
    lvzhi_client::profile::install(&lvzhi_client::profile::STAFF);
    leptos::mount::mount_to_body(app::App);
}
