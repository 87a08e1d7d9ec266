//! Scenarios: each catalogue pattern expanded into the instances that apply to this
//! architecture, one per fault domain of the pattern's class that the architecture uses.
//!
//! A scenario fails its domain with the pattern's effects, plus what that failure implies
//! (a region's data plane takes its control plane with it; a backbone takes every region,
//! the edge and the DNS of its provider; a managed service takes the dependants that
//! post-mortems documented, from the provider profile).

use std::collections::{BTreeMap, BTreeSet};

use crate::catalogue::{Catalogue, Pattern};
use crate::domain::{DomainClass, DomainId};
use crate::effects::EffectKind;
use crate::model::{AiAssisted, Kind, Rollout, Via};
use crate::resolve::{Home, Resolved};

/// Frequency factor for `ai-assisted-change` when AI changes are reviewed by a person
/// (an estimate: review catches most but not all bad AI-proposed changes).
pub const AI_REVIEWED_FACTOR: f64 = 0.25;
/// Duration factor for change-process patterns with automated rollback (an estimate:
/// rollback on health signals shortens, but does not remove, the impact).
pub const ROLLBACK_FACTOR: f64 = 0.5;

/// Failed domains and what each failure does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FailedDomains {
    map: BTreeMap<DomainId, BTreeSet<EffectKind>>,
}

impl FailedDomains {
    /// Records a failure.
    pub fn add(&mut self, domain: DomainId, effects: impl IntoIterator<Item = EffectKind>) {
        self.map.entry(domain).or_default().extend(effects);
    }

    /// The effects on a domain, if it failed.
    pub fn effects(&self, domain: &DomainId) -> Option<&BTreeSet<EffectKind>> {
        self.map.get(domain)
    }

    /// Whether `domain` failed with `effect`.
    pub fn has(&self, domain: &DomainId, effect: EffectKind) -> bool {
        self.map.get(domain).is_some_and(|e| e.contains(&effect))
    }

    /// Whether `domain` failed at all.
    pub fn contains(&self, domain: &DomainId) -> bool {
        self.map.contains_key(domain)
    }

    /// Failed domains in order.
    pub fn iter(&self) -> impl Iterator<Item = (&DomainId, &BTreeSet<EffectKind>)> {
        self.map.iter()
    }

    /// Whether the control plane `control:<provider>/<region>` (or the provider's global
    /// one) is unusable.
    pub fn control_plane_down(&self, domain: &DomainId) -> bool {
        self.map.get(domain).is_some_and(|e| {
            e.contains(&EffectKind::ControlPlaneUnavailable) || e.contains(&EffectKind::Unavailable)
        })
    }

    /// Adds what the failures imply, using the provider profiles. Idempotent.
    pub fn close_over(&mut self, catalogue: &Catalogue) {
        let mut pending: Vec<(DomainId, BTreeSet<EffectKind>)> = self
            .map
            .iter()
            .map(|(d, e)| (d.clone(), e.clone()))
            .collect();
        let mut guard = 0usize;
        while let Some((domain, effects)) = pending.pop() {
            guard += 1;
            if guard > 10_000 {
                break;
            }
            let hard = effects.contains(&EffectKind::Unavailable);
            let mut implied: Vec<(DomainId, Vec<EffectKind>)> = Vec::new();
            match &domain {
                DomainId::Region { provider, region } if hard => {
                    implied.push((
                        DomainId::Control {
                            provider: provider.clone(),
                            region: region.clone(),
                        },
                        vec![EffectKind::ControlPlaneUnavailable],
                    ));
                }
                // A provider's global control planes are hosted in a home region
                // (provider profile `global_control_plane.home_region`: us-east-1 for AWS):
                // when that region's control plane goes, they go with it (AWS 2021-12-07:
                // Route 53 and IAM changes failed while the us-east-1 network was impaired).
                DomainId::Control { provider, region }
                    if (effects.contains(&EffectKind::ControlPlaneUnavailable)
                        || effects.contains(&EffectKind::Unavailable))
                        && catalogue
                            .provider(provider)
                            .and_then(|p| p.global_control_plane.as_ref())
                            .is_some_and(|g| &g.home_region == region) =>
                {
                    implied.push((
                        DomainId::GlobalControl {
                            provider: provider.clone(),
                        },
                        vec![EffectKind::ControlPlaneUnavailable],
                    ));
                }
                DomainId::Backbone(p) if hard => {
                    implied.push((
                        DomainId::GlobalControl {
                            provider: p.clone(),
                        },
                        vec![EffectKind::ControlPlaneUnavailable],
                    ));
                    implied.push((DomainId::Edge(p.clone()), vec![EffectKind::Unavailable]));
                    implied.push((DomainId::Dns(p.clone()), vec![EffectKind::Unavailable]));
                    implied.push((DomainId::Identity(p.clone()), vec![EffectKind::Unavailable]));
                }
                DomainId::Service {
                    provider,
                    region,
                    service,
                } if hard || effects.contains(&EffectKind::Degraded) => {
                    if let Some(profile) = catalogue.provider(provider) {
                        for dep in &profile.internal_dependencies {
                            if &dep.service != service
                                || dep.region.as_ref().is_some_and(|r| r != region)
                            {
                                continue;
                            }
                            for d in &dep.dependents {
                                if d == "control-plane" {
                                    implied.push((
                                        DomainId::Control {
                                            provider: provider.clone(),
                                            region: region.clone(),
                                        },
                                        vec![EffectKind::ControlPlaneUnavailable],
                                    ));
                                } else {
                                    implied.push((
                                        DomainId::Service {
                                            provider: provider.clone(),
                                            region: region.clone(),
                                            service: d.clone(),
                                        },
                                        effects
                                            .iter()
                                            .copied()
                                            .filter(|e| {
                                                matches!(
                                                    e,
                                                    EffectKind::Unavailable | EffectKind::Degraded
                                                )
                                            })
                                            .collect(),
                                    ));
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
            for (d, e) in implied {
                let entry = self.map.entry(d.clone()).or_default();
                let before = entry.len();
                entry.extend(e.iter().copied());
                if entry.len() != before {
                    pending.push((d, entry.clone()));
                }
            }
        }
    }
}

/// One concrete outage to play against the architecture.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Stable id: `<pattern>@<domain>` (plus `#<component>` for change-process scenarios).
    pub id: String,
    /// Pattern id.
    pub pattern: String,
    /// The domain the pattern fails.
    pub domain: DomainId,
    /// For change-process scenarios: the component index the bad change hits.
    pub target: Option<usize>,
    /// Everything failed, with effects (closed over implications).
    pub failed: FailedDomains,
    /// Minutes of main impact played.
    pub minutes: f64,
    /// Expected occurrences per year (0 for simulate/replay).
    pub per_year: f64,
    /// How the frequency or duration were adjusted, in words.
    pub adjustments: Vec<String>,
}

/// The fault domains an architecture uses, by class (sorted, deduplicated).
pub fn used_domains(
    r: &Resolved,
    catalogue: &Catalogue,
) -> BTreeMap<DomainClass, BTreeSet<DomainId>> {
    let mut used: BTreeMap<DomainClass, BTreeSet<DomainId>> = BTreeMap::new();
    let mut add = |d: DomainId| {
        used.entry(d.class()).or_default().insert(d);
    };
    for c in &r.components {
        match &c.home {
            Home::Site(s) => add(DomainId::Site(s.clone())),
            Home::Saas(s) => {
                let name = s.trim_start_matches("saas:").to_owned();
                match c.kind {
                    Kind::Dns => add(DomainId::Dns(s.clone())),
                    Kind::Identity => add(DomainId::Identity(s.clone())),
                    Kind::Cdn => add(DomainId::Edge(s.clone())),
                    _ => add(DomainId::Saas(name)),
                }
            }
            Home::Provider(p) => {
                match c.kind {
                    Kind::Dns => add(DomainId::Dns(p.clone())),
                    Kind::Identity if c.placements.is_empty() => add(DomainId::Identity(p.clone())),
                    Kind::Cdn => add(DomainId::Edge(p.clone())),
                    _ => {}
                }
                if c.global_service && c.kind != Kind::Dns {
                    add(DomainId::Edge(p.clone()));
                }
                if !c.placements.is_empty() {
                    add(DomainId::Backbone(p.clone()));
                    if catalogue
                        .provider(p)
                        .and_then(|x| x.global_control_plane.as_ref())
                        .is_some()
                    {
                        add(DomainId::GlobalControl {
                            provider: p.clone(),
                        });
                    }
                }
                for pl in &c.placements {
                    add(DomainId::Region {
                        provider: p.clone(),
                        region: pl.region.clone(),
                    });
                    add(DomainId::Control {
                        provider: p.clone(),
                        region: pl.region.clone(),
                    });
                    for z in &pl.zones {
                        add(DomainId::Zone {
                            provider: p.clone(),
                            region: pl.region.clone(),
                            zone: z.clone(),
                        });
                    }
                    if let Some(s) = &c.service {
                        add(DomainId::Service {
                            provider: p.clone(),
                            region: pl.region.clone(),
                            service: s.clone(),
                        });
                    }
                }
                if c.placements.len() > 1
                    && matches!(c.failover.via, Via::Anycast | Via::LoadBalancer)
                {
                    add(DomainId::Edge(p.clone()));
                }
            }
        }
        for a in &c.agents {
            add(DomainId::Agent(a.clone()));
        }
        if c.rollout == Rollout::Global {
            add(DomainId::Rollout);
        }
    }
    if !r.components.is_empty() {
        add(DomainId::Change);
    }
    if r.journeys
        .iter()
        .any(|j| !entry_components(r, &j.entry).is_empty())
    {
        add(DomainId::Credential("self".to_owned()));
    }
    for m in &r.monitoring.systems {
        add(DomainId::Monitoring(m.provider.clone()));
    }
    used
}

/// Components users connect to first (journey entries you run, not third parties).
pub fn entry_components(r: &Resolved, entry: &[crate::resolve::ResolvedDependency]) -> Vec<usize> {
    use crate::resolve::ResolvedDependency as D;
    fn walk(d: &D, out: &mut Vec<usize>) {
        match d {
            D::One { index, .. } => out.push(*index),
            D::AnyOf { alternatives, .. } => alternatives.iter().for_each(|a| walk(a, out)),
        }
    }
    let mut out = Vec::new();
    entry.iter().for_each(|d| walk(d, &mut out));
    out.retain(|&i| !matches!(r.components[i].home, Home::Saas(_)));
    out.sort_unstable();
    out.dedup();
    out
}

fn applies(pattern: &Pattern, domain: &DomainId, r: &Resolved) -> bool {
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
            .filter(|c| a.kinds.contains(&c.kind))
            .any(|c| component_uses(c, domain));
        if !used_by_kind {
            return false;
        }
    }
    true
}

/// Whether a component rests directly on a domain (for `applies_to.kinds`).
fn component_uses(c: &crate::resolve::ResolvedComponent, domain: &DomainId) -> bool {
    match (domain, &c.home) {
        (DomainId::Saas(name), Home::Saas(s)) => s.trim_start_matches("saas:") == name,
        (DomainId::Site(name), Home::Site(s)) => s == name,
        (
            DomainId::Service {
                provider,
                service,
                region,
            },
            Home::Provider(p),
        ) => {
            p == provider
                && c.service.as_ref() == Some(service)
                && c.placements.iter().any(|pl| &pl.region == region)
        }
        (DomainId::Region { provider, region }, Home::Provider(p)) => {
            p == provider && c.placements.iter().any(|pl| &pl.region == region)
        }
        (DomainId::Edge(e), _) | (DomainId::Dns(e), _) | (DomainId::Identity(e), _) => {
            &c.provider == e
        }
        _ => false,
    }
}

/// How many scenarios [`expand`] makes, without making them (for the scenario limit, which
/// is checked before every score: building them twice would double the cost).
pub fn count(r: &Resolved, catalogue: &Catalogue) -> usize {
    let used = used_domains(r, catalogue);
    let runs = r
        .components
        .iter()
        .filter(|c| !matches!(c.home, Home::Saas(_)))
        .count();
    let mut n = 0;
    for pattern in &catalogue.patterns {
        let Some(domains) = used.get(&pattern.fails) else {
            continue;
        };
        let skipped_ai = matches!(pattern.fails, DomainClass::Change | DomainClass::Rollout)
            && (pattern.id.starts_with("ai-") || pattern.id.contains("ai-assisted"))
            && r.ai_assisted == AiAssisted::None;
        if skipped_ai {
            continue;
        }
        let per_domain = if pattern.fails == DomainClass::Change {
            runs
        } else {
            1
        };
        n += domains.iter().filter(|d| applies(pattern, d, r)).count() * per_domain;
    }
    n
}

/// Expands every pattern of the catalogue against the architecture.
///
/// # Complexity
///
/// O(patterns × used domains), plus the closure of implied failures per scenario.
pub fn expand(r: &Resolved, catalogue: &Catalogue) -> Vec<Scenario> {
    let used = used_domains(r, catalogue);
    let mut out = Vec::new();
    for pattern in &catalogue.patterns {
        let Some(domains) = used.get(&pattern.fails) else {
            continue;
        };
        for domain in domains {
            if !applies(pattern, domain, r) {
                continue;
            }
            let mut per_year = pattern.frequency.per_instance_per_year;
            let mut minutes = pattern.duration.median_minutes;
            let mut adjustments = Vec::new();
            if matches!(pattern.fails, DomainClass::Change | DomainClass::Rollout) {
                if pattern.id.starts_with("ai-") || pattern.id.contains("ai-assisted") {
                    match r.ai_assisted {
                        AiAssisted::None => continue,
                        AiAssisted::Reviewed => {
                            per_year *= AI_REVIEWED_FACTOR;
                            adjustments.push(format!("AI changes are reviewed: frequency × {AI_REVIEWED_FACTOR} (estimate)"));
                        }
                        AiAssisted::Unreviewed => {}
                    }
                }
                if r.automated_rollback {
                    minutes *= ROLLBACK_FACTOR;
                    adjustments.push(format!(
                        "automated rollback: duration × {ROLLBACK_FACTOR} (estimate)"
                    ));
                }
            }
            if pattern.fails == DomainClass::Change {
                // A bad change hits one component; each is equally likely.
                let targets: Vec<usize> = (0..r.components.len())
                    .filter(|&i| !matches!(r.components[i].home, Home::Saas(_)))
                    .collect();
                if targets.is_empty() {
                    continue;
                }
                let share = per_year / targets.len() as f64;
                // The same words for every target: formatted once, not once per target.
                let one_of = format!(
                    "one of {} components you run, each equally likely",
                    targets.len()
                );
                for i in targets {
                    let mut failed = FailedDomains::default();
                    failed.add(domain.clone(), pattern.effects.iter().copied());
                    let mut adj = adjustments.clone();
                    adj.push(one_of.clone());
                    out.push(Scenario {
                        id: format!("{}@{}#{}", pattern.id, domain, r.components[i].id),
                        pattern: pattern.id.clone(),
                        domain: domain.clone(),
                        target: Some(i),
                        failed,
                        minutes,
                        per_year: share,
                        adjustments: adj,
                    });
                }
                continue;
            }
            let mut failed = FailedDomains::default();
            failed.add(domain.clone(), pattern.effects.iter().copied());
            failed.close_over(catalogue);
            out.push(Scenario {
                id: format!("{}@{}", pattern.id, domain),
                pattern: pattern.id.clone(),
                domain: domain.clone(),
                target: None,
                failed,
                minutes,
                per_year,
                adjustments,
            });
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// One scenario of a given pattern at a given domain, for `simulate`.
pub fn single(
    pattern: &Pattern,
    domain: &DomainId,
    minutes: f64,
    target: Option<usize>,
    catalogue: &Catalogue,
) -> Scenario {
    let mut failed = FailedDomains::default();
    failed.add(domain.clone(), pattern.effects.iter().copied());
    failed.close_over(catalogue);
    Scenario {
        id: format!("{}@{}", pattern.id, domain),
        pattern: pattern.id.clone(),
        domain: domain.clone(),
        target,
        failed,
        minutes,
        per_year: 0.0,
        adjustments: Vec::new(),
    }
}

/// Which components a scenario can change: the index that lets the engine play a scenario
/// over those components only, instead of over the whole graph.
///
/// A component's own outcome ([`crate::propagate`]) can differ from "up" only when a
/// domain it rests on failed: the domains that take it whole (its site, SaaS vendor, DNS,
/// edge or identity provider, backbone when it has no placement, global control plane
/// when it calls global endpoints, its agents, a global rollout, the certificate of an
/// entry component, a bad change aimed at it) and, per placement, its region, zones,
/// managed service and the provider's backbone. Every other domain (control planes, DNS
/// for failover, monitoring) only decides whether a failover of an already-hit component
/// works. A component none of whose domains failed and none of whose dependencies changed
/// is up; so a scenario changes exactly the components resting on its failed domains and
/// their dependants, transitively. `tests/it/scale.rs` proves that playing only those
/// gives the same outcomes as playing everything, for every example and generated
/// architecture; keep [`Reach::new`] in step with `Ctx::whole` and `Ctx::place` in
/// `src/propagate.rs`.
///
/// # Complexity
///
/// Building: O(components × domains per component + dependency references).
/// [`Reach::affected`]: O(k log k) for the k components it returns, plus the failed
/// domains' lookups; nothing proportional to the size of the architecture.
#[derive(Debug, Clone)]
pub struct Reach {
    by_domain: BTreeMap<DomainId, Vec<usize>>,
    dependants: Vec<Vec<usize>>,
    /// Position in the dependencies-first order; `usize::MAX` when not in it.
    rank: Vec<usize>,
    /// Components a bad change can hit (not SaaS), for a change scenario without a target.
    changeable: Vec<usize>,
    seen: Vec<bool>,
    out: Vec<usize>,
    /// Per component: rests on a failed domain of the last scenario (not only a dependant).
    direct: Vec<bool>,
    direct_list: Vec<usize>,
}

impl Reach {
    /// Indexes a resolved architecture; `order` is the dependencies-first order the
    /// scenarios are played in.
    pub fn new(r: &Resolved, order: &[usize]) -> Reach {
        let n = r.components.len();
        let mut by_domain: BTreeMap<DomainId, Vec<usize>> = BTreeMap::new();
        let mut entries = vec![false; n];
        for j in &r.journeys {
            for i in entry_components(r, &j.entry) {
                entries[i] = true;
            }
        }
        let mut dependants: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut changeable = Vec::new();
        for (i, c) in r.components.iter().enumerate() {
            let mut rests_on: Vec<DomainId> = Vec::new();
            rests_on.extend(c.agents.iter().map(|a| DomainId::Agent(a.clone())));
            if c.rollout == Rollout::Global {
                rests_on.push(DomainId::Rollout);
            }
            if entries[i] {
                rests_on.push(DomainId::Credential("self".to_owned()));
            }
            match &c.home {
                Home::Site(s) => rests_on.push(DomainId::Site(s.clone())),
                Home::Saas(s) => rests_on.push(match c.kind {
                    Kind::Dns => DomainId::Dns(s.clone()),
                    Kind::Identity => DomainId::Identity(s.clone()),
                    Kind::Cdn => DomainId::Edge(s.clone()),
                    _ => DomainId::Saas(s.trim_start_matches("saas:").to_owned()),
                }),
                Home::Provider(p) => {
                    match c.kind {
                        Kind::Dns => rests_on.push(DomainId::Dns(p.clone())),
                        Kind::Cdn => rests_on.push(DomainId::Edge(p.clone())),
                        Kind::Identity if c.placements.is_empty() => {
                            rests_on.push(DomainId::Identity(p.clone()))
                        }
                        _ => {}
                    }
                    if c.global_service && c.kind != Kind::Dns {
                        rests_on.push(DomainId::Edge(p.clone()));
                    }
                    // With or without placements, the backbone takes it.
                    rests_on.push(DomainId::Backbone(p.clone()));
                    if c.global_endpoints {
                        rests_on.push(DomainId::GlobalControl {
                            provider: p.clone(),
                        });
                    }
                    for pl in &c.placements {
                        rests_on.push(DomainId::Region {
                            provider: p.clone(),
                            region: pl.region.clone(),
                        });
                        if let Some(s) = &c.service {
                            rests_on.push(DomainId::Service {
                                provider: p.clone(),
                                region: pl.region.clone(),
                                service: s.clone(),
                            });
                        }
                        rests_on.extend(pl.zones.iter().map(|z| DomainId::Zone {
                            provider: p.clone(),
                            region: pl.region.clone(),
                            zone: z.clone(),
                        }));
                    }
                }
            }
            if !matches!(c.home, Home::Saas(_)) {
                changeable.push(i);
            }
            for d in rests_on {
                let v = by_domain.entry(d).or_default();
                if v.last() != Some(&i) {
                    v.push(i);
                }
            }
            let mut deps = Vec::new();
            for d in &c.depends_on {
                dependency_indices(d, &mut deps);
            }
            deps.sort_unstable();
            deps.dedup();
            for d in deps {
                dependants[d].push(i);
            }
        }
        let mut rank = vec![usize::MAX; n];
        for (k, &i) in order.iter().enumerate() {
            rank[i] = k;
        }
        Reach {
            by_domain,
            dependants,
            rank,
            changeable,
            seen: vec![false; n],
            out: Vec::new(),
            direct: vec![false; n],
            direct_list: Vec::new(),
        }
    }

    /// [`Reach::affected`], and per component whether it rests on a failed domain itself
    /// (`true`) or is affected only through its dependencies: the latter's own outcome is
    /// up, so [`crate::propagate::Player::journeys_split`] skips evaluating it.
    pub fn affected_split(&mut self, scenario: &Scenario) -> (&[usize], &[bool]) {
        for &i in &self.direct_list {
            self.direct[i] = false;
        }
        self.affected(scenario);
        (&self.out, &self.direct)
    }

    /// The components `scenario` can change (those resting on a failed domain, and their
    /// dependants), dependencies first: a subsequence of the order given to
    /// [`Reach::new`], to pass to [`crate::propagate::play`] in its place.
    pub fn affected(&mut self, scenario: &Scenario) -> &[usize] {
        let mut stack: Vec<usize> = Vec::new();
        for (d, _) in scenario.failed.iter() {
            if *d == DomainId::Change {
                match scenario.target {
                    Some(t) if self.changeable.binary_search(&t).is_ok() => stack.push(t),
                    Some(_) => {}
                    None => stack.extend_from_slice(&self.changeable),
                }
            } else if let Some(v) = self.by_domain.get(d) {
                stack.extend_from_slice(v);
            }
        }
        self.out.clear();
        for &i in &self.direct_list {
            self.direct[i] = false;
        }
        self.direct_list.clear();
        for &i in &stack {
            if !self.direct[i] {
                self.direct[i] = true;
                self.direct_list.push(i);
            }
        }
        while let Some(i) = stack.pop() {
            if self.seen[i] {
                continue;
            }
            self.seen[i] = true;
            self.out.push(i);
            stack.extend_from_slice(&self.dependants[i]);
        }
        for &i in &self.out {
            self.seen[i] = false;
        }
        let rank = &self.rank;
        self.out.retain(|&i| rank[i] != usize::MAX);
        self.out.sort_unstable_by_key(|&i| rank[i]);
        &self.out
    }
}

fn dependency_indices(d: &crate::resolve::ResolvedDependency, out: &mut Vec<usize>) {
    use crate::resolve::ResolvedDependency as D;
    match d {
        D::One { index, .. } => out.push(*index),
        D::AnyOf { alternatives, .. } => {
            alternatives.iter().for_each(|a| dependency_indices(a, out))
        }
    }
}
