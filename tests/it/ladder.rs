//! Examples 01–04 are one shop at four maturity levels. An architect expects the scores to
//! climb: single-AZ < multi-AZ < multi-region active-passive < multi-region active-active
//! with data-plane failover. Each step must also be explained by the report: the findings
//! the step addresses must cost fewer points, and their chains must say why.

use crate::api::parse;
use faultline::Format;
use faultline::ScoreReport;
use faultline::catalogue::Catalogue;
use faultline::report::Finding;
use faultline::report::StepKind;

fn report(file: &str) -> ScoreReport {
    let text = std::fs::read_to_string(format!("examples/{file}")).expect("read");
    let arch = parse(&text, Format::Yaml).expect("parses").architecture;
    crate::api::score(&arch, Catalogue::builtin()).expect("scores")
}

/// Points lost to findings whose scenario matches `pred`.
fn points(r: &ScoreReport, pred: impl Fn(&Finding) -> bool) -> f64 {
    r.findings
        .iter()
        .filter(|f| pred(f))
        .map(|f| f.points)
        .sum()
}

fn has_step(f: &Finding, kind: StepKind, text: &str) -> bool {
    f.chain
        .iter()
        .any(|s| s.kind == kind && s.text.contains(text))
}

#[test]
fn the_four_maturity_levels_score_in_order() {
    let r: Vec<ScoreReport> = [
        "01-startup-single-az.yaml",
        "02-saas-multi-az.yaml",
        "03-multi-region-active-passive.yaml",
        "04-multi-region-active-active.yaml",
    ]
    .iter()
    .map(|f| report(f))
    .collect();
    for w in r.windows(2) {
        assert!(
            w[0].score < w[1].score,
            "{} ({}) is not below {} ({})",
            w[0].name,
            w[0].score,
            w[1].name,
            w[1].score
        );
    }
    // Journeys are the same shop at every level, so they compare one by one too.
    for w in r.windows(2) {
        for (a, b) in w[0].journeys.iter().zip(&w[1].journeys) {
            assert_eq!(a.name, b.name);
            assert!(
                b.expected_downtime_minutes_per_year <= a.expected_downtime_minutes_per_year,
                "{}: {} -> {}",
                a.name,
                a.expected_downtime_minutes_per_year,
                b.expected_downtime_minutes_per_year
            );
        }
    }
}

#[test]
fn single_az_to_multi_az_is_explained_by_the_zone_findings() {
    let (one, two) = (
        report("01-startup-single-az.yaml"),
        report("02-saas-multi-az.yaml"),
    );
    let zone = |f: &Finding| f.domain.starts_with("zone:");
    assert!(points(&two, zone) < points(&one, zone) / 4.0);
    // Level 1: use1-az4 takes every journey down for the whole event.
    let az4 = "zone-physical-loss@zone:aws/us-east-1/use1-az4";
    let f = one
        .findings
        .iter()
        .find(|f| f.scenario == az4 && f.journey == "checkout")
        .expect("az4 loss hurts checkout at level 1");
    assert!(has_step(
        f,
        StepKind::ComponentHit,
        "runs only in zone use1-az4"
    ));
    // Level 2: no zone loss takes checkout down for more than the database's in-region
    // failover (2 minutes, an estimate).
    for g in two
        .findings
        .iter()
        .filter(|f| zone(f) && f.journey == "checkout")
    {
        assert!(g.impact_minutes <= 2.0, "{g:?}");
    }
}

#[test]
fn multi_az_to_active_passive_is_explained_by_the_failover() {
    let (two, three) = (
        report("02-saas-multi-az.yaml"),
        report("03-multi-region-active-passive.yaml"),
    );
    let regional_service =
        |f: &Finding| f.domain.starts_with("service:aws/us-east-1/") && f.journey == "checkout";
    assert!(points(&three, regional_service) < points(&two, regional_service));
    let worked = three
        .findings
        .iter()
        .filter(|f| regional_service(f))
        .filter(|f| has_step(f, StepKind::FailoverWorked, "standby in us-west-2"))
        .count();
    assert!(
        worked > 0,
        "no regional-service finding shows the failover working"
    );
}

#[test]
fn active_passive_to_active_active_is_explained_by_the_data_plane_failover() {
    let (three, four) = (
        report("03-multi-region-active-passive.yaml"),
        report("04-multi-region-active-active.yaml"),
    );
    let region_loss = "region-data-plane-loss@region:aws/us-east-1";
    let find = |r: &ScoreReport| -> Finding {
        r.findings
            .iter()
            .find(|f| f.scenario == region_loss && f.journey == "checkout")
            .cloned()
            .expect("the us-east-1 loss hurts checkout")
    };
    // Level 3: the manual Route 53 edit needs the global control plane, which lives in
    // us-east-1: no failover, down for the whole event.
    let f3 = find(&three);
    assert!(
        has_step(&f3, StepKind::FailoverFailed, "control:aws/global"),
        "{:?}",
        f3.chain
    );
    // Level 4: automatic failover on health checks moves the traffic in minutes.
    let f4 = find(&four);
    assert!(
        has_step(&f4, StepKind::FailoverWorked, "active-active"),
        "{:?}",
        f4.chain
    );
    assert!(f4.impact_minutes < 10.0 && f3.impact_minutes > 60.0);
}
