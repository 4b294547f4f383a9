//! The summary of the filtered result: satisfaction, call and media types, calls over time,
//! average wait and talk. Charts are inline SVG; each has a table for screen readers.

use cdr_core::summary::{Bucket, Share};
use cdr_core::time::format_duration;
use leptos::prelude::*;

use super::Table;
use crate::shell::Settings;
use crate::text::results;

/// Width of the bar charts' drawing space (the SVG scales to its container). Geometry is in
/// whole units: formatting floats would cost the page about 10 KB of code.
const WIDTH: usize = 600;

/// All charts for the current result.
#[component]
pub fn SummaryView() -> impl IntoView {
    let table = expect_context::<Table>();
    let settings = expect_context::<Settings>();
    let t = move || results(settings.locale());
    view! {
        <div class="summary" id="summary">
            {move || {
                let summary = table.summary();
                let t = t();
                let per_time_title = match summary.bucket {
                    Bucket::Hour => t.summary_per_hour,
                    Bucket::Day => t.summary_per_day,
                };
                let duration = |ms: Option<i64>| ms.map(format_duration).unwrap_or_else(|| t.not_present.to_string());
                let v = table.loaded().view();
                let locale = settings.locale();
                let partial = v.is_partial().then(|| {
                    view! {
                        <p class="note warning" id="summary-partial">
                            {super::progress::partial_text(&v, locale)}
                        </p>
                    }
                });
                view! {
                    {partial}
                    <p class="summary-count">{t.summary_of(&locale.count(summary.count as u64))}</p>
                    <dl class="averages">
                        <div><dt>{t.summary_avg_wait}</dt><dd>{duration(summary.avg_wait_ms)}</dd></div>
                        <div><dt>{t.summary_avg_talk}</dt><dd>{duration(summary.avg_talk_ms)}</dd></div>
                    </dl>
                    <div class="charts">
                        <BarChart id="chart-satisfaction" title=t.summary_satisfaction shares=summary.satisfaction.clone() total=summary.count />
                        <BarChart id="chart-call-type" title=t.summary_call_type shares=summary.by_call_type.clone() total=summary.count />
                        <BarChart id="chart-media-type" title=t.summary_media_type shares=summary.by_media_type.clone() total=summary.count />
                        <ColumnChart id="chart-time" title=per_time_title shares=summary.per_bucket.clone() />
                    </div>
                }
            }}
        </div>
    }
}

/// Horizontal bars, one per value, with the count and share beside each.
#[component]
fn BarChart(
    id: &'static str,
    title: &'static str,
    shares: Vec<Share>,
    total: usize,
) -> impl IntoView {
    // The whole summary is drawn again when the language changes (its view reads it).
    let locale = expect_context::<Settings>().locale_signal().get_untracked();
    let row_height = 26;
    let label_width = 190;
    let value_width = 110;
    let bar_space = WIDTH - label_width - value_width;
    let max = shares.iter().map(|s| s.count).max().unwrap_or(0).max(1);
    let height = shares.len().max(1) * row_height;
    let bars = shares
        .iter()
        .enumerate()
        .map(|(i, share)| {
            let y = i * row_height;
            let width = (share.count.saturating_mul(bar_space) / max).max(1);
            view! {
                <g>
                    <text x="0" y=y + 17 class="chart-label">{share.label.clone()}</text>
                    <rect x=label_width y=y + 5 width=width height=row_height - 10 class="bar" />
                    <text x=label_width + width + 6 y=y + 17 class="chart-value">
                        {format!("{} ({})", locale.count(share.count as u64), share.percent_text(total))}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" id=id>
            <figcaption id=format!("{id}-title")>{title}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-labelledby=format!("{id}-title") preserveAspectRatio="xMinYMin meet">
                {bars}
            </svg>
            <ShareTable title shares total=Some(total) />
        </figure>
    }
}

/// Vertical bars over time.
#[component]
fn ColumnChart(id: &'static str, title: &'static str, shares: Vec<Share>) -> impl IntoView {
    let locale = expect_context::<Settings>().locale_signal().get_untracked();
    // Each column is 20 units wide (a 17-unit bar and a gap); the SVG stretches to fit.
    let height = 160;
    let step = 20;
    let width = shares.len().max(1) * step;
    let max = shares.iter().map(|s| s.count).max().unwrap_or(0).max(1);
    let first = shares.first().map(|s| s.label.clone()).unwrap_or_default();
    let last = shares.last().map(|s| s.label.clone()).unwrap_or_default();
    let bars = shares
        .iter()
        .enumerate()
        .map(|(i, share)| {
            let h = share.count.saturating_mul(height - 10) / max;
            view! {
                <rect x=i * step y=height - h width=17 height=h class="bar">
                    <title>{format!("{}: {}", share.label, locale.count(share.count as u64))}</title>
                </rect>
            }
        })
        .collect_view();
    view! {
        <figure class="chart wide" id=id>
            <figcaption id=format!("{id}-title")>{title}</figcaption>
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-labelledby=format!("{id}-title") preserveAspectRatio="none" class="columns">
                {bars}
            </svg>
            <div class="axis"><span>{first}</span><span>{last}</span></div>
            <ShareTable title shares total=None />
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
