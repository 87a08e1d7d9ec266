//! Advice: what a score report ends with, for every front end (the CLI's text and Markdown
//! reports, the npm package, the page): each journey's single points of failure, its most
//! likely risk groups, and the best measured mitigations, within a work budget so that a
//! hostile or huge description still gets its score in seconds.
//!
//! The full lists are [`Prepared::risk`] and [`Prepared::suggest`]. Advice bounds both: the
//! risk groups by order and by the enumeration's own work limit, the mitigations by
//! [`AdviceOptions::max_work`] (candidates are measured most promising first; what is
//! measured is exact, and the report says when candidates were left out).

use serde::{Deserialize, Serialize};

use crate::engine::Prepared;
use crate::mitigate::SuggestReport;
use crate::risk::{RiskOptions, RiskReport};

/// How much advice, and how much work it may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdviceOptions {
    /// Largest risk group listed (default 2: single points of failure and pairs).
    pub max_order: usize,
    /// Mitigations listed (default 3).
    pub mitigations: usize,
    /// Work units the mitigations may spend: components evaluated and dependency references
    /// read while re-scoring candidates, and 150 per component of each changed copy for
    /// preparing it (default 20,000,000: a few seconds on a dense
    /// 300-component graph, see `docs/performance.md`; every example measures every
    /// candidate well within it).
    pub max_work: u64,
    /// Threads that measure the mitigations, as [`crate::mitigate::SuggestOptions::threads`]
    /// (default 1: the calling thread only); the advice is the same whatever the number.
    pub threads: usize,
}

impl Default for AdviceOptions {
    fn default() -> Self {
        AdviceOptions {
            max_order: 2,
            mitigations: 3,
            max_work: 20_000_000,
            threads: 1,
        }
    }
}

/// The advice of one description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Advice {
    /// Single points of failure and risk groups up to the order asked.
    pub risk: RiskReport,
    /// The best measured mitigations (`truncated` says when the work budget left
    /// candidates unmeasured).
    pub mitigations: SuggestReport,
}

impl Prepared<'_> {
    /// Single points of failure, risk groups and the best measured mitigations, within
    /// `options`' budget.
    ///
    /// ```
    /// use faultline::{Engine, Format, advice::AdviceOptions};
    /// let engine = Engine::default();
    /// let doc = engine.parse(faultline::DEFAULT_ARCHITECTURE, Format::Yaml)?;
    /// let advice = engine.prepare(&doc.architecture)?.advice(&AdviceOptions::default());
    /// assert!(advice.mitigations.suggestions.len() <= 3);
    /// assert!(advice.mitigations.truncated.is_none());
    /// # Ok::<(), faultline::Error>(())
    /// ```
    pub fn advice(&self, options: &AdviceOptions) -> Advice {
        let risk = self.risk(&RiskOptions {
            max_order: options.max_order,
            ..RiskOptions::default()
        });
        let mitigations = self.suggest_within(
            Some(options.mitigations),
            Some(options.max_work),
            options.threads,
        );
        Advice { risk, mitigations }
    }
}
