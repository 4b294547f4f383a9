//! User flows shared by the test suites that run them against different back ends (the
//! simulator, the in-page demo, the app behind nginx), written on the page object.

use cdr_core::{Query, Record};
use cdr_sim::dataset::{Dataset, DatasetSpec};

use crate::page::ExplorerPage;

/// The records the simulator answers a search from `begin` to `end` (epoch ms) with
/// ([`crate::Setup::default`]: seed 1, 3,000 records, VDN 1), decoded as the page decodes
/// them: what a test counts itself to check the page's figures. Panics if the search is
/// capped (over 5,000 records).
pub fn expected_records(begin: i64, end: i64) -> Vec<Record> {
    let ds = Dataset::generate(&DatasetSpec {
        records: 3000,
        ..DatasetSpec::default()
    });
    let query = Query {
        sub_cc_no: "1".into(),
        vdn: "1".into(),
        begin_date: Some(begin),
        end_date: Some(end),
        ..Query::default()
    };
    let found = ds.query(&query, 5000);
    assert_eq!(found.total, found.indices.len(), "under the cap");
    let json: Vec<String> = found.indices.iter().map(|&i| ds.record_json(i)).collect();
    let body = format!("{{\"results\":[{}]}}", json.join(","));
    cdr_core::decode_response(&body)
        .expect("the simulator's records decode")
        .records
}

/// Searches November 2026 up to the 28th (the span of the simulator's default data, and of
/// the demo tests' fixed data) and waits for the rows.
pub async fn search_month(p: &ExplorerPage<'_>) {
    p.fill_range("2026-11-01T00:00", "2026-11-28T00:00").await;
    p.search().await;
    p.wait_for_rows().await;
}

/// With a result of more than 20 records on screen: 10 rows per page, the next page holds
/// other records, and sorting by Begin (ascending, then descending) orders the rows and goes
/// back to page 1.
pub async fn check_paging_and_sorting(p: &ExplorerPage<'_>) {
    p.set_page_size(10).await;
    p.wait_for_row_count(10).await;
    let first_page = p.column("callId").await;
    assert!(p.page_of().await.starts_with("Page 1 of "));

    p.next_page().await;
    p.wait_for_page(2).await;
    let second_page = p.column("callId").await;
    assert_eq!(second_page.len(), 10);
    assert!(
        first_page.iter().all(|id| !second_page.contains(id)),
        "pages overlap"
    );
    assert!(p.status().await.contains("11\u{2013}20"));

    // Sorting by Begin, then again for descending, goes back to page 1.
    p.sort_by("begin", "ascending").await;
    assert!(p.page_of().await.starts_with("Page 1 of "));
    let ascending = p.column("begin").await;
    assert!(ascending.windows(2).all(|w| w[0] <= w[1]), "{ascending:?}");
    p.sort_by("begin", "descending").await;
    let descending = p.column("begin").await;
    assert!(
        descending.windows(2).all(|w| w[0] >= w[1]),
        "{descending:?}"
    );
    assert!(descending[0] >= ascending[ascending.len() - 1]);
}

/// Searches one Call ID that the back end will refuse, and checks the alert names
/// `expected` and the form still holds what was typed.
pub async fn failed_search_keeps_the_form(p: &ExplorerPage<'_>, expected: &str) {
    const CALL_ID: &str = "1669464198-17002955";
    p.fill_call_id(CALL_ID).await;
    p.search().await;
    let alert = p.wait_for_alert("an alert").await;
    assert!(
        alert.contains(expected),
        "expected {expected:?} in {alert:?}"
    );
    let kept = p.call_id().await;
    assert_eq!(kept.as_str(), Some(CALL_ID), "the form lost the Call ID");
    // No answer, so none of its views: no toolbar, filters or empty table under the alert.
    assert_eq!(
        p.result_views_shown().await,
        0,
        "result views under the alert"
    );
}

/// The English words (two or more ASCII letters) in a text a Chinese page shows: a test of a
/// zh-CN view asserts there are none.
pub fn english_words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .collect()
}
