//! One file per route.

mod home;
mod not_found;
mod requirements;

pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use requirements::RequirementsPage;
