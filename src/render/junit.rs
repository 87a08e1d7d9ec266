//! JUnit XML, for CI systems that show test reports (GitLab, Azure DevOps, Jenkins,
//! Bitbucket, CircleCI): one test case per journey and one per class of finding (an outage
//! pattern), so that a report reads "checkout: over its downtime budget" and
//! "zone-physical-loss: 2 findings, −3.1 points" rather than one opaque failure.
//!
//! For a score ([`score`]):
//!
//! - `overall score`: fails below the gate (`--min-score`), when one is given;
//! - one case per journey (`faultline.journeys`): fails when its expected downtime is over
//!   its budget;
//! - one case per pattern with findings (`faultline.findings`): fails when one of its
//!   findings is at the `error` level ([`crate::render::sarif::level`]); the others pass
//!   with their findings in `system-out`.
//!
//! For a diff ([`diff`]): one case per journey (fails when its score dropped, by more than
//! the `score-drop` condition when one is given), one for single points of failure (fails
//! on a new one), and one per pattern with added or worsened findings (fails, above the
//! `new-finding` condition's points when one is given).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::diff::{DiffReport, FailOn, FindingSide};
use crate::render::locate::Locator;
use crate::render::sarif::{Level, level};
use crate::render::words::fmt_minutes;
use crate::report::ScoreReport;
use crate::score::Finding;

/// Escapes text for XML attributes and content (and drops the characters XML 1.0 cannot
/// hold).
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            '\t' | '\n' | '\r' => o.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => o.push(c),
        }
    }
    o
}

struct Case {
    class: &'static str,
    name: String,
    line: Option<u32>,
    failure: Option<(String, String, String)>,
    out: String,
}

fn suite(name: &str, file: &str, properties: &[(&str, String)], cases: &[Case]) -> String {
    let failures = cases.iter().filter(|c| c.failure.is_some()).count();
    let mut o = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        o,
        "<testsuites name=\"faultline\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
        cases.len()
    );
    let _ = writeln!(
        o,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
        esc(name),
        cases.len()
    );
    if !properties.is_empty() {
        let _ = writeln!(o, "    <properties>");
        for (k, v) in properties {
            let _ = writeln!(
                o,
                "      <property name=\"{}\" value=\"{}\"/>",
                esc(k),
                esc(v)
            );
        }
        let _ = writeln!(o, "    </properties>");
    }
    for c in cases {
        let line = c.line.map(|l| format!(" line=\"{l}\"")).unwrap_or_default();
        let _ = write!(
            o,
            "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\"{line}",
            c.class,
            esc(&c.name),
            esc(file)
        );
        if c.failure.is_none() && c.out.is_empty() {
            let _ = writeln!(o, "/>");
            continue;
        }
        let _ = writeln!(o, ">");
        if let Some((kind, message, body)) = &c.failure {
            let _ = writeln!(
                o,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                esc(kind),
                esc(message),
                esc(body)
            );
        }
        if !c.out.is_empty() {
            let _ = writeln!(o, "      <system-out>{}</system-out>", esc(&c.out));
        }
        let _ = writeln!(o, "    </testcase>");
    }
    let _ = writeln!(o, "  </testsuite>");
    let _ = writeln!(o, "</testsuites>");
    o
}

/// What a JUnit report of a score is about besides the report.
#[derive(Debug, Clone, Copy)]
pub struct JunitInput<'a> {
    /// The scanned file, as the CI system should show it.
    pub file: &'a str,
    /// Positions and Terraform addresses of its components.
    pub locator: &'a Locator,
    /// The gate on the overall score (`--min-score`), if any.
    pub min_score: Option<f64>,
    /// Findings a baseline accepted and left out of `r.findings`.
    pub suppressed: usize,
}

fn finding_lines(o: &mut String, f: &Finding, at: &Locator) {
    let minutes = f.impact_minutes.max(f.degraded_minutes);
    let _ = writeln!(
        o,
        "-{:.2} pts  {}  [{}] {:?} for {} ({:.4}/yr)",
        f.points,
        f.journey,
        f.scenario,
        f.status,
        fmt_minutes(minutes),
        f.per_year
    );
    for s in &f.chain {
        let _ = writeln!(o, "    - {}", s.text);
    }
    let p = at.place(f);
    let _ = writeln!(o, "    at line {}", p.line);
    let code = at.code(f);
    if !code.is_empty() {
        let _ = writeln!(o, "    code: {}", code.join(", "));
    }
}

/// The score report as JUnit XML.
pub fn score(r: &ScoreReport, input: &JunitInput) -> String {
    let at = input.locator;
    let mut cases = Vec::new();
    let gate = input.min_score.and_then(|m| {
        (r.score < m).then(|| {
            (
                "below-min-score".to_owned(),
                format!("score {:.1} is below the gate of {m}", r.score),
                String::new(),
            )
        })
    });
    cases.push(Case {
        class: "faultline.score",
        name: "overall score".to_owned(),
        line: None,
        failure: gate,
        out: format!(
            "{}: score {:.1}/100, grade {:?}\n",
            r.name, r.score, r.grade
        ),
    });
    for j in &r.journeys {
        let over = j.expected_downtime_minutes_per_year > j.budget_minutes_per_year;
        let summary = format!(
            "expected downtime {} a year against a budget of {} ({} % target): score {:.1}, grade {:?}",
            fmt_minutes(j.expected_downtime_minutes_per_year),
            fmt_minutes(j.budget_minutes_per_year),
            j.target_availability,
            j.score,
            j.grade
        );
        let mut body = String::new();
        for f in r.findings.iter().filter(|f| f.journey == j.name).take(5) {
            finding_lines(&mut body, f, at);
        }
        cases.push(Case {
            class: "faultline.journeys",
            name: j.name.clone(),
            line: None,
            failure: over.then(|| ("over-budget".to_owned(), summary.clone(), body)),
            out: if over { String::new() } else { summary },
        });
    }
    let mut by_pattern: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &r.findings {
        by_pattern.entry(f.pattern.as_str()).or_default().push(f);
    }
    for (pattern, findings) in by_pattern {
        let points: f64 = findings.iter().map(|f| f.points).sum();
        let worst = findings
            .iter()
            .map(|f| level(f.points))
            .max()
            .unwrap_or(Level::Note);
        let mut body = String::new();
        for f in &findings {
            finding_lines(&mut body, f, at);
        }
        let message = format!(
            "{} finding(s), -{points:.2} points; the costliest is at the {} level",
            findings.len(),
            worst.as_str()
        );
        let line = findings.first().map(|f| at.place(f).line);
        let failed = worst == Level::Error;
        cases.push(Case {
            class: "faultline.findings",
            name: pattern.to_owned(),
            line,
            failure: failed.then(|| (worst.as_str().to_owned(), message.clone(), body.clone())),
            out: if failed {
                String::new()
            } else {
                format!("{message}\n{body}")
            },
        });
    }
    let mut props = vec![
        ("score", format!("{:.1}", r.score)),
        ("grade", format!("{:?}", r.grade)),
        ("catalogue_version", r.catalogue_version.clone()),
        ("faultline_version", r.faultline_version.clone()),
    ];
    if input.suppressed > 0 {
        props.push(("suppressed_by_baseline", input.suppressed.to_string()));
    }
    suite(
        &format!("faultline score: {} ({})", r.name, input.file),
        input.file,
        &props,
        &cases,
    )
}

/// The diff as JUnit XML. `conditions` are the gate's (`--fail-on`): they set the
/// thresholds of the failing cases.
pub fn diff(d: &DiffReport, file: &str, conditions: &[FailOn]) -> String {
    let drop_limit = conditions.iter().find_map(|c| match c {
        FailOn::ScoreDrop(n) => Some(*n),
        _ => None,
    });
    let finding_limit = conditions
        .iter()
        .find_map(|c| match c {
            FailOn::NewFinding(n) => Some(*n),
            _ => None,
        })
        .unwrap_or(0.0);
    let mut cases = Vec::new();
    for j in &d.journeys {
        let summary = match (j.base_score, j.head_score) {
            (Some(b), Some(h)) => format!("score {b:.1} -> {h:.1}"),
            (None, Some(h)) => format!("new journey, score {h:.1}"),
            (Some(b), None) => format!("journey removed (score was {b:.1})"),
            (None, None) => String::new(),
        };
        let drop = j.change.map_or(0.0, |c| -c);
        let failed = drop > drop_limit.unwrap_or(0.0);
        cases.push(Case {
            class: "faultline.journeys",
            name: j.name.clone(),
            line: None,
            failure: failed.then(|| {
                (
                    "score-drop".to_owned(),
                    format!("{summary} (down {drop:.1})"),
                    String::new(),
                )
            }),
            out: if failed { String::new() } else { summary },
        });
    }
    let spofs: Vec<String> = d
        .new_single_points
        .iter()
        .map(|s| format!("{} takes `{}` down on its own", s.domain, s.journey))
        .collect();
    cases.push(Case {
        class: "faultline.single-points",
        name: "single points of failure".to_owned(),
        line: None,
        failure: (!spofs.is_empty()).then(|| {
            (
                "new-spof".to_owned(),
                format!("{} new single point(s) of failure", spofs.len()),
                spofs.join("\n"),
            )
        }),
        out: if d.single_points_compared {
            String::new()
        } else {
            "not compared: the base is a saved score report".to_owned()
        },
    });
    let mut by_pattern: BTreeMap<&str, Vec<(&str, &FindingSide)>> = BTreeMap::new();
    for f in &d.added {
        by_pattern
            .entry(f.pattern.as_str())
            .or_default()
            .push(("added", f));
    }
    for c in d.changed.iter().filter(|c| c.is_worse()) {
        by_pattern
            .entry(c.head.pattern.as_str())
            .or_default()
            .push(("worse", &c.head));
    }
    for (pattern, findings) in by_pattern {
        let mut body = String::new();
        for (kind, f) in &findings {
            let _ = writeln!(
                body,
                "{kind}: -{:.2} pts  {}  [{}] {} for {}",
                f.points,
                f.journey,
                f.scenario,
                f.status,
                fmt_minutes(f.minutes)
            );
            for l in &f.chain {
                let _ = writeln!(body, "    - {}", l.text);
            }
        }
        let failed = findings.iter().any(|(_, f)| f.points > finding_limit);
        let message = format!("{} new or worse finding(s)", findings.len());
        cases.push(Case {
            class: "faultline.findings",
            name: pattern.to_owned(),
            line: None,
            failure: failed.then(|| ("new-finding".to_owned(), message.clone(), body.clone())),
            out: if failed {
                String::new()
            } else {
                format!("{message}\n{body}")
            },
        });
    }
    let props = vec![
        ("base_score", format!("{:.1}", d.base.score)),
        ("head_score", format!("{:.1}", d.head.score)),
        ("score_change", format!("{:.1}", d.score_change)),
        ("suppressed_by_baseline", d.suppressed.to_string()),
    ];
    suite(
        &format!("faultline diff: {} ({file})", d.head.name),
        file,
        &props,
        &cases,
    )
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(esc("a<b & \"c\"\u{1}'"), "a&lt;b &amp; &quot;c&quot;&apos;");
    }
}
