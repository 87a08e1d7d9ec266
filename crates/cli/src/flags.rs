//! Stage one of the command line: the raw flags as clap reads them (ripgrep's "low-level
//! arguments"). Nothing here is checked beyond what clap checks; [`crate::config`] turns
//! them into a validated configuration.

use clap::{Args, Parser, Subcommand, ValueEnum};
use faultline::Limits;

use crate::exit::EXIT_CODES_HELP;

pub const DOMAIN_HELP: &str = "\
Fault domains (--at) are written `class:name`:
  zone:<provider>/<region>/<zone>      zone:aws/us-east-1/us-east-1a
  region:<provider>/<region>           region:aws/us-east-1 (data plane)
  control:<provider>/<region>          control:aws/us-east-1 (launch, scale, edit)
  control:<provider>/global            control:aws/global (IAM, Route 53 and CloudFront control planes)
  service:<provider>/<region>/<svc>    service:aws/us-east-1/dynamodb
  edge:<provider>  backbone:<provider>  dns:<provider>  identity:<provider>
  saas:<vendor>  site:<name>  agent:<name>  rollout:global  change:production
  credential:self  monitoring:<provider>
A bad change or a global rollout aimed at one component, as `score` plays it:
  change:production#<component>        change:production#api
A staged agent update that its first ring stops, as `score` plays it:
  agent:<name>~first-ring              agent:falcon~first-ring
See docs/domains.md.";

const INPUT_HELP: &str = "\
FILE is a description (YAML or JSON) or a Terraform plan or state as `terraform show -json` \
prints it (detected: a JSON object with `format_version` and `planned_values`, `values` or \
`resource_changes`), imported on the fly with --overlay; `-` reads standard input.";

#[derive(Parser, Debug)]
#[command(
    name = "faultline",
    version,
    about = "Score a system architecture against a cited catalogue of real cloud outages",
    after_help = EXIT_CODES_HELP
)]
pub struct Cli {
    /// Add or override catalogue entries from this file (YAML or JSON, same format as the built-in catalogue).
    #[arg(long, global = true, value_name = "FILE")]
    pub catalogue: Option<String>,
    /// Largest input accepted, in bytes (a Terraform plan may be four times this).
    #[arg(long, global = true, value_name = "BYTES", default_value_t = Limits::default().max_input_bytes)]
    pub max_input_bytes: usize,
    /// Deepest nesting of mappings and sequences accepted.
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().max_depth)]
    pub max_depth: usize,
    /// Most expansions of one YAML alias accepted (billion-laughs guard).
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().max_alias_expansions)]
    pub max_alias_expansions: usize,
    /// Most values (mappings, sequences, scalars, keys) accepted in one YAML or JSON document.
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().max_yaml_nodes)]
    pub max_yaml_nodes: usize,
    /// Most components accepted.
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().max_components)]
    pub max_components: usize,
    /// Most dependency references (`depends_on` and `entry` items, `any_of` alternatives) accepted.
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().max_dependencies)]
    pub max_dependencies: usize,
    /// Most scenarios one score may play.
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().max_scenarios)]
    pub max_scenarios: usize,
    /// Threads that play `score`'s scenarios (never more than one per 64 scenarios) and
    /// measure mitigations (`suggest`, the advice of `score`, `diff`; each plays the
    /// description's baseline itself, never more than one per 16 candidates). Reports
    /// are the same whatever the number. Default: one per core (never more than cores).
    #[arg(long, global = true, value_name = "N")]
    pub threads: Option<usize>,
    #[command(subcommand)]
    pub command: Command,
}

/// `--overlay`: what a Terraform plan cannot say.
#[derive(Args, Debug, Clone, Default)]
pub struct OverlayArg {
    /// With a Terraform plan or state: the overlay (YAML or JSON, keyed by resource
    /// address; see docs/terraform.md) with journeys, targets, failover and what else
    /// Terraform cannot know.
    #[arg(long, value_name = "OVERLAY")]
    pub overlay: Option<String>,
}

/// `--baseline` / `--no-baseline`.
#[derive(Args, Debug, Clone, Default)]
pub struct BaselineArg {
    /// Accepted findings to leave out (default: `.faultline-baseline.yaml` in the current
    /// directory, when there is one).
    #[arg(long, value_name = "FILE", conflicts_with = "no_baseline")]
    pub baseline: Option<String>,
    /// Use no baseline, even when `.faultline-baseline.yaml` exists.
    #[arg(long)]
    pub no_baseline: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate descriptions and print diagnostics like a compiler.
    #[command(after_help = INPUT_HELP)]
    Check {
        /// The descriptions (YAML or JSON), or Terraform plans; `-` reads standard input.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
        #[command(flatten)]
        overlay: OverlayArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Print the JSON Schema of the description format.
    Schema {
        /// Which JSON Schema draft: 2020-12 (default), or 07 for editors and the YAML
        /// language server (`pkg-config/faultline.schema.draft-07.json`).
        #[arg(long, value_enum, default_value_t = SchemaDraft::Draft2020_12)]
        draft: SchemaDraft,
    },
    /// Score a description: expected downtime per journey, score, grade and findings.
    #[command(after_help = INPUT_HELP)]
    Score {
        /// The description; without it, the embedded default architecture is scored.
        file: Option<String>,
        #[command(flatten)]
        overlay: OverlayArg,
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
        #[command(flatten)]
        baseline: BaselineArg,
    },
    /// What moved between two versions of a description: score per journey, findings
    /// added, removed and changed, new single points of failure, and the mitigations that
    /// win the loss back.
    #[command(after_help = "\
BASE is a description, a Terraform plan, or a score report saved with \
`faultline score FILE --format json` (single points of failure are then not compared). \
HEAD is a description or a Terraform plan.

--fail-on conditions (repeat the flag, or separate with commas): score-drop=N (the overall \
score dropped by more than N points), new-spof (a single point of failure appeared; needs a \
description as BASE), new-finding (any new finding) or new-finding=N (a new finding costing \
more than N points). When one holds, faultline exits with code 4.")]
    Diff {
        /// The base: a description, a Terraform plan, or a saved score report (JSON).
        base: String,
        /// The head: a description or a Terraform plan.
        head: String,
        /// The overlay of a Terraform plan given as HEAD.
        #[arg(long, value_name = "OVERLAY")]
        overlay: Option<String>,
        /// The overlay of a Terraform plan given as BASE (default: --overlay).
        #[arg(long, value_name = "OVERLAY")]
        base_overlay: Option<String>,
        /// Output format (markdown: one pull-request comment, starting with a hidden
        /// marker line so that CI can update it in place).
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Exit with code 4 when this condition holds (see below).
        #[arg(long, value_name = "CONDITION", value_delimiter = ',')]
        fail_on: Vec<String>,
        /// Most mitigations listed.
        #[arg(long, value_name = "N", default_value_t = 3)]
        mitigations: usize,
        /// The name the report gives the compared file (default: HEAD).
        #[arg(long, value_name = "NAME")]
        title: Option<String>,
        #[command(flatten)]
        baseline: BaselineArg,
    },
    /// Write a baseline: every current finding of the files, accepted with a reason (and
    /// an expiry), so that score and diff report only what is new.
    #[command(after_help = "\
Entries of other files in OUT are kept; entries of these files that still match keep their \
reason and expiry; entries that match nothing any more are dropped.")]
    Baseline {
        /// The descriptions (or Terraform plans, with --overlay).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
        #[command(flatten)]
        overlay: OverlayArg,
        /// Where to write it (`-`: standard output).
        #[arg(short = 'o', long = "output", value_name = "OUT", default_value = faultline::baseline::FILE_NAME)]
        output: String,
        /// The reason recorded for findings not yet in the baseline (default: "accepted
        /// when the baseline was written on <today>").
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        /// The last day new entries hold (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        expires: Option<String>,
    },
    /// Import infrastructure code into a description.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Play one outage pattern at one fault domain.
    #[command(after_help = DOMAIN_HELP)]
    Simulate {
        /// The description.
        file: String,
        #[command(flatten)]
        overlay: OverlayArg,
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
        #[command(flatten)]
        overlay: OverlayArg,
        /// One incident id; without it, every incident touching your providers.
        #[arg(long)]
        incident: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = PlainFormat::Text)]
        format: PlainFormat,
    },
    /// Measured mitigations: each candidate change applied to a copy and re-scored, ranked by gain per cost.
    #[command(after_help = "\
--apply writes the change into the description as a minimal patch: only the lines that \
change are touched; comments, key order, flow or block style, quoting and number formats \
stay as they are, and stderr shows the edited lines. When the change falls on a construct \
the patcher does not edit (a YAML anchor or merge key), nothing is written and faultline \
exits with code 5, unless --rewrite asks for the whole description to be written anew \
(comments and layout are then lost).")]
    Suggest {
        /// The description (YAML or JSON); `-` reads standard input.
        file: String,
        #[command(flatten)]
        overlay: OverlayArg,
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
        /// With --apply: when a minimal patch is refused, write the whole description anew
        /// (comments, key order and layout are lost).
        #[arg(long, requires = "apply")]
        rewrite: bool,
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
        #[command(flatten)]
        overlay: OverlayArg,
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
        #[command(flatten)]
        overlay: OverlayArg,
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

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// A Terraform plan (`terraform show -json plan.bin`) or state (`terraform show
    /// -json`) → a description; what was assumed, unknown or not understood is printed on
    /// stderr.
    Terraform {
        /// The plan or state JSON; `-` reads standard input.
        file: String,
        #[command(flatten)]
        overlay: OverlayArg,
        /// Where to write the description (`-` or nothing: standard output).
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<String>,
        /// The description's format (default: from OUT's extension, else YAML).
        #[arg(long, value_enum)]
        format: Option<DescriptionFormat>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// Open-PSA Model Exchange Format XML: one fault tree per journey.
    OpenPsa,
    /// Graphviz DOT: journeys, components and fault domains.
    Dot,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Json,
    Markdown,
    Sarif,
    Junit,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffFormat {
    Text,
    Json,
    Markdown,
    Junit,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlainFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuggestFormat {
    Text,
    Json,
    Markdown,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CatalogueFormat {
    Text,
    Json,
    Markdown,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DescriptionFormat {
    Yaml,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaDraft {
    /// JSON Schema 2020-12 (`pkg-config/faultline.schema.json`).
    #[value(name = "2020-12")]
    Draft2020_12,
    /// JSON Schema draft-07, for the YAML language server and SchemaStore.
    #[value(name = "07")]
    Draft07,
}
