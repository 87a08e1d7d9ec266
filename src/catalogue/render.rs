//! The catalogue for people: plain text for terminals, Markdown for `docs/catalogue.md`,
//! and [`explain`] for one entry. JSON is `serde_json` of the [`Catalogue`] itself.
//!
//! Output is deterministic: entries appear in catalogue order and numbers are printed with
//! fixed rules, so the same catalogue always gives the same bytes.

use std::fmt::Write as _;

use serde::Serialize;

use super::stats;
use super::types::{
    Catalogue, Dependents, ExposureUnit, FactorKind, Incident, Pattern, ProviderProfile, Rate,
    SigmaFrom, Source,
};

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
        (Some(m), _) if i.main_impact_estimate => format!("{} (estimate)", minutes(m)),
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

/// `rds (control-plane-unavailable), lambda (unavailable)`.
fn dependents_text(d: &Dependents) -> String {
    let parts: Vec<String> = d
        .entries()
        .iter()
        .map(|e| format!("{} ({})", e.service, name(&e.effect)))
        .collect();
    parts.join(", ")
}

/// `zone-years`, `component-years` ...
fn unit_years(unit: ExposureUnit) -> String {
    format!("{}-years", unit.as_str())
}

fn flags(p: &Pattern) -> String {
    let mut f = Vec::new();
    if p.frequency.estimate {
        f.push("estimate");
    }
    if p.few_events() {
        f.push("few events");
    }
    if f.is_empty() {
        String::new()
    } else {
        format!(" ({})", f.join(", "))
    }
}

/// The lines that show a counted rate: the arithmetic, the exposure, each event.
fn rate_lines(cat: &Catalogue, rate: &Rate, unit: ExposureUnit, out: &mut Vec<String>) {
    let x = &rate.exposure;
    let scope = {
        let mut parts = Vec::new();
        if !x.providers.is_empty() {
            parts.push(x.providers.join(", "));
        }
        if !x.regions.is_empty() {
            parts.push(x.regions.join(", "));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!(" [{}]", parts.join(": "))
        }
    };
    out.push(format!(
        "{} events over {} {}s × {} years ({}-{}){scope} = {} {}: {} / {} = {}",
        approx(rate.total_weight()),
        num(x.units),
        unit.as_str(),
        num(x.years()),
        x.from_year,
        x.to_year,
        num(x.unit_years()),
        unit_years(unit),
        approx(rate.total_weight()),
        num(x.unit_years()),
        sig3(rate.result())
    ));
    out.push(format!("  exposure: {}", x.basis.trim()));
    for e in &rate.events {
        let (date, title, dur) = match cat.incident(&e.incident) {
            Some(i) => (
                i.date.clone(),
                i.title.clone(),
                match i.minutes_of(e.part.as_deref()) {
                    Some(m) => minutes(m),
                    None => "no bounded duration".to_owned(),
                },
            ),
            None => (
                String::new(),
                "(not in the catalogue)".to_owned(),
                String::new(),
            ),
        };
        let part = e
            .part
            .as_deref()
            .map(|p| format!(", part {p}"))
            .unwrap_or_default();
        let weight = if e.weight == 1.0 {
            String::new()
        } else {
            format!("weight {}, ", num(e.weight))
        };
        out.push(format!(
            "  - {date} {} ({weight}{dur}{part}): {title}",
            e.incident
        ));
        if let Some(n) = &e.note {
            out.push(format!("      {}", n.trim()));
        }
    }
}

/// `0.00535 per zone-year (1 in 187 zone-years)`.
fn per_unit_year(f: f64, unit: ExposureUnit) -> String {
    if f > 0.0 && f.is_finite() {
        format!(
            "{} per {}-year (1 in {} {})",
            num(f),
            unit.as_str(),
            approx(1.0 / f),
            unit_years(unit)
        )
    } else {
        format!("{} per {}-year", num(f), unit.as_str())
    }
}

/// Three significant figures, for computed rates.
fn sig3(x: f64) -> String {
    if !x.is_finite() || x == 0.0 {
        return num(x);
    }
    let digits = 2 - x.abs().log10().floor() as i32;
    let f = 10f64.powi(digits);
    num((x * f).round() / f)
}

/// Everything behind a pattern's frequency, as plain lines.
fn frequency_lines(cat: &Catalogue, p: &Pattern) -> Vec<String> {
    let f = &p.frequency;
    let mut out = vec![format!(
        "Rate: {}{}",
        per_unit_year(f.per_instance_per_year, f.unit),
        flags(p)
    )];
    if let Some(rate) = &f.rate {
        out.push("Counted in the rate (pooled, the default everywhere):".to_owned());
        rate_lines(cat, rate, f.unit, &mut out);
    }
    if !f.factors.is_empty() {
        out.push(format!(
            "Product of published figures = {}:",
            sig3(super::types::product(&f.factors))
        ));
        for x in &f.factors {
            let how = match x.kind {
                FactorKind::Multiply => num(x.value),
                FactorKind::Prevalence => format!(
                    "{} in {} years -> {} per year",
                    num(x.value),
                    x.years.map(num).unwrap_or_default(),
                    sig3(x.contribution())
                ),
            };
            let cite: Vec<&str> = x.sources.iter().map(|s| s.url.as_str()).collect();
            out.push(format!(
                "  × {how}{}: {}{}",
                if x.estimate { " (estimate)" } else { "" },
                x.what.trim(),
                if cite.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", cite.join(", "))
                }
            ));
        }
    }
    for r in &f.by_region {
        out.push(format!(
            "In {}/{}: {}, counted there:",
            r.provider,
            r.region,
            per_unit_year(r.per_year, f.unit)
        ));
        rate_lines(cat, &r.rate, f.unit, &mut out);
        if let Some(n) = &r.note {
            out.push(format!("  note: {}", n.trim()));
        }
    }
    if !p.root_services.is_empty() {
        out.push(
            "Root services (which service failed first, share of the provider's counted events):"
                .to_owned(),
        );
        for r in &p.root_services {
            out.push(format!(
                "  - {}/{}: {} ({})",
                r.provider,
                r.service,
                num(r.share),
                r.incidents.join(", ")
            ));
        }
    }
    if let Some(b) = &p.ring_bypass_share {
        out.push(format!(
            "Share of bad updates that bypass staged rings: {}{}. {}",
            num(b.value),
            estimate_tag(b.estimate),
            b.derivation.trim()
        ));
    }
    out.push(format!("Caveats: {}", f.derivation.trim()));
    out
}

/// Everything behind a pattern's duration, as plain lines.
fn duration_lines(cat: &Catalogue, p: &Pattern) -> Vec<String> {
    let d = &p.duration;
    let mean = d
        .mean_minutes
        .map(|m| format!(", mean {}", minutes(m)))
        .unwrap_or_default();
    let mut out = vec![format!(
        "Duration: median {} (played), p90 {}{mean}{}",
        minutes(d.median_minutes),
        minutes(d.p90_minutes),
        estimate_tag(d.estimate)
    )];
    if let Some(f) = &d.fit {
        out.push(format!(
            "  log-normal fitted to {} duration{}: mu {} (ln minutes), sigma {} ({})",
            f.n,
            if f.n == 1 { "" } else { "s" },
            approx(f.mu),
            approx(f.sigma),
            match f.sigma_from {
                SigmaFrom::Own => "its own spread",
                SigmaFrom::Pooled => "the pooled spread: fewer than 5 durations",
            }
        ));
        let sample = if d.sample.is_empty() {
            let mut seen: Vec<&str> = Vec::new();
            p.counted_events()
                .filter(|e| {
                    let new = !seen.contains(&e.incident.as_str());
                    seen.push(&e.incident);
                    new
                })
                .cloned()
                .collect::<Vec<_>>()
        } else {
            d.sample.clone()
        };
        let values: Vec<String> = sample
            .iter()
            .filter_map(|e| {
                let i = cat.incident(&e.incident)?;
                let m = i.minutes_of(e.part.as_deref())?;
                Some(format!(
                    "{} {}{}",
                    e.incident,
                    num(m),
                    if e.part.is_none() && i.main_impact_estimate {
                        " (estimate)"
                    } else {
                        ""
                    }
                ))
            })
            .collect();
        out.push(format!("  sample (minutes): {}", values.join(", ")));
    }
    if let Some(pubd) = &d.published {
        out.push(format!(
            "  log-normal through a median of {} min and a {} quantile of {} min (n = {}): {}",
            num(pubd.median_minutes),
            num(pubd.quantile),
            num(pubd.quantile_minutes),
            pubd.n,
            pubd.source.url
        ));
    }
    out.push(format!("  {}", d.derivation.trim()));
    out
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
            "  rate {}{}",
            per_unit_year(p.frequency.per_instance_per_year, p.frequency.unit),
            flags(p)
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
`monitoring-blind`, `capacity-reduced`, `data-destroyed`), optionally on a `fraction` of
the domain's fleet, and marked `partition` when the failed domain's hosts keep running
unreachable (a network cut rather than a power loss). The engine expands a pattern into one scenario per domain
**instance** the architecture uses, and adds up frequency × impact over those instances.

| fails | one instance is | rate unit |
|---|---|---|
| zone | one (provider, region, zone) | zone-year |
| region, control-plane | one (provider, region) | region-year |
| service | one (provider, region): one regional managed-service event, its root drawn from the provider's mix | region-year |
| global-control-plane, edge, backbone, dns, identity, monitoring | one provider | provider-year |
| saas | one vendor | vendor-year |
| site | one own site | site-year |
| agent | one fleet agent | agent-year |
| change, rollout | one component you change (or roll out globally) | component-year |
| credential (`credential:self`) | your organisation | organisation-year |

### Rates: events over exposure

Every rate is data, not prose, and a test recomputes it:

- **Counted** (`frequency.rate`): the numerator is a list of incidents, each with a weight
  (default 1); the exposure names the providers and regions counted, the years
  (`from_year`-`to_year`, inclusive) and the number of units exposed, with the basis of
  that count. Rate = Σ weights / (units × years), written to 3 significant figures.
- **Published factors** (`frequency.factors`) where events cannot be counted (own sites,
  your own change process): the product of cited figures. A survey's share `p` of
  organisations with at least one outage in `T` years is a prevalence, not a rate; it
  enters as the Poisson rate `-ln(1 - p) / T`. A factor that is a judgement is marked
  `estimate`, and so is the rate.
- **Region-specific rates** (`frequency.by_region`): where one region has enough events of
  its own (us-east-1), its rate is counted there and applies to domains in that provider
  and region; the pooled rate is the default everywhere else
  (`Pattern::per_year_at`).

**One event, one count.** An incident counts in one pattern's rate, its primary failure;
its knock-on effects come from the implication rules (a region's data plane takes its
control plane; a provider's home region takes its global control plane; a managed service
takes the dependants its provider profile documents), not from other patterns' rates.
Where an event genuinely had two primary failures (AWS 2011 and 2012: EBS stuck in one
zone *and* region-wide API errors), its weight is split and the split explained on the
event. A test and `check` verify that no incident weighs more than 1 across the
catalogue. Patterns whose rates rest on fewer than 3 counted events are flagged
**few events**; reports can show it.

### Durations: log-normal fits

A pattern's duration sample is the same events its rate counts (each with the `part` of
the incident that belongs to the pattern: the region-wide control-plane part of a zone
event, DynamoDB's 172 minutes of the 2025 event), or, for a rate from published factors,
the incidents named in `duration.sample`. Open-ended incidents are left out.

`ln(minutes)` is taken as normal: mu is the mean of the logs; sigma is the pattern's own
sample standard deviation when it has at least 5 durations, else the **pooled** spread,
the within-pattern standard deviation of all patterns' logs together (a common-variance
model; POOLED_SIGMA). The median `exp(mu)` is what the engine plays; the p90
`exp(mu + 1.2816 sigma)` and the mean `exp(mu + sigma²/2)` come from the same fit, with
the sample size `n`. Where no events can be sampled, a published median and quartile
give the log-normal (`duration.published`), or the figures are an estimate with the
reasoning in the derivation. A test refits every duration from the incident records.

Durations flagged `main_impact_estimate` on an incident are rounded press figures or a
maximum ("up to 14 days"), not windows the provider reported; they are used in the fits
and marked `(estimate)` wherever they are shown.

### What is estimated, and why

- Numerators are lower bounds: only events with a public account are counted, and the
  catalogue over-represents long, famous outages.
- Denominators of region and zone counts use today's profiled regions and zones for every
  year (there were fewer earlier), so they overstate the exposure; the profiled regions
  are a subset of each provider's.
- Vendor and agent denominators count companies that are in the catalogue because they
  failed; those rates are overstated for vendors in general.
- Survey rates (Uptime Institute) describe organisations and their sites, including their
  service providers; applying them to one site, one vendor or one component is a
  judgement, marked as such.
- us-east-1 is the oldest and largest AWS region and the one with the most published
  events; its own rate applies there and nowhere else.
- The rates are priors for comparing designs, not predictions for one system.

### Replays

A replay names the pattern whose effects the incident had, the domains that failed
(`at`), optionally the effects on them when they differ from the pattern's (`effects`,
e.g. `degraded` for a partial event), further failures the provider reported with their
own effects and durations (`also`), and what the provider reported about customer data
(`data_loss: none | reported`). A zone or region named `*` means the provider did not
publish which one failed: the replay is played against each one the architecture uses.
Incidents known only as a vendor's customers saw them name the provider event that
caused them (`caused_by`).

### Loading, user catalogues and size

The YAML under `src/catalogue/data/` is converted to compact JSON by `build.rs` and
embedded in the crate, so the catalogue loads without the `yaml` feature and in
WebAssembly; it is parsed once, on first use. Measured on the `wasm-release` profile
(wasm32-unknown-unknown, `opt-level = "z"`, LTO, before wasm-opt), the embedded catalogue
costs WASM_COST.

A user catalogue (YAML with the `yaml` feature, or JSON) has the same format. Merged over
the built-in one, an entry with an existing id **replaces** it in place and an entry with
a new id is **added**; the merged catalogue must pass the same integrity checks,
including one event, one count.

Zone counts (`zone_counts`) are lists, one per provider, each with the provider's page as
its source and the page's date (`as_of`; `as listed in <year>` for an undated page). The
validator reports a placement that declares more zones than its region has
(`zones-beyond-region`); a region without a count is not checked. When a provider adds a
zone, a user catalogue overrides the count of the regions it names and of no other:

```yaml
zone_counts:
  - provider: aws
    source: { title: "AWS Availability Zones", url: "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html" }
    as_of: "2027-01-15"
    regions: [{ name: us-east-1, zones: 7 }]
```
"#;

/// The wasm size cost of the embedded catalogue, measured as described in `METHOD`.
const WASM_COST: &str = "(measured before issue 16's data, when the JSON was 134 KB, 40 KB \
    gzipped; the embedded JSON is now BUILTIN_KB KB, not re-measured in wasm) the data, plus about 189 KB \
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
         Every rate is counted from the incidents it names over a stated exposure, or is the \
         product of cited figures; every duration is a log-normal fitted to the same events. \
         See [Method](#method).\n",
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
    let pooled = stats::pooled_sigma(cat).map_or_else(
        || "no pattern has two durations".to_owned(),
        |s| format!("in this catalogue sigma = {}", approx(s)),
    );
    out.push_str(
        &METHOD
            .replace("WASM_COST", WASM_COST)
            .replace(
                "BUILTIN_KB",
                &(Catalogue::builtin_json().len() / 1024).to_string(),
            )
            .replace("POOLED_SIGMA", &pooled),
    );

    out.push_str("\n## Patterns\n\n");
    out.push_str("| pattern | fails | plane | effects | rate per unit-year | counted events | median / p90 | n |\n");
    out.push_str("|---|---|---|---|---|---|---|---|\n");
    for p in &cat.patterns {
        let n = p
            .duration
            .fit
            .as_ref()
            .map(|f| f.n)
            .or(p.duration.published.as_ref().map(|x| x.n))
            .map_or_else(|| "-".to_owned(), |n| n.to_string());
        let _ = writeln!(
            out,
            "| [`{}`](#{}) | {} | {} | {} | {} per {}{}{} | {} | {} / {}{} | {} |",
            p.id,
            anchor(&p.id),
            p.fails,
            name(&p.plane),
            effects(p),
            num(p.frequency.per_instance_per_year),
            p.frequency.unit.as_str(),
            if p.frequency.estimate { " (est.)" } else { "" },
            if p.few_events() { " (few events)" } else { "" },
            if p.frequency.rate.is_some() {
                approx(p.counted_weight())
            } else {
                "factors".to_owned()
            },
            minutes(p.duration.median_minutes),
            minutes(p.duration.p90_minutes),
            if p.duration.estimate { " (est.)" } else { "" },
            n
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
        markdown_provider(&mut out, cat, p);
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
    if p.fraction != 1.0 {
        let _ = writeln!(
            out,
            "- **Fraction:** {} of the domain's fleet or capacity",
            num(p.fraction)
        );
    }
    if p.partition {
        out.push_str(
            "- **Partition:** the failed domain's hosts keep running, unreachable (an unfenced automatic promotion elsewhere splits the brain)\n",
        );
    }
    out.push_str("\n```text\n");
    for line in frequency_lines(cat, p)
        .into_iter()
        .chain(duration_lines(cat, p))
    {
        let _ = writeln!(out, "{line}");
    }
    out.push_str("```\n\n");
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

/// The `zone_counts` lists of provider `p`, each as its counts (`us-east-1 6`, in the
/// profile's region order, then regions the profile does not list) and the list itself.
fn zone_count_lists<'a>(
    cat: &'a Catalogue,
    p: &ProviderProfile,
) -> Vec<(String, &'a crate::catalogue::ZoneCounts)> {
    cat.zone_counts
        .iter()
        .filter(|list| list.provider == p.id)
        .map(|list| {
            let zones_of = |name: &str| list.regions.iter().find(|r| r.name == name);
            let listed = p
                .regions
                .iter()
                .filter_map(|name| zones_of(name).map(|r| format!("{} {}", r.name, r.zones)));
            let others = list
                .regions
                .iter()
                .filter(|r| !p.regions.contains(&r.name))
                .map(|r| format!("{} {}", r.name, r.zones));
            (listed.chain(others).collect::<Vec<_>>().join(", "), list)
        })
        .collect()
}

fn markdown_provider(out: &mut String, cat: &Catalogue, p: &ProviderProfile) {
    let _ = writeln!(out, "\n### {} (`{}`)\n", p.name, p.id);
    if !p.aliases.is_empty() {
        let _ = writeln!(out, "- **Aliases:** {}", p.aliases.join(", "));
    }
    let _ = writeln!(out, "- **Zone naming:** `{}`", p.zone_naming);
    if let Some(ids) = &p.zone_id_naming {
        let _ = writeln!(
            out,
            "- **Zone ids:** `{ids}` (the same physical zone in every account; zone names map to them per account)"
        );
    }
    if !p.regions.is_empty() {
        let _ = writeln!(out, "- **Regions:** {}", p.regions.join(", "));
    }
    for (counts, list) in zone_count_lists(cat, p) {
        let note = list
            .note
            .as_deref()
            .map(|n| format!(" {}", n.trim()))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- **Availability zones per region** ({}, {}): {counts}.{note}",
            md_link(&list.source),
            list.as_of
        );
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
                dependents_text(&d.dependents),
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
/// assert!(text.contains("Rate:") && text.contains("Duration:"));
/// assert!(explain(Catalogue::builtin(), "no-such-thing").is_none());
/// ```
pub fn explain(cat: &Catalogue, id: &str) -> Option<String> {
    if let Some(p) = cat.pattern(id) {
        return Some(explain_pattern(cat, p));
    }
    if let Some(i) = cat.incident(id) {
        return Some(explain_incident(i));
    }
    cat.provider(id).map(|p| explain_provider(cat, p))
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
    if p.fraction != 1.0 {
        let _ = writeln!(out, "Fraction:  {} of the domain", num(p.fraction));
    }
    if p.partition {
        out.push_str("Partition: its hosts keep running, unreachable\n");
    }
    out.push('\n');
    for line in frequency_lines(cat, p) {
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
    for line in duration_lines(cat, p) {
        let _ = writeln!(out, "{line}");
    }
    if !p.mitigations.is_empty() {
        let _ = writeln!(out, "\nWhat helped:");
        for m in &p.mitigations {
            let _ = writeln!(out, "  - {}", m.trim());
        }
    }
    let _ = writeln!(
        out,
        "\nIncidents (evidence; those counted above are in the rate):"
    );
    for id in &p.incidents {
        match cat.incident(id) {
            Some(i) => {
                let counted = p.counted_events().any(|e| &e.incident == id);
                let _ = writeln!(
                    out,
                    "  - {} {} ({}){}: {}",
                    i.date,
                    i.id,
                    incident_duration(i),
                    if counted { ", counted" } else { "" },
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
    for part in &i.parts {
        let _ = writeln!(
            out,
            "Part:        {} ({}): {}",
            part.id,
            minutes(part.minutes),
            part.what
        );
    }
    if let Some(c) = &i.caused_by {
        let _ = writeln!(out, "Caused by:   {c}");
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
        let effects_text = if r.effects.is_empty() {
            String::new()
        } else {
            let e: Vec<&str> = r.effects.iter().map(|e| e.as_str()).collect();
            format!(" ({})", e.join(", "))
        };
        let _ = writeln!(
            out,
            "Replay:      {} at {}{effects_text} for {}",
            r.pattern,
            at.join(", "),
            minutes_text
        );
        for a in &r.also {
            let at: Vec<String> = a.at.iter().map(ToString::to_string).collect();
            let e: Vec<&str> = a.effects.iter().map(|e| e.as_str()).collect();
            let _ = writeln!(
                out,
                "             also {} ({}){}",
                at.join(", "),
                e.join(", "),
                a.minutes
                    .map(|m| format!(" for {}", minutes(m)))
                    .unwrap_or_default()
            );
        }
        if let Some(d) = r.data_loss {
            let _ = writeln!(out, "             customer data lost: {}", name(&d));
        }
    }
    let _ = writeln!(out, "\nSources:");
    for s in &i.sources {
        let _ = writeln!(out, "  - {}: {}", s.title, s.url);
    }
    out
}

fn explain_provider(cat: &Catalogue, p: &ProviderProfile) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "provider {}: {}\n", p.id, p.name);
    if !p.aliases.is_empty() {
        let _ = writeln!(out, "Aliases:     {}", p.aliases.join(", "));
    }
    let _ = writeln!(out, "Zone naming: {}", p.zone_naming);
    if let Some(ids) = &p.zone_id_naming {
        let _ = writeln!(out, "Zone ids:    {ids}");
    }
    if !p.regions.is_empty() {
        let _ = writeln!(out, "Regions:     {}", p.regions.join(", "));
    }
    for (counts, list) in zone_count_lists(cat, p) {
        let _ = writeln!(out, "Zones:       {counts}");
        let _ = writeln!(
            out,
            "  source: {}: {} ({})",
            list.source.title, list.source.url, list.as_of
        );
        if let Some(n) = &list.note {
            let _ = writeln!(out, "  {}", n.trim());
        }
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
                dependents_text(&d.dependents),
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
        assert_eq!(
            per_unit_year(0.25, ExposureUnit::Zone),
            "0.25 per zone-year (1 in 4 zone-years)"
        );
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }
}
