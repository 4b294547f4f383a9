//! The HTTP server: axum glue around [`contract::answer`](crate::contract::answer).
//!
//! * API paths (`/apiaccess/…`, `/apigovernance/…`) go to the contract.
//! * With `--dist DIR`, everything else is served from `DIR` (`/` gives `index.html`);
//!   without it, everything else is a 404.
//! * With `--cors-origin ORIGIN`, CORS allows that one origin; otherwise no CORS headers.
//! * Bodies over [`BODY_LIMIT`] get a 413.
//! * With `--max-concurrent N` / `--max-per-second N`, API requests over the limit are
//!   answered at once with a 429 and the API gateway's throttling body ([`throttled`]).
//! * `GET /__sim/stats` answers [`SimStats`] as JSON; `POST /__sim/stats/reset` zeroes it.
//! * One line per request goes to stderr (method, path, status, time, match count);
//!   headers, and so tokens, are never logged.
//!
//! In-process use (end-to-end tests):
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use cdr_sim::config::SimConfig;
//! let cfg = SimConfig {
//!     tokens: vec!["demo-token".into()],
//!     dist: Some("dist".into()),
//!     quiet: true,
//!     ..SimConfig::default()
//! };
//! let (addr, _handle) = cdr_sim::server::spawn(cfg).await?;
//! println!("http://{addr}");
//! # Ok(()) }
//! ```

use std::collections::VecDeque;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::extract::connect_info::{ConnectInfo, Connected};
use axum::extract::{Request, State};
use axum::http::header::{HeaderName, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::serve::{IncomingStream, Listener};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;

use crate::config::SimConfig;
use crate::contract::{self, ContractState, Fault, SimRequest, SimResponse};
use crate::dataset::Dataset;

/// The largest accepted request body, bytes; larger ones get a 413.
pub const BODY_LIMIT: usize = 64 * 1024;
/// Where [`SimStats`] is served (`GET`), outside the API's paths.
pub const STATS_PATH: &str = "/__sim/stats";
/// `POST` here zeroes the counters of [`SimStats`].
pub const STATS_RESET_PATH: &str = "/__sim/stats/reset";
/// The error code of a throttled request, as Huawei Cloud's API gateway (APIG) sends it.
pub const THROTTLED_ERROR_CODE: &str = "APIG.0308";

/// What `GET /__sim/stats` answers, as JSON:
/// `{"apiRequests":12,"maxInFlight":4,"rejected":2}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SimStats {
    /// API requests received (`/apiaccess/…`, `/apigovernance/…`), rejected ones included.
    pub api_requests: u64,
    /// The most API requests being served at the same moment (from admission until the
    /// answer's body is sent or the client goes away), with or without a limit.
    pub max_in_flight: u64,
    /// API requests answered 429 by `--max-concurrent` or `--max-per-second`.
    pub rejected: u64,
}

/// The limits and counters every API request passes through (one lock, held briefly, so
/// the in-flight count, the window and the stats agree).
#[derive(Debug, Default)]
struct Gate {
    in_flight: u64,
    /// Admission times within the last second, oldest first (`--max-per-second`).
    window: VecDeque<Instant>,
    stats: SimStats,
}

/// Which limit turned a request away.
#[derive(Debug, Clone, Copy)]
struct Throttled {
    limit: u64,
}

/// One admitted API request; dropping it ends its time in flight.
struct InFlight(Arc<AppState>);

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut gate = self.0.gate.lock().unwrap_or_else(|e| e.into_inner());
        gate.in_flight = gate.in_flight.saturating_sub(1);
    }
}

/// The time source, epoch ms. Tests pass a fake one to control token expiry.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// The real clock.
pub fn system_clock() -> Clock {
    Arc::new(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64)
    })
}

/// Everything a running simulator holds.
pub struct AppState {
    /// The contract: data, tokens, scenario, faults.
    pub contract: ContractState,
    /// The time source.
    pub clock: Clock,
    /// Don't log requests.
    pub quiet: bool,
    /// The one CORS origin allowed, if any.
    pub cors_origin: Option<String>,
    /// Static files to serve at `/`, if any.
    pub dist: Option<std::path::PathBuf>,
    /// At most this many API requests served at once (`--max-concurrent`).
    pub max_concurrent: Option<u64>,
    /// At most this many API requests started in any one-second window
    /// (`--max-per-second`).
    pub max_per_second: Option<u64>,
    seq: AtomicU64,
    gate: Mutex<Gate>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("contract", &self.contract)
            .field("quiet", &self.quiet)
            .field("cors_origin", &self.cors_origin)
            .field("dist", &self.dist)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// Generates the data `cfg` describes; uses the system clock.
    pub fn new(cfg: &SimConfig) -> Self {
        Self::with_clock(cfg, system_clock())
    }

    /// Generates the data `cfg` describes; uses `clock` for token issue and expiry.
    pub fn with_clock(cfg: &SimConfig, clock: Clock) -> Self {
        let dataset = Dataset::generate(&cfg.dataset_spec());
        let mut contract = ContractState::new(dataset, cfg.tokens.clone());
        contract.credentials = cfg.credentials();
        contract.max_results = cfg.max_results;
        contract.end_inclusive = cfg.end_inclusive;
        contract.cap_order = cfg.cap_order;
        contract.scenario = cfg.scenario;
        contract.faults = cfg.faults();
        AppState {
            contract,
            clock,
            quiet: cfg.quiet,
            cors_origin: cfg.cors_origin.clone(),
            dist: cfg.dist.clone(),
            max_concurrent: cfg.max_concurrent,
            max_per_second: cfg.max_per_second,
            seq: AtomicU64::new(0),
            gate: Mutex::new(Gate::default()),
        }
    }

    /// The request counters since start (or the last [`AppState::reset_stats`]).
    pub fn stats(&self) -> SimStats {
        self.gate.lock().unwrap_or_else(|e| e.into_inner()).stats
    }

    /// Zeroes the counters; `maxInFlight` restarts from the requests in flight now. The
    /// limits are untouched (requests of the last second still count against
    /// `--max-per-second`).
    pub fn reset_stats(&self) {
        let mut gate = self.gate.lock().unwrap_or_else(|e| e.into_inner());
        gate.stats = SimStats {
            max_in_flight: gate.in_flight,
            ..SimStats::default()
        };
    }

    /// Counts an API request and admits it, or says which limit it exceeds. Concurrency
    /// is checked first; a request turned away by either limit takes no slot and no place
    /// in the window.
    fn admit(self: &Arc<Self>) -> Result<InFlight, Throttled> {
        let mut gate = self.gate.lock().unwrap_or_else(|e| e.into_inner());
        gate.stats.api_requests += 1;
        if let Some(limit) = self.max_concurrent {
            if gate.in_flight >= limit {
                gate.stats.rejected += 1;
                return Err(Throttled { limit });
            }
        }
        if let Some(limit) = self.max_per_second {
            let now = Instant::now();
            while gate
                .window
                .front()
                .is_some_and(|&t| now.duration_since(t) >= Duration::from_secs(1))
            {
                gate.window.pop_front();
            }
            if gate.window.len() as u64 >= limit {
                gate.stats.rejected += 1;
                return Err(Throttled { limit });
            }
            gate.window.push_back(now);
        }
        gate.in_flight += 1;
        gate.stats.max_in_flight = gate.stats.max_in_flight.max(gate.in_flight);
        Ok(InFlight(self.clone()))
    }
}

/// Set on a connection the server must close without answering.
#[derive(Debug, Clone)]
pub struct ConnKill(Arc<AtomicBool>);

impl Connected<IncomingStream<'_, SimListener>> for ConnKill {
    fn connect_info(stream: IncomingStream<'_, SimListener>) -> Self {
        ConnKill(stream.io().killed.clone())
    }
}

/// A TCP listener whose connections can be killed from a handler (for `--drop-rate`).
#[derive(Debug)]
pub struct SimListener(pub TcpListener);

/// A TCP connection that fails every read and write once killed, so the server
/// closes it without sending anything.
#[derive(Debug)]
pub struct SimStream {
    inner: TcpStream,
    killed: Arc<AtomicBool>,
}

impl SimStream {
    fn dead(&self) -> bool {
        self.killed.load(Ordering::Relaxed)
    }
}

fn aborted() -> io::Error {
    io::Error::new(
        io::ErrorKind::ConnectionAborted,
        "dropped by fault injection",
    )
}

impl AsyncRead for SimStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.dead() {
            return Poll::Ready(Err(aborted()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for SimStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.dead() {
            return Poll::Ready(Err(aborted()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if self.dead() {
            return Poll::Ready(Err(aborted()));
        }
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.dead() {
            return Poll::Ready(Err(aborted()));
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

impl Listener for SimListener {
    type Io = SimStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            match self.0.accept().await {
                Ok((inner, addr)) => {
                    let _ = inner.set_nodelay(true);
                    let stream = SimStream {
                        inner,
                        killed: Arc::new(AtomicBool::new(false)),
                    };
                    return (stream, addr);
                }
                // Out of file descriptors and the like: wait instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

/// Tags a response with the match count and fault, for the request log.
#[derive(Debug, Clone, Copy)]
struct LogTag {
    matched: Option<usize>,
    fault: Option<Fault>,
}

/// The router: API, optional static files, optional CORS, request log.
pub fn router(state: Arc<AppState>) -> Router {
    let api = any(api_handler);
    let mut app = Router::new()
        .route("/apiaccess", api.clone())
        .route("/apiaccess/", api.clone())
        .route("/apiaccess/{*rest}", api.clone())
        .route("/apigovernance", api.clone())
        .route("/apigovernance/", api.clone())
        .route("/apigovernance/{*rest}", api)
        .route(STATS_PATH, get(stats_handler))
        .route(STATS_RESET_PATH, post(reset_stats_handler))
        .with_state(state.clone());
    app = match &state.dist {
        Some(dir) => app.fallback_service(ServeDir::new(dir)),
        None => app.fallback(|| async { (StatusCode::NOT_FOUND, "404 Not Found\n") }),
    };
    if let Some(origin) = state
        .cors_origin
        .as_deref()
        .and_then(|o| HeaderValue::from_str(o).ok())
    {
        let cors = CorsLayer::new()
            .allow_origin(AllowOrigin::exact(origin))
            .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
            .allow_headers([
                AUTHORIZATION,
                CONTENT_TYPE,
                HeaderName::from_static("x-app-key"),
                HeaderName::from_static("x-tenantspaceid"),
                HeaderName::from_static("x-token-expire"),
            ])
            .max_age(Duration::from_secs(600));
        app = app.layer(cors);
    }
    app.layer(middleware::from_fn_with_state(state, log_request))
}

async fn log_request(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let response = next.run(req).await;
    if !state.quiet {
        let tag = response.extensions().get::<LogTag>().copied();
        let status = match tag.and_then(|t| t.fault) {
            Some(Fault::Drop) => "dropped".to_string(),
            _ => response.status().as_u16().to_string(),
        };
        let matched = tag
            .and_then(|t| t.matched)
            .map_or_else(|| "-".to_string(), |n| n.to_string());
        let fault = match tag.and_then(|t| t.fault) {
            Some(f) => format!(" fault={f:?}"),
            None => String::new(),
        };
        eprintln!(
            "{method} {path} {status} {:.1}ms matched={matched}{fault}",
            start.elapsed().as_secs_f64() * 1000.0
        );
    }
    response
}

async fn stats_handler(State(state): State<Arc<AppState>>) -> Json<SimStats> {
    Json(state.stats())
}

async fn reset_stats_handler(State(state): State<Arc<AppState>>) -> Json<SimStats> {
    state.reset_stats();
    Json(state.stats())
}

/// The answer to a throttled request, as Huawei Cloud's API gateway sends it: status 429
/// and `{"error_msg":"The throttling threshold has been reached: policy user over
/// ratelimit,limit:N,time:1 second","error_code":"APIG.0308","request_id":"<32 hex>"}`
/// (the shape of a real APIG.0308 answer; see the README's "Rate limits"). `request_id`
/// is derived from the seed and a counter.
pub fn throttled(limit: u64, request_id: u64) -> SimResponse {
    let a = crate::dataset::mix64(request_id);
    let b = crate::dataset::mix64(a ^ 0x0DDB_A11C_0FFE_E000);
    let body = format!(
        "{{\"error_msg\":\"The throttling threshold has been reached: policy user over \
         ratelimit,limit:{limit},time:1 second\",\"error_code\":\"{THROTTLED_ERROR_CODE}\",\
         \"request_id\":\"{a:016x}{b:016x}\"}}"
    );
    SimResponse {
        status: 429,
        content_type: contract::JSON_CONTENT_TYPE,
        body,
        matched: None,
        delay_ms: 0,
        fault: None,
        trickle_ms: 0,
    }
}

async fn api_handler(State(state): State<Arc<AppState>>, req: Request) -> Response {
    let in_flight = match state.admit() {
        Ok(guard) => guard,
        Err(Throttled { limit }) => {
            let n = state.stats().rejected;
            let id = state.contract.faults.seed ^ n.wrapping_mul(0x2545_F491_4F6C_DD1D);
            return to_http(throttled(limit, id));
        }
    };
    let mut response = answer_api(&state, req).await;
    // The request stays in flight until its body is sent (or the client goes away).
    let body = std::mem::take(response.body_mut());
    *response.body_mut() = Body::new(InFlightBody {
        inner: body,
        _in_flight: in_flight,
    });
    response
}

/// A response body that holds its request's [`InFlight`] until it is sent or dropped.
struct InFlightBody {
    inner: Body,
    _in_flight: InFlight,
}

impl http_body::Body for InFlightBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

/// Reads an admitted API request, asks the contract, waits the delay it asks for.
async fn answer_api(state: &Arc<AppState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let too_long = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n > BODY_LIMIT as u64);
    let bytes = if too_long {
        None
    } else {
        axum::body::to_bytes(body, BODY_LIMIT).await.ok()
    };
    let Some(bytes) = bytes else {
        return to_http(SimResponse::error(413, "the request body is too large"));
    };
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let request = SimRequest {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        authorization: header("authorization"),
        token_expire: header("x-token-expire"),
        body: &bytes,
        now_ms: (state.clock)(),
        seq: state.seq.fetch_add(1, Ordering::Relaxed),
    };
    let answer = contract::answer(&state.contract, &request);
    if answer.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(answer.delay_ms)).await;
    }
    if answer.fault == Some(Fault::Drop) {
        if let Some(ConnectInfo(kill)) = parts.extensions.get::<ConnectInfo<ConnKill>>() {
            kill.0.store(true, Ordering::Relaxed);
        }
        // Without a socket (in-process tests) the body fails instead.
        let mut response = Response::new(Body::new(FailingBody));
        response.extensions_mut().insert(LogTag {
            matched: None,
            fault: answer.fault,
        });
        return response;
    }
    to_http(answer)
}

fn to_http(answer: SimResponse) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = if answer.trickle_ms > 0 {
        Body::new(TrickleBody::new(answer.body, answer.trickle_ms))
    } else {
        Body::from(answer.body)
    };
    let mut response = (
        status,
        [(CONTENT_TYPE, HeaderValue::from_static(answer.content_type))],
        body,
    )
        .into_response();
    response.extensions_mut().insert(LogTag {
        matched: answer.matched,
        fault: answer.fault,
    });
    response
}

/// A body sent in [`contract::TRICKLE_PIECES`] pieces, a fixed interval apart (the first at
/// once): a slow upstream that keeps the connection busy.
struct TrickleBody {
    pieces: std::collections::VecDeque<Bytes>,
    interval: Duration,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl TrickleBody {
    fn new(body: String, interval_ms: u64) -> Self {
        let bytes = Bytes::from(body);
        let size = bytes.len().div_ceil(contract::TRICKLE_PIECES).max(1);
        let pieces = (0..bytes.len())
            .step_by(size)
            .map(|start| bytes.slice(start..(start + size).min(bytes.len())))
            .collect();
        TrickleBody {
            pieces,
            interval: Duration::from_millis(interval_ms),
            sleep: None,
        }
    }
}

impl http_body::Body for TrickleBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, io::Error>>> {
        if let Some(sleep) = self.sleep.as_mut() {
            if sleep.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
        }
        let Some(piece) = self.pieces.pop_front() else {
            return Poll::Ready(None);
        };
        let interval = self.interval;
        self.sleep = (!self.pieces.is_empty()).then(|| Box::pin(tokio::time::sleep(interval)));
        Poll::Ready(Some(Ok(http_body::Frame::data(piece))))
    }
}

/// A body that fails when read: what a client sees of a dropped connection.
struct FailingBody;

impl http_body::Body for FailingBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, io::Error>>> {
        Poll::Ready(Some(Err(aborted())))
    }
}

/// Serves `cfg` on `listener` until the process ends.
pub async fn serve(listener: TcpListener, cfg: SimConfig) -> io::Result<()> {
    let state = Arc::new(AppState::new(&cfg));
    serve_state(listener, state, std::future::pending()).await
}

/// Serves `state` on `listener` until `shutdown` completes (then finishes open requests).
pub async fn serve_state(
    listener: TcpListener,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<ConnKill>();
    axum::serve(SimListener(listener), app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Starts `cfg` on `127.0.0.1:0` (ignoring `cfg.listen`) in a background task and
/// returns the bound address. Aborting the handle stops the server.
pub async fn spawn(cfg: SimConfig) -> io::Result<(SocketAddr, JoinHandle<io::Result<()>>)> {
    spawn_state(Arc::new(AppState::new(&cfg))).await
}

/// Like [`spawn`], for a prepared state (e.g. with a fake clock).
pub async fn spawn_state(
    state: Arc<AppState>,
) -> io::Result<(SocketAddr, JoinHandle<io::Result<()>>)> {
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
    let addr = listener.local_addr()?;
    let handle = tokio::spawn(serve_state(listener, state, std::future::pending()));
    Ok((addr, handle))
}
