//! The resource graph: one node per resource in the configuration (all its instances),
//! its role, the edges its references make, which component each node belongs to, and the
//! dependencies between components once plumbing is collapsed.

use crate::sort::Stable;
use std::collections::{BTreeMap, BTreeSet};

use super::error::{fail, plan};
use super::facts::Ctx;
use super::refs::attr_refs;
use super::rules::{self, Class, Edge, Role};
use crate::diagnostic::Code;
use crate::error::Error;
use crate::model::Kind;

/// What a node is, once parents are resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NodeRole {
    Component(Class),
    Member(&'static [&'static str]),
    Record,
    Link,
    Plumbing(&'static str),
    Helper,
    Data,
    Unsupported,
}

#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub config: String,
    pub rtype: String,
    pub module: String,
    pub role: NodeRole,
    /// Indices into the document's instances.
    pub instances: Vec<usize>,
}

/// An edge in traffic direction: `from` needs `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Out {
    pub to: usize,
    pub soft: bool,
}

/// A dependency between two groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Dep {
    pub group: usize,
    pub soft: bool,
}

pub(crate) struct Graph {
    pub nodes: Vec<Node>,
    pub index: BTreeMap<String, usize>,
    pub out: Vec<Vec<Out>>,
    /// The component anchor each node belongs to (components and their members).
    pub group_of: Vec<Option<usize>>,
    /// `(replica, source)` pairs from `Replica` edges.
    pub replicas: Vec<(usize, usize)>,
}

/// How far one traversal may go before the importer gives up (a pathological input).
const STEP_BUDGET: u64 = 50_000_000;

/// The tier of a kind in traffic order, to orient dependencies that carry no attribute
/// (state `depends_on`) and to break cycles: entry points first, data last.
pub(crate) fn tier(kind: Kind) -> u8 {
    match kind {
        Kind::Dns => 0,
        Kind::Cdn => 1,
        Kind::LoadBalancer => 2,
        Kind::Compute | Kind::Container | Kind::Function | Kind::AiInference => 3,
        Kind::Queue => 4,
        Kind::Identity | Kind::ThirdPartyApi | Kind::Monitoring => 5,
        Kind::Cache => 6,
        Kind::Database | Kind::ObjectStorage | Kind::Secrets | Kind::Other => 7,
    }
}

fn node_role(rtype: &str, data: bool) -> NodeRole {
    if data {
        return if rtype == "aws_iam_policy_document" {
            NodeRole::Link
        } else {
            NodeRole::Data
        };
    }
    match rules::role(rtype) {
        Some(Role::Component(c)) => NodeRole::Component(c),
        Some(Role::Member(p)) => NodeRole::Member(p),
        Some(Role::Record) => NodeRole::Record,
        Some(Role::Link) => NodeRole::Link,
        Some(Role::Plumbing(w)) => NodeRole::Plumbing(w),
        Some(Role::Helper) => NodeRole::Helper,
        None => NodeRole::Unsupported,
    }
}

impl Graph {
    pub(crate) fn build(ctx: &Ctx<'_, '_>) -> Result<Graph, Error> {
        let mut nodes = Vec::new();
        let mut index = BTreeMap::new();
        for (config, insts) in &ctx.by_config {
            let Some(first) = insts.first().and_then(|&i| ctx.inst(i)) else {
                continue;
            };
            index.insert(config.clone(), nodes.len());
            nodes.push(Node {
                config: config.clone(),
                rtype: first.rtype.clone(),
                module: first.config_module.clone(),
                role: node_role(&first.rtype, first.data),
                instances: insts.clone(),
            });
        }
        let n = nodes.len();
        let mut out: Vec<Vec<Out>> = vec![Vec::new(); n];
        let mut parent_cands: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
        let mut replicas = Vec::new();
        let mut edges = 0u64;
        let config_present = ctx.doc.config.present;
        for (i, node) in nodes.iter().enumerate() {
            if matches!(
                node.role,
                NodeRole::Plumbing(_) | NodeRole::Helper | NodeRole::Unsupported
            ) {
                continue;
            }
            if config_present {
                let Some(expr) = ctx
                    .doc
                    .config
                    .resource(&node.config)
                    .and_then(|r| r.expressions)
                else {
                    continue;
                };
                for a in attr_refs(expr) {
                    let top = a.path.split('.').next().unwrap_or("");
                    let targets = ctx.resolver.targets(&node.module, &a.refs);
                    for t in targets {
                        let Some(&j) = index.get(&t.config) else {
                            continue;
                        };
                        if j == i {
                            continue;
                        }
                        edges += 1;
                        if edges > STEP_BUDGET {
                            return Err(too_complex());
                        }
                        let kind = match node.role {
                            NodeRole::Member(parents) if parents.contains(&top) => Edge::Parent,
                            _ => rules::edge(&node.rtype, &a.path),
                        };
                        add_edge(kind, i, j, &mut out, &mut parent_cands, &mut replicas);
                    }
                }
            } else {
                // A state without configuration: `depends_on` as recorded, oriented by tier.
                for &ii in &node.instances {
                    let Some(inst) = ctx.inst(ii) else { continue };
                    for d in &inst.depends_on {
                        let Some(&j) = index.get(d) else { continue };
                        if j == i {
                            continue;
                        }
                        edges += 1;
                        if edges > STEP_BUDGET {
                            return Err(too_complex());
                        }
                        let (from, to) =
                            match (nodes.get(i).map(|x| x.role), nodes.get(j).map(|x| x.role)) {
                                (Some(NodeRole::Component(a)), Some(NodeRole::Component(b)))
                                    if tier(a.kind) > tier(b.kind) =>
                                {
                                    (j, i)
                                }
                                _ => (i, j),
                            };
                        let target_is_component = matches!(
                            nodes.get(j).map(|x| x.role),
                            Some(NodeRole::Component(_) | NodeRole::Member(_))
                        );
                        let kind = match node.role {
                            NodeRole::Member(_) if from == i && target_is_component => Edge::Parent,
                            _ => Edge::Forward,
                        };
                        add_edge(kind, from, to, &mut out, &mut parent_cands, &mut replicas);
                    }
                }
            }
        }
        for o in &mut out {
            o.stable_sort();
            o.dedup();
        }
        // Parents: a member (or a component that is part of another, such as an
        // ElastiCache node of a replication group) joins its parent's component.
        let mut parent: Vec<Option<usize>> = vec![None; n];
        for (i, cands) in parent_cands.iter().enumerate() {
            let cands: Vec<usize> = cands
                .iter()
                .copied()
                .filter(|&c| {
                    matches!(
                        nodes.get(c).map(|x| x.role),
                        Some(NodeRole::Component(_) | NodeRole::Member(_))
                    )
                })
                .collect();
            if let [only] = cands.as_slice()
                && let Some(p) = parent.get_mut(i)
            {
                *p = Some(*only);
            }
        }
        let mut group_of: Vec<Option<usize>> = (0..n)
            .map(|i| {
                let mut cur = i;
                let mut hops = 0;
                loop {
                    match nodes.get(cur).map(|x| x.role) {
                        Some(NodeRole::Component(_))
                            if parent.get(cur).copied().flatten().is_none() =>
                        {
                            break Some(cur);
                        }
                        Some(NodeRole::Component(_) | NodeRole::Member(_)) => {}
                        _ => break None,
                    }
                    match parent.get(cur).copied().flatten() {
                        Some(p) if hops < 32 => {
                            cur = p;
                            hops += 1;
                        }
                        _ => break None,
                    }
                }
            })
            .collect();
        // Members whose parent is not a component carry dependencies like links; a
        // component whose parent is not a component stays a component of its own.
        for (i, node) in nodes.iter_mut().enumerate() {
            match node.role {
                NodeRole::Member(_) if group_of.get(i).copied().flatten().is_none() => {
                    node.role = NodeRole::Link;
                }
                NodeRole::Component(_) if group_of.get(i).copied().flatten().is_none() => {
                    if let Some(g) = group_of.get_mut(i) {
                        *g = Some(i);
                    }
                }
                _ => {}
            }
        }
        Ok(Graph {
            nodes,
            index,
            out,
            group_of,
            replicas,
        })
    }

    /// The anchors (component nodes that head a group), in node order.
    pub(crate) fn anchors(&self) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&i| self.group_of.get(i).copied().flatten() == Some(i))
            .collect()
    }

    /// The nodes of a group other than its anchor.
    pub(crate) fn members(&self, anchor: usize) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&i| i != anchor && self.group_of.get(i).copied().flatten() == Some(anchor))
            .collect()
    }

    /// Groups reachable from `starts` through links and the group's own members,
    /// stopping at other components; `map` turns an anchor into the current group id
    /// (after merges). Hard beats soft; a path through IAM is soft (a permission, not a
    /// call).
    pub(crate) fn reach(
        &self,
        starts: &[usize],
        own: Option<usize>,
        map: &dyn Fn(usize) -> usize,
        budget: &mut u64,
    ) -> Result<Vec<Dep>, Error> {
        let mut best: BTreeMap<usize, bool> = BTreeMap::new();
        // Two passes: hard edges only (outside IAM), then everything.
        for soft_pass in [false, true] {
            let mut seen: BTreeSet<usize> = BTreeSet::new();
            let mut stack: Vec<usize> = starts.to_vec();
            while let Some(x) = stack.pop() {
                if !seen.insert(x) {
                    continue;
                }
                let Some(edges) = self.out.get(x) else {
                    continue;
                };
                for e in edges {
                    *budget = budget.saturating_sub(1);
                    if *budget == 0 {
                        return Err(too_complex());
                    }
                    let Some(target) = self.nodes.get(e.to) else {
                        continue;
                    };
                    let soft = e.soft
                        || rules::is_iam(&target.rtype)
                        || self.nodes.get(x).is_some_and(|n| rules::is_iam(&n.rtype));
                    if soft && !soft_pass {
                        continue;
                    }
                    match self.group_of.get(e.to).copied().flatten() {
                        Some(g) if Some(map(g)) == own.map(map) => {
                            stack.push(e.to);
                        }
                        Some(g) => {
                            let g = map(g);
                            let entry = best.entry(g).or_insert(soft_pass);
                            *entry = *entry && soft_pass;
                        }
                        None => {
                            if matches!(target.role, NodeRole::Link) {
                                stack.push(e.to);
                            }
                        }
                    }
                }
            }
        }
        Ok(best
            .into_iter()
            .map(|(group, soft)| Dep { group, soft })
            .collect())
    }
}

fn add_edge(
    kind: Edge,
    from: usize,
    to: usize,
    out: &mut [Vec<Out>],
    parent_cands: &mut [BTreeSet<usize>],
    replicas: &mut Vec<(usize, usize)>,
) {
    match kind {
        Edge::Forward => {
            if let Some(o) = out.get_mut(from) {
                o.push(Out { to, soft: false });
            }
        }
        Edge::Soft => {
            if let Some(o) = out.get_mut(from) {
                o.push(Out { to, soft: true });
            }
        }
        Edge::Reverse => {
            if let Some(o) = out.get_mut(to) {
                o.push(Out {
                    to: from,
                    soft: false,
                });
            }
        }
        Edge::Parent => {
            if let Some(p) = parent_cands.get_mut(from) {
                p.insert(to);
            }
        }
        Edge::Replica => replicas.push((from, to)),
        Edge::Ignore => {}
    }
}

pub(crate) fn too_complex() -> Error {
    fail(
        plan(
            Code::TerraformTooComplex,
            "/configuration",
            "following the configuration's references took too many steps",
        )
        .with_help(
            "no real configuration needs this; import the root modules separately, or report the plan",
        ),
    )
}

/// Union-find over anchors, keeping each set's members in merge order (primary first).
pub(crate) struct Sets {
    parent: Vec<usize>,
    pub order: Vec<Vec<usize>>,
}

impl Sets {
    pub(crate) fn new(n: usize) -> Sets {
        Sets {
            parent: (0..n).collect(),
            order: (0..n).map(|i| vec![i]).collect(),
        }
    }

    pub(crate) fn find(&self, mut x: usize) -> usize {
        let mut hops = 0;
        while let Some(&p) = self.parent.get(x) {
            if p == x || hops > self.parent.len() {
                break;
            }
            x = p;
            hops += 1;
        }
        x
    }

    /// Merges the set of `secondary` into the set of `primary`. False when already one.
    pub(crate) fn merge(&mut self, primary: usize, secondary: usize) -> bool {
        let a = self.find(primary);
        let b = self.find(secondary);
        if a == b {
            return false;
        }
        if let Some(p) = self.parent.get_mut(b) {
            *p = a;
        }
        let moved = self
            .order
            .get_mut(b)
            .map(std::mem::take)
            .unwrap_or_default();
        if let Some(o) = self.order.get_mut(a) {
            o.extend(moved);
        }
        true
    }

    pub(crate) fn members(&self, root: usize) -> &[usize] {
        self.order
            .get(self.find(root))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}
