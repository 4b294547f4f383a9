//! A deterministic, realistic set of call detail records (CDRs).
//!
//! Pure: no IO, no clock, no threads, no platform maths. The generator uses its own
//! PRNG (splitmix64) and only IEEE-exact float operations (`+ - * /`, no `ln`/`exp`
//! from libm), so the same [`DatasetSpec`] produces the same records on every
//! platform, including wasm.
//!
//! # Shape of the data
//! * Calls are spread over `days` days ending at `end_ms`, with business-hour peaks
//!   (09:00–12:00 and 14:00–18:00) in the vendor's home zone UTC+08:00 and quieter
//!   weekends.
//! * About 72 % are inbound (`callType` 0); the rest are outbound (1), predicted (2),
//!   previewed (3), preempted (4), bidirectional (10), collaborative (11) and
//!   click-to-dial (12) calls, plus a few unknown codes (9).
//! * Media: mostly voice (5); about 4 % video (19) and 10 % multimedia (53) among inbound
//!   calls; click-to-dial calls use 2 or 18; a few carry the unknown code 1.
//! * Timing: `callBegin` ≤ `waitBegin` ≤ `ackBegin` ≤ `callEnd` (epoch ms). Waits are
//!   long-tailed (seconds to minutes), talk time is log-normal-ish (median about
//!   2.5 min). Unanswered calls have no `ackBegin`.
//! * Load: an inbound call's queue wait grows with how busy its hour is (the same volume
//!   profile the call starts are drawn from, `load_at`): agents run busier at the peaks,
//!   so the busiest weekday hours queue several times longer than the quiet ones (median
//!   wait about 3 s when idle, 27 s at the busiest hour; chat 2.5 times longer), more of
//!   their callers run out of patience and hang up (abandonment about 1–2 % in the quiet
//!   staffed hours, 7–9 % at the peaks) and fewer are answered within 20 s.
//! * Each call's course (wait, answer, end, leave reason, rating) draws from a stream of
//!   its own, seeded by one draw of the main one, so a change to that model moves no
//!   other field of any record.
//! * `leaveReason` is weighted: mostly 88, 16 and 15 for answered calls; 89 and 15 for
//!   inbound callers who hang up before an answer, 1, 2, 5, 49, 50 for inbound calls the
//!   queue gave up on, 3 after hours; 26, 20, 22, 23, 24, 27 for unanswered outbound calls;
//!   a few unknown codes (99, and 4 after an answer).
//! * Outcomes follow `cdr-core`'s rules ([`cdr_core::call_outcome`]): every record is
//!   generated as one [`CallOutcome`] ([`SimRecord::outcome`]), and its fields say so — an
//!   answered call has an `ackBegin` and a leave reason that does not contradict it; an
//!   abandoned one has no `ackBegin` and leave reason 89 or 15, its `callEnd` when the
//!   caller gave up (some within seconds: short abandons); a not-answered one has no
//!   `ackBegin` and a reason from the not-connected list; an unknown one no `ackBegin` and
//!   an undocumented reason (99). The missing-field quirk below can turn any of them into
//!   an unknown (an answered call without its `ackBegin`, say), as real data would.
//! * `evaluationValue` runs from `"1"` (very dissatisfied) to `"5"` (very satisfied); it is
//!   present only when the customer answered the survey (about half of answered inbound
//!   calls, a fifth of answered outbound ones). The longer the caller waited before the
//!   answer, the less likely a satisfied `"4"` or `"5"` (`satisfied_chance`): about 90 %
//!   within 20 s, half at 90 s, under 20 % after 3 minutes; outbound calls rate as if
//!   answered at once. A few carry the unknown value `"10"`.
//! * `logDate` is the start of the call's UTC day (epoch ms).
//! * `callId` is `"<epoch seconds of callBegin>-<counter>"`, like the API's example.
//! * Quirks the client must survive: about 5 % of records lack one to three further
//!   fields, and about 10 % of records send their numeric fields (always `vdn`, and
//!   each other numeric field with even odds) as JSON numbers instead of strings.
//!   `callId`, `callBegin` and `vdn` are never missing.

use std::fmt::Write as _;

// The record fields come from `cdr-core`'s table, so the simulator writes exactly the names
// the app reads.
use cdr_core::call_outcome::CallOutcome;
use cdr_core::{FieldKind, Query, RecordField};

/// 2026-11-28T00:00:00Z: where the default dataset ends, so default data never moves.
pub const DEFAULT_END_MS: i64 = 1_795_824_000_000;

const DAY_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;
/// The vendor's home zone, UTC+08:00, in milliseconds.
const LOCAL_OFFSET_MS: i64 = 8 * HOUR_MS;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetSpec {
    /// PRNG seed: the same seed gives the same records.
    pub seed: u64,
    /// How many records.
    pub records: usize,
    /// How many days the records span (ending at `end_ms`).
    pub days: u32,
    /// The dataset ends here (exclusive), epoch milliseconds.
    pub end_ms: i64,
    /// The tenant's VDN IDs; records are spread over them (the first is busiest).
    pub vdns: Vec<String>,
    /// The call center ID (`subCcNo`) the data belongs to.
    pub sub_cc_no: String,
}

impl Default for DatasetSpec {
    /// Seed 1, 50,000 records over 30 days ending at [`DEFAULT_END_MS`], VDNs
    /// `"1"`, `"2"`, `"3"`, call center `"1"`.
    fn default() -> Self {
        DatasetSpec {
            seed: 1,
            records: 50_000,
            days: 30,
            end_ms: DEFAULT_END_MS,
            vdns: vec!["1".into(), "2".into(), "3".into()],
            sub_cc_no: "1".into(),
        }
    }
}

/// The bit of `field` in [`SimRecord`]'s field sets.
fn bit(field: RecordField) -> u16 {
    1 << field.index()
}

/// Whether `field` holds a number and may therefore be sent as a JSON number: not the call
/// ID and the phone numbers, which are text.
fn numeric_capable(field: RecordField) -> bool {
    !matches!(field.kind(), FieldKind::Text | FieldKind::Phone)
}

/// A field's value in a [`SimRecord`], as the generator keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldValue<'a> {
    /// Text: numbers, IDs and VDNs.
    Text(&'a str),
    /// A number: codes and epoch-ms times, written as decimal text.
    Number(i64),
}

/// One generated call detail record, with typed fields for fast filtering (the app's
/// [`cdr_core::Record`] keeps every field as text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimRecord {
    /// Start of the call's UTC day, epoch ms.
    pub log_date: i64,
    /// Calling number.
    pub caller_no: String,
    /// Called number.
    pub callee_no: String,
    /// Call ID, `"<seconds>-<counter>"`.
    pub call_id: String,
    /// Call type code.
    pub call_type: u16,
    /// Media type code.
    pub media_type: u16,
    /// Queue entry, epoch ms.
    pub wait_begin: i64,
    /// Answer time, epoch ms; `None` when nobody answered.
    pub ack_begin: Option<i64>,
    /// Call start, epoch ms (the records are sorted by it).
    pub call_begin: i64,
    /// Call end, epoch ms.
    pub call_end: i64,
    /// Index into the dataset's VDN list.
    pub vdn: u16,
    /// Leave reason code.
    pub leave_reason: u16,
    /// Satisfaction value, `None` when no survey was answered.
    pub evaluation: Option<u16>,
    /// The outcome the call was generated as (with the default `shortAbandonSeconds`, 5),
    /// which `cdr-core`'s rules give its rendered fields unless a field is missing.
    pub outcome: CallOutcome,
    /// The counter part of `call_id`; it grows with the record's position, so a call ID
    /// is found by binary search (no index of a million strings to build).
    counter: u64,
    /// Fields left out of the rendered record (bit per [`RecordField`], by [`RecordField::index`]).
    missing: u16,
    /// Fields rendered as JSON numbers rather than strings (bit per [`RecordField`], by
    /// [`RecordField::index`]).
    numeric: u16,
}

impl SimRecord {
    /// Whether the rendered record carries `field`.
    pub fn has(&self, field: RecordField) -> bool {
        if self.missing & bit(field) != 0 {
            return false;
        }
        match field {
            RecordField::AckBegin => self.ack_begin.is_some(),
            RecordField::EvaluationValue => self.evaluation.is_some(),
            _ => true,
        }
    }

    /// Whether the rendered record sends `field` as a JSON number.
    pub fn is_numeric(&self, field: RecordField) -> bool {
        self.numeric & bit(field) != 0
    }

    /// The value of `field` as the rendered record carries it; `None` when it leaves the
    /// field out. `vdns` is the dataset's VDN list, which [`SimRecord::vdn`] indexes.
    pub fn value<'a>(&'a self, field: RecordField, vdns: &'a [String]) -> Option<FieldValue<'a>> {
        if !self.has(field) {
            return None;
        }
        let number = |n: u16| FieldValue::Number(i64::from(n));
        Some(match field {
            RecordField::LogDate => FieldValue::Number(self.log_date),
            RecordField::CallerNo => FieldValue::Text(&self.caller_no),
            RecordField::CalleeNo => FieldValue::Text(&self.callee_no),
            RecordField::CallId => FieldValue::Text(&self.call_id),
            RecordField::CallType => number(self.call_type),
            RecordField::MediaType => number(self.media_type),
            RecordField::WaitBegin => FieldValue::Number(self.wait_begin),
            RecordField::AckBegin => FieldValue::Number(self.ack_begin?),
            RecordField::CallBegin => FieldValue::Number(self.call_begin),
            RecordField::CallEnd => FieldValue::Number(self.call_end),
            RecordField::Vdn => {
                FieldValue::Text(vdns.get(usize::from(self.vdn)).map_or("", String::as_str))
            }
            RecordField::LeaveReason => number(self.leave_reason),
            RecordField::EvaluationValue => number(self.evaluation?),
        })
    }

    /// Appends this record as a compact JSON object to `out`: the fields it carries, in
    /// [`RecordField::ALL`] order, under their answer names.
    pub fn render(&self, vdns: &[String], out: &mut String) {
        out.push('{');
        let mut first = true;
        let mut digits = String::with_capacity(16);
        for field in RecordField::ALL {
            let Some(value) = self.value(field, vdns) else {
                continue;
            };
            if !first {
                out.push(',');
            }
            first = false;
            out.push('"');
            out.push_str(field.name());
            out.push_str("\":");
            let text = match value {
                FieldValue::Text(text) => text,
                FieldValue::Number(n) => {
                    digits.clear();
                    let _ = write!(digits, "{n}");
                    &digits
                }
            };
            // A configured VDN may not be a number; only digit strings go out bare.
            let bare = self.is_numeric(field)
                && !text.is_empty()
                && text.len() < 16
                && text.bytes().all(|b| b.is_ascii_digit())
                && (text == "0" || !text.starts_with('0'));
            if bare {
                out.push_str(text);
            } else {
                push_json_str(out, text);
            }
        }
        out.push('}');
    }

    /// Whether the record's `field` equals `want` exactly, as rendered: text by string
    /// equality, numbers only when `want` is written as the record writes them
    /// (`"05"` matches nothing). A record that lacks the field never
    /// matches.
    fn field_is(&self, field: RecordField, want: &Criterion<'_>, vdns: &[String]) -> bool {
        match self.value(field, vdns) {
            None => false,
            Some(FieldValue::Text(text)) => text == want.text,
            Some(FieldValue::Number(n)) => want.number == Some(n),
        }
    }
}

/// A wanted value of a field, read once for a whole query.
struct Criterion<'a> {
    text: &'a str,
    number: Option<i64>,
}

/// Appends `s` as a JSON string literal.
pub fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// What a query found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryResult {
    /// How many records match (all of them, whatever the cap).
    pub total: usize,
    /// Indices of at most `limit` matches, chosen by the [`CapOrder`], in `callBegin`
    /// ascending order (ties keep generation order).
    pub indices: Vec<usize>,
}

/// Which matches an answer capped at `limit` records returns (`--cap-order`). Whatever
/// the choice, the returned records are in `callBegin` ascending order and `total` counts
/// every match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CapOrder {
    /// The first `limit` matches by `callBegin` (the simulator's behaviour so far).
    #[default]
    First,
    /// The last `limit` matches by `callBegin`.
    Last,
    /// A uniformly random subset of `limit` matches (reservoir sampling), from
    /// [`SearchOptions::seed`]: the same seed picks the same subset.
    Random,
}

impl CapOrder {
    /// Every cap order.
    pub const ALL: [CapOrder; 3] = [CapOrder::First, CapOrder::Last, CapOrder::Random];

    /// The command-line name: `first`, `last` or `random`.
    pub fn name(self) -> &'static str {
        match self {
            CapOrder::First => "first",
            CapOrder::Last => "last",
            CapOrder::Random => "random",
        }
    }
}

impl std::str::FromStr for CapOrder {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CapOrder::ALL
            .into_iter()
            .find(|c| c.name() == s)
            .ok_or_else(|| format!("unknown cap order {s:?} (expected first, last or random)"))
    }
}

impl std::fmt::Display for CapOrder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// How [`Dataset::search`] bounds and caps its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchOptions {
    /// At most this many indices are collected (`total` still counts all matches).
    pub limit: usize,
    /// Whether `endDate` is an inclusive bound (`callBegin <= endDate`); by default it is
    /// exclusive (`callBegin < endDate`). `beginDate` is always inclusive.
    pub end_inclusive: bool,
    /// Which matches a capped answer keeps.
    pub cap_order: CapOrder,
    /// Seed of [`CapOrder::Random`]'s choice (unused otherwise).
    pub seed: u64,
}

impl SearchOptions {
    /// The first `limit` matches, `endDate` exclusive.
    pub fn first(limit: usize) -> Self {
        SearchOptions {
            limit,
            end_inclusive: false,
            cap_order: CapOrder::First,
            seed: 0,
        }
    }
}

/// Collects the capped indices of a stream of matches, as a [`CapOrder`] says.
struct Collector {
    order: CapOrder,
    limit: usize,
    seen: usize,
    picked: Vec<usize>,
    /// Where the oldest kept index is, for [`CapOrder::Last`] (a ring over `picked`).
    head: usize,
    rng: SplitMix64,
}

impl Collector {
    fn new(options: &SearchOptions) -> Self {
        Collector {
            order: options.cap_order,
            limit: options.limit,
            seen: 0,
            picked: Vec::with_capacity(options.limit.min(1 << 16)),
            head: 0,
            rng: SplitMix64::new(options.seed),
        }
    }

    fn push(&mut self, index: usize) {
        let n = self.seen;
        self.seen += 1;
        if self.picked.len() < self.limit {
            self.picked.push(index);
            return;
        }
        if self.limit == 0 {
            return;
        }
        match self.order {
            CapOrder::First => {}
            CapOrder::Last => {
                // Overwrite the oldest: the ring keeps the latest `limit` indices.
                self.picked[self.head] = index;
                self.head = (self.head + 1) % self.limit;
            }
            CapOrder::Random => {
                // Algorithm R: the (n+1)-th match replaces a kept one with odds limit/(n+1).
                let j = self.rng.below(n as u64 + 1) as usize;
                if j < self.limit {
                    self.picked[j] = index;
                }
            }
        }
    }

    /// The kept indices, ascending (so by `callBegin`), and how many matches were seen.
    fn finish(mut self) -> (usize, Vec<usize>) {
        match self.order {
            CapOrder::First => {}
            CapOrder::Last => self.picked.rotate_left(self.head),
            CapOrder::Random => self.picked.sort_unstable(),
        }
        (self.seen, self.picked)
    }
}

/// A generated dataset: records sorted by `callBegin` ascending.
#[derive(Debug, Clone)]
pub struct Dataset {
    spec: DatasetSpec,
    records: Vec<SimRecord>,
}

impl Dataset {
    /// Generates the dataset `spec` describes (deterministic).
    pub fn generate(spec: &DatasetSpec) -> Dataset {
        generate(spec)
    }

    /// The spec this dataset was generated from.
    pub fn spec(&self) -> &DatasetSpec {
        &self.spec
    }

    /// All records, sorted by `callBegin` ascending.
    pub fn records(&self) -> &[SimRecord] {
        &self.records
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether there are no records.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The index of `vdn` in the tenant's VDN list, if the tenant has it.
    pub fn vdn_index(&self, vdn: &str) -> Option<usize> {
        self.spec.vdns.iter().position(|v| v == vdn)
    }

    /// The index of the record whose `callId` is exactly `call_id`. Counters grow with
    /// the index, so the counter after the `-` finds the only candidate.
    fn call_id_index(&self, call_id: &str) -> Option<usize> {
        let counter: u64 = call_id.split_once('-')?.1.parse().ok()?;
        let i = self.records.partition_point(|r| r.counter < counter);
        self.records
            .get(i)
            .filter(|r| r.call_id == call_id)
            .map(|_| i)
    }

    /// Renders record `index` as a JSON object (empty object if out of range).
    pub fn record_json(&self, index: usize) -> String {
        let mut out = String::with_capacity(400);
        match self.records.get(index) {
            Some(r) => r.render(&self.spec.vdns, &mut out),
            None => out.push_str("{}"),
        }
        out
    }

    /// Appends record `index` as a JSON object to `out` (nothing if out of range).
    pub fn render_into(&self, index: usize, out: &mut String) {
        if let Some(r) = self.records.get(index) {
            r.render(&self.spec.vdns, out);
        }
    }

    /// Runs a search with the contract's defaults ([`SearchOptions::first`]): counts
    /// every match and collects the first `limit` of them; `endDate` is exclusive.
    pub fn query(&self, query: &Query, limit: usize) -> QueryResult {
        self.search(query, &SearchOptions::first(limit))
    }

    /// Runs a search, counting every match and collecting at most `options.limit` of them
    /// (which ones: `options.cap_order`). Only the kept indices are stored, never the
    /// whole match list. Every non-empty member of `query` must hold (`subCcNo` is the
    /// contract's to check, not the dataset's); semantics, as a search service over stored
    /// documents behaves:
    /// * `vdn`: the record's VDN is this one of the dataset's list (none match when the
    ///   list lacks it);
    /// * `callId`, `callerNo`, `calleeNo`: exact, case-sensitive string equality (no prefix
    ///   or substring matching);
    /// * `beginDate` (epoch ms): inclusive lower bound on `callBegin`; `endDate`: exclusive
    ///   upper bound (`callBegin < endDate`), inclusive with `options.end_inclusive`, so
    ///   consecutive slices `[a, b)`, `[b, c)` never count a record twice; an empty range
    ///   (`beginDate > endDate`, or equal ones with an exclusive end) matches nothing;
    /// * `callType`, `mediaType`, `evaluationValue`: exact equality with the code as the
    ///   record renders it (`"05"` matches nothing);
    /// * a record that lacks a field never matches a criterion on that field.
    pub fn search(&self, query: &Query, options: &SearchOptions) -> QueryResult {
        let mut result = QueryResult {
            total: 0,
            indices: Vec::new(),
        };
        let Some(vdn) = self.vdn_index(&query.vdn) else {
            return result;
        };
        let begin_ms = query.begin_date;
        // The first `callBegin` past the range: with an exclusive end, `endDate` itself.
        let stop_ms = match query.end_date {
            Some(e) if options.end_inclusive => Some(e.saturating_add(1)),
            other => other,
        };
        if let (Some(b), Some(s)) = (begin_ms, stop_ms) {
            if b >= s {
                return result;
            }
        }
        let (lo, hi) = if query.call_id.is_empty() {
            let lo = match begin_ms {
                Some(b) => self.records.partition_point(|r| r.call_begin < b),
                None => 0,
            };
            let hi = match stop_ms {
                Some(s) => self.records.partition_point(|r| r.call_begin < s),
                None => self.records.len(),
            };
            (lo, hi.max(lo))
        } else {
            match self.call_id_index(&query.call_id) {
                Some(i) => (i, i + 1),
                None => return result,
            }
        };
        // The request members that name a record field, matched by exact value.
        let criteria: Vec<(RecordField, Criterion<'_>)> = [
            (RecordField::CallerNo, &query.caller_no),
            (RecordField::CalleeNo, &query.callee_no),
            (RecordField::CallType, &query.call_type),
            (RecordField::MediaType, &query.media_type),
            (RecordField::EvaluationValue, &query.evaluation_value),
        ]
        .into_iter()
        .filter(|(_, want)| !want.is_empty())
        .map(|(field, want)| {
            let criterion = Criterion {
                text: want,
                number: canonical_number(want),
            };
            (field, criterion)
        })
        .collect();
        let vdns = &self.spec.vdns;
        let mut kept = Collector::new(options);
        for (i, r) in self.records[lo..hi].iter().enumerate() {
            if usize::from(r.vdn) != vdn
                || !r.has(RecordField::Vdn)
                || begin_ms.is_some_and(|b| r.call_begin < b)
                || stop_ms.is_some_and(|s| r.call_begin >= s)
                || !criteria
                    .iter()
                    .all(|(field, want)| r.field_is(*field, want, vdns))
            {
                continue;
            }
            kept.push(lo + i);
        }
        (result.total, result.indices) = kept.finish();
        result
    }
}

/// Reads a number written the way records render numbers (plain decimal, no sign, no
/// leading zero); anything else can match no number.
fn canonical_number(s: &str) -> Option<i64> {
    let n: i64 = s.parse().ok()?;
    (n >= 0 && n.to_string() == s).then_some(n)
}

/// The splitmix64 PRNG.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.0)
    }

    /// A uniform float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform integer in `[0, n)` (`0` when `n == 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            ((self.next_u64() as u128 * n as u128) >> 64) as u64
        }
    }

    /// `true` with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An approximately standard-normal value (Irwin–Hall: sum of 12 uniforms − 6).
    fn normal(&mut self) -> f64 {
        let mut s = 0.0;
        for _ in 0..12 {
            s += self.unit();
        }
        s - 6.0
    }

    /// A log-normal-ish value with the given median and shape.
    fn log_normal(&mut self, median: f64, sigma: f64) -> f64 {
        median * exp_det(sigma * self.normal())
    }

    /// Picks an item by weight.
    fn weighted<T: Copy>(&mut self, table: &[(T, u32)]) -> T {
        let total: u32 = table.iter().map(|&(_, w)| w).sum();
        let mut roll = self.below(u64::from(total)) as u32;
        for &(item, w) in table {
            if roll < w {
                return item;
            }
            roll -= w;
        }
        table[table.len() - 1].0
    }
}

/// The splitmix64 finaliser: a good 64-bit hash.
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `e^x` from basic arithmetic only, so every platform computes the same bits.
fn exp_det(x: f64) -> f64 {
    let x = x.clamp(-700.0, 700.0);
    const LN2: f64 = std::f64::consts::LN_2;
    let k = (x / LN2 + if x >= 0.0 { 0.5 } else { -0.5 }) as i64;
    let r = x - k as f64 * LN2;
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 1..=16 {
        term = term * r / n as f64;
        sum += term;
    }
    sum * f64::from_bits(((k + 1023) as u64) << 52)
}

/// Relative call volume per local hour (UTC+08:00).
const HOUR_WEIGHT: [u32; 24] = [
    3, 2, 1, 1, 1, 2, 4, 10, 35, 80, 100, 95, 60, 55, 85, 95, 90, 75, 45, 30, 22, 15, 9, 5,
];

/// The busiest hour's weight (computed at compile time: `load_at` runs for every proposal).
const MAX_HOUR_WEIGHT: u32 = {
    let mut max = 1;
    let mut i = 0;
    while i < HOUR_WEIGHT.len() {
        if HOUR_WEIGHT[i] > max {
            max = HOUR_WEIGHT[i];
        }
        i += 1;
    }
    max
};

/// Weekend days carry this share of a weekday's volume at the same hour.
const WEEKEND_SHARE: f64 = 0.4;

/// How busy the contact center is at `t` (epoch ms), from 0 (idle) to 1 (the busiest
/// weekday hour): the volume profile ([`HOUR_WEIGHT`], weekends at [`WEEKEND_SHARE`]) of
/// its local hour in UTC+08:00. Call starts are drawn with this density, and queue waits
/// grow with it, so the busy hours are the ones with long waits and abandons.
fn load_at(t: i64) -> f64 {
    let local = t + LOCAL_OFFSET_MS;
    let hour = (local.rem_euclid(DAY_MS) / HOUR_MS) as usize;
    // 1970-01-01 was a Thursday: (days + 4) % 7 gives 0 = Sunday.
    let weekday = (local.div_euclid(DAY_MS) + 4).rem_euclid(7);
    let w = HOUR_WEIGHT.get(hour).copied().unwrap_or(0) as f64 / MAX_HOUR_WEIGHT as f64;
    if weekday == 0 || weekday == 6 {
        w * WEEKEND_SHARE
    } else {
        w
    }
}

fn generate(spec: &DatasetSpec) -> Dataset {
    let mut rng = SplitMix64::new(spec.seed ^ 0x5EED_CD00_0000_0001);
    let begins = call_begins(spec, &mut rng);

    // Numbers: a pool of repeat customers and a couple of hotlines per VDN.
    let vdn_count = spec.vdns.len().max(1);
    let pool = (spec.records / 3).max(50) as u64;
    let hotlines: Vec<[String; 2]> = (0..vdn_count as u64)
        .map(|v| {
            let h = mix64(spec.seed ^ (v + 1).wrapping_mul(0xA24B_AED4_963E_E407));
            [
                format!("400{:07}", h % 10_000_000),
                format!("955{:02}", (h >> 32) % 100),
            ]
        })
        .collect();
    let vdn_weights: Vec<(usize, u32)> = (0..vdn_count)
        .map(|i| (i, (60 / (i as u32 + 1)).max(1)))
        .collect();

    let mut counter: u64 = 17_000_000 + rng.below(1_000_000);
    let mut records = Vec::with_capacity(spec.records);
    // The order of the generator's draws is the data set: each step below draws in the
    // same order as before it was split into functions.
    for &call_begin in &begins {
        counter += 1 + rng.below(3);
        let local_hour = ((call_begin + LOCAL_OFFSET_MS).rem_euclid(DAY_MS) / HOUR_MS) as u32;
        let load = load_at(call_begin);
        let vdn = rng.weighted(&vdn_weights);
        let hotline = &hotlines[vdn];
        let customer = customer_number(spec.seed, pool, &mut rng);

        let call_type: u16 = rng.weighted(&[
            (0, 7200),
            (1, 1200),
            (2, 500),
            (3, 300),
            (4, 100),
            (10, 100),
            (11, 200),
            (12, 370),
            (9, 30),
        ]);
        let inbound = matches!(call_type, 0 | 11 | 9);
        let media_type: u16 = if call_type == 12 {
            rng.weighted(&[(2, 90), (18, 10)])
        } else if inbound {
            rng.weighted(&[(5, 855), (19, 40), (53, 100), (1, 5)])
        } else {
            rng.weighted(&[(5, 960), (19, 40)])
        };
        let (caller_no, callee_no) = if inbound {
            (customer, hotline[rng.below(2) as usize].clone())
        } else {
            (hotline[0].clone(), customer)
        };
        // How the call went draws from its own stream, seeded by one draw: a change to the
        // model of waits, outcomes or ratings leaves who called, when and how as they were.
        let mut call = SplitMix64::new(rng.next_u64());
        let course = if inbound {
            inbound_course(&mut call, call_begin, media_type, local_hour, load)
        } else {
            outbound_course(&mut call, call_begin)
        };
        let (missing, numeric) = quirks(&mut rng);

        records.push(SimRecord {
            log_date: call_begin.div_euclid(DAY_MS) * DAY_MS,
            caller_no,
            callee_no,
            call_id: format!("{}-{}", call_begin.div_euclid(1000), counter),
            call_type,
            media_type,
            wait_begin: course.wait_begin,
            ack_begin: course.ack_begin,
            call_begin,
            call_end: course.call_end,
            vdn: vdn as u16,
            leave_reason: course.leave_reason,
            evaluation: course.evaluation,
            outcome: course.outcome,
            counter,
            missing,
            numeric,
        });
    }

    Dataset {
        spec: spec.clone(),
        records,
    }
}

/// Call start times over the spec's days, sorted: uniform proposals thinned by the
/// hourly/weekday profile.
fn call_begins(spec: &DatasetSpec, rng: &mut SplitMix64) -> Vec<i64> {
    let span = i64::from(spec.days.max(1)) * DAY_MS;
    let start = spec.end_ms - span;
    let mut begins: Vec<i64> = Vec::with_capacity(spec.records);
    while begins.len() < spec.records {
        let t = start + rng.below(span as u64) as i64;
        if rng.unit() < load_at(t) {
            begins.push(t);
        }
    }
    begins.sort_unstable();
    begins
}

/// How a call went after it began: queue, answer, end, why it ended, its rating.
struct Course {
    wait_begin: i64,
    ack_begin: Option<i64>,
    call_end: i64,
    leave_reason: u16,
    evaluation: Option<u16>,
    outcome: CallOutcome,
}

/// The median queue wait, seconds, of a call arriving at `load` ([`load_at`]). Agents are
/// rostered for the forecast but run busier at its peaks: occupancy goes from 50 % when
/// idle to [`OCCUPANCY_PEAK`] at the busiest hour, and a queue's wait grows like
/// occupancy ÷ (1 − occupancy) (as Erlang C's does), so the busy hours queue several times
/// longer than the quiet ones. Multimedia (53, chat) queues 2.5 times longer than voice.
fn median_wait_s(load: f64, media_type: u16) -> f64 {
    let occupancy = 0.5 + (OCCUPANCY_PEAK - 0.5) * load.clamp(0.0, 1.0);
    let wait = WAIT_SCALE_S * occupancy / (1.0 - occupancy);
    if media_type == 53 {
        wait * 2.5
    } else {
        wait
    }
}

/// Agent occupancy at the busiest hour (see [`median_wait_s`]).
const OCCUPANCY_PEAK: f64 = 0.9;

/// The median wait, seconds, at 50 % occupancy (see [`median_wait_s`]).
const WAIT_SCALE_S: f64 = 3.0;

/// An inbound call: IVR, then after hours mostly no agent; the queue's wait grows with the
/// hour's `load` ([`median_wait_s`]); a caller whose patience runs out before the wait ends
/// hangs up unanswered; the rest are answered, talk, and may rate the call, less kindly
/// the longer they waited ([`rating`]).
fn inbound_course(
    rng: &mut SplitMix64,
    call_begin: i64,
    media_type: u16,
    local_hour: u32,
    load: f64,
) -> Course {
    let ivr = if rng.chance(0.2) {
        0
    } else {
        rng.below(40_000) as i64
    };
    let wait_begin = call_begin + ivr;
    let after_hours = !(8..21).contains(&local_hour);
    // Waits are long-tailed, longer in busy hours and for chat.
    let wait = rng
        .log_normal(median_wait_s(load, media_type), 1.4)
        .min(1200.0);
    let patience = rng.log_normal(150.0, 1.1);
    if after_hours && rng.chance(0.6) {
        return Course {
            wait_begin,
            ack_begin: None,
            call_end: wait_begin + 2_000 + rng.below(8_000) as i64,
            leave_reason: 3,
            evaluation: None,
            outcome: CallOutcome::NotAnswered,
        };
    }
    if wait > patience {
        // A few callers give up within seconds (a misdial, a change of mind): the least
        // patient three percent (under 20 s) hang up at a quarter of their patience,
        // within 5 s, so short abandons exist. Only when they hang up moves, not whether.
        let patience = if patience < 20.0 {
            patience / 4.0
        } else {
            patience
        };
        let call_end = wait_begin + (patience * 1000.0) as i64;
        let leave_reason = rng.weighted(&[
            (89, 640),
            (15, 60),
            (2, 120),
            (5, 80),
            (1, 50),
            (49, 20),
            (50, 20),
            (99, 10),
        ]);
        // A caller who hangs up within seconds hangs up: the queue had no time to give up.
        let leave_reason = if patience < 5.0 && !matches!(leave_reason, 89 | 15) {
            89
        } else {
            leave_reason
        };
        // Short as `cdr-core` measures it: whole milliseconds from waitBegin to callEnd.
        let outcome = match leave_reason {
            89 | 15 if call_end - wait_begin <= 5_000 => CallOutcome::ShortAbandon,
            89 | 15 => CallOutcome::Abandoned,
            99 => CallOutcome::Unknown,
            _ => CallOutcome::NotAnswered,
        };
        return Course {
            wait_begin,
            ack_begin: None,
            call_end,
            leave_reason,
            evaluation: None,
            outcome,
        };
    }
    let ack = wait_begin + (wait * 1000.0) as i64;
    let talk_median = if media_type == 53 { 300.0 } else { 150.0 };
    let talk = rng.log_normal(talk_median, 0.85).clamp(3.0, 7200.0);
    let leave_reason = rng.weighted(&[
        (88, 450),
        (16, 250),
        (15, 150),
        (17, 70),
        (0, 60),
        (4, 10),
        (99, 10),
    ]);
    let evaluation = if rng.chance(0.55) {
        Some(rating(rng, wait))
    } else {
        None
    };
    Course {
        wait_begin,
        ack_begin: Some(ack),
        call_end: ack + (talk * 1000.0) as i64,
        leave_reason,
        evaluation,
        outcome: CallOutcome::Answered,
    }
}

/// An outbound call: it rings, then is answered and talks, or ends unanswered.
fn outbound_course(rng: &mut SplitMix64, call_begin: i64) -> Course {
    let ring = 3_000 + rng.below(37_000) as i64;
    if rng.chance(0.6) {
        let ack = call_begin + ring;
        let talk = rng.log_normal(90.0, 0.9).clamp(2.0, 3600.0);
        let leave_reason = rng.weighted(&[(88, 450), (16, 300), (15, 200), (17, 50)]);
        // The customer waited for nothing: the agent called them.
        let evaluation = if rng.chance(0.2) {
            Some(rating(rng, 0.0))
        } else {
            None
        };
        return Course {
            wait_begin: call_begin,
            ack_begin: Some(ack),
            call_end: ack + (talk * 1000.0) as i64,
            leave_reason,
            evaluation,
            outcome: CallOutcome::Answered,
        };
    }
    let leave_reason = rng.weighted(&[
        (26, 400),
        (20, 200),
        (22, 150),
        (27, 100),
        (23, 80),
        (24, 70),
    ]);
    Course {
        wait_begin: call_begin,
        ack_begin: None,
        call_end: call_begin + ring,
        leave_reason,
        evaluation: None,
        outcome: CallOutcome::NotAnswered,
    }
}

/// The answer's quirks for one record, as bit sets of fields: missing ones, and numbers
/// sent as JSON numbers.
fn quirks(rng: &mut SplitMix64) -> (u16, u16) {
    let mut missing = 0u16;
    if rng.chance(0.05) {
        let droppable = [
            RecordField::LogDate,
            RecordField::CallerNo,
            RecordField::CalleeNo,
            RecordField::CallType,
            RecordField::MediaType,
            RecordField::WaitBegin,
            RecordField::AckBegin,
            RecordField::CallEnd,
            RecordField::LeaveReason,
            RecordField::EvaluationValue,
        ];
        for _ in 0..1 + rng.below(3) {
            missing |= bit(droppable[rng.below(droppable.len() as u64) as usize]);
        }
    }
    let mut numeric = 0u16;
    if rng.chance(0.10) {
        numeric |= bit(RecordField::Vdn);
        for f in RecordField::ALL {
            if numeric_capable(f) && f != RecordField::Vdn && rng.chance(0.5) {
                numeric |= bit(f);
            }
        }
    }
    (missing, numeric)
}

/// The chance that a caller answered after `wait_s` seconds in the queue rates the call
/// satisfied (`"4"` or `"5"`): [`SATISFIED_AT_ONCE`] for an immediate answer, falling as
/// the wait grows (half of that at [`SATISFIED_HALF_WAIT_S`], about a fifth of it after
/// 3 minutes); the shape `1 / (1 + (wait / half)²)` uses only exact arithmetic.
fn satisfied_chance(wait_s: f64) -> f64 {
    let x = wait_s.max(0.0) / SATISFIED_HALF_WAIT_S;
    SATISFIED_AT_ONCE / (1.0 + x * x)
}

/// [`satisfied_chance`] of a call answered at once.
const SATISFIED_AT_ONCE: f64 = 0.92;

/// The wait, seconds, at which [`satisfied_chance`] halves.
const SATISFIED_HALF_WAIT_S: f64 = 90.0;

/// A satisfaction value after `wait_s` seconds in the queue, from one draw: rarely the
/// unknown value `10`; else satisfied ([`satisfied_chance`]) as `5` (very satisfied, about
/// 62 %) or `4`, or dissatisfied as `3`, `2` or `1` (very dissatisfied, the commonest of
/// the three: an unhappy caller tends to pick the worst mark).
fn rating(rng: &mut SplitMix64, wait_s: f64) -> u16 {
    let u = rng.unit();
    if u < 0.01 {
        return 10;
    }
    let u = (u - 0.01) / 0.99;
    let satisfied = satisfied_chance(wait_s);
    if u < satisfied {
        return if u < satisfied * 0.62 { 5 } else { 4 };
    }
    // Where `u` falls in the dissatisfied share, 0..1 (that share is at least 8 %).
    let d = (u - satisfied) / (1.0 - satisfied);
    if d < 0.3 {
        3
    } else if d < 0.55 {
        2
    } else {
        1
    }
}

/// A customer's number from a pool where some customers call often.
fn customer_number(seed: u64, pool: u64, rng: &mut SplitMix64) -> String {
    let u = rng.unit();
    let index = ((u * u * u) * pool as f64) as u64;
    let h = mix64(seed.wrapping_mul(31) ^ index.wrapping_mul(0xD6E8_FEB8_6659_FD93));
    if h.is_multiple_of(5) {
        // A landline with its area code: the leading zero matters.
        format!("0{}{:08}", 10 + (h >> 8) % 90, (h >> 16) % 100_000_000)
    } else {
        format!("1{}{:09}", 3 + (h >> 8) % 7, (h >> 16) % 1_000_000_000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_det_is_close_to_exp() {
        for x in [-5.0, -1.0, -0.3, 0.0, 0.5, 1.0, 3.7, 8.0] {
            let rel = (exp_det(x) - f64::exp(x)).abs() / f64::exp(x);
            assert!(rel < 1e-12, "x={x} rel={rel}");
        }
    }

    #[test]
    fn canonical_codes_only() {
        assert_eq!(canonical_number("5"), Some(5));
        assert_eq!(canonical_number("05"), None);
        assert_eq!(canonical_number("+5"), None);
        assert_eq!(canonical_number("-0"), None);
        assert_eq!(canonical_number(""), None);
    }
}
