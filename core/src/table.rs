//! The results table: columns, what each cell shows, sorting, the quick filter and paging.
//! The API returns the whole result set at once, so all of this happens in the browser and
//! must stay fast for 100,000 records.

use std::cmp::Ordering;
use std::ops::Range;

use crate::call_outcome::{outcome_of, CallOutcome, DEFAULT_SHORT_ABANDON_SECONDS};
use crate::codes::{code_number, EvaluationLabels};
use crate::fields::{FieldKind, Record, RecordField};
use crate::locale::Locale;
use crate::mask::{mask_number, mask_number_into};
use crate::time::{call_time_ms, format_duration_into, format_ms_into, Zone};

/// A column of the results table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    /// `callId`.
    CallId,
    /// `callBegin`, formatted in the zone.
    Begin,
    /// `callEnd`, formatted in the zone.
    End,
    /// The call's duration, `callBegin` to `callEnd` ([`Record::duration_ms`]); not its talk
    /// time, which runs from the answer.
    Duration,
    /// The call's outcome ([`crate::call_outcome`]), computed from several fields.
    Outcome,
    /// `callerNo`.
    CallerNo,
    /// `calleeNo`.
    CalleeNo,
    /// `callType`, labelled.
    CallType,
    /// `mediatype`, labelled.
    MediaType,
    /// `leaveReason`, labelled.
    LeaveReason,
    /// `evaluationValue`, labelled as configured.
    Satisfaction,
    /// `vdn`.
    Vdn,
    /// `logDate`, formatted in the zone when it is a timestamp.
    LogDate,
}

impl Column {
    /// Every column, in default display order.
    pub const ALL: [Column; 13] = [
        Column::CallId,
        Column::Begin,
        Column::End,
        Column::Duration,
        Column::Outcome,
        Column::CallerNo,
        Column::CalleeNo,
        Column::CallType,
        Column::MediaType,
        Column::LeaveReason,
        Column::Satisfaction,
        Column::Vdn,
        Column::LogDate,
    ];

    /// A stable key (for DOM attributes and saved settings).
    pub fn key(self) -> &'static str {
        match self {
            Column::CallId => "callId",
            Column::Begin => "begin",
            Column::End => "end",
            Column::Duration => "duration",
            Column::Outcome => "outcome",
            Column::CallerNo => "callerNo",
            Column::CalleeNo => "calleeNo",
            Column::CallType => "callType",
            Column::MediaType => "mediaType",
            Column::LeaveReason => "leaveReason",
            Column::Satisfaction => "satisfaction",
            Column::Vdn => "vdn",
            Column::LogDate => "logDate",
        }
    }

    /// The column for a [`key`](Column::key).
    pub fn from_key(key: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.key() == key)
    }

    /// The record field the column shows; `None` for the duration and the outcome, which
    /// are computed.
    pub fn field(self) -> Option<RecordField> {
        Some(match self {
            Column::CallId => RecordField::CallId,
            Column::Begin => RecordField::CallBegin,
            Column::End => RecordField::CallEnd,
            Column::Duration | Column::Outcome => return None,
            Column::CallerNo => RecordField::CallerNo,
            Column::CalleeNo => RecordField::CalleeNo,
            Column::CallType => RecordField::CallType,
            Column::MediaType => RecordField::MediaType,
            Column::LeaveReason => RecordField::LeaveReason,
            Column::Satisfaction => RecordField::EvaluationValue,
            Column::Vdn => RecordField::Vdn,
            Column::LogDate => RecordField::LogDate,
        })
    }

    /// The kind of the field behind the column (`None` for the duration and the outcome).
    pub fn kind(self) -> Option<FieldKind> {
        self.field().map(RecordField::kind)
    }

    /// The header text: the field's [label](RecordField::label), shorter for begin and end (the
    /// table is wide).
    pub fn title(self, locale: Locale) -> &'static str {
        let (en, zh) = match self {
            Column::Begin => ("Begin", "开始时间"),
            Column::End => ("End", "结束时间"),
            // Not 通话时长 (talk time): an unanswered call has a duration too.
            Column::Duration => ("Duration", "呼叫时长"),
            Column::Outcome => ("Outcome", "呼叫结果"),
            _ => return self.field().map_or("", |f| f.label(locale)),
        };
        match locale {
            Locale::En => en,
            Locale::ZhCn => zh,
        }
    }

    /// Whether the column shows a timestamp.
    pub fn is_time(self) -> bool {
        self.kind() == Some(FieldKind::Time)
    }

    /// Whether the column shows a code with a label (its raw code is worth keeping).
    pub fn is_code(self) -> bool {
        matches!(
            self.kind(),
            Some(FieldKind::Code(_) | FieldKind::Configured)
        )
    }

    /// The record field behind the column (`None` for the computed duration and outcome).
    pub fn raw(self, r: &Record) -> Option<&str> {
        r.get(self.field()?)
    }
}

/// Sort direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum Direction {
    /// Smallest first.
    #[default]
    Ascending,
    /// Largest first.
    Descending,
}

/// A precomputed sort key. Variants are in the order they sort: values that read as
/// numbers (or times), then other text, then missing; the last two stay last whatever the
/// direction, so sorting never buries real values under blanks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key<'a> {
    Num(i64),
    Text(&'a str),
    Missing,
}

impl Key<'_> {
    fn rank(&self) -> u8 {
        match self {
            Key::Num(_) => 0,
            Key::Text(_) => 1,
            Key::Missing => 2,
        }
    }
}

fn non_empty(raw: Option<&str>) -> Option<&str> {
    raw.map(str::trim).filter(|s| !s.is_empty())
}

fn sort_key(r: &Record, column: Column, short_abandon_seconds: u32) -> Key<'_> {
    let Some(field) = column.field() else {
        return match column {
            // Outcomes sort in CallOutcome::ALL order (answered first).
            Column::Outcome => Key::Num(i64::from(outcome_of(r, short_abandon_seconds).rank())),
            _ => r.duration_ms().map_or(Key::Missing, Key::Num),
        };
    };
    let Some(t) = non_empty(r.get(field)) else {
        return Key::Missing;
    };
    match field.kind() {
        // Identifiers and phone numbers compare as text.
        FieldKind::Text | FieldKind::Phone => Key::Text(t),
        FieldKind::Time => call_time_ms(t).map_or(Key::Text(t), Key::Num),
        // Codes, VDN and satisfaction compare by number ("10" after "2").
        FieldKind::Code(_) | FieldKind::Number | FieldKind::Configured => {
            code_number(t).map_or(Key::Text(t), |n| Key::Num(i64::from(n)))
        }
    }
}

fn compare(a: &Key<'_>, b: &Key<'_>, dir: Direction) -> Ordering {
    let by_value = match (a, b) {
        (Key::Num(x), Key::Num(y)) => x.cmp(y),
        (Key::Text(x), Key::Text(y)) => x.cmp(y),
        _ => return a.rank().cmp(&b.rank()),
    };
    match dir {
        Direction::Ascending => by_value,
        Direction::Descending => by_value.reverse(),
    }
}

/// Sorts `indices` (into `records`) by a column, stably: equal values keep their order.
/// Numbers and times compare as numbers, codes by code number, text as text; missing and
/// unparseable values go last in both directions. An index out of range counts as missing.
/// The outcome column sorts in [`CallOutcome::ALL`] order with the default
/// `shortAbandonSeconds`; [`sort_indices_in`] takes the configured one.
pub fn sort_indices(records: &[Record], indices: &mut [usize], column: Column, dir: Direction) {
    sort_by_key(records, indices, column, dir, DEFAULT_SHORT_ABANDON_SECONDS);
}

/// [`sort_indices`] with the context's outcome settings
/// ([`DisplayContext::short_abandon_seconds`] decides short abandons).
pub fn sort_indices_in(
    records: &[Record],
    indices: &mut [usize],
    column: Column,
    dir: Direction,
    ctx: &DisplayContext,
) {
    sort_by_key(records, indices, column, dir, ctx.short_abandon_seconds);
}

fn sort_by_key(
    records: &[Record],
    indices: &mut [usize],
    column: Column,
    dir: Direction,
    short_abandon_seconds: u32,
) {
    // Keys are computed once (n work), not in every comparison (n log n work).
    let mut keyed: Vec<(Key<'_>, usize)> = indices
        .iter()
        .map(|&i| {
            let key = records
                .get(i)
                .map_or(Key::Missing, |r| sort_key(r, column, short_abandon_seconds));
            (key, i)
        })
        .collect();
    keyed.sort_by(|a, b| compare(&a.0, &b.0, dir));
    for (slot, (_, i)) in indices.iter_mut().zip(keyed) {
        *slot = i;
    }
}

/// What the table shows and how, for one session: zone, language, satisfaction labels and
/// whether phone numbers are masked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayContext {
    /// Zone times are shown in.
    pub zone: Zone,
    /// Language of labels.
    pub locale: Locale,
    /// Tenant satisfaction labels.
    pub evaluation_labels: EvaluationLabels,
    /// Show calling and called numbers masked ([`mask_number`]): cells carry only the
    /// masked text (no raw value, not even for a title), the quick filter matches the masked
    /// text only, and CSV export writes the masked text. Sorting ([`sort_indices`]) still
    /// orders by the real numbers, which only reveals their relative order.
    pub mask_numbers: bool,
    /// `shortAbandonSeconds` ([`crate::call_outcome`]; default 5): whether an abandoned
    /// call is a short abandon, for the outcome column. Only this one of the analytics
    /// settings ([`crate::call_outcome::Analytics`]) lives here: the first load builds and compares this
    /// context, and a list of levels in it cost that load 0.7 KB.
    pub short_abandon_seconds: u32,
}

impl Default for DisplayContext {
    fn default() -> Self {
        DisplayContext {
            zone: Zone::default(),
            locale: Locale::default(),
            evaluation_labels: EvaluationLabels::default(),
            mask_numbers: false,
            short_abandon_seconds: DEFAULT_SHORT_ABANDON_SECONDS,
        }
    }
}

/// What a table cell shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    /// The label or formatted time, or the raw value; empty when the field is missing.
    pub text: String,
    /// The raw code or value (for a hover title) when `text` differs from it.
    pub raw: Option<String>,
    /// An unknown code or unparseable time, shown raw.
    pub unknown: bool,
}

impl Cell {
    fn plain(text: &str) -> Cell {
        Cell {
            text: text.to_string(),
            raw: None,
            unknown: false,
        }
    }

    fn labelled(text: String, raw: &str) -> Cell {
        Cell {
            text,
            raw: Some(raw.to_string()),
            unknown: false,
        }
    }

    fn unknown(raw: &str) -> Cell {
        Cell {
            text: raw.to_string(),
            raw: None,
            unknown: true,
        }
    }
}

/// Appends `text` escaped by `escape`, with each carriage return as `&#13;`: the HTML
/// parser would turn a raw CR (or CR LF) into LF, and a value is shown as received.
fn push_escaped(text: &str, out: &mut String, escape: fn(&str, &mut String)) {
    let mut parts = text.split('\r');
    if let Some(first) = parts.next() {
        escape(first, out);
    }
    for part in parts {
        out.push_str("&#13;");
        escape(part, out);
    }
}

impl DisplayContext {
    /// What a table cell shows for a record and column.
    pub fn cell(&self, r: &Record, c: Column) -> Cell {
        if c == Column::Outcome {
            return Cell::plain(self.outcome(r).label(self.locale));
        }
        let Some(field) = c.field() else {
            let mut text = String::new();
            if let Some(ms) = r.duration_ms() {
                format_duration_into(ms, &mut text);
            }
            return Cell {
                text,
                raw: None,
                unknown: false,
            };
        };
        let Some(raw) = r.get(field) else {
            return Cell::default();
        };
        if raw.trim().is_empty() {
            return Cell::plain(raw);
        }
        let label = match field.kind() {
            FieldKind::Phone if self.mask_numbers => {
                return Cell {
                    text: mask_number(raw),
                    raw: None,
                    unknown: false,
                };
            }
            FieldKind::Time => match call_time_ms(raw) {
                Some(ms) => {
                    let mut text = String::with_capacity(19);
                    format_ms_into(ms, &self.zone, &mut text);
                    return Cell::labelled(text, raw);
                }
                // A log date may legitimately be text such as "2022-07-18": only flag
                // begin and end, which are documented as timestamps.
                None if field == RecordField::LogDate => return Cell::plain(raw),
                None => None,
            },
            FieldKind::Code(list) => list.label_of(raw, self.locale),
            FieldKind::Configured => {
                // Satisfaction levels are tenant-defined: an unconfigured one is normal.
                return match self.evaluation_labels.configured(raw) {
                    Some(label) => Cell::labelled(label.to_string(), raw),
                    None => Cell::plain(raw),
                };
            }
            FieldKind::Text | FieldKind::Phone | FieldKind::Number => return Cell::plain(raw),
        };
        match label {
            Some(label) => Cell::labelled(label.to_string(), raw),
            None => Cell::unknown(raw),
        }
    }

    /// One table row's cells as HTML, for the row's `innerHTML`: per column,
    /// `<td class="raw" title="…" data-column="key">text</td>`, with `class` only for an
    /// [unknown](Cell::unknown) value and `title` only when the cell has a
    /// [raw](Cell::raw) value. The text and the title are escaped
    /// (`html_escape`: `& < >` in text, and `"` too in the title; a carriage return as
    /// `&#13;`, which the parser would otherwise make a line feed), so a record's values,
    /// which come from outside, are shown as received and never read as markup.
    ///
    /// Why markup and not elements: one `innerHTML` per row lets the browser's parser
    /// build the cells, where building them one by one took ~260 calls from wasm into the
    /// page for 20 rows (BENCHMARKS.md, "Streaming first rows").
    pub fn write_row_html(&self, r: &Record, columns: &[Column], out: &mut String) {
        for &column in columns {
            let cell = self.cell(r, column);
            out.push_str("<td");
            if cell.unknown {
                out.push_str(" class=\"raw\"");
            }
            if let Some(raw) = &cell.raw {
                out.push_str(" title=\"");
                push_escaped(raw, out, |text, out| {
                    html_escape::encode_double_quoted_attribute_to_string(text, out);
                });
                out.push('"');
            }
            out.push_str(" data-column=\"");
            out.push_str(column.key());
            out.push_str("\">");
            push_escaped(&cell.text, out, |text, out| {
                html_escape::encode_text_to_string(text, out);
            });
            out.push_str("</td>");
        }
    }

    /// The record's outcome under this context's `shortAbandonSeconds`.
    pub fn outcome(&self, r: &Record) -> CallOutcome {
        outcome_of(r, self.short_abandon_seconds)
    }

    /// What the record detail panel shows for a field's raw value: a time in the zone (the
    /// value as received when it is not a plausible time), a code's label in the locale (an
    /// unknown code trimmed), a configured satisfaction label (else the value as received),
    /// and anything else as received. Phone numbers are shown as received here, whatever
    /// [`mask_numbers`](DisplayContext::mask_numbers) says: the panel lists raw values.
    pub fn shown(&self, field: RecordField, raw: &str) -> String {
        match field.kind() {
            FieldKind::Time => match call_time_ms(raw) {
                Some(ms) => {
                    let mut text = String::with_capacity(19);
                    format_ms_into(ms, &self.zone, &mut text);
                    text
                }
                None => raw.to_string(),
            },
            FieldKind::Code(list) => list
                .label_of(raw, self.locale)
                .unwrap_or(raw.trim())
                .to_string(),
            FieldKind::Configured => self.evaluation_labels.label(raw),
            FieldKind::Text | FieldKind::Phone | FieldKind::Number => raw.to_string(),
        }
    }
}

/// A letter's lower case for the quick filter: ASCII, Latin-1, Greek and Cyrillic capitals
/// (what labels, names and configured satisfaction texts use; Chinese has no case). std's
/// full Unicode `to_lowercase` would add its 12 KB table to the page for scripts this data
/// never has.
pub(crate) fn fold_char(c: char) -> char {
    let offset = match c {
        'A'..='Z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{DE}' => 32,
        '\u{391}'..='\u{3A1}' | '\u{3A3}'..='\u{3AB}' => 32,
        '\u{410}'..='\u{42F}' => 32,
        '\u{400}'..='\u{40F}' => 80,
        _ => return c,
    };
    char::from_u32(c as u32 + offset).unwrap_or(c)
}

/// `text` with every letter [folded](fold_char) to lower case.
fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// The quick filter's needle as it is matched: trimmed, then [folded](fold).
pub(crate) fn fold_needle(needle: &str) -> String {
    fold(needle.trim())
}

/// Case-insensitive substring search against an already [folded](fold) needle. Allocates
/// only for a non-ASCII haystack.
fn contains_ci(hay: &str, needle_folded: &str) -> bool {
    if needle_folded.is_empty() {
        return true;
    }
    if hay.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle_folded.as_bytes());
        n.len() <= h.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
    } else {
        fold(hay).contains(needle_folded)
    }
}

/// The indices of records matching the quick filter: a case-insensitive substring of any
/// column's raw value, its label (code labels in the locale, satisfaction labels) or its
/// formatted time or duration, or the outcome's label. An empty needle matches everything. With
/// [`mask_numbers`](DisplayContext::mask_numbers) set, calling and called numbers match by
/// their masked text only, so typing digits cannot probe the hidden ones.
///
/// This scans and formats every record for every needle; the app filters through
/// [`SearchIndex`](crate::search::SearchIndex), which gives the same indices from texts
/// worked out once (its property tests compare the two).
pub fn filter_indices(records: &[Record], needle: &str, ctx: &DisplayContext) -> Vec<usize> {
    let needle = fold_needle(needle);
    if needle.is_empty() {
        return (0..records.len()).collect();
    }
    // Formatted times hold only digits, '-', ' ' and ':' (durations a subset): skip
    // formatting them when the needle has anything else, the common case while typing.
    let timeish = needle
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b' ' | b':'));
    let mask = ctx.mask_numbers;
    let satisfaction: Vec<&str> = ctx
        .evaluation_labels
        .0
        .iter()
        .filter(|(_, label)| contains_ci(label, &needle))
        .map(|(raw, _)| raw.as_str())
        .collect();
    // What each column's field can match by besides its raw value, worked out once (labels
    // are few: the codes whose label matches are found once, not once per record).
    let mut shown: Vec<(RecordField, Shown)> = Column::ALL
        .into_iter()
        .filter_map(Column::field)
        .map(|f| {
            let how = match f.kind() {
                FieldKind::Phone if mask => Shown::Masked,
                FieldKind::Code(list) => Shown::Codes(
                    list.labels(ctx.locale)
                        .into_iter()
                        .filter(|(_, label)| contains_ci(label, &needle))
                        .map(|(code, _)| code)
                        .collect(),
                ),
                FieldKind::Configured => Shown::Configured,
                FieldKind::Time if timeish => Shown::Time,
                _ => Shown::Raw,
            };
            (f, how)
        })
        .collect();
    // The fields matched by their raw value (masked numbers are not), then the fields with
    // something more to match, times last: formatting them costs the most. Two short
    // lists keep the per-record loop as fast as it was with the columns spelled out.
    let raw: Vec<RecordField> = shown
        .iter()
        .filter(|(_, how)| !matches!(how, Shown::Masked))
        .map(|&(f, _)| f)
        .collect();
    shown.retain(|(_, how)| !matches!(how, Shown::Raw));
    shown.sort_by_key(|(_, how)| matches!(how, Shown::Time));
    let mut buf = String::with_capacity(24);
    let mut matches_shown = |how: &Shown, v: &str| match how {
        Shown::Raw => false,
        Shown::Masked => {
            buf.clear();
            mask_number_into(v, &mut buf);
            contains_ci(&buf, &needle)
        }
        Shown::Codes(codes) => code_number(v).is_some_and(|n| codes.contains(&n)),
        Shown::Configured => satisfaction.contains(&v) || satisfaction.contains(&v.trim()),
        Shown::Time => call_time_ms(v).is_some_and(|ms| {
            buf.clear();
            format_ms_into(ms, &ctx.zone, &mut buf);
            contains_ci(&buf, &needle)
        }),
    };
    // The outcomes whose label matches: only then is a record's outcome worked out.
    let outcomes: Vec<CallOutcome> = CallOutcome::ALL
        .into_iter()
        .filter(|o| contains_ci(o.label(ctx.locale), &needle))
        .collect();
    let mut duration = String::with_capacity(12);
    let mut out = Vec::new();
    for (i, r) in records.iter().enumerate() {
        // Raw values first: the cheapest test, and the one most hits pass.
        let raw_hit = raw
            .iter()
            .any(|&f| r.get(f).is_some_and(|v| contains_ci(v, &needle)));
        let hit = raw_hit
            || shown
                .iter()
                .any(|(f, how)| r.get(*f).is_some_and(|v| matches_shown(how, v)))
            || timeish
                && r.duration_ms().is_some_and(|ms| {
                    duration.clear();
                    format_duration_into(ms, &mut duration);
                    contains_ci(&duration, &needle)
                })
            || !outcomes.is_empty() && outcomes.contains(&ctx.outcome(r));
        if hit {
            out.push(i);
        }
    }
    out
}

/// How [`filter_indices`] matches a field beyond its raw value.
enum Shown {
    /// By the raw value only.
    Raw,
    /// By the masked number only (and not by the raw value).
    Masked,
    /// By the label of a code: the codes whose label matches.
    Codes(Vec<u32>),
    /// By the configured satisfaction label.
    Configured,
    /// By the time formatted in the zone.
    Time,
}

/// Rows-per-page choices.
pub const PAGE_SIZES: [usize; 4] = [10, 20, 50, 100];

/// The page being shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    /// 0-based page number.
    pub page: usize,
    /// Rows per page (0 is treated as 1).
    pub size: usize,
}

impl Default for Paging {
    fn default() -> Self {
        Paging { page: 0, size: 20 }
    }
}

impl Paging {
    fn rows(&self) -> usize {
        self.size.max(1)
    }

    /// Number of pages for `n` rows; at least 1, so "page 1 of 1" shows for no rows.
    pub fn page_count(&self, n: usize) -> usize {
        n.div_ceil(self.rows()).max(1)
    }

    /// The same paging with the page moved onto the last page if it is past it (after a
    /// filter shrank the rows, say).
    pub fn clamp(self, n: usize) -> Paging {
        Paging {
            page: self.page.min(self.page_count(n) - 1),
            size: self.size,
        }
    }

    /// The row positions on the (clamped) page.
    pub fn range(&self, n: usize) -> Range<usize> {
        let p = self.clamp(n);
        let start = p.page.saturating_mul(self.rows()).min(n);
        let end = start.saturating_add(self.rows()).min(n);
        start..end
    }

    /// `"Showing 1–20 of 1,517"`, or `"No records"`; numbers as `locale` groups them
    /// ([`Locale::count`]).
    pub fn summary(&self, n: usize, locale: Locale) -> String {
        let r = self.range(n);
        let count = |v: usize| locale.count(v as u64);
        let (first, last, all) = (count(r.start + 1), count(r.end), count(n));
        match (n, locale) {
            (0, Locale::En) => "No records".to_string(),
            (0, Locale::ZhCn) => "没有记录".to_string(),
            (_, Locale::En) => format!("Showing {first}–{last} of {all}"),
            (_, Locale::ZhCn) => format!("显示第 {first}–{last} 条，共 {all} 条"),
        }
    }
}
