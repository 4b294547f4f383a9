//! The `hostile` scenario's answer: records whose text fields carry markup, script,
//! `javascript:` URLs, spreadsheet formulas, bidi overrides and a very long string, mixed
//! with ordinary records, for testing that a client shows such data as inert text and
//! exports it safely.
//!
//! Every executable payload, if it ever ran, would set `window.__pwned` to a number that
//! names it (1 for [`IMG_ONERROR`], 2 for [`SCRIPT_TAG`], ...), so a test only has to check
//! that `window.__pwned` stays undefined. The body is serialized with `serde_json`, so the
//! JSON itself is valid; it is the same on every call (no seed, no clock).

use cdr_core::{Record, RecordField};
use serde_json::{json, Value};

use crate::dataset::DEFAULT_END_MS;

/// `<img>` with an `onerror` handler (`window.__pwned = 1`): the calling number of the
/// first hostile record.
pub const IMG_ONERROR: &str = r#"<img src=x onerror="window.__pwned=1">"#;
/// A formula-injection cell: the called number of the first hostile record.
pub const HYPERLINK_FORMULA: &str = r#"=HYPERLINK("http://evil.example","x")"#;
/// A `<script>` element (`window.__pwned = 2`): the call ID of the first hostile record.
pub const SCRIPT_TAG: &str = "<script>window.__pwned=2</script>";
/// A `javascript:` URL (`window.__pwned = 3`): the leave reason of the first hostile record.
pub const JS_URL: &str = "javascript:window.__pwned=3";
/// Breaks out of an attribute into an `<svg onload>` (`window.__pwned = 4`): the
/// satisfaction value of the first hostile record.
pub const SVG_ONLOAD: &str = r#""><svg onload="window.__pwned=4">"#;
/// An `<iframe>` with a `javascript:` source (`window.__pwned = 5`).
pub const IFRAME_JS: &str = r#"<iframe src="javascript:window.__pwned=5"></iframe>"#;
/// A link with a `javascript:` href (`window.__pwned = 6`).
pub const ANCHOR_JS: &str = r#"<a href="javascript:window.__pwned=6">x</a>"#;
/// Closes the table cell, row and table, then opens a heading and an `<img>` (`7`).
pub const TABLE_BREAKOUT: &str =
    r#"</td></tr></table><h1>broken</h1><img src=x onerror="window.__pwned=7">"#;
/// Breaks out of a single-quoted attribute (`window.__pwned = 8`).
pub const ATTR_BREAKOUT: &str = r#"' autofocus onfocus='window.__pwned=8"#;
/// A `<details open ontoggle>` handler (`window.__pwned = 9`).
pub const DETAILS_ONTOGGLE: &str = r#"<details open ontoggle="window.__pwned=9">"#;
/// A right-to-left override (U+202E) that makes `exe.txt` read as `txt.exe`.
pub const RTL_OVERRIDE: &str = "\u{202e}exe.txt\u{202c} 13800138000";
/// A DDE command cell.
pub const CMD_DDE: &str = "+cmd|' /C calc'!A0";
/// A formula behind `@`.
pub const AT_SUM: &str = "@SUM(1+1)";
/// A formula behind `-`.
pub const MINUS_FORMULA: &str = "-2+3";
/// A formula behind a leading tab.
pub const TAB_FORMULA: &str = "\t=1+1";
/// A formula behind `=` running a command.
pub const EQ_CMD: &str = "=cmd|' /C notepad'!A0";
/// Needs CSV quoting: a comma, doubled quotes and a line break.
pub const CSV_BREAKER: &str = "a,\"b\"\r\nc";
/// Already-escaped markup, which must show as the entities, not as a tag.
pub const ENTITIES: &str = "&lt;script&gt;window.__pwned=10&lt;/script&gt;";
/// Template syntax of common front-end frameworks.
pub const TEMPLATE: &str = "{{7*7}} ${7*7} #{7*7}";
/// Combining marks, zero-width characters, emoji and CJK.
pub const UNICODE_MIX: &str = "Z\u{336}a\u{335}l\u{337}g\u{338}o\u{200b}\u{200d}\u{feff} 📞 呼叫";
/// Length of [`long_string`], in characters.
pub const LONG_LEN: usize = 10_000;

/// Every payload that is a constant, for tests that want to find each one.
pub const PAYLOADS: [&str; 20] = [
    IMG_ONERROR,
    HYPERLINK_FORMULA,
    SCRIPT_TAG,
    JS_URL,
    SVG_ONLOAD,
    IFRAME_JS,
    ANCHOR_JS,
    TABLE_BREAKOUT,
    ATTR_BREAKOUT,
    DETAILS_ONTOGGLE,
    RTL_OVERRIDE,
    CMD_DDE,
    AT_SUM,
    MINUS_FORMULA,
    TAB_FORMULA,
    EQ_CMD,
    CSV_BREAKER,
    ENTITIES,
    TEMPLATE,
    UNICODE_MIX,
];

/// A 10,000-character string (ASCII, so also 10,000 bytes): `LONG-` and then a cycle of
/// digits and letters, ending in `-END`.
pub fn long_string() -> String {
    let mut s = String::with_capacity(LONG_LEN);
    s.push_str("LONG-");
    let cycle = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut i = 0;
    while s.len() < LONG_LEN - 4 {
        s.push(cycle[i % cycle.len()] as char);
        i += 1;
    }
    s.push_str("-END");
    s
}

/// Where the hostile records start: one day before the default data's end
/// (2026-11-27T00:00:00Z), a minute apart.
pub const FIRST_BEGIN_MS: i64 = DEFAULT_END_MS - 86_400_000;

/// The records of the answer, ordered by `callBegin` ascending (every `callBegin` is valid
/// epoch ms; other time fields of hostile records may be payloads). Normal-looking records
/// (valid codes and times, digit phone numbers) are mixed in. Call IDs are unique.
pub fn records() -> Vec<Value> {
    let long = long_string();
    // (callerNo, calleeNo, callId, callType, mediatype, leaveReason, evaluationValue,
    //  vdn, waitBegin) — `None` for a normal value.
    type Row<'a> = [Option<&'a str>; 9];
    let rows: [Row<'_>; 20] = [
        [
            Some(IMG_ONERROR),
            Some(HYPERLINK_FORMULA),
            Some(SCRIPT_TAG),
            None,
            None,
            Some(JS_URL),
            Some(SVG_ONLOAD),
            None,
            None,
        ],
        [None; 9],
        [
            Some(CMD_DDE),
            Some(AT_SUM),
            Some(MINUS_FORMULA),
            Some(IFRAME_JS),
            Some(ANCHOR_JS),
            Some(RTL_OVERRIDE),
            Some(EQ_CMD),
            None,
            None,
        ],
        [None; 9],
        [
            Some(RTL_OVERRIDE),
            Some(TAB_FORMULA),
            Some(&long),
            None,
            None,
            Some(TABLE_BREAKOUT),
            Some(ATTR_BREAKOUT),
            None,
            Some(DETAILS_ONTOGGLE),
        ],
        [None; 9],
        [
            Some(TABLE_BREAKOUT),
            Some(CSV_BREAKER),
            Some(ENTITIES),
            Some(SVG_ONLOAD),
            Some(SCRIPT_TAG),
            Some(&long),
            Some(MINUS_FORMULA),
            None,
            None,
        ],
        [None; 9],
        [
            Some(ATTR_BREAKOUT),
            Some(TEMPLATE),
            Some(UNICODE_MIX),
            Some(CMD_DDE),
            Some(AT_SUM),
            Some(ENTITIES),
            Some(TEMPLATE),
            Some(SVG_ONLOAD),
            Some(IMG_ONERROR),
        ],
        [None; 9],
        [
            Some(DETAILS_ONTOGGLE),
            Some(IFRAME_JS),
            Some(JS_URL),
            Some(HYPERLINK_FORMULA),
            Some(TAB_FORMULA),
            Some(IMG_ONERROR),
            Some(CMD_DDE),
            None,
            None,
        ],
        [None; 9],
        [
            Some(ENTITIES),
            Some(ANCHOR_JS),
            Some(CSV_BREAKER),
            None,
            None,
            Some(DETAILS_ONTOGGLE),
            Some(AT_SUM),
            None,
            None,
        ],
        [None; 9],
        [
            Some(UNICODE_MIX),
            Some(&long),
            Some(IFRAME_JS),
            Some(ATTR_BREAKOUT),
            Some(EQ_CMD),
            Some(SCRIPT_TAG),
            Some(ANCHOR_JS),
            Some(HYPERLINK_FORMULA),
            None,
        ],
        [None; 9],
        [
            Some(EQ_CMD),
            Some(RTL_OVERRIDE),
            Some(TEMPLATE),
            Some(MINUS_FORMULA),
            Some(RTL_OVERRIDE),
            Some(CSV_BREAKER),
            Some(UNICODE_MIX),
            None,
            None,
        ],
        [None; 9],
        [
            Some(AT_SUM),
            Some(MINUS_FORMULA),
            Some(TABLE_BREAKOUT),
            Some(UNICODE_MIX),
            Some(DETAILS_ONTOGGLE),
            Some(HYPERLINK_FORMULA),
            Some(IFRAME_JS),
            None,
            None,
        ],
        [None; 9],
    ];
    rows.iter()
        .enumerate()
        .map(|(i, row)| record(i, row))
        .collect()
}

fn record(i: usize, row: &[Option<&str>; 9]) -> Value {
    let begin = FIRST_BEGIN_MS + i as i64 * 60_000 + 7_000;
    let wait = begin + 2_000;
    let ack = wait + 13_000;
    let end = ack + 95_000 + i as i64 * 1_000;
    let n = i as u64;
    let normal_caller = format!("1380013{:04}", 8000 + n);
    let normal_callee = format!("0{}", 2_162_000_000 + n * 37);
    let normal_id = format!("{}-{}", begin / 1000, 17_000_000 + n);
    let pick = |slot: usize, normal: &'static str| row[slot].unwrap_or(normal);
    let normal_eval = ["5", "4", "5", "3", "5"][i % 5];
    let r = Record::builder()
        .log_date(&(begin - begin.rem_euclid(86_400_000)).to_string())
        .caller_no(row[0].unwrap_or(&normal_caller))
        .callee_no(row[1].unwrap_or(&normal_callee))
        .call_id(row[2].unwrap_or(&normal_id))
        .call_type(pick(3, "0"))
        .media_type(pick(4, "5"))
        .wait_begin(row[8].unwrap_or(&wait.to_string()))
        .ack_begin(&ack.to_string())
        .call_begin(&begin.to_string())
        .call_end(&end.to_string())
        .vdn(pick(7, "1"))
        .leave_reason(pick(5, "88"))
        .evaluation_value(pick(6, normal_eval))
        .build();
    // Under the answer's names, from the table the app decodes with.
    let members = RecordField::ALL
        .into_iter()
        .filter_map(|f| Some((f.name().to_string(), json!(r.get(f)?))));
    Value::Object(members.collect())
}

/// The whole answer, compact: `{"total":N,"results":[...]}` with `total` the number of
/// records.
pub fn response_body() -> String {
    let results = records();
    json!({ "total": results.len(), "results": results }).to_string()
}
