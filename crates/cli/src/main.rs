//! The `faultline` command-line interface: a thin shell over the library.
//!
//! It parses flags (clap) into a validated configuration, reads input, calls one library
//! function and renders its report. Exit codes (also in `faultline --help`):
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | the description has errors (diagnostics of error severity, unknown fields, wrong types) |
//! | 2 | unreadable input, a syntax error, or bad command-line arguments |
//! | 3 | the score is below `--min-score` |

#![forbid(unsafe_code)]

use std::io::Read as _;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use faultline::advice::AdviceOptions;
use faultline::catalogue::{Catalogue, render as catalogue_render};
use faultline::diagnostic::Diagnostic;
use faultline::export::ExportFormat as CoreExport;
use faultline::{Document, Engine, Error, ErrorKind, Format, Limits, Prepared, render};

/// `print!` that never panics: a closed pipe (`faultline score | head`) stops the output
/// quietly and the exit code still reports the result; any other write error is reported
/// once on stderr. Shadows the standard macro for the whole file.
macro_rules! print {
    ($($arg:tt)*) => { emit(format_args!($($arg)*)) };
}

fn emit(args: std::fmt::Arguments) {
    use std::io::Write as _;
    use std::sync::atomic::{AtomicBool, Ordering};
    static CLOSED: AtomicBool = AtomicBool::new(false);
    if CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        CLOSED.store(true, Ordering::Relaxed);
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("faultline: cannot write the output: {e}");
        }
    }
}

const EXIT_INVALID: u8 = 1;
const EXIT_UNREADABLE: u8 = 2;
const EXIT_BELOW_MIN: u8 = 3;

const DOMAIN_HELP: &str = "\
Fault domains (--at) are written `class:name`:
  zone:<provider>/<region>/<zone>      zone:aws/us-east-1/us-east-1a
  region:<provider>/<region>           region:aws/us-east-1 (data plane)
  control:<provider>/<region>          control:aws/us-east-1 (launch, scale, edit)
  control:<provider>/global            control:aws/global (IAM, Route 53 and CloudFront control planes)
  service:<provider>/<region>/<svc>    service:aws/us-east-1/dynamodb
  edge:<provider>  backbone:<provider>  dns:<provider>  identity:<provider>
  saas:<vendor>  site:<name>  agent:<name>  rollout:global  change:production
  credential:self  monitoring:<provider>
See docs/domains.md.";

#[derive(Parser, Debug)]
#[command(
    name = "faultline",
    version,
    about = "Score a system architecture against a cited catalogue of real cloud outages",
    after_help = "Exit codes: 0 success; 1 the description has errors; 2 unreadable input, syntax error or bad arguments; 3 score below --min-score."
)]
struct Cli {
    /// Add or override catalogue entries from this file (YAML or JSON, same format as the built-in catalogue).
    #[arg(long, global = true, value_name = "FILE")]
    catalogue: Option<String>,
    /// Largest input accepted, in bytes.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = Limits::default().max_input_bytes)]
    max_input_bytes: usize,
    /// Deepest nesting of mappings and sequences accepted.
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().max_depth)]
    max_depth: usize,
    /// Most expansions of one YAML alias accepted (billion-laughs guard).
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().max_alias_expansions)]
    max_alias_expansions: usize,
    /// Most YAML values (mappings, sequences, scalars) accepted in one document.
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().max_yaml_nodes)]
    max_yaml_nodes: usize,
    /// Most components accepted.
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().max_components)]
    max_components: usize,
    /// Most dependency references (`depends_on` and `entry` items, `any_of` alternatives) accepted.
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().max_dependencies)]
    max_dependencies: usize,
    /// Most scenarios one score may play.
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().max_scenarios)]
    max_scenarios: usize,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate a description and print diagnostics like a compiler.
    Check {
        /// The description (YAML or JSON); `-` reads standard input.
        file: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Print the JSON Schema of the description format.
    Schema,
    /// Score a description: expected downtime per journey, score, grade and findings.
    Score {
        /// The description; without it, the embedded default architecture is scored.
        file: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Exit with code 3 when the score is below this.
        #[arg(long, value_name = "N")]
        min_score: Option<f64>,
        /// How many findings the text and Markdown reports show.
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// Leave out the advice the text and Markdown reports end with (single points of
        /// failure, risk groups, measured mitigations).
        #[arg(long)]
        no_advice: bool,
    },
    /// Play one outage pattern at one fault domain.
    #[command(after_help = DOMAIN_HELP)]
    Simulate {
        /// The description.
        file: String,
        /// Pattern id (see `faultline catalogue`).
        #[arg(long)]
        pattern: String,
        /// The fault domain to fail.
        #[arg(long, value_name = "DOMAIN")]
        at: String,
        /// Minutes (default: the pattern's median).
        #[arg(long)]
        minutes: Option<f64>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = PlainFormat::Text)]
        format: PlainFormat,
    },
    /// What would have happened to you during a catalogued incident.
    Replay {
        /// The description.
        file: String,
        /// One incident id; without it, every incident touching your providers.
        #[arg(long)]
        incident: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = PlainFormat::Text)]
        format: PlainFormat,
    },
    /// Measured mitigations: each candidate change applied to a copy and re-scored, ranked by gain per cost.
    Suggest {
        /// The description (YAML or JSON); `-` reads standard input.
        file: String,
        /// Show only the best N suggestions.
        #[arg(long, value_name = "N")]
        top: Option<usize>,
        /// Output format (of the report; `--apply` writes the description's own format).
        #[arg(long, value_enum, default_value_t = SuggestFormat::Text)]
        format: SuggestFormat,
        /// Apply this suggestion (an id from the report) and write the changed description.
        #[arg(long, value_name = "ID", requires = "output")]
        apply: Option<String>,
        /// Where `--apply` writes the changed description (`-`: standard output), in the input's format.
        #[arg(short = 'o', long = "output", value_name = "OUT", requires = "apply")]
        output: Option<String>,
    },
    /// List the outage catalogue: patterns, incidents, provider profiles.
    Catalogue {
        /// Output format.
        #[arg(long, value_enum, default_value_t = CatalogueFormat::Text)]
        format: CatalogueFormat,
    },
    /// Explain one pattern or incident, with its sources.
    Explain {
        /// Pattern or incident id.
        id: String,
    },
    /// Single points of failure and risk groups: the minimal sets of fault domains whose
    /// joint failure takes a journey down (see docs/risk.md).
    Risk {
        /// The description.
        file: String,
        /// Largest number of domains in a risk group.
        #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..))]
        max_order: u64,
        /// Most risk groups listed per journey (the most likely first).
        #[arg(long, value_name = "N", default_value_t = faultline::RiskOptions::default().max_sets)]
        max_sets: usize,
        /// Work limit per journey (elementary steps of the enumeration).
        #[arg(long, value_name = "STEPS", default_value_t = faultline::RiskOptions::default().max_work)]
        max_work: u64,
        /// How many risk groups per journey the text report shows.
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t = PlainFormat::Text)]
        format: PlainFormat,
    },
    /// Export the fault trees (Open-PSA MEF XML, for PRA tools such as SCRAM) or the graph
    /// (Graphviz DOT, optionally marked with one simulated scenario).
    #[command(after_help = DOMAIN_HELP)]
    Export {
        /// The description.
        file: String,
        /// Output format.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// With --format dot: mark what this pattern does (needs --at).
        #[arg(long, requires = "at")]
        pattern: Option<String>,
        /// With --format dot: the fault domain the pattern fails (needs --pattern).
        #[arg(long, value_name = "DOMAIN", requires = "pattern")]
        at: Option<String>,
        /// With --pattern: minutes (default: the pattern's median).
        #[arg(long, requires = "pattern")]
        minutes: Option<f64>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ExportFormat {
    /// Open-PSA Model Exchange Format XML: one fault tree per journey.
    OpenPsa,
    /// Graphviz DOT: journeys, components and fault domains.
    Dot,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum CheckFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ReportFormat {
    Text,
    Json,
    Markdown,
    Sarif,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum PlainFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum SuggestFormat {
    Text,
    Json,
    Markdown,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum CatalogueFormat {
    Text,
    Json,
    Markdown,
}

/// A failure that ends the command with an exit code after printing `message`.
struct Exit {
    code: u8,
    message: String,
}

fn fail(code: u8, message: impl Into<String>) -> Exit {
    Exit {
        code,
        message: message.into(),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprint!("{}", e.message);
            if !e.message.ends_with('\n') {
                eprintln!();
            }
            ExitCode::from(e.code)
        }
    }
}

fn read_input(file: &str) -> Result<String, Exit> {
    let mut bytes = Vec::new();
    let result = if file == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(file)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map(|_| ())
    };
    result.map_err(|e| {
        fail(
            EXIT_UNREADABLE,
            format!("error[unreadable]: cannot read {file}: {e}"),
        )
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        fail(
            EXIT_UNREADABLE,
            format!("error[invalid-utf8]: {file} is not UTF-8 text (invalid byte at offset {at})"),
        )
    })
}

fn display_name(file: &str) -> &str {
    if file == "-" { "<stdin>" } else { file }
}

fn load_catalogue(path: Option<&str>) -> Result<Catalogue, Exit> {
    let builtin = Catalogue::try_builtin().map_err(|e| {
        fail(
            EXIT_INVALID,
            format!("error[catalogue]: the built-in catalogue is broken: {e}"),
        )
    })?;
    let Some(path) = path else {
        return Ok(builtin.clone());
    };
    let text = read_input(path)?;
    let user = Catalogue::from_user_text(&text, path)
        .map_err(|e| fail(EXIT_INVALID, format!("error[catalogue]: {e}")))?;
    builtin
        .merged_with(&user)
        .map_err(|e| fail(EXIT_INVALID, format!("error[catalogue]: {e}")))
}

/// The exit code of a library error (the table in the module documentation).
fn exit_code(e: &Error) -> u8 {
    match e.kind() {
        ErrorKind::Syntax | ErrorKind::Request => EXIT_UNREADABLE,
        ErrorKind::Limit if e.is_unreadable() => EXIT_UNREADABLE,
        _ => EXIT_INVALID,
    }
}

/// A library error as the CLI reports it: problems with the description like a compiler
/// (file, line, source line, caret), anything else as one line.
fn failure(file: &str, text: &str, doc: Option<&Document>, e: Error) -> Exit {
    let code = exit_code(&e);
    match e.kind() {
        ErrorKind::Syntax | ErrorKind::Shape | ErrorKind::Limit | ErrorKind::Invalid => {
            let e = match doc {
                Some(d) => e.located(&d.source),
                None => e,
            };
            fail(
                code,
                render::diagnostics::render(display_name(file), text, e.diagnostics()),
            )
        }
        ErrorKind::Catalogue => fail(code, format!("error[catalogue]: {e}")),
        _ => fail(code, format!("error: {e}")),
    }
}

/// Reads and parses a description, printing the parse error like a compiler.
fn load(file: &str, engine: &Engine) -> Result<(Document, String), Exit> {
    let text = read_input(file)?;
    let format = Format::detect(Some(file), &text);
    match engine.parse(&text, format) {
        Ok(doc) => Ok((doc, text)),
        Err(e) => Err(failure(file, &text, None, e)),
    }
}

/// Reads, parses and prepares a description (limits, validation), printing what stops it.
fn prepared<'c>(file: &str, engine: &Engine<'c>) -> Result<(Prepared<'c>, Document, String), Exit> {
    let (doc, text) = load(file, engine)?;
    match engine.prepare(&doc.architecture) {
        Ok(p) => Ok((p, doc, text)),
        Err(e) => Err(failure(file, &text, Some(&doc), e)),
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

fn run(cli: Cli) -> Result<u8, Exit> {
    let limits = Limits {
        max_input_bytes: cli.max_input_bytes,
        max_depth: cli.max_depth,
        max_alias_expansions: cli.max_alias_expansions,
        max_yaml_nodes: cli.max_yaml_nodes,
        max_components: cli.max_components,
        max_dependencies: cli.max_dependencies,
        max_scenarios: cli.max_scenarios,
    };
    match cli.command {
        Command::Schema => {
            print!("{}", faultline::schema::json_schema());
            Ok(0)
        }
        Command::Catalogue { format } => {
            let cat = load_catalogue(cli.catalogue.as_deref())?;
            match format {
                CatalogueFormat::Text => print!("{}", catalogue_render::text(&cat)),
                CatalogueFormat::Json => print!("{}", json(&cat)),
                CatalogueFormat::Markdown => print!("{}", catalogue_render::markdown(&cat)),
            }
            Ok(0)
        }
        Command::Explain { id } => {
            let cat = load_catalogue(cli.catalogue.as_deref())?;
            match faultline::catalogue::explain(&cat, &id) {
                Some(text) => {
                    print!("{text}");
                    Ok(0)
                }
                None => Err(fail(
                    EXIT_UNREADABLE,
                    format!(
                        "error: no pattern or incident `{id}` (`faultline catalogue` lists them)"
                    ),
                )),
            }
        }
        Command::Check { file, format } => {
            let cat = load_catalogue(cli.catalogue.as_deref())?;
            let engine = Engine::new(&cat, limits);
            let text = read_input(&file)?;
            let fmt = Format::detect(Some(&file), &text);
            let (diagnostics, unreadable) = match engine.parse(&text, fmt) {
                Ok(doc) => {
                    let d: Vec<Diagnostic> = engine
                        .check(&doc.architecture)
                        .into_iter()
                        .map(|d| doc.source.locate(d))
                        .collect();
                    (d, false)
                }
                Err(e) => (e.diagnostics().to_vec(), exit_code(&e) == EXIT_UNREADABLE),
            };
            match format {
                CheckFormat::Text => eprint!(
                    "{}",
                    render::diagnostics::render(display_name(&file), &text, &diagnostics)
                ),
                CheckFormat::Json => print!(
                    "{}",
                    json(
                        &serde_json::json!({ "file": display_name(&file), "valid": !diagnostics.iter().any(Diagnostic::is_error), "diagnostics": diagnostics })
                    )
                ),
            }
            Ok(if unreadable {
                EXIT_UNREADABLE
            } else if diagnostics.iter().any(Diagnostic::is_error) {
                EXIT_INVALID
            } else {
                0
            })
        }
        Command::Score {
            file,
            format,
            min_score,
            top,
            no_advice,
        } => {
            if let Some(m) = min_score
                && !(0.0..=100.0).contains(&m)
            {
                return Err(fail(
                    EXIT_UNREADABLE,
                    format!("error: --min-score must be between 0 and 100, got {m}"),
                ));
            }
            let cat = load_catalogue(cli.catalogue.as_deref())?;
            let engine = Engine::new(&cat, limits);
            let (p, _, _) = match &file {
                Some(f) => prepared(f, &engine)?,
                None => {
                    let text = faultline::DEFAULT_ARCHITECTURE.to_owned();
                    let name = "<default architecture>";
                    let doc = engine
                        .parse(&text, Format::Yaml)
                        .map_err(|e| failure(name, &text, None, e))?;
                    let p = engine
                        .prepare(&doc.architecture)
                        .map_err(|e| failure(name, &text, Some(&doc), e))?;
                    (p, doc, text)
                }
            };
            let report = p.score();
            let advice = || (!no_advice).then(|| p.advice(&AdviceOptions::default()));
            match format {
                ReportFormat::Text => {
                    print!("{}", render::text::score(&report, top));
                    if let Some(a) = advice() {
                        print!("{}", render::advice::text(&a));
                    }
                }
                ReportFormat::Json => print!("{}", json(&report)),
                ReportFormat::Markdown => {
                    print!("{}", render::markdown::score(&report, top));
                    if let Some(a) = advice() {
                        print!("{}", render::advice::markdown(&a));
                    }
                }
                ReportFormat::Sarif => print!(
                    "{}",
                    render::sarif::score(&report, file.as_deref().unwrap_or("architecture.yaml"))
                ),
            }
            match min_score {
                Some(m) if report.score < m => {
                    eprintln!(
                        "faultline: score {:.1} is below --min-score {m}",
                        report.score
                    );
                    Ok(EXIT_BELOW_MIN)
                }
                _ => Ok(0),
            }
        }
        Command::Simulate {
            file,
            pattern,
            at,
            minutes,
            format,
        } => {
            let cat = load_catalogue(cli.catalogue.as_deref())?;
            let engine = Engine::new(&cat, limits);
            let (p, doc, text) = prepared(&file, &engine)?;
            let request = faultline::SimulateRequest {
                pattern,
                at,
                minutes,
            };
            let report = p
                .simulate(&request)
                .map_err(|e| failure(&file, &text, Some(&doc), e))?;
            match format {
                PlainFormat::Text => print!("{}", render::text::simulate(&report)),
                PlainFormat::Json => print!("{}", json(&report)),
            }
            Ok(0)
        }
        Command::Risk {
            file,
            max_order,
            max_sets,
            max_work,
            top,
            format,
        } => {
            let cat = load_catalogue(cli.catalogue.as_deref())?;
            let engine = Engine::new(&cat, limits);
            let (p, _, _) = prepared(&file, &engine)?;
            let options = faultline::RiskOptions {
                max_order: usize::try_from(max_order).unwrap_or(usize::MAX),
                max_sets,
                max_work,
            };
            let report = p.risk(&options);
            match format {
                PlainFormat::Text => print!("{}", render::risk::risk(&report, top)),
                PlainFormat::Json => print!("{}", json(&report)),
            }
            Ok(0)
        }
        Command::Export {
            file,
            format,
            pattern,
            at,
            minutes,
        } => {
            let cat = load_catalogue(cli.catalogue.as_deref())?;
            let engine = Engine::new(&cat, limits);
            if format == ExportFormat::OpenPsa && pattern.is_some() {
                return Err(fail(
                    EXIT_UNREADABLE,
                    "error: --pattern and --at mark a scenario on the graph: they go with --format dot",
                ));
            }
            let (p, doc, text) = prepared(&file, &engine)?;
            let mark = match (pattern, at) {
                (Some(pattern), Some(at)) => Some(faultline::SimulateRequest {
                    pattern,
                    at,
                    minutes,
                }),
                _ => None,
            };
            let core = match format {
                ExportFormat::OpenPsa => CoreExport::OpenPsa,
                ExportFormat::Dot => CoreExport::Dot,
            };
            let out = p
                .export(core, mark.as_ref())
                .map_err(|e| failure(&file, &text, Some(&doc), e))?;
            print!("{out}");
            Ok(0)
        }
        Command::Suggest {
            file,
            top,
            format,
            apply,
            output,
        } => {
            let cat = load_catalogue(cli.catalogue.as_deref())?;
            let engine = Engine::new(&cat, limits);
            let (p, doc, _) = prepared(&file, &engine)?;
            match (apply, output) {
                (Some(id), Some(out)) => apply_suggestion(&file, &doc, &p, &id, &out),
                _ => {
                    let options = faultline::mitigate::SuggestOptions { top };
                    let report = p.suggest(&options);
                    match format {
                        SuggestFormat::Text => print!("{}", render::suggest::text(&report)),
                        SuggestFormat::Json => print!("{}", json(&report)),
                        SuggestFormat::Markdown => print!("{}", render::suggest::markdown(&report)),
                    }
                    Ok(0)
                }
            }
        }
        Command::Replay {
            file,
            incident,
            format,
        } => {
            let cat = load_catalogue(cli.catalogue.as_deref())?;
            let engine = Engine::new(&cat, limits);
            let (p, doc, text) = prepared(&file, &engine)?;
            let report = p
                .replay(incident.as_deref())
                .map_err(|e| failure(&file, &text, Some(&doc), e))?;
            match format {
                PlainFormat::Text => print!("{}", render::text::replay(&report)),
                PlainFormat::Json => print!("{}", json(&report)),
            }
            Ok(0)
        }
    }
}

/// `faultline suggest FILE --apply ID -o OUT`: writes the changed description in the
/// input's format and says on stderr what it did (and that comments are not kept).
fn apply_suggestion(
    file: &str,
    doc: &Document,
    p: &Prepared,
    id: &str,
    out: &str,
) -> Result<u8, Exit> {
    let changed = match p.apply(id) {
        Ok(a) => a,
        Err(e) if e.code() == faultline::diagnostic::Code::UnknownSuggestion => {
            let ids = p.suggestion_ids();
            let list = if ids.is_empty() {
                "none apply to this description".to_owned()
            } else {
                format!("applicable ids:\n  {}", ids.join("\n  "))
            };
            return Err(fail(
                EXIT_UNREADABLE,
                format!(
                    "error: no applicable suggestion `{id}` for {}; {list}",
                    display_name(file)
                ),
            ));
        }
        Err(e) => return Err(fail(exit_code(&e), format!("error: {e}"))),
    };
    let written = faultline::write::to_text(&changed, doc.format)
        .map_err(|e| fail(EXIT_INVALID, format!("error: {e}")))?;
    let before = p.score();
    let after = p
        .engine()
        .prepare(&changed)
        .map_err(|e| {
            fail(
                EXIT_INVALID,
                format!("error: the changed description does not score: {e}"),
            )
        })?
        .score();
    if out == "-" {
        print!("{written}");
    } else {
        std::fs::write(out, &written).map_err(|e| {
            fail(
                EXIT_UNREADABLE,
                format!("error[unwritable]: cannot write {out}: {e}"),
            )
        })?;
    }
    let target = if out == "-" { "<stdout>" } else { out };
    eprintln!(
        "faultline: applied `{id}`: score {:.1} -> {:.1}; wrote {target}",
        before.score, after.score
    );
    eprintln!(
        "note: {target} is written from the parsed description: comments, key order and layout of {} are not kept",
        display_name(file)
    );
    Ok(0)
}
