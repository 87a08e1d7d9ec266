//! The wasm adapter in headless Chromium: `cargo test --target wasm32-unknown-unknown
//! --no-default-features --features wasm --test wasm_browser`. wasm-bindgen-test-runner drives
//! Debian's chromium through chromedriver (found on PATH, or named by `CHROMEDRIVER`). The
//! suite is in `tests/wasm_common/mod.rs`, shared with Node.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod wasm_common;
