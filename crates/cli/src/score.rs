//! `faultline score` (text, JSON, Markdown, SARIF, JUnit; the `--min-score` gate; a
//! baseline's accepted findings left out) and `faultline baseline` (writes one).

use faultline::advice::AdviceOptions;
use faultline::baseline::{Applied, Baseline, Date, normalise_path};
use faultline::render::junit::JunitInput;
use faultline::render::locate::Locator;
use faultline::render::sarif::SarifInput;
use faultline::{Engine, Format, ScoreReport, render};

use crate::config::BaselineChoice;
use crate::exit::{EXIT_BELOW_MIN, EXIT_OK, Exit};
use crate::flags::ReportFormat;
use crate::load::{self, Loaded, failure, load, read_input, today, write_output};

pub struct Options<'a> {
    pub file: Option<&'a str>,
    pub overlay: Option<&'a str>,
    pub format: ReportFormat,
    pub min_score: Option<f64>,
    pub top: usize,
    pub advice: bool,
    pub baseline: &'a BaselineChoice,
    /// Threads that play the scenarios and measure mitigations.
    pub threads: usize,
}

/// Leaves a baseline's accepted findings out of `report`, says on stderr how many and
/// what is stale, and returns how many were left out.
pub fn apply_baseline(
    choice: &BaselineChoice,
    file: &str,
    ids: &[&str],
) -> Result<Option<Applied>, Exit> {
    let Some((name, baseline)) = load::baseline(choice)? else {
        return Ok(None);
    };
    let applied = baseline.apply(file, today()?, ids.iter().copied());
    eprintln!(
        "faultline: {} finding(s) of {file} accepted by {name} and left out",
        applied.suppressed.len()
    );
    for w in applied.warnings() {
        eprintln!("warning: {w}");
    }
    Ok(Some(applied))
}

/// The SARIF artifact URI of a file as given on the command line.
fn uri(file: Option<&str>) -> String {
    match file {
        None => "architecture.yaml".to_owned(),
        Some("-") => "stdin".to_owned(),
        Some(f) => normalise_path(f),
    }
}

pub fn run(engine: &Engine, o: &Options) -> Result<u8, Exit> {
    let loaded: Loaded = match o.file {
        Some(f) => load(f, o.overlay, engine)?,
        None => {
            let text = faultline::DEFAULT_ARCHITECTURE.to_owned();
            let name = "<default architecture>";
            let doc = engine
                .parse(&text, Format::Yaml)
                .map_err(|e| failure(name, &text, None, e))?;
            load::prepare_description(engine, name, doc, text)?
        }
    };
    let p = &loaded.prepared;
    let mut report: ScoreReport = p.score_on(o.threads);
    let ids: Vec<&str> = report.findings.iter().map(|f| f.id.as_str()).collect();
    let applied = apply_baseline(o.baseline, loaded.name(), &ids)?;
    let suppressed = applied.as_ref().map_or(0, |a| a.suppressed.len());
    if let Some(a) = &applied {
        report.findings.retain(|f| !a.is_suppressed(&f.id));
    }
    // Positions only for the formats that point at lines (building the index of a
    // 1,000-component file's positions was a twelfth of `score --format json`).
    let at = || -> Locator { loaded.locator() };
    let advice = || {
        o.advice.then(|| {
            p.advice(&AdviceOptions {
                threads: o.threads,
                ..AdviceOptions::default()
            })
        })
    };
    match o.format {
        ReportFormat::Text => {
            print!("{}", render::text::score_at(&report, o.top, &at()));
            if suppressed > 0 {
                print!("\n{suppressed} finding(s) accepted by the baseline are not listed.\n");
            }
            if let Some(a) = advice() {
                print!("{}", render::advice::text(&a));
            }
        }
        ReportFormat::Json => {
            // `json(&report)`'s bytes, the findings written on every thread and printed as
            // they are written.
            render::json::pretty_score_report(&report, o.threads, |part| print!("{part}"))
                .map_err(|e| failure(loaded.name(), "", None, e))?;
            print!("\n");
        }
        ReportFormat::Markdown => {
            print!("{}", render::markdown::score_at(&report, o.top, &at()));
            if suppressed > 0 {
                print!("\n_{suppressed} finding(s) accepted by the baseline are not listed._\n");
            }
            if let Some(a) = advice() {
                print!("{}", render::advice::markdown(&a));
            }
        }
        ReportFormat::Sarif => print!(
            "{}",
            render::sarif::log(
                &report,
                &SarifInput {
                    uri: &uri(o.file),
                    locator: &at(),
                    catalogue: engine.catalogue(),
                    suppressed,
                }
            )
        ),
        ReportFormat::Junit => print!(
            "{}",
            render::junit::score(
                &report,
                &JunitInput {
                    file: &uri(o.file),
                    locator: &at(),
                    min_score: o.min_score,
                    suppressed,
                }
            )
        ),
    }
    let code = match o.min_score {
        Some(m) if report.score < m => {
            eprintln!(
                "faultline: score {:.1} is below --min-score {m}",
                report.score
            );
            EXIT_BELOW_MIN
        }
        _ => EXIT_OK,
    };
    // The process exits next (`score` runs once per invocation): leave the report and the
    // prepared architecture to the operating system instead of freeing them piece by piece,
    // which took about 4 % of a 10,000-component run (docs/performance.md).
    std::mem::forget(report);
    std::mem::forget(loaded);
    Ok(code)
}

/// `faultline baseline FILE... -o OUT`.
pub fn write_baseline(
    engine: &Engine,
    files: &[String],
    overlay: Option<&str>,
    output: &str,
    reason: Option<&str>,
    expires: Option<Date>,
) -> Result<u8, Exit> {
    let today = today()?;
    let mut old_text = None;
    let mut baseline = if output != "-" && std::path::Path::new(output).is_file() {
        let text = read_input(output)?;
        let b = Baseline::parse(&text, Format::detect(Some(output), &text))
            .map_err(|e| failure(output, &text, None, e))?;
        old_text = Some(text);
        b
    } else {
        Baseline::default()
    };
    let reason = reason
        .map(str::to_owned)
        .unwrap_or_else(|| format!("accepted when the baseline was written on {today}"));
    for file in files {
        let loaded = load(file, overlay, engine)?;
        let report = loaded.prepared.score();
        let ids: Vec<&str> = report.findings.iter().map(|f| f.id.as_str()).collect();
        let before = baseline.accepted.len();
        baseline = baseline.with_file(loaded.name(), ids.iter().copied(), &reason, expires);
        eprintln!(
            "faultline: {} finding(s) of {} in the baseline ({} entries in all, {:+} from before)",
            ids.len(),
            loaded.name(),
            baseline.accepted.len(),
            baseline.accepted.len() as i64 - before as i64
        );
    }
    let text = if Format::detect(Some(output), "") == Format::Json && output != "-" {
        baseline.to_json()
    } else {
        // Over an existing baseline, what its user wrote there (comments, layout of the
        // entries kept) stays.
        match old_text
            .as_deref()
            .map(|old| (old, baseline.to_yaml_keeping(old)))
        {
            Some((_, Some(kept))) => kept,
            Some((old, None)) => {
                if old.contains('#') {
                    eprintln!(
                        "note: {output} is not laid out as `faultline baseline` writes it (one `  - id:` item per entry under `accepted:`), so it is written anew and its comments are not kept"
                    );
                }
                baseline.to_yaml()
            }
            None => baseline.to_yaml(),
        }
    };
    write_output(output, &text)?;
    if output != "-" {
        eprintln!("faultline: wrote {output}");
    }
    Ok(EXIT_OK)
}
