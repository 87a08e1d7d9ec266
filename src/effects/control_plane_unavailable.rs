//! `control-plane-unavailable`: launches, scaling, configuration edits and API-driven
//! failovers fail; what is already running keeps serving.
//!
//! # What fails
//! A region's control plane (`control:<provider>/<region>`) or the provider's global one
//! (`control:<provider>/global`: AWS IAM, Route 53 and CloudFront control planes and the
//! global STS endpoint live in us-east-1).
//!
//! # What history shows
//! AWS 2012-06-29 (region-wide EC2/EBS APIs down 66 minutes while one zone lost power),
//! AWS 2021-12-07 and 2025-10-20 (launches failed in us-east-1 for hours; global
//! services' control planes impaired).
//!
//! # How it propagates
//! Only what needs the control plane during the event is hurt: a failover with
//! `needs_control_plane: true`, a pilot-light or backup-restore standby that must launch,
//! a warm standby or a zone-degraded component that must scale up. Statically stable
//! designs (pre-provisioned capacity, data-plane health-check failover) are untouched.
//!
//! # What helps
//! Pre-provisioned standby, failover on data-plane health checks, regional endpoints.
//!
//! # References
//! AWS, "Static stability using Availability Zones" (Amazon Builders' Library); the
//! incidents cited by `region-control-plane-loss` and `global-control-plane-loss`.
