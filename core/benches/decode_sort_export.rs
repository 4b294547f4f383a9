//! Decoding, sorting, exporting and summarising 100,000 records, the largest answer the app plans for.
//!
//! The decode baseline is a strict `#[derive(Deserialize)]` struct of `Option<String>`
//! fields fed the same (all-string) input: the lenient decoder must stay within 2x of it.
//! Run with `cargo bench -p cdr-core`; a summary with the ratio is printed at the end.

use std::hint::black_box;
use std::time::{Duration, Instant};

use cdr_core::call_outcome::Analytics;
use cdr_core::charts::charts;
use cdr_core::decode::AnswerStream;
use cdr_core::export::to_csv;
use cdr_core::kpi::kpis;
use cdr_core::search::SearchIndex;
use cdr_core::summary::summarize;
use cdr_core::table::{filter_indices, sort_indices, Column, Direction, DisplayContext};
use cdr_core::{decode_response, Zone};
use criterion::Criterion;
use serde::Deserialize;

const RECORDS: usize = 100_000;

/// The strict baseline: what serde derives for the documented all-string schema.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)] // Fields exist to be deserialised, not read.
struct StrictResponse {
    total: Option<String>,
    results: Option<Vec<StrictRecord>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct StrictRecord {
    log_date: Option<String>,
    caller_no: Option<String>,
    callee_no: Option<String>,
    call_id: Option<String>,
    call_type: Option<String>,
    #[serde(rename = "mediatype")]
    media_type: Option<String>,
    wait_begin: Option<String>,
    ack_begin: Option<String>,
    call_begin: Option<String>,
    call_end: Option<String>,
    vdn: Option<String>,
    leave_reason: Option<String>,
    evaluation_value: Option<String>,
}

/// A deterministic linear congruential generator: same data on every run and machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound
    }
}

/// An answer of `n` records with every field present as a string.
fn generate(n: usize) -> String {
    use std::fmt::Write as _;
    let mut rng = Lcg(42);
    let mut s = String::with_capacity(n * 420);
    let _ = write!(s, "{{\"total\":\"{n}\",\"results\":[");
    let call_types = ["0", "1", "2", "3", "4", "10", "11", "12"];
    let media = ["2", "5", "18", "19", "53"];
    let reasons = ["0", "1", "15", "16", "26", "88", "89"];
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        let wait = 1_658_102_400_000 + rng.next(7 * 86_400_000);
        let ack = wait + rng.next(120_000);
        let end = ack + rng.next(1_800_000);
        let _ = write!(
            s,
            "{{\"logDate\":\"{day}\",\"callerNo\":\"138{caller:08}\",\"calleeNo\":\"{callee}\",\
             \"callId\":\"{id}-{i}\",\"callType\":\"{ct}\",\"mediatype\":\"{mt}\",\
             \"waitBegin\":\"{wait}\",\"ackBegin\":\"{ack}\",\"callBegin\":\"{ack}\",\
             \"callEnd\":\"{end}\",\"vdn\":\"{vdn}\",\"leaveReason\":\"{lr}\",\
             \"evaluationValue\":\"{ev}\"}}",
            day = wait - wait % 86_400_000,
            caller = rng.next(100_000_000),
            callee = 1000 + rng.next(9000),
            id = 1_669_464_198 + rng.next(1_000_000),
            ct = call_types[rng.next(8) as usize],
            mt = media[rng.next(5) as usize],
            vdn = 1 + rng.next(4),
            lr = reasons[rng.next(7) as usize],
            ev = 1 + rng.next(5),
        );
    }
    s.push_str("]}");
    s
}

/// Median wall time of `runs` calls.
fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

/// The result filters (issue #18), printed in the plain summary: each record's compact key
/// made once per answer, then what a chip click costs (one pass over the keys for the rows
/// and every count) and the KPI strip totalled from the keys.
fn print_facets(
    records: &[cdr_core::Record],
    all: &[usize],
    ctx: &DisplayContext,
    analytics: &cdr_core::call_outcome::Analytics,
    runs: usize,
) {
    use cdr_core::facets::{apply, FacetKeys, Filters};
    let make_keys = median(runs, || {
        let mut k = FacetKeys::new(analytics.short_abandon_seconds, ctx.zone.clone());
        k.extend_to(records);
        k
    });
    let mut keys = FacetKeys::new(analytics.short_abandon_seconds, ctx.zone.clone());
    keys.extend_to(records);
    let mut abandoned = Filters::default();
    abandoned.toggle_outcome(cdr_core::call_outcome::CallOutcome::Abandoned);
    let narrow = median(runs, || apply(&keys, &abandoned, all));
    let widen = median(runs, || apply(&keys, &Filters::default(), all));
    let kpis_from_keys = median(runs, || keys.kpis(records, all, analytics));
    let summary_from_keys = median(runs, || keys.summary(records, all, ctx));
    let charts_from_keys = median(runs, || keys.charts(records, all, ctx, analytics));
    println!(
        "  facets: keys {:.1} ms once; a chip click: filter and count {:.1} ms (Abandoned), {:.1} ms (All); from keys: kpis {:.1} ms, summary {:.1} ms, charts {:.1} ms",
        make_keys.as_secs_f64() * 1e3,
        narrow.as_secs_f64() * 1e3,
        widen.as_secs_f64() * 1e3,
        kpis_from_keys.as_secs_f64() * 1e3,
        summary_from_keys.as_secs_f64() * 1e3,
        charts_from_keys.as_secs_f64() * 1e3
    );
}

fn main() {
    let json = generate(RECORDS);
    let decoded = decode_response(&json).expect("generated JSON decodes");
    assert_eq!(decoded.records.len(), RECORDS);
    let records = decoded.records;
    let ctx = DisplayContext {
        zone: Zone::Fixed {
            offset_minutes: 480,
        },
        ..DisplayContext::default()
    };
    let all: Vec<usize> = (0..records.len()).collect();
    let analytics = Analytics {
        satisfied_levels: vec!["4".into(), "5".into()],
        ..Analytics::default()
    };

    let mut c = Criterion::default().sample_size(10).configure_from_args();
    {
        let mut g = c.benchmark_group("100k");
        g.sample_size(10);
        g.bench_function("decode_response", |b| {
            b.iter(|| decode_response(black_box(&json)))
        });
        g.bench_function("strict_serde_baseline", |b| {
            b.iter(|| serde_json::from_str::<StrictResponse>(black_box(&json)))
        });
        g.bench_function("sort_by_begin", |b| {
            b.iter(|| {
                let mut idx = all.clone();
                sort_indices(&records, &mut idx, Column::Begin, Direction::Descending);
                idx
            })
        });
        g.bench_function("to_csv_all_columns", |b| {
            b.iter(|| to_csv(&records, &all, &Column::ALL, &ctx))
        });
        g.bench_function("summarize", |b| b.iter(|| summarize(&records, &all, &ctx)));
        g.bench_function("kpis", |b| b.iter(|| kpis(&records, &all, &analytics)));
        g.bench_function("charts", |b| {
            b.iter(|| charts(&records, &all, &ctx, &analytics))
        });
        g.finish();
    }
    c.final_summary();

    // A plain summary, independent of criterion's output format.
    let runs = 5;
    let lenient = median(runs, || decode_response(&json));
    let strict = median(runs, || serde_json::from_str::<StrictResponse>(&json));
    // As the page reads a body (src/results/receive.rs): 64 KB pieces, records out per piece.
    let streamed = median(runs, || {
        let mut stream = AnswerStream::new(200, json.len());
        let mut all = Vec::with_capacity(RECORDS);
        for piece in json.as_bytes().chunks(64 << 10) {
            let mut batch = Vec::new();
            stream.push(piece, &mut batch);
            all.extend(batch);
        }
        let mut last = Vec::new();
        let ending = stream.finish(&mut last);
        all.extend(last);
        (ending, all)
    });
    let sort = median(runs, || {
        let mut idx = all.clone();
        sort_indices(&records, &mut idx, Column::Begin, Direction::Descending);
        idx
    });
    let csv = median(runs, || to_csv(&records, &all, &Column::ALL, &ctx));
    let filter = median(runs, || filter_indices(&records, "video", &ctx));
    let summary = median(runs, || summarize(&records, &all, &ctx));
    // The quick filter's index: built once, then a needle typed one character at a time.
    let build = median(runs, || SearchIndex::build(&records, &ctx));
    let index = SearchIndex::build(&records, &ctx);
    // The median time of `index.matches(needle)` after typing `before` (not timed).
    let keystroke = |before: &[&str], needle: &str| {
        let mut times: Vec<Duration> = (0..runs)
            .map(|_| {
                let mut index = index.clone();
                for b in before {
                    index.matches(b);
                }
                let start = Instant::now();
                black_box(index.matches(needle));
                start.elapsed()
            })
            .collect();
        times.sort();
        times[runs / 2]
    };
    let scan = keystroke(&[], "video");
    let typed = "2026-11-27 1";
    let prefixes: Vec<&str> = (1..=typed.len()).map(|k| &typed[..k]).collect();
    let keystrokes: Vec<Duration> = (0..prefixes.len())
        .map(|k| keystroke(&prefixes[..k], prefixes[k]))
        .collect();
    let key_figures = median(runs, || kpis(&records, &all, &analytics));
    let chart_figures = median(runs, || charts(&records, &all, &ctx, &analytics));
    println!(
        "\nsummary ({RECORDS} records, {:.1} MB JSON, median of {runs}):",
        json.len() as f64 / 1e6
    );
    println!(
        "  decode_response       {:>8.1} ms",
        lenient.as_secs_f64() * 1e3
    );
    println!(
        "  AnswerStream, 64 KB   {:>8.1} ms",
        streamed.as_secs_f64() * 1e3
    );
    println!(
        "  strict serde baseline {:>8.1} ms",
        strict.as_secs_f64() * 1e3
    );
    println!(
        "  lenient/strict time   {:>8.2}x (requirement: <= 2.00x)",
        lenient.as_secs_f64() / strict.as_secs_f64()
    );
    println!(
        "  sort by Begin         {:>8.1} ms",
        sort.as_secs_f64() * 1e3
    );
    println!(
        "  to_csv, all columns   {:>8.1} ms",
        csv.as_secs_f64() * 1e3
    );
    println!(
        "  filter \"video\"        {:>8.1} ms",
        filter.as_secs_f64() * 1e3
    );
    println!(
        "  summarize             {:>8.1} ms",
        summary.as_secs_f64() * 1e3
    );
    print_facets(&records, &all, &ctx, &analytics, runs);
    println!(
        "  SearchIndex::build    {:>8.1} ms ({:.0} B of text per record)",
        build.as_secs_f64() * 1e3,
        index.text_bytes() as f64 / RECORDS as f64
    );
    println!(
        "  index scan \"video\"    {:>8.1} ms",
        scan.as_secs_f64() * 1e3
    );
    let ms: Vec<String> = keystrokes
        .iter()
        .map(|d| format!("{:.1}", d.as_secs_f64() * 1e3))
        .collect();
    println!("  typing {typed:?}, ms per keystroke: {}", ms.join(" "));
    println!(
        "  kpis                  {:>8.1} ms (requirement: <= 50 ms in the page)",
        key_figures.as_secs_f64() * 1e3
    );
    println!(
        "  charts                {:>8.1} ms (the summary's manager charts; only while it shows)",
        chart_figures.as_secs_f64() * 1e3
    );
}
