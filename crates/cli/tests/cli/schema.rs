//! The editor schema (issue 19, item 7): the draft-07 copy is current, and every example
//! validates against it with a real validator (Python's `jsonschema`, Draft7Validator),
//! which also rejects a wrong document (so the check is live).

use crate::support::{code, examples, faultline, scratch, validate};

const DRAFT_07: &str = "pkg-config/faultline.schema.draft-07.json";

#[test]
fn the_checked_in_draft_07_schema_is_current() {
    let o = faultline(&["schema", "--draft", "07"], None);
    assert_eq!(code(&o), 0);
    let fresh = String::from_utf8(o.stdout).expect("utf-8");
    assert!(fresh.contains("\"$schema\": \"http://json-schema.org/draft-07/schema#\""));
    assert!(
        !fresh.contains("$defs"),
        "draft-07 has `definitions`, not `$defs`"
    );
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(crate::root().join(DRAFT_07), &fresh).expect("write schema");
    }
    let kept = std::fs::read_to_string(crate::root().join(DRAFT_07)).unwrap_or_default();
    assert!(
        kept == fresh,
        "{DRAFT_07} is stale: regenerate with `UPDATE_DOCS=1 cargo test -p faultline-cli` (or `faultline schema --draft 07 > {DRAFT_07}`)"
    );
}

/// YAML → JSON as written (no defaults filled in), for a validator that reads JSON.
fn as_json(path: &str, dir: &std::path::Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(crate::root().join(path)).expect("readable");
    let value: serde_json::Value = if path.ends_with(".json") {
        serde_json::from_str(&text).expect("json")
    } else {
        serde_saphyr::from_str(&text).expect("yaml")
    };
    let out = dir.join(format!("{}.json", path.replace('/', "_")));
    std::fs::write(&out, serde_json::to_string(&value).expect("json")).expect("write");
    out
}

#[test]
fn every_example_validates_against_the_draft_07_schema() {
    let dir = scratch("draft-07");
    let mut files: Vec<String> = examples();
    files.push("tests/fixtures/design-example.yaml".into());
    files.push("tests/fixtures/design-example.json".into());
    let json: Vec<_> = files.iter().map(|f| as_json(f, &dir)).collect();
    let schema = crate::root().join(DRAFT_07);
    let schema = schema.to_str().expect("utf-8");
    validate(&["json", schema], &json);

    // A misspelt field and a wrong kind must fail: the validator really checks.
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"version": 1, "name": "x", "components": [{"id": "a", "kind": "computer", "provider": "aws", "depnds_on": []}]}"#,
    )
    .expect("write");
    let out = std::process::Command::new("python3")
        .arg(crate::root().join("crates/cli/tests/fixtures/validate.py"))
        .args(["json", schema])
        .arg(&bad)
        .output()
        .expect("python3 runs");
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("depnds_on") && said.contains("computer"),
        "{said}"
    );
}
