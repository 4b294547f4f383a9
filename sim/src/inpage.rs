//! The simulator inside the page: what the app's `demo` build answers queries with.
//!
//! Pure, like [`contract`](crate::contract): no IO, no clock, no threads. The app builds
//! one [`InPage`] from the `"demo"` object of its `config.json` ([`DemoSettings`]) and
//! hands every query to [`InPage::query`], which calls [`contract::answer`] exactly as
//! the HTTP server does (same rules, statuses, bodies, fault rolls and delays). The page
//! only waits the answer's `delay_ms` and reads the status and body.
//!
//! `cdr-sim` started with the flags of [`DemoSettings::sim_args`] and a clock at the same
//! `now_ms` answers the same requests with the same bytes; `tests/shared_contract.rs`
//! checks this.

use std::sync::atomic::{AtomicU64, Ordering};

use serde::Deserialize;

use crate::contract::{self, ContractState, Faults, SimRequest, SimResponse, QUERY_PATH};
use crate::dataset::{Dataset, DatasetSpec};

/// The bearer token the in-page service accepts (and the demo's `config.json` sends).
/// Without it, or with another one, a query gets the contract's 401.
pub const DEMO_TOKEN: &str = "demo-token";

const HOUR_MS: i64 = 3_600_000;

/// The demo's settings: the `"demo"` object of `config.json`, every key optional.
///
/// ```json
/// { "demo": { "seed": 1, "records": 20000, "days": 30, "latencyMs": 300, "failRate": 0.1 } }
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DemoSettings {
    /// Seed of the data and of the fault rolls.
    pub seed: u64,
    /// How many records (at most [`DemoSettings::MAX_RECORDS`]).
    pub records: usize,
    /// Days the records span.
    pub days: u32,
    /// Where the data ends (exclusive), epoch ms; `None`: the start of the current UTC
    /// hour when the page builds its data, so "Today" and "Last 7 days" find calls and no
    /// call lies in the future. Data stays the same for a page's lifetime.
    pub end_ms: Option<i64>,
    /// At most this many records per answer (`total` still counts all).
    pub max_results: usize,
    /// Fixed delay before every answer, ms.
    pub latency_ms: u64,
    /// Extra random delay, `0..=jitter_ms`, ms.
    pub jitter_ms: u64,
    /// Share (0..1) of successful queries answered with a 500.
    pub fail_rate: f64,
    /// Share (0..1) of successful queries answered 200 with truncated JSON.
    pub malformed_rate: f64,
    /// Share (0..1) of queries answered with an nginx HTML 502 page.
    #[serde(rename = "html502Rate")]
    pub html_502_rate: f64,
    /// Share (0..1) of queries that get no answer (the page sees a network failure).
    pub drop_rate: f64,
}

impl Default for DemoSettings {
    /// Seed 1, 20,000 records over 30 days ending now (to the hour), VDNs 1–3, call
    /// center 1, the default cap, no faults.
    fn default() -> Self {
        DemoSettings {
            seed: 1,
            records: 20_000,
            days: 30,
            end_ms: None,
            max_results: contract::DEFAULT_MAX_RESULTS,
            latency_ms: 0,
            jitter_ms: 0,
            fail_rate: 0.0,
            malformed_rate: 0.0,
            html_502_rate: 0.0,
            drop_rate: 0.0,
        }
    }
}

impl DemoSettings {
    /// The most records a page generates (memory and start-up time in a browser).
    pub const MAX_RECORDS: usize = 200_000;

    /// Reads the `"demo"` object of a `config.json` text. Anything missing or unreadable
    /// falls back to the defaults (the app reports problems with its own keys itself).
    pub fn from_config_json(text: &str) -> DemoSettings {
        let demo = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|mut v| v.get_mut("demo").map(serde_json::Value::take))
            .and_then(|v| serde_json::from_value::<DemoSettings>(v).ok())
            .unwrap_or_default();
        demo.clamped()
    }

    /// The settings with counts, days and rates in range.
    pub fn clamped(mut self) -> DemoSettings {
        self.records = self.records.min(Self::MAX_RECORDS);
        self.days = self.days.clamp(1, 366);
        self.max_results = self.max_results.max(1);
        for rate in [
            &mut self.fail_rate,
            &mut self.malformed_rate,
            &mut self.html_502_rate,
            &mut self.drop_rate,
        ] {
            *rate = if rate.is_finite() {
                rate.clamp(0.0, 1.0)
            } else {
                0.0
            };
        }
        self
    }

    /// Where the data ends when the page builds it at `now_ms`.
    pub fn end_ms(&self, now_ms: i64) -> i64 {
        self.end_ms
            .unwrap_or_else(|| now_ms.div_euclid(HOUR_MS) * HOUR_MS)
    }

    /// The dataset (VDNs 1–3, call center 1, as `cdr-sim`'s defaults).
    pub fn dataset_spec(&self, now_ms: i64) -> DatasetSpec {
        DatasetSpec {
            seed: self.seed,
            records: self.records,
            days: self.days,
            end_ms: self.end_ms(now_ms),
            ..DatasetSpec::default()
        }
    }

    /// The injected faults.
    pub fn faults(&self) -> Faults {
        Faults {
            latency_ms: self.latency_ms,
            jitter_ms: self.jitter_ms,
            fail_rate: self.fail_rate,
            malformed_rate: self.malformed_rate,
            html_502_rate: self.html_502_rate,
            drop_rate: self.drop_rate,
            seed: self.seed,
            ..Faults::default()
        }
    }

    /// The `cdr-sim` flags that serve the same data, rules and faults over HTTP.
    pub fn sim_args(&self, now_ms: i64) -> Vec<String> {
        let mut args = vec!["--token".to_string(), DEMO_TOKEN.to_string()];
        let mut flag = |name: &str, value: String| {
            args.push(format!("--{name}"));
            args.push(value);
        };
        flag("seed", self.seed.to_string());
        flag("records", self.records.to_string());
        flag("days", self.days.to_string());
        flag("end-ms", self.end_ms(now_ms).to_string());
        flag("max-results", self.max_results.to_string());
        flag("latency-ms", self.latency_ms.to_string());
        flag("jitter-ms", self.jitter_ms.to_string());
        flag("fail-rate", self.fail_rate.to_string());
        flag("malformed-rate", self.malformed_rate.to_string());
        flag("html-502-rate", self.html_502_rate.to_string());
        flag("drop-rate", self.drop_rate.to_string());
        args
    }
}

/// The service inside the page: the contract's state and the request counter.
#[derive(Debug)]
pub struct InPage {
    /// Data, accepted token ([`DEMO_TOKEN`]), cap and faults.
    pub contract: ContractState,
    seq: AtomicU64,
}

impl InPage {
    /// Generates the data `settings` describe, as of `now_ms`.
    pub fn new(settings: &DemoSettings, now_ms: i64) -> InPage {
        let settings = settings.clone().clamped();
        let dataset = Dataset::generate(&settings.dataset_spec(now_ms));
        let mut contract = ContractState::new(dataset, vec![DEMO_TOKEN.to_string()]);
        contract.max_results = settings.max_results;
        contract.faults = settings.faults();
        InPage {
            contract,
            seq: AtomicU64::new(0),
        }
    }

    /// Answers one `POST` to the query endpoint, as `cdr-sim` answers it over HTTP: the
    /// `Authorization` header as sent, the raw body, the time. Each call takes the next
    /// sequence number (which drives the fault rolls).
    pub fn query(&self, authorization: Option<&str>, body: &[u8], now_ms: i64) -> SimResponse {
        let request = SimRequest {
            method: "POST",
            path: QUERY_PATH,
            authorization,
            token_expire: None,
            body,
            now_ms,
            seq: self.seq.fetch_add(1, Ordering::Relaxed),
        };
        contract::answer(&self.contract, &request)
    }
}
