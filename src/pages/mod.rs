//! One file per route.

mod home;
mod not_found;
mod requirements;
mod sign_in;

pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use requirements::RequirementsPage;
pub use sign_in::SignInPage;
