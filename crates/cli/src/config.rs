//! Stage two of the command line: the raw flags ([`crate::flags`]) checked and turned into
//! what a command needs (ripgrep's "high-level arguments"): numbers in range, gate
//! conditions and dates parsed, formats decided, flags that do not go together refused.
//! Every refusal is exit code 2 with a message naming the flag.

use faultline::baseline::Date;
use faultline::diff::FailOn;
use faultline::{Format, Limits, RiskOptions, SimulateRequest};

use crate::exit::{EXIT_UNREADABLE, Exit, fail};
use crate::flags::{
    BaselineArg, CatalogueFormat, CheckFormat, Cli, Command, DescriptionFormat, DiffFormat,
    ExportFormat, ImportCommand, PlainFormat, ReportFormat, SchemaDraft, SuggestFormat,
};

/// What to run, checked.
#[derive(Debug)]
pub struct Config {
    pub limits: Limits,
    /// A user catalogue file to merge with the built-in one.
    pub catalogue: Option<String>,
    /// Threads that play `score`'s scenarios and measure mitigations (`--threads`;
    /// default one per core).
    pub threads: usize,
    pub job: Job,
}

/// Which baseline a command uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaselineChoice {
    /// None (`--no-baseline`, or no default file).
    Off,
    /// `--baseline FILE`: must exist.
    Given(String),
    /// `.faultline-baseline.yaml` in the current directory, if it exists.
    Default,
}

impl From<BaselineArg> for BaselineChoice {
    fn from(b: BaselineArg) -> Self {
        match (b.baseline, b.no_baseline) {
            (_, true) => BaselineChoice::Off,
            (Some(f), false) => BaselineChoice::Given(f),
            (None, false) => BaselineChoice::Default,
        }
    }
}

/// `suggest --apply ID -o OUT [--rewrite]`.
#[derive(Debug, Clone)]
pub struct Apply {
    pub id: String,
    pub output: String,
    pub rewrite: bool,
}

#[derive(Debug)]
pub enum Job {
    Check {
        files: Vec<String>,
        overlay: Option<String>,
        format: CheckFormat,
    },
    Schema {
        draft: SchemaDraft,
    },
    Score {
        file: Option<String>,
        overlay: Option<String>,
        format: ReportFormat,
        min_score: Option<f64>,
        top: usize,
        advice: bool,
        baseline: BaselineChoice,
    },
    Diff {
        base: String,
        head: String,
        overlay: Option<String>,
        base_overlay: Option<String>,
        format: DiffFormat,
        fail_on: Vec<FailOn>,
        mitigations: usize,
        title: Option<String>,
        baseline: BaselineChoice,
    },
    Baseline {
        files: Vec<String>,
        overlay: Option<String>,
        output: String,
        reason: Option<String>,
        expires: Option<Date>,
    },
    ImportTerraform {
        file: String,
        overlay: Option<String>,
        output: Option<String>,
        format: Format,
    },
    Simulate {
        file: String,
        overlay: Option<String>,
        request: SimulateRequest,
        format: PlainFormat,
    },
    Replay {
        file: String,
        overlay: Option<String>,
        incident: Option<String>,
        format: PlainFormat,
    },
    Suggest {
        file: String,
        overlay: Option<String>,
        top: Option<usize>,
        format: SuggestFormat,
        apply: Option<Apply>,
    },
    Catalogue {
        format: CatalogueFormat,
    },
    Explain {
        id: String,
    },
    Risk {
        file: String,
        overlay: Option<String>,
        options: RiskOptions,
        top: usize,
        format: PlainFormat,
    },
    Export {
        file: String,
        overlay: Option<String>,
        format: ExportFormat,
        mark: Option<SimulateRequest>,
    },
}

fn bad(message: impl Into<String>) -> Exit {
    fail(EXIT_UNREADABLE, format!("error: {}", message.into()))
}

impl Config {
    /// Checks the flags.
    ///
    /// # Errors
    ///
    /// An [`Exit`] with code 2 and a message naming the flag.
    pub fn from_flags(cli: Cli) -> Result<Config, Exit> {
        let limits = Limits {
            max_input_bytes: cli.max_input_bytes,
            max_depth: cli.max_depth,
            max_alias_expansions: cli.max_alias_expansions,
            max_yaml_nodes: cli.max_yaml_nodes,
            max_components: cli.max_components,
            max_dependencies: cli.max_dependencies,
            max_scenarios: cli.max_scenarios,
        };
        let job = match cli.command {
            Command::Check {
                files,
                overlay,
                format,
            } => Job::Check {
                files,
                overlay: overlay.overlay,
                format,
            },
            Command::Schema { draft } => Job::Schema { draft },
            Command::Score {
                file,
                overlay,
                format,
                min_score,
                top,
                no_advice,
                baseline,
            } => {
                if let Some(m) = min_score
                    && !(0.0..=100.0).contains(&m)
                {
                    return Err(bad(format!(
                        "--min-score must be between 0 and 100, got {m}"
                    )));
                }
                if file.is_none() && overlay.overlay.is_some() {
                    return Err(bad(
                        "--overlay goes with a Terraform plan or state given as FILE",
                    ));
                }
                Job::Score {
                    file,
                    overlay: overlay.overlay,
                    format,
                    min_score,
                    top,
                    advice: !no_advice,
                    baseline: baseline.into(),
                }
            }
            Command::Diff {
                base,
                head,
                overlay,
                base_overlay,
                format,
                fail_on,
                mitigations,
                title,
                baseline,
            } => {
                let fail_on = fail_on
                    .iter()
                    .filter(|c| !c.trim().is_empty())
                    .map(|c| {
                        c.parse::<FailOn>()
                            .map_err(|e| bad(format!("--fail-on {}", e.message())))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Job::Diff {
                    base_overlay: base_overlay.or_else(|| overlay.clone()),
                    base,
                    head,
                    overlay,
                    format,
                    fail_on,
                    mitigations,
                    title,
                    baseline: baseline.into(),
                }
            }
            Command::Baseline {
                files,
                overlay,
                output,
                reason,
                expires,
            } => {
                let expires = expires
                    .map(|d| {
                        d.parse::<Date>()
                            .map_err(|e| bad(format!("--expires: {}", e.message())))
                    })
                    .transpose()?;
                if reason.as_deref().is_some_and(|r| r.trim().is_empty()) {
                    return Err(bad("--reason must say why the findings are accepted"));
                }
                Job::Baseline {
                    files,
                    overlay: overlay.overlay,
                    output,
                    reason,
                    expires,
                }
            }
            Command::Import(ImportCommand::Terraform {
                file,
                overlay,
                output,
                format,
            }) => {
                let format = match format {
                    Some(DescriptionFormat::Json) => Format::Json,
                    Some(DescriptionFormat::Yaml) => Format::Yaml,
                    None => match output.as_deref() {
                        Some(o) if o != "-" => Format::detect(Some(o), ""),
                        _ => Format::Yaml,
                    },
                };
                Job::ImportTerraform {
                    file,
                    overlay: overlay.overlay,
                    output,
                    format,
                }
            }
            Command::Simulate {
                file,
                overlay,
                pattern,
                at,
                minutes,
                format,
            } => Job::Simulate {
                file,
                overlay: overlay.overlay,
                request: SimulateRequest {
                    pattern,
                    at,
                    minutes,
                },
                format,
            },
            Command::Replay {
                file,
                overlay,
                incident,
                format,
            } => Job::Replay {
                file,
                overlay: overlay.overlay,
                incident,
                format,
            },
            Command::Suggest {
                file,
                overlay,
                top,
                format,
                apply,
                output,
                rewrite,
            } => Job::Suggest {
                file,
                overlay: overlay.overlay,
                top,
                format,
                apply: match (apply, output) {
                    (Some(id), Some(output)) => Some(Apply {
                        id,
                        output,
                        rewrite,
                    }),
                    _ => None,
                },
            },
            Command::Catalogue { format } => Job::Catalogue { format },
            Command::Explain { id } => Job::Explain { id },
            Command::Risk {
                file,
                overlay,
                max_order,
                max_sets,
                max_work,
                top,
                format,
            } => Job::Risk {
                file,
                overlay: overlay.overlay,
                options: RiskOptions {
                    max_order: usize::try_from(max_order).unwrap_or(usize::MAX),
                    max_sets,
                    max_work,
                },
                top,
                format,
            },
            Command::Export {
                file,
                overlay,
                format,
                pattern,
                at,
                minutes,
            } => {
                if format == ExportFormat::OpenPsa && pattern.is_some() {
                    return Err(bad(
                        "--pattern and --at mark a scenario on the graph: they go with --format dot",
                    ));
                }
                Job::Export {
                    file,
                    overlay: overlay.overlay,
                    format,
                    mark: match (pattern, at) {
                        (Some(pattern), Some(at)) => Some(SimulateRequest {
                            pattern,
                            at,
                            minutes,
                        }),
                        _ => None,
                    },
                }
            }
        };
        let threads = match cli.threads {
            Some(0) => return Err(bad("--threads must be at least 1")),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, usize::from),
        };
        Ok(Config {
            limits,
            catalogue: cli.catalogue,
            threads,
            job,
        })
    }
}
