//! Fault injection: 500s, malformed bodies, HTML 502 pages, dropped connections, delays.

mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cdr_sim::config::SimConfig;
use cdr_sim::contract::{self, Fault, SimRequest, QUERY_PATH, TOKEN_PATH};
use cdr_sim::server::{router, spawn};
use common::*;
use http_body_util::BodyExt;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

#[tokio::test]
async fn fail_rate_one_turns_successes_into_500s_but_not_auth_errors() {
    let st = faulty(|c| c.fail_rate = 1.0);
    let a = query(&st, &body()).await;
    assert_eq!(a.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(a.json()["returnCode"], "500");
    let denied = query_with_auth(&st, None, &body().to_string()).await;
    assert_eq!(denied.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn fail_rate_is_a_share_and_reproducible() {
    async fn statuses() -> Vec<u16> {
        let st = faulty(|c| c.fail_rate = 0.3);
        let mut out = Vec::new();
        for _ in 0..200 {
            out.push(query(&st, &body()).await.status.as_u16());
        }
        out
    }
    let first = statuses().await;
    let failures = first.iter().filter(|&&s| s == 500).count();
    assert!((35..=85).contains(&failures), "{failures} of 200 failed");
    assert!(first.iter().all(|&s| s == 200 || s == 500));
    assert_eq!(first, statuses().await, "same seed, same sequence");
}

#[tokio::test]
async fn malformed_rate_sends_truncated_json_with_200() {
    let clean = state(&small_config());
    let good = query(&clean, &body()).await.body;
    let st = faulty(|c| c.malformed_rate = 1.0);
    for _ in 0..5 {
        let a = query(&st, &body()).await;
        assert_eq!(a.status, StatusCode::OK);
        assert!(a.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"));
        assert!(
            serde_json::from_str::<Value>(&a.body).is_err(),
            "parsed: {}",
            a.body
        );
        assert!(good.starts_with(&a.body) && a.body.len() < good.len());
    }
}

#[tokio::test]
async fn html_502_rate_sends_an_nginx_page() {
    let st = faulty(|c| {
        c.html_502_rate = 1.0;
        c.app_key = Some("k".into());
        c.app_secret = Some("s".into());
    });
    let a = query(&st, &body()).await;
    assert_eq!(a.status, StatusCode::BAD_GATEWAY);
    assert!(a.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(a.body.contains("<title>502 Bad Gateway</title>") && a.body.contains("nginx"));
    // The gateway fails for the token call too.
    let req = Request::post(TOKEN_PATH)
        .body(Body::from(r#"{"app_key":"k","app_secret":"s"}"#))
        .unwrap();
    assert_eq!(send(&st, req).await.status, StatusCode::BAD_GATEWAY);
}

#[tokio::test]
async fn latency_delays_answers() {
    let st = faulty(|c| c.latency_ms = 150);
    let started = Instant::now();
    let a = query(&st, &body()).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(150));
}

#[test]
fn jitter_varies_the_delay_within_bounds() {
    let st = faulty(|c| {
        c.latency_ms = 20;
        c.jitter_ms = 30;
    });
    let delays: Vec<u64> = (0..50)
        .map(|seq| {
            let req = SimRequest {
                method: "POST",
                path: QUERY_PATH,
                authorization: None,
                token_expire: None,
                body: b"",
                now_ms: 0,
                seq,
            };
            contract::answer(&st.contract, &req).delay_ms
        })
        .collect();
    assert!(delays.iter().all(|d| (20..=50).contains(d)), "{delays:?}");
    assert!(delays.iter().any(|&d| d != delays[0]));
}

#[tokio::test]
async fn drop_rate_without_a_socket_fails_the_body() {
    let st = faulty(|c| c.drop_rate = 1.0);
    let req = Request::post(QUERY_PATH)
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(Body::from(body().to_string()))
        .unwrap();
    let response = router(st).oneshot(req).await.unwrap();
    assert!(response.into_body().collect().await.is_err());
}

async fn raw_post(addr: std::net::SocketAddr, body: &str) -> std::io::Result<Vec<u8>> {
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    let req = format!(
        "POST {QUERY_PATH} HTTP/1.1\r\nHost: sim\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await?;
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut out))
        .await
        .map_err(|_| std::io::Error::other("timed out"))??;
    Ok(out)
}

#[tokio::test]
async fn drop_rate_closes_the_connection_without_an_answer() {
    let mut cfg = small_config();
    cfg.drop_rate = 1.0;
    let (addr, handle) = spawn(cfg).await.unwrap();
    for _ in 0..3 {
        // Either an empty read (FIN) or a reset: never a single byte of HTTP.
        if let Ok(bytes) = raw_post(addr, &body().to_string()).await {
            assert!(
                bytes.is_empty(),
                "got {:?}",
                String::from_utf8_lossy(&bytes)
            );
        }
    }
    handle.abort();

    // A half-dropping server still answers the others properly.
    let mut cfg = small_config();
    cfg.drop_rate = 0.5;
    let (addr, handle) = spawn(cfg).await.unwrap();
    let (mut dropped, mut answered) = (0, 0);
    for _ in 0..30 {
        match raw_post(addr, &body().to_string()).await {
            Ok(b) if b.is_empty() => dropped += 1,
            Ok(b) => {
                assert!(b.starts_with(b"HTTP/1.1 200 OK"));
                answered += 1;
            }
            Err(_) => dropped += 1,
        }
    }
    assert!(
        dropped > 0 && answered > 0,
        "dropped {dropped}, answered {answered}"
    );
    handle.abort();
}

#[test]
fn rolls_pick_the_right_shares() {
    let st = faulty(|c| {
        c.drop_rate = 0.1;
        c.html_502_rate = 0.1;
        c.fail_rate = 0.1;
        c.malformed_rate = 0.1;
    });
    let auth = format!("Bearer {TOKEN}");
    let body = body().to_string();
    let mut counts = std::collections::HashMap::new();
    for seq in 0..2_000 {
        let req = SimRequest {
            method: "POST",
            path: QUERY_PATH,
            authorization: Some(&auth),
            token_expire: None,
            body: body.as_bytes(),
            now_ms: 0,
            seq,
        };
        *counts
            .entry(contract::answer(&st.contract, &req).fault)
            .or_insert(0) += 1;
    }
    for f in [
        Fault::Drop,
        Fault::Html502,
        Fault::Failure,
        Fault::Malformed,
    ] {
        let n = counts.get(&Some(f)).copied().unwrap_or(0);
        assert!((140..=260).contains(&n), "{f:?}: {n}");
    }
    let clean = counts.get(&None).copied().unwrap_or(0);
    assert!((1_100..=1_300).contains(&clean), "clean {clean}");
}

#[test]
fn rates_outside_0_to_1_are_rejected() {
    use clap::Parser;
    assert!(SimConfig::try_parse_from(["cdr-sim", "--fail-rate", "1.5"]).is_err());
    assert!(SimConfig::try_parse_from(["cdr-sim", "--drop-rate", "-0.1"]).is_err());
    let ok = SimConfig::try_parse_from(["cdr-sim", "--html-502-rate", "0.25"]).unwrap();
    assert_eq!(ok.html_502_rate, 0.25);
}
