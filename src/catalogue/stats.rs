//! The catalogue's statistics, written once so the data, the tests and the docs agree:
//! log-normal duration fits (with a pooled spread for patterns with few durations) and
//! the one-event-one-count ledger.
//!
//! A duration sample is the set of events counted in a pattern's pooled and regional rates
//! ([`Rate::events`](super::Rate)) that have a bounded duration: each event's `part`, or its
//! incident's `main_impact_minutes`. So a pattern's rate and its duration rest on the same
//! events. A rate built from published factors has no events; its pattern names its
//! duration sample explicitly (`duration.sample`).

use std::collections::BTreeMap;

use super::types::{Catalogue, LogNormalFit, MIN_OWN_SIGMA, Pattern, PublishedDuration, SigmaFrom};

/// z for the 90th percentile of the standard normal.
pub const Z90: f64 = 1.281_551_565_545;

/// The quantile function of the standard normal at the levels the catalogue uses
/// (`0.75`, `0.9`, `0.95`); `None` for others.
pub fn z_of(level: f64) -> Option<f64> {
    [
        (0.75, 0.674_489_750_196),
        (0.9, Z90),
        (0.95, 1.644_853_626_951),
    ]
    .iter()
    .find(|(l, _)| (l - level).abs() < 1e-9)
    .map(|&(_, z)| z)
}

/// One pattern's bounded durations, in minutes: its `duration.sample` when given (rates
/// from published factors), else the distinct incidents counted in its pooled and regional
/// rates, each with its `part`.
pub fn sample(cat: &Catalogue, p: &Pattern) -> Vec<f64> {
    let mut seen: Vec<&str> = Vec::new();
    let events: Vec<&super::types::CountedEvent> = if p.duration.sample.is_empty() {
        p.counted_events()
            .filter(|e| {
                let new = !seen.contains(&e.incident.as_str());
                seen.push(&e.incident);
                new
            })
            .collect()
    } else {
        p.duration.sample.iter().collect()
    };
    events
        .into_iter()
        .filter_map(|e| {
            cat.incident(&e.incident)
                .and_then(|i| i.minutes_of(e.part.as_deref()))
        })
        .filter(|m| m.is_finite() && *m > 0.0)
        .collect()
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// The pooled within-pattern standard deviation of `ln(minutes)` over every pattern with
/// at least two durations: `sqrt(Σ_p Σ_i (ln x_i - mean_p)² / (N - k))`, the common-variance
/// estimate of a one-way model. `None` when no pattern has two durations.
pub fn pooled_sigma(cat: &Catalogue) -> Option<f64> {
    let mut ss = 0.0;
    let mut df = 0usize;
    for p in &cat.patterns {
        let logs: Vec<f64> = sample(cat, p).iter().map(|x| x.ln()).collect();
        if logs.len() < 2 {
            continue;
        }
        let m = mean(&logs);
        ss += logs.iter().map(|l| (l - m).powi(2)).sum::<f64>();
        df += logs.len() - 1;
    }
    (df > 0).then(|| (ss / df as f64).sqrt())
}

/// The fit of one pattern: mu from its own sample, sigma its own (sample sd) when it has
/// [`MIN_OWN_SIGMA`] durations or more, else `pooled`. `None` for an empty sample.
pub fn fit(sample: &[f64], pooled: Option<f64>) -> Option<LogNormalFit> {
    if sample.is_empty() {
        return None;
    }
    let logs: Vec<f64> = sample.iter().map(|x| x.ln()).collect();
    let mu = mean(&logs);
    let n = logs.len();
    let (sigma, sigma_from) = if n >= MIN_OWN_SIGMA {
        let var = logs.iter().map(|l| (l - mu).powi(2)).sum::<f64>() / (n - 1) as f64;
        (var.sqrt(), SigmaFrom::Own)
    } else {
        (pooled?, SigmaFrom::Pooled)
    };
    Some(LogNormalFit {
        n,
        mu,
        sigma,
        sigma_from,
    })
}

/// The log-normal solved from a published median and one other quantile.
pub fn from_published(p: &PublishedDuration) -> Option<LogNormalFit> {
    let z = z_of(p.quantile)?;
    let mu = p.median_minutes.ln();
    Some(LogNormalFit {
        n: p.n,
        mu,
        sigma: (p.quantile_minutes / p.median_minutes).ln() / z,
        sigma_from: SigmaFrom::Own,
    })
}

/// Median, p90 and mean minutes of a fit.
pub fn summary(f: &LogNormalFit) -> (f64, f64, f64) {
    (
        f.mu.exp(),
        (f.mu + Z90 * f.sigma).exp(),
        (f.mu + f.sigma * f.sigma / 2.0).exp(),
    )
}

/// Rounds minutes as the data store them: whole minutes.
pub fn round_minutes(x: f64) -> f64 {
    x.round()
}

/// Every fit the catalogue's data imply, by pattern id: what `duration.fit`,
/// `median_minutes`, `p90_minutes` and `mean_minutes` must say.
pub fn expected_fits(cat: &Catalogue) -> BTreeMap<String, LogNormalFit> {
    let pooled = pooled_sigma(cat);
    let mut out = BTreeMap::new();
    for p in &cat.patterns {
        let f = match &p.duration.published {
            Some(pubd) => from_published(pubd),
            None => fit(&sample(cat, p), pooled),
        };
        if let Some(f) = f {
            out.insert(p.id.clone(), f);
        }
    }
    out
}

/// Σ weights per incident over every pattern: the one-event-one-count ledger (each value
/// must be at most 1). Within one pattern an incident counts once, at the largest weight
/// it has in the pooled or a regional rate (a regional rate is a view of the same count).
pub fn weight_per_incident(cat: &Catalogue) -> BTreeMap<&str, f64> {
    let mut out: BTreeMap<&str, f64> = BTreeMap::new();
    for p in &cat.patterns {
        let mut mine: BTreeMap<&str, f64> = BTreeMap::new();
        for e in p.counted_events() {
            let w = mine.entry(e.incident.as_str()).or_default();
            *w = w.max(e.weight);
        }
        for (id, w) in mine {
            *out.entry(id).or_default() += w;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fit_recovers_median_and_spread() {
        // ln values 0, ln 10, ln 100 ... : mean ln 100 = median 100.
        let xs = [1.0, 10.0, 100.0, 1000.0, 10000.0];
        let f = fit(&xs, None).expect("five values");
        assert_eq!(f.sigma_from, SigmaFrom::Own);
        let (median, p90, mean) = summary(&f);
        assert!((median - 100.0).abs() < 1e-9, "{median}");
        assert!(p90 > median && mean > median);
        // sd of ln(10) * [-2,-1,0,1,2] with n - 1 = 4: ln(10) * sqrt(10 / 4)
        assert!((f.sigma - 10f64.ln() * (2.5f64).sqrt()).abs() < 1e-9);
    }

    #[test]
    fn few_values_take_the_pooled_spread() {
        let f = fit(&[60.0, 240.0], Some(1.5)).expect("pooled");
        assert_eq!(f.sigma_from, SigmaFrom::Pooled);
        assert_eq!(f.sigma, 1.5);
        assert!((summary(&f).0 - 120.0).abs() < 1e-9);
        assert!(fit(&[60.0], None).is_none());
        assert!(fit(&[], Some(1.0)).is_none());
    }

    #[test]
    fn a_published_median_and_quartile_give_the_spread() {
        let p = PublishedDuration {
            median_minutes: 100.0,
            quantile: 0.75,
            quantile_minutes: 100.0 * (0.674_489_750_196f64).exp(),
            n: 10,
            source: super::super::types::Source {
                title: "t".into(),
                url: "https://example.com".into(),
            },
        };
        let f = from_published(&p).expect("known level");
        assert!((f.sigma - 1.0).abs() < 1e-9, "{}", f.sigma);
    }
}
