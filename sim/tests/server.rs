//! The server around the contract: CORS, static files, sockets, flags.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cdr_sim::config::SimConfig;
use cdr_sim::contract::QUERY_PATH;
use cdr_sim::server::spawn;
use common::*;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const ORIGIN: &str = "http://localhost:8080";

fn preflight() -> Request<Body> {
    Request::builder()
        .method("OPTIONS")
        .uri(QUERY_PATH)
        .header("origin", ORIGIN)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization,content-type,x-app-key",
        )
        .body(Body::empty())
        .unwrap()
}

fn cors_post(origin: &str) -> Request<Body> {
    Request::post(QUERY_PATH)
        .header("origin", origin)
        .header("authorization", format!("Bearer {TOKEN}"))
        .header("content-type", "application/json")
        .body(Body::from(
            json!({"subCcNo": "1", "vdn": "1", "beginDate": "0"}).to_string(),
        ))
        .unwrap()
}

#[tokio::test]
async fn no_cors_headers_by_default() {
    let st = state(&small_config());
    let a = send(&st, preflight()).await;
    assert!(a.headers.get("access-control-allow-origin").is_none());
    let b = send(&st, cors_post(ORIGIN)).await;
    assert_eq!(b.status, StatusCode::OK);
    assert!(b.headers.get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn cors_origin_allows_exactly_that_origin() {
    let st = state(&SimConfig {
        cors_origin: Some(ORIGIN.into()),
        ..small_config()
    });
    let a = send(&st, preflight()).await;
    assert!(a.status.is_success());
    assert_eq!(a.headers["access-control-allow-origin"], ORIGIN);
    let allowed = a.headers["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    for h in [
        "authorization",
        "content-type",
        "x-app-key",
        "x-tenantspaceid",
    ] {
        assert!(allowed.contains(h), "{h} not in {allowed}");
    }
    let b = send(&st, cors_post(ORIGIN)).await;
    assert_eq!(b.status, StatusCode::OK);
    assert_eq!(b.headers["access-control-allow-origin"], ORIGIN);
    let other = send(&st, cors_post("http://evil.example")).await;
    // Another origin is never echoed back, so its browser refuses the answer.
    let echoed = other.headers.get("access-control-allow-origin");
    assert!(echoed.is_none_or(|v| v == ORIGIN), "{echoed:?}");
}

fn temp_dist() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cdr-sim-dist-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>CDR Explorer</title>",
    )
    .unwrap();
    std::fs::write(dir.join("assets/app.js"), "console.log('app')").unwrap();
    dir
}

#[tokio::test]
async fn dist_serves_the_app_next_to_the_api() {
    let dir = temp_dist();
    let st = state(&SimConfig {
        dist: Some(dir.clone()),
        ..small_config()
    });
    let root = send(&st, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(root.status, StatusCode::OK);
    assert!(root.body.contains("<title>CDR Explorer</title>"));
    assert!(root.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let js = send(
        &st,
        Request::get("/assets/app.js").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(js.status, StatusCode::OK);
    assert_eq!(js.body, "console.log('app')");
    let missing = send(&st, Request::get("/nope.js").body(Body::empty()).unwrap()).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    // The API still answers, and API 404s stay JSON.
    assert_eq!(send(&st, cors_post(ORIGIN)).await.status, StatusCode::OK);
    let api404 = send(
        &st,
        Request::post("/apiaccess/x").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(api404.status, StatusCode::NOT_FOUND);
    assert_eq!(api404.json()["returnCode"], "404");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn spawn_serves_over_tcp() {
    let (addr, handle) = spawn(small_config()).await.unwrap();
    assert!(addr.ip().is_loopback() && addr.port() != 0);
    let body = json!({"subCcNo": "1", "vdn": "1", "beginDate": "0"}).to_string();
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "POST {QUERY_PATH} HTTP/1.1\r\nHost: sim\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = String::new();
    tokio::time::timeout(Duration::from_secs(10), s.read_to_string(&mut out))
        .await
        .unwrap()
        .unwrap();
    assert!(out.starts_with("HTTP/1.1 200 OK"), "{out:.200}");
    assert!(out.contains("content-type: application/json;charset=UTF-8"));
    assert!(out.contains("\"total\":"));
    handle.abort();
}

#[test]
fn default_config_equals_the_flag_defaults() {
    use clap::Parser;
    let parsed = SimConfig::try_parse_from(["cdr-sim"]).unwrap();
    // Environment variables could change what parsing sees; compare only when unset.
    if [
        "CDR_SIM_LISTEN",
        "CDR_SIM_TOKENS",
        "CDR_SIM_APP_KEY",
        "CDR_SIM_APP_SECRET",
    ]
    .iter()
    .all(|v| std::env::var_os(v).is_none())
    {
        assert_eq!(parsed, SimConfig::default());
    }
    let cfg = SimConfig::try_parse_from([
        "cdr-sim",
        "--token",
        "a",
        "--token",
        "b",
        "--vdn",
        "7",
        "--scenario",
        "seed-example",
        "--dist",
        "/tmp/x",
        "--cors-origin",
        ORIGIN,
        "--quiet",
    ])
    .unwrap();
    assert_eq!(cfg.tokens, ["a", "b"]);
    assert_eq!(cfg.vdns, ["7"]);
    assert_eq!(cfg.scenario, cdr_sim::contract::Scenario::SeedExample);
    assert!(cfg.quiet && cfg.dist.is_some() && cfg.cors_origin.is_some());
    assert!(SimConfig::try_parse_from(["cdr-sim", "--scenario", "hostile-ish"]).is_err());
}
