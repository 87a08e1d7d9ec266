//! `degraded`: the domain keeps serving, with errors or latency.
//!
//! # What fails
//! Quality rather than availability: elevated error rates, slow responses, partial
//! features (AI inference answering slowly or not at all for some requests).
//!
//! # What history shows
//! OpenAI 2024-12-11 and other AI-service incidents; many provider events are "elevated
//! error rates" rather than full outages.
//!
//! # How it propagates
//! A component on a degraded domain is degraded for the event; a hard dependant is
//! degraded with it; a journey that is degraded counts a quarter of each degraded minute
//! (see `score`).
//!
//! # What helps
//! A fallback (`hard: false` on the dependency), a second vendor behind `any_of`.
//!
//! # References
//! See the incidents cited by the patterns using this effect (`faultline catalogue`).
