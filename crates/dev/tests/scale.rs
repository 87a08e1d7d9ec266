//! Scale: the seeded generator, the 10,000-component architecture in the suite, and growth
//! checked by work counters (never by wall clock). Run with
//! `cargo test -p faultline-dev --test scale`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use faultline::catalogue::Catalogue;
use faultline::dev::{restricted_play_matches, work};
use faultline::diagnostic::Diagnostic;
use faultline::model::{Architecture, Dependency, Kind, Standby, Topology, Via};
use faultline::{Engine, Format};
use faultline_dev::generate::{SIZES, generate};

fn validate(arch: &Architecture, catalogue: &Catalogue) -> Vec<Diagnostic> {
    Engine::new(catalogue, faultline::Limits::default()).check(arch)
}

fn parse(text: &str, format: Format) -> Result<faultline::Document, faultline::Error> {
    Engine::default().parse(text, format)
}

fn errors(arch: &Architecture) -> Vec<Diagnostic> {
    validate(arch, Catalogue::builtin())
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

#[test]
fn generated_architectures_have_the_size_asked_and_no_errors() {
    for n in [1, 2, 3, 5, 10, 37, 100, 250, 1_000] {
        for seed in [1, 2, 3, 42] {
            let arch = generate(n, seed);
            assert_eq!(arch.components.len(), n, "size {n}, seed {seed}");
            let errs = errors(&arch);
            assert!(errs.is_empty(), "size {n}, seed {seed}: {errs:#?}");
        }
    }
}

#[test]
fn generated_architectures_use_only_what_the_catalogue_knows() {
    // Realistic means: providers, services and regions from the provider profiles, and
    // every component needed by some journey.
    let unwanted = [
        "unknown-provider",
        "unknown-service",
        "unknown-region",
        "unused-component",
        "topology-defaulted",
        "duplicate-dependency",
        "single-any-of",
    ];
    for n in [10, 100, 1_000] {
        for seed in [1, 7] {
            let diags = validate(&generate(n, seed), Catalogue::builtin());
            let bad: Vec<&Diagnostic> = diags
                .iter()
                .filter(|d| unwanted.contains(&d.code.as_str()))
                .collect();
            assert!(bad.is_empty(), "size {n}, seed {seed}: {bad:#?}");
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_architecture_and_another_seed_another() {
    for n in [10, 1_000] {
        assert_eq!(generate(n, 5), generate(n, 5));
        assert_ne!(generate(n, 5).components, generate(n, 6).components);
    }
}

#[test]
fn generated_architectures_mix_every_style() {
    let arch = generate(1_000, 1);
    let cs = &arch.components;
    let providers: BTreeSet<&str> = cs.iter().map(|c| c.provider.as_str()).collect();
    for p in ["aws", "gcp", "azure"] {
        assert!(providers.contains(p), "no {p} in {providers:?}");
    }
    assert!(providers.iter().any(|p| p.starts_with("saas:")));
    for t in [
        Topology::SingleRegion,
        Topology::ActivePassive,
        Topology::ActiveActive,
    ] {
        assert!(cs.iter().any(|c| c.topology == Some(t)), "no {t:?}");
    }
    for s in [
        Standby::Hot,
        Standby::Warm,
        Standby::PilotLight,
        Standby::BackupRestore,
    ] {
        assert!(cs.iter().any(|c| c.standby == Some(s)), "no {s:?} standby");
    }
    for v in [Via::Dns, Via::Anycast, Via::LoadBalancer, Via::Client] {
        assert!(
            cs.iter()
                .any(|c| c.failover.as_ref().and_then(|f| f.via) == Some(v)),
            "no failover via {v:?}"
        );
    }
    let deps: Vec<&Dependency> = cs.iter().flat_map(|c| &c.depends_on).collect();
    assert!(deps.iter().any(|d| !d.is_hard()), "no soft dependency");
    assert!(
        deps.iter().any(|d| matches!(d, Dependency::AnyOf { .. })),
        "no any_of group"
    );
    for k in [
        Kind::Dns,
        Kind::Cdn,
        Kind::LoadBalancer,
        Kind::Database,
        Kind::Cache,
        Kind::Queue,
        Kind::ObjectStorage,
        Kind::Secrets,
        Kind::Identity,
        Kind::AiInference,
        Kind::ThirdPartyApi,
    ] {
        assert!(cs.iter().any(|c| c.kind == k), "no {k}");
    }
    assert!(cs.iter().any(|c| !c.agents.is_empty()), "no fleet agents");
    assert!(arch.operations.monitoring.is_some());
    assert!(
        arch.journeys.len() >= 10,
        "{} journeys",
        arch.journeys.len()
    );
    // Realistic fan-out: layered, not a chain, not a star.
    let p = Engine::default().prepare(&arch).expect("valid");
    let per_component = work(&p).edges as f64 / cs.len() as f64;
    assert!(
        (1.0..4.0).contains(&per_component),
        "{per_component} edges per component"
    );
}

#[test]
fn generated_architectures_survive_yaml_and_json() {
    for n in [10, 100, 1_000] {
        let arch = generate(n, 3);
        let yaml = faultline::write::to_text(&arch, Format::Yaml).expect("YAML");
        let json = serde_json::to_string(&arch).expect("JSON");
        assert_eq!(
            parse(&yaml, Format::Yaml)
                .expect("YAML parses")
                .architecture,
            arch
        );
        assert_eq!(
            parse(&json, Format::Json)
                .expect("JSON parses")
                .architecture,
            arch
        );
    }
}

fn examples() -> Vec<Architecture> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("examples/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("readable");
            parse(&text, Format::Yaml)
                .expect("example parses")
                .architecture
        })
        .collect()
}

/// Playing a scenario over the components the engine says it can change gives the same
/// outcomes as playing it over the whole graph: the components left out are up in the
/// full pass, and the journeys agree (`faultline::dev::restricted_play_matches`).
fn assert_restricted_play_is_exact(arch: &Architecture, every: usize) {
    let p = Engine::default().prepare(arch).expect("valid");
    let compared = restricted_play_matches(&p, every).unwrap_or_else(|e| panic!("{e}"));
    assert!(compared > 0);
}

#[test]
fn playing_only_the_affected_components_changes_nothing_for_the_examples() {
    for arch in examples() {
        assert_restricted_play_is_exact(&arch, 1);
    }
}

#[test]
fn playing_only_the_affected_components_changes_nothing_for_generated_architectures() {
    for (n, seeds, every) in [(10, 1..=5, 1), (100, 1..=3, 1), (1_000, 1..=1, 40)] {
        for seed in seeds {
            assert_restricted_play_is_exact(&generate(n, seed), every);
        }
    }
}

#[test]
fn ten_thousand_components_validate_and_score() {
    let arch = generate(10_000, 1);
    assert_eq!(arch.components.len(), 10_000);
    let errs = errors(&arch);
    assert!(errs.is_empty(), "{errs:#?}");
    let report = Engine::default().prepare(&arch).expect("valid").score();
    assert_eq!(report.journeys.len(), arch.journeys.len());
    // At least one change scenario per component that is not a SaaS (each can be the one
    // a bad change hits), plus the domain scenarios.
    let own = arch
        .components
        .iter()
        .filter(|c| !c.provider.starts_with("saas:"))
        .count();
    assert!(
        report.scenarios > own,
        "{} scenarios for {own} components",
        report.scenarios
    );
    assert!(!report.findings.is_empty());
    assert!((0.0..=100.0).contains(&report.score));
    // Every finding belongs to a declared journey.
    let names: BTreeSet<&str> = arch.journeys.iter().map(|j| j.name.as_str()).collect();
    assert!(
        report
            .findings
            .iter()
            .all(|f| names.contains(f.journey.as_str()))
    );
}

/// The bound factor for growth: from 1,000 to 10,000 components, the work per scenario ×
/// graph element may grow by at most this much (1.0 = exactly proportional). Superlinear
/// propagation (a pass that copies chains proportional to depth × size, or a pass per
/// scenario over the whole graph) would show as a factor far above it.
const GROWTH_FACTOR: f64 = 1.25;

#[test]
fn work_grows_no_faster_than_scenarios_times_graph() {
    let catalogue = Catalogue::builtin();
    let small = work(
        &Engine::new(catalogue, faultline::Limits::default())
            .prepare(&generate(SIZES[2], 1))
            .expect("valid"),
    );
    let big = work(
        &Engine::new(catalogue, faultline::Limits::default())
            .prepare(&generate(SIZES[3], 1))
            .expect("valid"),
    );
    assert_eq!((small.components, big.components), (1_000, 10_000));
    // Each scenario costs at most about one walk of the graph.
    for w in [&small, &big] {
        assert!(
            w.units <= w.scenario_graph,
            "{} units over a bound of {}",
            w.units,
            w.scenario_graph
        );
    }
    let (a, b) = (
        small.units_per_scenario_graph(),
        big.units_per_scenario_graph(),
    );
    assert!(
        b <= a * GROWTH_FACTOR,
        "work per scenario × graph element grew from {a:.5} to {b:.5} (1k → 10k)"
    );
    // And the work itself grows near-linearly with the architecture (10× the components):
    // scenarios touch the components resting on their domain and those depending on them,
    // not the whole graph.
    let growth = big.units as f64 / small.units as f64;
    assert!(
        growth < 10.0 * 2.0,
        "work grew {growth:.1}× for 10× the components ({} → {} units)",
        small.units,
        big.units
    );
}

/// Advice honours its work budget on the hostile dense graph (issue 13: each component
/// depends on every earlier one): with no budget nothing is measured, a larger budget
/// measures more candidates, and the report says when candidates were left out; what is
/// measured is never cut short (the speed is measured in `benches/engine.rs`, not here).
#[test]
fn advice_stays_within_its_work_budget_and_says_when_it_stopped() {
    use faultline::advice::AdviceOptions;
    let arch = faultline_dev::generate::dense(40);
    let engine = Engine::default();
    let p = engine.prepare(&arch).expect("the dense graph is valid");
    let measured = |max_work: u64| {
        let a = p.advice(&AdviceOptions {
            max_work,
            ..AdviceOptions::default()
        });
        let m = a.mitigations;
        let considered = m.considered;
        let measured = match &m.truncated {
            Some(why) => {
                assert!(why.contains("work budget"), "{why}");
                let n: usize = why
                    .split("after ")
                    .nth(1)
                    .and_then(|s| s.split(' ').next())
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| panic!("no count in {why}"));
                assert!(
                    why.contains(&format!("of {considered} candidates")),
                    "{why}"
                );
                n
            }
            None => considered,
        };
        assert!(m.suggestions.len() + m.rejected.len() <= measured);
        assert!(m.suggestions.len() <= 3);
        measured
    };
    assert_eq!(measured(0), 0);
    let small = measured(50_000);
    let large = measured(2_000_000);
    let all = measured(u64::MAX);
    assert!(small >= 1 && small < all, "{small} of {all}");
    assert!(small <= large && large <= all, "{small} {large} {all}");
    assert!(all > 100, "{all} candidates on the dense graph");
}

/// Generated descriptions written as YAML (the benchmarks' input) are read by the fast YAML
/// reader, into granit-parser's events (`faultline::dev::fast_yaml_agrees`), and parse to
/// the same description as when a tab in a trailing comment sends the text to
/// granit-parser.
#[test]
fn generated_yaml_is_read_fast_and_as_granit_reads_it() {
    let mut archs: Vec<Architecture> = Vec::new();
    for n in [1, 2, 3, 10, 37, 100, 1_000] {
        for seed in [1, 2, 42] {
            archs.push(generate(n, seed));
        }
    }
    archs.push(faultline_dev::generate::dense(30));
    for arch in archs {
        let text = faultline::write::to_text(&arch, Format::Yaml).expect("writes YAML");
        let name = arch.name.clone();
        assert_eq!(
            faultline::dev::fast_yaml_agrees(&text),
            Ok(true),
            "{name}: not read fast"
        );
        let fast = parse(&text, Format::Yaml).expect("parses");
        let slow = parse(&format!("{text}#\t\n"), Format::Yaml).expect("parses");
        assert_eq!(fast.architecture, slow.architecture, "{name}");
        assert_eq!(fast.architecture, arch, "{name}: the description written");
    }
}
