//! Risk groups: the single points of failure and the minimal sets of fault domains whose
//! joint failure takes a journey down (minimal cut sets of its fault tree).
//!
//! # The fault tree
//!
//! Each journey gets a fault tree whose top event is "the journey is down for the event"
//! and whose basic events are fault domains (see [`crate::domain`]), a bad change or global
//! rollout per component it hits. It is derived from
//! the resolved description with the rules the engine (its `propagate` module) plays:
//!
//! - a journey is down when one of its hard entries is down; soft entries and soft
//!   dependencies only degrade and are left out;
//! - a component is down when a hard dependency is down, when a domain that takes the whole
//!   component fails (a bad production change, its fleet agents, `rollout: global`, the
//!   certificate of an entry component, its site, SaaS vendor, DNS provider, edge, identity
//!   provider, the backbone of a provider-global component, the global control plane of a
//!   component calling global endpoints), or when it loses its placement:
//!   - a placement in a region is lost with the region's data plane, the provider's
//!     backbone, the component's managed service there, or every zone it uses (AND);
//!   - single-region: its (first) placement lost;
//!   - active-passive: the primary lost AND (the failover cannot run OR every standby is
//!     lost or, when the failover needs the control plane or the standby must launch, has
//!     its region's control plane down);
//!   - active-active: regions holding at least [`crate::constants::DOWN_SHARE`] of its users
//!     lost AND, unless that is every region, (the failover cannot run OR every other region
//!     is lost or unusable as above). Losing fewer regions takes only their users' share
//!     down, a partial outage the engine reports as degraded, not down;
//!   - the failover cannot run: a manual trigger with no monitoring declared or every
//!     monitoring system blind (its own domain, its site/vendor/backbone, or every region
//!     it runs in), DNS failover with
//!     every DNS provider down (or, when it edits records, down or with its global control
//!     plane down: losing the provider's home region takes that with it), and
//!     anycast/load-balancer failover with the provider's edge down;
//! - an `any_of` group is down when its first alternative is down AND every other
//!   alternative is down or cannot be switched to (the group's failover, as above, without
//!   a target region).
//!
//! A reference to a domain is true when any basic event whose failure implies it fails:
//! the implications are those of `scenarios::FailedDomains::close_over` (a
//! region's data plane takes its control plane, a backbone its provider's edge, DNS,
//! identity and global control plane, a managed service the dependants its provider
//! profile documents), taken from the scenarios themselves.
//!
//! # Simplifications
//!
//! The tree is coherent (AND/OR, no negation), the engine is not quite: it fails over to the
//! *first* healthy standby or region and to the *best* `any_of` alternative only. With
//! three or more regions (or alternatives) the tree requires every candidate to be unusable,
//! so a joint failure that the engine loses only because it picked a target whose control
//! plane is down is not a cut set here. When more than 256 sets of regions could hold the share of
//! users that makes a component down (dozens of active-active regions), only losing every
//! region counts. Partial outages (a share of users down) propagate in the engine but are
//! not down here, so two partial outages of different dependencies that together reach the
//! share are not a cut set. With two regions (or alternatives) the tree is
//! exact. Brief interruptions that a working failover ends (an in-zone database failover,
//! a regional failover, an `any_of` switch) and degradations do not count as down.
//!
//! # Probability
//!
//! A basic event's rate is the sum of `per_year` of the scenarios
//! (`scenarios::Expansion`) that fail the domain, with an unavailable-type effect
//! (`unavailable`, `data-destroyed`; `control-plane-unavailable` for control planes,
//! `monitoring-blind` for monitoring), across the whole domain (a pattern that hits only a
//! `fraction` of it cannot take a journey down by itself), capped at 1; the update a staged
//! agent's first ring stops is an event of its own (`agent:falcon~first-ring`), which takes
//! down what runs the agent unstaged, not what stages it; its duration is the rate-weighted mean of those patterns' mean
//! durations. A domain no such scenario fails is not an event (the catalogue gives it no
//! chance to fail). A bad change and a global rollout are aimed at one component, as
//! `score` plays them: each component they can hit is an event of its own
//! (`change:production#api`, [`tree::BasicEvent::target`]) at one component's rate, and
//! only that component rests on it. A risk group's figure is the expected number of times a year that all
//! its domains are failed at the same moment, for independent events: one event starts
//! while every other is under way, Σᵢ λᵢ · Πⱼ≠ᵢ λⱼdⱼ (each λⱼdⱼ, the share of the year
//! spent failed, capped at 1), which is λ₁λ₂(d₁ + d₂) for two. Two services that each fail
//! once in ten years for half a day overlap about once in 37 000 years, not once in a
//! hundred. Shared causes are not independent, and the catalogue models them as one event
//! that fails several domains (a region's data plane takes its control plane), so such a
//! pair is a single point, not a risk group. Only +, − and × are used, so the numbers are
//! the same natively and in WebAssembly.
//!
//! # Limits
//!
//! Enumeration is bounded by [`RiskOptions::max_order`], by [`RiskOptions::max_sets`] (risk
//! groups listed per journey) and by [`RiskOptions::max_work`], a count of elementary steps
//! per journey rather than a clock (`std::time::Instant` panics in WebAssembly). Orders are
//! enumerated one after the other, so when the work runs out, every order below the one
//! being enumerated is complete. A truncated result says so, naming the limit.

mod cuts;
pub mod tree;

use crate::sort::Stable;
use serde::{Deserialize, Serialize};

use crate::det::round;
use crate::engine::Prepared;

pub use tree::FaultTrees;

/// Bounds on the enumeration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RiskOptions {
    /// Largest number of domains in a risk group (default 3; 0 enumerates nothing).
    pub max_order: usize,
    /// Most risk groups (order 2 and up) listed per journey, the most likely first
    /// (default 200). Single points of failure are always listed in full.
    pub max_sets: usize,
    /// Elementary steps (a set built, a subset test) allowed per journey (default
    /// 5 000 000: about a second natively in the worst case measured).
    pub max_work: u64,
}

impl Default for RiskOptions {
    fn default() -> Self {
        RiskOptions {
            max_order: 3,
            max_sets: 200,
            max_work: 5_000_000,
        }
    }
}

/// The risk report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RiskReport {
    /// The system's name.
    pub name: String,
    /// The order enumerated up to.
    pub max_order: usize,
    /// Per journey, in the order of the description.
    pub journeys: Vec<JourneyRisk>,
    /// Whether some journey's enumeration was cut short.
    pub truncated: bool,
    /// Which limit cut it short and how to raise it.
    pub truncation: Option<String>,
}

/// The risk groups of one journey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JourneyRisk {
    /// Journey name.
    pub name: String,
    /// Domains whose failure alone takes the journey down, most likely first.
    pub single_points: Vec<RiskGroup>,
    /// Minimal sets of two or more domains whose joint failure takes it down, most likely
    /// first.
    pub risk_groups: Vec<RiskGroup>,
    /// Whether this journey's enumeration was cut short.
    pub truncated: bool,
}

/// A minimal set of fault domains whose joint failure takes a journey down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RiskGroup {
    /// Domain ids, sorted; a bad change or global rollout aimed at one component names it
    /// after `#` (`change:production#api`).
    pub domains: Vec<String>,
    /// Number of domains.
    pub order: usize,
    /// Expected number of times a year that all of them are failed at the same moment (their
    /// outages overlap): for one domain its yearly rate, for two independent domains
    /// λ₁λ₂(d₁ + d₂) with `d` the mean outage in years (see `docs/risk.md`).
    pub per_year: f64,
    /// The patterns that fail these domains, sorted.
    pub patterns: Vec<String>,
}

/// Decimals kept in `per_year` (products of small rates are small).
const PER_YEAR_DECIMALS: i32 = 12;

impl Prepared<'_> {
    /// Finds each journey's single points of failure and risk groups.
    ///
    /// # Complexity
    ///
    /// Bounded per journey by `options.max_work` steps (see the module documentation).
    ///
    /// ```
    /// use faultline::{Engine, Format, RiskOptions};
    /// let engine = Engine::default();
    /// let text = "version: 1\nname: demo\ncomponents:\n  - { id: web, kind: compute, provider: aws, regions: [us-east-1] }\n";
    /// let doc = engine.parse(text, Format::Yaml)?;
    /// let report = engine.prepare(&doc.architecture)?.risk(&RiskOptions::default());
    /// let spofs: Vec<&str> = report.journeys[0].single_points.iter().map(|g| g.domains[0].as_str()).collect();
    /// assert!(spofs.contains(&"region:aws/us-east-1"));
    /// # Ok::<(), faultline::Error>(())
    /// ```
    pub fn risk(&self, options: &RiskOptions) -> RiskReport {
        risk_groups(&self.fault_trees(), options)
    }
}

fn risk_groups(trees: &FaultTrees, options: &RiskOptions) -> RiskReport {
    let mut notes: Vec<String> = Vec::new();
    if options.max_order == 0 {
        notes.push("max_order is 0: no risk groups were enumerated; use 1 or more".to_owned());
    }
    let mut journeys = Vec::with_capacity(trees.journeys.len());
    for tree in &trees.journeys {
        let mut budget = cuts::Budget::new(options.max_work);
        let mut sets: Vec<cuts::Set> = Vec::new();
        let mut truncated = options.max_order == 0;
        for order in 1..=options.max_order {
            match cuts::minimal_cut_sets(tree, order, &mut budget) {
                Ok(s) => sets = s,
                Err(cuts::OutOfWork) => {
                    truncated = true;
                    notes.push(format!(
                        "journey `{}`: risk groups of {order} or more domains were not enumerated: the work limit (max_work = {}, --max-work) ran out; raise it or lower max_order (--max-order)",
                        tree.name,
                        options.max_work,
                    ));
                    break;
                }
            }
        }
        // Rank on the numbers first and build the (string-heavy) groups only for what is
        // listed: the family can hold up to `max_work` sets. Events are indexed in the order
        // of their names, so comparing sorted index lists compares the sorted names.
        let mut ranked: Vec<(f64, &cuts::Set)> =
            sets.iter().map(|s| (figure(trees, s), s)).collect();
        ranked.stable_sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        let single_points: Vec<RiskGroup> = ranked
            .iter()
            .filter(|(_, s)| s.len() == 1)
            .map(|(p, s)| group(trees, s, *p))
            .collect();
        let larger = ranked.iter().filter(|(_, s)| s.len() > 1);
        let found = larger.clone().count();
        if found > options.max_sets {
            truncated = true;
            notes.push(format!(
                "journey `{}`: {found} risk groups found, only the {} most likely are listed (max_sets, --max-sets)",
                tree.name, options.max_sets
            ));
        }
        let risk: Vec<RiskGroup> = larger
            .take(options.max_sets)
            .map(|(p, s)| group(trees, s, *p))
            .collect();
        journeys.push(JourneyRisk {
            name: tree.name.clone(),
            single_points,
            risk_groups: risk,
            truncated,
        });
    }
    RiskReport {
        name: trees.name.clone(),
        max_order: options.max_order,
        truncated: !notes.is_empty(),
        truncation: (!notes.is_empty()).then(|| notes.join("; ")),
        journeys,
    }
}

/// Minutes in a year (365 days), to turn durations into fractions of a year.
const MINUTES_PER_YEAR: f64 = 525_600.0;

/// A set's figure as reported: the expected number of times a year that all its domains
/// are failed at the same moment, rounded. With independent events of rates `λ` and mean
/// durations `d` (in years), the set is completed when one event starts while every other
/// is already under way: Σᵢ λᵢ · Πⱼ≠ᵢ min(1, λⱼ·dⱼ). For one domain that is its rate; for two,
/// λ₁λ₂(d₁ + d₂).
fn figure(trees: &FaultTrees, set: &[u32]) -> f64 {
    let events: Vec<(f64, f64)> = set
        .iter()
        .map(|&e| {
            trees.events.get(e as usize).map_or((0.0, 0.0), |x| {
                (
                    x.per_year,
                    (x.per_year * x.mean_minutes / MINUTES_PER_YEAR).min(1.0),
                )
            })
        })
        .collect();
    let p: f64 = (0..events.len())
        .map(|i| {
            events
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .fold(events[i].0, |acc, (_, &(_, busy))| acc * busy)
        })
        .sum();
    round(p, PER_YEAR_DECIMALS)
}

fn group(trees: &FaultTrees, set: &[u32], per_year: f64) -> RiskGroup {
    let events: Vec<&tree::BasicEvent> = set
        .iter()
        .filter_map(|&e| trees.events.get(e as usize))
        .collect();
    let mut domains: Vec<String> = events.iter().map(|e| e.name()).collect();
    domains.stable_sort();
    let mut patterns: Vec<String> = events
        .iter()
        .flat_map(|e| e.patterns.iter().cloned())
        .collect();
    patterns.stable_sort();
    patterns.dedup();
    RiskGroup {
        order: domains.len(),
        domains,
        per_year,
        patterns,
    }
}
