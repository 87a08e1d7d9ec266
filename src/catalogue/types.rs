//! The catalogue's data types: outage patterns, incidents and provider profiles.
//!
//! The engine reads these; the data lives in `src/catalogue/data/*.yaml` and user files of
//! the same format. Every figure carries its derivation or its source.

use serde::{Deserialize, Serialize};

use crate::domain::{DomainClass, DomainId};
use crate::effects::EffectKind;
use crate::model::Kind;

/// The whole catalogue: what the engine replays.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Version of the catalogue data (date-based, e.g. `2026.11`).
    #[serde(default)]
    pub version: String,
    /// Outage patterns.
    #[serde(default)]
    pub patterns: Vec<Pattern>,
    /// Historical incidents.
    #[serde(default)]
    pub incidents: Vec<Incident>,
    /// Provider profiles.
    #[serde(default)]
    pub providers: Vec<ProviderProfile>,
}

/// Which part of a domain a pattern fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Plane {
    /// Serving traffic.
    Data,
    /// APIs that launch, scale and edit.
    Control,
    /// Both.
    Both,
}

/// A recurring way things break, derived from incidents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    /// Stable id, e.g. `zone-physical-loss`.
    pub id: String,
    /// Short human name.
    pub name: String,
    /// What happens, in two or three sentences.
    pub summary: String,
    /// The class of fault domain it fails; one scenario per domain of this class used.
    pub fails: DomainClass,
    /// Data plane, control plane or both.
    pub plane: Plane,
    /// What the failure does, in the closed set the engine implements.
    pub effects: Vec<EffectKind>,
    /// Restricts the domains it applies to. Default: every domain of the class.
    #[serde(default, skip_serializing_if = "Applicability::is_empty")]
    pub applies_to: Applicability,
    /// How long the main impact lasts.
    pub duration: DurationPrior,
    /// How often it happens, per domain instance per year.
    pub frequency: FrequencyPrior,
    /// Incident ids this pattern is derived from (at least one).
    pub incidents: Vec<String>,
    /// What helped, in words; the measured transforms come from the engine.
    #[serde(default)]
    pub mitigations: Vec<String>,
}

/// Filters on which domains a pattern applies to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Applicability {
    /// Only these providers (profile ids). Empty: all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub providers: Vec<String>,
    /// Only these services (for `service` domains). Empty: all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    /// Only domains used by components of these kinds. Empty: all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<Kind>,
}

impl Applicability {
    /// True when nothing is restricted.
    pub fn is_empty(&self) -> bool {
        self.providers.is_empty() && self.services.is_empty() && self.kinds.is_empty()
    }
}

/// Duration of the main impact: a log-normal given by its median and 90th percentile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DurationPrior {
    /// Median minutes.
    pub median_minutes: f64,
    /// 90th-percentile minutes (>= median).
    pub p90_minutes: f64,
    /// How the numbers were derived from the cited incidents.
    pub derivation: String,
    /// True when the numbers are an estimate rather than a statistic.
    #[serde(default)]
    pub estimate: bool,
}

/// Yearly frequency prior per domain instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FrequencyPrior {
    /// Expected events per domain instance per year.
    pub per_instance_per_year: f64,
    /// How the number was derived (incident counts, published statistics).
    pub derivation: String,
    /// True when the number is an estimate rather than a statistic.
    #[serde(default)]
    pub estimate: bool,
}

/// Blast scope of an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// One zone / data hall.
    Zone,
    /// One region.
    Region,
    /// Several regions.
    MultiRegion,
    /// Everywhere.
    Global,
    /// A third party the victims depended on.
    ThirdParty,
    /// Software on customers' own fleets.
    CustomerFleet,
    /// One physical site.
    Site,
}

/// How sure the facts are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// Read in the provider's own post-mortem or a verbatim copy.
    Verified,
    /// Core facts verified; some only from secondary reports.
    PartlyVerified,
    /// Not confirmed in any stored text.
    Unverified,
}

/// A public source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Title of the document.
    pub title: String,
    /// Its https URL.
    pub url: String,
}

/// Root cause, in the classes of the research file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RootCause {
    /// The primary class.
    pub primary: String,
    /// Contributing classes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contributing: Vec<String>,
}

/// One real outage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// Stable id, e.g. `aws-2021-12-07-use1-network`.
    pub id: String,
    /// One-line title.
    pub title: String,
    /// UTC date, `YYYY-MM-DD` (or `YYYY-MM` when the day is not public).
    pub date: String,
    /// Provider profile id (`aws`, `gcp` ...) or the company's name.
    pub provider: String,
    /// Services affected.
    #[serde(default)]
    pub services: Vec<String>,
    /// Regions affected, where regional.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Blast scope.
    pub scope: Scope,
    /// Root-cause classes.
    pub root_cause: RootCause,
    /// Start of main impact, RFC 3339 UTC, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// End of main impact, RFC 3339 UTC, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Main-impact minutes, when bounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_impact_minutes: Option<f64>,
    /// Minutes until everything (backlogs, stragglers) recovered, where it differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_tail_minutes: Option<f64>,
    /// Why a duration is missing or uncertain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_note: Option<String>,
    /// Which kinds of setups survived.
    #[serde(default)]
    pub survived: Vec<String>,
    /// Which kinds of setups suffered.
    #[serde(default)]
    pub suffered: Vec<String>,
    /// Lessons and mitigations named.
    #[serde(default)]
    pub lessons: Vec<String>,
    /// Public post-mortems and reports (https).
    pub sources: Vec<Source>,
    /// How sure the facts are.
    pub confidence: Confidence,
    /// Facts that could not be verified.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unverified: Vec<String>,
    /// Pattern ids this incident is an instance of.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// How to replay it against an architecture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replay: Option<Replay>,
}

/// Where and how an incident is replayed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Replay {
    /// The pattern whose effects it had.
    pub pattern: String,
    /// The domains that failed, in the documented syntax.
    pub at: Vec<DomainId>,
    /// Minutes to replay. Default: `main_impact_minutes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<f64>,
}

/// What faultline knows about a provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ProviderProfile {
    /// Id used in descriptions (`aws`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Other spellings accepted (`amazon`, `google` ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Known region names (a warning names unknown ones).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Zone naming: `{region}` and `{letter}`/`{n}` placeholders, e.g. `{region}{letter}`.
    #[serde(default = "default_zone_naming")]
    pub zone_naming: String,
    /// The global control plane and its home region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global_control_plane: Option<GlobalControlPlane>,
    /// Known services.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ServiceProfile>,
    /// Provider-internal dependencies documented in post-mortems.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub internal_dependencies: Vec<InternalDependency>,
    /// Sources for the profile's facts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

fn default_zone_naming() -> String {
    "{region}-{n}".to_owned()
}

/// A provider's global control plane.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GlobalControlPlane {
    /// The region hosting it (AWS: `us-east-1`).
    pub home_region: String,
    /// The services whose control plane is global (IAM, Route 53, CloudFront, global STS).
    pub services: Vec<String>,
    /// Why we believe it (post-mortem or documentation).
    pub source: String,
}

/// Whether a service is regional or global.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ServiceScope {
    /// Deployed per region.
    Regional,
    /// One global service (its data plane is the provider's edge).
    Global,
}

/// One provider product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ServiceProfile {
    /// Name used in descriptions (`dynamodb`).
    pub name: String,
    /// Regional or global.
    pub scope: ServiceScope,
    /// The component kinds it usually is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<Kind>,
    /// Other spellings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The provider sizes it (serverless, request-priced): the customer provisions no
    /// capacity, so a zone loss or a retry storm is the provider's to absorb, and a
    /// component on it defaults to 100 % headroom. Per the provider's own description of
    /// the service (e.g. S3, SQS, DynamoDB on-demand scale without customer capacity).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub provider_scaled: bool,
}

/// "When `service` fails in a region, these fail there too", from a post-mortem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct InternalDependency {
    /// The service whose failure spreads (`kinesis`).
    pub service: String,
    /// What fails with it in the same region: service names, or `control-plane` for the
    /// region's control plane (launches, scaling).
    pub dependents: Vec<String>,
    /// The incident id that documented it.
    pub incident: String,
    /// Only in this region (e.g. where the dependency was seen). Default: every region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// What the post-mortem says about the dependency, in a sentence (shown by `explain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl ProviderProfile {
    /// The service profile for a name or alias.
    pub fn service(&self, name: &str) -> Option<&ServiceProfile> {
        self.services
            .iter()
            .find(|s| s.name == name || s.aliases.iter().any(|a| a == name))
    }

    /// Whether `region` is one of the known regions (true when none are listed).
    pub fn knows_region(&self, region: &str) -> bool {
        self.regions.is_empty() || self.regions.iter().any(|r| r == region)
    }

    /// The name of the `index`-th (0-based) zone of `region`, by `zone_naming`.
    pub fn zone_name(&self, region: &str, index: usize) -> String {
        let letter = char::from(b'a' + u8::try_from(index % 26).unwrap_or(0)).to_string();
        self.zone_naming
            .replace("{region}", region)
            .replace("{letter}", &letter)
            .replace("{n}", &(index + 1).to_string())
    }
}
