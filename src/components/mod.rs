//! Pieces of interface used by several pages.

mod language_switch;
mod online_badge;

pub use language_switch::LanguageSwitch;
pub use online_badge::OnlineBadge;
