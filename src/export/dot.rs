//! Graphviz DOT: journeys, components, `any_of` groups and the fault domains components rest
//! on, optionally marked with what one simulated scenario failed.
//!
//! Shapes: journeys are houses, components boxes, `any_of` groups diamonds, fault domains
//! ellipses. Edges: a hard dependency is solid, a soft one dashed; "rests on" a domain is
//! dotted, "its failover needs" a domain is dotted and grey. With a simulation, down nodes
//! are filled red, degraded ones orange, failed domains red, and the graph is titled with
//! the scenario. Render with `dot -Tsvg graph.dot > graph.svg`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::engine::Prepared;
use crate::model::Dependency;
use crate::propagate::Status;
use crate::report::SimulateReport;

const DOWN: &str = "#f4a6a6";
const DEGRADED: &str = "#fbd38d";

/// Quotes a DOT id or label.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Quotes a label of several lines.
fn lines(parts: &[&str]) -> String {
    let quoted: Vec<String> = parts
        .iter()
        .map(|p| {
            let t = q(p);
            t[1..t.len() - 1].to_owned()
        })
        .collect();
    format!("\"{}\"", quoted.join("\\n"))
}

fn fill(status: Option<Status>) -> String {
    match status {
        Some(Status::Down) => format!(", style=filled, fillcolor={}", q(DOWN)),
        Some(Status::Degraded) => format!(", style=filled, fillcolor={}", q(DEGRADED)),
        _ => String::new(),
    }
}

/// Writes the graph of `p`, marking the statuses of `simulation` when given (it must
/// come from [`Prepared::simulate`] on the same description).
///
/// # Complexity
///
/// O(components + dependency references + domains referenced).
pub(crate) fn write(p: &Prepared, simulation: Option<&SimulateReport>) -> String {
    let arch = &p.arch;
    let trees = p.fault_trees();
    let comp_status: BTreeMap<&str, Status> = simulation
        .map(|s| {
            s.components
                .iter()
                .map(|c| (c.id.as_str(), c.status))
                .collect()
        })
        .unwrap_or_default();
    let journey_status: BTreeMap<&str, Status> = simulation
        .map(|s| {
            s.journeys
                .iter()
                .map(|j| (j.name.as_str(), j.status))
                .collect()
        })
        .unwrap_or_default();
    let failed: BTreeMap<String, String> = simulation
        .map(|s| {
            s.failed_domains
                .iter()
                .map(|f| {
                    let effects: Vec<&str> = f.effects.iter().map(|e| e.as_str()).collect();
                    (f.domain.to_string(), effects.join(", "))
                })
                .collect()
        })
        .unwrap_or_default();

    let mut o = String::new();
    let _ = writeln!(o, "digraph {} {{", q(&arch.name));
    let _ = writeln!(o, "  rankdir=LR;");
    let _ = writeln!(o, "  node [fontname=\"Helvetica\", fontsize=10];");
    let _ = writeln!(o, "  edge [fontname=\"Helvetica\", fontsize=9];");
    if let Some(s) = simulation {
        let _ = writeln!(
            o,
            "  label={}; labelloc=t;",
            q(&format!("{} ({} min)", s.scenario, s.minutes))
        );
    }

    // Journeys: declared ones, or the implicit ones the engine derived.
    let mut groups = 0usize;
    let mut edges: Vec<String> = Vec::new();
    let _ = writeln!(o, "  // journeys");
    if arch.journeys.is_empty() {
        for j in &trees.journeys {
            let _ = writeln!(
                o,
                "  {} [shape=house, label={}{}];",
                q(&format!("journey:{}", j.name)),
                q(&j.name),
                fill(journey_status.get(j.name.as_str()).copied())
            );
            edges.push(format!(
                "  {} -> {};",
                q(&format!("journey:{}", j.name)),
                q(&format!("component:{}", j.name))
            ));
        }
    }
    for j in &arch.journeys {
        let id = format!("journey:{}", j.name);
        let _ = writeln!(
            o,
            "  {} [shape=house, label={}{}];",
            q(&id),
            q(&j.name),
            fill(journey_status.get(j.name.as_str()).copied())
        );
        for d in &j.entry {
            dependency_edges(&id, d, &mut groups, &mut o, &mut edges);
        }
    }
    let _ = writeln!(o, "  // components");
    for c in &arch.components {
        let id = format!("component:{}", c.id);
        let detail = match &c.service {
            Some(s) => format!("{} · {} {}", kind_word(c), c.provider, s),
            None => format!("{} · {}", kind_word(c), c.provider),
        };
        let _ = writeln!(
            o,
            "  {} [shape=box, label={}{}];",
            q(&id),
            lines(&[&c.id, &detail]),
            fill(comp_status.get(c.id.as_str()).copied())
        );
        for d in &c.depends_on {
            dependency_edges(&id, d, &mut groups, &mut o, &mut edges);
        }
    }
    // Domains: what components rest on, what failovers need, and what the scenario failed.
    let mut domains: BTreeMap<String, ()> = BTreeMap::new();
    for c in &trees.components {
        let from = q(&format!("component:{}", c.id));
        for d in &c.rests_on {
            let t = d.to_string();
            edges.push(format!(
                "  {from} -> {} [style=dotted, arrowhead=none];",
                q(&format!("domain:{t}"))
            ));
            domains.insert(t, ());
        }
        for d in &c.failover_needs {
            let t = d.to_string();
            edges.push(format!(
                "  {from} -> {} [style=dotted, color=gray, label=\"failover needs\"];",
                q(&format!("domain:{t}"))
            ));
            domains.insert(t, ());
        }
    }
    for d in failed.keys() {
        domains.insert(d.clone(), ());
    }
    let _ = writeln!(o, "  // fault domains");
    for d in domains.keys() {
        let (label, style) = match failed.get(d) {
            Some(effects) => (
                lines(&[d, &format!("failed: {effects}")]),
                format!(", style=filled, fillcolor={}, color=red", q(DOWN)),
            ),
            None => (q(d), String::new()),
        };
        let _ = writeln!(
            o,
            "  {} [shape=ellipse, label={label}{style}];",
            q(&format!("domain:{d}")),
        );
    }
    let _ = writeln!(o, "  // edges");
    for e in edges {
        let _ = writeln!(o, "{e}");
    }
    let _ = writeln!(o, "}}");
    o
}

fn kind_word(c: &crate::model::Component) -> String {
    serde_json::to_value(c.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Edges from `from` to a dependency: a component directly, or through a diamond for an
/// `any_of` group.
fn dependency_edges(
    from: &str,
    d: &Dependency,
    groups: &mut usize,
    o: &mut String,
    edges: &mut Vec<String>,
) {
    match d {
        Dependency::Component { id, hard } => edges.push(format!(
            "  {} -> {}{};",
            q(from),
            q(&format!("component:{id}")),
            if *hard { "" } else { " [style=dashed]" }
        )),
        Dependency::AnyOf { any_of, hard, .. } => {
            *groups += 1;
            let g = format!("any-of:{}", *groups);
            let _ = writeln!(o, "  {} [shape=diamond, label=\"any of\"];", q(&g));
            edges.push(format!(
                "  {} -> {}{};",
                q(from),
                q(&g),
                if *hard { "" } else { " [style=dashed]" }
            ));
            for a in any_of {
                dependency_edges(&g, a, groups, o, edges);
            }
        }
    }
}
