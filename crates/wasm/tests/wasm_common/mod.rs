//! The wasm adapter's test suite, shared by `tests/wasm_node.rs` (Node) and
//! `tests/wasm_browser.rs` (headless Chromium). It calls the exported functions as the
//! JavaScript glue does (JsValue in, JsValue out) and inspects the results with Reflect.

use faultline_wasm as wasm;
use js_sys::{Array, JSON, Reflect};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// Every file under examples/ (tests/js/package.test.mjs checks this list is complete).
const EXAMPLES: &[(&str, &str)] = &[
    (
        "01-startup-single-az.yaml",
        include_str!("../../../../examples/01-startup-single-az.yaml"),
    ),
    (
        "02-saas-multi-az.yaml",
        include_str!("../../../../examples/02-saas-multi-az.yaml"),
    ),
    (
        "03-multi-region-active-passive.yaml",
        include_str!("../../../../examples/03-multi-region-active-passive.yaml"),
    ),
    (
        "04-multi-region-active-active.yaml",
        include_str!("../../../../examples/04-multi-region-active-active.yaml"),
    ),
    (
        "05-multi-cloud.yaml",
        include_str!("../../../../examples/05-multi-cloud.yaml"),
    ),
    (
        "06-on-prem-saas.yaml",
        include_str!("../../../../examples/06-on-prem-saas.yaml"),
    ),
    (
        "07-fleet-agents-global-rollout.yaml",
        include_str!("../../../../examples/07-fleet-agents-global-rollout.yaml"),
    ),
    (
        "08-ai-product.yaml",
        include_str!("../../../../examples/08-ai-product.yaml"),
    ),
    (
        "09-azure-paired-regions.yaml",
        include_str!("../../../../examples/09-azure-paired-regions.yaml"),
    ),
    (
        "10-cells-and-hidden-fate.yaml",
        include_str!("../../../../examples/10-cells-and-hidden-fate.yaml"),
    ),
];

const JSON_FIXTURE: &str = include_str!("../../../../tests/fixtures/design-example.json");

fn text(s: &str) -> JsValue {
    JsValue::from_str(s)
}

fn none() -> JsValue {
    JsValue::UNDEFINED
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).expect("Reflect.get")
}

/// A JS value as serde_json data (through JSON.stringify).
fn data(v: &JsValue) -> Value {
    let s = JSON::stringify(v)
        .expect("stringify")
        .as_string()
        .expect("string");
    numbers_as_f64(serde_json::from_str(&s).expect("valid JSON"))
}

/// JSON.stringify writes 3.0 as `3`; compare numbers by value, not by spelling.
fn numbers_as_f64(v: Value) -> Value {
    match v {
        Value::Number(n) => n.as_f64().map_or(Value::Null, Value::from),
        Value::Object(m) => {
            Value::Object(m.into_iter().map(|(k, v)| (k, numbers_as_f64(v))).collect())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(numbers_as_f64).collect()),
        other => other,
    }
}

/// snake_case keys → camelCase, recursively (independent of the adapter's formatter).
fn camel(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let mut out = String::new();
                    let mut parts = k.split('_');
                    out.push_str(parts.next().unwrap_or_default());
                    for p in parts {
                        let mut cs = p.chars();
                        if let Some(c) = cs.next() {
                            out.push(c.to_ascii_uppercase());
                            out.extend(cs);
                        }
                    }
                    (out, camel(v))
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(camel).collect()),
        other => numbers_as_f64(other),
    }
}

/// The thrown value of a failed call: a real `Error` with `code` and `diagnostics`.
struct Thrown {
    message: String,
    code: String,
    diagnostics: Vec<Value>,
}

fn thrown(result: Result<JsValue, JsValue>) -> Thrown {
    let err = match result {
        Ok(v) => panic!("expected a thrown Error, got {}", data(&v)),
        Err(e) => e,
    };
    let error: &js_sys::Error = err.dyn_ref().expect("an instance of Error");
    let diagnostics = get(&err, "diagnostics");
    assert!(Array::is_array(&diagnostics), "diagnostics is an array");
    let raw = JSON::stringify(&diagnostics)
        .expect("stringify")
        .as_string()
        .expect("string");
    let diagnostics = match serde_json::from_str(&raw).expect("valid JSON") {
        Value::Array(a) => a,
        other => panic!("diagnostics: {other}"),
    };
    assert!(!diagnostics.is_empty(), "at least one diagnostic");
    for d in &diagnostics {
        for key in [
            "severity", "code", "path", "line", "column", "message", "help",
        ] {
            assert!(
                d.get(key).is_some(),
                "diagnostic has `{key}` (null, not undefined): {d}"
            );
        }
    }
    Thrown {
        message: error.message().into(),
        code: get(&err, "code").as_string().expect("code is a string"),
        diagnostics,
    }
}

fn thrown_json(result: Result<String, JsValue>) -> Thrown {
    thrown(result.map(JsValue::from))
}

#[wasm_bindgen_test]
fn every_example_scores_and_the_object_is_the_json_report_in_camel_case() {
    for (name, yaml) in EXAMPLES {
        let report = wasm::score(text(yaml), none()).unwrap_or_else(|e| panic!("{name}: {:?}", e));
        let score = get(&report, "score").as_f64().expect("score is a number");
        assert!((0.0..=100.0).contains(&score), "{name}: score {score}");
        let journeys = get(&report, "journeys");
        assert!(Array::from(&journeys).length() > 0, "{name}: journeys");
        // No key survives in snake_case, nothing is undefined.
        let object = data(&report);
        let json = wasm::score_json(text(yaml), none()).expect("scoreJson");
        assert!(
            json.ends_with("}\n"),
            "{name}: scoreJson ends like the CLI's output"
        );
        let native: Value = serde_json::from_str(&json).expect("scoreJson is JSON");
        assert_eq!(
            object,
            camel(native),
            "{name}: score() is scoreJson() camelCased"
        );
        assert!(
            !object.to_string().contains("_minutes"),
            "{name}: a snake_case key leaked"
        );
    }
}

#[wasm_bindgen_test]
fn json_input_scores_like_yaml_input() {
    let yaml = include_str!("../../../../tests/fixtures/design-example.yaml");
    let from_json = wasm::score_json(text(JSON_FIXTURE), none()).expect("JSON input");
    let from_yaml = wasm::score_json(text(yaml), none()).expect("YAML input");
    assert_eq!(
        from_json, from_yaml,
        "the same description in JSON and YAML"
    );
}

#[wasm_bindgen_test]
fn same_call_twice_gives_the_same_bytes() {
    for (name, yaml) in EXAMPLES {
        let a = wasm::score_json(text(yaml), none()).expect("first");
        let b = wasm::score_json(text(yaml), none()).expect("second");
        assert_eq!(a, b, "{name}: scoreJson");
        let a = JSON::stringify(&wasm::replay(text(yaml), none()).expect("replay")).expect("s");
        let b = JSON::stringify(&wasm::replay(text(yaml), none()).expect("replay")).expect("s");
        assert_eq!(a.as_string(), b.as_string(), "{name}: replay");
    }
}

#[wasm_bindgen_test]
fn absent_values_are_null_and_objects_are_plain() {
    let (_, yaml) = EXAMPLES[0];
    let report = wasm::score(text(yaml), none()).expect("score");
    let findings = Array::from(&get(&report, "findings"));
    assert!(findings.length() > 0);
    // dataLossMinutes is `Option<f64>`: present on every finding, a number or null.
    let mut nulls = 0;
    for f in findings.iter() {
        let v = get(&f, "dataLossMinutes");
        assert!(!v.is_undefined(), "dataLossMinutes is never undefined");
        if v.is_null() {
            nulls += 1;
        }
        assert_eq!(
            js_sys::Object::get_prototype_of(&f),
            js_sys::Object::get_prototype_of(&js_sys::Object::new()),
            "a plain object, not a Map"
        );
    }
    assert!(
        nulls > 0,
        "some finding loses no data, so its dataLossMinutes is null"
    );
}

#[wasm_bindgen_test]
fn simulate_and_replay_follow_their_options() {
    let (_, yaml) = EXAMPLES[2];
    let report = wasm::score(text(yaml), none()).expect("score");
    let first = Array::from(&get(&report, "findings")).get(0);
    let pattern = get(&first, "pattern").as_string().expect("pattern");
    let domain = get(&first, "domain").as_string().expect("domain");
    let options = js_sys::Object::new();
    Reflect::set(&options, &"pattern".into(), &text(&pattern)).expect("set");
    Reflect::set(&options, &"at".into(), &text(&domain)).expect("set");
    Reflect::set(&options, &"minutes".into(), &JsValue::from_f64(30.0)).expect("set");
    let sim = wasm::simulate(text(yaml), options.clone().into()).expect("simulate");
    assert_eq!(
        get(&sim, "pattern").as_string().as_deref(),
        Some(pattern.as_str())
    );
    assert_eq!(
        get(&sim, "domain").as_string().as_deref(),
        Some(domain.as_str())
    );
    assert_eq!(get(&sim, "minutes").as_f64(), Some(30.0));
    // No journey is down for longer than the minutes played.
    for j in Array::from(&get(&sim, "journeys")).iter() {
        let down = get(&j, "impactMinutes").as_f64().expect("impactMinutes");
        assert!(down <= 30.0, "{down} minutes down in a 30-minute scenario");
    }
    let sim_json = wasm::simulate_json(text(yaml), options.into()).expect("simulateJson");
    assert_eq!(
        data(&sim),
        camel(serde_json::from_str(&sim_json).expect("JSON"))
    );

    let all = wasm::replay(text(yaml), none()).expect("replay");
    let incidents = Array::from(&get(&all, "incidents"));
    assert!(
        incidents.length() > 0,
        "an AWS description touches catalogued AWS incidents"
    );
    let id = get(&incidents.get(0), "incident")
        .as_string()
        .expect("incident id");
    let one = js_sys::Object::new();
    Reflect::set(&one, &"incident".into(), &text(&id)).expect("set");
    let single = wasm::replay(text(yaml), one.into()).expect("replay one");
    let single = Array::from(&get(&single, "incidents"));
    assert_eq!(single.length(), 1);
    assert_eq!(get(&single.get(0), "incident").as_string(), Some(id));
}

#[wasm_bindgen_test]
fn malformed_yaml_throws_an_error_with_its_position() {
    let t = thrown(wasm::score(
        text("version: 1\nname: x\n  bad: here\n"),
        none(),
    ));
    assert_eq!(t.code, "syntax");
    let d = &t.diagnostics[0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["line"], 3, "line of the syntax error: {d}");
    assert!(d["column"].as_u64().is_some(), "column: {d}");
    assert!(t.message.contains("(line 3, column"), "{}", t.message);
    // An unclosed flow sequence is reported where it opens.
    let t = thrown(wasm::score(
        text("version: 1\nname: x\ncomponents: [\n"),
        none(),
    ));
    assert_eq!(t.diagnostics[0]["line"], 3);
}

#[wasm_bindgen_test]
fn malformed_json_throws_an_error_with_its_position() {
    let t = thrown_json(wasm::score_json(
        text("{\n  \"version\": 1,\n  \"name\": \n}\n"),
        none(),
    ));
    assert_eq!(t.code, "syntax");
    assert_eq!(
        t.diagnostics[0]["line"], 4,
        "the `}}` where a value was expected"
    );
    assert!(t.diagnostics[0]["column"].as_u64().is_some());
}

#[wasm_bindgen_test]
fn unknown_field_names_field_path_and_line() {
    let t = thrown(wasm::score(
        text("version: 1\nname: x\ncomponents: []\ncolour: red\n"),
        none(),
    ));
    assert_eq!(t.code, "unknown-field");
    assert!(
        t.message.contains("colour") && t.message.contains("line 4"),
        "{}",
        t.message
    );
    let d = &t.diagnostics[0];
    assert_eq!(d["path"], "/colour");
    assert_eq!(d["line"], 4);
    assert_eq!(d["column"], 1);
    assert!(d["help"].is_string());
}

#[wasm_bindgen_test]
fn a_dependency_cycle_is_an_invalid_description_with_located_diagnostics() {
    let cyclic = "version: 1\nname: loop\ncomponents:\n  - { id: a, kind: compute, provider: aws, regions: [us-east-1], depends_on: [b] }\n  - { id: b, kind: compute, provider: aws, regions: [us-east-1], depends_on: [a] }\n";
    let t = thrown(wasm::score(text(cyclic), none()));
    assert_eq!(t.code, "invalid");
    let cycle = t
        .diagnostics
        .iter()
        .find(|d| d["code"] == "dependency-cycle")
        .expect("a dependency-cycle diagnostic");
    let line = cycle["line"].as_u64().expect("located");
    assert!((4..=5).contains(&line), "on a component's line: {cycle}");
    // validate() reports the same without throwing.
    let v = wasm::validate(text(cyclic), none()).expect("validate never throws");
    assert_eq!(get(&v, "ok").as_bool(), Some(false));
    assert!(
        data(&get(&v, "diagnostics"))
            .to_string()
            .contains("dependency-cycle")
    );
}

#[wasm_bindgen_test]
fn deep_nesting_and_huge_inputs_are_errors_not_traps() {
    let deep_json = "[".repeat(100_000);
    assert_eq!(
        thrown(wasm::score(text(&deep_json), none())).code,
        "too-deep"
    );
    let deep_flow = format!("version: 1\nname: x\ncomponents: {}", "[".repeat(100_000));
    assert_eq!(
        thrown(wasm::score(text(&deep_flow), none())).code,
        "too-deep"
    );
    // Block sequences nest without brackets.
    let deep_block = format!(
        "version: 1\nname: x\ncomponents:\n  {}x\n",
        "- ".repeat(50_000)
    );
    let t = thrown(wasm::score(text(&deep_block), none()));
    assert_eq!(t.diagnostics[0]["severity"], "error");
    let deep_keys = "? ".repeat(50_000);
    thrown(wasm::score(text(&deep_keys), none()));
    let huge = format!(
        "version: 1\nname: x\ncomponents: []\n#{}\n",
        "x".repeat(17 * 1024 * 1024)
    );
    assert_eq!(
        thrown(wasm::score(text(&huge), none())).code,
        "input-too-large"
    );
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n";
    thrown(wasm::score(text(bomb), none()));
    // The module still works after all of that.
    let (_, yaml) = EXAMPLES[0];
    assert!(wasm::score(text(yaml), none()).is_ok());
}

#[wasm_bindgen_test]
fn non_text_input_and_bad_options_are_errors() {
    assert_eq!(
        thrown(wasm::score(JsValue::from_f64(42.0), none())).code,
        "not-text"
    );
    assert_eq!(thrown(wasm::parse(JsValue::NULL)).code, "not-text");
    let (_, yaml) = EXAMPLES[0];
    let typo = js_sys::Object::new();
    Reflect::set(&typo, &"catalog".into(), &text("x")).expect("set");
    let t = thrown(wasm::score(text(yaml), typo.into()));
    assert_eq!(t.code, "bad-options");
    assert!(t.message.contains("catalog"), "{}", t.message);
    let t = thrown(wasm::simulate(text(yaml), none()));
    assert_eq!(t.code, "bad-options", "simulate needs pattern and at");
    let unknown = js_sys::Object::new();
    Reflect::set(&unknown, &"pattern".into(), &text("no-such-pattern")).expect("set");
    Reflect::set(&unknown, &"at".into(), &text("region:aws/us-east-1")).expect("set");
    assert_eq!(
        thrown(wasm::simulate(text(yaml), unknown.into())).code,
        "unknown-pattern"
    );
    let bad_catalogue = js_sys::Object::new();
    Reflect::set(
        &bad_catalogue,
        &"catalogue".into(),
        &text("{\"patterns\": 3}"),
    )
    .expect("set");
    assert_eq!(
        thrown(wasm::score(text(yaml), bad_catalogue.into())).code,
        "catalogue"
    );
}

#[wasm_bindgen_test]
fn validate_never_throws_for_bad_input() {
    for bad in [
        "",
        "{",
        "version: 1\nname: x\ncomponents: []\ncolour: red\n",
        "- - -",
    ] {
        let v = wasm::validate(text(bad), none()).expect("validate returns");
        assert_eq!(get(&v, "ok").as_bool(), Some(false), "{bad:?}");
        assert!(Array::from(&get(&v, "diagnostics")).length() > 0, "{bad:?}");
    }
    let v = wasm::validate(JsValue::from_f64(1.0), none()).expect("validate returns");
    assert_eq!(get(&v, "ok").as_bool(), Some(false));
    let (_, yaml) = EXAMPLES[3];
    let v = wasm::validate(text(yaml), none()).expect("validate");
    assert_eq!(get(&v, "ok").as_bool(), Some(true));
}

#[wasm_bindgen_test]
fn version_schema_catalogue_and_parse() {
    assert_eq!(wasm::version(), env!("CARGO_PKG_VERSION"));
    let schema = wasm::schema().expect("schema");
    // The schema describes the input format, whose keys stay snake_case.
    let schema = data(&schema);
    assert!(
        schema["$defs"]["Component"]["properties"]
            .get("depends_on")
            .is_some()
    );
    let catalogue = data(&wasm::catalogue(none()).expect("catalogue"));
    let patterns = catalogue["patterns"].as_array().expect("patterns");
    assert!(patterns.iter().any(|p| p["id"] == "zone-physical-loss"));
    assert!(patterns[0].get("appliesTo").is_some() || patterns[0].get("summary").is_some());
    let parsed = data(&wasm::parse(text(EXAMPLES[2].1)).expect("parse"));
    let components = parsed["components"].as_array().expect("components");
    assert!(
        components.iter().any(|c| c.get("dependsOn").is_some()),
        "camelCase keys"
    );
    assert!(components.iter().all(|c| c.get("depends_on").is_none()));
}

/// `score(text)` as data, with every finding's chain emptied, as `assess` gives it.
fn without_chains(mut report: Value) -> Value {
    if let Some(findings) = report["findings"].as_array_mut() {
        for f in findings {
            f["chain"] = Value::Array(Vec::new());
        }
    }
    report
}

fn scenario_option(id: &str) -> JsValue {
    let o = js_sys::Object::new();
    Reflect::set(&o, &"scenario".into(), &text(id)).expect("set");
    o.into()
}

/// `assess` is `validate`, `parse` and `score` (its chains left out) of the same text, for
/// every example, JSON input and texts with errors; `scenarioFindings` gives a scenario's
/// findings of `score`, chains included.
#[wasm_bindgen_test]
fn assess_is_validate_parse_and_score_of_one_reading() {
    let mut valid = 0;
    for (name, t) in EXAMPLES
        .iter()
        .copied()
        .chain([("design-example.json", JSON_FIXTURE)])
    {
        let a = wasm::assess(text(t), none()).expect("assess");
        let v = wasm::validate(text(t), none()).expect("validate");
        assert_eq!(data(&get(&a, "validation")), data(&v), "{name}");
        assert_eq!(get(&v, "ok").as_bool(), Some(true), "{name}");
        let arch = wasm::parse(text(t)).expect("parse");
        assert_eq!(data(&get(&a, "architecture")), data(&arch), "{name}");
        let full = data(&wasm::score(text(t), none()).expect("score"));
        assert_eq!(
            data(&get(&a, "report")),
            without_chains(full.clone()),
            "{name}"
        );
        let findings = full["findings"].as_array().expect("findings");
        if let Some(first) = findings.first() {
            let id = first["scenario"].as_str().expect("scenario id");
            let want: Vec<Value> = findings
                .iter()
                .filter(|f| f["scenario"] == id)
                .cloned()
                .collect();
            let got = wasm::scenario_findings(text(t), scenario_option(id)).expect("findings");
            assert_eq!(data(&got), Value::Array(want), "{name} {id}");
            // With a scenario open, its findings keep their chains; an unknown one is ignored.
            let mut one = without_chains(full.clone());
            if let Some(findings) = one["findings"].as_array_mut() {
                for (f, whole) in findings
                    .iter_mut()
                    .zip(full["findings"].as_array().into_iter().flatten())
                {
                    if f["scenario"] == id {
                        f["chain"] = whole["chain"].clone();
                    }
                }
            }
            let a = wasm::assess(text(t), scenario_option(id)).expect("assess");
            assert_eq!(data(&get(&a, "report")), one, "{name} {id}");
            let a = wasm::assess(text(t), scenario_option("no-such-scenario")).expect("assess");
            assert_eq!(
                data(&get(&a, "report")),
                without_chains(full.clone()),
                "{name}"
            );
            valid += 1;
        }
    }
    assert!(valid >= 8, "{valid} examples with findings compared");
    let cyclic = "version: 1\nname: loop\ncomponents:\n  - { id: a, kind: compute, provider: aws, regions: [us-east-1], depends_on: [b] }\n  - { id: b, kind: compute, provider: aws, regions: [us-east-1], depends_on: [a] }\n";
    let typo = js_sys::Object::new();
    Reflect::set(&typo, &"catalog".into(), &text("x")).expect("set");
    let bad: [(JsValue, JsValue); 6] = [
        (text(""), none()),
        (text("{"), none()),
        (
            text("version: 1\nname: x\ncomponents: []\ncolour: red\n"),
            none(),
        ),
        (text(cyclic), none()),
        (JsValue::from_f64(1.0), none()),
        (text(EXAMPLES[0].1), typo.into()),
    ];
    for (t, options) in bad {
        let a = wasm::assess(t.clone(), options.clone()).expect("assess returns");
        let v = wasm::validate(t, options).expect("validate returns");
        assert_eq!(get(&v, "ok").as_bool(), Some(false));
        assert_eq!(data(&get(&a, "validation")), data(&v));
        assert!(get(&a, "architecture").is_null());
        assert!(get(&a, "report").is_null());
    }
    let t = thrown(wasm::scenario_findings(
        text(EXAMPLES[0].1),
        scenario_option("no-such-scenario"),
    ));
    assert_eq!(t.code, "unknown-scenario");
}
