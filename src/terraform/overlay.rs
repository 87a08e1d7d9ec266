//! The overlay: what Terraform cannot know, keyed by resource address.
//!
//! Like Infracost's usage file, an overlay sits next to the Terraform code and names
//! resources by address (`aws_lb.web`, `module.app.aws_autoscaling_group.web`,
//! `aws_instance.web[0]`, or `aws_instance.web[*]` for every instance). It says what a plan
//! cannot: the journeys users take and their entry points, targets and criticality,
//! failover triggers and detection times, standby temperature, headroom, monitoring,
//! change practice, better component ids, components Terraform does not manage (a payment
//! provider), and the region of providers configured outside Terraform.
//!
//! ```yaml
//! version: 1
//! name: shop
//! targets: { availability: 99.95, rto_minutes: 60 }
//! resources:
//!   aws_lb.web: { id: lb, failover: { detect_minutes: 1 } }
//!   module.dr.aws_autoscaling_group.web: { standby: pilot-light }
//! components:
//!   - { id: payments, kind: third-party-api, provider: saas:stripe }
//! journeys:
//!   - name: checkout
//!     entry: [aws_route53_record.www, payments]
//!     criticality: critical
//! operations:
//!   monitoring: { provider: saas:datadog }
//! ```

use crate::sort::Stable;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::build::{Draft, tidy_notes};
use super::error::{fail, in_overlay, locate, overlay as overlay_error};
use super::{Imported, Note, Source};
use crate::diagnostic::{Code, escape_pointer_token};
use crate::error::Error;
use crate::input::{Format, ReadError, YamlBudget, index_positions, read};
use crate::limits::{Limits, over_limit};
use crate::model::{
    Architecture, Component, DataSpec, Dependency, Endpoints, FORMAT_VERSION, Failover, Journey,
    Kind, Operations, Placement, Rollout, Standby, Targets, Topology,
};
use crate::parse::reading_limit_error;

/// An overlay file (`version: 1`). Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    /// Overlay format version. Only `1` exists. Default: 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// The system's name. Default: `terraform`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Free text shown in reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Availability and recovery targets for every journey.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<Targets>,
    /// The region to assume, per provider (`aws`, `gcp`, `azure`), for resources whose
    /// region neither they nor their provider configuration say (set by environment
    /// variables, for instance).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub default_regions: BTreeMap<String, String>,
    /// Settings per resource, keyed by resource address (`aws_lb.web`,
    /// `module.app.aws_instance.web[0]`, `aws_instance.web[*]`) or by component id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resources: BTreeMap<String, ResourceOverlay>,
    /// Components Terraform does not manage (a SaaS API, another provider's CDN), in the
    /// description's own format. Their `depends_on` may name resource addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Component>,
    /// The journeys, replacing the proposed ones. Entries name component ids or resource
    /// addresses; a DNS record's address stands for the DNS zone and what the record
    /// points at.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub journeys: Vec<Journey>,
    /// How the system is watched and changed (replaces what the import derived).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operations: Option<Operations>,
}

/// What the overlay says about one resource's component. Fields given replace the
/// imported ones (`failover` and `data` field by field); `depends_on` adds dependencies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ResourceOverlay {
    /// A new component id (references to the old one follow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `true` leaves the component out of the description (and out of every dependency
    /// and journey).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclude: bool,
    /// Free text shown in reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Another kind than the importer's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// Another service than the importer's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Regions and zones, replacing the imported ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<Placement>>,
    /// How its regions relate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topology: Option<Topology>,
    /// How ready the passive region is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standby: Option<Standby>,
    /// Failover trigger, mechanism and times (merged into the imported ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failover: Option<Failover>,
    /// Spare capacity in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headroom_percent: Option<f64>,
    /// Running instances per region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u32>,
    /// Fleet software on its hosts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agents: Vec<String>,
    /// How deploys reach its regions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollout: Option<Rollout>,
    /// Regional or global provider endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoints: Option<Endpoints>,
    /// Dependencies to add (component ids or resource addresses).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<Dependency>,
    /// Durable data settings (merged into the imported ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<DataSpec>,
}

/// Parses an overlay from YAML (with the `yaml` feature) or JSON, within the default
/// [`Limits`] (those of a description: bytes, nesting, YAML aliases and values).
/// [`crate::Engine::import_terraform`] reads the overlay within the engine's limits instead.
///
/// # Errors
///
/// A [`crate::Error`] about the overlay (its message starts with `overlay:`): code
/// `overlay-syntax` for text that is not YAML or JSON (with line and column), `overlay`
/// for a field that does not exist or has the wrong type (with its JSON pointer, line and
/// column) or a version other than 1, or the code of the limit it is over.
///
/// ```
/// use faultline::Format;
/// let o = faultline::terraform::parse_overlay("{\"name\": \"shop\"}", Format::Json).unwrap();
/// assert_eq!(o.name.as_deref(), Some("shop"));
/// let e = faultline::terraform::parse_overlay("{\"nmae\": \"shop\"}", Format::Json).unwrap_err();
/// assert_eq!(e.code().as_str(), "overlay");
/// assert!(e.message().starts_with("overlay: unknown field `nmae`"));
/// assert_eq!(e.diagnostics()[0].path, "/nmae");
/// ```
pub fn parse_overlay(text: &str, format: Format) -> Result<Overlay, Error> {
    parse_overlay_within(text, format, &Limits::default())
}

/// [`parse_overlay`] within `limits`.
pub(crate) fn parse_overlay_within(
    text: &str,
    format: Format,
    limits: &Limits,
) -> Result<Overlay, Error> {
    if text.len() > limits.max_input_bytes {
        let d = over_limit(
            Code::InputTooLarge,
            "",
            "the overlay is too large (bytes)",
            text.len(),
            limits.max_input_bytes,
            "max_input_bytes",
        );
        return Err(Error::import(in_overlay(d), true));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let blank = text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    });
    if blank {
        return Ok(Overlay::default());
    }
    let budget = YamlBudget {
        max_depth: limits.max_depth,
        max_nodes: limits.max_yaml_nodes,
        max_alias_expansions: limits.max_alias_expansions,
    };
    let overlay: Overlay = read(text, format, Some(budget)).map_err(|e| read_error(e, limits))?;
    if let Some(v) = overlay.version
        && v != FORMAT_VERSION
    {
        let d = overlay_error(
            Code::Overlay,
            "/version",
            format!("overlay version {v} is not supported"),
        )
        .with_help("this faultline reads overlay `version: 1`");
        return Err(locate(fail(d), &index_positions(text, limits.max_depth)));
    }
    Ok(overlay)
}

/// A reading failure as the overlay's error: a YAML limit it hit, a syntax error, or a
/// field of the wrong shape.
fn read_error(e: ReadError, limits: &Limits) -> Error {
    if let Some(d) = e.breach.as_ref().map(|b| reading_limit_error(b, limits)) {
        let mut d = in_overlay(d);
        d.line = e.line;
        d.column = e.column;
        return Error::import(d, true);
    }
    let (code, help) = if !e.syntax {
        (
            Code::Overlay,
            "docs/terraform.md describes the overlay's fields",
        )
    } else if cfg!(feature = "yaml") || e.line.is_some() {
        (Code::OverlaySyntax, "fix the syntax at the position shown")
    } else {
        (
            Code::OverlaySyntax,
            "write the overlay as JSON, or use a build with the `yaml` feature",
        )
    };
    let mut d = overlay_error(code, e.pointer, e.message).with_help(help);
    d.line = e.line;
    d.column = e.column;
    Error::import(d, e.syntax)
}

/// Where an overlay reference points.
enum Found {
    Component(usize),
    Record,
}

struct Resolver<'d> {
    draft: &'d Draft,
    ids: BTreeMap<String, usize>,
}

impl Resolver<'_> {
    /// A resource address (exact, config-level, or with `[*]`) or a component id.
    fn find(&self, key: &str) -> Option<Found> {
        if self.draft.record_entries.contains_key(key) {
            return Some(Found::Record);
        }
        if let Some(&i) = self.draft.by_address.get(key) {
            return Some(Found::Component(i));
        }
        let stripped = key.replace("[*]", "");
        if stripped != key {
            if self.draft.record_entries.contains_key(&stripped) {
                return Some(Found::Record);
            }
            if let Some(&i) = self.draft.by_address.get(&stripped) {
                return Some(Found::Component(i));
            }
        }
        self.ids.get(key).copied().map(Found::Component)
    }
}

/// Applies the overlay to the draft and assembles the result.
pub(crate) fn apply(
    draft: Draft,
    overlay: Option<&Overlay>,
    source: Source,
) -> Result<Imported, Error> {
    let empty = Overlay::default();
    let o = overlay.unwrap_or(&empty);
    let mut notes: Vec<Note> = draft.notes.clone();
    let mut components = draft.components.clone();
    let resolver = Resolver {
        draft: &draft,
        ids: components
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect(),
    };
    // Resource settings.
    let mut excluded: BTreeSet<usize> = BTreeSet::new();
    let mut renames: BTreeMap<usize, (String, String)> = BTreeMap::new();
    let mut added_deps: Vec<(usize, String, &Dependency)> = Vec::new();
    for (key, r) in &o.resources {
        let at = format!("/resources/{}", escape_pointer_token(key));
        let i = match resolver.find(key) {
            Some(Found::Component(i)) => i,
            Some(Found::Record) => match draft.by_address.get(key) {
                Some(&i) => i,
                None => {
                    return Err(fail(overlay_error(
                        Code::OverlayReference,
                        at,
                        format!(
                            "`{key}` is a DNS record of a zone the plan does not manage: name the record's target instead"
                        ),
                    )));
                }
            },
            None => {
                return Err(fail(overlay_error(
                    Code::OverlayReference,
                    at,
                    format!("`{key}` is neither a resource address in the plan nor a component id"),
                )
                .with_help(format!(
                    "check the address (e.g. `module.app.aws_lb.web`, `aws_instance.web[*]`); the component ids are: {}",
                    components.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ")
                ))));
            }
        };
        let Some(c) = components.get_mut(i) else {
            continue;
        };
        if r.exclude {
            excluded.insert(i);
            continue;
        }
        if let Some(id) = &r.id {
            if id.trim().is_empty() {
                return Err(fail(overlay_error(
                    Code::Overlay,
                    format!("{at}/id"),
                    "a component id cannot be empty",
                )));
            }
            if let Some((prev, _)) = renames.get(&i)
                && prev != id
            {
                return Err(fail(overlay_error(
                    Code::OverlayReference,
                    format!("{at}/id"),
                    format!("`{}` is renamed twice (to `{prev}` and to `{id}`)", c.id),
                )));
            }
            renames.insert(i, (id.clone(), at.clone()));
        }
        apply_fields(c, r);
        for (k, d) in r.depends_on.iter().enumerate() {
            added_deps.push((i, format!("{at}/depends_on/{k}"), d));
        }
    }
    // Renames: check the new ids are unique, then rewrite every reference.
    let mut final_ids: BTreeMap<String, usize> = BTreeMap::new();
    for (i, c) in components.iter().enumerate() {
        if excluded.contains(&i) {
            continue;
        }
        let id = renames.get(&i).map_or(c.id.clone(), |(n, _)| n.clone());
        if let Some(&j) = final_ids.get(&id) {
            let at = renames
                .get(&i)
                .or_else(|| renames.get(&j))
                .map(|(_, at)| format!("{at}/id"))
                .unwrap_or_default();
            return Err(fail(
                overlay_error(
                    Code::OverlayReference,
                    at,
                    format!("two components would have the id `{id}`"),
                )
                .with_help("give each component its own id"),
            ));
        }
        final_ids.insert(id, i);
    }
    let mut map: BTreeMap<String, Option<String>> = BTreeMap::new();
    for (i, c) in components.iter().enumerate() {
        if excluded.contains(&i) {
            map.insert(c.id.clone(), None);
        } else if let Some((new, _)) = renames.get(&i) {
            map.insert(c.id.clone(), Some(new.clone()));
        }
    }
    for (i, (new, _)) in &renames {
        if let Some(c) = components.get_mut(*i) {
            c.id = new.clone();
        }
    }
    for c in &mut components {
        c.depends_on = rewrite_all(std::mem::take(&mut c.depends_on), &map);
    }
    let mut journeys: Vec<Journey> = draft.journeys.clone();
    for j in &mut journeys {
        j.entry = rewrite_all(std::mem::take(&mut j.entry), &map);
    }
    journeys.retain(|j| !j.entry.is_empty());
    let record_entries: BTreeMap<String, Vec<Dependency>> = draft
        .record_entries
        .iter()
        .map(|(k, v)| (k.clone(), rewrite_all(v.clone(), &map)))
        .collect();
    for &i in &excluded {
        if let Some(c) = components.get(i) {
            notes.push(Note {
                code: "excluded".into(),
                addresses: c.origin.clone(),
                message: format!(
                    "`{}` left out by the overlay (and from every dependency and journey)",
                    c.id
                ),
            });
        }
    }
    // Id and address resolution after renames.
    let live: Vec<usize> = (0..components.len())
        .filter(|i| !excluded.contains(i))
        .collect();
    let id_of = |i: usize, comps: &[Component]| comps.get(i).map(|c| c.id.clone());
    let resolve_id = |name: &str, comps: &[Component]| -> Option<String> {
        if comps
            .iter()
            .enumerate()
            .any(|(i, c)| c.id == name && !excluded.contains(&i))
        {
            return Some(name.to_owned());
        }
        if let Some(&i) = draft
            .by_address
            .get(name)
            .or_else(|| draft.by_address.get(&name.replace("[*]", "")))
        {
            return (!excluded.contains(&i)).then(|| id_of(i, comps)).flatten();
        }
        None
    };
    // Extra components.
    let mut extra: Vec<Component> = Vec::new();
    for (k, c) in o.components.iter().enumerate() {
        let at = format!("/components/{k}");
        if components
            .iter()
            .enumerate()
            .any(|(i, x)| x.id == c.id && !excluded.contains(&i))
            || extra.iter().any(|x| x.id == c.id)
        {
            return Err(fail(
                overlay_error(
                    Code::OverlayReference,
                    format!("{at}/id"),
                    format!(
                        "the component id `{}` is already used by an imported component",
                        c.id
                    ),
                )
                .with_help("choose another id, or rename the imported component under `resources`"),
            ));
        }
        extra.push(c.clone());
    }
    let extra_ids: BTreeSet<String> = extra.iter().map(|c| c.id.clone()).collect();
    let resolve_any = |name: &str, comps: &[Component]| -> Option<String> {
        if extra_ids.contains(name) {
            return Some(name.to_owned());
        }
        resolve_id(name, comps)
    };
    // Dependencies added by the overlay, and those of extra components.
    for (i, at, d) in added_deps {
        let dep = resolve_dep(d, &at, &|n| resolve_any(n, &components))?;
        if let Some(c) = components.get_mut(i) {
            if dep.ids().contains(&c.id.as_str()) {
                return Err(fail(overlay_error(
                    Code::OverlayReference,
                    at,
                    format!("`{}` cannot depend on itself", c.id),
                )));
            }
            if !c.depends_on.contains(&dep) {
                c.depends_on.push(dep);
            }
        }
    }
    for (k, c) in extra.iter_mut().enumerate() {
        let mut deps = Vec::new();
        for (m, d) in c.depends_on.iter().enumerate() {
            deps.push(resolve_dep(
                d,
                &format!("/components/{k}/depends_on/{m}"),
                &|n| resolve_any(n, &components),
            )?);
        }
        c.depends_on = deps;
    }
    // Journeys: the overlay's replace the proposed ones.
    if !o.journeys.is_empty() {
        notes.retain(|n| n.code != "journeys-guessed");
        let mut out = Vec::new();
        for (k, j) in o.journeys.iter().enumerate() {
            let mut entry: Vec<Dependency> = Vec::new();
            for (m, d) in j.entry.iter().enumerate() {
                let at = format!("/journeys/{k}/entry/{m}");
                match d {
                    Dependency::Component { id, hard } => {
                        // A DNS record stands for its zone and what it points at.
                        if let Some(entries) = record_entries
                            .get(id.as_str())
                            .or_else(|| record_entries.get(&id.replace("[*]", "")))
                        {
                            for e in entries {
                                push_unique(&mut entry, soften(e.clone(), *hard));
                            }
                        } else if let Some(resolved) = resolve_any(id, &components) {
                            push_unique(
                                &mut entry,
                                Dependency::Component {
                                    id: resolved,
                                    hard: *hard,
                                },
                            );
                        } else {
                            return Err(unknown_reference(&at, id));
                        }
                    }
                    Dependency::AnyOf { .. } => {
                        let dep = resolve_dep(d, &at, &|n| {
                            resolve_any(n, &components).or_else(|| {
                                record_entries.get(n).and_then(|e| match e.as_slice() {
                                    [_, Dependency::Component { id, .. }] => Some(id.clone()),
                                    _ => None,
                                })
                            })
                        })?;
                        push_unique(&mut entry, dep);
                    }
                }
            }
            let mut j = j.clone();
            j.entry = entry;
            out.push(j);
        }
        journeys = out;
    }
    let mut all: Vec<Component> = live
        .iter()
        .filter_map(|&i| components.get(i).cloned())
        .collect();
    all.extend(extra);
    // Operations: the overlay's fields win over what the import derived.
    let mut operations = Operations {
        monitoring: draft.monitoring.clone(),
        ..Operations::default()
    };
    if let Some(ops) = &o.operations {
        if ops.monitoring.is_some() {
            operations.monitoring = ops.monitoring.clone();
            notes.retain(|n| n.code != "monitoring-guessed");
        }
        operations.changes = ops.changes.clone();
    }
    let architecture = Architecture {
        version: FORMAT_VERSION,
        name: o.name.clone().unwrap_or_else(|| "terraform".to_owned()),
        description: o.description.clone().or_else(|| {
            Some(format!(
                "Imported from a Terraform {} (format {}).",
                source.kind, source.format_version
            ))
        }),
        targets: o.targets.clone().unwrap_or_default(),
        components: all,
        journeys,
        operations,
        sites: Vec::new(),
    };
    tidy_notes(&mut notes);
    let mut unknowns = draft.unknowns.clone();
    unknowns.stable_sort();
    unknowns.dedup();
    let mut unsupported = draft.unsupported.clone();
    unsupported.stable_sort();
    let mut folded = draft.folded.clone();
    folded.stable_sort();
    Ok(Imported {
        architecture,
        source,
        notes,
        unknowns,
        unsupported,
        folded,
    })
}

fn unknown_reference(at: &str, name: &str) -> Error {
    fail(overlay_error(
        Code::OverlayReference,
        at,
        format!("`{name}` is neither a component id nor a resource address in the plan"),
    )
    .with_help("name a component id (after renames), an overlay component, or a resource address such as `aws_route53_record.www`"))
}

fn push_unique(entry: &mut Vec<Dependency>, d: Dependency) {
    if !entry.contains(&d) {
        entry.push(d);
    }
}

fn soften(d: Dependency, hard: bool) -> Dependency {
    if hard {
        return d;
    }
    match d {
        Dependency::Component { id, .. } => Dependency::Component { id, hard: false },
        Dependency::AnyOf {
            any_of,
            failover,
            shares_percent,
            ..
        } => Dependency::AnyOf {
            any_of,
            failover,
            hard: false,
            shares_percent,
        },
    }
}

/// Resolves the names in a dependency written in the overlay.
fn resolve_dep(
    d: &Dependency,
    at: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> Result<Dependency, Error> {
    match d {
        Dependency::Component { id, hard } => match resolve(id) {
            Some(resolved) => Ok(Dependency::Component {
                id: resolved,
                hard: *hard,
            }),
            None => Err(unknown_reference(at, id)),
        },
        Dependency::AnyOf {
            any_of,
            failover,
            hard,
            shares_percent,
        } => {
            let mut alts = Vec::new();
            for (k, a) in any_of.iter().enumerate() {
                alts.push(resolve_dep(a, &format!("{at}/any_of/{k}"), resolve)?);
            }
            Ok(Dependency::AnyOf {
                any_of: alts,
                failover: failover.clone(),
                hard: *hard,
                shares_percent: shares_percent.clone(),
            })
        }
    }
}

/// Rewrites ids (renamed, or removed when `None`) in dependencies; an `any_of` left with
/// one alternative becomes that alternative.
fn rewrite_all(deps: Vec<Dependency>, map: &BTreeMap<String, Option<String>>) -> Vec<Dependency> {
    let mut out = Vec::new();
    for d in deps {
        if let Some(d) = rewrite(d, map)
            && !out.contains(&d)
        {
            out.push(d);
        }
    }
    out
}

fn rewrite(d: Dependency, map: &BTreeMap<String, Option<String>>) -> Option<Dependency> {
    match d {
        Dependency::Component { id, hard } => match map.get(&id) {
            Some(None) => None,
            Some(Some(new)) => Some(Dependency::Component {
                id: new.clone(),
                hard,
            }),
            None => Some(Dependency::Component { id, hard }),
        },
        Dependency::AnyOf {
            any_of,
            failover,
            hard,
            shares_percent,
        } => {
            let aligned = shares_percent.filter(|s| s.len() == any_of.len());
            let mut alts = Vec::new();
            let mut kept = Vec::new();
            for (k, a) in any_of.into_iter().enumerate() {
                if let Some(a) = rewrite(a, map) {
                    alts.push(a);
                    kept.push(aligned.as_ref().map_or(0.0, |s| s[k]));
                }
            }
            // The alternatives left split the load in the same ratio as written.
            let total: f64 = kept.iter().sum();
            let shares_percent = (aligned.is_some() && total > 0.0)
                .then(|| kept.iter().map(|x| x * 100.0 / total).collect());
            match alts.len() {
                0 => None,
                1 => alts.into_iter().next().map(|a| soften(a, hard)),
                _ => Some(Dependency::AnyOf {
                    any_of: alts,
                    failover,
                    hard,
                    shares_percent,
                }),
            }
        }
    }
}

fn apply_fields(c: &mut Component, r: &ResourceOverlay) {
    if let Some(v) = &r.description {
        c.description = Some(v.clone());
    }
    if let Some(v) = r.kind {
        c.kind = v;
        if !v.is_stateful() {
            c.data = None;
        }
    }
    if let Some(v) = &r.service {
        c.service = Some(v.clone());
    }
    if let Some(v) = &r.regions {
        c.regions = v.clone();
    }
    if let Some(v) = r.topology {
        c.topology = Some(v);
        if v != Topology::ActivePassive {
            c.standby = None;
        }
    }
    if let Some(v) = r.standby {
        c.standby = Some(v);
    }
    if let Some(f) = &r.failover {
        let base = c.failover.get_or_insert_with(Failover::default);
        if f.trigger.is_some() {
            base.trigger = f.trigger;
        }
        if f.via.is_some() {
            base.via = f.via;
        }
        if f.detect_minutes.is_some() {
            base.detect_minutes = f.detect_minutes;
        }
        if f.switch_minutes.is_some() {
            base.switch_minutes = f.switch_minutes;
        }
        if f.needs_control_plane.is_some() {
            base.needs_control_plane = f.needs_control_plane;
        }
    }
    if let Some(v) = r.headroom_percent {
        c.headroom_percent = Some(v);
    }
    if let Some(v) = r.replicas {
        c.replicas = Some(v);
    }
    if !r.agents.is_empty() {
        c.agents = r.agents.clone();
    }
    if let Some(v) = r.rollout {
        c.rollout = Some(v);
    }
    if let Some(v) = r.endpoints {
        c.endpoints = Some(v);
    }
    if let Some(d) = &r.data {
        let base = c.data.get_or_insert_with(DataSpec::default);
        if d.replication.is_some() {
            base.replication = d.replication;
        }
        if d.replication_lag_minutes.is_some() {
            base.replication_lag_minutes = d.replication_lag_minutes;
        }
        if d.backups.is_some() {
            base.backups = d.backups;
        }
        if d.backup_interval_minutes.is_some() {
            base.backup_interval_minutes = d.backup_interval_minutes;
        }
        if d.restore_minutes.is_some() {
            base.restore_minutes = d.restore_minutes;
        }
    }
}
