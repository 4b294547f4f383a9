//! Feeds arbitrary text to the reader of a shared link's query string (the address bar, a
//! saved or recent search), in UTC, a fixed offset and a zone with daylight saving: it must
//! give a form or nothing, never panic, and the form must validate without panicking.
#![no_main]

use cdr_core::share::{form_from_params, percent_decode};
use cdr_core::validate::validate;
use cdr_core::zone::{Zone, ZoneRules};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = percent_decode(&text);
    // New York's 2024 changes, enough to have a gap and a fold.
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
    let fixed = Zone::from_offset(-840).unwrap_or_default();
    for zone in [Zone::Utc, fixed, named] {
        if let Some(form) = form_from_params(&text, &zone) {
            let _ = validate(&form, &zone);
        }
    }
});
