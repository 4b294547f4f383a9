//! Reading an answer's body as it arrives (issue #17): the bytes go to
//! [`cdr_core::decode::AnswerStream`] chunk by chunk, and each batch of records it completes
//! goes to the caller at once, so the first page shows before a large answer is all in.
//!
//! The page's thread is given back between chunks whenever the work since the last break
//! passes [`SLICE_MS`]: a body that is already in (a fast network, the in-page simulator)
//! would otherwise be read in one long task that freezes the page.

use cdr_core::decode::{AnswerStream, Ending};
use cdr_core::Record;
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::ReadableStreamDefaultReader;

use crate::browser;
use crate::shell::{Body, Exchange, SearchError};

/// The longest stretch of reading before the page gets its thread back (ms).
pub const SLICE_MS: f64 = 30.0;

/// A whole body (the in-page simulator) is read in pieces of this many bytes.
const TEXT_PIECE_BYTES: usize = 256 << 10;

/// Reads `exchange`'s body, handing every batch of records to `take` with `total` when the
/// stream has read it; then how the body ended. A read cut off by the network, the timeout
/// or an abort is the exchange's failure; the batches already taken stay taken.
pub async fn receive(
    exchange: Exchange,
    mut take: impl FnMut(Vec<Record>, Option<u64>),
) -> Result<Ending, SearchError> {
    let expected = match &exchange.body {
        Body::Http(response) => content_length(response),
        Body::Text(text) => text.len(),
    };
    let mut stream = AnswerStream::new(exchange.status, expected);
    let mut pacer = Pacer::new();
    match &exchange.body {
        Body::Text(text) => {
            for piece in text.as_bytes().chunks(TEXT_PIECE_BYTES) {
                feed(&mut stream, piece, &mut take);
                pacer.pause_if_due().await;
            }
        }
        Body::Http(response) => {
            let Some(body) = response.body() else {
                return Ok(stream.finish(&mut Vec::new()));
            };
            let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
            loop {
                let read = exchange.until_aborted(&reader.read()).await?;
                let done = Reflect::get(&read, &JsValue::from_str("done"))
                    .ok()
                    .and_then(|d| d.as_bool())
                    .unwrap_or(true);
                if done {
                    break;
                }
                let Ok(value) = Reflect::get(&read, &JsValue::from_str("value")) else {
                    break;
                };
                let chunk = Uint8Array::new(&value).to_vec();
                feed(&mut stream, &chunk, &mut take);
                pacer.pause_if_due().await;
            }
        }
    }
    browser::mark("cdr-answer-read");
    let mut last = Vec::new();
    let ending = stream.finish(&mut last);
    if !last.is_empty() {
        take(last, ending_total(&ending));
    }
    browser::mark("cdr-answer-decoded");
    Ok(ending)
}

fn feed(stream: &mut AnswerStream, bytes: &[u8], take: &mut impl FnMut(Vec<Record>, Option<u64>)) {
    let mut batch = Vec::new();
    stream.push(bytes, &mut batch);
    if !batch.is_empty() {
        take(batch, stream.total());
    }
}

fn ending_total(ending: &Ending) -> Option<u64> {
    match ending {
        Ending::Whole { total, .. } => *total,
        Ending::Reread(Ok(decoded)) => decoded.total,
        Ending::Reread(Err(_)) => None,
    }
}

/// The body's announced size in bytes, 0 when unknown: the buffer is sized once, not
/// doubled as a 26 MB answer arrives.
fn content_length(response: &web_sys::Response) -> usize {
    response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// Gives the page its thread back every [`SLICE_MS`] of work.
struct Pacer {
    since: f64,
}

impl Pacer {
    fn new() -> Pacer {
        Pacer { since: now() }
    }

    async fn pause_if_due(&mut self) {
        if now() - self.since >= SLICE_MS {
            next_task().await;
            self.since = now();
        }
    }
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Resolves in a new task: the page paints and handles input in between. A zero timeout
/// (browsers stretch a nested one to 4 ms, which [`SLICE_MS`] keeps small beside the work).
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let set = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .ok()
        });
        if set.is_none() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
