//! `cdr-sim`: a simulator of Huawei Cloud CEC's `queryCallManualDetailInfo` API and its
//! `tokenByAkSk` token call, faithful to the documented contract (not a happy-path mock).
//!
//! The crate has two layers:
//!
//! * The shared contract, pure (std, `serde_json` and `cdr-core`, whose record fields table
//!   and search body it uses; builds for `wasm32-unknown-unknown`), used both by the HTTP
//!   shell and, in the app's `demo` build, inside the browser page:
//!   * [`dataset`]: deterministic, realistic call detail records.
//!   * [`contract`]: request rules and answers (time is passed in).
//!   * [`hostile`]: the `hostile` scenario's records (markup, script, formulas, ...).
//!   * [`inpage`]: the in-page service the demo build answers queries with.
//! * The HTTP shell (feature `server`, on by default): a thin layer that moves bytes
//!   between sockets and [`contract::answer`].
//!   * `server`: the axum server, static files, CORS, fault injection, rate limits
//!     (`--max-concurrent`, `--max-per-second`), request counters (`GET /__sim/stats`),
//!     request log.
//!   * `config`: the command-line flags.
//!
//! Start one in-process with `server::spawn`.

#[cfg(feature = "server")]
pub mod config;
pub mod contract;
pub mod dataset;
pub mod hostile;
pub mod inpage;
#[cfg(feature = "server")]
pub mod server;
