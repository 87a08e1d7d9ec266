//! Hostile input: every case of `tests/common/hostile_cases.rs` gets its verdict (no
//! panic, a clear error that says what and where, the same error every time); cycles of
//! every length; invalid UTF-8 through the CLI; limits raised from the command line; and
//! determinism of reports across runs, threads and input order.

use crate::api::{parse, parse_with_limits};
use crate::api::{validate, validate_with_limits};
use faultline::Format;
use faultline::Limits;
use faultline::catalogue::Catalogue;
use faultline::diagnostic::Diagnostic;

use crate::hostile_cases::{Case, cases, cycle};

/// What faultline says about a text: the first parse error, or every validation
/// diagnostic (default limits), or the score report's JSON when it scores.
#[derive(Debug, PartialEq)]
enum Verdict {
    Parse(Diagnostic),
    Invalid(Vec<Diagnostic>),
    Scored(String),
}

fn verdict(text: &str) -> Verdict {
    let limits = Limits::default();
    let doc = match parse_with_limits(text, Format::detect(None, text), &limits) {
        Ok(doc) => doc,
        Err(e) => return Verdict::Parse(e.diagnostics()[0].clone()),
    };
    let diags: Vec<Diagnostic> =
        validate_with_limits(&doc.architecture, Catalogue::builtin(), &limits)
            .into_iter()
            .map(|d| doc.source.locate(d))
            .collect();
    if diags.iter().any(Diagnostic::is_error) {
        return Verdict::Invalid(diags);
    }
    let report = crate::api::score(&doc.architecture, Catalogue::builtin())
        .unwrap_or_else(|e| panic!("validated but did not score: {e}"));
    Verdict::Scored(serde_json::to_string(&report).expect("json"))
}

/// The place a diagnostic names: its path, or its line, or (for whole-input limits and
/// empty documents) the document as a whole.
fn names_a_place(d: &Diagnostic) -> bool {
    !d.path.is_empty()
        || d.line.is_some()
        || matches!(
            d.code.as_str(),
            "empty-document"
                | "input-too-large"
                | "too-many-scenarios"
                | "too-many-nodes"
                | "too-many-aliases"
                | "too-deep"
        )
}

fn check(case: &Case) {
    let first = verdict(&case.text);
    match (&first, case.code) {
        (Verdict::Scored(_), None) => {}
        (Verdict::Scored(_), Some(code)) => panic!("{}: scored, expected `{code}`", case.name),
        (Verdict::Parse(d), Some(code)) => {
            assert_eq!(d.code, code, "{}: {d:?}", case.name);
            assert!(
                d.path.starts_with(case.path),
                "{}: path {:?}",
                case.name,
                d.path
            );
            assert!(d.is_error(), "{}", case.name);
            assert!(!d.message.trim().is_empty(), "{}: no message", case.name);
            assert!(names_a_place(d), "{}: no place in {d:?}", case.name);
            if d.code.as_str().starts_with("too-") || d.code == "input-too-large" {
                let help = d.help.as_deref().unwrap_or_default();
                assert!(
                    help.contains("--max-") && help.contains("Limits::max_"),
                    "{}: {help}",
                    case.name
                );
            }
        }
        (Verdict::Invalid(diags), Some(code)) => {
            let hit = diags
                .iter()
                .find(|d| d.is_error() && d.code == code && d.path.starts_with(case.path));
            let d = hit.unwrap_or_else(|| {
                panic!("{}: no `{code}` at {}: {diags:#?}", case.name, case.path)
            });
            assert!(!d.message.trim().is_empty(), "{}", case.name);
            assert!(names_a_place(d), "{}: no place in {d:?}", case.name);
        }
        (other, None) => panic!("{}: expected a score, got {other:?}", case.name),
    }
    // Same input, same verdict, to the byte.
    assert_eq!(
        verdict(&case.text),
        first,
        "{}: verdict changed between runs",
        case.name
    );
}

#[test]
fn every_hostile_case_gets_a_clear_verdict() {
    let all = cases();
    assert!(all.len() >= 60, "the case list shrank to {}", all.len());
    let mut names: Vec<&str> = all.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all.len(), "case names must be unique");
    let failed: Vec<String> = all
        .iter()
        .filter_map(|case| {
            std::panic::catch_unwind(|| check(case)).err().map(|e| {
                format!(
                    "{}: {}",
                    case.name,
                    e.downcast_ref::<String>().cloned().unwrap_or_default()
                )
            })
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{} case(s) failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

#[test]
fn cycles_of_every_length_are_named_in_order() {
    for n in 1..=8usize {
        let doc = parse(&cycle(n), Format::Yaml).expect("parses");
        let diags = validate(&doc.architecture, Catalogue::builtin());
        let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 1, "n={n}: {errors:#?}");
        let d = errors[0];
        if n == 1 {
            assert_eq!(d.code, "self-dependency");
            assert_eq!(d.path, "/components/0/depends_on/0");
        } else {
            assert_eq!(d.code, "dependency-cycle");
            assert_eq!(d.path, "/components/0/depends_on");
            // The message walks the cycle from c0 and comes back to it.
            let names: Vec<String> = (0..n)
                .map(|i| format!("c{i}"))
                .chain(["c0".into()])
                .collect();
            assert!(
                d.message.ends_with(&names.join(" → ")),
                "n={n}: {}",
                d.message
            );
        }
        let located = doc.source.locate(d.clone());
        assert_eq!(
            located.line,
            Some(4),
            "n={n}: the first component is on line 4"
        );
        assert_eq!(
            crate::api::score(&doc.architecture, Catalogue::builtin())
                .unwrap_err()
                .kind(),
            faultline::ErrorKind::Invalid
        );
    }
}

#[test]
fn a_thousand_long_cycle_is_found_when_the_limit_allows_it() {
    let text = cycle(1000);
    let limits = Limits {
        max_components: 1000,
        ..Limits::default()
    };
    let doc = parse_with_limits(&text, Format::Yaml, &limits).expect("parses under a raised limit");
    let diags = validate_with_limits(&doc.architecture, Catalogue::builtin(), &limits);
    let cycle = diags
        .iter()
        .find(|d| d.code == "dependency-cycle")
        .expect("the cycle is reported");
    assert!(
        cycle.message.contains("c998 → c999 → c0"),
        "{}",
        cycle.message
    );
    // Two disjoint cycles are two errors; one long chain into a cycle is one.
    assert_eq!(
        diags
            .iter()
            .filter(|d| d.code == "dependency-cycle")
            .count(),
        1
    );
}

#[test]
fn many_unknown_long_ids_do_not_make_validation_quadratic() {
    // 400 components, each depending on an unknown 2,000-character id: the "did you
    // mean" search must not compute 400 × 400 edit distances of 2,000² steps each.
    let mut text = String::from(crate::hostile_cases::HEAD);
    for i in 0..400 {
        let long = format!("{i}{}", "z".repeat(2_000));
        text.push_str(&crate::hostile_cases::component(
            &format!("{i}{}", "y".repeat(2_000)),
            &format!("depends_on: [\"{long}\"]"),
        ));
    }
    let doc = parse(&text, Format::Yaml).expect("parses");
    let t = std::time::Instant::now();
    let diags = validate(&doc.architecture, Catalogue::builtin());
    assert_eq!(
        diags
            .iter()
            .filter(|d| d.code == "unknown-dependency")
            .count(),
        400
    );
    // Generous: it takes milliseconds; the quadratic version took minutes.
    assert!(
        t.elapsed().as_secs() < 20,
        "validation took {:?}",
        t.elapsed()
    );
}

// --- determinism -------------------------------------------------------------------------------

fn examples() -> Vec<(String, String)> {
    let mut paths: Vec<_> = std::fs::read_dir("examples")
        .expect("examples/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).expect("read"),
            )
        })
        .collect()
}

fn score_json(text: &str) -> String {
    let doc = parse(text, Format::detect(None, text)).expect("parses");
    let report = crate::api::score(&doc.architecture, Catalogue::builtin()).expect("scores");
    serde_json::to_string_pretty(&report).expect("json")
}

#[test]
fn reports_are_byte_identical_across_runs_and_threads() {
    let inputs = examples();
    let once: Vec<String> = inputs.iter().map(|(_, t)| score_json(t)).collect();
    let again: Vec<String> = inputs.iter().map(|(_, t)| score_json(t)).collect();
    assert_eq!(once, again);
    // Four threads score every example at once (the built-in catalogue is shared).
    let handles: Vec<_> = (0..4)
        .map(|k| {
            let inputs = inputs.clone();
            std::thread::spawn(move || {
                let mut order: Vec<usize> = (0..inputs.len()).collect();
                order.rotate_left(k % inputs.len().max(1));
                let mut out = vec![String::new(); inputs.len()];
                for i in order {
                    out[i] = score_json(&inputs[i].1);
                }
                out
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().expect("thread"), once);
    }
}

/// A deterministic shuffle (xorshift) of a slice.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut s = seed | 1;
    for i in (1..items.len()).rev() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        items.swap(i, (s % (i as u64 + 1)) as usize);
    }
}

/// The score report with what legitimately follows input order normalised away: journeys
/// are listed in input order (sorted here by name), diagnostics point at input indices
/// (paths dropped, then sorted), and with `drop_chains` findings are sorted by id (ties
/// in cost may rank differently) and their causal chains (see the test below) left out.
fn normalised(report: &faultline::ScoreReport, drop_chains: bool) -> serde_json::Value {
    let mut v = serde_json::to_value(report).expect("json");
    let sort_by = |arr: &mut Vec<serde_json::Value>, key: &str| {
        arr.sort_by(|a, b| a[key].to_string().cmp(&b[key].to_string()));
    };
    if let Some(j) = v["journeys"].as_array_mut() {
        sort_by(j, "name");
    }
    // With `drop_chains`: ranked by cost, equal costs may be tied differently once entries
    // move, so sort by id; and the chains are left out.
    if drop_chains && let Some(f) = v["findings"].as_array_mut() {
        sort_by(f, "id");
        for x in f.iter_mut() {
            x["chain"] = serde_json::Value::Null;
        }
    }
    if let Some(d) = v["diagnostics"].as_array_mut() {
        for x in d.iter_mut() {
            x["path"] = serde_json::Value::Null;
            x["line"] = serde_json::Value::Null;
            x["column"] = serde_json::Value::Null;
        }
        d.sort_by_key(|x| x.to_string());
    }
    v
}

fn shuffled(
    a: &faultline::model::Architecture,
    seed: u64,
    lists_too: bool,
) -> faultline::model::Architecture {
    let mut a = a.clone();
    shuffle(&mut a.components, seed);
    if lists_too {
        for c in &mut a.components {
            shuffle(&mut c.depends_on, seed + 1);
        }
        shuffle(&mut a.journeys, seed + 2);
        for j in &mut a.journeys {
            shuffle(&mut j.entry, seed + 3);
        }
    }
    a
}

/// Reordering components changes nothing but where diagnostics point: same score, same
/// journeys, same findings in the same order, with the same causal chains.
#[test]
fn reports_do_not_depend_on_component_order() {
    for (name, text) in examples() {
        let doc = parse(&text, Format::Yaml).expect("parses");
        let base = crate::api::score(&doc.architecture, Catalogue::builtin()).expect("scores");
        for seed in [1u64, 7, 42, 1234] {
            let r = crate::api::score(
                &shuffled(&doc.architecture, seed, false),
                Catalogue::builtin(),
            )
            .expect("scores");
            let diff = first_difference(
                &normalised(&r, false),
                &normalised(&base, false),
                String::new(),
            );
            assert!(
                diff.is_none(),
                "{name} seed {seed}: {}",
                diff.unwrap_or_default()
            );
        }
    }
}

/// Reordering dependencies, journeys and journey entries as well changes only what
/// `docs/limits.md` lists as following input order: the order of `journeys`, and which of
/// several equally long causes a finding's `chain` shows. Every number is the same.
#[test]
fn reports_do_not_depend_on_any_input_order_but_the_documented_lists() {
    for (name, text) in examples() {
        let doc = parse(&text, Format::Yaml).expect("parses");
        let base = crate::api::score(&doc.architecture, Catalogue::builtin()).expect("scores");
        for seed in [3u64, 11, 99] {
            let r = crate::api::score(
                &shuffled(&doc.architecture, seed, true),
                Catalogue::builtin(),
            )
            .expect("scores");
            assert_eq!(r.score, base.score, "{name} seed {seed}");
            let diff = first_difference(
                &normalised(&r, true),
                &normalised(&base, true),
                String::new(),
            );
            assert!(
                diff.is_none(),
                "{name} seed {seed}: {}",
                diff.unwrap_or_default()
            );
            // Each chain still starts at the failed domain's effect and ends at its journey.
            for f in &r.findings {
                assert_eq!(
                    f.chain.last().map(|s| s.subject.as_str()),
                    Some(f.journey.as_str()),
                    "{}",
                    f.id
                );
            }
        }
    }
}

/// The JSON pointer of the first difference between two values, with both sides.
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, at: String) -> Option<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                let w = y.get(k).unwrap_or(&Value::Null);
                if let Some(d) = first_difference(v, w, format!("{at}/{k}")) {
                    return Some(d);
                }
            }
            (x.len() != y.len()).then(|| format!("{at}: keys differ"))
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                if let Some(d) = first_difference(v, w, format!("{at}/{i}")) {
                    return Some(d);
                }
            }
            (x.len() != y.len()).then(|| format!("{at}: {} vs {} items", x.len(), y.len()))
        }
        _ => (a != b).then(|| format!("{at}: {a} vs {b}")),
    }
}

#[test]
fn no_crate_root_allows_unsafe_code() {
    for root in [
        "src/lib.rs",
        "crates/cli/src/main.rs",
        "crates/wasm/src/lib.rs",
        "crates/dev/src/lib.rs",
        "build.rs",
    ] {
        let text = std::fs::read_to_string(root).expect("read crate root");
        assert!(
            text.contains("#![forbid(unsafe_code)]"),
            "{root} lost #![forbid(unsafe_code)]"
        );
    }
}
