//! Beside Begin or End, when the typed wall time is not simply one instant in the zone: a
//! time clocks skipped (taken that far after the change) or one they showed twice (the
//! earlier is taken), with the offset taken, "UTC-04:00" (rule: `cdr_core::time::parse_input`).
//! Loaded with the result views, to keep the first load small.

use cdr_core::time::parse_input_resolved;
use cdr_core::validate::Field;
use cdr_core::zone::{format_offset, WallTime};
use cdr_core::QueryForm;
use leptos::prelude::*;

use crate::shell::{Search, Settings};
use crate::text::results;

/// The note for `field` (Begin or End; nothing for the others).
#[component]
pub fn ClockNote(field: Field) -> impl IntoView {
    let search = expect_context::<Search>();
    let settings = expect_context::<Settings>();
    let get: Option<fn(&QueryForm) -> String> = match field {
        Field::Begin => Some(|f| f.begin.clone()),
        Field::End => Some(|f| f.end.clone()),
        _ => None,
    };
    move || {
        let value = search.form_value(get?);
        let resolved = settings.with_zone(|zone| parse_input_resolved(&value, zone))?;
        let offset = format!("UTC{}", format_offset(resolved.offset_seconds));
        let t = results(settings.locale());
        let text = match resolved.wall {
            WallTime::Unique => return None,
            WallTime::Skipped { .. } => t.time_skipped(&offset),
            WallTime::Repeated { .. } => t.time_repeated(&offset),
        };
        Some(view! { <p class="clock-note">{text}</p> })
    }
}
