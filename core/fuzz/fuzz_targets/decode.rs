//! Feeds arbitrary bytes to the response decoder and to the stream that reads an answer as
//! it arrives: neither may panic, whatever the bytes, and they agree on every answer (the
//! stream, cut into chunks of the first byte's size, reads exactly as the whole body does).
#![no_main]

use cdr_core::decode::{AnswerStream, Ending};
use cdr_core::outcome::{body_text, interpret};
use cdr_core::Decoded;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&chunk, body)) = data.split_first() else {
        return;
    };
    let mut stream = AnswerStream::new(200, 0);
    let mut out = Vec::new();
    for piece in body.chunks(usize::from(chunk).max(1)) {
        stream.push(piece, &mut out);
    }
    let streamed = match stream.finish(&mut out) {
        Ending::Whole { total, skipped } => Ok(Decoded {
            total,
            records: out,
            skipped,
        }),
        Ending::Reread(outcome) => outcome,
    };
    assert_eq!(streamed, interpret(200, &body_text(body.to_vec())));

    if let Ok(text) = std::str::from_utf8(body) {
        if let Ok(decoded) = cdr_core::decode_response(text) {
            // Exercise the timestamp parsing of whatever was accepted, too.
            for r in &decoded.records {
                let _ = (r.wait_ms(), r.duration_ms());
            }
        }
    }
});
