//! The 13 fields of a `queryCallManualDetailInfo` record, defined once: each field's name
//! in the answer, its [kind](FieldKind) and its label in every locale. One table
//! ([`record_fields!`](self)) generates the [`Record`] struct, the [`RecordField`] enum and
//! their accessors; the decoder, the table's columns, the CSV export, the app's detail panel
//! and the simulator (`cdr-sim`) all read it, so a field is added, renamed or relabelled in
//! one place. (The query form's fields are another list: [`crate::validate::Field`].)
//!
//! Source of the names and their order: the response parameters of the vendor's
//! documentation (`logDate` first, `evaluationValue` last). The answer spells the media type
//! `mediatype` (lower-case t), the request `mediaType`; the decoder accepts both.

use serde::Serialize;

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

/// Defines [`Record`] and [`RecordField`] from one row per field, in the documented order:
/// `Variant, member = "answer name", kind, "English label", "Chinese label";`.
macro_rules! record_fields {
    (
        $(
            $(#[$doc:meta])*
            $variant:ident, $member:ident = $name:literal, $kind:expr, $en:literal, $zh:literal;
        )+
    ) => {
        /// One CDR. Every field optional; numbers in the JSON are kept as their decimal text.
        /// Serialises with the answer's field names, leaving out missing fields.
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
        pub struct Record {
            $(
                $(#[$doc])*
                #[serde(rename = $name, skip_serializing_if = "Option::is_none")]
                pub $member: Option<String>,
            )+
        }

        /// A field of a [`Record`] (not of the query form: that is
        /// [`crate::validate::Field`]).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum RecordField {
            $( $(#[$doc])* $variant, )+
        }

        impl RecordField {
            /// Every field, in the documented order (the order the simulator writes them).
            pub const ALL: [RecordField; 13] = [$( RecordField::$variant ),+];

            /// The field's name in an answer (`"mediatype"` for the media type).
            pub fn name(self) -> &'static str {
                match self {
                    $( RecordField::$variant => $name, )+
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
            /// The value of `field`, as received (numbers as their decimal text).
            pub fn get(&self, field: RecordField) -> Option<&str> {
                match field {
                    $( RecordField::$variant => self.$member.as_deref(), )+
                }
            }

            /// The slot of `field`, for filling a record in.
            pub fn slot_mut(&mut self, field: RecordField) -> &mut Option<String> {
                match field {
                    $( RecordField::$variant => &mut self.$member, )+
                }
            }
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

/// Milliseconds from one timestamp field to another; `None` if either is missing or not a
/// plausible time, or the result is negative.
fn span(from: &Option<String>, to: &Option<String>) -> Option<i64> {
    let from = call_time_ms(from.as_deref()?)?;
    let to = call_time_ms(to.as_deref()?)?;
    (to >= from).then_some(to - from)
}

impl Record {
    /// Time waiting in the queue: `waitBegin` to `ackBegin`.
    pub fn wait_ms(&self) -> Option<i64> {
        span(&self.wait_begin, &self.ack_begin)
    }

    /// Talk time: `callBegin` to `callEnd`.
    pub fn talk_ms(&self) -> Option<i64> {
        span(&self.call_begin, &self.call_end)
    }

    /// Whole call: `waitBegin` to `callEnd`.
    pub fn total_ms(&self) -> Option<i64> {
        span(&self.wait_begin, &self.call_end)
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
    fn get_and_slot_mut_reach_the_same_member() {
        let mut r = Record::default();
        for (i, f) in RecordField::ALL.into_iter().enumerate() {
            *r.slot_mut(f) = Some(i.to_string());
        }
        assert_eq!(r.call_id.as_deref(), Some("3"));
        assert_eq!(r.media_type.as_deref(), Some("5"));
        assert_eq!(r.evaluation_value.as_deref(), Some("12"));
        for (i, f) in RecordField::ALL.into_iter().enumerate() {
            assert_eq!(r.get(f), Some(i.to_string().as_str()));
        }
    }

    #[test]
    fn a_record_serialises_with_the_answer_names() {
        let r = Record {
            call_id: Some("1-2".into()),
            media_type: Some("5".into()),
            ..Record::default()
        };
        assert_eq!(
            serde_json::to_string(&r).ok().as_deref(),
            Some(r#"{"callId":"1-2","mediatype":"5"}"#)
        );
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
