//! One file per route; the sign-in and not-found pages are the shared ones
//! (`lvzhi_client::components`).

mod home;

pub use home::HomePage;
pub use lvzhi_client::components::NotFoundPage;
