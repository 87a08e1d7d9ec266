//! SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps): one result per finding,
//! placed on the line of the description it is about.
//!
//! - **Where**: `locations[0]` is the first component of the finding's causal chain (where
//!   the failure enters), at its line and column in the description (or, for a Terraform
//!   plan scored directly, at its resource address in the plan), with the component's
//!   Terraform addresses as logical locations; the other components of the chain are
//!   `relatedLocations`. A finding whose chain names no component points at its journey.
//!   Positions come from a [`Locator`].
//! - **Identity**: `partialFingerprints["faultlineFindingId/v1"]` is the finding's stable id
//!   (`<scenario>~<journey>`), so an alert survives edits that move lines.
//! - **Rules**: one per outage pattern that has findings, with `help.markdown` naming the
//!   pattern's cited incidents and their public post-mortems (from the catalogue).
//! - **Levels** from what a finding costs ([`level`]): `error` from [`ERROR_POINTS`] points
//!   of the score, `warning` from [`WARNING_POINTS`], `note` below.
//!
//! The log validates against the SARIF 2.1.0 JSON Schema (a test in `crates/cli` checks
//! every example's).

use serde_json::{Value, json};

use crate::catalogue::{Catalogue, Pattern};
use crate::propagate::Status;
use crate::render::locate::{Locator, Place};
use crate::render::words::fmt_minutes;
use crate::report::ScoreReport;
use crate::score::Finding;

/// Points of the score from which a finding is an `error`.
pub const ERROR_POINTS: f64 = 1.0;
/// Points of the score from which a finding is a `warning` (below: a `note`).
pub const WARNING_POINTS: f64 = 0.1;

/// How loud a finding is, from what it costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Costs less than [`WARNING_POINTS`].
    Note,
    /// Costs at least [`WARNING_POINTS`].
    Warning,
    /// Costs at least [`ERROR_POINTS`].
    Error,
}

impl Level {
    /// `error`, `warning` or `note` (SARIF's words).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }
}

/// The level of a finding that costs `points` of the score.
///
/// ```
/// use faultline::render::sarif::{Level, level};
/// assert_eq!(level(2.0), Level::Error);
/// assert_eq!(level(0.1), Level::Warning);
/// assert_eq!(level(0.01), Level::Note);
/// ```
pub fn level(points: f64) -> Level {
    if points >= ERROR_POINTS {
        Level::Error
    } else if points >= WARNING_POINTS {
        Level::Warning
    } else {
        Level::Note
    }
}

/// What a SARIF log is about besides the report.
#[derive(Debug, Clone, Copy)]
pub struct SarifInput<'a> {
    /// The scanned file, relative to the repository root (`examples/shop.yaml`).
    pub uri: &'a str,
    /// Positions of components and journeys in that file.
    pub locator: &'a Locator,
    /// The catalogue the report was scored with (for the rules' help).
    pub catalogue: &'a Catalogue,
    /// Findings a baseline accepted and left out of the log (reported in the run's
    /// properties).
    pub suppressed: usize,
}

/// The score report as a SARIF 2.1.0 log without positions (every result on line 1 of
/// `file`), with the built-in catalogue's help. [`log`] places results on their lines.
pub fn score(r: &ScoreReport, file: &str) -> String {
    log(
        r,
        &SarifInput {
            uri: file,
            locator: &Locator::none(),
            catalogue: Catalogue::builtin(),
            suppressed: 0,
        },
    )
}

/// The score report as a SARIF 2.1.0 log, pretty-printed, results in the report's order
/// (costliest first).
///
/// ```
/// use faultline::{Engine, Format, render::{locate::Locator, sarif}};
/// let engine = Engine::default();
/// let doc = engine.parse(faultline::DEFAULT_ARCHITECTURE, Format::Yaml)?;
/// let report = engine.prepare(&doc.architecture)?.score();
/// let at = Locator::description(&doc.architecture, &doc.source);
/// let input = sarif::SarifInput { uri: "shop.yaml", locator: &at, catalogue: engine.catalogue(), suppressed: 0 };
/// let log: serde_json::Value = serde_json::from_str(&sarif::log(&report, &input)).unwrap();
/// let first = &log["runs"][0]["results"][0];
/// assert!(first["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap() > 1);
/// assert_eq!(first["partialFingerprints"]["faultlineFindingId/v1"], report.findings[0].id.as_str());
/// # Ok::<(), faultline::Error>(())
/// ```
pub fn log(r: &ScoreReport, input: &SarifInput) -> String {
    let mut rule_ids: Vec<&str> = r.findings.iter().map(|f| f.pattern.as_str()).collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let rules: Vec<Value> = rule_ids
        .iter()
        .map(|id| rule(id, input.catalogue.pattern(id), input.catalogue))
        .collect();
    let results: Vec<Value> = r
        .findings
        .iter()
        .map(|f| {
            let index = rule_ids.binary_search(&f.pattern.as_str()).unwrap_or(0);
            result(f, index, input)
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "faultline",
                "version": r.faultline_version,
                "semanticVersion": r.faultline_version,
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            // One run per scanned file: code scanning keeps each file's alerts apart when
            // several logs are uploaded together.
            "automationDetails": { "id": format!("faultline/{}/", input.uri) },
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "system": r.name,
                "score": r.score,
                "grade": format!("{:?}", r.grade),
                "catalogueVersion": r.catalogue_version,
                "suppressed": input.suppressed,
            }
        }]
    });
    let mut text = super::json::to_string(&log, super::json::Style::Pretty).unwrap_or_default();
    text.push('\n');
    text
}

fn rule(id: &str, pattern: Option<&Pattern>, catalogue: &Catalogue) -> Value {
    let Some(p) = pattern else {
        return json!({
            "id": id,
            "shortDescription": { "text": format!("outage pattern {id}") },
            "help": { "text": format!("`faultline explain {id}` describes this pattern.") },
        });
    };
    let mut text = format!("{}\n\n{}\n", p.name, p.summary);
    let mut md = format!("**{}** (`{}`)\n\n{}\n", p.name, p.id, p.summary);
    let incidents: Vec<_> = catalogue.incidents_of(p).collect();
    if !incidents.is_empty() {
        text.push_str("\nCited incidents:\n");
        md.push_str("\n**Cited incidents**\n\n");
        for i in &incidents {
            let source = i.sources.first();
            text.push_str(&format!(
                "- {} ({}){}\n",
                i.title,
                i.date,
                source.map(|s| format!(": {}", s.url)).unwrap_or_default()
            ));
            match source {
                Some(s) => md.push_str(&format!(
                    "- [{}]({}) ({}, {})\n",
                    md_text(&i.title),
                    s.url,
                    i.date,
                    md_text(&i.provider)
                )),
                None => md.push_str(&format!(
                    "- {} ({}, {})\n",
                    md_text(&i.title),
                    i.date,
                    md_text(&i.provider)
                )),
            }
        }
    }
    if !p.mitigations.is_empty() {
        text.push_str("\nWhat helped:\n");
        md.push_str("\n**What helped**\n\n");
        for m in &p.mitigations {
            text.push_str(&format!("- {m}\n"));
            md.push_str(&format!("- {}\n", md_text(m)));
        }
    }
    let tail = format!(
        "\n`faultline explain {id}` tells the whole pattern; `faultline suggest FILE` measures the mitigations that apply to your description.\n"
    );
    text.push_str(&tail);
    md.push_str(&tail);
    let mut r = json!({
        "id": id,
        "name": p.name,
        "shortDescription": { "text": p.name },
        "fullDescription": { "text": p.summary },
        "help": { "text": text, "markdown": md },
        "defaultConfiguration": { "level": "warning" },
        "properties": {
            "tags": ["resilience", "availability", p.fails.to_string()],
        },
    });
    if let Some(url) = incidents
        .first()
        .and_then(|i| i.sources.first())
        .map(|s| s.url.as_str())
    {
        r["helpUri"] = json!(url);
    }
    r
}

/// Markdown-safe inline text (no links or emphasis injected from data).
fn md_text(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '[' | ']' | '*' | '_' | '`' | '<' | '>') {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

fn physical(uri: &str, p: &Place) -> Value {
    json!({
        "artifactLocation": { "uri": uri },
        "region": { "startLine": p.line.max(1), "startColumn": p.column.max(1) },
    })
}

fn result(f: &Finding, rule_index: usize, input: &SarifInput) -> Value {
    let at = input.locator;
    let place = at.place(f);
    let minutes = if f.status == Status::Down {
        f.impact_minutes
    } else {
        f.degraded_minutes
    };
    let why: Vec<&str> = f.chain.iter().map(|s| s.text.as_str()).collect();
    let code = at.code(f);
    let mut message = format!(
        "Journey `{}` is {} for {} in scenario {} ({:.4} times a year, -{:.2} points).",
        f.journey,
        if f.status == Status::Down {
            "down"
        } else {
            "degraded"
        },
        fmt_minutes(minutes),
        f.scenario,
        f.per_year,
        f.points
    );
    if !why.is_empty() {
        message.push_str(" Why: ");
        message.push_str(&why.join("; "));
        message.push('.');
    }
    if !code.is_empty() {
        message.push_str(&format!(" Code: {}.", code.join(", ")));
    }
    let mut location = json!({ "physicalLocation": physical(input.uri, &place) });
    match (&place.component, &place.journey) {
        (Some(c), _) => {
            location["message"] =
                json!({ "text": format!("component `{c}`, where the failure enters") });
            let logical: Vec<Value> = at
                .origin_of(c)
                .iter()
                .map(|a| json!({ "fullyQualifiedName": a, "kind": "resource" }))
                .collect();
            if !logical.is_empty() {
                location["logicalLocations"] = Value::Array(logical);
            }
        }
        (None, Some(j)) => {
            location["message"] = json!({ "text": format!("journey `{j}`") });
        }
        (None, None) => {}
    }
    let related: Vec<Value> = at
        .places(f)
        .iter()
        .skip(1)
        .enumerate()
        .map(|(i, p)| {
            let c = p.component.as_deref().unwrap_or_default();
            json!({
                "id": i + 1,
                "physicalLocation": physical(input.uri, p),
                "message": { "text": format!("component `{c}`, taken down on the way") },
            })
        })
        .collect();
    let mut out = json!({
        "ruleId": f.pattern,
        "ruleIndex": rule_index,
        "level": level(f.points).as_str(),
        "message": { "text": message },
        "locations": [location],
        "partialFingerprints": { "faultlineFindingId/v1": f.id },
        "properties": {
            "findingId": f.id,
            "journey": f.journey,
            "scenario": f.scenario,
            "points": f.points,
            "perYear": f.per_year,
            "impactMinutes": f.impact_minutes,
            "expectedMinutesPerYear": f.expected_minutes_per_year,
        },
    });
    if !related.is_empty() {
        out["relatedLocations"] = Value::Array(related);
    }
    out
}
