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
    STATEFUL_RESTART_MINUTES, STATELESS_REBUILD_MINUTES, UNVERIFIED_RESTORE_FACTOR,
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
