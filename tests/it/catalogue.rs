//! Catalogue integrity: the built-in data keep their promises (every figure cited, every
//! reference resolvable), user files are checked the same way, and docs/catalogue.md is the
//! rendering of the built-in catalogue.

use std::collections::BTreeSet;
use std::path::PathBuf;

use faultline::catalogue::{
    Catalogue, CatalogueError, ExposureUnit, FEW_EVENTS, ProblemKind, explain, render, stats,
};
use faultline::domain::{DomainClass, DomainId};

fn builtin() -> &'static Catalogue {
    match Catalogue::try_builtin() {
        Ok(c) => c,
        Err(e) => panic!("the built-in catalogue does not parse: {e}"),
    }
}

/// The pattern ids the incident data and the engine rely on.
const REQUIRED_PATTERNS: [&str; 26] = [
    "zone-physical-loss",
    "zonal-service-failure",
    "zone-degraded",
    "site-power-loss",
    "site-network-loss",
    "site-storage-failure",
    "region-data-plane-loss",
    "region-control-plane-loss",
    "region-foundational-service-loss",
    "region-physical-loss",
    "global-control-plane-loss",
    "global-config-push",
    "cdn-edge-failure",
    "backbone-routing-failure",
    "managed-dns-failure",
    "identity-provider-failure",
    "monitoring-shares-fate",
    "retry-storm-metastable",
    "credential-expiry",
    "agent-bad-update",
    "site-loss",
    "hidden-third-party-dependency",
    "destructive-operator-action",
    "own-global-rollout",
    "ai-service-degradation",
    "ai-assisted-change",
];

#[test]
fn builtin_catalogue_passes_every_integrity_check() {
    let problems = builtin().check();
    let listed: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        problems.is_empty(),
        "{} problems in the built-in catalogue:\n{}",
        problems.len(),
        listed.join("\n")
    );
}

#[test]
fn builtin_catalogue_is_big_enough() {
    let cat = builtin();
    assert!(cat.patterns.len() >= 16, "{} patterns", cat.patterns.len());
    assert!(
        cat.incidents.len() >= 45,
        "{} incidents",
        cat.incidents.len()
    );
    assert!(!cat.version.is_empty());
    for id in REQUIRED_PATTERNS {
        assert!(cat.pattern(id).is_some(), "pattern `{id}` is missing");
    }
}

#[test]
fn every_incident_is_documented() {
    for i in &builtin().incidents {
        assert!(!i.date.is_empty(), "{}: no date", i.id);
        assert!(!i.provider.trim().is_empty(), "{}: no provider", i.id);
        assert!(
            !i.root_cause.primary.trim().is_empty(),
            "{}: no root cause",
            i.id
        );
        assert!(
            i.main_impact_minutes.is_some()
                || i.duration_note
                    .as_deref()
                    .is_some_and(|n| !n.trim().is_empty()),
            "{}: neither a duration nor a note",
            i.id
        );
        assert!(!i.sources.is_empty(), "{}: no source", i.id);
        for s in &i.sources {
            assert!(
                s.url.starts_with("https://"),
                "{}: source {} is not https",
                i.id,
                s.url
            );
        }
    }
}

#[test]
fn every_pattern_cites_incidents_and_derives_its_numbers() {
    for p in &builtin().patterns {
        assert!(!p.incidents.is_empty(), "{}: cites no incident", p.id);
        assert!(!p.effects.is_empty(), "{}: no effect", p.id);
        assert!(
            !p.duration.derivation.trim().is_empty(),
            "{}: duration has no derivation",
            p.id
        );
        assert!(
            !p.frequency.derivation.trim().is_empty(),
            "{}: frequency has no derivation",
            p.id
        );
        assert!(
            p.duration.median_minutes > 0.0 && p.duration.median_minutes <= p.duration.p90_minutes,
            "{}",
            p.id
        );
        assert!(
            p.frequency.per_instance_per_year > 0.0,
            "{}: frequency is zero",
            p.id
        );
        assert!(!p.mitigations.is_empty(), "{}: no mitigation", p.id);
    }
}

/// The documented method: a fitted duration is the log-normal of the counted events'
/// durations (own spread from five values, else the pooled spread); the stored fit, median,
/// p90 and mean are what the data imply.
#[test]
fn duration_fits_are_recomputed_from_the_counted_events() {
    let cat = builtin();
    let expected = stats::expected_fits(cat);
    let pooled = stats::pooled_sigma(cat).expect("some pattern has two durations");
    for p in &cat.patterns {
        let d = &p.duration;
        match (&d.fit, expected.get(&p.id)) {
            (Some(stored), Some(want)) => {
                assert_eq!(stored.n, want.n, "{}: sample size", p.id);
                assert_eq!(stored.sigma_from, want.sigma_from, "{}: sigma source", p.id);
                assert!(
                    (stored.mu - want.mu).abs() < 1e-5,
                    "{}: mu {} vs {}",
                    p.id,
                    stored.mu,
                    want.mu
                );
                assert!(
                    (stored.sigma - want.sigma).abs() < 1e-5,
                    "{}: sigma {} vs {} (pooled {pooled})",
                    p.id,
                    stored.sigma,
                    want.sigma
                );
            }
            (None, Some(want)) if d.published.is_some() => {
                let (m, p90, mean) = stats::summary(want);
                assert_eq!(d.median_minutes, stats::round_minutes(m), "{}", p.id);
                assert_eq!(d.p90_minutes, stats::round_minutes(p90), "{}", p.id);
                assert_eq!(d.mean_minutes, Some(stats::round_minutes(mean)), "{}", p.id);
            }
            (None, None) => assert!(d.estimate, "{}: no fit and not an estimate", p.id),
            (stored, want) => panic!("{}: stored fit {stored:?}, data imply {want:?}", p.id),
        }
        if let Some(f) = &d.fit {
            let (m, p90, mean) = stats::summary(f);
            assert_eq!(
                d.median_minutes,
                stats::round_minutes(m),
                "{}: median",
                p.id
            );
            assert_eq!(d.p90_minutes, stats::round_minutes(p90), "{}: p90", p.id);
            assert_eq!(
                d.mean_minutes,
                Some(stats::round_minutes(mean)),
                "{}: mean",
                p.id
            );
            assert!(f.n >= 1);
        }
    }
}

/// Rates are structured data: every pooled and regional rate equals Σ weights / unit-years
/// (or the product of its factors), to the 3 significant figures written.
#[test]
fn every_rate_is_recomputed_from_its_events_or_factors() {
    // Written to 3 significant figures: within half a unit of the third digit.
    let same = |stored: f64, computed: f64| {
        let unit = 10f64.powi(computed.abs().log10().floor() as i32 - 2);
        (stored - computed).abs() <= unit / 2.0 + 1e-12
    };
    for p in &builtin().patterns {
        let f = &p.frequency;
        let computed = match (&f.rate, f.factors.is_empty()) {
            (Some(r), true) => r.result(),
            (None, false) => faultline::catalogue::product(&f.factors),
            _ => panic!(
                "{}: a built-in rate is counted or a product of factors",
                p.id
            ),
        };
        assert!(
            same(f.per_instance_per_year, computed),
            "{}: {} vs {computed}",
            p.id,
            f.per_instance_per_year
        );
        assert_ne!(
            f.unit,
            ExposureUnit::Instance,
            "{}: the built-in rates name their unit",
            p.id
        );
        for r in &f.by_region {
            assert!(
                same(r.per_year, r.rate.result()),
                "{} in {}: {} vs {}",
                p.id,
                r.region,
                r.per_year,
                r.rate.result()
            );
            assert!(
                r.rate.events.iter().all(|e| cat_has(&e.incident)),
                "{}: regional events exist",
                p.id
            );
        }
        // A factor that is not an estimate is cited; an estimate says so in the rate.
        if f.factors.iter().any(|x| x.estimate) {
            assert!(
                f.estimate,
                "{}: an estimated factor makes the rate an estimate",
                p.id
            );
        }
    }
}

fn cat_has(id: &str) -> bool {
    builtin().incident(id).is_some()
}

/// One event, one count: across all patterns, no incident weighs more than 1; a split
/// weight says why; and the check reports a double count.
#[test]
fn no_incident_is_counted_twice() {
    let cat = builtin();
    for (id, w) in stats::weight_per_incident(cat) {
        assert!(w <= 1.0 + 1e-9, "{id} weighs {w}");
    }
    // Counting one incident in a second pattern is reported.
    let mut doubled = cat.clone();
    let counted = doubled.patterns[0]
        .frequency
        .rate
        .as_ref()
        .expect("zone-physical-loss is counted")
        .events[0]
        .clone();
    let other = doubled
        .patterns
        .iter_mut()
        .find(|p| p.id == "region-data-plane-loss")
        .expect("pattern");
    other.incidents.push(counted.incident.clone());
    other
        .frequency
        .rate
        .as_mut()
        .expect("counted")
        .events
        .push(counted);
    let kinds: Vec<ProblemKind> = doubled.check().into_iter().map(|p| p.kind).collect();
    assert!(kinds.contains(&ProblemKind::CountedTwice), "{kinds:?}");
}

/// The issue's named incidents are in, each counted once, with a primary source.
#[test]
fn the_incidents_issue_16_names_are_counted() {
    let cat = builtin();
    let ledger = stats::weight_per_incident(cat);
    for id in [
        "azure-2024-07-30-afd-ddos",
        "aws-2012-06-14-use1-power",
        "aws-2012-10-22-use1-ebs",
        "aws-2019-08-31-use1-power",
        "aws-2024-07-30-use1-kinesis",
        "gcp-2020-04-08-iam",
    ] {
        let inc = cat.incident(id).unwrap_or_else(|| panic!("{id} missing"));
        assert!(!inc.sources.is_empty(), "{id}");
        let w = ledger.get(id).copied().unwrap_or(0.0);
        assert!((w - 1.0).abs() < 1e-9, "{id} weighs {w}, not 1");
    }
}

/// Figures issue 16 named as wrong are fixed.
#[test]
fn the_figures_issue_16_names_are_fixed() {
    let cat = builtin();
    let inc = |id: &str| cat.incident(id).unwrap_or_else(|| panic!("{id}"));
    let part = |id: &str, part: &str| inc(id).minutes_of(Some(part));
    assert_eq!(
        part("aws-2011-04-21-use1-ebs", "regional-ebs-api"),
        Some(673.0)
    );
    assert_eq!(
        part("aws-2012-06-29-use1-power", "regional-control-plane"),
        Some(66.0)
    );
    assert_eq!(
        inc("aws-2012-06-29-use1-power").end.as_deref(),
        Some("2012-06-30T09:45:00Z")
    );
    assert_eq!(
        part("azure-2018-09-04-scus-cooling", "global-asm"),
        Some(941.0)
    );
    assert_eq!(
        part("aws-2025-10-20-use1-dynamodb-dns", "dynamodb-dns"),
        Some(172.0)
    );
    assert_eq!(
        inc("aws-2021-12-22-use1-az4-power").main_impact_minutes,
        Some(619.0)
    );
    assert_eq!(
        inc("gitlab-2017-01-31-db-loss").main_impact_minutes,
        Some(1124.0)
    );
    assert!(
        inc("cloudflare-2020-07-17-backbone")
            .title
            .contains("19 locations")
    );
    assert!(
        inc("cloudflare-2025-12-05-waf-killswitch")
            .sources
            .iter()
            .any(|s| s.url.starts_with("https://blog.cloudflare.com/"))
    );
    for id in [
        "meta-2021-10-04-backbone-bgp",
        "aws-2025-12-costexplorer-ai-agent",
        "atlassian-2022-04-05-site-deletion",
        "slack-2021-01-04-tgw",
        "salesforce-2021-05-11-dns-change",
        "amazon-2026-03-retail-genai-changes",
    ] {
        assert!(
            inc(id).main_impact_estimate,
            "{id}: a rounded press figure is an estimate"
        );
    }
    // Azure incidents cite their review, not the generic history page.
    for i in cat
        .incidents
        .iter()
        .filter(|i| i.provider == "azure" && i.date.as_str() >= "2020")
    {
        let generic = i
            .sources
            .iter()
            .all(|s| s.url == "https://azure.status.microsoft/en-us/status/history/");
        assert!(
            !generic || i.unverified.iter().any(|u| u.contains("Tracking ID")),
            "{}: cite the PIR",
            i.id
        );
    }
}

/// Replays say what the provider reported: the zone actually lost, the services named,
/// the data outcome.
#[test]
fn replays_follow_the_post_incident_reports() {
    let cat = builtin();
    let replay = |id: &str| {
        cat.incident(id)
            .and_then(|i| i.replay.as_ref())
            .unwrap_or_else(|| panic!("{id} has no replay"))
    };
    for id in ["aws-2011-04-21-use1-ebs", "aws-2012-06-29-use1-power"] {
        assert!(
            replay(id).at.iter().any(|d| d.class() == DomainClass::Zone),
            "{id} fails the zone it lost"
        );
    }
    let all_at = |id: &str| -> Vec<String> {
        let r = replay(id);
        r.at.iter()
            .chain(r.also.iter().flat_map(|a| a.at.iter()))
            .map(ToString::to_string)
            .collect()
    };
    let oct = all_at("aws-2025-10-20-use1-dynamodb-dns");
    for s in [
        "lambda", "cognito", "sts", "nlb", "ecs", "redshift", "connect",
    ] {
        assert!(
            oct.contains(&format!("service:aws/us-east-1/{s}")),
            "2025-10-20 names {s}: {oct:?}"
        );
    }
    assert!(
        all_at("gcp-2025-06-12-service-control")
            .iter()
            .any(|d| d.starts_with("service:gcp/")),
        "GCP 2025 includes the data-plane services that failed"
    );
    let azure = replay("azure-2018-09-04-scus-cooling");
    assert_eq!(
        azure.data_loss,
        Some(faultline::catalogue::DataOutcome::None)
    );
    assert!(
        !azure.effects.is_empty()
            && !azure
                .effects
                .contains(&faultline::effects::EffectKind::DataDestroyed)
    );
    // Partial and non-destructive events, as their reports tell them (a fourth review).
    use faultline::effects::EffectKind;
    for id in [
        "github-2018-10-21-partition",
        "cloudflare-2022-06-21-mcp-bgp",
        "gcp-2019-06-02-us-network-congestion",
    ] {
        assert_eq!(replay(id).effects, vec![EffectKind::Degraded], "{id}");
    }
    assert_eq!(
        replay("github-2018-10-21-partition").data_loss,
        Some(faultline::catalogue::DataOutcome::None)
    );
    assert_eq!(
        replay("gcp-2023-04-26-paris-water-fire").effects,
        vec![EffectKind::Unavailable]
    );
    assert!(
        !all_at("aws-2021-12-07-use1-network").contains(&"region:aws/us-east-1".to_owned()),
        "statically stable workloads survived 2021-12-07"
    );
    // OpenAI: the API's own outage, not the tail or ChatGPT's.
    assert_eq!(
        replay("openai-2024-12-11-k8s-telemetry").minutes,
        Some(140.0)
    );
    assert_eq!(
        replay("openai-2024-12-26-provider-power").minutes,
        Some(271.0)
    );
    // Customer-view incidents name the provider event that caused them.
    let kv = cat
        .incident("cloudflare-2025-06-12-workers-kv")
        .expect("kv");
    assert_eq!(
        kv.caused_by.as_deref(),
        Some("gcp-2025-06-12-service-control")
    );
}

/// Region-specific rates apply where the provider and region match, the pooled elsewhere.
#[test]
fn regional_rates_apply_only_in_their_region() {
    let cat = builtin();
    let p = cat
        .pattern("region-foundational-service-loss")
        .expect("pattern");
    let use1 = DomainId::parse("service:aws/us-east-1/s3").expect("id");
    let euw1 = DomainId::parse("service:aws/eu-west-1/s3").expect("id");
    let gcp = DomainId::parse("region:gcp/us-east1").expect("id");
    assert!(p.per_year_at(&use1) > 10.0 * p.per_year_at(&euw1));
    assert_eq!(p.per_year_at(&euw1), p.frequency.per_instance_per_year);
    assert_eq!(p.per_year_at(&gcp), p.frequency.per_instance_per_year);
}

/// The root-service mix: per provider, shares add to 1 and equal each root's share of
/// the counted weight.
#[test]
fn root_service_shares_are_the_counted_weights() {
    let p = builtin()
        .pattern("region-foundational-service-loss")
        .expect("pattern");
    assert!(!p.root_services.is_empty());
    let weight_of = |id: &str| {
        p.counted_events()
            .find(|e| e.incident == id)
            .map(|e| e.weight)
            .expect("counted")
    };
    let mut providers: Vec<&str> = p
        .root_services
        .iter()
        .map(|r| r.provider.as_str())
        .collect();
    providers.dedup();
    for prov in providers {
        let roots: Vec<_> = p
            .root_services
            .iter()
            .filter(|r| r.provider == prov)
            .collect();
        let total: f64 = roots
            .iter()
            .flat_map(|r| &r.incidents)
            .map(|i| weight_of(i))
            .sum();
        for r in roots {
            let mine: f64 = r.incidents.iter().map(|i| weight_of(i)).sum();
            assert!(
                (r.share - mine / total).abs() < 1e-4,
                "{prov}/{}",
                r.service
            );
        }
    }
}

/// Patterns with fewer than three counted events say so, and the change-process patterns
/// are per component.
#[test]
fn few_events_and_units_are_reported() {
    let cat = builtin();
    for p in &cat.patterns {
        let few = p.counted_weight() < FEW_EVENTS as f64;
        assert_eq!(p.few_events(), few, "{}", p.id);
        if few {
            assert!(
                p.frequency.estimate,
                "{}: a rate on few events is an estimate",
                p.id
            );
        }
    }
    for id in [
        "destructive-operator-action",
        "own-global-rollout",
        "ai-assisted-change",
    ] {
        let p = cat.pattern(id).expect(id);
        assert_eq!(p.frequency.unit, ExposureUnit::Component, "{id}");
    }
    let agent = cat.pattern("agent-bad-update").expect("agent");
    let bypass = agent.ring_bypass_share.as_ref().expect("residual share");
    assert!(bypass.value > 0.0 && bypass.value < 1.0 && bypass.estimate);
    // An own site's events: a yearly rate per site, for the whole building or for each of
    // its parts (room, storage array, power feed, uplink) the components name.
    for (id, class) in [
        ("site-power-loss", DomainClass::Site),
        ("site-network-loss", DomainClass::Site),
        ("room-loss", DomainClass::Room),
        ("site-storage-failure", DomainClass::Storage),
        ("power-path-loss", DomainClass::Feed),
        ("uplink-loss", DomainClass::Uplink),
    ] {
        let p = cat.pattern(id).expect(id);
        assert_eq!(p.fails, class, "{id}");
        assert_eq!(p.frequency.unit, ExposureUnit::Site, "{id}");
    }
    for id in ["zonal-service-failure", "zone-degraded"] {
        let p = cat.pattern(id).expect(id);
        assert!(p.fraction > 0.0 && p.fraction < 1.0, "{id}");
    }
}

/// Every provider-internal dependency is structured and every dependant cites its source.
#[test]
fn every_dependant_cites_its_source() {
    for prov in &builtin().providers {
        for d in &prov.internal_dependencies {
            assert!(!d.dependents.is_empty(), "{}/{}", prov.id, d.service);
            for dep in d.dependents.entries() {
                assert!(
                    dep.source.as_deref().is_some_and(|s| !s.trim().is_empty()),
                    "{}: {} -> {} has no source",
                    prov.id,
                    d.service,
                    dep.service
                );
            }
        }
    }
    // S3 2017: running volumes and RDS kept serving; only control actions failed.
    let aws = builtin().provider("aws").expect("aws");
    let s3 = aws
        .internal_dependencies
        .iter()
        .find(|d| d.service == "s3")
        .expect("s3");
    assert!(s3.dependents.entries().iter().all(|d| d.service != "rds"));
    let ebs: Vec<&String> = (&s3.dependents).into_iter().collect();
    assert!(
        !ebs.iter().any(|s| *s == "ebs"),
        "the legacy view leaves out control-only dependants"
    );
}

/// `explain` shows, per pattern, the incidents behind its rate and its duration.
#[test]
fn explain_shows_the_incidents_behind_rate_and_duration() {
    let text = explain(builtin(), "zone-physical-loss").expect("pattern");
    assert!(text.contains("Counted in the rate"), "{text}");
    assert!(text.contains("aws-2021-12-22-use1-az4-power"), "{text}");
    assert!(text.contains("us-east-1"), "{text}");
    assert!(text.contains("zone-years"), "{text}");
    assert!(text.contains("log-normal"), "{text}");
}

#[test]
fn provider_profiles_cover_the_main_providers() {
    let cat = builtin();
    for id in [
        "aws",
        "gcp",
        "azure",
        "cloudflare",
        "fastly",
        "akamai",
        "generic",
    ] {
        assert!(cat.provider(id).is_some(), "provider `{id}` is missing");
    }
    let aws = cat.provider("Amazon").expect("aliases resolve");
    let global = aws
        .global_control_plane
        .as_ref()
        .expect("AWS has a global control plane");
    assert_eq!(global.home_region, "us-east-1");
    assert!(aws.regions.iter().any(|r| r == "us-east-1"));
    assert_eq!(
        cat.provider_or_generic("saas:unknown")
            .map(|p| p.id.as_str()),
        Some("generic")
    );
    // Every documented dependency names a post-mortem the catalogue holds.
    for p in &cat.providers {
        for d in &p.internal_dependencies {
            assert!(
                cat.incident(&d.incident).is_some(),
                "{}: {} cites {}",
                p.id,
                d.service,
                d.incident
            );
        }
    }
}

#[test]
fn builtin_json_round_trips() {
    let cat = builtin();
    let json = serde_json::to_string(cat).expect("serialises");
    let back: Catalogue = serde_json::from_str(&json).expect("parses back");
    assert_eq!(&back, cat);
}

#[test]
fn explain_describes_patterns_incidents_and_providers() {
    let cat = builtin();
    let text = explain(cat, "zone-physical-loss").expect("pattern");
    assert!(text.contains("Rate") && text.contains("https://"), "{text}");
    let text = explain(cat, "aws-2021-12-07-use1-network").expect("incident");
    assert!(
        text.contains("Sources:") && text.contains("https://aws.amazon.com/"),
        "{text}"
    );
    assert!(explain(cat, "aws").expect("provider").contains("us-east-1"));
    assert!(explain(cat, "no-such-id").is_none());
    assert!(render::text(cat).contains("zone-physical-loss"));
}

fn docs_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("docs")
        .join("catalogue.md")
}

#[test]
fn docs_catalogue_md_is_current() {
    let expected = render::markdown(builtin());
    let path = docs_path();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).expect("write docs/catalogue.md");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/catalogue.md is out of date with the catalogue data: regenerate it with `UPDATE_DOCS=1 cargo test`"
    );
}

// ---------------------------------------------------------------- user files

/// A minimal valid user incident, as JSON, with `extra` spliced into the object.
fn incident_json(id: &str, extra: &str) -> String {
    format!(
        r#"{{"id": "{id}", "title": "Internal outage", "date": "2026-01-05", "provider": "aws",
            "scope": "zone", "root_cause": {{"primary": "software bug"}}, "main_impact_minutes": 42,
            "confidence": "verified", "patterns": ["zone-physical-loss"]{extra}}}"#
    )
}

const SOURCE: &str =
    r#", "sources": [{"title": "Review", "url": "https://wiki.example.com/pir/1"}]"#;

fn problems(result: Result<Catalogue, CatalogueError>) -> Vec<(ProblemKind, String)> {
    match result {
        Err(CatalogueError::Invalid { problems, .. }) => {
            problems.into_iter().map(|p| (p.kind, p.pointer)).collect()
        }
        other => panic!("expected integrity problems, got {other:?}"),
    }
}

#[test]
fn a_valid_user_file_merges_over_the_builtin_one() {
    let text = format!(
        r#"{{"version": "acme-1", "incidents": [{}]}}"#,
        incident_json("acme-2026-01-05-db", SOURCE)
    );
    let user = Catalogue::from_user_text(&text, "acme.json").expect("valid");
    let merged = builtin().merged_with(&user).expect("merges");
    assert_eq!(merged.incidents.len(), builtin().incidents.len() + 1);
    assert!(merged.version.ends_with("+acme-1"));
}

#[test]
fn a_user_entry_with_a_builtin_id_replaces_it_in_place() {
    let cat = builtin();
    let mut replacement = cat.patterns[0].clone();
    replacement.name = "Replaced".to_owned();
    let user = Catalogue {
        patterns: vec![replacement],
        ..Catalogue::default()
    };
    let merged = cat.merged_with(&user).expect("merges");
    assert_eq!(merged.patterns.len(), cat.patterns.len());
    assert_eq!(merged.patterns[0].name, "Replaced");
}

#[test]
fn a_dangling_reference_is_reported_with_its_pointer() {
    let text = format!(
        r#"{{"incidents": [{}]}}"#,
        incident_json("acme-1", &format!(r#"{SOURCE}, "replay": {{"pattern": "no-such-pattern", "at": ["zone:aws/us-east-1/use1-az1"]}}"#))
            .replace(r#""patterns": ["zone-physical-loss"]"#, r#""patterns": ["no-such-pattern"]"#)
    );
    let found = problems(Catalogue::from_user_text(&text, "acme.json"));
    assert!(
        found.contains(&(
            ProblemKind::UnknownPattern,
            "/incidents/0/patterns/0".to_owned()
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            ProblemKind::UnknownReplayPattern,
            "/incidents/0/replay/pattern".to_owned()
        )),
        "{found:?}"
    );
}

#[test]
fn a_pattern_citing_an_unknown_incident_is_reported() {
    let mut pattern = builtin().patterns[0].clone();
    pattern.id = "acme-pattern".to_owned();
    pattern.incidents = vec!["no-such-incident".to_owned()];
    // An estimate with nothing counted, so only the dangling citation is wrong.
    pattern.frequency.rate = None;
    pattern.frequency.by_region.clear();
    pattern.frequency.estimate = true;
    pattern.duration.fit = None;
    pattern.duration.estimate = true;
    let user = Catalogue {
        patterns: vec![pattern],
        ..Catalogue::default()
    };
    let text = serde_json::to_string(&user).expect("serialises");
    let found = problems(Catalogue::from_user_text(&text, "acme.json"));
    assert_eq!(
        found,
        vec![(
            ProblemKind::UnknownIncident,
            "/patterns/0/incidents/0".to_owned()
        )]
    );
}

#[test]
fn a_duplicate_id_is_reported() {
    let one = incident_json("acme-1", SOURCE);
    let text = format!(r#"{{"incidents": [{one}, {one}]}}"#);
    let found = problems(Catalogue::from_user_text(&text, "acme.json"));
    assert_eq!(
        found,
        vec![(ProblemKind::DuplicateId, "/incidents/1/id".to_owned())]
    );
}

#[test]
fn a_missing_or_plain_http_source_is_reported() {
    let text = format!(r#"{{"incidents": [{}]}}"#, incident_json("acme-1", ""));
    let text = text.replace(r#""confidence""#, r#""sources": [], "confidence""#);
    assert_eq!(
        problems(Catalogue::from_user_text(&text, "a.json")),
        vec![(
            ProblemKind::MissingSource,
            "/incidents/0/sources".to_owned()
        )]
    );
    let text = format!(
        r#"{{"incidents": [{}]}}"#,
        incident_json("acme-1", &SOURCE.replace("https://", "http://"))
    );
    assert_eq!(
        problems(Catalogue::from_user_text(&text, "a.json")),
        vec![(
            ProblemKind::NonHttpsSource,
            "/incidents/0/sources/0/url".to_owned()
        )]
    );
}

#[test]
fn impossible_numbers_and_empty_derivations_are_reported() {
    let mut p = builtin().patterns[0].clone();
    p.id = "acme-pattern".to_owned();
    p.duration.median_minutes = 500.0;
    p.duration.p90_minutes = 100.0;
    p.duration.derivation = " ".to_owned();
    p.frequency.per_instance_per_year = f64::NAN;
    p.effects.clear();
    let cat = Catalogue {
        patterns: vec![p],
        ..builtin().clone()
    };
    let kinds: BTreeSet<ProblemKind> = cat.check().into_iter().map(|p| p.kind).collect();
    for kind in [
        ProblemKind::MedianAboveP90,
        ProblemKind::EmptyDerivation,
        ProblemKind::BadNumber,
        ProblemKind::NoEffects,
    ] {
        assert!(kinds.contains(&kind), "{kind:?} not reported: {kinds:?}");
    }
}

#[test]
fn an_unknown_effect_kind_is_a_parse_error_naming_file_line_and_pointer() {
    let mut user = Catalogue {
        patterns: vec![builtin().patterns[0].clone()],
        ..Catalogue::default()
    };
    user.patterns[0].id = "acme-pattern".to_owned();
    let text = serde_json::to_string_pretty(&user)
        .expect("serialises")
        .replacen("\"unavailable\"", "\"on-fire\"", 1);
    let err = Catalogue::from_user_text(&text, "acme.json").expect_err("unknown effect");
    match &err {
        CatalogueError::Parse {
            file,
            pointer,
            line,
            ..
        } => {
            assert_eq!(file, "acme.json");
            assert_eq!(pointer, "/patterns/0/effects/0");
            assert!(line.is_some_and(|l| l > 1), "{err}");
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
    assert!(err.to_string().starts_with("acme.json:"), "{err}");
}

#[test]
fn a_json_syntax_error_names_file_and_line() {
    let err = Catalogue::from_user_text("{\n  \"patterns\": [\n    oops\n  ]\n}", "mine.json")
        .expect_err("bad JSON");
    assert_eq!(err.file(), "mine.json");
    assert!(err.to_string().starts_with("mine.json:3:"), "{err}");
}

#[cfg(feature = "yaml")]
mod yaml {
    use super::*;

    #[test]
    fn a_yaml_user_file_is_read_and_checked() {
        let text = "incidents:\n  - id: acme-1\n    title: Internal outage\n    date: \"2026-01-05\"\n    provider: aws\n    scope: zone\n    root_cause: { primary: software bug }\n    main_impact_minutes: 42\n    confidence: verified\n    patterns: [zone-physical-loss]\n    sources:\n      - { title: Review, url: \"https://wiki.example.com/pir/1\" }\n";
        let user = Catalogue::from_user_text(text, "acme.yaml").expect("valid YAML");
        assert_eq!(user.incidents.len(), 1);
    }

    #[test]
    fn an_unknown_effect_in_yaml_names_file_line_and_pointer() {
        let text = "patterns:\n  - id: acme\n    name: n\n    summary: s\n    fails: zone\n    plane: data\n    effects: [unavailable, on-fire]\n";
        let err = Catalogue::from_user_text(text, "mine.yaml").expect_err("unknown effect");
        match &err {
            CatalogueError::Parse {
                file,
                pointer,
                line,
                ..
            } => {
                assert_eq!(file, "mine.yaml");
                assert_eq!(pointer, "/patterns/0/effects/1");
                assert_eq!(*line, Some(7), "{err}");
            }
            other => panic!("expected a parse error, got {other:?}"),
        }
        assert!(err.to_string().starts_with("mine.yaml:7:"), "{err}");
    }

    #[test]
    fn an_unknown_field_in_yaml_is_named() {
        let err = Catalogue::from_user_text("patterns: []\nincidnets: []\n", "mine.yml")
            .expect_err("typo");
        let text = err.to_string();
        assert!(
            text.starts_with("mine.yml:2:") && text.contains("incidnets"),
            "{text}"
        );
    }
}

/// Citations run both ways: an incident that names a pattern is among the incidents that
/// pattern cites (so the pattern's duration is computed from it).
#[test]
fn patterns_cite_every_incident_that_names_them() {
    let cat = builtin();
    for i in &cat.incidents {
        for pid in &i.patterns {
            if let Some(p) = cat.pattern(pid) {
                assert!(
                    p.incidents.contains(&i.id),
                    "incident `{}` names pattern `{pid}`, which does not cite it: add it to the \
                     pattern's `incidents` in patterns.yaml and recompute the duration",
                    i.id
                );
            }
        }
    }
}

/// Dependants, root services and replay services name services the provider profile
/// knows (or the region's control plane), so the engine can match them.
#[test]
fn named_services_are_in_the_provider_profiles() {
    let cat = builtin();
    for prov in &cat.providers {
        for d in &prov.internal_dependencies {
            assert!(
                prov.service(&d.service).is_some(),
                "{}: {}",
                prov.id,
                d.service
            );
            for dep in d.dependents.entries() {
                assert!(
                    dep.service == "control-plane" || prov.service(&dep.service).is_some(),
                    "{}: {} -> {}",
                    prov.id,
                    d.service,
                    dep.service
                );
            }
        }
    }
    for p in &cat.patterns {
        for r in &p.root_services {
            let prov = cat
                .provider(&r.provider)
                .expect("root provider is profiled");
            assert!(
                prov.service(&r.service).is_some(),
                "{}: {}",
                p.id,
                r.service
            );
        }
    }
    for i in &cat.incidents {
        let Some(r) = &i.replay else { continue };
        for d in r.at.iter().chain(r.also.iter().flat_map(|a| a.at.iter())) {
            if let DomainId::Service {
                provider, service, ..
            } = d
            {
                let prov = cat.provider(provider).expect("profiled provider");
                assert!(prov.service(service).is_some(), "{}: {d}", i.id);
            }
        }
    }
}

/// A user pattern in the older format (no `unit`, a prose derivation) still loads.
#[test]
fn an_older_user_pattern_without_a_unit_still_loads() {
    let text = r#"{"patterns": [{"id": "acme-zone", "name": "Acme", "summary": "s",
        "fails": "zone", "plane": "data", "effects": ["unavailable"],
        "duration": {"median_minutes": 60, "p90_minutes": 240, "derivation": "internal reviews"},
        "frequency": {"per_instance_per_year": 0.1, "derivation": "2 in 20 zone-years"},
        "incidents": ["aws-2021-12-22-use1-az4-power"]}]}"#;
    let user = Catalogue::from_user_text(text, "acme.json").expect("older format loads");
    assert_eq!(user.patterns[0].frequency.unit, ExposureUnit::Instance);
}

// ---------------------------------------------------------------- docs/diagnostics.md

/// docs/diagnostics.md, rendered from `Code::ALL`: every code with its severity, the stage
/// that reports it and its explanation (the doc comment in src/diagnostic.rs).
fn diagnostics_md() -> String {
    use faultline::diagnostic::Code;
    let mut o = String::from(
        "# Diagnostics\n\n\
         Every code faultline reports, with its severity, the stage that reports it and what to\n\
         do. Codes are stable: a code is never reused for another meaning. Generated from\n\
         `src/diagnostic.rs` (regenerate with `UPDATE_DOCS=1 cargo test -p faultline --test it\n\
         diagnostics`); `faultline check --format json` gives each diagnostic's `code`, `path`\n\
         (a JSON pointer), `line` and `column`.\n\n\
         Stages: `parse` (reading the text), `limits` (hostile-input guards), `validate` (the\n\
         description's rules), `catalogue` (a user catalogue), `import` (the Terraform\n\
         importer), `request` (the arguments of a call), `write` (writing text back).\n\n\
         | code | severity | stage | meaning |\n|---|---|---|---|\n",
    );
    for c in Code::ALL {
        let text = c
            .explanation()
            .lines()
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ")
            .replace('|', "\\|");
        o.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            c.as_str(),
            c.severity().as_str(),
            c.stage(),
            text.trim()
        ));
    }
    o
}

#[test]
fn docs_diagnostics_md_is_current() {
    let expected = diagnostics_md();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).expect("write docs/diagnostics.md");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/diagnostics.md is out of date with src/diagnostic.rs: regenerate it with `UPDATE_DOCS=1 cargo test -p faultline --test it diagnostics`"
    );
    // Every code has an explanation.
    for c in faultline::diagnostic::Code::ALL {
        assert!(
            c.explanation().trim().len() > 10,
            "{} has no explanation",
            c.as_str()
        );
    }
}
