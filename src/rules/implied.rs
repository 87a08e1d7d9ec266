//! What a failure implies beyond its own domain.
//!
//! Each rule names its reason; an implication without a documented source does not belong
//! here:
//!
//! - a region's data plane lost (`unavailable`) takes the region's control plane with it:
//!   nothing can be launched or changed in a region whose network is down (AWS us-east-1
//!   2021-12-07);
//! - the control plane of a provider's home region (provider profile
//!   `global_control_plane.home_region`: us-east-1 for AWS) takes the provider's global
//!   control plane (IAM, Route 53 and CloudFront changes) with it (AWS 2021-12-07: Route 53
//!   and IAM changes failed while the us-east-1 network was impaired);
//! - a provider's backbone lost takes its global control plane, edge, DNS and identity
//!   services (every region at once: Meta 2021-10-04, GCP 2019-06-02);
//! - a managed service in a region takes the services its provider profile documents as
//!   depending on it there, with the post-incident report that documents each
//!   (`internal_dependencies`; e.g. AWS 2020-11-25: Cognito and CloudWatch on Kinesis).

use std::collections::{BTreeMap, BTreeSet};

use crate::catalogue::Catalogue;
use crate::domain::DomainId;
use crate::effects::EffectKind;

/// Adds to `map` what its failures imply, until nothing new is implied. Idempotent.
pub(crate) fn close(map: &mut BTreeMap<DomainId, BTreeSet<EffectKind>>, catalogue: &Catalogue) {
    let mut pending: Vec<(DomainId, BTreeSet<EffectKind>)> =
        map.iter().map(|(d, e)| (d.clone(), e.clone())).collect();
    let mut guard = 0usize;
    while let Some((domain, effects)) = pending.pop() {
        guard += 1;
        if guard > 10_000 {
            break;
        }
        let hard = effects.contains(&EffectKind::Unavailable);
        let mut implied: Vec<(DomainId, Vec<EffectKind>)> = Vec::new();
        match &domain {
            DomainId::Region { provider, region } if hard => {
                implied.push((
                    DomainId::Control {
                        provider: provider.clone(),
                        region: region.clone(),
                    },
                    vec![EffectKind::ControlPlaneUnavailable],
                ));
            }
            // A provider's global control planes are hosted in a home region
            // (provider profile `global_control_plane.home_region`: us-east-1 for AWS):
            // when that region's control plane goes, they go with it (AWS 2021-12-07:
            // Route 53 and IAM changes failed while the us-east-1 network was impaired).
            DomainId::Control { provider, region }
                if (effects.contains(&EffectKind::ControlPlaneUnavailable)
                    || effects.contains(&EffectKind::Unavailable))
                    && catalogue
                        .provider(provider)
                        .and_then(|p| p.global_control_plane.as_ref())
                        .is_some_and(|g| &g.home_region == region) =>
            {
                implied.push((
                    DomainId::GlobalControl {
                        provider: provider.clone(),
                    },
                    vec![EffectKind::ControlPlaneUnavailable],
                ));
            }
            DomainId::Backbone(p) if hard => {
                implied.push((
                    DomainId::GlobalControl {
                        provider: p.clone(),
                    },
                    vec![EffectKind::ControlPlaneUnavailable],
                ));
                implied.push((DomainId::Edge(p.clone()), vec![EffectKind::Unavailable]));
                implied.push((DomainId::Dns(p.clone()), vec![EffectKind::Unavailable]));
                implied.push((DomainId::Identity(p.clone()), vec![EffectKind::Unavailable]));
            }
            DomainId::Service {
                provider,
                region,
                service,
            } if hard || effects.contains(&EffectKind::Degraded) => {
                if let Some(profile) = catalogue.provider(provider) {
                    for dep in &profile.internal_dependencies {
                        if &dep.service != service
                            || dep.region.as_ref().is_some_and(|r| r != region)
                        {
                            continue;
                        }
                        for d in &dep.dependents {
                            if d == "control-plane" {
                                implied.push((
                                    DomainId::Control {
                                        provider: provider.clone(),
                                        region: region.clone(),
                                    },
                                    vec![EffectKind::ControlPlaneUnavailable],
                                ));
                            } else {
                                implied.push((
                                    DomainId::Service {
                                        provider: provider.clone(),
                                        region: region.clone(),
                                        service: d.clone(),
                                    },
                                    effects
                                        .iter()
                                        .copied()
                                        .filter(|e| {
                                            matches!(
                                                e,
                                                EffectKind::Unavailable | EffectKind::Degraded
                                            )
                                        })
                                        .collect(),
                                ));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        for (d, e) in implied {
            let entry = map.entry(d.clone()).or_default();
            let before = entry.len();
            entry.extend(e.iter().copied());
            if entry.len() != before {
                pending.push((d, entry.clone()));
            }
        }
    }
}
