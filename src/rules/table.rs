//! Interned fault domains: each domain an architecture refers to gets a small number once,
//! in the prepared architecture, so that propagation compares integers, never strings.

use std::collections::BTreeMap;
use std::sync::Arc;

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
///
/// The table itself is shared: a changed copy measured for a suggestion starts from its
/// baseline's table ([`Domains::following`]) and is the first `len` domains of it for as
/// long as it numbers the same domains in the same order (a domain met next that is the
/// baseline's next one takes its number); the first domain that is not makes the copy's
/// own table from that prefix. So a copy that places everything as the baseline did shares
/// the baseline's table instead of numbering every domain again, and the numbers are the
/// ones a table of its own would give (`Footing::build_keeping`).
#[derive(Clone, Default)]
pub(crate) struct Domains {
    table: Arc<Table>,
    /// How many of `table`'s domains are this one's: the first `len` (the rest, if any,
    /// are the baseline's, not numbered here yet).
    len: usize,
}

#[derive(Clone, Default)]
struct Table {
    ids: Vec<DomainId>,
    index: BTreeMap<DomainId, Dom>,
}

impl Domains {
    /// An empty table that follows `base`'s numbering while it can.
    pub fn following(base: &Domains) -> Domains {
        Domains {
            table: Arc::clone(&base.table),
            len: 0,
        }
    }

    /// Whether this is still the first [`Domains::len`] domains of `base`'s table.
    pub fn follows(&self, base: &Domains) -> bool {
        Arc::ptr_eq(&self.table, &base.table)
    }

    /// Takes the next domains of the followed table, up to `len` of them, as numbered
    /// here: what numbering them one by one would do when they are met in that order.
    /// Nothing when `len` is not ahead or beyond the table.
    pub fn advance_to(&mut self, len: usize) {
        if len >= self.len && len <= self.table.ids.len() {
            self.len = len;
        }
    }

    /// The number of `d`, giving it the next one if it has none.
    pub fn intern(&mut self, d: DomainId) -> Dom {
        if let Some(&n) = self.table.index.get(&d) {
            let at = n.0 as usize;
            if at < self.len {
                return n;
            }
            if at == self.len {
                // The followed table's next domain: the number it would get here.
                self.len += 1;
                return n;
            }
        }
        // New here, and not the followed table's next one: from now on this table is its
        // own (a copy of the prefix, unless nothing else holds the table).
        let len = self.len;
        let table = Arc::make_mut(&mut self.table);
        if table.ids.len() > len {
            table.ids.truncate(len);
            table.index.retain(|_, n| (n.0 as usize) < len);
        }
        let n = Dom::at(len);
        table.ids.push(d.clone());
        table.index.insert(d, n);
        self.len += 1;
        n
    }

    /// The number of `d`, if the architecture refers to it.
    pub fn get(&self, d: &DomainId) -> Option<Dom> {
        self.table
            .index
            .get(d)
            .copied()
            .filter(|n| (n.0 as usize) < self.len)
    }

    /// The domain numbered `n`.
    pub fn id(&self, n: Dom) -> &DomainId {
        // Every `Dom` in circulation was made by `intern` on this table.
        &self.table.ids[n.0 as usize]
    }

    /// Every domain, in the order they were numbered.
    pub fn iter(&self) -> impl Iterator<Item = &DomainId> {
        self.table.ids[..self.len].iter()
    }

    /// How many domains.
    pub fn len(&self) -> usize {
        self.len
    }
}

impl std::fmt::Debug for Domains {
    /// The domains in order, as a table of its own would show them (whether the table is
    /// shared is no part of its value).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(z: &str) -> DomainId {
        DomainId::Zone {
            provider: "aws".into(),
            region: "eu-west-1".into(),
            zone: z.into(),
        }
    }

    /// A table that follows another numbers each domain as a table of its own would, by
    /// hand: it takes the followed table's next domain while that is the one met, and
    /// makes its own table (from the prefix) at the first that is not; the followed table
    /// is never changed.
    #[test]
    fn a_following_table_numbers_as_its_own_would() {
        let mut base = Domains::default();
        let (a, b, c) = (zone("a"), zone("b"), zone("c"));
        for d in [&a, &b, &c] {
            base.intern(d.clone());
        }
        // a, then b skipped: c is new here and gets 1, not the baseline's 2.
        let mut diverged = Domains::following(&base);
        assert_eq!(diverged.intern(a.clone()), Dom(0));
        assert!(diverged.follows(&base));
        assert_eq!(diverged.get(&c), None, "not numbered here yet");
        assert_eq!(diverged.intern(c.clone()), Dom(1));
        assert!(!diverged.follows(&base));
        assert_eq!(diverged.get(&b), None);
        assert_eq!(diverged.iter().collect::<Vec<_>>(), [&a, &c]);
        assert_eq!(base.iter().collect::<Vec<_>>(), [&a, &b, &c]);
        // Two taken at once, then a repeat and the next one: still the baseline's table.
        let mut same = Domains::following(&base);
        same.advance_to(2);
        assert_eq!(same.intern(b.clone()), Dom(1));
        assert_eq!(same.intern(c.clone()), Dom(2));
        assert!(same.follows(&base));
        assert_eq!(same.len(), 3);
        assert_eq!(format!("{same:?}"), format!("{base:?}"));
        // Beyond the followed table: a table of its own, the prefix kept.
        assert_eq!(same.intern(zone("d")), Dom(3));
        assert!(!same.follows(&base));
        assert_eq!(base.len(), 3);
        assert_eq!(same.id(Dom(2)), &c);
    }
}
