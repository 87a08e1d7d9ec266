//! Dependencies needed only at start (`needs_at_start`): nothing while the component runs;
//! when it must come back during their outage, it waits for them.

use crate::model::{Standby, Topology};
use crate::render::words::fmt_minutes;

use super::Ctx;
use super::chain::{Outcome, StepKind, written};
use super::profile::Profile;

impl Ctx<'_> {
    /// `own` (what the scenario does to component `i` itself) when `i` needs some
    /// components only when it starts: if it is down and comes back at the end of its own
    /// outage while one of them is down, the users it had down stay down while that one is,
    /// at most the share of them it has down at each moment (what a hard dependency would
    /// take). A component that keeps running never notices them (docs/scoring.md 3.7).
    pub(super) fn with_startup(&self, mut own: Outcome, i: usize, outcomes: &[Outcome]) -> Outcome {
        let c = &self.r.components[i];
        if c.needs_at_start.is_empty() || own.down.is_none() {
            return own;
        }
        let back = own.down.end();
        let share = own.down.at((back - 1e-6).max(0.0));
        if share <= 0.0 {
            return own;
        }
        // Users moved, while a failed domain is still down, to capacity that was already
        // running (another active region, a hot standby) start nothing: what starts again
        // is the lost placement, once its domain returns, and its users are served
        // meanwhile (found by a review: a second active region made a start-only need
        // strand the moved users for the dependency's whole outage, so the second region
        // cost more than none).
        let running_elsewhere = match c.topology {
            Topology::ActiveActive => true,
            Topology::ActivePassive => c.standby == Standby::Hot,
            Topology::SingleRegion | Topology::Cells => false,
        };
        let last_return = self.s.doms.iter().map(|&(_, _, m)| m).fold(0.0, f64::max);
        if running_elsewhere && back < last_return {
            return own;
        }
        // The dependency that is down when it restarts and comes back last.
        let waits = c
            .needs_at_start
            .iter()
            .filter(|&&k| outcomes[k].down.at(back) > 0.0)
            .map(|&k| (k, outcomes[k].down.end()))
            .filter(|&(_, end)| end > back)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let Some((k, until)) = waits else {
            return own;
        };
        // Its users wait where a dependency they need to start is down: no more than that
        // dependency's share of them at each moment, as a hard dependency would take down
        // (found by a review: one cell of two down kept every user waiting, so a start-only
        // need cost more than the same hard dependency).
        for &d in &c.needs_at_start {
            let dep = &outcomes[d].down;
            if dep.at(back) > 0.0 && dep.end() > back {
                let waiting =
                    dep.clipped(back, f64::INFINITY)
                        .min(&Profile::span(back, dep.end(), share));
                own.down = own.down.max(&waiting);
            }
        }
        own.chain.push(written(
            StepKind::Dependency,
            self.id(c),
            say!(
                self,
                "`{}` would start again after {} but needs `{}` to start, which is down until {}",
                c.id,
                fmt_minutes(back),
                self.r.components[k].id,
                fmt_minutes(until)
            ),
        ));
        own
    }
}
