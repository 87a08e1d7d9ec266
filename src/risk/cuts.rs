//! Minimal cut sets of one journey's fault tree, bounded by order and by a work counter.
//!
//! Bottom-up over the gates (inputs first): an OR's family is the union of its inputs'
//! families, an AND's the pairwise unions; every family is cut to sets of at most `order`
//! events and reduced to its minimal sets. Cutting early is exact for the sets that remain:
//! a minimal cut set of at most `order` events is always built from minimal cut sets of the
//! inputs of at most `order` events. The tree is coherent (AND/OR only), so no set needs
//! a negation check.

use super::tree::{GateOp, JourneyTree, Node};

/// A cut set: sorted event indices.
pub(crate) type Set = Vec<u32>;

/// The work counter ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OutOfWork;

/// A budget of elementary steps (a set built, a subset test): deterministic, unlike a
/// clock, and the same natively and in WebAssembly.
pub(crate) struct Budget {
    left: u64,
}

impl Budget {
    pub(crate) fn new(work: u64) -> Self {
        Budget { left: work }
    }

    fn spend(&mut self, n: u64) -> Result<(), OutOfWork> {
        if n > self.left {
            self.left = 0;
            return Err(OutOfWork);
        }
        self.left -= n;
        Ok(())
    }
}

/// Every minimal cut set of `tree` with at most `order` events.
///
/// # Errors
///
/// [`OutOfWork`] when the budget runs out first.
///
/// # Complexity
///
/// For each gate, O(product of its inputs' family sizes × order) to combine and
/// O(family² × order) to minimise; every step is charged to the budget.
pub(crate) fn minimal_cut_sets(
    tree: &JourneyTree,
    order: usize,
    budget: &mut Budget,
) -> Result<Vec<Set>, OutOfWork> {
    let mut families: Vec<Vec<Set>> = Vec::with_capacity(tree.gates.len());
    for g in &tree.gates {
        let family = match g.op {
            GateOp::Or => {
                let mut all = Vec::new();
                for n in &g.inputs {
                    let f = family_of(*n, &families);
                    budget.spend(f.len() as u64)?;
                    all.extend(f.iter().cloned());
                }
                minimise(all, budget)?
            }
            GateOp::And => {
                let mut acc: Vec<Set> = vec![Vec::new()];
                for n in &g.inputs {
                    let f = family_of(*n, &families);
                    let mut next = Vec::with_capacity(acc.len().saturating_mul(f.len()));
                    for a in &acc {
                        for b in f.iter() {
                            budget.spend(1)?;
                            let u = union(a, b);
                            if u.len() <= order {
                                next.push(u);
                            }
                        }
                    }
                    acc = minimise(next, budget)?;
                    if acc.is_empty() {
                        break;
                    }
                }
                acc
            }
        };
        families.push(family);
    }
    let mut top = family_of(tree.top, &families).into_owned();
    top.retain(|s| !s.is_empty() && s.len() <= order);
    Ok(top)
}

fn family_of<'a>(n: Node, families: &'a [Vec<Set>]) -> std::borrow::Cow<'a, [Set]> {
    use std::borrow::Cow;
    match n {
        Node::Event(e) => Cow::Owned(vec![vec![u32::try_from(e).unwrap_or(u32::MAX)]]),
        Node::Gate(g) => families
            .get(g)
            .map_or(Cow::Owned(Vec::new()), |f| Cow::Borrowed(f.as_slice())),
        Node::Constant(true) => Cow::Owned(vec![Vec::new()]),
        Node::Constant(false) => Cow::Owned(Vec::new()),
    }
}

fn union(a: &[u32], b: &[u32]) -> Set {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

fn is_subset(small: &[u32], big: &[u32]) -> bool {
    let mut j = 0;
    for x in small {
        while j < big.len() && big[j] < *x {
            j += 1;
        }
        if j == big.len() || big[j] != *x {
            return false;
        }
        j += 1;
    }
    true
}

/// Keeps the minimal sets, sorted by size then content.
fn minimise(mut sets: Vec<Set>, budget: &mut Budget) -> Result<Vec<Set>, OutOfWork> {
    sets.sort_unstable_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    sets.dedup();
    let mut kept: Vec<Set> = Vec::with_capacity(sets.len());
    for s in sets {
        // Only strictly smaller sets can be subsets (equal ones were deduplicated).
        let smaller = kept.partition_point(|k| k.len() < s.len());
        budget.spend(smaller as u64 + 1)?;
        if !kept[..smaller].iter().any(|k| is_subset(k, &s)) {
            kept.push(s);
        }
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::tree::Gate;

    fn gate(op: GateOp, inputs: Vec<Node>) -> Gate {
        Gate {
            name: String::new(),
            label: String::new(),
            op,
            inputs,
        }
    }

    #[test]
    fn and_of_ors_and_absorption() {
        // top = (e0 | e1) & (e0 | e2)  →  {e0}, {e1, e2}
        let tree = JourneyTree {
            name: "j".into(),
            gates: vec![
                gate(GateOp::Or, vec![Node::Event(0), Node::Event(1)]),
                gate(GateOp::Or, vec![Node::Event(0), Node::Event(2)]),
                gate(GateOp::And, vec![Node::Gate(0), Node::Gate(1)]),
            ],
            top: Node::Gate(2),
        };
        let mut b = Budget::new(1_000);
        let sets = minimal_cut_sets(&tree, 3, &mut b).unwrap();
        assert_eq!(sets, vec![vec![0], vec![1, 2]]);
        // Order 1 keeps only the single point.
        let mut b = Budget::new(1_000);
        assert_eq!(minimal_cut_sets(&tree, 1, &mut b).unwrap(), vec![vec![0]]);
        // A tiny budget runs out.
        let mut b = Budget::new(2);
        assert_eq!(minimal_cut_sets(&tree, 3, &mut b), Err(OutOfWork));
    }

    #[test]
    fn subset_and_union_helpers() {
        assert!(is_subset(&[1, 3], &[0, 1, 2, 3]));
        assert!(!is_subset(&[1, 4], &[0, 1, 2, 3]));
        assert_eq!(union(&[0, 2], &[1, 2, 5]), vec![0, 1, 2, 5]);
    }
}
