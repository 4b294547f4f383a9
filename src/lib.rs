//! CDR Explorer: a Leptos (client-side rendered) front end for Huawei Cloud CEC's
//! `queryCallManualDetailInfo`. The logic lives in `cdr-core`; this crate holds the fetch
//! layer, the state and the views.

pub mod api;
pub mod app;
pub mod browser;
pub mod components;
pub mod deferred;
#[cfg(feature = "demo")]
pub mod demo;
pub mod embed;
pub mod panic;
pub mod state;
pub mod text;
pub mod zone_intl;

pub use app::{start, App};
