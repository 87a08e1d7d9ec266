//! Region-level transforms: a second region (active-passive or active-active), a standby
//! that needs no control plane, failover on data-plane health checks, regional endpoints.

use std::collections::BTreeMap;

use super::zones::zoned_profile;
use super::{Candidate, Cost, Ctx, Transform};
use crate::model::{
    Architecture, Endpoints, Failover, Placement, Replication, Standby, Topology, Trigger, Zones,
};
use crate::resolve::Home;
use crate::rules::constants::DEFAULT_DETECT_AUTOMATIC;

pub(super) const ADD_REGION: Transform = Transform {
    name: "add-region",
    summary: "Add a second region as a warm standby (active-passive): a scaled-down copy that scales up when it takes over, with data replicated to it asynchronously. The failover stays as declared (by default manual, by DNS).",
    applies_when: "the component runs in exactly one region of a zoned cloud whose profile lists another region",
    cost: Cost::High,
    cost_rationale: "a copy of the tier in another region, cross-region replication, and a failover to build and rehearse",
    answers: &[
        "region-data-plane-loss",
        "region-foundational-service-loss",
        "region-physical-loss",
        "region-control-plane-loss",
    ],
    candidates: add_region,
};

pub(super) const ADD_REGION_ALL: Transform = Transform {
    name: "add-region-all",
    summary: "Add the same warm-standby region to every component that runs only in one provider region (what they share is the region: one component alone survives only its own service's outages).",
    applies_when: "at least two components qualify for `add-region` in the same provider region",
    cost: Cost::High,
    cost_rationale: "as `add-region`, for every component of the region",
    answers: &[
        "region-data-plane-loss",
        "region-foundational-service-loss",
        "region-physical-loss",
        "region-control-plane-loss",
    ],
    candidates: add_region_all,
};

pub(super) const VENDOR_SECOND_REGION: Transform = Transform {
    name: "vendor-second-region",
    summary: "Ask the vendor of a third-party service to run it in a second region of its cloud (a multi-region plan or a second deployment), so that one region's failure moves its traffic instead of taking it down.",
    applies_when: "a `saas:` component runs on one region of a zoned cloud (`runs_on`) whose profile lists another region",
    cost: Cost::Medium,
    cost_rationale: "a vendor plan with a second region, where the vendor offers one, and its replication",
    answers: &[
        "region-data-plane-loss",
        "region-foundational-service-loss",
        "region-physical-loss",
    ],
    candidates: vendor_second_region,
};

pub(super) const SHORT_DNS_TTL: Transform = Transform {
    name: "short-dns-ttl",
    summary: "Lower the time to live of the records a DNS failover changes to 60 seconds, so resolvers and clients follow the switch within a minute.",
    applies_when: "a component fails over via `dns` with `dns_ttl_seconds` above 60",
    cost: Cost::Low,
    cost_rationale: "more queries to the DNS provider",
    answers: &[
        "region-data-plane-loss",
        "region-foundational-service-loss",
        "region-physical-loss",
    ],
    candidates: short_dns_ttl,
};

/// The time to live [`SHORT_DNS_TTL`] sets, in seconds: what DNS-based failover services
/// commonly use for health-checked records.
const SHORT_TTL_SECONDS: f64 = 60.0;

pub(super) const ACTIVE_ACTIVE: Transform = Transform {
    name: "active-active",
    summary: "Serve from two regions at once, each sized for all the traffic, failing over automatically on health checks without control-plane calls; a single-region component gets a second region, an active-passive one loses its standby role.",
    applies_when: "the component runs on a zoned cloud in one region (and the profile lists another) or is active-passive",
    cost: Cost::High,
    cost_rationale: "two full-size regions all the time, and data written in both (conflict handling or a global database)",
    answers: &[
        "region-data-plane-loss",
        "region-foundational-service-loss",
        "region-physical-loss",
        "region-control-plane-loss",
    ],
    candidates: active_active,
};

pub(super) const PIN_TO_CELLS: Transform = Transform {
    name: "pin-to-cells",
    summary: "Pin each customer to one region (a cell) that holds their data and serves them alone, so that losing a region takes down its own customers only and no failover has to work during the event.",
    applies_when: "the component runs in two or more regions, active-passive or active-active",
    cost: Cost::High,
    cost_rationale: "a routing layer that maps each customer to a cell, data partitioned by customer, and migrations between cells",
    answers: &[
        "region-data-plane-loss",
        "region-foundational-service-loss",
        "region-physical-loss",
        "region-control-plane-loss",
        "global-control-plane-loss",
    ],
    candidates: pin_to_cells,
};

pub(super) const PRE_PROVISION: Transform = Transform {
    name: "pre-provision",
    summary: "Keep the standby region hot (full size, running) and pre-create what failover needs, so failing over launches, scales and edits nothing: `standby: hot`, `needs_control_plane: false`.",
    applies_when: "the component is active-passive and its standby is not hot or its failover needs the control plane",
    cost: Cost::Medium,
    cost_rationale: "the standby runs at full size all the time; failover resources are created ahead",
    answers: &[
        "region-control-plane-loss",
        "global-control-plane-loss",
        "region-data-plane-loss",
    ],
    candidates: pre_provision,
};

pub(super) const AUTO_FAILOVER: Transform = Transform {
    name: "auto-failover",
    summary: "Fail over automatically on data-plane health checks (health-checked DNS records, routing controls, client retries) instead of a person running a runbook that calls provider APIs.",
    applies_when: "the component runs in two or more regions and its failover is manual, needs the control plane, or takes more than 3 minutes to detect",
    cost: Cost::Low,
    cost_rationale: "health checks and pre-created failover records; no new capacity",
    answers: &[
        "region-data-plane-loss",
        "region-control-plane-loss",
        "global-control-plane-loss",
        "monitoring-shares-fate",
    ],
    candidates: auto_failover,
};

pub(super) const REGIONAL_ENDPOINTS: Transform = Transform {
    name: "regional-endpoints",
    summary: "Call the provider's regional endpoints (e.g. regional STS) instead of global ones served from the provider's home region.",
    applies_when: "the component declares `endpoints: global`",
    cost: Cost::Low,
    cost_rationale: "an SDK or configuration setting",
    answers: &[
        "global-control-plane-loss",
        "region-foundational-service-loss",
        "identity-provider-failure",
    ],
    candidates: regional_endpoints,
};

/// The region a second copy should go to: one the same provider already serves this
/// architecture's journeys from (most used first, then by name; a component no journey
/// reaches serves nothing, so its regions are not counted: found by a review, an unused
/// cache in us-east-1 turned a vendor's proposed second region from us-west-1 to
/// us-east-1, a worse one); else the profile's region that shares the longest name prefix
/// with the current one (same geography), outside the provider's global-control-plane home
/// region, first in the profile's order on ties.
fn second_region(ctx: &Ctx, provider: &str, current: &[String]) -> Option<String> {
    let profile = zoned_profile(ctx, provider)?;
    let reached = crate::resolve::reached_components(&ctx.r.components, &ctx.r.journeys);
    let mut used: BTreeMap<&str, usize> = BTreeMap::new();
    for (c, _) in ctx
        .r
        .components
        .iter()
        .zip(&reached)
        .filter(|&(_, &reached)| reached)
    {
        if c.provider == provider {
            for p in &c.placements {
                if !current.contains(&p.region) {
                    *used.entry(p.region.as_str()).or_default() += 1;
                }
            }
        }
    }
    if let Some((r, _)) = used
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
    {
        return Some((*r).to_owned());
    }
    let home = profile
        .global_control_plane
        .as_ref()
        .map(|g| g.home_region.as_str());
    let first = current.first()?;
    let prefix = |r: &str| {
        first
            .chars()
            .zip(r.chars())
            .take_while(|(a, b)| a == b)
            .count()
    };
    let mut best: Option<(&String, usize)> = None;
    for r in &profile.regions {
        if current.contains(r) || Some(r.as_str()) == home {
            continue;
        }
        let p = prefix(r);
        if best.is_none_or(|(_, bp)| p > bp) {
            best = Some((r, p));
        }
    }
    best.map(|(r, _)| r.clone())
}

/// Single-region components on a zoned cloud, with the region to add.
fn single_region(ctx: &Ctx) -> Vec<(usize, String, String)> {
    ctx.r
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.home, Home::Provider(_)) && c.placements.len() == 1)
        .filter_map(|(i, c)| {
            let current = vec![c.placements[0].region.clone()];
            second_region(ctx, &c.provider, &current).map(|r| (i, current[0].clone(), r))
        })
        .collect()
}

/// The most zones a placement in `region` can have: the region's zone count, when the
/// catalogue knows it (so a suggestion never declares more zones than the region has).
fn zone_cap(ctx: &Ctx, provider: &str, region: &str) -> Option<u64> {
    ctx.catalogue
        .zone_count(provider, region)
        .map(|k| u64::from(k.zones))
}

/// Zones for the new region: as many as the first placement uses (a count: zone names
/// belong to a region), at most `cap`.
fn zones_like_first(arch: &Architecture, i: usize, cap: Option<u64>) -> Zones {
    let n = arch.components[i]
        .regions
        .first()
        .map_or(1, |p| p.zones.count())
        .min(cap.unwrap_or(u64::MAX));
    Zones::Count(n.max(1))
}

fn add_second_region(
    arch: &mut Architecture,
    i: usize,
    region: &str,
    cap: Option<u64>,
    topology: Topology,
) {
    let zones = zones_like_first(arch, i, cap);
    let c = &mut arch.components[i];
    c.regions.push(Placement {
        name: region.to_owned(),
        zones,
    });
    c.topology = Some(topology);
    if let Some(d) = &mut c.data
        && d.replication == Some(Replication::None)
    {
        d.replication = Some(Replication::Async);
    }
}

fn warm_standby(arch: &mut Architecture, i: usize, region: &str, cap: Option<u64>) {
    add_second_region(arch, i, region, cap, Topology::ActivePassive);
    arch.components[i].standby = Some(Standby::Warm);
}

fn add_region(ctx: &Ctx) -> Vec<Candidate> {
    single_region(ctx)
        .into_iter()
        .map(|(i, from, to)| {
            let c = &ctx.r.components[i];
            let data = if c.is_stateful() {
                " Its data is replicated there asynchronously (a read replica or a global table)."
            } else {
                ""
            };
            let cap = zone_cap(ctx, &c.provider, &to);
            Candidate::new(
                c.id.to_string(),
                format!("Add a warm standby region for `{}` in {to}", c.id),
                format!(
                    "Run a scaled-down copy of `{}` in {to} next to {from} (active-passive, warm standby that scales up when it takes over).{data} The failover stays as declared; see `auto-failover` and `pre-provision` for making it independent of people and control planes.",
                    c.id
                ),
                move |arch: &mut Architecture| warm_standby(arch, i, &to, cap),
            )
        })
        .collect()
}

fn vendor_second_region(ctx: &Ctx) -> Vec<Candidate> {
    ctx.arch
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| c.provider.starts_with("saas:"))
        .filter_map(|(i, c)| {
            let ro = c.runs_on.as_ref()?;
            let [from] = ro.regions.as_slice() else {
                return None;
            };
            let provider = ctx.r.components[i].placed_on.clone()?;
            let to = second_region(ctx, &provider, std::slice::from_ref(from))?;
            Some(Candidate::new(
                c.id.clone(),
                format!("Ask the vendor to run `{}` in {to} as well", c.id),
                format!(
                    "`{}` runs only in {provider}/{from}; a vendor plan that also serves it from {to} lets the vendor move its traffic when {from} fails (its own health checks, no action of yours).",
                    c.id
                ),
                move |arch: &mut Architecture| {
                    if let Some(ro) = arch.components[i].runs_on.as_mut() {
                        ro.regions.push(to.clone());
                    }
                },
            ))
        })
        .collect()
}

fn short_dns_ttl(ctx: &Ctx) -> Vec<Candidate> {
    ctx.arch
        .components
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            ctx.r.components[*i].failover.via == crate::model::Via::Dns
                && ctx.r.components[*i].placements.len() > 1
                && c.failover
                    .as_ref()
                    .and_then(|f| f.dns_ttl_seconds)
                    .is_some_and(|t| t > SHORT_TTL_SECONDS)
        })
        .map(|(i, c)| {
            let ttl = c.failover.as_ref().and_then(|f| f.dns_ttl_seconds).unwrap_or(0.0);
            Candidate::new(
                c.id.clone(),
                format!("Lower the DNS time to live of `{}`'s failover to 60 s", c.id),
                format!(
                    "`{}` fails over by DNS with records cached for {ttl} s; at 60 s resolvers and clients follow the switch within a minute.",
                    c.id
                ),
                move |arch: &mut Architecture| {
                    if let Some(f) = arch.components[i].failover.as_mut() {
                        f.dns_ttl_seconds = Some(SHORT_TTL_SECONDS);
                    }
                },
            )
        })
        .collect()
}

fn add_region_all(ctx: &Ctx) -> Vec<Candidate> {
    let mut groups: BTreeMap<(String, String), Vec<(usize, String)>> = BTreeMap::new();
    for (i, from, to) in single_region(ctx) {
        groups
            .entry((ctx.r.components[i].provider.clone(), from))
            .or_default()
            .push((i, to));
    }
    groups
        .into_iter()
        .filter(|(_, m)| m.len() >= 2)
        .filter_map(|((provider, from), members)| {
            // One target region for the group: the one chosen for the first member
            // (every member of a provider region gets the same choice unless it already
            // uses it, which single-region members cannot).
            let to = members.first()?.1.clone();
            let ids: Vec<String> = members
                .iter()
                .map(|(i, _)| format!("`{}`", ctx.r.components[*i].id))
                .collect();
            let idx: Vec<usize> = members.iter().map(|(i, _)| *i).collect();
            let target = to.clone();
            let cap = zone_cap(ctx, &provider, &to);
            Some(Candidate::new(
                format!("{provider}/{from}"),
                format!("Add {to} as a warm standby region for everything in {provider}/{from}"),
                format!(
                    "Run scaled-down copies of {} in {to} (active-passive, warm standby), with their data replicated asynchronously, so that losing {from} or one of its services leaves somewhere to fail over to. Failovers stay as declared.",
                    ids.join(", ")
                ),
                move |arch: &mut Architecture| {
                    for &i in &idx {
                        warm_standby(arch, i, &target, cap);
                    }
                },
            ))
        })
        .collect()
}

/// An automatic, data-plane failover: keeps `via` and `switch_minutes`, detects within
/// the automatic default.
fn automatic(f: Option<&Failover>) -> Failover {
    let mut f = f.cloned().unwrap_or_default();
    f.trigger = Some(Trigger::Automatic);
    f.needs_control_plane = Some(false);
    if f.detect_minutes
        .is_some_and(|d| d > DEFAULT_DETECT_AUTOMATIC)
    {
        f.detect_minutes = Some(DEFAULT_DETECT_AUTOMATIC);
    }
    f
}

fn pin_to_cells(ctx: &Ctx) -> Vec<Candidate> {
    ctx.r
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.placements.len() >= 2
                && !matches!(c.home, Home::Saas(_))
                && matches!(c.topology, Topology::ActivePassive | Topology::ActiveActive)
        })
        .map(|(i, c)| {
            let regions = region_list(c);
            let data = if c.is_stateful() {
                " Each cell keeps its own customers' data."
            } else {
                ""
            };
            Candidate::new(
                c.id.to_string(),
                format!("Pin `{}`'s customers to cells", c.id),
                format!(
                    "Serve each customer of `{}` from one of {regions} only (cells, an equal share each): a lost region takes down its own customers until it is back, and nothing has to fail over.{data}",
                    c.id
                ),
                move |arch: &mut Architecture| {
                    let c = &mut arch.components[i];
                    c.topology = Some(Topology::Cells);
                    // Cells never fail over to each other: the standby and the failover
                    // would only be ignored (with a warning).
                    c.standby = None;
                    c.failover = None;
                },
            )
        })
        .collect()
}

fn active_active(ctx: &Ctx) -> Vec<Candidate> {
    let mut out = Vec::new();
    let singles: BTreeMap<usize, String> = single_region(ctx)
        .into_iter()
        .map(|(i, _, to)| (i, to))
        .collect();
    for (i, c) in ctx.r.components.iter().enumerate() {
        let second = singles.get(&i).cloned();
        let convert = c.topology == Topology::ActivePassive && c.placements.len() >= 2;
        if second.is_none() && !convert {
            continue;
        }
        let desc = match &second {
            Some(to) => format!(
                "Serve `{}` from {} and {to} at once (active-active), each region sized for all the traffic (100 % headroom), failing over automatically on health checks with no control-plane calls.",
                c.id, c.placements[0].region
            ),
            None => format!(
                "Make `{}` active-active across {}: every region serves, each sized for the traffic of the others (headroom), failing over automatically on health checks with no control-plane calls.",
                c.id,
                region_list(c)
            ),
        };
        let desc = if c.is_stateful() {
            format!(
                "{desc} Writes must be accepted in every region (a multi-region database or global table), replicated asynchronously."
            )
        } else {
            desc
        };
        let cap = second
            .as_deref()
            .and_then(|to| zone_cap(ctx, &c.provider, to));
        out.push(Candidate::new(
            c.id.to_string(),
            format!("Make `{}` active-active", c.id),
            desc,
            move |arch: &mut Architecture| {
                if let Some(to) = &second {
                    add_second_region(arch, i, to, cap, Topology::ActiveActive);
                }
                let m = arch.components[i].regions.len().max(2) as f64;
                let need = (100.0 / (m - 1.0)).ceil();
                let c = &mut arch.components[i];
                c.topology = Some(Topology::ActiveActive);
                c.standby = None;
                c.failover = Some(automatic(c.failover.as_ref()));
                if c.headroom_percent.unwrap_or(0.0) < need {
                    c.headroom_percent = Some(need);
                }
                if let Some(d) = &mut c.data
                    && d.replication == Some(Replication::None)
                {
                    d.replication = Some(Replication::Async);
                }
            },
        ));
    }
    out
}

fn pre_provision(ctx: &Ctx) -> Vec<Candidate> {
    ctx.r
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.topology == Topology::ActivePassive
                && c.placements.len() >= 2
                && (c.standby != Standby::Hot || c.failover.needs_control_plane)
        })
        .map(|(i, c)| {
            let standby = match c.standby {
                Standby::Hot => "already hot".to_owned(),
                s => format!("now {}", s.as_str()),
            };
            Candidate::new(
                c.id.to_string(),
                format!("Keep `{}`'s standby hot and pre-provisioned", c.id),
                format!(
                    "Run `{}`'s standby in {} at full size ({standby}) and create ahead of time whatever the failover would otherwise launch, scale or edit, so that it works while the provider's control plane is down (`needs_control_plane: false`).",
                    c.id, c.placements[1].region
                ),
                move |arch: &mut Architecture| {
                    let c = &mut arch.components[i];
                    c.standby = Some(Standby::Hot);
                    let mut f = c.failover.clone().unwrap_or_default();
                    f.needs_control_plane = Some(false);
                    c.failover = Some(f);
                },
            )
        })
        .collect()
}

fn auto_failover(ctx: &Ctx) -> Vec<Candidate> {
    ctx.r
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.placements.len() >= 2
                && c.topology != Topology::SingleRegion
                && (c.failover.trigger == Trigger::Manual
                    || c.failover.needs_control_plane
                    || c.failover.detect_minutes > DEFAULT_DETECT_AUTOMATIC)
        })
        .map(|(i, c)| {
            let f = &c.failover;
            let mut now = Vec::new();
            if f.trigger == Trigger::Manual {
                now.push("a person decides".to_owned());
            }
            if f.needs_control_plane {
                now.push("it calls provider APIs".to_owned());
            }
            now.push(format!("detection takes {} min", f.detect_minutes));
            Candidate::new(
                c.id.to_string(),
                format!("Fail `{}` over automatically on health checks", c.id),
                format!(
                    "Let data-plane health checks move `{}`'s traffic (health-checked DNS failover records, routing controls or client retries), detecting within {DEFAULT_DETECT_AUTOMATIC} min and calling no provider API; now {}.",
                    c.id,
                    now.join(", ")
                ),
                move |arch: &mut Architecture| {
                    let c = &mut arch.components[i];
                    c.failover = Some(automatic(c.failover.as_ref()));
                },
            )
        })
        .collect()
}

fn regional_endpoints(ctx: &Ctx) -> Vec<Candidate> {
    ctx.arch
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| c.endpoints == Some(Endpoints::Global))
        .map(|(i, c)| {
            let home = ctx
                .catalogue
                .provider(&c.provider)
                .and_then(|p| p.global_control_plane.as_ref())
                .map_or_else(String::new, |g| format!(" (served from {})", g.home_region));
            Candidate::new(
                c.id.clone(),
                format!("Use regional endpoints for `{}`", c.id),
                format!(
                    "Point `{}` at the provider's regional endpoints (e.g. regional STS) instead of the global ones{home}, so it does not share the fate of the global control plane.",
                    c.id
                ),
                move |arch: &mut Architecture| {
                    arch.components[i].endpoints = Some(Endpoints::Regional);
                },
            )
        })
        .collect()
}

/// The regions a component is placed in, as a reader lists them: `us-east-1, eu-west-1`.
fn region_list(c: &crate::resolve::ResolvedComponent) -> String {
    c.placements
        .iter()
        .map(|p| p.region.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
