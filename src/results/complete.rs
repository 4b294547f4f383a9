//! Complete results: the records the views show, and the load that fetches the rest of a
//! capped answer slice by slice ([`cdr_core::slices`] plans it; this module sends the
//! requests and keeps the records).
//!
//! The first answer's records show at once. When its `total` exceeds what it returned and
//! the search has a time range (no Call ID), [`Loaded`] requests the range's slices, at most
//! `maxConcurrentRequests` at a time, retries what waiting can fix with backoff, pauses on a
//! 401 until a token is given, and appends each whole slice's new records. The record list
//! only grows, so a record's index stays valid while the load runs (the open detail panel
//! keeps its record). Views re-read the list (with the progress bar's count), and the
//! progress display the load's state, at most every [`REDRAW_MS`] while it runs, or once
//! [`REDRAW_RECORDS`] records wait; the end shows at once.
//!
//! The first answer and every slice are read as they arrive ([`super::receive`]). A slice
//! whose `total` exceeds what the service returns (the first answer's count) is split as
//! soon as that `total` is read: the rest of its answer could not make it whole.
//!
//! A search of several Call IDs (`cdr_core::batch`) is loaded the same way: its first
//! request asks for the first ID, then [`Loaded`] requests the others, one per ID
//! ([`cdr_core::batch::IdPlan`]), with the same limit, retries, 401 pause, Stop and
//! *Retry*, and appends each ID's records to the one list.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use cdr_core::batch::{IdPlan, IdProgress};
use cdr_core::decode::Ending;
use cdr_core::outcome::Failure;
use cdr_core::slices::{
    AfterFailure, Merge, Progress, SliceId, SlicePlan, Span, Verdict, MIN_SLICE_WIDTH_MS,
};
use cdr_core::{Query, Record};
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use super::receive;
use crate::shell::{Answer, Search, SearchError, Settings, TokenStore};

/// Views re-read the growing record list at most this often while a load runs (ms): a
/// redraw per slice would sort and filter the whole list hundreds of times.
pub const REDRAW_MS: u64 = 250;

/// A redraw also comes as soon as this many records wait for one, before [`REDRAW_MS`]:
/// the filters' keys of the records a redraw shows are made in its task (~1.5 µs a
/// record), so a fast answer, 40,000 records in 250 ms, would make a task over 100 ms
/// (BENCHMARKS.md, "Streaming first rows").
const REDRAW_RECORDS: usize = 16_384;

/// Where the load of the shown search stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LoadState {
    /// The answer held every call it counted (or nothing is shown): nothing to load.
    #[default]
    Whole,
    /// The first answer is arriving: its records show as they are read.
    Receiving,
    /// The first answer's body broke off (`Answer::broken` says why): what arrived shows.
    Broken,
    /// The answer is capped and cannot be split (a Call-ID search, or no full time range).
    Capped,
    /// Slices are being requested.
    Loading,
    /// A slice was refused with a 401: waiting for a token, then resuming.
    NeedsToken,
    /// The user stopped the load; what is loaded stays.
    Cancelled,
    /// `maxRecords` was reached; the load stopped there.
    LimitReached,
    /// Nothing more to request: complete, or with slices that failed or came back short.
    Settled,
}

/// What the progress display shows (one snapshot, replaced as the load moves).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadView {
    /// The state.
    pub state: LoadState,
    /// Records in the list.
    pub loaded: usize,
    /// The first answer's `total`: the calls the service counted when the search ran.
    pub counted: u64,
    /// The plan's numbers: slices left, whole, failed, short, and the proof's sums.
    pub progress: Progress,
    /// First-answer records that no whole slice returned (only meaningful once complete).
    pub unmatched: u64,
    /// Why each failed slice (or Call ID) failed the last time.
    pub failures: Vec<(SliceId, Failure)>,
    /// For a search of several Call IDs: where their requests stand.
    pub ids: Option<IdProgress>,
}

impl LoadView {
    /// Why a failed slice failed, if known.
    pub fn failure(&self, id: SliceId) -> Option<&Failure> {
        self.failures.iter().find(|(f, _)| *f == id).map(|(_, f)| f)
    }
}

impl LoadView {
    /// Whether every call the service counts is in the list.
    pub fn is_complete(&self) -> bool {
        match self.state {
            LoadState::Whole => true,
            LoadState::Settled => {
                self.progress.is_complete() && self.ids.as_ref().is_none_or(IdProgress::is_complete)
            }
            _ => false,
        }
    }

    /// Whether the list holds only part of what the service counted.
    pub fn is_partial(&self) -> bool {
        !self.is_complete()
    }

    /// Once complete: whether the service's counts changed while the load ran (new calls
    /// on *Today*), so the loaded set differs from the first count.
    pub fn totals_moved(&self) -> bool {
        self.state == LoadState::Settled
            && self.ids.is_none()
            && self.progress.is_complete()
            && (self.progress.proven_count() != self.counted || self.unmatched != 0)
    }
}

/// What a load requests: the slices of a capped answer's range, or the Call IDs of a batch.
enum Plan {
    Slices {
        plan: SlicePlan,
        merge: Merge<Record>,
    },
    Ids(IdPlan),
}

/// One request of a load: a slice's range or a Call ID.
enum Unit {
    Slice(Span),
    Id(String),
}

impl Plan {
    fn next_request(&mut self) -> Option<(SliceId, Unit)> {
        match self {
            Plan::Slices { plan, .. } => plan.next_request().map(|(id, s)| (id, Unit::Slice(s))),
            Plan::Ids(plan) => plan.next_request().map(|(id, s)| (id, Unit::Id(s))),
        }
    }

    fn resume(&mut self, id: SliceId) {
        match self {
            Plan::Slices { plan, .. } => plan.resume(id),
            Plan::Ids(plan) => plan.resume(id),
        }
    }

    fn retry(&mut self, id: SliceId) {
        match self {
            Plan::Slices { plan, .. } => plan.retry(id),
            Plan::Ids(plan) => plan.retry(id),
        }
    }

    fn failed(&mut self, id: SliceId, retryable: bool, jitter: f64) -> AfterFailure {
        match self {
            Plan::Slices { plan, .. } => plan.failed(id, retryable, jitter),
            Plan::Ids(plan) => plan.failed(id, retryable, jitter),
        }
    }
}

/// The load in progress: the plan, the merge, the requests in flight.
struct Driver {
    query: Query,
    plan: Plan,
    in_flight: HashMap<SliceId, AbortController>,
    failures: HashMap<SliceId, Failure>,
    max_in_flight: usize,
    max_records: usize,
    /// What the service returns at most: the first, capped answer's count.
    cap: u64,
    /// Records the load expects to hold (the count, within `maxRecords`): the list is
    /// sized for them once, not doubled as it grows (a doubling at 1,000,000 records holds
    /// both copies for a moment, and wasm memory never shrinks).
    expected: usize,
    paused_for_token: bool,
    stopped: bool,
}

/// Where the shown records live: in the search's answer (not copied: a whole answer of
/// 100,000 records is shown as it came), or, once a load adds to them, in a list of their
/// own that starts as a copy of the first, capped answer (at most the service's cap).
enum Records {
    Answer(Option<Arc<Answer>>),
    Grown(Vec<Record>),
}

impl Records {
    fn as_slice(&self) -> &[Record] {
        match self {
            Records::Answer(answer) => answer.as_ref().map_or(&[], |a| &a.records),
            Records::Grown(records) => records,
        }
    }

    fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Appends records, making the list its own first, with room for `expected` in all.
    fn extend(&mut self, more: Vec<Record>, expected: usize) {
        if let Records::Answer(answer) = self {
            let first: &[Record] = answer.as_ref().map_or(&[], |a| &a.records);
            let mut own = Vec::with_capacity(expected.max(first.len() + more.len()));
            own.extend_from_slice(first);
            *self = Records::Grown(own);
        }
        if let Records::Grown(records) = self {
            if records.capacity() < expected && records.len() + more.len() <= expected {
                records.reserve_exact(expected - records.len());
            }
            records.extend(more);
        }
    }
}

/// The records the result views show, and the load that completes them. Copy handles only.
#[derive(Clone, Copy)]
pub struct Loaded {
    search: Search,
    settings: Settings,
    token: TokenStore,
    records: StoredValue<Records, LocalStorage>,
    /// The search the records belong to, and a count bumped when the list grows.
    version: RwSignal<(u64, u64)>,
    view: RwSignal<LoadView>,
    skipped: RwSignal<usize>,
    answer: RwSignal<Option<Arc<Answer>>>,
    driver: StoredValue<Option<Rc<RefCell<Driver>>>, LocalStorage>,
    redraw_pending: StoredValue<bool>,
    /// Whether a refresh of the progress display is scheduled ([`Loaded::note_progress`]).
    progress_pending: StoredValue<bool>,
}

impl Loaded {
    /// The store, following the search's answers: a new answer replaces the list (and
    /// stops the previous load); a token given while paused resumes the load.
    pub fn new(search: Search, settings: Settings, token: TokenStore) -> Loaded {
        let loaded = Loaded {
            search,
            settings,
            token,
            records: StoredValue::new_local(Records::Answer(None)),
            version: RwSignal::new((0, 0)),
            view: RwSignal::new(LoadView::default()),
            skipped: RwSignal::new(0),
            answer: RwSignal::new(None),
            driver: StoredValue::new_local(None),
            redraw_pending: StoredValue::new(false),
            progress_pending: StoredValue::new(false),
        };
        Effect::new(move |_| loaded.take_answer(search.answer()));
        // A new search stops the old load at once, not only when its answer arrives.
        Effect::new(move |_| {
            if search.is_loading() {
                untrack(|| loaded.cancel());
            }
        });
        // Any token given (the dialog, a portal), even the same one again, resumes a paused
        // load; the first run only subscribes.
        Effect::new(move |subscribed: Option<()>| {
            token.current_tracked();
            if subscribed.is_some() {
                loaded.resume_after_token();
            }
        });
        loaded
    }

    /// The search's answer whose records are shown (tracked): its query and search id.
    pub fn answer(&self) -> Option<Arc<Answer>> {
        self.answer.get()
    }

    /// The answer without tracking.
    pub fn answer_untracked(&self) -> Option<Arc<Answer>> {
        self.answer.get_untracked()
    }

    /// Reads the records (tracked: runs again when the list grows or is replaced).
    pub fn with_records<T>(&self, read: impl FnOnce(&[Record]) -> T) -> T {
        self.version.track();
        self.records.with_value(|r| read(r.as_slice()))
    }

    /// Reads the records without tracking.
    pub fn with_records_untracked<T>(&self, read: impl FnOnce(&[Record]) -> T) -> T {
        self.records.with_value(|r| read(r.as_slice()))
    }

    /// How many records the list holds (tracked).
    pub fn len(&self) -> usize {
        self.with_records(<[Record]>::len)
    }

    /// Whether the list is empty (tracked).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Answer records that could not be read, over every slice (tracked).
    pub fn skipped(&self) -> usize {
        self.skipped.get()
    }

    /// Where the load stands (tracked).
    pub fn view(&self) -> LoadView {
        self.view.get()
    }

    /// Whether the list holds only part of what the service counted (tracked).
    pub fn is_partial(&self) -> bool {
        self.view.with(LoadView::is_partial)
    }

    /// Reads search `generation`'s answer as it arrives (the search store's
    /// [`Reader`](crate::shell::Reader)): its rows show from the first batch of records,
    /// the rest join as they are read, and the search ends with the whole answer, or with
    /// the rows that came and why the rest did not.
    pub async fn receive_answer(self, generation: u64, query: Query, abort: AbortController) {
        // An old answer's rows go while the request is in flight, in a task of its own that
        // runs once this one has sent it: rows on screen belong to the search the form shows.
        // With none on screen, nothing is redrawn before the first records: the frame is
        // built (hidden) with the page, and shows with them in one layout.
        if self.answer.with_untracked(Option::is_some) {
            let framing = query.clone();
            spawn_local(async move {
                receive::next_task().await;
                if self.search.is_current(generation) && self.search_id_untracked() != generation {
                    self.begin_receiving(generation, &framing);
                }
            });
        }
        // A batch of Call IDs asks for its first here; the load asks for the others.
        let exchange = match self
            .search
            .client()
            .open(&query.first_request(), &abort)
            .await
        {
            Ok(exchange) => exchange,
            Err(e) => {
                self.search.land(generation, &query, Err(e));
                return;
            }
        };
        let mut received = false;
        let (page_size, max_records) = self
            .settings
            .with_config_untracked(|c| (c.page_size.max(1), c.max_records as usize));
        let mut drawn = 0;
        let ending = receive::receive(exchange, |batch, total| {
            if !self.search.is_current(generation) {
                return;
            }
            if !received {
                received = true;
                if self.search_id_untracked() != generation {
                    self.begin_receiving(generation, &query);
                }
            }
            let len = self.records.with_value(Records::len) + batch.len();
            // Room for the whole answer once its count is known, not doubled as it grows.
            // (A `total` the service got wrong costs no more than `maxRecords`.)
            let expected = total.map_or(0, |t| usize::try_from(t).unwrap_or(0).min(max_records));
            self.records.update_value(|r| r.extend(batch, expected));
            // The count loaded changes with the list, in `redraw`; the total once known.
            let counted = total.unwrap_or(0);
            self.view.maybe_update(|v| {
                let changed = v.counted != counted;
                v.counted = counted;
                changed
            });
            // The first page is drawn at once; later batches at most every REDRAW_MS.
            if drawn < page_size {
                if drawn == 0 {
                    // Once those rows are painted, the address bar and the recent searches.
                    let search = self.search;
                    request_animation_frame(move || {
                        set_timeout(move || search.write_history(generation), Duration::ZERO)
                    });
                }
                drawn = len;
                self.redraw();
            } else {
                self.redraw_soon();
            }
        })
        .await;
        let outcome = match ending {
            Ok(Ending::Whole { total, skipped }) => Ok((None, total, skipped, None)),
            Ok(Ending::Reread(Ok(decoded))) => {
                Ok((Some(decoded.records), decoded.total, decoded.skipped, None))
            }
            // Rows already shown stay, marked partial, with the reason.
            Ok(Ending::Reread(Err(failure))) | Err(SearchError::Failed(failure)) if received => {
                Ok((None, None, 0, Some(failure)))
            }
            Ok(Ending::Reread(Err(failure))) => Err(SearchError::Failed(failure)),
            Err(e) => Err(e),
        };
        let answer = outcome.map(|(records, total, skipped, broken)| {
            // The records read as they came, unless the whole body said otherwise (and none
            // when none came: the list still shows the previous search's).
            let records = match records {
                Some(records) => records,
                None if received => self
                    .records
                    .try_update_value(|r| match std::mem::replace(r, Records::Answer(None)) {
                        Records::Grown(records) => records,
                        Records::Answer(_) => Vec::new(),
                    })
                    .unwrap_or_default(),
                None => Vec::new(),
            };
            let answer = Arc::new(Answer {
                search_id: generation,
                query: query.clone(),
                records,
                total,
                skipped,
                broken,
            });
            // The list is the answer's from now on, with no moment without it.
            self.records
                .set_value(Records::Answer(Some(answer.clone())));
            answer
        });
        let cut_short = match &answer {
            Err(SearchError::Aborted) => true,
            // Stopped while its last bytes were decoded: it ends as any stopped answer does,
            // not left "receiving" with a Stop button that does nothing.
            Ok(_) => !self.search.is_current(generation),
            Err(_) => false,
        };
        if cut_short && self.search_id_untracked() == generation {
            // What came stays, partial; a frame that got nothing is just empty.
            let loaded = self.records.with_value(Records::len);
            self.view.update(|v| {
                v.state = if received {
                    LoadState::Cancelled
                } else {
                    LoadState::Whole
                };
                v.counted = v.counted.max(loaded as u64);
            });
            self.redraw();
        }
        self.search.land(generation, &query, answer);
    }

    /// Shows search `generation`'s records from now on, as they arrive.
    fn begin_receiving(&self, generation: u64, query: &Query) {
        self.stop_driver();
        self.records.set_value(Records::Grown(Vec::new()));
        self.skipped.set(0);
        self.answer.set(Some(Arc::new(Answer {
            search_id: generation,
            query: query.clone(),
            records: Vec::new(),
            total: None,
            skipped: 0,
            broken: None,
        })));
        self.view.set(LoadView {
            state: LoadState::Receiving,
            ..LoadView::default()
        });
        self.version.set((generation, 0));
    }

    fn take_answer(&self, answer: Option<Arc<Answer>>) {
        self.stop_driver();
        let first: &[Record] = answer.as_ref().map_or(&[], |a| &a.records);
        let search_id = answer.as_ref().map_or(0, |a| a.search_id);
        self.skipped.set(answer.as_ref().map_or(0, |a| a.skipped));
        let counted = answer
            .as_ref()
            .and_then(|a| a.total)
            .unwrap_or(first.len() as u64);
        let range = answer.as_ref().and_then(|a| slice_range(&a.query));
        let broken = answer.as_ref().is_some_and(|a| a.broken.is_some());
        let batch = answer.as_ref().is_some_and(|a| a.query.batch().is_some());
        let state = match (answer.as_ref().and_then(|a| a.shortfall()), range) {
            _ if broken => LoadState::Broken,
            _ if batch => LoadState::Loading,
            (None, _) => LoadState::Whole,
            (Some(_), None) => LoadState::Capped,
            (Some(_), Some(_)) => LoadState::Loading,
        };
        let loaded = first.len();
        self.records.set_value(Records::Answer(answer.clone()));
        self.view.set(LoadView {
            state,
            loaded,
            counted,
            ..LoadView::default()
        });
        self.answer.set(answer.clone());
        self.version.set((search_id, 0));
        let Some(answer) = answer.filter(|_| state == LoadState::Loading) else {
            return;
        };
        // The first rows are drawn first: the plan, the merge's index of the first
        // answer and the first requests wait until that frame is painted.
        let this = *self;
        request_animation_frame(move || {
            set_timeout(
                move || match range {
                    Some(range) if !batch => this.start_load(&answer, range, counted),
                    _ => this.start_batch(&answer),
                },
                Duration::ZERO,
            )
        });
    }

    /// Whether `answer` is still shown and its load still wanted (no other search, no Stop).
    fn still_wanted(&self, answer: &Arc<Answer>) -> bool {
        let still_shown = self
            .answer
            .try_with_untracked(|a| a.as_ref().is_some_and(|a| Arc::ptr_eq(a, answer)))
            .unwrap_or(false);
        still_shown && self.view.with_untracked(|v| v.state == LoadState::Loading)
    }

    /// Starts requesting the Call IDs or calling numbers of a batch after its first, whose
    /// records `answer` holds, unless another search or Stop came first.
    fn start_batch(&self, answer: &Arc<Answer>) {
        if !self.still_wanted(answer) {
            return;
        }
        let Some((kind, items)) = answer.query.batch() else {
            return;
        };
        let items = items.into_iter().map(str::to_string).collect();
        let plan = IdPlan::after_first(kind, items, answer.records.len() as u64, answer.total);
        // An item's answer is never split (a capped calling number is listed as such).
        self.drive(answer.query.clone(), Plan::Ids(plan), u64::MAX, 0);
    }

    /// Runs `plan` for `query`, the list sized for `expected` records in all; `cap` is what
    /// the service returns at most (a slice counting more is split).
    fn drive(&self, query: Query, plan: Plan, cap: u64, expected: usize) {
        let (max_in_flight, max_records) = self.settings.with_config_untracked(|c| {
            (c.max_concurrent_requests as usize, c.max_records as usize)
        });
        let driver = Driver {
            query,
            plan,
            in_flight: HashMap::new(),
            failures: HashMap::new(),
            max_in_flight: max_in_flight.max(1),
            max_records,
            cap,
            expected: expected.min(max_records),
            paused_for_token: false,
            stopped: false,
        };
        self.driver.set_value(Some(Rc::new(RefCell::new(driver))));
        self.pump();
    }

    /// Starts loading the slices of `answer`'s range, unless another search or Stop came
    /// first.
    fn start_load(&self, answer: &Arc<Answer>, range: Span, counted: u64) {
        if !self.still_wanted(answer) {
            return;
        }
        let first = &answer.records;
        // Where the first answer's records lie says where calls bunch: slices are cut to
        // hold about as many each, so fewer come back short.
        let begins: Vec<i64> = first.iter().filter_map(begin_ms).collect();
        let plan = Plan::Slices {
            plan: SlicePlan::after_first_answer(range, counted, first.len() as u64, &begins),
            merge: Merge::new(first),
        };
        let expected = usize::try_from(counted).unwrap_or(usize::MAX);
        self.drive(answer.query.clone(), plan, first.len() as u64, expected);
    }

    /// Sends requests while slices wait and the concurrency limit allows.
    fn pump(&self) {
        let Some(driver) = self.driver.get_value() else {
            return;
        };
        loop {
            let next = {
                let mut d = driver.borrow_mut();
                if d.stopped || d.paused_for_token || d.in_flight.len() >= d.max_in_flight {
                    None
                } else {
                    d.plan.next_request()
                }
            };
            let Some((id, unit)) = next else { break };
            self.request(driver.clone(), id, unit);
        }
        self.note_progress(&driver);
    }

    /// Shows where the load stands: at once when it has settled or stopped (Stop, the
    /// record limit, a pause for a token), else at most every [`REDRAW_MS`]. Every answer
    /// moves the load several times (its place freed, its records taken, the next request
    /// sent), and redrawing the progress display each time took the page's thread from the
    /// answers still to read.
    fn note_progress(&self, driver: &Rc<RefCell<Driver>>) {
        let ended = {
            let d = driver.borrow();
            d.stopped
                || d.paused_for_token
                || match &d.plan {
                    Plan::Slices { plan, .. } => plan.progress().is_settled(),
                    Plan::Ids(plan) => plan.progress().is_settled(),
                }
        };
        if ended {
            self.progress_pending.set_value(false);
            self.refresh_view(driver);
            // What came before the stop shows with it, not a redraw later.
            if self.redraw_pending.get_value() {
                self.redraw();
            }
            return;
        }
        let this = *self;
        once_per_redraw(self.progress_pending, move || {
            // The load running then (a new search may have replaced this one).
            if let Some(driver) = this.driver.try_get_value().flatten() {
                this.refresh_view(&driver);
            }
        });
    }

    fn request(&self, driver: Rc<RefCell<Driver>>, id: SliceId, unit: Unit) {
        let Ok(controller) = AbortController::new() else {
            return;
        };
        let query = {
            let mut d = driver.borrow_mut();
            d.in_flight.insert(id, controller.clone());
            match unit {
                Unit::Slice(span) => Query {
                    begin_date: Some(span.begin),
                    end_date: Some(span.end),
                    ..d.query.clone()
                },
                Unit::Id(item) => match &d.plan {
                    Plan::Ids(plan) => d.query.for_batch_item(plan.kind(), &item),
                    Plan::Slices { .. } => d.query.for_call_id(&item),
                },
            }
        };
        let client = self.search.client();
        let this = *self;
        spawn_local(async move {
            let current = || {
                this.driver
                    .try_get_value()
                    .flatten()
                    .is_some_and(|d| Rc::ptr_eq(&d, &driver))
            };
            let outcome = match client.open(&query, &controller).await {
                Ok(exchange) => this.read_slice(&driver, id, exchange, &controller).await,
                Err(e) => Err(e),
            };
            if !current() {
                return; // a new search replaced this load
            }
            driver.borrow_mut().in_flight.remove(&id);
            this.pump();
            match outcome {
                Ok(Some(decoded)) => this.take_slice(&driver, id, decoded),
                Ok(None) => {}
                Err(SearchError::Aborted) => {
                    // Stopped to pause for a token: request it again later.
                    let mut d = driver.borrow_mut();
                    if d.paused_for_token {
                        d.plan.resume(id);
                    }
                }
                Err(SearchError::Failed(failure)) if failure.needs_token() => {
                    this.pause_for_token(&driver, id);
                }
                Err(SearchError::Failed(failure)) => {
                    let jitter = js_sys::Math::random();
                    let after = {
                        let mut d = driver.borrow_mut();
                        let after = d.plan.failed(id, failure.is_retryable(), jitter);
                        d.failures.insert(id, failure);
                        after
                    };
                    if let AfterFailure::RetryIn(ms) = after {
                        let waiting = driver.clone();
                        set_timeout(
                            move || {
                                waiting.borrow_mut().plan.resume(id);
                                this.pump();
                            },
                            Duration::from_millis(u64::from(ms)),
                        );
                    }
                }
            }
            this.pump();
        });
    }

    /// Reads a slice's answer as it arrives. `Ok(None)` when the slice was split instead:
    /// once its `total` is read and exceeds what the service returns (the first answer's
    /// count), the answer cannot be whole, so the rest of it is not waited for.
    async fn read_slice(
        &self,
        driver: &Rc<RefCell<Driver>>,
        id: SliceId,
        exchange: crate::shell::Exchange,
        controller: &AbortController,
    ) -> Result<Option<cdr_core::Decoded>, SearchError> {
        let (cap, splittable) = {
            let d = driver.borrow();
            // A Call ID's answer is read whatever it holds.
            let splittable = match &d.plan {
                Plan::Slices { plan, .. } => plan
                    .span(id)
                    .is_some_and(|span| span.width() >= 2 * MIN_SLICE_WIDTH_MS),
                Plan::Ids(_) => false,
            };
            (d.cap, splittable)
        };
        let mut records = Vec::new();
        let mut overflow = None;
        let this = *self;
        let load_stopped = || {
            controller.signal().aborted()
                || !this
                    .driver
                    .try_get_value()
                    .flatten()
                    .is_some_and(|d| Rc::ptr_eq(&d, driver) && !d.borrow().stopped)
        };
        // The body in: the request's place goes to the next slice while this one is decoded.
        let free_place = || {
            if !load_stopped() {
                driver.borrow_mut().in_flight.remove(&id);
                this.pump();
            }
        };
        let ending =
            receive::receive_slice(
                exchange,
                free_place,
                load_stopped,
                |batch, total| match total {
                    Some(total) if splittable && total > cap && overflow.is_none() => {
                        overflow = Some(total);
                        controller.abort();
                    }
                    _ => records.extend(batch),
                },
            )
            .await;
        if let Some(total) = overflow {
            if let Plan::Slices { plan, .. } = &mut driver.borrow_mut().plan {
                plan.answered(id, Some(total), cap);
            }
            return Ok(None);
        }
        match ending? {
            Ending::Whole { total, skipped } => Ok(Some(cdr_core::Decoded {
                total,
                records,
                skipped,
            })),
            Ending::Reread(outcome) => outcome.map(Some).map_err(SearchError::Failed),
        }
    }

    /// Adds a slice's records: those of a whole (or too narrow) slice that belong to it and
    /// are not already shown; or every record of a Call ID's answer.
    fn take_slice(&self, driver: &Rc<RefCell<Driver>>, id: SliceId, decoded: cdr_core::Decoded) {
        let mut d = driver.borrow_mut();
        let skipped = decoded.skipped;
        let mut fresh = match &mut d.plan {
            Plan::Slices { plan, merge } => {
                let verdict = plan.answered(id, decoded.total, decoded.records.len() as u64);
                if let Verdict::Split(_) = verdict {
                    return;
                }
                let mut edge = 0;
                let mut fresh = Vec::with_capacity(decoded.records.len());
                for record in decoded.records {
                    if !plan.keeps(id, begin_ms(&record)) {
                        edge += 1;
                    } else if merge.admit(&record) {
                        fresh.push(record);
                    }
                }
                plan.note_edge_dropped(edge);
                fresh
            }
            // Each item is searched once and a record matches one item: its records are new.
            Plan::Ids(plan) => {
                plan.answered(id, decoded.records.len() as u64, decoded.total);
                decoded.records
            }
        };
        let room = d
            .max_records
            .saturating_sub(self.records.with_value(Records::len));
        if fresh.len() > room {
            fresh.truncate(room);
            d.stopped = true;
            for (_, controller) in d.in_flight.drain() {
                controller.abort();
            }
        }
        let expected = d.expected;
        drop(d);
        if skipped > 0 {
            self.skipped.update(|s| *s += skipped);
        }
        if !fresh.is_empty() {
            self.records.update_value(|r| r.extend(fresh, expected));
            self.redraw_soon();
        }
        if self.view.with_untracked(|v| v.state == LoadState::Loading) && driver.borrow().stopped {
            self.view.update(|v| v.state = LoadState::LimitReached);
            self.redraw();
        }
    }

    fn pause_for_token(&self, driver: &Rc<RefCell<Driver>>, id: SliceId) {
        let mut d = driver.borrow_mut();
        d.plan.resume(id);
        if d.paused_for_token {
            return; // asked once already
        }
        d.paused_for_token = true;
        // The others would get 401s too: stop them and send them again with the token.
        for (_, controller) in d.in_flight.drain() {
            controller.abort();
        }
        drop(d);
        self.view.update(|v| v.state = LoadState::NeedsToken);
        self.token.open_dialog();
    }

    fn resume_after_token(&self) {
        let Some(driver) = self.driver.get_value() else {
            return;
        };
        let resumed = {
            let mut d = driver.borrow_mut();
            std::mem::replace(&mut d.paused_for_token, false)
        };
        if resumed {
            self.view.update(|v| v.state = LoadState::Loading);
            self.pump();
        }
    }

    /// Stops the load and keeps what is loaded; the views say the set is partial. Does
    /// nothing once the load has ended.
    pub fn cancel(&self) {
        let running = self
            .view
            .with_untracked(|v| matches!(v.state, LoadState::Loading | LoadState::NeedsToken));
        let Some(driver) = self.driver.get_value().filter(|_| running) else {
            return;
        };
        {
            let mut d = driver.borrow_mut();
            d.stopped = true;
            for (_, controller) in d.in_flight.drain() {
                controller.abort();
            }
        }
        self.view.update(|v| v.state = LoadState::Cancelled);
        self.refresh_view(&driver);
        self.redraw();
    }

    /// The user's *Retry* on a failed slice.
    pub fn retry(&self, id: SliceId) {
        let Some(driver) = self.driver.get_value() else {
            return;
        };
        driver.borrow_mut().plan.retry(id);
        if self.view.with_untracked(|v| v.state == LoadState::Settled) {
            self.view.update(|v| v.state = LoadState::Loading);
        }
        self.pump();
    }

    fn stop_driver(&self) {
        if let Some(driver) = self.driver.try_update_value(Option::take).flatten() {
            let mut d = driver.borrow_mut();
            d.stopped = true;
            for (_, controller) in d.in_flight.drain() {
                controller.abort();
            }
        }
    }

    fn refresh_view(&self, driver: &Rc<RefCell<Driver>>) {
        let d = driver.borrow();
        let (progress, unmatched, ids) = match &d.plan {
            Plan::Slices { plan, merge } => (plan.progress(), merge.unmatched(), None),
            Plan::Ids(plan) => (Progress::default(), 0, Some(plan.progress())),
        };
        let settled = progress.is_settled() && ids.as_ref().is_none_or(IdProgress::is_settled);
        let failed = progress.failed.iter().map(|(id, _, _)| id);
        let failed_ids = ids
            .iter()
            .flat_map(|p| p.failed.iter().map(|(id, _, _)| id));
        let failures = failed
            .chain(failed_ids)
            .filter_map(|id| Some((*id, d.failures.get(id)?.clone())))
            .collect();
        drop(d);
        self.view.update(|v| {
            if v.state == LoadState::Loading && settled {
                v.state = LoadState::Settled;
            }
            v.progress = progress;
            v.ids = ids;
            v.unmatched = unmatched;
            v.failures = failures;
        });
        if settled {
            self.redraw();
        }
    }

    /// A redraw at most every [`REDRAW_MS`], or now when [`REDRAW_RECORDS`] wait for one.
    fn redraw_soon(&self) {
        let shown = self.view.with_untracked(|v| v.loaded);
        if self.records.with_value(Records::len).saturating_sub(shown) >= REDRAW_RECORDS {
            self.redraw();
        } else {
            self.schedule_redraw();
        }
    }

    fn schedule_redraw(&self) {
        let this = *self;
        once_per_redraw(self.redraw_pending, move || this.redraw());
    }

    /// Shows the records loaded so far: the list (and every view of it) and the progress
    /// display's count, in one task, so the status line's count and the progress bar never
    /// disagree. (The bar's own count, refreshed on a timer of its own, lagged the list
    /// by up to [`REDRAW_MS`].)
    fn redraw(&self) {
        self.redraw_pending.set_value(false);
        self.version.update(|(_, count)| *count += 1);
        let loaded = self.records.with_value(Records::len);
        self.view.maybe_update(|v| {
            let changed = v.loaded != loaded;
            v.loaded = loaded;
            changed
        });
    }

    /// The search id of the records shown, 0 before any (tracked).
    pub fn search_id(&self) -> u64 {
        self.version.with(|(id, _)| *id)
    }

    /// The search id without tracking.
    pub fn search_id_untracked(&self) -> u64 {
        self.version.with_untracked(|(id, _)| *id)
    }
}

/// The range a capped answer's search can be split over: a search by time range without a
/// Call ID (one Call ID's records cannot be narrowed by time in any useful way).
fn slice_range(query: &Query) -> Option<Span> {
    if !query.call_id.trim().is_empty() {
        return None;
    }
    let span = Span {
        begin: query.begin_date?,
        end: query.end_date?,
    };
    (span.width() > 0).then_some(span)
}

/// A record's begin time, epoch ms, when it reads as one.
fn begin_ms(record: &Record) -> Option<i64> {
    record.call_begin()?.trim().parse().ok()
}

/// Runs `run` [`REDRAW_MS`] from now unless `pending` says a run is already due then (it
/// is cleared when `run` runs, or by the caller to run sooner); nothing once the store is
/// gone.
fn once_per_redraw(pending: StoredValue<bool>, run: impl FnOnce() + 'static) {
    if pending.get_value() {
        return;
    }
    pending.set_value(true);
    set_timeout(
        move || {
            if pending.try_set_value(false).is_none() {
                run();
            }
        },
        Duration::from_millis(REDRAW_MS),
    );
}
