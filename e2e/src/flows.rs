//! User flows shared by the test suites that run them against different back ends (the
//! simulator, the in-page demo).

use crate::Session;

/// The Search button.
pub const SEARCH: &str = "form.query button[type=submit]";

/// Waits until rows are on screen and no search is in flight.
pub async fn wait_for_rows(s: &Session) {
    s.wait_until(
        "rows",
        "document.querySelectorAll('tbody tr').length > 0 && !document.querySelector('section.results[aria-busy]')",
    )
    .await;
}

/// Searches November 2026 up to the 28th (the span of the simulator's default data, and of
/// the demo tests' fixed data) and waits for the rows.
pub async fn search_month(s: &Session) {
    s.set_value("#begin", "2026-11-01T00:00").await;
    s.set_value("#end", "2026-11-28T00:00").await;
    s.click(SEARCH).await;
    wait_for_rows(s).await;
}

/// With a result of more than 20 records on screen: 10 rows per page, the next page holds
/// other records, and sorting by Begin (ascending, then descending) orders the rows and goes
/// back to page 1.
pub async fn check_paging_and_sorting(s: &Session) {
    s.js("const e = document.querySelector('.page-size select'); e.value = '10'; e.dispatchEvent(new Event('change', {bubbles: true}));").await;
    s.wait_until(
        "10 rows",
        "document.querySelectorAll('tbody tr').length === 10",
    )
    .await;
    let first_page = s.column("callId").await;
    assert!(s.text_of(".page-of").await.starts_with("Page 1 of "));

    s.click(".pager button:last-of-type").await;
    s.wait_until(
        "page 2",
        "document.querySelector('.page-of').textContent.startsWith('Page 2 of')",
    )
    .await;
    let second_page = s.column("callId").await;
    assert_eq!(second_page.len(), 10);
    assert!(
        first_page.iter().all(|id| !second_page.contains(id)),
        "pages overlap"
    );
    assert!(s.text_of("#search-status").await.contains("11\u{2013}20"));

    // Sorting by Begin, then again for descending, goes back to page 1.
    s.click("th[data-column=begin] button").await;
    s.wait_until(
        "ascending",
        "document.querySelector('th[data-column=begin]').getAttribute('aria-sort') === 'ascending'",
    )
    .await;
    assert!(s.text_of(".page-of").await.starts_with("Page 1 of "));
    let ascending = s.column("begin").await;
    assert!(ascending.windows(2).all(|w| w[0] <= w[1]), "{ascending:?}");
    s.click("th[data-column=begin] button").await;
    s.wait_until("descending", "document.querySelector('th[data-column=begin]').getAttribute('aria-sort') === 'descending'").await;
    let descending = s.column("begin").await;
    assert!(
        descending.windows(2).all(|w| w[0] >= w[1]),
        "{descending:?}"
    );
    assert!(descending[0] >= ascending[ascending.len() - 1]);
}

/// Searches one Call ID that the back end will refuse, and checks the alert names
/// `expected` and the form still holds what was typed.
pub async fn failed_search_keeps_the_form(s: &Session, expected: &str) {
    const CALL_ID: &str = "1669464198-17002955";
    s.fill("#call-id", CALL_ID).await;
    s.click(SEARCH).await;
    let alert = s
        .wait_until(
            "an alert",
            "document.querySelector('#search-alert').textContent",
        )
        .await;
    let alert = alert.as_str().unwrap_or_default().to_string();
    assert!(
        alert.contains(expected),
        "expected {expected:?} in {alert:?}"
    );
    let kept = s
        .js("return document.querySelector('#call-id').value;")
        .await;
    assert_eq!(kept.as_str(), Some(CALL_ID), "the form lost the Call ID");
}
