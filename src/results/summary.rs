//! The summary of the filtered result: the KPI strip (key figures, each with its definition
//! on hover and keyboard focus), average wait and talk, the manager's charts (calls and
//! service level over time, weekday × hour, satisfaction by wait: [`super::charts`]), then
//! satisfaction, call and media types. Charts are inline SVG; each has a table.

use cdr_core::call_outcome::Analytics;
use cdr_core::kpi::{ratio_text, Kpis};
use cdr_core::summary::Share;
use cdr_core::table::DisplayContext;
use cdr_core::time::format_duration;
use cdr_core::xlsx::{KpiUnit, KpiValue};
use leptos::prelude::*;

use super::charts::{text_width, ManagerCharts, Room};
use super::Table;
use crate::shell::Settings;
use crate::text::results;

/// The widest the bar charts are drawn (px). Each is drawn for the width its column has
/// ([`Room`]) at one unit per pixel, so its 13 px text stays 13 px. Geometry is in whole
/// units: formatting floats would cost the page about 10 KB of code.
const WIDTH: usize = 600;

/// All charts for the current result.
#[component]
pub fn SummaryView() -> impl IntoView {
    let table = expect_context::<Table>();
    let settings = expect_context::<Settings>();
    let t = move || results(settings.locale());
    // The three bar charts share a grid row's width: the first is measured for all.
    let room = Room::watch();
    // Escape hides the definition shown (WCAG 1.4.13: dismissible without moving the
    // pointer or focus) until the pointer leaves that figure or focus moves.
    let dismissed = RwSignal::new(false);
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            dismissed.set(true);
        }
    });
    on_cleanup(move || escape.remove());
    view! {
        <div
            class="summary"
            id="summary"
            class:tips-dismissed=move || dismissed.get()
            on:focusin=move |_| dismissed.set(false)
        >
            {move || {
                let v = table.loaded().view();
                let locale = settings.locale();
                v.is_partial().then(|| {
                    view! {
                        <p class="note warning" id="summary-partial">
                            {super::progress::partial_text(&v, locale)}
                        </p>
                    }
                })
            }}
            {move || {
                let summary = table.summary();
                let t = t();
                let count = settings.locale().count(summary.count as u64);
                view! { <p class="summary-count">{t.summary_of(&count)}</p> }
            }}
            // Outside the closures above: a filter recomputes each part once.
            <KpiStrip dismissed />
            {move || {
                let summary = table.summary();
                let t = t();
                let duration = |ms: Option<i64>| ms.map(format_duration).unwrap_or_else(|| t.not_present.to_string());
                view! {
                    <dl class="averages">
                        // The average talk is the KPI strip's: not shown twice.
                        <Defined key="avg-wait" label=t.summary_avg_wait definition=t.summary_avg_wait_def.to_string()
                            value=duration(summary.avg_wait_ms) dismissed />
                    </dl>
                }
            }}
            <ManagerCharts />
            {move || {
                let summary = table.summary();
                let t = t();
                // Until the first chart is measured, the widest (scaled to its column).
                let width = room.width.get().unwrap_or(WIDTH).min(WIDTH);
                view! {
                    <div class="charts">
                        <BarChart id="chart-satisfaction" title=t.summary_satisfaction shares=summary.satisfaction.clone() total=summary.count width holder=room.holder />
                        <BarChart id="chart-call-type" title=t.summary_call_type shares=summary.by_call_type.clone() total=summary.count width holder=NodeRef::new() />
                        <BarChart id="chart-media-type" title=t.summary_media_type shares=summary.by_media_type.clone() total=summary.count width holder=NodeRef::new() />
                    </div>
                }
            }}
        </div>
    }
}

/// The key figures of the filtered result, each with its definition ([`Defined`]).
#[component]
fn KpiStrip(
    /// Whether Escape hid the definitions ([`SummaryView`]).
    dismissed: RwSignal<bool>,
) -> impl IntoView {
    let table = expect_context::<Table>();
    let settings = expect_context::<Settings>();
    move || {
        let t = results(settings.locale());
        let figures = kpi_figures(&table.kpis(), &table.analytics(), &settings.display());
        view! {
            <section class="kpi-strip" aria-label=t.kpi_strip>
                <dl class="averages kpis">
                    {figures.into_iter().map(|KpiFigure { key, label, shown, definition, .. }| {
                        view! { <Defined key label definition value=shown dismissed /> }
                    }).collect_view()}
                </dl>
            </section>
        }
    }
}

/// One figure of a `<dl>`: its label (focusable) names its definition with
/// `aria-describedby`, a tooltip shown while the figure is hovered or the label has
/// focus. Ids: `kpi-{key}` for the figure, `kpi-{key}-def` for the definition.
#[component]
fn Defined(
    key: &'static str,
    label: &'static str,
    definition: String,
    value: String,
    /// Set by Escape; the pointer leaving the figure clears it.
    dismissed: RwSignal<bool>,
) -> impl IntoView {
    let def_id = format!("kpi-{key}-def");
    view! {
        <div class="kpi" id=format!("kpi-{key}") on:mouseleave=move |_| dismissed.set(false)>
            <dt>
                <span class="term" tabindex="0" aria-describedby=def_id.clone()>{label}</span>
                <span class="kpi-def" role="tooltip" id=def_id>{definition}</span>
            </dt>
            <dd>{value}</dd>
        </div>
    }
}

/// One key figure: its id, label, value as shown, value for a spreadsheet (counts and
/// rates as numbers, rates in percent, times in seconds) and definition.
pub struct KpiFigure {
    /// Stable id (`kpi-{key}` on the page).
    pub key: &'static str,
    /// The label, in the locale.
    pub label: &'static str,
    /// The value as the strip shows it ("42.1%", "1:05", "—").
    pub shown: String,
    /// The value for the Excel export's KPI sheet.
    pub value: KpiValue,
    /// Its unit there (a rate in percent, a time in seconds), named after the label.
    pub unit: Option<KpiUnit>,
    /// What it counts, in the locale.
    pub definition: String,
}

/// The KPI strip's figures, in order: what the strip shows and the Excel export's KPI sheet
/// lists, from one place.
/// `ctx` gives the language and the satisfaction levels' labels.
pub fn kpi_figures(k: &Kpis, a: &Analytics, ctx: &DisplayContext) -> Vec<KpiFigure> {
    let locale = ctx.locale;
    let t = results(locale);
    let dash = || t.not_present.to_string();
    let rate = |parts| ratio_text(parts).unwrap_or_else(dash);
    // The spreadsheet's values, each with its unit.
    let percent = |(part, whole): (usize, usize)| {
        let value = if whole == 0 {
            KpiValue::None
        } else {
            KpiValue::Number((part as f64 * 1000.0 / whole as f64).round() / 10.0)
        };
        (value, Some(KpiUnit::Percent))
    };
    let time = |ms: Option<i64>| ms.map(format_duration).unwrap_or_else(dash);
    let seconds = |ms: Option<i64>| {
        let value = ms.map_or(KpiValue::None, |ms| KpiValue::Number(ms as f64 / 1000.0));
        (value, Some(KpiUnit::Seconds))
    };
    let count = |n: usize| (KpiValue::Number(n as f64), None);
    let levels = if a.satisfied_levels.is_empty() {
        t.kpi_not_set.to_string()
    } else {
        // By their labels ("Satisfied, Very satisfied"), as the table shows them.
        let named: Vec<String> = a
            .satisfied_levels
            .iter()
            .map(|l| ctx.evaluation_labels.label(l))
            .collect();
        named.join(", ")
    };
    let (satisfaction, satisfaction_value) = match k.satisfaction() {
        Some(parts) => (rate(parts), percent(parts)),
        None => (
            t.kpi_not_set.to_string(),
            (
                KpiValue::Text(t.kpi_not_set.to_string()),
                Some(KpiUnit::Percent),
            ),
        ),
    };
    let figure = |key, label, shown, (value, unit), definition| KpiFigure {
        key,
        label,
        shown,
        value,
        unit,
        definition,
    };
    vec![
        figure(
            "offered",
            t.kpi_offered,
            locale.count(k.offered as u64),
            count(k.offered),
            t.kpi_offered_def.to_string(),
        ),
        figure(
            "answered",
            t.kpi_answered,
            locale.count(k.answered as u64),
            count(k.answered),
            t.kpi_answered_def.to_string(),
        ),
        figure(
            "abandon",
            t.kpi_abandon,
            rate(k.abandonment()),
            percent(k.abandonment()),
            t.kpi_abandon_def.to_string(),
        ),
        figure(
            "abandon-net",
            t.kpi_abandon_net,
            rate(k.abandonment_without_short()),
            percent(k.abandonment_without_short()),
            t.kpi_abandon_net_def(&a.short_abandon_seconds),
        ),
        figure(
            "service-level",
            t.kpi_service_level,
            rate(k.service_level()),
            percent(k.service_level()),
            t.kpi_service_level_def(&k.service_level_seconds),
        ),
        figure(
            "asa",
            t.kpi_asa,
            time(k.average_speed_of_answer_ms),
            seconds(k.average_speed_of_answer_ms),
            t.kpi_asa_def.to_string(),
        ),
        figure(
            "longest-wait",
            t.kpi_longest_wait,
            time(k.longest_wait_ms),
            seconds(k.longest_wait_ms),
            t.kpi_longest_wait_def.to_string(),
        ),
        figure(
            "talk",
            t.kpi_talk,
            time(k.average_talk_ms),
            seconds(k.average_talk_ms),
            t.kpi_talk_def.to_string(),
        ),
        figure(
            "satisfaction",
            t.kpi_satisfaction,
            satisfaction,
            satisfaction_value,
            t.kpi_satisfaction_def(&levels),
        ),
    ]
}

/// Horizontal bars, one per value, with the count and share beside each; in a column too
/// narrow for the labels, the values and 60 px of bar on one line, each label goes over
/// its bar. `width` is the drawing's (px); `holder` is measured for it.
#[component]
fn BarChart(
    id: &'static str,
    title: &'static str,
    shares: Vec<Share>,
    total: usize,
    width: usize,
    holder: NodeRef<leptos::html::Div>,
) -> impl IntoView {
    // The whole summary is drawn again when the language changes (its view reads it).
    let locale = expect_context::<Settings>().locale_signal().get_untracked();
    let values: Vec<String> = shares
        .iter()
        .map(|s| {
            format!(
                "{} ({})",
                locale.count(s.count as u64),
                s.percent_text(total)
            )
        })
        .collect();
    // The text is 13 px: wider than the ticks' 11 px that text_width is for.
    let wide = |text: &str| text_width(text) * 13 / 11;
    let label_width = shares.iter().map(|s| wide(&s.label)).max().unwrap_or(0) + 10;
    let value_width = values.iter().map(|v| wide(v)).max().unwrap_or(0) + 6;
    let one_line = label_width + value_width + 60 <= width;
    let (row_height, bar_x, bar_y, bar_h) = if one_line {
        (26, label_width, 5, 16)
    } else {
        (40, 0, 22, 12)
    };
    let bar_space = width.saturating_sub(bar_x + value_width).max(1);
    let max = shares.iter().map(|s| s.count).max().unwrap_or(0).max(1);
    let height = shares.len().max(1) * row_height;
    let bars = shares
        .iter()
        .zip(values)
        .enumerate()
        .map(|(i, (share, value))| {
            let y = i * row_height;
            let bar = (share.count.saturating_mul(bar_space) / max).max(1);
            let text_y = if one_line { y + 17 } else { y + 32 };
            view! {
                <g>
                    <text x="0" y=y + if one_line { 17 } else { 15 } class="chart-label">{share.label.clone()}</text>
                    <rect x=bar_x y=y + bar_y width=bar height=bar_h class="bar" />
                    <text x=bar_x + bar + 6 y=text_y class="chart-value">{value}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" id=id>
            <figcaption id=format!("{id}-title")>{title}</figcaption>
            <div node_ref=holder>
                <svg class="plot" width=width height=height viewBox=format!("0 0 {width} {height}") role="img" aria-labelledby=format!("{id}-title")>
                    {bars}
                </svg>
            </div>
            <ShareTable title shares total=Some(total) />
        </figure>
    }
}

/// The chart's numbers as a table, for screen readers.
#[component]
fn ShareTable(title: &'static str, shares: Vec<Share>, total: Option<usize>) -> impl IntoView {
    let locale = expect_context::<Settings>().locale_signal().get_untracked();
    let t = results(locale);
    view! {
        <table class="visually-hidden">
            <caption>{title}</caption>
            <thead>
                <tr>
                    <th scope="col">{t.summary_value}</th>
                    <th scope="col">{t.summary_calls}</th>
                    {total.map(|_| view! { <th scope="col">{t.summary_share}</th> })}
                </tr>
            </thead>
            <tbody>
                {shares.into_iter().map(|share| {
                    let percent = total.map(|total| share.percent_text(total));
                    view! {
                        <tr>
                            <th scope="row">{share.label}</th>
                            <td>{locale.count(share.count as u64)}</td>
                            {percent.map(|p| view! { <td>{p}</td> })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
