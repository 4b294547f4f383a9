//! The page object: CDR Explorer's page as a user sees it. Its selectors are written once,
//! here ([`css`], and the script expressions in [`js`]); tests say what a user does
//! ([`ExplorerPage::search`], [`ExplorerPage::open_detail`]) and what they see
//! ([`ExplorerPage::column`], [`ExplorerPage::status`]), so a change of markup is one edit.
//!
//! The selectors follow the markup of `src/components/` (form, results, detail panel,
//! token dialog).

use serde_json::{json, Value};

use crate::Session;

/// CSS selectors of the app's parts.
pub mod css {
    /// The query form.
    pub const FORM: &str = "form.query";
    /// The Search button.
    pub const SEARCH: &str = "form.query button[type=submit]";
    /// The Cancel button (shown while a search is in flight).
    pub const CANCEL: &str = "form.query button.cancel";
    /// The range's Begin and End (`datetime-local`).
    pub const BEGIN: &str = "#begin";
    pub const END: &str = "#end";
    /// The Call ID field.
    pub const CALL_ID: &str = "#call-id";
    /// The quick filter above the table.
    pub const QUICK_FILTER: &str = "#quick-filter";
    /// One row of the results table.
    pub const ROW: &str = "tbody tr";
    /// The results section while a search is in flight.
    pub const BUSY: &str = "section.results[aria-busy]";
    /// The status line ("Showing 1–20 of N", "Searching…", "cancelled").
    pub const STATUS: &str = "#search-status";
    /// The alert region a failed search writes to.
    pub const ALERT: &str = "#search-alert";
    /// "Page N of M" under the table.
    pub const PAGE_OF: &str = ".page-of";
    /// The Next page button.
    pub const NEXT_PAGE: &str = ".pager button:last-of-type";
    /// The rows-per-page select.
    pub const PAGE_SIZE: &str = ".page-size select";
    /// The detail panel of one record.
    pub const DETAIL: &str = "aside.detail";
    /// The token dialog, its field and its submit button.
    pub const TOKEN_DIALOG: &str = "dialog.token-dialog";
    pub const TOKEN_INPUT: &str = "#token-input";
    pub const TOKEN_SUBMIT: &str = "dialog.token-dialog button[type=submit]";
    /// The view switch's Table and Summary buttons, and the summary.
    pub const TABLE_VIEW: &str = ".view-switch button:first-child";
    pub const SUMMARY_VIEW: &str = ".view-switch button:last-child";
    pub const SUMMARY: &str = "#summary";
    /// The language select.
    pub const LANGUAGE: &str = "#language";
    /// The saved searches panel (part of the deferred code, src/deferred.rs).
    pub const SAVED_SEARCHES: &str = "#saved-searches";
    /// The complete-results load: its progress bar, Stop button, outcome ("All N calls
    /// loaded" and its check, or why the set is partial), and the list of slices that failed
    /// (each with a Retry button) or came back short.
    pub const LOAD_BAR: &str = "#load-bar";
    pub const LOAD_STOP: &str = "#load-stop";
    pub const LOAD_OUTCOME: &str = "#load-outcome";
    pub const SLICE_PROBLEMS: &str = "#slice-problems";
    pub const SLICE_RETRY: &str = "#slice-problems .slice-retry";
    /// The partial-set notes beside the export and above the summary.
    pub const EXPORT_PARTIAL: &str = "#export-partial";
    pub const SUMMARY_PARTIAL: &str = "#summary-partial";
    /// Export CSV and Copy link.
    pub const EXPORT_CSV: &str = "#export-csv";
    /// The Excel export button, and its message when the workbook could not be made.
    pub const EXPORT_XLSX: &str = "#export-xlsx";
    pub const EXPORT_XLSX_ERROR: &str = "#export-xlsx-error";
    pub const COPY_LINK: &str = "#copy-link";

    /// The header cell of the column `key` (`begin`, `callId`, ...).
    pub fn header(key: &str) -> String {
        format!("th[data-column={key}]")
    }

    /// The sort button in the header of the column `key`.
    pub fn sort_button(key: &str) -> String {
        format!("th[data-column={key}] button")
    }

    /// The row at `index` (0 = the first shown).
    pub fn row(index: usize) -> String {
        format!("tbody tr:nth-child({})", index + 1)
    }

    /// The first cell of the row at `index`: where a click on the row lands.
    pub fn row_cell(index: usize) -> String {
        format!("{} td:first-child", row(index))
    }
}

/// Script expressions on the app's state, to combine in [`Session::wait_until`] probes.
pub mod js {
    /// The number of rows on the current page.
    pub const ROW_COUNT: &str = "document.querySelectorAll('tbody tr').length";
    /// True while a search is in flight.
    pub const BUSY: &str = "!!document.querySelector('section.results[aria-busy]')";
    /// True when no search is in flight.
    pub const IDLE: &str = "!document.querySelector('section.results[aria-busy]')";
    /// The status line's text.
    pub const STATUS: &str = "document.querySelector('#search-status').textContent";
    /// The alert region's text.
    pub const ALERT: &str = "document.querySelector('#search-alert').textContent";
    /// True while the token dialog is open.
    pub const TOKEN_DIALOG_OPEN: &str = "document.querySelector('dialog.token-dialog').open";
    /// True while the detail panel is open.
    pub const DETAIL_OPEN: &str = "!!document.querySelector('aside.detail')";
    /// The value of the Call ID field.
    pub const CALL_ID_VALUE: &str = "document.querySelector('#call-id').value";
    /// The value of Begin.
    pub const BEGIN_VALUE: &str = "document.querySelector('#begin').value";

    /// The `aria-sort` of the column `key`'s header (`ascending`, `descending`, `none`).
    pub fn aria_sort(key: &str) -> String {
        format!("document.querySelector('th[data-column={key}]').getAttribute('aria-sort')")
    }
}

/// CDR Explorer's page in a [`Session`]. Cheap: a borrow of the session (see
/// [`Session::page`]); works in whatever document or frame the session is in.
#[derive(Clone, Copy)]
pub struct ExplorerPage<'s> {
    s: &'s Session,
}

impl<'s> ExplorerPage<'s> {
    pub fn new(s: &'s Session) -> ExplorerPage<'s> {
        ExplorerPage { s }
    }

    /// The session underneath, for what the page object does not cover.
    pub fn session(&self) -> &'s Session {
        self.s
    }

    /// Waits until the form is on screen (the app has started).
    pub async fn wait_for_form(&self) {
        self.s.wait_for(css::SEARCH).await;
    }

    /// Waits until the app has started and its deferred parts (`src/deferred.rs`: the zone
    /// picker, saved searches, the token dialog) are on screen, or their alert is: they come
    /// a moment after the form and move its buttons (in WebKit, under a click already
    /// aimed).
    pub async fn wait_for_app(&self) {
        self.wait_for_form().await;
        self.s
            .wait_until(
                "the deferred parts, or their alert",
                "document.querySelector('#saved-searches, .deferred-failed')",
            )
            .await;
    }

    /// Sets Begin (`YYYY-MM-DDTHH:MM`, or "" to clear it).
    pub async fn fill_begin(&self, value: &str) {
        self.s.set_value(css::BEGIN, value).await;
    }

    /// Sets End (`YYYY-MM-DDTHH:MM`, or "" to clear it).
    pub async fn fill_end(&self, value: &str) {
        self.s.set_value(css::END, value).await;
    }

    /// Sets Begin and End.
    pub async fn fill_range(&self, begin: &str, end: &str) {
        self.fill_begin(begin).await;
        self.fill_end(end).await;
    }

    /// Types a Call ID (replacing what the field held).
    pub async fn fill_call_id(&self, value: &str) {
        self.s.fill(css::CALL_ID, value).await;
    }

    /// What the Call ID field holds.
    pub async fn call_id(&self) -> Value {
        self.s.js(&format!("return {};", js::CALL_ID_VALUE)).await
    }

    /// Types into the quick filter.
    pub async fn fill_quick_filter(&self, value: &str) {
        self.s.fill(css::QUICK_FILTER, value).await;
    }

    /// Waits until the complete-results load has an outcome, and returns its text.
    pub async fn wait_for_load_outcome(&self) -> String {
        self.s
            .wait_until(
                "the load's outcome",
                &format!(
                    "document.querySelector({0}) && document.querySelector({0}).textContent",
                    json!(css::LOAD_OUTCOME)
                ),
            )
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Waits until the load has every call the service counted ("All N calls loaded."),
    /// and returns the outcome's text.
    pub async fn wait_for_complete_load(&self) -> String {
        self.wait_for_load_outcome_where("every call loaded", "startsWith('All ')")
            .await
    }

    /// Waits until the load's outcome text passes `test`, a string method call such as
    /// `startsWith('All ')` or `includes('Call IDs searched')`, and returns the text.
    pub async fn wait_for_load_outcome_where(&self, what: &str, test: &str) -> String {
        self.s
            .wait_until(
                what,
                &format!(
                    "(document.querySelector({0}) || {{}}).textContent?.{test} \
                     && document.querySelector({0}).textContent",
                    json!(css::LOAD_OUTCOME)
                ),
            )
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// How many of the answer's views (toolbar, filters, quick filter, table, pager) are
    /// on screen: they are built with the page and hidden until an answer arrives.
    pub async fn result_views_shown(&self) -> u64 {
        self.s
            .js(
                "return ['.toolbar', '#filters', '#quick-filter', 'table.records', '.pager']
                .map(q => document.querySelector(q))
                .filter(e => e && e.getClientRects().length > 0).length;",
            )
            .await
            .as_u64()
            .unwrap_or(u64::MAX)
    }

    /// Whether nothing on the page matches `selector`.
    pub async fn is_absent(&self, selector: &str) -> bool {
        self.s
            .js(&format!(
                "return document.querySelector({}) === null;",
                json!(selector)
            ))
            .await
            == json!(true)
    }

    /// Clicks Export CSV and returns the file's text (caught before it is saved).
    pub async fn exported_csv(&self) -> String {
        self.s.js(CAPTURE_DOWNLOAD).await;
        self.s.click(css::EXPORT_CSV).await;
        let csv = self.s.wait_until("the CSV", "window.__csv").await;
        csv.as_str().unwrap_or_default().to_string()
    }

    /// Clicks "Excel (.xlsx)" and returns the downloaded file: its name and its bytes
    /// (read from the Blob handed to the download, not saved).
    pub async fn exported_xlsx(&self) -> (String, Vec<u8>) {
        self.s.js(CAPTURE_BYTES_DOWNLOAD).await;
        self.s.click(css::EXPORT_XLSX).await;
        let got = self
            .s
            .wait_until("the .xlsx download", "window.__xlsx")
            .await;
        let name = got["name"].as_str().unwrap_or_default().to_string();
        let bytes = got["bytes"]
            .as_array()
            .map(|a| a.iter().map(|b| b.as_u64().unwrap_or(0) as u8).collect())
            .unwrap_or_default();
        (name, bytes)
    }

    /// Clicks Search.
    pub async fn search(&self) {
        self.s.click(css::SEARCH).await;
    }

    /// Clicks Cancel.
    pub async fn cancel(&self) {
        self.s.click(css::CANCEL).await;
    }

    /// Waits until rows are on screen and no search is in flight.
    pub async fn wait_for_rows(&self) {
        self.s
            .wait_until("rows", &format!("{} > 0 && {}", js::ROW_COUNT, js::IDLE))
            .await;
    }

    /// Waits until exactly `n` rows are on screen.
    pub async fn wait_for_row_count(&self, n: usize) {
        self.s
            .wait_until(&format!("{n} rows"), &format!("{} === {n}", js::ROW_COUNT))
            .await;
    }

    /// Waits until exactly `n` rows are on screen and no search is in flight.
    pub async fn wait_for_answer_rows(&self, n: usize) {
        self.s
            .wait_until(
                &format!("{n} rows, idle"),
                &format!("{} === {n} && {}", js::ROW_COUNT, js::IDLE),
            )
            .await;
    }

    /// Waits until a search is in flight.
    pub async fn wait_for_loading(&self) {
        self.s
            .wait_until(
                "loading",
                &format!("document.querySelector({})", json!(css::BUSY)),
            )
            .await;
    }

    /// Whether a search is in flight.
    pub async fn is_busy(&self) -> bool {
        self.s.js(&format!("return {};", js::BUSY)).await == json!(true)
    }

    /// The number of rows on the current page.
    pub async fn row_count(&self) -> usize {
        self.s
            .js(&format!("return {};", js::ROW_COUNT))
            .await
            .as_u64()
            .unwrap_or(0) as usize
    }

    /// The text of every cell of the column `key` on the current page, top to bottom.
    pub async fn column(&self, key: &str) -> Vec<String> {
        let script = format!(
            "return [...document.querySelectorAll('tbody td[data-column=\"{key}\"]')].map(td => td.textContent);"
        );
        match self.s.js(&script).await {
            Value::Array(items) => items
                .into_iter()
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The status line's text.
    pub async fn status(&self) -> String {
        self.s.text_of(css::STATUS).await
    }

    /// Waits until the status line contains `needle`.
    pub async fn wait_for_status(&self, what: &str, needle: &str) {
        self.s
            .wait_until(what, &format!("{}.includes({})", js::STATUS, json!(needle)))
            .await;
    }

    /// The alert region's text ("" when there is no alert).
    pub async fn alert(&self) -> String {
        self.s.text_of(css::ALERT).await
    }

    /// Waits until the alert region has text, and returns it.
    pub async fn wait_for_alert(&self, what: &str) -> String {
        self.s
            .wait_until(what, js::ALERT)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// "Page N of M".
    pub async fn page_of(&self) -> String {
        self.s.text_of(css::PAGE_OF).await
    }

    /// Chooses how many rows a page shows.
    pub async fn set_page_size(&self, rows: usize) {
        self.s.set_value(css::PAGE_SIZE, &rows.to_string()).await;
    }

    /// Waits until "Page `n` of M" shows.
    pub async fn wait_for_page(&self, n: usize) {
        self.s
            .wait_until(
                &format!("page {n}"),
                &format!(
                    "document.querySelector({}).textContent.startsWith('Page {n} of')",
                    json!(css::PAGE_OF)
                ),
            )
            .await;
    }

    /// Clicks Next page.
    pub async fn next_page(&self) {
        self.s.click(css::NEXT_PAGE).await;
    }

    /// Clicks the sort button of the column `key`, and waits until its header says
    /// `direction` (`ascending` or `descending`).
    pub async fn sort_by(&self, key: &str, direction: &str) {
        self.s.click(&css::sort_button(key)).await;
        self.s
            .wait_until(
                direction,
                &format!("{} === {}", js::aria_sort(key), json!(direction)),
            )
            .await;
    }

    /// Clicks the row at `index` (0 = the first shown) and waits for its detail panel.
    /// The click lands on the row's first cell, as a pointer does (Firefox's WebDriver
    /// cannot click a table row itself: "could not be scrolled into view").
    pub async fn open_detail(&self, index: usize) {
        self.s.click(&css::row_cell(index)).await;
        self.s.wait_for(css::DETAIL).await;
    }

    /// The detail panel's text ("" when it is closed).
    pub async fn detail_text(&self) -> String {
        self.s.text_of(css::DETAIL).await
    }

    /// Waits until the detail panel is closed.
    pub async fn wait_for_detail_closed(&self) {
        self.s
            .wait_until("the panel closed", &format!("!{}", js::DETAIL_OPEN))
            .await;
    }

    /// Waits until the token dialog is open.
    pub async fn wait_for_token_dialog(&self, what: &str) {
        self.s.wait_until(what, js::TOKEN_DIALOG_OPEN).await;
    }

    /// Types `token` into the token dialog and submits it.
    pub async fn submit_token(&self, token: &str) {
        self.s.fill(css::TOKEN_INPUT, token).await;
        self.s.click(css::TOKEN_SUBMIT).await;
    }

    /// Switches to the summary and waits for it.
    pub async fn show_summary(&self) {
        self.s.click(css::SUMMARY_VIEW).await;
        self.s.wait_for(css::SUMMARY).await;
    }

    /// Switches back to the table.
    pub async fn show_table(&self) {
        self.s.click(css::TABLE_VIEW).await;
    }

    /// Switches the language (`en`, `zh-CN`).
    pub async fn set_language(&self, locale: &str) {
        self.s.set_value(css::LANGUAGE, locale).await;
    }
}

/// Catches the next download's text in `window.__csv` instead of saving the file.
const CAPTURE_DOWNLOAD: &str = r#"
    window.__csv = null;
    window.__blobs = [];
    const create = URL.createObjectURL;
    URL.createObjectURL = function (blob) { window.__blobs.push(blob); return create.call(this, blob); };
    HTMLAnchorElement.prototype.click = function () {
        const blob = window.__blobs[window.__blobs.length - 1];
        window.__csvName = this.download;
        blob.text().then(t => { window.__csv = t; });
    };
"#;

/// Catches the next download's name and bytes in `window.__xlsx` instead of saving the file.
const CAPTURE_BYTES_DOWNLOAD: &str = r#"
    window.__xlsx = null;
    window.__xlsxBlobs = [];
    const create = URL.createObjectURL;
    URL.createObjectURL = function (blob) { window.__xlsxBlobs.push(blob); return create.call(this, blob); };
    HTMLAnchorElement.prototype.click = function () {
        const name = this.download;
        const blob = window.__xlsxBlobs[window.__xlsxBlobs.length - 1];
        blob.arrayBuffer().then(b => { window.__xlsx = { name, type: blob.type, bytes: Array.from(new Uint8Array(b)) }; });
    };
"#;

/// The first count in `text`, as the page writes counts (`66,640`); panics without one.
pub fn first_count(text: &str) -> u64 {
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no count in {text:?}"))
}
