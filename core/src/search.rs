//! The quick filter's index: what [`filter_indices`](crate::table::filter_indices) matches,
//! worked out once per record instead of once per keystroke.
//!
//! For each record the index holds every text the filter can match — the raw values, code
//! and satisfaction labels in the shown language, times formatted in the zone, the talk time,
//! masked numbers instead of raw ones when masking is on — case-folded, in one contiguous
//! `String`, each text ended by a NUL (`'\0'`). A needle without a NUL cannot match across
//! two texts, so a search is one substring scan over that string (`memchr::memmem`). A
//! needle with a NUL (only pasted text can hold one) is checked text by text against the
//! few records whose own texts contain a NUL; no other record can hold it.
//!
//! Records are only ever appended while a load runs, so the index extends with them
//! ([`SearchIndex::extend`]); anything the texts depend on (the answer, the zone, the
//! language, the labels, masking) needs a new index ([`SearchIndex::new`]).
//!
//! Cost: about the records' own text again plus ~75 B per record for labels, times and the
//! talk time (BENCHMARKS.md, "Quick filter").

use memchr::memmem::Finder;

use crate::call_outcome::outcome_of;
use crate::codes::code_number;
use crate::fields::{CodeList, FieldKind, Record};
use crate::mask::mask_number_into;
use crate::table::{fold_char, fold_needle, Column, DisplayContext};
use crate::time::{call_time_ms, format_duration_into, format_ms_into};

/// Ends each searchable text in [`SearchIndex`]'s string.
const END: char = '\0';

/// The quick filter's index over a list of records, for one [`DisplayContext`]. Gives the
/// same indices as [`filter_indices`](crate::table::filter_indices) over the records it
/// was built and extended with.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    ctx: DisplayContext,
    /// Every documented code list's labels in the context's language: `(list, number, label)`.
    labels: Vec<(CodeList, u32, &'static str)>,
    /// Every record's folded texts, each ended by [`END`].
    text: String,
    /// Where each record's texts end in `text` (bytes): record `i` is
    /// `ends[i - 1]..ends[i]` (`0..ends[0]` for the first).
    ends: Vec<usize>,
    /// Records with a NUL inside one of their texts, with those texts (folded): the only
    /// records a needle holding a NUL can match.
    with_nul: Vec<(usize, Vec<String>)>,
    /// The last search, to narrow from when the next needle contains it.
    last: Option<LastSearch>,
}

/// A search's needle (folded) and what it matched among the first `covered` records.
#[derive(Clone, Debug)]
struct LastSearch {
    needle: String,
    covered: usize,
    hits: Vec<usize>,
}

impl SearchIndex {
    /// An empty index for records shown with `ctx`.
    pub fn new(ctx: &DisplayContext) -> SearchIndex {
        let labels = [
            CodeList::CallType,
            CodeList::MediaType,
            CodeList::LeaveReason,
        ]
        .into_iter()
        .flat_map(|list| {
            list.labels(ctx.locale)
                .into_iter()
                .map(move |(number, label)| (list, number, label))
        })
        .collect();
        SearchIndex {
            ctx: ctx.clone(),
            labels,
            ..SearchIndex::default()
        }
    }

    /// An index over `records` for `ctx`.
    pub fn build(records: &[Record], ctx: &DisplayContext) -> SearchIndex {
        let mut index = SearchIndex::new(ctx);
        index.extend(records);
        index
    }

    /// The display context the texts were made for.
    pub fn context(&self) -> &DisplayContext {
        &self.ctx
    }

    /// How many records the index holds.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the index holds no record.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Bytes of folded text held (for the memory figures).
    pub fn text_bytes(&self) -> usize {
        self.text.len()
    }

    /// Makes room for `records` more records' texts, estimated from those held (200 bytes a
    /// record before any). A large addition gets exactly its room: a `String` doubling up
    /// to 20 MB leaves its old blocks behind in wasm memory, which never shrinks.
    pub fn reserve_records(&mut self, records: usize) {
        let per_record = match self.len() {
            0 => 200,
            n => self.text.len() / n + 1,
        };
        let bytes = records.saturating_mul(per_record);
        if records >= self.len() / 4 {
            // New buffers of the exact size (`reserve_exact` added ~150 B to the first load).
            let mut text = String::with_capacity(self.text.len().saturating_add(bytes));
            text.push_str(&self.text);
            self.text = text;
            let mut ends = Vec::with_capacity(self.ends.len().saturating_add(records));
            ends.extend_from_slice(&self.ends);
            self.ends = ends;
        } else {
            self.text.reserve(bytes);
            self.ends.reserve(records);
        }
    }

    /// Appends records: they get the indices after the ones held.
    pub fn extend(&mut self, more: &[Record]) {
        if more.len() > self.ends.capacity() - self.ends.len() {
            self.reserve_records(more.len());
        }
        self.ends.reserve(more.len());
        let mut scratch = String::with_capacity(24);
        for record in more {
            let has_nul = self.push_record(record, &mut scratch);
            self.ends.push(self.text.len());
            if has_nul {
                let texts = self.texts_of(record);
                self.with_nul.push((self.ends.len() - 1, texts));
            }
        }
    }

    /// Appends `records[self.len()..]`: the caller's list grew (append-only).
    pub fn extend_to(&mut self, records: &[Record]) {
        if let Some(more) = records.get(self.len()..) {
            self.extend(more);
        }
    }

    /// Pushes a record's texts, folded, each ended by [`END`]; true when a text holds a NUL.
    fn push_record(&mut self, record: &Record, scratch: &mut String) -> bool {
        let text = &mut self.text;
        let mut has_nul = false;
        let mut push = |s: &str| {
            has_nul |= s.contains(END);
            push_folded(text, s);
            text.push(END);
        };
        for_each_text(record, &self.ctx, &self.labels, scratch, &mut push);
        has_nul
    }

    /// A record's texts, folded, one string each (for the rare records holding a NUL).
    fn texts_of(&self, record: &Record) -> Vec<String> {
        let mut texts = Vec::new();
        let mut scratch = String::new();
        for_each_text(
            record,
            &self.ctx,
            &self.labels,
            &mut scratch,
            &mut |s: &str| {
                texts.push(s.chars().map(fold_char).collect());
            },
        );
        texts
    }

    /// Record `i`'s part of the text, its texts and their end marks.
    fn record_bytes(&self, i: usize) -> &[u8] {
        let start = if i == 0 {
            0
        } else {
            self.ends.get(i - 1).copied().unwrap_or(0)
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.text.as_bytes().get(start..end).unwrap_or_default()
    }

    /// The indices (ascending) of the records matching the quick filter `needle`, exactly as
    /// [`filter_indices`](crate::table::filter_indices) finds them. When the needle
    /// contains the previous search's (one more character typed), only the previous
    /// matches, and the records appended since, are checked.
    pub fn matches(&mut self, needle: &str) -> Vec<usize> {
        let needle = fold_needle(needle);
        let len = self.len();
        if needle.is_empty() {
            self.last = None;
            return (0..len).collect();
        }
        let hits = if needle.contains(END) {
            self.nul_matches(&needle)
        } else {
            let finder = Needle::new(needle.as_bytes());
            match self.last.take() {
                Some(last) if needle.contains(last.needle.as_str()) && last.covered <= len => {
                    let mut hits: Vec<usize> = last
                        .hits
                        .into_iter()
                        .filter(|&i| finder.find(self.record_bytes(i)).is_some())
                        .collect();
                    hits.extend(self.scan(&finder, last.covered));
                    hits
                }
                _ => self.scan(&finder, 0),
            }
        };
        self.last = Some(LastSearch {
            needle,
            covered: len,
            hits: hits.clone(),
        });
        hits
    }

    /// The records from `first` on whose text holds the needle: one pass over the string,
    /// skipping to the next record after a hit.
    fn scan(&self, finder: &Needle<'_>, first: usize) -> Vec<usize> {
        let mut hits = Vec::new();
        let bytes = self.text.as_bytes();
        let mut i = first;
        let mut pos = if first == 0 {
            0
        } else {
            self.ends.get(first - 1).copied().unwrap_or(bytes.len())
        };
        while let Some(found) = bytes.get(pos..).and_then(|rest| finder.find(rest)) {
            let at = pos + found;
            // Hits come in order: walk forward to the record holding this one.
            while self.ends.get(i).is_some_and(|&end| end <= at) {
                i += 1;
            }
            let Some(&end) = self.ends.get(i) else {
                break;
            };
            hits.push(i);
            pos = end;
            i += 1;
        }
        hits
    }

    /// A needle with a NUL: only texts that hold one can match, text by text.
    fn nul_matches(&self, needle: &str) -> Vec<usize> {
        self.with_nul
            .iter()
            .filter(|(_, texts)| texts.iter().any(|t| t.contains(needle)))
            .map(|&(i, _)| i)
            .collect()
    }
}

/// A needle ready to search for: one byte (the first keystroke, which most records match)
/// goes straight to `memchr`, which costs less per call than a `memmem` finder.
// One per search, on the stack: its size does not matter, boxing would add an allocation.
#[allow(clippy::large_enum_variant)]
enum Needle<'a> {
    Byte(u8),
    Bytes(Finder<'a>),
}

impl<'a> Needle<'a> {
    fn new(needle: &'a [u8]) -> Needle<'a> {
        match needle {
            [byte] => Needle::Byte(*byte),
            _ => Needle::Bytes(Finder::new(needle)),
        }
    }

    /// Where the needle first occurs in `hay`.
    fn find(&self, hay: &[u8]) -> Option<usize> {
        match self {
            Needle::Byte(byte) => memchr::memchr(*byte, hay),
            Needle::Bytes(finder) => finder.find(hay),
        }
    }
}

/// Appends `s` [folded](fold_char). Most values are ASCII (digits, codes, times): copied whole
/// and lowered in place, several times faster than folding char by char.
fn push_folded(text: &mut String, s: &str) {
    if s.is_ascii() {
        let start = text.len();
        text.push_str(s);
        if let Some(added) = text.get_mut(start..) {
            added.make_ascii_lowercase();
        }
    } else {
        text.extend(s.chars().map(fold_char));
    }
}

/// Calls `push` with every text the quick filter matches a record by, unfolded: per column's
/// field the raw value (the masked number instead, when masking), a code's labels, the
/// configured satisfaction labels, the time in the zone; then the talk time and the call's
/// outcome. Mirrors
/// [`filter_indices`](crate::table::filter_indices), which the property tests compare it with.
fn for_each_text(
    record: &Record,
    ctx: &DisplayContext,
    labels: &[(CodeList, u32, &'static str)],
    scratch: &mut String,
    push: &mut impl FnMut(&str),
) {
    for field in Column::ALL.into_iter().filter_map(Column::field) {
        let Some(v) = record.get(field) else {
            continue;
        };
        match field.kind() {
            FieldKind::Phone if ctx.mask_numbers => {
                scratch.clear();
                mask_number_into(v, scratch);
                push(scratch);
                continue;
            }
            FieldKind::Code(list) => {
                if let Some(n) = code_number(v) {
                    labels
                        .iter()
                        .filter(|&&(l, number, _)| l == list && number == n)
                        .for_each(|&(_, _, label)| push(label));
                }
            }
            FieldKind::Configured => {
                let map = &ctx.evaluation_labels.0;
                if let Some(label) = map.get(v) {
                    push(label);
                }
                let trimmed = v.trim();
                if trimmed != v {
                    if let Some(label) = map.get(trimmed) {
                        push(label);
                    }
                }
            }
            // Formatted times hold only digits, '-', ' ' and ':', so holding them for every
            // needle matches what the filter's shortcut for other needles skips.
            FieldKind::Time => {
                if let Some(ms) = call_time_ms(v) {
                    scratch.clear();
                    format_ms_into(ms, &ctx.zone, scratch);
                    push(scratch);
                }
            }
            FieldKind::Text | FieldKind::Phone | FieldKind::Number => {}
        }
        push(v);
    }
    if let Some(ms) = record.duration_ms() {
        scratch.clear();
        format_duration_into(ms, scratch);
        push(scratch);
    }
    push(outcome_of(record, ctx.short_abandon_seconds).label(ctx.locale));
}
