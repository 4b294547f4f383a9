//! The summary of the filtered result: satisfaction, call and media types, calls over time,
//! average wait and talk. Charts are inline SVG; each has a table for screen readers.

use cdr_core::summary::{Bucket, Share};
use cdr_core::time::format_duration;
use leptos::prelude::*;

use crate::state::Explorer;
use crate::text::{fill, text};

/// Width of the charts' drawing space (the SVG scales to its container).
const WIDTH: f64 = 600.0;

/// All charts for the current result.
#[component]
pub fn SummaryView() -> impl IntoView {
    let ex = expect_context::<Explorer>();
    let t = move || text(ex.locale.get());
    view! {
        <div class="summary" id="summary">
            {move || {
                let summary = ex.summary.get();
                let t = t();
                let per_time_title = match summary.bucket {
                    Bucket::Hour => t.summary_per_hour,
                    Bucket::Day => t.summary_per_day,
                };
                let duration = |ms: Option<i64>| ms.map(format_duration).unwrap_or_else(|| t.not_present.to_string());
                view! {
                    <p class="summary-count">{fill(t.summary_of, &[("count", &summary.count)])}</p>
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
    let row_height = 26.0;
    let label_width = 190.0;
    let value_width = 110.0;
    let bar_space = WIDTH - label_width - value_width;
    let max = shares.iter().map(|s| s.count).max().unwrap_or(0).max(1) as f64;
    let height = (shares.len().max(1) as f64) * row_height;
    let bars = shares
        .iter()
        .enumerate()
        .map(|(i, share)| {
            let y = i as f64 * row_height;
            let width = (share.count as f64 / max * bar_space).max(1.0);
            let percent = share.percent(total);
            view! {
                <g>
                    <text x="0" y=y + 17.0 class="chart-label">{share.label.clone()}</text>
                    <rect x=label_width y=y + 5.0 width=width height=row_height - 10.0 class="bar" />
                    <text x=label_width + width + 6.0 y=y + 17.0 class="chart-value">
                        {format!("{} ({percent:.1}%)", share.count)}
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
    let height = 160.0;
    let max = shares.iter().map(|s| s.count).max().unwrap_or(0).max(1) as f64;
    let step = WIDTH / shares.len().max(1) as f64;
    let first = shares.first().map(|s| s.label.clone()).unwrap_or_default();
    let last = shares.last().map(|s| s.label.clone()).unwrap_or_default();
    let bars = shares
        .iter()
        .enumerate()
        .map(|(i, share)| {
            let h = share.count as f64 / max * (height - 10.0);
            view! {
                <rect x=i as f64 * step y=height - h width=(step * 0.85).max(0.5) height=h class="bar">
                    <title>{format!("{}: {}", share.label, share.count)}</title>
                </rect>
            }
        })
        .collect_view();
    view! {
        <figure class="chart wide" id=id>
            <figcaption id=format!("{id}-title")>{title}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-labelledby=format!("{id}-title") preserveAspectRatio="none" class="columns">
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
    let ex = expect_context::<Explorer>();
    let t = text(ex.locale.get_untracked());
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
                    let percent = total.map(|total| format!("{:.1}%", share.percent(total)));
                    view! {
                        <tr>
                            <th scope="row">{share.label}</th>
                            <td>{share.count}</td>
                            {percent.map(|p| view! { <td>{p}</td> })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
