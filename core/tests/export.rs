//! CSV export as a spreadsheet user receives it.

use cdr_core::export::{export_file_name, partial_file_name, to_csv};
use cdr_core::table::{Column, DisplayContext};
use cdr_core::{Locale, Record, Zone};

fn ctx() -> DisplayContext {
    DisplayContext {
        zone: Zone::Fixed {
            offset_minutes: 480,
        },
        ..DisplayContext::default()
    }
}

#[test]
fn header_names_zone_and_splits_codes() {
    let csv = to_csv(&[], &[], &Column::ALL, &ctx());
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(
        csv.trim_start_matches('\u{feff}'),
        "Call ID,Begin (UTC+08:00),End (UTC+08:00),Duration (s),Outcome,Calling number,Called number,\
Call type,Call type code,Media type,Media type code,Leave reason,Leave reason code,\
Satisfaction,Satisfaction value,VDN,Log date (UTC+08:00)\r\n"
    );
    let zh = DisplayContext {
        locale: Locale::ZhCn,
        ..ctx()
    };
    assert!(to_csv(&[], &[], &[Column::CallType], &zh).contains("呼叫类型,呼叫类型代码"));
}

#[test]
fn rows_follow_the_given_order_with_crlf() {
    let records = vec![
        Record::builder()
            .call_id("a")
            .call_begin("1658102400000")
            .call_end("1658102445000")
            .call_type("1")
            .media_type("10")
            .build(),
        Record::builder().call_id("b").call_begin("100010").build(),
    ];
    let cols = [
        Column::CallId,
        Column::Begin,
        Column::Duration,
        Column::CallType,
        Column::MediaType,
    ];
    let csv = to_csv(&records, &[1, 0, 7], &cols, &ctx());
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines.len(), 4, "{csv:?}");
    assert_eq!(lines[1], "b,100010,,,,,");
    assert_eq!(lines[2], "a,2022-07-18 08:00:00,45,Outbound,1,10,10");
    assert_eq!(lines[3], "");
}

#[test]
fn quoting_and_formula_neutralising() {
    let records = vec![Record::builder()
        .call_id("x,\"y\"\nz")
        .caller_no("+8613800000000")
        .callee_no("=HYPERLINK(\"http://evil\")")
        .vdn("@SUM(1)")
        .build()];
    let cols = [
        Column::CallId,
        Column::CallerNo,
        Column::CalleeNo,
        Column::Vdn,
    ];
    let csv = to_csv(&records, &[0], &cols, &ctx());
    let row = csv
        .split_once("\r\n")
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    assert_eq!(
        row,
        "\"x,\"\"y\"\"\nz\",'+8613800000000,\"'=HYPERLINK(\"\"http://evil\"\")\",'@SUM(1)\r\n"
    );
}

#[test]
fn file_name_says_range_and_export_time_in_zone() {
    let cst = Zone::Fixed {
        offset_minutes: 480,
    };
    assert_eq!(
        export_file_name(
            Some(1_658_073_600_000),
            Some(1_658_160_000_000),
            1_769_563_800_000,
            &cst
        ),
        "cdr_20220718-0000_20220719-0000_exported-20260128-0930.csv"
    );
    assert_eq!(
        export_file_name(None, Some(1_658_160_000_000), 1_769_563_800_000, &cst),
        "cdr_open_20220719-0000_exported-20260128-0930.csv"
    );
    assert_eq!(
        export_file_name(None, None, 1_769_563_800_000, &Zone::Utc),
        "cdr_exported-20260128-0130.csv"
    );
}

#[test]
fn a_partial_export_says_so_in_its_name() {
    assert_eq!(
        partial_file_name("cdr_20220718-0000_20220719-0000_exported-20260128-0930.csv"),
        "cdr_20220718-0000_20220719-0000_exported-20260128-0930_partial.csv"
    );
    assert_eq!(
        partial_file_name("cdr_exported-20260128-0130.xlsx"),
        "cdr_exported-20260128-0130_partial.xlsx"
    );
}

#[test]
fn masked_export_writes_no_real_numbers() {
    let records = vec![Record::builder()
        .call_id("a")
        .caller_no("13812345678")
        .callee_no("+86 10 1234 5678")
        .build()];
    let cols = [Column::CallId, Column::CallerNo, Column::CalleeNo];
    let masked = DisplayContext {
        mask_numbers: true,
        ..ctx()
    };
    let csv = to_csv(&records, &[0], &cols, &masked);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    // The leading '+' is neutralised like any other formula-looking cell.
    assert_eq!(lines[1], "a,138****5678,'+861****5678");
    assert!(!csv.contains("1234"), "{csv:?}");
    let plain = to_csv(&records, &[0], &cols, &ctx());
    assert!(plain.contains("13812345678"));
}

#[test]
fn the_outcome_is_exported_as_its_label() {
    // Waited from 2026-11-20 08:00:00 UTC: hung up after 3 s (short), and answered.
    let records = vec![
        Record::builder()
            .call_id("a")
            .wait_begin("1795132800000")
            .call_end("1795132803000")
            .leave_reason("89")
            .build(),
        Record::builder()
            .call_id("b")
            .ack_begin("1795132810000")
            .leave_reason("88")
            .build(),
    ];
    let csv = to_csv(
        &records,
        &[1, 0],
        &[Column::CallId, Column::Outcome],
        &ctx(),
    );
    assert_eq!(
        csv.trim_start_matches('\u{feff}'),
        "Call ID,Outcome\r\nb,Answered\r\na,Short abandon\r\n"
    );
    let zh = DisplayContext {
        locale: Locale::ZhCn,
        ..ctx()
    };
    assert_eq!(
        to_csv(&records, &[0], &[Column::Outcome], &zh).trim_start_matches('\u{feff}'),
        "呼叫结果\r\n短时放弃\r\n"
    );
}
