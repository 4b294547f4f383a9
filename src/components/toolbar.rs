//! Actions on a result: table or summary, CSV export, a link to the search, and the column
//! chooser.

use cdr_core::table::Column;
use leptos::prelude::*;

use crate::browser;
use crate::state::{Explorer, ViewMode};
use crate::text::{fill, more_text, tr_more};

/// The bar above the table.
#[component]
pub fn ResultToolbar() -> impl IntoView {
    let ex = expect_context::<Explorer>();
    let t = move || more_text(ex.locale.get());
    let link_copied = RwSignal::new(false);
    // The export can only hold what the service returned: say so before the user relies on it.
    let partial = move || {
        let (total, returned) = ex.result.with(|r| r.as_ref()?.shortfall())?;
        Some(fill(
            t().export_partial,
            &[("total", &total), ("returned", &returned)],
        ))
    };
    view! {
        <div class="toolbar">
            <div class="view-switch" role="group" aria-label=tr_more(ex, |t| t.view_label)>
                <ModeButton mode=ViewMode::Table label=tr_more(ex, |t| t.view_table) />
                <ModeButton mode=ViewMode::Summary label=tr_more(ex, |t| t.view_summary) />
            </div>
            <button type="button" id="export-csv" on:click=move |_| { ex.export_csv(); }>
                {tr_more(ex, |t| t.export_csv)}
            </button>
            <button type="button" id="copy-link" on:click=move |_| {
                if let Some(link) = ex.share_link() {
                    browser::copy_text(&link);
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
    let ex = expect_context::<Explorer>();
    view! {
        <button
            type="button"
            class="mode"
            aria-pressed=move || if ex.view_mode.get() == mode { "true" } else { "false" }
            on:click=move |_| ex.view_mode.set(mode)
        >
            {label}
        </button>
    }
}

/// Show, hide and reorder columns; the choice is remembered in this browser.
#[component]
fn ColumnChooser() -> impl IntoView {
    let ex = expect_context::<Explorer>();
    let t = move || more_text(ex.locale.get());
    // Shown columns in their order, then the hidden ones in their usual order.
    let entries = move || {
        let shown = ex.columns.get();
        let hidden = Column::ALL.into_iter().filter(|c| !shown.contains(c));
        shown
            .iter()
            .map(|c| (*c, true))
            .chain(hidden.map(|c| (c, false)))
            .collect::<Vec<_>>()
    };
    view! {
        <details class="column-chooser">
            <summary>{tr_more(ex, |t| t.columns)}</summary>
            <ul>
                <For each=entries key=|entry| *entry let((column, shown))>
                    <li>
                        <label>
                            <input
                                type="checkbox"
                                data-column=column.key()
                                prop:checked=shown
                                on:change=move |_| ex.toggle_column(column)
                            />
                            {move || column.title(ex.locale.get())}
                        </label>
                        <Show when=move || shown>
                            <button type="button" class="icon"
                                aria-label=move || format!("{}: {}", t().move_left, column.title(ex.locale.get()))
                                on:click=move |_| ex.move_column(column, -1)>"\u{2190}"</button>
                            <button type="button" class="icon"
                                aria-label=move || format!("{}: {}", t().move_right, column.title(ex.locale.get()))
                                on:click=move |_| ex.move_column(column, 1)>"\u{2192}"</button>
                        </Show>
                    </li>
                </For>
            </ul>
        </details>
    }
}
