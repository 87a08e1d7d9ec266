//! `unavailable`: everything resting on the failed domain stops serving.
//!
//! # What fails
//! The data plane of the domain: a zone's or region's instances, a managed service in a
//! region, a provider's edge or DNS, a SaaS vendor, a site, every host running a fleet agent.
//!
//! # What history shows
//! AWS us-east-1 2021-12-07 (regional network), Fastly 2021-06-08 (edge), Dyn 2016-10-21
//! (DNS), CrowdStrike 2024-07-19 (agent): the domain stops and everything on it stops.
//!
//! # How it propagates
//! A placement of a component in a region is lost when the region, the provider's backbone,
//! the component's own managed service there, or all of its zones are unavailable. A
//! component without placements is lost when its own domain (DNS, edge, identity, SaaS,
//! site) is. Agents, a global rollout and a bad change hit every placement at once. The
//! loss then meets the component's topology and failover (see `propagate`).
//!
//! # What helps
//! Redundancy that does not share the domain: more zones, another region with a working
//! failover, another provider behind `any_of`.
//!
//! # References
//! See the incidents cited by the patterns using this effect (`faultline catalogue`).
