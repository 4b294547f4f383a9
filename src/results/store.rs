//! The result table's store: the quick filter, the sort, the page, the selected record and
//! table-or-summary, with what they derive from the answer: the visible records in order and
//! the summary's statistics and key figures. Filtering, sorting and statistics are `cdr-core`'s
//! ([`filter_indices`], [`sort_indices_in`], [`summarize`]); this module wires them to signals.

use std::sync::Arc;

use cdr_core::call_outcome::Analytics;
use cdr_core::config::parse_analytics;
use cdr_core::export::{export_file_name, to_csv};
use cdr_core::kpi::{kpis as key_figures, Kpis};
use cdr_core::summary::{summarize, Summary};
use cdr_core::table::{filter_indices, sort_indices_in, Column, Direction, DisplayContext, Paging};
use cdr_core::Record;
use leptos::prelude::*;

use super::complete::Loaded;
use super::prefs::Preferences;
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
    /// Indices of the records that pass the quick filter, in the chosen order.
    visible: Memo<Arc<Vec<usize>>>,
    /// Statistics of the filtered result, computed only while the summary is shown.
    summary: Memo<Arc<Summary>>,
    /// The key figures of the filtered result, computed only while the summary is shown.
    kpis: Memo<Arc<Kpis>>,
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
        let visible = Memo::new(move |_| {
            let ctx = display.get();
            let sort = sort.get();
            let indices = loaded.with_records(|records| {
                let mut indices = filter.with(|needle| filter_indices(records, needle, &ctx));
                if let Some((column, direction)) = sort {
                    sort_indices_in(records, &mut indices, column, direction, &ctx);
                }
                indices
            });
            Arc::new(indices)
        });
        let view_mode = RwSignal::new(ViewMode::Table);
        let summary = Memo::new(move |_| {
            if view_mode.get() != ViewMode::Summary {
                return Arc::new(Summary::default());
            }
            let ctx = display.get();
            visible.with(|order| {
                Arc::new(loaded.with_records_untracked(|records| summarize(records, order, &ctx)))
            })
        });
        let analytics = StoredValue::new(analytics);
        // One pass over the filtered indices (cdr_core::kpi), only while the summary shows.
        let kpis = Memo::new(move |_| {
            if view_mode.get() != ViewMode::Summary {
                return Arc::new(Kpis::default());
            }
            visible.with(|order| {
                let figures = analytics.with_value(|a| {
                    loaded.with_records_untracked(|records| key_figures(records, order, a))
                });
                Arc::new(figures)
            })
        });
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
            summary,
            kpis,
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

    /// How many records pass the quick filter (tracked).
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
        let name = export_file_name(
            answer.query.begin_date,
            answer.query.end_date,
            js_sys::Date::now() as i64,
            &ctx.zone,
        );
        browser::download(&name, "text/csv;charset=utf-8", &csv)
    }
}
