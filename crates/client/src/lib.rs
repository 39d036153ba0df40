//! # lvzhi-client: what Lüzhi's client-side apps share
//!
//! The deputy's workspace (the root package) and the staff console (`crates/staff`) are two
//! Leptos apps compiled to WebAssembly by Trunk. Everything both stand on lives here:
//! the IndexedDB store and its keyed queues ([`storage`]), the sync loop ([`sync`]), the
//! server's JSON API ([`api`]), the session ([`session`]), the interface text in Simplified
//! Chinese, Traditional Chinese and English ([`i18n`]), the shared components
//! ([`components`]) and which app is running ([`profile`]).
//!
//! It is thin: rules, validation, compliance and the sync algorithm are computed by
//! `lvzhi-domain`, called directly in the browser.

pub mod api;
pub mod components;
pub mod crypto;
pub mod download;
pub mod error;
pub mod format;
pub mod handling;
pub mod handoff;
pub mod i18n;
pub mod ids;
pub mod online;
pub mod opinions;
pub mod persistence;
pub mod profile;
pub mod records;
pub mod reference;
pub mod replies;
pub mod session;
pub mod stations;
pub mod storage;
pub mod suggestions;
pub mod sync;
