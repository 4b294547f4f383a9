//! CSV export of the records as the user sees them (filtered, sorted), for a spreadsheet.

use std::fmt::Write as _;

use crate::fields::{FieldKind, Record};
use crate::locale::Locale;
use crate::mask::mask_number_into;
use crate::table::{Column, DisplayContext};
use crate::time::{call_time_ms, format_ms_into, format_ms_with_offset_into, format_offset};
use crate::zone::Zone;

/// How the time columns of one export are written (CSV here, the workbook in
/// [`crate::xlsx`]).
pub(crate) struct TimeColumns {
    /// What a time column's header says in parentheses: `"UTC+08:00"`,
    /// `"America/New_York, UTC-04:00"` (one offset throughout) or `"America/New_York"`.
    pub(crate) zone_note: String,
    /// Every time cell carries its offset (`"2024-11-03 01:30:00 -04:00"`): the export
    /// spans a change of offset.
    pub(crate) per_cell_offset: bool,
}

impl TimeColumns {
    pub(crate) fn new(
        records: &[Record],
        order: &[usize],
        columns: &[Column],
        zone: &Zone,
    ) -> TimeColumns {
        if !matches!(zone, Zone::Named(_)) {
            return TimeColumns {
                zone_note: zone.name(),
                per_cell_offset: false,
            };
        }
        let mut seen: Option<i32> = None;
        let mut several = false;
        'rows: for r in order.iter().filter_map(|&i| records.get(i)) {
            for c in columns.iter().filter(|c| c.is_time()) {
                let Some(ms) = c.raw(r).and_then(call_time_ms) else {
                    continue;
                };
                let offset = zone.offset_seconds_at(ms);
                if seen.is_some_and(|s| s != offset) {
                    several = true;
                    break 'rows;
                }
                seen = Some(offset);
            }
        }
        let zone_note = match seen {
            Some(offset) if !several => {
                format!("{}, UTC{}", zone.name(), format_offset(offset))
            }
            _ => zone.name(),
        };
        TimeColumns {
            zone_note,
            per_cell_offset: several,
        }
    }
}

/// The CSV header cells for a column: a code column gives its label and its code, a time
/// column names the zone, the duration is in whole seconds, the outcome is its label.
fn headers(column: Column, ctx: &DisplayContext, times: &TimeColumns) -> Vec<String> {
    let title = column.title(ctx.locale);
    match (column.kind(), ctx.locale) {
        (None, _) if column == Column::Outcome => vec![title.into()],
        (Some(FieldKind::Time), _) => vec![format!("{title} ({})", times.zone_note)],
        (None, Locale::En) => vec![format!("{title} (s)")],
        (None, Locale::ZhCn) => vec![format!("{title}（秒）")],
        (Some(FieldKind::Configured), Locale::En) => vec![title.into(), format!("{title} value")],
        (Some(FieldKind::Configured), Locale::ZhCn) => vec![title.into(), format!("{title}值")],
        (Some(FieldKind::Code(_)), Locale::En) => vec![title.into(), format!("{title} code")],
        (Some(FieldKind::Code(_)), Locale::ZhCn) => vec![title.into(), format!("{title}代码")],
        _ => vec![title.into()],
    }
}

/// Appends one cell, quoted per RFC 4180 when needed. A cell a spreadsheet could run as a
/// formula (starting with `= + - @`, tab or CR) gets a leading `'`, so an exported file
/// cannot carry an injection from a caller-controlled field.
fn push_cell(out: &mut String, value: &str, first: bool) {
    if !first {
        out.push(',');
    }
    let guard = matches!(
        value.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    // Byte scan: these are ASCII, so they never occur inside a multi-byte character.
    let quote = value
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'));
    if quote {
        out.push('"');
    }
    if guard {
        out.push('\'');
    }
    if quote {
        for (i, part) in value.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// Writes the cells of one record and column; `scratch` is reused between cells so a large
/// export does not allocate per cell.
fn push_cells(
    out: &mut String,
    scratch: &mut String,
    r: &Record,
    column: Column,
    ctx: &DisplayContext,
    times: &TimeColumns,
    first: &mut bool,
) {
    let mut put = |out: &mut String, v: &str| {
        push_cell(out, v, *first);
        *first = false;
    };
    let raw = column.raw(r).unwrap_or("");
    match column.kind() {
        // The outcome's label, in the export's language.
        None if column == Column::Outcome => put(out, ctx.outcome(r).label(ctx.locale)),
        // The duration.
        None => {
            scratch.clear();
            if let Some(ms) = r.duration_ms() {
                let _ = write!(scratch, "{}", ms / 1000);
            }
            put(out, scratch);
        }
        Some(FieldKind::Time) => match call_time_ms(raw) {
            Some(ms) => {
                scratch.clear();
                if times.per_cell_offset {
                    format_ms_with_offset_into(ms, &ctx.zone, scratch);
                } else {
                    format_ms_into(ms, &ctx.zone, scratch);
                }
                put(out, scratch);
            }
            None => put(out, raw),
        },
        Some(FieldKind::Code(list)) => {
            put(out, list.label_of(raw, ctx.locale).unwrap_or(raw));
            put(out, raw.trim());
        }
        Some(FieldKind::Configured) => {
            put(out, ctx.evaluation_labels.configured(raw).unwrap_or(raw));
            put(out, raw.trim());
        }
        Some(FieldKind::Phone) if ctx.mask_numbers => {
            scratch.clear();
            mask_number_into(raw, scratch);
            put(out, scratch);
        }
        Some(_) => put(out, raw),
    }
}

/// CSV of `records` in the order of `order` (indices out of range are skipped): UTF-8 BOM
/// first (so spreadsheet programs read Chinese correctly), CRLF line ends, RFC 4180
/// quoting, the chosen columns in order, headers in the display locale. Calling and called
/// numbers are written masked when [`DisplayContext::mask_numbers`] is set. Time columns
/// name the zone in their header, with its offset when one offset covers every exported
/// time; when the export spans a change of offset (a zone with daylight saving), every time
/// cell carries its offset instead (`"2024-11-03 01:30:00 -04:00"`).
pub fn to_csv(
    records: &[Record],
    order: &[usize],
    columns: &[Column],
    ctx: &DisplayContext,
) -> String {
    let mut out = String::with_capacity(64 + order.len() * columns.len() * 16);
    out.push('\u{feff}');
    let times = TimeColumns::new(records, order, columns, &ctx.zone);
    let mut first = true;
    for &c in columns {
        for h in headers(c, ctx, &times) {
            push_cell(&mut out, &h, first);
            first = false;
        }
    }
    out.push_str("\r\n");
    let mut scratch = String::with_capacity(24);
    for r in order.iter().filter_map(|&i| records.get(i)) {
        let mut first = true;
        for &c in columns {
            push_cells(&mut out, &mut scratch, r, c, ctx, &times, &mut first);
        }
        out.push_str("\r\n");
    }
    out
}

/// `yyyymmdd-hhmm` of an instant in a zone.
fn stamp(ms: i64, zone: &Zone) -> String {
    let mut s = String::with_capacity(19);
    format_ms_into(ms, zone, &mut s);
    // "2022-07-18 08:00:00" -> "20220718-0800"
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    match (digits.get(..8), digits.get(8..12)) {
        (Some(d), Some(t)) => format!("{d}-{t}"),
        _ => digits,
    }
}

/// A file name that says what was exported and when, in the display zone, e.g.
/// `cdr_20220718-0000_20220719-0000_exported-20260128-0930.csv`. An open end of the range
/// is written `open`; with no range at all (a search by call ID) the range is left out.
pub fn export_file_name(
    begin: Option<i64>,
    end: Option<i64>,
    exported_at_ms: i64,
    zone: &Zone,
) -> String {
    export_file_name_with(begin, end, exported_at_ms, zone, "csv")
}

/// `name` (an [`export_file_name`]) marked as holding part of the calls found (a load still
/// running, stopped, or missing slices), so the file says so wherever it is opened: CSV
/// has no place for a note. `cdr_…_exported-20260128-0930.csv` →
/// `cdr_…_exported-20260128-0930_partial.csv`.
pub fn partial_file_name(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}_partial.{extension}"),
        None => format!("{name}_partial"),
    }
}

/// [`export_file_name`] with another extension (`"xlsx"`, without the dot).
pub fn export_file_name_with(
    begin: Option<i64>,
    end: Option<i64>,
    exported_at_ms: i64,
    zone: &Zone,
    extension: &str,
) -> String {
    let part = |ms: Option<i64>| ms.map_or_else(|| "open".to_string(), |ms| stamp(ms, zone));
    let range = if begin.is_none() && end.is_none() {
        String::new()
    } else {
        format!("{}_{}_", part(begin), part(end))
    };
    format!(
        "cdr_{range}exported-{}.{extension}",
        stamp(exported_at_ms, zone)
    )
}
