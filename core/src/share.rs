//! Shareable searches: a [`Query`] as a URL query string and back, so a supervisor can
//! send a link that opens the same search.
//!
//! Keys are the API's field names except the dates: `subCcNo`, `vdn`, `callId`,
//! `callerNo`, `calleeNo`, `begin`, `end` (epoch milliseconds), `callType`, `mediaType`,
//! `evaluationValue`. Values are percent-encoded UTF-8.
//!
//! Reading a link never looks at credentials: only the keys above are read, so a
//! `token`, `access_token`, `authorization` or any other parameter in the link is ignored
//! and never reaches the form.

use crate::query::{Query, QueryForm};
use crate::time::{format_input, parse_input, Zone};

/// The keys, in the order they are written.
const KEYS: [&str; 10] = [
    "subCcNo",
    "vdn",
    "callId",
    "callerNo",
    "calleeNo",
    "begin",
    "end",
    "callType",
    "mediaType",
    "evaluationValue",
];

/// Appends `s` percent-encoded: RFC 3986 unreserved characters (`A–Z a–z 0–9 - . _ ~`)
/// as they are, every other byte of its UTF-8 as `%XX`.
pub fn percent_encode_into(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
    }
}

/// Decodes a percent-encoded value: `%XX` becomes that byte, `+` a space (as forms encode
/// it); a `%` not followed by two hex digits is kept as it is, and bytes that do not form
/// UTF-8 become U+FFFD.
pub fn percent_decode(s: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let pair = bytes
                    .get(i + 1)
                    .copied()
                    .and_then(hex)
                    .zip(bytes.get(i + 2).copied().and_then(hex));
                if let Some((hi, lo)) = pair {
                    out.push(hi << 4 | lo);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The URL query string of a search, without a leading `?`: e.g.
/// `subCcNo=1&vdn=7&begin=1658102400000&end=1658188800000`. Values are trimmed; empty ones
/// are left out; dates are epoch milliseconds.
pub fn query_to_params(q: &Query) -> String {
    let begin = q.begin_date.map(|d| d.to_string()).unwrap_or_default();
    let end = q.end_date.map(|d| d.to_string()).unwrap_or_default();
    let values: [&str; 10] = [
        &q.sub_cc_no,
        &q.vdn,
        &q.call_id,
        &q.caller_no,
        &q.callee_no,
        &begin,
        &end,
        &q.call_type,
        &q.media_type,
        &q.evaluation_value,
    ];
    let mut out = String::with_capacity(128);
    for (key, value) in KEYS.into_iter().zip(values) {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        percent_encode_into(value, &mut out);
    }
    out
}

/// The form a shared link fills in, or `None` when the query string has none of the
/// search keys (an ordinary visit). A leading `?` is accepted; unknown keys (including any
/// token: see the [module notes](self)) are ignored; when a key repeats, its first value
/// counts. `begin`/`end` epoch milliseconds become `datetime-local` text in `zone`
/// (seconds kept when not zero, milliseconds dropped); a value that is not a usable
/// instant leaves the field empty. The form still goes through validation.
pub fn form_from_params(query_string: &str, zone: &Zone) -> Option<QueryForm> {
    let qs = query_string.trim();
    let qs = qs.strip_prefix('?').unwrap_or(qs);
    let mut values: [Option<String>; 10] = Default::default();
    for pair in qs.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(key);
        let Some(slot) = KEYS
            .iter()
            .position(|k| *k == key)
            .and_then(|i| values.get_mut(i))
        else {
            continue;
        };
        if slot.is_none() {
            *slot = Some(percent_decode(value));
        }
    }
    if values.iter().all(Option::is_none) {
        return None;
    }
    let [sub_cc_no, vdn, call_id, caller_no, callee_no, begin, end, call_type, media_type, evaluation_value] =
        values.map(Option::unwrap_or_default);
    let date = |ms: &str| {
        ms.trim()
            .parse::<i64>()
            .ok()
            .map(|ms| format_input(ms, zone))
            .filter(|text| parse_input(text, zone).is_some())
            .unwrap_or_default()
    };
    Some(QueryForm {
        sub_cc_no,
        vdn,
        call_id,
        caller_no,
        callee_no,
        begin: date(&begin),
        end: date(&end),
        call_type,
        media_type,
        evaluation_value,
        unreadable_times: [false; 2],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CST: Zone = Zone::Fixed {
        offset_minutes: 480,
    };

    #[test]
    fn a_search_becomes_a_readable_link() {
        let q = Query {
            sub_cc_no: "1".into(),
            vdn: "7".into(),
            caller_no: "+86 138".into(),
            begin_date: Some(1_658_102_400_000),
            end_date: Some(1_658_188_800_000),
            evaluation_value: "满意&=".into(),
            ..Query::default()
        };
        assert_eq!(
            query_to_params(&q),
            "subCcNo=1&vdn=7&callerNo=%2B86%20138&begin=1658102400000&end=1658188800000\
&evaluationValue=%E6%BB%A1%E6%84%8F%26%3D"
        );
        assert_eq!(query_to_params(&Query::default()), "");
    }

    #[test]
    fn a_link_fills_the_form_in_the_zone() {
        let form = form_from_params(
            "?subCcNo=1&vdn=7&callerNo=%2B86+138&begin=1658102400000&end=1658188807000&x=1",
            &CST,
        )
        .expect("search keys");
        assert_eq!(form.sub_cc_no, "1");
        assert_eq!(form.vdn, "7");
        assert_eq!(form.caller_no, "+86 138");
        assert_eq!(form.begin, "2022-07-18T08:00");
        assert_eq!(form.end, "2022-07-19T08:00:07");
        assert_eq!(form.call_id, "");
    }

    #[test]
    fn bad_dates_are_left_empty_and_tokens_ignored() {
        let form = form_from_params(
            "vdn=1&begin=yesterday&end=99999999999999999999&token=s3cret&access_token=a&authorization=b",
            &Zone::Utc,
        )
        .expect("vdn present");
        assert_eq!(form.begin, "");
        assert_eq!(form.end, "");
        let debug = format!("{form:?}");
        assert!(!debug.contains("s3cret"), "{debug}");
        assert_eq!(form_from_params("token=s3cret", &Zone::Utc), None);
        assert_eq!(form_from_params("", &Zone::Utc), None);
        assert_eq!(form_from_params("?", &Zone::Utc), None);
        assert_eq!(form_from_params("?utm_source=mail", &Zone::Utc), None);
    }

    #[test]
    fn decoding_is_lenient() {
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
        assert_eq!(percent_decode("%FF"), "\u{fffd}");
        assert_eq!(percent_decode("a+b%20c"), "a b c");
        let form = form_from_params("callId=1&callId=2", &Zone::Utc).expect("callId");
        assert_eq!(form.call_id, "1");
    }
}
