//! End-to-end fault matrix (issue #9): every way a search can fail gives a clear message in
//! the alert region, keeps the form as typed, and the next search works.
//!
//! The simulator's `--fault-first 1` makes only the first API request faulty (faults and
//! delays alike), so one session shows the failure and then a working search. Faults the
//! rates cannot express use `--force-status`, `--body-fault` and `--trickle-ms`.

use cdr_e2e::page::{css, js};
use cdr_e2e::{free_port, ExplorerPage, Session, Setup, TEST_TOKEN};
use serde_json::{json, Value};
/// A call of the `seed-example` scenario (which answers two records to any query).
const CALL_ID: &str = "1669464198-17002955";

/// Counts `window.fetch` calls to the query endpoint and how many have settled.
const COUNT_REQUESTS: &str = r#"
    window.__sent = [];
    window.__settled = 0;
    const original = window.fetch;
    window.fetch = function (input, init) {
        const url = input instanceof Request ? input.url : String(input);
        if (url.includes('queryCallManualDetailInfo')) {
            const entry = { url };
            window.__sent.push(entry);
            if (input instanceof Request) input.clone().text().then(t => { entry.body = t; });
            const p = original.apply(this, arguments);
            p.then(() => {}, () => {}).finally(() => { window.__settled += 1; });
            return p;
        }
        return original.apply(this, arguments);
    };
"#;

fn seed_example() -> Setup {
    Setup::default().sim(&["--scenario", "seed-example", "--fault-first", "1"])
}

async fn alert_text(p: &ExplorerPage<'_>) -> String {
    p.alert().await
}

async fn call_id_value(p: &ExplorerPage<'_>) -> Value {
    p.call_id().await
}

/// Searches for [`CALL_ID`] and waits for an alert containing every one of `expected`;
/// checks the form kept the value; then searches again and expects the two records.
async fn fails_then_recovers(name: &str, setup: Setup, expected: &[&str]) {
    fails_then_recovers_with(name, setup, expected, false).await;
}

/// [`fails_then_recovers`]; with `cut_midway`, the body broke off somewhere inside, and the
/// records read before the cut stay on screen with the message saying how many came.
async fn fails_then_recovers_with(name: &str, setup: Setup, expected: &[&str], cut_midway: bool) {
    let s = Session::start(setup).await;
    let p = s.page();
    p.fill_call_id(CALL_ID).await;
    p.search().await;
    let alert = p.wait_for_alert(&format!("{name}: an alert")).await;
    for e in expected {
        assert!(alert.contains(e), "{name}: expected {e:?} in {alert:?}");
    }
    assert_eq!(call_id_value(&p).await, json!(CALL_ID), "{name}: form kept");
    let rows = p.row_count().await;
    if cut_midway && rows > 0 {
        let came = format!("broke off after {rows} calls");
        assert!(
            alert.contains(&came),
            "{name}: expected {came:?} in {alert:?}"
        );
        let status = p.status().await;
        assert!(
            status.contains(&format!("of {rows}")),
            "{name}: status {status:?}"
        );
    } else {
        assert_eq!(p.status().await, "", "{name}: no stale status");
        assert_eq!(rows, 0, "{name}: no rows under the error");
    }

    p.search().await;
    // The next search.
    p.wait_for_answer_rows(2).await;
    assert_eq!(alert_text(&p).await, "", "{name}: the alert is gone");
    assert_eq!(call_id_value(&p).await, json!(CALL_ID));
    s.close().await;
}

#[tokio::test]
async fn http_errors_each_have_their_own_message() {
    let cases: [(&str, Setup, &[&str]); 5] = [
        (
            "400",
            seed_example().sim(&["--force-status", "400"]),
            &["400", "rejected"],
        ),
        (
            "404",
            seed_example().sim(&["--force-status", "404"]),
            &["404", "apiBase"],
        ),
        (
            "500",
            seed_example().sim(&["--force-status", "500"]),
            &["500"],
        ),
        (
            "503",
            seed_example().sim(&["--force-status", "503"]),
            &["503", "forced by --force-status"],
        ),
        (
            "HTML 502",
            seed_example().sim(&["--html-502-rate", "1"]),
            &["502", "Bad Gateway"],
        ),
    ];
    for (name, setup, expected) in cases {
        fails_then_recovers(name, setup, expected).await;
    }
}

#[tokio::test]
async fn unreadable_answers_each_have_their_own_message() {
    let cases: [(&str, Setup, &[&str]); 4] = [
        (
            "malformed JSON",
            seed_example().sim(&["--malformed-rate", "1"]),
            &["could not be read"],
        ),
        (
            "empty 200",
            seed_example().sim(&["--body-fault", "empty"]),
            &["empty answer"],
        ),
        (
            "results not a list",
            seed_example().sim(&["--body-fault", "results-not-array"]),
            &["\"results\"", "not a list"],
        ),
        (
            "results null while total counts calls",
            seed_example().sim(&["--body-fault", "results-null"]),
            &["\"results\"", "null"],
        ),
    ];
    for (name, setup, expected) in cases {
        let cut_midway = name == "malformed JSON";
        fails_then_recovers_with(name, setup, expected, cut_midway).await;
    }
}

#[tokio::test]
async fn timeouts_and_trickles_are_reported() {
    let cases: [(&str, Setup, &[&str]); 2] = [
        (
            "timeout",
            seed_example()
                .sim(&["--latency-ms", "3000"])
                .config("requestTimeoutSeconds", json!(1)),
            &["No answer after 1 second,"],
        ),
        (
            "slow trickle",
            seed_example()
                .sim(&["--trickle-ms", "500"])
                .config("requestTimeoutSeconds", json!(2)),
            &["No answer after 2 seconds"],
        ),
    ];
    for (name, setup, expected) in cases {
        let cut_midway = name == "slow trickle";
        fails_then_recovers_with(name, setup, expected, cut_midway).await;
    }
}

#[tokio::test]
async fn unauthorized_asks_for_a_token_then_the_search_runs() {
    let s = Session::start(seed_example().sim(&["--force-status", "401"])).await;
    let p = s.page();
    p.fill_call_id(CALL_ID).await;
    p.search().await;
    p.wait_for_token_dialog("the token dialog").await;
    assert!(alert_text(&p).await.contains("401"));
    assert_eq!(call_id_value(&p).await, json!(CALL_ID));
    p.submit_token(TEST_TOKEN).await;
    // The retried search.
    p.wait_for_row_count(2).await;
    assert_eq!(alert_text(&p).await, "");
    s.close().await;
}

/// A closed port (nothing listens): the browser cannot connect at all. Cross-origin too,
/// so CORS would block it as well; either way it is a network failure.
#[tokio::test]
async fn a_stopped_upstream_is_a_network_failure_and_search_stays_usable() {
    let port = free_port();
    network_failure_twice(
        seed_example().config("apiBase", json!(format!("http://127.0.0.1:{port}"))),
    )
    .await;
}

/// Every connection closed without a byte. Not `--fault-first`: Chromium silently retries a
/// POST whose reused connection closed empty, so only dropping every request is certain.
#[tokio::test]
async fn dropped_connections_are_a_network_failure() {
    network_failure_twice(Setup::default().sim(&[
        "--scenario",
        "seed-example",
        "--drop-rate",
        "1",
    ]))
    .await;
}

/// Two searches, each ends with the network message; the form keeps its value.
async fn network_failure_twice(setup: Setup) {
    let s = Session::start(setup).await;
    let p = s.page();
    s.run_in_page(COUNT_REQUESTS).await;
    p.fill_call_id(CALL_ID).await;
    for attempt in 1..=2 {
        p.search().await;
        s.wait_until(
            "a settled request",
            &format!("window.__settled === {attempt}"),
        )
        .await;
        let alert = p.wait_for_alert("the network alert").await;
        assert!(alert.contains("Could not reach the service"), "{alert}");
        assert_eq!(call_id_value(&p).await, json!(CALL_ID));
    }
    assert_eq!(s.js("return window.__sent.length;").await, json!(2));
    s.close().await;
}

/// Answers that look wrong but carry the data: the app reads the body, not the label.
#[tokio::test]
async fn mislabelled_and_huge_answers() {
    // text/plain JSON: shown (the body decides, as proxies often mislabel).
    let s = Session::start(seed_example().sim(&["--body-fault", "text-plain"])).await;
    let p = s.page();
    p.fill_call_id(CALL_ID).await;
    p.search().await;
    // Rows from text/plain.
    p.wait_for_row_count(2).await;
    assert_eq!(alert_text(&p).await, "");
    s.close().await;

    // 10 MiB of padding beside the records: shown, and the page stays responsive.
    let s = Session::start(seed_example().sim(&["--body-fault", "huge"])).await;
    let p = s.page();
    p.fill_call_id(CALL_ID).await;
    p.search().await;
    // Rows from 10 MiB.
    p.wait_for_row_count(2).await;
    assert_eq!(alert_text(&p).await, "");
    let started = std::time::Instant::now();
    s.js("return 1;").await;
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    s.close().await;
}

#[tokio::test]
async fn a_double_click_on_search_sends_one_request() {
    let s = Session::start(Setup::default().sim(&[
        "--scenario",
        "seed-example",
        // Long enough that the second click lands while the first search is in flight even
        // when three browsers share two busy cores (a WebDriver click can then take ~1 s).
        "--latency-ms",
        "4000",
    ]))
    .await;
    let p = s.page();
    s.run_in_page(COUNT_REQUESTS).await;
    p.fill_call_id(CALL_ID).await;
    let button = s.wait_for(css::SEARCH).await;
    button.click().await.expect("first click");
    button.click().await.expect("second click");
    s.wait_until(
        "rows",
        &format!(
            "{} === 2 && window.__settled === window.__sent.length",
            js::ROW_COUNT
        ),
    )
    .await;
    assert_eq!(s.js("return window.__sent.length;").await, json!(1));
    s.close().await;
}

#[tokio::test]
async fn twenty_rapid_searches_end_showing_the_last() {
    let s =
        Session::start(Setup::default().sim(&["--latency-ms", "100", "--jitter-ms", "900"])).await;
    let p = s.page();
    p.fill_range("2026-11-01T00:00", "2026-11-28T00:00").await;
    p.search().await;
    s.wait_until("rows", &format!("{} > 3 && {}", js::ROW_COUNT, js::IDLE))
        .await;
    let wanted = p.column("callId").await[3].clone();
    p.fill_range("", "").await;
    s.run_in_page(COUNT_REQUESTS).await;
    // Nineteen searches for calls that do not exist, then the real one, all at once.
    let script = format!(
        "const input = document.querySelector({call_id:?});
         const button = document.querySelector({search:?});
         const ids = [...Array(19).keys()].map(i => 'missing-' + i).concat([{wanted:?}]);
         for (const id of ids) {{
             input.value = id;
             input.dispatchEvent(new Event('input', {{bubbles: true}}));
             button.click();
         }}",
        call_id = css::CALL_ID,
        search = css::SEARCH
    );
    s.js(&script).await;
    s.wait_until(
        "every request settled and one row",
        &format!(
            "window.__settled === window.__sent.length && {} === 1 && {}",
            js::ROW_COUNT,
            js::IDLE
        ),
    )
    .await;
    assert_eq!(s.js("return window.__sent.length;").await, json!(20));
    assert_eq!(p.column("callId").await, vec![wanted.clone()]);
    assert_eq!(call_id_value(&p).await, json!(wanted));
    assert_eq!(alert_text(&p).await, "");
    s.close().await;
}
