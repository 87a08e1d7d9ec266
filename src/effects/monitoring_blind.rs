//! `monitoring-blind`: the monitoring hosted in the failed domain cannot see or alert.
//!
//! # What fails
//! Dashboards, alerting and status pages that run on the infrastructure that broke.
//!
//! # What history shows
//! AWS 2017-02-28 (the Service Health Dashboard could not show per-service status while
//! S3 was down), AWS 2020-11-25 (CloudWatch depended on Kinesis), Datadog 2023-03-08.
//!
//! # How it propagates
//! A manual failover needs a person to be alerted: if every declared monitoring system is
//! blind (its own domain failed, or all regions it runs in failed), the manual failover
//! does not happen. Automatic failovers on data-plane health checks are unaffected.
//!
//! # What helps
//! Monitoring out of band (another provider or region, a `secondary` system), automatic
//! failover on data-plane health checks.
//!
//! # References
//! The incidents cited by `monitoring-shares-fate` (`faultline explain monitoring-shares-fate`).
