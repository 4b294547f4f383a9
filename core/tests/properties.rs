//! Property tests: the decoder never panics, sorting is a stable permutation, paging
//! covers every row once, CSV round-trips through a real CSV reader, and a row's markup
//! reads back as its cells.

use cdr_core::export::to_csv;
use cdr_core::table::{sort_indices, Column, Direction, DisplayContext, Paging};
use cdr_core::{decode_response, Record, RecordField, Zone};
use proptest::prelude::*;
use serde_json::Value;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let key = prop_oneof![
            Just("total".to_string()),
            Just("results".to_string()),
            Just("callBegin".to_string()),
            Just("mediatype".to_string()),
            Just("vdn".to_string()),
            "[a-zA-Z]{0,8}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn field() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some(String::new())),
        (0..20i64).prop_map(|n| Some(n.to_string())),
        (1_600_000_000_000..1_700_000_000_000i64).prop_map(|n| Some(n.to_string())),
        "[ -~]{0,6}".prop_map(Some),
        "[=+@\\-,\"\n\r\t a-z\u{4e00}-\u{4e10}]{0,8}".prop_map(Some),
    ]
}

fn record() -> impl Strategy<Value = Record> {
    (
        field(),
        field(),
        field(),
        field(),
        field(),
        field(),
        field(),
        field(),
    )
        .prop_map(|(a, b, c, d, e, f, g, h)| {
            Record::builder()
                .with(RecordField::CallId, a.as_deref())
                .with(RecordField::CallBegin, b.as_deref())
                .with(RecordField::CallEnd, c.as_deref())
                .with(RecordField::CallerNo, d.as_deref())
                .with(RecordField::CallType, e.as_deref())
                .with(RecordField::MediaType, f.as_deref())
                .with(RecordField::EvaluationValue, g.as_deref())
                .with(RecordField::LogDate, h.as_deref())
                .build()
        })
}

fn column() -> impl Strategy<Value = Column> {
    prop::sample::select(Column::ALL.to_vec())
}

proptest! {
    #[test]
    fn decoding_arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = decode_response(&text);
    }

    #[test]
    fn decoding_jsonish_text_never_panics(text in "[\\[\\]{}:,\"0-9a-z.\\-eE \\\\n]{0,200}") {
        let _ = decode_response(&text);
    }

    #[test]
    fn decoding_any_json_value_never_panics_and_counts_records(v in json_value()) {
        let text = v.to_string();
        if let Ok(d) = decode_response(&text) {
            let results = v.get("results").and_then(Value::as_array);
            let n = results.map_or(0, Vec::len);
            prop_assert_eq!(d.records.len() + d.skipped, n);
        }
        let wrapped = serde_json::json!({"total": 1, "results": [v.clone(), {"callId": v}]});
        let d = decode_response(&wrapped.to_string());
        prop_assert!(d.is_ok());
        let d = d.unwrap_or_default();
        prop_assert_eq!(d.records.len() + d.skipped, 2);
    }

    #[test]
    fn sorting_is_a_stable_permutation(
        records in prop::collection::vec(record(), 0..40),
        col in column(),
        desc in any::<bool>(),
    ) {
        let dir = if desc { Direction::Descending } else { Direction::Ascending };
        let mut idx: Vec<usize> = (0..records.len()).collect();
        sort_indices(&records, &mut idx, col, dir);
        let mut sorted = idx.clone();
        sorted.sort_unstable();
        prop_assert_eq!(sorted, (0..records.len()).collect::<Vec<_>>());
        // Stability: rows that show the same value keep their original relative order.
        let ctx = DisplayContext { zone: Zone::Utc, ..DisplayContext::default() };
        let same = |a: &Record, b: &Record| match col {
            Column::Duration => a.duration_ms() == b.duration_ms(),
            _ => col.raw(a).map(str::trim).filter(|s| !s.is_empty())
                == col.raw(b).map(str::trim).filter(|s| !s.is_empty()),
        };
        for w in idx.windows(2) {
            if same(&records[w[0]], &records[w[1]]) {
                prop_assert!(w[0] < w[1], "{:?} {:?}", ctx.cell(&records[w[0]], col), ctx.cell(&records[w[1]], col));
            }
        }
        // Sorting again gives the same order (a total, consistent order).
        let mut again = idx.clone();
        sort_indices(&records, &mut again, col, dir);
        prop_assert_eq!(again, idx);
    }

    #[test]
    fn paging_covers_every_row_exactly_once(n in 0usize..500, size in prop::sample::select(vec![10usize, 20, 50, 100])) {
        let first = Paging { page: 0, size };
        let pages = first.page_count(n);
        let mut seen = Vec::new();
        for page in 0..pages {
            let r = Paging { page, size }.range(n);
            prop_assert!(r.len() <= size);
            prop_assert!(page + 1 == pages || r.len() == size);
            seen.extend(r);
        }
        prop_assert_eq!(seen, (0..n).collect::<Vec<_>>());
        prop_assert_eq!(Paging { page: pages + 3, size }.clamp(n).page, pages - 1);
    }

    #[test]
    fn csv_reads_back_with_the_same_cells(records in prop::collection::vec(record(), 0..12)) {
        let ctx = DisplayContext { zone: Zone::Fixed { offset_minutes: 480 }, ..DisplayContext::default() };
        let cols = [Column::CallId, Column::CallerNo, Column::LogDate, Column::CallType];
        let order: Vec<usize> = (0..records.len()).rev().collect();
        let text = to_csv(&records, &order, &cols, &ctx);
        let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(body.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().unwrap_or_default();
        prop_assert_eq!(rows.len(), records.len());
        let neutral = |s: &str| {
            if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() }
        };
        for (row, &i) in rows.iter().zip(&order) {
            let r = &records[i];
            prop_assert_eq!(row.len(), 5);
            prop_assert_eq!(&row[0], neutral(r.call_id().unwrap_or("")));
            prop_assert_eq!(&row[1], neutral(r.caller_no().unwrap_or("")));
            let log = ctx.cell(r, Column::LogDate).text;
            prop_assert_eq!(&row[2], neutral(&log));
            prop_assert_eq!(&row[3], neutral(&ctx.cell(r, Column::CallType).text));
            prop_assert_eq!(&row[4], neutral(r.call_type().unwrap_or("").trim()));
        }
    }
}

proptest! {
    /// The row markup the table sets as a row's `innerHTML` reads back as the same cells:
    /// whatever a record holds (`< > & "` included), a value never ends its cell or its
    /// title early, so it can never become markup of its own.
    #[test]
    fn row_markup_reads_back_as_the_cells(r in record()) {
        let ctx = DisplayContext { zone: Zone::Fixed { offset_minutes: 480 }, ..DisplayContext::default() };
        let mut html = String::new();
        ctx.write_row_html(&r, &Column::ALL, &mut html);
        let cells: Vec<&str> = html.split_terminator("</td>").collect();
        prop_assert_eq!(cells.len(), Column::ALL.len(), "{}", html);
        for (markup, &column) in cells.iter().zip(Column::ALL.iter()) {
            let cell = ctx.cell(&r, column);
            let tag_end = markup.find('>').unwrap_or(markup.len());
            let (tag, text) = (&markup[..tag_end], markup.get(tag_end + 1..).unwrap_or(""));
            prop_assert!(tag.starts_with("<td"), "{}", markup);
            prop_assert!(!text.contains('<'), "{}", markup);
            prop_assert_eq!(html_escape::decode_html_entities(text), cell.text.as_str());
            let data_column = format!("data-column=\"{}\"", column.key());
            prop_assert!(tag.ends_with(&data_column), "{}", markup);
            prop_assert_eq!(tag.contains(" class=\"raw\""), cell.unknown);
            let title = tag.split_once(" title=\"").map(|(_, rest)| rest.split('"').next().unwrap_or(""));
            prop_assert_eq!(title.map(|t| html_escape::decode_html_entities(t).into_owned()), cell.raw);
        }
    }
}

mod share_round_trip {
    use cdr_core::query::Query;
    use cdr_core::share::{form_from_params, query_to_params};
    use cdr_core::validate::validate;
    use cdr_core::Zone;
    use proptest::prelude::*;

    /// Free text as a user might type it: separators, percent signs, plus signs, Chinese.
    fn text(max: usize) -> impl Strategy<Value = String> {
        proptest::string::string_regex(&format!("[ -~\u{4e00}-\u{4e10}é]{{0,{max}}}"))
            .unwrap_or_else(|_| unreachable!("valid regex"))
            .prop_map(|s| s.trim().to_string())
    }

    /// A Call ID field as validation leaves it: none, one ID or a list of IDs (printable,
    /// some Chinese; no separator inside an ID) joined by commas, each once.
    fn call_ids() -> impl Strategy<Value = String> {
        proptest::collection::vec("[!-+\\--~\u{4e00}-\u{4e10}é]{1,12}", 0..4).prop_map(|ids| {
            let mut once: Vec<String> = Vec::new();
            for id in ids {
                if !once.contains(&id) {
                    once.push(id);
                }
            }
            once.join(",")
        })
    }

    fn phone() -> impl Strategy<Value = String> {
        "[0-9+*#() -]{0,20}".prop_map(|s| s.trim().to_string())
    }

    /// Instants at whole seconds from 2000 to 2100, as a datetime-local field holds them.
    fn instant() -> impl Strategy<Value = Option<i64>> {
        prop_oneof![
            Just(None),
            (946_684_800i64..4_102_444_799).prop_map(|s| Some(s * 1000)),
        ]
    }

    fn zone() -> impl Strategy<Value = Zone> {
        (-840i32..=840).prop_map(|m| Zone::from_offset(m).unwrap_or_default())
    }

    fn valid_query() -> impl Strategy<Value = Query> {
        (
            ("[0-9]{1,10}", "[0-9]{1,10}", call_ids(), phone(), phone()),
            (instant(), instant()),
            (text(8), text(8), text(20)),
        )
            .prop_map(|((sub, vdn, id, caller, callee), (b, e), (ct, mt, ev))| {
                let (begin_date, end_date) = match (b, e) {
                    (Some(b), Some(e)) if b > e => (Some(e), Some(b)),
                    other => other,
                };
                Query {
                    sub_cc_no: sub,
                    vdn,
                    call_id: id,
                    caller_no: caller,
                    callee_no: callee,
                    begin_date,
                    end_date,
                    call_type: ct,
                    media_type: mt,
                    evaluation_value: ev,
                }
            })
            .prop_filter("a call ID or a date", |q| {
                !q.call_id.is_empty() || q.begin_date.is_some() || q.end_date.is_some()
            })
    }

    proptest! {
        #[test]
        fn a_shared_link_opens_the_same_search(q in valid_query(), zone in zone()) {
            let params = query_to_params(&q);
            prop_assert!(params.bytes().all(|b| b.is_ascii_graphic() && b != b'#' && b != b'+'), "{}", params);
            let form = form_from_params(&format!("?{params}&token=x"), &zone);
            prop_assert!(form.is_some());
            let back = validate(&form.unwrap_or_default(), &zone).query;
            prop_assert_eq!(back, Some(q));
        }
    }
}
