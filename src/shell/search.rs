//! The search store: the form and its validation, the request in flight, and the answer.
//! The result views read the answer ([`Search::answer`]) and the searches run
//! ([`Search::submitted`]); they never write here.

use std::rc::Rc;
use std::sync::Arc;

use cdr_core::outcome::Failure;
use cdr_core::share::{form_from_params, query_to_params};
use cdr_core::time::{format_input, parse_input, preset_range, Preset};
use cdr_core::validate::{validate, Field, Problem, Severity, Validation};
use cdr_core::{Query, QueryForm, Record, Zone};
use leptos::prelude::*;
use web_sys::AbortController;

use super::api::{ApiClient, SearchError, Transport};

/// The longest a submitted search's history entry waits for its first rows
/// ([`Search::submit`]).
const HISTORY_ENTRY_WAIT: std::time::Duration = std::time::Duration::from_millis(100);
use super::settings::Settings;
use super::token::TokenStore;
use crate::browser;

/// Where a search stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// Nothing searched yet.
    Idle,
    /// A request is in flight.
    Loading,
    /// The user stopped the last search.
    Cancelled,
    /// The last search failed; the form keeps what was typed.
    Failed(Failure),
    /// The last search was answered ([`Search::answer`]).
    Done,
}

/// The records of one answer.
#[derive(Debug)]
pub struct Answer {
    /// Which search produced it: a new answer has a new id.
    pub search_id: u64,
    /// The query that was answered (for the export's file name).
    pub query: Query,
    /// The records, in the order the service sent them.
    pub records: Vec<Record>,
    /// The service's count of matching calls, when it sent one.
    pub total: Option<u64>,
    /// Records of the answer that could not be read.
    pub skipped: usize,
    /// Why the body broke off after `records` (a cut, a timeout, a dropped connection):
    /// the records that arrived are shown, marked partial. `None` for a whole answer.
    pub broken: Option<Failure>,
}

impl Answer {
    /// `(total, returned)` when the service found more calls than it sent back.
    pub fn shortfall(&self) -> Option<(u64, u64)> {
        let returned = self.records.len() as u64;
        self.total
            .filter(|total| *total > returned)
            .map(|total| (total, returned))
    }
}

/// The search store. Copy handles only.
#[derive(Clone, Copy)]
pub struct Search {
    settings: Settings,
    token: TokenStore,
    transport: Transport,
    form: RwSignal<QueryForm>,
    /// Flip each time the page itself changed the form (Clear, a preset, a link, a saved
    /// search, a zone change, a portal's tenant), not typing: the text inputs are written
    /// then ([`Search::form_value_written`]). One for Begin, one for End, one for the other
    /// fields ([`write_group`]): a change to one never rewrites a date typed in part in
    /// another.
    form_writes: [RwSignal<bool>; 3],
    /// Fields the user edited: their messages show before a Search attempt.
    touched: RwSignal<Vec<Field>>,
    /// Whether Search was tried: every field's messages show.
    attempted: RwSignal<bool>,
    validation: Memo<Validation>,
    status: RwSignal<Status>,
    answer: RwSignal<Option<Arc<Answer>>>,
    /// The query strings of the searches run from the form in this page, oldest first.
    submitted: RwSignal<Vec<String>>,
    /// The last search submitted (its id and query string), until its history entry is
    /// written ([`Search::write_history`]).
    pending_entry: StoredValue<Option<(u64, String)>>,
    /// The query string of the address whose search the page shows (written, restored, or
    /// the one it opened with): Back or Forward to the same search changes nothing.
    applied_params: StoredValue<String>,
    /// The search that stopped at a 401, run again once a token is given.
    retry_after_token: RwSignal<Option<Query>>,
    generation: StoredValue<u64>,
    in_flight: StoredValue<Option<(AbortController, Query)>, LocalStorage>,
    reader: StoredValue<Option<Reader>, LocalStorage>,
    /// A search sent before the reader was set.
    waiting: StoredValue<Option<(u64, Query, AbortController)>, LocalStorage>,
}

/// Which of [`Search`]'s `form_writes` a text field follows: Begin, End, or the rest.
fn write_group(field: Field) -> usize {
    match field {
        Field::Begin => 0,
        Field::End => 1,
        _ => 2,
    }
}

/// Sends a search and reads its answer as it arrives: the result views set it once their
/// code has loaded ([`Search::set_reader`]), and keep the decoding with them, out of the
/// first load. It is given the search's id, its query and its abort, and ends with
/// [`Search::land`].
pub type Reader = Rc<dyn Fn(u64, Query, AbortController)>;

impl Search {
    /// The store, with the form holding the configured defaults. Starts nothing.
    pub fn new(settings: Settings, token: TokenStore, transport: Transport) -> Search {
        let form = RwSignal::new(Self::default_form(settings));
        let validation =
            Memo::new(move |_| form.with(|f| settings.with_zone(|zone| validate(f, zone))));
        Search {
            settings,
            token,
            transport,
            form,
            // Three signals (`[RwSignal::new(false); 3]` would be one, copied).
            form_writes: std::array::from_fn(|_| RwSignal::new(false)),
            touched: RwSignal::new(Vec::new()),
            attempted: RwSignal::new(false),
            validation,
            status: RwSignal::new(Status::Idle),
            answer: RwSignal::new(None),
            submitted: RwSignal::new(Vec::new()),
            pending_entry: StoredValue::new(None),
            applied_params: StoredValue::new(String::new()),
            retry_after_token: RwSignal::new(None),
            generation: StoredValue::new(0),
            in_flight: StoredValue::new_local(None),
            reader: StoredValue::new_local(None),
            waiting: StoredValue::new_local(None),
        }
    }

    fn default_form(settings: Settings) -> QueryForm {
        settings.with_config_untracked(|c| QueryForm {
            sub_cc_no: c.sub_cc_no.clone(),
            vdn: c.vdn.clone(),
            ..QueryForm::default()
        })
    }

    /// Reads a field of the form (tracked).
    pub fn form_value(&self, get: fn(&QueryForm) -> String) -> String {
        self.form.with(get)
    }

    /// Reads `field` of the form, tracking only the page's own changes to it (Clear, a
    /// preset, a link, a zone, a tenant), not typing: for an input's value, which typing
    /// has already set.
    pub fn form_value_written(&self, field: Field, get: fn(&QueryForm) -> String) -> String {
        let _ = self.form_writes[write_group(field)].get();
        untrack(|| self.form.with(get))
    }

    /// Has the text inputs of `fields` show the form as it is now.
    fn show_form_written(&self, fields: &[Field]) {
        for &field in fields {
            self.form_writes[write_group(field)].update(|flip| *flip = !*flip);
        }
    }

    /// Replaces the whole form; the inputs show it, also over a time typed in part.
    fn replace_form(&self, form: QueryForm) {
        for field in [Field::Begin, Field::End] {
            browser::forget_time_typed_in_part(field.id());
        }
        // A select the user has chosen from moves only by its value (Firefox leaves it when
        // its options' `selected` changes): set here, where the page replaces the form.
        for (field, value) in [
            (Field::CallType, &form.call_type),
            (Field::MediaType, &form.media_type),
            (Field::EvaluationValue, &form.evaluation_value),
        ] {
            browser::set_value(field.id(), value);
        }
        self.form.set(form);
        // One field of each write group: every input.
        self.show_form_written(&[Field::Begin, Field::End, Field::SubCcNo]);
    }

    /// Changes one form field as it was typed (the input shows it already) and marks it as
    /// edited, so its messages show.
    pub fn edit(&self, field: Field, apply: impl FnOnce(&mut QueryForm)) {
        self.form.update(apply);
        if !self.touched.with_untracked(|t| t.contains(&field)) {
            self.touched.update(|t| t.push(field));
        }
    }

    /// Fills Begin and End with a preset range of the shown zone, from the clock now.
    pub fn apply_preset(&self, preset: Preset) {
        let zone = self.settings.zone_untracked();
        let week_start = self.settings.with_config_untracked(|c| c.week_start());
        let (begin, end) = preset_range(preset, js_sys::Date::now() as i64, &zone, week_start);
        self.edit(Field::Begin, |f| {
            f.begin = format_input(begin, &zone);
            f.end = format_input(end, &zone);
            f.unreadable_times = [false; 2];
        });
        self.show_form_written(&[Field::Begin, Field::End]);
    }

    /// Reads whether Begin and End hold a time the browser cannot read (typed in part:
    /// their value is then `""`), so validation says they are incomplete instead of taking
    /// them as left empty. Search runs it first, however it was asked for (the button,
    /// Enter in any field).
    pub fn read_unreadable_times(&self) {
        let unreadable = [Field::Begin, Field::End].map(|f| browser::time_input_unreadable(f.id()));
        self.form.maybe_update(|f| {
            let changed = f.unreadable_times != unreadable;
            f.unreadable_times = unreadable;
            changed
        });
    }

    /// Sets the tenant's call center and VDN (a portal's message), keeping the rest.
    pub fn set_tenant(&self, sub_cc_no: Option<String>, vdn: Option<String>) {
        if sub_cc_no.is_none() && vdn.is_none() {
            return;
        }
        self.form.update(|f| {
            if let Some(sub_cc_no) = sub_cc_no {
                f.sub_cc_no = sub_cc_no;
            }
            if let Some(vdn) = vdn {
                f.vdn = vdn;
            }
        });
        self.show_form_written(&[Field::Vdn]);
    }

    /// Puts the form back as the page started it: the configured call center and VDN (or
    /// the portal's), every other field empty, no message shown.
    pub fn clear(&self) {
        self.replace_form(Self::default_form(self.settings));
        self.touched.set(Vec::new());
        self.attempted.set(false);
    }

    /// Keeps the form's Begin and End at the same instants when the zone they are read in
    /// changes from `from` to `to`: the wall-clock text is rewritten for `to` (a time that is
    /// not a complete date stays as typed). Otherwise the next Search would quietly move
    /// the range by the zones' difference.
    pub fn keep_range_across_zones(&self, from: &Zone, to: &Zone) {
        let mut moved = Vec::new();
        self.form.update(|f| {
            for (field, text) in [(Field::Begin, &mut f.begin), (Field::End, &mut f.end)] {
                if let Some(ms) = parse_input(text, from) {
                    *text = format_input(ms, to);
                    moved.push(field);
                }
            }
        });
        // Only those: a time typed in part in the other stays in its input.
        self.show_form_written(&moved);
    }

    /// The messages validation gives for one field, once they should show: after the field
    /// was edited, or after a Search attempt (tracked).
    pub fn problems_for(&self, field: Field) -> Vec<Problem> {
        if !self.shows_problems(field) {
            return Vec::new();
        }
        self.validation.with(|v| {
            v.problems
                .iter()
                .filter(|p| p.field == field)
                .cloned()
                .collect()
        })
    }

    /// Whether a field shows an error now (tracked).
    pub fn has_error(&self, field: Field) -> bool {
        self.shows_problems(field)
            && self.validation.with(|v| {
                v.problems
                    .iter()
                    .any(|p| p.field == field && p.severity == Severity::Error)
            })
    }

    fn shows_problems(&self, field: Field) -> bool {
        self.attempted.get() || self.touched.with(|t| t.contains(&field))
    }

    /// Whether Search was tried with a form that cannot be sent (tracked).
    pub fn is_blocked(&self) -> bool {
        self.attempted.get() && self.validation.with(|v| !v.is_valid())
    }

    /// Where the search stands (tracked).
    pub fn status(&self) -> Status {
        self.status.get()
    }

    /// Whether a request is in flight (tracked).
    pub fn is_loading(&self) -> bool {
        self.status.with(|s| *s == Status::Loading)
    }

    /// The last answer (tracked); `None` before one, and after a failure.
    pub fn answer(&self) -> Option<Arc<Answer>> {
        self.answer.get()
    }

    /// [`Search::answer`] without tracking.
    pub fn answer_untracked(&self) -> Option<Arc<Answer>> {
        self.answer.get_untracked()
    }

    /// Reads the searches run from the form in this page, oldest first, as query strings
    /// (tracked): the recent searches list records them.
    pub fn with_submitted<T>(&self, read: impl FnOnce(&[String]) -> T) -> T {
        self.submitted.with(|s| read(s))
    }

    /// Fills the form from a query string (a link, Back/Forward) and runs it, without
    /// adding a history entry. Incomplete or foreign query strings change nothing.
    pub fn restore_from_params(&self, params: &str) {
        self.applied_params.set_value(params.to_string());
        let zone = self.settings.zone_untracked();
        let Some(mut form) = form_from_params(params, &zone) else {
            return;
        };
        // A link without the tenant's IDs uses this deployment's defaults.
        self.settings.with_config_untracked(|c| {
            if form.sub_cc_no.is_empty() {
                form.sub_cc_no = c.sub_cc_no.clone();
            }
            if form.vdn.is_empty() {
                form.vdn = c.vdn.clone();
            }
        });
        self.replace_form(form);
        self.attempted.set(true);
        if let Some(query) = self.validation.with_untracked(|v| v.query.clone()) {
            self.run(query);
        }
    }

    /// Search with what the form holds; an invalid form only reveals its messages.
    pub fn submit(&self) {
        // A time typed in part reads as "": said to be incomplete, never dropped.
        self.read_unreadable_times();
        let query = self.validation.with_untracked(|v| v.query.clone());
        // The request goes first: every signal set before it queues view updates that would
        // run, and delay the fetch, ahead of it.
        if let Some(query) = &query {
            self.run(query.clone());
        }
        self.attempted.set(true);
        if let Some(query) = query {
            // The address bar and the recent searches follow once the first rows are drawn
            // (the result views call `write_history`), when the search ends, or after
            // HISTORY_ENTRY_WAIT, whichever comes first: a new history entry costs the page
            // a style pass, and the recent list a redraw, 10–15 ms of a 10,000-record
            // search's first rows when done while the answer arrives (BENCHMARKS.md).
            // A search submitted before that keeps its own entry.
            if let Some((_, params)) = self.pending_entry.try_update_value(Option::take).flatten() {
                self.write_entry(params);
            }
            let generation = self.generation.get_value();
            self.pending_entry
                .set_value(Some((generation, query_to_params(&query))));
            let this = *self;
            set_timeout(move || this.write_history(generation), HISTORY_ENTRY_WAIT);
        }
    }

    /// Writes search `generation`'s history entry (Back and Forward walk through searches)
    /// and adds it to the searches run from the form, unless done already or another
    /// search was submitted since (its own caller writes that one's).
    pub fn write_history(&self, generation: u64) {
        let pending = self
            .pending_entry
            .try_update_value(|p| p.take_if(|(id, _)| *id == generation))
            .flatten();
        if let Some((_, params)) = pending {
            self.write_entry(params);
        }
    }

    fn write_entry(&self, params: String) {
        browser::push_params(&params);
        self.applied_params.set_value(params.clone());
        self.submitted.update(|s| s.push(params));
    }

    /// Back or Forward to `params`: fills the form from them and runs that search; to an
    /// address with no search (the one the page opened with, `?compact`), the page as it
    /// was before any search. The same search as shown (a fragment, or the host page's
    /// own navigation) changes nothing. A search submitted just before whose entry is not
    /// written yet stays without one (the page has moved on from the entry it would
    /// follow), but joins the recent searches.
    pub fn go_back_to(&self, params: &str) {
        let zone = self.settings.zone_untracked();
        let target = form_from_params(params, &zone);
        let shown = self
            .applied_params
            .with_value(|applied| form_from_params(applied, &zone));
        if target == shown {
            return;
        }
        if let Some((_, pending)) = self.pending_entry.try_update_value(Option::take).flatten() {
            self.submitted.update(|s| s.push(pending));
        }
        if target.is_none() {
            self.applied_params.set_value(params.to_string());
            self.cancel();
            self.clear();
            self.retry_after_token.set(None);
            self.answer.set(None);
            self.status.set(Status::Idle);
            return;
        }
        self.restore_from_params(params);
    }

    /// Runs a saved or recent search: fills the form, then searches as Search does.
    pub fn run_params(&self, params: &str) {
        let zone = self.settings.zone_untracked();
        if let Some(form) = form_from_params(params, &zone) {
            self.replace_form(form);
            self.submit();
        }
    }

    /// The form's query when it is valid, as a query string (untracked).
    pub fn valid_params(&self) -> Option<String> {
        let query = self.validation.with_untracked(|v| v.query.clone())?;
        Some(query_to_params(&query))
    }

    /// Marks the form as tried, so every message shows (Save with an invalid form).
    pub fn reveal_problems(&self) {
        self.attempted.set(true);
    }

    /// A link that reopens the form's current search (never with the token).
    pub fn share_link(&self) -> Option<String> {
        Some(browser::link_with_params(&self.valid_params()?))
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
        // The result views send it and read the answer (spawned before any signal changes,
        // so the fetch starts ahead of the view updates those changes queue); a search sent
        // before their code is in waits for it (it is fetched as soon as the form shows).
        match self.reader.get_value() {
            Some(reader) => reader(generation, query, controller),
            None => self
                .waiting
                .set_value(Some((generation, query, controller))),
        }
        self.status.set(Status::Loading);
    }

    /// Ends search `generation` with its answer or why there is none, unless a newer search
    /// or Cancel took over; false then.
    pub fn land(
        &self,
        generation: u64,
        query: &Query,
        outcome: Result<Arc<Answer>, SearchError>,
    ) -> bool {
        if self.generation.get_value() != generation {
            return false;
        }
        self.write_history(generation);
        self.in_flight.set_value(None);
        match outcome {
            Ok(answer) => {
                self.answer.set(Some(answer));
                self.status.set(Status::Done);
            }
            Err(SearchError::Aborted) => {}
            Err(SearchError::Failed(failure)) => {
                if failure.needs_token() {
                    self.retry_after_token.set(Some(query.clone()));
                    self.token.open_dialog();
                }
                // Old rows belong to another query: do not leave them under the error.
                self.answer.set(None);
                self.status.set(Status::Failed(failure));
            }
        }
        true
    }

    /// Whether search `generation` is the latest, not replaced or cancelled (untracked).
    pub fn is_current(&self, generation: u64) -> bool {
        self.generation.get_value() == generation
    }

    /// Hands every search, from the one waiting for it on, to `reader`.
    pub fn set_reader(&self, reader: Reader) {
        self.reader.set_value(Some(reader.clone()));
        if let Some((generation, query, controller)) =
            self.waiting.try_update_value(Option::take).flatten()
        {
            if self.is_current(generation) {
                reader(generation, query, controller);
            }
        }
    }

    /// Stops the search in flight.
    pub fn cancel(&self) {
        if self.abort_in_flight() {
            self.next_generation();
            self.status.set(Status::Cancelled);
        }
    }

    /// Takes a token (the dialog, a portal's message) and reruns the search that needed it.
    pub fn use_token(&self, token: &str, remember: bool) {
        self.token.set(token, remember);
        if let Some(query) = self.retry_after_token.get_untracked() {
            self.retry_after_token.set(None);
            self.run(query);
        }
    }

    /// A client for the service with the current token and settings: the result views'
    /// loader sends its slices with it.
    pub fn client(&self) -> ApiClient {
        let token = self.token.current();
        self.settings.with_config_untracked(|c| ApiClient {
            transport: self.transport,
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
