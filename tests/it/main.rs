//! The one integration-test binary: every suite is a module here (one link step, one run).

mod catalogue;
mod examples;
mod engine;
mod scoring_doc;
mod cli;
