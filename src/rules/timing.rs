//! The times and shares the rules use, each with its reason and its source, or labelled an
//! estimate with the reasoning behind it. `docs/scoring.md` lists them; a test checks that
//! every constant here is named there.

/// Share of a journey's users that must be down for the journey to count as **down**;
/// fewer is **degraded** (a partial outage). Status pages draw the same line ("major
/// outage" for most or all users, "partial outage" for a subset); 90 % is "(nearly) all".
/// An estimate of that line.
pub const DOWN_SHARE: f64 = 0.9;

/// Weight of a degraded minute (slow or partly failing requests) relative to a down minute,
/// in expected downtime and when an `any_of` group compares its alternatives. An estimate:
/// a degraded service still completes most requests, and error budgets commonly count a
/// slow or partly failing minute as a fraction of a bad one.
pub const DEGRADED_WEIGHT: f64 = 0.25;

/// Minutes a stateful component with copies in several zones is interrupted while it fails
/// over inside the region when its primary's zone is lost. AWS documents 60–120 seconds for
/// an RDS Multi-AZ DB instance failover (RDS User Guide, "Failover process for Amazon
/// RDS", docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.Failover.html);
/// the upper end is used.
pub const ZONE_FAILOVER_MINUTES: f64 = 2.0;

/// Minutes to launch replacement capacity when the control plane works (an estimate: an
/// instance boots in minutes, an application behind a health check takes a few more).
pub const LAUNCH_MINUTES: f64 = 15.0;

/// Minutes a warm standby takes to scale to full capacity after a switch (an estimate).
pub const WARM_SCALE_MINUTES: f64 = 10.0;

/// Minutes a pilot-light standby takes to launch its compute (an estimate).
pub const PILOT_LIGHT_MINUTES: f64 = 30.0;

/// Minutes a stateful component you run stays down after the domain under it returns:
/// restart, crash recovery and log replay before it serves again. An estimate: 30 minutes
/// when storage is undamaged. (AWS 2012-06-29: most Multi-AZ RDS failovers were complete
/// about 3 h after the power loss, aws.amazon.com/message/67457; the estimate is the
/// restart of an instance whose storage survived, not a stuck failover.)
pub const STATEFUL_RESTART_MINUTES: f64 = 30.0;

/// Minutes a cache serves with more misses (degraded) after it comes back empty. An
/// estimate: warming a cache tier "can take tens of minutes" (Hafeez et al., "ElMem:
/// Towards an Elastic Memcached System", ICDCS 2018, describing scaling events).
pub const CACHE_WARMUP_MINUTES: f64 = 30.0;

/// Minutes a queue's consumers run behind (degraded) after the queue returns, while the
/// backlog drains: the median of the backlog tails the catalogue records after the main
/// impact of three events (DynamoDB 2015-09-20: 222 min; Lambda 2023-06-13: 112 min;
/// EventBridge after 2021-12-07: 258 min).
pub const BACKLOG_DRAIN_MINUTES: f64 = 222.0;

/// Minutes to rebuild a stateless component after a fleet-wide bad update (an agent): it is
/// replaced from its image by automation rather than repaired host by host. An estimate:
/// hours, against the days the pattern's duration reflects for repairing hosts by hand
/// (CrowdStrike 2024: more than 97 % of sensors back after about six days).
pub const STATELESS_REBUILD_MINUTES: f64 = 240.0;

/// Share of a component's hosts in the first ring of a staged agent update (a canary
/// ring). An estimate: staged rollouts start with a small ring, about a tenth of the fleet.
pub const FIRST_RING_SHARE: f64 = 0.1;

/// Share of a component's requests degraded while its region's control plane is down, when
/// it scales on demand (compute or containers with less headroom than
/// [`crate::rules::HEADROOM_TO_ABSORB`]): the load above the capacity it runs with, which
/// it can no longer launch. An estimate: daily peaks run 20–30 % above average load, and
/// about half of a multi-hour event overlaps rising load.
pub const SCALE_OUT_SHARE: f64 = 0.1;

/// Fresh shares of a cached object set over the cache lifetime W, in quarters: content was
/// last fetched at uniformly spread times, so a share `1 − t / W` of it is still fresh `t`
/// minutes into an origin outage; each quarter is played at its midpoint's share (the
/// integral is exact). No serving of stale content beyond W is assumed.
pub const CACHE_FRESH_QUARTERS: [f64; 4] = [0.875, 0.625, 0.375, 0.125];
