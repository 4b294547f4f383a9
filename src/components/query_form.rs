//! The query form: every request field with its label, messages from `cdr-core`'s validation
//! beside the field they concern, time presets, and Search / Cancel.

use cdr_core::codes::{CallType, MediaType};
use cdr_core::time::{format_input, preset_range, Preset};
use cdr_core::validate::{Field, Severity};
use cdr_core::QueryForm;
use leptos::prelude::*;

use crate::state::{Explorer, Status};
use crate::text::tr;

/// Longest value a text field accepts; the validation says more precisely what fits.
const MAX_INPUT_CHARS: usize = 128;

/// The search form.
#[component]
pub fn QueryFormView() -> impl IntoView {
    let ex = expect_context::<Explorer>();
    let loading = move || ex.status.get() == Status::Loading;
    let blocked = move || ex.attempted.get() && ex.validation.with(|v| !v.is_valid());

    view! {
        <form
            class="query"
            novalidate
            aria-label=tr(ex, |t| t.search)
            on:submit=move |ev| {
                ev.prevent_default();
                ex.submit();
            }
        >
            <div class="fields">
                <TextField field=Field::SubCcNo label=tr(ex, |t| t.sub_cc_no) required=true
                    numeric=true get=|f| f.sub_cc_no.clone() set=|f, v| f.sub_cc_no = v />
                <TextField field=Field::Vdn label=tr(ex, |t| t.vdn) required=true numeric=true
                    get=|f| f.vdn.clone() set=|f, v| f.vdn = v />
                <TextField field=Field::CallId label=tr(ex, |t| t.call_id)
                    get=|f| f.call_id.clone() set=|f, v| f.call_id = v />
                <TextField field=Field::CallerNo label=tr(ex, |t| t.caller_no) kind="tel"
                    get=|f| f.caller_no.clone() set=|f, v| f.caller_no = v />
                <TextField field=Field::CalleeNo label=tr(ex, |t| t.callee_no) kind="tel"
                    get=|f| f.callee_no.clone() set=|f, v| f.callee_no = v />
                <TextField field=Field::Begin label=tr(ex, |t| t.begin) kind="datetime-local"
                    get=|f| f.begin.clone() set=|f, v| f.begin = v />
                <TextField field=Field::End label=tr(ex, |t| t.end) kind="datetime-local"
                    get=|f| f.end.clone() set=|f, v| f.end = v />
                <CodeSelect field=Field::CallType label=tr(ex, |t| t.call_type)
                    options=Signal::derive(move || {
                        let locale = ex.locale.get();
                        CallType::known().map(|c| (c.code().to_string(), c.label(locale))).collect()
                    })
                    get=|f| f.call_type.clone() set=|f, v| f.call_type = v />
                <CodeSelect field=Field::MediaType label=tr(ex, |t| t.media_type)
                    options=Signal::derive(move || {
                        let locale = ex.locale.get();
                        MediaType::known().map(|c| (c.code().to_string(), c.label(locale))).collect()
                    })
                    get=|f| f.media_type.clone() set=|f, v| f.media_type = v />
                <SatisfactionField />
            </div>
            <div class="time-tools">
                <span class="zone-note">{tr(ex, |t| t.time_zone_note)} " " <strong>{move || ex.zone.get().name()}</strong></span>
                <div class="presets" role="group" aria-label=tr(ex, |t| t.presets_label)>
                    <PresetButton preset=Preset::Today label=tr(ex, |t| t.preset_today) />
                    <PresetButton preset=Preset::Last24Hours label=tr(ex, |t| t.preset_24h) />
                    <PresetButton preset=Preset::Last7Days label=tr(ex, |t| t.preset_7d) />
                </div>
            </div>
            <div class="actions">
                <button type="submit" class="primary">{tr(ex, |t| t.search)}</button>
                <Show when=loading>
                    <button type="button" class="cancel" on:click=move |_| ex.cancel()>
                        {tr(ex, |t| t.cancel)}
                    </button>
                </Show>
                <button type="button" class="quiet" on:click=move |_| {
                    ex.form.update(|f| {
                        *f = QueryForm { sub_cc_no: f.sub_cc_no.clone(), vdn: f.vdn.clone(), ..QueryForm::default() }
                    });
                    ex.attempted.set(false);
                }>{tr(ex, |t| t.clear_form)}</button>
                <button type="button" class="quiet" on:click=move |_| ex.token_dialog_open.set(true)>
                    {tr(ex, |t| t.token_button)}
                </button>
                <Show when=blocked>
                    <p class="form-error">{tr(ex, |t| t.form_has_errors)}</p>
                </Show>
            </div>
        </form>
    }
}

/// The messages validation gives for one field, when they should show.
fn field_messages(ex: Explorer, field: Field) -> Vec<(Severity, String)> {
    if !ex.shows_problems(field) {
        return Vec::new();
    }
    let locale = ex.locale.get();
    ex.validation.with(|v| {
        v.problems
            .iter()
            .filter(|p| p.field == field)
            .map(|p| (p.severity, p.message(locale)))
            .collect()
    })
}

/// The message element under a field, referenced by the field's `aria-describedby`.
#[component]
fn FieldMessages(field: Field) -> impl IntoView {
    let ex = expect_context::<Explorer>();
    view! {
        <div class="field-msg" id=format!("{}-msg", field.id())>
            // Unkeyed: a message is plain text, and a keyed list's diffing would cost the
            // page more code than it saves here.
            {move || {
                field_messages(ex, field)
                    .into_iter()
                    .map(|(severity, message)| view! {
                        <p class:error=severity == Severity::Error class:warning=severity == Severity::Warning>
                            {message}
                        </p>
                    })
                    .collect_view()
            }}
        </div>
    }
}

/// Whether a field currently shows an error.
fn has_error(ex: Explorer, field: Field) -> bool {
    ex.shows_problems(field)
        && ex.validation.with(|v| {
            v.problems
                .iter()
                .any(|p| p.field == field && p.severity == Severity::Error)
        })
}

/// A labelled input bound to one field of the form.
#[component]
fn TextField(
    /// Which request field this edits.
    field: Field,
    /// The visible label.
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    /// Reads the field from the form.
    get: fn(&QueryForm) -> String,
    /// Writes the field into the form.
    set: fn(&mut QueryForm, String),
    /// The input's `type`.
    #[prop(default = "text")]
    kind: &'static str,
    #[prop(optional)] required: bool,
    /// Digits only: asks touch devices for a number pad.
    #[prop(optional)]
    numeric: bool,
) -> impl IntoView {
    let ex = expect_context::<Explorer>();
    let id = field.id();
    view! {
        <div class="field" class:invalid=move || has_error(ex, field)>
            <label for=id>{label} {required.then_some(view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            <input
                id=id
                name=id
                type=kind
                maxlength=MAX_INPUT_CHARS
                autocomplete="off"
                inputmode=numeric.then_some("numeric")
                required=required
                aria-invalid=move || has_error(ex, field).then_some("true")
                aria-describedby=format!("{id}-msg")
                prop:value=move || ex.form.with(get)
                on:input:target=move |ev| {
                    let value = ev.target().value();
                    ex.edit(field, |f| set(f, value));
                }
            />
            <FieldMessages field />
        </div>
    }
}

/// A select of known codes with an "Any" option.
#[component]
fn CodeSelect(
    field: Field,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    /// (code, label) pairs in display order.
    options: Signal<Vec<(String, String)>>,
    get: fn(&QueryForm) -> String,
    set: fn(&mut QueryForm, String),
) -> impl IntoView {
    let ex = expect_context::<Explorer>();
    let id = field.id();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select
                id=id
                name=id
                aria-describedby=format!("{id}-msg")
                on:change:target=move |ev| {
                    let value = ev.target().value();
                    ex.edit(field, |f| set(f, value));
                }
            >
                <option value="" selected=move || ex.form.with(get).is_empty()>{tr(ex, |t| t.any)}</option>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(code, name)| {
                            let selected_code = code.clone();
                            view! {
                                <option
                                    value=code
                                    selected=move || ex.form.with(get) == selected_code
                                >
                                    {name}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <FieldMessages field />
        </div>
    }
}

/// Satisfaction: a select of the tenant's configured levels, or free text when none are.
#[component]
fn SatisfactionField() -> impl IntoView {
    let ex = expect_context::<Explorer>();
    let configured = move || ex.config.with(|c| !c.evaluation_labels.is_empty());
    view! {
        <Show
            when=configured
            fallback=move || view! {
                <TextField field=Field::EvaluationValue label=tr(ex, |t| t.satisfaction)
                    get=|f| f.evaluation_value.clone() set=|f, v| f.evaluation_value = v />
            }
        >
            <CodeSelect field=Field::EvaluationValue label=tr(ex, |t| t.satisfaction)
                options=Signal::derive(move || ex.config.with(|c| {
                    c.evaluation_labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
                }))
                get=|f| f.evaluation_value.clone() set=|f, v| f.evaluation_value = v />
        </Show>
    }
}

/// Fills Begin and End with a common range, in the chosen zone.
#[component]
fn PresetButton(
    preset: Preset,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
) -> impl IntoView {
    let ex = expect_context::<Explorer>();
    view! {
        <button type="button" class="preset" on:click=move |_| {
            let zone = ex.zone.get_untracked();
            let week_start = ex.config.with_untracked(|c| c.week_start());
            let (begin, end) = preset_range(preset, js_sys::Date::now() as i64, &zone, week_start);
            ex.edit(Field::Begin, |f| {
                f.begin = format_input(begin, &zone);
                f.end = format_input(end, &zone);
            });
        }>{label}</button>
    }
}
