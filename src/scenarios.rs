//! Scenarios: each catalogue pattern expanded into the instances that apply to this
//! architecture, one per fault domain of the pattern's class that the architecture uses.
//!
//! A scenario fails its domain with the pattern's effects, plus what that failure implies
//! (a region's data plane takes its control plane with it; a backbone takes every region,
//! the edge and the DNS of its provider; a managed service takes the dependants that
//! post-mortems documented, from the provider profile).

use crate::rules::constants::{AI_REVIEWED_FACTOR, ROLLBACK_FACTOR};
use crate::sort::Stable;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use crate::catalogue::{Catalogue, Pattern};
use crate::domain::{DomainClass, DomainId};
use crate::effects::EffectKind;
use crate::model::AiAssisted;
use crate::resolve::{Home, Resolved};
use crate::rules::implied::Why;
use crate::rules::{Dom, Domains, EffectSet, Footing, used_domains};

/// Failed domains, what each failure does, how long each lasts when not the scenario's
/// length, and why each implied one failed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FailedDomains {
    /// What each failure does, as bits: a set allocated per domain was a B-tree per failed
    /// domain of every scenario, and its own copy of the B-tree code in the module.
    map: BTreeMap<DomainId, EffectSet>,
    /// Minutes of a domain whose failure is shorter or longer than the scenario's (a
    /// replay's parts), as an integer number of milliminutes so the set stays `Eq`.
    minutes: BTreeMap<DomainId, u64>,
    why: BTreeMap<DomainId, Why>,
}

impl FailedDomains {
    /// Records a failure.
    pub fn add(&mut self, domain: DomainId, effects: impl IntoIterator<Item = EffectKind>) {
        let set = self.map.entry(domain).or_default();
        *set = set.union(EffectSet::of(effects));
    }

    /// Records a failure that lasts `minutes` rather than the scenario's length.
    pub fn add_for(
        &mut self,
        domain: DomainId,
        effects: impl IntoIterator<Item = EffectKind>,
        minutes: f64,
    ) {
        self.minutes.insert(domain.clone(), to_milli(minutes));
        self.add(domain, effects);
    }

    /// The effects on a domain, if it failed.
    pub(crate) fn effects(&self, domain: &DomainId) -> Option<EffectSet> {
        self.map.get(domain).copied()
    }

    /// Failed domains in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&DomainId, EffectSet)> {
        self.map.iter().map(|(d, &e)| (d, e))
    }

    /// How long `domain`'s failure lasts when it is not the scenario's length.
    pub fn minutes_of(&self, domain: &DomainId) -> Option<f64> {
        self.minutes.get(domain).map(|&m| m as f64 / 1000.0)
    }

    /// Why `domain` failed, when another failure implied it.
    pub(crate) fn why(&self, domain: &DomainId) -> Option<&Why> {
        self.why.get(domain)
    }

    /// Removes an effect everywhere (a replay whose provider reported no data loss).
    pub(crate) fn without(&mut self, effect: EffectKind) {
        for e in self.map.values_mut() {
            *e = e.without(effect);
        }
        self.map.retain(|_, e| !e.is_empty());
    }

    /// Adds what the failures imply ([`crate::rules::implied`]); an implied domain lasts as
    /// long as the one that implied it. Idempotent.
    pub fn close_over(&mut self, catalogue: &Catalogue) {
        crate::rules::implied::close(&mut self.map, &mut self.why, catalogue);
        let inherited: Vec<(DomainId, u64)> = self
            .map
            .keys()
            .filter(|d| !self.minutes.contains_key(*d))
            .filter_map(|d| {
                let mut at = d;
                let mut hops = 0;
                while let Some(w) = self.why.get(at) {
                    if let Some(&m) = self.minutes.get(&w.by) {
                        return Some((d.clone(), m));
                    }
                    at = &w.by;
                    hops += 1;
                    if hops > 64 {
                        break;
                    }
                }
                None
            })
            .collect();
        self.minutes.extend(inherited);
    }
}

fn to_milli(minutes: f64) -> u64 {
    if minutes.is_finite() && minutes > 0.0 {
        (minutes * 1000.0).round() as u64
    } else {
        0
    }
}

/// The suffix of a staged agent update's domain in the id of its variant that the first
/// ring stops (`agent-bad-update@agent:falcon~first-ring`).
pub(crate) const FIRST_RING: &str = "~first-ring";

/// One concrete outage to play against the architecture.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Stable id: `<pattern>@<domain>`, plus `#<component>` for a per-component scenario
    /// and `~first-ring` for the variant of a staged agent update that stops at its first
    /// ring.
    pub id: String,
    /// Pattern id.
    pub pattern: String,
    /// The domain the pattern fails (the root of every causal chain).
    pub domain: DomainId,
    /// For per-component scenarios (a bad change, a global rollout): the component it hits.
    pub target: Option<usize>,
    /// Everything failed, with effects (closed over implications); shared by the scenarios
    /// that fail the same domains (one per component for the change patterns).
    pub failed: Arc<FailedDomains>,
    /// Minutes of main impact played.
    pub minutes: f64,
    /// Expected occurrences per year (0 for simulate/replay).
    pub per_year: f64,
    /// How the frequency or duration were adjusted, in words.
    pub adjustments: Vec<String>,
    /// Share of a failed domain's fleet the failure hits (the pattern's `fraction`): a few
    /// percent of load balancers, a share of one zone's disks.
    pub fraction: f64,
    /// A staged agent update that stops at its first ring.
    pub first_ring: bool,
    /// The pattern's `partition`: the failed domain's hosts keep running, unreachable.
    pub partition: bool,
    /// The pattern's rate rests on fewer than [`crate::catalogue::FEW_EVENTS`] counted
    /// events (or on none): reports say the rate is uncertain.
    pub few_events: bool,
    /// `failed` with the domains interned in the prepared architecture, each with its
    /// duration (sorted; domains it does not refer to are left out: nothing rests on them).
    pub(crate) doms: Doms,
}

/// A scenario's failed domains as interned in its prepared architecture: each with its
/// effects and minutes, sorted by domain ([`Scenario::doms`]).
pub(crate) type Doms = Vec<(Dom, EffectSet, f64)>;

/// [`Scenario::doms`] of a scenario failing `failed` for `minutes`.
fn interned(failed: &FailedDomains, minutes: f64, domains: &Domains) -> Doms {
    let mut doms: Doms = failed
        .iter()
        .filter_map(|(d, e)| Some((domains.get(d)?, e, failed.minutes_of(d).unwrap_or(minutes))))
        .collect();
    doms.sort_unstable_by_key(|(d, _, _)| *d);
    doms
}

impl Scenario {
    /// A scenario failing `domain` and everything in `failed` (already closed over).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        id: String,
        pattern: String,
        domain: DomainId,
        target: Option<usize>,
        failed: impl Into<Arc<FailedDomains>>,
        minutes: f64,
        per_year: f64,
        adjustments: Vec<String>,
        domains: &Domains,
    ) -> Scenario {
        let failed = failed.into();
        let doms = interned(&failed, minutes, domains);
        Scenario {
            id,
            pattern,
            domain,
            target,
            failed,
            minutes,
            per_year,
            adjustments,
            fraction: 1.0,
            first_ring: false,
            partition: false,
            few_events: false,
            doms,
        }
    }

    /// The effects on `d` (none when it did not fail).
    pub(crate) fn effects(&self, d: Dom) -> EffectSet {
        match self.doms.binary_search_by_key(&d, |(x, _, _)| *x) {
            Ok(k) => self.doms[k].1,
            Err(_) => EffectSet::EMPTY,
        }
    }

    /// How long `d`'s failure lasts (the scenario's length unless the scenario says
    /// otherwise for it).
    pub(crate) fn minutes_of(&self, d: Dom) -> f64 {
        match self.doms.binary_search_by_key(&d, |(x, _, _)| *x) {
            Ok(k) => self.doms[k].2,
            Err(_) => self.minutes,
        }
    }
}

/// Whether `pattern` applies at `domain`. A pattern limited to some kinds applies where a
/// component of such a kind that some journey reaches (`reached`) rests on the domain: a
/// component no journey reaches changes nothing (docs/scoring.md 1).
fn applies(
    pattern: &Pattern,
    domain: &DomainId,
    r: &Resolved,
    foot: &Footing,
    reached: &[bool],
) -> bool {
    let a = &pattern.applies_to;
    if !a.providers.is_empty() {
        match domain.provider() {
            Some(p) if a.providers.iter().any(|x| x == p) => {}
            _ => return false,
        }
    }
    if !a.services.is_empty() {
        match domain {
            DomainId::Service { service, .. } if a.services.iter().any(|s| s == service) => {}
            _ => return false,
        }
    }
    if !a.kinds.is_empty() {
        let used_by_kind = r
            .components
            .iter()
            .enumerate()
            .filter(|(i, c)| reached[*i] && a.kinds.contains(&c.kind))
            .any(|(i, _)| foot.uses(i, domain));
        if !used_by_kind {
            return false;
        }
    }
    true
}

/// One scenario to build: what the enumeration of a catalogue over an architecture yields
/// before any implication is closed (so it can be counted cheaply for the scenario limit).
struct Instance<'c> {
    pattern: &'c Pattern,
    id: String,
    /// The root the pattern fails, then anything else it fails directly.
    fails: Vec<DomainId>,
    target: Option<usize>,
    per_year: f64,
    adjustments: Vec<String>,
    first_ring: bool,
}

pub(crate) fn is_ai(pattern: &Pattern) -> bool {
    matches!(pattern.fails, DomainClass::Change | DomainClass::Rollout)
        && (pattern.id.starts_with("ai-") || pattern.id.contains("ai-assisted"))
}

/// Every scenario the catalogue's patterns make of this architecture, unclosed. The rules
/// (docs/scoring.md, "Scenarios"):
///
/// - one per domain something relies on, per pattern of its class, at the domain's rate
///   (the region's own where the catalogue counts one, [`Pattern::per_year_at`]);
/// - a regional managed-service event is one event per provider and region used, split by
///   the catalogue's mix of which foundational service failed first (its root): each root
///   fails that service, what depends on it, and the generic exposure of components that
///   name no service;
/// - a change-process pattern counted per component (`unit: component`) gives one
///   scenario per component you change, each at the full rate: a component no journey
///   reaches adds a scenario that reaches no journey;
/// - an own site's rooms, storage arrays and power feeds are domains like any other: each
///   one a reached component names, and the site's generic one (`room:<site>/*` ...) of
///   the components that name none, is played at the catalogue's rate, which is not
///   spread over the parts a description names;
/// - a fleet agent some component stages gives two: the update that bypasses the rings
///   (the catalogue's `ring_bypass_share` of the rate) and the one that stops at the first
///   ring.
fn instances<'c>(r: &Resolved, foot: &Footing, catalogue: &'c Catalogue) -> Vec<Instance<'c>> {
    use crate::catalogue::ExposureUnit;
    use crate::rules::footing::ANY_SERVICE;
    let used = used_domains(foot);
    let reached = crate::resolve::reached_components(&r.components, &r.journeys);
    let empty = BTreeSet::new();
    // The components a bad change or a global rollout can hit: those you run that some
    // journey reaches. An unreached one's change hurts no journey, so its scenarios would
    // only count in what sums scenarios regardless of journeys: the fault trees' rate of
    // `change:production` quadrupled when three unused components were added (found by a
    // review; `scoring.md` 1: what no journey reaches changes no journey).
    let changeable: Vec<usize> = (0..r.components.len())
        .filter(|&i| reached[i] && !matches!(r.components[i].home, Home::Saas(_)))
        .collect();
    let mut out = Vec::new();
    for pattern in &catalogue.patterns {
        let mut factor = 1.0;
        let mut adjustments = Vec::new();
        if is_ai(pattern) {
            match r.ai_assisted {
                AiAssisted::None => continue,
                AiAssisted::Reviewed => {
                    factor = AI_REVIEWED_FACTOR;
                    adjustments.push(format!(
                        "AI changes are reviewed: frequency × {AI_REVIEWED_FACTOR} (estimate)"
                    ));
                }
                AiAssisted::Unreviewed => {}
            }
        }
        let domains = used.get(&pattern.fails).unwrap_or(&empty);
        let unit = pattern.frequency.unit;
        let one = |id: String, fails: Vec<DomainId>, target, per_year, adjustments: Vec<String>| {
            Instance {
                pattern,
                id,
                fails,
                target,
                per_year,
                adjustments,
                first_ring: false,
            }
        };
        match pattern.fails {
            DomainClass::Service if !pattern.root_services.is_empty() => {
                // One regional event per provider and region where something is placed.
                let regions: BTreeSet<(&str, &str)> = used
                    .get(&DomainClass::Region)
                    .into_iter()
                    .flatten()
                    .filter_map(|d| match d {
                        DomainId::Region { provider, region } => {
                            Some((provider.as_str(), region.as_str()))
                        }
                        _ => None,
                    })
                    .collect();
                for (p, region) in regions {
                    let at = DomainId::Region {
                        provider: p.to_owned(),
                        region: region.to_owned(),
                    };
                    if !applies(pattern, &at, r, foot, &reached) {
                        continue;
                    }
                    let rate = pattern.per_year_at(&at) * factor;
                    let any = DomainId::Service {
                        provider: p.to_owned(),
                        region: region.to_owned(),
                        service: ANY_SERVICE.to_owned(),
                    };
                    let roots: Vec<_> = pattern
                        .root_services
                        .iter()
                        .filter(|rs| rs.provider == p)
                        .collect();
                    if roots.is_empty() {
                        // No mix counted for this provider: an event of unknown root, which
                        // may be any managed service used there (every component there rests
                        // on the generic exposure, `Footing::build`).
                        let mut adj = adjustments.clone();
                        adj.push(format!(
                            "no root-service mix is counted for {p}: the event may be any managed service used in {region}"
                        ));
                        out.push(one(
                            format!("{}@{any}", pattern.id),
                            vec![any.clone()],
                            None,
                            rate,
                            adj,
                        ));
                        continue;
                    }
                    for rs in roots {
                        let root = DomainId::Service {
                            provider: p.to_owned(),
                            region: region.to_owned(),
                            service: rs.service.clone(),
                        };
                        let mut adj = adjustments.clone();
                        adj.push(format!(
                            "{} fails first in {} % of {p}'s regional managed-service events (root-service mix)",
                            rs.service,
                            crate::det::round(rs.share * 100.0, 1)
                        ));
                        out.push(one(
                            format!("{}@{root}", pattern.id),
                            vec![root, any.clone()],
                            None,
                            rate * rs.share,
                            adj,
                        ));
                    }
                }
            }
            DomainClass::Change | DomainClass::Rollout if unit == ExposureUnit::Component => {
                let Some(domain) = domains.iter().next() else {
                    continue;
                };
                let targets: Vec<usize> = if pattern.fails == DomainClass::Change {
                    changeable.clone()
                } else {
                    changeable
                        .iter()
                        .copied()
                        .filter(|&i| r.components[i].rollout == crate::model::Rollout::Global)
                        .collect()
                };
                let prefix = format!("{}@{domain}#", pattern.id);
                for i in targets {
                    out.push(one(
                        [&*prefix, &*r.components[i].id].concat(),
                        vec![domain.clone()],
                        Some(i),
                        pattern.frequency.per_instance_per_year * factor,
                        adjustments.clone(),
                    ));
                }
            }
            DomainClass::Change => {
                // A rate for the whole organisation (an older catalogue's unit): split over
                // the components a bad change can hit.
                let Some(domain) = domains.iter().next() else {
                    continue;
                };
                if changeable.is_empty() {
                    continue;
                }
                let share =
                    pattern.frequency.per_instance_per_year * factor / changeable.len() as f64;
                let prefix = format!("{}@{domain}#", pattern.id);
                for &i in &changeable {
                    let mut adj = adjustments.clone();
                    adj.push(format!(
                        "an organisation-wide rate split over {} components you run",
                        changeable.len()
                    ));
                    out.push(one(
                        [&*prefix, &*r.components[i].id].concat(),
                        vec![domain.clone()],
                        Some(i),
                        share,
                        adj,
                    ));
                }
            }
            _ => {
                for domain in domains {
                    if !applies(pattern, domain, r, foot, &reached) {
                        continue;
                    }
                    let rate = pattern.per_year_at(domain) * factor;
                    // Staged when a component some journey reaches stages the agent: an
                    // unreached component's rings change no journey's findings.
                    let staged = matches!(domain, DomainId::Agent(a) if r.components.iter().zip(&reached).any(|(c, &seen)| seen && c.staged_agents.contains(a)));
                    match (&pattern.ring_bypass_share, staged) {
                        (Some(bypass), true) => {
                            let b = bypass.value.clamp(0.0, 1.0);
                            let mut all = adjustments.clone();
                            all.push(format!(
                                "staged hosts: the {} % of bad updates that bypass the rings ({})",
                                crate::det::round(b * 100.0, 1),
                                if bypass.estimate { "estimate" } else { "cited" }
                            ));
                            out.push(one(
                                format!("{}@{domain}", pattern.id),
                                vec![domain.clone()],
                                None,
                                rate * b,
                                all,
                            ));
                            let mut ring = adjustments.clone();
                            ring.push(format!(
                                "staged hosts: the {} % of bad updates the first ring stops",
                                crate::det::round((1.0 - b) * 100.0, 1)
                            ));
                            out.push(Instance {
                                first_ring: true,
                                ..one(
                                    format!("{}@{domain}{FIRST_RING}", pattern.id),
                                    vec![domain.clone()],
                                    None,
                                    rate * (1.0 - b),
                                    ring,
                                )
                            });
                        }
                        _ => out.push(one(
                            format!("{}@{domain}", pattern.id),
                            vec![domain.clone()],
                            None,
                            rate,
                            adjustments.clone(),
                        )),
                    }
                }
            }
        }
    }
    out
}

/// How many scenarios [`Expansion::scenarios`] makes, without making them (for the scenario
/// limit that `validate` checks).
pub(crate) fn count(r: &Resolved, foot: &Footing, catalogue: &Catalogue) -> usize {
    instances(r, foot, catalogue).len()
}

/// What every pattern of the catalogue gives against the architecture, not yet made into
/// scenarios: [`Expansion::len`] is checked against the scenario limit before
/// [`Expansion::scenarios`] makes them.
pub(crate) struct Expansion<'c>(Vec<Instance<'c>>);

impl<'c> Expansion<'c> {
    /// Lists the scenarios every pattern of the catalogue gives (see [`instances`]).
    pub(crate) fn new(r: &Resolved, foot: &Footing, catalogue: &'c Catalogue) -> Self {
        Expansion(instances(r, foot, catalogue))
    }

    /// How many scenarios it makes.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// Makes the scenarios, sorted by id.
    ///
    /// # Complexity
    ///
    /// O(patterns × used domains), plus the closure of implied failures per scenario.
    pub(crate) fn scenarios(
        self,
        r: &Resolved,
        foot: &Footing,
        catalogue: &'c Catalogue,
        closures: Option<&mut Closures<'c>>,
    ) -> Vec<Scenario> {
        make(self.0, r, foot, catalogue, closures)
    }
}

/// Whether a changed copy (`copy`: its resolution and footing) has exactly the scenarios of
/// the baseline it was made from (`base`), so that it can share the baseline's list instead
/// of making it again (`suggest` prepares hundreds of copies; most change how a component
/// fails over or scales, not what it rests on). [`instances`] and [`make`] read only the
/// catalogue and what is compared here:
///
/// - the domains used, by class: which domains each pattern fails, so which scenarios
///   there are and their ids;
/// - the domain table: the same shared table to the same length numbers every domain
///   alike, so each scenario's interned domains are the same;
/// - per component: its id (in per-component scenarios' ids), whether a SaaS vendor runs
///   it (a bad change cannot hit it), its rollout and the agents it stages, its kind and
///   the domains it rests on (`applies_to.kinds`), and whether some journey reaches it;
/// - the organisation's AI-assisted changes and automated rollback (rates, durations).
///
/// The catalogue is the caller's to compare. A kept component (the baseline's own `Arc`)
/// is resolved alike by construction; a test prepares every candidate of the examples
/// both ways and compares the scenarios.
pub(crate) fn same_scenarios(base: (&Resolved, &Footing), copy: (&Resolved, &Footing)) -> bool {
    use crate::resolve::{ResolvedComponent, reached_components};
    let ((br, bf), (r, f)) = (base, copy);
    let alike = |a: &Arc<ResolvedComponent>, b: &Arc<ResolvedComponent>| {
        Arc::ptr_eq(a, b)
            || (a.id == b.id
                && a.kind == b.kind
                && a.rollout == b.rollout
                && matches!(a.home, Home::Saas(_)) == matches!(b.home, Home::Saas(_))
                && a.staged_agents == b.staged_agents)
    };
    let n = r.components.len();
    n == br.components.len()
        && r.ai_assisted == br.ai_assisted
        && r.automated_rollback == br.automated_rollback
        && f.rests_alike(bf)
        && (std::ptr::eq(used_domains(f), used_domains(bf)) || used_domains(f) == used_domains(bf))
        && r.components
            .iter()
            .zip(&br.components)
            .all(|(a, b)| alike(a, b))
        && reached_components(&r.components, &r.journeys)
            == reached_components(&br.components, &br.journeys)
}

/// Closures of implied failures kept across preparations of descriptions scored with one
/// catalogue (the changed copies a suggestion measures: most of their scenarios fail what
/// the baseline's fail). A closure depends only on the pattern's effects, the domains it
/// fails directly and the catalogue's implication rules, never on the description, so a
/// kept one is exactly the one that would be made again.
///
/// It also keeps what only looks the same from one copy to the next when the copies number
/// their fault domains alike:
/// - a closure equal to the baseline's closure for the same scenario is the baseline's own
///   (`Arc`), so comparing a copy's scenario with the baseline's compares two pointers,
///   not two maps of domain names ([`Closures::share`]);
/// - the closure's domains interned ([`Scenario::doms`]), which depend only on the
///   closure, the scenario's length and the domain table: kept while the copies' tables
///   hold the same domains in the same order, dropped when one differs.
#[derive(Debug, Default)]
pub(crate) struct Closures<'c> {
    by_fails: HashMap<&'c str, HashMap<Vec<DomainId>, Kept>>,
    /// The baseline's closures, by scenario id.
    baseline: HashMap<String, Arc<FailedDomains>>,
    /// The domain table the kept [`Kept::doms`] were interned in, and its generation.
    table: Domains,
    generation: u64,
}

/// One kept closure, and its domains interned for one length in the table of a generation.
#[derive(Debug)]
struct Kept {
    failed: Arc<FailedDomains>,
    doms: Option<(u64, u64, Doms)>,
}

impl Closures<'_> {
    /// Closures that give a copy's scenario the baseline's closure of the same scenario
    /// whenever the two are equal.
    pub(crate) fn share(baseline: &[Scenario]) -> Self {
        Closures {
            baseline: baseline
                .iter()
                .map(|s| (s.id.clone(), Arc::clone(&s.failed)))
                .collect(),
            ..Closures::default()
        }
    }

    /// The generation of `domains`: the current one when it holds the same domains in the
    /// same order as the table the kept domains were interned in, else a new one.
    fn generation_of(&mut self, domains: &Domains) -> u64 {
        // The same shared table to the same length holds the same domains.
        let same = (domains.follows(&self.table) && domains.len() == self.table.len())
            || domains.iter().eq(self.table.iter());
        if !same {
            self.generation += 1;
        }
        // Kept either way: the next copy's table is likelier to share this one.
        self.table = domains.clone();
        self.generation
    }
}

/// Makes the listed instances into scenarios, sorted by id.
fn make<'c>(
    instances: Vec<Instance<'c>>,
    r: &Resolved,
    foot: &Footing,
    catalogue: &'c Catalogue,
    mut closures: Option<&mut Closures<'c>>,
) -> Vec<Scenario> {
    // The last closure of implied failures, and its domains interned: they depend only on
    // the domains failed, the pattern's effects and length (and the automated rollback, the
    // same for every instance here), and a per-component pattern gives one instance per
    // component, each failing the same domains, so they are made once for them all.
    let mut last: Option<(&Pattern, Vec<DomainId>, Arc<FailedDomains>, Doms)> = None;
    // Whether the pattern's rate rests on few events, worked out once per pattern (the
    // instances of one pattern are listed together).
    let mut few: Option<(&Pattern, bool)> = None;
    let generation = closures
        .as_deref_mut()
        .map(|c| c.generation_of(&foot.domains));
    let mut out: Vec<Scenario> = instances
        .into_iter()
        .map(|inst| {
            let pattern = inst.pattern;
            let (minutes, rollback) = played_minutes(pattern, r);
            let mut adjustments = inst.adjustments;
            adjustments.extend(rollback);
            let (failed, doms) = match &last {
                Some((p, fails, failed, doms))
                    if std::ptr::eq(*p, pattern) && *fails == inst.fails =>
                {
                    (Arc::clone(failed), doms.clone())
                }
                _ => {
                    let (failed, doms) = match (closures.as_deref_mut(), generation) {
                        (Some(c), Some(generation)) => kept(
                            c,
                            generation,
                            pattern,
                            (&inst.id, &inst.fails),
                            minutes,
                            &foot.domains,
                            catalogue,
                        ),
                        _ => {
                            let failed = Arc::new(closure(pattern, &inst.fails, catalogue));
                            let doms = interned(&failed, minutes, &foot.domains);
                            (failed, doms)
                        }
                    };
                    last = Some((
                        pattern,
                        inst.fails.clone(),
                        Arc::clone(&failed),
                        doms.clone(),
                    ));
                    (failed, doms)
                }
            };
            let few_events = match few {
                Some((p, f)) if std::ptr::eq(p, pattern) => f,
                _ => {
                    let f = pattern.few_events();
                    few = Some((pattern, f));
                    f
                }
            };
            let root = inst.fails.into_iter().next().unwrap_or(DomainId::Change);
            Scenario {
                id: inst.id,
                pattern: pattern.id.clone(),
                domain: root,
                target: inst.target,
                failed,
                minutes,
                per_year: inst.per_year,
                adjustments,
                fraction: pattern.fraction,
                first_ring: inst.first_ring,
                partition: pattern.partition,
                few_events,
                doms,
            }
        })
        .collect();
    out.stable_sort_large_by(|a, b| a.id.cmp(&b.id));
    out
}

/// What `pattern` failing `fails` fails, closed over implications.
fn closure(pattern: &Pattern, fails: &[DomainId], catalogue: &Catalogue) -> FailedDomains {
    let mut failed = FailedDomains::default();
    for d in fails {
        failed.add(d.clone(), pattern.effects.iter().copied());
    }
    failed.close_over(catalogue);
    failed
}

/// [`closure`] and [`interned`] for the scenario `id` of `pattern` failing `fails`, from
/// `closures` when they keep them (the interned domains only when kept in the table of
/// `generation`), else made and kept.
fn kept<'c>(
    closures: &mut Closures<'c>,
    generation: u64,
    pattern: &'c Pattern,
    (id, fails): (&str, &[DomainId]),
    minutes: f64,
    domains: &Domains,
    catalogue: &Catalogue,
) -> (Arc<FailedDomains>, Doms) {
    let by_fails = closures.by_fails.entry(pattern.id.as_str()).or_default();
    let k = match by_fails.get_mut(fails) {
        Some(k) => k,
        None => {
            let made = closure(pattern, fails, catalogue);
            // The baseline's own closure when it is the same: a copy's scenario is then
            // compared with the baseline's by pointer.
            let failed = match closures.baseline.get(id) {
                Some(b) if **b == made => Arc::clone(b),
                _ => Arc::new(made),
            };
            by_fails
                .entry(fails.to_vec())
                .or_insert(Kept { failed, doms: None })
        }
    };
    let bits = minutes.to_bits();
    let doms = match &k.doms {
        Some((g, m, doms)) if *g == generation && *m == bits => doms.clone(),
        _ => {
            let doms = interned(&k.failed, minutes, domains);
            k.doms = Some((generation, bits, doms.clone()));
            doms
        }
    };
    (Arc::clone(&k.failed), doms)
}

/// One scenario of a given pattern at a given domain, for `simulate`.
/// How long a scenario of `pattern` lasts in `r` when nothing else is asked: the
/// pattern's median, shortened by an automated rollback for a bad change or a global
/// rollout ([`ROLLBACK_FACTOR`], an estimate), with the adjustment's words. `score` and
/// `simulate` both take it from here (a review found `simulate` playing a bad change for
/// twice as long as the finding it explains).
pub(crate) fn played_minutes(pattern: &Pattern, r: &Resolved) -> (f64, Option<String>) {
    let minutes = pattern.duration.median_minutes;
    if matches!(pattern.fails, DomainClass::Change | DomainClass::Rollout) && r.automated_rollback {
        (
            minutes * ROLLBACK_FACTOR,
            Some(format!(
                "automated rollback: duration × {ROLLBACK_FACTOR} (estimate)"
            )),
        )
    } else {
        (minutes, None)
    }
}

pub(crate) fn single(
    pattern: &Pattern,
    domain: &DomainId,
    minutes: f64,
    catalogue: &Catalogue,
    domains: &Domains,
) -> Scenario {
    let failed = closure(pattern, std::slice::from_ref(domain), catalogue);
    let mut s = Scenario::new(
        format!("{}@{}", pattern.id, domain),
        pattern.id.clone(),
        domain.clone(),
        None,
        failed,
        minutes,
        0.0,
        Vec::new(),
        domains,
    );
    s.fraction = pattern.fraction;
    s.partition = pattern.partition;
    s.few_events = pattern.few_events();
    s
}

/// Which components a scenario can change: the index that lets the engine play a scenario
/// over those components only, instead of over the whole graph.
///
/// A component's own outcome ([`crate::propagate`]) can differ from "up" only when a
/// domain it rests on failed ([`Footing::rests_on`]: the domains that take it whole and,
/// per placement, its region, backbone, service and zones). Every other domain (control
/// planes, DNS for failover, monitoring) only decides whether a failover of an already-hit
/// component works. A component none of whose domains failed and none of whose
/// dependencies changed is up; so a scenario changes exactly the components resting on its
/// failed domains and their dependants, transitively. `crates/dev/tests/scale.rs` proves that
/// playing only those gives the same outcomes as playing everything, for every example and
/// generated architecture.
///
/// # Complexity
///
/// Building: O(components × domains per component + dependency references).
/// [`Reach::affected_split`]: O(k log k) for the k components it reaches (read off the
/// order of n components instead when k ≥ n / 8, which is O(k) too), plus the failed
/// domains' lookups; nothing proportional to the size of the architecture.
#[derive(Debug, Clone)]
pub(crate) struct Reach {
    /// What the walks read, shared by the reaches of a changed copy that would index alike
    /// ([`Reach::sharing`]).
    index: Arc<ReachIndex>,
    seen: Vec<bool>,
    /// The components the last walk reached, in the order it reached them.
    reached: Vec<usize>,
    /// The walk's components still to expand.
    stack: Vec<usize>,
    out: Vec<usize>,
    /// Per component: rests on a failed domain of the last scenario (not only a dependant).
    direct: Vec<bool>,
    direct_list: Vec<usize>,
}

/// The index a [`Reach`] walks: made of the footing's domains and what rests on them, the
/// resolved dependencies and the order, nothing else.
#[derive(Debug)]
struct ReachIndex {
    /// Per interned domain: the components resting on it.
    by_domain: Vec<Vec<usize>>,
    /// `change:production` and `rollout:global`: aimed at one component when a scenario
    /// names a target (the propagation skips every other component resting on them).
    targeted: [Option<Dom>; 2],
    dependants: Vec<Vec<usize>>,
    /// Per component: the components it depends on (the edges of `dependants`, reversed).
    dependencies: Vec<Vec<usize>>,
    /// Position in the dependencies-first order; `usize::MAX` when not in it.
    rank: Vec<usize>,
    /// The dependencies-first order.
    order: Vec<usize>,
}

impl Reach {
    /// Indexes a resolved architecture and its footing; `order` is the dependencies-first
    /// order the scenarios are played in.
    pub fn new(r: &Resolved, foot: &Footing, order: &[usize]) -> Reach {
        let n = r.components.len();
        let mut by_domain: Vec<Vec<usize>> = vec![Vec::new(); foot.domains.len()];
        let mut dependants: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut dependencies: Vec<Vec<usize>> = Vec::with_capacity(n);
        for (i, c) in r.components.iter().enumerate() {
            for d in foot.rests_on(i) {
                let v = &mut by_domain[d.0 as usize];
                if v.last() != Some(&i) {
                    v.push(i);
                }
            }
            let mut deps = Vec::new();
            for d in &c.depends_on {
                d.indices(&mut deps);
            }
            deps.sort_unstable();
            deps.dedup();
            for &d in &deps {
                dependants[d].push(i);
            }
            dependencies.push(deps);
        }
        let mut rank = vec![usize::MAX; n];
        for (k, &i) in order.iter().enumerate() {
            rank[i] = k;
        }
        Reach::walking(Arc::new(ReachIndex {
            by_domain,
            targeted: [
                foot.domains.get(&DomainId::Change),
                foot.domains.get(&DomainId::Rollout),
            ],
            dependants,
            dependencies,
            rank,
            order: order.to_vec(),
        }))
    }

    /// A reach of its own over `index`.
    fn walking(index: Arc<ReachIndex>) -> Reach {
        let n = index.rank.len();
        Reach {
            index,
            seen: vec![false; n],
            reached: Vec::new(),
            stack: Vec::new(),
            out: Vec::new(),
            direct: vec![false; n],
            direct_list: Vec::new(),
        }
    }

    /// [`Reach::new`] of a changed copy (`copy`: its resolution, footing and order) that
    /// indexes exactly as this one's architecture (`base`) did, sharing this one's index;
    /// `None` when the copy might index otherwise. The index is made of the domain table's
    /// length and its numbers for `change:production` and `rollout:global` (the same
    /// shared table to the same length gives the same), the domains each component rests
    /// on, each component's resolved dependencies, and the order: each compared here.
    pub fn sharing(
        &self,
        (br, bf, border): (&Resolved, &Footing, &[usize]),
        (r, f, order): (&Resolved, &Footing, &[usize]),
    ) -> Option<Reach> {
        let n = r.components.len();
        let alike = n == br.components.len()
            && order == border
            && f.rests_alike(bf)
            && (r.components.iter().zip(&br.components))
                .all(|(a, b)| Arc::ptr_eq(a, b) || a.depends_on == b.depends_on);
        alike.then(|| Reach::walking(Arc::clone(&self.index)))
    }

    /// Marks the components from which one of `targets` can be reached (each target in the
    /// dependencies-first order, itself, and everything it depends on, transitively), for
    /// [`Reach::reaches_marked`].
    pub fn upstream_of(&self, targets: &[usize]) -> Vec<bool> {
        let mut marks = vec![false; self.index.rank.len()];
        let mut stack: Vec<usize> = targets
            .iter()
            .copied()
            .filter(|&t| self.index.rank.get(t).is_some_and(|&k| k != usize::MAX))
            .collect();
        while let Some(i) = stack.pop() {
            if !marks[i] {
                marks[i] = true;
                stack.extend_from_slice(&self.index.dependencies[i]);
            }
        }
        marks
    }

    /// Whether [`Reach::affected_split`] of `scenario` would list one of the targets
    /// `marks` was made for ([`Reach::upstream_of`]): whether a component it hits directly
    /// is marked. The same walk's first step, without the dependants or the sorting.
    pub fn reaches_marked(&self, scenario: &Scenario, marks: &[bool]) -> bool {
        scenario.doms.iter().any(|&(d, _, _)| {
            let resting = &self.index.by_domain[d.0 as usize];
            match scenario.target {
                Some(t) if self.index.targeted.contains(&Some(d)) => {
                    resting.binary_search(&t).is_ok() && marks[t]
                }
                _ => resting.iter().any(|&i| marks[i]),
            }
        })
    }

    /// The components `scenario` can change (those resting on a failed domain, and their
    /// dependants), dependencies first: a subsequence of the order given to
    /// [`Reach::new`]; and per component whether it rests on a failed domain itself
    /// (`true`) or is affected only through its dependencies: the latter's own outcome is
    /// up, so [`crate::propagate::Player::journeys_split`] skips evaluating it.
    pub fn affected_split(&mut self, scenario: &Scenario) -> (&[usize], &[bool]) {
        for &i in &self.direct_list {
            self.direct[i] = false;
        }
        self.direct_list.clear();
        // Each component is marked seen when it is first reached and expanded once: on a
        // dense graph most of a component's dependants are already reached, and pushing
        // them all was most of this walk's time (docs/performance.md).
        let (seen, reached, stack) = (&mut self.seen, &mut self.reached, &mut self.stack);
        let mut reach = |i: usize, stack: &mut Vec<usize>| {
            if !seen[i] {
                seen[i] = true;
                reached.push(i);
                stack.push(i);
            }
        };
        stack.clear();
        for &(d, _, _) in &scenario.doms {
            let resting = &self.index.by_domain[d.0 as usize];
            // A bad change (or a global rollout played per component) is aimed at one
            // component when the scenario says which: the others resting on the domain are
            // skipped by the propagation (`WholeBy::Change`, `WholeBy::Rollout`), so their
            // own outcome is up and only the target and its dependants can change.
            let aimed = scenario
                .target
                .filter(|_| self.index.targeted.contains(&Some(d)));
            let hits: &[usize] = match &aimed {
                Some(t) if resting.binary_search(t).is_ok() => std::slice::from_ref(t),
                Some(_) => &[],
                None => resting,
            };
            for &i in hits {
                if !self.direct[i] {
                    self.direct[i] = true;
                    self.direct_list.push(i);
                }
                reach(i, stack);
            }
        }
        while let Some(i) = stack.pop() {
            for &j in &self.index.dependants[i] {
                reach(j, stack);
            }
        }
        // Dependencies first: the order itself when the walk reached a good part of it,
        // else what it reached, sorted by position.
        self.out.clear();
        if reached.len().saturating_mul(8) >= self.index.order.len() {
            self.out
                .extend(self.index.order.iter().copied().filter(|&i| seen[i]));
        } else {
            let rank = &self.index.rank;
            self.out
                .extend(reached.iter().copied().filter(|&i| rank[i] != usize::MAX));
            self.out.sort_unstable_by_key(|&i| rank[i]);
        }
        for &i in reached.iter() {
            seen[i] = false;
        }
        reached.clear();
        (&self.out, &self.direct)
    }
}

#[cfg(all(test, feature = "yaml"))]
mod tests {
    use crate::engine::Engine;
    use crate::input::Format;

    /// Eight examples, prepared.
    fn prepared_examples<'c>(engine: &Engine<'c>) -> Vec<crate::engine::Prepared<'c>> {
        [
            include_str!("../examples/01-startup-single-az.yaml"),
            include_str!("../examples/03-multi-region-active-passive.yaml"),
            include_str!("../examples/05-multi-cloud.yaml"),
            include_str!("../examples/06-on-prem-saas.yaml"),
            include_str!("../examples/07-fleet-agents-global-rollout.yaml"),
            include_str!("../examples/08-ai-product.yaml"),
            include_str!("../examples/09-azure-paired-regions.yaml"),
            include_str!("../examples/10-cells-and-hidden-fate.yaml"),
        ]
        .into_iter()
        .map(|text| {
            let arch = engine
                .parse(text, Format::Yaml)
                .expect("parses")
                .architecture;
            engine.prepare(&arch).expect("valid")
        })
        .collect()
    }

    /// A changed copy prepared as `suggest` prepares it, with the closures kept from the
    /// copies before it (and the baseline's shared) and what the baseline worked out for
    /// the components it did not change ([`crate::engine::Reuse`]: checks, resolution,
    /// footing), has exactly the diagnostics, resolution, footing and scenarios a
    /// preparation from nothing gives it (or the same error): for every candidate of every
    /// example, in candidate order, so the kept interned domains are reused where the
    /// domain table stayed the same and made again where a candidate changed it. Where a
    /// copy's closure equals the baseline's for the same scenario, it is the baseline's
    /// own; so is a kept component's resolution.
    #[test]
    fn kept_closures_give_the_scenarios_a_fresh_preparation_gives() -> Result<(), String> {
        use std::sync::Arc;
        let engine = Engine::default();
        let (mut copies, mut shared, mut tables, mut kept_components) = (0, 0, 0, 0);
        // Copies that share the baseline's whole list of scenarios, and copies whose
        // scenarios equal the baseline's though made again.
        let (mut lists, mut equal_lists) = (0, 0);
        // Copies that take the baseline's index and graph, and copies that make their own
        // though they take other things from the baseline.
        let (mut graphs, mut own_graphs) = (0, 0);
        let mut reaches = 0;
        for base in prepared_examples(&engine) {
            let mut kept = super::Closures::share(&base.scenarios);
            let baseline: std::collections::HashMap<&str, &Arc<super::FailedDomains>> = base
                .scenarios
                .iter()
                .map(|s| (s.id.as_str(), &s.failed))
                .collect();
            let generation = kept.generation;
            let indexed = crate::graph::Indexed::new(&base.arch);
            let checks = crate::validate::OwnChecks::of(&base.arch, engine.catalogue(), &indexed);
            for id in base.suggestion_ids() {
                let changed = base.apply(&id).map_err(|e| format!("{id}: {e}"))?;
                let fresh = engine.prepare(&changed);
                let reuse = crate::engine::Reuse::between(&base, &checks, &indexed, &changed);
                match reuse.as_ref().map(|r| r.same_graph) {
                    Some(true) => graphs += 1,
                    Some(false) => own_graphs += 1,
                    None => {}
                }
                let copy = engine.prepare_changed(changed, reuse.as_ref(), &mut kept);
                let (fresh, copy) = match (fresh, copy) {
                    (Ok(fresh), Ok(copy)) => (fresh, copy),
                    // The same diagnostics, so the same reason to reject it.
                    (Err(fresh), Err(copy)) => {
                        assert_eq!(format!("{copy:?}"), format!("{fresh:?}"), "{id}");
                        continue;
                    }
                    (fresh, copy) => {
                        return Err(format!(
                            "{id}: prepared from nothing {}, as suggest does {}",
                            fresh.is_ok(),
                            copy.is_ok()
                        ));
                    }
                };
                copies += 1;
                assert_eq!(copy.diagnostics, fresh.diagnostics, "{id}");
                // What the baseline's graph, when taken, gives: the order the scenarios are
                // played in.
                assert_eq!(copy.order, fresh.order, "{id}");
                assert_eq!(
                    format!("{:?}", copy.resolved),
                    format!("{:?}", fresh.resolved),
                    "{id}"
                );
                assert_eq!(
                    format!("{:?}", copy.footing),
                    format!("{:?}", fresh.footing),
                    "{id}"
                );
                kept_components += copy
                    .resolved
                    .components
                    .iter()
                    .zip(&base.resolved.components)
                    .filter(|(a, b)| Arc::ptr_eq(a, b))
                    .count();
                assert_eq!(copy.scenarios.len(), fresh.scenarios.len(), "{id}");
                // A reach that shares the baseline's index is the reach of the copy's own.
                let base_reach = super::Reach::new(&base.resolved, &base.footing, &base.order);
                if let Some(reach) = base_reach.sharing(
                    (&base.resolved, &base.footing, &base.order),
                    (&copy.resolved, &copy.footing, &copy.order),
                ) {
                    let own = super::Reach::new(&copy.resolved, &copy.footing, &copy.order);
                    assert_eq!(format!("{reach:?}"), format!("{own:?}"), "{id}");
                    reaches += 1;
                }
                if Arc::ptr_eq(&copy.scenarios, &base.scenarios) {
                    lists += 1;
                } else if format!("{:?}", copy.scenarios) == format!("{:?}", base.scenarios) {
                    equal_lists += 1;
                }
                for (a, b) in copy.scenarios.iter().zip(fresh.scenarios.iter()) {
                    assert_eq!(format!("{a:?}"), format!("{b:?}"), "{id}: {}", b.id);
                    if let Some(&f) = baseline.get(a.id.as_str())
                        && **f == *a.failed
                    {
                        assert!(Arc::ptr_eq(f, &a.failed), "{id}: {}", a.id);
                        shared += 1;
                    }
                }
            }
            tables += kept.generation - generation;
        }
        assert!(copies > 100, "{copies} copies");
        eprintln!(
            "{copies} copies, {lists} shared lists, {equal_lists} equal lists made again, {graphs} shared graphs, {own_graphs} own, {reaches} shared reach indexes"
        );
        assert!(
            graphs * 2 > copies,
            "{graphs} of {copies} copies took the graph"
        );
        assert!(
            reaches * 3 > copies && reaches < copies,
            "{reaches} of {copies} copies shared the baseline's reach index"
        );
        assert!(
            own_graphs > 0,
            "no copy that refers to other components was prepared"
        );
        // Most candidates change how a component fails over or scales, not what it rests
        // on; the others (zones, regions, providers...) make their own.
        assert!(
            lists * 3 > copies,
            "{lists} of {copies} copies shared the list"
        );
        assert!(lists < copies, "every copy shared the baseline's scenarios");
        assert!(
            shared > 1000,
            "{shared} scenarios shared the baseline's closure"
        );
        // Some candidates add domains (zones, regions), so the table changed at least once
        // per example that has such candidates, and kept domains were made again.
        assert!(tables > 8, "{tables} tables");
        assert!(
            kept_components > 1000,
            "{kept_components} components kept their baseline's resolution"
        );
        Ok(())
    }

    /// The count the scenario limit checks (before anything is built) is the number
    /// [`super::Expansion::scenarios`] makes, for every example.
    #[test]
    fn the_count_the_limit_checks_is_the_number_expand_makes() {
        let engine = Engine::default();
        for p in prepared_examples(&engine) {
            let arch = &p.arch;
            assert_eq!(
                super::count(&p.resolved, &p.footing, engine.catalogue()),
                p.scenarios.len(),
                "{}",
                arch.name
            );
        }
    }

    /// A scenario aimed at one component (a bad change, a global rollout played per
    /// component) reaches that component and its dependants only, not every component that
    /// rests on the change or rollout domain: the others are up in it, and evaluating them
    /// made 1,000 components cost eight times what it does (docs/performance.md).
    #[test]
    fn a_scenario_aimed_at_one_component_reaches_it_and_its_dependants_only() {
        let engine = Engine::default();
        let text = "version: 1\nname: fleet\ncomponents:\n  - { id: db, kind: database, provider: aws, regions: [us-east-1], rollout: global }\n  - { id: api, kind: compute, provider: aws, regions: [us-east-1], rollout: global, depends_on: [db] }\n  - { id: jobs, kind: compute, provider: aws, regions: [us-east-1], rollout: global }\n  - { id: web, kind: compute, provider: aws, regions: [us-east-1], depends_on: [api] }\n";
        let arch = engine
            .parse(text, Format::Yaml)
            .expect("parses")
            .architecture;
        let p = engine.prepare(&arch).expect("valid");
        let mut reach = super::Reach::new(&p.resolved, &p.footing, &p.order);
        let id = |i: usize| &*p.resolved.components[i].id;
        let mut seen = Vec::new();
        for s in p.scenarios.iter().filter(|s| s.target.is_some()) {
            let (affected, _) = reach.affected_split(s);
            let mut got: Vec<&str> = affected.iter().map(|&i| id(i)).collect();
            got.sort_unstable();
            let want: &[&str] = match s.target.map(id) {
                Some("db") => &["api", "db", "web"],
                Some("api") => &["api", "web"],
                Some("jobs") => &["jobs"],
                Some("web") => &["web"],
                other => panic!("unexpected target {other:?}"),
            };
            assert_eq!(got, want, "{}", s.id);
            seen.push(s.pattern.clone());
        }
        assert!(seen.iter().any(|p| p == "own-global-rollout"), "{seen:?}");
        assert!(
            seen.iter()
                .any(|p| p.contains("change") || p.contains("operator")),
            "{seen:?}"
        );
    }

    /// The walk lists what the plain walk it replaced lists (every component resting on a
    /// failed domain, or the scenario's target among them, and their dependants,
    /// transitively, sorted by their place in the order), with the same direct hits, for
    /// every scenario of eight examples: those that reach few components (sorted) and those
    /// that reach many (read off the order).
    #[test]
    fn the_walk_lists_what_a_plain_walk_lists() -> Result<(), String> {
        let engine = Engine::default();
        // Chains of four components, each chain in a region of its own: a region's outage
        // reaches four of forty, which the walk sorts.
        let regions = [
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
            "eu-west-1",
            "eu-west-2",
            "eu-central-1",
            "ap-southeast-1",
            "ap-northeast-1",
            "sa-east-1",
        ];
        let mut chains = String::from("version: 1\nname: chains\ncomponents:\n");
        for i in 0..40 {
            let deps = if i % 4 == 0 {
                String::new()
            } else {
                format!(", depends_on: [c{}]", i - 1)
            };
            chains.push_str(&format!(
                "  - {{ id: c{i}, kind: compute, provider: aws, regions: [{}]{deps} }}\n",
                regions[i / 4]
            ));
        }
        let arch = engine
            .parse(&chains, Format::Yaml)
            .map_err(|e| e.to_string())?
            .architecture;
        let mut prepared = prepared_examples(&engine);
        prepared.push(engine.prepare(&arch).map_err(|e| e.to_string())?);
        let mut by_size = [0, 0];
        let mut sorted_several = 0;
        for p in prepared {
            let mut reach = super::Reach::new(&p.resolved, &p.footing, &p.order);
            let n = p.resolved.components.len();
            for s in p.scenarios.iter() {
                let mut stack = Vec::new();
                for &(d, _, _) in &s.doms {
                    let resting = &reach.index.by_domain[d.0 as usize];
                    match s.target {
                        Some(t) if reach.index.targeted.contains(&Some(d)) => {
                            if resting.contains(&t) {
                                stack.push(t);
                            }
                        }
                        _ => stack.extend_from_slice(resting),
                    }
                }
                let mut direct = vec![false; n];
                stack.iter().for_each(|&i| direct[i] = true);
                let mut seen = vec![false; n];
                let mut want = Vec::new();
                while let Some(i) = stack.pop() {
                    if !seen[i] {
                        seen[i] = true;
                        want.push(i);
                        stack.extend_from_slice(&reach.index.dependants[i]);
                    }
                }
                want.retain(|&i| reach.index.rank[i] != usize::MAX);
                want.sort_by_key(|&i| reach.index.rank[i]);
                let reached = want.len();
                let (got, got_direct) = reach.affected_split(s);
                if got != want.as_slice() || got_direct != direct.as_slice() {
                    return Err(format!(
                        "{}: {}: {got:?} against {want:?}",
                        p.arch.name, s.id
                    ));
                }
                by_size[usize::from(reached * 8 >= n)] += 1;
                sorted_several += usize::from(reached > 1 && reached * 8 < n);
            }
        }
        if by_size.iter().any(|&k| k < 100) || sorted_several < 10 {
            return Err(format!(
                "{by_size:?} scenarios reaching few and many, {sorted_several} sorting several"
            ));
        }
        Ok(())
    }

    /// `reaches_marked` says whether `affected_split` would list one of the marked
    /// targets, for every scenario of eight examples and every target set of one or two
    /// components (and one of three): it must agree both ways.
    #[test]
    fn reaches_marked_agrees_with_the_affected_components() {
        let engine = Engine::default();
        let (mut yes, mut no) = (0, 0);
        for p in prepared_examples(&engine) {
            let arch = &p.arch;
            let mut reach = super::Reach::new(&p.resolved, &p.footing, &p.order);
            let n = p.resolved.components.len();
            let mut sets: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
            sets.extend((0..n).flat_map(|i| (i + 1..n).map(move |j| vec![i, j])));
            if n >= 3 {
                sets.push(vec![0, n / 2, n - 1]);
            }
            for targets in &sets {
                let marks = reach.upstream_of(targets);
                for s in p.scenarios.iter() {
                    let marked = reach.reaches_marked(s, &marks);
                    let (affected, _) = reach.affected_split(s);
                    let listed = targets.iter().any(|t| affected.contains(t));
                    assert_eq!(marked, listed, "{}: {:?} in {}", arch.name, targets, s.id);
                    if listed {
                        yes += 1;
                    } else {
                        no += 1;
                    }
                }
            }
        }
        assert!(yes > 1000 && no > 1000, "{yes} reached, {no} not");
    }
}
