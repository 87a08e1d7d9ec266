//! The one integration-test binary: every suite is a module here (one link step, one run).

mod catalogue;
mod cli;
mod engine;
mod examples;
mod ladder;
mod laws;
mod reports_doc;
mod risk;
#[cfg(feature = "generate")]
mod scale;
mod scoring_doc;
mod snapshots;
mod suggest;
mod typescript;
