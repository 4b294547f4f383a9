//! Start-up and query timings: `cargo run --release -p cdr-sim --example bench [RECORDS]`.
//!
//! Generates RECORDS records (default 100,000; start-up), then times queries through
//! `contract::answer` (validation, filtering, capping and rendering; no HTTP), the 7-day
//! one with each `--cap-order`. Prints medians.

use std::time::Instant;

use cdr_sim::contract::{answer, CapOrder, ContractState, SimRequest, QUERY_PATH};
use cdr_sim::dataset::{Dataset, DatasetSpec, DEFAULT_END_MS};

const DAY: i64 = 86_400_000;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn time_ms<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let t = Instant::now();
    let out = f();
    (t.elapsed().as_secs_f64() * 1000.0, out)
}

fn main() {
    let records = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let spec = DatasetSpec {
        records,
        ..DatasetSpec::default()
    };
    let mut gen_times = Vec::new();
    let mut dataset = None;
    for _ in 0..3 {
        let (ms, ds) = time_ms(|| Dataset::generate(&spec));
        gen_times.push(ms);
        dataset = Some(ds);
    }
    let Some(dataset) = dataset else { return };
    println!(
        "start-up: generate {} records: median {:.1} ms (of 3)",
        dataset.len(),
        median(gen_times)
    );

    let mut state = ContractState::new(dataset, vec!["bench".into()]);
    let cases = [
        (
            "7-day query, vdn 1",
            format!(
                r#"{{"subCcNo":"1","vdn":"1","beginDate":"{}","endDate":"{}"}}"#,
                DEFAULT_END_MS - 7 * DAY,
                DEFAULT_END_MS - 1
            ),
        ),
        (
            "7-day query, vdn 1, callerNo filter",
            format!(
                r#"{{"subCcNo":"1","vdn":"1","callerNo":"13800000000","beginDate":"{}","endDate":"{}"}}"#,
                DEFAULT_END_MS - 7 * DAY,
                DEFAULT_END_MS - 1
            ),
        ),
        (
            "30-day query, vdn 1",
            format!(
                r#"{{"subCcNo":"1","vdn":"1","beginDate":"0","endDate":"{}"}}"#,
                DEFAULT_END_MS
            ),
        ),
    ];
    let seven_days = cases[0].1.clone();
    let orders = [CapOrder::Last, CapOrder::Random].map(|order| {
        (
            format!("7-day query, vdn 1, --cap-order {order}"),
            seven_days.clone(),
            order,
        )
    });
    let cases = cases
        .map(|(name, body)| (name.to_string(), body, CapOrder::First))
        .into_iter()
        .chain(orders);
    for (name, body, order) in cases {
        state.cap_order = order;
        let mut times = Vec::new();
        let mut last = None;
        for seq in 0..9 {
            let req = SimRequest {
                method: "POST",
                path: QUERY_PATH,
                authorization: Some("Bearer bench"),
                token_expire: None,
                body: body.as_bytes(),
                now_ms: 0,
                seq,
            };
            let (ms, r) = time_ms(|| answer(&state, &req));
            times.push(ms);
            last = Some(r);
        }
        let Some(r) = last else { continue };
        println!(
            "{name}: median {:.2} ms (of 9); status {}, total {}, body {} KiB",
            median(times),
            r.status,
            r.matched.unwrap_or(0),
            r.body.len() / 1024
        );
    }
}
