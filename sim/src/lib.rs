//! `cdr-sim`: a simulator of Huawei Cloud CEC's `queryCallManualDetailInfo` API and its
//! `tokenByAkSk` token call, faithful to the documented contract (not a happy-path mock).
//!
//! * [`dataset`]: deterministic, realistic call detail records (pure).
//! * [`contract`]: request rules and answers (pure; time is passed in).
//! * [`hostile`]: the `hostile` scenario's records (markup, script, formulas, ...).
//! * [`server`]: the axum server, static files, CORS, fault injection, request log.
//! * [`config`]: the command-line flags.
//!
//! Start one in-process with [`server::spawn`].

pub mod config;
pub mod contract;
pub mod dataset;
pub mod hostile;
pub mod server;
