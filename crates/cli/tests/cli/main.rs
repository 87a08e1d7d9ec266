//! The `faultline` binary as users and CI pipelines run it: exit codes, formats, stdin,
//! limits from flags, `--apply`, and that each command prints what the library returns.
//! One test binary (one link step); the binary runs with the repository root as its working
//! directory, so paths read like the README's (`examples/01-startup-single-az.yaml`).

mod action;
#[path = "../../../../tests/common/api.rs"]
mod api;
mod baseline;
mod commands;
mod diff;
mod hostile;
#[path = "../../../../tests/common/hostile_cases.rs"]
mod hostile_cases;
mod risk;
mod sarif;
mod schema;
mod suggest;
mod support;
mod terraform;

use std::path::PathBuf;

/// The repository root: where the examples and fixtures are, and the binary's working
/// directory in these tests.
pub fn root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    here.canonicalize().unwrap_or(here)
}
