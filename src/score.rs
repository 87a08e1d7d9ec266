//! Scoring: expected yearly downtime per journey, a 0–100 score and a grade, with every
//! lost point attributed to a finding. Defined with a worked example in `docs/scoring.md`.
//!
//! - Expected yearly downtime of journey j: `D_j = Σ_s f_s × (∫ down_s,j(t) dt + 0.25 ×
//!   ∫ degraded_s,j(t) dt)` over scenarios s, with `f_s` the scenario's yearly frequency and
//!   `down_s,j(t)` the share of the journey's users down `t` minutes into it (degraded users
//!   counted beyond the down ones), after the journey's tolerance drops interruptions too
//!   short to be outages.
//! - Budget: `B_j = (1 − target_j / 100) × 525,960` minutes (a year of 365.25 days).
//! - Journey score: `100 − 50 × D_j / B_j`, floored at 0: an architecture whose expected
//!   outages use the whole budget scores 50.
//! - Overall score: the criticality-weighted mean of journey scores
//!   (low 1, normal 2, high 3, critical 4).
//! - Grade: A ≥ 90, B ≥ 75, C ≥ 50, D ≥ 25, F below.

use crate::rules::constants::{MINUTES_PER_YEAR, ONE_BUILDING_CAP, POINTS_PER_BUDGET};
use crate::sort::Stable;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

use crate::det::round;
use crate::domain::DomainClass;
use crate::propagate::{Hurt, Outcome, Status, Step};
use crate::resolve::{Resolved, ResolvedJourney};
use crate::rules::constants::DOWN_SHARE;
use crate::scenarios::Scenario;

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
    /// Down (nearly all users) or degraded (a share of users, or all of them slowed).
    pub status: Status,
    /// Minutes the affected users are down, per occurrence: the longest stretch without a
    /// break (what the RTO is judged on).
    pub impact_minutes: f64,
    /// Minutes (nearly) all its users are down at once: the longest stretch with at least
    /// `DOWN_SHARE` (90 %) of them down.
    pub all_down_minutes: f64,
    /// The largest share of the journey's users down at once (0–1).
    pub affected_share: f64,
    /// Minutes users are degraded (beyond the down ones), per occurrence: the longest
    /// stretch.
    pub degraded_minutes: f64,
    /// The largest share of the journey's users degraded but not down at once (0–1).
    pub degraded_share: f64,
    /// What one occurrence costs: share-weighted down minutes plus 0.25 × share-weighted
    /// degraded minutes.
    pub weighted_minutes: f64,
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
    /// The pattern's rate rests on fewer than three counted events (or on published factors
    /// only): read `per_year` as uncertain (`faultline explain <pattern>` shows the events).
    #[serde(default)]
    pub few_events: bool,
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
    /// Expected outages a year longer than its RTO (the sum of the rates of the scenarios
    /// that breach it).
    pub rto_breaches_per_year: f64,
    /// Expected data losses a year larger than its RPO.
    pub rpo_breaches_per_year: f64,
    /// The longest outage any scenario gives it, in minutes (its worst case, next to the
    /// expectation), and that scenario's id (`null` when none hurts it).
    pub worst_minutes: f64,
    /// The scenario of `worst_minutes`.
    pub worst_scenario: Option<String>,
    /// Why the score is capped, when it is: a journey that one building (a site or a zone)
    /// takes down for a whole event scores at most [`ONE_BUILDING_CAP`], below an A.
    pub capped: Option<String>,
    /// Derived from a root component because no journeys were declared.
    pub implicit: bool,
}

/// One journey's outcome in one scenario, as reports state it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Measured {
    /// The outcome with the journey's tolerance applied.
    pub outcome: Outcome,
    pub status: Status,
    pub impact_minutes: f64,
    pub all_down_minutes: f64,
    pub affected_share: f64,
    pub degraded_minutes: f64,
    pub degraded_share: f64,
    pub weighted_minutes: f64,
    pub rto_breach: bool,
    pub rpo_breach: bool,
}

/// Measures what `o` does to journey `j`: interruptions shorter than its tolerance are not
/// outages; the RTO is judged on how long the affected users are down (not pro-rated by
/// their share); the RPO on the writes lost.
pub(crate) fn measure(j: &ResolvedJourney, o: &Outcome) -> Measured {
    // Tolerance is judged on each stretch during which some users are affected at all
    // (down or degraded): an outage that runs straight into a degradation is one long
    // disruption, not a short interruption (docs/scoring.md 4).
    let disrupted = o
        .down
        .max(&o.degraded)
        .without_runs_shorter_than(j.tolerance_minutes);
    let o = Outcome {
        down: o.down.only_where(&disrupted),
        degraded: o.degraded.only_where(&disrupted),
        data_loss_minutes: o.data_loss_minutes,
        data_loss_total: o.data_loss_total,
        chain: o.chain.clone(),
    };
    let impact = o.down.longest_run();
    let all_down = o.down.longest_at_least(DOWN_SHARE);
    // Down: (nearly) all users down for at least the tolerance; a share of them, or all of
    // them for less, is degraded.
    let status = match o.status() {
        Status::Down if all_down + 1e-9 < j.tolerance_minutes => Status::Degraded,
        s => s,
    };
    let degraded_beyond_down = o.degraded_beyond_down();
    Measured {
        status,
        impact_minutes: impact,
        all_down_minutes: all_down,
        affected_share: o.down.peak(),
        degraded_minutes: degraded_beyond_down.longest_run(),
        degraded_share: degraded_beyond_down.peak(),
        weighted_minutes: o.cost_beyond(&degraded_beyond_down),
        rto_breach: j.rto_minutes.is_some_and(|t| impact > t),
        rpo_breach: j
            .rpo_minutes
            .is_some_and(|t| o.data_loss_total || o.data_loss_minutes.is_some_and(|m| m > t)),
        outcome: o,
    }
}

/// How much of the findings [`score_with`] writes. The numbers (score, grade, journeys) are
/// the same whatever it is: they are worked out before, and independently of, the findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    /// No findings (measuring a changed copy whose findings nobody reads).
    Numbers,
    /// Findings without their causal chains (a suggestion's fixes use the ids and minutes).
    Findings,
    /// Findings with their causal chains, as a report shows them.
    Chains,
    /// Findings, with the causal chains of one scenario's only (its index).
    ChainsOf(usize),
}

/// One scenario that hurts a journey, before it is written as a [`Finding`].
struct Hit<'o> {
    scenario: usize,
    /// Its place in the scenario's [`Hurt`].
    entry: usize,
    outcome: &'o Outcome,
    m: Cow<'o, Measured>,
    /// Expected minutes a year (unrounded).
    cost: f64,
    /// One building takes the journey down for the whole event.
    building_down: bool,
    points: f64,
}

/// Compares the finding ids `<a>~<journey>` and `<b>~<journey>` (scenario ids `a` and
/// `b`) as strings, without writing them.
fn cmp_finding_ids(a: &str, b: &str, journey: &str) -> std::cmp::Ordering {
    fn id<'s>(s: &'s str, journey: &'s str) -> impl Iterator<Item = u8> + 's {
        s.bytes()
            .chain(std::iter::once(b'~'))
            .chain(journey.bytes())
    }
    id(a, journey).cmp(id(b, journey))
}

/// Scores played scenarios, with as much of the findings as `detail` asks for.
/// `played[s]` holds the journeys scenario s hurts, with their outcomes; every other
/// journey is up in it.
pub(crate) fn score_with(
    r: &Resolved,
    scenarios: &[Scenario],
    played: &[Hurt],
    detail: Detail,
) -> (f64, Grade, Vec<JourneyScore>, Vec<Finding>) {
    score_knowing(r, scenarios, played, &[], &mut [], detail)
}

/// What [`measure`] gives for each journey of a played scenario, in the order of its
/// [`Hurt`].
pub(crate) fn measures(r: &Resolved, hurt: &Hurt) -> Vec<Measured> {
    hurt.iter()
        .map(|(ji, o)| measure(&r.journeys[*ji], o))
        .collect()
}

/// A finding's id, `<scenario>~<journey>`, in one allocation of its length (`format!`
/// grows its text as it writes: about 900 instructions a finding where this takes a tenth).
fn finding_id(scenario: &str, journey: &str) -> String {
    let mut id = String::with_capacity(scenario.len() + 1 + journey.len());
    id.push_str(scenario);
    id.push('~');
    id.push_str(journey);
    id
}

/// [`score_with`], with the measures of some scenarios already known: `known[s]`, when
/// there, is [`measures`] of `played[s]` (the caller vouches that the journeys' tolerance,
/// RTO and RPO are those they were measured with), and some chains already written:
/// `written[s][k]`, when there, is `played[s][k]`'s chain as a report shows it (written by
/// the thread that played it, `Prepared::score_on`), taken from there by the finding.
pub(crate) fn score_knowing(
    r: &Resolved,
    scenarios: &[Scenario],
    played: &[Hurt],
    known: &[Option<&[Measured]>],
    written: &mut [Vec<Vec<Step>>],
    detail: Detail,
) -> (f64, Grade, Vec<JourneyScore>, Vec<Finding>) {
    let total_weight: f64 = r.journeys.iter().map(|j| j.criticality.weight()).sum();
    // Per journey, the scenarios that hurt it, in scenario order (the sums below add in
    // that order whatever the layout, so the numbers do not depend on it), with their
    // measure when it is known.
    type Hurting<'o> = Vec<(usize, usize, &'o Outcome, Option<&'o Measured>)>;
    let mut hurt_by: Vec<Hurting<'_>> = vec![Vec::new(); r.journeys.len()];
    for (si, hurt) in played.iter().enumerate() {
        let measured = known.get(si).copied().flatten();
        for (k, (ji, o)) in hurt.iter().enumerate() {
            hurt_by[*ji].push((si, k, o, measured.and_then(|ms| ms.get(k))));
        }
    }
    let mut journeys = Vec::with_capacity(r.journeys.len());
    let mut unrounded = Vec::with_capacity(r.journeys.len());
    // At most one finding per journey a scenario hurts (one fewer for each that its
    // tolerance leaves up; the generated descriptions have none): reserved at once, the
    // list does not grow by doubling, which held both copies at its peak (2.3 MB more at
    // 1,000 components, docs/performance.md).
    let mut findings = Vec::with_capacity(if detail == Detail::Numbers {
        0
    } else {
        hurt_by.iter().map(Vec::len).sum()
    });
    for (ji, j) in r.journeys.iter().enumerate() {
        let budget = (1.0 - j.target_availability / 100.0) * MINUTES_PER_YEAR;
        let weight = j.criticality.weight();
        let mut expected = 0.0;
        let mut hits: Vec<Hit> = Vec::new();
        let (mut rto, mut rpo) = (0.0, 0.0);
        let mut worst: (f64, Option<&str>) = (0.0, None);
        for &(si, k, o, known) in &hurt_by[ji] {
            let s = &scenarios[si];
            let m = match known {
                Some(m) => Cow::Borrowed(m),
                None => Cow::Owned(measure(j, o)),
            };
            if m.status == Status::Up && o.data_loss_minutes.is_none() && !o.data_loss_total {
                continue;
            }
            let cost = s.per_year * m.weighted_minutes;
            expected += cost;
            if m.rto_breach {
                rto += s.per_year;
            }
            if m.rpo_breach {
                rpo += s.per_year;
            }
            if m.impact_minutes > worst.0 {
                worst = (m.impact_minutes, Some(s.id.as_str()));
            }
            // One building (a site, a zone, a room) takes it down, and some of its users stay
            // down for the whole event (a cache that answers part of the requests for a
            // while does not make a building's loss survivable).
            let building_down = matches!(
                s.domain.class(),
                DomainClass::Site | DomainClass::Zone | DomainClass::Room
            ) && m.status == Status::Down
                && m.impact_minutes + 1e-9 >= s.minutes;
            hits.push(Hit {
                scenario: si,
                entry: k,
                outcome: o,
                m,
                cost,
                building_down,
                points: 0.0,
            });
        }
        let raw_lost = if budget > 0.0 {
            POINTS_PER_BUDGET * expected / budget
        } else {
            100.0
        };
        let lost = raw_lost.min(100.0);
        let scale = if raw_lost > 0.0 { lost / raw_lost } else { 0.0 };
        for h in &mut hits {
            let journey_points = if budget > 0.0 {
                POINTS_PER_BUDGET * h.cost / budget * scale
            } else {
                0.0
            };
            h.points = round(journey_points * weight / total_weight, 4);
        }
        let mut s = 100.0 - lost;
        // One building: a journey that one site or zone takes down for a whole event is
        // capped below an A, the lost points going to that building's costliest finding.
        let mut cap = None;
        if s > ONE_BUILDING_CAP {
            let building = hits.iter_mut().filter(|h| h.building_down).max_by(|a, b| {
                a.points.total_cmp(&b.points).then_with(|| {
                    cmp_finding_ids(
                        &scenarios[b.scenario].id,
                        &scenarios[a.scenario].id,
                        &j.name,
                    )
                })
            });
            if let Some(h) = building {
                let extra = s - ONE_BUILDING_CAP;
                h.points = round(h.points + extra * weight / total_weight, 4);
                cap = Some(format!(
                    "capped at {ONE_BUILDING_CAP}: `{}` takes it down for the whole event, so one building holds it (docs/scoring.md)",
                    scenarios[h.scenario].domain
                ));
                s = ONE_BUILDING_CAP;
            }
        }
        let hurting = hits.len();
        if detail != Detail::Numbers {
            findings.extend(hits.into_iter().map(|h| {
                let (s, m, o) = (&scenarios[h.scenario], h.m, h.outcome);
                Finding {
                    id: finding_id(&s.id, &j.name),
                    scenario: s.id.clone(),
                    pattern: s.pattern.clone(),
                    domain: s.domain.to_string(),
                    journey: j.name.clone(),
                    status: m.status,
                    impact_minutes: round(m.impact_minutes, 3),
                    all_down_minutes: round(m.all_down_minutes, 3),
                    affected_share: round(m.affected_share, 4),
                    degraded_minutes: round(m.degraded_minutes, 3),
                    degraded_share: round(m.degraded_share, 4),
                    weighted_minutes: round(m.weighted_minutes, 3),
                    data_loss_minutes: o.data_loss_minutes.map(|m| round(m, 3)),
                    data_loss_total: o.data_loss_total,
                    per_year: round(s.per_year, 6),
                    expected_minutes_per_year: round(h.cost, 4),
                    points: h.points,
                    rto_breach: m.rto_breach,
                    rpo_breach: m.rpo_breach,
                    chain: if detail == Detail::Chains || detail == Detail::ChainsOf(h.scenario) {
                        // Written by the thread that played it (`Prepared::score_on`),
                        // or here (`score_with`).
                        match written.get_mut(h.scenario).and_then(|w| w.get_mut(h.entry)) {
                            Some(steps) => std::mem::take(steps),
                            None => m.outcome.chain.for_report(),
                        }
                    } else {
                        Vec::new()
                    },
                    adjustments: s.adjustments.clone(),
                    few_events: s.few_events,
                }
            }));
        }
        unrounded.push(s);
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
            rto_breaches_per_year: round(rto, 6),
            rpo_breaches_per_year: round(rpo, 6),
            worst_minutes: round(worst.0, 3),
            worst_scenario: worst.1.map(str::to_owned),
            capped: cap,
            implicit: j.implicit,
        });
    }
    let overall = if total_weight > 0.0 {
        journeys
            .iter()
            .zip(&unrounded)
            .map(|(j, s)| s * j.weight)
            .sum::<f64>()
            / total_weight
    } else {
        100.0
    };
    findings
        .stable_sort_large_by(|a, b| b.points.total_cmp(&a.points).then_with(|| a.id.cmp(&b.id)));
    let overall = round(overall, 1);
    (overall, Grade::of(overall), journeys, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cap's tie-break compares finding ids without writing them: the same order as
    /// the written ids, also where a scenario id is a prefix of another or holds a `~`
    /// (`~` sorts after letters, so `a~j` comes after `ab~j`).
    #[test]
    fn finding_ids_compare_as_written() {
        let ids = [
            "a", "ab", "a~", "a~x", "a~j", "b", "", "zone@a", "zone@a#b", "é", "~",
        ];
        for journey in ["j", "", "checkout", "~"] {
            for a in ids {
                for b in ids {
                    let (ia, ib) = (finding_id(a, journey), finding_id(b, journey));
                    assert_eq!(ia, format!("{a}~{journey}"));
                    let written = ia.cmp(&ib);
                    assert_eq!(cmp_finding_ids(a, b, journey), written, "{a} {b} {journey}");
                }
            }
        }
        assert_eq!(cmp_finding_ids("a", "ab", "j"), std::cmp::Ordering::Greater);
    }
}
