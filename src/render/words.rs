//! Words shared by every report and renderer: how minutes, triggers and mechanisms are
//! written. The page and the npm package use these through the wasm exports rather than a
//! JavaScript copy.

use crate::model::{Trigger, Via};

/// Minutes in a short human form (`45 min`, `6 h 52 min`).
pub fn fmt_minutes(m: f64) -> String {
    let mut out = String::with_capacity(12);
    write_minutes(&mut out, m);
    out
}

/// [`fmt_minutes`] written at the end of `out` (for the sentences of every finding's causal
/// chain, which would otherwise each format and allocate it apart).
pub(crate) fn write_minutes(out: &mut String, m: f64) {
    if !m.is_finite() {
        out.push_str("an unbounded time");
        return;
    }
    let tenths = (m * 10.0).round();
    if tenths.is_sign_positive() && tenths < 600.0 {
        // Under an hour, to a tenth: the same text as formatting `tenths / 10` with one
        // decimal (a test compares them), without the float formatter's exact-decimal path.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let t = tenths as u32;
        push_uint(out, u64::from(t / 10));
        if !t.is_multiple_of(10) {
            out.push('.');
            push_uint(out, u64::from(t % 10));
        }
        out.push_str(" min");
        return;
    }
    let rounded = tenths / 10.0;
    if rounded < 60.0 {
        // Only negative minutes get here (nothing the engine plays).
        use std::fmt::Write;
        let _ = if rounded.fract() == 0.0 {
            write!(out, "{rounded:.0} min")
        } else {
            write!(out, "{rounded:.1} min")
        };
    } else {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let total = m.round() as u64;
        let (h, min) = (total / 60, total % 60);
        push_uint(out, h);
        out.push_str(" h");
        if min != 0 {
            out.push(' ');
            push_uint(out, min);
            out.push_str(" min");
        }
    }
}

/// `n` in decimal digits at the end of `out`.
fn push_uint(out: &mut String, n: u64) {
    let mut buf = [0; 20];
    for &d in decimal(n, &mut buf) {
        out.push(char::from(d));
    }
}

/// `n` in decimal digits (ASCII), written at the end of `buf`.
fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    loop {
        at -= 1;
        // `n % 10` is a digit.
        #[allow(clippy::cast_possible_truncation)]
        let d = (n % 10) as u8;
        buf[at] = b'0' + d;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[at..]
}

/// A number written as `{:.0}` writes it (rounded to a whole number, half to even), for the
/// percentages of the chains' sentences: a whole number below 2⁵³ that is not negative is
/// written with integer digits, anything else by the float formatter, whose
/// exact-decimal path took about 1,300 instructions a number (2 % of a 1,000-component
/// `score`, docs/performance.md). A test compares the two.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Whole(pub f64);

impl std::fmt::Display for Whole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const EXACT: f64 = 9_007_199_254_740_992.0; // 2⁵³: every whole number below is exact
        let x = self.0.round_ties_even();
        if x.is_sign_positive() && x < EXACT {
            // Whole, not negative and below 2⁵³: exact as an integer.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let mut buf = [0; 20];
            let digits = decimal(x as u64, &mut buf);
            // Only ASCII digits were written.
            f.write_str(std::str::from_utf8(digits).unwrap_or_default())
        } else {
            write!(f, "{:.0}", self.0)
        }
    }
}

/// How a failover is triggered, in words.
pub fn trigger_word(t: Trigger) -> &'static str {
    match t {
        Trigger::Automatic => "automatic",
        Trigger::Manual => "manual",
    }
}

/// How a failover moves traffic, in words.
pub fn via_word(v: Via) -> &'static str {
    match v {
        Via::Dns => "via DNS",
        Via::Anycast => "via anycast",
        Via::LoadBalancer => "via the global load balancer",
        Via::Client => "by the client",
    }
}

/// A share as a percentage with no more precision than it has (`33 %`, `0.5 %`).
pub fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p >= 10.0 || (p - p.round()).abs() < 1e-9 {
        format!("{} %", Whole(p))
    } else {
        format!("{p:.1} %")
    }
}

/// What a scenario does to a journey, as [`impact_words`] words it.
#[derive(Debug, Clone, Copy)]
pub struct ImpactNumbers {
    /// Down, degraded or up.
    pub status: crate::report::Status,
    /// The longest stretch some users are down.
    pub impact_minutes: f64,
    /// The longest stretch (nearly) all users are down.
    pub all_down_minutes: f64,
    /// The largest share down at once.
    pub affected_share: f64,
    /// The longest stretch users are degraded beyond the down ones.
    pub degraded_minutes: f64,
    /// The largest share degraded at once.
    pub degraded_share: f64,
}

/// What a scenario does to a journey in words: `DOWN for 2 h`, `DOWN for 2 min; some users
/// down for 6 h`, `DEGRADED: up to 33 % of users down for 20 min`, `DEGRADED for 45 min (25 % of
/// users)`.
pub fn impact_words(n: ImpactNumbers) -> String {
    use crate::report::Status;
    let main = down_words(&n);
    // Degraded users beside or after the down ones (a warm standby scaling up, a split
    // brain being reconciled): said, so that the line never hides minutes the score counts.
    if n.status == Status::Down && n.degraded_minutes > 0.0 {
        format!(
            "{main}; degraded for {} ({} of users)",
            fmt_minutes(n.degraded_minutes),
            percent(n.degraded_share)
        )
    } else {
        main
    }
}

fn down_words(n: &ImpactNumbers) -> String {
    use crate::report::Status;
    match n.status {
        Status::Down if n.all_down_minutes + 1e-9 < n.impact_minutes => format!(
            "DOWN for {}; some users down for {}",
            fmt_minutes(n.all_down_minutes),
            fmt_minutes(n.impact_minutes)
        ),
        Status::Down if n.affected_share >= 1.0 - 1e-9 => {
            format!("DOWN for {}", fmt_minutes(n.impact_minutes))
        }
        Status::Down => format!(
            "DOWN for {} (up to {} of users)",
            fmt_minutes(n.impact_minutes),
            percent(n.affected_share)
        ),
        Status::Degraded if n.impact_minutes > 0.0 => format!(
            "DEGRADED: up to {} of users down for {}",
            percent(n.affected_share),
            fmt_minutes(n.impact_minutes)
        ),
        Status::Degraded => format!(
            "DEGRADED for {} ({} of users)",
            fmt_minutes(n.degraded_minutes),
            percent(n.degraded_share)
        ),
        Status::Up => "up".to_owned(),
    }
}

/// Expected RTO and RPO breaches a year, when there are any: `; 0.031 RTO breaches a year
/// (one in 32 years)`.
pub fn breaches(rto_per_year: f64, rpo_per_year: f64) -> String {
    let one = |what: &str, x: f64| {
        if x <= 0.0 {
            None
        } else if x >= 1.0 {
            Some(format!("{x:.2} {what} breaches a year"))
        } else {
            Some(format!(
                "{x:.4} {what} breaches a year (one in {:.0} years)",
                1.0 / x
            ))
        }
    };
    let parts: Vec<String> = [one("RTO", rto_per_year), one("RPO", rpo_per_year)]
        .into_iter()
        .flatten()
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("; {}", parts.join(", "))
    }
}

/// A failover in words: "automatic failover via DNS", "manual failover by the client".
pub fn failover_words(t: Trigger, v: Via) -> String {
    format!("{} failover {}", trigger_word(t), via_word(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Whole` writes what `{:.0}` writes: halves to even, `-0` for what rounds to a
    /// negative zero, large, infinite and NaN values, and random shares and percentages.
    #[test]
    fn whole_numbers_read_as_the_float_formatter_wrote_them() {
        let mut values = vec![
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            99.5,
            100.5,
            0.499_999_999_999_999_94,
            -0.4,
            -0.5,
            -2.5,
            4_503_599_627_370_495.5,
            9_007_199_254_740_991.0,
            9_007_199_254_740_992.0,
            1e20,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        values.extend((0..=2_000).map(|k| f64::from(k) / 10.0));
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            #[allow(clippy::cast_precision_loss)]
            let unit = (x >> 11) as f64 / (1u64 << 53) as f64;
            values.extend([unit, unit * 100.0, unit * 1e6 - 5e5]);
        }
        for v in values {
            assert_eq!(Whole(v).to_string(), format!("{v:.0}"), "{v:e}");
        }
    }

    /// The integer path for times under an hour writes what the float formatter wrote.
    #[test]
    fn minutes_under_an_hour_read_as_the_float_formatter_wrote_them() {
        fn by_float_formatter(m: f64) -> String {
            let rounded = (m * 10.0).round() / 10.0;
            if rounded.fract() == 0.0 {
                format!("{rounded:.0} min")
            } else {
                format!("{rounded:.1} min")
            }
        }
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut values: Vec<f64> = (0..6_000).map(|k| f64::from(k) / 100.0).collect();
        values.extend([
            0.05,
            0.15,
            0.25,
            0.35,
            0.45,
            59.94,
            59.95,
            59.949_999_999,
            1e-9,
        ]);
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            #[allow(clippy::cast_precision_loss)]
            values.push((x >> 11) as f64 / (1u64 << 53) as f64 * 60.0);
        }
        for m in values {
            if (m * 10.0).round() < 600.0 {
                assert_eq!(fmt_minutes(m), by_float_formatter(m), "{m}");
            }
        }
        assert_eq!(fmt_minutes(59.96), "1 h");
        assert_eq!(fmt_minutes(-0.01), "-0 min");
    }

    /// An hour and more: the digits written by hand are what `format!` wrote before.
    #[test]
    fn hours_are_written_as_the_formatter_wrote_them() {
        fn by_formatter(m: f64) -> String {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let total = m.round() as u64;
            let (h, min) = (total / 60, total % 60);
            if min == 0 {
                format!("{h} h")
            } else {
                format!("{h} h {min} min")
            }
        }
        let mut values: Vec<f64> = (5_995..200_000).map(|k| f64::from(k) / 100.0).collect();
        values.extend([1e6, 525_600.0, 1e12 + 0.5, 1.8e19, 1e300]);
        for m in values {
            assert_eq!(fmt_minutes(m), by_formatter(m), "{m}");
        }
        assert_eq!(fmt_minutes(f64::INFINITY), "an unbounded time");
        let mut out = String::from("down for ");
        write_minutes(&mut out, 412.0);
        assert_eq!(out, "down for 6 h 52 min");
    }

    #[test]
    fn failovers_read_without_doubled_words() {
        assert_eq!(
            failover_words(Trigger::Automatic, Via::Dns),
            "automatic failover via DNS"
        );
        assert_eq!(
            failover_words(Trigger::Manual, Via::Client),
            "manual failover by the client"
        );
    }

    #[test]
    fn minutes_read_as_people_write_them() {
        assert_eq!(fmt_minutes(0.5), "0.5 min");
        assert_eq!(fmt_minutes(45.0), "45 min");
        assert_eq!(fmt_minutes(60.0), "1 h");
        assert_eq!(fmt_minutes(412.0), "6 h 52 min");
        assert_eq!(fmt_minutes(f64::INFINITY), "an unbounded time");
    }
}
