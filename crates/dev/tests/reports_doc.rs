//! docs/reports.md documents every field of the report types: this walks their JSON Schemas
//! (generated from the Rust types) and fails on any property the page does not name.

use std::collections::BTreeSet;

fn properties(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                out.extend(props.keys().cloned());
            }
            for x in map.values() {
                properties(x, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|x| properties(x, out)),
        _ => {}
    }
}

#[test]
fn every_report_field_is_documented() {
    let schemas = [
        serde_json::to_value(schemars::schema_for!(faultline::ScoreReport)),
        serde_json::to_value(schemars::schema_for!(faultline::SimulateReport)),
        serde_json::to_value(schemars::schema_for!(faultline::ReplayReport)),
    ];
    let mut fields = BTreeSet::new();
    for s in schemas {
        properties(&s.expect("schema serialises"), &mut fields);
    }
    assert!(fields.len() > 40, "only {} fields found", fields.len());
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/reports.md"
    ))
    .expect("docs/reports.md");
    let missing: Vec<&String> = fields
        .iter()
        .filter(|f| !doc.contains(&format!("`{f}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/reports.md does not document {missing:?}"
    );
}
