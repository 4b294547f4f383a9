//! What a search brought, below the status line: why it failed, or the answer's notes, the
//! toolbar, then the table or the summary; and the status line's text once answered.

use leptos::prelude::*;

use super::complete::{LoadState, Loaded};
use super::facets::FacetsPanel;
use super::progress::LoadProgress;
use super::summary::SummaryView;
use super::table::ResultTable;
use super::toolbar::ResultToolbar;
use super::{Table, ViewMode};
use crate::shell::{Search, Settings, Status, TokenStore};
use crate::text::{results, tr_results};

/// The failure alert, then the answer's views.
#[component]
pub fn AnswerView() -> impl IntoView {
    let search = expect_context::<Search>();
    let settings = expect_context::<Settings>();
    let token = expect_context::<TokenStore>();
    let table = expect_context::<Table>();
    let locale = settings.locale_signal();
    // An answer with nothing to show (a new search's first records not in yet, a search
    // that found nothing) shows no toolbar, filters or empty table: the status line says
    // why. A load shows its progress and problems even before its first records, and an
    // answer whose records could not be read says so.
    let shows_answer = Memo::new(move |_| {
        table.answer().is_some() && {
            let v = table.loaded().view();
            v.loaded > 0
                || table.loaded().skipped() > 0
                || !matches!(
                    v.state,
                    LoadState::Receiving | LoadState::Whole | LoadState::Broken
                )
        }
    });
    view! {
        <div role="alert" class="alert" id="search-alert">
            {move || match search.status() {
                Status::Failed(failure) => {
                    let needs_token = failure.needs_token();
                    Some(view! {
                        <p>{failure.message(settings.locale())}</p>
                        <Show when=move || needs_token>
                            <button type="button" on:click=move |_| token.open_dialog()>
                                {tr_results(locale, |t| t.token_button)}
                            </button>
                        </Show>
                    }.into_any())
                }
                // Rows arrived, then the body broke off: they stay, with why the rest did not.
                Status::Done => table.answer().and_then(|answer| {
                    let failure = answer.broken.clone()?;
                    let locale = settings.locale();
                    let received = locale.count(answer.records.len() as u64);
                    Some(view! {
                        <p>{results(locale).broken_off(&received)} " " {failure.message(locale)}</p>
                    }.into_any())
                }),
                _ => None,
            }}
        </div>
        // Built once, with the page, and hidden until an answer arrives: building the
        // toolbar, headers and pager took ~35 ms of the first search's click → first rows,
        // while a 10,000-record answer is in after 25–45 ms (BENCHMARKS.md, "First rows").
        <div class="answer-frame" hidden=move || !shows_answer.get()>
            <LoadProgress />
            <AnswerNotes />
            <ResultToolbar />
            <FacetsPanel />
            <Show
                when=move || table.view_mode() == ViewMode::Table
                fallback=|| view! { <SummaryView /> }
            >
                <ResultTable />
            </Show>
        </div>
    }
}

/// The status line's text once a search is answered: "Showing 1–20 of 134", or why nothing
/// shows.
#[component]
pub fn PageStatus() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let table = expect_context::<Table>();
    let search = expect_context::<Search>();
    move || {
        let locale = settings.locale();
        let t = results(locale);
        let returned = table.loaded().len();
        let shown = table.visible_count();
        // "Showing 1–20 of 255", and, when the quick filter or the filters leave fewer
        // than came (a filter kept from an earlier search, say), of how many: as many as
        // the views show (a redraw's count), not the list still growing behind them.
        let showing = || {
            let line = table.paging().summary(shown, locale);
            let drawn = table.loaded().view().loaded;
            if shown < drawn {
                format!("{line}{}", t.filtered_from(&locale.count(drawn as u64)))
            } else {
                line
            }
        };
        // While a search runs, only the rows of its own answer arriving are told of.
        if search.is_loading() {
            let receiving = table.loaded().view().state == LoadState::Receiving;
            if !receiving || returned == 0 {
                return String::new();
            }
            return format!(" {}", showing());
        }
        if returned == 0 {
            t.no_records.to_string()
        } else if shown == 0 {
            t.no_filter_match.to_string()
        } else {
            showing()
        }
    }
}

/// Warnings about the answer as a whole: a capped result, unreadable records.
#[component]
fn AnswerNotes() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let loaded = expect_context::<Loaded>();
    let t = move || results(settings.locale());
    // Only a capped answer that cannot be split by time stays short (the load says the rest).
    let capped = move || {
        let v = loaded.view();
        (v.state == LoadState::Capped).then(|| {
            let locale = settings.locale();
            t().total_exceeds(&locale.count(v.counted), &locale.count(v.loaded as u64))
        })
    };
    let skipped = move || {
        let skipped = loaded.skipped();
        (skipped > 0).then(|| t().skipped_records(&settings.locale().count(skipped as u64)))
    };
    view! {
        {move || capped().map(|msg| view! { <p class="note warning" id="total-exceeds">{msg}</p> })}
        {move || skipped().map(|msg| view! { <p class="note warning">{msg}</p> })}
    }
}
