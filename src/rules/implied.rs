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
//!   depending on it there, each with the effect the post-incident report describes
//!   (unavailable, degraded, or only its control actions failing) and the incident that
//!   documents it (`internal_dependencies`; e.g. AWS 2020-11-25: Cognito and CloudWatch on
//!   Kinesis).
//!
//! Every implied domain records the domain that implied it and why, so a causal chain
//! starts at the root the pattern failed and names each documented dependency on its way
//! to the component ([`Why`]).

use std::collections::{BTreeMap, BTreeSet};

use crate::catalogue::{CONTROL_PLANE, Catalogue};
use crate::domain::DomainId;
use crate::effects::EffectKind;

/// Why a domain failed when the scenario did not fail it directly: the domain whose
/// failure implied it, and the documented reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Why {
    /// The failed domain that implies it.
    pub by: DomainId,
    /// The rule and its source, in words.
    pub reason: String,
}

/// Adds to `map` what its failures imply, until nothing new is implied, recording in `why`
/// the first reason each implied domain was added for. Idempotent.
pub(crate) fn close(
    map: &mut BTreeMap<DomainId, BTreeSet<EffectKind>>,
    why: &mut BTreeMap<DomainId, Why>,
    catalogue: &Catalogue,
) {
    let mut pending: Vec<(DomainId, BTreeSet<EffectKind>)> =
        map.iter().map(|(d, e)| (d.clone(), e.clone())).collect();
    let mut guard = 0usize;
    while let Some((domain, effects)) = pending.pop() {
        guard += 1;
        if guard > 10_000 {
            break;
        }
        for (d, e, reason) in implications(&domain, &effects, catalogue) {
            if e.is_empty() {
                continue;
            }
            let known = map.contains_key(&d);
            let entry = map.entry(d.clone()).or_default();
            let before = entry.len();
            entry.extend(e.iter().copied());
            if !known && !why.contains_key(&d) {
                why.insert(
                    d.clone(),
                    Why {
                        by: domain.clone(),
                        reason,
                    },
                );
            }
            if entry.len() != before {
                pending.push((d, entry.clone()));
            }
        }
    }
}

/// What one failed domain implies directly, with the reason for each.
fn implications(
    domain: &DomainId,
    effects: &BTreeSet<EffectKind>,
    catalogue: &Catalogue,
) -> Vec<(DomainId, Vec<EffectKind>, String)> {
    let hard = effects.contains(&EffectKind::Unavailable);
    let control_down = effects.contains(&EffectKind::ControlPlaneUnavailable)
        || effects.contains(&EffectKind::Unavailable);
    let mut out = Vec::new();
    match domain {
        DomainId::Region { provider, region } if hard => {
            out.push((
                DomainId::Control {
                    provider: provider.clone(),
                    region: region.clone(),
                },
                vec![EffectKind::ControlPlaneUnavailable],
                format!(
                    "its control plane runs in {region}: nothing can be launched or changed there while the region's network is down (AWS us-east-1 2021-12-07)"
                ),
            ));
        }
        DomainId::Control { provider, region } if control_down => {
            if let Some(g) = catalogue
                .provider(provider)
                .and_then(|p| p.global_control_plane.as_ref())
                .filter(|g| &g.home_region == region)
            {
                out.push((
                    DomainId::GlobalControl {
                        provider: provider.clone(),
                    },
                    vec![EffectKind::ControlPlaneUnavailable],
                    format!(
                        "the global control plane ({}) is hosted in {region} ({})",
                        g.services.join(", "),
                        g.source
                    ),
                ));
            }
        }
        DomainId::Backbone(p) if hard => {
            let reason = format!(
                "the backbone carries every service of {p} (Meta 2021-10-04, GCP 2019-06-02)"
            );
            out.push((
                DomainId::GlobalControl {
                    provider: p.clone(),
                },
                vec![EffectKind::ControlPlaneUnavailable],
                reason.clone(),
            ));
            out.push((
                DomainId::Edge(p.clone()),
                vec![EffectKind::Unavailable],
                reason.clone(),
            ));
            out.push((
                DomainId::Dns(p.clone()),
                vec![EffectKind::Unavailable],
                reason.clone(),
            ));
            out.push((
                DomainId::Identity(p.clone()),
                vec![EffectKind::Unavailable],
                reason,
            ));
        }
        DomainId::Service {
            provider,
            region,
            service,
        } if hard || effects.contains(&EffectKind::Degraded) => {
            // A named service failing is, to a component that names none, a managed service
            // it may use there: the generic regional exposure fails with it (docs/scoring.md
            // 1; the catalogue's regional events fail both already, a replayed incident or a
            // simulated service gets the same).
            if service != crate::rules::footing::ANY_SERVICE {
                out.push((
                    DomainId::Service {
                        provider: provider.clone(),
                        region: region.clone(),
                        service: crate::rules::footing::ANY_SERVICE.to_owned(),
                    },
                    if hard {
                        vec![EffectKind::Unavailable]
                    } else {
                        vec![EffectKind::Degraded]
                    },
                    format!("{service} is a managed service a component that names none may use in {region}"),
                ));
            }
            let Some(profile) = catalogue.provider(provider) else {
                return out;
            };
            for dep in &profile.internal_dependencies {
                if &dep.service != service || dep.region.as_ref().is_some_and(|r| r != region) {
                    continue;
                }
                for d in dep.dependents.entries() {
                    let reason = format!(
                        "{} depends on {service} in {region} ({}{})",
                        if d.service == CONTROL_PLANE {
                            "the region's control plane"
                        } else {
                            d.service.as_str()
                        },
                        dep.incident,
                        d.source
                            .as_deref()
                            .map(|s| format!(": {s}"))
                            .unwrap_or_default()
                    );
                    if d.service == CONTROL_PLANE {
                        out.push((
                            DomainId::Control {
                                provider: provider.clone(),
                                region: region.clone(),
                            },
                            vec![EffectKind::ControlPlaneUnavailable],
                            reason,
                        ));
                        continue;
                    }
                    // A dependant fails the way the report describes, never worse than its
                    // root: a degraded root degrades it at most.
                    let effect = d.effect.effect_kind();
                    let effect = if !hard && effect == EffectKind::Unavailable {
                        EffectKind::Degraded
                    } else {
                        effect
                    };
                    out.push((
                        DomainId::Service {
                            provider: provider.clone(),
                            region: region.clone(),
                            service: d.service.clone(),
                        },
                        vec![effect],
                        reason,
                    ));
                }
            }
        }
        _ => {}
    }
    out
}
