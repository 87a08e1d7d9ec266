//! How the suites reach the library: each operation through the public facade
//! (`Engine` → `Prepared`), under the names the suites use. One place that spells out the
//! path from a description to each report, so a change of the facade is one change here.
#![allow(dead_code)]

use faultline::catalogue::Catalogue;
use faultline::diagnostic::Diagnostic;
use faultline::mitigate::{SuggestOptions, SuggestReport};
use faultline::model::Architecture;
use faultline::risk::FaultTrees;
use faultline::{
    Document, Engine, Error, Format, Limits, ReplayReport, RiskOptions, RiskReport, ScoreReport,
    SimulateReport, SimulateRequest,
};

/// Parses with the default limits.
pub fn parse(text: &str, format: Format) -> Result<Document, Error> {
    Engine::default().parse(text, format)
}

/// Parses with `limits`.
pub fn parse_with_limits(text: &str, format: Format, limits: &Limits) -> Result<Document, Error> {
    Engine::new(Catalogue::builtin(), *limits).parse(text, format)
}

/// Every diagnostic of `arch` (default limits).
pub fn validate(arch: &Architecture, catalogue: &Catalogue) -> Vec<Diagnostic> {
    Engine::new(catalogue, Limits::default()).check(arch)
}

/// Every diagnostic of `arch` within `limits`.
pub fn validate_with_limits(
    arch: &Architecture,
    catalogue: &Catalogue,
    limits: &Limits,
) -> Vec<Diagnostic> {
    Engine::new(catalogue, *limits).check(arch)
}

fn prepare<'c>(
    arch: &Architecture,
    catalogue: &'c Catalogue,
) -> Result<faultline::Prepared<'c>, Error> {
    Engine::new(catalogue, Limits::default()).prepare(arch)
}

/// `faultline score`.
pub fn score(arch: &Architecture, catalogue: &Catalogue) -> Result<ScoreReport, Error> {
    prepare(arch, catalogue).map(|p| p.score())
}

/// `faultline simulate`.
pub fn simulate(
    arch: &Architecture,
    catalogue: &Catalogue,
    request: &SimulateRequest,
) -> Result<SimulateReport, Error> {
    prepare(arch, catalogue)?.simulate(request)
}

/// `faultline replay`.
pub fn replay(
    arch: &Architecture,
    catalogue: &Catalogue,
    incident: Option<&str>,
) -> Result<ReplayReport, Error> {
    prepare(arch, catalogue)?.replay(incident)
}

/// `faultline risk`.
pub fn risk_groups(
    arch: &Architecture,
    catalogue: &Catalogue,
    options: &RiskOptions,
) -> Result<RiskReport, Error> {
    prepare(arch, catalogue).map(|p| p.risk(options))
}

/// The fault trees `faultline export --format open-psa` writes.
pub fn fault_trees(arch: &Architecture, catalogue: &Catalogue) -> Result<FaultTrees, Error> {
    prepare(arch, catalogue).map(|p| p.fault_trees())
}

/// `faultline suggest`.
pub fn suggest(
    arch: &Architecture,
    catalogue: &Catalogue,
    options: &SuggestOptions,
) -> Result<SuggestReport, Error> {
    prepare(arch, catalogue).map(|p| p.suggest(options))
}

/// `faultline suggest --apply ID`.
pub fn apply_suggestion(
    arch: &Architecture,
    catalogue: &Catalogue,
    id: &str,
) -> Result<Architecture, Error> {
    prepare(arch, catalogue)?.apply(id)
}

/// Every applicable suggestion id.
pub fn applicable_ids(arch: &Architecture, catalogue: &Catalogue) -> Result<Vec<String>, Error> {
    prepare(arch, catalogue).map(|p| p.suggestion_ids())
}
