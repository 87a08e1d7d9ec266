//! Example architectures: every file under examples/ and tests/fixtures/ must parse.
//!
//! Parsing uses the raw serde entry points (`serde_saphyr::from_str`, `serde_json::from_str`)
//! so a failure here is about the files or the model types, not about the validator. On
//! top of parsing, the examples are checked against the consistency rules the validator
//! enforces (unique ids, known references, no cycles ...), with a small local checker, so
//! that a published example can never be one the engine rejects.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use faultline::model::{Architecture, Dependency, Topology};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `.yaml`, `.yml` and `.json` files directly inside `dir`, sorted.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| {
            p.is_file()
                && matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "yml" | "json")
                )
        })
        .collect();
    out.sort();
    out
}

fn parse(path: &Path) -> Result<Architecture, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => serde_json::from_str::<Architecture>(&text).map_err(|e| e.to_string()),
        _ => serde_saphyr::from_str::<Architecture>(&text).map_err(|e| e.to_string()),
    }
}

/// Parses every file, collecting all failures before panicking so one run shows them all.
fn parse_all(dir: &Path) -> Vec<(PathBuf, Architecture)> {
    let mut parsed = Vec::new();
    let mut failures = Vec::new();
    for path in files_in(dir) {
        match parse(&path) {
            Ok(arch) => parsed.push((path, arch)),
            Err(e) => failures.push(format!("{}: {e}", path.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "files that do not parse:\n{}",
        failures.join("\n")
    );
    parsed
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn every_example_parses() {
    let parsed = parse_all(&root().join("examples"));
    assert!(
        parsed.len() >= 8,
        "expected at least eight examples, found {}",
        parsed.len()
    );
    for (path, arch) in &parsed {
        assert_eq!(arch.version, 1, "{}: version", name(path));
        assert!(!arch.components.is_empty(), "{}: no components", name(path));
        assert!(
            !arch.journeys.is_empty(),
            "{}: examples should declare journeys",
            name(path)
        );
    }
}

#[test]
fn every_example_starts_with_an_explanation() {
    for path in files_in(&root().join("examples")) {
        let text = fs::read_to_string(&path).unwrap();
        let header: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
        assert!(
            header.len() >= 3,
            "{}: start with comment lines saying what it represents",
            name(&path)
        );
    }
}

#[test]
fn every_fixture_parses() {
    let parsed = parse_all(&root().join("tests/fixtures"));
    assert!(
        parsed.iter().any(|(p, _)| name(p) == "design-example.yaml"),
        "tests/fixtures/design-example.yaml is missing"
    );
}

#[test]
fn design_example_yaml_and_json_are_the_same_document() {
    let dir = root().join("tests/fixtures");
    let yaml = parse(&dir.join("design-example.yaml"))
        .unwrap_or_else(|e| panic!("design-example.yaml: {e}"));
    let json = parse(&dir.join("design-example.json"))
        .unwrap_or_else(|e| panic!("design-example.json: {e}"));
    assert_eq!(yaml, json);
}

#[test]
fn design_example_matches_the_contract_in_design_md() {
    // The fixture is the DESIGN.md example verbatim; spot-check the parts that exercise
    // the less obvious forms (soft dependency, any_of with failover, zone counts).
    let arch = parse(&root().join("tests/fixtures/design-example.yaml")).unwrap();
    assert_eq!(arch.name, "webshop");
    assert_eq!(arch.components.len(), 5);
    let web = arch.components.iter().find(|c| c.id == "web").unwrap();
    assert_eq!(
        web.depends_on[1],
        Dependency::Component {
            id: "recommendations".into(),
            hard: false
        }
    );
    assert_eq!(web.regions[0].zones.count(), 3);
    let Dependency::AnyOf {
        any_of,
        failover,
        hard,
        ..
    } = &arch.journeys[0].entry[0]
    else {
        panic!("first checkout entry should be an any_of group");
    };
    assert_eq!(any_of.len(), 2);
    assert!(failover.is_some());
    assert!(*hard);
}

#[test]
fn every_document_survives_a_json_round_trip() {
    // What the user wrote is what gets serialised: parse, write JSON, parse again.
    for dir in ["examples", "tests/fixtures"] {
        for (path, arch) in parse_all(&root().join(dir)) {
            let json = serde_json::to_string(&arch)
                .unwrap_or_else(|e| panic!("{}: serialise: {e}", name(&path)));
            let back: Architecture = serde_json::from_str(&json)
                .unwrap_or_else(|e| panic!("{}: reparse: {e}\n{json}", name(&path)));
            assert_eq!(
                arch,
                back,
                "{}: JSON round trip changed the document",
                name(&path)
            );
        }
    }
}

/// The consistency rules the validator enforces, checked independently here.
fn consistency_problems(arch: &Architecture) -> Vec<String> {
    let mut problems = Vec::new();
    let mut ids = BTreeSet::new();
    for c in &arch.components {
        if !ids.insert(c.id.as_str()) {
            problems.push(format!("duplicate component id `{}`", c.id));
        }
    }
    let mut journeys = BTreeSet::new();
    for j in &arch.journeys {
        if !journeys.insert(j.name.as_str()) {
            problems.push(format!("duplicate journey `{}`", j.name));
        }
        if j.entry.is_empty() {
            problems.push(format!("journey `{}` has no entry", j.name));
        }
        for id in j.entry.iter().flat_map(Dependency::ids) {
            if !ids.contains(id) {
                problems.push(format!(
                    "journey `{}` enters through unknown `{id}`",
                    j.name
                ));
            }
        }
    }
    let known_provider = |p: &str| {
        matches!(
            p,
            "aws" | "gcp" | "azure" | "cloudflare" | "fastly" | "akamai"
        ) || p.strip_prefix("on-prem:").is_some_and(|s| !s.is_empty())
            || p.strip_prefix("saas:").is_some_and(|s| !s.is_empty())
    };
    let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for c in &arch.components {
        let at = format!("component `{}`", c.id);
        if !known_provider(&c.provider) {
            problems.push(format!(
                "{at}: provider `{}` is not a known form",
                c.provider
            ));
        }
        for p in &c.regions {
            if p.zones.count() == 0 {
                problems.push(format!("{at}: region `{}` has no zones", p.name));
            }
        }
        let mut region_names = BTreeSet::new();
        for p in &c.regions {
            if !region_names.insert(p.name.as_str()) {
                problems.push(format!("{at}: region `{}` listed twice", p.name));
            }
        }
        if matches!(
            c.topology,
            Some(Topology::ActiveActive | Topology::ActivePassive)
        ) && c.regions.len() < 2
        {
            problems.push(format!(
                "{at}: {:?} needs at least two regions",
                c.topology.unwrap()
            ));
        }
        let active_passive = match c.topology {
            Some(t) => t == Topology::ActivePassive,
            None => c.regions.len() > 1,
        };
        if c.standby.is_some() && !active_passive {
            problems.push(format!("{at}: `standby` is for active-passive only"));
        }
        if c.data.is_some() && !c.kind.is_stateful() {
            problems.push(format!("{at}: `data` on a {} component", c.kind));
        }
        for id in c.depends_on.iter().flat_map(Dependency::ids) {
            if id == c.id {
                problems.push(format!("{at} depends on itself"));
            } else if !ids.contains(id) {
                problems.push(format!("{at} depends on unknown `{id}`"));
            }
            edges.entry(c.id.as_str()).or_default().push(id);
        }
    }
    // Cycles: depth-first search with colours.
    fn visit<'a>(
        node: &'a str,
        edges: &BTreeMap<&'a str, Vec<&'a str>>,
        state: &mut BTreeMap<&'a str, u8>,
        problems: &mut Vec<String>,
    ) {
        match state.get(node) {
            Some(1) => {
                problems.push(format!("dependency cycle through `{node}`"));
                return;
            }
            Some(2) => return,
            _ => {}
        }
        state.insert(node, 1);
        for next in edges.get(node).into_iter().flatten() {
            visit(next, edges, state, problems);
        }
        state.insert(node, 2);
    }
    let mut state = BTreeMap::new();
    for c in &arch.components {
        visit(c.id.as_str(), &edges, &mut state, &mut problems);
    }
    problems
}

#[test]
fn every_example_is_consistent() {
    let mut failures = Vec::new();
    let mut documents = parse_all(&root().join("examples"));
    documents.extend(parse_all(&root().join("tests/fixtures")));
    for (path, arch) in &documents {
        for problem in consistency_problems(arch) {
            failures.push(format!("{}: {problem}", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "inconsistent examples:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_component_is_reachable_from_a_journey() {
    // An example component nothing uses would score nothing and teach nothing. Monitoring
    // that runs on a component (`monitoring.component`) uses it.
    for (path, arch) in parse_all(&root().join("examples")) {
        let by_id: BTreeMap<&str, _> = arch.components.iter().map(|c| (c.id.as_str(), c)).collect();
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&str> = arch
            .journeys
            .iter()
            .flat_map(|j| j.entry.iter().flat_map(Dependency::ids))
            .collect();
        let mut m = arch.operations.monitoring.as_ref();
        while let Some(mon) = m {
            stack.extend(mon.component.as_deref());
            m = mon.secondary.as_deref();
        }
        while let Some(id) = stack.pop() {
            if seen.insert(id)
                && let Some(c) = by_id.get(id)
            {
                stack.extend(c.depends_on.iter().flat_map(Dependency::ids));
                stack.extend(c.needs_at_start.iter().map(String::as_str));
            }
        }
        let unused: Vec<&str> = by_id
            .keys()
            .copied()
            .filter(|id| !seen.contains(id))
            .collect();
        assert!(
            unused.is_empty(),
            "{}: components no journey reaches: {unused:?}",
            name(&path)
        );
    }
}

#[test]
fn the_example_in_docs_format_md_parses() {
    // Every complete document (a ```yaml block starting with `version:`) in the format
    // reference must parse and be consistent, so the docs cannot drift from the model.
    let text = fs::read_to_string(root().join("docs/format.md")).expect("docs/format.md");
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```yaml") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    let documents: Vec<&String> = blocks
        .iter()
        .filter(|b| b.starts_with("version:"))
        .collect();
    assert!(
        !documents.is_empty(),
        "docs/format.md should open with a complete example"
    );
    for doc in documents {
        let arch: Architecture = serde_saphyr::from_str(doc)
            .unwrap_or_else(|e| panic!("docs/format.md example: {e}\n{doc}"));
        let problems = consistency_problems(&arch);
        assert!(problems.is_empty(), "docs/format.md example: {problems:?}");
    }
}

/// For every example: `score_without_chains` is `score()` with every chain left empty,
/// `score_with_chains_of` keeps one scenario's chains only, and `scenario_findings` gives
/// each scenario's findings of `score()`, chains and words included (every scenario with
/// findings); an id no scenario has is an `unknown-scenario` error.
#[test]
fn chains_left_out_or_asked_for_one_scenario_match_the_full_score() {
    let engine = faultline::Engine::default();
    let mut checked = 0;
    for (path, arch) in parse_all(&root().join("examples")) {
        let name = name(&path);
        let p = engine
            .prepare(&arch)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let full = p.score();
        let mut bare = full.clone();
        bare.findings.iter_mut().for_each(|f| f.chain.clear());
        assert_eq!(p.score_without_chains(), bare, "{name}");
        let scenarios: BTreeSet<&str> = full.findings.iter().map(|f| f.scenario.as_str()).collect();
        for id in scenarios {
            let want: Vec<_> = full.findings.iter().filter(|f| f.scenario == id).collect();
            let got = p
                .scenario_findings(id)
                .unwrap_or_else(|e| panic!("{name} {id}: {e}"));
            assert_eq!(got.iter().collect::<Vec<_>>(), want, "{name} {id}");
            assert!(
                got.iter()
                    .all(|f| f.chain.iter().all(|s| !s.text.is_empty())),
                "{name} {id}: every link has its words"
            );
            let mut one = bare.clone();
            for (f, full) in one.findings.iter_mut().zip(&full.findings) {
                if f.scenario == id {
                    f.chain = full.chain.clone();
                }
            }
            assert_eq!(p.score_with_chains_of(id).ok(), Some(one), "{name} {id}");
            checked += 1;
        }
        let e = p
            .scenario_findings("no-such-scenario")
            .expect_err("an unknown scenario");
        assert_eq!(e.code().as_str(), "unknown-scenario", "{name}");
    }
    assert!(checked > 50, "{checked} scenarios compared");
}
