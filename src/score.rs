//! Scoring: expected yearly downtime per journey, a 0–100 score and a grade, with every
//! lost point attributed to a finding. Defined with a worked example in `docs/scoring.md`.
//!
//! - Expected yearly downtime of journey j: `D_j = Σ_s f_s × (down_s,j + 0.25 × degraded_s,j)`
//!   over scenarios s, with `f_s` the scenario's yearly frequency.
//! - Budget: `B_j = (1 − target_j / 100) × 525,960` minutes (a year of 365.25 days).
//! - Journey score: `100 − 50 × D_j / B_j`, floored at 0: an architecture whose expected
//!   outages use the whole budget scores 50.
//! - Overall score: the criticality-weighted mean of journey scores
//!   (low 1, normal 2, high 3, critical 4).
//! - Grade: A ≥ 90, B ≥ 75, C ≥ 50, D ≥ 25, F below.

use serde::{Deserialize, Serialize};

use crate::det::round;
use crate::propagate::{Outcome, Status, Step};
use crate::resolve::Resolved;
use crate::scenarios::Scenario;

/// Minutes in a year of 365.25 days.
pub const MINUTES_PER_YEAR: f64 = 525_960.0;
pub use crate::propagate::DEGRADED_WEIGHT;
/// Points lost when expected downtime equals the budget.
pub const POINTS_PER_BUDGET: f64 = 50.0;

/// A letter grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Grade {
    /// ≥ 90: expected outages use at most a fifth of the budget.
    A,
    /// ≥ 75: at most half.
    B,
    /// ≥ 50: within the budget.
    C,
    /// ≥ 25: up to one and a half budgets.
    D,
    /// Below 25.
    F,
}

impl Grade {
    /// The grade of a score.
    pub fn of(score: f64) -> Grade {
        if score >= 90.0 {
            Grade::A
        } else if score >= 75.0 {
            Grade::B
        } else if score >= 50.0 {
            Grade::C
        } else if score >= 25.0 {
            Grade::D
        } else {
            Grade::F
        }
    }
}

/// One scenario's effect on one journey, and what it costs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Finding {
    /// Stable id: `<scenario>~<journey>`.
    pub id: String,
    /// Scenario id.
    pub scenario: String,
    /// Pattern id.
    pub pattern: String,
    /// The failed domain.
    pub domain: String,
    /// Journey name.
    pub journey: String,
    /// Down or degraded.
    pub status: Status,
    /// Minutes down per occurrence.
    pub impact_minutes: f64,
    /// Minutes degraded (beyond down) per occurrence.
    pub degraded_minutes: f64,
    /// Minutes of writes lost per occurrence (`null`: none, or everything when
    /// `data_loss_total`).
    pub data_loss_minutes: Option<f64>,
    /// All data lost: no copy survives.
    pub data_loss_total: bool,
    /// Occurrences per year.
    pub per_year: f64,
    /// Expected minutes per year this finding costs the journey.
    pub expected_minutes_per_year: f64,
    /// Points of the overall score it costs.
    pub points: f64,
    /// The impact exceeds the journey's RTO.
    pub rto_breach: bool,
    /// The data loss exceeds the journey's RPO.
    pub rpo_breach: bool,
    /// Why.
    pub chain: Vec<Step>,
    /// How frequency or duration were adjusted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<String>,
}

/// A journey's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JourneyScore {
    /// Name.
    pub name: String,
    /// Weight in the overall score.
    pub weight: f64,
    /// Availability target, percent.
    pub target_availability: f64,
    /// Downtime budget, minutes per year.
    pub budget_minutes_per_year: f64,
    /// Expected downtime, minutes per year (degraded minutes weighted).
    pub expected_downtime_minutes_per_year: f64,
    /// Expected availability, percent.
    pub expected_availability: f64,
    /// 0–100.
    pub score: f64,
    /// A–F.
    pub grade: Grade,
    /// Scenarios in which it is down or degraded.
    pub scenarios_hurting: usize,
    /// Scenarios whose outage exceeds its RTO.
    pub rto_breaches: usize,
    /// Scenarios whose data loss exceeds its RPO.
    pub rpo_breaches: usize,
    /// Derived from a root component because no journeys were declared.
    pub implicit: bool,
}

/// Scores played scenarios. `played[s][j]` is scenario s's outcome on journey j.
pub(crate) fn score(
    r: &Resolved,
    scenarios: &[Scenario],
    played: &[Vec<Outcome>],
) -> (f64, Grade, Vec<JourneyScore>, Vec<Finding>) {
    score_with(r, scenarios, played, true)
}

/// [`score`]; without `chains`, findings carry no causal chain (for measuring changed
/// copies, where only the numbers and the finding ids are used).
pub(crate) fn score_with(
    r: &Resolved,
    scenarios: &[Scenario],
    played: &[Vec<Outcome>],
    chains: bool,
) -> (f64, Grade, Vec<JourneyScore>, Vec<Finding>) {
    let total_weight: f64 = r.journeys.iter().map(|j| j.criticality.weight()).sum();
    let mut journeys = Vec::with_capacity(r.journeys.len());
    let mut findings = Vec::new();
    for (ji, j) in r.journeys.iter().enumerate() {
        let budget = (1.0 - j.target_availability / 100.0) * MINUTES_PER_YEAR;
        let weight = j.criticality.weight();
        let mut expected = 0.0;
        let mut mine = Vec::new();
        let (mut rto, mut rpo, mut hurting) = (0, 0, 0);
        for (si, s) in scenarios.iter().enumerate() {
            let o = &played[si][ji];
            if o.status() == Status::Up && o.data_loss_minutes.is_none() && !o.data_loss_total {
                continue;
            }
            hurting += 1;
            let cost = s.per_year * (o.down_minutes + DEGRADED_WEIGHT * o.degraded_minutes);
            expected += cost;
            let rto_breach = j.rto_minutes.is_some_and(|t| o.down_minutes > t);
            let rpo_breach = j
                .rpo_minutes
                .is_some_and(|t| o.data_loss_total || o.data_loss_minutes.is_some_and(|m| m > t));
            rto += usize::from(rto_breach);
            rpo += usize::from(rpo_breach);
            mine.push(Finding {
                id: format!("{}~{}", s.id, j.name),
                scenario: s.id.clone(),
                pattern: s.pattern.clone(),
                domain: s.domain.to_string(),
                journey: j.name.clone(),
                status: o.status(),
                impact_minutes: round(o.down_minutes, 3),
                degraded_minutes: round(o.degraded_minutes, 3),
                data_loss_minutes: o.data_loss_minutes.map(|m| round(m, 3)),
                data_loss_total: o.data_loss_total,
                per_year: round(s.per_year, 6),
                expected_minutes_per_year: cost,
                points: 0.0,
                rto_breach,
                rpo_breach,
                chain: if chains {
                    o.chain.for_report()
                } else {
                    Vec::new()
                },
                adjustments: s.adjustments.clone(),
            });
        }
        let raw_lost = if budget > 0.0 {
            POINTS_PER_BUDGET * expected / budget
        } else {
            100.0
        };
        let lost = raw_lost.min(100.0);
        let scale = if raw_lost > 0.0 { lost / raw_lost } else { 0.0 };
        for f in &mut mine {
            let journey_points = if budget > 0.0 {
                POINTS_PER_BUDGET * f.expected_minutes_per_year / budget * scale
            } else {
                0.0
            };
            f.points = round(journey_points * weight / total_weight, 4);
            f.expected_minutes_per_year = round(f.expected_minutes_per_year, 4);
        }
        findings.extend(mine);
        let s = 100.0 - lost;
        journeys.push(JourneyScore {
            name: j.name.clone(),
            weight,
            target_availability: j.target_availability,
            budget_minutes_per_year: round(budget, 3),
            expected_downtime_minutes_per_year: round(expected, 3),
            expected_availability: round(100.0 * (1.0 - expected / MINUTES_PER_YEAR), 5),
            score: round(s, 1),
            grade: Grade::of(round(s, 1)),
            scenarios_hurting: hurting,
            rto_breaches: rto,
            rpo_breaches: rpo,
            implicit: j.implicit,
        });
    }
    let overall = if total_weight > 0.0 {
        r.journeys
            .iter()
            .zip(&journeys)
            .map(|(j, s)| {
                let budget = (1.0 - j.target_availability / 100.0) * MINUTES_PER_YEAR;
                let lost = if budget > 0.0 {
                    (POINTS_PER_BUDGET * s.expected_downtime_minutes_per_year / budget).min(100.0)
                } else {
                    100.0
                };
                (100.0 - lost) * s.weight
            })
            .sum::<f64>()
            / total_weight
    } else {
        100.0
    };
    findings.sort_by(|a, b| b.points.total_cmp(&a.points).then_with(|| a.id.cmp(&b.id)));
    let overall = round(overall, 1);
    (overall, Grade::of(overall), journeys, findings)
}
