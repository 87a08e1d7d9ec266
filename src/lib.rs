//! faultline scores a system architecture against a catalogue of real cloud outages.
//!
//! # The pipeline
//!
//! Each stage is a module, in the order data flows through them:
//!
//! 1. [`parse`]: YAML or JSON text → [`model::Architecture`], with a [`parse::SourceMap`]
//!    of positions so every later diagnostic can point at a line.
//! 2. [`validate`]: consistency rules → [`diagnostic::Diagnostic`]s as data.
//! 3. [`graph`]: the component dependency graph (the only module naming petgraph).
//! 4. [`resolve`]: every default applied once; fault domains derived.
//! 5. [`scenarios`]: each [`catalogue`] pattern expanded into the instances that apply
//!    (one per fault domain of its class the architecture uses; see [`domain`]).
//! 6. [`propagate`]: one pass over the graph per scenario; the [`effects`] decide what a
//!    failed domain does; failover, standby and monitoring decide what survives.
//! 7. [`score`]: expected yearly downtime per journey, a score and a grade, every point
//!    attributed to a finding.
//! 8. [`report`]: the operations ([`score()`], [`simulate`], [`replay`]) and their report
//!    types, which [`render`] formats as text, Markdown or SARIF.
//! 9. [`risk`]: each journey's fault tree, its single points of failure and risk groups
//!    (minimal cut sets); [`export`] writes the trees as Open-PSA MEF XML and the graph as
//!    Graphviz DOT.
//!
//! ```
//! use faultline::{catalogue::Catalogue, parse::{parse, Format}};
//! let doc = parse(faultline::DEFAULT_ARCHITECTURE, Format::Yaml).unwrap();
//! let report = faultline::score(&doc.architecture, Catalogue::builtin()).unwrap();
//! assert!((0.0..=100.0).contains(&report.score));
//! ```
//!
//! # Crate features
//!
//! - `yaml` (default): YAML input through serde-saphyr. Without it, JSON only.
//! - `schema` (default): [`schema::json_schema`], the JSON Schema of the input format.
//! - `cli` (default): the `faultline` binary (clap). Native only.
//! - `wasm`: the wasm-bindgen adapter for the npm package and the web page (`src/wasm.rs`,
//!   documented in `docs/npm.md`).
//! - `wasm-core`: the adapter alone (JSON input only, no `schema()`), for size measurements.
//! - `panic-hook`: with `wasm`, log a panic's message to the browser console (debugging).
//! - `generate`: [`generate`], seeded synthetic architectures of any size for benchmarks
//!   and scale tests, the `faultline-gen` binary that writes them, and [`work`], the
//!   counters of the growth analysis. Never in the wasm build.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// Errors carry a whole diagnostic (path, position, help) by design; they are rare and never on
// a hot path, so their size does not matter.
#![allow(clippy::result_large_err)]

pub mod catalogue;
mod det;
pub mod diagnostic;
pub mod domain;
pub mod effects;
pub mod export;
pub mod graph;
pub mod limits;
pub mod mitigate;
pub mod model;
pub mod parse;
pub mod propagate;
pub mod render;
pub mod report;
pub mod resolve;
pub mod risk;
pub mod scenarios;
#[cfg(feature = "schema")]
pub mod schema;
pub mod score;
pub mod validate;
#[cfg(feature = "dev")]
pub mod work;
pub mod write;

pub use report::{
    Error, ReplayReport, ScoreReport, SimulateReport, SimulateRequest, replay, score, simulate,
};
pub use risk::{JourneyRisk, RiskGroup, RiskOptions, RiskReport, risk_groups};

/// The embedded default architecture that `faultline score` with no file scores: a
/// typical two-region web shop (the same file as `examples/03-multi-region-active-passive.yaml`).
pub const DEFAULT_ARCHITECTURE: &str =
    include_str!("../examples/03-multi-region-active-passive.yaml");
