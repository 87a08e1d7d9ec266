//! Impact over time: which share of users is affected, from the start of a scenario on.
//!
//! A [`Profile`] is piecewise constant: disjoint segments `[start, end)` (minutes from the
//! start of the scenario) each with a share of users in (0, 1]. Everything a scenario does
//! to a component or a journey is two profiles (users down, users degraded), so partial
//! impact (a third of users down until their region's traffic moves, a cached share served
//! stale) and time (a failover that ends an outage, a recovery tail after the failed domain
//! returns) compose exactly: a hard dependency's profile is taken pointwise at its maximum,
//! never added, so the same users are never counted twice.
//!
//! Only `+`, `−`, `×`, `/`, `min` and `max` are used: the numbers are the same natively and
//! in WebAssembly.

/// One piece: `share` of users affected from `start` to `end` minutes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    /// Minutes from the start of the scenario.
    pub start: f64,
    /// Minutes from the start of the scenario (> `start`).
    pub end: f64,
    /// Share of users, in (0, 1].
    pub share: f64,
}

/// Shares below this are no impact (rounding noise of products of shares).
const NOTHING: f64 = 1e-12;

/// An integer that orders numbers as [`f64::total_cmp`] does (its own definition: the
/// bits, with every bit but the sign flipped for negative numbers).
#[inline(always)]
fn total_order_key(t: f64) -> i64 {
    let bits = t.to_bits().cast_signed();
    bits ^ ((bits >> 63).cast_unsigned() >> 1).cast_signed()
}

/// The number whose [`total_order_key`] is `key` (the key is its own inverse's input:
/// flipping every bit but the sign of a negative number twice gives it back).
#[inline(always)]
fn from_total_order_key(key: i64) -> f64 {
    f64::from_bits((key ^ ((key >> 63).cast_unsigned() >> 1).cast_signed()).cast_unsigned())
}

/// `(min, max)` of two keys.
#[inline(always)]
fn min_max(x: i64, y: i64) -> (i64, i64) {
    if x <= y { (x, y) } else { (y, x) }
}

/// The share of `segments` at `t`, as [`Profile::at`] finds it, starting at segment
/// `*from` and leaving there the first segment that ends after `t`: for times that never
/// decrease, every segment before it ends at or before them, so the segment holding `t`
/// (`start <= t < end`), if any, is that one.
///
/// The midpoints of [`Profile::zip`]'s windows never decrease, but for one: a window from
/// a negative time to a positive one more than `f64::MAX` apart has the midpoint +∞ (its
/// width overflows), which no segment holds (every end is finite), and the next window's
/// midpoint is finite again. So +∞ reads nothing and leaves `*from` where it is (found by
/// a review: walking past every segment there emptied the windows after it).
#[inline(always)]
fn share_from(segments: &[Segment], from: &mut usize, t: f64) -> f64 {
    if t == f64::INFINITY {
        return 0.0;
    }
    while let Some(s) = segments.get(*from)
        && s.end <= t
    {
        *from += 1;
    }
    match segments.get(*from) {
        Some(s) if s.start <= t => s.share,
        _ => 0.0,
    }
}

/// A piecewise-constant share of users over time (see the module documentation).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Profile {
    /// Sorted, disjoint, each with `end > start` and a share above zero; neighbours with
    /// equal shares are merged.
    segments: Segments,
}

/// How many segments a profile holds without allocating. Almost every profile has one
/// or two (an outage, then a recovery tail or a failover); a 10,000-component `score`
/// spent about 5 % of its time allocating and freeing one-segment vectors
/// (docs/performance.md).
const INLINE: usize = 2;

/// The segments of a profile: up to [`INLINE`] in place, more on the heap.
#[derive(Clone)]
enum Segments {
    Inline { len: u8, items: [Segment; INLINE] },
    Heap(Vec<Segment>),
}

impl Default for Segments {
    fn default() -> Self {
        const EMPTY: Segment = Segment {
            start: 0.0,
            end: 0.0,
            share: 0.0,
        };
        Segments::Inline {
            len: 0,
            items: [EMPTY; INLINE],
        }
    }
}

impl Segments {
    fn as_slice(&self) -> &[Segment] {
        match self {
            Segments::Inline { len, items } => &items[..usize::from(*len)],
            Segments::Heap(v) => v,
        }
    }

    fn last_mut(&mut self) -> Option<&mut Segment> {
        match self {
            Segments::Inline { len, items } => items[..usize::from(*len)].last_mut(),
            Segments::Heap(v) => v.last_mut(),
        }
    }

    fn push(&mut self, segment: Segment) {
        match self {
            Segments::Inline { len, items } if usize::from(*len) < INLINE => {
                items[usize::from(*len)] = segment;
                *len += 1;
            }
            Segments::Inline { items, .. } => {
                let mut v = Vec::with_capacity(INLINE * 2);
                v.extend_from_slice(items);
                v.push(segment);
                *self = Segments::Heap(v);
            }
            Segments::Heap(v) => v.push(segment),
        }
    }
}

impl std::ops::Deref for Segments {
    type Target = [Segment];
    fn deref(&self) -> &[Segment] {
        self.as_slice()
    }
}

impl<'a> IntoIterator for &'a Segments {
    type Item = &'a Segment;
    type IntoIter = std::slice::Iter<'a, Segment>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl PartialEq for Segments {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl std::fmt::Debug for Segments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl Profile {
    /// Nobody affected.
    pub fn none() -> Profile {
        Profile::default()
    }

    /// `share` of users affected from `start` to `end` (nothing when empty).
    pub fn span(start: f64, end: f64, share: f64) -> Profile {
        let mut p = Profile::none();
        p.push(start, end, share);
        p
    }

    /// Everyone affected for the first `minutes`.
    pub fn all_for(minutes: f64) -> Profile {
        Profile::span(0.0, minutes, 1.0)
    }

    fn push(&mut self, start: f64, end: f64, share: f64) {
        let share = share.min(1.0);
        // NaN compares false both ways: only a finite, non-empty stretch with someone
        // affected is kept.
        let keep = end > start && share > NOTHING && start.is_finite() && end.is_finite();
        if !keep {
            return;
        }
        if let Some(last) = self.segments.last_mut()
            && last.end == start
            && last.share == share
        {
            last.end = end;
            return;
        }
        self.segments.push(Segment { start, end, share });
    }

    /// The same segments, bit for bit (`==` on floats would take `-0.0` for `0.0`).
    pub fn same(&self, other: &Profile) -> bool {
        self.segments.len() == other.segments.len()
            && self.segments.iter().zip(&other.segments).all(|(a, b)| {
                a.start.to_bits() == b.start.to_bits()
                    && a.end.to_bits() == b.end.to_bits()
                    && a.share.to_bits() == b.share.to_bits()
            })
    }

    /// No one is affected at any time.
    pub fn is_none(&self) -> bool {
        self.segments.is_empty()
    }

    /// The share at time `t` (0 outside every segment).
    pub fn at(&self, t: f64) -> f64 {
        self.segments
            .iter()
            .find(|s| s.start <= t && t < s.end)
            .map_or(0.0, |s| s.share)
    }

    /// Share-weighted minutes: ∫ share dt. What a scenario costs in expected downtime.
    pub fn integral(&self) -> f64 {
        self.segments
            .iter()
            .map(|s| (s.end - s.start) * s.share)
            .sum()
    }

    /// The largest share at any time.
    pub fn peak(&self) -> f64 {
        self.segments.iter().map(|s| s.share).fold(0.0, f64::max)
    }

    /// When the last affected minute ends (0 when none).
    pub fn end(&self) -> f64 {
        self.segments.last().map_or(0.0, |s| s.end)
    }

    /// The longest stretch during which some users are affected without a break: how
    /// long the affected users wait (what an RTO is judged on).
    pub fn longest_run(&self) -> f64 {
        let mut best = 0.0f64;
        let mut run: Option<(f64, f64)> = None;
        for s in &self.segments {
            run = match run {
                Some((a, b)) if b == s.start => Some((a, s.end)),
                _ => Some((s.start, s.end)),
            };
            if let Some((a, b)) = run {
                best = best.max(b - a);
            }
        }
        best
    }

    /// The longest stretch during which at least `share` of users are affected.
    pub fn longest_at_least(&self, share: f64) -> f64 {
        let mut best = 0.0f64;
        let mut run: Option<(f64, f64)> = None;
        for s in &self.segments {
            if s.share + NOTHING < share {
                run = None;
                continue;
            }
            run = match run {
                Some((a, b)) if b == s.start => Some((a, s.end)),
                _ => Some((s.start, s.end)),
            };
            if let Some((a, b)) = run {
                best = best.max(b - a);
            }
        }
        best
    }

    /// The boundaries of both profiles, sorted and deduplicated (equal by `==`, the first
    /// of a run kept, as `Vec::dedup` does), written into `buf` when they fit.
    fn cuts<'b>(
        a: &[Segment],
        b: &[Segment],
        buf: &'b mut [f64; 4 * INLINE],
        heap: &'b mut Vec<f64>,
    ) -> &'b [f64] {
        let n = 2 * (a.len() + b.len());
        if n > buf.len() {
            heap.extend(a.iter().chain(b).flat_map(|s| [s.start, s.end]));
            heap.sort_unstable_by(f64::total_cmp);
            heap.dedup();
            return heap;
        }
        // `total_cmp` says equal only of the same bits: any sort gives this order. At most
        // eight numbers, in two runs that are each in order already, sorted by insertion
        // as `total_cmp`'s integer keys (each worked out once; the key gives the number
        // back), where the standard library's sort made a call per comparison in
        // WebAssembly and an iterator over both profiles' bounds cost as much as the sort
        // (docs/performance.md, "Twenty-first pass").
        let mut keys = [0i64; 4 * INLINE];
        if let ([a], [b]) = (a, b) {
            // One segment each, the most common case: each one's start is before its end
            // (finite numbers, so in the keys' order too), and the two pairs merge by three
            // comparisons.
            let (lo, a0b0) = min_max(total_order_key(a.start), total_order_key(b.start));
            let (a1b1, hi) = min_max(total_order_key(a.end), total_order_key(b.end));
            let (m0, m1) = min_max(a0b0, a1b1);
            keys[..4].copy_from_slice(&[lo, m0, m1, hi]);
        } else {
            for (k, s) in a.iter().chain(b).enumerate() {
                keys[2 * k] = total_order_key(s.start);
                keys[2 * k + 1] = total_order_key(s.end);
            }
            for i in 1..n {
                let key = keys[i];
                let mut j = i;
                while j > 0 && keys[j - 1] > key {
                    keys[j] = keys[j - 1];
                    j -= 1;
                }
                keys[j] = key;
            }
        }
        let keys = &keys[..n];
        let mut kept = 0;
        for &key in keys.iter() {
            let t = from_total_order_key(key);
            if kept == 0 || t != buf[kept - 1] {
                buf[kept] = t;
                kept += 1;
            }
        }
        &buf[..kept]
    }

    /// Combines two profiles pointwise with `f` of their shares.
    fn zip(a: &Profile, b: &Profile, f: impl Fn(f64, f64) -> f64) -> Profile {
        if b.is_none() {
            let mut out = Profile::none();
            for s in &a.segments {
                out.push(s.start, s.end, f(s.share, 0.0));
            }
            return out;
        }
        let (a, b) = (a.segments.as_slice(), b.segments.as_slice());
        let mut buf = [0.0; 4 * INLINE];
        let mut heap = Vec::new();
        let cuts = Profile::cuts(a, b, &mut buf, &mut heap);
        let mut out = Profile::none();
        // The cuts are increasing, so each window's midpoint is no earlier than the one
        // before: each profile's share there is read walking forward (`share_from`).
        let (mut from_a, mut from_b) = (0, 0);
        for w in cuts.windows(2) {
            let (t0, t1) = (w[0], w[1]);
            let mid = t0 + (t1 - t0) / 2.0;
            out.push(
                t0,
                t1,
                f(
                    share_from(a, &mut from_a, mid),
                    share_from(b, &mut from_b, mid),
                ),
            );
        }
        out
    }

    /// Pointwise maximum: the users affected by either, when the larger group includes the
    /// smaller (the same users reach both through the same regions and entries).
    pub fn max(&self, other: &Profile) -> Profile {
        if other.is_none() {
            return self.clone();
        }
        if self.is_none() {
            return other.clone();
        }
        Profile::zip(self, other, f64::max)
    }

    /// Pointwise minimum: the users affected by both, when the smaller group is inside the
    /// larger (the users an `any_of` group's members all fail).
    pub fn min(&self, other: &Profile) -> Profile {
        if self.is_none() || other.is_none() {
            return Profile::none();
        }
        Profile::zip(self, other, f64::min)
    }

    /// Pointwise sum, capped at everyone: the users of disjoint groups (the regions of an
    /// active-active component, the cached and uncached requests of a CDN).
    pub fn sum(&self, other: &Profile) -> Profile {
        if other.is_none() {
            return self.clone();
        }
        if self.is_none() {
            return other.clone();
        }
        Profile::zip(self, other, |a, b| (a + b).min(1.0))
    }

    /// Pointwise product (a share of a share).
    pub fn product(&self, other: &Profile) -> Profile {
        if self.is_none() || other.is_none() {
            return Profile::none();
        }
        Profile::zip(self, other, |a, b| a * b)
    }

    /// Pointwise difference, never below zero.
    pub fn minus(&self, other: &Profile) -> Profile {
        // Nothing less something is below zero in every window: nothing.
        if self.is_none() {
            return Profile::none();
        }
        if other.is_none() {
            return self.clone();
        }
        Profile::zip(self, other, |a, b| (a - b).max(0.0))
    }

    /// Pointwise `min(self, 1 − other)`: of the users `self` affects, those `other` does not
    /// already (degraded users are counted beyond the down ones).
    pub fn beyond(&self, other: &Profile) -> Profile {
        // `min(0, 1 − b)` is at most zero for every share `b` (at most 1): nothing.
        if self.is_none() {
            return Profile::none();
        }
        if other.is_none() {
            return self.clone();
        }
        Profile::zip(self, other, |a, b| a.min(1.0 - b))
    }

    /// Every share multiplied by `factor` (in [0, 1]).
    pub fn scaled(&self, factor: f64) -> Profile {
        let mut out = Profile::none();
        for s in &self.segments {
            out.push(s.start, s.end, s.share * factor);
        }
        out
    }

    /// The profile cut to `[from, to)`.
    pub fn clipped(&self, from: f64, to: f64) -> Profile {
        let mut out = Profile::none();
        for s in &self.segments {
            out.push(s.start.max(from), s.end.min(to), s.share);
        }
        out
    }

    /// The profile where `mask` affects someone, and nothing elsewhere.
    pub fn only_where(&self, mask: &Profile) -> Profile {
        if self.is_none() || mask.is_none() {
            return Profile::none();
        }
        Profile::zip(self, mask, |a, m| if m > 0.0 { a } else { 0.0 })
    }

    /// The profile without its runs (stretches without a break) shorter than `minutes`: an
    /// interruption shorter than a journey's tolerance is not an outage.
    pub fn without_runs_shorter_than(&self, minutes: f64) -> Profile {
        if minutes <= 0.0 {
            return self.clone();
        }
        let mut out = Profile::none();
        let mut run: Vec<Segment> = Vec::new();
        let flush = |run: &mut Vec<Segment>, out: &mut Profile| {
            if let (Some(first), Some(last)) = (run.first(), run.last())
                && last.end - first.start >= minutes
            {
                for s in run.iter() {
                    out.push(s.start, s.end, s.share);
                }
            }
            run.clear();
        };
        for s in &self.segments {
            if run.last().is_some_and(|l| l.end != s.start) {
                flush(&mut run, &mut out);
            }
            run.push(*s);
        }
        flush(&mut run, &mut out);
        out
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The insertion sort of `cuts` orders as `total_cmp` does: every pair of a set of
    /// awkward numbers (both zeros, infinities, NaNs of both signs, the smallest and
    /// largest), and the cuts of profiles built from them as a sort by `total_cmp` gives.
    #[test]
    fn cuts_are_ordered_as_total_cmp_orders_them() {
        let awkward = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            1e-300,
            -1e-300,
            f64::MIN_POSITIVE / 2.0,
            f64::MAX,
            f64::MIN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            -f64::NAN,
            10.0,
            240.0,
        ];
        for a in awkward {
            for b in awkward {
                assert_eq!(
                    total_order_key(a).cmp(&total_order_key(b)),
                    a.total_cmp(&b),
                    "{a} against {b}"
                );
            }
        }
        // Profiles of up to two segments each (their cuts fit the buffer), from every
        // start and length of the finite numbers above, in every pairing.
        let finite: Vec<f64> = awkward.iter().copied().filter(|t| t.is_finite()).collect();
        let mut profiles = Vec::new();
        for &s in &finite {
            for &len in &[0.5, 3.0, 1e6] {
                let p = Profile::span(s, s + len, 0.5);
                profiles.push(p.max(&Profile::span(s + len, s + 2.0 * len, 1.0)));
                profiles.push(p);
            }
        }
        for a in &profiles {
            for b in &profiles {
                let mut buf = [0.0; 4 * INLINE];
                let mut heap = Vec::new();
                let got = Profile::cuts(&a.segments, &b.segments, &mut buf, &mut heap).to_vec();
                let want = cuts_by_total_cmp(a, b);
                assert_eq!(
                    got.iter().map(|t| t.to_bits()).collect::<Vec<_>>(),
                    want.iter().map(|t| t.to_bits()).collect::<Vec<_>>(),
                    "{a:?} and {b:?}"
                );
            }
        }
    }

    /// Both profiles' boundaries sorted by `total_cmp` and deduplicated by `==`: what
    /// `Profile::cuts` must give.
    fn cuts_by_total_cmp(a: &Profile, b: &Profile) -> Vec<f64> {
        let mut cuts: Vec<f64> = a
            .segments
            .iter()
            .chain(&b.segments)
            .flat_map(|s| [s.start, s.end])
            .collect();
        cuts.sort_by(f64::total_cmp);
        cuts.dedup();
        cuts
    }

    /// `zip` as it was before the twenty-first pass: every window's shares found by
    /// `Profile::at` from the first segment, the cuts sorted by `total_cmp`. The reference
    /// the faster `zip` is checked against, bit for bit.
    fn zip_by_at(a: &Profile, b: &Profile, f: impl Fn(f64, f64) -> f64) -> Profile {
        if b.is_none() {
            let mut out = Profile::none();
            for s in &a.segments {
                out.push(s.start, s.end, f(s.share, 0.0));
            }
            return out;
        }
        let cuts = cuts_by_total_cmp(a, b);
        let mut out = Profile::none();
        for w in cuts.windows(2) {
            let (t0, t1) = (w[0], w[1]);
            let mid = t0 + (t1 - t0) / 2.0;
            out.push(t0, t1, f(a.at(mid), b.at(mid)));
        }
        out
    }

    /// A xorshift generator of test inputs, from `seed` (not zero).
    pub(in crate::propagate) fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        }
    }

    /// A generated profile of one to five segments: touching and apart, from times that
    /// are adjacent floating-point numbers (a window whose midpoint rounds onto its end),
    /// both zeros, negative and very large, with shares that merge and shares that do not.
    pub(in crate::propagate) fn generated(next: &mut dyn FnMut() -> u64) -> Profile {
        let times = [
            -0.0,
            0.0,
            1.0,
            f64::from_bits(1.0f64.to_bits() + 1),
            f64::from_bits(1.0f64.to_bits() + 2),
            5.0,
            15.0,
            20.0,
            240.0,
            f64::from_bits(240.0f64.to_bits() + 1),
            -3.0,
            1e300,
            f64::MIN_POSITIVE,
            5e-324,
        ];
        let shares = [1.0, 0.5, 1.0 / 3.0, 0.25, 1e-13, 0.75];
        let mut p = Profile::none();
        let mut t = times[usize::try_from(next() % 14).unwrap_or(0)];
        for _ in 0..=next() % 5 {
            let end = if next().is_multiple_of(3) {
                // The next number or the one after (for negative times too).
                if next().is_multiple_of(2) {
                    t.next_up()
                } else {
                    t.next_up().next_up()
                }
            } else {
                t + [0.5, 1.0, 10.0, 1e6][usize::try_from(next() % 4).unwrap_or(0)]
            };
            let share = shares[usize::try_from(next() % 6).unwrap_or(0)];
            p = p.sum(&Profile::span(t, end, share));
            // Touching the next segment, or a gap before it.
            t = if next().is_multiple_of(2) {
                end
            } else {
                end + 1.0
            };
        }
        p
    }

    /// `beyond` and `minus` return nothing at once when they start from nothing: their
    /// windows give the same, since every share is at most 1 (`min(0, 1 − b)` and
    /// `max(0 − b, 0)` are never above zero).
    #[test]
    fn nothing_beyond_or_minus_anything_is_nothing() {
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
        let mut nonempty = 0;
        for _ in 0..2000 {
            let b = generated(&mut next);
            nonempty += usize::from(!b.is_none());
            let none = Profile::none();
            assert!(Profile::zip(&none, &b, |a, b| a.min(1.0 - b)).same(&none.beyond(&b)));
            assert!(Profile::zip(&none, &b, |a, b| (a - b).max(0.0)).same(&none.minus(&b)));
            assert!(none.beyond(&b).is_none() && none.minus(&b).is_none());
        }
        assert!(nonempty > 1800, "{nonempty}");
    }

    /// Every combination gives the same segments, bit for bit, as [`zip_by_at`], on
    /// generated profiles of one to five segments: touching and apart, from times that
    /// are adjacent floating-point numbers (a window whose midpoint rounds onto its end),
    /// both zeros, negative and very large, with shares that merge and shares that do not.
    #[test]
    fn zip_gives_what_finding_each_share_from_the_first_segment_gives() {
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        let profile = generated;
        type Op = (&'static str, fn(f64, f64) -> f64);
        let ops: [Op; 6] = [
            ("max", f64::max),
            ("min", f64::min),
            ("sum", |a, b| (a + b).min(1.0)),
            ("minus", |a, b| (a - b).max(0.0)),
            ("beyond", |a, b| a.min(1.0 - b)),
            ("only_where", |a, m| if m > 0.0 { a } else { 0.0 }),
        ];
        let mut compared = 0;
        for _ in 0..4000 {
            let a = profile(&mut next);
            let b = profile(&mut next);
            for (name, f) in ops {
                let (got, want) = (Profile::zip(&a, &b, f), zip_by_at(&a, &b, f));
                assert!(
                    got.same(&want),
                    "{name} of {a:?} and {b:?}: {got:?}, want {want:?}"
                );
                compared += 1;
            }
        }
        assert_eq!(compared, 24_000);
        // Windows wider than `f64::MAX` (a midpoint of +∞), before and between others.
        let wide = [
            (
                Profile::span(-1e308, 1e308, 1.0),
                Profile::span(1e308, 1.7e308, 1.0),
            ),
            (
                Profile::span(-1.7e308, 1.7e308, 0.5),
                Profile::span(-1.7e308, 0.0, 1.0),
            ),
            (
                Profile::span(-1.7e308, -1e308, 0.5).sum(&Profile::span(0.0, 1.7e308, 0.25)),
                Profile::span(1e308, 1.5e308, 1.0),
            ),
        ];
        for (a, b) in &wide {
            for (name, f) in ops {
                let (got, want) = (Profile::zip(a, b, f), zip_by_at(a, b, f));
                assert!(
                    got.same(&want),
                    "{name} of {a:?} and {b:?}: {got:?}, want {want:?}"
                );
            }
        }
        // The review's case: the window after the wide one keeps its share.
        let (a, b) = &wide[0];
        assert_eq!(
            a.max(b).segments.as_slice(),
            [Segment {
                start: 1e308,
                end: 1.7e308,
                share: 1.0
            }]
        );
    }

    #[test]
    fn max_of_a_partial_long_and_a_full_short_impact_by_hand() {
        // A third of users down for 20 minutes, everyone down for the first 5.
        let a = Profile::span(0.0, 20.0, 1.0 / 3.0);
        let b = Profile::all_for(5.0);
        let m = a.max(&b);
        assert_eq!(m.segments.len(), 2);
        // 5 × 1 + 15 × 1/3 = 10 share-weighted minutes.
        assert!((m.integral() - 10.0).abs() < 1e-12);
        assert_eq!(m.peak(), 1.0);
        assert_eq!(m.longest_run(), 20.0);
        assert_eq!(m.longest_at_least(0.9), 5.0);
        assert_eq!(m.end(), 20.0);
    }

    #[test]
    fn beyond_counts_degraded_users_only_where_they_are_not_down() {
        let down = Profile::span(0.0, 10.0, 0.5);
        let degraded = Profile::all_for(20.0);
        let d = degraded.beyond(&down);
        // 10 × 0.5 + 10 × 1 = 15.
        assert!((d.integral() - 15.0).abs() < 1e-12);
    }

    #[test]
    fn short_runs_are_dropped_long_ones_kept_whole() {
        let p = Profile::span(0.0, 0.5, 1.0).max(&Profile::span(10.0, 12.0, 0.2));
        let q = p.without_runs_shorter_than(1.0);
        assert_eq!(q.segments.len(), 1);
        assert_eq!(q.segments[0].start, 10.0);
        // A run made of two touching segments counts as one.
        let r = Profile::span(0.0, 0.6, 1.0).max(&Profile::span(0.6, 1.2, 0.5));
        assert_eq!(r.without_runs_shorter_than(1.0), r);
    }

    #[test]
    fn empty_and_degenerate_spans_are_nothing() {
        assert!(Profile::span(5.0, 5.0, 1.0).is_none());
        assert!(Profile::span(0.0, 5.0, 0.0).is_none());
        assert!(Profile::span(0.0, f64::INFINITY, 1.0).is_none());
        assert_eq!(Profile::none().integral(), 0.0);
        assert_eq!(Profile::span(0.0, 5.0, 2.0).peak(), 1.0);
    }

    #[test]
    fn sum_adds_disjoint_groups_up_to_everyone() {
        let third = Profile::span(0.0, 10.0, 1.0 / 3.0);
        let two = third.sum(&third);
        assert!((two.peak() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(two.sum(&two).peak(), 1.0);
    }

    #[test]
    fn profiles_longer_than_the_inline_storage_keep_every_segment() {
        // Four steps: 1/4 on [0,10), 1/2 on [10,20), 3/4 on [20,30), everyone on [30,40).
        let steps = (0..4).fold(Profile::none(), |p, k| {
            p.sum(&Profile::span(f64::from(k) * 10.0, 40.0, 0.25))
        });
        let shares: Vec<f64> = steps.segments.iter().map(|s| s.share).collect();
        assert_eq!(shares, [0.25, 0.5, 0.75, 1.0]);
        assert_eq!(steps.integral(), 25.0);
        assert_eq!(steps.clone(), steps);
        assert!(!steps.same(&steps.scaled(0.5)));
        // Merging equal neighbours still works after spilling to the heap.
        let flat = steps.max(&Profile::all_for(40.0));
        assert_eq!(flat.segments.len(), 1);
    }

    #[test]
    fn clipping_and_scaling() {
        let p = Profile::all_for(60.0).clipped(10.0, 30.0).scaled(0.5);
        assert_eq!(
            p.segments.as_slice(),
            [Segment {
                start: 10.0,
                end: 30.0,
                share: 0.5
            }]
        );
    }
}
