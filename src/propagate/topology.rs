//! Topology: what survives when placements are hit. A single-region component has one
//! placement; an active-active one moves the traffic of a lost region to the others
//! (its failover permitting) and serves at the survivors' capacity; an active-passive one
//! fails over to its first healthy standby, as fast as the standby's temperature and the
//! failover allow, and loses what its replication and backups cannot bring back.

use crate::model::{Replication, Standby};
use crate::render::words::{fmt_minutes, trigger_word, via_word};
use crate::resolve::ResolvedComponent;
use crate::rules::{DataScope, data_loss};

use super::chain::{Outcome, Step, StepKind, step};
use super::place::Place;
use super::{Ctx, LAUNCH_MINUTES, PILOT_LIGHT_MINUTES, WARM_SCALE_MINUTES};

impl Ctx<'_> {
    pub(super) fn single(&self, c: &ResolvedComponent, place: Option<Place>, out: &mut Outcome) {
        match place {
            None | Some(Place::Healthy) => {}
            Some(Place::Hit {
                down,
                degraded,
                chain,
            }) => {
                out.down_minutes = down;
                out.degraded_minutes = degraded;
                out.chain = chain.into();
            }
            Some(Place::Lost(chain, scope)) => self.down_for_the_event(c, chain, scope, out),
        }
    }

    pub(super) fn active_active(
        &self,
        i: usize,
        c: &ResolvedComponent,
        p: &str,
        places: Vec<Place>,
        out: &mut Outcome,
    ) {
        let t = self.t();
        let n = places.len();
        let lost: Vec<usize> = places
            .iter()
            .enumerate()
            .filter(|(_, pl)| matches!(pl, Place::Lost(..)))
            .map(|(i, _)| i)
            .collect();
        let healthy: Vec<usize> = (0..n).filter(|i| !lost.contains(i)).collect();
        if lost.is_empty() {
            // Each region serves its share of the traffic: a degraded region degrades its share.
            self.worst_of(places, out, 1.0 / n as f64);
            return;
        }
        let mut chain = Vec::new();
        let mut scope = None;
        for pl in places.iter() {
            if let Place::Lost(steps, s) = pl {
                if chain.is_empty() {
                    chain.extend(steps.iter().cloned());
                }
                scope = scope.max(*s);
            }
        }
        if healthy.is_empty() {
            self.nowhere_to_go(c, chain, scope, "loses every region", out);
            return;
        }
        let target = c.placements[healthy[0]].region.as_str();
        let target_control = self.foot.placements[i][healthy[0]].control;
        match self.failover_blocked(p, Some(target_control), &c.failover) {
            Ok(()) => {
                let m = t.min(c.failover.minutes());
                out.down_minutes = m * lost.len() as f64 / n as f64;
                chain.push(step(
                    StepKind::FailoverWorked,
                    &c.id,
                    format!(
                        "`{}` is active-active: {} failover ({}) moves the traffic of {} to {target} in {}; {} of {n} regions' traffic is down until then",
                        c.id,
                        trigger_word(c.failover.trigger),
                        via_word(c.failover.via),
                        c.placements[lost[0]].region,
                        fmt_minutes(m),
                        lost.len()
                    ),
                ));
                let survivors =
                    healthy.len() as f64 / n as f64 * (1.0 + c.headroom_percent / 100.0);
                if survivors + 1e-9 < 1.0 {
                    let (minutes, why) = match self.control_blocked(target_control) {
                        Some(d) => (t, format!("it cannot scale up while {d} is down")),
                        None => (
                            t.min(LAUNCH_MINUTES),
                            format!(
                                "it scales up in about {} (estimate)",
                                fmt_minutes(LAUNCH_MINUTES)
                            ),
                        ),
                    };
                    out.degraded_minutes = minutes * (1.0 - survivors);
                    chain.push(step(
                        StepKind::ComponentHit,
                        &c.id,
                        format!("the surviving regions hold {:.0} % of the load with {:.0} % headroom; {why}", survivors * 100.0, c.headroom_percent),
                    ));
                }
                if let Some(data) = &c.data
                    && data.replication == Replication::Async
                {
                    out.chain = chain.into();
                    out.lose_data(Some(data.lag_minutes), &c.id);
                    return;
                }
            }
            Err(why) => {
                out.down_minutes = t * lost.len() as f64 / n as f64;
                chain.push(step(
                    StepKind::FailoverFailed,
                    &c.id,
                    format!(
                        "`{}` is active-active but traffic for {} is not moved: {why}; {} of {n} regions' traffic is down for the event",
                        c.id,
                        c.placements[lost[0]].region,
                        lost.len()
                    ),
                ));
            }
        }
        out.chain = chain.into();
    }

    pub(super) fn active_passive(
        &self,
        i: usize,
        c: &ResolvedComponent,
        p: &str,
        mut places: Vec<Place>,
        out: &mut Outcome,
    ) {
        let t = self.t();
        let primary = places.remove(0);
        let Place::Lost(mut chain, scope) = primary else {
            self.single(c, Some(primary), out);
            return;
        };
        let standby_idx = places.iter().position(|pl| !matches!(pl, Place::Lost(..)));
        let Some(si) = standby_idx else {
            self.nowhere_to_go(c, chain, scope, "has no healthy standby region", out);
            return;
        };
        let target = c.placements[si + 1].region.as_str();
        let target_control = self.foot.placements[i][si + 1].control;
        let mut blocked = self.failover_blocked(p, Some(target_control), &c.failover);
        let mut extra = 0.0;
        let mut after = None;
        let needs_launch = matches!(c.standby, Standby::PilotLight | Standby::BackupRestore);
        if blocked.is_ok()
            && needs_launch
            && let Some(d) = self.control_blocked(target_control)
        {
            blocked = Err(format!(
                "the {} standby must launch instances and {d} is down",
                c.standby.as_str()
            ));
        }
        // Without replication the standby has data only from a backup kept outside the
        // failed region: it restores that first; with no such backup there is nothing to
        // fail over to (waiting for the region loses nothing that was not destroyed).
        if let Some(data) = &c.data
            && data.replication == Replication::None
        {
            if data_loss(data, DataScope::Region).is_some() {
                extra = data.restore_minutes;
            } else if blocked.is_ok() {
                blocked = Err(
                    "its data is not replicated and no backup is kept outside the failed region, so the standby has no copy to serve"
                        .to_owned(),
                );
            }
        }
        match c.standby {
            Standby::Hot => {}
            Standby::Warm => {
                after = Some(match self.control_blocked(target_control) {
                    Some(d) => (
                        t,
                        format!("the warm standby cannot scale to full capacity while {d} is down"),
                    ),
                    None => (
                        WARM_SCALE_MINUTES,
                        format!(
                            "the warm standby scales to full capacity in about {} (estimate)",
                            fmt_minutes(WARM_SCALE_MINUTES)
                        ),
                    ),
                });
            }
            Standby::PilotLight => extra = extra.max(PILOT_LIGHT_MINUTES),
            Standby::BackupRestore => {
                extra = c
                    .data
                    .map_or(crate::resolve::DEFAULT_RESTORE, |d| d.restore_minutes)
            }
        }
        match blocked {
            Ok(()) => {
                let m = t.min(c.failover.minutes() + extra);
                out.down_minutes = m;
                chain.push(step(
                    StepKind::FailoverWorked,
                    &c.id,
                    format!(
                        "`{}` fails over to its {} standby in {target}: {} trigger, {}, {} in all",
                        c.id,
                        c.standby.as_str(),
                        trigger_word(c.failover.trigger),
                        via_word(c.failover.via),
                        fmt_minutes(m)
                    ),
                ));
                if let Some((minutes, why)) = after
                    && m < t
                {
                    out.degraded_minutes = m + minutes.min(t - m);
                    chain.push(step(StepKind::ComponentHit, &c.id, why));
                }
                out.chain = chain.into();
                if let Some(data) = &c.data {
                    let loss = match (c.standby, data.replication) {
                        (Standby::BackupRestore, _) | (_, Replication::None) => {
                            data_loss(data, DataScope::Region)
                        }
                        (_, Replication::Async) => Some(data.lag_minutes),
                        (_, Replication::Sync) => Some(0.0),
                    };
                    if loss != Some(0.0) {
                        out.lose_data(loss, &c.id);
                    }
                }
            }
            Err(why) => {
                chain.push(step(
                    StepKind::FailoverFailed,
                    &c.id,
                    format!("`{}` does not fail over to {target}: {why}", c.id),
                ));
                self.down_for_the_event(c, chain, scope, out);
            }
        }
    }

    /// Every region of a multi-region component is lost: down for the event, and destroyed
    /// data recovered only from what survives outside the destroyed scope.
    pub(super) fn nowhere_to_go(
        &self,
        c: &ResolvedComponent,
        mut chain: Vec<Step>,
        scope: Option<DataScope>,
        why: &str,
        out: &mut Outcome,
    ) {
        chain.push(step(
            StepKind::ComponentHit,
            &c.id,
            format!("`{}` {why}", c.id),
        ));
        self.down_for_the_event(c, chain, scope, out);
    }

    /// The component is down for the whole event, for the reasons in `chain`; destroyed data
    /// is recovered only from what survives outside the destroyed scope.
    pub(super) fn down_for_the_event(
        &self,
        c: &ResolvedComponent,
        chain: Vec<Step>,
        scope: Option<DataScope>,
        out: &mut Outcome,
    ) {
        out.down_minutes = self.t();
        out.chain = chain.into();
        if let (Some(scope), Some(data)) = (scope, &c.data) {
            out.lose_data(data_loss(data, scope), &c.id);
        }
    }

    pub(super) fn worst_of(&self, places: Vec<Place>, out: &mut Outcome, share: f64) {
        for pl in places {
            if let Place::Hit {
                down,
                degraded,
                chain,
            } = pl
            {
                let (down, degraded) = (down * share, degraded * share);
                if down > out.down_minutes
                    || (out.down_minutes == 0.0 && degraded > out.degraded_minutes)
                {
                    out.chain = chain.into();
                }
                out.down_minutes = out.down_minutes.max(down);
                out.degraded_minutes = out.degraded_minutes.max(degraded);
            }
        }
    }
}
