//! Catalogue integrity: the built-in data keep their promises (every figure cited, every
//! reference resolvable), user files are checked the same way, and docs/catalogue.md is the
//! rendering of the built-in catalogue.

use std::collections::BTreeSet;
use std::path::PathBuf;

use faultline::catalogue::{Catalogue, CatalogueError, ProblemKind, explain, render};

fn builtin() -> &'static Catalogue {
    match Catalogue::try_builtin() {
        Ok(c) => c,
        Err(e) => panic!("the built-in catalogue does not parse: {e}"),
    }
}

/// The pattern ids the incident data and the engine rely on.
const REQUIRED_PATTERNS: [&str; 21] = [
    "zone-physical-loss",
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

/// The documented method: a non-estimate duration is the median and nearest-rank p90 of
/// the cited incidents' bounded main-impact minutes.
#[test]
fn non_estimate_durations_are_the_statistics_of_the_cited_incidents() {
    let cat = builtin();
    for p in cat.patterns.iter().filter(|p| !p.duration.estimate) {
        let mut sample: Vec<f64> = cat
            .incidents_of(p)
            .filter_map(|i| i.main_impact_minutes)
            .collect();
        sample.sort_by(f64::total_cmp);
        let n = sample.len();
        assert!(
            n >= 3,
            "{}: {n} bounded durations; the method needs 3 or more (else mark it an estimate)",
            p.id
        );
        let median = if n % 2 == 1 {
            sample[n / 2]
        } else {
            (sample[n / 2 - 1] + sample[n / 2]) / 2.0
        };
        let p90 = sample[(0.9 * n as f64).ceil() as usize - 1];
        assert_eq!(
            p.duration.median_minutes, median,
            "{}: median of {sample:?}",
            p.id
        );
        assert_eq!(
            p.duration.p90_minutes, p90,
            "{}: nearest-rank p90 of {sample:?}",
            p.id
        );
    }
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
    assert!(
        text.contains("Frequency") && text.contains("https://"),
        "{text}"
    );
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
