//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use cdr_sim::config::SimConfig;
use cdr_sim::contract::QUERY_PATH;
use cdr_sim::dataset::DEFAULT_END_MS;
use cdr_sim::server::{router, AppState, Clock};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

pub const TOKEN: &str = "test-token";

/// A small, quiet config with one fixed token.
pub fn small_config() -> SimConfig {
    SimConfig {
        tokens: vec![TOKEN.into()],
        records: 4_000,
        quiet: true,
        ..SimConfig::default()
    }
}

/// A fake clock and the handle that moves it.
pub fn fake_clock(start_ms: i64) -> (Clock, Arc<AtomicI64>) {
    let now = Arc::new(AtomicI64::new(start_ms));
    let read = now.clone();
    (Arc::new(move || read.load(Ordering::SeqCst)), now)
}

pub fn state(cfg: &SimConfig) -> Arc<AppState> {
    Arc::new(AppState::new(cfg))
}

/// A valid query body: VDN 2, the last day of the default data.
pub fn body() -> Value {
    json!({"subCcNo": "1", "vdn": "2", "beginDate": (DEFAULT_END_MS - 86_400_000).to_string(), "endDate": DEFAULT_END_MS.to_string()})
}

/// The small config's state, with some flags changed (the faults under test).
pub fn faulty(f: impl FnOnce(&mut SimConfig)) -> Arc<AppState> {
    let mut cfg = small_config();
    f(&mut cfg);
    state(&cfg)
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.body))
    }

    /// `results` of a 200 answer.
    pub fn results(&self) -> Vec<Value> {
        assert_eq!(self.status, StatusCode::OK, "body: {}", self.body);
        self.json()["results"]
            .as_array()
            .expect("results is an array")
            .clone()
    }

    pub fn total(&self) -> u64 {
        assert_eq!(self.status, StatusCode::OK, "body: {}", self.body);
        self.json()["total"].as_u64().expect("total is a number")
    }
}

pub async fn send(state: &Arc<AppState>, req: Request<Body>) -> Answer {
    let response = router(state.clone())
        .oneshot(req)
        .await
        .expect("router is infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).expect("UTF-8 body"),
    }
}

/// POSTs `body` to the query endpoint with the given Authorization header.
pub async fn query_with_auth(state: &Arc<AppState>, auth: Option<&str>, body: &str) -> Answer {
    let mut req = Request::post(QUERY_PATH).header("content-type", "application/json");
    if let Some(a) = auth {
        req = req.header("authorization", a);
    }
    send(
        state,
        req.body(Body::from(body.to_owned())).expect("request"),
    )
    .await
}

/// POSTs `body` to the query endpoint with the test token.
pub async fn query(state: &Arc<AppState>, body: &Value) -> Answer {
    query_with_auth(state, Some(&format!("Bearer {TOKEN}")), &body.to_string()).await
}

/// A response field as text, whether it came as a string or a number.
pub fn text(record: &Value, field: &str) -> Option<String> {
    match record.get(field)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        other => panic!("{field} is neither string nor number: {other}"),
    }
}
