//! The explorer's state and actions, shared with every component through context (as in
//! Leptos' todomvc example): components read signals and call methods, and stay thin.

use std::sync::Arc;

use cdr_core::config::AppConfig;
use cdr_core::table::{filter_indices, sort_indices, Column, Direction, DisplayContext, Paging};
use cdr_core::validate::{validate, Field, Validation};
use cdr_core::{codes::EvaluationLabels, outcome::Failure, Locale, Query, QueryForm, Record, Zone};
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use crate::api::{ApiClient, SearchError};

/// Where a search stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Idle,
    Loading,
    Cancelled,
    Failed(Failure),
    Done,
}

/// The records of one answer.
#[derive(Debug)]
pub struct ResultSet {
    /// Which search produced it; keys the table rows so a new answer rebuilds them.
    pub search_id: u64,
    pub records: Vec<Record>,
    pub total: Option<u64>,
    pub skipped: usize,
}

/// Key under which "Remember in this tab" keeps the token.
const TOKEN_SESSION_KEY: &str = "cdr-explorer.token";

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
    retry_after_token: RwSignal<Option<Query>>,
    generation: StoredValue<u64>,
    in_flight: StoredValue<Option<(AbortController, Query)>, LocalStorage>,
}

/// The browser's offset from UTC now, in minutes east.
pub fn local_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

impl Explorer {
    /// Creates the state from the configuration and provides it as context.
    pub fn provide(config: AppConfig, config_problems: Vec<String>) -> Explorer {
        let local_offset = local_offset_minutes();
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
        let locale = Memo::new(move |_| {
            config
                .with(|c| Locale::from_tag(&c.locale))
                .unwrap_or_default()
        });
        let zone = Memo::new(move |_| {
            config
                .with(|c| Zone::parse(&c.time_zone, local_offset))
                .unwrap_or(Zone::Fixed {
                    offset_minutes: local_offset,
                })
        });
        let display = Memo::new(move |_| {
            Arc::new(DisplayContext {
                zone: zone.get(),
                locale: locale.get(),
                evaluation_labels: EvaluationLabels(config.with(|c| c.evaluation_labels.clone())),
            })
        });
        let form = RwSignal::new(form);
        let validation = Memo::new(move |_| form.with(|f| validate(f, zone.get())));
        let result: RwSignal<Option<Arc<ResultSet>>> = RwSignal::new(None);
        let sort = RwSignal::new(None);
        let filter = RwSignal::new(String::new());
        let visible = Memo::new(move |_| {
            let Some(set) = result.get() else {
                return Arc::new(Vec::new());
            };
            let ctx = display.get();
            let mut indices = filter.with(|needle| filter_indices(&set.records, needle, &ctx));
            if let Some((column, direction)) = sort.get() {
                sort_indices(&set.records, &mut indices, column, direction);
            }
            Arc::new(indices)
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
            retry_after_token: RwSignal::new(None),
            generation: StoredValue::new(0),
            in_flight: StoredValue::new_local(None),
        };
        provide_context(explorer);
        explorer
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
        self.attempted.set(true);
        if let Some(query) = self.validation.with_untracked(|v| v.query.clone()) {
            self.run(query);
        }
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
        self.status.set(Status::Loading);
        let client = self.client();
        let this = *self;
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
