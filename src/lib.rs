//! # lvzhi-app: the Lüzhi (履职) client-side app
//!
//! A Leptos app compiled to WebAssembly by Trunk. It keeps its data in IndexedDB
//! ([`storage`]), talks to the server's JSON API ([`api`]) when online, and shows the
//! interface in Simplified Chinese, Traditional Chinese or English ([`i18n`]).
//!
//! The app is thin: rules, validation and compliance are computed by `lvzhi-domain`,
//! which it calls directly in the browser.
//!
//! Code map: [`app`] is the shell (router, header, navigation); `pages/` has one file
//! per route; `components/` holds pieces used by several pages.

pub mod api;
pub mod app;
pub mod components;
pub mod crypto;
pub mod error;
pub mod i18n;
pub mod ids;
pub mod online;
pub mod opinions;
pub mod pages;
pub mod paths;
pub mod persistence;
pub mod records;
pub mod reference;
pub mod replies;
pub mod routes;
pub mod session;
pub mod storage;
pub mod suggestions;
pub mod sync;

/// Mounts the app on `<body>`.
pub fn start() {
    leptos::mount::mount_to_body(app::App);
}
