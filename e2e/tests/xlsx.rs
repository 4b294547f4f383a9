//! End-to-end: the Excel export (issue #18). "Excel (.xlsx)" downloads a workbook whose
//! cells are typed as the table shows them: Call IDs, numbers and formula-like text as
//! text cells (no apostrophe, no formula), times as date-times on the shown zone's clock,
//! the talk time as seconds, the visible columns in their order, and a KPI sheet; in
//! Chinese too. The writer is its own wasm file, fetched on the first click only; when it
//! cannot be fetched, the page says so and the rest keeps working.

use std::io::Cursor;
use std::path::Path;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use cdr_e2e::page::css;
use cdr_e2e::{dist_dir, Session, Setup};
use cdr_sim::hostile::{self, AT_SUM, CMD_DDE, EQ_CMD, HYPERLINK_FORMULA, MINUS_FORMULA};
use serde_json::Value;

/// The Call ID every record of the hostile scenario answers to.
const CALL_ID: &str = "1669464198-17002955";

/// The header titles of the table, left to right (the sort mark left out).
const TABLE_TITLES: &str = "return [...document.querySelectorAll('thead th')].map(th => th.querySelector('button').firstChild.textContent);";
/// The visible columns' keys, left to right.
const TABLE_KEYS: &str =
    "return [...document.querySelectorAll('thead th')].map(th => th.dataset.column);";

/// How many times the page fetched the Excel writer's wasm file.
const XLSX_FETCHES: &str = "return performance.getEntriesByType('resource').filter(e => /split_xlsx-[0-9a-f]+\\.wasm/.test(e.name)).length;";

fn strings(v: Value) -> Vec<String> {
    serde_json::from_value(v).unwrap_or_default()
}

/// The workbook's sheets: names, then the first two sheets and the first one's formulas.
fn read(bytes: Vec<u8>) -> (Vec<String>, Range<Data>, Range<Data>, Range<String>) {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("an .xlsx file");
    let names = book.sheet_names();
    let calls = book.worksheet_range(&names[0]).expect("sheet 1");
    let kpis = book.worksheet_range(&names[1]).expect("sheet 2");
    let formulas = book.worksheet_formula(&names[0]).expect("sheet 1 formulas");
    (names, calls, kpis, formulas)
}

fn at(range: &Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

/// `"YYYY-MM-DD hh:mm:ss"` of an Excel serial date-time (days since 1899-12-30), by the
/// civil-from-days algorithm (H. Hinnant), independently of the app's code.
fn wall(serial: f64) -> String {
    let ms = ((serial - 25_569.0) * 86_400_000.0).round() as i64;
    let (days, ms_of_day) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let s = ms_of_day / 1000;
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// Seconds of a duration as the table shows it (`"0:45"`, `"1:02:03"`, `"-0:05"`): the
/// digit groups read as h/m/s from the right.
fn shown_seconds(text: &str) -> Option<f64> {
    let groups: Vec<f64> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .filter_map(|g| g.parse().ok())
        .collect();
    if groups.is_empty() {
        return None;
    }
    let secs = groups.iter().fold(0.0, |acc, g| acc * 60.0 + g);
    Some(if text.starts_with('-') { -secs } else { secs })
}

#[tokio::test]
async fn excel_export_holds_typed_cells_in_the_tables_order_in_both_languages() {
    let s = Session::start(Setup::default().sim(&["--scenario", "hostile"])).await;
    let p = s.page();
    p.fill_call_id(CALL_ID).await;
    p.search().await;
    p.wait_for_rows().await;
    let records = hostile::records();
    assert_eq!(p.row_count().await, records.len());
    assert_eq!(
        s.js(XLSX_FETCHES).await,
        serde_json::json!(0),
        "the Excel writer is fetched only when asked for"
    );

    let (name, bytes) = p.exported_xlsx().await;
    assert!(
        name.starts_with("cdr_") && name.ends_with(".xlsx"),
        "file name {name:?}"
    );
    assert_eq!(s.js(XLSX_FETCHES).await, serde_json::json!(1));
    let (names, calls, kpis, formulas) = read(bytes);
    assert_eq!(names, ["Calls", "KPIs"]);

    // The header: the table's titles in the table's order, times naming the zone.
    let titles = strings(s.js(TABLE_TITLES).await);
    let keys = strings(s.js(TABLE_KEYS).await);
    assert!(titles.len() >= 6, "{titles:?}");
    for (col, (title, key)) in titles.iter().zip(&keys).enumerate() {
        let expected = match key.as_str() {
            "begin" | "end" | "logDate" => format!("{title} (UTC)"),
            "duration" => format!("{title} (s)"),
            _ => title.clone(),
        };
        assert_eq!(
            at(&calls, 0, col as u32),
            Data::String(expected),
            "header {col}"
        );
    }
    assert_eq!(at(&calls, 0, titles.len() as u32), Data::Empty);

    // Every cell against the table: text as text, times as date-times, seconds as numbers.
    let mut date_times = 0;
    for (col, key) in keys.iter().enumerate() {
        let shown = p.column(key).await;
        assert_eq!(shown.len(), records.len(), "column {key}");
        for (row, text) in shown.iter().enumerate() {
            let cell = at(&calls, row as u32 + 1, col as u32);
            let is_time_text = text.len() == 19 && text.as_bytes().get(10) == Some(&b' ');
            match (key.as_str(), &cell) {
                ("begin" | "end" | "logDate", Data::DateTime(dt)) if is_time_text => {
                    assert_eq!(&wall(dt.as_f64()), text, "{key} row {row}");
                    date_times += 1;
                }
                ("duration", Data::Float(secs)) => {
                    assert_eq!(
                        Some(*secs),
                        shown_seconds(text),
                        "{key} row {row}: {text:?}"
                    );
                }
                (_, Data::Empty) => assert_eq!(text, "", "{key} row {row}"),
                (_, Data::String(s)) => assert_eq!(s, text, "{key} row {row}"),
                _ => panic!("{key} row {row}: {cell:?} for the table's {text:?}"),
            }
        }
    }
    assert!(
        date_times >= records.len(),
        "begin is a date-time in every row"
    );
    let cells: Vec<&Data> = calls.used_cells().map(|(_, _, c)| c).collect();
    for formula in [HYPERLINK_FORMULA, CMD_DDE, AT_SUM, MINUS_FORMULA, EQ_CMD] {
        assert!(
            cells.contains(&&Data::String(formula.to_string())),
            "{formula:?} is a text cell as received, without a quote"
        );
    }
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no cell is a formula"
    );

    // The KPI sheet: name, value, definition.
    assert_eq!(
        (0..3).map(|c| at(&kpis, 0, c)).collect::<Vec<_>>(),
        ["KPI", "Value", "Definition"].map(|h| Data::String(h.into()))
    );
    assert_eq!(at(&kpis, 1, 0), Data::String("Calls".into()));
    assert_eq!(at(&kpis, 1, 1), Data::Float(records.len() as f64));
    // Then the KPI strip's figures, typed, each with its definition.
    let row_named = |name: &str| {
        (1..kpis.height() as u32)
            .find(|&r| at(&kpis, r, 0) == Data::String(name.into()))
            .unwrap_or_else(|| panic!("no KPI row {name:?}"))
    };
    let offered = row_named("Offered");
    assert_eq!(at(&kpis, offered, 1), Data::Float(records.len() as f64));
    let service_level = row_named("Service level (%)");
    match at(&kpis, service_level, 1) {
        Data::Float(pct) => assert!((0.0..=100.0).contains(&pct), "{pct}"),
        Data::Empty => {}
        other => panic!("service level {other:?}"),
    }
    assert!(
        matches!(at(&kpis, service_level, 2), Data::String(d) if d.contains("20 s")),
        "the definition names the target"
    );

    // In Chinese: sheets, headers and KPIs.
    p.set_language("zh-CN").await;
    s.wait_until(
        "the Chinese button",
        "document.querySelector('#export-xlsx').textContent.includes('导出')",
    )
    .await;
    let (_, bytes) = p.exported_xlsx().await;
    assert_eq!(
        s.js(XLSX_FETCHES).await,
        serde_json::json!(1),
        "fetched once, kept"
    );
    let (names, calls, kpis, _) = read(bytes);
    assert_eq!(names, ["通话记录", "指标"]);
    let titles = strings(s.js(TABLE_TITLES).await);
    assert_eq!(at(&calls, 0, 0), Data::String(titles[0].clone()));
    assert!(!titles[0].is_ascii(), "{titles:?}");
    assert_eq!(
        (0..3).map(|c| at(&kpis, 0, c)).collect::<Vec<_>>(),
        ["指标", "数值", "定义"].map(|h| Data::String(h.into()))
    );
    assert_eq!(at(&kpis, 1, 0), Data::String("通话数".into()));
    // The KPI strip's figures with their units written the Chinese way, as the summary's.
    let names: Vec<Data> = (1..kpis.height() as u32).map(|r| at(&kpis, r, 0)).collect();
    for name in ["平均等待时长（秒）", "服务水平（%）", "平均通话（秒）"] {
        assert!(
            names.contains(&Data::String(name.into())),
            "{name} in {names:?}"
        );
    }
    s.close().await;
}

/// The Excel writer's file name in a split release build: `split_xlsx-<16 hex>.wasm`.
fn writer_chunk(dist: &Path) -> String {
    std::fs::read_dir(dist)
        .expect("read dist")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .find(|name| name.starts_with("split_xlsx-") && name.ends_with(".wasm"))
        .unwrap_or_else(|| {
            panic!(
                "no split_xlsx-*.wasm in {}: not a split release build (trunk build --release)",
                dist.display()
            )
        })
}

#[tokio::test]
async fn a_missing_excel_writer_is_said_in_words_and_the_rest_works() {
    let chunk = writer_chunk(&dist_dir());
    let setup = Setup::default().sim(&["--scenario", "hostile"]);
    let s = Session::start_with(setup, |site| {
        for name in [chunk.clone(), format!("{chunk}.gz")] {
            let _ = std::fs::remove_file(site.join(name));
        }
    })
    .await;
    let p = s.page();
    p.fill_call_id(CALL_ID).await;
    p.search().await;
    p.wait_for_rows().await;
    s.click(css::EXPORT_XLSX).await;
    let alert = s.wait_for(css::EXPORT_XLSX_ERROR).await;
    assert_eq!(
        alert.attr("role").await.expect("role").as_deref(),
        Some("alert")
    );
    assert!(
        s.text_of(css::EXPORT_XLSX_ERROR)
            .await
            .contains("The Excel export could not be loaded"),
        "{}",
        s.page_text().await
    );
    assert_eq!(
        s.js("return document.querySelector('#export-xlsx').getAttribute('aria-busy');")
            .await,
        serde_json::json!("false"),
        "no longer busy"
    );
    // The CSV export and the table still work.
    let csv = p.exported_csv().await;
    assert!(csv.lines().count() > hostile::records().len(), "{csv}");
    assert_eq!(p.row_count().await, hostile::records().len());
    s.close().await;
}
