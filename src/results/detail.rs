//! The record detail panel: the call's outcome and the rule that decided it, every field
//! raw and decoded (times with their offset), the derived durations, and a button to copy
//! the Call ID. Escape or Close returns focus to the row it came from.

use super::Table;
use crate::browser;
use crate::shell::Settings;
use crate::text::{results, ResultsText};
use cdr_core::call_outcome::classify;
use cdr_core::table::DisplayContext;
use cdr_core::time::{call_time_ms, format_duration, format_ms_with_offset};
use cdr_core::{FieldKind, Record, RecordField};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What Escape closes before the panel: an open dialog (the token's), a key figure's
/// definition on hover or focus.
const SHOWN_FIRST: &str = "dialog[open], .kpi:hover, .term:focus";

/// The panel for the selected record, if any.
#[component]
pub fn DetailPanel() -> impl IntoView {
    let table = expect_context::<Table>();
    let settings = expect_context::<Settings>();
    let close_button = NodeRef::<leptos::html::Button>::new();
    let copied = RwSignal::new(false);
    let record = move || table.selected_record();
    let close = move || {
        if let Some(index) = table.close_details() {
            browser::focus_by_id(&format!("row-{index}"));
        }
    };
    // Move focus into the panel when it opens, so Escape and Tab work from there.
    Effect::new(move |_| {
        if table.selected_index().is_some() {
            copied.set(false);
            if let Some(button) = close_button.get() {
                let _ = button.focus();
            }
        }
    });
    // Escape closes the panel wherever focus is (the quick filter, a chip), except while a
    // dialog is open or a definition shows: those take Escape first. From inside the panel
    // focus goes back to the row; from elsewhere it stays where it is.
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        // 229: the key that ends a composition in Safari, which does not say it is composing.
        if ev.key() != "Escape"
            || ev.default_prevented()
            || ev.is_composing()
            || ev.key_code() == 229
            || table.selected_index().is_none()
            || browser::shows(SHOWN_FIRST)
        {
            return;
        }
        let from_panel = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| e.closest(".detail").ok().flatten().is_some());
        ev.prevent_default();
        if from_panel {
            close();
        } else {
            table.close_details();
        }
    });
    on_cleanup(move || escape.remove());
    view! {
        <Show when=move || record().is_some()>
            // A complementary landmark named by its title: `role="dialog"` is not allowed
            // on <aside>, and made its <header> a second banner (axe-core).
            <aside class="detail" aria-labelledby="detail-title">
                <header>
                    <h2 id="detail-title">{move || results(settings.locale()).details_title}</h2>
                    <button type="button" node_ref=close_button class="quiet" on:click=move |_| close()>
                        {move || results(settings.locale()).close}
                    </button>
                </header>
                {move || record().map(|r| detail_body(settings, table, r, copied))}
            </aside>
        </Show>
    }
}

fn detail_body(
    settings: Settings,
    table: Table,
    record: Record,
    copied: RwSignal<bool>,
) -> impl IntoView {
    let locale = settings.locale();
    let t = results(locale);
    let ctx = table.display();
    // A row per record field, labelled and shown as core's fields table says.
    let rows: Vec<(&'static str, Option<String>, Option<String>)> = RecordField::DETAIL_ORDER
        .into_iter()
        .map(|f| {
            let raw = record.get(f);
            (
                f.label(locale),
                raw.map(str::to_string),
                raw.map(|v| shown_with_offset(&ctx, f, v)),
            )
        })
        .collect();
    let short = ctx.short_abandon_seconds;
    let decision = classify(&record, short);
    // A caller who gave up waited until they hung up, and talked to no one: the wait and
    // talk the filters and KPIs count.
    let durations = [
        (t.wait, decision.wait_ms(&record)),
        (t.talk, decision.talk_ms(&record)),
        (t.duration, record.duration_ms()),
    ];
    let call_id = record.call_id().map(str::to_string);
    let outcome = decision.explain(&record, locale, short);
    view! {
        <dl class="durations outcome">
            <div>
                <dt>{t.outcome}</dt>
                <dd id="detail-outcome">{outcome}</dd>
            </div>
        </dl>
        <dl class="durations">
            {durations.into_iter().map(|(name, ms)| view! {
                <div>
                    <dt>{name}</dt>
                    <dd>{ms.map(format_duration).unwrap_or_else(|| t.not_present.to_string())}</dd>
                </div>
            }).collect_view()}
        </dl>
        <table class="fields-table">
            <thead>
                <tr><th scope="col">{t.field}</th><th scope="col">{t.raw_value}</th><th scope="col">{t.shown_as}</th></tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|(name, raw, shown)| row(t, name, raw, shown)).collect_view()}
            </tbody>
        </table>
        {call_id.map(|id| view! {
            <button type="button" class="copy" on:click=move |_| {
                browser::copy_text(&id);
                copied.set(true);
            }>
                {move || if copied.get() { t.copied } else { t.copy_call_id }}
            </button>
        })}
    }
}

/// A field as the panel shows it: times with the offset in force then
/// (`"2024-07-01 08:00:00 -04:00"`), so a time near a clock change is unambiguous; the rest
/// as the table shows them.
fn shown_with_offset(ctx: &DisplayContext, field: RecordField, raw: &str) -> String {
    match (field.kind(), call_time_ms(raw)) {
        (FieldKind::Time, Some(ms)) => format_ms_with_offset(ms, &ctx.zone),
        _ => ctx.shown(field, raw),
    }
}

fn row(
    t: &'static ResultsText,
    name: &'static str,
    raw: Option<String>,
    shown: Option<String>,
) -> impl IntoView {
    let dash = t.not_present.to_string();
    view! {
        <tr>
            <th scope="row">{name}</th>
            <td class="mono">{raw.unwrap_or_else(|| dash.clone())}</td>
            <td>{shown.unwrap_or(dash)}</td>
        </tr>
    }
}
