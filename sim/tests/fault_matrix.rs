//! The faults the end-to-end fault matrix needs: a forced status, body faults, a slow
//! trickle, and `--fault-first` (only the first N requests are faulty).

mod common;

use std::time::{Duration, Instant};

use cdr_sim::config::SimConfig;
use cdr_sim::contract::{
    BodyFault, Fault, HUGE_PADDING_BYTES, JSON_CONTENT_TYPE, TEXT_CONTENT_TYPE,
};
use cdr_sim::server::spawn;
use common::*;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn force_status_answers_every_request_with_it_and_a_json_body() {
    for status in [400u16, 401, 404, 500, 503] {
        let st = faulty(|c| c.force_status = Some(status));
        let a = query(&st, &body()).await;
        assert_eq!(a.status.as_u16(), status);
        assert_eq!(a.json()["returnCode"], status.to_string());
        assert_eq!(a.headers["content-type"], JSON_CONTENT_TYPE);
    }
}

#[test]
fn force_status_accepts_only_error_statuses() {
    use clap::Parser;
    assert!(SimConfig::try_parse_from(["cdr-sim", "--force-status", "200"]).is_err());
    assert!(SimConfig::try_parse_from(["cdr-sim", "--force-status", "600"]).is_err());
    let ok = SimConfig::try_parse_from(["cdr-sim", "--force-status", "400"]).unwrap();
    assert_eq!(ok.faults().force_status, Some(400));
}

#[tokio::test]
async fn fault_first_limits_faults_and_delays_to_the_first_requests() {
    let st = faulty(|c| {
        c.force_status = Some(500);
        c.latency_ms = 300;
        c.fault_first = Some(2);
    });
    for _ in 0..2 {
        let started = Instant::now();
        assert_eq!(query(&st, &body()).await.status.as_u16(), 500);
        assert!(started.elapsed() >= Duration::from_millis(300));
    }
    for _ in 0..3 {
        let started = Instant::now();
        let a = query(&st, &body()).await;
        assert!(a.total() > 0, "a normal answer after the first two");
        assert!(started.elapsed() < Duration::from_millis(300), "no delay");
    }
}

#[tokio::test]
async fn fault_first_applies_to_rate_faults_too() {
    let st = faulty(|c| {
        c.malformed_rate = 1.0;
        c.fault_first = Some(1);
    });
    assert!(serde_json::from_str::<Value>(&query(&st, &body()).await.body).is_err());
    assert!(query(&st, &body()).await.total() > 0);
}

#[tokio::test]
async fn body_faults_keep_status_200() {
    let clean = state(&small_config());
    let good = query(&clean, &body()).await;
    let total = good.total();

    let empty = query(&faulty(|c| c.body_fault = Some(BodyFault::Empty)), &body()).await;
    assert_eq!(empty.status.as_u16(), 200);
    assert_eq!(empty.body, "");

    let null = query(
        &faulty(|c| c.body_fault = Some(BodyFault::ResultsNull)),
        &body(),
    )
    .await;
    assert_eq!(null.json(), json!({"total": total, "results": null}));

    let object = query(
        &faulty(|c| c.body_fault = Some(BodyFault::ResultsNotArray)),
        &body(),
    )
    .await;
    assert!(object.json()["results"].is_object());

    let plain = query(
        &faulty(|c| c.body_fault = Some(BodyFault::TextPlain)),
        &body(),
    )
    .await;
    assert_eq!(plain.headers["content-type"], TEXT_CONTENT_TYPE);
    assert_eq!(plain.body, good.body, "the right answer, mislabelled");

    let huge = query(&faulty(|c| c.body_fault = Some(BodyFault::Huge)), &body()).await;
    assert!(huge.body.len() > HUGE_PADDING_BYTES);
    let v = huge.json();
    assert_eq!(
        v["padding"].as_str().map(str::len),
        Some(HUGE_PADDING_BYTES)
    );
    assert_eq!(v["total"], json!(total));
    assert_eq!(v["results"], good.json()["results"]);
}

#[tokio::test]
async fn body_faults_leave_errors_alone() {
    let st = faulty(|c| c.body_fault = Some(BodyFault::Empty));
    let denied = query_with_auth(&st, None, &body().to_string()).await;
    assert_eq!(denied.status.as_u16(), 401);
    assert!(!denied.body.is_empty());
}

#[test]
fn body_fault_names_parse_and_unknown_ones_fail() {
    use clap::Parser;
    for kind in BodyFault::ALL {
        let cfg = SimConfig::try_parse_from(["cdr-sim", "--body-fault", kind.name()]).unwrap();
        assert_eq!(cfg.faults().body_fault, Some(kind));
    }
    assert!(SimConfig::try_parse_from(["cdr-sim", "--body-fault", "nope"]).is_err());
    let _ = Fault::Body(BodyFault::Huge);
}

/// Reads one raw HTTP/1.1 answer, noting when the first and the last byte came.
async fn timed_raw_query(addr: std::net::SocketAddr) -> (String, Duration, Duration) {
    let body = body().to_string();
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        cdr_sim::contract::QUERY_PATH,
        body.len()
    );
    let started = Instant::now();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    let mut first = None;
    let mut buf = [0u8; 4096];
    loop {
        let n = stream.read(&mut buf).await.unwrap();
        if n == 0 {
            break;
        }
        first.get_or_insert_with(|| started.elapsed());
        out.extend_from_slice(&buf[..n]);
    }
    (
        String::from_utf8_lossy(&out).into_owned(),
        first.unwrap_or_default(),
        started.elapsed(),
    )
}

#[tokio::test]
async fn trickle_sends_headers_at_once_and_the_body_slowly() {
    let cfg = SimConfig {
        trickle_ms: 100,
        ..small_config()
    };
    let (addr, handle) = spawn(cfg).await.unwrap();
    let (raw, first, all) = timed_raw_query(addr).await;
    handle.abort();
    assert!(raw.starts_with("HTTP/1.1 200"), "{raw:.200}");
    assert!(
        first < Duration::from_millis(100),
        "headers at once: {first:?}"
    );
    assert!(all >= Duration::from_millis(900), "ten pieces: {all:?}");
    assert!(raw.contains("\"results\":["), "the whole body arrives");
}
