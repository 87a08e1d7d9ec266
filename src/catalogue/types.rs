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
    /// How many availability zones regions have, per provider, each list with its source.
    /// Later lists win region by region, so a user catalogue's list overrides the built-in
    /// count of the regions it names and leaves the others alone ([`Catalogue::zone_count`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zone_counts: Vec<ZoneCounts>,
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
    /// How often it happens, per exposure unit per year (see [`FrequencyPrior::rate`]).
    pub frequency: FrequencyPrior,
    /// Incident ids that illustrate this pattern (at least one). Which of them are
    /// *counted* in the rate is [`Rate::events`]; the others are evidence for the effects
    /// and mitigations, and are counted under their own primary pattern.
    pub incidents: Vec<String>,
    /// What helped, in words; the measured transforms come from the engine.
    #[serde(default)]
    pub mitigations: Vec<String>,
    /// Share (0-1] of a domain's fleet or capacity one event hits: `0.1` means a tenth of
    /// the load balancers, hosts or volumes of the domain. Default 1 (all of it).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub fraction: f64,
    /// The failed domain's hosts keep running but cannot be reached (a network partition,
    /// not a power loss): an unfenced automatic promotion elsewhere leaves two primaries
    /// taking writes. Default `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partition: bool,
    /// For regional managed-service events: which foundational service failed first, per
    /// provider, and its share of that provider's events. The engine plays **one** regional
    /// event per (provider, region) and takes the services down with each root's share;
    /// the dependants of a root come from the provider profile's `internal_dependencies`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub root_services: Vec<RootService>,
    /// For agent patterns: the share of bad agent updates that bypass staged rings (and so
    /// reach every host at once even when the customer stages updates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ring_bypass_share: Option<CitedShare>,
}

fn one() -> f64 {
    1.0
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_one(x: &f64) -> bool {
    *x == 1.0
}

impl Pattern {
    /// The yearly rate for one instance of `domain`: the region-specific rate when the
    /// domain's provider and region match an entry of [`FrequencyPrior::by_region`], else
    /// the pooled [`FrequencyPrior::per_instance_per_year`].
    ///
    /// ```
    /// use faultline::catalogue::Catalogue;
    /// use faultline::domain::DomainId;
    /// let p = Catalogue::builtin().pattern("zone-physical-loss").unwrap();
    /// let use1 = DomainId::parse("zone:aws/us-east-1/use1-az4").unwrap();
    /// let usw2 = DomainId::parse("zone:aws/us-west-2/usw2-az1").unwrap();
    /// assert!(p.per_year_at(&use1) > p.per_year_at(&usw2));
    /// assert_eq!(p.per_year_at(&usw2), p.frequency.per_instance_per_year);
    /// ```
    pub fn per_year_at(&self, domain: &DomainId) -> f64 {
        let (Some(provider), Some(region)) = (domain.provider(), domain.region()) else {
            return self.frequency.per_instance_per_year;
        };
        self.frequency
            .by_region
            .iter()
            .find(|r| r.provider == provider && r.region == region)
            .map_or(self.frequency.per_instance_per_year, |r| r.per_year)
    }

    /// True when the pattern's pooled rate and its regional rates together rest on fewer
    /// than [`FEW_EVENTS`] counted events (weights summed, each incident once), or on none
    /// (a rate computed from published factors), so reports can say so.
    pub fn few_events(&self) -> bool {
        self.counted_weight() < FEW_EVENTS as f64
    }

    /// Σ weights of the distinct incidents counted in the pooled and regional rates.
    pub fn counted_weight(&self) -> f64 {
        let mut seen: Vec<&str> = Vec::new();
        let mut total = 0.0;
        for e in self.counted_events() {
            if !seen.contains(&e.incident.as_str()) {
                seen.push(&e.incident);
                total += e.weight;
            }
        }
        total
    }

    /// The events of the pooled rate, then those of each regional rate (an incident may
    /// appear in both: the regional count is a subset view of the same pattern).
    pub fn counted_events(&self) -> impl Iterator<Item = &CountedEvent> {
        self.frequency
            .rate
            .iter()
            .flat_map(|r| r.events.iter())
            .chain(
                self.frequency
                    .by_region
                    .iter()
                    .flat_map(|r| r.rate.events.iter()),
            )
    }
}

/// Below this many counted events a rate is flagged `few_events` (issue 16: "aim for at
/// least three per pattern").
pub const FEW_EVENTS: usize = 3;

/// One foundational service's share of a provider's regional managed-service events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RootService {
    /// Provider profile id (`aws`).
    pub provider: String,
    /// The service that failed first (`kinesis`).
    pub service: String,
    /// Its share of the provider's counted events (the shares of one provider sum to 1):
    /// the summed weights of `incidents` over the provider's total.
    pub share: f64,
    /// The counted incidents in which it was the root.
    pub incidents: Vec<String>,
}

/// A share (0-1) with its source, or labelled an estimate with its reasoning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CitedShare {
    /// The share, 0-1.
    pub value: f64,
    /// Where it comes from, or why this estimate.
    pub derivation: String,
    /// True when it is an estimate.
    #[serde(default)]
    pub estimate: bool,
    /// Sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
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

/// Duration of the main impact: a log-normal distribution, given by its median, 90th
/// percentile and mean.
///
/// With a [`DurationPrior::fit`], the three numbers come from a log-normal fitted to the
/// durations of the events counted in the pattern's rate ([`Rate::events`], each with the
/// part of the incident that belongs to this pattern); a test recomputes them. Without
/// one, they come from [`DurationPrior::published`] quantiles or are an estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DurationPrior {
    /// Median minutes (the fit's `exp(mu)`); what the engine plays.
    pub median_minutes: f64,
    /// 90th-percentile minutes (the fit's `exp(mu + 1.2816 sigma)`, >= median).
    pub p90_minutes: f64,
    /// Mean minutes (the fit's `exp(mu + sigma^2 / 2)`), for expected downtime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean_minutes: Option<f64>,
    /// The log-normal fitted to the counted events' durations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fit: Option<LogNormalFit>,
    /// Incidents whose durations make the sample when the rate is not counted (a rate
    /// from published `factors`); with a counted rate the sample is its events.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sample: Vec<CountedEvent>,
    /// A published median and one other quantile the log-normal is solved from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<PublishedDuration>,
    /// What the numbers rest on, in words (the arithmetic is in `fit` or `published`).
    pub derivation: String,
    /// True when the numbers are an estimate rather than a statistic.
    #[serde(default)]
    pub estimate: bool,
}

/// Where a fit's spread comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum SigmaFrom {
    /// The pattern's own sample (n >= [`MIN_OWN_SIGMA`]).
    Own,
    /// The pooled within-pattern spread of every pattern's sample (a common-variance
    /// log-normal model), because the pattern has too few durations of its own.
    Pooled,
}

/// A pattern needs this many bounded durations to use its own spread.
pub const MIN_OWN_SIGMA: usize = 5;

/// The log-normal fitted to a pattern's durations: `ln(minutes) ~ Normal(mu, sigma)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LogNormalFit {
    /// Number of bounded durations in the sample.
    pub n: usize,
    /// Mean of `ln(minutes)`.
    pub mu: f64,
    /// Standard deviation of `ln(minutes)` (sample, n - 1), own or pooled.
    pub sigma: f64,
    /// Whether sigma is the pattern's own or the pooled one.
    pub sigma_from: SigmaFrom,
}

/// A published median and one other quantile of a duration distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PublishedDuration {
    /// Published median minutes.
    pub median_minutes: f64,
    /// The other quantile's level, e.g. `0.75`.
    pub quantile: f64,
    /// Its published minutes.
    pub quantile_minutes: f64,
    /// Sample size of the published statistic.
    pub n: usize,
    /// Where it is published.
    pub source: Source,
}

/// Yearly frequency of a pattern, per exposure unit (`unit`).
///
/// `per_instance_per_year` is the pooled rate the engine applies wherever no entry of
/// `by_region` matches; it equals `rate` (Σ weights / unit-years) or the product of
/// `factors`, and a test recomputes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FrequencyPrior {
    /// Expected events per exposure unit per year (pooled).
    pub per_instance_per_year: f64,
    /// What one exposure unit is. Default `instance` (a domain instance, for user
    /// catalogues written before units existed).
    #[serde(default)]
    pub unit: ExposureUnit,
    /// Counted events over an exposure: the rate is Σ weights / unit-years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<Rate>,
    /// Published figures whose product is the rate (when events cannot be counted). A
    /// factor may be a survey prevalence converted to a yearly rate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub factors: Vec<Factor>,
    /// Region-specific rates where the data support them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_region: Vec<RegionalRate>,
    /// Caveats, in words (the arithmetic is in `rate` or `factors`).
    pub derivation: String,
    /// True when the number is an estimate rather than a statistic.
    #[serde(default)]
    pub estimate: bool,
}

/// The unit a rate is counted per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ExposureUnit {
    /// One domain instance of the pattern's class (legacy, unspecified).
    #[default]
    Instance,
    /// One availability zone.
    Zone,
    /// One region of one provider.
    Region,
    /// One provider (its global edge, backbone, DNS, identity or control plane).
    Provider,
    /// One organisation (its own change process, credentials, global rollout).
    Organisation,
    /// One component you run and change.
    Component,
    /// One physical site (an own data centre).
    Site,
    /// One fleet agent.
    Agent,
    /// One third-party vendor.
    Vendor,
}

impl ExposureUnit {
    /// The name used in catalogue files and reports (`zone` ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ExposureUnit::Instance => "instance",
            ExposureUnit::Zone => "zone",
            ExposureUnit::Region => "region",
            ExposureUnit::Provider => "provider",
            ExposureUnit::Organisation => "organisation",
            ExposureUnit::Component => "component",
            ExposureUnit::Site => "site",
            ExposureUnit::Agent => "agent",
            ExposureUnit::Vendor => "vendor",
        }
    }
}

/// A counted rate: events (numerator) over exposure (denominator).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Rate {
    /// The counted events. An incident counts in one pattern's pooled rate only (weight
    /// 1), or its weight is split over patterns with the split explained; no incident's
    /// weights add up to more than 1 across the catalogue.
    pub events: Vec<CountedEvent>,
    /// The exposure the events were counted over.
    pub exposure: Exposure,
}

impl Rate {
    /// Σ weights.
    pub fn total_weight(&self) -> f64 {
        self.events.iter().map(|e| e.weight).sum()
    }

    /// Σ weights / unit-years.
    pub fn result(&self) -> f64 {
        let units = self.exposure.unit_years();
        if units > 0.0 {
            self.total_weight() / units
        } else {
            f64::NAN
        }
    }
}

/// One event in a rate's numerator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CountedEvent {
    /// Incident id.
    pub incident: String,
    /// Its weight (0-1], default 1; below 1 when the event is split over patterns.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub weight: f64,
    /// Which part of the incident (an entry of its `parts`) gives this pattern's duration.
    /// Default: its `main_impact_minutes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// Why the weight is split, or why the part was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What a rate's events were counted over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Exposure {
    /// Which providers (profile ids or names) the count covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub providers: Vec<String>,
    /// Which regions (empty: all of the providers').
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// First year counted (inclusive).
    pub from_year: u16,
    /// Last year counted (inclusive; the current year counts whole, which slightly
    /// understates the rate).
    pub to_year: u16,
    /// How many units (zones, regions, providers ...) were exposed, on average over the
    /// years counted.
    pub units: f64,
    /// How `units` was counted, and its source or why it is an estimate.
    pub basis: String,
    /// Sources for the unit count.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

impl Exposure {
    /// Years counted, inclusive of both ends.
    pub fn years(&self) -> f64 {
        f64::from(self.to_year.saturating_sub(self.from_year)) + 1.0
    }

    /// Units × years.
    pub fn unit_years(&self) -> f64 {
        self.units * self.years()
    }
}

/// How a published factor enters a rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum FactorKind {
    /// Multiplied as is (a rate, or a share of events).
    #[default]
    Multiply,
    /// A survey's share `p` of units with at least one event in `years` years, converted to
    /// a yearly Poisson rate: `-ln(1 - p) / years`.
    Prevalence,
}

/// A published figure in a rate's product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Factor {
    /// What the figure is.
    pub what: String,
    /// The figure.
    pub value: f64,
    /// How it enters the product.
    #[serde(default, skip_serializing_if = "is_multiply")]
    pub kind: FactorKind,
    /// For a prevalence: the years it covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<f64>,
    /// Where it is published (empty only for an estimate, which `what` explains).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// True when the figure is a judgement, not a publication.
    #[serde(default)]
    pub estimate: bool,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_multiply(k: &FactorKind) -> bool {
    *k == FactorKind::Multiply
}

impl Factor {
    /// The factor's contribution to the product.
    pub fn contribution(&self) -> f64 {
        match self.kind {
            FactorKind::Multiply => self.value,
            FactorKind::Prevalence => {
                let years = self.years.unwrap_or(f64::NAN);
                -(1.0 - self.value).ln() / years
            }
        }
    }
}

/// The product of factors' contributions (1 for none).
pub fn product(factors: &[Factor]) -> f64 {
    factors.iter().map(Factor::contribution).product()
}

/// A rate for one provider's region, counted there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RegionalRate {
    /// Provider profile id.
    pub provider: String,
    /// Region name.
    pub region: String,
    /// Events per unit per year there (= `rate.result()`).
    pub per_year: f64,
    /// The count behind it.
    pub rate: Rate,
    /// Caveats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
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
    /// True when `main_impact_minutes` is a rounded press figure or a maximum ("up to 14
    /// days"), not a window the provider reported: an estimate.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub main_impact_estimate: bool,
    /// Minutes until everything (backlogs, stragglers) recovered, where it differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_tail_minutes: Option<f64>,
    /// Why a duration is missing or uncertain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_note: Option<String>,
    /// Parts of the incident with their own durations (the region-wide control-plane part
    /// of a zone event, the DNS part of a larger event ...), so each pattern can take the
    /// part that belongs to it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<IncidentPart>,
    /// The incident id of the provider event that caused this one, for incidents known
    /// only as a vendor's customers saw them (a SaaS down because its cloud failed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caused_by: Option<String>,
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

/// A part of an incident with its own duration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IncidentPart {
    /// Short id, unique within the incident (`regional-control-plane`).
    pub id: String,
    /// What failed in this part, in words.
    pub what: String,
    /// Minutes, as the provider reported them.
    pub minutes: f64,
    /// Start, RFC 3339 UTC, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// End, RFC 3339 UTC, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

impl Incident {
    /// The minutes of `part` (an entry of `parts`), or `main_impact_minutes` for `None`.
    pub fn minutes_of(&self, part: Option<&str>) -> Option<f64> {
        match part {
            None => self.main_impact_minutes,
            Some(id) => self.parts.iter().find(|p| p.id == id).map(|p| p.minutes),
        }
    }
}

/// What the provider reported about customer data in an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum DataOutcome {
    /// No customer data was lost.
    None,
    /// The provider reported lost or unrecoverable customer data.
    Reported,
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
    /// Effects on `at`, overriding the pattern's (e.g. `[degraded]` for a partial event).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub effects: Vec<EffectKind>,
    /// Further failures the provider reported, each with its own effects and duration.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<AlsoFailed>,
    /// What the provider reported about customer data. Default: nothing reported, the
    /// pattern's effects decide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_loss: Option<DataOutcome>,
}

/// A further failure in a replay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AlsoFailed {
    /// The domains.
    pub at: Vec<DomainId>,
    /// What failed on them.
    pub effects: Vec<EffectKind>,
    /// Minutes, when different from the replay's.
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
    /// The form of the provider's account-independent zone ids, when it has a second way
    /// of naming zones (AWS: AZ ids such as `use1-az4`, while zone names such as
    /// `us-east-1a` map to them differently in every account). A pattern in which
    /// `{letters}` stands for one or more ASCII letters, `{digits}` for one or more ASCII
    /// digits and every other character for itself, compared without regard to ASCII case:
    /// `{letters}{digits}-az{digits}`. See [`ProviderProfile::is_zone_id`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone_id_naming: Option<String>,
    /// The global control plane and its home region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global_control_plane: Option<GlobalControlPlane>,
    /// Known services.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ServiceProfile>,
    /// Provider-internal dependencies documented in post-mortems.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub internal_dependencies: Vec<InternalDependency>,
    /// The CDN's default edge cache lifetime in minutes (how long it answers from cache
    /// without asking the origin when the origin sets no lifetime of its own), with its
    /// source: the window a cached site keeps serving through an origin outage unless the
    /// description states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cdn_cache_minutes: Option<f64>,
    /// Where `cdn_cache_minutes` comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cdn_cache_source: Option<Source>,
    /// Sources for the profile's facts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

fn default_zone_naming() -> String {
    "{region}-{n}".to_owned()
}

/// How many availability zones regions of one provider have, from one source.
///
/// A region without a count is not checked. The built-in lists give one per zoned provider
/// (`zone_counts` in `src/catalogue/data/providers.yaml`); a user catalogue adds lists of
/// its own, which win over the built-in count for the regions they name.
///
/// ```
/// use faultline::catalogue::Catalogue;
/// let user = Catalogue::from_user_text(
///     r#"{"zone_counts": [{
///         "provider": "aws",
///         "source": {"title": "AWS re:Post announcement", "url": "https://example.com/new-az"},
///         "as_of": "2027-01-15",
///         "regions": [{"name": "us-east-1", "zones": 7}]
///     }]}"#,
///     "zones.json",
/// )?;
/// let merged = Catalogue::builtin().merged_with(&user)?;
/// assert_eq!(merged.zone_count("aws", "us-east-1").map(|z| z.zones), Some(7));
/// assert_eq!(merged.zone_count("aws", "us-west-2").map(|z| z.zones), Some(4));
/// # Ok::<(), faultline::catalogue::CatalogueError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ZoneCounts {
    /// Provider profile id (`aws`).
    pub provider: String,
    /// The provider's page that lists the zones (https).
    pub source: Source,
    /// When the page listed them: its date (`2026-02-11`), or `as listed in 2026` for a
    /// page without one.
    pub as_of: String,
    /// What the counts include or leave out, when that needs saying (zones in preview,
    /// zones that only older accounts see).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The regions and their numbers of availability zones.
    pub regions: Vec<RegionZones>,
}

/// One region's number of availability zones, in a [`ZoneCounts`] list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RegionZones {
    /// Region name (`us-east-1`).
    pub name: String,
    /// Number of availability zones: at least 1 (a region without availability zones is
    /// one zone).
    pub zones: u32,
}

/// One region's zone count, with the list it comes from ([`Catalogue::zone_count`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZoneCount<'a> {
    /// Number of availability zones.
    pub zones: u32,
    /// The list that gives it (its source, date and note).
    pub list: &'a ZoneCounts,
}

impl ZoneCount<'_> {
    /// `title (url), as_of`: the citation shown in diagnostics.
    pub fn citation(&self) -> String {
        format!(
            "{} ({}), {}",
            self.list.source.title, self.list.source.url, self.list.as_of
        )
    }
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
    /// What fails with it in the same region, each with how it fails and its source;
    /// `control-plane` names the region's control plane (launches, scaling). Plain
    /// strings (older user catalogues) mean `{service, effect: unavailable}`.
    pub dependents: Dependents,
    /// The incident id that documented it.
    pub incident: String,
    /// Only in this region (e.g. where the dependency was seen). Default: every region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// What the post-mortem says about the dependency, in a sentence (shown by `explain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How a dependant fails when the service it rests on fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum DependentEffect {
    /// It stops serving.
    Unavailable,
    /// It serves with errors or delays.
    Degraded,
    /// Running resources keep serving; its control actions (launch, restore, scale,
    /// snapshot, configure) fail.
    ControlPlaneUnavailable,
}

impl DependentEffect {
    /// The effect kind the engine applies.
    pub fn effect_kind(self) -> EffectKind {
        match self {
            DependentEffect::Unavailable => EffectKind::Unavailable,
            DependentEffect::Degraded => EffectKind::Degraded,
            DependentEffect::ControlPlaneUnavailable => EffectKind::ControlPlaneUnavailable,
        }
    }
}

/// One dependant of an internal dependency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Dependent {
    /// Service name, or `control-plane` for the region's control plane.
    pub service: String,
    /// How it fails.
    pub effect: DependentEffect,
    /// Which post-mortem documents it, in words (the dependency's `incident` is the id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The dependants of an internal dependency: a list of `{service, effect, source}` (plain
/// service names are read as `{service, effect: unavailable}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Dependents {
    entries: Vec<Dependent>,
    #[serde(skip)]
    legacy: Vec<String>,
}

impl Dependents {
    /// Builds the list.
    pub fn new(entries: Vec<Dependent>) -> Self {
        let legacy = entries
            .iter()
            .filter(|d| {
                d.service == CONTROL_PLANE || d.effect != DependentEffect::ControlPlaneUnavailable
            })
            .map(|d| d.service.clone())
            .collect();
        Dependents { entries, legacy }
    }

    /// The structured dependants.
    pub fn entries(&self) -> &[Dependent] {
        &self.entries
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

/// In a replay, a zone or region named `*`: the provider did not publish which one failed,
/// so the replay is played against each zone (or region) of that provider and region the
/// architecture uses, one at a time, and the worst outcome reported.
pub const WILDCARD: &str = "*";

/// The dependant name that means "the region's control plane".
pub const CONTROL_PLANE: &str = "control-plane";

/// Iterating `&Dependents` yields the **legacy view** the current engine reads: the names
/// of dependants that become unavailable or degraded, and `control-plane` for the region's
/// control plane. Dependants whose only failure is their own control actions are left out
/// of that view (the old engine would have taken them down); read them with
/// [`Dependents::entries`].
impl<'a> IntoIterator for &'a Dependents {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;

    fn into_iter(self) -> Self::IntoIter {
        self.legacy.iter()
    }
}

impl<'de> Deserialize<'de> for Dependents {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Entry {
            Name(String),
            Full(Dependent),
        }
        let raw: Vec<Entry> = Vec::deserialize(deserializer)?;
        Ok(Dependents::new(
            raw.into_iter()
                .map(|e| match e {
                    Entry::Name(service) => Dependent {
                        effect: if service == CONTROL_PLANE {
                            DependentEffect::ControlPlaneUnavailable
                        } else {
                            DependentEffect::Unavailable
                        },
                        service,
                        source: None,
                    },
                    Entry::Full(d) => d,
                })
                .collect(),
        ))
    }
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

    /// Whether `zone` has the form of the provider's account-independent zone ids
    /// (`zone_id_naming`): `use1-az4` for AWS, not `us-east-1a`. False when the profile
    /// has no such form.
    ///
    /// ```
    /// use faultline::catalogue::Catalogue;
    /// let aws = Catalogue::builtin().provider("aws").unwrap();
    /// assert!(aws.is_zone_id("use1-az4"));
    /// assert!(aws.is_zone_id("apne1-az1"));
    /// assert!(!aws.is_zone_id("us-east-1a"));
    /// assert!(!aws.is_zone_id("use1-atl1-az1")); // a Local Zone, not an availability zone
    /// ```
    ///
    /// # Complexity
    ///
    /// O(p × z) for a pattern of p characters and a zone name of z characters.
    pub fn is_zone_id(&self, zone: &str) -> bool {
        self.zone_id_naming
            .as_deref()
            .is_some_and(|pattern| matches_zone_pattern(pattern, zone))
    }

    /// The name of the `index`-th (0-based) zone of `region`, by `zone_naming`.
    pub fn zone_name(&self, region: &str, index: usize) -> String {
        let letter = char::from(b'a' + u8::try_from(index % 26).unwrap_or(0));
        self.zone_name_in_one_pass(region, letter, index)
            .unwrap_or_else(|| {
                self.zone_naming
                    .replace("{region}", region)
                    .replace("{letter}", letter.encode_utf8(&mut [0; 4]))
                    .replace("{n}", &(index + 1).to_string())
            })
    }

    /// [`ProviderProfile::zone_name`] in one pass over the pattern (resolution names every
    /// zone this way), when that is the same as replacing the placeholders one after the
    /// other: every `{` of the pattern opens a placeholder and the region has no brace, so
    /// no replacement can form a new placeholder. `None` otherwise.
    fn zone_name_in_one_pass(&self, region: &str, letter: char, index: usize) -> Option<String> {
        if region.contains(['{', '}']) {
            return None;
        }
        let mut name = String::with_capacity(self.zone_naming.len() + region.len());
        let mut rest = self.zone_naming.as_str();
        while let Some(at) = rest.find('{') {
            name.push_str(&rest[..at]);
            rest = &rest[at..];
            if let Some(after) = rest.strip_prefix("{region}") {
                name.push_str(region);
                rest = after;
            } else if let Some(after) = rest.strip_prefix("{letter}") {
                name.push(letter);
                rest = after;
            } else if let Some(after) = rest.strip_prefix("{n}") {
                use std::fmt::Write as _;
                let _ = write!(name, "{}", index + 1);
                rest = after;
            } else {
                return None;
            }
        }
        name.push_str(rest);
        Some(name)
    }
}

/// One element of a `zone_id_naming` pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ZoneToken {
    Letters,
    Digits,
    Literal(char),
}

impl ZoneToken {
    fn takes(self, c: char) -> bool {
        match self {
            ZoneToken::Letters => c.is_ascii_alphabetic(),
            ZoneToken::Digits => c.is_ascii_digit(),
            ZoneToken::Literal(l) => l.eq_ignore_ascii_case(&c),
        }
    }

    fn repeats(self) -> bool {
        !matches!(self, ZoneToken::Literal(_))
    }
}

fn zone_tokens(pattern: &str) -> Vec<ZoneToken> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("{letters}") {
            out.push(ZoneToken::Letters);
            rest = after;
        } else if let Some(after) = rest.strip_prefix("{digits}") {
            out.push(ZoneToken::Digits);
            rest = after;
        } else {
            out.push(ZoneToken::Literal(c));
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Whether `text` matches a `zone_id_naming` pattern, by dynamic programming over (pattern
/// token, character): no backtracking, so no input makes it slow.
fn matches_zone_pattern(pattern: &str, text: &str) -> bool {
    let tokens = zone_tokens(pattern);
    let chars: Vec<char> = text.chars().collect();
    if tokens.is_empty() {
        return chars.is_empty();
    }
    // at[j]: the tokens before the current one match chars[..j] exactly.
    let mut at = vec![false; chars.len() + 1];
    at[0] = true;
    let mut next = vec![false; chars.len() + 1];
    for token in tokens {
        // next[j]: the tokens up to and including this one match chars[..j].
        next.fill(false);
        for j in 0..chars.len() {
            if !token.takes(chars[j]) {
                continue;
            }
            // Start the token at j, or (for a repeating token) extend a run ending at j.
            if at[j] || (token.repeats() && next[j]) {
                next[j + 1] = true;
            }
        }
        std::mem::swap(&mut at, &mut next);
    }
    at[chars.len()]
}

#[cfg(test)]
mod tests {
    /// The one-pass zone naming gives exactly what replacing the placeholders one after the
    /// other gives, including the patterns and regions where a replacement forms a new
    /// placeholder (those take the slow path).
    #[test]
    fn zone_names_in_one_pass_equal_the_chained_replacements() {
        let chained = |pattern: &str, region: &str, index: usize| {
            let letter = char::from(b'a' + u8::try_from(index % 26).unwrap_or(0)).to_string();
            pattern
                .replace("{region}", region)
                .replace("{letter}", &letter)
                .replace("{n}", &(index + 1).to_string())
        };
        let mut profile = crate::catalogue::Catalogue::builtin()
            .provider("aws")
            .expect("the built-in catalogue has aws")
            .clone();
        let patterns = [
            "{region}{letter}",
            "{region}-{n}",
            "{letter}{n}{region}{region}",
            "zone",
            "",
            "{{letter}}",
            "{le{region}}",
            "{{region}}",
            "{region",
            "}{n}{",
            "{x}{region}",
        ];
        let regions = ["us-east-1", "", "letter}", "tter", "n", "{n}", "a}b", "é"];
        let mut fast = 0;
        for pattern in patterns {
            profile.zone_naming = pattern.to_owned();
            for region in regions {
                for index in [0, 1, 12, 13, 25, 26, 99] {
                    assert_eq!(
                        profile.zone_name(region, index),
                        chained(pattern, region, index),
                        "{pattern:?} {region:?} {index}"
                    );
                    let letter = char::from(b'a' + u8::try_from(index % 26).unwrap_or(0));
                    fast += usize::from(
                        profile
                            .zone_name_in_one_pass(region, letter, index)
                            .is_some(),
                    );
                }
            }
        }
        // The fast path is the one taken for ordinary patterns and regions.
        assert!(fast > 100, "{fast}");
    }
}
