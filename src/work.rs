//! Work counters for the growth analysis in `docs/performance.md` (feature `generate`).
//!
//! [`work`] runs the same stages as [`crate::score()`] (validate, resolve, expand, one
//! propagation pass per scenario) and reports what the passes visited instead of building
//! a report. Dividing a measured time by [`Work::units`] gives the cost of one unit of work;
//! if that stays flat from 1,000 to 10,000 components, time grows with scenarios × graph
//! size and no faster.
//!
//! What is counted is what [`crate::propagate::Player`] counts while it plays (the
//! counters are additions in its loop, read back here), per scenario:
//!
//! - every component evaluated: only those resting on a failed domain and their
//!   dependants ([`crate::scenarios::Reach`]), never the whole graph;
//! - every dependency reference those components and the journeys evaluated read (each
//!   `depends_on` entry, `any_of` alternative and journey entry);
//! - every causal-chain step held by the outcomes evaluated: chains are copied from a
//!   dependency to its dependants, so long chains are where a pass could cost more than
//!   one walk over what it visits.
//!
//! [`Work::scenario_graph`] is the bound the issue asks for, one walk of the whole graph
//! per scenario; [`Work::units`] is what the engine really does.
//!
//! The report is not changed by any of this; the counters live apart from it.

use serde::Serialize;

use crate::catalogue::Catalogue;
use crate::graph::DependencyGraph;
use crate::model::Architecture;
use crate::propagate::Player;
use crate::resolve::{ResolvedDependency, resolve};
use crate::scenarios::{Reach, expand};

/// What one full score does, counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Work {
    /// Components.
    pub components: usize,
    /// Distinct dependency edges of the graph (component → component).
    pub edges: usize,
    /// Dependency references one whole walk reads: `depends_on` entries and `any_of`
    /// alternatives of every component, plus those of every journey entry.
    pub references: usize,
    /// Journeys scored (declared or implicit).
    pub journeys: usize,
    /// Scenarios played.
    pub scenarios: usize,
    /// Components evaluated, summed over scenarios.
    pub component_visits: u64,
    /// Journeys evaluated, summed over scenarios.
    pub journey_visits: u64,
    /// Dependency references read, summed over scenarios.
    pub reference_visits: u64,
    /// Causal-chain steps held by the evaluated outcomes, summed over scenarios.
    pub chain_steps: u64,
    /// `component_visits + journey_visits + reference_visits + chain_steps`.
    pub units: u64,
    /// `scenarios × (components + journeys + references)`: one walk of the whole graph per
    /// scenario, the bound.
    pub scenario_graph: u64,
}

impl Work {
    /// Units per scenario × graph element: at most about 1 when each scenario costs at
    /// most one walk of the graph; far below 1 when scenarios touch small parts of it.
    pub fn units_per_scenario_graph(&self) -> f64 {
        if self.scenario_graph == 0 {
            0.0
        } else {
            self.units as f64 / self.scenario_graph as f64
        }
    }
}

fn references(deps: &[ResolvedDependency]) -> usize {
    deps.iter()
        .map(|d| match d {
            ResolvedDependency::One { .. } => 1,
            ResolvedDependency::AnyOf { alternatives, .. } => 1 + references(alternatives),
        })
        .sum()
}

/// Counts the work of scoring `arch` against `catalogue`.
///
/// # Errors
///
/// [`crate::Error::Invalid`] when validation finds errors, as [`crate::score()`] does.
pub fn work(arch: &Architecture, catalogue: &Catalogue) -> Result<Work, crate::Error> {
    let diagnostics = crate::validate::validate(arch, catalogue);
    if diagnostics
        .iter()
        .any(crate::diagnostic::Diagnostic::is_error)
    {
        return Err(crate::Error::Invalid { diagnostics });
    }
    let graph = DependencyGraph::build(arch);
    let order = graph.dependencies_first().unwrap_or_default();
    let r = resolve(arch, catalogue);
    let scenarios = expand(&r, catalogue);
    let mut reach = Reach::new(&r, &order);
    let mut player = Player::new(&r);
    for s in &scenarios {
        player.journeys(reach.affected(s), s);
    }
    let k = player.counters();
    let refs: usize = r
        .components
        .iter()
        .map(|c| references(&c.depends_on))
        .sum::<usize>()
        + r.journeys
            .iter()
            .map(|j| references(&j.entry))
            .sum::<usize>();
    let n = scenarios.len() as u64;
    Ok(Work {
        components: arch.components.len(),
        edges: graph.edge_count(),
        references: refs,
        journeys: r.journeys.len(),
        scenarios: scenarios.len(),
        component_visits: k.components,
        journey_visits: k.journeys,
        reference_visits: k.references,
        chain_steps: k.chain_steps,
        units: k.components + k.journeys + k.references + k.chain_steps,
        scenario_graph: n * (arch.components.len() + r.journeys.len() + refs) as u64,
    })
}
