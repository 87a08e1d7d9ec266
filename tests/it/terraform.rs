//! The Terraform importer against real plans and states (`../shared/fixtures/terraform/`,
//! skipped with a message when that folder is absent), the project's own plan fixtures
//! (`tests/fixtures/terraform/`, one per architecture the issue lists), overlays, hostile
//! input, and the ranking an architect expects of the imported descriptions.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use faultline::catalogue::Catalogue;
use faultline::diagnostic::Code;
use faultline::model::{
    Architecture, BackupLocation, Component, Dependency, Kind, Replication, Standby, Topology,
    Trigger, Via, Zones,
};
use faultline::terraform::{ImportOptions, Imported, Overlay, import, import_with, parse_overlay};
use faultline::{Engine, ErrorKind, Format, Limits};
use serde_json::Value;

use crate::api::{parse, validate};

// ---- helpers -------------------------------------------------------------------------------

fn shared_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/terraform")
}

fn own_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/terraform")
}

/// The real plans, or `None` (with a message) when the shared folder is not there.
fn shared(name: &str) -> Option<String> {
    let path = shared_dir().join(name);
    if !shared_dir().is_dir() {
        eprintln!(
            "skipping {name}: {} is absent (the shared real-plan fixtures are not part of this checkout)",
            shared_dir().display()
        );
        return None;
    }
    Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn own(name: &str) -> String {
    let path = own_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    out.sort();
    out
}

fn imp(text: &str) -> Imported {
    import(text, None).unwrap_or_else(|e| panic!("import failed: {e:?}"))
}

/// The component that came from `address` (an anchor or a member listed in `origin`).
fn from<'a>(i: &'a Imported, address: &str) -> &'a Component {
    i.architecture
        .components
        .iter()
        .find(|c| c.origin.iter().any(|o| o == address))
        .unwrap_or_else(|| {
            panic!(
                "no component from {address}; components: {:?}",
                i.architecture
                    .components
                    .iter()
                    .map(|c| (&c.id, &c.origin))
                    .collect::<Vec<_>>()
            )
        })
}

fn by_id<'a>(a: &'a Architecture, id: &str) -> &'a Component {
    a.components
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no component `{id}`"))
}

fn regions(c: &Component) -> Vec<&str> {
    c.regions.iter().map(|p| p.name.as_str()).collect()
}

fn zone_count(c: &Component, region: &str) -> u64 {
    c.regions
        .iter()
        .find(|p| p.name == region)
        .map(|p| p.zones.count())
        .unwrap_or_else(|| panic!("`{}` is not in {region}", c.id))
}

fn zone_names(c: &Component, region: &str) -> Vec<String> {
    match c
        .regions
        .iter()
        .find(|p| p.name == region)
        .map(|p| &p.zones)
    {
        Some(Zones::Named(n)) => n.clone(),
        other => panic!("`{}` has no named zones in {region}: {other:?}", c.id),
    }
}

fn deps(c: &Component) -> Vec<(String, bool)> {
    c.depends_on
        .iter()
        .filter_map(|d| match d {
            Dependency::Component { id, hard } => Some((id.clone(), *hard)),
            Dependency::AnyOf { .. } => None,
        })
        .collect()
}

fn hard_on(a: &Architecture, from_id: &str, to_id: &str) -> bool {
    deps(by_id(a, from_id)).contains(&(to_id.to_owned(), true))
}

fn has_note(i: &Imported, code: &str) -> bool {
    i.notes.iter().any(|n| n.code == code)
}

fn has_unknown(i: &Imported, address: &str, attribute: &str) -> bool {
    i.unknowns
        .iter()
        .any(|u| u.address == address && u.attribute.contains(attribute))
}

fn score(a: &Architecture) -> f64 {
    crate::api::score(a, Catalogue::builtin())
        .unwrap_or_else(|e| panic!("{} does not score: {e}", a.name))
        .score
}

/// Properties every import must have: it validates without errors, ids are unique, every
/// component says where it came from and each origin is an address of the input, YAML
/// written from it reads back the same, and importing twice gives the same result.
fn check_invariants(name: &str, text: &str, i: &Imported) {
    let a = &i.architecture;
    let errors: Vec<String> = validate(a, Catalogue::builtin())
        .into_iter()
        .filter(|d| d.is_error() && !(a.components.is_empty() && d.code == "no-components"))
        .map(|d| format!("{} {} {}", d.code, d.path, d.message))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
    let ids: BTreeSet<&str> = a.components.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), a.components.len(), "{name}: duplicate ids");
    for c in &a.components {
        assert!(!c.origin.is_empty(), "{name}: `{}` has no origin", c.id);
        for o in &c.origin {
            assert!(
                text.contains(&serde_json::to_string(o).expect("string")),
                "{name}: origin {o} of `{}` is not an address in the input",
                c.id
            );
        }
        assert!(
            c.id.chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'),
            "{name}: id `{}` is not kebab-case",
            c.id
        );
    }
    let yaml = faultline::write::to_text(a, Format::Yaml).expect("writes");
    let back = parse(&yaml, Format::Yaml).unwrap_or_else(|e| panic!("{name}: {e}\n{yaml}"));
    assert_eq!(&back.architecture, a, "{name}: YAML round trip");
    assert_eq!(&imp(text), i, "{name}: not deterministic");
}

// ---- real plans and states ----------------------------------------------------------------

#[test]
fn every_real_plan_and_state_imports() {
    if !shared_dir().is_dir() {
        eprintln!(
            "skipping the real Terraform fixtures: {} is absent",
            shared_dir().display()
        );
        return;
    }
    let files = json_files(&shared_dir());
    assert!(files.len() >= 14, "expected the 14 shared fixtures");
    for path in files {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).expect("read");
        let i = import(&text, None).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        check_invariants(&name, &text, &i);
        // Nothing silently dropped: every managed resource is a component's origin,
        // folded into one or away, or listed as unsupported.
        let doc: Value = serde_json::from_str(&text).expect("json");
        let mut accounted: BTreeSet<String> = i.folded.iter().map(|f| f.address.clone()).collect();
        accounted.extend(i.unsupported.iter().map(|u| u.address.clone()));
        for c in &i.architecture.components {
            accounted.extend(c.origin.iter().cloned());
        }
        for address in addresses(&doc) {
            assert!(
                accounted.contains(&address),
                "{name}: {address} is not accounted for"
            );
        }
    }
}

/// Every resource address in `planned_values` or `values`.
fn addresses(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack: Vec<&Value> = Vec::new();
    for root in [
        doc.pointer("/planned_values/root_module"),
        doc.pointer("/values/root_module"),
    ]
    .into_iter()
    .flatten()
    {
        stack.push(root);
    }
    while let Some(m) = stack.pop() {
        for r in m
            .get("resources")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(a) = r.get("address").and_then(Value::as_str) {
                out.push(a.to_owned());
            }
        }
        stack.extend(
            m.get("child_modules")
                .and_then(Value::as_array)
                .into_iter()
                .flatten(),
        );
    }
    out
}

#[test]
fn state_single_az_concentration() {
    let Some(text) = shared("aws-state-ec2-rds-single-az.json") else {
        return;
    };
    let i = imp(&text);
    assert_eq!(i.source.kind, "state");
    assert_eq!(i.source.format_version, "0.1");
    let vms: Vec<&Component> = i
        .architecture
        .components
        .iter()
        .filter(|c| c.kind == Kind::Compute)
        .collect();
    assert_eq!(vms.len(), 6, "six EC2 instances");
    for vm in vms {
        assert_eq!(regions(vm), ["us-east-1"]);
        assert_eq!(zone_names(vm, "us-east-1"), ["us-east-1b"]);
    }
    let db = from(
        &i,
        "module.db.module.db_1.module.db_instance.aws_db_instance.this[0]",
    );
    assert_eq!(
        db.id, "db-instance",
        "generic name `this` gives way to the module name"
    );
    assert_eq!(
        (db.kind, db.service.as_deref()),
        (Kind::Database, Some("rds"))
    );
    assert_eq!(zone_names(db, "us-east-1"), ["us-east-1f"]);
    assert_eq!(
        db.data.as_ref().and_then(|d| d.backups),
        Some(BackupLocation::None),
        "backup_retention_period is 0"
    );
    assert!(i.unknowns.is_empty(), "a state knows everything");
}

#[test]
fn mixed_plan_replicas_multi_az_and_unknowns() {
    let Some(text) = shared("aws-mixed-asg-rds-dynamodb-replica.json") else {
        return;
    };
    let i = imp(&text);
    let table = from(&i, "aws_dynamodb_table.dynamodb-table");
    assert_eq!(regions(table), ["us-east-1", "us-east-2", "us-west-1"]);
    assert_eq!(table.topology, Some(Topology::ActiveActive));
    assert_eq!(
        table.data.as_ref().and_then(|d| d.replication),
        Some(Replication::Async)
    );
    let sql = from(&i, "aws_db_instance.db_sqlserver");
    assert_eq!(zone_count(sql, "us-east-1"), 2, "multi_az = true");
    let mysql = from(&i, "aws_db_instance.db_mysql");
    assert_eq!(zone_count(mysql, "us-east-1"), 1);
    assert!(
        has_unknown(&i, "aws_db_instance.db_mysql", "multi_az"),
        "{:#?}",
        i.unknowns
    );
    let nlb = from(&i, "aws_lb.nlb1");
    assert_eq!(nlb.service.as_deref(), Some("nlb"));
    assert!(
        nlb.description
            .as_deref()
            .unwrap_or("")
            .contains("cross-zone load balancing off")
    );
    let asg = from(&i, "aws_autoscaling_group.mixed-instance-lt1");
    assert_eq!(asg.replicas, Some(6), "desired_capacity");
    let ecs = from(&i, "aws_ecs_service.ecs_fargate1");
    assert_eq!((ecs.kind, ecs.replicas), (Kind::Container, Some(2)));
}

#[test]
fn classic_cluster_six_zones_behind_a_classic_elb() {
    let Some(text) = shared("aws-asg-elb-6az.json") else {
        return;
    };
    let i = imp(&text);
    let asg = from(&i, "aws_autoscaling_group.example");
    assert_eq!(
        zone_names(asg, "us-east-1"),
        [
            "us-east-1a",
            "us-east-1b",
            "us-east-1c",
            "us-east-1d",
            "us-east-1e",
            "us-east-1f"
        ]
    );
    assert_eq!(
        asg.replicas,
        Some(2),
        "min_size when desired_capacity is unknown"
    );
    assert!(has_unknown(
        &i,
        "aws_autoscaling_group.example",
        "desired_capacity"
    ));
    let lb = from(&i, "aws_elb.example");
    assert_eq!(zone_count(lb, "us-east-1"), 6);
    assert!(
        hard_on(&i.architecture, &lb.id, &asg.id),
        "ELB → ASG through `load_balancers`"
    );
    // The standalone instance has no zone before apply: reported, counted as one.
    let web = from(&i, "aws_instance.web[0]");
    assert_eq!(zone_count(web, "us-east-1"), 1);
    assert!(
        i.unknowns
            .iter()
            .any(|u| u.address == "aws_instance.web[0]")
    );
}

#[test]
fn alb_asg_route53_through_modules() {
    let Some(text) = shared("aws-alb-asg-lambda-route53.json") else {
        return;
    };
    let i = imp(&text);
    let alb = from(&i, "module.alb.aws_alb.alb");
    let asg = from(&i, "module.myapp-asg.aws_autoscaling_group.asg");
    assert_eq!(regions(alb), ["us-east-1"]);
    assert_eq!(
        zone_count(alb, "us-east-1"),
        2,
        "two subnets in subnet_mapping"
    );
    assert_eq!(
        zone_count(asg, "us-east-1"),
        2,
        "two subnets in vpc_zone_identifier"
    );
    assert_eq!(
        asg.replicas,
        Some(1),
        "min = max = 1: placed in two zones, runs in one"
    );
    // listener → target group ← ASG (`target_group_arns` through a module variable)
    assert!(hard_on(&i.architecture, &alb.id, &asg.id));
    let j = i
        .architecture
        .journeys
        .iter()
        .find(|j| j.name == "myapp.mybusandbox.aws.mycompany.com")
        .expect("a journey from the Route 53 record");
    let entry: Vec<&str> = j.entry.iter().flat_map(Dependency::ids).collect();
    assert_eq!(entry, ["dns", alb.id.as_str()]);
    assert!(has_note(&i, "journeys-guessed"));
}

#[test]
fn terragoat_lists_what_it_does_not_understand() {
    let Some(text) = shared("aws-terragoat-55res.json") else {
        return;
    };
    let i = imp(&text);
    let types: BTreeSet<&str> = i
        .unsupported
        .iter()
        .map(|u| u.resource_type.as_str())
        .collect();
    assert!(types.contains("aws_neptune_cluster"), "{types:?}");
    assert!(types.contains("aws_elasticsearch_domain"), "{types:?}");
    assert!(i.summary().contains("aws_neptune_cluster.default"));
    let lb = from(&i, "aws_elb.weblb");
    let web = from(&i, "aws_instance.web_host");
    assert!(
        hard_on(&i.architecture, &lb.id, &web.id),
        "the ELB lists the instance"
    );
    let volume = from(&i, "aws_ebs_volume.web_host_storage");
    assert!(
        hard_on(&i.architecture, &web.id, &volume.id),
        "volume attachment"
    );
    let db = from(&i, "aws_db_instance.default");
    assert_eq!(regions(db), ["us-west-2"]);
    assert!(hard_on(
        &i.architecture,
        &from(&i, "aws_instance.db_app").id,
        &db.id
    ));
    // Plumbing is folded, not silently dropped.
    assert!(
        i.folded
            .iter()
            .any(|f| f.address == "aws_subnet.web_subnet")
    );
    assert!(
        i.folded
            .iter()
            .any(|f| f.address == "aws_iam_role.iam_for_eks")
    );
}

#[test]
fn a_plan_of_plumbing_only_has_nothing_to_score() {
    let Some(text) = shared("aws-vpc-3az-3nat.json") else {
        return;
    };
    let i = imp(&text);
    assert!(i.architecture.components.is_empty());
    assert!(has_note(&i, "nothing-to-score"));
    assert_eq!(
        i.folded
            .iter()
            .filter(|f| f.resource_type == "aws_nat_gateway")
            .count(),
        3
    );
}

#[test]
fn api_gateway_with_aliased_providers() {
    let Some(text) = shared("aws-apigw-edge-two-region.json") else {
        return;
    };
    let i = imp(&text);
    assert_eq!(i.source.format_version, "0.1");
    let api = from(&i, "module.apigw_test_1.aws_api_gateway_rest_api.base");
    assert_eq!(
        (api.kind, api.service.as_deref()),
        (Kind::LoadBalancer, Some("api-gateway"))
    );
    assert_eq!(
        regions(api),
        ["eu-west-1"],
        "the default provider, not aws.useast1"
    );
    let names: Vec<&str> = i
        .architecture
        .journeys
        .iter()
        .map(|j| j.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["testapi.cc.aws.cmclabs.io"],
        "the certificate validation record is no journey"
    );
}

#[test]
fn cloudfront_distributions_depend_on_their_bucket() {
    let Some(text) = shared("aws-cloudfront-s3-oai.json") else {
        return;
    };
    let i = imp(&text);
    let bucket = from(&i, "aws_s3_bucket.bucket");
    for d in ["allow_all", "https_only", "redirect_to_https"] {
        let cdn = from(&i, &format!("aws_cloudfront_distribution.{d}"));
        assert_eq!(cdn.kind, Kind::Cdn);
        assert!(cdn.regions.is_empty(), "a global service");
        assert!(hard_on(&i.architecture, &cdn.id, &bucket.id));
    }
}

#[test]
fn eks_cluster_keeps_its_node_group() {
    let Some(text) = shared("aws-eks-nodegroup-minimal.json") else {
        return;
    };
    let i = imp(&text);
    let eks = from(&i, "module.eks.aws_eks_cluster.example");
    assert!(
        eks.origin
            .contains(&"module.eks.aws_eks_node_group.example".to_owned())
    );
    assert_eq!(regions(eks), ["eu-west-1"]);
    assert_eq!(zone_count(eks, "eu-west-1"), 2, "two subnets");
    assert!(has_unknown(
        &i,
        "module.eks.aws_eks_node_group.example",
        "subnet_ids"
    ));
}

#[test]
fn aliased_providers_through_nested_modules() {
    let Some(text) = shared("aws-sqs-aliased-providers.json") else {
        return;
    };
    let i = imp(&text);
    assert_eq!(i.architecture.components.len(), 20);
    for c in &i.architecture.components {
        assert_eq!(
            (c.kind, regions(c)),
            (Kind::Queue, vec!["us-east-1"]),
            "{}",
            c.id
        );
    }
}

#[test]
fn gke_location_wins_over_the_provider_region() {
    let Some(text) = shared("gcp-gke-regional-tf012.json") else {
        return;
    };
    let i = imp(&text);
    let gke = from(&i, "google_container_cluster.primary");
    assert_eq!(
        (gke.kind, gke.service.as_deref()),
        (Kind::Container, Some("gke"))
    );
    assert_eq!(regions(gke), ["us-central1"]);
    assert_eq!(zone_count(gke, "us-central1"), 3, "a regional cluster");
    assert!(
        gke.origin
            .contains(&"google_container_node_pool.primary_preemptible_nodes".to_owned())
    );
}

#[test]
fn two_clouds_in_one_plan() {
    let Some(text) = shared("multicloud-aws-asg-gcp-instance.json") else {
        return;
    };
    let i = imp(&text);
    let asg = from(&i, "aws_autoscaling_group.example");
    assert_eq!(
        regions(asg),
        ["us-east-1"],
        "its zone is in us-east-1, whatever the provider says"
    );
    assert!(has_note(&i, "region-from-zones"));
    let vm = from(&i, "google_compute_instance.default");
    assert_eq!(
        (vm.provider.as_str(), regions(vm)),
        ("gcp", vec!["us-central1"])
    );
    assert_eq!(zone_names(vm, "us-central1"), ["us-central1-a"]);
    let gcs = from(&i, "google_storage_bucket.example");
    assert!(gcs.regions.is_empty(), "a multi-region US bucket");
}

#[test]
fn azure_vms_find_their_region_through_the_resource_group() {
    let Some(text) = shared("azure-availability-sets.json") else {
        return;
    };
    let i = imp(&text);
    for a in [
        "module.linuxservers-fail.azurerm_virtual_machine.vm-linux[0]",
        "module.windowsservers-pass.azurerm_virtual_machine.vm-windows[0]",
    ] {
        let vm = from(&i, a);
        assert_eq!(
            (vm.provider.as_str(), regions(vm)),
            ("azure", vec!["northeurope"])
        );
        assert_eq!(
            zone_count(vm, "northeurope"),
            1,
            "an availability set is not zones"
        );
        assert!(
            vm.description
                .as_deref()
                .unwrap_or("")
                .contains("availability set")
        );
    }
}

// ---- the project's own plans ------------------------------------------------------------------

#[test]
fn own_fixtures_import_cleanly() {
    for path in json_files(&own_dir()) {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).expect("read");
        let i = import(&text, None).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        check_invariants(&name, &text, &i);
        // Only the state lists a type on purpose (a Neptune cluster).
        if !name.contains("state") {
            assert!(i.unsupported.is_empty(), "{name}: {:?}", i.unsupported);
        }
    }
}

#[test]
fn single_az() {
    let i = imp(&own("aws-single-az.json"));
    let a = &i.architecture;
    let web = by_id(a, "web-asg");
    assert_eq!(
        zone_names(web, "us-east-1"),
        ["us-east-1a"],
        "one private subnet"
    );
    assert_eq!(web.replicas, Some(2));
    let db = by_id(a, "db");
    assert_eq!(zone_names(db, "us-east-1"), ["us-east-1a"]);
    let d = db.data.as_ref().expect("data");
    assert_eq!(
        (d.backups, d.backup_interval_minutes),
        (Some(BackupLocation::SameRegion), Some(5.0))
    );
    let lb = by_id(a, "web-lb");
    assert_eq!(zone_names(lb, "us-east-1"), ["us-east-1a", "us-east-1b"]);
    assert!(hard_on(a, "web-lb", "web-asg") && hard_on(a, "web-asg", "db"));
    let j = a.journeys.first().expect("journey");
    assert_eq!(j.name, "www.example.com");
}

#[test]
fn multi_az_in_the_terraform_0_12_format() {
    let i = imp(&own("aws-multi-az.json"));
    assert_eq!(
        (
            i.source.format_version.as_str(),
            i.source.terraform_version.as_deref()
        ),
        ("0.1", Some("0.12.31"))
    );
    let a = &i.architecture;
    let web = by_id(a, "web-asg");
    assert_eq!(regions(web), ["us-east-1"], "region from `var.region`");
    assert_eq!(
        zone_names(web, "us-east-1"),
        ["us-east-1a", "us-east-1b", "us-east-1c"]
    );
    let db = by_id(a, "db");
    assert_eq!(zone_count(db, "us-east-1"), 2, "Multi-AZ");
    assert!(has_unknown(&i, "aws_db_instance.db", "availability_zone") || db.regions.len() == 1);
    assert!(hard_on(a, "web-lb", "web-asg") && hard_on(a, "web-asg", "db"));
}

#[test]
fn pilot_light_dr_with_route53_failover() {
    let i = imp(&own("aws-pilot-light.json"));
    let a = &i.architecture;
    let lb = by_id(a, "web-lb");
    assert_eq!(regions(lb), ["us-east-1", "us-west-2"], "primary first");
    assert_eq!(
        (lb.topology, lb.standby),
        (Some(Topology::ActivePassive), Some(Standby::Hot))
    );
    let f = lb.failover.as_ref().expect("failover");
    assert_eq!(
        (f.trigger, f.via, f.needs_control_plane),
        (Some(Trigger::Automatic), Some(Via::Dns), Some(false))
    );
    assert_eq!(f.detect_minutes, Some(0.5), "10 s interval × 3 failures");
    assert_eq!(
        lb.origin,
        ["module.primary.aws_lb.web", "module.dr.aws_lb.web"]
    );
    let web = by_id(a, "web-asg");
    assert_eq!(
        web.standby,
        Some(Standby::PilotLight),
        "desired capacity 0 in us-west-2"
    );
    assert_eq!(
        web.failover.as_ref().and_then(|f| f.needs_control_plane),
        Some(true)
    );
    assert_eq!(zone_count(web, "us-west-2"), 3);
    let db = by_id(a, "db");
    assert_eq!(regions(db), ["us-east-1", "us-west-2"]);
    assert_eq!(zone_count(db, "us-east-1"), 2);
    let d = db.data.as_ref().expect("data");
    assert_eq!(
        (d.replication, d.backups),
        (Some(Replication::Async), Some(BackupLocation::OtherRegion))
    );
    assert_eq!(
        db.failover.as_ref().and_then(|f| f.trigger),
        Some(Trigger::Manual)
    );
    assert!(hard_on(a, "web-lb", "web-asg") && hard_on(a, "web-asg", "db"));
    assert_eq!(
        a.operations.monitoring.as_ref().map(|m| m.regions.clone()),
        Some(vec!["us-east-1".to_owned()]),
        "from the CloudWatch alarm"
    );
    for code in ["routed", "parallel-stack", "replica", "monitoring-guessed"] {
        assert!(has_note(&i, code), "{code}: {:#?}", i.notes);
    }
}

#[test]
fn active_active_with_global_table_and_origin_failover() {
    let i = imp(&own("aws-active-active.json"));
    let a = &i.architecture;
    let orders = by_id(a, "orders");
    assert_eq!(regions(orders), ["us-east-1", "us-west-2"]);
    assert_eq!(orders.topology, Some(Topology::ActiveActive));
    assert_eq!(
        orders.failover.as_ref().and_then(|f| f.trigger),
        Some(Trigger::Automatic)
    );
    let lb = by_id(a, "web-lb");
    assert_eq!(regions(lb), ["us-east-1", "us-west-2"]);
    let f = lb.failover.as_ref().expect("failover");
    assert_eq!(
        (f.trigger, f.via),
        (Some(Trigger::Automatic), Some(Via::LoadBalancer))
    );
    assert_eq!(
        f.detect_minutes,
        Some(0.5),
        "10 s connection timeout × 3 attempts"
    );
    let web = by_id(a, "web-asg");
    assert_eq!((regions(web).len(), web.standby), (2, Some(Standby::Hot)));
    assert!(hard_on(a, "web-asg", "orders"));
    let assets = by_id(a, "assets");
    assert_eq!(
        assets.topology,
        Some(Topology::ActiveActive),
        "replicated both ways"
    );
    assert_eq!(
        assets.failover.as_ref().and_then(|f| f.via),
        Some(Via::LoadBalancer),
        "origin group"
    );
    assert_eq!(
        assets.data.as_ref().and_then(|d| d.replication_lag_minutes),
        Some(15.0)
    );
    let cdn = by_id(a, "www");
    assert!(hard_on(a, "www", "web-lb") && hard_on(a, "www", "assets"));
    assert!(cdn.regions.is_empty());
    let entry: Vec<&str> = a.journeys[0]
        .entry
        .iter()
        .flat_map(Dependency::ids)
        .collect();
    assert_eq!(entry, ["dns", "www"], "A and AAAA records name one journey");
}

#[test]
fn serverless_api_lambda_dynamodb() {
    let i = imp(&own("aws-serverless.json"));
    let a = &i.architecture;
    assert!(hard_on(a, "api", "api-function"), "integration uri");
    assert!(hard_on(a, "api", "users"), "Cognito authorizer");
    assert!(hard_on(a, "api-function", "items") && hard_on(a, "api-function", "jobs"));
    assert!(hard_on(a, "worker", "jobs"), "event source mapping");
    assert!(
        deps(by_id(a, "jobs")).contains(&("jobs-dlq".to_owned(), false)),
        "a dead-letter queue is soft"
    );
    let dns = by_id(a, "dns");
    assert_eq!(
        dns.origin,
        ["aws_route53_record.api"],
        "a zone read, not managed"
    );
    let names: Vec<&str> = a.journeys.iter().map(|j| j.name.as_str()).collect();
    assert_eq!(names, ["api.example.com", "worker"]);
    let entry: Vec<&str> = a.journeys[0]
        .entry
        .iter()
        .flat_map(Dependency::ids)
        .collect();
    assert_eq!(
        entry,
        ["dns", "api"],
        "custom domain → base path mapping → API"
    );
    assert_eq!(zone_count(by_id(a, "items"), "eu-west-1"), 3);
}

#[test]
fn eks_with_aurora_and_redis() {
    let i = imp(&own("aws-eks-aurora.json"));
    let a = &i.architecture;
    let eks = by_id(a, "eks");
    assert_eq!(
        zone_names(eks, "eu-central-1"),
        ["eu-central-1a", "eu-central-1b", "eu-central-1c"]
    );
    assert_eq!(eks.replicas, Some(6), "node group desired size");
    let db = by_id(a, "aurora");
    assert_eq!(db.service.as_deref(), Some("aurora"));
    assert_eq!(
        zone_count(db, "eu-central-1"),
        2,
        "two instances, zones assumed distinct"
    );
    assert!(has_unknown(
        &i,
        "aws_rds_cluster.aurora",
        "availability_zone"
    ));
    assert_eq!(db.origin.len(), 3, "cluster and its two instances");
    assert!(
        hard_on(a, "eks", "aurora") && hard_on(a, "eks", "sessions"),
        "security groups admit the cluster"
    );
    assert!(has_note(&i, "security-group-dependency"));
    assert_eq!(zone_names(by_id(a, "sessions"), "eu-central-1").len(), 2);
}

#[test]
fn static_site() {
    let i = imp(&own("aws-static-site.json"));
    let a = &i.architecture;
    assert_eq!(
        a.components.len(),
        3,
        "{:?}",
        a.components.iter().map(|c| &c.id).collect::<Vec<_>>()
    );
    let cdn = by_id(a, "site-cdn");
    let bucket = by_id(a, "site-bucket");
    assert_eq!(regions(bucket), ["eu-west-1"]);
    assert!(hard_on(a, &cdn.id, &bucket.id));
    assert!(
        !hard_on(a, &bucket.id, &cdn.id),
        "the bucket policy names the CDN: no cycle"
    );
    assert!(
        bucket.origin.len() == 1
            && i.folded
                .iter()
                .any(|f| f.address == "aws_s3_bucket_versioning.site")
    );
}

#[test]
fn aurora_global_database() {
    let i = imp(&own("aws-aurora-global.json"));
    let a = &i.architecture;
    let db = by_id(a, "db");
    assert_eq!(
        regions(db),
        ["us-east-1", "eu-west-1"],
        "the cluster with the master user is primary"
    );
    assert_eq!(zone_names(db, "us-east-1"), ["us-east-1a", "us-east-1b"]);
    assert_eq!(zone_count(db, "eu-west-1"), 1);
    assert_eq!(
        (db.topology, db.standby),
        (Some(Topology::ActivePassive), Some(Standby::Warm))
    );
    let f = db.failover.as_ref().expect("failover");
    assert_eq!(
        (f.trigger, f.needs_control_plane),
        (Some(Trigger::Manual), Some(true))
    );
    assert_eq!(
        db.data.as_ref().and_then(|d| d.replication),
        Some(Replication::Async)
    );
    assert!(db.origin.contains(&"aws_rds_cluster.secondary".to_owned()));
    assert!(hard_on(a, "orders-function", "db") && hard_on(a, "orders-api", "orders-function"));
}

#[test]
fn google_cloud_regional_web() {
    let i = imp(&own("gcp-regional-web.json"));
    let a = &i.architecture;
    let lb = by_id(a, "web-lb");
    assert!(lb.regions.is_empty(), "a global load balancer");
    let mig = by_id(a, "web-mig");
    assert_eq!(
        zone_names(mig, "europe-west1"),
        ["europe-west1-b", "europe-west1-c", "europe-west1-d"]
    );
    assert!(hard_on(a, "web-lb", "web-mig") && hard_on(a, "web-mig", "db"));
    assert_eq!(
        zone_count(by_id(a, "db"), "europe-west1"),
        2,
        "REGIONAL availability"
    );
    assert_eq!(
        zone_names(by_id(a, "reports"), "europe-west1"),
        ["europe-west1-b"]
    );
    let gke = by_id(a, "jobs");
    assert_eq!(
        zone_names(gke, "europe-west1"),
        ["europe-west1-b", "europe-west1-c"]
    );
    let entry: Vec<&str> = a.journeys[0]
        .entry
        .iter()
        .flat_map(Dependency::ids)
        .collect();
    assert_eq!(
        (a.journeys[0].name.as_str(), entry),
        ("www.example.com", vec!["dns", "web-lb"])
    );
}

#[test]
fn azure_zones_pairs_and_failover_groups() {
    let i = imp(&own("azure-zones.json"));
    let a = &i.architecture;
    let vmss = by_id(a, "web-vmss");
    assert_eq!(
        zone_names(vmss, "westeurope"),
        ["westeurope-1", "westeurope-2", "westeurope-3"]
    );
    let lb = by_id(a, "web-lb");
    assert_eq!(
        zone_count(lb, "westeurope"),
        3,
        "zone-redundant frontend IP"
    );
    assert!(hard_on(a, "web-lb", "web-vmss") && hard_on(a, "web-vmss", "orders"));
    let sql = by_id(a, "orders");
    assert_eq!(regions(sql), ["westeurope", "northeurope"]);
    let f = sql.failover.as_ref().expect("failover group");
    assert_eq!(
        (f.trigger, f.detect_minutes),
        (Some(Trigger::Automatic), Some(60.0))
    );
    let cosmos = by_id(a, "carts");
    assert_eq!(regions(cosmos), ["westeurope", "northeurope"]);
    assert_eq!(
        cosmos.failover.as_ref().and_then(|f| f.trigger),
        Some(Trigger::Automatic)
    );
    let storage = by_id(a, "assets");
    assert_eq!(
        regions(storage),
        ["westeurope", "northeurope"],
        "GZRS copies to the paired region"
    );
    assert_eq!(zone_count(storage, "westeurope"), 3);
    let aks = by_id(a, "jobs");
    assert_eq!(zone_count(aks, "westeurope"), 3);
    assert_eq!(zone_count(by_id(a, "legacy"), "westeurope"), 1);
    assert_eq!(
        a.journeys[0].name, "www.example.com",
        "relative record name completed with the zone"
    );
}

#[test]
fn a_state_with_recorded_dependencies() {
    let i = imp(&own("aws-state-single-az.json"));
    assert_eq!(i.source.kind, "state");
    let a = &i.architecture;
    assert!(
        hard_on(a, "app-lb", "app-vm") && hard_on(a, "app-vm", "db"),
        "state `depends_on`, oriented by tier"
    );
    assert_eq!(
        zone_names(by_id(a, "app-vm"), "ap-southeast-2"),
        ["ap-southeast-2a"]
    );
    assert_eq!(
        zone_count(by_id(a, "app-lb"), "ap-southeast-2"),
        2,
        "one subnet known, one not in the state"
    );
    assert_eq!(i.unsupported.len(), 1);
    assert_eq!(i.unsupported[0].resource_type, "aws_neptune_cluster");
}

// ---- scoring ---------------------------------------------------------------------------------

/// The same shop, four ways: an architect ranks them single-AZ < multi-AZ < pilot-light DR <
/// active-active, and so must the scores of the imported descriptions.
#[test]
fn imported_architectures_rank_as_an_architect_would() {
    let ladder = [
        "aws-single-az.json",
        "aws-multi-az.json",
        "aws-pilot-light.json",
        "aws-active-active.json",
    ];
    let scores: Vec<f64> = ladder
        .iter()
        .map(|f| score(&imp(&own(f)).architecture))
        .collect();
    eprintln!("imported scores: {ladder:?} → {scores:?}");
    // The last rung is not strict: the active-active import also puts a CDN in front (its
    // edge and configuration pushes are risks of their own, and with an origin that is not
    // object storage nothing is assumed cacheable) and has more components to change, each
    // with its own change risk; together they offset the region losses it removes.
    for (k, (w, names)) in scores.windows(2).zip(ladder.windows(2)).enumerate() {
        let last = k == ladder.len() - 2;
        assert!(
            w[0] < w[1] || (last && w[0] <= w[1]),
            "{} ({}) should score below {} ({})",
            names[0],
            w[0],
            names[1],
            w[1]
        );
    }
    // Every other import scores too.
    for f in [
        "aws-serverless.json",
        "aws-eks-aurora.json",
        "aws-static-site.json",
        "aws-aurora-global.json",
        "gcp-regional-web.json",
        "azure-zones.json",
        "aws-state-single-az.json",
    ] {
        let s = score(&imp(&own(f)).architecture);
        assert!((0.0..=100.0).contains(&s), "{f}: {s}");
    }
}

// ---- overlay -----------------------------------------------------------------------------------

fn example_overlay_text() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/terraform/overlay.yaml");
    std::fs::read_to_string(&path).expect("examples/terraform/overlay.yaml")
}

fn example_overlay() -> Overlay {
    parse_overlay(&example_overlay_text(), Format::Yaml).unwrap_or_else(|e| panic!("{e:?}"))
}

/// Findings name components; each imported component names the resource addresses it came
/// from, through the description (`Component::origin`, kept by `prepare`) and through
/// `Imported::origin_of`.
#[test]
fn findings_lead_back_to_resource_addresses() {
    let engine = Engine::default();
    let i = engine
        .import_terraform(
            &own("aws-pilot-light.json"),
            Some((&example_overlay_text(), Format::Yaml)),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        i.origin_of("lb"),
        ["module.primary.aws_lb.web", "module.dr.aws_lb.web"],
        "renamed by the overlay, origin kept"
    );
    assert!(i.origin_of("payments").is_empty(), "added by the overlay");
    assert!(i.origin_of("no-such-component").is_empty());
    let prepared = engine.prepare(&i.architecture).expect("prepares");
    let report = prepared.score();
    assert!(!report.findings.is_empty());
    let mut named = 0;
    for f in &report.findings {
        for step in &f.chain {
            let Some(c) = prepared
                .architecture()
                .components
                .iter()
                .find(|c| c.id == step.subject)
            else {
                continue; // a domain or a journey
            };
            assert_eq!(c.origin.as_slice(), i.origin_of(&c.id));
            if c.id != "payments" {
                assert!(!c.origin.is_empty(), "`{}` has no origin", c.id);
                named += 1;
            }
        }
    }
    assert!(named > 0, "no finding names an imported component");
    // The description written out keeps the addresses, so a scored file still leads back.
    let yaml = faultline::write::to_text(&i.architecture, Format::Yaml).expect("writes");
    assert!(yaml.contains("module.primary.aws_lb.web"), "{yaml}");
}

#[test]
fn the_example_overlay_applies_to_the_pilot_light_plan() {
    let o = example_overlay();
    let i = import(&own("aws-pilot-light.json"), Some(&o)).unwrap_or_else(|e| panic!("{e:?}"));
    let a = &i.architecture;
    assert_eq!(a.name, "shop");
    assert!(a.targets.availability.is_some());
    assert!(
        !has_note(&i, "journeys-guessed"),
        "the overlay names the journeys"
    );
    let checkout = a
        .journeys
        .iter()
        .find(|j| j.name == "checkout")
        .expect("checkout");
    let entry: Vec<&str> = checkout.entry.iter().flat_map(Dependency::ids).collect();
    assert!(
        entry.contains(&"dns") && entry.contains(&"lb") && entry.contains(&"payments"),
        "{entry:?}"
    );
    let lb = by_id(a, "lb");
    assert_eq!(
        lb.origin,
        ["module.primary.aws_lb.web", "module.dr.aws_lb.web"],
        "renamed, origin kept"
    );
    assert!(by_id(a, "web").headroom_percent.is_some());
    assert_eq!(by_id(a, "payments").provider, "saas:stripe");
    assert!(
        validate(a, Catalogue::builtin())
            .iter()
            .all(|d| !d.is_error())
    );
    assert!(score(a) > 0.0);
}

#[test]
fn overlay_renames_excludes_adds_and_names_entries_by_address() {
    let o = parse_overlay(
        r#"{
          "name": "shop",
          "resources": {
            "aws_lb.web": { "id": "front", "failover": { "detect_minutes": 2 } },
            "aws_autoscaling_group.web[*]": { "headroom_percent": 50, "depends_on": ["stripe"] },
            "aws_route53_zone.main": { "exclude": true }
          },
          "components": [ { "id": "stripe", "kind": "third-party-api", "provider": "saas:stripe" } ],
          "journeys": [ { "name": "buy", "entry": ["aws_route53_record.www", "stripe"], "criticality": "critical" } ]
        }"#,
        Format::Json,
    )
    .expect("overlay");
    let i = import(&own("aws-multi-az.json"), Some(&o)).unwrap_or_else(|e| panic!("{e:?}"));
    let a = &i.architecture;
    assert!(a.components.iter().all(|c| c.id != "dns"), "excluded");
    assert!(hard_on(a, "front", "web-asg"));
    assert_eq!(
        by_id(a, "front")
            .failover
            .as_ref()
            .and_then(|f| f.detect_minutes),
        Some(2.0)
    );
    assert!(hard_on(a, "web-asg", "stripe"));
    let entry: Vec<&str> = a.journeys[0]
        .entry
        .iter()
        .flat_map(Dependency::ids)
        .collect();
    assert_eq!(
        entry,
        ["front", "stripe"],
        "the record stands for the zone (excluded) and its target"
    );
    assert!(has_note(&i, "excluded"));
}

#[test]
fn overlay_errors_say_what_and_where() {
    let e = parse_overlay("name: shop\nresorces: {}\n", Format::Yaml).expect_err("typo");
    assert_eq!((e.kind(), e.code()), (ErrorKind::Import, Code::Overlay));
    assert!(
        e.message().starts_with("overlay: ") && e.message().contains("resorces"),
        "{e:?}"
    );
    assert_eq!(e.diagnostics()[0].line, Some(2));
    assert!(!e.is_unreadable());
    let e = parse_overlay(
        "{\"resources\": {\"aws_lb.web\": {\"standby\": \"tepid\"}}}",
        Format::Json,
    )
    .expect_err("bad value");
    assert_eq!(e.diagnostics()[0].path, "/resources/aws_lb.web/standby");
    assert!(e.diagnostics()[0].line.is_some());
    let e = parse_overlay("{\"version\": 2}", Format::Json).expect_err("version");
    assert_eq!(
        (e.code(), e.diagnostics()[0].path.as_str()),
        (Code::Overlay, "/version")
    );
    assert_eq!(e.diagnostics()[0].line, Some(1), "located in the overlay");
    let e = parse_overlay("{\"name\": ", Format::Json).expect_err("syntax");
    assert_eq!(
        (
            e.code(),
            e.diagnostics()[0].line.is_some(),
            e.is_unreadable()
        ),
        (Code::OverlaySyntax, true, true)
    );
    let e = parse_overlay("{ name: shop\n", Format::Yaml).expect_err("yaml syntax");
    assert_eq!(e.code(), Code::OverlaySyntax, "{e:?}");
    let plan = own("aws-multi-az.json");
    for (overlay, pointer) in [
        (
            r#"{"resources": {"aws_lb.nope": {}}}"#,
            "/resources/aws_lb.nope",
        ),
        (
            r#"{"journeys": [{"name": "x", "entry": ["nope"]}]}"#,
            "/journeys/0/entry/0",
        ),
        (
            r#"{"resources": {"aws_lb.web": {"id": "db"}}}"#,
            "/resources/aws_lb.web/id",
        ),
        (
            r#"{"components": [{"id": "db", "kind": "other", "provider": "x"}]}"#,
            "/components/0/id",
        ),
    ] {
        let o: Overlay = parse_overlay(overlay, Format::Json).expect("parses");
        let e = import(&plan, Some(&o)).expect_err(overlay);
        assert_eq!(
            (e.kind(), e.code(), e.diagnostics()[0].path.as_str()),
            (ErrorKind::Import, Code::OverlayReference, pointer),
            "{overlay}"
        );
        assert!(e.message().starts_with("overlay: "), "{e:?}");
        // Through the engine, which has the overlay's text, the error has its line too.
        let e = Engine::default()
            .import_terraform(&plan, Some((overlay, Format::Json)))
            .expect_err(overlay);
        assert_eq!(e.code(), Code::OverlayReference);
        assert_eq!(e.diagnostics()[0].line, Some(1), "{overlay}: {e:?}");
    }
    // A YAML overlay: the line of the offending key.
    let overlay = "name: shop\nresources:\n  aws_lb.web: { id: lb }\n  aws_lb.nope: {}\n";
    let e = Engine::default()
        .import_terraform(&plan, Some((overlay, Format::Yaml)))
        .expect_err("unknown address");
    let d = &e.diagnostics()[0];
    assert_eq!(
        (d.path.as_str(), d.line, d.column),
        ("/resources/aws_lb.nope", Some(4), Some(3)),
        "{e:?}"
    );
    assert!(e.message().ends_with("(line 4, column 3)"), "{e}");
}

#[test]
fn default_regions_fill_in_what_terraform_does_not_say() {
    let plan = r#"{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
        {"address": "aws_sqs_queue.q", "mode": "managed", "type": "aws_sqs_queue", "name": "q", "values": {}}]}}}"#;
    let i = imp(plan);
    assert_eq!(regions(&i.architecture.components[0]), ["region-unknown"]);
    assert!(has_unknown(&i, "aws_sqs_queue.q", "region"));
    let o = parse_overlay("default_regions: { aws: eu-north-1 }\n", Format::Yaml).expect("overlay");
    let i = import(plan, Some(&o)).expect("imports");
    assert_eq!(regions(&i.architecture.components[0]), ["eu-north-1"]);
}

// ---- hostile input --------------------------------------------------------------------------

#[test]
fn hostile_documents_get_errors_that_say_where() {
    let cases: &[(&str, Code, &str)] = &[
        ("", Code::NotTerraform, ""),
        ("{\"format_version\": \"1.2\",", Code::TerraformSyntax, ""),
        ("[1, 2]", Code::NotTerraform, ""),
        (
            "{\"version\": 4, \"serial\": 3, \"lineage\": \"x\", \"resources\": []}",
            Code::NotTerraform,
            "",
        ),
        (
            "{\"format_version\": \"2.0\"}",
            Code::TerraformVersion,
            "/format_version",
        ),
        (
            "{\"format_version\": 1}",
            Code::TerraformShape,
            "/format_version",
        ),
        (
            "{\"format_version\": \"1.0\", \"planned_values\": []}",
            Code::TerraformShape,
            "/planned_values",
        ),
        (
            "{\"format_version\": \"1.0\", \"planned_values\": {\"root_module\": {\"resources\": {}}}}",
            Code::TerraformShape,
            "/planned_values/root_module/resources",
        ),
        (
            "{\"format_version\": \"1.0\", \"planned_values\": {\"root_module\": {\"resources\": [7]}}}",
            Code::TerraformShape,
            "/planned_values/root_module/resources/0",
        ),
        (
            "{\"format_version\": \"1.0\", \"planned_values\": {\"root_module\": {\"resources\": [{\"address\": 7, \"type\": \"aws_lb\"}]}}}",
            Code::TerraformShape,
            "/planned_values/root_module/resources/0/address",
        ),
        (
            "{\"format_version\": \"1.0\", \"values\": {\"root_module\": {\"child_modules\": [{\"resources\": [{\"address\": \"a.b\"}]}]}}}",
            Code::TerraformShape,
            "/values/root_module/child_modules/0/resources/0/type",
        ),
        (
            "{\"format_version\": \"1.0\", \"resource_changes\": [{\"address\": \"a.b\", \"type\": \"x\", \"change\": {\"actions\": 3}}]}",
            Code::TerraformShape,
            "/resource_changes/0/change/actions",
        ),
        (
            "{\"format_version\": \"1.0\", \"configuration\": {\"provider_config\": []}}",
            Code::TerraformShape,
            "/configuration/provider_config",
        ),
        (
            "{\"format_version\": \"1.0\", \"configuration\": {\"root_module\": {\"module_calls\": {\"m\": 1}}}}",
            Code::TerraformShape,
            "/configuration/root_module/module_calls/m",
        ),
    ];
    for (text, code, pointer) in cases {
        let e = import(text, None).expect_err(text);
        let d = &e.diagnostics()[0];
        assert_eq!(
            (e.kind(), e.code(), d.path.as_str()),
            (ErrorKind::Import, *code, *pointer),
            "{text}: {e:?}"
        );
        assert_eq!(e.diagnostics().len(), 1);
        assert!(
            d.is_error() && d.code == *code && d.help.is_some(),
            "{text}: {e:?}"
        );
        assert!(d.message.starts_with("plan: "), "{text}: {e:?}");
        assert_eq!(e.is_unreadable(), *code == Code::TerraformSyntax, "{text}");
        // Every error after reading is located in the text (the path's key, or the nearest
        // ancestor that has a position); a syntax error has the parser's position.
        if !text.is_empty() {
            assert!(d.line.is_some() && d.column.is_some(), "{text}: {e:?}");
        }
    }
    let e = import("{\n  \"format_version\": \"1.2\",\n  oops\n}", None).expect_err("syntax");
    let d = &e.diagnostics()[0];
    assert_eq!((d.line, e.code()), (Some(3), Code::TerraformSyntax));
    assert!(d.column.is_some());
    assert!(e.message().starts_with("plan: not valid JSON"), "{e}");
    assert!(
        e.message().ends_with(")"),
        "the position is in the message: {e}"
    );
    // A shape error deep in a pretty-printed plan: the line of the offending key.
    let text = "{\n  \"format_version\": \"1.0\",\n  \"planned_values\": {\n    \"root_module\": {\n      \"resources\": {}\n    }\n  }\n}";
    let e = import(text, None).expect_err("shape");
    let d = &e.diagnostics()[0];
    assert_eq!((d.line, d.column), (Some(5), Some(7)), "{e:?}");
    assert!(e.message().ends_with("(line 5, column 7)"), "{e}");
}

#[test]
fn deep_nesting_huge_numbers_and_limits() {
    let deep = format!(
        "{{\"format_version\": \"1.2\", \"x\": {}{}}}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let e = import(&deep, None).expect_err("deep");
    assert_eq!(
        (e.kind(), e.code(), e.is_unreadable()),
        (ErrorKind::Limit, Code::TooDeep, true)
    );
    // Huge and odd numbers where counts are read: ignored, never a panic or a wrap.
    let plan = r#"{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
      {"address": "aws_autoscaling_group.a", "mode": "managed", "type": "aws_autoscaling_group", "name": "a",
       "values": {"desired_capacity": 1e300, "min_size": -5, "max_size": 18446744073709551615,
                  "availability_zones": ["us-east-1a", 7, null]}},
      {"address": "aws_elasticache_replication_group.c", "mode": "managed", "type": "aws_elasticache_replication_group", "name": "c",
       "values": {"num_cache_clusters": 4294967296000, "automatic_failover_enabled": true}},
      {"address": "aws_instance.i", "mode": "managed", "type": "aws_instance", "name": "i",
       "values": {"availability_zone": 12, "instance_type": {"x": 1}}}]}}}"#;
    let i = imp(plan);
    check_invariants("huge numbers", plan, &i);
    let options = ImportOptions {
        max_input_bytes: 10,
        ..ImportOptions::default()
    };
    let e = import_with(plan, None, &options).expect_err("big");
    assert_eq!(
        (e.kind(), e.code(), e.is_unreadable()),
        (ErrorKind::Limit, Code::InputTooLarge, true)
    );
    let options = ImportOptions {
        max_resources: 2,
        ..ImportOptions::default()
    };
    let e = import_with(plan, None, &options).expect_err("many");
    assert_eq!(
        (e.kind(), e.code(), e.is_unreadable()),
        (ErrorKind::Limit, Code::TooManyResources, false)
    );
    assert_eq!(
        e.diagnostics()[0].path,
        "/planned_values/root_module/resources/2",
        "the first instance over the limit"
    );
}

#[test]
fn the_engine_applies_its_limits() {
    let engine = |limits: Limits| Engine::new(Catalogue::builtin(), limits);
    // The imported description within `max_components` (three instances, three components).
    let small = r#"{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
      {"address": "aws_instance.a", "mode": "managed", "type": "aws_instance", "name": "a", "values": {"availability_zone": "eu-west-1a"}},
      {"address": "aws_instance.b", "mode": "managed", "type": "aws_instance", "name": "b", "values": {"availability_zone": "eu-west-1b"}},
      {"address": "aws_instance.c", "mode": "managed", "type": "aws_instance", "name": "c", "values": {"availability_zone": "eu-west-1c"}}]}}}"#;
    assert_eq!(imp(small).architecture.components.len(), 3);
    let two = engine(Limits {
        max_components: 2,
        ..Limits::default()
    });
    let e = two.import_terraform(small, None).expect_err("components");
    assert_eq!(
        (e.kind(), e.code()),
        (ErrorKind::Limit, Code::TooManyComponents)
    );
    // The plan within five times `max_components` resource instances.
    let plan = own("aws-multi-az.json");
    let e = two.import_terraform(&plan, None).expect_err("resources");
    assert_eq!(
        (e.kind(), e.code()),
        (ErrorKind::Limit, Code::TooManyResources)
    );
    // The plan within four times `max_input_bytes`.
    let limit = plan.len() / 4 - 1;
    let e = engine(Limits {
        max_input_bytes: limit,
        ..Limits::default()
    })
    .import_terraform(&plan, None)
    .expect_err("bytes");
    assert_eq!(e.code(), Code::InputTooLarge);
    assert!(e.message().starts_with("plan: "), "{e}");
    // The overlay as a description: bytes, nesting, YAML aliases.
    let tight = engine(Limits {
        max_input_bytes: 20,
        max_depth: 4,
        ..Limits::default()
    });
    let e = tight
        .import_terraform(
            &plan,
            Some(("name: a-long-name-for-a-small-limit\n", Format::Yaml)),
        )
        .expect_err("overlay bytes");
    assert_eq!(e.code(), Code::InputTooLarge);
    assert!(e.message().starts_with("overlay: "), "{e}");
    let deep = engine(Limits {
        max_depth: 4,
        ..Limits::default()
    });
    for (text, format) in [
        ("{\"name\": [[[[[1]]]]]}", Format::Json),
        ("[[[[[[[[1]]]]]]]]\n", Format::Yaml),
    ] {
        let e = deep
            .import_terraform(&plan, Some((text, format)))
            .expect_err("overlay depth");
        assert_eq!(
            (e.kind(), e.code()),
            (ErrorKind::Limit, Code::TooDeep),
            "{text}"
        );
        assert!(e.message().starts_with("overlay: "), "{e}");
    }
    let mut laughs = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for k in 1..8 {
        let p = k - 1;
        laughs.push_str(&format!(
            "a{k}: &a{k} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let e = Engine::default()
        .import_terraform(&plan, Some((&laughs, Format::Yaml)))
        .expect_err("billion laughs");
    assert!(e.diagnostics()[0].is_error(), "never a hang");
    // Within the limits, the engine's import is the function's.
    let plan = own("aws-pilot-light.json");
    let overlay = example_overlay_text();
    let via_engine = Engine::default()
        .import_terraform(&plan, Some((&overlay, Format::Yaml)))
        .expect("imports");
    let o = parse_overlay(&overlay, Format::Yaml).expect("overlay");
    assert_eq!(via_engine, import(&plan, Some(&o)).expect("imports"));
    assert_eq!(
        Engine::default()
            .import_terraform(&plan, None)
            .expect("imports"),
        imp(&plan)
    );
}

/// Every value of a real plan replaced, one at a time, by a value of each other JSON type:
/// the importer answers (a result or an error), never panics.
#[test]
fn mutated_plans_never_panic() {
    for name in [
        "aws-pilot-light.json",
        "aws-active-active.json",
        "azure-zones.json",
        "aws-state-single-az.json",
    ] {
        let text = own(name);
        let doc: Value = serde_json::from_str(&text).expect("json");
        let mut pointers = Vec::new();
        collect_pointers(&doc, String::new(), &mut pointers);
        let replacements = [
            Value::Null,
            serde_json::json!(-1),
            serde_json::json!(1e308),
            serde_json::json!("x"),
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!(true),
        ];
        for (k, p) in pointers.iter().enumerate().filter(|(k, _)| k % 5 == 0) {
            let mut mutated = doc.clone();
            if let Some(slot) = mutated.pointer_mut(p) {
                *slot = replacements[k % replacements.len()].clone();
            }
            let text = serde_json::to_string(&mutated).expect("json");
            if let Ok(i) = import(&text, None) {
                let ids: BTreeSet<&str> = i
                    .architecture
                    .components
                    .iter()
                    .map(|c| c.id.as_str())
                    .collect();
                assert_eq!(ids.len(), i.architecture.components.len(), "{name} {p}");
            }
        }
    }
}

fn collect_pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                collect_pointers(x, p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                collect_pointers(x, p, out);
            }
        }
        _ => {}
    }
}

#[test]
fn reference_cycles_and_self_references_do_not_loop() {
    // Two modules whose outputs and variables feed each other, a resource referencing
    // itself, and a dependency cycle between two components.
    let plan = r#"{"format_version": "1.2",
      "planned_values": {"root_module": {"resources": [
        {"address": "aws_instance.a", "mode": "managed", "type": "aws_instance", "name": "a", "values": {"availability_zone": "us-east-1a"}},
        {"address": "aws_instance.b", "mode": "managed", "type": "aws_instance", "name": "b", "values": {"availability_zone": "us-east-1b"}}]}},
      "configuration": {"root_module": {
        "resources": [
          {"address": "aws_instance.a", "type": "aws_instance", "name": "a", "expressions": {"user_data": {"references": ["aws_instance.b.id", "aws_instance.a", "module.x.o"]}}},
          {"address": "aws_instance.b", "type": "aws_instance", "name": "b", "expressions": {"user_data": {"references": ["aws_instance.a.id"]}}}],
        "module_calls": {
          "x": {"source": "./x", "expressions": {"v": {"references": ["module.y.o"]}}, "module": {"outputs": {"o": {"expression": {"references": ["var.v"]}}}}},
          "y": {"source": "./y", "expressions": {"v": {"references": ["module.x.o"]}}, "module": {"outputs": {"o": {"expression": {"references": ["var.v"]}}}}}}}}}"#;
    let i = imp(plan);
    check_invariants("cycles", plan, &i);
    assert!(has_note(&i, "cycle-broken"));
}

#[test]
fn more_aws_types_nlb_classic_elb_ecs_efs_sns_latency_and_weighted_records() {
    let i = imp(&own("aws-more.json"));
    let a = &i.architecture;
    let api = by_id(a, "api");
    assert_eq!(
        regions(api),
        ["eu-west-1", "us-east-1"],
        "latency records over two regional APIs"
    );
    assert_eq!(api.topology, Some(Topology::ActiveActive));
    let f = api.failover.as_ref().expect("failover");
    assert_eq!(
        (f.trigger, f.via),
        (Some(Trigger::Automatic), Some(Via::Dns))
    );
    let app = a
        .journeys
        .iter()
        .find(|j| j.name == "app.example.com")
        .expect("app journey");
    match app.entry.get(1) {
        Some(Dependency::AnyOf { any_of, .. }) => {
            let ids: Vec<&str> = any_of.iter().flat_map(Dependency::ids).collect();
            assert_eq!(
                ids,
                ["app-blue", "maintenance"],
                "weighted records over different kinds"
            );
        }
        other => panic!("expected an any_of entry, got {other:?}"),
    }
    let ecs = by_id(a, "api-service");
    assert_eq!((ecs.kind, ecs.replicas), (Kind::Container, Some(4)));
    assert_eq!(zone_count(ecs, "eu-west-1"), 3, "awsvpc subnets");
    assert!(
        hard_on(a, "api-lb", "api-service"),
        "target group ← service `load_balancer` block"
    );
    assert!(
        hard_on(a, "api-service", "shared") && hard_on(a, "api-service", "events"),
        "through the task definition"
    );
    let efs = by_id(a, "shared");
    assert_eq!(zone_count(efs, "eu-west-1"), 3);
    assert_eq!(
        efs.data.as_ref().and_then(|d| d.backups),
        Some(BackupLocation::SameRegion)
    );
    assert!(
        deps(by_id(a, "events")).contains(&("audit".to_owned(), false)),
        "SNS subscriptions are soft"
    );
    let nlb = by_id(a, "mq-lb");
    assert_eq!(
        (nlb.service.as_deref(), zone_count(nlb, "eu-west-1")),
        (Some("nlb"), 2)
    );
    assert!(hard_on(a, "mq-lb", "mq-vm"), "target group attachments");
    assert_eq!(by_id(a, "mq-vm").replicas, Some(2));
    let elb = by_id(a, "legacy-lb");
    assert_eq!(zone_names(elb, "eu-west-1"), ["eu-west-1b"]);
    assert!(hard_on(a, "legacy-lb", "legacy-vm"));
}

#[test]
fn google_zonal_group_regional_gke_dual_region_bucket_and_sql_replica() {
    let i = imp(&own("gcp-zonal-batch.json"));
    assert_eq!(i.source.format_version, "1.1");
    let a = &i.architecture;
    assert_eq!(
        zone_names(by_id(a, "batch"), "us-central1"),
        ["us-central1-a"]
    );
    assert_eq!(by_id(a, "batch").replicas, Some(2));
    assert_eq!(
        zone_count(by_id(a, "apps"), "us-central1"),
        3,
        "a regional cluster"
    );
    let data = by_id(a, "data");
    assert_eq!(
        (regions(data), data.topology),
        (
            vec!["us-central1", "us-east1"],
            Some(Topology::ActiveActive)
        )
    );
    let db = by_id(a, "db");
    assert_eq!(
        regions(db),
        ["us-central1", "us-east1"],
        "a cross-region read replica"
    );
    assert_eq!(zone_count(db, "us-central1"), 2, "REGIONAL");
    assert_eq!(
        db.failover.as_ref().and_then(|f| f.trigger),
        Some(Trigger::Manual)
    );
}

#[test]
fn azure_application_gateway_and_storage_redundancy() {
    let i = imp(&own("azure-zones.json"));
    let a = &i.architecture;
    let gw = by_id(a, "portal");
    assert_eq!(
        (gw.service.as_deref(), zone_names(gw, "westeurope")),
        (
            Some("application-gateway"),
            vec!["westeurope-1".to_owned(), "westeurope-2".to_owned()]
        )
    );
    assert!(hard_on(a, "portal", "legacy"), "backend pool → NIC ← VM");
    assert_eq!(
        (
            regions(by_id(a, "logs")),
            zone_count(by_id(a, "logs"), "westeurope")
        ),
        (vec!["westeurope"], 1),
        "LRS"
    );
    assert_eq!(zone_count(by_id(a, "uploads"), "westeurope"), 3, "ZRS");
}

#[test]
fn an_empty_origin_is_an_error_with_its_path() {
    let text = "version: 1\nname: t\ncomponents:\n  - id: web\n    kind: compute\n    provider: aws\n    regions: [{ name: eu-west-1 }]\n    origin: [aws_instance.web, '']\n";
    let a = parse(text, Format::Yaml).expect("parses").architecture;
    assert_eq!(a.components[0].origin, ["aws_instance.web", ""]);
    let d: Vec<_> = validate(&a, Catalogue::builtin())
        .into_iter()
        .filter(|d| d.code == Code::InvalidOrigin)
        .collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].path, "/components/0/origin/1");
    assert!(d[0].is_error());
}

/// An S3 replication whose every rule is `Disabled` replicates nothing: the two buckets stay
/// two components (found by a review: a disabled rule made them one replicated component,
/// redundancy the plan does not have). The same plan with the rule `Enabled` merges them.
#[test]
fn a_disabled_s3_replication_rule_replicates_nothing() {
    const PLAN: &str = r#"{"format_version":"1.2","terraform_version":"1.5.7","variables":{},"planned_values":{"root_module":{"resources":[{"address":"aws_s3_bucket.src","values":{"bucket":"src-bkt"},"mode":"managed","provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,"type":"aws_s3_bucket","name":"src"},{"address":"aws_s3_bucket.dst","values":{"bucket":"dst-bkt"},"mode":"managed","provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,"type":"aws_s3_bucket","name":"dst"},{"address":"aws_s3_bucket_replication_configuration.rep","values":{"role":"arn:aws:iam::1:role/r","rule":[{"id":"all","status":"Disabled","destination":[{"storage_class":"STANDARD"}]}]},"mode":"managed","provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,"type":"aws_s3_bucket_replication_configuration","name":"rep"}]}},"resource_changes":[{"address":"aws_s3_bucket.src","mode":"managed","type":"aws_s3_bucket","name":"src","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["create"],"before":null,"after":{"bucket":"src-bkt"},"after_unknown":{}}},{"address":"aws_s3_bucket.dst","mode":"managed","type":"aws_s3_bucket","name":"dst","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["create"],"before":null,"after":{"bucket":"dst-bkt"},"after_unknown":{}}},{"address":"aws_s3_bucket_replication_configuration.rep","mode":"managed","type":"aws_s3_bucket_replication_configuration","name":"rep","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["create"],"before":null,"after":{"role":"arn:aws:iam::1:role/r","rule":[{"id":"all","status":"Disabled","destination":[{"storage_class":"STANDARD"}]}]},"after_unknown":{}}}],"configuration":{"provider_config":{"aws":{"name":"aws","expressions":{"region":{"constant_value":"us-east-1"}}},"aws.west":{"name":"aws","alias":"west","expressions":{"region":{"constant_value":"us-west-2"}}}},"root_module":{"resources":[{"address":"aws_s3_bucket.src","mode":"managed","type":"aws_s3_bucket","name":"src","provider_config_key":"aws","expressions":{},"schema_version":0},{"address":"aws_s3_bucket.dst","mode":"managed","type":"aws_s3_bucket","name":"dst","provider_config_key":"aws.west","expressions":{},"schema_version":0},{"address":"aws_s3_bucket_replication_configuration.rep","mode":"managed","type":"aws_s3_bucket_replication_configuration","name":"rep","provider_config_key":"aws","expressions":{"bucket":{"references":["aws_s3_bucket.src.id","aws_s3_bucket.src"]},"rule":[{"destination":[{"bucket":{"references":["aws_s3_bucket.dst.arn","aws_s3_bucket.dst"]}}]}]},"schema_version":0}]}}}"#;
    let ids = |text: &str| -> Vec<String> {
        imp(text)
            .architecture
            .components
            .iter()
            .map(|c| c.id.clone())
            .collect()
    };
    let disabled = ids(PLAN);
    let enabled = ids(&PLAN.replace("\"Disabled\"", "\"Enabled\""));
    assert_eq!(disabled.len(), 2, "{disabled:?}");
    assert_eq!(enabled.len(), 1, "{enabled:?}");
}
