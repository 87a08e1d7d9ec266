//! Propagation: what one scenario does to every component and journey, and why.
//!
//! Components are evaluated dependencies first (one pass over the graph per scenario):
//! first what the failed domains do to the component itself ([`place`]: the domains that
//! take it whole, then each regional placement), then what its topology and failover save
//! ([`topology`], [`failover`]), then what its dependencies do to it (hard: down with them;
//! soft: degraded). Journeys combine their entries the same way. Every outcome keeps the
//! causal chain that decided it ([`chain`]). What a failed domain does is decided by the
//! rule set ([`crate::rules`]), never here.
//!
//! One driver, [`Player`], plays a scenario over the components it can change (from
//! [`crate::scenarios::Reach`]) or over all of them.

/// The words of a causal-chain link, as `format!` writes them; nothing when the pass is
/// quiet (`$ctx.quiet`: nobody reads its chains, as when a suggestion's changed copy is
/// measured). A quiet link keeps its place, kind and subject, so every decision that looks
/// at a chain (its length, whether it is empty) is the same; only the sentence is missing.
macro_rules! say {
    ($ctx:expr, $($arg:tt)*) => {
        if $ctx.quiet { String::new() } else { format!($($arg)*) }
    };
}

mod chain;
mod failover;
mod place;
pub(crate) mod profile;
mod startup;
mod topology;

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use crate::domain::DomainId;
use crate::render::words::{failover_words, fmt_minutes};
use crate::resolve::{Resolved, ResolvedComponent, ResolvedDependency};
use crate::rules::constants::CACHE_FRESH_QUARTERS;
use crate::rules::{Dom, EffectSet, Footing};
use crate::scenarios::Scenario;

#[cfg(not(target_arch = "wasm32"))]
pub(crate) use chain::Sent;
pub use chain::{Chain, MAX_REPORTED_CHAIN, Outcome, Status, Step, StepKind};
use chain::{LinkText, percent, step};
use profile::Profile;
pub(crate) use topology::declines_failover;

/// The result of playing one scenario over every component.
#[derive(Debug, Clone)]
pub(crate) struct Played {
    /// Per component, in input order.
    pub components: Vec<Outcome>,
    /// Per journey, in resolved order.
    pub journeys: Vec<Outcome>,
}

/// The journeys one scenario hurts, by journey index (ascending), with their outcomes:
/// every journey it leaves out is up with no data lost ([`Outcome::hurts`]). The score
/// reads only these, so a scenario keeps nothing per journey it does not touch.
pub(crate) type Hurt = Vec<(usize, Outcome)>;

/// One scenario against one prepared architecture.
pub(crate) struct Ctx<'a> {
    r: &'a Resolved,
    foot: &'a Footing,
    s: &'a Scenario,
    /// Component ids, shared by the chain links that name them.
    ids: &'a [Rc<str>],
    /// The names of the `any_of` groups, by number (`ResolvedDependency::AnyOf::group`).
    groups: &'a [Rc<str>],
    /// The chains from the scenario's root to a failed domain, by domain and verb, built
    /// once per scenario: every component in a failed zone starts its chain with the same
    /// links (see `failure_links`).
    links: RefCell<BTreeMap<(Dom, &'static str), Chain>>,
    /// Links get no words (see `say!`).
    quiet: bool,
}

impl Ctx<'_> {
    /// The effects of this scenario on `d` (none when it did not fail).
    fn effects(&self, d: Dom) -> EffectSet {
        self.s.effects(d)
    }

    /// The id of `c`, shared by the chain links that name it.
    fn id(&self, c: &ResolvedComponent) -> &Rc<str> {
        &self.ids[c.index]
    }

    /// The domain numbered `d`.
    fn domain(&self, d: Dom) -> &DomainId {
        self.foot.domains.id(d)
    }

    /// `own` combined with what `deps` do: a hard dependency's down users are down (its
    /// degraded ones degraded), a soft one's affected users are degraded; a CDN (`me`)
    /// answers its cached share from the cache while its origin is down.
    pub(super) fn with_dependencies(
        &self,
        mut own: Outcome,
        me: Option<usize>,
        subject: &Rc<str>,
        deps: &[ResolvedDependency],
        outcomes: &[Outcome],
    ) -> Outcome {
        // Dependencies whose step left `own` exactly as it was, since `own` last changed.
        // A step is a function of `own` and of the dependency's kind, profiles and data
        // loss (its chain and name are read only when the step changes `own`'s chain), so a
        // later dependency equal in those changes nothing either and is skipped: on dense
        // graphs most dependencies of a component fail the same way (docs/performance.md).
        let mut idle: Vec<Idle> = Vec::new();
        for dep in deps {
            let hard = dep.is_hard();
            if let ResolvedDependency::One { index, .. } = dep {
                // Read in place, without naming it: most dependencies end here.
                let d = &outcomes[*index];
                if d.is_up() {
                    own.merge_data(d);
                    continue;
                }
                if idle.iter().any(|i| i.is(hard, d)) {
                    continue;
                }
            }
            let (d, name) = self.dependency(dep, outcomes);
            if d.is_up() {
                own.merge_data(&d);
                continue;
            }
            if idle.iter().any(|i| i.is(hard, &d)) {
                continue;
            }
            let before = (own.data_loss_minutes.map(f64::to_bits), own.data_loss_total);
            let mut changed = false;
            if hard {
                let cache = me
                    .and_then(|i| self.r.components[i].cache)
                    .filter(|c| c.share > 0.0 && !(d.down.is_none() && d.degraded.is_none()));
                // Borrowed unless a cache changes them: most steps read the dependency's
                // profiles as they are.
                let (down, degraded, cached): (Cow<'_, Profile>, Cow<'_, Profile>, _) = match cache
                {
                    Some(cache) => {
                        let (down, stale) = cached(&d.down, cache.share, cache.window_minutes);
                        let slow = cached_slow(&d.degraded, cache.share, cache.window_minutes);
                        (Cow::Owned(down), Cow::Owned(slow.max(&stale)), Some(cache))
                    }
                    None => (Cow::Borrowed(&d.down), Cow::Borrowed(&d.degraded), None),
                };
                if down.integral() > own.down.integral() {
                    changed = true;
                    own.chain = d.chain.clone();
                    if let Some(cache) = cached {
                        own.chain.push(step(
                            StepKind::Dependency,
                            &**subject,
                            say!(self,
                                "`{subject}` answers {} of requests from its cache, fresh for up to {} after `{name}` stops answering",
                                percent(cache.share),
                                fmt_minutes(cache.window_minutes)
                            ),
                        ));
                    }
                    own.chain.link(
                        StepKind::Dependency,
                        subject.clone(),
                        LinkText::NeedsDown {
                            name,
                            minutes: down.longest_run(),
                            share: down.peak(),
                        },
                    );
                } else if degraded.integral() > own.degraded.integral() && own.down.is_none() {
                    changed = true;
                    own.chain = d.chain.clone();
                    own.chain.link(
                        StepKind::Dependency,
                        subject.clone(),
                        LinkText::NeedsDegraded { name },
                    );
                }
                changed |= if degraded.is_none() && own.degraded.is_none() {
                    nested_down_only(&mut own, &down)
                } else {
                    let affected = down.sum(&degraded.beyond(&down));
                    nested(&mut own, &down, &affected)
                };
                own.merge_data(&d);
            } else {
                let hurt = d.down.max(&d.degraded);
                if hurt.integral() > own.degraded.integral() && own.down.is_none() {
                    changed = true;
                    own.chain = d.chain.clone();
                    own.chain.link(
                        StepKind::SoftDependency,
                        subject.clone(),
                        LinkText::Soft {
                            name,
                            minutes: hurt.longest_run(),
                        },
                    );
                }
                let affected = d.down.sum(&d.degraded_beyond_down());
                changed |= nested(&mut own, &Profile::none(), &affected);
            }
            let after = (own.data_loss_minutes.map(f64::to_bits), own.data_loss_total);
            if changed || after != before {
                idle.clear();
            } else {
                idle.push(Idle::of(hard, &d));
            }
        }
        own
    }

    /// The outcome of one dependency (a component or an `any_of` group) and its name.
    fn dependency<'o>(
        &self,
        dep: &ResolvedDependency,
        outcomes: &'o [Outcome],
    ) -> (Cow<'o, Outcome>, Rc<str>) {
        match dep {
            ResolvedDependency::One { index, .. } => {
                (Cow::Borrowed(&outcomes[*index]), self.ids[*index].clone())
            }
            ResolvedDependency::AnyOf {
                group,
                alternatives,
                failover,
                shares,
                ..
            } => {
                let members: Vec<(Cow<'o, Outcome>, Rc<str>)> = alternatives
                    .iter()
                    .map(|a| self.dependency(a, outcomes))
                    .collect();
                let name: Rc<str> = Rc::clone(&self.groups[*group]);
                let split = shares.len() == members.len();
                // The members of a group are one service in several places (two clouds, a
                // replica promoted by hand: examples/05) and one suffices (DESIGN.md), so
                // its users lose what the member losing least loses, whichever serves them
                // and however the load is split (`shares_percent: [100, 0]` scores as no
                // shares do). Taking the data of the member that served best made a faster
                // recovery of a member lose more (found by a review, docs/law-violations.md).
                let (minutes, total) = least_data_loss(&members);
                let (mut o, name) = 'group: {
                    // Before any switch, users are where the load puts them: all on the first
                    // alternative, or split by `shares_percent`, each share seeing its own
                    // alternative (docs/scoring.md 3.7). With a split every alternative is both
                    // a home and a target; without, the first is the home.
                    if !split && members[0].0.cost() == 0.0 {
                        break 'group (members[0].0.clone(), name);
                    }
                    let home: Cow<'_, Outcome> = if split {
                        Cow::Owned(split_load(&members, shares, &name))
                    } else {
                        Cow::Borrowed(&*members[0].0)
                    };
                    let first_name: &Rc<str> = &members[0].1;
                    if home.cost() == 0.0 {
                        break 'group (Cow::Owned(home.into_owned()), name);
                    }
                    let first: &Outcome = &home;
                    // Each alternative the group's failover can reach (V8 in
                    // docs/law-violations.md: which can be reached is asked of every
                    // alternative, so their order never decides).
                    let m = failover.minutes();
                    let mut reachable: Vec<(usize, &Outcome, &Rc<str>)> = Vec::new();
                    let mut blocked: Option<(&Rc<str>, String)> = None;
                    for (k, (o, n)) in members.iter().enumerate().skip(usize::from(!split)) {
                        let provider = match &alternatives[k] {
                            ResolvedDependency::One { index, .. } => {
                                self.r.components[*index].provider.as_str()
                            }
                            ResolvedDependency::AnyOf { .. } => "",
                        };
                        match self.failover_blocked(provider, None, failover) {
                            Ok(()) => reachable.push((k, o, n)),
                            Err(why) => {
                                if blocked.is_none() && o.cost() < first.cost() {
                                    blocked = Some((n, why));
                                }
                            }
                        }
                    }
                    // Until the switch completes, users see the first member. After it, each
                    // user is served by whichever reachable member serves them: clients that
                    // retry elsewhere move only when their own request fails, and a
                    // health-checked switch sends users only where they are answered. The same
                    // users reach every member (nested groups, as for dependencies): the users
                    // down are the fewest any member leaves down, the users affected the fewest
                    // any leaves affected. The group is never worse than its first member nor,
                    // after the switch, than any reachable alternative.
                    let affected = |o: &Outcome| o.down.sum(&o.degraded_beyond_down());
                    let mut down = first.down.clone();
                    let mut hurt = affected(first);
                    let mut best: Option<(usize, &Outcome, &Rc<str>)> = None;
                    for &(k, o, n) in &reachable {
                        let later = |p: &Profile| p.clipped(m, f64::MAX);
                        let keep = |p: &Profile| p.clipped(0.0, m);
                        down = keep(&down).sum(&later(&down).min(&later(&o.down)));
                        hurt = keep(&hurt).sum(&later(&hurt).min(&later(&affected(o))));
                        if o.cost() < first.cost()
                            && best.is_none_or(|(_, b, _)| o.cost() < b.cost())
                        {
                            best = Some((k, o, n));
                        }
                    }
                    let mut o = first.clone();
                    o.degraded = hurt.minus(&down);
                    o.down = down;
                    if o.cost() + 1e-12 >= first.cost() {
                        // No reachable alternative serves anyone better: the first member's
                        // outcome (or the split load's).
                        let mut o = first.clone();
                        if let Some((best_name, why)) = blocked {
                            let from = if split {
                                "the failed alternatives".to_owned()
                            } else {
                                format!("`{first_name}`")
                            };
                            o.chain.push(step(
                                StepKind::FailoverFailed,
                                &*name,
                                say!(
                                    self,
                                    "the switch from {from} to `{best_name}` does not happen: {why}"
                                ),
                            ));
                        } else if !first.down.is_none() {
                            o.chain.push(step(
                                StepKind::FailoverFailed,
                                &*name,
                                say!(self, "no alternative of {name} does better"),
                            ));
                        }
                        break 'group (Cow::Owned(o), name);
                    }
                    let switch = m.min(first.down.max(&first.degraded).end());
                    if let Some((_, alt, best_name)) = best {
                        let takes = if split {
                            "takes over the users of each failed alternative".to_owned()
                        } else {
                            format!("takes over from `{first_name}`")
                        };
                        // An alternative that is itself partly down serves only where it is up.
                        let partly = if alt.down.is_none() {
                            String::new()
                        } else {
                            format!(
                                "; it leaves {} of its own users down itself",
                                percent(alt.down.peak())
                            )
                        };
                        o.chain.push(step(
                            StepKind::AlternativeUsed,
                            &*name,
                            say!(
                                self,
                                "`{best_name}` {takes} in {} ({}){partly}",
                                fmt_minutes(switch),
                                failover_words(failover.trigger, failover.via)
                            ),
                        ));
                    } else {
                        o.chain.push(step(
                        StepKind::AlternativeUsed,
                        &*name,
                        say!(self,
                            "users `{first_name}` fails are served by the other alternatives of {name} after {} ({})",
                            fmt_minutes(switch),
                            failover_words(failover.trigger, failover.via)
                        ),
                    ));
                    }
                    (Cow::Owned(o), name)
                };
                if o.data_loss_minutes.map(f64::to_bits) != minutes.map(f64::to_bits)
                    || o.data_loss_total != total
                {
                    let o = o.to_mut();
                    o.data_loss_minutes = minutes;
                    o.data_loss_total = total;
                }
                (o, name)
            }
        }
    }
}

/// The least data any member of an `any_of` group loses (nothing, then the fewest minutes,
/// then everything).
fn least_data_loss(members: &[(Cow<'_, Outcome>, Rc<str>)]) -> (Option<f64>, bool) {
    let rank = |o: &Outcome| (o.data_loss_total, o.data_loss_minutes.is_some());
    members
        .iter()
        .map(|(o, _)| &**o)
        .min_by(|a, b| {
            rank(a).cmp(&rank(b)).then_with(|| {
                a.data_loss_minutes
                    .unwrap_or(0.0)
                    .total_cmp(&b.data_loss_minutes.unwrap_or(0.0))
            })
        })
        .map_or((None, false), |o| (o.data_loss_minutes, o.data_loss_total))
}

/// An `any_of` group before any switch when `shares_percent` splits its load: each
/// alternative's share of users sees that alternative (the shares are disjoint groups of
/// users, so down and degraded users add up, weighted by share, and never exceed all); data
/// lost on an alternative that carries load is kept here, and the group's own is the
/// least any member loses ([`least_data_loss`]). The chain is that of the alternative
/// costing its share the most (ties to the first in name order, so the order of the list
/// never decides), with the share it carries.
fn split_load(members: &[(Cow<'_, Outcome>, Rc<str>)], shares: &[f64], group: &str) -> Outcome {
    let mut out = Outcome::default();
    let mut worst: Option<(f64, &Rc<str>, &Outcome, f64)> = None;
    for ((o, n), &w) in members.iter().zip(shares) {
        if w <= 0.0 {
            continue;
        }
        out.down = out.down.sum(&o.down.scaled(w));
        out.degraded = out.degraded.sum(&o.degraded_beyond_down().scaled(w));
        out.merge_data(o);
        let cost = w * o.cost();
        if cost > 0.0 && worst.is_none_or(|(c, wn, _, _)| cost > c || (cost == c && **n < **wn)) {
            worst = Some((cost, n, o, w));
        }
    }
    if let Some((_, n, o, w)) = worst {
        out.chain = o.chain.clone();
        out.chain.push(step(
            StepKind::Dependency,
            group,
            format!("`{n}` carries {} of the load of {group}", percent(w)),
        ));
    }
    out
}

/// `own` combined with a dependency whose users are `down` and `affected` (down or
/// degraded, counted once). Users reach a component and its dependencies through the same
/// regions and entries, so the groups are nested, the larger including the smaller: the
/// users down are the larger down group, the users affected at all the larger affected
/// group, and the degraded ones the rest of the affected. Down and affected are each taken
/// by their maximum, so a soft dependency (which only adds affected users) never costs more
/// than the same hard one (docs/scoring.md 3.6).
///
/// Whether `own`'s profiles changed, bit for bit.
fn nested(own: &mut Outcome, down: &Profile, affected: &Profile) -> bool {
    let own_affected = own.down.sum(&own.degraded_beyond_down());
    let all_down = own.down.max(down);
    let degraded = own_affected.max(affected).minus(&all_down);
    let changed = !all_down.same(&own.down) || !degraded.same(&own.degraded);
    own.degraded = degraded;
    own.down = all_down;
    changed
}

/// [`nested`] when neither `own` nor the dependency has degraded users (about two steps
/// in three on the generated descriptions): the users affected are then the users down on
/// each side, so `nested`'s affected maximum is its down maximum, computed by the same
/// [`Profile::max`] of the same profiles, and the degraded users (that maximum minus
/// itself, zero in every window) are none. What is left is one maximum instead of five
/// pointwise operations, with the same bits (the test
/// `nested_down_only_is_nested_without_degraded_users` compares both on generated
/// profiles).
///
/// Whether `own`'s profiles changed, bit for bit.
fn nested_down_only(own: &mut Outcome, down: &Profile) -> bool {
    debug_assert!(own.degraded.is_none());
    let all_down = own.down.max(down);
    let changed = !all_down.same(&own.down);
    own.down = all_down;
    changed
}

/// What decides a dependency's step in [`Ctx::with_dependencies`], kept for a step that
/// changed nothing.
struct Idle {
    hard: bool,
    down: Profile,
    degraded: Profile,
    data_loss_minutes: Option<u64>,
    data_loss_total: bool,
}

impl Idle {
    fn of(hard: bool, d: &Outcome) -> Idle {
        Idle {
            hard,
            down: d.down.clone(),
            degraded: d.degraded.clone(),
            data_loss_minutes: d.data_loss_minutes.map(f64::to_bits),
            data_loss_total: d.data_loss_total,
        }
    }

    fn is(&self, hard: bool, d: &Outcome) -> bool {
        self.hard == hard
            && self.data_loss_total == d.data_loss_total
            && self.data_loss_minutes == d.data_loss_minutes.map(f64::to_bits)
            && self.down.same(&d.down)
            && self.degraded.same(&d.degraded)
    }
}

/// The share of a CDN's fresh cached content at each minute of its origin's trouble: it
/// was fetched at evenly spread times, so it falls from 1 to 0 over the cache `window`
/// ([`CACHE_FRESH_QUARTERS`]).
fn fresh_cache(window: f64) -> Profile {
    let mut fresh = Profile::none();
    if window > 0.0 {
        let q = window / 4.0;
        for (k, &f) in CACHE_FRESH_QUARTERS.iter().enumerate() {
            fresh = fresh.sum(&Profile::span(k as f64 * q, (k + 1) as f64 * q, f));
        }
    }
    fresh
}

/// A CDN's users while its origin is degraded (`origin_degraded`: slow, or failing a
/// share of requests): a cached request whose content is still fresh never reaches the
/// origin and is served as usual; the others meet the degraded origin (found by a review:
/// a degraded origin degraded every cached request, so a soft dependency that degraded the
/// origin instead of taking it down cost more than the hard one).
fn cached_slow(origin_degraded: &Profile, share: f64, window: f64) -> Profile {
    if origin_degraded.is_none() {
        return Profile::none();
    }
    let served = origin_degraded.scaled(share).product(&fresh_cache(window));
    origin_degraded.minus(&served)
}

/// A CDN's users while its origin is down (`origin_down`): the uncached share is down;
/// the cached share is answered from the cache while its content is fresh (degraded:
/// stale), for a window of `window` minutes during which the fresh share declines evenly
/// ([`CACHE_FRESH_QUARTERS`]), and down after. `(down, degraded)`.
fn cached(origin_down: &Profile, share: f64, window: f64) -> (Profile, Profile) {
    let fresh = fresh_cache(window);
    let cached = origin_down.scaled(share);
    let served = cached.product(&fresh);
    let down = origin_down.scaled(1.0 - share).sum(&cached.minus(&served));
    (down, served)
}

/// The outcomes a baseline's scenario left on the components it reached, by component
/// index (sorted), leaving out those up with an empty chain ([`Player::journeys_keeping`]).
pub(crate) type Seeds = Vec<Kept>;

/// A component's index and the outcome a scenario left on it.
pub(crate) type Kept = (usize, Outcome);

/// Plays scenarios of one prepared architecture: the one driver of propagation.
///
/// [`Player::journeys_split`] plays a scenario over only the components it can change
/// (from [`crate::scenarios::Reach::affected_split`]), reusing one outcome buffer: no
/// allocation or pass proportional to the whole architecture per scenario. For the
/// components and journeys a scenario cannot change, the outcome is "up", exactly what
/// [`Player::play_all`] computes for them; `crates/dev/tests/scale.rs` checks the two agree.
#[derive(Debug)]
pub(crate) struct Player<'a> {
    r: &'a Resolved,
    foot: &'a Footing,
    /// Per component; every entry is `Outcome::default()` between scenarios.
    outcomes: Vec<Outcome>,
    /// Per component: changed by the current scenario. All `false` between scenarios.
    touched: Vec<bool>,
    /// Per journey: every component its entries name (alternatives included).
    journey_components: Vec<Vec<usize>>,
    /// Per component, then per journey: dependency references (for the counters).
    component_refs: Vec<u64>,
    journey_refs: Vec<u64>,
    counters: PlayCounters,
    /// Component ids and journey names as shared strings, for chain links.
    ids: Vec<Rc<str>>,
    journey_names: Vec<Rc<str>>,
    /// The names of the `any_of` groups, by number.
    groups: Vec<Rc<str>>,
    /// Chains without words ([`Player::quiet`]).
    quiet: bool,
}

/// What a player (`propagate::Player`) has done so far: the work counters of `docs/performance.md`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlayCounters {
    /// Scenarios played.
    pub scenarios: u64,
    /// Components evaluated.
    pub components: u64,
    /// Journeys evaluated (the others were up without evaluation).
    pub journeys: u64,
    /// Dependency references read (`depends_on` entries, `any_of` alternatives, journey
    /// entries), by the evaluated components and journeys.
    pub references: u64,
    /// Causal-chain steps held by the evaluated outcomes (chains are copied from a
    /// dependency to its dependants, so this is where a pass could outgrow the graph).
    pub chain_steps: u64,
}

fn reference_count(deps: &[ResolvedDependency]) -> u64 {
    deps.iter()
        .map(|d| match d {
            ResolvedDependency::One { .. } => 1,
            ResolvedDependency::AnyOf { alternatives, .. } => 1 + reference_count(alternatives),
        })
        .sum()
}

impl<'a> Player<'a> {
    /// Prepares the buffers for `r`, whose footing is `foot`.
    pub fn new(r: &'a Resolved, foot: &'a Footing) -> Player<'a> {
        let journey_components = r
            .journeys
            .iter()
            .map(|j| {
                let mut v = Vec::new();
                j.entry.iter().for_each(|d| d.indices(&mut v));
                v
            })
            .collect();
        Player {
            r,
            foot,
            ids: r.components.iter().map(|c| Rc::from(&*c.id)).collect(),
            groups: {
                let mut names = Vec::new();
                r.components
                    .iter()
                    .for_each(|c| crate::resolve::group_names(&c.depends_on, &mut names));
                r.journeys
                    .iter()
                    .for_each(|j| crate::resolve::group_names(&j.entry, &mut names));
                names.into_iter().map(Rc::from).collect()
            },
            journey_names: r
                .journeys
                .iter()
                .map(|j| Rc::from(j.name.as_str()))
                .collect(),
            component_refs: r
                .components
                .iter()
                .map(|c| reference_count(&c.depends_on))
                .collect(),
            journey_refs: r
                .journeys
                .iter()
                .map(|j| reference_count(&j.entry))
                .collect(),
            counters: PlayCounters::default(),
            outcomes: vec![Outcome::default(); r.components.len()],
            touched: vec![false; r.components.len()],
            journey_components,
            quiet: false,
        }
    }

    /// A player whose chains carry no words (see `say!`): for outcomes whose chains nobody
    /// reads (a suggestion's changed copies, whose findings are written without chains).
    /// Every number, status and chain length is the same as with words.
    pub fn quiet(mut self) -> Self {
        self.quiet = true;
        self
    }

    /// The journeys `scenario` hurts and their outcomes ([`Hurt`]), given `affected`: the
    /// components it can change, dependencies first, and per component whether it rests on
    /// a failed domain itself (`direct`): one that does not is evaluated through its
    /// dependencies only (its own outcome is up), which skips most of the work for
    /// dependants. Every journey left out is up with no data lost: nothing proportional to
    /// the number of journeys is kept per scenario.
    ///
    /// # Complexity
    ///
    /// O(affected components + their dependency references + journey entries).
    pub fn journeys_split(
        &mut self,
        affected: &[usize],
        direct: &[bool],
        scenario: &Scenario,
    ) -> Hurt {
        let mut journeys = self.play(affected, Some(direct), scenario, true, None);
        journeys.retain(|(_, o)| o.hurts());
        self.reset(affected);
        journeys
    }

    /// [`Player::journeys_split`], keeping in `kept` the outcome of every component in
    /// `affected` that is not up with an empty chain (the others are `Outcome::default()`),
    /// by component index: what [`Player::journeys_seeded`] takes from a baseline.
    pub fn journeys_keeping(
        &mut self,
        affected: &[usize],
        direct: &[bool],
        scenario: &Scenario,
        kept: &mut Seeds,
    ) -> Hurt {
        let mut journeys = self.play(affected, Some(direct), scenario, true, None);
        journeys.retain(|(_, o)| o.hurts());
        kept.extend(
            affected
                .iter()
                .filter(|&&i| self.outcomes[i].hurts() || !self.outcomes[i].chain.is_empty())
                .map(|&i| (i, self.outcomes[i].clone())),
        );
        kept.sort_unstable_by_key(|&(i, _)| i);
        self.reset(affected);
        journeys
    }

    /// [`Player::journeys_split`] of a changed copy whose baseline played the same
    /// scenario and kept its outcomes in `kept` ([`Player::journeys_keeping`]): only the
    /// components marked in `fresh` are evaluated; every other one in `affected` takes its
    /// kept outcome. The caller guarantees that an unmarked component's outcome cannot
    /// differ from the baseline's: it is described, resolved and placed as there, and
    /// nothing it depends on (`depends_on`, `needs_at_start`) is marked, transitively
    /// (`mitigate::eval`). The counters count every component of `affected`, as
    /// [`Player::journeys_split`] would (the advice's work budget reads them).
    ///
    /// # Complexity
    ///
    /// O(fresh affected components + their references + journey entries), plus a lookup
    /// of O(log kept) for each other one.
    pub fn journeys_seeded(
        &mut self,
        affected: &[usize],
        direct: &[bool],
        scenario: &Scenario,
        fresh: &[bool],
        kept: &[Kept],
    ) -> Hurt {
        let mut journeys = self.play(affected, Some(direct), scenario, true, Some((fresh, kept)));
        journeys.retain(|(_, o)| o.hurts());
        self.reset(affected);
        journeys
    }

    /// Plays `scenario` over every component of `order` (dependencies first), for the
    /// reports that show every component (simulate, replay).
    ///
    /// # Complexity
    ///
    /// O(components + dependency references), plus the chains written.
    pub fn play_all(&mut self, order: &[usize], scenario: &Scenario) -> Played {
        let played = self.play(order, None, scenario, false, None);
        let components = self.outcomes.clone();
        self.reset(order);
        let mut journeys = vec![Outcome::default(); self.r.journeys.len()];
        for (j, o) in played {
            journeys[j] = o;
        }
        Played {
            components,
            journeys,
        }
    }

    fn reset(&mut self, played: &[usize]) {
        for &i in played {
            self.outcomes[i] = Outcome::default();
            self.touched[i] = false;
        }
    }

    fn play(
        &mut self,
        order: &[usize],
        direct: Option<&[bool]>,
        scenario: &Scenario,
        shorten: bool,
        seeded: Option<(&[bool], &[Kept])>,
    ) -> Hurt {
        let ctx = Ctx {
            r: self.r,
            foot: self.foot,
            s: scenario,
            ids: &self.ids,
            groups: &self.groups,
            links: RefCell::default(),
            quiet: self.quiet,
        };
        let k = &mut self.counters;
        k.scenarios += 1;
        for &i in order {
            let o = match seeded {
                Some((fresh, kept)) if !fresh[i] => kept
                    .binary_search_by_key(&i, |&(k, _)| k)
                    .map_or_else(|_| Outcome::default(), |at| kept[at].1.clone()),
                _ => {
                    let own = if direct.is_none_or(|d| d[i]) {
                        ctx.with_startup(ctx.own(i), i, &self.outcomes)
                    } else {
                        Outcome::default()
                    };
                    let c = &self.r.components[i];
                    ctx.with_dependencies(own, Some(i), &self.ids[i], &c.depends_on, &self.outcomes)
                }
            };
            k.components += 1;
            k.references += self.component_refs[i];
            k.chain_steps += o.chain.len() as u64;
            self.outcomes[i] = o;
            self.touched[i] = true;
        }
        let mut out = Vec::new();
        for ((ji, j), members) in self
            .r
            .journeys
            .iter()
            .enumerate()
            .zip(&self.journey_components)
        {
            // A journey none of whose components the scenario changed is up.
            if direct.is_some() && !members.iter().any(|&i| self.touched[i]) {
                continue;
            }
            let mut o = ctx.with_dependencies(
                Outcome::default(),
                None,
                &self.journey_names[ji],
                &j.entry,
                &self.outcomes,
            );
            // Keep only what a report shows: the full chain shares links with every
            // component of this scenario, and would keep them all alive.
            if shorten && o.chain.len() > MAX_REPORTED_CHAIN {
                o.chain = Chain::from(o.chain.for_report());
            }
            k.journeys += 1;
            k.references += self.journey_refs[ji];
            k.chain_steps += o.chain.len() as u64;
            out.push((ji, o));
        }
        out
    }

    /// The work done so far (a few additions per component evaluated; never in a report).
    pub fn counters(&self) -> PlayCounters {
        self.counters
    }
}

#[cfg(test)]
mod tests {
    use super::profile::tests::{generated, xorshift};
    use super::*;

    /// [`nested_down_only`] gives what [`nested`] gives, bit for bit, and says the same of
    /// whether `own` changed, when neither side has degraded users: on generated profiles
    /// (one to five segments, touching and apart, adjacent floating-point times), with
    /// `own` and the dependency's down users each sometimes nothing and sometimes equal.
    #[test]
    fn nested_down_only_is_nested_without_degraded_users() {
        let mut next = xorshift(0xD1B5_4A32_D192_ED03);
        let (mut changed, mut kept) = (0, 0);
        for k in 0..4000 {
            let own_down = match k % 8 {
                0 => Profile::none(),
                _ => generated(&mut next),
            };
            let down = match k % 8 {
                1 => Profile::none(),
                2 => own_down.clone(),
                _ => generated(&mut next),
            };
            let own = Outcome {
                down: own_down,
                ..Outcome::default()
            };
            // As `Ctx::with_dependencies` has it before `nested`.
            let affected = down.sum(&Profile::none().beyond(&down));
            let (mut want, mut got) = (own.clone(), own);
            let want_changed = nested(&mut want, &down, &affected);
            let got_changed = nested_down_only(&mut got, &down);
            assert_eq!(
                got_changed, want_changed,
                "own {:?}, down {down:?}",
                got.down
            );
            assert!(
                got.down.same(&want.down) && got.degraded.same(&want.degraded),
                "down {down:?}: {got:?}, want {want:?}"
            );
            if want_changed {
                changed += 1;
            } else {
                kept += 1;
            }
        }
        // Both answers are exercised.
        assert!(
            changed > 1000 && kept > 500,
            "{changed} changed, {kept} kept"
        );
    }
}
