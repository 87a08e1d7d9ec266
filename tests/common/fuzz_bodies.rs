//! The fuzz target bodies, shared by the libFuzzer targets in `fuzz/fuzz_targets/` (nightly,
//! `cargo fuzz`) and the stable harness in `tests/it/fuzz_stable.rs` (plain `cargo test`),
//! so both exercise exactly the same code.
//!
//! Each body takes arbitrary bytes and must return without panicking; the checks inside
//! are invariants that hold for every input (a report's numbers are finite and in range,
//! its JSON reads back, the renderers accept it, the same input gives the same bytes).
//! Bytes that are not UTF-8 are read lossily, as a text box in the page would.

#![allow(dead_code)]

use std::borrow::Cow;

use crate::api::parse_with_limits;
use faultline::Format;
use faultline::Limits;
use faultline::catalogue::Catalogue;

/// The named targets, in the order the harness and `.ci/fuzz` run them.
pub const TARGETS: [&str; 4] = ["parse_yaml", "parse_json", "simulate", "catalogue"];

/// Runs the body of the target called `name`.
///
/// # Panics
///
/// On an unknown name (a harness bug), and whenever an invariant fails (a finding).
pub fn run(name: &str, data: &[u8]) {
    match name {
        "parse_yaml" => parse_score(data, Format::Yaml),
        "parse_json" => parse_score(data, Format::Json),
        "simulate" => simulate_replay(data),
        "catalogue" => catalogue(data),
        other => panic!("no fuzz target `{other}`"),
    }
}

fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Limits low enough that one fuzz input stays fast in a debug build.
fn fuzz_limits() -> Limits {
    Limits {
        max_components: 60,
        max_dependencies: 600,
        max_scenarios: 800,
        ..Limits::default()
    }
}

fn check_number(what: &str, x: f64) {
    assert!(x.is_finite() && x >= 0.0, "{what} is {x}");
}

/// parse → validate (with limits) → score → render, for one format.
pub fn parse_score(data: &[u8], format: Format) {
    let text = text(data);
    let limits = fuzz_limits();
    let doc = match parse_with_limits(&text, format, &limits) {
        Ok(doc) => doc,
        Err(e) => {
            assert!(
                e.diagnostics()[0].is_error(),
                "a parse failure must be an error"
            );
            assert!(
                !e.diagnostics()[0].code.as_str().is_empty()
                    && !e.diagnostics()[0].message.is_empty()
            );
            return;
        }
    };
    let catalogue = Catalogue::builtin();
    let diags = crate::api::validate_with_limits(&doc.architecture, catalogue, &limits);
    for d in &diags {
        // Locating never panics, whatever the path.
        let _ = doc.source.locate(d.clone());
    }
    let rendered = faultline::render::diagnostics::render("fuzz", &text, &diags);
    if diags.iter().any(|d| d.is_error()) {
        assert!(!rendered.is_empty());
        assert!(crate::api::score(&doc.architecture, catalogue).is_err());
        return;
    }
    let report = match crate::api::score(&doc.architecture, catalogue) {
        Ok(r) => r,
        Err(e) => panic!("validated without errors but did not score: {e}"),
    };
    assert!(
        (0.0..=100.0).contains(&report.score),
        "score {}",
        report.score
    );
    for j in &report.journeys {
        check_number("journey downtime", j.expected_downtime_minutes_per_year);
    }
    for f in &report.findings {
        check_number("impact_minutes", f.impact_minutes);
        check_number("expected_minutes_per_year", f.expected_minutes_per_year);
        check_number("per_year", f.per_year);
    }
    let json = serde_json::to_string(&report).expect("a report always serialises");
    let back: faultline::ScoreReport = serde_json::from_str(&json).expect("and reads back");
    assert_eq!(
        serde_json::to_string(&back).expect("json"),
        json,
        "JSON round trip"
    );
    let _ = faultline::render::text::score(&report, 10);
    let _ = faultline::render::markdown::score(&report, 10);
    let _ = faultline::render::sarif::score(&report, "fuzz.yaml");
    // Determinism: the same architecture scores to the same bytes.
    let again = crate::api::score(&doc.architecture, catalogue).expect("scored once");
    assert_eq!(
        serde_json::to_string(&again).expect("json"),
        json,
        "not deterministic"
    );
}

/// A fixed small architecture, played with arbitrary pattern, domain, minutes and
/// incident strings taken from the input's lines.
pub fn simulate_replay(data: &[u8]) {
    let text = text(data);
    let mut lines = text.split('\n');
    let pattern = lines.next().unwrap_or_default().to_owned();
    let at = lines.next().unwrap_or_default().to_owned();
    let minutes = lines.next().and_then(|m| m.trim().parse::<f64>().ok());
    let incident = lines.next().map(str::to_owned);
    let doc = match parse_with_limits(
        faultline::DEFAULT_ARCHITECTURE,
        Format::Yaml,
        &Limits::default(),
    ) {
        Ok(doc) => doc,
        Err(e) => panic!("the default architecture parses: {e}"),
    };
    let catalogue = Catalogue::builtin();
    let _ = faultline::domain::DomainId::parse(&at);
    let request = faultline::SimulateRequest {
        pattern,
        at,
        minutes,
    };
    if let Ok(report) = crate::api::simulate(&doc.architecture, catalogue, &request) {
        check_number("minutes", report.minutes);
        for j in &report.journeys {
            check_number("impact_minutes", j.impact_minutes);
            check_number("degraded_minutes", j.degraded_minutes);
        }
        let _ = faultline::render::text::simulate(&report);
        let _ = serde_json::to_string(&report).expect("json");
    }
    if let Ok(report) = crate::api::replay(&doc.architecture, catalogue, incident.as_deref()) {
        let _ = faultline::render::text::replay(&report);
        let _ = serde_json::to_string(&report).expect("json");
    }
}

/// The user-catalogue loader and the merge over the built-in catalogue. The first byte
/// picks the file name (JSON, YAML, or no extension: sniffed).
pub fn catalogue(data: &[u8]) {
    let (name, rest) = match data.split_first() {
        Some((b, rest)) if b % 3 == 0 => ("user.json", rest),
        Some((b, rest)) if b % 3 == 1 => ("user.yaml", rest),
        Some((_, rest)) => ("user-catalogue", rest),
        None => ("user.yaml", data),
    };
    let text = text(rest);
    let user = match Catalogue::from_user_text(&text, name) {
        Ok(user) => user,
        Err(e) => {
            assert_eq!(e.file(), name, "the error names the file");
            let _ = e.to_string();
            return;
        }
    };
    match Catalogue::builtin().merged_with(&user) {
        Ok(merged) => {
            let _ = faultline::catalogue::render::text(&merged);
            let _ = faultline::catalogue::render::markdown(&merged);
            for p in merged.patterns.iter().take(3) {
                let _ = faultline::catalogue::explain(&merged, &p.id);
            }
            // The merged catalogue scores the default architecture without panicking.
            if let Ok(doc) = parse_with_limits(
                faultline::DEFAULT_ARCHITECTURE,
                Format::Yaml,
                &Limits::default(),
            ) {
                let limits = fuzz_limits();
                let over = crate::api::validate_with_limits(&doc.architecture, &merged, &limits);
                if !over.iter().any(|d| d.is_error())
                    && let Ok(r) = crate::api::score(&doc.architecture, &merged)
                {
                    assert!((0.0..=100.0).contains(&r.score), "score {}", r.score);
                }
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}
