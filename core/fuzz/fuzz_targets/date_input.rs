//! Feeds arbitrary text to the reader of the Begin/End fields (`datetime-local` text, also
//! typed or pasted), in UTC, a fixed offset and a zone with daylight saving: it must give an
//! instant or nothing, never panic, and an instant read must format back without panicking.
#![no_main]

use cdr_core::time::{format_input, format_ms_with_offset, parse_input, parse_input_resolved};
use cdr_core::zone::{Zone, ZoneRules};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let named = ZoneRules::from_changes(
        "Test/Zone",
        -5 * 3600,
        &[
            (1_710_054_000_000, -4 * 3600),
            (1_730_613_600_000, -5 * 3600),
        ],
    )
    .map(Zone::named)
    .unwrap_or_default();
    let fixed = Zone::from_offset(14 * 60).unwrap_or_default();
    for zone in [Zone::Utc, fixed, named] {
        if let Some(r) = parse_input_resolved(&text, &zone) {
            assert_eq!(parse_input(&text, &zone), Some(r.utc_ms));
            let _ = format_input(r.utc_ms, &zone);
            let _ = format_ms_with_offset(r.utc_ms, &zone);
        }
    }
});
