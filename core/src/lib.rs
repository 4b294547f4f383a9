#![warn(missing_docs)]
//! Everything CDR Explorer does that can be tested without a browser: the query model and
//! its validation, the record's fields (one table of names, kinds and labels), lenient
//! decoding of `queryCallManualDetailInfo` answers, code labels, time zones and formats,
//! table sorting/filtering/paging, CSV export, configuration and the reading of HTTP
//! outcomes. Pure and `wasm32-unknown-unknown`-friendly: no clock, no
//! threads, no files.

pub mod batch;
pub mod call_outcome;
pub mod charts;
pub mod codes;
pub mod columns;
pub mod config;
pub mod decode;
pub mod export;
pub mod facets;
pub mod fields;
pub mod kpi;
pub mod locale;
pub mod mask;
pub mod outcome;
pub mod query;
pub mod saved;
pub mod search;
pub mod share;
pub mod slices;
pub mod summary;
pub mod table;
pub mod time;
pub mod validate;
pub mod xlsx;
pub mod zone;

pub use decode::{decode_response, DecodeError, Decoded};
pub use fields::{FieldKind, Record, RecordBuilder, RecordField};
pub use locale::Locale;
pub use query::{Query, QueryForm};
pub use zone::{Zone, ZoneRules, ZoneSpec};
