//! Lenient decoding of the `queryCallManualDetailInfo` answer. The documentation says every
//! field is a string, yet its own example sends numbers and leaves fields out, so every
//! value is accepted in any scalar form and kept as text. A hand-written serde visitor
//! streams each record's values into one reused [`RecordBuilder`] (no `serde_json::Value`
//! and no `String` per value) and packs them into a compact [`Record`], one allocation
//! each: decoding 100,000 records must not stall the page, and 1,000,000 must fit in its
//! memory. Member names are the [record fields table](crate::fields).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

pub use crate::fields::Record;
use crate::fields::{RecordBuilder, RecordField};
use crate::locale::Locale;

mod stream;
pub use stream::{AnswerStream, Ending};

/// A decoded answer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decoded {
    /// `total` as the service reported it; it may exceed `records.len()`.
    pub total: Option<u64>,
    /// The records, in the order received.
    pub records: Vec<Record>,
    /// Entries of `results` that were not objects and so were skipped.
    pub skipped: usize,
}

/// Why an answer could not be decoded at all.
#[derive(Clone, Debug, PartialEq)]
pub enum DecodeError {
    /// The body is empty (or only white space).
    Empty,
    /// The body is not JSON; `line` and `column` (1-based) locate the problem.
    NotJson {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's description, without the position.
        reason: String,
    },
    /// The body is JSON but not an object; `found` says what it is (`"an array"`, ...).
    NotAnObject {
        /// What the body is instead.
        found: &'static str,
    },
    /// `results` is neither a list nor null.
    ResultsNotArray {
        /// What `results` is instead.
        found: &'static str,
    },
}

/// Names of JSON kinds, used in [`DecodeError`]s.
const AN_ARRAY: &str = "an array";
const AN_OBJECT: &str = "an object";
const A_STRING: &str = "a string";
const A_NUMBER: &str = "a number";
const A_BOOLEAN: &str = "true or false";
const NULL: &str = "null";

fn kind_zh(kind: &str) -> &'static str {
    match kind {
        AN_ARRAY => "数组",
        AN_OBJECT => "对象",
        A_STRING => "字符串",
        A_NUMBER => "数字",
        A_BOOLEAN => "布尔值",
        NULL => "null",
        _ => "其他内容",
    }
}

impl DecodeError {
    /// What went wrong, for a supervisor (who will likely pass it on to an administrator).
    pub fn message(&self, locale: Locale) -> String {
        match (self, locale) {
            (DecodeError::Empty, Locale::En) => "The service sent an empty answer. Try again; if \
                it keeps happening, the proxy may be misconfigured."
                .into(),
            (DecodeError::Empty, Locale::ZhCn) => {
                "服务返回了空的应答。请重试；如果反复出现，代理可能配置有误。".into()
            }
            (
                DecodeError::NotJson {
                    line,
                    column,
                    reason,
                },
                Locale::En,
            ) => format!("The answer is not valid JSON (line {line}, column {column}: {reason})."),
            (
                DecodeError::NotJson {
                    line,
                    column,
                    reason,
                },
                Locale::ZhCn,
            ) => {
                format!("应答不是有效的 JSON（第 {line} 行第 {column} 列：{reason}）。")
            }
            (DecodeError::NotAnObject { found }, Locale::En) => {
                format!("The answer is {found}, not an object with \"total\" and \"results\".")
            }
            (DecodeError::NotAnObject { found }, Locale::ZhCn) => format!(
                "应答是{}，而不是包含 \"total\" 和 \"results\" 的对象。",
                kind_zh(found)
            ),
            (DecodeError::ResultsNotArray { found }, Locale::En) => {
                format!("\"results\" in the answer is {found}, not a list of records.")
            }
            (DecodeError::ResultsNotArray { found }, Locale::ZhCn) => {
                format!(
                    "应答中的 \"results\" 是{}，而不是记录列表。",
                    kind_zh(found)
                )
            }
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Locale::En))
    }
}

impl std::error::Error for DecodeError {}

/// Decodes an answer leniently: `total` and every record field accept a string, number,
/// boolean, null or nothing; `mediatype` and `mediaType` are both read; unknown fields are
/// ignored; `results` missing or null gives no records (an error when `total` counts some:
/// the list was lost); a record that is not an object is
/// skipped and counted. Never panics.
pub fn decode_response(text: &str) -> Result<Decoded, DecodeError> {
    // A UTF-8 byte-order mark from a proxy would otherwise be a syntax error.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    let top: Top = serde_json::from_str(text).map_err(|e| {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let reason = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
        DecodeError::NotJson {
            line: e.line(),
            column: e.column(),
            reason,
        }
    })?;
    match top {
        Top::Other(found) => Err(DecodeError::NotAnObject { found }),
        Top::Object { total, results } => match results {
            // Counting calls but sending no list is a broken answer, not "no calls".
            Results::Absent if total.is_some_and(|t| t > 0) => {
                Err(DecodeError::ResultsNotArray { found: NULL })
            }
            Results::Absent => Ok(Decoded {
                total,
                records: Vec::new(),
                skipped: 0,
            }),
            Results::List { records, skipped } => Ok(Decoded {
                total,
                records,
                skipped,
            }),
            Results::Other(found) => Err(DecodeError::ResultsNotArray { found }),
        },
    }
}

// Shape problems are returned as values, not serde errors, so that every serde error is
// a JSON syntax error with a position.

/// The top-level value.
enum Top {
    Object {
        total: Option<u64>,
        results: Results,
    },
    Other(&'static str),
}

/// The `results` member.
enum Results {
    Absent,
    List {
        records: Vec<Record>,
        skipped: usize,
    },
    Other(&'static str),
}

/// Drains a sequence so the parser moves past it.
fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Drains a map so the parser moves past it.
fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Implements the scalar `visit_*` methods of a visitor whose value for a non-matching
/// JSON kind is `$make(kind_name)`.
macro_rules! other_kinds {
    ($make:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($make(A_BOOLEAN))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($make(A_NUMBER))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($make(A_NUMBER))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($make(A_NUMBER))
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($make(A_STRING))
        }
    };
}

impl<'de> Deserialize<'de> for Top {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TopVisitor)
    }
}

struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Top;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    other_kinds!(Top::Other);

    fn visit_unit<E: de::Error>(self) -> Result<Top, E> {
        Ok(Top::Other(NULL))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Top, A::Error> {
        drain_seq(seq)?;
        Ok(Top::Other(AN_ARRAY))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        let mut total = None;
        let mut results = Results::Absent;
        while let Some(key) = map.next_key::<TopKey>()? {
            match key {
                TopKey::Total => total = map.next_value::<LenientCount>()?.0,
                TopKey::Results => results = map.next_value::<Results>()?,
                TopKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Top::Object { total, results })
    }
}

/// A top-level member name.
enum TopKey {
    Total,
    Results,
    Other,
}

impl<'de> Deserialize<'de> for TopKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = TopKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<TopKey, E> {
                Ok(if s.eq_ignore_ascii_case("total") {
                    TopKey::Total
                } else if s.eq_ignore_ascii_case("results") {
                    TopKey::Results
                } else {
                    TopKey::Other
                })
            }
        }
        d.deserialize_identifier(V)
    }
}

impl<'de> Deserialize<'de> for Results {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ResultsVisitor)
    }
}

struct ResultsVisitor;

impl<'de> Visitor<'de> for ResultsVisitor {
    type Value = Results;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of records")
    }

    other_kinds!(Results::Other);

    fn visit_unit<E: de::Error>(self) -> Result<Results, E> {
        Ok(Results::Absent)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Results, A::Error> {
        drain_map(map)?;
        Ok(Results::Other(AN_OBJECT))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Results, A::Error> {
        // No capacity from the size hint: serde_json gives none.
        let mut records = Vec::new();
        let mut skipped = 0;
        // One scratch for every record: reading a record allocates only the record.
        let mut scratch = RecordScratch::default();
        while let Some(item) = seq.next_element_seed(RecordSeed(&mut scratch))? {
            match item {
                Some(r) => records.push(r),
                None => skipped += 1,
            }
        }
        Ok(Results::List { records, skipped })
    }
}

/// What reading records reuses from one record to the next: the builder, and the order of
/// the last record's members.
#[derive(Default)]
pub(crate) struct RecordScratch {
    builder: RecordBuilder,
    /// `order[k]`: the field of the last record's `k`-th member (`None`: not a field, or
    /// fewer members). A service sends its records' members in one order, so the next
    /// record's `k`-th name is checked against it first: one comparison, not up to 13.
    order: [Option<RecordField>; ORDER_LEN],
    /// Whether the last record held an array or object (anywhere in it, or was one): only
    /// such a record can nest deeper than the stream reader allows (`decode::stream`).
    pub(crate) nested: bool,
}

/// Members of a record whose order is remembered (the fields, and a few others).
const ORDER_LEN: usize = 24;

/// One entry of `results`, read with a reused [`RecordScratch`]: `Some` record for an
/// object, `None` for anything else.
pub(crate) struct RecordSeed<'a>(pub(crate) &'a mut RecordScratch);

fn not_object(_kind: &'static str) -> Option<Record> {
    None
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = Option<Record>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.nested = false;
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = Option<Record>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record")
    }

    other_kinds!(not_object);

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.nested = true;
        drain_seq(seq)?;
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let RecordScratch {
            builder: b,
            order,
            nested,
        } = self.0;
        b.clear();
        let mut k = 0;
        while let Some(RecordKey(field)) =
            map.next_key_seed(RecordKey(order.get(k).copied().flatten()))?
        {
            if let Some(slot) = order.get_mut(k) {
                *slot = field;
            }
            k += 1;
            // A later null (e.g. "mediaType": null after "mediatype": "5") leaves the value
            // already read.
            let into = field.map(|field| (&mut *b, field));
            map.next_value_seed(LenientText { into, nested })?;
        }
        Ok(Some(b.build()))
    }
}

/// A record member name: the [`RecordField`] it denotes ([`RecordField::from_name`]), `None`
/// for any other member. As a seed, it holds the field expected there, checked first.
struct RecordKey(Option<RecordField>);

impl<'de> DeserializeSeed<'de> for RecordKey {
    type Value = RecordKey;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RecordKey, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for RecordKey {
    type Value = RecordKey;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<RecordKey, E> {
        match self.0 {
            Some(expected) if expected.name() == s => Ok(self),
            _ => Ok(RecordKey(RecordField::from_name(s))),
        }
    }
}

/// Reads any JSON value as text into a builder's field (`into`; `None`: a member that is no
/// field, only moved past): strings as they are, numbers and booleans as their JSON text;
/// null, arrays and objects leave the field unchanged, and set `nested` for an array or
/// object.
struct LenientText<'a> {
    into: Option<(&'a mut RecordBuilder, RecordField)>,
    nested: &'a mut bool,
}

impl<'de> DeserializeSeed<'de> for LenientText<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for LenientText<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<(), E> {
        if let Some((b, field)) = self.into {
            b.set(field, s);
        }
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<(), E> {
        if let Some((b, field)) = self.into {
            b.set_integer(field, false, n);
        }
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<(), E> {
        if let Some((b, field)) = self.into {
            b.set_integer(field, n < 0, n.unsigned_abs());
        }
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<(), E> {
        // serde_json's own float printer: `f64`'s Display would add a second one to the page.
        // Not finite (cannot come from JSON text): left unchanged. A temporary String, as
        // floats are rare here and a `fmt::Write` path costs more code on the page.
        if let (Some((b, field)), Some(n)) = (self.into, serde_json::Number::from_f64(n)) {
            b.set(field, &n.to_string());
        }
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        if let Some((b, field)) = self.into {
            b.set(field, if v { "true" } else { "false" });
        }
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        *self.nested = true;
        drain_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        *self.nested = true;
        drain_map(map)
    }
}

/// `total`: a non-negative integer as a number or as text; anything else is `None`.
struct LenientCount(Option<u64>);

impl<'de> Deserialize<'de> for LenientCount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Read as a record field's text would be (one visitor on the page, not two); the
        // field is only a slot in a scratch builder.
        let mut scratch = RecordBuilder::default();
        LenientText {
            into: Some((&mut scratch, RecordField::LogDate)),
            nested: &mut false,
        }
        .deserialize(d)?;
        let count = scratch.value(RecordField::LogDate).and_then(|t| {
            let t = t.trim();
            let t = t.strip_suffix(".0").unwrap_or(t);
            t.parse::<u64>().ok()
        });
        Ok(LenientCount(count))
    }
}
