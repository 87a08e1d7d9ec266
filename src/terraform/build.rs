//! From the resource graph to a description: components with their placement, the
//! redundancy Terraform declares (replicas, global tables, DNS failover, CDN origin groups,
//! and the parallel stacks behind them), dependencies, ids and proposed journeys.

use crate::sort::Stable;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::address::key_text;
use super::doc::{Doc, Instance, split_config_address};
use super::facts::{Ctx, get};
use super::graph::{Dep, Graph, NodeRole, Sets, tier};
use super::names::{self, NameSource};
use super::place::{self, Placement, Redundancy, Site, failover, standby_of};
use super::refs::attr_refs;
use super::rules::{self, Class};
use super::{Folded, Note, Unknown, Unsupported};
use crate::error::Error;
use crate::model::{
    Component, Dependency, Failover, Journey, Kind, Monitoring, Placement as ModelPlacement,
    Replication, Standby, Topology, Trigger, Via,
};

/// The import before the overlay: components with ids, proposed journeys, and the maps
/// the overlay needs to find components by resource address.
pub(crate) struct Draft {
    pub components: Vec<Component>,
    pub journeys: Vec<Journey>,
    /// Resource instance and config addresses → component index.
    pub by_address: BTreeMap<String, usize>,
    /// DNS record addresses (instance and config) → the journey entries they stand for.
    pub record_entries: BTreeMap<String, Vec<Dependency>>,
    pub monitoring: Option<Monitoring>,
    pub notes: Vec<Note>,
    pub unknowns: Vec<Unknown>,
    pub unsupported: Vec<Unsupported>,
    pub folded: Vec<Folded>,
}

/// Where a DNS record's zone is: a component of the plan, or a zone the plan only reads.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum DnsRef {
    Group(usize),
    Synthetic { provider: &'static str, key: String },
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Policy {
    Simple,
    Failover { primary: bool },
    Spread { weight: Option<u64> },
}

#[derive(Debug, Clone)]
struct Record {
    address: String,
    config: String,
    dns: DnsRef,
    name: String,
    /// False when the plan does not give the name (known after apply).
    name_known: bool,
    rtype: String,
    policy: Policy,
    /// Minutes for health checks to notice, when the record is health-checked.
    health: Option<f64>,
    ttl_minutes: f64,
    targets: Vec<Dep>,
}

/// The journey entry one set of records stands for.
#[derive(Debug, Clone)]
enum Target {
    Group(usize),
    AnyOf(Vec<usize>, Failover),
}

struct Builder<'c, 'd, 'a> {
    ctx: &'c mut Ctx<'d, 'a>,
    g: Graph,
    sets: Sets,
    places: BTreeMap<usize, Placement>,
    classes: BTreeMap<usize, Class>,
    redundancy: BTreeMap<usize, Redundancy>,
    replication: BTreeMap<usize, (Replication, Option<f64>)>,
    /// Roots whose later sites in the primary's region add nothing (same-region replicas).
    keep_primary_zones: BTreeSet<usize>,
    pre_root: BTreeMap<usize, usize>,
    pre_deps: BTreeMap<usize, Vec<Dep>>,
    anyofs: Vec<(usize, Vec<usize>, Failover)>,
    budget: u64,
}

const BUDGET: u64 = 50_000_000;

pub(crate) fn build(
    doc: &Doc<'_>,
    default_regions: BTreeMap<String, String>,
) -> Result<Draft, Error> {
    let mut ctx = Ctx::new(doc, default_regions);
    let g = Graph::build(&ctx)?;
    let n = g.nodes.len();
    let mut b = Builder {
        ctx: &mut ctx,
        g,
        sets: Sets::new(n),
        places: BTreeMap::new(),
        classes: BTreeMap::new(),
        redundancy: BTreeMap::new(),
        replication: BTreeMap::new(),
        keep_primary_zones: BTreeSet::new(),
        pre_root: BTreeMap::new(),
        pre_deps: BTreeMap::new(),
        anyofs: Vec::new(),
        budget: BUDGET,
    };
    b.place_all();
    let has_records = b.g.nodes.iter().any(|x| x.role == NodeRole::Record);
    if b.places.is_empty() && !has_records {
        let message = nothing_to_import(&b);
        b.ctx.note("nothing-to-score", Vec::new(), message);
    }
    b.merge_replicas();
    b.snapshot_pre_roots()?;
    let records = b.records()?;
    let routes = b.route(&records);
    b.cdn_origin_groups();
    b.finish(records, routes)
}

fn nothing_to_import(b: &Builder<'_, '_, '_>) -> String {
    let mut types: BTreeMap<&str, usize> = BTreeMap::new();
    for node in &b.g.nodes {
        if node.role == NodeRole::Unsupported {
            *types.entry(node.rtype.as_str()).or_default() += node.instances.len();
        }
    }
    let listed: Vec<String> = types.iter().map(|(t, n)| format!("{t} ({n})")).collect();
    let what = if listed.is_empty() {
        "the plan holds only plumbing, helpers and data sources (listed as folded)".to_owned()
    } else {
        format!(
            "the plan holds only plumbing and types the importer does not map ({})",
            listed.join(", ")
        )
    };
    format!(
        "no component to score: {what}; describe the system in the overlay's `components`, or import the plan of the root module that runs it"
    )
}

fn same_class(a: &Class, b: &Class) -> bool {
    a.kind == b.kind && a.provider == b.provider
}

impl<'d, 'a> Builder<'_, 'd, 'a> {
    fn find(&self, x: usize) -> usize {
        self.sets.find(x)
    }

    fn node_instances(&self, node: usize) -> Vec<&'d Instance<'a>> {
        let doc: &'d Doc<'a> = self.ctx.doc;
        self.g
            .nodes
            .get(node)
            .map(|x| {
                x.instances
                    .iter()
                    .filter_map(|&i| doc.instances.get(i))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn place_all(&mut self) {
        for a in self.g.anchors() {
            let Some(NodeRole::Component(class)) = self.g.nodes.get(a).map(|x| x.role) else {
                continue;
            };
            let rtype = self
                .g
                .nodes
                .get(a)
                .map(|x| x.rtype.clone())
                .unwrap_or_default();
            let doc: &'d Doc<'a> = self.ctx.doc;
            let anchor: Vec<&Instance<'a>> = self
                .g
                .nodes
                .get(a)
                .map(|x| {
                    x.instances
                        .iter()
                        .filter_map(|&i| doc.instances.get(i))
                        .collect()
                })
                .unwrap_or_default();
            let members: Vec<&Instance<'a>> = self
                .g
                .members(a)
                .into_iter()
                .filter_map(|m| self.g.nodes.get(m))
                .flat_map(|x| x.instances.iter().filter_map(|&i| doc.instances.get(i)))
                .collect();
            let p = place::place(self.ctx, &class, &rtype, &anchor, &members);
            if let Some(r) = &p.redundancy {
                self.redundancy.insert(a, r.clone());
                if let Some(rep) = p.data.as_ref().and_then(|d| d.replication) {
                    self.replication.insert(a, (rep, None));
                }
            }
            self.places.insert(a, p);
            self.classes.insert(a, class);
        }
    }

    /// The sites of a (current) group, primary first.
    fn sites(&self, root: usize) -> Vec<Site> {
        let root = self.find(root);
        let keep = self.keep_primary_zones.contains(&root);
        let mut out: Vec<Site> = Vec::new();
        for a in self.sets.members(root) {
            let Some(p) = self.places.get(a) else {
                continue;
            };
            for s in &p.sites {
                match out.iter_mut().find(|o| o.region == s.region) {
                    Some(o) if !keep => {
                        o.zones.union(&s.zones);
                    }
                    Some(_) => {}
                    None => out.push(s.clone()),
                }
            }
        }
        out
    }

    fn class(&self, root: usize) -> Option<Class> {
        self.sets
            .members(root)
            .first()
            .and_then(|a| self.classes.get(a))
            .copied()
    }

    fn addresses(&self, anchor: usize) -> Vec<String> {
        self.node_instances(anchor)
            .iter()
            .map(|i| i.address.clone())
            .collect()
    }

    // ---- replication -------------------------------------------------------------------

    fn merge_replica(&mut self, primary: usize, secondary: usize, rtype: &str, why: String) {
        let (Some(ps), Some(ss)) = (
            self.sites(primary).into_iter().next(),
            self.sites(secondary).into_iter().next(),
        ) else {
            return;
        };
        if !self.sets.merge(primary, secondary) {
            return;
        }
        let root = self.find(primary);
        let mut addresses = self.addresses(primary);
        addresses.extend(self.addresses(secondary));
        if ps.region == ss.region {
            self.keep_primary_zones.insert(root);
            self.ctx.note(
                "same-region-replica",
                addresses,
                format!("{why} in the same region ({}): kept as part of the primary, not counted as another zone (promoting it is manual)", ps.region),
            );
            return;
        }
        let standby = standby_of(&ps, &ss);
        let (trigger, via, cp) = match rtype {
            "aws_s3_bucket" => (Trigger::Manual, Via::Client, false),
            _ => (Trigger::Manual, Via::Client, true),
        };
        self.redundancy.insert(
            root,
            Redundancy {
                topology: Topology::ActivePassive,
                standby: Some(standby),
                failover: Some(failover(trigger, via, None, None, cp)),
                why: why.clone(),
            },
        );
        let lag = (rtype == "aws_s3_bucket").then_some(15.0);
        self.replication.insert(root, (Replication::Async, lag));
        self.ctx.note(
            "replica",
            addresses,
            format!(
                "{why}: one component in {} (primary) and {}, active-passive, {} standby, failed over by hand (promotion is an API call)",
                ps.region,
                ss.region,
                standby.as_str()
            ),
        );
    }

    fn merge_replicas(&mut self) {
        // Replica edges (RDS read replicas, Aurora and ElastiCache global members, Cloud SQL
        // replicas), and Aurora clusters sharing a global cluster.
        let mut globals: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let pairs = self.g.replicas.clone();
        for (replica, source) in pairs {
            let Some(ga) = self.g.group_of.get(replica).copied().flatten() else {
                continue;
            };
            let source_type = self
                .g
                .nodes
                .get(source)
                .map(|x| x.rtype.as_str())
                .unwrap_or("");
            if source_type == "aws_rds_global_cluster" {
                globals.entry(source).or_default().push(ga);
                continue;
            }
            let Some(gs) = self.g.group_of.get(source).copied().flatten() else {
                continue;
            };
            if ga == gs {
                continue;
            }
            let rtype = self
                .g
                .nodes
                .get(ga)
                .map(|x| x.rtype.clone())
                .unwrap_or_default();
            let why = match rtype.as_str() {
                "aws_db_instance" => "an RDS read replica",
                "aws_rds_cluster" => "an Aurora cross-region replica cluster",
                "aws_elasticache_replication_group" => "an ElastiCache global datastore secondary",
                "google_sql_database_instance" => "a Cloud SQL read replica",
                _ => "a replica",
            };
            self.merge_replica(gs, ga, &rtype, why.to_owned());
        }
        for (global, mut clusters) in globals {
            clusters.sort_unstable();
            clusters.dedup();
            let primary = self.global_primary(global, &clusters);
            for c in clusters {
                if c != primary {
                    self.merge_replica(
                        primary,
                        c,
                        "aws_rds_cluster",
                        "an Aurora global database secondary".to_owned(),
                    );
                }
            }
        }
        self.merge_legacy_global_tables();
        self.merge_s3_replication();
        self.azure_failover_groups();
    }

    /// The primary cluster of an Aurora global database: the one the global cluster names
    /// as its source, else the one with a master user, else the one in the global
    /// cluster's own region, else the first.
    fn global_primary(&mut self, global: usize, clusters: &[usize]) -> usize {
        let gconfig = self
            .g
            .nodes
            .get(global)
            .map(|x| x.config.clone())
            .unwrap_or_default();
        for t in self.ctx.refs_of(&gconfig, "source_db_cluster_identifier") {
            if let Some(&j) = self.g.index.get(&t.config)
                && let Some(gj) = self.g.group_of.get(j).copied().flatten()
                && clusters.contains(&gj)
            {
                return gj;
            }
        }
        for &c in clusters {
            if self.node_instances(c).iter().any(|i| {
                get(i, "master_username")
                    .str()
                    .is_some_and(|s| !s.is_empty())
            }) {
                return c;
            }
        }
        let gregion = self
            .node_instances(global)
            .first()
            .copied()
            .and_then(|i| self.ctx.provider_region(i, "aws"));
        if let Some(r) = gregion {
            for &c in clusters {
                if self.sites(c).first().is_some_and(|s| s.region == r) {
                    return c;
                }
            }
        }
        let first = clusters.first().copied().unwrap_or(global);
        let addresses: Vec<String> = clusters.iter().flat_map(|&c| self.addresses(c)).collect();
        self.ctx.note(
            "global-primary-guessed",
            addresses,
            "the plan does not say which Aurora cluster is the global database's primary: the first by address was assumed",
        );
        first
    }

    fn merge_legacy_global_tables(&mut self) {
        let anchors: Vec<usize> = self.places.keys().copied().collect();
        for a in &anchors {
            if self.g.nodes.get(*a).map(|x| x.rtype.as_str()) != Some("aws_dynamodb_global_table") {
                continue;
            }
            let Some(name) = self
                .node_instances(*a)
                .first()
                .and_then(|i| get(i, "name").str().map(str::to_owned))
            else {
                continue;
            };
            for t in &anchors {
                if self.g.nodes.get(*t).map(|x| x.rtype.as_str()) == Some("aws_dynamodb_table")
                    && self
                        .node_instances(*t)
                        .iter()
                        .any(|i| get(i, "name").str() == Some(name.as_str()))
                {
                    self.sets.merge(*a, *t);
                }
            }
            let root = self.find(*a);
            if let Some(r) = self.places.get(a).and_then(|p| p.redundancy.clone()) {
                self.redundancy.insert(root, r);
                self.replication.insert(root, (Replication::Async, None));
            }
        }
    }

    fn merge_s3_replication(&mut self) {
        let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
        let nodes: Vec<(usize, String, String)> = self
            .g
            .nodes
            .iter()
            .enumerate()
            .map(|(i, x)| (i, x.rtype.clone(), x.config.clone()))
            .collect();
        for (i, rtype, config) in nodes {
            let (source, attr) = match rtype.as_str() {
                "aws_s3_bucket_replication_configuration" => {
                    (self.g.group_of.get(i).copied().flatten(), "rule")
                }
                "aws_s3_bucket" => (Some(i), "replication_configuration"),
                _ => continue,
            };
            let Some(source) = source else { continue };
            // Rules that are all `Disabled` replicate nothing (found by a review: a disabled
            // rule made the two buckets one replicated component). A status not written, or
            // known only after apply, counts as enabled, as the provider's schema requires
            // one and defaults nothing.
            let status = if rtype == "aws_s3_bucket" {
                "replication_configuration.rules.status"
            } else {
                "rule.status"
            };
            let enabled = self.ctx.instances_of(&config).iter().any(|inst| {
                let f = get(inst, status);
                f.unknown
                    || f.values.is_empty()
                    || f.strings()
                        .iter()
                        .any(|s| !s.eq_ignore_ascii_case("disabled"))
            });
            if !enabled {
                continue;
            }
            for t in self.ctx.refs_of(&config, attr) {
                let Some(&j) = self.g.index.get(&t.config) else {
                    continue;
                };
                if self.g.nodes.get(j).map(|x| x.rtype.as_str()) != Some("aws_s3_bucket") {
                    continue;
                }
                if let Some(gj) = self.g.group_of.get(j).copied().flatten()
                    && gj != source
                {
                    pairs.insert((source, gj));
                }
            }
        }
        for &(a, b) in &pairs {
            if pairs.contains(&(b, a)) {
                if a < b && self.sets.merge(a, b) {
                    let root = self.find(a);
                    self.redundancy.insert(
                        root,
                        Redundancy {
                            topology: Topology::ActiveActive,
                            standby: None,
                            failover: Some(failover(
                                Trigger::Manual,
                                Via::Client,
                                None,
                                None,
                                false,
                            )),
                            why: "S3 replication both ways between two buckets".into(),
                        },
                    );
                    self.replication
                        .insert(root, (Replication::Async, Some(15.0)));
                    let mut addresses = self.addresses(a);
                    addresses.extend(self.addresses(b));
                    self.ctx.note(
                        "replica",
                        addresses,
                        "S3 replication both ways: one active-active component; clients switch buckets themselves (replication lag taken as 15 minutes, S3 Replication Time Control's objective)",
                    );
                }
            } else {
                self.merge_replica(
                    a,
                    b,
                    "aws_s3_bucket",
                    "S3 cross-region replication".to_owned(),
                );
            }
        }
    }

    fn azure_failover_groups(&mut self) {
        let groups: Vec<(usize, String)> = self
            .g
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, x)| {
                matches!(
                    x.rtype.as_str(),
                    "azurerm_mssql_failover_group" | "azurerm_sql_failover_group"
                )
            })
            .map(|(i, x)| (i, x.config.clone()))
            .collect();
        for (node, config) in groups {
            let Some(inst) = self.node_instances(node).first().copied() else {
                continue;
            };
            let mut partner_region = None;
            for attr in ["partner_server", "partner_servers"] {
                for t in self.ctx.refs_of(&config, attr) {
                    for s in self.ctx.instances_of(&t.config) {
                        if let Some(r) = self.ctx.region(s, "azure") {
                            partner_region = Some(r);
                        }
                    }
                }
            }
            let Some(region) = partner_region else {
                self.ctx.note(
                    "failover-group-partner-unknown",
                    vec![inst.address.clone()],
                    "the failover group's partner server is not in the plan: its region is unknown, so the databases are listed in one region",
                );
                continue;
            };
            let mode = get(inst, "read_write_endpoint_failover_policy.mode")
                .str()
                .unwrap_or("Manual");
            let grace = get(inst, "read_write_endpoint_failover_policy.grace_minutes").u64();
            let auto = mode.eq_ignore_ascii_case("automatic");
            let dbs: Vec<usize> = self
                .ctx
                .refs_of(&config, "databases")
                .into_iter()
                .filter_map(|t| self.g.index.get(&t.config).copied())
                .filter_map(|j| self.g.group_of.get(j).copied().flatten())
                .collect();
            for db in dbs {
                let root = self.find(db);
                let Some(first) = self.sets.members(root).first().copied() else {
                    continue;
                };
                if let Some(p) = self.places.get_mut(&first) {
                    if p.sites.iter().any(|s| s.region == region) {
                        continue;
                    }
                    let zones = super::facts::ZoneSet::spread(1);
                    p.sites.push(Site {
                        region: region.clone(),
                        zones,
                        capacity: Some(1),
                        size: None,
                    });
                    p.origin.push(inst.address.clone());
                }
                self.redundancy.insert(
                    root,
                    Redundancy {
                        topology: Topology::ActivePassive,
                        standby: Some(Standby::Hot),
                        failover: Some(if auto {
                            failover(Trigger::Automatic, Via::Dns, grace.map(|g| g as f64), None, false)
                        } else {
                            failover(Trigger::Manual, Via::Dns, None, None, true)
                        }),
                        why: format!("an Azure SQL failover group with a secondary in {region} ({mode} failover)"),
                    },
                );
                self.replication.insert(root, (Replication::Async, None));
            }
        }
    }

    // ---- dependencies ------------------------------------------------------------------

    fn snapshot_pre_roots(&mut self) -> Result<(), Error> {
        let anchors: Vec<usize> = self.places.keys().copied().collect();
        for &a in &anchors {
            self.pre_root.insert(a, self.find(a));
        }
        let mut nodes_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..self.g.nodes.len() {
            if self.g.nodes.get(i).map(|x| x.role) == Some(NodeRole::Record) {
                continue;
            }
            if let Some(g) = self.g.group_of.get(i).copied().flatten() {
                nodes_of.entry(self.find(g)).or_default().push(i);
            }
        }
        let roots: BTreeSet<usize> = self.pre_root.values().copied().collect();
        for r in roots {
            let starts = nodes_of.get(&r).cloned().unwrap_or_default();
            let sets = &self.sets;
            let map = |x: usize| sets.find(x);
            let deps = self.g.reach(&starts, Some(r), &map, &mut self.budget)?;
            self.pre_deps.insert(r, deps);
        }
        self.security_group_dependencies(&nodes_of);
        Ok(())
    }

    /// Dependencies that only security groups show: when `B`'s security group admits
    /// `A`'s (or `A` itself, such as an EKS cluster named as the source), `A` connects to
    /// `B`, so `A` depends on `B`. Taken only from a front tier to a back tier (compute →
    /// database, load balancer → compute), never the other way, with a note.
    fn security_group_dependencies(&mut self, nodes_of: &BTreeMap<usize, Vec<usize>>) {
        const SG_ATTRS: &[&str] = &[
            "security_groups",
            "vpc_security_group_ids",
            "security_group_ids",
            "vpc_config",
            "network_configuration",
            "network_interfaces",
            "remote_access",
        ];
        let is_sg = |b: &Self, j: usize| {
            b.g.nodes.get(j).is_some_and(|x| {
                x.rtype == "aws_security_group" || x.rtype == "aws_default_security_group"
            })
        };
        // Security group node → the groups (pre-roots) using it.
        let mut users: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for (&root, nodes) in nodes_of {
            let mut scan: Vec<usize> = nodes.clone();
            // Launch templates and configurations carry the instances' groups.
            for &n in nodes {
                for e in self.g.out.get(n).map(Vec::as_slice).unwrap_or(&[]) {
                    if self.g.nodes.get(e.to).is_some_and(|x| {
                        matches!(
                            x.rtype.as_str(),
                            "aws_launch_template" | "aws_launch_configuration"
                        )
                    }) {
                        scan.push(e.to);
                    }
                }
            }
            for n in scan {
                let Some(config) = self.g.nodes.get(n).map(|x| x.config.clone()) else {
                    continue;
                };
                for attr in SG_ATTRS {
                    for t in self.ctx.refs_of(&config, attr) {
                        if let Some(&j) = self.g.index.get(&t.config)
                            && is_sg(self, j)
                        {
                            users.entry(j).or_default().insert(root);
                        }
                    }
                }
            }
        }
        if users.is_empty() {
            return;
        }
        // (source, destination security group): the destination admits the source.
        let mut admits: Vec<(usize, usize)> = Vec::new();
        let rules: Vec<(usize, String, String)> = self
            .g
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, x)| {
                matches!(
                    x.rtype.as_str(),
                    "aws_security_group"
                        | "aws_security_group_rule"
                        | "aws_vpc_security_group_ingress_rule"
                )
            })
            .map(|(i, x)| (i, x.rtype.clone(), x.config.clone()))
            .collect();
        for (i, rtype, config) in rules {
            let resolve = |b: &Self, attr: &str| -> Vec<usize> {
                b.ctx
                    .refs_of(&config, attr)
                    .into_iter()
                    .filter_map(|t| b.g.index.get(&t.config).copied())
                    .collect()
            };
            match rtype.as_str() {
                "aws_security_group" => {
                    for src in resolve(self, "ingress") {
                        admits.push((src, i));
                    }
                }
                "aws_security_group_rule" => {
                    let ingress = self
                        .node_instances(i)
                        .iter()
                        .any(|inst| get(inst, "type").str() == Some("ingress"));
                    if !ingress {
                        continue;
                    }
                    for dst in resolve(self, "security_group_id") {
                        for src in resolve(self, "source_security_group_id") {
                            admits.push((src, dst));
                        }
                    }
                }
                _ => {
                    for dst in resolve(self, "security_group_id") {
                        for src in resolve(self, "referenced_security_group_id") {
                            admits.push((src, dst));
                        }
                    }
                }
            }
        }
        for (src, dst) in admits {
            let sources: BTreeSet<usize> = if is_sg(self, src) {
                users.get(&src).cloned().unwrap_or_default()
            } else {
                self.g
                    .group_of
                    .get(src)
                    .copied()
                    .flatten()
                    .map(|g| self.find(g))
                    .into_iter()
                    .collect()
            };
            let Some(dests) = users.get(&dst).cloned() else {
                continue;
            };
            for &a in &sources {
                for &b in &dests {
                    let (Some(ca), Some(cb)) = (self.class(a), self.class(b)) else {
                        continue;
                    };
                    if a == b || tier(ca.kind) >= tier(cb.kind) {
                        continue;
                    }
                    let deps = self.pre_deps.entry(a).or_default();
                    if deps.iter().any(|d| d.group == b && !d.soft) {
                        continue;
                    }
                    deps.retain(|d| d.group != b);
                    deps.push(Dep {
                        group: b,
                        soft: false,
                    });
                    let mut addresses = self.addresses(a);
                    addresses.extend(self.addresses(b));
                    self.ctx.note(
                        "security-group-dependency",
                        addresses,
                        format!(
                            "a security group of `{}` admits `{}`: taken as a dependency of the second on the first",
                            self.g.nodes.get(b).map_or("?", |x| x.config.as_str()),
                            self.g.nodes.get(a).map_or("?", |x| x.config.as_str())
                        ),
                    );
                }
            }
        }
    }

    // ---- DNS records ---------------------------------------------------------------------

    fn records(&mut self) -> Result<Vec<Record>, Error> {
        let mut out = Vec::new();
        let record_nodes: Vec<usize> = (0..self.g.nodes.len())
            .filter(|&i| self.g.nodes.get(i).map(|x| x.role) == Some(NodeRole::Record))
            .collect();
        for node in record_nodes {
            let Some(x) = self.g.nodes.get(node) else {
                continue;
            };
            let config = x.config.clone();
            let rtype = x.rtype.clone();
            let provider = rules::provider_of(&rtype).unwrap_or("aws");
            let sets = &self.sets;
            let map = |y: usize| sets.find(y);
            let targets = self.g.reach(&[node], None, &map, &mut self.budget)?;
            let zone_attr = match provider {
                "gcp" => "managed_zone",
                "azure" => "zone_name",
                _ => "zone_id",
            };
            let zone_group = self
                .ctx
                .refs_of(&config, zone_attr)
                .into_iter()
                .filter_map(|t| self.g.index.get(&t.config).copied())
                .find_map(|j| self.g.group_of.get(j).copied().flatten())
                .map(|g| self.find(g));
            // The zone's name, to complete relative record names (`www` → `www.example.com`).
            let zone_name: Option<String> = zone_group
                .and_then(|g| self.node_instances(g).first().copied())
                .and_then(|z| get(z, "dns_name").str().or_else(|| get(z, "name").str()))
                .map(|n| n.trim_end_matches('.').to_owned())
                .filter(|n| !n.is_empty());
            let zone_ref = self
                .ctx
                .refs_of(&config, zone_attr)
                .into_iter()
                .next()
                .map(|t| t.config);
            let health_detect = self.health_detect(&config);
            for inst in self.node_instances(node) {
                let dns = match zone_group {
                    Some(g) => DnsRef::Group(g),
                    None => DnsRef::Synthetic {
                        provider,
                        key: zone_ref
                            .clone()
                            .or_else(|| get(inst, zone_attr).str().map(str::to_owned))
                            .unwrap_or_else(|| "zone".to_owned()),
                    },
                };
                let record_type = match provider {
                    "azure" => rtype
                        .trim_start_matches("azurerm_dns_")
                        .trim_end_matches("_record")
                        .to_ascii_uppercase(),
                    _ => get(inst, "type").str().unwrap_or("A").to_owned(),
                };
                let name_known =
                    get(inst, "fqdn").str().is_some() || get(inst, "name").str().is_some();
                let raw_name = get(inst, "fqdn")
                    .str()
                    .or_else(|| get(inst, "name").str())
                    .map(|s| s.trim_end_matches('.').to_owned())
                    .unwrap_or_else(|| {
                        split_config_address(&config)
                            .1
                            .rsplit('.')
                            .next()
                            .unwrap_or("record")
                            .to_owned()
                    });
                let raw_name = match &zone_name {
                    Some(z)
                        if name_known
                            && raw_name != *z
                            && !raw_name.ends_with(&format!(".{z}")) =>
                    {
                        if raw_name == "@" || raw_name.is_empty() {
                            z.clone()
                        } else {
                            format!("{raw_name}.{z}")
                        }
                    }
                    _ => raw_name,
                };
                let name = match (&inst.key, get(inst, "name").str()) {
                    (Some(k), None) => format!("{raw_name}[{}]", key_text(k)),
                    _ => raw_name,
                };
                let policy = if let Some(t) = get(inst, "failover_routing_policy.type").str() {
                    Policy::Failover {
                        primary: t.eq_ignore_ascii_case("PRIMARY"),
                    }
                } else if !get(inst, "latency_routing_policy").values.is_empty()
                    && get(inst, "latency_routing_policy.region").str().is_some()
                    || get(inst, "geolocation_routing_policy.continent")
                        .str()
                        .is_some()
                    || get(inst, "geolocation_routing_policy.country")
                        .str()
                        .is_some()
                    || get(inst, "multivalue_answer_routing_policy").bool() == Some(true)
                {
                    Policy::Spread { weight: None }
                } else if let Some(w) = get(inst, "weighted_routing_policy.weight").u64() {
                    Policy::Spread { weight: Some(w) }
                } else {
                    Policy::Simple
                };
                let evaluates = get(inst, "alias.evaluate_target_health").bool() == Some(true);
                let checked = get(inst, "health_check_id")
                    .str()
                    .is_some_and(|s| !s.is_empty())
                    || !self.ctx.refs_of(&config, "health_check_id").is_empty();
                let health = if checked {
                    Some(health_detect.unwrap_or(1.5))
                } else if evaluates {
                    Some(1.5)
                } else {
                    None
                };
                let ttl = if get(inst, "alias")
                    .values
                    .iter()
                    .any(|v| !matches!(v, Value::Array(a) if a.is_empty()))
                {
                    1.0
                } else {
                    get(inst, "ttl")
                        .u64()
                        .map_or(1.0, |t| (t as f64 / 60.0).max(0.0))
                };
                out.push(Record {
                    address: inst.address.clone(),
                    config: config.clone(),
                    dns,
                    name,
                    name_known,
                    rtype: record_type,
                    policy,
                    health,
                    ttl_minutes: (ttl * 100.0).round() / 100.0,
                    targets: targets.clone(),
                });
            }
        }
        Ok(out)
    }

    /// Minutes a Route 53 health check takes to mark a target unhealthy: request interval
    /// times failure threshold (30 s and 3 by default).
    fn health_detect(&self, record_config: &str) -> Option<f64> {
        for t in self.ctx.refs_of(record_config, "health_check_id") {
            if let Some(hc) = self.ctx.instances_of(&t.config).first() {
                let interval = get(hc, "request_interval").u64().unwrap_or(30);
                let threshold = get(hc, "failure_threshold").u64().unwrap_or(3);
                let minutes = (interval.saturating_mul(threshold)) as f64 / 60.0;
                return Some((minutes * 100.0).round() / 100.0);
            }
        }
        None
    }

    /// A group that can take another region of the same component.
    fn mergeable(&self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        let (Some(ca), Some(cb)) = (self.class(ra), self.class(rb)) else {
            return false;
        };
        let (sa, sb) = (self.sites(ra), self.sites(rb));
        same_class(&ca, &cb)
            && sa.len() == 1
            && sb.len() == 1
            && sa.first().map(|s| &s.region) != sb.first().map(|s| &s.region)
    }

    /// Merges routed targets (primary first) into one multi-region component, then the
    /// parallel stacks behind them.
    fn merge_routed(&mut self, roots: &[usize], topology: Topology, fo: Failover, why: &str) {
        let Some(&primary) = roots.first() else {
            return;
        };
        let before: Vec<usize> = roots.to_vec();
        let primary_site = self.sites(primary).into_iter().next();
        let mut standby = None;
        for &r in roots.iter().skip(1) {
            if let (Some(ps), Some(ss)) = (&primary_site, self.sites(r).first()) {
                standby = Some(standby_of(ps, ss));
            }
            self.sets.merge(primary, r);
        }
        let root = self.find(primary);
        let standby =
            (topology == Topology::ActivePassive).then(|| standby.unwrap_or(Standby::Hot));
        self.redundancy.insert(
            root,
            Redundancy {
                topology,
                standby,
                failover: Some(fo.clone()),
                why: why.to_owned(),
            },
        );
        let addresses: Vec<String> = before.iter().flat_map(|&r| self.addresses(r)).collect();
        self.ctx.note(
            "routed",
            addresses,
            format!("{why}: merged into one multi-region component"),
        );
        let tmpl = Redundancy {
            topology,
            standby: None,
            failover: Some(fo),
            why: why.to_owned(),
        };
        for &r in roots.iter().skip(1) {
            let p = self.pre_root.get(&primary).copied().unwrap_or(primary);
            let s = self.pre_root.get(&r).copied().unwrap_or(r);
            self.parallel(p, s, &tmpl, 0);
        }
    }

    /// Merges the stateless tiers behind two routed targets: the same kind of component on
    /// each side, each only behind its own side (`module.east.aws_autoscaling_group.web`
    /// behind the east load balancer, `module.west...` behind the west one).
    fn parallel(&mut self, p: usize, s: usize, tmpl: &Redundancy, depth: usize) {
        if depth > 8 {
            return;
        }
        let dp: Vec<usize> = self
            .pre_deps
            .get(&p)
            .map(|d| d.iter().filter(|x| !x.soft).map(|x| x.group).collect())
            .unwrap_or_default();
        let ds: Vec<usize> = self
            .pre_deps
            .get(&s)
            .map(|d| d.iter().filter(|x| !x.soft).map(|x| x.group).collect())
            .unwrap_or_default();
        let only_p: Vec<usize> = dp.iter().copied().filter(|x| !ds.contains(x)).collect();
        let only_s: Vec<usize> = ds.iter().copied().filter(|x| !dp.contains(x)).collect();
        for x in only_p {
            let Some(cx) = self.class(x) else { continue };
            if !matches!(
                cx.kind,
                Kind::Compute | Kind::Container | Kind::Function | Kind::LoadBalancer
            ) {
                continue;
            }
            let candidates: Vec<usize> = only_s
                .iter()
                .copied()
                .filter(|&y| self.mergeable(x, y))
                .collect();
            let local = |b: &Self, g: usize| {
                b.g.nodes
                    .get(g)
                    .map(|n| split_config_address(&n.config).1.to_owned())
                    .unwrap_or_default()
            };
            let lx = local(self, x);
            let chosen = candidates
                .iter()
                .copied()
                .find(|&y| local(self, y) == lx)
                .or(match candidates.as_slice() {
                    [only] => Some(*only),
                    _ => None,
                });
            let Some(y) = chosen else { continue };
            let (Some(sx), Some(sy)) = (
                self.sites(x).into_iter().next(),
                self.sites(y).into_iter().next(),
            ) else {
                continue;
            };
            if !self.sets.merge(x, y) {
                continue;
            }
            let standby = (tmpl.topology == Topology::ActivePassive).then(|| standby_of(&sx, &sy));
            let mut fo = tmpl
                .failover
                .clone()
                .unwrap_or_else(|| failover(Trigger::Manual, Via::Dns, None, None, true));
            if standby.is_some_and(|s| s != Standby::Hot) {
                fo.needs_control_plane = Some(true);
            }
            let root = self.find(x);
            let why = format!(
                "behind {} ({}{})",
                tmpl.why,
                match tmpl.topology {
                    Topology::ActiveActive => "active-active".to_owned(),
                    _ => "active-passive".to_owned(),
                },
                standby
                    .map(|s| format!(", {} standby", s.as_str()))
                    .unwrap_or_default()
            );
            self.redundancy.insert(
                root,
                Redundancy {
                    topology: tmpl.topology,
                    standby,
                    failover: Some(fo),
                    why: why.clone(),
                },
            );
            let mut addresses = self.addresses(x);
            addresses.extend(self.addresses(y));
            self.ctx.note(
                "parallel-stack",
                addresses,
                format!("the same tier in two regions {why}: merged into one component"),
            );
            self.parallel(x, y, tmpl, depth + 1);
        }
    }

    /// Turns record sets into journey targets, merging DNS-failover and latency pairs.
    fn route(
        &mut self,
        records: &[Record],
    ) -> BTreeMap<String, (DnsRef, Vec<Target>, Vec<String>)> {
        // (dns, name, type) → records
        let mut sets: BTreeMap<(DnsRef, String, String), Vec<&Record>> = BTreeMap::new();
        for r in records {
            if !rules::is_traffic_record(&r.rtype, &r.name)
                || (!r.name_known && r.targets.is_empty())
            {
                continue;
            }
            sets.entry((r.dns.clone(), r.name.clone(), r.rtype.clone()))
                .or_default()
                .push(r);
        }
        let mut journeys: BTreeMap<String, (DnsRef, Vec<Target>, Vec<String>)> = BTreeMap::new();
        for ((dns, name, _), recs) in sets {
            let addresses: Vec<String> = recs.iter().map(|r| r.address.clone()).collect();
            let hard = |r: &Record| -> Vec<usize> {
                let mut v: Vec<usize> = r
                    .targets
                    .iter()
                    .filter(|d| !d.soft)
                    .map(|d| d.group)
                    .collect();
                v.dedup();
                v
            };
            let mut targets: Vec<Target> = Vec::new();
            let routed: Vec<&Record> = recs
                .iter()
                .copied()
                .filter(|r| r.policy != Policy::Simple)
                .collect();
            if routed.len() >= 2 {
                let failover_set = routed
                    .iter()
                    .any(|r| matches!(r.policy, Policy::Failover { .. }));
                let mut ordered: Vec<&Record> = routed.clone();
                // Primary first; then by weight (zero-weight records are standbys).
                ordered.stable_sort_by_key(|r| match r.policy {
                    Policy::Failover { primary } => u8::from(!primary),
                    Policy::Spread { weight: Some(0) } => 1,
                    _ => 0,
                });
                let all_checked = ordered.iter().all(|r| r.health.is_some())
                    || (failover_set && ordered.first().is_some_and(|r| r.health.is_some()));
                // Failover records switch when the primary's health check fails; latency and
                // weighted records when any target's does.
                let detect = if failover_set {
                    ordered.first().and_then(|r| r.health).unwrap_or(0.0)
                } else {
                    ordered
                        .iter()
                        .filter_map(|r| r.health)
                        .fold(0.0_f64, f64::max)
                };
                let switch = ordered
                    .iter()
                    .map(|r| r.ttl_minutes)
                    .fold(0.0_f64, f64::max);
                let fo = if all_checked {
                    failover(
                        Trigger::Automatic,
                        Via::Dns,
                        Some(detect),
                        Some(switch),
                        false,
                    )
                } else {
                    failover(Trigger::Manual, Via::Dns, None, Some(switch), true)
                };
                let passive = failover_set
                    || ordered
                        .iter()
                        .any(|r| r.policy == Policy::Spread { weight: Some(0) });
                let topology = if passive {
                    Topology::ActivePassive
                } else {
                    Topology::ActiveActive
                };
                let per: Vec<Vec<usize>> = ordered.iter().map(|r| hard(r)).collect();
                let singles: Vec<usize> = per
                    .iter()
                    .filter_map(|v| match v.as_slice() {
                        [only] => Some(*only),
                        _ => None,
                    })
                    .collect();
                let mut distinct: Vec<usize> = Vec::new();
                for s in &singles {
                    let root = self.find(*s);
                    if !distinct.iter().any(|d| self.find(*d) == root) {
                        distinct.push(*s);
                    }
                }
                let why = if failover_set {
                    format!(
                        "Route 53 failover records for {name} ({})",
                        if all_checked {
                            "health-checked"
                        } else {
                            "no health check on the primary: failing over means editing records"
                        }
                    )
                } else {
                    format!(
                        "Route 53 {} records for {name}",
                        if passive {
                            "weighted"
                        } else {
                            "latency/weighted"
                        }
                    )
                };
                let all_mergeable = singles.len() == per.len()
                    && distinct.len() >= 2
                    && distinct.windows(2).all(|w| match w {
                        [a, b] => self.mergeable(*a, *b) || self.find(*a) == self.find(*b),
                        _ => false,
                    })
                    && {
                        let regions: BTreeSet<String> = distinct
                            .iter()
                            .filter_map(|&g| self.sites(g).first().map(|s| s.region.clone()))
                            .collect();
                        regions.len() == distinct.len()
                    };
                if singles.len() == per.len() && distinct.len() == 1 {
                    targets.extend(distinct.into_iter().map(Target::Group));
                } else if all_mergeable {
                    self.merge_routed(&distinct, topology, fo, &why);
                    targets.push(Target::Group(distinct.first().copied().unwrap_or(0)));
                } else if distinct.len() >= 2 {
                    self.ctx.note(
                        "dns-any-of",
                        addresses.clone(),
                        format!("{why}: the targets are different components, so the journey enters through `any_of` them"),
                    );
                    targets.push(Target::AnyOf(distinct, fo));
                } else {
                    targets.extend(distinct.into_iter().map(Target::Group));
                }
                for r in recs.iter().filter(|r| r.policy == Policy::Simple) {
                    targets.extend(hard(r).into_iter().map(Target::Group));
                }
            } else {
                let mut all: Vec<usize> = Vec::new();
                for r in &recs {
                    for t in hard(r) {
                        if !all.contains(&t) {
                            all.push(t);
                        }
                    }
                }
                if all.len() >= 2 && recs.len() == 1 {
                    targets.push(Target::AnyOf(
                        all,
                        failover(Trigger::Automatic, Via::Client, Some(0.0), Some(1.0), false),
                    ));
                } else {
                    targets.extend(all.into_iter().map(Target::Group));
                }
            }
            let entry = journeys
                .entry(name.clone())
                .or_insert_with(|| (dns.clone(), Vec::new(), Vec::new()));
            entry.1.extend(targets);
            entry.2.extend(addresses);
        }
        journeys
    }

    // ---- CloudFront origin groups ---------------------------------------------------------

    fn cdn_origin_groups(&mut self) {
        let cdns: Vec<usize> = self
            .places
            .keys()
            .copied()
            .filter(|&a| {
                self.g.nodes.get(a).map(|x| x.rtype.as_str()) == Some("aws_cloudfront_distribution")
            })
            .collect();
        for cdn in cdns {
            let Some(node) = self.g.nodes.get(cdn) else {
                continue;
            };
            let config = node.config.clone();
            let module = node.module.clone();
            let Some(inst) = self.node_instances(cdn).first().copied() else {
                continue;
            };
            // origin id → groups behind it (from the configuration's origin blocks).
            let mut by_origin: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            let doc: &'d Doc<'a> = self.ctx.doc;
            let Some(exprs) = doc.config.resource(&config).and_then(|r| r.expressions) else {
                continue;
            };
            let blocks: Vec<&Value> = match exprs.get("origin") {
                Some(Value::Array(a)) => a.iter().collect(),
                Some(v @ Value::Object(_)) => vec![v],
                _ => Vec::new(),
            };
            let all_refs = attr_refs(exprs);
            for (i, block) in blocks.iter().enumerate() {
                let Some(id_expr) = block.get("origin_id").and_then(Value::as_object) else {
                    continue;
                };
                let Some(id) = self
                    .ctx
                    .resolver
                    .constant(&module, id_expr)
                    .and_then(Value::as_str)
                else {
                    continue;
                };
                let refs: Vec<&str> = all_refs
                    .iter()
                    .filter(|a| a.path == "origin.domain_name" && a.block == Some(i))
                    .flat_map(|a| a.refs.iter().copied())
                    .collect();
                let targets = self.ctx.resolver.targets(&module, &refs);
                let mut groups = Vec::new();
                for t in targets {
                    let Some(&j) = self.g.index.get(&t.config) else {
                        continue;
                    };
                    match self.g.group_of.get(j).copied().flatten() {
                        Some(gj) => groups.push(self.find(gj)),
                        None => {
                            let sets = &self.sets;
                            let map = |y: usize| sets.find(y);
                            if let Ok(reached) = self.g.reach(&[j], None, &map, &mut self.budget) {
                                groups.extend(reached.iter().filter(|d| !d.soft).map(|d| d.group));
                            }
                        }
                    }
                }
                groups.sort_unstable();
                groups.dedup();
                by_origin.insert(id.to_owned(), groups);
            }
            // Origin groups: from the values, else the configuration's constants.
            let mut members_of: Vec<Vec<String>> = Vec::new();
            if let Some(Value::Array(gs)) = inst.values.and_then(|v| v.get("origin_group")) {
                for gblock in gs {
                    let ids: Vec<String> = gblock
                        .get("member")
                        .and_then(Value::as_array)
                        .map(|ms| {
                            ms.iter()
                                .filter_map(|m| {
                                    m.get("origin_id")
                                        .and_then(Value::as_str)
                                        .map(str::to_owned)
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    members_of.push(ids);
                }
            }
            let timeout = |origin: &str| -> f64 {
                let mut minutes = 0.5;
                if let Some(Value::Array(os)) = inst.values.and_then(|v| v.get("origin")) {
                    for o in os {
                        if o.get("origin_id").and_then(Value::as_str) == Some(origin) {
                            let t = o
                                .get("connection_timeout")
                                .and_then(super::facts::as_u64)
                                .unwrap_or(10);
                            let n = o
                                .get("connection_attempts")
                                .and_then(super::facts::as_u64)
                                .unwrap_or(3);
                            minutes = (t.saturating_mul(n)) as f64 / 60.0;
                        }
                    }
                }
                (minutes * 100.0).round() / 100.0
            };
            for ids in members_of {
                let [p_id, s_id] = ids.as_slice() else {
                    continue;
                };
                let (Some([p]), Some([s])) = (
                    by_origin.get(p_id).map(Vec::as_slice),
                    by_origin.get(s_id).map(Vec::as_slice),
                ) else {
                    if !ids.is_empty() {
                        self.ctx.note(
                            "origin-group-unmatched",
                            vec![inst.address.clone()],
                            "an origin group's members could not be matched to components (origin ids are not constants in the configuration): the CDN depends on every origin",
                        );
                    }
                    continue;
                };
                let (p, s) = (*p, *s);
                let detect = timeout(p_id);
                let why = format!("a CloudFront origin group ({p_id} → {s_id})");
                if self.find(p) == self.find(s) {
                    let root = self.find(p);
                    if self.sites(root).len() >= 2 {
                        let entry = self.redundancy.entry(root).or_insert(Redundancy {
                            topology: Topology::ActivePassive,
                            standby: Some(Standby::Hot),
                            failover: None,
                            why: why.clone(),
                        });
                        entry.failover = Some(failover(
                            Trigger::Automatic,
                            Via::LoadBalancer,
                            Some(detect),
                            Some(0.0),
                            false,
                        ));
                        entry.why =
                            format!("{}; {why} switches between them automatically", entry.why);
                    }
                } else if self.mergeable(p, s) {
                    self.merge_routed(
                        &[p, s],
                        Topology::ActivePassive,
                        failover(
                            Trigger::Automatic,
                            Via::LoadBalancer,
                            Some(detect),
                            Some(0.0),
                            false,
                        ),
                        &why,
                    );
                } else {
                    self.ctx.note(
                        "cdn-any-of",
                        vec![inst.address.clone()],
                        format!("{why}: the origins are different components, so the CDN depends on `any_of` them"),
                    );
                    self.anyofs.push((
                        cdn,
                        vec![p, s],
                        failover(
                            Trigger::Automatic,
                            Via::Client,
                            Some(detect),
                            Some(0.0),
                            false,
                        ),
                    ));
                }
            }
        }
    }

    // ---- assembly --------------------------------------------------------------------------

    fn finish(
        mut self,
        records: Vec<Record>,
        routes: BTreeMap<String, (DnsRef, Vec<Target>, Vec<String>)>,
    ) -> Result<Draft, Error> {
        // Final groups in anchor order.
        let mut roots: Vec<usize> = Vec::new();
        for &a in self.places.keys() {
            let r = self.find(a);
            if !roots.contains(&r) {
                roots.push(r);
            }
        }
        // Synthetic DNS components for zones the plan only reads.
        let routed: BTreeSet<&String> = routes.values().flat_map(|(_, _, a)| a.iter()).collect();
        let mut synthetic: BTreeMap<DnsRef, Vec<String>> = BTreeMap::new();
        for r in &records {
            if matches!(r.dns, DnsRef::Synthetic { .. }) && routed.contains(&r.address) {
                synthetic
                    .entry(r.dns.clone())
                    .or_default()
                    .push(r.address.clone());
            }
        }
        let n_groups = roots.len();
        let index_of: BTreeMap<usize, usize> =
            roots.iter().enumerate().map(|(i, &r)| (r, i)).collect();
        let comp_of_group =
            |g: usize, b: &Self| -> Option<usize> { index_of.get(&b.find(g)).copied() };
        let synthetic_index: BTreeMap<DnsRef, usize> = synthetic
            .keys()
            .enumerate()
            .map(|(i, k)| (k.clone(), n_groups + i))
            .collect();
        let dns_index = |d: &DnsRef, b: &Self| -> Option<usize> {
            match d {
                DnsRef::Group(g) => comp_of_group(*g, b),
                DnsRef::Synthetic { .. } => synthetic_index.get(d).copied(),
            }
        };

        // Dependencies per final component (indices).
        let mut deps: Vec<BTreeMap<usize, bool>> =
            vec![BTreeMap::new(); n_groups + synthetic.len()];
        let pre_roots: BTreeSet<usize> = self.pre_root.values().copied().collect();
        for pre in pre_roots {
            let Some(ci) = comp_of_group(pre, &self) else {
                continue;
            };
            for d in self.pre_deps.get(&pre).cloned().unwrap_or_default() {
                let Some(cj) = comp_of_group(d.group, &self) else {
                    continue;
                };
                if cj == ci {
                    continue;
                }
                if let Some(m) = deps.get_mut(ci) {
                    let e = m.entry(cj).or_insert(d.soft);
                    *e = *e && d.soft;
                }
            }
        }
        // CDN `any_of` origin groups replace the plain dependencies on their members.
        let mut any_deps: Vec<Vec<(Vec<usize>, Failover)>> =
            vec![Vec::new(); n_groups + synthetic.len()];
        for (cdn, members, fo) in std::mem::take(&mut self.anyofs) {
            let Some(ci) = comp_of_group(cdn, &self) else {
                continue;
            };
            let mut alts: Vec<usize> = members
                .iter()
                .filter_map(|&m| comp_of_group(m, &self))
                .collect();
            alts.dedup();
            if alts.len() < 2 || alts.contains(&ci) {
                continue;
            }
            if let Some(m) = deps.get_mut(ci) {
                for a in &alts {
                    m.remove(a);
                }
            }
            if let Some(v) = any_deps.get_mut(ci) {
                v.push((alts, fo));
            }
        }

        // Kinds for tiers and cycle breaking.
        let mut kinds: Vec<Kind> = roots
            .iter()
            .map(|&r| self.class(r).map_or(Kind::Other, |c| c.kind))
            .collect();
        kinds.extend(synthetic.keys().map(|_| Kind::Dns));
        self.break_cycles(&mut deps, &mut any_deps, &kinds, &roots);

        // Names.
        let mut sources: Vec<NameSource> = Vec::new();
        let dns_count = kinds.iter().filter(|k| **k == Kind::Dns).count();
        for &r in &roots {
            let anchors = self.sets.members(r).to_vec();
            let class = self.class(r);
            let names: Vec<String> = anchors
                .iter()
                .filter_map(|a| self.g.nodes.get(*a))
                .map(|x| {
                    split_config_address(&x.config)
                        .1
                        .rsplit('.')
                        .next()
                        .unwrap_or("")
                        .to_owned()
                })
                .collect();
            let modules: Vec<String> = anchors
                .iter()
                .filter_map(|a| self.g.nodes.get(*a))
                .map(|x| {
                    super::address::last_call(&x.module)
                        .unwrap_or("")
                        .to_owned()
                })
                .collect();
            let short = class.map_or("component", |c| c.short);
            let fixed = (class.map(|c| c.kind) == Some(Kind::Dns) && dns_count == 1)
                .then(|| "dns".to_owned());
            let path: Vec<String> = anchors
                .first()
                .and_then(|a| self.g.nodes.get(*a))
                .map(|x| {
                    x.module
                        .split('.')
                        .enumerate()
                        .filter(|(i, _)| i % 2 == 1)
                        .map(|(_, s)| s.to_owned())
                        .collect()
                })
                .unwrap_or_default();
            sources.push(NameSource {
                names,
                modules,
                path,
                short,
                fixed,
            });
        }
        for d in synthetic.keys() {
            let fixed = if dns_count == 1 {
                Some("dns".to_owned())
            } else {
                None
            };
            let name = match d {
                DnsRef::Synthetic { key, .. } => {
                    key.rsplit('.').next().unwrap_or("zone").to_owned()
                }
                DnsRef::Group(_) => "zone".to_owned(),
            };
            sources.push(NameSource {
                names: vec![format!("dns_{name}")],
                modules: vec![String::new()],
                path: Vec::new(),
                short: "dns",
                fixed,
            });
        }
        let ids = names::assign(&sources, &BTreeSet::new());

        // Components.
        let mut components: Vec<Component> = Vec::new();
        let mut by_address: BTreeMap<String, usize> = BTreeMap::new();
        let mut folded: Vec<Folded> = Vec::new();
        for (ci, &r) in roots.iter().enumerate() {
            let id = ids.get(ci).cloned().unwrap_or_default();
            let c = self.component(r, &id, &ids, deps.get(ci), any_deps.get(ci));
            components.push(c);
            // Addresses: anchors, members and their instances.
            for &a in self.sets.members(r) {
                for node in std::iter::once(a).chain(self.g.members(a)) {
                    let Some(x) = self.g.nodes.get(node) else {
                        continue;
                    };
                    by_address.insert(x.config.clone(), ci);
                    for inst in self.node_instances(node) {
                        by_address.insert(inst.address.clone(), ci);
                    }
                }
            }
        }
        for (k, addresses) in &synthetic {
            let ci = components.len();
            let id = ids.get(ci).cloned().unwrap_or_else(|| "dns".to_owned());
            let (provider, service) = match k {
                DnsRef::Synthetic {
                    provider: "gcp", ..
                } => ("gcp", "cloud-dns"),
                DnsRef::Synthetic {
                    provider: "azure", ..
                } => ("azure", "azure-dns"),
                _ => ("aws", "route53"),
            };
            let mut c = Component::new(id, Kind::Dns, provider);
            c.service = Some(service.to_owned());
            c.description = Some(match k {
                DnsRef::Synthetic { key, .. } => format!(
                    "DNS zone the plan reads but does not manage ({key}); its records are imported"
                ),
                DnsRef::Group(_) => String::new(),
            });
            c.origin = addresses.clone();
            for a in addresses {
                by_address.insert(a.clone(), ci);
            }
            components.push(c);
        }
        // Records belong to their DNS component's origin.
        for r in &records {
            if let DnsRef::Group(_) = r.dns
                && let Some(ci) = dns_index(&r.dns, &self)
                && let Some(c) = components.get_mut(ci)
            {
                if !c.origin.contains(&r.address) {
                    c.origin.push(r.address.clone());
                }
                by_address.insert(r.address.clone(), ci);
                by_address.insert(r.config.clone(), ci);
            }
        }

        // Journeys from DNS names.
        let id_of = |ci: usize| ids.get(ci).cloned().unwrap_or_default();
        let mut record_entries: BTreeMap<String, Vec<Dependency>> = BTreeMap::new();
        let mut journeys: Vec<Journey> = Vec::new();
        for (name, (dns, targets, addresses)) in &routes {
            let Some(di) = dns_index(dns, &self) else {
                continue;
            };
            let mut entry = vec![Dependency::Component {
                id: id_of(di),
                hard: true,
            }];
            for t in targets {
                let dep = match t {
                    Target::Group(g) => comp_of_group(*g, &self).map(|ci| Dependency::Component {
                        id: id_of(ci),
                        hard: true,
                    }),
                    Target::AnyOf(gs, fo) => {
                        let mut alts: Vec<usize> =
                            gs.iter().filter_map(|&g| comp_of_group(g, &self)).collect();
                        alts.dedup();
                        match alts.as_slice() {
                            [] => None,
                            [one] => Some(Dependency::Component {
                                id: id_of(*one),
                                hard: true,
                            }),
                            _ => Some(Dependency::AnyOf {
                                any_of: alts
                                    .iter()
                                    .map(|&a| Dependency::Component {
                                        id: id_of(a),
                                        hard: true,
                                    })
                                    .collect(),
                                failover: Some(fo.clone()),
                                hard: true,
                                shares_percent: None,
                            }),
                        }
                    }
                };
                if let Some(d) = dep
                    && !entry.contains(&d)
                {
                    entry.push(d);
                }
            }
            for a in addresses {
                record_entries.insert(a.clone(), entry.clone());
                if let Some(r) = records.iter().find(|r| &r.address == a) {
                    record_entries
                        .entry(r.config.clone())
                        .or_insert_with(|| entry.clone());
                }
            }
            journeys.push(Journey {
                name: name.clone(),
                description: Some(format!(
                    "Users resolving {name} (proposed from the DNS records)"
                )),
                entry,
                criticality: None,
                target_availability: None,
                rto_minutes: None,
                rpo_minutes: None,
                tolerance_minutes: None,
            });
        }
        let proposed = propose_remaining(&components, &mut journeys);
        if !journeys.is_empty() {
            let names: Vec<String> = journeys.iter().map(|j| j.name.clone()).collect();
            self.ctx.note(
                "journeys-guessed",
                Vec::new(),
                format!(
                    "no overlay named the journeys, so they were proposed from the entry points found ({}{}): check them, and name yours in an overlay",
                    names.join(", "),
                    if proposed > 0 { format!("; {proposed} from components nothing else uses") } else { String::new() }
                ),
            );
        }

        // Everything that is not a component: folded or unsupported.
        let mut unsupported: Vec<Unsupported> = Vec::new();
        for (i, node) in self.g.nodes.iter().enumerate() {
            let insts = self.node_instances(i);
            let into = self
                .g
                .group_of
                .get(i)
                .copied()
                .flatten()
                .and_then(|g| comp_of_group(g, &self))
                .map(&id_of);
            let reason: Option<String> = match node.role {
                NodeRole::Component(_) if into.is_some() => {
                    if self.places.contains_key(&i) {
                        None
                    } else {
                        Some("part of another resource's component".to_owned())
                    }
                }
                NodeRole::Component(_) | NodeRole::Member(_) => {
                    Some(if into.is_some() { "part of its parent's component".to_owned() } else { "part of a component".to_owned() })
                }
                NodeRole::Record => Some("DNS record that carries no user traffic here (verification, mail, or a name known only after apply)".to_owned()),
                NodeRole::Link => Some("carries dependencies between components (collapsed)".to_owned()),
                NodeRole::Plumbing(why) => Some(why.to_owned()),
                NodeRole::Helper => Some("creates no infrastructure".to_owned()),
                NodeRole::Data => Some("data source (read, not managed)".to_owned()),
                NodeRole::Unsupported => {
                    for inst in &insts {
                        unsupported.push(Unsupported {
                            address: inst.address.clone(),
                            resource_type: node.rtype.clone(),
                        });
                    }
                    None
                }
            };
            let Some(reason) = reason else { continue };
            // Members already listed in their component's origin are not folded away.
            for inst in insts {
                let in_origin = match node.role {
                    NodeRole::Record => components.iter().any(|c| c.origin.contains(&inst.address)),
                    _ => into
                        .as_ref()
                        .and_then(|id| components.iter().find(|c| &c.id == id))
                        .is_some_and(|c| c.origin.contains(&inst.address)),
                };
                if in_origin {
                    continue;
                }
                folded.push(Folded {
                    address: inst.address.clone(),
                    resource_type: node.rtype.clone(),
                    into: into.clone(),
                    reason: reason.clone(),
                });
            }
        }
        let monitoring = self.monitoring();
        let ctx_notes = std::mem::take(&mut self.ctx.notes);
        let unknowns = std::mem::take(&mut self.ctx.unknowns);
        Ok(Draft {
            components,
            journeys,
            by_address,
            record_entries,
            monitoring,
            notes: ctx_notes,
            unknowns,
            unsupported,
            folded,
        })
    }

    /// One final component.
    fn component(
        &mut self,
        root: usize,
        id: &str,
        ids: &[String],
        deps: Option<&BTreeMap<usize, bool>>,
        any_deps: Option<&Vec<(Vec<usize>, Failover)>>,
    ) -> Component {
        let class = self.class(root).unwrap_or(Class {
            kind: Kind::Other,
            provider: "aws",
            service: None,
            what: "resource",
            short: "component",
        });
        let anchors = self.sets.members(root).to_vec();
        let primary = anchors
            .first()
            .and_then(|a| self.places.get(a))
            .cloned()
            .unwrap_or_default();
        let sites = self.sites(root);
        let mut c = Component::new(id, class.kind, class.provider);
        c.service = primary.service.or(class.service).map(str::to_owned);
        c.regions = sites
            .iter()
            .map(|s| ModelPlacement {
                name: s.region.clone(),
                zones: s.zones.to_model(),
            })
            .collect();
        let redundancy = self.redundancy.get(&root).cloned();
        let mut facts: Vec<String> = primary.facts.clone();
        if sites.len() >= 2 {
            let r = match redundancy {
                Some(r) => r,
                None => {
                    let addresses: Vec<String> =
                        anchors.iter().flat_map(|&a| self.addresses(a)).collect();
                    self.ctx.note(
                        "topology-guessed",
                        addresses,
                        format!("`{id}` runs in {} regions and nothing in the plan says how they relate: written as active-passive with a manual failover (say otherwise in the overlay)", sites.len()),
                    );
                    Redundancy {
                        topology: Topology::ActivePassive,
                        standby: Some(Standby::Warm),
                        failover: Some(failover(Trigger::Manual, Via::Dns, None, None, true)),
                        why: "several regions".into(),
                    }
                }
            };
            c.topology = Some(r.topology);
            c.standby = if r.topology == Topology::ActivePassive {
                r.standby
            } else {
                None
            };
            c.failover = r.failover.clone();
            facts.push(r.why.clone());
        }
        if matches!(class.kind, Kind::Compute | Kind::Container) {
            c.replicas = primary
                .replicas
                .and_then(|r| u32::try_from(r).ok())
                .filter(|r| *r >= 1);
        }
        if class.kind.is_stateful()
            && let Some(mut d) = primary.data.clone()
        {
            if sites.len() >= 2 {
                if let Some((rep, lag)) = self.replication.get(&root) {
                    d.replication = Some(*rep);
                    if *rep == Replication::Async {
                        d.replication_lag_minutes = *lag;
                    }
                }
            } else {
                d.replication = None;
                d.replication_lag_minutes = None;
            }
            if matches!(d.backups, None | Some(crate::model::BackupLocation::None)) {
                d.backup_interval_minutes = None;
            }
            c.data = Some(d);
        }
        place::dedup_facts(&mut facts);
        c.description = Some(if facts.is_empty() {
            format!("{} (imported from Terraform)", class.what)
        } else {
            format!(
                "{} (imported from Terraform): {}",
                class.what,
                facts.join("; ")
            )
        });
        // Origin: anchors' instances, then the members that shaped the placement.
        let mut origin: Vec<String> = Vec::new();
        for &a in &anchors {
            origin.extend(self.addresses(a));
            if let Some(p) = self.places.get(&a) {
                origin.extend(p.origin.iter().cloned());
            }
        }
        let mut seen = BTreeSet::new();
        origin.retain(|o| seen.insert(o.clone()));
        c.origin = origin;
        if let Some(deps) = deps {
            for (&j, &soft) in deps {
                let Some(dep_id) = ids.get(j) else { continue };
                c.depends_on.push(Dependency::Component {
                    id: dep_id.clone(),
                    hard: !soft,
                });
            }
        }
        if let Some(groups) = any_deps {
            for (alts, fo) in groups {
                let any_of: Vec<Dependency> = alts
                    .iter()
                    .filter_map(|&a| ids.get(a))
                    .map(|i| Dependency::Component {
                        id: i.clone(),
                        hard: true,
                    })
                    .collect();
                if any_of.len() >= 2 {
                    c.depends_on.push(Dependency::AnyOf {
                        any_of,
                        failover: Some(fo.clone()),
                        hard: true,
                        shares_percent: None,
                    });
                }
            }
        }
        c
    }

    /// Removes dependency edges until there is no cycle: an edge against traffic order
    /// (a database needing a load balancer) goes first, then the last edge of any cycle
    /// left, each with a note.
    fn break_cycles(
        &mut self,
        deps: &mut [BTreeMap<usize, bool>],
        any_deps: &mut [Vec<(Vec<usize>, Failover)>],
        kinds: &[Kind],
        roots: &[usize],
    ) {
        let n = deps.len();
        let label = |b: &Self, i: usize| -> String {
            roots
                .get(i)
                .and_then(|&r| b.sets.members(r).first().copied())
                .and_then(|a| b.g.nodes.get(a))
                .map_or_else(|| format!("component {i}"), |x| x.config.clone())
        };
        loop {
            // Find a cycle with an iterative DFS (colors: 0 new, 1 on stack, 2 done).
            let mut color = vec![0u8; n];
            let mut found: Option<Vec<usize>> = None;
            'outer: for start in 0..n {
                if color.get(start) != Some(&0) {
                    continue;
                }
                let mut stack: Vec<(usize, Vec<usize>)> =
                    vec![(start, succ(deps, any_deps, start))];
                if let Some(c) = color.get_mut(start) {
                    *c = 1;
                }
                while let Some((node, next)) = stack.last_mut() {
                    let node = *node;
                    match next.pop() {
                        Some(m) => match color.get(m).copied() {
                            Some(0) => {
                                if let Some(c) = color.get_mut(m) {
                                    *c = 1;
                                }
                                let s = succ(deps, any_deps, m);
                                stack.push((m, s));
                            }
                            Some(1) => {
                                let mut cycle: Vec<usize> = stack.iter().map(|(x, _)| *x).collect();
                                if let Some(pos) = cycle.iter().position(|&x| x == m) {
                                    cycle.drain(..pos);
                                }
                                found = Some(cycle);
                                break 'outer;
                            }
                            _ => {}
                        },
                        None => {
                            if let Some(c) = color.get_mut(node) {
                                *c = 2;
                            }
                            stack.pop();
                        }
                    }
                }
            }
            let Some(cycle) = found else { break };
            // The edge to cut: against traffic order if any, else the last one.
            let edges: Vec<(usize, usize)> = cycle
                .iter()
                .enumerate()
                .map(|(i, &a)| {
                    (
                        a,
                        cycle
                            .get(i + 1)
                            .copied()
                            .unwrap_or_else(|| cycle.first().copied().unwrap_or(a)),
                    )
                })
                .collect();
            let tier_of = |i: usize| kinds.get(i).map_or(9, |k| tier(*k));
            let cut = edges
                .iter()
                .copied()
                .find(|&(a, b)| tier_of(a) > tier_of(b))
                .or_else(|| edges.last().copied());
            let Some((a, b)) = cut else { break };
            let removed = deps.get_mut(a).is_some_and(|m| m.remove(&b).is_some());
            if !removed && let Some(v) = any_deps.get_mut(a) {
                v.retain(|(alts, _)| !alts.contains(&b));
            }
            let (la, lb) = (label(self, a), label(self, b));
            self.ctx.note(
                "cycle-broken",
                vec![la.clone(), lb.clone()],
                format!("the references make a dependency cycle; the dependency of `{la}` on `{lb}` was dropped (against traffic order, or the last edge of the cycle)"),
            );
        }
    }

    /// CloudWatch alarms in the plan: monitoring runs where they are.
    fn monitoring(&mut self) -> Option<Monitoring> {
        let alarms: Vec<usize> = (0..self.g.nodes.len())
            .filter(|&i| {
                matches!(
                    self.g.nodes.get(i).map(|x| x.rtype.as_str()),
                    Some("aws_cloudwatch_metric_alarm" | "aws_cloudwatch_composite_alarm")
                )
            })
            .collect();
        let mut regions = BTreeSet::new();
        let mut addresses = Vec::new();
        for a in alarms {
            for inst in self.node_instances(a) {
                addresses.push(inst.address.clone());
                if let Some(r) = self.ctx.region(inst, "aws") {
                    regions.insert(r);
                }
            }
        }
        if regions.is_empty() {
            return None;
        }
        let regions: Vec<String> = regions.into_iter().collect();
        self.ctx.note(
            "monitoring-guessed",
            addresses,
            format!("CloudWatch alarms are defined in {}: taken as where monitoring runs (say otherwise in the overlay's `operations.monitoring`)", regions.join(", ")),
        );
        Some(Monitoring {
            provider: "aws".into(),
            regions,
            service: Some("cloudwatch".into()),
            secondary: None,
            component: None,
        })
    }
}

fn succ(
    deps: &[BTreeMap<usize, bool>],
    any_deps: &[Vec<(Vec<usize>, Failover)>],
    i: usize,
) -> Vec<usize> {
    let mut v: Vec<usize> = deps
        .get(i)
        .map(|m| m.keys().copied().collect())
        .unwrap_or_default();
    if let Some(groups) = any_deps.get(i) {
        for (alts, _) in groups {
            v.extend(alts.iter().copied());
        }
    }
    v.sort_unstable();
    v.dedup();
    v.reverse();
    v
}

/// Adds a journey for every component no journey reaches and nothing depends on: entry
/// points first (CDNs, load balancers, API gateways), then the rest. Returns how many of
/// the rest were added.
fn propose_remaining(components: &[Component], journeys: &mut Vec<Journey>) -> usize {
    let index: BTreeMap<&str, usize> = components
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut needed: BTreeSet<usize> = BTreeSet::new();
    for c in components {
        for d in &c.depends_on {
            for id in d.ids() {
                if let Some(&i) = index.get(id) {
                    needed.insert(i);
                }
            }
        }
    }
    let covered = |journeys: &[Journey]| -> BTreeSet<usize> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<usize> = journeys
            .iter()
            .flat_map(|j| j.entry.iter().flat_map(|d| d.ids()))
            .filter_map(|id| index.get(id).copied())
            .collect();
        while let Some(i) = stack.pop() {
            if !seen.insert(i) {
                continue;
            }
            if let Some(c) = components.get(i) {
                stack.extend(
                    c.depends_on
                        .iter()
                        .flat_map(|d| d.ids())
                        .filter_map(|id| index.get(id).copied()),
                );
            }
        }
        seen
    };
    let mut names: BTreeSet<String> = journeys.iter().map(|j| j.name.clone()).collect();
    let mut add = |journeys: &mut Vec<Journey>, c: &Component, why: &str| {
        let mut name = c.id.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{}-{n}", c.id);
            n += 1;
        }
        names.insert(name.clone());
        journeys.push(Journey {
            name,
            description: Some(why.to_owned()),
            entry: vec![Dependency::Component {
                id: c.id.clone(),
                hard: true,
            }],
            criticality: None,
            target_availability: None,
            rto_minutes: None,
            rpo_minutes: None,
            tolerance_minutes: None,
        });
    };
    let entry_kinds = [Kind::Cdn, Kind::LoadBalancer];
    let seen = covered(journeys);
    for (i, c) in components.iter().enumerate() {
        if entry_kinds.contains(&c.kind) && !needed.contains(&i) && !seen.contains(&i) {
            add(
                journeys,
                c,
                "Requests entering through this entry point (proposed)",
            );
        }
    }
    let mut rest = 0;
    let seen = covered(journeys);
    for (i, c) in components.iter().enumerate() {
        if !needed.contains(&i) && !seen.contains(&i) {
            add(
                journeys,
                c,
                "Work that starts at this component: no entry point leads to it (proposed)",
            );
            rest += 1;
        }
    }
    rest
}

/// Sorted, deduplicated notes by code then message.
pub(crate) fn tidy_notes(notes: &mut Vec<Note>) {
    notes.stable_sort_by(|a, b| {
        a.code
            .cmp(&b.code)
            .then_with(|| a.message.cmp(&b.message))
            .then_with(|| a.addresses.cmp(&b.addresses))
    });
    notes.dedup();
}
