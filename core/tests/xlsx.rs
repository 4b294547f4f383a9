//! The Excel export as a spreadsheet reads it: workbooks written by `cdr_core::xlsx` and
//! read back with calamine, checking what Excel would store in each cell.

use std::io::Cursor;
use std::sync::OnceLock;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use cdr_core::summary::summarize;
use cdr_core::table::{Column, DisplayContext};
use cdr_core::xlsx::{
    calls_sheet, column_width, summary_kpis, write_workbook, ExcelExport, KpiRow, KpiValue,
    SheetCell, DATE_TIME_FORMAT, DATE_TIME_WIDTH,
};
use cdr_core::{Locale, Record, Zone, ZoneRules};
use jiff::tz::{TimeZone, TimeZoneDatabase};
use jiff::Timestamp;

/// Shanghai, fixed at +08:00 since 1991.
fn shanghai() -> Zone {
    named("Asia/Shanghai")
}

/// A zone's rules from jiff's bundled IANA database (2000 to 2100), as the page builds them
/// from the browser's.
fn named(name: &str) -> Zone {
    static DB: OnceLock<TimeZoneDatabase> = OnceLock::new();
    let tz: TimeZone = DB
        .get_or_init(TimeZoneDatabase::bundled)
        .get(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let rules = ZoneRules::build(name, 946_684_800_000, 4_102_444_800_000, |ms| {
        Timestamp::from_millisecond(ms)
            .ok()
            .map(|t| tz.to_offset(t).seconds())
    })
    .unwrap_or_else(|e| panic!("{name}: {e}"));
    Zone::named(rules)
}

fn ctx(zone: Zone, locale: Locale) -> DisplayContext {
    DisplayContext {
        zone,
        locale,
        ..DisplayContext::default()
    }
}

/// Writes the records (in their order) with `columns` and reads the two sheets back:
/// (calls values, calls formulas, KPIs values, sheet names).
fn round_trip(
    records: &[Record],
    columns: &[Column],
    ctx: &DisplayContext,
    note: Option<String>,
    kpis: Vec<KpiRow>,
) -> (Range<Data>, Range<String>, Range<Data>, Vec<String>) {
    let order: Vec<usize> = (0..records.len()).collect();
    let book = ExcelExport {
        locale: ctx.locale,
        calls: calls_sheet(records, &order, columns, ctx, note),
        kpis,
    };
    let bytes = write_workbook(&book).expect("the workbook is written");
    assert!(bytes.starts_with(b"PK"), "an .xlsx is a zip file");
    let mut xlsx: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("calamine opens it");
    let names = xlsx.sheet_names();
    let calls = xlsx.worksheet_range(&names[0]).expect("first sheet");
    let formulas = xlsx.worksheet_formula(&names[0]).expect("its formulas");
    let kpis = xlsx.worksheet_range(&names[1]).expect("second sheet");
    (calls, formulas, kpis, names)
}

fn at(range: &Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn string(s: &str) -> Data {
    Data::String(s.to_string())
}

/// The wall time of a date-time cell, `"YYYY-MM-DD hh:mm:ss"`, computed from its serial
/// number by jiff (not by the code under test); panics when the cell is not a date-time.
fn wall(cell: &Data) -> String {
    let Data::DateTime(dt) = cell else {
        panic!("not a date-time cell: {cell:?}");
    };
    assert!(dt.is_datetime(), "{dt:?}");
    let ms = ((dt.as_f64() - 25_569.0) * 86_400_000.0).round() as i64;
    let t = Timestamp::from_millisecond(ms).expect("in range");
    // A civil date-time prints as "2022-07-18T08:00:00".
    TimeZone::UTC.to_datetime(t).to_string().replace('T', " ")
}

#[test]
fn numbers_and_ids_are_text_cells_never_numbers_or_formulas() {
    let records = vec![
        Record::builder()
            .call_id("8613812345678")
            .caller_no("+8613800000000")
            .callee_no("007")
            .vdn("=1+1")
            .build(),
        Record::builder()
            .call_id("1658102400-12")
            .caller_no("@SUM(A1)")
            .callee_no("-5")
            .build(),
    ];
    let cols = [
        Column::CallId,
        Column::CallerNo,
        Column::CalleeNo,
        Column::Vdn,
    ];
    let (calls, formulas, _, _) = round_trip(
        &records,
        &cols,
        &ctx(shanghai(), Locale::En),
        None,
        Vec::new(),
    );
    assert_eq!(
        at(&calls, 0, 0),
        string("Call ID"),
        "the header is the first row"
    );
    // Exactly the text: no E+ notation, no lost zero, no apostrophe guard.
    assert_eq!(at(&calls, 1, 0), string("8613812345678"));
    assert_eq!(at(&calls, 1, 1), string("+8613800000000"));
    assert_eq!(at(&calls, 1, 2), string("007"));
    assert_eq!(at(&calls, 1, 3), string("=1+1"));
    assert_eq!(at(&calls, 2, 1), string("@SUM(A1)"));
    assert_eq!(at(&calls, 2, 2), string("-5"));
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no cell is a formula: {formulas:?}"
    );
}

#[test]
fn times_are_date_times_on_the_zones_clock_with_the_zone_in_the_header() {
    // 2022-07-18 00:00:00Z = 08:00 in Shanghai; the talk lasts 45 s.
    let records = vec![Record::builder()
        .call_id("a")
        .call_begin("1658102400000")
        .call_end("1658102445000")
        .build()];
    let cols = [Column::Begin, Column::End, Column::Duration, Column::CallId];
    let (calls, _, _, _) = round_trip(
        &records,
        &cols,
        &ctx(shanghai(), Locale::En),
        None,
        Vec::new(),
    );
    assert_eq!(at(&calls, 0, 0), string("Begin (Asia/Shanghai, UTC+08:00)"));
    assert_eq!(at(&calls, 0, 1), string("End (Asia/Shanghai, UTC+08:00)"));
    assert_eq!(at(&calls, 0, 2), string("Duration (s)"));
    assert_eq!(wall(&at(&calls, 1, 0)), "2022-07-18 08:00:00");
    assert_eq!(wall(&at(&calls, 1, 1)), "2022-07-18 08:00:45");
    assert_eq!(at(&calls, 1, 2), Data::Float(45.0), "seconds, as a number");
    assert_eq!(at(&calls, 1, 3), string("a"));
    assert_eq!(DATE_TIME_FORMAT, "yyyy-mm-dd hh:mm:ss");
}

#[test]
fn across_a_clock_change_each_time_is_its_own_wall_time_with_its_offset() {
    // Berlin turned its clocks back on 2024-10-27 at 03:00 CEST (01:00Z) to 02:00 CET.
    // 00:30Z = 02:30 CEST (+02:00), 01:30Z = 02:30 CET (+01:00): the repeated hour.
    let records = vec![
        Record::builder()
            .call_id("before")
            .call_begin("1729989000000")
            .build(),
        Record::builder()
            .call_id("after")
            .call_begin("1729992600000")
            .build(),
        Record::builder()
            .call_id("raw")
            .call_begin("100010")
            .build(),
    ];
    let cols = [Column::CallId, Column::Begin];
    let (calls, _, _, _) = round_trip(
        &records,
        &cols,
        &ctx(named("Europe/Berlin"), Locale::En),
        None,
        Vec::new(),
    );
    assert_eq!(at(&calls, 0, 1), string("Begin (Europe/Berlin)"));
    assert_eq!(at(&calls, 0, 2), string("Begin UTC offset"));
    assert_eq!(wall(&at(&calls, 1, 1)), "2024-10-27 02:30:00");
    assert_eq!(at(&calls, 1, 2), string("+02:00"));
    assert_eq!(wall(&at(&calls, 2, 1)), "2024-10-27 02:30:00");
    assert_eq!(at(&calls, 2, 2), string("+01:00"));
    // Not a plausible time: as received, as text.
    assert_eq!(at(&calls, 3, 1), string("100010"));
    assert_eq!(at(&calls, 3, 2), Data::Empty);
}

#[test]
fn columns_follow_the_visible_order_with_labels_masking_and_chinese_headers() {
    let records = vec![Record::builder()
        .call_id("x1")
        .call_type("1")
        .media_type("10")
        .caller_no("13812345678")
        .call_begin("1658102400000")
        .call_end("1658102460000")
        .build()];
    let cols = [
        Column::MediaType,
        Column::CallerNo,
        Column::Duration,
        Column::CallType,
        Column::Begin,
        Column::CallId,
    ];
    let zh = DisplayContext {
        mask_numbers: true,
        ..ctx(shanghai(), Locale::ZhCn)
    };
    let en_cells = {
        let (calls, _, _, _) = round_trip(
            &records,
            &cols,
            &ctx(shanghai(), Locale::En),
            None,
            Vec::new(),
        );
        (0..6).map(|c| at(&calls, 0, c)).collect::<Vec<_>>()
    };
    assert_eq!(
        en_cells,
        [
            string("Media type"),
            string("Calling number"),
            string("Duration (s)"),
            string("Call type"),
            string("Begin (Asia/Shanghai, UTC+08:00)"),
            string("Call ID"),
        ]
    );
    let (calls, _, _, names) = round_trip(&records, &cols, &zh, None, Vec::new());
    assert_eq!(names, ["通话记录", "指标"]);
    assert_eq!(at(&calls, 0, 1), string("主叫号码"));
    assert_eq!(at(&calls, 0, 2), string("呼叫时长（秒）"));
    assert_eq!(
        at(&calls, 0, 4),
        string("开始时间 (Asia/Shanghai, UTC+08:00)")
    );
    assert_eq!(
        at(&calls, 1, 1),
        string("138****5678"),
        "masked stays masked"
    );
    assert_eq!(at(&calls, 1, 2), Data::Float(60.0));
    // Codes as the table labels them, in the locale.
    let shown = |c: Column| zh.cell(&records[0], c).text;
    assert_eq!(at(&calls, 1, 0), string(&shown(Column::MediaType)));
    assert_eq!(at(&calls, 1, 3), string(&shown(Column::CallType)));
    assert_ne!(shown(Column::CallType), "1", "a label, not the code");
    assert_eq!(wall(&at(&calls, 1, 4)), "2022-07-18 08:00:00");
    assert_eq!(at(&calls, 1, 5), string("x1"));
}

#[test]
fn the_kpi_sheet_lists_name_value_and_definition_and_a_partial_note_leads() {
    let records = vec![
        Record::builder()
            .call_id("a")
            .call_begin("1658102400000")
            .ack_begin("1658102410000")
            .call_end("1658102440000")
            .evaluation_value("5")
            .build(),
        Record::builder()
            .call_id("b")
            .call_begin("1658102400000")
            .ack_begin("1658102410000")
            .call_end("1658102500000")
            .build(),
    ];
    let c = ctx(shanghai(), Locale::En);
    let summary = summarize(&records, &[0, 1], &c);
    let mut kpis = summary_kpis(&summary, Locale::En);
    kpis.push(KpiRow {
        name: "Service level".into(),
        value: KpiValue::Text("n/a".into()),
        definition: "Added by the caller.".into(),
    });
    let note = "Partial: 2 of 10 calls loaded".to_string();
    let (calls, _, sheet, names) =
        round_trip(&records, &[Column::CallId], &c, Some(note.clone()), kpis);
    assert_eq!(names, ["Calls", "KPIs"]);
    assert_eq!(at(&calls, 0, 0), string(&note), "the warning comes first");
    assert_eq!(at(&calls, 1, 0), string("Call ID"));
    assert_eq!(at(&calls, 2, 0), string("a"));
    assert_eq!(at(&sheet, 0, 0), string(&note));
    assert_eq!(
        (1..4).map(|col| at(&sheet, 1, col - 1)).collect::<Vec<_>>(),
        [string("KPI"), string("Value"), string("Definition")]
    );
    assert_eq!(at(&sheet, 2, 0), string("Calls"));
    assert_eq!(at(&sheet, 2, 1), Data::Float(2.0));
    assert_eq!(at(&sheet, 3, 0), string("Rated calls"));
    assert_eq!(at(&sheet, 3, 1), Data::Float(1.0));
    assert_eq!(at(&sheet, 5, 0), string("Average talk time (s)"));
    assert_eq!(at(&sheet, 5, 1), Data::Float(60.0), "(30 s + 90 s) / 2");
    assert!(matches!(at(&sheet, 5, 2), Data::String(d) if d.contains("ackBegin to callEnd")));
    // The speed of answer: no waitBegin, so from callBegin.
    assert_eq!(at(&sheet, 4, 1), Data::Float(10.0));
    assert_eq!(at(&sheet, 6, 1), string("n/a"));

    let zh = summary_kpis(&summary, Locale::ZhCn);
    assert_eq!(zh[0].name, "通话数");
    assert!(zh.iter().all(|k| !k.definition.is_ascii()), "{zh:?}");
}

#[test]
fn text_past_excels_cell_limit_is_cut_not_refused() {
    let long = "字".repeat(40_000);
    let records = vec![Record::builder().call_id(&long).build()];
    let (calls, _, _, _) = round_trip(
        &records,
        &[Column::CallId],
        &ctx(Zone::Utc, Locale::En),
        None,
        Vec::new(),
    );
    let Data::String(s) = at(&calls, 1, 0) else {
        panic!("text");
    };
    assert_eq!(s.chars().count(), 32_767);
}

#[test]
fn the_outcome_is_a_text_cell_with_the_tables_label() {
    // Answered (an answer time), abandoned before an answer (leave reason 89, a 30 s wait).
    let answered = Record::builder()
        .call_id("1")
        .wait_begin("1764547200000")
        .ack_begin("1764547205000")
        .call_end("1764547265000")
        .build();
    let abandoned = Record::builder()
        .call_id("2")
        .wait_begin("1764547200000")
        .call_end("1764547230000")
        .leave_reason("89")
        .build();
    let records = [answered, abandoned];
    let c = ctx(shanghai(), Locale::En);
    let (calls, _, _, _) = round_trip(
        &records,
        &[Column::CallId, Column::Outcome],
        &c,
        None,
        Vec::new(),
    );
    assert_eq!(
        at(&calls, 0, 1),
        string("Outcome"),
        "no unit: it is not a duration"
    );
    for (row, record) in records.iter().enumerate() {
        let shown = c.cell(record, Column::Outcome).text;
        assert!(!shown.is_empty());
        assert_eq!(at(&calls, row as u32 + 1, 1), string(&shown));
    }
    assert_ne!(at(&calls, 1, 1), at(&calls, 2, 1), "two outcomes");
}

#[test]
fn columns_are_wide_enough_for_their_values_not_only_their_headers() {
    // A Call ID of 19 characters under a 7-character header was cut when the workbook
    // opened (a new user's trial).
    let call_ids = [
        SheetCell::Text("1795477708-17964545".into()),
        SheetCell::Text("17954".into()),
        SheetCell::Empty,
    ];
    assert!(column_width("Call ID", call_ids.iter()) >= 19.0 + 1.0);
    // Short values: the header decides, 10 at least.
    let codes = [SheetCell::Text("0".into()), SheetCell::Number(12.0)];
    assert_eq!(column_width("Call type", codes.iter()), 11.0);
    assert_eq!(column_width("VDN", codes.iter()), 10.0);
    // Chinese text is drawn about twice as wide.
    let labels = [SheetCell::Text("坐席拒接（49）".into())];
    assert!(column_width("离开原因", labels.iter()) >= 16.0);
    // Times have the date-time width; a very long text stops at 60.
    let times = [SheetCell::Empty, SheetCell::DateTime(46_000.5)];
    assert_eq!(column_width("Begin", times.iter()), DATE_TIME_WIDTH);
    let zone = "Begin (America/Argentina/Buenos_Aires)";
    assert_eq!(column_width(zone, times.iter()), zone.len() as f64 + 2.0);
    let long = [SheetCell::Text("x".repeat(500))];
    assert_eq!(column_width("Note", long.iter()), 60.0);
}
