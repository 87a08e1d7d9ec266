//! The fault tree of each journey, derived from the resolved architecture.
//!
//! See the module documentation of [`crate::risk`] for the rules and the simplifications.

use crate::sort::Stable;
use std::collections::{BTreeMap, BTreeSet};

use crate::domain::DomainId;
use crate::engine::Prepared;
use crate::model::{Standby, Topology, Trigger, Via};
use crate::resolve::{Resolved, ResolvedDependency, ResolvedFailover};
use crate::rules::constants::DOWN_SHARE;
use crate::scenarios::FIRST_RING;

/// Most alternatives of a split `any_of` group whose load-carrying sets are enumerated
/// (2^16 subsets at most), and most smallest sets kept as gates.
const MAX_SPLIT_SETS: usize = 16;
const MAX_HEAVY_SETS: usize = 256;
use crate::rules::footing::Footing;
use crate::rules::{Dom, EffectSet, Reliance, WholeBy, is_basic_event};

/// A basic event of the fault trees: one fault domain failing, or a bad change or global
/// rollout aimed at one component.
#[derive(Debug, Clone, PartialEq)]
pub struct BasicEvent {
    /// The domain.
    pub domain: DomainId,
    /// For `change:production` and `rollout:global`: the component the change or rollout
    /// hits (its id). Each is an event of its own, as in `score` (one scenario per
    /// component): a bad change of one component is not a bad change of every component.
    pub target: Option<String>,
    /// For an agent: the variant of a staged update that its first ring stops
    /// (`agent:falcon~first-ring`, as `score` names it). It takes down what runs the agent
    /// unstaged (`agents`), and only a tenth of what stages it, which is not down.
    pub first_ring: bool,
    /// Its yearly rate from the catalogue's pattern priors (the sum over the scenarios that
    /// fail it with an unavailable-type effect), capped at 1: used as the probability that
    /// it fails in a given year.
    pub per_year: f64,
    /// The patterns those scenarios come from, sorted.
    pub patterns: Vec<String>,
    /// How long the domain stays failed, on average: the rate-weighted mean of those
    /// patterns' mean durations (their medians where no mean is published), in minutes.
    pub mean_minutes: f64,
}

impl BasicEvent {
    /// The event's name, as `simulate` takes it: the domain id, with `#<component>` for a
    /// targeted one (`change:production#api`) and `~first-ring` for a staged update's first
    /// ring (`agent:falcon~first-ring`).
    pub fn name(&self) -> String {
        match (&self.target, self.first_ring) {
            (Some(t), _) => format!("{}#{t}", self.domain),
            (None, true) => format!("{}{FIRST_RING}", self.domain),
            (None, false) => self.domain.to_string(),
        }
    }
}

/// An input of a gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    /// A basic event, by index into [`FaultTrees::events`].
    Event(usize),
    /// A gate, by index into the journey's [`JourneyTree::gates`].
    Gate(usize),
    /// Always true (failed) or always false (never fails).
    Constant(bool),
}

/// How a gate combines its inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GateOp {
    /// Fails when every input fails.
    And,
    /// Fails when any input fails.
    Or,
}

/// A gate of a journey's fault tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    /// A short name, unique within the journey (`web-down`, `web-loses-us-east-1`).
    pub name: String,
    /// What the gate means, in words.
    pub label: String,
    /// AND or OR.
    pub op: GateOp,
    /// Inputs (at least two; constants are folded away).
    pub inputs: Vec<Node>,
}

/// One journey's fault tree: the top event is "the journey is down for the event".
#[derive(Debug, Clone, PartialEq)]
pub struct JourneyTree {
    /// The journey's name.
    pub name: String,
    /// The top event: a gate, a single basic event, or a constant (`false`: nothing in the
    /// catalogue can take the journey down).
    pub top: Node,
    /// The gates reachable from the top, every gate after its inputs.
    pub gates: Vec<Gate>,
}

/// The fault domains one component rests on (for drawing).
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentDomains {
    /// Component id.
    pub id: String,
    /// Domains whose failure takes the component (or one of its placements) down.
    pub rests_on: Vec<DomainId>,
    /// Domains its failover needs (monitoring, DNS, edge, control planes).
    pub failover_needs: Vec<DomainId>,
}

/// Every journey's fault tree over one set of basic events.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultTrees {
    /// The system's name.
    pub name: String,
    /// Basic events, sorted by name ([`BasicEvent::name`]).
    pub events: Vec<BasicEvent>,
    /// One tree per journey, in the resolved journey order.
    pub journeys: Vec<JourneyTree>,
    /// Per component, in input order: the domains it rests on.
    pub components: Vec<ComponentDomains>,
}

impl Prepared<'_> {
    /// Every journey's fault tree over one set of basic events (see [`crate::risk`] for
    /// the rules and the simplifications).
    ///
    /// # Complexity
    ///
    /// O(scenarios × failed domains) to collect the basic events, then
    /// O(components × placements² + dependency references) gates; each journey's tree is
    /// the part of the shared gate graph it reaches.
    pub fn fault_trees(&self) -> FaultTrees {
        build(self)
    }
}

struct EventAcc {
    /// The targeted component, for a per-component scenario.
    target: Option<usize>,
    /// A staged agent update's first-ring variant.
    first_ring: bool,
    per_year: f64,
    /// Σ per_year × mean minutes.
    rate_minutes: f64,
    patterns: BTreeSet<String>,
    closure: BTreeMap<Dom, EffectSet>,
}

fn build(p: &Prepared) -> FaultTrees {
    let r = &p.resolved;
    let foot = &p.footing;
    // Basic events: the domains some scenario fails in a way that takes something down
    // (`crate::rules::is_basic_event`), with every domain that failure implies. A scenario
    // aimed at one component (a bad change, a global rollout) is an event of its own: the
    // propagation fails only its target among what rests on the domain, so one event for
    // the domain would make a journey's rate the sum over every component of every journey,
    // and two alternatives of an `any_of` group one single point (found by a review).
    let mut acc: BTreeMap<String, (DomainId, EventAcc)> = BTreeMap::new();
    for s in p.scenarios.iter() {
        let Some(own) = s.failed.effects(&s.domain) else {
            continue;
        };
        // A pattern that hits only part of the domain (`fraction`) cannot by itself take
        // what rests on the domain down. The first ring of a staged update is an event of its
        // own: it takes down what runs the agent unstaged (found by a review: left out, a
        // journey's figure fell by half when another journey's component staged the agent).
        if !is_basic_event(s.domain.class(), own)
            || s.per_year <= 0.0
            || s.fraction < crate::rules::constants::DOWN_SHARE
        {
            continue;
        }
        let name = match s.target.and_then(|t| r.components.get(t)) {
            Some(c) => format!("{}#{}", s.domain, c.id),
            None if s.first_ring => format!("{}{FIRST_RING}", s.domain),
            None => s.domain.to_string(),
        };
        let (_, e) = acc.entry(name).or_insert_with(|| {
            (
                s.domain.clone(),
                EventAcc {
                    target: s.target,
                    first_ring: s.first_ring,
                    per_year: 0.0,
                    rate_minutes: 0.0,
                    patterns: BTreeSet::new(),
                    closure: BTreeMap::new(),
                },
            )
        });
        e.per_year += s.per_year;
        let mean = p
            .engine
            .catalogue()
            .pattern(&s.pattern)
            .map_or(s.minutes, |x| {
                x.duration.mean_minutes.unwrap_or(x.duration.median_minutes)
            });
        e.rate_minutes += s.per_year * mean;
        e.patterns.insert(s.pattern.clone());
        for (d, effects) in s.failed.iter() {
            // A domain nothing rests on is no input of any gate.
            if let Some(n) = foot.domains.get(d) {
                let set = e.closure.entry(n).or_default();
                *set = set.union(effects);
            }
        }
    }
    let mut events = Vec::with_capacity(acc.len());
    let targeted = [
        foot.domains.get(&DomainId::Change),
        foot.domains.get(&DomainId::Rollout),
    ];
    let mut implied: BTreeMap<Dom, Vec<Implied>> = BTreeMap::new();
    for (i, (_, (domain, e))) in acc.into_iter().enumerate() {
        for (d, effects) in e.closure {
            // The propagation aims only the change and rollout domains at the target
            // (`propagate::place`); anything else the event implies fails for everyone.
            let target = e.target.filter(|_| targeted.contains(&Some(d)));
            implied.entry(d).or_default().push(Implied {
                event: i,
                effects,
                target,
                first_ring: e.first_ring,
            });
        }
        events.push(BasicEvent {
            domain,
            target: e
                .target
                .and_then(|t| r.components.get(t))
                .map(|c| c.id.to_string()),
            first_ring: e.first_ring,
            per_year: e.per_year.min(1.0),
            patterns: e.patterns.into_iter().collect(),
            mean_minutes: e.rate_minutes / e.per_year,
        });
    }

    let mut b = Builder {
        r,
        foot,
        implied,
        gates: Vec::new(),
        consed: BTreeMap::new(),
        fails_memo: BTreeMap::new(),
        down: vec![Node::Constant(false); r.components.len()],
        rests: vec![BTreeSet::new(); r.components.len()],
        needs: vec![BTreeSet::new(); r.components.len()],
        blind: None,
    };
    for &i in &p.order {
        b.down[i] = b.component(i);
    }
    let tops: Vec<Node> = r
        .journeys
        .iter()
        .map(|j| {
            let parts: Vec<Node> = j
                .entry
                .iter()
                .filter(|d| d.is_hard())
                .map(|d| b.dependency(d))
                .collect();
            b.gate(GateOp::Or, parts, || {
                (
                    format!("journey-{}", j.name),
                    format!("journey `{}` is down", j.name),
                )
            })
        })
        .collect();
    let journeys = r
        .journeys
        .iter()
        .zip(tops)
        .map(|(j, top)| b.extract(&j.name, top))
        .collect();
    let by_text = |set: &BTreeSet<Dom>| {
        let mut v: Vec<DomainId> = set.iter().map(|&d| foot.domains.id(d).clone()).collect();
        v.stable_sort_by_key(ToString::to_string);
        v
    };
    let components = r
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| ComponentDomains {
            id: c.id.to_string(),
            rests_on: by_text(&b.rests[i]),
            failover_needs: by_text(&b.needs[i]),
        })
        .collect();
    FaultTrees {
        name: p.arch.name.clone(),
        events,
        journeys,
        components,
    }
}

/// A basic event whose failure implies a domain, with the effects it has there.
struct Implied {
    event: usize,
    effects: EffectSet,
    /// The one component it fails among those resting on the domain (a targeted change or
    /// rollout); `None`: all of them.
    target: Option<usize>,
    /// A staged update's first ring, which does not take down what stages the agent.
    first_ring: bool,
}

/// Most sets of regions an active-active component's gate enumerates.
const MAX_REGION_SETS: u64 = 256;

/// n choose k, saturating.
fn choose(n: usize, k: usize) -> u64 {
    let k = k.min(n - k);
    (0..k).fold(1u64, |acc, i| {
        acc.saturating_mul((n - i) as u64) / (i as u64 + 1)
    })
}

/// Every set of `k` indices out of `0..n`, in lexicographic order.
fn subsets(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut cur = Vec::with_capacity(k);
    fn go(start: usize, n: usize, k: usize, cur: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if cur.len() == k {
            out.push(cur.clone());
            return;
        }
        for i in start..n {
            if n - i < k - cur.len() {
                break;
            }
            cur.push(i);
            go(i + 1, n, k, cur, out);
            cur.pop();
        }
    }
    go(0, n, k, &mut cur, &mut out);
    out
}

/// Builds the shared gate graph: gates are hash-consed, constants folded.
struct Builder<'a> {
    r: &'a Resolved,
    foot: &'a Footing,
    implied: BTreeMap<Dom, Vec<Implied>>,
    gates: Vec<Gate>,
    consed: BTreeMap<(GateOp, Vec<Node>, String), usize>,
    fails_memo: BTreeMap<(Dom, Reliance, Option<usize>, bool), Node>,
    down: Vec<Node>,
    rests: Vec<BTreeSet<Dom>>,
    needs: Vec<BTreeSet<Dom>>,
    blind: Option<Node>,
}

/// Where a domain reference is recorded for drawing.
#[derive(Clone, Copy)]
enum Role {
    RestsOn(usize),
    FailoverOf(usize),
    Nothing,
}

impl Builder<'_> {
    /// A gate over `inputs`, folded: constants absorbed, duplicates dropped, a single input
    /// returned as is, an identical gate of the same name reused.
    fn gate(
        &mut self,
        op: GateOp,
        inputs: Vec<Node>,
        name: impl FnOnce() -> (String, String),
    ) -> Node {
        let (absorbing, neutral) = match op {
            GateOp::And => (false, true),
            GateOp::Or => (true, false),
        };
        let mut kept: Vec<Node> = Vec::with_capacity(inputs.len());
        for n in inputs {
            match n {
                Node::Constant(v) if v == absorbing => return Node::Constant(absorbing),
                Node::Constant(_) => {}
                other => kept.push(other),
            }
        }
        kept.sort_unstable();
        kept.dedup();
        match kept.len() {
            0 => Node::Constant(neutral),
            1 => kept[0],
            _ => {
                // Identical gates with the same name are shared; a gate of another component
                // keeps its own name even when it has the same inputs.
                let (name, label) = name();
                let key = (op, kept, name);
                if let Some(&g) = self.consed.get(&key) {
                    return Node::Gate(g);
                }
                self.gates.push(Gate {
                    name: key.2.clone(),
                    label,
                    op,
                    inputs: key.1.clone(),
                });
                let g = self.gates.len() - 1;
                self.consed.insert(key, g);
                Node::Gate(g)
            }
        }
    }

    /// "`d` fails in a way that matters to something relying on it as `reliance`"
    /// ([`Reliance::fails`]): any basic event whose failure implies it. For a component
    /// resting on `d`, an event aimed at another component does not count.
    fn fails(&mut self, d: Dom, reliance: Reliance, role: Role) -> Node {
        self.fails_unless_staged(d, reliance, role, false)
    }

    /// [`Builder::fails`], for a reference that stages the agent `d` when `staged`: a
    /// first-ring event then does not count (it hits a tenth of the hosts).
    fn fails_unless_staged(
        &mut self,
        d: Dom,
        reliance: Reliance,
        role: Role,
        staged: bool,
    ) -> Node {
        let on = match role {
            Role::RestsOn(i) => {
                self.rests[i].insert(d);
                Some(i)
            }
            Role::FailoverOf(i) => {
                self.needs[i].insert(d);
                None
            }
            Role::Nothing => None,
        };
        let aimed = self
            .implied
            .get(&d)
            .is_some_and(|v| v.iter().any(|x| x.target.is_some()));
        let on = on.filter(|_| aimed);
        if let Some(&n) = self.fails_memo.get(&(d, reliance, on, staged)) {
            return n;
        }
        let inputs: Vec<Node> = self
            .implied
            .get(&d)
            .map(|v| {
                v.iter()
                    .filter(|x| reliance.fails(x.effects))
                    .filter(|x| x.target.is_none() || on.is_none() || x.target == on)
                    .filter(|x| !(staged && x.first_ring))
                    .map(|x| Node::Event(x.event))
                    .collect()
            })
            .unwrap_or_default();
        let mut text = self.foot.domains.id(d).to_string();
        if let Some(i) = on {
            text = format!("{text}#{}", self.r.components[i].id);
        }
        let n = self.gate(GateOp::Or, inputs, || {
            (
                format!("fails-{text}"),
                format!("{text} fails (itself or through a failure that implies it)"),
            )
        });
        self.fails_memo.insert((d, reliance, on, staged), n);
        n
    }

    fn component(&mut self, i: usize) -> Node {
        let r = self.r;
        let foot = self.foot;
        let c = &r.components[i];
        let role = Role::RestsOn(i);
        let mut parts = Vec::new();
        for &(d, by) in foot.whole[i].iter() {
            let reliance = if by == WholeBy::GlobalEndpoints {
                Reliance::Calls
            } else {
                Reliance::Whole
            };
            let staged = by == WholeBy::StagedAgent;
            parts.push(self.fails_unless_staged(d, reliance, role, staged));
        }
        if !foot.uplinks[i].is_empty() {
            // Two or more uplinks: cut off only when all of them fail together.
            let ups: Vec<Node> = foot.uplinks[i]
                .iter()
                .map(|&d| self.fails(d, Reliance::Whole, role))
                .collect();
            let id = c.id.clone();
            let n = self.gate(GateOp::And, ups, || {
                (
                    format!("{id}-loses-every-uplink"),
                    format!("`{id}` loses every uplink of its site"),
                )
            });
            parts.push(n);
        }
        if let Some(p) = c.placed_at()
            && !c.placements.is_empty()
            && foot.placements[i].len() == c.placements.len()
        {
            let n = self.placements(i, p);
            parts.push(n);
        }
        for dep in c.depends_on.iter().filter(|d| d.is_hard()) {
            let n = self.dependency(dep);
            parts.push(n);
        }
        let id = c.id.clone();
        self.gate(GateOp::Or, parts, || {
            (format!("{id}-down"), format!("`{id}` is down"))
        })
    }

    /// The component loses a placement: its region, the backbone, its managed service
    /// there, or every zone it uses there.
    fn placement_lost(&mut self, i: usize, k: usize) -> Node {
        let c = &self.r.components[i];
        let foot = &self.foot.placements[i][k];
        let role = Role::RestsOn(i);
        let mut parts: Vec<Node> = foot
            .lost_with
            .iter()
            .map(|&d| self.fails(d, Reliance::Placement, role))
            .collect();
        if c.needs_launches {
            // It must launch capacity while it works: a control plane down here takes
            // the placement (docs/scoring.md, "Control planes").
            for &d in &foot.controls {
                let n = self.fails(d, Reliance::Control, role);
                parts.push(n);
            }
        }
        if !foot.zones.is_empty() {
            let zones: Vec<Node> = foot
                .zones
                .iter()
                .map(|&d| self.fails(d, Reliance::Zone, role))
                .collect();
            let (id, region) = (c.id.clone(), c.placements[k].region.clone());
            let n = self.gate(GateOp::And, zones, || {
                (
                    format!("{id}-loses-every-zone-{region}"),
                    format!("`{id}` loses every zone it uses in {region}"),
                )
            });
            parts.push(n);
        }
        let (id, region) = (c.id.clone(), c.placements[k].region.clone());
        self.gate(GateOp::Or, parts, || {
            (
                format!("{id}-loses-{region}"),
                format!("`{id}` loses its {region} placement"),
            )
        })
    }

    fn placements(&mut self, i: usize, p: &str) -> Node {
        let c = &self.r.components[i];
        let n = c.placements.len();
        let lost: Vec<Node> = (0..n).map(|k| self.placement_lost(i, k)).collect();
        if c.topology == Topology::SingleRegion || n == 1 {
            return lost[0];
        }
        let fo = c.failover;
        let launches = c.topology == Topology::ActivePassive
            && matches!(c.standby, Standby::PilotLight | Standby::BackupRestore);
        let control = fo.needs_control_plane || launches;
        // Cells never move their customers: their traffic is always stuck. Nor does a
        // component that declines a failover that would lose writes (`on_data_loss: wait`):
        // the trees do not tell a destroyed region from a lost one, and waiting is the
        // common case.
        let common = if c.topology == Topology::Cells || crate::propagate::declines_failover(c) {
            Node::Constant(true)
        } else {
            self.blocked(p, &fo, Role::FailoverOf(i))
        };
        let id = c.id.clone();
        // A target region is unusable when it is lost, or its control plane is down while
        // the failover needs it.
        let mut unusable = Vec::with_capacity(n);
        for (k, lost_k) in lost.iter().enumerate() {
            let cp = if control {
                let d = self.foot.placements[i][k].control;
                self.fails(d, Reliance::Control, Role::FailoverOf(i))
            } else {
                Node::Constant(false)
            };
            let region = c.placements[k].region.clone();
            let id = id.clone();
            unusable.push(self.gate(GateOp::Or, vec![*lost_k, cp], || {
                (
                    format!("{id}-cannot-fail-over-to-{region}"),
                    format!("`{id}` cannot fail over to {region}"),
                )
            }));
        }
        match c.topology {
            Topology::ActivePassive => {
                let standbys = unusable[1..].to_vec();
                let none = {
                    let id = id.clone();
                    self.gate(GateOp::And, standbys, || {
                        (
                            format!("{id}-no-usable-standby"),
                            format!("`{id}` has no standby region it can fail over to"),
                        )
                    })
                };
                let stuck = {
                    let id = id.clone();
                    self.gate(GateOp::Or, vec![common, none], || {
                        (
                            format!("{id}-failover-fails"),
                            format!("`{id}` does not fail over"),
                        )
                    })
                };
                self.gate(GateOp::And, vec![lost[0], stuck], || {
                    (
                        format!("{id}-primary-lost-for-good"),
                        format!("`{id}` loses its primary region and does not fail over"),
                    )
                })
            }
            _ => {
                // Active-active: each region serves its share of the users, and losing one
                // whose traffic is not moved takes only that share down (a partial outage).
                // The component is down when the regions lost together hold at least
                // `DOWN_SHARE` of the users and their traffic is not moved: every way to
                // pick that many regions, the smallest such sets only.
                let mut need = ((DOWN_SHARE * n as f64) - 1e-9).ceil().max(1.0) as usize;
                if choose(n, need) > MAX_REGION_SETS {
                    // Too many ways to pick them (dozens of regions): only losing every
                    // region counts (see the simplifications in `crate::risk`).
                    need = n;
                }
                let mut ways = Vec::new();
                for set in subsets(n, need) {
                    let mut parts: Vec<Node> = set.iter().map(|&k| lost[k]).collect();
                    if need < n {
                        let others: Vec<Node> = (0..n)
                            .filter(|m| !set.contains(m))
                            .map(|m| unusable[m])
                            .collect();
                        let names: Vec<&str> = set
                            .iter()
                            .map(|&k| c.placements[k].region.as_str())
                            .collect();
                        let names = names.join("-");
                        let none = {
                            let (id, names) = (id.clone(), names.clone());
                            self.gate(GateOp::And, others, || {
                                (
                                    format!("{id}-no-region-takes-{names}"),
                                    format!(
                                        "no other region of `{id}` can take the traffic of {names}"
                                    ),
                                )
                            })
                        };
                        let stuck = {
                            let (id, names) = (id.clone(), names.clone());
                            self.gate(GateOp::Or, vec![common, none], || {
                                (
                                    format!("{id}-{names}-traffic-stuck"),
                                    format!("the traffic of `{id}` in {names} is not moved"),
                                )
                            })
                        };
                        parts.push(stuck);
                    }
                    let names: Vec<&str> = set
                        .iter()
                        .map(|&k| c.placements[k].region.as_str())
                        .collect();
                    let names = names.join("-");
                    let id = id.clone();
                    ways.push(self.gate(GateOp::And, parts, || {
                        (
                            format!("{id}-{names}-lost-for-good"),
                            format!("`{id}` loses {names} and their traffic is not moved"),
                        )
                    }));
                }
                self.gate(GateOp::Or, ways, || {
                    (
                        format!("{id}-most-users-lost"),
                        format!("`{id}` loses the regions of most of its users"),
                    )
                })
            }
        }
    }

    /// Why a failover is blocked whatever its target: trigger (monitoring) and mechanism (DNS,
    /// with its global control plane when records are edited; edge). Regional control planes
    /// are checked per target by the caller.
    fn blocked(&mut self, provider: &str, fo: &ResolvedFailover, role: Role) -> Node {
        let mut parts = Vec::new();
        if fo.trigger == Trigger::Manual {
            let n = self.monitoring_blind(role);
            parts.push(n);
        }
        let route = self.foot.route(provider);
        match fo.via {
            Via::Dns => {
                let dns: Vec<(Dom, Dom, String)> = route.map(|r| r.dns.clone()).unwrap_or_default();
                let mut each = Vec::with_capacity(dns.len());
                for (d, control, q) in &dns {
                    let down = self.fails(*d, Reliance::Route, role);
                    let n = if fo.needs_control_plane {
                        let gc = self.fails(*control, Reliance::Control, role);
                        let q = q.clone();
                        self.gate(GateOp::Or, vec![down, gc], || {
                            (
                                format!("dns-{q}-unusable-for-failover"),
                                format!("dns:{q} is down or its records cannot be edited"),
                            )
                        })
                    } else {
                        down
                    };
                    each.push(n);
                }
                let names: Vec<&str> = dns.iter().map(|(_, _, q)| q.as_str()).collect();
                let n = self.gate(GateOp::And, each, || {
                    (
                        format!("dns-failover-blocked-{}", names.join("-")),
                        "no DNS provider can move the traffic".to_owned(),
                    )
                });
                parts.push(n);
            }
            Via::Anycast | Via::LoadBalancer => {
                if let Some(edge) = route.map(|r| r.edge) {
                    let n = self.fails(edge, Reliance::Route, role);
                    parts.push(n);
                }
            }
            Via::Client => {}
        }
        // The global control plane does not launch or scale regional capacity; it matters
        // only for DNS record edits, above.
        let p = provider.to_owned();
        self.gate(GateOp::Or, parts, || {
            (
                format!("failover-blocked-{p}-{:?}-{:?}", fo.trigger, fo.via).to_lowercase(),
                "the failover cannot run (trigger, mechanism or control plane)".to_owned(),
            )
        })
    }

    /// Every declared monitoring system is blind.
    fn monitoring_blind(&mut self, role: Role) -> Node {
        let foot = self.foot;
        if let Some(n) = self.blind {
            // Still record the references for drawing.
            if let Role::FailoverOf(i) = role {
                for s in &foot.watch {
                    self.needs[i].extend(s.blinded_by_any.iter().copied());
                    self.needs[i].extend(s.regions.iter().flatten().copied());
                }
            }
            return n;
        }
        let mut each = Vec::with_capacity(foot.watch.len());
        for s in &foot.watch {
            let mut any: Vec<Node> = s
                .blinded_by_any
                .iter()
                .map(|&d| self.fails(d, Reliance::Watch, role))
                .collect();
            if !s.regions.is_empty() {
                let mut all: Vec<Node> = Vec::with_capacity(s.regions.len());
                for ds in &s.regions {
                    let any: Vec<Node> = ds
                        .iter()
                        .map(|&d| self.fails(d, Reliance::Watch, role))
                        .collect();
                    let text = ds
                        .first()
                        .map(|&d| self.foot.domains.id(d).to_string())
                        .unwrap_or_default();
                    all.push(self.gate(GateOp::Or, any, || {
                        (
                            format!("monitoring-blind-in-{text}"),
                            format!("monitoring in {text} is blind"),
                        )
                    }));
                }
                let p = s.provider.clone();
                any.push(self.gate(GateOp::And, all, || {
                    (
                        format!("monitoring-{p}-regions-lost"),
                        format!("every region {p} monitoring runs in fails"),
                    )
                }));
            }
            let p = s.provider.clone();
            each.push(self.gate(GateOp::Or, any, || {
                (
                    format!("monitoring-{p}-blind"),
                    format!("{p} monitoring is blind"),
                )
            }));
        }
        // No monitoring declared: nobody is assumed to see the failure, so a manual
        // failover never happens (as the engine plays it: docs/scoring.md 3.3). Monitoring
        // declared that rests on nothing the catalogue fails is never blind.
        let n = if !self.r.monitoring_declared {
            Node::Constant(true)
        } else if foot.watch.is_empty() {
            Node::Constant(false)
        } else {
            self.gate(GateOp::And, each, || {
                (
                    "monitoring-blind".to_owned(),
                    "every monitoring system is blind: nobody triggers a manual failover"
                        .to_owned(),
                )
            })
        };
        self.blind = Some(n);
        n
    }

    /// A dependency (or journey entry) being down: a component, or an `any_of` group whose
    /// first alternative is down and every other is down or cannot be switched to.
    fn dependency(&mut self, d: &ResolvedDependency) -> Node {
        match d {
            ResolvedDependency::One { index, .. } => self.down[*index],
            ResolvedDependency::AnyOf {
                alternatives,
                failover,
                shares,
                ..
            } => {
                let nodes: Vec<Node> = alternatives.iter().map(|a| self.dependency(a)).collect();
                let names: Vec<String> = alternatives.iter().map(|a| self.dep_name(a)).collect();
                let group = self.dep_name(d);
                // Without a split the first alternative carries everyone, so it must be
                // down. With `shares_percent`, enough of the load must be on alternatives
                // that are down (DOWN_SHARE of it), and each alternative must be down or
                // out of the switch's reach (else everyone moves to it after the switch,
                // as in propagation).
                let split = shares.len() == alternatives.len();
                let mut parts = if split {
                    vec![self.heavy(&nodes, &names, shares)]
                } else {
                    vec![nodes[0]]
                };
                for (k, a) in alternatives.iter().enumerate().skip(usize::from(!split)) {
                    let provider = match a {
                        ResolvedDependency::One { index, .. } => {
                            self.r.components[*index].provider.clone()
                        }
                        // The engine looks the provider up by the group's name: none.
                        ResolvedDependency::AnyOf { .. } => String::new(),
                    };
                    let blocked = self.blocked(&provider, failover, Role::Nothing);
                    let name = names[k].clone();
                    parts.push(self.gate(GateOp::Or, vec![nodes[k], blocked], || {
                        (
                            format!("cannot-switch-to-{name}"),
                            format!("`{name}` is down or cannot be switched to"),
                        )
                    }));
                }
                self.gate(GateOp::And, parts, || {
                    (
                        format!("all-down-{}", names.join("-")),
                        format!("{group} is down"),
                    )
                })
            }
        }
    }

    /// Enough of a split group's load is on alternatives that are down: at least
    /// [`DOWN_SHARE`] of it. An OR over the smallest such sets of alternatives (each an
    /// AND), named by the sorted names so that the order of the list never decides. Above
    /// [`MAX_SPLIT_SETS`] alternatives, or [`MAX_HEAVY_SETS`] such sets, they are not
    /// enumerated: every alternative must be down (which undercounts only groups that
    /// large, and says so in docs/scoring.md and docs/risk.md).
    fn heavy(&mut self, nodes: &[Node], names: &[String], shares: &[f64]) -> Node {
        let n = nodes.len();
        let all = |t: &mut Self, members: Vec<usize>| -> Node {
            let mut sorted: Vec<&str> = members.iter().map(|&k| names[k].as_str()).collect();
            sorted.sort_unstable();
            let label = sorted.join(", ");
            let id = sorted.join("-");
            t.gate(
                GateOp::And,
                members.iter().map(|&k| nodes[k]).collect(),
                || {
                    (
                        format!("down-{id}"),
                        format!("[{label}] are down, carrying enough of the load"),
                    )
                },
            )
        };
        if n > MAX_SPLIT_SETS {
            return all(self, (0..n).collect());
        }
        let mut minimal: Vec<u32> = Vec::new();
        let mut masks: Vec<u32> = (1..(1u32 << n)).collect();
        masks.stable_sort_by_key(|m| (m.count_ones(), *m));
        for m in masks {
            let load: f64 = (0..n)
                .filter(|k| m & (1 << k) != 0)
                .map(|k| shares[k])
                .sum();
            if load + 1e-9 >= DOWN_SHARE && !minimal.iter().any(|&s| (m | s) == m) {
                minimal.push(m);
                if minimal.len() > MAX_HEAVY_SETS {
                    return all(self, (0..n).collect());
                }
            }
        }
        let sets: Vec<Node> = minimal
            .into_iter()
            .map(|m| all(self, (0..n).filter(|k| m & (1 << k) != 0).collect()))
            .collect();
        let mut sorted: Vec<&str> = names.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        let id = sorted.join("-");
        self.gate(GateOp::Or, sets, || {
            (
                format!("enough-load-down-{id}"),
                format!(
                    "alternatives carrying {} of the load are down",
                    crate::render::words::percent(DOWN_SHARE)
                ),
            )
        })
    }

    fn dep_name(&self, d: &ResolvedDependency) -> String {
        match d {
            ResolvedDependency::One { index, .. } => self.r.components[*index].id.to_string(),
            ResolvedDependency::AnyOf { name, .. } => name.to_string(),
        }
    }

    /// The gates reachable from `top`, renumbered, inputs first; names made unique.
    fn extract(&self, journey: &str, top: Node) -> JourneyTree {
        let mut local: BTreeMap<usize, usize> = BTreeMap::new();
        let mut gates: Vec<Gate> = Vec::new();
        let mut names: BTreeSet<String> = BTreeSet::new();
        // Iterative post-order: (gate, inputs visited?)
        let mut stack: Vec<(usize, bool)> = Vec::new();
        if let Node::Gate(g) = top {
            stack.push((g, false));
        }
        while let Some((g, expanded)) = stack.pop() {
            if local.contains_key(&g) {
                continue;
            }
            if !expanded {
                stack.push((g, true));
                for n in self.gates[g].inputs.iter().rev() {
                    if let Node::Gate(h) = n
                        && !local.contains_key(h)
                    {
                        stack.push((*h, false));
                    }
                }
                continue;
            }
            let src = &self.gates[g];
            let inputs = src
                .inputs
                .iter()
                .map(|n| match n {
                    Node::Gate(h) => Node::Gate(local.get(h).copied().unwrap_or(usize::MAX)),
                    other => *other,
                })
                .collect();
            let mut name = src.name.clone();
            let mut k = 2;
            while names.contains(&name) {
                name = format!("{}-{k}", src.name);
                k += 1;
            }
            names.insert(name.clone());
            local.insert(g, gates.len());
            gates.push(Gate {
                name,
                label: src.label.clone(),
                op: src.op,
                inputs,
            });
        }
        let top = match top {
            Node::Gate(g) => Node::Gate(local.get(&g).copied().unwrap_or(usize::MAX)),
            other => other,
        };
        JourneyTree {
            name: journey.to_owned(),
            top,
            gates,
        }
    }
}
