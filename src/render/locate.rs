//! Where a finding is: the line of the description (or of the Terraform plan) it is about,
//! and the Terraform resource addresses behind it, for the reports that point at code
//! (SARIF's regions, the `code:` lines of the text and Markdown reports, JUnit).
//!
//! A finding is about the components of its causal chain, in chain order: the first is
//! where the failure enters the system (the component a fault domain hit), the others
//! what it took down on the way to the journey. A finding whose chain names no component
//! is about its journey. A [`Locator`] turns those names into positions: for a
//! description, the line and column of each component and journey from the parse's
//! [`SourceMap`]; for a Terraform plan or state scored directly, the position of each
//! component's first resource address in the plan's text. It reads nothing but the text
//! and the description it is given (no I/O).
//!
//! ```
//! use faultline::{Engine, Format, render::locate::Locator};
//! let text = "version: 1\nname: demo\ncomponents:\n  - id: web\n    kind: compute\n    provider: aws\n    regions: [us-east-1]\n    origin: [module.app.aws_instance.web]\n";
//! let engine = Engine::default();
//! let doc = engine.parse(text, Format::Yaml)?;
//! let report = engine.prepare(&doc.architecture)?.score();
//! let at = Locator::description(&doc.architecture, &doc.source);
//! // A bad change aimed at `web` lands on the component; a region outage on its regions.
//! let change = report.findings.iter().find(|f| f.pattern == "destructive-operator-action").unwrap();
//! assert_eq!(at.place(change).line, 4);
//! assert_eq!(at.code(change), ["module.app.aws_instance.web"]);
//! let region = report.findings.iter().find(|f| f.domain == "region:aws/us-east-1").unwrap();
//! assert_eq!(at.place(region).line, 7);
//! # Ok::<(), faultline::Error>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};

use crate::input::SourceMap;
use crate::model::Architecture;
use crate::report::StepKind;
use crate::score::Finding;

/// A position in the scanned file, with what is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// The component there, or `None` when the place is a journey (or the file's start).
    pub component: Option<String>,
    /// The journey there, when the place is a journey.
    pub journey: Option<String>,
}

/// Component and journey positions, and each component's resource addresses.
#[derive(Debug, Clone, Default)]
pub struct Locator {
    ids: BTreeSet<String>,
    components: BTreeMap<String, (u32, u32)>,
    /// (component, region name) → the position of that entry of its `regions`.
    regions: BTreeMap<(String, String), (u32, u32)>,
    journeys: BTreeMap<String, (u32, u32)>,
    origin: BTreeMap<String, Vec<String>>,
}

impl Locator {
    /// Positions nowhere: every place is the file's first line; no addresses.
    pub fn none() -> Self {
        Locator::default()
    }

    /// Positions in a description's text: each component at `/components/<i>`, each
    /// journey at `/journeys/<i>` (a journey derived from a root component, at that
    /// component). Addresses from each component's `origin`.
    pub fn description(arch: &Architecture, source: &SourceMap) -> Self {
        let mut at = Locator::from_origins(arch);
        for (i, c) in arch.components.iter().enumerate() {
            if let Some(p) = source.position(&format!("/components/{i}")) {
                at.components.entry(c.id.clone()).or_insert(p);
            }
            for (k, r) in c.regions.iter().enumerate() {
                let pointer = format!("/components/{i}/regions/{k}");
                if let Some(p) = source.position(&pointer)
                    && p != source
                        .position(&format!("/components/{i}"))
                        .unwrap_or((0, 0))
                {
                    at.regions
                        .entry((c.id.clone(), r.name.clone()))
                        .or_insert(p);
                }
            }
        }
        for (i, j) in arch.journeys.iter().enumerate() {
            if let Some(p) = source.position(&format!("/journeys/{i}")) {
                at.journeys.entry(j.name.clone()).or_insert(p);
            }
        }
        at
    }

    /// Positions in a Terraform plan or state (`terraform show -json` output) that `arch`
    /// was imported from: each component at the first `"address": "<its first origin>"`
    /// in the text. Journeys have no position of their own (the file's start).
    pub fn terraform(arch: &Architecture, plan_text: &str) -> Self {
        let mut at = Locator::from_origins(arch);
        let lines = LineIndex::new(plan_text);
        for c in &arch.components {
            let found = c
                .origin
                .iter()
                .find_map(|address| find_address(plan_text, address));
            if let Some(offset) = found {
                at.components
                    .entry(c.id.clone())
                    .or_insert_with(|| lines.position(plan_text, offset));
            }
        }
        at
    }

    fn from_origins(arch: &Architecture) -> Self {
        Locator {
            ids: arch.components.iter().map(|c| c.id.clone()).collect(),
            origin: arch
                .components
                .iter()
                .filter(|c| !c.origin.is_empty())
                .map(|c| (c.id.clone(), c.origin.clone()))
                .collect(),
            ..Locator::default()
        }
    }

    /// True when some component names resource addresses (the text and Markdown reports
    /// then show `code:` lines).
    pub fn has_code(&self) -> bool {
        !self.origin.is_empty()
    }

    /// The components of a finding's causal chain that this description has, in chain
    /// order, each once: where the failure enters first.
    pub fn components<'f>(&self, f: &'f Finding) -> Vec<&'f str> {
        let mut out: Vec<&str> = Vec::new();
        for s in &f.chain {
            if s.kind == StepKind::DomainFailed {
                continue;
            }
            if self.ids.contains(&s.subject) && !out.contains(&s.subject.as_str()) {
                out.push(&s.subject);
            }
        }
        out
    }

    /// Where a finding points: its first located component (at the entry of its `regions`
    /// that the failed zone or region is in, when the finding's domain names one: the line
    /// a change of placement edits), else its journey, else the file's first line.
    pub fn place(&self, f: &Finding) -> Place {
        let first = self.places(f).into_iter().next();
        if let Some(mut p) = first.clone()
            && let Some(c) = &p.component
            && let Some(region) = region_of(&f.domain)
            && let Some(&(line, column)) = self.regions.get(&(c.clone(), region.to_owned()))
        {
            p.line = line;
            p.column = column;
            return p;
        }
        first.unwrap_or_else(|| {
            let (line, column) = self.journeys.get(&f.journey).copied().unwrap_or((1, 1));
            Place {
                line,
                column,
                component: None,
                journey: Some(f.journey.clone()),
            }
        })
    }

    /// Every located component of a finding's chain, in chain order.
    pub fn places(&self, f: &Finding) -> Vec<Place> {
        self.components(f)
            .into_iter()
            .filter_map(|c| {
                self.components.get(c).map(|&(line, column)| Place {
                    line,
                    column,
                    component: Some(c.to_owned()),
                    journey: None,
                })
            })
            .collect()
    }

    /// The resource addresses of a finding's components, in chain order, each once:
    /// what a user edits to change the finding.
    pub fn code(&self, f: &Finding) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for c in self.components(f) {
            for a in self.origin.get(c).map(Vec::as_slice).unwrap_or(&[]) {
                if !out.contains(&a.as_str()) {
                    out.push(a);
                }
            }
        }
        out
    }

    /// The resource addresses of the components among `subjects` (a causal chain's
    /// subjects, as a saved report or a diff has them), in order, each once.
    pub fn code_of_chain<'s>(&self, subjects: impl IntoIterator<Item = &'s str>) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for s in subjects {
            for a in self.origin.get(s).map(Vec::as_slice).unwrap_or(&[]) {
                if !out.contains(&a.as_str()) {
                    out.push(a);
                }
            }
        }
        out
    }

    /// The resource addresses of one component.
    pub fn origin_of(&self, component: &str) -> &[String] {
        self.origin.get(component).map_or(&[], Vec::as_slice)
    }
}

/// The region a fault domain id names: `zone:aws/us-east-1/use1-az4` → `us-east-1`
/// (also `region:`, `control:` and `service:` domains; not `control:aws/global`).
fn region_of(domain: &str) -> Option<&str> {
    let (class, rest) = domain.split_once(':')?;
    if !matches!(class, "zone" | "region" | "control" | "service") {
        return None;
    }
    let region = rest.split('/').nth(1)?;
    (region != "global").then_some(region)
}

/// The byte offset of `"address": "<address>"` (any whitespace around the colon) in a
/// JSON text.
fn find_address(text: &str, address: &str) -> Option<usize> {
    let quoted = serde_json::to_string(address).ok()?;
    let mut from = 0;
    while let Some(i) = text.get(from..)?.find("\"address\"") {
        let key = from + i;
        let rest = text.get(key + "\"address\"".len()..)?;
        let after_colon = rest.trim_start().strip_prefix(':').map(str::trim_start);
        if after_colon.is_some_and(|v| v.starts_with(&quoted)) {
            return Some(key);
        }
        from = key + 1;
    }
    None
}

/// Line starts of a text, for offset → (line, column) in characters.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn position(&self, text: &str, offset: usize) -> (u32, u32) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_found_with_any_spacing_and_escaped_keys() {
        let text = "{\"a\":1,\n  \"address\" :  \"aws_instance.web[\\\"x\\\"]\"}";
        let at = find_address(text, "aws_instance.web[\"x\"]").expect("found");
        let lines = LineIndex::new(text);
        assert_eq!(lines.position(text, at), (2, 3));
        assert_eq!(find_address(text, "aws_instance.web"), None);
        assert_eq!(find_address("{\"address\": 1}", "x"), None);
    }

    #[test]
    fn regions_of_domains() {
        assert_eq!(region_of("zone:aws/us-east-1/use1-az4"), Some("us-east-1"));
        assert_eq!(
            region_of("service:aws/eu-west-1/dynamodb"),
            Some("eu-west-1")
        );
        assert_eq!(region_of("control:aws/global"), None);
        assert_eq!(region_of("dns:aws"), None);
        assert_eq!(region_of("saas:stripe"), None);
    }
}
