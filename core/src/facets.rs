//! The result's filters beside the quick filter (issue #18): outcome chips, multi-select
//! filters on call type, media type, leave reason and satisfaction, and ranges of wait,
//! talk and total duration. All client-side, over the records loaded.
//!
//! **The model** ([`Filters`]): a set of outcomes (empty: all), a set of selected values
//! per [`Facet`] (empty: any) and a [`SecondsRange`] per [`Span`] (unset: any). A record
//! passes when it passes every part; within one part, any selected value or outcome will
//! do (OR within a facet, AND across facets, as in every faceted search).
//!
//! **Values** are compared as [`value_key`] normalises them: a code that is a number by
//! [`code_number`] as that number (`" 05"` is `"5"`, as the labels and the KPIs read it),
//! anything else trimmed; a missing or blank value is `""`, "not set".
//!
//! **Durations** are the record detail's: wait `waitBegin`→`ackBegin`, talk (an answered
//! call's) `ackBegin`→`callEnd`, and the call's duration `callBegin`→`callEnd` as the
//! table's Duration column shows it ([`Record::wait_ms`], `Decision::talk_ms`,
//! [`Record::duration_ms`]),
//! in whole seconds rounded down, as the detail shows them (`0:20` for 20.9 s). A call the
//! caller gave up on has no answer: its wait is how long they waited before hanging up,
//! `waitBegin` (else `callBegin`) to `callEnd`, as the detail's outcome line and the KPIs'
//! longest wait count it (`crate::call_outcome`), so "abandoned after more than 10 s" is a
//! filter. A range is inclusive at both ends. A record whose duration cannot be measured
//! (a time missing or not a time, an end before its start; e.g. a call not answered for
//! another reason has no wait) fails a range that is set: nothing says it is inside.
//!
//! **Counts** ([`FacetCounts`]): each facet's counts are those of the records that pass
//! the quick filter and every *other* part of the filters, so a count is what the result
//! holds once that value is added to the facet's selection (for a facet with nothing
//! selected, exactly the rows it would leave) — the usual faceted-search rule, which keeps
//! the other values of a facet visible and countable while one is selected.
//!
//! **Speed.** [`FacetKeys`] holds one compact key per record (outcome, value ids, seconds,
//! the record's part in the key figures, which the summary's averages share; 40 bytes), its
//! `callBegin` and its hour on the display zone's clock (12 bytes), computed once per
//! answer and `shortAbandonSeconds` (the hours again per zone, from the begin times) and
//! extended as a load appends records. A chip click is then one pass over integers for the
//! rows and counts ([`apply`]) and, while the Summary shows, one each for the KPI strip
//! ([`FacetKeys::kpis`]), the statistics ([`FacetKeys::summary`]) and the charts
//! ([`FacetKeys::charts`]), with no time parsing.
//!
//! **Links** ([`to_params`], [`from_params`]): `outcome=answered,shortAbandon`
//! ([`CallOutcome::key`]), `fCallType=0,1`, `fMediaType`, `fLeaveReason`, `fSatisfaction`
//! (values percent-encoded, joined by `,`; an empty one is "not set"), and
//! `wait=10..60`, `talk=..300`, `total=5..` (seconds). The reader ignores every other key
//! and anything it cannot read, and never panics.

use std::borrow::Cow;
use std::collections::BTreeSet;

use crate::call_outcome::{classify, outcome_of, Analytics, CallOutcome};
use crate::codes::code_number;
use crate::fields::{shown_duration_ms, Record, RecordField};
use crate::kpi::{kpis, Kpis};
use crate::share::{percent_decode, percent_encode_into};
use crate::summary::{FxMap, Mean};
use crate::time::call_time_ms;
use crate::zone::Zone;

mod figures;

use figures::{HourIndex, NO_BEGIN};

/// A field filtered by a list of its values, with a count per value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Facet {
    /// `callType`.
    CallType,
    /// `mediatype`.
    MediaType,
    /// `leaveReason`.
    LeaveReason,
    /// `evaluationValue`.
    Satisfaction,
}

impl Facet {
    /// Every facet, in the order the page shows them.
    pub const ALL: [Facet; 4] = [
        Facet::CallType,
        Facet::MediaType,
        Facet::LeaveReason,
        Facet::Satisfaction,
    ];

    /// The record field it filters.
    pub fn field(self) -> RecordField {
        match self {
            Facet::CallType => RecordField::CallType,
            Facet::MediaType => RecordField::MediaType,
            Facet::LeaveReason => RecordField::LeaveReason,
            Facet::Satisfaction => RecordField::EvaluationValue,
        }
    }

    /// Its key in a link (`fCallType`, …), also a stable DOM id part.
    pub fn param(self) -> &'static str {
        match self {
            Facet::CallType => "fCallType",
            Facet::MediaType => "fMediaType",
            Facet::LeaveReason => "fLeaveReason",
            Facet::Satisfaction => "fSatisfaction",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A duration filtered by a range of seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Span {
    /// `waitBegin` to `ackBegin` ([`Record::wait_ms`]); for a call the caller gave up on,
    /// `waitBegin` (else `callBegin`) to `callEnd` (`Decision::abandon_wait_ms`).
    Wait,
    /// An answered call's `ackBegin` to `callEnd` (`Decision::talk_ms`, the KPIs' talk);
    /// none for a call not answered.
    Talk,
    /// The call's duration, `callBegin` to `callEnd` as the table's Duration column shows
    /// it ([`Record::duration_ms`]). Its link key stays `total`, for links made before.
    Duration,
}

impl Span {
    /// Every span, in the order the page shows them.
    pub const ALL: [Span; 3] = [Span::Wait, Span::Talk, Span::Duration];

    /// Its key in a link (`wait`, `talk`, `total`), also a stable DOM id part.
    pub fn param(self) -> &'static str {
        match self {
            Span::Wait => "wait",
            Span::Talk => "talk",
            Span::Duration => "total",
        }
    }

    /// The record's duration in whole seconds (rounded down), if it can be measured.
    pub fn seconds(self, r: &Record) -> Option<u32> {
        let ms = match self {
            // The limit for a short abandon changes neither.
            Span::Wait => classify(r, 0).wait_ms(r),
            Span::Talk => classify(r, 0).talk_ms(r),
            Span::Duration => r.duration_ms(),
        }?;
        Some(whole_seconds(ms))
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A measured span's whole seconds (rounded down), saturating below [`UNMEASURED`].
fn whole_seconds(ms: i64) -> u32 {
    u32::try_from(ms / 1000).unwrap_or(u32::MAX - 1)
}

/// The largest bound a range takes, in seconds (115 days: far beyond any call).
pub const MAX_SECONDS: u32 = 9_999_999;

/// Most values one facet of a link selects; the rest are ignored (a hostile link).
pub const MAX_LINK_VALUES: usize = 200;

/// Longest value a link selects, in bytes after decoding; longer ones are ignored.
pub const MAX_VALUE_BYTES: usize = 256;

/// An inclusive range of whole seconds; an unset end is open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SecondsRange {
    /// At least this many seconds.
    pub min: Option<u32>,
    /// At most this many seconds.
    pub max: Option<u32>,
}

impl SecondsRange {
    /// Whether either end is set.
    pub fn is_set(&self) -> bool {
        self.min.is_some() || self.max.is_some()
    }

    /// Whether a duration (seconds; `None`: not measured) is in the range. An unset range
    /// takes everything; a set one never takes an unmeasured duration.
    pub fn contains(&self, seconds: Option<u32>) -> bool {
        if !self.is_set() {
            return true;
        }
        let Some(s) = seconds else { return false };
        self.min.is_none_or(|m| s >= m) && self.max.is_none_or(|m| s <= m)
    }
}

/// What is wrong with a range typed in the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeError {
    /// An end is not a whole number of seconds (`"abc"`, `"1.5"`); `true` for the max.
    NotANumber(bool),
    /// An end is negative; `true` for the max.
    Negative(bool),
    /// An end is above [`MAX_SECONDS`]; `true` for the max.
    TooLarge(bool),
    /// The minimum is above the maximum.
    MinAboveMax,
}

impl RangeError {
    /// Whether the problem is the maximum's field (`false`: the minimum's, or both).
    pub fn is_max(self) -> bool {
        matches!(
            self,
            RangeError::NotANumber(true) | RangeError::Negative(true) | RangeError::TooLarge(true)
        )
    }
}

fn parse_end(text: &str, is_max: bool) -> Result<Option<u32>, RangeError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let (negative, digits) = match t.strip_prefix('-').or_else(|| t.strip_prefix('\u{2212}')) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RangeError::NotANumber(is_max));
    }
    if negative && digits.bytes().any(|b| b != b'0') {
        return Err(RangeError::Negative(is_max));
    }
    match digits.parse::<u64>() {
        Ok(n) if n <= u64::from(MAX_SECONDS) => Ok(u32::try_from(n).ok()),
        _ => Err(RangeError::TooLarge(is_max)),
    }
}

/// Reads a range as typed: each end blank (open) or a whole number of seconds, 0 to
/// [`MAX_SECONDS`], spaces around it ignored; the minimum at most the maximum. The
/// minimum's problem is reported first.
pub fn parse_range(min: &str, max: &str) -> Result<SecondsRange, RangeError> {
    let min = parse_end(min, false)?;
    let max = parse_end(max, true)?;
    if let (Some(a), Some(b)) = (min, max) {
        if a > b {
            return Err(RangeError::MinAboveMax);
        }
    }
    Ok(SecondsRange { min, max })
}

/// A value as the facets compare it (see the [module notes](self)): a number's digits
/// without leading zeros, else the trimmed text; `""` for missing or blank.
pub fn value_key(raw: Option<&str>) -> String {
    value_key_of(raw).into_owned()
}

/// [`value_key`], borrowed from `raw` unless a number is written otherwise than its digits
/// (`" 05"`, `"5.0"`): making the keys looks every value up without allocating.
fn value_key_of(raw: Option<&str>) -> Cow<'_, str> {
    let Some(raw) = raw else {
        return Cow::Borrowed("");
    };
    let t = raw.trim();
    match code_number(t) {
        Some(_) if t.len() == 1 || !t.starts_with('0') && t.bytes().all(|b| b.is_ascii_digit()) => {
            Cow::Borrowed(t)
        }
        Some(n) => Cow::Owned(n.to_string()),
        None => Cow::Borrowed(t),
    }
}

/// The filters beside the quick filter. The default passes every record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Filters {
    /// The outcomes shown; empty: all.
    pub outcomes: BTreeSet<CallOutcome>,
    /// Per [`Facet`] (in [`Facet::ALL`] order), the selected values as [`value_key`]
    /// gives them; empty: any.
    pub values: [BTreeSet<String>; 4],
    /// Per [`Span`] (in [`Span::ALL`] order), the range of seconds.
    pub ranges: [SecondsRange; 3],
}

impl Filters {
    /// Whether nothing is filtered.
    pub fn is_empty(&self) -> bool {
        self.active() == 0
    }

    /// How many parts filter something: the outcomes, each facet with a selection, each
    /// range that is set (0 to 8).
    pub fn active(&self) -> usize {
        usize::from(!self.outcomes.is_empty())
            + self.values.iter().filter(|v| !v.is_empty()).count()
            + self.ranges.iter().filter(|r| r.is_set()).count()
    }

    /// The selected values of a facet.
    pub fn selected(&self, facet: Facet) -> &BTreeSet<String> {
        &self.values[facet.index()]
    }

    /// Selects or unselects a value of a facet (normalised by [`value_key`]).
    pub fn toggle_value(&mut self, facet: Facet, value: &str) {
        let key = value_key(Some(value));
        let set = &mut self.values[facet.index()];
        if !set.remove(&key) {
            set.insert(key);
        }
    }

    /// Adds or removes an outcome.
    pub fn toggle_outcome(&mut self, outcome: CallOutcome) {
        if !self.outcomes.remove(&outcome) {
            self.outcomes.insert(outcome);
        }
    }

    /// The range of a span.
    pub fn range(&self, span: Span) -> SecondsRange {
        self.ranges[span.index()]
    }

    /// Sets the range of a span.
    pub fn set_range(&mut self, span: Span, range: SecondsRange) {
        self.ranges[span.index()] = range;
    }

    /// Whether a record passes, computed from its fields (the slow way: [`apply`] is the
    /// fast one, and the tests hold them equal).
    pub fn passes(&self, r: &Record, short_abandon_seconds: u32) -> bool {
        (self.outcomes.is_empty()
            || self
                .outcomes
                .contains(&outcome_of(r, short_abandon_seconds)))
            && Facet::ALL.iter().all(|&f| {
                let set = self.selected(f);
                set.is_empty() || set.contains(&value_key(r.get(f.field())))
            })
            && Span::ALL
                .iter()
                .all(|&s| self.range(s).contains(s.seconds(r)))
    }
}

/// The URL query string of the filters (no leading `?` or `&`; empty when nothing is
/// filtered), as the [module notes](self) describe it.
pub fn to_params(f: &Filters) -> String {
    let mut out = String::new();
    let key = |out: &mut String, k: &str| {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
    };
    if !f.outcomes.is_empty() {
        key(&mut out, "outcome");
        let keys: Vec<&str> = f.outcomes.iter().map(|o| o.key()).collect();
        out.push_str(&keys.join(","));
    }
    for facet in Facet::ALL {
        let set = f.selected(facet);
        if set.is_empty() {
            continue;
        }
        key(&mut out, facet.param());
        for (i, v) in set.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            percent_encode_into(v, &mut out);
        }
    }
    for span in Span::ALL {
        let r = f.range(span);
        if !r.is_set() {
            continue;
        }
        key(&mut out, span.param());
        if let Some(min) = r.min {
            out.push_str(&min.to_string());
        }
        out.push_str("..");
        if let Some(max) = r.max {
            out.push_str(&max.to_string());
        }
    }
    out
}

/// Whether a query-string key is one of the filters' ([`to_params`]).
pub fn is_filter_param(key: &str) -> bool {
    key == "outcome"
        || Facet::ALL.iter().any(|f| f.param() == key)
        || Span::ALL.iter().any(|s| s.param() == key)
}

/// The filters a query string holds (a leading `?` is accepted). Other keys are ignored;
/// a key that repeats counts once (its first value); an outcome that is not a
/// [`CallOutcome::key`], a value over [`MAX_VALUE_BYTES`], values past
/// [`MAX_LINK_VALUES`] and a range [`parse_range`] refuses are ignored. Never panics.
pub fn from_params(query_string: &str) -> Filters {
    let qs = query_string.trim();
    let qs = qs.strip_prefix('?').unwrap_or(qs);
    let mut f = Filters::default();
    let mut seen: Vec<String> = Vec::new();
    for pair in qs.split('&') {
        let (raw_key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(raw_key);
        if !is_filter_param(&key) || seen.contains(&key) {
            continue;
        }
        seen.push(key.clone());
        if key == "outcome" {
            for part in percent_decode(value).split(',') {
                if let Some(o) = CallOutcome::ALL
                    .into_iter()
                    .find(|o| o.key() == part.trim())
                {
                    f.outcomes.insert(o);
                }
            }
        } else if let Some(facet) = Facet::ALL.into_iter().find(|f| f.param() == key) {
            let set = &mut f.values[facet.index()];
            for part in value.split(',').take(MAX_LINK_VALUES) {
                let v = percent_decode(part);
                if v.len() <= MAX_VALUE_BYTES {
                    set.insert(value_key(Some(&v)));
                }
            }
        } else if let Some(span) = Span::ALL.into_iter().find(|s| s.param() == key) {
            let v = percent_decode(value);
            if let Some((min, max)) = v.split_once("..") {
                if let Ok(r) = parse_range(min, max) {
                    f.set_range(span, r);
                }
            }
        }
    }
    f
}

/// `query_string` without the filters' keys (a leading `?` dropped), other pairs kept as
/// they are, in their order.
pub fn without_filter_params(query_string: &str) -> String {
    let qs = query_string.trim();
    let qs = qs.strip_prefix('?').unwrap_or(qs);
    qs.split('&')
        .filter(|pair| {
            let key = pair.split_once('=').map_or(*pair, |(k, _)| k);
            !pair.is_empty() && !is_filter_param(&percent_decode(key))
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A search's query string with the filters' appended (either may be empty): what a
/// shared link and a saved search hold. Filter keys already in `search_params` are
/// replaced.
pub fn with_filter_params(search_params: &str, f: &Filters) -> String {
    let base = without_filter_params(search_params);
    let extra = to_params(f);
    match (base.is_empty(), extra.is_empty()) {
        (_, true) => base,
        (true, false) => extra,
        (false, false) => format!("{base}&{extra}"),
    }
}

/// "Not measured", in a [`Key`]'s seconds and milliseconds.
const UNMEASURED: u32 = u32::MAX;

/// "Too long for a `u32` of ms (over 49 days): read it from the record", in a [`Key`]'s
/// milliseconds.
const OVERSIZE: u32 = u32::MAX - 1;

/// One record's compact key: its outcome, the id of each facet's value in
/// [`FacetKeys`]' dictionaries, its durations in seconds ([`UNMEASURED`] when not
/// measured), its part in the key figures ([`Figures`]: an answered call's speed of
/// answer or an abandoned one's wait, and an answered call's talk, ms: also the summary's
/// averages). 40 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Key {
    values: [u32; 4],
    seconds: [u32; 3],
    wait_ms: u32,
    talk_ms: u32,
    outcome: u8,
}

/// One record's part in the key figures, by the rules of [`crate::kpi`] (its module notes
/// define each figure; [`FacetKeys::kpis`] totals these as [`kpis`] totals records, and a
/// test holds the two equal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Figures {
    pub(crate) outcome: CallOutcome,
    /// Answered: the speed of answer, `ackBegin` − `waitBegin` (else `callBegin`), when
    /// not negative. Abandoned or short abandon: the wait (`Decision::abandon_wait_ms`).
    pub(crate) wait_ms: Option<i64>,
    /// Answered: `callEnd` − `ackBegin`, when not negative.
    pub(crate) talk_ms: Option<i64>,
}

impl Figures {
    pub(crate) fn of(r: &Record, short_abandon_seconds: u32) -> Figures {
        let time = |f| r.get(f).and_then(call_time_ms);
        let d = classify(r, short_abandon_seconds);
        if d.outcome != CallOutcome::Answered {
            return Figures {
                outcome: d.outcome,
                wait_ms: d.abandon_wait_ms,
                talk_ms: None,
            };
        }
        let ack = d.answer_ms;
        let from = time(RecordField::WaitBegin).or_else(|| time(RecordField::CallBegin));
        Figures {
            outcome: d.outcome,
            wait_ms: ack.zip(from).and_then(|(a, f)| (a >= f).then_some(a - f)),
            talk_ms: d.talk_ms(r),
        }
    }
}

fn ms_key(ms: Option<i64>) -> u32 {
    match ms {
        None => UNMEASURED,
        Some(ms) => u32::try_from(ms)
            .ok()
            .filter(|&v| v < OVERSIZE)
            .unwrap_or(OVERSIZE),
    }
}

fn ms_of(v: u32) -> Option<i64> {
    (v != UNMEASURED).then_some(i64::from(v))
}

/// The compact keys of a list of records (see the [module notes](self)), for one
/// `shortAbandonSeconds`, with each record's `callBegin` and its hour in one display zone
/// (for the charts). Extended with [`FacetKeys::extend_to`] as records are appended.
#[derive(Clone, Debug, Default)]
pub struct FacetKeys {
    short_abandon_seconds: u32,
    keys: Vec<Key>,
    /// Per record: `callBegin`, epoch ms, or [`NO_BEGIN`] when it is not a plausible time.
    begin_ms: Vec<i64>,
    /// Per record: its hour on the display zone's clock.
    hours: HourIndex,
    /// Per facet: the values seen, by id (first seen first).
    dictionaries: [Vec<String>; 4],
    lookup: [FxMap<String, u32>; 4],
}

impl FacetKeys {
    /// Keys for no records yet, under this `shortAbandonSeconds`, with hours in `zone`.
    pub fn new(short_abandon_seconds: u32, zone: Zone) -> FacetKeys {
        FacetKeys {
            short_abandon_seconds,
            hours: HourIndex::new(zone),
            ..FacetKeys::default()
        }
    }

    /// The `shortAbandonSeconds` the outcomes were computed with.
    pub fn short_abandon_seconds(&self) -> u32 {
        self.short_abandon_seconds
    }

    /// The zone the records' hours are in.
    pub fn zone(&self) -> &Zone {
        self.hours.zone()
    }

    /// Puts the records' hours in another zone (from the begin times kept: no record is
    /// read; a few milliseconds at 100,000 records).
    pub fn set_zone(&mut self, zone: Zone) {
        if *self.hours.zone() != zone {
            self.hours = HourIndex::new(zone);
            for &ms in &self.begin_ms {
                self.hours.push((ms != NO_BEGIN).then_some(ms));
            }
        }
    }

    /// How many records have keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no record has a key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Adds the keys of `records[self.len()..]`: `records` must be the list the keys so
    /// far were made from, with records appended.
    pub fn extend_to(&mut self, records: &[Record]) {
        let Some(new) = records.get(self.keys.len()..) else {
            return;
        };
        self.keys.reserve(new.len());
        self.begin_ms.reserve(new.len());
        for r in new {
            let mut values = [0u32; 4];
            for facet in Facet::ALL {
                let i = facet.index();
                let v = value_key_of(r.get(facet.field()));
                values[i] = match self.lookup[i].get(v.as_ref()) {
                    Some(&id) => id,
                    None => {
                        let id = u32::try_from(self.dictionaries[i].len()).unwrap_or(u32::MAX);
                        self.dictionaries[i].push(v.to_string());
                        self.lookup[i].insert(v.into_owned(), id);
                        id
                    }
                };
            }
            // Each time read once; the spans as Record::wait_ms and duration_ms.
            let time = |f| r.get(f).and_then(call_time_ms);
            let (wait_begin, ack, begin, end) = (
                time(RecordField::WaitBegin),
                time(RecordField::AckBegin),
                time(RecordField::CallBegin),
                time(RecordField::CallEnd),
            );
            let span = |from: Option<i64>, to: Option<i64>| {
                from.zip(to).and_then(|(f, t)| (t >= f).then_some(t - f))
            };
            let figures = Figures::of(r, self.short_abandon_seconds);
            // The wait range's span (`Decision::wait_ms`, from the times read above).
            let abandoned = matches!(
                figures.outcome,
                CallOutcome::Abandoned | CallOutcome::ShortAbandon
            );
            let wait_range =
                span(wait_begin, ack).or(if abandoned { figures.wait_ms } else { None });
            // The talk range's span is the KPIs' talk (`Decision::talk_ms`).
            // The duration range's span is the table's Duration (`Record::duration_ms`).
            let duration = begin.zip(end).and_then(|(b, e)| shown_duration_ms(b, e));
            let seconds = [wait_range, figures.talk_ms, duration]
                .map(|ms| ms.map_or(UNMEASURED, whole_seconds));
            self.keys.push(Key {
                values,
                seconds,
                wait_ms: ms_key(figures.wait_ms),
                talk_ms: ms_key(figures.talk_ms),
                outcome: figures.outcome.rank(),
            });
            self.begin_ms.push(begin.unwrap_or(NO_BEGIN));
            self.hours.push(begin);
        }
    }

    /// The key figures of the records at `indices` ([`crate::kpi::kpis`], the same
    /// figures): one pass over the keys, reading a record only for a span over 49 days.
    /// `records` are those the keys were made from; with another `shortAbandonSeconds`
    /// than the keys', the figures are computed from the records.
    pub fn kpis(&self, records: &[Record], indices: &[usize], analytics: &Analytics) -> Kpis {
        if analytics.short_abandon_seconds != self.short_abandon_seconds {
            return kpis(records, indices, analytics);
        }
        let ratings = self.ratings(analytics);
        let target_ms = i64::from(analytics.service_level_seconds) * 1000;
        let mut k = Kpis {
            satisfaction_set: !analytics.satisfied_levels.is_empty(),
            service_level_seconds: analytics.service_level_seconds,
            ..Kpis::default()
        };
        let (mut speed, mut talk) = (Mean::default(), Mean::default());
        let mut longest: Option<i64> = None;
        for &i in indices {
            let (Some(key), Some(r)) = (self.keys.get(i), records.get(i)) else {
                continue;
            };
            let f = if key.wait_ms == OVERSIZE || key.talk_ms == OVERSIZE {
                Figures::of(r, self.short_abandon_seconds)
            } else {
                Figures {
                    outcome: CallOutcome::ALL
                        .get(usize::from(key.outcome))
                        .copied()
                        .unwrap_or(CallOutcome::Unknown),
                    wait_ms: ms_of(key.wait_ms),
                    talk_ms: ms_of(key.talk_ms),
                }
            };
            k.offered += 1;
            match f.outcome {
                CallOutcome::Answered => {
                    k.answered += 1;
                    if f.wait_ms.is_some_and(|ms| ms <= target_ms) {
                        k.answered_within_target += 1;
                    }
                    speed.add(f.wait_ms);
                    talk.add(f.talk_ms);
                }
                CallOutcome::Abandoned => k.abandoned += 1,
                CallOutcome::ShortAbandon => k.short_abandoned += 1,
                CallOutcome::NotAnswered => k.not_answered += 1,
                CallOutcome::Unknown => k.unknown += 1,
            }
            if let Some(ms) = f.wait_ms {
                longest = Some(longest.map_or(ms, |l| l.max(ms)));
            }
            let rating = ratings
                .get(key.values[Facet::Satisfaction.index()] as usize)
                .copied()
                .flatten();
            if let Some(satisfied) = rating {
                k.rated += 1;
                k.satisfied += usize::from(satisfied);
            }
        }
        k.average_speed_of_answer_ms = speed.get();
        k.average_talk_ms = talk.get();
        k.longest_wait_ms = longest;
        k
    }

    /// Per satisfaction value id: not rated (blank: `None`), or whether it is one of
    /// `satisfiedLevels` (by number when both are numbers, else as text), as
    /// [`crate::kpi`] decides it for a record. The values are `value_key`s: trimmed,
    /// numbers without leading zeros.
    fn ratings(&self, analytics: &Analytics) -> Vec<Option<bool>> {
        let levels: Vec<(Option<u32>, &str)> = analytics
            .satisfied_levels
            .iter()
            .map(|l| (code_number(l), l.trim()))
            .collect();
        self.dictionaries[Facet::Satisfaction.index()]
            .iter()
            .map(|v| {
                let n = code_number(v);
                (!v.is_empty()).then(|| {
                    levels.iter().any(|&(ln, lt)| match (n, ln) {
                        (Some(a), Some(b)) => a == b,
                        _ => lt == v,
                    })
                })
            })
            .collect()
    }

    /// The values a facet has in the records, as [`value_key`] gives them, in the order
    /// of their ids (the order [`FacetCounts::values`] counts them).
    pub fn values(&self, facet: Facet) -> &[String] {
        &self.dictionaries[facet.index()]
    }
}

/// The counts beside the filters (see the [module notes](self) for which records each
/// counts).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FacetCounts {
    /// Per outcome (in [`CallOutcome::ALL`] order), the records passing everything else.
    pub outcomes: [usize; 5],
    /// Per facet, per value id of [`FacetKeys::values`], the records passing everything
    /// but that facet.
    pub values: [Vec<usize>; 4],
}

impl FacetCounts {
    /// The "All" chip's count: the records passing everything but the outcomes.
    pub fn all_outcomes(&self) -> usize {
        self.outcomes.iter().sum()
    }

    /// The count of one outcome.
    pub fn outcome(&self, outcome: CallOutcome) -> usize {
        self.outcomes[usize::from(outcome.rank())]
    }

    /// The count of one value of a facet (as [`value_key`] gives it); 0 for a value the
    /// records do not have.
    pub fn value(&self, keys: &FacetKeys, facet: Facet, value: &str) -> usize {
        let i = facet.index();
        keys.lookup[i]
            .get(value)
            .and_then(|&id| self.values[i].get(id as usize))
            .copied()
            .unwrap_or(0)
    }
}

/// The records of `candidates` (indices, e.g. those the quick filter passes, in any order;
/// those without a key are skipped) that pass `filters`, in the same order, and the
/// counts. One pass over the keys: a record failing exactly one part still counts for
/// that part's values.
pub fn apply(
    keys: &FacetKeys,
    filters: &Filters,
    candidates: &[usize],
) -> (Vec<usize>, FacetCounts) {
    let outcome_mask: u8 = filters.outcomes.iter().fold(0, |m, o| m | (1 << o.rank()));
    // Per facet, per value id: selected? `None`: nothing selected, any value passes.
    let selected: [Option<Vec<bool>>; 4] = Facet::ALL.map(|facet| {
        let set = filters.selected(facet);
        (!set.is_empty()).then(|| keys.values(facet).iter().map(|v| set.contains(v)).collect())
    });
    let ranges: [Option<(u32, u32)>; 3] = Span::ALL.map(|s| {
        let r = filters.range(s);
        r.is_set()
            .then(|| (r.min.unwrap_or(0), r.max.unwrap_or(UNMEASURED - 1)))
    });
    let mut counts = FacetCounts {
        values: Facet::ALL.map(|f| vec![0; keys.values(f).len()]),
        ..FacetCounts::default()
    };
    let mut passing = Vec::with_capacity(candidates.len());
    for &i in candidates {
        let Some(k) = keys.keys.get(i) else { continue };
        // Bit 0: the outcome fails; bits 1–4: a facet; bits 5–7: a range.
        let mut fails: u8 = u8::from(outcome_mask != 0 && outcome_mask & (1 << k.outcome) == 0);
        for (j, sel) in selected.iter().enumerate() {
            if let Some(sel) = sel {
                if !sel.get(k.values[j] as usize).copied().unwrap_or(false) {
                    fails |= 2 << j;
                }
            }
        }
        for (j, range) in ranges.iter().enumerate() {
            if let Some((lo, hi)) = *range {
                let s = k.seconds[j];
                if s == UNMEASURED || s < lo || s > hi {
                    fails |= 32 << j;
                }
            }
        }
        if fails & fails.wrapping_sub(1) != 0 {
            continue; // fails two parts or more: counted nowhere
        }
        if fails == 0 {
            passing.push(i);
        }
        if fails & !1 == 0 {
            if let Some(c) = counts.outcomes.get_mut(usize::from(k.outcome)) {
                *c += 1;
            }
        }
        for j in 0..4 {
            if fails & !(2 << j) == 0 {
                if let Some(c) = counts.values[j].get_mut(k.values[j] as usize) {
                    *c += 1;
                }
            }
        }
    }
    (passing, counts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::charts;
    use crate::summary::summarize;
    use crate::table::DisplayContext;

    /// A record from the fields that matter here. Times are epoch ms; `None` leaves a
    /// field out.
    #[allow(clippy::too_many_arguments)]
    fn rec(
        call_type: &str,
        media: &str,
        leave: Option<&str>,
        eval: Option<&str>,
        wait_begin: Option<i64>,
        ack: Option<i64>,
        call_begin: Option<i64>,
        call_end: Option<i64>,
    ) -> Record {
        let t = |v: Option<i64>| v.map(|v| v.to_string());
        let (wb, ab, cb, ce) = (t(wait_begin), t(ack), t(call_begin), t(call_end));
        Record::builder()
            .call_type(call_type)
            .media_type(media)
            .with(RecordField::LeaveReason, leave)
            .with(RecordField::EvaluationValue, eval)
            .with(RecordField::WaitBegin, wb.as_deref())
            .with(RecordField::AckBegin, ab.as_deref())
            .with(RecordField::CallBegin, cb.as_deref())
            .with(RecordField::CallEnd, ce.as_deref())
            .build()
    }

    const T: i64 = 1_795_132_800_000; // 2026-11-20 00:00 UTC

    /// Six calls, worked out by hand:
    ///
    /// | # | type | media | leave | eval | outcome | wait s | talk s | total s |
    /// |---|---|---|---|---|---|---|---|---|
    /// | 0 | 0 | 5 | 88 | 5 | answered | 12 | 60 | 72 |
    /// | 1 | 0 | 5 | 89 | – | abandoned (40 s > 5) | 40 (hung up) | – | 40 |
    /// | 2 | 1 | 53 | 89 | – | short abandon (3 s) | 3 (hung up) | – | 3 |
    /// | 3 | 0 | 5 | 26 | – | not answered | – | – | 20 |
    /// | 4 | 1 | 5 | 16 | " 05" | answered | 30 | 120 | 150 |
    ///
    /// Talk runs from the answer (`ackBegin`): a call not answered has none.
    /// | 5 | 0 | 19 | (none) | 1 | unknown (no leave reason) | – | – | – |
    fn fixture() -> Vec<Record> {
        vec![
            rec(
                "0",
                "5",
                Some("88"),
                Some("5"),
                Some(T),
                Some(T + 12_000),
                Some(T + 12_000),
                Some(T + 72_000),
            ),
            rec(
                "0",
                "5",
                Some("89"),
                None,
                Some(T),
                None,
                Some(T),
                Some(T + 40_000),
            ),
            rec(
                "1",
                "53",
                Some("89"),
                None,
                Some(T),
                None,
                Some(T),
                Some(T + 3_000),
            ),
            rec(
                "0",
                "5",
                Some("26"),
                None,
                Some(T),
                None,
                Some(T),
                Some(T + 20_000),
            ),
            rec(
                "1",
                "5",
                Some("16"),
                Some(" 05"),
                Some(T),
                Some(T + 30_000),
                Some(T + 29_100),
                Some(T + 150_000),
            ),
            rec("0", "19", None, Some("1"), None, None, None, None),
        ]
    }

    /// An answered call whose wait and talk are too long for a key's milliseconds (49 days).
    fn answered_over_sixty_days() -> Record {
        rec(
            "0",
            "5",
            Some("88"),
            Some("5"),
            Some(T),
            Some(T + 60 * 86_400_000),
            Some(T),
            Some(T + 61 * 86_400_000),
        )
    }

    fn keys_of(records: &[Record]) -> FacetKeys {
        keys_of_in(records, Zone::Utc)
    }

    fn keys_of_in(records: &[Record], zone: Zone) -> FacetKeys {
        let mut k = FacetKeys::new(5, zone);
        k.extend_to(records);
        k
    }

    fn all(n: usize) -> Vec<usize> {
        (0..n).collect()
    }

    #[test]
    fn no_filters_pass_everything_and_count_every_value() {
        let r = fixture();
        let k = keys_of(&r);
        let (pass, c) = apply(&k, &Filters::default(), &all(r.len()));
        assert_eq!(pass, vec![0, 1, 2, 3, 4, 5]);
        // answered 0,4; abandoned 1; short 2; not answered 3; unknown 5.
        assert_eq!(c.outcomes, [2, 1, 1, 1, 1]);
        assert_eq!(c.all_outcomes(), 6);
        assert_eq!(c.value(&k, Facet::CallType, "0"), 4);
        assert_eq!(c.value(&k, Facet::CallType, "1"), 2);
        // " 05" and "5" are one value.
        assert_eq!(c.value(&k, Facet::Satisfaction, "5"), 2);
        assert_eq!(c.value(&k, Facet::Satisfaction, ""), 3);
        assert_eq!(c.value(&k, Facet::LeaveReason, ""), 1);
        assert_eq!(c.value(&k, Facet::LeaveReason, "89"), 2);
        assert_eq!(k.values(Facet::MediaType), ["5", "53", "19"]);
    }

    #[test]
    fn each_facet_counts_with_the_others_applied() {
        let r = fixture();
        let k = keys_of(&r);
        let mut f = Filters::default();
        f.toggle_outcome(CallOutcome::Answered);
        f.toggle_value(Facet::CallType, "0");
        let (pass, c) = apply(&k, &f, &all(r.len()));
        // Answered and inbound: only #0.
        assert_eq!(pass, vec![0]);
        // Outcome chips count with the call type applied (0,1,3,5 inbound): answered 1
        // (#0), abandoned 1, short 0, not answered 1, unknown 1.
        assert_eq!(c.outcomes, [1, 1, 0, 1, 1]);
        // Call types count with the outcome applied (answered: #0 type 0, #4 type 1).
        assert_eq!(c.value(&k, Facet::CallType, "0"), 1);
        assert_eq!(c.value(&k, Facet::CallType, "1"), 1);
        // Media types count with both: #0 only.
        assert_eq!(c.value(&k, Facet::MediaType, "5"), 1);
        assert_eq!(c.value(&k, Facet::MediaType, "53"), 0);
        // Two outcomes: either passes.
        f.toggle_outcome(CallOutcome::Unknown);
        assert_eq!(apply(&k, &f, &all(r.len())).0, vec![0, 5]);
    }

    #[test]
    fn ranges_are_inclusive_whole_seconds_and_skip_unmeasured_calls() {
        let r = fixture();
        let k = keys_of(&r);
        let mut f = Filters::default();
        f.set_range(Span::Talk, parse_range("20", "120").expect("valid"));
        // Talk: 60, none (abandoned), none, none (not answered), 120, none.
        let (pass, _) = apply(&k, &f, &all(r.len()));
        assert_eq!(pass, vec![0, 4]);
        let slow: Vec<usize> = (0..r.len()).filter(|&i| f.passes(&r[i], 5)).collect();
        assert_eq!(pass, slow);
        let mut f = Filters::default();
        f.set_range(Span::Wait, parse_range("", "12").expect("valid"));
        // Answered calls wait until the answer: #0 (12 s), #4 (30 s); callers who gave up
        // until they hung up: #1 (40 s), the short abandon #2 (3 s); #3 (not connected)
        // has no wait.
        let (pass, c) = apply(&k, &f, &all(r.len()));
        assert_eq!(pass, vec![0, 2]);
        assert_eq!(
            [
                c.outcome(CallOutcome::Answered),
                c.outcome(CallOutcome::ShortAbandon)
            ],
            [1, 1]
        );
        let slow: Vec<usize> = (0..r.len()).filter(|&i| f.passes(&r[i], 5)).collect();
        assert_eq!(pass, slow);
        let mut f = Filters::default();
        f.set_range(Span::Wait, parse_range("30", "").expect("valid"));
        let (pass, _) = apply(&k, &f, &all(r.len()));
        assert_eq!(
            pass,
            vec![1, 4],
            "abandoned after 40 s, answered after 30 s"
        );
        let slow: Vec<usize> = (0..r.len()).filter(|&i| f.passes(&r[i], 5)).collect();
        assert_eq!(pass, slow);
        let mut f = Filters::default();
        f.set_range(Span::Duration, parse_range("41", "").expect("valid"));
        assert_eq!(apply(&k, &f, &all(r.len())).0, vec![0, 4]);
    }

    #[test]
    fn the_duration_range_is_the_tables_duration_ivr_included() {
        // 20.9 s in the IVR before the queue, 5 s waiting, then released: the table shows
        // 00:00:00 → 00:00:25, a Duration of 0:25.
        let r = vec![rec(
            "0",
            "5",
            Some("3"),
            None,
            Some(T + 20_900),
            None,
            Some(T + 900),
            Some(T + 25_900),
        )];
        assert_eq!(r[0].duration_ms(), Some(25_000));
        assert_eq!(Span::Duration.seconds(&r[0]), Some(25));
        let k = keys_of(&r);
        for (min, max, passes) in [("25", "", true), ("", "24", false), ("20", "30", true)] {
            let mut f = Filters::default();
            f.set_range(Span::Duration, parse_range(min, max).expect("valid"));
            assert_eq!(f.passes(&r[0], 5), passes, "{min}–{max}");
            assert_eq!(apply(&k, &f, &all(1)).0.len() == 1, passes, "{min}–{max}");
        }
    }

    #[test]
    fn the_fast_pass_agrees_with_the_record_by_record_rule() {
        let r = fixture();
        let k = keys_of(&r);
        let mut f = Filters::default();
        f.toggle_value(Facet::Satisfaction, "5");
        f.toggle_value(Facet::LeaveReason, "16");
        f.toggle_value(Facet::LeaveReason, "88");
        f.set_range(Span::Duration, parse_range("100", "").expect("valid"));
        let (pass, _) = apply(&k, &f, &all(r.len()));
        let slow: Vec<usize> = (0..r.len()).filter(|&i| f.passes(&r[i], 5)).collect();
        assert_eq!(pass, slow);
        assert_eq!(pass, vec![4]);
        // A selected value no record has passes nothing.
        let mut f = Filters::default();
        f.toggle_value(Facet::MediaType, "18");
        assert_eq!(apply(&k, &f, &all(r.len())).0, Vec::<usize>::new());
    }

    #[test]
    fn candidates_keep_their_order_and_keys_extend() {
        let r = fixture();
        let mut k = FacetKeys::new(5, Zone::Utc);
        k.extend_to(&r[..2]);
        assert_eq!(k.len(), 2);
        k.extend_to(&r);
        assert_eq!(k.len(), 6);
        let mut f = Filters::default();
        f.toggle_value(Facet::CallType, "0");
        // The quick filter's hits, in any order; 99 has no key.
        assert_eq!(apply(&k, &f, &[5, 3, 99, 0, 2]).0, vec![5, 3, 0]);
        // The short-abandon limit changes an outcome: with 2 s, #2 (3 s) is abandoned.
        let mut k2 = FacetKeys::new(2, Zone::Utc);
        k2.extend_to(&r);
        assert_eq!(
            apply(&k2, &Filters::default(), &all(6)).1.outcomes,
            [2, 2, 0, 1, 1]
        );
    }

    #[test]
    fn ranges_are_read_with_reasons_for_bad_input() {
        assert_eq!(
            parse_range(" 10 ", "60"),
            Ok(SecondsRange {
                min: Some(10),
                max: Some(60)
            })
        );
        assert_eq!(parse_range("", ""), Ok(SecondsRange::default()));
        assert_eq!(
            parse_range("-0", "+5"),
            Ok(SecondsRange {
                min: Some(0),
                max: Some(5)
            })
        );
        assert_eq!(parse_range("abc", "5"), Err(RangeError::NotANumber(false)));
        assert_eq!(parse_range("1.5", ""), Err(RangeError::NotANumber(false)));
        assert_eq!(parse_range("", "-3"), Err(RangeError::Negative(true)));
        assert_eq!(parse_range("60", "10"), Err(RangeError::MinAboveMax));
        assert_eq!(parse_range("", "10000000"), Err(RangeError::TooLarge(true)));
        assert_eq!(
            parse_range("", "99999999999999999999999"),
            Err(RangeError::TooLarge(true))
        );
        assert!(RangeError::Negative(true).is_max());
        assert!(!RangeError::MinAboveMax.is_max());
    }

    #[test]
    fn links_write_and_read_the_filters() {
        let mut f = Filters::default();
        f.toggle_outcome(CallOutcome::ShortAbandon);
        f.toggle_outcome(CallOutcome::Answered);
        f.toggle_value(Facet::CallType, "1");
        f.toggle_value(Facet::Satisfaction, "good, very");
        f.toggle_value(Facet::LeaveReason, "");
        f.set_range(
            Span::Wait,
            SecondsRange {
                min: Some(10),
                max: Some(60),
            },
        );
        f.set_range(
            Span::Duration,
            SecondsRange {
                min: None,
                max: Some(300),
            },
        );
        let params = to_params(&f);
        assert_eq!(
            params,
            "outcome=answered,shortAbandon&fCallType=1&fLeaveReason=&fSatisfaction=good%2C%20very&wait=10..60&total=..300"
        );
        assert_eq!(from_params(&params), f);
        assert_eq!(to_params(&Filters::default()), "");
        // Beside a search's parameters, replacing old filter keys.
        let search = "subCcNo=1&vdn=1&outcome=unknown&begin=5";
        assert_eq!(without_filter_params(search), "subCcNo=1&vdn=1&begin=5");
        assert_eq!(
            with_filter_params(search, &f),
            format!("subCcNo=1&vdn=1&begin=5&{params}")
        );
        assert_eq!(with_filter_params("?a=1", &Filters::default()), "a=1");
        assert_eq!(with_filter_params("", &f), params);
    }

    #[test]
    fn hostile_links_are_read_without_panicking() {
        let f = from_params("?outcome=nope,answered,&outcome=unknown&wait=5..1&talk=x..&total=..%FF&fCallType=%E4%B8%AD&token=secret&fMediaType=0005");
        assert_eq!(f.outcomes, BTreeSet::from([CallOutcome::Answered]));
        assert!(!f.range(Span::Wait).is_set());
        assert!(!f.range(Span::Talk).is_set());
        assert!(!f.range(Span::Duration).is_set());
        assert_eq!(
            f.selected(Facet::CallType),
            &BTreeSet::from(["中".to_string()])
        );
        assert_eq!(
            f.selected(Facet::MediaType),
            &BTreeSet::from(["5".to_string()])
        );
        let long = format!("fSatisfaction={}", "a".repeat(MAX_VALUE_BYTES + 1));
        assert!(from_params(&long).is_empty());
        let many: Vec<String> = (0..1000).map(|i| i.to_string()).collect();
        let f = from_params(&format!("fLeaveReason={}", many.join(",")));
        assert_eq!(f.selected(Facet::LeaveReason).len(), MAX_LINK_VALUES);
        for s in [
            "",
            "?",
            "&&&",
            "=",
            "outcome",
            "wait=..",
            "%",
            "fCallType=%",
        ] {
            let _ = from_params(s);
            let _ = without_filter_params(s);
        }
    }

    /// Every combination of the fields the outcome and the key figures read (2,880
    /// records, including unreadable and contradictory ones).
    fn grid() -> Vec<Record> {
        let mut out = Vec::new();
        let t = |s: i64| (T + s * 1000).to_string();
        for ack in [None, Some(t(12)), Some(t(25)), Some("100010".to_string())] {
            for leave in [
                None,
                Some(""),
                Some("88"),
                Some("89"),
                Some("15"),
                Some("16"),
                Some("3"),
                Some("26"),
                Some("0"),
                Some("99"),
            ] {
                for wait in [None, Some(t(0))] {
                    for begin in [t(2), t(-3)] {
                        for end in [Some(t(4)), Some(t(90)), None] {
                            for eval in [
                                None,
                                Some(""),
                                Some("5"),
                                Some(" 05"),
                                Some("good"),
                                Some("3"),
                            ] {
                                out.push(
                                    Record::builder()
                                        .with(RecordField::AckBegin, ack.as_deref())
                                        .with(RecordField::LeaveReason, leave)
                                        .with(RecordField::WaitBegin, wait.as_deref())
                                        .call_begin(&begin)
                                        .with(RecordField::CallEnd, end.as_deref())
                                        .with(RecordField::EvaluationValue, eval)
                                        .build(),
                                );
                            }
                        }
                    }
                }
            }
        }
        out
    }

    #[test]
    fn key_figures_from_the_keys_equal_those_from_the_records() {
        let records = grid();
        assert_eq!(records.len(), 2880);
        let analytics = Analytics {
            short_abandon_seconds: 5,
            service_level_seconds: 20,
            satisfied_levels: vec!["5".into(), "good".into()],
        };
        let keys = keys_of(&records);
        let every: Vec<usize> = (0..records.len()).collect();
        let odd: Vec<usize> = (1..records.len()).step_by(2).collect();
        for indices in [&every, &odd, &vec![], &vec![7, 7, 99_999]] {
            let fast = keys.kpis(&records, indices, &analytics);
            assert_eq!(fast, kpis(&records, indices, &analytics));
        }
        let all = keys.kpis(&records, &every, &analytics);
        assert!(all.answered > 0 && all.abandoned > 0 && all.short_abandoned > 0);
        assert!(all.satisfied > 0 && all.average_speed_of_answer_ms.is_some());
        // Other settings: no levels, another target, another short-abandon limit.
        let other = Analytics {
            short_abandon_seconds: 60,
            service_level_seconds: 10,
            satisfied_levels: Vec::new(),
        };
        assert_eq!(
            keys.kpis(&records, &every, &other),
            kpis(&records, &every, &other)
        );
        // A span too long for the keys is read from the record.
        let long = vec![answered_over_sixty_days()];
        assert_eq!(
            keys_of(&long).kpis(&long, &[0], &analytics),
            kpis(&long, &[0], &analytics)
        );
    }

    /// The records with every time moved on by `step_ms` times their position, so they
    /// spread over hours or days.
    fn spread(records: &[Record], step_ms: i64) -> Vec<Record> {
        records
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut b = r.to_builder();
                for f in [
                    RecordField::WaitBegin,
                    RecordField::AckBegin,
                    RecordField::CallBegin,
                    RecordField::CallEnd,
                ] {
                    let moved = r
                        .get(f)
                        .and_then(call_time_ms)
                        .map(|ms| (ms + step_ms * i as i64).to_string());
                    b = b.with(f, moved.as_deref());
                }
                b.build()
            })
            .collect()
    }

    #[test]
    fn summary_and_charts_from_the_keys_equal_those_from_the_records() {
        let analytics = Analytics {
            short_abandon_seconds: 5,
            service_level_seconds: 20,
            satisfied_levels: vec!["5".into(), "good".into()],
        };
        let cst = Zone::Fixed {
            offset_minutes: 480,
        };
        let ctx = DisplayContext {
            zone: cst.clone(),
            locale: crate::Locale::ZhCn,
            ..DisplayContext::default()
        };
        // Within one hour; over about 40 hours (per hour); over about 100 days (per day).
        for step in [0, 50_000, 3_000_000] {
            let mut records = spread(&grid(), step);
            records.extend(fixture());
            let keys = keys_of_in(&records, cst.clone());
            let every: Vec<usize> = (0..records.len()).collect();
            let odd: Vec<usize> = (1..records.len()).step_by(2).rev().collect();
            for indices in [&every, &odd, &vec![], &vec![7, 7, 99_999]] {
                assert_eq!(
                    keys.summary(&records, indices, &ctx),
                    summarize(&records, indices, &ctx)
                );
                assert_eq!(
                    keys.charts(&records, indices, &ctx, &analytics),
                    charts(&records, indices, &ctx, &analytics)
                );
            }
            let c = keys.charts(&records, &every, &ctx, &analytics);
            assert!(c.untimed > 0 && c.total.abandoned > 0 && c.wait_bands[0].satisfied > 0);
            assert!(c.series.iter().filter(|p| p.tally.calls > 0).count() > usize::from(step > 0));
        }
        // Another zone: from the records until the keys move to it, then from the keys.
        let mut records = spread(&grid(), 50_000);
        records.extend(fixture());
        let every: Vec<usize> = (0..records.len()).collect();
        let mut keys = keys_of_in(&records, cst);
        let india = DisplayContext {
            zone: Zone::Fixed {
                offset_minutes: 330,
            },
            ..ctx.clone()
        };
        let from_records = charts(&records, &every, &india, &analytics);
        assert_eq!(
            keys.charts(&records, &every, &india, &analytics),
            from_records
        );
        keys.set_zone(india.zone.clone());
        assert_eq!(keys.zone(), &india.zone);
        assert_eq!(
            keys.charts(&records, &every, &india, &analytics),
            from_records
        );
        // Spans too long for the keys are read from the record.
        let long = vec![answered_over_sixty_days()];
        let keys = keys_of(&long);
        assert_eq!(
            keys.summary(&long, &[0], &ctx),
            summarize(&long, &[0], &ctx)
        );
        assert_eq!(
            keys.charts(&long, &[0], &DisplayContext::default(), &analytics),
            charts(&long, &[0], &DisplayContext::default(), &analytics)
        );
    }

    #[test]
    fn values_read_numbers_by_their_digits_and_text_trimmed() {
        for (raw, key) in [
            (None, ""),
            (Some("  "), ""),
            (Some("5"), "5"),
            (Some(" 05"), "5"),
            (Some("5.0"), "5"),
            (Some("0"), "0"),
            (Some("00"), "0"),
            (Some("10"), "10"),
            (Some(" good "), "good"),
            (Some("007x"), "007x"),
        ] {
            assert_eq!(value_key(raw), key, "{raw:?}");
        }
    }

    #[test]
    fn active_counts_the_parts_that_filter() {
        let mut f = Filters::default();
        assert!(f.is_empty());
        f.toggle_outcome(CallOutcome::Abandoned);
        f.toggle_value(Facet::MediaType, "5");
        f.toggle_value(Facet::MediaType, "19");
        f.set_range(
            Span::Talk,
            SecondsRange {
                min: Some(1),
                max: None,
            },
        );
        assert_eq!(f.active(), 3);
        f.toggle_outcome(CallOutcome::Abandoned);
        assert_eq!(f.active(), 2);
    }
}
