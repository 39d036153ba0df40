//! # lvzhi-domain: the pure core of Lüzhi (履职)
//!
//! Everything the app, the server and the command line agree on lives here: the
//! registry's types (deputies, terms, sessions, groups, stations, trainings, duty
//! activities, suggestions), their validation, the names shown for them in each
//! interface language, and the JSON messages exchanged over the API.
//!
//! ## Invariants
//! - No I/O, no async, no clock, no randomness, no `web-sys`: every function is a pure
//!   computation over its arguments, so it compiles natively and to `wasm32` and is
//!   tested natively in seconds.
//! - Values are parsed, not validated: a [`text::PersonName`] or a [`date::LocalDate`]
//!   that exists is valid. Bad input is refused with a [`error::ValidationError`] that
//!   names the field and the problem.
//! - Dates of duty activities are local calendar dates in Asia/Shanghai (UTC+8, no
//!   daylight saving since 1991), never UTC instants: an activity on the evening of
//!   31 December counts for that year whatever the device's time zone.

#![deny(missing_docs)]

pub mod activity;
pub mod api;
pub mod attendance;
pub mod calendar;
pub mod choice;
pub mod compliance;
pub mod date;
pub mod deputy;
pub mod error;
pub mod handling;
pub mod ids;
pub mod interchange;
pub mod labels;
pub mod lang;
pub mod opinion;
pub mod organisation;
pub mod packed;
pub mod public;
pub mod reply;
pub mod roster;
pub mod rules;
pub mod staff;
pub mod suggestion;
pub mod sync;
pub mod text;
mod wire;

pub use error::ValidationError;
