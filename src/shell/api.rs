//! The fetch layer: one query to the service, with headers, abort and timeout, over the
//! transport the build uses (HTTP, or the in-page simulator of the demo build). What the
//! answer means is decided by `cdr_core::outcome`; this module has no view code.

use std::cell::Cell;
use std::rc::Rc;

use cdr_core::outcome::{body_text, Failure};
use cdr_core::Query;
use gloo_net::http::Request;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use web_sys::{AbortController, AbortSignal};

/// The endpoint's path below the proxy prefix (`apiBase`).
pub const QUERY_PATH: &str = "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo";

/// How queries reach the service. Chosen once, in `crate::app`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Transport {
    /// A POST to `{apiBase}` + [`QUERY_PATH`].
    #[default]
    Http,
    /// The simulator's contract answering inside the page (the demo build, `shell::demo`).
    #[cfg(feature = "demo")]
    InPage,
}

/// How to reach the API: where, and with which credentials.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiClient {
    /// HTTP, or the in-page simulator.
    pub transport: Transport,
    /// URL prefix of the proxy; empty for the page's own origin.
    pub base: String,
    /// Bearer token; `None` when the proxy adds it.
    pub token: Option<String>,
    pub app_key: Option<String>,
    pub tenant_space_id: Option<String>,
    pub timeout_seconds: u32,
}

/// Why a search ended without records.
#[derive(Clone, Debug, PartialEq)]
pub enum SearchError {
    /// Stopped on purpose (a newer search, or Cancel): not shown as an error.
    Aborted,
    /// The service or the network failed.
    Failed(Failure),
}

impl ApiClient {
    /// The full URL of the query endpoint.
    pub fn query_url(&self) -> String {
        format!("{}{}", self.base.trim_end_matches('/'), QUERY_PATH)
    }

    /// Sends one query and reads its answer: the status and the body as text, not yet
    /// read for their meaning (`cdr_core::outcome::interpret` does that). `abort` stops it early (a newer
    /// search or Cancel: [`SearchError::Aborted`]); the configured timeout aborts it too
    /// and is reported as such; no answer at all is a network failure.
    pub async fn fetch(
        &self,
        query: &Query,
        abort: &AbortController,
    ) -> Result<(u16, String), SearchError> {
        let timed_out = Rc::new(Cell::new(false));
        let _timer = AbortTimer::start(self.timeout_seconds, abort, timed_out.clone());
        let answer = match self.transport {
            Transport::Http => self.send_http(query, abort).await,
            #[cfg(feature = "demo")]
            Transport::InPage => {
                super::demo::answer(self.token.as_deref(), &query.to_json(), abort).await
            }
        };
        answer.map_err(|_| {
            why_stopped(
                timed_out.get(),
                abort.signal().aborted(),
                self.timeout_seconds,
            )
        })
    }

    /// One POST over HTTP: the status and the body as text.
    async fn send_http(
        &self,
        query: &Query,
        abort: &AbortController,
    ) -> Result<(u16, String), gloo_net::Error> {
        let signal = abort.signal();
        let response = self.send(query, &signal).await?;
        let status = response.status();
        // The body as bytes, not text: `text()` would decode the UTF-8 into a JS string only
        // for wasm-bindgen to encode it back a character at a time, which took a fifth of
        // the time to the first rows at 10,000 records (BENCHMARKS.md).
        // Raced against the abort: WebKit (2.50) does not reject a body still being read
        // when its request is aborted, so a timeout during a trickling answer never ended.
        let failed = |_| gloo_net::Error::GlooError(String::new());
        let read = web_sys::Response::from(response)
            .array_buffer()
            .map_err(failed)?;
        let buffer = until_aborted(&signal, &read).await.map_err(failed)?;
        let body = body_text(js_sys::Uint8Array::new(&buffer).to_vec());
        crate::browser::mark("cdr-answer-read");
        Ok((status, body))
    }

    /// Sends the POST; the answer's body is not read yet.
    async fn send(
        &self,
        query: &Query,
        signal: &AbortSignal,
    ) -> Result<gloo_net::http::Response, gloo_net::Error> {
        let mut request = Request::post(&self.query_url())
            .header("Content-Type", "application/json")
            .abort_signal(Some(signal));
        if let Some(token) = &self.token {
            request = request.header("Authorization", &format!("Bearer {}", token.trim()));
        }
        if let Some(key) = &self.app_key {
            request = request.header("X-APP-Key", key);
        }
        if let Some(tenant) = &self.tenant_space_id {
            request = request.header("X-TenantSpaceID", tenant);
        }
        let request = request.body(query.to_json())?;
        crate::browser::mark("cdr-request-sent");
        request.send().await
    }

    /// Sends one query and waits for the answer's status, leaving its body to read as it
    /// arrives ([`Exchange`]); the timeout runs until the exchange is dropped. Failures as
    /// [`ApiClient::fetch`]'s. Only the result views call it, so it loads with them.
    pub async fn open(
        &self,
        query: &Query,
        abort: &AbortController,
    ) -> Result<Exchange, SearchError> {
        let timed_out = Rc::new(Cell::new(false));
        let timer = AbortTimer::start(self.timeout_seconds, abort, timed_out.clone());
        let mut exchange = Exchange {
            status: 0,
            body: Body::Text(String::new()),
            signal: abort.signal(),
            timed_out,
            timeout_seconds: self.timeout_seconds,
            _timer: timer,
        };
        let answer = match self.transport {
            Transport::Http => self
                .send(query, &exchange.signal)
                .await
                .map(|response| (response.status(), Body::Http(response.into()))),
            #[cfg(feature = "demo")]
            Transport::InPage => {
                super::demo::answer(self.token.as_deref(), &query.to_json(), abort)
                    .await
                    .map(|(status, text)| (status, Body::Text(text)))
            }
        };
        let (status, body) = answer.map_err(|_| exchange.failure())?;
        exchange.status = status;
        exchange.body = body;
        Ok(exchange)
    }
}

/// Why an exchange ended without its answer: the timeout of `seconds` fired, the request
/// was aborted (a newer search or Cancel), or else the network failed.
fn why_stopped(timed_out: bool, aborted: bool, seconds: u32) -> SearchError {
    if timed_out {
        SearchError::Failed(Failure::Timeout { seconds })
    } else if aborted {
        SearchError::Aborted
    } else {
        SearchError::Failed(Failure::Network)
    }
}

/// Waits for `read` or the abort of `signal`, whichever settles first.
async fn until_aborted(signal: &AbortSignal, read: &js_sys::Promise) -> Result<JsValue, JsValue> {
    let aborted = js_sys::Promise::new(&mut |_, reject| signal.set_onabort(Some(&reject)));
    let race = js_sys::Promise::race(&js_sys::Array::of2(read, &aborted));
    wasm_bindgen_futures::JsFuture::from(race).await
}

/// An answer's body: arriving over HTTP, or whole (the in-page simulator).
pub enum Body {
    /// The browser's response, its body not yet read.
    Http(web_sys::Response),
    /// The whole body.
    Text(String),
}

/// One query's exchange once its status is in: the body to read, and what stops it.
pub struct Exchange {
    /// The HTTP status.
    pub status: u16,
    /// The body, not yet read.
    pub body: Body,
    signal: AbortSignal,
    timed_out: Rc<Cell<bool>>,
    timeout_seconds: u32,
    _timer: AbortTimer,
}

impl Exchange {
    /// Why reading stopped: the timeout, an abort (a newer search or Cancel) or the network.
    pub fn failure(&self) -> SearchError {
        why_stopped(
            self.timed_out.get(),
            self.signal.aborted(),
            self.timeout_seconds,
        )
    }

    /// Waits for a read of the body, or the abort, whichever settles first: WebKit (2.50)
    /// does not reject a body read still pending when its request is aborted, so a timeout
    /// during a trickling answer would never end.
    pub async fn until_aborted(&self, read: &js_sys::Promise) -> Result<JsValue, SearchError> {
        until_aborted(&self.signal, read)
            .await
            .map_err(|_| self.failure())
    }
}

/// Aborts a request after a delay unless dropped first.
struct AbortTimer {
    handle: Option<i32>,
    _callback: Closure<dyn FnMut()>,
}

impl AbortTimer {
    fn start(seconds: u32, abort: &AbortController, fired: Rc<Cell<bool>>) -> AbortTimer {
        let abort = abort.clone();
        let callback = Closure::<dyn FnMut()>::new(move || {
            fired.set(true);
            abort.abort();
        });
        let millis = i32::try_from(seconds.saturating_mul(1000)).unwrap_or(i32::MAX);
        let handle = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                millis,
            )
            .ok()
        });
        AbortTimer {
            handle,
            _callback: callback,
        }
    }
}

impl Drop for AbortTimer {
    fn drop(&mut self) {
        if let (Some(handle), Some(window)) = (self.handle, web_sys::window()) {
            window.clear_timeout_with_handle(handle);
        }
    }
}
