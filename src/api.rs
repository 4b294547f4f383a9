//! The fetch layer: one POST to the query endpoint, with headers, abort and timeout. What the
//! answer means is decided by `cdr_core::outcome`; this module has no view code.

use std::cell::Cell;
use std::rc::Rc;

use cdr_core::outcome::{body_text, interpret, Failure};
use cdr_core::{Decoded, Query};
use gloo_net::http::Request;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

/// The endpoint's path below the proxy prefix (`apiBase`).
pub const QUERY_PATH: &str = "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo";

/// How to reach the API: where, and with which credentials.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiClient {
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

    /// Runs one query. `abort` stops it early (a newer search or Cancel); the configured
    /// timeout aborts it too and is reported as such.
    #[cfg_attr(feature = "demo", allow(unreachable_code))]
    pub async fn query(
        &self,
        query: &Query,
        abort: &AbortController,
    ) -> Result<Decoded, SearchError> {
        let timed_out = Rc::new(Cell::new(false));
        let _timer = AbortTimer::start(self.timeout_seconds, abort, timed_out.clone());
        let classify = |_: gloo_net::Error| {
            if timed_out.get() {
                SearchError::Failed(Failure::Timeout {
                    seconds: self.timeout_seconds,
                })
            } else if abort.signal().aborted() {
                SearchError::Aborted
            } else {
                SearchError::Failed(Failure::Network)
            }
        };

        // The demo build answers in the page, through the simulator's contract (src/demo.rs).
        #[cfg(feature = "demo")]
        return match crate::demo::answer(self, query, abort).await {
            Ok((status, body)) => interpret(status, &body).map_err(SearchError::Failed),
            Err(e) => Err(classify(e)),
        };

        let signal = abort.signal();
        let mut request = Request::post(&self.query_url())
            .header("Content-Type", "application/json")
            .abort_signal(Some(&signal));
        if let Some(token) = &self.token {
            request = request.header("Authorization", &format!("Bearer {}", token.trim()));
        }
        if let Some(key) = &self.app_key {
            request = request.header("X-APP-Key", key);
        }
        if let Some(tenant) = &self.tenant_space_id {
            request = request.header("X-TenantSpaceID", tenant);
        }
        let request = request.body(query.to_json()).map_err(classify)?;
        crate::browser::mark("cdr-request-sent");
        let response = request.send().await.map_err(classify)?;
        let status = response.status();
        // The body as bytes, not text: `text()` would decode the UTF-8 into a JS string only
        // for wasm-bindgen to encode it back a character at a time, which took a fifth of
        // the time to the first rows at 10,000 records (BENCHMARKS.md).
        let body = body_text(response.binary().await.map_err(classify)?);
        crate::browser::mark("cdr-answer-read");
        let decoded = interpret(status, &body).map_err(SearchError::Failed);
        crate::browser::mark("cdr-answer-decoded");
        decoded
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
