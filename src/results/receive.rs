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
use web_sys::{MessageChannel, ReadableStreamDefaultReader};

use crate::browser;
use crate::shell::{Body, Exchange, SearchError};

/// The longest stretch of reading before the page gets its thread back (ms).
pub const SLICE_MS: f64 = 16.0;

/// Bytes are decoded this many at a time (about 250 records, a millisecond or two), so
/// [`SLICE_MS`] is kept whatever size of chunk the network or the in-page simulator hands
/// over.
const PIECE_BYTES: usize = 64 << 10;

/// Until the first records are drawn, bytes are decoded this many at a time: ~60 records of
/// the simulator's size, a page's worth, so the first rows wait on the decoding of about
/// that many and not of a whole [`PIECE_BYTES`] (~250 records, 1–2 ms).
const FIRST_PIECE_BYTES: usize = 16 << 10;

/// Reads `exchange`'s body, handing every batch of records to `take` with `total` when the
/// stream has read it; then how the body ended. A read cut off by the network, the timeout
/// or an abort is the exchange's failure; the batches already taken stay taken.
pub async fn receive(
    exchange: Exchange,
    take: impl FnMut(Vec<Record>, Option<u64>),
) -> Result<Ending, SearchError> {
    read(exchange, None, take).await
}

/// What [`receive_slice`] does once an answer's `total` is read.
struct Hold<'a> {
    /// Called once the whole body is in, before the bytes held back are decoded.
    body_in: &'a mut dyn FnMut(),
    /// Whether the load was stopped meanwhile: the held bytes are then dropped.
    stopped: &'a dyn Fn() -> bool,
    /// Whether `take` has been handed the total (with no records) yet.
    told_total: bool,
}

/// [`receive`] for a slice of a load: decoded as it arrives until its `total` is read (so a
/// slice that will be split can be stopped at once), then the rest taken in whole before it
/// is decoded. `body_in` runs when the body is in, so the load's next request goes out while
/// this one is decoded, instead of the service waiting on the page. `stopped` is asked
/// between pieces of that decoding: true ends it with [`SearchError::Aborted`].
pub async fn receive_slice(
    exchange: Exchange,
    mut body_in: impl FnMut(),
    stopped: impl Fn() -> bool,
    take: impl FnMut(Vec<Record>, Option<u64>),
) -> Result<Ending, SearchError> {
    let hold = Hold {
        body_in: &mut body_in,
        stopped: &stopped,
        told_total: false,
    };
    read(exchange, Some(hold), take).await
}

async fn read(
    exchange: Exchange,
    mut hold: Option<Hold<'_>>,
    mut take: impl FnMut(Vec<Record>, Option<u64>),
) -> Result<Ending, SearchError> {
    let expected = match &exchange.body {
        Body::Http(response) => content_length(response),
        Body::Text(text) => text.len(),
    };
    let mut stream = AnswerStream::new(exchange.status, expected);
    let mut pacer = Pacer::new();
    // Bytes held back once `total` is read (with a hold): decoded after the body is in.
    let mut held: Vec<u8> = Vec::new();
    match &exchange.body {
        // Whole already: decoded below, as held bytes are.
        Body::Text(_) => {}
        Body::Http(response) => {
            let Some(body) = response.body() else {
                return Ok(stream.finish(&mut Vec::new()));
            };
            let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
            let mut piece = Vec::with_capacity(PIECE_BYTES);
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
                // Copied into the wasm a piece at a time: a fast network hands over megabytes
                // at once, and the first piece's rows should not wait for all of them.
                // The stream hands out Uint8Arrays: used as they are (`new Uint8Array(chunk)`
                // copied every chunk once more in the page's thread).
                let chunk = value
                    .dyn_into::<Uint8Array>()
                    .unwrap_or_else(|other| Uint8Array::new(&other));
                let len = chunk.length();
                let mut start = 0;
                while start < len {
                    if let (Some(h), Some(total)) = (hold.as_mut(), stream.total()) {
                        if !h.told_total {
                            // The caller judges the total before anything is held back.
                            h.told_total = true;
                            take(Vec::new(), Some(total));
                        }
                        if (h.stopped)() {
                            return Err(SearchError::Aborted);
                        }
                        let from = held.len();
                        if from == 0 {
                            // Room for the rest of the body at once, not grown chunk by chunk.
                            held.reserve(expected);
                        }
                        held.resize(from + (len - start) as usize, 0);
                        chunk.subarray(start, len).copy_to(&mut held[from..]);
                        break;
                    }
                    let end = len.min(start.saturating_add(pacer.piece_bytes() as u32));
                    piece.resize((end - start) as usize, 0);
                    chunk.subarray(start, end).copy_to(&mut piece);
                    feed_piece(&mut stream, &piece, &mut take, &mut pacer).await;
                    start = end;
                }
            }
        }
    }
    if let Some(hold) = hold.as_mut() {
        (hold.body_in)();
    }
    let rest: &[u8] = match &exchange.body {
        Body::Text(text) => text.as_bytes(),
        Body::Http(_) => &held,
    };
    let mut at = 0;
    while at < rest.len() {
        if hold.as_ref().is_some_and(|h| (h.stopped)()) {
            return Err(SearchError::Aborted);
        }
        let end = rest.len().min(at + pacer.piece_bytes());
        feed_piece(
            &mut stream,
            rest.get(at..end).unwrap_or_default(),
            &mut take,
            &mut pacer,
        )
        .await;
        at = end;
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

/// Decodes one piece of at most [`PIECE_BYTES`], hands out its records, and gives the
/// thread back when due, or at once after the first records so they are drawn now.
async fn feed_piece(
    stream: &mut AnswerStream,
    piece: &[u8],
    take: &mut impl FnMut(Vec<Record>, Option<u64>),
    pacer: &mut Pacer,
) {
    let mut batch = Vec::new();
    stream.push(piece, &mut batch);
    if !batch.is_empty() {
        take(batch, stream.total());
        if !pacer.drawn {
            pacer.drawn = true;
            pacer.pause().await;
        }
    }
    pacer.pause_if_due().await;
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

/// Gives the page its thread back every [`SLICE_MS`] of work, and once the first records
/// are handed out.
struct Pacer {
    since: f64,
    drawn: bool,
}

impl Pacer {
    fn new() -> Pacer {
        Pacer {
            since: now(),
            drawn: false,
        }
    }

    /// How many bytes to decode next: [`FIRST_PIECE_BYTES`] until the first records are
    /// drawn, then [`PIECE_BYTES`].
    fn piece_bytes(&self) -> usize {
        if self.drawn {
            PIECE_BYTES
        } else {
            FIRST_PIECE_BYTES
        }
    }

    async fn pause_if_due(&mut self) {
        if now() - self.since >= SLICE_MS {
            self.pause().await;
        }
    }

    async fn pause(&mut self) {
        next_task().await;
        self.since = now();
    }
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Resolves in a new task: the page paints and handles input in between. A message to
/// oneself, not a zero timeout, which browsers stretch to 4 ms once timeouts nest.
pub async fn next_task() {
    let Ok(channel) = MessageChannel::new() else {
        return;
    };
    let port = channel.port1();
    let promise = js_sys::Promise::new(&mut |resolve, _| port.set_onmessage(Some(&resolve)));
    if channel.port2().post_message(&JsValue::NULL).is_ok() {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
    port.close();
}
