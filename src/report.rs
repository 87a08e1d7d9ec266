//! The operations and their reports: score, simulate, replay.
//!
//! Each report is one serde type; JSON is its faithful form (field names as documented in
//! `docs/reports.md`), and the renderers in [`crate::render`] only format it.

use crate::sort::Stable;
use serde::{Deserialize, Serialize};

use crate::det::round;
use crate::diagnostic::{Code, Diagnostic};
use crate::domain::DomainId;
use crate::effects::EffectKind;
use crate::engine::Prepared;
use crate::error::Error;
use crate::model::AiAssisted;
use crate::propagate::{Hurt, Player};
use crate::rules::used_domains;
use crate::scenarios::{FIRST_RING, FailedDomains, Scenario, is_ai, played_minutes, single};
use crate::score::Detail;

pub use crate::propagate::{Status, Step, StepKind};
pub use crate::score::{Finding, Grade, JourneyScore};

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
    /// Up, degraded (a share of users, or all slowed) or down (nearly all users).
    pub status: Status,
    /// Minutes the affected users are down (the longest stretch without a break).
    pub impact_minutes: f64,
    /// Minutes (nearly) all users are down at once: the longest stretch with at least
    /// `DOWN_SHARE` (90 %) of them down.
    pub all_down_minutes: f64,
    /// The largest share of users down at once (0–1).
    pub affected_share: f64,
    /// Minutes users are degraded beyond the down ones (the longest stretch).
    pub degraded_minutes: f64,
    /// The largest share of users degraded (slowed or partly failing) but not down at once
    /// (0–1).
    pub degraded_share: f64,
    /// Share-weighted down minutes plus 0.25 × share-weighted degraded minutes: what the
    /// scenario costs the journey per occurrence.
    pub weighted_minutes: f64,
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
    /// Minutes its affected users are down (the longest stretch).
    pub impact_minutes: f64,
    /// The largest share of its users down at once (0–1).
    pub affected_share: f64,
    /// Minutes its users are degraded beyond the down ones (the longest stretch).
    pub degraded_minutes: f64,
    /// The largest share of its users degraded but not down at once (0–1).
    pub degraded_share: f64,
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
    /// Set by `simulate` when nothing in the description rests on the failed domain or on
    /// anything it implies (a misspelt id fails nothing), naming the domains of its class
    /// the description does use; or when the domain is one of a site's several uplinks,
    /// which is ridden out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
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

/// Scenarios a thread of [`Prepared::score_on`] takes at a time: few enough that the
/// threads finish together (one scenario may cost a hundred times another), enough that
/// taking them is no cost.
#[cfg(not(target_arch = "wasm32"))]
const SCENARIOS_PER_TAKE: usize = 8;

/// Scenarios each thread of [`Prepared::score_on`] must have to itself: a helper first
/// makes its own player (vectors as long as the component list), and a thread costs tens of
/// microseconds to start.
const SCENARIOS_PER_THREAD: usize = 64;

/// How many threads play `n` scenarios when `asked` are asked for
/// ([`crate::engine::thread_count`]).
fn play_threads(asked: usize, n: usize) -> usize {
    crate::engine::thread_count(asked, n, SCENARIOS_PER_THREAD)
}

/// Every scenario's outcomes, in scenario order, and their chains written out as a report
/// shows them (`written[s][k]`: of `hurt[s][k]`; empty for a scenario played without
/// words). The outcomes keep no chain: see [`written_out`].
struct Played {
    hurt: Vec<Hurt>,
    written: Vec<Vec<Vec<Step>>>,
    /// How many scenarios helper threads delivered (tests check who played what).
    #[cfg(test)]
    helped: usize,
}

/// A scenario's outcomes with their chains written out as a report shows them
/// ([`crate::propagate::Chain::for_report`]; none for a scenario played without words),
/// the outcomes left without chains. Written as each scenario is played, the links of a
/// scenario are freed before the next one is played: kept until the findings, every
/// scenario's links were held at once (2.8 MB of the 21 MB a 1,000-component `score`
/// peaked at, each page touched for the first time a page fault).
fn written_out(mut hurt: Hurt, words: bool) -> (Hurt, Vec<Vec<Step>>) {
    let mut written = Vec::with_capacity(if words { hurt.len() } else { 0 });
    for (_, o) in &mut hurt {
        let chain = std::mem::take(&mut o.chain);
        if words {
            written.push(chain.for_report());
        }
    }
    (hurt, written)
}

impl<'c> Prepared<'c> {
    /// Plays every scenario: the journeys' outcomes per scenario, each scenario played over
    /// the components it can change only ([`crate::scenarios::Reach`]). The scenarios for
    /// which `worded` is false are played quietly ([`Player::quiet`]: the same outcomes,
    /// chains without their sentences).
    ///
    /// With `threads` ≥ 2 (natively; exactly that many, see [`play_threads`] for how many
    /// to ask), helper threads share the scenarios: each takes the
    /// next [`SCENARIOS_PER_TAKE`] from a shared counter and plays them with a player of
    /// its own, and sends their outcomes with their chains written out (a chain's links
    /// are shared within one thread): those go in `Played::written`. A scenario's outcomes
    /// depend on nothing but the scenario and the prepared architecture, so who plays which
    /// changes no number and no word. What a helper does not deliver (it panicked, or could
    /// not be started) is played by the calling thread.
    fn play_scenarios(&self, worded: impl Fn(&Scenario) -> bool + Sync, threads: usize) -> Played {
        self.play_shared(worded, threads, true)
    }

    /// [`Prepared::play_scenarios`], the calling thread taking scenarios while helpers run
    /// when `caller_plays` (tests turn it off to see what helpers deliver).
    fn play_shared(
        &self,
        worded: impl Fn(&Scenario) -> bool + Sync,
        threads: usize,
        caller_plays: bool,
    ) -> Played {
        let mut reach = crate::scenarios::Reach::new(&self.resolved, &self.footing, &self.order);
        let mut loud = Player::new(&self.resolved, &self.footing);
        let mut quiet = Player::new(&self.resolved, &self.footing).quiet();
        let play = |s: &Scenario| {
            let (affected, direct) = reach.affected_split(s);
            let words = worded(s);
            let player = if words { &mut loud } else { &mut quiet };
            written_out(player.journeys_split(affected, direct, s), words)
        };
        // No helper: no thread scope either (WebAssembly has no threads, and leaves the
        // helpers' code out of its module).
        #[cfg(not(target_arch = "wasm32"))]
        if threads >= 2 {
            return self.play_helped(&worded, threads, caller_plays, play);
        }
        let _ = (threads, caller_plays);
        let (hurt, written) = self.scenarios.iter().map(play).unzip();
        Played {
            hurt,
            written,
            #[cfg(test)]
            helped: 0,
        }
    }

    /// [`Prepared::play_shared`] on `threads` threads, `play` playing on this one.
    #[cfg(not(target_arch = "wasm32"))]
    fn play_helped(
        &self,
        worded: &(impl Fn(&Scenario) -> bool + Sync),
        threads: usize,
        caller_plays: bool,
        mut play: impl FnMut(&Scenario) -> (Hurt, Vec<Vec<Step>>),
    ) -> Played {
        let n = self.scenarios.len();
        let mut hurt: Vec<Option<Hurt>> = std::iter::repeat_with(|| None).take(n).collect();
        let mut written: Vec<Vec<Vec<Step>>> = vec![Vec::new(); n];
        let next = std::sync::atomic::AtomicUsize::new(0);
        let take = |next: &std::sync::atomic::AtomicUsize| {
            let start = next.fetch_add(SCENARIOS_PER_TAKE, std::sync::atomic::Ordering::Relaxed);
            (start < n).then(|| start..(start + SCENARIOS_PER_TAKE).min(n))
        };
        type Batch = Vec<(usize, Vec<(usize, crate::propagate::Sent)>)>;
        let (tx, rx) = std::sync::mpsc::channel::<Batch>();
        std::thread::scope(|scope| {
            let next = &next;
            let helpers: Vec<_> = (1..threads)
                .filter_map(|h| {
                    let tx = tx.clone();
                    std::thread::Builder::new()
                        .name(format!("faultline-play-{h}"))
                        .spawn_scoped(scope, move || {
                            let r = &self.resolved;
                            let mut reach =
                                crate::scenarios::Reach::new(r, &self.footing, &self.order);
                            let mut loud = Player::new(r, &self.footing);
                            let mut quiet = Player::new(r, &self.footing).quiet();
                            while let Some(range) = take(next) {
                                let batch = range
                                    .map(|si| {
                                        #[cfg(all(test, feature = "yaml"))]
                                        tests::panic_if_asked(&self.arch.name, si);
                                        let s = &self.scenarios[si];
                                        let (affected, direct) = reach.affected_split(s);
                                        let words = worded(s);
                                        let player = if words { &mut loud } else { &mut quiet };
                                        let sent = player
                                            .journeys_split(affected, direct, s)
                                            .into_iter()
                                            .map(|(j, o)| (j, o.sent(words)))
                                            .collect();
                                        (si, sent)
                                    })
                                    .collect();
                                if tx.send(batch).is_err() {
                                    return;
                                }
                            }
                        })
                        .ok()
                })
                .collect();
            drop(tx);
            // This thread writes the chains of what it plays as it goes, as the helpers do:
            // left to the findings, they were written after every thread had finished
            // (a tenth of `score` at 1,000 components, docs/performance.md).
            while let Some(range) = caller_plays.then(|| take(next)).flatten() {
                for si in range {
                    let (outcomes, chains) = play(&self.scenarios[si]);
                    hurt[si] = Some(outcomes);
                    written[si] = chains;
                }
            }
            // A helper that panicked delivered nothing from then on; what is missing is
            // played below.
            for h in helpers {
                let _ = h.join();
            }
        });
        #[cfg(test)]
        let mut helped = 0;
        for (si, sent) in rx.into_iter().flatten() {
            #[cfg(test)]
            {
                helped += 1;
            }
            let (outcomes, chains): (Hurt, Vec<Vec<Step>>) = sent
                .into_iter()
                .map(|(j, s)| {
                    let (o, chain) = s.received();
                    ((j, o), chain)
                })
                .unzip();
            hurt[si] = Some(outcomes);
            written[si] = chains;
        }
        let hurt = hurt
            .into_iter()
            .zip(self.scenarios.iter())
            .zip(&mut written)
            .map(|((h, s), w)| {
                h.unwrap_or_else(|| {
                    let (outcomes, chains) = play(s);
                    *w = chains;
                    outcomes
                })
            })
            .collect();
        Played {
            hurt,
            written,
            #[cfg(test)]
            helped,
        }
    }

    /// The report of the scenarios played, with findings written as `detail` says.
    fn score_report(&self, mut played: Played, detail: Detail) -> ScoreReport {
        let (score, grade, journeys, findings) = crate::score::score_knowing(
            &self.resolved,
            &self.scenarios,
            &played.hurt,
            &[],
            &mut played.written,
            detail,
        );
        ScoreReport {
            faultline_version: env!("CARGO_PKG_VERSION").to_owned(),
            catalogue_version: self.engine.catalogue().version.clone(),
            name: self.arch.name.clone(),
            score,
            grade,
            journeys,
            findings,
            scenarios: self.scenarios.len(),
            diagnostics: self.diagnostics.clone(),
        }
    }

    /// Scores the architecture against every applicable scenario of the catalogue:
    /// expected yearly downtime per journey, a score, a grade, and every finding with its
    /// causal chain and the points it costs.
    ///
    /// ```
    /// use faultline::{Engine, Format};
    /// let engine = Engine::default();
    /// let text = "version: 1\nname: demo\ncomponents:\n  - { id: web, kind: compute, provider: aws, regions: [us-east-1] }\n";
    /// let doc = engine.parse(text, Format::Yaml)?;
    /// let report = engine.prepare(&doc.architecture)?.score();
    /// assert!(report.score <= 100.0);
    /// assert_eq!(report.journeys[0].name, "web");
    /// # Ok::<(), faultline::Error>(())
    /// ```
    ///
    /// # Complexity
    ///
    /// O(scenarios × the components each reaches), plus the findings' chains.
    pub fn score(&self) -> ScoreReport {
        self.score_on(1)
    }

    /// [`Prepared::score`], its scenarios played on up to `threads` threads (the calling
    /// one and helpers; 0 and 1 mean the calling thread only). The report is the same
    /// whatever the number: scenarios are independent, and each one's outcomes are put
    /// back in its place. Natively only (WebAssembly plays on the calling thread), at most
    /// one thread per core and one per 64 scenarios. Each helper holds a player of its own
    /// (a few vectors the length of the component list).
    ///
    /// ```
    /// use faultline::{Engine, Format};
    /// let engine = Engine::default();
    /// let doc = engine.parse(faultline::DEFAULT_ARCHITECTURE, Format::Yaml)?;
    /// let prepared = engine.prepare(&doc.architecture)?;
    /// assert_eq!(prepared.score_on(4), prepared.score());
    /// # Ok::<(), faultline::Error>(())
    /// ```
    pub fn score_on(&self, threads: usize) -> ScoreReport {
        let threads = play_threads(threads, self.scenarios.len());
        self.score_report(self.play_scenarios(|_| true, threads), Detail::Chains)
    }

    /// [`Prepared::score`] with every finding's causal chain left empty: the same numbers
    /// and the same findings otherwise, for a caller that shows chains one scenario at a
    /// time ([`Prepared::scenario_findings`]). Chains are most of a report's text: in
    /// WebAssembly, writing them and the sentences they hold was about a quarter of a
    /// 100-component `score()` (docs/performance.md).
    pub fn score_without_chains(&self) -> ScoreReport {
        self.score_report(self.play_scenarios(|_| false, 1), Detail::Findings)
    }

    /// [`Prepared::score`] with the causal chains of one scenario's findings only, the
    /// others left empty: what an editor shows while that scenario is open. Every scenario
    /// is played, the others without their sentences, since a finding's points depend on
    /// its journey's other findings.
    ///
    /// # Errors
    ///
    /// An `unknown-scenario` request error when no scenario has this id.
    pub fn score_with_chains_of(&self, scenario: &str) -> Result<ScoreReport, Error> {
        let Some(index) = self.scenarios.iter().position(|s| s.id == scenario) else {
            return Err(Error::request(
                Code::UnknownScenario,
                format!(
                    "no scenario `{scenario}` in this description's score (its report lists them by id)"
                ),
            ));
        };
        let played = self.play_scenarios(|s| s.id == scenario, 1);
        Ok(self.score_report(played, Detail::ChainsOf(index)))
    }

    /// The findings of one scenario, with their causal chains, exactly as
    /// [`Prepared::score`] lists them (none when the scenario hurts no journey).
    ///
    /// # Errors
    ///
    /// An `unknown-scenario` request error when no scenario has this id.
    pub fn scenario_findings(&self, scenario: &str) -> Result<Vec<Finding>, Error> {
        let mut report = self.score_with_chains_of(scenario)?;
        report.findings.retain(|f| f.scenario == scenario);
        Ok(report.findings)
    }

    /// Plays one pattern at one fault domain.
    ///
    /// # Errors
    ///
    /// A request error: `unknown-pattern`, `domain` (the id does not parse),
    /// `wrong-domain-class`, `invalid-minutes`.
    pub fn simulate(&self, request: &SimulateRequest) -> Result<SimulateReport, Error> {
        let catalogue = self.engine.catalogue();
        let pattern = catalogue.pattern(&request.pattern).ok_or_else(|| {
            Error::request(
                Code::UnknownPattern,
                format!(
                    "no pattern `{}` in the catalogue (`faultline catalogue` lists them)",
                    request.pattern
                ),
            )
        })?;
        // `score` plays a bad change or a global rollout once per component it can hit,
        // naming it after `#` in the scenario's id (`change:production#api`): the same
        // suffix here plays that scenario alone. Only there: other names may hold `#`.
        // The same for the variant of a staged agent update that its first ring stops:
        // `agent:falcon~first-ring` (agent names hold no `~`).
        let (at, first_ring) = match request.at.strip_suffix(FIRST_RING) {
            Some(at) if at.starts_with("agent:") => (at, true),
            _ => (request.at.as_str(), false),
        };
        let (at, component) = match at.split_once('#') {
            Some((at, id)) if at.starts_with("change:") || at.starts_with("rollout:") => {
                (at, Some(id))
            }
            _ => (at, None),
        };
        let domain =
            DomainId::parse(at).map_err(|e| Error::request(Code::Domain, e.to_string()))?;
        if domain.class() != pattern.fails {
            return Err(Error::request(
                Code::WrongDomainClass,
                format!(
                    "pattern `{}` fails {} domains, but `{}` is a {} domain",
                    pattern.id,
                    pattern.fails,
                    request.at,
                    domain.class()
                ),
            ));
        }
        // A scenario named by its id's suffix (`#<component>`, `~first-ring`) is played only
        // when `score` plays it; `why` says when that is.
        let played_by_score = |why: &str| {
            let scenario = format!("{}@{}", pattern.id, request.at);
            if self.scenarios.iter().any(|s| s.id == scenario) {
                Ok(())
            } else {
                Err(Error::request(
                    Code::Domain,
                    format!("`score` plays no scenario `{scenario}`: {why}"),
                ))
            }
        };
        let target = match component {
            None => None,
            Some(id) => {
                let Some(i) = self.resolved.components.iter().position(|c| *c.id == *id) else {
                    return Err(Error::request(
                        Code::Domain,
                        format!("`#{id}` names no component of this description"),
                    ));
                };
                // Only the scenarios `score` plays: a component you run that a journey
                // reaches (a SaaS vendor's service takes no bad change of yours).
                played_by_score(
                    "it aims a bad change or a global rollout only at a component you run that a journey reaches",
                )?;
                Some(i)
            }
        };
        if first_ring {
            played_by_score(
                "a first-ring variant is played for an agent that a component some journey reaches stages (`staged_agents`), with a pattern whose bad updates rings can stop",
            )?;
        }
        let (median, _) = played_minutes(pattern, &self.resolved);
        let minutes = request.minutes.unwrap_or(median);
        if !minutes.is_finite() || minutes < 0.0 {
            return Err(Error::request(
                Code::InvalidMinutes,
                format!("minutes must be a finite number of at least 0, got {minutes}"),
            ));
        }
        let mut scenario = single(pattern, &domain, minutes, catalogue, &self.footing.domains);
        if target.is_some() || first_ring {
            scenario.id = format!("{}@{}", pattern.id, request.at);
            scenario.target = target;
            scenario.first_ring = first_ring;
        }
        let mut report = self.simulation(scenario);
        report.note = self.unused_domain_note(&report);
        Ok(report)
    }

    /// Why a simulation left everything up when that may surprise: the domain is one of a
    /// site's several uplinks (ridden out), or no failed domain of `r` is one the
    /// description uses (a note naming the used domains of the requested one's class, at
    /// most eight, so that a misspelt id is not silently reported as harmless).
    fn unused_domain_note(&self, r: &SimulateReport) -> Option<String> {
        let domains = &self.footing.domains;
        if let DomainId::Uplink { site, uplink } = &r.domain
            && r.journeys.iter().all(|j| j.status == Status::Up)
            && let Some(c) = self.resolved.components.iter().find(|c| {
                matches!(&c.home, crate::resolve::Home::Site(s) if s == site)
                    && c.uplinks.iter().any(|u| u == uplink)
            })
        {
            return Some(format!(
                "{} is one of the {} uplinks of site {site} (`sites`): what is there is reached through another while it is lost",
                r.domain,
                c.uplinks.len()
            ));
        }
        if r.failed_domains
            .iter()
            .any(|f| domains.get(&f.domain).is_some())
        {
            return None;
        }
        let class = r.domain.class();
        let mut same: Vec<String> = domains
            .iter()
            .filter(|d| d.class() == class)
            .map(ToString::to_string)
            .collect();
        same.stable_sort();
        let total = same.len();
        same.truncate(8);
        let known = match total {
            0 => format!("its components rest on no {class} domain"),
            n if n > same.len() => format!(
                "the {class} domains its components rest on include {} ({n} in all)",
                same.join(", ")
            ),
            _ => format!(
                "the {class} domains its components rest on: {}",
                same.join(", ")
            ),
        };
        Some(format!(
            "nothing in this description rests on {} or on what its failure implies, so nothing goes down; {known}",
            r.domain
        ))
    }

    /// Plays several fault domains failing together for `minutes`, each with the effects
    /// given and what those imply: a risk group, or an event the catalogue does not have.
    /// The scenario is named `together@<first domain>`.
    ///
    /// # Errors
    ///
    /// `invalid-minutes`; `domain` when `failures` is empty.
    pub fn simulate_together(
        &self,
        failures: &[(DomainId, Vec<EffectKind>)],
        minutes: f64,
    ) -> Result<SimulateReport, Error> {
        if !minutes.is_finite() || minutes < 0.0 {
            return Err(Error::request(
                Code::InvalidMinutes,
                format!("minutes must be a finite number of at least 0, got {minutes}"),
            ));
        }
        let Some((first, _)) = failures.first() else {
            return Err(Error::request(Code::Domain, "no fault domain to fail"));
        };
        let mut failed = FailedDomains::default();
        for (d, effects) in failures {
            failed.add(d.clone(), effects.iter().copied());
        }
        failed.close_over(self.engine.catalogue());
        Ok(self.simulation(Scenario::new(
            format!("together@{first}"),
            "together".to_owned(),
            first.clone(),
            None,
            failed,
            minutes,
            0.0,
            Vec::new(),
            &self.footing.domains,
        )))
    }

    fn simulation(&self, scenario: Scenario) -> SimulateReport {
        let played = Player::new(&self.resolved, &self.footing).play_all(&self.order, &scenario);
        let journeys = self
            .resolved
            .journeys
            .iter()
            .zip(&played.journeys)
            .map(|(j, o)| {
                let m = crate::score::measure(j, o);
                JourneyImpact {
                    name: j.name.clone(),
                    status: m.status,
                    impact_minutes: round(m.impact_minutes, 3),
                    all_down_minutes: round(m.all_down_minutes, 3),
                    affected_share: round(m.affected_share, 4),
                    degraded_minutes: round(m.degraded_minutes, 3),
                    degraded_share: round(m.degraded_share, 4),
                    weighted_minutes: round(m.weighted_minutes, 3),
                    data_loss_minutes: o.data_loss_minutes.map(|m| round(m, 3)),
                    data_loss_total: o.data_loss_total,
                    rto_breach: m.rto_breach,
                    rpo_breach: m.rpo_breach,
                    chain: m.outcome.chain.for_report(),
                }
            })
            .collect();
        let components = self
            .resolved
            .components
            .iter()
            .zip(&played.components)
            .map(|(c, o)| ComponentImpact {
                id: c.id.to_string(),
                status: o.status(),
                impact_minutes: round(o.down.longest_run(), 3),
                affected_share: round(o.down.peak(), 4),
                degraded_minutes: round(o.degraded_beyond_down().longest_run(), 3),
                degraded_share: round(o.degraded_beyond_down().peak(), 4),
            })
            .collect();
        SimulateReport {
            failed_domains: scenario
                .failed
                .iter()
                .map(|(d, e)| FailedDomain {
                    domain: d.clone(),
                    effects: e.kinds().collect(),
                })
                .collect(),
            scenario: scenario.id,
            pattern: scenario.pattern,
            domain: scenario.domain,
            minutes: scenario.minutes,
            journeys,
            components,
            note: None,
        }
    }

    /// Replays one catalogued incident, or every incident that touches the architecture's
    /// providers and domains, as its post-incident report describes it: the pattern's
    /// domain (with the recipe's own effects when it gives them), what else the provider
    /// reported failing (each for its own duration), and no destroyed data when the provider
    /// reported none. A zone or region the provider did not name (`*`) is played against
    /// each one of that provider's the architecture uses, and the worst kept, or against all
    /// of them at once when the incident was global; so is a zone named by its AZ ID when
    /// the description names that region's zones only by their account-specific names. When
    /// the incident fails nothing the description rests on, the replay's note says so. An incident
    /// catalogued as a vendor's customers saw it replays the provider event that caused it.
    ///
    /// # Errors
    ///
    /// `unknown-incident`, also for an incident that has no replay recipe.
    pub fn replay(&self, incident: Option<&str>) -> Result<ReplayReport, Error> {
        let catalogue = self.engine.catalogue();
        let used = used_domains(&self.footing);
        let used_flat: Vec<&DomainId> = used.values().flatten().collect();
        let providers: Vec<&str> = used_flat.iter().filter_map(|d| d.provider()).collect();
        let touches = |d: &DomainId| {
            used_flat.contains(&d)
                || !self.wildcard_values(d, &used_flat).is_empty()
                || matches!(d, DomainId::Backbone(b) | DomainId::Edge(b) | DomainId::GlobalControl { provider: b } if providers.contains(&b.as_str()))
        };
        let recipe_of = |i: &'c crate::catalogue::Incident| {
            i.replay.as_ref().or_else(|| {
                i.caused_by
                    .as_deref()
                    .and_then(|c| catalogue.incident(c))
                    .and_then(|c| c.replay.as_ref())
            })
        };
        let chosen: Vec<&crate::catalogue::Incident> = match incident {
            Some(id) => vec![match catalogue.incident(id) {
                Some(i) if recipe_of(i).is_some() => i,
                // Catalogued for its facts, but with no recipe saying which domains to fail
                // (found by a review: it was called missing from the catalogue).
                Some(_) => {
                    return Err(Error::request(
                        Code::UnknownIncident,
                        format!(
                            "incident `{id}` is in the catalogue but has no replay recipe (`faultline explain {id}` shows its facts)"
                        ),
                    ));
                }
                None => {
                    return Err(Error::request(
                        Code::UnknownIncident,
                        format!(
                            "no incident `{id}` in the catalogue (`faultline catalogue` lists them)"
                        ),
                    ));
                }
            }],
            // An AI-assisted change cannot happen to a description that declares none
            // (`score` plays no such scenario): not replayed unless asked for by id.
            None => catalogue
                .incidents
                .iter()
                .filter(|i| {
                    recipe_of(i).is_some_and(|r| {
                        r.at.iter()
                            .chain(r.also.iter().flat_map(|a| &a.at))
                            .any(touches)
                            && !(self.resolved.ai_assisted == AiAssisted::None
                                && catalogue.pattern(&r.pattern).is_some_and(is_ai))
                    })
                })
                .collect(),
        };
        let mut incidents = Vec::new();
        for inc in chosen {
            let Some(recipe) = recipe_of(inc) else {
                continue;
            };
            let Some(pattern) = catalogue.pattern(&recipe.pattern) else {
                continue;
            };
            let Some(first) = recipe.at.first() else {
                continue;
            };
            let mut notes: Vec<String> = Vec::new();
            if self.resolved.ai_assisted == AiAssisted::None && is_ai(pattern) {
                notes.push(
                    "the description declares no AI-assisted changes (`operations.changes.ai_assisted: none`), so `score` plays no such scenario; this replays it as if they were made".to_owned(),
                );
            }
            let mut minutes = recipe
                .minutes
                .or(inc.main_impact_minutes)
                .unwrap_or(pattern.duration.median_minutes);
            if recipe.minutes.is_none() && inc.main_impact_minutes.is_none() {
                notes.push(format!(
                    "the incident's end is not published: it is replayed for the median duration of {} ({})",
                    pattern.id,
                    crate::render::words::fmt_minutes(minutes)
                ));
            }
            // Your own change, rolled back automatically, lasts as `score` plays it: the
            // incident's duration × ROLLBACK_FACTOR (an estimate).
            if let (_, Some(why)) = played_minutes(pattern, &self.resolved) {
                minutes *= crate::rules::constants::ROLLBACK_FACTOR;
                notes.push(format!("{why}, as `score` plays your own changes"));
            }
            let (recipe, localised) = self.localised(recipe, &used_flat);
            notes.extend(localised);
            let recipe = &recipe;
            let effects: Vec<EffectKind> = if recipe.effects.is_empty() {
                pattern.effects.clone()
            } else {
                recipe.effects.clone()
            };
            // The values an unnamed zone or region (`*`) takes: each one the architecture
            // uses; the worst outcome is kept. An incident that hit everywhere at once
            // (`scope: global`) fails all of them together: a global outage is not the
            // worst of its regions one at a time (Google Cloud 2025-06-12 failed Cloud
            // Storage and BigQuery in every region; found by a review).
            let together = inc.scope == crate::catalogue::Scope::Global;
            let all = recipe
                .at
                .iter()
                .chain(recipe.also.iter().flat_map(|a| &a.at));
            let mut choices: Vec<Option<String>> = Vec::new();
            for d in all {
                for v in self.wildcard_values(d, &used_flat) {
                    if !choices.contains(&Some(v.clone())) {
                        choices.push(Some(v));
                    }
                }
            }
            if choices.is_empty() || together {
                choices = vec![None];
            }
            let mut best: Option<(f64, SimulateReport)> = None;
            for choice in &choices {
                // Each domain the recipe names, its `*` filled with this choice, or with
                // every value it can take when the incident was global.
                let fill_all = |d: &DomainId| -> Vec<DomainId> {
                    let values = if together {
                        self.wildcard_values(d, &used_flat)
                    } else {
                        Vec::new()
                    };
                    if values.is_empty() {
                        vec![substitute(d, choice.as_deref())]
                    } else {
                        values.iter().map(|v| substitute(d, Some(v))).collect()
                    }
                };
                let mut failed = FailedDomains::default();
                for d in recipe.at.iter().flat_map(&fill_all) {
                    failed.add(d, effects.iter().copied());
                }
                for also in &recipe.also {
                    for d in also.at.iter().flat_map(&fill_all) {
                        match also.minutes {
                            Some(m) => failed.add_for(d, also.effects.iter().copied(), m),
                            None => failed.add(d, also.effects.iter().copied()),
                        }
                    }
                }
                if recipe.data_loss == Some(crate::catalogue::DataOutcome::None) {
                    failed.without(EffectKind::DataDestroyed);
                }
                failed.close_over(catalogue);
                let Some(root) = fill_all(first).into_iter().next() else {
                    continue;
                };
                let mut scenario = Scenario::new(
                    format!("{}@{}", inc.id, root),
                    pattern.id.clone(),
                    root,
                    None,
                    failed,
                    minutes,
                    0.0,
                    Vec::new(),
                    &self.footing.domains,
                );
                scenario.fraction = pattern.fraction;
                // A partition leaves the hosts running: nothing restarts after it, as
                // `simulate` plays it (found by a review: replays added a restart tail).
                scenario.partition = pattern.partition;
                let sim = self.simulation(scenario);
                let cost: f64 = sim.journeys.iter().map(|j| j.weighted_minutes).sum();
                if best.as_ref().is_none_or(|(c, _)| cost > *c) {
                    best = Some((cost, sim));
                }
            }
            let Some((_, mut simulation)) = best else {
                continue;
            };
            if let Some(n) = self.unused_domain_note(&simulation) {
                notes.push(n);
            }
            if !notes.is_empty() {
                simulation.note = Some(notes.join("; "));
            }
            incidents.push(IncidentReplay {
                incident: inc.id.clone(),
                title: inc.title.clone(),
                date: inc.date.clone(),
                source: inc
                    .sources
                    .first()
                    .map(|s| s.url.clone())
                    .unwrap_or_default(),
                simulation,
            });
        }
        incidents.stable_sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then_with(|| a.incident.cmp(&b.incident))
        });
        Ok(ReplayReport {
            name: self.arch.name.clone(),
            incidents,
        })
    }

    /// `recipe` as it applies to this description, with a note for each change: a zone the
    /// provider named by its AZ ID, in a region whose zones the description writes only by
    /// name, becomes an unnamed zone (the account-specific mapping from names to IDs is
    /// unknown here, docs/domains.md, so it may be any of them: each is played, the worst
    /// kept); a part of another organisation's own site (its power, network or storage),
    /// which cannot fail under you, becomes one of each site the description uses (the same
    /// event at your site; found by a review: every own-site incident left a data centre
    /// under any other name up).
    fn localised(
        &self,
        recipe: &crate::catalogue::Replay,
        used: &[&DomainId],
    ) -> (crate::catalogue::Replay, Vec<String>) {
        use crate::catalogue::WILDCARD;
        let mut recipe = recipe.clone();
        let mut notes: Vec<String> = Vec::new();
        let sites: Vec<&str> = used
            .iter()
            .filter_map(|d| match d {
                DomainId::Site(site) => Some(site.as_str()),
                _ => None,
            })
            .collect();
        let mut theirs: Vec<String> = Vec::new();
        for d in recipe
            .at
            .iter_mut()
            .chain(recipe.also.iter_mut().flat_map(|a| a.at.iter_mut()))
        {
            if let Some(names) = self.zone_names_instead_of(d, used) {
                notes.push(format!(
                    "{d} is an AZ ID and this description names its zones in that region ({}), whose mapping to AZ IDs belongs to your account, so it is played as each of them, the worst kept; write zones as AZ IDs (docs/domains.md) to replay it exactly",
                    names.join(", ")
                ));
                if let DomainId::Zone { zone, .. } = d {
                    WILDCARD.clone_into(zone);
                }
            } else if let Some(site) = site_of(d)
                && site != WILDCARD
                && !sites.is_empty()
                && !sites.contains(&site)
            {
                if !theirs.iter().any(|t| t == site) {
                    theirs.push(site.to_owned());
                }
                *d = with_site(d, WILDCARD);
            }
        }
        if !theirs.is_empty() {
            let mut yours = sites;
            yours.sort_unstable();
            yours.dedup();
            notes.push(format!(
                "the incident hit another organisation's site ({}): it is played at each of this description's sites ({}) as the same event there, the worst kept",
                theirs.join(", "),
                yours.join(", ")
            ));
        }
        (recipe, notes)
    }

    /// When `d` is a zone written as an AZ ID that the description does not use, in a
    /// provider region where the description uses zones and names every one of them
    /// (`us-east-1a`, or `zones: N`): those names, sorted (see [`Prepared::replay`]).
    fn zone_names_instead_of(&self, d: &DomainId, used: &[&DomainId]) -> Option<Vec<String>> {
        let DomainId::Zone {
            provider,
            region,
            zone,
        } = d
        else {
            return None;
        };
        let profile = self.engine.catalogue().provider(provider)?;
        if zone == crate::catalogue::WILDCARD || !profile.is_zone_id(zone) || used.contains(&d) {
            return None;
        }
        let mut names: Vec<String> = Vec::new();
        for z in used_zones(used, provider, region) {
            if profile.is_zone_id(z) {
                return None;
            }
            names.push(z.clone());
        }
        names.sort();
        names.dedup();
        (!names.is_empty()).then_some(names)
    }

    /// The zones (or regions) an unnamed `*` in `d` can be: those of the same provider
    /// (and region) the architecture uses.
    fn wildcard_values(&self, d: &DomainId, used: &[&DomainId]) -> Vec<String> {
        use crate::catalogue::WILDCARD;
        let mut out: Vec<String> = Vec::new();
        let mut add = |v: &str| {
            if !out.iter().any(|x| x == v) {
                out.push(v.to_owned());
            }
        };
        match d {
            DomainId::Zone {
                provider,
                region,
                zone,
            } if zone == WILDCARD => {
                for z in used_zones(used, provider, region) {
                    add(z);
                }
            }
            DomainId::Region { provider, region }
            | DomainId::Control { provider, region }
            | DomainId::Service {
                provider, region, ..
            } if region == WILDCARD => {
                for u in used {
                    if let DomainId::Region {
                        provider: p,
                        region: r,
                    } = u
                        && p == provider
                    {
                        add(r);
                    }
                }
            }
            d if site_of(d) == Some(WILDCARD) => {
                for u in used {
                    if let DomainId::Site(site) = u {
                        add(site);
                    }
                }
            }
            _ => {}
        }
        out
    }
}

/// `d` with its unnamed zone or region (`*`) filled in with `value`.
fn substitute(d: &DomainId, value: Option<&str>) -> DomainId {
    use crate::catalogue::WILDCARD;
    let Some(v) = value else {
        return d.clone();
    };
    let fill = |s: &String| {
        if s == WILDCARD {
            v.to_owned()
        } else {
            s.clone()
        }
    };
    match d {
        DomainId::Zone {
            provider,
            region,
            zone,
        } if zone == WILDCARD => DomainId::Zone {
            provider: provider.clone(),
            region: region.clone(),
            zone: v.to_owned(),
        },
        DomainId::Region { provider, region } => DomainId::Region {
            provider: provider.clone(),
            region: fill(region),
        },
        DomainId::Control { provider, region } => DomainId::Control {
            provider: provider.clone(),
            region: fill(region),
        },
        DomainId::Service {
            provider,
            region,
            service,
        } => DomainId::Service {
            provider: provider.clone(),
            region: fill(region),
            service: service.clone(),
        },
        other => match site_of(other) {
            Some(site) if site == WILDCARD => with_site(other, v),
            _ => other.clone(),
        },
    }
}

/// The zones of `provider` in `region` (any region when it is `*`) among `used`.
fn used_zones<'u>(
    used: &'u [&'u DomainId],
    provider: &'u str,
    region: &'u str,
) -> impl Iterator<Item = &'u String> {
    used.iter().filter_map(move |u| match u {
        DomainId::Zone {
            provider: p,
            region: r,
            zone,
        } if p == provider && (r == region || region == crate::catalogue::WILDCARD) => Some(zone),
        _ => None,
    })
}

/// The own site a site domain (`site:`, `room:`, `storage:`, `feed:`, `uplink:`) names.
fn site_of(d: &DomainId) -> Option<&str> {
    match d {
        DomainId::Site(site)
        | DomainId::Room { site, .. }
        | DomainId::Storage { site, .. }
        | DomainId::Feed { site, .. }
        | DomainId::Uplink { site, .. } => Some(site),
        _ => None,
    }
}

/// A site domain moved to `site`, its part kept.
fn with_site(d: &DomainId, site: &str) -> DomainId {
    let site = site.to_owned();
    match d {
        DomainId::Site(_) => DomainId::Site(site),
        DomainId::Room { room, .. } => DomainId::Room {
            site,
            room: room.clone(),
        },
        DomainId::Storage { array, .. } => DomainId::Storage {
            site,
            array: array.clone(),
        },
        DomainId::Feed { feed, .. } => DomainId::Feed {
            site,
            feed: feed.clone(),
        },
        DomainId::Uplink { uplink, .. } => DomainId::Uplink {
            site,
            uplink: uplink.clone(),
        },
        other => other.clone(),
    }
}

#[cfg(all(test, feature = "yaml"))]
mod tests {
    use super::*;
    use crate::engine::Engine;
    use crate::input::Format;

    const EXAMPLES: [&str; 10] = [
        include_str!("../examples/01-startup-single-az.yaml"),
        include_str!("../examples/02-saas-multi-az.yaml"),
        include_str!("../examples/03-multi-region-active-passive.yaml"),
        include_str!("../examples/04-multi-region-active-active.yaml"),
        include_str!("../examples/05-multi-cloud.yaml"),
        include_str!("../examples/06-on-prem-saas.yaml"),
        include_str!("../examples/07-fleet-agents-global-rollout.yaml"),
        include_str!("../examples/08-ai-product.yaml"),
        include_str!("../examples/09-azure-paired-regions.yaml"),
        include_str!("../examples/10-cells-and-hidden-fate.yaml"),
    ];

    /// The name of a description whose helpers panic at scenario [`PANIC_AT`].
    const HELPERS_PANIC: &str = "helpers panic at scenario 9";
    const PANIC_AT: usize = 9;

    /// A helper's failure, asked for by a test's description name: the path where the
    /// calling thread plays the scenarios a helper did not deliver.
    pub(super) fn panic_if_asked(name: &str, scenario: usize) {
        if name == HELPERS_PANIC && scenario == PANIC_AT {
            panic!("a test's helper panics at scenario {scenario}, as asked");
        }
    }

    fn prepared(text: &str) -> Result<Prepared<'static>, Error> {
        let engine = Engine::default();
        engine.prepare(&engine.parse(text, Format::Yaml)?.architecture)
    }

    /// Played on 2, 3 or 7 threads (however many cores), every example's report is the
    /// one thread's, byte for byte, with every chain, without chains, and with one
    /// scenario's chains; helpers then wrote chains of their own.
    #[test]
    fn helpers_change_no_byte_of_a_report() -> Result<(), Error> {
        use crate::render::json::{Style, to_string};
        for text in EXAMPLES {
            let p = prepared(text)?;
            let one = to_string(&p.score(), Style::Pretty)?;
            let quiet = p.score_without_chains();
            let (index, first) = (
                p.scenarios.len() / 2,
                &p.scenarios[p.scenarios.len() / 2].id,
            );
            let of_one = p.score_with_chains_of(first)?;
            for threads in [2, 3, 7] {
                let played = p.play_scenarios(|_| true, threads);
                assert_eq!(played.hurt.len(), p.scenarios.len());
                let report = p.score_report(played, Detail::Chains);
                let many = to_string(&report, Style::Pretty)?;
                assert_eq!(many, one, "{}: {threads} threads", p.arch.name);
                let played = p.play_scenarios(|_| false, threads);
                assert_eq!(p.score_report(played, Detail::Findings), quiet);
                let played = p.play_scenarios(|s| s.id == *first, threads);
                assert_eq!(p.score_report(played, Detail::ChainsOf(index)), of_one);
            }
        }
        Ok(())
    }

    /// Helpers alone (this thread taking nothing) play every scenario and write every
    /// chain; with more threads than takes, some play nothing: the report is the same.
    #[test]
    fn helpers_write_the_chains_of_the_scenarios_they_play() -> Result<(), Error> {
        let p = prepared(EXAMPLES[4])?;
        let n = p.scenarios.len();
        assert!(n > 4 * SCENARIOS_PER_TAKE, "{n} scenarios");
        let played = p.play_shared(|_| true, 7, false);
        for (w, h) in played.written.iter().zip(&played.hurt) {
            assert_eq!(w.len(), h.len(), "the helpers played every scenario");
        }
        let chains = played.written.iter().flatten().filter(|c| !c.is_empty());
        assert!(chains.count() > 10, "the helpers wrote chains");
        let one = p.score();
        assert_eq!(p.score_report(played, Detail::Chains), one);
        let many = p.play_scenarios(|_| true, 4 * n);
        assert_eq!(p.score_report(many, Detail::Chains), one);
        Ok(())
    }

    /// On one thread, as WebAssembly plays, each scenario's chains are written as it is
    /// played and its outcomes keep none, worded or not: the links of one scenario are
    /// freed before the next is played.
    #[test]
    fn one_thread_writes_the_chains_as_it_plays() -> Result<(), Error> {
        let p = prepared(EXAMPLES[4])?;
        let worded = p.play_scenarios(|_| true, 1);
        assert_eq!(worded.helped, 0);
        assert!(worded.hurt.iter().flatten().count() > 10);
        for (w, h) in worded.written.iter().zip(&worded.hurt) {
            assert_eq!(w.len(), h.len());
            assert!(h.iter().all(|(_, o)| o.chain.is_empty()));
            assert!(w.iter().all(|steps| !steps.is_empty()));
        }
        let quiet = p.play_scenarios(|_| false, 1);
        assert!(quiet.written.iter().all(Vec::is_empty));
        assert!(quiet.hurt.iter().flatten().all(|(_, o)| o.chain.is_empty()));
        assert_eq!(p.score_report(worded, Detail::Chains), p.score());
        Ok(())
    }

    /// A helper that panics delivers nothing more; this thread plays what it did not
    /// deliver, and the report is one thread's.
    #[test]
    fn a_helper_that_panics_leaves_its_scenarios_to_this_thread() -> Result<(), Error> {
        let text =
            EXAMPLES[2].replace("\nname: shopfront\n", &format!("\nname: {HELPERS_PANIC}\n"));
        let p = prepared(&text)?;
        assert_eq!(p.arch.name, HELPERS_PANIC);
        assert!(p.scenarios.len() > 2 * PANIC_AT);
        let one = p.score();
        for (threads, caller) in [(2, false), (2, true), (3, false)] {
            let played = p.play_shared(|_| true, threads, caller);
            if threads == 2 && !caller {
                // The one helper played scenarios 0..9 and panicked: the rest is here.
                assert!(played.helped <= PANIC_AT, "{}", played.helped);
                assert!(
                    played.helped > 0,
                    "the helper delivered what it played first"
                );
            }
            let report = p.score_report(played, Detail::Chains);
            assert_eq!(report, one, "{threads} threads, caller {caller}");
        }
        Ok(())
    }

    /// At most one thread per core and per [`SCENARIOS_PER_THREAD`] scenarios, at least
    /// one.
    #[test]
    fn threads_are_capped_by_cores_and_scenarios() {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        assert_eq!(play_threads(0, 10_000), 1);
        assert_eq!(play_threads(1, 10_000), 1);
        assert_eq!(play_threads(64, 10), 1);
        assert_eq!(play_threads(2, 2 * SCENARIOS_PER_THREAD), 2.min(cores));
        assert_eq!(play_threads(2, 2 * SCENARIOS_PER_THREAD - 1), 1);
        assert_eq!(play_threads(1_000, 1_000_000), cores);
    }
}
