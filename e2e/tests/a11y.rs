//! End-to-end accessibility (issue #9): axe-core finds no violations in any state of the
//! page, a keyboard alone completes the main task, loading and counts are announced, focus
//! is visible and motion respects the user's setting.
//!
//! axe-core comes from npm (`scripts/bootstrap` installs it into `.tools/`).

use std::time::{SystemTime, UNIX_EPOCH};

use cdr_e2e::page::{css, js};
use cdr_e2e::{Session, Setup};
use fantoccini::key::Key;
use serde_json::json;

async fn assert_no_violations(s: &Session, state: &str) {
    let violations = s.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe-core, {state}:\n{}",
        violations.join("\n")
    );
}

async fn search_range(s: &Session) {
    let p = s.page();
    p.fill_range("2026-11-20T00:00", "2026-11-28T00:00").await;
    p.search().await;
}

#[tokio::test]
async fn no_violations_from_empty_form_to_summary() {
    let s = Session::start(Setup::default()).await;
    let p = s.page();
    p.wait_for_form().await;
    assert_no_violations(&s, "empty form").await;

    p.search().await;
    s.wait_until(
        "validation errors",
        "document.querySelector('.field-msg .error')",
    )
    .await;
    assert_no_violations(&s, "validation errors").await;

    search_range(&s).await;
    p.wait_for_rows().await;
    assert_no_violations(&s, "results").await;

    p.open_detail(0).await;
    assert_no_violations(&s, "detail panel open").await;
    s.client
        .active_element()
        .await
        .expect("focus")
        .send_keys(&Key::Escape.to_string())
        .await
        .expect("Escape");
    p.wait_for_detail_closed().await;

    p.show_summary().await;
    assert_no_violations(&s, "summary view").await;
    open_chart_tables(&s).await;
    assert_no_violations(
        &s,
        "summary, every chart's data table open, service level grid",
    )
    .await;
    s.close().await;
}

/// Opens the summary charts' data tables and switches the weekday × hour grid to the
/// service level.
async fn open_chart_tables(s: &Session) {
    s.js("document.querySelectorAll('.table-toggle').forEach(b => b.click());")
        .await;
    s.wait_until(
        "the charts' data tables",
        "document.querySelectorAll('.chart-table table').length === 4",
    )
    .await;
    s.js(
        "const m = document.querySelector('#heatmap-metric'); m.value = 'serviceLevel'; \
          m.dispatchEvent(new Event('change', { bubbles: true }));",
    )
    .await;
    s.wait_until(
        "the service level grid",
        "document.querySelector('#heatmap-table[data-metric=serviceLevel]')",
    )
    .await;
}

#[tokio::test]
async fn no_violations_while_loading_and_after_an_error() {
    let s = Session::start(Setup::default().sim(&["--latency-ms", "3000"])).await;
    search_range(&s).await;
    s.page().wait_for_loading().await;
    // Loading is announced in the status region.
    assert_eq!(
        s.js("return document.querySelector('#search-status').getAttribute('role');")
            .await,
        json!("status")
    );
    assert!(s.page().status().await.contains("Searching"));
    assert_no_violations(&s, "loading").await;
    s.close().await;

    let s = Session::start(Setup::default().config("vdn", json!("9"))).await;
    search_range(&s).await;
    s.page().wait_for_alert("an alert").await;
    assert_eq!(
        s.js("return document.querySelector('#search-alert').getAttribute('role');")
            .await,
        json!("alert")
    );
    assert_no_violations(&s, "error (500)").await;
    s.close().await;
}

#[tokio::test]
async fn no_violations_in_chinese() {
    let s = Session::start(Setup::default().config("locale", json!("zh-CN"))).await;
    s.page().wait_for_form().await;
    assert_eq!(
        s.js("return document.querySelector('.app').getAttribute('lang');")
            .await,
        json!("zh-CN")
    );
    assert_no_violations(&s, "zh-CN empty form").await;
    search_range(&s).await;
    s.page().wait_for_rows().await;
    assert_no_violations(&s, "zh-CN results").await;
    s.page().show_summary().await;
    open_chart_tables(&s).await;
    assert_no_violations(&s, "zh-CN summary, charts' data tables open").await;
    s.close().await;
}

/// Whether the focused element draws a visible outline.
async fn focus_is_visible(s: &Session) -> bool {
    s.js("const st = getComputedStyle(document.activeElement); return st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0;")
        .await
        == json!(true)
}

#[tokio::test]
async fn a_keyboard_alone_searches_pages_sorts_and_opens_a_record() {
    // The data ends now, so the "Last 7 days" preset finds calls whatever today is.
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_millis()
        .to_string();
    let s = Session::start(Setup::default().sim(&["--end-ms", &now_ms])).await;
    let p = s.page();
    p.wait_for_form().await;

    s.tab_to(
        "the Last 7 days preset",
        "el.matches('.presets button:last-child')",
        80,
    )
    .await;
    assert!(focus_is_visible(&s).await, "focus ring on the preset");
    s.press(Key::Enter).await;
    s.wait_until("a filled Begin", js::BEGIN_VALUE).await;
    s.tab_to("Search", &format!("el.matches({:?})", css::SEARCH), 80)
        .await;
    s.press(Key::Enter).await;
    p.wait_for_rows().await;
    let status = p.status().await;
    assert!(
        status.contains("1\u{2013}20 of"),
        "count announced: {status}"
    );

    s.tab_to(
        "Next page",
        &format!("el.matches({:?})", css::NEXT_PAGE),
        80,
    )
    .await;
    s.press(Key::Enter).await;
    p.wait_for_page(2).await;
    assert!(p.status().await.contains("21\u{2013}40"));

    s.tab_to(
        "the Begin header",
        &format!("el.matches({:?})", css::sort_button("begin")),
        80,
    )
    .await;
    assert!(focus_is_visible(&s).await, "focus ring on the header");
    s.press(Key::Enter).await;
    s.wait_until(
        "sorted",
        &format!("{} === 'ascending'", js::aria_sort("begin")),
    )
    .await;

    s.tab_to("a row", &format!("el.matches({:?})", css::ROW), 80)
        .await;
    assert!(focus_is_visible(&s).await, "focus ring on the row");
    let row_id = s.js("return document.activeElement.id;").await;
    s.press(Key::Enter).await;
    s.wait_until(
        "the detail panel with focus inside",
        "document.querySelector('aside.detail') && document.querySelector('aside.detail').contains(document.activeElement)",
    )
    .await;
    s.press(Key::Escape).await;
    p.wait_for_detail_closed().await;
    assert_eq!(
        s.js("return document.activeElement.id;").await,
        row_id,
        "focus returns to the row"
    );
    s.close().await;
}

#[tokio::test]
async fn motion_respects_the_user_setting() {
    let s = Session::start(Setup::default()).await;
    s.page().wait_for_form().await;
    let rules = s
        .js("const found = [];
             for (const sheet of document.styleSheets) {
                 for (const rule of sheet.cssRules) {
                     if (rule instanceof CSSMediaRule && rule.conditionText.includes('prefers-reduced-motion')) found.push(rule.cssText);
                     if (rule.selectorText && rule.selectorText.includes(':focus-visible')) found.push(rule.cssText);
                 }
             }
             return found;")
        .await;
    let rules = rules.to_string();
    assert!(rules.contains("prefers-reduced-motion: reduce"), "{rules}");
    assert!(rules.contains("transition: none"), "{rules}");
    assert!(rules.contains("animation"), "{rules}");
    assert!(rules.contains(":focus-visible"), "{rules}");
    s.close().await;
}
