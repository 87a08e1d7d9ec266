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

#[cfg(test)]
mod tests {
    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(super::round(1.23456, 2), 1.23);
        assert_eq!(super::round(2.5, 0), 3.0);
        assert_eq!(super::round(-0.125, 2), -0.13);
    }
}
