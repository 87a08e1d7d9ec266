//! Every number the rules use (times, shares, defaults, scoring constants), each with its
//! reason and its source, or labelled an estimate with the reasoning behind it. One place:
//! the engine reads them from here only. `docs/scoring.md` lists them; a test checks that
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
/// [`crate::rules::constants::HEADROOM_TO_ABSORB`]): the load above the capacity it runs with, which
/// it can no longer launch. An estimate: daily peaks run 20–30 % above average load, and
/// about half of a multi-hour event overlaps rising load.
pub const SCALE_OUT_SHARE: f64 = 0.1;

/// Fresh shares of a cached object set over the cache lifetime W, in quarters: content was
/// last fetched at uniformly spread times, so a share `1 − t / W` of it is still fresh `t`
/// minutes into an origin outage; each quarter is played at its midpoint's share (the
/// integral is exact). No serving of stale content beyond W is assumed.
pub const CACHE_FRESH_QUARTERS: [f64; 4] = [0.875, 0.625, 0.375, 0.125];

// ---- Defaults for what a description leaves out ----

/// Minutes an automatic health check takes to decide when not given (an estimate: Route 53
/// health checks decide after 3 failed checks 30 s apart, 90 s, before the alarm and the
/// automation act).
pub const DEFAULT_DETECT_AUTOMATIC: f64 = 3.0;

/// Minutes a person takes to notice and decide when not given (an estimate).
pub const DEFAULT_DETECT_MANUAL: f64 = 15.0;

/// Minutes to move traffic when not given (an estimate: a DNS change reaches clients after
/// the record's TTL, 60 s for Route 53 health-checked records, plus resolver and client
/// caching; a global load balancer or anycast withdrawal takes about as long to converge).
pub const DEFAULT_SWITCH: f64 = 5.0;

/// Minutes for a client to use another endpoint when its request fails (retry elsewhere):
/// the failed request's timeout and a retry (an estimate).
pub const DEFAULT_SWITCH_CLIENT: f64 = 1.0;

/// Default async replication lag in minutes (an estimate; measure yours).
pub const DEFAULT_REPLICATION_LAG: f64 = 1.0;

/// Default minutes between backups when not given: daily (an assumption, the common
/// schedule of automated snapshots; say yours).
pub const DEFAULT_BACKUP_INTERVAL: f64 = 1440.0;

/// Default minutes to restore from backup (an estimate; measure yours with a drill).
pub const DEFAULT_RESTORE: f64 = 240.0;

/// Zones a vendor's service spans in a region it runs on (`runs_on`) when the catalogue
/// counts none there: a managed service runs across the region's zones. An estimate: 3 is
/// the most common count among the catalogue's sourced zone counts (`zone_counts` in
/// `src/catalogue/data/providers.yaml`, e.g. AWS us-east-2 and ca-central-1).
pub const VENDOR_ZONES: usize = 3;

/// Factor on the restore time of backups that were never restored in a drill
/// (`backups_verified: false`). An estimate: an untested restore meets its problems during
/// the outage. GitLab 2017-01-31 found that most of its backup methods were not working
/// and restored from a six-hour-old staging copy over about 18 hours; Atlassian 2022-04-05
/// restored sites over up to 14 days and named large-scale restore exercises as a lesson
/// (docs/scoring.md, "Data").
pub const UNVERIFIED_RESTORE_FACTOR: f64 = 2.0;

/// Default headroom (percent) of a component on a provider-scaled service (profile flag
/// `provider_scaled`): enough to ride out a zone loss and a retry storm.
pub const PROVIDER_SCALED_HEADROOM: f64 = 100.0;

/// Minutes an interruption must last to count as an outage when no tolerance is set: one
/// minute, the shortest downtime period cloud SLAs count (Google Cloud's SLAs define a
/// "Downtime Period" as one or more consecutive minutes of downtime; partial minutes do not
/// count).
pub const DEFAULT_TOLERANCE_MINUTES: f64 = 1.0;

// ---- Capacity ----

/// Headroom (percent) from which a component rides out a retry storm (`capacity-reduced`
/// on its region) without degrading: an estimate of the spare capacity that absorbs retries
/// and sheds load (see [`crate::effects::capacity_reduced`]).
pub const HEADROOM_TO_ABSORB: f64 = 50.0;

// ---- Change process ----

/// Frequency factor for `ai-assisted-change` when AI changes are reviewed by a person
/// (an estimate: review catches most but not all bad AI-proposed changes).
pub const AI_REVIEWED_FACTOR: f64 = 0.25;

/// Duration factor for change-process patterns with automated rollback (an estimate:
/// rollback on health signals shortens, but does not remove, the impact).
pub const ROLLBACK_FACTOR: f64 = 0.5;

// ---- Scoring ----

/// Minutes in a year of 365.25 days (the Julian year).
pub const MINUTES_PER_YEAR: f64 = 525_960.0;

/// Points lost when expected downtime equals the budget (a design choice: an architecture
/// whose expected outages use the whole budget scores 50, because the budget must also
/// absorb your own bugs and deploys).
pub const POINTS_PER_BUDGET: f64 = 50.0;

/// The highest score of a journey that one building (a site or a zone) takes down for a
/// whole event: below an A whatever its target. A building's loss is rare but documented,
/// and it takes what it holds down for days and can destroy its data (OVHcloud Strasbourg,
/// 2021-03-10: customers whose only copies were in the burnt buildings lost them for good);
/// business-continuity practice expects a recovery site apart from the primary one.
pub const ONE_BUILDING_CAP: f64 = 89.9;
