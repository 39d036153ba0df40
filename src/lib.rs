//! # lvzhi-app: the deputy's workspace (履职)
//!
//! A Leptos app compiled to WebAssembly by Trunk, served under `/me/`. It keeps its data in
//! IndexedDB, talks to the server's JSON API when online, and shows the interface in
//! Simplified Chinese, Traditional Chinese or English — all through `lvzhi-client`, whose
//! modules are re-exported here so a page reaches them as `crate::storage`, `crate::i18n`….
//!
//! The app is thin: rules, validation and compliance are computed by `lvzhi-domain`,
//! which it calls directly in the browser.
//!
//! Code map: [`app`] is the shell (router, header, navigation); `pages/` has one file
//! per route, chosen by [`routes`].

pub use lvzhi_client::{
    api, components, crypto, download, error, format, i18n, ids, online, opinions, persistence, profile, records,
    reference, replies, session, storage, suggestions, sync,
};

pub mod app;
pub mod pages;
pub mod routes;

/// Installs the deputy's profile and mounts the app on `<body>`.
pub fn start() {
    profile::install(&profile::DEPUTY);
    leptos::mount::mount_to_body(app::App);
}
