//! The catalogue for people: plain text for terminals, Markdown for `docs/catalogue.md`,
//! and [`explain`] for one entry. JSON is `serde_json` of the [`Catalogue`] itself.
//!
//! Output is deterministic: entries appear in catalogue order and numbers are printed with
//! fixed rules, so the same catalogue always gives the same bytes.

use std::fmt::Write as _;

use serde::Serialize;

use super::types::{Catalogue, Incident, Pattern, ProviderProfile, Source};

/// The kebab-case name serde gives a unit enum variant (`multi-region`, `partly-verified`).
fn name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A number as written in the data: integers without a fraction, others in their
/// shortest exact form.
fn num(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A rounded number for derived values (means, hours).
fn approx(x: f64) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    let r = if x >= 100.0 {
        x.round()
    } else if x >= 10.0 {
        (x * 10.0).round() / 10.0
    } else {
        (x * 100.0).round() / 100.0
    };
    num(r)
}

/// Minutes with a readable unit: `209 min (3.5 h)`, `20160 min (14 d)`.
fn minutes(m: f64) -> String {
    if m >= 2880.0 {
        format!("{} min ({} d)", num(m), approx(m / 1440.0))
    } else if m >= 120.0 {
        format!("{} min ({} h)", num(m), approx(m / 60.0))
    } else {
        format!("{} min", num(m))
    }
}

/// A yearly frequency with its return period: `0.031/yr (1 in 32 yr)`.
fn per_year(f: f64) -> String {
    if f > 0.0 && f.is_finite() {
        format!("{}/yr (1 in {} yr)", num(f), approx(1.0 / f))
    } else {
        format!("{}/yr", num(f))
    }
}

fn estimate_tag(estimate: bool) -> &'static str {
    if estimate { " (estimate)" } else { "" }
}

fn effects(p: &Pattern) -> String {
    let names: Vec<&str> = p.effects.iter().map(|e| e.as_str()).collect();
    names.join(", ")
}

fn applies(p: &Pattern) -> Option<String> {
    let a = &p.applies_to;
    let mut parts = Vec::new();
    if !a.providers.is_empty() {
        parts.push(format!("providers {}", a.providers.join(", ")));
    }
    if !a.services.is_empty() {
        parts.push(format!("services {}", a.services.join(", ")));
    }
    if !a.kinds.is_empty() {
        let kinds: Vec<&str> = a.kinds.iter().map(|k| k.as_str()).collect();
        parts.push(format!("component kinds {}", kinds.join(", ")));
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("; "))
    }
}

fn incident_duration(i: &Incident) -> String {
    match (i.main_impact_minutes, &i.duration_note) {
        (Some(m), _) => minutes(m),
        (None, Some(_)) => "open-ended".to_owned(),
        (None, None) => "unknown".to_owned(),
    }
}

/// Escapes text for one Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// A GitHub-style heading anchor for an id (ids are `a-z0-9.-_`).
fn anchor(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

fn md_link(s: &Source) -> String {
    format!("[{}]({})", s.title.replace(['[', ']'], ""), s.url)
}

/// The catalogue as plain text: one block per pattern, one line per incident and provider.
pub fn text(cat: &Catalogue) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "faultline catalogue {}: {} patterns, {} incidents, {} provider profiles",
        if cat.version.is_empty() {
            "(unversioned)"
        } else {
            &cat.version
        },
        cat.patterns.len(),
        cat.incidents.len(),
        cat.providers.len()
    );
    let _ = writeln!(out, "\nPATTERNS");
    for p in &cat.patterns {
        let _ = writeln!(out, "\n{}  {}", p.id, p.name);
        let _ = writeln!(
            out,
            "  fails {} ({} plane): {}",
            p.fails,
            name(&p.plane),
            effects(p)
        );
        if let Some(a) = applies(p) {
            let _ = writeln!(out, "  applies to {a}");
        }
        let _ = writeln!(
            out,
            "  frequency {} per instance{}",
            per_year(p.frequency.per_instance_per_year),
            estimate_tag(p.frequency.estimate)
        );
        let _ = writeln!(
            out,
            "  duration median {}, p90 {}{}",
            minutes(p.duration.median_minutes),
            minutes(p.duration.p90_minutes),
            estimate_tag(p.duration.estimate)
        );
        let _ = writeln!(out, "  incidents {}", p.incidents.join(", "));
    }
    let _ = writeln!(out, "\nINCIDENTS");
    for i in &cat.incidents {
        let _ = writeln!(
            out,
            "{:<10}  {}  {} ({}), {}",
            i.date,
            i.id,
            i.provider,
            name(&i.scope),
            incident_duration(i)
        );
    }
    let _ = writeln!(out, "\nPROVIDERS");
    for p in &cat.providers {
        let home = p
            .global_control_plane
            .as_ref()
            .map(|g| format!(", global control plane in {}", g.home_region))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}  {}: {} regions, {} services, {} documented internal dependencies{home}",
            p.id,
            p.name,
            p.regions.len(),
            p.services.len(),
            p.internal_dependencies.len()
        );
    }
    out
}

const METHOD: &str = r#"## Method

A **pattern** is a recurring way the cloud breaks. It fails one class of fault domain
(`fails`), in the data plane, the control plane or both, with one or more of the effects
the engine implements (`unavailable`, `degraded`, `control-plane-unavailable`,
`monitoring-blind`, `capacity-reduced`, `data-destroyed`). The engine expands a pattern
into one scenario per domain **instance** the architecture uses, and adds up
frequency × impact over those instances.

| fails | one instance is |
|---|---|
| zone | one (provider, region, zone) |
| region, control-plane | one (provider, region) |
| service | one (provider, region, service) |
| global-control-plane, edge, backbone, dns, identity | one provider |
| saas, site, agent, monitoring | one vendor, site, agent name, monitoring provider |
| change, rollout, credential (`credential:self`) | one per architecture |

### Durations

Each duration is given by its median, which the engine plays as the outage length, and
its 90th percentile, which says how long the tail is. Both come from the main-impact
minutes of the incidents the pattern cites (the window the provider itself describes as
the primary outage, not the long tail of backlogs):

1. the sample is the cited incidents with a bounded `main_impact_minutes`; open-ended
   ones are left out and named in the derivation;
2. the median is the sample median; the p90 is the nearest-rank 90th percentile (the
   value at rank ⌈0.9 n⌉), which for ten incidents or fewer is the longest one;
3. with fewer than three values, or where the main impact is not what a customer feels
   (an exposure window, an open-ended loss), the numbers are an **estimate**: the
   derivation says what they rest on, and a missing p90 is the median × 4.68, the
   p90/median ratio of the 353 provider post-mortems in Li et al. (979 / 209 min).

A test recomputes every non-estimate duration from the incident records, so the table
below cannot drift from the incidents it cites.

### Frequencies

Each frequency is events per instance per year, with the arithmetic in the derivation:
a count of catalogued events divided by the instances and years counted, or a published
rate (Uptime Institute surveys) scaled by a published share (Li et al., ISSRE 2022;
Gunawi et al., SoCC 2016). Two counting windows are used: 2011–2026 (16 years) for AWS
regional events, since AWS's first public post-event summary, and 2016–2026 (11 years)
for everything else. A frequency is an **estimate** when any step rests on a judgement
(one study's share applied to another's base, a denominator that is not a count) rather
than a count; the derivation then says which step.

### Caveats

- The catalogue is made of famous, published incidents. Counts from it are lower bounds
  for events of that size and over-represent long, wide outages; small outages that no
  one wrote up are missing.
- us-east-1 is the oldest and largest AWS region and has the most published events;
  rates counted there are high for other regions.
- The rates are priors for comparing designs, not predictions for one system.

### Loading, user catalogues and size

The YAML under `src/catalogue/data/` is converted to compact JSON by `build.rs` and
embedded in the crate, so the catalogue loads without the `yaml` feature and in
WebAssembly; it is parsed once, on first use. Measured on the `wasm-release` profile
(wasm32-unknown-unknown, `opt-level = "z"`, LTO, before wasm-opt), the embedded catalogue
costs WASM_COST.

A user catalogue (YAML with the `yaml` feature, or JSON) has the same format. Merged over
the built-in one, an entry with an existing id **replaces** it in place and an entry with
a new id is **added**; the merged catalogue must pass the same integrity checks.
"#;

/// The wasm size cost of the embedded catalogue, measured as described in `METHOD`.
const WASM_COST: &str = "134 KB of JSON (40 KB gzipped) for the data, plus about 189 KB \
    (65 KB gzipped) of code to parse it: serde_json, serde_path_to_error and the catalogue \
    types' deserialisers, which the rest of the crate largely shares (serde_json alone is \
    40 KB, 18 KB gzipped). No YAML parser is needed. Measured with a cdylib exporting one \
    function that reads `Catalogue::builtin()`, against the same crate with empty data files \
    and against no catalogue at all";

/// The catalogue as Markdown: `docs/catalogue.md`, checked by a test that regenerates it.
pub fn markdown(cat: &Catalogue) -> String {
    let mut out = String::new();
    out.push_str("# The outage catalogue\n\n");
    out.push_str(
        "<!-- Generated by faultline::catalogue::render::markdown from src/catalogue/data/*.yaml. \
         Do not edit; run `UPDATE_DOCS=1 cargo test` to regenerate. -->\n\n",
    );
    let _ = writeln!(
        out,
        "Catalogue version {}: {} patterns, {} incidents, {} provider profiles. \
         Every figure cites its incidents or its published statistic; \
         see [Method](#method) for how frequencies and durations are derived.\n",
        if cat.version.is_empty() {
            "(unversioned)"
        } else {
            &cat.version
        },
        cat.patterns.len(),
        cat.incidents.len(),
        cat.providers.len()
    );
    out.push_str("- [Method](#method)\n- [Patterns](#patterns)\n- [Incidents](#incidents)\n- [Providers](#providers)\n\n");
    out.push_str(&METHOD.replace("WASM_COST", WASM_COST));

    out.push_str("\n## Patterns\n\n");
    out.push_str("| pattern | fails | plane | effects | per instance per year | median / p90 | incidents |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    for p in &cat.patterns {
        let _ = writeln!(
            out,
            "| [`{}`](#{}) | {} | {} | {} | {}{} | {} / {}{} | {} |",
            p.id,
            anchor(&p.id),
            p.fails,
            name(&p.plane),
            effects(p),
            num(p.frequency.per_instance_per_year),
            if p.frequency.estimate { " (est.)" } else { "" },
            minutes(p.duration.median_minutes),
            minutes(p.duration.p90_minutes),
            if p.duration.estimate { " (est.)" } else { "" },
            p.incidents.len()
        );
    }
    for p in &cat.patterns {
        markdown_pattern(&mut out, cat, p);
    }

    out.push_str("\n## Incidents\n\n");
    out.push_str(
        "| date | incident | provider | scope | root cause | main impact | patterns | source |\n",
    );
    out.push_str("|---|---|---|---|---|---|---|---|\n");
    for i in &cat.incidents {
        let source = i.sources.first().map(md_link).unwrap_or_default();
        let patterns: Vec<String> = i
            .patterns
            .iter()
            .map(|p| format!("[`{p}`](#{})", anchor(p)))
            .collect();
        let _ = writeln!(
            out,
            "| {} | `{}`: {} | {} | {} | {} | {} | {} | {} |",
            cell(&i.date),
            i.id,
            cell(&i.title),
            cell(&i.provider),
            name(&i.scope),
            cell(&i.root_cause.primary),
            cell(&incident_duration(i)),
            patterns.join(", "),
            cell(&source)
        );
    }

    out.push_str("\n## Providers\n");
    for p in &cat.providers {
        markdown_provider(&mut out, p);
    }
    out
}

fn markdown_pattern(out: &mut String, cat: &Catalogue, p: &Pattern) {
    let _ = writeln!(out, "\n### {}\n", p.id);
    let _ = writeln!(
        out,
        "**{}.** {}\n",
        p.name.trim_end_matches('.'),
        p.summary.trim()
    );
    let _ = writeln!(
        out,
        "- **Fails:** `{}` ({} plane); **effects:** {}",
        p.fails,
        name(&p.plane),
        effects(p)
    );
    if let Some(a) = applies(p) {
        let _ = writeln!(out, "- **Applies to:** {a}");
    }
    let _ = writeln!(
        out,
        "- **Frequency:** {} per instance{}. {}",
        per_year(p.frequency.per_instance_per_year),
        estimate_tag(p.frequency.estimate),
        p.frequency.derivation.trim()
    );
    let _ = writeln!(
        out,
        "- **Duration:** median {} (played), p90 {}{}. {}",
        minutes(p.duration.median_minutes),
        minutes(p.duration.p90_minutes),
        estimate_tag(p.duration.estimate),
        p.duration.derivation.trim()
    );
    let cited: Vec<String> = p
        .incidents
        .iter()
        .map(|id| match cat.incident(id) {
            Some(i) => format!("`{id}` ({})", incident_duration(i)),
            None => format!("`{id}` (not in the catalogue)"),
        })
        .collect();
    let _ = writeln!(out, "- **Incidents:** {}", cited.join(", "));
    if !p.mitigations.is_empty() {
        let _ = writeln!(out, "- **What helped:**");
        for m in &p.mitigations {
            let _ = writeln!(out, "  - {}", m.trim());
        }
    }
}

fn markdown_provider(out: &mut String, p: &ProviderProfile) {
    let _ = writeln!(out, "\n### {} (`{}`)\n", p.name, p.id);
    if !p.aliases.is_empty() {
        let _ = writeln!(out, "- **Aliases:** {}", p.aliases.join(", "));
    }
    let _ = writeln!(out, "- **Zone naming:** `{}`", p.zone_naming);
    if !p.regions.is_empty() {
        let _ = writeln!(out, "- **Regions:** {}", p.regions.join(", "));
    }
    if let Some(g) = &p.global_control_plane {
        let _ = writeln!(
            out,
            "- **Global control plane:** in `{}`: {}. Source: {}",
            g.home_region,
            g.services.join(", "),
            g.source.trim()
        );
    }
    if !p.services.is_empty() {
        out.push_str("\n| service | scope | kinds | aliases |\n|---|---|---|---|\n");
        for s in &p.services {
            let kinds: Vec<&str> = s.kinds.iter().map(|k| k.as_str()).collect();
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                s.name,
                name(&s.scope),
                kinds.join(", "),
                cell(&s.aliases.join(", "))
            );
        }
    }
    if !p.internal_dependencies.is_empty() {
        out.push_str("\n| when this fails | these fail with it | region | documented by | note |\n|---|---|---|---|---|\n");
        for d in &p.internal_dependencies {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | [`{}`](#incidents) | {} |",
                d.service,
                d.dependents.join(", "),
                d.region.as_deref().unwrap_or("any"),
                d.incident,
                cell(d.note.as_deref().unwrap_or(""))
            );
        }
    }
    if !p.sources.is_empty() {
        let links: Vec<String> = p.sources.iter().map(md_link).collect();
        let _ = writeln!(out, "\nSources: {}", links.join("; "));
    }
}

/// Text describing one pattern, incident or provider (by id, or provider alias) with its
/// sources; `None` when the catalogue has no such entry.
///
/// ```
/// use faultline::catalogue::{explain, Catalogue};
/// let text = explain(Catalogue::builtin(), "zone-physical-loss").unwrap();
/// assert!(text.contains("Frequency"));
/// assert!(explain(Catalogue::builtin(), "no-such-thing").is_none());
/// ```
pub fn explain(cat: &Catalogue, id: &str) -> Option<String> {
    if let Some(p) = cat.pattern(id) {
        return Some(explain_pattern(cat, p));
    }
    if let Some(i) = cat.incident(id) {
        return Some(explain_incident(i));
    }
    cat.provider(id).map(explain_provider)
}

fn explain_pattern(cat: &Catalogue, p: &Pattern) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "pattern {}: {}\n", p.id, p.name);
    let _ = writeln!(out, "{}\n", p.summary.trim());
    let _ = writeln!(out, "Fails:     {} ({} plane)", p.fails, name(&p.plane));
    let _ = writeln!(out, "Effects:   {}", effects(p));
    if let Some(a) = applies(p) {
        let _ = writeln!(out, "Applies:   {a}");
    }
    let _ = writeln!(
        out,
        "Frequency: {} per instance{}",
        per_year(p.frequency.per_instance_per_year),
        estimate_tag(p.frequency.estimate)
    );
    let _ = writeln!(out, "           {}", p.frequency.derivation.trim());
    let _ = writeln!(
        out,
        "Duration:  median {} (played), p90 {}{}",
        minutes(p.duration.median_minutes),
        minutes(p.duration.p90_minutes),
        estimate_tag(p.duration.estimate)
    );
    let _ = writeln!(out, "           {}", p.duration.derivation.trim());
    if !p.mitigations.is_empty() {
        let _ = writeln!(out, "\nWhat helped:");
        for m in &p.mitigations {
            let _ = writeln!(out, "  - {}", m.trim());
        }
    }
    let _ = writeln!(out, "\nIncidents:");
    for id in &p.incidents {
        match cat.incident(id) {
            Some(i) => {
                let _ = writeln!(
                    out,
                    "  - {} {} ({}): {}",
                    i.date,
                    i.id,
                    incident_duration(i),
                    i.title
                );
                for s in &i.sources {
                    let _ = writeln!(out, "      {}", s.url);
                }
            }
            None => {
                let _ = writeln!(out, "  - {id} (not in the catalogue)");
            }
        }
    }
    out
}

fn explain_incident(i: &Incident) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "incident {}: {}\n", i.id, i.title);
    let _ = writeln!(out, "Date:        {}", i.date);
    let _ = writeln!(out, "Provider:    {}", i.provider);
    if !i.services.is_empty() {
        let _ = writeln!(out, "Services:    {}", i.services.join(", "));
    }
    if !i.regions.is_empty() {
        let _ = writeln!(out, "Regions:     {}", i.regions.join(", "));
    }
    let _ = writeln!(out, "Scope:       {}", name(&i.scope));
    let mut cause = i.root_cause.primary.clone();
    if !i.root_cause.contributing.is_empty() {
        let _ = write!(
            cause,
            " (contributing: {})",
            i.root_cause.contributing.join(", ")
        );
    }
    let _ = writeln!(out, "Root cause:  {cause}");
    if let (Some(s), Some(e)) = (&i.start, &i.end) {
        let _ = writeln!(out, "Main impact: {s} to {e}");
    }
    let _ = writeln!(out, "Duration:    {}", incident_duration(i));
    if let Some(t) = i.long_tail_minutes {
        let _ = writeln!(out, "Long tail:   {}", minutes(t));
    }
    if let Some(n) = &i.duration_note {
        let _ = writeln!(out, "             {}", n.trim());
    }
    let _ = writeln!(out, "Confidence:  {}", name(&i.confidence));
    for (title, list) in [
        ("Survived", &i.survived),
        ("Suffered", &i.suffered),
        ("Lessons", &i.lessons),
        ("Unverified", &i.unverified),
    ] {
        if !list.is_empty() {
            let _ = writeln!(out, "\n{title}:");
            for item in list {
                let _ = writeln!(out, "  - {}", item.trim());
            }
        }
    }
    if !i.patterns.is_empty() {
        let _ = writeln!(out, "\nPatterns:    {}", i.patterns.join(", "));
    }
    if let Some(r) = &i.replay {
        let at: Vec<String> = r.at.iter().map(ToString::to_string).collect();
        let minutes_text = r
            .minutes
            .or(i.main_impact_minutes)
            .map(minutes)
            .unwrap_or_else(|| "unknown".to_owned());
        let _ = writeln!(
            out,
            "Replay:      {} at {} for {}",
            r.pattern,
            at.join(", "),
            minutes_text
        );
    }
    let _ = writeln!(out, "\nSources:");
    for s in &i.sources {
        let _ = writeln!(out, "  - {}: {}", s.title, s.url);
    }
    out
}

fn explain_provider(p: &ProviderProfile) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "provider {}: {}\n", p.id, p.name);
    if !p.aliases.is_empty() {
        let _ = writeln!(out, "Aliases:     {}", p.aliases.join(", "));
    }
    let _ = writeln!(out, "Zone naming: {}", p.zone_naming);
    if !p.regions.is_empty() {
        let _ = writeln!(out, "Regions:     {}", p.regions.join(", "));
    }
    if let Some(g) = &p.global_control_plane {
        let _ = writeln!(
            out,
            "Global control plane in {}: {}",
            g.home_region,
            g.services.join(", ")
        );
        let _ = writeln!(out, "  source: {}", g.source.trim());
    }
    if !p.services.is_empty() {
        let names: Vec<String> = p
            .services
            .iter()
            .map(|s| format!("{} ({})", s.name, name(&s.scope)))
            .collect();
        let _ = writeln!(out, "Services:    {}", names.join(", "));
    }
    if !p.internal_dependencies.is_empty() {
        let _ = writeln!(out, "\nInternal dependencies:");
        for d in &p.internal_dependencies {
            let region = d
                .region
                .as_deref()
                .map(|r| format!(" in {r}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  - {} -> {}{region} ({})",
                d.service,
                d.dependents.join(", "),
                d.incident
            );
            if let Some(n) = &d.note {
                let _ = writeln!(out, "      {}", n.trim());
            }
        }
    }
    if !p.sources.is_empty() {
        let _ = writeln!(out, "\nSources:");
        for s in &p.sources {
            let _ = writeln!(out, "  - {}: {}", s.title, s.url);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_deterministically() {
        assert_eq!(num(209.0), "209");
        assert_eq!(num(0.031), "0.031");
        assert_eq!(minutes(47.0), "47 min");
        assert_eq!(minutes(209.0), "209 min (3.48 h)");
        assert_eq!(minutes(20160.0), "20160 min (14 d)");
        assert_eq!(per_year(0.25), "0.25/yr (1 in 4 yr)");
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }
}
