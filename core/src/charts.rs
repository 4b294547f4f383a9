//! The summary's charts for a manager (issue #18 item 4): calls over time split by outcome,
//! service level over time, a weekday × hour grid and satisfaction by wait band. One pass
//! over the filtered records' indices; each record's outcome is decided once
//! ([`crate::call_outcome::classify`]), with the KPI strip's definitions
//! ([`crate::kpi`]), so a chart's figures add up to the strip's.
//!
//! * **Over time** ([`Charts::series`]): the summary's buckets ([`crate::summary`]): per
//!   hour for records spanning at most 48 hours, else per calendar day, on the display
//!   zone's clock and calendar (a day is 23 or 25 hours across a change of offset; the hour a
//!   change repeats shows twice, labelled with its offset; a skipped hour does not show).
//!   Records without a plausible `callBegin` are counted in [`Charts::untimed`] only.
//! * **Weekday × hour** ([`Charts::week`]): the local weekday and wall-clock hour (0–23) of
//!   `callBegin` in the display zone, Monday first. Across a change of offset a call at
//!   01:30 counts in hour 1 whichever of the two 01:30s it was; the skipped hour stays empty.
//! * Each bucket and cell is a [`Tally`]: calls; answered; abandoned (short abandons
//!   included, as the strip's abandonment rate); other (not answered and unknown); short
//!   abandons and answered within `serviceLevelSeconds`, for the rates.
//! * **Satisfaction by wait band** ([`Charts::wait_bands`]): answered calls by their speed of
//!   answer (`ackBegin` − `waitBegin`, else `callBegin`), in the bands of
//!   [`WAIT_BAND_LIMITS_S`]: 0–10 s, 10–20 s, 20–60 s, 1–3 min and over 3 min, each band
//!   including its upper limit (so 20 s exactly is in 10–20 s, as it is "within 20 s" for
//!   the service level). Per band: answered, rated and satisfied calls (`satisfiedLevels`).
//!   Answered calls whose speed cannot be measured are in no band.
//!
//! Rates are kept as counts (part, whole) and shown by [`crate::kpi::ratio_text`]; comparing
//! two rates cross-multiplies, so no float is involved.

use crate::call_outcome::{classify, Analytics, CallOutcome};
use crate::fields::{Record, RecordField};
use crate::kpi::{rating, SatisfiedLevels};
use crate::summary::{hour_start, next_hour_start, slot_key, time_slots, Bucket, FxMap};
use crate::table::DisplayContext;
use crate::time::call_time_ms;
use crate::zone::Zone;

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// Upper limits of the wait bands, seconds, inclusive; a fifth band holds longer waits.
pub const WAIT_BAND_LIMITS_S: [u32; 4] = [10, 20, 60, 180];

/// How many wait bands there are ([`WAIT_BAND_LIMITS_S`] and one for longer waits).
pub const WAIT_BANDS: usize = WAIT_BAND_LIMITS_S.len() + 1;

/// A rate is compared with others (the busiest, highest, lowest of a chart's one-line
/// summary) only when its base holds at least this many calls, if any does: one abandoned
/// call of one is 100 %, which says little.
pub const MIN_BASE: usize = 10;

/// Calls of a bucket or cell, by outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Every call counted.
    pub calls: usize,
    /// Answered calls.
    pub answered: usize,
    /// Abandoned calls, short abandons included.
    pub abandoned: usize,
    /// Short abandons (also in `abandoned`).
    pub short_abandoned: usize,
    /// Answered calls whose speed of answer is at most `serviceLevelSeconds`.
    pub answered_within_target: usize,
}

impl Tally {
    pub(crate) fn add(&mut self, outcome: CallOutcome, within_target: bool) {
        self.calls += 1;
        match outcome {
            CallOutcome::Answered => {
                self.answered += 1;
                if within_target {
                    self.answered_within_target += 1;
                }
            }
            CallOutcome::Abandoned => self.abandoned += 1,
            CallOutcome::ShortAbandon => {
                self.abandoned += 1;
                self.short_abandoned += 1;
            }
            CallOutcome::NotAnswered | CallOutcome::Unknown => {}
        }
    }

    pub(crate) fn merge(&mut self, other: &Tally) {
        self.calls += other.calls;
        self.answered += other.answered;
        self.abandoned += other.abandoned;
        self.short_abandoned += other.short_abandoned;
        self.answered_within_target += other.answered_within_target;
    }

    /// Calls neither answered nor abandoned: not answered for another reason, or unknown.
    pub fn other(&self) -> usize {
        self.calls - self.answered - self.abandoned
    }

    /// (abandoned, calls): the abandonment rate's parts, short abandons included (the KPI
    /// strip's "Abandonment rate").
    pub fn abandonment(&self) -> (usize, usize) {
        (self.abandoned, self.calls)
    }

    /// (answered within the target, calls − short abandons): the service level's parts (the
    /// KPI strip's definition).
    pub fn service_level(&self) -> (usize, usize) {
        (
            self.answered_within_target,
            self.calls - self.short_abandoned,
        )
    }
}

/// One bucket of calls over time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimePoint {
    /// First instant, epoch ms.
    pub start_ms: i64,
    /// `"07-18 08:00"` (per hour; `"11-03 01:00 -04:00"` for an hour shown twice) or
    /// `"2022-07-18"` (per day), on the display zone's clock.
    pub label: String,
    /// Its calls.
    pub tally: Tally,
}

/// Answered calls of one wait band.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BandTally {
    /// Answered calls whose speed of answer is in the band.
    pub answered: usize,
    /// Of those, the rated ones (a non-empty `evaluationValue`).
    pub rated: usize,
    /// Of those, the ones at a satisfied level.
    pub satisfied: usize,
}

/// What a weekday × hour cell shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Metric {
    /// Calls.
    #[default]
    Volume,
    /// Abandonment rate, short abandons included ([`Tally::abandonment`]).
    Abandonment,
    /// Service level ([`Tally::service_level`]).
    ServiceLevel,
}

impl Metric {
    /// Every metric, in the order the page offers them.
    pub const ALL: [Metric; 3] = [Metric::Volume, Metric::Abandonment, Metric::ServiceLevel];

    /// A stable key: `"volume"`, `"abandonment"`, `"serviceLevel"`.
    pub fn key(self) -> &'static str {
        match self {
            Metric::Volume => "volume",
            Metric::Abandonment => "abandonment",
            Metric::ServiceLevel => "serviceLevel",
        }
    }

    /// The metric for a [`key`](Metric::key).
    pub fn from_key(key: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The value of a tally as a number to scale and compare: calls for the volume, the
    /// rate in tenths of a percent (0–1000, rounded half up) otherwise; `None` for a rate
    /// with nothing to divide by.
    pub fn value(self, t: &Tally) -> Option<usize> {
        match self {
            Metric::Volume => Some(t.calls),
            Metric::Abandonment => per_mille(t.abandonment()),
            Metric::ServiceLevel => per_mille(t.service_level()),
        }
    }

    /// (part, whole) of a rate; for the volume (calls, calls).
    pub fn parts(self, t: &Tally) -> (usize, usize) {
        match self {
            Metric::Volume => (t.calls, t.calls),
            Metric::Abandonment => t.abandonment(),
            Metric::ServiceLevel => t.service_level(),
        }
    }
}

/// `part / whole` in tenths of a percent, rounded half up; `None` when `whole` is 0.
pub fn per_mille((part, whole): (usize, usize)) -> Option<usize> {
    part.saturating_mul(1000)
        .saturating_add(whole / 2)
        .checked_div(whole)
}

/// A weekday × hour cell: weekday 0 (Monday) to 6 (Sunday), hour 0 to 23.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CellRef {
    /// 0 for Monday to 6 for Sunday.
    pub weekday: usize,
    /// The wall-clock hour, 0 to 23.
    pub hour: usize,
}

/// The most or least of something, for a chart's one-line summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Extreme<T> {
    /// Where: a cell, a bucket's or band's index.
    pub at: T,
    /// The rate's part (for a count, the count).
    pub part: usize,
    /// The rate's whole (for a count, the count).
    pub whole: usize,
    /// Whether bases under [`MIN_BASE`] calls (but above 0) were left out of the comparison.
    pub min_base_applied: bool,
}

/// The highest (`high`) or lowest rate among `items` (where, (part, whole)), the first of
/// equals; bases of at least [`MIN_BASE`] calls only, when there are any, else every base
/// above 0. `None` when no base is above 0.
pub fn extreme_rate<T: Copy>(
    items: impl Iterator<Item = (T, (usize, usize))> + Clone,
    high: bool,
) -> Option<Extreme<T>> {
    let big = items.clone().any(|(_, (_, whole))| whole >= MIN_BASE);
    let floor = if big { MIN_BASE } else { 1 };
    let left_out = big
        && items
            .clone()
            .any(|(_, (_, whole))| whole > 0 && whole < MIN_BASE);
    let mut best: Option<Extreme<T>> = None;
    for (at, (part, whole)) in items.filter(|&(_, (_, w))| w >= floor) {
        let better = best.is_none_or(|b| {
            // part/whole vs b.part/b.whole, exactly.
            let (x, y) = (
                part as u128 * b.whole as u128,
                b.part as u128 * whole as u128,
            );
            if high {
                x > y
            } else {
                x < y
            }
        });
        if better {
            best = Some(Extreme {
                at,
                part,
                whole,
                min_base_applied: left_out,
            });
        }
    }
    best
}

/// A colour scale in [`Scale::BINS`] steps over the values a grid shows (calls, or rates in
/// tenths of a percent): step `(v − lo) × 5 ÷ (hi − lo + 1)`, so each step covers a fifth
/// of the range, darker for higher values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale {
    /// The lowest value shown.
    pub lo: usize,
    /// The highest value shown.
    pub hi: usize,
}

impl Scale {
    /// How many steps.
    pub const BINS: usize = 5;

    /// The scale over `values`, from 0 when `from_zero` (counts), else from the lowest;
    /// `None` without values.
    pub fn of(values: impl Iterator<Item = usize>, from_zero: bool) -> Option<Scale> {
        let mut range: Option<(usize, usize)> = None;
        for v in values {
            range = Some(range.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))));
        }
        range.map(|(lo, hi)| Scale {
            lo: if from_zero { 0 } else { lo },
            hi,
        })
    }

    fn width(&self) -> usize {
        self.hi.saturating_sub(self.lo) + 1
    }

    /// The step (0 to `BINS − 1`) of a value.
    pub fn bin(&self, v: usize) -> usize {
        (v.saturating_sub(self.lo).saturating_mul(Self::BINS) / self.width()).min(Self::BINS - 1)
    }

    /// The values (inclusive) in a step, `None` when no whole value falls in it.
    pub fn range(&self, bin: usize) -> Option<(usize, usize)> {
        let w = self.width();
        let from = self.lo + (bin * w).div_ceil(Self::BINS);
        let to = (self.lo + ((bin + 1) * w).div_ceil(Self::BINS)).checked_sub(1)?;
        (from <= to && from <= self.hi).then_some((from, to.min(self.hi)))
    }
}

/// The charts' figures of a (filtered) result ([`charts`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Charts {
    /// Every record counted, timed or not.
    pub total: Tally,
    /// Records without a plausible `callBegin`: in `total` but in no bucket or cell.
    pub untimed: usize,
    /// How `series` is grouped.
    pub bucket: Bucket,
    /// Calls per hour or day, oldest first, empty buckets between the first and the last
    /// included (see the module documentation); at most [`crate::summary::MAX_BUCKETS`],
    /// the latest.
    pub series: Vec<TimePoint>,
    /// Calls per local weekday (Monday first) and wall-clock hour.
    pub week: [[Tally; 24]; 7],
    /// Answered calls per wait band ([`WAIT_BAND_LIMITS_S`]).
    pub wait_bands: [BandTally; WAIT_BANDS],
    /// Whether `satisfiedLevels` names any level (else satisfaction per band is not set).
    pub satisfaction_set: bool,
    /// `serviceLevelSeconds` the figures were computed with.
    pub service_level_seconds: u32,
}

impl Charts {
    /// The cell with the most calls (the first in the week, Monday 00:00 onwards, of
    /// equals); `None` when no cell has a call.
    pub fn busiest_cell(&self) -> Option<(CellRef, usize)> {
        let mut best: Option<(CellRef, usize)> = None;
        for (cell, t) in self.cells() {
            if t.calls > best.map_or(0, |b| b.1) {
                best = Some((cell, t.calls));
            }
        }
        best
    }

    /// Every cell with its tally, Monday 00:00 first.
    pub fn cells(&self) -> impl Iterator<Item = (CellRef, &Tally)> + Clone + '_ {
        self.week.iter().enumerate().flat_map(|(weekday, hours)| {
            hours
                .iter()
                .enumerate()
                .map(move |(hour, t)| (CellRef { weekday, hour }, t))
        })
    }

    /// The cell where a rate is worst: the highest abandonment or the lowest service level
    /// ([`extreme_rate`]); for the volume, the busiest cell.
    pub fn worst_cell(&self, metric: Metric) -> Option<Extreme<CellRef>> {
        let rates = self.cells().map(move |(c, t)| (c, metric.parts(t)));
        match metric {
            Metric::Volume => self.busiest_cell().map(|(at, n)| Extreme {
                at,
                part: n,
                whole: n,
                min_base_applied: false,
            }),
            Metric::Abandonment => extreme_rate(rates, true),
            Metric::ServiceLevel => extreme_rate(rates, false),
        }
    }

    /// The bucket with the most calls (the first of equals); `None` when none has a call.
    pub fn busiest_point(&self) -> Option<&TimePoint> {
        let mut best: Option<&TimePoint> = None;
        for p in &self.series {
            if p.tally.calls > best.map_or(0, |b| b.tally.calls) {
                best = Some(p);
            }
        }
        best
    }

    /// The buckets with the lowest and highest service level ([`extreme_rate`]), as indices
    /// into `series`.
    pub fn service_level_range(&self) -> Option<(Extreme<usize>, Extreme<usize>)> {
        let rates = self
            .series
            .iter()
            .enumerate()
            .map(|(i, p)| (i, p.tally.service_level()));
        extreme_rate(rates.clone(), false).zip(extreme_rate(rates, true))
    }

    /// The wait bands with the lowest and highest satisfaction ([`extreme_rate`] over
    /// satisfied ÷ rated), as indices into `wait_bands`; `None` when satisfaction is not set
    /// or nothing is rated.
    pub fn satisfaction_range(&self) -> Option<(Extreme<usize>, Extreme<usize>)> {
        if !self.satisfaction_set {
            return None;
        }
        let rates = self
            .wait_bands
            .iter()
            .enumerate()
            .map(|(i, b)| (i, (b.satisfied, b.rated)));
        extreme_rate(rates.clone(), false).zip(extreme_rate(rates, true))
    }
}

/// The wait band of a speed of answer (ms): the first whose limit it does not exceed.
pub fn wait_band(ms: i64) -> usize {
    WAIT_BAND_LIMITS_S
        .iter()
        .position(|&s| ms <= i64::from(s) * 1000)
        .unwrap_or(WAIT_BAND_LIMITS_S.len())
}

/// The hour bucket a call began in, with its cell, kept while calls fall in the same
/// hour (records mostly come in time order, so most calls skip the zone lookups and the
/// hash map).
#[derive(Clone, Copy, Debug)]
pub(crate) struct HourCache {
    /// The hour's [`hour_start`].
    pub(crate) start: i64,
    /// The next hour's start.
    pub(crate) end: i64,
    /// Its weekday and wall-clock hour.
    pub(crate) cell: CellRef,
}

impl HourCache {
    pub(crate) fn of(ms: i64, zone: &Zone) -> HourCache {
        let start = hour_start(ms, zone);
        let wall = zone.wall_ms(start);
        let day = wall.div_euclid(DAY_MS);
        HourCache {
            start,
            end: next_hour_start(start, zone),
            cell: CellRef {
                // 1970-01-01 (day 0) was a Thursday, weekday 3 counting from Monday.
                weekday: (day + 3).rem_euclid(7) as usize,
                hour: (wall.rem_euclid(DAY_MS) / HOUR_MS) as usize,
            },
        }
    }
}

/// Calls over time: the buckets covering `span` (the first and last `callBegin`, epoch ms)
/// with the calls of each hour (given by its [`hour_start`]) added to its bucket.
pub(crate) fn series<'t>(
    span: (i64, i64),
    hours: impl Iterator<Item = (i64, &'t Tally)>,
    zone: &Zone,
) -> (Bucket, Vec<TimePoint>) {
    let (bucket, slots) = time_slots(span, zone);
    let mut per_slot: FxMap<i64, Tally> = FxMap::default();
    for (start, t) in hours {
        per_slot
            .entry(slot_key(bucket, start, zone))
            .or_default()
            .merge(t);
    }
    let points = slots
        .into_iter()
        .map(|slot| TimePoint {
            start_ms: slot.start,
            tally: per_slot.get(&slot.key).copied().unwrap_or_default(),
            label: slot.label,
        })
        .collect();
    (bucket, points)
}

/// The charts' figures of the records at `indices` (out-of-range indices are skipped),
/// bucketed in `ctx`'s zone, outcomes and rates under `analytics` (see the module
/// documentation). One pass over the records.
pub fn charts(
    records: &[Record],
    indices: &[usize],
    ctx: &DisplayContext,
    analytics: &Analytics,
) -> Charts {
    let zone = &ctx.zone;
    let target_ms = i64::from(analytics.service_level_seconds) * 1000;
    let levels = SatisfiedLevels::new(analytics);
    let mut out = Charts {
        satisfaction_set: levels.is_set(),
        service_level_seconds: analytics.service_level_seconds,
        ..Charts::default()
    };
    let mut hours: FxMap<i64, Tally> = FxMap::default();
    let mut span: Option<(i64, i64)> = None;
    // The current hour and its calls so far, added to `hours` when another hour comes.
    let mut current: Option<(HourCache, Tally)> = None;
    for r in indices.iter().filter_map(|&i| records.get(i)) {
        let decision = classify(r, analytics.short_abandon_seconds);
        let begin = r.get(RecordField::CallBegin).and_then(call_time_ms);
        let speed = match decision.outcome {
            // As crate::kpi's speed of answer, with callBegin parsed once.
            CallOutcome::Answered => {
                let from = r
                    .get(RecordField::WaitBegin)
                    .and_then(call_time_ms)
                    .or(begin);
                decision
                    .answer_ms
                    .zip(from)
                    .and_then(|(a, f)| (a >= f).then_some(a - f))
            }
            _ => None,
        };
        let within = speed.is_some_and(|ms| ms <= target_ms);
        out.total.add(decision.outcome, within);
        if let Some(ms) = speed {
            let band = &mut out.wait_bands[wait_band(ms)];
            band.answered += 1;
            if let Some(v) = rating(r) {
                band.rated += 1;
                if levels.contains(v) {
                    band.satisfied += 1;
                }
            }
        }
        let Some(begin) = begin else {
            out.untimed += 1;
            continue;
        };
        span = Some(span.map_or((begin, begin), |(lo, hi)| (lo.min(begin), hi.max(begin))));
        let (hour, mut tally) = match current.take() {
            Some((c, t)) if c.start <= begin && begin < c.end => (c, t),
            other => {
                if let Some((c, t)) = other {
                    hours.entry(c.start).or_default().merge(&t);
                }
                (HourCache::of(begin, zone), Tally::default())
            }
        };
        tally.add(decision.outcome, within);
        out.week[hour.cell.weekday][hour.cell.hour].add(decision.outcome, within);
        current = Some((hour, tally));
    }
    if let Some((c, t)) = current {
        hours.entry(c.start).or_default().merge(&t);
    }
    if let Some(span) = span {
        (out.bucket, out.series) = series(span, hours.iter().map(|(&start, t)| (start, t)), zone);
    }
    out
}

/// A round top for a count axis from 0 that holds `max`, and its step: the lowest top made
/// of 3 to 5 steps of 1, 2, 2.5 or 5 times a power of ten, so the tallest bar fills most of
/// the plot (`910` → `(1000, 200)`; four steps of 500 to 2,000 left it under half).
/// On a tie, steps of 1, 2 or 5 (labels 200, 400, … read easier than 250, 500, …), then
/// fewer steps. Never `(0, 0)`: `max` 0 gives `(3, 1)`.
pub fn axis_top(max: usize) -> (usize, usize) {
    let max = max.max(1);
    let mut best: Option<(usize, bool, usize, usize)> = None;
    let mut magnitude: usize = 1;
    loop {
        for (tenths, quarter) in [(10, false), (20, false), (25, true), (50, false)] {
            let step = magnitude.saturating_mul(tenths) / 10;
            if step == 0 || step.saturating_mul(10) != magnitude.saturating_mul(tenths) {
                continue; // 2.5 has no whole step below 10
            }
            for n in 3..=5 {
                let top = step.saturating_mul(n);
                if top >= max {
                    let candidate = (top, quarter, n, step);
                    if best.is_none_or(|b| candidate < b) {
                        best = Some(candidate);
                    }
                }
            }
        }
        if magnitude > max / 3 || magnitude > usize::MAX / 10 {
            break;
        }
        magnitude *= 10;
    }
    best.map_or((max, max), |(top, _, _, step)| (top, step))
}

#[cfg(test)]
mod tests {
    #[test]
    fn axis_tops_are_round_and_leave_little_empty() {
        use super::axis_top;
        assert_eq!(axis_top(910), (1000, 200));
        assert_eq!(axis_top(1010), (1250, 250));
        assert_eq!(axis_top(0), (3, 1));
        assert_eq!(axis_top(7), (8, 2));
        assert_eq!(axis_top(40), (40, 10));
        for max in [usize::MAX / 3, usize::MAX] {
            let (top, step) = axis_top(max);
            assert!(top >= max && step > 0, "{max}: {top} {step}");
        }
        for max in (0..20_000).chain([1_000_000, 12_345_678]) {
            let (top, step) = axis_top(max);
            assert!(
                top >= max && step > 0 && top % step == 0,
                "{max}: {top} {step}"
            );
            assert!((3..=5).contains(&(top / step)), "{max}: {top} {step}");
            // The tallest bar fills at least about half of the plot.
            assert!(max < 2 || top <= max.saturating_mul(2), "{max}: {top}");
        }
    }

    use super::*;
    use crate::kpi::{kpis, ratio_text};
    use crate::zone::ZoneRules;

    const CST: Zone = Zone::Fixed {
        offset_minutes: 480,
    };
    const S: i64 = 1000;
    const H: i64 = HOUR_MS;
    /// 2026-11-23 00:00:00 UTC, a Monday; 08:00 in UTC+08:00.
    const MON: i64 = 1_795_392_000_000;

    /// A call beginning (and waiting) at `begin`: answered after `ack` seconds, or not
    /// (ending `end` seconds after `begin`, with `reason`), maybe rated.
    fn call(begin: i64, ack: Option<i64>, end: i64, reason: &str, rating: Option<&str>) -> Record {
        let at = |s: i64| (begin + s * S).to_string();
        Record::builder()
            .call_begin(&at(0))
            .wait_begin(&at(0))
            .with(RecordField::AckBegin, ack.map(at).as_deref())
            .call_end(&at(end))
            .leave_reason(reason)
            .with(RecordField::EvaluationValue, rating)
            .build()
    }

    fn answered(begin: i64, ack: i64, rating: Option<&str>) -> Record {
        call(begin, Some(ack), ack + 60, "88", rating)
    }

    fn abandoned(begin: i64, after: i64) -> Record {
        call(begin, None, after, "89", None)
    }

    fn not_answered(begin: i64) -> Record {
        call(begin, None, 8, "3", None)
    }

    fn ctx(zone: Zone) -> DisplayContext {
        DisplayContext {
            zone,
            ..DisplayContext::default()
        }
    }

    fn levels(l: &[&str]) -> Analytics {
        Analytics {
            satisfied_levels: l.iter().map(|s| s.to_string()).collect(),
            ..Analytics::default()
        }
    }

    fn all(records: &[Record]) -> Vec<usize> {
        (0..records.len()).collect()
    }

    /// Eight calls on Monday 2026-11-23 in UTC+08:00, worked out by hand below.
    fn monday() -> Vec<Record> {
        vec![
            // 08:00–08:59 CST: answered after 5 s and 30 s, abandoned after 40 s,
            // a short abandon (3 s).
            answered(MON, 5, Some("5")),
            answered(MON + 10 * 60 * S, 30, Some("2")),
            abandoned(MON + 20 * 60 * S, 40),
            abandoned(MON + 30 * 60 * S, 3),
            // 10:00 CST: answered after 20 s (exactly the target), no agent on duty.
            answered(MON + 2 * H, 20, Some("4")),
            not_answered(MON + 2 * H + 1),
            // 23:59:59 CST Monday, answered after 200 s.
            answered(MON + 16 * H - S, 200, None),
            // No begin time: counted, but in no bucket or cell.
            Record::builder().leave_reason("89").build(),
        ]
    }

    #[test]
    fn buckets_and_cells_split_a_monday_by_outcome() {
        let records = monday();
        let c = charts(&records, &all(&records), &ctx(CST), &levels(&["4", "5"]));
        // Totals: 8 calls, 4 answered, 3 abandoned (the one without a time too, its wait
        // unmeasurable so not short), 1 other; within 20 s: the 5 s and 20 s answers.
        assert_eq!(
            c.total,
            Tally {
                calls: 8,
                answered: 4,
                abandoned: 3,
                short_abandoned: 1,
                answered_within_target: 2,
            }
        );
        assert_eq!(c.total.other(), 1);
        assert_eq!(c.untimed, 1);
        // Within 48 hours: per hour, 08:00 to 23:00 CST, 16 buckets, empty ones included.
        assert_eq!(c.bucket, Bucket::Hour);
        assert_eq!(c.series.len(), 16);
        assert_eq!(c.series[0].label, "11-23 08:00");
        assert_eq!(c.series[0].start_ms, MON);
        assert_eq!(
            (
                c.series[0].tally.calls,
                c.series[0].tally.answered,
                c.series[0].tally.abandoned,
                c.series[0].tally.other()
            ),
            (4, 2, 2, 0)
        );
        assert_eq!(c.series[1].tally, Tally::default());
        assert_eq!(
            (c.series[2].tally.answered, c.series[2].tally.other()),
            (1, 1)
        );
        assert_eq!(c.series[15].label, "11-23 23:00");
        assert_eq!(c.series[15].tally.calls, 1);
        // Service level 08:00: 1 within 20 s of (4 − 1 short abandon) = 33.3 %; 10:00:
        // 1 of 2 = 50.0 %; 23:00: 0 of 1.
        assert_eq!(
            ratio_text(c.series[0].tally.service_level()).as_deref(),
            Some("33.3%")
        );
        assert_eq!(
            ratio_text(c.series[2].tally.service_level()).as_deref(),
            Some("50.0%")
        );
        assert_eq!(c.series[1].tally.service_level(), (0, 0));
        let (low, high) = c.service_level_range().expect("rates");
        // No bucket reaches 10 calls: every base above 0 is compared.
        assert_eq!(
            (low.at, low.part, low.whole, low.min_base_applied),
            (15, 0, 1, false)
        );
        assert_eq!((high.at, high.part, high.whole), (2, 1, 2));
        // Cells: Monday (weekday 0) 08:00 has 4 calls, 10:00 two, 23:00 one.
        assert_eq!(c.week[0][8].calls, 4);
        assert_eq!(c.week[0][10].calls, 2);
        assert_eq!(c.week[0][23].calls, 1);
        let placed: usize = c.cells().map(|(_, t)| t.calls).sum();
        assert_eq!(placed, 7);
        assert_eq!(
            c.busiest_cell(),
            Some((
                CellRef {
                    weekday: 0,
                    hour: 8
                },
                4
            ))
        );
        // Abandonment is highest at 08:00 (2 of 4); service level lowest at 23:00 (0 of 1).
        let worst = c.worst_cell(Metric::Abandonment).expect("a rate");
        assert_eq!(
            (worst.at, worst.part, worst.whole),
            (
                CellRef {
                    weekday: 0,
                    hour: 8
                },
                2,
                4
            )
        );
        let worst = c.worst_cell(Metric::ServiceLevel).expect("a rate");
        assert_eq!(
            worst.at,
            CellRef {
                weekday: 0,
                hour: 23
            }
        );
        assert_eq!(Metric::Abandonment.value(&c.week[0][8]), Some(500));
        assert_eq!(Metric::ServiceLevel.value(&c.week[0][8]), Some(333));
        assert_eq!(Metric::Volume.value(&c.week[0][9]), Some(0));
        assert_eq!(Metric::ServiceLevel.value(&c.week[0][9]), None);
        // In UTC the same calls are Monday 00:00, 02:00 and 15:00.
        let utc = charts(&records, &all(&records), &ctx(Zone::Utc), &levels(&[]));
        assert_eq!(
            (
                utc.week[0][0].calls,
                utc.week[0][2].calls,
                utc.week[0][15].calls
            ),
            (4, 2, 1)
        );
        assert_eq!(utc.series[0].label, "11-23 00:00");
    }

    #[test]
    fn the_figures_add_up_to_the_kpi_strip() {
        let records = monday();
        let a = levels(&["4", "5"]);
        let c = charts(&records, &all(&records), &ctx(CST), &a);
        let k = kpis(&records, &all(&records), &a);
        assert_eq!(c.total.calls, k.offered);
        assert_eq!(c.total.answered, k.answered);
        assert_eq!(c.total.abandoned, k.abandoned + k.short_abandoned);
        assert_eq!(c.total.service_level(), k.service_level());
        let timed: Tally = c.series.iter().fold(Tally::default(), |mut acc, p| {
            acc.merge(&p.tally);
            acc
        });
        // The untimed record is the only difference.
        assert_eq!(timed.calls + c.untimed, c.total.calls);
        assert_eq!(timed.answered, c.total.answered);
    }

    #[test]
    fn wait_bands_include_their_upper_limit() {
        assert_eq!(wait_band(0), 0);
        assert_eq!(wait_band(10_000), 0);
        assert_eq!(wait_band(10_001), 1);
        assert_eq!(wait_band(20_000), 1);
        assert_eq!(wait_band(60_000), 2);
        assert_eq!(wait_band(180_000), 3);
        assert_eq!(wait_band(180_001), 4);
        let records = monday();
        let c = charts(&records, &all(&records), &ctx(CST), &levels(&["4", "5"]));
        // Answers after 5 s (rated 5), 30 s (rated 2), 20 s (rated 4) and 200 s (unrated).
        assert_eq!(
            c.wait_bands,
            [
                BandTally {
                    answered: 1,
                    rated: 1,
                    satisfied: 1
                },
                BandTally {
                    answered: 1,
                    rated: 1,
                    satisfied: 1
                },
                BandTally {
                    answered: 1,
                    rated: 1,
                    satisfied: 0
                },
                BandTally::default(),
                BandTally {
                    answered: 1,
                    rated: 0,
                    satisfied: 0
                },
            ]
        );
        let (low, high) = c.satisfaction_range().expect("set and rated");
        assert_eq!((low.at, low.part, low.whole), (2, 0, 1));
        assert_eq!((high.at, high.part, high.whole), (0, 1, 1));
        // Without satisfiedLevels the counts stay and no satisfaction is compared.
        let unset = charts(&records, &all(&records), &ctx(CST), &levels(&[]));
        assert!(!unset.satisfaction_set);
        assert_eq!(unset.wait_bands[2].rated, 1);
        assert_eq!(unset.wait_bands[2].satisfied, 0);
        assert_eq!(unset.satisfaction_range(), None);
    }

    /// New York's 2024 changes: 2024-03-10T07:00Z to −4 h, 2024-11-03T06:00Z back to −5 h.
    fn new_york() -> Zone {
        Zone::named(
            ZoneRules::from_changes(
                "America/New_York",
                -5 * 3600,
                &[
                    (1_710_054_000_000, -4 * 3600),
                    (1_730_613_600_000, -5 * 3600),
                ],
            )
            .expect("valid"),
        )
    }

    #[test]
    fn weekday_and_hour_are_local_across_changes_of_offset() {
        // 2024-11-03 (a Sunday): 01:30 EDT (05:30Z) and 01:30 EST (06:30Z) are both
        // Sunday 01:00; 23:30 EST Sunday is already Monday 04:30 in UTC.
        let fall = 1_730_611_800_000; // 2024-11-03T05:30:00Z
                                      // 2024-03-10 (a Sunday): 01:30 EST (06:30Z), then 03:30 EDT (07:30Z); 02:00 is
                                      // skipped.
        let spring = 1_710_052_200_000; // 2024-03-10T06:30:00Z
        let records = vec![
            answered(fall, 5, None),
            answered(fall + H, 5, None),
            abandoned(fall + 23 * H, 60),
            answered(spring, 5, None),
            abandoned(spring + H, 60),
        ];
        let c = charts(&records, &all(&records), &ctx(new_york()), &levels(&[]));
        let sunday = &c.week[6];
        assert_eq!(
            sunday[1].calls, 3,
            "both 01:30s of Nov 3 and 01:30 of Mar 10"
        );
        assert_eq!(
            sunday[2].calls, 0,
            "skipped on Mar 10, not counted on Nov 3"
        );
        assert_eq!(sunday[3].calls, 1);
        assert_eq!((sunday[23].calls, sunday[23].abandoned), (1, 1));
        assert_eq!(c.week[0].iter().map(|t| t.calls).sum::<usize>(), 0);
        // In UTC the Nov 3 evening call is Monday 04:00.
        let utc = charts(&records, &all(&records), &ctx(Zone::Utc), &levels(&[]));
        assert_eq!(utc.week[0][4].calls, 1);
        // Over more than 48 hours: per day; Nov 3 is 25 hours long and holds all three.
        assert_eq!(c.bucket, Bucket::Day);
        let nov3 = c
            .series
            .iter()
            .find(|p| p.label == "2024-11-03")
            .expect("the day");
        assert_eq!(
            (nov3.tally.calls, nov3.tally.answered, nov3.tally.abandoned),
            (3, 2, 1)
        );
        let mar10 = &c.series[0];
        assert_eq!(mar10.label, "2024-03-10");
        assert_eq!(mar10.start_ms, 1_710_046_800_000); // 00:00 EST
        assert_eq!(mar10.tally.calls, 2);
        assert_eq!(c.series.iter().map(|p| p.tally.calls).sum::<usize>(), 5);
        // The Nov 3 calls alone span 23 hours: per hour, the repeated hour twice.
        let c = charts(&records, &[0, 1, 2], &ctx(new_york()), &levels(&[]));
        assert_eq!(c.bucket, Bucket::Hour);
        let labels: Vec<(&str, usize)> = c
            .series
            .iter()
            .take(3)
            .map(|p| (p.label.as_str(), p.tally.calls))
            .collect();
        assert_eq!(
            labels,
            [
                ("11-03 01:00 -04:00", 1),
                ("11-03 01:00 -05:00", 1),
                ("11-03 02:00", 0)
            ]
        );
    }

    #[test]
    fn rates_compare_big_bases_only_when_there_are_some() {
        // Cell A: 1 abandoned of 1 (100 %); cell B: 3 of 12 (25 %); cell C: 2 of 10.
        let items = [("a", (1, 1)), ("b", (3, 12)), ("c", (2, 10))];
        let high = extreme_rate(items.iter().copied(), true).expect("some");
        assert_eq!((high.at, high.min_base_applied), ("b", true));
        let low = extreme_rate(items.iter().copied(), false).expect("some");
        assert_eq!(low.at, "c");
        // Only small bases: all compared; equal rates keep the first.
        // Only big bases: none left out, nothing to say.
        let big = [("a", (1, 10)), ("b", (5, 20)), ("c", (0, 0))];
        let high = extreme_rate(big.iter().copied(), true).expect("some");
        assert_eq!((high.at, high.min_base_applied), ("b", false));
        let small = [("a", (1, 2)), ("b", (2, 4)), ("c", (0, 0))];
        let high = extreme_rate(small.iter().copied(), true).expect("some");
        assert_eq!((high.at, high.min_base_applied), ("a", false));
        assert_eq!(extreme_rate([("x", (0, 0))].into_iter(), true), None);
    }

    #[test]
    fn the_colour_scale_splits_the_range_in_fifths() {
        // Counts 0 to 99: steps of 20.
        let s = Scale::of([3, 99, 50].into_iter(), true).expect("values");
        assert_eq!((s.lo, s.hi), (0, 99));
        assert_eq!((s.bin(0), s.bin(19), s.bin(20), s.bin(99)), (0, 0, 1, 4));
        assert_eq!(s.range(0), Some((0, 19)));
        assert_eq!(s.range(4), Some((80, 99)));
        // Every value is in the step whose range holds it.
        for v in 0..=99 {
            let (from, to) = s.range(s.bin(v)).expect("a range");
            assert!(from <= v && v <= to, "{v}");
        }
        // Rates from their lowest: 400 to 402 per mille, three values in five steps.
        let s = Scale::of([400, 402].into_iter(), false).expect("values");
        let ranges: Vec<_> = (0..Scale::BINS).filter_map(|b| s.range(b)).collect();
        assert_eq!(ranges, [(400, 400), (401, 401), (402, 402)]);
        assert_eq!((s.bin(400), s.bin(401), s.bin(402)), (0, 1, 3));
        // One value: one step.
        let s = Scale::of([7].into_iter(), false).expect("a value");
        assert_eq!((s.bin(7), s.range(0)), (0, Some((7, 7))));
        assert_eq!(Scale::of([].into_iter(), true), None);
    }

    #[test]
    fn nothing_to_chart() {
        let c = charts(&[], &[], &ctx(CST), &levels(&[]));
        assert_eq!(c.series, Vec::new());
        assert_eq!(c.busiest_cell(), None);
        assert_eq!(c.busiest_point(), None);
        assert_eq!(c.service_level_range(), None);
        assert_eq!(c.worst_cell(Metric::ServiceLevel), None);
        let records = monday();
        // Out-of-range indices are skipped.
        let c = charts(&records, &[7, 99], &ctx(CST), &levels(&[]));
        assert_eq!((c.total.calls, c.untimed), (1, 1));
        assert!(c.series.is_empty());
        assert_eq!(Metric::from_key("serviceLevel"), Some(Metric::ServiceLevel));
        assert_eq!(Metric::from_key("x"), None);
    }
}
