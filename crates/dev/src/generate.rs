//! Seeded synthetic architectures, for benchmarks and scale tests (feature `generate`).
//!
//! [`generate`] builds a realistic description of any size from a seed: the same
//! `(components, seed)` always gives the same [`Architecture`], on every platform (the
//! random numbers come from a splitmix64 generator written here, and no floating-point
//! function beyond `+ − × ÷` is used).
//!
//! # What it looks like
//!
//! - **Edge**: one or two authoritative DNS providers (two as an `any_of` group in the
//!   journeys), usually a CDN (Cloudflare, Fastly, Akamai or the home cloud's), and from a
//!   few dozen components on a SaaS identity provider.
//! - **Products**: about `0.6 × √components` of them, each on a home cloud (AWS, Google
//!   Cloud or Azure) with a primary and a secondary region of that provider's profile. A
//!   product is a layered DAG: load balancer → APIs → front services → core services →
//!   data stores (database, cache, queue, object storage, secrets) and externals (SaaS
//!   APIs, AI inference). Fan-out is 1–5 per layer, with soft dependencies and a few
//!   `any_of` groups (two APIs behind one load balancer; a database with a replica on
//!   another cloud).
//! - **Platform**: from 100 components on, shared core services and data that the core
//!   services of every product may call (the hubs of real dependency graphs).
//! - **Failover styles**: single-region over 1–3 zones, active-passive with each standby
//!   temperature (hot, warm, pilot-light, backup-restore), and active-active; failover
//!   automatic or manual, by DNS, anycast, a global load balancer or the client.
//! - **Journeys**: one or two per product, entering through DNS, the CDN and the
//!   product's load balancer; some need the identity provider.
//! - **Operations**: monitoring on a cloud or a SaaS, sometimes with an independent
//!   secondary; staged or global rollouts, automated rollback and AI-assisted changes
//!   vary with the seed. Fleet agents and global endpoints appear on a few components.
//!
//! Every generated description validates without errors; the tests check that for several
//! seeds at every size in [`SIZES`].
//!
//! ```
//! use faultline_dev::generate::generate;
//! let arch = generate(100, 7);
//! assert_eq!(arch.components.len(), 100);
//! assert_eq!(arch, generate(100, 7));
//! ```

use faultline::model::{
    AiAssisted, Architecture, BackupLocation, Changes, Component, Criticality, DataSpec,
    Dependency, Endpoints, FORMAT_VERSION, Failover, Journey, Kind, Monitoring, Operations,
    Placement, Replication, Rollout, Standby, Targets, Topology, Trigger, Via, Zones,
};

/// The sizes the benchmarks and `docs/performance.md` use.
pub const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];

/// splitmix64: tiny, fast, and good enough for picking among alternatives.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`; the modulo bias is irrelevant here).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with `percent` % probability.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A cloud the products can live on, with the services the generator uses by kind
/// (names as in `src/catalogue/data/providers.yaml`).
struct Cloud {
    id: &'static str,
    /// Region pairs commonly used together (primary first).
    regions: &'static [(&'static str, &'static str)],
    /// `{region}{letter}` etc., for the few components that name their zones.
    zone: fn(&str, usize) -> String,
    compute: &'static [&'static str],
    container: &'static [&'static str],
    function: &'static str,
    database: &'static [&'static str],
    cache: &'static str,
    queue: &'static [&'static str],
    object_storage: &'static str,
    load_balancer: &'static str,
    secrets: &'static str,
    ai: &'static str,
    dns: &'static str,
    cdn: &'static str,
    monitoring: &'static str,
}

fn letter(i: usize) -> char {
    char::from(b'a' + (i % 26) as u8)
}

const AWS: Cloud = Cloud {
    id: "aws",
    regions: &[
        ("us-east-1", "us-west-2"),
        ("us-east-2", "us-west-2"),
        ("eu-west-1", "eu-central-1"),
        ("eu-central-1", "eu-west-1"),
        ("ap-southeast-1", "ap-northeast-1"),
        ("ap-southeast-2", "ap-southeast-1"),
    ],
    zone: |r, i| format!("{r}{}", letter(i)),
    compute: &["ec2"],
    container: &["eks", "ecs", "fargate"],
    function: "lambda",
    database: &["rds", "dynamodb", "aurora"],
    cache: "elasticache",
    queue: &["sqs", "kinesis", "sns"],
    object_storage: "s3",
    load_balancer: "elb",
    secrets: "kms",
    ai: "bedrock",
    dns: "route53",
    cdn: "cloudfront",
    monitoring: "cloudwatch",
};

const GCP: Cloud = Cloud {
    id: "gcp",
    regions: &[
        ("us-central1", "us-east1"),
        ("us-east4", "us-central1"),
        ("europe-west1", "europe-west4"),
        ("europe-west3", "europe-west1"),
        ("asia-northeast1", "asia-east1"),
    ],
    zone: |r, i| format!("{r}-{}", letter(i)),
    compute: &["compute-engine"],
    container: &["gke", "cloud-run"],
    function: "cloud-functions",
    database: &["cloud-sql", "spanner", "firestore"],
    cache: "memorystore",
    queue: &["pubsub"],
    object_storage: "cloud-storage",
    load_balancer: "cloud-load-balancing",
    secrets: "secret-manager",
    ai: "vertex-ai",
    dns: "cloud-dns",
    cdn: "cloud-cdn",
    monitoring: "cloud-monitoring",
};

const AZURE: Cloud = Cloud {
    id: "azure",
    regions: &[
        ("eastus", "westus2"),
        ("eastus2", "centralus"),
        ("westeurope", "northeurope"),
        ("uksouth", "ukwest"),
        ("japaneast", "japanwest"),
    ],
    zone: |r, i| format!("{r}-{}", i + 1),
    compute: &["virtual-machines", "app-service"],
    container: &["aks", "container-apps"],
    function: "functions",
    database: &["sql-database", "cosmos-db"],
    cache: "redis-cache",
    queue: &["service-bus", "event-hubs"],
    object_storage: "blob-storage",
    load_balancer: "application-gateway",
    secrets: "key-vault",
    ai: "openai",
    dns: "azure-dns",
    cdn: "front-door",
    monitoring: "monitor",
};

const PRODUCTS: [&str; 24] = [
    "checkout",
    "catalog",
    "search",
    "accounts",
    "orders",
    "payments",
    "shipping",
    "reviews",
    "pricing",
    "inventory",
    "messaging",
    "media",
    "billing",
    "support",
    "loyalty",
    "ads",
    "reports",
    "booking",
    "profiles",
    "feeds",
    "alerts",
    "partners",
    "returns",
    "wallet",
];
const SAAS_APIS: [&str; 8] = [
    "saas:stripe",
    "saas:twilio",
    "saas:sendgrid",
    "saas:adyen",
    "saas:algolia",
    "saas:segment",
    "saas:maxmind",
    "saas:zendesk",
];
const AGENTS: [&str; 3] = ["falcon-sensor", "os-auto-update", "log-shipper"];

/// Where the layers of a product sit in its component list.
#[derive(Default)]
struct Layers {
    lb: Vec<usize>,
    api: Vec<usize>,
    front: Vec<usize>,
    core: Vec<usize>,
    data: Vec<usize>,
    external: Vec<usize>,
}

struct Builder {
    rng: Rng,
    components: Vec<Component>,
}

impl Builder {
    fn push(&mut self, c: Component) -> usize {
        self.components.push(c);
        self.components.len() - 1
    }

    fn bare(&self, id: String, kind: Kind, provider: &str, service: Option<&str>) -> Component {
        Component {
            service: service.map(str::to_owned),
            ..Component::new(id, kind, provider)
        }
    }

    fn zones(&mut self, cloud: &Cloud, region: &str, n: usize) -> Zones {
        // Never more zones than the region has (the catalogue's sourced count).
        let n = faultline::catalogue::Catalogue::builtin()
            .zone_count(cloud.id, region)
            .map_or(n, |c| n.min(c.zones as usize).max(1));
        if self.rng.chance(10) {
            Zones::Named((0..n).map(|i| (cloud.zone)(region, i)).collect())
        } else {
            Zones::Count(n as u64)
        }
    }

    /// Gives `c` a placement and a failover style on `cloud` in the region pair `regions`.
    fn place(&mut self, c: &mut Component, cloud: &Cloud, regions: (&str, &str)) {
        let stateful = c.kind.is_stateful();
        let roll = self.rng.below(100);
        // Stateless tiers lean active-active; data leans single-region multi-zone or
        // active-passive with a standby.
        let (single, passive) = if stateful { (45, 90) } else { (35, 65) };
        let zones_primary = self.rng.range(1, 3);
        if roll < single {
            let z = self.zones(cloud, regions.0, zones_primary);
            c.regions = vec![Placement {
                name: regions.0.to_owned(),
                zones: z,
            }];
            if self.rng.chance(30) {
                c.topology = Some(Topology::SingleRegion);
            }
            if zones_primary > 1 && !stateful {
                c.headroom_percent = Some(*self.rng.pick(&[0.0, 50.0, 100.0]));
            }
            return;
        }
        let zones_secondary = self.rng.range(1, 3);
        let z1 = self.zones(cloud, regions.0, zones_primary);
        let z2 = self.zones(cloud, regions.1, zones_secondary);
        c.regions = vec![
            Placement {
                name: regions.0.to_owned(),
                zones: z1,
            },
            Placement {
                name: regions.1.to_owned(),
                zones: z2,
            },
        ];
        if roll < passive {
            c.topology = Some(Topology::ActivePassive);
            c.standby = Some(*self.rng.pick(&[
                Standby::Hot,
                Standby::Warm,
                Standby::Warm,
                Standby::PilotLight,
                Standby::BackupRestore,
            ]));
            let automatic = self.rng.chance(40);
            c.failover = Some(Failover {
                trigger: Some(if automatic {
                    Trigger::Automatic
                } else {
                    Trigger::Manual
                }),
                via: Some(*self.rng.pick(&[Via::Dns, Via::Dns, Via::Client])),
                detect_minutes: Some(if automatic { 2.0 } else { 15.0 }),
                switch_minutes: Some(*self.rng.pick(&[5.0, 10.0, 20.0, 30.0])),
                needs_control_plane: Some(self.rng.chance(70)),
                ..Failover::default()
            });
        } else {
            c.topology = Some(Topology::ActiveActive);
            c.failover = Some(Failover {
                trigger: Some(Trigger::Automatic),
                via: Some(*self.rng.pick(&[
                    Via::Dns,
                    Via::LoadBalancer,
                    Via::Anycast,
                    Via::Client,
                ])),
                detect_minutes: Some(*self.rng.pick(&[1.0, 2.0, 3.0])),
                switch_minutes: Some(*self.rng.pick(&[1.0, 2.0, 5.0])),
                needs_control_plane: Some(self.rng.chance(20)),
                ..Failover::default()
            });
            if !stateful {
                c.headroom_percent = Some(*self.rng.pick(&[50.0, 100.0]));
            }
        }
        if stateful {
            c.data = Some(self.data(true));
        }
    }

    fn data(&mut self, multi_region: bool) -> DataSpec {
        let replication = if multi_region {
            Some(
                *self
                    .rng
                    .pick(&[Replication::Async, Replication::Async, Replication::Sync]),
            )
        } else {
            Some(Replication::None)
        };
        let backups = *self.rng.pick(&[
            BackupLocation::None,
            BackupLocation::SameRegion,
            BackupLocation::OtherRegion,
            BackupLocation::OtherRegion,
            BackupLocation::OtherProvider,
        ]);
        DataSpec {
            replication,
            replication_lag_minutes: (replication == Some(Replication::Async)
                && self.rng.chance(50))
            .then_some(*self.rng.pick(&[0.5, 1.0, 5.0])),
            backups: Some(backups),
            backup_interval_minutes: (backups != BackupLocation::None)
                .then_some(*self.rng.pick(&[15.0, 60.0, 1440.0])),
            restore_minutes: self
                .rng
                .chance(30)
                .then_some(*self.rng.pick(&[60.0, 240.0])),
            backups_verified: None,
        }
    }

    /// A regional component of a product: kind, service, placement, occasional agents,
    /// global rollout or global endpoints.
    fn regional(
        &mut self,
        id: String,
        kind: Kind,
        cloud: &Cloud,
        regions: (&str, &str),
    ) -> Component {
        let service = match kind {
            Kind::Compute => *self.rng.pick(cloud.compute),
            Kind::Container => *self.rng.pick(cloud.container),
            Kind::Function => cloud.function,
            Kind::Database => *self.rng.pick(cloud.database),
            Kind::Cache => cloud.cache,
            Kind::Queue => *self.rng.pick(cloud.queue),
            Kind::ObjectStorage => cloud.object_storage,
            Kind::LoadBalancer => cloud.load_balancer,
            Kind::Secrets => cloud.secrets,
            Kind::AiInference => cloud.ai,
            _ => cloud.compute[0],
        };
        let mut c = self.bare(id, kind, cloud.id, Some(service));
        self.place(&mut c, cloud, regions);
        if c.kind.is_stateful() && c.data.is_none() && self.rng.chance(80) {
            c.data = Some(self.data(false));
        }
        if matches!(kind, Kind::Compute | Kind::Container) && self.rng.chance(15) {
            let n = self.rng.range(1, 2);
            let start = self.rng.below(AGENTS.len());
            c.agents = (0..n)
                .map(|k| AGENTS[(start + k) % AGENTS.len()].to_owned())
                .collect();
        }
        if !c.kind.is_stateful() && self.rng.chance(5) {
            c.rollout = Some(Rollout::Global);
        }
        if cloud.id == "aws" && self.rng.chance(3) {
            c.endpoints = Some(Endpoints::Global);
        }
        c
    }

    fn dep(&mut self, target: usize, soft_percent: u64) -> Dependency {
        Dependency::Component {
            id: self.components[target].id.clone(),
            hard: !self.rng.chance(soft_percent),
        }
    }

    /// `from` depends on 1..=`max` distinct members of `pool`.
    fn fan_out(&mut self, from: usize, pool: &[usize], max: usize, soft_percent: u64) {
        if pool.is_empty() {
            return;
        }
        let n = self.rng.range(1, max.min(pool.len()));
        let start = self.rng.below(pool.len());
        let step = 1 + self.rng.below(pool.len());
        let mut chosen: Vec<usize> = Vec::with_capacity(n);
        let mut k = start;
        for _ in 0..pool.len() {
            if chosen.len() == n {
                break;
            }
            let t = pool[k % pool.len()];
            if !chosen.contains(&t) {
                chosen.push(t);
            }
            k += step;
        }
        // Fill up if the stride cycled over a subset.
        for &t in pool {
            if chosen.len() == n {
                break;
            }
            if !chosen.contains(&t) {
                chosen.push(t);
            }
        }
        for t in chosen {
            let d = self.dep(t, soft_percent);
            self.components[from].depends_on.push(d);
        }
    }

    /// Every member of `lower` that nothing in `upper` depends on gets a dependant there.
    fn adopt_orphans(&mut self, upper: &[usize], lower: &[usize]) {
        if upper.is_empty() {
            return;
        }
        for &l in lower {
            let id = self.components[l].id.clone();
            let used = upper.iter().any(|&u| {
                self.components[u]
                    .depends_on
                    .iter()
                    .any(|d| d.ids().contains(&id.as_str()))
            });
            if !used {
                let u = *self.rng.pick(upper);
                let d = self.dep(l, 20);
                self.components[u].depends_on.push(d);
            }
        }
    }
}

/// How a product's `m` components split over the layers: (lb, api, front, core, data,
/// external), summing to `m`.
fn split(m: usize) -> [usize; 6] {
    if m == 0 {
        return [0; 6];
    }
    if m < 4 {
        // Tiny: an API and its data.
        let api = 1;
        let data = m - 1;
        return [0, api, 0, 0, data, 0];
    }
    let lb = usize::from(m >= 6);
    let api = (m * 12 / 100).max(1);
    let data = (m * 30 / 100).max(1);
    let external = m * 8 / 100;
    let services = m - lb - api - data - external;
    let front = services / 3;
    let core = services - front;
    [lb, api, front, core, data, external]
}

/// Generates a description with exactly `components` components (at least 1) from `seed`.
///
/// # Complexity
///
/// O(components × fan-out), dominated by the orphan check of each layer (linear in the
/// dependencies of the layer above).
pub fn generate(components: usize, seed: u64) -> Architecture {
    let n = components.max(1);
    let mut b = Builder {
        rng: Rng(seed ^ 0x6661_756C_746C_696E),
        components: Vec::with_capacity(n),
    };
    let clouds: [&Cloud; 3] = [&AWS, &GCP, &AZURE];
    let home = |rng: &mut Rng| -> &'static Cloud {
        match rng.below(100) {
            0..=54 => &AWS,
            55..=79 => &GCP,
            _ => &AZURE,
        }
    };

    // --- edge -------------------------------------------------------------------------------
    let first_cloud = home(&mut b.rng);
    let mut budget = n;
    let mut dns = Vec::new();
    let dns1 = b.bare(
        "dns".to_owned(),
        Kind::Dns,
        first_cloud.id,
        Some(first_cloud.dns),
    );
    dns.push(b.push(dns1));
    budget -= 1;
    if n >= 50 && budget > 0 && b.rng.chance(70) {
        let (provider, service) = *b.rng.pick(&[
            ("cloudflare", "dns"),
            ("akamai", "edge-dns"),
            ("saas:ns1", ""),
        ]);
        let c = b.bare(
            "dns-secondary".to_owned(),
            Kind::Dns,
            provider,
            (!service.is_empty()).then_some(service),
        );
        dns.push(b.push(c));
        budget -= 1;
    }
    let mut cdn = None;
    if n >= 8 && budget > 0 && b.rng.chance(85) {
        let (provider, service) = *b.rng.pick(&[
            ("cloudflare", "cdn"),
            ("fastly", "cdn"),
            ("akamai", "cdn"),
            (first_cloud.id, first_cloud.cdn),
        ]);
        let c = b.bare("cdn".to_owned(), Kind::Cdn, provider, Some(service));
        cdn = Some(b.push(c));
        budget -= 1;
    }
    let mut identity = None;
    if n >= 30 && budget > 0 {
        let provider = *b.rng.pick(&["saas:okta", "saas:auth0"]);
        let c = b.bare("sign-in".to_owned(), Kind::Identity, provider, None);
        identity = Some(b.push(c));
        budget -= 1;
    }

    // --- platform: shared core services and data ------------------------------------------------
    let mut platform_core = Vec::new();
    if n >= 100 {
        let size = (n * 3 / 100).max(4).min(budget);
        let cloud = first_cloud;
        let regions = cloud.regions[0];
        let data_n = (size / 2).max(1);
        let core_n = size - data_n;
        let mut data = Vec::new();
        for k in 0..data_n {
            let kind = *b
                .rng
                .pick(&[Kind::Database, Kind::Queue, Kind::Secrets, Kind::Cache]);
            let c = b.regional(format!("platform-data{k}"), kind, cloud, regions);
            data.push(b.push(c));
        }
        for k in 0..core_n {
            let c = b.regional(format!("platform-svc{k}"), Kind::Container, cloud, regions);
            let i = b.push(c);
            b.fan_out(i, &data, 2, 10);
            platform_core.push(i);
        }
        b.adopt_orphans(&platform_core, &data);
        budget -= size;
    }

    // --- products -------------------------------------------------------------------------------
    let products = if n < 30 {
        1
    } else {
        // 0.6 × √n, in integers.
        let mut r = 1usize;
        while (r + 1) * (r + 1) * 100 <= n * 36 {
            r += 1;
        }
        r.max(2)
    };
    let mut journeys = Vec::new();
    let mut all_core = Vec::new();
    let mut remaining = budget;
    for p in 0..products {
        let m = remaining / (products - p);
        remaining -= m;
        if m == 0 {
            continue;
        }
        let name = if p < PRODUCTS.len() {
            PRODUCTS[p].to_owned()
        } else {
            format!("{}{}", PRODUCTS[p % PRODUCTS.len()], p / PRODUCTS.len())
        };
        let cloud = if p == 0 {
            first_cloud
        } else {
            home(&mut b.rng)
        };
        let regions = *b.rng.pick(cloud.regions);
        let [lb_n, api_n, front_n, core_n, data_n, ext_n] = split(m);
        let mut l = Layers::default();
        // Now and then the product's first database keeps a replica on another cloud that
        // an operator promotes by hand: an `any_of` group in its users' dependencies.
        let replica_pair = m >= 20 && data_n >= 2 && b.rng.chance(25);
        let mut replica = None;
        for k in 0..data_n {
            if replica_pair && k == data_n - 1 {
                let here = clouds.iter().position(|c| c.id == cloud.id).unwrap_or(0);
                let other = clouds[(here + 1 + b.rng.below(2)) % 3];
                let pair = *b.rng.pick(other.regions);
                let mut c = b.regional(format!("{name}-replica"), Kind::Database, other, pair);
                c.data.get_or_insert_with(DataSpec::default);
                let i = b.push(c);
                l.data.push(i);
                replica = Some(i);
                continue;
            }
            let kind = match k % 6 {
                0 => Kind::Database,
                1 => Kind::Cache,
                2 => Kind::Queue,
                3 => Kind::ObjectStorage,
                4 => Kind::Secrets,
                _ => *b.rng.pick(&[Kind::Database, Kind::Queue, Kind::Cache]),
            };
            let c = b.regional(format!("{name}-{}{k}", kind.as_str()), kind, cloud, regions);
            l.data.push(b.push(c));
        }
        for k in 0..ext_n {
            let c = if k % 3 == 2 {
                if b.rng.chance(50) {
                    b.regional(format!("{name}-ai{k}"), Kind::AiInference, cloud, regions)
                } else {
                    b.bare(
                        format!("{name}-ai{k}"),
                        Kind::AiInference,
                        "saas:openai",
                        None,
                    )
                }
            } else {
                let vendor = *b.rng.pick(&SAAS_APIS);
                b.bare(format!("{name}-ext{k}"), Kind::ThirdPartyApi, vendor, None)
            };
            l.external.push(b.push(c));
        }
        let stores: Vec<usize> = match replica {
            Some(r) => l
                .data
                .iter()
                .copied()
                .filter(|&d| d != r && d != l.data[0])
                .collect(),
            None => l.data.clone(),
        };
        for k in 0..core_n {
            let kind = if b.rng.chance(20) {
                Kind::Function
            } else {
                Kind::Container
            };
            let c = b.regional(format!("{name}-core{k}"), kind, cloud, regions);
            let i = b.push(c);
            b.fan_out(i, &stores, 3, 20);
            if let Some(r) = replica
                && (k == 0 || b.rng.chance(40))
            {
                let group = Dependency::AnyOf {
                    any_of: vec![b.dep(l.data[0], 0), b.dep(r, 0)],
                    failover: Some(Failover {
                        trigger: Some(Trigger::Manual),
                        via: Some(Via::Client),
                        detect_minutes: Some(15.0),
                        switch_minutes: Some(20.0),
                        needs_control_plane: Some(true),
                        ..Failover::default()
                    }),
                    hard: true,
                    shares_percent: None,
                };
                b.components[i].depends_on.push(group);
            }
            if !l.external.is_empty() && b.rng.chance(25) {
                let ext = l.external.clone();
                b.fan_out(i, &ext, 1, 70);
            }
            if !platform_core.is_empty() && b.rng.chance(15) {
                let pc = platform_core.clone();
                b.fan_out(i, &pc, 1, 20);
            }
            l.core.push(i);
            all_core.push(i);
        }
        for k in 0..front_n {
            let c = b.regional(format!("{name}-svc{k}"), Kind::Container, cloud, regions);
            let i = b.push(c);
            let core = l.core.clone();
            b.fan_out(i, &core, 4, 20);
            l.front.push(i);
        }
        for k in 0..api_n {
            let kind = *b.rng.pick(&[Kind::Compute, Kind::Container]);
            let c = b.regional(format!("{name}-api{k}"), kind, cloud, regions);
            let i = b.push(c);
            let below = if l.front.is_empty() {
                l.core.clone()
            } else {
                l.front.clone()
            };
            if below.is_empty() {
                let data = l.data.clone();
                b.fan_out(i, &data, 2, 0);
            } else {
                b.fan_out(i, &below, 5, 15);
            }
            l.api.push(i);
        }
        for k in 0..lb_n {
            let c = b.regional(format!("{name}-lb{k}"), Kind::LoadBalancer, cloud, regions);
            let i = b.push(c);
            if l.api.len() >= 2 && b.rng.chance(50) {
                // Two APIs behind one load balancer: either will do.
                let alts = vec![b.dep(l.api[0], 0), b.dep(l.api[1], 0)];
                let failover = b.rng.chance(50).then_some(Failover {
                    trigger: Some(Trigger::Automatic),
                    via: Some(Via::LoadBalancer),
                    detect_minutes: Some(1.0),
                    switch_minutes: Some(1.0),
                    needs_control_plane: Some(false),
                    ..Failover::default()
                });
                b.components[i].depends_on.push(Dependency::AnyOf {
                    any_of: alts,
                    failover,
                    hard: true,
                    shares_percent: None,
                });
                let rest = l.api[2..].to_vec();
                if !rest.is_empty() {
                    b.fan_out(i, &rest, 2, 0);
                }
            } else {
                let api = l.api.clone();
                b.fan_out(i, &api, 3, 0);
            }
            l.lb.push(i);
        }
        // Every layer member is needed by the layer above.
        b.adopt_orphans(&l.core, &l.data);
        b.adopt_orphans(&l.core, &l.external);
        b.adopt_orphans(&l.front, &l.core);
        let upper_of_front = if l.api.is_empty() {
            l.lb.clone()
        } else {
            l.api.clone()
        };
        b.adopt_orphans(&upper_of_front, &l.front);
        if l.front.is_empty() {
            b.adopt_orphans(&l.api, &l.core);
        }
        if l.core.is_empty() && l.front.is_empty() {
            b.adopt_orphans(&l.api, &l.data);
            b.adopt_orphans(&l.api, &l.external);
        }
        b.adopt_orphans(&l.lb, &l.api);

        // Journeys: enter through DNS, the CDN and the product's front door.
        let front_doors = if l.lb.is_empty() {
            l.api.clone()
        } else {
            l.lb.clone()
        };
        let journey_count = if front_doors.len() >= 2 || b.rng.chance(50) {
            2
        } else {
            1
        };
        for jk in 0..journey_count {
            let mut entry = Vec::new();
            if dns.len() == 2 {
                entry.push(Dependency::AnyOf {
                    any_of: dns
                        .iter()
                        .map(|&d| Dependency::Component {
                            id: b.components[d].id.clone(),
                            hard: true,
                        })
                        .collect(),
                    failover: None,
                    hard: true,
                    shares_percent: None,
                });
            } else {
                entry.push(Dependency::Component {
                    id: b.components[dns[0]].id.clone(),
                    hard: true,
                });
            }
            if let Some(c) = cdn {
                entry.push(Dependency::Component {
                    id: b.components[c].id.clone(),
                    hard: true,
                });
            }
            if let Some(idp) = identity
                && (jk == 1 || b.rng.chance(30))
            {
                entry.push(Dependency::Component {
                    id: b.components[idp].id.clone(),
                    hard: true,
                });
            }
            // The second journey uses the second front door when there is one (so every
            // front door is reached), else the same one.
            let door = front_doors[jk.min(front_doors.len() - 1)];
            entry.push(Dependency::Component {
                id: b.components[door].id.clone(),
                hard: true,
            });
            let criticality = *b.rng.pick(&[
                Criticality::Low,
                Criticality::Normal,
                Criticality::High,
                Criticality::Critical,
            ]);
            journeys.push(Journey {
                name: if jk == 0 {
                    name.clone()
                } else {
                    format!("{name}-signed-in")
                },
                description: None,
                entry,
                criticality: Some(criticality),
                target_availability: (criticality == Criticality::Critical).then_some(99.95),
                rto_minutes: b.rng.chance(30).then_some(60.0),
                rpo_minutes: b.rng.chance(30).then_some(15.0),
                tolerance_minutes: None,
            });
        }
        // Further front doors (more than two): reached from the second journey.
        for &door in front_doors.iter().skip(2) {
            if let Some(j) = journeys.last_mut() {
                j.entry.push(Dependency::Component {
                    id: b.components[door].id.clone(),
                    hard: true,
                });
            }
        }
    }
    // Platform services no product happened to call get a caller.
    b.adopt_orphans(&all_core, &platform_core);
    // Edge components nothing uses (only possible when products got no budget).
    if journeys.is_empty() {
        journeys.push(Journey {
            name: "edge".to_owned(),
            description: None,
            entry: dns
                .iter()
                .chain(cdn.iter())
                .chain(identity.iter())
                .map(|&d| Dependency::Component {
                    id: b.components[d].id.clone(),
                    hard: true,
                })
                .collect(),
            criticality: None,
            target_availability: None,
            rto_minutes: None,
            rpo_minutes: None,
            tolerance_minutes: None,
        });
    }

    // --- operations -----------------------------------------------------------------------------
    let monitoring = if b.rng.chance(50) {
        Monitoring {
            provider: first_cloud.id.to_owned(),
            regions: vec![first_cloud.regions[0].0.to_owned()],
            service: Some(first_cloud.monitoring.to_owned()),
            secondary: b.rng.chance(50).then(|| {
                Box::new(Monitoring {
                    provider: "saas:pingdom".to_owned(),
                    regions: Vec::new(),
                    service: None,
                    secondary: None,
                    component: None,
                })
            }),
            component: None,
        }
    } else {
        Monitoring {
            provider: "saas:datadog".to_owned(),
            regions: Vec::new(),
            service: None,
            secondary: None,
            component: None,
        }
    };
    let changes = Changes {
        rollout: Some(if b.rng.chance(85) {
            Rollout::Staged
        } else {
            Rollout::Global
        }),
        automated_rollback: Some(b.rng.chance(50)),
        ai_assisted: Some(*b.rng.pick(&[
            AiAssisted::None,
            AiAssisted::Reviewed,
            AiAssisted::Unreviewed,
        ])),
    };

    Architecture {
        version: FORMAT_VERSION,
        name: format!("synthetic-{n}-{seed}"),
        description: Some(format!(
            "Synthetic architecture: {n} components, seed {seed} (faultline::generate)."
        )),
        targets: Targets {
            availability: Some(99.9),
            rto_minutes: None,
            rpo_minutes: None,
            tolerance_minutes: None,
        },
        components: b.components,
        journeys,
        operations: Operations {
            monitoring: Some(monitoring),
            changes,
        },
        sites: Vec::new(),
    }
}

/// A hostile dense graph: `n` compute components in two zones of us-east-1, each depending
/// on every earlier one (n (n − 1) / 2 edges), with one journey entering through the last.
/// What issue 13 measured `faultline score` on: its advice must stay bounded by its work
/// budget however many candidate mitigations such a graph offers.
///
/// ```
/// let a = faultline_dev::generate::dense(4);
/// assert_eq!(a.components.len(), 4);
/// assert_eq!(a.components[3].depends_on.len(), 3);
/// ```
pub fn dense(n: usize) -> Architecture {
    let mut components = Vec::with_capacity(n);
    for i in 0..n {
        let mut c = Component::new(format!("c{i}"), Kind::Compute, "aws");
        c.service = Some("ec2".to_owned());
        c.regions = vec![Placement {
            name: "us-east-1".to_owned(),
            zones: Zones::Count(2),
        }];
        c.depends_on = (0..i)
            .map(|k| Dependency::Component {
                id: format!("c{k}"),
                hard: true,
            })
            .collect();
        components.push(c);
    }
    Architecture {
        version: 1,
        name: format!("dense-{n}"),
        description: None,
        targets: Targets::default(),
        journeys: match n.checked_sub(1) {
            Some(last) => vec![Journey {
                name: "use".to_owned(),
                description: None,
                entry: vec![Dependency::Component {
                    id: format!("c{last}"),
                    hard: true,
                }],
                criticality: None,
                target_availability: None,
                rto_minutes: None,
                rpo_minutes: None,
                tolerance_minutes: None,
            }],
            None => Vec::new(),
        },
        components,
        operations: Operations::default(),
        sites: Vec::new(),
    }
}
