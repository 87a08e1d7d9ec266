//! `suggest` and `--apply` as users run them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::api::{apply_suggestion, parse};
use faultline::Format;
use faultline::catalogue::Catalogue;
use faultline::mitigate::SuggestReport;
use faultline::model::Architecture;

fn load(path: &Path) -> (Architecture, Format) {
    let path = crate::root().join(path);
    let text = std::fs::read_to_string(&path).expect("readable");
    let format = Format::detect(path.to_str(), &text);
    let doc = parse(&text, format).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (doc.architecture, format)
}

fn faultline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_faultline"))
        .current_dir(crate::root())
        .args(args)
        .output()
        .expect("the binary runs")
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("faultline-suggest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

#[test]
fn apply_writes_a_file_in_the_input_format_that_scores_as_reported() {
    for (input, ext) in [
        ("examples/01-startup-single-az.yaml", "yaml"),
        ("tests/fixtures/design-example.json", "json"),
    ] {
        let o = faultline(&["suggest", input, "--format", "json", "--top", "1"]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let r: SuggestReport = serde_json::from_slice(&o.stdout).expect("the report is JSON");
        let s = r.suggestions.first().expect("a suggestion");
        let out = temp(&format!("applied.{ext}"));
        let out_s = out.to_str().expect("utf-8 path");
        let o = faultline(&["suggest", input, "--apply", &s.id, "-o", out_s]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("comments") && err.contains(&s.id), "{err}");
        let written = std::fs::read_to_string(&out).expect("written");
        assert_eq!(
            written.trim_start().starts_with('{'),
            ext == "json",
            "{written}"
        );
        let format = if ext == "json" {
            Format::Json
        } else {
            Format::Yaml
        };
        let arch = parse(&written, format).expect("parses").architecture;
        let (original, _) = load(Path::new(input));
        assert_eq!(
            arch,
            apply_suggestion(&original, Catalogue::builtin(), &s.id).expect("applies")
        );
        let o = faultline(&["score", out_s, "--format", "json"]);
        let scored: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        assert_eq!(scored["score"].as_f64(), Some(s.score), "{input}: {}", s.id);
        // `-o -` writes the same text to standard output.
        let o = faultline(&["suggest", input, "--apply", &s.id, "-o", "-"]);
        assert_eq!(String::from_utf8_lossy(&o.stdout), written);
    }
}

#[test]
fn apply_with_an_unknown_id_lists_the_applicable_ones() {
    let o = faultline(&[
        "suggest",
        "examples/01-startup-single-az.yaml",
        "--apply",
        "add-zones:nope",
        "-o",
        "-",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("add-zones:nope") && err.contains("add-zones:orders-db"),
        "{err}"
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn suggest_renders_text_and_markdown() {
    let o = faultline(&[
        "suggest",
        "examples/03-multi-region-active-passive.yaml",
        "--top",
        "3",
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("stage-rollout:production") && text.contains("Not offered"),
        "{text}"
    );
    let o = faultline(&[
        "suggest",
        "examples/03-multi-region-active-passive.yaml",
        "--format",
        "markdown",
    ]);
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(
        md.starts_with("## faultline: mitigations for shopfront") && md.contains("| 1 |"),
        "{md}"
    );
}
