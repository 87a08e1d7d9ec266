//! Explanations: the outcome of a scenario for one component or journey, and the causal
//! chain that decided it.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::domain::DomainId;
use crate::model::{Standby, Trigger, Via};
use crate::render::words::{Whole, failover_words, fmt_minutes, write_minutes};
use crate::rules::constants::{DEGRADED_WEIGHT, DOWN_SHARE, LAUNCH_MINUTES};

use super::profile::Profile;

/// Up, degraded or down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Unaffected.
    Up,
    /// Works with errors, latency or missing features.
    Degraded,
    /// Does not work.
    Down,
}

/// One link of a causal chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Step {
    /// What kind of link.
    pub kind: StepKind,
    /// The domain, component or journey it is about.
    pub subject: String,
    /// The link in plain words.
    pub text: String,
}

/// Kinds of causal link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    /// A fault domain failed.
    DomainFailed,
    /// A component lost one of its regions or zones, or all of itself.
    ComponentHit,
    /// A failover happened and limited the impact.
    FailoverWorked,
    /// A failover did not happen, and why.
    FailoverFailed,
    /// A hard dependency took the component down or degraded it.
    Dependency,
    /// A soft dependency degraded the component.
    SoftDependency,
    /// An `any_of` alternative took over.
    AlternativeUsed,
    /// Data was lost.
    DataLost,
}

/// A causal chain, shared between outcomes: a dependant adopts its dependency's chain in
/// O(1) and adds its own link on top, so a pass over the graph never copies chains (they
/// are turned into a `Vec<Step>` only for the findings and reports that show them).
#[derive(Debug, Clone, Default)]
pub struct Chain {
    last: Option<Rc<Link>>,
    len: usize,
}

#[derive(Debug)]
struct Link {
    kind: StepKind,
    subject: Rc<str>,
    text: LinkText,
    prev: Option<Rc<Link>>,
}

/// A link's words, kept as facts until a report needs the sentence: most links a pass
/// builds never reach a report (a dependant adopts one dependency's chain of several).
#[derive(Debug)]
pub(crate) enum LinkText {
    Written(String),
    /// "`subject` needs `name`, which is down for … (for a share of users)".
    NeedsDown {
        name: Rc<str>,
        minutes: f64,
        share: f64,
    },
    /// "`subject` needs `name`, which is degraded".
    NeedsDegraded {
        name: Rc<str>,
    },
    /// "`subject` works without `name` (soft dependency) but is degraded for …".
    Soft {
        name: Rc<str>,
        minutes: f64,
    },
    /// "`subject` loses its `region` placement": the link that starts most chains (a
    /// region, its backbone or its service failed), written only if a report shows it
    /// (at 1,000 components, 338 of the 5,194 written before reached the report).
    LosesPlacement {
        region: Rc<str>,
    },
    /// "`subject` keeps N % of its capacity in `region` with H % headroom; …": a placement
    /// that lost part of its capacity (the play's most frequent sentence at 10,000
    /// components: 16,572 written before, for a report that shows a few hundred).
    KeepsCapacity {
        region: Rc<str>,
        /// Percent of its capacity kept (at most 100).
        capacity: f64,
        headroom: f64,
        launch: Launch,
    },
    /// "`subject` is active-active: … failover … moves the users of `lost_region` (N %) to
    /// `target` in …": the play's most frequent sentence at 10,000 components after the
    /// two above (13,182 written before).
    MovesUsers {
        trigger: Trigger,
        via: Via,
        lost_region: Rc<str>,
        share: f64,
        target: Rc<str>,
        minutes: f64,
    },
    /// "`subject` in `region` is degraded with it" (10,739 written at 10,000 components).
    DegradedWith {
        region: Rc<str>,
    },
    /// "`subject` fails over to its … standby in `target`: … failover …, … in all" (8,946
    /// written at 10,000 components).
    FailsOver {
        standby: Standby,
        target: Rc<str>,
        trigger: Trigger,
        via: Via,
        bring_up: Option<f64>,
        minutes: f64,
    },
}

/// Why the capacity a placement lost is not replaced at once ([`LinkText::KeepsCapacity`]).
#[derive(Debug)]
pub(crate) enum Launch {
    /// An own site has no capacity to launch.
    OwnSite,
    /// The control plane that launches it is down.
    Blocked(DomainId),
    /// It launches in about this many minutes.
    InAbout(f64),
}

/// Written before a link whose subject and dependency have one name: a component never
/// needs itself, so the subject is a journey that enters a component of its name, and
/// "`ingest` needs `ingest`" says which is which (found by a review).
const SAME_NAME: &str = "the journey ";

impl Link {
    fn step(&self) -> Step {
        let subject = &*self.subject;
        let text = match &self.text {
            LinkText::Written(t) => t.clone(),
            LinkText::NeedsDown {
                name,
                minutes,
                share,
            } => {
                // The sentence of most links of most chains: written into one buffer.
                let mut t = String::with_capacity(subject.len() + name.len() + 64);
                if subject == &**name {
                    t.push_str(SAME_NAME);
                }
                for part in ["`", subject, "` needs `", name, "`, which is down for "] {
                    t.push_str(part);
                }
                write_minutes(&mut t, *minutes);
                write_share(&mut t, *share);
                t
            }
            LinkText::NeedsDegraded { name } => {
                let journey = if subject == &**name { SAME_NAME } else { "" };
                format!("{journey}`{subject}` needs `{name}`, which is degraded")
            }
            LinkText::LosesPlacement { region } => {
                let mut t = String::with_capacity(subject.len() + region.len() + 24);
                for part in ["`", subject, "` loses its ", region, " placement"] {
                    t.push_str(part);
                }
                t
            }
            LinkText::KeepsCapacity {
                region,
                capacity,
                headroom,
                launch,
            } => {
                let why = match launch {
                    Launch::OwnSite => "an own site has no capacity to launch: the rest runs short until the room is back".to_owned(),
                    Launch::Blocked(d) => format!(
                        "replacement capacity cannot be launched while {d} is down, and launches in about {} once it is back (estimate)",
                        fmt_minutes(LAUNCH_MINUTES)
                    ),
                    Launch::InAbout(m) => format!(
                        "replacement capacity launches in about {} (estimate)",
                        fmt_minutes(*m)
                    ),
                };
                format!(
                    "`{subject}` keeps {} % of its capacity in {region} with {} % headroom; {why}",
                    Whole(*capacity),
                    Whole(*headroom)
                )
            }
            LinkText::MovesUsers {
                trigger,
                via,
                lost_region,
                share,
                target,
                minutes,
            } => format!(
                "`{subject}` is active-active: {} moves the users of {lost_region} ({}) to {target} in {}",
                failover_words(*trigger, *via),
                percent(*share),
                fmt_minutes(*minutes)
            ),
            LinkText::DegradedWith { region } => {
                format!("`{subject}` in {region} is degraded with it")
            }
            LinkText::FailsOver {
                standby,
                target,
                trigger,
                via,
                bring_up,
                minutes,
            } => format!(
                "`{subject}` fails over to its {} standby in {target}: {}{}, {} in all",
                standby.as_str(),
                failover_words(*trigger, *via),
                bring_up.map_or(String::new(), |b| format!(
                    ", which starts serving in {} (declared)",
                    fmt_minutes(b)
                )),
                fmt_minutes(*minutes)
            ),
            LinkText::Soft { name, minutes } => format!(
                "`{subject}` works without `{name}` (soft dependency) but is degraded for {}",
                fmt_minutes(*minutes)
            ),
        };
        Step {
            kind: self.kind,
            subject: subject.to_owned(),
            text,
        }
    }
}

impl Chain {
    /// Adds a link at the end.
    pub(crate) fn push(&mut self, step: impl Into<Written>) {
        let Written {
            kind,
            subject,
            text,
        } = step.into();
        self.link(kind, subject, LinkText::Written(text));
    }

    pub(crate) fn link(&mut self, kind: StepKind, subject: Rc<str>, text: LinkText) {
        let prev = self.last.take();
        self.last = Some(Rc::new(Link {
            kind,
            subject,
            text,
            prev,
        }));
        self.len += 1;
    }

    /// Number of links.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the chain has no link.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The links, first to last.
    pub fn to_vec(&self) -> Vec<Step> {
        let mut v = Vec::with_capacity(self.len);
        let mut at = self.last.as_deref();
        while let Some(link) = at {
            v.push(link.step());
            at = link.prev.as_deref();
        }
        v.reverse();
        v
    }
}

/// Longest causal chain a report shows: a longer one keeps its first and last links and
/// says how many it leaves out (a chain through thousands of dependencies is unreadable, and
/// copying it into every finding would make reports quadratic in the graph's depth).
pub const MAX_REPORTED_CHAIN: usize = 40;

impl Chain {
    /// The links for a report: [`Chain::to_vec`], shortened to [`MAX_REPORTED_CHAIN`] links
    /// (the first half, one link saying how many are left out, the last half).
    pub fn for_report(&self) -> Vec<Step> {
        if self.len <= MAX_REPORTED_CHAIN {
            return self.to_vec();
        }
        let tail = MAX_REPORTED_CHAIN / 2;
        let head = MAX_REPORTED_CHAIN - tail - 1;
        // The last `tail` links, walking back from the end.
        let mut last = Vec::with_capacity(tail);
        let mut at = self.last.as_deref();
        while let Some(link) = at {
            if last.len() == tail {
                break;
            }
            last.push(link.step());
            at = link.prev.as_deref();
        }
        last.reverse();
        // The first `head` links: skip the middle without copying it.
        let mut skip = self.len - tail - head;
        while skip > 0 {
            at = at.and_then(|l| l.prev.as_deref());
            skip -= 1;
        }
        let mut first = Vec::with_capacity(head);
        while let Some(link) = at {
            first.push(link.step());
            at = link.prev.as_deref();
        }
        first.reverse();
        let left_out = self.len - head - tail;
        first.push(step(
            StepKind::Dependency,
            "",
            format!("… {left_out} more links of dependencies …"),
        ));
        first.extend(last);
        first
    }
}

impl From<Vec<Step>> for Chain {
    fn from(steps: Vec<Step>) -> Self {
        let mut c = Chain::default();
        for s in steps {
            c.push(s);
        }
        c
    }
}

impl PartialEq for Chain {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.to_vec() == other.to_vec()
    }
}

impl Drop for Chain {
    /// Unlinks iteratively: a chain as long as the dependency graph is deep must not
    /// recurse once per link (a deep graph would overflow the stack, in wasm above all).
    fn drop(&mut self) {
        let mut at = self.last.take();
        while let Some(rc) = at {
            match Rc::try_unwrap(rc) {
                Ok(mut link) => at = link.prev.take(),
                Err(_) => break,
            }
        }
    }
}

/// " for 33 % of users" (nothing when everyone is affected), written at the end of `out`.
fn write_share(out: &mut String, share: f64) {
    if share < 1.0 - 1e-9 {
        out.push_str(" for ");
        out.push_str(&percent(share));
        out.push_str(" of users");
    }
}

pub(crate) use crate::render::words::percent;

/// What a scenario does to one component or journey: which share of its users is down,
/// which share is degraded, over time (see [`Profile`]), what data is lost, and why.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    /// Users down over time.
    pub down: Profile,
    /// Users degraded over time (errors, latency, missing features, stale content); may
    /// overlap `down`: [`Outcome::degraded_beyond_down`] counts them once.
    pub degraded: Profile,
    /// Minutes of writes lost; `None` when none.
    pub data_loss_minutes: Option<f64>,
    /// Everything was lost (no copy survived).
    pub data_loss_total: bool,
    /// Why.
    pub chain: Chain,
}

impl Outcome {
    /// Down when at least [`DOWN_SHARE`] of users are down at some time, degraded when
    /// fewer are or some are degraded, else up.
    pub fn status(&self) -> Status {
        if self.down.peak() + 1e-9 >= DOWN_SHARE {
            Status::Down
        } else if !self.down.is_none() || !self.degraded.is_none() {
            Status::Degraded
        } else {
            Status::Up
        }
    }

    /// The degraded users not also down.
    pub fn degraded_beyond_down(&self) -> Profile {
        self.degraded.beyond(&self.down)
    }

    /// What one occurrence costs: share-weighted down minutes plus
    /// [`DEGRADED_WEIGHT`] × share-weighted degraded minutes (beyond the down ones).
    pub fn cost(&self) -> f64 {
        self.cost_beyond(&self.degraded_beyond_down())
    }

    /// [`Outcome::cost`], given [`Outcome::degraded_beyond_down`] already worked out.
    pub(crate) fn cost_beyond(&self, degraded_beyond_down: &Profile) -> f64 {
        self.down.integral() + DEGRADED_WEIGHT * degraded_beyond_down.integral()
    }

    /// Nothing happens to it.
    pub fn is_up(&self) -> bool {
        self.down.is_none() && self.degraded.is_none()
    }

    /// Whether it costs anything: some users down or degraded, or data lost.
    pub(crate) fn hurts(&self) -> bool {
        !self.is_up() || self.data_loss_minutes.is_some() || self.data_loss_total
    }

    pub(crate) fn lose_data(&mut self, minutes: Option<f64>, subject: &str) {
        match minutes {
            Some(m) => {
                self.data_loss_minutes = Some(self.data_loss_minutes.map_or(m, |x| x.max(m)));
                self.chain.push(step(
                    StepKind::DataLost,
                    subject,
                    format!("`{subject}` loses up to {} of writes", fmt_minutes(m)),
                ));
            }
            None => {
                self.data_loss_total = true;
                self.chain.push(step(
                    StepKind::DataLost,
                    subject,
                    format!(
                        "`{subject}` loses all its data: no copy survives outside the failed domain"
                    ),
                ));
            }
        }
    }

    pub(crate) fn merge_data(&mut self, other: &Outcome) {
        if let Some(m) = other.data_loss_minutes {
            self.data_loss_minutes = Some(self.data_loss_minutes.map_or(m, |x| x.max(m)));
        }
        self.data_loss_total |= other.data_loss_total;
    }
}

/// A link whose sentence is written, about a subject whose id is shared (a component's):
/// [`Chain::push`] keeps the id without copying it, as it would a [`Step`]'s.
/// An outcome played on a helper thread, on its way to the thread that scores
/// (`Prepared::score_on`): a chain's links are shared within one thread, so its chain
/// travels written out as a report shows it ([`Chain::for_report`]), or not at all for a
/// scenario played without words.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) struct Sent {
    down: Profile,
    degraded: Profile,
    data_loss_minutes: Option<f64>,
    data_loss_total: bool,
    chain: Vec<Step>,
}

#[cfg(not(target_arch = "wasm32"))]
impl Outcome {
    /// The outcome as it travels to another thread, its chain written out when `worded`.
    pub(crate) fn sent(self, worded: bool) -> Sent {
        let chain = if worded {
            self.chain.for_report()
        } else {
            Vec::new()
        };
        Sent {
            down: self.down,
            degraded: self.degraded,
            data_loss_minutes: self.data_loss_minutes,
            data_loss_total: self.data_loss_total,
            chain,
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Sent {
    /// The outcome without its chain, and the chain as a report shows it.
    pub(crate) fn received(self) -> (Outcome, Vec<Step>) {
        let outcome = Outcome {
            down: self.down,
            degraded: self.degraded,
            data_loss_minutes: self.data_loss_minutes,
            data_loss_total: self.data_loss_total,
            chain: Chain::default(),
        };
        (outcome, self.chain)
    }
}

pub(crate) struct Written {
    kind: StepKind,
    subject: Rc<str>,
    text: String,
}

impl From<Step> for Written {
    fn from(step: Step) -> Written {
        Written {
            kind: step.kind,
            subject: Rc::from(step.subject),
            text: step.text,
        }
    }
}

/// A written link about `subject` ([`Written`]).
pub(crate) fn written(kind: StepKind, subject: &Rc<str>, text: impl Into<String>) -> Written {
    Written {
        kind,
        subject: subject.clone(),
        text: text.into(),
    }
}

pub(crate) fn step(kind: StepKind, subject: impl Into<String>, text: impl Into<String>) -> Step {
    Step {
        kind,
        subject: subject.into(),
        text: text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(n: usize) -> Chain {
        let mut c = Chain::default();
        for i in 0..n {
            c.push(step(
                StepKind::Dependency,
                format!("c{i}"),
                format!("link {i}"),
            ));
        }
        c
    }

    #[test]
    fn a_short_chain_is_reported_whole_and_in_order() {
        let c = numbered(5);
        let v = c.for_report();
        assert_eq!(v, c.to_vec());
        let subjects: Vec<&str> = v.iter().map(|s| s.subject.as_str()).collect();
        assert_eq!(subjects, ["c0", "c1", "c2", "c3", "c4"]);
    }

    #[test]
    fn a_long_chain_keeps_its_ends_and_counts_what_it_leaves_out() {
        let v = numbered(100).for_report();
        assert_eq!(v.len(), MAX_REPORTED_CHAIN);
        assert_eq!(v[0].subject, "c0");
        assert_eq!(v[18].subject, "c18");
        assert_eq!(v[19].text, "… 61 more links of dependencies …");
        assert_eq!(v[20].subject, "c80");
        assert_eq!(v[39].subject, "c99");
        // Exactly at the limit nothing is left out.
        assert_eq!(
            numbered(MAX_REPORTED_CHAIN).for_report().len(),
            MAX_REPORTED_CHAIN
        );
        assert!(
            numbered(MAX_REPORTED_CHAIN)
                .for_report()
                .iter()
                .all(|s| !s.text.contains("more links"))
        );
    }

    #[test]
    fn dropping_a_very_long_shared_chain_does_not_recurse() {
        // A million links would overflow the stack if dropped recursively.
        let long = numbered(1_000_000);
        let shared = long.clone();
        drop(long);
        assert_eq!(shared.len(), 1_000_000);
        drop(shared);
    }
}
