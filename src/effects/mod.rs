//! Effect kinds: what a failed fault domain does. A closed set; catalogue patterns refer to
//! them by name. One documentation file per effect, each with the same outline: what fails
//! / what history shows / how it propagates / what helps / references. The rules that apply
//! them live in one place, the engine's `rules` module.

use serde::{Deserialize, Serialize};

/// What a failed domain does to the things that rest on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum EffectKind {
    /// Everything in the domain stops serving (see `unavailable.rs`).
    Unavailable,
    /// Everything in the domain serves with errors or latency (see `degraded.rs`).
    Degraded,
    /// Launches, scaling, configuration edits and control-plane failovers fail
    /// (see `control_plane_unavailable.rs`).
    ControlPlaneUnavailable,
    /// Monitoring hosted in the domain cannot see or alert (see `monitoring_blind.rs`).
    MonitoringBlind,
    /// Survivors must absorb load or retries; without headroom they degrade
    /// (see `capacity_reduced.rs`).
    CapacityReduced,
    /// Stored data in the domain is lost (see `data_destroyed.rs`).
    DataDestroyed,
}

impl EffectKind {
    /// Every effect the engine implements.
    pub const ALL: [EffectKind; 6] = [
        EffectKind::Unavailable,
        EffectKind::Degraded,
        EffectKind::ControlPlaneUnavailable,
        EffectKind::MonitoringBlind,
        EffectKind::CapacityReduced,
        EffectKind::DataDestroyed,
    ];

    /// The name used in catalogue files.
    pub fn as_str(self) -> &'static str {
        match self {
            EffectKind::Unavailable => "unavailable",
            EffectKind::Degraded => "degraded",
            EffectKind::ControlPlaneUnavailable => "control-plane-unavailable",
            EffectKind::MonitoringBlind => "monitoring-blind",
            EffectKind::CapacityReduced => "capacity-reduced",
            EffectKind::DataDestroyed => "data-destroyed",
        }
    }
}

pub mod capacity_reduced;
pub mod control_plane_unavailable;
pub mod data_destroyed;
pub mod degraded;
pub mod monitoring_blind;
pub mod unavailable;
