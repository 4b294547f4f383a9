//! End-to-end: time zones (issue #15) in the release build, headless Chromium and the
//! simulator: a broken `timeZone` setting and the zone picker.

use cdr_e2e::flows::search_month;
use cdr_e2e::{Session, Setup};
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
    // Remembered in this browser.
    assert_eq!(
        s.js("return localStorage.getItem('cdr-explorer.zone');")
            .await,
        json!("+08:00")
    );
    s.close().await;
}
