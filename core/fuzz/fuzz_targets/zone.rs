//! Feeds arbitrary text to the zone setting reader (the crash of issue #15 was `"+1é1"`)
//! and to the reader of the browser's offset text, and arbitrary answers to the zone
//! table builder: none may panic or loop without end.
#![no_main]

use cdr_core::zone::{offset_from_gmt_text, Zone, ZoneRules, ZoneSpec};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = ZoneSpec::parse(&text);
    let _ = offset_from_gmt_text(&text);
    // An offset function that answers from the bytes, in hours, cycling: a zone that
    // changes every few days at odd moments, or answers nonsense.
    if data.len() >= 2 {
        let mut i = 0usize;
        let built = ZoneRules::build("Fuzz/Zone", 0, 400 * 86_400_000, |_| {
            i += 1;
            let b = data.get(i % data.len()).copied().unwrap_or(0);
            (b != 255).then(|| (i32::from(b) - 128) * 900)
        });
        if let Ok(rules) = built {
            let zone = Zone::named(rules);
            for wall in [0, 1_000_000, 86_400_000 * 200, i64::MIN, i64::MAX] {
                let _ = zone.resolve(wall);
            }
        }
    }
});
