//! One file per route.

mod absences;
mod compliance;
mod home;
mod records;
mod register;
mod report;
mod requirements;
mod suggestions;
mod sync;
mod visits;

pub use crate::components::NotFoundPage;
pub use crate::components::SignInPage;
pub use compliance::CompliancePage;
pub use home::HomePage;
pub use records::RecordsPage;
pub use register::{EditRecordPage, RegisterPage};
pub use report::ReportPage;
pub use requirements::RequirementsPage;
pub use suggestions::SuggestionsPage;
pub use sync::SyncPage;
pub use visits::VisitsPage;
