//! The operations and their reports: score, simulate, replay.
//!
//! Each report is one serde type; JSON is its faithful form (field names as documented in
//! `docs/reports.md`), and the renderers in [`crate::render`] only format it.

use serde::{Deserialize, Serialize};

use crate::catalogue::Catalogue;
use crate::det::round;
use crate::diagnostic::Diagnostic;
use crate::domain::{DomainId, DomainParseError};
use crate::effects::EffectKind;
use crate::graph::DependencyGraph;
use crate::model::Architecture;
use crate::propagate::{Outcome, Status, Step, play};
use crate::resolve::{Resolved, resolve};
use crate::scenarios::{Scenario, expand, single, used_domains};
use crate::score::{Finding, Grade, JourneyScore, score as score_played};

/// Why an operation could not produce a report.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text could not be read as a description.
    #[error("{0}")]
    Parse(#[from] crate::parse::ParseError),
    /// The description has errors; the diagnostics say what and where.
    #[error("the description has {} error(s); first: {}", .diagnostics.iter().filter(|d| d.is_error()).count(), .diagnostics.iter().find(|d| d.is_error()).map_or("", |d| d.message.as_str()))]
    Invalid {
        /// Every diagnostic (errors and warnings).
        diagnostics: Vec<Diagnostic>,
    },
    /// No pattern has this id.
    #[error("no pattern `{0}` in the catalogue (`faultline catalogue` lists them)")]
    UnknownPattern(String),
    /// No incident has this id.
    #[error("no incident `{0}` in the catalogue (`faultline catalogue` lists them)")]
    UnknownIncident(String),
    /// A fault-domain id did not parse.
    #[error("{0}")]
    Domain(#[from] DomainParseError),
    /// The domain is of another class than the pattern fails.
    #[error("pattern `{pattern}` fails {expected} domains, but `{domain}` is a {found} domain")]
    WrongDomainClass {
        /// Pattern id.
        pattern: String,
        /// Domain given.
        domain: String,
        /// Class the pattern fails.
        expected: String,
        /// Class of the domain given.
        found: String,
    },
    /// No applicable mitigation has this id.
    #[error("no applicable suggestion `{0}` (`faultline suggest FILE` lists them)")]
    UnknownSuggestion(String),
    /// Minutes must be a finite, non-negative number.
    #[error("minutes must be a finite number of at least 0, got {0}")]
    InvalidMinutes(f64),
}

/// The score report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScoreReport {
    /// faultline version.
    pub faultline_version: String,
    /// Catalogue version.
    pub catalogue_version: String,
    /// The system's name.
    pub name: String,
    /// 0–100.
    pub score: f64,
    /// A–F.
    pub grade: Grade,
    /// Per journey.
    pub journeys: Vec<JourneyScore>,
    /// Every scenario × journey that costs something, most expensive first.
    pub findings: Vec<Finding>,
    /// Scenarios played.
    pub scenarios: usize,
    /// Warnings and notes about the description.
    pub diagnostics: Vec<Diagnostic>,
}

/// What a scenario does to one journey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JourneyImpact {
    /// Journey name.
    pub name: String,
    /// Up, degraded or down.
    pub status: Status,
    /// Minutes down.
    pub impact_minutes: f64,
    /// Minutes degraded beyond the down minutes.
    pub degraded_minutes: f64,
    /// Minutes of writes lost (`null`: none, or all when `data_loss_total`).
    pub data_loss_minutes: Option<f64>,
    /// Everything lost.
    pub data_loss_total: bool,
    /// Exceeds the journey's RTO.
    pub rto_breach: bool,
    /// Exceeds the journey's RPO.
    pub rpo_breach: bool,
    /// Why.
    pub chain: Vec<Step>,
}

/// What a scenario does to one component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ComponentImpact {
    /// Component id.
    pub id: String,
    /// Up, degraded or down.
    pub status: Status,
    /// Minutes down.
    pub impact_minutes: f64,
    /// Minutes degraded beyond the down minutes.
    pub degraded_minutes: f64,
}

/// A failed domain and its effects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FailedDomain {
    /// Domain id.
    pub domain: DomainId,
    /// Effects.
    pub effects: Vec<EffectKind>,
}

/// The simulate report: one scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SimulateReport {
    /// Scenario id.
    pub scenario: String,
    /// Pattern id.
    pub pattern: String,
    /// Domain failed.
    pub domain: DomainId,
    /// Minutes played.
    pub minutes: f64,
    /// Everything that failed (the domain and what it implies).
    pub failed_domains: Vec<FailedDomain>,
    /// Per journey.
    pub journeys: Vec<JourneyImpact>,
    /// Per component, in input order.
    pub components: Vec<ComponentImpact>,
}

/// One incident replayed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IncidentReplay {
    /// Incident id.
    pub incident: String,
    /// Title.
    pub title: String,
    /// Date.
    pub date: String,
    /// Public post-mortem.
    pub source: String,
    /// The scenario as played.
    pub simulation: SimulateReport,
}

/// The replay report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReplayReport {
    /// The system's name.
    pub name: String,
    /// Incidents replayed, by date.
    pub incidents: Vec<IncidentReplay>,
}

/// A checked, resolved architecture ready to play scenarios.
struct Prepared {
    resolved: Resolved,
    order: Vec<usize>,
    diagnostics: Vec<Diagnostic>,
}

fn prepare(arch: &Architecture, catalogue: &Catalogue) -> Result<Prepared, Error> {
    let diagnostics = crate::validate::validate(arch, catalogue);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Invalid { diagnostics });
    }
    let graph = DependencyGraph::build(arch);
    let Some(order) = graph.dependencies_first() else {
        // Validation reports cycles as errors; reaching here means it missed one.
        return Err(Error::Invalid {
            diagnostics: vec![Diagnostic::error(
                "dependency-cycle",
                "/components",
                "the dependency graph has a cycle",
            )],
        });
    };
    Ok(Prepared {
        resolved: resolve(arch, catalogue),
        order,
        diagnostics,
    })
}

/// Scores an architecture against every applicable scenario of the catalogue.
///
/// # Errors
///
/// [`Error::Invalid`] when validation finds errors.
///
/// ```
/// use faultline::{catalogue::Catalogue, parse::{parse, Format}};
/// let text = "version: 1\nname: demo\ncomponents:\n  - { id: web, kind: compute, provider: aws, regions: [us-east-1] }\n";
/// let doc = parse(text, Format::Yaml).unwrap();
/// let report = faultline::score(&doc.architecture, Catalogue::builtin()).unwrap();
/// assert!(report.score <= 100.0);
/// assert_eq!(report.journeys[0].name, "web");
/// ```
pub fn score(arch: &Architecture, catalogue: &Catalogue) -> Result<ScoreReport, Error> {
    let p = prepare(arch, catalogue)?;
    let scenarios = expand(&p.resolved, catalogue);
    // Each scenario is played over the components it can change only (see `Reach`).
    let mut reach = crate::scenarios::Reach::new(&p.resolved, &p.order);
    let mut player = crate::propagate::Player::new(&p.resolved);
    let played: Vec<Vec<Outcome>> = scenarios
        .iter()
        .map(|s| {
            let (affected, direct) = reach.affected_split(s);
            player.journeys_split(affected, direct, s)
        })
        .collect();
    let (score, grade, journeys, findings) = score_played(&p.resolved, &scenarios, &played);
    Ok(ScoreReport {
        faultline_version: env!("CARGO_PKG_VERSION").to_owned(),
        catalogue_version: catalogue.version.clone(),
        name: arch.name.clone(),
        score,
        grade,
        journeys,
        findings,
        scenarios: scenarios.len(),
        diagnostics: p.diagnostics,
    })
}

/// What to simulate.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulateRequest {
    /// Pattern id.
    pub pattern: String,
    /// Domain id in the documented syntax.
    pub at: String,
    /// Minutes; default: the pattern's median duration.
    pub minutes: Option<f64>,
}

/// Plays one pattern at one domain.
///
/// # Errors
///
/// [`Error::Invalid`], [`Error::UnknownPattern`], [`Error::Domain`],
/// [`Error::WrongDomainClass`], [`Error::InvalidMinutes`].
pub fn simulate(
    arch: &Architecture,
    catalogue: &Catalogue,
    request: &SimulateRequest,
) -> Result<SimulateReport, Error> {
    let p = prepare(arch, catalogue)?;
    let pattern = catalogue
        .pattern(&request.pattern)
        .ok_or_else(|| Error::UnknownPattern(request.pattern.clone()))?;
    let domain = DomainId::parse(&request.at)?;
    if domain.class() != pattern.fails {
        return Err(Error::WrongDomainClass {
            pattern: pattern.id.clone(),
            domain: request.at.clone(),
            expected: pattern.fails.to_string(),
            found: domain.class().to_string(),
        });
    }
    let minutes = request.minutes.unwrap_or(pattern.duration.median_minutes);
    if !minutes.is_finite() || minutes < 0.0 {
        return Err(Error::InvalidMinutes(minutes));
    }
    let scenario = single(pattern, &domain, minutes, None, catalogue);
    Ok(simulation(&p, scenario))
}

fn simulation(p: &Prepared, scenario: Scenario) -> SimulateReport {
    let played = play(&p.resolved, &p.order, &scenario);
    let journeys = p
        .resolved
        .journeys
        .iter()
        .zip(&played.journeys)
        .map(|(j, o)| JourneyImpact {
            name: j.name.clone(),
            status: o.status(),
            impact_minutes: round(o.down_minutes, 3),
            degraded_minutes: round(o.degraded_minutes, 3),
            data_loss_minutes: o.data_loss_minutes.map(|m| round(m, 3)),
            data_loss_total: o.data_loss_total,
            rto_breach: j.rto_minutes.is_some_and(|t| o.down_minutes > t),
            rpo_breach: j
                .rpo_minutes
                .is_some_and(|t| o.data_loss_total || o.data_loss_minutes.is_some_and(|m| m > t)),
            chain: o.chain.for_report(),
        })
        .collect();
    let components = p
        .resolved
        .components
        .iter()
        .zip(&played.components)
        .map(|(c, o)| {
            let o = o.clone().normalised();
            ComponentImpact {
                id: c.id.clone(),
                status: o.status(),
                impact_minutes: round(o.down_minutes, 3),
                degraded_minutes: round(o.degraded_minutes, 3),
            }
        })
        .collect();
    SimulateReport {
        failed_domains: scenario
            .failed
            .iter()
            .map(|(d, e)| FailedDomain {
                domain: d.clone(),
                effects: e.iter().copied().collect(),
            })
            .collect(),
        scenario: scenario.id,
        pattern: scenario.pattern,
        domain: scenario.domain,
        minutes: scenario.minutes,
        journeys,
        components,
    }
}

/// Replays one catalogued incident, or every incident that touches the architecture's
/// providers and domains.
///
/// # Errors
///
/// [`Error::Invalid`], [`Error::UnknownIncident`] (also for an incident that has no replay
/// recipe).
pub fn replay(
    arch: &Architecture,
    catalogue: &Catalogue,
    incident: Option<&str>,
) -> Result<ReplayReport, Error> {
    let p = prepare(arch, catalogue)?;
    let used = used_domains(&p.resolved, catalogue);
    let used_flat: Vec<&DomainId> = used.values().flatten().collect();
    let providers: Vec<&str> = used_flat.iter().filter_map(|d| d.provider()).collect();
    let chosen: Vec<&crate::catalogue::Incident> = match incident {
        Some(id) => vec![catalogue.incident(id).filter(|i| i.replay.is_some()).ok_or_else(|| Error::UnknownIncident(id.to_owned()))?],
        None => catalogue
            .incidents
            .iter()
            .filter(|i| {
                i.replay.as_ref().is_some_and(|r| {
                    r.at.iter().any(|d| used_flat.contains(&d) || matches!(d, DomainId::Backbone(b) | DomainId::Edge(b) | DomainId::GlobalControl { provider: b } if providers.contains(&b.as_str())))
                })
            })
            .collect(),
    };
    let mut incidents = Vec::new();
    for inc in chosen {
        let Some(recipe) = &inc.replay else { continue };
        let Some(pattern) = catalogue.pattern(&recipe.pattern) else {
            continue;
        };
        let minutes = recipe
            .minutes
            .or(inc.main_impact_minutes)
            .unwrap_or(pattern.duration.median_minutes);
        let mut failed = crate::scenarios::FailedDomains::default();
        for d in &recipe.at {
            failed.add(d.clone(), pattern.effects.iter().copied());
        }
        failed.close_over(catalogue);
        let Some(first) = recipe.at.first() else {
            continue;
        };
        let scenario = Scenario {
            id: format!("{}@{}", inc.id, first),
            pattern: pattern.id.clone(),
            domain: first.clone(),
            target: None,
            failed,
            minutes,
            per_year: 0.0,
            adjustments: Vec::new(),
        };
        incidents.push(IncidentReplay {
            incident: inc.id.clone(),
            title: inc.title.clone(),
            date: inc.date.clone(),
            source: inc
                .sources
                .first()
                .map(|s| s.url.clone())
                .unwrap_or_default(),
            simulation: simulation(&p, scenario),
        });
    }
    incidents.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then_with(|| a.incident.cmp(&b.incident))
    });
    Ok(ReplayReport {
        name: arch.name.clone(),
        incidents,
    })
}
