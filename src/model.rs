//! The architecture description: the input contract (`version: 1`).
//!
//! These types are the single source of truth for the format: the JSON Schema
//! (`faultline schema`) is generated from them and the docs in `docs/format.md` describe
//! them field by field. Every field other than `version`, `name`, `components[].id`,
//! `components[].kind` and `components[].provider` is optional; its default is written on
//! the field and applied by the engine, never written back into the description (what
//! the user wrote is what gets serialised).
//!
//! Unknown fields are rejected (`deny_unknown_fields`): users mistype, and a silently
//! ignored `headrom_percent` would score a design as something it is not.

use std::fmt;

use serde::de::{self, MapAccess, SeqAccess, Visitor, value::MapAccessDeserializer};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The current and only format version.
pub const FORMAT_VERSION: u32 = 1;

/// A whole system description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Architecture {
    /// Format version. Only `1` exists.
    pub version: u32,
    /// The system's name, used in reports.
    pub name: String,
    /// Free text shown in reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Defaults for every journey that does not set its own targets.
    #[serde(default, skip_serializing_if = "Targets::is_empty")]
    pub targets: Targets,
    /// The parts of the system. Order does not matter.
    pub components: Vec<Component>,
    /// What users do, and which components each action needs. Without journeys, faultline
    /// scores one implicit journey per component that nothing else depends on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub journeys: Vec<Journey>,
    /// How the system is watched and changed.
    #[serde(default, skip_serializing_if = "Operations::is_empty")]
    pub operations: Operations,
    /// Facts about own sites (`on-prem:<site>` providers) that belong to the building, not
    /// to one component: its network uplinks. Order does not matter.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<Site>,
}

/// An own site (a data center you run), named as in `provider: on-prem:<name>`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// The site's name: `frankfurt-dc` for components with `provider: on-prem:frankfurt-dc`.
    pub name: String,
    /// The network paths out of the building (carrier circuits, fibre routes), one name
    /// per path that fails on its own: two circuits of one carrier, or in one duct or
    /// building entrance, are one uplink. With two or more, everything at the site rides
    /// out one path's loss (routing moves to the other); with one, it needs that one.
    /// Default: none named: one uplink, unknown (`uplink:<site>/*`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uplinks: Vec<String>,
}

/// Availability and recovery targets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// Availability target in percent, e.g. `99.95`. Default: `99.9`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<f64>,
    /// Recovery time objective in minutes: the longest acceptable single outage.
    /// Default: none (not checked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rto_minutes: Option<f64>,
    /// Recovery point objective in minutes: the most data (in minutes of writes) that may be
    /// lost. Default: none (not checked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpo_minutes: Option<f64>,
    /// Interruptions shorter than this many minutes are not outages (retries absorb them).
    /// Default: 1, the shortest downtime period cloud SLAs count (docs/scoring.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance_minutes: Option<f64>,
}

impl Targets {
    fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// The default availability target, in percent, when neither the journey nor `targets` set one.
pub const DEFAULT_AVAILABILITY: f64 = 99.9;

/// One part of the system: a service, a datastore, a provider product, a vendor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// Unique identifier, referenced by `depends_on` and journey `entry`.
    pub id: String,
    /// What sort of thing it is. Decides which outage patterns can touch it and whether
    /// `data` settings make sense.
    pub kind: Kind,
    /// Who runs it: `aws`, `gcp`, `azure`, `cloudflare`, `fastly`, `akamai`, `on-prem:<site>`,
    /// `saas:<vendor>`, or any other name (unknown names get only the generic rules).
    pub provider: String,
    /// Which of the provider's products it is (`ec2`, `rds`, `dynamodb`, `route53`, `s3` ...).
    /// Default: none (provider-wide patterns still apply).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Free text shown in reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where it runs. Default: none, meaning a global or external service with no regional
    /// placement (a DNS provider, a CDN, a SaaS API, an on-prem site).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Placement>,
    /// How its regions relate. Default: `single-region` with one region,
    /// `active-passive` (first region primary) with more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topology: Option<Topology>,
    /// How ready the passive region is (`active-passive` only). Default: `warm`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standby: Option<Standby>,
    /// How traffic moves to a surviving region. Default: see [`Failover`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failover: Option<Failover>,
    /// Spare capacity in percent: can the survivors absorb a lost zone or region?
    /// Default: `0` (none: losing one of n zones degrades it), or `100` on a service the
    /// provider sizes (`provider_scaled` in its profile: S3, SQS, DynamoDB, Lambda ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headroom_percent: Option<f64>,
    /// Number of running instances per region. Fewer instances than zones means fewer
    /// zones really used. Default: one per zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u32>,
    /// Fleet software on its hosts that updates itself everywhere at once
    /// (`falcon-sensor`, an OS auto-updater ...). Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agents: Vec<String>,
    /// Fleet software on its hosts whose updates are staged in rings (a canary ring first,
    /// production on N-1): a bad update reaches the first ring only, except the share of
    /// updates that bypass the rings (the catalogue's `ring_bypass_share`). Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub staged_agents: Vec<String>,
    /// How deploys and configuration reach its regions. Default: `operations.changes.rollout`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollout: Option<Rollout>,
    /// Which provider endpoints it calls: `regional`, or `global` ones (e.g. the STS global
    /// endpoint) that live in the provider's home region. Default: `regional`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoints: Option<Endpoints>,
    /// What it needs to work. Hard by default; `{ id, hard: false }` for a soft dependency
    /// (the journey degrades instead of going down); `{ any_of: [...] }` for redundancy
    /// across components.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<Dependency>,
    /// Durable state it holds (stateful kinds only). Default: none declared; a database or
    /// a queue holds state anyway (no replication across regions unless it runs in several,
    /// no backups).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<DataSpec>,
    /// For a `cdn`: what it serves from its cache while its origin is down. Default: every
    /// request when the origin is object storage (a static site), none otherwise, for the
    /// provider's default cache lifetime (docs/scoring.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<CacheSpec>,
    /// For a third-party service (`saas:`): where the vendor runs it, so that failures of
    /// that provider reach it (a hosted database on AWS us-east-1, a status page on the
    /// same CDN as the site). Default: unknown (only the vendor's own outages reach it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runs_on: Option<RunsOn>,
    /// Other managed services of its provider it needs in each of its regions, besides
    /// `service` (an instance and its block storage `ebs`, a function and its `sqs`
    /// trigger): each one's regional failures reach it. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uses_services: Vec<String>,
    /// It must launch or reconfigure capacity while it works (scale-out under load, spot
    /// replacement, a deploy pipeline): when the control plane of one of its regions is
    /// down, it is down there too. Default: `false` (running capacity keeps serving).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs_launches: Option<bool>,
    /// Do the load balancers (or clients) in front of it stop sending requests to its lost
    /// or gray zones? `false`: health checks that fail open or do not see the failure
    /// (liveness only, every target marked unhealthy and all kept), so a lost or degraded
    /// zone's share of requests keeps failing until the zone is back, whatever the headroom.
    /// Default: `true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_checks: Option<bool>,
    /// Components it needs only when it starts (a service that reads its configuration
    /// from a bucket when it boots): their failure does nothing while it runs, but when it
    /// must restart during their outage, it stays down until they are back. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs_at_start: Vec<String>,
    /// Minutes it needs to serve again after the domain under it returns, replacing the
    /// default for its class (30 to restart a stateful component, none for a stateless
    /// one; docs/scoring.md). Default: the class's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_minutes: Option<f64>,
    /// On an own site (`on-prem:<site>`): the rooms of the site it runs in (data halls,
    /// fire compartments with their own cooling and power distribution), in the order
    /// `regions[].zones` lists zones (a stateful component's primary in the first). In
    /// several, it rides out a room's loss as a zoned component rides out a zone's.
    /// Default: none named: it is in one room of the site, unknown (`room:<site>/*`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rooms: Vec<String>,
    /// On an own site: the shared storage array its disks are on (a SAN, a storage
    /// cluster), or `local` for its own disks. Default: none named: it is on one array of
    /// the site, unknown (`storage:<site>/*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<String>,
    /// On an own site: `dual` for dual-corded equipment fed by two power paths (it rides
    /// out one path's failure), or the one feed single-corded equipment is plugged into
    /// (`a`). Default: none named: single-corded on one feed of the site, unknown
    /// (`feed:<site>/*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power: Option<String>,
    /// Where this component was imported from: resource addresses such as
    /// `module.app.aws_instance.web[0]` (written by the Terraform importer), so that a
    /// finding about the component leads back to the code. Kept as given; not scored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origin: Vec<String>,
}

/// Where a third-party service runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RunsOn {
    /// The cloud provider (`aws`, `gcp`, `azure` ...).
    pub provider: String,
    /// Its regions there. Several: the vendor serves from all of them and moves traffic
    /// between them by itself (automatic, by its load balancers). Default: none known (only
    /// the provider's global failures reach it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// The provider's managed service it runs on, when known (`rds`). Default: unknown,
    /// so every regional managed-service event of the provider there may reach it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
}

/// What a CDN serves from its cache while its origin is down.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CacheSpec {
    /// Percent of requests answered from the cache (static assets, cacheable pages).
    /// Default: 100 when the origin is object storage, else 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cacheable_percent: Option<f64>,
    /// Minutes the cache keeps serving (stale) content after the origin stops answering:
    /// the cache lifetime, or `stale-if-error`. Default: the CDN provider's default edge
    /// cache lifetime from its profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window_minutes: Option<f64>,
}

/// The closed set of component kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Authoritative DNS.
    Dns,
    /// Content delivery network / edge proxy.
    Cdn,
    /// Load balancer.
    LoadBalancer,
    /// Virtual machines.
    Compute,
    /// Containers (Kubernetes, ECS ...).
    Container,
    /// Serverless functions.
    Function,
    /// Database.
    Database,
    /// Cache.
    Cache,
    /// Queue or stream.
    Queue,
    /// Object storage.
    ObjectStorage,
    /// Identity provider / sign-in.
    Identity,
    /// Secrets or key management.
    Secrets,
    /// Monitoring and alerting.
    Monitoring,
    /// AI model inference.
    AiInference,
    /// An external vendor's API.
    ThirdPartyApi,
    /// Anything else.
    Other,
}

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: [Kind; 16] = [
        Kind::Dns,
        Kind::Cdn,
        Kind::LoadBalancer,
        Kind::Compute,
        Kind::Container,
        Kind::Function,
        Kind::Database,
        Kind::Cache,
        Kind::Queue,
        Kind::ObjectStorage,
        Kind::Identity,
        Kind::Secrets,
        Kind::Monitoring,
        Kind::AiInference,
        Kind::ThirdPartyApi,
        Kind::Other,
    ];

    /// Whether `data` settings make sense for this kind (it can hold durable state).
    pub fn is_stateful(self) -> bool {
        matches!(
            self,
            Kind::Database
                | Kind::Cache
                | Kind::Queue
                | Kind::ObjectStorage
                | Kind::Secrets
                | Kind::Other
        )
    }

    /// The name as written in descriptions.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Dns => "dns",
            Kind::Cdn => "cdn",
            Kind::LoadBalancer => "load-balancer",
            Kind::Compute => "compute",
            Kind::Container => "container",
            Kind::Function => "function",
            Kind::Database => "database",
            Kind::Cache => "cache",
            Kind::Queue => "queue",
            Kind::ObjectStorage => "object-storage",
            Kind::Identity => "identity",
            Kind::Secrets => "secrets",
            Kind::Monitoring => "monitoring",
            Kind::AiInference => "ai-inference",
            Kind::ThirdPartyApi => "third-party-api",
            Kind::Other => "other",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One region a component runs in, and its zones.
///
/// Written either as a bare region name (`us-east-1`, one zone) or as
/// `{ name: us-east-1, zones: 3 }` / `{ name: us-east-1, zones: [use1-az1, use1-az4] }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Placement {
    /// Provider region name (`us-east-1`, `europe-west1`, `westeurope` ...).
    pub name: String,
    /// Zones used in that region: a count, or the zone names. Default: `1`.
    #[serde(default, skip_serializing_if = "Zones::is_default")]
    pub zones: Zones,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "PlacementObject"))]
struct PlacementFull {
    /// Provider region name.
    name: String,
    /// Zones used in that region: a count (>= 1) or zone names. Default: 1.
    #[serde(default)]
    zones: Zones,
}

impl<'de> Deserialize<'de> for Placement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Placement;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a region name or { name, zones }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Placement, E> {
                Ok(Placement {
                    name: v.to_owned(),
                    zones: Zones::default(),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Placement, A::Error> {
                let full = PlacementFull::deserialize(MapAccessDeserializer::new(map))?;
                Ok(Placement {
                    name: full.name,
                    zones: full.zones,
                })
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Zones a component uses in one region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Zones {
    /// This many zones, named by the provider profile's convention.
    Count(u64),
    /// These zones, by name.
    Named(Vec<String>),
}

impl Default for Zones {
    fn default() -> Self {
        Zones::Count(1)
    }
}

impl Zones {
    fn is_default(&self) -> bool {
        self == &Zones::Count(1)
    }

    /// How many zones.
    pub fn count(&self) -> u64 {
        match self {
            Zones::Count(n) => *n,
            Zones::Named(names) => names.len() as u64,
        }
    }
}

impl Serialize for Zones {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Zones::Count(n) => s.serialize_u64(*n),
            Zones::Named(names) => names.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Zones {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Zones;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a zone count (a whole number) or a list of zone names")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Zones, E> {
                Ok(Zones::Count(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Zones, E> {
                u64::try_from(v)
                    .map(Zones::Count)
                    .map_err(|_| E::custom(format_args!("zones must be at least 1, got {v}")))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Zones, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    names.push(name);
                }
                Ok(Zones::Named(names))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// How a multi-region component uses its regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Topology {
    /// One region.
    SingleRegion,
    /// Every region serves; losing one moves its traffic to the others.
    ActiveActive,
    /// The first region serves; the others wait (see `standby`).
    ActivePassive,
    /// Each region is a cell that serves its own customers, and nothing moves between
    /// cells: losing one takes down its customers only, for as long as it is down (a
    /// pinned-tenant or cell-based design, not active-active).
    Cells,
}

/// How ready a passive region is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Standby {
    /// Running at full capacity: only traffic moves.
    Hot,
    /// Running at reduced capacity: must scale up after the switch.
    Warm,
    /// Data replicated, compute off: instances must be launched.
    PilotLight,
    /// Nothing running: restore from backups, then launch.
    BackupRestore,
}

impl Topology {
    /// The name as written in a description (`active-active`).
    pub fn as_str(self) -> &'static str {
        match self {
            Topology::SingleRegion => "single-region",
            Topology::ActiveActive => "active-active",
            Topology::ActivePassive => "active-passive",
            Topology::Cells => "cells",
        }
    }
}

impl Standby {
    /// The name as written in a description (`pilot-light`).
    pub fn as_str(self) -> &'static str {
        match self {
            Standby::Hot => "hot",
            Standby::Warm => "warm",
            Standby::PilotLight => "pilot-light",
            Standby::BackupRestore => "backup-restore",
        }
    }
}

/// How failure is detected and traffic switched.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Failover {
    /// `automatic` (health checks) or `manual` (a person, alerted by monitoring).
    /// Default: `manual` for components, `automatic` for `any_of` groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Trigger>,
    /// What moves the traffic. Default: `dns` for components, `client` for `any_of` groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<Via>,
    /// Minutes from failure to a decision. Default: 3 automatic, 15 manual.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detect_minutes: Option<f64>,
    /// Minutes from decision to traffic served elsewhere. Default: 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub switch_minutes: Option<f64>,
    /// Does failing over call provider APIs (launch, scale, edit DNS records, promote a
    /// replica)? Then it fails while that control plane is down. Default: `true` for
    /// components (most runbooks edit something), `false` for `any_of` groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs_control_plane: Option<bool>,
    /// For a failover through DNS: the records' time to live, in seconds. Resolvers and
    /// clients keep the old answer that long after the switch, which adds to the switch
    /// time. Default: none given (the switch time includes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_ttl_seconds: Option<f64>,
    /// What a stateful component does when failing over would lose writes (an async
    /// replica behind the primary): `fail-over` (default) serves from the replica and loses
    /// the lag; `wait` waits for the primary's region and loses nothing that was not
    /// destroyed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_data_loss: Option<OnDataLoss>,
    /// For a stateful component's automatic failover: is the old primary fenced (cut off
    /// from writes, its clients redirected) before the standby is promoted? `false`: a
    /// partition that leaves the primary running lets both take writes, and the two
    /// histories must be reconciled afterwards (split brain). Default: `true` (unknown is
    /// not penalised).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fenced: Option<bool>,
    /// Minutes the standby takes to start serving once the failover is decided, on top of
    /// the switch: powering on or launching its compute, mounting storage, restoring what
    /// it restores (as measured in a disaster-recovery test). On a component it replaces
    /// its standby's default (hot and warm 0, pilot-light 30, backup-restore the restore
    /// time); on an `any_of` group it is the time an alternative after the first takes to
    /// start (a cold disaster-recovery site). Default: none (the standby's own default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bring_up_minutes: Option<f64>,
}

/// What a failover does when it would lose writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum OnDataLoss {
    /// Fail over and lose the writes the replica has not received.
    FailOver,
    /// Wait for the primary's region instead.
    Wait,
}

/// What starts a failover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Trigger {
    /// Data-plane health checks decide.
    Automatic,
    /// An operator decides, alerted by monitoring.
    Manual,
}

/// What moves traffic to the survivor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Via {
    /// DNS answers change: needs the DNS provider that serves the records.
    Dns,
    /// Anycast routing: needs the provider's edge network.
    Anycast,
    /// A (global) load balancer: needs the provider's edge / global load balancing.
    LoadBalancer,
    /// The client retries elsewhere: needs nothing shared.
    Client,
}

impl Via {
    /// The name as written in a description (`load-balancer`).
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Dns => "dns",
            Via::Anycast => "anycast",
            Via::LoadBalancer => "load-balancer",
            Via::Client => "client",
        }
    }
}

/// How deploys and configuration reach regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Rollout {
    /// Everywhere at once: a bad change fails every region together.
    Global,
    /// Region by region, with time to notice and stop.
    Staged,
}

/// Which provider endpoints a component calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Endpoints {
    /// Endpoints in the component's own regions.
    Regional,
    /// Global endpoints hosted in the provider's home region.
    Global,
}

/// A dependency or a journey entry.
#[derive(Debug, Clone, PartialEq)]
pub enum Dependency {
    /// One component, by id.
    Component {
        /// The component id.
        id: String,
        /// Hard (default): it down means this down. Soft: this degrades.
        hard: bool,
    },
    /// Redundancy across components: any one of them suffices.
    AnyOf {
        /// The alternatives (component ids or nested groups).
        any_of: Vec<Dependency>,
        /// How the switch between alternatives happens.
        failover: Option<Failover>,
        /// Hard (default) or soft, as for a single component.
        hard: bool,
        /// The percent of the load each alternative carries, in the order of `any_of`
        /// (`[70, 30]`: two payment providers splitting traffic). None: the first
        /// alternative carries everything and the others wait.
        shares_percent: Option<Vec<f64>>,
    },
}

impl Component {
    /// A component with an id, a kind and a provider, and nothing else said (every optional
    /// field absent, every list empty): what a description with only those three keys reads as.
    pub fn new(id: impl Into<String>, kind: Kind, provider: impl Into<String>) -> Component {
        Component {
            id: id.into(),
            kind,
            provider: provider.into(),
            service: None,
            description: None,
            regions: Vec::new(),
            topology: None,
            standby: None,
            failover: None,
            headroom_percent: None,
            replicas: None,
            agents: Vec::new(),
            staged_agents: Vec::new(),
            rollout: None,
            endpoints: None,
            depends_on: Vec::new(),
            data: None,
            cache: None,
            runs_on: None,
            uses_services: Vec::new(),
            needs_launches: None,
            health_checks: None,
            needs_at_start: Vec::new(),
            recovery_minutes: None,
            rooms: Vec::new(),
            storage: None,
            power: None,
            origin: Vec::new(),
        }
    }
}

impl Dependency {
    /// Whether the dependency is hard.
    pub fn is_hard(&self) -> bool {
        match self {
            Dependency::Component { hard, .. } | Dependency::AnyOf { hard, .. } => *hard,
        }
    }

    /// Every component id referenced, depth first.
    pub fn ids(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_ids(&mut out);
        out
    }

    fn collect_ids<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Dependency::Component { id, .. } => out.push(id),
            Dependency::AnyOf { any_of, .. } => any_of.iter().for_each(|d| d.collect_ids(out)),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "DependencyObject"))]
struct DependencyFull {
    /// A component id (give either `id` or `any_of`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    /// Alternatives: any one suffices (give either `id` or `any_of`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    any_of: Option<Vec<Dependency>>,
    /// How the switch between `any_of` alternatives happens. Default: automatic, by the
    /// client, detect 0 and switch 1 minute, no control plane.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    failover: Option<Failover>,
    /// `false` makes it a soft dependency: the dependant degrades instead of failing.
    /// Default: `true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hard: Option<bool>,
    /// Only on `any_of`: the percent of the load each alternative carries, in order, adding
    /// up to 100 (`[70, 30]`). Default: the first alternative carries everything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    shares_percent: Option<Vec<f64>>,
}

impl Serialize for Dependency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Dependency::Component { id, hard: true } => s.serialize_str(id),
            Dependency::Component { id, hard: false } => DependencyFull {
                id: Some(id.clone()),
                any_of: None,
                failover: None,
                hard: Some(false),
                shares_percent: None,
            }
            .serialize(s),
            Dependency::AnyOf {
                any_of,
                failover,
                hard,
                shares_percent,
            } => DependencyFull {
                id: None,
                any_of: Some(any_of.clone()),
                failover: failover.clone(),
                hard: (!hard).then_some(false),
                shares_percent: shares_percent.clone(),
            }
            .serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Dependency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Dependency;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a component id, { id, hard }, or { any_of: [...] }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Dependency, E> {
                Ok(Dependency::Component {
                    id: v.to_owned(),
                    hard: true,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Dependency, A::Error> {
                let full = DependencyFull::deserialize(MapAccessDeserializer::new(map))?;
                let hard = full.hard.unwrap_or(true);
                match (full.id, full.any_of) {
                    (Some(id), None) => {
                        if full.failover.is_some() {
                            return Err(de::Error::custom(
                                "`failover` belongs on an `any_of` group or on the component itself, not on a single dependency",
                            ));
                        }
                        if full.shares_percent.is_some() {
                            return Err(de::Error::custom(
                                "`shares_percent` belongs on an `any_of` group (one share per alternative), not on a single dependency",
                            ));
                        }
                        Ok(Dependency::Component { id, hard })
                    }
                    (None, Some(any_of)) => Ok(Dependency::AnyOf {
                        any_of,
                        failover: full.failover,
                        hard,
                        shares_percent: full.shares_percent,
                    }),
                    (Some(_), Some(_)) => {
                        Err(de::Error::custom("give either `id` or `any_of`, not both"))
                    }
                    (None, None) => Err(de::Error::custom("a dependency needs `id` or `any_of`")),
                }
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Durable state held by a component.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DataSpec {
    /// Replication to the other regions. Default: `async` with more than one region,
    /// `none` with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replication: Option<Replication>,
    /// Minutes of writes an `async` replica lags behind. Default: 1 (an estimate; measure
    /// yours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replication_lag_minutes: Option<f64>,
    /// Where backups are kept. Default: `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backups: Option<BackupLocation>,
    /// Minutes between backups. Default: 1440 (daily).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_interval_minutes: Option<f64>,
    /// Minutes to restore from backup and serve again. Default: 240 (an estimate; measure
    /// yours with a restore drill).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore_minutes: Option<f64>,
    /// Whether a restore from these backups has been tested (a drill). `false`: the
    /// restore is assumed to take twice as long (an estimate; docs/scoring.md). Default:
    /// `true` (unknown is not penalised; say `false` when no drill was run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backups_verified: Option<bool>,
}

/// Replication mode across regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Replication {
    /// No cross-region copy.
    None,
    /// Writes confirmed in more than one region: no loss on failover.
    Sync,
    /// Writes copied later: failover loses the lag.
    Async,
}

/// Where backups live, relative to the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum BackupLocation {
    /// No backups.
    None,
    /// In the same zone / data center as the data.
    SameZone,
    /// In the same region (another zone) or the same site.
    SameRegion,
    /// In another region of the same provider.
    OtherRegion,
    /// With another provider, or off-site for on-prem.
    OtherProvider,
}

/// A user journey: something users do, and what it needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Journey {
    /// Unique name.
    pub name: String,
    /// Free text shown in reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The components the journey enters through, all needed (or `any_of` groups).
    pub entry: Vec<Dependency>,
    /// Weight in the overall score. Default: `normal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criticality: Option<Criticality>,
    /// Availability target in percent. Default: `targets.availability`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_availability: Option<f64>,
    /// Longest acceptable outage in minutes. Default: `targets.rto_minutes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rto_minutes: Option<f64>,
    /// Most acceptable data loss in minutes. Default: `targets.rpo_minutes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpo_minutes: Option<f64>,
    /// Interruptions shorter than this are not outages. Default: `targets.tolerance_minutes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance_minutes: Option<f64>,
}

/// How much a journey counts in the overall score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Criticality {
    /// Weight 1.
    Low,
    /// Weight 2.
    Normal,
    /// Weight 3.
    High,
    /// Weight 4.
    Critical,
}

impl Criticality {
    /// The journey's weight in the overall score.
    pub fn weight(self) -> f64 {
        match self {
            Criticality::Low => 1.0,
            Criticality::Normal => 2.0,
            Criticality::High => 3.0,
            Criticality::Critical => 4.0,
        }
    }
}

/// How the system is watched and changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Operations {
    /// Where alerts are raised and seen. Default: none declared, meaning manual failovers
    /// are assumed to be noticed (a warning says so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitoring: Option<Monitoring>,
    /// How production changes are made.
    #[serde(default, skip_serializing_if = "Changes::is_empty")]
    pub changes: Changes,
}

impl Operations {
    fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// Where monitoring runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Monitoring {
    /// Who runs it (`aws`, `saas:datadog`, `on-prem:hq` ...).
    pub provider: String,
    /// Provider regions it runs in. Empty: a global or external service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// The product (`cloudwatch`, ...). Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// A component of the system it runs on (a Prometheus you run): monitoring is blind
    /// whenever that component is down. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// A second, independent way to see and alert (another provider, synthetic checks from
    /// outside). Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary: Option<Box<Monitoring>>,
}

/// How production changes are made.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Changes {
    /// Default rollout for every component. Default: `staged`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollout: Option<Rollout>,
    /// Are bad changes rolled back automatically on health signals? Default: `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automated_rollback: Option<bool>,
    /// AI agents changing production: `none`, `reviewed` or `unreviewed`. Default: `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ai_assisted: Option<AiAssisted>,
}

impl Changes {
    fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// Whether AI agents change production, and under what review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum AiAssisted {
    /// No AI agent changes production.
    None,
    /// AI-proposed changes are reviewed by a person before they apply.
    Reviewed,
    /// AI agents change production without review.
    Unreviewed,
}

#[cfg(feature = "schema")]
mod schema_impls {
    use super::*;
    use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
    use std::borrow::Cow;

    impl JsonSchema for Placement {
        fn schema_name() -> Cow<'static, str> {
            "Placement".into()
        }
        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            let full = generator.subschema_for::<PlacementFull>();
            json_schema!({
                "description": "A region: a bare name (one zone) or { name, zones }.",
                "anyOf": [ { "type": "string", "description": "Region name, one zone." }, full ]
            })
        }
    }

    impl JsonSchema for Zones {
        fn schema_name() -> Cow<'static, str> {
            "Zones".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "Zones used: a count (at least 1) or the zone names.",
                "anyOf": [
                    { "type": "integer", "minimum": 1 },
                    { "type": "array", "items": { "type": "string" }, "minItems": 1 }
                ]
            })
        }
    }

    impl JsonSchema for Dependency {
        fn schema_name() -> Cow<'static, str> {
            "Dependency".into()
        }
        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            let full = generator.subschema_for::<DependencyFull>();
            json_schema!({
                "description": "A component id (hard), { id, hard: false } (soft), or { any_of: [...], failover } (redundancy across components).",
                "anyOf": [ { "type": "string" }, full ]
            })
        }
    }
}
