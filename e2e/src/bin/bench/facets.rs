//! The result filters' main-thread work per chip click (issue #18: "recomputing KPIs and
//! filters after a chip click at 100,000 records ≤ 50 ms"). After one search with every
//! record in, each round clicks the Abandoned chip (the filters narrow) and then All (they
//! widen), timed as [`typing`](super::typing) times a keystroke: the click's own task and
//! its microtasks (where Leptos recomputes the filters, the counts and the page's rows, and
//! the summary's statistics and key figures while it shows), a forced layout, and any timer
//! it leads to. First with the table showing, then with the summary (its charts and KPI
//! strip recompute on every click).

use fantoccini::Client;
use serde_json::json;

use super::typing::{step, Step};
use super::{
    bench_site, click, js, measure, median, open_app, rows_at_least, spread, wait_for, Options,
    DECODED_COUNT, PAGE_SIZE, RANGE, SEARCH,
};
use cdr_e2e::page::{css, js as probe};

const NARROW: &str = "#filters .chip[data-outcome=abandoned]";
const WIDEN: &str = "#filters .chip[data-outcome=all]";

/// One size's rounds: per view (table, summary), the narrowing and widening clicks.
struct SizeResult {
    n: usize,
    table: Vec<(Step, Step)>,
    summary: Vec<(Step, Step)>,
}

pub async fn run(client: &Client, o: &Options, browser: &str) -> String {
    let mut results = Vec::new();
    for &n in &o.sizes {
        eprintln!("bench --facets: {n} records, {} rounds", o.rounds);
        results.push(run_size(client, o, n).await);
    }
    report(&results, o, browser)
}

async fn run_size(client: &Client, o: &Options, n: usize) -> SizeResult {
    let site = bench_site(&o.dist, json!({}));
    let sim = super::start_sim(&site, n).await;
    open_app(client, &sim.url(), RANGE).await;
    measure(
        client,
        &SEARCH,
        &format!(
            "{DECODED_COUNT} > 0 && {} && {}",
            probe::IDLE,
            rows_at_least(n.min(PAGE_SIZE))
        ),
    )
    .await;
    wait_for(
        client,
        &format!("document.querySelector({})", json!(NARROW)),
    )
    .await;
    let table = click_rounds(client, o.rounds, "table").await;
    js(client, &click(css::SUMMARY_VIEW)).await;
    wait_for(client, "document.querySelector('#kpi-offered dd')").await;
    let summary = click_rounds(client, o.rounds, "summary").await;
    if let Some(dir) = &o.cpu_profile {
        // Not in the medians: the profiler slows the page.
        for (name, chip) in [("narrow", NARROW), ("widen", WIDEN)] {
            super::complete::start_profile(client).await;
            let s = step(client, &click(chip)).await;
            super::complete::stop_profile(client, dir, &format!("summary-{name}-{n}"), s.work)
                .await;
            eprintln!("  profiled summary {name}: {:.1} ms", s.work);
        }
    }
    let out = SizeResult { n, table, summary };
    let _ = client.goto("about:blank").await;
    drop(sim);
    out
}

/// `rounds` narrow-then-widen click pairs in the view shown (`view` names it in the log),
/// after one unmeasured pair: the facets' keys are made on the first pass.
async fn click_rounds(client: &Client, rounds: usize, view: &str) -> Vec<(Step, Step)> {
    step(client, &click(NARROW)).await;
    step(client, &click(WIDEN)).await;
    let mut out = Vec::new();
    for round in 0..rounds {
        let pair = (
            step(client, &click(NARROW)).await,
            step(client, &click(WIDEN)).await,
        );
        eprintln!(
            "  {view} round {}: narrow {:.1} ms (longest task {:.1}), widen {:.1} ms",
            round + 1,
            pair.0.work,
            pair.0.longest,
            pair.1.work
        );
        out.push(pair);
    }
    out
}

fn report(results: &[SizeResult], o: &Options, browser: &str) -> String {
    let mut out = format!(
        "Browser: {browser}\nRounds per size: {} (medians, min–max)\n\n\
         Main-thread work per chip click (the click's task and microtasks, layout, and timers \
         it leads to), ms. Narrow: All → Abandoned; widen: Abandoned → All.\n\n\
         | records | view | narrow: work | narrow: longest task | widen: work | target ≤ 50 ms |\n\
         |---:|---|---:|---:|---:|---|\n",
        o.rounds
    );
    for r in results {
        for (view, rounds) in [("table", &r.table), ("summary", &r.summary)] {
            let narrow: Vec<f64> = rounds.iter().map(|(a, _)| a.work).collect();
            let longest: Vec<f64> = rounds.iter().map(|(a, _)| a.longest).collect();
            let widen: Vec<f64> = rounds.iter().map(|(_, b)| b.work).collect();
            let worst = median(narrow.clone()).max(median(widen.clone()));
            out.push_str(&format!(
                "| {} | {view} | {:.1} ({}) | {:.1} | {:.1} ({}) | {} |\n",
                r.n,
                median(narrow.clone()),
                spread(&narrow),
                median(longest),
                median(widen.clone()),
                spread(&widen),
                if worst <= 50.0 { "met" } else { "**missed**" }
            ));
        }
    }
    out
}
