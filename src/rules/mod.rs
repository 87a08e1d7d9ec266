//! The rule set: what a failed fault domain does to what rests on it.
//!
//! This is the one place that decides impact from effect kinds and domain kinds. Every
//! analysis reads it:
//!
//! - [`footing`] says, for each component, which domains it rests on and **how**
//!   ([`Reliance`]): the whole component, one regional placement, one zone of it, the
//!   region's control plane for launches, the DNS and edge that move traffic, the
//!   monitoring that sees. It is computed once, in the prepared architecture, with the
//!   domains interned ([`Dom`]).
//! - [`Reliance::impact`] says what a set of effects on a domain does to something that
//!   relies on it that way. Propagation ([`crate::propagate`]) asks it per scenario; the
//!   fault trees ([`crate::risk`]) ask it per basic event to decide whether a domain's
//!   failure makes a gate true. A fault-tree gate and a propagation rule therefore come from
//!   the same definition.
//! - [`implied`] says what a failure implies beyond its own domain (a region's data plane
//!   takes its control plane; a backbone its provider's edge, DNS and global control plane;
//!   a managed service the dependants its provider profile documents).
//! - [`footing::used_domains`] says which domains an architecture gives the catalogue's
//!   patterns to fail.
//!
//! The effects themselves are documented one file per effect in [`crate::effects`].

pub mod constants;
pub(crate) mod footing;
pub(crate) mod implied;
mod table;

use crate::effects::EffectKind;

pub(crate) use footing::{Footing, WholeBy, used_domains};
pub(crate) use table::{Dom, Domains};

/// What `data-destroyed` destroyed, from smallest to largest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum DataScope {
    /// One zone.
    Zone,
    /// One region, or one on-prem site.
    Region,
    /// A deliberate deletion: every live copy, wherever it is (replication copies it).
    Deletion,
}

/// Minutes of writes lost when `scope` is destroyed, or `None` when nothing recoverable
/// survives (total loss): what survives is the last backup kept outside the scope (see
/// [`crate::effects::data_destroyed`]). A zone's loss spares backups in the region; a
/// region's or site's loss spares only backups in another region or provider; a deletion
/// spares any backup (backups are not live copies), but not a replica.
/// How a component whose data `scope` destroyed gets it back.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Recovered {
    /// From its replica in another region (a zone or a region destroyed; a deletion
    /// replicates, so never): the writes the replica had not received are lost.
    Replica {
        /// Minutes of writes lost (the lag; 0 for synchronous replication).
        lost: f64,
    },
    /// From a backup kept outside the scope: the writes since it are lost, and serving
    /// again waits for the restore.
    Backup {
        /// Minutes of writes lost (the backup interval).
        lost: f64,
        /// Minutes the restore takes (`restore_minutes`, doubled for unverified backups).
        restore: f64,
    },
}

impl Recovered {
    /// Minutes of writes lost.
    pub(crate) fn lost(self) -> f64 {
        match self {
            Recovered::Replica { lost } | Recovered::Backup { lost, .. } => lost,
        }
    }

    /// Minutes before it can serve again, counted from the start of the event: a restore
    /// from backup takes its time however soon the failed domain returns (the catalogue's
    /// durations already hold the typical restore, so it is a floor, not an addition).
    pub(crate) fn floor(self) -> f64 {
        match self {
            Recovered::Replica { .. } => 0.0,
            Recovered::Backup { restore, .. } => restore,
        }
    }
}

/// How `c` recovers data that `scope` destroyed, or `None` when nothing survives (total
/// loss): a replica in another region of a component in several regions (not after a
/// deletion), else the last backup kept outside the scope ([`data_loss`]), whichever loses
/// fewer writes.
pub(crate) fn recovered(
    c: &crate::resolve::ResolvedComponent,
    scope: DataScope,
) -> Option<Recovered> {
    use crate::model::Replication;
    let data = c.data.as_ref()?;
    let replica = (scope != DataScope::Deletion && c.placements.len() > 1)
        .then_some(match data.replication {
            Replication::Sync => Some(0.0),
            Replication::Async => Some(data.lag_minutes),
            Replication::None => None,
        })
        .flatten()
        .map(|lost| Recovered::Replica { lost });
    let backup = data_loss(data, scope).map(|lost| Recovered::Backup {
        lost,
        restore: data.restore_minutes,
    });
    match (replica, backup) {
        (Some(r), Some(b)) if b.lost() < r.lost() => Some(b),
        (Some(r), _) => Some(r),
        (None, b) => b,
    }
}

pub(crate) fn data_loss(data: &crate::resolve::ResolvedData, scope: DataScope) -> Option<f64> {
    use crate::model::BackupLocation as B;
    let survives = match data.backups {
        B::None => false,
        B::SameZone => scope == DataScope::Deletion,
        B::SameRegion => matches!(scope, DataScope::Zone | DataScope::Deletion),
        B::OtherRegion | B::OtherProvider => true,
    };
    survives.then_some(data.backup_interval_minutes)
}

/// A set of effect kinds, as bits (effects are few and closed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub(crate) struct EffectSet(u8);

impl EffectSet {
    /// No effect: the domain did not fail.
    pub const EMPTY: EffectSet = EffectSet(0);

    fn bit(e: EffectKind) -> u8 {
        match e {
            EffectKind::Unavailable => 1,
            EffectKind::Degraded => 2,
            EffectKind::ControlPlaneUnavailable => 4,
            EffectKind::MonitoringBlind => 8,
            EffectKind::CapacityReduced => 16,
            EffectKind::DataDestroyed => 32,
        }
    }

    /// The set of these effects.
    pub fn of(effects: impl IntoIterator<Item = EffectKind>) -> EffectSet {
        let mut s = EffectSet::EMPTY;
        for e in effects {
            s.0 |= Self::bit(e);
        }
        s
    }

    /// Whether `e` is in the set.
    pub fn has(self, e: EffectKind) -> bool {
        self.0 & Self::bit(e) != 0
    }

    /// Both sets' effects.
    pub fn union(self, other: EffectSet) -> EffectSet {
        EffectSet(self.0 | other.0)
    }

    /// The set without `e`.
    pub fn without(self, e: EffectKind) -> EffectSet {
        EffectSet(self.0 & !Self::bit(e))
    }

    /// The effects in the set, in `EffectKind`'s order (its declaration's, as a
    /// `BTreeSet<EffectKind>` iterates them).
    pub fn kinds(self) -> impl Iterator<Item = EffectKind> {
        EffectKind::ALL.into_iter().filter(move |&e| self.has(e))
    }

    /// No effect at all.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// How something relies on a fault domain: the role the domain plays for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Reliance {
    /// The domain carries the whole component (its site, vendor, DNS or edge provider, its
    /// fleet agents, a global rollout, a bad change, its certificate, the backbone of a
    /// provider-global component): every placement goes with it.
    Whole,
    /// The component calls global endpoints served by this global control plane: as
    /// [`Reliance::Whole`], and the control plane's loss fails the calls too.
    Calls,
    /// One regional placement runs on it: the region's data plane, the provider's backbone,
    /// the component's managed service there.
    Placement,
    /// One zone a placement uses (the placement is lost when every zone it uses is).
    Zone,
    /// Control actions (launch, scale, API-driven failover, record edits) go through it: a
    /// region's or a DNS provider's control plane.
    Control,
    /// Traffic moves through it for a failover: a DNS provider, a provider's edge.
    Route,
    /// It sees and alerts for a manual failover: a monitoring system's domains.
    Watch,
}

/// What a failure does to something relying on the domain in one way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Impact {
    /// Nothing.
    None,
    /// It works with errors or latency.
    Degraded,
    /// It stops; `destroyed`: the data stored in the domain is gone too.
    Down {
        /// Stored data destroyed (`data-destroyed`).
        destroyed: bool,
    },
    /// It cannot be used for control actions or to move traffic.
    Blocked,
    /// It cannot see or alert.
    Blind,
    /// Survivors are squeezed (a retry storm): enough headroom absorbs it.
    Squeezed,
}

impl Reliance {
    /// What `effects` on a domain do to something relying on it this way. The rules, with
    /// the effect that decides each (see the effect's file in [`crate::effects`]):
    ///
    /// | reliance | down | degraded | blocked / blind / squeezed |
    /// |---|---|---|---|
    /// | whole | `unavailable` or `data-destroyed` | `degraded` | |
    /// | calls | as whole, or `control-plane-unavailable` | `degraded` | |
    /// | placement | `unavailable` (`data-destroyed` with it destroys the data) | `degraded` | squeezed by `capacity-reduced` |
    /// | zone | `unavailable` (likewise) | `degraded` (a gray failure) | |
    /// | control | | | blocked by `control-plane-unavailable` or `unavailable` |
    /// | route | | | blocked by `unavailable` |
    /// | watch | | | blind by `unavailable` or `monitoring-blind` |
    ///
    /// A domain that is both down and degraded counts as down; one that is degraded and has
    /// lost its control plane counts as degraded for a caller of its endpoints (a degraded
    /// control plane still answers).
    pub fn impact(self, e: EffectSet) -> Impact {
        use EffectKind as K;
        if e.is_empty() {
            return Impact::None;
        }
        match self {
            Reliance::Whole | Reliance::Calls => {
                if e.has(K::Unavailable) || e.has(K::DataDestroyed) {
                    Impact::Down {
                        destroyed: e.has(K::DataDestroyed),
                    }
                } else if e.has(K::Degraded) {
                    Impact::Degraded
                } else if self == Reliance::Calls && e.has(K::ControlPlaneUnavailable) {
                    Impact::Down { destroyed: false }
                } else {
                    Impact::None
                }
            }
            Reliance::Placement => {
                if e.has(K::Unavailable) {
                    Impact::Down {
                        destroyed: e.has(K::DataDestroyed),
                    }
                } else if e.has(K::Degraded) {
                    Impact::Degraded
                } else if e.has(K::CapacityReduced) {
                    Impact::Squeezed
                } else {
                    Impact::None
                }
            }
            Reliance::Zone => {
                if e.has(K::Unavailable) {
                    Impact::Down {
                        destroyed: e.has(K::DataDestroyed),
                    }
                } else if e.has(K::Degraded) {
                    Impact::Degraded
                } else {
                    Impact::None
                }
            }
            Reliance::Control => {
                if e.has(K::ControlPlaneUnavailable) || e.has(K::Unavailable) {
                    Impact::Blocked
                } else {
                    Impact::None
                }
            }
            Reliance::Route => {
                if e.has(K::Unavailable) {
                    Impact::Blocked
                } else {
                    Impact::None
                }
            }
            Reliance::Watch => {
                if e.has(K::Unavailable) || e.has(K::MonitoringBlind) {
                    Impact::Blind
                } else {
                    Impact::None
                }
            }
        }
    }

    /// Whether `effects` make a domain fail for this reliance in the all-or-nothing sense of
    /// the fault trees: down, blocked or blind (degradations and squeezes are not "down").
    pub fn fails(self, e: EffectSet) -> bool {
        matches!(
            self.impact(e),
            Impact::Down { .. } | Impact::Blocked | Impact::Blind
        )
    }
}

/// Whether a scenario failing a domain of `class` with `effects` makes that domain a basic
/// event of the fault trees: its failure takes something down (`unavailable`,
/// `data-destroyed`), or, for control planes and monitoring, blocks a failover. (A
/// degradation or a squeeze alone is not a way down.)
pub(crate) fn is_basic_event(class: crate::domain::DomainClass, effects: EffectSet) -> bool {
    use crate::domain::DomainClass as C;
    let relevant: &[Reliance] = match class {
        C::ControlPlane | C::GlobalControlPlane => &[Reliance::Whole, Reliance::Control],
        C::Monitoring => &[Reliance::Whole, Reliance::Watch],
        _ => &[Reliance::Whole],
    };
    relevant.iter().any(|r| r.fails(effects))
}

#[cfg(test)]
mod tests {
    use super::*;
    use EffectKind as K;

    /// Every subset of the effects, as bits, holds, lists and loses effects as a
    /// `BTreeSet<EffectKind>` of the same effects does (what `FailedDomains` kept before it
    /// kept bits: a simulation lists the effects in this order).
    #[test]
    fn an_effect_set_is_a_set_of_effects_in_their_order() {
        use std::collections::BTreeSet;
        for bits in 0u32..(1 << K::ALL.len()) {
            let subset: BTreeSet<K> = K::ALL
                .into_iter()
                .enumerate()
                .filter(|&(i, _)| bits & (1 << i) != 0)
                .map(|(_, e)| e)
                .collect();
            let set = EffectSet::of(subset.iter().copied());
            assert_eq!(
                set.kinds().collect::<Vec<_>>(),
                subset.iter().copied().collect::<Vec<_>>()
            );
            assert_eq!(set.is_empty(), subset.is_empty());
            for e in K::ALL {
                assert_eq!(set.has(e), subset.contains(&e), "{bits:b} has {e:?}");
                let mut less = subset.clone();
                less.remove(&e);
                assert_eq!(
                    set.without(e),
                    EffectSet::of(less.iter().copied()),
                    "{bits:b} without {e:?}"
                );
            }
        }
    }

    #[test]
    fn the_table_by_hand() {
        let u = EffectSet::of([K::Unavailable]);
        let dd = EffectSet::of([K::DataDestroyed]);
        let deg = EffectSet::of([K::Degraded]);
        let cp = EffectSet::of([K::ControlPlaneUnavailable]);
        let blind = EffectSet::of([K::MonitoringBlind]);
        let squeeze = EffectSet::of([K::CapacityReduced]);
        assert_eq!(Reliance::Whole.impact(u), Impact::Down { destroyed: false });
        assert_eq!(Reliance::Whole.impact(dd), Impact::Down { destroyed: true });
        assert_eq!(Reliance::Whole.impact(deg), Impact::Degraded);
        assert_eq!(Reliance::Whole.impact(cp), Impact::None);
        assert_eq!(
            Reliance::Calls.impact(cp),
            Impact::Down { destroyed: false }
        );
        assert_eq!(Reliance::Placement.impact(dd), Impact::None);
        assert_eq!(
            Reliance::Placement.impact(EffectSet::of([K::Unavailable, K::DataDestroyed])),
            Impact::Down { destroyed: true }
        );
        assert_eq!(Reliance::Placement.impact(squeeze), Impact::Squeezed);
        assert_eq!(Reliance::Zone.impact(deg), Impact::Degraded);
        assert_eq!(Reliance::Control.impact(u), Impact::Blocked);
        assert_eq!(Reliance::Control.impact(cp), Impact::Blocked);
        assert_eq!(Reliance::Route.impact(cp), Impact::None);
        assert_eq!(Reliance::Watch.impact(blind), Impact::Blind);
        assert_eq!(Reliance::Watch.impact(EffectSet::EMPTY), Impact::None);
    }

    #[test]
    fn basic_events_are_failures_that_take_down_or_block() {
        use crate::domain::DomainClass as C;
        let cp = EffectSet::of([K::ControlPlaneUnavailable]);
        assert!(is_basic_event(C::ControlPlane, cp));
        assert!(!is_basic_event(C::Region, cp));
        assert!(is_basic_event(
            C::Monitoring,
            EffectSet::of([K::MonitoringBlind])
        ));
        assert!(!is_basic_event(C::Region, EffectSet::of([K::Degraded])));
        assert!(is_basic_event(C::Site, EffectSet::of([K::DataDestroyed])));
    }
}
