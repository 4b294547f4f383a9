//! End-to-end: hostile data (issue #9). The simulator's `hostile` scenario answers records
//! whose text fields hold markup, script, `javascript:` URLs and spreadsheet formulas. The
//! app must show them as inert text in the table, the detail panel and the summary, and
//! the CSV export must neutralise every formula cell.

use std::time::Duration;

use cdr_e2e::page::css;
use cdr_e2e::{Session, Setup};
use cdr_sim::hostile::{self, *};
use serde_json::Value;

/// Elements and attributes that mean a payload became markup. Returns a list of what was
/// found (empty when the page is clean). `roots` are the parts of the page showing data.
const INJECTED: &str = r#"
    const found = [];
    const roots = [...document.querySelectorAll('table.records, aside.detail, #summary')];
    for (const root of roots) {
        for (const e of root.querySelectorAll('img, script, iframe, object, embed, h1, details, svg[onload], a[href]')) {
            found.push(root.tagName + ' > ' + e.outerHTML.slice(0, 120));
        }
    }
    for (const e of document.querySelectorAll('*')) {
        for (const a of e.attributes) {
            if (/^on/i.test(a.name)) found.push(e.tagName + ' [' + a.name + '=' + a.value.slice(0, 60) + ']');
            if (/^\s*javascript:/i.test(a.value) && /^(href|src|action|formaction|xlink:href)$/i.test(a.name)) {
                found.push(e.tagName + ' [' + a.name + '=' + a.value.slice(0, 60) + ']');
            }
        }
    }
    for (const e of document.querySelectorAll('script, iframe')) {
        if ((e.textContent || '').includes('__pwned') || (e.getAttribute('src') || '').includes('__pwned')) {
            found.push('document > ' + e.outerHTML.slice(0, 120));
        }
    }
    return found;
"#;

/// Captures the export instead of downloading it: the Blob handed to
/// `URL.createObjectURL` and the `download` name of every anchor clicked.
const CAPTURE_DOWNLOADS: &str = r#"
    window.__blobs = [];
    window.__downloads = [];
    const create = URL.createObjectURL;
    URL.createObjectURL = function (blob) {
        window.__blobs.push(blob);
        return create.call(URL, blob);
    };
    HTMLAnchorElement.prototype.click = function () {
        window.__downloads.push(this.download);
    };
"#;

/// Fails the test if any payload ran or became markup.
async fn assert_inert(s: &Session, when: &str) {
    let pwned = s
        .js("return typeof window.__pwned === 'undefined' ? null : String(window.__pwned);")
        .await;
    assert_eq!(
        pwned,
        Value::Null,
        "{when}: payload number {pwned} ran (see cdr_sim::hostile)"
    );
    let found = s.js(INJECTED).await;
    assert_eq!(
        found,
        Value::Array(Vec::new()),
        "{when}: payloads became markup"
    );
}

/// The values of one response field over all hostile records, sorted.
fn expected(field: &str) -> Vec<String> {
    let mut v: Vec<String> = hostile::records()
        .iter()
        .map(|r| r[field].as_str().unwrap_or_default().to_string())
        .collect();
    v.sort();
    v
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// An RFC 4180 parser: quoted cells with `""` escapes and line breaks inside, CRLF (or LF)
/// record ends. A quote in the middle of an unquoted cell is kept as is.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut in_quotes = false;
    let mut at_cell_start = true;
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => in_quotes = false,
                c => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if at_cell_start => {
                in_quotes = true;
                at_cell_start = false;
            }
            ',' => {
                row.push(std::mem::take(&mut cell));
                at_cell_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                at_cell_start = true;
            }
            c => {
                cell.push(c);
                at_cell_start = false;
            }
        }
    }
    assert!(!in_quotes, "the CSV ends inside a quoted cell");
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

#[test]
fn the_csv_parser_follows_rfc_4180() {
    let rows = parse_csv("a,\"b,\"\"c\"\"\r\nd\",'=x\r\n,\r\n");
    assert_eq!(rows, vec![vec!["a", "b,\"c\"\r\nd", "'=x"], vec!["", ""]]);
}

/// Clicks the row whose `column` cell reads `text`, and waits for its detail panel.
async fn open_detail(s: &Session, column: &str, text: &str) {
    let index = s
        .js(&format!(
            "return [...document.querySelectorAll('tbody tr')].findIndex(tr => {{ \
               const td = tr.querySelector('td[data-column={column}]'); \
               return td && td.textContent === {text}; }});",
            text = serde_json::json!(text)
        ))
        .await
        .as_i64()
        .unwrap_or(-1);
    assert!(index >= 0, "no row with {column} = {text:?}");
    s.click(&css::row_cell(index as usize)).await;
    s.wait_until(
        "the detail panel",
        &format!(
            "document.querySelector('aside.detail') && document.querySelector('aside.detail').textContent.includes({})",
            serde_json::json!(text)
        ),
    )
    .await;
}

#[tokio::test]
async fn hostile_data_is_shown_as_text_and_exported_neutralised() {
    let s = Session::start(Setup::default().sim(&["--scenario", "hostile"])).await;
    let p = s.page();
    p.fill_call_id("1669464198-17002955").await;
    p.search().await;
    p.wait_for_rows().await;
    // An <img onerror> fires after its load fails: give it the time to.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_inert(&s, "the table").await;

    // The table's structure survives the break-out payloads.
    let records = hostile::records();
    assert_eq!(p.row_count().await, records.len());
    let cells_per_row = s
        .js("return [...document.querySelectorAll('tbody tr')].map(tr => tr.children.length);")
        .await;
    let cells_per_row: Vec<u64> = serde_json::from_value(cells_per_row).unwrap_or_default();
    assert!(
        cells_per_row.windows(2).all(|w| w[0] == w[1]),
        "rows differ in cells: {cells_per_row:?}"
    );

    // Payloads show literally, as text.
    let callers = p.column("callerNo").await;
    assert!(
        callers.iter().any(|c| c == IMG_ONERROR),
        "no callerNo cell reads {IMG_ONERROR:?}: {callers:?}"
    );
    assert!(callers.iter().any(|c| c == TABLE_BREAKOUT));
    assert!(callers.iter().any(|c| c == RTL_OVERRIDE));
    assert!(p
        .column("calleeNo")
        .await
        .iter()
        .any(|c| c == HYPERLINK_FORMULA));
    assert!(p.column("callId").await.iter().any(|c| c == SCRIPT_TAG));
    assert!(p.column("leaveReason").await.iter().any(|c| c == JS_URL));
    assert!(p
        .column("satisfaction")
        .await
        .iter()
        .any(|c| c == SVG_ONLOAD));
    // Every calling number, called number and call ID, exactly as sent (the 10,000
    // characters, the tab, the CRLF and the bidi override included).
    assert_eq!(sorted(callers), expected("callerNo"));
    assert_eq!(sorted(p.column("calleeNo").await), expected("calleeNo"));
    assert_eq!(sorted(p.column("callId").await), expected("callId"));

    // The detail panel of the first hostile record, and of another.
    open_detail(&s, "callerNo", IMG_ONERROR).await;
    let detail = p.detail_text().await;
    for payload in [
        IMG_ONERROR,
        HYPERLINK_FORMULA,
        SCRIPT_TAG,
        JS_URL,
        SVG_ONLOAD,
    ] {
        assert!(
            detail.contains(payload),
            "the detail panel lacks {payload:?}:\n{detail}"
        );
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_inert(&s, "the detail panel of record 1").await;
    open_detail(&s, "callerNo", DETAILS_ONTOGGLE).await;
    let detail = p.detail_text().await;
    for payload in [IFRAME_JS, JS_URL, HYPERLINK_FORMULA, IMG_ONERROR] {
        assert!(
            detail.contains(payload),
            "the detail panel lacks {payload:?}:\n{detail}"
        );
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_inert(&s, "the detail panel of record 11").await;

    // The summary.
    p.show_summary().await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_inert(&s, "the summary").await;
    p.show_table().await;
    s.wait_for("table.records").await;

    // The export.
    s.js(CAPTURE_DOWNLOADS).await;
    s.click(css::EXPORT_CSV).await;
    s.wait_until(
        "the export",
        "window.__blobs.length > 0 && window.__downloads.length > 0",
    )
    .await;
    s.js("window.__blobs[0].text().then(t => { window.__csv = t; }); return true;")
        .await;
    let csv = s.wait_until("the CSV text", "window.__csv").await;
    let csv = csv.as_str().unwrap_or_default().to_string();
    let file_name = s.js("return window.__downloads[0];").await;
    let file_name = file_name.as_str().unwrap_or_default();
    assert!(file_name.ends_with(".csv"), "file name {file_name:?}");
    assert_eq!(
        s.js("return window.__downloads.length;").await,
        serde_json::json!(1)
    );

    let rows = parse_csv(csv.strip_prefix('\u{feff}').unwrap_or(&csv));
    assert_eq!(
        rows.len(),
        1 + records.len(),
        "header and one line per record (quoted line breaks stay inside their cell)"
    );
    let header = &rows[0];
    assert!(
        header.iter().any(|h| h.contains("(UTC)")),
        "no header names the zone: {header:?}"
    );
    for (n, row) in rows.iter().enumerate() {
        assert_eq!(row.len(), header.len(), "line {n} has {} cells", row.len());
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "line {n}: cell {:?} would run as a formula",
                cell.chars().take(60).collect::<String>()
            );
        }
    }
    let cells: Vec<&str> = rows.iter().flatten().map(String::as_str).collect();
    // Each formula payload is there, behind exactly one quote.
    for formula in [
        HYPERLINK_FORMULA,
        CMD_DDE,
        AT_SUM,
        MINUS_FORMULA,
        TAB_FORMULA,
        EQ_CMD,
    ] {
        let guarded = format!("'{formula}");
        assert!(
            cells.contains(&guarded.as_str()),
            "no cell reads {guarded:?}"
        );
    }
    for (i, _) in csv.match_indices("=HYPERLINK(") {
        assert!(
            csv[..i].ends_with('\''),
            "=HYPERLINK( without a quote before it at byte {i}"
        );
        assert!(!csv[..i].ends_with("''"), "=HYPERLINK( quoted twice");
    }
    assert!(
        !cells.iter().any(|c| c.starts_with("''")),
        "a cell is guarded twice"
    );
    // Cells that need RFC 4180 quoting and long ones survive whole.
    assert!(cells.contains(&CSV_BREAKER), "the comma/quote/CRLF cell");
    assert!(cells.contains(&long_string().as_str()), "the long cell");
    assert!(cells.contains(&IMG_ONERROR) && cells.contains(&SCRIPT_TAG));

    assert_inert(&s, "after the export").await;
    s.close().await;
}
