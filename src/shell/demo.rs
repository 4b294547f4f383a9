//! The demo build (Cargo feature `demo`, `scripts/build-demo`): no server, no proxy. Every
//! query is answered inside the page by the simulator's own contract
//! ([`cdr_sim::inpage::InPage`], which calls `cdr_sim::contract::answer` as `cdr-sim`'s HTTP
//! server does), so statuses, bodies, quirks and injected faults are the simulator's. The
//! answer then goes through `cdr_core::outcome::interpret` like any HTTP answer.
//!
//! Settings come from the `"demo"` object of `config.json`
//! ([`cdr_sim::inpage::DemoSettings`]: seed, records, days, endMs, latencyMs, jitterMs,
//! failRate, malformedRate, html502Rate, dropRate, maxResults). The data is generated once
//! per page, on start (ending at the current UTC hour unless `endMs` is set).
//!
//! The normal build contains none of this module.

use std::cell::RefCell;
use std::rc::Rc;

use cdr_sim::contract::{Fault, TRICKLE_PIECES};
use cdr_sim::inpage::{DemoSettings, InPage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

use cdr_core::Locale;

use crate::text::shell;

thread_local! {
    static SERVICE: RefCell<Option<Rc<InPage>>> = const { RefCell::new(None) };
}

/// Answers one query in the page: the status and body the simulator would send. An error
/// stands for "no answer" (an injected dropped connection, or an abort), which the fetch
/// layer classifies as it classifies a failed `fetch`.
pub async fn answer(
    token: Option<&str>,
    body: &str,
    abort: &AbortController,
) -> Result<(u16, String), gloo_net::Error> {
    let service = service().await;
    let signal = abort.signal();
    if signal.aborted() {
        return Err(no_answer("aborted"));
    }
    // What the HTTP path sends: the same header and the same body.
    let authorization = token.map(|token| format!("Bearer {}", token.trim()));
    let response = service.query(authorization.as_deref(), body.as_bytes(), now_ms());
    // A trickled body arrives after its last piece.
    let trickle = response
        .trickle_ms
        .saturating_mul(TRICKLE_PIECES.saturating_sub(1) as u64);
    sleep(response.delay_ms.saturating_add(trickle), &signal).await;
    if signal.aborted() {
        return Err(no_answer("aborted"));
    }
    if response.fault == Some(Fault::Drop) {
        return Err(no_answer("connection dropped (demo fault)"));
    }
    Ok((response.status, response.body))
}

/// The banner that says the page shows generated data. Also starts generating the data, so
/// the first search does not wait for it.
pub fn banner(locale: Memo<Locale>) -> impl IntoView {
    spawn_local(async {
        service().await;
    });
    view! {
        <p class="banner warning" id="demo-banner" role="note" lang=move || locale.get().tag()>
            {move || shell(locale.get()).demo_banner}
        </p>
    }
}

fn no_answer(why: &str) -> gloo_net::Error {
    gloo_net::Error::GlooError(why.to_string())
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The page's service, built on first use from `config.json`'s `"demo"` settings.
async fn service() -> Rc<InPage> {
    if let Some(service) = SERVICE.with(|s| s.borrow().clone()) {
        return service;
    }
    let settings = load_settings().await;
    // Another caller may have finished first while the settings loaded: keep one.
    if let Some(service) = SERVICE.with(|s| s.borrow().clone()) {
        return service;
    }
    let built = Rc::new(InPage::new(&settings, now_ms()));
    SERVICE.with(|s| s.borrow_mut().get_or_insert(built).clone())
}

async fn load_settings() -> DemoSettings {
    let Ok(response) = gloo_net::http::Request::get("config.json").send().await else {
        return DemoSettings::default();
    };
    if !response.ok() {
        return DemoSettings::default();
    }
    match response.text().await {
        Ok(text) => DemoSettings::from_config_json(&text),
        Err(_) => DemoSettings::default(),
    }
}

/// Waits `ms` milliseconds, or until `signal` aborts.
async fn sleep(ms: u64, signal: &AbortSignal) {
    if ms == 0 {
        return;
    }
    let millis = i32::try_from(ms).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let timer = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis)
                .ok()
        });
        if timer.is_none() {
            let _ = resolve.call0(&JsValue::NULL);
        }
        let _ = signal.add_event_listener_with_callback("abort", &resolve);
    });
    let _ = JsFuture::from(promise).await;
}
