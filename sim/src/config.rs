//! Command-line flags (and their environment variables).
//!
//! In tests, build a config without argv: `SimConfig { tokens: vec!["t".into()],
//! ..SimConfig::default() }` or `SimConfig::parse_from(["cdr-sim", "--token", "t"])`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

use crate::contract::{BodyFault, CapOrder, Credentials, Faults, Scenario, DEFAULT_MAX_RESULTS};
use crate::dataset::{DatasetSpec, DEFAULT_END_MS};

/// cdr-sim: a simulator of Huawei Cloud CEC's queryCallManualDetailInfo API (and its
/// tokenByAkSk token call), with realistic generated data and injectable faults.
#[derive(Debug, Clone, PartialEq, Parser)]
#[command(name = "cdr-sim", version, about, long_about = None)]
pub struct SimConfig {
    /// Address to listen on.
    #[arg(long, env = "CDR_SIM_LISTEN", default_value = "127.0.0.1:8099")]
    pub listen: SocketAddr,

    /// A bearer token accepted forever (repeatable; the env var takes a comma-separated list).
    #[arg(
        long = "token",
        env = "CDR_SIM_TOKENS",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub tokens: Vec<String>,

    /// The app_key tokenByAkSk accepts (needs --app-secret too).
    #[arg(long, env = "CDR_SIM_APP_KEY", hide_env_values = true)]
    pub app_key: Option<String>,

    /// The app_secret tokenByAkSk accepts (needs --app-key too).
    #[arg(long, env = "CDR_SIM_APP_SECRET", hide_env_values = true)]
    pub app_secret: Option<String>,

    /// Seed of the generated data and of the fault rolls.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// How many records to generate.
    #[arg(long, default_value_t = 50_000)]
    pub records: usize,

    /// How many days the records span.
    #[arg(long, default_value_t = 30)]
    pub days: u32,

    /// Where the data ends, epoch ms (default 2026-11-28T00:00:00Z, so data never moves).
    #[arg(long, default_value_t = DEFAULT_END_MS)]
    pub end_ms: i64,

    /// A VDN the tenant has (repeatable); other VDNs get a 500.
    #[arg(long = "vdn", value_delimiter = ',', default_values_t = ["1".to_string(), "2".to_string(), "3".to_string()])]
    pub vdns: Vec<String>,

    /// The call center ID (subCcNo) the data belongs to; others get a 500.
    #[arg(long, default_value = "1")]
    pub sub_cc_no: String,

    /// At most this many records per answer (total still counts every match).
    #[arg(long, default_value_t = DEFAULT_MAX_RESULTS)]
    pub max_results: usize,

    /// Make endDate an inclusive bound (callBegin <= endDate); without it, it is
    /// exclusive (callBegin < endDate). beginDate is always inclusive.
    #[arg(long)]
    pub end_inclusive: bool,

    /// Which matches a capped answer returns: first (the earliest by callBegin), last
    /// (the latest) or random (a subset seeded by the request body, so the same request
    /// gets the same records). Always in callBegin order; total counts every match.
    #[arg(long, default_value_t = CapOrder::First)]
    pub cap_order: CapOrder,

    /// Serve at most N API requests at once (across the server); more are answered at
    /// once with a 429 as Huawei Cloud's API gateway throttles (error_code APIG.0308).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_concurrent: Option<u64>,

    /// Start at most N API requests in any one-second window; more get the same 429.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_per_second: Option<u64>,

    /// How the query endpoint answers: normal (generated data), seed-example (the
    /// vendor page's example response, byte for byte, after the token check) or hostile
    /// (after every check, ~20 records whose text fields hold XSS and CSV-formula
    /// payloads, mixed with normal ones, whatever the filters).
    #[arg(long, default_value_t = Scenario::Normal)]
    pub scenario: Scenario,

    /// Delay every API answer by this many ms.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,

    /// Add a random delay of 0..=N ms to every API answer.
    #[arg(long, default_value_t = 0)]
    pub jitter_ms: u64,

    /// Share (0..1) of successful queries answered with a 500.
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    pub fail_rate: f64,

    /// Share (0..1) of successful queries answered 200 with truncated JSON.
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    pub malformed_rate: f64,

    /// Share (0..1) of API requests answered with an nginx HTML 502 page.
    #[arg(long = "html-502-rate", default_value_t = 0.0, value_parser = parse_rate)]
    pub html_502_rate: f64,

    /// Share (0..1) of API requests whose connection is closed without an answer.
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    pub drop_rate: f64,

    /// Answer every API request with this status (400-599) and a JSON error body.
    #[arg(long, value_parser = clap::value_parser!(u16).range(400..=599))]
    pub force_status: Option<u16>,

    /// Change every successful query's answer (status 200): empty, results-null,
    /// results-not-array, text-plain (the right JSON, labelled text/plain) or huge (the
    /// right answer plus 10 MiB of padding).
    #[arg(long)]
    pub body_fault: Option<BodyFault>,

    /// Send every API body in 10 pieces this many ms apart (headers at once).
    #[arg(long, default_value_t = 0)]
    pub trickle_ms: u64,

    /// Apply every fault and delay only to the first N API requests; later ones are
    /// answered normally (so a test can see a failure, then a working search).
    #[arg(long)]
    pub fault_first: Option<u64>,

    /// Allow this browser origin (CORS), e.g. http://localhost:8080; without it no
    /// CORS headers are sent.
    #[arg(long, value_parser = parse_origin)]
    pub cors_origin: Option<String>,

    /// Serve a built app's static files from this directory at / (index.html for /).
    #[arg(long)]
    pub dist: Option<PathBuf>,

    /// Do not log requests to stderr.
    #[arg(long)]
    pub quiet: bool,
}

fn parse_rate(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is not between 0 and 1"))
    }
}

fn parse_origin(s: &str) -> Result<String, String> {
    if !s.is_empty() && axum::http::HeaderValue::from_str(s).is_ok() {
        Ok(s.to_owned())
    } else {
        Err(format!("{s:?} is not a usable origin"))
    }
}

impl Default for SimConfig {
    /// The same values as the flags' defaults (environment variables are not read).
    fn default() -> Self {
        SimConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 8099)),
            tokens: Vec::new(),
            app_key: None,
            app_secret: None,
            seed: 1,
            records: 50_000,
            days: 30,
            end_ms: DEFAULT_END_MS,
            vdns: vec!["1".into(), "2".into(), "3".into()],
            sub_cc_no: "1".into(),
            max_results: DEFAULT_MAX_RESULTS,
            end_inclusive: false,
            cap_order: CapOrder::First,
            max_concurrent: None,
            max_per_second: None,
            scenario: Scenario::Normal,
            latency_ms: 0,
            jitter_ms: 0,
            fail_rate: 0.0,
            malformed_rate: 0.0,
            html_502_rate: 0.0,
            drop_rate: 0.0,
            force_status: None,
            body_fault: None,
            trickle_ms: 0,
            fault_first: None,
            cors_origin: None,
            dist: None,
            quiet: false,
        }
    }
}

impl SimConfig {
    /// The dataset these flags describe.
    pub fn dataset_spec(&self) -> DatasetSpec {
        DatasetSpec {
            seed: self.seed,
            records: self.records,
            days: self.days,
            end_ms: self.end_ms,
            vdns: self.vdns.clone(),
            sub_cc_no: self.sub_cc_no.clone(),
        }
    }

    /// The faults these flags describe.
    pub fn faults(&self) -> Faults {
        Faults {
            latency_ms: self.latency_ms,
            jitter_ms: self.jitter_ms,
            fail_rate: self.fail_rate,
            malformed_rate: self.malformed_rate,
            html_502_rate: self.html_502_rate,
            drop_rate: self.drop_rate,
            force_status: self.force_status,
            body_fault: self.body_fault,
            trickle_ms: self.trickle_ms,
            fault_first: self.fault_first,
            seed: self.seed,
        }
    }

    /// The AK/SK pair, when both halves are set.
    pub fn credentials(&self) -> Option<Credentials> {
        match (&self.app_key, &self.app_secret) {
            (Some(k), Some(s)) => Some(Credentials {
                app_key: k.clone(),
                app_secret: s.clone(),
            }),
            _ => None,
        }
    }
}
