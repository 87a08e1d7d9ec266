//! The checked-in generated files are current: each is regenerated here and compared with
//! the file. `UPDATE_DOCS=1 cargo test -p faultline-dev --test generated` rewrites them.

use std::fs;
use std::path::PathBuf;

use faultline_dev::typescript::{PATH, camel, generate};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn typescript_types_match_the_rust_types() {
    let path = root().join(PATH);
    let generated = generate();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        fs::write(&path, &generated).expect("write types.d.ts");
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{PATH} is stale: regenerate it with `UPDATE_DOCS=1 cargo test -p faultline-dev --test generated`"
    );
}

#[test]
fn every_report_field_is_typed_in_camel_case() {
    // Independent of the generator's code paths: every snake_case field of a real score
    // report must appear in the generated file in its camelCase form.
    let text = fs::read_to_string(root().join(PATH)).expect("read types.d.ts");
    let engine = faultline::Engine::default();
    let doc = engine
        .parse(faultline::DEFAULT_ARCHITECTURE, faultline::Format::Yaml)
        .expect("default architecture parses");
    let report = engine
        .prepare(&doc.architecture)
        .expect("default architecture is valid")
        .score();
    let mut keys = std::collections::BTreeSet::new();
    collect_keys(
        &serde_json::to_value(&report).expect("report to JSON"),
        &mut keys,
    );
    assert!(keys.contains("expected_downtime_minutes_per_year"));
    for key in keys {
        let declared = format!("  {}: ", camel(&key));
        let optional = format!("  {}?: ", camel(&key));
        assert!(
            text.contains(&declared) || text.contains(&optional),
            "report field `{key}` has no `{}` in {PATH}",
            camel(&key)
        );
    }
}

fn collect_keys(v: &Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                out.insert(k.clone());
                collect_keys(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| collect_keys(v, out)),
        _ => {}
    }
}

#[test]
fn camel_case_rule() {
    assert_eq!(camel("impact_minutes"), "impactMinutes");
    assert_eq!(
        camel("expected_downtime_minutes_per_year"),
        "expectedDowntimeMinutesPerYear"
    );
    assert_eq!(camel("name"), "name");
}
