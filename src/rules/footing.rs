//! What each component rests on, and how: the fault domains whose failure can change it.
//!
//! [`Footing::build`] is the only place that derives, from a resolved component, the
//! domains it rests on. Propagation plays a scenario against it, the fault trees turn it
//! into gates, [`crate::scenarios`] indexes it to play each scenario over only the
//! components it reaches, and [`used_domains`] collects from the same derivation the domains
//! the catalogue's patterns are expanded over.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use crate::catalogue::Catalogue;
use crate::domain::{DomainClass, DomainId};
use crate::model::{Kind, Rollout, Via};
pub(crate) use crate::resolve::Home;
use crate::resolve::{Resolved, ResolvedComponent, ResolvedDependency, ResolvedFailover};

use super::{Dom, Domains};

/// Why a domain carries a whole component: decides the words of the causal chain and the
/// scope of destroyed data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WholeBy {
    /// `change:production`: a bad production change aimed at it (a deletion when it
    /// destroys data: replication copies it, only backups help).
    Change,
    /// One of its fleet agents (updating everywhere at once).
    Agent,
    /// One of its fleet agents whose updates are staged in rings.
    StagedAgent,
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
    /// Every uplink of its own site failed together ([`Footing::uplinks`]).
    AllUplinks,
}

/// What one regional placement rests on.
#[derive(Debug, Clone)]
pub(crate) struct PlacementFooting {
    /// Domains that take the whole placement ([`super::Reliance::Placement`]): the region's
    /// data plane, the provider's backbone, and the component's managed service there (or,
    /// when it names none, `service:<provider>/<region>/*`: every regional managed-service
    /// event of its provider there, the generic exposure), then the other services it uses
    /// there (`uses_services`), in this order (the first that failed is the one a chain
    /// names).
    pub lost_with: Vec<Dom>,
    /// The region's data plane alone (squeezed by a retry storm).
    pub region: Dom,
    /// The zones it uses, in the order the description gives them (the first holds a
    /// stateful component's primary) ([`super::Reliance::Zone`]).
    pub zones: Vec<Dom>,
    /// The region's control plane: launches, scaling and API-driven failovers into this
    /// region go through it ([`super::Reliance::Control`]).
    pub control: Dom,
    /// The control planes its control actions need: the region's, and its managed
    /// service's there (a service whose control actions fail while it keeps serving, e.g.
    /// EBS volume creation during S3 2017) ([`super::Reliance::Control`]).
    pub controls: Vec<Dom>,
}

/// The part name of a site's generic exposure: a component on an own site that names no
/// room rests on `room:<site>/*`, one that names no array on `storage:<site>/*` (likewise
/// feeds and uplinks); the generic part is played as one more part of the site, at a named
/// part's rate (never less risk for less detail).
pub(crate) const ANY_PART: &str = "*";

/// `storage: local`: a component on its own disks, on no shared array.
pub(crate) const LOCAL_DISKS: &str = "local";

/// `power: dual`: dual-corded equipment, fed by two power paths.
pub(crate) const DUAL_CORDED: &str = "dual";

/// The service name of the generic regional exposure: a placement that names no managed
/// service rests on `service:<provider>/<region>/*`, which every regional managed-service
/// event of its provider there fails (never less risk for less detail).
pub(crate) const ANY_SERVICE: &str = "*";

/// The service name of what a component that names no managed service may be using, on a
/// provider for which the catalogue counts no root-service mix: `service:<provider>/<region>/(unnamed)`.
/// There every placement, named or not, rests on the generic exposure [`ANY_SERVICE`] (a
/// regional event of unknown root may be any service), so a *named* service's failure
/// (a replayed incident, a simulated service) cannot fail the generic exposure without
/// taking every other named service with it: it fails this domain, on which only the
/// placements that name no service rest (docs/scoring.md 2; found by a review replaying
/// Google Cloud 2025-06-12, where running VMs and databases kept serving while Vertex AI,
/// Cloud Storage and BigQuery failed). On a provider with a counted mix, the generic
/// exposure is only the unnamed placements' and plays this role itself.
pub(crate) const UNNAMED_SERVICE: &str = "(unnamed)";

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
    /// The regions it runs in, each as the domains any one of which blinds it there (the
    /// region's data plane, and its monitoring service there when it names one): it is
    /// blind when every region is.
    pub regions: Vec<Vec<Dom>>,
}

/// What every component rests on, with the domains interned.
#[derive(Debug, Clone)]
pub(crate) struct Footing {
    /// The interned domains.
    pub domains: Domains,
    /// Per component, in input order: the domains that take it whole, in the order
    /// propagation tries them (the first that takes it down wins).
    /// Shared (`Arc`) with the baseline's footing by a changed copy that keeps the
    /// component ([`Footing::build_keeping`]), as the placements are.
    pub whole: Vec<Arc<[(Dom, WholeBy)]>>,
    /// Per component: its regional placements (empty unless it runs on a provider).
    pub placements: Vec<Arc<[PlacementFooting]>>,
    /// Per provider id: what moves traffic for a failover on it.
    pub routes: BTreeMap<String, RouteFooting>,
    /// The monitoring systems, primary first.
    pub watch: Vec<WatchFooting>,
    /// Every domain something relies on ([`Footing::relied_on`]), sorted, each once.
    pub relied: Vec<Dom>,
    /// [`used_domains`]: the relied-on domains by class, as the scenarios are listed from
    /// them. Shared with the baseline's by a changed copy that relies on the same numbers
    /// of the same table ([`Footing::build_keeping`]).
    used: Arc<Used>,
    /// Per component on an own site that names two or more uplinks: those uplinks, each of
    /// which alone carries it, so only their failing together cuts it off (a shared duct,
    /// a risk group). Each is played (`uplink-loss`) and ridden out; in risk groups they
    /// are the inputs of an AND gate, and a joint failure cuts the component off.
    pub uplinks: Vec<Vec<Dom>>,
    /// Per component: how many domains were numbered once it was placed, for a changed
    /// copy's footing to take this one's for the components it did not change
    /// ([`Footing::build_keeping`]).
    marks: Vec<usize>,
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
    for a in &c.staged_agents {
        out.push((DomainId::Agent(a.clone()), WholeBy::StagedAgent));
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
    if let Home::Site(site) = &c.home {
        // Inside an own site: a component that names no room is in one room, unknown: the
        // site's generic room, whose event is played at the same rate as a named room's
        // (never less risk for less detail); likewise an array and a feed.
        if c.placements.is_empty() {
            out.push((
                DomainId::Room {
                    site: site.clone(),
                    room: ANY_PART.to_owned(),
                },
                WholeBy::Home,
            ));
        }
        match c.storage.as_deref() {
            Some(LOCAL_DISKS) => {}
            named => out.push((
                DomainId::Storage {
                    site: site.clone(),
                    array: named.unwrap_or(ANY_PART).to_owned(),
                },
                WholeBy::Home,
            )),
        }
        // Single-corded equipment needs its one power feed; dual-corded rides out either.
        match c.power.as_deref() {
            Some(DUAL_CORDED) => {}
            named => out.push((
                DomainId::Feed {
                    site: site.clone(),
                    feed: named.unwrap_or(ANY_PART).to_owned(),
                },
                WholeBy::Home,
            )),
        }
        // Reached from outside through its uplinks: with two or more, any one carries it
        // (routing moves to the survivor); with one, it needs that one; naming none, it is
        // behind one unknown uplink, the site's generic one.
        match c.uplinks.as_slice() {
            [] => out.push((
                DomainId::Uplink {
                    site: site.clone(),
                    uplink: ANY_PART.to_owned(),
                },
                WholeBy::Home,
            )),
            [one] => out.push((
                DomainId::Uplink {
                    site: site.clone(),
                    uplink: one.clone(),
                },
                WholeBy::Home,
            )),
            _ => {}
        }
    }
    if let (Home::Saas(_), Some(p)) = (&c.home, &c.placed_on)
        && c.placements.is_empty()
    {
        // A vendor on a cloud, regions unknown: the provider's backbone carries it.
        out.push((DomainId::Backbone(p.clone()), WholeBy::Backbone));
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

/// Providers for which the catalogue counts which service a regional managed-service event
/// starts in (`root_services`). On the others, a named service rests on the generic
/// regional exposure (`service:<provider>/<region>/*`) as well as on its own domain.
pub(crate) fn providers_with_root_mix(catalogue: &Catalogue) -> BTreeSet<&str> {
    catalogue
        .patterns
        .iter()
        .filter(|p| p.fails == DomainClass::Service)
        .flat_map(|p| p.root_services.iter().map(|r| r.provider.as_str()))
        .collect()
}

/// Whether `provider` is one of [`providers_with_root_mix`].
pub(crate) fn has_root_mix(catalogue: &Catalogue, provider: &str) -> bool {
    catalogue
        .patterns
        .iter()
        .filter(|p| p.fails == DomainClass::Service)
        .any(|p| p.root_services.iter().any(|r| r.provider == provider))
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

/// The numbers of a placement's domains, by the names they are made of, so that the many
/// components placed in one region look theirs up without building the domain's id
/// (allocating its names) and comparing it with the table's. A domain missing here is
/// numbered by [`Domains::intern`] the moment it is first asked for, exactly as without
/// this memo, so the numbering is the same.
#[derive(Default)]
struct PlacementMemo<'a> {
    regions: HashMap<(&'a str, &'a str), Dom>,
    controls: HashMap<(&'a str, &'a str), Dom>,
    backbones: HashMap<&'a str, Dom>,
    services: HashMap<(&'a str, &'a str, &'a str), Dom>,
    zones: HashMap<(&'a str, &'a str, &'a str), Dom>,
}

/// The number kept under `key`, or the table's number of the domain `id` makes (numbered
/// now if it is new), kept for next time.
fn numbered<K: std::hash::Hash + Eq>(
    kept: &mut HashMap<K, Dom>,
    key: K,
    domains: &mut Domains,
    id: impl FnOnce() -> DomainId,
) -> Dom {
    *kept.entry(key).or_insert_with(|| domains.intern(id()))
}

impl<'a> PlacementMemo<'a> {
    fn region(&mut self, domains: &mut Domains, provider: &'a str, region: &'a str) -> Dom {
        numbered(&mut self.regions, (provider, region), domains, || {
            DomainId::Region {
                provider: provider.to_owned(),
                region: region.to_owned(),
            }
        })
    }

    fn control(&mut self, domains: &mut Domains, provider: &'a str, region: &'a str) -> Dom {
        numbered(&mut self.controls, (provider, region), domains, || {
            DomainId::Control {
                provider: provider.to_owned(),
                region: region.to_owned(),
            }
        })
    }

    fn backbone(&mut self, domains: &mut Domains, provider: &'a str) -> Dom {
        numbered(&mut self.backbones, provider, domains, || {
            DomainId::Backbone(provider.to_owned())
        })
    }

    fn service(&mut self, domains: &mut Domains, p: &'a str, r: &'a str, s: &'a str) -> Dom {
        numbered(&mut self.services, (p, r, s), domains, || {
            DomainId::Service {
                provider: p.to_owned(),
                region: r.to_owned(),
                service: s.to_owned(),
            }
        })
    }

    fn zone(&mut self, domains: &mut Domains, p: &'a str, r: &'a str, z: &'a str) -> Dom {
        numbered(&mut self.zones, (p, r, z), domains, || DomainId::Zone {
            provider: p.to_owned(),
            region: r.to_owned(),
            zone: z.to_owned(),
        })
    }
}

impl Footing {
    /// Derives what every component rests on.
    ///
    /// # Complexity
    ///
    /// O(components × domains per component × log domains).
    pub fn build(r: &Resolved, catalogue: &Catalogue) -> Footing {
        Footing::build_keeping(r, catalogue, None)
    }

    /// [`Footing::build`] of a changed copy, taking `kept`'s footing (the baseline's, of
    /// the resolution `kept.1`) for each component the copy did not change, while the
    /// copy's domains are numbered exactly as the baseline's so far.
    ///
    /// Why that is the copy's own footing: a component's footing and the domains it
    /// numbers depend only on its resolution, whether a journey enters through it, the
    /// catalogue, and the domains numbered before it. A component the copy did not change
    /// has the baseline's resolution itself (the same `Arc`, [`crate::engine::Reuse`]);
    /// with the same entry flag, and the same domains numbered before it as before the
    /// baseline's, it rests on the same numbers and numbers the same new domains, in the
    /// same order, as in the baseline. The copy's table follows the baseline's
    /// ([`Domains::following`]): it is the baseline's first domains, numbered alike, until
    /// a domain is met that is not the baseline's next one, and from then on a table of
    /// its own. Every other component, and what follows the components (routes,
    /// monitoring, uplinks, what is relied on), is derived here. A unit test compares the
    /// result with a footing built from nothing for every candidate of the examples.
    pub(crate) fn build_keeping(
        r: &Resolved,
        catalogue: &Catalogue,
        kept: Option<(&Footing, &Resolved)>,
    ) -> Footing {
        // Numbered as the baseline's table for as long as the same domains are met in the
        // same order ([`Domains::following`]).
        let mut domains =
            kept.map_or_else(Domains::default, |(f, _)| Domains::following(&f.domains));
        let mut marks = Vec::with_capacity(r.components.len());
        // The baseline's footing and entry flags.
        let base = kept.map(|(f, br)| (f, br, entry_set(br)));
        let mut memo = PlacementMemo::default();
        let mixed = providers_with_root_mix(catalogue);
        let entries = entry_set(r);
        let mut whole = Vec::with_capacity(r.components.len());
        let mut placements = Vec::with_capacity(r.components.len());
        let mut providers: BTreeSet<&str> = BTreeSet::new();
        for (i, c) in r.components.iter().enumerate() {
            if let Some((base, base_r, base_entries)) = &base
                && let (Some(b), Some(&mark)) = (base_r.components.get(i), base.marks.get(i))
                && Arc::ptr_eq(c, b)
                && base_entries.get(i) == Some(&entries[i])
                && domains.follows(&base.domains)
                && domains.len() == i.checked_sub(1).map_or(0, |k| base.marks[k])
            {
                // The baseline's footing of the same component over the same table: the
                // domains it numbered there are the next ones of the followed table.
                domains.advance_to(mark);
                whole.push(Arc::clone(&base.whole[i]));
                placements.push(Arc::clone(&base.placements[i]));
                if let Some(p) = &c.placed_on {
                    providers.insert(p);
                }
                providers.insert(&c.provider);
                marks.push(domains.len());
                continue;
            }
            whole.push(
                whole_of(c, entries[i])
                    .into_iter()
                    .map(|(d, by)| (domains.intern(d), by))
                    .collect::<Arc<[_]>>(),
            );
            let mut mine = Vec::new();
            if let Some(p) = &c.placed_on {
                providers.insert(p);
                providers.insert(&c.provider);
                for pl in &c.placements {
                    let (p, r) = (p.as_str(), pl.region.as_str());
                    let region = memo.region(&mut domains, p, r);
                    let own_service = c.service.as_deref().unwrap_or(ANY_SERVICE);
                    let service = memo.service(&mut domains, p, r, own_service);
                    let mut lost_with = vec![region, memo.backbone(&mut domains, p), service];
                    if !mixed.contains(p) {
                        if c.service.is_some() {
                            // No counted history says which service fails first on this
                            // provider: a regional event of unknown root may be this one.
                            lost_with.push(memo.service(&mut domains, p, r, ANY_SERVICE));
                        } else {
                            // A named service failing there may be the one it uses.
                            lost_with.push(memo.service(&mut domains, p, r, UNNAMED_SERVICE));
                        }
                    }
                    // The other managed services it needs there (`uses_services`): each
                    // one's regional failure takes the placement as its own service's does.
                    let mut extra_controls = Vec::new();
                    for sv in &c.uses_services {
                        let d = memo.service(&mut domains, p, r, sv);
                        if !lost_with.contains(&d) {
                            lost_with.push(d);
                        }
                        if sv != ANY_SERVICE {
                            extra_controls.push(d);
                            if !mixed.contains(p) {
                                let any = memo.service(&mut domains, p, r, ANY_SERVICE);
                                if !lost_with.contains(&any) {
                                    lost_with.push(any);
                                }
                            }
                        }
                    }
                    let zones = pl
                        .zones
                        .iter()
                        .map(|z| memo.zone(&mut domains, p, r, z))
                        .collect();
                    let control = memo.control(&mut domains, p, r);
                    let mut controls = if c.service.is_some() {
                        vec![control, service]
                    } else {
                        vec![control]
                    };
                    controls.extend(extra_controls);
                    mine.push(PlacementFooting {
                        lost_with,
                        region,
                        zones,
                        control,
                        controls,
                    });
                }
            } else if let Home::Site(site) = &c.home
                && let Some(pl) = c.placements.first()
            {
                // Its rooms, as the zones of one placement at the site. No region, managed
                // service or control plane: the site itself stands for them (a site event
                // takes the component whole first), and nothing launches capacity there.
                providers.insert(&c.provider);
                let at = domains.intern(DomainId::Site(site.clone()));
                let zones = pl
                    .zones
                    .iter()
                    .map(|room| {
                        domains.intern(DomainId::Room {
                            site: site.clone(),
                            room: room.clone(),
                        })
                    })
                    .collect();
                mine.push(PlacementFooting {
                    lost_with: Vec::new(),
                    region: at,
                    zones,
                    control: at,
                    controls: Vec::new(),
                });
            } else {
                providers.insert(&c.provider);
            }
            placements.push(Arc::from(mine));
            marks.push(domains.len());
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
            .map(|s| match s.component {
                Some(k) => watch_on_component(&r.components[k], &whole[k], &placements[k]),
                None => WatchFooting {
                    provider: s.provider.clone(),
                    blinded_by_any: s
                        .blinded_by_any
                        .iter()
                        .map(|d| domains.intern(d.clone()))
                        .collect(),
                    regions: s
                        .regions
                        .iter()
                        .map(|ds| ds.iter().map(|d| domains.intern(d.clone())).collect())
                        .collect(),
                },
            })
            .collect();
        let uplinks = r
            .components
            .iter()
            .map(|c| match &c.home {
                Home::Site(site) if c.uplinks.len() >= 2 => c
                    .uplinks
                    .iter()
                    .map(|u| {
                        domains.intern(DomainId::Uplink {
                            site: site.clone(),
                            uplink: u.clone(),
                        })
                    })
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        let mut foot = Footing {
            domains,
            whole,
            placements,
            routes,
            watch,
            relied: Vec::new(),
            used: Arc::default(),
            uplinks,
            marks,
        };
        foot.relied = foot.relied_on(r);
        foot.relied_through_implications(catalogue);
        // The same numbers of the same table are the same domains.
        foot.used = match kept {
            Some((base, _))
                if foot.relied == base.relied && foot.domains.follows(&base.domains) =>
            {
                Arc::clone(&base.used)
            }
            _ => Arc::new(collect_used(&foot)),
        };
        foot
    }

    /// Adds to the relied-on domains those whose failure implies one of them
    /// ([`crate::rules::implied`] run backwards): a provider's global control plane fails
    /// with its home region's data plane (not with a regional control-plane loss there,
    /// `docs/scoring.md` 2). A component that calls AWS's global endpoints is exposed to
    /// us-east-1's region-wide events whether or not anything is placed in us-east-1, so
    /// those events are played.
    fn relied_through_implications(&mut self, catalogue: &Catalogue) {
        let homes: BTreeSet<(String, String)> = self
            .relied
            .iter()
            .filter_map(|&d| match self.domains.id(d) {
                DomainId::GlobalControl { provider } => catalogue
                    .provider(provider)
                    .and_then(|p| p.global_control_plane.as_ref())
                    .map(|g| (provider.clone(), g.home_region.clone())),
                _ => None,
            })
            .collect();
        for (provider, region) in homes {
            let data = self.domains.intern(DomainId::Region { provider, region });
            self.relied.push(data);
        }
        self.relied.sort_unstable();
        self.relied.dedup();
    }

    /// Whether `other` (a changed copy's footing, with as many components) rests every
    /// component not marked in `changed` on the same domains as this does, in the same
    /// order and for the same reasons, and moves traffic and watches as this does. Domains
    /// are compared by name: the two tables may number them differently. Every field is
    /// named, so a field added later must be compared here as well (`relied` only chooses
    /// which scenarios exist, and scenarios are compared one by one where this is used).
    pub(crate) fn same_around(&self, other: &Footing, changed: &[bool]) -> bool {
        let Footing {
            domains: _,
            whole,
            placements,
            routes,
            watch,
            relied: _,
            used: _,
            uplinks,
            marks: _,
        } = self;
        let id = |d: &Dom| self.domains.id(*d);
        let other_id = |d: &Dom| other.domains.id(*d);
        let same = |a: &[Dom], b: &[Dom]| {
            a.len() == b.len() && a.iter().map(id).eq(b.iter().map(other_id))
        };
        let same_place = |a: &PlacementFooting, b: &PlacementFooting| {
            same(&a.lost_with, &b.lost_with)
                && id(&a.region) == other_id(&b.region)
                && same(&a.zones, &b.zones)
                && id(&a.control) == other_id(&b.control)
                && same(&a.controls, &b.controls)
        };
        let n = whole.len();
        let untouched = (0..n).filter(|&i| !changed.get(i).copied().unwrap_or(true));
        changed.len() == n
            && other.whole.len() == n
            && other.placements.len() == n
            && other.uplinks.len() == n
            && untouched.clone().all(|i| {
                let (a, b) = (&whole[i], &other.whole[i]);
                a.len() == b.len()
                    && a.iter()
                        .zip(b.iter())
                        .all(|((x, xb), (y, yb))| xb == yb && id(x) == other_id(y))
            })
            && untouched.clone().all(|i| {
                let (a, b) = (&placements[i], &other.placements[i]);
                a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| same_place(x, y))
            })
            && untouched
                .clone()
                .all(|i| same(&uplinks[i], &other.uplinks[i]))
            && routes.len() == other.routes.len()
            && routes.iter().zip(&other.routes).all(|((p, a), (q, b))| {
                p == q
                    && id(&a.edge) == other_id(&b.edge)
                    && a.dns.len() == b.dns.len()
                    && a.dns.iter().zip(&b.dns).all(|((d, c, n), (e, f, m))| {
                        n == m && id(d) == other_id(e) && id(c) == other_id(f)
                    })
            })
            && watch.len() == other.watch.len()
            && watch.iter().zip(&other.watch).all(|(a, b)| {
                a.provider == b.provider
                    && same(&a.blinded_by_any, &b.blinded_by_any)
                    && a.regions.len() == b.regions.len()
                    && a.regions.iter().zip(&b.regions).all(|(x, y)| same(x, y))
            })
    }

    /// Every domain something relies on: what components rest on, the control planes their
    /// control actions need, what their failovers and the `any_of` switches route through,
    /// and the monitoring systems' domains. Nothing else can change an outcome.
    fn relied_on(&self, r: &Resolved) -> Vec<Dom> {
        // Collected with repeats, then marked in a table of every domain (a set built by
        // one insertion per reference was a fifth of deriving the footing).
        let mut out: Vec<Dom> = Vec::new();
        let route = |out: &mut Vec<Dom>, provider: &str, fo: &ResolvedFailover| {
            let Some(rt) = self.route(provider) else {
                return;
            };
            match fo.via {
                Via::Dns => {
                    for (dns, control, _) in &rt.dns {
                        out.push(*dns);
                        if fo.needs_control_plane {
                            out.push(*control);
                        }
                    }
                }
                Via::Anycast | Via::LoadBalancer => {
                    out.push(rt.edge);
                }
                Via::Client => {}
            }
        };
        fn groups<'a>(
            d: &'a ResolvedDependency,
            out: &mut Vec<(&'a [ResolvedDependency], &'a ResolvedFailover)>,
        ) {
            if let ResolvedDependency::AnyOf {
                alternatives,
                failover,
                ..
            } = d
            {
                out.push((alternatives, failover));
                alternatives.iter().for_each(|a| groups(a, out));
            }
        }
        let mut any_ofs = Vec::new();
        // Only what some journey reaches, or monitoring runs on, can change an outcome: a
        // domain only an unreached component rests on gets no scenario (docs/scoring.md 1).
        let mut reached = crate::resolve::reached_components(&r.components, &r.journeys);
        for s in &r.monitoring.systems {
            if let Some(k) = s.component {
                reached[k] = true;
            }
        }
        for (i, c) in r.components.iter().enumerate() {
            if !reached[i] {
                continue;
            }
            out.extend(self.rests_on(i));
            for p in self.placements[i].iter() {
                out.extend(p.controls.iter().copied());
            }
            if c.placements.len() > 1 && c.topology != crate::model::Topology::SingleRegion {
                route(&mut out, &c.provider, &c.failover);
            }
            c.depends_on.iter().for_each(|d| groups(d, &mut any_ofs));
        }
        for j in &r.journeys {
            j.entry.iter().for_each(|d| groups(d, &mut any_ofs));
        }
        for (alternatives, fo) in any_ofs {
            for a in alternatives {
                let provider = match a {
                    ResolvedDependency::One { index, .. } => r.components[*index].provider.as_str(),
                    ResolvedDependency::AnyOf { .. } => "",
                };
                route(&mut out, provider, fo);
            }
        }
        for w in &self.watch {
            out.extend(w.blinded_by_any.iter().copied());
            out.extend(w.regions.iter().flatten().copied());
        }
        let mut marked = vec![false; self.domains.len()];
        out.iter().for_each(|d| marked[d.0 as usize] = true);
        (0..self.domains.len())
            .filter(|&k| marked[k])
            .map(|k| Dom(k as u32))
            .collect()
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
        // The control planes too: losing one degrades what scales with demand there
        // (`crate::propagate`, the scale-out rule), not only failovers.
        self.whole[i]
            .iter()
            .map(|(d, _)| *d)
            .chain(self.uplinks[i].iter().copied())
            .chain(self.placements[i].iter().flat_map(|p| {
                p.lost_with
                    .iter()
                    .chain(p.zones.iter())
                    .chain(p.controls.iter())
                    .copied()
            }))
    }

    /// Whether every component rests on the same domains here as in `other`
    /// ([`Footing::rests_on`]), numbered alike: the same shared table to the same length
    /// (so the same numbers are the same domains), and per component the same numbers in
    /// the same order, said at once by the pointer when the component shares `other`'s
    /// footing ([`Footing::build_keeping`]) and has the same uplinks.
    pub fn rests_alike(&self, other: &Footing) -> bool {
        fn shared<T: ?Sized>(a: Option<&Arc<T>>, b: Option<&Arc<T>>) -> bool {
            a.zip(b).is_some_and(|(a, b)| Arc::ptr_eq(a, b))
        }
        let n = self.whole.len();
        self.domains.follows(&other.domains)
            && self.domains.len() == other.domains.len()
            && n == other.whole.len()
            && (0..n).all(|i| {
                (shared(self.whole.get(i), other.whole.get(i))
                    && shared(self.placements.get(i), other.placements.get(i))
                    && self.uplinks.get(i) == other.uplinks.get(i))
                    || self.rests_on(i).eq(other.rests_on(i))
            })
    }

    /// Whether component `i` rests directly on `d` (for `applies_to.kinds`).
    pub fn uses(&self, i: usize, d: &DomainId) -> bool {
        self.domains
            .get(d)
            .is_some_and(|n| self.rests_on(i).any(|m| m == n))
    }
}

/// Monitoring that runs on component `c` of the system (`monitoring.component`) is blind
/// when `c` is: when a domain that carries `c` whole fails (its site, vendor, an agent on
/// its hosts, its provider's backbone ...; not a bad change or deploy of the system, which
/// is aimed at what is changed), or, in each of its regions, when that placement is lost
/// (its region, its managed services, or its only zone). It is blind when every region is.
fn watch_on_component(
    c: &ResolvedComponent,
    whole: &[(Dom, WholeBy)],
    placements: &[PlacementFooting],
) -> WatchFooting {
    WatchFooting {
        provider: format!("`{}`", c.id),
        blinded_by_any: whole
            .iter()
            .filter(|(_, by)| {
                !matches!(
                    by,
                    WholeBy::Change | WholeBy::Rollout | WholeBy::Certificate
                )
            })
            .map(|(d, _)| *d)
            .collect(),
        regions: placements
            .iter()
            .map(|p| {
                let mut ds = p.lost_with.clone();
                if p.zones.len() == 1 {
                    ds.extend(p.zones.iter().copied());
                }
                ds
            })
            .collect(),
    }
}

/// The fault domains an architecture uses, by class (sorted, deduplicated): the domains
/// the catalogue's patterns are expanded over. They are exactly the domains something
/// relies on ([`Footing::relied`]), so a domain only an unreached component rests on adds
/// scenarios that reach no journey, and one no component rests on adds none. The generic
/// regional exposure (`service:<provider>/<region>/*`) is left out: regional
/// managed-service events are expanded per provider and region
/// ([`crate::scenarios`]).
pub(crate) fn used_domains(foot: &Footing) -> &Used {
    &foot.used
}

/// The domains an architecture uses, by class ([`used_domains`]).
pub(crate) type Used = BTreeMap<DomainClass, BTreeSet<DomainId>>;

/// [`used_domains`], collected from the relied-on domains.
fn collect_used(foot: &Footing) -> Used {
    let mut used = Used::new();
    for &d in &foot.relied {
        let id = foot.domains.id(d);
        if matches!(id, DomainId::Service { service, .. } if service == ANY_SERVICE) {
            continue;
        }
        used.entry(id.class()).or_default().insert(id.clone());
    }
    used
}

#[cfg(all(test, feature = "yaml"))]
mod tests {
    use super::*;
    use crate::engine::Engine;
    use crate::graph::Indexed;
    use crate::input::Format;

    /// Three containers in one region; `web` is the one a copy changes.
    fn text(web_zones: &str) -> String {
        format!(
            "version: 1\nname: zones\ncomponents:\n\
             \x20 - {{ id: edge, kind: container, provider: aws, service: ecs, regions: [{{ name: eu-west-1, zones: [eu-west-1a] }}], depends_on: [web, jobs] }}\n\
             \x20 - {{ id: web, kind: container, provider: aws, service: ecs, regions: [{{ name: eu-west-1, zones: [{web_zones}] }}] }}\n\
             \x20 - {{ id: jobs, kind: container, provider: aws, service: ecs, regions: [{{ name: eu-west-1, zones: [eu-west-1c] }}] }}\n\
             journeys:\n  - {{ name: use, entry: [edge] }}\n"
        )
    }

    /// A kept component takes the baseline's footing only where the copy has numbered
    /// exactly the domains the baseline had before it: here the changed `web` no longer
    /// names the two zones it numbered in the baseline (eu-west-1b, then eu-west-1c), so
    /// the copy's table still follows the baseline's but is shorter, and `jobs`
    /// (unchanged, in eu-west-1c) must be placed from nothing to get the number a footing
    /// of its own gives it.
    #[test]
    fn a_kept_component_needs_the_baseline_domains_before_it() -> Result<(), crate::Error> {
        let engine = Engine::default();
        let base = engine.prepare(
            &engine
                .parse(&text("eu-west-1a, eu-west-1b, eu-west-1c"), Format::Yaml)?
                .architecture,
        )?;
        let copy = engine
            .parse(&text("eu-west-1a"), Format::Yaml)?
            .architecture;
        let unchanged = crate::engine::unchanged_components(&base.arch, &copy);
        assert_eq!(unchanged, [true, false, true]);
        let r = crate::resolve::resolve_indexed(
            &copy,
            engine.catalogue(),
            &Indexed::new(&copy),
            Some((&base.resolved, &unchanged)),
        );
        let kept = Footing::build_keeping(
            &r,
            engine.catalogue(),
            Some((&base.footing, &base.resolved)),
        );
        let fresh = Footing::build(&r, engine.catalogue());
        assert_eq!(format!("{kept:?}"), format!("{fresh:?}"));
        let zone_of_jobs = |f: &Footing| f.domains.id(f.placements[2][0].zones[0]).to_string();
        assert_eq!(zone_of_jobs(&kept), "zone:aws/eu-west-1/eu-west-1c");
        // The baseline numbered eu-west-1b before eu-west-1c; the copy never meets it.
        assert!(kept.domains.iter().all(|d| !d.to_string().ends_with("1b")));
        // `edge`, before the change, is the baseline's footing itself (shared, not copied);
        // `jobs`, after it, is its own.
        let shared = |f: &Footing, i: usize| {
            Arc::ptr_eq(&f.whole[i], &base.footing.whole[i])
                && Arc::ptr_eq(&f.placements[i], &base.footing.placements[i])
        };
        assert!(shared(&kept, 0));
        assert!(!shared(&kept, 2));
        assert!(!shared(&fresh, 0));
        // The copy relies on other domains (not eu-west-1b): its used domains are its own.
        assert!(!Arc::ptr_eq(&kept.used, &base.footing.used));
        assert_eq!(used_domains(&kept), &collect_used(&kept));
        // A copy that changes nothing shares every component's footing and the used
        // domains.
        let same = Footing::build_keeping(
            &base.resolved,
            engine.catalogue(),
            Some((&base.footing, &base.resolved)),
        );
        assert!((0..3).all(|i| shared(&same, i)));
        assert!(Arc::ptr_eq(&same.used, &base.footing.used));
        Ok(())
    }
}
