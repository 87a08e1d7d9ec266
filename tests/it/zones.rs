//! Zone counts and zone naming (issue 14, item 13): a placement with more zones than its
//! region has is an error citing the count's source, a user catalogue overrides a count,
//! AWS zone names and AZ IDs mixed in one region are a warning, and every built-in count
//! is a positive integer with a source.

use std::collections::BTreeSet;

use faultline::catalogue::{Catalogue, CatalogueError, ProblemKind};
use faultline::diagnostic::{Diagnostic, Severity};
use faultline::{Engine, Format, Limits};

use crate::api;

fn builtin() -> &'static Catalogue {
    match Catalogue::try_builtin() {
        Ok(c) => c,
        Err(e) => panic!("the built-in catalogue does not parse: {e}"),
    }
}

/// A description with one component per `(provider, regions)`, each in its own journey
/// (so nothing else is reported about them than what the zones cause).
fn description(components: &[(&str, &str)]) -> String {
    let mut text = String::from("version: 1\nname: zones\ncomponents:\n");
    for (i, (provider, regions)) in components.iter().enumerate() {
        let topology = if regions.matches("name:").count() > 1 {
            "    topology: active-active\n    failover: { trigger: automatic }\n"
        } else {
            ""
        };
        text.push_str(&format!(
            "  - id: c{i}\n    kind: compute\n    provider: {provider}\n    regions: {regions}\n{topology}"
        ));
    }
    text.push_str("journeys:\n");
    for i in 0..components.len() {
        text.push_str(&format!("  - {{ name: j{i}, entry: [c{i}] }}\n"));
    }
    text
}

fn check_with(catalogue: &Catalogue, components: &[(&str, &str)]) -> Vec<Diagnostic> {
    let text = description(components);
    let engine = Engine::new(catalogue, Limits::default());
    let doc = engine
        .parse(&text, Format::Yaml)
        .unwrap_or_else(|e| panic!("parses: {e}\n{text}"));
    engine.check(&doc.architecture)
}

fn check(components: &[(&str, &str)]) -> Vec<Diagnostic> {
    check_with(builtin(), components)
}

/// The diagnostics with `code`, as (severity, path).
fn with_code(diags: &[Diagnostic], code: &str) -> Vec<(Severity, String)> {
    diags
        .iter()
        .filter(|d| d.code == code)
        .map(|d| (d.severity, d.path.clone()))
        .collect()
}

fn the_one<'a>(diags: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == code).collect();
    assert_eq!(found.len(), 1, "expected one `{code}`, got {diags:#?}");
    found[0]
}

// ------------------------------------------------------------------ zones-beyond-region

#[test]
fn a_count_above_the_regions_zones_is_an_error_citing_the_source() {
    let diags = check(&[("aws", "[{ name: us-east-1, zones: 9 }]")]);
    let d = the_one(&diags, "zones-beyond-region");
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.path, "/components/0/regions/0/zones");
    assert!(d.message.contains("us-east-1"), "{}", d.message);
    assert!(d.message.contains("6 availability zones"), "{}", d.message);
    assert!(
        d.message
            .contains("https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html"),
        "{}",
        d.message
    );
    let help = d.help.as_deref().unwrap_or_default();
    assert!(help.contains("user catalogue"), "{help}");
    assert!(help.contains("zone_counts"), "{help}");
    assert!(
        help.contains("{ name: us-east-1, zones: <count> }"),
        "{help}"
    );
    // The file position is the placement's `zones`.
    let text = description(&[("aws", "[{ name: us-east-1, zones: 9 }]")]);
    let doc = Engine::default()
        .parse(&text, Format::Yaml)
        .expect("parses");
    let located = doc.source.locate(d.clone());
    assert_eq!(located.line, Some(7), "{located:?}");
}

#[test]
fn counts_up_to_the_regions_zones_pass() {
    for (provider, regions) in [
        ("aws", "[{ name: us-east-1, zones: 6 }]"),
        ("aws", "[{ name: us-west-2, zones: 4 }]"),
        ("amazon", "[{ name: eu-west-1, zones: 3 }]"),
        ("gcp", "[{ name: us-central1, zones: 4 }]"),
        ("azure", "[{ name: eastus2, zones: 4 }]"),
        ("azure", "[westus]"),
        ("azure", "[{ name: westus, zones: 1 }]"),
    ] {
        let diags = check(&[(provider, regions)]);
        assert!(
            with_code(&diags, "zones-beyond-region").is_empty(),
            "{provider} {regions}: {diags:#?}"
        );
    }
}

#[test]
fn one_zone_too_many_fails_in_every_provider() {
    for (provider, regions, has) in [
        (
            "aws",
            "[{ name: us-west-2, zones: 5 }]",
            "4 availability zones",
        ),
        (
            "gcp",
            "[{ name: europe-west1, zones: 4 }]",
            "3 availability zones",
        ),
        (
            "azure",
            "[{ name: westeurope, zones: 4 }]",
            "3 availability zones",
        ),
        (
            "azure",
            "[{ name: westus, zones: 2 }]",
            "no availability zones",
        ),
    ] {
        let diags = check(&[(provider, regions)]);
        let d = the_one(&diags, "zones-beyond-region");
        assert_eq!(d.path, "/components/0/regions/0/zones");
        assert!(d.message.contains(has), "{}", d.message);
    }
}

#[test]
fn named_zones_count_once_each() {
    // Five different names in a four-zone region.
    let diags = check(&[(
        "aws",
        "[{ name: us-west-2, zones: [usw2-az1, usw2-az2, usw2-az3, usw2-az4, usw2-az5] }]",
    )]);
    let d = the_one(&diags, "zones-beyond-region");
    assert_eq!(d.path, "/components/0/regions/0/zones");
    assert!(d.message.contains("5 different zones"), "{}", d.message);
    // Four different names, one listed twice: a duplicate, not a zone too many.
    let diags = check(&[(
        "aws",
        "[{ name: us-west-2, zones: [usw2-az1, usw2-az2, usw2-az3, usw2-az4, usw2-az4] }]",
    )]);
    assert!(
        with_code(&diags, "zones-beyond-region").is_empty(),
        "{diags:#?}"
    );
    assert_eq!(
        with_code(&diags, "duplicate-zone"),
        vec![(
            Severity::Error,
            "/components/0/regions/0/zones/4".to_owned()
        )]
    );
}

#[test]
fn the_second_region_of_a_placement_has_its_own_path() {
    let diags = check(&[(
        "aws",
        "[{ name: us-east-1, zones: 3 }, { name: us-west-2, zones: 6 }]",
    )]);
    assert_eq!(
        with_code(&diags, "zones-beyond-region"),
        vec![(Severity::Error, "/components/0/regions/1/zones".to_owned())]
    );
}

#[test]
fn regions_without_a_count_are_not_checked() {
    // A region the aws profile does not list, a provider without counts, and a provider
    // without a profile.
    for (provider, regions) in [
        ("aws", "[{ name: mx-central-1, zones: 9 }]"),
        ("cloudflare", "[{ name: anywhere, zones: 9 }]"),
        ("oracle", "[{ name: us-ashburn-1, zones: 9 }]"),
    ] {
        let diags = check(&[(provider, regions)]);
        assert!(
            with_code(&diags, "zones-beyond-region").is_empty(),
            "{provider}: {diags:#?}"
        );
    }
}

#[test]
fn an_absurd_count_gets_the_specific_error_only_where_the_count_is_known() {
    let diags = check(&[("aws", "[{ name: us-east-1, zones: 30 }]")]);
    assert_eq!(with_code(&diags, "zones-beyond-region").len(), 1);
    assert!(with_code(&diags, "invalid-zones").is_empty(), "{diags:#?}");
    let diags = check(&[("aws", "[{ name: mx-central-1, zones: 30 }]")]);
    assert!(with_code(&diags, "zones-beyond-region").is_empty());
    assert_eq!(
        with_code(&diags, "invalid-zones"),
        vec![(Severity::Error, "/components/0/regions/0/zones".to_owned())]
    );
}

#[test]
fn a_description_with_too_many_zones_is_not_scored() {
    let text = description(&[("aws", "[{ name: us-east-1, zones: 7 }]")]);
    let doc = api::parse(&text, Format::Yaml).expect("parses");
    let err = api::score(&doc.architecture, builtin()).expect_err("invalid");
    assert!(
        err.diagnostics()
            .iter()
            .any(|d| d.code == "zones-beyond-region"),
        "{err:?}"
    );
}

// ------------------------------------------------------------------ user catalogue

const USER_ZONES: &str = r#"
zone_counts:
  - provider: aws
    source:
      title: "AWS What's New: a seventh Availability Zone in US East (N. Virginia)"
      url: https://aws.amazon.com/about-aws/whats-new/example-seventh-az/
    as_of: "2027-01-15"
    regions:
      - { name: us-east-1, zones: 7 }
"#;

#[test]
fn a_user_catalogue_overrides_one_regions_count() {
    let user = Catalogue::from_user_text(USER_ZONES, "zones.yaml").expect("user file loads");
    let merged = builtin().merged_with(&user).expect("merges");
    let use1 = merged.zone_count("aws", "us-east-1").expect("counted");
    assert_eq!(use1.zones, 7);
    assert_eq!(use1.list.as_of, "2027-01-15");
    // The regions the user list does not name keep the built-in count.
    assert_eq!(
        merged.zone_count("aws", "us-west-2").map(|z| z.zones),
        Some(4)
    );
    assert_eq!(
        merged.zone_count("gcp", "us-central1").map(|z| z.zones),
        Some(4)
    );
    // The built-in catalogue itself is unchanged.
    assert_eq!(
        builtin().zone_count("aws", "us-east-1").map(|z| z.zones),
        Some(6)
    );

    let seven = [("aws", "[{ name: us-east-1, zones: 7 }]")];
    assert_eq!(with_code(&check(&seven), "zones-beyond-region").len(), 1);
    assert!(with_code(&check_with(&merged, &seven), "zones-beyond-region").is_empty());
    let eight = [("aws", "[{ name: us-east-1, zones: 8 }]")];
    let diags = check_with(&merged, &eight);
    let d = the_one(&diags, "zones-beyond-region");
    assert!(d.message.contains("7 availability zones"), "{}", d.message);
    assert!(d.message.contains("example-seventh-az"), "{}", d.message);
    let five = [("aws", "[{ name: us-west-2, zones: 5 }]")];
    assert_eq!(
        with_code(&check_with(&merged, &five), "zones-beyond-region").len(),
        1
    );
}

#[test]
fn the_override_example_of_the_docs_loads() {
    for doc in ["docs/domains.md", "docs/catalogue.md"] {
        let text = std::fs::read_to_string(doc).unwrap_or_else(|e| panic!("{doc}: {e}"));
        let start = text
            .find("```yaml\nzone_counts:")
            .unwrap_or_else(|| panic!("{doc} shows no zone_counts example"));
        let block = &text[start + "```yaml\n".len()..];
        let block = &block[..block.find("```").expect("closed block")];
        let user = Catalogue::from_user_text(block, doc).expect("the example loads");
        let merged = builtin().merged_with(&user).expect("merges");
        assert_eq!(
            merged.zone_count("aws", "us-east-1").map(|z| z.zones),
            Some(7)
        );
    }
}

fn user_problems(text: &str) -> Vec<(ProblemKind, String)> {
    match Catalogue::from_user_text(text, "zones.json") {
        Err(CatalogueError::Invalid { problems, .. }) => {
            problems.into_iter().map(|p| (p.kind, p.pointer)).collect()
        }
        other => panic!("expected integrity problems, got {other:?}"),
    }
}

#[test]
fn a_bad_user_zone_count_is_reported_with_its_pointer() {
    let zero = r#"{"zone_counts": [{"provider": "aws",
        "source": {"title": "t", "url": "https://example.com/z"}, "as_of": "2027",
        "regions": [{"name": "us-east-1", "zones": 0}]}]}"#;
    assert_eq!(
        user_problems(zero),
        vec![(
            ProblemKind::BadNumber,
            "/zone_counts/0/regions/0/zones".to_owned()
        )]
    );
    let twice = r#"{"zone_counts": [{"provider": "aws",
        "source": {"title": "t", "url": "https://example.com/z"}, "as_of": "2027",
        "regions": [{"name": "us-east-1", "zones": 7}, {"name": "us-east-1", "zones": 8}]}]}"#;
    assert_eq!(
        user_problems(twice),
        vec![(
            ProblemKind::DuplicateId,
            "/zone_counts/0/regions/1/name".to_owned()
        )]
    );
    let unsourced = r#"{"zone_counts": [{"provider": "aws",
        "source": {"title": " ", "url": "http://example.com/z"}, "as_of": "",
        "regions": [{"name": "us-east-1", "zones": 7}]}]}"#;
    let found: BTreeSet<(ProblemKind, String)> = user_problems(unsourced).into_iter().collect();
    for expected in [
        (ProblemKind::EmptyField, "/zone_counts/0/source/title"),
        (ProblemKind::NonHttpsSource, "/zone_counts/0/source/url"),
        (ProblemKind::MissingSource, "/zone_counts/0/as_of"),
    ] {
        assert!(
            found.contains(&(expected.0, expected.1.to_owned())),
            "{expected:?} not in {found:?}"
        );
    }
    let unknown = r#"{"zone_counts": [{"provider": "oracle",
        "source": {"title": "t", "url": "https://example.com/z"}, "as_of": "2027",
        "regions": [{"name": "us-ashburn-1", "zones": 3}]}]}"#;
    assert_eq!(
        user_problems(unknown),
        vec![(
            ProblemKind::UnknownProvider,
            "/zone_counts/0/provider".to_owned()
        )]
    );
}

#[test]
fn a_negative_or_fractional_count_is_a_parse_error_with_its_pointer() {
    for (value, what) in [
        ("-1", "negative"),
        ("2.5", "fractional"),
        ("\"three\"", "text"),
    ] {
        let text = format!(
            r#"{{"zone_counts": [{{"provider": "aws",
            "source": {{"title": "t", "url": "https://example.com/z"}}, "as_of": "2027",
            "regions": [{{"name": "us-east-1", "zones": {value}}}]}}]}}"#
        );
        match Catalogue::from_user_text(&text, "zones.json") {
            Err(CatalogueError::Parse { pointer, .. }) => {
                assert_eq!(pointer, "/zone_counts/0/regions/0/zones", "{what}");
            }
            other => panic!("{what}: expected a parse error, got {other:?}"),
        }
    }
}

// ------------------------------------------------------------------ built-in counts

#[test]
fn every_builtin_count_is_a_positive_integer_with_a_source() {
    let cat = builtin();
    assert!(!cat.zone_counts.is_empty());
    let mut providers = BTreeSet::new();
    for list in &cat.zone_counts {
        assert!(
            providers.insert(list.provider.as_str()),
            "two built-in lists for `{}`: one list per provider",
            list.provider
        );
        assert!(
            cat.providers.iter().any(|p| p.id == list.provider),
            "`{}` has no profile",
            list.provider
        );
        assert!(
            !list.source.title.trim().is_empty(),
            "{}: no title",
            list.provider
        );
        assert!(
            list.source.url.starts_with("https://") && list.source.url.len() > "https://".len(),
            "{}: {}",
            list.provider,
            list.source.url
        );
        assert!(!list.as_of.trim().is_empty(), "{}: no date", list.provider);
        assert!(!list.regions.is_empty(), "{}: no region", list.provider);
        let mut regions = BTreeSet::new();
        for r in &list.regions {
            let (region, zones) = (&r.name, r.zones);
            assert!(regions.insert(region), "{}/{region} twice", list.provider);
            assert!(zones >= 1, "{}/{region}: {zones}", list.provider);
            // Every zoned provider region has at most a handful of zones; a larger number
            // is a typing mistake.
            assert!(zones <= 8, "{}/{region}: {zones}", list.provider);
        }
    }
    assert!(
        providers.is_superset(&BTreeSet::from(["aws", "azure", "gcp"])),
        "{providers:?}"
    );
}

#[test]
fn every_profiled_region_of_the_zoned_clouds_has_a_count_and_no_other() {
    let cat = builtin();
    for id in ["aws", "gcp", "azure"] {
        let profile = cat.provider(id).expect("profile");
        let missing: Vec<&str> = profile
            .regions
            .iter()
            .filter(|r| cat.zone_count(id, r).is_none())
            .map(String::as_str)
            .collect();
        assert!(missing.is_empty(), "{id}: no count for {missing:?}");
        for list in cat.zone_counts.iter().filter(|l| l.provider == id) {
            for r in &list.regions {
                assert!(
                    profile.knows_region(&r.name),
                    "{id}: `{}` is counted but not a profiled region",
                    r.name
                );
            }
        }
    }
}

#[test]
fn the_counts_the_catalogue_and_engine_rely_on() {
    let cat = builtin();
    for (provider, region, zones) in [
        ("aws", "us-east-1", 6),
        ("aws", "us-west-2", 4),
        ("aws", "eu-west-1", 3),
        ("gcp", "us-central1", 4),
        ("gcp", "europe-west1", 3),
        ("azure", "westeurope", 3),
        ("azure", "eastus2", 4),
        ("azure", "westus", 1),
    ] {
        assert_eq!(
            cat.zone_count(provider, region).map(|z| z.zones),
            Some(zones),
            "{provider}/{region}"
        );
    }
}

// ------------------------------------------------------------------ zone-naming-mixed

#[test]
fn a_zone_name_and_an_az_id_in_one_region_are_a_warning_at_the_second_placement() {
    let diags = check(&[
        ("aws", "[{ name: us-east-1, zones: [us-east-1a] }]"),
        ("aws", "[{ name: us-east-1, zones: [use1-az1] }]"),
    ]);
    let d = the_one(&diags, "zone-naming-mixed");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.path, "/components/1/regions/0/zones");
    for part in [
        "`use1-az1`",
        "`us-east-1a`",
        "same physical zone",
        "different",
    ] {
        assert!(d.message.contains(part), "{part}: {}", d.message);
    }
    assert_eq!(
        d.help.as_deref(),
        Some(
            "use one form in the whole description: AZ IDs (use1-az1) are the same in every account"
        )
    );
}

#[test]
fn a_count_stands_for_zone_names() {
    // `zones: 2` stands for us-east-1a and us-east-1b; the AZ ID comes second.
    let diags = check(&[
        ("aws", "[{ name: us-east-1, zones: 2 }]"),
        ("amazon", "[{ name: us-east-1, zones: [use1-az4] }]"),
    ]);
    assert_eq!(
        with_code(&diags, "zone-naming-mixed"),
        vec![(
            Severity::Warning,
            "/components/1/regions/0/zones".to_owned()
        )]
    );
    // The AZ IDs first: the count (and a bare region, one zone) comes second.
    let diags = check(&[
        ("aws", "[{ name: us-east-1, zones: [use1-az4, use1-az6] }]"),
        ("aws", "[{ name: us-east-1, zones: 3 }]"),
        ("aws", "[us-east-1]"),
    ]);
    assert_eq!(
        with_code(&diags, "zone-naming-mixed"),
        vec![
            (
                Severity::Warning,
                "/components/1/regions/0/zones".to_owned()
            ),
            (
                Severity::Warning,
                "/components/2/regions/0/zones".to_owned()
            ),
        ]
    );
    let d = diags
        .iter()
        .find(|d| d.code == "zone-naming-mixed")
        .expect("warned");
    assert!(d.message.contains("zones: 3"), "{}", d.message);
}

#[test]
fn one_placement_mixing_both_forms_is_warned_at_itself() {
    let diags = check(&[(
        "aws",
        "[{ name: eu-west-1, zones: [eu-west-1a, euw1-az2] }]",
    )]);
    assert_eq!(
        with_code(&diags, "zone-naming-mixed"),
        vec![(
            Severity::Warning,
            "/components/0/regions/0/zones".to_owned()
        )]
    );
}

/// The zone-naming-mixed warnings, as (path, message).
fn mixed(diags: &[Diagnostic]) -> Vec<(String, String)> {
    diags
        .iter()
        .filter(|d| d.code == "zone-naming-mixed")
        .map(|d| (d.path.clone(), d.message.clone()))
        .collect()
}

/// Each zone's form is worked out once per profile and reused (validation keeps them):
/// a zone, a count or an alias seen again is judged as the first time, wherever it is, and
/// the warning names the zones it names the first time.
#[test]
fn zones_seen_again_are_judged_as_the_first_time() {
    let diags = check(&[
        ("aws", "[{ name: us-east-1, zones: [use1-az1] }]"),
        ("aws", "[{ name: us-east-1, zones: 2 }]"),
        ("amazon", "[{ name: us-east-1, zones: 2 }]"),
        ("aws", "[{ name: us-east-1, zones: [use1-az1] }]"),
        ("aws", "[{ name: us-west-2, zones: 2 }]"),
        (
            "aws",
            "[{ name: us-west-2, zones: [usw2-az1, us-west-2a] }]",
        ),
        (
            "aws",
            "[{ name: us-east-1, zones: [us-east-1b, use1-az1] }]",
        ),
    ]);
    let found = mixed(&diags);
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/components/1/regions/0/zones",
            "/components/2/regions/0/zones",
            "/components/5/regions/0/zones",
            "/components/6/regions/0/zones",
        ]
    );
    let starts = [
        "`c1` uses `zones: 2`, which faultline names `us-east-1a` (a zone name) in us-east-1, while `c0` uses `use1-az1` (an AZ ID)",
        "`c2` uses `zones: 2`, which faultline names `us-east-1a` (a zone name) in us-east-1, while `c0` uses `use1-az1` (an AZ ID)",
        "`c5` names zone `usw2-az1` (an AZ ID) in us-west-2, while `c4` uses `us-west-2a` (a zone name)",
        "`c6` names zone `us-east-1b` (a zone name) in us-east-1, while `c0` uses `use1-az1` (an AZ ID)",
    ];
    for ((_, message), start) in found.iter().zip(starts) {
        assert!(message.starts_with(start), "{message}\nwanted: {start}");
    }
}

/// A profile whose generated zone names change form with their index (here only the first
/// zone of a region reads as an AZ ID), and counts of 0, 27 and 2^64 - 1: the forms of the
/// counted zones are those of the count in that region (in another region, the names and so
/// the forms differ).
#[test]
fn counted_zones_keep_their_own_forms_per_region_and_count() {
    let mut catalogue = builtin().clone();
    let mut acme = catalogue.provider("aws").expect("aws").clone();
    acme.id = "acme".to_owned();
    acme.name = "Acme".to_owned();
    acme.aliases = Vec::new();
    acme.zone_naming = "{region}{letter}".to_owned();
    acme.zone_id_naming = Some("{letters}-east-{digits}a".to_owned());
    catalogue.providers.push(acme);
    let diags = check_with(
        &catalogue,
        &[
            ("acme", "[{ name: us-east-1, zones: 1 }]"),
            ("acme", "[{ name: us-east-1, zones: 2 }]"),
            ("acme", "[{ name: us-west-1, zones: 2 }]"),
            ("acme", "[{ name: us-east-1, zones: 1 }]"),
            ("acme", "[{ name: us-east-1, zones: 0 }]"),
            ("acme", "[{ name: us-west-1, zones: 27 }]"),
            ("acme", "[{ name: us-west-1, zones: 18446744073709551615 }]"),
        ],
    );
    let found = mixed(&diags);
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["/components/1/regions/0/zones"]);
    assert!(
        found[0].1.starts_with("`c1` uses `zones: 2`, which faultline names `us-east-1b` (a zone name) in us-east-1, while `c0` uses `us-east-1a` (an AZ ID)"),
        "{}",
        found[0].1
    );
}

/// The built-in catalogue plus two copies of its AWS profile, both with the id `x`, one
/// reached as `xa` and one as `xb`, each changed as given.
fn twins(
    a: impl FnOnce(&mut faultline::catalogue::ProviderProfile),
    b: impl FnOnce(&mut faultline::catalogue::ProviderProfile),
) -> Catalogue {
    let mut catalogue = builtin().clone();
    let aws = catalogue.provider("aws").expect("aws").clone();
    let mut twins = [aws.clone(), aws];
    for (p, alias) in twins.iter_mut().zip(["xa", "xb"]) {
        p.id = "x".to_owned();
        p.aliases = vec![alias.to_owned()];
    }
    let [mut first, mut second] = twins;
    a(&mut first);
    b(&mut second);
    catalogue.providers.extend([first, second]);
    catalogue
}

/// Two profiles with one id (possible in a catalogue built in code, which `Engine::new` does
/// not check), each reached through its own alias, each judge their own zones: a zone's
/// form is kept per profile, not per id.
#[test]
fn two_profiles_with_one_id_keep_their_own_zone_forms() {
    let catalogue = twins(
        |_| {},
        |b| {
            b.zone_id_naming = Some("{letters}-{letters}-{digits}{letters}".to_owned());
        },
    );
    let diags = check_with(
        &catalogue,
        &[
            ("xa", "[{ name: us-east-1, zones: [us-east-1a] }]"),
            ("xb", "[{ name: us-west-2, zones: [us-east-1a] }]"),
            ("xb", "[{ name: us-west-2, zones: [us-west-2b] }]"),
        ],
    );
    assert_eq!(mixed(&diags), Vec::<(String, String)>::new());
}

#[test]
fn one_form_per_region_is_no_warning() {
    for components in [
        // AZ IDs everywhere.
        vec![
            ("aws", "[{ name: us-east-1, zones: [use1-az1, use1-az4] }]"),
            ("aws", "[{ name: us-east-1, zones: [use1-az6] }]"),
        ],
        // Names and counts everywhere.
        vec![
            (
                "aws",
                "[{ name: us-east-1, zones: [us-east-1a, us-east-1c] }]",
            ),
            ("aws", "[{ name: us-east-1, zones: 3 }]"),
            ("aws", "[us-east-1]"),
        ],
        // Each form in its own region.
        vec![
            ("aws", "[{ name: us-east-1, zones: [use1-az1, use1-az4] }]"),
            ("aws", "[{ name: us-west-2, zones: 3 }]"),
        ],
        // A provider without AZ IDs: names and counts are one form.
        vec![
            (
                "gcp",
                "[{ name: us-central1, zones: [us-central1-a, us-central1-f] }]",
            ),
            ("gcp", "[{ name: us-central1, zones: 2 }]"),
        ],
        // Another provider's region of the same name is another region.
        vec![
            ("aws", "[{ name: us-east-1, zones: [use1-az1] }]"),
            ("generic", "[{ name: us-east-1, zones: 2 }]"),
        ],
    ] {
        let diags = check(&components);
        assert!(
            with_code(&diags, "zone-naming-mixed").is_empty(),
            "{components:?}: {diags:#?}"
        );
    }
}

#[test]
fn az_ids_are_recognised_by_their_form() {
    let aws = builtin().provider("aws").expect("aws");
    for id in [
        "use1-az1",
        "use1-az6",
        "apne1-az4",
        "euc2-az3",
        "mxc1-az1",
        "USE1-AZ1",
        "use1-az12",
    ] {
        assert!(aws.is_zone_id(id), "{id}");
    }
    for name in [
        "us-east-1a",
        "use1-az",
        "use-az1",
        "1-az1",
        "use1-az1x",
        "use1-atl1-az1",
        "",
        "az1",
    ] {
        assert!(!aws.is_zone_id(name), "{name}");
    }
    // Providers without a second form have no ids.
    let gcp = builtin().provider("gcp").expect("gcp");
    assert!(!gcp.is_zone_id("use1-az1"));
}

#[test]
fn a_bad_zone_id_pattern_in_a_user_profile_is_reported() {
    let text = r#"{"providers": [{"id": "acme-cloud", "name": "Acme Cloud",
        "zone_id_naming": "{letter}-az{digits}"}]}"#;
    match Catalogue::from_user_text(text, "acme.json") {
        Err(CatalogueError::Invalid { problems, .. }) => {
            let found: Vec<(ProblemKind, String)> =
                problems.into_iter().map(|p| (p.kind, p.pointer)).collect();
            assert_eq!(
                found,
                vec![(
                    ProblemKind::BadPattern,
                    "/providers/0/zone_id_naming".to_owned()
                )]
            );
        }
        other => panic!("expected an integrity problem, got {other:?}"),
    }
}

// ------------------------------------------------------------------ examples and suggestions

#[test]
fn the_examples_use_one_zone_form_per_region_and_real_counts() {
    let dir = std::path::Path::new("examples");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("examples/") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let doc = api::parse(&text, Format::Yaml).expect("parses");
        let diags = api::validate(&doc.architecture, builtin());
        for code in ["zone-naming-mixed", "zones-beyond-region"] {
            assert!(
                with_code(&diags, code).is_empty(),
                "{}: {code}: {diags:#?}",
                path.display()
            );
        }
        seen += 1;
    }
    assert!(seen >= 9, "{seen} examples");
}

#[test]
fn suggestions_never_declare_more_zones_than_a_region_has() {
    // westus has no availability zones: `add-zones` does not apply there, and a second
    // region added next to a three-zone placement gets no more zones than it has.
    let text = r#"
version: 1
name: azure-west
components:
  - id: api
    kind: compute
    provider: azure
    service: virtual-machines
    regions: [westus]
  - id: web
    kind: compute
    provider: azure
    service: virtual-machines
    regions: [{ name: westus2, zones: 3 }]
    depends_on: [api]
journeys:
  - { name: browse, entry: [web] }
"#;
    let doc = api::parse(text, Format::Yaml).expect("parses");
    let arch = &doc.architecture;
    let diags = api::validate(arch, builtin());
    assert!(!diags.iter().any(Diagnostic::is_error), "{diags:#?}");
    let ids = api::applicable_ids(arch, builtin()).expect("prepares");
    assert!(!ids.contains(&"add-zones:api".to_owned()), "{ids:?}");
    assert!(
        ids.contains(&"add-zones:web".to_owned())
            || ids.iter().any(|i| i.starts_with("add-region")),
        "{ids:?}"
    );
    for id in &ids {
        let changed =
            api::apply_suggestion(arch, builtin(), id).unwrap_or_else(|e| panic!("{id}: {e}"));
        let diags = api::validate(&changed, builtin());
        assert!(
            with_code(&diags, "zones-beyond-region").is_empty(),
            "{id}: {diags:#?}"
        );
    }
}

/// Counted zones are named by their own profile's `zone_naming`, also when another profile
/// of the catalogue has the same id (resolution keeps the names it made per profile).
#[test]
fn two_profiles_with_one_id_name_their_own_counted_zones() {
    let catalogue = twins(
        |a| a.zone_id_naming = None,
        |b| {
            b.zone_id_naming = None;
            b.zone_naming = "{region}-{n}".to_owned();
        },
    );
    let text = description(&[
        ("xa", "[{ name: us-east-1, zones: 1 }]"),
        ("xb", "[{ name: us-east-1, zones: 1 }]"),
    ]);
    let engine = Engine::new(&catalogue, Limits::default());
    let doc = engine.parse(&text, Format::Yaml).expect("parses");
    let report = engine.prepare(&doc.architecture).expect("valid").score();
    let zones: BTreeSet<(&str, &str)> = report
        .findings
        .iter()
        .filter(|f| f.domain.starts_with("zone:"))
        .map(|f| (f.journey.as_str(), f.domain.as_str()))
        .collect();
    for want in [
        ("j0", "zone:x/us-east-1/us-east-1a"),
        ("j1", "zone:x/us-east-1/us-east-1-1"),
    ] {
        assert!(zones.contains(&want), "{want:?} not in {zones:?}");
    }
}
