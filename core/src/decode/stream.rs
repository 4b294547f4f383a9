//! Reading an answer while it arrives: [`AnswerStream`] takes the body's bytes chunk by
//! chunk and hands out each record of `results` as soon as its bytes are in, so the first
//! page can show before the rest of a large answer has arrived (issue #17).
//!
//! The stream follows the answer's top level itself (the object, its member names, `,`
//! and `:`), and lets serde_json read each value: `total` as [`decode_response`] reads it,
//! every record with the same visitor, any other member only to check it. Whatever it is
//! not sure of (a body that is not an object, a name with an escape, `results` twice or
//! not a list, a syntax error, deep nesting, bytes that are not UTF-8) it leaves to the
//! whole body: [`AnswerStream::finish`] then reads it with [`interpret`], so every message
//! and every accepted quirk stays exactly what the whole-body path gives. A property test
//! holds the two equal for any body cut into any chunks.

use std::cell::RefCell;

use serde::de::{Deserialize, DeserializeSeed, Deserializer, IgnoredAny};

use super::{Decoded, LenientCount, RecordScratch, RecordSeed, TopKey};
use crate::fields::Record;
use crate::outcome::{body_text, interpret, Failure};

/// A record with more `{` and `[` than this is left to the whole-body decoder: serde_json
/// stops at 128 levels counted from the top, two of which the answer's object and list
/// take, and a record read on its own would get those two more.
const MAX_OPENINGS: usize = 120;

/// Where the stream stands in the answer's top level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum At {
    /// Before the answer's `{`.
    Start,
    /// After `{`: a member name or `}`.
    FirstName,
    /// After `,`: a member name.
    Name,
    /// After a member name: `:`.
    Colon(Member),
    /// After `:`: the member's value.
    Value(Member),
    /// After a value: `,` or `}`.
    AfterValue,
    /// After `results`' `[`: a record or `]`.
    FirstRecord,
    /// After `,` in `results`: a record.
    Record,
    /// After a record: `,` or `]`.
    AfterRecord,
    /// After the answer's `}`: only white space may follow.
    End,
}

/// Which member a value belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Member {
    Total,
    Results,
    Other,
}

/// How the body ended, from [`AnswerStream::finish`].
#[derive(Debug, PartialEq)]
pub enum Ending {
    /// The records handed out are the answer, in order; the rest of it is here.
    Whole {
        /// `total` as the service reported it.
        total: Option<u64>,
        /// Entries of `results` that were not objects.
        skipped: usize,
    },
    /// The stream left the body to the whole-body path ([`interpret`]): its records replace
    /// any handed out (an unusual shape that still decodes), or its failure says why the
    /// answer cannot be read (a body cut short, an HTML page, `results` not a list …).
    Reread(Result<Decoded, Failure>),
}

/// An answer being read as it arrives. Feed it with [`push`](Self::push), then
/// [`finish`](Self::finish) once the body has ended.
#[derive(Debug)]
pub struct AnswerStream {
    status: u16,
    /// Every byte so far: the whole-body path needs them all when the stream is unsure.
    body: Vec<u8>,
    /// The next byte to read.
    pos: usize,
    /// A value that ran past the bytes in hand is read again once the body holds this many
    /// (twice what the last try had), so a huge value costs linear, not quadratic, time.
    retry_at: usize,
    at: At,
    total: Option<u64>,
    skipped: usize,
    /// Whether `results` was read as a list.
    listed: bool,
    /// Something the stream does not follow: [`finish`](Self::finish) rereads the body.
    unsure: bool,
}

impl AnswerStream {
    /// A stream for an answer with this HTTP status; `expected_bytes` (the
    /// `Content-Length`, 0 when unknown) sizes the body's buffer once. Only a 2xx answer is
    /// read as it arrives; any other is read whole at the end.
    pub fn new(status: u16, expected_bytes: usize) -> AnswerStream {
        AnswerStream {
            status,
            body: Vec::with_capacity(expected_bytes),
            pos: 0,
            retry_at: 0,
            at: At::Start,
            total: None,
            skipped: 0,
            listed: false,
            unsure: !(200..300).contains(&status),
        }
    }

    /// Takes the body's next bytes and appends to `out` every record they complete, in the
    /// order of the answer. Never fails: trouble is reported by [`finish`](Self::finish).
    pub fn push(&mut self, bytes: &[u8], out: &mut Vec<Record>) {
        self.body.extend_from_slice(bytes);
        if !self.unsure && self.body.len() >= self.retry_at {
            self.read(out, false);
        }
    }

    /// `total` once the stream has read it (it may come after the records).
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// How many bytes have arrived.
    pub fn received_bytes(&self) -> usize {
        self.body.len()
    }

    /// The body has ended: what the answer is. `out` receives the records the last bytes
    /// completed (a body whose end the stream had to wait for).
    pub fn finish(mut self, out: &mut Vec<Record>) -> Ending {
        if !self.unsure {
            self.read(out, true);
        }
        if !self.unsure && self.at == At::End && self.listed {
            return Ending::Whole {
                total: self.total,
                skipped: self.skipped,
            };
        }
        let text = body_text(std::mem::take(&mut self.body));
        Ending::Reread(interpret(self.status, &text))
    }

    /// Reads as far as the bytes in hand allow. `at_end`: no more bytes will come.
    fn read(&mut self, out: &mut Vec<Record>, at_end: bool) {
        while !self.unsure {
            let Some(byte) = self.next_token() else {
                return;
            };
            match (self.at, byte) {
                (At::Start, b'{') => self.step(At::FirstName),
                (At::FirstName, b'}') | (At::AfterValue, b'}') => self.step(At::End),
                (At::FirstName | At::Name, b'"') => {
                    let Some(key) = self.value::<Name>(at_end) else {
                        return;
                    };
                    self.at = At::Colon(key.0);
                }
                (At::Colon(member), b':') => self.step(At::Value(member)),
                (At::Value(Member::Results), b'[') if !self.listed => {
                    self.listed = true;
                    self.step(At::FirstRecord);
                }
                (At::Value(Member::Total), _) => {
                    let Some(count) = self.value::<LenientCount>(at_end) else {
                        return;
                    };
                    self.total = count.0;
                    self.at = At::AfterValue;
                }
                (At::Value(Member::Other), _) => {
                    if self.value::<IgnoredAny>(at_end).is_none() {
                        return;
                    }
                    self.at = At::AfterValue;
                }
                (At::AfterValue, b',') => self.step(At::Name),
                (At::FirstRecord, b']') | (At::AfterRecord, b']') => self.step(At::AfterValue),
                (At::FirstRecord | At::Record, _) => {
                    let Some(record) = self.record(at_end) else {
                        return;
                    };
                    match record {
                        Some(record) => out.push(record),
                        None => self.skipped += 1,
                    }
                    self.at = At::AfterRecord;
                }
                (At::AfterRecord, b',') => self.step(At::Record),
                _ => self.unsure = true,
            }
        }
    }

    /// Moves past one punctuation byte to `next`.
    fn step(&mut self, next: At) {
        self.pos += 1;
        self.at = next;
    }

    /// Skips JSON white space; the next byte, if one is in hand.
    fn next_token(&mut self) -> Option<u8> {
        let rest = self.body.get(self.pos..)?;
        let skip = rest
            .iter()
            .position(|b| !matches!(b, b' ' | b'\n' | b'\t' | b'\r'))
            .unwrap_or(rest.len());
        self.pos += skip;
        self.body.get(self.pos).copied()
    }

    /// Reads the value at `pos` with serde_json: `None` when its end has not arrived yet
    /// (or the stream became unsure).
    fn value<T: for<'de> Deserialize<'de>>(&mut self, at_end: bool) -> Option<T> {
        let start = self.pos;
        let rest = self.body.get(start..)?;
        let mut values = serde_json::Deserializer::from_slice(rest).into_iter::<T>();
        let read = values.next();
        let end = start + values.byte_offset();
        self.settle(start, end, read, at_end)
    }

    /// Reads the record at `pos`: `Some(None)` for an entry that is not an object.
    fn record(&mut self, at_end: bool) -> Option<Option<Record>> {
        let start = self.pos;
        let Entry(record, nested) = self.value::<Entry>(at_end)?;
        // Counted only for a record that held an array or object: a pass over every
        // record's bytes was a fifth of the decoding.
        let openings = if nested {
            self.body
                .get(start..self.pos)
                .map_or(0, |b| b.iter().filter(|b| matches!(b, b'{' | b'[')).count())
        } else {
            1
        };
        if openings > MAX_OPENINGS {
            self.unsure = true;
            return None;
        }
        Some(record)
    }

    /// Takes a value's reading: moves past it, or waits for more bytes (an end not yet in
    /// hand), or gives up on the stream (anything else).
    fn settle<T>(
        &mut self,
        start: usize,
        end: usize,
        read: Option<serde_json::Result<T>>,
        at_end: bool,
    ) -> Option<T> {
        match read {
            // A value that reaches the last byte in hand may go on (a number's digits).
            Some(Ok(value)) if at_end || end < self.body.len() => {
                self.pos = end;
                Some(value)
            }
            // Not every error at a cut is an "end of input" (`-5.` is an "invalid number"
            // until its digits come): any error waits for more bytes, and a real one
            // stays until the end, where the whole body says what it is.
            Some(Err(_)) | None if at_end => {
                self.unsure = true;
                None
            }
            _ => {
                let available = self.body.len().saturating_sub(start);
                self.retry_at = start.saturating_add(available.saturating_mul(2).max(1));
                None
            }
        }
    }
}

thread_local! {
    /// One scratch for every record read: reading a record allocates only the record.
    static SCRATCH: RefCell<RecordScratch> = RefCell::new(RecordScratch::default());
}

/// An entry of `results`, read as [`decode_response`](super::decode_response) reads it, and
/// whether it held an array or object.
struct Entry(Option<Record>, bool);

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => {
                let record = RecordSeed(&mut scratch).deserialize(d)?;
                Ok(Entry(record, scratch.nested))
            }
            Err(_) => {
                let mut scratch = RecordScratch::default();
                let record = RecordSeed(&mut scratch).deserialize(d)?;
                Ok(Entry(record, scratch.nested))
            }
        })
    }
}

/// A top-level member name, as [`decode_response`](super::decode_response) tells them apart.
struct Name(Member);

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Name(match TopKey::deserialize(d)? {
            TopKey::Total => Member::Total,
            TopKey::Results => Member::Results,
            TopKey::Other => Member::Other,
        }))
    }
}

#[cfg(test)]
mod tests;
