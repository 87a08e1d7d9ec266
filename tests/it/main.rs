//! The one integration-test binary: every suite is a module here (one link step, one run).

#[path = "../common/api.rs"]
mod api;
mod catalogue;
mod declared;
mod edit;
mod engine;
mod examples;
#[path = "../common/fuzz_bodies.rs"]
mod fuzz_bodies;
mod fuzz_stable;
mod hostile;
#[path = "../common/hostile_cases.rs"]
mod hostile_cases;
mod json_writer;
mod ladder;
mod law_props;
mod laws;
mod risk;
mod rules;
mod scoring_doc;
mod snapshots;
mod suggest;
mod terraform;
mod zones;
