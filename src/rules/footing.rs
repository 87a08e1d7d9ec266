//! What each component rests on, and how: the fault domains whose failure can change it.
//!
//! [`Footing::build`] is the only place that derives, from a resolved component, the
//! domains it rests on. Propagation plays a scenario against it, the fault trees turn it
//! into gates, [`crate::scenarios`] indexes it to play each scenario over only the
//! components it reaches, and [`used_domains`] collects from the same derivation the domains
//! the catalogue's patterns are expanded over.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalogue::Catalogue;
use crate::domain::{DomainClass, DomainId};
use crate::model::{Kind, Rollout, Via};
pub(crate) use crate::resolve::Home;
use crate::resolve::{Resolved, ResolvedComponent, ResolvedDependency};

use super::{Dom, Domains};

/// Why a domain carries a whole component: decides the words of the causal chain and the
/// scope of destroyed data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WholeBy {
    /// `change:production`: a bad production change aimed at it (a deletion when it
    /// destroys data: replication copies it, only backups help).
    Change,
    /// One of its fleet agents.
    Agent,
    /// `rollout: global`: its deploys reach every region at once.
    Rollout,
    /// It is a journey entry served over TLS with the system's own certificate.
    Certificate,
    /// Where it lives as a whole: its site, its SaaS vendor, its DNS, edge or identity
    /// provider.
    Home,
    /// A provider-global service (IAM, Route 53 ...): the provider's edge carries it.
    Edge,
    /// A provider component without regions: the provider's backbone carries it.
    Backbone,
    /// It calls global endpoints served by the provider's global control plane.
    GlobalEndpoints,
}

/// What one regional placement rests on.
#[derive(Debug, Clone)]
pub(crate) struct PlacementFooting {
    /// Domains that take the whole placement ([`super::Reliance::Placement`]): the region's
    /// data plane, the provider's backbone, the component's managed service there, in this
    /// order (the first that failed is the one a chain names).
    pub lost_with: Vec<Dom>,
    /// The region's data plane alone (squeezed by a retry storm).
    pub region: Dom,
    /// The zones it uses, in the order the description gives them (the first holds a
    /// stateful component's primary) ([`super::Reliance::Zone`]).
    pub zones: Vec<Dom>,
    /// The region's control plane: launches, scaling and API-driven failovers into this
    /// region go through it ([`super::Reliance::Control`]).
    pub control: Dom,
}

/// What moves traffic away from a failed part, per provider: the DNS providers that answer
/// for the system (or the provider's own DNS when none is declared) with the global control
/// planes that edit their records, and the provider's edge for anycast or a global load
/// balancer ([`super::Reliance::Route`], [`super::Reliance::Control`]).
#[derive(Debug, Clone)]
pub(crate) struct RouteFooting {
    /// `(dns:<q>, control:<q>/global, q)` for each DNS provider q.
    pub dns: Vec<(Dom, Dom, String)>,
    /// `edge:<provider>`.
    pub edge: Dom,
}

/// One monitoring system's domains ([`super::Reliance::Watch`]).
#[derive(Debug, Clone)]
pub(crate) struct WatchFooting {
    /// The provider, for the words.
    pub provider: String,
    /// Any one of these failed blinds it.
    pub blinded_by_any: Vec<Dom>,
    /// It is blind when all of these (the regions it runs in) failed.
    pub regions: Vec<Dom>,
}

/// What every component rests on, with the domains interned.
#[derive(Debug, Clone)]
pub(crate) struct Footing {
    /// The interned domains.
    pub domains: Domains,
    /// Per component, in input order: the domains that take it whole, in the order
    /// propagation tries them (the first that takes it down wins).
    pub whole: Vec<Vec<(Dom, WholeBy)>>,
    /// Per component: its regional placements (empty unless it runs on a provider).
    pub placements: Vec<Vec<PlacementFooting>>,
    /// Per provider id: what moves traffic for a failover on it.
    pub routes: BTreeMap<String, RouteFooting>,
    /// The monitoring systems, primary first.
    pub watch: Vec<WatchFooting>,
}

/// The domain a component lives on as a whole, if any: its site, its SaaS vendor (or the
/// vendor's DNS, identity or edge service for those kinds), or, on a provider, the
/// provider's DNS, edge, or identity service for a component of that kind without regions.
fn home_domain(c: &ResolvedComponent) -> Option<DomainId> {
    match &c.home {
        Home::Site(s) => Some(DomainId::Site(s.clone())),
        Home::Saas(s) => Some(match c.kind {
            Kind::Dns => DomainId::Dns(s.clone()),
            Kind::Identity => DomainId::Identity(s.clone()),
            Kind::Cdn => DomainId::Edge(s.clone()),
            _ => DomainId::Saas(s.trim_start_matches("saas:").to_owned()),
        }),
        Home::Provider(p) => match c.kind {
            Kind::Dns => Some(DomainId::Dns(p.clone())),
            Kind::Cdn => Some(DomainId::Edge(p.clone())),
            Kind::Identity if c.placements.is_empty() => Some(DomainId::Identity(p.clone())),
            _ => None,
        },
    }
}

/// The domains that take `c` whole, in the order propagation tries them.
fn whole_of(c: &ResolvedComponent, entry: bool) -> Vec<(DomainId, WholeBy)> {
    let mut out = Vec::new();
    if !matches!(c.home, Home::Saas(_)) {
        out.push((DomainId::Change, WholeBy::Change));
    }
    for a in &c.agents {
        out.push((DomainId::Agent(a.clone()), WholeBy::Agent));
    }
    if c.rollout == Rollout::Global {
        out.push((DomainId::Rollout, WholeBy::Rollout));
    }
    if entry {
        out.push((
            DomainId::Credential("self".to_owned()),
            WholeBy::Certificate,
        ));
    }
    if let Some(d) = home_domain(c) {
        out.push((d, WholeBy::Home));
    }
    if let Home::Provider(p) = &c.home {
        if c.global_service && c.kind != Kind::Dns {
            out.push((DomainId::Edge(p.clone()), WholeBy::Edge));
        }
        if c.placements.is_empty() {
            out.push((DomainId::Backbone(p.clone()), WholeBy::Backbone));
        }
        if c.global_endpoints {
            out.push((
                DomainId::GlobalControl {
                    provider: p.clone(),
                },
                WholeBy::GlobalEndpoints,
            ));
        }
    }
    out
}

/// Components users connect to first (journey entries you run, not third parties), sorted.
pub(crate) fn entry_components(r: &Resolved, entry: &[ResolvedDependency]) -> Vec<usize> {
    let mut out = Vec::new();
    for d in entry {
        d.indices(&mut out);
    }
    out.retain(|&i| !matches!(r.components[i].home, Home::Saas(_)));
    out.sort_unstable();
    out.dedup();
    out
}

/// Per component: whether some journey enters through it.
pub(crate) fn entry_set(r: &Resolved) -> Vec<bool> {
    let mut v = vec![false; r.components.len()];
    for j in &r.journeys {
        for i in entry_components(r, &j.entry) {
            v[i] = true;
        }
    }
    v
}

/// The DNS providers a failover of something on `provider` moves traffic through.
fn dns_providers<'a>(r: &'a Resolved, provider: &'a str) -> Vec<&'a str> {
    if r.dns_providers.is_empty() {
        vec![provider]
    } else {
        r.dns_providers.iter().map(String::as_str).collect()
    }
}

impl Footing {
    /// Derives what every component rests on.
    ///
    /// # Complexity
    ///
    /// O(components × domains per component × log domains).
    pub fn build(r: &Resolved) -> Footing {
        let mut domains = Domains::default();
        let entries = entry_set(r);
        let mut whole = Vec::with_capacity(r.components.len());
        let mut placements = Vec::with_capacity(r.components.len());
        let mut providers: BTreeSet<&str> = BTreeSet::new();
        for (i, c) in r.components.iter().enumerate() {
            whole.push(
                whole_of(c, entries[i])
                    .into_iter()
                    .map(|(d, by)| (domains.intern(d), by))
                    .collect::<Vec<_>>(),
            );
            let mut mine = Vec::new();
            if let Home::Provider(p) = &c.home {
                providers.insert(p);
                for pl in &c.placements {
                    let region = domains.intern(DomainId::Region {
                        provider: p.clone(),
                        region: pl.region.clone(),
                    });
                    let mut lost_with = vec![region, domains.intern(DomainId::Backbone(p.clone()))];
                    if let Some(s) = &c.service {
                        lost_with.push(domains.intern(DomainId::Service {
                            provider: p.clone(),
                            region: pl.region.clone(),
                            service: s.clone(),
                        }));
                    }
                    let zones = pl
                        .zones
                        .iter()
                        .map(|z| {
                            domains.intern(DomainId::Zone {
                                provider: p.clone(),
                                region: pl.region.clone(),
                                zone: z.clone(),
                            })
                        })
                        .collect();
                    let control = domains.intern(DomainId::Control {
                        provider: p.clone(),
                        region: pl.region.clone(),
                    });
                    mine.push(PlacementFooting {
                        lost_with,
                        region,
                        zones,
                        control,
                    });
                }
            } else {
                providers.insert(&c.provider);
            }
            placements.push(mine);
        }
        // `""`: the provider of an `any_of` alternative that is itself a group (it has none
        // of its own; its DNS failover still goes through the declared DNS providers).
        providers.insert("");
        let mut routes = BTreeMap::new();
        for p in providers {
            let dns = dns_providers(r, p)
                .into_iter()
                .map(|q| {
                    (
                        domains.intern(DomainId::Dns(q.to_owned())),
                        domains.intern(DomainId::GlobalControl {
                            provider: q.to_owned(),
                        }),
                        q.to_owned(),
                    )
                })
                .collect();
            let edge = domains.intern(DomainId::Edge(p.to_owned()));
            routes.insert(p.to_owned(), RouteFooting { dns, edge });
        }
        let watch = r
            .monitoring
            .systems
            .iter()
            .map(|s| WatchFooting {
                provider: s.provider.clone(),
                blinded_by_any: s
                    .blinded_by_any
                    .iter()
                    .map(|d| domains.intern(d.clone()))
                    .collect(),
                regions: s
                    .regions
                    .iter()
                    .map(|d| domains.intern(d.clone()))
                    .collect(),
            })
            .collect();
        Footing {
            domains,
            whole,
            placements,
            routes,
            watch,
        }
    }

    /// What moves traffic for a failover of something on `provider` (`""` for an `any_of`
    /// alternative that is itself a group). Every provider a component lives on has one.
    pub fn route(&self, provider: &str) -> Option<&RouteFooting> {
        self.routes.get(provider)
    }

    /// The domains component `i` rests on directly: those that take it whole and, per
    /// placement, those that take the placement and its zones. A scenario that fails none
    /// of these leaves the component's own outcome up.
    pub fn rests_on(&self, i: usize) -> impl Iterator<Item = Dom> + '_ {
        self.whole[i].iter().map(|(d, _)| *d).chain(
            self.placements[i]
                .iter()
                .flat_map(|p| p.lost_with.iter().chain(p.zones.iter()).copied()),
        )
    }

    /// Whether component `i` rests directly on `d` (for `applies_to.kinds`).
    pub fn uses(&self, i: usize, d: &DomainId) -> bool {
        self.domains
            .get(d)
            .is_some_and(|n| self.rests_on(i).any(|m| m == n))
    }
}

/// The fault domains an architecture uses, by class (sorted, deduplicated): the domains
/// the catalogue's patterns are expanded over.
///
/// These are the domains its components rest on, plus those whose failure decides a
/// failover: each region's control plane, the provider's global control plane where the
/// provider has one, the provider's edge for an anycast or global-load-balancer failover,
/// the monitoring systems, and two process domains: `change:production` when there are
/// components, `credential:self` when a journey enters through a component you run. The
/// provider's backbone counts once the provider runs something in a region.
pub(crate) fn used_domains(
    r: &Resolved,
    catalogue: &Catalogue,
) -> BTreeMap<DomainClass, BTreeSet<DomainId>> {
    let mut used: BTreeMap<DomainClass, BTreeSet<DomainId>> = BTreeMap::new();
    let mut add = |d: DomainId| {
        used.entry(d.class()).or_default().insert(d);
    };
    for c in &r.components {
        if let Some(d) = home_domain(c) {
            add(d);
        }
        if let Home::Provider(p) = &c.home {
            if c.global_service && c.kind != Kind::Dns {
                add(DomainId::Edge(p.clone()));
            }
            if !c.placements.is_empty() {
                add(DomainId::Backbone(p.clone()));
                if catalogue
                    .provider(p)
                    .and_then(|x| x.global_control_plane.as_ref())
                    .is_some()
                {
                    add(DomainId::GlobalControl {
                        provider: p.clone(),
                    });
                }
            }
            for pl in &c.placements {
                add(DomainId::Region {
                    provider: p.clone(),
                    region: pl.region.clone(),
                });
                add(DomainId::Control {
                    provider: p.clone(),
                    region: pl.region.clone(),
                });
                for z in &pl.zones {
                    add(DomainId::Zone {
                        provider: p.clone(),
                        region: pl.region.clone(),
                        zone: z.clone(),
                    });
                }
                if let Some(s) = &c.service {
                    add(DomainId::Service {
                        provider: p.clone(),
                        region: pl.region.clone(),
                        service: s.clone(),
                    });
                }
            }
            if c.placements.len() > 1 && matches!(c.failover.via, Via::Anycast | Via::LoadBalancer)
            {
                add(DomainId::Edge(p.clone()));
            }
        }
        for a in &c.agents {
            add(DomainId::Agent(a.clone()));
        }
        if c.rollout == Rollout::Global {
            add(DomainId::Rollout);
        }
    }
    if !r.components.is_empty() {
        add(DomainId::Change);
    }
    if r.journeys
        .iter()
        .any(|j| !entry_components(r, &j.entry).is_empty())
    {
        add(DomainId::Credential("self".to_owned()));
    }
    for m in &r.monitoring.systems {
        add(DomainId::Monitoring(m.provider.clone()));
    }
    used
}
