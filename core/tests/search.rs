//! The quick filter's index gives exactly what `filter_indices` (the reference: it scans and
//! formats every record for every needle) gives, for any records, context and needles:
//! typed one character at a time (narrowing), erased, replaced, and while the list grows.

use std::collections::BTreeMap;

use cdr_core::codes::EvaluationLabels;
use cdr_core::search::SearchIndex;
use cdr_core::table::{filter_indices, DisplayContext};
use cdr_core::{Locale, Record, RecordField, Zone};
use proptest::prelude::*;

/// Values that exercise every way the filter matches: codes (padded, with `.0`, unknown),
/// satisfaction keys with and without spaces, times (epoch ms, as floats, not times),
/// phones, case in four scripts, Chinese, NULs and separators.
fn value() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(String::new())),
        3 => (0..12u32).prop_map(|n| Some(n.to_string())),
        1 => prop::sample::select(vec![" 1", "01", "2.0", " 2 ", "5", "1\0", "x1"])
            .prop_map(|s| Some(s.to_string())),
        3 => (1_600_000_000_000..1_800_000_000_000i64).prop_map(|n| Some(n.to_string())),
        1 => (1_600_000_000_000..1_800_000_000_000i64).prop_map(|n| Some(format!("{n}.0"))),
        2 => "\\+?[0-9]{3,12}".prop_map(Some),
        3 => "[a-zA-Z0-9 :\\-\\*\0ÀÉçΣσЖжЁё视频无应答]{0,10}".prop_map(Some),
    ]
}

fn record() -> impl Strategy<Value = Record> {
    prop::collection::vec(value(), RecordField::ALL.len()).prop_map(|values| {
        let mut b = Record::builder();
        for (field, v) in RecordField::ALL.into_iter().zip(values) {
            b = b.with(field, v.as_deref());
        }
        b.build()
    })
}

fn context() -> impl Strategy<Value = DisplayContext> {
    (
        prop::sample::select(vec![Locale::En, Locale::ZhCn]),
        prop::sample::select(vec![
            Zone::Utc,
            Zone::Fixed {
                offset_minutes: 480,
            },
            Zone::Fixed {
                offset_minutes: -330,
            },
        ]),
        any::<bool>(),
        any::<bool>(),
        0u32..10,
    )
        .prop_map(
            |(locale, zone, mask_numbers, labelled, short_abandon_seconds)| {
                let labels = if labelled {
                    BTreeMap::from([
                        ("1".to_string(), "Très satisfait".to_string()),
                        (" 2".to_string(), "ДОВОЛЕН".to_string()),
                        ("2".to_string(), "Ικανοποιημένος".to_string()),
                        ("5".to_string(), "非常满意".to_string()),
                    ])
                } else {
                    BTreeMap::new()
                };
                DisplayContext {
                    zone,
                    locale,
                    evaluation_labels: EvaluationLabels(labels),
                    mask_numbers,
                    short_abandon_seconds,
                }
            },
        )
}

/// Needles: label words, time pieces, masked digits, case variants, NULs, spaces around.
fn needle() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "video",
            "VIDEO",
            "Voice",
            "call",
            "in",
            "out",
            "视频",
            "abandon",
            "Answered",
            "short",
            "放弃",
            "未知",
            "满意",
            "très",
            "ДОВОЛ",
            "ικανο",
            "ё",
            "Ё",
            "À",
            "2026-",
            "2025-0",
            "-1",
            ":0",
            "1:",
            " 1",
            "0 ",
            "****",
            "1*",
            "+",
            "0:0",
            "\0",
            "1\0",
            "x",
            "0",
            "1",
            "2",
            "5",
            "11",
            "2.0",
            "01",
        ])
        .prop_map(str::to_string),
        "[ a-zA-Z0-9:\\- \\*]{1,6}",
        "[0-9]{1,4}",
    ]
}

/// What the app does: needles typed one character at a time, with a few erased.
fn typed(needles: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for n in needles {
        let chars: Vec<char> = n.chars().collect();
        for k in 0..=chars.len() {
            out.push(chars[..k].iter().collect());
        }
        out.push(chars.iter().take(chars.len() / 2).collect());
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn the_index_matches_what_the_filter_matches(
        records in prop::collection::vec(record(), 0..40),
        ctx in context(),
        needles in prop::collection::vec(needle(), 1..5),
    ) {
        let mut index = SearchIndex::build(&records, &ctx);
        prop_assert_eq!(index.len(), records.len());
        for needle in typed(&needles) {
            let expected = filter_indices(&records, &needle, &ctx);
            prop_assert_eq!(index.matches(&needle), expected, "needle {:?}", needle);
        }
    }

    #[test]
    fn an_extended_index_matches_what_the_filter_matches(
        records in prop::collection::vec(record(), 0..40),
        cuts in prop::collection::vec(0..40usize, 0..4),
        ctx in context(),
        needles in prop::collection::vec(needle(), 1..4),
    ) {
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(records.len())).collect();
        cuts.sort_unstable();
        cuts.push(records.len());
        let mut index = SearchIndex::new(&ctx);
        let typed = typed(&needles);
        let mut step = 0;
        // The list grows between keystrokes, as it does while a load runs.
        for &cut in &cuts {
            index.extend_to(&records[..cut]);
            prop_assert_eq!(index.len(), cut);
            for needle in typed.iter().skip(step).take(3) {
                let expected = filter_indices(&records[..cut], needle, &ctx);
                prop_assert_eq!(index.matches(needle), expected, "needle {:?} at {}", needle, cut);
            }
            step += 3;
        }
        for needle in &typed {
            let expected = filter_indices(&records, needle, &ctx);
            prop_assert_eq!(index.matches(needle), expected, "needle {:?}", needle);
        }
    }
}

fn rec(fields: &[(RecordField, &str)]) -> Record {
    Record::from_fields(fields.iter().copied())
}

#[test]
fn a_needle_never_matches_across_two_values() {
    // "…5678" then "1…": a scan over the joined texts without end marks would find "78 1"
    // or "781".
    let records = vec![rec(&[
        (RecordField::CallerNo, "13812345678"),
        (RecordField::CalleeNo, "1"),
    ])];
    let ctx = DisplayContext::default();
    let mut index = SearchIndex::build(&records, &ctx);
    assert_eq!(index.matches("781"), Vec::<usize>::new());
    assert_eq!(index.matches("5678"), [0]);
    assert_eq!(filter_indices(&records, "781", &ctx), Vec::<usize>::new());
}

#[test]
fn a_needle_with_a_nul_matches_only_a_value_holding_it() {
    let records = vec![
        rec(&[(RecordField::CallId, "a\0b")]),
        rec(&[(RecordField::CallId, "a"), (RecordField::Vdn, "b")]),
    ];
    let ctx = DisplayContext::default();
    let mut index = SearchIndex::build(&records, &ctx);
    assert_eq!(index.matches("a\0b"), [0]);
    assert_eq!(index.matches("a\0"), [0]);
    assert_eq!(index.matches("\0"), [0]);
    assert_eq!(filter_indices(&records, "a\0", &ctx), [0]);
}

#[test]
fn typing_narrows_and_erasing_widens() {
    let records = vec![
        rec(&[(RecordField::CallId, "ab1")]),
        rec(&[(RecordField::CallId, "AB2")]),
        rec(&[(RecordField::CallId, "xb2")]),
    ];
    let ctx = DisplayContext::default();
    let mut index = SearchIndex::build(&records, &ctx);
    assert_eq!(index.matches("b"), [0, 1, 2]);
    assert_eq!(index.matches("ab"), [0, 1]);
    assert_eq!(index.matches("aB2"), [1]);
    assert_eq!(index.matches("b2"), [1, 2]);
    assert_eq!(index.matches(""), [0, 1, 2]);
    // Records appended after a search are searched too when the needle grows.
    index.extend(&[rec(&[(RecordField::CallId, "ab2")])]);
    assert_eq!(index.matches("b2 ").len(), 3);
    assert_eq!(index.matches("ab2"), [1, 3]);
}
