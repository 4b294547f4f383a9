//! The stream against the whole-body path: for any body, cut into any chunks, the records
//! handed out and the ending give exactly what `interpret` gives for the whole body.

use proptest::prelude::*;

use super::*;

/// What the stream makes of `body` fed in chunks of these sizes (cycled), as the
/// whole-body path's type, and how many records were out before the last chunk.
fn streamed(status: u16, body: &[u8], sizes: &[usize]) -> (Result<Decoded, Failure>, usize) {
    let mut stream = AnswerStream::new(status, 0);
    let mut out = Vec::new();
    let mut rest = body;
    let mut sizes = sizes.iter().copied().cycle();
    let mut before_last = 0;
    while !rest.is_empty() {
        let n = sizes.next().unwrap_or(1).clamp(1, rest.len());
        let (chunk, tail) = rest.split_at(n);
        before_last = out.len();
        stream.push(chunk, &mut out);
        rest = tail;
    }
    let ending = stream.finish(&mut out);
    let outcome = match ending {
        Ending::Whole { total, skipped } => Ok(Decoded {
            total,
            records: out,
            skipped,
        }),
        Ending::Reread(outcome) => outcome,
    };
    (outcome, before_last)
}

fn whole(status: u16, body: &[u8]) -> Result<Decoded, Failure> {
    interpret(status, &body_text(body.to_vec()))
}

fn record_json(i: usize) -> String {
    format!(
        r#"{{"callId":"1700000000-{i}","callBegin":"{}","mediatype":5,"vdn":1,"evaluationValue":null,"x":{{"y":[1,2,{{"z":"\"q\\"}}]}}}}"#,
        1_700_000_000_000u64 + i as u64
    )
}

fn answer(n: usize, total_first: bool) -> String {
    let records: Vec<String> = (0..n).map(record_json).collect();
    if total_first {
        format!(r#"{{"total": {n}, "results": [{}]}}"#, records.join(", "))
    } else {
        format!(r#"{{ "results":[{}] ,"total":"{n}" }}"#, records.join(","))
    }
}

#[test]
fn a_plain_answer_in_small_chunks_is_whole_and_read_before_its_end() {
    let body = answer(50, true);
    let (outcome, before_last) = streamed(200, body.as_bytes(), &[37]);
    assert_eq!(outcome, whole(200, body.as_bytes()));
    let decoded = outcome.expect("decodes");
    assert_eq!(decoded.records.len(), 50);
    assert_eq!(decoded.total, Some(50));
    // All but the last few records were handed out before the body ended.
    assert!(
        before_last >= 45,
        "only {before_last} records before the last chunk"
    );
}

#[test]
fn the_total_after_the_records_is_read_too() {
    let body = answer(20, false);
    let mut stream = AnswerStream::new(200, body.len());
    let mut out = Vec::new();
    let (head, tail) = body.as_bytes().split_at(body.len() - 15);
    stream.push(head, &mut out);
    assert!(out.len() >= 19, "{} records out", out.len());
    assert_eq!(stream.total(), None);
    stream.push(tail, &mut out);
    assert_eq!(
        stream.finish(&mut out),
        Ending::Whole {
            total: Some(20),
            skipped: 0
        }
    );
    assert_eq!(out.len(), 20);
}

#[test]
fn a_body_cut_short_keeps_its_records_and_says_why_as_the_whole_body_would() {
    let body = answer(30, true);
    let cut = &body.as_bytes()[..body.len() / 2];
    let mut stream = AnswerStream::new(200, 0);
    let mut out = Vec::new();
    stream.push(cut, &mut out);
    let shown = out.len();
    assert!(shown > 10);
    let ending = stream.finish(&mut out);
    assert_eq!(ending, Ending::Reread(whole(200, cut)));
    assert!(matches!(ending, Ending::Reread(Err(Failure::Decode(_)))));
    assert_eq!(out.len(), shown, "the records already out stay");
}

#[test]
fn unusual_bodies_are_reread_whole() {
    for body in [
        "",
        "   ",
        "\u{feff}{\"total\":1,\"results\":[{}]}",
        "<html><body>502 Bad Gateway</body></html>",
        "[1,2]",
        r#"{"total":2,"results":{"a":1}}"#,
        r#"{"total":2}"#,
        r#"{"total":0,"results":null}"#,
        r#"{"results":[{"callId":"a"}],"results":[{"callId":"b"}]}"#,
        r#"{"results":[{"callId":"a"},]}"#,
        r#"{"results":[{"callId":"a"}]} x"#,
        r#"{"res\u0075lts":[{"callId":"a"}],"total":1}"#,
    ] {
        for sizes in [[1usize], [3], [1000]] {
            let (outcome, _) = streamed(200, body.as_bytes(), &sizes);
            assert_eq!(
                outcome,
                whole(200, body.as_bytes()),
                "{body:?} in {sizes:?}"
            );
        }
    }
}

/// A record read on its own starts lower than in the whole body, where serde_json counts
/// levels from the top (its limit is 128): records nested around and far past that limit,
/// wherever the nesting is (a field's value, a member that is no field, an entry that is a
/// list), read as the whole body does, in one piece or in small chunks.
#[test]
fn deeply_nested_records_read_as_the_whole_body_does() {
    for depth in [100, 120, 125, 126, 127, 130, 1_000] {
        let nested = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        for entry in [
            format!(r#"{{"callId":"a","vdn":{nested}}}"#),
            format!(r#"{{"callId":"a","extra":{nested}}}"#),
            format!(r#"{{"callId":"a","extra":{{"x":{nested}}}}}"#),
            nested.clone(),
        ] {
            let body = format!(r#"{{"total":2,"results":[{{"callId":"b"}},{entry}]}}"#);
            for sizes in [[1usize], [7], [100_000]] {
                let (outcome, _) = streamed(200, body.as_bytes(), &sizes);
                assert_eq!(
                    outcome,
                    whole(200, body.as_bytes()),
                    "depth {depth}, {entry:.40} in {sizes:?}"
                );
            }
        }
    }
}

#[test]
fn other_statuses_are_read_whole() {
    for status in [400, 401, 404, 500, 502] {
        let body = answer(3, true);
        let (outcome, before_last) = streamed(status, body.as_bytes(), &[10]);
        assert_eq!(outcome, whole(status, body.as_bytes()));
        assert_eq!(before_last, 0);
    }
}

#[test]
fn a_huge_member_is_read_in_linear_time() {
    // 10 MiB of padding beside the records, in 64 KiB chunks: each try at the padding
    // waits for twice the bytes of the last, so the bytes parsed stay a few times the body.
    let padding = "x".repeat(10 << 20);
    let body = format!(
        r#"{{"padding":"{padding}","total":2,"results":[{},{}]}}"#,
        record_json(1),
        record_json(2)
    );
    let mut stream = AnswerStream::new(200, body.len());
    let mut out = Vec::new();
    let mut tries = 0;
    for chunk in body.as_bytes().chunks(64 << 10) {
        let before = stream.retry_at;
        stream.push(chunk, &mut out);
        if stream.retry_at != before {
            tries += 1;
        }
    }
    assert!(tries < 20, "{tries} tries at the padding");
    assert!(matches!(
        stream.finish(&mut out),
        Ending::Whole { total: Some(2), .. }
    ));
    assert_eq!(out.len(), 2);
}

/// A JSON value of the kinds answers hold, as text.
fn value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        Just("false".to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        (-1e6f64..1e6).prop_map(|f| format!("{f}")),
        "[a-z0-9 +\u{4e2d}\u{00e9}-]{0,12}".prop_map(|s| format!("\"{s}\"")),
        Just(r#""esc\"aped\\ \u00e9 \n""#.to_string()),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(("[a-zA-Z]{1,8}", inner), 0..4).prop_map(|v| {
                let members: Vec<String> =
                    v.into_iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
}

const FIELDS: &[&str] = &[
    "callId",
    "callBegin",
    "callEnd",
    "ackBegin",
    "waitBegin",
    "mediatype",
    "mediaType",
    "callType",
    "leaveReason",
    "evaluationValue",
    "vdn",
    "callerNo",
    "calleeNo",
    "other",
];

/// A record: an object of known and unknown fields, or now and then any other value.
fn entry() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::collection::vec((prop::sample::select(FIELDS), value()), 0..6).prop_map(|v| {
            let members: Vec<String> =
                v.into_iter().map(|(k, v)| format!("\"{k}\" : {v}")).collect();
            format!("{{{}}}", members.join(" ,"))
        }),
        1 => value(),
    ]
}

/// An answer-like body: `total` before, after or missing, other members, white space.
fn body() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(entry(), 0..12),
        prop_oneof![
            Just(None),
            (0u64..30).prop_map(|n| Some(n.to_string())),
            (0u64..30).prop_map(|n| Some(format!("\"{n}\""))),
            value().prop_map(Some)
        ],
        any::<bool>(),
        prop::option::of(value()),
        prop::sample::select(vec!["", " ", "\n\t", "\r\n  "]),
    )
        .prop_map(|(entries, total, total_first, other, ws)| {
            let mut members = Vec::new();
            let results = format!(
                "\"results\"{ws}:{ws}[{ws}{}{ws}]",
                entries.join(&format!(",{ws}"))
            );
            if let Some(other) = other {
                members.push(format!("\"other\":{other}"));
            }
            match (total, total_first) {
                (Some(t), true) => {
                    members.push(format!("\"Total\":{t}"));
                    members.push(results);
                }
                (Some(t), false) => {
                    members.push(results);
                    members.push(format!("\"total\": {t}"));
                }
                (None, _) => members.push(results),
            }
            format!(
                "{ws}{{{ws}{}{ws}}}{ws}",
                members.join(&format!("{ws},{ws}"))
            )
        })
}

/// What can go wrong with a body on the way.
#[derive(Clone, Debug)]
enum Damage {
    None,
    Cut(usize),
    Insert(usize, u8),
    Remove(usize),
    Append(String),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        4 => Just(Damage::None),
        1 => any::<usize>().prop_map(Damage::Cut),
        1 => (any::<usize>(), prop::sample::select(b"{}[],:\"\\ 0a\xff\x01".to_vec()))
            .prop_map(|(i, b)| Damage::Insert(i, b)),
        1 => any::<usize>().prop_map(Damage::Remove),
        1 => prop::sample::select(vec![" x", "}", ",", "\u{feff}"]).prop_map(|s| Damage::Append(s.to_string())),
    ]
}

fn damaged(body: String, damage: &Damage) -> Vec<u8> {
    let mut bytes = body.into_bytes();
    match damage {
        Damage::None => {}
        Damage::Cut(i) => bytes.truncate(i % (bytes.len() + 1)),
        Damage::Insert(i, b) => {
            let i = i % (bytes.len() + 1);
            bytes.insert(i, *b);
        }
        Damage::Remove(i) => {
            if !bytes.is_empty() {
                let i = i % bytes.len();
                bytes.remove(i);
            }
        }
        Damage::Append(s) => bytes.extend_from_slice(s.as_bytes()),
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn any_body_in_any_chunks_reads_as_the_whole_body_does(
        body in body(),
        damage in damage(),
        sizes in prop::collection::vec(1usize..64, 1..8),
        status in prop::sample::select(vec![200u16, 200, 200, 204, 500]),
    ) {
        let bytes = damaged(body, &damage);
        let (outcome, _) = streamed(status, &bytes, &sizes);
        prop_assert_eq!(outcome, whole(status, &bytes));
    }

    #[test]
    fn an_undamaged_answer_is_never_reread(
        body in body(),
        sizes in prop::collection::vec(1usize..64, 1..8),
    ) {
        // Whenever the whole body decodes, the stream followed it to the end itself
        // (unless `total` is something odd, which the stream also reads the same way).
        let mut stream = AnswerStream::new(200, 0);
        let mut out = Vec::new();
        let mut rest = body.as_bytes();
        for n in sizes.iter().cycle() {
            if rest.is_empty() { break; }
            let (chunk, tail) = rest.split_at((*n).min(rest.len()));
            stream.push(chunk, &mut out);
            rest = tail;
        }
        let decodes = whole(200, body.as_bytes()).is_ok();
        let ending = stream.finish(&mut out);
        if decodes {
            prop_assert!(matches!(ending, Ending::Whole { .. }), "reread: {body}");
        }
    }
}
