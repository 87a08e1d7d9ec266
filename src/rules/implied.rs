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

use std::collections::BTreeMap;

use crate::catalogue::{CONTROL_PLANE, Catalogue};
use crate::domain::DomainId;
use crate::effects::EffectKind;
use crate::rules::EffectSet;

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
/// the first reason each implied domain was added for, or the first that made it
/// unavailable when an earlier one only degraded it. Idempotent.
pub(crate) fn close(
    map: &mut BTreeMap<DomainId, EffectSet>,
    why: &mut BTreeMap<DomainId, Why>,
    catalogue: &Catalogue,
) {
    let mut pending: Vec<(DomainId, EffectSet)> =
        map.iter().map(|(d, &e)| (d.clone(), e)).collect();
    let mut guard = 0usize;
    while let Some((domain, effects)) = pending.pop() {
        guard += 1;
        if guard > 10_000 {
            break;
        }
        for (d, e, because) in implications(&domain, effects, catalogue) {
            let grown = match map.get_mut(&d) {
                Some(entry) => {
                    let before = *entry;
                    *entry = entry.union(EffectSet::of([e]));
                    // A domain this closure added, made unavailable now by a cause that
                    // was only degrading it before: the harder cause is its reason (and
                    // gives it its duration, `FailedDomains::close_over`). Found by a
                    // review: a degraded VPC endpoint was named as the reason the generic
                    // exposure was down, for its shorter time, when STS had taken it.
                    if e == EffectKind::Unavailable
                        && !before.has(EffectKind::Unavailable)
                        && let Some(w) = why.get_mut(&d)
                    {
                        *w = Why {
                            by: domain.clone(),
                            reason: because.words(),
                        };
                    }
                    (*entry != before).then_some(*entry)
                }
                None => {
                    // The reason is written only for a domain this closure adds (most
                    // implications name a domain already failed).
                    if !why.contains_key(&d) {
                        why.insert(
                            d.clone(),
                            Why {
                                by: domain.clone(),
                                reason: because.words(),
                            },
                        );
                    }
                    let entry = EffectSet::of([e]);
                    map.insert(d.clone(), entry);
                    Some(entry)
                }
            };
            if let Some(entry) = grown {
                pending.push((d, entry));
            }
        }
    }
}

/// The documented reason of one implication, written only when it is recorded.
enum Because<'a> {
    /// A region's network down takes its control plane.
    RegionNetwork { region: &'a str },
    /// The global control plane is hosted in this region.
    GlobalHome {
        services: &'a [String],
        region: &'a str,
        source: &'a str,
    },
    /// The backbone carries every service of the provider.
    Backbone { provider: &'a str },
    /// A named managed service is a managed service a component naming none may use.
    AnyService { service: &'a str, region: &'a str },
    /// A documented internal dependency of the provider.
    Internal {
        dependent: &'a str,
        service: &'a str,
        region: &'a str,
        incident: &'a str,
        source: Option<&'a str>,
    },
}

impl Because<'_> {
    fn words(&self) -> String {
        match *self {
            Because::RegionNetwork { region } => format!(
                "its control plane runs in {region}: nothing can be launched or changed there while the region's network is down (AWS us-east-1 2021-12-07)"
            ),
            Because::GlobalHome {
                services,
                region,
                source,
            } => format!(
                "the global control plane ({}) is hosted in {region} ({source})",
                services.join(", "),
            ),
            Because::Backbone { provider } => format!(
                "the backbone carries every service of {provider} (Meta 2021-10-04, GCP 2019-06-02)"
            ),
            Because::AnyService { service, region } => format!(
                "{service} is a managed service a component that names none may use in {region}"
            ),
            Because::Internal {
                dependent,
                service,
                region,
                incident,
                source,
            } => format!(
                "{dependent} depends on {service} in {region} ({incident}{})",
                source.map(|s| format!(": {s}")).unwrap_or_default()
            ),
        }
    }
}

/// What one failed domain implies directly, with the reason for each.
fn implications<'a>(
    domain: &'a DomainId,
    effects: EffectSet,
    catalogue: &'a Catalogue,
) -> Vec<(DomainId, EffectKind, Because<'a>)> {
    let hard = effects.has(EffectKind::Unavailable);
    let mut out = Vec::new();
    match domain {
        DomainId::Region { provider, region } if hard => {
            out.push((
                DomainId::Control {
                    provider: provider.clone(),
                    region: region.clone(),
                },
                EffectKind::ControlPlaneUnavailable,
                Because::RegionNetwork { region },
            ));
            // The global control planes are hosted in their home region, on its network
            // (AWS 2021-12-07: the internal network's congestion took the Route 53 and STS
            // APIs). A regional API failure there that leaves the network up (EBS 2011 and
            // 2012, S3 2017, Kinesis 2020: their reports name no IAM or Route 53 impact) does
            // not take them: the implication is from the region's data plane, not from its
            // control plane (found by a review replaying S3 2017 and Kinesis 2020).
            if let Some(g) = catalogue
                .provider(provider)
                .and_then(|p| p.global_control_plane.as_ref())
                .filter(|g| &g.home_region == region)
            {
                out.push((
                    DomainId::GlobalControl {
                        provider: provider.clone(),
                    },
                    EffectKind::ControlPlaneUnavailable,
                    Because::GlobalHome {
                        services: &g.services,
                        region,
                        source: &g.source,
                    },
                ));
            }
        }
        DomainId::Backbone(p) if hard => {
            let because = || Because::Backbone { provider: p };
            out.push((
                DomainId::GlobalControl {
                    provider: p.clone(),
                },
                EffectKind::ControlPlaneUnavailable,
                because(),
            ));
            out.push((
                DomainId::Edge(p.clone()),
                EffectKind::Unavailable,
                because(),
            ));
            out.push((DomainId::Dns(p.clone()), EffectKind::Unavailable, because()));
            out.push((
                DomainId::Identity(p.clone()),
                EffectKind::Unavailable,
                because(),
            ));
        }
        DomainId::Service {
            provider,
            region,
            service,
        } if hard || effects.has(EffectKind::Degraded) => {
            // A named service failing is, to a component that names none, a managed service
            // it may use there: the generic regional exposure fails with it (docs/scoring.md
            // 1; the catalogue's regional events fail both already, a replayed incident or a
            // simulated service gets the same).
            //
            // On a provider with no counted root-service mix every placement rests on the
            // generic exposure (an event of unknown root may be any service), so the named
            // service fails the unnamed placements' own domain instead: failing the generic
            // exposure would take every other named service there with it
            // (`footing::UNNAMED_SERVICE`).
            use crate::rules::footing::{ANY_SERVICE, UNNAMED_SERVICE};
            if service != ANY_SERVICE && service != UNNAMED_SERVICE {
                let counted_mix = crate::rules::footing::has_root_mix(catalogue, provider);
                out.push((
                    DomainId::Service {
                        provider: provider.clone(),
                        region: region.clone(),
                        service: if counted_mix {
                            ANY_SERVICE
                        } else {
                            UNNAMED_SERVICE
                        }
                        .to_owned(),
                    },
                    if hard {
                        EffectKind::Unavailable
                    } else {
                        EffectKind::Degraded
                    },
                    Because::AnyService { service, region },
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
                    let because = Because::Internal {
                        dependent: if d.service == CONTROL_PLANE {
                            "the region's control plane"
                        } else {
                            d.service.as_str()
                        },
                        service,
                        region,
                        incident: &dep.incident,
                        source: d.source.as_deref(),
                    };
                    if d.service == CONTROL_PLANE {
                        out.push((
                            DomainId::Control {
                                provider: provider.clone(),
                                region: region.clone(),
                            },
                            EffectKind::ControlPlaneUnavailable,
                            because,
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
                        effect,
                        because,
                    ));
                }
            }
        }
        _ => {}
    }
    out
}
