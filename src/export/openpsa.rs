//! Open-PSA Model Exchange Format (MEF) XML: one `<define-fault-tree>` per journey, one
//! `<define-basic-event>` per fault domain with its yearly probability in `<model-data>`.
//!
//! MEF names are restricted (an XML NCName without `.`, `--` or a leading/trailing `-`),
//! so domain ids, journey names and gate names are encoded by [`mef_name`]; the exact text
//! is kept in each element's `<label>`. Basic events are `e_` + the encoded domain id
//! (`region:aws/us-east-1` → `e_region_caws_sus-east-1`); a journey's gates are
//! `g_` + the encoded journey + `_n` + the encoded gate name, and its top gate
//! `g_` + the encoded journey + `_top`. Gates are repeated in every journey that reaches
//! them, so each fault tree stands alone.
//!
//! Load it in SCRAM with `scram --mocus --limit-order 3 faultline.xml -o report.xml` (or
//! `--bdd`; add `--probability true` for the top-event probability): see `docs/risk.md`.

use std::fmt::Write as _;

use super::xml_escape;
use crate::risk::FaultTrees;
use crate::risk::tree::{GateOp, Node};

/// Encodes text as a MEF identifier, injectively: ASCII letters and digits are kept, `-`
/// is kept between other characters, and everything else becomes an escape starting with
/// `_` (`__` for `_`, `_c` for `:`, `_s` for `/`, `_d` for `.`, `_h` for a `-` at an
/// edge or after another `-`, `_x<hex>_` for any other character).
///
/// ```
/// use faultline::export::openpsa::mef_name;
/// assert_eq!(mef_name("zone:aws/us-east-1/use1-az4"), "zone_caws_sus-east-1_suse1-az4");
/// assert_eq!(mef_name("a--b_"), "a-_hb__");
/// ```
pub fn mef_name(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => out.push(c),
            '-' if i > 0 && i + 1 < chars.len() && chars[i - 1] != '-' => out.push('-'),
            '-' => out.push_str("_h"),
            '_' => out.push_str("__"),
            ':' => out.push_str("_c"),
            '/' => out.push_str("_s"),
            '.' => out.push_str("_d"),
            other => {
                let _ = write!(out, "_x{:x}_", other as u32);
            }
        }
    }
    out
}

/// The MEF name of a basic event.
pub fn event_name(domain: &str) -> String {
    format!("e_{}", mef_name(domain))
}

/// The MEF name of a journey's gate.
pub fn gate_name(journey: &str, gate: &str) -> String {
    format!("g_{}_n{}", mef_name(journey), mef_name(gate))
}

/// The MEF name of a journey's top gate.
pub fn top_name(journey: &str) -> String {
    format!("g_{}_top", mef_name(journey))
}

/// Writes every journey's fault tree as one Open-PSA MEF document.
///
/// A journey that nothing in the catalogue can take down gets a top gate that is the
/// constant `false`.
///
/// # Complexity
///
/// O(gates + gate inputs + basic events) output lines.
pub fn write(trees: &FaultTrees) -> String {
    let mut o = String::new();
    let _ = writeln!(o, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        o,
        r#"<opsa-mef name="{}">"#,
        xml_escape(&format!("faultline_{}", mef_name(&trees.name)))
    );
    let _ = writeln!(
        o,
        "  <label>{}</label>",
        xml_escape(&format!(
            "faultline fault trees of `{}`: basic events are fault domains, top events are journeys down",
            trees.name
        ))
    );
    let event = |i: usize| {
        trees
            .events
            .get(i)
            .map_or_else(String::new, |e| event_name(&e.name()))
    };
    for j in &trees.journeys {
        let gate = |g: usize| {
            j.gates
                .get(g)
                .map_or_else(String::new, |x| gate_name(&j.name, &x.name))
        };
        let reference = |n: Node| match n {
            Node::Event(i) => format!(r#"<basic-event name="{}"/>"#, xml_escape(&event(i))),
            Node::Gate(g) => format!(r#"<gate name="{}"/>"#, xml_escape(&gate(g))),
            Node::Constant(v) => format!(r#"<constant value="{v}"/>"#),
        };
        let _ = writeln!(
            o,
            r#"  <define-fault-tree name="{}">"#,
            xml_escape(&format!("journey_{}", mef_name(&j.name)))
        );
        let _ = writeln!(
            o,
            "    <label>{}</label>",
            xml_escape(&format!("journey `{}` is down", j.name))
        );
        let _ = writeln!(
            o,
            r#"    <define-gate name="{}">"#,
            xml_escape(&top_name(&j.name))
        );
        let _ = writeln!(
            o,
            "      <label>{}</label>",
            xml_escape(&format!("journey `{}` is down for the event", j.name))
        );
        let _ = writeln!(o, "      {}", reference(j.top));
        let _ = writeln!(o, "    </define-gate>");
        for (g, def) in j.gates.iter().enumerate() {
            let _ = writeln!(o, r#"    <define-gate name="{}">"#, xml_escape(&gate(g)));
            let _ = writeln!(o, "      <label>{}</label>", xml_escape(&def.label));
            let op = match def.op {
                GateOp::And => "and",
                GateOp::Or => "or",
            };
            let _ = writeln!(o, "      <{op}>");
            for n in &def.inputs {
                let _ = writeln!(o, "        {}", reference(*n));
            }
            let _ = writeln!(o, "      </{op}>");
            let _ = writeln!(o, "    </define-gate>");
        }
        let _ = writeln!(o, "  </define-fault-tree>");
    }
    let _ = writeln!(o, "  <model-data>");
    for e in &trees.events {
        let name = e.name();
        let _ = writeln!(
            o,
            r#"    <define-basic-event name="{}">"#,
            xml_escape(&event_name(&name))
        );
        let _ = writeln!(o, "      <label>{}</label>", xml_escape(&name));
        let _ = writeln!(o, "      <attributes>");
        let _ = writeln!(
            o,
            r#"        <attribute name="domain" value="{}"/>"#,
            xml_escape(&e.domain.to_string())
        );
        if let Some(t) = &e.target {
            let _ = writeln!(
                o,
                r#"        <attribute name="component" value="{}"/>"#,
                xml_escape(t)
            );
        }
        if !e.patterns.is_empty() {
            let _ = writeln!(
                o,
                r#"        <attribute name="patterns" value="{}"/>"#,
                xml_escape(&e.patterns.join(" "))
            );
        }
        let _ = writeln!(o, "      </attributes>");
        // Rust prints the shortest text that reads back to the same f64: deterministic.
        let _ = writeln!(o, r#"      <float value="{}"/>"#, e.per_year);
        let _ = writeln!(o, "    </define-basic-event>");
    }
    let _ = writeln!(o, "  </model-data>");
    let _ = writeln!(o, "</opsa-mef>");
    o
}

#[cfg(test)]
mod tests {
    use super::mef_name;

    #[test]
    fn names_are_valid_mef_identifiers_and_distinct() {
        let inputs = [
            "zone:aws/us-east-1/use1-az4",
            "zone_caws",
            "identity:saas:okta",
            "-a-",
            "a--b",
            "a._b",
            "état",
            "a b",
            "1st",
        ];
        let mut seen = std::collections::BTreeSet::new();
        for s in inputs {
            let n = format!("e_{}", mef_name(s));
            assert!(seen.insert(n.clone()), "{n} repeated");
            assert!(
                n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            );
            assert!(!n.contains("--") && !n.ends_with('-'), "{n}");
        }
    }
}
