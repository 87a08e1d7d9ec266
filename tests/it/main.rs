//! The one integration-test binary: every suite is a module here (one link step, one run).

mod catalogue;
mod cli;
mod engine;
mod examples;
mod laws;
#[cfg(feature = "generate")]
mod scale;
mod scoring_doc;
