//! Propagation: what one scenario does to every component and journey, and why.
//!
//! Components are evaluated dependencies first (one pass over the graph per scenario):
//! first what the failed domains do to the component itself (per region placement, then
//! its topology and failover), then what its dependencies do to it (hard: down with them;
//! soft: degraded). Journeys combine their entries the same way. Every outcome keeps the
//! causal chain that decided it.

use std::borrow::Cow;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::domain::DomainId;
use crate::effects::{
    EffectKind, capacity_reduced, control_plane_unavailable, data_destroyed, degraded,
    monitoring_blind, unavailable,
};
use crate::model::{Kind, Replication, Rollout, Standby, Topology, Trigger, Via};
use crate::resolve::{Home, Resolved, ResolvedComponent, ResolvedDependency, ResolvedFailover};
use crate::scenarios::{Scenario, entry_components};

/// Minutes a stateful component with copies in several zones is interrupted while it
/// fails over inside the region (an estimate: managed multi-zone databases document one
/// to two minutes).
pub const ZONE_FAILOVER_MINUTES: f64 = 2.0;
/// Minutes to launch replacement capacity when the control plane works (an estimate).
pub const LAUNCH_MINUTES: f64 = 15.0;
/// Minutes a warm standby takes to scale to full capacity after a switch (an estimate).
pub const WARM_SCALE_MINUTES: f64 = 10.0;
/// Minutes a pilot-light standby takes to launch its compute (an estimate).
pub const PILOT_LIGHT_MINUTES: f64 = 30.0;

/// Up, degraded or down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Unaffected.
    Up,
    /// Works with errors, latency or missing features.
    Degraded,
    /// Does not work.
    Down,
}

/// One link of a causal chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Step {
    /// What kind of link.
    pub kind: StepKind,
    /// The domain, component or journey it is about.
    pub subject: String,
    /// The link in plain words.
    pub text: String,
}

/// Kinds of causal link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    /// A fault domain failed.
    DomainFailed,
    /// A component lost one of its regions or zones, or all of itself.
    ComponentHit,
    /// A failover happened and limited the impact.
    FailoverWorked,
    /// A failover did not happen, and why.
    FailoverFailed,
    /// A hard dependency took the component down or degraded it.
    Dependency,
    /// A soft dependency degraded the component.
    SoftDependency,
    /// An `any_of` alternative took over.
    AlternativeUsed,
    /// Data was lost.
    DataLost,
}

/// A causal chain, shared between outcomes: a dependant adopts its dependency's chain in
/// O(1) and adds its own link on top, so a pass over the graph never copies chains (they
/// are turned into a `Vec<Step>` only for the findings and reports that show them).
#[derive(Debug, Clone, Default)]
pub struct Chain {
    last: Option<Rc<Link>>,
    len: usize,
}

#[derive(Debug)]
struct Link {
    kind: StepKind,
    subject: Rc<str>,
    text: LinkText,
    prev: Option<Rc<Link>>,
}

/// A link's words, kept as facts until a report needs the sentence: most links a pass
/// builds never reach a report (a dependant adopts one dependency's chain of several).
#[derive(Debug)]
enum LinkText {
    Written(String),
    /// "`subject` needs `name`, which is down for …".
    NeedsDown {
        name: Rc<str>,
        minutes: f64,
    },
    /// "`subject` needs `name`, which is degraded".
    NeedsDegraded {
        name: Rc<str>,
    },
    /// "`subject` works without `name` (soft dependency) but is degraded for …".
    Soft {
        name: Rc<str>,
        minutes: f64,
    },
}

impl Link {
    fn step(&self) -> Step {
        let subject = &*self.subject;
        let text = match &self.text {
            LinkText::Written(t) => t.clone(),
            LinkText::NeedsDown { name, minutes } => format!(
                "`{subject}` needs `{name}`, which is down for {}",
                fmt_minutes(*minutes)
            ),
            LinkText::NeedsDegraded { name } => {
                format!("`{subject}` needs `{name}`, which is degraded")
            }
            LinkText::Soft { name, minutes } => format!(
                "`{subject}` works without `{name}` (soft dependency) but is degraded for {}",
                fmt_minutes(*minutes)
            ),
        };
        Step {
            kind: self.kind,
            subject: subject.to_owned(),
            text,
        }
    }
}

impl Chain {
    /// Adds a link at the end.
    pub fn push(&mut self, step: Step) {
        self.link(
            step.kind,
            Rc::from(step.subject),
            LinkText::Written(step.text),
        );
    }

    fn link(&mut self, kind: StepKind, subject: Rc<str>, text: LinkText) {
        let prev = self.last.take();
        self.last = Some(Rc::new(Link {
            kind,
            subject,
            text,
            prev,
        }));
        self.len += 1;
    }

    /// Number of links.
    pub fn len(&self) -> usize {
        self.len
    }

    /// No links.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The links, first to last.
    pub fn to_vec(&self) -> Vec<Step> {
        let mut v = Vec::with_capacity(self.len);
        let mut at = self.last.as_deref();
        while let Some(link) = at {
            v.push(link.step());
            at = link.prev.as_deref();
        }
        v.reverse();
        v
    }
}

/// Longest causal chain a report shows: a longer one keeps its first and last links and
/// says how many it leaves out (a chain through thousands of dependencies is unreadable, and
/// copying it into every finding would make reports quadratic in the graph's depth).
pub const MAX_REPORTED_CHAIN: usize = 40;

impl Chain {
    /// The links for a report: [`Chain::to_vec`], shortened to [`MAX_REPORTED_CHAIN`] links
    /// (the first half, one link saying how many are left out, the last half).
    pub fn for_report(&self) -> Vec<Step> {
        if self.len <= MAX_REPORTED_CHAIN {
            return self.to_vec();
        }
        let tail = MAX_REPORTED_CHAIN / 2;
        let head = MAX_REPORTED_CHAIN - tail - 1;
        // The last `tail` links, walking back from the end.
        let mut last = Vec::with_capacity(tail);
        let mut at = self.last.as_deref();
        while let Some(link) = at {
            if last.len() == tail {
                break;
            }
            last.push(link.step());
            at = link.prev.as_deref();
        }
        last.reverse();
        // The first `head` links: skip the middle without copying it.
        let mut skip = self.len - tail - head;
        while skip > 0 {
            at = at.and_then(|l| l.prev.as_deref());
            skip -= 1;
        }
        let mut first = Vec::with_capacity(head);
        while let Some(link) = at {
            first.push(link.step());
            at = link.prev.as_deref();
        }
        first.reverse();
        let left_out = self.len - head - tail;
        first.push(step(
            StepKind::Dependency,
            "",
            format!("… {left_out} more links of dependencies …"),
        ));
        first.extend(last);
        first
    }
}

impl From<Vec<Step>> for Chain {
    fn from(steps: Vec<Step>) -> Self {
        let mut c = Chain::default();
        for s in steps {
            c.push(s);
        }
        c
    }
}

impl PartialEq for Chain {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.to_vec() == other.to_vec()
    }
}

impl Drop for Chain {
    /// Unlinks iteratively: a chain as long as the dependency graph is deep must not
    /// recurse once per link (a deep graph would overflow the stack, in wasm above all).
    fn drop(&mut self) {
        let mut at = self.last.take();
        while let Some(rc) = at {
            match Rc::try_unwrap(rc) {
                Ok(mut link) => at = link.prev.take(),
                Err(_) => break,
            }
        }
    }
}

/// What a scenario does to one component or journey.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    /// Minutes down (may be fractional: a share of traffic down counts its share).
    pub down_minutes: f64,
    /// Minutes degraded (may overlap the down minutes until [`Outcome::normalised`]).
    pub degraded_minutes: f64,
    /// Minutes of writes lost; `None` when none.
    pub data_loss_minutes: Option<f64>,
    /// Everything was lost (no copy survived).
    pub data_loss_total: bool,
    /// Why.
    pub chain: Chain,
}

impl Outcome {
    /// Status from the minutes.
    pub fn status(&self) -> Status {
        if self.down_minutes > 0.0 {
            Status::Down
        } else if self.degraded_minutes > 0.0 {
            Status::Degraded
        } else {
            Status::Up
        }
    }

    /// Degraded minutes counted only beyond the down minutes.
    pub fn normalised(mut self) -> Self {
        self.degraded_minutes = (self.degraded_minutes - self.down_minutes).max(0.0);
        self
    }

    fn lose_data(&mut self, minutes: Option<f64>, subject: &str) {
        match minutes {
            Some(m) => {
                self.data_loss_minutes = Some(self.data_loss_minutes.map_or(m, |x| x.max(m)));
                self.chain.push(step(
                    StepKind::DataLost,
                    subject,
                    format!("`{subject}` loses up to {} of writes", fmt_minutes(m)),
                ));
            }
            None => {
                self.data_loss_total = true;
                self.chain.push(step(
                    StepKind::DataLost,
                    subject,
                    format!(
                        "`{subject}` loses all its data: no copy survives outside the failed domain"
                    ),
                ));
            }
        }
    }

    fn merge_data(&mut self, other: &Outcome) {
        if let Some(m) = other.data_loss_minutes {
            self.data_loss_minutes = Some(self.data_loss_minutes.map_or(m, |x| x.max(m)));
        }
        self.data_loss_total |= other.data_loss_total;
    }
}

fn step(kind: StepKind, subject: impl Into<String>, text: impl Into<String>) -> Step {
    Step {
        kind,
        subject: subject.into(),
        text: text.into(),
    }
}

/// Minutes in a short human form (`45 min`, `6 h 52 min`).
pub fn fmt_minutes(m: f64) -> String {
    if !m.is_finite() {
        return "an unbounded time".to_owned();
    }
    let rounded = (m * 10.0).round() / 10.0;
    if rounded < 60.0 {
        if rounded.fract() == 0.0 {
            format!("{rounded:.0} min")
        } else {
            format!("{rounded:.1} min")
        }
    } else {
        let total = m.round() as u64;
        let (h, min) = (total / 60, total % 60);
        if min == 0 {
            format!("{h} h")
        } else {
            format!("{h} h {min} min")
        }
    }
}

/// The result of playing one scenario.
#[derive(Debug, Clone)]
pub struct Played {
    /// Per component, in input order.
    pub components: Vec<Outcome>,
    /// Per journey, in resolved order.
    pub journeys: Vec<Outcome>,
}

/// Plays one scenario over the architecture. `order` is dependencies-first (from the
/// graph); components not in it are treated as up.
///
/// # Complexity
///
/// O(components + dependency edges) per scenario, plus the length of the chains copied.
pub fn play(r: &Resolved, order: &[usize], scenario: &Scenario) -> Played {
    let (ids, journey_names) = names(r);
    let ctx = Ctx {
        r,
        s: scenario,
        entries: entry_set(r),
        ids: &ids,
    };
    let mut outcomes: Vec<Outcome> = vec![Outcome::default(); r.components.len()];
    for &i in order {
        let own = ctx.own(i);
        let combined = ctx.with_dependencies(own, &ids[i], &r.components[i].depends_on, &outcomes);
        outcomes[i] = combined;
    }
    let journeys = r
        .journeys
        .iter()
        .enumerate()
        .map(|(ji, j)| {
            ctx.with_dependencies(Outcome::default(), &journey_names[ji], &j.entry, &outcomes)
                .normalised()
        })
        .collect();
    Played {
        components: outcomes,
        journeys,
    }
}

fn entry_set(r: &Resolved) -> Vec<bool> {
    let mut v = vec![false; r.components.len()];
    for j in &r.journeys {
        for i in entry_components(r, &j.entry) {
            v[i] = true;
        }
    }
    v
}

struct Ctx<'a> {
    r: &'a Resolved,
    s: &'a Scenario,
    entries: Vec<bool>,
    /// Component ids, shared by the chain links that name them.
    ids: &'a [Rc<str>],
}

/// The component ids and journey names as shared strings, for chain links.
fn names(r: &Resolved) -> (Vec<Rc<str>>, Vec<Rc<str>>) {
    (
        r.components
            .iter()
            .map(|c| Rc::from(c.id.as_str()))
            .collect(),
        r.journeys
            .iter()
            .map(|j| Rc::from(j.name.as_str()))
            .collect(),
    )
}

/// The state of one regional placement.
enum Place {
    Healthy,
    /// Down for `down` minutes (an in-region failover), degraded for `degraded` minutes.
    Hit {
        down: f64,
        degraded: f64,
        chain: Vec<Step>,
    },
    Lost(Vec<Step>, Option<data_destroyed::Scope>),
}

impl Ctx<'_> {
    fn t(&self) -> f64 {
        self.s.minutes
    }

    /// A domain that takes the whole component (every placement) with it.
    fn whole(
        &self,
        i: usize,
        c: &ResolvedComponent,
    ) -> Option<(DomainId, Option<data_destroyed::Scope>, bool)> {
        let f = &self.s.failed;
        let hit = |d: DomainId| -> Option<(DomainId, bool, bool)> {
            let e = f.effects(&d)?;
            let down = e.contains(&EffectKind::Unavailable);
            let deg = e.contains(&EffectKind::Degraded);
            (down || deg || e.contains(&EffectKind::DataDestroyed)).then(|| {
                (
                    d,
                    down || e.contains(&EffectKind::DataDestroyed),
                    e.contains(&EffectKind::DataDestroyed),
                )
            })
        };
        let mut candidates: Vec<DomainId> = Vec::new();
        if f.contains(&DomainId::Change)
            && (self.s.target.is_none() || self.s.target == Some(i))
            && !matches!(c.home, Home::Saas(_))
        {
            candidates.push(DomainId::Change);
        }
        for a in &c.agents {
            candidates.push(DomainId::Agent(a.clone()));
        }
        if c.rollout == Rollout::Global {
            candidates.push(DomainId::Rollout);
        }
        if self.entries[i] {
            candidates.push(DomainId::Credential("self".to_owned()));
        }
        match &c.home {
            Home::Site(s) => candidates.push(DomainId::Site(s.clone())),
            Home::Saas(s) => match c.kind {
                Kind::Dns => candidates.push(DomainId::Dns(s.clone())),
                Kind::Identity => candidates.push(DomainId::Identity(s.clone())),
                Kind::Cdn => candidates.push(DomainId::Edge(s.clone())),
                _ => candidates.push(DomainId::Saas(s.trim_start_matches("saas:").to_owned())),
            },
            Home::Provider(p) => {
                match c.kind {
                    Kind::Dns => candidates.push(DomainId::Dns(p.clone())),
                    Kind::Cdn => candidates.push(DomainId::Edge(p.clone())),
                    Kind::Identity if c.placements.is_empty() => {
                        candidates.push(DomainId::Identity(p.clone()))
                    }
                    _ => {}
                }
                if c.global_service && c.kind != Kind::Dns {
                    candidates.push(DomainId::Edge(p.clone()));
                }
                if c.placements.is_empty() {
                    candidates.push(DomainId::Backbone(p.clone()));
                }
                if c.global_endpoints {
                    candidates.push(DomainId::GlobalControl {
                        provider: p.clone(),
                    });
                }
            }
        }
        // The first domain that takes the component down wins; one that only degrades it
        // counts only when none takes it down (a replay can fail several at once).
        let mut degraded_by = None;
        for d in candidates {
            if let Some((d, down, destroyed)) = hit(d.clone()) {
                let scope = destroyed.then_some(match d {
                    DomainId::Change => data_destroyed::Scope::Deletion,
                    _ => data_destroyed::Scope::Region,
                });
                if down {
                    return Some((d, scope, down));
                }
                degraded_by.get_or_insert((d, scope, down));
                continue;
            }
            // Global endpoints: a global control plane that is down fails the calls.
            if let DomainId::GlobalControl { .. } = d
                && f.control_plane_down(&d)
            {
                return Some((d, None, true));
            }
        }
        degraded_by
    }

    fn own(&self, i: usize) -> Outcome {
        let c = &self.r.components[i];
        let t = self.t();
        let mut out = Outcome::default();
        if let Some((d, scope, down)) = self.whole(i, c) {
            let why = match &d {
                DomainId::GlobalControl { .. } if c.global_endpoints => format!(
                    "`{}` calls global endpoints served by {d}, which failed",
                    c.id
                ),
                DomainId::Change => format!("a bad production change hits `{}`", c.id),
                DomainId::Agent(a) => format!(
                    "every host of `{}` runs agent `{a}`, which failed everywhere at once",
                    c.id
                ),
                DomainId::Rollout => format!(
                    "`{}` deploys with `rollout: global`: the bad change reached every region at once",
                    c.id
                ),
                DomainId::Credential(_) => format!(
                    "users reach `{}` over TLS with the expired certificate",
                    c.id
                ),
                _ => format!("`{}` runs on {d}, which failed", c.id),
            };
            out.chain.push(step(
                StepKind::DomainFailed,
                d.to_string(),
                format!("{d} failed"),
            ));
            out.chain.push(step(StepKind::ComponentHit, &c.id, why));
            if down {
                out.down_minutes = t;
            } else {
                out.degraded_minutes = t;
            }
            if let (Some(scope), Some(data)) = (scope, &c.data) {
                // A physically destroyed site/region can be recovered from a replica in
                // another healthy region; a deletion replicates, so only backups help.
                out.lose_data(data_destroyed::loss(data, scope), &c.id);
            }
            return out;
        }
        let Home::Provider(p) = &c.home else {
            return out;
        };
        if c.placements.is_empty() {
            return out;
        }
        let places: Vec<Place> = c
            .placements
            .iter()
            .map(|pl| self.place(c, p, &pl.region, &pl.zones))
            .collect();
        match c.topology {
            Topology::SingleRegion => self.single(c, places.into_iter().next(), &mut out),
            Topology::ActiveActive => self.active_active(c, p, places, &mut out),
            Topology::ActivePassive => self.active_passive(c, p, places, &mut out),
        }
        out
    }

    fn place(&self, c: &ResolvedComponent, p: &str, region: &str, zones: &[String]) -> Place {
        let f = &self.s.failed;
        let t = self.t();
        if let Some(d) = unavailable::placement_lost(f, p, region, c.service.as_deref()) {
            let scope = f
                .has(&d, EffectKind::DataDestroyed)
                .then_some(data_destroyed::Scope::Region);
            return Place::Lost(
                vec![
                    step(StepKind::DomainFailed, d.to_string(), format!("{d} failed")),
                    step(
                        StepKind::ComponentHit,
                        &c.id,
                        format!("`{}` loses its {region} placement", c.id),
                    ),
                ],
                scope,
            );
        }
        let lost = unavailable::zones_lost(f, p, region, zones);
        if !zones.is_empty() && lost.len() == zones.len() {
            let destroyed = lost.iter().any(|z| {
                f.has(
                    &DomainId::Zone {
                        provider: p.to_owned(),
                        region: region.to_owned(),
                        zone: (*z).to_owned(),
                    },
                    EffectKind::DataDestroyed,
                )
            });
            return Place::Lost(
                vec![
                    step(
                        StepKind::DomainFailed,
                        format!("zone:{p}/{region}/{}", lost[0]),
                        format!("zone {} of {region} failed", lost[0]),
                    ),
                    step(
                        StepKind::ComponentHit,
                        &c.id,
                        format!(
                            "`{}` runs only in {} in {region}",
                            c.id,
                            if zones.len() == 1 {
                                format!("zone {}", zones[0])
                            } else {
                                "the failed zones".to_owned()
                            }
                        ),
                    ),
                ],
                destroyed.then_some(data_destroyed::Scope::Zone),
            );
        }
        if !lost.is_empty() {
            let n = zones.len() as f64;
            let k = lost.len() as f64;
            let mut chain = vec![step(
                StepKind::DomainFailed,
                format!("zone:{p}/{region}/{}", lost[0]),
                format!("zone {} of {region} failed", lost[0]),
            )];
            let mut down = 0.0;
            let mut degraded = 0.0;
            // A stateful component's primary sits in its first listed zone (the order the
            // description gives); losing that zone interrupts it for an in-region failover,
            // losing another zone only costs a replica's capacity.
            if c.is_stateful() && lost.contains(&zones[0].as_str()) {
                chain.push(step(
                    StepKind::FailoverWorked,
                    &c.id,
                    format!(
                        "`{}` has its primary in {}: it fails over to another of its {} zones in {region} in about {} (estimate)",
                        c.id,
                        zones[0],
                        zones.len(),
                        fmt_minutes(ZONE_FAILOVER_MINUTES),
                    ),
                ));
                down = t.min(ZONE_FAILOVER_MINUTES);
            }
            let capacity = (n - k) / n * (1.0 + c.headroom_percent / 100.0);
            if capacity + 1e-9 < 1.0 {
                let (minutes, why) = match control_plane_unavailable::blocked_by(f, p, region) {
                    Some(d) => (
                        t,
                        format!("replacement capacity cannot be launched while {d} is down"),
                    ),
                    None => (
                        t.min(LAUNCH_MINUTES),
                        format!(
                            "replacement capacity launches in about {} (estimate)",
                            fmt_minutes(LAUNCH_MINUTES)
                        ),
                    ),
                };
                chain.push(step(
                    StepKind::ComponentHit,
                    &c.id,
                    format!(
                        "`{}` keeps {:.0} % of its capacity in {region} with {:.0} % headroom; {why}",
                        c.id,
                        (capacity * 100.0).min(100.0),
                        c.headroom_percent
                    ),
                ));
                // The missing share of capacity is the share of requests degraded.
                degraded = minutes * (1.0 - capacity);
            }
            if down > 0.0 || degraded > 0.0 {
                return Place::Hit {
                    down,
                    degraded,
                    chain,
                };
            }
            return Place::Healthy;
        }
        if let Some(d) = degraded::placement_degraded(f, p, region, c.service.as_deref()) {
            return Place::Hit {
                down: 0.0,
                degraded: t,
                chain: vec![
                    step(
                        StepKind::DomainFailed,
                        d.to_string(),
                        format!("{d} is degraded"),
                    ),
                    step(
                        StepKind::ComponentHit,
                        &c.id,
                        format!("`{}` in {region} is degraded with it", c.id),
                    ),
                ],
            };
        }
        if let Some(d) = capacity_reduced::overloaded(f, p, region, c.headroom_percent) {
            return Place::Hit {
                down: 0.0,
                degraded: t,
                chain: vec![
                    step(
                        StepKind::DomainFailed,
                        d.to_string(),
                        format!("{d} is overloaded (retry storm)"),
                    ),
                    step(
                        StepKind::ComponentHit,
                        &c.id,
                        format!(
                            "`{}` has {:.0} % headroom in {region}, below the {:.0} % that rides out a retry storm",
                            c.id,
                            c.headroom_percent,
                            capacity_reduced::HEADROOM_TO_ABSORB
                        ),
                    ),
                ],
            };
        }
        Place::Healthy
    }

    fn single(&self, c: &ResolvedComponent, place: Option<Place>, out: &mut Outcome) {
        match place {
            None | Some(Place::Healthy) => {}
            Some(Place::Hit {
                down,
                degraded,
                chain,
            }) => {
                out.down_minutes = down;
                out.degraded_minutes = degraded;
                out.chain = chain.into();
            }
            Some(Place::Lost(chain, scope)) => self.down_for_the_event(c, chain, scope, out),
        }
    }

    /// Why a failover cannot happen, or `Ok` with nothing.
    fn failover_blocked(
        &self,
        provider: &str,
        target_region: Option<&str>,
        fo: &ResolvedFailover,
    ) -> Result<(), String> {
        let f = &self.s.failed;
        if fo.trigger == Trigger::Manual {
            monitoring_blind::sees(f, &self.r.monitoring.systems)
                .map_err(|why| format!("the failover is manual and {why}"))?;
        }
        match fo.via {
            Via::Dns => {
                let providers: Vec<&str> = if self.r.dns_providers.is_empty() {
                    vec![provider]
                } else {
                    self.r.dns_providers.iter().map(String::as_str).collect()
                };
                let alive: Vec<&str> = providers
                    .iter()
                    .copied()
                    .filter(|p| !f.has(&DomainId::Dns((*p).to_owned()), EffectKind::Unavailable))
                    .collect();
                if alive.is_empty() {
                    return Err(format!(
                        "it moves traffic through DNS and dns:{} failed",
                        providers.join(", dns:")
                    ));
                }
                if fo.needs_control_plane {
                    // Editing records needs some surviving DNS provider's control plane.
                    let editable = alive.iter().any(|p| {
                        !f.control_plane_down(&DomainId::GlobalControl {
                            provider: (*p).to_owned(),
                        })
                    });
                    if !editable {
                        return Err(format!(
                            "it edits DNS records and control:{}/global (the DNS control plane) is down",
                            alive[0]
                        ));
                    }
                }
            }
            Via::Anycast | Via::LoadBalancer => {
                let edge = DomainId::Edge(provider.to_owned());
                if f.has(&edge, EffectKind::Unavailable) {
                    return Err(format!("it moves traffic through {edge}, which failed"));
                }
            }
            Via::Client => {}
        }
        if fo.needs_control_plane
            && let Some(region) = target_region
            && let Some(d) = control_plane_unavailable::blocked_by(f, provider, region)
        {
            return Err(format!(
                "it needs the provider's control plane and {d} is down"
            ));
        }
        Ok(())
    }

    fn active_active(&self, c: &ResolvedComponent, p: &str, places: Vec<Place>, out: &mut Outcome) {
        let t = self.t();
        let n = places.len();
        let lost: Vec<usize> = places
            .iter()
            .enumerate()
            .filter(|(_, pl)| matches!(pl, Place::Lost(..)))
            .map(|(i, _)| i)
            .collect();
        let healthy: Vec<usize> = (0..n).filter(|i| !lost.contains(i)).collect();
        if lost.is_empty() {
            // Each region serves its share of the traffic: a degraded region degrades its share.
            self.worst_of(places, out, 1.0 / n as f64);
            return;
        }
        let mut chain = Vec::new();
        let mut scope = None;
        for pl in places.iter() {
            if let Place::Lost(steps, s) = pl {
                if chain.is_empty() {
                    chain.extend(steps.iter().cloned());
                }
                scope = scope.max(*s);
            }
        }
        if healthy.is_empty() {
            self.nowhere_to_go(c, chain, scope, "loses every region", out);
            return;
        }
        let target = c.placements[healthy[0]].region.as_str();
        match self.failover_blocked(p, Some(target), &c.failover) {
            Ok(()) => {
                let m = t.min(c.failover.minutes());
                out.down_minutes = m * lost.len() as f64 / n as f64;
                chain.push(step(
                    StepKind::FailoverWorked,
                    &c.id,
                    format!(
                        "`{}` is active-active: {} failover ({}) moves the traffic of {} to {target} in {}; {} of {n} regions' traffic is down until then",
                        c.id,
                        trigger_word(c.failover.trigger),
                        via_word(c.failover.via),
                        c.placements[lost[0]].region,
                        fmt_minutes(m),
                        lost.len()
                    ),
                ));
                let survivors =
                    healthy.len() as f64 / n as f64 * (1.0 + c.headroom_percent / 100.0);
                if survivors + 1e-9 < 1.0 {
                    let (minutes, why) =
                        match control_plane_unavailable::blocked_by(&self.s.failed, p, target) {
                            Some(d) => (t, format!("it cannot scale up while {d} is down")),
                            None => (
                                t.min(LAUNCH_MINUTES),
                                format!(
                                    "it scales up in about {} (estimate)",
                                    fmt_minutes(LAUNCH_MINUTES)
                                ),
                            ),
                        };
                    out.degraded_minutes = minutes * (1.0 - survivors);
                    chain.push(step(
                        StepKind::ComponentHit,
                        &c.id,
                        format!("the surviving regions hold {:.0} % of the load with {:.0} % headroom; {why}", survivors * 100.0, c.headroom_percent),
                    ));
                }
                if let Some(data) = &c.data
                    && data.replication == Replication::Async
                {
                    out.chain = chain.into();
                    out.lose_data(Some(data.lag_minutes), &c.id);
                    return;
                }
            }
            Err(why) => {
                out.down_minutes = t * lost.len() as f64 / n as f64;
                chain.push(step(
                    StepKind::FailoverFailed,
                    &c.id,
                    format!(
                        "`{}` is active-active but traffic for {} is not moved: {why}; {} of {n} regions' traffic is down for the event",
                        c.id,
                        c.placements[lost[0]].region,
                        lost.len()
                    ),
                ));
            }
        }
        out.chain = chain.into();
    }

    fn active_passive(
        &self,
        c: &ResolvedComponent,
        p: &str,
        mut places: Vec<Place>,
        out: &mut Outcome,
    ) {
        let t = self.t();
        let primary = places.remove(0);
        let Place::Lost(mut chain, scope) = primary else {
            self.single(c, Some(primary), out);
            return;
        };
        let standby_idx = places.iter().position(|pl| !matches!(pl, Place::Lost(..)));
        let Some(si) = standby_idx else {
            self.nowhere_to_go(c, chain, scope, "has no healthy standby region", out);
            return;
        };
        let target = c.placements[si + 1].region.as_str();
        let mut blocked = self.failover_blocked(p, Some(target), &c.failover);
        let mut extra = 0.0;
        let mut after = None;
        let needs_launch = matches!(c.standby, Standby::PilotLight | Standby::BackupRestore);
        if blocked.is_ok()
            && needs_launch
            && let Some(d) = control_plane_unavailable::blocked_by(&self.s.failed, p, target)
        {
            blocked = Err(format!(
                "the {} standby must launch instances and {d} is down",
                c.standby.as_str()
            ));
        }
        // Without replication the standby has data only from a backup kept outside the
        // failed region: it restores that first; with no such backup there is nothing to
        // fail over to (waiting for the region loses nothing that was not destroyed).
        if let Some(data) = &c.data
            && data.replication == Replication::None
        {
            if data_destroyed::loss(data, data_destroyed::Scope::Region).is_some() {
                extra = data.restore_minutes;
            } else if blocked.is_ok() {
                blocked = Err(
                    "its data is not replicated and no backup is kept outside the failed region, so the standby has no copy to serve"
                        .to_owned(),
                );
            }
        }
        match c.standby {
            Standby::Hot => {}
            Standby::Warm => {
                after = Some(
                    match control_plane_unavailable::blocked_by(&self.s.failed, p, target) {
                        Some(d) => (
                            t,
                            format!(
                                "the warm standby cannot scale to full capacity while {d} is down"
                            ),
                        ),
                        None => (
                            WARM_SCALE_MINUTES,
                            format!(
                                "the warm standby scales to full capacity in about {} (estimate)",
                                fmt_minutes(WARM_SCALE_MINUTES)
                            ),
                        ),
                    },
                );
            }
            Standby::PilotLight => extra = extra.max(PILOT_LIGHT_MINUTES),
            Standby::BackupRestore => {
                extra = c
                    .data
                    .map_or(crate::resolve::DEFAULT_RESTORE, |d| d.restore_minutes)
            }
        }
        match blocked {
            Ok(()) => {
                let m = t.min(c.failover.minutes() + extra);
                out.down_minutes = m;
                chain.push(step(
                    StepKind::FailoverWorked,
                    &c.id,
                    format!(
                        "`{}` fails over to its {} standby in {target}: {} trigger, {}, {} in all",
                        c.id,
                        c.standby.as_str(),
                        trigger_word(c.failover.trigger),
                        via_word(c.failover.via),
                        fmt_minutes(m)
                    ),
                ));
                if let Some((minutes, why)) = after
                    && m < t
                {
                    out.degraded_minutes = m + minutes.min(t - m);
                    chain.push(step(StepKind::ComponentHit, &c.id, why));
                }
                out.chain = chain.into();
                if let Some(data) = &c.data {
                    let loss = match (c.standby, data.replication) {
                        (Standby::BackupRestore, _) | (_, Replication::None) => {
                            data_destroyed::loss(data, data_destroyed::Scope::Region)
                        }
                        (_, Replication::Async) => Some(data.lag_minutes),
                        (_, Replication::Sync) => Some(0.0),
                    };
                    if loss != Some(0.0) {
                        out.lose_data(loss, &c.id);
                    }
                }
            }
            Err(why) => {
                chain.push(step(
                    StepKind::FailoverFailed,
                    &c.id,
                    format!("`{}` does not fail over to {target}: {why}", c.id),
                ));
                self.down_for_the_event(c, chain, scope, out);
            }
        }
    }

    /// Every region of a multi-region component is lost: down for the event, and destroyed
    /// data recovered only from what survives outside the destroyed scope.
    fn nowhere_to_go(
        &self,
        c: &ResolvedComponent,
        mut chain: Vec<Step>,
        scope: Option<data_destroyed::Scope>,
        why: &str,
        out: &mut Outcome,
    ) {
        chain.push(step(
            StepKind::ComponentHit,
            &c.id,
            format!("`{}` {why}", c.id),
        ));
        self.down_for_the_event(c, chain, scope, out);
    }

    /// The component is down for the whole event, for the reasons in `chain`; destroyed data
    /// is recovered only from what survives outside the destroyed scope.
    fn down_for_the_event(
        &self,
        c: &ResolvedComponent,
        chain: Vec<Step>,
        scope: Option<data_destroyed::Scope>,
        out: &mut Outcome,
    ) {
        out.down_minutes = self.t();
        out.chain = chain.into();
        if let (Some(scope), Some(data)) = (scope, &c.data) {
            out.lose_data(data_destroyed::loss(data, scope), &c.id);
        }
    }

    fn worst_of(&self, places: Vec<Place>, out: &mut Outcome, share: f64) {
        for pl in places {
            if let Place::Hit {
                down,
                degraded,
                chain,
            } = pl
            {
                let (down, degraded) = (down * share, degraded * share);
                if down > out.down_minutes
                    || (out.down_minutes == 0.0 && degraded > out.degraded_minutes)
                {
                    out.chain = chain.into();
                }
                out.down_minutes = out.down_minutes.max(down);
                out.degraded_minutes = out.degraded_minutes.max(degraded);
            }
        }
    }

    fn with_dependencies(
        &self,
        mut own: Outcome,
        subject: &Rc<str>,
        deps: &[ResolvedDependency],
        outcomes: &[Outcome],
    ) -> Outcome {
        for dep in deps {
            let (d, name) = self.dependency(dep, outcomes);
            let hard = match dep {
                ResolvedDependency::One { hard, .. } | ResolvedDependency::AnyOf { hard, .. } => {
                    *hard
                }
            };
            if hard {
                if d.down_minutes > own.down_minutes {
                    own.down_minutes = d.down_minutes;
                    own.chain = d.chain.clone();
                    own.chain.link(
                        StepKind::Dependency,
                        subject.clone(),
                        LinkText::NeedsDown {
                            name,
                            minutes: d.down_minutes,
                        },
                    );
                } else if d.degraded_minutes > own.degraded_minutes && own.down_minutes == 0.0 {
                    own.chain = d.chain.clone();
                    own.chain.link(
                        StepKind::Dependency,
                        subject.clone(),
                        LinkText::NeedsDegraded { name },
                    );
                }
                own.degraded_minutes = own.degraded_minutes.max(d.degraded_minutes);
                own.merge_data(&d);
            } else {
                let hurt = d.down_minutes.max(d.degraded_minutes);
                if hurt > own.degraded_minutes {
                    if own.down_minutes == 0.0 {
                        own.chain = d.chain.clone();
                        own.chain.link(
                            StepKind::SoftDependency,
                            subject.clone(),
                            LinkText::Soft {
                                name,
                                minutes: hurt,
                            },
                        );
                    }
                    own.degraded_minutes = hurt;
                }
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
                alternatives,
                failover,
                ..
            } => {
                let members: Vec<(Cow<'o, Outcome>, Rc<str>)> = alternatives
                    .iter()
                    .map(|a| self.dependency(a, outcomes))
                    .collect();
                let names: Vec<&str> = members.iter().map(|(_, n)| &**n).collect();
                let name: Rc<str> = Rc::from(format!("any of [{}]", names.join(", ")));
                let (first, first_name) = &members[0];
                let cost = |o: &Outcome| {
                    o.down_minutes
                        + crate::score::DEGRADED_WEIGHT
                            * (o.degraded_minutes - o.down_minutes).max(0.0)
                };
                if cost(first) == 0.0 {
                    return (first.clone(), name);
                }
                let first: &Outcome = first;
                // While the switch happens the first member keeps its state (down or only
                // degraded) for the switch time; after it, the alternative's own outcome.
                let switch = failover.minutes();
                let via = |alt: &Outcome| {
                    let mut o = alt.clone();
                    o.down_minutes = alt.down_minutes.max(switch.min(first.down_minutes));
                    o.degraded_minutes =
                        alt.degraded_minutes.max(switch.min(first.degraded_minutes));
                    o
                };
                // Switch only to an alternative that is no worse on either measure (minutes
                // down; minutes affected at all) and costs less. A switch that trades a
                // degraded member for a brief outage is not taken: clients keep using what
                // still answers. This keeps every law monotone: a journey's cost grows with
                // both measures of each member (see docs/scoring.md).
                let affected = |o: &Outcome| o.down_minutes.max(o.degraded_minutes);
                let best = members
                    .iter()
                    .enumerate()
                    .skip(1)
                    .map(|(i, (o, n))| (i, via(o), n))
                    .filter(|(_, o, _)| {
                        o.down_minutes <= first.down_minutes
                            && affected(o) <= affected(first)
                            && cost(o) < cost(first)
                    })
                    .min_by(|(ia, a, _), (ib, b, _)| cost(a).total_cmp(&cost(b)).then(ia.cmp(ib)));
                let Some((_, best, best_name)) = best else {
                    let mut o = first.clone();
                    if first.down_minutes > 0.0 {
                        o.chain.push(step(
                            StepKind::FailoverFailed,
                            &*name,
                            format!("no alternative of {name} does better"),
                        ));
                    }
                    return (Cow::Owned(o), name);
                };
                let switch = switch.min(first.down_minutes.max(first.degraded_minutes));
                let provider = self
                    .r
                    .components
                    .iter()
                    .find(|c| *c.id == **best_name)
                    .map_or("", |c| c.provider.as_str())
                    .to_owned();
                match self.failover_blocked(&provider, None, failover) {
                    Ok(()) => {
                        let mut o = best;
                        o.chain = first.chain.clone();
                        o.chain.push(step(
                            StepKind::AlternativeUsed,
                            &*name,
                            format!(
                                "`{best_name}` takes over from `{first_name}` in {} ({} by {})",
                                fmt_minutes(switch),
                                trigger_word(failover.trigger),
                                via_word(failover.via)
                            ),
                        ));
                        (Cow::Owned(o), name)
                    }
                    Err(why) => {
                        let mut o = first.clone();
                        o.chain.push(step(StepKind::FailoverFailed, &*name, format!("the switch from `{first_name}` to `{best_name}` does not happen: {why}")));
                        (Cow::Owned(o), name)
                    }
                }
            }
        }
    }
}

fn trigger_word(t: Trigger) -> &'static str {
    match t {
        Trigger::Automatic => "automatic",
        Trigger::Manual => "manual",
    }
}

fn via_word(v: Via) -> &'static str {
    match v {
        Via::Dns => "via DNS",
        Via::Anycast => "via anycast",
        Via::LoadBalancer => "via the global load balancer",
        Via::Client => "by the client",
    }
}

// --- Many scenarios of one architecture (performance, issue 8) -------------------------------
// Kept apart from `play` so that it merges cleanly; it reuses `Ctx` unchanged.

/// Plays many scenarios of one architecture, each over only the components it can change
/// (from [`crate::scenarios::Reach::affected`]), reusing one outcome buffer: no allocation
/// or pass proportional to the whole architecture per scenario.
///
/// For the components and journeys a scenario cannot change, the outcome is "up", exactly
/// what [`play`] computes for them; `tests/it/scale.rs` checks the two agree.
#[derive(Debug)]
pub struct Player<'a> {
    r: &'a Resolved,
    entries: Vec<bool>,
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
}

/// What a [`Player`] has done so far: the work counters of `docs/performance.md`.
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
    /// Prepares the buffers for `r`.
    pub fn new(r: &'a Resolved) -> Player<'a> {
        fn walk(d: &ResolvedDependency, out: &mut Vec<usize>) {
            match d {
                ResolvedDependency::One { index, .. } => out.push(*index),
                ResolvedDependency::AnyOf { alternatives, .. } => {
                    alternatives.iter().for_each(|a| walk(a, out))
                }
            }
        }
        let journey_components = r
            .journeys
            .iter()
            .map(|j| {
                let mut v = Vec::new();
                j.entry.iter().for_each(|d| walk(d, &mut v));
                v
            })
            .collect();
        let (ids, journey_names) = names(r);
        Player {
            r,
            ids,
            journey_names,
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
            entries: entry_set(r),
            outcomes: vec![Outcome::default(); r.components.len()],
            touched: vec![false; r.components.len()],
            journey_components,
        }
    }

    /// The journeys' outcomes of `scenario`, as `play(r, order, scenario).journeys`, given
    /// `affected`: the components it can change, dependencies first.
    ///
    /// # Complexity
    ///
    /// O(affected components + their dependency references + journey entries).
    pub fn journeys(&mut self, affected: &[usize], scenario: &Scenario) -> Vec<Outcome> {
        self.play_affected(affected, None, scenario)
    }

    /// [`Player::journeys`] with the split of [`crate::scenarios::Reach::affected_split`]:
    /// a component that rests on no failed domain is only evaluated through its
    /// dependencies (its own outcome is up), which skips most of the work for dependants.
    pub fn journeys_split(
        &mut self,
        affected: &[usize],
        direct: &[bool],
        scenario: &Scenario,
    ) -> Vec<Outcome> {
        self.play_affected(affected, Some(direct), scenario)
    }

    fn play_affected(
        &mut self,
        affected: &[usize],
        direct: Option<&[bool]>,
        scenario: &Scenario,
    ) -> Vec<Outcome> {
        let ctx = Ctx {
            r: self.r,
            s: scenario,
            entries: std::mem::take(&mut self.entries),
            ids: &self.ids,
        };
        let k = &mut self.counters;
        k.scenarios += 1;
        for &i in affected {
            let own = if direct.is_none_or(|d| d[i]) {
                ctx.own(i)
            } else {
                Outcome::default()
            };
            let c = &self.r.components[i];
            let o = ctx.with_dependencies(own, &self.ids[i], &c.depends_on, &self.outcomes);
            k.components += 1;
            k.references += self.component_refs[i];
            k.chain_steps += o.chain.len() as u64;
            self.outcomes[i] = o;
            self.touched[i] = true;
        }
        let journeys = self
            .r
            .journeys
            .iter()
            .enumerate()
            .zip(&self.journey_components)
            .map(|((ji, j), members)| {
                if members.iter().any(|&i| self.touched[i]) {
                    let mut o = ctx
                        .with_dependencies(
                            Outcome::default(),
                            &self.journey_names[ji],
                            &j.entry,
                            &self.outcomes,
                        )
                        .normalised();
                    // Keep only what a report shows: the full chain shares links with every
                    // component of this scenario, and would keep them all alive.
                    if o.chain.len() > MAX_REPORTED_CHAIN {
                        o.chain = Chain::from(o.chain.for_report());
                    }
                    k.journeys += 1;
                    k.references += self.journey_refs[ji];
                    k.chain_steps += o.chain.len() as u64;
                    o
                } else {
                    Outcome::default()
                }
            })
            .collect();
        for &i in affected {
            self.outcomes[i] = Outcome::default();
            self.touched[i] = false;
        }
        self.entries = ctx.entries;
        journeys
    }

    /// The work done so far (a few additions per component evaluated; never in a report).
    pub fn counters(&self) -> PlayCounters {
        self.counters
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(n: usize) -> Chain {
        let mut c = Chain::default();
        for i in 0..n {
            c.push(step(
                StepKind::Dependency,
                format!("c{i}"),
                format!("link {i}"),
            ));
        }
        c
    }

    #[test]
    fn a_short_chain_is_reported_whole_and_in_order() {
        let c = numbered(5);
        let v = c.for_report();
        assert_eq!(v, c.to_vec());
        let subjects: Vec<&str> = v.iter().map(|s| s.subject.as_str()).collect();
        assert_eq!(subjects, ["c0", "c1", "c2", "c3", "c4"]);
    }

    #[test]
    fn a_long_chain_keeps_its_ends_and_counts_what_it_leaves_out() {
        let v = numbered(100).for_report();
        assert_eq!(v.len(), MAX_REPORTED_CHAIN);
        assert_eq!(v[0].subject, "c0");
        assert_eq!(v[18].subject, "c18");
        assert_eq!(v[19].text, "… 61 more links of dependencies …");
        assert_eq!(v[20].subject, "c80");
        assert_eq!(v[39].subject, "c99");
        // Exactly at the limit nothing is left out.
        assert_eq!(
            numbered(MAX_REPORTED_CHAIN).for_report().len(),
            MAX_REPORTED_CHAIN
        );
        assert!(
            numbered(MAX_REPORTED_CHAIN)
                .for_report()
                .iter()
                .all(|s| !s.text.contains("more links"))
        );
    }

    #[test]
    fn dropping_a_very_long_shared_chain_does_not_recurse() {
        // A million links would overflow the stack if dropped recursively.
        let long = numbered(1_000_000);
        let shared = long.clone();
        drop(long);
        assert_eq!(shared.len(), 1_000_000);
        drop(shared);
    }
}
