//! Topology: what survives when placements are hit. A single-region component has one
//! placement serving all its users; an active-active one serves an equal share of its
//! users from each region and moves the share of a lost region to the others (its failover
//! permitting), which then carry the load with their headroom; an active-passive one serves
//! everyone from its primary and fails over to its first healthy standby, as fast as the
//! standby's temperature and the failover allow, and loses what its replication and backups
//! cannot bring back. A failover that does not happen costs the same whatever the standby:
//! the users wait for the primary.

use std::rc::Rc;

use crate::model::{Kind, Replication, Standby, Topology, Trigger};
use crate::render::words::{Whole, fmt_minutes};
use crate::resolve::ResolvedComponent;
use crate::rules::constants::{LAUNCH_MINUTES, PILOT_LIGHT_MINUTES, WARM_SCALE_MINUTES};
use crate::rules::{DataScope, data_loss};

use super::Ctx;
use super::chain::{Chain, LinkText, Outcome, Step, StepKind, percent, step, written};
use super::place::Place;
use super::profile::Profile;

impl Ctx<'_> {
    /// A gray placement's outcome on its own (the component's only serving placement):
    /// its other zones take what they can.
    fn gray_alone(&self, c: &ResolvedComponent, k: usize, place: Place) -> Place {
        match place {
            Place::Gray {
                share,
                until,
                chain,
            } => {
                let spread = c.placements[k].zones.len() > 1;
                let region = format!("in {}", c.placements[k].region);
                self.gray(c, share, until, spread, chain, &region)
            }
            other => other,
        }
    }

    pub(super) fn single(&self, c: &ResolvedComponent, place: Option<Place>, out: &mut Outcome) {
        let place = place.map(|p| self.gray_alone(c, 0, p));
        match place {
            None | Some(Place::Healthy) => {}
            Some(Place::Hit {
                down,
                degraded,
                chain,
            }) => {
                out.down = down;
                out.degraded = degraded;
                out.chain = chain;
            }
            Some(Place::Lost {
                chain,
                scope,
                until,
            }) => self.down_until_back(c, chain, scope, until, 1.0, out),
            Some(Place::Gray { .. }) => {}
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
        let n = places.len();
        let each = 1.0 / n as f64;
        // Gray zones across its regions: the component's other capacity takes the
        // requests it can (client retries, global load balancing).
        let mut gray_share = 0.0;
        let mut gray_until: f64 = 0.0;
        let mut gray_chain: Option<Chain> = None;
        let mut places: Vec<Place> = places
            .into_iter()
            .map(|pl| match pl {
                Place::Gray {
                    share,
                    until,
                    chain,
                } => {
                    gray_share += share * each;
                    gray_until = gray_until.max(until);
                    gray_chain.get_or_insert(chain);
                    Place::Healthy
                }
                other => other,
            })
            .collect();
        if let Some(chain) = gray_chain {
            let spread = n > 1 || c.placements.iter().any(|p| p.zones.len() > 1);
            let hit = self.gray(
                c,
                gray_share,
                gray_until,
                spread,
                chain,
                "across its regions",
            );
            if let Some(slot) = places.iter_mut().find(|p| matches!(p, Place::Healthy)) {
                // Scaled by `each` below like every placement: undo it for a component-wide
                // share.
                *slot = match hit {
                    Place::Hit {
                        down,
                        degraded,
                        chain,
                    } => Place::Hit {
                        down,
                        degraded: degraded.scaled(n as f64),
                        chain,
                    },
                    other => other,
                };
            }
        }
        let lost: Vec<usize> = (0..n)
            .filter(|&k| matches!(places[k], Place::Lost { .. }))
            .collect();
        let healthy: Vec<usize> = (0..n).filter(|k| !lost.contains(k)).collect();
        // What the placements that still serve do to their own users.
        let mut hits_down = Profile::none();
        let mut hits_degraded = Profile::none();
        let mut hit_chain: Option<Chain> = None;
        let mut lost_chain = Chain::default();
        let mut scope = None;
        let mut until: f64 = 0.0;
        for pl in places {
            match pl {
                Place::Healthy => {}
                Place::Hit {
                    down,
                    degraded,
                    chain,
                } => {
                    hits_down = hits_down.sum(&down.scaled(each));
                    hits_degraded = hits_degraded.sum(&degraded.scaled(each));
                    hit_chain.get_or_insert(chain);
                }
                Place::Lost {
                    chain,
                    scope: s,
                    until: u,
                } => {
                    if lost_chain.is_empty() {
                        lost_chain = chain;
                    }
                    scope = scope.max(s);
                    until = until.max(u);
                }
                Place::Gray { .. } => {}
            }
        }
        if lost.is_empty() {
            // Each region serves its share of the users: a hit region hurts its share.
            if let Some(chain) = hit_chain {
                out.down = hits_down;
                out.degraded = hits_degraded;
                out.chain = chain;
            }
            return;
        }
        let mut chain = lost_chain;
        if healthy.is_empty() {
            chain.push(written(
                StepKind::ComponentHit,
                self.id(c),
                say!(self, "`{}` loses every region", c.id),
            ));
            self.down_until_back(c, chain, scope, until, 1.0, out);
            return;
        }
        let share_lost = lost.len() as f64 * each;
        let target = c.placements[healthy[0]].region.as_str();
        let target_controls = &self.foot.placements[i][healthy[0]].controls;
        let lost_region = c.placements[lost[0]].region.as_str();
        let blocked = self
            .failover_blocked(p, Some(target_controls), &c.failover)
            .and_then(|()| unreplicated(c))
            .and_then(|()| waits_for_data(c, scope, active_failover_loss(c)).map_or(Ok(()), Err))
            .and_then(|()| back_first(self.recovery(c, until).up_at, c.failover.minutes()));
        match blocked {
            Ok(()) => {
                let rec = self.recovery(c, until);
                let m = rec.up_at.min(c.failover.minutes());
                out.down = Profile::span(0.0, m, share_lost).sum(&hits_down);
                out.degraded = hits_degraded;
                self.deferred_link(&mut chain, StepKind::FailoverWorked, c, || {
                    LinkText::MovesUsers {
                        trigger: c.failover.trigger,
                        via: c.failover.via,
                        lost_region: Rc::from(lost_region),
                        share: share_lost,
                        target: Rc::from(target),
                        minutes: m,
                    }
                });
                let survivors = healthy.len() as f64 * each * (1.0 + c.headroom_percent / 100.0);
                if survivors + 1e-9 < 1.0 && m < until {
                    let (end, why) = match self.control_blocked_any(target_controls) {
                        Some(d) => (until, format!("it cannot scale up while {d} is down")),
                        None => (
                            until.min(m + LAUNCH_MINUTES),
                            format!(
                                "it scales up in about {} (estimate)",
                                fmt_minutes(LAUNCH_MINUTES)
                            ),
                        ),
                    };
                    out.degraded = out.degraded.sum(&Profile::span(m, end, 1.0 - survivors));
                    chain.push(written(
                        StepKind::ComponentHit,
                        self.id(c),
                        say!(
                            self,
                            "the surviving regions hold {} % of the load with {} % headroom; {why}",
                            Whole(survivors * 100.0),
                            Whole(c.headroom_percent)
                        ),
                    ));
                }
                out.chain = chain;
                if let Some(data) = &c.data
                    && data.replication == Replication::Async
                {
                    out.lose_data(Some(data.lag_minutes), self.id(c));
                }
            }
            Err(why) => {
                chain.push(written(
                    StepKind::FailoverFailed,
                    self.id(c),
                    say!(self,
                        "`{}` is active-active but the users of {lost_region} ({}) are not moved: {why}",
                        c.id,
                        percent(share_lost)
                    ),
                ));
                self.down_until_back(c, chain, scope, until, share_lost, out);
                out.down = out.down.sum(&hits_down);
                out.degraded = out.degraded.sum(&hits_degraded);
            }
        }
    }

    pub(super) fn active_passive(
        &self,
        i: usize,
        c: &ResolvedComponent,
        p: &str,
        mut places: Vec<Place>,
        out: &mut Outcome,
    ) {
        let primary = self.gray_alone(c, 0, places.remove(0));
        let Place::Lost {
            mut chain,
            scope,
            until,
        } = primary
        else {
            self.single(c, Some(primary), out);
            return;
        };
        let standby_idx = places
            .iter()
            .position(|pl| !matches!(pl, Place::Lost { .. }));
        let Some(si) = standby_idx else {
            chain.push(written(
                StepKind::ComponentHit,
                self.id(c),
                say!(self, "`{}` has no healthy standby region", c.id),
            ));
            self.down_until_back(c, chain, scope, until, 1.0, out);
            return;
        };
        let target = c.placements[si + 1].region.as_str();
        let target_controls = &self.foot.placements[i][si + 1].controls;
        let mut blocked = self.failover_blocked(p, Some(target_controls), &c.failover);
        let needs_launch = matches!(c.standby, Standby::PilotLight | Standby::BackupRestore);
        if blocked.is_ok()
            && needs_launch
            && let Some(d) = self.control_blocked_any(target_controls)
        {
            blocked = Err(format!(
                "the {} standby must launch instances and {d} is down",
                c.standby.as_str()
            ));
        }
        // The minutes the standby takes to serve after the decision: declared (measured in
        // a disaster-recovery test), or its level's default.
        let mut extra: f64 = c.failover.bring_up_minutes.unwrap_or(match c.standby {
            Standby::Hot | Standby::Warm => 0.0,
            Standby::PilotLight => PILOT_LIGHT_MINUTES,
            Standby::BackupRestore => c
                .data
                .map_or(crate::rules::constants::DEFAULT_RESTORE, |d| {
                    d.restore_minutes
                }),
        });
        // Without replication the standby has data only from a backup kept outside the
        // failed region: it restores that first; with no such backup there is nothing to
        // fail over to (waiting for the region loses nothing that was not destroyed).
        if let Some(data) = &c.data
            && serves_from_backup(c)
        {
            if data_loss(data, DataScope::Region).is_some() {
                extra = extra.max(data.restore_minutes);
            } else if blocked.is_ok() {
                blocked = Err(
                    "its data is not replicated and no backup is kept outside the failed region, so the standby has no copy to serve"
                        .to_owned(),
                );
            }
        }
        if blocked.is_ok()
            && let Some(why) = waits_for_data(c, scope, passive_failover_loss(c))
        {
            blocked = Err(why);
        }
        if blocked.is_ok() {
            blocked = back_first(self.recovery(c, until).up_at, c.failover.minutes() + extra);
        }
        match blocked {
            Ok(()) => {
                let rec = self.recovery(c, until);
                let m = rec.up_at.min(c.failover.minutes() + extra);
                out.down = Profile::all_for(m);
                self.deferred_link(&mut chain, StepKind::FailoverWorked, c, || {
                    LinkText::FailsOver {
                        standby: c.standby,
                        target: Rc::from(target),
                        trigger: c.failover.trigger,
                        via: c.failover.via,
                        bring_up: c.failover.bring_up_minutes,
                        minutes: m,
                    }
                });
                if c.standby == Standby::Warm && m < until {
                    let (end, why) = match self.control_blocked_any(target_controls) {
                        Some(d) => (
                            until,
                            format!(
                                "the warm standby cannot scale to full capacity while {d} is down"
                            ),
                        ),
                        // A declared bring-up is a disaster-recovery test's measure of
                        // the standby carrying the load, as a pilot light's is of its
                        // launches: the scale-up is inside it. Found by a review: scaling
                        // after a declared bring-up made a warm standby cost more than a
                        // pilot light declared the same (3.2: hot ≤ warm ≤ pilot light).
                        None if c.failover.bring_up_minutes.is_some() => (m, String::new()),
                        // It scales from the moment it is switched to, while any restore
                        // runs (as a pilot light launches during it): degraded only for
                        // what of the scale-up outlasts the restore.
                        None => (
                            until.min(c.failover.minutes() + WARM_SCALE_MINUTES),
                            format!(
                                "the warm standby scales to full capacity in about {} (estimate)",
                                fmt_minutes(WARM_SCALE_MINUTES)
                            ),
                        ),
                    };
                    if end > m {
                        out.degraded = Profile::span(m, end, 1.0);
                        chain.push(written(StepKind::ComponentHit, self.id(c), why));
                    }
                }
                if let Some(minutes) = self.split_brain(c, scope, m, until) {
                    out.degraded = out
                        .degraded
                        .max(&Profile::span(until, until + minutes, 1.0));
                    chain.push(written(
                        StepKind::ComponentHit,
                        self.id(c),
                        say!(self,
                            "`{}` promoted its standby while the unreachable primary kept running, unfenced: both took writes, and reconciling the two histories from backups takes {} after the partition ends, serving stale or inconsistent data (split brain; GitHub 2018-10-21; estimate)",
                            c.id,
                            fmt_minutes(minutes)
                        ),
                    ));
                }
                out.chain = chain;
                if c.data.is_some() {
                    let loss = passive_failover_loss(c);
                    if loss != Some(0.0) {
                        out.lose_data(loss, self.id(c));
                    }
                }
            }
            Err(why) => {
                chain.push(written(
                    StepKind::FailoverFailed,
                    self.id(c),
                    say!(self, "`{}` does not fail over to {target}: {why}", c.id),
                ));
                self.down_until_back(c, chain, scope, until, 1.0, out);
            }
        }
    }

    /// Split brain (docs/scoring.md 3.7): an automatic failover of a stateful component
    /// that is not fenced (`failover.fenced: false`), promoted at `switched` while the
    /// primary's domain is partitioned (the pattern's hosts keep running, nothing is
    /// destroyed) until `until`, with writes that are not confirmed in both places (an
    /// `async` replica, or a standby restored from a backup): both sides took writes, and
    /// reconciling them takes the restore time (GitHub 2018-10-21: a 43 s partition, an
    /// unfenced cross-country promotion, then 24 h 11 min of stale and inconsistent data
    /// while backups were restored and writes replayed; the restore time as the
    /// reconciliation time is an estimate). The minutes of reconciliation, degraded.
    fn split_brain(
        &self,
        c: &ResolvedComponent,
        scope: Option<DataScope>,
        switched: f64,
        until: f64,
    ) -> Option<f64> {
        let data = c.data.as_ref()?;
        let diverges = c.failover.unfenced
            && c.failover.trigger == Trigger::Automatic
            && self.s.partition
            && scope.is_none()
            && switched < until
            && passive_failover_loss(c).is_some_and(|loss| loss > 0.0);
        diverges.then_some(data.restore_minutes)
    }

    /// Cells: each region serves its own customers (an equal share) and nothing moves
    /// between cells, so what happens to a cell happens to its share only: a lost cell's
    /// customers are down until it is back, a degraded zone is absorbed (or not) inside the
    /// cell.
    pub(super) fn cells(&self, c: &ResolvedComponent, places: Vec<Place>, out: &mut Outcome) {
        let each = 1.0 / places.len().max(1) as f64;
        let cells = places.len();
        let mut first_chain: Option<Vec<Step>> = None;
        let mut hit: Vec<&str> = Vec::new();
        for (k, place) in places.into_iter().enumerate() {
            let mut cell = Outcome::default();
            match self.gray_alone(c, k, place) {
                Place::Healthy | Place::Gray { .. } => continue,
                Place::Hit {
                    down,
                    degraded,
                    chain,
                } => {
                    cell.down = down;
                    cell.degraded = degraded;
                    cell.chain = chain;
                }
                Place::Lost {
                    mut chain,
                    scope,
                    until,
                } => {
                    chain.push(written(
                        StepKind::ComponentHit,
                        self.id(c),
                        say!(
                            self,
                            "`{}` runs in cells: the customers of {} ({}) are served nowhere else",
                            c.id,
                            c.placements[k].region,
                            percent(each)
                        ),
                    ));
                    self.down_until_back(c, chain, scope, until, 1.0, &mut cell);
                }
            }
            out.down = out.down.sum(&cell.down.scaled(each));
            out.degraded = out.degraded.sum(&cell.degraded.scaled(each));
            out.merge_data(&cell);
            hit.push(c.placements[k].region.as_str());
            if first_chain.is_none() {
                first_chain = Some(cell.chain.for_report());
            }
        }
        if let Some(mut chain) = first_chain {
            if hit.len() > 1 {
                // The chain shows how the first cell was hit; say how many were.
                chain.push(step(
                    StepKind::ComponentHit,
                    &*c.id,
                    say!(
                        self,
                        "`{}` is hit in {} of its {cells} cells ({}): {} of its customers",
                        c.id,
                        hit.len(),
                        hit.join(", "),
                        percent(each * hit.len() as f64)
                    ),
                ));
            }
            out.chain = chain.into();
        }
    }

    pub(super) fn down_until_back(
        &self,
        c: &ResolvedComponent,
        mut chain: Chain,
        scope: Option<DataScope>,
        until: f64,
        share: f64,
        out: &mut Outcome,
    ) {
        let rec = self.recovery(c, until);
        if let Some(words) = &rec.words {
            chain.push(written(
                StepKind::ComponentHit,
                self.id(c),
                say!(self, "`{}`: {words}", c.id),
            ));
        }
        out.down = Profile::span(0.0, rec.up_at, share);
        out.degraded = rec.degraded.scaled(share);
        out.chain = chain;
        if let Some(scope) = scope
            && c.data.is_some()
        {
            self.recover_data(c, scope, share, out);
        }
    }
}

/// Whether an active-passive `c`'s standby takes its data from a backup: it does not
/// replicate. Without a backup kept outside the failed region it has no copy to serve.
fn serves_from_backup(c: &ResolvedComponent) -> bool {
    c.data
        .as_ref()
        .is_some_and(|d| d.replication == Replication::None)
}

/// An active-passive `c` whose standby has no copy of the data to serve: it serves from a
/// backup ([`serves_from_backup`]) and none is kept outside the failed region. It never
/// fails over; it waits for its region.
fn standby_has_no_copy(c: &ResolvedComponent) -> bool {
    serves_from_backup(c)
        && c.data
            .as_ref()
            .is_some_and(|d| data_loss(d, DataScope::Region).is_none())
}

/// Minutes of writes an active-passive failover of `c` loses: what the standby's copy
/// misses (the replication lag, or back to the last backup kept outside the region when it
/// restores or does not replicate); `None` when no copy survives.
///
/// A backup-restore standby is started from whichever copy outside the region loses fewer
/// writes, its replica or a backup, as destroyed data comes back (3.5). Found by a review:
/// taking only the backup, a standby with a replica and no off-region backup "failed
/// over" with no copy, while the same event's destroyed data came back from the replica.
fn passive_failover_loss(c: &ResolvedComponent) -> Option<f64> {
    let data = c.data.as_ref()?;
    let replica = match data.replication {
        Replication::None => return data_loss(data, DataScope::Region),
        Replication::Async => data.lag_minutes,
        Replication::Sync => 0.0,
    };
    Some(match (c.standby, data_loss(data, DataScope::Region)) {
        (Standby::BackupRestore, Some(backup)) => backup.min(replica),
        _ => replica,
    })
}

/// Minutes of writes moving a lost region's users to the other regions of an active-active
/// `c` loses: the lag of an async replica, nothing for a synchronous one, and without
/// replication back to the last backup kept outside the region (infinite: none survives).
/// `None` without durable data.
fn active_failover_loss(c: &ResolvedComponent) -> Option<f64> {
    let data = c.data.as_ref()?;
    Some(match data.replication {
        Replication::Sync => 0.0,
        Replication::Async => data.lag_minutes,
        Replication::None => data_loss(data, DataScope::Region).unwrap_or(f64::INFINITY),
    })
}

/// `on_data_loss: wait`: a failover that would lose `loss` minutes of writes is declined
/// while the failed region's data survives (nothing was destroyed): the component waits for
/// its region and loses nothing. Once the data is destroyed, waiting saves nothing and the
/// failover runs.
fn waits_for_data(
    c: &ResolvedComponent,
    scope: Option<DataScope>,
    loss: Option<f64>,
) -> Option<String> {
    let loss = loss?;
    (c.failover.wait_for_data && scope.is_none() && loss > 0.0).then(|| {
        let lost = if loss.is_finite() {
            format!("up to {} of writes", fmt_minutes(loss))
        } else {
            "its writes there (no copy outside the region)".to_owned()
        };
        format!(
            "failing over would lose {lost}, and it waits for its region instead (`on_data_loss: wait`)"
        )
    })
}

/// Whether `c`'s traffic never moves when a region is lost (destroyed data aside): it
/// declines a failover that would lose writes (`on_data_loss: wait`), it is an
/// active-active record store whose data is not replicated, or an active-passive one whose
/// standby has no copy to serve ([`standby_has_no_copy`]). The fault trees use it.
pub(crate) fn declines_failover(c: &ResolvedComponent) -> bool {
    let loss = match c.topology {
        Topology::ActivePassive => passive_failover_loss(c),
        Topology::ActiveActive => active_failover_loss(c),
        _ => None,
    };
    (c.topology == Topology::ActiveActive && unreplicated(c).is_err())
        || (c.topology == Topology::ActivePassive && standby_has_no_copy(c))
        || waits_for_data(c, None, loss).is_some()
}

/// A failover that would complete only after the failed region is back (and the component
/// serves there again) does not happen: users wait for the region either way, and nothing
/// is lost by moving.
fn back_first(back: f64, failover: f64) -> Result<(), String> {
    if back <= failover {
        Err(format!(
            "its region serves again after {}, before a failover would complete ({})",
            fmt_minutes(back),
            fmt_minutes(failover)
        ))
    } else {
        Ok(())
    }
}

/// A record store (database, object storage, secrets, or another kind with `data`) whose
/// data is not replicated holds it only where it was written: the users of a lost region of
/// an active-active one cannot be served elsewhere (their data is not there; restoring a
/// backup into another region is a recovery, not a move). They wait for the region, as
/// cells do. A queue or a cache still takes new work elsewhere (what was in the lost region
/// waits or is refilled).
fn unreplicated(c: &ResolvedComponent) -> Result<(), String> {
    match &c.data {
        Some(d)
            if d.replication == Replication::None
                && !matches!(c.kind, Kind::Queue | Kind::Cache) =>
        {
            Err(
                "its data is not replicated, so the other regions do not hold these users' data"
                    .to_owned(),
            )
        }
        _ => Ok(()),
    }
}
