//! The wasm adapter in Node: `cargo test --target wasm32-unknown-unknown --no-default-features
//! --features wasm --test wasm_node` (wasm-bindgen-test-runner from wasm-bindgen-cli, see
//! `.cargo/config.toml`). The suite is in `tests/wasm_common/mod.rs`, shared with the browser.
#![cfg(all(target_arch = "wasm32", feature = "wasm"))]

mod wasm_common;
