//! Every example's full score report (every finding with its chain) and its replay of the
//! catalogued incidents, as insta snapshots in `tests/it/snapshots/`. A change in the
//! engine, the catalogue or an example shows up here as a reviewable diff; accept it with
//! `INSTA_UPDATE=always cargo test --test it snapshots` (or `cargo insta review`) after
//! reading it.

use crate::api::parse;
use faultline::Format;
use faultline::catalogue::Catalogue;
use faultline::render::text;

fn examples() -> Vec<(String, faultline::model::Architecture)> {
    let mut paths: Vec<_> = std::fs::read_dir("examples")
        .expect("examples/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let stem = p
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("utf-8 name")
                .to_owned();
            let text = std::fs::read_to_string(&p).expect("read");
            (
                stem,
                parse(&text, Format::Yaml).expect("parses").architecture,
            )
        })
        .collect()
}

#[test]
fn every_example_score_report() {
    let all = examples();
    assert!(all.len() >= 9, "examples/ has {} files", all.len());
    for (stem, arch) in all {
        let report = crate::api::score(&arch, Catalogue::builtin()).expect("scores");
        insta::assert_snapshot!(
            format!("score-{stem}"),
            text::score(&report, report.findings.len())
        );
    }
}

#[test]
fn every_example_replay() {
    for (stem, arch) in examples() {
        let report = crate::api::replay(&arch, Catalogue::builtin(), None).expect("replays");
        assert!(
            !report.incidents.is_empty(),
            "{stem}: no catalogued incident touches it"
        );
        insta::assert_snapshot!(format!("replay-{stem}"), text::replay(&report));
    }
}
