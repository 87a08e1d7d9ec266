//! Deterministic arithmetic helpers: only IEEE-754 basic operations, which are exactly
//! rounded on every target, so reports are byte-identical natively and in WebAssembly.
//! (Transcendental functions such as `ln`/`exp` call the platform's math library and may
//! differ in the last bit; the engine does not use them.)

/// Rounds to `places` decimals (for reports: stable, readable numbers).
pub fn round(x: f64, places: i32) -> f64 {
    let mut f = 1.0;
    for _ in 0..places {
        f *= 10.0;
    }
    let r = (x * f).round() / f;
    // -0.0 prints as "-0": the same value is always written the same way.
    if r == 0.0 { 0.0 } else { r }
}

use std::hash::Hasher;

/// A fixed hash for the engine's own hash tables: the multiply-rotate step of rustc's
/// `FxHasher`, eight bytes at a time. The same on every platform and run (lookups only:
/// no output depends on a table's order). Not resistant to chosen collisions, which do not
/// matter here: the keys come from the user's own description, and a collision costs time,
/// never a wrong answer. The standard library's SipHash cost as much on fault domains as
/// the string comparisons of the ordered map it replaced (docs/performance.md).
pub(crate) type Fx = std::hash::BuildHasherDefault<FxHasher>;

/// The hasher of [`Fx`].
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FxHasher(u64);

/// The hash of `bytes` by [`FxHasher`].
pub(crate) fn fx_hash(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(bytes);
    h.finish()
}

impl FxHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(Self::K).rotate_left(26);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 56));
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(super::round(1.23456, 2), 1.23);
        assert_eq!(super::round(2.5, 0), 3.0);
        assert_eq!(super::round(-0.125, 2), -0.13);
    }

    /// Fixed values (the same on every platform and run), every length of a short key's
    /// tail counted, and keys that differ only in their tail or in trailing zero bytes apart.
    #[test]
    fn fx_hash_is_fixed_and_separates_tails() {
        use super::fx_hash;
        assert_eq!(fx_hash(b""), fx_hash(b""));
        assert_ne!(fx_hash(b""), fx_hash(b"\0"));
        assert_ne!(fx_hash(b"a"), fx_hash(b"a\0"));
        assert_ne!(fx_hash(b"/components/1"), fx_hash(b"/components/2"));
        assert_ne!(fx_hash(b"12345678"), fx_hash(b"12345678\0"));
        let mut seen = std::collections::BTreeSet::new();
        for n in 0..2000 {
            assert!(
                seen.insert(fx_hash(format!("/components/{n}").as_bytes())),
                "{n}"
            );
        }
    }
}
