//! A [`DiffReport`] for terminals ([`text`]) and as one pull-request comment
//! ([`markdown`]), which starts with the hidden line [`MARKER`] so that a CI job can find
//! its own comment and update it in place instead of adding one per push.

use std::fmt::Write as _;

use crate::diff::{DiffReport, FindingSide, JourneyChange};
use crate::render::locate::Locator;
use crate::render::words::fmt_minutes;

/// The first line of the Markdown form: an HTML comment that GitHub and GitLab do not
/// show, by which a CI job finds the comment it wrote before.
pub const MARKER: &str = "<!-- faultline-diff -->";

/// Rows per findings table in the Markdown form (a comment is limited to 65,536
/// characters); the rest are counted.
const ROWS: usize = 15;

fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{x:.1}")
    } else if x < 0.0 {
        format!("−{:.1}", -x)
    } else {
        "±0.0".to_owned()
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn journey_minutes(j: &JourneyChange) -> String {
    match (j.base_minutes_per_year, j.head_minutes_per_year) {
        (Some(b), Some(h)) => format!("{} -> {}", fmt_minutes(b), fmt_minutes(h)),
        (None, Some(h)) => format!("new: {}", fmt_minutes(h)),
        (Some(b), None) => format!("removed (was {})", fmt_minutes(b)),
        (None, None) => String::new(),
    }
}

fn score_of(score: Option<f64>, grade: Option<&String>) -> String {
    match (score, grade) {
        (Some(s), Some(g)) => format!("{s:.1} {g}"),
        (Some(s), None) => format!("{s:.1}"),
        _ => "-".to_owned(),
    }
}

fn what(f: &FindingSide) -> String {
    format!("{} for {}", f.status, fmt_minutes(f.minutes))
}

fn code(at: &Locator, f: &FindingSide) -> Vec<String> {
    at.code_of_chain(f.chain.iter().map(|l| l.subject.as_str()))
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// The diff for a terminal. `at` locates the head's components (for `code:` lines).
pub fn text(d: &DiffReport, at: &Locator) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}: score {:.1} {} -> {:.1} {} ({})",
        d.head.name,
        d.base.score,
        d.base.grade,
        d.head.score,
        d.head.grade,
        signed(d.score_change)
    );
    if d.is_empty() {
        let _ = writeln!(o, "Nothing moved: same score, same findings.");
    }
    let _ = writeln!(o, "\nJourneys:");
    for j in &d.journeys {
        let _ = writeln!(
            o,
            "  {:<24} {:>7} -> {:<7} {:>6}  {}",
            j.name,
            score_of(j.base_score, j.base_grade.as_ref()),
            score_of(j.head_score, j.head_grade.as_ref()),
            j.change.map(signed).unwrap_or_default(),
            journey_minutes(j)
        );
    }
    if !d.new_single_points.is_empty() {
        let _ = writeln!(o, "\nNew single points of failure:");
        for s in &d.new_single_points {
            let _ = writeln!(
                o,
                "  {:<24} {}  ({:.4}/yr; {})",
                s.journey,
                s.domain,
                s.per_year,
                s.patterns.join(", ")
            );
        }
    }
    if !d.removed_single_points.is_empty() {
        let _ = writeln!(o, "\nSingle points of failure removed:");
        for s in &d.removed_single_points {
            let _ = writeln!(o, "  {:<24} {}", s.journey, s.domain);
        }
    }
    let _ = writeln!(
        o,
        "\nFindings: {} added, {} changed, {} removed, {} unchanged",
        d.added.len(),
        d.changed.len(),
        d.removed.len(),
        d.unchanged
    );
    for f in &d.added {
        let _ = writeln!(
            o,
            "  + -{:.2} pts  {}  [{}] {}",
            f.points,
            f.journey,
            f.scenario,
            what(f)
        );
        for l in &f.chain {
            let _ = writeln!(o, "        - {}", l.text);
        }
        let c = code(at, f);
        if !c.is_empty() {
            let _ = writeln!(o, "        code: {}", c.join(", "));
        }
    }
    for c in &d.changed {
        let _ = writeln!(
            o,
            "  {} -{:.2} -> -{:.2} pts  {}  [{}] {} for {} -> {}",
            if c.is_worse() { "!" } else { "~" },
            c.base_points,
            c.head.points,
            c.head.journey,
            c.head.scenario,
            c.base_status,
            fmt_minutes(c.base_minutes),
            what(&c.head)
        );
        let cc = code(at, &c.head);
        if c.is_worse() && !cc.is_empty() {
            let _ = writeln!(o, "        code: {}", cc.join(", "));
        }
    }
    for f in &d.removed {
        let _ = writeln!(
            o,
            "  - -{:.2} pts  {}  [{}] {}",
            f.points,
            f.journey,
            f.scenario,
            what(f)
        );
    }
    if !d.mitigations.is_empty() {
        let _ = writeln!(
            o,
            "\nMitigations that win it back (each applied to the head and re-scored):"
        );
        for m in &d.mitigations {
            let _ = writeln!(
                o,
                "  {:>+6.1} -> {:>5.1}  {:<6}  {}  [{}]",
                m.gain,
                m.score,
                m.cost.as_str(),
                m.title,
                m.id
            );
        }
    }
    if d.suppressed > 0 {
        let _ = writeln!(
            o,
            "\n{} added or changed finding(s) accepted by the baseline and left out.",
            d.suppressed
        );
    }
    for n in &d.notes {
        let _ = writeln!(o, "\nnote: {n}");
    }
    o
}

/// The diff as one pull-request comment: [`MARKER`] first, then the score change, the
/// journeys, new single points of failure, the moved findings (the costliest
/// `ROWS` of each kind; the removed ones folded) and the mitigations that win the loss
/// back. `title` names what was compared (a file name).
pub fn markdown(d: &DiffReport, title: &str, at: &Locator) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{MARKER}");
    let arrow = if d.score_change < 0.0 {
        "🔻"
    } else if d.score_change > 0.0 {
        "🔺"
    } else {
        ""
    };
    let _ = writeln!(
        o,
        "## faultline: {} {:.1} {} → {:.1} {} ({}{})\n",
        cell(title),
        d.base.score,
        d.base.grade,
        d.head.score,
        d.head.grade,
        arrow,
        signed(d.score_change)
    );
    if d.is_empty() {
        let _ = writeln!(o, "Nothing moved: same score, same findings.\n");
    }
    let _ = writeln!(
        o,
        "| journey | base | head | change | expected downtime / year |"
    );
    let _ = writeln!(o, "|---|---:|---:|---:|---|");
    for j in &d.journeys {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} |",
            cell(&j.name),
            score_of(j.base_score, j.base_grade.as_ref()),
            score_of(j.head_score, j.head_grade.as_ref()),
            j.change.map(signed).unwrap_or_default(),
            journey_minutes(j).replace(" -> ", " → ")
        );
    }
    if !d.new_single_points.is_empty() {
        let _ = writeln!(o, "\n### ⚠️ New single points of failure\n");
        for s in &d.new_single_points {
            let _ = writeln!(
                o,
                "- `{}` takes journey **{}** down on its own ({:.4}/yr; {})",
                cell(&s.domain),
                cell(&s.journey),
                s.per_year,
                s.patterns.join(", ")
            );
        }
    }
    if !d.removed_single_points.is_empty() {
        let list: Vec<String> = d
            .removed_single_points
            .iter()
            .map(|s| format!("`{}` ({})", cell(&s.domain), cell(&s.journey)))
            .collect();
        let _ = writeln!(
            o,
            "\nSingle points of failure removed: {}.",
            list.join(", ")
        );
    }
    let worse: Vec<_> = d.changed.iter().filter(|c| c.is_worse()).collect();
    let better: Vec<_> = d.changed.iter().filter(|c| !c.is_worse()).collect();
    let _ = writeln!(
        o,
        "\n### Findings: {} added, {} worse, {} better, {} removed ({} unchanged)\n",
        d.added.len(),
        worse.len(),
        better.len(),
        d.removed.len(),
        d.unchanged
    );
    if !d.added.is_empty() || !worse.is_empty() {
        let with_code = d
            .added
            .iter()
            .chain(worse.iter().map(|c| &c.head))
            .any(|f| !code(at, f).is_empty());
        let _ = writeln!(
            o,
            "| | points | journey | scenario | what (per occurrence) | why |{}",
            if with_code { " code |" } else { "" }
        );
        let _ = writeln!(
            o,
            "|---|---:|---|---|---|---|{}",
            if with_code { "---|" } else { "" }
        );
        let rows = d
            .added
            .iter()
            .map(|f| ("added", format!("−{:.2}", f.points), what(f), f))
            .chain(worse.iter().map(|c| {
                (
                    "worse",
                    format!("−{:.2} → −{:.2}", c.base_points, c.head.points),
                    format!(
                        "{} for {} → {}",
                        c.base_status,
                        fmt_minutes(c.base_minutes),
                        what(&c.head)
                    ),
                    &c.head,
                )
            }));
        let total = d.added.len() + worse.len();
        for (kind, points, what, f) in rows.take(ROWS) {
            let why: Vec<&str> = f.chain.iter().map(|l| l.text.as_str()).collect();
            let c = if with_code {
                let c: Vec<String> = code(at, f)
                    .iter()
                    .map(|a| format!("`{}`", cell(a)))
                    .collect();
                format!(" {} |", c.join("<br>"))
            } else {
                String::new()
            };
            let _ = writeln!(
                o,
                "| {kind} | {points} | {} | `{}` | {what} | {} |{c}",
                cell(&f.journey),
                cell(&f.scenario),
                cell(&why.join("; "))
            );
        }
        if total > ROWS {
            let _ = writeln!(
                o,
                "\n… and {} more (`faultline diff --format json` lists them all).",
                total - ROWS
            );
        }
    }
    if !better.is_empty() || !d.removed.is_empty() {
        let _ = writeln!(
            o,
            "\n<details><summary>{} better, {} removed</summary>\n",
            better.len(),
            d.removed.len()
        );
        let _ = writeln!(o, "| | points | journey | scenario |");
        let _ = writeln!(o, "|---|---:|---|---|");
        let rows = better
            .iter()
            .map(|c| {
                (
                    "better",
                    format!("−{:.2} → −{:.2}", c.base_points, c.head.points),
                    &c.head,
                )
            })
            .chain(
                d.removed
                    .iter()
                    .map(|f| ("removed", format!("−{:.2}", f.points), f)),
            );
        for (kind, points, f) in rows.take(ROWS) {
            let _ = writeln!(
                o,
                "| {kind} | {points} | {} | `{}` |",
                cell(&f.journey),
                cell(&f.scenario)
            );
        }
        if better.len() + d.removed.len() > ROWS {
            let _ = writeln!(o, "\n… and {} more.", better.len() + d.removed.len() - ROWS);
        }
        let _ = writeln!(o, "\n</details>");
    }
    if !d.mitigations.is_empty() {
        let _ = writeln!(
            o,
            "\n### Mitigations that win it back\n\nEach applied to the head and re-scored; `faultline suggest FILE --apply ID -o FILE` writes it into the file.\n"
        );
        let _ = writeln!(o, "| gain | score | cost | mitigation | id |");
        let _ = writeln!(o, "|---:|---:|---|---|---|");
        for m in &d.mitigations {
            let _ = writeln!(
                o,
                "| {} | {:.1} | {} | {} | `{}` |",
                signed(m.gain),
                m.score,
                m.cost.as_str(),
                cell(&m.title),
                cell(&m.id)
            );
        }
    }
    if d.suppressed > 0 {
        let _ = writeln!(
            o,
            "\n_{} added or changed finding(s) accepted by the baseline and left out._",
            d.suppressed
        );
    }
    for n in &d.notes {
        let _ = writeln!(o, "\n_Note: {}._", cell(n));
    }
    let _ = writeln!(
        o,
        "\n<sub>faultline {}, catalogue {}.</sub>",
        d.head.faultline_version, d.head.catalogue_version
    );
    o
}
