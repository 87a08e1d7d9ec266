//! Development tools of faultline, never shipped: seeded synthetic architectures of any size
//! ([`generate`]) for the benchmarks and the scale suite, and the `faultline-gen` binary that
//! writes them. The work counters of `docs/performance.md` are read from the engine through
//! its `dev` feature.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod generate;
pub mod typescript;
