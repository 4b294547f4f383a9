//! The result table's store: the quick filter, the sort, the page, the selected record and
//! table-or-summary, with what they derive from the answer: the visible records in order and
//! the summary's statistics and key figures. Filtering, sorting and statistics are
//! `cdr-core`'s ([`SearchIndex`], [`sort_indices_in`], [`summarize`]); this module wires them
//! to signals.
//!
//! A keystroke in the quick filter costs one lookup in the [`SearchIndex`] (built in steps
//! when the filter gets focus, else at the first needle, once per answer and display
//! context; extended as a load appends records; narrowed from the previous matches while
//! the needle grows) and one pass over the sorted order of all records, which is kept until
//! the sort or the list changes.
//!
//! The filters beside the quick filter (outcome chips, value lists, duration ranges:
//! `cdr_core::facets`) then take one pass over the quick filter's matches, reading one
//! compact key per record ([`FacetKeys`], made once per answer and `shortAbandonSeconds`,
//! extended as a load appends records), which also counts every chip and value. They live
//! in the address bar beside the search (`history.replaceState`, from here, not from the
//! first load), in a shared link and in a saved search.

use std::sync::Arc;
use std::time::Duration;

use cdr_core::call_outcome::Analytics;
use cdr_core::charts::{charts as chart_figures, Charts};
use cdr_core::config::parse_analytics;
use cdr_core::export::{export_file_name, export_file_name_with, partial_file_name, to_csv};
use cdr_core::facets::{
    apply as apply_filters, from_params as filters_from_params, parse_range, with_filter_params,
    Facet, FacetCounts, FacetKeys, Filters, RangeError, Span,
};
use cdr_core::kpi::{kpis as key_figures, Kpis};
use cdr_core::search::SearchIndex;
use cdr_core::summary::{summarize, Summary};
use cdr_core::table::{sort_indices_in, Column, Direction, DisplayContext, Paging};
use cdr_core::xlsx::{calls_sheet, summary_kpis, ExcelExport, KpiRow};
use cdr_core::Record;
use leptos::prelude::*;

use super::complete::Loaded;
use super::prefs::Preferences;
use super::summary::kpi_figures;
use crate::browser;
use crate::shell::{config_text, Answer, Settings};

/// Table or summary charts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewMode {
    /// The sortable table of records.
    Table,
    /// Charts of the filtered records.
    Summary,
}

/// The quick filter's index and the search it indexes.
struct FilterIndex {
    search_id: u64,
    index: SearchIndex,
}

/// Records the quick filter's index takes in per step while it is prepared ahead of typing
/// ([`Table::prepare_filter`]): a few milliseconds of work per task.
const PREPARE_STEP: usize = 2_000;

impl FilterIndex {
    /// Runs `read` on the index for these records and context: made anew for another search,
    /// another display context or a list that shrank (never, in practice: lists only grow
    /// within a search), else kept. `None` once the store is disposed.
    fn with<U>(
        slot: StoredValue<Option<FilterIndex>>,
        search_id: u64,
        ctx: &DisplayContext,
        records: &[Record],
        read: impl FnOnce(&mut SearchIndex) -> U,
    ) -> Option<U> {
        slot.try_update_value(|slot| {
            let current = slot.take().filter(|f| {
                f.search_id == search_id
                    && f.index.len() <= records.len()
                    && f.index.context() == ctx
            });
            let f = slot.insert(current.unwrap_or_else(|| FilterIndex {
                search_id,
                index: SearchIndex::new(ctx),
            }));
            read(&mut f.index)
        })
    }

    /// The records (ascending indices) the quick filter passes: all of them for a blank
    /// needle (no index is needed for that), else the index's matches, after extending it
    /// with the records appended since.
    fn matches(
        slot: StoredValue<Option<FilterIndex>>,
        search_id: u64,
        records: &[Record],
        ctx: &DisplayContext,
        needle: &str,
    ) -> Vec<usize> {
        if needle.trim().is_empty() {
            return (0..records.len()).collect();
        }
        FilterIndex::with(slot, search_id, ctx, records, |index| {
            index.extend_to(records);
            index.matches(needle)
        })
        .unwrap_or_default()
    }
}

/// The facets' compact keys and the search they were made for.
struct KeySlot {
    search_id: u64,
    keys: FacetKeys,
}

impl KeySlot {
    /// Runs `read` on the keys of these records, extended to all of them, with hours in
    /// `ctx`'s zone: made anew for another search, another `shortAbandonSeconds` or a list
    /// that shrank. `None` once the store is disposed.
    fn with<U>(
        slot: StoredValue<Option<KeySlot>>,
        search_id: u64,
        ctx: &DisplayContext,
        records: &[Record],
        read: impl FnOnce(&FacetKeys) -> U,
    ) -> Option<U> {
        let short_abandon_seconds = ctx.short_abandon_seconds;
        slot.try_update_value(|slot| {
            let current = slot.take().filter(|k| {
                k.search_id == search_id
                    && k.keys.len() <= records.len()
                    && k.keys.short_abandon_seconds() == short_abandon_seconds
            });
            let k = slot.insert(current.unwrap_or_else(|| KeySlot {
                search_id,
                keys: FacetKeys::new(short_abandon_seconds, ctx.zone.clone()),
            }));
            k.keys.set_zone(ctx.zone.clone());
            k.keys.extend_to(records);
            read(&k.keys)
        })
    }
}

/// What the Summary's figures are computed from.
#[derive(Clone, Copy)]
struct SummarySources {
    view_mode: RwSignal<ViewMode>,
    display: Memo<Arc<DisplayContext>>,
    visible: Memo<Arc<Vec<usize>>>,
    loaded: Loaded,
    keys: StoredValue<Option<KeySlot>>,
    analytics: StoredValue<Analytics>,
}

/// One of the Summary's figures of the filtered records (statistics, key figures, charts)
/// as a memo: the default while the table shows; else one pass over the records' compact
/// keys (`from_keys`, cdr_core::facets::FacetKeys: the figures of
/// cdr_core::{summary, kpi, charts} without parsing times), or `from_records` once the
/// store is disposed.
fn summary_figure<T>(
    s: SummarySources,
    from_keys: fn(&FacetKeys, &[Record], &[usize], &DisplayContext, &Analytics) -> T,
    from_records: fn(&[Record], &[usize], &DisplayContext, &Analytics) -> T,
) -> Memo<Arc<T>>
where
    T: Default + PartialEq + Send + Sync + 'static,
{
    Memo::new(move |_| {
        if s.view_mode.get() != ViewMode::Summary {
            return Arc::new(T::default());
        }
        let ctx = s.display.get();
        s.visible.with(|order| {
            let id = s.loaded.search_id_untracked();
            let figure = s.analytics.with_value(|a| {
                s.loaded.with_records_untracked(|records| {
                    KeySlot::with(s.keys, id, &ctx, records, |k| {
                        from_keys(k, records, order, &ctx, a)
                    })
                    .unwrap_or_else(|| from_records(records, order, &ctx, a))
                })
            });
            Arc::new(figure)
        })
    })
}

/// What the filters leave and count: the records passing the quick filter and the
/// filters (ascending), each chip's and value's count, and each facet's values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Faceted {
    /// Record indices, ascending.
    pub passing: Arc<Vec<usize>>,
    /// The counts beside chips and values (`cdr_core::facets::FacetCounts`).
    pub counts: Arc<FacetCounts>,
    /// Per facet (in `Facet::ALL` order), its values in the records with their counts,
    /// in id order.
    pub values: Arc<[Vec<(String, usize)>; 4]>,
}

/// The table store. Copy handles only.
#[derive(Clone, Copy)]
pub struct Table {
    loaded: Loaded,
    prefs: Preferences,
    sort: RwSignal<Option<(Column, Direction)>>,
    filter: RwSignal<String>,
    /// The page, for the answer with this search id: a new answer starts on page one.
    paging: RwSignal<(u64, Paging)>,
    /// The selected record's index, for the answer with this search id.
    selected: RwSignal<Option<(u64, usize)>>,
    view_mode: RwSignal<ViewMode>,
    /// Indices of the records that pass the quick filter and the filters, in the chosen
    /// order.
    visible: Memo<Arc<Vec<usize>>>,
    /// The filters beside the quick filter.
    filters: RwSignal<Filters>,
    /// The range fields' text as typed, per span (min, max): a range that does not read
    /// is not applied, and its field says why.
    range_text: RwSignal<[(String, String); 3]>,
    /// What the filters leave and count.
    faceted: Memo<Faceted>,
    /// The quick filter's index, for the records of one search and one display context.
    index: StoredValue<Option<FilterIndex>>,
    /// Whether [`Table::prepare_filter`] has steps pending.
    preparing: StoredValue<bool>,
    /// Statistics of the filtered result, computed only while the summary is shown.
    summary: Memo<Arc<Summary>>,
    /// The key figures of the filtered result, computed only while the summary is shown.
    kpis: Memo<Arc<Kpis>>,
    /// The charts' figures of the filtered result, computed only while the summary is shown.
    charts: Memo<Arc<Charts>>,
    /// `config.json`'s outcome and KPI settings.
    analytics: StoredValue<Analytics>,
    /// The settings' display context with `config.json`'s outcome and KPI keys, which only
    /// the result views read ([`parse_analytics`]).
    display: Memo<Arc<DisplayContext>>,
}

impl Table {
    /// The store over the loaded records (the search's answer, completed slice by slice).
    /// Starts nothing.
    pub fn new(loaded: Loaded, settings: Settings, prefs: Preferences) -> Table {
        let sort = RwSignal::new(None);
        let filter = RwSignal::new(String::new());
        let analytics = parse_analytics(config_text()).0;
        let short_abandon_seconds = analytics.short_abandon_seconds;
        let display = Memo::new(move |_| {
            let mut ctx = (*settings.display()).clone();
            ctx.short_abandon_seconds = short_abandon_seconds;
            Arc::new(ctx)
        });
        let index = StoredValue::new(None::<FilterIndex>);
        // A shared link's or a reload's filters (the search itself is the shell's).
        let filters = RwSignal::new(filters_from_params(&browser::location_params()));
        let range_text = RwSignal::new(filters.with_untracked(range_texts));
        let keys = StoredValue::new(None::<KeySlot>);
        // Every record in the chosen order, kept while neither the sort nor the list changes:
        // a keystroke then only drops the records the filter rejects from it. A stable sort of
        // all records, restricted to some, is those records sorted.
        let order = Memo::new(move |_| {
            let (column, direction) = sort.get()?;
            let ctx = display.get();
            Some(Arc::new(loaded.with_records(|records| {
                let mut all: Vec<usize> = (0..records.len()).collect();
                sort_indices_in(records, &mut all, column, direction, &ctx);
                all
            })))
        });
        let hits = Memo::new(move |_| {
            let ctx = display.get();
            Arc::new(loaded.with_records(|records| {
                let id = loaded.search_id_untracked();
                filter.with(|needle| FilterIndex::matches(index, id, records, &ctx, needle))
            }))
        });
        // One pass over the quick filter's matches: what passes, and every count.
        let faceted = Memo::new(move |_| {
            let ctx = display.get();
            let hits = hits.get();
            let id = loaded.search_id_untracked();
            filters.with(|f| {
                loaded.with_records(|records| {
                    KeySlot::with(keys, id, &ctx, records, |keys| {
                        let (passing, counts) = apply_filters(keys, f, &hits);
                        let values = Facet::ALL.map(|facet| {
                            keys.values(facet)
                                .iter()
                                .zip(&counts.values[facet as usize])
                                .map(|(v, &n)| (v.clone(), n))
                                .collect()
                        });
                        Faceted {
                            passing: Arc::new(passing),
                            counts: Arc::new(counts),
                            values: Arc::new(values),
                        }
                    })
                    .unwrap_or_default()
                })
            })
        });
        let visible = Memo::new(move |_| {
            let hits = faceted.with(|f| f.passing.clone());
            let Some(order) = order.get() else {
                return hits;
            };
            if hits.len() == order.len() {
                return order;
            }
            let mut keep = vec![false; order.len()];
            for &i in hits.iter() {
                if let Some(k) = keep.get_mut(i) {
                    *k = true;
                }
            }
            Arc::new(
                order
                    .iter()
                    .copied()
                    .filter(|&i| keep.get(i).copied().unwrap_or(false))
                    .collect(),
            )
        });
        let view_mode = RwSignal::new(ViewMode::Table);
        let analytics = StoredValue::new(analytics);
        let sources = SummarySources {
            view_mode,
            display,
            visible,
            loaded,
            keys,
            analytics,
        };
        let summary = summary_figure(
            sources,
            |k, records, order, ctx, _| k.summary(records, order, ctx),
            |records, order, ctx, _| summarize(records, order, ctx),
        );
        let kpis = summary_figure(
            sources,
            |k, records, order, _, a| k.kpis(records, order, a),
            |records, order, _, a| key_figures(records, order, a),
        );
        let charts = summary_figure(
            sources,
            |k, records, order, ctx, a| k.charts(records, order, ctx, a),
            chart_figures,
        );
        let page_size = settings.with_config_untracked(|c| c.page_size);
        Table {
            loaded,
            prefs,
            sort,
            filter,
            paging: RwSignal::new((
                0,
                Paging {
                    page: 0,
                    size: page_size,
                },
            )),
            selected: RwSignal::new(None),
            view_mode,
            visible,
            filters,
            range_text,
            faceted,
            index,
            preparing: StoredValue::new(false),
            summary,
            kpis,
            charts,
            analytics,
            display,
        }
    }

    /// The key figures of the filtered records (tracked; empty unless the summary shows).
    pub fn kpis(&self) -> Arc<Kpis> {
        self.kpis.get()
    }

    /// `config.json`'s outcome and KPI settings.
    pub fn analytics(&self) -> Analytics {
        self.analytics.get_value()
    }

    /// How records are shown, with the outcome and KPI settings (tracked).
    pub fn display(&self) -> Arc<DisplayContext> {
        self.display.get()
    }

    /// The id of the answer shown, 0 before any (tracked).
    fn answer_id(&self) -> u64 {
        self.loaded.search_id()
    }

    /// The answer shown (tracked): its query, search id and the service's count.
    pub fn answer(&self) -> Option<Arc<Answer>> {
        self.loaded.answer()
    }

    /// The records shown and the load that completes them.
    pub fn loaded(&self) -> Loaded {
        self.loaded
    }

    /// Reads one record by index (tracked).
    pub fn with_record<T>(&self, index: usize, read: impl FnOnce(&Record) -> T) -> Option<T> {
        self.loaded
            .with_records(|records| records.get(index).map(read))
    }

    /// How many records pass the quick filter and the filters (tracked).
    pub fn visible_count(&self) -> usize {
        self.visible.with(|v| v.len())
    }

    /// The record indices of the current page, in order (tracked).
    pub fn page_indices(&self) -> Vec<usize> {
        let paging = self.paging();
        self.visible.with(|v| v[paging.range(v.len())].to_vec())
    }

    /// The page to show, clamped to what the filter leaves; page one for a new answer
    /// (tracked).
    pub fn paging(&self) -> Paging {
        let (id, paging) = self.paging.get();
        let paging = if id == self.answer_id() {
            paging
        } else {
            Paging { page: 0, ..paging }
        };
        paging.clamp(self.visible_count())
    }

    /// Goes to a page (0-based), clamped to the pages there are.
    pub fn go_to_page(&self, page: usize) {
        let id = self.loaded.search_id_untracked();
        let count = self.visible.with_untracked(|v| v.len());
        self.paging.update(|(page_id, paging)| {
            *page_id = id;
            *paging = Paging { page, ..*paging }.clamp(count);
        });
    }

    /// Sets the rows per page and goes back to page one.
    pub fn set_page_size(&self, size: usize) {
        let id = self.loaded.search_id_untracked();
        self.paging.set((id, Paging { page: 0, size }));
    }

    /// The rows per page (tracked).
    pub fn page_size(&self) -> usize {
        self.paging.with(|(_, p)| p.size)
    }

    /// Sort by a column: a new column sorts ascending, the same one flips. Back to page one.
    pub fn sort_by(&self, column: Column) {
        self.sort.update(|s| {
            *s = match *s {
                Some((c, Direction::Ascending)) if c == column => {
                    Some((column, Direction::Descending))
                }
                _ => Some((column, Direction::Ascending)),
            }
        });
        self.go_to_page(0);
    }

    /// How a column is sorted now, if it is (tracked).
    pub fn sort_of(&self, column: Column) -> Option<Direction> {
        self.sort
            .get()
            .and_then(|(c, direction)| (c == column).then_some(direction))
    }

    /// The quick filter's text (tracked).
    pub fn filter(&self) -> String {
        self.filter.get()
    }

    /// Sets the quick filter and goes back to the first page.
    pub fn set_filter(&self, needle: String) {
        self.filter.set(needle);
        self.go_to_page(0);
    }

    /// The filters (tracked).
    pub fn filters(&self) -> Filters {
        self.filters.get()
    }

    /// Reads the filters (tracked).
    pub fn with_filters<T>(&self, read: impl FnOnce(&Filters) -> T) -> T {
        self.filters.with(read)
    }

    /// Reads what the filters leave and count (tracked), without copying the value lists.
    pub fn with_faceted<T>(&self, read: impl FnOnce(&Faceted) -> T) -> T {
        self.faceted.with(read)
    }

    /// Changes the filters and goes back to the first page.
    pub fn update_filters(&self, change: impl FnOnce(&mut Filters)) {
        self.filters.update(change);
        self.go_to_page(0);
    }

    /// Replaces the filters (a link, a saved search, Clear filters), with the range
    /// fields' text, and goes back to the first page.
    pub fn set_filters(&self, filters: Filters) {
        self.range_text.set(range_texts(&filters));
        if self.filters.with_untracked(|f| *f != filters) {
            self.filters.set(filters);
        }
        self.go_to_page(0);
    }

    /// A range field's text as typed: the minimum's, or the maximum's when `max` (tracked).
    pub fn range_text(&self, span: Span, max: bool) -> String {
        self.range_text.with(|t| {
            let (min_text, max_text) = &t[span as usize];
            if max { max_text } else { min_text }.clone()
        })
    }

    /// Why a span's range, as typed, is not applied (tracked); `None` when it reads.
    pub fn range_problem(&self, span: Span) -> Option<RangeError> {
        self.range_text
            .with(|t| parse_range(&t[span as usize].0, &t[span as usize].1).err())
    }

    /// Takes a range field's text: the range applies when it reads, and is dropped (not
    /// applied, the field saying why) when it does not.
    pub fn set_range_text(&self, span: Span, max: bool, text: String) {
        self.range_text.update(|t| {
            let slot = &mut t[span as usize];
            if max {
                slot.1 = text;
            } else {
                slot.0 = text;
            }
        });
        let range = self
            .range_text
            .with_untracked(|t| parse_range(&t[span as usize].0, &t[span as usize].1))
            .unwrap_or_default();
        if self.filters.with_untracked(|f| f.range(span) != range) {
            self.update_filters(|f| f.set_range(span, range));
        }
    }

    /// The search's query string with the filters', or `None` when the form is not valid
    /// (untracked): what a shared link and a saved search hold.
    pub fn params_with_filters(&self, search_params: Option<String>) -> Option<String> {
        let params = search_params?;
        Some(
            self.filters
                .with_untracked(|f| with_filter_params(&params, f)),
        )
    }

    /// Builds the quick filter's index for the records shown, [`PREPARE_STEP`] records per
    /// task, so that the first keystroke finds it ready instead of building it (a few hundred
    /// ms at 100,000 records). Called when the filter gets focus; does nothing while steps
    /// are pending or the index is complete.
    pub fn prepare_filter(&self) {
        if self.preparing.get_value() {
            return;
        }
        self.preparing.set_value(true);
        let this = *self;
        set_timeout(move || this.prepare_step(), Duration::ZERO);
    }

    fn prepare_step(&self) {
        let ctx = self.display.get_untracked();
        let id = self.loaded.search_id_untracked();
        let more = self.loaded.with_records_untracked(|records| {
            FilterIndex::with(self.index, id, &ctx, records, |index| {
                let end = index.len().saturating_add(PREPARE_STEP).min(records.len());
                index.extend_to(records.get(..end).unwrap_or(records));
                if index.len() == PREPARE_STEP.min(records.len()) {
                    // Room for the rest at once, sized from the first step's records.
                    index.reserve_records(records.len() - index.len());
                }
                end < records.len()
            })
        });
        if more == Some(true) {
            let this = *self;
            set_timeout(move || this.prepare_step(), Duration::ZERO);
        } else {
            // `None`: the store is gone.
            let _ = self.preparing.try_set_value(false);
        }
    }

    /// Opens a record's details.
    pub fn select(&self, index: usize) {
        let id = self.loaded.search_id_untracked();
        self.selected.set(Some((id, index)));
    }

    /// Closes the details; returns the index of the record that was open.
    pub fn close_details(&self) -> Option<usize> {
        let index = self.selected_index_untracked();
        self.selected.set(None);
        index
    }

    /// The selected record's index in the answer shown (tracked).
    pub fn selected_index(&self) -> Option<usize> {
        let id = self.answer_id();
        self.selected
            .get()
            .and_then(|(sid, index)| (sid == id).then_some(index))
    }

    fn selected_index_untracked(&self) -> Option<usize> {
        let id = self.loaded.search_id_untracked();
        self.selected
            .get_untracked()
            .and_then(|(sid, index)| (sid == id).then_some(index))
    }

    /// The selected record (tracked).
    pub fn selected_record(&self) -> Option<Record> {
        let index = self.selected_index()?;
        self.with_record(index, Record::clone)
    }

    /// Table or summary (tracked).
    pub fn view_mode(&self) -> ViewMode {
        self.view_mode.get()
    }

    /// Shows the table or the summary.
    pub fn set_view_mode(&self, mode: ViewMode) {
        self.view_mode.set(mode);
    }

    /// The statistics of the filtered records (tracked; empty unless the summary shows).
    pub fn summary(&self) -> Arc<Summary> {
        self.summary.get()
    }

    /// The charts' figures of the filtered records (tracked; empty unless the summary
    /// shows).
    pub fn charts(&self) -> Arc<Charts> {
        self.charts.get()
    }

    /// Downloads the whole filtered, sorted result with the visible columns as CSV; false
    /// when there is nothing to export or the browser refused.
    pub fn export_csv(&self) -> bool {
        let Some(answer) = self.loaded.answer_untracked() else {
            return false;
        };
        let ctx = self.display.get_untracked();
        let columns = self.prefs.columns_untracked();
        let csv = self.visible.with_untracked(|order| {
            self.loaded
                .with_records_untracked(|records| to_csv(records, order, &columns, &ctx))
        });
        let name = self.export_name(export_file_name(
            answer.query.begin_date,
            answer.query.end_date,
            js_sys::Date::now() as i64,
            &ctx.zone,
        ));
        browser::download(&name, "text/csv;charset=utf-8", &csv)
    }

    /// The whole filtered, sorted result with the visible columns in their order, as the
    /// Excel export's contents (typed cells, and the summary's KPIs on the second sheet),
    /// with its file name (`cdr_…_exported-….xlsx`); `note` (the partial-load warning) goes
    /// first. `None` when there is nothing to export.
    pub fn excel_export(&self, note: Option<String>) -> Option<(String, ExcelExport)> {
        let answer = self.loaded.answer_untracked()?;
        let ctx = self.display.get_untracked();
        let columns = self.prefs.columns_untracked();
        let book = self.visible.with_untracked(|order| {
            self.loaded.with_records_untracked(|records| {
                let summary = summarize(records, order, &ctx);
                // The summary's figures, then the KPI strip's, each with its definition.
                let mut kpis = summary_kpis(&summary, ctx.locale);
                let figures = self
                    .analytics
                    .with_value(|a| kpi_figures(&key_figures(records, order, a), a, &ctx));
                kpis.extend(figures.into_iter().map(|f| {
                    KpiRow {
                        name: f
                            .unit
                            .map_or_else(|| f.label.to_string(), |u| u.named(f.label, ctx.locale)),
                        value: f.value,
                        definition: f.definition,
                    }
                }));
                ExcelExport {
                    locale: ctx.locale,
                    calls: calls_sheet(records, order, &columns, &ctx, note),
                    kpis,
                }
            })
        });
        let name = self.export_name(export_file_name_with(
            answer.query.begin_date,
            answer.query.end_date,
            js_sys::Date::now() as i64,
            &ctx.zone,
            "xlsx",
        ));
        Some((name, book))
    }

    /// An export's file name, marked `_partial` while the set is (the toolbar's note says
    /// why).
    fn export_name(&self, name: String) -> String {
        if untrack(|| self.loaded.is_partial()) {
            partial_file_name(&name)
        } else {
            name
        }
    }
}

/// The range fields' text for the filters' ranges (blank for an open end).
fn range_texts(f: &Filters) -> [(String, String); 3] {
    let text = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
    Span::ALL.map(|span| {
        let r = f.range(span);
        (text(r.min), text(r.max))
    })
}
