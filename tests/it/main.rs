//! The one integration-test binary: every suite is a module here (one link step, one run).

mod catalogue;
mod cli;
mod engine;
mod examples;
mod laws;
mod scoring_doc;
mod suggest;
