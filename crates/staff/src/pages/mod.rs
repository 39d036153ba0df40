//! One file per route; the sign-in and not-found pages are the shared ones
//! (`lvzhi_client::components`).

mod attendance;
pub mod dashboard;
mod deputy;
mod enter;
mod groups;
mod handling_forms;
pub mod handling_stats;
pub mod home;
mod opinions;
mod review;
mod roster;
mod services;
mod stations;
mod suggestion;
mod suggestions;
mod supervision;
mod trainings;

pub use attendance::AttendancePage;
pub use dashboard::DashboardPage;
pub use deputy::DeputyPage;
pub use enter::EnterPage;
pub use groups::GroupsPage;
pub use home::HomePage;
pub use lvzhi_client::components::NotFoundPage;
pub use opinions::OpinionsPage;
pub use review::ReviewPage;
pub use roster::RosterPage;
pub use stations::StationsPage;
pub use suggestion::SuggestionPage;
pub use suggestions::SuggestionsPage;
pub use supervision::SupervisionPage;
pub use trainings::TrainingsPage;
