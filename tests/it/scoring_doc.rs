//! Recomputes the worked example of docs/scoring.md from the blocks in that file.

use crate::api::parse;
use faultline::Format;
use faultline::catalogue::Catalogue;
use faultline::report::Grade;

fn yaml_blocks(doc: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut rest = doc;
    while let Some(start) = rest.find("```yaml\n") {
        let body = &rest[start + 8..];
        let Some(end) = body.find("```") else { break };
        blocks.push(body[..end].to_owned());
        rest = &body[end..];
    }
    blocks
}

#[test]
fn the_worked_example_is_what_the_engine_computes() {
    let doc = std::fs::read_to_string("docs/scoring.md").expect("docs/scoring.md");
    let blocks = yaml_blocks(&doc);
    assert_eq!(
        blocks.len(),
        2,
        "the worked example has an architecture and a catalogue block"
    );
    let arch = parse(&blocks[0], Format::Yaml)
        .expect("architecture block parses")
        .architecture;
    let catalogue =
        Catalogue::from_user_text(&blocks[1], "docs/scoring.md").expect("catalogue block loads");
    let r = crate::api::score(&arch, &catalogue).expect("scores");
    assert_eq!(r.scenarios, 3);
    assert!(
        r.findings
            .iter()
            .all(|f| f.scenario != "region-loss@region:aws/us-west-2"),
        "the monitoring region's loss changes nothing here"
    );
    let checkout = &r.journeys[0];
    let browse = &r.journeys[1];
    assert_eq!(
        (
            checkout.name.as_str(),
            checkout.expected_downtime_minutes_per_year,
            checkout.score,
            checkout.grade
        ),
        ("checkout", 210.0, 80.0, Grade::B)
    );
    assert_eq!(
        (browse.name.as_str(), browse.score, browse.grade),
        ("browse", 89.9, Grade::B)
    );
    assert!(browse.capped.is_some(), "one zone holds browse");
    assert!(
        checkout.capped.is_none(),
        "checkout is below the cap anyway"
    );
    assert_eq!((r.score, r.grade), (83.3, Grade::B));
    let top = &r.findings[0];
    assert_eq!(
        (top.journey.as_str(), top.pattern.as_str(), top.points),
        ("checkout", "zone-loss", 9.5064)
    );
    for figure in [
        "**210 min**",
        "**80.0**",
        "**96.0**",
        "**83.3**",
        "**89.9**",
        "**9.51**",
        "us-east-1-1",
    ] {
        assert!(doc.contains(figure), "docs/scoring.md should show {figure}");
    }
}

#[test]
fn lost_points_add_up_to_the_score() {
    for entry in std::fs::read_dir("examples").expect("examples/") {
        let path = entry.expect("entry").path();
        if !path.is_file() {
            continue; // examples/terraform/ holds importer inputs, not descriptions
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let arch = parse(&text, Format::Yaml).expect("parses").architecture;
        let r = crate::api::score(&arch, Catalogue::builtin()).expect("scores");
        let lost: f64 = r.findings.iter().map(|f| f.points).sum();
        assert!(
            (100.0 - lost - r.score).abs() < 0.1 + r.findings.len() as f64 * 0.0001,
            "{}: 100 - {lost} != {}",
            path.display(),
            r.score
        );
    }
}

#[test]
fn every_constant_of_the_rules_is_named_in_docs_scoring_md() {
    let doc = std::fs::read_to_string("docs/scoring.md").expect("docs/scoring.md");
    let code = std::fs::read_to_string("src/rules/constants.rs").expect("constants.rs");
    let names: Vec<&str> = code
        .lines()
        .filter_map(|l| l.strip_prefix("pub const "))
        .filter_map(|l| l.split(':').next())
        .collect();
    assert!(names.len() > 20, "found only {names:?}");
    let missing: Vec<&&str> = names
        .iter()
        .filter(|n| !doc.contains(&format!("`{n}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "not named in docs/scoring.md: {missing:?}"
    );
}
