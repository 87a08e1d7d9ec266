//! The dependency graph: the only module that names petgraph types.
//!
//! Nodes are components (by index into `Architecture::components`); an edge `a → b` means
//! "a depends on b" (directly, or as one alternative of an `any_of` group). The graph is
//! built once per architecture; failure is simulated by the engine with a state vector over
//! a topological order, never by mutating the graph.

use crate::sort::Stable;
use std::collections::{BTreeMap, BTreeSet};

use petgraph::algo::{tarjan_scc, toposort};
use petgraph::graph::{DiGraph, NodeIndex};

use crate::model::{Architecture, Dependency};

/// The component dependency graph.
#[derive(Debug, Clone)]
pub struct DependencyGraph {
    graph: DiGraph<usize, ()>,
    nodes: Vec<NodeIndex>,
}

impl DependencyGraph {
    /// Builds the graph from the description and its [`id_index`]. Ids that do not resolve
    /// are skipped (validation reports them). When ids are duplicated, the first component
    /// with the id wins.
    ///
    /// # Complexity
    ///
    /// O(components + dependency references).
    pub(crate) fn build_with(
        arch: &Architecture,
        index: &BTreeMap<&str, usize>,
    ) -> DependencyGraph {
        let mut graph = DiGraph::with_capacity(arch.components.len(), arch.components.len() * 2);
        let nodes: Vec<NodeIndex> = (0..arch.components.len())
            .map(|i| graph.add_node(i))
            .collect();
        for (i, c) in arch.components.iter().enumerate() {
            let mut seen = BTreeSet::new();
            let ids = c
                .depends_on
                .iter()
                .flat_map(Dependency::ids)
                .chain(c.needs_at_start.iter().map(String::as_str));
            for id in ids {
                if let Some(&j) = index.get(id)
                    && seen.insert(j)
                {
                    graph.add_edge(nodes[i], nodes[j], ());
                }
            }
        }
        DependencyGraph { graph, nodes }
    }

    /// Dependency cycles, each as component indices in order (`a → b → … → a`, the first
    /// element not repeated), sorted for determinism. Self-dependencies are included.
    ///
    /// # Complexity
    ///
    /// O(V + E) (Tarjan's strongly connected components), plus one BFS per cycle found.
    pub fn cycles(&self) -> Vec<Vec<usize>> {
        let mut out = Vec::new();
        for scc in tarjan_scc(&self.graph) {
            let self_loop = scc.len() == 1 && self.graph.contains_edge(scc[0], scc[0]);
            if scc.len() < 2 && !self_loop {
                continue;
            }
            // Membership by node index (a vector, not a set: the graph's indices are dense).
            let mut members = vec![false; self.graph.node_count()];
            for n in &scc {
                members[n.index()] = true;
            }
            // Start from the smallest component index for a stable report.
            let Some(&start) = scc.iter().min_by_key(|n| (self.graph[**n], n.index())) else {
                continue;
            };
            out.push(self.shortest_cycle_through(start, &members));
        }
        out.stable_sort();
        out
    }

    fn shortest_cycle_through(&self, start: NodeIndex, members: &[bool]) -> Vec<usize> {
        // BFS from start's successors back to start, within the SCC; each node's parent by
        // its index.
        let mut parent: Vec<Option<NodeIndex>> = vec![None; members.len()];
        let mut queue = std::collections::VecDeque::new();
        let mut succ: Vec<NodeIndex> = self
            .graph
            .neighbors(start)
            .filter(|n| members[n.index()])
            .collect();
        succ.stable_sort_by_key(|n| self.graph[*n]);
        for n in succ {
            if n == start {
                return vec![self.graph[start]];
            }
            if parent[n.index()].is_none() {
                parent[n.index()] = Some(start);
                queue.push_back(n);
            }
        }
        while let Some(n) = queue.pop_front() {
            let mut next: Vec<NodeIndex> = self
                .graph
                .neighbors(n)
                .filter(|m| members[m.index()])
                .collect();
            next.stable_sort_by_key(|m| self.graph[*m]);
            for m in next {
                if m == start {
                    let mut path = vec![self.graph[n]];
                    let mut cur = n;
                    while let Some(p) = parent[cur.index()] {
                        if p == start {
                            break;
                        }
                        path.push(self.graph[p]);
                        cur = p;
                    }
                    path.push(self.graph[start]);
                    path.reverse();
                    return path;
                }
                if parent[m.index()].is_none() {
                    parent[m.index()] = Some(n);
                    queue.push_back(m);
                }
            }
        }
        vec![self.graph[start]]
    }

    /// Component indices so that every component comes after everything it depends on,
    /// or `None` when there is a cycle.
    ///
    /// # Complexity
    ///
    /// O(V + E).
    pub fn dependencies_first(&self) -> Option<Vec<usize>> {
        let order = toposort(&self.graph, None).ok()?;
        // toposort puts dependants before dependencies (edges point at dependencies).
        Some(order.into_iter().rev().map(|n| self.graph[n]).collect())
    }

    /// Components that nothing depends on, by index (candidates for implicit journeys).
    pub fn roots(&self) -> Vec<usize> {
        self.nodes
            .iter()
            .filter(|n| {
                self.graph
                    .neighbors_directed(**n, petgraph::Direction::Incoming)
                    .next()
                    .is_none()
            })
            .map(|n| self.graph[*n])
            .collect()
    }

    /// Number of dependency edges.
    #[cfg(feature = "dev")]
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }
}

/// A description's id index and dependency graph, made once for validating, ordering and
/// resolving it ([`crate::Engine::prepare`]).
pub(crate) struct Indexed<'a> {
    /// [`id_index`].
    pub index: BTreeMap<&'a str, usize>,
    /// [`DependencyGraph::build_with`].
    pub graph: DependencyGraph,
}

impl<'a> Indexed<'a> {
    pub fn new(arch: &'a Architecture) -> Self {
        let index = id_index(arch);
        let graph = DependencyGraph::build_with(arch, &index);
        Indexed { index, graph }
    }
}

/// Component id → index of its first occurrence.
pub fn id_index(arch: &Architecture) -> BTreeMap<&str, usize> {
    let mut index = BTreeMap::new();
    for (i, c) in arch.components.iter().enumerate() {
        index.entry(c.id.as_str()).or_insert(i);
    }
    index
}
