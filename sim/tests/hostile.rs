//! The `hostile` scenario: every check still applies, then hostile payloads come back as
//! valid JSON.

mod common;

use axum::http::StatusCode;
use cdr_sim::config::SimConfig;
use cdr_sim::contract::{Scenario, JSON_CONTENT_TYPE};
use cdr_sim::hostile::{self, *};
use common::*;
use serde_json::{json, Value};

fn hostile_config() -> SimConfig {
    SimConfig {
        scenario: Scenario::Hostile,
        records: 200,
        ..small_config()
    }
}

fn by_call_id() -> Value {
    json!({"subCcNo": "1", "vdn": "1", "callId": "1669464198-17002955"})
}

/// Every string value of every record.
fn all_strings(results: &[Value]) -> Vec<String> {
    results
        .iter()
        .flat_map(|r| r.as_object().expect("a record is an object").values())
        .map(|v| v.as_str().expect("every value is a string").to_string())
        .collect()
}

#[tokio::test]
async fn answers_the_payloads_whatever_the_filters() {
    let st = state(&hostile_config());
    let a = query(&st, &by_call_id()).await;
    assert_eq!(a.status, StatusCode::OK, "body: {}", a.body);
    assert_eq!(a.headers["content-type"], JSON_CONTENT_TYPE);
    assert_eq!(a.body, hostile::response_body());
    let results = a.results();
    assert_eq!(a.total() as usize, results.len());
    assert!((15..=30).contains(&results.len()), "{}", results.len());

    let first = &results[0];
    assert_eq!(first["callerNo"], IMG_ONERROR);
    assert_eq!(first["calleeNo"], HYPERLINK_FORMULA);
    assert_eq!(first["callId"], SCRIPT_TAG);
    assert_eq!(first["leaveReason"], JS_URL);
    assert_eq!(first["evaluationValue"], SVG_ONLOAD);

    let strings = all_strings(&results);
    for payload in PAYLOADS {
        assert!(
            strings.iter().any(|s| s == payload),
            "{payload:?} is in no field"
        );
    }
    let long = long_string();
    assert_eq!(long.chars().count(), 10_000);
    assert!(strings.contains(&long));
    assert!(strings.iter().any(|s| s.contains('\u{202e}')));
    for formula in ["+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"] {
        assert!(strings.iter().any(|s| s == formula), "{formula:?} missing");
    }

    // Every text field of the hostile records, and normal records between them.
    for field in [
        "callerNo",
        "calleeNo",
        "callId",
        "callType",
        "mediatype",
        "leaveReason",
        "evaluationValue",
        "vdn",
        "waitBegin",
    ] {
        assert!(
            results
                .iter()
                .any(|r| PAYLOADS.contains(&r[field].as_str().unwrap())
                    || r[field].as_str() == Some(long.as_str())),
            "no payload in {field}"
        );
    }
    let normal = results
        .iter()
        .filter(|r| {
            r["callerNo"]
                .as_str()
                .unwrap()
                .bytes()
                .all(|b| b.is_ascii_digit())
                && r["callId"].as_str().unwrap().contains('-')
                && r["leaveReason"] == "88"
        })
        .count();
    assert!(normal >= 5, "only {normal} normal records");
}

#[tokio::test]
async fn call_begin_is_valid_ascending_epoch_ms_and_call_ids_are_unique() {
    let results = hostile::records();
    let begins: Vec<i64> = results
        .iter()
        .map(|r| {
            let s = r["callBegin"].as_str().expect("callBegin is a string");
            assert!(
                s.len() == 13 && s.bytes().all(|b| b.is_ascii_digit()),
                "{s}"
            );
            s.parse().unwrap()
        })
        .collect();
    assert!(begins.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(begins[0], FIRST_BEGIN_MS + 7_000);
    for r in &results {
        for field in ["callEnd", "ackBegin", "logDate"] {
            let s = r[field].as_str().unwrap();
            assert!(s.bytes().all(|b| b.is_ascii_digit()), "{field}: {s}");
        }
    }
    let mut ids: Vec<&str> = results
        .iter()
        .map(|r| r["callId"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), results.len(), "call IDs repeat");
}

#[tokio::test]
async fn is_deterministic_and_valid_json() {
    let body = hostile::response_body();
    assert_eq!(body, hostile::response_body());
    let v: Value = serde_json::from_str(&body).expect("valid JSON");
    assert_eq!(v["total"], json!(v["results"].as_array().unwrap().len()));
    // Raw control characters never reach the wire; they are escaped.
    assert!(!body.bytes().any(|b| b < 0x20));
    assert!(body.contains("\\t=1+1"));
}

#[tokio::test]
async fn still_enforces_the_token_and_the_usual_checks() {
    let st = state(&hostile_config());
    let body = by_call_id().to_string();
    for auth in [None, Some("Bearer wrong"), Some("bearer test-token")] {
        let a = query_with_auth(&st, auth, &body).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "auth {auth:?}");
        assert_eq!(a.json()["returnCode"], "401");
        assert!(!a.body.contains("__pwned"));
    }
    let cases = [
        (json!({"subCcNo": "1", "vdn": "1"}), 400),
        (json!({"subCcNo": "1", "callId": "x"}), 400),
        (json!({"subCcNo": "1", "vdn": 1, "callId": "x"}), 400),
        (
            json!({"subCcNo": "1", "vdn": "1", "beginDate": "yesterday"}),
            400,
        ),
        (json!({"subCcNo": "9", "vdn": "1", "callId": "x"}), 500),
        (json!({"subCcNo": "1", "vdn": "9", "callId": "x"}), 500),
    ];
    for (request, status) in cases {
        let a = query(&st, &request).await;
        assert_eq!(a.status.as_u16(), status, "{request}: {}", a.body);
        assert!(!a.body.contains("__pwned"));
    }
    let bad = query_with_auth(&st, Some(&format!("Bearer {TOKEN}")), "[1]").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[test]
fn the_flag_selects_the_scenario() {
    use clap::Parser;
    let cfg = SimConfig::parse_from(["cdr-sim", "--scenario", "hostile"]);
    assert_eq!(cfg.scenario, Scenario::Hostile);
    assert_eq!(Scenario::Hostile.to_string(), "hostile");
    let err = SimConfig::try_parse_from(["cdr-sim", "--scenario", "evil"]).unwrap_err();
    assert!(err.to_string().contains("hostile"), "{err}");
}
