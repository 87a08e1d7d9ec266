//! SARIF that code scanning can place (issue 19, item 2): every result of every example
//! has a line (the component it is about, else its journey), a fingerprint from the
//! finding's stable id, a rule with help naming cited incidents, a level from its cost;
//! every log validates against the SARIF 2.1.0 JSON Schema.

use serde_json::Value;

use crate::support::{examples, expect, faultline, scratch, validate};

fn d_is_placed(domain: &str) -> bool {
    ["zone:", "region:", "control:", "service:"]
        .iter()
        .any(|p| domain.starts_with(p))
}

#[test]
fn every_example_gives_a_valid_sarif_log_with_a_line_for_every_result() {
    let dir = scratch("sarif");
    let mut logs = Vec::new();
    for file in examples() {
        let o = faultline(
            &["score", &file, "--format", "sarif", "--no-baseline"],
            None,
        );
        expect(&o, 0);
        let out = dir.join(format!("{}.sarif", file.replace('/', "_")));
        std::fs::write(&out, &o.stdout).expect("write");
        logs.push(out);

        let log: Value = serde_json::from_slice(&o.stdout).expect("json");
        let report: Value = serde_json::from_slice(
            &faultline(&["score", &file, "--format", "json", "--no-baseline"], None).stdout,
        )
        .expect("json");
        let text = std::fs::read_to_string(crate::root().join(&file)).expect("readable");
        let lines: Vec<&str> = text.lines().collect();
        let run = &log["runs"][0];
        let results = run["results"].as_array().expect("results");
        let findings = report["findings"].as_array().expect("findings");
        assert_eq!(results.len(), findings.len(), "{file}");
        let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
        for (r, f) in results.iter().zip(findings) {
            assert_eq!(r["partialFingerprints"]["faultlineFindingId/v1"], f["id"]);
            let loc = &r["locations"][0]["physicalLocation"];
            assert_eq!(loc["artifactLocation"]["uri"], file.as_str());
            let line = loc["region"]["startLine"].as_u64().expect("a line") as usize;
            let col = loc["region"]["startColumn"].as_u64().expect("a column") as usize;
            let at = lines[line - 1];
            // The line is the component's (`- id: x` or `- { id: x, ...`) of the first
            // component in the chain, or the journey's.
            let first_component = f["chain"]
                .as_array()
                .expect("chain")
                .iter()
                .find(|s| s["kind"] != "domain-failed")
                .map(|s| s["subject"].as_str().expect("subject"));
            let msg = r["locations"][0]["message"]["text"].as_str().unwrap_or("");
            if msg.starts_with("component") {
                // Inside the block of the first component of the chain: its `id:` line or
                // (for a zone or region failure) the entry of its `regions` in that region.
                let c = first_component.expect("a component");
                let start = lines
                    .iter()
                    .position(|l| {
                        let t = l.trim();
                        t == format!("- id: {c}")
                            || (t.starts_with(&format!("- {{ id: {c},")) && t.contains("kind:"))
                    })
                    .expect("the component's line")
                    + 1;
                let end = lines[start..]
                    .iter()
                    .position(|l| {
                        l.trim_start().starts_with("- id:")
                            || l.trim_start().starts_with("- { id:")
                            || (!l.trim().is_empty() && !l.starts_with(' ') && !l.starts_with('#'))
                    })
                    .map_or(lines.len(), |k| start + k);
                assert!(
                    (start..=end).contains(&line),
                    "{file}:{line}: `{at}` is not in component {c}'s block (lines {start}..{end})"
                );
                let domain = f["domain"].as_str().expect("domain");
                if let Some(region) = domain.split('/').nth(1)
                    && line != start
                    && d_is_placed(domain)
                {
                    assert!(
                        at.contains(region),
                        "{file}:{line}: `{at}` is not the {region} entry"
                    );
                }
            } else {
                assert!(
                    at.contains(f["journey"].as_str().expect("journey")) || line == 1,
                    "{file}:{line}: `{at}`"
                );
            }
            assert!(col >= 1 && col <= at.chars().count() + 1);
            let points = f["points"].as_f64().expect("points");
            let level = if points >= 1.0 {
                "error"
            } else if points >= 0.1 {
                "warning"
            } else {
                "note"
            };
            assert_eq!(r["level"], level);
            let rule = &rules[r["ruleIndex"].as_u64().expect("index") as usize];
            assert_eq!(rule["id"], r["ruleId"]);
        }
        for rule in rules {
            let md = rule["help"]["markdown"].as_str().expect("help.markdown");
            assert!(
                md.contains("](https://"),
                "{file}: rule {} cites no incident",
                rule["id"]
            );
        }
    }
    let schema = crate::root().join("crates/cli/tests/fixtures/sarif-2.1.0-rtm.5.json");
    validate(&["json", schema.to_str().expect("utf-8")], &logs);
}
