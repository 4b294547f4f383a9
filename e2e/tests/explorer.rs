//! End-to-end: the release build against the simulator, in the engine `CDR_BROWSER` names, as a
//! supervisor uses it.

use cdr_e2e::flows::{self, search_month};
use cdr_e2e::page::js;
use cdr_e2e::{Session, Setup, TEST_TOKEN};
use serde_json::{json, Value};

/// Records every request body the page sends (gloo-net passes a Request to window.fetch).
const RECORD_REQUESTS: &str = r#"
    window.__sent = [];
    const original = window.fetch;
    window.fetch = function (input, init) {
        if (input instanceof Request) {
            const copy = input.clone();
            const entry = { url: copy.url, auth: copy.headers.get('Authorization') };
            window.__sent.push(entry);
            copy.text().then(t => { entry.body = t; });
        }
        return original.apply(this, arguments);
    };
"#;

#[tokio::test]
async fn seed_example_shows_two_rows_with_the_odd_time_raw() {
    let s = Session::start(Setup::default().sim(&["--scenario", "seed-example"])).await;
    let p = s.page();
    p.fill_call_id("1669464198-17002955").await;
    p.search().await;
    p.wait_for_rows().await;

    assert_eq!(p.row_count().await, 2);
    assert_eq!(
        p.column("callId").await,
        vec!["1669464198-17002955", "1669463446-17002406"]
    );
    // "100010" is no call time: shown as it came, never as a 1970 date.
    assert_eq!(p.column("begin").await, vec!["100010", "100010"]);
    assert_eq!(p.column("vdn").await, vec!["1", "1"]);
    s.close().await;
}

/// The toolbar, filters, quick filter, table and pager show with records only: not before a
/// search, not while a new search's first records are on their way (the old rows are gone),
/// not for a search that found nothing (the status line says so).
#[tokio::test]
async fn the_answer_views_show_with_records_only() {
    let s = Session::start(Setup::default().sim(&["--latency-ms", "600"])).await;
    let p = s.page();
    p.wait_for_app().await;
    assert_eq!(p.result_views_shown().await, 0, "before any search");
    search_month(&p).await;
    assert_eq!(p.result_views_shown().await, 5, "with the month's answer");

    p.fill_range("2026-11-20T00:00", "2026-11-21T00:00").await;
    p.search().await;
    s.wait_until(
        "the old rows gone while the new search runs",
        &format!("{} === 0", js::ROW_COUNT),
    )
    .await;
    assert!(p.is_busy().await, "the search ended before the check");
    assert_eq!(p.result_views_shown().await, 0, "while the new search runs");
    p.wait_for_rows().await;
    assert_eq!(p.result_views_shown().await, 5, "with the day's answer");

    p.fill_range("", "").await;
    p.fill_call_id("no-such-call").await;
    p.search().await;
    p.wait_for_status("the empty answer", "No calls match")
        .await;
    assert_eq!(
        p.result_views_shown().await,
        0,
        "for an answer with no records"
    );
    s.close().await;
}

#[tokio::test]
async fn call_id_query_finds_that_call() {
    let s = Session::start(Setup::default()).await;
    let p = s.page();
    search_month(&p).await;
    let ids = p.column("callId").await;
    let wanted = ids.get(3).cloned().expect("at least four rows");

    p.fill_range("", "").await;
    p.fill_call_id(&wanted).await;
    p.search().await;
    p.wait_for_row_count(1).await;
    assert_eq!(p.column("callId").await, vec![wanted]);
    s.close().await;
}

#[tokio::test]
async fn date_range_is_sent_as_epoch_ms_in_the_zone_shown() {
    let s = Session::start(Setup::default().config("timeZone", json!("+08:00"))).await;
    let p = s.page();
    s.run_in_page(RECORD_REQUESTS).await;
    assert!(s.text_of(".zone-note").await.contains("UTC+08:00"));
    // 08:00 at +08:00 is midnight UTC.
    p.fill_range("2026-11-20T08:00", "2026-11-21T08:00").await;
    p.search().await;
    p.wait_for_rows().await;
    let body = s
        .wait_until(
            "the request body",
            "window.__sent.length && window.__sent[0].body",
        )
        .await;
    let body: Value = serde_json::from_str(body.as_str().unwrap_or_default()).expect("JSON body");
    assert_eq!(body["beginDate"], json!("1795132800000"));
    assert_eq!(body["endDate"], json!("1795219200000"));
    assert_eq!(body["subCcNo"], json!("1"));
    assert_eq!(body["vdn"], json!("1"));
    assert!(
        body.get("callId").is_none(),
        "empty fields are left out: {body}"
    );
    let auth = s.js("return window.__sent[0].auth;").await;
    assert_eq!(auth, json!(format!("Bearer {TEST_TOKEN}")));
    // Every row's Begin is inside the range, shown in the same zone.
    for begin in p.column("begin").await {
        assert!(
            begin.as_str() >= "2026-11-20 08:00" && begin.as_str() <= "2026-11-21 08:00",
            "{begin} outside the range"
        );
    }
    s.close().await;
}

#[tokio::test]
async fn paging_and_sorting_walk_the_whole_result() {
    let s = Session::start(Setup::default()).await;
    search_month(&s.page()).await;
    flows::check_paging_and_sorting(&s.page()).await;
    s.close().await;
}

#[tokio::test]
async fn a_newer_search_aborts_the_one_in_flight() {
    let slow = Session::start(Setup::default().sim(&["--latency-ms", "1500"])).await;
    let p = slow.page();
    search_month(&p).await;
    let wanted = p.column("callId").await[0].clone();

    p.search().await;
    p.wait_for_loading().await;
    // A second search before the first answers: only its answer may show.
    p.fill_range("", "").await;
    p.fill_call_id(&wanted).await;
    p.search().await;
    // The newer answer.
    p.wait_for_row_count(1).await;
    tokio::time::sleep(std::time::Duration::from_millis(2000)).await;
    assert_eq!(p.column("callId").await, vec![wanted]);
    slow.close().await;
}

#[tokio::test]
async fn unauthorized_asks_for_a_token_and_retries() {
    let s = Session::start(Setup::default().config("token", Value::Null)).await;
    let p = s.page();
    p.fill_call_id("1").await;
    p.search().await;
    p.wait_for_token_dialog("the token dialog").await;
    assert!(p.alert().await.contains("401"));

    p.submit_token(TEST_TOKEN).await;
    p.wait_for_status("the retried search", "No calls match")
        .await;
    assert_eq!(p.alert().await, "");
    // The token stays out of the URL and, without the opt-in, out of storage.
    assert!(!s
        .js("return location.href;")
        .await
        .to_string()
        .contains(TEST_TOKEN));
    let stored = s
        .js("return JSON.stringify([{...sessionStorage}, {...localStorage}, document.cookie]);")
        .await;
    assert!(
        !stored.to_string().contains(TEST_TOKEN),
        "token stored: {stored}"
    );
    assert_eq!(s.js("return sessionStorage.length;").await, json!(0));
    s.close().await;
}

/// Each failure gives its own message in the alert region and keeps the form as typed.
#[tokio::test]
async fn each_failure_has_a_clear_message_and_the_form_is_kept() {
    let cases: [(Setup, &str); 4] = [
        (Setup::default().config("vdn", json!("9")), "500"),
        (
            Setup::default().config("apiBase", json!("/apiaccess/old")),
            "404",
        ),
        (Setup::default().sim(&["--html-502-rate", "1"]), "502"),
        (
            Setup::default().sim(&["--malformed-rate", "1"]),
            "could not be read",
        ),
    ];
    for (setup, expected) in cases {
        let s = Session::start(setup).await;
        flows::failed_search_keeps_the_form(&s.page(), expected).await;
        s.close().await;
    }
}

#[tokio::test]
async fn cancel_stops_a_slow_search() {
    let s = Session::start(Setup::default().sim(&["--latency-ms", "3000"])).await;
    let p = s.page();
    p.fill_call_id("1669464198-17002955").await;
    p.search().await;
    p.cancel().await;
    p.wait_for_status("the cancelled status", "cancelled").await;
    assert!(!p.is_busy().await);
    // The late answer (after 3 s) must not show up.
    tokio::time::sleep(std::time::Duration::from_millis(3500)).await;
    assert_eq!(p.row_count().await, 0);
    assert!(p.status().await.contains("cancelled"));
    s.close().await;
}

#[tokio::test]
async fn a_row_opens_its_details_and_escape_returns_to_it() {
    let s =
        Session::start(Setup::default().config("evaluationLabels", json!({"5": "Very satisfied"})))
            .await;
    let p = s.page();
    search_month(&p).await;
    let id = p.column("callId").await[2].clone();
    p.open_detail(2).await;
    let panel = p.detail_text().await;
    assert!(panel.contains(&id), "{panel}");
    for label in ["Wait", "Talk", "Duration", "Leave reason", "Copy Call ID"] {
        assert!(panel.contains(label), "{label} missing in {panel}");
    }
    // The panel's Duration is the table's, to the second.
    let duration = p.column("duration").await[2].clone();
    let in_panel = s
        .js(
            "const row = [...document.querySelectorAll('dl.durations div')] \
               .find(d => d.querySelector('dt').textContent === 'Duration'); \
             return row ? row.querySelector('dd').textContent : null;",
        )
        .await;
    assert_eq!(in_panel, json!(duration));
    // On a wide window the page makes room for the panel: the language switch in the
    // header stays visible and clickable while it is open (once scrolled to: on a short
    // window, opening a row scrolls it into view, and the header with it out of view).
    let uncovered = s
        .js("window.scrollTo(0, 0);
             const l = document.getElementById('language').getBoundingClientRect();
             const hit = document.elementFromPoint(l.left + l.width / 2, l.top + l.height / 2);
             return hit !== null && hit.closest('#language') !== null;")
        .await;
    assert_eq!(
        uncovered,
        json!(true),
        "the detail panel covers the language switch"
    );
    // Focus is in the panel; Escape closes it and focus goes back to the row.
    s.js("document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));")
        .await;
    p.wait_for_detail_closed().await;
    let focused = s.js("return document.activeElement.id;").await;
    assert_eq!(focused, json!("row-2"));
    // Escape closes it from elsewhere too (the quick filter here), and focus stays there.
    p.open_detail(2).await;
    s.js("document.querySelector('#quick-filter').focus();")
        .await;
    s.press(fantoccini::key::Key::Escape).await;
    p.wait_for_detail_closed().await;
    assert_eq!(
        s.js("return document.activeElement.id;").await,
        json!("quick-filter")
    );
    s.close().await;
}

#[tokio::test]
async fn the_tab_has_an_icon_served_with_the_app() {
    // Without one, every page load asked for /favicon.ico and got a 404 (a trial's finding).
    let s = Session::start(Setup::default()).await;
    s.page().wait_for_form().await;
    let icon = s
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const link = document.querySelector('link[rel=icon]');
             if (!link) { done('no icon link'); return; }
             fetch(link.href).then(r => done(r.status + ' ' + r.headers.get('content-type')),
                                   e => done(String(e)));",
            vec![],
        )
        .await
        .expect("fetch the icon");
    assert_eq!(icon, json!("200 image/svg+xml"), "{icon}");
    s.close().await;
}
