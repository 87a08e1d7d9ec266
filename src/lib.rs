//! faultline scores a system architecture against a catalogue of real cloud outages.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod catalogue;
pub mod domain;
pub mod effects;
pub mod model;
