//! The quick filter's work per keystroke (issue #17): needles typed one character at a time
//! into the release build, each keystroke's main-thread work summed from inside the page.
//!
//! The page's `setTimeout` is wrapped (once per page): each timer callback is timed from its
//! start until a `MessageChannel` message posted at its end arrives (after the microtasks it
//! queued, where Leptos updates the DOM) and a forced layout is done. A keystroke's **work**
//! is the `input` event's own handling (timed the same way) plus every timer callback that
//! runs until no timer is pending: the typing pause's callback that filters, and whatever it
//! schedules. Its **latency** is the keystroke to the end of the last such callback: the
//! typing pause plus the work. The idle pause itself is not work.

use fantoccini::Client;
use serde_json::{json, Value};

use cdr_e2e::page::css;

/// Wraps `setTimeout`/`clearTimeout` to time callbacks (see the module docs).
const INSTALL: &str = "
if (!window.__benchTimers) {
  const st = { pending: new Set(), open: 0, busy: 0, longest: 0, lastEnd: 0,
               orig: window.setTimeout.bind(window), origClear: window.clearTimeout.bind(window) };
  window.__benchTimers = st;
  window.setTimeout = function (cb, delay, ...args) {
    if (typeof cb !== 'function') return st.orig(cb, delay, ...args);
    const id = st.orig(() => {
      st.pending.delete(id);
      const t0 = performance.now();
      st.open++;
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        void document.body.offsetHeight;
        const t1 = performance.now();
        st.busy += t1 - t0; st.longest = Math.max(st.longest, t1 - t0); st.lastEnd = t1; st.open--;
      };
      try { cb(...args); } finally { ch.port2.postMessage(0); }
    }, delay);
    st.pending.add(id);
    return id;
  };
  window.clearTimeout = function (id) { st.pending.delete(id); return st.origClear(id); };
}";

/// Runs `action` (page script), then waits until its own task and every timer it led to
/// have run; returns `{work, latency, longest}` in ms.
fn timed(action: &str) -> String {
    format!(
        "const done = arguments[arguments.length - 1];
        const st = window.__benchTimers;
        st.busy = 0; st.longest = 0; st.lastEnd = 0;
        const t0 = performance.now();
        {action}
        const ch = new MessageChannel();
        ch.port1.onmessage = () => {{
          void document.body.offsetHeight;
          const own = performance.now() - t0;
          const poll = () => {{
            if (st.pending.size > 0 || st.open > 0) {{ st.orig(poll, 1); return; }}
            done({{ work: own + st.busy, longest: Math.max(own, st.longest),
                    latency: Math.max(own, st.lastEnd - t0) }});
          }};
          poll();
        }};
        ch.port2.postMessage(0);"
    )
}

/// One measured step: main-thread work, the longest task in it, and the latency (ms).
#[derive(Clone, Copy, Default)]
pub struct Step {
    pub work: f64,
    pub longest: f64,
    pub latency: f64,
}

/// Runs `action` and returns its main-thread work (see the module notes).
pub async fn step(client: &Client, action: &str) -> Step {
    client
        .execute(INSTALL, vec![])
        .await
        .expect("install the timer probe");
    let v: Value = client
        .execute_async(&timed(action), vec![])
        .await
        .unwrap_or_else(|e| panic!("timing `{action}` failed: {e}"));
    let f = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    Step {
        work: f("work"),
        longest: f("longest"),
        latency: f("latency"),
    }
}

fn set_filter(value: &str) -> String {
    format!(
        "const e = document.querySelector({}); e.value = {}; \
         e.dispatchEvent(new Event('input', {{bubbles: true}}));",
        json!(css::QUICK_FILTER),
        json!(value)
    )
}

/// Focuses the quick filter (the app then prepares its index), waits `settle_ms` as a person
/// would before typing, then types each needle one character at a time, erasing the filter
/// before each. Returns every keystroke's step (erasing not included) and the focus's
/// (its work is the index's preparation, if any).
pub async fn type_needles(client: &Client, needles: &[&str], settle_ms: u64) -> (Step, Vec<Step>) {
    step(client, &set_filter("")).await;
    let focus = step(
        client,
        &format!(
            "document.querySelector({}).focus();",
            json!(css::QUICK_FILTER)
        ),
    )
    .await;
    client
        .execute_async(
            "const d = arguments[arguments.length - 1]; \
             (window.__benchTimers ? window.__benchTimers.orig : setTimeout)(d, arguments[0]);",
            vec![json!(settle_ms)],
        )
        .await
        .expect("settle");
    let mut keys = Vec::new();
    for needle in needles {
        step(client, &set_filter("")).await;
        let chars: Vec<char> = needle.chars().collect();
        for k in 1..=chars.len() {
            let typed: String = chars[..k].iter().collect();
            keys.push(step(client, &set_filter(&typed)).await);
        }
    }
    step(client, &set_filter("")).await;
    let _ = client
        .execute(
            &format!(
                "document.querySelector({}).blur();",
                json!(css::QUICK_FILTER)
            ),
            vec![],
        )
        .await;
    (focus, keys)
}
