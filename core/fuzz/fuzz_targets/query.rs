//! Feeds arbitrary text to the lenient request-body reader (the simulator reads every
//! request with it): it must give a query or nothing, never panic, and a query read writes
//! back to JSON that reads the same. Its batch lists (Call IDs, calling numbers) split
//! without panicking.
#![no_main]

use cdr_core::Query;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(q) = Query::from_json(&text) {
        let _ = Query::from_json(&q.to_json());
        if let Some((kind, items)) = q.batch() {
            for item in items {
                let _ = q.for_batch_item(kind, item);
            }
        }
        let _ = q.first_request();
    }
});
