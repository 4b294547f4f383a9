//! The browser benchmark behind `scripts/bench` (a command, not a test): the release build
//! and a hand-written baseline page (`bench/`), served by the simulator from one origin, in
//! one headless Chromium, alternately, several rounds per size. Prints a Markdown report.
//!
//! Every timing is taken inside the page with `performance.now()`: from the synthetic click
//! (or input event) until the expected DOM state is reached, every microtask queued by then
//! has run (a following macrotask), and a forced layout (`offsetHeight`) has been done.
//!
//! Usage: bench [--dist DIR] [--sizes 1000,10000,100000] [--rounds 5] (`bench --help`).
//! With `--complete`, it measures complete results instead (issue #16; [`complete`]):
//! capped answers over 7 days loaded slice by slice, against a plain script's bound.
//! With `--facets`, the main-thread work of a result filter chip click (issue #18; [`facets`]).
//! The browser is always Chromium: the memory figures come from its
//! `performance.memory` (`--enable-precise-memory-info`) and `gc()` (`--expose-gc`).

mod complete;
mod facets;
mod typing;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use cdr_e2e::page::{css, js as probe};
use cdr_e2e::{dist_dir, repo_dir, Browser, Engine, Simulator, TempSite};
use clap::Parser;
use fantoccini::wd::TimeoutConfiguration;
use fantoccini::Client;
use serde_json::{json, Value};

const TOKEN: &str = "bench-token";
/// Rows per page, as configured for both pages.
const PAGE_SIZE: usize = 20;
/// The query's range, in the configured zone (UTC): it covers the simulator's default data
/// (30 days ending 2026-11-28T00:00Z).
const RANGE: Range = ("2026-10-01T00:00", "2026-11-28T00:00");

/// A search's Begin and End as the form's fields take them (`YYYY-MM-DDTHH:MM`, UTC).
type Range = (&'static str, &'static str);
/// Quick-filter needles: one that matches a label, one that matches formatted times.
const FILTER_LABEL: &str = "video";
const FILTER_TIME: &str = "2026-11-27 1";
/// Needles typed one character at a time for the work per keystroke ([`typing`]).
const TYPED: [&str; 2] = ["2026-11-27 1", "video"];
/// How long the typing step waits after focusing the filter, as a person would (ms).
const SETTLE_MS: u64 = 1_000;

/// The browser benchmark behind `scripts/bench`: the release build against a hand-written
/// baseline page, in headless Chromium. Prints a Markdown report on stdout.
#[derive(Parser)]
#[command(name = "bench")]
struct Options {
    /// The release build to measure (default: `CDR_DIST`, else the workspace's `dist/`).
    #[arg(long, value_name = "DIR", default_value_os_t = dist_dir(), hide_default_value = true)]
    dist: PathBuf,
    /// Result sizes to measure, in records, comma-separated (`_` allowed: 10_000).
    /// Default 1000,10000,100000; with `--complete`, 100000,1000000.
    #[arg(long, value_name = "N,N,...", value_delimiter = ',', value_parser = parse_size)]
    sizes: Vec<usize>,
    /// Rounds per size (the report gives medians).
    #[arg(long, value_name = "N", default_value_t = 5)]
    rounds: usize,
    /// Measure complete results (issue #16): N records over 7 days, at most 5,000 per
    /// answer, loaded slice by slice; against one capped answer and a plain script that
    /// fetches the same slices.
    #[arg(long)]
    complete: bool,
    /// Measure the result filters (issue #18): main-thread work per outcome chip click,
    /// with the table and with the summary showing. Default size 100000.
    #[arg(long)]
    facets: bool,
    /// With `--complete`: which records a capped answer returns (the simulator's
    /// `--cap-order`: first, last or random by time). Default first.
    #[arg(long, value_name = "ORDER", default_value = "first")]
    cap_order: String,
    /// With `--complete`: rounds for sizes of 1,000,000 records and more (default: `--rounds`).
    #[arg(long, value_name = "N")]
    rounds_big: Option<usize>,
    /// One more app round per size under the DevTools CPU profiler, saved in DIR: with
    /// `--complete` the whole load (complete-N-app/-plain.cpuprofile, summed in the
    /// report), else click → first page (first-page-N.cpuprofile).
    #[arg(long, value_name = "DIR")]
    cpu_profile: Option<PathBuf>,
}

fn parse_size(text: &str) -> Result<usize, String> {
    text.trim()
        .replace('_', "")
        .parse()
        .map_err(|e| format!("{text:?} is not a number of records: {e}"))
}

/// What one app round measured (milliseconds, bytes).
#[derive(Default)]
struct AppRound {
    first_page: f64,
    /// Click → every record in and the page idle (the answer read to its end).
    all_in: f64,
    /// The longest main-thread task from the click to `all_in` (Long Tasks API: 0 when
    /// none passed 50 ms).
    longest_task: f64,
    /// The same search again on the same page: code compiled and warm.
    search_again: f64,
    /// Of `first_page`: until the answer's text was read, and until it was decoded.
    phases: Phases,
    sort_asc: f64,
    sort_desc: f64,
    next_page: f64,
    filter_label: f64,
    filter_time: f64,
    /// After a new search: focusing the quick filter (the app prepares its index then).
    focus: typing::Step,
    /// Every keystroke of [`TYPED`], typed after focusing.
    keys: Vec<typing::Step>,
    /// The wasm memory after the typing (the quick filter's index built), bytes.
    wasm_after_typing: f64,
    js_heap: f64,
    wasm_memory: f64,
}

/// Milliseconds from the click to the page's `cdr-request-sent`, `cdr-answer-read` and
/// `cdr-answer-decoded`
/// User Timing marks (the app sets them in src/api.rs, the baseline in bench/baseline.js).
#[derive(Clone, Copy, Default)]
struct Phases {
    sent: f64,
    read: f64,
    decoded: f64,
}

const PHASES: &str = "
    const mark = (name) => {
        const entries = performance.getEntriesByName(name);
        return entries.length ? entries[entries.length - 1].startTime - window.__benchT0 : null;
    };
    return { sent: mark('cdr-request-sent'), read: mark('cdr-answer-read'), decoded: mark('cdr-answer-decoded') };";

async fn phases(client: &Client) -> Phases {
    let v = js(client, PHASES).await;
    Phases {
        sent: v["sent"].as_f64().unwrap_or(f64::NAN),
        read: v["read"].as_f64().unwrap_or(f64::NAN),
        decoded: v["decoded"].as_f64().unwrap_or(f64::NAN),
    }
}

#[derive(Default)]
struct BaseRound {
    first_page: f64,
    longest_task: f64,
    phases: Phases,
    js_heap: f64,
}

struct SizeResult {
    n: usize,
    body_bytes: f64,
    app: Vec<AppRound>,
    base: Vec<BaseRound>,
}

#[tokio::main]
async fn main() {
    let mut o = Options::parse();
    if o.sizes.is_empty() {
        o.sizes = if o.complete {
            vec![100_000, 1_000_000]
        } else if o.facets {
            vec![100_000]
        } else {
            vec![1_000, 10_000, 100_000]
        };
    }
    assert!(
        o.dist.join("index.html").is_file(),
        "no release build at {} (scripts/bench builds one)",
        o.dist.display()
    );
    // The driver stops (and its browser with it) when `_driver` is dropped, at the end.
    let Browser {
        client,
        driver: _driver,
        ..
    } = Browser::start(
        Engine::Chromium,
        &[
            "--enable-precise-memory-info",
            "--js-flags=--expose-gc",
            // A hidden headless tab must not be throttled between rounds.
            "--disable-background-timer-throttling",
            "--disable-renderer-backgrounding",
        ],
    )
    .await;
    let long = Duration::from_secs(600);
    client
        .update_timeouts(TimeoutConfiguration::new(Some(long), Some(long), None))
        .await
        .expect("set timeouts");
    let version = js(&client, "return navigator.userAgent;").await;
    let version = version.as_str().unwrap_or("?");
    if o.facets {
        let report = facets::run(&client, &o, version).await;
        let _ = client.close().await;
        print!("{report}");
        return;
    }
    if o.complete {
        let report = complete::run(&client, &o, version).await;
        let _ = client.close().await;
        print!("{report}");
        return;
    }

    let mut results = Vec::new();
    for &n in &o.sizes {
        eprintln!("bench: {n} records, {} rounds", o.rounds);
        results.push(run_size(&client, &o, n).await);
    }
    let _ = client.close().await;
    print!("{}", report(&results, &o, version));
}

/// The simulator serving `site` with `n` records (VDN 1) and answering all of them at once.
async fn start_sim(site: &TempSite, n: usize) -> Simulator {
    let n_text = n.to_string();
    let dist = site.path().display().to_string();
    Simulator::start(&[
        "--quiet",
        "--token",
        TOKEN,
        "--records",
        &n_text,
        "--max-results",
        &n_text,
        "--vdn",
        "1",
        "--dist",
        &dist,
    ])
    .await
}

async fn run_size(client: &Client, o: &Options, n: usize) -> SizeResult {
    let site = bench_site(&o.dist, json!({}));
    let sim = start_sim(&site, n).await;
    let app_url = sim.url();
    let base_url = format!("{app_url}bench-baseline.html");

    // A warm-up app round that also records the exact request the app sends.
    open_app(client, &format!("{app_url}#bench-capture"), RANGE).await;
    let first = measure(client, &SEARCH, &rows_at_least(n.min(PAGE_SIZE))).await;
    let query = js(client, "return window.__benchQuery || null;").await;
    assert!(query.is_object(), "the app's request was not captured");
    let probe = js(client, MEMORY).await;
    let body_bytes = probe["body"].as_f64().unwrap_or(0.0);
    eprintln!("  warm-up: app first page {first:.0} ms, answer {body_bytes} bytes");
    open_baseline(client, &base_url, &query).await;
    measure(client, &SEARCH, &rows_at_least(n.min(PAGE_SIZE))).await;

    let mut app = Vec::new();
    let mut base = Vec::new();
    for round in 0..o.rounds {
        // Alternate which goes first, so neither always runs on a warmer browser.
        if round % 2 == 0 {
            app.push(app_round(client, &app_url, n).await);
            base.push(base_round(client, &base_url, &query, n).await);
        } else {
            base.push(base_round(client, &base_url, &query, n).await);
            app.push(app_round(client, &app_url, n).await);
        }
        let (a, b) = (app.last().unwrap(), base.last().unwrap());
        eprintln!(
            "  round {}: app {:.0} ms (all in {:.0} ms, longest task {:.0} ms; sent {:.0}, read {:.0}, decoded {:.0}; again {:.0} ms), baseline {:.0} ms (sent {:.0}, read {:.0}, parsed {:.0}); sort {:.0}/{:.0} ms, next page {:.1} ms, filter {:.0}/{:.0} ms",
            round + 1,
            a.first_page,
            a.all_in,
            a.longest_task,
            a.phases.sent,
            a.phases.read,
            a.phases.decoded,
            a.search_again,
            b.first_page,
            b.phases.sent,
            b.phases.read,
            b.phases.decoded,
            a.sort_asc,
            a.sort_desc,
            a.next_page,
            a.filter_label,
            a.filter_time
        );
        let works: Vec<f64> = a.keys.iter().map(|k| k.work).collect();
        eprintln!(
            "    typing: work per keystroke median {:.1} ms, max {:.1} ms ({}); latency median {:.0} ms; focus {:.0} ms of work, longest task {:.0} ms",
            median(works.clone()),
            works.iter().copied().fold(0.0, f64::max),
            works.iter().map(|w| format!("{w:.0}")).collect::<Vec<_>>().join(" "),
            median(a.keys.iter().map(|k| k.latency).collect()),
            a.focus.work,
            a.focus.longest
        );
    }
    if let Some(dir) = &o.cpu_profile {
        // Not in the medians: the profiler slows the page.
        open_app(client, &app_url, RANGE).await;
        complete::start_profile(client).await;
        let first = measure(client, &SEARCH, &rows_at_least(n.min(PAGE_SIZE))).await;
        complete::stop_profile(client, dir, &format!("first-page-{n}"), first).await;
        eprintln!("  profiled round: app first page {first:.0} ms");
    }
    // Leave a blank page so the old one's memory is not counted in the next size.
    let _ = client.goto("about:blank").await;
    drop(sim);
    SizeResult {
        n,
        body_bytes,
        app,
        base,
    }
}

async fn app_round(client: &Client, url: &str, n: usize) -> AppRound {
    open_app(client, url, RANGE).await;
    let mut r = AppRound {
        first_page: measure(client, &SEARCH, &rows_at_least(n.min(PAGE_SIZE))).await,
        ..AppRound::default()
    };
    // The first rows show while the rest of the answer arrives: wait for all of it.
    r.all_in = since_click(client, &format!("{DECODED_COUNT} > 0 && {}", probe::IDLE)).await;
    r.longest_task = longest_task(client).await;
    r.phases = phases(client).await;
    let probe = js(client, MEMORY).await;
    r.js_heap = probe["heap"].as_f64().unwrap_or(f64::NAN);
    r.wasm_memory = probe["wasm"].as_f64().unwrap_or(f64::NAN);
    // Done when the page has decoded one more answer and is no longer busy (the rows are
    // updated in place, so their elements say nothing).
    r.search_again = measure(
        client,
        &format!("window.__benchDecoded = {DECODED_COUNT}; {}", *SEARCH),
        &format!(
            "{DECODED_COUNT} > window.__benchDecoded && {} && {}",
            probe::IDLE,
            rows_at_least(n.min(PAGE_SIZE))
        ),
    )
    .await;

    let sort = &click(&css::sort_button("begin"));
    let sorted = |dir: &str| format!("{} === '{dir}'", probe::aria_sort("begin"));
    // The simulator answers in Begin order: ascending keeps the first page, descending
    // must change it.
    r.sort_asc = measure(client, sort, &sorted("ascending")).await;
    let desc = format!("{} && {}", sorted("descending"), changed(FIRST_BEGIN));
    r.sort_desc = measure(client, sort, &desc).await;
    r.next_page = measure(client, &click(css::NEXT_PAGE), &changed(FIRST_ROW_ID)).await;
    let filter = |needle: &str| {
        format!(
            "const e = document.querySelector({}); e.value = {}; \
             e.dispatchEvent(new Event('input', {{bubbles: true}}));",
            json!(css::QUICK_FILTER),
            json!(needle)
        )
    };
    r.filter_label = measure(client, &filter(FILTER_LABEL), &changed(STATUS)).await;
    r.filter_time = measure(client, &filter(FILTER_TIME), &changed(STATUS)).await;
    // A new search (the filter erased first), so the typing below starts as a person's
    // would: focus the filter, pause, type.
    measure(client, &filter(""), &changed(STATUS)).await;
    measure(
        client,
        &format!("window.__benchDecoded = {DECODED_COUNT}; {}", *SEARCH),
        &format!(
            "{DECODED_COUNT} > window.__benchDecoded && {} && {}",
            probe::IDLE,
            rows_at_least(n.min(PAGE_SIZE))
        ),
    )
    .await;
    (r.focus, r.keys) = typing::type_needles(client, &TYPED, SETTLE_MS).await;
    r.wasm_after_typing = js(client, MEMORY).await["wasm"]
        .as_f64()
        .unwrap_or(f64::NAN);
    r
}

async fn base_round(client: &Client, url: &str, query: &Value, n: usize) -> BaseRound {
    open_baseline(client, url, query).await;
    let first_page = measure(client, &SEARCH, &rows_at_least(n.min(PAGE_SIZE))).await;
    let phases = phases(client).await;
    let longest_task = longest_task(client).await;
    let probe = js(client, MEMORY).await;
    BaseRound {
        first_page,
        longest_task,
        phases,
        js_heap: probe["heap"].as_f64().unwrap_or(f64::NAN),
    }
}

const DECODED_COUNT: &str = "performance.getEntriesByName('cdr-answer-decoded').length";
/// Clicks Search (the baseline page's button has the app's selector).
static SEARCH: LazyLock<String> = LazyLock::new(|| click(css::SEARCH));
const FIRST_BEGIN: &str =
    "(document.querySelector('tbody tr td[data-column=begin]') || {}).textContent";
const FIRST_ROW_ID: &str = "(document.querySelector('tbody tr') || {}).id";
const STATUS: &str = probe::STATUS;

/// Garbage-collects, then reads the JS heap, the wasm memory and the answer's size.
const MEMORY: &str = "
    if (window.gc) { gc(); gc(); }
    const api = performance.getEntriesByType('resource')
        .filter(e => e.name.includes('queryCallManualDetailInfo')).pop();
    return {
        heap: performance.memory ? performance.memory.usedJSHeapSize : null,
        wasm: window.__benchWasm ? window.__benchWasm.memory.buffer.byteLength : null,
        body: api ? api.decodedBodySize : null,
    };";

fn rows_at_least(n: usize) -> String {
    format!("{} >= {n}", probe::ROW_COUNT)
}

/// A condition "this expression's value differs from what it was before the action".
fn changed(expr: &str) -> String {
    format!("(({expr}) !== before[{}])", json!(expr))
}

/// JS: `tick()` calls `finish()` once `cond()` holds, checked after the microtasks queued
/// so far and again after every change to the page.
const WAIT_UNTIL: &str = "
    const wait = () => {
        const obs = new MutationObserver(() => { obs.disconnect(); tick(); });
        obs.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
    };
    const tick = () => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => (cond() ? finish() : wait());
        ch.port2.postMessage(0);
    };";

/// Runs `action` and returns the milliseconds until `done_when` holds, the microtasks have
/// run and layout is done. `before` holds the values of the `changed` expressions.
async fn measure(client: &Client, action: &str, done_when: &str) -> f64 {
    let exprs = [FIRST_BEGIN, FIRST_ROW_ID, STATUS];
    let before = exprs
        .iter()
        .map(|e| format!("{}: {e}", json!(e)))
        .collect::<Vec<_>>()
        .join(", ");
    let script = format!(
        "const done = arguments[arguments.length - 1];
        const before = {{ {before} }};
        const cond = () => {{ try {{ return {done_when}; }} catch (e) {{ return false; }} }};
        let t0 = 0;
        const finish = () => {{ void document.body.offsetHeight; done(performance.now() - t0); }};
        {WAIT_UNTIL}
        t0 = performance.now();
        window.__benchT0 = t0;
        {action}
        tick();"
    );
    let value = client
        .execute_async(&script, vec![])
        .await
        .unwrap_or_else(|e| panic!("measuring `{action}` failed: {e}"));
    value.as_f64().unwrap_or(f64::NAN)
}

/// Milliseconds from the last [`measure`]'s action until `done_when` holds (checked after
/// every change to the page, as `measure` does).
async fn since_click(client: &Client, done_when: &str) -> f64 {
    let script = format!(
        "const done = arguments[arguments.length - 1];
        const cond = () => {{ try {{ return {done_when}; }} catch (e) {{ return false; }} }};
        const finish = () => {{ void document.body.offsetHeight; done(performance.now() - window.__benchT0); }};
        {WAIT_UNTIL}
        tick();"
    );
    let value = client
        .execute_async(&script, vec![])
        .await
        .unwrap_or_else(|e| panic!("waiting for `{done_when}` failed: {e}"));
    value.as_f64().unwrap_or(f64::NAN)
}

/// Starts recording long tasks (Long Tasks API, over 50 ms) in the open page.
const OBSERVE_LONG_TASKS: &str = "
    window.__longTasks = [];
    new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask' });";

/// The longest task since the last [`measure`]'s click, ms (0: none over 50 ms).
async fn longest_task(client: &Client) -> f64 {
    // The observer is called in a task of its own: let it run first.
    client
        .execute_async("const d = arguments[0]; setTimeout(d, 20);", vec![])
        .await
        .expect("settle");
    js(
        client,
        "return Math.max(0, ...(window.__longTasks || [])
            .filter(([start, duration]) => start + duration >= window.__benchT0)
            .map(([, duration]) => duration));",
    )
    .await
    .as_f64()
    .unwrap_or(f64::NAN)
}

/// A script that clicks the element `selector` (a synthetic click, timed from inside).
fn click(selector: &str) -> String {
    format!("document.querySelector({}).click();", json!(selector))
}

async fn js(client: &Client, script: &str) -> Value {
    client
        .execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Opens the app and fills the time range once it has loaded its configuration and its
/// deferred code (src/deferred.rs; the saved searches panel is part of it): a person takes
/// longer than that to fill the form, so the click measures the loaded app.
async fn open_app(client: &Client, url: &str, (begin, end): Range) {
    client.goto("about:blank").await.expect("blank");
    client.goto(url).await.expect("open the app");
    let loaded = [css::BEGIN, css::SEARCH, css::SAVED_SEARCHES]
        .map(|c| format!("document.querySelector({})", json!(c)))
        .join(" && ");
    wait_for(client, &loaded).await;
    for (id, value) in [(css::BEGIN, begin), (css::END, end)] {
        js(
            client,
            &format!(
                "const e = document.querySelector('{id}'); e.value = '{value}';
                 e.dispatchEvent(new Event('input', {{bubbles: true}}));
                 e.dispatchEvent(new Event('change', {{bubbles: true}}));"
            ),
        )
        .await;
    }
    js(client, OBSERVE_LONG_TASKS).await;
    // Let the form's reactive updates settle before the clock starts.
    client
        .execute_async("const d = arguments[0]; setTimeout(d, 50);", vec![])
        .await
        .expect("settle");
}

async fn open_baseline(client: &Client, url: &str, query: &Value) {
    client.goto("about:blank").await.expect("blank");
    client.goto(url).await.expect("open the baseline");
    wait_for(client, "document.querySelector('#head th')").await;
    js(client, OBSERVE_LONG_TASKS).await;
    client
        .execute("window.benchQuery = arguments[0];", vec![query.clone()])
        .await
        .expect("set the query");
}

async fn wait_for(client: &Client, probe: &str) {
    let script = format!("return !!({probe});");
    for _ in 0..600 {
        if js(client, &script).await == Value::Bool(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("page never reached: {probe}");
}

/// A temporary copy of the build, plus the baseline pages, a hook in the app's `index.html`
/// (it keeps the wasm exports for the memory probe and, on `#bench-…`, records the
/// requests), and the benchmark's `config.json` with `config` merged into it.
fn bench_site(dist: &Path, config: Value) -> TempSite {
    let site = TempSite::copy_of(dist);
    let dir = site.path();
    let index = std::fs::read_to_string(dir.join("index.html")).expect("read index.html");
    // The baseline page borrows the app's stylesheets, in the order the app's page links
    // them, so both draw the same table.
    let mut sheets: Vec<(usize, String)> = std::fs::read_dir(dir)
        .expect("read the copy")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".css"))
        .filter_map(|name| Some((index.find(&name)?, name)))
        .collect();
    sheets.sort();
    let stylesheets: String = sheets
        .iter()
        .map(|(_, name)| format!("<link rel=\"stylesheet\" href=\"/{name}\" />"))
        .collect();
    // The hook runs before the app's own scripts. Release HTML is minified, and without
    // its optional <head> tag: the hook goes before the first script.
    assert!(index.contains("<script"), "no script in index.html");
    let index = index.replacen(
        "<script",
        "<script src=\"/bench-hook.js\"></script><script",
        1,
    );
    std::fs::write(dir.join("index.html"), index).expect("write index.html");
    std::fs::write(dir.join("bench-hook.js"), HOOK).expect("write hook");
    let bench = repo_dir().join("bench");
    let page = std::fs::read_to_string(bench.join("baseline.html")).expect("bench/baseline.html");
    std::fs::write(
        dir.join("bench-baseline.html"),
        page.replace("<!--APP-CSS-->", &stylesheets),
    )
    .expect("write baseline");
    std::fs::copy(bench.join("baseline.js"), dir.join("bench-baseline.js")).expect("baseline.js");
    let page = std::fs::read_to_string(bench.join("slices.html")).expect("bench/slices.html");
    std::fs::write(
        dir.join("bench-slices.html"),
        page.replace("<!--APP-CSS-->", &stylesheets),
    )
    .expect("write the slices page");
    std::fs::copy(bench.join("slices.js"), dir.join("bench-slices.js")).expect("slices.js");
    let mut full = json!({ "token": TOKEN, "timeZone": "UTC", "subCcNo": "1", "vdn": "1",
        "pageSize": PAGE_SIZE, "locale": "en", "requestTimeoutSeconds": 600 });
    if let (Some(full), Some(extra)) = (full.as_object_mut(), config.as_object()) {
        full.extend(extra.clone());
    }
    site.write_config(&full);
    site
}

/// The hook. `#bench-capture`: records the first request (URL, headers, body) in
/// `__benchQuery` and every request's body in `__benchRequests`; `#bench-slices` also
/// reads each answer's `total` and record count (a second parse of every answer; `stopped`
/// when the app aborted it, as it does a slice whose `total` shows it is short). Both
/// cost the page time (a clone of every request): warm-up rounds only.
const HOOK: &str = "// Added to the app's index.html by the benchmark only.
addEventListener('TrunkApplicationStarted', (e) => { window.__benchWasm = e.detail.wasm; });
// Room for every answer's Resource Timing entry (Chromium keeps 250 by default).
performance.setResourceTimingBufferSize(100000);
const benchMode = location.hash;
if (benchMode === '#bench-capture' || benchMode === '#bench-slices') {
  const fetch0 = window.fetch;
  window.__benchRequests = [];
  window.fetch = function (input, init) {
    if (!(input instanceof Request && input.method === 'POST')) {
      return fetch0.apply(this, arguments);
    }
    const entry = { total: null, count: null };
    const first = window.__benchRequests.length === 0;
    window.__benchRequests.push(entry);
    const headers = {};
    input.headers.forEach((v, k) => { headers[k] = v; });
    input.clone().text().then((body) => {
      entry.body = body;
      if (first) { window.__benchQuery = { url: input.url, headers, body }; }
    });
    const answer = fetch0.apply(this, arguments);
    if (benchMode === '#bench-slices') {
      answer.then((r) => r.clone().json()).then((j) => {
        entry.total = Number(j.total);
        entry.count = Array.isArray(j.results) ? j.results.length : null;
      }, () => { entry.stopped = true; });
    }
    return answer;
  };
}
";

fn median(mut v: Vec<f64>) -> f64 {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

/// "min–max" of the rounds, ms.
fn spread(rounds: &[f64]) -> String {
    let min = rounds.iter().copied().fold(f64::INFINITY, f64::min);
    let max = rounds.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    format!("{min:.0}–{max:.0}")
}

fn mb(bytes: f64) -> String {
    format!("{:.1}", bytes / 1_048_576.0)
}

fn report(results: &[SizeResult], o: &Options, browser: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "Browser: {browser}\nRounds per size: {} (medians), app and baseline alternating\n\n",
        o.rounds
    ));
    out.push_str(
        "| records | answer | app: click → first page | baseline | app / baseline | target | app: all in | longest task: app / baseline | app: same search again |\n",
    );
    out.push_str("|---:|---:|---:|---:|---:|---|---:|---:|---:|\n");
    for r in results {
        let app_rounds: Vec<f64> = r.app.iter().map(|a| a.first_page).collect();
        let base_rounds: Vec<f64> = r.base.iter().map(|b| b.first_page).collect();
        let app = median(app_rounds.clone());
        let base = median(base_rounds.clone());
        let ratio = app / base;
        // Issue #17: the app starts drawing before the answer is all in, so it can beat a
        // page that must wait for the whole body.
        let target = match r.n {
            10_000 => verdict(ratio <= 1.2, "≤ 1.2×"),
            100_000 => verdict(ratio <= 0.8, "≤ 0.8×"),
            _ => "—".to_string(),
        };
        let again = median(r.app.iter().map(|a| a.search_again).collect());
        let all_in = median(r.app.iter().map(|a| a.all_in).collect());
        let app_task = median(r.app.iter().map(|a| a.longest_task).collect());
        let base_task = median(r.base.iter().map(|b| b.longest_task).collect());
        let task_ok = r.app.iter().all(|a| a.longest_task <= 100.0);
        out.push_str(&format!(
            "| {} | {} MB | {app:.0} ms ({}) | {base:.0} ms ({}) | {ratio:.2}× | {target} | {all_in:.0} ms | {} / {base_task:.0} ms | {again:.0} ms |\n",
            r.n,
            mb(r.body_bytes),
            spread(&app_rounds),
            spread(&base_rounds),
            flag(format!("{app_task:.0}"), r.n >= 100_000, task_ok),
        ));
    }
    out.push_str(
        "\nWhere the first page's time goes (medians, ms after the click: sent = the request \
         leaves; answer read = the body's text is in hand; decoded = parsed into records; \
         shown = rows on screen):\n\n\
         | records | app: sent | app: answer read | app: decoded | app: shown | baseline: sent | \
         baseline: answer read | baseline: parsed | baseline: shown |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in results {
        let a = |f: fn(&AppRound) -> f64| median(r.app.iter().map(f).collect());
        let b = |f: fn(&BaseRound) -> f64| median(r.base.iter().map(f).collect());
        out.push_str(&format!(
            "| {} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} |\n",
            r.n,
            a(|x| x.phases.sent),
            a(|x| x.phases.read),
            a(|x| x.phases.decoded),
            a(|x| x.first_page),
            b(|x| x.phases.sent),
            b(|x| x.phases.read),
            b(|x| x.phases.decoded),
            b(|x| x.first_page),
        ));
    }
    out.push_str("\n| records | sort by Begin ↑ | sort by Begin ↓ | next page | filter \"");
    out.push_str(FILTER_LABEL);
    out.push_str("\" | filter \"");
    out.push_str(FILTER_TIME);
    out.push_str("\" | JS heap (app) | wasm memory | app total | JS heap (baseline) |\n");
    out.push_str("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for r in results {
        let m = |f: fn(&AppRound) -> f64| median(r.app.iter().map(f).collect());
        let heap = m(|a| a.js_heap);
        let wasm = m(|a| a.wasm_memory);
        let total = heap + wasm;
        let big = r.n >= 100_000;
        let sort_asc = m(|a| a.sort_asc);
        let sort_desc = m(|a| a.sort_desc);
        let next = m(|a| a.next_page);
        out.push_str(&format!(
            "| {} | {} | {} | {} | {:.0} ms | {:.0} ms | {} MB | {} MB | {} | {} MB |\n",
            r.n,
            flag(format!("{sort_asc:.0} ms"), big, sort_asc < 200.0),
            flag(format!("{sort_desc:.0} ms"), big, sort_desc < 200.0),
            flag(format!("{next:.1} ms"), big, next < 16.0),
            m(|a| a.filter_label),
            m(|a| a.filter_time),
            mb(heap),
            mb(wasm),
            flag(
                format!("{} MB", mb(total)),
                big,
                total < 150.0 * 1_048_576.0
            ),
            mb(median(r.base.iter().map(|b| b.js_heap).collect())),
        ));
    }
    out.push_str(
        "\nTargets at 100,000 records: sort < 200 ms, page switch < 16 ms, memory (JS heap + \
         wasm) < 150 MB, no task over 100 ms in any round while the answer loads; ✓ met, ✗ missed.\n",
    );
    out.push_str(&format!(
        "\nQuick filter per keystroke: after a new search, focus the filter, wait {SETTLE_MS} ms, \
         type {} one character at a time (erased before each), sorted by Begin descending. \
         Work = main-thread time of the keystroke's input event and every timer callback it \
         led to (with their microtasks and a forced layout); latency = keystroke to the end of \
         the last one (the typing pause plus work). Per round the median and the largest \
         keystroke; medians over rounds (min–max).\n\n\
         | records | work per keystroke | largest keystroke | latency per keystroke | focus: work (longest task) | wasm memory after typing |\n\
         |---:|---:|---:|---:|---:|---:|\n",
        TYPED.map(|t| format!("{t:?}")).join(" and ")
    ));
    for r in results {
        let per_round = |f: &dyn Fn(&AppRound) -> f64| {
            let v: Vec<f64> = r.app.iter().map(f).collect();
            let (lo, hi) = v
                .iter()
                .fold((f64::MAX, f64::MIN), |(lo, hi), &x| (lo.min(x), hi.max(x)));
            format!("{:.1} ms ({lo:.1}–{hi:.1})", median(v))
        };
        let keys = |a: &AppRound, f: fn(&typing::Step) -> f64| -> Vec<f64> {
            a.keys.iter().map(f).collect()
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} ({:.0} ms) | {} MB |\n",
            r.n,
            per_round(&|a| median(keys(a, |k| k.work))),
            per_round(&|a| keys(a, |k| k.work).into_iter().fold(0.0, f64::max)),
            per_round(&|a| median(keys(a, |k| k.latency))),
            per_round(&|a| a.focus.work),
            median(r.app.iter().map(|a| a.focus.longest).collect()),
            mb(median(r.app.iter().map(|a| a.wasm_after_typing).collect())),
        ));
    }
    out
}

fn verdict(ok: bool, what: &str) -> String {
    format!("{} {what}", if ok { "✓" } else { "✗" })
}

fn flag(text: String, applies: bool, ok: bool) -> String {
    if applies {
        format!("{text} {}", if ok { "✓" } else { "✗" })
    } else {
        text
    }
}
