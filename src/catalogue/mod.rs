//! The outage catalogue: patterns, incidents and provider profiles, as cited data.

mod types;

pub use types::*;
