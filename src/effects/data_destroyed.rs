//! `data-destroyed`: stored data in the domain is gone.
//!
//! # What fails
//! The disks, the database, the backups kept in the same place: a fire, a flood, a
//! deletion by an operator or an automation.
//!
//! # What history shows
//! OVHcloud SBG 2021-03-10 (fire; customers with backups in the same site lost data
//! permanently), GitLab.com 2017-01-31 (operator deleted the database; about six hours of
//! data lost), Atlassian 2022-04-05 (sites deleted by a script).
//!
//! # How it propagates
//! A datastore whose copy in the domain is destroyed recovers only from a copy outside
//! it: a replica in a healthy region (loses the replication lag; not against deletion,
//! which replicates), or a backup kept outside the destroyed scope (loses up to the
//! backup interval). Without either, everything is lost (`data_loss_total`).
//!
//! # What helps
//! Backups off-site or off-provider, point-in-time recovery, delayed replicas, guard rails
//! on destructive operations.
//!
//! # References
//! The incidents cited by `site-loss`, `region-physical-loss` and
//! `destructive-operator-action`.
