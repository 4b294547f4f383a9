//! Feeds arbitrary text to the response decoder and to the counter the complete-results
//! load uses: neither may panic, whatever the bytes, and they agree on every answer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let counted = cdr_core::decode::count_answer(text);
        if let Ok(decoded) = cdr_core::decode_response(text) {
            // Exercise the timestamp parsing of whatever was accepted, too.
            for r in &decoded.records {
                let _ = (r.wait_ms(), r.talk_ms(), r.total_ms());
            }
            if let Some((total, entries)) = counted {
                assert_eq!(total, decoded.total);
                assert_eq!(entries, decoded.records.len() + decoded.skipped);
            }
        }
    }
});
