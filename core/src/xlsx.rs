//! Excel export: the records as the user sees them (filtered, sorted, the visible columns in
//! their order) as a typed `.xlsx` workbook, with a second sheet of KPIs and their
//! definitions (issue #18).
//!
//! Two halves, so the app can keep the heavy one out of every wasm file but a lazily loaded
//! chunk:
//! - [`calls_sheet`] and [`summary_kpis`] (always compiled, no dependency) turn records into
//!   typed cells ([`SheetCell`]): Call IDs, numbers, VDNs and labels are text (a 13-digit ID
//!   stays `8613812345678`, not `8.61381E+12`; `007` keeps its zeros; `+86…` and `=1+1` are
//!   text, never a formula, without the CSV's visible `'` guard), times are date-times of
//!   the wall clock in the display zone, the talk time is a number of seconds.
//! - [`write_workbook`] (feature `xlsx`, rust_xlsxwriter) writes them as a workbook.

use crate::export::TimeColumns;
use crate::fields::{FieldKind, Record};
use crate::locale::Locale;
use crate::summary::Summary;
use crate::table::{Column, DisplayContext};
use crate::time::call_time_ms;
use crate::zone::format_offset;

/// Milliseconds in a day.
const DAY_MS: f64 = 86_400_000.0;
/// Days from Excel's epoch (1899-12-30, the 1900 date system as Excel counts it) to
/// 1970-01-01.
const EXCEL_EPOCH_TO_UNIX_DAYS: f64 = 25_569.0;
/// The most characters Excel keeps in a cell (Excel's specifications and limits); longer
/// text is cut there rather than failing the export.
pub const MAX_CELL_CHARS: usize = 32_767;
/// The most rows a worksheet holds (Excel's specifications and limits, 2^20).
pub const MAX_ROWS: usize = 1_048_576;
/// The number format of date-time cells: what the table shows (`2022-07-18 08:00:00`).
pub const DATE_TIME_FORMAT: &str = "yyyy-mm-dd hh:mm:ss";

/// One cell of the workbook, typed as the spreadsheet stores it.
#[derive(Clone, Debug, PartialEq)]
pub enum SheetCell {
    /// Nothing (a field the record lacks).
    Empty,
    /// A text cell: shown as is, never read as a number, a date or a formula.
    Text(String),
    /// A number (seconds for durations).
    Number(f64),
    /// A date-time: the wall time in the display zone as an Excel serial number (days since
    /// 1899-12-30 00:00, the time of day as the fraction), shown with [`DATE_TIME_FORMAT`].
    DateTime(f64),
}

/// The first sheet: the exported calls.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CallsSheet {
    /// A line above the header (the partial-load warning), when there is one.
    pub note: Option<String>,
    /// One header per sheet column, in the display locale; time columns name the zone.
    pub header: Vec<String>,
    /// One row per exported record, each as long as `header`.
    pub rows: Vec<Vec<SheetCell>>,
}

/// The value of one KPI.
#[derive(Clone, Debug, PartialEq)]
pub enum KpiValue {
    /// A number (its unit is in the KPI's name).
    Number(f64),
    /// A value that is not a number.
    Text(String),
    /// No value: nothing to compute it from (an average over no records).
    None,
}

/// A KPI's unit, named after it on the KPI sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KpiUnit {
    /// Seconds: `"Average talk (s)"`, `"平均通话时长（秒）"`.
    Seconds,
    /// Percent: `"Service level (%)"`, `"服务水平（%）"`.
    Percent,
}

impl KpiUnit {
    /// `name` with this unit in `locale`'s way of writing it.
    pub fn named(self, name: &str, locale: Locale) -> String {
        match (self, locale) {
            (KpiUnit::Seconds, Locale::En) => format!("{name} (s)"),
            (KpiUnit::Seconds, Locale::ZhCn) => format!("{name}（秒）"),
            (KpiUnit::Percent, Locale::En) => format!("{name} (%)"),
            (KpiUnit::Percent, Locale::ZhCn) => format!("{name}（%）"),
        }
    }
}

/// One line of the KPI sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct KpiRow {
    /// The KPI's name with its unit: `"Average wait (s)"`.
    pub name: String,
    /// Its value over the exported records.
    pub value: KpiValue,
    /// How it is computed, in words a supervisor checks it by.
    pub definition: String,
}

/// Everything one `.xlsx` export holds.
#[derive(Clone, Debug, PartialEq)]
pub struct ExcelExport {
    /// Language of sheet names and headers.
    pub locale: Locale,
    /// The first sheet.
    pub calls: CallsSheet,
    /// The second sheet, in order.
    pub kpis: Vec<KpiRow>,
}

/// The sheet names: calls, KPIs.
pub fn sheet_names(locale: Locale) -> (&'static str, &'static str) {
    match locale {
        Locale::En => ("Calls", "KPIs"),
        Locale::ZhCn => ("通话记录", "指标"),
    }
}

/// The KPI sheet's headers: name, value, definition.
pub fn kpi_headers(locale: Locale) -> [&'static str; 3] {
    match locale {
        Locale::En => ["KPI", "Value", "Definition"],
        Locale::ZhCn => ["指标", "数值", "定义"],
    }
}

/// Text cut to [`MAX_CELL_CHARS`] characters (at a character boundary).
fn text(s: &str) -> SheetCell {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((at, _)) => SheetCell::Text(s.get(..at).unwrap_or_default().to_string()),
        None => SheetCell::Text(s.to_string()),
    }
}

/// The Excel serial number of an instant's wall time in the zone.
fn serial(ms: i64, ctx: &DisplayContext) -> f64 {
    ctx.zone.wall_ms(ms) as f64 / DAY_MS + EXCEL_EPOCH_TO_UNIX_DAYS
}

/// The header of the offset column that follows a time column when the export spans a
/// change of offset.
fn offset_header(title: &str, locale: Locale) -> String {
    match locale {
        Locale::En => format!("{title} UTC offset"),
        Locale::ZhCn => format!("{title} UTC 偏移"),
    }
}

/// The first sheet for `records` in the order of `order` (indices out of range are skipped)
/// and the visible `columns` in their order, one sheet column each. Cells as the table shows
/// them, typed: codes and satisfaction as their labels (an unknown code raw), calling and
/// called numbers masked when [`DisplayContext::mask_numbers`] is set, times (`callBegin`,
/// `callEnd`, a `logDate` that is a timestamp) as [`SheetCell::DateTime`] of the wall time
/// in the display zone with the zone in the header (and its offset when one offset covers
/// every exported time, as in the CSV), the talk time in whole seconds. When the times span
/// a change of offset (daylight saving), a text column after each time column gives each
/// time's offset (`+02:00`), since a date-time cell has none and a repeated hour would be
/// ambiguous. `note` (the partial-load warning) goes above the header.
pub fn calls_sheet(
    records: &[Record],
    order: &[usize],
    columns: &[Column],
    ctx: &DisplayContext,
    note: Option<String>,
) -> CallsSheet {
    let times = TimeColumns::new(records, order, columns, &ctx.zone);
    let mut header = Vec::with_capacity(columns.len() * 2);
    for &c in columns {
        let title = c.title(ctx.locale);
        match (c.kind(), ctx.locale) {
            _ if c == Column::Outcome => header.push(title.to_string()),
            (Some(FieldKind::Time), _) => {
                header.push(format!("{title} ({})", times.zone_note));
                if times.per_cell_offset {
                    header.push(offset_header(title, ctx.locale));
                }
            }
            (None, Locale::En) => header.push(format!("{title} (s)")),
            (None, Locale::ZhCn) => header.push(format!("{title}（秒）")),
            _ => header.push(title.to_string()),
        }
    }
    let mut rows = Vec::with_capacity(order.len());
    for r in order.iter().filter_map(|&i| records.get(i)) {
        let mut row = Vec::with_capacity(header.len());
        for &c in columns {
            push_cells(&mut row, r, c, ctx, times.per_cell_offset);
        }
        rows.push(row);
    }
    CallsSheet { note, header, rows }
}

/// The cells of one record and column (two for a time column with offsets).
fn push_cells(
    row: &mut Vec<SheetCell>,
    r: &Record,
    c: Column,
    ctx: &DisplayContext,
    per_cell_offset: bool,
) {
    match c.kind() {
        // The outcome: worked out from several fields, as the table shows it.
        None if c == Column::Outcome => row.push(text(&ctx.cell(r, c).text)),
        // The duration.
        None => row.push(match r.duration_ms() {
            Some(ms) => SheetCell::Number((ms / 1000) as f64),
            None => SheetCell::Empty,
        }),
        Some(FieldKind::Time) => {
            let raw = c.raw(r);
            match raw.and_then(call_time_ms) {
                Some(ms) => {
                    row.push(SheetCell::DateTime(serial(ms, ctx)));
                    if per_cell_offset {
                        row.push(SheetCell::Text(format_offset(
                            ctx.zone.offset_seconds_at(ms),
                        )));
                    }
                }
                None => {
                    // Not a plausible time (the API's example sends "100010"): as received.
                    row.push(match raw {
                        Some(raw) if !raw.is_empty() => text(raw),
                        _ => SheetCell::Empty,
                    });
                    if per_cell_offset {
                        row.push(SheetCell::Empty);
                    }
                }
            }
        }
        Some(_) => {
            let cell = ctx.cell(r, c);
            row.push(if cell.text.is_empty() {
                SheetCell::Empty
            } else {
                text(&cell.text)
            });
        }
    }
}

/// The KPIs the summary already computes, with their definitions, for the second sheet:
/// calls, rated calls, average wait and average talk time (seconds, to the millisecond).
/// Other KPIs are added by the caller as more [`KpiRow`]s.
pub fn summary_kpis(summary: &Summary, locale: Locale) -> Vec<KpiRow> {
    let not_rated = summary
        .satisfaction
        .iter()
        .find(|s| s.raw.is_empty())
        .map_or(0, |s| s.count);
    let seconds =
        |ms: Option<i64>| ms.map_or(KpiValue::None, |ms| KpiValue::Number(ms as f64 / 1000.0));
    let row = |name: &str, value: KpiValue, definition: &str| KpiRow {
        name: name.to_string(),
        value,
        definition: definition.to_string(),
    };
    match locale {
        Locale::En => vec![
            row(
                "Calls",
                KpiValue::Number(summary.count as f64),
                "Records in the export: the search's result after the quick filter.",
            ),
            row(
                "Rated calls",
                KpiValue::Number(summary.count.saturating_sub(not_rated) as f64),
                "Records with a satisfaction value (evaluationValue not empty).",
            ),
            row(
                "Average wait (s)",
                seconds(summary.avg_wait_ms),
                "Mean wait of every caller that has one: an answered call's speed of answer (waitBegin, else callBegin, to ackBegin), an abandoned call's wait until the caller hung up (to callEnd).",
            ),
            row(
                "Average talk time (s)",
                seconds(summary.avg_talk_ms),
                "Mean talk time of the answered calls, ackBegin to callEnd (the KPI strip's Average talk).",
            ),
        ],
        Locale::ZhCn => vec![
            row(
                "通话数",
                KpiValue::Number(summary.count as f64),
                "导出的记录数：查询结果经快速筛选后的记录。",
            ),
            row(
                "已评价通话数",
                KpiValue::Number(summary.count.saturating_sub(not_rated) as f64),
                "有满意度评价（evaluationValue 不为空）的记录数。",
            ),
            row(
                "平均等待时长（秒）",
                seconds(summary.avg_wait_ms),
                "每位来电者等待时长的平均值：已接通的通话为应答速度（waitBegin，没有时为 callBegin，至 ackBegin），放弃的通话为挂机前的等待（至 callEnd）。",
            ),
            row(
                "平均通话时长（秒）",
                seconds(summary.avg_talk_ms),
                "已接通通话的通话时长（ackBegin 至 callEnd）的平均值（即 KPI 栏的平均通话时长）。",
            ),
        ],
    }
}

/// Column width (characters) of a date-time column: `2022-07-18 08:00:00` and a margin.
pub const DATE_TIME_WIDTH: f64 = 20.0;

/// How many of a column's cells [`column_width`] measures: enough to see its usual
/// values, without a pass over a million rows.
const WIDTH_SAMPLE_ROWS: usize = 10_000;

/// The width (Excel's unit: characters of the default font) a column of the calls sheet
/// needs to show its header and its text whole (a Call ID such as `1795477708-17964545`
/// is 19), plus a margin: 10 at least, 60 at most (longer text wraps in the cell's
/// view, not the sheet's layout). A column holding date-times is [`DATE_TIME_WIDTH`] at
/// least.
/// A CJK character counts as two, as Excel draws it. Measures the first
/// 10,000 cells.
pub fn column_width<'a>(header: &str, cells: impl Iterator<Item = &'a SheetCell>) -> f64 {
    let chars = |text: &str| -> usize {
        text.chars()
            .map(|c| if u32::from(c) >= 0x2E80 { 2 } else { 1 })
            .sum()
    };
    let mut widest = chars(header);
    let mut times = false;
    for cell in cells.take(WIDTH_SAMPLE_ROWS) {
        match cell {
            SheetCell::DateTime(_) => times = true,
            SheetCell::Text(text) => widest = widest.max(chars(text)),
            // Durations in seconds and counts: short.
            SheetCell::Number(_) | SheetCell::Empty => {}
        }
    }
    let width = (widest as f64 + 2.0).clamp(10.0, 60.0);
    // A header naming a long zone (`Begin (America/Argentina/Buenos_Aires)`) is wider.
    if times {
        width.max(DATE_TIME_WIDTH)
    } else {
        width
    }
}

#[cfg(feature = "xlsx")]
pub use writer::{write_workbook, XlsxError};

#[cfg(feature = "xlsx")]
mod writer {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet};

    use super::{kpi_headers, sheet_names, ExcelExport, KpiValue, SheetCell, MAX_ROWS};

    /// Why a workbook could not be written (rust_xlsxwriter's error: a sheet over Excel's
    /// row limit, for one).
    pub use rust_xlsxwriter::XlsxError;

    /// Writes `book` as `.xlsx` bytes: sheet 1 the calls (the note, if any, in the first
    /// row, then the bold header, frozen, then one row per record), sheet 2 the KPIs (name,
    /// value, definition). Text cells are plain strings (never formulas), date-times are
    /// numbers with [`super::DATE_TIME_FORMAT`].
    ///
    /// # Errors
    /// [`XlsxError::RowColumnLimitError`] when the calls do not fit a sheet
    /// ([`MAX_ROWS`]); any other error of rust_xlsxwriter while writing.
    pub fn write_workbook(book: &ExcelExport) -> Result<Vec<u8>, XlsxError> {
        let (calls_name, kpis_name) = sheet_names(book.locale);
        let calls = &book.calls;
        let first_data_row = usize::from(calls.note.is_some()) + 1;
        if calls.rows.len() + first_data_row > MAX_ROWS {
            return Err(XlsxError::RowColumnLimitError);
        }
        let bold = Format::new().set_bold();
        let date_time = Format::new()
            .set_num_format(super::DATE_TIME_FORMAT)
            .set_align(FormatAlign::Left);
        let mut workbook = Workbook::new();

        let sheet = workbook.add_worksheet();
        sheet.set_name(calls_name)?;
        let mut row: u32 = 0;
        if let Some(note) = &calls.note {
            sheet.write_string_with_format(0, 0, note, &bold)?;
            row = 1;
        }
        for (col, h) in calls.header.iter().enumerate() {
            let col = col_index(col)?;
            sheet.write_string_with_format(row, col, h, &bold)?;
            let cells = calls.rows.iter().filter_map(|r| r.get(usize::from(col)));
            sheet.set_column_width(col, super::column_width(h, cells))?;
        }
        sheet.set_freeze_panes(row + 1, 0)?;
        for cells in &calls.rows {
            row += 1;
            for (col, cell) in cells.iter().enumerate() {
                write_cell(sheet, row, col_index(col)?, cell, &date_time)?;
            }
        }

        let sheet = workbook.add_worksheet();
        sheet.set_name(kpis_name)?;
        let mut row: u32 = 0;
        if let Some(note) = &calls.note {
            sheet.write_string_with_format(0, 0, note, &bold)?;
            row = 1;
        }
        for (col, h) in (0u16..).zip(kpi_headers(book.locale)) {
            sheet.write_string_with_format(row, col, h, &bold)?;
        }
        sheet.set_column_width(0, 24)?;
        sheet.set_column_width(1, 12)?;
        sheet.set_column_width(2, 80)?;
        for kpi in &book.kpis {
            row += 1;
            sheet.write_string(row, 0, &kpi.name)?;
            match &kpi.value {
                KpiValue::Number(n) => {
                    sheet.write_number(row, 1, *n)?;
                }
                KpiValue::Text(t) => {
                    sheet.write_string(row, 1, t)?;
                }
                KpiValue::None => {}
            }
            sheet.write_string(row, 2, &kpi.definition)?;
        }
        workbook.save_to_buffer()
    }

    fn col_index(col: usize) -> Result<u16, XlsxError> {
        u16::try_from(col).map_err(|_| XlsxError::RowColumnLimitError)
    }

    fn write_cell(
        sheet: &mut Worksheet,
        row: u32,
        col: u16,
        cell: &SheetCell,
        date_time: &Format,
    ) -> Result<(), XlsxError> {
        match cell {
            SheetCell::Empty => {}
            SheetCell::Text(t) => {
                sheet.write_string(row, col, t)?;
            }
            SheetCell::Number(n) => {
                sheet.write_number(row, col, *n)?;
            }
            SheetCell::DateTime(serial) => {
                sheet.write_number_with_format(row, col, *serial, date_time)?;
            }
        }
        Ok(())
    }
}
