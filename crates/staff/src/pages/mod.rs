//! One file per route; the sign-in and not-found pages are the shared ones
//! (`lvzhi_client::components`).

mod attendance;
pub mod dashboard;
mod deputy;
mod enter;
mod groups;
pub mod home;
mod review;
mod roster;
mod services;
mod stations;
mod trainings;

pub use attendance::AttendancePage;
pub use dashboard::DashboardPage;
pub use deputy::DeputyPage;
pub use enter::EnterPage;
pub use groups::GroupsPage;
pub use home::HomePage;
pub use lvzhi_client::components::NotFoundPage;
pub use review::ReviewPage;
pub use roster::RosterPage;
pub use stations::StationsPage;
pub use trainings::TrainingsPage;
