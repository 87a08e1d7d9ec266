//! The laws of DESIGN.md, as properties over the examples: order does not matter; more
//! zones, another region or a hotter standby never lowers the score; a soft dependency
//! never hurts more than the same hard one.

use crate::api::parse;
use faultline::Format;
use faultline::catalogue::Catalogue;
use faultline::model::{Architecture, Dependency, Standby, Zones};
use proptest::prelude::*;

fn examples() -> Vec<Architecture> {
    let mut paths: Vec<_> = std::fs::read_dir("examples")
        .expect("examples/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            parse(&std::fs::read_to_string(p).expect("read"), Format::Yaml)
                .expect("parses")
                .architecture
        })
        .collect()
}

fn score(a: &Architecture) -> f64 {
    crate::api::score(a, Catalogue::builtin())
        .expect("scores")
        .score
}

fn downtime(a: &Architecture) -> Vec<f64> {
    crate::api::score(a, Catalogue::builtin())
        .expect("scores")
        .journeys
        .iter()
        .map(|j| j.expected_downtime_minutes_per_year)
        .collect()
}

/// One more zone in each region that has one to spare (the catalogue's zone count; 6 where
/// it has none): a description with more zones than its region has is invalid.
fn add_zone(c: &mut faultline::model::Component) {
    for p in &mut c.regions {
        let room = Catalogue::builtin()
            .zone_count(&c.provider, &p.name)
            .map_or(6, |k| u64::from(k.zones));
        p.zones = match &p.zones {
            Zones::Count(n) => Zones::Count((n + 1).min(room)),
            Zones::Named(names) if (names.len() as u64) < room => {
                let mut n = names.clone();
                n.push(format!("{}-extra", p.name));
                Zones::Named(n)
            }
            Zones::Named(names) => Zones::Named(names.clone()),
        };
    }
}

/// Zones the component uses in its smallest region, as resolved (replicas cap the zones).
fn zone_count(c: &faultline::model::Component) -> usize {
    c.regions
        .iter()
        .map(|p| {
            let n = match &p.zones {
                Zones::Count(n) => *n as usize,
                Zones::Named(names) => names.len(),
            };
            c.replicas.map_or(n, |r| n.min(r as usize).max(1))
        })
        .min()
        .unwrap_or(1)
}

/// More headroom than the component has: +50 on a declared value; an undeclared one
/// defaults to 0 or, on a provider-scaled service, to 100, so 150 exceeds either.
fn more_headroom(declared: Option<f64>) -> f64 {
    declared.map_or(150.0, |h| h + 50.0)
}

/// `a` with component `i` made more redundant: 0 another zone, 1 another replica (each with
/// N+1 headroom), 2 more headroom.
fn redundant(a: &Architecture, i: usize, what: u8) -> Architecture {
    let mut better = a.clone();
    let c = &mut better.components[i];
    match what {
        0 | 1 => {
            // Redundancy is a zone AND the capacity to lose one (N+1): a zone added
            // without spare capacity adds that zone's failures as new exposure, which
            // is real (see `a_zone_without_spare_capacity_adds_only_its_own_exposure`).
            if what == 0 {
                add_zone(c);
            } else {
                c.replicas = Some(c.replicas.unwrap_or(1) + 1);
            }
            let n = zone_count(c) as f64;
            if n > 1.0 {
                c.headroom_percent = Some(more_headroom(c.headroom_percent).max(100.0 / (n - 1.0)));
            }
        }
        _ => c.headroom_percent = Some(more_headroom(c.headroom_percent)),
    }
    better
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn component_order_does_not_matter(example in 0usize..9, seed in any::<u64>()) {
        let all = examples();
        let a = &all[example % all.len()];
        let mut shuffled = a.clone();
        // A deterministic Fisher-Yates shuffle from the seed.
        let mut s = seed | 1;
        for i in (1..shuffled.components.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            let j = (s % (i as u64 + 1)) as usize;
            shuffled.components.swap(i, j);
        }
        let x = crate::api::score(a, Catalogue::builtin()).expect("scores");
        let y = crate::api::score(&shuffled, Catalogue::builtin()).expect("scores");
        prop_assert_eq!(x.score, y.score);
        prop_assert_eq!(serde_json::to_string(&x.journeys).expect("json"), serde_json::to_string(&y.journeys).expect("json"));
    }

    #[test]
    fn more_zones_replicas_or_headroom_never_lower_the_score(example in 0usize..9, pick in any::<usize>(), what in 0u8..3) {
        let all = examples();
        let a = &all[example % all.len()];
        let candidates: Vec<usize> = (0..a.components.len()).filter(|&i| !a.components[i].regions.is_empty()).collect();
        prop_assume!(!candidates.is_empty());
        let i = candidates[pick % candidates.len()];
        let better = redundant(a, i, what);
        let before = downtime(a);
        let after = downtime(&better);
        for (b, x) in before.iter().zip(&after) {
            prop_assert!(*x <= b + 1e-9, "downtime rose from {} to {} ({})", b, x, ["zones", "replicas", "headroom"][what as usize]);
        }
        prop_assert!(score(&better) >= score(a));
    }

    #[test]
    fn a_hotter_standby_never_lowers_the_score(example in 0usize..9, pick in any::<usize>()) {
        let all = examples();
        let a = &all[example % all.len()];
        let candidates: Vec<usize> = (0..a.components.len()).filter(|&i| a.components[i].regions.len() > 1).collect();
        prop_assume!(!candidates.is_empty());
        let i = candidates[pick % candidates.len()];
        let mut hotter = a.clone();
        if hotter.components[i].standby.is_none() && hotter.components[i].topology == Some(faultline::model::Topology::ActiveActive) {
            return Ok(());
        }
        hotter.components[i].standby = Some(Standby::Hot);
        prop_assert!(score(&hotter) >= score(a));
    }

    #[test]
    fn a_soft_dependency_never_hurts_more_than_the_hard_one(example in 0usize..9, pick in any::<usize>()) {
        let all = examples();
        let a = &all[example % all.len()];
        let candidates: Vec<(usize, usize)> = a.components.iter().enumerate()
            .flat_map(|(i, c)| c.depends_on.iter().enumerate().filter(|(_, d)| d.is_hard()).map(move |(k, _)| (i, k)))
            .collect();
        prop_assume!(!candidates.is_empty());
        let (i, k) = candidates[pick % candidates.len()];
        let mut soft = a.clone();
        match &mut soft.components[i].depends_on[k] {
            Dependency::Component { hard, .. } | Dependency::AnyOf { hard, .. } => *hard = false,
        }
        for (h, s) in downtime(a).iter().zip(&downtime(&soft)) {
            prop_assert!(s <= &(h + 1e-9), "soft {} > hard {}", s, h);
        }
    }
}

#[test]
fn adding_a_region_with_a_working_failover_never_lowers_the_score() {
    for a in examples() {
        for i in 0..a.components.len() {
            let c = &a.components[i];
            if c.regions.len() != 1 || c.data.is_some() {
                continue;
            }
            let mut better = a.clone();
            let b = &mut better.components[i];
            let mut second = b.regions[0].clone();
            second.name = format!("{}-second", second.name);
            b.regions.push(second);
            b.topology = Some(faultline::model::Topology::ActiveActive);
            b.headroom_percent = Some(b.headroom_percent.unwrap_or(0.0).max(100.0));
            b.failover = Some(faultline::model::Failover {
                trigger: Some(faultline::model::Trigger::Automatic),
                via: Some(faultline::model::Via::Client),
                detect_minutes: Some(1.0),
                switch_minutes: Some(1.0),
                needs_control_plane: Some(false),
                ..Default::default()
            });
            assert!(
                score(&better) >= score(&a),
                "{}: adding a region to `{}` lowered the score",
                a.name,
                c.id
            );
        }
    }
}

/// Adding a zone without spare capacity can raise a journey's downtime, but only by what the
/// new zone's own failures cost: the component's share of every other zone's failures
/// shrinks, and nothing else changes.
#[test]
fn a_zone_without_spare_capacity_adds_only_its_own_exposure() {
    let mut checked = 0;
    for a in examples() {
        for i in 0..a.components.len() {
            if a.components[i].regions.is_empty() {
                continue;
            }
            let mut b = a.clone();
            add_zone(&mut b.components[i]);
            let x = crate::api::score(&a, Catalogue::builtin()).expect("scores");
            let y = crate::api::score(&b, Catalogue::builtin()).expect("scores");
            for (jx, jy) in x.journeys.iter().zip(&y.journeys) {
                let new_exposure: f64 = y
                    .findings
                    .iter()
                    .filter(|f| f.journey == jy.name && !x.findings.iter().any(|g| g.id == f.id))
                    .map(|f| f.expected_minutes_per_year)
                    .sum();
                assert!(
                    jy.expected_downtime_minutes_per_year
                        <= jx.expected_downtime_minutes_per_year + new_exposure + 1e-3, // reports round to 3-4 decimals
                    "{} `{}` {}: {} -> {} with only {} of new exposure",
                    a.name,
                    a.components[i].id,
                    jx.name,
                    jx.expected_downtime_minutes_per_year,
                    jy.expected_downtime_minutes_per_year,
                    new_exposure
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} journey checks ran");
}

/// The same law, exhaustively: every example, every placed component, every kind of redundancy.
#[test]
fn redundancy_never_raises_downtime_exhaustively() {
    let mut checked = 0;
    for a in examples() {
        let before = downtime(&a);
        for i in (0..a.components.len()).filter(|&i| !a.components[i].regions.is_empty()) {
            for what in 0..3 {
                // Headroom behind health checks that fail open absorbs nothing: another
                // zone there is more exposure (docs/scoring.md 7, exceptions).
                if what == 0 && a.components[i].health_checks == Some(false) {
                    continue;
                }
                let after = downtime(&redundant(&a, i, what));
                for (b, x) in before.iter().zip(&after) {
                    assert!(
                        *x <= b + 1e-9,
                        "{} `{}` ({}): downtime rose from {b} to {x}",
                        a.name,
                        a.components[i].id,
                        ["zone", "replica", "headroom"][what as usize]
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} variants checked");
}

/// `d` with every component id prefixed (the renaming of the law tests).
fn renamed(d: &Dependency, prefix: &str) -> Dependency {
    crate::law_props::rename_dep(d, &|id| format!("{prefix}{id}"))
}

/// (U) What no journey reaches changes no journey: an unreached component of any kind, on
/// a cloud, a site or a vendor, with agents, a global rollout and dependencies into the
/// system; and a disjoint copy of the whole system under new ids.
#[test]
fn unreached_components_change_nothing() {
    use faultline::model::{Component, Kind, Placement, Rollout};
    let mut checked = 0;
    for a in examples() {
        let before = downtime(&a);
        let target = a.components[0].id.clone();
        for (k, (kind, provider)) in [
            (Kind::Compute, "aws"),
            (Kind::Database, "gcp"),
            (Kind::Queue, "azure"),
            (Kind::Cdn, "cloudflare"),
            (Kind::Dns, "aws"),
            (Kind::Other, "on-prem:somewhere-else"),
            (Kind::ThirdPartyApi, "saas:unused-vendor"),
        ]
        .into_iter()
        .enumerate()
        {
            let mut b = a.clone();
            let mut c = Component::new(format!("unreached-{k}"), kind, provider);
            if !provider.contains(':') && !matches!(kind, Kind::Cdn | Kind::Dns) {
                let region = match provider {
                    "gcp" => "us-central1",
                    "azure" => "eastus",
                    _ => "us-east-1",
                };
                c.regions = vec![Placement {
                    name: region.to_owned(),
                    zones: Zones::Count(2),
                }];
            }
            c.agents = vec!["falcon-sensor".to_owned(), "unreached-agent".to_owned()];
            c.rollout = Some(Rollout::Global);
            c.depends_on = vec![Dependency::Component {
                id: target.clone(),
                hard: true,
            }];
            b.components.push(c);
            assert_eq!(
                downtime(&b),
                before,
                "{}: an unreached {kind:?} on {provider} changed a journey",
                a.name
            );
            checked += 1;
        }
        // A disjoint copy of the whole system, under new ids.
        let mut b = a.clone();
        for c in &a.components {
            let mut copy = c.clone();
            copy.id = format!("copy-{}", c.id);
            copy.depends_on = c.depends_on.iter().map(|d| renamed(d, "copy-")).collect();
            b.components.push(copy);
        }
        for j in &a.journeys {
            let mut copy = j.clone();
            copy.name = format!("copy-{}", j.name);
            copy.entry = j.entry.iter().map(|d| renamed(d, "copy-")).collect();
            b.journeys.push(copy);
        }
        let after = downtime(&b);
        assert_eq!(
            &after[..before.len()],
            &before[..],
            "{}: a disjoint copy changed the original journeys",
            a.name
        );
        if !a.journeys.is_empty() {
            // The copy scores exactly like the original.
            assert_eq!(&after[before.len()..], &before[..], "{}", a.name);
        }
        checked += 1;
    }
    assert!(checked >= 9 * 8, "{checked}");
}

/// hot ≤ warm ≤ pilot light ≤ backup-restore, scenario by scenario and journey by journey:
/// a colder standby is never better in any scenario, and a failover that fails costs the
/// same whatever the standby.
#[test]
fn standby_order_holds_in_every_scenario() {
    use std::collections::BTreeMap;
    let order = [
        Standby::Hot,
        Standby::Warm,
        Standby::PilotLight,
        Standby::BackupRestore,
    ];
    let fixtures = [
        "version: 1\nname: ap\noperations: { monitoring: { provider: saas:datadog } }\njourneys:\n  - { name: j, entry: [web] }\ncomponents:\n  - { id: web, kind: compute, provider: aws, topology: active-passive, failover: { trigger: manual, via: dns }, regions: [{ name: us-east-1, zones: 2 }, { name: us-west-2, zones: 2 }], depends_on: [db] }\n  - { id: db, kind: database, provider: aws, service: rds, topology: active-passive, failover: { trigger: automatic, via: client }, regions: [{ name: us-east-1, zones: 2 }, { name: us-west-2, zones: 2 }], data: { replication: async, backups: other-region, restore_minutes: 120 } }\n",
        "version: 1\nname: ap-blind\noperations: { monitoring: { provider: aws, regions: [us-east-1] } }\njourneys:\n  - { name: j, entry: [web] }\ncomponents:\n  - { id: web, kind: compute, provider: aws, topology: active-passive, failover: { trigger: manual, via: dns, needs_control_plane: true }, regions: [us-east-1, us-west-2] }\n",
    ];
    let mut cases: Vec<Architecture> = fixtures
        .iter()
        .map(|y| parse(y, Format::Yaml).expect("parses").architecture)
        .collect();
    cases.extend(examples());
    let mut compared = 0;
    for a in cases {
        for i in 0..a.components.len() {
            let c = &a.components[i];
            let ap = c.topology == Some(faultline::model::Topology::ActivePassive)
                || (c.regions.len() > 1 && c.topology.is_none());
            if !ap {
                continue;
            }
            let cost = |s: Standby| -> BTreeMap<String, f64> {
                let mut b = a.clone();
                b.components[i].standby = Some(s);
                crate::api::score(&b, Catalogue::builtin())
                    .expect("scores")
                    .findings
                    .into_iter()
                    .map(|f| (f.id, f.weighted_minutes))
                    .collect()
            };
            let costs: Vec<BTreeMap<String, f64>> = order.iter().map(|&s| cost(s)).collect();
            for w in 0..order.len() - 1 {
                let (hotter, colder) = (&costs[w], &costs[w + 1]);
                for (id, m) in hotter {
                    let other = colder.get(id).copied().unwrap_or(0.0);
                    assert!(
                        *m <= other + 1e-9,
                        "{} `{}`: {:?} costs {m} in {id}, {:?} only {other}",
                        a.name,
                        c.id,
                        order[w],
                        order[w + 1]
                    );
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 100, "{compared}");
}
