//! The wasm adapter in Node: `cargo test --target wasm32-unknown-unknown --no-default-features
//! --features wasm --test wasm_node` (wasm-bindgen-test-runner from wasm-bindgen-cli, see
//! `.cargo/config.toml`). The suite is in `tests/wasm_common/mod.rs`, shared with the browser;
//! the hostile inputs of `tests/common/hostile_cases.rs` (shared with the native suite) run
//! here only (their 10 MB and 17 MB texts are cheap in Node, slow through WebDriver).
#![cfg(target_arch = "wasm32")]

mod wasm_common;

#[path = "../../../tests/common/hostile_cases.rs"]
mod hostile_cases;

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn field(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Every hostile case gets the native verdict through the adapter: `validate` names the
/// expected code at the expected path, or the description scores; never a trap.
#[wasm_bindgen_test]
fn every_hostile_case_gets_the_native_verdict_in_wasm() {
    let mut failures = Vec::new();
    for case in hostile_cases::cases() {
        let text = JsValue::from_str(&case.text);
        let Ok(v) = faultline_wasm::validate(text.clone(), JsValue::UNDEFINED) else {
            failures.push(format!("{}: validate threw", case.name));
            continue;
        };
        let ok = field(&v, "ok").as_bool() == Some(true);
        let diagnostics = Array::from(&field(&v, "diagnostics"));
        match case.code {
            None => {
                if !ok {
                    failures.push(format!("{}: must be valid", case.name));
                } else if faultline_wasm::score(text, JsValue::UNDEFINED).is_err() {
                    failures.push(format!("{}: must score", case.name));
                }
            }
            Some(code) => {
                let found = diagnostics.iter().any(|d| {
                    field(&d, "code").as_string().as_deref() == Some(code)
                        && field(&d, "path")
                            .as_string()
                            .is_some_and(|p| p.starts_with(case.path))
                });
                if ok || !found {
                    let codes: Vec<String> = diagnostics
                        .iter()
                        .filter_map(|d| field(&d, "code").as_string())
                        .collect();
                    failures.push(format!(
                        "{}: expected `{code}` at `{}`, got {codes:?}",
                        case.name, case.path
                    ));
                }
                // Scoring it must throw an Error, not trap.
                if faultline_wasm::score(text, JsValue::UNDEFINED).is_ok() {
                    failures.push(format!("{}: scored despite `{code}`", case.name));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
