//! Interned fault domains: each domain an architecture refers to gets a small number once,
//! in the prepared architecture, so that propagation compares integers, never strings.

use std::collections::BTreeMap;

use crate::domain::DomainId;

/// A fault domain, by its number in the prepared architecture's [`Domains`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Dom(pub u32);

impl Dom {
    /// The domain numbered `n` (a position in a [`Domains`] table).
    pub fn at(n: usize) -> Dom {
        Dom(u32::try_from(n).unwrap_or(u32::MAX))
    }
}

/// The domains of one prepared architecture, numbered in the order they were first met.
#[derive(Debug, Clone, Default)]
pub(crate) struct Domains {
    ids: Vec<DomainId>,
    index: BTreeMap<DomainId, Dom>,
}

impl Domains {
    /// The number of `d`, giving it the next one if it has none.
    pub fn intern(&mut self, d: DomainId) -> Dom {
        if let Some(&n) = self.index.get(&d) {
            return n;
        }
        let n = Dom::at(self.ids.len());
        self.ids.push(d.clone());
        self.index.insert(d, n);
        n
    }

    /// The number of `d`, if the architecture refers to it.
    pub fn get(&self, d: &DomainId) -> Option<Dom> {
        self.index.get(d).copied()
    }

    /// The domain numbered `n`.
    pub fn id(&self, n: Dom) -> &DomainId {
        // Every `Dom` in circulation was made by `intern` on this table.
        &self.ids[n.0 as usize]
    }

    /// Every domain, in the order they were numbered.
    pub fn iter(&self) -> impl Iterator<Item = &DomainId> {
        self.ids.iter()
    }

    /// How many domains.
    pub fn len(&self) -> usize {
        self.ids.len()
    }
}
