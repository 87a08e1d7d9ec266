//! faultline scores a system architecture against a catalogue of real cloud outages.
//!
//! An architect describes a system (providers, regions, zones, redundancy, failover,
//! dependencies, user journeys); faultline replays the catalogue's outage patterns against
//! it and reports, per journey, what goes down, for how long, how much data is lost and why,
//! a score, and mitigations it has re-scored to prove their gain.
//!
//! # The API in one sitting
//!
//! - [`Engine`]: a [`catalogue::Catalogue`] and the [`Limits`] every operation enforces.
//!   [`Engine::parse`] reads YAML or JSON into a [`Document`] (the [`model::Architecture`]
//!   and a [`SourceMap`] of positions); [`Engine::check`] lists its [`diagnostic`]s;
//!   [`Engine::prepare`] validates and indexes it once.
//! - [`Prepared`]: every analysis is a method. [`Prepared::score`] → [`ScoreReport`]
//!   (or [`Prepared::score_without_chains`], and [`Prepared::scenario_findings`] for one
//!   scenario's chains);
//!   [`Prepared::simulate`] and [`Prepared::simulate_together`] → [`SimulateReport`];
//!   [`Prepared::replay`] → [`ReplayReport`]; [`Prepared::risk`] → [`RiskReport`] and
//!   [`Prepared::fault_trees`]; [`Prepared::suggest`] → [`mitigate::SuggestReport`] and
//!   [`Prepared::apply`]; [`Prepared::advice`] → [`advice::Advice`];
//!   [`Prepared::export`] → Open-PSA XML or Graphviz DOT.
//! - [`Engine::import_terraform`] ([`terraform`]): a Terraform plan or state and an overlay
//!   → [`terraform::Imported`], a description whose components name their resource addresses.
//! - [`Error`]: the one error type, with an [`ErrorKind`] and a stable
//!   [`diagnostic::Code`].
//! - [`diff`]: what moved between two versions of a description (or a saved report and a
//!   description): [`Prepared::diff`] → [`diff::DiffReport`], with a CI gate
//!   ([`diff::FailOn`]); [`baseline`]: accepted findings with reasons and expiries.
//! - [`render`]: the reports as text, Markdown, SARIF (placed on the lines of the
//!   description by [`render::locate::Locator`]) and JUnit XML; [`write::to_text`] writes a
//!   description back; [`edit::patch`] writes a change into the user's own text as a
//!   minimal patch (comments and layout kept), and [`Prepared::apply_to_text`] does so for
//!   a suggestion in one call; `schema::json_schema` (feature `schema`) is the JSON Schema of the input.
//! - Data types: [`model`] (the input), [`report`], [`risk`], [`mitigate`], [`advice`]
//!   (the outputs), [`catalogue`] (the outage data), [`domain`] (fault domains),
//!   [`effects`] (what a failed domain does).
//!
//! ```
//! use faultline::{Engine, Format};
//! let engine = Engine::default();
//! let doc = engine.parse(faultline::DEFAULT_ARCHITECTURE, Format::Yaml)?;
//! let report = engine.prepare(&doc.architecture)?.score();
//! assert!((0.0..=100.0).contains(&report.score));
//! # Ok::<(), faultline::Error>(())
//! ```
//!
//! # The pipeline
//!
//! parse (`input`, `parse`) → validate (`validate`) → graph (`graph`, the only module
//! naming petgraph) → resolve (`resolve`: every default applied once) → prepare (`engine`:
//! the [`Prepared`] architecture, with what each component rests on from the one rule set,
//! `rules`) → scenarios (`scenarios`: the catalogue expanded over the domains used) →
//! propagate (`propagate`: one pass per scenario over the components it reaches) → score
//! (`score`) → reports and renderers. `ARCHITECTURE.md` at the repository root is the map.
//!
//! The core does no I/O and never names clap or wasm-bindgen: the CLI
//! (`crates/cli`) and the WebAssembly package (`crates/wasm`) are thin shells around it.
//! Output is deterministic: the same input gives the same bytes, natively and in
//! WebAssembly.
//!
//! # Crate features
//!
//! - `yaml` (default): YAML input (granit-parser's events, read by faultline's own
//!   type-directed deserializer; serde-saphyr writes YAML). Without it, JSON only.
//! - `schema`: `schema::json_schema`, the JSON Schema of the input format (schemars),
//!   and JSON Schemas of the report types.
//! - `dev`: hooks for `faultline-dev` (work counters); no semver promise.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// Errors carry a whole diagnostic (path, position, help) by design; they are rare and never on
// a hot path, so their size does not matter.
#![allow(clippy::result_large_err)]

pub mod advice;
pub mod baseline;
pub mod catalogue;
mod det;
#[cfg(feature = "dev")]
pub mod dev;
pub mod diagnostic;
pub mod diff;
pub mod domain;
pub mod edit;
pub mod effects;
mod engine;
mod error;
pub mod export;
mod graph;
mod input;
mod limits;
pub mod mitigate;
pub mod model;
mod parse;
mod propagate;
pub mod render;
pub mod report;
mod resolve;
pub mod risk;
mod rules;
mod scenarios;
#[cfg(feature = "schema")]
pub mod schema;
mod score;
mod sort;
pub mod terraform;
mod validate;
pub mod write;

pub use engine::{Engine, Prepared};
pub use error::{Error, ErrorKind};
pub use input::{Format, SourceMap};
pub use limits::Limits;
pub use parse::Document;
pub use report::{ReplayReport, ScoreReport, SimulateReport, SimulateRequest};
pub use risk::{JourneyRisk, RiskGroup, RiskOptions, RiskReport};
pub use rules::constants;

/// The embedded default architecture that `faultline score` with no file scores: a
/// typical two-region web shop (the same file as `examples/03-multi-region-active-passive.yaml`).
pub const DEFAULT_ARCHITECTURE: &str =
    include_str!("../examples/03-multi-region-active-passive.yaml");

/// The README's Rust example, compiled and run as a doctest so it cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
