//! Pieces of interface used by several pages.

mod language_switch;
mod online_badge;
mod storage_notice;

pub use language_switch::LanguageSwitch;
pub use online_badge::OnlineBadge;
pub use storage_notice::StorageNotice;
