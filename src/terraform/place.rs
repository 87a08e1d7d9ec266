//! Placement per resource type: where a component runs (regions, zones), how many
//! instances, what durable data it holds, and the redundancy the resource itself declares
//! (DynamoDB replicas, Cosmos DB locations, geo-redundant storage).

use crate::sort::Stable;
use std::collections::BTreeMap;

use serde_json::Value;

use super::doc::Instance;
use super::facts::{Ctx, ZoneSet, azure_region, get, region_of_zone};
use super::rules::Class;
use crate::model::{
    BackupLocation, DataSpec, Failover, Replication, Standby, Topology, Trigger, Via,
};

/// Placeholder region when neither the resource nor its provider says (reported as
/// unknown; the overlay's `default_regions` fixes it).
pub(crate) const UNKNOWN_REGION: &str = "region-unknown";

/// One region a component runs in.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Site {
    pub region: String,
    pub zones: ZoneSet,
    /// Running instances (compute), nodes, or database instances, when known.
    pub capacity: Option<u64>,
    /// Instance size (`db.r6g.large`), to compare a standby with its primary.
    pub size: Option<String>,
}

/// Redundancy across regions.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Redundancy {
    pub topology: Topology,
    pub standby: Option<Standby>,
    pub failover: Option<Failover>,
    /// Why, for notes and descriptions.
    pub why: String,
}

/// Where one component anchor runs, as read from its instances and members.
#[derive(Debug, Clone, Default)]
pub(crate) struct Placement {
    /// Sites in order, primary first; empty for a global service.
    pub sites: Vec<Site>,
    pub replicas: Option<u64>,
    pub data: Option<DataSpec>,
    pub redundancy: Option<Redundancy>,
    pub facts: Vec<String>,
    /// Member addresses that shape the placement (replicas, cluster instances, node pools).
    pub origin: Vec<String>,
    /// A different service than the type's default (`nlb` for a network load balancer).
    pub service: Option<&'static str>,
}

pub(crate) fn failover(
    trigger: Trigger,
    via: Via,
    detect: Option<f64>,
    switch: Option<f64>,
    control_plane: bool,
) -> Failover {
    Failover {
        trigger: Some(trigger),
        via: Some(via),
        detect_minutes: detect,
        switch_minutes: switch,
        needs_control_plane: Some(control_plane),
        ..Failover::default()
    }
}

fn data(
    replication: Option<Replication>,
    backups: Option<BackupLocation>,
    interval: Option<f64>,
) -> DataSpec {
    DataSpec {
        replication,
        replication_lag_minutes: None,
        backups,
        backup_interval_minutes: interval,
        restore_minutes: None,
        backups_verified: None,
    }
}

/// Adds a site, merging it into an existing one of the same region.
fn add_site(sites: &mut Vec<Site>, site: Site) {
    if let Some(s) = sites.iter_mut().find(|s| s.region == site.region) {
        s.zones.union(&site.zones);
        s.capacity = match (s.capacity, site.capacity) {
            (Some(a), Some(b)) => Some(a.saturating_add(b)),
            (a, b) => a.or(b),
        };
        if s.size.is_none() {
            s.size = site.size;
        }
    } else {
        sites.push(site);
    }
}

impl<'a> Ctx<'_, 'a> {
    fn region_or_unknown(&mut self, inst: &Instance<'a>, provider: &'static str) -> String {
        match self.region(inst, provider) {
            Some(r) => r,
            None => {
                self.unknown(
                    &inst.address,
                    "region",
                    format!("neither the resource nor its provider configuration names a region: written as `{UNKNOWN_REGION}` (set `default_regions` in the overlay)"),
                );
                UNKNOWN_REGION.to_owned()
            }
        }
    }

    /// Zones from a zone attribute, or else subnets, or else one zone (reported unknown).
    fn zones_of(
        &mut self,
        inst: &Instance<'a>,
        zone_attrs: &[&str],
        subnet_attrs: &[&str],
        what: &str,
    ) -> ZoneSet {
        let mut unknown = false;
        for a in zone_attrs {
            let f = get(inst, a);
            let names = f.strings();
            if !names.is_empty() {
                return ZoneSet::named(names.into_iter().map(str::to_owned));
            }
            unknown |= f.unknown;
        }
        let reported = self.unknowns.len();
        if !subnet_attrs.is_empty()
            && let Some(z) = self.subnet_zones(inst, subnet_attrs)
        {
            return z;
        }
        if unknown && self.unknowns.len() == reported {
            self.unknown(
                &inst.address,
                zone_attrs.first().copied().unwrap_or("availability_zone"),
                format!("the {what}'s zone is known only after apply: counted as one unnamed zone"),
            );
        }
        ZoneSet::spread(1)
    }
}

/// The placement of one component anchor.
pub(crate) fn place<'a>(
    ctx: &mut Ctx<'_, 'a>,
    class: &Class,
    rtype: &str,
    anchor: &[&Instance<'a>],
    members: &[&Instance<'a>],
) -> Placement {
    let mut p = Placement::default();
    let provider = class.provider;
    match rtype {
        "aws_instance" => {
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                let zones = ctx.zones_of(inst, &["availability_zone"], &["subnet_id"], "instance");
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity: Some(1),
                        size: None,
                    },
                );
            }
            p.replicas = p.sites.first().and_then(|s| s.capacity);
            if let Some(t) = anchor.first().and_then(|i| get(i, "instance_type").str()) {
                p.facts.push(format!("{} x {t}", anchor.len()));
            }
        }
        "aws_autoscaling_group" => {
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                let zones = ctx.zones_of(
                    inst,
                    &["availability_zones"],
                    &["vpc_zone_identifier"],
                    "Auto Scaling group",
                );
                let desired = get(inst, "desired_capacity").u64();
                let min = get(inst, "min_size").u64();
                let max = get(inst, "max_size").u64();
                let capacity = desired.or(min);
                if desired.is_none() && get(inst, "desired_capacity").unknown {
                    ctx.unknown(
                        &inst.address,
                        "desired_capacity",
                        "known only after apply: the minimum size is used as the running capacity",
                    );
                }
                p.facts.push(format!(
                    "min {}, desired {}, max {}",
                    min.map_or("?".into(), |v| v.to_string()),
                    desired.map_or("?".into(), |v| v.to_string()),
                    max.map_or("?".into(), |v| v.to_string())
                ));
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity,
                        size: None,
                    },
                );
            }
            p.replicas = p.sites.first().and_then(|s| s.capacity).filter(|c| *c > 0);
        }
        "aws_lb" | "aws_alb" | "aws_elb" => {
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                let zones = ctx.zones_of(
                    inst,
                    &["availability_zones"],
                    &["subnets", "subnet_mapping.subnet_id"],
                    "load balancer",
                );
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity: None,
                        size: None,
                    },
                );
                let lbt = get(inst, "load_balancer_type");
                match lbt.str() {
                    Some("network") => {
                        p.service = Some("nlb");
                        p.facts.push("network load balancer".into());
                        if get(inst, "enable_cross_zone_load_balancing").bool() != Some(true) {
                            p.facts.push("cross-zone load balancing off: each zone's targets take that zone's share".into());
                        }
                    }
                    Some(t) => p.facts.push(format!("{t} load balancer")),
                    None => {}
                }
                if get(inst, "cross_zone_load_balancing").bool() == Some(false) {
                    p.facts.push("cross-zone load balancing off".into());
                }
                if get(inst, "internal").bool() == Some(true) {
                    p.facts.push("internal".into());
                }
            }
        }
        "aws_db_instance" => {
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                let mut zones = match get(inst, "availability_zone").str() {
                    Some(az) => ZoneSet::named([az.to_owned()]),
                    None => ZoneSet::spread(1),
                };
                let multi = get(inst, "multi_az");
                match multi.bool() {
                    Some(true) => {
                        zones.unnamed += 1;
                        p.facts
                            .push("Multi-AZ (synchronous standby in a second zone)".into());
                    }
                    Some(false) => p.facts.push("single-AZ".into()),
                    None if multi.unknown => ctx.unknown(
                        &inst.address,
                        "multi_az",
                        "known only after apply: counted as single-AZ",
                    ),
                    None => p.facts.push("single-AZ".into()),
                }
                if let Some(e) = get(inst, "engine").str() {
                    p.facts.push(format!("engine {e}"));
                }
                let size = get(inst, "instance_class").str().map(str::to_owned);
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity: Some(1),
                        size,
                    },
                );
                p.data = Some(rds_backups(ctx, inst, members));
            }
        }
        "aws_rds_cluster" => {
            let instances: Vec<&Instance<'a>> = members
                .iter()
                .filter(|m| m.rtype == "aws_rds_cluster_instance")
                .copied()
                .collect();
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                let engine = get(inst, "engine").str().unwrap_or("aurora");
                let aurora = engine.starts_with("aurora");
                if !aurora {
                    p.service = Some("rds");
                }
                let candidates = get(inst, "availability_zones").strings();
                let cap = if candidates.is_empty() {
                    3
                } else {
                    candidates.len() as u64
                };
                let mut zones = ZoneSet::default();
                let mut unplaced = 0u64;
                let mut size = None;
                for m in &instances {
                    p.origin.push(m.address.clone());
                    if size.is_none() {
                        size = get(m, "instance_class").str().map(str::to_owned);
                    }
                    match get(m, "availability_zone").str() {
                        Some(az) => {
                            zones.named.insert(az.to_owned());
                        }
                        None => unplaced += 1,
                    }
                }
                if unplaced > 0 {
                    zones.unnamed = unplaced;
                    ctx.unknown(
                        &inst.address,
                        "availability_zone",
                        format!("{unplaced} cluster instance(s) have no zone before apply: Aurora is assumed to place them in different zones (at most {cap})"),
                    );
                }
                zones.cap(cap);
                let n = instances.len() as u64;
                if !aurora {
                    // A Multi-AZ DB cluster: one writer and two readers in three zones.
                    zones = ZoneSet::spread(3);
                }
                if zones.is_empty() {
                    zones = ZoneSet::spread(1);
                }
                p.facts.push(format!("engine {engine}, {n} instance(s)"));
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity: Some(n),
                        size,
                    },
                );
                p.data = Some(data(None, Some(BackupLocation::SameRegion), Some(5.0)));
            }
        }
        "aws_dynamodb_table" | "aws_dynamodb_global_table" => {
            for inst in anchor {
                if rtype == "aws_dynamodb_table" {
                    let region = ctx.region_or_unknown(inst, provider);
                    add_site(
                        &mut p.sites,
                        Site {
                            region,
                            zones: ZoneSet::spread(3),
                            capacity: None,
                            size: None,
                        },
                    );
                }
                let replicas = get(inst, "replica.region_name");
                for r in replicas.strings() {
                    add_site(
                        &mut p.sites,
                        Site {
                            region: r.to_owned(),
                            zones: ZoneSet::spread(3),
                            capacity: None,
                            size: None,
                        },
                    );
                }
                if replicas.unknown {
                    ctx.unknown(
                        &inst.address,
                        "replica",
                        "the replica regions are known only after apply: not counted",
                    );
                }
                let pitr = get(inst, "point_in_time_recovery.enabled").bool() == Some(true);
                p.data = Some(if pitr {
                    data(None, Some(BackupLocation::SameRegion), Some(5.0))
                } else {
                    data(None, Some(BackupLocation::None), None)
                });
            }
            for m in members
                .iter()
                .filter(|m| m.rtype == "aws_dynamodb_table_replica")
            {
                if let Some(region) = ctx.region(m, provider) {
                    p.origin.push(m.address.clone());
                    add_site(
                        &mut p.sites,
                        Site {
                            region,
                            zones: ZoneSet::spread(3),
                            capacity: None,
                            size: None,
                        },
                    );
                }
            }
            if p.sites.len() > 1 {
                p.redundancy = Some(Redundancy {
                    topology: Topology::ActiveActive,
                    standby: None,
                    failover: Some(failover(
                        Trigger::Automatic,
                        Via::Client,
                        Some(0.0),
                        Some(1.0),
                        false,
                    )),
                    why: "a DynamoDB global table: every replica takes reads and writes".into(),
                });
                if let Some(d) = &mut p.data {
                    d.replication = Some(Replication::Async);
                }
            }
        }
        "aws_elasticache_replication_group" => {
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                let nodes = get(inst, "num_cache_clusters")
                    .u64()
                    .or_else(|| get(inst, "number_cache_clusters").u64())
                    .or_else(|| {
                        get(inst, "replicas_per_node_group")
                            .u64()
                            .map(|r| r.saturating_add(1))
                    })
                    .or_else(|| {
                        get(inst, "cluster_mode.replicas_per_node_group")
                            .u64()
                            .map(|r| r.saturating_add(1))
                    })
                    .unwrap_or(1);
                let auto = get(inst, "automatic_failover_enabled").bool() == Some(true);
                let mut zones = {
                    let named = get(inst, "preferred_cache_cluster_azs").strings();
                    let older = get(inst, "availability_zones").strings();
                    if !named.is_empty() {
                        ZoneSet::named(named.into_iter().map(str::to_owned))
                    } else if !older.is_empty() {
                        ZoneSet::named(older.into_iter().map(str::to_owned))
                    } else {
                        subnet_group_zones(ctx, inst, "subnet_group_name")
                            .unwrap_or(ZoneSet::spread(nodes))
                    }
                };
                if auto {
                    zones.cap(nodes);
                    p.facts
                        .push(format!("{nodes} node(s) per shard, automatic failover"));
                } else {
                    zones.cap(1);
                    p.facts.push(format!(
                        "{nodes} node(s) per shard, no automatic failover: counted as one zone"
                    ));
                }
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity: Some(nodes),
                        size: None,
                    },
                );
                p.data = Some(snapshots(inst));
            }
        }
        "aws_elasticache_cluster" => {
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                let nodes = get(inst, "num_cache_nodes").u64().unwrap_or(1);
                let mut zones = {
                    let named = get(inst, "preferred_availability_zones").strings();
                    if !named.is_empty() {
                        ZoneSet::named(named.into_iter().map(str::to_owned))
                    } else if let Some(az) = get(inst, "availability_zone").str() {
                        ZoneSet::named([az.to_owned()])
                    } else if get(inst, "az_mode").str() == Some("cross-az") {
                        ZoneSet::spread(nodes.min(3))
                    } else {
                        ZoneSet::spread(1)
                    }
                };
                zones.cap(nodes.max(1));
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity: Some(nodes),
                        size: None,
                    },
                );
                p.data = Some(snapshots(inst));
            }
        }
        "aws_s3_bucket" => {
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones: ZoneSet::spread(3),
                        capacity: None,
                        size: None,
                    },
                );
            }
            p.data = Some(data(None, Some(BackupLocation::None), None));
            if anchor
                .iter()
                .any(|i| get(i, "versioning.enabled").bool() == Some(true))
            {
                p.facts.push("versioning on".into());
            }
        }
        "aws_cloudfront_distribution" => {
            if let Some(inst) = anchor.first() {
                let count = |path: &str| -> usize {
                    get(inst, path)
                        .values
                        .iter()
                        .map(|v| v.as_array().map_or(1, Vec::len))
                        .sum()
                };
                let origins = count("origin");
                let groups = count("origin_group");
                p.facts
                    .push(format!("{origins} origin(s), {groups} origin group(s)"));
            }
        }
        "aws_route53_zone" | "google_dns_managed_zone" | "azurerm_dns_zone" => {
            if let Some(inst) = anchor.first()
                && let Some(name) = get(inst, "name")
                    .str()
                    .or_else(|| get(inst, "dns_name").str())
            {
                p.facts.push(format!("zone {}", name.trim_end_matches('.')));
            }
        }
        "aws_api_gateway_rest_api"
        | "aws_apigatewayv2_api"
        | "aws_sqs_queue"
        | "aws_sns_topic"
        | "aws_kinesis_stream"
        | "aws_cognito_user_pool" => {
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones: ZoneSet::spread(3),
                        capacity: None,
                        size: None,
                    },
                );
                if get(inst, "endpoint_configuration.types")
                    .strings()
                    .contains(&"EDGE")
                {
                    p.facts
                        .push("edge-optimized endpoint (served through CloudFront)".into());
                }
                if get(inst, "fifo_queue").bool() == Some(true) {
                    p.facts.push("FIFO".into());
                }
            }
        }
        "aws_lambda_function" => {
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                let zones = ctx
                    .subnet_zones(inst, &["vpc_config.subnet_ids"])
                    .unwrap_or(ZoneSet::spread(3));
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity: None,
                        size: None,
                    },
                );
                if let Some(rt) = get(inst, "runtime").str() {
                    p.facts.push(format!("runtime {rt}"));
                }
            }
        }
        "aws_eks_cluster" => {
            let groups: Vec<&Instance<'a>> = members
                .iter()
                .filter(|m| m.rtype == "aws_eks_node_group")
                .copied()
                .collect();
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                let mut zones = ZoneSet::default();
                let mut capacity: Option<u64> = None;
                for g in &groups {
                    p.origin.push(g.address.clone());
                    if let Some(z) = ctx.subnet_zones(g, &["subnet_ids"]) {
                        zones.union(&z);
                    }
                    if let Some(d) = get(g, "scaling_config.desired_size").u64() {
                        capacity = Some(capacity.unwrap_or(0).saturating_add(d));
                    }
                }
                if zones.is_empty() {
                    zones = ctx
                        .subnet_zones(inst, &["vpc_config.subnet_ids"])
                        .unwrap_or(ZoneSet::spread(1));
                }
                p.facts
                    .push(format!("{} managed node group(s)", groups.len()));
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity,
                        size: None,
                    },
                );
            }
            p.replicas = p.sites.first().and_then(|s| s.capacity).filter(|c| *c > 0);
        }
        "aws_ecs_service" => {
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                let zones = match ctx.subnet_zones(inst, &["network_configuration.subnets"]) {
                    Some(z) => z,
                    None => {
                        p.facts.push("tasks run on the cluster's instances: zones not known from the service".into());
                        ZoneSet::spread(1)
                    }
                };
                let desired = get(inst, "desired_count").u64();
                if let Some(lt) = get(inst, "launch_type").str() {
                    p.facts.push(format!("launch type {lt}"));
                }
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity: desired,
                        size: None,
                    },
                );
            }
            p.replicas = p.sites.first().and_then(|s| s.capacity).filter(|c| *c > 0);
        }
        "aws_efs_file_system" => {
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                let zones = match get(inst, "availability_zone_name").str() {
                    Some(az) if !az.is_empty() => {
                        p.facts.push("One Zone file system".into());
                        ZoneSet::named([az.to_owned()])
                    }
                    _ => ZoneSet::spread(3),
                };
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity: None,
                        size: None,
                    },
                );
            }
            let backed_up = members.iter().any(|m| {
                m.rtype == "aws_efs_backup_policy"
                    && get(m, "backup_policy.status").str() == Some("ENABLED")
            });
            p.data = Some(if backed_up {
                data(None, Some(BackupLocation::SameRegion), Some(1440.0))
            } else {
                data(None, Some(BackupLocation::None), None)
            });
            for m in members
                .iter()
                .filter(|m| m.rtype == "aws_efs_replication_configuration")
            {
                for r in get(m, "destination.region").strings() {
                    p.origin.push(m.address.clone());
                    add_site(
                        &mut p.sites,
                        Site {
                            region: r.to_owned(),
                            zones: ZoneSet::spread(3),
                            capacity: None,
                            size: None,
                        },
                    );
                }
            }
            if p.sites.len() > 1 {
                p.redundancy = Some(Redundancy {
                    topology: Topology::ActivePassive,
                    standby: Some(Standby::Hot),
                    failover: Some(failover(Trigger::Manual, Via::Client, None, None, true)),
                    why: "EFS replication to a read-only copy in another region (failing over is an API call)".into(),
                });
                if let Some(d) = &mut p.data {
                    d.replication = Some(Replication::Async);
                }
            }
        }
        "aws_ebs_volume" => {
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                let zones = ctx.zones_of(inst, &["availability_zone"], &[], "volume");
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity: None,
                        size: None,
                    },
                );
            }
            p.data = Some(data(None, Some(BackupLocation::None), None));
        }

        // ---- Google Cloud ----------------------------------------------------------------
        "google_compute_instance" | "google_compute_instance_group_manager" => {
            for inst in anchor {
                let zone = get(inst, "zone").str().map(str::to_owned);
                let region = match zone.as_deref().and_then(region_of_zone) {
                    Some(r) => r,
                    None => ctx.region_or_unknown(inst, provider),
                };
                let zones = match zone {
                    Some(z) => ZoneSet::named([z]),
                    None => ZoneSet::spread(1),
                };
                let capacity = if rtype == "google_compute_instance" {
                    Some(1)
                } else {
                    get(inst, "target_size").u64()
                };
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity,
                        size: None,
                    },
                );
            }
            p.replicas = p.sites.first().and_then(|s| s.capacity).filter(|c| *c > 0);
        }
        "google_compute_region_instance_group_manager" => {
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                let named = get(inst, "distribution_policy_zones").strings();
                let zones = if named.is_empty() {
                    ZoneSet::spread(3)
                } else {
                    ZoneSet::named(named.into_iter().map(str::to_owned))
                };
                let capacity = get(inst, "target_size").u64();
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity,
                        size: None,
                    },
                );
            }
            p.replicas = p.sites.first().and_then(|s| s.capacity).filter(|c| *c > 0);
        }
        "google_container_cluster" => {
            for inst in anchor {
                let location = get(inst, "location")
                    .str()
                    .or_else(|| get(inst, "zone").str())
                    .or_else(|| get(inst, "region").str())
                    .map(str::to_owned);
                let zonal = location.as_deref().and_then(region_of_zone);
                let region = match (&zonal, &location) {
                    (Some(r), _) => r.clone(),
                    (None, Some(l)) => l.clone(),
                    (None, None) => ctx.region_or_unknown(inst, provider),
                };
                let mut zones = ZoneSet::default();
                for l in get(inst, "node_locations").strings() {
                    zones.named.insert(l.to_owned());
                }
                for m in members
                    .iter()
                    .filter(|m| m.rtype == "google_container_node_pool")
                {
                    p.origin.push(m.address.clone());
                    for l in get(m, "node_locations").strings() {
                        zones.named.insert(l.to_owned());
                    }
                }
                match &zonal {
                    Some(_) => {
                        if let Some(l) = &location {
                            zones.named.insert(l.clone());
                        }
                        p.facts
                            .push("zonal cluster: its control plane lives in one zone".into());
                    }
                    None => {
                        if zones.is_empty() {
                            zones = ZoneSet::spread(3);
                        }
                        p.facts.push("regional cluster".into());
                    }
                }
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity: None,
                        size: None,
                    },
                );
            }
        }
        "google_sql_database_instance" => {
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                let mut zones = match get(inst, "settings.location_preference.zone").str() {
                    Some(z) if !z.is_empty() => ZoneSet::named([z.to_owned()]),
                    _ => ZoneSet::spread(1),
                };
                let ha = get(inst, "settings.availability_type");
                if ha.str() == Some("REGIONAL") {
                    zones.unnamed += 1;
                    p.facts
                        .push("high availability (regional: standby in a second zone)".into());
                } else if ha.unknown {
                    ctx.unknown(
                        &inst.address,
                        "settings.availability_type",
                        "known only after apply: counted as zonal",
                    );
                } else {
                    p.facts.push("zonal".into());
                }
                let size = get(inst, "settings.tier").str().map(str::to_owned);
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity: Some(1),
                        size,
                    },
                );
                let backups =
                    get(inst, "settings.backup_configuration.enabled").bool() == Some(true);
                p.data = Some(if backups {
                    // Cloud SQL stores backups in a multi-region location by default.
                    let location = get(inst, "settings.backup_configuration.location").str();
                    let where_ = match location {
                        Some(l) if !l.is_empty() && l.contains('-') => BackupLocation::SameRegion,
                        _ => BackupLocation::OtherRegion,
                    };
                    data(None, Some(where_), Some(1440.0))
                } else {
                    data(None, Some(BackupLocation::None), None)
                });
            }
        }
        "google_storage_bucket" => {
            for inst in anchor {
                let location = get(inst, "location")
                    .str()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let custom = get(inst, "custom_placement_config.data_locations").strings();
                let dual: Option<[&str; 2]> = match location.as_str() {
                    "nam4" => Some(["us-central1", "us-east1"]),
                    "eur4" => Some(["europe-north1", "europe-west4"]),
                    "asia1" => Some(["asia-northeast1", "asia-northeast2"]),
                    _ => None,
                };
                if custom.len() >= 2 {
                    for r in custom {
                        add_site(
                            &mut p.sites,
                            Site {
                                region: r.to_ascii_lowercase(),
                                zones: ZoneSet::spread(3),
                                capacity: None,
                                size: None,
                            },
                        );
                    }
                } else if let Some(pair) = dual {
                    for r in pair {
                        add_site(
                            &mut p.sites,
                            Site {
                                region: r.to_owned(),
                                zones: ZoneSet::spread(3),
                                capacity: None,
                                size: None,
                            },
                        );
                    }
                } else if matches!(location.as_str(), "us" | "eu" | "asia") {
                    p.facts.push(format!(
                        "multi-region location {}: scored as a global service",
                        location.to_ascii_uppercase()
                    ));
                } else if location.is_empty() {
                    let region = ctx.region_or_unknown(inst, provider);
                    add_site(
                        &mut p.sites,
                        Site {
                            region,
                            zones: ZoneSet::spread(3),
                            capacity: None,
                            size: None,
                        },
                    );
                } else {
                    add_site(
                        &mut p.sites,
                        Site {
                            region: location.clone(),
                            zones: ZoneSet::spread(3),
                            capacity: None,
                            size: None,
                        },
                    );
                }
            }
            p.data = Some(data(None, Some(BackupLocation::None), None));
            if p.sites.len() > 1 {
                p.redundancy = Some(Redundancy {
                    topology: Topology::ActiveActive,
                    standby: None,
                    failover: Some(failover(
                        Trigger::Automatic,
                        Via::Client,
                        Some(0.0),
                        Some(1.0),
                        false,
                    )),
                    why: "a dual-region bucket: Google serves it from either region".into(),
                });
                if let Some(d) = &mut p.data {
                    d.replication = Some(Replication::Async);
                }
            }
        }
        "google_compute_forwarding_rule"
        | "google_cloud_run_service"
        | "google_cloud_run_v2_service"
        | "google_cloudfunctions_function"
        | "google_cloudfunctions2_function" => {
            for inst in anchor {
                let region = match get(inst, "location").str() {
                    Some(l) => l.to_owned(),
                    None => ctx.region_or_unknown(inst, provider),
                };
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones: ZoneSet::spread(3),
                        capacity: None,
                        size: None,
                    },
                );
            }
        }
        "google_redis_instance" => {
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                let mut zones = ZoneSet::default();
                for a in ["location_id", "alternative_location_id"] {
                    if let Some(z) = get(inst, a).str() {
                        zones.named.insert(z.to_owned());
                    }
                }
                if get(inst, "tier").str() == Some("STANDARD_HA") {
                    p.facts
                        .push("Standard tier (replica in another zone)".into());
                    if zones.count() < 2 {
                        zones.unnamed = 2 - zones.count();
                    }
                } else {
                    zones.cap(1);
                    if zones.is_empty() {
                        zones = ZoneSet::spread(1);
                    }
                }
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity: None,
                        size: None,
                    },
                );
            }
            p.data = Some(data(None, Some(BackupLocation::None), None));
        }
        "google_compute_global_forwarding_rule" | "google_pubsub_topic" => {}

        // ---- Azure -----------------------------------------------------------------------
        "azurerm_linux_virtual_machine"
        | "azurerm_windows_virtual_machine"
        | "azurerm_virtual_machine" => {
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                let zones = azure_zones(inst, &region);
                if get(inst, "availability_set_id")
                    .str()
                    .is_some_and(|s| !s.is_empty())
                    || !ctx.refs_of(&inst.config, "availability_set_id").is_empty()
                {
                    p.facts
                        .push("in an availability set (fault domains are racks, not zones)".into());
                }
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity: Some(1),
                        size: None,
                    },
                );
            }
            p.facts.dedup();
            p.replicas = p.sites.first().and_then(|s| s.capacity);
        }
        "azurerm_linux_virtual_machine_scale_set"
        | "azurerm_windows_virtual_machine_scale_set"
        | "azurerm_orchestrated_virtual_machine_scale_set"
        | "azurerm_virtual_machine_scale_set" => {
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                let zones = azure_zones(inst, &region);
                let capacity = get(inst, "instances")
                    .u64()
                    .or_else(|| get(inst, "sku.capacity").u64());
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity,
                        size: None,
                    },
                );
            }
            p.replicas = p.sites.first().and_then(|s| s.capacity).filter(|c| *c > 0);
        }
        "azurerm_lb"
        | "azurerm_application_gateway"
        | "azurerm_redis_cache"
        | "azurerm_kubernetes_cluster" => {
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                let mut zones = azure_zones(inst, &region);
                for path in [
                    "frontend_ip_configuration.zones",
                    "default_node_pool.zones",
                    "default_node_pool.availability_zones",
                ] {
                    for z in get(inst, path).strings() {
                        zones.named.insert(format!("{region}-{z}"));
                    }
                }
                // A load balancer's frontend is as zonal as its public IP.
                for t in ctx.refs_of(&inst.config, "frontend_ip_configuration") {
                    for ip in ctx.instances_of(&t.config) {
                        if ip.rtype == "azurerm_public_ip" {
                            for z in get(ip, "zones").strings() {
                                zones.named.insert(format!("{region}-{z}"));
                            }
                        }
                    }
                }
                for m in members
                    .iter()
                    .filter(|m| m.rtype == "azurerm_kubernetes_cluster_node_pool")
                {
                    p.origin.push(m.address.clone());
                    for z in get(m, "zones").strings() {
                        zones.named.insert(format!("{region}-{z}"));
                    }
                }
                if !zones.named.is_empty() {
                    zones.unnamed = 0;
                }
                let capacity = get(inst, "default_node_pool.node_count").u64();
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity,
                        size: None,
                    },
                );
            }
            if rtype == "azurerm_redis_cache" {
                p.data = Some(data(None, Some(BackupLocation::None), None));
            }
        }
        "azurerm_mssql_database" | "azurerm_sql_database" => {
            for inst in anchor {
                let region = match get(inst, "location").str() {
                    Some(l) => azure_region(l),
                    None => server_region(ctx, inst)
                        .unwrap_or_else(|| ctx.region_or_unknown(inst, provider)),
                };
                let zones = if get(inst, "zone_redundant").bool() == Some(true) {
                    p.facts.push("zone-redundant".into());
                    ZoneSet::spread(3)
                } else {
                    ZoneSet::spread(1)
                };
                add_site(
                    &mut p.sites,
                    Site {
                        region,
                        zones,
                        capacity: Some(1),
                        size: get(inst, "sku_name").str().map(str::to_owned),
                    },
                );
                let geo = !matches!(
                    get(inst, "storage_account_type").str(),
                    Some("Local" | "Zone")
                );
                p.data = Some(data(
                    None,
                    Some(if geo {
                        BackupLocation::OtherRegion
                    } else {
                        BackupLocation::SameRegion
                    }),
                    Some(10.0),
                ));
            }
        }
        "azurerm_cosmosdb_account" => {
            for inst in anchor {
                let mut locations: Vec<(u64, String, bool)> = Vec::new();
                if let Some(Value::Array(blocks)) = inst.values.and_then(|v| v.get("geo_location"))
                {
                    for b in blocks {
                        let Some(loc) = b.get("location").and_then(Value::as_str) else {
                            continue;
                        };
                        let prio = b
                            .get("failover_priority")
                            .and_then(super::facts::as_u64)
                            .unwrap_or(u64::MAX);
                        let zr = b.get("zone_redundant").and_then(Value::as_bool) == Some(true);
                        locations.push((prio, azure_region(loc), zr));
                    }
                }
                locations.stable_sort();
                for (_, region, zr) in &locations {
                    add_site(
                        &mut p.sites,
                        Site {
                            region: region.clone(),
                            zones: ZoneSet::spread(if *zr { 3 } else { 1 }),
                            capacity: None,
                            size: None,
                        },
                    );
                }
                if p.sites.is_empty() {
                    let region = ctx.region_or_unknown(inst, provider);
                    add_site(
                        &mut p.sites,
                        Site {
                            region,
                            zones: ZoneSet::spread(1),
                            capacity: None,
                            size: None,
                        },
                    );
                }
                let multi_write = get(inst, "multiple_write_locations_enabled").bool()
                    == Some(true)
                    || get(inst, "enable_multiple_write_locations").bool() == Some(true);
                let auto = get(inst, "automatic_failover_enabled").bool() == Some(true)
                    || get(inst, "enable_automatic_failover").bool() == Some(true);
                let strong =
                    get(inst, "consistency_policy.consistency_level").str() == Some("Strong");
                let continuous = get(inst, "backup.type").str() == Some("Continuous");
                let interval = get(inst, "backup.interval_in_minutes")
                    .u64()
                    .map(|m| m as f64);
                p.data = Some(data(
                    None,
                    Some(if continuous {
                        BackupLocation::SameRegion
                    } else {
                        BackupLocation::OtherRegion
                    }),
                    Some(if continuous {
                        5.0
                    } else {
                        interval.unwrap_or(240.0)
                    }),
                ));
                if p.sites.len() > 1 {
                    let fo = if multi_write || auto {
                        failover(Trigger::Automatic, Via::Client, None, None, false)
                    } else {
                        failover(Trigger::Manual, Via::Client, None, None, true)
                    };
                    p.redundancy = Some(Redundancy {
                        topology: if multi_write {
                            Topology::ActiveActive
                        } else {
                            Topology::ActivePassive
                        },
                        standby: (!multi_write).then_some(Standby::Hot),
                        failover: Some(fo),
                        why: format!(
                            "Cosmos DB in {} regions ({}{})",
                            p.sites.len(),
                            if multi_write {
                                "multi-region writes"
                            } else {
                                "single write region"
                            },
                            if auto && !multi_write {
                                ", service-managed failover"
                            } else {
                                ""
                            }
                        ),
                    });
                    if let Some(d) = &mut p.data {
                        d.replication = Some(if strong {
                            Replication::Sync
                        } else {
                            Replication::Async
                        });
                    }
                }
            }
        }
        "azurerm_storage_account" => {
            for inst in anchor {
                let region = ctx.region_or_unknown(inst, provider);
                let kind = get(inst, "account_replication_type")
                    .str()
                    .unwrap_or("LRS")
                    .to_ascii_uppercase();
                let zonal = kind.contains("ZRS");
                add_site(
                    &mut p.sites,
                    Site {
                        region: region.clone(),
                        zones: ZoneSet::spread(if zonal { 3 } else { 1 }),
                        capacity: None,
                        size: None,
                    },
                );
                p.facts.push(format!("{kind} redundancy"));
                if kind.contains("GRS") || kind.contains("GZRS") {
                    match azure_pair(&region) {
                        Some(pair) => {
                            add_site(&mut p.sites, Site { region: pair.to_owned(), zones: ZoneSet::spread(1), capacity: None, size: None });
                            p.redundancy = Some(Redundancy {
                                topology: Topology::ActivePassive,
                                standby: Some(Standby::Hot),
                                failover: Some(failover(Trigger::Manual, Via::Dns, None, None, true)),
                                why: format!("{kind}: an asynchronous copy in the paired region {pair}, failed over by a customer-initiated account failover"),
                            });
                        }
                        None => ctx.note(
                            "unknown-paired-region",
                            vec![inst.address.clone()],
                            format!("{kind} copies to the region paired with {region}, which the importer does not know: only the primary region is listed"),
                        ),
                    }
                }
            }
            p.data = Some(data(
                (p.sites.len() > 1).then_some(Replication::Async),
                Some(BackupLocation::None),
                None,
            ));
        }
        _ => {
            // Global services and anything without placement rules.
        }
    }
    // A resource whose zones name another region than its provider's: the zones win.
    if matches!(provider, "aws" | "gcp") {
        for site in &mut p.sites {
            let regions: std::collections::BTreeSet<String> = site
                .zones
                .named
                .iter()
                .filter_map(|z| region_of_zone(z))
                .collect();
            if let [only] = regions.iter().collect::<Vec<_>>().as_slice()
                && **only != site.region
            {
                let addresses = anchor.iter().map(|i| i.address.clone()).collect();
                ctx.note(
                    "region-from-zones",
                    addresses,
                    format!(
                        "the zones ({}) are in {only}, not in the provider's region {}: placed in {only}",
                        site.zones.named.iter().cloned().collect::<Vec<_>>().join(", "),
                        site.region
                    ),
                );
                site.region = (*only).clone();
            }
        }
    }
    p.facts.dedup();
    p
}

/// Zones of an Azure resource (`zone = "1"` or `zones = ["1", "2"]`) as `<region>-<n>`;
/// one unnamed zone when it names none.
fn azure_zones(inst: &Instance<'_>, region: &str) -> ZoneSet {
    let mut names: Vec<String> = get(inst, "zones")
        .strings()
        .into_iter()
        .map(str::to_owned)
        .collect();
    if let Some(z) = get(inst, "zone").str() {
        names.push(z.to_owned());
    }
    if names.is_empty() {
        ZoneSet::spread(1)
    } else {
        ZoneSet::named(names.into_iter().map(|z| format!("{region}-{z}")))
    }
}

/// The region of the SQL server a database references.
fn server_region<'a>(ctx: &mut Ctx<'_, 'a>, inst: &Instance<'a>) -> Option<String> {
    for attr in ["server_id", "server_name"] {
        for t in ctx.refs_of(&inst.config, attr) {
            for s in ctx.instances_of(&t.config) {
                if let Some(r) = ctx.region(s, "azure") {
                    return Some(r);
                }
            }
        }
    }
    None
}

/// Azure's documented region pairs (the secondary of geo-redundant storage).
pub(crate) fn azure_pair(region: &str) -> Option<&'static str> {
    const PAIRS: &[(&str, &str)] = &[
        ("eastus", "westus"),
        ("eastus2", "centralus"),
        ("northcentralus", "southcentralus"),
        ("westus2", "westcentralus"),
        ("westus3", "eastus"),
        ("canadacentral", "canadaeast"),
        ("brazilsouth", "southcentralus"),
        ("northeurope", "westeurope"),
        ("uksouth", "ukwest"),
        ("francecentral", "francesouth"),
        ("germanywestcentral", "germanynorth"),
        ("switzerlandnorth", "switzerlandwest"),
        ("norwayeast", "norwaywest"),
        ("swedencentral", "swedensouth"),
        ("japaneast", "japanwest"),
        ("koreacentral", "koreasouth"),
        ("eastasia", "southeastasia"),
        ("australiaeast", "australiasoutheast"),
        ("centralindia", "southindia"),
        ("uaenorth", "uaecentral"),
        ("southafricanorth", "southafricawest"),
    ];
    PAIRS.iter().find_map(|(a, b)| {
        if *a == region {
            Some(*b)
        } else if *b == region && !matches!(*a, "westus3" | "brazilsouth") {
            Some(*a)
        } else {
            None
        }
    })
}

/// RDS automated backups: kept in the region (every five minutes of transaction logs),
/// or copied to another region by `aws_db_instance_automated_backups_replication`.
fn rds_backups<'a>(
    ctx: &mut Ctx<'_, 'a>,
    inst: &Instance<'a>,
    members: &[&Instance<'a>],
) -> DataSpec {
    let retention = get(inst, "backup_retention_period");
    let replicated = members
        .iter()
        .any(|m| m.rtype == "aws_db_instance_automated_backups_replication");
    match retention.u64() {
        Some(0) => data(None, Some(BackupLocation::None), None),
        Some(_) => data(
            None,
            Some(if replicated {
                BackupLocation::OtherRegion
            } else {
                BackupLocation::SameRegion
            }),
            Some(5.0),
        ),
        None => {
            if retention.unknown {
                ctx.unknown(
                    &inst.address,
                    "backup_retention_period",
                    "known only after apply: backups not counted",
                );
            }
            data(None, None, None)
        }
    }
}

fn snapshots(inst: &Instance<'_>) -> DataSpec {
    match get(inst, "snapshot_retention_limit").u64() {
        Some(n) if n > 0 => data(None, Some(BackupLocation::SameRegion), Some(1440.0)),
        _ => data(None, Some(BackupLocation::None), None),
    }
}

/// Zones of the subnets of the subnet group an ElastiCache resource names.
fn subnet_group_zones<'a>(
    ctx: &mut Ctx<'_, 'a>,
    inst: &Instance<'a>,
    attr: &str,
) -> Option<ZoneSet> {
    let mut out: Option<ZoneSet> = None;
    for t in ctx.refs_of(&inst.config, attr) {
        for g in ctx.instances_of(&t.config) {
            if let Some(z) = ctx.subnet_zones(g, &["subnet_ids"]) {
                out.get_or_insert_with(ZoneSet::default).union(&z);
            }
        }
    }
    out
}

/// The standby temperature of a secondary site compared with the primary: nothing running
/// is pilot light, less is warm, as much is hot.
pub(crate) fn standby_of(primary: &Site, secondary: &Site) -> Standby {
    match (primary.capacity, secondary.capacity) {
        (_, Some(0)) => Standby::PilotLight,
        (Some(p), Some(s)) if s < p => Standby::Warm,
        _ => match (&primary.size, &secondary.size) {
            (Some(a), Some(b)) if a != b => Standby::Warm,
            _ => Standby::Hot,
        },
    }
}

/// Keeps only the first of equal facts.
pub(crate) fn dedup_facts(facts: &mut Vec<String>) {
    let mut seen = BTreeMap::new();
    facts.retain(|f| seen.insert(f.clone(), ()).is_none());
}
