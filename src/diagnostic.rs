//! Diagnostics: expected problems with an input, as data.
//!
//! A diagnostic says what (a stable [`Code`] and a message), where (a JSON-pointer `path`
//! into the document, plus `line`/`column` when there is source text, and the `file` when
//! it is not the description itself) and what to do (`help`). Codes are one closed enum;
//! `docs/diagnostics.md` is generated from it (`faultline-dev`), so the list there is the
//! list here.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The description is wrong: no trustworthy score can be made.
    Error,
    /// The description is suspicious, or only generic rules apply.
    Warning,
    /// A note about a default that was applied.
    Info,
}

impl Severity {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $text:literal, $severity:ident, $stage:literal; )*) => {
        /// Every diagnostic code faultline emits: stable across releases (a code is never
        /// reused for another meaning), written in kebab-case in every output.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Code {
            /// Every code, in the order of `docs/diagnostics.md`.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The code as written in outputs (`unknown-field`).
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $text, )* }
            }

            /// The severity it is reported at.
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// Which stage reports it: `parse`, `limits`, `validate`, `catalogue`,
            /// `import` (the Terraform importer), `request` or `write`.
            pub fn stage(self) -> &'static str {
                match self { $( Code::$variant => $stage, )* }
            }

            /// What it means and what to do, in one paragraph (the doc comment above).
            pub fn explanation(self) -> &'static str {
                match self { $( Code::$variant => concat!($($doc, "\n"),*), )* }
            }

            /// The code written as `text`, if there is one.
            pub fn parse(text: &str) -> Option<Code> {
                match text { $( $text => Some(Code::$variant), )* _ => None }
            }
        }
    };
}

codes! {
    // --- reading the text -------------------------------------------------------------
    /// The text is not valid YAML or JSON. The message gives the parser's reason and the
    /// position; fix the syntax there.
    Syntax = "syntax", Error, "parse";
    /// The document is empty (or only comments). Write at least `version`, `name` and
    /// `components`.
    EmptyDocument = "empty-document", Error, "parse";
    /// A field the format does not have, usually a typo. The help suggests the closest field;
    /// `faultline schema` lists every field.
    UnknownField = "unknown-field", Error, "parse";
    /// A required field is missing (`version`, `name`, `components`, and each component's
    /// `id`, `kind` and `provider`).
    MissingField = "missing-field", Error, "parse";
    /// A value outside a closed set (a `kind`, `topology`, `standby` ... not in the list).
    /// The message lists the allowed values.
    UnknownValue = "unknown-value", Error, "parse";
    /// A value of the wrong type (a list where a number is expected ...).
    InvalidValue = "invalid-value", Error, "parse";
    /// YAML input reached a build without the `yaml` feature; give the same content as JSON.
    YamlDisabled = "yaml-disabled", Error, "parse";
    // --- limits ---------------------------------------------------------------------------
    /// The input is larger than `Limits::max_input_bytes` (CLI `--max-input-bytes`).
    InputTooLarge = "input-too-large", Error, "limits";
    /// Mappings and sequences nest deeper than `Limits::max_depth` (`--max-depth`).
    TooDeep = "too-deep", Error, "limits";
    /// A YAML alias expands more often than `Limits::max_alias_expansions`
    /// (`--max-alias-expansions`): the billion-laughs guard.
    TooManyAliases = "too-many-aliases", Error, "limits";
    /// The document (YAML or JSON) has more values than `Limits::max_yaml_nodes` (`--max-yaml-nodes`).
    TooManyNodes = "too-many-nodes", Error, "limits";
    /// No longer emitted: the YAML reader's budgets are `too-deep`, `too-many-nodes` and
    /// `too-many-aliases` (this was serde-saphyr's event budget). Kept so that code matching
    /// on it still compiles.
    YamlBudget = "yaml-budget", Error, "limits";
    /// More components than `Limits::max_components` (`--max-components`).
    TooManyComponents = "too-many-components", Error, "limits";
    /// More dependency references than `Limits::max_dependencies` (`--max-dependencies`).
    TooManyDependencies = "too-many-dependencies", Error, "limits";
    /// The catalogue expands to more scenarios than `Limits::max_scenarios`
    /// (`--max-scenarios`) for this description.
    TooManyScenarios = "too-many-scenarios", Error, "limits";
    /// A Terraform plan or state holds more resource instances than the importer reads:
    /// `ImportOptions::max_resources`, which `Engine::import_terraform` sets to five times
    /// `Limits::max_components` (`--max-components`). Import one root module at a time, or
    /// raise the limit.
    TooManyResources = "too-many-resources", Error, "limits";
    /// Following a Terraform configuration's references took more steps than the importer
    /// allows (50 million): a pathological configuration, not a real one. Import the root modules separately, or report the plan.
    TerraformTooComplex = "terraform-too-complex", Error, "limits";
    // --- the document -----------------------------------------------------------------------
    /// `version` is not a version faultline reads (only `1` exists).
    UnsupportedVersion = "unsupported-version", Error, "validate";
    /// The system has no `name`; reports will show an empty name.
    EmptyName = "empty-name", Warning, "validate";
    /// `components` is empty: there is nothing to score.
    NoComponents = "no-components", Error, "validate";
    /// A number is not finite or outside its range (minutes below 0, a percentage above 100 ...).
    InvalidNumber = "invalid-number", Error, "validate";
    /// An availability target is not a percentage below 100 (`99.95`, not `0.9995` or `100`).
    InvalidTarget = "invalid-target", Error, "validate";
    /// An id or a name is empty, or has characters other than letters, digits, `.`, `_`, `-`
    /// and `:` (or hidden characters).
    InvalidId = "invalid-id", Error, "validate";
    /// Two components share an id, or two `sites` entries a name; ids must be unique
    /// (references would be ambiguous).
    DuplicateId = "duplicate-id", Error, "validate";
    /// A component lists the same region twice: list each region once, with its zones.
    DuplicateRegion = "duplicate-region", Error, "validate";
    /// A region's `zones` is 0 or an empty list, or claims more than 26 zones in a region
    /// whose zone count the catalogue does not know (a known count gives
    /// `zones-beyond-region` instead).
    InvalidZones = "invalid-zones", Error, "validate";
    /// The same zone is named twice in one region, or the same room or uplink twice in an
    /// own site's `rooms` or `uplinks`: list each once.
    DuplicateZone = "duplicate-zone", Error, "validate";
    /// A placement declares more zones than its region has: `zones: 9` in us-east-1, which
    /// has 6, or more distinct named zones than that. The counts are catalogue data
    /// (`zone_counts`), each with the provider's page as source; the message names the
    /// count and the source. If the provider has added zones since, give the new count in a
    /// user catalogue (`--catalogue FILE`) with `zone_counts: [{ provider: aws, source: {
    /// title, url }, as_of: <date>, regions: [{ name: us-east-1, zones: 7 }] }]`, which
    /// overrides the regions it names. Regions without a known count are not checked.
    ZonesBeyondRegion = "zones-beyond-region", Error, "validate";
    /// One provider region is described with zones in two forms: AWS zone names
    /// (`us-east-1a`, which is also what `zones: N` stands for) and AZ ids (`use1-az1`).
    /// AWS maps zone names to AZ ids differently in every account, so the two may be the
    /// same physical zone, while faultline treats them as different zones: a zone that
    /// components share may be hidden. Use one form in the whole description; AZ ids are
    /// the same in every account.
    ZoneNamingMixed = "zone-naming-mixed", Warning, "validate";
    /// `topology` does not fit the regions (`active-active` with one region, `single-region`
    /// with several).
    TopologyMismatch = "topology-mismatch", Error, "validate";
    /// Several regions and no `topology`: scored as `active-passive` with the first region as
    /// primary. Say which it is.
    TopologyDefaulted = "topology-defaulted", Warning, "validate";
    /// `failover` on a component with one region and no `any_of` group: it has nothing to fail
    /// over to.
    FailoverUnused = "failover-unused", Warning, "validate";
    /// A field that has no effect where it is written (a DNS time to live on a failover
    /// that does not go through DNS, `runs_on` on a component that is not a third party's,
    /// `backups_verified` without backups ...): it is kept, and scored as if absent.
    FieldIgnored = "field-ignored", Warning, "validate";
    /// `replicas` is 0: a component needs at least one running instance per region.
    InvalidReplicas = "invalid-replicas", Error, "validate";
    /// Fewer replicas than zones: only that many zones are really used.
    ReplicasBelowZones = "replicas-below-zones", Warning, "validate";
    /// An agent name is empty, malformed (hidden characters, spaces), or holds `/` (it is a
    /// fault domain's id: `agent:<name>`) or `~` (`agent:<name>~first-ring` is the first-ring
    /// variant of a staged update).
    InvalidAgent = "invalid-agent", Error, "validate";
    /// An agent is listed both in `agents` (updating everywhere at once) and in
    /// `staged_agents`; it is scored as updating everywhere.
    AgentTwice = "agent-twice", Warning, "validate";
    /// `cache` on a component that is not a `cdn`: only a CDN answers from a cache while its
    /// origin is down.
    CacheOnNonCdn = "cache-on-non-cdn", Error, "validate";
    /// `data` on a kind that holds no durable state (compute, a load balancer ...).
    DataOnStateless = "data-on-stateless", Error, "validate";
    /// `standby` on a component that is not `active-passive`.
    StandbyWithoutActivePassive = "standby-without-active-passive", Error, "validate";
    /// Replication across regions is declared for data in one region.
    ReplicationWithoutRegions = "replication-without-regions", Warning, "validate";
    /// `replication_lag_minutes` without `replication: async`: the lag only matters for async replication.
    LagWithoutAsync = "lag-without-async", Warning, "validate";
    /// `backup_interval_minutes` without `backups`: the interval only matters when backups exist.
    IntervalWithoutBackups = "interval-without-backups", Warning, "validate";
    /// An `origin` entry (the Terraform resource address a component was imported from) is
    /// empty: write the address, e.g. `module.app.aws_instance.web[0]`, or remove the entry.
    InvalidOrigin = "invalid-origin", Error, "validate";
    /// A `provider` is malformed (empty, or `on-prem:`/`saas:` without a name).
    InvalidProvider = "invalid-provider", Error, "validate";
    /// The provider is not in the catalogue: only the generic rules apply to the component.
    UnknownProvider = "unknown-provider", Warning, "validate";
    /// The service is not in the provider's profile: only the provider-wide rules apply.
    UnknownService = "unknown-service", Warning, "validate";
    /// A cloud component names no `service`: it is scored with the provider's generic
    /// regional exposure, which every regional managed-service event hits. Naming the service
    /// counts only the events that reach it (never more).
    ServiceUnnamed = "service-unnamed", Info, "validate";
    /// The region is not in the provider's profile (a typo, or a region the profile lacks).
    UnknownRegion = "unknown-region", Warning, "validate";
    /// A cloud component without regions: zone and region outages cannot be scored for it.
    NoPlacement = "no-placement", Warning, "validate";
    // --- dependencies and journeys --------------------------------------------------------
    /// `depends_on` names a component that does not exist. The help suggests the closest id.
    UnknownDependency = "unknown-dependency", Error, "validate";
    /// A journey's `entry` names a component that does not exist.
    UnknownEntry = "unknown-entry", Error, "validate";
    /// A component lists itself in `depends_on`: remove the entry.
    SelfDependency = "self-dependency", Error, "validate";
    /// The same dependency is listed twice in one `depends_on` or `entry`: list it once.
    DuplicateDependency = "duplicate-dependency", Warning, "validate";
    /// An `any_of` group lists no alternatives: give at least two components.
    EmptyAnyOf = "empty-any-of", Error, "validate";
    /// An `any_of` group has a single alternative: it is no redundancy.
    SingleAnyOf = "single-any-of", Warning, "validate";
    /// An `any_of` group's `shares_percent` does not give one share (a finite number, 0 or
    /// more) per alternative adding up to 100.
    InvalidShares = "invalid-shares", Error, "validate";
    /// Components depend on each other in a cycle; the message shows it (`a → b → a`).
    DependencyCycle = "dependency-cycle", Error, "validate";
    /// A journey has no name, or a malformed one (empty, hidden characters).
    InvalidJourney = "invalid-journey", Error, "validate";
    /// Two journeys share a name; names must be unique (reports are keyed by them).
    DuplicateJourney = "duplicate-journey", Error, "validate";
    /// A journey has no `entry`: say which components users enter through.
    EmptyJourney = "empty-journey", Error, "validate";
    /// No journeys are declared: each component nothing depends on is scored as a journey.
    ImplicitJourneys = "implicit-journeys", Info, "validate";
    /// No journey reaches this component: it never counts in the score.
    UnusedComponent = "unused-component", Warning, "validate";
    /// Manual failovers are declared but `operations.monitoring` is not.
    MonitoringUndeclared = "monitoring-undeclared", Warning, "validate";
    // --- catalogues ---------------------------------------------------------------------
    /// A catalogue file cannot be read (syntax, shape, size) or fails its integrity checks
    /// (dangling references, duplicate ids, missing sources); the diagnostics name the file,
    /// the JSON pointer and the line.
    Catalogue = "catalogue", Error, "catalogue";
    // --- importing Terraform ---------------------------------------------------------------
    /// The plan or state given to the Terraform importer is not JSON, or is cut short. The
    /// message (which starts with `plan:`) gives the parser's reason and the position;
    /// write the file with `terraform show -json plan.bin > plan.json`.
    TerraformSyntax = "terraform-syntax", Error, "import";
    /// The JSON given to the importer is not `terraform show -json` output: a raw
    /// `terraform.tfstate`, a provider schema, an empty file or something else. The help
    /// says what it looks like and which command writes the right file.
    NotTerraform = "not-terraform", Error, "import";
    /// The plan's or state's `format_version` has a major version the importer does not read
    /// (it reads 0.x and 1.x: everything Terraform has written since 0.12). Please report it
    /// with the Terraform version that wrote the file.
    TerraformVersion = "terraform-version", Error, "import";
    /// A value of the plan or state where the JSON output format fixes a type has another one
    /// (a `resources` that is not a list, a resource without `address` or `type`); the path
    /// points at it. Regenerate the file with `terraform show -json`.
    TerraformShape = "terraform-shape", Error, "import";
    /// The overlay is not YAML or JSON (or is YAML given to a build without the `yaml`
    /// feature). The message (which starts with `overlay:`) gives the reason and the
    /// position; fix the syntax there.
    OverlaySyntax = "overlay-syntax", Error, "import";
    /// The overlay does not have the overlay format: an unknown field (usually a typo), a
    /// value of the wrong type or outside its set, a `version` other than 1, an empty id.
    /// `docs/terraform.md` lists the fields.
    Overlay = "overlay", Error, "import";
    /// The overlay names a resource address, a component or a journey entry that the plan
    /// does not have, or asks for something contradictory (two components with one id, a
    /// component that depends on itself). The help lists the component ids.
    OverlayReference = "overlay-reference", Error, "import";
    // --- requests and outputs -------------------------------------------------------------
    /// The description has errors (the other diagnostics say which); no report was made.
    Invalid = "invalid", Error, "request";
    /// No pattern in the catalogue has this id (`faultline catalogue` lists them).
    UnknownPattern = "unknown-pattern", Error, "request";
    /// No incident with a replay recipe has this id.
    UnknownIncident = "unknown-incident", Error, "request";
    /// No applicable mitigation has this id (`faultline suggest FILE` lists them).
    UnknownSuggestion = "unknown-suggestion", Error, "request";
    /// No scenario of the description's score has this id (its score report lists them).
    UnknownScenario = "unknown-scenario", Error, "request";
    /// A fault-domain id does not parse (`region:aws/us-east-1`; docs/domains.md).
    Domain = "domain", Error, "request";
    /// The domain is of another class than the pattern fails.
    WrongDomainClass = "wrong-domain-class", Error, "request";
    /// Minutes asked of `simulate` must be a finite number of at least 0.
    InvalidMinutes = "invalid-minutes", Error, "request";
    /// The options object of a JavaScript call is malformed (npm package).
    BadOptions = "bad-options", Error, "request";
    /// A JavaScript call was given something other than text where the description goes.
    NotText = "not-text", Error, "request";
    /// Writing a description as text failed (the serialiser refused a value).
    WriteFailed = "write-failed", Error, "write";
    /// A result could not be serialised (a defect in faultline: please report it).
    Internal = "internal", Error, "write";
    /// A change cannot be written into the user's text as a minimal patch: it falls on a YAML
    /// anchor (editing it would change every alias too), on a value a merge key (`<<`)
    /// brings in and the change removes, on a complex key, or on text the patcher's reader
    /// does not follow. The diagnostic has the line. Edit that part by hand, or write the
    /// whole description anew (which loses comments and layout).
    PatchUnsupported = "patch-unsupported", Error, "write";
    /// The patched text would not read back as exactly the changed description, so no text
    /// was returned (a defect in faultline: please report it with the description).
    PatchFailed = "patch-failed", Error, "write";
    /// The text given to be patched is not the description the suggestion was worked out
    /// for (it was edited in between, or is another file): prepare the text that is being
    /// patched, then apply the suggestion to it.
    PatchMismatch = "patch-mismatch", Error, "request";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Code::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format_args!("unknown diagnostic code `{text}`"))
        })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Code {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Code".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        schemars::json_schema!({
            "type": "string",
            "description": "A stable diagnostic code (docs/diagnostics.md).",
            "enum": codes
        })
    }
}

/// One finding about the input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Diagnostic {
    /// Error, warning or info.
    pub severity: Severity,
    /// Stable code, e.g. `unknown-dependency`.
    pub code: Code,
    /// JSON pointer to the offending value (`/components/2/depends_on/0`); empty for the
    /// whole document.
    pub path: String,
    /// 1-based line in the source text, when known.
    pub line: Option<u32>,
    /// 1-based column in the source text, when known.
    pub column: Option<u32>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without position; [`crate::parse::SourceMap::locate`] fills it in.
    pub fn new(
        severity: Severity,
        code: Code,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    /// An error.
    pub fn error(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, path, message)
    }

    /// A note (information, not a problem).
    pub fn info(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, path, message)
    }

    /// A warning.
    pub fn warning(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, path, message)
    }

    /// Adds help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// True for error severity.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Escapes one JSON-pointer reference token (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_explained() {
        let mut seen = std::collections::BTreeSet::new();
        for &c in Code::ALL {
            let s = c.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(
                s.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'),
                "{s} is not kebab-case"
            );
            assert_eq!(Code::parse(s), Some(c));
            assert!(c.explanation().trim().len() > 20, "{s} has no explanation");
        }
        assert_eq!(Code::parse("no-such-code"), None);
    }
}
