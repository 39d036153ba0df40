//! Pieces of interface used by several pages.

mod account_menu;
mod error_panel;
mod language_switch;
mod not_found;
mod online_badge;
mod record_history;
mod reply_editor;
mod route_focus;
mod sessions_panel;
mod sign_in;
mod storage_notice;
mod sync_badge;

pub use account_menu::AccountMenu;
pub use error_panel::ErrorPanel;
pub use language_switch::LanguageSwitch;
pub use not_found::NotFoundPage;
pub use online_badge::OnlineBadge;
pub use record_history::RecordHistory;
pub use reply_editor::ReplyEditor;
pub use route_focus::RouteFocus;
pub use sessions_panel::SessionsPanel;
pub use sign_in::SignInPage;
pub use storage_notice::StorageNotice;
pub use sync_badge::SyncBadge;
