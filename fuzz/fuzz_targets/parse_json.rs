//! libFuzzer target `parse_json`: the body is shared with the stable harness
//! (tests/common/fuzz_bodies.rs, run by tests/it/fuzz_stable.rs).
#![no_main]

#[path = "../../tests/common/api.rs"]
mod api;
#[path = "../../tests/common/fuzz_bodies.rs"]
mod fuzz_bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_bodies::run("parse_json", data));
