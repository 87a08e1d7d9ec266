//! Data transforms: backups that survive the loss of what they back up, and replicas in
//! the other regions.
//!
//! The score counts downtime, not lost data (data loss shows as RPO breaches and in the
//! findings), so these transforms only gain score where the copy also shortens an outage;
//! otherwise [`Prepared::suggest`](crate::Prepared::suggest) lists them as rejected, with the RPO breaches they remove.

use super::{Candidate, Cost, Ctx, Transform};
use crate::model::{Architecture, BackupLocation, DataSpec, Replication};
use crate::resolve::Home;

pub(super) const OFF_SITE_BACKUPS: Transform = Transform {
    name: "off-site-backups",
    summary: "Keep backups where the failure that destroys the data cannot reach them: another region of the provider, or off-site for on-premises and single-site systems.",
    applies_when: "a component with `data` keeps backups nowhere, in the same zone, or in the same region/site",
    cost: Cost::Low,
    cost_rationale: "storage and transfer for backup copies elsewhere, and restore drills",
    answers: &[
        "region-physical-loss",
        "site-loss",
        "destructive-operator-action",
    ],
    candidates: off_site_backups,
};

pub(super) const VERIFY_BACKUPS: Transform = Transform {
    name: "verify-backups",
    summary: "Restore the backups in a drill and keep the drill regular, so that a restore during an outage takes the time it was measured to take.",
    applies_when: "a component says its backups were never restored in a drill (`backups_verified: false`)",
    cost: Cost::Low,
    cost_rationale: "a scratch environment and an engineer's day per drill",
    answers: &[
        "region-physical-loss",
        "site-loss",
        "destructive-operator-action",
    ],
    candidates: verify_backups,
};

pub(super) const FENCE_FAILOVER: Transform = Transform {
    name: "fence-failover",
    summary: "Fence the old primary before an automatic promotion (revoke its write lease, cut its network or power it off), so a partition never leaves two primaries taking writes.",
    applies_when: "a stateful component's automatic failover says it is not fenced (`failover.fenced: false`)",
    cost: Cost::Low,
    cost_rationale: "a fencing step in the promotion runbook or orchestrator, and a partition test",
    answers: &[
        "region-data-plane-loss",
        "backbone-routing-failure",
        "site-network-loss",
    ],
    candidates: fence_failover,
};

pub(super) const REPLICATE: Transform = Transform {
    name: "replicate",
    summary: "Replicate a multi-region datastore's writes to its other regions asynchronously, so a failover finds the data there.",
    applies_when: "a component with `data` runs in two or more regions with `replication: none`",
    cost: Cost::Medium,
    cost_rationale: "cross-region replication traffic and a replica to run and watch",
    answers: &["region-data-plane-loss", "region-physical-loss"],
    candidates: replicate,
};

fn off_site_backups(ctx: &Ctx) -> Vec<Candidate> {
    ctx.r
        .components
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let data = c.data?;
            if data.backups >= BackupLocation::OtherRegion {
                return None;
            }
            let (to, words) = match c.home {
                Home::Provider(_) => (BackupLocation::OtherRegion, "in another region"),
                Home::Site(_) | Home::Saas(_) => (BackupLocation::OtherProvider, "off-site, with another provider"),
            };
            let now = match data.backups {
                BackupLocation::None => "none are kept",
                BackupLocation::SameZone => "they are in the same zone",
                _ => "they are in the same region or site",
            };
            Some(Candidate::new(
                c.id.to_string(),
                format!("Keep `{}`'s backups {words}", c.id),
                format!(
                    "Copy `{}`'s backups {words} (now {now}), so that losing the {} or a deletion that replicates still leaves a copy to restore.",
                    c.id,
                    if matches!(c.home, Home::Provider(_)) { "region" } else { "site" }
                ),
                move |arch: &mut Architecture| {
                    let d = arch.components[i].data.get_or_insert_with(DataSpec::default);
                    d.backups = Some(to);
                },
            ))
        })
        .collect()
}

fn verify_backups(ctx: &Ctx) -> Vec<Candidate> {
    ctx.arch
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.data.as_ref().is_some_and(|d| {
                d.backups_verified == Some(false)
                    && !matches!(d.backups, None | Some(BackupLocation::None))
            })
        })
        .map(|(i, c)| {
            Candidate::new(
                c.id.clone(),
                format!("Run a restore drill of `{}`'s backups", c.id),
                format!(
                    "Restore `{}` from its backups in a drill and fix what fails, then keep the drill regular; once verified, a restore takes its measured `restore_minutes` instead of twice that.",
                    c.id
                ),
                move |arch: &mut Architecture| {
                    if let Some(d) = arch.components[i].data.as_mut() {
                        d.backups_verified = Some(true);
                    }
                },
            )
        })
        .collect()
}

fn fence_failover(ctx: &Ctx) -> Vec<Candidate> {
    ctx.arch
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| c.failover.as_ref().is_some_and(|f| f.fenced == Some(false)))
        .map(|(i, c)| {
            Candidate::new(
                c.id.clone(),
                format!("Fence `{}`'s old primary before promoting its standby", c.id),
                format!(
                    "Make `{}`'s automatic failover fence the old primary first (revoke its lease or cut it off), so that a partition ends with one history instead of two to reconcile.",
                    c.id
                ),
                move |arch: &mut Architecture| {
                    if let Some(f) = arch.components[i].failover.as_mut() {
                        f.fenced = Some(true);
                    }
                },
            )
        })
        .collect()
}

fn replicate(ctx: &Ctx) -> Vec<Candidate> {
    ctx.r
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| c.placements.len() >= 2 && c.data.is_some_and(|d| d.replication == Replication::None))
        .map(|(i, c)| {
            Candidate::new(
                c.id.to_string(),
                format!("Replicate `{}`'s data to its other regions", c.id),
                format!(
                    "Replicate `{}`'s writes asynchronously from {} to {}, so failing over finds the data (minus the replication lag) instead of an empty or stale copy.",
                    c.id,
                    c.placements[0].region,
                    c.placements[1..].iter().map(|p| p.region.as_str()).collect::<Vec<_>>().join(", ")
                ),
                move |arch: &mut Architecture| {
                    let d = arch.components[i].data.get_or_insert_with(DataSpec::default);
                    d.replication = Some(Replication::Async);
                },
            )
        })
        .collect()
}
