//! `bench --complete`: complete results (issue #16, item 9). For each size N the simulator
//! holds N records over 7 days and returns at most 5,000 per answer; a 7-day search is
//! capped, so the app loads the range slice by slice (`src/results/complete.rs`), at most
//! `maxConcurrentRequests` (3) requests in flight.
//!
//! Each round, on freshly loaded pages, in alternating order:
//!
//! - **app**: click Search; the time until the first 20 rows are on screen, the time until
//!   `#load-outcome` is there (it must say "All N calls loaded." with N the first answer's
//!   `total`), the peak of JS heap + wasm memory (sampled every 100 ms, no GC forced), the
//!   longest main-thread task between the click and the outcome (Long Tasks API), and the
//!   number of requests;
//! - **one capped answer**: the baseline page (`bench/baseline.html`) sending the app's first
//!   request: its time to the first 20 rows is what the app's first rows are held to;
//! - **plain script**: `bench/slices.html` fetching the slices the app's load kept (the
//!   whole ones, captured in a warm-up round), with the same concurrency, `JSON.parse`
//!   of each answer and nothing else: its time is the lower bound for "complete".

use std::time::Instant;

use cdr_e2e::browser::Cdp;
use cdr_e2e::page::css;
use cdr_e2e::Simulator;
use fantoccini::Client;
use serde_json::{json, Value};

use super::{
    base_round, bench_site, js, mb, measure, median, open_app, open_baseline, verdict, wait_for,
    Options, Range, PAGE_SIZE, SEARCH, TOKEN,
};

/// The service's cap: records per answer.
const CAP: &str = "5000";
/// Requests in flight, for the app (`maxConcurrentRequests`) and the plain script.
const CONCURRENCY: u64 = 3;
/// The simulator's data spans 7 days ending 2026-11-28T00:00Z (its default end).
const DAYS: &str = "7";
/// The search: those 7 days, in the configured zone (UTC).
const RANGE: Range = ("2026-11-21T00:00", "2026-11-28T00:00");

/// Targets from issue #16, item 9.
const FIRST_ROWS_RATIO: f64 = 1.2;
const COMPLETE_RATIO: f64 = 1.3;
const MEMORY_AT_MILLION_BYTES: f64 = 300.0 * 1_048_576.0;
const LONGEST_TASK_MS: f64 = 200.0;

/// What one app round measured (ms, bytes).
struct AppRound {
    /// Click → the first 20 rows on screen.
    first_rows: f64,
    /// Click → `#load-outcome` on screen.
    complete: f64,
    outcome: String,
    /// Peaks of the 100 ms samples between the click and the outcome.
    peak_heap: f64,
    peak_wasm: f64,
    peak_total: f64,
    /// After the load, two `gc()`: what stays.
    after_heap: f64,
    after_wasm: f64,
    /// Long tasks (over 50 ms) overlapping click → outcome: the longest, how many, their
    /// sum, and how many were over 200 ms.
    longest_task: f64,
    /// When the longest task started (ms after the click).
    longest_at: f64,
    long_tasks: f64,
    long_total: f64,
    over_limit: f64,
    requests: usize,
    /// `cdr-answer-decoded` marks: answers the app decoded.
    decoded: f64,
    /// Where the time goes (ms after the click): the first answer's body in hand
    /// (`cdr-answer-read`) and decoded (`cdr-answer-decoded`); answers decoded before the
    /// first rows showed; the sum of every answer's decoding (read → decoded: one task).
    first_read: f64,
    first_decoded: f64,
    decoded_before_rows: f64,
    decoding: f64,
    /// The API answers' traffic (see [`TRAFFIC`]).
    traffic: Traffic,
    /// Whether as many requests were sent as in the warm-up round.
    same_slices: bool,
}

/// The API answers since the click, from Resource Timing: how many, their decoded bytes,
/// the sum of each one's time from fetch start to its body's end (ms), the most in flight
/// at once, and the time (ms) from the click to the last body's end with none in flight.
#[derive(Clone, Copy)]
struct Traffic {
    answers: f64,
    bytes: f64,
    busy: f64,
    peak: f64,
    none: f64,
}

impl Traffic {
    fn from(v: &Value) -> Traffic {
        let f = |key: &str| v[key].as_f64().unwrap_or(f64::NAN);
        Traffic {
            answers: f("answers"),
            bytes: f("bytes"),
            busy: f("busy"),
            peak: f("peak"),
            none: f("none"),
        }
    }
}

/// A JS expression for [`Traffic`] since `window.__benchT0`.
const TRAFFIC: &str = "(() => {
    const es = performance.getEntriesByType('resource').filter((e) =>
        e.name.includes('queryCallManualDetailInfo') && e.startTime >= window.__benchT0);
    const events = [];
    for (const e of es) events.push([e.startTime, 1], [e.responseEnd, -1]);
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let now = 0, peak = 0, none = 0, last = window.__benchT0;
    for (const [t, d] of events) {
        if (now === 0) none += t - last;
        now += d;
        peak = Math.max(peak, now);
        last = t;
    }
    return {
        peak,
        none,
        answers: es.length,
        bytes: es.reduce((a, e) => a + e.decodedBodySize, 0),
        busy: es.reduce((a, e) => a + (e.responseEnd - e.startTime), 0),
    };
})()";

/// What one plain-script round measured.
struct PlainRound {
    time: f64,
    traffic: Traffic,
}

struct SizeResult {
    n: usize,
    /// The first answer's `total` and the records it held.
    counted: u64,
    first_records: u64,
    /// Requests of the warm-up load, and the whole slices among them.
    warm_requests: usize,
    slices: usize,
    /// The calls those slices hold (more than `counted` by the calls at slice edges).
    held: u64,
    app: Vec<AppRound>,
    /// Click → 20 rows, the baseline page with the app's first request.
    single: Vec<f64>,
    /// Click → every slice parsed, the plain script.
    plain: Vec<PlainRound>,
    /// With `--cpu-profile`: where a profiled app round's and plain round's main-thread
    /// time went.
    profile: Option<(ProfileSummary, ProfileSummary)>,
}

/// Runs every size and returns the Markdown report.
pub async fn run(client: &Client, o: &Options, browser: &str) -> String {
    let mut results = Vec::new();
    for &n in &o.sizes {
        results.push(run_size(client, o, n).await);
    }
    report(&results, browser, &o.cap_order)
}

fn rounds_for(o: &Options, n: usize) -> usize {
    if n >= 1_000_000 {
        o.rounds_big.unwrap_or(o.rounds)
    } else {
        o.rounds
    }
}

async fn run_size(client: &Client, o: &Options, n: usize) -> SizeResult {
    let rounds = rounds_for(o, n);
    eprintln!(
        "bench --complete: {n} records over {DAYS} days, cap {CAP} (--cap-order {}), {rounds} rounds",
        o.cap_order
    );
    let site = bench_site(&o.dist, json!({ "maxConcurrentRequests": CONCURRENCY }));
    let n_text = n.to_string();
    let dist = site.path().display().to_string();
    let started = Instant::now();
    let sim = Simulator::start(&[
        "--quiet",
        "--token",
        TOKEN,
        "--records",
        &n_text,
        "--days",
        DAYS,
        "--max-results",
        CAP,
        "--vdn",
        "1",
        "--cap-order",
        &o.cap_order,
        "--dist",
        &dist,
    ])
    .await;
    eprintln!(
        "  simulator ready in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let url = sim.url();
    let base_url = format!("{url}bench-baseline.html");
    let slices_url = format!("{url}bench-slices.html");

    // Warm-up: a load whose every answer is read twice (the hook parses them too), to learn
    // the first request, the first answer's total and the slices the load kept.
    open_app(client, &format!("{url}#bench-slices"), RANGE).await;
    let warm = app_load(client).await;
    wait_for(
        client,
        "window.__benchRequests.every(e => (e.total !== null || e.stopped) && e.body !== undefined)",
    )
    .await;
    let requests = js(client, "return window.__benchRequests;").await;
    let requests = requests.as_array().cloned().unwrap_or_default();
    let query = js(client, "return window.__benchQuery;").await;
    let number = |e: &Value, key: &str| e[key].as_u64().unwrap_or(0);
    let counted = requests.first().map_or(0, |e| number(e, "total"));
    let first_records = requests.first().map_or(0, |e| number(e, "count"));
    // The slices the load kept: every later request answered whole (a short one was split,
    // and one the app stopped once its total showed it short has no total).
    let kept: Vec<&Value> = requests
        .iter()
        .skip(1)
        .filter(|e| !e["total"].is_null() && number(e, "count") == number(e, "total"))
        .collect();
    let kept_sum: u64 = kept.iter().map(|e| number(e, "total")).sum();
    eprintln!(
        "  warm-up: first rows {:.0} ms, complete {:.0} ms: {:?}; {} requests, {} whole slices holding {kept_sum} of {counted} calls (first answer {first_records})",
        warm.first_rows,
        warm.complete,
        warm.outcome,
        requests.len(),
        kept.len()
    );
    assert!(
        counted > first_records,
        "the first answer is not capped: {first_records} of {counted}"
    );
    // The simulator reads `endDate` as inclusive: a call at a slice's end is counted by
    // both neighbours (the app drops the copy; the plain script keeps it).
    assert!(
        kept_sum >= counted,
        "the whole slices hold {kept_sum} calls, fewer than the first answer's {counted}"
    );
    let slices = json!({
        "url": query["url"],
        "headers": query["headers"],
        "bodies": kept.iter().map(|e| e["body"].clone()).collect::<Vec<_>>(),
        "concurrency": CONCURRENCY,
    });
    open_baseline(client, &base_url, &query).await;
    measure(client, &SEARCH, &super::rows_at_least(PAGE_SIZE)).await;
    let plain = plain_round(client, &slices_url, &slices, kept_sum).await;
    eprintln!("  warm-up: plain script {:.0} ms", plain.time);

    let mut result = SizeResult {
        n,
        counted,
        first_records,
        warm_requests: requests.len(),
        slices: kept.len(),
        held: kept_sum,
        profile: None,
        app: Vec::new(),
        single: Vec::new(),
        plain: Vec::new(),
    };
    for round in 0..rounds {
        // Alternate the order, so neither page always runs on a warmer browser.
        let app_first = round % 2 == 0;
        if app_first {
            result
                .app
                .push(app_round(client, &url, counted, requests.len()).await);
        }
        let single = base_round(client, &base_url, &query, PAGE_SIZE).await;
        result.single.push(single.first_page);
        result
            .plain
            .push(plain_round(client, &slices_url, &slices, kept_sum).await);
        if !app_first {
            result
                .app
                .push(app_round(client, &url, counted, requests.len()).await);
        }
        let (a, s, p) = (
            result.app.last().expect("a round"),
            single.first_page,
            result.plain.last().map_or(f64::NAN, |p| p.time),
        );
        eprintln!(
            "  round {}: app first rows {:.0} ms, complete {:.0} ms, peak {} MB (heap {} + wasm {}), after gc {} MB, longest task {:.0} ms ({} long tasks, {:.0} ms in all), {} requests{}; one capped answer {s:.0} ms; plain script {p:.0} ms",
            round + 1,
            a.first_rows,
            a.complete,
            mb(a.peak_total),
            mb(a.peak_heap),
            mb(a.peak_wasm),
            mb(a.after_heap + a.after_wasm),
            a.longest_task,
            a.long_tasks,
            a.long_total,
            a.requests,
            if a.same_slices { "" } else { " (not as many as in the warm-up)" },
        );
    }
    if let Some(dir) = &o.cpu_profile {
        result.profile =
            Some(profile_rounds(client, &url, &slices_url, &slices, kept_sum, dir, n).await);
    }
    // Leave a blank page so the old one's memory is not counted in the next size.
    let _ = client.goto("about:blank").await;
    drop(sim);
    result
}

/// An app round. No `fetch` wrapper here: cloning each request to read its body cost the
/// page about a millisecond per request (a DevTools CPU profile showed it), so requests
/// are counted from Resource Timing.
async fn app_round(client: &Client, url: &str, counted: u64, warm_requests: usize) -> AppRound {
    open_app(client, url, RANGE).await;
    let mut r = app_load(client).await;
    assert!(
        r.outcome.starts_with("All ") && first_number(&r.outcome) == Some(counted),
        "the load did not end with all {counted} calls: {:?}",
        r.outcome
    );
    r.requests = r.traffic.answers as usize;
    r.same_slices = r.requests == warm_requests;
    let probe = js(client, super::MEMORY).await;
    r.after_heap = probe["heap"].as_f64().unwrap_or(f64::NAN);
    r.after_wasm = probe["wasm"].as_f64().unwrap_or(f64::NAN);
    r
}

/// Clicks Search on the opened app and measures the load (see [`AppRound`]).
async fn app_load(client: &Client) -> AppRound {
    let script = format!(
        "const done = arguments[arguments.length - 1];
        const rows = () => document.querySelectorAll('tbody tr').length >= {PAGE_SIZE};
        const outcome = () => {{
            const e = document.querySelector({outcome});
            return e ? e.textContent : null;
        }};
        const tasks = [];
        const po = new PerformanceObserver((list) => {{
            for (const e of list.getEntries()) tasks.push([e.startTime, e.duration]);
        }});
        po.observe({{ type: 'longtask', buffered: true }});
        const peak = {{ heap: 0, wasm: 0, total: 0 }};
        const sample = () => {{
            const heap = performance.memory.usedJSHeapSize;
            const wasm = window.__benchWasm ? window.__benchWasm.memory.buffer.byteLength : 0;
            peak.heap = Math.max(peak.heap, heap);
            peak.wasm = Math.max(peak.wasm, wasm);
            peak.total = Math.max(peak.total, heap + wasm);
        }};
        let t0 = 0;
        let first = null;
        const finish = (text) => {{
            void document.body.offsetHeight;
            const end = performance.now() - t0;
            clearInterval(timer);
            sample();
            // A long task's entry arrives after the task: collect them a little later.
            setTimeout(() => {{
                const marks = (name) => performance.getEntriesByName(name)
                    .map((e) => e.startTime - t0).filter((t) => t >= 0);
                const read = marks('cdr-answer-read');
                const decoded = marks('cdr-answer-decoded');
                let decoding = 0;
                for (let i = 0; i < Math.min(read.length, decoded.length); i++) {{
                    decoding += decoded[i] - read[i];
                }}
                for (const e of po.takeRecords()) tasks.push([e.startTime, e.duration]);
                po.disconnect();
                const during = tasks.filter(([s, d]) => s + d > t0 && s < t0 + end);
                const longest = during.reduce((a, t) => (t[1] > a[1] ? t : a), [t0, 0]);
                done({{
                    traffic: {TRAFFIC},
                    longestAt: longest[0] - t0,
                    first, complete: end, outcome: text, peak,
                    longest: longest[1],
                    count: during.length,
                    total: during.reduce((a, t) => a + t[1], 0),
                    over: during.filter((t) => t[1] > {LONGEST_TASK_MS}).length,
                    decoded: decoded.length,
                    firstRead: read.length ? read[0] : null,
                    firstDecoded: decoded.length ? decoded[0] : null,
                    decodedBeforeRows: decoded.filter((t) => first !== null && t <= first).length,
                    decoding,
                }});
            }}, 500);
        }};
        const check = () => {{
            if (first === null && rows()) {{
                void document.body.offsetHeight;
                first = performance.now() - t0;
            }}
            const text = outcome();
            if (text !== null) finish(text); else wait();
        }};
        const wait = () => {{
            const obs = new MutationObserver(() => {{ obs.disconnect(); tick(); }});
            obs.observe(document.body, {{ childList: true, subtree: true, attributes: true, characterData: true }});
        }};
        const tick = () => {{
            const ch = new MessageChannel();
            ch.port1.onmessage = check;
            ch.port2.postMessage(0);
        }};
        sample();
        const timer = setInterval(sample, 100);
        t0 = performance.now();
        window.__benchT0 = t0;
        {search}
        tick();",
        outcome = json!(css::LOAD_OUTCOME),
        search = *SEARCH,
    );
    let v = client
        .execute_async(&script, vec![])
        .await
        .unwrap_or_else(|e| panic!("measuring the load failed: {e}"));
    let f = |key: &str| v[key].as_f64().unwrap_or(f64::NAN);
    AppRound {
        first_rows: f("first"),
        complete: f("complete"),
        outcome: v["outcome"].as_str().unwrap_or_default().to_string(),
        peak_heap: v["peak"]["heap"].as_f64().unwrap_or(f64::NAN),
        peak_wasm: v["peak"]["wasm"].as_f64().unwrap_or(f64::NAN),
        peak_total: v["peak"]["total"].as_f64().unwrap_or(f64::NAN),
        after_heap: f64::NAN,
        after_wasm: f64::NAN,
        longest_task: f("longest"),
        longest_at: f("longestAt"),
        traffic: Traffic::from(&v["traffic"]),
        long_tasks: f("count"),
        long_total: f("total"),
        over_limit: f("over"),
        requests: 0,
        decoded: f("decoded"),
        first_read: f("firstRead"),
        first_decoded: f("firstDecoded"),
        decoded_before_rows: f("decodedBeforeRows"),
        decoding: f("decoding"),
        same_slices: true,
    }
}

/// The plain script's round: click → every slice fetched and parsed (ms). Checks it got
/// the `held` records the slices hold.
async fn plain_round(client: &Client, url: &str, slices: &Value, held: u64) -> PlainRound {
    open_plain(client, url, slices).await;
    run_plain(client, held).await
}

async fn open_plain(client: &Client, url: &str, slices: &Value) {
    client.goto("about:blank").await.expect("blank");
    client.goto(url).await.expect("open the slices page");
    wait_for(client, "document.querySelector('form.query button')").await;
    client
        .execute("window.benchSlices = arguments[0];", vec![slices.clone()])
        .await
        .expect("set the slices");
}

async fn run_plain(client: &Client, held: u64) -> PlainRound {
    let status = "document.querySelector('#search-status').textContent";
    let t = measure(client, &SEARCH, &format!("{status}.startsWith('All ')")).await;
    let text = js(client, &format!("return {status};")).await;
    let text = text.as_str().unwrap_or_default();
    assert_eq!(
        first_number(text),
        Some(held),
        "the plain script did not load every call: {text:?}"
    );
    PlainRound {
        time: t,
        traffic: Traffic::from(&js(client, &format!("return {TRAFFIC};")).await),
    }
}

/// The first number in `text` (digits with `,` separators): "All 1,000,000 calls loaded."
fn first_number(text: &str) -> Option<u64> {
    text.chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()
}

/// `median (min–max)` of `values`, formatted by `f`.
fn spread(values: &[f64], f: impl Fn(f64) -> String) -> String {
    let finite: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    let min = finite.iter().copied().fold(f64::INFINITY, f64::min);
    let max = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let m = median(finite.clone());
    if finite.len() < 2 {
        f(m)
    } else {
        format!("{} ({}–{})", f(m), f(min), f(max))
    }
}

fn report(results: &[SizeResult], browser: &str, cap_order: &str) -> String {
    let ms = |x: f64| format!("{x:.0} ms");
    let megabytes = |x: f64| format!("{} MB", mb(x));
    let count = |x: f64| format!("{x:.0}");
    let mut out = format!(
        "Browser: {browser}\nComplete results: N records over {DAYS} days (2026-11-21..28 UTC), \
         at most {CAP} per answer (`--cap-order {cap_order}`), {CONCURRENCY} requests in flight. Medians (min–max) of the \
         rounds; app, one capped answer and plain script alternating.\n"
    );
    for r in results {
        let a = |f: fn(&AppRound) -> f64| r.app.iter().map(f).collect::<Vec<f64>>();
        let first = median(a(|x| x.first_rows));
        let single = median(r.single.clone());
        let complete = median(a(|x| x.complete));
        let p = |f: fn(&PlainRound) -> f64| r.plain.iter().map(f).collect::<Vec<f64>>();
        let plain = median(p(|x| x.time));
        let peak = median(a(|x| x.peak_total));
        let worst = a(|x| x.longest_task)
            .into_iter()
            .fold(f64::NEG_INFINITY, f64::max);
        let requests = a(|x| x.requests as f64);
        let same = r.app.iter().all(|x| x.same_slices);
        out.push_str(&format!(
            "\n### {} records ({} rounds)\n\nThe first answer: {} of {} calls; the load: {} \
             requests in the warm-up, {} whole slices kept, holding {} calls{}.\n\n\
             | measure | app | bound | app / bound | target |\n|---|---:|---:|---:|---|\n",
            r.n,
            r.app.len(),
            r.first_records,
            r.counted,
            r.warm_requests,
            r.slices,
            r.held,
            if same {
                ", as many requests in every round"
            } else {
                "; some rounds sent another number of requests"
            },
        ));
        out.push_str(&format!(
            "| click → first 20 rows (bound: one capped answer, plain page) | {} | {} | {:.2}× | {} |\n",
            spread(&a(|x| x.first_rows), ms),
            spread(&r.single, ms),
            first / single,
            verdict(first / single <= FIRST_ROWS_RATIO, "≤ 1.2×"),
        ));
        out.push_str(&format!(
            "| click → \"All {} calls loaded.\" (bound: plain script, the {} slices, {CONCURRENCY} in flight) | {} | {} | {:.2}× | {} |\n",
            r.counted,
            r.slices,
            spread(&a(|x| x.complete), ms),
            spread(&p(|x| x.time), ms),
            complete / plain,
            verdict(complete / plain <= COMPLETE_RATIO, "≤ 1.3×"),
        ));
        let memory_target = if r.n >= 1_000_000 {
            verdict(peak <= MEMORY_AT_MILLION_BYTES, "≤ 300 MB")
        } else {
            "— (≤ 300 MB at 1,000,000)".to_string()
        };
        out.push_str(&format!(
            "| peak memory while loading (JS heap + wasm, sampled every 100 ms) | {} | | | {memory_target} |\n",
            spread(&a(|x| x.peak_total), megabytes),
        ));
        out.push_str(&format!(
            "| of which JS heap / wasm memory at their peaks | {} / {} | | | |\n",
            spread(&a(|x| x.peak_heap), megabytes),
            spread(&a(|x| x.peak_wasm), megabytes),
        ));
        out.push_str(&format!(
            "| memory after the load (two `gc()`) | {} | | | |\n",
            spread(&a(|x| x.after_heap + x.after_wasm), megabytes),
        ));
        out.push_str(&format!(
            "| longest main-thread task, click → outcome (it started at) | {} (at {}) | | | {} |\n",
            spread(&a(|x| x.longest_task), ms),
            spread(&a(|x| x.longest_at), ms),
            verdict(worst <= LONGEST_TASK_MS, "≤ 200 ms (every round)"),
        ));
        out.push_str(&format!(
            "| long tasks (> 50 ms): how many / their sum / over 200 ms | {} / {} / {} | | | |\n",
            spread(&a(|x| x.long_tasks), count),
            spread(&a(|x| x.long_total), ms),
            spread(&a(|x| x.over_limit), count),
        ));
        out.push_str(&format!(
            "| requests (answers decoded) | {} ({}) | {} | | |\n",
            spread(&requests, count),
            spread(&a(|x| x.decoded), count),
            r.slices,
        ));
        out.push_str(&format!(
            "| API answers: MB in all (decoded body bytes) | {} | {} | | |\n",
            spread(&a(|x| x.traffic.bytes), megabytes),
            spread(&p(|x| x.traffic.bytes), megabytes),
        ));
        out.push_str(&format!(
            "| API answers: mean time per request, fetch start → body end | {} | {} | | |\n",
            spread(&a(|x| x.traffic.busy / x.traffic.answers), ms),
            spread(&p(|x| x.traffic.busy / x.traffic.answers), ms),
        ));
        out.push_str(&format!(
            "| requests in flight: the most at once; time with none, click → last answer | {} ; {} | {} ; {} | | |\n",
            spread(&a(|x| x.traffic.peak), count),
            spread(&a(|x| x.traffic.none), ms),
            spread(&p(|x| x.traffic.peak), count),
            spread(&p(|x| x.traffic.none), ms),
        ));
        out.push_str(&format!(
            "| requests in flight on average (their times' sum / click → end) | {} | {} | | |\n",
            spread(&a(|x| x.traffic.busy / x.complete), |x| format!("{x:.2}")),
            spread(&p(|x| x.traffic.busy / x.time), |x| format!("{x:.2}")),
        ));
        if let Some((app, plain)) = &r.profile {
            out.push_str(&format!(
                "\nOne more round of each under the DevTools CPU profiler (0.25 ms samples; not \
                 in the medians): app {:.0} ms, plain script {:.0} ms, click → end. Main-thread \
                 self time by category (ms):\n\n| where | app | plain script |\n|---|---:|---:|\n",
                app.wall, plain.wall
            ));
            let mut names: Vec<&String> = app.categories.iter().map(|(c, _)| c).collect();
            for (c, _) in &plain.categories {
                if !names.contains(&c) {
                    names.push(c);
                }
            }
            let of = |p: &ProfileSummary, c: &String| {
                p.categories
                    .iter()
                    .find(|(k, _)| k == c)
                    .map_or(0.0, |(_, ms)| *ms)
            };
            for c in names {
                out.push_str(&format!(
                    "| {c} | {:.0} | {:.0} |\n",
                    of(app, c),
                    of(plain, c)
                ));
            }
            out.push_str(
                "\nThe app's 15 functions with the most self time (wasm functions are nameless \
                 in a release build):\n\n| function | self ms |\n|---|---:|\n",
            );
            for (what, ms) in &app.top {
                out.push_str(&format!("| `{what}` | {ms:.0} |\n"));
            }
        }
        out.push_str(&format!(
            "\nWhere the app's time goes (ms after the click): the first answer read {}, \
             decoded {}, first rows {} ({} answers decoded by then); every answer's decoding \
             (`cdr-answer-read` → `cdr-answer-decoded`) {} in all.\n",
            spread(&a(|x| x.first_read), ms),
            spread(&a(|x| x.first_decoded), ms),
            spread(&a(|x| x.first_rows), ms),
            spread(&a(|x| x.decoded_before_rows), count),
            spread(&a(|x| x.decoding), ms),
        ));
    }
    out.push_str(
        "\nTargets (issue #16): first rows within 1.2× of one capped answer; complete within \
         1.3× of the plain script; 1,000,000 records ≤ 300 MB; no main-thread task over 200 ms \
         while loading. ✓ met, ✗ missed.\n",
    );
    out
}

async fn devtools(client: &Client, cmd: &'static str, params: Value) -> Value {
    client
        .issue_cmd(Cdp { cmd, params })
        .await
        .unwrap_or_else(|e| panic!("DevTools {cmd}: {e}"))
}

/// Where a CPU profile's time went: milliseconds of self time per category and the
/// functions with the most self time.
pub struct ProfileSummary {
    wall: f64,
    categories: Vec<(String, f64)>,
    top: Vec<(String, f64)>,
}

/// Starts the DevTools CPU profiler (0.25 ms samples).
pub async fn start_profile(client: &Client) {
    devtools(client, "Profiler.enable", json!({})).await;
    devtools(
        client,
        "Profiler.setSamplingInterval",
        json!({ "interval": 250 }),
    )
    .await;
    devtools(client, "Profiler.start", json!({})).await;
}

/// Stops the profiler, saves the profile as `dir/name.cpuprofile` (Chrome's Performance
/// panel opens it) and sums its self time.
pub async fn stop_profile(
    client: &Client,
    dir: &std::path::Path,
    name: &str,
    wall: f64,
) -> ProfileSummary {
    let stopped = devtools(client, "Profiler.stop", json!({})).await;
    devtools(client, "Profiler.disable", json!({})).await;
    let profile = &stopped["profile"];
    let path = dir.join(format!("{name}.cpuprofile"));
    if let Err(e) =
        std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, profile.to_string()))
    {
        eprintln!("  could not save {}: {e}", path.display());
    } else {
        eprintln!("  CPU profile saved: {}", path.display());
    }
    summarize_profile(profile, wall)
}

/// One more app round and one more plain-script round under the CPU profiler (not counted
/// in the medians: the profiler slows the page).
async fn profile_rounds(
    client: &Client,
    url: &str,
    slices_url: &str,
    slices: &Value,
    held: u64,
    dir: &std::path::Path,
    n: usize,
) -> (ProfileSummary, ProfileSummary) {
    open_app(client, url, RANGE).await;
    start_profile(client).await;
    let round = app_load(client).await;
    let app = stop_profile(client, dir, &format!("complete-{n}-app"), round.complete).await;
    // The plain page is opened before the profiler starts, as the app is.
    let plain = plain_round_profiled(client, slices_url, slices, held, dir, n).await;
    (app, plain)
}

async fn plain_round_profiled(
    client: &Client,
    url: &str,
    slices: &Value,
    held: u64,
    dir: &std::path::Path,
    n: usize,
) -> ProfileSummary {
    open_plain(client, url, slices).await;
    start_profile(client).await;
    let round = run_plain(client, held).await;
    stop_profile(client, dir, &format!("complete-{n}-plain"), round.time).await
}

fn summarize_profile(profile: &Value, wall: f64) -> ProfileSummary {
    use std::collections::HashMap;
    let empty = Vec::new();
    let nodes = profile["nodes"].as_array().unwrap_or(&empty);
    let frames: HashMap<u64, (String, String)> = nodes
        .iter()
        .filter_map(|node| {
            let frame = &node["callFrame"];
            let name = frame["functionName"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let url = frame["url"].as_str().unwrap_or_default();
            let file = url.rsplit('/').next().unwrap_or_default().to_string();
            Some((node["id"].as_u64()?, (name, file)))
        })
        .collect();
    let samples = profile["samples"].as_array().unwrap_or(&empty);
    let deltas = profile["timeDeltas"].as_array().unwrap_or(&empty);
    let mut by_function: HashMap<(String, String), f64> = HashMap::new();
    let mut by_category: HashMap<String, f64> = HashMap::new();
    // A sample's time is the delta to the next sample.
    for (i, sample) in samples.iter().enumerate() {
        let ms = deltas.get(i + 1).and_then(Value::as_f64).unwrap_or(0.0) / 1000.0;
        let Some((name, file)) = sample.as_u64().and_then(|id| frames.get(&id)) else {
            continue;
        };
        let category = if name.starts_with('(') {
            name.clone()
        } else if file.ends_with(".wasm") {
            "wasm".to_string()
        } else if file.starts_with("cdr-explorer-") {
            "JS: the wasm-bindgen glue".to_string()
        } else if file.is_empty() {
            "JS: browser built-ins".to_string()
        } else {
            format!("JS: {file}")
        };
        *by_category.entry(category).or_default() += ms;
        *by_function.entry((name.clone(), file.clone())).or_default() += ms;
    }
    let mut categories: Vec<(String, f64)> = by_category.into_iter().collect();
    categories.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut top: Vec<(String, f64)> = by_function
        .into_iter()
        .map(|((name, file), ms)| {
            let name = if name.is_empty() {
                "(anonymous)".into()
            } else {
                name
            };
            (
                if file.is_empty() {
                    name
                } else {
                    format!("{name} ({file})")
                },
                ms,
            )
        })
        .collect();
    top.sort_by(|a, b| b.1.total_cmp(&a.1));
    top.truncate(15);
    ProfileSummary {
        wall,
        categories,
        top,
    }
}
