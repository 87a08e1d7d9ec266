//! Baselines (issue 19, item 3): `faultline baseline` writes one; score and diff leave out
//! exactly what it lists, say how many, and warn about expired and unmatched entries.

use serde_json::Value;

use crate::support::{expect, faultline, faultline_in, scratch, stderr, stdout};

const FILE: &str = "examples/03-multi-region-active-passive.yaml";

fn finding_ids(o: &std::process::Output) -> Vec<String> {
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_baseline_hides_what_it_lists_and_nothing_else() {
    let dir = scratch("baseline");
    let b = dir.join("accepted.yaml");
    let b_s = b.to_str().unwrap();
    let o = faultline(
        &[
            "baseline",
            FILE,
            "-o",
            b_s,
            "--reason",
            "known since the 2026 review",
            "--expires",
            "2999-12-31",
        ],
        None,
    );
    expect(&o, 0);
    let all = finding_ids(&faultline(
        &["score", FILE, "--format", "json", "--no-baseline"],
        None,
    ));
    let text = std::fs::read_to_string(&b).unwrap();
    assert_eq!(text.matches("  - id: ").count(), all.len());
    assert!(
        text.contains("reason: \"known since the 2026 review\"")
            && text.contains("expires: \"2999-12-31\"")
    );

    let o = faultline(
        &["score", FILE, "--format", "json", "--baseline", b_s],
        None,
    );
    expect(&o, 0);
    assert!(finding_ids(&o).is_empty());
    assert!(
        stderr(&o).contains(&format!("{} finding(s) of {FILE} accepted", all.len())),
        "{}",
        stderr(&o)
    );
    // The score itself is not changed by a baseline.
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let full: Value = serde_json::from_slice(
        &faultline(&["score", FILE, "--format", "json", "--no-baseline"], None).stdout,
    )
    .unwrap();
    assert_eq!(v["score"], full["score"]);

    // Drop one entry: exactly that finding comes back.
    let dropped = &all[3];
    let mut kept = String::new();
    let mut skip = false;
    for line in text.lines() {
        if line.starts_with("  - id: ") {
            skip = line.contains(&format!("\"{dropped}\""));
        }
        if !skip {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    // An expired entry (its finding comes back, with a warning) and one matching nothing.
    let expired = &all[0];
    kept = kept.replacen(
        &format!("  - id: \"{expired}\"\n    file: \"{FILE}\"\n    reason: \"known since the 2026 review\"\n    expires: \"2999-12-31\""),
        &format!("  - id: \"{expired}\"\n    file: \"{FILE}\"\n    reason: \"until the migration\"\n    expires: \"2001-01-31\""),
        1,
    );
    kept.push_str(&format!(
        "  - id: \"gone@zone:aws/x/y~checkout\"\n    file: \"{FILE}\"\n    reason: \"fixed\"\n"
    ));
    kept.push_str(
        "  - id: \"other-file~x\"\n    file: \"examples/other.yaml\"\n    reason: \"not ours\"\n",
    );
    std::fs::write(&b, &kept).unwrap();
    let o = faultline(
        &["score", FILE, "--format", "json", "--baseline", b_s],
        None,
    );
    expect(&o, 0);
    let mut back = finding_ids(&o);
    back.sort();
    let mut want = vec![dropped.clone(), expired.clone()];
    want.sort();
    assert_eq!(back, want);
    let err = stderr(&o);
    assert!(
        err.contains(&format!("`{expired}` expired on 2001-01-31")),
        "{err}"
    );
    assert!(
        err.contains("`gone@zone:aws/x/y~checkout` matches no finding"),
        "{err}"
    );
    assert!(!err.contains("other-file"), "{err}");

    // SARIF and text leave them out too and say how many.
    let o = faultline(
        &["score", FILE, "--format", "sarif", "--baseline", b_s],
        None,
    );
    let log: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 2);
    assert_eq!(
        log["runs"][0]["properties"]["suppressed"].as_u64().unwrap() as usize,
        all.len() - 2
    );
    let o = faultline(&["score", FILE, "--baseline", b_s, "--no-advice"], None);
    assert!(stdout(&o).contains("accepted by the baseline are not listed"));

    // Rewriting keeps the reasons and expiries of what still matches, drops what matches
    // nothing, keeps other files' entries, and adds what is new.
    let o = faultline(&["baseline", FILE, "-o", b_s], None);
    expect(&o, 0);
    let again = std::fs::read_to_string(&b).unwrap();
    assert!(again.contains("until the migration") && again.contains("other-file~x"));
    assert!(!again.contains("gone@zone"));
    assert!(again.contains("accepted when the baseline was written on"));

    // A broken baseline is an input error with its line.
    std::fs::write(&b, "version: 1\naccepted:\n  - { id: a, reasn: typo }\n").unwrap();
    let o = faultline(&["score", FILE, "--baseline", b_s], None);
    expect(&o, 1);
    assert!(
        stderr(&o).contains("accepted.yaml:3") && stderr(&o).contains("unknown-field"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_default_baseline_is_found_in_the_working_directory() {
    let dir = scratch("baseline-default");
    std::fs::copy(crate::root().join(FILE), dir.join("shop.faultline.yaml")).unwrap();
    let o = faultline_in(
        &dir,
        &["baseline", "shop.faultline.yaml", "--reason", "accepted"],
        None,
    );
    expect(&o, 0);
    assert!(dir.join(".faultline-baseline.yaml").is_file());
    let o = faultline_in(
        &dir,
        &["score", "./shop.faultline.yaml", "--format", "json"],
        None,
    );
    expect(&o, 0);
    assert!(
        finding_ids(&o).is_empty(),
        "a ./ prefix names the same file"
    );
    let o = faultline_in(
        &dir,
        &[
            "score",
            "shop.faultline.yaml",
            "--format",
            "json",
            "--no-baseline",
        ],
        None,
    );
    assert!(!finding_ids(&o).is_empty());
    // diff leaves accepted findings out of what is added or changed.
    let text = std::fs::read_to_string(dir.join("shop.faultline.yaml")).unwrap();
    std::fs::write(
        dir.join("base.yaml"),
        text.replace("rollout: staged", "rollout: global"),
    )
    .unwrap();
    let o = faultline_in(
        &dir,
        &[
            "diff",
            "base.yaml",
            "shop.faultline.yaml",
            "--format",
            "json",
            "--fail-on",
            "new-finding",
        ],
        None,
    );
    expect(&o, 0);
    let d: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(d["added"].as_array().unwrap().is_empty());
}
