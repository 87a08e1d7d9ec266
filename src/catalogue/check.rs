//! Integrity checks: the catalogue's promises (every figure cited, every reference
//! resolvable) written as code. Problems are data, each with a JSON pointer.

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;

use super::stats;
use super::types::{
    Catalogue, CitedShare, ExposureUnit, FrequencyPrior, Incident, Pattern, ProviderProfile, Rate,
    Source, ZoneCounts,
};

/// One integrity problem in a catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogueProblem {
    /// What kind of problem.
    pub kind: ProblemKind,
    /// JSON pointer to the offending value (`/patterns/3/incidents/1`).
    pub pointer: String,
    /// What is wrong, naming the entry by id.
    pub message: String,
}

impl fmt::Display for CatalogueProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// The kinds of integrity problem, each with a stable kebab-case name in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// Two entries of one section share an id (or a provider two service names).
    DuplicateId,
    /// An id is empty or uses characters other than `a-z 0-9 . _ -`.
    BadId,
    /// A required text (name, summary, title, root cause ...) is empty.
    EmptyField,
    /// A pattern or provider dependency cites an incident the catalogue does not have.
    UnknownIncident,
    /// An incident cites a pattern the catalogue does not have.
    UnknownPattern,
    /// An incident's replay names a pattern the catalogue does not have.
    UnknownReplayPattern,
    /// An incident's replay pattern is not among the incident's own `patterns`.
    ReplayPatternNotListed,
    /// An incident has no source, or a global control plane no `source`.
    MissingSource,
    /// A source URL is not `https://`.
    NonHttpsSource,
    /// A pattern cites no incident.
    NoIncident,
    /// A pattern has no effect.
    NoEffects,
    /// A duration's median is above its 90th percentile.
    MedianAboveP90,
    /// A number is negative, NaN or infinite (or a median is zero).
    BadNumber,
    /// A duration or frequency has no derivation.
    EmptyDerivation,
    /// An incident has neither `main_impact_minutes` nor `duration_note`.
    MissingDuration,
    /// An incident date is not `YYYY-MM-DD` or `YYYY-MM`.
    BadDate,
    /// A stored rate differs from the arithmetic it cites (Σ weights / unit-years, or the
    /// product of factors), or a duration's median, p90 or mean differ from its fit.
    Mismatch,
    /// A frequency that names its `unit` and is not an estimate has neither a counted
    /// `rate` nor `factors`, or such a pattern's duration has neither a fit nor published
    /// quantiles (patterns without a `unit`, the older user format, are exempt).
    UnstructuredRate,
    /// A weight, share or fraction is outside (0, 1], or an exposure is empty.
    BadShare,
    /// An incident's weights across all patterns' rates add up to more than 1: one event
    /// counted twice.
    CountedTwice,
    /// A counted event names a `part` its incident does not have.
    UnknownPart,
    /// A `zone_counts` list names a provider the catalogue has no profile for.
    UnknownProvider,
    /// A provider's `zone_id_naming` uses a placeholder other than `{letters}` and
    /// `{digits}`.
    BadPattern,
}

impl Catalogue {
    /// Every integrity problem, in catalogue order: duplicate ids, dangling references
    /// (pattern → incident, incident → pattern, replay → pattern, provider dependency →
    /// incident), missing or non-https sources, patterns without incidents or effects,
    /// median above p90, negative/NaN/infinite numbers, empty derivations, incidents
    /// without a duration or a note saying why, malformed dates; zone counts that are 0,
    /// lack an https source or a date, or name a provider without a profile.
    ///
    /// Unknown effect kinds and domain classes never get this far: they are parse errors.
    ///
    /// # Complexity
    ///
    /// O(n log n) in the number of entries and references.
    pub fn check(&self) -> Vec<CatalogueProblem> {
        let mut problems = local_problems(self);
        problems.extend(reference_problems(self));
        problems
    }
}

struct Sink(Vec<CatalogueProblem>);

impl Sink {
    fn push(&mut self, kind: ProblemKind, pointer: String, message: String) {
        self.0.push(CatalogueProblem {
            kind,
            pointer,
            message,
        });
    }

    fn text(&mut self, value: &str, pointer: String, what: &str) {
        if value.trim().is_empty() {
            self.push(ProblemKind::EmptyField, pointer, format!("{what} is empty"));
        }
    }

    fn number(&mut self, value: f64, pointer: String, what: &str) {
        if !value.is_finite() || value < 0.0 {
            self.push(
                ProblemKind::BadNumber,
                pointer,
                format!("{what} is {value}; it must be a finite number >= 0"),
            );
        }
    }

    fn id(&mut self, id: &str, pointer: String, what: &str) {
        let ok = !id.is_empty()
            && id.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'.' | b'_')
            });
        if !ok {
            self.push(
                ProblemKind::BadId,
                pointer,
                format!("{what} id `{id}` must be non-empty and use only a-z, 0-9, `.`, `_`, `-`"),
            );
        }
    }

    fn sources(&mut self, sources: &[Source], base: &str, owner: &str, required: bool) {
        if required && sources.is_empty() {
            self.push(
                ProblemKind::MissingSource,
                format!("{base}/sources"),
                format!("{owner} has no source"),
            );
        }
        for (i, s) in sources.iter().enumerate() {
            self.text(
                &s.title,
                format!("{base}/sources/{i}/title"),
                &format!("{owner}: a source title"),
            );
            if !s.url.starts_with("https://") || s.url.len() <= "https://".len() {
                self.push(
                    ProblemKind::NonHttpsSource,
                    format!("{base}/sources/{i}/url"),
                    format!("{owner}: source URL `{}` is not an https:// URL", s.url),
                );
            }
        }
    }
}

/// Ids used more than once in one section of `cat`.
pub(crate) fn duplicate_problems(cat: &Catalogue) -> Vec<CatalogueProblem> {
    let mut sink = Sink(Vec::new());
    duplicates(
        &mut sink,
        "patterns",
        "pattern",
        cat.patterns.iter().map(|p| p.id.as_str()),
    );
    duplicates(
        &mut sink,
        "incidents",
        "incident",
        cat.incidents.iter().map(|i| i.id.as_str()),
    );
    duplicates(
        &mut sink,
        "providers",
        "provider",
        cat.providers.iter().map(|p| p.id.as_str()),
    );
    sink.0
}

fn duplicates<'a>(sink: &mut Sink, section: &str, what: &str, ids: impl Iterator<Item = &'a str>) {
    let mut seen = BTreeSet::new();
    for (i, id) in ids.enumerate() {
        if !seen.insert(id) {
            sink.push(
                ProblemKind::DuplicateId,
                format!("/{section}/{i}/id"),
                format!("{what} id `{id}` is used more than once"),
            );
        }
    }
}

/// Problems visible in `cat` alone: everything but cross-references.
pub(crate) fn local_problems(cat: &Catalogue) -> Vec<CatalogueProblem> {
    let mut sink = Sink(duplicate_problems(cat));
    for (i, p) in cat.patterns.iter().enumerate() {
        pattern_local(&mut sink, i, p);
    }
    for (i, inc) in cat.incidents.iter().enumerate() {
        incident_local(&mut sink, i, inc);
    }
    for (i, prov) in cat.providers.iter().enumerate() {
        provider_local(&mut sink, i, prov);
    }
    for (i, list) in cat.zone_counts.iter().enumerate() {
        zone_counts_local(&mut sink, i, list);
    }
    sink.0
}

fn zone_counts_local(sink: &mut Sink, i: usize, list: &ZoneCounts) {
    let base = format!("/zone_counts/{i}");
    let owner = format!("the zone counts of `{}`", list.provider);
    sink.id(&list.provider, format!("{base}/provider"), "provider");
    sink.text(
        &list.source.title,
        format!("{base}/source/title"),
        &format!("{owner}: the source title"),
    );
    let url = &list.source.url;
    if !url.starts_with("https://") || url.len() <= "https://".len() {
        sink.push(
            ProblemKind::NonHttpsSource,
            format!("{base}/source/url"),
            format!("{owner}: source URL `{url}` is not an https:// URL"),
        );
    }
    if list.as_of.trim().is_empty() {
        sink.push(
            ProblemKind::MissingSource,
            format!("{base}/as_of"),
            format!(
                "{owner}: `as_of` is empty; give the page's date, or `as listed in <year>` for an undated page"
            ),
        );
    }
    if let Some(note) = &list.note {
        sink.text(note, format!("{base}/note"), &format!("{owner}: the note"));
    }
    if list.regions.is_empty() {
        sink.push(
            ProblemKind::EmptyField,
            format!("{base}/regions"),
            format!("{owner}: no region is counted"),
        );
    }
    let mut seen = BTreeSet::new();
    for (j, r) in list.regions.iter().enumerate() {
        let pointer = format!("{base}/regions/{j}");
        if r.name.trim().is_empty() {
            sink.push(
                ProblemKind::EmptyField,
                format!("{pointer}/name"),
                format!("{owner}: a region name is empty"),
            );
        } else if !seen.insert(r.name.as_str()) {
            sink.push(
                ProblemKind::DuplicateId,
                format!("{pointer}/name"),
                format!("{owner}: `{}` is counted twice", r.name),
            );
        }
        if r.zones == 0 {
            sink.push(
                ProblemKind::BadNumber,
                format!("{pointer}/zones"),
                format!(
                    "{owner}: `{}` has 0 zones; a region has at least 1 (one without availability zones is one zone)",
                    r.name
                ),
            );
        }
    }
}

fn pattern_local(sink: &mut Sink, i: usize, p: &Pattern) {
    let base = format!("/patterns/{i}");
    let owner = format!("pattern `{}`", p.id);
    sink.id(&p.id, format!("{base}/id"), "pattern");
    sink.text(&p.name, format!("{base}/name"), &format!("{owner}: name"));
    sink.text(
        &p.summary,
        format!("{base}/summary"),
        &format!("{owner}: summary"),
    );
    if p.effects.is_empty() {
        sink.push(
            ProblemKind::NoEffects,
            format!("{base}/effects"),
            format!("{owner} has no effect"),
        );
    }
    if p.incidents.is_empty() {
        sink.push(
            ProblemKind::NoIncident,
            format!("{base}/incidents"),
            format!("{owner} cites no incident"),
        );
    }
    let d = &p.duration;
    sink.number(
        d.median_minutes,
        format!("{base}/duration/median_minutes"),
        &format!("{owner}: median_minutes"),
    );
    sink.number(
        d.p90_minutes,
        format!("{base}/duration/p90_minutes"),
        &format!("{owner}: p90_minutes"),
    );
    if d.median_minutes == 0.0 {
        sink.push(
            ProblemKind::BadNumber,
            format!("{base}/duration/median_minutes"),
            format!("{owner}: median_minutes must be above 0"),
        );
    }
    if d.median_minutes.is_finite() && d.p90_minutes.is_finite() && d.median_minutes > d.p90_minutes
    {
        sink.push(
            ProblemKind::MedianAboveP90,
            format!("{base}/duration"),
            format!(
                "{owner}: median_minutes {} is above p90_minutes {}",
                d.median_minutes, d.p90_minutes
            ),
        );
    }
    if d.derivation.trim().is_empty() {
        sink.push(
            ProblemKind::EmptyDerivation,
            format!("{base}/duration/derivation"),
            format!("{owner}: the duration has no derivation"),
        );
    }
    let f = &p.frequency;
    sink.number(
        f.per_instance_per_year,
        format!("{base}/frequency/per_instance_per_year"),
        &format!("{owner}: per_instance_per_year"),
    );
    if f.derivation.trim().is_empty() {
        sink.push(
            ProblemKind::EmptyDerivation,
            format!("{base}/frequency/derivation"),
            format!("{owner}: the frequency has no derivation"),
        );
    }
    for (j, m) in p.mitigations.iter().enumerate() {
        sink.text(
            m,
            format!("{base}/mitigations/{j}"),
            &format!("{owner}: a mitigation"),
        );
    }
    frequency_local(sink, &base, &owner, f);
    duration_local(sink, &base, &owner, p);
    if !(p.fraction > 0.0 && p.fraction <= 1.0) {
        sink.push(
            ProblemKind::BadShare,
            format!("{base}/fraction"),
            format!("{owner}: fraction {} is not in (0, 1]", p.fraction),
        );
    }
    if let Some(share) = &p.ring_bypass_share {
        cited_share(sink, &format!("{base}/ring_bypass_share"), &owner, share);
    }
    let mut by_provider: std::collections::BTreeMap<&str, f64> = Default::default();
    for (j, r) in p.root_services.iter().enumerate() {
        if !(r.share > 0.0 && r.share <= 1.0) {
            sink.push(
                ProblemKind::BadShare,
                format!("{base}/root_services/{j}/share"),
                format!(
                    "{owner}: root service `{}` has share {}",
                    r.service, r.share
                ),
            );
        }
        *by_provider.entry(r.provider.as_str()).or_default() += r.share;
    }
    for (provider, total) in by_provider {
        if (total - 1.0).abs() > 0.011 {
            sink.push(
                ProblemKind::Mismatch,
                format!("{base}/root_services"),
                format!(
                    "{owner}: the root-service shares of `{provider}` add up to {total}, not 1"
                ),
            );
        }
    }
}

/// Relative agreement to the 3 significant figures the data are written with.
fn close(stored: f64, computed: f64) -> bool {
    stored.is_finite()
        && computed.is_finite()
        && (stored - computed).abs() <= 0.005 * computed.abs().max(f64::MIN_POSITIVE)
}

fn rate_local(sink: &mut Sink, base: &str, owner: &str, rate: &Rate, stored: f64) {
    for (k, e) in rate.events.iter().enumerate() {
        sink.text(
            &e.incident,
            format!("{base}/events/{k}/incident"),
            &format!("{owner}: a counted incident"),
        );
        if !(e.weight > 0.0 && e.weight <= 1.0) {
            sink.push(
                ProblemKind::BadShare,
                format!("{base}/events/{k}/weight"),
                format!(
                    "{owner}: `{}` has weight {}, not in (0, 1]",
                    e.incident, e.weight
                ),
            );
        }
        if e.weight < 1.0 && e.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            sink.push(
                ProblemKind::EmptyField,
                format!("{base}/events/{k}/note"),
                format!(
                    "{owner}: `{}` has a split weight and no note saying why",
                    e.incident
                ),
            );
        }
    }
    let x = &rate.exposure;
    if !(x.units > 0.0 && x.units.is_finite()) || x.to_year < x.from_year {
        sink.push(
            ProblemKind::BadShare,
            format!("{base}/exposure"),
            format!(
                "{owner}: exposure of {} units over {}-{} is empty",
                x.units, x.from_year, x.to_year
            ),
        );
    }
    sink.text(
        &x.basis,
        format!("{base}/exposure/basis"),
        &format!("{owner}: the exposure's basis"),
    );
    sink.sources(&x.sources, &format!("{base}/exposure"), owner, false);
    if !close(stored, rate.result()) {
        sink.push(
            ProblemKind::Mismatch,
            base.to_owned(),
            format!(
                "{owner}: the rate is {stored} but its events weigh {} over {} unit-years = {}",
                rate.total_weight(),
                x.unit_years(),
                rate.result()
            ),
        );
    }
}

fn frequency_local(sink: &mut Sink, base: &str, owner: &str, f: &FrequencyPrior) {
    let fbase = format!("{base}/frequency");
    match (&f.rate, f.factors.is_empty()) {
        (Some(rate), true) => rate_local(
            sink,
            &format!("{fbase}/rate"),
            owner,
            rate,
            f.per_instance_per_year,
        ),
        (None, false) => {
            for (k, factor) in f.factors.iter().enumerate() {
                sink.text(
                    &factor.what,
                    format!("{fbase}/factors/{k}/what"),
                    &format!("{owner}: a factor"),
                );
                if !factor.estimate && factor.sources.is_empty() {
                    sink.push(
                        ProblemKind::MissingSource,
                        format!("{fbase}/factors/{k}/sources"),
                        format!(
                            "{owner}: factor `{}` is neither cited nor an estimate",
                            factor.what
                        ),
                    );
                }
                sink.sources(
                    &factor.sources,
                    &format!("{fbase}/factors/{k}"),
                    owner,
                    false,
                );
            }
            let product = super::types::product(&f.factors);
            if !close(f.per_instance_per_year, product) {
                sink.push(
                    ProblemKind::Mismatch,
                    format!("{fbase}/factors"),
                    format!(
                        "{owner}: the rate is {} but its factors multiply to {product}",
                        f.per_instance_per_year
                    ),
                );
            }
        }
        (Some(_), false) => sink.push(
            ProblemKind::Mismatch,
            fbase.clone(),
            format!("{owner}: a frequency has either a counted `rate` or `factors`, not both"),
        ),
        (None, true) => {
            // A pattern without a `unit` is in the format of user catalogues written before
            // rates were structured: its prose derivation is still accepted there (the
            // built-in catalogue is held to the structured form by its tests).
            if !f.estimate && f.unit != ExposureUnit::Instance {
                sink.push(
                    ProblemKind::UnstructuredRate,
                    fbase.clone(),
                    format!(
                        "{owner}: the frequency is not an estimate but has neither a counted `rate` nor `factors`"
                    ),
                );
            }
        }
    }
    for (k, r) in f.by_region.iter().enumerate() {
        rate_local(
            sink,
            &format!("{fbase}/by_region/{k}/rate"),
            &format!("{owner} in {}/{}", r.provider, r.region),
            &r.rate,
            r.per_year,
        );
    }
}

fn duration_local(sink: &mut Sink, base: &str, owner: &str, p: &Pattern) {
    let d = &p.duration;
    let fit = match (&d.fit, &d.published) {
        (Some(f), _) => Some(f.clone()),
        (None, Some(pubd)) => {
            let f = stats::from_published(pubd);
            if f.is_none() {
                sink.push(
                    ProblemKind::BadNumber,
                    format!("{base}/duration/published/quantile"),
                    format!(
                        "{owner}: quantile {} is not one of 0.75, 0.9, 0.95",
                        pubd.quantile
                    ),
                );
            }
            f
        }
        (None, None) => None,
    };
    let Some(fit) = fit else {
        if !d.estimate && p.frequency.unit != ExposureUnit::Instance {
            sink.push(
                ProblemKind::UnstructuredRate,
                format!("{base}/duration"),
                format!("{owner}: the duration is not an estimate but has no fit and no published quantiles"),
            );
        }
        return;
    };
    let (median, p90, mean) = stats::summary(&fit);
    let within = |stored: f64, computed: f64| (stored - computed).abs() <= 0.5 + 1e-9;
    let mean_ok = d.mean_minutes.is_some_and(|m| within(m, mean));
    if !within(d.median_minutes, median) || !within(d.p90_minutes, p90) || !mean_ok {
        sink.push(
            ProblemKind::Mismatch,
            format!("{base}/duration"),
            format!(
                "{owner}: median/p90/mean {}/{}/{:?} differ from the fit's {median:.0}/{p90:.0}/{mean:.0} (whole minutes)",
                d.median_minutes, d.p90_minutes, d.mean_minutes
            ),
        );
    }
}

fn cited_share(sink: &mut Sink, base: &str, owner: &str, share: &CitedShare) {
    if !(share.value >= 0.0 && share.value <= 1.0) {
        sink.push(
            ProblemKind::BadShare,
            format!("{base}/value"),
            format!("{owner}: share {} is not in [0, 1]", share.value),
        );
    }
    sink.text(
        &share.derivation,
        format!("{base}/derivation"),
        &format!("{owner}: the share's derivation"),
    );
    if !share.estimate && share.sources.is_empty() {
        sink.push(
            ProblemKind::MissingSource,
            format!("{base}/sources"),
            format!("{owner}: the share is neither cited nor an estimate"),
        );
    }
    sink.sources(&share.sources, base, owner, false);
}

fn is_date(date: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = date.split('-').collect();
    let month_ok = |m: &str| digits(m, 2) && matches!(m.parse::<u8>(), Ok(1..=12));
    match parts.as_slice() {
        [y, m] => digits(y, 4) && month_ok(m),
        [y, m, d] => {
            digits(y, 4) && month_ok(m) && digits(d, 2) && matches!(d.parse::<u8>(), Ok(1..=31))
        }
        _ => false,
    }
}

fn incident_local(sink: &mut Sink, i: usize, inc: &Incident) {
    let base = format!("/incidents/{i}");
    let owner = format!("incident `{}`", inc.id);
    sink.id(&inc.id, format!("{base}/id"), "incident");
    sink.text(
        &inc.title,
        format!("{base}/title"),
        &format!("{owner}: title"),
    );
    sink.text(
        &inc.provider,
        format!("{base}/provider"),
        &format!("{owner}: provider"),
    );
    sink.text(
        &inc.root_cause.primary,
        format!("{base}/root_cause/primary"),
        &format!("{owner}: root cause"),
    );
    if !is_date(&inc.date) {
        sink.push(
            ProblemKind::BadDate,
            format!("{base}/date"),
            format!("{owner}: date `{}` is not YYYY-MM-DD or YYYY-MM", inc.date),
        );
    }
    for (field, value) in [
        ("main_impact_minutes", inc.main_impact_minutes),
        ("long_tail_minutes", inc.long_tail_minutes),
        (
            "replay/minutes",
            inc.replay.as_ref().and_then(|r| r.minutes),
        ),
    ] {
        if let Some(v) = value {
            sink.number(v, format!("{base}/{field}"), &format!("{owner}: {field}"));
        }
    }
    let has_note = inc
        .duration_note
        .as_deref()
        .is_some_and(|n| !n.trim().is_empty());
    if inc.main_impact_minutes.is_none() && !has_note {
        sink.push(
            ProblemKind::MissingDuration,
            format!("{base}/main_impact_minutes"),
            format!("{owner} has neither main_impact_minutes nor a duration_note saying why"),
        );
    }
    sink.sources(&inc.sources, &base, &owner, true);
    if let Some(replay) = &inc.replay {
        if replay.at.is_empty() {
            sink.push(
                ProblemKind::EmptyField,
                format!("{base}/replay/at"),
                format!("{owner}: the replay names no domain"),
            );
        }
        for (j, also) in replay.also.iter().enumerate() {
            if also.at.is_empty() || also.effects.is_empty() {
                sink.push(
                    ProblemKind::EmptyField,
                    format!("{base}/replay/also/{j}"),
                    format!("{owner}: a further failure names no domain or no effect"),
                );
            }
            if let Some(m) = also.minutes {
                sink.number(m, format!("{base}/replay/also/{j}/minutes"), &owner);
            }
        }
    }
    let mut seen = BTreeSet::new();
    for (j, part) in inc.parts.iter().enumerate() {
        sink.number(part.minutes, format!("{base}/parts/{j}/minutes"), &owner);
        sink.text(
            &part.what,
            format!("{base}/parts/{j}/what"),
            &format!("{owner}: a part"),
        );
        if !seen.insert(part.id.as_str()) {
            sink.push(
                ProblemKind::DuplicateId,
                format!("{base}/parts/{j}/id"),
                format!("{owner}: part `{}` is listed twice", part.id),
            );
        }
    }
}

fn provider_local(sink: &mut Sink, i: usize, prov: &ProviderProfile) {
    let base = format!("/providers/{i}");
    let owner = format!("provider `{}`", prov.id);
    sink.id(&prov.id, format!("{base}/id"), "provider");
    sink.text(
        &prov.name,
        format!("{base}/name"),
        &format!("{owner}: name"),
    );
    sink.sources(&prov.sources, &base, &owner, false);
    if let Some(pattern) = &prov.zone_id_naming {
        let rest = pattern.replace("{letters}", "").replace("{digits}", "");
        if pattern.trim().is_empty() || rest.contains(['{', '}']) {
            sink.push(
                ProblemKind::BadPattern,
                format!("{base}/zone_id_naming"),
                format!(
                    "{owner}: zone id pattern `{pattern}` is empty or uses a placeholder other than `{{letters}}` and `{{digits}}`"
                ),
            );
        }
    }
    if let Some(g) = &prov.global_control_plane {
        sink.text(
            &g.home_region,
            format!("{base}/global_control_plane/home_region"),
            &format!("{owner}: global control plane home region"),
        );
        if g.source.trim().is_empty() {
            sink.push(
                ProblemKind::MissingSource,
                format!("{base}/global_control_plane/source"),
                format!("{owner}: the global control plane has no source"),
            );
        }
    }
    let mut seen = BTreeSet::new();
    for (j, s) in prov.services.iter().enumerate() {
        sink.text(
            &s.name,
            format!("{base}/services/{j}/name"),
            &format!("{owner}: a service name"),
        );
        if !seen.insert(s.name.as_str()) {
            sink.push(
                ProblemKind::DuplicateId,
                format!("{base}/services/{j}/name"),
                format!("{owner}: service `{}` is listed twice", s.name),
            );
        }
    }
    for (j, d) in prov.internal_dependencies.iter().enumerate() {
        sink.text(
            &d.service,
            format!("{base}/internal_dependencies/{j}/service"),
            &format!("{owner}: a dependency's service"),
        );
        if d.dependents.is_empty() {
            sink.push(
                ProblemKind::EmptyField,
                format!("{base}/internal_dependencies/{j}/dependents"),
                format!(
                    "{owner}: the dependency on `{}` lists no dependents",
                    d.service
                ),
            );
        }
    }
}

/// Cross-reference problems: every id cited must exist in `cat`.
pub(crate) fn reference_problems(cat: &Catalogue) -> Vec<CatalogueProblem> {
    let mut sink = Sink(Vec::new());
    let patterns: BTreeSet<&str> = cat.patterns.iter().map(|p| p.id.as_str()).collect();
    let incidents: BTreeSet<&str> = cat.incidents.iter().map(|i| i.id.as_str()).collect();
    for (i, p) in cat.patterns.iter().enumerate() {
        for (j, id) in p.incidents.iter().enumerate() {
            if !incidents.contains(id.as_str()) {
                sink.push(
                    ProblemKind::UnknownIncident,
                    format!("/patterns/{i}/incidents/{j}"),
                    format!("pattern `{}` cites unknown incident `{id}`", p.id),
                );
            }
        }
    }
    for (i, inc) in cat.incidents.iter().enumerate() {
        for (j, id) in inc.patterns.iter().enumerate() {
            if !patterns.contains(id.as_str()) {
                sink.push(
                    ProblemKind::UnknownPattern,
                    format!("/incidents/{i}/patterns/{j}"),
                    format!("incident `{}` cites unknown pattern `{id}`", inc.id),
                );
            }
        }
        if let Some(replay) = &inc.replay {
            if !patterns.contains(replay.pattern.as_str()) {
                sink.push(
                    ProblemKind::UnknownReplayPattern,
                    format!("/incidents/{i}/replay/pattern"),
                    format!(
                        "incident `{}` replays unknown pattern `{}`",
                        inc.id, replay.pattern
                    ),
                );
            } else if !inc.patterns.iter().any(|p| p == &replay.pattern) {
                sink.push(
                    ProblemKind::ReplayPatternNotListed,
                    format!("/incidents/{i}/replay/pattern"),
                    format!(
                        "incident `{}` replays pattern `{}`, which is not among its `patterns`",
                        inc.id, replay.pattern
                    ),
                );
            }
        }
    }
    for (i, p) in cat.patterns.iter().enumerate() {
        let mut rates: Vec<(String, &Rate)> = Vec::new();
        if let Some(r) = &p.frequency.rate {
            rates.push((format!("/patterns/{i}/frequency/rate"), r));
        }
        for (k, r) in p.frequency.by_region.iter().enumerate() {
            rates.push((
                format!("/patterns/{i}/frequency/by_region/{k}/rate"),
                &r.rate,
            ));
        }
        for (base, rate) in rates {
            for (k, e) in rate.events.iter().enumerate() {
                match cat.incident(&e.incident) {
                    None => sink.push(
                        ProblemKind::UnknownIncident,
                        format!("{base}/events/{k}/incident"),
                        format!(
                            "pattern `{}` counts unknown incident `{}`",
                            p.id, e.incident
                        ),
                    ),
                    Some(inc) => {
                        if let Some(part) = &e.part
                            && !inc.parts.iter().any(|x| &x.id == part)
                        {
                            sink.push(
                                ProblemKind::UnknownPart,
                                format!("{base}/events/{k}/part"),
                                format!(
                                    "pattern `{}` takes part `{part}` of `{}`, which has no such part",
                                    p.id, e.incident
                                ),
                            );
                        }
                        if !p.incidents.contains(&e.incident) {
                            sink.push(
                                ProblemKind::UnknownIncident,
                                format!("{base}/events/{k}/incident"),
                                format!(
                                    "pattern `{}` counts `{}` but does not cite it in `incidents`",
                                    p.id, e.incident
                                ),
                            );
                        }
                    }
                }
            }
        }
        for (k, e) in p.duration.sample.iter().enumerate() {
            match cat.incident(&e.incident) {
                None => sink.push(
                    ProblemKind::UnknownIncident,
                    format!("/patterns/{i}/duration/sample/{k}/incident"),
                    format!(
                        "pattern `{}` samples unknown incident `{}`",
                        p.id, e.incident
                    ),
                ),
                Some(inc) => {
                    if let Some(part) = &e.part
                        && !inc.parts.iter().any(|x| &x.id == part)
                    {
                        sink.push(
                            ProblemKind::UnknownPart,
                            format!("/patterns/{i}/duration/sample/{k}/part"),
                            format!("pattern `{}` samples part `{part}` of `{}`, which has no such part", p.id, e.incident),
                        );
                    }
                }
            }
        }
        if !p.duration.sample.is_empty() && p.frequency.rate.is_some() {
            sink.push(
                ProblemKind::Mismatch,
                format!("/patterns/{i}/duration/sample"),
                format!(
                    "pattern `{}` counts events in its rate, so its duration sample is those events; remove `duration.sample`",
                    p.id
                ),
            );
        }
        for (k, r) in p.root_services.iter().enumerate() {
            for (m, id) in r.incidents.iter().enumerate() {
                let counted = p.counted_events().any(|e| &e.incident == id);
                if !counted {
                    sink.push(
                        ProblemKind::UnknownIncident,
                        format!("/patterns/{i}/root_services/{k}/incidents/{m}"),
                        format!(
                            "pattern `{}`: root service `{}` cites `{id}`, which its rate does not count",
                            p.id, r.service
                        ),
                    );
                }
            }
        }
    }
    let ledger = stats::weight_per_incident(cat);
    for (id, total) in &ledger {
        if *total > 1.0 + 1e-9 {
            let pointer = cat
                .incidents
                .iter()
                .position(|i| i.id == *id)
                .map_or_else(|| "/patterns".to_owned(), |k| format!("/incidents/{k}"));
            sink.push(
                ProblemKind::CountedTwice,
                pointer,
                format!(
                    "incident `{id}` weighs {total} across the patterns' rates; one event counts at most once (split its weight and say why)"
                ),
            );
        }
    }
    for (i, inc) in cat.incidents.iter().enumerate() {
        if let Some(cause) = &inc.caused_by
            && !incidents.contains(cause.as_str())
        {
            sink.push(
                ProblemKind::UnknownIncident,
                format!("/incidents/{i}/caused_by"),
                format!(
                    "incident `{}` is caused by unknown incident `{cause}`",
                    inc.id
                ),
            );
        }
    }
    for (i, list) in cat.zone_counts.iter().enumerate() {
        if !cat.providers.iter().any(|p| p.id == list.provider) {
            sink.push(
                ProblemKind::UnknownProvider,
                format!("/zone_counts/{i}/provider"),
                format!(
                    "zone counts are given for provider `{}`, which has no profile (use a profile id such as `aws`)",
                    list.provider
                ),
            );
        }
    }
    for (i, prov) in cat.providers.iter().enumerate() {
        for (j, d) in prov.internal_dependencies.iter().enumerate() {
            if !incidents.contains(d.incident.as_str()) {
                sink.push(
                    ProblemKind::UnknownIncident,
                    format!("/providers/{i}/internal_dependencies/{j}/incident"),
                    format!(
                        "provider `{}`: the dependency on `{}` cites unknown incident `{}`",
                        prov.id, d.service, d.incident
                    ),
                );
            }
        }
    }
    sink.0
}

#[cfg(test)]
mod tests {
    use super::is_date;

    #[test]
    fn dates() {
        for ok in ["2021-12-07", "2025-12", "2012-06-30"] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "",
            "2021",
            "2021-13",
            "2021-12-32",
            "21-12-07",
            "2021-12-07T00:00",
            "2021/12/07",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
