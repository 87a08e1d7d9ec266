//! SARIF 2.1.0 for code scanning: one result per finding, located at the description.

use serde_json::json;

use crate::propagate::Status;
use crate::report::ScoreReport;

/// The score report as a SARIF 2.1.0 log. `file` is the description's path (an artifact
/// location relative to the repository root).
pub fn score(r: &ScoreReport, file: &str) -> String {
    let mut rules: Vec<&str> = r.findings.iter().map(|f| f.pattern.as_str()).collect();
    rules.sort_unstable();
    rules.dedup();
    let results: Vec<serde_json::Value> = r
        .findings
        .iter()
        .map(|f| {
            let why: Vec<&str> = f.chain.iter().map(|s| s.text.as_str()).collect();
            json!({
                "ruleId": f.pattern,
                "level": if f.status == Status::Down { "error" } else { "warning" },
                "message": { "text": format!("{}: journey `{}` is {:?} for {:.1} min ({:.4}/yr, -{:.2} points). {}", f.scenario, f.journey, f.status, f.impact_minutes.max(f.degraded_minutes), f.per_year, f.points, why.join(" ")) },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": file } } }],
                "partialFingerprints": { "faultlineFinding": f.id },
                "properties": { "points": f.points, "perYear": f.per_year, "impactMinutes": f.impact_minutes }
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "faultline",
                "version": r.faultline_version,
                "informationUri": "https://github.com/faultline/faultline",
                "rules": rules.iter().map(|id| json!({ "id": id, "shortDescription": { "text": format!("outage pattern {id}") } })).collect::<Vec<_>>()
            }},
            "results": results,
            "properties": { "score": r.score, "grade": format!("{:?}", r.grade) }
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}
