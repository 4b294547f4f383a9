//! The query endpoint's status codes, filters and answers, through the router.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cdr_core::RecordField;
use cdr_sim::config::SimConfig;
use cdr_sim::contract::{Scenario, QUERY_PATH, SEED_EXAMPLE_RESPONSE};
use cdr_sim::dataset::DEFAULT_END_MS;
use common::*;
use serde_json::{json, Value};

const DAY: i64 = 86_400_000;

fn all_days() -> (String, String) {
    (
        (DEFAULT_END_MS - 31 * DAY).to_string(),
        DEFAULT_END_MS.to_string(),
    )
}

fn base() -> Value {
    let (b, e) = all_days();
    json!({"subCcNo": "1", "vdn": "1", "beginDate": b, "endDate": e})
}

fn with(mut body: Value, key: &str, value: &str) -> Value {
    body[key] = Value::String(value.to_owned());
    body
}

fn error_body(a: &Answer, status: u16) {
    assert_eq!(a.status.as_u16(), status, "body: {}", a.body);
    let v = a.json();
    assert_eq!(v["returnCode"], status.to_string());
    assert!(!v["description"].as_str().unwrap_or("").is_empty());
}

#[tokio::test]
async fn unauthorized_without_a_valid_bearer_token() {
    let st = state(&small_config());
    let body = base().to_string();
    for auth in [
        None,
        Some("Bearer"),
        Some("Bearer "),
        Some(&*format!("Bearer  {TOKEN}")),
        Some(&*format!("bearer {TOKEN}")),
        Some(&*format!("Basic {TOKEN}")),
        Some(TOKEN),
        Some(&*format!("Bearer {TOKEN} extra")),
        Some("Bearer not-the-token"),
    ] {
        let a = query_with_auth(&st, auth, &body).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "auth {auth:?}");
        error_body(&a, 401);
        assert!(a.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"));
    }
    let ok = query_with_auth(&st, Some(&format!("Bearer {TOKEN}")), &body).await;
    assert_eq!(ok.status, StatusCode::OK);
}

#[tokio::test]
async fn no_token_configured_means_no_access() {
    let st = state(&SimConfig {
        tokens: vec![],
        records: 100,
        quiet: true,
        ..SimConfig::default()
    });
    let a = query(&st, &base()).await;
    error_body(&a, 401);
}

#[tokio::test]
async fn bad_requests_are_400() {
    let st = state(&small_config());
    let auth = format!("Bearer {TOKEN}");
    for raw in [
        "",
        "not json",
        "[1,2]",
        "\"text\"",
        "{\"subCcNo\":\"1\",",
        "null",
    ] {
        let a = query_with_auth(&st, Some(&auth), raw).await;
        error_body(&a, 400);
    }
    let mut cases: Vec<Value> = Vec::new();
    let mut missing_sub = base();
    missing_sub.as_object_mut().unwrap().remove("subCcNo");
    cases.push(missing_sub);
    let mut missing_vdn = base();
    missing_vdn.as_object_mut().unwrap().remove("vdn");
    cases.push(missing_vdn);
    cases.push(with(base(), "vdn", ""));
    // Neither callId nor a date.
    cases.push(json!({"subCcNo": "1", "vdn": "1"}));
    cases.push(json!({"subCcNo": "1", "vdn": "1", "callId": "", "beginDate": "", "endDate": ""}));
    // Known fields that are not strings.
    let mut numeric_vdn = base();
    numeric_vdn["vdn"] = json!(1);
    cases.push(numeric_vdn);
    let mut numeric_date = base();
    numeric_date["beginDate"] = json!(1_795_000_000_000i64);
    cases.push(numeric_date);
    let mut null_type = base();
    null_type["callType"] = Value::Null;
    cases.push(null_type);
    let mut array_caller = base();
    array_caller["callerNo"] = json!(["1"]);
    cases.push(array_caller);
    // Dates that are not epoch-ms digit strings.
    for bad in [
        "2026-11-01",
        "-1",
        "1.5e12",
        " 1795000000000",
        "17950000000000000000",
    ] {
        cases.push(with(base(), "beginDate", bad));
        cases.push(with(base(), "endDate", bad));
    }
    for body in cases {
        let a = query(&st, &body).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "body {body}: {}", a.body);
        error_body(&a, 400);
    }
}

#[tokio::test]
async fn call_id_alone_or_one_date_suffices() {
    let st = state(&small_config());
    let rec = &st.contract.dataset.records()[10];
    let id = rec.call_id.clone();
    let vdn = st.contract.dataset.spec().vdns[rec.vdn as usize].clone();
    let a = query(&st, &json!({"subCcNo": "1", "vdn": vdn, "callId": id})).await;
    assert_eq!(a.total(), 1);
    assert_eq!(
        text(&a.results()[0], "callId").as_deref(),
        Some(id.as_str())
    );

    let only_begin = query(&st, &json!({"subCcNo": "1", "vdn": "1", "beginDate": "0"})).await;
    let only_end = query(
        &st,
        &json!({"subCcNo": "1", "vdn": "1", "endDate": DEFAULT_END_MS.to_string()}),
    )
    .await;
    let both = query(&st, &base()).await;
    assert_eq!(only_begin.total(), both.total());
    assert_eq!(only_end.total(), both.total());
    assert!(both.total() > 0);
}

#[tokio::test]
async fn other_paths_and_methods_are_404() {
    let st = state(&small_config());
    for path in [
        "/apiaccess/",
        "/apiaccess/rest/dataprocess/v1/openapp/queryCallDetailInfo",
        "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo/",
        "/apigovernance/api/oauth/token",
    ] {
        let req = Request::post(path)
            .header("authorization", format!("Bearer {TOKEN}"))
            .body(Body::from(base().to_string()))
            .unwrap();
        let a = send(&st, req).await;
        error_body(&a, 404);
    }
    let get = Request::get(QUERY_PATH)
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&st, get).await.status, StatusCode::NOT_FOUND);
    // Outside the API and without --dist: plain 404.
    let other = Request::get("/index.html").body(Body::empty()).unwrap();
    assert_eq!(send(&st, other).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unknown_tenant_values_are_business_failures() {
    let st = state(&small_config());
    error_body(&query(&st, &with(base(), "vdn", "99")).await, 500);
    error_body(&query(&st, &with(base(), "subCcNo", "2")).await, 500);
    // A bad date is a 400 even when the VDN is also wrong: format before business.
    let both = with(with(base(), "vdn", "99"), "beginDate", "yesterday");
    error_body(&query(&st, &both).await, 400);
}

#[tokio::test]
async fn every_result_belongs_to_the_requested_vdn_and_is_sorted() {
    let st = state(&small_config());
    for vdn in ["1", "2", "3"] {
        let a = query(&st, &with(base(), "vdn", vdn)).await;
        let results = a.results();
        assert!(!results.is_empty());
        assert_eq!(a.total() as usize, results.len());
        let mut last = 0i64;
        for r in &results {
            assert_eq!(text(r, "vdn").as_deref(), Some(vdn));
            let begin: i64 = text(r, "callBegin").unwrap().parse().unwrap();
            assert!(begin >= last, "not sorted by callBegin");
            last = begin;
        }
    }
    // The three VDNs partition the data.
    let mut sum = 0;
    for vdn in ["1", "2", "3"] {
        sum += query(&st, &with(base(), "vdn", vdn)).await.total();
    }
    assert_eq!(sum as usize, st.contract.dataset.len());
}

/// `beginDate` is inclusive, `endDate` exclusive (`callBegin < endDate`) by default; the
/// `--end-inclusive` case is in `tests/slices.rs`.
#[tokio::test]
async fn date_bounds_begin_inclusive_end_exclusive() {
    let st = state(&small_config());
    let ds = &st.contract.dataset;
    let rec = ds
        .records()
        .iter()
        .find(|r| r.vdn == 0)
        .expect("a vdn-1 record");
    let t = rec.call_begin;
    let has_rec = |a: &Answer| {
        a.results()
            .iter()
            .any(|r| text(r, "callId").as_deref() == Some(rec.call_id.as_str()))
    };
    let range = |b: i64, e: i64| {
        with(
            with(base(), "beginDate", &b.to_string()),
            "endDate",
            &e.to_string(),
        )
    };
    // [t, t+1) holds the record: the begin bound is inclusive.
    let exact = query(&st, &range(t, t + 1)).await;
    assert!(exact.total() >= 1);
    assert!(has_rec(&exact));
    // [t-1000, t) does not: the end bound is exclusive.
    let up_to = query(&st, &range(t - 1000, t)).await;
    assert!(!has_rec(&up_to));
    // [t, t) is empty.
    assert_eq!(query(&st, &range(t, t)).await.total(), 0);
    let after = query(&st, &range(t + 1, t + 1000)).await;
    assert!(!has_rec(&after));
    let before = query(&st, &range(t - 1000, t - 1)).await;
    assert!(!has_rec(&before));

    // A one-day window [midnight, next midnight) returns exactly that day's calls.
    let begin = DEFAULT_END_MS - 3 * DAY;
    let end = begin + DAY;
    let a = query(
        &st,
        &with(
            with(base(), "beginDate", &begin.to_string()),
            "endDate",
            &end.to_string(),
        ),
    )
    .await;
    let expected = ds
        .records()
        .iter()
        .filter(|r| r.vdn == 0 && (begin..end).contains(&r.call_begin))
        .count();
    assert_eq!(a.total() as usize, expected);
    for r in a.results() {
        let b: i64 = text(&r, "callBegin").unwrap().parse().unwrap();
        assert!((begin..end).contains(&b));
    }
    // Reversed bounds match nothing.
    let reversed = query(
        &st,
        &with(
            with(base(), "beginDate", &end.to_string()),
            "endDate",
            &begin.to_string(),
        ),
    )
    .await;
    assert_eq!(reversed.total(), 0);
    assert!(reversed.results().is_empty());
}

#[tokio::test]
async fn call_id_is_exact() {
    let st = state(&small_config());
    let rec = st
        .contract
        .dataset
        .records()
        .iter()
        .find(|r| r.vdn == 0)
        .unwrap();
    let a = query(&st, &with(base(), "callId", &rec.call_id)).await;
    assert_eq!(a.total(), 1);
    let prefix = &rec.call_id[..rec.call_id.len() - 1];
    assert_eq!(query(&st, &with(base(), "callId", prefix)).await.total(), 0);
    // A call of another VDN is not found under VDN 1.
    let other = st
        .contract
        .dataset
        .records()
        .iter()
        .find(|r| r.vdn == 1)
        .unwrap();
    assert_eq!(
        query(&st, &with(base(), "callId", &other.call_id))
            .await
            .total(),
        0
    );
}

/// Filters on a field: every result carries the value; the count matches the data.
async fn check_exact_filter(request_field: &str, response_field: RecordField, value: &str) {
    let st = state(&small_config());
    let a = query(&st, &with(base(), request_field, value)).await;
    let results = a.results();
    assert!(!results.is_empty(), "{request_field}={value} found nothing");
    for r in &results {
        assert_eq!(
            text(r, response_field.name()).as_deref(),
            Some(value),
            "{request_field}={value}: {r}"
        );
    }
    let unfiltered = query(&st, &base()).await.results();
    let expected = unfiltered
        .iter()
        .filter(|r| text(r, response_field.name()).as_deref() == Some(value))
        .count();
    assert_eq!(results.len(), expected, "{request_field}={value}");
    assert!(expected < unfiltered.len());
}

#[tokio::test]
async fn caller_and_callee_are_exact_matches() {
    let st = state(&small_config());
    // A repeat caller: the most frequent inbound number.
    let mut counts = std::collections::HashMap::new();
    for r in st
        .contract
        .dataset
        .records()
        .iter()
        .filter(|r| r.vdn == 0 && r.has(RecordField::CallerNo))
    {
        *counts.entry(r.caller_no.clone()).or_insert(0) += 1;
    }
    let (caller, n) = counts.into_iter().max_by_key(|(_, n)| *n).unwrap();
    assert!(n > 1, "the data should have repeat callers");
    check_exact_filter("callerNo", RecordField::CallerNo, &caller).await;
    // No substring matching.
    let a = query(&st, &with(base(), "callerNo", &caller[1..])).await;
    assert_eq!(a.total(), 0);
    let callee = st
        .contract
        .dataset
        .records()
        .iter()
        .find(|r| r.vdn == 0 && r.call_type == 0 && r.has(RecordField::CalleeNo))
        .unwrap()
        .callee_no
        .clone();
    check_exact_filter("calleeNo", RecordField::CalleeNo, &callee).await;
}

#[tokio::test]
async fn call_type_media_type_and_evaluation_filters() {
    check_exact_filter("callType", RecordField::CallType, "0").await;
    check_exact_filter("callType", RecordField::CallType, "1").await;
    check_exact_filter("mediaType", RecordField::MediaType, "19").await;
    check_exact_filter("mediaType", RecordField::MediaType, "53").await;
    check_exact_filter("evaluationValue", RecordField::EvaluationValue, "5").await;
    check_exact_filter("evaluationValue", RecordField::EvaluationValue, "1").await;
    let st = state(&small_config());
    // Codes compare as written: "05" is not "5"; unknown codes match nothing.
    assert_eq!(
        query(&st, &with(base(), "mediaType", "05")).await.total(),
        0
    );
    assert_eq!(
        query(&st, &with(base(), "mediaType", "10")).await.total(),
        0
    );
    // The response's lower-case "mediatype" is not a request field: it filters nothing.
    let all = query(&st, &base()).await.total();
    assert_eq!(
        query(&st, &with(base(), "mediatype", "19")).await.total(),
        all
    );
    // Empty strings are no filter (as the page's example sends calleeNo "").
    assert_eq!(query(&st, &with(base(), "calleeNo", "")).await.total(), all);
}

#[tokio::test]
async fn total_counts_every_match_but_results_are_capped() {
    let st = state(&SimConfig {
        max_results: 100,
        ..small_config()
    });
    let a = query(&st, &base()).await;
    assert!(a.total() > 100, "total {}", a.total());
    assert_eq!(a.results().len(), 100);
    // The first 100 by callBegin.
    let first = &st
        .contract
        .dataset
        .records()
        .iter()
        .find(|r| r.vdn == 0)
        .unwrap()
        .call_id;
    assert_eq!(text(&a.results()[0], "callId").as_ref(), Some(first));

    // The default cap is 5,000.
    let big = state(&SimConfig {
        records: 12_000,
        ..small_config()
    });
    let a = query(&big, &base()).await;
    assert!(a.total() > 5_000);
    assert_eq!(a.results().len(), 5_000);
}

#[tokio::test]
async fn seed_example_scenario_answers_the_page_example_byte_for_byte() {
    let st = state(&SimConfig {
        scenario: Scenario::SeedExample,
        ..small_config()
    });
    let example_request = r#"{
        "subCcNo": "0",
        "vdn": "0",
        "callId": "0",
        "callerNo": "0",
        "calleeNo": "",
        "beginDate": "1658102400000",
        "endDate": "1658188800000",
        "callType": "0",
        "mediaType": "10",
        "evaluationValue": "10"
    }"#;
    let a = query_with_auth(&st, Some(&format!("Bearer {TOKEN}")), example_request).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body, SEED_EXAMPLE_RESPONSE);
    assert!(a.body.contains("\"vdn\":1,"));
    assert!(a.body.contains("         },\n"));
    let v = a.json();
    assert_eq!(v["total"], 2);
    assert_eq!(v["results"][1]["callId"], "1669463446-17002406");
    // The token is still checked.
    let denied = query_with_auth(&st, None, example_request).await;
    assert_eq!(denied.status, StatusCode::UNAUTHORIZED);
}

/// The example response matches the vendor page when the page is at hand.
#[test]
fn seed_example_matches_the_seed_page_if_present() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/seed/queryCallManualDetailInfo.txt");
    let Ok(page) = std::fs::read_to_string(path) else {
        return;
    };
    let start = page.find("    Response parameters:\n").expect("example") + 25;
    let rest = &page[start..];
    let end = rest.find("\n\n").expect("end of example");
    assert_eq!(&rest[..end], SEED_EXAMPLE_RESPONSE);
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let st = state(&small_config());
    let mut body = base();
    body["padding"] = Value::String("x".repeat(70 * 1024));
    let a = query(&st, &body).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
}
