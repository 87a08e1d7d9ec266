//! Redundancy across components and vendors: a second DNS provider, a second CDN or an
//! origin bypass, a second vendor for a critical API, a second uplink for an own site, and
//! soft dependencies.
//!
//! These add an `any_of` group where the journey or a component referred to one component:
//! the journey then needs any one of the alternatives (see `docs/format.md`).

use super::{
    Candidate, Cost, Ctx, Transform, any_of, index_of, referenced_plainly,
    replace_plain_references, unique_id,
};
use crate::model::{Architecture, Component, Dependency, Failover, Kind, Site, Trigger, Via};
use crate::resolve::Home;

pub(super) const SECOND_DNS: Transform = Transform {
    name: "second-dns",
    summary: "Serve the zone from a second, independent authoritative DNS provider too; resolvers use whichever answers.",
    applies_when: "all the system's DNS components are on one provider and a `dns` component is referenced directly (not already in an `any_of`)",
    cost: Cost::Medium,
    cost_rationale: "a second provider's account, with records (and DNSSEC) kept in sync by automation",
    answers: &["managed-dns-failure", "backbone-routing-failure"],
    candidates: second_dns,
};

pub(super) const MULTI_CDN: Transform = Transform {
    name: "multi-cdn",
    summary: "Put a second CDN from another provider in front of the same origin, steered by health-checked DNS that does not depend on the failed edge.",
    applies_when: "a `cdn` component is referenced directly (not already in an `any_of`)",
    cost: Cost::High,
    cost_rationale: "a second CDN contract, configuration, certificates and rules kept equivalent on both",
    answers: &[
        "cdn-edge-failure",
        "global-config-push",
        "backbone-routing-failure",
    ],
    candidates: multi_cdn,
};

pub(super) const ORIGIN_FALLBACK: Transform = Transform {
    name: "origin-fallback",
    summary: "When the edge (CDN or global load balancer) fails, send users straight to its origin, switched by health-checked DNS.",
    applies_when: "a `cdn` component, or a load balancer that is a provider-global service, is referenced directly and has exactly one hard dependency, a single component: its origin",
    cost: Cost::Medium,
    cost_rationale: "a DNS switch to rehearse, and an origin that can take the traffic the edge cached or filtered",
    answers: &["cdn-edge-failure", "global-config-push"],
    candidates: origin_fallback,
};

/// The window the `cache-window` transform declares: a day of stale content. The value is
/// this transform's choice (one common `stale-if-error` setting), not a measured figure;
/// the re-scoring measures what a day buys, and a shorter window buys less.
pub(crate) const STALE_WINDOW_MINUTES: f64 = 1440.0;

pub(super) const CACHE_WINDOW: Transform = Transform {
    name: "cache-window",
    summary: "Let the CDN keep serving cached content for up to a day after its origin stops answering (`Cache-Control: stale-if-error`, RFC 5861, or the CDN's serve-stale setting), so the cached share of requests rides out longer origin outages.",
    applies_when: "a `cdn` component answers some requests from its cache (declared, or in front of object storage) and keeps serving stale content for less than a day",
    cost: Cost::Low,
    cost_rationale: "a response header or a CDN setting, and deciding how stale the content may be",
    answers: &[
        "region-data-plane-loss",
        "region-foundational-service-loss",
        "zone-physical-loss",
        "site-power-loss",
        "site-network-loss",
    ],
    candidates: cache_window,
};

fn cache_window(ctx: &Ctx) -> Vec<Candidate> {
    ctx.r
        .components
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let cache = c.cache.filter(|k| k.share > 0.0 && k.window_minutes < STALE_WINDOW_MINUTES)?;
            Some(Candidate::new(
                c.id.to_string(),
                format!("Serve `{}`'s cached content for a day when its origin fails", c.id),
                format!(
                    "Declare a stale-if-error window of a day on `{}`: its cached {} % of requests, served for at most {} minutes after the origin stops answering today, are then served for up to a day (the share still fresh falls over the window).",
                    c.id,
                    crate::det::round(cache.share * 100.0, 1),
                    crate::det::round(cache.window_minutes, 1)
                ),
                move |arch: &mut Architecture| {
                    let k = arch.components[i].cache.get_or_insert_with(Default::default);
                    k.window_minutes = Some(STALE_WINDOW_MINUTES);
                },
            ))
        })
        .collect()
}

pub(super) const SECOND_UPLINK: Transform = Transform {
    name: "second-uplink",
    summary: "Bring a second, independent network path into the site (another carrier, on another route and building entrance), with routing that moves traffic to it without a person.",
    applies_when: "components run on an own site (`on-prem:<site>`) for which `sites` names fewer than two uplinks (a site without an entry names none)",
    cost: Cost::Medium,
    cost_rationale: "a second carrier's circuit and its entry into the building, and routing (BGP or SD-WAN) failover, tested",
    answers: &["uplink-loss"],
    candidates: second_uplink,
};

/// The names the `second-uplink` transform writes: a site with no uplink named gets the
/// first two (the one it has, and the new one); one with an uplink gets the first of the
/// others it does not already name. Rename them to the carriers chosen.
const NEW_UPLINKS: [&str; 3] = ["current-carrier", "second-carrier", "other-carrier"];

fn second_uplink(ctx: &Ctx) -> Vec<Candidate> {
    let sites: std::collections::BTreeMap<&str, usize> = ctx
        .r
        .components
        .iter()
        .filter_map(|c| match &c.home {
            Home::Site(site) => Some((site.as_str(), c.uplinks.len())),
            _ => None,
        })
        .collect();
    sites
        .into_iter()
        .filter(|&(_, n)| n < 2)
        .map(|(site, n)| {
            let name = site.to_owned();
            let what = if n == 0 {
                format!("Name two independent uplinks for site `{site}`")
            } else {
                format!("Add a second, independent uplink to site `{site}`")
            };
            Candidate::new(
                name.clone(),
                what,
                format!(
                    "Bring a second network path into `{site}` from another carrier, on another route and building entrance, so that one carrier's outage or a cut fibre leaves the site reachable; the new names are placeholders for the carriers chosen."
                ),
                move |arch: &mut Architecture| {
                    let k = match arch.sites.iter().position(|s| s.name == name) {
                        Some(k) => k,
                        None => {
                            arch.sites.push(Site {
                                name: name.clone(),
                                uplinks: Vec::new(),
                            });
                            arch.sites.len() - 1
                        }
                    };
                    let uplinks = &mut arch.sites[k].uplinks;
                    // From none: the one it has and the new one; else only a new one.
                    let (want, names) = if uplinks.is_empty() {
                        (2, &NEW_UPLINKS[..])
                    } else {
                        (uplinks.len() + 1, &NEW_UPLINKS[1..])
                    };
                    for &new in names {
                        if uplinks.len() >= want {
                            break;
                        }
                        if !uplinks.iter().any(|u| u == new) {
                            uplinks.push(new.to_owned());
                        }
                    }
                },
            )
        })
        .collect()
}

pub(super) const SECOND_PROVIDER: Transform = Transform {
    name: "second-provider",
    summary: "Integrate a second vendor for a third-party or AI API the journeys cannot do without, and switch on failure.",
    applies_when: "a `third-party-api` or `ai-inference` component run by a SaaS vendor is a hard, direct dependency or journey entry",
    cost: Cost::Medium,
    cost_rationale: "a second vendor's contract and integration, kept interchangeable (an adapter, tested switching)",
    answers: &["hidden-third-party-dependency", "ai-service-degradation"],
    candidates: second_provider,
};

pub(super) const SOFTEN: Transform = Transform {
    name: "soften",
    summary: "Make a dependency soft: a timeout and a fallback (a cached or default answer, queued work) so the dependant degrades instead of failing.",
    applies_when: "a hard `depends_on` edge (never a journey entry) to a component of a kind that can be cached or bypassed: third-party-api, ai-inference, cache, identity (cached tokens), secrets (cached at start), monitoring. Never datastores (database, queue, object-storage: a write path cannot degrade without losing or deferring data, which the model cannot express), nor the serving path (dns, cdn, load-balancer, compute, container, function) or `other`",
    cost: Cost::Low,
    cost_rationale: "application code: a timeout, a fallback and a test of it; no new infrastructure",
    answers: &[
        "hidden-third-party-dependency",
        "ai-service-degradation",
        "identity-provider-failure",
        "region-foundational-service-loss",
    ],
    candidates: soften,
};

/// A DNS provider independent of `provider`, with the service name its profile uses.
fn other_dns(provider: &str) -> (&'static str, &'static str) {
    if provider == "cloudflare" {
        ("aws", "route53")
    } else {
        ("cloudflare", "dns")
    }
}

/// A CDN provider independent of `provider`.
fn other_cdn(provider: &str) -> (&'static str, &'static str) {
    if provider == "cloudflare" {
        ("fastly", "cdn")
    } else {
        ("cloudflare", "cdn")
    }
}

/// A health-checked DNS steering between alternatives (the default `any_of` switch is the
/// client's own retry, which suits DNS resolvers and SDKs, not browsers in front of a CDN).
fn dns_steering() -> Failover {
    Failover {
        trigger: Some(Trigger::Automatic),
        via: Some(Via::Dns),
        detect_minutes: Some(crate::rules::constants::DEFAULT_DETECT_AUTOMATIC),
        switch_minutes: Some(crate::rules::constants::DEFAULT_SWITCH),
        needs_control_plane: Some(false),
        ..Failover::default()
    }
}

/// Adds `new` after the components and makes every plain reference to `original` an
/// `any_of: [original, new]`.
fn add_alternative(
    arch: &mut Architecture,
    original: &str,
    new: Component,
    steering: Option<Failover>,
) {
    let new_id = new.id.clone();
    arch.components.push(new);
    replace_plain_references(arch, original, |hard| {
        any_of(original, &new_id, steering.clone(), hard)
    });
}

fn second_dns(ctx: &Ctx) -> Vec<Candidate> {
    if ctx.r.dns_providers.len() != 1 {
        return Vec::new();
    }
    ctx.arch
        .components
        .iter()
        .filter(|c| c.kind == Kind::Dns && referenced_plainly(ctx.arch, &c.id, false))
        .map(|c| {
            let (provider, service) = other_dns(&ctx.r.dns_providers[0]);
            let id = unique_id(ctx.arch, &format!("{}-secondary", c.id));
            let original = c.id.clone();
            let new = Component {
                id: id.clone(),
                kind: Kind::Dns,
                provider: provider.to_owned(),
                service: Some(service.to_owned()),
                description: Some(format!("Second authoritative DNS provider for the zone `{original}` serves.")),
                ..bare(&id)
            };
            Candidate::new(
                original.clone(),
                format!("Add a second DNS provider next to `{original}`"),
                format!(
                    "Serve the same zone from {provider} as well (`{id}`), both listed as name servers, records kept in sync by automation; resolvers use whichever answers, so losing one DNS provider no longer takes the names away. Any provider independent of {} works; {provider} is an example.",
                    ctx.r.dns_providers[0]
                ),
                move |arch: &mut Architecture| add_alternative(arch, &original, new.clone(), None),
            )
        })
        .collect()
}

/// A component with only an id (the rest filled in by the caller).
fn bare(id: &str) -> Component {
    Component::new(id, Kind::Other, String::new())
}

fn multi_cdn(ctx: &Ctx) -> Vec<Candidate> {
    ctx.arch
        .components
        .iter()
        .zip(&ctx.r.components)
        .filter(|(c, _)| c.kind == Kind::Cdn && referenced_plainly(ctx.arch, &c.id, false))
        .map(|(c, rc)| {
            let (provider, service) = other_cdn(&rc.provider);
            let id = unique_id(ctx.arch, &format!("{}-secondary", c.id));
            let original = c.id.clone();
            let new = Component {
                id: id.clone(),
                kind: Kind::Cdn,
                provider: provider.to_owned(),
                service: Some(service.to_owned()),
                description: Some(format!("Second CDN in front of the same origin as `{original}`.")),
                depends_on: c.depends_on.clone(),
                ..bare(&id)
            };
            Candidate::new(
                original.clone(),
                format!("Add a second CDN next to `{original}`"),
                format!(
                    "Serve through {provider} as well (`{id}`, same origin and rules), steered by health-checked DNS records with a short TTL, so that a failed edge or a bad global configuration push at {} is routed around in minutes. Any independent CDN works; {provider} is an example.",
                    rc.provider
                ),
                move |arch: &mut Architecture| {
                    add_alternative(arch, &original, new.clone(), Some(dns_steering()));
                },
            )
        })
        .collect()
}

fn origin_fallback(ctx: &Ctx) -> Vec<Candidate> {
    ctx.arch
        .components
        .iter()
        .zip(&ctx.r.components)
        .filter(|(c, rc)| {
            (c.kind == Kind::Cdn || (c.kind == Kind::LoadBalancer && rc.global_service))
                && referenced_plainly(ctx.arch, &c.id, false)
        })
        .filter_map(|(c, _)| {
            let hard: Vec<&Dependency> = c.depends_on.iter().filter(|d| d.is_hard()).collect();
            let [Dependency::Component { id: origin, .. }] = hard.as_slice() else {
                return None;
            };
            index_of(ctx.arch, origin)?;
            let original = c.id.clone();
            let origin = origin.clone();
            Some(Candidate::new(
                original.clone(),
                format!("Let users bypass `{original}` to reach `{origin}`"),
                format!(
                    "Keep a tested origin bypass: when `{original}` fails, health-checked DNS sends users to `{origin}` directly (its own certificate and public endpoint, sized for uncached traffic)."
                ),
                move |arch: &mut Architecture| {
                    replace_plain_references(arch, &original, |hard| {
                        any_of(&original, &origin, Some(dns_steering()), hard)
                    });
                    // The origin must not need its own bypass: only references outside the
                    // edge itself were replaced, the edge still depends on its origin.
                },
            ))
        })
        .collect()
}

fn second_provider(ctx: &Ctx) -> Vec<Candidate> {
    ctx.arch
        .components
        .iter()
        .zip(&ctx.r.components)
        .filter(|(c, rc)| {
            matches!(c.kind, Kind::ThirdPartyApi | Kind::AiInference)
                && matches!(rc.home, Home::Saas(_))
                && referenced_plainly(ctx.arch, &c.id, true)
        })
        .map(|(c, _)| {
            let vendor = c.provider.trim_start_matches("saas:");
            let id = unique_id(ctx.arch, &format!("{}-secondary", c.id));
            let original = c.id.clone();
            let new = Component {
                id: id.clone(),
                kind: c.kind,
                provider: format!("saas:{vendor}-alternative"),
                description: Some(format!(
                    "A second vendor for what `{original}` does (name the real one)."
                )),
                ..bare(&id)
            };
            Candidate::new(
                original.clone(),
                format!("Add a second vendor next to `{original}`"),
                format!(
                    "Integrate a second vendor for what `{original}` ({vendor}) does (`{id}`; its provider `saas:{vendor}-alternative` stands for the vendor you choose), behind one adapter, switching on errors, so an outage at {vendor} no longer stops the journeys that need it."
                ),
                move |arch: &mut Architecture| add_alternative(arch, &original, new.clone(), None),
            )
        })
        .collect()
}

/// Kinds whose loss a dependant can plausibly ride out with a fallback.
fn can_soften(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::ThirdPartyApi
            | Kind::AiInference
            | Kind::Cache
            | Kind::Identity
            | Kind::Secrets
            | Kind::Monitoring
    )
}

fn soften(ctx: &Ctx) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (i, c) in ctx.arch.components.iter().enumerate() {
        for (k, d) in c.depends_on.iter().enumerate() {
            let Dependency::Component { id, hard: true } = d else {
                continue;
            };
            let Some(j) = index_of(ctx.arch, id) else {
                continue;
            };
            let dep = &ctx.arch.components[j];
            if !can_soften(dep.kind) {
                continue;
            }
            let how = match dep.kind {
                Kind::Cache => "read through to the source on a cache failure",
                Kind::Identity => "keep serving signed-in users with cached tokens and sessions",
                Kind::Secrets => "keep the secrets it loaded at start and refresh them when it can",
                Kind::AiInference => "answer without the model (plain results, a queued answer)",
                Kind::Monitoring => "never block on telemetry: buffer or drop it",
                _ => "time out and fall back (a cached or default answer, or queue the work)",
            };
            let (dependant, dependency) = (c.id.clone(), id.clone());
            out.push(Candidate::new(
                format!("{dependant}->{dependency}"),
                format!("Let `{dependant}` work without `{dependency}`"),
                format!(
                    "Make `{dependant}`'s dependency on `{dependency}` soft: {how}. `{dependant}` degrades instead of failing while `{dependency}` is down."
                ),
                move |arch: &mut Architecture| {
                    if let Some(Dependency::Component { hard, .. }) =
                        arch.components[i].depends_on.get_mut(k)
                    {
                        *hard = false;
                    }
                },
            ));
        }
    }
    out
}
