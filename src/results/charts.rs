//! The summary's charts for a manager (issue #18 item 4), from `cdr_core::charts`: calls per
//! hour or day split by outcome, service level over time, a weekday × hour grid (calls,
//! abandonment or service level, chosen with a labelled select) and satisfaction by wait
//! band.
//!
//! Each chart is a focusable figure: a caption, a one-line text summary (the figure's
//! description), an inline SVG with axes, ticks and values, and a "Show data table" button
//! that shows its numbers as a real table. Colour never carries meaning alone: the split's
//! segments have a legend in words (abandoned calls are also hatched), every grid cell prints
//! its value, and the tables hold every number. Colours are SVG presentation attributes
//! (CSS can restyle them); each passes WCAG contrast: bars and lines ≥ 3:1 against the
//! page, text on grid cells ≥ 4.5:1 (dark text on the three light steps, white on the two
//! dark ones). Geometry is in whole units: formatting floats would cost about 10 KB of code.
//!
//! Each drawing is laid out for the width its container has ([`Room`], measured by a
//! ResizeObserver) at one unit per pixel, so its text keeps the style sheet's size (11 px
//! ticks) however narrow the window (a portal's side panel, a phone): narrower, the charts
//! over time share fewer pixels between their columns, label fewer of them and wrap their
//! legends, the grid turns to hours down and weekdays across, and each wait band's words go
//! over its bar. The grid's metric and the open tables are kept for the result
//! ([`ChartControls`]).

use std::sync::Arc;

use cdr_core::charts::{
    per_mille, BandTally, CellRef, Charts, Extreme, Metric, Scale, TimePoint, MIN_BASE, WAIT_BANDS,
};
use cdr_core::kpi::ratio_text;
use cdr_core::summary::Bucket;
use cdr_core::Locale;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::Table;
use crate::shell::Settings;
use crate::text::{results, ResultsText};

/// Answered calls: the theme's accent (6.1:1 on white).
const ANSWERED: &str = "#1f5fbf";
/// Abandoned calls: orange, hatched (5.4:1 on white).
const ABANDONED: &str = "#b54708";
/// Other calls: grey (4.8:1 on white).
const OTHER: &str = "#6b7280";
/// Grid lines and empty cells' borders.
const GRID: &str = "#d5dae1";
/// The grid's steps, light to dark ([`Scale`]); the last two take white text.
const STEPS: [&str; Scale::BINS] = ["#eef3fb", "#c9daf3", "#93b6e6", "#3d74c4", "#1b4487"];

/// Left margin (y-axis labels), plot height, bottom margin (x labels). The top margin
/// holds the legend: [`LEGEND_ROW`] per row.
const LEFT: usize = 56;
const PLOT_H: usize = 180;
const BOTTOM: usize = 40;
/// The width the columns share, at most; each gets 2 to 100 units.
const PLOT_W: usize = 900;
/// The width a chart over time takes at least when it has the room.
const SERIES_W: usize = 720;
/// A legend row's height.
const LEGEND_ROW: usize = 20;

/// A weekday × hour cell's size and the grid's margins, hours across.
const CELL_W: usize = 38;
const CELL_H: usize = 28;
const GRID_LEFT: usize = 48;
const GRID_TOP: usize = 20;
/// The narrowest cell that holds "12.5%" or "1,234" at 11 px.
const CELL_MIN_W: usize = 36;
/// Hours down (a narrow room): the cells' height and the hours' margin.
const TALL_CELL_H: usize = 24;
const TALL_LEFT: usize = 30;
/// The wait bands' width when there is room.
const BANDS_W: usize = 600;

/// The manager's charts over the filtered records; computed only while the summary shows
/// (this view exists only then).
#[component]
pub fn ManagerCharts() -> impl IntoView {
    let table = expect_context::<Table>();
    let settings = expect_context::<Settings>();
    let data = Memo::new(move |_| table.charts());
    // The page's, so a filter, an arriving slice or a switch to the table and back keeps
    // them; a new search's answer starts from the defaults.
    let controls = expect_context::<ChartControls>();
    controls.keep_for(table.loaded().search_id_untracked());
    Effect::new(move |_| controls.keep_for(table.loaded().search_id()));
    let (metric, open) = (controls.metric, controls.open);
    let week_start = settings.with_config_untracked(|c| c.week_start()) as usize;
    let room = Room::watch();
    let charts = move || {
        // Drawn once the room is known (measured as soon as the holder is shown).
        let Some(room) = room.width.get() else {
            return ().into_any();
        };
        let c = data.get();
        let locale = settings.locale();
        let t = results(locale);
        if c.series.is_empty() {
            return view! { <p class="note" id="charts-empty">{t.chart_nothing}</p> }.into_any();
        }
        let untimed = (c.untimed > 0).then(|| {
            view! { <p class="note">{t.chart_untimed(&locale.count(c.untimed as u64))}</p> }
        });
        let c2 = c.clone();
        let grid = move || heatmap(&c2, metric.get(), week_start, locale, room, open[2]);
        view! {
            {untimed}
            <div class="charts">
                {volume(&c, locale, room, open[0])}
                {service_level(&c, locale, room, open[1])}
                <figure class="chart wide" id="chart-heatmap" tabindex="0" aria-labelledby="chart-heatmap-title" aria-describedby="chart-heatmap-summary">
                    <figcaption id="chart-heatmap-title">{t.chart_heatmap}</figcaption>
                    <p class="chart-controls">
                        <label for="heatmap-metric">{t.chart_metric}</label> " "
                        <select id="heatmap-metric" on:change=move |ev| {
                            if let Some(m) = Metric::from_key(&event_target_value(&ev)) {
                                metric.set(m);
                            }
                        }>
                            {Metric::ALL.map(|m| view! {
                                <option value=m.key() selected=move || metric.get() == m>{metric_label(t, m)}</option>
                            }).collect_view()}
                        </select>
                    </p>
                    {grid}
                </figure>
                {wait_bands(&c, locale, room, open[3])}
            </div>
        }
        .into_any()
    };
    view! { <div class="manager-charts" node_ref=room.holder>{charts}</div> }
}

/// The charts' controls as the user left them for one search's answer: the weekday × hour
/// grid's metric and which data tables are open (volume, service level, grid, wait bands).
/// The page keeps one ([`super::provide`]), so switching to the table and back, or a filter
/// that draws the charts again, keeps them; a new search's answer starts from the defaults
/// (calls, every table closed).
#[derive(Clone, Copy)]
pub struct ChartControls {
    /// The search id the choices belong to ([`super::complete::Loaded::search_id`]).
    answer: StoredValue<Option<u64>>,
    metric: RwSignal<Metric>,
    open: [RwSignal<bool>; 4],
}

impl ChartControls {
    /// The defaults, for no answer yet.
    pub fn new() -> ChartControls {
        ChartControls {
            answer: StoredValue::new(None),
            metric: RwSignal::new(Metric::Volume),
            open: [(); 4].map(|_| RwSignal::new(false)),
        }
    }

    /// Keeps the choices for the answer with search id `id`; for another answer, goes back
    /// to the defaults.
    fn keep_for(self, id: u64) {
        if self.answer.get_value() == Some(id) {
            return;
        }
        self.answer.set_value(Some(id));
        if self.metric.get_untracked() != Metric::Volume {
            self.metric.set(Metric::Volume);
        }
        for open in self.open {
            if open.get_untracked() {
                open.set(false);
            }
        }
    }
}

impl Default for ChartControls {
    fn default() -> ChartControls {
        ChartControls::new()
    }
}

/// The width the charts have, in CSS pixels. Each drawing is laid out for it at one unit
/// per pixel, so its text keeps the style sheet's size (11 px ticks): scaled down to a
/// phone's 340 px column, the 968-unit weekday × hour grid drew them at 4 px.
#[derive(Clone, Copy)]
pub(super) struct Room {
    /// The element measured (the drawings' container, or one of them).
    pub holder: NodeRef<leptos::html::Div>,
    /// In steps of [`Room::STEP`], at least [`Room::MIN`]; `None` until measured.
    pub width: RwSignal<Option<usize>>,
}

impl Room {
    /// Widths are rounded down to steps of this many pixels, so a resize draws again only
    /// now and then.
    const STEP: usize = 10;
    /// Left free below the width measured: a fraction of a pixel, and a scroll bar that
    /// comes and goes as the summary grows (15 to 17 px) without drawing everything again.
    const SLACK: usize = 18;
    /// The narrowest layout drawn; a narrower room scales it down.
    const MIN: usize = 280;

    /// Measures [`Room::holder`] once shown, whenever it is replaced and whenever its width
    /// changes (a ResizeObserver: the window resized, a portal's panel or the element the
    /// app is mounted in resized, a scroll bar appearing).
    pub fn watch() -> Room {
        let holder = NodeRef::<leptos::html::Div>::new();
        let width = RwSignal::new(None);
        let measure = move || {
            if let Some(el) = holder.get_untracked() {
                let w = Some(Room::fit(el.client_width()));
                if w != width.get_untracked() {
                    width.set(w);
                }
            }
        };
        let callback = Closure::<dyn FnMut()>::new(measure);
        let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok();
        // Kept (with the callback it calls) as long as the view that watches.
        let observer = StoredValue::new_local(observer.map(|o| (o, callback)));
        // A redraw loads the holder again, the same element or a new one in its place:
        // measuring it then would force a layout in the middle of the redraw (11 ms of a
        // chip click at 100,000 records). Only the first is measured at once (the drawings
        // wait for it); the observer measures the others after the next layout.
        let watched = StoredValue::new_local(None::<web_sys::HtmlDivElement>);
        Effect::new(move |_| {
            let Some(el) = holder.get() else { return };
            let first = watched.with_value(|w| match w {
                Some(w) if *w == el => None,
                Some(_) => Some(false),
                None => Some(true),
            });
            let Some(first) = first else { return };
            watched.set_value(Some(el.clone()));
            let observed = observer.with_value(|o| match o {
                Some((o, _)) => {
                    o.disconnect();
                    o.observe(&el);
                    true
                }
                None => false,
            });
            if first || !observed {
                measure();
            }
        });
        on_cleanup(move || {
            observer.with_value(|o| {
                if let Some((o, _)) = o {
                    o.disconnect();
                }
            });
        });
        Room { holder, width }
    }

    /// A measured width (px) as a drawing's room.
    fn fit(px: i32) -> usize {
        let px = usize::try_from(px).unwrap_or(0).saturating_sub(Room::SLACK);
        (px / Room::STEP * Room::STEP).max(Room::MIN)
    }
}

fn metric_label(t: &ResultsText, m: Metric) -> &'static str {
    match m {
        Metric::Volume => t.chart_metric_volume,
        Metric::Abandonment => t.chart_metric_abandon,
        Metric::ServiceLevel => t.chart_metric_service,
    }
}

/// Ends a one-line summary: the note that only bases of [`MIN_BASE`] calls were compared
/// (when they were), then the full stop.
fn end_sentence(s: &mut String, min_base_applied: bool, locale: Locale) {
    if min_base_applied {
        s.push_str(&results(locale).chart_min_base(&MIN_BASE));
    }
    s.push_str(if locale == Locale::ZhCn { "。" } else { "." });
}

/// A rate as shown: `"83.3%"`, or "—" with nothing to divide by.
fn rate(t: &ResultsText, parts: (usize, usize)) -> String {
    ratio_text(parts).unwrap_or_else(|| t.not_present.to_string())
}

/// Tenths of a percent as a grid cell shows them: `"12.5%"`, `"100%"` (to fit).
fn per_mille_text(pm: usize) -> String {
    if pm >= 1000 {
        "100%".to_string()
    } else {
        format!("{}.{}%", pm / 10, pm % 10)
    }
}

/// The weekday's short name, Monday 0.
fn weekday_name(t: &ResultsText, weekday: usize) -> &'static str {
    t.chart_weekdays.split(' ').nth(weekday).unwrap_or_default()
}

fn cell_name(t: &ResultsText, cell: CellRef) -> String {
    format!("{} {:02}:00", weekday_name(t, cell.weekday), cell.hour)
}

/// The columns' geometry for `n` buckets: each `step` units wide from [`LEFT`].
struct Columns {
    n: usize,
    step: usize,
    width: usize,
}

impl Columns {
    /// Columns for a drawing at most `room` wide (px), at least [`SERIES_W`] when it fits.
    fn new(n: usize, room: usize) -> Columns {
        let plot = PLOT_W.min(room.saturating_sub(LEFT + 16));
        let step = (plot / n.max(1)).clamp(2, 100);
        Columns {
            n,
            step,
            // Room for the legend whatever the columns.
            width: (LEFT + n * step + 16).max(SERIES_W.min(room)),
        }
    }

    fn center(&self, i: usize) -> usize {
        LEFT + i * self.step + self.step / 2
    }

    /// The x-axis: a tick and label every few buckets (enough room for "11-24"), the
    /// date (hours) or year (days) under the first label and wherever it changes.
    fn x_axis(&self, series: &[TimePoint], bucket: Bucket, base_y: usize) -> impl IntoView {
        let every = 44usize.div_ceil(self.step).max(1);
        let mut last_second = String::new();
        let labels = (0..self.n)
            .step_by(every)
            .filter_map(|i| {
                let label = &series.get(i)?.label;
                // Labels are cdr-core's own ASCII: "11-24 08:00 …" or "2026-11-24".
                let (first, second) = match bucket {
                    Bucket::Hour => (label.get(6..11), label.get(0..5)),
                    Bucket::Day => (label.get(5..10), label.get(0..4)),
                };
                let first = first.unwrap_or(label).to_string();
                let second = second.unwrap_or_default().to_string();
                let show_second = second != last_second;
                last_second = second.clone();
                let x = self.center(i);
                Some(view! {
                    <line x1=x x2=x y1=base_y y2=base_y + 4 stroke=OTHER />
                    <text x=x y=base_y + 16 text-anchor="middle" class="tick">{first}</text>
                    {show_second.then(|| view! {
                        <text x=x y=base_y + 30 text-anchor="middle" class="tick chart-value">{second}</text>
                    })}
                })
            })
            .collect_view();
        view! {
            <line x1=LEFT x2=LEFT + self.n * self.step y1=base_y y2=base_y stroke=OTHER />
            {labels}
        }
    }
}

/// Horizontal grid lines with their labels at the left, for values 0 to `top` by `step`
/// mapped to `y`.
fn y_axis(
    top: usize,
    step: usize,
    right: usize,
    y: impl Fn(usize) -> usize,
    label: impl Fn(usize) -> String,
) -> impl IntoView {
    (0..=top / step.max(1))
        .map(|k| {
            let v = k * step;
            let yv = y(v);
            view! {
                <line x1=LEFT x2=right y1=yv y2=yv stroke=GRID />
                <text x=LEFT - 6 y=yv + 4 text-anchor="end" class="tick">{label(v)}</text>
            }
        })
        .collect_view()
}

/// About how wide `text` is at the ticks' 11 px, in px: at most 7 for Latin letters and
/// digits, 12 for CJK (an em and a little). Laying out by it needs no measuring in the page.
pub(super) fn text_width(text: &str) -> usize {
    text.chars()
        .map(|c| if c.is_ascii() { 7 } else { 12 })
        .sum()
}

/// Legend entries `widths` wide (px, gap included) laid out in rows across `width` from
/// `x0`: each entry's x and row, and the rows used (at least 1).
fn legend_rows(x0: usize, width: usize, widths: &[usize]) -> (Vec<(usize, usize)>, usize) {
    let (mut x, mut row) = (x0, 0);
    let places = widths
        .iter()
        .map(|&w| {
            if x > x0 && x + w > width {
                (x, row) = (x0, row + 1);
            }
            let at = (x, row);
            x += w;
            at
        })
        .collect();
    (places, row + 1)
}

/// The chart-over-time legend's left edge: over the plot with room to spare, from the
/// drawing's edge when narrow.
fn legend_x0(width: usize) -> usize {
    if width < SERIES_W {
        4
    } else {
        LEFT
    }
}

/// A legend entry: a swatch and its words, in row `row`.
fn legend_item(x: usize, row: usize, fill: &'static str, label: &'static str) -> impl IntoView {
    let y = 8 + row * LEGEND_ROW;
    view! {
        <rect x=x y=y width=14 height=14 fill=fill stroke=fill />
        <text x=x + 20 y=y + 12 class="tick">{label}</text>
    }
}

/// A chart's figure: caption, one-line summary, drawing, and the toggle for its table.
fn figure(
    id: &'static str,
    title: &'static str,
    summary: String,
    drawing: impl IntoView + 'static,
    open: RwSignal<bool>,
    t: &'static ResultsText,
    table: impl Fn() -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let title_id = format!("{id}-title");
    let summary_id = format!("{id}-summary");
    let (labelled_by, described_by) = (title_id.clone(), summary_id.clone());
    view! {
        <figure class="chart wide" id=id tabindex="0" aria-labelledby=labelled_by aria-describedby=described_by>
            <figcaption id=title_id>{title}</figcaption>
            <p class="chart-summary" id=summary_id>{summary}</p>
            {drawing}
            {table_toggle(id, title, open, t, table)}
        </figure>
    }
}

/// "Show data table" and the table it shows (built only while shown).
fn table_toggle(
    id: &'static str,
    title: &'static str,
    open: RwSignal<bool>,
    t: &'static ResultsText,
    table: impl Fn() -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let table_id = format!("{id}-table");
    view! {
        <button type="button" class="table-toggle" aria-expanded=move || open.get().to_string() aria-controls=table_id.clone()
            on:click=move |_| open.update(|o| *o = !*o)>
            {move || if open.get() { t.chart_hide_table } else { t.chart_show_table }}
            // Four such buttons: each names its chart for a screen reader's list of buttons.
            <span class="visually-hidden">{format!(": {title}")}</span>
        </button>
        // A wide table scrolls: while shown, the keyboard can reach and scroll it.
        <div class="chart-table" id=table_id tabindex=move || open.get().then_some("0")
            role=move || open.get().then_some("region") aria-label=move || open.get().then_some(title)>
            {move || open.get().then(&table)}
        </div>
    }
}

/// Calls per hour or day, stacked answered / abandoned / other, with the total above each
/// column when there is room.
fn volume(c: &Arc<Charts>, locale: Locale, room: usize, open: RwSignal<bool>) -> impl IntoView {
    let t = results(locale);
    let n = move |v: usize| locale.count(v as u64);
    let title = match c.bucket {
        Bucket::Hour => t.chart_volume_hour,
        Bucket::Day => t.chart_volume_day,
    };
    let total = &c.total;
    let summary = match c.busiest_point() {
        Some(p) => t.chart_volume_summary(
            &n(total.calls),
            &n(total.answered),
            &n(total.abandoned),
            // The filters' Abandoned and Short abandon chips, added up here.
            &if total.short_abandoned > 0 {
                t.chart_volume_shorts(&n(total.short_abandoned))
            } else {
                String::new()
            },
            &n(total.other()),
            &t.chart_volume_busiest(&p.label, &n(p.tally.calls)),
        ),
        None => t.chart_nothing.to_string(),
    };
    let cols = Columns::new(c.series.len(), room);
    let entries = [
        (ANSWERED, t.chart_answered),
        ("url(#chart-hatch)", t.chart_abandoned),
        (OTHER, t.chart_other),
    ];
    let widths = entries.map(|(_, label)| 20 + text_width(label) + 16);
    let (places, rows) = legend_rows(legend_x0(cols.width), cols.width, &widths);
    let legend = entries
        .iter()
        .zip(places)
        .map(|(&(fill, label), (x, row))| legend_item(x, row, fill, label))
        .collect_view();
    let top_margin = 14 + rows * LEGEND_ROW;
    let max = c.series.iter().map(|p| p.tally.calls).max().unwrap_or(0);
    let (top, tick) = cdr_core::charts::axis_top(max);
    // Totals above the columns: across when they fit, upright when narrower.
    let values = match cols.step {
        30.. => 1,
        14..=29 => 2,
        _ => 0,
    };
    let head = top_margin + if values == 2 { 36 } else { 12 };
    let base = head + PLOT_H;
    let y = move |v: usize| base - v * PLOT_H / top.max(1);
    let height = base + BOTTOM;
    let bar_w = (cols.step * 3 / 4).max(1);
    let columns = c
        .series
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let tl = &p.tally;
            let x = cols.center(i) - bar_w / 2;
            let parts = [
                (tl.answered, ANSWERED),
                (tl.abandoned, "url(#chart-hatch)"),
                (tl.other(), OTHER),
            ];
            let mut below = 0;
            let segments = parts
                .into_iter()
                .filter(|&(v, _)| v > 0)
                .map(|(v, fill)| {
                    let y0 = y(below);
                    below += v;
                    let y1 = y(below);
                    view! { <rect x=x y=y1 width=bar_w height=(y0 - y1).max(1) fill=fill stroke="#ffffff" stroke-width="1" /> }
                })
                .collect_view();
            let label = (values > 0 && tl.calls > 0).then(|| {
                let cx = cols.center(i);
                let ty = y(tl.calls) - 4;
                let transform = (values == 2).then(|| format!("rotate(-90 {cx} {ty})"));
                let anchor = if values == 2 { "start" } else { "middle" };
                view! { <text x=cx y=ty text-anchor=anchor transform=transform class="tick">{n(tl.calls)}</text> }
            });
            let hover = t.chart_bucket_title(
                &p.label,
                &n(tl.calls),
                &n(tl.answered),
                &n(tl.abandoned),
                &n(tl.other()),
            );
            view! { <g><title>{hover}</title>{segments}{label}</g> }
        })
        .collect_view();
    let drawing = view! {
        <svg class="plot" width=cols.width height=height viewBox=format!("0 0 {} {height}", cols.width)
            role="img" aria-labelledby="chart-volume-title" aria-describedby="chart-volume-summary">
            <defs>
                <pattern id="chart-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                    <rect width="6" height="6" fill=ABANDONED />
                    <rect width="2" height="6" fill="#ffffff" />
                </pattern>
            </defs>
            {legend}
            {y_axis(top, tick, cols.width - 16, y, n)}
            {columns}
            {cols.x_axis(&c.series, c.bucket, base)}
        </svg>
    };
    let c = c.clone();
    let table = move || {
        let n = move |v: usize| locale.count(v as u64);
        view! {
            <table>
                <caption>{title}</caption>
                <thead><tr>
                    <th scope="col">{t.chart_time}</th>
                    <th scope="col">{t.summary_calls}</th>
                    <th scope="col">{t.chart_answered}</th>
                    <th scope="col">{t.chart_abandoned}</th>
                    <th scope="col">{t.chart_other}</th>
                </tr></thead>
                <tbody>
                    {c.series.iter().map(|p| view! {
                        <tr>
                            <th scope="row">{p.label.clone()}</th>
                            <td>{n(p.tally.calls)}</td>
                            <td>{n(p.tally.answered)}</td>
                            <td>{n(p.tally.abandoned)}</td>
                            <td>{n(p.tally.other())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    figure("chart-volume", title, summary, drawing, open, t, table)
}

/// Service level per hour or day as a line (gaps where no call counts), the overall level
/// dashed, each point's value above it when there is room.
fn service_level(
    c: &Arc<Charts>,
    locale: Locale,
    room: usize,
    open: RwSignal<bool>,
) -> impl IntoView {
    let t = results(locale);
    let title = match c.bucket {
        Bucket::Hour => t.chart_sl_hour,
        Bucket::Day => t.chart_sl_day,
    };
    let seconds = c.service_level_seconds;
    let overall = c.total.service_level();
    let summary = match c.service_level_range() {
        Some((low, high)) => {
            let label = |e: &Extreme<usize>| {
                c.series
                    .get(e.at)
                    .map(|p| p.label.clone())
                    .unwrap_or_default()
            };
            let mut s = t.chart_sl_summary(
                &rate(t, overall),
                &seconds,
                &label(&low),
                &rate(t, (low.part, low.whole)),
                &label(&high),
                &rate(t, (high.part, high.whole)),
            );
            end_sentence(
                &mut s,
                low.min_base_applied || high.min_base_applied,
                locale,
            );
            s
        }
        None => t.chart_nothing.to_string(),
    };
    let cols = Columns::new(c.series.len(), room);
    // The legend: the line with its points, and the overall level dashed (when known).
    let within = t.chart_within(&seconds);
    let overall_words = format!("{} {}", t.chart_overall, rate(t, overall));
    let (places, rows) = legend_rows(
        legend_x0(cols.width),
        cols.width,
        &[
            36 + text_width(&within) + 24,
            36 + text_width(&overall_words),
        ],
    );
    let [(lx, lrow), (ox, orow)] = [0, 1].map(|i| places.get(i).copied().unwrap_or_default());
    let (ly, oy) = (15 + lrow * LEGEND_ROW, 15 + orow * LEGEND_ROW);
    let base = 14 + rows * LEGEND_ROW + 12 + PLOT_H;
    let y = move |pm: usize| base - pm.min(1000) * PLOT_H / 1000;
    let height = base + BOTTOM;
    // Runs of points with a rate, each drawn as one line.
    let mut runs: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut last_had = false;
    for (i, p) in c.series.iter().enumerate() {
        match per_mille(p.tally.service_level()) {
            Some(pm) => {
                if !last_had {
                    runs.push(Vec::new());
                }
                if let Some(run) = runs.last_mut() {
                    run.push((cols.center(i), y(pm)));
                }
                last_had = true;
            }
            None => last_had = false,
        }
    }
    let lines = runs
        .into_iter()
        .map(|run| {
            let points = run
                .iter()
                .map(|(x, y)| format!("{x},{y}"))
                .collect::<Vec<_>>()
                .join(" ");
            view! { <polyline points=points fill="none" stroke=ANSWERED stroke-width="2" /> }
        })
        .collect_view();
    let with_values = cols.step >= 40;
    let points = c
        .series
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let parts = p.tally.service_level();
            let pm = per_mille(parts)?;
            let (x, yv) = (cols.center(i), y(pm));
            let hover = format!(
                "{}: {} ({} / {})",
                p.label,
                rate(t, parts),
                locale.count(parts.0 as u64),
                locale.count(parts.1 as u64)
            );
            Some(view! {
                <circle cx=x cy=yv r="3.5" fill=ANSWERED><title>{hover}</title></circle>
                {with_values.then(|| view! {
                    <text x=x y=yv.saturating_sub(8) text-anchor="middle" class="tick">{per_mille_text(pm)}</text>
                })}
            })
        })
        .collect_view();
    // The overall level dashed across the plot, named in the legend above it.
    let overall_line = per_mille(overall).map(|pm| {
        let yv = y(pm);
        view! {
            <line x1=LEFT x2=cols.width - 16 y1=yv y2=yv stroke=OTHER stroke-dasharray="6 4" />
            <line x1=ox x2=ox + 30 y1=oy y2=oy stroke=OTHER stroke-dasharray="6 4" />
            <text x=ox + 36 y=oy + 5 class="tick">{overall_words}</text>
        }
    });
    let drawing = view! {
        <svg class="plot" width=cols.width height=height viewBox=format!("0 0 {} {height}", cols.width)
            role="img" aria-labelledby="chart-service-title" aria-describedby="chart-service-summary">
            <line x1=lx x2=lx + 30 y1=ly y2=ly stroke=ANSWERED stroke-width="2" />
            <circle cx=lx + 15 cy=ly r="3.5" fill=ANSWERED />
            <text x=lx + 36 y=ly + 5 class="tick">{within}</text>
            {y_axis(1000, 250, cols.width - 16, y, |v| format!("{}%", v / 10))}
            {overall_line}
            {lines}
            {points}
            {cols.x_axis(&c.series, c.bucket, base)}
        </svg>
    };
    let c = c.clone();
    let table = move || {
        let n = move |v: usize| locale.count(v as u64);
        view! {
            <table>
                <caption>{title}</caption>
                <thead><tr>
                    <th scope="col">{t.chart_time}</th>
                    <th scope="col">{t.chart_sl_base}</th>
                    <th scope="col">{t.chart_within(&seconds)}</th>
                    <th scope="col">{t.chart_metric_service}</th>
                </tr></thead>
                <tbody>
                    {c.series.iter().map(|p| {
                        let (part, whole) = p.tally.service_level();
                        view! {
                            <tr>
                                <th scope="row">{p.label.clone()}</th>
                                <td>{n(whole)}</td>
                                <td>{n(part)}</td>
                                <td>{rate(t, (part, whole))}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    figure("chart-service", title, summary, drawing, open, t, table)
}

/// The weekday × hour grid's geometry for a room `room` px wide: hours across (the cells
/// narrowed down to [`CELL_MIN_W`] to fit), or, narrower, hours down and weekdays across,
/// so every cell still prints its value at 11 px (down to a room of 290 px; narrower, the
/// drawing is scaled down).
struct Grid {
    /// Hours down.
    tall: bool,
    /// The cells' left and top edge.
    left: usize,
    top: usize,
    cell_w: usize,
    cell_h: usize,
    /// The drawing's width and the cells' bottom edge.
    width: usize,
    bottom: usize,
    /// The legend's left edge and its entries' least width (even steps when wide).
    legend_x0: usize,
    legend_min: usize,
}

impl Grid {
    fn new(room: usize) -> Grid {
        let across = room.saturating_sub(GRID_LEFT + 8) / 24;
        if across >= CELL_MIN_W {
            let cell_w = across.min(CELL_W);
            return Grid {
                tall: false,
                left: GRID_LEFT,
                top: GRID_TOP,
                cell_w,
                cell_h: CELL_H,
                width: GRID_LEFT + 24 * cell_w + 8,
                bottom: GRID_TOP + 7 * CELL_H,
                legend_x0: GRID_LEFT,
                legend_min: 150,
            };
        }
        let cell_w = (room.saturating_sub(TALL_LEFT + 8) / 7).clamp(CELL_MIN_W, 2 * CELL_W);
        Grid {
            tall: true,
            left: TALL_LEFT,
            top: GRID_TOP,
            cell_w,
            cell_h: TALL_CELL_H,
            width: TALL_LEFT + 7 * cell_w + 8,
            bottom: GRID_TOP + 24 * TALL_CELL_H,
            legend_x0: 4,
            legend_min: 0,
        }
    }

    /// The top left corner of the cell of the `r`th weekday shown and `hour`.
    fn cell(&self, r: usize, hour: usize) -> (usize, usize) {
        if self.tall {
            (self.left + r * self.cell_w, self.top + hour * self.cell_h)
        } else {
            (self.left + hour * self.cell_w, self.top + r * self.cell_h)
        }
    }
}

/// The weekday × hour grid for one metric: the summary line, the drawing (every cell prints
/// its value; a legend gives each step's range) and the table toggle. The figure around it
/// holds the metric's select.
fn heatmap(
    c: &Arc<Charts>,
    metric: Metric,
    week_start: usize,
    locale: Locale,
    room: usize,
    open: RwSignal<bool>,
) -> impl IntoView {
    let t = results(locale);
    let count = move |v: usize| locale.count(v as u64);
    let shown = move |v: usize| match metric {
        Metric::Volume => count(v),
        _ => per_mille_text(v),
    };
    let mut summary = match c.busiest_cell() {
        Some((cell, calls)) => t.chart_heatmap_busiest(&cell_name(t, cell), &count(calls)),
        None => t.chart_nothing.to_string(),
    };
    let worst = match metric {
        Metric::Volume => None,
        m => c.worst_cell(m),
    };
    if let Some(w) = worst {
        let when = cell_name(t, w.at);
        let r = rate(t, (w.part, w.whole));
        summary.push_str(&match metric {
            Metric::Abandonment => t.chart_heatmap_abandon(&when, &r),
            _ => t.chart_heatmap_service(&when, &r),
        });
        if w.min_base_applied {
            summary.push_str(&t.chart_min_base(&MIN_BASE));
        }
    }
    if c.busiest_cell().is_some() {
        end_sentence(&mut summary, false, locale);
    }
    let rows: Vec<usize> = (0..7).map(|r| (week_start + r) % 7).collect();
    let scale = Scale::of(
        c.week.iter().flatten().filter_map(|tl| metric.value(tl)),
        metric == Metric::Volume,
    );
    let g = Grid::new(room);
    let hours = (0..24)
        .map(|h| {
            let (x, y, anchor) = if g.tall {
                (
                    TALL_LEFT - 6,
                    g.top + h * g.cell_h + g.cell_h / 2 + 4,
                    "end",
                )
            } else {
                (g.left + h * g.cell_w + g.cell_w / 2, g.top - 6, "middle")
            };
            view! { <text x=x y=y text-anchor=anchor class="tick">{format!("{h:02}")}</text> }
        })
        .collect_view();
    let cells = rows
        .iter()
        .enumerate()
        .map(|(r, &weekday)| {
            let (x, y, anchor) = if g.tall {
                (g.left + r * g.cell_w + g.cell_w / 2, g.top - 6, "middle")
            } else {
                (g.left - 6, g.top + r * g.cell_h + g.cell_h / 2 + 4, "end")
            };
            let day = view! { <text x=x y=y text-anchor=anchor class="tick">{weekday_name(t, weekday)}</text> };
            let cells = c.week[weekday]
                .iter()
                .enumerate()
                .map(|(hour, tl)| {
                    let (x, y) = g.cell(r, hour);
                    let value = metric.value(tl);
                    let step = value.zip(scale).map(|(v, s)| s.bin(v));
                    let (fill, stroke) = match step {
                        Some(b) => (STEPS[b], "#ffffff"),
                        None => ("#ffffff", GRID),
                    };
                    let text = value.map_or_else(|| t.not_present.to_string(), shown);
                    let class = if step.is_some_and(|b| b >= 3) {
                        "tick on-dark"
                    } else {
                        "tick"
                    };
                    let (part, whole) = metric.parts(tl);
                    let hover = match metric {
                        Metric::Volume => format!("{}: {}", cell_name(t, CellRef { weekday, hour }), count(tl.calls)),
                        _ => format!(
                            "{}: {} ({} / {})",
                            cell_name(t, CellRef { weekday, hour }),
                            rate(t, (part, whole)),
                            count(part),
                            count(whole)
                        ),
                    };
                    view! {
                        <g>
                            <title>{hover}</title>
                            <rect x=x y=y width=g.cell_w height=g.cell_h fill=fill stroke=stroke />
                            <text x=x + g.cell_w / 2 y=y + g.cell_h / 2 + 4 text-anchor="middle" class=class>{text}</text>
                        </g>
                    }
                })
                .collect_view();
            view! { {day} {cells} }
        })
        .collect_view();
    let has_empty = c.week.iter().flatten().any(|tl| metric.value(tl).is_none());
    // Each step's range, then the empty cells' mark: laid out in rows under the grid.
    let mut entries: Vec<(&'static str, String)> = scale
        .map(|s| {
            STEPS
                .iter()
                .enumerate()
                .filter_map(|(b, fill)| {
                    let (from, to) = s.range(b)?;
                    let words = if from == to {
                        shown(from)
                    } else {
                        format!("{}\u{2013}{}", shown(from), shown(to))
                    };
                    Some((*fill, words))
                })
                .collect()
        })
        .unwrap_or_default();
    if has_empty {
        entries.push(("#ffffff", format!("{} {}", t.not_present, t.chart_no_calls)));
    }
    let widths: Vec<usize> = entries
        .iter()
        .map(|(_, words)| (22 + text_width(words) + 14).max(g.legend_min))
        .collect();
    let (places, legend_rows_used) = legend_rows(g.legend_x0, g.width, &widths);
    let legend_y = g.bottom + 14;
    let legend = entries
        .into_iter()
        .zip(places)
        .map(|((fill, words), (x, row))| {
            let y = legend_y + row * 22;
            view! {
                <rect x=x y=y width=16 height=16 fill=fill stroke=GRID />
                <text x=x + 22 y=y + 13 class="tick">{words}</text>
            }
        })
        .collect_view();
    let (width, height) = (g.width, legend_y + legend_rows_used * 22 + 8);
    let drawing = view! {
        <svg class="plot" width=width height=height viewBox=format!("0 0 {width} {height}")
            role="img" aria-labelledby="chart-heatmap-title" aria-describedby="chart-heatmap-summary">
            {hours}
            {cells}
            {legend}
        </svg>
    };
    let c = c.clone();
    let caption = format!("{}: {}", t.chart_heatmap, metric_label(t, metric));
    let table = move || {
        view! {
            <table id="heatmap-table" data-metric=metric.key()>
                <caption>{caption.clone()}</caption>
                <thead><tr>
                    <th scope="col">{t.chart_weekday}</th>
                    {(0..24).map(|h| view! { <th scope="col">{format!("{h:02}")}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {rows.iter().map(|&weekday| view! {
                        <tr>
                            <th scope="row">{weekday_name(t, weekday)}</th>
                            {c.week[weekday].iter().map(|tl| {
                                let text = match metric {
                                    Metric::Volume => count(tl.calls),
                                    m => rate(t, m.parts(tl)),
                                };
                                view! { <td>{text}</td> }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <p class="chart-summary" id="chart-heatmap-summary">{summary}</p>
        {drawing}
        {table_toggle("chart-heatmap", t.chart_heatmap, open, t, table)}
    }
}

/// Satisfaction per wait band as horizontal bars with the rate and its counts; without
/// `satisfiedLevels`, answered calls per band.
fn wait_bands(c: &Arc<Charts>, locale: Locale, room: usize, open: RwSignal<bool>) -> impl IntoView {
    let t = results(locale);
    let count = move |v: usize| locale.count(v as u64);
    let bands: Vec<&'static str> = t.chart_wait_bands.split('|').collect();
    let band = move |i: usize| bands.get(i).copied().unwrap_or_default();
    let set = c.satisfaction_set;
    let title = if set {
        t.chart_wait_title
    } else {
        t.chart_wait_title_unset
    };
    let summary = if !set {
        t.chart_wait_unset.to_string()
    } else {
        match c.satisfaction_range() {
            Some((low, high)) => {
                let mut s = t.chart_wait_summary(
                    &band(high.at),
                    &rate(t, (high.part, high.whole)),
                    &band(low.at),
                    &rate(t, (low.part, low.whole)),
                );
                end_sentence(
                    &mut s,
                    low.min_base_applied || high.min_base_applied,
                    locale,
                );
                s
            }
            None => t.chart_no_rated.to_string(),
        }
    };
    let max = c
        .wait_bands
        .iter()
        .map(|b| b.answered)
        .max()
        .unwrap_or(0)
        .max(1);
    // Per band: its bar in thousandths of the bars' room, and its words.
    let values: Vec<(usize, String)> = c
        .wait_bands
        .iter()
        .map(|b: &BandTally| {
            if !set {
                return (b.answered * 1000 / max, count(b.answered));
            }
            let words = match b.rated {
                0 if locale == Locale::ZhCn => {
                    format!("{}（{}）", t.not_present, t.chart_none_rated)
                }
                0 => format!("{} ({})", t.not_present, t.chart_none_rated),
                _ => t.chart_band_value(
                    &rate(t, (b.satisfied, b.rated)),
                    &count(b.satisfied),
                    &count(b.rated),
                ),
            };
            (per_mille((b.satisfied, b.rated)).unwrap_or(0), words)
        })
        .collect();
    // With room: the band, its bar and its words on one line. Narrower: the band and its
    // words over a bar as wide as the room (the words under the band when both do not fit).
    let width = BANDS_W.min(room);
    let wide = width == BANDS_W;
    let fits = (0..WAIT_BANDS).all(|i| {
        let words = values.get(i).map_or(0, |(_, w)| text_width(w));
        text_width(band(i)) + 12 + words <= width
    });
    let (row_h, bar_x, bar_dy, bar_space) = match (wide, fits) {
        (true, _) => (28, 110, 6, BANDS_W - 110 - 230),
        (false, true) => (42, 0, 20, width - 8),
        (false, false) => (58, 0, 36, width - 8),
    };
    let rows = values
        .into_iter()
        .enumerate()
        .map(|(i, (pm, words))| {
            let y = i * row_h;
            let bar = pm.min(1000) * bar_space / 1000;
            let (wx, wy, anchor) = match (wide, fits) {
                (true, _) => (bar_x + bar + 6, y + 18, "start"),
                (false, true) => (width, y + 14, "end"),
                (false, false) => (0, y + 30, "start"),
            };
            view! {
                <text x="0" y=y + if wide { 18 } else { 14 } class="tick">{band(i)}</text>
                <rect x=bar_x y=y + bar_dy width=bar.max(1) height=if wide { 16 } else { 12 } fill=ANSWERED />
                <text x=wx y=wy text-anchor=anchor class="tick">{words}</text>
            }
        })
        .collect_view();
    let height = WAIT_BANDS * row_h;
    let drawing = view! {
        <svg class="plot" width=width height=height viewBox=format!("0 0 {width} {height}")
            role="img" aria-labelledby="chart-wait-title" aria-describedby="chart-wait-summary">
            {rows}
        </svg>
    };
    let c = c.clone();
    let table = move || {
        let count = move |v: usize| locale.count(v as u64);
        view! {
            <table>
                <caption>{title}</caption>
                <thead><tr>
                    <th scope="col">{t.chart_wait_band}</th>
                    <th scope="col">{t.chart_answered}</th>
                    <th scope="col">{t.chart_rated}</th>
                    <th scope="col">{t.chart_satisfied}</th>
                    <th scope="col">{t.kpi_satisfaction}</th>
                </tr></thead>
                <tbody>
                    {c.wait_bands.iter().enumerate().map(|(i, b)| view! {
                        <tr>
                            <th scope="row">{band(i)}</th>
                            <td>{count(b.answered)}</td>
                            <td>{count(b.rated)}</td>
                            <td>{if set { count(b.satisfied) } else { t.kpi_not_set.to_string() }}</td>
                            <td>{if set { rate(t, (b.satisfied, b.rated)) } else { t.kpi_not_set.to_string() }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    figure("chart-wait", title, summary, drawing, open, t, table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    // wasm_bindgen_test, not #[test]: the wasm test runner runs only these.
    #[wasm_bindgen_test]
    fn the_grid_keeps_cells_wide_enough_for_their_values_at_any_width() {
        // With room, hours across at full size, as before.
        let wide = Grid::new(1200);
        assert!(!wide.tall);
        assert_eq!((wide.cell_w, wide.width), (CELL_W, 968));
        // A little narrower: smaller cells, still across.
        let laptop = Grid::new(920);
        assert!(!laptop.tall && laptop.cell_w >= CELL_MIN_W && laptop.width <= 920);
        // A side panel, a phone: hours down, weekdays across, within the room.
        for room in [440, 340, TALL_LEFT + 7 * CELL_MIN_W + 8] {
            let g = Grid::new(room);
            assert!(g.tall, "{room}");
            assert!(
                g.cell_w >= CELL_MIN_W && g.width <= room,
                "{room}: {}",
                g.width
            );
            assert_eq!(
                g.cell(6, 23),
                (g.left + 6 * g.cell_w, g.top + 23 * g.cell_h)
            );
        }
    }

    #[wasm_bindgen_test]
    fn charts_over_time_and_legends_fit_their_room() {
        for (n, room) in [(8, 340), (48, 340), (24, 440), (31, Room::MIN)] {
            let cols = Columns::new(n, room);
            assert!(cols.width <= room, "{n} columns in {room}: {}", cols.width);
        }
        assert_eq!(Columns::new(8, 1200).width, LEFT + 8 * 100 + 16);
        // Entries that do not fit wrap to the next row, from the same edge.
        let (places, rows) = legend_rows(4, 300, &[100, 150, 120]);
        assert_eq!(places, vec![(4, 0), (104, 0), (4, 1)]);
        assert_eq!(rows, 2);
        // One too wide for the room keeps a row of its own.
        assert_eq!(legend_rows(4, 100, &[300, 50]).0, vec![(4, 0), (4, 1)]);
    }

    #[wasm_bindgen_test]
    fn a_room_is_a_little_narrower_than_measured() {
        assert_eq!(Room::fit(359), 340);
        assert_eq!(Room::fit(1214), 1190);
        assert_eq!(Room::fit(0), Room::MIN);
        assert_eq!(Room::fit(100), Room::MIN);
        assert_eq!(Room::fit(-5), Room::MIN);
    }
}
