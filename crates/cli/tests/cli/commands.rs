//! The CLI as users and CI pipelines run it: exit codes, formats, stdin, the schema copy.

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

fn faultline(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .current_dir(crate::root())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("exits")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_accepts_every_example_and_the_design_fixture() {
    let mut files: Vec<String> = std::fs::read_dir(crate::root().join("examples"))
        .expect("examples")
        .map(|e| e.expect("e").path())
        .filter(|p| p.is_file())
        .map(|p| p.display().to_string())
        .collect();
    files.push("tests/fixtures/design-example.yaml".into());
    files.push("tests/fixtures/design-example.json".into());
    for f in files {
        let o = faultline(&["check", &f], None);
        assert_eq!(code(&o), 0, "{f}: {}", stderr(&o));
    }
}

#[test]
fn check_exit_codes_distinguish_errors_from_unreadable_input() {
    let invalid = "version: 1\nname: x\ncomponents:\n  - { id: a, kind: compute, provider: aws, depends_on: [b] }\n";
    let o = faultline(&["check", "-"], Some(invalid));
    assert_eq!(code(&o), 1);
    let e = stderr(&o);
    assert!(
        e.contains("error[unknown-dependency]")
            && e.contains("<stdin>:4:")
            && e.contains("/components/0/depends_on/0"),
        "{e}"
    );

    let unknown_field = "{\"version\": 1, \"name\": \"x\", \"components\": [], \"colour\": 1}";
    let o = faultline(&["check", "-", "--format", "json"], Some(unknown_field));
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json output");
    assert_eq!(v["valid"], false);
    assert_eq!(v["diagnostics"][0]["code"], "unknown-field");
    assert_eq!(v["diagnostics"][0]["line"], 1);

    let o = faultline(&["check", "-"], Some("version: 1\nname: \"unterminated\n"));
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let o = faultline(&["check", "does/not/exist.yaml"], None);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("cannot read"));
}

#[test]
fn score_without_a_file_scores_the_default_architecture_and_gates() {
    let o = faultline(&["score", "--format", "json"], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let score = v["score"].as_f64().expect("score");
    assert!(v["grade"].is_string() && v["journeys"].is_array() && v["findings"].is_array());
    assert!(v["journeys"][0]["expected_downtime_minutes_per_year"].is_number());
    let o = faultline(
        &[
            "score",
            "--min-score",
            &format!("{}", (score + 0.5).min(100.0)),
        ],
        None,
    );
    assert_eq!(code(&o), 3);
    let o = faultline(&["score", "--min-score", "0"], None);
    assert_eq!(code(&o), 0);
    for format in ["text", "markdown", "sarif"] {
        let o = faultline(&["score", "--format", format], None);
        assert_eq!(code(&o), 0, "{format}");
        assert!(!o.stdout.is_empty());
    }
}

#[test]
fn score_output_is_deterministic() {
    let a = faultline(
        &["score", "examples/05-multi-cloud.yaml", "--format", "json"],
        None,
    );
    let b = faultline(
        &["score", "examples/05-multi-cloud.yaml", "--format", "json"],
        None,
    );
    assert_eq!(code(&a), 0);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn simulate_and_replay_report_per_journey_status_minutes_and_chain() {
    let o = faultline(
        &[
            "simulate",
            "examples/01-startup-single-az.yaml",
            "--pattern",
            "region-data-plane-loss",
            "--at",
            "region:aws/us-east-1",
            "--minutes",
            "120",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let j = &v["journeys"][0];
    for key in [
        "name",
        "status",
        "impact_minutes",
        "data_loss_minutes",
        "chain",
    ] {
        assert!(j.get(key).is_some(), "simulate JSON lacks {key}");
    }
    assert_eq!(j["status"], "down");
    let o = faultline(
        &[
            "replay",
            "examples/01-startup-single-az.yaml",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(v["incidents"].as_array().is_some_and(|a| !a.is_empty()));
    let o = faultline(
        &[
            "simulate",
            "examples/01-startup-single-az.yaml",
            "--pattern",
            "nope",
            "--at",
            "region:aws/us-east-1",
        ],
        None,
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no pattern `nope`"));
}

#[test]
fn the_checked_in_schema_is_current() {
    let o = faultline(&["schema"], None);
    assert_eq!(code(&o), 0);
    let fresh = String::from_utf8(o.stdout).expect("utf-8");
    let path = "pkg-config/faultline.schema.json";
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(crate::root().join(path), &fresh).expect("write schema");
    }
    let kept = std::fs::read_to_string(crate::root().join(path)).unwrap_or_default();
    assert!(
        kept == fresh,
        "{path} is stale: regenerate with `UPDATE_DOCS=1 cargo test` (or `faultline schema > {path}`)"
    );
}

#[test]
fn version_prints_the_crate_version() {
    let o = faultline(&["--version"], None);
    assert_eq!(code(&o), 0);
    assert!(String::from_utf8_lossy(&o.stdout).contains(env!("CARGO_PKG_VERSION")));
}

/// `faultline catalogue --format markdown | head -c 100`: the reader closes the pipe early;
/// the CLI must stop quietly (no panic message) and exit 0. The same for the JSON score
/// report (220 KB, more than a pipe holds), which is printed in parts and ended with a
/// newline of its own (it panicked there), and whose exit code still says whether the
/// score is below `--min-score`.
#[test]
fn a_closed_pipe_stops_the_output_without_a_panic() {
    use std::io::Read as _;
    let file = "examples/08-ai-product.yaml";
    for (args, want) in [
        (&["catalogue", "--format", "markdown"][..], 0),
        (&["score", file, "--format", "json"][..], 0),
        (
            &["score", file, "--format", "json", "--min-score", "100"][..],
            3,
        ),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_faultline"))
            .current_dir(crate::root())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let mut first = [0u8; 100];
        child
            .stdout
            .take()
            .expect("stdout")
            .read_exact(&mut first)
            .expect("some output");
        // The stdout handle is dropped here: the pipe is closed with most of the output
        // unread.
        let out = child.wait_with_output().expect("exits");
        assert_eq!(code(&out), want, "{args:?}: {}", stderr(&out));
        assert!(
            !stderr(&out).contains("panicked"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

/// A report written to a full disk (`/dev/full`, Linux) is cut short: the CLI says so once
/// and exits 2, never 0, whatever the report said (here a score below `--min-score`, which
/// would be 3).
#[test]
fn a_report_the_disk_refuses_is_not_a_success() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("skipped: no /dev/full on this system");
        return;
    };
    let file = "examples/08-ai-product.yaml";
    for args in [
        &["score", file, "--format", "json"][..],
        &["score", file, "--min-score", "100"][..],
        &["catalogue", "--format", "markdown"][..],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_faultline"))
            .current_dir(crate::root())
            .args(args)
            .stdout(full.try_clone().expect("a second handle"))
            .stderr(Stdio::piped())
            .output()
            .expect("the binary runs");
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(
            err.matches("cannot write the output").count(),
            1,
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

/// `faultline score` ends with the advice: single points of failure, risk groups and the
/// measured mitigations (issue 5); `--no-advice` leaves it out; JSON stays the score report.
#[test]
fn score_ends_with_spofs_risk_groups_and_measured_mitigations() {
    let file = "examples/01-startup-single-az.yaml";
    let out = faultline(&["score", file], None);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let spofs = text
        .lines()
        .skip_while(|l| !l.starts_with("Single points of failure"))
        .nth(1)
        .expect("a SPOF line per journey");
    assert!(spofs.contains("zone:aws/us-east-1/use1-az4"), "{spofs}");
    let best = text
        .lines()
        .skip_while(|l| !l.starts_with("Best mitigations"))
        .nth(1)
        .expect("at least one mitigation");
    // The first mitigation's id, scored through `suggest --apply`, gives the score it shows.
    let id = best
        .rsplit('[')
        .next()
        .and_then(|s| s.strip_suffix(']'))
        .expect("an id in brackets");
    let shown: f64 = best
        .split("->")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|s| s.parse().ok())
        .expect("a new score");
    let applied = faultline(&["suggest", file, "--apply", id, "-o", "-"], None);
    assert_eq!(code(&applied), 0, "{}", stderr(&applied));
    let rescored = faultline(
        &["score", "-", "--format", "json"],
        Some(&String::from_utf8_lossy(&applied.stdout)),
    );
    let v: serde_json::Value = serde_json::from_slice(&rescored.stdout).expect("json");
    assert_eq!(v["score"].as_f64(), Some(shown));

    let quiet = faultline(&["score", file, "--no-advice"], None);
    assert!(!String::from_utf8_lossy(&quiet.stdout).contains("Single points of failure"));
    let json = faultline(&["score", file, "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert!(v.get("findings").is_some() && v.get("single_points").is_none());
}

/// `score --format junit` (issue 19, item 4): well-formed XML, one case per journey and
/// per pattern with findings; a journey over its budget and a costly pattern fail.
#[test]
fn score_as_junit_has_a_case_per_journey_and_per_finding_class() {
    let dir = crate::support::scratch("junit");
    let mut files = Vec::new();
    for file in crate::support::examples() {
        let o = faultline(
            &["score", &file, "--format", "junit", "--no-baseline"],
            None,
        );
        assert_eq!(code(&o), 0, "{file}: {}", stderr(&o));
        let out = dir.join(format!("{}.xml", file.replace('/', "_")));
        std::fs::write(&out, &o.stdout).expect("write");
        files.push(out);
    }
    crate::support::validate(&["xml"], &files);
    // An example with a journey over its budget (driver-scan).
    let file = "examples/07-fleet-agents-global-rollout.yaml";
    let xml = String::from_utf8(
        faultline(
            &[
                "score",
                file,
                "--format",
                "junit",
                "--min-score",
                "90",
                "--no-baseline",
            ],
            None,
        )
        .stdout,
    )
    .expect("utf-8");
    let v: serde_json::Value = serde_json::from_slice(
        &faultline(&["score", file, "--format", "json", "--no-baseline"], None).stdout,
    )
    .expect("json");
    for j in v["journeys"].as_array().expect("journeys") {
        let name = j["name"].as_str().expect("name");
        assert!(
            xml.contains(&format!("classname=\"faultline.journeys\" name=\"{name}\"")),
            "{name}"
        );
    }
    let mut patterns: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["pattern"].as_str().expect("pattern"))
        .collect();
    patterns.sort_unstable();
    patterns.dedup();
    for p in &patterns {
        assert!(
            xml.contains(&format!("classname=\"faultline.findings\" name=\"{p}\"")),
            "{p}"
        );
    }
    let cases = xml.matches("<testcase ").count();
    assert_eq!(
        cases,
        1 + v["journeys"].as_array().unwrap().len() + patterns.len()
    );
    assert!(
        xml.contains("type=\"below-min-score\"")
            && xml.contains("type=\"over-budget\"")
            && xml.contains("type=\"error\"")
    );
}

/// `check` takes many files (what pre-commit passes) and exits with the worst code.
#[test]
fn check_takes_many_files_and_exits_with_the_worst_code() {
    let dir = crate::support::scratch("check-many");
    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "version: 1\nname: x\ncomponents:\n  - { id: a, kind: compute, provider: aws, depends_on: [b] }\n").expect("write");
    let bad = bad.to_str().expect("utf-8");
    let good = "examples/02-saas-multi-az.yaml";
    let o = faultline(&["check", good, "examples/05-multi-cloud.yaml"], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = faultline(&["check", good, bad, "does/not/exist.yaml"], None);
    assert_eq!(code(&o), 2);
    let e = stderr(&o);
    assert!(
        e.contains("unknown-dependency") && e.contains("cannot read does/not/exist.yaml"),
        "{e}"
    );
    let o = faultline(&["check", good, bad, "--format", "json"], None);
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v[0]["valid"], true);
    assert_eq!(v[1]["valid"], false);
}
