//! Component ids: short, readable, unique, stable for the same plan.
//!
//! The rule (also in `docs/terraform.md`):
//!
//! 1. Start from the resource's name in the configuration, in kebab-case
//!    (`aws_lb.public_web` → `public-web`).
//! 2. A name that says nothing (`this`, `main`, `default`, `example` ...) gives way to the
//!    innermost module call's name (`module.orders_db.aws_db_instance.this` → `orders-db`),
//!    or else to a short name for the type (`lb`, `db`, `asg`, `bucket` ...).
//! 3. A component merged from several regions keeps the words its resources' names share
//!    once region words are dropped (`web_primary` + `web_dr` → `web`; `east` + `west` →
//!    the type's short name).
//! 4. Ids that collide get the type's short name appended (`web-lb`, `web-asg`), then the
//!    module name prepended, then a number (`-2`, `-3`) in address order.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalogue::Catalogue;

/// Words that name nothing.
const GENERIC: &[&str] = &[
    "this",
    "main",
    "default",
    "example",
    "resource",
    "res",
    "my",
    "foo",
    "bar",
    "baz",
    "test",
    "tf",
    "terraform",
    "aws",
    "gcp",
    "google",
    "azure",
    "azurerm",
    "module",
    "resources",
];

/// Words that name a role in a redundancy pair or a region rather than a component.
const REGIONAL: &[&str] = &[
    "primary",
    "secondary",
    "dr",
    "standby",
    "failover",
    "replica",
    "active",
    "passive",
    "east",
    "west",
    "north",
    "south",
    "central",
    "northeast",
    "southeast",
    "northwest",
    "southwest",
    "us",
    "eu",
    "ap",
    "sa",
    "ca",
    "me",
    "af",
    "il",
    "europe",
    "asia",
    "australia",
    "northamerica",
    "southamerica",
    "africa",
    "region",
    "regional",
    "home",
    "remote",
    "main",
    "backup",
    "source",
    "destination",
    "dest",
    "origin",
    "target",
    "one",
    "two",
    "first",
    "second",
    "a",
    "b",
];

/// Lower-case words of a Terraform name (`public_web-2` → `public`, `web`, `2`).
pub(crate) fn words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect()
}

fn is_regional(word: &str) -> bool {
    if REGIONAL.contains(&word) || word.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    // Region codes (`use1`, `usw2`, `apse1`) and direction-digit words (`west1`).
    let digits = word.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let letters = &word[..word.len() - digits.len()];
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) && letters.len() <= 9 {
        let dirs = [
            "east",
            "west",
            "north",
            "south",
            "central",
            "northeast",
            "southeast",
        ];
        if dirs.contains(&letters) {
            return true;
        }
        let prefixes = ["us", "eu", "ap", "ca", "sa", "me", "af", "il", "cn", "mx"];
        if prefixes.iter().any(|p| {
            letters.strip_prefix(p).is_some_and(|rest| {
                !rest.is_empty() && rest.len() <= 2 && rest.chars().all(|c| "nsewc".contains(c))
            })
        }) {
            return true;
        }
    }
    Catalogue::builtin()
        .providers
        .iter()
        .any(|p| p.regions.iter().any(|r| r == word))
}

/// The words that make a name: generic words removed; for a merged component, regional
/// words too.
fn meaningful(name: &str, merged: bool) -> Vec<String> {
    words(name)
        .into_iter()
        .filter(|w| !GENERIC.contains(&w.as_str()))
        .filter(|w| !merged || !is_regional(w))
        .collect()
}

/// What one component's id is made from.
#[derive(Debug, Clone)]
pub(crate) struct NameSource {
    /// Resource names of its anchors (primary first).
    pub names: Vec<String>,
    /// Innermost module call names of its anchors (empty for the root module).
    pub modules: Vec<String>,
    /// The primary anchor's module calls, outermost first (`module.a.module.b` → a, b).
    pub path: Vec<String>,
    /// The type's short name.
    pub short: &'static str,
    /// An id asked for by someone else (the DNS zone), used as the base when set.
    pub fixed: Option<String>,
}

fn kebab(words: &[String]) -> String {
    words.join("-")
}

fn base(src: &NameSource) -> String {
    if let Some(f) = &src.fixed {
        return f.clone();
    }
    let merged = src.names.len() > 1;
    let lists: Vec<Vec<String>> = src.names.iter().map(|n| meaningful(n, merged)).collect();
    let common: Vec<String> = match lists.split_first() {
        Some((first, rest)) => first
            .iter()
            .filter(|w| rest.iter().all(|l| l.contains(w)))
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    if !common.is_empty() {
        return kebab(&common);
    }
    // The module names, when the resource names say nothing.
    let mods: Vec<Vec<String>> = src.modules.iter().map(|m| meaningful(m, merged)).collect();
    if mods.iter().all(|m| !m.is_empty()) {
        let common: Vec<String> = match mods.split_first() {
            Some((first, rest)) => first
                .iter()
                .filter(|w| rest.iter().all(|l| l.contains(w)))
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        if !common.is_empty() {
            return kebab(&common);
        }
    }
    src.short.to_owned()
}

/// Ids that collide with each other or with `taken`, by id.
fn collisions(ids: &[String], taken: &BTreeSet<String>) -> BTreeMap<String, Vec<usize>> {
    let mut by_id: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, id) in ids.iter().enumerate() {
        by_id.entry(id.clone()).or_default().push(i);
    }
    by_id.retain(|id, idx| idx.len() > 1 || taken.contains(id));
    by_id
}

/// Unique ids for `sources`, in the same order; `taken` are ids already used elsewhere.
pub(crate) fn assign(sources: &[NameSource], taken: &BTreeSet<String>) -> Vec<String> {
    let mut ids: Vec<String> = sources.iter().map(base).collect();
    // Round 1: colliding ids of different types get the type's short name.
    for (_, idx) in collisions(&ids, taken) {
        let shorts: BTreeSet<&str> = idx
            .iter()
            .filter_map(|&i| sources.get(i))
            .map(|s| s.short)
            .collect();
        if shorts.len() < 2 {
            continue;
        }
        for i in idx {
            if let (Some(id), Some(src)) = (ids.get_mut(i), sources.get(i))
                && src.fixed.is_none()
                && !id.ends_with(src.short)
            {
                *id = format!("{id}-{}", src.short);
            }
        }
    }
    // Round 2: the module path, innermost call first, one more call each time.
    let core = ids.clone();
    for depth in 1..=8 {
        let clash = collisions(&ids, taken);
        if clash.is_empty() {
            break;
        }
        for idx in clash.values() {
            for &i in idx {
                let (Some(src), Some(c)) = (sources.get(i), core.get(i)) else {
                    continue;
                };
                let calls = &src.path;
                if calls.is_empty() {
                    continue;
                }
                let from = calls.len().saturating_sub(depth);
                let prefix: Vec<String> = calls
                    .get(from..)
                    .unwrap_or(&[])
                    .iter()
                    .map(|m| kebab(&words(m)))
                    .filter(|m| !m.is_empty())
                    .collect();
                if let Some(id) = ids.get_mut(i)
                    && !prefix.is_empty()
                {
                    *id = format!("{}-{c}", prefix.join("-"));
                }
            }
        }
    }
    // Round 3: number what still collides, in order.
    let mut used: BTreeSet<String> = taken.clone();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let mut candidate = id.clone();
        let mut n = 2u64;
        while used.contains(&candidate) {
            candidate = format!("{id}-{n}");
            n += 1;
        }
        used.insert(candidate.clone());
        out.push(candidate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(names: &[&str], modules: &[&str], short: &'static str) -> NameSource {
        NameSource {
            names: names.iter().map(|s| (*s).to_owned()).collect(),
            modules: modules.iter().map(|s| (*s).to_owned()).collect(),
            path: modules
                .first()
                .filter(|m| !m.is_empty())
                .map(|m| vec!["outer".to_owned(), (*m).to_owned()])
                .unwrap_or_default(),
            short,
            fixed: None,
        }
    }

    #[test]
    fn readable_and_unique() {
        let ids = assign(
            &[
                src(&["web"], &[""], "lb"),
                src(&["web"], &[""], "asg"),
                src(&["this"], &["orders_db"], "db"),
                src(&["main"], &[""], "bucket"),
                src(&["api_primary", "api_dr"], &["", ""], "asg"),
                src(&["east", "west"], &["", ""], "lb"),
                src(&["app"], &["primary"], "vm"),
                src(&["app"], &["primary"], "vm"),
            ],
            &BTreeSet::new(),
        );
        assert_eq!(
            ids,
            [
                "web-lb",
                "web-asg",
                "orders-db",
                "bucket",
                "api",
                "lb",
                "outer-primary-app",
                "outer-primary-app-2"
            ]
        );
        assert!(is_regional("use1"));
        assert!(is_regional("apse2"));
        assert!(is_regional("westeurope"));
        assert!(!is_regional("orders"));
    }
}
