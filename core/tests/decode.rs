//! Every decoding quirk listed in API-NOTES.md, as a supervisor would meet it.

use cdr_core::codes::MediaType;
use cdr_core::time::{parse_call_time, CallTime};
use cdr_core::{decode_response, DecodeError, Locale, Record, RecordField};

/// The response example from the API page, verbatim.
const PAGE_EXAMPLE: &str = r#"{
    "total":2,
    "results":[
    {
        "callId":"1669464198-17002955",
        "vdn":1,
        "evaluationValue":"1",
        "callBegin":"100010"
     },
    {
        "callId":"1669463446-17002406",
        "vdn":1,
        "evaluationValue":"5",
        "callBegin":"100010"
    }
    ]
}"#;

fn one(json: &str) -> Record {
    let d = decode_response(json).expect("decodes");
    assert_eq!(d.records.len(), 1, "{d:?}");
    d.records.into_iter().next().unwrap_or_default()
}

#[test]
fn page_example_decodes_to_two_records() {
    let d = decode_response(PAGE_EXAMPLE).expect("the page's own example decodes");
    assert_eq!(d.total, Some(2));
    assert_eq!(d.skipped, 0);
    assert_eq!(d.records.len(), 2);
    let r = &d.records[0];
    assert_eq!(r.call_id(), Some("1669464198-17002955"));
    assert_eq!(r.vdn(), Some("1"));
    assert_eq!(r.evaluation_value(), Some("1"));
    assert_eq!(r.call_begin(), Some("100010"));
    assert_eq!(r.caller_no(), None);
    assert_eq!(d.records[1].call_begin(), Some("100010"));
    assert_eq!(d.records[1].evaluation_value(), Some("5"));
    // "100010" is not an epoch-ms time: it must be shown raw, not as 1970.
    assert_eq!(parse_call_time("100010"), CallTime::Raw("100010".into()));
    assert_eq!(r.duration_ms(), None);
}

#[test]
fn total_as_number_or_string() {
    assert_eq!(
        decode_response(r#"{"total":134,"results":[]}"#).map(|d| d.total),
        Ok(Some(134))
    );
    assert_eq!(
        decode_response(r#"{"total":"134","results":[]}"#).map(|d| d.total),
        Ok(Some(134))
    );
    assert_eq!(
        decode_response(r#"{"total":134.0,"results":[]}"#).map(|d| d.total),
        Ok(Some(134))
    );
    assert_eq!(
        decode_response(r#"{"total":null,"results":[]}"#).map(|d| d.total),
        Ok(None)
    );
    assert_eq!(
        decode_response(r#"{"total":"many"}"#).map(|d| d.total),
        Ok(None)
    );
    assert_eq!(
        decode_response(r#"{"total":-1}"#).map(|d| d.total),
        Ok(None)
    );
    assert_eq!(
        decode_response(r#"{"results":[]}"#).map(|d| d.total),
        Ok(None)
    );
}

#[test]
fn total_larger_than_results_is_kept() {
    let d = decode_response(r#"{"total":"5000","results":[{"callId":"a"}]}"#).expect("decodes");
    assert_eq!(d.total, Some(5000));
    assert_eq!(d.records.len(), 1);
}

#[test]
fn numbers_and_booleans_are_kept_as_text() {
    let r = one(
        r#"{"results":[{"vdn":1,"callType":0,"mediatype":5,"callBegin":1658102400000,
            "callEnd":1658102445000,"callerNo":8613800000000,"leaveReason":-3,
            "evaluationValue":2.5,"callId":true}]}"#,
    );
    assert_eq!(r.vdn(), Some("1"));
    assert_eq!(r.call_type(), Some("0"));
    assert_eq!(r.media_type(), Some("5"));
    assert_eq!(r.caller_no(), Some("8613800000000"));
    assert_eq!(r.leave_reason(), Some("-3"));
    assert_eq!(r.evaluation_value(), Some("2.5"));
    assert_eq!(r.call_id(), Some("true"));
    assert_eq!(r.duration_ms(), Some(45_000));
}

/// Integers are printed by the decoder itself (not `fmt`): every width and sign as
/// `to_string` would.
#[test]
fn integers_of_every_size_keep_their_decimal_text() {
    let values = [
        "0",
        "7",
        "-1",
        "10",
        "-10",
        "9007199254740993",
        "18446744073709551615",
        "-9223372036854775808",
        "1000000000000000000",
    ];
    for v in values {
        let r = one(&format!(r#"{{"results":[{{"vdn":{v},"callId":"x"}}]}}"#));
        assert_eq!((r.vdn(), r.call_id()), (Some(v), Some("x")), "{v}");
    }
    // Past u64: serde_json reads it as a float.
    let r = one(r#"{"results":[{"vdn":18446744073709551616}]}"#);
    assert_eq!(r.vdn(), Some("1.8446744073709552e+19"));
}

#[test]
fn missing_and_null_fields_are_none() {
    let r = one(r#"{"results":[{"callId":null,"vdn":[1,2],"logDate":{"a":1}}]}"#);
    assert_eq!(r, Record::default());
    let r = one(r#"{"results":[{}]}"#);
    assert_eq!(r, Record::default());
}

#[test]
fn every_documented_field_is_read() {
    let r = one(
        r#"{"results":[{"logDate":"1658102400000","callerNo":"1001","calleeNo":"2002",
        "callId":"c-1","callType":"1","mediatype":"19","waitBegin":"1658102400000",
        "ackBegin":"1658102410000","callBegin":"1658102410000","callEnd":"1658102470000",
        "vdn":"7","leaveReason":"88","evaluationValue":"3","unknownField":{"x":[1]}}]}"#,
    );
    assert_eq!(r.log_date(), Some("1658102400000"));
    assert_eq!(r.callee_no(), Some("2002"));
    assert_eq!(r.media_type(), Some("19"));
    assert_eq!(r.leave_reason(), Some("88"));
    assert_eq!(r.wait_ms(), Some(10_000));
    assert_eq!(r.duration_ms(), Some(60_000));
}

#[test]
fn durations_need_two_plausible_ordered_times() {
    let r = Record::builder()
        .call_begin("1658102470000")
        .call_end("1658102410000")
        .build();
    assert_eq!(r.duration_ms(), None, "end before begin");
    let r = r.to_builder().call_end("soon").build();
    assert_eq!(r.duration_ms(), None);
    let r = r.to_builder().with(RecordField::CallEnd, None).build();
    assert_eq!(r.duration_ms(), None);
}

#[test]
fn media_type_in_either_spelling() {
    assert_eq!(
        one(r#"{"results":[{"mediatype":"5"}]}"#).media_type(),
        Some("5")
    );
    assert_eq!(
        one(r#"{"results":[{"mediaType":"53"}]}"#).media_type(),
        Some("53")
    );
    assert_eq!(
        one(r#"{"results":[{"MEDIATYPE":"2"}]}"#).media_type(),
        Some("2")
    );
    // A null in the other spelling does not erase a value already read.
    let r = one(r#"{"results":[{"mediatype":"5","mediaType":null}]}"#);
    assert_eq!(r.media_type(), Some("5"));
}

#[test]
fn unknown_codes_pass_through_raw() {
    let r = one(r#"{"results":[{"mediatype":"10","callType":"77","leaveReason":"x"}]}"#);
    assert_eq!(r.media_type(), Some("10"));
    assert_eq!(MediaType::from_code("10").label(Locale::En), "10");
    assert_eq!(r.call_type(), Some("77"));
}

#[test]
fn null_or_missing_results_give_no_records() {
    for body in [r#"{"total":0,"results":null}"#, r#"{"total":0}"#, "{}"] {
        let d = decode_response(body).expect("decodes");
        assert!(d.records.is_empty());
        assert_eq!(d.skipped, 0);
    }
}

#[test]
fn a_counted_result_without_its_list_is_an_error() {
    for body in [r#"{"total":2,"results":null}"#, r#"{"total":"2"}"#] {
        match decode_response(body) {
            Err(DecodeError::ResultsNotArray { .. }) => {}
            other => panic!("{body}: {other:?}"),
        }
    }
}

#[test]
fn results_that_are_not_a_list_are_an_error() {
    assert_eq!(
        decode_response(r#"{"total":1,"results":{"callId":"a"}}"#),
        Err(DecodeError::ResultsNotArray { found: "an object" })
    );
    assert_eq!(
        decode_response(r#"{"results":"none"}"#),
        Err(DecodeError::ResultsNotArray { found: "a string" })
    );
    let msg = DecodeError::ResultsNotArray { found: "a string" }.message(Locale::En);
    assert!(msg.contains("results") && msg.contains("a string"), "{msg}");
    assert!(DecodeError::ResultsNotArray { found: "a string" }
        .message(Locale::ZhCn)
        .contains("字符串"));
}

#[test]
fn records_that_are_not_objects_are_skipped_and_counted() {
    let d = decode_response(
        r#"{"total":6,"results":[{"callId":"a"},null,1,"x",[{"callId":"b"}],{"callId":"c"}]}"#,
    )
    .expect("decodes");
    assert_eq!(d.skipped, 4);
    let ids: Vec<_> = d.records.iter().map(|r| r.call_id()).collect();
    assert_eq!(ids, [Some("a"), Some("c")]);
}

#[test]
fn body_that_is_not_an_object() {
    assert_eq!(
        decode_response("[1,2]"),
        Err(DecodeError::NotAnObject { found: "an array" })
    );
    assert_eq!(
        decode_response("null"),
        Err(DecodeError::NotAnObject { found: "null" })
    );
    assert_eq!(
        decode_response("\"ok\""),
        Err(DecodeError::NotAnObject { found: "a string" })
    );
    assert_eq!(
        decode_response("42"),
        Err(DecodeError::NotAnObject { found: "a number" })
    );
    assert!(DecodeError::NotAnObject { found: "an array" }
        .message(Locale::En)
        .contains("an array"));
}

#[test]
fn not_json_reports_the_position() {
    match decode_response("{\"total\":2,\n \"results\": [,]}") {
        Err(DecodeError::NotJson {
            line,
            column,
            reason,
        }) => {
            assert_eq!(line, 2);
            assert_eq!(column, 14);
            assert!(!reason.contains("line"), "{reason}");
            let msg = DecodeError::NotJson {
                line,
                column,
                reason,
            }
            .message(Locale::En);
            assert!(msg.contains("line 2, column 14"), "{msg}");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(matches!(
        decode_response("<html>502</html>"),
        Err(DecodeError::NotJson {
            line: 1,
            column: 1,
            ..
        })
    ));
    assert!(matches!(
        decode_response(r#"{"total":2"#),
        Err(DecodeError::NotJson { .. })
    ));
    assert!(matches!(
        decode_response(r#"{"total":2} trailing"#),
        Err(DecodeError::NotJson { .. })
    ));
}

#[test]
fn empty_body() {
    assert_eq!(decode_response(""), Err(DecodeError::Empty));
    assert_eq!(decode_response(" \r\n\t"), Err(DecodeError::Empty));
    assert_eq!(decode_response("\u{feff}"), Err(DecodeError::Empty));
    assert!(!DecodeError::Empty.message(Locale::ZhCn).is_empty());
}

#[test]
fn byte_order_mark_and_escapes_are_handled() {
    let r = one("\u{feff}{\"results\":[{\"callId\":\"a\\\"b\\u00e9\",\"call\\u0049d\":\"x\"}]}");
    // The escaped key "callId" (\u0049 = I) is a later duplicate: last one wins.
    assert_eq!(r.call_id(), Some("x"));
    let r = one(r#"{"results":[{"callerNo":"a\"b\u00e9"}]}"#);
    assert_eq!(r.caller_no(), Some("a\"bé"));
}

#[test]
fn deep_nesting_neither_crashes_nor_loses_the_record() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let in_unknown = format!(r#"{{"results":[{{"callId":"a","x":{deep}}}]}}"#);
    assert_eq!(one(&in_unknown).call_id(), Some("a"));
    let in_field = format!(r#"{{"results":[{{"callId":{deep},"vdn":"1"}}]}}"#);
    let r = one(&in_field);
    assert_eq!((r.call_id(), r.vdn()), (None, Some("1")));
    let as_record = format!(r#"{{"results":[{deep},{{}}]}}"#);
    assert_eq!(decode_response(&as_record).map(|d| d.skipped), Ok(1));
    assert_eq!(
        decode_response(&deep),
        Err(DecodeError::NotAnObject { found: "an array" })
    );
    let unclosed = "[".repeat(100_000);
    assert!(matches!(
        decode_response(&unclosed),
        Err(DecodeError::NotJson { .. })
    ));
}
