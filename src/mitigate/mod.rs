//! Mitigations: transforms of the description, each proven by re-scoring a copy.
//!
//! A mitigation is never a canned tip. Each [`Transform`] in the [registry](transforms)
//! looks at the architecture, proposes the concrete changes it applies to (its
//! *candidates*: "add zones to `orders-db`", "a second DNS provider next to `dns`"), and
//! each candidate is a function that changes a clone of the [`Architecture`]. [`Prepared::suggest`]
//! applies every candidate to its own copy, scores the copy with [`Prepared::score`] — the
//! same function a user would call on the changed file — and keeps the measured result.
//!
//! # What is offered, what is rejected
//!
//! A candidate becomes a [`Suggestion`] only when it raises the score (gain > 0 at the
//! report's 0.1-point resolution) **and** no journey's expected yearly downtime rises. The
//! others are listed in [`SuggestReport::rejected`] with the reason, so "no suggestion
//! lowers any journey" is true by construction and visible when a transform that should
//! help does not (that is how an engine surprise shows up, rather than being hidden).
//!
//! # Ranking
//!
//! `priority = gain / weight(cost)`, with weights low 1, medium 2, high 4 (each class
//! roughly doubles the effort of the one below). Suggestions are sorted by priority, then
//! by gain, then by id (all descending but the id), so the order is total and
//! deterministic. `top` truncates after ranking.
//!
//! # Ids
//!
//! `<transform>:<target>`, e.g. `add-zones:orders-db`, `second-dns:dns`,
//! `soften:web->payments`, `stage-rollout:production`. Ids are stable for a given
//! description; [`Prepared::apply`] takes one and returns the changed architecture.
//!
//! # Complexity
//!
//! The candidates are O(components + dependency edges); each transform finds its own in
//! linear time. Each candidate is validated, resolved and expanded into scenarios like a
//! fresh description, but only the scenarios in which a changed component comes out
//! differently are replayed, and within them only what reads a changed component's outcome
//! when the rest is placed as before (see `eval.rs`; the numbers are those of `score()`,
//! which a test checks for every candidate of the examples). Worst case
//! O(candidates × score); typically O(candidates × (scenarios × changed cone + hit
//! scenarios × components)). Candidates are independent, so [`SuggestOptions::threads`]
//! threads may measure them side by side (natively; each thread plays the description's
//! baseline itself, and the report is the same whatever the number).

mod alternatives;
mod data;
mod diff;
mod docs;
mod eval;
mod operations;
mod regions;
mod zones;

use crate::sort::Stable;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use serde::{Deserialize, Serialize};

use crate::catalogue::Catalogue;
use crate::det::round;
use crate::diagnostic::Code;
use crate::edit::Patched;
use crate::engine::Prepared;
use crate::error::Error;
use crate::input::Format;
use crate::model::{Architecture, Dependency};
use crate::resolve::Resolved;
use crate::score::{Finding, Grade};
use eval::Scored;

pub use diff::diff;
pub use docs::docs_markdown;

/// Rough cost of a change: what it takes to build and run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Cost {
    /// Configuration or a little code; no new running capacity.
    Low,
    /// New running capacity or a second vendor in one place.
    Medium,
    /// A second region, a second CDN: a copy of a whole tier to build, pay for and test.
    High,
}

impl Cost {
    /// The divisor of the gain in the ranking: low 1, medium 2, high 4.
    pub fn weight(self) -> f64 {
        match self {
            Cost::Low => 1.0,
            Cost::Medium => 2.0,
            Cost::High => 4.0,
        }
    }

    /// `low`, `medium` or `high`.
    pub fn as_str(self) -> &'static str {
        match self {
            Cost::Low => "low",
            Cost::Medium => "medium",
            Cost::High => "high",
        }
    }
}

/// What [`Prepared::suggest`] should return.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SuggestOptions {
    /// Keep only the best `top` suggestions (after ranking). Default: all.
    pub top: Option<usize>,
    /// How many threads may measure the candidates: 0 (the default) and 1 mean the calling
    /// thread only. Each further thread plays the description's scenarios itself (the
    /// prepared description is shared; about one `score()`'s work and memory, for the
    /// baseline's outcomes) and then takes the next unmeasured candidate until
    /// none is left; the report is the same byte for byte whatever the number. Never more
    /// threads than cores, nor more than one per 16 candidates; WebAssembly builds always
    /// use one thread.
    pub threads: usize,
}

/// The mitigations report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SuggestReport {
    /// The system's name.
    pub name: String,
    /// The score of the description as given.
    pub baseline_score: f64,
    /// Its grade.
    pub baseline_grade: Grade,
    /// Measured suggestions, best first.
    pub suggestions: Vec<Suggestion>,
    /// How many candidate changes were applied and scored.
    pub considered: usize,
    /// Candidates not offered, and why (no gain, or a journey gets worse).
    pub rejected: Vec<Rejected>,
    /// Set when a work budget stopped the measuring before every candidate was measured
    /// (the advice at the end of `score`): how many were measured, and which were first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truncated: Option<String>,
}

/// One measured mitigation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Suggestion {
    /// Stable id, `<transform>:<target>`.
    pub id: String,
    /// The transform's name (see `docs/mitigations.md`).
    pub transform: String,
    /// One line.
    pub title: String,
    /// What changes, in plain words.
    pub description: String,
    /// Rough cost class.
    pub cost: Cost,
    /// Catalogue pattern ids it answers.
    pub answers: Vec<String>,
    /// Score of the changed description.
    pub score: f64,
    /// Its grade.
    pub grade: Grade,
    /// `score − baseline_score`, rounded to 0.1.
    pub gain: f64,
    /// Expected downtime per journey before and after.
    pub journeys: Vec<JourneyGain>,
    /// Baseline finding ids that disappear or cost fewer minutes afterwards.
    pub fixes: Vec<String>,
    /// What changes in the description, as JSON pointers.
    pub diff: Vec<Change>,
}

/// A journey's expected downtime before and after a change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JourneyGain {
    /// Journey name.
    pub name: String,
    /// Expected downtime, minutes per year, as described.
    pub before_minutes_per_year: f64,
    /// Expected downtime, minutes per year, after the change.
    pub after_minutes_per_year: f64,
}

/// One changed value of the description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Change {
    /// JSON pointer (RFC 6901) into the description.
    pub path: String,
    /// The value before (`null`: added).
    pub before: Option<serde_json::Value>,
    /// The value after (`null`: removed).
    pub after: Option<serde_json::Value>,
}

/// A candidate that was measured and not offered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Rejected {
    /// The candidate's id.
    pub id: String,
    /// Why it is not offered.
    pub reason: String,
}

/// One kind of change, with the rule that finds where it applies.
pub struct Transform {
    /// Name, the first half of every suggestion id it makes.
    pub name: &'static str,
    /// What it does, in a line.
    pub summary: &'static str,
    /// Where it applies (its precondition), in words.
    pub applies_when: &'static str,
    /// Cost class.
    pub cost: Cost,
    /// Why that class, in a line.
    pub cost_rationale: &'static str,
    /// Catalogue pattern ids it answers.
    pub answers: &'static [&'static str],
    candidates: fn(&Ctx) -> Vec<Candidate>,
}

impl std::fmt::Debug for Transform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transform")
            .field("name", &self.name)
            .field("cost", &self.cost)
            .finish_non_exhaustive()
    }
}

/// A change to a description, applied in place to a copy.
type Edit = Box<dyn Fn(&mut Architecture)>;

/// One concrete application of a transform.
pub(crate) struct Candidate {
    /// The part of the id after `<transform>:`.
    target: String,
    title: String,
    description: String,
    apply: Edit,
}

impl Candidate {
    fn new(
        target: impl Into<String>,
        title: impl Into<String>,
        description: impl Into<String>,
        apply: impl Fn(&mut Architecture) + 'static,
    ) -> Candidate {
        Candidate {
            target: target.into(),
            title: title.into(),
            description: description.into(),
            apply: Box::new(apply),
        }
    }
}

/// What the transforms look at: the description, its resolved view and the catalogue.
pub(crate) struct Ctx<'a> {
    arch: &'a Architecture,
    catalogue: &'a Catalogue,
    r: &'a Resolved,
}

/// Every transform, in the order of `docs/mitigations.md`.
pub fn transforms() -> &'static [Transform] {
    &REGISTRY
}

static REGISTRY: [Transform; 29] = [
    zones::ADD_ZONES,
    zones::ADD_ZONES_ALL,
    zones::ADD_HEADROOM,
    regions::ADD_REGION,
    regions::ADD_REGION_ALL,
    regions::ACTIVE_ACTIVE,
    regions::PIN_TO_CELLS,
    regions::PRE_PROVISION,
    regions::AUTO_FAILOVER,
    regions::REGIONAL_ENDPOINTS,
    regions::SHORT_DNS_TTL,
    regions::VENDOR_SECOND_REGION,
    alternatives::SECOND_DNS,
    alternatives::MULTI_CDN,
    alternatives::ORIGIN_FALLBACK,
    alternatives::CACHE_WINDOW,
    alternatives::SECOND_UPLINK,
    alternatives::SECOND_PROVIDER,
    alternatives::SOFTEN,
    data::OFF_SITE_BACKUPS,
    data::REPLICATE,
    data::VERIFY_BACKUPS,
    data::FENCE_FAILOVER,
    zones::HEALTH_CHECKS,
    operations::MONITOR_OUT_OF_BAND,
    operations::STAGE_ROLLOUT,
    operations::AUTOMATED_ROLLBACK,
    operations::REVIEW_AI_CHANGES,
    operations::STAGE_AGENT_UPDATES,
];

/// Every applicable candidate, sorted by id, with its transform.
fn candidates<'t>(ctx: &Ctx) -> Vec<(String, &'t Transform, Candidate)> {
    let mut out: Vec<(String, &Transform, Candidate)> = Vec::new();
    for t in &REGISTRY {
        for c in (t.candidates)(ctx) {
            out.push((format!("{}:{}", t.name, c.target), t, c));
        }
    }
    out.stable_sort_by(|a, b| a.0.cmp(&b.0));
    // Ids are unique by construction (one candidate per target and transform); a
    // component id that collides with a group target would repeat one: keep the first.
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

impl Prepared<'_> {
    /// What the transforms look at.
    fn transform_ctx(&self) -> Ctx<'_> {
        Ctx {
            arch: &self.arch,
            catalogue: self.engine.catalogue(),
            r: &self.resolved,
        }
    }

    /// Applies every applicable mitigation to a copy of the description, re-scores each
    /// copy and ranks the ones that help (see the module documentation). The baseline is
    /// played once.
    ///
    /// ```
    /// use faultline::{Engine, Format, mitigate::SuggestOptions};
    /// let engine = Engine::default();
    /// let text = "version: 1\nname: demo\ncomponents:\n  - { id: web, kind: compute, provider: aws, regions: [us-east-1] }\n";
    /// let doc = engine.parse(text, Format::Yaml)?;
    /// let report = engine.prepare(&doc.architecture)?.suggest(&SuggestOptions::default());
    /// assert!(report.suggestions.iter().all(|s| s.gain > 0.0));
    /// assert!(report.suggestions.iter().any(|s| s.id == "add-zones:web"));
    /// # Ok::<(), faultline::Error>(())
    /// ```
    pub fn suggest(&self, options: &SuggestOptions) -> SuggestReport {
        self.suggest_within(options.top, None, options.threads)
    }

    /// [`Prepared::suggest`] within a work budget: candidates are measured most promising
    /// first (the points of the baseline's findings whose patterns the transform answers,
    /// then the registry's order, then the id) until `max_work` units (components evaluated
    /// and dependency references read, as `docs/performance.md` counts them, and 150 per
    /// component of each changed copy for preparing it) are spent. What
    /// was measured is exact; the report says how many candidates were left out. `threads`
    /// as [`SuggestOptions::threads`]: the same candidates are reported, whatever the number.
    pub(crate) fn suggest_within(
        &self,
        top: Option<usize>,
        max_work: Option<u64>,
        threads: usize,
    ) -> SuggestReport {
        let evaluator = eval::Evaluator::new(self);
        let baseline = &evaluator.baseline;
        let all = ordered_candidates(self, baseline, max_work.is_some());
        let considered = all.len();
        // Within a budget, at most the candidates it can pay for (each costs at least its
        // preparation), so that helpers are not started for a handful of candidates.
        let reachable = max_work.map_or(considered, |budget| {
            let per = (self.arch.components.len() as u64)
                .saturating_mul(eval::PREPARE_UNITS_PER_COMPONENT)
                .max(1);
            usize::try_from(budget / per)
                .unwrap_or(usize::MAX)
                .saturating_add(1)
                .min(considered)
        });
        let threads = thread_count(threads, reachable);
        let (verdicts, _) = measure_shared(self, &evaluator, all, max_work, threads, true);
        let measured = verdicts.len();
        let mut suggestions = Vec::new();
        let mut rejected = Vec::new();
        for v in verdicts {
            match v {
                Verdict::Offered(s) => suggestions.push(*s),
                Verdict::Rejected(r) => rejected.push(r),
            }
        }
        rank(&mut suggestions);
        if let Some(top) = top {
            suggestions.truncate(top);
        }
        rejected.stable_sort_by(|a, b| a.id.cmp(&b.id));
        let truncated = (measured < considered).then(|| {
            format!(
                "the work budget ran out after {measured} of {considered} candidates, measured most promising first; `faultline suggest` measures them all"
            )
        });
        SuggestReport {
            name: self.arch.name.clone(),
            baseline_score: baseline.score,
            baseline_grade: baseline.grade,
            suggestions,
            considered,
            rejected,
            truncated,
        }
    }

    /// Applies one candidate by id (as listed by [`Prepared::suggest`], offered or
    /// rejected) and returns the changed description.
    ///
    /// # Errors
    ///
    /// An `unknown-suggestion` request error when no applicable candidate has this id.
    pub fn apply(&self, id: &str) -> Result<Architecture, Error> {
        let ctx = self.transform_ctx();
        let (_, _, c) = candidates(&ctx)
            .into_iter()
            .find(|(cid, _, _)| cid == id)
            .ok_or_else(|| {
                Error::request(
                    Code::UnknownSuggestion,
                    format!(
                        "no applicable suggestion `{id}` (`faultline suggest FILE` lists them)"
                    ),
                )
            })?;
        let mut changed = self.arch.clone();
        (c.apply)(&mut changed);
        Ok(changed)
    }

    /// Applies one candidate by id, as [`Prepared::apply`], and writes the change into the
    /// user's own `text` (the text this description was parsed from) as a minimal patch:
    /// comments, order and layout kept, only the lines that change touched (see
    /// [`crate::edit`]). The text is read within the engine's limits.
    ///
    /// ```
    /// use faultline::{Engine, Format};
    /// let engine = Engine::default();
    /// let text = "version: 1\nname: demo  # the shop\ncomponents:\n  - { id: web, kind: compute, provider: aws, regions: [us-east-1] }\n";
    /// let doc = engine.parse(text, Format::Yaml)?;
    /// let patched = engine.prepare(&doc.architecture)?.apply_to_text("add-zones:web", text, Format::Yaml)?;
    /// assert!(patched.text.starts_with("version: 1\nname: demo  # the shop\n"));
    /// assert_eq!(patched.edits.len(), 1);
    /// # Ok::<(), faultline::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// `unknown-suggestion` as [`Prepared::apply`]; the reading error of `text` when it is
    /// not a description; `patch-mismatch` (a request error) when `text` does not read as
    /// the description that was prepared; `patch-unsupported`, `patch-failed` or
    /// `write-failed` (kind `Write`) as [`crate::edit::patch`].
    pub fn apply_to_text(&self, id: &str, text: &str, format: Format) -> Result<Patched, Error> {
        let changed = self.apply(id)?;
        let limits = self.engine.limits();
        let before = crate::parse::parse_with_limits(text, format, limits)?.architecture;
        if before != self.arch {
            return Err(Error::request(
                Code::PatchMismatch,
                "the text is not the description the suggestions were worked out for: prepare this text, then apply the suggestion",
            ));
        }
        crate::edit::patch_parsed(text, format, &before, &changed, limits)
    }

    /// The ids of every applicable candidate (offered or not), sorted: for error messages
    /// that list what exists.
    pub fn suggestion_ids(&self) -> Vec<String> {
        candidates(&self.transform_ctx())
            .into_iter()
            .map(|(id, _, _)| id)
            .collect()
    }
}

/// What measuring one candidate concluded.
enum Verdict {
    Offered(Box<Suggestion>),
    Rejected(Rejected),
}

impl Verdict {
    /// The id of the candidate it is about.
    fn id(&self) -> &str {
        match self {
            Verdict::Offered(s) => &s.id,
            Verdict::Rejected(r) => &r.id,
        }
    }
}

/// Measures candidates against one played baseline.
struct Judge<'e, 'p, 'c> {
    evaluator: &'e eval::Evaluator<'p, 'c>,
    catalogue: &'c Catalogue,
    arch: &'p Architecture,
    /// The baseline's findings' expected minutes, by id.
    findings: BTreeMap<&'e str, f64>,
    /// The last candidate's copy made the baseline again
    /// ([`eval::Measurement::into_baseline`]), for the next candidate to change.
    scratch: Option<Architecture>,
}

impl<'e, 'p, 'c> Judge<'e, 'p, 'c> {
    fn new(p: &'p Prepared<'c>, evaluator: &'e eval::Evaluator<'p, 'c>) -> Self {
        Judge {
            evaluator,
            catalogue: p.engine.catalogue(),
            arch: &p.arch,
            findings: evaluator
                .baseline
                .findings
                .iter()
                .map(|f| (f.id.as_str(), f.expected_minutes_per_year))
                .collect(),
            scratch: None,
        }
    }

    /// Applies the candidate to a copy, measures it and says whether it is offered, with
    /// the work measuring took (0 when the copy cannot be scored).
    fn verdict(&mut self, id: String, t: &Transform, c: Candidate) -> (Verdict, u64) {
        let baseline = &self.evaluator.baseline;
        let mut changed = self.scratch.take().unwrap_or_else(|| self.arch.clone());
        (c.apply)(&mut changed);
        let m = match self.evaluator.measure(changed) {
            Ok(m) => m,
            Err(e) => {
                let reason = format!("the changed description cannot be scored: {e}");
                return (Verdict::Rejected(Rejected { id, reason }), 0);
            }
        };
        let report = &m.scored;
        if let Some(reason) = rejection(baseline, report) {
            let work = m.work;
            self.scratch = Some(m.into_baseline(self.arch));
            return (Verdict::Rejected(Rejected { id, reason }), work);
        }
        let suggestion = Suggestion {
            id,
            transform: t.name.to_owned(),
            title: c.title,
            description: c.description,
            cost: t.cost,
            answers: t
                .answers
                .iter()
                .filter(|p| self.catalogue.pattern(p).is_some())
                .map(|p| (*p).to_owned())
                .collect(),
            score: report.score,
            grade: report.grade,
            gain: gain(baseline, report),
            journeys: journey_gains(baseline, report),
            fixes: fixes(baseline, &self.findings, &m.findings()),
            diff: diff::diff_architectures(self.arch, m.architecture()),
        };
        let work = m.work;
        self.scratch = Some(m.into_baseline(self.arch));
        (Verdict::Offered(Box::new(suggestion)), work)
    }
}

/// Every applicable candidate, in the order they are measured: by id; within a work
/// budget, most promising first (see [`Prepared::suggest_within`]).
fn ordered_candidates<'t>(
    p: &Prepared<'_>,
    baseline: &Scored,
    budgeted: bool,
) -> Vec<(String, &'t Transform, Candidate)> {
    let mut all = candidates(&p.transform_ctx());
    if budgeted {
        let mut by_pattern: BTreeMap<&str, f64> = BTreeMap::new();
        for f in &baseline.findings {
            *by_pattern.entry(f.pattern.as_str()).or_default() += f.points;
        }
        let potential =
            |t: &Transform| -> f64 { t.answers.iter().filter_map(|p| by_pattern.get(p)).sum() };
        let order = |t: &Transform| REGISTRY.iter().position(|r| r.name == t.name);
        all.stable_sort_by(|a, b| {
            potential(b.1)
                .total_cmp(&potential(a.1))
                .then_with(|| order(a.1).cmp(&order(b.1)))
                .then_with(|| a.0.cmp(&b.0))
        });
    }
    all
}

/// Puts a helper's verdict in its slot, if it names the candidate at its index (a verdict
/// about another candidate would mean the helper listed them differently: that one is then
/// measured by the calling thread instead).
fn deliver(
    mine: &[Option<(String, &Transform, Candidate)>],
    slots: &mut [Option<(Verdict, u64)>],
    (k, v, work): (usize, Verdict, u64),
) {
    let named = mine
        .get(k)
        .and_then(Option::as_ref)
        .is_some_and(|(id, _, _)| id == v.id());
    debug_assert!(named, "a helper's verdict {} at index {k}", v.id());
    if named && let Some(slot) = slots.get_mut(k) {
        *slot = Some((v, work));
    }
}

/// The candidates each thread must have to itself: a helper first plays the baseline and
/// lists every candidate, which costs as much as measuring several (at 10,000 components,
/// where the advice's budget pays for 12 candidates, a second thread made `faultline score`
/// 6.1 s -> 8.6 s when each helper also prepared its own copy of the description; at
/// 1,000, 121 candidates, 1.63 -> 1.10 s).
const CANDIDATES_PER_HELPER: usize = 16;

/// How many threads measure `n` candidates when `asked` are asked for
/// ([`crate::engine::thread_count`]): more than one per core only slow each other down
/// (measured 1.32 s with 2 threads, 1.55 s with 8 and 2.0 s with 32 on a 2-core machine,
/// docs/performance.md).
fn thread_count(asked: usize, n: usize) -> usize {
    crate::engine::thread_count(asked, n, CANDIDATES_PER_HELPER)
}

/// The verdicts of the candidates, in the order given, up to the first one the budget does
/// not reach (candidate `k` is measured when the work of candidates `0..k` is below `budget`;
/// all of them without one), measured on `threads` threads, and how many of them this thread
/// measured (`caller_measures`: whether it takes candidates while helpers run; tests turn it
/// off to see the helpers' verdicts alone).
///
/// With `threads` ≥ 2, helper threads share the measuring: each shares the prepared
/// description, plays its baseline itself (so that no causal chain, whose links are
/// reference-counted, is shared with another thread), lists the same candidates in the
/// same order, and takes the next unmeasured index
/// from a shared counter; this thread measures too, and adds up the work in order. Once the
/// budget is spent no further index is handed out, and verdicts past the cut (measured
/// ahead by any thread) are dropped. A helper's verdict counts only if it names
/// the candidate at its index. An index whose verdict did not come (a helper could not
/// start, named another candidate, or panicked) is measured here; a
/// helper's panic is not passed on, since it cannot change the result (a panic on a
/// candidate the result needs happens here too, measuring it).
/// Each verdict depends only on the description and its candidate, so the result is the
/// same whatever `threads`.
fn measure_shared<'p, 'c>(
    p: &'p Prepared<'c>,
    evaluator: &eval::Evaluator<'p, 'c>,
    all: Vec<(String, &Transform, Candidate)>,
    budget: Option<u64>,
    threads: usize,
    caller_measures: bool,
) -> (Vec<Verdict>, usize) {
    let n = all.len();
    let next = AtomicUsize::new(0);
    let limit = AtomicUsize::new(n);
    let (tx, rx) = mpsc::channel::<(usize, Verdict, u64)>();
    let mut judge = Judge::new(p, evaluator);
    let mut mine: Vec<Option<(String, &Transform, Candidate)>> =
        all.into_iter().map(Some).collect();
    let mut slots: Vec<Option<(Verdict, u64)>> = Vec::with_capacity(n);
    slots.resize_with(n, || None);
    let (mut cursor, mut stop, mut spent, mut here) = (0usize, n, 0u64, 0usize);
    // This thread's part: take indices (or wait for the helpers), add up the work in order.
    let mut drive = |mut helpers_gone: bool| {
        while cursor < stop {
            while let Ok(d) = rx.try_recv() {
                deliver(&mine, &mut slots, d);
            }
            // The work in order, up to the first verdict not in yet.
            while cursor < stop {
                if budget.is_some_and(|b| spent >= b) {
                    stop = cursor;
                    limit.store(stop, Ordering::Relaxed);
                    break;
                }
                let Some((_, work)) = &slots[cursor] else {
                    break;
                };
                spent = spent.saturating_add(*work);
                cursor += 1;
            }
            if cursor >= stop {
                break;
            }
            // Measure the next index nobody has taken; when none is left (or this thread
            // leaves them to the helpers), wait for the helpers; once they are all gone,
            // measure what they did not deliver.
            let claimed = if caller_measures || helpers_gone {
                let k = next.fetch_add(1, Ordering::Relaxed);
                (k < limit.load(Ordering::Relaxed)).then_some(k)
            } else {
                None
            };
            let k = match claimed {
                Some(k) => k,
                None if !helpers_gone => {
                    match rx.recv() {
                        Ok(d) => deliver(&mine, &mut slots, d),
                        Err(_) => helpers_gone = true,
                    }
                    continue;
                }
                None => cursor,
            };
            if slots[k].is_none()
                && let Some((id, t, c)) = mine.get_mut(k).and_then(Option::take)
            {
                slots[k] = Some(judge.verdict(id, t, c));
                here += 1;
            } else if k == cursor && slots[k].is_none() {
                // Taken here and not measured cannot happen (this thread fills the slot
                // of every index it takes); stop rather than loop.
                stop = cursor;
            }
        }
    };
    // No helper: no thread scope either (WebAssembly has no threads, and leaves the helpers'
    // code out of its module).
    if threads < 2 || cfg!(target_arch = "wasm32") {
        drop(tx);
        drive(true);
    } else {
        #[cfg(not(target_arch = "wasm32"))]
        std::thread::scope(|scope| {
            let (next, limit) = (&next, &limit);
            let budgeted = budget.is_some();
            let helpers: Vec<_> = (1..threads)
                .filter_map(|h| {
                    let tx = tx.clone();
                    std::thread::Builder::new()
                        .name(format!("faultline-measure-{h}"))
                        .spawn_scoped(scope, move || {
                            // The prepared description is shared; the baseline's outcomes
                            // (their causal chains are reference-counted for one thread)
                            // and the candidates are this helper's own.
                            let evaluator = eval::Evaluator::new(p);
                            let mut judge = Judge::new(p, &evaluator);
                            let mut list: Vec<_> =
                                ordered_candidates(p, &evaluator.baseline, budgeted)
                                    .into_iter()
                                    .map(Some)
                                    .collect();
                            loop {
                                let k = next.fetch_add(1, Ordering::Relaxed);
                                if k >= limit.load(Ordering::Relaxed) {
                                    return;
                                }
                                let Some((id, t, c)) = list.get_mut(k).and_then(Option::take)
                                else {
                                    return;
                                };
                                #[cfg(all(test, feature = "yaml"))]
                                measuring::panic_if_asked(&p.arch.name, k);
                                let (v, work) = judge.verdict(id, t, c);
                                if tx.send((k, v, work)).is_err() {
                                    return;
                                }
                            }
                        })
                        .ok()
                })
                .collect();
            drop(tx);
            // However this thread leaves (a panic included), helpers take no further index.
            struct Closed<'a>(&'a AtomicUsize);
            impl Drop for Closed<'_> {
                fn drop(&mut self) {
                    self.0.store(0, Ordering::Relaxed);
                }
            }
            let closed = Closed(limit);
            drive(helpers.is_empty());
            drop(closed);
            // A helper that panicked delivered nothing from then on, and `drive` measured
            // here every index it needed that did not come: the report is whole without it.
            // Passing the panic on would make the result depend on the thread count (a
            // helper may have taken an index past the budget's cut, which one thread never
            // measures); a panic on an index the report needs happened here too.
            for h in helpers {
                let _ = h.join();
            }
        });
    }
    let verdicts = slots
        .into_iter()
        .take(stop)
        .map_while(|s| s.map(|(v, _)| v))
        .collect();
    (verdicts, here)
}

fn gain(before: &Scored, after: &Scored) -> f64 {
    round(after.score - before.score, 1)
}

fn rejection(before: &Scored, after: &Scored) -> Option<String> {
    for (b, a) in before.journeys.iter().zip(&after.journeys) {
        if a.expected_downtime_minutes_per_year > b.expected_downtime_minutes_per_year {
            return Some(format!(
                "journey `{}` would be down longer: {} instead of {} expected minutes per year",
                b.name, a.expected_downtime_minutes_per_year, b.expected_downtime_minutes_per_year
            ));
        }
    }
    let g = gain(before, after);
    if g > 0.0 {
        return None;
    }
    let mut reason = if g == 0.0 {
        let mut r = format!("no measurable gain: the score stays at {:.1}", before.score);
        // Shorter downtime that a cap hides (one building, 89.9): say so, with the numbers.
        let shorter: Vec<String> = before
            .journeys
            .iter()
            .zip(&after.journeys)
            .filter(|(b, a)| {
                b.expected_downtime_minutes_per_year - a.expected_downtime_minutes_per_year >= 0.05
            })
            .map(|(b, a)| {
                format!(
                    "`{}` {:.1} -> {:.1}{}",
                    b.name,
                    b.expected_downtime_minutes_per_year,
                    a.expected_downtime_minutes_per_year,
                    if a.capped.is_some() { ", capped" } else { "" }
                )
            })
            .collect();
        if !shorter.is_empty() {
            r.push_str(&format!(
                ", though it shortens expected downtime (minutes a year: {})",
                shorter.join("; ")
            ));
        }
        r
    } else {
        format!(
            "the score would drop from {:.1} to {:.1}",
            before.score, after.score
        )
    };
    let rpo = |r: &Scored| {
        r.journeys
            .iter()
            .map(|j| j.rpo_breaches_per_year)
            .sum::<f64>()
    };
    let (rb, ra) = (rpo(before), rpo(after));
    if ra < rb {
        reason.push_str(&format!(
            " (it lowers the expected RPO breaches from {rb:.4} to {ra:.4} a year; the score counts downtime, not lost data)"
        ));
    }
    Some(reason)
}

fn journey_gains(before: &Scored, after: &Scored) -> Vec<JourneyGain> {
    before
        .journeys
        .iter()
        .zip(&after.journeys)
        .map(|(b, a)| JourneyGain {
            name: b.name.clone(),
            before_minutes_per_year: b.expected_downtime_minutes_per_year,
            after_minutes_per_year: a.expected_downtime_minutes_per_year,
        })
        .collect()
}

fn fixes(before: &Scored, baseline: &BTreeMap<&str, f64>, after: &[Finding]) -> Vec<String> {
    let after_map: BTreeMap<&str, f64> = after
        .iter()
        .map(|f| (f.id.as_str(), f.expected_minutes_per_year))
        .collect();
    before
        .findings
        .iter()
        .filter(|f| match after_map.get(f.id.as_str()) {
            None => true,
            Some(&m) => baseline.get(f.id.as_str()).is_some_and(|&b| m < b),
        })
        .map(|f| f.id.clone())
        .collect()
}

fn priority(s: &Suggestion) -> f64 {
    s.gain / s.cost.weight()
}

fn rank(suggestions: &mut [Suggestion]) {
    suggestions.stable_sort_by(|a, b| {
        priority(b)
            .total_cmp(&priority(a))
            .then_with(|| b.gain.total_cmp(&a.gain))
            .then_with(|| a.id.cmp(&b.id))
    });
}

// ---- helpers shared by the transform families ----

/// An id not used by any component: `base`, else `base-2`, `base-3` ...
fn unique_id(arch: &Architecture, base: &str) -> String {
    let taken = |id: &str| arch.components.iter().any(|c| c.id == id);
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| base.to_owned())
}

/// Whether `id` appears as a plain (not `any_of`) reference in a journey entry or a
/// `depends_on`, hard or soft.
fn referenced_plainly(arch: &Architecture, id: &str, hard_only: bool) -> bool {
    let hit = |d: &Dependency| matches!(d, Dependency::Component { id: x, hard } if x == id && (*hard || !hard_only));
    arch.journeys.iter().any(|j| j.entry.iter().any(hit))
        || arch.components.iter().any(|c| c.depends_on.iter().any(hit))
}

/// Replaces every plain reference to `id` (journey entries and `depends_on`, top level) by
/// what `with(hard)` makes.
fn replace_plain_references(arch: &mut Architecture, id: &str, with: impl Fn(bool) -> Dependency) {
    let swap = |d: &mut Dependency| {
        if let Dependency::Component { id: x, hard } = d
            && x == id
        {
            *d = with(*hard);
        }
    };
    for j in &mut arch.journeys {
        j.entry.iter_mut().for_each(swap);
    }
    for c in &mut arch.components {
        c.depends_on.iter_mut().for_each(swap);
    }
}

/// `any_of: [first, second]` with the given failover and hardness.
fn any_of(
    first: &str,
    second: &str,
    failover: Option<crate::model::Failover>,
    hard: bool,
) -> Dependency {
    Dependency::AnyOf {
        any_of: vec![
            Dependency::Component {
                id: first.to_owned(),
                hard: true,
            },
            Dependency::Component {
                id: second.to_owned(),
                hard: true,
            },
        ],
        failover,
        hard,
        shares_percent: None,
    }
}

/// The index of a component by id.
fn index_of(arch: &Architecture, id: &str) -> Option<usize> {
    arch.components.iter().position(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transform_names_are_unique_and_kebab_case() {
        let mut names: Vec<&str> = transforms().iter().map(|t| t.name).collect();
        assert!(
            names
                .iter()
                .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        );
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n, "duplicate transform name");
    }

    #[test]
    fn answers_name_builtin_patterns() {
        let cat = Catalogue::builtin();
        for t in transforms() {
            assert!(!t.answers.is_empty(), "{} answers nothing", t.name);
            for p in t.answers {
                assert!(
                    cat.pattern(p).is_some(),
                    "{} answers unknown pattern {p}",
                    t.name
                );
            }
        }
    }

    #[test]
    fn ranking_is_gain_per_cost_then_gain_then_id() {
        let s = |id: &str, gain: f64, cost: Cost| Suggestion {
            id: id.to_owned(),
            transform: String::new(),
            title: String::new(),
            description: String::new(),
            cost,
            answers: vec![],
            score: 0.0,
            grade: Grade::F,
            gain,
            journeys: vec![],
            fixes: vec![],
            diff: vec![],
        };
        // priorities: a 2.0/1 = 2, b 6.0/4 = 1.5, c 4.0/2 = 2 (ties a, more gain first),
        // d 2.0/1 = 2 (ties a on priority and gain: by id).
        let mut v = vec![
            s("b", 6.0, Cost::High),
            s("d", 2.0, Cost::Low),
            s("a", 2.0, Cost::Low),
            s("c", 4.0, Cost::Medium),
        ];
        rank(&mut v);
        let ids: Vec<&str> = v.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, ["c", "a", "d", "b"]);
    }
}

#[cfg(all(test, feature = "yaml"))]
mod measuring {
    use super::*;
    use crate::engine::Engine;
    use crate::input::Format;

    /// An example, read and prepared.
    fn prepared(text: &str) -> Prepared<'static> {
        let engine = Engine::default();
        let arch = engine
            .parse(text, Format::Yaml)
            .expect("parses")
            .architecture;
        engine.prepare(&arch).expect("valid")
    }

    /// What one example's candidates come to, measured as `threads` threads would, with
    /// this thread measuring (`caller_measures`) or leaving every candidate to the helpers.
    fn ids(
        text: &str,
        budget: Option<u64>,
        threads: usize,
        caller_measures: bool,
    ) -> (Vec<String>, usize, Vec<String>) {
        let p = prepared(text);
        let evaluator = eval::Evaluator::new(&p);
        let all = ordered_candidates(&p, &evaluator.baseline, budget.is_some());
        let listed: Vec<String> = all.iter().map(|(id, _, _)| id.clone()).collect();
        let (verdicts, here) =
            measure_shared(&p, &evaluator, all, budget, threads, caller_measures);
        let got = verdicts.iter().map(|v| v.id().to_owned()).collect();
        (got, here, listed)
    }

    /// Helpers alone deliver every candidate's verdict, in the candidates' order, whatever
    /// their number (more threads than candidates included), and the calling thread then
    /// measures none; with a budget they stop where one thread stops.
    #[test]
    fn helpers_deliver_every_verdict_in_order() {
        let text = include_str!("../../examples/03-multi-region-active-passive.yaml");
        let (one, here, listed) = ids(text, None, 1, true);
        assert_eq!(one, listed, "one thread: every candidate, in order");
        assert_eq!(here, listed.len());
        assert!(listed.len() > 10, "{} candidates", listed.len());
        for threads in [2, 3, 64] {
            let (got, here, _) = ids(text, None, threads, false);
            assert_eq!(got, listed, "{threads} threads");
            assert_eq!(
                here, 0,
                "{threads} threads: the helpers measured everything"
            );
            let (got, _, _) = ids(text, None, threads, true);
            assert_eq!(got, listed, "{threads} threads, this one measuring too");
        }
        for budget in [0, 1, 40_000] {
            let (one, _, _) = ids(text, Some(budget), 1, true);
            assert!(one.len() < listed.len(), "budget {budget} cuts");
            for threads in [2, 5] {
                let (got, here, _) = ids(text, Some(budget), threads, false);
                assert_eq!(got, one, "budget {budget}, {threads} threads");
                assert_eq!(here, 0);
            }
        }
    }

    /// The name of a description whose helpers panic at candidate [`PANIC_AT`] (see
    /// [`panic_if_asked`]).
    const HELPERS_PANIC: &str = "helpers panic at candidate 3";
    const PANIC_AT: usize = 3;

    /// A helper's failure, asked for by a test's description name: the path where this
    /// thread measures the candidates a helper did not deliver.
    pub(super) fn panic_if_asked(name: &str, k: usize) {
        if name == HELPERS_PANIC && k == PANIC_AT {
            panic!("a test's helper panics at candidate {k}, as asked");
        }
    }

    /// A helper that panics delivers nothing more; this thread measures what it did not
    /// deliver, the result is one thread's, and the panic is not passed on, with or
    /// without a budget cutting before the candidate it panicked on.
    #[test]
    fn a_helper_that_panics_leaves_its_candidates_to_this_thread() {
        let text = include_str!("../../examples/03-multi-region-active-passive.yaml")
            .replace("\nname: shopfront\n", &format!("\nname: {HELPERS_PANIC}\n"));
        let (one, _, listed) = ids(&text, None, 1, true);
        assert_eq!(one, listed);
        assert!(listed.len() > 2 * PANIC_AT, "{} candidates", listed.len());
        for (threads, caller) in [(2, false), (2, true), (3, false)] {
            let (got, here, _) = ids(&text, None, threads, caller);
            assert_eq!(got, listed, "{threads} threads, caller {caller}");
            if threads == 2 && !caller {
                // The one helper measured candidates 0..3, then panicked: the rest is here.
                assert_eq!(here, listed.len() - PANIC_AT, "measured here");
            }
        }
        // A budget that one thread spends on the first candidate: helpers may run ahead
        // to candidate 3 and panic there; the result is still one thread's.
        let (cut, _, _) = ids(&text, Some(1), 1, true);
        assert!(cut.len() <= PANIC_AT, "{cut:?}");
        for threads in [2, 3] {
            let (got, _, _) = ids(&text, Some(1), threads, false);
            assert_eq!(got, cut, "{threads} threads, budget 1");
        }
    }

    /// At most one thread per core and per few candidates, at least one.
    #[test]
    fn thread_count_is_bounded() {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        assert_eq!(thread_count(0, 100), 1);
        assert_eq!(thread_count(1, 100), 1);
        assert_eq!(thread_count(usize::MAX, 0), 1);
        assert_eq!(thread_count(usize::MAX, 1), 1);
        assert!(thread_count(usize::MAX, 10_000) <= cores);
        assert_eq!(thread_count(usize::MAX, 10_000), cores);
        assert!(thread_count(64, 2 * CANDIDATES_PER_HELPER) <= 2);
        assert_eq!(thread_count(64, 2 * CANDIDATES_PER_HELPER - 1), 1);
    }

    /// The budget's rule against a plain loop over the candidates' measured work:
    /// candidate `k` is measured when the work of candidates `0..k` is below the budget,
    /// on one thread and on several (the helpers alone, or with this thread), at budgets on
    /// and beside the first candidates' work.
    #[test]
    fn budgets_cut_where_a_plain_loop_cuts() {
        let text = include_str!("../../examples/03-multi-region-active-passive.yaml");
        let p = prepared(text);
        let evaluator = eval::Evaluator::new(&p);
        let mut judge = Judge::new(&p, &evaluator);
        let works: Vec<(String, u64)> = ordered_candidates(&p, &evaluator.baseline, true)
            .into_iter()
            .map(|(id, t, c)| (id.clone(), judge.verdict(id, t, c).1))
            .collect();
        let reference = |budget: u64| {
            let (mut spent, mut out) = (0u64, Vec::new());
            for (id, work) in &works {
                if spent >= budget {
                    break;
                }
                out.push(id.clone());
                spent += work;
            }
            out
        };
        let (w0, w1) = (works[0].1, works[1].1);
        assert!(
            w0 > 1 && w1 > 0,
            "the first candidates cost work: {w0}, {w1}"
        );
        for budget in [0, 1, w0 - 1, w0, w0 + 1, w0 + w1, w0 + w1 + 1] {
            let want = reference(budget);
            for (threads, caller) in [(1, true), (2, false), (2, true), (3, false)] {
                let (got, _, _) = ids(text, Some(budget), threads, caller);
                assert_eq!(
                    got, want,
                    "budget {budget}, {threads} threads, caller {caller}"
                );
            }
        }
    }
}
