//! Feeds arbitrary text to the response decoder: it must never panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(decoded) = cdr_core::decode_response(text) {
            // Exercise the timestamp parsing of whatever was accepted, too.
            for r in &decoded.records {
                let _ = (r.wait_ms(), r.talk_ms(), r.total_ms());
            }
        }
    }
});
