//! The record detail panel: every field raw and decoded, the derived durations, and a button
//! to copy the Call ID. Escape or Close returns focus to the row it came from.

use crate::browser;
use crate::state::Explorer;
use crate::text::{more_text, MoreText};
use cdr_core::codes::{CallType, LeaveReason, MediaType};
use cdr_core::time::{format_duration, format_ms, parse_call_time, CallTime};
use cdr_core::Record;
use leptos::prelude::*;

/// The panel for the selected record, if any.
#[component]
pub fn DetailPanel() -> impl IntoView {
    let ex = expect_context::<Explorer>();
    let close_button = NodeRef::<leptos::html::Button>::new();
    let copied = RwSignal::new(false);
    let record = move || {
        let index = ex.selected.get()?;
        ex.result.with(|r| r.as_ref()?.records.get(index).cloned())
    };
    let close = move || {
        if let Some(index) = ex.selected.get_untracked() {
            ex.selected.set(None);
            browser::focus_by_id(&format!("row-{index}"));
        }
    };
    // Move focus into the panel when it opens, so Escape and Tab work from there.
    Effect::new(move |_| {
        if ex.selected.get().is_some() {
            copied.set(false);
            if let Some(button) = close_button.get() {
                let _ = button.focus();
            }
        }
    });
    view! {
        <Show when=move || record().is_some()>
            // A complementary landmark named by its title: `role="dialog"` is not allowed
            // on <aside>, and made its <header> a second banner (axe-core).
            <aside
                class="detail"
                aria-labelledby="detail-title"
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        ev.prevent_default();
                        close();
                    }
                }
            >
                <header>
                    <h2 id="detail-title">{move || more_text(ex.locale.get()).details_title}</h2>
                    <button type="button" node_ref=close_button class="quiet" on:click=move |_| close()>
                        {move || more_text(ex.locale.get()).close}
                    </button>
                </header>
                {move || record().map(|r| detail_body(ex, r, copied))}
            </aside>
        </Show>
    }
}

fn detail_body(ex: Explorer, record: Record, copied: RwSignal<bool>) -> impl IntoView {
    let locale = ex.locale.get();
    let t = more_text(locale);
    let ctx = ex.display.get();
    let zone = &ctx.zone;
    let time = |raw: &Option<String>| {
        raw.as_deref().map(|v| match parse_call_time(v) {
            CallTime::At(ms) => format_ms(ms, zone),
            CallTime::Raw(raw) => raw,
        })
    };
    let code = |raw: &Option<String>, label: &dyn Fn(&str) -> String| raw.as_deref().map(label);
    let rows: Vec<(&'static str, Option<String>, Option<String>)> = vec![
        (t.call_id, record.call_id.clone(), record.call_id.clone()),
        (
            t.caller_no,
            record.caller_no.clone(),
            record.caller_no.clone(),
        ),
        (
            t.callee_no,
            record.callee_no.clone(),
            record.callee_no.clone(),
        ),
        (
            t.call_type,
            record.call_type.clone(),
            code(&record.call_type, &|v| CallType::from_code(v).label(locale)),
        ),
        (
            t.media_type,
            record.media_type.clone(),
            code(&record.media_type, &|v| {
                MediaType::from_code(v).label(locale)
            }),
        ),
        (
            t.wait_begin,
            record.wait_begin.clone(),
            time(&record.wait_begin),
        ),
        (
            t.ack_begin,
            record.ack_begin.clone(),
            time(&record.ack_begin),
        ),
        (
            t.call_begin,
            record.call_begin.clone(),
            time(&record.call_begin),
        ),
        (t.call_end, record.call_end.clone(), time(&record.call_end)),
        (
            t.leave_reason,
            record.leave_reason.clone(),
            code(&record.leave_reason, &|v| {
                LeaveReason::from_code(v).label(locale)
            }),
        ),
        (
            t.satisfaction,
            record.evaluation_value.clone(),
            record
                .evaluation_value
                .as_deref()
                .map(|v| ctx.evaluation_labels.label(v)),
        ),
        (t.vdn, record.vdn.clone(), record.vdn.clone()),
        (t.log_date, record.log_date.clone(), time(&record.log_date)),
    ];
    let durations = [
        (t.wait, record.wait_ms()),
        (t.talk, record.talk_ms()),
        (t.total_duration, record.total_ms()),
    ];
    let call_id = record.call_id.clone();
    view! {
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

fn row(
    t: &'static MoreText,
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
