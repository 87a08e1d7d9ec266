//! Resolution: the description with every default applied and every fault domain derived.
//!
//! The engine never reads an `Option` of the model twice: it reads a [`Resolved`] view in
//! which each default documented on the model is applied once, here. Nothing is written
//! back into the description.

use crate::rules::constants::{
    DEFAULT_BACKUP_INTERVAL, DEFAULT_DETECT_AUTOMATIC, DEFAULT_DETECT_MANUAL,
    DEFAULT_REPLICATION_LAG, DEFAULT_RESTORE, DEFAULT_SWITCH, DEFAULT_SWITCH_CLIENT,
    DEFAULT_TOLERANCE_MINUTES, PROVIDER_SCALED_HEADROOM, UNVERIFIED_RESTORE_FACTOR, VENDOR_ZONES,
};
use crate::sort::Stable;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::catalogue::{Catalogue, ProviderProfile, ServiceScope};
use crate::domain::DomainId;
use crate::graph::Indexed;
use crate::model::{
    AiAssisted, Architecture, BackupLocation, Criticality, DEFAULT_AVAILABILITY, DataSpec,
    Dependency, Failover, Kind, OnDataLoss, Replication, Rollout, Standby, Topology, Trigger, Via,
    Zones,
};

/// A component placement in one region, zones named.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedPlacement {
    /// Region name.
    pub region: String,
    /// Zone names (really used: at most `replicas`).
    pub zones: Vec<String>,
}

/// Failover with defaults applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResolvedFailover {
    /// Automatic or manual.
    pub trigger: Trigger,
    /// Mechanism.
    pub via: Via,
    /// Minutes to decide.
    pub detect_minutes: f64,
    /// Minutes to switch.
    pub switch_minutes: f64,
    /// Whether it calls provider APIs.
    pub needs_control_plane: bool,
    /// `on_data_loss: wait`: a stateful component declines a failover that would lose
    /// writes and waits for its primary's region instead.
    pub wait_for_data: bool,
    /// `fenced: false`: the old primary is not cut off before a promotion.
    pub unfenced: bool,
    /// Declared minutes a component's standby takes to start serving after the decision
    /// (`bring_up_minutes`; an `any_of` group's is part of `switch_minutes`).
    pub bring_up_minutes: Option<f64>,
}

impl ResolvedFailover {
    /// A component's failover with defaults applied: `manual`, via `dns`, needing the
    /// control plane (a failover that edits records or launches capacity), with the timing
    /// defaults of [`ResolvedFailover::timing`].
    pub fn for_component(f: Option<&Failover>) -> Self {
        Self::with(f, Trigger::Manual, Via::Dns, true)
    }

    /// An `any_of` group's switch with defaults applied: `automatic`, by the client, no
    /// control plane, and the same timing rule as a component's.
    ///
    /// A declared `bring_up_minutes` (an alternative that must be started, like a cold
    /// disaster-recovery site) adds to the switch: the group moves to an alternative only
    /// when it serves. `split`: the group shares its load, so every alternative already
    /// serves and none is started (validation says the field is ignored).
    pub fn for_group(f: Option<&Failover>, split: bool) -> Self {
        let mut r = Self::with(f, Trigger::Automatic, Via::Client, false);
        if let Some(b) = r.bring_up_minutes.take()
            && !split
        {
            r.switch_minutes += b;
        }
        r
    }

    /// The timing defaults, the same for components and `any_of` groups: detection takes
    /// [`DEFAULT_DETECT_MANUAL`] minutes for a person, [`DEFAULT_DETECT_AUTOMATIC`] for a
    /// health check, and nothing for a client that sees its own request fail; moving
    /// traffic takes [`DEFAULT_SWITCH`] minutes, or [`DEFAULT_SWITCH_CLIENT`] for a client
    /// that retries elsewhere.
    pub fn timing(trigger: Trigger, via: Via) -> (f64, f64) {
        let detect = match (trigger, via) {
            (Trigger::Manual, _) => DEFAULT_DETECT_MANUAL,
            (Trigger::Automatic, Via::Client) => 0.0,
            (Trigger::Automatic, _) => DEFAULT_DETECT_AUTOMATIC,
        };
        let switch = if via == Via::Client {
            DEFAULT_SWITCH_CLIENT
        } else {
            DEFAULT_SWITCH
        };
        (detect, switch)
    }

    fn with(f: Option<&Failover>, trigger: Trigger, via: Via, needs_cp: bool) -> Self {
        let trigger = f.and_then(|f| f.trigger).unwrap_or(trigger);
        let via = f.and_then(|f| f.via).unwrap_or(via);
        let (detect, switch) = Self::timing(trigger, via);
        // Through DNS, resolvers and clients keep the old answer for the records' time to
        // live after the switch: it adds to the time to move traffic.
        let ttl = match (via, f.and_then(|f| f.dns_ttl_seconds)) {
            (Via::Dns, Some(s)) if s.is_finite() && s > 0.0 => s / 60.0,
            _ => 0.0,
        };
        ResolvedFailover {
            trigger,
            via,
            detect_minutes: f.and_then(|f| f.detect_minutes).unwrap_or(detect),
            switch_minutes: f.and_then(|f| f.switch_minutes).unwrap_or(switch) + ttl,
            needs_control_plane: f.and_then(|f| f.needs_control_plane).unwrap_or(needs_cp),
            wait_for_data: f.and_then(|f| f.on_data_loss) == Some(OnDataLoss::Wait),
            unfenced: f.and_then(|f| f.fenced) == Some(false),
            bring_up_minutes: f
                .and_then(|f| f.bring_up_minutes)
                .filter(|m| m.is_finite() && *m >= 0.0),
        }
    }

    /// Detect + switch.
    pub fn minutes(&self) -> f64 {
        self.detect_minutes + self.switch_minutes
    }
}

/// Durable data with defaults applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResolvedData {
    /// Cross-region replication.
    pub replication: Replication,
    /// Lag of async replication, minutes.
    pub lag_minutes: f64,
    /// Where backups are.
    pub backups: BackupLocation,
    /// Minutes between backups.
    pub backup_interval_minutes: f64,
    /// Minutes to restore (doubled when the backups were never restored in a drill).
    pub restore_minutes: f64,
}

/// Where a component lives, by provider type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Home {
    /// A provider with a profile or an unknown cloud-like provider.
    Provider(String),
    /// `on-prem:<site>`.
    Site(String),
    /// `saas:<vendor>`.
    Saas(String),
}

/// A component with defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedComponent {
    /// Id.
    pub id: Arc<str>,
    /// Its position in [`Resolved::components`] (and in the description's `components`).
    pub index: usize,
    /// Kind.
    pub kind: Kind,
    /// The canonical provider id (profile id when known) or the name as written.
    pub provider: String,
    /// Where it lives.
    pub home: Home,
    /// The cloud provider its `placements` are on: its own provider, or for a third
    /// party's service the provider it runs on (`runs_on`, even with no region named).
    /// `None`: on a site, or a vendor's service with no `runs_on`.
    pub placed_on: Option<String>,
    /// The service, canonical name when known.
    pub service: Option<String>,
    /// Whether the service is one of the provider's global services.
    pub global_service: bool,
    /// Placements.
    pub placements: Vec<ResolvedPlacement>,
    /// Topology.
    pub topology: Topology,
    /// Standby (active-passive only).
    pub standby: Standby,
    /// Failover.
    pub failover: ResolvedFailover,
    /// Headroom percent.
    pub headroom_percent: f64,
    /// Agents that update everywhere at once.
    pub agents: Vec<String>,
    /// Agents whose updates are staged in rings.
    pub staged_agents: Vec<String>,
    /// Rollout.
    pub rollout: Rollout,
    /// Calls global endpoints.
    pub global_endpoints: bool,
    /// Dependencies.
    pub depends_on: Vec<ResolvedDependency>,
    /// Durable data: declared, or the defaults for a kind that holds state.
    pub data: Option<ResolvedData>,
    /// The provider sizes it (a serverless service: S3, SQS, DynamoDB, Lambda ...): no
    /// capacity of the customer's to lose or to scale.
    pub provider_scaled: bool,
    /// For a CDN: what it serves from cache while its origin is down.
    pub cache: Option<ResolvedCache>,
    /// Other managed services it needs in each of its regions (canonical names; one the
    /// provider's profile does not know is the generic exposure `*`).
    pub uses_services: Vec<String>,
    /// It must launch capacity while it works: a control plane down in one of its regions
    /// takes that placement down.
    pub needs_launches: bool,
    /// `health_checks: false`: requests keep going to its lost or gray zones.
    pub fails_open: bool,
    /// Declared minutes to serve again after the domain under it returns.
    pub recovery_minutes: Option<f64>,
    /// Components it needs only when it starts (indices, sorted, deduplicated).
    pub needs_at_start: Vec<usize>,
    /// On an own site: the storage array it is on (`local`: its own disks); `None`: not
    /// named (one array of the site, unknown).
    pub storage: Option<String>,
    /// On an own site: `dual`, or the feed it is single-corded on; `None`: not named
    /// (single-corded on some feed).
    pub power: Option<String>,
    /// On an own site: the site's uplinks (`sites[].uplinks`), as written (validation
    /// rejects duplicates); empty: not named (one uplink of the site, unknown).
    pub uplinks: Vec<String>,
}

/// What a CDN serves from its cache while its origin is down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResolvedCache {
    /// Share of requests answered from the cache, in [0, 1].
    pub share: f64,
    /// Minutes the cached content stays fresh after the origin stops answering.
    pub window_minutes: f64,
}

impl ResolvedComponent {
    /// It moves its traffic between regions by DNS: active-passive or active-active over
    /// several regions, `failover.via: dns` (the default).
    fn fails_over_by_dns(&self) -> bool {
        self.failover.via == Via::Dns
            && self.placements.len() > 1
            && matches!(
                self.topology,
                Topology::ActivePassive | Topology::ActiveActive
            )
    }

    /// Where its `placements` are: the cloud provider they are on (`placed_on`), or for a
    /// component on an own site that names rooms, the site (its one placement's zones are
    /// the rooms). `None`: it has no placement.
    pub(crate) fn placed_at(&self) -> Option<&str> {
        match (&self.placed_on, &self.home) {
            (Some(p), _) => Some(p),
            (None, Home::Site(s)) if !self.placements.is_empty() => Some(s),
            _ => None,
        }
    }

    /// Whether it holds durable state: a database or a queue, or anything with a `data`
    /// block. Its copies in several zones are a primary and standbys, not load-sharing
    /// replicas: losing the primary's zone costs an in-zone failover, losing a standby's
    /// zone costs nothing (docs/scoring.md).
    pub fn is_stateful(&self) -> bool {
        self.data.is_some()
    }
}

/// Whether a component of this kind holds durable state even without a `data` block.
pub fn holds_state(kind: Kind) -> bool {
    matches!(kind, Kind::Database | Kind::Queue)
}

/// A dependency with component ids resolved to indices.
#[derive(Debug, Clone, PartialEq)]
pub enum ResolvedDependency {
    /// One component.
    One {
        /// Component index.
        index: usize,
        /// Hard or soft.
        hard: bool,
    },
    /// Any one of several.
    AnyOf {
        /// The group as causal chains and fault trees name it: `any of [a, b]`, each
        /// alternative by its id or its own group name, written once here.
        name: Arc<str>,
        /// Its number among the description's groups, counted depth first through the
        /// components' dependencies, then the journeys' entries: a player keeps the names
        /// in a table of its own ([`crate::propagate::Player`]).
        group: usize,
        /// Alternatives.
        alternatives: Vec<ResolvedDependency>,
        /// Switch between them.
        failover: ResolvedFailover,
        /// Hard or soft.
        hard: bool,
        /// The share of the load (0 to 1) each alternative carries, in order, when the
        /// description splits it (`shares_percent`); empty when the first carries all.
        shares: Vec<f64>,
    },
}

impl ResolvedDependency {
    /// Whether it is hard (down with it) rather than soft (degraded by it).
    pub fn is_hard(&self) -> bool {
        match self {
            ResolvedDependency::One { hard, .. } | ResolvedDependency::AnyOf { hard, .. } => *hard,
        }
    }

    /// An `any_of` group, or one nested in it, that switches between its alternatives by
    /// DNS (`failover.via: dns`; the component ids it names are walked on their own).
    fn switches_by_dns(&self) -> bool {
        match self {
            ResolvedDependency::One { .. } => false,
            ResolvedDependency::AnyOf {
                alternatives,
                failover,
                ..
            } => failover.via == Via::Dns || alternatives.iter().any(Self::switches_by_dns),
        }
    }

    /// Appends every component index it names, alternatives of `any_of` groups included,
    /// depth first.
    pub fn indices(&self, out: &mut Vec<usize>) {
        match self {
            ResolvedDependency::One { index, .. } => out.push(*index),
            ResolvedDependency::AnyOf { alternatives, .. } => {
                alternatives.iter().for_each(|a| a.indices(out))
            }
        }
    }
}

/// A journey with defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedJourney {
    /// Name.
    pub name: String,
    /// Entries.
    pub entry: Vec<ResolvedDependency>,
    /// Criticality.
    pub criticality: Criticality,
    /// Availability target, percent.
    pub target_availability: f64,
    /// RTO, minutes.
    pub rto_minutes: Option<f64>,
    /// RPO, minutes.
    pub rpo_minutes: Option<f64>,
    /// Interruptions shorter than this are not outages, minutes.
    pub tolerance_minutes: f64,
    /// True when derived from a root component because no journeys were declared.
    pub implicit: bool,
}

/// Where monitoring runs: the domains whose failure blinds it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResolvedMonitoring {
    /// Each independent monitoring system (primary, then secondaries). Empty: none
    /// declared, and failovers are assumed to be noticed (validation warns).
    pub systems: Vec<MonitoringSystem>,
}

/// One monitoring system.
#[derive(Debug, Clone, PartialEq)]
pub struct MonitoringSystem {
    /// Provider as resolved.
    pub provider: String,
    /// Any one of these failed blinds it.
    pub blinded_by_any: Vec<DomainId>,
    /// The regions it runs in, each as the domains any one of which blinds it there (the
    /// region's data plane, and its monitoring service there when one is named): it is
    /// blind when every region is (empty: not regional).
    pub regions: Vec<Vec<DomainId>>,
    /// The component of the system it runs on (`monitoring.component`): it is blind when
    /// what that component rests on fails, instead of its provider's domains.
    pub component: Option<usize>,
}

/// The whole architecture, resolved.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// Components, in input order (shared: a changed copy measured for a suggestion keeps
    /// its baseline's resolution of the components it did not change,
    /// [`crate::engine::Reuse`]).
    pub components: Vec<Arc<ResolvedComponent>>,
    /// Journeys.
    pub journeys: Vec<ResolvedJourney>,
    /// Monitoring.
    pub monitoring: ResolvedMonitoring,
    /// Whether `operations.monitoring` is declared. Without it, manual failovers are
    /// assumed not to happen: monitoring is assumed to be where it is blind (validation
    /// warns), so declaring it never makes a score worse.
    pub monitoring_declared: bool,
    /// Automated rollback of bad changes.
    pub automated_rollback: bool,
    /// AI agents changing production.
    pub ai_assisted: AiAssisted,
    /// DNS providers serving the system's names: the providers of the `dns` components some
    /// journey reaches. When empty, each component's own provider's DNS is assumed.
    pub dns_providers: Vec<String>,
}

impl Resolved {
    /// Whether `other` (a changed copy's resolution, with as many components) resolves
    /// every component not marked in `changed` exactly as this does, and everything about
    /// the system as a whole (journeys, monitoring, rollback, AI agents, DNS providers)
    /// too. Every field is named, so a field added later must be compared here as well.
    pub(crate) fn same_around(&self, other: &Resolved, changed: &[bool]) -> bool {
        let Resolved {
            components,
            journeys,
            monitoring,
            monitoring_declared,
            automated_rollback,
            ai_assisted,
            dns_providers,
        } = self;
        components.len() == other.components.len()
            && changed.len() == components.len()
            && *journeys == other.journeys
            && *monitoring == other.monitoring
            && *monitoring_declared == other.monitoring_declared
            && *automated_rollback == other.automated_rollback
            && *ai_assisted == other.ai_assisted
            && *dns_providers == other.dns_providers
            && components
                .iter()
                .zip(&other.components)
                .zip(changed)
                .all(|((a, b), &changed)| changed || Arc::ptr_eq(a, b) || a == b)
    }
}

pub(crate) fn canonical_provider<'c>(
    catalogue: &'c Catalogue,
    written: &str,
) -> (String, Home, Option<&'c ProviderProfile>) {
    if let Some(site) = written.strip_prefix("on-prem:") {
        return (written.to_owned(), Home::Site(site.to_owned()), None);
    }
    if written.starts_with("saas:") {
        return (written.to_owned(), Home::Saas(written.to_owned()), None);
    }
    match catalogue.provider(written) {
        Some(p) if p.id != "generic" => {
            // Borrowed, not cloned: a profile is a few hundred strings, and this runs once
            // per component.
            (p.id.clone(), Home::Provider(p.id.clone()), Some(p))
        }
        _ => (written.to_owned(), Home::Provider(written.to_owned()), None),
    }
}

/// Resolves an architecture. Assumes it passed validation without errors; anything it
/// cannot resolve (an unknown id) is skipped rather than guessed.
///
/// # Complexity
///
/// O(components + references × log components).
pub fn resolve(arch: &Architecture, catalogue: &Catalogue) -> Resolved {
    resolve_indexed(arch, catalogue, &Indexed::new(arch), None)
}

/// What a changed copy's resolution takes from its baseline's: the baseline's
/// resolution and, per component, whether the copy describes it exactly as the baseline
/// does ([`crate::engine::Reuse`], which checks what else must be the same).
pub(crate) type Kept<'b> = (&'b Resolved, &'b [bool]);

/// The baseline's resolution of component `i`, when its description is unchanged.
fn kept_component<'b>((base, unchanged): Kept<'b>, i: usize) -> Option<&'b Arc<ResolvedComponent>> {
    if unchanged.get(i).copied().unwrap_or(false) {
        base.components.get(i)
    } else {
        None
    }
}

/// How many `any_of` groups `deps` hold, nested ones included: how far [`number_groups`]
/// counts over them.
fn group_count(deps: &[ResolvedDependency]) -> usize {
    deps.iter()
        .map(|d| match d {
            ResolvedDependency::AnyOf { alternatives, .. } => 1 + group_count(alternatives),
            ResolvedDependency::One { .. } => 0,
        })
        .sum()
}

/// [`resolve`] with the description's id index and dependency graph already made; with
/// `kept`, the baseline's resolution of every unchanged component of a changed copy
/// ([`crate::engine::Reuse`] says why that is the copy's own).
pub(crate) fn resolve_indexed(
    arch: &Architecture,
    catalogue: &Catalogue,
    indexed: &Indexed<'_>,
    kept: Option<Kept<'_>>,
) -> Resolved {
    let index = &indexed.index;
    let changes = &arch.operations.changes;
    let default_rollout = changes.rollout.unwrap_or(Rollout::Staged);
    // Each own site's declared facts (the first entry of a name: a second is an error).
    let mut sites: BTreeMap<&str, &crate::model::Site> = BTreeMap::new();
    for s in &arch.sites {
        sites.entry(s.name.as_str()).or_insert(s);
    }
    let mut components = Vec::with_capacity(arch.components.len());
    // The zones `zones: n` names in a region, named once per profile (many components
    // share a region, and naming is formatting). Keyed by the profile itself (its address),
    // not its id: a catalogue built in code may hold two profiles with one id.
    type Profile = Option<*const ProviderProfile>;
    let mut named: BTreeMap<(Profile, &str, usize), Vec<String>> = BTreeMap::new();
    // The `any_of` groups numbered so far, here and in the baseline.
    let (mut groups, mut base_groups) = (0, 0);
    for (i, c) in arch.components.iter().enumerate() {
        if let Some(kept) = kept {
            let base_before = base_groups;
            if let Some(b) = kept.0.components.get(i) {
                base_groups += group_count(&b.depends_on);
            }
            if let Some(kept) = kept_component(kept, i) {
                let own = group_count(&kept.depends_on);
                if own == 0 || base_before == groups {
                    groups += own;
                    components.push(Arc::clone(kept));
                    continue;
                }
            }
        }
        let (provider, home, profile) = canonical_provider(catalogue, &c.provider);
        let is_saas = matches!(home, Home::Saas(_));
        let service_profile = c
            .service
            .as_deref()
            .and_then(|s| profile.and_then(|p| p.service(s)));
        // A service the provider's profile does not know is scored as no service: the
        // provider's generic regional exposure (less detail never means less risk).
        let service = match service_profile {
            Some(sp) => Some(sp.name.clone()),
            None if profile.is_some_and(|p| !p.services.is_empty()) => None,
            None => c.service.clone(),
        };
        let global_service = service_profile.is_some_and(|s| s.scope == ServiceScope::Global);
        let mut placements = c
            .regions
            .iter()
            .map(|p| {
                let mut zones: Vec<String> = match &p.zones {
                    Zones::Named(names) => names.clone(),
                    Zones::Count(n) => {
                        let n = usize::try_from(*n).unwrap_or(0).min(26);
                        named
                            .entry((profile.map(std::ptr::from_ref), &p.name, n))
                            .or_insert_with(|| {
                                (0..n)
                                    .map(|i| match profile {
                                        Some(prof) => prof.zone_name(&p.name, i),
                                        None => format!("{}-{}", p.name, i + 1),
                                    })
                                    .collect()
                            })
                            .clone()
                    }
                };
                if let Some(r) = c.replicas {
                    zones.truncate(usize::try_from(r).unwrap_or(usize::MAX).max(1));
                }
                ResolvedPlacement {
                    region: p.name.clone(),
                    zones,
                }
            })
            .collect::<Vec<_>>();
        let mut topology = c.topology.unwrap_or(if placements.len() > 1 {
            Topology::ActivePassive
        } else {
            Topology::SingleRegion
        });
        let mut placed_on = match &home {
            Home::Provider(p) => Some(p.clone()),
            _ => None,
        };
        let mut failover = ResolvedFailover::for_component(c.failover.as_ref());
        let mut vendor = None;
        if let (Home::Saas(_), Some(ro)) = (&home, &c.runs_on) {
            // Where a vendor runs its service: its placements are on that provider, and the
            // vendor moves traffic between its regions by itself.
            let (p, _, prof) = canonical_provider(catalogue, &ro.provider);
            let sp = ro
                .service
                .as_deref()
                .and_then(|s| prof.and_then(|pr| pr.service(s)));
            vendor = Some(match sp {
                Some(sp) => (Some(sp.name.clone()), sp.scope == ServiceScope::Global),
                None if prof.is_some_and(|pr| !pr.services.is_empty()) => (None, false),
                None => (ro.service.clone(), false),
            });
            placements = vendor_placements(catalogue, &p, prof, &ro.regions);
            topology = if placements.len() > 1 {
                Topology::ActiveActive
            } else {
                Topology::SingleRegion
            };
            failover = ResolvedFailover {
                trigger: Trigger::Automatic,
                via: Via::Client,
                detect_minutes: DEFAULT_DETECT_AUTOMATIC,
                switch_minutes: DEFAULT_SWITCH,
                needs_control_plane: false,
                wait_for_data: false,
                unfenced: false,
                bring_up_minutes: None,
            };
            placed_on = Some(p);
        }
        let on_site = matches!(home, Home::Site(_));
        let uplinks = match &home {
            Home::Site(site) => sites
                .get(site.as_str())
                .map(|s| s.uplinks.clone())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        if let Home::Site(site) = &home {
            // An own site has rooms, not regions (`regions` there is `field-ignored`): the
            // rooms it names are the zones of one placement at the site, which no regional
            // event reaches (`placed_on` stays empty).
            let mut rooms: Vec<String> = Vec::new();
            for r in &c.rooms {
                if !rooms.contains(r) {
                    rooms.push(r.clone());
                }
            }
            if let Some(n) = c.replicas {
                rooms.truncate(usize::try_from(n).unwrap_or(usize::MAX).max(1));
            }
            placements = if rooms.is_empty() {
                Vec::new()
            } else {
                vec![ResolvedPlacement {
                    region: site.clone(),
                    zones: rooms,
                }]
            };
            topology = Topology::SingleRegion;
        }
        let declared = c
            .data
            .clone()
            .or_else(|| holds_state(c.kind).then(DataSpec::default));
        let data = declared.as_ref().map(|d| ResolvedData {
            replication: d.replication.unwrap_or(if placements.len() > 1 {
                Replication::Async
            } else {
                Replication::None
            }),
            lag_minutes: d.replication_lag_minutes.unwrap_or(DEFAULT_REPLICATION_LAG),
            backups: d.backups.unwrap_or(BackupLocation::None),
            backup_interval_minutes: d.backup_interval_minutes.unwrap_or(DEFAULT_BACKUP_INTERVAL),
            restore_minutes: d.restore_minutes.unwrap_or(DEFAULT_RESTORE)
                * if d.backups_verified == Some(false) {
                    UNVERIFIED_RESTORE_FACTOR
                } else {
                    1.0
                },
        });
        let uses_services: Vec<String> = {
            let set: BTreeSet<String> = c
                .uses_services
                .iter()
                .map(|s| match profile.and_then(|p| p.service(s)) {
                    Some(sp) => sp.name.clone(),
                    None if profile.is_some_and(|p| !p.services.is_empty()) => {
                        crate::rules::footing::ANY_SERVICE.to_owned()
                    }
                    None => s.clone(),
                })
                .filter(|s| service.as_deref() != Some(s.as_str()))
                .collect();
            set.into_iter().collect()
        };
        let mut resolved = ResolvedComponent {
            id: Arc::from(c.id.as_str()),
            index: i,
            kind: c.kind,
            provider,
            home,
            placed_on,
            service: vendor.as_ref().map_or(service, |(s, _)| s.clone()),
            global_service: vendor.as_ref().map_or(global_service, |(_, g)| *g),
            placements,
            topology,
            standby: c.standby.unwrap_or(Standby::Warm),
            failover,
            // The provider sizes a serverless service: the customer has no capacity to
            // lose or to exhaust, so it defaults to 100 % headroom (declared values win).
            headroom_percent: c.headroom_percent.unwrap_or(
                if service_profile.is_some_and(|s| s.provider_scaled) || is_saas {
                    PROVIDER_SCALED_HEADROOM
                } else {
                    0.0
                },
            ),
            agents: {
                let set: BTreeSet<&String> = c.agents.iter().collect();
                set.into_iter().cloned().collect()
            },
            staged_agents: {
                let set: BTreeSet<&String> = c
                    .staged_agents
                    .iter()
                    .filter(|a| !c.agents.contains(a))
                    .collect();
                set.into_iter().cloned().collect()
            },
            // `operations.changes.rollout` describes your deploys: it does not reach a
            // third party's service (a SaaS vendor deploys on its own schedule); a rollout
            // written on the component itself is kept as written.
            rollout: c.rollout.unwrap_or(if is_saas {
                Rollout::Staged
            } else {
                default_rollout
            }),
            global_endpoints: c.endpoints == Some(crate::model::Endpoints::Global),
            depends_on: c
                .depends_on
                .iter()
                .filter_map(|d| resolve_dep(d, index))
                .collect(),
            data,
            // A vendor sizes its own service (and a provider its serverless ones).
            provider_scaled: service_profile.is_some_and(|s| s.provider_scaled) || is_saas,
            cache: (c.kind == Kind::Cdn).then(|| ResolvedCache {
                // The share's default depends on the origin: set once every component is
                // resolved (below).
                share: c
                    .cache
                    .as_ref()
                    .and_then(|k| k.cacheable_percent)
                    .map_or(f64::NAN, |p| (p / 100.0).clamp(0.0, 1.0)),
                window_minutes: c
                    .cache
                    .as_ref()
                    .and_then(|k| k.window_minutes)
                    .or_else(|| profile.and_then(|p| p.cdn_cache_minutes))
                    .unwrap_or(0.0),
            }),
            uses_services,
            needs_launches: c.needs_launches.unwrap_or(false),
            fails_open: c.health_checks == Some(false),
            recovery_minutes: c.recovery_minutes.filter(|m| m.is_finite() && *m >= 0.0),
            storage: on_site.then(|| c.storage.clone()).flatten(),
            power: on_site.then(|| c.power.clone()).flatten(),
            uplinks,
            needs_at_start: {
                let set: BTreeSet<usize> = c
                    .needs_at_start
                    .iter()
                    .filter_map(|id| index.get(id.as_str()).copied())
                    .collect();
                set.into_iter().collect()
            },
        };
        // A CDN in front of object storage serves a static site: every request is
        // cacheable unless the description says otherwise; in front of anything else, none
        // is.
        if let Some(cache) = resolved.cache
            && cache.share.is_nan()
        {
            let mut origins = Vec::new();
            for d in resolved.depends_on.iter().filter(|d| d.is_hard()) {
                d.indices(&mut origins);
            }
            let static_site = !origins.is_empty()
                && origins.iter().all(|&o| {
                    arch.components
                        .get(o)
                        .is_some_and(|x| x.kind == Kind::ObjectStorage)
                });
            resolved.cache = Some(ResolvedCache {
                share: if static_site { 1.0 } else { 0.0 },
                ..cache
            });
        }
        number_groups(&mut resolved.depends_on, &mut groups);
        components.push(Arc::new(resolved));
    }

    let default_target = arch.targets.availability.unwrap_or(DEFAULT_AVAILABILITY);
    let mut journeys: Vec<ResolvedJourney> = arch
        .journeys
        .iter()
        .map(|j| ResolvedJourney {
            name: j.name.clone(),
            entry: j
                .entry
                .iter()
                .filter_map(|d| resolve_dep(d, index))
                .collect(),
            criticality: j.criticality.unwrap_or(Criticality::Normal),
            target_availability: j.target_availability.unwrap_or(default_target),
            rto_minutes: j.rto_minutes.or(arch.targets.rto_minutes),
            rpo_minutes: j.rpo_minutes.or(arch.targets.rpo_minutes),
            tolerance_minutes: j
                .tolerance_minutes
                .or(arch.targets.tolerance_minutes)
                .unwrap_or(DEFAULT_TOLERANCE_MINUTES),
            implicit: false,
        })
        .collect();
    if journeys.is_empty() {
        journeys = indexed
            .graph
            .roots()
            .into_iter()
            .map(|i| ResolvedJourney {
                name: arch.components[i].id.clone(),
                entry: vec![ResolvedDependency::One {
                    index: i,
                    hard: true,
                }],
                criticality: Criticality::Normal,
                target_availability: default_target,
                rto_minutes: arch.targets.rto_minutes,
                rpo_minutes: arch.targets.rpo_minutes,
                tolerance_minutes: arch
                    .targets
                    .tolerance_minutes
                    .unwrap_or(DEFAULT_TOLERANCE_MINUTES),
                implicit: true,
            })
            .collect();
        journeys.stable_sort_by(|a, b| a.name.cmp(&b.name));
    }

    let mut monitoring = ResolvedMonitoring::default();
    let mut m = arch.operations.monitoring.as_ref();
    while let Some(mon) = m {
        let (provider, home, _) = canonical_provider(catalogue, &mon.provider);
        let mut blinded_by_any = vec![DomainId::Monitoring(provider.clone())];
        let mut regions = Vec::new();
        match home {
            Home::Site(s) => blinded_by_any.push(DomainId::Site(s)),
            Home::Saas(s) => {
                blinded_by_any.push(DomainId::Saas(s.trim_start_matches("saas:").to_owned()))
            }
            Home::Provider(p) => {
                blinded_by_any.push(DomainId::Backbone(p.clone()));
                let service = mon.service.as_deref().map(|sv| {
                    catalogue
                        .provider(&p)
                        .and_then(|prof| prof.service(sv))
                        .map_or_else(|| sv.to_owned(), |sp| sp.name.clone())
                });
                regions = mon
                    .regions
                    .iter()
                    .map(|r| {
                        let mut ds = vec![DomainId::Region {
                            provider: p.clone(),
                            region: r.clone(),
                        }];
                        if let Some(sv) = &service {
                            ds.push(DomainId::Service {
                                provider: p.clone(),
                                region: r.clone(),
                                service: sv.clone(),
                            });
                        }
                        ds
                    })
                    .collect();
            }
        }
        let component = mon
            .component
            .as_deref()
            .and_then(|id| index.get(id).copied());
        if component.is_some() {
            // It runs on a component of the system: what that component rests on blinds
            // it (the footing fills it in), not the provider's monitoring service.
            blinded_by_any.clear();
            regions.clear();
        }
        monitoring.systems.push(MonitoringSystem {
            provider,
            blinded_by_any,
            regions,
            component,
        });
        m = mon.secondary.as_deref();
    }

    // The DNS that moves traffic is the DNS users reach: components no journey reaches
    // change nothing (irrelevance, docs/scoring.md).
    let reached = reached_components(&components, &journeys);
    let mut dns_providers: Vec<String> = components
        .iter()
        .enumerate()
        .filter(|(i, c)| c.kind == Kind::Dns && reached[*i])
        .map(|(_, c)| c.provider.clone())
        .collect();
    dns_providers.stable_sort();
    dns_providers.dedup();
    for j in &mut journeys {
        number_groups(&mut j.entry, &mut groups);
    }

    Resolved {
        components,
        journeys,
        monitoring,
        monitoring_declared: arch.operations.monitoring.is_some(),
        automated_rollback: changes.automated_rollback.unwrap_or(false),
        ai_assisted: changes.ai_assisted.unwrap_or(AiAssisted::None),
        dns_providers,
    }
}

/// Numbers the `any_of` groups of `deps` from `next` on, depth first.
fn number_groups(deps: &mut [ResolvedDependency], next: &mut usize) {
    for d in deps {
        if let ResolvedDependency::AnyOf {
            group,
            alternatives,
            ..
        } = d
        {
            *group = *next;
            *next += 1;
            number_groups(alternatives, next);
        }
    }
}

/// The names of the `any_of` groups of `deps`, in the order [`number_groups`] numbers them.
pub(crate) fn group_names<'r>(deps: &'r [ResolvedDependency], out: &mut Vec<&'r str>) {
    for d in deps {
        if let ResolvedDependency::AnyOf {
            name, alternatives, ..
        } = d
        {
            out.push(name);
            group_names(alternatives, out);
        }
    }
}

/// The placements of a vendor's service that runs on `provider` in `regions` (`runs_on`):
/// a vendor runs a managed service across the region's zones, so each placement uses every
/// zone the catalogue counts there, or [`VENDOR_ZONES`] when it counts none.
fn vendor_placements(
    catalogue: &Catalogue,
    provider: &str,
    profile: Option<&ProviderProfile>,
    regions: &[String],
) -> Vec<ResolvedPlacement> {
    let mut seen = BTreeSet::new();
    regions
        .iter()
        .filter(|r| seen.insert(r.as_str()))
        .map(|r| {
            let n = catalogue
                .zone_count(provider, r)
                .map_or(VENDOR_ZONES, |z| {
                    usize::try_from(z.zones).unwrap_or(VENDOR_ZONES)
                })
                .clamp(1, 26);
            ResolvedPlacement {
                region: r.clone(),
                zones: (0..n)
                    .map(|i| match profile {
                        Some(prof) => prof.zone_name(r, i),
                        None => format!("{r}-{}", i + 1),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Per component: some journey reaches it (through its entries and their dependencies,
/// hard or soft, alternatives included), or a DNS failover of something reached moves
/// traffic in it.
///
/// A failover `via: dns` edits records in the DNS the description declares (its `dns`
/// components, docs/scoring.md 3.3), whether or not a journey also enters that DNS: so when
/// a reached component or `any_of` group fails over by DNS, every `dns` component is
/// reached. Found by a review: a journey's downtime changed when another journey, entering
/// only the DNS component, was added.
pub fn reached_components(
    components: &[Arc<ResolvedComponent>],
    journeys: &[ResolvedJourney],
) -> Vec<bool> {
    let mut seen = vec![false; components.len()];
    let mut stack: Vec<usize> = Vec::new();
    let mut by_dns = false;
    for j in journeys {
        for d in &j.entry {
            d.indices(&mut stack);
            by_dns |= d.switches_by_dns();
        }
    }
    let mut walk = |stack: &mut Vec<usize>, by_dns: &mut bool| {
        while let Some(i) = stack.pop() {
            if i >= seen.len() || seen[i] {
                continue;
            }
            seen[i] = true;
            let c = &components[i];
            *by_dns |= c.fails_over_by_dns();
            for d in &c.depends_on {
                d.indices(stack);
                *by_dns |= d.switches_by_dns();
            }
            stack.extend(c.needs_at_start.iter().copied());
        }
    };
    walk(&mut stack, &mut by_dns);
    if by_dns {
        stack.extend(
            components
                .iter()
                .enumerate()
                .filter(|(_, c)| c.kind == Kind::Dns)
                .map(|(i, _)| i),
        );
        walk(&mut stack, &mut by_dns);
    }
    seen
}

fn resolve_dep(d: &Dependency, index: &BTreeMap<&str, usize>) -> Option<ResolvedDependency> {
    match d {
        Dependency::Component { id, hard } => {
            index.get(id.as_str()).map(|&i| ResolvedDependency::One {
                index: i,
                hard: *hard,
            })
        }
        Dependency::AnyOf {
            any_of,
            failover,
            hard,
            shares_percent,
        } => {
            // Shares only when one is given per alternative (validation says so otherwise),
            // kept aligned with the alternatives that resolve.
            let given = shares_percent
                .as_deref()
                .filter(|s| s.len() == any_of.len() && s.iter().all(|x| x.is_finite()));
            let mut alternatives = Vec::with_capacity(any_of.len());
            let mut shares = Vec::new();
            let mut name = String::from("any of [");
            for (k, d) in any_of.iter().enumerate() {
                if let Some(r) = resolve_dep(d, index) {
                    if !alternatives.is_empty() {
                        name.push_str(", ");
                    }
                    match (&r, d) {
                        (ResolvedDependency::AnyOf { name: inner, .. }, _) => name.push_str(inner),
                        (_, Dependency::Component { id, .. }) => name.push_str(id),
                        // A component reference resolves to `One`, a group to `AnyOf`.
                        (ResolvedDependency::One { .. }, Dependency::AnyOf { .. }) => {}
                    }
                    alternatives.push(r);
                    if let Some(given) = given {
                        shares.push(given[k].max(0.0) / 100.0);
                    }
                }
            }
            name.push(']');
            (!alternatives.is_empty()).then(|| ResolvedDependency::AnyOf {
                name: Arc::from(name),
                group: 0,
                alternatives,
                failover: ResolvedFailover::for_group(failover.as_ref(), !shares.is_empty()),
                hard: *hard,
                shares,
            })
        }
    }
}

#[cfg(all(test, feature = "yaml"))]
mod tests {
    use super::*;
    use crate::engine::Engine;
    use crate::input::Format;

    /// The group names of a journey's entry in the startup example, with its `any_of`
    /// written as given.
    fn group_names(any_of: &str) -> Result<Vec<String>, crate::Error> {
        let text = include_str!("../examples/01-startup-single-az.yaml")
            .replace("any_of: [cache, orders-db]", any_of);
        let engine = Engine::default();
        let doc = engine.parse(&text, Format::Yaml)?;
        let prepared = engine.prepare(&doc.architecture)?;
        Ok(prepared
            .resolved
            .journeys
            .iter()
            .filter(|j| j.name == "browse")
            .flat_map(|j| &j.entry)
            .filter_map(|d| match d {
                ResolvedDependency::AnyOf { name, .. } => Some(name.to_string()),
                ResolvedDependency::One { .. } => None,
            })
            .collect())
    }

    /// A changed copy takes the baseline's resolution of an unchanged component only when
    /// it comes out the same: `worker`'s `any_of` group is numbered after the groups of the
    /// components before it, so when `web` (before it) gains a group, `worker` is resolved
    /// again, while `images` (no groups) is kept.
    #[test]
    fn a_kept_component_keeps_its_group_numbers() -> Result<(), crate::Error> {
        let engine = Engine::default();
        let base_text = include_str!("../examples/01-startup-single-az.yaml").replace(
            "      - queue\n      - orders-db\n",
            "      - queue\n      - any_of: [orders-db, cache]\n",
        );
        let copy_text = base_text.replace(
            "      - { id: queue, hard: false }\n",
            "      - { id: queue, hard: false }\n      - any_of: [payments, email]\n",
        );
        let base = engine.prepare(&engine.parse(&base_text, Format::Yaml)?.architecture)?;
        let copy = engine.parse(&copy_text, Format::Yaml)?.architecture;
        let unchanged = crate::engine::unchanged_components(&base.arch, &copy);
        let at = |id: &str| copy.components.iter().position(|c| c.id == id);
        let (Some(web), Some(worker), Some(images)) = (at("web"), at("worker"), at("images"))
        else {
            panic!("the example has web, worker and images");
        };
        assert_eq!(
            (0..unchanged.len())
                .filter(|&i| !unchanged[i])
                .collect::<Vec<_>>(),
            [web]
        );
        let fresh = resolve(&copy, engine.catalogue());
        let kept = resolve_indexed(
            &copy,
            engine.catalogue(),
            &Indexed::new(&copy),
            Some((&base.resolved, &unchanged)),
        );
        assert_eq!(format!("{kept:?}"), format!("{fresh:?}"));
        let groups = |r: &Resolved, i: usize| -> Vec<usize> {
            r.components[i]
                .depends_on
                .iter()
                .filter_map(|d| match d {
                    ResolvedDependency::AnyOf { group, .. } => Some(*group),
                    ResolvedDependency::One { .. } => None,
                })
                .collect()
        };
        assert_eq!(groups(&base.resolved, worker), [0]);
        assert_eq!(groups(&kept, worker), [1]);
        assert!(!Arc::ptr_eq(
            &kept.components[worker],
            &base.resolved.components[worker]
        ));
        assert!(Arc::ptr_eq(
            &kept.components[images],
            &base.resolved.components[images]
        ));
        Ok(())
    }

    /// A group is named by its alternatives in order, a nested group by its own name: what
    /// causal chains and fault trees say.
    #[test]
    fn groups_are_named_by_their_alternatives() -> Result<(), crate::Error> {
        assert_eq!(
            group_names("any_of: [cache, orders-db]")?,
            ["any of [cache, orders-db]"]
        );
        assert_eq!(
            group_names("any_of: [cache, { any_of: [orders-db, queue] }]")?,
            ["any of [cache, any of [orders-db, queue]]"]
        );
        Ok(())
    }
}
