//! Zone-level transforms: spread over more zones, and run the spare capacity that makes a
//! lost zone a non-event (static stability).

use std::collections::BTreeSet;

use super::{Candidate, Cost, Ctx, Transform};
use crate::catalogue::ProviderProfile;
use crate::model::{Architecture, Topology, Zones};
use crate::resolve::Home;

/// Zones a component is spread over by `add-zones`: the number most regions of the
/// zoned clouds offer (AWS, Google Cloud and Azure zonal regions have at least three).
pub const TARGET_ZONES: u64 = 3;

/// Headroom (percent) with which `n` zones survive the loss of one: the other `n − 1`
/// carry the whole load, `(n − 1) × (1 + h/100) ≥ n`.
pub fn headroom_for_zone_loss(n: u64) -> f64 {
    if n < 2 { 0.0 } else { 100.0 / (n - 1) as f64 }
}

pub(super) const ADD_ZONES: Transform = Transform {
    name: "add-zones",
    summary: "Spread a component over 3 zones of each of its regions, with the headroom that lets two zones carry the load (for a datastore: a standby copy in another zone).",
    applies_when: "the component runs on a zoned cloud (a provider profile with regions) in fewer than 3 zones of some region (counting `replicas`) that has at least 3 zones (or whose zone count the catalogue does not know)",
    cost: Cost::Medium,
    cost_rationale: "more running instances (50 % spare capacity or a standby in another zone) and cross-zone traffic; no new region",
    answers: &["zone-physical-loss", "retry-storm-metastable"],
    candidates: add_zones,
};

pub(super) const ADD_ZONES_ALL: Transform = Transform {
    name: "add-zones-all",
    summary: "Spread every under-zoned component of one provider region over 3 zones at once (the zone they share is the single point of failure, so one component alone rarely helps).",
    applies_when: "at least two components qualify for `add-zones` in the same provider region",
    cost: Cost::Medium,
    cost_rationale: "as `add-zones`, for each component of the region; still one region",
    answers: &["zone-physical-loss", "retry-storm-metastable"],
    candidates: add_zones_all,
};

pub(super) const HEALTH_CHECKS: Transform = Transform {
    name: "health-checks",
    summary: "Health-check a component's instances on what users see (errors and latency, not only liveness) and let the checks take failed or gray zones out of rotation, so the other zones' headroom can absorb them.",
    applies_when: "a component says its health checks do not take failed zones out of rotation (`health_checks: false`)",
    cost: Cost::Low,
    cost_rationale: "a health endpoint that exercises the request path, load-balancer settings, and a test that kills a zone",
    answers: &[
        "zone-physical-loss",
        "zone-degraded",
        "zonal-service-failure",
    ],
    candidates: health_checks,
};

fn health_checks(ctx: &Ctx) -> Vec<Candidate> {
    ctx.arch
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| c.health_checks == Some(false))
        .map(|(i, c)| {
            Candidate::new(
                c.id.clone(),
                format!("Take `{}`'s failed zones out of rotation", c.id),
                format!(
                    "Make the health checks in front of `{}` test what users see and remove failed or gray zones from rotation, so its other zones take the requests instead of failing a share of them for the whole event.",
                    c.id
                ),
                move |arch: &mut Architecture| {
                    arch.components[i].health_checks = Some(true);
                },
            )
        })
        .collect()
}

pub(super) const ADD_HEADROOM: Transform = Transform {
    name: "add-headroom",
    summary: "Run enough spare capacity that losing a zone (or, active-active, a region) leaves the load covered and a retry storm is absorbed, instead of scaling up during the event.",
    applies_when: "the component has regional placements and less headroom than the larger of: 50 % (a retry storm), 100/(n−1) % for its smallest multi-zone placement of n zones, 100/(m−1) % when active-active over m regions",
    cost: Cost::Medium,
    cost_rationale: "spare capacity paid for all the time",
    answers: &[
        "zone-physical-loss",
        "region-control-plane-loss",
        "retry-storm-metastable",
    ],
    candidates: add_headroom,
};

/// The profile of a zoned cloud (one that lists its regions), for a resolved provider.
pub(super) fn zoned_profile<'c>(ctx: &'c Ctx, provider: &str) -> Option<&'c ProviderProfile> {
    ctx.catalogue
        .provider(provider)
        .filter(|p| p.id != crate::catalogue::GENERIC_PROVIDER && !p.regions.is_empty())
}

/// Whether `region` of `provider` has room for [`TARGET_ZONES`]: its zone count is at
/// least that, or unknown (a region without availability zones has no room).
fn has_room(ctx: &Ctx, provider: &str, region: &str) -> bool {
    ctx.catalogue
        .zone_count(provider, region)
        .is_none_or(|k| u64::from(k.zones) >= TARGET_ZONES)
}

/// Components that `add-zones` applies to, with their under-zoned regions.
fn under_zoned(ctx: &Ctx) -> Vec<(usize, Vec<String>)> {
    ctx.r
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            matches!(c.home, Home::Provider(_)) && zoned_profile(ctx, &c.provider).is_some()
        })
        .filter_map(|(i, c)| {
            let short: Vec<String> = c
                .placements
                .iter()
                .filter(|p| {
                    (p.zones.len() as u64) < TARGET_ZONES && has_room(ctx, &c.provider, &p.region)
                })
                .map(|p| p.region.clone())
                .collect();
            (!short.is_empty()).then_some((i, short))
        })
        .collect()
}

/// Named zones used anywhere in `provider`/`region`, sorted: the pool new named zones are
/// taken from, so components that name their zones keep sharing the same names.
fn named_pool(arch: &Architecture, ctx: &Ctx, provider: &str, region: &str) -> Vec<String> {
    let mut pool = BTreeSet::new();
    for (c, rc) in arch.components.iter().zip(&ctx.r.components) {
        if rc.provider != provider {
            continue;
        }
        for p in &c.regions {
            if p.name == region
                && let Zones::Named(names) = &p.zones
            {
                pool.extend(names.iter().cloned());
            }
        }
    }
    pool.into_iter().collect()
}

/// The change `add-zones` makes to component `i`, as a closure over owned data.
/// Spreads component `i` over [`TARGET_ZONES`] zones in each of its regions, or in `only`
/// that region when given (a group transform names one region and changes only that).
fn spread(ctx: &Ctx, i: usize, only: Option<&str>) -> impl Fn(&mut Architecture) + 'static {
    let c = &ctx.arch.components[i];
    let provider = ctx.r.components[i].provider.clone();
    let profile = zoned_profile(ctx, &provider).cloned();
    // New zone names per region (only for named placements), computed once from the
    // original description so a group transform names them consistently.
    let plan: Vec<Option<Vec<String>>> = c
        .regions
        .iter()
        .map(|p| match &p.zones {
            _ if !has_room(ctx, &provider, &p.name) => None,
            _ if only.is_some_and(|r| r != p.name) => None,
            Zones::Named(names) if (names.len() as u64) < TARGET_ZONES => {
                let mut out = names.clone();
                // New zones in the form the placement names its zones in: AZ IDs
                // (`use1-az4`) next to AZ IDs, names next to names. A name next to an AZ ID
                // may be the same physical zone (`zone-naming-mixed`), and a gain measured
                // over it may be false (found by a review).
                let is_id = |z: &str| profile.as_ref().is_some_and(|pr| pr.is_zone_id(z));
                let ids = !names.is_empty() && names.iter().all(|z| is_id(z));
                for z in named_pool(ctx.arch, ctx, &provider, &p.name) {
                    if out.len() as u64 >= TARGET_ZONES {
                        break;
                    }
                    if !out.contains(&z) && is_id(&z) == ids {
                        out.push(z);
                    }
                }
                // AZ IDs: the same prefix (`use1-az`), the lowest numbers not yet used.
                let prefix = names
                    .first()
                    .filter(|_| ids)
                    .and_then(|z| z.rfind("-az").map(|k| z[..k + 3].to_owned()));
                let mut n = 1;
                while let Some(prefix) = &prefix
                    && (out.len() as u64) < TARGET_ZONES
                    && n <= 26
                {
                    let z = format!("{prefix}{n}");
                    if !out.iter().any(|o| o.eq_ignore_ascii_case(&z)) {
                        out.push(z);
                    }
                    n += 1;
                }
                let mut k = 0;
                while (out.len() as u64) < TARGET_ZONES && k < 26 {
                    let z = profile.as_ref().map_or_else(
                        || format!("{}-{}", p.name, k + 1),
                        |pr| pr.zone_name(&p.name, k),
                    );
                    if !out.contains(&z) {
                        out.push(z);
                    }
                    k += 1;
                }
                Some(out)
            }
            _ => None,
        })
        .collect();
    // Placements in regions without room for the target are left as they are.
    let room: Vec<bool> = c
        .regions
        .iter()
        .map(|p| has_room(ctx, &provider, &p.name) && only.is_none_or(|r| r == p.name))
        .collect();
    let headroom = headroom_for_zone_loss(TARGET_ZONES);
    move |arch: &mut Architecture| {
        let c = &mut arch.components[i];
        for ((p, named), &room) in c.regions.iter_mut().zip(&plan).zip(&room) {
            match (named, &p.zones) {
                (Some(names), _) => p.zones = Zones::Named(names.clone()),
                (None, Zones::Count(n)) if *n < TARGET_ZONES && room => {
                    p.zones = Zones::Count(TARGET_ZONES)
                }
                _ => {}
            }
        }
        if let Some(r) = c.replicas
            && u64::from(r) < TARGET_ZONES
        {
            c.replicas = Some(TARGET_ZONES as u32);
        }
        if c.headroom_percent.unwrap_or(0.0) < headroom {
            c.headroom_percent = Some(headroom);
        }
    }
}

fn add_zones(ctx: &Ctx) -> Vec<Candidate> {
    under_zoned(ctx)
        .into_iter()
        .map(|(i, regions)| {
            let c = &ctx.r.components[i];
            let now: Vec<String> = c
                .placements
                .iter()
                .filter(|p| regions.contains(&p.region))
                .map(|p| format!("{} zone{} in {}", p.zones.len(), if p.zones.len() == 1 { "" } else { "s" }, p.region))
                .collect();
            let stateful = if c.is_stateful() {
                " For a datastore this means a synchronous standby in another zone that takes over by itself (e.g. a Multi-AZ database)."
            } else {
                ""
            };
            Candidate::new(
                c.id.to_string(),
                format!("Spread `{}` over {TARGET_ZONES} zones", c.id),
                format!(
                    "Run `{}` in {TARGET_ZONES} zones of {} (now {}), with {:.0} % headroom so that two zones carry the whole load when one is lost (static stability), and at least {TARGET_ZONES} replicas.{stateful}",
                    c.id,
                    regions.join(", "),
                    now.join(", "),
                    headroom_for_zone_loss(TARGET_ZONES)
                ),
                spread(ctx, i, None),
            )
        })
        .collect()
}

fn add_zones_all(ctx: &Ctx) -> Vec<Candidate> {
    let mut groups: std::collections::BTreeMap<(String, String), Vec<usize>> = Default::default();
    for (i, regions) in under_zoned(ctx) {
        for r in regions {
            groups
                .entry((ctx.r.components[i].provider.clone(), r))
                .or_default()
                .push(i);
        }
    }
    groups
        .into_iter()
        .filter(|(_, members)| members.len() >= 2)
        .map(|((provider, region), members)| {
            let ids: Vec<String> = members.iter().map(|&i| format!("`{}`", ctx.r.components[i].id)).collect();
            let changes: Vec<super::Edit> = members
                .iter()
                .map(|&i| Box::new(spread(ctx, i, Some(&region))) as super::Edit)
                .collect();
            Candidate::new(
                format!("{provider}/{region}"),
                format!("Spread every component in {provider}/{region} over {TARGET_ZONES} zones"),
                format!(
                    "Run {} in {TARGET_ZONES} zones of {region} each, with {:.0} % headroom and at least {TARGET_ZONES} replicas, so that no zone they share can take them down together.",
                    ids.join(", "),
                    headroom_for_zone_loss(TARGET_ZONES)
                ),
                move |arch: &mut Architecture| changes.iter().for_each(|f| f(arch)),
            )
        })
        .collect()
}

fn add_headroom(ctx: &Ctx) -> Vec<Candidate> {
    let absorb = crate::rules::constants::HEADROOM_TO_ABSORB;
    ctx.r
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.home, Home::Provider(_)) && !c.placements.is_empty())
        .filter_map(|(i, c)| {
            let mut need = absorb;
            let mut why = vec![format!("{absorb:.0} % rides out a retry storm")];
            if let Some(n) = c
                .placements
                .iter()
                .map(|p| p.zones.len() as u64)
                .filter(|&n| n >= 2)
                .min()
            {
                let z = headroom_for_zone_loss(n);
                if z > need {
                    need = z;
                }
                why.push(format!("{z:.0} % lets {} of {n} zones carry the load", n - 1));
            }
            let m = c.placements.len() as u64;
            if c.topology == Topology::ActiveActive && m >= 2 {
                let r = 100.0 / (m - 1) as f64;
                if r > need {
                    need = r;
                }
                why.push(format!("{r:.0} % lets {} of {m} regions carry the load", m - 1));
            }
            let need = need.ceil();
            (c.headroom_percent < need).then(|| {
                Candidate::new(
                    c.id.to_string(),
                    format!("Run `{}` with {need:.0} % headroom", c.id),
                    format!(
                        "Keep {need:.0} % spare capacity running for `{}` (now {:.0} %): {}. Capacity that must be launched during an event depends on the control plane that is often failing with it.",
                        c.id,
                        c.headroom_percent,
                        why.join("; ")
                    ),
                    move |arch: &mut Architecture| arch.components[i].headroom_percent = Some(need),
                )
            })
        })
        .collect()
}
