//! The demo build's in-page path ([`cdr_sim::inpage::InPage`], what the app's `demo`
//! feature calls) and `cdr-sim`'s HTTP interface give the same answers for the same seed,
//! time and request: same status, content type and body, faults included.

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::Request;
use cdr_sim::config::SimConfig;
use cdr_sim::contract::{Fault, QUERY_PATH};
use cdr_sim::inpage::{DemoSettings, InPage, DEMO_TOKEN};
use cdr_sim::server::{router, AppState};
use common::fake_clock;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
/// The page's clock: 2026-11-28T07:30:00Z (the data ends at 07:00).
const NOW: i64 = cdr_sim::dataset::DEFAULT_END_MS + 7 * HOUR + 30 * 60_000;

/// Status, content type and body, or "dropped" for a connection closed without an answer.
type Seen = (u16, String, String);

fn dropped() -> Seen {
    (0, String::new(), "dropped".into())
}

/// The simulator started with the flags the demo settings name, on a clock stopped at NOW.
fn http_side(settings: &DemoSettings) -> Arc<AppState> {
    let mut args = vec!["cdr-sim".to_string(), "--quiet".into()];
    args.extend(settings.sim_args(NOW));
    let cfg = <SimConfig as clap::Parser>::parse_from(args);
    let (clock, _) = fake_clock(NOW);
    Arc::new(AppState::with_clock(&cfg, clock))
}

async fn over_http(state: &Arc<AppState>, auth: Option<&str>, body: &str) -> Seen {
    let mut req = Request::post(QUERY_PATH).header("content-type", "application/json");
    if let Some(a) = auth {
        req = req.header("authorization", a);
    }
    let response = router(state.clone())
        .oneshot(req.body(Body::from(body.to_owned())).expect("request"))
        .await
        .expect("router is infallible");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    match response.into_body().collect().await {
        Ok(bytes) => (
            status,
            content_type,
            String::from_utf8(bytes.to_bytes().to_vec()).expect("UTF-8 body"),
        ),
        Err(_) => dropped(),
    }
}

fn in_page(service: &InPage, auth: Option<&str>, body: &str) -> Seen {
    let answer = service.query(auth, body.as_bytes(), NOW);
    if answer.fault == Some(Fault::Drop) {
        return dropped();
    }
    (answer.status, answer.content_type.to_string(), answer.body)
}

fn bearer() -> String {
    format!("Bearer {DEMO_TOKEN}")
}

/// One request of each kind the app sends or a supervisor can provoke.
fn requests(call_id: &str) -> Vec<(Option<String>, String)> {
    let end = DemoSettings::default().end_ms(NOW);
    let range = |days: i64| {
        json!({"subCcNo": "1", "vdn": "1",
               "beginDate": (end - days * DAY).to_string(), "endDate": end.to_string()})
    };
    let with = |extra: Value| {
        let mut q = range(7);
        if let (Some(q), Some(extra)) = (q.as_object_mut(), extra.as_object()) {
            q.extend(extra.clone());
        }
        q.to_string()
    };
    let auth = Some(bearer());
    vec![
        // Call ID.
        (
            auth.clone(),
            json!({"subCcNo": "1", "vdn": "1", "callId": call_id}).to_string(),
        ),
        // Date ranges: a day, a week, the whole month (capped), begin only, end only.
        (auth.clone(), range(1).to_string()),
        (auth.clone(), range(7).to_string()),
        (auth.clone(), range(30).to_string()),
        (
            auth.clone(),
            json!({"subCcNo": "1", "vdn": "2", "beginDate": (end - 2 * DAY).to_string()})
                .to_string(),
        ),
        (
            auth.clone(),
            json!({"subCcNo": "1", "vdn": "3", "endDate": (end - 20 * DAY).to_string()})
                .to_string(),
        ),
        // Filters.
        (auth.clone(), with(json!({"callType": "1"}))),
        (auth.clone(), with(json!({"mediaType": "53"}))),
        (auth.clone(), with(json!({"evaluationValue": "5"}))),
        (auth.clone(), with(json!({"evaluationValue": "05"}))),
        (auth.clone(), with(json!({"callerNo": "00000000"}))),
        // begin > end: 200, nothing.
        (
            auth.clone(),
            json!({"subCcNo": "1", "vdn": "1", "beginDate": end.to_string(), "endDate": "0"})
                .to_string(),
        ),
        // Business failures: unknown VDN, unknown call center.
        (
            auth.clone(),
            json!({"subCcNo": "1", "vdn": "9", "callId": call_id}).to_string(),
        ),
        (
            auth.clone(),
            json!({"subCcNo": "7", "vdn": "1", "callId": call_id}).to_string(),
        ),
        // Validation: no callId and no dates, a number where a string belongs, not JSON.
        (
            auth.clone(),
            json!({"subCcNo": "1", "vdn": "1"}).to_string(),
        ),
        (
            auth.clone(),
            json!({"subCcNo": "1", "vdn": 1, "callId": call_id}).to_string(),
        ),
        (auth.clone(), "{not json".to_string()),
        // Tokens: missing, wrong, wrong scheme.
        (
            None,
            json!({"subCcNo": "1", "vdn": "1", "callId": call_id}).to_string(),
        ),
        (
            Some("Bearer not-the-demo-token".into()),
            json!({"subCcNo": "1", "vdn": "1", "callId": call_id}).to_string(),
        ),
        (
            Some(format!("bearer {DEMO_TOKEN}")),
            json!({"subCcNo": "1", "vdn": "1", "callId": call_id}).to_string(),
        ),
    ]
}

/// A call ID of VDN 1 from the last week.
fn some_call_id(service: &InPage) -> String {
    let end = DemoSettings::default().end_ms(NOW);
    let body = json!({"subCcNo": "1", "vdn": "1",
                      "beginDate": (end - 7 * DAY).to_string(), "endDate": end.to_string()});
    let answer = service.query(Some(&bearer()), body.to_string().as_bytes(), NOW);
    let parsed: Value = serde_json::from_str(&answer.body).expect("JSON");
    parsed["results"][3]["callId"]
        .as_str()
        .expect("a call ID")
        .to_string()
}

async fn assert_same_answers(settings: DemoSettings, rounds: usize) -> Vec<Seen> {
    let http = http_side(&settings);
    let page = InPage::new(&settings, NOW);
    // A separate service, same data, no faults, finds a call ID (so both sides see the
    // same request sequence).
    let calm = DemoSettings {
        seed: settings.seed,
        records: settings.records,
        ..DemoSettings::default()
    };
    let call_id = some_call_id(&InPage::new(&calm, NOW));
    let mut seen = Vec::new();
    for _ in 0..rounds {
        for (auth, body) in requests(&call_id) {
            let a = over_http(&http, auth.as_deref(), &body).await;
            let b = in_page(&page, auth.as_deref(), &body);
            assert_eq!(
                (a.0, &a.1),
                (b.0, &b.1),
                "status or content type differ for {auth:?} {body}"
            );
            assert!(a.2 == b.2, "bodies differ for {auth:?} {body}");
            seen.push(a);
        }
    }
    seen
}

#[tokio::test]
async fn in_page_and_http_answer_alike() {
    let settings = DemoSettings {
        records: 3_000,
        max_results: 200,
        ..DemoSettings::default()
    };
    let seen = assert_same_answers(settings, 1).await;
    let statuses: Vec<u16> = seen.iter().map(|s| s.0).collect();
    // Every path the list means to reach was reached.
    for status in [200, 400, 401, 500] {
        assert!(statuses.contains(&status), "no {status} in {statuses:?}");
    }
    assert_eq!(statuses[0], 200);
    let first: Value = serde_json::from_str(&seen[0].2).expect("JSON");
    assert_eq!(first["total"], json!(1), "the Call ID query finds its call");
    let month: Value = serde_json::from_str(&seen[3].2).expect("JSON");
    assert!(
        month["total"].as_u64().unwrap_or(0) > 200,
        "capped: {month}"
    );
    assert_eq!(month["results"].as_array().map(Vec::len), Some(200));
}

#[tokio::test]
async fn in_page_and_http_fail_alike() {
    let settings = DemoSettings {
        records: 2_000,
        seed: 7,
        latency_ms: 5,
        jitter_ms: 5,
        fail_rate: 0.2,
        malformed_rate: 0.1,
        html_502_rate: 0.1,
        drop_rate: 0.1,
        ..DemoSettings::default()
    };
    let seen = assert_same_answers(settings, 3).await;
    assert!(seen.iter().any(|s| s.2 == "dropped"), "no dropped request");
    assert!(
        seen.iter()
            .any(|s| s.0 == 502 && s.1.starts_with("text/html")),
        "no HTML 502"
    );
    assert!(
        seen.iter()
            .any(|s| s.0 == 200 && serde_json::from_str::<Value>(&s.2).is_err()),
        "no truncated 200"
    );
}

#[test]
fn settings_come_from_config_json() {
    let text = r#"{"token": "demo-token", "demo": {"seed": 3, "records": 500,
        "endMs": 1795824000000, "latencyMs": 250, "failRate": 2, "html502Rate": 0.5}}"#;
    let s = DemoSettings::from_config_json(text);
    assert_eq!(s.seed, 3);
    assert_eq!(s.records, 500);
    assert_eq!(s.end_ms(NOW), cdr_sim::dataset::DEFAULT_END_MS);
    assert_eq!(s.latency_ms, 250);
    assert_eq!(s.fail_rate, 1.0, "rates are clamped to 0..=1");
    assert_eq!(s.html_502_rate, 0.5);
    // No "demo" object, or a broken file: the defaults, ending at the current hour.
    for text in ["{}", "not json", r#"{"demo": 5}"#] {
        let s = DemoSettings::from_config_json(text);
        assert_eq!(s, DemoSettings::default());
        assert_eq!(s.end_ms(NOW), NOW - 30 * 60_000);
    }
}
