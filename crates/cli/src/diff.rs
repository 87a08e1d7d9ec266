//! `faultline diff BASE HEAD`: what moved, in text, JSON, one pull-request comment
//! (Markdown) or JUnit, and the `--fail-on` gate (exit code 4).

use faultline::diff::{DiffOptions, FailOn, Side};
use faultline::{Engine, render};

use crate::config::BaselineChoice;
use crate::exit::{EXIT_GATE, EXIT_OK, Exit, fail};
use crate::flags::DiffFormat;
use crate::json;
use crate::load::{Kind, display_name, failure, load, read_input, sniff};
use crate::score::apply_baseline;

pub struct Options<'a> {
    pub base: &'a str,
    pub head: &'a str,
    pub overlay: Option<&'a str>,
    pub base_overlay: Option<&'a str>,
    pub format: DiffFormat,
    pub fail_on: &'a [FailOn],
    pub mitigations: usize,
    pub title: Option<&'a str>,
    pub baseline: &'a BaselineChoice,
    /// Threads that measure mitigations.
    pub threads: usize,
}

/// The base's side: a saved report read by field name, or a description (or plan) scored.
fn base_side(engine: &Engine, file: &str, overlay: Option<&str>) -> Result<Side, Exit> {
    if file != "-" {
        let text = read_input(file)?;
        if sniff(&text) == Kind::SavedReport {
            return Side::from_saved(&text).map_err(|e| failure(file, &text, None, e));
        }
    }
    let loaded = load(file, overlay, engine)?;
    Ok(Side::of(&loaded.prepared))
}

pub fn run(engine: &Engine, o: &Options) -> Result<u8, Exit> {
    if o.base == "-" && o.head == "-" {
        return Err(fail(
            crate::exit::EXIT_UNREADABLE,
            "error: BASE and HEAD cannot both be standard input",
        ));
    }
    let base = base_side(engine, o.base, o.base_overlay)?;
    let head = load(o.head, o.overlay, engine)?;
    let head_side = Side::of(&head.prepared);
    let mut report = head.prepared.diff_with(
        &base,
        &head_side,
        &DiffOptions {
            mitigations: o.mitigations,
            threads: o.threads,
            ..DiffOptions::default()
        },
    );
    let ids: Vec<&str> = head_side.findings.iter().map(|f| f.id.as_str()).collect();
    if let Some(applied) = apply_baseline(o.baseline, head.name(), &ids)? {
        report.suppress(|id| applied.is_suppressed(id));
    }
    let violations = report.violations(o.fail_on);
    let at = head.locator();
    let title = o.title.unwrap_or(display_name(o.head));
    match o.format {
        DiffFormat::Text => print!("{}", render::diff::text(&report, &at)),
        DiffFormat::Markdown => print!("{}", render::diff::markdown(&report, title, &at)),
        DiffFormat::Json => {
            let mut v = serde_json::to_value(&report).unwrap_or_default();
            if let Some(m) = v.as_object_mut() {
                m.insert(
                    "violations".to_owned(),
                    serde_json::to_value(&violations).unwrap_or_default(),
                );
            }
            print!("{}", json(&v));
        }
        DiffFormat::Junit => print!(
            "{}",
            render::junit::diff(
                &report,
                &faultline::baseline::normalise_path(title),
                o.fail_on
            )
        ),
    }
    if violations.is_empty() {
        return Ok(EXIT_OK);
    }
    for v in &violations {
        eprintln!("faultline: --fail-on {}: {}", v.condition, v.reason);
    }
    Ok(EXIT_GATE)
}
