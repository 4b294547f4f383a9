//! End-to-end: time zones (issue #15) in the release build, in the engine `CDR_BROWSER` names, and the
//! simulator: `"local"` in browsers set to New York and London, a broken `timeZone`
//! setting, and the zone picker.

use cdr_e2e::flows::search_month;
use cdr_e2e::page::js;
use cdr_e2e::{Engine, Session, Setup};
use fantoccini::key::Key;
use serde_json::json;

/// Counts the requests the page sends (gloo-net passes a Request to window.fetch).
const COUNT_REQUESTS: &str = r#"
    window.__sent = 0;
    const original = window.fetch;
    window.fetch = function (input) {
        if (input instanceof Request) { window.__sent += 1; }
        return original.apply(this, arguments);
    };
"#;

#[tokio::test]
async fn a_broken_zone_setting_is_named_in_the_banner_and_the_form_still_searches() {
    let s = Session::start(Setup::default().config("timeZone", json!("+1é1"))).await;
    s.wait_for("#config-banner").await;
    let banner = s.text_of("#config-banner").await;
    assert!(
        banner.contains("timeZone") && banner.contains("+1é1"),
        "banner: {banner:?}"
    );
    let p = s.page();
    search_month(&p).await;
    assert!(p.row_count().await > 0);
    s.close().await;
}

#[tokio::test]
async fn the_zone_picker_moves_shown_times_without_a_new_request() {
    let s = Session::start(Setup::default().config("timeZone", json!("UTC"))).await;
    let p = s.page();
    s.run_in_page(COUNT_REQUESTS).await;
    search_month(&p).await;
    let before = p.column("begin").await;
    let first = before.first().cloned().expect("a row");

    s.set_value("#zone-picker", "+08:00").await;
    let probe = format!(
        "document.querySelector('.zone-note').textContent.includes('UTC+08:00') && \
         document.querySelector('tbody td[data-column=\"begin\"]').textContent !== {}",
        json!(first)
    );
    s.wait_until("the times to move", &probe).await;
    let after = p.column("begin").await;
    // Every shown time is 8 hours later on the clock: the same instants at +08:00.
    let shifts = s
        .js(&format!(
            "const ms = t => Date.parse(t.replace(' ', 'T') + 'Z'); \
             const b = {}, a = {}; return a.map((t, i) => (ms(t) - ms(b[i])) / 3600000);",
            json!(before),
            json!(after)
        ))
        .await;
    assert_eq!(
        shifts,
        json!(vec![8; before.len()]),
        "{before:?} -> {after:?}"
    );
    assert_eq!(s.js("return window.__sent;").await, json!(1), "one request");
    // Begin and End keep their instants too, so Search again asks for the same range.
    assert_eq!(
        s.js(&format!("return {};", js::BEGIN_VALUE)).await,
        json!("2026-11-01T08:00")
    );
    assert_eq!(
        s.js("return document.querySelector('#end').value;").await,
        json!("2026-11-28T08:00")
    );
    // Remembered in this browser.
    assert_eq!(
        s.js("return localStorage.getItem('cdr-explorer.zone');")
            .await,
        json!("+08:00")
    );
    // Enter on an offset typed picks it, and sends no search.
    s.fill("#zone-picker", "+05:00").await;
    s.press(Key::Enter).await;
    s.wait_until(
        "the zone typed",
        "document.querySelector('.zone-note').textContent.includes('UTC+05:00')",
    )
    .await;
    assert_eq!(
        s.js("return window.__sent;").await,
        json!(1),
        "no new request"
    );
    assert_eq!(
        s.js(&format!("return {};", js::BEGIN_VALUE)).await,
        json!("2026-11-01T05:00")
    );
    s.close().await;
}

/// The answer to every search: a call at 2024-07-01T12:00:00Z (summer time in New York and
/// London) and one at 2024-01-15T12:00:00Z (winter time), served in the page.
const SUMMER_AND_WINTER: &str = r#"
    const body = JSON.stringify({ total: 2, results: [
        { callId: "summer", callBegin: "1719835200000", vdn: "1" },
        { callId: "winter", callBegin: "1705320000000", vdn: "1" },
    ] });
    window.fetch = () => Promise.resolve(new Response(body,
        { status: 200, headers: { "Content-Type": "application/json" } }));
"#;

/// `"local"` in a browser set to `zone`: the Begin column of the summer and winter calls;
/// `None` (the test is skipped) outside Chromium: the zone is set through DevTools
/// (`Session::reload_in_time_zone`), which the other engines' drivers do not have.
async fn local_begins_in(zone: &str) -> Option<Vec<String>> {
    if Engine::from_env().skip_unless(Engine::Chromium, "sets the browser's zone through DevTools")
    {
        return None;
    }
    let s = Session::start(Setup::default().config("timeZone", json!("local"))).await;
    s.reload_in_time_zone(zone).await;
    s.run_in_page(SUMMER_AND_WINTER).await;
    let p = s.page();
    p.fill_call_id("summer").await;
    p.search().await;
    p.wait_for_row_count(2).await;
    let mut begins = p.column("begin").await;
    // The zone is named beside the form with the browser's zone name.
    let note = s.text_of(".zone-note").await;
    assert!(note.contains(zone), "zone note: {note:?}");
    s.close().await;
    begins.sort();
    Some(begins)
}

#[tokio::test]
async fn local_time_in_new_york_follows_daylight_saving() {
    // 12:00Z is 08:00 in July (EDT, -04:00) and 07:00 in January (EST, -05:00).
    if let Some(begins) = local_begins_in("America/New_York").await {
        assert_eq!(begins, ["2024-01-15 07:00:00", "2024-07-01 08:00:00"]);
    }
}

#[tokio::test]
async fn local_time_in_london_follows_summer_time() {
    // 12:00Z is 13:00 in July (BST, +01:00) and 12:00 in January (GMT).
    if let Some(begins) = local_begins_in("Europe/London").await {
        assert_eq!(begins, ["2024-01-15 12:00:00", "2024-07-01 13:00:00"]);
    }
}

/// Records the JSON body of every query the page sends, as `window.__bodies`.
const RECORD_BODIES: &str = r#"
    window.__bodies = [];
    const original = window.fetch;
    window.fetch = async function (input) {
        if (input instanceof Request) { window.__bodies.push(await input.clone().text()); }
        return original.apply(this, arguments);
    };
"#;

#[tokio::test]
async fn yesterday_across_the_end_of_summer_time_is_25_hours_long() {
    // The clock is frozen at 2024-11-04T15:00:00Z, 10:00 in New York (EST, -05:00); the
    // day before began at 00:00 EDT (-04:00), so it lasted 25 hours.
    let s = Session::start(Setup::default().config("timeZone", json!("America/New_York"))).await;
    s.reload_with_init_script("Date.now = () => 1730732400000;")
        .await;
    // The presets move when the result views arrive: click them once they are there.
    s.page().wait_for_app().await;
    s.run_in_page(RECORD_BODIES).await;
    s.click(".presets button.preset:nth-of-type(2)").await; // Yesterday
    assert_eq!(
        s.js("return document.querySelector('#begin').value;").await,
        json!("2024-11-03T00:00")
    );
    assert_eq!(
        s.js("return document.querySelector('#end').value;").await,
        json!("2024-11-04T00:00")
    );
    s.page().search().await;
    let body = s
        .wait_until(
            "the query to leave",
            "window.__bodies.length > 0 && window.__bodies[0]",
        )
        .await;
    let query: serde_json::Value =
        serde_json::from_str(body.as_str().unwrap_or_default()).expect("a JSON body");
    assert_eq!(query["beginDate"], json!("1730606400000"), "{query}");
    assert_eq!(query["endDate"], json!("1730696400000"), "{query}");
    s.close().await;
}
