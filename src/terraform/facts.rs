//! Reading facts from resource instances: known and unknown attribute values, regions
//! (from the resource itself or its provider configuration) and zones (from the resource,
//! or from the subnets it names).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::address::{key_text, parent_module};
use super::doc::{Doc, Instance};
use super::refs::{Resolver, attr_refs};
use super::{Note, Unknown};

/// Values found at a path, and whether part of it is known only after apply.
#[derive(Debug, Default)]
pub(crate) struct Found<'a> {
    pub values: Vec<&'a Value>,
    pub unknown: bool,
}

impl<'a> Found<'a> {
    /// The first value, if it is a string.
    pub(crate) fn str(&self) -> Option<&'a str> {
        self.values.iter().find_map(|v| v.as_str())
    }
    /// The first value, if it is a boolean.
    pub(crate) fn bool(&self) -> Option<bool> {
        self.values.iter().find_map(|v| v.as_bool())
    }
    /// The first value as a whole number (negative and fractional values are ignored).
    pub(crate) fn u64(&self) -> Option<u64> {
        self.values.iter().find_map(|v| as_u64(v))
    }
    /// Every string, with lists flattened.
    pub(crate) fn strings(&self) -> Vec<&'a str> {
        let mut out = Vec::new();
        for v in &self.values {
            match v {
                Value::String(s) if !s.is_empty() => out.push(s.as_str()),
                Value::Array(items) => out.extend(
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .filter(|s| !s.is_empty()),
                ),
                _ => {}
            }
        }
        out
    }
}

/// A whole number from JSON: integers, integral floats and numeric strings ("3"), as
/// Terraform writes some numbers as strings.
pub(crate) fn as_u64(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && *f >= 0.0 && f.fract() == 0.0 && *f < 1e15)
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    }
}

fn any_true(u: &Value) -> bool {
    match u {
        Value::Bool(b) => *b,
        Value::Array(a) => a.iter().any(any_true),
        Value::Object(m) => m.values().any(any_true),
        _ => false,
    }
}

fn walk<'a>(
    v: Option<&'a Value>,
    u: Option<&'a Value>,
    parts: &[&str],
    out: &mut Found<'a>,
    depth: usize,
) {
    if depth > 16 {
        return;
    }
    if matches!(u, Some(Value::Bool(true))) {
        out.unknown = true;
        return;
    }
    let Some((first, rest)) = parts.split_first() else {
        if let Some(v) = v
            && !v.is_null()
        {
            out.values.push(v);
        }
        if u.is_some_and(any_true) {
            out.unknown = true;
        }
        return;
    };
    match v {
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let ui = u.and_then(|u| u.as_array()).and_then(|a| a.get(i));
                walk(Some(item), ui, parts, out, depth + 1);
            }
        }
        Some(Value::Object(m)) => {
            walk(
                m.get(*first),
                u.and_then(|u| u.get(*first)),
                rest,
                out,
                depth + 1,
            );
        }
        _ => match u {
            Some(Value::Array(us)) => {
                for ui in us {
                    walk(None, Some(ui), parts, out, depth + 1);
                }
            }
            Some(Value::Object(um)) => walk(None, um.get(*first), rest, out, depth + 1),
            _ => {}
        },
    }
}

/// The values at a dotted path, descending through lists of blocks.
pub(crate) fn get<'a>(inst: &Instance<'a>, path: &str) -> Found<'a> {
    let parts: Vec<&str> = path.split('.').collect();
    let mut out = Found::default();
    let (Some(first), rest) = (parts.first(), parts.get(1..).unwrap_or(&[])) else {
        return out;
    };
    walk(
        inst.values.and_then(|m| m.get(*first)),
        inst.unknown.and_then(|u| u.get(*first)),
        rest,
        &mut out,
        0,
    );
    out
}

/// A zone set: zones known by name, plus zones assumed distinct whose names are unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ZoneSet {
    pub named: BTreeSet<String>,
    pub unnamed: u64,
}

impl ZoneSet {
    pub(crate) fn count(&self) -> u64 {
        (self.named.len() as u64).saturating_add(self.unnamed)
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.count() == 0
    }
    pub(crate) fn spread(n: u64) -> ZoneSet {
        ZoneSet {
            named: BTreeSet::new(),
            unnamed: n,
        }
    }
    pub(crate) fn named(names: impl IntoIterator<Item = String>) -> ZoneSet {
        ZoneSet {
            named: names.into_iter().collect(),
            unnamed: 0,
        }
    }
    pub(crate) fn union(&mut self, other: &ZoneSet) {
        self.named.extend(other.named.iter().cloned());
        self.unnamed = self.unnamed.max(other.unnamed);
    }
    /// At most `n` zones (unnamed ones go first).
    pub(crate) fn cap(&mut self, n: u64) {
        while self.count() > n && self.unnamed > 0 {
            self.unnamed -= 1;
        }
        while self.count() > n {
            let Some(last) = self.named.iter().next_back().cloned() else {
                break;
            };
            self.named.remove(&last);
        }
    }
    pub(crate) fn to_model(&self) -> crate::model::Zones {
        use crate::model::Zones;
        if self.unnamed == 0 && !self.named.is_empty() {
            Zones::Named(self.named.iter().cloned().collect())
        } else {
            Zones::Count(self.count().clamp(1, 26))
        }
    }
}

/// The region of an AWS or GCP zone name (`us-east-1a` → `us-east-1`, `europe-west1-b` →
/// `europe-west1`).
pub(crate) fn region_of_zone(zone: &str) -> Option<String> {
    let z = zone.trim();
    if let Some(i) = z.rfind('-') {
        // GCP: `<region>-<letter>`.
        let (head, tail) = z.split_at(i);
        let tail = &tail[1..];
        if tail.len() == 1
            && tail.chars().all(|c| c.is_ascii_lowercase())
            && head.chars().last().is_some_and(|c| c.is_ascii_digit())
        {
            return Some(head.to_owned());
        }
    }
    // AWS: `<region><letter>` where the region ends in a digit.
    let mut chars = z.chars();
    let last = chars.next_back()?;
    let rest = chars.as_str();
    if last.is_ascii_lowercase() && rest.chars().last().is_some_and(|c| c.is_ascii_digit()) {
        return Some(rest.to_owned());
    }
    None
}

/// The region in an AWS ARN (`arn:aws:ec2:us-east-1:...`), when it has one.
pub(crate) fn region_of_arn(arn: &str) -> Option<String> {
    let mut parts = arn.split(':');
    if parts.next()? != "arn" {
        return None;
    }
    let _partition = parts.next()?;
    let _service = parts.next()?;
    let region = parts.next()?;
    (!region.is_empty()).then(|| region.to_owned())
}

/// An Azure location as a region name (`North Europe` → `northeurope`).
pub(crate) fn azure_region(location: &str) -> String {
    location
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Everything the placement and linking passes share.
pub(crate) struct Ctx<'d, 'a> {
    pub doc: &'d Doc<'a>,
    pub resolver: Resolver<'d, 'a>,
    /// Instances of each config address.
    pub by_config: BTreeMap<String, Vec<usize>>,
    /// Subnet id → zone (None: the subnet is known but its zone only after apply).
    pub subnet_by_id: BTreeMap<String, Option<String>>,
    /// Regions the user gave for providers whose region Terraform does not say.
    pub default_regions: BTreeMap<String, String>,
    pub notes: Vec<Note>,
    pub unknowns: Vec<Unknown>,
    /// Regions seen per provider, for the last-resort fallback.
    pub seen_regions: BTreeMap<&'static str, BTreeSet<String>>,
}

impl<'d, 'a> Ctx<'d, 'a> {
    pub(crate) fn new(doc: &'d Doc<'a>, default_regions: BTreeMap<String, String>) -> Self {
        let mut by_config: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut subnet_by_id = BTreeMap::new();
        for (i, inst) in doc.instances.iter().enumerate() {
            by_config.entry(inst.config.clone()).or_default().push(i);
            if matches!(inst.rtype.as_str(), "aws_subnet" | "aws_default_subnet") {
                let id = get(inst, "id");
                let az = get(inst, "availability_zone").str().map(str::to_owned);
                if let Some(id) = id.str() {
                    subnet_by_id.insert(id.to_owned(), az);
                }
            }
        }
        Ctx {
            doc,
            resolver: Resolver {
                config: &doc.config,
                variables: &doc.variables,
            },
            by_config,
            subnet_by_id,
            default_regions,
            notes: Vec::new(),
            unknowns: Vec::new(),
            seen_regions: BTreeMap::new(),
        }
    }

    pub(crate) fn inst(&self, i: usize) -> Option<&'d Instance<'a>> {
        let doc: &'d Doc<'a> = self.doc;
        doc.instances.get(i)
    }

    pub(crate) fn instances_of(&self, config: &str) -> Vec<&'d Instance<'a>> {
        let doc: &'d Doc<'a> = self.doc;
        self.by_config
            .get(config)
            .map(|v| v.iter().filter_map(|&i| doc.instances.get(i)).collect())
            .unwrap_or_default()
    }

    pub(crate) fn unknown(&mut self, address: &str, attribute: &str, effect: impl Into<String>) {
        let u = Unknown {
            address: address.to_owned(),
            attribute: attribute.to_owned(),
            effect: effect.into(),
        };
        if !self.unknowns.contains(&u) {
            self.unknowns.push(u);
        }
    }

    pub(crate) fn note(&mut self, code: &str, addresses: Vec<String>, message: impl Into<String>) {
        self.notes.push(Note {
            code: code.to_owned(),
            addresses,
            message: message.into(),
        });
    }

    /// The config-level references of one attribute path of a resource, resolved.
    pub(crate) fn refs_of(&self, config: &str, attr: &str) -> Vec<super::refs::Target> {
        let Some(rc) = self.doc.config.resource(config) else {
            return Vec::new();
        };
        let Some(expr) = rc.expressions else {
            return Vec::new();
        };
        let (module, _) = super::doc::split_config_address(config);
        let mut refs = Vec::new();
        for a in attr_refs(expr) {
            if a.path == attr || a.path.starts_with(&format!("{attr}.")) {
                refs.extend(a.refs);
            }
        }
        self.resolver.targets(module, &refs)
    }

    /// Zones of the subnets an instance names in `attrs` (ids in its values, or subnet
    /// resources its configuration references). `None` when it names none.
    pub(crate) fn subnet_zones(&mut self, inst: &Instance<'a>, attrs: &[&str]) -> Option<ZoneSet> {
        let mut ids: Vec<&str> = Vec::new();
        let mut unknown = false;
        for a in attrs {
            let f = get(inst, a);
            unknown |= f.unknown;
            ids.extend(f.strings());
        }
        ids.sort_unstable();
        ids.dedup();
        let resolved: Vec<Option<Option<String>>> = ids
            .iter()
            .map(|id| self.subnet_by_id.get(*id).cloned())
            .collect();
        if !ids.is_empty() && resolved.iter().all(|r| matches!(r, Some(Some(_)))) {
            return Some(ZoneSet::named(resolved.into_iter().flatten().flatten()));
        }
        // From the configuration: which subnet resources the attribute references.
        let mut zones = ZoneSet::default();
        let mut any = false;
        let mut unknown_subnets = Vec::new();
        for a in attrs {
            for t in self.refs_of(&inst.config, a) {
                let rtype = super::doc::split_config_address(&t.config)
                    .1
                    .trim_start_matches("data.")
                    .split('.')
                    .next()
                    .unwrap_or("")
                    .to_owned();
                let subnets: Vec<&'d Instance<'a>> = self
                    .instances_of(&t.config)
                    .into_iter()
                    .filter(|s| t.key.is_none() || s.key.as_deref().map(key_text) == t.key)
                    .collect();
                match rtype.as_str() {
                    "aws_subnet" | "aws_default_subnet" => {
                        for s in subnets {
                            any = true;
                            match get(s, "availability_zone").str() {
                                Some(az) => {
                                    zones.named.insert(az.to_owned());
                                }
                                None => {
                                    zones.unnamed += 1;
                                    unknown_subnets.push(s.address.clone());
                                }
                            }
                        }
                    }
                    "aws_subnets" | "aws_subnet_ids" => {
                        for s in subnets {
                            for id in get(s, "ids").strings() {
                                any = true;
                                match self.subnet_by_id.get(id) {
                                    Some(Some(az)) => {
                                        zones.named.insert(az.clone());
                                    }
                                    _ => {
                                        zones.unnamed += 1;
                                        unknown_subnets.push(format!("{} ({id})", s.address));
                                    }
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        for s in unknown_subnets {
            self.unknown(
                &s,
                "availability_zone",
                format!("the zone of this subnet (used by `{}`) is not in the plan: it counts as one zone of its own", inst.address),
            );
        }
        if any && !zones.is_empty() {
            return Some(zones);
        }
        if !ids.is_empty() {
            let mut z = ZoneSet::default();
            let mut missing = 0u64;
            for r in resolved {
                match r {
                    Some(Some(az)) => {
                        z.named.insert(az);
                    }
                    _ => missing += 1,
                }
            }
            if missing > 0 {
                z.unnamed += missing;
                self.unknown(
                    &inst.address,
                    &attrs.join("/"),
                    format!("{missing} subnet(s) are not in this plan or state: each counts as one zone of its own"),
                );
            }
            return Some(z);
        }
        if unknown {
            self.unknown(
                &inst.address,
                &attrs.join("/"),
                "the subnets are known only after apply and the configuration does not name them: counted as one zone",
            );
        }
        None
    }

    /// The region of an instance: its own region attribute, its zone, its ARN, then its
    /// provider configuration (aliases and module boundaries followed), then the user's
    /// default for the provider.
    pub(crate) fn region(&mut self, inst: &Instance<'a>, provider: &'static str) -> Option<String> {
        let own = match provider {
            "azure" => get(inst, "location").str().map(azure_region),
            "gcp" => get(inst, "region")
                .str()
                .map(str::to_owned)
                .or_else(|| get(inst, "zone").str().and_then(region_of_zone)),
            _ => get(inst, "region")
                .str()
                .filter(|r| !r.is_empty())
                .map(str::to_owned)
                .or_else(|| {
                    get(inst, "availability_zone")
                        .str()
                        .and_then(region_of_zone)
                })
                .or_else(|| get(inst, "arn").str().and_then(region_of_arn)),
        };
        let own = match (own, provider) {
            (None, "azure") => self.azure_location_by_reference(inst),
            (own, _) => own,
        };
        let found = own
            .or_else(|| self.provider_region(inst, provider))
            .or_else(|| self.default_regions.get(provider).cloned());
        match found {
            Some(r) => {
                self.seen_regions
                    .entry(provider)
                    .or_default()
                    .insert(r.clone());
                Some(r)
            }
            None => None,
        }
    }

    /// An Azure resource's location when the plan does not know it yet: the location of
    /// what its `location` or `resource_group_name` refers to (a resource group, usually),
    /// followed a few steps.
    fn azure_location_by_reference(&self, inst: &Instance<'a>) -> Option<String> {
        let mut frontier: Vec<String> = vec![inst.config.clone()];
        let mut seen: BTreeSet<String> = BTreeSet::new();
        for _ in 0..6 {
            let mut next = Vec::new();
            for config in frontier {
                if !seen.insert(config.clone()) {
                    continue;
                }
                for attr in ["location", "resource_group_name", "name"] {
                    if config == inst.config && attr == "name" {
                        continue;
                    }
                    for t in self.refs_of(&config, attr) {
                        for target in self.instances_of(&t.config) {
                            if let Some(l) = get(target, "location").str() {
                                return Some(azure_region(l));
                            }
                        }
                        next.push(t.config);
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        None
    }

    /// The region from the provider configuration the resource uses.
    pub(crate) fn provider_region(
        &mut self,
        inst: &Instance<'a>,
        provider: &'static str,
    ) -> Option<String> {
        let doc: &'d Doc<'a> = self.doc;
        let config = &doc.config;
        let rc = config.resource(&inst.config)?;
        let key = rc.provider_key.clone()?;
        let tf_name = match provider {
            "gcp" => "google",
            "azure" => "azurerm",
            other => other,
        };
        // The local part: `aws`, `aws.west`.
        let local = key.rsplit(':').next().unwrap_or(&key).to_owned();
        let alias = local.split_once('.').map(|(_, a)| a.to_owned());
        let mut candidates: Vec<String> = vec![key.clone()];
        let mut module = Some(inst.config_module.as_str());
        while let Some(m) = module {
            candidates.push(if m.is_empty() {
                local.clone()
            } else {
                format!("{m}:{local}")
            });
            module = parent_module(m);
        }
        let mut guessed = false;
        if alias.is_some() {
            // An aliased provider passed into a module under another name: the old format
            // does not say which; fall back to the default configuration.
            candidates.push(tf_name.to_owned());
            guessed = true;
        }
        for (i, cand) in candidates.iter().enumerate() {
            let Some(p) = config.providers.get(cand) else {
                continue;
            };
            if p.name != tf_name {
                continue;
            }
            let Some(exprs) = p.expressions else { continue };
            let region = match provider {
                "gcp" => exprs
                    .get("region")
                    .and_then(Value::as_object)
                    .and_then(|e| self.resolver.constant(&p.module, e))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .or_else(|| {
                        exprs
                            .get("zone")
                            .and_then(Value::as_object)
                            .and_then(|e| self.resolver.constant(&p.module, e))
                            .and_then(Value::as_str)
                            .and_then(region_of_zone)
                    }),
                _ => exprs
                    .get("region")
                    .and_then(Value::as_object)
                    .and_then(|e| self.resolver.constant(&p.module, e))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            };
            if let Some(r) = region.filter(|r| !r.is_empty()) {
                if guessed && i == candidates.len() - 1 {
                    self.note(
                        "provider-guessed",
                        vec![inst.address.clone()],
                        format!("the plan does not say which `{tf_name}` configuration `{key}` is; the default one (region {r}) was assumed"),
                    );
                }
                return Some(r);
            }
        }
        None
    }
}
