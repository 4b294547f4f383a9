//! The explorer's state and actions, shared with every component through context (as in
//! Leptos' todomvc example): components read signals and call methods, and stay thin.

use std::sync::Arc;

use cdr_core::columns::{columns_from_json, columns_to_json, move_column, toggle_column};
use cdr_core::config::AppConfig;
use cdr_core::export::{export_file_name, to_csv};
use cdr_core::saved::{describe_query, SavedSearches};
use cdr_core::share::{form_from_params, query_to_params};
use cdr_core::summary::{summarize, Summary};
use cdr_core::table::{filter_indices, sort_indices, Column, Direction, DisplayContext, Paging};
use cdr_core::validate::{validate, Field, Validation};
use cdr_core::{codes::EvaluationLabels, outcome::Failure, Locale, Query, QueryForm, Record, Zone};
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use crate::api::{ApiClient, SearchError};
use crate::browser;
use crate::zone_intl;

/// Where a search stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Idle,
    Loading,
    Cancelled,
    Failed(Failure),
    Done,
}

/// Table or summary charts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewMode {
    Table,
    Summary,
}

/// The records of one answer.
#[derive(Debug)]
pub struct ResultSet {
    /// Which search produced it; keys the table rows so a new answer rebuilds them.
    pub search_id: u64,
    /// The query that was answered (for the export's file name).
    pub query: Query,
    pub records: Vec<Record>,
    pub total: Option<u64>,
    pub skipped: usize,
}

impl ResultSet {
    /// `(total, returned)` when the service found more calls than it sent back.
    pub fn shortfall(&self) -> Option<(u64, u64)> {
        let returned = self.records.len() as u64;
        self.total
            .filter(|total| *total > returned)
            .map(|total| (total, returned))
    }
}

/// Key under which "Remember in this tab" keeps the token.
const TOKEN_SESSION_KEY: &str = "cdr-explorer.token";
/// Browser-local preferences: never the token.
const COLUMNS_KEY: &str = "cdr-explorer.columns";
const SEARCHES_KEY: &str = "cdr-explorer.searches";
const LOCALE_KEY: &str = "cdr-explorer.locale";

/// All state of the explorer. Every field is a Copy handle, so the struct is Copy too.
#[derive(Clone, Copy)]
pub struct Explorer {
    pub config: RwSignal<AppConfig>,
    pub config_problems: RwSignal<Vec<String>>,
    pub locale: Memo<Locale>,
    pub zone: Memo<Zone>,
    pub display: Memo<Arc<DisplayContext>>,
    pub form: RwSignal<QueryForm>,
    touched: RwSignal<Vec<Field>>,
    pub attempted: RwSignal<bool>,
    pub validation: Memo<Validation>,
    pub token: RwSignal<Option<String>>,
    pub remember_token: RwSignal<bool>,
    pub token_dialog_open: RwSignal<bool>,
    pub status: RwSignal<Status>,
    pub result: RwSignal<Option<Arc<ResultSet>>>,
    pub sort: RwSignal<Option<(Column, Direction)>>,
    pub filter: RwSignal<String>,
    pub paging: RwSignal<Paging>,
    /// Indices of the records that pass the quick filter, in the chosen order.
    pub visible: Memo<Arc<Vec<usize>>>,
    pub selected: RwSignal<Option<usize>>,
    /// Visible columns, in order.
    pub columns: RwSignal<Vec<Column>>,
    /// A language picked with the switch; overrides the configuration.
    pub locale_choice: RwSignal<Option<Locale>>,
    pub saved: RwSignal<SavedSearches>,
    pub view_mode: RwSignal<ViewMode>,
    /// Statistics of the filtered result, computed only while the summary is shown.
    pub summary: Memo<Arc<Summary>>,
    /// What the deferred half handed over when it loaded (see [`Derivations`]).
    derivations: RwSignal<Option<Derivations>>,
    /// Searches run before the saved-search code was there, oldest first; recorded when it
    /// loads ([`Explorer::install_deferred`]).
    recent_queue: StoredValue<Vec<String>>,
    retry_after_token: RwSignal<Option<Query>>,
    generation: StoredValue<u64>,
    in_flight: StoredValue<Option<(AbortController, Query)>, LocalStorage>,
}

/// The computations behind [`Explorer::visible`] and [`Explorer::summary`] (filtering,
/// sorting, statistics) and the recording of recent searches, as function pointers the
/// deferred half hands over when it loads ([`Explorer::install_deferred`]). Only the
/// deferred half of a split build names these functions, so their code is loaded with the
/// views that show their results (src/deferred.rs), not with the form.
#[derive(Clone, Copy)]
struct Derivations {
    visible: VisibleFn,
    summary: fn(&[Record], &[usize], &DisplayContext) -> Summary,
    remember_recent: fn(Explorer, &str),
}

/// Records, quick filter, display context, sort → the indices to show, in order.
type VisibleFn = fn(&[Record], &str, &DisplayContext, Option<(Column, Direction)>) -> Vec<usize>;

impl Derivations {
    /// Quick filter, then the chosen sort; the summary of what that leaves.
    fn standard() -> Derivations {
        Derivations {
            visible: |records, needle, ctx, sort| {
                let mut indices = filter_indices(records, needle, ctx);
                if let Some((column, direction)) = sort {
                    sort_indices(records, &mut indices, column, direction);
                }
                indices
            },
            summary: summarize,
            remember_recent: |ex, params| ex.update_saved(|s| s.remember_recent(params)),
        }
    }
}

impl Explorer {
    /// Creates the state from the configuration and provides it as context.
    pub fn provide(config: AppConfig, config_problems: Vec<String>) -> Explorer {
        let form = QueryForm {
            sub_cc_no: config.sub_cc_no.clone(),
            vdn: config.vdn.clone(),
            ..QueryForm::default()
        };
        let page_size = config.page_size;
        let stored_token = session_storage()
            .and_then(|s| s.get_item(TOKEN_SESSION_KEY).ok().flatten())
            .filter(|t| !t.is_empty());
        let remember = stored_token.is_some();
        let token = config.token.clone().or(stored_token);
        let config = RwSignal::new(config);
        let locale_choice =
            RwSignal::new(browser::local_get(LOCALE_KEY).and_then(|tag| Locale::from_tag(&tag)));
        let browser_locale = browser::browser_language().and_then(|tag| Locale::from_tag(&tag));
        // The switch, then the operator's choice, then the browser's language.
        let locale = Memo::new(move |_| {
            locale_choice
                .get()
                .or_else(|| config.with(|c| Locale::from_tag(&c.locale)))
                .or(browser_locale)
                .unwrap_or_default()
        });
        // Rules are built once per setting (zone_intl keeps them), not per config change.
        let zone: Memo<Zone> =
            Memo::new(move |_| config.with(|c| zone_intl::zone_from_setting(&c.time_zone)));
        let display = Memo::new(move |_| {
            Arc::new(DisplayContext {
                zone: zone.get(),
                locale: locale.get(),
                evaluation_labels: EvaluationLabels(config.with(|c| c.evaluation_labels.clone())),
                mask_numbers: config.with(|c| c.mask_numbers),
            })
        });
        let form = RwSignal::new(form);
        let validation = Memo::new(move |_| form.with(|f| zone.with(|z| validate(f, z))));
        let result: RwSignal<Option<Arc<ResultSet>>> = RwSignal::new(None);
        let sort = RwSignal::new(None);
        let filter = RwSignal::new(String::new());
        let derivations: RwSignal<Option<Derivations>> = RwSignal::new(None);
        let visible = Memo::new(move |_| {
            let Some(set) = result.get() else {
                return Arc::new(Vec::new());
            };
            let Some(derive) = derivations.get() else {
                // Until the result views' code is there: every record, as received.
                return Arc::new((0..set.records.len()).collect());
            };
            let ctx = display.get();
            Arc::new(filter.with(|needle| (derive.visible)(&set.records, needle, &ctx, sort.get())))
        });
        let view_mode = RwSignal::new(ViewMode::Table);
        let summary = Memo::new(move |_| {
            if view_mode.get() != ViewMode::Summary {
                return Arc::new(Summary::default());
            }
            let (Some(set), Some(derive)) = (result.get(), derivations.get()) else {
                return Arc::new(Summary::default());
            };
            let ctx = display.get();
            visible.with(|order| Arc::new((derive.summary)(&set.records, order, &ctx)))
        });
        let explorer = Explorer {
            config,
            config_problems: RwSignal::new(config_problems),
            locale,
            zone,
            display,
            form,
            touched: RwSignal::new(Vec::new()),
            attempted: RwSignal::new(false),
            validation,
            token: RwSignal::new(token),
            remember_token: RwSignal::new(remember),
            token_dialog_open: RwSignal::new(false),
            status: RwSignal::new(Status::Idle),
            result,
            sort,
            filter,
            paging: RwSignal::new(Paging {
                page: 0,
                size: page_size,
            }),
            visible,
            selected: RwSignal::new(None),
            // Read from this browser's storage by install_deferred.
            columns: RwSignal::new(Column::ALL.to_vec()),
            locale_choice,
            saved: RwSignal::new(SavedSearches::default()),
            view_mode,
            summary,
            derivations,
            recent_queue: StoredValue::new(Vec::new()),
            retry_after_token: RwSignal::new(None),
            generation: StoredValue::new(0),
            in_flight: StoredValue::new_local(None),
        };
        provide_context(explorer);
        // A shared link (or a reload) restores its search and runs it; so do Back and Forward.
        explorer.restore_from_params(&browser::location_params());
        browser::on_history_change(move |params| explorer.restore_from_params(&params));
        explorer
    }

    /// Called once the deferred half is loaded (src/deferred.rs), before its views are
    /// built: reads the columns and saved searches kept in this browser, records the
    /// searches run before, and hands over how the visible records and the summary are
    /// computed. Being called only from there, its code and what it calls load with that
    /// half.
    pub fn install_deferred(&self) {
        if self.derivations.with_untracked(Option::is_some) {
            return;
        }
        if let Some(columns) = browser::local_get(COLUMNS_KEY).and_then(|t| columns_from_json(&t)) {
            self.columns.set(columns);
        }
        let stored = browser::local_get(SEARCHES_KEY)
            .map(|text| SavedSearches::from_json(&text))
            .unwrap_or_default();
        self.saved.set(stored);
        let queued = self
            .recent_queue
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        if !queued.is_empty() {
            self.update_saved(|s| queued.iter().for_each(|params| s.remember_recent(params)));
        }
        self.derivations.set(Some(Derivations::standard()));
    }

    /// Fills the form from a query string and runs it, without adding a history entry.
    pub fn restore_from_params(&self, params: &str) {
        let zone = self.zone.get_untracked();
        let Some(mut form) = form_from_params(params, &zone) else {
            return;
        };
        // A link without the tenant's IDs uses this deployment's defaults.
        self.config.with_untracked(|c| {
            if form.sub_cc_no.is_empty() {
                form.sub_cc_no = c.sub_cc_no.clone();
            }
            if form.vdn.is_empty() {
                form.vdn = c.vdn.clone();
            }
        });
        self.form.set(form);
        self.attempted.set(true);
        if let Some(query) = self.validation.with_untracked(|v| v.query.clone()) {
            self.run(query);
        }
    }

    /// Changes one form field and marks it as edited, so its messages show.
    pub fn edit(&self, field: Field, apply: impl FnOnce(&mut QueryForm)) {
        self.form.update(apply);
        if !self.touched.with_untracked(|t| t.contains(&field)) {
            self.touched.update(|t| t.push(field));
        }
    }

    /// Whether a field's problems should be shown: once edited, or after a Search attempt.
    pub fn shows_problems(&self, field: Field) -> bool {
        self.attempted.get() || self.touched.with(|t| t.contains(&field))
    }

    /// Search with what the form holds; an invalid form only reveals its messages.
    pub fn submit(&self) {
        let query = self.validation.with_untracked(|v| v.query.clone());
        // The request goes first: every signal set before it queues view updates that would
        // run, and delay the fetch, ahead of it.
        if let Some(query) = &query {
            self.run(query.clone());
        }
        self.attempted.set(true);
        if let Some(query) = query {
            let params = query_to_params(&query);
            browser::push_params(&params);
            match self
                .derivations
                .with_untracked(|d| d.map(|d| d.remember_recent))
            {
                Some(remember_recent) => remember_recent(*self, &params),
                None => self.recent_queue.update_value(|q| q.push(params)),
            }
        }
    }

    /// Runs a saved or recent search: fills the form, then searches as Search does.
    pub fn run_params(&self, params: &str) {
        let zone = self.zone.get_untracked();
        if let Some(form) = form_from_params(params, &zone) {
            self.form.set(form);
            self.submit();
        }
    }

    /// Saves the form's current search under a name; false when the form is not valid.
    pub fn save_search(&self, name: &str) -> bool {
        let Some(query) = self.validation.with_untracked(|v| v.query.clone()) else {
            self.attempted.set(true);
            return false;
        };
        let params = query_to_params(&query);
        self.update_saved(|s| s.save(name, &params));
        true
    }

    /// A short label for a stored search.
    pub fn describe_params(&self, params: &str) -> String {
        let zone = self.zone.get();
        form_from_params(params, &zone)
            .and_then(|form| validate(&form, &zone).query)
            .map(|query| describe_query(&query, &zone, self.locale.get()))
            .unwrap_or_else(|| params.to_string())
    }

    /// Forgets a saved search.
    pub fn delete_search(&self, name: &str) {
        self.update_saved(|s| s.delete(name));
    }

    fn update_saved(&self, change: impl FnOnce(&mut SavedSearches)) {
        self.saved.update(change);
        browser::local_set(SEARCHES_KEY, &self.saved.with_untracked(|s| s.to_json()));
    }

    /// A link that reopens the form's current search (never with the token).
    pub fn share_link(&self) -> Option<String> {
        let query = self.validation.with_untracked(|v| v.query.clone())?;
        Some(browser::link_with_params(&query_to_params(&query)))
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

    /// Picks the interface language; remembered in this browser.
    pub fn set_locale(&self, locale: Locale) {
        self.locale_choice.set(Some(locale));
        browser::local_set(LOCALE_KEY, locale.tag());
    }

    /// Downloads the whole filtered, sorted result with the visible columns as CSV.
    pub fn export_csv(&self) -> bool {
        let Some(set) = self.result.get_untracked() else {
            return false;
        };
        let ctx = self.display.get_untracked();
        let columns = self.columns.get_untracked();
        let csv = self
            .visible
            .with_untracked(|order| to_csv(&set.records, order, &columns, &ctx));
        let name = export_file_name(
            set.query.begin_date,
            set.query.end_date,
            js_sys::Date::now() as i64,
            &ctx.zone,
        );
        browser::download(&name, "text/csv;charset=utf-8", &csv)
    }

    /// Sends a query, aborting the one in flight; a late answer to an older search is dropped.
    pub fn run(&self, query: Query) {
        // A double click sends one request.
        let same_in_flight = self
            .in_flight
            .with_value(|f| f.as_ref().is_some_and(|(_, q)| *q == query));
        if same_in_flight {
            return;
        }
        self.abort_in_flight();
        let generation = self.next_generation();
        let Ok(controller) = AbortController::new() else {
            self.status.set(Status::Failed(Failure::Network));
            return;
        };
        self.in_flight
            .set_value(Some((controller.clone(), query.clone())));
        let client = self.client();
        let this = *self;
        // Spawned before any signal changes, so the fetch starts ahead of the view updates
        // those changes queue.
        spawn_local(async move {
            let outcome = client.query(&query, &controller).await;
            if this.generation.get_value() != generation {
                return; // a newer search or Cancel took over
            }
            this.in_flight.set_value(None);
            match outcome {
                Ok(decoded) => {
                    this.result.set(Some(Arc::new(ResultSet {
                        search_id: generation,
                        query,
                        records: decoded.records,
                        total: decoded.total,
                        skipped: decoded.skipped,
                    })));
                    this.paging.update(|p| p.page = 0);
                    this.selected.set(None);
                    this.status.set(Status::Done);
                }
                Err(SearchError::Aborted) => {}
                Err(SearchError::Failed(failure)) => {
                    if failure.needs_token() {
                        this.retry_after_token.set(Some(query));
                        this.token_dialog_open.set(true);
                    }
                    // Old rows belong to another query: do not leave them under the error.
                    this.result.set(None);
                    this.selected.set(None);
                    this.status.set(Status::Failed(failure));
                }
            }
        });
        self.status.set(Status::Loading);
    }

    /// Stops the search in flight.
    pub fn cancel(&self) {
        if self.abort_in_flight() {
            self.next_generation();
            self.status.set(Status::Cancelled);
        }
    }

    /// Takes a token from the dialog and reruns the search that needed it.
    pub fn set_token(&self, token: String, remember: bool) {
        let token = token.trim().to_string();
        if let Some(storage) = session_storage() {
            // Only an explicit opt-in keeps it beyond this page's memory.
            let _ = if remember && !token.is_empty() {
                storage.set_item(TOKEN_SESSION_KEY, &token)
            } else {
                storage.remove_item(TOKEN_SESSION_KEY)
            };
        }
        self.remember_token.set(remember);
        self.token.set((!token.is_empty()).then_some(token));
        self.token_dialog_open.set(false);
        if let Some(query) = self.retry_after_token.get_untracked() {
            self.retry_after_token.set(None);
            self.run(query);
        }
    }

    /// Sort by a column: a new column sorts ascending, the same one flips.
    pub fn sort_by(&self, column: Column) {
        self.sort.update(|s| {
            *s = match *s {
                Some((c, Direction::Ascending)) if c == column => {
                    Some((column, Direction::Descending))
                }
                _ => Some((column, Direction::Ascending)),
            }
        });
        self.paging.update(|p| p.page = 0);
    }

    /// Sets the quick filter and goes back to the first page.
    pub fn set_filter(&self, needle: String) {
        self.filter.set(needle);
        self.paging.update(|p| p.page = 0);
    }

    /// The page to show, clamped to what the filter leaves.
    pub fn current_paging(&self) -> Paging {
        let n = self.visible.with(|v| v.len());
        self.paging.get().clamp(n)
    }

    fn client(&self) -> ApiClient {
        let token = self.token.get_untracked();
        self.config.with_untracked(|c| ApiClient {
            base: c.api_base.clone(),
            token,
            app_key: c.app_key.clone(),
            tenant_space_id: c.tenant_space_id.clone(),
            timeout_seconds: c.request_timeout_seconds,
        })
    }

    fn next_generation(&self) -> u64 {
        let next = self.generation.get_value() + 1;
        self.generation.set_value(next);
        next
    }

    fn abort_in_flight(&self) -> bool {
        match self.in_flight.try_update_value(|f| f.take()).flatten() {
            Some((controller, _)) => {
                controller.abort();
                true
            }
            None => false,
        }
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}
