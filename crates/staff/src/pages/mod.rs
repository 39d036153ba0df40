//! One file per route; the sign-in and not-found pages are the shared ones
//! (`lvzhi_client::components`).

pub mod dashboard;
mod deputy;
mod enter;
pub mod home;
mod review;

pub use dashboard::DashboardPage;
pub use deputy::DeputyPage;
pub use enter::EnterPage;
pub use home::HomePage;
pub use lvzhi_client::components::NotFoundPage;
pub use review::ReviewPage;
