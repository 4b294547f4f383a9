//! The search: what the user typed ([`QueryForm`]) and the request body it becomes
//! ([`Query`]). Validation (in `validate`) is the only way from one to the other.

use serde_json::{Map, Value};

/// What the user typed, raw strings, as in the form. `begin`/`end` are in the HTML
/// `datetime-local` format `"YYYY-MM-DDTHH:MM"` or `"YYYY-MM-DDTHH:MM:SS"` (empty = not
/// set), interpreted in a [`Zone`](crate::time::Zone).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryForm {
    /// Call center ID (mandatory).
    pub sub_cc_no: String,
    /// Tenant VDN ID (mandatory).
    pub vdn: String,
    /// Call ID.
    pub call_id: String,
    /// Calling number.
    pub caller_no: String,
    /// Called number.
    pub callee_no: String,
    /// Begin of the time range, `datetime-local` format.
    pub begin: String,
    /// End of the time range, `datetime-local` format.
    pub end: String,
    /// Call type code.
    pub call_type: String,
    /// Media type code.
    pub media_type: String,
    /// Satisfaction value.
    pub evaluation_value: String,
    /// Begin and End: whether the input holds a date and time the browser cannot read
    /// (typed in part, say: a `datetime-local` input's `validity.badInput`). Its value is
    /// then `""`, which alone would read as no time at all.
    pub unreadable_times: [bool; 2],
}

/// A valid request body. Dates as epoch ms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// `subCcNo`.
    pub sub_cc_no: String,
    /// `vdn`.
    pub vdn: String,
    /// `callId`; several IDs joined by `,` for a batch search ([`crate::batch`]), which
    /// sends one request per ID ([`Query::call_ids`], [`Query::for_call_id`]).
    pub call_id: String,
    /// `callerNo`.
    pub caller_no: String,
    /// `calleeNo`.
    pub callee_no: String,
    /// `beginDate`, epoch ms.
    pub begin_date: Option<i64>,
    /// `endDate`, epoch ms.
    pub end_date: Option<i64>,
    /// `callType`.
    pub call_type: String,
    /// `mediaType`.
    pub media_type: String,
    /// `evaluationValue`.
    pub evaluation_value: String,
}

/// What a batch search lists: one request is sent per item ([`Query::batch`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchKind {
    /// Several Call IDs (`callId`).
    CallIds,
    /// Several calling numbers (`callerNo`), each searched over the query's time range.
    CallerNos,
}

impl Query {
    /// The Call IDs searched, in order: none, one, or the batch's list.
    pub fn call_ids(&self) -> Vec<&str> {
        crate::batch::split_ids(&self.call_id)
    }

    /// The same search for one Call ID (one request of a batch).
    pub fn for_call_id(&self, id: &str) -> Query {
        Query {
            call_id: id.to_string(),
            ..self.clone()
        }
    }

    /// The calling numbers searched, in order: none, one, or the batch's list
    /// ([`crate::batch::split_numbers`]).
    pub fn caller_nos(&self) -> Vec<&str> {
        crate::batch::split_numbers(&self.caller_no)
    }

    /// The same search for one calling number (one request of a batch).
    pub fn for_caller_no(&self, number: &str) -> Query {
        Query {
            caller_no: number.to_string(),
            ..self.clone()
        }
    }

    /// The list a batch search runs one request for, if the query is one: several Call IDs,
    /// else several calling numbers (validation refuses both lists at once).
    pub fn batch(&self) -> Option<(BatchKind, Vec<&str>)> {
        let ids = self.call_ids();
        if ids.len() > 1 {
            return Some((BatchKind::CallIds, ids));
        }
        let numbers = self.caller_nos();
        (numbers.len() > 1).then_some((BatchKind::CallerNos, numbers))
    }

    /// One request of a batch of `kind`: this search for `value`.
    pub fn for_batch_item(&self, kind: BatchKind, value: &str) -> Query {
        match kind {
            BatchKind::CallIds => self.for_call_id(value),
            BatchKind::CallerNos => self.for_caller_no(value),
        }
    }

    /// What the search's first request asks: the search itself, or for a batch, its first
    /// Call ID or calling number (the result views request the others).
    pub fn first_request(&self) -> Query {
        match self.batch() {
            Some((kind, items)) => match items.first() {
                Some(first) => self.for_batch_item(kind, first),
                None => self.clone(),
            },
            None => self.clone(),
        }
    }

    /// JSON body exactly as the API expects: camelCase names in the documented order, every
    /// value a JSON string, dates as epoch-ms strings, values trimmed. The mandatory
    /// `subCcNo` and `vdn` are always present; other empty fields are omitted, since the
    /// service may treat `""` as a filter.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(160);
        out.push('{');
        let mut first = true;
        let mut put = |name: &str, value: &str, always: bool| {
            let value = value.trim();
            if value.is_empty() && !always {
                return;
            }
            if !first {
                out.push(',');
            }
            first = false;
            push_json_string(&mut out, name);
            out.push(':');
            push_json_string(&mut out, value);
        };
        let begin = self.begin_date.map(|d| d.to_string()).unwrap_or_default();
        let end = self.end_date.map(|d| d.to_string()).unwrap_or_default();
        put("subCcNo", &self.sub_cc_no, true);
        put("vdn", &self.vdn, true);
        put("callId", &self.call_id, false);
        put("callerNo", &self.caller_no, false);
        put("calleeNo", &self.callee_no, false);
        put("beginDate", &begin, false);
        put("endDate", &end, false);
        put("callType", &self.call_type, false);
        put("mediaType", &self.media_type, false);
        put("evaluationValue", &self.evaluation_value, false);
        out.push('}');
        out
    }

    /// Parses a body leniently (for tests and the simulator): strings or numbers accepted,
    /// anything else read as empty; unparseable dates become `None`. `None` when the text
    /// is not a JSON object.
    pub fn from_json(text: &str) -> Option<Query> {
        let Value::Object(map) = serde_json::from_str::<Value>(text).ok()? else {
            return None;
        };
        let text = |name: &str| field_text(&map, name);
        let date = |name: &str| text(name).trim().parse::<i64>().ok();
        Some(Query {
            sub_cc_no: text("subCcNo"),
            vdn: text("vdn"),
            call_id: text("callId"),
            caller_no: text("callerNo"),
            callee_no: text("calleeNo"),
            begin_date: date("beginDate"),
            end_date: date("endDate"),
            call_type: text("callType"),
            media_type: text("mediaType"),
            evaluation_value: text("evaluationValue"),
        })
    }
}

fn field_text(map: &Map<String, Value>, name: &str) -> String {
    match map.get(name) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn push_json_string(out: &mut String, s: &str) {
    // Serialising a &str cannot fail; fall back to an empty string rather than panic.
    match serde_json::to_string(s) {
        Ok(q) => out.push_str(&q),
        Err(_) => out.push_str("\"\""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Query {
        Query {
            sub_cc_no: "0".into(),
            vdn: "0".into(),
            call_id: "0".into(),
            caller_no: "0".into(),
            callee_no: String::new(),
            begin_date: Some(1_658_102_400_000),
            end_date: Some(1_658_188_800_000),
            call_type: "0".into(),
            media_type: "10".into(),
            evaluation_value: "10".into(),
        }
    }

    #[test]
    fn body_matches_the_documented_example() {
        assert_eq!(
            example().to_json(),
            r#"{"subCcNo":"0","vdn":"0","callId":"0","callerNo":"0","beginDate":"1658102400000","endDate":"1658188800000","callType":"0","mediaType":"10","evaluationValue":"10"}"#
        );
    }

    #[test]
    fn every_value_is_a_string_and_empty_optionals_are_omitted() {
        let q = Query {
            sub_cc_no: " 1 ".into(),
            vdn: "".into(),
            call_id: "  ".into(),
            caller_no: "+86 \"10\"".into(),
            begin_date: Some(1_658_102_400_000),
            ..Query::default()
        };
        let v: Value = serde_json::from_str(&q.to_json()).expect("valid JSON");
        let obj = v.as_object().expect("object");
        assert_eq!(obj.len(), 4, "{obj:?}");
        assert_eq!(obj["subCcNo"], "1");
        assert_eq!(obj["vdn"], "");
        assert_eq!(obj["callerNo"], "+86 \"10\"");
        assert_eq!(obj["beginDate"], "1658102400000");
        assert!(obj.values().all(Value::is_string));
        assert!(!obj.contains_key("callId"));
    }

    #[test]
    fn from_json_reads_back_and_tolerates_numbers() {
        assert_eq!(Query::from_json(&example().to_json()), Some(example()));
        let q = Query::from_json(
            r#"{"subCcNo":0,"vdn":"7","beginDate":1658102400000,"endDate":"x","callType":null}"#,
        )
        .expect("object");
        assert_eq!(q.sub_cc_no, "0");
        assert_eq!(q.begin_date, Some(1_658_102_400_000));
        assert_eq!(q.end_date, None);
        assert_eq!(q.call_type, "");
        assert_eq!(Query::from_json("[1]"), None);
        assert_eq!(Query::from_json("not json"), None);
    }
}
