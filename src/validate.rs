//! Validation: every consistency rule a careful reviewer would apply to a description.
//!
//! Returns diagnostics as data, sorted by position then code. Errors mean no trustworthy
//! score can be made; warnings mean the score rests on a default or on generic rules.
//! Each code is listed in `docs/diagnostics.md`.

use crate::diagnostic::Code;
use crate::sort::Stable;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::catalogue::{Catalogue, ProviderProfile, ServiceScope, ZoneCount};
use crate::diagnostic::Diagnostic;
use crate::graph::Indexed;
use crate::limits::Limits;
use crate::model::{
    Architecture, BackupLocation, Component, Dependency, FORMAT_VERSION, Failover, Kind, Placement,
    Replication, Topology, Via, Zones,
};

/// Every rule of the format and the catalogue's provider profiles, plus the size limits of
/// [`Limits`]: the component and dependency counts
/// (for architectures built in code rather than parsed) and, when the description has no
/// errors otherwise, the number of scenarios the catalogue expands to.
///
/// ```
/// use faultline::{Engine, Format, Limits, catalogue::Catalogue};
/// let limits = Limits { max_scenarios: 3, ..Limits::default() };
/// let engine = Engine::new(Catalogue::builtin(), limits);
/// let doc = engine.parse(faultline::DEFAULT_ARCHITECTURE, Format::Yaml)?;
/// let diags = engine.check(&doc.architecture);
/// assert!(diags.iter().any(|d| d.code == "too-many-scenarios"));
/// # Ok::<(), faultline::Error>(())
/// ```
pub fn validate_with_limits(
    arch: &Architecture,
    catalogue: &Catalogue,
    limits: &Limits,
) -> Vec<Diagnostic> {
    let counts = limits.check_counts(arch);
    if !counts.is_empty() {
        // Over a size limit, the rules themselves are work the limit is there to avoid.
        return counts;
    }
    let mut out = validate_rules(arch, catalogue, &Indexed::new(arch));
    if !out.iter().any(Diagnostic::is_error)
        && let Some(d) = limits.check_scenarios(arch, catalogue)
    {
        out.insert(0, d);
    }
    out
}

/// Validates an architecture against the format's rules and the catalogue's provider
/// profiles, with its id index and dependency graph already made. Diagnostics carry paths
/// but no positions; see [`crate::SourceMap::locate`].
pub(crate) fn validate_rules(
    arch: &Architecture,
    catalogue: &Catalogue,
    indexed: &Indexed<'_>,
) -> Vec<Diagnostic> {
    validate_keeping(arch, catalogue, indexed, None)
}

/// The diagnostics of the checks that read one component and nothing else of the
/// description but the component ids, per component of a baseline: what
/// `Validator::component` gives (its fields, placements, failover, data, site parts,
/// against the catalogue) and what the checks of its `depends_on` and `needs_at_start`
/// references give (against the ids). A changed copy measured for a suggestion that has
/// the baseline's ids, in the same order, takes them for every component it did not change
/// ([`validate_keeping`]): they are the same checks of the same values.
#[derive(Debug, Default)]
pub(crate) struct OwnChecks {
    fields: Vec<Vec<Diagnostic>>,
    references: Vec<Vec<Diagnostic>>,
    /// The component's zones with their forms, for the zone-naming check across
    /// components: they depend only on the component and the catalogue.
    zone_forms: Vec<ZoneForms>,
}

/// How a zone is written: the provider's account-specific name (`us-east-1a`) or its
/// account-independent AZ ID (`use1-az1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Name,
    Id,
}

/// A component's zones, per region in its order, each with its [`Form`]: the named ones,
/// or the names `zones: n` stands for. Empty unless its provider's profile says how AZ IDs
/// are written.
type ZoneForms = Vec<Forms>;

/// Zones with their forms.
type Forms = Vec<(String, Form)>;

/// The forms worked out so far, once per profile: many components name the same zones,
/// and matching a zone against the AZ ID pattern is the costly part. Keyed by the profile
/// itself (its address), not its id: a catalogue built in code may hold two profiles with
/// one id, each reached through its own alias.
#[derive(Default)]
struct FormMemo<'a> {
    forms: BTreeMap<(*const ProviderProfile, &'a str), Form>,
    /// The zones `zones: n` names in a region, with their forms.
    counted: BTreeMap<(*const ProviderProfile, &'a str, usize), Forms>,
}

/// [`ZoneForms`] of `c`, on `profile` (its provider's).
fn zone_forms<'a>(
    profile: &ProviderProfile,
    c: &'a Component,
    memo: &mut FormMemo<'a>,
) -> ZoneForms {
    let form_of = |zone: &str| {
        if profile.is_zone_id(zone) {
            Form::Id
        } else {
            Form::Name
        }
    };
    c.regions
        .iter()
        .map(|p| match &p.zones {
            Zones::Named(names) => names
                .iter()
                .map(|z| {
                    let form = *memo
                        .forms
                        .entry((std::ptr::from_ref(profile), z.as_str()))
                        .or_insert_with(|| form_of(z));
                    (z.clone(), form)
                })
                .collect(),
            Zones::Count(n) => {
                let n = usize::try_from(*n).unwrap_or(usize::MAX).min(26);
                memo.counted
                    .entry((std::ptr::from_ref(profile), p.name.as_str(), n))
                    .or_insert_with(|| {
                        (0..n)
                            .map(|k| {
                                let zone = profile.zone_name(&p.name, k);
                                let form = form_of(&zone);
                                (zone, form)
                            })
                            .collect()
                    })
                    .clone()
            }
        })
        .collect()
}

impl OwnChecks {
    /// Runs those checks on every component of `arch`, each on its own.
    pub fn of(arch: &Architecture, catalogue: &Catalogue, indexed: &Indexed<'_>) -> OwnChecks {
        let mut v = Validator {
            arch,
            catalogue,
            indexed,
            out: Vec::new(),
            kept: None,
        };
        let mut checks = OwnChecks::default();
        let mut memo = FormMemo::default();
        for (i, c) in arch.components.iter().enumerate() {
            v.component(i, c);
            checks.fields.push(std::mem::take(&mut v.out));
            v.references(i, c);
            checks.references.push(std::mem::take(&mut v.out));
            checks.zone_forms.push(
                catalogue
                    .provider(&c.provider)
                    .filter(|p| p.zone_id_naming.is_some())
                    .map(|p| zone_forms(p, c, &mut memo))
                    .unwrap_or_default(),
            );
        }
        checks
    }
}

/// What a copy's validation takes from its baseline's [`OwnChecks`]: the copy has the
/// baseline's component ids in the same order, and `unchanged` marks the components
/// described exactly as there.
#[derive(Clone, Copy)]
pub(crate) struct Kept<'k> {
    pub checks: &'k OwnChecks,
    pub unchanged: &'k [bool],
}

impl<'k> Kept<'k> {
    fn of<T>(this: Option<Self>, i: usize, part: fn(&'k OwnChecks) -> &'k [T]) -> Option<&'k T> {
        let k = this?;
        if !k.unchanged.get(i).copied().unwrap_or(false) {
            return None;
        }
        part(k.checks).get(i)
    }
}

/// [`validate_rules`], with the per-component checks of the unchanged components of a
/// changed copy taken from its baseline ([`OwnChecks`]): the same diagnostics, pushed in
/// the same order, so sorted the same.
pub(crate) fn validate_keeping(
    arch: &Architecture,
    catalogue: &Catalogue,
    indexed: &Indexed<'_>,
    kept: Option<Kept<'_>>,
) -> Vec<Diagnostic> {
    let mut v = Validator {
        arch,
        catalogue,
        indexed,
        out: Vec::new(),
        kept,
    };
    v.document();
    v.components();
    v.zone_naming();
    v.dependencies();
    v.journeys();
    v.operations();
    v.sites();
    let mut out = v.out;
    out.stable_sort_by(|a, b| {
        a.path
            .cmp(&b.path)
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| a.message.cmp(&b.message))
    });
    out.dedup();
    out
}

struct Validator<'a> {
    arch: &'a Architecture,
    catalogue: &'a Catalogue,
    indexed: &'a Indexed<'a>,
    out: Vec<Diagnostic>,
    /// A baseline's per-component checks, for a changed copy of it.
    kept: Option<Kept<'a>>,
}

fn cpath(i: usize, rest: &str) -> String {
    format!("/components/{i}{rest}")
}

/// A JSON pointer written only when a diagnostic needs it: most checks pass, and writing
/// the path of every region and dependency checked was a fifth of validating.
struct Lazy<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result>(F);

impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> fmt::Display for Lazy<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.0)(f)
    }
}

fn finite_in(value: f64, lo: f64, hi: f64) -> bool {
    value.is_finite() && value >= lo && value <= hi
}

impl Validator<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    /// `path` is written only for a diagnostic (most numbers are fine).
    fn number(
        &mut self,
        path: impl FnOnce() -> String,
        value: Option<f64>,
        lo: f64,
        hi: f64,
        what: &str,
    ) {
        if let Some(x) = value
            && !finite_in(x, lo, hi)
        {
            self.push(
                Diagnostic::error(
                    Code::InvalidNumber,
                    path(),
                    format!("{what} must be between {lo} and {hi}, got {x}"),
                )
                .with_help("use a finite number in range"),
            );
        }
    }

    fn availability(&mut self, path: impl FnOnce() -> String, value: Option<f64>) {
        if let Some(x) = value
            && !(x.is_finite() && x > 0.0 && x < 100.0)
        {
            self.push(
                Diagnostic::error(
                    Code::InvalidTarget,
                    path(),
                    format!(
                        "an availability target must be above 0 and below 100 percent, got {x}"
                    ),
                )
                .with_help("100 % leaves no downtime budget to score against; use e.g. 99.99"),
            );
        }
    }

    fn document(&mut self) {
        let a = self.arch;
        if a.version != FORMAT_VERSION {
            self.push(
                Diagnostic::error(
                    Code::UnsupportedVersion,
                    "/version",
                    format!("format version {} is not supported", a.version),
                )
                .with_help("this faultline reads `version: 1`"),
            );
        }
        if a.name.trim().is_empty() {
            self.push(
                Diagnostic::warning(Code::EmptyName, "/name", "the system has no name")
                    .with_help("reports use the name; give one"),
            );
        }
        if a.components.is_empty() {
            self.push(
                Diagnostic::error(
                    Code::NoComponents,
                    "/components",
                    "there are no components to score",
                )
                .with_help("list the parts of the system under `components`"),
            );
        }
        self.availability(|| "/targets/availability".into(), a.targets.availability);
        self.number(
            || "/targets/rto_minutes".into(),
            a.targets.rto_minutes,
            0.0,
            1e9,
            "rto_minutes",
        );
        self.number(
            || "/targets/rpo_minutes".into(),
            a.targets.rpo_minutes,
            0.0,
            1e9,
            "rpo_minutes",
        );
        self.number(
            || "/targets/tolerance_minutes".into(),
            a.targets.tolerance_minutes,
            0.0,
            1e6,
            "tolerance_minutes",
        );
    }

    fn components(&mut self) {
        let mut first: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, c) in self.arch.components.iter().enumerate() {
            if let Some(bad) = c.id.chars().find(|&ch| is_hidden_char(ch)) {
                self.push(
                    Diagnostic::error(
                        Code::InvalidId,
                        cpath(i, "/id"),
                        format!(
                            "component id {:?} contains the invisible or control character U+{:04X}",
                            c.id,
                            u32::from(bad)
                        ),
                    )
                    .with_help("ids are shown in reports and terminals: use visible characters only (no control or bidirectional-formatting characters)"),
                );
            } else if c.id.trim().is_empty() || c.id != c.id.trim() {
                self.push(
                    Diagnostic::error(
                        Code::InvalidId,
                        cpath(i, "/id"),
                        format!("component id `{}` is empty or has surrounding spaces", c.id),
                    )
                    .with_help("use a short name such as `web` or `orders-db`"),
                );
            }
            if let Some(&j) = first.get(c.id.as_str()) {
                self.push(
                    Diagnostic::error(
                        Code::DuplicateId,
                        cpath(i, "/id"),
                        format!("component id `{}` is already used by /components/{j}", c.id),
                    )
                    .with_help("give every component its own id"),
                );
            } else {
                first.insert(&c.id, i);
            }
            match Kept::of(self.kept, i, |k| &k.fields) {
                Some(kept) => self.out.extend_from_slice(kept),
                None => self.component(i, c),
            }
        }
    }

    fn component(&mut self, i: usize, c: &Component) {
        self.provider(i, c);
        if let Some(service) = &c.service {
            self.domain_part(|| cpath(i, "/service"), "service", service);
        }
        for (k, sv) in c.uses_services.iter().enumerate() {
            self.domain_part(|| cpath(i, &format!("/uses_services/{k}")), "service", sv);
        }
        let mut regions = BTreeSet::new();
        for (r, p) in c.regions.iter().enumerate() {
            let path =
                Lazy(move |f: &mut fmt::Formatter<'_>| write!(f, "/components/{i}/regions/{r}"));
            self.domain_part(|| format!("{path}/name"), "region", &p.name);
            if !regions.insert(p.name.as_str()) {
                self.push(
                    Diagnostic::error(
                        Code::DuplicateRegion,
                        format!("{path}/name"),
                        format!("region `{}` is listed twice for `{}`", p.name, c.id),
                    )
                    .with_help("list each region once; use `zones` for more capacity in it"),
                );
            }
            let known = self.catalogue.zone_count(&c.provider, &p.name);
            match &p.zones {
                Zones::Count(0) => self.push(
                    Diagnostic::error(
                        Code::InvalidZones,
                        format!("{path}/zones"),
                        format!("`{}` uses 0 zones in {}", c.id, p.name),
                    )
                    .with_help("a component runs in at least 1 zone"),
                ),
                Zones::Count(n) if *n > 26 && known.is_none() => self.push(
                    Diagnostic::error(
                        Code::InvalidZones,
                        format!("{path}/zones"),
                        format!(
                            "`{}` claims {n} zones in {}; no provider region has that many",
                            c.id, p.name
                        ),
                    )
                    .with_help("use the number of zones really used (usually 2 or 3)"),
                ),
                Zones::Named(names) if names.is_empty() => self.push(
                    Diagnostic::error(
                        Code::InvalidZones,
                        format!("{path}/zones"),
                        format!("`{}` lists no zones in {}", c.id, p.name),
                    )
                    .with_help("name at least one zone, or give a count"),
                ),
                Zones::Named(names) => {
                    let mut seen = BTreeSet::new();
                    for (z, name) in names.iter().enumerate() {
                        self.domain_part(|| format!("{path}/zones/{z}"), "zone", name);
                        if !seen.insert(name) {
                            self.push(Diagnostic::error(
                                Code::DuplicateZone,
                                format!("{path}/zones/{z}"),
                                format!("zone `{name}` is listed twice"),
                            ));
                        }
                    }
                }
                Zones::Count(_) => {}
            }
            if let Some(known) = known {
                self.zones_beyond_region(i, r, c, p, known);
            }
        }
        let n = c.regions.len();
        if c.provider.starts_with("on-prem:") {
            self.site_topology(i, c);
        } else {
            let topology = c.topology;
            match topology {
                Some(t @ (Topology::ActiveActive | Topology::ActivePassive | Topology::Cells)) if n < 2 => self.push(
                    Diagnostic::error(
                        Code::TopologyMismatch,
                        cpath(i, "/topology"),
                        format!(
                            "`{}` is {} but runs in {} region{}",
                            c.id,
                            t.as_str(),
                            n,
                            if n == 1 { "" } else { "s" }
                        ),
                    )
                    .with_help("list at least two regions, or use `topology: single-region`"),
                ),
                Some(Topology::SingleRegion) if n > 1 => self.push(
                    Diagnostic::error(Code::TopologyMismatch, cpath(i, "/topology"), format!("`{}` is single-region but lists {n} regions", c.id))
                        .with_help("use `active-active` or `active-passive`, or list one region"),
                ),
                None if n > 1 => self.push(
                    Diagnostic::warning(Code::TopologyDefaulted, cpath(i, "/regions"), format!("`{}` runs in {n} regions without a topology; scored as active-passive with the first region primary", c.id))
                        .with_help("say `topology: active-active` or `active-passive`"),
                ),
                _ => {}
            }
            if c.standby.is_some()
                && topology != Some(Topology::ActivePassive)
                && !(topology.is_none() && n > 1)
            {
                self.push(
                    Diagnostic::error(
                        Code::StandbyWithoutActivePassive,
                        cpath(i, "/standby"),
                        format!("`{}` sets a standby but is not active-passive", c.id),
                    )
                    .with_help(
                        "remove `standby`, or use `topology: active-passive` with two regions",
                    ),
                );
            }
            if let Some(f) = &c.failover {
                if n < 2 {
                    self.push(
                        Diagnostic::warning(Code::FailoverUnused, cpath(i, "/failover"), format!("`{}` has a failover but only {n} region", c.id))
                            .with_help("failover between regions needs two regions; for redundancy across components use `any_of`"),
                    );
                } else if topology == Some(Topology::Cells) {
                    self.push(
                        Diagnostic::warning(Code::FailoverUnused, cpath(i, "/failover"), format!("`{}` runs in cells, which never fail over to each other: its failover is not used", c.id))
                            .with_help("remove `failover`, or use `topology: active-active` if customers can move between regions"),
                    );
                }
                self.failover(
                    &Lazy(move |w: &mut fmt::Formatter<'_>| write!(w, "/components/{i}/failover")),
                    f,
                    Via::Dns,
                );
                self.on_data_loss(i, c, f);
                self.fenced(i, c, f);
                if f.bring_up_minutes.is_some()
                    && n >= 2
                    && !matches!(c.topology, None | Some(Topology::ActivePassive))
                {
                    self.ignored(
                        cpath(i, "/failover/bring_up_minutes"),
                        format!(
                            "`{}` serves from every region it runs in: no standby has to be started",
                            c.id
                        ),
                        "`bring_up_minutes` is the start-up time of an active-passive standby",
                    );
                }
            }
        }
        self.additions(i, c);
        self.number(
            || cpath(i, "/headroom_percent"),
            c.headroom_percent,
            0.0,
            10_000.0,
            "headroom_percent",
        );
        if let Some(r) = c.replicas {
            if r == 0 {
                self.push(
                    Diagnostic::error(
                        Code::InvalidReplicas,
                        cpath(i, "/replicas"),
                        format!("`{}` has 0 replicas", c.id),
                    )
                    .with_help("at least 1"),
                );
            } else if let Some(min_zones) = c.regions.iter().map(|p| p.zones.count()).max()
                && u64::from(r) < min_zones
            {
                self.push(
                    Diagnostic::warning(Code::ReplicasBelowZones, cpath(i, "/replicas"), format!("`{}` has {r} replicas per region but spans up to {min_zones} zones; only {r} zones really hold an instance", c.id))
                        .with_help("run at least one replica per zone"),
                );
            }
        }
        for (field, list) in [("agents", &c.agents), ("staged_agents", &c.staged_agents)] {
            for (a, agent) in list.iter().enumerate() {
                if agent.trim().is_empty() {
                    self.push(Diagnostic::error(
                        Code::InvalidAgent,
                        cpath(i, &format!("/{field}/{a}")),
                        "an agent name is empty",
                    ));
                } else if let Some(problem) = domain_part_problem(agent) {
                    self.push(Diagnostic::error(
                        Code::InvalidAgent,
                        cpath(i, &format!("/{field}/{a}")),
                        format!("agent name {agent:?} {problem}"),
                    ));
                } else if agent.contains('~') {
                    // `agent:falcon~first-ring` names the first-ring variant of a staged
                    // update of `falcon`: an agent named so would share its findings' ids.
                    self.push(Diagnostic::error(
                        Code::InvalidAgent,
                        cpath(i, &format!("/{field}/{a}")),
                        format!(
                            "agent name {agent:?} contains `~`, which marks the first-ring variant of a staged update (`agent:<name>~first-ring`)"
                        ),
                    ));
                }
            }
        }
        for (a, agent) in c.staged_agents.iter().enumerate() {
            if c.agents.contains(agent) {
                self.push(
                    Diagnostic::warning(
                        Code::AgentTwice,
                        cpath(i, &format!("/staged_agents/{a}")),
                        format!(
                            "agent `{agent}` is listed both as updating everywhere at once and as staged; scored as updating everywhere"
                        ),
                    )
                    .with_help("list it in one of `agents` and `staged_agents`"),
                );
            }
        }
        if let Some(cache) = &c.cache {
            if c.kind != Kind::Cdn {
                self.push(
                    Diagnostic::error(
                        Code::CacheOnNonCdn,
                        cpath(i, "/cache"),
                        format!(
                            "`{}` is a {}: only a `cdn` answers from a cache",
                            c.id, c.kind
                        ),
                    )
                    .with_help("move `cache` to the CDN in front of it"),
                );
            }
            self.number(
                || cpath(i, "/cache/cacheable_percent"),
                cache.cacheable_percent,
                0.0,
                100.0,
                "cacheable_percent",
            );
            self.number(
                || cpath(i, "/cache/window_minutes"),
                cache.window_minutes,
                0.0,
                1e7,
                "window_minutes",
            );
        }
        for (o, origin) in c.origin.iter().enumerate() {
            if origin.trim().is_empty() {
                self.push(
                    Diagnostic::error(
                        Code::InvalidOrigin,
                        cpath(i, &format!("/origin/{o}")),
                        "an origin (the resource address a component was imported from) is empty",
                    )
                    .with_help("write the Terraform resource address, e.g. `module.app.aws_instance.web[0]`, or remove the entry"),
                );
            }
        }
        if let Some(d) = &c.data {
            if !c.kind.is_stateful() {
                self.push(
                    Diagnostic::error(
                        Code::DataOnStateless,
                        cpath(i, "/data"),
                        format!("`{}` is a {} and holds no durable data", c.id, c.kind),
                    )
                    .with_help("move `data` to the datastore it writes to, or change `kind`"),
                );
            }
            let base = Lazy(move |f: &mut fmt::Formatter<'_>| write!(f, "/components/{i}/data"));
            self.number(
                || format!("{base}/replication_lag_minutes"),
                d.replication_lag_minutes,
                0.0,
                1e7,
                "replication_lag_minutes",
            );
            self.number(
                || format!("{base}/backup_interval_minutes"),
                d.backup_interval_minutes,
                0.0,
                1e7,
                "backup_interval_minutes",
            );
            self.number(
                || format!("{base}/restore_minutes"),
                d.restore_minutes,
                0.0,
                1e7,
                "restore_minutes",
            );
            // A vendor's service runs in the regions of its `runs_on` (found by a review:
            // one in two regions there was said to run "in 0 region").
            let placed = if n == 0 {
                c.runs_on.as_ref().map_or(0, |ro| ro.regions.len())
            } else {
                n
            };
            if matches!(d.replication, Some(Replication::Sync | Replication::Async)) && placed < 2 {
                self.push(
                    Diagnostic::warning(
                        Code::ReplicationWithoutRegions,
                        format!("{base}/replication"),
                        format!(
                            "`{}` replicates across regions but runs in {}",
                            c.id,
                            if placed == 1 {
                                "one region"
                            } else {
                                "no region"
                            }
                        ),
                    )
                    .with_help(if n == 0 && c.runs_on.is_some() {
                        "cross-region replication needs a second region under `runs_on.regions`"
                    } else {
                        "cross-region replication needs a second region under `regions`"
                    }),
                );
            }
            if d.replication_lag_minutes.is_some()
                && d.replication != Some(Replication::Async)
                && !(d.replication.is_none() && n > 1)
            {
                self.push(Diagnostic::warning(
                    Code::LagWithoutAsync,
                    format!("{base}/replication_lag_minutes"),
                    "a replication lag only applies to `replication: async`",
                ));
            }
            if d.backup_interval_minutes.is_some()
                && matches!(d.backups, None | Some(crate::model::BackupLocation::None))
            {
                self.push(
                    Diagnostic::warning(
                        Code::IntervalWithoutBackups,
                        format!("{base}/backup_interval_minutes"),
                        "a backup interval is set but `backups` is none",
                    )
                    .with_help("say where backups are kept with `backups:`"),
                );
            }
        }
        if c.regions.is_empty()
            && matches!(
                c.kind,
                crate::model::Kind::Compute
                    | crate::model::Kind::Container
                    | crate::model::Kind::Database
            )
            && self
                .catalogue
                .provider(&c.provider)
                .is_some_and(|p| !p.regions.is_empty())
        {
            self.push(
                Diagnostic::warning(Code::NoPlacement, cpath(i, "/regions"), format!("`{}` is a {} on {} with no region; zone and region outages cannot be scored for it", c.id, c.kind, c.provider))
                    .with_help("add `regions: [{ name: ..., zones: ... }]`"),
            );
        }
    }

    /// `zones-beyond-region`: more zones declared (a count, or distinct names) than the
    /// catalogue's count for the region.
    fn zones_beyond_region(
        &mut self,
        i: usize,
        r: usize,
        c: &Component,
        p: &Placement,
        known: ZoneCount<'_>,
    ) {
        let declared = match &p.zones {
            Zones::Count(n) => *n,
            Zones::Named(names) => names.iter().collect::<BTreeSet<_>>().len() as u64,
        };
        if declared <= u64::from(known.zones) {
            return;
        }
        let how = match &p.zones {
            Zones::Count(n) => format!("declares {n} zones"),
            Zones::Named(_) => format!("names {declared} different zones"),
        };
        let provider = self
            .catalogue
            .provider(&c.provider)
            .map_or(c.provider.as_str(), |prof| prof.name.as_str());
        let has = match known.zones {
            1 => "no availability zones (one zone)".to_owned(),
            n => format!("{n} availability zones"),
        };
        let region = &p.name;
        self.push(
            Diagnostic::error(
                Code::ZonesBeyondRegion,
                cpath(i, &format!("/regions/{r}/zones")),
                format!(
                    "`{}` {how} in {region}, but {region} has {has} (source: {})",
                    c.id,
                    known.citation()
                ),
            )
            .with_help(format!(
                "use at most {} zone{} there; if {provider} has added zones since, give the new count in a user catalogue (`--catalogue FILE`): `zone_counts: [{{ provider: {}, source: {{ title: ..., url: https://... }}, as_of: <date>, regions: [{{ name: {region}, zones: <count> }}] }}]`",
                known.zones,
                if known.zones == 1 { "" } else { "s" },
                known.list.provider,
            )),
        );
    }

    /// `zone-naming-mixed`: within one provider region, zones named in the provider's
    /// account-specific form (`us-east-1a`, and the names `zones: N` stands for) and in its
    /// account-independent id form (`use1-az1`). Warned at each placement that brings in
    /// the form the region's first placement did not use.
    fn zone_naming(&mut self) {
        // (profile id, region) → the first form seen, with the component and zone showing it.
        let mut first: BTreeMap<(&str, &str), (Form, &str, String)> = BTreeMap::new();
        let mut memo = FormMemo::default();
        for (i, c) in self.arch.components.iter().enumerate() {
            let Some(profile) = self.catalogue.provider(&c.provider) else {
                continue;
            };
            if profile.zone_id_naming.is_none() {
                continue;
            }
            let own;
            let forms = match Kept::of(self.kept, i, |k| &k.zone_forms) {
                Some(kept) => kept,
                None => {
                    own = zone_forms(profile, c, &mut memo);
                    &own
                }
            };
            for (r, (p, zones)) in c.regions.iter().zip(forms).enumerate() {
                let generated = matches!(p.zones, Zones::Count(_));
                for (zone, form) in zones.iter().map(|(z, f)| (z.as_str(), *f)) {
                    let key = (profile.id.as_str(), p.name.as_str());
                    let Some((seen, other, other_zone)) = first.get(&key) else {
                        first.insert(key, (form, c.id.as_str(), zone.to_owned()));
                        continue;
                    };
                    if *seen == form {
                        continue;
                    }
                    let describe = |f: Form, z: &str| match f {
                        Form::Id => format!("`{z}` (an AZ ID)"),
                        Form::Name => format!("`{z}` (a zone name)"),
                    };
                    let mine = if generated {
                        format!(
                            "uses `zones: {}`, which faultline names {}",
                            p.zones.count(),
                            describe(form, zone)
                        )
                    } else {
                        format!("names zone {}", describe(form, zone))
                    };
                    let theirs = if *other == c.id {
                        format!("and also {}", describe(*seen, other_zone))
                    } else {
                        format!("while `{other}` uses {}", describe(*seen, other_zone))
                    };
                    self.push(
                        Diagnostic::warning(
                            Code::ZoneNamingMixed,
                            cpath(i, &format!("/regions/{r}/zones")),
                            format!(
                                "`{}` {mine} in {}, {theirs}: {} maps zone names to AZ IDs differently in every account, so the two may be the same physical zone, but faultline treats them as different zones and a zone they share may be hidden",
                                c.id, p.name, profile.name,
                            ),
                        )
                        .with_help(
                            "use one form in the whole description: AZ IDs (use1-az1) are the same in every account",
                        ),
                    );
                    // One warning per placement is enough.
                    break;
                }
            }
        }
    }

    /// An error when `name` cannot be a part of a fault domain's id
    /// ([`domain_part_problem`]); whether it can.
    fn domain_part(&mut self, path: impl FnOnce() -> String, what: &str, name: &str) -> bool {
        let Some(problem) = domain_part_problem(name) else {
            return true;
        };
        self.push(
            Diagnostic::error(
                Code::InvalidId,
                path(),
                format!("{what} {name:?} {problem}"),
            )
            .with_help(
                "use the provider's own name, e.g. `aws`, `us-east-1`, `us-east-1a`, `dynamodb`",
            ),
        );
        false
    }

    fn provider(&mut self, i: usize, c: &Component) {
        let path = || cpath(i, "/provider");
        for prefix in ["on-prem:", "saas:"] {
            if let Some(rest) = c.provider.strip_prefix(prefix) {
                if rest.trim().is_empty() {
                    self.push(
                        Diagnostic::error(
                            Code::InvalidProvider,
                            path(),
                            format!("`{}` needs a name after `{prefix}`", c.provider),
                        )
                        .with_help(format!("e.g. `{prefix}frankfurt-dc` or `{prefix}stripe`")),
                    );
                } else {
                    self.domain_part(path, "provider name", rest);
                }
                return;
            }
        }
        if c.provider.trim().is_empty() {
            self.push(
                Diagnostic::error(Code::InvalidProvider, path(), "the provider is empty")
                    .with_help("e.g. `aws`, `gcp`, `saas:stripe`"),
            );
            return;
        }
        if !self.domain_part(path, "provider", &c.provider) {
            return;
        }
        let Some(profile) = self.catalogue.provider(&c.provider) else {
            if !self.catalogue.providers.is_empty() {
                self.push(
                    Diagnostic::warning(Code::UnknownProvider, path(), format!("provider `{}` is not in the catalogue; only generic rules apply to `{}`", c.provider, c.id))
                        .with_help(format!(
                            "known providers: {}; or write `saas:<vendor>` / `on-prem:<site>`",
                            self.catalogue.providers.iter().filter(|p| p.id != "generic").map(|p| p.id.as_str()).collect::<Vec<_>>().join(", ")
                        )),
                );
            }
            return;
        };
        if let Some(service) = &c.service
            && !profile.services.is_empty()
            && profile.service(service).is_none()
        {
            self.push(
                Diagnostic::warning(Code::UnknownService, cpath(i, "/service"), format!("{} service `{service}` is not in the catalogue; `{}` is scored as if it named no service (the provider's generic regional exposure)", profile.name, c.id))
                    .with_help("check the spelling (`faultline catalogue` lists known services), or leave `service` out"),
            );
        }
        if c.service.is_none()
            && !c.regions.is_empty()
            && let Some(example) = profile
                .services
                .iter()
                .find(|s| s.scope == ServiceScope::Regional && s.kinds.contains(&c.kind))
        {
            self.push(
                Diagnostic::info(
                    Code::ServiceUnnamed,
                    cpath(i, ""),
                    format!(
                        "`{}` names no `service`: every regional managed-service event of {} in its regions is counted against it; naming the service (e.g. `service: {}`) counts only the events that reach that service",
                        c.id, profile.name, example.name
                    ),
                )
                .with_help("naming the service sharpens the answer and never raises the expected downtime"),
            );
        }
        for (r, p) in c.regions.iter().enumerate() {
            if !profile.knows_region(&p.name) {
                self.push(
                    Diagnostic::warning(
                        Code::UnknownRegion,
                        cpath(i, &format!("/regions/{r}/name")),
                        format!("`{}` is not a known {} region", p.name, profile.name),
                    )
                    .with_help("check the spelling; region outages are still scored for it"),
                );
            }
        }
    }

    fn ignored(&mut self, path: String, message: impl Into<String>, help: &str) {
        self.push(Diagnostic::warning(Code::FieldIgnored, path, message).with_help(help));
    }

    /// The optional fields of the second input generation: where SaaS runs, more managed
    /// services, launches, recovery overrides, verified backups.
    fn additions(&mut self, i: usize, c: &Component) {
        let on_provider = !c.provider.starts_with("saas:") && !c.provider.starts_with("on-prem:");
        // A datastore's primary and standbys move by a failover, not by routing, unless the
        // provider sizes it (S3, DynamoDB: load-sharing capacity), as in the zone rule.
        let (_, home, profile) = crate::resolve::canonical_provider(self.catalogue, &c.provider);
        let scaled = matches!(home, crate::resolve::Home::Saas(_))
            || c.service
                .as_deref()
                .and_then(|s| profile.and_then(|p| p.service(s)))
                .is_some_and(|sp| sp.provider_scaled);
        let primary = (c.data.is_some() || crate::resolve::holds_state(c.kind)) && !scaled;
        if c.health_checks == Some(false) && primary {
            self.ignored(
                cpath(i, "/health_checks"),
                format!(
                    "`{}` keeps its data in a primary and standbys: a failover, not routing, moves it off a failed zone",
                    c.id
                ),
                "`health_checks: false` matters for load-sharing capacity (servers, containers, stores the provider sizes)",
            );
        } else if c.health_checks == Some(false)
            && !c.regions.iter().any(|p| p.zones.count() > 1)
            && c.rooms.len() < 2
        {
            self.ignored(
                cpath(i, "/health_checks"),
                format!(
                    "`{}` runs in one zone per region: there is no other zone to route around a failed one",
                    c.id
                ),
                "`health_checks: false` matters for a component spread over several zones",
            );
        }
        self.site_parts(i, c);
        self.number(
            || cpath(i, "/recovery_minutes"),
            c.recovery_minutes,
            0.0,
            1e7,
            "recovery_minutes",
        );
        if let Some(ro) = &c.runs_on {
            let base = cpath(i, "/runs_on");
            if on_provider || c.provider.starts_with("on-prem:") {
                self.ignored(
                    base.clone(),
                    format!("`{}` is not a third party's service (`saas:`): `runs_on` says where a vendor runs it", c.id),
                    "remove `runs_on`; a component on a provider says where it runs with `regions`",
                );
            }
            for (r, name) in ro.regions.iter().enumerate() {
                self.domain_part(|| format!("{base}/regions/{r}"), "region", name);
            }
            if let Some(sv) = &ro.service {
                self.domain_part(|| format!("{base}/service"), "service", sv);
            }
            let profile = self.catalogue.provider(&ro.provider);
            if ro.provider.starts_with("saas:")
                || ro.provider.starts_with("on-prem:")
                || ro.provider.trim().is_empty()
            {
                self.push(
                    Diagnostic::error(
                        Code::InvalidProvider,
                        format!("{base}/provider"),
                        format!(
                            "`runs_on.provider` of `{}` must be a cloud provider, got `{}`",
                            c.id, ro.provider
                        ),
                    )
                    .with_help("e.g. `runs_on: { provider: aws, regions: [us-east-1] }`"),
                );
            } else if self.domain_part(|| format!("{base}/provider"), "provider", &ro.provider)
                && let Some(profile) = profile
            {
                for (r, name) in ro.regions.iter().enumerate() {
                    if !profile.knows_region(name) {
                        self.push(
                            Diagnostic::warning(
                                Code::UnknownRegion,
                                format!("{base}/regions/{r}"),
                                format!("`{name}` is not a known {} region", profile.name),
                            )
                            .with_help(
                                "check the spelling; region outages are still scored for it",
                            ),
                        );
                    }
                }
                if let Some(sv) = &ro.service
                    && !profile.services.is_empty()
                    && profile.service(sv).is_none()
                {
                    self.push(
                        Diagnostic::warning(
                            Code::UnknownService,
                            format!("{base}/service"),
                            format!(
                                "`{sv}` is not a known {} service; scored as any regional service",
                                profile.name
                            ),
                        )
                        .with_help("check the spelling, or leave `service` out"),
                    );
                }
            } else if !self.catalogue.providers.is_empty() {
                self.push(
                    Diagnostic::warning(
                        Code::UnknownProvider,
                        format!("{base}/provider"),
                        format!(
                            "`runs_on.provider` `{}` is not in the catalogue",
                            ro.provider
                        ),
                    )
                    .with_help("use a catalogue provider such as `aws`, `gcp` or `azure`"),
                );
            }
            let mut seen = BTreeSet::new();
            for (r, name) in ro.regions.iter().enumerate() {
                if !seen.insert(name) {
                    self.push(Diagnostic::error(
                        Code::DuplicateRegion,
                        format!("{base}/regions/{r}"),
                        format!("region `{name}` is listed twice in `runs_on` of `{}`", c.id),
                    ));
                }
            }
        }
        if !c.uses_services.is_empty() {
            let path = cpath(i, "/uses_services");
            if !on_provider || c.regions.is_empty() {
                self.ignored(
                    path.clone(),
                    format!("`{}` has no regions on a cloud provider: `uses_services` names services in its regions", c.id),
                    "give the component `regions`, or remove `uses_services`",
                );
            } else if let Some(profile) = self.catalogue.provider(&c.provider) {
                for (k, sv) in c.uses_services.iter().enumerate() {
                    if !profile.services.is_empty() && profile.service(sv).is_none() {
                        self.push(
                            Diagnostic::warning(
                                Code::UnknownService,
                                format!("{path}/{k}"),
                                format!("`{sv}` is not a known {} service; scored as any regional service", profile.name),
                            )
                            .with_help("check the spelling"),
                        );
                    }
                }
            }
        }
        if c.needs_launches == Some(true) && (!on_provider || c.regions.is_empty()) {
            self.ignored(
                cpath(i, "/needs_launches"),
                format!("`{}` has no regions on a cloud provider, so no control plane of yours to launch through", c.id),
                "remove `needs_launches`, or give the component `regions`",
            );
        }
        if let Some(d) = &c.data
            && d.backups_verified.is_some()
            && matches!(d.backups, None | Some(BackupLocation::None))
        {
            self.ignored(
                cpath(i, "/data/backups_verified"),
                format!(
                    "`{}` keeps no backups: `backups_verified` has nothing to verify",
                    c.id
                ),
                "say where the backups are (`backups: other-region`), or remove it",
            );
        }
    }

    /// `on_data_loss` only matters for a stateful component that fails over between regions.
    fn on_data_loss(&mut self, i: usize, c: &Component, f: &Failover) {
        if f.on_data_loss.is_none() {
            return;
        }
        let stateful = c.data.is_some() || crate::resolve::holds_state(c.kind);
        if !stateful || c.regions.len() < 2 {
            self.ignored(
                cpath(i, "/failover/on_data_loss"),
                format!(
                    "`{}` has no durable data in several regions: no failover of it loses writes",
                    c.id
                ),
                "move `on_data_loss` to the database or queue that replicates across regions",
            );
        }
    }

    /// On an own site a component has one placement, whose zones are its rooms: its
    /// `topology`, `standby` and `failover` are not used (a second site is a second
    /// component, in an `any_of` with the failover on the group).
    fn site_topology(&mut self, i: usize, c: &Component) {
        for (field, set) in [
            ("/topology", c.topology.is_some()),
            ("/standby", c.standby.is_some()),
            ("/failover", c.failover.is_some()),
        ] {
            if set {
                self.ignored(
                    cpath(i, field),
                    format!(
                        "`{}` is on an own site: it has one placement there (its rooms are its zones), and nothing fails over between regions",
                        c.id
                    ),
                    "describe a second site as a second component and put both in an `any_of`, with the failover (and `bring_up_minutes`) on the group",
                );
            }
        }
        if let Some(f) = &c.failover {
            self.failover(
                &Lazy(move |w: &mut fmt::Formatter<'_>| write!(w, "/components/{i}/failover")),
                f,
                Via::Dns,
            );
        }
    }

    /// `rooms`, `storage` and `power` name parts of an own site: only on `on-prem:`
    /// components, as plain names (no `/`, not `*`), each room once. On such a component `regions` is not
    /// used (a site has rooms, not regions).
    fn site_parts(&mut self, i: usize, c: &Component) {
        let on_site = c.provider.starts_with("on-prem:");
        if !on_site {
            if !c.rooms.is_empty() {
                self.ignored(
                    cpath(i, "/rooms"),
                    format!(
                        "`{}` is not on an own site (`on-prem:<site>`): rooms are a site's",
                        c.id
                    ),
                    "on a cloud, say where it runs with `regions` and their `zones`",
                );
            }
            if c.storage.is_some() {
                self.ignored(
                    cpath(i, "/storage"),
                    format!("`{}` is not on an own site (`on-prem:<site>`): `storage` names a site's shared array", c.id),
                    "on a cloud, name the block-storage service in `uses_services`",
                );
            }
            if c.power.is_some() {
                self.ignored(
                    cpath(i, "/power"),
                    format!("`{}` is not on an own site (`on-prem:<site>`): `power` names a site's power feed", c.id),
                    "a provider's power is its zones': spread over zones instead",
                );
            }
            return;
        }
        if !c.regions.is_empty() {
            self.ignored(
                cpath(i, "/regions"),
                format!(
                    "`{}` is on an own site: a site has rooms, not regions",
                    c.id
                ),
                "name the rooms it runs in with `rooms: [hall-a, hall-b]`",
            );
        }
        let bad = site_part_name_is_bad;
        let mut seen = BTreeSet::new();
        for (k, room) in c.rooms.iter().enumerate() {
            if bad(room) {
                self.push(
                    Diagnostic::error(
                        Code::InvalidId,
                        cpath(i, &format!("/rooms/{k}")),
                        format!("room name {room:?} is empty, has `/`, `*`, surrounding spaces or hidden characters"),
                    )
                    .with_help("name a room as the site does, e.g. `hall-a`"),
                );
            } else if !seen.insert(room.as_str()) {
                self.push(Diagnostic::error(
                    Code::DuplicateZone,
                    cpath(i, &format!("/rooms/{k}")),
                    format!("room `{room}` is listed twice"),
                ));
            }
        }
        if let Some(array) = &c.storage
            && bad(array)
        {
            self.push(
                Diagnostic::error(
                    Code::InvalidId,
                    cpath(i, "/storage"),
                    format!("storage array name {array:?} is empty, has `/`, `*`, surrounding spaces or hidden characters"),
                )
                .with_help("name the array as the site does (`san-1`), or say `local` for the component's own disks"),
            );
        }
        if let Some(feed) = &c.power
            && bad(feed)
        {
            self.push(
                Diagnostic::error(
                    Code::InvalidId,
                    cpath(i, "/power"),
                    format!("power feed name {feed:?} is empty, has `/`, `*`, surrounding spaces or hidden characters"),
                )
                .with_help("say `dual` for dual-corded equipment, or name the one feed it is plugged into (`a`)"),
            );
        }
    }

    /// `fenced` only matters for the automatic promotion of a stateful component's standby
    /// region (active-passive).
    fn fenced(&mut self, i: usize, c: &Component, f: &Failover) {
        if f.fenced.is_none() {
            return;
        }
        let stateful = c.data.is_some() || crate::resolve::holds_state(c.kind);
        let passive =
            c.regions.len() >= 2 && matches!(c.topology, None | Some(Topology::ActivePassive));
        let why = if !stateful || !passive {
            Some(format!(
                "`{}` does not promote a standby copy of durable data (it needs data in an active-passive pair of regions)",
                c.id
            ))
        } else if f.trigger != Some(crate::model::Trigger::Automatic) {
            Some(format!(
                "`{}` fails over by hand: the person who promotes the standby is assumed to fence the primary",
                c.id
            ))
        } else {
            None
        };
        if let Some(why) = why {
            self.ignored(
                cpath(i, "/failover/fenced"),
                why,
                "`fenced` describes an automatic promotion of a database or queue's standby region",
            );
        }
    }

    /// `shares_percent` of an `any_of` group with `alternatives` entries: one finite share,
    /// 0 or more, per alternative, adding up to 100 (within 0.01).
    fn shares(&mut self, path: &str, shares: &[f64], alternatives: usize) {
        if shares.len() != alternatives {
            self.push(
                Diagnostic::error(
                    Code::InvalidShares,
                    path,
                    format!(
                        "{} share{} for {alternatives} alternatives",
                        shares.len(),
                        if shares.len() == 1 { "" } else { "s" }
                    ),
                )
                .with_help("give one percent per alternative, in the order of `any_of`"),
            );
            return;
        }
        if let Some((k, x)) = shares
            .iter()
            .enumerate()
            .find(|(_, x)| !x.is_finite() || **x < 0.0)
        {
            self.push(
                Diagnostic::error(
                    Code::InvalidShares,
                    format!("{path}/{k}"),
                    format!("a share of {} percent", compact(*x)),
                )
                .with_help("a share is a percent of the load, 0 or more"),
            );
            return;
        }
        let total: f64 = shares.iter().sum();
        if (total - 100.0).abs() > 0.01 {
            self.push(
                Diagnostic::error(
                    Code::InvalidShares,
                    path,
                    format!("the shares add up to {} percent, not 100", compact(total)),
                )
                .with_help(
                    "the alternatives together carry all of the load: make them add up to 100",
                ),
            );
        }
    }

    fn failover(&mut self, path: &dyn fmt::Display, f: &Failover, default_via: Via) {
        self.number(
            || format!("{path}/dns_ttl_seconds"),
            f.dns_ttl_seconds,
            0.0,
            1e7,
            "dns_ttl_seconds",
        );
        if f.dns_ttl_seconds.is_some() && f.via.unwrap_or(default_via) != Via::Dns {
            self.ignored(
                format!("{path}/dns_ttl_seconds"),
                format!(
                    "`dns_ttl_seconds` on a failover via `{}`: only a DNS switch waits for cached answers",
                    f.via.unwrap_or(default_via).as_str()
                ),
                "remove it, or say `via: dns`",
            );
        }
        self.number(
            || format!("{path}/detect_minutes"),
            f.detect_minutes,
            0.0,
            1e6,
            "detect_minutes",
        );
        self.number(
            || format!("{path}/switch_minutes"),
            f.switch_minutes,
            0.0,
            1e6,
            "switch_minutes",
        );
        self.number(
            || format!("{path}/bring_up_minutes"),
            f.bring_up_minutes,
            0.0,
            1e7,
            "bring_up_minutes",
        );
    }

    fn dependency_refs(
        &mut self,
        path: &dyn fmt::Display,
        owner: Option<&str>,
        deps: &[Dependency],
        index: &BTreeMap<&str, usize>,
    ) {
        let mut seen = BTreeSet::new();
        for (d, dep) in deps.iter().enumerate() {
            let at = Lazy(|f: &mut fmt::Formatter<'_>| write!(f, "{path}/{d}"));
            self.dependency_ref(&at, owner, dep, index, &mut seen);
        }
    }

    fn dependency_ref<'d>(
        &mut self,
        path: &dyn fmt::Display,
        owner: Option<&str>,
        dep: &'d Dependency,
        index: &BTreeMap<&str, usize>,
        seen: &mut BTreeSet<&'d str>,
    ) {
        match dep {
            Dependency::Component { id, hard } => {
                // A hard dependency is written (and serialised) as a bare id; a soft one as
                // `{ id, hard: false }`.
                let at = || {
                    if *hard {
                        path.to_string()
                    } else {
                        format!("{path}/id")
                    }
                };
                if Some(id.as_str()) == owner {
                    self.push(
                        Diagnostic::error(Code::SelfDependency, at(), format!("`{id}` depends on itself"))
                            .with_help("remove it; redundancy inside a component is expressed with zones and regions"),
                    );
                } else if !index.contains_key(id.as_str()) {
                    let near = closest(id, index.keys().copied());
                    let mut d = Diagnostic::error(
                        if owner.is_some() {
                            Code::UnknownDependency
                        } else {
                            Code::UnknownEntry
                        },
                        at(),
                        format!("no component has the id `{id}`"),
                    );
                    d = d.with_help(match near {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => "add the component, or fix the id".to_owned(),
                    });
                    self.push(d);
                } else if !seen.insert(id.as_str()) {
                    self.push(
                        Diagnostic::warning(
                            Code::DuplicateDependency,
                            at(),
                            format!("`{id}` is listed twice"),
                        )
                        .with_help("list it once"),
                    );
                }
            }
            Dependency::AnyOf {
                any_of,
                failover,
                shares_percent,
                ..
            } => {
                if let Some(shares) = shares_percent {
                    self.shares(&format!("{path}/shares_percent"), shares, any_of.len());
                }
                if any_of.is_empty() {
                    self.push(
                        Diagnostic::error(
                            Code::EmptyAnyOf,
                            format!("{path}/any_of"),
                            "an `any_of` group lists no alternatives",
                        )
                        .with_help("list at least two"),
                    );
                } else if any_of.len() == 1 {
                    self.push(
                        Diagnostic::warning(
                            Code::SingleAnyOf,
                            format!("{path}/any_of"),
                            "an `any_of` group with one alternative is no redundancy",
                        )
                        .with_help("add the second alternative, or write the id directly"),
                    );
                }
                if let Some(f) = failover {
                    self.failover(
                        &Lazy(|w: &mut fmt::Formatter<'_>| write!(w, "{path}/failover")),
                        f,
                        Via::Client,
                    );
                    if f.fenced.is_some() {
                        self.ignored(
                            format!("{path}/failover/fenced"),
                            "`fenced` on an `any_of` switch: the alternatives keep their own data, nothing is promoted",
                            "move it to the stateful component's own `failover`",
                        );
                    }
                    if f.bring_up_minutes.is_some() && shares_percent.is_some() {
                        self.ignored(
                            format!("{path}/failover/bring_up_minutes"),
                            "`bring_up_minutes` on a group that shares its load: every alternative already serves, none is started",
                            "remove it, or remove `shares_percent` if the later alternatives wait cold",
                        );
                    }
                    if f.on_data_loss.is_some() {
                        self.ignored(
                            format!("{path}/failover/on_data_loss"),
                            "`on_data_loss` on an `any_of` switch: the alternatives keep their own data, nothing is lost by switching",
                            "move it to the stateful component's own `failover`",
                        );
                    }
                }
                let mut inner = BTreeSet::new();
                for (k, alt) in any_of.iter().enumerate() {
                    self.dependency_ref(
                        &Lazy(|f: &mut fmt::Formatter<'_>| write!(f, "{path}/any_of/{k}")),
                        owner,
                        alt,
                        index,
                        &mut inner,
                    );
                }
            }
        }
    }

    /// The checks of a component's `depends_on` and `needs_at_start` references.
    fn references(&mut self, i: usize, c: &Component) {
        let index = &self.indexed.index;
        let deps = Lazy(|f: &mut fmt::Formatter<'_>| write!(f, "/components/{i}/depends_on"));
        self.dependency_refs(&deps, Some(&c.id), &c.depends_on, index);
        let at_start: Vec<Dependency> = c
            .needs_at_start
            .iter()
            .map(|id| Dependency::Component {
                id: id.clone(),
                hard: true,
            })
            .collect();
        let at = Lazy(|f: &mut fmt::Formatter<'_>| write!(f, "/components/{i}/needs_at_start"));
        self.dependency_refs(&at, Some(&c.id), &at_start, index);
    }

    fn dependencies(&mut self) {
        for (i, c) in self.arch.components.iter().enumerate() {
            match Kept::of(self.kept, i, |k| &k.references) {
                Some(kept) => self.out.extend_from_slice(kept),
                None => self.references(i, c),
            }
        }
        for cycle in self.indexed.graph.cycles() {
            if cycle.len() == 1 {
                continue; // reported as self-dependency
            }
            let names: Vec<&str> = cycle
                .iter()
                .map(|&i| self.arch.components[i].id.as_str())
                .collect();
            let shown = format!("{} → {}", names.join(" → "), names[0]);
            // Point at the first edge of the cycle where it is written: in `depends_on`, or
            // in `needs_at_start` when only that list names the next component.
            let first = &self.arch.components[cycle[0]];
            let next = names.get(1).copied().unwrap_or_default();
            let in_deps = first.depends_on.iter().any(|d| d.ids().contains(&next));
            let at = match first.needs_at_start.iter().position(|x| x == next) {
                Some(k) if !in_deps => cpath(cycle[0], &format!("/needs_at_start/{k}")),
                _ => cpath(cycle[0], "/depends_on"),
            };
            self.push(
                Diagnostic::error(Code::DependencyCycle, at, format!("dependency cycle: {shown}"))
                    .with_help("a component cannot need itself through others: remove one of these edges, or split the component"),
            );
        }
    }

    fn journeys(&mut self) {
        let index = &self.indexed.index;
        if self.arch.journeys.is_empty() && !self.arch.components.is_empty() {
            self.push(
                Diagnostic::new(crate::diagnostic::Severity::Info, Code::ImplicitJourneys, "/journeys", "no journeys: each component that nothing depends on is scored as a journey of its own")
                    .with_help("name what users do under `journeys` for a score that means something"),
            );
        }
        let mut names = BTreeMap::new();
        for (j, journey) in self.arch.journeys.iter().enumerate() {
            let path = format!("/journeys/{j}");
            if let Some(bad) = journey.name.chars().find(|&ch| is_hidden_char(ch)) {
                self.push(Diagnostic::error(
                    Code::InvalidJourney,
                    format!("{path}/name"),
                    format!(
                        "journey name {:?} contains the invisible or control character U+{:04X}",
                        journey.name,
                        u32::from(bad)
                    ),
                ));
            }
            if journey.name.trim().is_empty() {
                self.push(Diagnostic::error(
                    Code::InvalidJourney,
                    format!("{path}/name"),
                    "a journey has no name",
                ));
            }
            if let Some(k) = names.insert(journey.name.as_str(), j) {
                self.push(
                    Diagnostic::error(
                        Code::DuplicateJourney,
                        format!("{path}/name"),
                        format!(
                            "journey `{}` is already defined at /journeys/{k}",
                            journey.name
                        ),
                    )
                    .with_help("give every journey its own name"),
                );
            }
            if journey.entry.is_empty() {
                self.push(
                    Diagnostic::error(
                        Code::EmptyJourney,
                        format!("{path}/entry"),
                        format!("journey `{}` has no entry components", journey.name),
                    )
                    .with_help("list the components the journey needs"),
                );
            }
            self.dependency_refs(&format!("{path}/entry"), None, &journey.entry, index);
            self.availability(
                || format!("{path}/target_availability"),
                journey.target_availability,
            );
            self.number(
                || format!("{path}/rto_minutes"),
                journey.rto_minutes,
                0.0,
                1e9,
                "rto_minutes",
            );
            self.number(
                || format!("{path}/rpo_minutes"),
                journey.rpo_minutes,
                0.0,
                1e9,
                "rpo_minutes",
            );
            self.number(
                || format!("{path}/tolerance_minutes"),
                journey.tolerance_minutes,
                0.0,
                1e6,
                "tolerance_minutes",
            );
        }
        // Components no journey reaches.
        if !self.arch.journeys.is_empty() {
            // By the index of the first component with each id (the one a reference
            // names); ids that name no component lead nowhere.
            let mut reached = vec![false; self.arch.components.len()];
            let mut stack: Vec<&str> = self
                .arch
                .journeys
                .iter()
                .flat_map(|j| j.entry.iter().flat_map(Dependency::ids))
                .collect();
            let components = &self.arch.components;
            fn walk<'b>(
                stack: &mut Vec<&'b str>,
                reached: &mut [bool],
                index: &BTreeMap<&str, usize>,
                components: &'b [Component],
            ) {
                while let Some(id) = stack.pop() {
                    if let Some(&i) = index.get(id)
                        && !std::mem::replace(&mut reached[i], true)
                    {
                        let c = &components[i];
                        stack.extend(c.depends_on.iter().flat_map(Dependency::ids));
                        stack.extend(c.needs_at_start.iter().map(String::as_str));
                    }
                }
            }
            walk(&mut stack, &mut reached, index, components);
            // A DNS failover of something reached moves traffic in the declared DNS, so its
            // `dns` components count (as `resolve::reached_components` has it): a component
            // over several regions that fails over by DNS (the default), or an `any_of`
            // group that switches by DNS.
            fn group_by_dns(d: &Dependency) -> bool {
                match d {
                    Dependency::Component { .. } => false,
                    Dependency::AnyOf {
                        any_of, failover, ..
                    } => {
                        failover.as_ref().and_then(|f| f.via) == Some(Via::Dns)
                            || any_of.iter().any(group_by_dns)
                    }
                }
            }
            let by_dns = self
                .arch
                .journeys
                .iter()
                .any(|j| j.entry.iter().any(group_by_dns))
                || self.arch.components.iter().zip(&reached).any(|(c, &seen)| {
                    seen && (c.depends_on.iter().any(group_by_dns)
                        || (c.regions.len() > 1
                            && !matches!(
                                c.topology,
                                Some(Topology::Cells | Topology::SingleRegion)
                            )
                            && c.failover.as_ref().and_then(|f| f.via).unwrap_or(Via::Dns)
                                == Via::Dns))
                });
            // This reads the description before it is resolved, so it cannot call
            // `reached_components`; where the two could differ (a vendor's or a site's
            // `regions`, which resolution replaces), it counts the DNS as reached: a
            // warning missed, never a false one (`unused_component_warnings_name_only_unreached_components`).
            if by_dns {
                stack.extend(
                    components
                        .iter()
                        .filter(|c| c.kind == Kind::Dns)
                        .map(|c| c.id.as_str()),
                );
                walk(&mut stack, &mut reached, index, components);
            }
            // Monitoring that runs on a component counts through it (`monitoring.component`).
            let mut m = self.arch.operations.monitoring.as_ref();
            while let Some(mon) = m {
                if let Some(&i) = mon.component.as_deref().and_then(|id| index.get(id)) {
                    reached[i] = true;
                }
                m = mon.secondary.as_deref();
            }
            for (i, c) in self.arch.components.iter().enumerate() {
                if !reached[i] && index.get(c.id.as_str()) == Some(&i) {
                    self.push(
                        Diagnostic::warning(
                            Code::UnusedComponent,
                            cpath(i, "/id"),
                            format!("no journey needs `{}`, so its failures never count", c.id),
                        )
                        .with_help(
                            "add it to a journey's `entry` or to a `depends_on`, or remove it",
                        ),
                    );
                }
            }
        }
    }

    /// `sites`: each names an own site some component is on (`on-prem:<name>`), once; its
    /// uplinks are plain names (no `/`, not `*`), each once.
    fn sites(&mut self) {
        let used: BTreeSet<&str> = self
            .arch
            .components
            .iter()
            .filter_map(|c| c.provider.strip_prefix("on-prem:"))
            .collect();
        let mut names = BTreeSet::new();
        for (i, site) in self.arch.sites.iter().enumerate() {
            let path = format!("/sites/{i}");
            if !names.insert(site.name.as_str()) {
                self.push(
                    Diagnostic::error(
                        Code::DuplicateId,
                        format!("{path}/name"),
                        format!("site `{}` is described twice", site.name),
                    )
                    .with_help("describe each site once, with all its uplinks"),
                );
                continue;
            }
            if !used.contains(site.name.as_str()) {
                let help = match site.name.strip_prefix("on-prem:") {
                    Some(rest) => format!(
                        "drop the prefix: a site's name is what follows `on-prem:` (`{rest}`)"
                    ),
                    None => match used
                        .iter()
                        .copied()
                        .find(|u| loose(u) == loose(&site.name))
                        .or_else(|| closest(&site.name, used.iter().copied()))
                    {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => "check the spelling against the components' `on-prem:` providers"
                            .to_owned(),
                    },
                };
                self.ignored(
                    format!("{path}/name"),
                    format!(
                        "no component is on site {:?} (`provider: on-prem:<name>`): this entry is not used",
                        site.name
                    ),
                    &help,
                );
            }
            let mut seen = BTreeSet::new();
            for (k, uplink) in site.uplinks.iter().enumerate() {
                if site_part_name_is_bad(uplink) {
                    self.push(
                        Diagnostic::error(
                            Code::InvalidId,
                            format!("{path}/uplinks/{k}"),
                            format!("uplink name {uplink:?} is empty, has `/`, `*`, surrounding spaces or hidden characters"),
                        )
                        .with_help("name each network path out of the site by what fails on its own, e.g. the carrier: `telia`"),
                    );
                } else if !seen.insert(uplink.as_str()) {
                    self.push(
                        Diagnostic::error(
                            Code::DuplicateZone,
                            format!("{path}/uplinks/{k}"),
                            format!("uplink `{uplink}` is listed twice: one path is one uplink"),
                        )
                        .with_help("list each independent path once; two circuits of one carrier, or in one duct, are one uplink"),
                    );
                }
            }
        }
    }

    fn operations(&mut self) {
        let ops = &self.arch.operations;
        let mut m = ops.monitoring.as_ref();
        let mut path = "/operations/monitoring".to_owned();
        while let Some(mon) = m {
            for (r, name) in mon.regions.iter().enumerate() {
                self.domain_part(|| format!("{path}/regions/{r}"), "region", name);
            }
            if let Some(sv) = &mon.service {
                self.domain_part(|| format!("{path}/service"), "service", sv);
            }
            let part = mon
                .provider
                .split_once(':')
                .map_or(mon.provider.as_str(), |(_, rest)| rest);
            if mon.provider.trim().is_empty() {
                self.push(Diagnostic::error(
                    Code::InvalidProvider,
                    format!("{path}/provider"),
                    "the monitoring provider is empty",
                ));
            } else if self.domain_part(|| format!("{path}/provider"), "provider", part)
                && !mon.provider.starts_with("saas:")
                && !mon.provider.starts_with("on-prem:")
                && !self.catalogue.providers.is_empty()
                && self.catalogue.provider(&mon.provider).is_none()
            {
                self.push(
                    Diagnostic::warning(
                        Code::UnknownProvider,
                        format!("{path}/provider"),
                        format!(
                            "monitoring provider `{}` is not in the catalogue",
                            mon.provider
                        ),
                    )
                    .with_help("use a catalogue provider, `saas:<vendor>` or `on-prem:<site>`"),
                );
            }
            if mon.component.is_some() && (!mon.regions.is_empty() || mon.service.is_some()) {
                self.ignored(
                    format!("{path}/component"),
                    "monitoring runs on a component: its `regions` and `service` are not used (the component's own placement decides when it is blind)",
                    "remove `regions` and `service`, or remove `component`",
                );
            }
            if let Some(id) = &mon.component
                && !self.arch.components.iter().any(|c| &c.id == id)
            {
                self.push(
                    Diagnostic::error(
                        Code::UnknownDependency,
                        format!("{path}/component"),
                        format!("monitoring runs on `{id}`, which is not a component"),
                    )
                    .with_help("name the component monitoring runs on (a Prometheus you run), or remove `component`"),
                );
            }
            m = mon.secondary.as_deref();
            path.push_str("/secondary");
        }
        if ops.monitoring.is_none() && self.has_manual_failover() {
            self.push(
                Diagnostic::warning(Code::MonitoringUndeclared, "/operations", "manual failovers (a component in several regions fails over manually unless its `failover.trigger` is `automatic`; an `any_of` group with `trigger: manual`) but no `operations.monitoring`: faultline counts them as not happening, since nobody is known to see the failure")
                    .with_help("say where monitoring runs, e.g. `monitoring: { provider: saas:datadog }` or `{ provider: aws, regions: [us-west-2] }`; declaring it never lowers a score"),
            );
        }
    }

    /// Whether some failover that can happen is triggered by a person: a component in
    /// several regions without an automatic trigger, or an `any_of` group with a manual one.
    fn has_manual_failover(&self) -> bool {
        fn group_manual(d: &Dependency) -> bool {
            match d {
                Dependency::Component { .. } => false,
                Dependency::AnyOf {
                    any_of, failover, ..
                } => {
                    failover
                        .as_ref()
                        .is_some_and(|f| f.trigger == Some(crate::model::Trigger::Manual))
                        || any_of.iter().any(group_manual)
                }
            }
        }
        let components = self.arch.components.iter().any(|c| {
            let multi = c.regions.len() > 1 && c.topology != Some(Topology::SingleRegion);
            multi
                && c.failover
                    .as_ref()
                    .and_then(|f| f.trigger)
                    .unwrap_or(crate::model::Trigger::Manual)
                    == crate::model::Trigger::Manual
        });
        components
            || self
                .arch
                .components
                .iter()
                .flat_map(|c| &c.depends_on)
                .chain(self.arch.journeys.iter().flat_map(|j| &j.entry))
                .any(group_manual)
    }
}

/// Control characters (terminal escapes, NUL), the bidirectional-formatting characters that
/// can make a displayed id read differently from what it is ("Trojan Source"), and the
/// zero-width ones that make two names that look the same differ (U+200B-U+200D, U+2060,
/// U+FEFF).
/// Why a provider, region, zone or service name cannot be a part of a fault domain's id
/// (`region:aws/us-east-1`): empty, or holding `/`, the parts' separator. Such a name
/// makes ids that `simulate` refuses (`zone:aws//a`) or that two different places share
/// (provider `a/b` in region `x`, provider `a` in region `b/x`), and baselines are keyed
/// by finding ids (found by a review).
fn domain_part_problem(name: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
        Some("is empty")
    } else if name.contains('/') {
        Some("contains `/`, which separates the parts of a fault domain's id")
    } else {
        None
    }
}

/// A room, array, feed or uplink name that cannot be a part of a site: empty, with
/// surrounding spaces, `/` (the domain id's separator), the generic part `*`, or hidden
/// characters.
fn site_part_name_is_bad(name: &str) -> bool {
    name.trim().is_empty()
        || name != name.trim()
        || name.contains('/')
        || name == crate::rules::footing::ANY_PART
        || name.chars().any(is_hidden_char)
}

fn is_hidden_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{061C}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// A name as a reader sees it, for "did you mean": lower case, without surrounding spaces
/// or hidden characters.
fn loose(name: &str) -> String {
    name.trim()
        .chars()
        .filter(|&c| !is_hidden_char(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Ids longer than this get no "did you mean" (edit distance is quadratic in length).
const MAX_SUGGESTION_CHARS: usize = 64;

/// The candidate with the smallest edit distance (≤ 2), for "did you mean".
///
/// # Complexity
///
/// O(candidates × 64²) at worst: candidates whose length differs by more than 2 are
/// skipped before any distance is computed, and long ids get no suggestion, so a hostile
/// description with thousands of long unknown ids cannot make validation quadratic in
/// the input size.
fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let n = wanted.chars().count();
    if n > MAX_SUGGESTION_CHARS {
        return None;
    }
    candidates
        .filter(|c| c.len() <= 4 * MAX_SUGGESTION_CHARS && c.chars().count().abs_diff(n) <= 2)
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A number for a message: as written when short, in scientific notation when huge.
fn compact(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e9 {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

#[cfg(all(test, feature = "yaml"))]
mod tests {
    use super::*;
    use crate::engine::Engine;
    use crate::input::Format;

    /// Three AWS components in us-east-1: `a` names its zone, `b` gives an AZ ID, `c`
    /// (the one the copies change) writes `zones: 2`, which faultline names.
    fn text(c_zones: &str, c_extra: &str) -> String {
        format!(
            "version: 1\nname: zones\ncomponents:\n\
             \x20 - {{ id: a, kind: container, provider: aws, service: ecs, regions: [{{ name: us-east-1, zones: [us-east-1a] }}], depends_on: [b, c] }}\n\
             \x20 - {{ id: b, kind: container, provider: aws, service: ecs, regions: [{{ name: us-east-1, zones: [use1-az2] }}] }}\n\
             \x20 - {{ id: c, kind: container, provider: aws, service: ecs, regions: [{{ name: us-east-1, zones: {c_zones} }}]{c_extra} }}\n\
             journeys:\n  - {{ name: use, entry: [a] }}\n"
        )
    }

    /// A copy's zone-naming check, with the zones and forms of its unchanged components
    /// taken from the baseline, gives what checking the copy from nothing gives: the
    /// warnings at the same components, whichever component the copy changed.
    #[test]
    fn kept_zone_forms_warn_as_checking_from_nothing() -> Result<(), crate::Error> {
        let engine = Engine::default();
        let cat = engine.catalogue();
        let arch = |zones: &str, extra: &str| {
            engine
                .parse(&text(zones, extra), Format::Yaml)
                .map(|p| p.architecture)
        };
        let base = arch("2", "")?;
        let checks = OwnChecks::of(&base, cat, &Indexed::new(&base));
        let mixed = |d: &[Diagnostic]| {
            d.iter()
                .filter(|d| d.code == Code::ZoneNamingMixed)
                .map(|d| d.path.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            mixed(&validate_keeping(&base, cat, &Indexed::new(&base), None)),
            ["/components/1/regions/0/zones"]
        );
        for (zones, extra, warned) in [
            // `c` changed elsewhere: its kept forms are not used, the others' are.
            (
                "2",
                ", headroom_percent: 50",
                vec!["/components/1/regions/0/zones"],
            ),
            // `c` now gives AZ IDs too.
            (
                "[use1-az4]",
                "",
                vec![
                    "/components/1/regions/0/zones",
                    "/components/2/regions/0/zones",
                ],
            ),
            // `c` names zones by name: only `b` differs.
            ("[us-east-1b]", "", vec!["/components/1/regions/0/zones"]),
        ] {
            let copy = arch(zones, extra)?;
            let unchanged = crate::engine::unchanged_components(&base, &copy);
            assert_eq!(unchanged, [true, true, false]);
            let indexed = Indexed::new(&copy);
            let kept = Kept {
                checks: &checks,
                unchanged: &unchanged,
            };
            let with = validate_keeping(&copy, cat, &indexed, Some(kept));
            assert_eq!(
                with,
                validate_keeping(&copy, cat, &indexed, None),
                "{zones}"
            );
            assert_eq!(mixed(&with), warned, "{zones}");
        }
        Ok(())
    }

    /// The ids `unused-component` warns about, and those the engine does not play, of a
    /// description that prepares: not reached by `resolve::reached_components`, nor a
    /// component monitoring runs on (whose failure blinds it).
    fn unused_and_unreached(
        arch: &crate::model::Architecture,
    ) -> Result<(BTreeSet<String>, BTreeSet<String>), crate::Error> {
        let p = Engine::default().prepare(arch)?;
        let warned = p
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::UnusedComponent)
            .filter_map(|d| {
                let rest = d.path.strip_prefix("/components/")?;
                let i: usize = rest.split('/').next()?.parse().ok()?;
                p.arch.components.get(i).map(|c| c.id.clone())
            })
            .collect();
        let reached =
            crate::resolve::reached_components(&p.resolved.components, &p.resolved.journeys);
        let mut watching = BTreeSet::new();
        let mut m = p.arch.operations.monitoring.as_ref();
        while let Some(mon) = m {
            watching.extend(mon.component.clone());
            m = mon.secondary.as_deref();
        }
        let unreached = p
            .resolved
            .components
            .iter()
            .zip(reached)
            .filter(|(c, r)| !r && !watching.contains(&*c.id))
            .map(|(c, _)| c.id.to_string())
            .collect();
        Ok((warned, unreached))
    }

    fn parsed(text: &str) -> Result<crate::model::Architecture, crate::Error> {
        Ok(Engine::default().parse(text, Format::Yaml)?.architecture)
    }

    /// A DNS failover of something reached reaches the `dns` components and what they
    /// depend on (a self-hosted DNS server's database), as in the engine; a component
    /// nothing needs is still warned about. Before, the DNS server's own dependencies were
    /// warned about although the engine plays them.
    #[test]
    fn a_dns_failover_reaches_the_dns_and_what_it_depends_on() -> Result<(), crate::Error> {
        let text = |web_regions: &str| {
            format!(
                "version: 1\nname: d\ncomponents:\n\
                 \x20 - {{ id: web, kind: compute, provider: aws, regions: {web_regions} }}\n\
                 \x20 - {{ id: ns, kind: dns, provider: on-prem:dc1, depends_on: [zones-db] }}\n\
                 \x20 - {{ id: zones-db, kind: database, provider: on-prem:dc1 }}\n\
                 \x20 - {{ id: spare, kind: compute, provider: aws, regions: [us-east-1] }}\n\
                 journeys:\n  - {{ name: j, entry: [web] }}\n"
            )
        };
        let set = |ids: &[&str]| ids.iter().map(|s| (*s).to_owned()).collect::<BTreeSet<_>>();
        // Two regions, failing over by DNS (the default): `ns` and `zones-db` are reached.
        let (warned, unreached) = unused_and_unreached(&parsed(&text("[us-east-1, us-west-2]"))?)?;
        assert_eq!(unreached, set(&["spare"]));
        assert_eq!(warned, unreached);
        // One region: no DNS failover, so nothing reaches them.
        let (warned, unreached) = unused_and_unreached(&parsed(&text("[us-east-1]"))?)?;
        assert_eq!(unreached, set(&["ns", "spare", "zones-db"]));
        assert_eq!(warned, unreached);
        Ok(())
    }

    /// `unused-component` never warns about a component the engine plays, on every example
    /// and on each of them with one journey left out; on the examples as written it warns
    /// about exactly the components the engine does not reach.
    #[test]
    fn unused_component_warnings_name_only_unreached_components()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut files: Vec<_> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        files.sort();
        assert!(files.len() >= 10, "{files:?}");
        let (mut variants, mut some_warned) = (0, 0);
        for f in &files {
            let arch = parsed(&std::fs::read_to_string(f)?)?;
            let (warned, unreached) = unused_and_unreached(&arch)?;
            assert_eq!(warned, unreached, "{}", f.display());
            for k in 0..arch.journeys.len() {
                let mut fewer = arch.clone();
                fewer.journeys.remove(k);
                if fewer.journeys.is_empty() {
                    continue;
                }
                let (warned, unreached) = unused_and_unreached(&fewer)?;
                assert!(
                    warned.is_subset(&unreached),
                    "{} without journey {k}: warned {warned:?}, unreached {unreached:?}",
                    f.display()
                );
                some_warned += usize::from(!warned.is_empty());
                variants += 1;
            }
        }
        assert!(
            variants >= 20 && some_warned >= 5,
            "{variants} variants, {some_warned} warned"
        );
        Ok(())
    }
}
