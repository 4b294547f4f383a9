//! CDR Explorer: a Leptos (client-side rendered) front end for Huawei Cloud CEC's
//! `queryCallManualDetailInfo`. The logic lives in `cdr-core`; this crate holds the views,
//! their stores and the browser glue, in two rooms:
//!
//! - [`shell`]: the first load: header, form, validation, token, the request and decoding,
//!   the settings and search stores;
//! - [`results`]: the result views (table, quick filter, sort, paging, summary, detail,
//!   saved and recent searches, export) with their stores; loaded after the form shows.
//!
//! `results` may use `shell`, never the reverse (`tests/rooms.rs` checks it). [`app`] puts
//! them on the page and chooses the transport; [`split`] is the one place that loads
//! `results`; [`text`] is the catalogue of every string, per locale.

pub mod app;
pub mod browser;
pub mod panic;
pub mod results;
pub mod shell;
pub mod split;
pub mod text;
pub mod zone_intl;

pub use app::{start, App};
