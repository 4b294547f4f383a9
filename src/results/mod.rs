//! The result views, loaded after the form shows (in release builds, from their own wasm
//! file: see [`crate::split`]). Everything a search's answer turns into lives here:
//!
//! | what | where |
//! |---|---|
//! | the banner listing `config.json`'s problems | [`config_banner`] |
//! | the failure alert, the answer's notes, the status line's "Showing 1–20 of 134" | [`answer`] |
//! | the records shown, and the load that fetches every slice of a capped answer, or every Call ID of a list | [`complete`] (planned by `cdr_core::slices`, `cdr_core::batch`) |
//! | an answer's body read as it arrives, records decoded chunk by chunk | [`receive`] (`cdr_core::decode::AnswerStream`) |
//! | the load's progress bar, Cancel, failed slices with Retry, the proof | [`progress`] |
//! | quick filter, table rows, sorting headers, pager | [`table`] (state and derivations in [`store`]) |
//! | outcome chips, value lists with counts, duration ranges, Clear filters | [`facets`] (`cdr_core::facets`; state in [`store`]) |
//! | table/summary switch, CSV export button, copy link, column chooser | [`toolbar`] |
//! | the Excel export button (its writer is a third wasm file, fetched on the first click) | [`xlsx`] |
//! | the summary's KPI strip and charts | [`summary`]; the manager's charts (over time, weekday × hour, by wait) in [`charts`] |
//! | the selected record's panel | [`detail`] |
//! | saved and recent searches | [`saved`] (kept by [`prefs`]) |
//! | the access token dialog (the token is the shell's) | [`token_dialog`] |
//! | the note beside Begin/End for a time a clock change skipped or repeated | [`clock_note`] |
//! | the zone picker beside "Times in …" (the zone is the shell's) | [`zone_picker`] |
//! | a portal's messages when the app runs in its iframe | [`embed`] |
//!
//! Sorting, filtering, statistics and CSV are `cdr-core`'s (`table`, `summary`, `export`);
//! the stores here wire them to the answer of [`crate::shell::Search`], which they read and
//! never write. This module may use `shell`; `shell` never names it.

pub mod answer;
pub mod charts;
pub mod clock_note;
pub mod complete;
pub mod config_banner;
pub mod detail;
pub mod embed;
pub mod facets;
pub mod prefs;
pub mod progress;
pub mod receive;
pub mod saved;
pub mod store;
pub mod summary;
pub mod table;
pub mod token_dialog;
pub mod toolbar;
pub mod xlsx;
pub mod zone_picker;

use std::rc::Rc;

use cdr_core::validate::Field;
use leptos::prelude::*;

pub use prefs::Preferences;
pub use store::{Table, ViewMode};

use crate::shell::{Search, Settings, TokenStore};
use crate::split::Part;

/// Creates the result views' stores over the search and settings in context, and provides
/// them as context. Called once, when the views' code has loaded, under the page's owner.
pub fn provide() {
    let search = expect_context::<Search>();
    let settings = expect_context::<Settings>();
    let token = expect_context::<TokenStore>();
    let prefs = Preferences::new(search, settings);
    provide_context(prefs);
    let loaded = complete::Loaded::new(search, settings, token);
    provide_context(loaded);
    // From now on answers are read as they arrive, their first rows shown at once.
    search.set_reader(Rc::new(move |generation, query, abort| {
        leptos::task::spawn_local(loaded.receive_answer(generation, query, abort));
    }));
    let table = Table::new(loaded, settings, prefs);
    provide_context(table);
    // The charts' metric and open tables outlive the summary's view: see ChartControls.
    provide_context(charts::ChartControls::new());
    // The filters join the search in the address bar (the shell writes the search on each
    // Search, then this adds them back), and Back/Forward brings theirs.
    Effect::new(move |_| {
        search.with_submitted(|s| s.len());
        table.with_filters(|_| ());
        // In a task of its own, once this turn's redraw is done: the address changing in the
        // turn that redraws the Summary's charts made the browser restyle them all, 15–30 ms
        // of a chip click at 100,000 records (BENCHMARKS.md); on its own it costs about 1 ms.
        set_timeout(
            move || {
                let params = table.with_filters(|f| {
                    cdr_core::facets::with_filter_params(&crate::browser::location_params(), f)
                });
                crate::browser::replace_params(&params);
            },
            std::time::Duration::ZERO,
        );
    });
    crate::browser::on_history_change(move |params| {
        table.set_filters(cdr_core::facets::from_params(&params));
    });
    embed::connect(settings, search);
}

/// Builds one of the result views.
pub fn build(part: Part) -> AnyView {
    match part {
        Part::ConfigBanner => view! { <config_banner::ConfigBanner /> }.into_any(),
        Part::Answer => view! { <answer::AnswerView /> }.into_any(),
        Part::PageStatus => view! { <answer::PageStatus /> }.into_any(),
        Part::SavedSearches => view! { <saved::SavedSearchesPanel /> }.into_any(),
        Part::DetailPanel => view! { <detail::DetailPanel /> }.into_any(),
        Part::TokenDialog => view! { <token_dialog::TokenDialog /> }.into_any(),
        Part::BeginNote => view! { <clock_note::ClockNote field=Field::Begin /> }.into_any(),
        Part::EndNote => view! { <clock_note::ClockNote field=Field::End /> }.into_any(),
        Part::ZonePicker => view! { <zone_picker::ZonePicker /> }.into_any(),
    }
}
