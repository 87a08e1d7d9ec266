//! What the failed domains do to one component itself: the domains that take it whole,
//! then each regional placement (its region, backbone and service, its zones, a degraded
//! or squeezed region, a control plane it needs to scale), before topology and failover
//! decide what survives ([`super::topology`]). Shares here are shares of the users a
//! placement serves.

use std::rc::Rc;

use crate::domain::DomainId;
use crate::model::{Kind, Topology};
use crate::render::words::{Whole, fmt_minutes};
use crate::resolve::{Home, ResolvedComponent};
use crate::rules::constants::HEADROOM_TO_ABSORB;
use crate::rules::constants::{
    BACKLOG_DRAIN_MINUTES, CACHE_WARMUP_MINUTES, FIRST_RING_SHARE, LAUNCH_MINUTES, SCALE_OUT_SHARE,
    STATEFUL_RESTART_MINUTES, STATELESS_REBUILD_MINUTES, ZONE_FAILOVER_MINUTES,
};
use crate::rules::footing::PlacementFooting;
use crate::rules::{DataScope, Dom, Impact, Recovered, Reliance, WholeBy, recovered};

use super::Ctx;
use super::chain::{Chain, Launch, LinkText, Outcome, StepKind, percent, step, written};
use super::profile::Profile;

/// The state of one regional placement.
pub(super) enum Place {
    Healthy,
    /// It serves, with these shares of its users down and degraded over time.
    Hit {
        down: Profile,
        degraded: Profile,
        chain: Chain,
    },
    /// It is lost until `until` minutes (when the domain under it returns); then it
    /// recovers ([`Ctx::recovery`]).
    Lost {
        chain: Chain,
        scope: Option<DataScope>,
        until: f64,
    },
    /// A gray zone impairs `share` of its capacity (slow or failing nodes) until `until`:
    /// absorbed where spare capacity elsewhere takes the requests ([`Ctx::gray`]).
    Gray {
        share: f64,
        until: f64,
        chain: Chain,
    },
}

/// How a component comes back after the domain under it returns.
pub(super) struct Recovery {
    /// Minutes from the start of the scenario until it serves again.
    pub up_at: f64,
    /// A stretch after that during which it serves degraded (cache warm-up, backlog).
    pub degraded: Profile,
    /// Why, when it takes longer than the domain.
    pub words: Option<String>,
}

/// What its placements' zones are: `room` on an own site, else `zone`.
fn noun(c: &ResolvedComponent) -> &'static str {
    if matches!(c.home, Home::Site(_)) {
        "room"
    } else {
        "zone"
    }
}

/// Whether a component of this kind is stateless (rebuilt from an image rather than
/// repaired) after a fleet-wide bad update.
fn stateless(c: &ResolvedComponent) -> bool {
    !c.is_stateful()
        && matches!(
            c.kind,
            Kind::Compute
                | Kind::Container
                | Kind::Function
                | Kind::LoadBalancer
                | Kind::Cdn
                | Kind::AiInference
                | Kind::Other
        )
}

impl Ctx<'_> {
    /// The links from the scenario's root to `d`: the root failed, then each documented
    /// implication on the way (docs/scoring.md, "Causal chains"). Built once per scenario,
    /// domain and verb and shared (a chain is immutable; a caller's links go on top).
    pub(super) fn failure_links(&self, d: Dom, verb: &'static str) -> Chain {
        if let Some(chain) = self.links.borrow().get(&(d, verb)) {
            return chain.clone();
        }
        let chain = self.write_failure_links(d, verb);
        self.links.borrow_mut().insert((d, verb), chain.clone());
        chain
    }

    fn write_failure_links(&self, d: Dom, verb: &str) -> Chain {
        let target = self.domain(d);
        let failed = &self.s.failed;
        let mut path: Vec<&DomainId> = vec![target];
        let mut at = target;
        while let Some(w) = failed.why(at) {
            if path.contains(&&w.by) || path.len() > 32 {
                break;
            }
            path.push(&w.by);
            at = &w.by;
        }
        // The generic regional exposure (`service:<p>/<r>/*`) fails with the event's root
        // service: the chain starts at the root.
        let generic_of_root = matches!(
            (target, &self.s.domain),
            (
                DomainId::Service { provider, region, service },
                DomainId::Service { provider: rp, region: rr, service: rs },
            ) if service == crate::rules::footing::ANY_SERVICE
                && rs != service
                && provider == rp
                && region == rr
        );
        if generic_of_root && path.len() == 1 {
            path.push(&self.s.domain);
        }
        path.reverse();
        let mut links = Chain::default();
        for (k, x) in path.iter().enumerate() {
            let last = k + 1 == path.len();
            let verb = if last { verb } else { "failed" };
            let text = match failed.why(x) {
                _ if self.quiet => String::new(),
                Some(w) if k > 0 => format!("{x} {verb}: {}", w.reason),
                _ if k > 0 && generic_of_root => {
                    format!("{x} {verb}: a managed service it may use there (no `service` named)")
                }
                _ => format!("{x} {verb}"),
            };
            links.push(step(StepKind::DomainFailed, x.to_string(), text));
        }
        links
    }

    /// Whether the component is one you run, which restarts after the domain under it
    /// returns (not a vendor's or a provider-sized service: their recovery is in the
    /// incident's duration).
    fn restarts(c: &ResolvedComponent) -> bool {
        !c.provider_scaled && !c.global_service && !matches!(c.home, Home::Saas(_))
    }

    /// How `c` comes back when the domain under it returns at `until` (docs/scoring.md,
    /// "Recovery"): a stateful component restarts and replays its log; a cache comes back
    /// empty and warms up; a queue's consumers drain the backlog.
    pub(super) fn recovery(&self, c: &ResolvedComponent, until: f64) -> Recovery {
        if self.s.partition
            && matches!(
                self.s.domain.class(),
                crate::domain::DomainClass::Site | crate::domain::DomainClass::Uplink
            )
        {
            // An own building cut off (its network, an uplink): the servers, on the site's
            // power, kept running, unreachable, so nothing restarts, no cache went cold and
            // no producer could fill a queue that nobody could reach: it serves again when
            // the network returns. A provider's region or backbone event keeps the restart
            // estimate: its post-mortems mix partitions with impaired hosts and volumes, so
            // that its hosts kept running is not known there (docs/scoring.md 3.4).
            return Recovery {
                up_at: until,
                degraded: Profile::none(),
                words: None,
            };
        }
        if let Some(m) = c.recovery_minutes {
            // Declared (`recovery_minutes`): it replaces the class's restart time; a
            // queue's consumers still drain the backlog afterwards.
            let up_at = until + m;
            let drain = c.kind == Kind::Queue && Self::restarts(c);
            return Recovery {
                up_at,
                degraded: if drain {
                    Profile::span(up_at, up_at + BACKLOG_DRAIN_MINUTES, 1.0)
                } else {
                    Profile::none()
                },
                words: (m > 0.0 || drain).then(|| {
                    format!(
                        "it needs {} to serve again once the domain returns (declared){}",
                        fmt_minutes(m),
                        if drain {
                            format!(
                                ", then its consumers drain the backlog for {}",
                                fmt_minutes(BACKLOG_DRAIN_MINUTES)
                            )
                        } else {
                            String::new()
                        }
                    )
                }),
            };
        }
        if !Self::restarts(c) {
            return Recovery {
                up_at: until,
                degraded: Profile::none(),
                words: None,
            };
        }
        if c.is_stateful() {
            let up_at = until + STATEFUL_RESTART_MINUTES;
            let degraded = if c.kind == Kind::Queue {
                Profile::span(up_at, up_at + BACKLOG_DRAIN_MINUTES, 1.0)
            } else {
                Profile::none()
            };
            let words = if c.kind == Kind::Queue {
                format!(
                    "it restarts in about {} once the domain returns (estimate), then its consumers drain the backlog for {}",
                    fmt_minutes(STATEFUL_RESTART_MINUTES),
                    fmt_minutes(BACKLOG_DRAIN_MINUTES)
                )
            } else {
                format!(
                    "it restarts and replays its log in about {} once the domain returns (estimate)",
                    fmt_minutes(STATEFUL_RESTART_MINUTES)
                )
            };
            return Recovery {
                up_at,
                degraded,
                words: Some(words),
            };
        }
        if c.kind == Kind::Cache {
            return Recovery {
                up_at: until,
                degraded: Profile::span(until, until + CACHE_WARMUP_MINUTES, 1.0),
                words: Some(format!(
                    "it comes back empty and warms up for about {} (estimate)",
                    fmt_minutes(CACHE_WARMUP_MINUTES)
                )),
            };
        }
        Recovery {
            up_at: until,
            degraded: Profile::none(),
            words: None,
        }
    }

    /// A domain that takes the whole component (every placement) with it: the first that
    /// takes it down, else the first that degrades it (a replay can fail several at once).
    /// `(domain, why, data destroyed, down)`.
    fn whole(&self, i: usize) -> Option<(Dom, WholeBy, Option<DataScope>, bool)> {
        let mut degraded_by = None;
        for &(d, by) in self.foot.whole[i].iter() {
            // A bad change is aimed at one component (or, played alone, at every one).
            if by == WholeBy::Change && self.s.target.is_some_and(|t| t != i) {
                continue;
            }
            // A global rollout played per component hits the one it deploys.
            if by == WholeBy::Rollout && self.s.target.is_some_and(|t| t != i) {
                continue;
            }
            let reliance = if by == WholeBy::GlobalEndpoints {
                Reliance::Calls
            } else {
                Reliance::Whole
            };
            match reliance.impact(self.effects(d)) {
                Impact::Down { destroyed } => {
                    // A named storage array destroys what is on it: backups kept elsewhere in
                    // the site survive (a zone's scope). Anything else that takes a component
                    // whole takes its site or region with it (or, unnamed, may).
                    let scope = destroyed.then_some(match self.domain(d) {
                        _ if by == WholeBy::Change => DataScope::Deletion,
                        DomainId::Storage { array, .. }
                            if array != crate::rules::footing::ANY_PART =>
                        {
                            DataScope::Zone
                        }
                        _ => DataScope::Region,
                    });
                    return Some((d, by, scope, true));
                }
                Impact::Degraded => {
                    degraded_by.get_or_insert((d, by, None, false));
                }
                _ => {}
            }
        }
        // Every uplink of its site down together: cut off until the first comes back.
        let ups = &self.foot.uplinks[i];
        if !ups.is_empty()
            && ups
                .iter()
                .all(|&d| matches!(Reliance::Whole.impact(self.effects(d)), Impact::Down { .. }))
            && let Some(&first_back) = ups.iter().min_by(|&&a, &&b| {
                self.s
                    .minutes_of(a)
                    .total_cmp(&self.s.minutes_of(b))
                    .then(a.cmp(&b))
            })
        {
            return Some((first_back, WholeBy::AllUplinks, None, true));
        }
        degraded_by
    }

    /// What the scenario does to component `i` itself (before its dependencies).
    pub(super) fn own(&self, i: usize) -> Outcome {
        let mut out = Outcome::default();
        if let Some((d, by, scope, down)) = self.whole(i) {
            self.whole_hit(i, d, by, scope, down, &mut out);
            // What its placements suffer besides counts too (a backbone failure takes the
            // global endpoints it calls and cuts its region off, which it restarts after):
            // the worse of the two, as a hard dependency's step is taken. Found by a
            // review: the restart after the lost placement was dropped, so saying
            // `endpoints: global` shortened the outage.
            let placed = self.placed(i);
            if !placed.is_up() {
                let before = (out.down.integral(), out.degraded.integral());
                if placed.down.integral() > before.0
                    || (placed.degraded.integral() > before.1 && out.down.is_none())
                {
                    out.chain = placed.chain.clone();
                }
                let affected = placed.down.sum(&placed.degraded_beyond_down());
                super::nested(&mut out, &placed.down, &affected);
            }
            out.merge_data(&placed);
            return out;
        }
        self.placed(i)
    }

    /// What the scenario does to component `i`'s placements (its regions and zones).
    fn placed(&self, i: usize) -> Outcome {
        let c = &self.r.components[i];
        let mut out = Outcome::default();
        let Some(p) = c.placed_at() else {
            return out;
        };
        if c.placements.is_empty() || self.foot.placements[i].len() != c.placements.len() {
            return out;
        }
        let places: Vec<Place> = (0..c.placements.len())
            .map(|k| self.place(c, p, k, &self.foot.placements[i][k]))
            .collect();
        match c.topology {
            Topology::SingleRegion => self.single(c, places.into_iter().next(), &mut out),
            Topology::ActiveActive => self.active_active(i, c, p, places, &mut out),
            Topology::ActivePassive => self.active_passive(i, c, p, places, &mut out),
            Topology::Cells => self.cells(c, places, &mut out),
        }
        out
    }

    /// A domain that carries the whole component failed.
    fn whole_hit(
        &self,
        i: usize,
        d: Dom,
        by: WholeBy,
        scope: Option<DataScope>,
        down: bool,
        out: &mut Outcome,
    ) {
        let c = &self.r.components[i];
        let domain = self.domain(d);
        let until = self.s.minutes_of(d);
        let share = self.s.fraction;
        let why = if self.quiet {
            String::new()
        } else {
            match by {
                WholeBy::GlobalEndpoints => format!(
                    "`{}` calls global endpoints served by {domain}, which failed",
                    c.id
                ),
                WholeBy::Change => format!("a bad production change hits `{}`", c.id),
                WholeBy::Agent | WholeBy::StagedAgent => {
                    let name = match domain {
                        DomainId::Agent(a) => a.as_str(),
                        _ => "",
                    };
                    if by == WholeBy::StagedAgent && self.s.first_ring {
                        format!(
                            "`{}` stages agent `{name}` in rings: the bad update reaches its first ring ({} of its hosts, estimate) and stops there",
                            c.id,
                            percent(FIRST_RING_SHARE)
                        )
                    } else if by == WholeBy::StagedAgent {
                        format!(
                            "`{}` stages agent `{name}` in rings, but this bad update bypasses them and reaches every host at once",
                            c.id
                        )
                    } else {
                        format!(
                            "every host of `{}` runs agent `{name}`, which failed everywhere at once",
                            c.id
                        )
                    }
                }
                WholeBy::Rollout => format!(
                    "`{}` deploys with `rollout: global`: the bad change reached every region at once",
                    c.id
                ),
                WholeBy::Certificate => format!(
                    "users reach `{}` over TLS with the expired certificate",
                    c.id
                ),
                WholeBy::Home => match domain {
                    DomainId::Room { site, room } if room == crate::rules::footing::ANY_PART => {
                        format!(
                            "`{}` names no room of site {site} (`rooms`): this is the loss of the room it is in",
                            c.id
                        )
                    }
                    DomainId::Storage { site, array }
                        if array == crate::rules::footing::ANY_PART =>
                    {
                        format!(
                            "`{}` names no storage array of site {site} (`storage`): this is the failure of the array it is on",
                            c.id
                        )
                    }
                    DomainId::Storage { .. } => {
                        format!("`{}` keeps its disks on {domain}, which failed", c.id)
                    }
                    DomainId::Feed { site, feed } if feed == crate::rules::footing::ANY_PART => {
                        format!(
                            "`{}` names no power feed of site {site} (`power`): single-corded, this is the failure of the feed it is on",
                            c.id
                        )
                    }
                    DomainId::Feed { .. } => {
                        format!("`{}` is single-corded on {domain}, which failed", c.id)
                    }
                    DomainId::Uplink { site, uplink }
                        if uplink == crate::rules::footing::ANY_PART =>
                    {
                        format!(
                            "`{}` is on site {site}, which names no uplinks (`sites[].uplinks`): this is the loss of the one it is reached through",
                            c.id
                        )
                    }
                    DomainId::Uplink { .. } => {
                        format!(
                            "`{}` is reached only through {domain}, which failed; it keeps running, cut off",
                            c.id
                        )
                    }
                    _ => format!("`{}` runs on {domain}, which failed", c.id),
                },
                WholeBy::Edge | WholeBy::Backbone => {
                    format!("`{}` runs on {domain}, which failed", c.id)
                }
                WholeBy::AllUplinks => {
                    let all: Vec<String> = self.foot.uplinks[i]
                        .iter()
                        .map(|&u| self.domain(u).to_string())
                        .collect();
                    format!(
                        "every uplink `{}` is reached through failed ({}); it keeps running, cut off until {domain} is back",
                        c.id,
                        all.join(", ")
                    )
                }
            }
        };
        let mut steps = self.failure_links(d, "failed");
        steps.push(written(StepKind::ComponentHit, self.id(c), why));
        if !down {
            out.degraded = Profile::span(0.0, until, share);
            out.chain = steps;
            return;
        }
        match by {
            WholeBy::Agent | WholeBy::StagedAgent => {
                // A fleet-wide bad update: stateless parts are rebuilt from their image,
                // stateful ones wait for their hosts to be repaired.
                let share = if by == WholeBy::StagedAgent && self.s.first_ring {
                    FIRST_RING_SHARE
                } else {
                    share
                };
                let up_at = if stateless(c) {
                    let up = until.min(STATELESS_REBUILD_MINUTES);
                    if up < until {
                        steps.push(written(
                            StepKind::ComponentHit,
                            self.id(c),
                            say!(
                                self,
                                "`{}` is stateless: rebuilt from its image in about {} (estimate)",
                                c.id,
                                fmt_minutes(up)
                            ),
                        ));
                    }
                    up
                } else {
                    until
                };
                out.down = Profile::span(0.0, up_at, share);
            }
            WholeBy::Home => {
                let rec = self.recovery(c, until);
                if let Some(words) = &rec.words {
                    steps.push(written(
                        StepKind::ComponentHit,
                        self.id(c),
                        say!(self, "`{}`: {words}", c.id),
                    ));
                }
                out.down = Profile::span(0.0, rec.up_at, share);
                out.degraded = rec.degraded.scaled(share);
            }
            _ => out.down = Profile::span(0.0, until, share),
        }
        out.chain = steps;
        if let Some(scope) = scope
            && c.data.is_some()
        {
            // A physically destroyed site/region can be recovered from a replica in
            // another healthy region; a deletion replicates, so only backups help.
            self.recover_data(c, scope, share, out);
        }
    }

    /// `c`'s data was destroyed (`scope`): the writes lost, and for a restore from backup
    /// the wait for it (docs/scoring.md 3.5).
    pub(super) fn recover_data(
        &self,
        c: &ResolvedComponent,
        scope: DataScope,
        share: f64,
        out: &mut Outcome,
    ) {
        let how = recovered(c, scope);
        out.lose_data(how.map(Recovered::lost), self.id(c));
        // Nothing survives: rebuilding from nothing takes at least as long as the slowest
        // restore from a backup would have (an untested one), so that keeping backups never
        // lengthens an outage (docs/scoring.md 3.5; an estimate).
        let floor = how.map_or_else(
            || {
                c.data.map_or(0.0, |d| {
                    d.restore_minutes * crate::rules::constants::UNVERIFIED_RESTORE_FACTOR
                })
            },
            Recovered::floor,
        );
        if floor > out.down.end() && !out.down.is_none() {
            out.down = out.down.max(&Profile::span(0.0, floor, share));
            out.chain.push(written(
                StepKind::ComponentHit,
                self.id(c),
                say!(
                    self,
                    "`{}` serves again only once its backup is restored, in {}",
                    c.id,
                    fmt_minutes(floor)
                ),
            ));
        }
    }

    /// What the scenario does to placement `k` of `c`.
    fn place(&self, c: &ResolvedComponent, p: &str, k: usize, foot: &PlacementFooting) -> Place {
        let region = c.placements[k].region.as_str();
        let zones = &c.placements[k].zones;
        let f = self.s.fraction;
        // Its region, the backbone or its service lost: the placement is lost (or, when
        // the failure hits a fraction of the fleet, that share of it).
        for &d in &foot.lost_with {
            if let Impact::Down { destroyed } = Reliance::Placement.impact(self.effects(d)) {
                // It serves again once the domain is back and one of its zones is: when
                // every zone it uses is lost for longer (a replay's part: Paris 2023, one
                // zone out for weeks after the region's hours), the first zone back.
                let zones_back = if foot.zones.is_empty() {
                    0.0
                } else {
                    foot.zones
                        .iter()
                        .map(|&z| match Reliance::Zone.impact(self.effects(z)) {
                            Impact::Down { .. } => self.s.minutes_of(z),
                            _ => 0.0,
                        })
                        .fold(f64::INFINITY, f64::min)
                };
                let until = self.s.minutes_of(d).max(zones_back);
                let mut chain = self.failure_links(d, "failed");
                if f < 1.0 {
                    let rec = self.recovery(c, until);
                    chain.push(written(
                        StepKind::ComponentHit,
                        self.id(c),
                        say!(self,
                            "the failure hits {} of the fleet: about that share of `{}` in {region} is lost",
                            percent(f),
                            c.id
                        ),
                    ));
                    return Place::Hit {
                        down: Profile::span(0.0, rec.up_at, f),
                        degraded: rec.degraded.scaled(f),
                        chain,
                    };
                }
                self.deferred_link(&mut chain, StepKind::ComponentHit, c, || {
                    LinkText::LosesPlacement {
                        region: Rc::from(region),
                    }
                });
                return Place::Lost {
                    chain,
                    scope: destroyed.then_some(DataScope::Region),
                    until,
                };
            }
        }
        // It must launch capacity while it works (`needs_launches`): with a control plane
        // of this region down, the placement cannot serve, whatever its zones or services
        // do meanwhile (a lost zone's capacity, a degraded service: found by a review, a
        // Kinesis-rooted event left it degraded where a DynamoDB-rooted one, failing the
        // same control plane, took it down). Only every zone lost for longer is worse, and
        // the zones below say so.
        if c.needs_launches
            && let Some(d) = self.blocked_control(&foot.controls)
            && !(foot.zones.len() == zones.len()
                && !foot.zones.is_empty()
                && foot.zones.iter().all(|&z| {
                    matches!(Reliance::Zone.impact(self.effects(z)), Impact::Down { .. })
                        && self.s.minutes_of(z) > self.s.minutes_of(d)
                }))
        {
            let mut chain = self.failure_links(d, "is down");
            chain.push(written(
                StepKind::ComponentHit,
                self.id(c),
                say!(self,
                    "`{}` must launch capacity while it works (`needs_launches`) and cannot in {region}",
                    c.id
                ),
            ));
            if f < 1.0 {
                return Place::Hit {
                    down: Profile::span(0.0, self.s.minutes_of(d), f),
                    degraded: Profile::none(),
                    chain,
                };
            }
            return Place::Lost {
                chain,
                scope: None,
                until: self.s.minutes_of(d),
            };
        }
        // Its zones.
        let n = zones.len();
        let mut lost: Vec<(usize, f64)> = Vec::new();
        let mut degraded_zones: Vec<(usize, f64)> = Vec::new();
        let mut destroyed = false;
        for (z, &d) in foot.zones.iter().enumerate() {
            match Reliance::Zone.impact(self.effects(d)) {
                Impact::Down { destroyed: dd } => {
                    lost.push((z, self.s.minutes_of(d)));
                    destroyed |= dd;
                }
                Impact::Degraded => degraded_zones.push((z, self.s.minutes_of(d))),
                _ => {}
            }
        }
        if let Some(&(first, _)) = lost.first() {
            let zone_dom = foot.zones[first];
            let mut chain = self.failure_links(zone_dom, "failed");
            let until = lost.iter().map(|(_, m)| *m).fold(0.0, f64::max);
            if lost.len() == n && f >= 1.0 {
                chain.push(written(
                    StepKind::ComponentHit,
                    self.id(c),
                    say!(
                        self,
                        "`{}` runs only in {} in {region}",
                        c.id,
                        if n == 1 {
                            format!("{} {}", noun(c), zones[0])
                        } else {
                            format!("the failed {}s", noun(c))
                        }
                    ),
                ));
                return Place::Lost {
                    chain,
                    scope: destroyed.then_some(DataScope::Zone),
                    until,
                };
            }
            if c.is_stateful() && !c.provider_scaled {
                // A primary and standbys: losing a standby's zone costs nothing; losing
                // the primary's (the first listed) zone costs an in-zone failover. A
                // provider-scaled store (S3, DynamoDB, SQS ...) keeps every write in
                // several zones and serves from the rest (quorum replication): it is
                // load-sharing capacity the provider sizes, handled below.
                let Some(&(_, t)) = lost.iter().find(|(z, _)| *z == 0) else {
                    return Place::Healthy;
                };
                if lost.len() == n {
                    // Every zone hit, partly: that share of the data lost until it returns.
                    let rec = self.recovery(c, t);
                    chain.push(written(
                        StepKind::ComponentHit,
                        self.id(c),
                        say!(self,
                            "the failure hits {} of the zone's fleet: about that share of `{}` is lost in {region}",
                            percent(f),
                            c.id
                        ),
                    ));
                    return Place::Hit {
                        down: Profile::span(0.0, rec.up_at, f),
                        degraded: rec.degraded.scaled(f),
                        chain,
                    };
                }
                let m = t.min(ZONE_FAILOVER_MINUTES);
                chain.push(written(
                    StepKind::FailoverWorked,
                    self.id(c),
                    say!(self,
                        "`{}` has its primary in {}: it fails over to a standby in another of its {n} {}s in {region} in about {}{}",
                        c.id,
                        zones[0],
                        noun(c),
                        fmt_minutes(m),
                        if f < 1.0 {
                            format!(" (the failure hits {} of the zone's fleet)", percent(f))
                        } else {
                            String::new()
                        }
                    ),
                ));
                return Place::Hit {
                    down: Profile::span(0.0, m, f),
                    degraded: Profile::none(),
                    chain,
                };
            }
            // Load-sharing replicas: the survivors carry the load with their headroom.
            let lost_share: f64 = lost.len() as f64 * f / n as f64;
            if c.fails_open {
                // Health checks that fail open (docs/scoring.md 3.7): requests keep going
                // to the lost zones, whatever the headroom, until they serve again.
                let rec = self.recovery(c, until);
                chain.push(written(
                    StepKind::ComponentHit,
                    self.id(c),
                    say!(self,
                        "`{}`'s health checks do not take the failed {}s out of rotation (`health_checks: false`): {} of its requests in {region} keep going there and get errors (its users degraded: a retry may land elsewhere)",
                        c.id,
                        noun(c),
                        percent(lost_share)
                    ),
                ));
                return Place::Hit {
                    down: Profile::none(),
                    degraded: Profile::span(0.0, rec.up_at, lost_share)
                        .max(&rec.degraded.scaled(lost_share)),
                    chain,
                };
            }
            let capacity = (1.0 - lost_share) * (1.0 + c.headroom_percent / 100.0);
            if capacity + 1e-9 >= 1.0 {
                return Place::Healthy;
            }
            // With a control plane it needs down, capacity launches once the last of them
            // is back (a replayed incident's control-plane part can end long before its
            // zone comes back: aws-2012-06-29-use1-power, 66 minutes of a 7-hour outage).
            let (minutes, launch) = match self.control_blocked_any(&foot.controls) {
                _ if matches!(c.home, Home::Site(_)) => (until, Launch::OwnSite),
                Some(d) => {
                    let back = foot
                        .controls
                        .iter()
                        .filter(|&&x| self.control_blocked(x).is_some())
                        .map(|&x| self.s.minutes_of(x))
                        .fold(0.0, f64::max);
                    (until.min(back + LAUNCH_MINUTES), Launch::Blocked(d.clone()))
                }
                None => (until.min(LAUNCH_MINUTES), Launch::InAbout(LAUNCH_MINUTES)),
            };
            self.deferred_link(&mut chain, StepKind::ComponentHit, c, || {
                LinkText::KeepsCapacity {
                    region: Rc::from(region),
                    capacity: (capacity * 100.0).min(100.0),
                    headroom: c.headroom_percent,
                    launch,
                }
            });
            // The missing share of capacity is the share of requests degraded.
            return Place::Hit {
                down: Profile::none(),
                degraded: Profile::span(0.0, minutes, 1.0 - capacity),
                chain,
            };
        }
        // A gray zone (packet loss, slow disks): its nodes answer slowly or fail a share `f`
        // of requests; what absorbs it is decided with the component's other capacity.
        if let Some(&(first, t)) = degraded_zones.first() {
            if c.is_stateful() && !degraded_zones.iter().any(|(z, _)| *z == 0) {
                // Only its primary serves: standbys in a gray zone cost nothing.
                return Place::Healthy;
            }
            let share = if c.is_stateful() {
                f
            } else {
                degraded_zones.len() as f64 * f / n.max(1) as f64
            };
            return Place::Gray {
                share,
                until: t,
                chain: self.failure_links(foot.zones[first], "is degraded"),
            };
        }
        // Degraded with its region, backbone or service.
        for &d in &foot.lost_with {
            if Reliance::Placement.impact(self.effects(d)) == Impact::Degraded {
                let mut chain = self.failure_links(d, "is degraded");
                self.deferred_link(&mut chain, StepKind::ComponentHit, c, || {
                    LinkText::DegradedWith {
                        region: Rc::from(region),
                    }
                });
                return Place::Hit {
                    down: Profile::none(),
                    degraded: Profile::span(0.0, self.s.minutes_of(d), f),
                    chain,
                };
            }
        }
        // A retry storm in its region, without the headroom to ride it out.
        if c.headroom_percent < HEADROOM_TO_ABSORB
            && Reliance::Placement.impact(self.effects(foot.region)) == Impact::Squeezed
        {
            let mut chain = self.failure_links(foot.region, "is overloaded (retry storm)");
            chain.push(written(
                StepKind::ComponentHit,
                self.id(c),
                say!(self,
                    "`{}` has {} % headroom in {region}, below the {} % that rides out a retry storm",
                    c.id, Whole(c.headroom_percent), Whole(HEADROOM_TO_ABSORB)
                ),
            ));
            return Place::Hit {
                down: Profile::none(),
                degraded: Profile::span(0.0, self.s.minutes_of(foot.region), f),
                chain,
            };
        }
        // Its region's control plane down while it scales with demand: the load above the
        // capacity it runs with cannot be launched.
        if matches!(c.kind, Kind::Compute | Kind::Container)
            && !c.provider_scaled
            && c.headroom_percent < HEADROOM_TO_ABSORB
            && let Some(d) = self.blocked_control(&foot.controls)
        {
            let mut chain = self.failure_links(d, "is down");
            chain.push(written(
                StepKind::ComponentHit,
                self.id(c),
                say!(self,
                    "`{}` scales with demand ({} % headroom) and cannot launch capacity in {region}: about {} of its requests are served slowly or fail (estimate)",
                    c.id,
                    Whole(c.headroom_percent),
                    percent(SCALE_OUT_SHARE)
                ),
            ));
            return Place::Hit {
                down: Profile::none(),
                degraded: Profile::span(0.0, self.s.minutes_of(d), SCALE_OUT_SHARE),
                chain,
            };
        }
        let _ = p;
        Place::Healthy
    }

    /// What gray zones impairing `share` of a component's serving capacity do to it, when
    /// `spread` of its capacity is in other zones or regions that can take requests: load
    /// balancing and client retries move requests off slow nodes, and the rest absorbs them
    /// with its headroom exactly like a lost share; what it cannot absorb is served degraded
    /// for as long as the zone is (it is not down, so nothing replaces it). A stateful
    /// component serves from its primary alone: its share is degraded.
    pub(super) fn gray(
        &self,
        c: &ResolvedComponent,
        share: f64,
        until: f64,
        spread: bool,
        mut chain: Chain,
        where_: &str,
    ) -> Place {
        // Health checks that fail open keep sending requests to the gray nodes: nothing
        // absorbs them (docs/scoring.md 3.7).
        let capacity = if c.is_stateful() || !spread || c.fails_open {
            1.0 - share
        } else {
            (1.0 - share) * (1.0 + c.headroom_percent / 100.0)
        };
        if capacity + 1e-9 >= 1.0 {
            return Place::Healthy;
        }
        let degraded = (1.0 - capacity).min(1.0);
        chain.push(written(
            StepKind::ComponentHit,
            self.id(c),
            say!(
                self,
                "{} of `{}`'s requests {where_} are slow or fail: {}",
                percent(degraded),
                c.id,
                if c.is_stateful() {
                    "its primary is in the degraded zone".to_owned()
                } else if spread && c.fails_open {
                    "its health checks keep the degraded nodes in rotation (`health_checks: false`)"
                        .to_owned()
                } else if !spread {
                    "it has nowhere else to send them".to_owned()
                } else {
                    format!(
                        "its other capacity takes them only in part ({} % headroom)",
                        Whole(c.headroom_percent)
                    )
                }
            ),
        ));
        Place::Hit {
            down: Profile::none(),
            degraded: Profile::span(0.0, until, degraded),
            chain,
        }
    }

    /// The first of `controls` whose control actions fail in this scenario.
    fn blocked_control(&self, controls: &[Dom]) -> Option<Dom> {
        controls
            .iter()
            .copied()
            .find(|&d| Reliance::Control.impact(self.effects(d)) == Impact::Blocked)
    }

    /// The first of `controls` blocked in this scenario.
    /// Adds a link about component `c` whose sentence is written only if a report shows
    /// it; a quiet player (suggestions' measuring) adds it without a sentence and without
    /// building its facts.
    pub(super) fn deferred_link(
        &self,
        chain: &mut Chain,
        kind: StepKind,
        c: &ResolvedComponent,
        text: impl FnOnce() -> LinkText,
    ) {
        if self.quiet {
            chain.push(written(kind, self.id(c), String::new()));
        } else {
            chain.link(kind, self.id(c).clone(), text());
        }
    }

    pub(super) fn control_blocked_any(&self, controls: &[Dom]) -> Option<&DomainId> {
        controls.iter().find_map(|&d| self.control_blocked(d))
    }
}
