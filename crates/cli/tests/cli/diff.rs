//! `faultline diff` (issue 19, item 1): exactly the moved findings, new single points of
//! failure, the mitigations that win the loss back, the PR-comment Markdown, JUnit, and the
//! `--fail-on` gate's exit codes.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

use crate::support::{expect, faultline, scratch, stderr, stdout, validate};

const BASE: &str = "examples/02-saas-multi-az.yaml";

/// The head of a pull request that moves `web` into one zone.
fn head(dir: &std::path::Path) -> PathBuf {
    let text = std::fs::read_to_string(crate::root().join(BASE)).expect("readable");
    let moved = text.replacen(
        "      - { name: us-east-1, zones: [use1-az1, use1-az4, use1-az6] }\n    replicas",
        "      - { name: us-east-1, zones: [use1-az4] }\n    replicas",
        1,
    );
    let changed = if moved == text {
        // The line after web's regions is not `replicas`: change web's zones by position.
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let web = lines
            .iter()
            .position(|l| l.trim() == "- id: web")
            .expect("web");
        let at = (web..lines.len())
            .find(|&i| lines[i].contains("zones: [use1-az1, use1-az4, use1-az6]"))
            .expect("web's zones");
        lines[at] = lines[at].replace("[use1-az1, use1-az4, use1-az6]", "[use1-az4]");
        lines.join("\n") + "\n"
    } else {
        moved
    };
    assert_ne!(changed, text);
    let path = dir.join("head.yaml");
    std::fs::write(&path, changed).expect("write head");
    path
}

fn findings(file: &str) -> Vec<(String, f64, String)> {
    let o = faultline(&["score", file, "--format", "json", "--no-baseline"], None);
    expect(&o, 0);
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap().to_owned(),
                f["points"].as_f64().unwrap(),
                f["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn ids(v: &Value, key: &str, id: &str) -> BTreeSet<String> {
    v[key]
        .as_array()
        .expect(key)
        .iter()
        .map(|f| f.pointer(id).and_then(Value::as_str).unwrap().to_owned())
        .collect()
}

#[test]
fn diff_reports_exactly_the_moved_findings_and_the_new_spof() {
    let dir = scratch("diff");
    let head = head(&dir);
    let head_s = head.to_str().unwrap();
    let o = faultline(
        &["diff", BASE, head_s, "--format", "json", "--no-baseline"],
        None,
    );
    expect(&o, 0);
    let d: Value = serde_json::from_slice(&o.stdout).expect("json");

    // Independently: the two score reports, compared by id.
    let (b, h) = (findings(BASE), findings(head_s));
    let b_ids: BTreeSet<String> = b.iter().map(|f| f.0.clone()).collect();
    let h_ids: BTreeSet<String> = h.iter().map(|f| f.0.clone()).collect();
    let changed: BTreeSet<String> = h
        .iter()
        .filter(|(id, p, s)| {
            b.iter()
                .any(|(bid, bp, bs)| bid == id && ((p - bp).abs() >= 0.01 || s != bs))
        })
        .map(|f| f.0.clone())
        .collect();
    assert_eq!(ids(&d, "added", "/id"), &h_ids - &b_ids);
    assert_eq!(ids(&d, "removed", "/id"), &b_ids - &h_ids);
    assert_eq!(ids(&d, "changed", "/id"), changed);
    assert!(!changed.is_empty());
    assert_eq!(
        d["unchanged"].as_u64().unwrap() as usize,
        (&h_ids & &b_ids).len() - changed.len()
    );
    assert!(d["score_change"].as_f64().unwrap() < 0.0);
    let spofs: Vec<&str> = d["new_single_points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["domain"].as_str().unwrap())
        .collect();
    assert!(spofs.contains(&"zone:aws/us-east-1/use1-az4"), "{spofs:?}");
    assert_eq!(d["violations"], Value::Array(vec![]));

    // The mitigations win the loss back: the first, applied to the head, scores at least as
    // the base.
    let first = d["mitigations"][0]["id"].as_str().expect("a mitigation");
    let base_score = d["base"]["score"].as_f64().unwrap();
    let mitigated = d["mitigations"][0]["score"].as_f64().expect("a score");
    assert!(
        mitigated >= base_score,
        "{first}: {mitigated} < {base_score}"
    );
    let o = faultline(&["suggest", head_s, "--apply", first, "-o", "-"], None);
    expect(&o, 0);
    let o = faultline(
        &["score", "-", "--format", "json", "--no-baseline"],
        Some(&stdout(&o)),
    );
    let rescored: Value = serde_json::from_slice(&o.stdout).expect("json");
    // Applied, it scores what the suggestion promised.
    assert_eq!(rescored["score"].as_f64(), Some(mitigated));

    // The PR comment: a hidden marker first, the journeys, the SPOF, the fix.
    let o = faultline(
        &[
            "diff", BASE, head_s, "--format", "markdown", "--title", BASE,
        ],
        None,
    );
    expect(&o, 0);
    let md = stdout(&o);
    assert!(
        md.starts_with("<!-- faultline-diff -->\n## faultline: examples/02"),
        "{md}"
    );
    assert!(
        md.contains("New single points of failure") && md.contains(first),
        "{md}"
    );

    // Text, and JUnit that is well-formed XML with a failing journey.
    let o = faultline(&["diff", BASE, head_s], None);
    assert!(stdout(&o).contains("New single points of failure:"));
    let o = faultline(&["diff", BASE, head_s, "--format", "junit"], None);
    expect(&o, 0);
    let xml = dir.join("diff.xml");
    std::fs::write(&xml, &o.stdout).expect("write");
    validate(&["xml"], &[xml]);
    let junit = stdout(&o);
    assert!(
        junit.contains("<failure type=\"new-spof\"")
            && junit.contains("<failure type=\"score-drop\""),
        "{junit}"
    );
}

#[test]
fn fail_on_conditions_exit_with_code_4() {
    let dir = scratch("diff-gate");
    let head = head(&dir);
    let head_s = head.to_str().unwrap();
    for (cond, want) in [
        ("new-spof", 4),
        ("score-drop=1", 4),
        ("score-drop=5", 0),
        ("new-finding", 0),
        ("new-spof,score-drop=5", 4),
    ] {
        let o = faultline(
            &["diff", BASE, head_s, "--fail-on", cond, "--no-baseline"],
            None,
        );
        expect(&o, want);
        if want == 4 {
            assert!(
                stderr(&o).contains("faultline: --fail-on"),
                "{}",
                stderr(&o)
            );
        }
    }
    let o = faultline(
        &["diff", BASE, head_s, "--fail-on", "score-dropped=1"],
        None,
    );
    expect(&o, 2);
    assert!(
        stderr(&o).contains("not a gate condition"),
        "{}",
        stderr(&o)
    );
    // The same file on both sides: nothing moved, every gate passes.
    let o = faultline(
        &[
            "diff",
            BASE,
            BASE,
            "--fail-on",
            "new-spof,new-finding,score-drop=0",
        ],
        None,
    );
    expect(&o, 0);
    assert!(stdout(&o).contains("Nothing moved"));
    // A head that adds findings: a new third-party search service `web` needs.
    let text = std::fs::read_to_string(crate::root().join(BASE)).unwrap();
    let added = text
        .replace(
            "      - { id: payments, hard: false }",
            "      - { id: payments, hard: false }\n      - search",
        )
        .replace(
            "\njourneys:",
            "\n  - { id: search, kind: third-party-api, provider: saas:algolia }\njourneys:",
        );
    assert_ne!(added, text);
    let hard = dir.join("hard.yaml");
    std::fs::write(&hard, added).unwrap();
    let o = faultline(
        &[
            "diff",
            BASE,
            hard.to_str().unwrap(),
            "--fail-on",
            "new-finding=0.5",
            "--no-baseline",
        ],
        None,
    );
    expect(&o, 4);
    assert!(
        stderr(&o).contains("new finding(s) cost more than 0.5"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_saved_report_is_a_base() {
    let dir = scratch("diff-saved");
    let head = head(&dir);
    let head_s = head.to_str().unwrap();
    let saved = dir.join("base.json");
    let o = faultline(&["score", BASE, "--format", "json", "--no-baseline"], None);
    std::fs::write(&saved, &o.stdout).unwrap();
    let saved_s = saved.to_str().unwrap();
    let from_saved: Value = serde_json::from_slice(
        &faultline(&["diff", saved_s, head_s, "--format", "json"], None).stdout,
    )
    .unwrap();
    let from_text: Value = serde_json::from_slice(
        &faultline(&["diff", BASE, head_s, "--format", "json"], None).stdout,
    )
    .unwrap();
    for key in ["added", "removed", "changed", "journeys", "score_change"] {
        assert_eq!(from_saved[key], from_text[key], "{key}");
    }
    assert_eq!(from_saved["single_points_compared"], false);
    // A gate on new SPOFs cannot pass on what was not compared.
    let o = faultline(&["diff", saved_s, head_s, "--fail-on", "new-spof"], None);
    expect(&o, 4);
    assert!(stderr(&o).contains("not compared"), "{}", stderr(&o));
    // A JSON file that is neither: refused with the missing field.
    let broken = dir.join("broken.json");
    std::fs::write(&broken, r#"{"faultline_version": "0.1.0", "findings": []}"#).unwrap();
    let o = faultline(&["diff", broken.to_str().unwrap(), head_s], None);
    expect(&o, 1);
    assert!(stderr(&o).contains("has no `journeys`"), "{}", stderr(&o));
}
