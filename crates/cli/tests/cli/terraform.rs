//! Terraform in the CLI (issue 18, items 1, 5 and 8): `import terraform`, and plans scored
//! directly with `--overlay`, with findings that name the resource addresses.

use faultline::{Engine, Format};
use serde_json::Value;

use crate::support::{code, expect, faultline, scratch, stderr, stdout, validate};

const PLAN: &str = "tests/fixtures/terraform/aws-pilot-light.json";
const OVERLAY: &str = "examples/terraform/overlay.yaml";

fn read(path: &str) -> String {
    std::fs::read_to_string(crate::root().join(path)).expect("readable")
}

/// `faultline import terraform PLAN --overlay OVERLAY -o OUT`.
fn import_to(out: &str) -> std::process::Output {
    faultline(
        &["import", "terraform", PLAN, "--overlay", OVERLAY, "-o", out],
        None,
    )
}

fn imported() -> faultline::terraform::Imported {
    Engine::default()
        .import_terraform(&read(PLAN), Some((&read(OVERLAY), Format::Yaml)))
        .expect("imports")
}

#[test]
fn import_terraform_writes_the_description_the_library_imports() {
    let o = faultline(&["import", "terraform", PLAN, "--overlay", OVERLAY], None);
    expect(&o, 0);
    let yaml = stdout(&o);
    assert!(yaml.starts_with("# Imported from"), "{yaml}");
    let doc = Engine::default()
        .parse(&yaml, Format::Yaml)
        .expect("parses");
    let lib = imported();
    assert_eq!(doc.architecture, lib.architecture);
    assert!(yaml.contains("origin:") && yaml.contains("module.primary.aws_lb.web"));
    let err = stderr(&o);
    assert_eq!(
        err.trim_end(),
        lib.summary().trim_end(),
        "stderr is the summary"
    );
    assert!(
        err.contains("Assumed (3)") && err.contains("[parallel-stack]"),
        "{err}"
    );

    // -o OUT.json writes JSON; --format overrides the extension.
    let dir = scratch("import");
    let out = dir.join("shop.json");
    let o = import_to(out.to_str().unwrap());
    expect(&o, 0);
    assert!(stdout(&o).is_empty());
    let json = std::fs::read_to_string(&out).expect("written");
    let doc = Engine::default().parse(&json, Format::Json).expect("JSON");
    assert_eq!(doc.architecture, lib.architecture);
    let o = faultline(&["import", "terraform", PLAN, "--format", "json"], None);
    expect(&o, 0);
    assert!(stdout(&o).trim_start().starts_with('{'));
    // Without an overlay the journeys are guessed, and it says so.
    assert!(stderr(&o).contains("journeys-guessed"), "{}", stderr(&o));
}

/// An import is written over an earlier import, never over a description written by hand
/// (found by a review: `-o` silently replaced it).
#[test]
fn import_overwrites_an_earlier_import_but_not_a_description_of_yours() {
    let dir = scratch("import-over");
    let out = dir.join("shop.yaml");
    let Some(path) = out.to_str() else {
        panic!("a non-UTF-8 scratch path")
    };
    let run = || import_to(path);
    expect(&run(), 0);
    let first = std::fs::read_to_string(&out).unwrap_or_default();
    // Again, over its own earlier output: written.
    expect(&run(), 0);
    assert_eq!(std::fs::read_to_string(&out).unwrap_or_default(), first);
    // Over a description of yours: refused, and left as it was.
    let mine = read("examples/01-startup-single-az.yaml");
    assert!(std::fs::write(&out, &mine).is_ok());
    let o = run();
    expect(&o, 2);
    assert!(
        stderr(&o).contains("is not an earlier import"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap_or_default(), mine);
}

#[test]
fn import_errors_name_the_file_and_line() {
    let dir = scratch("import-errors");
    let overlay = dir.join("bad-overlay.yaml");
    std::fs::write(&overlay, "resources:\n  aws_lb.nope: { id: lb }\n").expect("write");
    let o = faultline(
        &[
            "import",
            "terraform",
            PLAN,
            "--overlay",
            overlay.to_str().unwrap(),
        ],
        None,
    );
    expect(&o, 1);
    let err = stderr(&o);
    assert!(
        err.contains("error[overlay-reference]") && err.contains("bad-overlay.yaml:2"),
        "{err}"
    );
    let o = faultline(&["import", "terraform", "-"], Some("{\"format_version\": "));
    expect(&o, 2);
    assert!(stderr(&o).contains("terraform-syntax"), "{}", stderr(&o));
    let o = faultline(
        &["import", "terraform", "examples/01-startup-single-az.yaml"],
        None,
    );
    assert_ne!(code(&o), 0);
    // --overlay with a description is a usage error.
    let o = faultline(
        &[
            "score",
            "examples/01-startup-single-az.yaml",
            "--overlay",
            OVERLAY,
        ],
        None,
    );
    expect(&o, 2);
    assert!(
        stderr(&o).contains("--overlay goes with a Terraform plan"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_plan_scores_directly_and_findings_name_the_resource_addresses() {
    let o = faultline(
        &[
            "score",
            PLAN,
            "--overlay",
            OVERLAY,
            "--format",
            "json",
            "--no-baseline",
        ],
        None,
    );
    expect(&o, 0);
    let lib = Engine::default()
        .prepare(&imported().architecture)
        .expect("valid")
        .score();
    let mut want = serde_json::to_string_pretty(&lib).expect("json");
    want.push('\n');
    assert_eq!(stdout(&o), want);
    assert!(
        stderr(&o).contains("is a Terraform plan: imported 5 component(s)"),
        "{}",
        stderr(&o)
    );

    // Text: a `code:` line under each finding whose components came from resources.
    let o = faultline(
        &[
            "score",
            PLAN,
            "--overlay",
            OVERLAY,
            "--no-advice",
            "--top",
            "3",
        ],
        None,
    );
    expect(&o, 0);
    let text = stdout(&o);
    let code_lines: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("code: "))
        .collect();
    assert!(code_lines.len() >= 2, "{text}");
    assert!(
        code_lines[0].contains("module.primary.aws_autoscaling_group.web"),
        "{text}"
    );
    // Markdown: a code column.
    let o = faultline(
        &["score", PLAN, "--overlay", OVERLAY, "--format", "markdown"],
        None,
    );
    assert!(stdout(&o).contains("| code |") && stdout(&o).contains("`module.primary.aws_lb.web`"));

    // SARIF: the addresses as logical locations, placed on the address in the plan.
    let o = faultline(
        &["score", PLAN, "--overlay", OVERLAY, "--format", "sarif"],
        None,
    );
    expect(&o, 0);
    let log: Value = serde_json::from_slice(&o.stdout).expect("json");
    let plan_lines: Vec<String> = read(PLAN).lines().map(str::to_owned).collect();
    let mut placed = 0;
    for r in log["runs"][0]["results"].as_array().expect("results") {
        let loc = &r["locations"][0];
        let Some(first) = loc["logicalLocations"][0]["fullyQualifiedName"].as_str() else {
            continue;
        };
        let line = loc["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap() as usize;
        assert!(
            plan_lines[line - 1].contains(&format!("\"address\": \"{first}\"")),
            "line {line} of the plan is not {first}'s"
        );
        placed += 1;
    }
    assert!(placed > 10);
    let dir = scratch("terraform-sarif");
    let file = dir.join("plan.sarif");
    std::fs::write(&file, &o.stdout).expect("write");
    let schema = crate::root().join("crates/cli/tests/fixtures/sarif-2.1.0-rtm.5.json");
    validate(&["json", schema.to_str().unwrap()], &[file]);
}

#[test]
fn every_command_that_reads_a_description_reads_a_plan() {
    for args in [
        vec!["check", PLAN, "--overlay", OVERLAY],
        vec!["risk", PLAN, "--overlay", OVERLAY],
        vec!["suggest", PLAN, "--overlay", OVERLAY, "--top", "2"],
        vec!["replay", PLAN, "--overlay", OVERLAY],
        vec![
            "simulate",
            PLAN,
            "--overlay",
            OVERLAY,
            "--pattern",
            "region-data-plane-loss",
            "--at",
            "region:aws/us-east-1",
        ],
        vec!["export", PLAN, "--overlay", OVERLAY, "--format", "dot"],
        vec!["diff", PLAN, PLAN, "--overlay", OVERLAY],
    ] {
        let o = faultline(&args, None);
        expect(&o, 0);
        assert!(!stdout(&o).is_empty() || args[0] == "check", "{args:?}");
    }
    // A plan cannot be patched: import it first.
    let o = faultline(
        &[
            "suggest",
            PLAN,
            "--apply",
            "stage-rollout:production",
            "-o",
            "-",
        ],
        None,
    );
    expect(&o, 2);
    assert!(stderr(&o).contains("import it first"), "{}", stderr(&o));
    // The project's own plans of every provider score without an overlay.
    for entry in std::fs::read_dir(crate::root().join("tests/fixtures/terraform")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let o = faultline(&["score", path.to_str().unwrap(), "--format", "json"], None);
            expect(&o, 0);
        }
    }
}

/// The real plans and states of `../shared/fixtures/terraform/` (not copied into the
/// project; skipped with a message where that folder is absent).
#[test]
fn real_plans_score_through_the_cli() {
    let dir = crate::root().join("../shared/fixtures/terraform");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!(
            "skipped: {} is absent (it sits beside the repository in CI)",
            dir.display()
        );
        return;
    };
    let mut n = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let file = path.to_str().unwrap();
            let o = faultline(&["import", "terraform", file], None);
            expect(&o, 0);
            let o = faultline(&["score", file, "--format", "sarif"], None);
            if stderr(&o).contains("error[no-components]") {
                // A plan of networks only: nothing to score, and the error says so.
                expect(&o, 1);
                continue;
            }
            expect(&o, 0);
            let log: Value = serde_json::from_slice(&o.stdout).expect("json");
            assert!(log["runs"][0]["results"].is_array());
            n += 1;
        }
    }
    assert!(n > 5, "only {n} plans");
}
