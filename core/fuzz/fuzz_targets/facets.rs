//! Feeds arbitrary text to the reader of the result filters in a link (the address bar, a
//! shared link, a saved search): it must give filters, never panic, and what it gives must
//! write back to a link that reads as the same filters. The typed-range reader gets the
//! text split in two.
#![no_main]

use cdr_core::facets::{from_params, parse_range, to_params, with_filter_params, without_filter_params};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let filters = from_params(&text);
    let written = to_params(&filters);
    assert_eq!(from_params(&written), filters, "{written}");
    let _ = without_filter_params(&text);
    let _ = with_filter_params(&text, &filters);
    let mid = text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i);
    let (min, max) = text.split_at(mid);
    if let Ok(range) = parse_range(min, max) {
        assert!(range.min.zip(range.max).is_none_or(|(a, b)| a <= b));
    }
});
