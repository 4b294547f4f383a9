//! The query form: every request field with its label, messages from `cdr-core`'s validation
//! beside the field they concern (and, beside Begin/End, the offset taken for a time a clock
//! change skipped or repeated, from `crate::results::clock_note`), the time presets of `Preset::ALL`, and Search / Cancel.

use cdr_core::batch::MAX_IDS;
use cdr_core::codes::{CallType, MediaType};
use cdr_core::time::Preset;
use cdr_core::validate::{Field, Severity};
use cdr_core::QueryForm;
use leptos::prelude::*;

use super::{Search, Settings, TokenStore};
use crate::browser;
use crate::split::{self, OnFailure, Part};
use crate::text::{tr, ShellText};

/// Longest value a text field accepts; the validation says more precisely what fits.
const MAX_INPUT_CHARS: usize = 128;

/// The search form.
#[component]
pub fn QueryFormView() -> impl IntoView {
    let search = expect_context::<Search>();
    let settings = expect_context::<Settings>();
    let token = expect_context::<TokenStore>();
    let locale = settings.locale_signal();

    view! {
        <form
            class="query"
            novalidate
            aria-label=tr(locale, |t| t.search)
            on:submit=move |ev| {
                ev.prevent_default();
                search.submit();
            }
        >
            <div class="fields">
                <TextField field=Field::SubCcNo label=|t| t.sub_cc_no required=true
                    numeric=true get=|f| f.sub_cc_no.clone() set=|f, v| f.sub_cc_no = v />
                <TextField field=Field::Vdn label=|t| t.vdn required=true numeric=true
                    get=|f| f.vdn.clone() set=|f, v| f.vdn = v />
                <ListField field=Field::CallId label=|t| t.call_id hint=|t| t.call_id_hint
                    get=|f| f.call_id.clone() set=|f, v| f.call_id = v />
                <ListField field=Field::CallerNo label=|t| t.caller_no hint=|t| t.caller_no_hint
                    get=|f| f.caller_no.clone() set=|f, v| f.caller_no = v />
                <TextField field=Field::CalleeNo label=|t| t.callee_no kind="tel"
                    get=|f| f.callee_no.clone() set=|f, v| f.callee_no = v />
                <TextField field=Field::Begin label=|t| t.begin kind="datetime-local"
                    get=|f| f.begin.clone() set=|f, v| f.begin = v />
                <TextField field=Field::End label=|t| t.end kind="datetime-local"
                    get=|f| f.end.clone() set=|f, v| f.end = v />
                <CodeSelect field=Field::CallType label=|t| t.call_type
                    options=Signal::derive(move || {
                        let locale = locale.get();
                        CallType::known().map(|c| (c.code().to_string(), c.label(locale))).collect()
                    })
                    get=|f| f.call_type.clone() set=|f, v| f.call_type = v />
                <CodeSelect field=Field::MediaType label=|t| t.media_type
                    options=Signal::derive(move || {
                        let locale = locale.get();
                        MediaType::known().map(|c| (c.code().to_string(), c.label(locale))).collect()
                    })
                    get=|f| f.media_type.clone() set=|f, v| f.media_type = v />
                <SatisfactionField />
            </div>
            <div class="time-tools">
                <span class="zone-note">{tr(locale, |t| t.time_zone_note)} " " <strong>{move || settings.zone().name()}</strong></span>
                {split::slot(Part::ZonePicker, OnFailure::Quiet)}
                <div class="presets" role="group" aria-label=tr(locale, |t| t.presets_label)>
                    {Preset::ALL
                        .map(|preset| view! { <PresetButton preset label=tr(locale, preset_label(preset)) /> })
                        .collect_view()}
                </div>
            </div>
            <div class="actions">
                <button type="submit" class="primary">{tr(locale, |t| t.search)}</button>
                <Show when=move || search.is_loading()>
                    <button type="button" class="cancel" on:click=move |_| search.cancel()>
                        {tr(locale, |t| t.cancel)}
                    </button>
                </Show>
                <button type="button" class="quiet" on:click=move |_| search.clear()>
                    {tr(locale, |t| t.clear_form)}
                </button>
                <button type="button" class="quiet" on:click=move |_| token.open_dialog()>
                    {tr(locale, |t| t.token_button)}
                </button>
                <Show when=move || search.is_blocked()>
                    <p class="form-error">{tr(locale, |t| t.form_has_errors)}</p>
                </Show>
            </div>
        </form>
    }
}

/// The message element under a field, referenced by the field's `aria-describedby`.
#[component]
fn FieldMessages(field: Field) -> impl IntoView {
    let search = expect_context::<Search>();
    let settings = expect_context::<Settings>();
    view! {
        <div class="field-msg" id=format!("{}-msg", field.id())>
            // Unkeyed: a message is plain text, and a keyed list's diffing would cost the
            // page more code than it saves here.
            {move || {
                let locale = settings.locale();
                search
                    .problems_for(field)
                    .into_iter()
                    .map(|p| (p.severity, p.message(locale)))
                    .map(|(severity, message)| view! {
                        <p class:error=severity == Severity::Error class:warning=severity == Severity::Warning>
                            {message}
                        </p>
                    })
                    .collect_view()
            }}
            // A time a clock change skipped or repeated: the note travels with the result views.
            {match field {
                Field::Begin => Some(split::slot(Part::BeginNote, OnFailure::Quiet)),
                Field::End => Some(split::slot(Part::EndNote, OnFailure::Quiet)),
                _ => None,
            }}
        </div>
    }
}

/// A labelled input bound to one field of the form.
#[component]
fn TextField(
    /// Which request field this edits.
    field: Field,
    /// The visible label's text. A plain `fn`, not a closure: one copy of the component's
    /// code serves every field.
    label: fn(&'static ShellText) -> &'static str,
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
    let search = expect_context::<Search>();
    let locale = expect_context::<Settings>().locale_signal();
    let id = field.id();
    view! {
        <div class="field" class:invalid=move || search.has_error(field)>
            <label for=id>{tr(locale, label)} {required.then_some(view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            <input
                id=id
                name=id
                type=kind
                maxlength=MAX_INPUT_CHARS
                autocomplete="off"
                inputmode=numeric.then_some("numeric")
                required=required
                aria-invalid=move || search.has_error(field).then_some("true")
                aria-describedby=format!("{id}-msg")
                // Written when the page changes the form (Clear, a preset, a link, a zone),
                // not when typing does: the input shows what was typed already, and a date
                // typed in part reads as "" (as the form holds it), so writing the form back
                // on every edit of another field wiped it.
                prop:value=move || search.form_value_written(field, get)
                on:input:target=move |ev| {
                    let input = ev.target();
                    let unreadable = browser::typed_in_part(&input);
                    let value = input.value();
                    search.edit(field, |f| {
                        set(f, value);
                        match field {
                            Field::Begin => f.unreadable_times[0] = unreadable,
                            Field::End => f.unreadable_times[1] = unreadable,
                            _ => {}
                        }
                    });
                }
            />
            <FieldMessages field />
        </div>
    }
}

/// A field that takes one value or a list of them (Call IDs, calling numbers:
/// `cdr_core::batch`), so a text area that starts one line high, with a hint that says how
/// to separate them. Enter searches, as in an input; Shift+Enter starts a new line.
#[component]
fn ListField(
    field: Field,
    label: fn(&'static ShellText) -> &'static str,
    hint: fn(&'static ShellText) -> &'static str,
    get: fn(&QueryForm) -> String,
    set: fn(&mut QueryForm, String),
) -> impl IntoView {
    let search = expect_context::<Search>();
    let locale = expect_context::<Settings>().locale_signal();
    let id = field.id();
    // Every item at its longest, with a separator: validation says what is wrong.
    let cap = MAX_IDS * (field.max_chars() + 1);
    view! {
        <div class="field ids" class:invalid=move || search.has_error(field)>
            <label for=id>{tr(locale, label)}</label>
            <textarea
                id=id
                name=id
                rows="1"
                maxlength=cap
                autocomplete="off"
                spellcheck="false"
                aria-invalid=move || search.has_error(field).then_some("true")
                aria-describedby=format!("{id}-hint {id}-msg")
                prop:value=move || search.form_value(get)
                // Enter searches, as in the other fields (one item is typed and sent as
                // before); Shift+Enter starts a new line, and pasted lines stay lines.
                on:keydown=move |ev| {
                    if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                        ev.prevent_default();
                        search.submit();
                    }
                }
                // Read as an input's `value` (the same property): no bindings of its own.
                // A paste past the cap (a script's value passes `maxlength`) is cut to it, so
                // neither the checks nor the page's layout ever hold a megabyte.
                on:input=move |ev| {
                    let mut value = event_target_value(&ev);
                    if let Some((cut, _)) = value.char_indices().nth(cap) {
                        value.truncate(cut);
                    }
                    search.edit(field, |f| set(f, value));
                }
            ></textarea>
            <p class="hint" id=format!("{id}-hint")>{tr(locale, hint)}</p>
            <FieldMessages field />
        </div>
    }
}

/// A select of known codes with an "Any" option.
#[component]
fn CodeSelect(
    field: Field,
    /// The visible label's text (a plain `fn`, as for [`TextField`]).
    label: fn(&'static ShellText) -> &'static str,
    /// (code, label) pairs in display order.
    options: Signal<Vec<(String, String)>>,
    get: fn(&QueryForm) -> String,
    set: fn(&mut QueryForm, String),
) -> impl IntoView {
    let search = expect_context::<Search>();
    let locale = expect_context::<Settings>().locale_signal();
    let id = field.id();
    view! {
        <div class="field">
            <label for=id>{tr(locale, label)}</label>
            <select
                id=id
                name=id
                aria-describedby=format!("{id}-msg")
                on:change:target=move |ev| {
                    let value = ev.target().value();
                    search.edit(field, |f| set(f, value));
                }
            >
                <option value="" selected=move || search.form_value(get).is_empty()>{tr(locale, |t| t.any)}</option>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(code, name)| {
                            let selected_code = code.clone();
                            view! {
                                <option
                                    value=code
                                    selected=move || search.form_value(get) == selected_code
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
    let settings = expect_context::<Settings>();
    let locale = settings.locale_signal();
    let configured = move || settings.with_config(|c| !c.evaluation_labels.is_empty());
    view! {
        <Show
            when=configured
            fallback=move || view! {
                <TextField field=Field::EvaluationValue label=|t| t.satisfaction
                    get=|f| f.evaluation_value.clone() set=|f, v| f.evaluation_value = v />
            }
        >
            <CodeSelect field=Field::EvaluationValue label=|t| t.satisfaction
                options=Signal::derive(move || {
                    let shown = locale.get();
                    settings.with_config(|c| {
                        c.evaluation_labels.get(shown).iter().map(|(k, v)| (k.clone(), v.clone())).collect()
                    })
                })
                get=|f| f.evaluation_value.clone() set=|f, v| f.evaluation_value = v />
        </Show>
    }
}

/// The label of a preset's button.
fn preset_label(preset: Preset) -> fn(&'static ShellText) -> &'static str {
    match preset {
        Preset::Today => |t| t.preset_today,
        Preset::Yesterday => |t| t.preset_yesterday,
        Preset::ThisWeek => |t| t.preset_this_week,
        Preset::LastWeek => |t| t.preset_last_week,
        Preset::ThisMonth => |t| t.preset_this_month,
        Preset::LastMonth => |t| t.preset_last_month,
        Preset::Last24Hours => |t| t.preset_24h,
        Preset::Last7Days => |t| t.preset_7d,
    }
}

/// Fills Begin and End with a common range, in the chosen zone.
#[component]
fn PresetButton(
    preset: Preset,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
) -> impl IntoView {
    let search = expect_context::<Search>();
    view! {
        <button type="button" class="preset" on:click=move |_| search.apply_preset(preset)>
            {label}
        </button>
    }
}
