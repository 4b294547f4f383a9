//! The 13 fields of a `queryCallManualDetailInfo` record, defined once: each field's name
//! in the answer, its [kind](FieldKind) and its label in every locale. One table
//! ([`record_fields!`](self)) generates the [`RecordField`] enum, [`Record`]'s accessors
//! (`record.call_id()`) and [`RecordBuilder`]'s setters (`.call_id("…")`); the decoder, the
//! table's columns, the CSV export, the app's detail panel and the simulator (`cdr-sim`)
//! all read it, so a field is added, renamed or relabelled in one place. (The query form's
//! fields are another list: [`crate::validate::Field`].) [`Record`] itself is compact (one
//! allocation for all its values): see its documentation for the layout and its cost.
//!
//! Source of the names and their order: the response parameters of the vendor's
//! documentation (`logDate` first, `evaluationValue` last). The answer spells the media type
//! `mediatype` (lower-case t), the request `mediaType`; the decoder accepts both.

use std::fmt;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::codes::{code_number, CallType, LeaveReason, MediaType};
use crate::locale::Locale;
use crate::time::call_time_ms;

/// What a field holds, which decides how it is shown, sorted, filtered, masked and exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// An identifier, shown and sorted as text (`callId`).
    Text,
    /// A telephone number: text, shown masked when masking is on (`callerNo`, `calleeNo`).
    Phone,
    /// A number without labels, sorted as a number (`vdn`).
    Number,
    /// Epoch milliseconds (UTC), shown in the display zone; a value that is not a plausible
    /// time is shown as received.
    Time,
    /// A documented code with a label in every locale.
    Code(CodeList),
    /// A value whose labels the tenant configures (`evaluationValue`, satisfaction): the
    /// API has no fixed list, so an unlabelled value is normal, not unknown.
    Configured,
}

/// The documented code lists of [`crate::codes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CodeList {
    /// [`CallType`].
    CallType,
    /// [`MediaType`].
    MediaType,
    /// [`LeaveReason`].
    LeaveReason,
}

impl CodeList {
    /// The label of a raw code in `locale`, without allocating; `None` when the code is not
    /// documented.
    pub fn label_of(self, raw: &str, locale: Locale) -> Option<&'static str> {
        match self {
            CodeList::CallType => CallType::label_of(raw, locale),
            CodeList::MediaType => MediaType::label_of(raw, locale),
            CodeList::LeaveReason => LeaveReason::label_of(raw, locale),
        }
    }

    /// The documented codes, in display order.
    pub fn known_codes(self) -> &'static [&'static str] {
        match self {
            CodeList::CallType => CallType::KNOWN,
            CodeList::MediaType => MediaType::KNOWN,
            CodeList::LeaveReason => LeaveReason::KNOWN,
        }
    }

    /// Every documented code as `(number, label in locale)`, in display order.
    pub fn labels(self, locale: Locale) -> Vec<(u32, &'static str)> {
        self.known_codes()
            .iter()
            .filter_map(|code| Some((code_number(code)?, self.label_of(code, locale)?)))
            .collect()
    }
}

/// Defines [`Record`]'s accessors, [`RecordBuilder`]'s setters and [`RecordField`] from
/// one row per field, in the documented order:
/// `Variant, member = "answer name", kind, "English label", "Chinese label";`.
macro_rules! record_fields {
    (
        $(
            $(#[$doc:meta])*
            $variant:ident, $member:ident = $name:literal, $kind:expr, $en:literal, $zh:literal;
        )+
    ) => {
        /// A field of a [`Record`] (not of the query form: that is
        /// [`crate::validate::Field`]).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum RecordField {
            $( $(#[$doc])* $variant, )+
        }

        impl RecordField {
            /// Every field, in the documented order (the order the simulator writes them).
            pub const ALL: [RecordField; FIELD_COUNT] = [$( RecordField::$variant ),+];

            /// The field's name in an answer (`"mediatype"` for the media type).
            pub fn name(self) -> &'static str {
                match self {
                    $( RecordField::$variant => $name, )+
                }
            }

            /// The field's name in Rust (`"call_id"`): its accessor on [`Record`] and its
            /// setter on [`RecordBuilder`]; [`Record`]'s `Debug` output uses it.
            pub fn member(self) -> &'static str {
                match self {
                    $( RecordField::$variant => stringify!($member), )+
                }
            }

            /// What the field holds.
            pub fn kind(self) -> FieldKind {
                match self {
                    $( RecordField::$variant => $kind, )+
                }
            }

            /// The field's label in `locale` (the detail panel's row header).
            pub fn label(self, locale: Locale) -> &'static str {
                match (self, locale) {
                    $(
                        (RecordField::$variant, Locale::En) => $en,
                        (RecordField::$variant, Locale::ZhCn) => $zh,
                    )+
                }
            }

            /// The field an answer's member name denotes: the exact spelling first (the
            /// common case, cheapest), then any letter case, which also covers the
            /// request's `mediaType`. `None` for a member that is not a record field.
            pub fn from_name(name: &str) -> Option<RecordField> {
                match name {
                    $( $name => Some(RecordField::$variant), )+
                    _ => RecordField::ALL.into_iter().find(|f| f.name().eq_ignore_ascii_case(name)),
                }
            }

            /// The field's position in [`RecordField::ALL`] (0 to 12), e.g. for a bit set.
            pub fn index(self) -> usize {
                self as usize
            }
        }

        impl Record {
            $(
                $(#[$doc])*
                ///
                /// As received (numbers as their decimal text); `None` when the answer left
                /// it out (or sent null), `Some("")` when it sent an empty string.
                pub fn $member(&self) -> Option<&str> {
                    self.get(RecordField::$variant)
                }
            )+
        }

        impl RecordBuilder {
            $(
                $(#[$doc])*
                ///
                /// Sets the value (replacing any earlier one); chainable.
                pub fn $member(mut self, value: &str) -> Self {
                    self.set(RecordField::$variant, value);
                    self
                }
            )+
        }
    };
}

record_fields! {
    /// `logDate`: daily settlement time, epoch ms text (some tenants send a date).
    LogDate, log_date = "logDate", FieldKind::Time, "Log date", "日结时间";
    /// `callerNo`: calling number.
    CallerNo, caller_no = "callerNo", FieldKind::Phone, "Calling number", "主叫号码";
    /// `calleeNo`: called number.
    CalleeNo, callee_no = "calleeNo", FieldKind::Phone, "Called number", "被叫号码";
    /// `callId`.
    CallId, call_id = "callId", FieldKind::Text, "Call ID", "呼叫 ID";
    /// `callType` code.
    CallType, call_type = "callType", FieldKind::Code(CodeList::CallType), "Call type", "呼叫类型";
    /// `mediatype` (as the response spells it; `mediaType` is accepted too).
    MediaType, media_type = "mediatype", FieldKind::Code(CodeList::MediaType), "Media type", "媒体类型";
    /// `waitBegin`: waiting started, epoch ms text.
    WaitBegin, wait_begin = "waitBegin", FieldKind::Time, "Wait begin", "等待开始";
    /// `ackBegin`: answered, epoch ms text.
    AckBegin, ack_begin = "ackBegin", FieldKind::Time, "Answer begin", "应答开始";
    /// `callBegin`: call started, epoch ms text.
    CallBegin, call_begin = "callBegin", FieldKind::Time, "Call begin", "通话开始";
    /// `callEnd`: call ended, epoch ms text.
    CallEnd, call_end = "callEnd", FieldKind::Time, "Call end", "通话结束";
    /// `vdn`: the tenant's VDN ID.
    Vdn, vdn = "vdn", FieldKind::Number, "VDN", "VDN";
    /// `leaveReason` code.
    LeaveReason, leave_reason = "leaveReason", FieldKind::Code(CodeList::LeaveReason), "Leave reason", "离开原因";
    /// `evaluationValue`: satisfaction value.
    EvaluationValue, evaluation_value = "evaluationValue", FieldKind::Configured, "Satisfaction", "满意度";
}

impl RecordField {
    /// Every field in the order the detail panel lists them: who and what first, then the
    /// times in call order, then the outcome.
    pub const DETAIL_ORDER: [RecordField; 13] = [
        RecordField::CallId,
        RecordField::CallerNo,
        RecordField::CalleeNo,
        RecordField::CallType,
        RecordField::MediaType,
        RecordField::WaitBegin,
        RecordField::AckBegin,
        RecordField::CallBegin,
        RecordField::CallEnd,
        RecordField::LeaveReason,
        RecordField::EvaluationValue,
        RecordField::Vdn,
        RecordField::LogDate,
    ];
}

/// The number of fields of a [`Record`].
pub const FIELD_COUNT: usize = 13;

/// One CDR: 13 optional text values (numbers in the JSON are kept as their decimal text),
/// read with [`Record::get`] or the accessor named after the field (`record.call_id()`),
/// built with [`Record::builder`]. Serialises with the answer's field names, in the
/// documented order, leaving out missing fields.
///
/// Compact, because the page may hold 1,000,000 of them: all present values share ONE
/// heap allocation (their texts one after another, in [`RecordField::ALL`] order) with the
/// end offset of each value (`u32`, bytes) and a bit set of the present ones inline. On
/// wasm32 that is 64 bytes inline plus the text (vs 156 bytes inline plus one allocation
/// per present value for 13 `Option<String>`s); BENCHMARKS.md ("Record memory") has the
/// measured figures. `u32` rather than `u16` offsets: `u16` would save 28 bytes a record
/// but needs a second layout for records over 64 KiB, which cost 134 bytes gzip on the
/// first load (measured); with `u32` any value a wasm32 page can hold is kept whole.
///
/// Two records are equal when every field is: the same presence and the same text (the
/// layout is canonical, so the derived comparison is that).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Record {
    /// The present values, one after another, in [`RecordField::ALL`] order.
    text: Box<str>,
    /// `ends[i]`: where field `i`'s value ends in `text` (a missing field's end is the
    /// previous end, so the layout is canonical).
    ends: [u32; FIELD_COUNT],
    /// Bit `i`: field `i` is present (telling a missing value from an empty one).
    present: u16,
}

// The layout the memory figures rest on (BENCHMARKS.md, "Record memory").
#[cfg(target_pointer_width = "32")]
const _: () = assert!(std::mem::size_of::<Record>() == 64);
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Record>() == 72);

impl Record {
    /// A builder for a record, starting with every field missing.
    pub fn builder() -> RecordBuilder {
        RecordBuilder::default()
    }

    /// A record from `(field, value)` pairs; a later pair for the same field replaces an
    /// earlier one; fields not named are missing.
    pub fn from_fields<'a>(fields: impl IntoIterator<Item = (RecordField, &'a str)>) -> Record {
        let mut b = RecordBuilder::default();
        for (field, value) in fields {
            b.set(field, value);
        }
        b.build()
    }

    /// A builder holding this record's values, to change some of them.
    pub fn to_builder(&self) -> RecordBuilder {
        let mut b = RecordBuilder::default();
        for field in RecordField::ALL {
            if let Some(value) = self.get(field) {
                b.set(field, value);
            }
        }
        b
    }

    /// The value of `field`, as received (numbers as their decimal text); `None` when
    /// missing, `Some("")` when the answer sent an empty string.
    pub fn get(&self, field: RecordField) -> Option<&str> {
        let i = field.index();
        let (text, present) = (&self.text, self.present);
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p] as usize);
        let end = self.ends[i] as usize;
        if present & (1 << i) == 0 {
            return None;
        }
        // Always in bounds and on character boundaries (the builder put them there);
        // `get` rather than indexing so that a mistake could not panic.
        text.get(start..end)
    }

    /// Time waiting in the queue: `waitBegin` to `ackBegin`.
    pub fn wait_ms(&self) -> Option<i64> {
        self.span(RecordField::WaitBegin, RecordField::AckBegin)
    }

    /// The call's duration, `callBegin` to `callEnd`, in whole seconds (as milliseconds):
    /// the table's Duration column and the exports'. The times are shown to the second,
    /// rounded down, and the duration is the difference of those two shown times, so a
    /// supervisor checking End − Begin by hand gets the same figure (from the exact times,
    /// 07.9 s to 16.1 s would show as 0:08 beside 07 and 16). Not its talk time: a call
    /// nobody answered lasts too
    /// ([`Decision::talk_ms`](crate::call_outcome::Decision::talk_ms) is the talk).
    pub fn duration_ms(&self) -> Option<i64> {
        let time = |field| call_time_ms(self.get(field)?);
        shown_duration_ms(time(RecordField::CallBegin)?, time(RecordField::CallEnd)?)
    }

    /// Milliseconds from one timestamp field to another; `None` if either is missing or
    /// not a plausible time, or the result is negative.
    fn span(&self, from: RecordField, to: RecordField) -> Option<i64> {
        let from = call_time_ms(self.get(from)?)?;
        let to = call_time_ms(self.get(to)?)?;
        (to >= from).then_some(to - from)
    }
}

/// The duration between two call times (epoch ms) as their shown times read it: each
/// rounded down to the second, then subtracted; in whole seconds, as ms. `None` when `to`
/// is before `from`. [`Record::duration_ms`]'s rule, for a caller that has the times read.
pub fn shown_duration_ms(from_ms: i64, to_ms: i64) -> Option<i64> {
    let (from, to) = (from_ms.div_euclid(1000), to_ms.div_euclid(1000));
    (to >= from).then_some((to - from) * 1000)
}

impl fmt::Debug for Record {
    /// Like a struct of 13 `Option<&str>` named after the accessors.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Record");
        for field in RecordField::ALL {
            s.field(field.member(), &self.get(field));
        }
        s.finish()
    }
}

impl Serialize for Record {
    /// A struct with the answer's names in the documented order, missing fields skipped:
    /// in JSON `{"callId":"1-2","mediatype":"5"}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = RecordField::ALL
            .iter()
            .filter(|f| self.get(**f).is_some())
            .count();
        let mut s = serializer.serialize_struct("Record", len)?;
        for field in RecordField::ALL {
            match self.get(field) {
                Some(value) => s.serialize_field(field.name(), value)?,
                None => s.skip_field(field.name())?,
            }
        }
        s.end()
    }
}

/// Builds a [`Record`]: values are appended to one scratch text as they come (in any
/// order, a field set twice keeps the later value), then [`RecordBuilder::build`] packs
/// them into the record's single allocation. The decoder reuses one builder for every
/// record of an answer ([`RecordBuilder::clear`]), so reading a record allocates once.
///
/// `Record::builder().call_id("1-2").media_type("5").build()`.
#[derive(Clone, Debug, Default)]
pub struct RecordBuilder {
    /// Every value set so far, one after another (replaced ones included).
    scratch: String,
    /// Where each field's latest value lies in `scratch` (byte range).
    spans: [(usize, usize); FIELD_COUNT],
    /// Bit `i`: field `i` is set.
    present: u16,
}

impl RecordBuilder {
    /// Sets `field` to `value`, replacing any earlier value.
    pub fn set(&mut self, field: RecordField, value: &str) {
        let start = self.scratch.len();
        self.scratch.push_str(value);
        self.mark(field, start);
    }

    /// Sets `field` to an integer's decimal text (`-` and the digits of `magnitude` when
    /// `negative`), as `to_string` would write it, without a temporary `String` or the
    /// `fmt` machinery (the decoder's integers; code size counts on the first load).
    pub fn set_integer(&mut self, field: RecordField, negative: bool, mut magnitude: u64) {
        // A sign and the 20 digits of u64::MAX, filled from the end.
        let mut text = [b'-'; 21];
        let mut i = text.len();
        while i > 1 {
            i -= 1;
            text[i] = b'0' + (magnitude % 10) as u8;
            magnitude /= 10;
            if magnitude == 0 {
                break;
            }
        }
        let i = if negative { i - 1 } else { i };
        // ASCII, so always Ok.
        if let Ok(text) = std::str::from_utf8(&text[i..]) {
            self.set(field, text);
        }
    }

    fn mark(&mut self, field: RecordField, start: usize) {
        let i = field.index();
        self.spans[i] = (start, self.scratch.len());
        self.present |= 1 << i;
    }

    /// Makes `field` missing again.
    pub fn unset(&mut self, field: RecordField) {
        self.present &= !(1 << field.index());
    }

    /// Sets `field` to `value`, or makes it missing for `None`; chainable.
    pub fn with(mut self, field: RecordField, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.set(field, value),
            None => self.unset(field),
        }
        self
    }

    /// The value `field` has so far.
    pub fn value(&self, field: RecordField) -> Option<&str> {
        self.value_at(field.index())
    }

    fn value_at(&self, i: usize) -> Option<&str> {
        if self.present & (1 << i) == 0 {
            return None;
        }
        let (start, end) = *self.spans.get(i)?;
        self.scratch.get(start..end)
    }

    /// Forgets every value, keeping the scratch space for the next record.
    pub fn clear(&mut self) {
        self.scratch.clear();
        self.present = 0;
    }

    /// The record, in one allocation of exactly its text's length (none when every value
    /// is empty or missing).
    pub fn build(&self) -> Record {
        // The scratch's length is the exact size unless a value was replaced; then the
        // text shrinks to fit below.
        let mut text = String::with_capacity(self.scratch.len());
        let mut ends = [0; FIELD_COUNT];
        let mut present = self.present;
        for (i, end) in ends.iter_mut().enumerate() {
            if let Some(value) = self.value_at(i) {
                text.push_str(value);
            }
            // Past 4 GiB of text (only possible on a 64-bit target: wasm32 has 4 GiB of
            // memory in all) the remaining fields are left out rather than cut.
            match u32::try_from(text.len()) {
                Ok(e) => *end = e,
                Err(_) => {
                    present &= (1 << i) - 1;
                    break;
                }
            }
        }
        Record {
            text: text.into_boxed_str(),
            ends,
            present,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_order_follow_the_documentation() {
        let names: Vec<&str> = RecordField::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(
            names,
            [
                "logDate",
                "callerNo",
                "calleeNo",
                "callId",
                "callType",
                "mediatype",
                "waitBegin",
                "ackBegin",
                "callBegin",
                "callEnd",
                "vdn",
                "leaveReason",
                "evaluationValue"
            ]
        );
        for (i, f) in RecordField::ALL.into_iter().enumerate() {
            assert_eq!(f.index(), i);
            assert_eq!(RecordField::from_name(f.name()), Some(f));
        }
    }

    #[test]
    fn member_names_are_read_in_any_letter_case() {
        assert_eq!(
            RecordField::from_name("mediaType"),
            Some(RecordField::MediaType)
        );
        assert_eq!(RecordField::from_name("CALLID"), Some(RecordField::CallId));
        assert_eq!(RecordField::from_name("callid "), None);
        assert_eq!(RecordField::from_name("subCcNo"), None);
        assert_eq!(RecordField::from_name(""), None);
    }

    #[test]
    fn the_detail_order_lists_every_field_once() {
        let mut shown = RecordField::DETAIL_ORDER.to_vec();
        shown.sort_by_key(|f| f.index());
        assert_eq!(shown, RecordField::ALL);
    }

    #[test]
    fn every_field_has_a_label_in_every_locale() {
        for f in RecordField::ALL {
            for l in Locale::ALL {
                assert!(!f.label(l).is_empty(), "{f:?} {l:?}");
            }
        }
        assert_eq!(RecordField::AckBegin.label(Locale::En), "Answer begin");
        assert_eq!(RecordField::EvaluationValue.label(Locale::ZhCn), "满意度");
    }

    #[test]
    fn get_and_the_accessors_reach_the_value_the_builder_set() {
        let mut b = Record::builder();
        for (i, f) in RecordField::ALL.into_iter().enumerate() {
            b.set(f, &i.to_string());
        }
        let r = b.build();
        assert_eq!(r.call_id(), Some("3"));
        assert_eq!(r.media_type(), Some("5"));
        assert_eq!(r.evaluation_value(), Some("12"));
        for (i, f) in RecordField::ALL.into_iter().enumerate() {
            assert_eq!(r.get(f), Some(i.to_string().as_str()));
        }
    }

    #[test]
    fn a_record_serialises_with_the_answer_names() {
        let r = Record::builder().call_id("1-2").media_type("5").build();
        assert_eq!(
            serde_json::to_string(&r).ok().as_deref(),
            Some(r#"{"callId":"1-2","mediatype":"5"}"#)
        );
        let empty = Record::builder().vdn("").build();
        assert_eq!(
            serde_json::to_string(&empty).ok().as_deref(),
            Some(r#"{"vdn":""}"#)
        );
        assert_eq!(
            serde_json::to_string(&Record::default()).ok().as_deref(),
            Some("{}")
        );
    }

    /// Every field alone, every field together, each value distinct: what goes in comes
    /// out of the same field and no other.
    #[test]
    fn every_field_round_trips_alone_and_together() {
        for f in RecordField::ALL {
            let r = Record::builder().with(f, Some("v é")).build();
            for g in RecordField::ALL {
                assert_eq!(r.get(g), (f == g).then_some("v é"), "{f:?} read as {g:?}");
            }
            assert_eq!(Record::from_fields([(f, "v é")]), r);
        }
        let values: Vec<String> = (0..FIELD_COUNT).map(|i| "x".repeat(i * 7)).collect();
        let r = Record::from_fields(
            RecordField::ALL
                .into_iter()
                .zip(values.iter().map(String::as_str)),
        );
        for (f, v) in RecordField::ALL.into_iter().zip(&values) {
            assert_eq!(r.get(f), Some(v.as_str()));
        }
        assert_eq!(r.to_builder().build(), r);
    }

    #[test]
    fn missing_and_empty_are_different() {
        let empty = Record::builder().call_id("").build();
        assert_eq!(empty.call_id(), Some(""));
        assert_eq!(Record::default().call_id(), None);
        assert_ne!(empty, Record::default());
        // Empty next to present values, at the start, middle and end.
        let r = Record::builder()
            .log_date("")
            .caller_no("1")
            .call_type("")
            .evaluation_value("")
            .build();
        assert_eq!(r.log_date(), Some(""));
        assert_eq!(r.caller_no(), Some("1"));
        assert_eq!(r.callee_no(), None);
        assert_eq!(r.call_type(), Some(""));
        assert_eq!(r.media_type(), None);
        assert_eq!(r.evaluation_value(), Some(""));
        assert_eq!(r.leave_reason(), None);
    }

    #[test]
    fn equality_is_by_value_and_presence() {
        let a = Record::builder().call_id("1").vdn("2").build();
        // Set in another order, with a value replaced and one unset on the way.
        let b = Record::builder()
            .vdn("9")
            .media_type("5")
            .call_id("1")
            .vdn("2")
            .with(RecordField::MediaType, None)
            .build();
        assert_eq!(a, b);
        assert_ne!(a, Record::builder().call_id("1").build());
        assert_ne!(a, Record::builder().call_id("1").vdn("3").build());
        // The same text split differently between fields is another record.
        assert_ne!(
            Record::builder().call_id("12").vdn("").build(),
            Record::builder().call_id("1").vdn("2").build()
        );
        assert_eq!(a.clone(), a);
    }

    /// Values longer than 64 KiB (what 16-bit offsets would reach) are kept whole.
    #[test]
    fn values_longer_than_64_kib_are_kept_whole() {
        let long = "é".repeat(40_000); // 80,000 bytes
        let r = Record::builder()
            .call_id("1")
            .caller_no(&long)
            .vdn("7")
            .evaluation_value(&long)
            .build();
        assert_eq!(r.call_id(), Some("1"));
        assert_eq!(r.caller_no(), Some(long.as_str()));
        assert_eq!(r.callee_no(), None);
        assert_eq!(r.vdn(), Some("7"));
        assert_eq!(r.evaluation_value(), Some(long.as_str()));
        assert_eq!(r.to_builder().build(), r);
        assert_ne!(r, Record::builder().call_id("1").build());
        // Exactly at the limit and one byte over.
        for len in [65_535, 65_536] {
            let v = "a".repeat(len - 1);
            let r = Record::builder().log_date(&v).vdn("b").build();
            assert_eq!((r.log_date(), r.vdn()), (Some(v.as_str()), Some("b")));
        }
    }

    #[test]
    fn debug_shows_the_values_by_member_name() {
        let r = Record::builder().call_id("7").build();
        let shown = format!("{r:?}");
        assert!(shown.starts_with("Record { log_date: None,"), "{shown}");
        assert!(shown.contains(r#"call_id: Some("7")"#), "{shown}");
    }

    #[test]
    fn code_lists_label_their_codes() {
        assert_eq!(
            CodeList::MediaType.label_of("05", Locale::En),
            Some("Voice")
        );
        assert_eq!(CodeList::LeaveReason.label_of("4", Locale::En), None);
        let call_types = CodeList::CallType.labels(Locale::En);
        assert_eq!(call_types.len(), CallType::KNOWN.len());
        assert_eq!(call_types[0], (0, "Inbound"));
    }
}
