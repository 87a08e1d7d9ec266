//! Plain-text reports for terminals.

use std::fmt::Write as _;

use crate::render::locate::Locator;
use crate::render::words::{ImpactNumbers, breaches, fmt_minutes, impact_words};
use crate::report::{JourneyImpact, ReplayReport, ScoreReport, SimulateReport};

/// The score report: the score, each journey against its budget, the costliest findings
/// with their causal chains.
pub fn score(r: &ScoreReport, top: usize) -> String {
    score_at(r, top, &Locator::none())
}

/// [`score`], with a `code:` line under each finding whose components name Terraform
/// resource addresses (see [`Locator::code`]).
pub fn score_at(r: &ScoreReport, top: usize, at: &Locator) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}: score {:.1}/100, grade {:?}",
        r.name, r.score, r.grade
    );
    let _ = writeln!(
        o,
        "{} scenarios played (catalogue {}, faultline {})\n",
        r.scenarios, r.catalogue_version, r.faultline_version
    );
    let _ = writeln!(
        o,
        "Journeys (expected downtime per year against the target's budget):"
    );
    for j in &r.journeys {
        let _ = writeln!(
            o,
            "  {:<24} {:>5.1} {:?}  {} of {} budget ({:.3} % target, {:.4} % expected){}{}",
            j.name,
            j.score,
            j.grade,
            fmt_minutes(j.expected_downtime_minutes_per_year),
            fmt_minutes(j.budget_minutes_per_year),
            j.target_availability,
            j.expected_availability,
            breaches(j.rto_breaches_per_year, j.rpo_breaches_per_year),
            j.capped
                .as_deref()
                .map(|c| format!("; {c}"))
                .unwrap_or_default()
        );
    }
    let _ = writeln!(o, "\nCostliest findings:");
    if r.findings.is_empty() {
        let _ = writeln!(o, "  none: no catalogued outage pattern hurts a journey");
    }
    for f in r.findings.iter().take(top) {
        let _ = writeln!(
            o,
            "  -{:.2} pts  {}  [{}] {}{}  ({:.4}/yr{})",
            f.points,
            f.journey,
            f.scenario,
            impact_words(ImpactNumbers {
                status: f.status,
                impact_minutes: f.impact_minutes,
                all_down_minutes: f.all_down_minutes,
                affected_share: f.affected_share,
                degraded_minutes: f.degraded_minutes,
                degraded_share: f.degraded_share,
            }),
            data_loss_words(f.data_loss_minutes, f.data_loss_total),
            f.per_year,
            if f.few_events {
                ", few events: rate uncertain"
            } else {
                ""
            }
        );
        for s in &f.chain {
            let _ = writeln!(o, "      - {}", s.text);
        }
        let code = at.code(f);
        if !code.is_empty() {
            let _ = writeln!(o, "      code: {}", code.join(", "));
        }
    }
    if r.findings.len() > top {
        let _ = writeln!(
            o,
            "  ... {} more (use --top or --format json)",
            r.findings.len() - top
        );
    }
    let warnings: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.severity != crate::diagnostic::Severity::Info)
        .collect();
    if !warnings.is_empty() {
        let _ = writeln!(o, "\nWarnings:");
        for d in warnings {
            let _ = writeln!(o, "  [{}] {} ({})", d.code, d.message, d.path);
        }
    }
    o
}

fn data_loss_words(minutes: Option<f64>, total: bool) -> String {
    if total {
        ", ALL DATA LOST".to_owned()
    } else {
        match minutes {
            Some(m) if m > 0.0 => format!(", loses {} of data", fmt_minutes(m)),
            _ => String::new(),
        }
    }
}

fn journey_lines(o: &mut String, journeys: &[JourneyImpact]) {
    for j in journeys {
        let _ = writeln!(
            o,
            "  {:<24} {}{}{}{}",
            j.name,
            impact_words(ImpactNumbers {
                status: j.status,
                impact_minutes: j.impact_minutes,
                all_down_minutes: j.all_down_minutes,
                affected_share: j.affected_share,
                degraded_minutes: j.degraded_minutes,
                degraded_share: j.degraded_share,
            }),
            data_loss_words(j.data_loss_minutes, j.data_loss_total),
            if j.rto_breach { ", RTO BREACHED" } else { "" },
            if j.rpo_breach { ", RPO BREACHED" } else { "" }
        );
        for s in &j.chain {
            let _ = writeln!(o, "      - {}", s.text);
        }
    }
}

/// One simulated scenario.
pub fn simulate(r: &SimulateReport) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "Scenario {} for {}", r.scenario, fmt_minutes(r.minutes));
    let failed: Vec<String> = r
        .failed_domains
        .iter()
        .map(|d| d.domain.to_string())
        .collect();
    let _ = writeln!(o, "Failed: {}\n", failed.join(", "));
    if let Some(note) = &r.note {
        let _ = writeln!(o, "Note: {note}\n");
    }
    journey_lines(&mut o, &r.journeys);
    o
}

/// Replayed incidents.
pub fn replay(r: &ReplayReport) -> String {
    let mut o = String::new();
    if r.incidents.is_empty() {
        let _ = writeln!(o, "No catalogued incident touches {}'s providers.", r.name);
    }
    for i in &r.incidents {
        let _ = writeln!(
            o,
            "{} {} ({})\n  {}\n  replayed as {} for {}",
            i.date,
            i.title,
            i.incident,
            i.source,
            i.simulation.pattern,
            fmt_minutes(i.simulation.minutes)
        );
        if let Some(note) = &i.simulation.note {
            let _ = writeln!(o, "  note: {note}");
        }
        journey_lines(&mut o, &i.simulation.journeys);
        o.push('\n');
    }
    o
}
