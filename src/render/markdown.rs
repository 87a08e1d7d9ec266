//! Markdown reports for pull requests.

use std::fmt::Write as _;

use crate::render::locate::Locator;
use crate::render::words::fmt_minutes;
use crate::report::ScoreReport;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The score report as Markdown.
pub fn score(r: &ScoreReport, top: usize) -> String {
    score_at(r, top, &Locator::none())
}

/// [`score`], with a `code` column naming the Terraform resource addresses of each
/// finding's components when the description has any (see [`Locator::code`]).
pub fn score_at(r: &ScoreReport, top: usize, at: &Locator) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "## faultline: {} scores {:.1}/100 (grade {:?})\n",
        cell(&r.name),
        r.score,
        r.grade
    );
    let _ = writeln!(
        o,
        "| journey | score | grade | expected downtime / year | budget / year | target |"
    );
    let _ = writeln!(o, "|---|---:|:-:|---:|---:|---:|");
    for j in &r.journeys {
        let _ = writeln!(
            o,
            "| {} | {:.1} | {:?} | {} | {} | {} % |",
            cell(&j.name),
            j.score,
            j.grade,
            fmt_minutes(j.expected_downtime_minutes_per_year),
            fmt_minutes(j.budget_minutes_per_year),
            j.target_availability
        );
    }
    let _ = writeln!(o, "\n### Costliest findings\n");
    let with_code = at.has_code();
    let _ = writeln!(
        o,
        "| points | journey | scenario | status | minutes | per year | why |{}",
        if with_code { " code |" } else { "" }
    );
    let _ = writeln!(
        o,
        "|---:|---|---|---|---:|---:|---|{}",
        if with_code { "---|" } else { "" }
    );
    for f in r.findings.iter().take(top) {
        let why: Vec<&str> = f.chain.iter().map(|s| s.text.as_str()).collect();
        let code = if with_code {
            let c: Vec<String> = at
                .code(f)
                .iter()
                .map(|a| format!("`{}`", cell(a)))
                .collect();
            format!(" {} |", c.join("<br>"))
        } else {
            String::new()
        };
        let _ = writeln!(
            o,
            "| {:.2} | {} | `{}` | {:?} | {} | {:.4} | {} |{code}",
            f.points,
            cell(&f.journey),
            cell(&f.scenario),
            f.status,
            fmt_minutes(f.impact_minutes.max(f.degraded_minutes)),
            f.per_year,
            cell(&why.join("; "))
        );
    }
    let _ = writeln!(
        o,
        "\n_{} scenarios from catalogue {}; faultline {}._",
        r.scenarios, r.catalogue_version, r.faultline_version
    );
    o
}
