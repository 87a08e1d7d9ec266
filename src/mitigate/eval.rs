//! Scoring changed copies without replaying what cannot have changed.
//!
//! [`Prepared::score`] plays each scenario over the components it reaches only
//! ([`crate::scenarios::Reach`]). A transform changes a few components; a scenario that
//! reaches none of them, neither in the baseline nor in the changed copy, leaves them up in
//! both, and since a component's outcome depends only on itself, the scenario, the
//! monitoring, the DNS providers, the journey entries and its dependencies' outcomes, every
//! outcome is the baseline's. [`Evaluator::measure`] reuses those and plays the rest with the
//! [`Player`] `score()` uses, made quiet ([`Player::quiet`]: the same outcomes, chains
//! without their sentences, which no suggestion shows). Whether a scenario of the copy
//! reaches a changed component is read from its direct hits against the changed components
//! and their dependencies, marked once per copy ([`Reach::reaches_marked`]); a reused
//! scenario's journey measures are the baseline's too ([`crate::score::score_knowing`]).
//! Everything else (validation, resolution, scenario expansion, the scoring arithmetic) is
//! the same code, so the numbers are identical; a unit test and the integration tests
//! compare them with `score()` for every candidate. The closures of implied failures are
//! kept from one copy to the next ([`Closures`]); a copy takes the baseline's per-component
//! checks and resolution of the components it did not change ([`Reuse`]); and a copy's
//! findings are written only for a suggestion that is offered.
//!
//! A scenario that does reach a changed component is replayed over only what can come out
//! differently ([`Player::journeys_seeded`]): the changed components and everything that
//! reads their outcomes (`depends_on`, `any_of` alternatives, `needs_at_start`),
//! transitively. Every other component it reaches takes the outcome the baseline's play of
//! the same scenario left on it, kept when a copy first replays that scenario. That holds
//! only when the rest of the copy is resolved and placed exactly as the baseline
//! ([`Resolved::same_around`], `Footing::same_around`: the same domains by name, the same
//! DNS routes and monitoring); otherwise the scenario is replayed whole. Tests compare both
//! ways with `score()`, including a monitoring component and a secret store read only at
//! start that no dependency edge leads from.
//!
//! The baseline is played once, here (quietly too): its numbers are the suggestions'
//! baseline.
//! Copies whose journeys, operations, sites or component list differ from the baseline
//! (new components, `any_of` groups, rollout or monitoring changes, a site's uplinks) are
//! played in full.

use std::cell::{OnceCell, RefCell};
use std::sync::Arc;

use crate::engine::{Prepared, Reuse};
use crate::error::Error;
use crate::graph::Indexed;
use crate::model::Architecture;
use crate::propagate::{Hurt, Player, Seeds};
use crate::resolve::Resolved;
use crate::scenarios::{Closures, Reach, Scenario};
use crate::score::{Detail, Finding, Grade, JourneyScore, Measured};
use crate::validate::OwnChecks;

/// What preparing and scoring a changed copy costs besides the scenarios it replays, in
/// work units per component of the copy (validation, resolution, footing, scenario
/// expansion, the findings): one work unit (a component evaluated or a dependency reference
/// read) takes about 340 ns, and a copy of the generated 1,000-component architecture took
/// about 60 ms to measure of which its replay was about 27,000 units, so the rest is about
/// 150 units per component (an estimate measured on a 2-core machine,
/// docs/performance.md). Without it a candidate that replays little would look free, and a
/// work budget would measure hundreds of them on a large architecture.
pub(super) const PREPARE_UNITS_PER_COMPONENT: u64 = 150;

/// The numbers of a score report that suggestions use: for the baseline, with its findings
/// (without their chains); for a changed copy, without any ([`Measurement::findings`]
/// writes them when a suggestion is offered).
pub(crate) struct Scored {
    pub score: f64,
    pub grade: Grade,
    pub journeys: Vec<JourneyScore>,
    pub findings: Vec<Finding>,
}

/// A changed copy, prepared and played.
pub(crate) struct Measurement<'c> {
    copy: Prepared<'c>,
    played: Vec<Hurt>,
    /// Its numbers, without findings: most candidates are rejected on their numbers alone.
    pub scored: Scored,
    /// What measuring it took: [`PREPARE_UNITS_PER_COMPONENT`] per component of the copy,
    /// plus components evaluated and dependency references read while playing it.
    pub work: u64,
    /// How many of its scenarios were replayed from the baseline's kept outcomes
    /// ([`Player::journeys_seeded`]) rather than whole.
    #[cfg_attr(not(test), allow(dead_code))]
    pub seeded: usize,
    /// The components whose description differs from the baseline's, when the copy has the
    /// baseline's components in the same order ([`Reuse::between`]).
    differ: Option<Vec<usize>>,
}

impl Measurement<'_> {
    /// The copy's findings, without their chains, as `score()` would list them.
    pub fn findings(&self) -> Vec<Finding> {
        let c = &self.copy;
        crate::score::score_with(&c.resolved, &c.scenarios, &self.played, Detail::Findings).3
    }

    /// The changed description.
    pub fn architecture(&self) -> &Architecture {
        &self.copy.arch
    }

    /// The changed description made the baseline's (`base`) again, for the next candidate
    /// to change: copying the whole description for each candidate, and dropping it after,
    /// was about a tenth of `suggest` (docs/performance.md). The components it changed are
    /// copied from the baseline, and so is any other part that differs; a copy with other
    /// components than the baseline is copied whole.
    pub fn into_baseline(self, base: &Architecture) -> Architecture {
        let (mut a, differ) = (self.copy.arch, self.differ);
        let Some(differ) = differ else {
            return base.clone();
        };
        for i in differ {
            if let (Some(c), Some(b)) = (a.components.get_mut(i), base.components.get(i)) {
                c.clone_from(b);
            }
        }
        // Every part named, so that a part added to the description is not forgotten here.
        let Architecture {
            version,
            name,
            description,
            targets,
            components: _,
            journeys,
            operations,
            sites,
        } = &mut a;
        *version = base.version;
        restore(name, &base.name);
        restore(description, &base.description);
        restore(targets, &base.targets);
        restore(journeys, &base.journeys);
        restore(operations, &base.operations);
        restore(sites, &base.sites);
        a
    }
}

/// `part` made equal to `base`'s, copied only when it differs.
fn restore<T: Clone + PartialEq>(part: &mut T, base: &T) {
    if part != base {
        part.clone_from(base);
    }
}

/// The baseline, played once, and what it takes to measure changed copies of it.
pub(crate) struct Evaluator<'p, 'c> {
    base: &'p Prepared<'c>,
    /// Its scenarios, in its order (sorted by id, as every prepared list is).
    scenarios: Vec<Baseline<'p>>,
    /// The closures of implied failures of the copies measured so far, the baseline's
    /// shared with them ([`Closures::share`]).
    closures: RefCell<Closures<'c>>,
    /// What plays a baseline scenario again to keep its outcomes.
    keeper: RefCell<Keeper<'p>>,
    /// The baseline's per-component checks, which copies take for the components they
    /// do not change ([`Reuse`]).
    checks: OwnChecks,
    /// The baseline's id index and dependency graph, which copies that refer to the same
    /// components take ([`Reuse`]).
    indexed: Indexed<'p>,
    /// The baseline's own numbers.
    pub baseline: Scored,
}

/// The baseline's reach and (quiet) player, and how many more component outcomes may be
/// kept ([`MAX_KEPT_OUTCOMES`]).
struct Keeper<'p> {
    reach: Reach,
    player: Player<'p>,
    room: usize,
}

/// One scenario of the baseline: its journeys and the components it reaches.
struct Baseline<'p> {
    scenario: &'p Scenario,
    journeys: Hurt,
    /// What each of `journeys` measures ([`crate::score::measures`]).
    measured: Vec<Measured>,
    /// Per component: in the scenario's affected set.
    touches: Vec<bool>,
    /// The outcomes it left on the components it reached, to seed a copy's replay
    /// ([`Player::journeys_seeded`]): kept when a copy first replays it (so a few copies
    /// measured keep little), `None` past [`MAX_KEPT_OUTCOMES`].
    kept: OnceCell<Option<Seeds>>,
}

/// The most component outcomes the baseline keeps to seed the copies' replays, over the
/// scenarios some copy replays: 160 bytes each, so at most 5.2 MB per measuring thread,
/// plus the chain links they keep alive (docs/limits.md). Every scenario of the generated
/// 200- and 1,000-component descriptions would keep 4,174 and 30,517. A scenario reaching
/// more components than the room left keeps none and is replayed whole: the numbers are
/// the same either way.
const MAX_KEPT_OUTCOMES: usize = 1 << 15;

/// Per component of `r`: `targets`, and everything whose outcome reads one of theirs
/// (through `depends_on`, `any_of` alternatives or `needs_at_start`), transitively.
fn downstream_of(r: &Resolved, targets: &[usize]) -> Vec<bool> {
    let n = r.components.len();
    let mut readers: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut read = Vec::new();
    for (i, c) in r.components.iter().enumerate() {
        read.clear();
        c.depends_on.iter().for_each(|d| d.indices(&mut read));
        read.extend_from_slice(&c.needs_at_start);
        for &k in &read {
            if let Some(v) = readers.get_mut(k) {
                v.push(i);
            }
        }
    }
    let mut marks = vec![false; n];
    let mut stack: Vec<usize> = targets.iter().copied().filter(|&t| t < n).collect();
    while let Some(i) = stack.pop() {
        if !marks[i] {
            marks[i] = true;
            stack.extend_from_slice(&readers[i]);
        }
    }
    marks
}

fn same_scenario(a: &Scenario, b: &Scenario) -> bool {
    a.id == b.id
        && a.failed == b.failed
        && a.minutes == b.minutes
        && a.per_year == b.per_year
        && a.target == b.target
        && a.adjustments == b.adjustments
}

impl<'p, 'c> Evaluator<'p, 'c> {
    /// Plays the baseline once.
    pub fn new(base: &'p Prepared<'c>) -> Self {
        let r = &base.resolved;
        let mut reach = Reach::new(r, &base.footing, &base.order);
        let mut player = Player::new(r, &base.footing).quiet();
        let n = base.scenarios.len();
        let (mut played, mut measured, mut reached) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for s in base.scenarios.iter() {
            let (affected, direct) = reach.affected_split(s);
            let mut touches = vec![false; r.components.len()];
            affected.iter().for_each(|&i| touches[i] = true);
            let journeys = player.journeys_split(affected, direct, s);
            measured.push(crate::score::measures(r, &journeys));
            played.push(journeys);
            reached.push(touches);
        }
        // Measured once: for the baseline's score here, and for the copies' reused scenarios.
        let known: Vec<Option<&[Measured]>> = measured.iter().map(|m| Some(m.as_slice())).collect();
        let (score, grade, journeys, findings) = crate::score::score_knowing(
            r,
            &base.scenarios,
            &played,
            &known,
            &mut [],
            Detail::Findings,
        );
        drop(known);
        let indexed = Indexed::new(&base.arch);
        let scenarios = base
            .scenarios
            .iter()
            .zip(played.into_iter().zip(measured).zip(reached))
            .map(|(s, ((journeys, measured), touches))| Baseline {
                scenario: s,
                journeys,
                measured,
                touches,
                kept: OnceCell::new(),
            })
            .collect();
        Evaluator {
            base,
            scenarios,
            closures: RefCell::new(Closures::share(&base.scenarios)),
            checks: OwnChecks::of(&base.arch, base.engine.catalogue(), &indexed),
            indexed,
            keeper: RefCell::new(Keeper {
                reach,
                player,
                room: MAX_KEPT_OUTCOMES,
            }),
            baseline: Scored {
                score,
                grade,
                journeys,
                findings,
            },
        }
    }

    /// Plays the baseline's `scenario` again and keeps the outcomes it leaves, if there is
    /// room for them.
    fn keep(&self, scenario: &Scenario) -> Option<Seeds> {
        let mut keeper = self.keeper.borrow_mut();
        let Keeper {
            reach,
            player,
            room,
        } = &mut *keeper;
        let (affected, direct) = reach.affected_split(scenario);
        if affected.len() > *room {
            return None;
        }
        let mut kept = Seeds::new();
        player.journeys_keeping(affected, direct, scenario, &mut kept);
        *room -= kept.len();
        Some(kept)
    }

    /// Scores a changed copy of the baseline: the same numbers as [`Prepared::score`], and
    /// the work it took.
    pub fn measure(&self, changed: Architecture) -> Result<Measurement<'c>, Error> {
        let original = &self.base.arch;
        // The same components (ids and kinds, in order), sites and operations: the copy
        // takes the baseline's checks and resolution of every component it did not change.
        let reuse = Reuse::between(self.base, &self.checks, &self.indexed, &changed);
        // Components whose own description changed; the shortcut needs everything else
        // (the list itself, journeys, operations, targets, sites) unchanged.
        let local = reuse.as_ref().filter(|_| {
            changed.journeys == original.journeys && changed.targets == original.targets
        });
        let touched: Vec<usize> = local.map_or_else(Vec::new, |r| r.changed().collect());
        // The components the copy changed, for giving it back as the baseline.
        let differ = reuse.as_ref().map(|r| r.changed().collect());
        let local = local.is_some()
            && touched
                .iter()
                .all(|&i| original.components[i].provider == changed.components[i].provider);
        let p = self.base.engine.prepare_changed(
            changed,
            reuse.as_ref(),
            &mut self.closures.borrow_mut(),
        )?;
        let changed = &p.arch;
        // The baseline's index when the copy would index alike (most candidates change
        // how a component fails over or scales, not what it rests on or depends on).
        let base = self.base;
        let shared_reach = self.keeper.borrow().reach.sharing(
            (&base.resolved, &base.footing, &base.order),
            (&p.resolved, &p.footing, &p.order),
        );
        let mut reach =
            shared_reach.unwrap_or_else(|| Reach::new(&p.resolved, &p.footing, &p.order));
        let mut player = Player::new(&p.resolved, &p.footing).quiet();
        // What reaches a changed component in the copy: the changed components and what
        // they depend on.
        let upstream = if local {
            reach.upstream_of(&touched)
        } else {
            Vec::new()
        };
        // A replayed scenario evaluates only the changed components and what reads their
        // outcomes, when everything else is resolved and placed as in the baseline (the
        // same domains, DNS routes and monitoring): every other component then comes out
        // as in the baseline's play of the same scenario, whose outcomes are kept.
        let fresh = local
            .then(|| {
                let mut changed = vec![false; p.resolved.components.len()];
                touched.iter().for_each(|&i| changed[i] = true);
                let base = self.base;
                (base.resolved.same_around(&p.resolved, &changed)
                    && base.footing.same_around(&p.footing, &changed))
                .then(|| downstream_of(&p.resolved, &touched))
            })
            .flatten();
        // A reused scenario's measures are the baseline's too: they depend on the outcome
        // and on the journey's tolerance, RTO and RPO, which come from the journeys and
        // targets, equal when `local`.
        let mut known: Vec<Option<&[Measured]>> = Vec::with_capacity(p.scenarios.len());
        let mut seeded = 0;
        // The baseline's scenario of the same id, when it is the same scenario: at the same
        // place when the copy shares the baseline's list; else found by walking the
        // baseline's list alongside the copy's, both sorted by id.
        let shared = Arc::ptr_eq(&p.scenarios, &self.base.scenarios);
        let mut cursor = 0;
        let mut baseline_of = |k: usize, s: &Scenario| -> Option<&Baseline<'p>> {
            if shared {
                return self.scenarios.get(k);
            }
            while self
                .scenarios
                .get(cursor)
                .is_some_and(|b| b.scenario.id < s.id)
            {
                cursor += 1;
            }
            self.scenarios
                .get(cursor)
                .filter(|b| b.scenario.id == s.id && same_scenario(b.scenario, s))
        };
        let played: Vec<Hurt> = p
            .scenarios
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let same = baseline_of(k, s);
                // A scenario that reaches no changed component, before or after the change,
                // leaves every changed component up in both; everything else is described
                // identically, so every outcome is the baseline's.
                if local
                    && let Some(base) = same
                    && touched.iter().all(|&i| !base.touches[i])
                    && !reach.reaches_marked(s, &upstream)
                {
                    known.push(Some(base.measured.as_slice()));
                    return base.journeys.clone();
                }
                known.push(None);
                let (affected, direct) = reach.affected_split(s);
                let seeds = fresh.as_ref().and(same).and_then(|base| {
                    base.kept
                        .get_or_init(|| self.keep(base.scenario))
                        .as_deref()
                });
                match (&fresh, seeds) {
                    (Some(fresh), Some(kept)) => {
                        seeded += 1;
                        player.journeys_seeded(affected, direct, s, fresh, kept)
                    }
                    _ => player.journeys_split(affected, direct, s),
                }
            })
            .collect();
        let (score, grade, journeys, _) = crate::score::score_knowing(
            &p.resolved,
            &p.scenarios,
            &played,
            &known,
            &mut [],
            Detail::Numbers,
        );
        let k = player.counters();
        let work = (changed.components.len() as u64)
            .saturating_mul(PREPARE_UNITS_PER_COMPONENT)
            .saturating_add(k.components)
            .saturating_add(k.references);
        drop((reach, player));
        Ok(Measurement {
            copy: p,
            played,
            scored: Scored {
                score,
                grade,
                journeys,
                findings: Vec::new(),
            },
            work,
            seeded,
            differ,
        })
    }
}

#[cfg(all(test, feature = "yaml"))]
mod tests {
    use super::*;
    use crate::engine::Engine;
    use crate::input::Format;

    /// The examples both tests below play.
    const EXAMPLES: [&str; 7] = [
        include_str!("../../examples/01-startup-single-az.yaml"),
        include_str!("../../examples/03-multi-region-active-passive.yaml"),
        include_str!("../../examples/05-multi-cloud.yaml"),
        include_str!("../../examples/07-fleet-agents-global-rollout.yaml"),
        include_str!("../../examples/08-ai-product.yaml"),
        include_str!("../../examples/09-azure-paired-regions.yaml"),
        include_str!("../../examples/10-cells-and-hidden-fate.yaml"),
    ];

    /// The shortcut gives `score()`'s numbers for every candidate of every example, offered
    /// or rejected (the integration tests check the offered ones through the public API).
    #[test]
    fn measure_equals_score_for_every_candidate() {
        let engine = Engine::default();
        let (mut checked, mut seeded, mut whole, mut restored) = (0, 0, 0, 0);
        for text in EXAMPLES {
            let arch = engine
                .parse(text, Format::Yaml)
                .expect("parses")
                .architecture;
            let p = engine.prepare(&arch).expect("valid");
            let ev = Evaluator::new(&p);
            let full_base = p.score();
            assert_eq!(ev.baseline.score, full_base.score);
            for id in p.suggestion_ids() {
                let changed = p.apply(&id).expect("applies");
                let m = ev.measure(changed.clone()).expect("measures");
                if m.seeded > 0 {
                    seeded += 1;
                } else {
                    whole += 1;
                }
                let findings = m.findings();
                let fast = m.scored;
                assert!(
                    fast.findings.is_empty(),
                    "{id}: findings only when asked for"
                );
                assert_eq!(m.copy.arch, changed, "{id}");
                let full = engine.prepare(&changed).expect("valid").score();
                assert_eq!(fast.score, full.score, "{id}");
                assert_eq!(fast.grade, full.grade, "{id}");
                assert_eq!(fast.journeys, full.journeys, "{id}");
                // Measuring leaves the causal chains out (suggestions use ids and numbers).
                let mut full_findings = full.findings.clone();
                full_findings.iter_mut().for_each(|f| f.chain.clear());
                assert_eq!(findings, full_findings, "{id}");
                // Given back as the baseline for the next candidate: equal to it, from the
                // components it changed or whole.
                if m.differ.as_ref().is_some_and(|d| !d.is_empty()) {
                    restored += 1;
                }
                let m = Measurement { scored: fast, ..m };
                assert!(m.into_baseline(&p.arch) == p.arch, "{id}");
                checked += 1;
            }
        }
        assert!(checked > 50, "{checked} candidates");
        assert!(
            restored * 2 > checked,
            "{restored} of {checked} restored by parts"
        );
        // Both ways of replaying were compared with `score()`.
        assert!(seeded > 20 && whole > 5, "{seeded} seeded, {whole} whole");
    }

    /// What reads a changed component without depending on it: the monitoring that a
    /// manual failover needs (moved out of the region the app fails over from: what every
    /// failover sees changes, so nothing is seeded) and a secret store the app needs to
    /// start (moved out of that region: the app is replayed with it, the rest seeded; its
    /// standby is warm, so it scales up there and must start instances).
    /// Each copy's numbers equal `score()`'s and differ from the baseline's, so a replay
    /// that kept the app's old outcome would show.
    #[test]
    fn seeded_replays_follow_monitoring_and_startup_needs() -> Result<(), Error> {
        let text = "version: 1
name: seeded
components:
  - id: app
    kind: compute
    provider: aws
    service: ec2
    regions:
      - { name: us-east-1, zones: 3 }
      - { name: us-west-2, zones: 3 }
    topology: active-passive
    standby: warm
    failover: { trigger: manual, via: client, detect_minutes: 10, switch_minutes: 10 }
NEEDS  - id: config
    kind: secrets
    provider: aws
    service: secrets-manager
    regions: [CONFIG]
  - id: prom
    kind: monitoring
    provider: aws
    service: ec2
    regions: [PROM]
journeys:
  - { name: use, entry: [app] }
operations:
  monitoring: { provider: aws, component: prom }
";
        let (east, west) = (
            "{ name: us-east-1, zones: 3 }",
            "{ name: us-west-2, zones: 3 }",
        );
        let (blind, sees) = (
            "{ name: us-east-1, zones: 1 }",
            "{ name: eu-west-1, zones: 1 }",
        );
        let needs = "    needs_at_start: [config]\n";
        let described = |needs: &str, config: &str, prom: &str| {
            text.replace("NEEDS", needs)
                .replace("CONFIG", config)
                .replace("PROM", prom)
        };
        // (changed component, seeded, before, after): the app fails over out of us-east-1
        // once its monitoring sees, and starts there once its secrets are elsewhere.
        let moves = [
            (
                "prom",
                false,
                described("", east, blind),
                described("", east, sees),
            ),
            (
                "config",
                true,
                described(needs, east, sees),
                described(needs, west, sees),
            ),
        ];
        let engine = Engine::default();
        let prepare = |t: &str| engine.prepare_owned(engine.parse(t, Format::Yaml)?.architecture);
        for (id, seeds, before, after) in moves {
            let base = prepare(&before)?;
            let ev = Evaluator::new(&base);
            let copy = prepare(&after)?;
            let m = ev.measure(copy.arch.clone())?;
            let full = copy.score();
            assert_eq!(m.seeded > 0, seeds, "{id}: replayed from kept outcomes");
            assert_eq!(m.scored.journeys, full.journeys, "{id}");
            assert_eq!(m.scored.score, full.score, "{id}");
            assert_ne!(
                m.scored.journeys, ev.baseline.journeys,
                "{id}: the change shows"
            );
        }
        Ok(())
    }

    /// What decides whether a copy's replay may be seeded: with the monitoring component
    /// changed, what every failover sees changed, so the footing around it differs; with
    /// the queue changed, everything else rests where it did. Resolution sees both
    /// changes only on the changed component.
    #[test]
    fn seeding_needs_the_rest_resolved_and_placed_alike() -> Result<(), Error> {
        let engine = Engine::default();
        let text = EXAMPLES[6];
        let prepare = |t: &str| engine.prepare_owned(engine.parse(t, Format::Yaml)?.architecture);
        let base = prepare(text)?;
        let n = base.resolved.components.len();
        let marks = |id: &str| {
            let mut v = vec![false; n];
            if let Some(i) = base.arch.components.iter().position(|c| c.id == id) {
                v[i] = true;
            }
            v
        };
        let prom = "description: Prometheus and Alertmanager on one instance the team runs.\n    regions: [{ name: us-east-1, zones: 1 }]";
        let queue = "service: sqs\n    regions: [{ name: us-east-1, zones: 3 }]";
        for (was, id, footing_alike) in [(prom, "prom", false), (queue, "queue", true)] {
            let changed = text.replace(
                was,
                &was.replace("zones: 1", "zones: 2")
                    .replace("zones: 3", "zones: 2"),
            );
            assert_ne!(changed, text, "{id}: the example changed");
            let copy = prepare(&changed)?;
            let (r, f) = (&base.resolved, &base.footing);
            assert!(r.same_around(&copy.resolved, &marks(id)), "{id}");
            assert!(!r.same_around(&copy.resolved, &vec![false; n]), "{id}");
            assert_eq!(
                f.same_around(&copy.footing, &marks(id)),
                footing_alike,
                "{id}"
            );
            assert!(!f.same_around(&copy.footing, &vec![false; n]), "{id}");
            assert!(f.same_around(&base.footing, &vec![false; n]), "{id}");
        }
        Ok(())
    }

    /// A quiet player (the changed copies' one) gives the same numbers, statuses, data
    /// loss and chains as a player with words, link for link (kind, subject, place), and
    /// leaves words out: checked on every scenario of the examples.
    #[test]
    fn quiet_play_differs_only_in_words() {
        let engine = Engine::default();
        let (mut links, mut silent) = (0, 0);
        for text in EXAMPLES {
            let arch = engine
                .parse(text, Format::Yaml)
                .expect("parses")
                .architecture;
            let p = engine.prepare(&arch).expect("valid");
            let mut reach = Reach::new(&p.resolved, &p.footing, &p.order);
            let mut loud = Player::new(&p.resolved, &p.footing);
            let mut quiet = Player::new(&p.resolved, &p.footing).quiet();
            for s in p.scenarios.iter() {
                let (affected, direct) = reach.affected_split(s);
                let a = loud.journeys_split(affected, direct, s);
                let b = quiet.journeys_split(affected, direct, s);
                assert_eq!(a.len(), b.len(), "{}", s.id);
                for ((ja, oa), (jb, ob)) in a.iter().zip(&b) {
                    assert_eq!(ja, jb, "{}", s.id);
                    assert_eq!(oa.down, ob.down, "{}", s.id);
                    assert_eq!(oa.degraded, ob.degraded, "{}", s.id);
                    assert_eq!(oa.data_loss_minutes, ob.data_loss_minutes, "{}", s.id);
                    assert_eq!(oa.data_loss_total, ob.data_loss_total, "{}", s.id);
                    let (ca, cb) = (oa.chain.to_vec(), ob.chain.to_vec());
                    assert_eq!(ca.len(), cb.len(), "{}", s.id);
                    for (x, y) in ca.iter().zip(&cb) {
                        assert_eq!((x.kind, &x.subject), (y.kind, &y.subject), "{}", s.id);
                        assert!(!x.text.is_empty(), "{}: a link without words", s.id);
                        assert!(y.text.is_empty() || y.text == x.text, "{}", s.id);
                        links += 1;
                        silent += usize::from(y.text.is_empty());
                    }
                }
            }
        }
        assert!(
            silent * 2 > links,
            "{silent} of {links} links left without words"
        );
    }
}
