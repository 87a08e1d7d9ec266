//! Scoring changed copies without replaying what cannot have changed.
//!
//! [`crate::score()`] plays each scenario over the components it reaches only
//! ([`crate::scenarios::Reach`]). A transform changes a few components; a scenario that
//! reaches none of them, neither in the baseline nor in the changed copy, leaves them up in
//! both, and since a component's outcome depends only on itself, the scenario, the
//! monitoring, the DNS providers, the journey entries and its dependencies' outcomes, every
//! outcome is the baseline's. [`Evaluator::measure`] reuses those and plays the rest with the
//! same [`Player`] `score()` uses. Everything else (validation, resolution, scenario
//! expansion, the scoring arithmetic) is the same code, so the numbers are identical; a
//! unit test and the integration tests compare them with `score()` for every candidate.
//!
//! Copies whose journeys, operations or component list differ from the baseline (new
//! components, `any_of` groups, rollout or monitoring changes) are played in full.

use std::collections::BTreeMap;

use crate::catalogue::Catalogue;
use crate::diagnostic::Diagnostic;
use crate::graph::DependencyGraph;
use crate::model::Architecture;
use crate::propagate::{Outcome, Player};
use crate::report::Error;
use crate::resolve::resolve;
use crate::scenarios::{Reach, Scenario, expand};
use crate::score::{Finding, Grade, JourneyScore};

/// The numbers of a score report that suggestions use.
pub(crate) struct Scored {
    pub score: f64,
    pub grade: Grade,
    pub journeys: Vec<JourneyScore>,
    pub findings: Vec<Finding>,
}

/// The baseline, played once, and what it takes to measure changed copies of it.
pub(crate) struct Evaluator<'a> {
    arch: &'a Architecture,
    catalogue: &'a Catalogue,
    scenarios: BTreeMap<String, Baseline>,
}

/// One scenario of the baseline: its journeys and the components it reaches.
struct Baseline {
    scenario: Scenario,
    journeys: Vec<Outcome>,
    /// Per component: in the scenario's affected set.
    touches: Vec<bool>,
}

fn order_of(arch: &Architecture, catalogue: &Catalogue) -> Result<Vec<usize>, Error> {
    let diagnostics = crate::validate::validate(arch, catalogue);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Invalid { diagnostics });
    }
    DependencyGraph::build(arch)
        .dependencies_first()
        .ok_or_else(|| Error::Invalid {
            diagnostics: vec![Diagnostic::error(
                "dependency-cycle",
                "/components",
                "the dependency graph has a cycle",
            )],
        })
}

fn same_scenario(a: &Scenario, b: &Scenario) -> bool {
    a.id == b.id
        && a.failed == b.failed
        && a.minutes == b.minutes
        && a.per_year == b.per_year
        && a.target == b.target
        && a.adjustments == b.adjustments
}

impl<'a> Evaluator<'a> {
    /// Plays the baseline.
    pub fn new(arch: &'a Architecture, catalogue: &'a Catalogue) -> Result<Self, Error> {
        let order = order_of(arch, catalogue)?;
        let r = resolve(arch, catalogue);
        let mut reach = Reach::new(&r, &order);
        let mut player = Player::new(&r);
        let scenarios = expand(&r, catalogue)
            .into_iter()
            .map(|s| {
                let (affected, direct) = reach.affected_split(&s);
                let mut touches = vec![false; r.components.len()];
                affected.iter().for_each(|&i| touches[i] = true);
                let journeys = player.journeys_split(affected, direct, &s);
                (
                    s.id.clone(),
                    Baseline {
                        scenario: s,
                        journeys,
                        touches,
                    },
                )
            })
            .collect();
        Ok(Evaluator {
            arch,
            catalogue,
            scenarios,
        })
    }

    /// Scores a changed copy of the baseline: the same numbers as [`crate::score()`].
    pub fn measure(&self, changed: &Architecture) -> Result<Scored, Error> {
        let order = order_of(changed, self.catalogue)?;
        let r = resolve(changed, self.catalogue);
        let scenarios = expand(&r, self.catalogue);
        // Components whose own description changed; the shortcut needs everything else
        // (the list itself, journeys, operations, targets) unchanged.
        let local = changed.components.len() == self.arch.components.len()
            && changed.journeys == self.arch.journeys
            && changed.operations == self.arch.operations
            && changed.targets == self.arch.targets;
        let touched: Vec<usize> = if local {
            (0..changed.components.len())
                .filter(|&i| changed.components[i] != self.arch.components[i])
                .collect()
        } else {
            Vec::new()
        };
        let local = local
            && touched.iter().all(|&i| {
                let (a, b) = (&self.arch.components[i], &changed.components[i]);
                a.id == b.id && a.kind == b.kind && a.provider == b.provider
            });
        let mut reach = Reach::new(&r, &order);
        let mut player = Player::new(&r);
        let played: Vec<Vec<Outcome>> = scenarios
            .iter()
            .map(|s| {
                let (affected, direct) = reach.affected_split(s);
                // A scenario that reaches no changed component, before or after the change,
                // leaves every changed component up in both; everything else is described
                // identically, so every outcome is the baseline's.
                if local
                    && let Some(base) = self.scenarios.get(&s.id)
                    && same_scenario(&base.scenario, s)
                    && touched
                        .iter()
                        .all(|&i| !base.touches[i] && !affected.contains(&i))
                {
                    return base.journeys.clone();
                }
                player.journeys_split(affected, direct, s)
            })
            .collect();
        let (score, grade, journeys, findings) =
            crate::score::score_with(&r, &scenarios, &played, false);
        Ok(Scored {
            score,
            grade,
            journeys,
            findings,
        })
    }
}

#[cfg(all(test, feature = "yaml"))]
mod tests {
    use super::*;
    use crate::parse::{Format, parse};

    /// The shortcut gives `score()`'s numbers for every candidate of every example, offered
    /// or rejected (the integration tests check the offered ones through the public API).
    #[test]
    fn measure_equals_score_for_every_candidate() {
        let cat = Catalogue::builtin();
        let texts = [
            include_str!("../../examples/01-startup-single-az.yaml"),
            include_str!("../../examples/03-multi-region-active-passive.yaml"),
            include_str!("../../examples/05-multi-cloud.yaml"),
            include_str!("../../examples/07-fleet-agents-global-rollout.yaml"),
            include_str!("../../examples/08-ai-product.yaml"),
            include_str!("../../examples/09-azure-paired-regions.yaml"),
        ];
        let mut checked = 0;
        for text in texts {
            let arch = parse(text, Format::Yaml).expect("parses").architecture;
            let ev = Evaluator::new(&arch, cat).expect("valid");
            for id in super::super::applicable_ids(&arch, cat).expect("valid") {
                let changed = super::super::apply_suggestion(&arch, cat, &id).expect("applies");
                let fast = ev.measure(&changed).expect("measures");
                let full = crate::report::score(&changed, cat).expect("scores");
                assert_eq!(fast.score, full.score, "{id}");
                assert_eq!(fast.grade, full.grade, "{id}");
                assert_eq!(fast.journeys, full.journeys, "{id}");
                // Measuring leaves the causal chains out (suggestions use ids and numbers).
                let mut full_findings = full.findings.clone();
                full_findings.iter_mut().for_each(|f| f.chain.clear());
                assert_eq!(fast.findings, full_findings, "{id}");
                checked += 1;
            }
        }
        assert!(checked > 50, "{checked} candidates");
    }
}
