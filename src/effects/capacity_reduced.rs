//! `capacity-reduced`: survivors must absorb lost capacity or a retry storm.
//!
//! # What fails
//! Nothing outright: load (or retries from clients and internal services) exceeds what
//! is left, and systems can stay stuck overloaded after the trigger is gone (metastable
//! failure).
//!
//! # What history shows
//! AWS 2021-12-07 (a scaling event triggered a retry storm on the internal network),
//! AWS 2011-04-21 (EBS re-mirroring storm), Roblox 2021-10-28.
//!
//! # How it propagates
//! A component in the affected region is degraded for the event unless it has at least
//! [`crate::rules::constants::HEADROOM_TO_ABSORB`] percent headroom (an estimate: enough spare capacity to absorb
//! retries and shed load).
//!
//! # What helps
//! Headroom, load shedding, retries with backoff and jitter, circuit breakers.
//!
//! # References
//! Bronson et al., "Metastable Failures in Distributed Systems" (HotOS 2021); the
//! incidents cited by `retry-storm-metastable`.
