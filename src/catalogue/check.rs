//! Integrity checks: the catalogue's promises (every figure cited, every reference
//! resolvable) written as code. Problems are data, each with a JSON pointer.

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;

use super::types::{Catalogue, Incident, Pattern, ProviderProfile, Source};

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
}

impl Catalogue {
    /// Every integrity problem, in catalogue order: duplicate ids, dangling references
    /// (pattern → incident, incident → pattern, replay → pattern, provider dependency →
    /// incident), missing or non-https sources, patterns without incidents or effects,
    /// median above p90, negative/NaN/infinite numbers, empty derivations, incidents
    /// without a duration or a note saying why, malformed dates.
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
    sink.0
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
    if let Some(replay) = &inc.replay
        && replay.at.is_empty()
    {
        sink.push(
            ProblemKind::EmptyField,
            format!("{base}/replay/at"),
            format!("{owner}: the replay names no domain"),
        );
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
