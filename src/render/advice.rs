//! The advice `faultline score` prints after the score (text and Markdown): each journey's
//! single points of failure, its most likely risk groups, and the best measured mitigations.
//! The full lists are `faultline risk` and `faultline suggest`; their JSON is there too.

use std::fmt::Write as _;

use crate::advice::Advice;

/// Risk groups shown per journey.
const GROUPS_PER_JOURNEY: usize = 3;
/// Single points of failure named per journey before "and N more".
const SPOFS_PER_JOURNEY: usize = 8;

/// The advice as text.
pub fn text(advice: &Advice) -> String {
    let (risk, m) = (&advice.risk, &advice.mitigations);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "\nSingle points of failure (one fault domain down takes the journey down):"
    );
    for j in &risk.journeys {
        let _ = writeln!(o, "  {:<24} {}", j.name, spofs(j));
    }
    let groups: Vec<_> = risk
        .journeys
        .iter()
        .filter(|j| !j.risk_groups.is_empty())
        .collect();
    if !groups.is_empty() {
        let _ = writeln!(
            o,
            "\nMost likely risk groups (domains whose joint failure takes the journey down):"
        );
        for j in groups {
            for g in j.risk_groups.iter().take(GROUPS_PER_JOURNEY) {
                let _ = writeln!(
                    o,
                    "  {:<24} {}  ({:.2e}/yr)",
                    j.name,
                    g.domains.join(" + "),
                    g.per_year
                );
            }
        }
    }
    if risk.truncated {
        let _ = writeln!(
            o,
            "  (enumeration stopped early: {})",
            risk.truncation.as_deref().unwrap_or("a limit was reached")
        );
    }
    if m.suggestions.is_empty() {
        let _ = writeln!(o, "\n{}", none_raise(m));
    } else {
        {
            let _ = writeln!(
                o,
                "\nBest mitigations (each applied to a copy and re-scored; `faultline suggest` lists all):"
            );
            for s in &m.suggestions {
                let _ = writeln!(
                    o,
                    "  {:>+6.1} -> {:>5.1}  {:<6}  {}  [{}]",
                    s.gain,
                    s.score,
                    s.cost.as_str(),
                    s.title,
                    s.id
                );
            }
        }
    }
    if let Some(why) = &m.truncated {
        let _ = writeln!(o, "  (mitigations: {why})");
    }
    o
}

/// The advice as Markdown.
pub fn markdown(advice: &Advice) -> String {
    let (risk, m) = (&advice.risk, &advice.mitigations);
    let mut o = String::new();
    let _ = writeln!(o, "\n### Single points of failure\n");
    let _ = writeln!(o, "| journey | one fault domain down takes it down |");
    let _ = writeln!(o, "|---|---|");
    for j in &risk.journeys {
        let _ = writeln!(o, "| {} | {} |", j.name, spofs(j));
    }
    if risk.journeys.iter().any(|j| !j.risk_groups.is_empty()) {
        let _ = writeln!(o, "\n### Most likely risk groups\n");
        let _ = writeln!(o, "| journey | domains failing together | per year |");
        let _ = writeln!(o, "|---|---|---|");
        for j in &risk.journeys {
            for g in j.risk_groups.iter().take(GROUPS_PER_JOURNEY) {
                let _ = writeln!(
                    o,
                    "| {} | {} | {:.2e} |",
                    j.name,
                    g.domains
                        .iter()
                        .map(|d| format!("`{d}`"))
                        .collect::<Vec<_>>()
                        .join(" + "),
                    g.per_year
                );
            }
        }
    }
    if m.suggestions.is_empty() {
        let _ = writeln!(o, "\n{}", none_raise(m));
    } else {
        {
            let _ = writeln!(o, "\n### Best mitigations (measured)\n");
            let _ = writeln!(o, "| gain | new score | cost | mitigation | id |");
            let _ = writeln!(o, "|---|---|---|---|---|");
            for s in &m.suggestions {
                let _ = writeln!(
                    o,
                    "| {:+.1} | {:.1} | {} | {} | `{}` |",
                    s.gain,
                    s.score,
                    s.cost.as_str(),
                    s.title,
                    s.id
                );
            }
        }
    }
    if let Some(why) = &m.truncated {
        let _ = writeln!(o, "\n_Mitigations: {why}._");
    }
    o
}

/// What to say when no mitigation was offered: none of the catalogue's, or none of those
/// the work budget let be measured.
fn none_raise(m: &crate::mitigate::SuggestReport) -> &'static str {
    if m.truncated.is_some() {
        "None of the mitigations measured within the work budget raises the score."
    } else {
        "No catalogued mitigation raises the score."
    }
}

fn spofs(j: &crate::risk::JourneyRisk) -> String {
    if j.single_points.is_empty() {
        return "none".to_owned();
    }
    let mut names: Vec<&str> = j
        .single_points
        .iter()
        .take(SPOFS_PER_JOURNEY)
        .filter_map(|g| g.domains.first().map(String::as_str))
        .collect();
    let more = j.single_points.len().saturating_sub(SPOFS_PER_JOURNEY);
    let mut s = names.join(", ");
    if more > 0 {
        let _ = write!(s, " and {more} more");
    }
    names.clear();
    s
}
