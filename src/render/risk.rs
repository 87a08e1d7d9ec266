//! Plain-text risk report: single points of failure and risk groups per journey.

use std::fmt::Write as _;

use crate::risk::{RiskGroup, RiskReport};

fn line(o: &mut String, g: &RiskGroup) {
    let _ = writeln!(
        o,
        "    {:>9.2e}/yr  {}  ({})",
        g.per_year,
        g.domains.join(" + "),
        g.patterns.join(", ")
    );
}

/// The risk report: per journey, its single points of failure, then its `top` most likely
/// risk groups.
pub fn risk(r: &RiskReport, top: usize) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}: single points of failure and risk groups (minimal sets of up to {} fault domains)",
        r.name, r.max_order
    );
    let _ = writeln!(
        o,
        "Figures: expected times a year that every domain of the group is failed at the same moment (catalogue priors; a bad change is aimed at the component after `#`).\n"
    );
    for j in &r.journeys {
        let _ = writeln!(o, "Journey {}:", j.name);
        if j.single_points.is_empty() {
            let _ = writeln!(o, "  no single point of failure");
        } else {
            let _ = writeln!(o, "  single points of failure ({}):", j.single_points.len());
            for g in &j.single_points {
                line(&mut o, g);
            }
        }
        if j.risk_groups.is_empty() {
            if r.max_order >= 2 {
                let _ = writeln!(o, "  no risk group of 2 to {} domains", r.max_order);
            }
        } else {
            let _ = writeln!(o, "  risk groups ({}):", j.risk_groups.len());
            for g in j.risk_groups.iter().take(top) {
                line(&mut o, g);
            }
            if j.risk_groups.len() > top {
                let _ = writeln!(
                    o,
                    "    ... {} more (use --top or --format json)",
                    j.risk_groups.len() - top
                );
            }
        }
        let _ = writeln!(o);
    }
    if let Some(t) = &r.truncation {
        let _ = writeln!(o, "TRUNCATED: {t}");
    }
    o
}
