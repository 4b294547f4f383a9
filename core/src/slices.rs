//! Complete results: the plan that fetches every call a capped answer counted.
//!
//! `queryCallManualDetailInfo` has no paging: an answer holds at most the service's cap
//! (5,000 on a sibling interface) while `total` counts every match (API-NOTES.md). The only
//! way to the rest is more queries over narrower time ranges. [`SlicePlan`] decides which:
//! it splits the searched range into slices sized from the totals and from where the first
//! answer's records lie ([`SlicePlan::after_first_answer`]), splits again any slice
//! whose answer is still short, and stops at [`MIN_SLICE_WIDTH_MS`]. It does no I/O: the app
//! asks it for the next slice to request ([`SlicePlan::next_request`]) and tells it what
//! came back ([`SlicePlan::answered`], [`SlicePlan::failed`]).
//!
//! Nothing lost, nothing doubled, whichever way the service reads `endDate`: every slice is
//! requested as `beginDate = begin`, `endDate = end` of its half-open range `[begin, end)`,
//! and a record that begins at or after `end` (an inclusive service also returns those) is
//! dropped from every slice but the last ([`SlicePlan::keeps`]), since the next slice, which
//! begins there, returns it too. The last slice keeps what the service returns, as the
//! single query over the whole range did. [`Merge`] then adds a slice's records to the
//! records of the first, capped answer without adding those a second time.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

/// The narrowest slice the plan requests, in ms. A slice narrower than twice this is not
/// split, and if its answer is still short it is reported ([`SliceState::Narrowest`]).
pub const MIN_SLICE_WIDTH_MS: i64 = 1_000;

/// Requests per slice before it is listed as failed: the first and 3 retries.
pub const MAX_ATTEMPTS: u32 = 4;

/// The first retry waits this long (ms) times 1–2 (jitter); each later one twice as long.
pub const FIRST_BACKOFF_MS: u32 = 500;

/// The wait (ms) before the retry that follows request number `attempts` (1 = the first
/// request): [`FIRST_BACKOFF_MS`] doubled for each earlier retry, times 1 + `jitter`
/// (`jitter` in `[0, 1)`, clamped), so requests that failed together do not return together.
pub fn backoff_ms(attempts: u32, jitter: f64) -> u32 {
    let base = FIRST_BACKOFF_MS.saturating_mul(1 << attempts.saturating_sub(1).min(10));
    let spread = (f64::from(base) * jitter.clamp(0.0, 1.0)) as u32;
    base.saturating_add(spread)
}

/// Slices are planned to hold this share of the cap on average (percent), so that a slice
/// a little busier than average still comes back whole.
const FILL_PERCENT: u64 = 80;

/// The bins [`SlicePlan::after_first_answer`] counts the first answer's records in: about
/// 5 minutes each over a week, finer than a busy hour, coarse enough to count in a moment.
const SPREAD_BINS: u64 = 2_048;

/// Records that stop this many times their spacing near a range's end short of it are taken
/// as every call up to where they stop ([`SlicePlan::after_first_answer`]). A sample of
/// every call would leave a gap that wide about once in e^20 times.
const EDGE_GAP_SPACINGS: i64 = 20;

/// How many of the records nearest an end give their spacing there.
const EDGE_SAMPLE: usize = 20;

/// The estimated calls in each of [`SPREAD_BINS`] equal bins over `whole` (the bins and
/// their masses, summing to `total`), from the first answer's record begin times `begins`
/// (see [`SlicePlan::after_first_answer`]). `None` with fewer than 2 records in the range.
fn spread_mass(whole: Span, total: u64, begins: &[i64]) -> Option<(Vec<Span>, Vec<f64>)> {
    // A record at the end itself (an end-inclusive service) counts in the last bin.
    let mut times: Vec<i64> = begins
        .iter()
        .copied()
        .filter(|&t| whole.begin <= t && t <= whole.end)
        .map(|t| t.min(whole.end.saturating_sub(1)))
        .collect();
    if times.len() < 2 || whole.width() < 2 {
        return None;
    }
    times.sort_unstable();
    let n = times.len();
    let k = (n - 1).min(EDGE_SAMPLE);
    let (lo, hi) = (times[0], times[n - 1]);
    // Saturating: a range as wide as i64 allows must not overflow (a panic kills the page).
    let spacing_begin = (times[k].saturating_sub(lo) / k as i64).max(1);
    let spacing_end = (hi.saturating_sub(times[n - 1 - k]) / k as i64).max(1);
    let cut_begin =
        lo.saturating_sub(whole.begin) > EDGE_GAP_SPACINGS.saturating_mul(spacing_begin);
    let cut_end = whole.end.saturating_sub(1).saturating_sub(hi)
        > EDGE_GAP_SPACINGS.saturating_mul(spacing_end);
    let bins = whole.split(SPREAD_BINS.min((whole.width() / MIN_SLICE_WIDTH_MS).max(1) as u64));
    let bin_of = |t: i64| bins.partition_point(|b| b.end <= t).min(bins.len() - 1);
    let mut mass = vec![0f64; bins.len()];
    let total = (total as f64).max(n as f64);
    let (weight, rest) = if cut_begin || cut_end {
        (1.0, total - n as f64)
    } else {
        (total / n as f64, 0.0)
    };
    for &t in &times {
        mass[bin_of(t)] += weight;
    }
    // The calls the records leave out, spread evenly over the gap(s) they leave.
    let gaps: Vec<Span> = [
        cut_begin.then_some(Span {
            begin: whole.begin,
            end: lo,
        }),
        cut_end.then_some(Span {
            begin: hi + 1,
            end: whole.end,
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    let gap_width = gaps
        .iter()
        .fold(0i64, |sum, g| sum.saturating_add(g.width()));
    if rest > 0.0 && gap_width > 0 {
        let density = rest / gap_width as f64;
        for gap in &gaps {
            for (bin, m) in bins.iter().zip(mass.iter_mut()) {
                let overlap = bin
                    .end
                    .min(gap.end)
                    .saturating_sub(bin.begin.max(gap.begin));
                if overlap > 0 {
                    *m += density * overlap as f64;
                }
            }
        }
    }
    Some((bins, mass))
}

/// A half-open time range `[begin, end)`, epoch ms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// First ms in the range.
    pub begin: i64,
    /// First ms after the range.
    pub end: i64,
}

impl Span {
    /// Width in ms (0 for an empty or reversed range).
    pub fn width(self) -> i64 {
        self.end.saturating_sub(self.begin).max(0)
    }

    /// Whether `ms` lies in the range.
    pub fn contains(self, ms: i64) -> bool {
        self.begin <= ms && ms < self.end
    }

    /// `parts` consecutive ranges that cover this one exactly, widths differing by at most
    /// 1 ms. `parts` is clamped to 1..=width. Any range of `i64` ms, however wide.
    pub fn split(self, parts: u64) -> Vec<Span> {
        // In i128: the width of the widest ranges, and `width * i`, overflow 64 bits.
        let width = (i128::from(self.end) - i128::from(self.begin)).max(1);
        let parts = u64::try_from(width)
            .map_or(parts, |w| parts.clamp(1, w))
            .max(1);
        let at = |i: u64| {
            let offset = width * i128::from(i) / i128::from(parts);
            i64::try_from(i128::from(self.begin) + offset).unwrap_or(i64::MAX)
        };
        (0..parts)
            .map(|i| Span {
                begin: at(i),
                end: at(i + 1),
            })
            .collect()
    }
}

/// A slice of a [`SlicePlan`], by position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SliceId(pub usize);

/// Where one slice stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SliceState {
    /// Not requested yet (or to be requested again).
    Waiting,
    /// A request is in flight.
    InFlight,
    /// Failed `attempts` times; requested again after a pause ([`SlicePlan::failed`]).
    Backoff {
        /// Requests made so far.
        attempts: u32,
    },
    /// Failed [`MAX_ATTEMPTS`] times, or in a way a retry cannot fix; listed for the
    /// user's *Retry* ([`SlicePlan::retry`]).
    Failed {
        /// Requests made so far.
        attempts: u32,
    },
    /// Answered in full: `total` calls, all returned.
    Whole {
        /// The service's count for the slice.
        total: u64,
    },
    /// Answered short and replaced by narrower slices.
    Split,
    /// Answered short but too narrow to split: `returned` of `total` calls are loaded.
    Narrowest {
        /// The service's count for the slice.
        total: u64,
        /// Records it returned.
        returned: u64,
    },
}

#[derive(Clone, Debug)]
struct Slice {
    span: Span,
    state: SliceState,
    attempts: u32,
}

/// What [`SlicePlan::answered`] decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The slice is whole: keep its records.
    Whole,
    /// The slice was short and is replaced by these narrower slices: drop its records.
    Split(Vec<SliceId>),
    /// The slice was short and cannot be narrowed: keep its records; the set stays partial.
    Narrowest,
}

/// What [`SlicePlan::failed`] decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterFailure {
    /// Request the slice again ([`SlicePlan::resume`]) after this many ms.
    RetryIn(u32),
    /// Give up; the slice is listed as failed.
    GaveUp,
}

/// The slices of one complete load and where each stands. See the module docs.
#[derive(Clone, Debug)]
pub struct SlicePlan {
    whole: Span,
    cap: u64,
    slices: Vec<Slice>,
    waiting: VecDeque<SliceId>,
    edge_dropped: u64,
}

impl SlicePlan {
    /// No slice yet over `whole`, for a service that caps answers at `returned` records.
    fn empty(whole: Span, returned: u64) -> SlicePlan {
        SlicePlan {
            whole,
            cap: returned.max(1),
            slices: Vec::new(),
            waiting: VecDeque::new(),
            edge_dropped: 0,
        }
    }

    /// The plan after the first answer over `whole` counted `total` calls but returned only
    /// `returned` (the service's cap). Plans slices that should each hold about
    /// [`FILL_PERCENT`]% of the cap if calls were spread evenly; busier ones split again.
    pub fn after_capped_answer(whole: Span, total: u64, returned: u64) -> SlicePlan {
        let mut plan = SlicePlan::empty(whole, returned);
        for span in plan.children(whole, total) {
            plan.push(span);
        }
        plan
    }

    /// The plan after the first answer over `whole` counted `total` calls but returned only
    /// `returned` (the service's cap), from where those records lie in time: `begins` holds
    /// their begin times (epoch ms, any order; leave out those that cannot be read).
    ///
    /// Calls bunch (office hours), so slices of equal width come back short where calls
    /// are dense and must be split again ([`SlicePlan::after_capped_answer`]). The
    /// returned records show where calls are, whichever subset the service returns:
    /// - records spread to both ends of the range are taken as a sample of every call: each
    ///   stands for `total / returned` calls (a service that returns an arbitrary subset);
    /// - records that stop short of an end by far more than their own spacing near that end
    ///   ([`EDGE_GAP_SPACINGS`]) are taken as every call where they lie (a service that
    ///   returns the first or last matches by time), and the calls they leave out as spread
    ///   evenly over the gap(s).
    ///
    /// Slices are then cut where the estimated calls reach [`FILL_PERCENT`]% of the cap,
    /// counted in [`SPREAD_BINS`] bins of equal width. A wrong estimate only costs requests:
    /// a slice that comes back short is split as before.
    pub fn after_first_answer(whole: Span, total: u64, returned: u64, begins: &[i64]) -> SlicePlan {
        let mut plan = SlicePlan::empty(whole, returned);
        let spans = match spread_mass(whole, total, begins) {
            Some((bins, mass)) => plan.cut_by_mass(&bins, &mass),
            None => plan.children(whole, total),
        };
        for span in spans {
            plan.push(span);
        }
        plan
    }

    /// Consecutive `bins` joined into slices that each hold at most the planned share of the
    /// cap by `mass` (estimated calls per bin); a bin estimated above it alone is split
    /// evenly, no part narrower than the minimum width.
    fn cut_by_mass(&self, bins: &[Span], mass: &[f64]) -> Vec<Span> {
        let per_slice = (self.cap * FILL_PERCENT / 100).max(1) as f64;
        let mut spans = Vec::new();
        let mut open: Option<(i64, f64)> = None;
        for (bin, &m) in bins.iter().zip(mass) {
            if m > per_slice {
                if let Some((begin, _)) = open.take() {
                    spans.push(Span {
                        begin,
                        end: bin.begin,
                    });
                }
                let widest = (bin.width() / MIN_SLICE_WIDTH_MS).max(1) as u64;
                let parts = ((m / per_slice).ceil() as u64).clamp(1, widest);
                spans.extend(bin.split(parts));
                continue;
            }
            open = match open {
                Some((begin, acc)) if acc + m <= per_slice => Some((begin, acc + m)),
                Some((begin, _)) => {
                    spans.push(Span {
                        begin,
                        end: bin.begin,
                    });
                    Some((bin.begin, m))
                }
                None => Some((bin.begin, m)),
            };
        }
        if let Some((begin, _)) = open {
            spans.push(Span {
                begin,
                end: self.whole.end,
            });
        }
        spans
    }

    /// The range the plan covers.
    pub fn whole(&self) -> Span {
        self.whole
    }

    /// How many slices to split `span` into for `total` calls: enough for each to hold the
    /// planned share of the cap, at least 2, and none narrower than the minimum width.
    fn children(&self, span: Span, total: u64) -> Vec<Span> {
        let per_slice = (self.cap * FILL_PERCENT / 100).max(1);
        let wanted = total.div_ceil(per_slice).max(2);
        let widest = (span.width() / MIN_SLICE_WIDTH_MS).max(1) as u64;
        span.split(wanted.min(widest))
    }

    fn push(&mut self, span: Span) -> SliceId {
        let id = SliceId(self.slices.len());
        self.slices.push(Slice {
            span,
            state: SliceState::Waiting,
            attempts: 0,
        });
        self.waiting.push_back(id);
        id
    }

    /// The next slice to request, marked in flight; `None` when none waits.
    pub fn next_request(&mut self) -> Option<(SliceId, Span)> {
        let id = self.waiting.pop_front()?;
        let slice = self.slices.get_mut(id.0)?;
        slice.state = SliceState::InFlight;
        slice.attempts += 1;
        Some((id, slice.span))
    }

    /// A slice's range.
    pub fn span(&self, id: SliceId) -> Option<Span> {
        self.slices.get(id.0).map(|s| s.span)
    }

    /// A slice's state.
    pub fn state(&self, id: SliceId) -> Option<SliceState> {
        self.slices.get(id.0).map(|s| s.state)
    }

    /// Whether a record of slice `id` that begins at `begin_ms` belongs to it: records at or
    /// after the slice's end belong to the next slice (an end-inclusive service returns them
    /// twice), except in the last slice, which keeps what the whole query would. A record
    /// whose time cannot be read is kept.
    pub fn keeps(&self, id: SliceId, begin_ms: Option<i64>) -> bool {
        let (Some(span), Some(ms)) = (self.span(id), begin_ms) else {
            return true;
        };
        let first = span.begin == self.whole.begin;
        let last = span.end == self.whole.end;
        (first || ms >= span.begin) && (last || ms < span.end)
    }

    /// Counts records a whole slice returned that [`SlicePlan::keeps`] dropped: part of the
    /// proof (their slice's total counted them, and so did the next slice's).
    pub fn note_edge_dropped(&mut self, count: u64) {
        self.edge_dropped += count;
    }

    /// Records the answer to slice `id`: the service counted `total` (`None` when it sent no
    /// count) and returned `returned` records.
    pub fn answered(&mut self, id: SliceId, total: Option<u64>, returned: u64) -> Verdict {
        let Some(slice) = self.slices.get(id.0) else {
            return Verdict::Narrowest;
        };
        let span = slice.span;
        let total = total.unwrap_or(returned).max(returned);
        if total <= returned {
            self.set_state(id, SliceState::Whole { total });
            return Verdict::Whole;
        }
        // The service's cap is what a short answer returns; a smaller short answer (a
        // service under load?) must not make the plan split ever finer.
        self.cap = self.cap.max(returned);
        if span.width() < 2 * MIN_SLICE_WIDTH_MS {
            self.set_state(id, SliceState::Narrowest { total, returned });
            return Verdict::Narrowest;
        }
        self.set_state(id, SliceState::Split);
        let children = self.children(span, total);
        Verdict::Split(children.into_iter().map(|s| self.push(s)).collect())
    }

    /// Records a failed request for slice `id`. `retryable` failures (a 5xx, a timeout, a
    /// dropped connection, "too many requests") are retried up to [`MAX_ATTEMPTS`] requests
    /// in all, with exponential backoff; `jitter` in `[0, 1)` spreads the retries of slices
    /// that failed together. Others are listed at once.
    pub fn failed(&mut self, id: SliceId, retryable: bool, jitter: f64) -> AfterFailure {
        let Some(attempts) = self.slices.get(id.0).map(|s| s.attempts) else {
            return AfterFailure::GaveUp;
        };
        if !retryable || attempts >= MAX_ATTEMPTS {
            self.set_state(id, SliceState::Failed { attempts });
            return AfterFailure::GaveUp;
        }
        self.set_state(id, SliceState::Backoff { attempts });
        AfterFailure::RetryIn(backoff_ms(attempts, jitter))
    }

    /// Puts a slice that waits for its retry (or one whose request was stopped, such as by
    /// a 401 that pauses the load) back in line, without counting an attempt against it.
    pub fn resume(&mut self, id: SliceId) {
        let Some(slice) = self.slices.get_mut(id.0) else {
            return;
        };
        if matches!(
            slice.state,
            SliceState::Backoff { .. } | SliceState::InFlight
        ) {
            if slice.state == SliceState::InFlight {
                slice.attempts = slice.attempts.saturating_sub(1);
            }
            slice.state = SliceState::Waiting;
            self.waiting.push_front(id);
        }
    }

    /// The user's *Retry* on a failed slice: three more retries from now.
    pub fn retry(&mut self, id: SliceId) {
        let Some(slice) = self.slices.get_mut(id.0) else {
            return;
        };
        if matches!(slice.state, SliceState::Failed { .. }) {
            slice.state = SliceState::Waiting;
            slice.attempts = 0;
            self.waiting.push_back(id);
        }
    }

    fn set_state(&mut self, id: SliceId, state: SliceState) {
        if let Some(slice) = self.slices.get_mut(id.0) {
            slice.state = state;
        }
    }

    /// Where the load stands.
    pub fn progress(&self) -> Progress {
        let mut progress = Progress {
            edge_dropped: self.edge_dropped,
            ..Progress::default()
        };
        for (index, slice) in self.slices.iter().enumerate() {
            match slice.state {
                SliceState::Waiting | SliceState::Backoff { .. } => progress.waiting += 1,
                SliceState::InFlight => progress.in_flight += 1,
                SliceState::Whole { total } => {
                    progress.whole += 1;
                    progress.whole_total += total;
                }
                SliceState::Split => {}
                SliceState::Narrowest { total, returned } => {
                    progress.narrowest.push((slice.span, total, returned))
                }
                SliceState::Failed { attempts } => {
                    progress.failed.push((SliceId(index), slice.span, attempts))
                }
            }
        }
        progress
    }

    /// The slices that cover the range now (none of them split), in time order. Once the
    /// load settles they partition [`SlicePlan::whole`].
    pub fn leaves(&self) -> Vec<(SliceId, Span, SliceState)> {
        let mut leaves: Vec<_> = self
            .slices
            .iter()
            .enumerate()
            .filter(|(_, s)| s.state != SliceState::Split)
            .map(|(i, s)| (SliceId(i), s.span, s.state))
            .collect();
        leaves.sort_by_key(|(_, span, _)| span.begin);
        leaves
    }
}

/// A summary of a [`SlicePlan`]: what is left, what failed, and the proof's numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Slices waiting for a request or a retry.
    pub waiting: usize,
    /// Slices with a request in flight.
    pub in_flight: usize,
    /// Slices answered in full.
    pub whole: usize,
    /// Sum of the whole slices' totals.
    pub whole_total: u64,
    /// Records dropped as belonging to the next slice ([`SlicePlan::keeps`]).
    pub edge_dropped: u64,
    /// Slices too narrow to split that came back short: range, total, returned.
    pub narrowest: Vec<(Span, u64, u64)>,
    /// Slices that failed: id (for *Retry*), range, requests made.
    pub failed: Vec<(SliceId, Span, u32)>,
}

impl Progress {
    /// Whether nothing is waiting or in flight.
    pub fn is_settled(&self) -> bool {
        self.waiting == 0 && self.in_flight == 0
    }

    /// Whether every slice came back whole: the set is complete.
    pub fn is_complete(&self) -> bool {
        self.is_settled() && self.narrowest.is_empty() && self.failed.is_empty()
    }

    /// The number of calls the whole slices hold: their totals less the records counted
    /// by two neighbouring slices. Once complete, the loaded set must hold exactly this many.
    pub fn proven_count(&self) -> u64 {
        self.whole_total.saturating_sub(self.edge_dropped)
    }
}

/// Adds the records of whole slices to the records of the first, capped answer (shown
/// while the rest load) without doubling them: a slice's record identical to one of those
/// first records is that record. Only identical records are the same call's record: one
/// callId may carry several.
#[derive(Clone, Debug)]
pub struct Merge<R: Hash + Eq> {
    /// How many of each first-answer record no slice has returned yet.
    unmatched: HashMap<R, u32>,
    unmatched_count: u64,
}

impl<R: Hash + Eq + Clone> Merge<R> {
    /// A merge over the first answer's records.
    pub fn new(first_answer: &[R]) -> Merge<R> {
        let mut unmatched: HashMap<R, u32> = HashMap::with_capacity(first_answer.len());
        for record in first_answer {
            *unmatched.entry(record.clone()).or_default() += 1;
        }
        Merge {
            unmatched,
            unmatched_count: first_answer.len() as u64,
        }
    }

    /// Whether a whole slice's record is new (to be added) rather than one of the first
    /// answer's records, already shown.
    pub fn admit(&mut self, record: &R) -> bool {
        match self.unmatched.get_mut(record) {
            Some(count) if *count > 0 => {
                *count -= 1;
                self.unmatched_count -= 1;
                false
            }
            _ => true,
        }
    }

    /// First-answer records no whole slice returned. Once the load is complete this is 0,
    /// unless calls changed during the load.
    pub fn unmatched(&self) -> u64 {
        self.unmatched_count
    }
}

#[cfg(test)]
mod tests;
