//! End-to-end: the supervisor features — export, shareable and saved searches, the column
//! chooser, the summary, the Chinese locale and number masking.

use cdr_e2e::page::{css, first_count, js};
use cdr_e2e::{Session, Setup};
use serde_json::json;

/// Captures downloads instead of saving them: the Blob's text lands in `window.__csv`, the
/// file name in `window.__download`.
const CAPTURE_DOWNLOADS: &str = r#"
    window.__blobs = [];
    const create = URL.createObjectURL;
    URL.createObjectURL = function (blob) { window.__blobs.push(blob); return create.call(this, blob); };
    HTMLAnchorElement.prototype.click = function () {
        window.__download = this.download;
        const blob = window.__blobs[window.__blobs.length - 1];
        blob.slice(0, 3).arrayBuffer().then(b => { window.__head = [...new Uint8Array(b)]; });
        blob.text().then(t => { window.__csv = t; });
    };
"#;

async fn search_range(s: &Session) {
    let p = s.page();
    p.fill_range("2026-11-20T00:00", "2026-11-28T00:00").await;
    p.search().await;
    p.wait_for_rows().await;
}

async fn export(s: &Session) -> (String, String) {
    s.js(CAPTURE_DOWNLOADS).await;
    s.click(css::EXPORT_CSV).await;
    let csv = s.wait_until("the CSV", "window.__csv").await;
    let name = s.js("return window.__download;").await;
    (
        csv.as_str().unwrap_or_default().to_string(),
        name.as_str().unwrap_or_default().to_string(),
    )
}

/// The number of records the status line reports ("Showing 1–10 of N").
async fn shown_total(s: &Session) -> usize {
    let status = s.page().status().await;
    // "Showing 1–10 of N", then " (filtered from M loaded)" when a filter is on.
    let of = status
        .split(" of ")
        .nth(1)
        .unwrap_or_else(|| panic!("no total in {status:?}"));
    first_count(of) as usize
}

#[tokio::test]
async fn export_holds_every_filtered_row_with_the_zone_named() {
    let s = Session::start(Setup::default()).await;
    search_range(&s).await;
    s.page().fill_quick_filter("video").await;
    s.wait_until(
        "the filter applied",
        "[...document.querySelectorAll('td[data-column=mediaType]')].every(td => /video/i.test(td.textContent))",
    )
    .await;
    let filtered = shown_total(&s).await;
    assert!(filtered > 20, "more rows than one page: {filtered}");

    let (csv, name) = export(&s).await;
    // Blob.text() drops the BOM when decoding, so look at the bytes.
    let head = s.wait_until("the first bytes", "window.__head").await;
    assert_eq!(head, json!([0xEF, 0xBB, 0xBF]), "UTF-8 BOM for Excel");
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), filtered + 1, "header plus every filtered row");
    assert!(lines[0].contains("Begin (UTC)"), "{}", lines[0]);
    assert!(
        name.starts_with("cdr_20261120-0000_20261128-0000"),
        "{name}"
    );
    assert!(name.ends_with(".csv"));
    s.close().await;
}

#[tokio::test]
async fn a_copied_link_reopens_the_same_search() {
    let s = Session::start(Setup::default()).await;
    let p = s.page();
    s.js("window.__copied = []; navigator.clipboard.writeText = t => { window.__copied.push(t); return Promise.resolve(); };").await;
    p.fill_range("2026-11-20T00:00", "2026-11-21T00:00").await;
    s.fill("#caller-no", "").await;
    p.search().await;
    s.wait_until("rows", &format!("{} > 0", js::ROW_COUNT))
        .await;
    let first_ids = p.column("callId").await;
    s.click(css::COPY_LINK).await;
    let link = s.wait_until("a copied link", "window.__copied[0]").await;
    let link = link.as_str().unwrap_or_default().to_string();
    assert!(link.contains("begin=1795132800000"), "{link}");
    assert!(!link.contains("token"), "no token in links: {link}");

    // A new tab (a fresh page load) restores the form and runs the search.
    s.client.goto(&link).await.expect("open the link");
    s.wait_until("rows", &format!("{} > 0", js::ROW_COUNT))
        .await;
    assert_eq!(
        s.js(&format!("return {};", js::BEGIN_VALUE)).await,
        json!("2026-11-20T00:00")
    );
    assert_eq!(p.column("callId").await, first_ids);

    // Back returns to the page without a search in its address.
    p.fill_call_id(&first_ids[0]).await;
    p.fill_range("", "").await;
    p.search().await;
    p.wait_for_row_count(1).await;
    // The address follows once the first rows are painted.
    s.wait_until(
        "the Call ID search in the address bar",
        "location.search.includes('callId=')",
    )
    .await;
    s.client.back().await.expect("back");
    s.wait_until(
        "the earlier search",
        "document.querySelector('#begin').value === '2026-11-20T00:00'",
    )
    .await;
    s.wait_until("its rows", &format!("{} > 1", js::ROW_COUNT))
        .await;
    s.close().await;
}

/// Back to the address the page opened with (no search in it, or only `?compact`) shows
/// the page as it was then: the form's defaults, no rows, the empty-state text.
#[tokio::test]
async fn back_to_the_first_address_is_the_page_before_any_search() {
    let s = Session::start(Setup::default()).await;
    let p = s.page();
    let start = s.client.current_url().await.expect("url");
    for opened_with in ["", "compact"] {
        let mut url = start.clone();
        url.set_query((!opened_with.is_empty()).then_some(opened_with));
        s.client.goto(url.as_str()).await.expect("open the page");
        p.wait_for_app().await;
        search_range(&s).await;
        s.wait_until(
            "the search in the address bar",
            "location.search.includes('begin=')",
        )
        .await;
        s.client.back().await.expect("back");
        s.wait_until("no rows", &format!("{} === 0", js::ROW_COUNT))
            .await;
        assert_eq!(
            s.js(&format!("return {};", js::BEGIN_VALUE)).await,
            json!("")
        );
        let status = p.status().await;
        assert!(
            status.starts_with("Enter a Call ID"),
            "{opened_with:?}: {status}"
        );
        assert_eq!(p.result_views_shown().await, 0);
    }
    s.close().await;
}

#[tokio::test]
async fn saved_searches_and_hidden_columns_survive_a_reload() {
    let s = Session::start(Setup::default()).await;
    search_range(&s).await;
    s.click("#saved-searches summary").await;
    s.fill("#save-name", "Last week, VDN 1").await;
    s.click(".save-form button[type=submit]").await;
    s.wait_until(
        "the saved entry",
        "document.querySelector('.saved .named button')",
    )
    .await;

    s.click(".column-chooser summary").await;
    s.click(".column-chooser input[data-column=callerNo]").await;
    s.wait_until(
        "callerNo hidden",
        "!document.querySelector('th[data-column=callerNo]')",
    )
    .await;

    s.client.refresh().await.expect("reload");
    s.wait_until("rows after reload", &format!("{} > 0", js::ROW_COUNT))
        .await;
    assert_eq!(
        s.js("return !!document.querySelector('th[data-column=callerNo]');")
            .await,
        json!(false)
    );
    assert_eq!(
        s.js("return !!document.querySelector('th[data-column=calleeNo]');")
            .await,
        json!(true)
    );
    assert!(s
        .text_of(".saved .named")
        .await
        .contains("Last week, VDN 1"));
    assert!(s.text_of(".saved .recent").await.contains("2026-11-20"));

    let (csv, _) = export(&s).await;
    let header = csv.lines().next().unwrap_or_default().to_string();
    assert!(
        !header.contains("Calling number"),
        "hidden column exported: {header}"
    );
    assert!(header.contains("Called number"), "{header}");

    // Running the saved search from a fresh form fills it back in.
    s.page().fill_range("", "").await;
    s.click("#saved-searches summary").await;
    s.click(".saved .named button").await;
    s.wait_until(
        "the saved range",
        "document.querySelector('#begin').value === '2026-11-20T00:00'",
    )
    .await;
    s.close().await;
}

#[tokio::test]
async fn the_column_list_stays_inside_a_narrow_portal_column() {
    let s = Session::start(Setup::default()).await;
    search_range(&s).await;
    // A portal column 400 px wide, in a wide window: "Columns" wraps to the toolbar's right.
    s.js("document.querySelector('.app').style.maxWidth = '400px';")
        .await;
    s.click(".column-chooser summary").await;
    s.wait_for(".column-chooser input[data-column=vdn]").await;
    let overflow = s
        .js(
            "const bar = document.querySelector('.toolbar').getBoundingClientRect(); \
             const list = document.querySelector('.column-chooser ul').getBoundingClientRect(); \
             return [list.left - bar.left, bar.right - list.right];",
        )
        .await;
    let [left, right]: [f64; 2] = serde_json::from_value(overflow).expect("two numbers");
    assert!(
        left >= -1.0 && right >= -1.0,
        "the list sticks out of the 400 px toolbar: {left:.0} px left, {right:.0} px right"
    );
    // Its buttons are whole, and work.
    s.click(".column-chooser input[data-column=vdn]").await;
    s.wait_until(
        "VDN hidden",
        "!document.querySelector('th[data-column=vdn]')",
    )
    .await;
    s.close().await;
}

#[tokio::test]
async fn the_last_column_cannot_be_unticked() {
    let s = Session::start(Setup::default()).await;
    search_range(&s).await;
    s.click(".column-chooser summary").await;
    // Untick every box that lets itself be unticked, as a user trying to hide them all.
    for _ in 0..20 {
        let next = s
            .js("const b = document.querySelector('.column-chooser input:checked:not(:disabled)'); \
                 return b ? b.dataset.column : null;")
            .await;
        let Some(column) = next.as_str().map(str::to_string) else {
            break;
        };
        let shown_before = s
            .js("return document.querySelectorAll('thead th').length;")
            .await;
        s.click(&format!(".column-chooser input[data-column={column}]"))
            .await;
        s.wait_until(
            "the column hidden",
            &format!("document.querySelectorAll('thead th').length < {shown_before}"),
        )
        .await;
    }
    let state = s
        .js(
            "const boxes = [...document.querySelectorAll('.column-chooser input')]; \
             const on = boxes.filter(b => b.checked); \
             const th = [...document.querySelectorAll('thead th')].map(t => t.dataset.column); \
             return [on.map(b => b.dataset.column), on.map(b => b.disabled), th];",
        )
        .await;
    let (on, disabled, th): (Vec<String>, Vec<bool>, Vec<String>) =
        serde_json::from_value(state).expect("the chooser's state");
    assert_eq!(on.len(), 1, "one box stays ticked: {on:?}");
    assert_eq!(disabled, [true], "and cannot be unticked");
    assert_eq!(th, on, "the table shows the column whose box is ticked");
    s.close().await;
}

#[tokio::test]
async fn a_moved_column_keeps_the_keyboard_focus() {
    let s = Session::start(Setup::default()).await;
    search_range(&s).await;
    s.click(".column-chooser summary").await;
    let order = "[...document.querySelectorAll('thead th')].map(t => t.dataset.column).join(',')";
    let before = s.js(&format!("return {order};")).await;
    let before = before.as_str().unwrap_or_default().to_string();
    let at = |o: &str| o.split(',').position(|c| c == "outcome");
    assert!(at(&before).is_some_and(|i| i > 0), "{before}");
    let button = "document.querySelector('.column-chooser [aria-label=\"Move left: Outcome\"]')";
    s.js(&format!("{button}.focus();")).await;
    s.press(fantoccini::key::Key::Enter).await;
    s.wait_until(
        "Outcome moved left",
        &format!("{order} !== {}", json!(before)),
    )
    .await;
    let after = s.js(&format!("return {order};")).await;
    let after = after.as_str().unwrap_or_default();
    assert_eq!(at(after), at(&before).map(|i| i - 1), "{after}");
    // The focus stays on the button pressed, so Enter again moves it again.
    s.wait_until(
        "the focus back on Move left",
        &format!("document.activeElement === {button}"),
    )
    .await;
    s.close().await;
}

#[tokio::test]
async fn the_summary_counts_the_filtered_result() {
    let s = Session::start(Setup::default()).await;
    search_range(&s).await;
    let total = shown_total(&s).await;
    s.page().show_summary().await;
    s.wait_until("the summary", "document.querySelector('#summary svg')")
        .await;
    // Counts are grouped by thousands (`1,517`).
    assert!(s
        .text_of(".summary-count")
        .await
        .replace(',', "")
        .contains(&total.to_string()));
    // Each chart has a table for screen readers whose counts add up to the result.
    let sum = s
        .js("return [...document.querySelectorAll('#chart-call-type tbody td:nth-of-type(1)')].reduce((a, td) => a + Number(td.textContent.replace(/,/g, '')), 0);")
        .await;
    assert_eq!(sum, json!(total));
    assert!(s.text_of("#chart-media-type").await.contains("Voice"));
    s.close().await;
}

#[tokio::test]
async fn chinese_locale_shows_no_english_in_form_table_or_summary() {
    let s = Session::start(Setup::default().config("locale", json!("zh-CN"))).await;
    search_range(&s).await;
    // Words that may stay as they are: the tenant's acronyms, zone names, language names.
    let allowed = ["VDN", "ID", "UTC", "CSV", "English"];
    let english_words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 2 && !allowed.contains(w))
            .map(str::to_string)
            .collect()
    };
    let form = s.js("return document.querySelector('form.query').innerText + [...document.querySelectorAll('form.query option')].map(o => o.textContent).join(' ');").await;
    assert_eq!(
        english_words(form.as_str().unwrap_or_default()),
        Vec::<String>::new()
    );
    let table = s.js("return document.querySelector('table.records thead').innerText + document.querySelector('table.records tbody').innerText;").await;
    assert_eq!(
        english_words(table.as_str().unwrap_or_default()),
        Vec::<String>::new()
    );
    s.page().show_summary().await;
    s.wait_until("the summary", "document.querySelector('#summary svg')")
        .await;
    let summary = s.text_of(css::SUMMARY).await;
    assert_eq!(english_words(&summary), Vec::<String>::new());
    s.close().await;
}

#[tokio::test]
async fn masked_numbers_stay_masked_on_screen_and_in_the_export() {
    let s = Session::start(Setup::default().config("maskNumbers", json!(true))).await;
    search_range(&s).await;
    let callers = s.page().column("callerNo").await;
    assert!(!callers.is_empty());
    for caller in callers.iter().filter(|c| !c.is_empty()) {
        assert!(caller.contains("****"), "unmasked {caller}");
    }
    // Not in a hover title either.
    let titles = s.js("return [...document.querySelectorAll('td[data-column=callerNo]')].map(td => td.title).join('');").await;
    assert_eq!(titles, json!(""));
    let (csv, _) = export(&s).await;
    // The generated data has no commas inside fields, so a plain split finds the columns.
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let caller = header
        .iter()
        .position(|h| *h == "Calling number")
        .expect("a Calling number column");
    for line in lines {
        let cell = line.split(',').nth(caller).unwrap_or_default();
        assert!(
            cell.is_empty() || cell.contains("****"),
            "unmasked {cell} in the export"
        );
    }
    assert!(csv.contains("****"));
    s.close().await;
}
