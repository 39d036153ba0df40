//! One file per route.

mod compliance;
mod home;
mod not_found;
mod records;
mod register;
mod report;
mod requirements;
mod sign_in;
mod suggestions;
mod sync;
mod visits;

pub use compliance::CompliancePage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use records::RecordsPage;
pub use register::{EditRecordPage, RegisterPage};
pub use report::ReportPage;
pub use requirements::RequirementsPage;
pub use sign_in::SignInPage;
pub use suggestions::SuggestionsPage;
pub use sync::{SyncPage, format_time};
pub use visits::VisitsPage;
