//! End-to-end: the demo build (`scripts/build-demo`, `dist-demo/`) served by a plain static
//! file server, with no simulator and no API anywhere. The main flows work because the page
//! answers its own queries through the simulator's contract.

use cdr_e2e::flows::{self, search_month};
use cdr_e2e::page::{css, first_count};
use cdr_e2e::{demo_dist_dir, ExplorerPage, Session, StaticServer, TempSite};
use serde_json::{json, Value};

const DEMO_TOKEN: &str = "demo-token";

/// Runs before the page's scripts: records every URL the page fetches.
const RECORD_FETCHES: &str = r#"
    window.__fetched = [];
    const original = window.fetch;
    window.fetch = function (input, init) {
        window.__fetched.push(input instanceof Request ? input.url : String(input));
        return original.apply(this, arguments);
    };
"#;

/// The demo site as published, with `config` as its `config.json` (`None`: the one
/// `scripts/build-demo` wrote), on a static file server, and a browser on it.
struct Demo {
    s: Session,
    _server: StaticServer,
    _site: TempSite,
}

impl Demo {
    async fn start(config: Option<Value>) -> Demo {
        let site = TempSite::copy_of(&demo_dist_dir());
        if let Some(config) = config {
            site.write_config(&config);
        }
        let server = StaticServer::start(site.path()).await;
        let s = Session::open_on(&[&site], &server.url(), server.addr, &[RECORD_FETCHES]).await;
        s.page().wait_for_app().await;
        Demo {
            s,
            _server: server,
            _site: site,
        }
    }

    /// No request went anywhere but to the static files.
    async fn assert_no_api_calls(&self) {
        let fetched = self.s.js("return window.__fetched;").await;
        let urls: Vec<&str> = fetched
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        assert!(
            urls.iter().all(|u| !u.contains("/apiaccess/")),
            "the demo called an API: {urls:?}"
        );
    }

    fn page(&self) -> ExplorerPage<'_> {
        self.s.page()
    }

    async fn close(self) {
        self.s.close().await;
    }
}

/// Fixed data for the flows: the simulator's default end (2026-11-28T00:00Z), few records,
/// no delay, times in UTC.
fn fixed_config() -> Value {
    json!({
        "token": DEMO_TOKEN, "timeZone": "UTC", "subCcNo": "1", "vdn": "1",
        "demo": { "records": 3000, "endMs": 1_795_824_000_000_i64 }
    })
}

fn with(mut config: Value, key: &str, value: Value) -> Value {
    if let Some(map) = config.as_object_mut() {
        if value.is_null() {
            map.remove(key);
        } else {
            map.insert(key.to_string(), value);
        }
    }
    config
}

#[tokio::test]
async fn the_published_demo_says_it_is_generated_and_has_last_weeks_calls() {
    let d = Demo::start(None).await;
    let banner = d
        .s
        .wait_until(
            "the demo banner",
            "document.querySelector('#demo-banner') && document.querySelector('#demo-banner').textContent",
        )
        .await;
    assert!(
        banner
            .as_str()
            .unwrap_or_default()
            .contains("generated data"),
        "{banner}"
    );
    let p = d.page();
    // Data ends at the current hour: "Last 7 days" (the last preset) finds calls.
    d.s.click(".presets button.preset:last-child").await;
    p.search().await;
    p.wait_for_rows().await;
    let status = p.status().await;
    assert!(status.starts_with("Showing 1"), "{status}");
    // The banner follows the language switch.
    p.set_language("zh-CN").await;
    d.s.wait_until(
        "the Chinese banner",
        "document.querySelector('#demo-banner').textContent.includes('演示')",
    )
    .await;
    // So do the tenant's satisfaction labels (the demo's config has them in both languages).
    d.s.wait_until(
        "satisfaction labels in Chinese",
        "[...document.querySelectorAll('tbody td')].some(td => /满意|一般/.test(td.textContent))",
    )
    .await;
    let english = d
        .s
        .js("return [...document.querySelectorAll('tbody td')].some(td => /satisfied|Neutral/.test(td.textContent));")
        .await;
    assert_eq!(english, json!(false));
    d.assert_no_api_calls().await;
    d.close().await;
}

#[tokio::test]
async fn the_published_demo_loads_every_call_of_the_last_7_days() {
    let d = Demo::start(None).await;
    let p = d.page();
    d.s.click(".presets button.preset:last-child").await;
    p.search().await;
    // More calls than one answer holds: the rest load slice by slice, with a progress bar.
    d.s.wait_for(css::LOAD_BAR).await;
    let outcome = p.wait_for_load_outcome().await;
    assert!(outcome.starts_with("All "), "{outcome}");
    let loaded = first_count(&outcome);
    assert!(loaded > 5_000, "{outcome}");
    // The check: whole slices whose totals add up to what is loaded, and the service's
    // count did not move meanwhile.
    let sum = outcome
        .split("add up to ")
        .nth(1)
        .map(first_count)
        .unwrap_or_else(|| panic!("no sum in {outcome}"));
    assert_eq!(sum, loaded, "{outcome}");
    assert!(!outcome.contains("changed while loading"), "{outcome}");
    let status = p.status().await;
    assert_eq!(
        first_count(status.rsplit(" of ").next().unwrap_or_default()),
        loaded
    );
    // The export holds every one of them.
    let csv = p.exported_csv().await;
    let rows = csv.lines().skip(1).filter(|l| !l.is_empty()).count() as u64;
    assert_eq!(rows, loaded);
    d.assert_no_api_calls().await;
    d.close().await;
}

#[tokio::test]
async fn call_id_query_finds_that_call() {
    let d = Demo::start(Some(fixed_config())).await;
    let p = d.page();
    search_month(&p).await;
    let ids = p.column("callId").await;
    let wanted = ids.get(3).cloned().expect("at least four rows");

    p.fill_range("", "").await;
    p.fill_call_id(&wanted).await;
    p.search().await;
    p.wait_for_row_count(1).await;
    assert_eq!(p.column("callId").await, vec![wanted]);
    d.assert_no_api_calls().await;
    d.close().await;
}

#[tokio::test]
async fn date_range_query_shows_only_calls_in_the_range() {
    let d = Demo::start(Some(with(fixed_config(), "timeZone", json!("+08:00")))).await;
    let p = d.page();
    p.fill_range("2026-11-20T08:00", "2026-11-21T08:00").await;
    p.search().await;
    p.wait_for_rows().await;
    let begins = p.column("begin").await;
    assert!(!begins.is_empty());
    for begin in begins {
        assert!(
            begin.as_str() >= "2026-11-20 08:00" && begin.as_str() <= "2026-11-21 08:00",
            "{begin} outside the range"
        );
    }
    d.assert_no_api_calls().await;
    d.close().await;
}

#[tokio::test]
async fn paging_and_sorting_walk_the_whole_result() {
    let d = Demo::start(Some(fixed_config())).await;
    search_month(&d.page()).await;
    flows::check_paging_and_sorting(&d.page()).await;
    d.assert_no_api_calls().await;
    d.close().await;
}

/// The contract's failures reach the page as they do over HTTP: an unknown VDN is the
/// service's 500, an injected fault its 502 page, a missing token its 401.
#[tokio::test]
async fn error_statuses_come_from_the_contract() {
    let cases = [
        (with(fixed_config(), "vdn", json!("9")), "500"),
        (
            with(
                fixed_config(),
                "demo",
                json!({ "records": 3000, "html502Rate": 1 }),
            ),
            "502",
        ),
    ];
    for (config, expected) in cases {
        let d = Demo::start(Some(config)).await;
        flows::failed_search_keeps_the_form(&d.page(), expected).await;
        d.assert_no_api_calls().await;
        d.close().await;
    }
}

#[tokio::test]
async fn without_the_token_the_dialog_asks_for_it_and_retries() {
    let d = Demo::start(Some(with(fixed_config(), "token", Value::Null))).await;
    let p = d.page();
    p.fill_call_id("1").await;
    p.search().await;
    p.wait_for_token_dialog("the token dialog").await;
    assert!(p.alert().await.contains("401"));
    p.submit_token(DEMO_TOKEN).await;
    p.wait_for_status("the retried search", "No calls match")
        .await;
    d.close().await;
}

#[tokio::test]
async fn latency_shows_loading_and_cancel_stops_it() {
    let config = with(
        fixed_config(),
        "demo",
        json!({ "records": 3000, "latencyMs": 3000 }),
    );
    let d = Demo::start(Some(config)).await;
    let p = d.page();
    p.fill_call_id("1669464198-17002955").await;
    p.search().await;
    p.wait_for_loading().await;
    p.cancel().await;
    p.wait_for_status("the cancelled status", "cancelled").await;
    tokio::time::sleep(std::time::Duration::from_millis(3500)).await;
    assert!(p.status().await.contains("cancelled"));
    assert_eq!(p.alert().await, "");
    d.close().await;
}
