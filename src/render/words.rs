//! Words shared by every report and renderer: how minutes, triggers and mechanisms are
//! written. The page and the npm package use these through the wasm exports rather than a
//! JavaScript copy.

use crate::model::{Trigger, Via};

/// Minutes in a short human form (`45 min`, `6 h 52 min`).
pub fn fmt_minutes(m: f64) -> String {
    if !m.is_finite() {
        return "an unbounded time".to_owned();
    }
    let rounded = (m * 10.0).round() / 10.0;
    if rounded < 60.0 {
        if rounded.fract() == 0.0 {
            format!("{rounded:.0} min")
        } else {
            format!("{rounded:.1} min")
        }
    } else {
        let total = m.round() as u64;
        let (h, min) = (total / 60, total % 60);
        if min == 0 {
            format!("{h} h")
        } else {
            format!("{h} h {min} min")
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

#[cfg(test)]
mod tests {
    use super::fmt_minutes;

    #[test]
    fn minutes_read_as_people_write_them() {
        assert_eq!(fmt_minutes(0.5), "0.5 min");
        assert_eq!(fmt_minutes(45.0), "45 min");
        assert_eq!(fmt_minutes(60.0), "1 h");
        assert_eq!(fmt_minutes(412.0), "6 h 52 min");
        assert_eq!(fmt_minutes(f64::INFINITY), "an unbounded time");
    }
}
