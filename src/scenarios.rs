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
use crate::model::AiAssisted;
use crate::resolve::{Home, Resolved};
use crate::rules::{Dom, Domains, EffectSet, Footing, used_domains};

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

    /// Failed domains in order.
    pub fn iter(&self) -> impl Iterator<Item = (&DomainId, &BTreeSet<EffectKind>)> {
        self.map.iter()
    }

    /// Adds what the failures imply ([`crate::rules::implied`]). Idempotent.
    pub fn close_over(&mut self, catalogue: &Catalogue) {
        crate::rules::implied::close(&mut self.map, catalogue);
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
    /// `failed` with the domains interned in the prepared architecture (sorted; domains
    /// it does not refer to are left out: nothing rests on them).
    pub(crate) doms: Vec<(Dom, EffectSet)>,
}

impl Scenario {
    /// A scenario of `pattern` failing `domain` and everything in `failed`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        id: String,
        pattern: String,
        domain: DomainId,
        target: Option<usize>,
        failed: FailedDomains,
        minutes: f64,
        per_year: f64,
        adjustments: Vec<String>,
        domains: &Domains,
    ) -> Scenario {
        let mut doms: Vec<(Dom, EffectSet)> = failed
            .iter()
            .filter_map(|(d, e)| Some((domains.get(d)?, EffectSet::of(e.iter().copied()))))
            .collect();
        doms.sort_unstable_by_key(|(d, _)| *d);
        Scenario {
            id,
            pattern,
            domain,
            target,
            failed,
            minutes,
            per_year,
            adjustments,
            doms,
        }
    }

    /// The effects on `d` (none when it did not fail).
    pub(crate) fn effects(&self, d: Dom) -> EffectSet {
        match self.doms.binary_search_by_key(&d, |(x, _)| *x) {
            Ok(k) => self.doms[k].1,
            Err(_) => EffectSet::EMPTY,
        }
    }
}

fn applies(pattern: &Pattern, domain: &DomainId, r: &Resolved, foot: &Footing) -> bool {
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
            .filter(|(_, c)| a.kinds.contains(&c.kind))
            .any(|(i, _)| foot.uses(i, domain));
        if !used_by_kind {
            return false;
        }
    }
    true
}

/// How many scenarios [`expand`] makes, without making them (for the scenario limit, which
/// is checked before every score: building them twice would double the cost).
pub(crate) fn count(r: &Resolved, foot: &Footing, catalogue: &Catalogue) -> usize {
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
        n += domains
            .iter()
            .filter(|d| applies(pattern, d, r, foot))
            .count()
            * per_domain;
    }
    n
}

/// Expands every pattern of the catalogue against the architecture.
///
/// # Complexity
///
/// O(patterns × used domains), plus the closure of implied failures per scenario.
pub(crate) fn expand(r: &Resolved, foot: &Footing, catalogue: &Catalogue) -> Vec<Scenario> {
    let used = used_domains(r, catalogue);
    let mut out = Vec::new();
    for pattern in &catalogue.patterns {
        let Some(domains) = used.get(&pattern.fails) else {
            continue;
        };
        for domain in domains {
            if !applies(pattern, domain, r, foot) {
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
                    out.push(Scenario::new(
                        format!("{}@{}#{}", pattern.id, domain, r.components[i].id),
                        pattern.id.clone(),
                        domain.clone(),
                        Some(i),
                        failed,
                        minutes,
                        share,
                        adj,
                        &foot.domains,
                    ));
                }
                continue;
            }
            let mut failed = FailedDomains::default();
            failed.add(domain.clone(), pattern.effects.iter().copied());
            failed.close_over(catalogue);
            out.push(Scenario::new(
                format!("{}@{}", pattern.id, domain),
                pattern.id.clone(),
                domain.clone(),
                None,
                failed,
                minutes,
                per_year,
                adjustments,
                &foot.domains,
            ));
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// One scenario of a given pattern at a given domain, for `simulate`.
pub(crate) fn single(
    pattern: &Pattern,
    domain: &DomainId,
    minutes: f64,
    catalogue: &Catalogue,
    domains: &Domains,
) -> Scenario {
    let mut failed = FailedDomains::default();
    failed.add(domain.clone(), pattern.effects.iter().copied());
    failed.close_over(catalogue);
    Scenario::new(
        format!("{}@{}", pattern.id, domain),
        pattern.id.clone(),
        domain.clone(),
        None,
        failed,
        minutes,
        0.0,
        Vec::new(),
        domains,
    )
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
/// [`Reach::affected`]: O(k log k) for the k components it returns, plus the failed
/// domains' lookups; nothing proportional to the size of the architecture.
#[derive(Debug, Clone)]
pub(crate) struct Reach {
    /// Per interned domain: the components resting on it.
    by_domain: Vec<Vec<usize>>,
    /// `change:production`, aimed at one component when a scenario names a target.
    change: Option<Dom>,
    dependants: Vec<Vec<usize>>,
    /// Position in the dependencies-first order; `usize::MAX` when not in it.
    rank: Vec<usize>,
    seen: Vec<bool>,
    out: Vec<usize>,
    /// Per component: rests on a failed domain of the last scenario (not only a dependant).
    direct: Vec<bool>,
    direct_list: Vec<usize>,
}

impl Reach {
    /// Indexes a resolved architecture and its footing; `order` is the dependencies-first
    /// order the scenarios are played in.
    pub fn new(r: &Resolved, foot: &Footing, order: &[usize]) -> Reach {
        let n = r.components.len();
        let mut by_domain: Vec<Vec<usize>> = vec![Vec::new(); foot.domains.len()];
        let mut dependants: Vec<Vec<usize>> = vec![Vec::new(); n];
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
            change: foot.domains.get(&DomainId::Change),
            dependants,
            rank,
            seen: vec![false; n],
            out: Vec::new(),
            direct: vec![false; n],
            direct_list: Vec::new(),
        }
    }

    /// The components `scenario` can change (those resting on a failed domain, and their
    /// dependants), dependencies first: a subsequence of the order given to
    /// [`Reach::new`]; and per component whether it rests on a failed domain itself
    /// (`true`) or is affected only through its dependencies: the latter's own outcome is
    /// up, so [`crate::propagate::Player::journeys_split`] skips evaluating it.
    pub fn affected_split(&mut self, scenario: &Scenario) -> (&[usize], &[bool]) {
        let mut stack: Vec<usize> = Vec::new();
        for &(d, _) in &scenario.doms {
            let resting = &self.by_domain[d.0 as usize];
            // A bad change is aimed at one component when the scenario says which.
            match scenario.target {
                Some(t) if Some(d) == self.change => {
                    if resting.binary_search(&t).is_ok() {
                        stack.push(t);
                    }
                }
                _ => stack.extend_from_slice(resting),
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
        (&self.out, &self.direct)
    }
}

#[cfg(all(test, feature = "yaml"))]
mod tests {
    use crate::engine::Engine;
    use crate::input::Format;

    /// The count the scenario limit checks (before anything is built) is the number
    /// [`super::expand`] makes, for every example.
    #[test]
    fn the_count_the_limit_checks_is_the_number_expand_makes() {
        let engine = Engine::default();
        for text in [
            include_str!("../examples/01-startup-single-az.yaml"),
            include_str!("../examples/03-multi-region-active-passive.yaml"),
            include_str!("../examples/05-multi-cloud.yaml"),
            include_str!("../examples/06-on-prem-saas.yaml"),
            include_str!("../examples/07-fleet-agents-global-rollout.yaml"),
            include_str!("../examples/08-ai-product.yaml"),
            include_str!("../examples/09-azure-paired-regions.yaml"),
        ] {
            let arch = engine
                .parse(text, Format::Yaml)
                .expect("parses")
                .architecture;
            let p = engine.prepare(&arch).expect("valid");
            assert_eq!(
                super::count(&p.resolved, &p.footing, engine.catalogue()),
                p.scenarios.len(),
                "{}",
                arch.name
            );
        }
    }
}
