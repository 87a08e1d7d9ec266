//! What the failed domains do to one component itself: the domains that take it whole,
//! then each regional placement (its region, backbone and service, its zones, a squeeze),
//! before topology and failover decide what survives ([`super::topology`]).

use crate::model::Topology;
use crate::render::words::fmt_minutes;
use crate::resolve::{Home, ResolvedComponent};
use crate::rules::footing::PlacementFooting;
use crate::rules::{DataScope, Dom, HEADROOM_TO_ABSORB, Impact, Reliance, WholeBy, data_loss};

use super::chain::{Outcome, Step, StepKind, step};
use super::{Ctx, LAUNCH_MINUTES, ZONE_FAILOVER_MINUTES};

/// The state of one regional placement.
pub(super) enum Place {
    Healthy,
    /// Down for `down` minutes (an in-region failover), degraded for `degraded` minutes.
    Hit {
        down: f64,
        degraded: f64,
        chain: Vec<Step>,
    },
    Lost(Vec<Step>, Option<DataScope>),
}

impl Ctx<'_> {
    /// A domain that takes the whole component (every placement) with it: the first that
    /// takes it down, else the first that degrades it (a replay can fail several at once).
    /// `(domain, why, data destroyed, down)`.
    fn whole(&self, i: usize) -> Option<(Dom, WholeBy, Option<DataScope>, bool)> {
        let mut degraded_by = None;
        for &(d, by) in &self.foot.whole[i] {
            // A bad change is aimed at one component (or, played alone, at every one).
            if by == WholeBy::Change && self.s.target.is_some_and(|t| t != i) {
                continue;
            }
            let reliance = if by == WholeBy::GlobalEndpoints {
                Reliance::Calls
            } else {
                Reliance::Whole
            };
            match reliance.impact(self.effects(d)) {
                Impact::Down { destroyed } => {
                    let scope = destroyed.then_some(if by == WholeBy::Change {
                        DataScope::Deletion
                    } else {
                        DataScope::Region
                    });
                    return Some((d, by, scope, true));
                }
                Impact::Degraded => {
                    degraded_by.get_or_insert((d, by, None, false));
                }
                _ => {}
            }
        }
        degraded_by
    }

    /// What the scenario does to component `i` itself (before its dependencies).
    pub(super) fn own(&self, i: usize) -> Outcome {
        let c = &self.r.components[i];
        let t = self.t();
        let mut out = Outcome::default();
        if let Some((d, by, scope, down)) = self.whole(i) {
            let domain = self.domain(d);
            let why = match by {
                WholeBy::GlobalEndpoints => format!(
                    "`{}` calls global endpoints served by {domain}, which failed",
                    c.id
                ),
                WholeBy::Change => format!("a bad production change hits `{}`", c.id),
                WholeBy::Agent => {
                    let name = match domain {
                        crate::domain::DomainId::Agent(a) => a.as_str(),
                        _ => "",
                    };
                    format!(
                        "every host of `{}` runs agent `{name}`, which failed everywhere at once",
                        c.id
                    )
                }
                WholeBy::Rollout => format!(
                    "`{}` deploys with `rollout: global`: the bad change reached every region at once",
                    c.id
                ),
                WholeBy::Certificate => format!(
                    "users reach `{}` over TLS with the expired certificate",
                    c.id
                ),
                WholeBy::Home | WholeBy::Edge | WholeBy::Backbone => {
                    format!("`{}` runs on {domain}, which failed", c.id)
                }
            };
            out.chain.push(step(
                StepKind::DomainFailed,
                domain.to_string(),
                format!("{domain} failed"),
            ));
            out.chain.push(step(StepKind::ComponentHit, &c.id, why));
            if down {
                out.down_minutes = t;
            } else {
                out.degraded_minutes = t;
            }
            if let (Some(scope), Some(data)) = (scope, &c.data) {
                // A physically destroyed site/region can be recovered from a replica in
                // another healthy region; a deletion replicates, so only backups help.
                out.lose_data(data_loss(data, scope), &c.id);
            }
            return out;
        }
        let Home::Provider(p) = &c.home else {
            return out;
        };
        if c.placements.is_empty() {
            return out;
        }
        let places: Vec<Place> = (0..c.placements.len())
            .map(|k| self.place(c, p, k, &self.foot.placements[i][k]))
            .collect();
        match c.topology {
            Topology::SingleRegion => self.single(c, places.into_iter().next(), &mut out),
            Topology::ActiveActive => self.active_active(i, c, p, places, &mut out),
            Topology::ActivePassive => self.active_passive(i, c, p, places, &mut out),
        }
        out
    }

    /// What the scenario does to placement `k` of `c`.
    fn place(&self, c: &ResolvedComponent, p: &str, k: usize, foot: &PlacementFooting) -> Place {
        let t = self.t();
        let region = c.placements[k].region.as_str();
        let zones = &c.placements[k].zones;
        // Its region, the backbone or its service lost: the placement is lost.
        for &d in &foot.lost_with {
            if let Impact::Down { destroyed } = Reliance::Placement.impact(self.effects(d)) {
                let domain = self.domain(d);
                return Place::Lost(
                    vec![
                        step(
                            StepKind::DomainFailed,
                            domain.to_string(),
                            format!("{domain} failed"),
                        ),
                        step(
                            StepKind::ComponentHit,
                            &c.id,
                            format!("`{}` loses its {region} placement", c.id),
                        ),
                    ],
                    destroyed.then_some(DataScope::Region),
                );
            }
        }
        // Its zones: every one lost is the placement lost; some lost cost capacity (and a
        // stateful component's primary).
        let mut lost: Vec<usize> = Vec::new();
        let mut destroyed = false;
        for (z, &d) in foot.zones.iter().enumerate() {
            if let Impact::Down { destroyed: dd } = Reliance::Zone.impact(self.effects(d)) {
                lost.push(z);
                destroyed |= dd;
            }
        }
        if let Some(&first) = lost.first() {
            let first_name = &zones[first];
            let failed = step(
                StepKind::DomainFailed,
                format!("zone:{p}/{region}/{first_name}"),
                format!("zone {first_name} of {region} failed"),
            );
            if lost.len() == zones.len() {
                return Place::Lost(
                    vec![
                        failed,
                        step(
                            StepKind::ComponentHit,
                            &c.id,
                            format!(
                                "`{}` runs only in {} in {region}",
                                c.id,
                                if zones.len() == 1 {
                                    format!("zone {}", zones[0])
                                } else {
                                    "the failed zones".to_owned()
                                }
                            ),
                        ),
                    ],
                    destroyed.then_some(DataScope::Zone),
                );
            }
            let n = zones.len() as f64;
            let k_lost = lost.len() as f64;
            let mut chain = vec![failed];
            let mut down = 0.0;
            let mut degraded = 0.0;
            // A stateful component's primary sits in its first listed zone (the order the
            // description gives); losing that zone interrupts it for an in-region failover,
            // losing another zone only costs a replica's capacity.
            if c.is_stateful() && lost.contains(&0) {
                chain.push(step(
                    StepKind::FailoverWorked,
                    &c.id,
                    format!(
                        "`{}` has its primary in {}: it fails over to another of its {} zones in {region} in about {} (estimate)",
                        c.id,
                        zones[0],
                        zones.len(),
                        fmt_minutes(ZONE_FAILOVER_MINUTES),
                    ),
                ));
                down = t.min(ZONE_FAILOVER_MINUTES);
            }
            let capacity = (n - k_lost) / n * (1.0 + c.headroom_percent / 100.0);
            if capacity + 1e-9 < 1.0 {
                let (minutes, why) = match self.control_blocked(foot.control) {
                    Some(d) => (
                        t,
                        format!("replacement capacity cannot be launched while {d} is down"),
                    ),
                    None => (
                        t.min(LAUNCH_MINUTES),
                        format!(
                            "replacement capacity launches in about {} (estimate)",
                            fmt_minutes(LAUNCH_MINUTES)
                        ),
                    ),
                };
                chain.push(step(
                    StepKind::ComponentHit,
                    &c.id,
                    format!(
                        "`{}` keeps {:.0} % of its capacity in {region} with {:.0} % headroom; {why}",
                        c.id,
                        (capacity * 100.0).min(100.0),
                        c.headroom_percent
                    ),
                ));
                // The missing share of capacity is the share of requests degraded.
                degraded = minutes * (1.0 - capacity);
            }
            if down > 0.0 || degraded > 0.0 {
                return Place::Hit {
                    down,
                    degraded,
                    chain,
                };
            }
            return Place::Healthy;
        }
        // Degraded with its region, backbone or service.
        for &d in &foot.lost_with {
            if Reliance::Placement.impact(self.effects(d)) == Impact::Degraded {
                let domain = self.domain(d);
                return Place::Hit {
                    down: 0.0,
                    degraded: t,
                    chain: vec![
                        step(
                            StepKind::DomainFailed,
                            domain.to_string(),
                            format!("{domain} is degraded"),
                        ),
                        step(
                            StepKind::ComponentHit,
                            &c.id,
                            format!("`{}` in {region} is degraded with it", c.id),
                        ),
                    ],
                };
            }
        }
        // A retry storm in its region, without the headroom to ride it out.
        if c.headroom_percent < HEADROOM_TO_ABSORB
            && Reliance::Placement.impact(self.effects(foot.region)) == Impact::Squeezed
        {
            let domain = self.domain(foot.region);
            return Place::Hit {
                down: 0.0,
                degraded: t,
                chain: vec![
                    step(
                        StepKind::DomainFailed,
                        domain.to_string(),
                        format!("{domain} is overloaded (retry storm)"),
                    ),
                    step(
                        StepKind::ComponentHit,
                        &c.id,
                        format!(
                            "`{}` has {:.0} % headroom in {region}, below the {:.0} % that rides out a retry storm",
                            c.id, c.headroom_percent, HEADROOM_TO_ABSORB
                        ),
                    ),
                ],
            };
        }
        Place::Healthy
    }
}
