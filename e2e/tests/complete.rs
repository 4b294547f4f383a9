//! End-to-end: complete results. A capped answer is completed slice by slice until every
//! call the service counted is on screen and in the export, whichever way the service reads
//! `endDate` and whichever records a capped answer holds; the supervisor can stop the load,
//! retry a slice that failed, and give a token when one is asked for midway.

use cdr_e2e::page::{css, first_count, js};
use cdr_e2e::{flows::search_month, Session, Setup};
use serde_json::json;

/// Wraps `fetch`: records each request body and the `total` of each answer, counts the
/// requests in flight (`__maxInFlight`), and answers slice requests itself while a switch is
/// on: `__failSlice` (a 503 for the slice that starts where the search starts),
/// `__denySlices` (a 401 for every slice).
const WRAP_FETCH: &str = r#"
    window.__requests = [];
    window.__inFlight = 0;
    window.__maxInFlight = 0;
    window.__failSlice = false;
    window.__denySlices = false;
    const original = window.fetch;
    window.fetch = async function (input, init) {
        if (!(input instanceof Request) || !input.url.includes('/apiaccess/')) {
            return original.apply(this, arguments);
        }
        const body = JSON.parse(await input.clone().text());
        const entry = { begin: body.beginDate, end: body.endDate, status: 0, total: null };
        window.__requests.push(entry);
        const first = window.__requests[0];
        const isSlice = window.__requests.length > 1
            && (entry.begin !== first.begin || entry.end !== first.end);
        if (isSlice && window.__denySlices) {
            entry.status = 401;
            return new Response('', { status: 401 });
        }
        if (isSlice && window.__failSlice && entry.begin === first.begin) {
            entry.status = 503;
            return new Response('<html><body>503</body></html>', { status: 503 });
        }
        window.__inFlight += 1;
        window.__maxInFlight = Math.max(window.__maxInFlight, window.__inFlight);
        try {
            const response = await original.call(this, input);
            entry.status = response.status;
            response.clone().json().then(j => { entry.total = Number(j.total); }, () => {});
            return response;
        } finally {
            window.__inFlight -= 1;
        }
    };
"#;

/// 3,000 calls over 30 days, at most 200 per answer: a month's search needs ~20 slices.
fn capped(extra_sim: &[&str]) -> Setup {
    Setup::default()
        .sim(&["--max-results", "200"])
        .sim(extra_sim)
}

/// The data rows of the CSV export (the header line aside).
async fn exported_rows(s: &Session) -> u64 {
    let csv = s.page().exported_csv().await;
    csv.lines().skip(1).filter(|l| !l.is_empty()).count() as u64
}

async fn service_total(s: &Session) -> u64 {
    s.wait_until(
        "the first answer's total",
        "window.__requests[0].total !== null",
    )
    .await;
    s.js("return window.__requests[0].total;")
        .await
        .as_u64()
        .expect("a total")
}

/// Searches the month and checks the load ends with every call the service counted: the
/// outcome, its check, the status line and the export agree with the service's `total`.
async fn loads_every_call(setup: Setup) {
    let s = Session::start(setup).await;
    s.run_in_page(WRAP_FETCH).await;
    let p = s.page();
    search_month(&p).await;
    let total = service_total(&s).await;
    assert!(total > 200, "the answer must be capped: {total}");
    let outcome = p.wait_for_load_outcome().await;
    assert!(outcome.starts_with("All "), "{outcome}");
    assert_eq!(first_count(&outcome), total, "{outcome}");
    assert!(outcome.contains("Check:"), "{outcome}");
    assert!(
        !outcome.contains("changed while loading"),
        "nothing changed: {outcome}"
    );
    let status = p.status().await;
    assert_eq!(
        first_count(status.rsplit(" of ").next().unwrap_or_default()),
        total,
        "{status}"
    );
    assert_eq!(exported_rows(&s).await, total);
    // Slices, not one request per record: the plan sizes them from the totals.
    let requests = s
        .js("return window.__requests.length;")
        .await
        .as_u64()
        .unwrap_or_default();
    // At least the first answer and one whole slice per cap's worth (200) of calls.
    assert!(
        requests > total.div_ceil(200) && requests < 80,
        "{requests} requests for {total} calls"
    );
    // The set is whole: no partial notes beside the export or above the summary.
    assert!(p.is_absent(css::EXPORT_PARTIAL).await);
    let name = s.js("return window.__csvName;").await;
    let name = name.as_str().unwrap_or_default();
    assert!(
        name.ends_with(".csv") && !name.contains("partial"),
        "{name}"
    );
    s.close().await;
}

#[tokio::test]
async fn a_capped_month_is_loaded_whole_with_an_exclusive_end() {
    loads_every_call(capped(&[])).await;
}

#[tokio::test]
async fn a_capped_month_is_loaded_whole_with_an_inclusive_end() {
    loads_every_call(capped(&["--end-inclusive"])).await;
}

#[tokio::test]
async fn a_capped_month_is_loaded_whole_when_capped_answers_hold_the_last_calls() {
    loads_every_call(capped(&["--cap-order", "last"])).await;
}

#[tokio::test]
async fn a_capped_month_is_loaded_whole_when_capped_answers_hold_any_calls() {
    loads_every_call(capped(&["--cap-order", "random", "--end-inclusive"])).await;
}

#[tokio::test]
async fn stop_keeps_what_is_loaded_and_says_it_is_partial() {
    // Slow answers, so the load is still running when a slow WebDriver (WebKit's) clicks.
    let s = Session::start(capped(&["--latency-ms", "1500"])).await;
    let p = s.page();
    search_month(&p).await;
    s.wait_for(css::LOAD_BAR).await;
    let bar = s
        .js(&format!(
            "const b = document.querySelector('{}'); return [b.getAttribute('aria-valuenow'), b.getAttribute('aria-valuemax')];",
            css::LOAD_BAR
        ))
        .await;
    let now: u64 = bar[0]
        .as_str()
        .and_then(|v| v.parse().ok())
        .unwrap_or_default();
    let max: u64 = bar[1]
        .as_str()
        .and_then(|v| v.parse().ok())
        .unwrap_or_default();
    assert!(now >= 200 && now < max, "progress {now} of {max}");
    s.click(css::LOAD_STOP).await;
    let outcome = p.wait_for_load_outcome().await;
    assert!(outcome.starts_with("Loading stopped"), "{outcome}");
    let loaded = first_count(&outcome);
    assert!(loaded >= 200 && loaded < max, "{outcome}");
    // What was loaded stays, and every view says it is partial.
    assert!(p.row_count().await > 0);
    let note = s.text_of(css::EXPORT_PARTIAL).await;
    assert!(
        note.contains(&loaded.to_string()) || note.contains(&fmt(loaded)),
        "{note}"
    );
    // Loaded so far, not "what the service returned" (that is a capped answer's note).
    assert!(note.starts_with("Partial: "), "{note}");
    assert_eq!(exported_rows(&s).await, loaded);
    let name = s.js("return window.__csvName;").await;
    let name = name.as_str().unwrap_or_default();
    assert!(name.ends_with("_partial.csv"), "{name}");
    p.show_summary().await;
    let summary = s.text_of(css::SUMMARY_PARTIAL).await;
    assert!(summary.starts_with("Partial"), "{summary}");
    // Nothing more arrives after the stop.
    tokio::time::sleep(std::time::Duration::from_millis(1_000)).await;
    assert_eq!(first_count(&s.text_of(css::LOAD_OUTCOME).await), loaded);
    s.close().await;
}

/// `1234` as the page writes it: `1,234`.
fn fmt(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[tokio::test]
async fn a_failing_slice_is_retried_then_listed_and_retry_loads_it() {
    let s = Session::start(capped(&[])).await;
    s.run_in_page(WRAP_FETCH).await;
    s.js("window.__failSlice = true;").await;
    let p = s.page();
    search_month(&p).await;
    let total = service_total(&s).await;
    // Four requests (the first and three retries, with backoff), then the slice is listed.
    s.wait_for(css::SLICE_RETRY).await;
    let attempts = s
        .js("const f = window.__requests[0]; return window.__requests.filter(r => r.status === 503).length;")
        .await;
    assert_eq!(attempts, json!(4));
    let problems = s.text_of(css::SLICE_PROBLEMS).await;
    assert!(
        problems.contains("not loaded after 4 attempts"),
        "{problems}"
    );
    let outcome = p.wait_for_load_outcome().await;
    assert!(outcome.starts_with("Partial"), "{outcome}");
    // The rest of the result stands.
    assert!(first_count(&outcome) > 200);

    s.js("window.__failSlice = false;").await;
    s.click(css::SLICE_RETRY).await;
    assert_eq!(first_count(&p.wait_for_complete_load().await), total);
    assert!(p.is_absent(css::SLICE_PROBLEMS).await);
    s.close().await;
}

#[tokio::test]
async fn a_401_midway_asks_for_the_token_once_and_the_load_resumes() {
    let s = Session::start(capped(&["--latency-ms", "50"])).await;
    s.run_in_page(WRAP_FETCH).await;
    s.js("window.__denySlices = true;").await;
    let p = s.page();
    search_month(&p).await;
    let total = service_total(&s).await;
    p.wait_for_token_dialog("the token dialog").await;
    s.wait_for("#load-needs-token").await;
    s.js("window.__denySlices = false;").await;
    // Several slices were in flight and all got a 401: one dialog, one token.
    p.submit_token(cdr_e2e::TEST_TOKEN).await;
    assert_eq!(first_count(&p.wait_for_complete_load().await), total);
    assert_eq!(
        s.js(&format!(
            "return document.querySelector('{}').open;",
            css::TOKEN_DIALOG
        ))
        .await,
        json!(false)
    );
    s.close().await;
}

#[tokio::test]
async fn requests_in_flight_never_exceed_max_concurrent_requests() {
    let setup = capped(&["--latency-ms", "150"]).config("maxConcurrentRequests", json!(2));
    let s = Session::start(setup).await;
    s.run_in_page(WRAP_FETCH).await;
    let p = s.page();
    search_month(&p).await;
    let outcome = p.wait_for_load_outcome().await;
    assert!(outcome.starts_with("All "), "{outcome}");
    // Two at a time, never three: the setting is used, and respected, as the page and the
    // simulator count them.
    assert_eq!(s.js("return window.__maxInFlight;").await, json!(2));
    let stats = sim_stats(&s).await;
    assert_eq!(stats["maxInFlight"], json!(2), "{stats}");
    assert_eq!(stats["rejected"], json!(0), "{stats}");
    s.close().await;
}

/// The simulator's request counters (`GET /__sim/stats`, same origin as the app).
async fn sim_stats(s: &Session) -> serde_json::Value {
    s.js("window.__stats = null; fetch('/__sim/stats').then(r => r.json()).then(j => { window.__stats = j; });")
        .await;
    s.wait_until("the simulator's stats", "window.__stats")
        .await
}

#[tokio::test]
async fn too_many_requests_answers_are_retried_until_the_set_is_whole() {
    // The service takes two at a time and answers a third with 429 (APIG.0308); the app
    // sends three: the refused ones wait and try again.
    let setup = capped(&["--latency-ms", "200", "--max-concurrent", "2"])
        .config("maxConcurrentRequests", json!(3));
    let s = Session::start(setup).await;
    s.run_in_page(WRAP_FETCH).await;
    let p = s.page();
    search_month(&p).await;
    let total = service_total(&s).await;
    assert_eq!(first_count(&p.wait_for_complete_load().await), total);
    let refused = s
        .js("return window.__requests.filter(r => r.status === 429).length;")
        .await
        .as_u64()
        .unwrap_or_default();
    assert!(refused > 0, "the limit was never hit");
    assert!(sim_stats(&s).await["rejected"].as_u64().unwrap_or_default() >= refused);
    s.close().await;
}

#[tokio::test]
async fn a_capped_answer_without_an_end_says_the_service_found_more() {
    // An open range cannot be split: the answer stays capped, and says so.
    let s = Session::start(Setup::default().sim(&["--max-results", "50"])).await;
    let p = s.page();
    p.fill_range("2026-11-01T00:00", "").await;
    p.search().await;
    p.wait_for_rows().await;
    let note = s.text_of("#total-exceeds").await;
    assert!(note.contains("returned only 50"), "{note}");
    assert!(p.status().await.ends_with("of 50"));
    s.close().await;
}

#[tokio::test]
async fn a_new_search_stops_the_old_load() {
    let s = Session::start(capped(&["--latency-ms", "400"])).await;
    s.run_in_page(WRAP_FETCH).await;
    let p = s.page();
    search_month(&p).await;
    s.wait_for(css::LOAD_BAR).await;
    // One day, with fewer calls than the cap: one request, no load.
    p.fill_range("2026-11-20T00:00", "2026-11-21T00:00").await;
    p.search().await;
    s.wait_until(
        "the new search's rows",
        "document.querySelector('#load-bar') === null && document.querySelector('#search-status').textContent.includes('Showing')",
    )
    .await;
    let sent_at_new_search = s
        .js("return window.__requests.findIndex(r => r.begin === '1795132800000');")
        .await
        .as_i64()
        .expect("the new search was sent");
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    let later = s
        .js(&format!(
            "return window.__requests.slice({}).filter(r => r.begin !== '1795132800000').length;",
            sent_at_new_search + 1
        ))
        .await;
    assert_eq!(later, json!(0), "the old load sent more slices");
    assert!(p.is_absent(css::LOAD_OUTCOME).await);
    s.close().await;
}

#[tokio::test]
async fn the_load_stops_at_max_records_and_says_what_it_has() {
    let setup = capped(&[]).config("maxRecords", json!(500));
    let s = Session::start(setup).await;
    let p = s.page();
    search_month(&p).await;
    let outcome = p.wait_for_load_outcome().await;
    assert!(
        outcome.starts_with("Stopped at the limit of 500 records (maxRecords"),
        "{outcome}"
    );
    let status = p.status().await;
    assert!(status.ends_with("of 500"), "{status}");
    assert!(s.text_of(css::EXPORT_PARTIAL).await.contains("500"));
    s.close().await;
}

#[tokio::test]
async fn a_filter_typed_during_the_load_keeps_up_with_the_records_that_arrive() {
    // Slow answers: the filter is typed while most slices are still to come.
    let s = Session::start(capped(&["--latency-ms", "1500"])).await;
    let p = s.page();
    search_month(&p).await;
    s.wait_for(css::LOAD_BAR).await;
    // Formatted Begin, End and log dates (UTC) on the month's last day in the data: the
    // first, capped answer holds the month's first calls, so few or none match yet.
    const DAY: &str = "2026-11-27";
    p.fill_quick_filter(DAY).await;
    // The typing pause (50 ms) and the filtering, with room for a slow machine.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    // What the status line counts while the load runs, sampled until it ends.
    let mut seen = Vec::new();
    loop {
        let v = s
            .js(&format!(
                "return [!!document.querySelector({}), {}];",
                json!(css::LOAD_OUTCOME),
                js::STATUS
            ))
            .await;
        if v[0].as_bool().unwrap_or(true) {
            break;
        }
        let status = v[1].as_str().unwrap_or_default();
        seen.push(match status.rsplit_once(" of ") {
            Some((_, count)) => first_count(count),
            None => 0,
        });
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
    let outcome = p.wait_for_load_outcome().await;
    assert!(outcome.starts_with("All "), "{outcome}");
    // Once the last records are in (the list is redrawn at most every 250 ms), the filter
    // holds every loaded record that shows the day, as the unfiltered export does.
    let filtered = exported_rows(&s).await;
    // Erased as a user does it (WebDriver's clear sends no `input` event).
    s.js(&format!(
        "const e = document.querySelector({}); e.value = ''; \
         e.dispatchEvent(new Event('input', {{bubbles: true}}));",
        json!(css::QUICK_FILTER)
    ))
    .await;
    s.wait_until(
        "the filter erased",
        &format!(
            "Number({}.split(' of ').pop().replace(/[^0-9]/g, '')) === {}",
            js::STATUS,
            first_count(&outcome)
        ),
    )
    .await;
    let csv = p.exported_csv().await;
    let showing_day = csv.lines().skip(1).filter(|l| l.contains(DAY)).count() as u64;
    assert!(showing_day > 0, "the data has calls on {DAY}");
    assert_eq!(
        filtered, showing_day,
        "filtered export vs rows showing {DAY}"
    );
    // While the load ran the filter showed fewer: rows matching joined as records arrived.
    assert!(
        seen.iter().any(|&c| c < filtered),
        "the filtered count while loading: {seen:?}, then {filtered}"
    );
    s.close().await;
}
