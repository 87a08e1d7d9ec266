//! What moved between two versions of a description: the score per journey, the findings
//! added, removed and changed (by their stable ids), the new single points of failure, and
//! the measured mitigations that would win the loss back. For pull requests: the base
//! branch's description (or a saved score report) against the head's.
//!
//! A [`Side`] is what one version says, read from a score report **by field name** (so a
//! report saved by another version of faultline still compares, as long as it has the
//! fields used here). [`compare`] is pure; [`Prepared::diff`] scores the head, finds its
//! single points of failure and measures the mitigations that answer what got worse.
//! [`DiffReport::violations`] checks the conditions of a CI gate ([`FailOn`]).
//!
//! ```
//! use faultline::{Engine, Format, diff::{DiffOptions, FailOn, Side}};
//! let engine = Engine::default();
//! let base_text = "version: 1\nname: shop\ncomponents:\n  - { id: web, kind: compute, provider: aws, regions: [{ name: us-east-1, zones: 2 }] }\n";
//! let head_text = base_text.replace("zones: 2", "zones: 1");
//! let base = engine.prepare(&engine.parse(base_text, Format::Yaml)?.architecture)?;
//! let head = engine.prepare(&engine.parse(&head_text, Format::Yaml)?.architecture)?;
//! let d = head.diff(&Side::of(&base), &DiffOptions::default());
//! assert!(d.score_change < 0.0);
//! assert!(d.new_single_points.iter().any(|s| s.domain.starts_with("zone:aws/us-east-1")));
//! // The zone loss that cost a few seconds a year now takes the journey down.
//! assert!(d.worse_ids().contains("zone-physical-loss@zone:aws/us-east-1/us-east-1a~web"));
//! assert!(d.mitigations.iter().any(|m| m.id == "add-zones:web"));
//! assert_eq!(d.violations(&["new-spof".parse::<FailOn>()?]).len(), 1);
//! # Ok::<(), faultline::Error>(())
//! ```

use crate::sort::Stable;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::det::round;
use crate::diagnostic::{Code, Diagnostic};
use crate::engine::Prepared;
use crate::error::Error;
use crate::mitigate::Suggestion;
use crate::report::ScoreReport;
use crate::risk::{RiskOptions, RiskReport};

/// Points a finding must move by to count as changed (reports show two decimals).
pub const CHANGED_POINTS: f64 = 0.01;

/// One link of a finding's causal chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Link {
    /// The domain, component or journey it is about.
    pub subject: String,
    /// The link in plain words.
    pub text: String,
}

/// A finding as a diff sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FindingSide {
    /// Stable id, `<scenario>~<journey>`.
    pub id: String,
    /// Scenario id.
    pub scenario: String,
    /// Pattern id.
    pub pattern: String,
    /// Journey name.
    pub journey: String,
    /// `down` or `degraded`.
    pub status: String,
    /// Points of the score it costs.
    pub points: f64,
    /// Minutes down (or degraded) per occurrence.
    pub minutes: f64,
    /// Expected minutes per year.
    pub expected_minutes_per_year: f64,
    /// Why.
    pub chain: Vec<Link>,
}

/// A journey as a diff sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JourneySide {
    /// Name.
    pub name: String,
    /// 0–100.
    pub score: f64,
    /// Letter grade.
    pub grade: String,
    /// Expected downtime, minutes per year.
    pub expected_downtime_minutes_per_year: f64,
}

/// A single point of failure: one fault domain whose failure alone takes a journey down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SinglePoint {
    /// Journey name.
    pub journey: String,
    /// The fault domain.
    pub domain: String,
    /// Yearly rate of the domain's failure.
    pub per_year: f64,
    /// The patterns that fail it.
    pub patterns: Vec<String>,
}

/// What one version of a description says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Side {
    /// The system's name.
    pub name: String,
    /// 0–100.
    pub score: f64,
    /// Letter grade.
    pub grade: String,
    /// faultline version that scored it.
    pub faultline_version: String,
    /// Catalogue version it was scored with.
    pub catalogue_version: String,
    /// Per journey.
    pub journeys: Vec<JourneySide>,
    /// Every finding.
    pub findings: Vec<FindingSide>,
    /// Single points of failure; `None` when unknown (a saved score report has none).
    pub single_points: Option<Vec<SinglePoint>>,
}

fn field<'v>(v: &'v Value, key: &str, at: &str) -> Result<&'v Value, Error> {
    v.get(key)
        .ok_or_else(|| not_a_report(at, format!("has no `{key}`")))
}

fn num(v: &Value, key: &str, at: &str) -> Result<f64, Error> {
    field(v, key, at)?
        .as_f64()
        .ok_or_else(|| not_a_report(&format!("{at}/{key}"), "is not a number".into()))
}

fn text(v: &Value, key: &str, at: &str) -> Result<String, Error> {
    match field(v, key, at)? {
        Value::String(s) => Ok(s.clone()),
        Value::Null => Ok(String::new()),
        other => Ok(other.to_string()),
    }
}

fn list<'v>(v: &'v Value, key: &str, at: &str) -> Result<&'v Vec<Value>, Error> {
    field(v, key, at)?
        .as_array()
        .ok_or_else(|| not_a_report(&format!("{at}/{key}"), "is not a list".into()))
}

fn not_a_report(pointer: &str, what: String) -> Error {
    let at = if pointer.is_empty() { "/" } else { pointer };
    Error::unreadable(
        Diagnostic::error(
            Code::InvalidValue,
            pointer,
            format!("saved report: {at} {what}"),
        )
        .with_help("save a report with `faultline score FILE --format json`"),
        false,
    )
}

impl Side {
    /// What a score report and (optionally) a risk report say.
    pub fn from_reports(report: &ScoreReport, risk: Option<&RiskReport>) -> Side {
        let value = serde_json::to_value(report).unwrap_or(Value::Null);
        // A report the engine just made has every field: reading it cannot fail. Should it
        // ever, the side is empty rather than a panic.
        let mut side = Side::from_value(&value).unwrap_or_else(|_| Side {
            name: report.name.clone(),
            score: report.score,
            grade: format!("{:?}", report.grade),
            faultline_version: report.faultline_version.clone(),
            catalogue_version: report.catalogue_version.clone(),
            journeys: Vec::new(),
            findings: Vec::new(),
            single_points: None,
        });
        side.single_points = risk.map(single_points);
        side
    }

    /// A prepared description's side: its score and its single points of failure.
    pub fn of(p: &Prepared) -> Side {
        let risk = p.risk(&RiskOptions {
            max_order: 1,
            ..RiskOptions::default()
        });
        Side::from_reports(&p.score(), Some(&risk))
    }

    /// A score report saved as JSON (`faultline score --format json`), read by field name:
    /// fields this version does not use are ignored. It has no single points of failure.
    ///
    /// # Errors
    ///
    /// Kind `Syntax` when the text is not JSON; kind `Shape` (code `invalid-value`, with
    /// the JSON pointer) when a field this comparison needs is missing or of another type.
    pub fn from_saved(json: &str) -> Result<Side, Error> {
        let value: Value = serde_json::from_str(json).map_err(|e| {
            let mut d = Diagnostic::error(
                Code::Syntax,
                "",
                format!(
                    "saved report: {}",
                    crate::input::clean_message(&e.to_string())
                ),
            );
            d.line = u32::try_from(e.line()).ok();
            d.column = u32::try_from(e.column()).ok();
            Error::unreadable(d, true)
        })?;
        Side::from_value(&value)
    }

    fn from_value(v: &Value) -> Result<Side, Error> {
        if !v.is_object() {
            return Err(not_a_report("", "is not an object".into()));
        }
        let mut journeys = Vec::new();
        for (i, j) in list(v, "journeys", "")?.iter().enumerate() {
            let at = format!("/journeys/{i}");
            journeys.push(JourneySide {
                name: text(j, "name", &at)?,
                score: num(j, "score", &at)?,
                grade: text(j, "grade", &at)?,
                expected_downtime_minutes_per_year: num(
                    j,
                    "expected_downtime_minutes_per_year",
                    &at,
                )?,
            });
        }
        let mut findings = Vec::new();
        for (i, f) in list(v, "findings", "")?.iter().enumerate() {
            let at = format!("/findings/{i}");
            let status = text(f, "status", &at)?;
            let minutes = if status == "degraded" {
                num(f, "degraded_minutes", &at)?
            } else {
                num(f, "impact_minutes", &at)?
            };
            let mut chain = Vec::new();
            if let Some(steps) = f.get("chain").and_then(Value::as_array) {
                for (k, s) in steps.iter().enumerate() {
                    let at = format!("{at}/chain/{k}");
                    chain.push(Link {
                        subject: text(s, "subject", &at)?,
                        text: text(s, "text", &at)?,
                    });
                }
            }
            findings.push(FindingSide {
                id: text(f, "id", &at)?,
                scenario: text(f, "scenario", &at)?,
                pattern: text(f, "pattern", &at)?,
                journey: text(f, "journey", &at)?,
                status,
                points: num(f, "points", &at)?,
                minutes,
                expected_minutes_per_year: num(f, "expected_minutes_per_year", &at)?,
                chain,
            });
        }
        Ok(Side {
            name: text(v, "name", "")?,
            score: num(v, "score", "")?,
            grade: text(v, "grade", "")?,
            faultline_version: text(v, "faultline_version", "")?,
            catalogue_version: text(v, "catalogue_version", "")?,
            journeys,
            findings,
            single_points: None,
        })
    }
}

fn single_points(risk: &RiskReport) -> Vec<SinglePoint> {
    let mut out = Vec::new();
    for j in &risk.journeys {
        for g in &j.single_points {
            for d in &g.domains {
                out.push(SinglePoint {
                    journey: j.name.clone(),
                    domain: d.clone(),
                    per_year: g.per_year,
                    patterns: g.patterns.clone(),
                });
            }
        }
    }
    out
}

/// The score and grade of one side, for the report's header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Summary {
    /// The system's name.
    pub name: String,
    /// 0–100.
    pub score: f64,
    /// Letter grade.
    pub grade: String,
    /// Catalogue version.
    pub catalogue_version: String,
    /// faultline version.
    pub faultline_version: String,
}

/// A journey's score on both sides (`None`: the journey is not on that side).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JourneyChange {
    /// Name.
    pub name: String,
    /// Score at the base.
    pub base_score: Option<f64>,
    /// Score at the head.
    pub head_score: Option<f64>,
    /// `head_score − base_score`, rounded to 0.1 (`None` for a journey on one side only).
    pub change: Option<f64>,
    /// Grade at the base.
    pub base_grade: Option<String>,
    /// Grade at the head.
    pub head_grade: Option<String>,
    /// Expected downtime at the base, minutes per year.
    pub base_minutes_per_year: Option<f64>,
    /// Expected downtime at the head, minutes per year.
    pub head_minutes_per_year: Option<f64>,
}

/// A finding on both sides whose cost or status moved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FindingChange {
    /// Stable id.
    pub id: String,
    /// Points at the base.
    pub base_points: f64,
    /// Status at the base.
    pub base_status: String,
    /// Minutes per occurrence at the base.
    pub base_minutes: f64,
    /// The finding at the head.
    pub head: FindingSide,
}

impl FindingChange {
    /// True when it costs more at the head.
    pub fn is_worse(&self) -> bool {
        self.head.points - self.base_points >= CHANGED_POINTS
    }
}

/// What moved between a base and a head.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DiffReport {
    /// The base.
    pub base: Summary,
    /// The head.
    pub head: Summary,
    /// `head.score − base.score`, rounded to 0.1.
    pub score_change: f64,
    /// Every journey of either side, in the head's order, then the base's removed ones.
    pub journeys: Vec<JourneyChange>,
    /// Findings only at the head, costliest first.
    pub added: Vec<FindingSide>,
    /// Findings only at the base, costliest first.
    pub removed: Vec<FindingSide>,
    /// Findings on both sides whose points moved by [`CHANGED_POINTS`] or more, or whose
    /// status changed; the largest increase first.
    pub changed: Vec<FindingChange>,
    /// Findings on both sides that did not move.
    pub unchanged: usize,
    /// Single points of failure only at the head.
    pub new_single_points: Vec<SinglePoint>,
    /// Single points of failure only at the base.
    pub removed_single_points: Vec<SinglePoint>,
    /// False when a side's single points of failure are unknown (a saved report as base):
    /// the two lists above are then empty.
    pub single_points_compared: bool,
    /// Measured mitigations of the head that fix or reduce an added or worsened finding:
    /// those that answer the most of them first, then the cheapest, then the largest gain
    /// ([`Prepared::diff`]; empty from [`compare`]).
    pub mitigations: Vec<Suggestion>,
    /// Added or changed findings that a baseline accepted and left out.
    pub suppressed: usize,
    /// What the reader should know (versions that differ, what was not compared).
    pub notes: Vec<String>,
}

impl DiffReport {
    /// True when nothing moved.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.new_single_points.is_empty()
            && self.removed_single_points.is_empty()
            && self.score_change == 0.0
    }

    /// The ids of the findings that got worse: added, or changed to cost more.
    pub fn worse_ids(&self) -> BTreeSet<&str> {
        self.added
            .iter()
            .map(|f| f.id.as_str())
            .chain(
                self.changed
                    .iter()
                    .filter(|c| c.is_worse())
                    .map(|c| c.id.as_str()),
            )
            .collect()
    }

    /// Leaves out the added and changed findings `accepted` says yes to (a baseline's
    /// [`crate::baseline::Applied::is_suppressed`]), counting them in `suppressed`.
    pub fn suppress(&mut self, accepted: impl Fn(&str) -> bool) {
        let before = self.added.len() + self.changed.len();
        self.added.retain(|f| !accepted(&f.id));
        self.changed.retain(|c| !accepted(&c.id));
        self.suppressed += before - self.added.len() - self.changed.len();
        let worse: BTreeSet<String> = self.worse_ids().into_iter().map(str::to_owned).collect();
        self.mitigations
            .retain(|m| m.fixes.iter().any(|id| worse.contains(id)));
    }

    /// The gate's conditions that hold, each with the reason; empty: the gate passes.
    pub fn violations(&self, conditions: &[FailOn]) -> Vec<Violation> {
        let mut out = Vec::new();
        for c in conditions {
            let reason = match *c {
                FailOn::ScoreDrop(n) => {
                    let drop = round(self.base.score - self.head.score, 1);
                    (drop > n).then(|| {
                        format!(
                            "the score dropped by {drop:.1} points ({:.1} -> {:.1}), more than {n}",
                            self.base.score, self.head.score
                        )
                    })
                }
                FailOn::NewSpof if !self.single_points_compared => Some(
                    "single points of failure were not compared (the base is a saved report): give the base description instead".to_owned(),
                ),
                FailOn::NewSpof => (!self.new_single_points.is_empty()).then(|| {
                    let names: Vec<String> = self
                        .new_single_points
                        .iter()
                        .map(|s| format!("{} for `{}`", s.domain, s.journey))
                        .collect();
                    format!("new single point(s) of failure: {}", names.join(", "))
                }),
                FailOn::NewFinding(n) => {
                    let over: Vec<&FindingSide> =
                        self.added.iter().filter(|f| f.points > n).collect();
                    (!over.is_empty()).then(|| {
                        let first = over.first().map(|f| f.id.as_str()).unwrap_or_default();
                        format!(
                            "{} new finding(s) cost more than {n} points (the costliest: {first})",
                            over.len()
                        )
                    })
                }
            };
            if let Some(reason) = reason {
                out.push(Violation {
                    condition: c.to_string(),
                    reason,
                });
            }
        }
        out
    }
}

/// A condition of the CI gate of `faultline diff --fail-on`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FailOn {
    /// `score-drop=N`: the overall score dropped by more than N points.
    ScoreDrop(f64),
    /// `new-spof`: a single point of failure appeared.
    NewSpof,
    /// `new-finding` or `new-finding=N`: a finding appeared that costs more than N points
    /// (default 0: any).
    NewFinding(f64),
}

impl fmt::Display for FailOn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FailOn::ScoreDrop(n) => write!(f, "score-drop={n}"),
            FailOn::NewSpof => write!(f, "new-spof"),
            FailOn::NewFinding(n) if *n == 0.0 => write!(f, "new-finding"),
            FailOn::NewFinding(n) => write!(f, "new-finding={n}"),
        }
    }
}

impl FromStr for FailOn {
    type Err = Error;

    /// `score-drop=N`, `new-spof`, `new-finding` or `new-finding=N` (N: points, at least 0).
    fn from_str(s: &str) -> Result<FailOn, Error> {
        let (name, value) = match s.split_once('=') {
            Some((n, v)) => (n.trim(), Some(v.trim())),
            None => (s.trim(), None),
        };
        let points = |v: &str| -> Result<f64, Error> {
            match v.parse::<f64>() {
                Ok(n) if n.is_finite() && n >= 0.0 => Ok(n),
                _ => Err(Error::request(
                    Code::InvalidValue,
                    format!("`{s}`: `{v}` is not a number of points (0 or more)"),
                )),
            }
        };
        match (name, value) {
            ("score-drop", Some(v)) => Ok(FailOn::ScoreDrop(points(v)?)),
            ("new-spof", None) => Ok(FailOn::NewSpof),
            ("new-finding", None) => Ok(FailOn::NewFinding(0.0)),
            ("new-finding", Some(v)) => Ok(FailOn::NewFinding(points(v)?)),
            _ => Err(Error::request(
                Code::InvalidValue,
                format!(
                    "`{s}` is not a gate condition: use score-drop=N, new-spof, new-finding or new-finding=N"
                ),
            )),
        }
    }
}

/// A gate condition that holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Violation {
    /// The condition as written (`score-drop=2`).
    pub condition: String,
    /// What happened.
    pub reason: String,
}

/// Compares two sides. Pure: no mitigations are measured (see [`Prepared::diff`]).
pub fn compare(base: &Side, head: &Side) -> DiffReport {
    let summary = |s: &Side| Summary {
        name: s.name.clone(),
        score: s.score,
        grade: s.grade.clone(),
        catalogue_version: s.catalogue_version.clone(),
        faultline_version: s.faultline_version.clone(),
    };
    let base_journeys: BTreeMap<&str, &JourneySide> =
        base.journeys.iter().map(|j| (j.name.as_str(), j)).collect();
    let head_names: BTreeSet<&str> = head.journeys.iter().map(|j| j.name.as_str()).collect();
    let mut journeys: Vec<JourneyChange> = head
        .journeys
        .iter()
        .map(|h| {
            let b = base_journeys.get(h.name.as_str());
            JourneyChange {
                name: h.name.clone(),
                base_score: b.map(|b| b.score),
                head_score: Some(h.score),
                change: b.map(|b| round(h.score - b.score, 1)),
                base_grade: b.map(|b| b.grade.clone()),
                head_grade: Some(h.grade.clone()),
                base_minutes_per_year: b.map(|b| b.expected_downtime_minutes_per_year),
                head_minutes_per_year: Some(h.expected_downtime_minutes_per_year),
            }
        })
        .collect();
    journeys.extend(
        base.journeys
            .iter()
            .filter(|b| !head_names.contains(b.name.as_str()))
            .map(|b| JourneyChange {
                name: b.name.clone(),
                base_score: Some(b.score),
                head_score: None,
                change: None,
                base_grade: Some(b.grade.clone()),
                head_grade: None,
                base_minutes_per_year: Some(b.expected_downtime_minutes_per_year),
                head_minutes_per_year: None,
            }),
    );

    let base_findings: BTreeMap<&str, &FindingSide> =
        base.findings.iter().map(|f| (f.id.as_str(), f)).collect();
    let head_ids: BTreeSet<&str> = head.findings.iter().map(|f| f.id.as_str()).collect();
    let mut added = Vec::new();
    let mut changed = Vec::new();
    let mut unchanged = 0;
    for h in &head.findings {
        match base_findings.get(h.id.as_str()) {
            None => added.push(h.clone()),
            Some(b) if (h.points - b.points).abs() >= CHANGED_POINTS || h.status != b.status => {
                changed.push(FindingChange {
                    id: h.id.clone(),
                    base_points: b.points,
                    base_status: b.status.clone(),
                    base_minutes: b.minutes,
                    head: h.clone(),
                });
            }
            Some(_) => unchanged += 1,
        }
    }
    let mut removed: Vec<FindingSide> = base
        .findings
        .iter()
        .filter(|b| !head_ids.contains(b.id.as_str()))
        .cloned()
        .collect();
    let by_cost = |a: &FindingSide, b: &FindingSide| {
        b.points.total_cmp(&a.points).then_with(|| a.id.cmp(&b.id))
    };
    added.stable_sort_by(by_cost);
    removed.stable_sort_by(by_cost);
    changed.stable_sort_by(|a, b| {
        (b.head.points - b.base_points)
            .total_cmp(&(a.head.points - a.base_points))
            .then_with(|| a.id.cmp(&b.id))
    });

    let (new_single_points, removed_single_points, compared) =
        match (&base.single_points, &head.single_points) {
            (Some(b), Some(h)) => {
                let key = |s: &SinglePoint| (s.journey.clone(), s.domain.clone());
                let bk: BTreeSet<_> = b.iter().map(key).collect();
                let hk: BTreeSet<_> = h.iter().map(key).collect();
                (
                    h.iter()
                        .filter(|s| !bk.contains(&key(s)))
                        .cloned()
                        .collect(),
                    b.iter()
                        .filter(|s| !hk.contains(&key(s)))
                        .cloned()
                        .collect(),
                    true,
                )
            }
            _ => (Vec::new(), Vec::new(), false),
        };

    let mut notes = Vec::new();
    if base.catalogue_version != head.catalogue_version {
        notes.push(format!(
            "the base was scored with catalogue {} and the head with {}: some changes come from the catalogue, not the description",
            base.catalogue_version, head.catalogue_version
        ));
    }
    if base.faultline_version != head.faultline_version {
        notes.push(format!(
            "the base was scored by faultline {} and the head by {}",
            base.faultline_version, head.faultline_version
        ));
    }
    if !compared {
        notes.push(
            "single points of failure were not compared: the base is a saved score report"
                .to_owned(),
        );
    }
    DiffReport {
        base: summary(base),
        head: summary(head),
        score_change: round(head.score - base.score, 1),
        journeys,
        added,
        removed,
        changed,
        unchanged,
        new_single_points,
        removed_single_points,
        single_points_compared: compared,
        mitigations: Vec::new(),
        suppressed: 0,
        notes,
    }
}

/// How much [`Prepared::diff`] measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiffOptions {
    /// Most mitigations listed (default 3).
    pub mitigations: usize,
    /// Work units the mitigations may spend (as [`crate::advice::AdviceOptions::max_work`];
    /// default 20,000,000).
    pub max_work: u64,
    /// Threads that measure them, as [`crate::mitigate::SuggestOptions::threads`] (default
    /// 1: the calling thread only); the report is the same whatever the number.
    pub threads: usize,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            mitigations: 3,
            max_work: 20_000_000,
            threads: 1,
        }
    }
}

impl Prepared<'_> {
    /// Compares this description (the head) with `base`: [`compare`] of the two sides, plus
    /// the head's measured mitigations that fix or reduce an added or worsened finding
    /// (each applied to a copy and re-scored, best first, within `options.max_work`).
    pub fn diff(&self, base: &Side, options: &DiffOptions) -> DiffReport {
        self.diff_with(base, &Side::of(self), options)
    }

    /// [`Prepared::diff`] with the head's side already made ([`Side::of`] this
    /// description), for a caller that needs it too (the ids of every head finding, say,
    /// to check a baseline).
    pub fn diff_with(&self, base: &Side, head: &Side, options: &DiffOptions) -> DiffReport {
        let mut report = compare(base, head);
        let worse: BTreeSet<String> = report.worse_ids().into_iter().map(str::to_owned).collect();
        if !worse.is_empty() && options.mitigations > 0 {
            let measured = self.suggest_within(None, Some(options.max_work), options.threads);
            let answered = |s: &Suggestion| s.fixes.iter().filter(|id| worse.contains(*id)).count();
            let mut answering: Vec<Suggestion> = measured
                .suggestions
                .into_iter()
                .filter(|s| answered(s) > 0)
                .collect();
            // What wins the loss back: the changes that answer the most of what got worse,
            // the cheapest first, then the largest gain (a stable sort keeps the suggest
            // ranking among equals).
            answering.stable_sort_by(|a, b| {
                answered(b)
                    .cmp(&answered(a))
                    .then(a.cost.weight().total_cmp(&b.cost.weight()))
                    .then(b.gain.total_cmp(&a.gain))
            });
            answering.truncate(options.mitigations);
            report.mitigations = answering;
            if let Some(why) = measured.truncated {
                report.notes.push(format!("mitigations: {why}"));
            }
        }
        report
    }
}
