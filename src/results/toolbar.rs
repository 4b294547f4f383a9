//! Actions on a result: table or summary, CSV and Excel export, a link to the search, and the column
//! chooser.

use cdr_core::table::Column;
use leptos::prelude::*;

use super::complete::LoadState;
use super::xlsx::ExcelButton;
use super::{Preferences, Table, ViewMode};
use crate::browser;
use crate::shell::{Search, Settings};
use crate::text::{results, tr_results};

/// The bar above the table.
#[component]
pub fn ResultToolbar() -> impl IntoView {
    let table = expect_context::<Table>();
    let search = expect_context::<Search>();
    let settings = expect_context::<Settings>();
    let locale = settings.locale_signal();
    let t = move || results(settings.locale());
    let link_copied = RwSignal::new(false);
    // The export can only hold what the service returned: say so before the user relies on it.
    let partial = move || {
        let v = table.loaded().view();
        let locale = settings.locale();
        v.is_partial().then(|| match v.ids {
            Some(_) => super::progress::partial_text(&v, locale),
            // Only a capped answer that cannot be split is what the service returned; any
            // other partial set is what the load brought (so far, or before it stopped).
            None if v.state == LoadState::Capped => {
                t().export_partial(&locale.count(v.loaded as u64), &locale.count(v.counted))
            }
            None => {
                t().export_loaded_partial(&locale.count(v.loaded as u64), &locale.count(v.counted))
            }
        })
    };
    view! {
        <div class="toolbar">
            <div class="view-switch" role="group" aria-label=tr_results(locale, |t| t.view_label)>
                <ModeButton mode=ViewMode::Table label=tr_results(locale, |t| t.view_table) />
                <ModeButton mode=ViewMode::Summary label=tr_results(locale, |t| t.view_summary) />
            </div>
            <button type="button" id="export-csv" on:click=move |_| { table.export_csv(); }>
                {tr_results(locale, |t| t.export_csv)}
            </button>
            <ExcelButton note=Callback::new(move |()| untrack(partial)) />
            <button type="button" id="copy-link" on:click=move |_| {
                // The search and the filters beside it (never the token).
                if let Some(params) = table.params_with_filters(search.valid_params()) {
                    browser::copy_text(&browser::link_with_params(&params));
                    link_copied.set(true);
                }
            }>
                {move || if link_copied.get() { t().link_copied } else { t().copy_link }}
            </button>
            <ColumnChooser />
            {move || partial().map(|msg| view! { <p class="note" id="export-partial">{msg}</p> })}
        </div>
    }
}

#[component]
fn ModeButton(
    mode: ViewMode,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
) -> impl IntoView {
    let table = expect_context::<Table>();
    view! {
        <button
            type="button"
            class="mode"
            aria-pressed=move || if table.view_mode() == mode { "true" } else { "false" }
            on:click=move |_| table.set_view_mode(mode)
        >
            {label}
        </button>
    }
}

/// Show, hide and reorder columns; the choice is remembered in this browser.
#[component]
fn ColumnChooser() -> impl IntoView {
    let prefs = expect_context::<Preferences>();
    let settings = expect_context::<Settings>();
    let locale = settings.locale_signal();
    let t = move || results(settings.locale());
    // Shown columns in their order, then the hidden ones in their usual order.
    let entries = move || {
        let shown = prefs.columns();
        let hidden = Column::ALL.into_iter().filter(|c| !shown.contains(c));
        shown
            .iter()
            .map(|c| (*c, true))
            .chain(hidden.map(|c| (c, false)))
            .collect::<Vec<_>>()
    };
    view! {
        <details class="column-chooser">
            <summary>{tr_results(locale, |t| t.columns)}</summary>
            <ul>
                <For each=entries key=|entry| *entry let((column, shown))>
                    <li>
                        <label>
                            <input
                                type="checkbox"
                                data-column=column.key()
                                prop:checked=shown
                                // The last column shown stays: the table needs one.
                                disabled=move || shown && prefs.columns().len() == 1
                                on:change=move |_| prefs.toggle_column(column)
                            />
                            {move || column.title(settings.locale())}
                        </label>
                        <Show when=move || shown>
                            <button type="button" class="icon" id=move_id(column, -1)
                                aria-label=move || t().move_left_of(&column.title(settings.locale()))
                                on:click=move |_| move_keeping_focus(prefs, column, -1)>"\u{2190}"</button>
                            <button type="button" class="icon" id=move_id(column, 1)
                                aria-label=move || t().move_right_of(&column.title(settings.locale()))
                                on:click=move |_| move_keeping_focus(prefs, column, 1)>"\u{2192}"</button>
                        </Show>
                    </li>
                </For>
            </ul>
        </details>
    }
}

/// The id of a column's move button: `move-callId-left`, `move-callId-right`.
fn move_id(column: Column, delta: isize) -> String {
    let side = if delta < 0 { "left" } else { "right" };
    format!("move-{}-{side}", column.key())
}

/// Moves `column` and gives the focus back to the button pressed: its row moves in the
/// list, and the browser drops the focus of an element it moves.
fn move_keeping_focus(prefs: Preferences, column: Column, delta: isize) {
    prefs.move_column(column, delta);
    request_animation_frame(move || browser::focus_by_id(&move_id(column, delta)));
}
