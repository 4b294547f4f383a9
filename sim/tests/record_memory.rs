//! Memory per decoded record, for a typical answer: 100,000 records from the simulator's
//! dataset, rendered as the simulator sends them and read by the app's decoder. A counting
//! global allocator sees every allocation; the figure is printed (run with `--nocapture`)
//! and checked against the page's budget: 1,000,000 records in at most 300 MB of page
//! memory, of which the records may take at most 250 bytes each. BENCHMARKS.md ("Record
//! memory") records the method and the figures.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use cdr_core::{decode_response, Record};
use cdr_sim::dataset::{Dataset, DatasetSpec};

/// Counts live bytes as asked for, and as wasm32's allocator (dlmalloc, as in Rust's std
/// for wasm32-unknown-unknown) would take them: a 4-byte header, chunks in multiples of 8
/// bytes, at least 16.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static LIVE_WASM32: AtomicUsize = AtomicUsize::new(0);
static LIVE_COUNT: AtomicUsize = AtomicUsize::new(0);

fn dlmalloc_chunk(size: usize) -> usize {
    ((size + 4 + 7) & !7).max(16)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Relaxed);
        LIVE_WASM32.fetch_add(dlmalloc_chunk(layout.size()), Relaxed);
        LIVE_COUNT.fetch_add(1, Relaxed);
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        LIVE_WASM32.fetch_sub(dlmalloc_chunk(layout.size()), Relaxed);
        LIVE_COUNT.fetch_sub(1, Relaxed);
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// `size_of::<Record>()` on wasm32 (pointers of 4 bytes); core/src/fields.rs asserts it
/// when built for a 32-bit target.
const WASM32_RECORD_SIZE: usize = 64;

const RECORDS: usize = 100_000;

#[test]
fn a_typical_record_takes_at_most_250_bytes_on_wasm32() {
    let dataset = Dataset::generate(&DatasetSpec {
        records: RECORDS,
        ..DatasetSpec::default()
    });
    let mut body = String::from(r#"{"total":100000,"results":["#);
    for i in 0..dataset.len() {
        if i > 0 {
            body.push(',');
        }
        dataset.render_into(i, &mut body);
    }
    body.push_str("]}");

    let before = (
        LIVE.load(Relaxed),
        LIVE_WASM32.load(Relaxed),
        LIVE_COUNT.load(Relaxed),
    );
    let mut decoded = decode_response(&body).expect("the simulator's answer decodes");
    // The list at its exact size: what is left is the records themselves.
    decoded.records.shrink_to_fit();
    let after = (
        LIVE.load(Relaxed),
        LIVE_WASM32.load(Relaxed),
        LIVE_COUNT.load(Relaxed),
    );
    let n = decoded.records.len();
    assert_eq!(n, RECORDS);

    let list = n * size_of::<Record>();
    let native = (after.0 - before.0) as f64 / n as f64;
    // Less the list itself.
    let allocations = (after.2 - before.2 - 1) as f64 / n as f64;
    // On wasm32 the list holds 32-bit records; the values' allocations are the same size.
    let heap_wasm32 = after.1 - before.1 - dlmalloc_chunk(list);
    let wasm32 = (heap_wasm32 + n * WASM32_RECORD_SIZE) as f64 / n as f64;
    let text: usize = decoded
        .records
        .iter()
        .map(|r| {
            cdr_core::RecordField::ALL
                .iter()
                .filter_map(|&f| r.get(f))
                .map(str::len)
                .sum::<usize>()
        })
        .sum();
    println!(
        "{n} records: native {native:.1} B/record ({} B inline), wasm32 {wasm32:.1} B/record \
         ({WASM32_RECORD_SIZE} B inline); {allocations:.2} allocations/record; values' text \
         {:.1} B/record",
        size_of::<Record>(),
        text as f64 / n as f64
    );
    assert!(wasm32 <= 250.0, "{wasm32:.1} B/record on wasm32");
    drop(body);
}
