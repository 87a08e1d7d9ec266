//! `suggest` and `--apply` as users run them.

use std::path::Path;
use std::process::{Command, Output};

use crate::api::{apply_suggestion, parse};
use faultline::Format;
use faultline::catalogue::Catalogue;
use faultline::mitigate::SuggestReport;
use faultline::model::Architecture;

fn load(path: &Path) -> (Architecture, Format) {
    let path = crate::root().join(path);
    let text = std::fs::read_to_string(&path).expect("readable");
    let format = Format::detect(path.to_str(), &text);
    let doc = parse(&text, format).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (doc.architecture, format)
}

fn faultline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_faultline"))
        .current_dir(crate::root())
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Applies `hunks` (the unified diff `--apply` prints on stderr) to `old`: what the file
/// must be if every line outside the hunks is unchanged.
fn apply_hunks(old: &str, diff: &str) -> String {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let mut out = String::new();
    let mut next = 1; // the next old line to copy
    let mut lines = diff.lines().peekable();
    while let Some(l) = lines.next() {
        let Some(h) = l.strip_prefix("@@ -") else {
            continue;
        };
        let (old_part, new_part) = h
            .trim_end_matches(" @@")
            .split_once(" +")
            .expect("a hunk header");
        let (start, count) = old_part.split_once(',').expect("start,count");
        let (start, count): (usize, usize) = (start.parse().unwrap(), count.parse().unwrap());
        let new_count: usize = new_part.split_once(',').unwrap().1.parse().unwrap();
        let first = if count == 0 { start + 1 } else { start };
        while next < first {
            out.push_str(old_lines[next - 1]);
            next += 1;
        }
        for _ in 0..count {
            let removed = lines.next().expect("a removed line");
            assert_eq!(&removed[1..], old_lines[next - 1].trim_end_matches('\n'));
            assert!(removed.starts_with('-'));
            next += 1;
            if lines.peek().is_some_and(|n| n.starts_with('\\')) {
                lines.next();
            }
        }
        for _ in 0..new_count {
            let added = lines.next().expect("an added line");
            assert!(added.starts_with('+'), "{added}");
            out.push_str(&added[1..]);
            if lines.peek().is_some_and(|n| n.starts_with('\\')) {
                lines.next();
            } else {
                out.push('\n');
            }
        }
    }
    for l in old_lines.iter().skip(next - 1) {
        out.push_str(l);
    }
    out
}

/// Issue 17, item 1, through the binary: every suggestion of every example (and the JSON
/// design fixture) is written into the file as a minimal patch; the file re-scores to the
/// score the suggestion promised, and every line outside the edits the CLI reports is
/// byte for byte the original.
#[test]
fn apply_patches_every_suggestion_of_every_example_minimally() {
    let mut inputs = crate::support::examples();
    inputs.push("tests/fixtures/design-example.json".to_owned());
    let dir = crate::support::scratch("apply-all");
    let mut applied = 0;
    for input in &inputs {
        let o = faultline(&["suggest", input, "--format", "json"]);
        crate::support::expect(&o, 0);
        let r: SuggestReport = serde_json::from_slice(&o.stdout).expect("the report is JSON");
        let original = std::fs::read_to_string(crate::root().join(input)).expect("readable");
        let (arch, format) = load(Path::new(input));
        for s in &r.suggestions {
            let ext = if format == Format::Json {
                "json"
            } else {
                "yaml"
            };
            let out = dir.join(format!("{}.{ext}", s.id.replace([':', '/'], "_")));
            let out_s = out.to_str().expect("utf-8 path");
            let o = faultline(&["suggest", input, "--apply", &s.id, "-o", out_s]);
            crate::support::expect(&o, 0);
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(
                err.contains(&format!("applied `{}`", s.id)) && !err.contains("not kept"),
                "{err}"
            );
            let written = std::fs::read_to_string(&out).expect("written");
            assert_eq!(
                apply_hunks(&original, &err),
                written,
                "{input} {}: the lines outside the reported edits changed",
                s.id
            );
            assert!(written != original, "{input} {}: nothing changed", s.id);
            let doc = parse(&written, format).expect("the patched file parses");
            assert_eq!(
                doc.architecture,
                apply_suggestion(&arch, Catalogue::builtin(), &s.id).expect("applies"),
                "{input} {}",
                s.id
            );
            let rescored = faultline::Engine::default()
                .prepare(&doc.architecture)
                .expect("valid")
                .score();
            assert_eq!(rescored.score, s.score, "{input}: {}", s.id);
            applied += 1;
        }
    }
    assert!(applied > 40, "only {applied} suggestions applied");
}

#[test]
fn apply_keeps_comments_and_writes_to_stdout_the_same_text() {
    let input = "examples/01-startup-single-az.yaml";
    let original = std::fs::read_to_string(crate::root().join(input)).expect("readable");
    let o = faultline(&[
        "suggest",
        input,
        "--apply",
        "stage-rollout:production",
        "-o",
        "-",
    ]);
    crate::support::expect(&o, 0);
    let written = String::from_utf8(o.stdout.clone()).expect("utf-8");
    let comments = |t: &str| t.lines().filter(|l| l.contains('#')).count();
    assert_eq!(comments(&written), comments(&original));
    assert_eq!(written.lines().count(), original.lines().count());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--- examples/01-startup-single-az.yaml") && err.contains("+++ <stdout>"),
        "{err}"
    );
    assert!(
        err.contains("-    rollout: global") || err.contains("rollout: staged"),
        "{err}"
    );
}

/// A change that falls on a YAML anchor is refused with exit code 5 and nothing written;
/// `--rewrite` writes the whole description and says what is lost.
#[test]
fn a_refused_patch_writes_nothing_unless_rewrite_is_asked() {
    let input = "crates/cli/tests/fixtures/anchored.yaml";
    let dir = crate::support::scratch("apply-refused");
    let out = dir.join("out.yaml");
    let out_s = out.to_str().expect("utf-8");
    let o = faultline(&["suggest", input, "--apply", "add-zones:web", "-o", out_s]);
    crate::support::expect(&o, 5);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("error[patch-unsupported]")
            && err.contains("anchored.yaml:9")
            && err.contains("--rewrite"),
        "{err}"
    );
    assert!(!out.exists(), "nothing may be written");
    let o = faultline(&[
        "suggest",
        input,
        "--apply",
        "add-zones:web",
        "-o",
        out_s,
        "--rewrite",
    ]);
    crate::support::expect(&o, 0);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--rewrite") && err.contains("not kept"),
        "{err}"
    );
    let written = std::fs::read_to_string(&out).expect("written");
    let (arch, _) = load(Path::new(input));
    assert_eq!(
        parse(&written, Format::Yaml).expect("parses").architecture,
        apply_suggestion(&arch, Catalogue::builtin(), "add-zones:web").expect("applies")
    );
    // --rewrite without --apply is a usage error.
    let o = faultline(&["suggest", input, "--rewrite"]);
    crate::support::expect(&o, 2);
}

#[test]
fn apply_with_an_unknown_id_lists_the_applicable_ones() {
    let o = faultline(&[
        "suggest",
        "examples/01-startup-single-az.yaml",
        "--apply",
        "add-zones:nope",
        "-o",
        "-",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("add-zones:nope") && err.contains("add-zones:orders-db"),
        "{err}"
    );
    assert!(o.stdout.is_empty());
}

/// A change `suggest` rejected is written when asked for, with a warning saying why (found
/// by a review: it was written silently); an offered one has no warning.
#[test]
fn apply_of_a_rejected_change_warns_why() {
    let run = |id: &str| {
        faultline(&[
            "suggest",
            "examples/01-startup-single-az.yaml",
            "--apply",
            id,
            "-o",
            "-",
        ])
    };
    let o = run("active-active:orders-db");
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("warning: `active-active:orders-db` is not a change `faultline suggest` offers: journey `browse` would be down longer"),
        "{err}"
    );
    assert!(!o.stdout.is_empty());
    let o = run("add-zones:orders-db");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("warning"), "{err}");
}

/// A change that takes the description over a limit (a second DNS provider past
/// `--max-components`) is refused with the limit's error, not as a defect of the patcher.
#[test]
fn apply_over_a_limit_names_the_limit() {
    let text = std::fs::read_to_string(crate::root().join("examples/01-startup-single-az.yaml"))
        .unwrap_or_default();
    let n = text.lines().filter(|l| l.starts_with("  - id: ")).count();
    assert!(n > 3, "{n} components");
    let max = n.to_string();
    let o = faultline(&[
        "suggest",
        "examples/01-startup-single-az.yaml",
        "--max-components",
        &max,
        "--apply",
        "second-dns:dns",
        "-o",
        "-",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("too many components") && !err.contains("defect"),
        "{err}"
    );
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn suggest_renders_text_and_markdown() {
    let o = faultline(&[
        "suggest",
        "examples/03-multi-region-active-passive.yaml",
        "--top",
        "3",
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("stage-rollout:production") && text.contains("Not offered"),
        "{text}"
    );
    let o = faultline(&[
        "suggest",
        "examples/03-multi-region-active-passive.yaml",
        "--format",
        "markdown",
    ]);
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(
        md.starts_with("## faultline: mitigations for shopfront") && md.contains("| 1 |"),
        "{md}"
    );
}

/// `--threads N` chooses how many threads measure mitigations; the reports are the same
/// byte for byte (suggest, and score with its advice); 0 is refused with the flag's name.
#[test]
fn threads_flag_changes_nothing_in_the_output_and_refuses_zero() {
    let file = "examples/03-multi-region-active-passive.yaml";
    let run = |threads: &str, args: &[&str]| {
        let mut all = vec!["--threads", threads];
        all.extend_from_slice(args);
        let o = faultline(&all);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        o.stdout
    };
    for args in [&["suggest", file, "--format", "json"][..], &["score", file]] {
        let one = run("1", args);
        assert!(one.len() > 1_000, "{args:?}: {} bytes", one.len());
        assert!(run("3", args) == one, "{args:?}: 3 threads differ from 1");
    }
    let zero = faultline(&["--threads", "0", "suggest", file]);
    assert_eq!(zero.status.code(), Some(2));
    let err = String::from_utf8_lossy(&zero.stderr);
    assert!(err.contains("--threads must be at least 1"), "{err}");
}
