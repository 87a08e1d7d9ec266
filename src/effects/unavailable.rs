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

use crate::domain::DomainId;
use crate::effects::EffectKind;
use crate::scenarios::FailedDomains;

/// The domains a regional placement rests on as a whole: its region's data plane, the
/// provider's backbone, and its own managed service there.
pub(crate) fn placement_domains(
    provider: &str,
    region: &str,
    service: Option<&str>,
) -> impl Iterator<Item = DomainId> {
    [
        Some(DomainId::Region {
            provider: provider.to_owned(),
            region: region.to_owned(),
        }),
        Some(DomainId::Backbone(provider.to_owned())),
        service.map(|s| DomainId::Service {
            provider: provider.to_owned(),
            region: region.to_owned(),
            service: s.to_owned(),
        }),
    ]
    .into_iter()
    .flatten()
}

/// The domain that makes a regional placement unavailable, if any (zones are handled by
/// the caller because partial zone loss is not loss of the placement).
pub(crate) fn placement_lost(
    failed: &FailedDomains,
    provider: &str,
    region: &str,
    service: Option<&str>,
) -> Option<DomainId> {
    placement_domains(provider, region, service).find(|d| failed.has(d, EffectKind::Unavailable))
}

/// The zones of a placement that are unavailable.
pub(crate) fn zones_lost<'a>(
    failed: &FailedDomains,
    provider: &str,
    region: &str,
    zones: &'a [String],
) -> Vec<&'a str> {
    zones
        .iter()
        .filter(|z| {
            failed.has(
                &DomainId::Zone {
                    provider: provider.to_owned(),
                    region: region.to_owned(),
                    zone: (*z).clone(),
                },
                EffectKind::Unavailable,
            )
        })
        .map(String::as_str)
        .collect()
}
