//! The preferences the result views keep in this browser's `localStorage`: the visible
//! columns in their order, and the saved and recent searches (never with the token).

use cdr_core::columns::{columns_from_json, columns_to_json, move_column, toggle_column};
use cdr_core::saved::{describe_query, SavedSearch, SavedSearches};
use cdr_core::share::form_from_params;
use cdr_core::table::Column;
use cdr_core::validate::validate;
use leptos::prelude::*;

use crate::browser;
use crate::shell::{Search, Settings};

const COLUMNS_KEY: &str = "cdr-explorer.columns";
const SEARCHES_KEY: &str = "cdr-explorer.searches";

/// The preferences store. Copy handles only.
#[derive(Clone, Copy)]
pub struct Preferences {
    search: Search,
    settings: Settings,
    /// Visible columns, in order.
    columns: RwSignal<Vec<Column>>,
    saved: RwSignal<SavedSearches>,
    /// How many of the page's submitted searches are recorded among the recent ones.
    recorded: StoredValue<usize>,
}

impl Preferences {
    /// Reads what this browser keeps (unreadable entries fall back to the defaults).
    /// Starts nothing: [`Preferences::record_recent`] records searches when called.
    pub fn new(search: Search, settings: Settings) -> Preferences {
        let columns = browser::local_get(COLUMNS_KEY)
            .and_then(|t| columns_from_json(&t))
            .unwrap_or_else(|| Column::ALL.to_vec());
        let saved = browser::local_get(SEARCHES_KEY)
            .map(|text| SavedSearches::from_json(&text))
            .unwrap_or_default();
        Preferences {
            search,
            settings,
            columns: RwSignal::new(columns),
            saved: RwSignal::new(saved),
            recorded: StoredValue::new(0),
        }
    }

    /// Records the searches run from the form since the last call among the recent ones,
    /// including those run before the result views loaded (tracks the search store).
    pub fn record_recent(&self) {
        let new: Vec<String> = self.search.with_submitted(|all| {
            let done = self.recorded.get_value().min(all.len());
            all[done..].to_vec()
        });
        if new.is_empty() {
            return;
        }
        self.recorded.update_value(|n| *n += new.len());
        self.update_saved(|s| new.iter().for_each(|params| s.remember_recent(params)));
    }

    /// Visible columns, in order (tracked).
    pub fn columns(&self) -> Vec<Column> {
        self.columns.get()
    }

    /// [`Preferences::columns`] without tracking.
    pub fn columns_untracked(&self) -> Vec<Column> {
        self.columns.get_untracked()
    }

    /// Shows or hides a column; remembered in this browser.
    pub fn toggle_column(&self, column: Column) {
        self.columns.update(|c| toggle_column(c, column));
        self.persist_columns();
    }

    /// Moves a column one place left (-1) or right (+1); remembered in this browser.
    pub fn move_column(&self, column: Column, delta: isize) {
        self.columns.update(|c| move_column(c, column, delta));
        self.persist_columns();
    }

    fn persist_columns(&self) {
        browser::local_set(
            COLUMNS_KEY,
            &self.columns.with_untracked(|c| columns_to_json(c)),
        );
    }

    /// The named searches (tracked).
    pub fn named(&self) -> Vec<SavedSearch> {
        self.saved.with(|s| s.named.clone())
    }

    /// The recent searches, newest first, as query strings (tracked).
    pub fn recent(&self) -> Vec<String> {
        self.saved.with(|s| s.recent.clone())
    }

    /// Saves the form's current search, with what `with_filters` adds to its query string
    /// (the result filters), under a name; false (and every form message shown) when the
    /// form is not valid.
    pub fn save_search(&self, name: &str, with_filters: impl FnOnce(String) -> String) -> bool {
        let Some(params) = self.search.valid_params().map(with_filters) else {
            self.search.reveal_problems();
            return false;
        };
        self.update_saved(|s| s.save(name, &params));
        true
    }

    /// Forgets a saved search.
    pub fn delete_search(&self, name: &str) {
        self.update_saved(|s| s.delete(name));
    }

    /// A short label for a stored search, in the shown zone and language (tracked).
    pub fn describe(&self, params: &str) -> String {
        let zone = self.settings.zone();
        form_from_params(params, &zone)
            .and_then(|form| validate(&form, &zone).query)
            .map(|query| describe_query(&query, &zone, self.settings.locale()))
            .unwrap_or_else(|| params.to_string())
    }

    fn update_saved(&self, change: impl FnOnce(&mut SavedSearches)) {
        self.saved.update(change);
        browser::local_set(SEARCHES_KEY, &self.saved.with_untracked(|s| s.to_json()));
    }
}
