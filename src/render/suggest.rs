//! The mitigations report as text (terminals) and Markdown (pull requests).

use std::fmt::Write as _;

use crate::mitigate::{Change, SuggestReport, Suggestion};
use crate::render::words::fmt_minutes;

fn value(v: Option<&serde_json::Value>) -> String {
    match v {
        None => "(none)".to_owned(),
        Some(v) => {
            let s = serde_json::to_string(v).unwrap_or_default();
            if s.chars().count() > 72 {
                let cut: String = s.chars().take(69).collect();
                format!("{cut}...")
            } else {
                s
            }
        }
    }
}

fn change_line(c: &Change) -> String {
    match (&c.before, &c.after) {
        (None, after) => format!("+ {} = {}", c.path, value(after.as_ref())),
        (before, None) => format!("- {} (was {})", c.path, value(before.as_ref())),
        (before, after) => format!(
            "~ {}: {} -> {}",
            c.path,
            value(before.as_ref()),
            value(after.as_ref())
        ),
    }
}

/// Journeys whose expected downtime changes, as `name a -> b`.
fn journey_moves(s: &Suggestion) -> Vec<String> {
    s.journeys
        .iter()
        .filter(|j| j.before_minutes_per_year != j.after_minutes_per_year)
        .map(|j| {
            format!(
                "{} {} -> {}",
                j.name,
                fmt_minutes(j.before_minutes_per_year),
                fmt_minutes(j.after_minutes_per_year)
            )
        })
        .collect()
}

/// The report for a terminal.
pub fn text(r: &SuggestReport) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}: score {:.1}/100, grade {:?}; {} of {} candidate changes raise it",
        r.name,
        r.baseline_score,
        r.baseline_grade,
        r.suggestions.len(),
        r.considered
    );
    let _ = writeln!(
        o,
        "Ranked by gain per cost (low 1, medium 2, high 4); each measured by re-scoring a changed copy.\n"
    );
    for (n, s) in r.suggestions.iter().enumerate() {
        let _ = writeln!(
            o,
            "{:>2}. +{:.1} -> {:.1} ({:?})  [{} cost]  {}",
            n + 1,
            s.gain,
            s.score,
            s.grade,
            s.cost.as_str(),
            s.id
        );
        let _ = writeln!(o, "    {}", s.title);
        let _ = writeln!(o, "    {}", s.description);
        let moves = journey_moves(s);
        if !moves.is_empty() {
            let _ = writeln!(o, "    expected downtime per year: {}", moves.join("; "));
        }
        if !s.fixes.is_empty() {
            let _ = writeln!(
                o,
                "    fixes or shortens {} finding{}, e.g. {}",
                s.fixes.len(),
                if s.fixes.len() == 1 { "" } else { "s" },
                s.fixes[0]
            );
        }
        if !s.answers.is_empty() {
            let _ = writeln!(o, "    answers: {}", s.answers.join(", "));
        }
        let _ = writeln!(o, "    changes:");
        for c in s.diff.iter().take(8) {
            let _ = writeln!(o, "      {}", change_line(c));
        }
        if s.diff.len() > 8 {
            let _ = writeln!(o, "      ... and {} more", s.diff.len() - 8);
        }
        let _ = writeln!(o);
    }
    if r.suggestions.is_empty() {
        let _ = writeln!(o, "No candidate change raises the score.\n");
    }
    if !r.rejected.is_empty() {
        let _ = writeln!(o, "Not offered ({}):", r.rejected.len());
        for x in &r.rejected {
            let _ = writeln!(o, "  {}: {}", x.id, x.reason);
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(
        o,
        "Apply one with `faultline suggest FILE --apply ID -o OUT`."
    );
    o
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The report as Markdown.
pub fn markdown(r: &SuggestReport) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "## faultline: mitigations for {} (score {:.1}, grade {:?})\n",
        cell(&r.name),
        r.baseline_score,
        r.baseline_grade
    );
    let _ = writeln!(
        o,
        "{} of {} candidate changes raise the score; ranked by gain per cost (low 1, medium 2, high 4).\n",
        r.suggestions.len(),
        r.considered
    );
    if !r.suggestions.is_empty() {
        let _ = writeln!(
            o,
            "| # | suggestion | cost | gain | new score | journeys (expected downtime / year) |"
        );
        let _ = writeln!(o, "|---:|---|---|---:|---:|---|");
        for (n, s) in r.suggestions.iter().enumerate() {
            let _ = writeln!(
                o,
                "| {} | **{}** (`{}`) | {} | +{:.1} | {:.1} ({:?}) | {} |",
                n + 1,
                cell(&s.title),
                cell(&s.id),
                s.cost.as_str(),
                s.gain,
                s.score,
                s.grade,
                cell(&journey_moves(s).join("; "))
            );
        }
        let _ = writeln!(o);
        for s in &r.suggestions {
            let _ = writeln!(o, "### `{}`\n\n{}\n", s.id, s.description);
            if !s.answers.is_empty() {
                let _ = writeln!(o, "Answers: {}.\n", s.answers.join(", "));
            }
            let _ = writeln!(o, "```diff");
            for c in &s.diff {
                let _ = writeln!(o, "{}", change_line(c));
            }
            let _ = writeln!(o, "```\n");
        }
    }
    if !r.rejected.is_empty() {
        let _ = writeln!(
            o,
            "<details><summary>Not offered ({})</summary>\n",
            r.rejected.len()
        );
        for x in &r.rejected {
            let _ = writeln!(o, "- `{}`: {}", cell(&x.id), cell(&x.reason));
        }
        let _ = writeln!(o, "\n</details>");
    }
    o
}
