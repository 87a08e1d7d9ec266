//! `risk` and `export` print what the library returns.

use crate::api::{fault_trees, parse, risk_groups};
use faultline::Format;
use faultline::catalogue::Catalogue;
use faultline::model::Architecture;
use faultline::risk::{RiskOptions, RiskReport};

fn arch(yaml: &str) -> Architecture {
    parse(yaml, Format::Yaml).expect("parses").architecture
}

fn cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_faultline"))
        .current_dir(crate::root())
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn cli_risk_and_export_print_the_library_results() {
    let file = crate::root().join("examples/03-multi-region-active-passive.yaml");
    let file = file.to_str().unwrap();
    let a = arch(&std::fs::read_to_string(file).unwrap());

    let o = cli(&["risk", file, "--format", "json", "--max-order", "2"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let printed: RiskReport = serde_json::from_slice(&o.stdout).unwrap();
    let options = RiskOptions {
        max_order: 2,
        ..RiskOptions::default()
    };
    assert_eq!(
        printed,
        risk_groups(&a, Catalogue::builtin(), &options).unwrap()
    );
    assert!(
        printed
            .journeys
            .iter()
            .all(|j| j.risk_groups.iter().all(|g| g.order == 2))
    );

    let o = cli(&["risk", file]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("single points of failure") && text.contains("backbone:aws"),
        "{text}"
    );

    let o = cli(&["export", file, "--format", "open-psa"]);
    assert!(o.status.success());
    let xml = faultline::export::openpsa::write(&fault_trees(&a, Catalogue::builtin()).unwrap());
    assert_eq!(String::from_utf8(o.stdout).unwrap(), xml);

    let o = cli(&[
        "export",
        file,
        "--format",
        "dot",
        "--pattern",
        "region-data-plane-loss",
        "--at",
        "region:aws/us-east-1",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dot = String::from_utf8(o.stdout).unwrap();
    assert!(dot.contains("region-data-plane-loss@region:aws/us-east-1"));
    assert!(dot.contains("failed: unavailable"));

    // Bad arguments are refused with exit code 2 and a message.
    for bad in [
        vec!["risk", file, "--max-order", "0"],
        vec![
            "export",
            file,
            "--format",
            "open-psa",
            "--pattern",
            "x",
            "--at",
            "region:aws/x",
        ],
        vec![
            "export",
            file,
            "--format",
            "dot",
            "--pattern",
            "no-such-pattern",
            "--at",
            "region:aws/x",
        ],
    ] {
        let o = cli(&bad);
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
        assert!(!o.stderr.is_empty());
    }
}
