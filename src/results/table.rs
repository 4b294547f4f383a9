//! The quick filter, the sortable table of the current page, and the pager.

use std::time::Duration;

use cdr_core::table::{Column, Direction, PAGE_SIZES};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{Preferences, Table};
use crate::shell::Settings;
use crate::text::{results, tr_results};

/// How long the quick filter waits for typing to pause: long enough to take a burst (a key
/// held down repeats every ~33 ms, a paste is one event) as one needle, short enough not to
/// be noticed. A keystroke costs ~25 ms of work at 100,000 records since the index
/// (BENCHMARKS.md, "Quick filter per keystroke"); it was 150 ms when each one cost
/// 200-500 ms.
const FILTER_DELAY: Duration = Duration::from_millis(50);

/// The quick filter, the table and the pager.
#[component]
pub fn ResultTable() -> impl IntoView {
    let table = expect_context::<Table>();
    let prefs = expect_context::<Preferences>();
    let locale = expect_context::<Settings>().locale_signal();
    let pending_filter = StoredValue::new(None::<TimeoutHandle>);
    // The record indices on the current page. Rows are keyed by their place on the page,
    // so a page switch, a sort or a new search updates the rows' text in place instead of
    // building new rows.
    let page = Memo::new(move |_| table.page_indices());
    view! {
        <div class="table-tools">
            <label class="filter">
                <span>{tr_results(locale, |t| t.filter_label)}</span>
                <input
                    type="search"
                    id="quick-filter"
                    maxlength=128
                    placeholder=tr_results(locale, |t| t.filter_placeholder)
                    prop:value=move || table.filter()
                    on:focus=move |_| table.prepare_filter()
                    on:input:target=move |ev| {
                        // Wait for a short pause in typing: a burst of keys is filtered once.
                        if let Some(handle) = pending_filter.get_value() {
                            handle.clear();
                        }
                        let needle = ev.target().value();
                        let handle = set_timeout_with_handle(
                            move || table.set_filter(needle),
                            FILTER_DELAY,
                        );
                        pending_filter.set_value(handle.ok());
                    }
                />
            </label>
            <Pager />
        </div>
        <div class="table-wrap">
            <table class="records">
                <caption class="visually-hidden">{tr_results(locale, |t| t.results_caption)}</caption>
                <thead>
                    <tr>
                        <For each=move || prefs.columns() key=|column| *column let(column)>
                            <HeaderCell column />
                        </For>
                    </tr>
                </thead>
                // One click and one keydown listener for all rows, not two per row: a page
                // switch then builds rows without registering listeners.
                <tbody
                    on:click=move |ev| { open_row(table, &ev); }
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" && open_row(table, &ev) {
                            ev.prevent_default();
                        }
                    }
                >
                    <For each=move || 0..page.with(Vec::len) key=|place| *place let(place)>
                        <Row page place />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

/// A column header that sorts on activation and says how it is sorted.
#[component]
fn HeaderCell(column: Column) -> impl IntoView {
    let table = expect_context::<Table>();
    let settings = expect_context::<Settings>();
    let state = move || match table.sort_of(column) {
        Some(Direction::Ascending) => "ascending",
        Some(Direction::Descending) => "descending",
        None => "none",
    };
    view! {
        <th scope="col" aria-sort=state data-column=column.key()>
            <button type="button" class="sort" on:click=move |_| table.sort_by(column)>
                {move || column.title(settings.locale())}
                <span class="sort-mark" aria-hidden="true">
                    {move || match state() { "ascending" => "\u{25b2}", "descending" => "\u{25bc}", _ => "" }}
                </span>
            </button>
        </th>
    }
}

/// The index of the row an event happened in, from the row's `row-N` id.
fn row_index(ev: &web_sys::Event) -> Option<usize> {
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let row = target.closest("tbody tr[id^='row-']").ok()??;
    row.id().strip_prefix("row-")?.parse().ok()
}

/// Opens the details of the row an event happened in; false when it was not in a row.
fn open_row(table: Table, ev: &web_sys::Event) -> bool {
    let Some(index) = row_index(ev) else {
        return false;
    };
    table.select(index);
    true
}

/// The record in one place of the page; click or Enter (handled by the table body) opens
/// its details.
#[component]
fn Row(
    /// The record indices on the current page.
    page: Memo<Vec<usize>>,
    /// This row's place on the page (`slot` would be Leptos' slot attribute).
    place: usize,
) -> impl IntoView {
    let table = expect_context::<Table>();
    let prefs = expect_context::<Preferences>();
    let index = move || page.with(|p| p.get(place).copied());
    // The cells as markup, set as the row's `innerHTML`: the browser's parser builds them,
    // ~5× sooner than one element at a time through the view layer (the first rows of an
    // answer wait on this; BENCHMARKS.md, "Streaming first rows"). The values are escaped
    // by `write_row_html`.
    let cells = move || {
        let mut html = String::new();
        let Some(index) = index() else {
            return html;
        };
        // The list only grows while a load runs, so a row's record changes only with the
        // search: redraw for a new search, not for every slice.
        let loaded = table.loaded();
        loaded.search_id();
        let ctx = table.display();
        let columns = prefs.columns();
        loaded.with_records_untracked(|records| {
            if let Some(record) = records.get(index) {
                ctx.write_row_html(record, &columns, &mut html);
            }
        });
        html
    };
    view! {
        <tr
            id=move || index().map(|i| format!("row-{i}"))
            tabindex="0"
            class:selected=move || index().is_some_and(|i| table.selected_index() == Some(i))
            inner_html=cells
        ></tr>
    }
}

/// Previous / Next, "Page N of M" and the page size.
#[component]
fn Pager() -> impl IntoView {
    let table = expect_context::<Table>();
    let settings = expect_context::<Settings>();
    let locale = settings.locale_signal();
    let t = move || results(settings.locale());
    let count = move || table.visible_count();
    let paging = move || table.paging();
    let at_first = move || paging().page == 0;
    let at_last = move || paging().page + 1 >= paging().page_count(count());
    view! {
        <nav class="pager" aria-label=tr_results(locale, |t| t.results_caption)>
            <button type="button" disabled=at_first on:click=move |_| {
                table.go_to_page(paging().page.saturating_sub(1));
            }>{tr_results(locale, |t| t.previous_page)}</button>
            <span class="page-of">
                {move || {
                    let locale = locale.get();
                    let page_count = paging().page_count(count()) as u64;
                    t().page_of(&locale.count(paging().page as u64 + 1), &locale.count(page_count))
                }}
            </span>
            <button type="button" disabled=at_last on:click=move |_| {
                table.go_to_page(paging().page + 1);
            }>{tr_results(locale, |t| t.next_page)}</button>
            <label class="page-size">
                <span>{tr_results(locale, |t| t.rows_per_page)}</span>
                <select on:change:target=move |ev| {
                    if let Ok(size) = ev.target().value().parse::<usize>() {
                        table.set_page_size(size);
                    }
                }>
                    {PAGE_SIZES.into_iter().map(|size| view! {
                        <option value=size.to_string() selected=move || table.page_size() == size>{size}</option>
                    }).collect_view()}
                </select>
            </label>
        </nav>
    }
}
