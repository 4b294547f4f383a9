//! tokenByAkSk: issuing tokens, and their expiry (with an injected clock).

mod common;

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cdr_sim::config::SimConfig;
use cdr_sim::contract::TOKEN_PATH;
use cdr_sim::dataset::DEFAULT_END_MS;
use cdr_sim::server::AppState;
use common::*;
use serde_json::{json, Value};

const T0: i64 = 1_795_000_000_123;

fn config() -> SimConfig {
    SimConfig {
        tokens: vec![],
        app_key: Some("ak-123".into()),
        app_secret: Some("sk-secret".into()),
        records: 1_000,
        quiet: true,
        ..SimConfig::default()
    }
}

async fn ask(st: &Arc<AppState>, expire: Option<&str>, body: &str) -> Answer {
    let mut req = Request::post(TOKEN_PATH).header("content-type", "application/json");
    if let Some(e) = expire {
        req = req.header("x-token-expire", e);
    }
    send(st, req.body(Body::from(body.to_owned())).unwrap()).await
}

fn creds() -> String {
    json!({"app_key": "ak-123", "app_secret": "sk-secret"}).to_string()
}

fn query_body() -> Value {
    json!({"subCcNo": "1", "vdn": "1", "beginDate": "0", "endDate": DEFAULT_END_MS.to_string()})
}

#[tokio::test]
async fn issued_token_works_until_it_expires() {
    let (clock, now) = fake_clock(T0);
    let st = Arc::new(AppState::with_clock(&config(), clock));
    let a = ask(&st, Some("60"), &creds()).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let v = a.json();
    assert_eq!(v["ApplyType"], "Bearer");
    assert_eq!(v["Expires"], "60");
    assert_eq!(v["CreateTime"], (T0 / 1000).to_string());
    assert_eq!(v["AppKey"], "ak-123");
    assert!(v["Scope"].is_string() && v["UserID"].is_string());
    let token = v["AccessToken"].as_str().expect("AccessToken").to_owned();
    assert!(token.len() >= 16);

    let auth = format!("Bearer {token}");
    let body = query_body().to_string();
    assert_eq!(
        query_with_auth(&st, Some(&auth), &body).await.status,
        StatusCode::OK
    );
    now.store(T0 + 59_999, Ordering::SeqCst);
    assert_eq!(
        query_with_auth(&st, Some(&auth), &body).await.status,
        StatusCode::OK
    );
    now.store(T0 + 60_000, Ordering::SeqCst);
    assert_eq!(
        query_with_auth(&st, Some(&auth), &body).await.status,
        StatusCode::UNAUTHORIZED
    );

    // A new token is different and works again.
    let b = ask(&st, Some("3600"), &creds()).await;
    let token2 = b.json()["AccessToken"].as_str().unwrap().to_owned();
    assert_ne!(token, token2);
    let auth2 = format!("Bearer {token2}");
    assert_eq!(
        query_with_auth(&st, Some(&auth2), &body).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn default_lifetime_is_600_seconds() {
    let (clock, now) = fake_clock(T0);
    let st = Arc::new(AppState::with_clock(&config(), clock));
    let a = ask(&st, None, &creds()).await;
    assert_eq!(a.json()["Expires"], "600");
    let auth = format!("Bearer {}", a.json()["AccessToken"].as_str().unwrap());
    let body = query_body().to_string();
    now.store(T0 + 599_000, Ordering::SeqCst);
    assert_eq!(
        query_with_auth(&st, Some(&auth), &body).await.status,
        StatusCode::OK
    );
    now.store(T0 + 600_000, Ordering::SeqCst);
    assert_eq!(
        query_with_auth(&st, Some(&auth), &body).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn token_request_errors() {
    let st = state(&config());
    // Wrong credentials.
    let wrong = json!({"app_key": "ak-123", "app_secret": "nope"}).to_string();
    assert_eq!(
        ask(&st, Some("600"), &wrong).await.status,
        StatusCode::UNAUTHORIZED
    );
    let wrong_key = json!({"app_key": "other", "app_secret": "sk-secret"}).to_string();
    assert_eq!(
        ask(&st, None, &wrong_key).await.status,
        StatusCode::UNAUTHORIZED
    );
    // Malformed bodies.
    for body in [
        "",
        "{",
        "[]",
        r#"{"app_key":"ak-123"}"#,
        r#"{"app_key":1,"app_secret":"sk-secret"}"#,
    ] {
        assert_eq!(
            ask(&st, None, body).await.status,
            StatusCode::BAD_REQUEST,
            "{body}"
        );
    }
    // Lifetimes out of range.
    for e in ["0", "3601", "-5", "ten", ""] {
        assert_eq!(
            ask(&st, Some(e), &creds()).await.status,
            StatusCode::BAD_REQUEST,
            "{e}"
        );
    }
    assert_eq!(
        ask(&st, Some("3600"), &creds()).await.status,
        StatusCode::OK
    );
    // GET is not the token call.
    let get = Request::get(TOKEN_PATH).body(Body::empty()).unwrap();
    assert_eq!(send(&st, get).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn without_configured_ak_sk_no_token_is_issued() {
    let st = state(&SimConfig {
        app_key: None,
        app_secret: None,
        ..config()
    });
    assert_eq!(
        ask(&st, None, &creds()).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[test]
fn ak_sk_come_from_flags() {
    use clap::Parser;
    let cfg = SimConfig::try_parse_from(["cdr-sim", "--app-key", "k", "--app-secret", "s"])
        .expect("valid flags");
    let creds = cfg.credentials().expect("both halves set");
    assert_eq!(
        (creds.app_key.as_str(), creds.app_secret.as_str()),
        ("k", "s")
    );
    let half = SimConfig::try_parse_from(["cdr-sim", "--app-key", "k"]).expect("valid flags");
    assert!(half.credentials().is_none());
}
