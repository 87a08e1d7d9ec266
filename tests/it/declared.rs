//! Hand-computed tests of the facts a description can declare beyond placement and
//! redundancy (docs/scoring.md, 3.7): where a vendor runs, more managed services, launches,
//! recovery overrides, unverified backups, DNS time to live, declining a lossy failover,
//! monitoring on a component. Each expected number is worked out from the rule and the
//! constants, never read back from the engine.

use crate::api::{suggest, validate};
use crate::rules::{MON, arch, sim};
use faultline::catalogue::Catalogue;
use faultline::constants::{
    DEFAULT_DETECT_AUTOMATIC, DEFAULT_DETECT_MANUAL, DEFAULT_SWITCH, DEFAULT_SWITCH_CLIENT,
    PILOT_LIGHT_MINUTES, STATEFUL_RESTART_MINUTES, STATELESS_REBUILD_MINUTES,
    UNVERIFIED_RESTORE_FACTOR, ZONE_FAILOVER_MINUTES,
};
use faultline::mitigate::SuggestOptions;
use faultline::report::Status;

fn doc(entry: &str, operations: &str, components: &str) -> String {
    format!(
        "version: 1\nname: t\n{operations}journeys:\n  - {{ name: j, entry: [{entry}] }}\ncomponents:\n{components}"
    )
}

fn codes(yaml: &str) -> Vec<(String, String)> {
    validate(&arch(yaml), Catalogue::builtin())
        .into_iter()
        .map(|d| (d.code.as_str().to_owned(), d.path))
        .collect()
}

#[test]
fn a_declared_recovery_replaces_the_restart_time() {
    let db = |extra: &str| {
        doc(
            "db",
            MON,
            &format!(
                "  - {{ id: db, kind: database, provider: aws, service: rds, regions: [{{ name: us-east-1, zones: [a1] }}]{extra} }}\n"
            ),
        )
    };
    let zone = |y: &str| sim(y, "zone-physical-loss", "zone:aws/us-east-1/a1", 100.0);
    assert_eq!(
        zone(&db("")).impact_minutes,
        100.0 + STATEFUL_RESTART_MINUTES
    );
    assert_eq!(zone(&db(", recovery_minutes: 90")).impact_minutes, 190.0);
    // A stateless server has no restart of its own; a declared one adds to the event.
    let web = doc(
        "web",
        MON,
        "  - { id: web, kind: compute, provider: aws, regions: [{ name: us-east-1, zones: [a1] }], recovery_minutes: 20 }\n",
    );
    assert_eq!(zone(&web).impact_minutes, 120.0);
}

#[test]
fn unverified_backups_double_the_restore() {
    // Backup-restore standby: detect + switch + restore (docs/scoring.md 3.2).
    let db = |verified: &str| {
        doc(
            "db",
            MON,
            &format!(
                "  - {{ id: db, kind: database, provider: aws, topology: active-passive, standby: backup-restore, regions: [us-east-1, us-west-2], failover: {{ trigger: automatic, via: dns, needs_control_plane: false }}, data: {{ replication: none, backups: other-region, restore_minutes: 60{verified} }} }}\n"
            ),
        )
    };
    let region = |y: &str| sim(y, "region-data-plane-loss", "region:aws/us-east-1", 1000.0);
    let base = DEFAULT_DETECT_AUTOMATIC + DEFAULT_SWITCH;
    assert_eq!(region(&db("")).impact_minutes, base + 60.0);
    assert_eq!(
        region(&db(", backups_verified: true")).impact_minutes,
        base + 60.0
    );
    assert_eq!(
        region(&db(", backups_verified: false")).impact_minutes,
        base + 60.0 * UNVERIFIED_RESTORE_FACTOR
    );
    // Without backups there is nothing to verify: a warning, and no effect.
    let none = doc(
        "db",
        MON,
        "  - { id: db, kind: database, provider: aws, regions: [us-east-1], data: { backups: none, backups_verified: false } }\n",
    );
    assert!(codes(&none).contains(&(
        "field-ignored".to_owned(),
        "/components/0/data/backups_verified".to_owned()
    )));
}

#[test]
fn a_dns_ttl_adds_to_the_switch() {
    let web = |failover: &str| {
        doc(
            "web",
            MON,
            &format!(
                "  - {{ id: web, kind: compute, provider: aws, topology: active-passive, standby: hot, regions: [us-east-1, us-west-2], failover: {{ trigger: automatic, needs_control_plane: false{failover} }} }}\n"
            ),
        )
    };
    let region = |y: &str| sim(y, "region-data-plane-loss", "region:aws/us-east-1", 600.0);
    let base = DEFAULT_DETECT_AUTOMATIC + DEFAULT_SWITCH;
    assert_eq!(region(&web(", via: dns")).impact_minutes, base);
    // 300 s of cached answers: five more minutes.
    assert_eq!(
        region(&web(", via: dns, dns_ttl_seconds: 300")).impact_minutes,
        base + 5.0
    );
    // A client that retries elsewhere does not wait for DNS caches: ignored, with a warning.
    let client = web(", via: client, dns_ttl_seconds: 300");
    assert_eq!(region(&client).impact_minutes, DEFAULT_SWITCH_CLIENT);
    assert!(codes(&client).contains(&(
        "field-ignored".to_owned(),
        "/components/0/failover/dns_ttl_seconds".to_owned()
    )));
}

#[test]
fn needs_launches_takes_a_placement_with_the_control_plane() {
    let web = |extra: &str| {
        doc(
            "web",
            MON,
            &format!(
                "  - {{ id: web, kind: compute, provider: aws, headroom_percent: 100, regions: [{{ name: us-east-1, zones: 3 }}]{extra} }}\n"
            ),
        )
    };
    let control = |y: &str| {
        sim(
            y,
            "region-control-plane-loss",
            "control:aws/us-east-1",
            300.0,
        )
    };
    // Running capacity with headroom keeps serving through a control-plane outage.
    assert_eq!(control(&web("")).status, Status::Up);
    // Capacity that must be launched while it works cannot be: down for the outage.
    let j = control(&web(", needs_launches: true"));
    assert_eq!((j.status, j.impact_minutes), (Status::Down, 300.0));
    // In two active-active regions with an automatic failover, the other region takes over
    // in detect + switch minutes.
    let two = doc(
        "web",
        MON,
        "  - { id: web, kind: compute, provider: aws, headroom_percent: 100, topology: active-active, regions: [us-east-1, us-west-2], needs_launches: true, failover: { trigger: automatic, via: dns, needs_control_plane: false } }\n",
    );
    let j = control(&two);
    assert_eq!(j.impact_minutes, DEFAULT_DETECT_AUTOMATIC + DEFAULT_SWITCH);
    assert!((j.affected_share - 0.5).abs() < 1e-9);
}

/// A control plane it needs down takes a `needs_launches` placement down whatever else the
/// event does there: a managed service it rests on only degraded (a Kinesis-rooted event
/// degrades ECS and fails the region's control plane), or one zone of three lost with the
/// headroom to carry the rest. Before (found by a review) both were played as degraded or
/// healthy, while a DynamoDB-rooted event failing the same control plane took it down.
#[test]
fn needs_launches_is_down_with_its_control_plane_whatever_else_fails() {
    let app = doc(
        "app",
        MON,
        "  - { id: app, kind: container, provider: aws, service: ecs, regions: [{ name: eu-west-1, zones: 3 }], headroom_percent: 50, needs_launches: true }\n",
    );
    for root in ["kinesis", "dynamodb"] {
        let j = sim(
            &app,
            "region-foundational-service-loss",
            &format!("service:aws/eu-west-1/{root}"),
            120.0,
        );
        assert_eq!(
            (j.status, j.impact_minutes),
            (Status::Down, 120.0),
            "{root}"
        );
    }
    // A zone lost with the control plane, for as long: down, not carried by the headroom.
    let zone = |y: &str| {
        let cat = Catalogue::builtin();
        let a = arch(y);
        let effects = |p: &str| {
            cat.pattern(p)
                .map(|x| x.effects.clone())
                .unwrap_or_default()
        };
        let failures = vec![
            (
                faultline::domain::DomainId::parse("zone:aws/eu-west-1/eu-west-1a").ok(),
                effects("zone-physical-loss"),
            ),
            (
                faultline::domain::DomainId::parse("control:aws/eu-west-1").ok(),
                effects("region-control-plane-loss"),
            ),
        ];
        let failures: Vec<_> = failures
            .into_iter()
            .filter_map(|(d, e)| Some((d?, e)))
            .collect();
        assert_eq!(failures.len(), 2);
        faultline::Engine::default()
            .prepare(&a)
            .and_then(|p| p.simulate_together(&failures, 90.0))
            .map(|r| (r.journeys[0].status, r.journeys[0].impact_minutes))
    };
    assert!(
        matches!(zone(&app), Ok((Status::Down, m)) if m == 90.0),
        "{:?}",
        zone(&app)
    );
    let running = app.replace(", needs_launches: true", "");
    assert!(
        matches!(zone(&running), Ok((s, _)) if s != Status::Down),
        "{:?}",
        zone(&running)
    );
}

#[test]
fn uses_services_adds_their_regional_failures() {
    let web = |extra: &str| {
        doc(
            "web",
            MON,
            &format!(
                "  - {{ id: web, kind: compute, provider: aws, service: ec2, regions: [us-east-1]{extra} }}\n"
            ),
        )
    };
    let ebs = |y: &str| {
        sim(
            y,
            "region-foundational-service-loss",
            "service:aws/us-east-1/ebs",
            200.0,
        )
    };
    // Without it, only what the catalogue documents reaches it: an EBS failure blocks
    // launches in the region (AWS 2011), so a server that scales with demand is degraded
    // (docs/scoring.md 3.1 rule 6), never down.
    let j = ebs(&web(""));
    assert_eq!((j.status, j.all_down_minutes), (Status::Degraded, 0.0));
    let j = ebs(&web(", uses_services: [ebs]"));
    assert_eq!((j.status, j.impact_minutes), (Status::Down, 200.0));
    // An alias names the same service.
    let j = ebs(&web(", uses_services: [elastic-block-store]"));
    assert_eq!(j.impact_minutes, 200.0);
    // The other services' control planes are its control planes too.
    let j = sim(
        &web(", uses_services: [ebs], needs_launches: true"),
        "region-control-plane-loss",
        "control:aws/us-east-1",
        50.0,
    );
    assert_eq!(j.impact_minutes, 50.0);
}

#[test]
fn on_data_loss_wait_declines_a_lossy_failover() {
    let db = |policy: &str| {
        doc(
            "db",
            MON,
            &format!(
                "  - {{ id: db, kind: database, provider: aws, topology: active-passive, standby: hot, regions: [us-east-1, us-west-2], failover: {{ trigger: automatic, via: dns, needs_control_plane: false{policy} }}, data: {{ replication: async, replication_lag_minutes: 5, backups: other-region }} }}\n"
            ),
        )
    };
    let lost = |y: &str| sim(y, "region-data-plane-loss", "region:aws/us-east-1", 120.0);
    let fail_over = lost(&db(""));
    assert_eq!(
        (fail_over.impact_minutes, fail_over.data_loss_minutes),
        (DEFAULT_DETECT_AUTOMATIC + DEFAULT_SWITCH, Some(5.0))
    );
    assert_eq!(
        lost(&db(", on_data_loss: fail-over")).impact_minutes,
        fail_over.impact_minutes
    );
    // Waiting: down for the event and the restart, nothing lost.
    let wait = lost(&db(", on_data_loss: wait"));
    assert_eq!(wait.impact_minutes, 120.0 + STATEFUL_RESTART_MINUTES);
    assert_eq!(wait.data_loss_minutes, None);
    // The region destroyed: waiting saves nothing, the failover runs and loses the lag.
    let gone = sim(
        &db(", on_data_loss: wait"),
        "region-physical-loss",
        "region:aws/us-east-1",
        120.0,
    );
    assert_eq!(
        (gone.impact_minutes, gone.data_loss_minutes),
        (DEFAULT_DETECT_AUTOMATIC + DEFAULT_SWITCH, Some(5.0))
    );
    // Active-active without replication would lose more than with it: it waits too, so
    // adding replication never makes it worse (a law the generated architectures found).
    let aa = |replication: &str| {
        doc(
            "db",
            MON,
            &format!(
                "  - {{ id: db, kind: database, provider: aws, topology: active-active, regions: [us-east-1, us-west-2], failover: {{ trigger: automatic, via: dns, needs_control_plane: false, on_data_loss: wait }}, data: {{ replication: {replication} }} }}\n"
            ),
        )
    };
    assert_eq!(
        lost(&aa("none")).impact_minutes,
        lost(&aa("async")).impact_minutes
    );
    // Synchronous replication loses nothing by failing over: the policy changes nothing.
    let sync = db(", on_data_loss: wait").replace(
        "replication: async, replication_lag_minutes: 5",
        "replication: sync",
    );
    assert_eq!(
        lost(&sync).impact_minutes,
        DEFAULT_DETECT_AUTOMATIC + DEFAULT_SWITCH
    );
}

#[test]
fn monitoring_on_a_component_goes_blind_with_it() {
    let y = |prom_region: &str| {
        doc(
            "web",
            "operations: { monitoring: { provider: aws, component: prom } }\n",
            &format!(
                "  - {{ id: web, kind: compute, provider: aws, topology: active-passive, standby: hot, regions: [us-east-1, us-west-2], failover: {{ trigger: manual, via: dns, needs_control_plane: false }} }}\n  - {{ id: prom, kind: monitoring, provider: aws, regions: [{prom_region}] }}\n"
            ),
        )
    };
    let region = |y: &str| sim(y, "region-data-plane-loss", "region:aws/us-east-1", 120.0);
    // Prometheus in the failed region: nobody is alerted, the manual failover never runs.
    assert_eq!(region(&y("us-east-1")).impact_minutes, 120.0);
    // Elsewhere it sees, and the operator fails over.
    assert_eq!(
        region(&y("us-west-2")).impact_minutes,
        DEFAULT_DETECT_MANUAL + DEFAULT_SWITCH
    );
    // The provider's monitoring service failing does not blind a Prometheus you run.
    let j = sim(
        &y("us-west-2"),
        "monitoring-shares-fate",
        "monitoring:aws",
        120.0,
    );
    assert_eq!(j.status, Status::Up);
    let unknown = y("us-west-2").replace("component: prom", "component: nope");
    assert!(codes(&unknown).contains(&(
        "unknown-dependency".to_owned(),
        "/operations/monitoring/component".to_owned()
    )));
}

#[test]
fn a_vendor_service_runs_where_runs_on_says() {
    let db = |runs_on: &str| {
        doc(
            "db",
            MON,
            &format!("  - {{ id: db, kind: database, provider: saas:neon{runs_on} }}\n"),
        )
    };
    let region = |y: &str| sim(y, "region-data-plane-loss", "region:aws/us-east-1", 120.0);
    // Unknown placement: no AWS failure can reach it.
    assert_eq!(region(&db("")).status, Status::Up);
    // In us-east-1: down with the region, for the event (a vendor's recovery is in it).
    let one = db(", runs_on: { provider: aws, regions: [us-east-1] }");
    let j = region(&one);
    assert_eq!((j.status, j.impact_minutes), (Status::Down, 120.0));
    // A zone of it is absorbed: the vendor runs across the region's zones.
    let z = sim(
        &one,
        "zone-physical-loss",
        "zone:aws/us-east-1/use1-az1",
        120.0,
    );
    assert_eq!(z.status, Status::Up);
    // In two regions, the vendor moves the lost region's half of the users itself, by its
    // own health checks: detect + switch minutes for that half.
    let j = region(&db(
        ", runs_on: { provider: aws, regions: [us-east-1, us-west-2] }",
    ));
    assert_eq!(j.impact_minutes, DEFAULT_DETECT_AUTOMATIC + DEFAULT_SWITCH);
    assert!((j.affected_share - 0.5).abs() < 1e-9);
    // Regions unknown: only the provider's global failures reach it (its backbone).
    let somewhere = db(", runs_on: { provider: aws }");
    assert_eq!(region(&somewhere).status, Status::Up);
    let j = sim(&somewhere, "backbone-routing-failure", "backbone:aws", 60.0);
    assert_eq!((j.status, j.impact_minutes), (Status::Down, 60.0));
    // `runs_on` on a component on a cloud says nothing: a warning.
    let own = doc(
        "db",
        MON,
        "  - { id: db, kind: database, provider: aws, regions: [us-east-1], runs_on: { provider: aws, regions: [us-east-1] } }\n",
    );
    assert!(codes(&own).contains(&(
        "field-ignored".to_owned(),
        "/components/0/runs_on".to_owned()
    )));
}

#[test]
fn the_declared_facts_have_mitigations_proven_by_rescoring() {
    let y = format!(
        "version: 1\nname: t\n{MON}journeys:\n  - {{ name: j, entry: [web] }}\n  - {{ name: k, entry: [db] }}\n  - {{ name: v, entry: [vault] }}\ncomponents:\n  - {{ id: web, kind: compute, provider: aws, topology: active-passive, standby: hot, regions: [us-east-1, us-west-2], failover: {{ trigger: automatic, via: dns, needs_control_plane: false, dns_ttl_seconds: 600 }} }}\n  - {{ id: db, kind: database, provider: saas:neon, runs_on: {{ provider: aws, regions: [us-east-1] }} }}\n  - {{ id: vault, kind: database, provider: aws, topology: active-passive, standby: backup-restore, regions: [us-east-1, us-west-2], failover: {{ trigger: automatic, via: dns, needs_control_plane: false }}, data: {{ replication: none, backups: other-region, restore_minutes: 60, backups_verified: false }} }}\n"
    );
    let r = suggest(&arch(&y), Catalogue::builtin(), &SuggestOptions::default()).expect("suggest");
    let gain = |id: &str| {
        r.suggestions
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| {
                panic!(
                    "no `{id}` among {:?}",
                    r.suggestions.iter().map(|s| &s.id).collect::<Vec<_>>()
                )
            })
            .gain
    };
    // Each is applied to a copy and re-scored; each gains here because each shortens an
    // outage a journey sees: the vendor's us-east-1 placement, 10 minutes of cached DNS
    // answers on every failover, and a restore that takes twice its measured time.
    assert!(gain("vendor-second-region:db") > 0.0);
    assert!(gain("short-dns-ttl:web") > 0.0);
    assert!(gain("verify-backups:vault") > 0.0);
}

#[test]
fn a_component_waits_for_what_it_needs_at_start() {
    // A fleet agent's bad update: the stateless server is rebuilt from its image in
    // STATELESS_REBUILD_MINUTES; the key store it reads when it boots waits for its hosts
    // for the whole event.
    let y = |extra: &str| {
        doc(
            "web",
            MON,
            &format!(
                "  - {{ id: web, kind: compute, provider: aws, agents: [falcon], regions: [{{ name: us-east-1, zones: [a1] }}]{extra} }}\n  - {{ id: kv, kind: database, provider: aws, agents: [falcon], regions: [{{ name: us-east-1, zones: [a2] }}] }}\n"
            ),
        )
    };
    let agent = |y: &str| sim(y, "agent-bad-update", "agent:falcon", 1000.0);
    assert_eq!(agent(&y("")).impact_minutes, STATELESS_REBUILD_MINUTES);
    assert_eq!(agent(&y(", needs_at_start: [kv]")).impact_minutes, 1000.0);
    // While it runs, their failure does nothing: the key store's zone alone.
    let j = sim(
        &y(", needs_at_start: [kv]"),
        "zone-physical-loss",
        "zone:aws/us-east-1/a2",
        1000.0,
    );
    assert_eq!(j.status, Status::Up);
    // A cycle through it is reported where that edge is written.
    let cycle = y(", needs_at_start: [kv]").replace(
        "agents: [falcon], regions: [{ name: us-east-1, zones: [a2] }] }",
        "agents: [falcon], regions: [{ name: us-east-1, zones: [a2] }], depends_on: [web] }",
    );
    assert!(codes(&cycle).contains(&(
        "dependency-cycle".to_owned(),
        "/components/0/needs_at_start/0".to_owned()
    )));
    // It names components: an unknown id is an error where it is written.
    assert!(codes(&y(", needs_at_start: [kvv]")).contains(&(
        "unknown-dependency".to_owned(),
        "/components/0/needs_at_start/0".to_owned()
    )));
}

/// A dependency needed at start that is only partly down (one cell of two) keeps waiting
/// only the share of the users it has down, never more than the same hard dependency
/// would: the region's loss takes the app down for the event, the database's us-east-1
/// cell (half its users) stays down for its 600-minute recovery after the region is back,
/// so half the app's users wait for it. Before (found by a review), all of them waited, and
/// the start-only need cost more than the hard one.
#[test]
fn a_start_only_need_costs_no_more_than_the_same_hard_dependency() {
    let y = |need: &str| {
        doc(
            "app",
            MON,
            &format!(
                "  - {{ id: app, kind: compute, provider: aws, service: ec2, regions: [{{ name: us-east-1, zones: 1 }}], {need}: [db] }}\n  - {{ id: db, kind: database, provider: aws, service: rds, regions: [{{ name: us-east-1, zones: 1 }}, {{ name: us-west-2, zones: 1 }}], topology: cells, recovery_minutes: 600 }}\n"
            ),
        )
    };
    let region = |y: &str| sim(y, "region-data-plane-loss", "region:aws/us-east-1", 100.0);
    let start = region(&y("needs_at_start"));
    let hard = region(&y("depends_on"));
    // Down for the region's 100 minutes, then half the users for the cell's recovery.
    assert_eq!(
        (start.all_down_minutes, start.impact_minutes),
        (100.0, 700.0)
    );
    assert!(
        (start.weighted_minutes - (100.0 + 0.5 * 600.0)).abs() < 1e-9,
        "{start:?}"
    );
    assert!(
        start.weighted_minutes <= hard.weighted_minutes + 1e-9,
        "{start:?} against {hard:?}"
    );
}

#[test]
fn destroyed_data_comes_back_from_a_replica_or_after_a_restore() {
    // A deletion (replication copies it): only the backup helps, and serving again waits
    // for its restore, doubled when it was never drilled; the event's own duration when
    // that is longer (the catalogue's durations hold the typical restore).
    let db = |restore: &str| {
        doc(
            "db",
            MON,
            &format!(
                "  - {{ id: db, kind: database, provider: aws, service: rds, regions: [{{ name: us-east-2, zones: 2 }}], data: {{ backups: other-region, backup_interval_minutes: 60, {restore} }} }}\n"
            ),
        )
    };
    let deletion = |y: &str| sim(y, "destructive-operator-action", "change:production", 100.0);
    let j = deletion(&db("restore_minutes: 600, backups_verified: false"));
    assert_eq!(j.impact_minutes, 600.0 * UNVERIFIED_RESTORE_FACTOR);
    assert_eq!(j.data_loss_minutes, Some(60.0));
    assert_eq!(deletion(&db("restore_minutes: 600")).impact_minutes, 600.0);
    assert_eq!(deletion(&db("restore_minutes: 60")).impact_minutes, 100.0);
    // A destroyed region with an async replica elsewhere: the replica's lag is lost, not
    // the writes since the last backup, even when nobody fails over (no monitoring).
    let ap = doc(
        "db",
        "",
        "  - { id: db, kind: database, provider: aws, service: rds, topology: active-passive, standby: hot, regions: [us-east-1, us-west-2], data: { replication: async, replication_lag_minutes: 2, backups: other-region } }\n",
    );
    let j = sim(&ap, "region-physical-loss", "region:aws/us-east-1", 1000.0);
    assert_eq!(j.data_loss_minutes, Some(2.0));
}

#[test]
fn a_failover_slower_than_the_region_does_not_happen() {
    // Backup-restore with a 600-minute restore: the region (330 minutes, then the restart)
    // is back first, so users wait for it and nothing is lost by moving.
    let y = doc(
        "db",
        MON,
        "  - { id: db, kind: database, provider: aws, service: rds, topology: active-passive, standby: backup-restore, regions: [us-east-1, us-west-2], failover: { trigger: automatic, via: dns, needs_control_plane: false }, data: { replication: none, backups: other-region, restore_minutes: 600 } }\n",
    );
    let j = sim(&y, "region-data-plane-loss", "region:aws/us-east-1", 330.0);
    assert_eq!(j.impact_minutes, 330.0 + STATEFUL_RESTART_MINUTES);
    assert_eq!(j.data_loss_minutes, None);
}

#[test]
fn an_unreplicated_store_cannot_move_its_users() {
    let db = |kind: &str, replication: &str| {
        doc(
            "db",
            MON,
            &format!(
                "  - {{ id: db, kind: {kind}, provider: aws, topology: active-active, headroom_percent: 100, regions: [us-east-1, us-west-2], failover: {{ trigger: automatic, via: dns, needs_control_plane: false }}, data: {{ replication: {replication} }} }}\n"
            ),
        )
    };
    let lost = |y: &str| sim(y, "region-data-plane-loss", "region:aws/us-east-1", 120.0);
    // Replicated: the lost region's half moves in detect + switch.
    let j = lost(&db("database", "async"));
    assert_eq!(j.impact_minutes, DEFAULT_DETECT_AUTOMATIC + DEFAULT_SWITCH);
    // Not replicated: their data is only there; they wait for the region and its restart.
    let j = lost(&db("database", "none"));
    assert_eq!(j.impact_minutes, 120.0 + STATEFUL_RESTART_MINUTES);
    assert!((j.affected_share - 0.5).abs() < 1e-9);
    // A queue still takes new messages in the other region.
    let j = lost(&db("queue", "none"));
    assert_eq!(j.impact_minutes, DEFAULT_DETECT_AUTOMATIC + DEFAULT_SWITCH);
}

/// Two web servers in two regions splitting the load of the journey's entry.
fn split(shares: &str, failover: &str) -> String {
    doc(
        &format!("{{ any_of: [east, west]{shares}{failover} }}"),
        MON,
        "  - { id: east, kind: compute, provider: aws, regions: [us-east-1] }\n  - { id: west, kind: compute, provider: aws, regions: [us-west-2] }\n",
    )
}

#[test]
fn a_split_load_loses_only_the_failed_share_until_the_switch() {
    let east = |y: &str| sim(y, "region-data-plane-loss", "region:aws/us-east-1", 120.0);
    let west = |y: &str| sim(y, "region-data-plane-loss", "region:aws/us-west-2", 120.0);
    // The group's default switch: automatic, by the client, detect 0 + switch 1 minute.
    let switch = DEFAULT_SWITCH_CLIENT;
    // Without shares the first alternative carries everyone: all down until the switch.
    let j = east(&split("", ""));
    assert_eq!((j.status, j.impact_minutes), (Status::Down, switch));
    assert!((j.affected_share - 1.0).abs() < 1e-9);
    // ...and losing the second costs nothing: nobody was on it.
    assert_eq!(west(&split("", "")).status, Status::Up);
    // Split 70/30: losing east takes its 70 % down until they move to west.
    let y = split(", shares_percent: [70, 30]", "");
    let j = east(&y);
    assert_eq!((j.status, j.impact_minutes), (Status::Degraded, switch));
    assert!((j.affected_share - 0.7).abs() < 1e-9);
    assert!((j.weighted_minutes - 0.7 * switch).abs() < 1e-9);
    // Losing west takes its 30 % down for as long.
    let j = west(&y);
    assert!((j.affected_share - 0.3).abs() < 1e-9);
    assert!((j.weighted_minutes - 0.3 * switch).abs() < 1e-9);
    // A slower switch keeps the failed share down longer: detect 3 + switch 5.
    let j = east(&split(
        ", shares_percent: [70, 30]",
        ", failover: { detect_minutes: 3, switch_minutes: 5 }",
    ));
    assert!((j.weighted_minutes - 0.7 * 8.0).abs() < 1e-9);
    // Written in the other order with the shares alongside: the same numbers.
    let swapped = doc(
        "{ any_of: [west, east], shares_percent: [30, 70] }",
        MON,
        "  - { id: east, kind: compute, provider: aws, regions: [us-east-1] }\n  - { id: west, kind: compute, provider: aws, regions: [us-west-2] }\n",
    );
    let (a, b) = (east(&y), east(&swapped));
    assert_eq!(
        (
            a.status,
            a.impact_minutes,
            a.affected_share,
            a.weighted_minutes
        ),
        (
            b.status,
            b.impact_minutes,
            b.affected_share,
            b.weighted_minutes
        )
    );
}

#[test]
fn a_split_load_with_both_alternatives_down_is_down() {
    // Both in us-east-1: nowhere to move; everyone is down for the event.
    let y = doc(
        "{ any_of: [east, east2], shares_percent: [50, 50] }",
        MON,
        "  - { id: east, kind: compute, provider: aws, regions: [us-east-1] }\n  - { id: east2, kind: compute, provider: aws, regions: [us-east-1] }\n",
    );
    let j = sim(&y, "region-data-plane-loss", "region:aws/us-east-1", 120.0);
    assert_eq!((j.status, j.impact_minutes), (Status::Down, 120.0));
    assert!((j.affected_share - 1.0).abs() < 1e-9);
}

#[test]
fn shares_must_be_one_per_alternative_and_add_up_to_100() {
    let at = "/journeys/0/entry/0/shares_percent".to_owned();
    let code = ("invalid-shares".to_owned(), at.clone());
    assert!(
        !codes(&split(", shares_percent: [70, 30]", ""))
            .iter()
            .any(|(c, _)| c == "invalid-shares")
    );
    assert!(codes(&split(", shares_percent: [100]", "")).contains(&code));
    assert!(codes(&split(", shares_percent: [70, 20]", "")).contains(&code));
    assert!(
        codes(&split(", shares_percent: [120, -20]", ""))
            .contains(&("invalid-shares".to_owned(), format!("{at}/1")))
    );
    // On a single dependency it is a reading error, said where.
    let single = doc(
        "{ id: east, shares_percent: [100] }",
        MON,
        "  - { id: east, kind: compute, provider: aws, regions: [us-east-1] }\n",
    );
    let e = crate::api::parse(&single, faultline::Format::Yaml).unwrap_err();
    assert!(format!("{e}").contains("shares_percent"), "{e}");
}

/// A database failing over automatically between two regions, hot standby, async replica,
/// with a declared restore time; `extra` goes into its failover.
fn promoted(extra: &str, replication: &str) -> String {
    doc(
        "db",
        MON,
        &format!(
            "  - {{ id: db, kind: database, provider: aws, service: rds, topology: active-passive, standby: hot, regions: [us-east-1, us-west-2], failover: {{ trigger: automatic, via: dns, needs_control_plane: false{extra} }}, data: {{ replication: {replication}, restore_minutes: 60 }} }}\n"
        ),
    )
}

#[test]
fn an_unfenced_promotion_during_a_partition_splits_the_brain() {
    let region = |y: &str| sim(y, "region-data-plane-loss", "region:aws/us-east-1", 120.0);
    let switch = DEFAULT_DETECT_AUTOMATIC + DEFAULT_SWITCH;
    // Fenced (the default): down for the switch, nothing after the region returns.
    let j = region(&promoted("", "async"));
    assert_eq!((j.impact_minutes, j.degraded_minutes), (switch, 0.0));
    // Unfenced: both sides took writes while the region was cut off; reconciling them
    // takes the restore time (60) after the partition ends at 120, everyone degraded.
    let unfenced = promoted(", fenced: false", "async");
    let j = region(&unfenced);
    assert_eq!((j.impact_minutes, j.degraded_minutes), (switch, 60.0));
    assert!((j.degraded_share - 1.0).abs() < 1e-9);
    assert!(
        j.chain.iter().any(|s| s.text.contains("split brain")),
        "{:?}",
        j.chain
    );
    // A synchronous replica confirms every write in both regions: nothing diverges.
    assert_eq!(
        region(&promoted(", fenced: false", "sync")).degraded_minutes,
        0.0
    );
    // A region that loses power is not a partition: the old primary stopped.
    let j = sim(
        &unfenced,
        "region-physical-loss",
        "region:aws/us-east-1",
        120.0,
    );
    assert_eq!(j.degraded_minutes, 0.0);
    // Declared where nothing is promoted automatically: ignored, with a warning.
    let manual = doc(
        "db",
        MON,
        "  - { id: db, kind: database, provider: aws, service: rds, regions: [us-east-1, us-west-2], failover: { fenced: false } }\n",
    );
    assert!(codes(&manual).contains(&(
        "field-ignored".to_owned(),
        "/components/0/failover/fenced".to_owned()
    )));
    assert!(!codes(&unfenced).iter().any(|(c, _)| c == "field-ignored"));
}

#[test]
fn fencing_the_failover_is_a_measured_mitigation() {
    let r = suggest(
        &arch(&promoted(", fenced: false", "async")),
        Catalogue::builtin(),
        &SuggestOptions::default(),
    )
    .expect("suggests");
    let gained = r
        .suggestions
        .iter()
        .any(|s| s.id == "fence-failover:db" && s.gain > 0.0);
    let measured = gained || r.rejected.iter().any(|s| s.id == "fence-failover:db");
    assert!(
        measured,
        "{:?}",
        r.suggestions.iter().map(|s| &s.id).collect::<Vec<_>>()
    );
    assert!(gained, "rejected: {:?}", r.rejected);
}

/// A web tier over three zones with the headroom to lose one; `extra` on the component.
fn three_zones(extra: &str) -> String {
    doc(
        "web",
        MON,
        &format!(
            "  - {{ id: web, kind: compute, provider: aws, service: ec2, regions: [{{ name: us-east-1, zones: [use1-az1, use1-az2, use1-az4] }}], headroom_percent: 50{extra} }}\n"
        ),
    )
}

#[test]
fn health_checks_that_fail_open_keep_sending_requests_to_a_lost_zone() {
    let zone = |y: &str| {
        sim(
            y,
            "zone-physical-loss",
            "zone:aws/us-east-1/use1-az1",
            120.0,
        )
    };
    // Working health checks: the other two zones absorb the lost one.
    assert_eq!(zone(&three_zones("")).status, Status::Up);
    // Failing open: a third of the requests keep going to the lost zone for the event.
    let open = three_zones(", health_checks: false");
    let j = zone(&open);
    assert_eq!(j.status, Status::Degraded);
    assert_eq!(j.degraded_minutes, 120.0);
    assert!(
        (j.degraded_share - 1.0 / 3.0).abs() < 1e-3,
        "{}",
        j.degraded_share
    );
    // A gray zone: the pattern's fraction of the zone's nodes fail, a third of the
    // component's zones, so that share of requests is degraded instead of absorbed.
    let gray = |y: &str| sim(y, "zone-degraded", "zone:aws/us-east-1/use1-az1", 60.0);
    assert_eq!(gray(&three_zones("")).status, Status::Up);
    let fraction = Catalogue::builtin()
        .pattern("zone-degraded")
        .expect("catalogued")
        .fraction;
    let j = gray(&open);
    assert_eq!(j.degraded_minutes, 60.0);
    assert!(
        (j.degraded_share - fraction / 3.0).abs() < 1e-3,
        "{}",
        j.degraded_share
    );
    // One zone: nothing to route around, so the field is ignored with a warning.
    let single = doc(
        "web",
        MON,
        "  - { id: web, kind: compute, provider: aws, service: ec2, regions: [us-east-1], health_checks: false }\n",
    );
    assert!(codes(&single).contains(&(
        "field-ignored".to_owned(),
        "/components/0/health_checks".to_owned()
    )));
    // A database's primary and standbys move by failover, not routing: ignored too; a
    // store the provider sizes (S3) shares load across zones: taken.
    let store = |service: &str, kind: &str| {
        doc(
            "s",
            MON,
            &format!(
                "  - {{ id: s, kind: {kind}, provider: aws, service: {service}, regions: [{{ name: us-east-1, zones: 3 }}], health_checks: false }}\n"
            ),
        )
    };
    let ignored = (
        "field-ignored".to_owned(),
        "/components/0/health_checks".to_owned(),
    );
    assert!(codes(&store("rds", "database")).contains(&ignored));
    assert!(!codes(&store("s3", "object-storage")).contains(&ignored));
    // The mitigation is measured by re-scoring.
    let r = suggest(
        &arch(&open),
        Catalogue::builtin(),
        &SuggestOptions::default(),
    )
    .expect("suggests");
    assert!(
        r.suggestions
            .iter()
            .any(|s| s.id == "health-checks:web" && s.gain > 0.0),
        "{:?} rejected {:?}",
        r.suggestions.iter().map(|s| &s.id).collect::<Vec<_>>(),
        r.rejected
    );
}

#[test]
fn a_declared_bring_up_time_replaces_the_standby_default() {
    let web = |standby: &str, failover: &str| {
        doc(
            "web",
            MON,
            &format!(
                "  - {{ id: web, kind: compute, provider: aws, topology: active-passive, standby: {standby}, regions: [us-east-1, us-west-2], failover: {{ trigger: automatic, via: client, needs_control_plane: false{failover} }} }}\n"
            ),
        )
    };
    let region = |y: &str| sim(y, "region-data-plane-loss", "region:aws/us-east-1", 600.0);
    // Automatic, by the client: detect 0 + switch 1.
    let switch = DEFAULT_SWITCH_CLIENT;
    // A pilot light's default start: 30 minutes of launches after the switch.
    assert_eq!(
        region(&web("pilot-light", "")).impact_minutes,
        switch + PILOT_LIGHT_MINUTES
    );
    // Its disaster-recovery test measured 3 h: 1 + 180.
    let y = web("pilot-light", ", bring_up_minutes: 180");
    let j = region(&y);
    assert_eq!(j.impact_minutes, switch + 180.0);
    assert!(
        j.chain
            .iter()
            .any(|s| s.text.contains("starts serving in 3 h (declared)")),
        "{:?}",
        j.chain
    );
    // A hot standby that still takes 20 minutes to come up (a cold cache, mounts): 1 + 20.
    assert_eq!(
        region(&web("hot", ", bring_up_minutes: 20")).impact_minutes,
        switch + 20.0
    );
    // Longer than the event: the standby is never used, the region is waited for (600).
    assert_eq!(
        region(&web("hot", ", bring_up_minutes: 900")).impact_minutes,
        600.0
    );
    // Active-active regions all serve: nothing is started, the field is ignored.
    let aa = doc(
        "web",
        MON,
        "  - { id: web, kind: compute, provider: aws, topology: active-active, regions: [us-east-1, us-west-2], failover: { trigger: automatic, bring_up_minutes: 60 } }\n",
    );
    assert!(codes(&aa).contains(&(
        "field-ignored".to_owned(),
        "/components/0/failover/bring_up_minutes".to_owned()
    )));
}

#[test]
fn a_cold_alternative_starts_before_the_group_switches_to_it() {
    let east = |y: &str| sim(y, "region-data-plane-loss", "region:aws/us-east-1", 600.0);
    // A disaster-recovery site that takes 4 h to start: the switch is 1 + 240 minutes.
    let j = east(&split("", ", failover: { bring_up_minutes: 240 }"));
    assert_eq!(
        (j.status, j.impact_minutes),
        (Status::Down, DEFAULT_SWITCH_CLIENT + 240.0)
    );
    // Losing the cold site costs nothing: nobody is on it.
    let west = sim(
        &split("", ", failover: { bring_up_minutes: 240 }"),
        "region-data-plane-loss",
        "region:aws/us-west-2",
        600.0,
    );
    assert_eq!(west.status, Status::Up);
    // A group that shares its load has nothing to start: ignored, with a warning, and the
    // failed share moves in the plain switch time.
    let y = split(
        ", shares_percent: [50, 50]",
        ", failover: { bring_up_minutes: 240 }",
    );
    assert_eq!(east(&y).impact_minutes, DEFAULT_SWITCH_CLIENT);
    assert!(codes(&y).contains(&(
        "field-ignored".to_owned(),
        "/journeys/0/entry/0/failover/bring_up_minutes".to_owned()
    )));
}

#[test]
fn a_day_of_stale_content_is_measured_as_a_mitigation() {
    // A static site: Cloudflare in front of one S3 bucket, so every request is cacheable,
    // fresh for Cloudflare's 120-minute default edge lifetime.
    let y = doc(
        "cdn",
        MON,
        "  - { id: cdn, kind: cdn, provider: cloudflare, service: cdn, depends_on: [site] }\n  - { id: site, kind: object-storage, provider: aws, service: s3, regions: [us-east-1] }\n",
    );
    let cat = Catalogue::builtin();
    let r = suggest(&arch(&y), cat, &SuggestOptions::default()).expect("suggests");
    let s = r
        .suggestions
        .iter()
        .find(|s| s.id == "cache-window:cdn")
        .expect("offered");
    assert!(s.gain > 0.0);
    let changed = crate::api::apply_suggestion(&arch(&y), cat, &s.id).expect("applies");
    let after = faultline::write::to_text(&changed, faultline::Format::Yaml).expect("writes");
    let region = |y: &str| sim(y, "region-data-plane-loss", "region:aws/us-east-1", 600.0);
    // Before: the cache is empty of fresh content after 120 minutes; from then on everyone
    // is down: all down for 600 - 120 minutes.
    let j = region(&y);
    assert_eq!(j.status, Status::Down);
    assert_eq!(j.all_down_minutes, 480.0);
    // After: a day's window. 600 minutes in is the second quarter of 1,440 (360 to 720),
    // played at 0.625 fresh: 37.5 % of users down from minute 360 to 600.
    let j = region(&after);
    assert_eq!(j.status, Status::Degraded);
    assert!(
        (j.affected_share - 0.375).abs() < 1e-9,
        "{}",
        j.affected_share
    );
    // Already a day or more: nothing to offer.
    let day = y.replace(
        "depends_on: [site] }",
        "depends_on: [site], cache: { window_minutes: 1440 } }",
    );
    let r = suggest(&arch(&day), cat, &SuggestOptions::default()).expect("suggests");
    assert!(
        !r.suggestions
            .iter()
            .any(|s| s.id.starts_with("cache-window:"))
    );
    assert!(!r.rejected.iter().any(|s| s.id.starts_with("cache-window:")));
}

#[test]
fn pinning_customers_to_cells_is_measured_as_a_mitigation() {
    // Active-passive whose failover edits Route 53 records by hand: a us-east-1 data-plane
    // loss takes AWS's global control plane with it, so the failover never runs.
    let y = doc(
        "web",
        MON,
        "  - { id: web, kind: compute, provider: aws, service: ec2, regions: [us-east-1, us-west-2], topology: active-passive, standby: backup-restore, failover: { trigger: manual, via: dns } }\n",
    );
    let cat = Catalogue::builtin();
    let region = |y: &str| sim(y, "region-data-plane-loss", "region:aws/us-east-1", 600.0);
    let j = region(&y);
    assert_eq!((j.status, j.impact_minutes), (Status::Down, 600.0));
    let r = suggest(&arch(&y), cat, &SuggestOptions::default()).expect("suggests");
    let s = r
        .suggestions
        .iter()
        .find(|s| s.id == "pin-to-cells:web")
        .expect("offered");
    assert!(s.gain > 0.0);
    let changed = crate::api::apply_suggestion(&arch(&y), cat, &s.id).expect("applies");
    // Cells: the standby and failover go (cells never fail over), nothing is left to warn.
    let c = &changed.components[0];
    assert_eq!(c.topology, Some(faultline::model::Topology::Cells));
    assert!(c.standby.is_none() && c.failover.is_none());
    let after = faultline::write::to_text(&changed, faultline::Format::Yaml).expect("writes");
    assert!(validate(&arch(&after), cat).is_empty());
    // us-east-1's customers (half, two equal cells) are down for the event; the others
    // never notice.
    let j = region(&after);
    assert_eq!((j.status, j.impact_minutes), (Status::Degraded, 600.0));
    assert!((j.affected_share - 0.5).abs() < 1e-9);
}

/// A description of one journey entering `web`, on the own site `dc1`.
fn on_site(components: &str) -> String {
    doc("web", MON, components)
}

fn report(yaml: &str) -> faultline::ScoreReport {
    crate::api::score(&arch(yaml), Catalogue::builtin()).expect("scores")
}

fn site_rate(pattern: &str) -> f64 {
    Catalogue::builtin()
        .pattern(pattern)
        .expect("pattern")
        .frequency
        .per_instance_per_year
}

#[test]
fn rooms_of_a_site_are_ridden_out_like_zones() {
    let web = |rooms: &str, headroom: f64| {
        on_site(&format!(
            "  - {{ id: web, kind: compute, provider: on-prem:dc1, rooms: {rooms}, headroom_percent: {headroom} }}\n"
        ))
    };
    let hall_a = |y: &str| sim(y, "room-loss", "room:dc1/a", 200.0);
    // Two rooms, each able to carry everything: (2 - 1)/2 × (1 + 100 %) = 1. Nothing felt.
    assert_eq!(hall_a(&web("[a, b]", 100.0)).status, Status::Up);
    // Without headroom half the capacity is gone, and an own site launches nothing: half
    // the requests degraded for the whole 200 minutes.
    let j = hall_a(&web("[a, b]", 0.0));
    assert_eq!(j.status, Status::Degraded);
    assert_eq!(j.degraded_minutes, 200.0);
    assert!((j.degraded_share - 0.5).abs() < 1e-9);
    // In hall a only: down for the event (a stateless component serves once it is back).
    let j = hall_a(&web("[a]", 100.0));
    assert_eq!((j.status, j.impact_minutes), (Status::Down, 200.0));
    // A database with its primary in a, its standby in b: the in-room failover (2 min);
    // losing the standby's room costs nothing.
    let db = on_site(
        "  - { id: web, kind: compute, provider: on-prem:dc1, rooms: [a, b], headroom_percent: 100, depends_on: [db] }\n  - { id: db, kind: database, provider: on-prem:dc1, rooms: [a, b] }\n",
    );
    let j = hall_a(&db);
    assert_eq!(
        (j.status, j.impact_minutes),
        (Status::Down, ZONE_FAILOVER_MINUTES)
    );
    assert_eq!(
        sim(&db, "room-loss", "room:dc1/b", 200.0).status,
        Status::Up
    );
    // Each room the journey's components name is played at the catalogue's rate (a
    // component no journey reaches changes nothing). `web` in a goes down with a; its soft
    // dependency in b degrades it with b.
    let r = report(&on_site(
        "  - { id: web, kind: compute, provider: on-prem:dc1, rooms: [a], depends_on: [{ id: other, hard: false }] }\n  - { id: other, kind: compute, provider: on-prem:dc1, rooms: [b] }\n",
    ));
    let mut room: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.pattern == "room-loss")
        .map(|f| (f.scenario.as_str(), f.status, f.per_year))
        .collect();
    room.sort_by(|x, y| x.0.cmp(y.0));
    let rate = site_rate("room-loss");
    assert_eq!(room.len(), 2);
    assert_eq!(
        (room[0].0, room[0].1),
        ("room-loss@room:dc1/a", Status::Down)
    );
    assert_eq!(
        (room[1].0, room[1].1),
        ("room-loss@room:dc1/b", Status::Degraded)
    );
    assert!(room.iter().all(|x| (x.2 - rate).abs() < 1e-4), "{room:?}");
}

#[test]
fn a_storage_array_takes_only_what_is_on_it() {
    let y = |web_storage: &str, backups: &str| {
        on_site(&format!(
            "  - {{ id: web, kind: compute, provider: on-prem:dc1, storage: {web_storage}, depends_on: [db] }}\n  - {{ id: db, kind: database, provider: on-prem:dc1, storage: san-1, data: {{ backups: {backups}, backup_interval_minutes: 60, restore_minutes: 120 }} }}\n"
        ))
    };
    let san = |y: &str| sim(y, "site-storage-failure", "storage:dc1/san-1", 600.0);
    // The database is on san-1: down, its data destroyed with what is on the array. Its
    // backups elsewhere in the building survive: 60 minutes of writes lost, not all.
    let j = san(&y("local", "same-region"));
    assert_eq!(j.status, Status::Down);
    assert_eq!(j.data_loss_minutes, Some(60.0));
    assert!(!j.data_loss_total);
    // Backups on the array itself (same zone): nothing survives.
    assert!(san(&y("local", "same-zone")).data_loss_total);
    // Keeping backups never lengthens an outage: for a 100-minute failure, a restore from
    // the backups in the building ends at 120 (after the 100 + 30 restart: 130); with no
    // backup, rebuilding from nothing takes at least an untested restore, 2 × 120.
    let short = |y: &str| sim(y, "site-storage-failure", "storage:dc1/san-1", 100.0);
    assert_eq!(
        short(&y("local", "same-region")).impact_minutes,
        100.0 + STATEFUL_RESTART_MINUTES
    );
    let none = short(&y("local", "none"));
    assert!(none.data_loss_total);
    assert_eq!(none.impact_minutes, UNVERIFIED_RESTORE_FACTOR * 120.0);
    // Another array's failure does not reach a component on its own disks nor one on
    // san-1 (the journey needs both).
    assert_eq!(
        sim(
            &y("local", "same-region"),
            "site-storage-failure",
            "storage:dc1/san-2",
            600.0
        )
        .status,
        Status::Up
    );
    // The site's generic array (nothing named there) is the site's scope: backups in the
    // building are lost with it.
    let unnamed = on_site(
        "  - { id: web, kind: database, provider: on-prem:dc1, data: { backups: same-region } }\n",
    );
    let j = sim(&unnamed, "site-storage-failure", "storage:dc1/*", 600.0);
    assert!(j.data_loss_total);
}

#[test]
fn a_power_feed_stops_only_single_corded_equipment_on_it() {
    let y = |power: &str| {
        on_site(&format!(
            "  - {{ id: web, kind: compute, provider: on-prem:dc1{power} }}\n"
        ))
    };
    let feed_a = |y: &str| sim(y, "power-path-loss", "feed:dc1/a", 90.0);
    // Single-corded on feed a: down for the 90 minutes.
    let j = feed_a(&y(", power: a"));
    assert_eq!((j.status, j.impact_minutes), (Status::Down, 90.0));
    // Dual-corded: rides through on feed b. On feed b: untouched.
    assert_eq!(feed_a(&y(", power: dual")).status, Status::Up);
    assert_eq!(feed_a(&y(", power: b")).status, Status::Up);
    // Not named: single-corded on a feed that is unknown, the site's generic one: feed a's
    // failure does not reach it, the generic feed's does.
    assert_eq!(feed_a(&y("")).status, Status::Up);
    assert_eq!(
        sim(&y(""), "power-path-loss", "feed:dc1/*", 90.0).status,
        Status::Down
    );
    // The site's own power event stops everything, dual-corded or not.
    assert_eq!(
        sim(&y(", power: dual"), "site-power-loss", "site:dc1", 90.0).status,
        Status::Down
    );
    // Dual-corded equipment rests on no feed: no feed event is played for it.
    let r = report(&y(", power: dual"));
    assert!(!r.findings.iter().any(|f| f.pattern == "power-path-loss"));
}

#[test]
fn a_lost_uplink_cuts_off_only_what_it_alone_reaches() {
    // `uplinks` is the site's (`sites`), not a component's: "" writes no `sites` entry.
    let y = |uplinks: &str| {
        let site = if uplinks.is_empty() {
            String::new()
        } else {
            format!("sites:\n  - {{ name: dc1, uplinks: {uplinks} }}\n")
        };
        on_site("  - { id: web, kind: compute, provider: on-prem:dc1 }\n") + &site
    };
    let telia = |y: &str| sim(y, "uplink-loss", "uplink:dc1/telia", 90.0);
    // Reached only through telia: cut off for the 90 minutes.
    let j = telia(&y("[telia]"));
    assert_eq!((j.status, j.impact_minutes), (Status::Down, 90.0));
    // A second, independent path carries it; another carrier's loss is not its.
    assert_eq!(telia(&y("[telia, cogent]")).status, Status::Up);
    assert_eq!(telia(&y("[cogent]")).status, Status::Up);
    // Not named (no entry, or an entry without uplinks): behind one unknown uplink, the
    // site's generic one.
    for unnamed in ["", "[]"] {
        assert_eq!(telia(&y(unnamed)).status, Status::Up);
        assert_eq!(
            sim(&y(unnamed), "uplink-loss", "uplink:dc1/*", 90.0).status,
            Status::Down
        );
    }
    // The building's own network (its core routers) takes it down, uplinks or not.
    assert_eq!(
        sim(&y("[telia, cogent]"), "site-network-loss", "site:dc1", 90.0).status,
        Status::Down
    );
    // Two uplinks: no uplink event is played for it. One or none: one is, at the
    // catalogue's rate, and with the building's network event it adds up to the rate the
    // whole-site network event had before uplinks could be named (0.0759 + 0.0391 = 0.115
    // = -ln(1 - 0.31) x 0.31, docs/catalogue.md).
    let two = report(&y("[telia, cogent]"));
    assert!(!two.findings.iter().any(|f| f.pattern == "uplink-loss"));
    for (named, at) in [("[telia]", "uplink:dc1/telia"), ("", "uplink:dc1/*")] {
        let r = report(&y(named));
        let rate = |p: &str| {
            r.findings
                .iter()
                .find(|f| f.pattern == p)
                .unwrap_or_else(|| panic!("{p} is played for {named:?}"))
                .per_year
        };
        assert!(r.findings.iter().any(|f| f.domain == at), "{at}");
        assert!((rate("uplink-loss") - site_rate("uplink-loss")).abs() < 1e-9);
        assert!((site_rate("uplink-loss") - 0.0391).abs() < 1e-12);
        let whole_site = -(1.0f64 - 0.31).ln() * 0.31;
        assert!((rate("uplink-loss") + rate("site-network-loss") - whole_site).abs() < 1e-3);
    }
    // Names are plain and listed once; a site is described once, and only if something is
    // on it.
    let checks =
        y("[telia, telia, 'a/b']") + "  - { name: dc1 }\n  - { name: dc2, uplinks: [x] }\n";
    let c = codes(&checks);
    for (code, path) in [
        ("duplicate-zone", "/sites/0/uplinks/1"),
        ("invalid-id", "/sites/0/uplinks/2"),
        ("duplicate-id", "/sites/1/name"),
        ("field-ignored", "/sites/2/name"),
    ] {
        assert!(
            c.contains(&(code.to_owned(), path.to_owned())),
            "{code} at {path}: {c:?}"
        );
    }
}

#[test]
fn a_partition_ends_without_a_restart() {
    // A database and a queue on an own site with one uplink.
    let y = |entry: &str| {
        doc(
            entry,
            MON,
            "  - { id: db, kind: database, provider: on-prem:dc1 }\n  - { id: q, kind: queue, provider: on-prem:dc1 }\n",
        ) + "sites:\n  - { name: dc1, uplinks: [telia] }\n"
    };
    for entry in ["db", "q"] {
        // Cut off for 90 minutes: they kept running, so they serve when it returns.
        let j = sim(&y(entry), "uplink-loss", "uplink:dc1/telia", 90.0);
        assert_eq!(
            (j.status, j.impact_minutes),
            (Status::Down, 90.0),
            "{entry}"
        );
        assert_eq!(j.degraded_minutes, 0.0, "{entry}");
        // The building's power: they stopped, and restart (30 minutes, an estimate).
        let j = sim(&y(entry), "site-power-loss", "site:dc1", 90.0);
        assert_eq!(j.impact_minutes, 90.0 + STATEFUL_RESTART_MINUTES, "{entry}");
    }
    // The queue drains its backlog after a power loss, not after a partition.
    let j = sim(&y("q"), "site-power-loss", "site:dc1", 90.0);
    assert!(j.degraded_minutes > 0.0);
}

#[test]
fn simulating_a_domain_nothing_rests_on_says_so() {
    let y = on_site("  - { id: web, kind: compute, provider: on-prem:dc1, rooms: [hall-a] }\n")
        + "sites:\n  - { name: dc1, uplinks: [telia] }\n";
    let run = |pattern: &str, at: &str| {
        let req = faultline::SimulateRequest {
            pattern: pattern.into(),
            at: at.into(),
            minutes: Some(60.0),
        };
        crate::api::simulate(&arch(&y), Catalogue::builtin(), &req).expect("simulates")
    };
    // A misspelt room and uplink: nothing goes down, and the note names the used ones.
    for (pattern, typo, used) in [
        ("room-loss", "room:dc1/hall-b", "room:dc1/hall-a"),
        ("uplink-loss", "uplink:dc1/telai", "uplink:dc1/telia"),
    ] {
        let r = run(pattern, typo);
        assert!(r.journeys.iter().all(|j| j.status == Status::Up));
        let note = r.note.expect("a note");
        assert!(note.contains(typo) && note.contains(used), "{note}");
    }
    // A domain it uses: no note, and the journey is down.
    let r = run("uplink-loss", "uplink:dc1/telia");
    assert!(r.note.is_none());
    assert_eq!(r.journeys[0].status, Status::Down);
    // A class it uses none of.
    let r = run("power-path-loss", "feed:dc2/a");
    assert!(r.note.expect("a note").contains("feed:dc1/*"));
    // One of two uplinks: nothing rests on it alone, and the note says why.
    let two = y.replace("[telia]", "[telia, cogent]");
    let req = faultline::SimulateRequest {
        pattern: "uplink-loss".into(),
        at: "uplink:dc1/telia".into(),
        minutes: Some(60.0),
    };
    let r = crate::api::simulate(&arch(&two), Catalogue::builtin(), &req).expect("simulates");
    assert_eq!(r.journeys[0].status, Status::Up);
    let note = r.note.expect("a note");
    assert!(note.contains("one of the 2 uplinks of site dc1"), "{note}");
}

#[test]
fn a_second_uplink_is_measured_as_a_mitigation() {
    // One server, dual-corded, in two rooms with headroom, on its own disks: of the
    // site's parts only the uplink is a single path. The description names no uplink.
    // A strict target, so that the one-building cap (89.9) does not hide the gain.
    let y = doc(
        "web",
        &format!("targets: {{ availability: 99.99 }}\n{MON}"),
        "  - { id: web, kind: compute, provider: on-prem:dc1, rooms: [a, b], headroom_percent: 100, power: dual, storage: local }\n",
    );
    let cat = Catalogue::builtin();
    let before = report(&y);
    let cut = before
        .findings
        .iter()
        .find(|f| f.scenario == "uplink-loss@uplink:dc1/*")
        .expect("the generic uplink is played");
    // Its expected minutes a year: rate x minutes down (the pattern's median, 160).
    assert_eq!(cut.impact_minutes, 160.0);
    let expected = cut.per_year * cut.impact_minutes;
    let r = suggest(&arch(&y), cat, &SuggestOptions::default()).expect("suggests");
    let s = r
        .suggestions
        .iter()
        .find(|s| s.id == "second-uplink:dc1")
        .expect("offered");
    assert!(s.gain > 0.0);
    // Two named uplinks: the uplink event is gone and nothing else moves, so the journey
    // gains exactly its expected minutes.
    let j = &s.journeys[0];
    assert!(
        (j.before_minutes_per_year - j.after_minutes_per_year - expected).abs() < 1e-3,
        "{j:?} vs {expected}"
    );
    let changed = crate::api::apply_suggestion(&arch(&y), cat, &s.id).expect("applies");
    assert_eq!(changed.sites.len(), 1);
    assert_eq!(changed.sites[0].name, "dc1");
    assert_eq!(changed.sites[0].uplinks.len(), 2);
    // With one uplink named, one more is added next to it; with two, nothing is offered.
    let one = format!("{y}sites:\n  - {{ name: dc1, uplinks: [telia] }}\n");
    let changed =
        crate::api::apply_suggestion(&arch(&one), cat, "second-uplink:dc1").expect("applies");
    assert_eq!(changed.sites[0].uplinks, ["telia", "second-carrier"]);
    let two = format!("{y}sites:\n  - {{ name: dc1, uplinks: [telia, cogent] }}\n");
    let r = suggest(&arch(&two), cat, &SuggestOptions::default()).expect("suggests");
    assert!(
        !r.suggestions
            .iter()
            .any(|s| s.id.starts_with("second-uplink:"))
    );
    assert!(
        !r.rejected
            .iter()
            .any(|s| s.id.starts_with("second-uplink:"))
    );
}

#[test]
fn unnamed_rooms_and_arrays_have_their_own_event() {
    // `files` names neither rooms nor an array: it is in a room and on an array that are
    // unknown, the site's generic ones. A named room's or array's event does not reach it;
    // the generic ones do.
    let y = on_site(
        "  - { id: web, kind: compute, provider: on-prem:dc1, depends_on: [files] }\n  - { id: files, kind: object-storage, provider: on-prem:dc1 }\n  - { id: ops, kind: compute, provider: on-prem:dc1, rooms: [a, b], storage: san-1 }\n",
    );
    for (pattern, named, generic) in [
        ("room-loss", "room:dc1/b", "room:dc1/*"),
        ("site-storage-failure", "storage:dc1/san-1", "storage:dc1/*"),
    ] {
        assert_eq!(sim(&y, pattern, named, 100.0).status, Status::Up, "{named}");
        let j = sim(&y, pattern, generic, 100.0);
        assert_eq!(
            (j.status, j.impact_minutes),
            (Status::Down, 100.0),
            "{generic}"
        );
    }
    // Naming rooms for `ops` (which the journey does not reach) or for any other
    // component leaves `files`'s generic event at the catalogue's rate.
    let r = report(&y);
    let f: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.pattern == "room-loss")
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].scenario, "room-loss@room:dc1/*");
    assert!((f[0].per_year - site_rate("room-loss")).abs() < 1e-4);
    // With nothing named at the site, one event at the generic part at the site's whole
    // rate: what the site-wide events did before rooms and arrays could be named.
    let r = report(&on_site(
        "  - { id: web, kind: compute, provider: on-prem:dc1 }\n",
    ));
    for (pattern, at) in [
        ("room-loss", "room:dc1/*"),
        ("site-storage-failure", "storage:dc1/*"),
    ] {
        let f: Vec<_> = r.findings.iter().filter(|f| f.pattern == pattern).collect();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].scenario, format!("{pattern}@{at}"));
        assert!((f[0].per_year - site_rate(pattern)).abs() < 1e-4);
    }
    // Only on an own site; there, `regions` is not used; names are plain and listed once.
    let checks = on_site(
        "  - { id: web, kind: compute, provider: aws, regions: [us-east-1], rooms: [a], storage: san-1, power: a }\n  - { id: x, kind: compute, provider: on-prem:dc1, regions: [dc1], rooms: [a, a], storage: '*' }\n",
    );
    let c = codes(&checks);
    for (code, path) in [
        ("field-ignored", "/components/0/rooms"),
        ("field-ignored", "/components/0/storage"),
        ("field-ignored", "/components/1/regions"),
        ("duplicate-zone", "/components/1/rooms/1"),
        ("invalid-id", "/components/1/storage"),
        ("field-ignored", "/components/0/power"),
    ] {
        assert!(
            c.contains(&(code.to_owned(), path.to_owned())),
            "{code} at {path}: {c:?}"
        );
    }
}

/// A provider, region, zone or service name is a part of fault domains' ids: an empty one,
/// or one with `/` (the parts' separator), is an error where it is written. Found by a
/// review: `regions: [""]` scored, with domains that `simulate` refused, and provider
/// `a/b` in region `x` gave the same finding ids as provider `a` in region `b/x`.
#[test]
fn names_that_cannot_be_a_part_of_a_domain_id_are_errors() {
    let invalid = |yaml: &str| -> Vec<String> {
        codes(yaml)
            .into_iter()
            .filter(|(code, _)| code == "invalid-id")
            .map(|(_, path)| path)
            .collect()
    };
    let one = |component: &str| {
        format!(
            "version: 1\nname: n\ncomponents:\n  - {component}\njourneys:\n  - {{ name: j, entry: [a] }}\n"
        )
    };
    let cases = [
        (
            "{ id: a, kind: compute, provider: aws, regions: [\"\"] }",
            "/components/0/regions/0/name",
        ),
        (
            "{ id: a, kind: compute, provider: \"a/b\", regions: [x] }",
            "/components/0/provider",
        ),
        (
            "{ id: a, kind: compute, provider: aws, regions: [\"us/east-1\"] }",
            "/components/0/regions/0/name",
        ),
        (
            "{ id: a, kind: compute, provider: aws, regions: [{ name: us-east-1, zones: [\"\", us-east-1b] }] }",
            "/components/0/regions/0/zones/0",
        ),
        (
            "{ id: a, kind: compute, provider: aws, service: \"ec2/x\", regions: [us-east-1] }",
            "/components/0/service",
        ),
        (
            "{ id: a, kind: compute, provider: aws, uses_services: [s3, \"\"], regions: [us-east-1] }",
            "/components/0/uses_services/1",
        ),
        (
            "{ id: a, kind: compute, provider: \"saas:a/b\" }",
            "/components/0/provider",
        ),
        (
            "{ id: a, kind: other, provider: \"saas:x\", runs_on: { provider: aws, regions: [\"\"] } }",
            "/components/0/runs_on/regions/0",
        ),
    ];
    for (component, path) in cases {
        let yaml = one(component);
        assert_eq!(invalid(&yaml), [path], "{yaml}");
    }
    // An agent is a domain of its own (`agent:<name>`), with its own code; `~` marks the
    // first-ring variant of a staged update (`agent:falcon~first-ring`: an agent named so
    // made two findings with one id, found by a review).
    for (field, name) in [
        ("agents", "falcon/x"),
        ("staged_agents", "falcon~first-ring"),
    ] {
        let agent = one(&format!(
            "{{ id: a, kind: compute, provider: aws, regions: [us-east-1], {field}: [\"{name}\"] }}"
        ));
        assert!(
            codes(&agent).contains(&(
                "invalid-agent".to_owned(),
                format!("/components/0/{field}/0")
            )),
            "{:?}",
            codes(&agent)
        );
    }
    // The names as providers write them pass.
    assert!(invalid(&one("{ id: a, kind: compute, provider: aws, service: ec2, uses_services: [s3], regions: [{ name: us-east-1, zones: [us-east-1a] }] }")).is_empty());
}

/// Users an active-active component moves to a region that is already running start
/// nothing: a dependency needed only at start does not hold them while it is down (found
/// by a review: adding the second active region to a component that needs its
/// configuration store at start, in the failed region, made the moved users wait for the
/// store's whole outage, 16.8 → 31.9 minutes a year for the redundancy). The lost
/// placement itself starts again only when the region is back, when the store is too.
#[test]
fn users_moved_to_a_running_region_wait_for_no_start() {
    let y = |need: &str| {
        doc(
            "web",
            MON,
            &format!(
                "  - {{ id: cfg, kind: object-storage, provider: aws, service: s3, regions: [us-east-1] }}\n  - {{ id: web, kind: compute, provider: aws, service: ec2, regions: [us-west-2, us-east-1], topology: active-active, failover: {{ trigger: automatic, via: client, needs_control_plane: false }}{need} }}\n"
            ),
        )
    };
    let region = |y: &str| sim(y, "region-data-plane-loss", "region:aws/us-east-1", 100.0);
    let start = region(&y(", needs_at_start: [cfg]"));
    let without = region(&y(""));
    // The users of us-east-1 (half) are down until the client has moved them, no longer.
    assert!(start.impact_minutes < 100.0, "{start:?}");
    assert_eq!(
        (start.impact_minutes, start.weighted_minutes),
        (without.impact_minutes, without.weighted_minutes)
    );
}

/// A vendor's service replicating between the two regions of its `runs_on` is not told it
/// runs in none (found by a review: "runs in 0 region"); in one, it is told so.
#[test]
fn a_vendor_replicating_across_its_runs_on_regions_is_not_warned() {
    let y = |regions: &str| {
        doc(
            "idp",
            MON,
            &format!(
                "  - {{ id: idp, kind: identity, provider: saas:okta, runs_on: {{ provider: aws, regions: {regions} }}, data: {{ replication: async }} }}\n"
            ),
        )
    };
    let warned = |regions: &str| {
        codes(&y(regions))
            .into_iter()
            .any(|(code, _)| code == "replication-without-regions")
    };
    assert!(!warned("[us-west-2, us-east-1]"));
    assert!(warned("[us-west-2]"));
    let diags = validate(&arch(&y("[us-west-2]")), Catalogue::builtin());
    let d = diags
        .iter()
        .find(|d| d.code.as_str() == "replication-without-regions");
    assert!(
        d.is_some_and(|d| d.message.ends_with("runs in one region")
            && d.help
                .as_deref()
                .is_some_and(|h| h.contains("runs_on.regions"))),
        "{diags:?}"
    );
}
