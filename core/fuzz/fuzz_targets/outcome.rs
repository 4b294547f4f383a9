//! Feeds arbitrary bytes to the reading of an HTTP answer, as a proxy or the API could send
//! them, under a few statuses: it must give records or a failure, never panic, and the
//! failure's message must be writable.
#![no_main]

use cdr_core::outcome::{body_text, interpret, plain_excerpt, EXCERPT_CHARS};
use cdr_core::Locale;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let status = match data.first() {
        Some(b) => [200, 204, 400, 401, 404, 500, 502, 503][usize::from(*b) % 8],
        None => 200,
    };
    let body = body_text(data.to_vec());
    assert!(plain_excerpt(&body).chars().count() <= EXCERPT_CHARS + 1);
    if let Err(failure) = interpret(status, &body) {
        let _ = failure.message(Locale::En);
        let _ = failure.message(Locale::ZhCn);
    }
});
