//! End-to-end: many Call IDs at once (issue #18, part 6). A pasted list is searched one
//! request per ID, within `maxConcurrentRequests`; every record shows in one table, the IDs
//! that found nothing are named, more than 500 IDs are refused with the limit, and the list
//! survives a reload through the address bar.

use std::collections::BTreeSet;

use cdr_e2e::flows::search_month;
use cdr_e2e::page::{css, js};
use cdr_e2e::{Session, Setup};
use serde_json::{json, Value};

/// The simulator's request counters (`GET /__sim/stats`, same origin as the app).
async fn sim_stats(s: &Session) -> Value {
    s.js("window.__stats = null; fetch('/__sim/stats').then(r => r.json()).then(j => { window.__stats = j; });")
        .await;
    s.wait_until("the simulator's stats", "window.__stats")
        .await
}

/// Zeroes the simulator's counters.
async fn reset_sim_stats(s: &Session) {
    s.js("window.__reset = false; fetch('/__sim/stats/reset', {method: 'POST'}).then(() => { window.__reset = true; });")
        .await;
    s.wait_until("the counters reset", "window.__reset").await;
}

/// The Call IDs of the rows on screen, each once.
async fn ids_on_screen(s: &Session) -> BTreeSet<String> {
    s.page().column("callId").await.into_iter().collect()
}

/// Waits for the batch's outcome ("All 5 Call IDs searched: …") and returns it.
async fn wait_for_batch_outcome(s: &Session) -> String {
    s.page()
        .wait_for_load_outcome_where("every Call ID searched", "includes('Call IDs searched')")
        .await
}

#[tokio::test]
async fn a_pasted_list_of_call_ids_is_searched_one_request_each_into_one_table() {
    let setup = Setup::default()
        .sim(&["--latency-ms", "300"])
        .config("maxConcurrentRequests", json!(2));
    let s = Session::start(setup).await;
    let p = s.page();
    search_month(&p).await;
    p.set_page_size(100).await;
    let month: Vec<String> = p.column("callId").await;
    let mut real: Vec<String> = Vec::new();
    for id in month {
        if !real.contains(&id) {
            real.push(id);
        }
    }
    let real = real.get(..3).expect("three calls this month").to_vec();

    // Each ID alone, as the search always was: how many records it has.
    p.fill_range("", "").await;
    let mut expected_rows = 0;
    for id in &real {
        p.fill_call_id(id).await;
        p.search().await;
        s.wait_until(
            "that call's rows",
            &format!(
                "{} > 0 && [...document.querySelectorAll('tbody tr')].every(r => r.textContent.includes({}))",
                js::ROW_COUNT,
                json!(id)
            ),
        )
        .await;
        expected_rows += p.row_count().await;
    }

    reset_sim_stats(&s).await;
    // Two IDs the data does not hold, separators of every kind, and a duplicate.
    let pasted = format!(
        "{}\nnot-a-call-1, {}\t not-a-call-2\r\n{} {}",
        real[0], real[1], real[2], real[0]
    );
    s.set_value(css::CALL_ID, &pasted).await;
    p.search().await;
    let outcome = wait_for_batch_outcome(&s).await;
    assert!(
        outcome.starts_with(&format!("All 5 Call IDs searched: {expected_rows} calls")),
        "{outcome}"
    );
    p.wait_for_row_count(expected_rows).await;
    let expected_ids: BTreeSet<String> = real.iter().cloned().collect();
    assert_eq!(ids_on_screen(&s).await, expected_ids);
    assert_eq!(
        s.text_of("#ids-not-found").await,
        "No calls for 2 Call IDs: not-a-call-1, not-a-call-2"
    );
    // One request per distinct ID, never more than two at a time.
    let stats = sim_stats(&s).await;
    assert_eq!(stats["apiRequests"], json!(5), "{stats}");
    let most = stats["maxInFlight"].as_u64().unwrap_or(u64::MAX);
    assert!((1..=2).contains(&most), "{stats}");
    // The export holds every record of the three.
    let csv = p.exported_csv().await;
    let data_lines = csv.lines().skip(1).filter(|l| !l.trim().is_empty()).count();
    assert_eq!(data_lines, expected_rows, "{csv}");

    // The address bar keeps the list: a reload searches all five again.
    let url = s.client.current_url().await.expect("url");
    assert!(url.as_str().contains("callId="), "{url}");
    s.client.refresh().await.expect("reload");
    let normalised = format!(
        "{},not-a-call-1,{},not-a-call-2,{}",
        real[0], real[1], real[2]
    );
    s.wait_until(
        "the list back in the field",
        &format!("{} === {}", js::CALL_ID_VALUE, json!(normalised)),
    )
    .await;
    let again = wait_for_batch_outcome(&s).await;
    assert!(again.starts_with("All 5 Call IDs searched"), "{again}");
    s.page().wait_for_row_count(expected_rows).await;
    s.close().await;
}

#[tokio::test]
async fn more_than_500_call_ids_are_refused_with_the_limit() {
    let s = Session::start(Setup::default()).await;
    let p = s.page();
    p.wait_for_form().await;
    let ids: Vec<String> = (0..501).map(|i| format!("1669464198-{i}")).collect();
    s.set_value(css::CALL_ID, &ids.join("\n")).await;
    s.wait_until(
        "the limit's message",
        "document.querySelector('#call-id-msg').textContent.includes('Too many Call IDs: 501 entered, at most 500 in one search.')",
    )
    .await;
    assert_eq!(
        s.js("return document.querySelector('#call-id').getAttribute('aria-invalid');")
            .await,
        json!("true")
    );
    // The field says how to enter a list, and the hint is part of its description.
    assert_eq!(
        s.js("return document.querySelector('#call-id').getAttribute('aria-describedby');")
            .await,
        json!("call-id-hint call-id-msg")
    );
    assert!(s
        .text_of("#call-id-hint")
        .await
        .contains("separated by commas, spaces or new lines (at most 500)"));
    reset_sim_stats(&s).await;
    p.search().await;
    s.wait_until("the form error", "document.querySelector('.form-error')")
        .await;
    assert_eq!(sim_stats(&s).await["apiRequests"], json!(0));

    // 500 are accepted; Enter in the field searches, as in an input.
    s.set_value(css::CALL_ID, "").await;
    reset_sim_stats(&s).await;
    p.fill_call_id("1669464198-17002955\u{E007}").await;
    s.wait_until(
        "the search Enter sent",
        "fetch('/__sim/stats').then(r => r.json()).then(j => j.apiRequests === 1)",
    )
    .await;
    assert_eq!(p.call_id().await, json!("1669464198-17002955"));
    s.set_value(css::CALL_ID, &ids[..500].join(",")).await;
    s.wait_until(
        "no message",
        "!document.querySelector('#call-id-msg').textContent.includes('Too many')",
    )
    .await;
    s.close().await;
}

#[tokio::test]
async fn in_chinese_the_list_its_progress_and_its_notes_are_told_and_axe_finds_nothing() {
    let s = Session::start(
        Setup::default()
            .sim(&["--latency-ms", "1500"])
            .config("locale", json!("zh-CN"))
            .config("maxConcurrentRequests", json!(1)),
    )
    .await;
    let p = s.page();
    p.fill_range("2026-11-20T00:00", "2026-11-28T00:00").await;
    p.search().await;
    p.wait_for_rows().await;
    let real = p.column("callId").await;
    let (a, b) = (real[0].clone(), real.get(1).cloned().unwrap_or_default());
    p.fill_range("", "").await;
    s.set_value(css::CALL_ID, &format!("{a}\n不存在-1\n{b}"))
        .await;
    assert_no_violations(&s, "a list in the Call ID field").await;
    p.search().await;
    // The first ID's answer, then one request at a time for the other two.
    s.wait_until(
        "the bar counting Call IDs",
        "(document.querySelector('#load-bar') || {}).textContent?.includes('个呼叫 ID')",
    )
    .await;
    assert_eq!(
        s.js("return document.querySelector('#load-bar').getAttribute('aria-label');")
            .await,
        json!("正在查询每个呼叫 ID")
    );
    assert_no_violations(&s, "Call IDs loading").await;
    let outcome = wait_for_batch_outcome_zh(&s).await;
    assert!(outcome.starts_with("已查询全部 3 个呼叫 ID"), "{outcome}");
    assert_eq!(
        s.text_of("#ids-not-found").await,
        "1 个呼叫 ID 没有通话：不存在-1"
    );
    assert_no_violations(&s, "Call IDs searched").await;

    let many: Vec<String> = (0..501).map(|i| i.to_string()).collect();
    s.set_value(css::CALL_ID, &many.join(" ")).await;
    s.wait_until(
        "the limit in Chinese",
        "document.querySelector('#call-id-msg').textContent.includes('呼叫 ID 过多：输入了 501 个，一次最多 500 个。')",
    )
    .await;
    assert_no_violations(&s, "too many Call IDs").await;
    s.close().await;
}

async fn wait_for_batch_outcome_zh(s: &Session) -> String {
    s.wait_until(
        "every Call ID searched",
        "(document.querySelector('#load-outcome') || {}).textContent?.includes('个呼叫 ID') \
         && document.querySelector('#load-outcome').textContent",
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

async fn assert_no_violations(s: &Session, state: &str) {
    let violations = s.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe-core, {state}:\n{}",
        violations.join("\n")
    );
}

/// Answers the request for Call ID `window.__failId` with a 503 while `window.__fail` is on.
const FAIL_ONE_ID: &str = r#"
    window.__fail = true;
    const original = window.fetch;
    window.fetch = async function (input, init) {
        if (input instanceof Request && input.url.includes('/apiaccess/')) {
            const body = JSON.parse(await input.clone().text());
            if (window.__fail && body.callId === window.__failId) {
                return new Response('<html><body>503</body></html>', { status: 503 });
            }
        }
        return original.apply(this, arguments);
    };
"#;

#[tokio::test]
async fn a_call_id_that_keeps_failing_is_listed_with_retry_and_the_rest_stand() {
    let s = Session::start(Setup::default()).await;
    let p = s.page();
    search_month(&p).await;
    let real = p.column("callId").await;
    let (a, b) = (real[0].clone(), real.get(1).cloned().unwrap_or_default());
    p.fill_range("", "").await;
    s.run_in_page(FAIL_ONE_ID).await;
    s.js(&format!("window.__failId = {};", json!(b))).await;
    s.set_value(css::CALL_ID, &format!("{a}, {b}, nothing-here"))
        .await;
    p.search().await;
    // Three retries with backoff (0.5 s, 1 s, 2 s at least), then listed with the reason.
    let failed = s
        .wait_until(
            "the failed Call ID",
            "(document.querySelector('#slice-problems') || {}).textContent",
        )
        .await;
    let failed = failed.as_str().unwrap_or_default();
    assert!(
        failed.contains(&format!("Call ID {b}: not searched after 4 attempts.")),
        "{failed}"
    );
    let outcome = wait_for_batch_outcome(&s).await;
    assert!(
        outcome.starts_with("Partial: 2 of 3 Call IDs searched."),
        "{outcome}"
    );
    assert!(s
        .text_of(css::EXPORT_PARTIAL)
        .await
        .contains("2 of 3 Call IDs"));
    // The service is back: Retry completes the list.
    s.js("window.__fail = false;").await;
    s.click(css::SLICE_RETRY).await;
    s.wait_until(
        "every Call ID searched",
        &format!(
            "(document.querySelector({0}) || {{}}).textContent?.startsWith('All 3 Call IDs searched')",
            json!(css::LOAD_OUTCOME)
        ),
    )
    .await;
    let ids = ids_on_screen(&s).await;
    assert!(ids.contains(&a) && ids.contains(&b), "{ids:?}");
    assert!(p.is_absent(css::SLICE_PROBLEMS).await);
    s.close().await;
}

#[tokio::test]
async fn a_list_of_calling_numbers_is_searched_one_request_each_over_the_range() {
    let setup = Setup::default().config("maxConcurrentRequests", json!(2));
    let s = Session::start(setup).await;
    let p = s.page();
    search_month(&p).await;
    p.set_page_size(100).await;
    // Callers seen once on this page (not the center's own number, which places every
    // outbound call).
    let column = p.column("callerNo").await;
    let numbers: Vec<String> = column
        .iter()
        .filter(|n| !n.is_empty() && column.iter().filter(|m| m == n).count() == 1)
        .cloned()
        .collect();
    let real = numbers.get(..2).expect("two callers this month").to_vec();

    // Each number alone over the month, as the search always was: how many calls it made.
    let mut expected_rows = 0;
    for number in &real {
        s.set_value("#caller-no", number).await;
        p.search().await;
        s.wait_until(
            "that caller's rows",
            &format!(
                "{} > 0 && {} && [...document.querySelectorAll('tbody td[data-column=callerNo]')].every(c => c.textContent === {})",
                js::ROW_COUNT,
                js::IDLE,
                json!(number)
            ),
        )
        .await;
        let rows = p.row_count().await;
        assert!(rows < 100, "a page holds all of {number}'s calls");
        expected_rows += rows;
    }

    reset_sim_stats(&s).await;
    // Two numbers nobody called from (phone characters, spaces inside kept), line breaks,
    // commas and a semicolon between them, and a duplicate.
    let pasted = format!(
        "{}\n+86 000 0001; {}, +86 000 0002\n{}",
        real[0], real[1], real[0]
    );
    s.set_value("#caller-no", &pasted).await;
    p.search().await;
    let outcome = p
        .wait_for_load_outcome_where(
            "every calling number searched",
            "includes('calling numbers searched')",
        )
        .await;
    assert!(
        outcome.starts_with(&format!(
            "All 4 calling numbers searched: {expected_rows} calls"
        )),
        "{outcome}"
    );
    p.wait_for_row_count(expected_rows).await;
    let on_screen: BTreeSet<String> = p.column("callerNo").await.into_iter().collect();
    assert_eq!(on_screen, real.iter().cloned().collect::<BTreeSet<_>>());
    assert_eq!(
        s.text_of("#ids-not-found").await,
        "No calls for 2 calling numbers: +86 000 0001, +86 000 0002"
    );
    // One request per distinct number, each over the month, never more than two at once.
    let stats = sim_stats(&s).await;
    assert_eq!(stats["apiRequests"], json!(4), "{stats}");
    let most = stats["maxInFlight"].as_u64().unwrap_or(u64::MAX);
    assert!((1..=2).contains(&most), "{stats}");
    // The field says how to enter a list.
    assert!(s
        .text_of("#caller-no-hint")
        .await
        .contains("one per line or separated by commas"));
    s.close().await;
}
