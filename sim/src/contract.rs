//! The API contract: which requests are accepted and what comes back.
//!
//! Pure: no IO, no clock (the caller passes `now_ms`), no async. [`answer`] maps one
//! [`SimRequest`] to one [`SimResponse`]; the server only moves bytes and sleeps the
//! delay the response asks for.
//!
//! # Rules, in the order they are checked
//! 1. Only `POST` on [`QUERY_PATH`] and [`TOKEN_PATH`] exist; any other method or path
//!    under `/apiaccess/` or `/apigovernance/` is **404** (as an API gateway answers).
//! 2. Infrastructure faults (if configured): a dropped connection or an nginx HTML
//!    **502** page, for either endpoint.
//! 3. Query endpoint: **401** unless `Authorization` is exactly `Bearer <token>` (one
//!    space, case-sensitive scheme, a non-empty token without whitespace) naming a fixed
//!    token or an issued, unexpired one.
//! 4. **400** when the body is not a JSON object; when a known field (`subCcNo`, `vdn`,
//!    `callId`, `callerNo`, `calleeNo`, `beginDate`, `endDate`, `callType`,
//!    `mediaType`, `evaluationValue`) is present but not a JSON string; when `subCcNo`
//!    or `vdn` is missing or empty; when `callId` is empty/absent and neither
//!    `beginDate` nor `endDate` is non-empty; when a non-empty date is not an
//!    epoch-milliseconds digit string (1–15 digits). Unknown fields are ignored, so
//!    `mediatype` (lower-case t) filters nothing.
//! 5. **500** (business failure) when `subCcNo` is not this call center or `vdn` is not
//!    one of the tenant's VDNs.
//! 6. **200** `{"total":N,"results":[...]}` (compact, `total` a JSON number): `total`
//!    counts every match, `results` holds at most `max_results` records ordered by
//!    `callBegin` ascending: the first ones, the last ones or a random subset
//!    ([`ContractState::cap_order`]). Empty strings mean "no filter". `beginDate` is an
//!    inclusive bound, `endDate` an exclusive one (`callBegin < endDate`) unless
//!    [`ContractState::end_inclusive`]. See
//!    [`Dataset::search`](crate::dataset::Dataset::search) for the filter semantics.
//!    An empty range (`beginDate > endDate`) matches nothing (200, total 0).
//! 7. Business faults (if configured) replace a 200: a **500** or a truncated body; else a
//!    body fault ([`BodyFault`]: empty, `results` null or not a list, `text/plain`, 10 MiB).
//!
//! A forced status ([`Faults::force_status`]) answers every request after step 2; with
//! [`Faults::fault_first`] every fault and delay touches only the first N API requests.
//!
//! The scenarios change step 6 (or more): [`Scenario::SeedExample`] answers the vendor's
//! example right after step 3; [`Scenario::Hostile`] answers hostile records (see
//! [`crate::hostile`]) in place of step 6's data.
//!
//! Error bodies (the real API documents none) are small JSON objects:
//! `{"returnCode":"<HTTP status>","description":"<what was wrong>"}`.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use serde_json::{Map, Value};

use cdr_core::Query;

use crate::dataset::{mix64, Dataset, SearchOptions};

pub use crate::dataset::CapOrder;

/// The query endpoint.
pub const QUERY_PATH: &str = "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo";
/// The token endpoint.
pub const TOKEN_PATH: &str = "/apigovernance/api/oauth/tokenByAkSk";
/// The content type of JSON answers (as the vendor's Java services send it).
pub const JSON_CONTENT_TYPE: &str = "application/json;charset=UTF-8";
/// The content type of the HTML 502 page.
pub const HTML_CONTENT_TYPE: &str = "text/html";
/// The content type [`BodyFault::TextPlain`] sends a JSON answer with.
pub const TEXT_CONTENT_TYPE: &str = "text/plain;charset=UTF-8";
/// The size of the padding [`BodyFault::Huge`] adds to an answer, bytes.
pub const HUGE_PADDING_BYTES: usize = 10 * 1024 * 1024;
/// How many pieces `--trickle-ms` cuts a body into (the first is sent at once).
pub const TRICKLE_PIECES: usize = 10;
/// Token lifetime when the request has no `X-Token-Expire` header, in seconds.
pub const DEFAULT_TOKEN_EXPIRE_S: u64 = 600;
/// The longest token lifetime `X-Token-Expire` may ask for, in seconds.
pub const MAX_TOKEN_EXPIRE_S: u64 = 3600;
/// The default cap on returned records.
pub const DEFAULT_MAX_RESULTS: usize = 5_000;

/// The example response of the vendor's page, byte for byte (its indentation included).
pub const SEED_EXAMPLE_RESPONSE: &str = r#"    {
        "total":2,
        "results":[
        {
            "callId":"1669464198-17002955",
            "vdn":1,
            "evaluationValue":"1",
            "callBegin":"100010"
         },
        {
            "callId":"1669463446-17002406",
            "vdn":1,
            "evaluationValue":"5",
            "callBegin":"100010"
        }
        ]
    }"#;

/// An nginx-like "502 Bad Gateway" page.
pub const HTML_502_PAGE: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// How the query endpoint answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scenario {
    /// Validate, filter and answer from the generated dataset.
    #[default]
    Normal,
    /// After the token check, answer with [`SEED_EXAMPLE_RESPONSE`] whatever the body.
    SeedExample,
    /// After every check (token, body, call center, VDN), answer 200 with
    /// [`hostile::response_body`](crate::hostile::response_body): records whose text
    /// fields hold markup, script, formulas and other hostile payloads, whatever the
    /// filters.
    Hostile,
}

impl Scenario {
    /// The scenario's command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Normal => "normal",
            Scenario::SeedExample => "seed-example",
            Scenario::Hostile => "hostile",
        }
    }
}

impl FromStr for Scenario {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "normal" => Ok(Scenario::Normal),
            "seed-example" => Ok(Scenario::SeedExample),
            "hostile" => Ok(Scenario::Hostile),
            other => Err(format!(
                "unknown scenario {other:?} (expected normal, seed-example or hostile)"
            )),
        }
    }
}

impl std::fmt::Display for Scenario {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What a body fault does to a successful query's answer (status stays 200).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyFault {
    /// An empty body.
    Empty,
    /// `{"total":N,"results":null}`.
    ResultsNull,
    /// `{"total":N,"results":{...}}`: an object where the list belongs.
    ResultsNotArray,
    /// The right answer, labelled `text/plain` instead of JSON.
    TextPlain,
    /// The right answer plus a `"padding"` field of [`HUGE_PADDING_BYTES`] bytes.
    Huge,
}

impl BodyFault {
    /// Every body fault.
    pub const ALL: [BodyFault; 5] = [
        BodyFault::Empty,
        BodyFault::ResultsNull,
        BodyFault::ResultsNotArray,
        BodyFault::TextPlain,
        BodyFault::Huge,
    ];

    /// The command-line name.
    pub fn name(self) -> &'static str {
        match self {
            BodyFault::Empty => "empty",
            BodyFault::ResultsNull => "results-null",
            BodyFault::ResultsNotArray => "results-not-array",
            BodyFault::TextPlain => "text-plain",
            BodyFault::Huge => "huge",
        }
    }

    fn apply(self, r: &mut SimResponse) {
        let total = r.matched.unwrap_or(0);
        match self {
            BodyFault::Empty => r.body.clear(),
            BodyFault::ResultsNull => r.body = format!("{{\"total\":{total},\"results\":null}}"),
            BodyFault::ResultsNotArray => {
                r.body = format!("{{\"total\":{total},\"results\":{{\"callId\":\"not-a-list\"}}}}")
            }
            BodyFault::TextPlain => r.content_type = TEXT_CONTENT_TYPE,
            BodyFault::Huge => {
                let rest = r
                    .body
                    .trim_start()
                    .strip_prefix('{')
                    .unwrap_or("}")
                    .to_string();
                let mut body = String::with_capacity(HUGE_PADDING_BYTES + rest.len() + 16);
                body.push_str("{\"padding\":\"");
                body.extend(std::iter::repeat_n('x', HUGE_PADDING_BYTES));
                body.push('"');
                if rest != "}" {
                    body.push(',');
                }
                body.push_str(&rest);
                r.body = body;
            }
        }
        r.fault = Some(Fault::Body(self));
    }
}

impl FromStr for BodyFault {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BodyFault::ALL
            .into_iter()
            .find(|b| b.name() == s)
            .ok_or_else(|| {
                format!(
                    "unknown body fault {s:?} (expected empty, results-null, \
                     results-not-array, text-plain or huge)"
                )
            })
    }
}

impl std::fmt::Display for BodyFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Injected faults. Rates are shares of requests in `0..=1`; one deterministic roll per
/// request (from `seed` and the request's sequence number) picks at most one fault:
/// drop, then HTML 502, then 500, then malformed, each taking its share of the roll.
/// `force_status` and `body_fault` apply to every request they can (no roll);
/// `fault_first` limits everything here, delays included, to the first N API requests.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Faults {
    /// Fixed delay before every API answer, ms.
    pub latency_ms: u64,
    /// Extra delay, uniform in `0..=jitter_ms`, ms.
    pub jitter_ms: u64,
    /// Share of successful queries answered with a 500 instead.
    pub fail_rate: f64,
    /// Share of successful queries answered 200 with a truncated JSON body.
    pub malformed_rate: f64,
    /// Share of API requests answered with an nginx HTML 502 page.
    pub html_502_rate: f64,
    /// Share of API requests whose connection is closed without an answer.
    pub drop_rate: f64,
    /// Answer every API request (after drop and 502) with this status and an error body.
    pub force_status: Option<u16>,
    /// Change every successful query's answer this way (unless a rate fault took it).
    pub body_fault: Option<BodyFault>,
    /// Send every API body in [`TRICKLE_PIECES`] pieces this many ms apart.
    pub trickle_ms: u64,
    /// Apply the faults and delays above only to API requests with a sequence number below
    /// this (the first N requests); `None` means every request.
    pub fault_first: Option<u64>,
    /// Seed of the per-request rolls.
    pub seed: u64,
}

/// Which fault, if any, shaped a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    /// Close the connection without answering.
    Drop,
    /// The HTML 502 page.
    Html502,
    /// An injected 500.
    Failure,
    /// A truncated 200 body.
    Malformed,
    /// The status `force_status` asked for.
    Forced,
    /// A body fault.
    Body(BodyFault),
}

/// The AK/SK pair `tokenByAkSk` accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// `app_key`.
    pub app_key: String,
    /// `app_secret`.
    pub app_secret: String,
}

/// Accepted bearer tokens: fixed ones (never expire) and issued ones (expire).
#[derive(Debug, Default)]
pub struct TokenStore {
    fixed: Vec<String>,
    issued: Mutex<HashMap<String, i64>>,
    counter: AtomicU64,
}

impl TokenStore {
    /// A store accepting the `fixed` tokens forever.
    pub fn new(fixed: Vec<String>) -> Self {
        TokenStore {
            fixed,
            ..TokenStore::default()
        }
    }

    /// Whether `token` is accepted at `now_ms`.
    pub fn is_valid(&self, token: &str, now_ms: i64) -> bool {
        if self.fixed.iter().any(|t| t == token) {
            return true;
        }
        let issued = self.issued.lock().unwrap_or_else(|e| e.into_inner());
        issued.get(token).is_some_and(|&expiry| now_ms < expiry)
    }

    /// Issues a token valid for `ttl_s` seconds from `now_ms`; drops expired ones.
    pub fn issue(&self, now_ms: i64, ttl_s: u64, seed: u64) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let a = mix64(seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ now_ms as u64);
        let b = mix64(a ^ 0x0123_4567_89AB_CDEF);
        let token = format!("{a:016x}{b:016x}");
        let mut issued = self.issued.lock().unwrap_or_else(|e| e.into_inner());
        issued.retain(|_, &mut expiry| now_ms < expiry);
        issued.insert(token.clone(), now_ms.saturating_add(ttl_s as i64 * 1000));
        token
    }
}

/// Everything [`answer`] needs.
#[derive(Debug)]
pub struct ContractState {
    /// The records served.
    pub dataset: Dataset,
    /// Accepted tokens.
    pub tokens: TokenStore,
    /// The AK/SK pair; `None` makes every `tokenByAkSk` call a 401.
    pub credentials: Option<Credentials>,
    /// The cap on returned records (`total` still counts all matches).
    pub max_results: usize,
    /// Whether `endDate` is an inclusive bound (`callBegin <= endDate`, `--end-inclusive`);
    /// `false` (the default): exclusive, `callBegin < endDate`.
    pub end_inclusive: bool,
    /// Which matches a capped answer returns (`--cap-order`; default the first ones).
    /// [`CapOrder::Random`] seeds its choice with the request body and the fault seed, so
    /// the same request gets the same subset.
    pub cap_order: CapOrder,
    /// How the query endpoint answers.
    pub scenario: Scenario,
    /// Injected faults.
    pub faults: Faults,
}

impl ContractState {
    /// A state with no faults, the default cap (the first [`DEFAULT_MAX_RESULTS`]
    /// matches), an exclusive `endDate` and the normal scenario.
    pub fn new(dataset: Dataset, fixed_tokens: Vec<String>) -> Self {
        ContractState {
            dataset,
            tokens: TokenStore::new(fixed_tokens),
            credentials: None,
            max_results: DEFAULT_MAX_RESULTS,
            end_inclusive: false,
            cap_order: CapOrder::First,
            scenario: Scenario::Normal,
            faults: Faults::default(),
        }
    }
}

/// One request, as the contract sees it.
#[derive(Debug, Clone, Copy)]
pub struct SimRequest<'a> {
    /// HTTP method, upper case.
    pub method: &'a str,
    /// The path, without query string.
    pub path: &'a str,
    /// The `Authorization` header, if any (it must be valid UTF-8 to count).
    pub authorization: Option<&'a str>,
    /// The `X-Token-Expire` header, if any.
    pub token_expire: Option<&'a str>,
    /// The raw body.
    pub body: &'a [u8],
    /// The current time, epoch ms.
    pub now_ms: i64,
    /// The request's sequence number (drives the fault rolls).
    pub seq: u64,
}

/// One answer.
#[derive(Debug, Clone, PartialEq)]
pub struct SimResponse {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type` header.
    pub content_type: &'static str,
    /// The body.
    pub body: String,
    /// How many records matched (`total`), for queries that got that far.
    pub matched: Option<usize>,
    /// How long to wait before answering, ms.
    pub delay_ms: u64,
    /// The fault injected, if any. [`Fault::Drop`] means: send nothing, close.
    pub fault: Option<Fault>,
    /// Send the body in [`TRICKLE_PIECES`] pieces this many ms apart (0: at once).
    pub trickle_ms: u64,
}

impl SimResponse {
    fn json(status: u16, body: String) -> Self {
        SimResponse {
            status,
            content_type: JSON_CONTENT_TYPE,
            body,
            matched: None,
            delay_ms: 0,
            fault: None,
            trickle_ms: 0,
        }
    }

    /// An error answer: `{"returnCode":"<status>","description":"..."}`.
    pub fn error(status: u16, description: &str) -> Self {
        let mut body = String::with_capacity(48 + description.len());
        body.push_str("{\"returnCode\":\"");
        body.push_str(&status.to_string());
        body.push_str("\",\"description\":");
        crate::dataset::push_json_str(&mut body, description);
        body.push('}');
        SimResponse::json(status, body)
    }
}

/// Answers one request.
pub fn answer(state: &ContractState, req: &SimRequest<'_>) -> SimResponse {
    let roll = mix64(state.faults.seed ^ req.seq.wrapping_mul(0xD1B5_4A32_D192_ED03));
    let pick = (roll >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
    let jitter_roll = mix64(roll ^ 0x4A17);
    let none = Faults::default();
    let f = match state.faults.fault_first {
        Some(n) if req.seq >= n => &none,
        _ => &state.faults,
    };
    let delay_ms = f
        .latency_ms
        .saturating_add(jitter_roll % f.jitter_ms.saturating_add(1));

    let mut response = route(state, f, req, pick);
    response.delay_ms = delay_ms;
    response.trickle_ms = f.trickle_ms;
    response
}

fn route(state: &ContractState, f: &Faults, req: &SimRequest<'_>, pick: f64) -> SimResponse {
    let endpoint = match req.path {
        QUERY_PATH if req.method == "POST" => Endpoint::Query,
        TOKEN_PATH if req.method == "POST" => Endpoint::Token,
        _ => {
            return SimResponse::error(
                404,
                "The requested content is not found. Check the request path.",
            )
        }
    };
    if pick < f.drop_rate {
        let mut r = SimResponse::error(502, "connection dropped");
        r.fault = Some(Fault::Drop);
        return r;
    }
    if pick < f.drop_rate + f.html_502_rate {
        return SimResponse {
            status: 502,
            content_type: HTML_CONTENT_TYPE,
            body: HTML_502_PAGE.to_string(),
            matched: None,
            delay_ms: 0,
            fault: Some(Fault::Html502),
            trickle_ms: 0,
        };
    }
    if let Some(status) = f.force_status {
        let mut r = SimResponse::error(status, &format!("forced by --force-status {status}"));
        r.fault = Some(Fault::Forced);
        return r;
    }
    match endpoint {
        Endpoint::Token => token(state, req),
        Endpoint::Query => {
            let mut r = query(state, req);
            if r.status == 200 {
                let base = f.drop_rate + f.html_502_rate;
                if pick < base + f.fail_rate {
                    let mut e = SimResponse::error(
                        500,
                        "Business failure: internal error, try again later",
                    );
                    e.fault = Some(Fault::Failure);
                    return e;
                }
                if pick < base + f.fail_rate + f.malformed_rate {
                    let cut = truncation_point(&r.body, pick);
                    r.body.truncate(cut);
                    r.fault = Some(Fault::Malformed);
                } else if let Some(kind) = f.body_fault {
                    kind.apply(&mut r);
                }
            }
            r
        }
    }
}

enum Endpoint {
    Query,
    Token,
}

/// Somewhere strictly inside the body, on a character boundary.
fn truncation_point(body: &str, pick: f64) -> usize {
    if body.len() < 2 {
        return 0;
    }
    let frac = (pick * 1e6).fract();
    let mut cut = 1 + ((body.len() - 2) as f64 * frac) as usize;
    while cut > 0 && !body.is_char_boundary(cut) {
        cut -= 1;
    }
    cut
}

/// The token from an `Authorization` header, if it is exactly `Bearer <token>`.
pub fn bearer_token(header: &str) -> Option<&str> {
    let token = header.strip_prefix("Bearer ")?;
    (!token.is_empty() && !token.chars().any(char::is_whitespace)).then_some(token)
}

fn authorize(state: &ContractState, req: &SimRequest<'_>) -> Result<(), SimResponse> {
    let header = req
        .authorization
        .ok_or_else(|| SimResponse::error(401, "Unauthorized: missing Authorization header"))?;
    let token = bearer_token(header).ok_or_else(|| {
        SimResponse::error(
            401,
            "Unauthorized: Authorization must be 'Bearer <AccessToken>'",
        )
    })?;
    if state.tokens.is_valid(token, req.now_ms) {
        Ok(())
    } else {
        Err(SimResponse::error(
            401,
            "Unauthorized: unknown or expired token",
        ))
    }
}

const KNOWN_FIELDS: [&str; 10] = [
    "subCcNo",
    "vdn",
    "callId",
    "callerNo",
    "calleeNo",
    "beginDate",
    "endDate",
    "callType",
    "mediaType",
    "evaluationValue",
];

fn query(state: &ContractState, req: &SimRequest<'_>) -> SimResponse {
    if let Err(r) = authorize(state, req) {
        return r;
    }
    if state.scenario == Scenario::SeedExample {
        let mut r = SimResponse::json(200, SEED_EXAMPLE_RESPONSE.to_string());
        r.matched = Some(2);
        return r;
    }
    let obj = match parse_object(req.body) {
        Ok(o) => o,
        Err(r) => return r,
    };
    for name in KNOWN_FIELDS {
        if let Some(v) = obj.get(name) {
            if !v.is_string() {
                return SimResponse::error(400, &format!("{name} must be a JSON string"));
            }
        }
    }
    // Present, a string, and not empty.
    let field = |name: &str| {
        obj.get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let Some(sub_cc_no) = field("subCcNo") else {
        return SimResponse::error(400, "subCcNo is mandatory");
    };
    let Some(vdn) = field("vdn") else {
        return SimResponse::error(400, "vdn is mandatory");
    };
    let call_id = field("callId");
    let begin = field("beginDate");
    let end = field("endDate");
    if call_id.is_none() && begin.is_none() && end.is_none() {
        return SimResponse::error(
            400,
            "beginDate or endDate is mandatory when callId is empty",
        );
    }
    let begin_ms = match begin.map(parse_epoch_ms).transpose() {
        Ok(v) => v,
        Err(()) => return SimResponse::error(400, "beginDate must be epoch milliseconds (digits)"),
    };
    let end_ms = match end.map(parse_epoch_ms).transpose() {
        Ok(v) => v,
        Err(()) => return SimResponse::error(400, "endDate must be epoch milliseconds (digits)"),
    };
    let dataset = &state.dataset;
    if sub_cc_no != dataset.spec().sub_cc_no {
        return SimResponse::error(500, "Business failure: unknown subCcNo");
    }
    if dataset.vdn_index(vdn).is_none() {
        return SimResponse::error(500, "Business failure: the tenant has no such vdn");
    }
    if state.scenario == Scenario::Hostile {
        let body = crate::hostile::response_body();
        let matched = crate::hostile::records().len();
        let mut r = SimResponse::json(200, body);
        r.matched = Some(matched);
        return r;
    }
    // Empty members of the search mean "no criterion", as absent ones do.
    let text = |name: &str| field(name).unwrap_or_default().to_string();
    let q = Query {
        sub_cc_no: sub_cc_no.to_string(),
        vdn: vdn.to_string(),
        call_id: call_id.unwrap_or_default().to_string(),
        caller_no: text("callerNo"),
        callee_no: text("calleeNo"),
        begin_date: begin_ms,
        end_date: end_ms,
        call_type: text("callType"),
        media_type: text("mediaType"),
        evaluation_value: text("evaluationValue"),
    };
    let options = SearchOptions {
        limit: state.max_results,
        end_inclusive: state.end_inclusive,
        cap_order: state.cap_order,
        seed: body_seed(state.faults.seed, req.body),
    };
    let found = dataset.search(&q, &options);
    let mut body = String::with_capacity(40 + found.indices.len() * 400);
    body.push_str("{\"total\":");
    body.push_str(&found.total.to_string());
    body.push_str(",\"results\":[");
    for (n, &i) in found.indices.iter().enumerate() {
        if n > 0 {
            body.push(',');
        }
        dataset.render_into(i, &mut body);
    }
    body.push_str("]}");
    let mut r = SimResponse::json(200, body);
    r.matched = Some(found.total);
    r
}

/// The seed of a random cap for this body: the same bytes give the same subset (FNV-1a,
/// then the splitmix64 finaliser).
fn body_seed(seed: u64, body: &[u8]) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for &b in body {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3);
    }
    mix64(h ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

fn parse_object(body: &[u8]) -> Result<Map<String, Value>, SimResponse> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(o)) => Ok(o),
        Ok(_) => Err(SimResponse::error(400, "the body must be a JSON object")),
        Err(_) => Err(SimResponse::error(400, "the body is not valid JSON")),
    }
}

fn parse_epoch_ms(s: &str) -> Result<i64, ()> {
    if s.is_empty() || s.len() > 15 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(());
    }
    s.parse().map_err(|_| ())
}

fn token(state: &ContractState, req: &SimRequest<'_>) -> SimResponse {
    let ttl = match req.token_expire {
        None => DEFAULT_TOKEN_EXPIRE_S,
        Some(v) => match v.trim().parse::<u64>() {
            Ok(n) if (1..=MAX_TOKEN_EXPIRE_S).contains(&n) => n,
            _ => {
                return SimResponse::error(
                    400,
                    "X-Token-Expire must be a number of seconds from 1 to 3600",
                )
            }
        },
    };
    let obj = match parse_object(req.body) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let (Some(key), Some(secret)) = (
        obj.get("app_key").and_then(Value::as_str),
        obj.get("app_secret").and_then(Value::as_str),
    ) else {
        return SimResponse::error(400, "app_key and app_secret must be JSON strings");
    };
    let Some(creds) = &state.credentials else {
        return SimResponse::error(
            401,
            "Unauthorized: no AK/SK is configured on this simulator",
        );
    };
    if key != creds.app_key || secret != creds.app_secret {
        return SimResponse::error(401, "Unauthorized: wrong app_key or app_secret");
    }
    let token = state.tokens.issue(
        req.now_ms,
        ttl,
        state.faults.seed ^ state.dataset.spec().seed,
    );
    let body = serde_json::json!({
        "AccessToken": token,
        "ApplyType": "Bearer",
        "CreateTime": req.now_ms.div_euclid(1000).to_string(),
        "Expires": ttl.to_string(),
        "Scope": "default",
        "AppKey": key,
        "UserID": "sim-user",
    });
    SimResponse::json(200, body.to_string())
}
