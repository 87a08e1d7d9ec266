//! One hand-computed test per rule of docs/scoring.md: each expected number is worked out
//! from the rule, the constants (`faultline::constants`) and the catalogue's data, never
//! read back from the engine.

use crate::api::{parse, score, simulate, validate};
use faultline::catalogue::Catalogue;
use faultline::constants::{
    BACKLOG_DRAIN_MINUTES, CACHE_WARMUP_MINUTES, DEFAULT_DETECT_MANUAL, DEFAULT_SWITCH_CLIENT,
    DEGRADED_WEIGHT, FIRST_RING_SHARE, ONE_BUILDING_CAP, SCALE_OUT_SHARE, STATEFUL_RESTART_MINUTES,
    STATELESS_REBUILD_MINUTES, WARM_SCALE_MINUTES, ZONE_FAILOVER_MINUTES,
};
use faultline::domain::DomainId;
use faultline::model::Architecture;
use faultline::report::{JourneyImpact, Status};
use faultline::{Format, ScoreReport, SimulateRequest};

pub(crate) fn arch(yaml: &str) -> Architecture {
    parse(yaml, Format::Yaml)
        .unwrap_or_else(|e| panic!("fixture does not parse: {e:?}\n{yaml}"))
        .architecture
}

fn report(yaml: &str) -> ScoreReport {
    score(&arch(yaml), Catalogue::builtin()).unwrap_or_else(|e| panic!("scores: {e}"))
}

pub(crate) fn sim(yaml: &str, pattern: &str, at: &str, minutes: f64) -> JourneyImpact {
    let req = SimulateRequest {
        pattern: pattern.into(),
        at: at.into(),
        minutes: Some(minutes),
    };
    let mut r = simulate(&arch(yaml), Catalogue::builtin(), &req)
        .unwrap_or_else(|e| panic!("simulate: {e}"))
        .journeys;
    assert_eq!(r.len(), 1, "fixtures have one journey");
    r.remove(0)
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

fn pattern(id: &str) -> &'static faultline::catalogue::Pattern {
    Catalogue::builtin().pattern(id).expect("pattern")
}

pub(crate) const MON: &str = "operations: { monitoring: { provider: saas:datadog } }\n";

fn one_journey(components: &str) -> String {
    format!(
        "version: 1\nname: t\n{MON}journeys:\n  - {{ name: j, entry: [web] }}\ncomponents:\n{components}"
    )
}

fn downtime(r: &ScoreReport) -> f64 {
    r.journeys[0].expected_downtime_minutes_per_year
}

// ---- 1. Scenarios ------------------------------------------------------------------------

#[test]
fn regional_events_are_one_event_split_by_root_service() {
    let p = pattern("region-foundational-service-loss");
    let region = DomainId::parse("region:aws/us-east-1").unwrap();
    // No `service:`: every root of the mix hits the generic exposure, once each.
    let r = report(&one_journey(
        "  - { id: web, kind: compute, provider: aws, headroom_percent: 100, regions: [{ name: us-east-1, zones: 2 }] }\n",
    ));
    let regional: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.pattern == "region-foundational-service-loss")
        .collect();
    let roots: Vec<&str> = p
        .root_services
        .iter()
        .filter(|s| s.provider == "aws")
        .map(|s| s.service.as_str())
        .collect();
    assert_eq!(regional.len(), roots.len(), "one scenario per root service");
    for f in &regional {
        let root = f.domain.rsplit('/').next().unwrap();
        assert!(roots.contains(&root), "{}", f.domain);
        let share = p
            .root_services
            .iter()
            .find(|s| s.service == root)
            .unwrap()
            .share;
        assert!(close(f.per_year, p.per_year_at(&region) * share, 1e-6));
        assert_eq!(f.impact_minutes, p.duration.median_minutes);
    }
    // The shares sum to one: the regional rate is counted once, not once per service.
    let total: f64 = regional.iter().map(|f| f.per_year).sum();
    // (Each share is rounded to four decimals in the catalogue.)
    assert!(
        close(total, p.per_year_at(&region), 1e-3 * total),
        "{total}"
    );
    // Another region has its own rate.
    let west = DomainId::parse("region:aws/us-west-2").unwrap();
    assert!(p.per_year_at(&west) < p.per_year_at(&region));
}

#[test]
fn naming_the_service_never_raises_the_expected_downtime() {
    for (kind, provider, service, region) in [
        ("compute", "aws", "ec2", "us-east-1"),
        ("database", "aws", "rds", "us-east-1"),
        ("object-storage", "aws", "s3", "us-east-1"),
        ("database", "aws", "dynamodb", "us-east-1"),
        ("queue", "aws", "sqs", "us-east-1"),
        ("function", "aws", "lambda", "us-east-1"),
        ("load-balancer", "aws", "elb", "us-east-1"),
        ("compute", "gcp", "compute-engine", "us-central1"),
        ("database", "azure", "sql-database", "eastus"),
    ] {
        let c = |named: bool| {
            one_journey(&format!(
                "  - {{ id: web, kind: {kind}, provider: {provider},{} regions: [{{ name: {region}, zones: 2 }}] }}\n",
                if named {
                    format!(" service: {service},")
                } else {
                    String::new()
                }
            ))
        };
        let (named, unnamed) = (report(&c(true)), report(&c(false)));
        assert!(
            downtime(&named) <= downtime(&unnamed) + 1e-9,
            "{provider}/{service}: named {} > unnamed {}",
            downtime(&named),
            downtime(&unnamed)
        );
        // `check` says that naming it sharpens the answer.
        let notes = validate(&arch(&c(false)), Catalogue::builtin());
        assert!(
            notes.iter().any(|d| d.code.as_str() == "service-unnamed"),
            "{provider}/{kind}: {notes:?}"
        );
        let notes = validate(&arch(&c(true)), Catalogue::builtin());
        assert!(!notes.iter().any(|d| d.code.as_str() == "service-unnamed"));
    }
    // A service the profile does not know is scored as no service at all.
    let typo = report(&one_journey(
        "  - { id: web, kind: compute, provider: aws, service: ec3, regions: [{ name: us-east-1, zones: 2 }] }\n",
    ));
    let unnamed = report(&one_journey(
        "  - { id: web, kind: compute, provider: aws, regions: [{ name: us-east-1, zones: 2 }] }\n",
    ));
    assert_eq!(downtime(&typo), downtime(&unnamed));
}

#[test]
fn a_dns_and_cdn_site_has_the_backbone_scenario() {
    let site = "version: 1\nname: t\njourneys:\n  - { name: j, entry: [dns, web] }\ncomponents:\n  - { id: dns, kind: dns, provider: aws, service: route53 }\n  - { id: web, kind: cdn, provider: aws, service: cloudfront }\n";
    let r = report(site);
    let backbone = r
        .findings
        .iter()
        .find(|f| f.scenario == "backbone-routing-failure@backbone:aws")
        .expect("the backbone scenario is played");
    assert_eq!(backbone.status, Status::Down);
    assert!(close(
        backbone.per_year,
        pattern("backbone-routing-failure")
            .frequency
            .per_instance_per_year,
        1e-6
    ));
    // An unrelated instance elsewhere adds nothing to the site.
    let more =
        format!("{site}  - {{ id: batch, kind: compute, provider: aws, regions: [eu-west-1] }}\n");
    assert_eq!(downtime(&report(&more)), downtime(&r));
}

#[test]
fn change_risk_is_a_rate_per_component_you_change() {
    let base = "version: 1\nname: t\njourneys:\n  - { name: j, entry: [web] }\ncomponents:\n  - { id: web, kind: compute, provider: aws, regions: [us-east-1], depends_on: [db, pay] }\n  - { id: db, kind: database, provider: aws, regions: [us-east-1] }\n  - { id: pay, kind: third-party-api, provider: saas:stripe }\n";
    let r = report(base);
    let rate = pattern("destructive-operator-action")
        .frequency
        .per_instance_per_year;
    let changes: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.pattern == "destructive-operator-action")
        .collect();
    let ids: Vec<&str> = changes.iter().map(|f| f.scenario.as_str()).collect();
    // One scenario per component you run (not the SaaS vendor), each at the full rate.
    assert_eq!(
        ids,
        [
            "destructive-operator-action@change:production#db",
            "destructive-operator-action@change:production#web"
        ],
        "{ids:?}"
    );
    assert!(changes.iter().all(|f| close(f.per_year, rate, 1e-6)));
    // A component no journey reaches adds its own scenario and nothing to `j`.
    let more =
        format!("{base}  - {{ id: tool, kind: compute, provider: aws, regions: [us-east-1] }}\n");
    assert_eq!(downtime(&report(&more)), downtime(&r));
}

#[test]
fn staged_agents_shrink_the_blast_radius_to_a_ring() {
    let p = pattern("agent-bad-update");
    let bypass = p
        .ring_bypass_share
        .as_ref()
        .expect("cited bypass share")
        .value;
    let rate = p.frequency.per_instance_per_year;
    let r = report(&one_journey(
        "  - { id: web, kind: compute, provider: aws, staged_agents: [falcon], headroom_percent: 100, regions: [{ name: us-east-1, zones: 2 }] }\n",
    ));
    let all = r
        .findings
        .iter()
        .find(|f| f.scenario == "agent-bad-update@agent:falcon")
        .expect("the update that bypasses the rings");
    let ring = r
        .findings
        .iter()
        .find(|f| f.scenario == "agent-bad-update@agent:falcon~first-ring")
        .expect("the update that stops at the first ring");
    assert!(close(all.per_year, rate * bypass, 1e-6));
    assert!(close(ring.per_year, rate * (1.0 - bypass), 1e-6));
    // Every host, until the stateless service is rebuilt from its image.
    let rebuilt = p.duration.median_minutes.min(STATELESS_REBUILD_MINUTES);
    assert_eq!((all.status, all.impact_minutes), (Status::Down, rebuilt));
    // The first ring only: a tenth of the users, a partial outage.
    assert_eq!(ring.status, Status::Degraded);
    assert_eq!(ring.affected_share, FIRST_RING_SHARE);
    assert!(close(
        ring.weighted_minutes,
        FIRST_RING_SHARE * rebuilt,
        1e-6
    ));
}

// ---- 2. Implications ---------------------------------------------------------------------

#[test]
fn chains_start_at_the_failed_domain() {
    let mut checked = 0;
    for entry in std::fs::read_dir("examples").expect("examples/") {
        let path = entry.expect("entry").path();
        if !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let r = score(
            &parse(&text, Format::Yaml).expect("parses").architecture,
            Catalogue::builtin(),
        )
        .expect("scores");
        for f in &r.findings {
            let first = f.chain.first().expect("a chain");
            assert_eq!(
                first.subject,
                f.domain,
                "{}: {} starts at {}",
                path.display(),
                f.id,
                first.text
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
}

// ---- 3. Propagation ----------------------------------------------------------------------

#[test]
fn stateful_zones_are_primary_and_standbys() {
    let db = |service: &str| {
        one_journey(&format!(
            "  - {{ id: web, kind: database, provider: aws, service: {service}, regions: [{{ name: us-east-1, zones: [a1, a2, a3] }}] }}\n"
        ))
    };
    // The primary's zone: the in-zone failover, all users, 2 minutes.
    let j = sim(
        &db("rds"),
        "zone-physical-loss",
        "zone:aws/us-east-1/a1",
        300.0,
    );
    assert_eq!(
        (j.status, j.impact_minutes, j.affected_share),
        (Status::Down, ZONE_FAILOVER_MINUTES, 1.0)
    );
    // A standby's zone costs nothing (no capacity is lost: the standby serves no one).
    let j = sim(
        &db("rds"),
        "zone-physical-loss",
        "zone:aws/us-east-1/a2",
        300.0,
    );
    assert_eq!(j.status, Status::Up);
    // A provider-scaled store keeps every write in several zones: nothing at all.
    let j = sim(
        &db("dynamodb"),
        "zone-physical-loss",
        "zone:aws/us-east-1/a1",
        300.0,
    );
    assert_eq!(j.status, Status::Up);
}

#[test]
fn control_plane_loss_degrades_what_scales_with_demand() {
    let web = |headroom: u32| {
        one_journey(&format!(
            "  - {{ id: web, kind: compute, provider: aws, headroom_percent: {headroom}, regions: [{{ name: us-east-1, zones: 3 }}] }}\n"
        ))
    };
    let j = sim(
        &web(0),
        "region-control-plane-loss",
        "control:aws/us-east-1",
        300.0,
    );
    assert_eq!(
        (j.status, j.degraded_minutes, j.degraded_share),
        (Status::Degraded, 300.0, SCALE_OUT_SHARE)
    );
    assert!(close(
        j.weighted_minutes,
        DEGRADED_WEIGHT * SCALE_OUT_SHARE * 300.0,
        1e-9
    ));
    // Enough headroom to ride out the event without launching.
    let j = sim(
        &web(50),
        "region-control-plane-loss",
        "control:aws/us-east-1",
        300.0,
    );
    assert_eq!(j.status, Status::Up);
}

#[test]
fn partial_outages_are_degraded_and_judged_on_the_affected_users() {
    // Three active-active regions; the only monitor runs in us-east-1, so the manual
    // failover does not happen when us-east-1 is lost: its third of the users is down.
    let y = "version: 1\nname: t\noperations: { monitoring: { provider: aws, service: cloudwatch, regions: [us-east-1] } }\njourneys:\n  - { name: j, entry: [web], rto_minutes: 30 }\ncomponents:\n  - { id: web, kind: compute, provider: aws, headroom_percent: 100, topology: active-active, failover: { trigger: manual, via: dns }, regions: [us-east-1, us-west-2, eu-west-1] }\n";
    let j = sim(y, "region-data-plane-loss", "region:aws/us-east-1", 60.0);
    assert_eq!(
        j.status,
        Status::Degraded,
        "a third of the users is not the journey down"
    );
    assert_eq!(j.impact_minutes, 60.0);
    assert!(close(j.affected_share, 1.0 / 3.0, 1e-4));
    assert_eq!(j.all_down_minutes, 0.0);
    // The RTO is judged on the 60 minutes the affected users wait, not pro-rated.
    assert!(j.rto_breach);
    // The expected downtime weights minutes by share: 60 × 1/3.
    assert!(close(j.weighted_minutes, 20.0, 1e-3));
}

#[test]
fn any_of_failover_has_the_same_defaults_as_a_component() {
    let group = |monitoring: bool| {
        format!(
            "version: 1\nname: t\n{}journeys:\n  - {{ name: j, entry: [{{ any_of: [a, b], failover: {{ trigger: manual, via: client }} }}] }}\ncomponents:\n  - {{ id: a, kind: third-party-api, provider: saas:vendor-a }}\n  - {{ id: b, kind: third-party-api, provider: saas:vendor-b }}\n",
            if monitoring { MON } else { "" }
        )
    };
    // A person notices (15 minutes by default) and the clients switch (1 minute).
    let j = sim(
        &group(true),
        "hidden-third-party-dependency",
        "saas:vendor-a",
        300.0,
    );
    assert_eq!(
        (j.status, j.impact_minutes),
        (Status::Down, DEFAULT_DETECT_MANUAL + DEFAULT_SWITCH_CLIENT)
    );
    // Nobody is known to watch: the manual switch does not happen, with a warning.
    let j = sim(
        &group(false),
        "hidden-third-party-dependency",
        "saas:vendor-a",
        300.0,
    );
    assert_eq!(j.impact_minutes, 300.0);
    let notes = validate(&arch(&group(false)), Catalogue::builtin());
    assert!(
        notes
            .iter()
            .any(|d| d.code.as_str() == "monitoring-undeclared"),
        "{notes:?}"
    );
    // The same trigger on a component's failover takes the same time.
    let component = format!(
        "version: 1\nname: t\n{MON}journeys:\n  - {{ name: j, entry: [web] }}\ncomponents:\n  - {{ id: web, kind: compute, provider: aws, topology: active-passive, standby: hot, failover: {{ trigger: manual, via: client }}, regions: [us-east-1, us-west-2] }}\n"
    );
    let j = sim(
        &component,
        "region-data-plane-loss",
        "region:aws/us-east-1",
        300.0,
    );
    assert_eq!(
        j.impact_minutes,
        DEFAULT_DETECT_MANUAL + DEFAULT_SWITCH_CLIENT
    );
}

#[test]
fn components_recover_after_the_domain_returns() {
    let single = |kind: &str, service: &str| {
        one_journey(&format!(
            "  - {{ id: web, kind: {kind}, provider: aws, service: {service}, regions: [{{ name: us-east-1, zones: [a1] }}] }}\n"
        ))
    };
    let t = 100.0;
    // A database restarts and replays its log after the zone returns.
    let j = sim(
        &single("database", "rds"),
        "zone-physical-loss",
        "zone:aws/us-east-1/a1",
        t,
    );
    assert_eq!(j.impact_minutes, t + STATEFUL_RESTART_MINUTES);
    // A queue restarts, then its consumers drain the backlog (degraded).
    let j = sim(
        &single("queue", "kinesis"),
        "zone-physical-loss",
        "zone:aws/us-east-1/a1",
        t,
    );
    assert_eq!(j.impact_minutes, t + STATEFUL_RESTART_MINUTES);
    assert_eq!(j.degraded_minutes, BACKLOG_DRAIN_MINUTES);
    // A cache comes back empty and warms up (degraded).
    let j = sim(
        &single("cache", "elasticache"),
        "zone-physical-loss",
        "zone:aws/us-east-1/a1",
        t,
    );
    assert_eq!(
        (j.impact_minutes, j.degraded_minutes),
        (t, CACHE_WARMUP_MINUTES)
    );
    // A stateless server serves as soon as the zone is back.
    let j = sim(
        &single("compute", "ec2"),
        "zone-physical-loss",
        "zone:aws/us-east-1/a1",
        t,
    );
    assert_eq!((j.impact_minutes, j.degraded_minutes), (t, 0.0));
}

#[test]
fn a_cdn_serves_its_cache_through_an_origin_outage() {
    let site = |cache: &str| {
        format!(
            "version: 1\nname: t\njourneys:\n  - {{ name: j, entry: [web] }}\ncomponents:\n  - {{ id: web, kind: cdn, provider: cloudflare, depends_on: [bucket]{cache} }}\n  - {{ id: bucket, kind: object-storage, provider: aws, service: s3, regions: [us-east-1] }}\n"
        )
    };
    let window = Catalogue::builtin()
        .provider("cloudflare")
        .and_then(|p| p.cdn_cache_minutes)
        .expect("Cloudflare's cited edge cache lifetime");
    assert_eq!(window, 120.0);
    let s3 = "service:aws/us-east-1/s3";
    let p = "region-foundational-service-loss";
    // 240 minutes of origin outage, a 120-minute window: fresh shares 7/8, 5/8, 3/8, 1/8
    // for 30 minutes each are served stale (60 share-minutes degraded), the rest is down
    // (240 − 60 = 180); nearly all users are down once the window has passed.
    let j = sim(&site(""), p, s3, 240.0);
    assert_eq!(j.status, Status::Down);
    assert!(
        close(j.weighted_minutes, 180.0 + DEGRADED_WEIGHT * 60.0, 1e-6),
        "{}",
        j.weighted_minutes
    );
    assert_eq!(j.all_down_minutes, 120.0);
    // An outage shorter than the window: 60 minutes, 45 share-minutes served stale, 15 down.
    let j = sim(&site(""), p, s3, 60.0);
    assert_eq!(j.status, Status::Degraded);
    assert!(
        close(j.weighted_minutes, 15.0 + DEGRADED_WEIGHT * 45.0, 1e-6),
        "{}",
        j.weighted_minutes
    );
    // Nothing cacheable: down for the whole outage.
    let j = sim(&site(", cache: { cacheable_percent: 0 }"), p, s3, 240.0);
    assert_eq!(
        (j.status, j.impact_minutes, j.weighted_minutes),
        (Status::Down, 240.0, 240.0)
    );
}

/// A degraded origin degrades only the requests its CDN's cache does not answer fresh: the
/// origin `api` works without `helper` (soft) but is degraded while helper's region is
/// down; half the CDN's requests are cacheable and their content goes stale over
/// Cloudflare's 120-minute window (fresh shares 7/8, 5/8, 3/8, 1/8 for 30 minutes each).
/// Over 240 minutes the CDN is degraded for 240 − ½ × 60 = 210 share-minutes, where every
/// request was degraded before (found by a review: a soft dependency that degraded the
/// origin instead of taking it down lost the cache's help and cost more than the hard one).
#[test]
fn a_cdn_cache_answers_past_a_degraded_origin() {
    let y = "version: 1\nname: t\njourneys:\n  - { name: j, entry: [web] }\ncomponents:\n  - { id: web, kind: cdn, provider: cloudflare, depends_on: [api], cache: { cacheable_percent: 50 } }\n  - { id: api, kind: compute, provider: aws, service: ec2, regions: [{ name: us-west-2, zones: 3 }], depends_on: [{ id: helper, hard: false }] }\n  - { id: helper, kind: object-storage, provider: aws, service: s3, regions: [us-east-1] }\n";
    let j = sim(
        y,
        "region-foundational-service-loss",
        "service:aws/us-east-1/s3",
        240.0,
    );
    assert_eq!(j.status, Status::Degraded, "{j:?}");
    assert_eq!(j.degraded_minutes, 240.0);
    assert!(
        close(j.weighted_minutes, DEGRADED_WEIGHT * 210.0, 1e-6),
        "{}",
        j.weighted_minutes
    );
}

// ---- 4. The journey's outcome ------------------------------------------------------------

#[test]
fn interruptions_shorter_than_the_tolerance_are_not_outages() {
    let y = |tolerance: &str| {
        format!(
            "version: 1\nname: t\n{MON}journeys:\n  - {{ name: j, entry: [web]{tolerance} }}\ncomponents:\n  - {{ id: web, kind: compute, provider: aws, topology: active-passive, standby: hot, failover: {{ trigger: automatic, via: client, detect_minutes: 0, switch_minutes: 0.5 }}, regions: [us-east-1, us-west-2] }}\n"
        )
    };
    // Half a minute of failover is below the default tolerance (1 minute).
    let j = sim(
        &y(""),
        "region-data-plane-loss",
        "region:aws/us-east-1",
        300.0,
    );
    assert_eq!((j.status, j.weighted_minutes), (Status::Up, 0.0));
    // With no tolerance it is an outage of half a minute.
    let j = sim(
        &y(", tolerance_minutes: 0"),
        "region-data-plane-loss",
        "region:aws/us-east-1",
        300.0,
    );
    assert_eq!((j.status, j.impact_minutes), (Status::Down, 0.5));
    // A warm standby: the same half minute, then `WARM_SCALE_MINUTES` degraded while it
    // scales. The outage runs straight into the degradation: one disruption of 10.5
    // minutes, longer than the tolerance, so the half minute counts:
    // 0.5 + 0.25 × 10 = 3 (not 2.5: a short outage is not cheaper than being slow).
    let j = sim(
        &y("").replace("standby: hot", "standby: warm"),
        "region-data-plane-loss",
        "region:aws/us-east-1",
        300.0,
    );
    assert!(
        close(
            j.weighted_minutes,
            0.5 + DEGRADED_WEIGHT * WARM_SCALE_MINUTES,
            1e-9
        ),
        "{}",
        j.weighted_minutes
    );
}

#[test]
fn breaches_are_expected_per_year() {
    let r = report(
        "version: 1\nname: t\njourneys:\n  - { name: j, entry: [web], rto_minutes: 60, rpo_minutes: 5 }\ncomponents:\n  - { id: web, kind: compute, provider: aws, regions: [{ name: us-east-1, zones: 1 }], depends_on: [db] }\n  - { id: db, kind: database, provider: aws, service: rds, regions: [{ name: us-east-1, zones: 1 }], data: { backups: same-region, backup_interval_minutes: 1440 } }\n",
    );
    let j = &r.journeys[0];
    let rto: f64 = r
        .findings
        .iter()
        .filter(|f| f.impact_minutes > 60.0)
        .map(|f| f.per_year)
        .sum();
    let rpo: f64 = r
        .findings
        .iter()
        .filter(|f| f.data_loss_total || f.data_loss_minutes.is_some_and(|m| m > 5.0))
        .map(|f| f.per_year)
        .sum();
    assert!(rto > 0.0 && rpo > 0.0, "the fixture breaches both");
    assert!(
        close(j.rto_breaches_per_year, rto, 1e-5),
        "{} vs {rto}",
        j.rto_breaches_per_year
    );
    assert!(
        close(j.rpo_breaches_per_year, rpo, 1e-5),
        "{} vs {rpo}",
        j.rpo_breaches_per_year
    );
}

// ---- 5. Score ----------------------------------------------------------------------------

#[test]
fn one_building_cannot_get_an_a() {
    // One VM in one building, against a lax target: its expected downtime fits the budget
    // easily, but the building takes it down for whole events.
    let one_site = "version: 1\nname: t\ntargets: { availability: 99.0 }\njourneys:\n  - { name: j, entry: [web] }\ncomponents:\n  - { id: web, kind: compute, provider: on-prem:hq }\n";
    let r = report(one_site);
    let j = &r.journeys[0];
    let uncapped = 100.0 - 50.0 * j.expected_downtime_minutes_per_year / j.budget_minutes_per_year;
    assert!(uncapped > 90.0, "{uncapped}: the fixture would get an A");
    assert_eq!(j.score, ONE_BUILDING_CAP);
    assert!(j.capped.as_deref().is_some_and(|c| c.contains("site:hq")));
    // The site's power, network, room, storage, feed and uplink events are all played, at cited rates
    // (a server that names no room or array rests on the site's generic ones).
    for (p, at) in [
        ("site-power-loss", "site:hq"),
        ("site-network-loss", "site:hq"),
        ("room-loss", "room:hq/*"),
        ("site-storage-failure", "storage:hq/*"),
        ("power-path-loss", "feed:hq/*"),
        ("uplink-loss", "uplink:hq/*"),
        ("site-loss", "site:hq"),
    ] {
        let f = r
            .findings
            .iter()
            .find(|f| f.scenario == format!("{p}@{at}"))
            .unwrap_or_else(|| panic!("{p} is played"));
        assert!(close(
            f.per_year,
            pattern(p).frequency.per_instance_per_year,
            1e-6
        ));
    }
    // Lost points still add up to the score.
    let lost: f64 = r.findings.iter().map(|f| f.points).sum();
    assert!(close(100.0 - lost, r.score, 0.05), "{lost} {}", r.score);
    // The same server in three zones with spare capacity is not capped.
    let zones = report(
        "version: 1\nname: t\ntargets: { availability: 99.0 }\njourneys:\n  - { name: j, entry: [web] }\ncomponents:\n  - { id: web, kind: compute, provider: aws, headroom_percent: 50, regions: [{ name: us-east-1, zones: 3 }] }\n",
    );
    assert!(zones.journeys[0].capped.is_none());
}

// ---- The page names only tests that exist -----------------------------------------------

#[test]
fn every_test_docs_scoring_md_names_exists() {
    let doc = std::fs::read_to_string("docs/scoring.md").expect("docs/scoring.md");
    let mut sources = String::new();
    for entry in std::fs::read_dir("tests/it").expect("tests/it") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            sources.push_str(&std::fs::read_to_string(&path).expect("read"));
        }
    }
    // "(test: `a`)", "(tests: `a`, `b`)", "(Tests: ...)": the backticked names up to ')'.
    let flat = doc.replace('\n', " ");
    let mut named = Vec::new();
    for marker in ["test: ", "tests: ", "Tests: "] {
        for rest in flat.split(marker).skip(1) {
            let upto = rest.split(')').next().unwrap_or("");
            named.extend(upto.split('`').skip(1).step_by(2).map(str::to_owned));
        }
    }
    assert!(
        named.len() >= 15,
        "only {} tests named: {named:?}",
        named.len()
    );
    let missing: Vec<&String> = named
        .iter()
        .filter(|n| {
            let f = n.rsplit("::").next().unwrap_or(n);
            !sources.contains(&format!("fn {f}("))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "docs/scoring.md names tests that do not exist: {missing:?}"
    );
}

#[test]
fn cells_lose_only_their_own_customers() {
    // Three cells; losing one takes down its third of the customers for the event, with
    // nothing moved (not even with a failover declared: cells never fail over).
    let y = |topology: &str| {
        format!(
            "version: 1\nname: t\n{MON}journeys:\n  - {{ name: j, entry: [web], rto_minutes: 30 }}\ncomponents:\n  - {{ id: web, kind: compute, provider: aws, topology: {topology}, headroom_percent: 100, failover: {{ trigger: automatic, via: dns, needs_control_plane: false }}, regions: [us-east-1, us-west-2, eu-west-1] }}\n"
        )
    };
    let j = sim(
        &y("cells"),
        "region-data-plane-loss",
        "region:aws/us-east-1",
        120.0,
    );
    assert_eq!(j.status, Status::Degraded);
    assert_eq!(j.impact_minutes, 120.0);
    assert!(close(j.affected_share, 1.0 / 3.0, 1e-4));
    assert!(close(j.weighted_minutes, 40.0, 1e-3));
    assert!(j.rto_breach, "its customers wait the whole event");
    // Active-active with the same failover moves them: 3 + 5 minutes for that third.
    let j = sim(
        &y("active-active"),
        "region-data-plane-loss",
        "region:aws/us-east-1",
        120.0,
    );
    assert!(
        close(j.weighted_minutes, 8.0 / 3.0, 1e-3),
        "{}",
        j.weighted_minutes
    );
    // `check` says the failover of cells is not used.
    let notes = validate(&arch(&y("cells")), Catalogue::builtin());
    assert!(
        notes.iter().any(|d| d.code.as_str() == "failover-unused"),
        "{notes:?}"
    );
    // Every cell lost is everyone down; the risk tree agrees (no region is a single point,
    // the three together are a risk group).
    let r = crate::api::risk_groups(
        &arch(&y("cells")),
        Catalogue::builtin(),
        &faultline::RiskOptions::default(),
    )
    .expect("risk");
    let j = &r.journeys[0];
    assert!(
        !j.single_points
            .iter()
            .any(|g| g.domains[0].starts_with("region:"))
    );
    assert!(j.risk_groups.iter().any(|g| g.domains
        == [
            "region:aws/eu-west-1".to_owned(),
            "region:aws/us-east-1".to_owned(),
            "region:aws/us-west-2".to_owned()
        ]));
}

#[test]
fn dependencies_share_their_users() {
    // `api` is active-active over two regions; no monitoring is declared, so its manual
    // failover does not happen: losing us-east-1 takes its half of the users down for the
    // event (100 % headroom: the other half is served as before).
    let y = |entry: &str| {
        format!(
            "version: 1\nname: t\njourneys:\n  - {{ name: j, entry: {entry} }}\ncomponents:\n  - {{ id: api, kind: compute, provider: aws, topology: active-active, headroom_percent: 100, regions: [us-east-1, us-west-2] }}\n  - {{ id: web, kind: compute, provider: aws, depends_on: [api] }}\n"
        )
    };
    let at = |entry: &str| {
        sim(
            &y(entry),
            "region-data-plane-loss",
            "region:aws/us-east-1",
            60.0,
        )
    };
    // Hard: half the users down for 60 minutes, 30 share-weighted minutes.
    let hard = at("[web, api]");
    assert!(close(hard.affected_share, 0.5, 1e-9));
    assert!(close(hard.weighted_minutes, 30.0, 1e-9));
    // `web` soft: its half is degraded, but it is the half `api` already takes down (the
    // same users, through the same region): still 30, never more than the hard entry.
    let soft = at("[{ id: web, hard: false }, api]");
    assert!(
        close(soft.weighted_minutes, 30.0, 1e-9),
        "{}",
        soft.weighted_minutes
    );
    assert_eq!(soft.degraded_share, 0.0);
    // `web` soft alone: that half degraded, 0.25 × 0.5 × 60.
    let alone = at("[{ id: web, hard: false }]");
    assert!(close(alone.degraded_share, 0.5, 1e-9));
    assert!(close(
        alone.weighted_minutes,
        DEGRADED_WEIGHT * 0.5 * 60.0,
        1e-9
    ));
}

#[test]
fn any_of_serves_each_user_from_a_member_that_answers() {
    // `web` needs `api`, active-active over two regions with no monitoring declared (its
    // manual failover does not happen): losing us-east-1 takes half of `web`'s users down
    // for the event. `backup` is a hot standby pair that fails over by itself in 2 + 2
    // minutes. The group switches by the client in 0 + 1 minute.
    let y = "version: 1\nname: t\njourneys:\n  - name: j\n    entry:\n      - { any_of: [web, backup], failover: { trigger: automatic, via: client, detect_minutes: 0, switch_minutes: 1 } }\ncomponents:\n  - { id: api, kind: compute, provider: aws, topology: active-active, headroom_percent: 100, regions: [us-east-1, us-west-2] }\n  - { id: web, kind: compute, provider: aws, depends_on: [api] }\n  - { id: backup, kind: compute, provider: aws, regions: [us-east-1, us-west-2], topology: active-passive, standby: hot, failover: { trigger: automatic, via: client, detect_minutes: 2, switch_minutes: 2, needs_control_plane: false } }\n";
    let j = sim(y, "region-data-plane-loss", "region:aws/us-east-1", 60.0);
    // Minute 0–1: `web`'s half down (the switch is not done). Minutes 1–4: the half `web`
    // fails retries on `backup`, itself still failing over: that half stays down, the
    // other half keeps `web` (not everyone moved to a member that is down). From minute 4
    // `backup` answers them: 4 × 0.5 = 2 share-weighted minutes.
    assert!(close(j.affected_share, 0.5, 1e-9), "{}", j.affected_share);
    assert!(close(j.impact_minutes, 4.0, 1e-9), "{}", j.impact_minutes);
    assert!(
        close(j.weighted_minutes, 2.0, 1e-9),
        "{}",
        j.weighted_minutes
    );
}

#[test]
fn a_warm_standby_scales_while_its_data_is_restored() {
    // A database whose data is not replicated: its standby in us-west-2 restores the
    // off-region backup first (120 minutes), after a 0 + 1 minute switch.
    let y = |standby: &str, replication: &str| {
        format!(
            "version: 1\nname: t\n{MON}journeys:\n  - {{ name: j, entry: [db] }}\ncomponents:\n  - {{ id: db, kind: database, provider: aws, regions: [us-east-1, us-west-2], standby: {standby}, failover: {{ trigger: automatic, via: client, detect_minutes: 0, switch_minutes: 1, needs_control_plane: false }}, data: {{ replication: {replication}, backups: other-region, restore_minutes: 120 }} }}\n"
        )
    };
    let at = |standby: &str, replication: &str| {
        sim(
            &y(standby, replication),
            "region-data-plane-loss",
            "region:aws/us-east-1",
            300.0,
        )
        .weighted_minutes
    };
    // Warm: down 1 + 120 minutes; it scales during the restore, so nothing is left of
    // its `WARM_SCALE_MINUTES` after it: 121, the same as a pilot light, whose
    // `PILOT_LIGHT_MINUTES` launch also runs during the restore (1 + max(30, 120)).
    assert!(
        close(at("warm", "none"), 121.0, 1e-9),
        "{}",
        at("warm", "none")
    );
    assert!(close(at("pilot-light", "none"), 121.0, 1e-9));
    // Replicated, nothing to restore: down 1 minute, then degraded while it scales.
    assert!(close(
        at("warm", "sync"),
        1.0 + DEGRADED_WEIGHT * WARM_SCALE_MINUTES,
        1e-9
    ));
}

#[test]
fn a_global_endpoint_caller_relies_on_the_home_region() {
    // `web` runs in us-west-2 only but calls AWS's global endpoints: it rests on AWS's
    // global control plane, which is hosted in us-east-1 (the home region) and fails with
    // that region's network (AWS 2021-12-07). us-east-1's data-plane loss is played though
    // nothing is placed there, and takes `web` down for the whole event; a regional API
    // failure there that leaves the network up (EBS 2011, S3 2017) does not reach it.
    let y = "version: 1\nname: t\njourneys:\n  - { name: j, entry: [web] }\ncomponents:\n  - { id: web, kind: compute, provider: aws, regions: [us-west-2], endpoints: global }\n";
    let r = report(y);
    let p = pattern("region-data-plane-loss");
    let home = DomainId::Region {
        provider: "aws".into(),
        region: "us-east-1".into(),
    };
    let f = r
        .findings
        .iter()
        .find(|f| f.pattern == p.id && f.domain == home.to_string())
        .unwrap_or_else(|| panic!("no finding at {home}: {:?}", r.findings));
    assert!(close(f.per_year, p.per_year_at(&home), 1e-6));
    assert_eq!(f.impact_minutes, p.duration.median_minutes);
    assert!(close(f.weighted_minutes, p.duration.median_minutes, 1e-9));
    assert!(
        !r.findings
            .iter()
            .any(|f| f.domain == "control:aws/us-east-1"),
        "{:?}",
        r.findings
    );
}
