//! What the public may see, computed from the registry: deputies' profiles and standings,
//! stations, published suggestions and the statistics, with the fairness guards —
//! small-cell suppression ([`disclosure`]), pending records said, right-of-reply notes
//! beside the figures they answer. The server renders these as HTML and open data; nothing
//! outside these types reaches a public answer.

pub mod breakdown;
pub mod build;
pub mod csv;
pub mod disclosure;
pub mod model;
pub mod stats;

pub use build::{Registry, build, parse_period, period_code};
pub use model::*;
