//! Summary statistics of a result set for the supervisor's overview: satisfaction, call and
//! media type shares and average wait and talk times ([`summarize`]; the page computes the
//! same from the records' compact keys, [`crate::facets::FacetKeys::summary`]). Codes are
//! counted by their raw text first and labelled once at the end. Also the time buckets that
//! the charts' calls over time use ([`crate::charts`]).

use std::cmp::{Ordering, Reverse};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::codes::{code_number, CallType, MediaType};
use crate::facets::Figures;
use crate::fields::{Record, RecordField};
use crate::locale::Locale;
use crate::table::DisplayContext;
use crate::time::{civil_from_days, day_of, format_ms, format_offset, start_of_day};
use crate::zone::Zone;

const HOUR_MS: i64 = 3_600_000;
/// Records spanning at most this long are counted per hour, longer spans per day.
const HOURLY_SPAN_MS: i64 = 48 * HOUR_MS;
/// Most buckets of calls over time ([`crate::charts::Charts::series`]); with more, only the
/// latest are kept.
pub const MAX_BUCKETS: usize = 400;

/// One slice of a breakdown: a code, its label and how many records have it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Share {
    /// The value counted: the code (a numeric code as its number, so `"05"` and `"5"` are
    /// one share), or `""` for records without one.
    pub raw: String,
    /// What to show: the code's label in the locale, the configured satisfaction label, or
    /// the raw value when there is no label.
    pub label: String,
    /// Records in the share.
    pub count: usize,
}

impl Share {
    /// The share of `total` in tenths of a percent, rounded half up (0 when `total` is 0).
    pub fn per_mille(&self, total: usize) -> usize {
        self.count
            .saturating_mul(1000)
            .saturating_add(total / 2)
            .checked_div(total)
            .unwrap_or(0)
    }

    /// The share of `total` as shown, with one decimal: `"40.0%"`, `"33.3%"`. Integer
    /// arithmetic: float formatting would cost the page about 10 KB of code.
    pub fn percent_text(&self, total: usize) -> String {
        let tenths = self.per_mille(total);
        format!("{}.{}%", tenths / 10, tenths % 10)
    }
}

/// How calls over time are grouped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Bucket {
    /// Per hour (records spanning at most 48 hours).
    #[default]
    Hour,
    /// Per day.
    Day,
}

/// The overview of a (filtered) result set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records summarised.
    pub count: usize,
    /// By `evaluationValue`, in scale order: numeric values ascending, then other text,
    /// then "not rated" (raw `""`) last, so the scale reads in order whatever the counts.
    pub satisfaction: Vec<Share>,
    /// By `callType`, most frequent first (ties by code); missing codes as "Not set" (the
    /// filters' word for them) with raw `""`.
    pub by_call_type: Vec<Share>,
    /// By media type, ordered and labelled like `by_call_type`.
    pub by_media_type: Vec<Share>,
    /// Mean wait of every caller that has one, rounded, by the KPIs' rules
    /// ([`crate::kpi`]): an answered call's speed of answer (`ackBegin` − `waitBegin`, else
    /// `callBegin`), an abandoned call's wait until the caller hung up. The KPI strip's
    /// average speed of answer is the answered calls' part of it.
    pub avg_wait_ms: Option<i64>,
    /// Mean talk time of the answered calls, `callEnd` − `ackBegin`, rounded: the KPI
    /// strip's average talk. An unanswered call has none (its `callBegin` → `callEnd` is
    /// time spent waiting, not talking).
    pub avg_talk_ms: Option<i64>,
}

/// A small, fast hasher (the multiply-rotate scheme of rustc's FxHash) for the counting
/// maps: their keys are short codes and hour numbers, hashed once per record, where the
/// default SipHash would dominate the time. Not DoS-resistant, which a summary of one's own
/// search results does not need.
#[derive(Clone, Copy, Default)]
pub(crate) struct Fx(u64);

impl Fx {
    fn add(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// A counted value: a numeric code, other text (trimmed), or missing. Also the sort order
/// of the scale: numbers, then text, then missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Value<'a> {
    Num(u32),
    Text(&'a str),
    Missing,
}

pub(crate) fn value_of(raw: Option<&str>) -> Value<'_> {
    match raw.map(str::trim) {
        None | Some("") => Value::Missing,
        Some(t) => code_number(t).map_or(Value::Text(t), Value::Num),
    }
}

/// Counts of each value of one field.
#[derive(Default)]
struct Tally<'a>(FxMap<Value<'a>, usize>);

impl<'a> Tally<'a> {
    fn add(&mut self, raw: Option<&'a str>) {
        *self.0.entry(value_of(raw)).or_insert(0) += 1;
    }

    /// The values with their counts, in no particular order.
    fn counted(&self) -> Vec<(Value<'a>, usize)> {
        self.0.iter().map(|(&v, &n)| (v, n)).collect()
    }
}

/// The shares, labelled; `by_count` sorts most frequent first, otherwise in value order.
fn shares<'v, 'l>(
    mut counted: Vec<(Value<'v>, usize)>,
    by_count: bool,
    label: impl Fn(&str) -> Option<&'l str>,
    missing: &str,
) -> Vec<Share> {
    // One sort through a function pointer: each closure would be its own copy of the
    // sort in the page's code.
    type Order<'v> = fn(&(Value<'v>, usize), &(Value<'v>, usize)) -> Ordering;
    let order: Order<'v> = if by_count {
        |a, b| (Reverse(a.1), a.0).cmp(&(Reverse(b.1), b.0))
    } else {
        |a, b| a.0.cmp(&b.0)
    };
    counted.sort_by(order);
    counted
        .into_iter()
        .map(|(v, count)| {
            let raw = match v {
                Value::Num(n) => n.to_string(),
                Value::Text(t) => t.to_string(),
                Value::Missing => String::new(),
            };
            let label = match v {
                Value::Missing => missing.to_string(),
                _ => label(&raw).unwrap_or(&raw).to_string(),
            };
            Share { raw, label, count }
        })
        .collect()
}

/// What a [`Summary`] is made of before labelling: the records counted, per breakdown
/// (satisfaction, call type, media type) each value's count in any order, and the mean
/// wait and talk (ms).
pub(crate) struct Counted<'v> {
    pub(crate) count: usize,
    pub(crate) satisfaction: Vec<(Value<'v>, usize)>,
    pub(crate) call_types: Vec<(Value<'v>, usize)>,
    pub(crate) media_types: Vec<(Value<'v>, usize)>,
    pub(crate) avg_wait_ms: Option<i64>,
    pub(crate) avg_talk_ms: Option<i64>,
}

impl Counted<'_> {
    /// The summary: shares ordered and labelled in `ctx`'s locale (see [`Summary`]).
    pub(crate) fn labelled(self, ctx: &DisplayContext) -> Summary {
        let locale = ctx.locale;
        // A missing code reads as the filters' value list reads it: "Unknown" is an outcome.
        let (not_rated, not_set) = if locale == Locale::ZhCn {
            ("未评价", "未设置")
        } else {
            ("Not rated", "Not set")
        };
        let labels = &ctx.evaluation_labels;
        Summary {
            count: self.count,
            satisfaction: shares(
                self.satisfaction,
                false,
                |raw| labels.configured(raw),
                not_rated,
            ),
            by_call_type: shares(
                self.call_types,
                true,
                |raw| CallType::label_of(raw, locale),
                not_set,
            ),
            by_media_type: shares(
                self.media_types,
                true,
                |raw| MediaType::label_of(raw, locale),
                not_set,
            ),
            avg_wait_ms: self.avg_wait_ms,
            avg_talk_ms: self.avg_talk_ms,
        }
    }
}

/// A running mean of non-negative millisecond spans (the summary's and the KPIs' averages).
#[derive(Default)]
pub(crate) struct Mean {
    sum: i128,
    n: i128,
}

impl Mean {
    pub(crate) fn add(&mut self, ms: Option<i64>) {
        if let Some(ms) = ms {
            self.sum += i128::from(ms);
            self.n += 1;
        }
    }

    pub(crate) fn get(&self) -> Option<i64> {
        if self.n == 0 {
            return None;
        }
        // Round half away from zero; spans are never negative.
        i64::try_from((self.sum + self.n / 2).div_euclid(self.n)).ok()
    }
}

/// Summarises the records at `indices` (out-of-range indices are skipped), labelled and
/// bucketed for `ctx`'s locale and zone. See [`Summary`] for what each part holds.
pub fn summarize(records: &[Record], indices: &[usize], ctx: &DisplayContext) -> Summary {
    let mut count = 0;
    let mut satisfaction = Tally::default();
    let mut call_types = Tally::default();
    let mut media_types = Tally::default();
    let mut wait = Mean::default();
    let mut talk = Mean::default();
    for r in indices.iter().filter_map(|&i| records.get(i)) {
        count += 1;
        satisfaction.add(r.get(RecordField::EvaluationValue));
        call_types.add(r.get(RecordField::CallType));
        media_types.add(r.get(RecordField::MediaType));
        let figures = Figures::of(r, ctx.short_abandon_seconds);
        wait.add(figures.wait_ms);
        talk.add(figures.talk_ms);
    }
    Counted {
        count,
        satisfaction: satisfaction.counted(),
        call_types: call_types.counted(),
        media_types: media_types.counted(),
        avg_wait_ms: wait.get(),
        avg_talk_ms: talk.get(),
    }
    .labelled(ctx)
}

/// The first instant of the hour `ms` falls in: the wall-clock hour on the zone's clock,
/// cut at a change of offset (so a 30-minute change, as on Lord Howe Island, starts a
/// bucket at the change).
pub(crate) fn hour_start(ms: i64, zone: &Zone) -> i64 {
    let wall = zone.wall_ms(ms);
    let start = ms.saturating_sub(wall.rem_euclid(HOUR_MS));
    match zone.last_change_at_or_before(ms) {
        Some(change) if change > start => change,
        _ => start,
    }
}

/// The hour bucket after the one starting at `start`.
pub(crate) fn next_hour_start(start: i64, zone: &Zone) -> i64 {
    let wall = zone.wall_ms(start);
    let end = start.saturating_add(HOUR_MS - wall.rem_euclid(HOUR_MS));
    match zone.next_change_after(start) {
        Some(change) if change < end => change,
        _ => end,
    }
}

/// One bucket of calls over time: its first instant, its label and the key that
/// [`slot_key`] gives the hours inside it.
pub(crate) struct Slot {
    /// First instant, epoch ms.
    pub start: i64,
    /// `"07-18 08:00"` (an hour; with its offset when the hour shows twice) or
    /// `"2022-07-18"` (a day).
    pub label: String,
    /// The hour's start (hours) or the day number (days).
    pub key: i64,
}

/// The key of the bucket an hour (given by its [`hour_start`]) falls in.
pub(crate) fn slot_key(bucket: Bucket, hour_start: i64, zone: &Zone) -> i64 {
    match bucket {
        Bucket::Hour => hour_start,
        Bucket::Day => day_of(hour_start, zone),
    }
}

/// The buckets covering `lo..=hi` (epoch ms) on the zone's clock, oldest first, empty ones
/// included: per hour for spans up to [`HOURLY_SPAN_MS`], else per day; at most
/// [`MAX_BUCKETS`], the latest. (See [`crate::charts::Charts::series`] for the labels.)
pub(crate) fn time_slots((lo, hi): (i64, i64), zone: &Zone) -> (Bucket, Vec<Slot>) {
    if hi - lo > HOURLY_SPAN_MS {
        let last = day_of(hi, zone);
        let first = day_of(lo, zone).max(last - (MAX_BUCKETS as i64 - 1));
        let slots = (first..=last)
            .map(|d| {
                let (y, m, day) = civil_from_days(d);
                Slot {
                    start: start_of_day(d, zone),
                    label: format!("{y:04}-{m:02}-{day:02}"),
                    key: d,
                }
            })
            .collect();
        return (Bucket::Day, slots);
    }
    let last = hour_start(hi, zone);
    let mut starts = vec![hour_start(lo, zone)];
    while let Some(&s) = starts.last() {
        let next = next_hour_start(s, zone);
        if next > last || next <= s {
            break;
        }
        starts.push(next);
    }
    if starts.len() > MAX_BUCKETS {
        starts.drain(..starts.len() - MAX_BUCKETS);
    }
    let mut slots: Vec<Slot> = starts
        .iter()
        .map(|&start| {
            let text = format_ms(start, zone);
            // "2022-07-18 08:00:00" -> "07-18 08:00"; the text is this crate's own ASCII.
            let label = text.get(5..16).unwrap_or(&text).to_string();
            Slot {
                start,
                label,
                key: start,
            }
        })
        .collect();
    // The hour a change turns back shows twice: say which is which.
    let repeated: Vec<bool> = slots
        .iter()
        .map(|a| slots.iter().filter(|b| b.label == a.label).count() > 1)
        .collect();
    for (slot, twice) in slots.iter_mut().zip(repeated) {
        if twice {
            slot.label.push(' ');
            slot.label
                .push_str(&format_offset(zone.offset_seconds_at(slot.start)));
        }
    }
    (Bucket::Hour, slots)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::EvaluationLabels;
    use crate::fields::RecordField;
    use crate::time::Zone;
    use std::collections::BTreeMap;

    const CST: Zone = Zone::Fixed {
        offset_minutes: 480,
    };
    /// 2022-07-18 00:00:00 UTC, 08:00 in UTC+08:00.
    const T0: i64 = 1_658_102_400_000;
    const H: i64 = HOUR_MS;

    fn rec(begin: i64, talk_s: i64, ct: Option<&str>, mt: &str, ev: Option<&str>) -> Record {
        Record::builder()
            .wait_begin(&(begin - 10_000).to_string())
            .ack_begin(&begin.to_string())
            .call_begin(&begin.to_string())
            .call_end(&(begin + talk_s * 1000).to_string())
            .with(RecordField::CallType, ct)
            .media_type(mt)
            .with(RecordField::EvaluationValue, ev)
            .build()
    }

    fn ctx(locale: Locale, zone: Zone) -> DisplayContext {
        DisplayContext {
            zone,
            locale,
            evaluation_labels: EvaluationLabels(BTreeMap::from([
                ("1".to_string(), "Very satisfied".to_string()),
                ("3".to_string(), "Unsatisfied".to_string()),
            ])),
            ..DisplayContext::default()
        }
    }

    fn sample() -> Vec<Record> {
        vec![
            rec(T0, 60, Some("0"), "5", Some("3")),
            rec(T0 + 10 * 60_000, 120, Some("1"), "5", Some("1")),
            rec(T0 + 2 * H + 5, 30, Some("0"), "19", None),
            rec(T0 + 3 * H, 90, None, "10", Some(" 1 ")),
            rec(T0 + 3 * H + 1, 0, Some("00"), "5", Some("2")),
        ]
    }

    /// The charts' calls over time ([`crate::charts::Charts::series`], bucketed here by
    /// [`time_slots`]): each bucket's start, label and calls.
    fn series(
        records: &[Record],
        indices: &[usize],
        ctx: &DisplayContext,
    ) -> (Bucket, Vec<(String, String, usize)>) {
        let c = crate::charts::charts(records, indices, ctx, &Default::default());
        let points = c
            .series
            .into_iter()
            .map(|p| (p.start_ms.to_string(), p.label, p.tally.calls))
            .collect();
        (c.bucket, points)
    }

    fn labels(points: &[(String, String, usize)]) -> Vec<(&str, usize)> {
        points.iter().map(|(_, l, n)| (l.as_str(), *n)).collect()
    }

    fn pairs(shares: &[Share]) -> Vec<(&str, &str, usize)> {
        shares
            .iter()
            .map(|s| (s.raw.as_str(), s.label.as_str(), s.count))
            .collect()
    }

    #[test]
    fn breakdowns_label_count_and_add_up() {
        let records = sample();
        let all: Vec<usize> = (0..records.len()).collect();
        let s = summarize(&records, &all, &ctx(Locale::En, CST));
        assert_eq!(s.count, 5);
        assert_eq!(
            pairs(&s.satisfaction),
            [
                ("1", "Very satisfied", 2),
                ("2", "2", 1),
                ("3", "Unsatisfied", 1),
                ("", "Not rated", 1)
            ]
        );
        assert_eq!(
            pairs(&s.by_call_type),
            [
                ("0", "Inbound", 3),
                ("1", "Outbound", 1),
                ("", "Not set", 1)
            ]
        );
        assert_eq!(
            pairs(&s.by_media_type),
            [("5", "Voice", 3), ("10", "10", 1), ("19", "Video", 1)]
        );
        for shares in [&s.satisfaction, &s.by_call_type, &s.by_media_type] {
            assert_eq!(shares.iter().map(|x| x.count).sum::<usize>(), s.count);
        }
        assert_eq!(s.avg_wait_ms, Some(10_000));
        assert_eq!(s.avg_talk_ms, Some(60_000));
        assert_eq!(s.satisfaction[0].percent_text(s.count), "40.0%");
        // Spans that end before they begin, or are not times, count in no average.
        let odd = rec(T0, 1, None, "5", None)
            .to_builder()
            .call_end(&(T0 - 1).to_string())
            .ack_begin("100010")
            .build();
        let s = summarize(std::slice::from_ref(&odd), &[0], &ctx(Locale::En, CST));
        assert_eq!((s.avg_wait_ms, s.avg_talk_ms), (None, None));
        assert_eq!((odd.wait_ms(), odd.duration_ms()), (None, None));
        assert_eq!(Share::default().percent_text(0), "0.0%");
        let third = Share {
            count: 1,
            ..Share::default()
        };
        assert_eq!(third.percent_text(3), "33.3%");
        assert_eq!(third.percent_text(6), "16.7%");
        assert_eq!(third.percent_text(1), "100.0%");
        assert_eq!(third.percent_text(2000), "0.1%");
        assert_eq!(third.percent_text(2001), "0.0%");
    }

    #[test]
    fn short_spans_go_per_hour_in_the_zone_with_gaps_filled() {
        let records = sample();
        let all: Vec<usize> = (0..records.len()).collect();
        let (bucket, points) = series(&records, &all, &ctx(Locale::En, CST));
        assert_eq!(bucket, Bucket::Hour);
        let starts: Vec<&str> = points.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(
            starts,
            [
                "1658102400000",
                "1658106000000",
                "1658109600000",
                "1658113200000"
            ]
        );
        assert_eq!(
            labels(&points),
            [
                ("07-18 08:00", 2),
                ("07-18 09:00", 0),
                ("07-18 10:00", 1),
                ("07-18 11:00", 2)
            ]
        );
        let (_, utc) = series(&records, &all, &ctx(Locale::En, Zone::Utc));
        assert_eq!(utc[0].1, "07-18 00:00");
        // A half-hour zone buckets by its own wall-clock hours.
        let india = Zone::Fixed {
            offset_minutes: 330,
        };
        let (_, points) = series(&records, &all, &ctx(Locale::En, india));
        assert_eq!(points[0].1, "07-18 05:00");
        assert_eq!(points[0].0, (T0 - 30 * 60_000).to_string());
        assert_eq!(points.iter().map(|p| p.2).sum::<usize>(), 5);
    }

    #[test]
    fn long_spans_go_per_day_at_local_midnight() {
        let records = vec![
            rec(T0 - H, 1, None, "5", None),      // 2022-07-18 07:00 CST
            rec(T0 + 16 * H, 1, None, "5", None), // 2022-07-19 00:00 CST
            rec(T0 + 3 * 24 * H, 1, None, "5", None),
            Record::default(),
        ];
        let all: Vec<usize> = (0..records.len()).collect();
        let (bucket, points) = series(&records, &all, &ctx(Locale::En, CST));
        assert_eq!(bucket, Bucket::Day);
        assert_eq!(
            labels(&points),
            [
                ("2022-07-18", 1),
                ("2022-07-19", 1),
                ("2022-07-20", 0),
                ("2022-07-21", 1)
            ]
        );
        assert_eq!(summarize(&records, &all, &ctx(Locale::En, CST)).count, 4);
        // In UTC the first two fall on one day.
        let (_, points) = series(&records, &all, &ctx(Locale::En, Zone::Utc));
        assert_eq!(points[0].1, "2022-07-17");
        assert_eq!(points[1].2, 1);
        // Exactly 48 hours is still hourly.
        let two_days = vec![
            rec(T0, 1, None, "5", None),
            rec(T0 + 48 * H, 1, None, "5", None),
        ];
        let (bucket, points) = series(&two_days, &[0, 1], &ctx(Locale::En, CST));
        assert_eq!(bucket, Bucket::Hour);
        assert_eq!(points.len(), 49);
    }

    #[test]
    fn very_long_spans_keep_the_latest_buckets() {
        let records = vec![
            rec(T0, 1, None, "5", None),
            rec(T0 + 1000 * 24 * H, 1, None, "5", None),
        ];
        let (_, points) = series(&records, &[0, 1], &ctx(Locale::En, Zone::Utc));
        assert_eq!(points.len(), MAX_BUCKETS);
        assert_eq!(points.last().map(|p| p.2), Some(1));
    }

    #[test]
    fn chinese_labels() {
        let records = sample();
        let all: Vec<usize> = (0..records.len()).collect();
        let s = summarize(&records, &all, &ctx(Locale::ZhCn, CST));
        assert_eq!(s.by_call_type[0].label, "呼入");
        assert_eq!(s.by_call_type[2].label, "未设置");
        assert_eq!(s.by_media_type[0].label, "语音");
        assert_eq!(
            s.satisfaction.last().map(|x| x.label.as_str()),
            Some("未评价")
        );
    }

    /// The statistics row and the KPI strip count waits and talk alike: a caller who gave
    /// up waited until hanging up and talked to no one.
    #[test]
    fn abandoned_calls_wait_until_they_hang_up_and_have_no_talk_time() {
        let abandoned = |wait_s: i64| {
            Record::builder()
                .wait_begin(&T0.to_string())
                .call_begin(&T0.to_string())
                .call_end(&(T0 + wait_s * 1000).to_string())
                .leave_reason("89")
                .build()
        };
        let records = [abandoned(40), abandoned(80)];
        let c = ctx(Locale::En, CST);
        let s = summarize(&records, &[0, 1], &c);
        assert_eq!((s.avg_wait_ms, s.avg_talk_ms), (Some(60_000), None));
        let k = crate::kpi::kpis(&records, &[0, 1], &Default::default());
        assert_eq!(k.longest_wait_ms, Some(80_000));
        assert_eq!(k.average_talk_ms, s.avg_talk_ms);
        // Answered: the wait is the speed of answer, the talk runs from the answer.
        let answered = Record::builder()
            .wait_begin(&T0.to_string())
            .call_begin(&T0.to_string())
            .ack_begin(&(T0 + 15_000).to_string())
            .call_end(&(T0 + 75_000).to_string())
            .build();
        let s = summarize(std::slice::from_ref(&answered), &[0], &c);
        assert_eq!((s.avg_wait_ms, s.avg_talk_ms), (Some(15_000), Some(60_000)));
    }

    #[test]
    fn empty_and_out_of_range_input() {
        let s = summarize(&[], &[], &DisplayContext::default());
        assert_eq!(s, Summary::default());
        let records = sample();
        let s = summarize(&records, &[1, 99], &DisplayContext::default());
        assert_eq!(s.count, 1);
        assert_eq!(s.avg_talk_ms, Some(120_000));
        let s = summarize(&[Record::default()], &[0], &DisplayContext::default());
        assert_eq!(s.count, 1);
        assert_eq!((s.avg_wait_ms, s.avg_talk_ms), (None, None));
        assert_eq!(pairs(&s.by_call_type), [("", "Not set", 1)]);
    }
}
