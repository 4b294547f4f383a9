//! The answer to a search: status and alerts, the summary, the quick filter, the sortable
//! table of the current page, and the pager. All but the status and alerts load on first
//! use ([`crate::deferred`]).

use std::time::Duration;

use cdr_core::table::{Column, Direction, PAGE_SIZES};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::summary::SummaryView;
use super::toolbar::ResultToolbar;
use crate::deferred::{self, OnFailure, Part};
use crate::state::{Explorer, Status, ViewMode};
use crate::text::{fill, more_text, text, tr, tr_more};

/// Everything below the form: the status line here, the rest from [`ResultDetails`].
#[component]
pub fn ResultsView() -> impl IntoView {
    let ex = expect_context::<Explorer>();
    let t = move || text(ex.locale.get());
    view! {
        <section class="results" aria-busy=move || (ex.status.get() == Status::Loading).then_some("true")>
            <p role="status" class="status-line" id="search-status">
                {move || match ex.status.get() {
                    Status::Loading => t().searching.to_string(),
                    Status::Cancelled => t().cancelled.to_string(),
                    Status::Idle => t().empty_state.to_string(),
                    Status::Done => summary(ex),
                    Status::Failed(_) => String::new(),
                }}
            </p>
            {deferred::show(Part::ResultViews, OnFailure::Alert)}
        </section>
    }
}

/// What a search brought: why it failed (the messages load with this view), or the answer's
/// notes, toolbar, then the table or the summary. Loaded on first use (see
/// [`crate::deferred`]), with the filtering, sorting and summary code.
#[component]
pub fn ResultDetails() -> impl IntoView {
    let ex = expect_context::<Explorer>();
    let has_result = move || ex.result.with(Option::is_some);
    view! {
        <div role="alert" class="alert" id="search-alert">
            {move || match ex.status.get() {
                Status::Failed(failure) => {
                    let needs_token = failure.needs_token();
                    Some(view! {
                        <p>{failure.message(ex.locale.get())}</p>
                        <Show when=move || needs_token>
                            <button type="button" on:click=move |_| ex.token_dialog_open.set(true)>
                                {tr(ex, |t| t.token_button)}
                            </button>
                        </Show>
                    })
                }
                _ => None,
            }}
        </div>
        <Show when=has_result>
            <ResultNotes />
            <ResultToolbar />
            <Show
                when=move || ex.view_mode.get() == ViewMode::Table
                fallback=|| view! { <SummaryView /> }
            >
                <ResultTable />
            </Show>
        </Show>
    }
}

/// "Showing 1–20 of 134", or why nothing shows.
fn summary(ex: Explorer) -> String {
    let t = text(ex.locale.get());
    let returned = ex
        .result
        .with(|r| r.as_ref().map_or(0, |r| r.records.len()));
    let shown = ex.visible.with(|v| v.len());
    if returned == 0 {
        t.no_records.to_string()
    } else if shown == 0 {
        t.no_filter_match.to_string()
    } else {
        ex.current_paging().summary(shown, ex.locale.get())
    }
}

/// Warnings about the answer as a whole: a capped result, unreadable records.
#[component]
fn ResultNotes() -> impl IntoView {
    let ex = expect_context::<Explorer>();
    let t = move || more_text(ex.locale.get());
    let capped = move || {
        let (total, returned) = ex.result.with(|r| r.as_ref()?.shortfall())?;
        Some(fill(
            t().total_exceeds,
            &[("total", &total), ("returned", &returned)],
        ))
    };
    let skipped = move || {
        ex.result.with(|r| {
            let skipped = r.as_ref()?.skipped;
            (skipped > 0).then(|| fill(t().skipped_records, &[("skipped", &skipped)]))
        })
    };
    view! {
        {move || capped().map(|msg| view! { <p class="note warning" id="total-exceeds">{msg}</p> })}
        {move || skipped().map(|msg| view! { <p class="note warning">{msg}</p> })}
    }
}

/// How long the quick filter waits for typing to pause.
const FILTER_DELAY: Duration = Duration::from_millis(150);

/// The quick filter, the table and the pager.
#[component]
fn ResultTable() -> impl IntoView {
    let ex = expect_context::<Explorer>();
    let pending_filter = StoredValue::new(None::<TimeoutHandle>);
    // The record indices on the current page. Rows are keyed by their place on the page,
    // so a page switch, a sort or a new search updates the rows' text in place instead of
    // building new rows.
    let page = Memo::new(move |_| {
        let paging = ex.current_paging();
        ex.visible.with(|v| v[paging.range(v.len())].to_vec())
    });
    view! {
        <div class="table-tools">
            <label class="filter">
                <span>{tr_more(ex, |t| t.filter_label)}</span>
                <input
                    type="search"
                    id="quick-filter"
                    maxlength=128
                    placeholder=tr_more(ex, |t| t.filter_placeholder)
                    prop:value=move || ex.filter.get()
                    on:input:target=move |ev| {
                        // Filtering 100,000 records takes a noticeable moment: wait for a
                        // pause in typing instead of filtering on every keystroke.
                        if let Some(handle) = pending_filter.get_value() {
                            handle.clear();
                        }
                        let needle = ev.target().value();
                        let handle = set_timeout_with_handle(
                            move || ex.set_filter(needle),
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
                <caption class="visually-hidden">{tr_more(ex, |t| t.results_caption)}</caption>
                <thead>
                    <tr>
                        <For each=move || ex.columns.get() key=|column| *column let(column)>
                            <HeaderCell column />
                        </For>
                    </tr>
                </thead>
                // One click and one keydown listener for all rows, not two per row: a page
                // switch then builds rows without registering listeners.
                <tbody
                    on:click=move |ev| { open_row(ex, &ev); }
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" && open_row(ex, &ev) {
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
    let ex = expect_context::<Explorer>();
    let state = move || match ex.sort.get() {
        Some((c, Direction::Ascending)) if c == column => "ascending",
        Some((c, Direction::Descending)) if c == column => "descending",
        _ => "none",
    };
    view! {
        <th scope="col" aria-sort=state data-column=column.key()>
            <button type="button" class="sort" on:click=move |_| ex.sort_by(column)>
                {move || column.title(ex.locale.get())}
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
fn open_row(ex: Explorer, ev: &web_sys::Event) -> bool {
    let Some(index) = row_index(ev) else {
        return false;
    };
    ex.selected.set(Some(index));
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
    let ex = expect_context::<Explorer>();
    let index = move || page.with(|p| p.get(place).copied());
    let cells = move || {
        let index = index()?;
        let set = ex.result.get()?;
        let ctx = ex.display.get();
        let record = set.records.get(index)?;
        let cells = ex
            .columns
            .get()
            .into_iter()
            .map(|column| {
                let cell = ctx.cell(record, column);
                view! {
                    <td class:raw=cell.unknown title=cell.raw data-column=column.key()>{cell.text}</td>
                }
            })
            .collect_view();
        Some(cells)
    };
    view! {
        <tr
            id=move || index().map(|i| format!("row-{i}"))
            tabindex="0"
            class:selected=move || index().is_some_and(|i| ex.selected.get() == Some(i))
        >
            {cells}
        </tr>
    }
}

/// Previous / Next, "Page N of M" and the page size.
#[component]
fn Pager() -> impl IntoView {
    let ex = expect_context::<Explorer>();
    let t = move || more_text(ex.locale.get());
    let count = move || ex.visible.with(|v| v.len());
    let paging = move || ex.current_paging();
    let at_first = move || paging().page == 0;
    let at_last = move || paging().page + 1 >= paging().page_count(count());
    view! {
        <nav class="pager" aria-label=tr_more(ex, |t| t.results_caption)>
            <button type="button" disabled=at_first on:click=move |_| {
                let p = paging();
                ex.paging.set(cdr_core::table::Paging { page: p.page.saturating_sub(1), ..p });
            }>{tr_more(ex, |t| t.previous_page)}</button>
            <span class="page-of">
                {move || fill(t().page_of, &[("page", &(paging().page + 1)), ("pages", &paging().page_count(count()))])}
            </span>
            <button type="button" disabled=at_last on:click=move |_| {
                let p = paging();
                ex.paging.set(cdr_core::table::Paging { page: p.page + 1, ..p }.clamp(count()));
            }>{tr_more(ex, |t| t.next_page)}</button>
            <label class="page-size">
                <span>{tr_more(ex, |t| t.rows_per_page)}</span>
                <select on:change:target=move |ev| {
                    if let Ok(size) = ev.target().value().parse::<usize>() {
                        ex.paging.set(cdr_core::table::Paging { page: 0, size });
                    }
                }>
                    {PAGE_SIZES.into_iter().map(|size| view! {
                        <option value=size.to_string() selected=move || ex.paging.get().size == size>{size}</option>
                    }).collect_view()}
                </select>
            </label>
        </nav>
    }
}
