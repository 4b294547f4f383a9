//! The result filters beside the quick filter (issue #18): outcome chips with counts, a
//! checkbox list with counts per call type, media type, leave reason and satisfaction, and
//! ranges of wait, talk and total duration with their messages; Clear filters. The rules
//! and the counts are `cdr_core::facets`'; the state is the [`Table`] store's, so the
//! table, pager, summary, KPIs and exports all follow.

use cdr_core::call_outcome::CallOutcome;
use cdr_core::codes::code_number;
use cdr_core::facets::{Facet, RangeError, Span};
use cdr_core::fields::FieldKind;
use leptos::prelude::*;

use super::Table;
use crate::shell::Settings;
use crate::text::{results, tr_results};

/// The filters' region, above the table or the summary.
#[component]
pub fn FacetsPanel() -> impl IntoView {
    let table = expect_context::<Table>();
    let settings = expect_context::<Settings>();
    let locale = settings.locale_signal();
    let active = move || table.with_filters(|f| f.active());
    view! {
        <section class="facets" id="filters" aria-label=tr_results(locale, |t| t.filters_label)>
            <div class="chips" role="group" aria-label=tr_results(locale, |t| t.outcome)>
                <Chip outcome=None />
                {CallOutcome::ALL.map(|o| view! { <Chip outcome=Some(o) /> })}
            </div>
            <div class="facet-lists">
                {Facet::ALL.map(|facet| view! { <ValueList facet /> })}
                <Durations />
                <Show when=move || { active() > 0 }>
                    <button type="button" id="clear-filters" on:click=move |_| {
                        table.set_filters(Default::default());
                    }>{tr_results(locale, |t| t.clear_filters)}</button>
                    <span class="facet-note" id="filters-on">
                        {move || results(locale.get()).filters_on(&active())}
                    </span>
                </Show>
            </div>
        </section>
    }
}

/// An outcome chip (`None`: All), pressed when it is among the outcomes shown, with the
/// count it would show under the other filters.
#[component]
fn Chip(outcome: Option<CallOutcome>) -> impl IntoView {
    let table = expect_context::<Table>();
    let locale = expect_context::<Settings>().locale_signal();
    let pressed = move || {
        table.with_filters(|f| match outcome {
            None => f.outcomes.is_empty(),
            Some(o) => f.outcomes.contains(&o),
        })
    };
    let count = move || {
        let n = table.with_faceted(|f| match outcome {
            None => f.counts.all_outcomes(),
            Some(o) => f.counts.outcome(o),
        });
        locale.get().count(n as u64)
    };
    let label = move || match outcome {
        None => results(locale.get()).filter_all,
        Some(o) => o.label(locale.get()),
    };
    view! {
        <button
            type="button"
            class="chip"
            data-outcome=outcome.map_or("all", CallOutcome::key)
            aria-pressed=move || if pressed() { "true" } else { "false" }
            on:click=move |_| match outcome {
                None => table.update_filters(|f| f.outcomes.clear()),
                Some(o) => table.update_filters(|f| f.toggle_outcome(o)),
            }
        >
            {label}
            " "
            <span class="count">{count}</span>
        </button>
    }
}

/// The order of a list's values: numbers by value, then text, "not set" last.
fn order_key(value: &str) -> (bool, Option<u32>, String) {
    (value.is_empty(), code_number(value), value.to_string())
}

/// A facet's values as checkboxes with counts, in a disclosure.
#[component]
fn ValueList(facet: Facet) -> impl IntoView {
    let table = expect_context::<Table>();
    let settings = expect_context::<Settings>();
    let locale = settings.locale_signal();
    let title = move || facet.field().label(locale.get());
    // The values the records have, and any selected one they lack (a link's), in order.
    let values = move || {
        let mut values: Vec<String> = table.with_faceted(|f| {
            f.values[facet as usize]
                .iter()
                .map(|(v, _)| v.clone())
                .collect()
        });
        table.with_filters(|f| {
            for v in f.selected(facet) {
                if !values.contains(v) {
                    values.push(v.clone());
                }
            }
        });
        values.sort_by_cached_key(|v| order_key(v));
        values
    };
    let note = move || {
        let n = table.with_filters(|f| f.selected(facet).len());
        (n > 0).then(|| results(locale.get()).filter_selected(&n))
    };
    // The list is built when the disclosure is first opened (`toggle` fires only on a
    // change, and it starts closed): a closed one shows none of it, and building its ~40
    // checkboxes with the first rows delayed them (BENCHMARKS.md, "First rows").
    let opened = RwSignal::new(false);
    view! {
        <details class="facet" id=format!("facet-{}", facet.param()) on:toggle=move |_| opened.set(true)>
            <summary>
                {title}
                {move || note().map(|n| view! { " " <span class="facet-note">{n}</span> })}
            </summary>
            <Show when=move || opened.get()>
                <fieldset>
                    <legend class="visually-hidden">{title}</legend>
                    <ul>
                        // Keyed: a checkbox keeps its element, and its focus, when counts
                        // change.
                        <For each=values key=|v| v.clone() let(value)>
                            <ValueBox facet value />
                        </For>
                    </ul>
                </fieldset>
            </Show>
        </details>
    }
}

/// One value's checkbox, label and count.
#[component]
fn ValueBox(facet: Facet, value: String) -> impl IntoView {
    let table = expect_context::<Table>();
    let settings = expect_context::<Settings>();
    let locale = settings.locale_signal();
    let label = {
        let value = value.clone();
        move || {
            let locale = locale.get();
            if value.is_empty() {
                return results(locale).filter_not_set.to_string();
            }
            match facet.field().kind() {
                FieldKind::Code(list) => match list.label_of(&value, locale) {
                    Some(label) => label.to_string(),
                    None => results(locale).filter_unknown_code(&value),
                },
                _ => settings
                    .display()
                    .evaluation_labels
                    .configured(&value)
                    .unwrap_or(&value)
                    .to_string(),
            }
        }
    };
    let checked = {
        let value = value.clone();
        move || table.with_filters(|f| f.selected(facet).contains(&value))
    };
    let count = {
        let value = value.clone();
        move || {
            let n = table.with_faceted(|f| {
                f.values[facet as usize]
                    .iter()
                    .find(|(v, _)| *v == value)
                    .map_or(0, |(_, n)| *n)
            });
            locale.get().count(n as u64)
        }
    };
    let data_value = value.clone();
    view! {
        <li>
            <label>
                <input
                    type="checkbox"
                    data-value=data_value
                    prop:checked=checked
                    on:change=move |_| table.update_filters(|f| f.toggle_value(facet, &value))
                />
                {label}
                " "
                // Muted, without brackets: a label may end in its own ("(49)").
                <span class="count facet-note">{count}</span>
            </label>
        </li>
    }
}

/// The wait, talk and total ranges, in a disclosure.
#[component]
fn Durations() -> impl IntoView {
    let table = expect_context::<Table>();
    let locale = expect_context::<Settings>().locale_signal();
    let note = move || {
        let n = table.with_filters(|f| Span::ALL.iter().filter(|&&s| f.range(s).is_set()).count());
        (n > 0).then(|| results(locale.get()).filter_selected(&n))
    };
    view! {
        <details class="facet" id="facet-durations">
            <summary>
                {tr_results(locale, |t| t.filter_durations)}
                {move || note().map(|n| view! { " " <span class="facet-note">{n}</span> })}
            </summary>
            {Span::ALL.map(|span| view! { <RangeFields span /> })}
        </details>
    }
}

/// One span's min and max fields (whole seconds) and why the range is not applied.
#[component]
fn RangeFields(span: Span) -> impl IntoView {
    let table = expect_context::<Table>();
    let locale = expect_context::<Settings>().locale_signal();
    let id = format!("range-{}", span.param());
    let problem = move || table.range_problem(span);
    let invalid = move |max: bool| {
        problem().is_some_and(|p| p == RangeError::MinAboveMax || p.is_max() == max)
    };
    let message = move || {
        let t = results(locale.get());
        problem().map(|p| match p {
            RangeError::NotANumber(_) => t.filter_not_a_number,
            RangeError::Negative(_) => t.filter_negative,
            RangeError::TooLarge(_) => t.filter_too_large,
            RangeError::MinAboveMax => t.filter_min_above_max,
        })
    };
    let msg_id = format!("{id}-msg");
    let field_id = id.clone();
    let field = move |max: bool| {
        let id = &field_id;
        let input_id = format!("{id}-{}", if max { "max" } else { "min" });
        view! {
            <label>
                <span>{move || { let t = results(locale.get()); if max { t.filter_max } else { t.filter_min } }}</span>
                <input
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    maxlength=12
                    id=input_id
                    aria-invalid=move || invalid(max).then_some("true")
                    aria-describedby=msg_id.clone()
                    prop:value=move || table.range_text(span, max)
                    on:input:target=move |ev| table.set_range_text(span, max, ev.target().value())
                />
            </label>
        }
    };
    let legend = move || {
        let t = results(locale.get());
        match span {
            Span::Wait => t.wait,
            Span::Talk => t.talk,
            Span::Duration => t.duration,
        }
    };
    view! {
        <fieldset class="range" id=id.clone()>
            <legend>{legend}</legend>
            {field(false)}
            {field(true)}
            <p class="field-msg error" id=format!("{id}-msg")>{message}</p>
        </fieldset>
    }
}
