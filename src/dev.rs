//! Hooks for `faultline-dev` (feature `dev`; no semver promise, never in a release build):
//! the work counters of the growth analysis in `docs/performance.md`, and the check that
//! playing a scenario over the components it reaches equals playing it over all of them.
//!
//! [`work`] runs the same stages as [`Prepared::score`] (validate, resolve, expand, one
//! propagation pass per scenario) and reports what the passes visited instead of building
//! a report. Dividing a measured time by [`Work::units`] gives the cost of one unit of work;
//! if that stays flat from 1,000 to 10,000 components, time grows with scenarios × graph
//! size and no faster.
//!
//! What is counted is what the engine's player (`propagate::Player`) counts while it plays (the
//! counters are additions in its loop, read back here), per scenario:
//!
//! - every component evaluated: only those resting on a failed domain and their
//!   dependants (`scenarios::Reach`), never the whole graph;
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

use crate::engine::Prepared;
use crate::propagate::{Outcome, Player};
use crate::resolve::ResolvedDependency;
use crate::scenarios::Reach;

pub use crate::propagate::PlayCounters;

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

/// Counts the work of scoring `p`.
pub fn work(p: &Prepared) -> Work {
    let r = &p.resolved;
    let mut reach = Reach::new(r, &p.footing, &p.order);
    let mut player = Player::new(r, &p.footing);
    for s in p.scenarios.iter() {
        let (affected, direct) = reach.affected_split(s);
        player.journeys_split(affected, direct, s);
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
    let n = p.scenarios.len() as u64;
    Work {
        components: p.arch.components.len(),
        edges: crate::graph::Indexed::new(&p.arch).graph.edge_count(),
        references: refs,
        journeys: r.journeys.len(),
        scenarios: p.scenarios.len(),
        component_visits: k.components,
        journey_visits: k.journeys,
        reference_visits: k.references,
        chain_steps: k.chain_steps,
        units: k.components + k.journeys + k.references + k.chain_steps,
        scenario_graph: n * (p.arch.components.len() + r.journeys.len() + refs) as u64,
    }
}

/// Checks that playing each scenario over the components `scenarios::Reach` says it can change
/// gives the outcomes of playing it over the whole graph: the components left out are up
/// in the full pass, a component marked "not direct" is up on its own, and the journeys
/// agree. Checks every scenario but the per-component change scenarios, and every
/// `every`-th of those. Returns how many scenarios were compared.
///
/// # Errors
///
/// The first difference, in words.
pub fn restricted_play_matches(p: &Prepared, every: usize) -> Result<usize, String> {
    let r = &p.resolved;
    let mut reach = Reach::new(r, &p.footing, &p.order);
    let mut player = Player::new(r, &p.footing);
    let mut compared = 0;
    for (k, s) in p.scenarios.iter().enumerate() {
        if s.target.is_some() && k % every.max(1) != 0 {
            continue;
        }
        let full = player.play_all(&p.order, s);
        let (affected, direct) = reach.affected_split(s);
        let (affected, direct) = (affected.to_vec(), direct.to_vec());
        for (i, o) in full.components.iter().enumerate() {
            if !affected.contains(&i) && o != &Outcome::default() {
                return Err(format!(
                    "{}: `{}` changed but is not in the affected set",
                    s.id, r.components[i].id
                ));
            }
        }
        let restricted = player.play_all(&affected, s);
        for &i in &affected {
            if full.components[i] != restricted.components[i] {
                return Err(format!(
                    "{}: `{}` differs when played over the affected set only",
                    s.id, r.components[i].id
                ));
            }
            if !direct[i] && player.play_all(&[i], s).components[i] != Outcome::default() {
                return Err(format!(
                    "{}: `{}` is hit but not marked direct",
                    s.id, r.components[i].id
                ));
            }
        }
        // The restricted pass keeps the journeys the scenario hurts; the full pass has every
        // journey, the others up with no data lost.
        let hurt: Vec<(usize, Outcome)> = full
            .journeys
            .iter()
            .cloned()
            .enumerate()
            .filter(|(_, o)| o.hurts())
            .collect();
        if hurt != player.journeys_split(&affected, &direct, s) {
            return Err(format!(
                "{}: journeys differ when played over the affected set only",
                s.id
            ));
        }
        compared += 1;
    }
    Ok(compared)
}

/// Whether the fast YAML reader reads `text` whole (`Ok(true)`) or leaves it to
/// granit-parser (`Ok(false)`); `Err` says how its events differ from granit-parser's
/// (the reader's contract is that they never do; `src/input/fast_yaml.rs`).
///
/// # Errors
///
/// What differs, with the text.
#[cfg(feature = "yaml")]
pub fn fast_yaml_agrees(text: &str) -> Result<bool, String> {
    crate::input::fast_yaml::agree(text)
}
