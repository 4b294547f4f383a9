//! What a loader that splits a time range into slices relies on: the end bound
//! (`--end-inclusive`), which records a capped answer holds (`--cap-order`), the gateway's
//! throttling (`--max-concurrent`, `--max-per-second`) and the request counters
//! (`GET /__sim/stats`).

mod common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cdr_sim::config::SimConfig;
use cdr_sim::contract::{CapOrder, QUERY_PATH};
use cdr_sim::dataset::{SimRecord, DEFAULT_END_MS};
use cdr_sim::server::{spawn_state, AppState, SimStats, STATS_PATH, STATS_RESET_PATH};
use clap::Parser;
use common::*;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const DAY: i64 = 86_400_000;

fn range(begin: i64, end: i64) -> Value {
    json!({"subCcNo": "1", "vdn": "1", "beginDate": begin.to_string(), "endDate": end.to_string()})
}

fn call_ids(a: &Answer) -> Vec<String> {
    a.results()
        .iter()
        .map(|r| text(r, "callId").expect("callId"))
        .collect()
}

/// VDN 1's records with `callBegin` in `[begin, end)`, in data order.
fn vdn1_in(st: &AppState, begin: i64, end: i64) -> Vec<&SimRecord> {
    st.contract
        .dataset
        .records()
        .iter()
        .filter(|r| r.vdn == 0 && (begin..end).contains(&r.call_begin))
        .collect()
}

#[test]
fn the_flags_parse_with_todays_defaults_except_the_end_bound() {
    let cfg = SimConfig::parse_from(["cdr-sim"]);
    assert!(!cfg.end_inclusive);
    assert_eq!(cfg.cap_order, CapOrder::First);
    assert_eq!(cfg.max_concurrent, None);
    assert_eq!(cfg.max_per_second, None);
    assert_eq!(cfg, SimConfig::default());

    let cfg = SimConfig::parse_from([
        "cdr-sim",
        "--end-inclusive",
        "--cap-order",
        "random",
        "--max-concurrent",
        "4",
        "--max-per-second",
        "10",
    ]);
    assert!(cfg.end_inclusive);
    assert_eq!(cfg.cap_order, CapOrder::Random);
    assert_eq!(cfg.max_concurrent, Some(4));
    assert_eq!(cfg.max_per_second, Some(10));
    assert!(SimConfig::try_parse_from(["cdr-sim", "--cap-order", "middle"]).is_err());
    assert!(SimConfig::try_parse_from(["cdr-sim", "--max-concurrent", "0"]).is_err());
}

/// A record that begins exactly at `endDate` is out by default and in with
/// `--end-inclusive`; so slices `[a, t)` and `[t, b)` add up to `[a, b)` only by default.
#[tokio::test]
async fn a_record_at_exactly_end_date_is_out_by_default_and_in_with_end_inclusive() {
    let exclusive = state(&small_config());
    let inclusive = state(&SimConfig {
        end_inclusive: true,
        ..small_config()
    });
    let (a, b) = (DEFAULT_END_MS - 10 * DAY, DEFAULT_END_MS - 8 * DAY);
    let boundary = vdn1_in(&exclusive, a, b)[100];
    let t = boundary.call_begin;
    let at_t = vdn1_in(&exclusive, t, t + 1).len() as u64;
    assert!(at_t >= 1);

    let id = boundary.call_id.clone();
    let upto_ex = query(&exclusive, &range(a, t)).await;
    assert!(!call_ids(&upto_ex).contains(&id), "exclusive end kept {id}");
    let upto_in = query(&inclusive, &range(a, t)).await;
    assert!(call_ids(&upto_in).contains(&id), "inclusive end lost {id}");
    assert_eq!(upto_in.total(), upto_ex.total() + at_t);
    // beginDate is inclusive either way.
    for st in [&exclusive, &inclusive] {
        assert!(call_ids(&query(st, &range(t, b)).await).contains(&id));
    }

    // Consecutive slices: the default counts every record once.
    let whole = query(&exclusive, &range(a, b)).await.total();
    let parts = query(&exclusive, &range(a, t)).await.total()
        + query(&exclusive, &range(t, b)).await.total();
    assert_eq!(parts, whole);
    let parts_in = query(&inclusive, &range(a, t)).await.total()
        + query(&inclusive, &range(t, b)).await.total();
    assert_eq!(
        parts_in,
        query(&inclusive, &range(a, b)).await.total() + at_t
    );

    // An end equal to the begin is an empty range by default, one millisecond inclusive.
    assert_eq!(query(&exclusive, &range(t, t)).await.total(), 0);
    assert_eq!(query(&inclusive, &range(t, t)).await.total(), at_t);
}

fn capped(order: CapOrder) -> Arc<AppState> {
    state(&SimConfig {
        max_results: 100,
        cap_order: order,
        ..small_config()
    })
}

#[tokio::test]
async fn cap_order_picks_the_first_the_last_or_a_seeded_random_subset() {
    let (a, b) = (DEFAULT_END_MS - 20 * DAY, DEFAULT_END_MS);
    let first = capped(CapOrder::First);
    let all: Vec<String> = vdn1_in(&first, a, b)
        .iter()
        .map(|r| r.call_id.clone())
        .collect();
    assert!(all.len() > 300, "{} matches", all.len());

    let f = query(&first, &range(a, b)).await;
    assert_eq!(f.total() as usize, all.len());
    assert_eq!(call_ids(&f), all[..100]);

    let last = capped(CapOrder::Last);
    let l = query(&last, &range(a, b)).await;
    assert_eq!(l.total() as usize, all.len());
    assert_eq!(call_ids(&l), all[all.len() - 100..]);

    let random = capped(CapOrder::Random);
    let r = query(&random, &range(a, b)).await;
    assert_eq!(r.total() as usize, all.len());
    let picked = call_ids(&r);
    assert_eq!(picked.len(), 100);
    // A subset of the matches, in callBegin order, neither the first nor the last ones,
    // and spread over the range.
    let positions: Vec<usize> = picked
        .iter()
        .map(|id| all.iter().position(|x| x == id).expect("a match"))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert_ne!(picked, all[..100]);
    assert_ne!(picked, all[all.len() - 100..]);
    let half = all.len() / 2;
    assert!(positions.iter().filter(|&&p| p < half).count() > 20);
    assert!(positions.iter().filter(|&&p| p >= half).count() > 20);
    // The same request body gives the same subset (tests can repeat), another body another.
    assert_eq!(call_ids(&query(&random, &range(a, b)).await), picked);
    let mut other = range(a, b);
    other["unknownField"] = json!("x");
    let o = query(&random, &other).await;
    assert_eq!(o.total() as usize, all.len());
    assert_ne!(call_ids(&o), picked);

    // Under the cap every order returns every match.
    let (c, d) = (
        DEFAULT_END_MS - 2 * DAY,
        DEFAULT_END_MS - 2 * DAY + 6 * 3_600_000,
    );
    let few = vdn1_in(&first, c, d).len();
    assert!(few > 0 && few < 100, "{few}");
    for st in [&first, &last, &random] {
        assert_eq!(call_ids(&query(st, &range(c, d)).await).len(), few);
    }
}

/// One request on its own connection (`Connection: close`): status, content type, body.
async fn raw(addr: SocketAddr, method: &str, path: &str, body: &str) -> (u16, String, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).await.expect("read");
    let reply = String::from_utf8(reply).expect("UTF-8");
    let (head, body) = reply.split_once("\r\n\r\n").expect("a head");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let content_type = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type: ")
                .map(str::to_owned)
        })
        .unwrap_or_default();
    (status, content_type, body.to_owned())
}

async fn post_query(addr: SocketAddr) -> (u16, String, String) {
    raw(addr, "POST", QUERY_PATH, &body().to_string()).await
}

/// Fires `n` queries at once; their statuses and bodies.
async fn burst(addr: SocketAddr, n: usize) -> Vec<(u16, String, String)> {
    let tasks: Vec<_> = (0..n).map(|_| tokio::spawn(post_query(addr))).collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.expect("task"));
    }
    out
}

/// A 429 as Huawei Cloud's API gateway sends it when throttling.
fn assert_throttled(answer: &(u16, String, String), limit: u64) {
    let (status, content_type, body) = answer;
    assert_eq!(*status, 429, "{body}");
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let v: Value = serde_json::from_str(body).expect("JSON");
    assert_eq!(v["error_code"], "APIG.0308");
    assert_eq!(
        v["error_msg"],
        format!(
            "The throttling threshold has been reached: policy user over ratelimit,limit:{limit},time:1 second"
        )
    );
    let id = v["request_id"].as_str().expect("request_id");
    assert_eq!(id.len(), 32);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn max_concurrent_rejects_the_excess_at_once_with_the_gateways_429() {
    let st = state(&SimConfig {
        max_concurrent: Some(2),
        latency_ms: 800,
        ..small_config()
    });
    let (addr, _server) = spawn_state(st.clone()).await.expect("serve");
    let started = std::time::Instant::now();
    let answers = burst(addr, 5).await;
    let ok = answers.iter().filter(|a| a.0 == 200).count();
    assert_eq!(
        ok,
        2,
        "{:?}",
        answers.iter().map(|a| a.0).collect::<Vec<_>>()
    );
    let rejected: Vec<_> = answers.iter().filter(|a| a.0 != 200).collect();
    assert_eq!(rejected.len(), 3);
    for a in &rejected {
        assert_throttled(a, 2);
    }
    assert!(started.elapsed() >= Duration::from_millis(800));
    assert_eq!(
        st.stats(),
        SimStats {
            api_requests: 5,
            max_in_flight: 2,
            rejected: 3
        }
    );
    // Once the two are answered, their slots are free again.
    assert_eq!(post_query(addr).await.0, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn max_per_second_rejects_requests_over_the_window_then_lets_them_in_again() {
    let st = state(&SimConfig {
        max_per_second: Some(3),
        ..small_config()
    });
    let (addr, _server) = spawn_state(st.clone()).await.expect("serve");
    let started = std::time::Instant::now();
    let mut answers = Vec::new();
    for _ in 0..5 {
        answers.push(post_query(addr).await);
    }
    // The five went out one after another, well within a second.
    assert!(started.elapsed() < Duration::from_millis(900));
    let statuses: Vec<u16> = answers.iter().map(|a| a.0).collect();
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
    assert_throttled(&answers[3], 3);
    assert_eq!(st.stats().rejected, 2);
    assert_eq!(st.stats().max_in_flight, 1);
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert_eq!(post_query(addr).await.0, 200);
    assert_eq!(st.stats().api_requests, 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn stats_count_requests_in_flight_with_latency_and_no_limit() {
    let st = state(&SimConfig {
        latency_ms: 600,
        ..small_config()
    });
    let (addr, _server) = spawn_state(st.clone()).await.expect("serve");
    let (status, content_type, body) = raw(addr, "GET", STATS_PATH, "").await;
    assert_eq!(status, 200);
    assert!(content_type.starts_with("application/json"));
    assert_eq!(
        serde_json::from_str::<Value>(&body).expect("JSON"),
        json!({"apiRequests": 0, "maxInFlight": 0, "rejected": 0})
    );

    let answers = burst(addr, 4).await;
    assert!(answers.iter().all(|a| a.0 == 200));
    let (_, _, body) = raw(addr, "GET", STATS_PATH, "").await;
    // The stats endpoint itself is not an API request.
    assert_eq!(
        serde_json::from_str::<Value>(&body).expect("JSON"),
        json!({"apiRequests": 4, "maxInFlight": 4, "rejected": 0})
    );
    // One at a time: at most one in flight after a reset.
    let (status, _, body) = raw(addr, "POST", STATS_RESET_PATH, "").await;
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<Value>(&body).expect("JSON"),
        json!({"apiRequests": 0, "maxInFlight": 0, "rejected": 0})
    );
    post_query(addr).await;
    post_query(addr).await;
    assert_eq!(
        st.stats(),
        SimStats {
            api_requests: 2,
            max_in_flight: 1,
            rejected: 0
        }
    );
}

/// The stats are served only on their own paths and methods, outside the API.
#[tokio::test]
async fn stats_paths_answer_only_their_methods() {
    let st = state(&small_config());
    let get_reset = send(
        &st,
        Request::get(STATS_RESET_PATH)
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(get_reset.status, StatusCode::METHOD_NOT_ALLOWED);
    let post_stats = send(
        &st,
        Request::post(STATS_PATH)
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(post_stats.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(st.stats(), SimStats::default());
}
