//! End-to-end: the summary's manager charts (issue #18 item 4). The weekday × hour grid's
//! data table holds the calls the simulator answers for the search, counted here per local
//! weekday and hour of the display zone; its metric switch changes the table to the
//! abandonment rate and the service level, worked out here by the KPI strip's definitions;
//! the calls-over-time table's answered/abandoned/other split adds up to each bucket's calls
//! and to the records; every chart, its table toggle and the metric select are reached with
//! Tab and work with the keyboard; the charts follow the outcome chips; axe-core finds
//! nothing in English and Chinese. In a 500 px window and a 390 px phone the charts' text
//! is drawn at 11 px or more and nothing scrolls sideways; the grid's metric and the open
//! tables stay as chosen through a chip click and a switch to the table and back.

use cdr_core::call_outcome::{classify, CallOutcome};
use cdr_core::time::call_time_ms;
use cdr_core::{Record, RecordField};
use cdr_e2e::flows::{english_words, expected_records};
use cdr_e2e::{Session, Setup};
use fantoccini::key::Key;
use serde_json::{json, Value};

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;
/// Asia/Shanghai, UTC+08:00 all year.
const SHANGHAI_MS: i64 = 8 * HOUR_MS;
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Per weekday (Monday first) and hour of a zone `offset_ms` east of UTC: calls,
/// abandoned (short ones included), short abandons, answered within 20 s.
fn per_cell(records: &[Record], offset_ms: i64) -> [[[usize; 4]; 24]; 7] {
    let mut cells = [[[0; 4]; 24]; 7];
    for r in records {
        let Some(begin) = r.get(RecordField::CallBegin).and_then(call_time_ms) else {
            continue;
        };
        let local = begin + offset_ms;
        // 1970-01-01 was a Thursday (weekday 3 counting from Monday).
        let weekday = (local.div_euclid(DAY_MS) + 3).rem_euclid(7) as usize;
        let hour = (local.rem_euclid(DAY_MS) / HOUR_MS) as usize;
        let cell = &mut cells[weekday][hour];
        cell[0] += 1;
        match classify(r, 5).outcome {
            CallOutcome::Abandoned => cell[1] += 1,
            CallOutcome::ShortAbandon => {
                cell[1] += 1;
                cell[2] += 1;
            }
            CallOutcome::Answered => {
                let time = |f| r.get(f).and_then(call_time_ms);
                let from = time(RecordField::WaitBegin).or(time(RecordField::CallBegin));
                if let (Some(ack), Some(from)) = (time(RecordField::AckBegin), from) {
                    if ack >= from && ack - from <= 20_000 {
                        cell[3] += 1;
                    }
                }
            }
            _ => {}
        }
    }
    cells
}

/// `part / whole` as the page shows a rate ("12.5%"), "—" when `whole` is 0.
fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "\u{2014}".into();
    }
    let tenths = (part * 1000 + whole / 2) / whole;
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// A data table's body: each row's header and cells.
async fn table_rows(s: &Session, table: &str) -> Vec<(String, Vec<String>)> {
    let rows = s
        .js(&format!(
            "return [...document.querySelectorAll('{table} tbody tr')].map(tr => \
             [tr.querySelector('th').textContent, [...tr.querySelectorAll('td')].map(td => td.textContent)]);"
        ))
        .await;
    serde_json::from_value(rows).expect("rows of text")
}

fn number(text: &str) -> usize {
    text.replace(',', "")
        .parse()
        .unwrap_or_else(|_| panic!("a count: {text:?}"))
}

async fn choose_metric(s: &Session, key: &str) {
    s.js(&format!(
        "const m = document.querySelector('#heatmap-metric'); m.value = '{key}'; \
         m.dispatchEvent(new Event('change', {{ bubbles: true }}));"
    ))
    .await;
    s.wait_until(
        "the grid's table for the metric",
        &format!("document.querySelector('#heatmap-table[data-metric={key}]')"),
    )
    .await;
}

#[tokio::test]
async fn the_heatmap_table_counts_calls_per_local_weekday_and_hour() {
    // 2026-11-20 00:00 to 2026-11-28 00:00 in Shanghai.
    let (begin, end) = (
        1_795_132_800_000 - SHANGHAI_MS,
        1_795_824_000_000 - SHANGHAI_MS,
    );
    let records = expected_records(begin, end);
    let cells = per_cell(&records, SHANGHAI_MS);
    let s = Session::start(Setup::default().config("timeZone", json!("Asia/Shanghai"))).await;
    let p = s.page();
    p.fill_range("2026-11-20T00:00", "2026-11-28T00:00").await;
    p.search().await;
    p.wait_for_rows().await;
    p.show_summary().await;
    s.click("#chart-heatmap .table-toggle").await;
    s.wait_for("#heatmap-table[data-metric=volume]").await;

    // Calls: every cell as counted here, Monday first (weekStart's default).
    let rows = table_rows(&s, "#heatmap-table").await;
    assert_eq!(rows.len(), 7);
    let mut placed = 0;
    for (weekday, (day, values)) in rows.iter().enumerate() {
        assert_eq!(day, WEEKDAYS[weekday]);
        let shown: Vec<usize> = values.iter().map(|v| number(v)).collect();
        let want: Vec<usize> = cells[weekday].iter().map(|c| c[0]).collect();
        assert_eq!(shown, want, "{day}");
        placed += shown.iter().sum::<usize>();
    }
    assert_eq!(placed, records.len(), "every call in one cell");
    // Shanghai's business hours are busy, its nights quiet: the zone is applied.
    let (busy_day, busy_hour, busiest) = (0..7)
        .flat_map(|d| (0..24).map(move |h| (d, h)))
        .map(|(d, h)| (d, h, cells[d][h][0]))
        .fold((0, 0, 0), |best, c| if c.2 > best.2 { c } else { best });
    assert!((8..21).contains(&busy_hour), "busiest at {busy_hour}:00");
    let summary = s.text_of("#chart-heatmap-summary").await;
    assert!(
        summary.starts_with(&format!(
            "Busiest hour: {} {busy_hour:02}:00, {busiest} calls",
            WEEKDAYS[busy_day]
        )),
        "{summary}"
    );

    // The metric switch: abandonment rate, then service level, by the KPI definitions.
    choose_metric(&s, "abandonment").await;
    let rows = table_rows(&s, "#heatmap-table").await;
    for (weekday, (day, values)) in rows.iter().enumerate() {
        let want: Vec<String> = cells[weekday].iter().map(|c| percent(c[1], c[0])).collect();
        assert_eq!(values, &want, "abandonment, {day}");
    }
    assert!(s
        .text_of("#chart-heatmap-summary")
        .await
        .contains("abandonment highest"));
    choose_metric(&s, "serviceLevel").await;
    let rows = table_rows(&s, "#heatmap-table").await;
    for (weekday, (day, values)) in rows.iter().enumerate() {
        let want: Vec<String> = cells[weekday]
            .iter()
            .map(|c| percent(c[3], c[0] - c[2]))
            .collect();
        assert_eq!(values, &want, "service level, {day}");
    }
    assert!(s
        .text_of("#chart-heatmap-summary")
        .await
        .contains("service level lowest"));
    s.close().await;
}

/// Presses Tab until the focused element matches `selector`.
async fn tab_to(s: &Session, selector: &str) {
    let probe = format!("el.matches({})", json!(selector));
    s.tab_to(selector, &probe, 120).await;
}

#[tokio::test]
async fn calls_over_time_split_by_outcome_add_up_and_every_chart_takes_the_keyboard() {
    // 2026-11-20 00:00 to 2026-11-28 00:00 UTC: per day.
    let (begin, end) = (1_795_132_800_000, 1_795_824_000_000);
    let records = expected_records(begin, end);
    let s = Session::start(Setup::default()).await;
    let p = s.page();
    p.fill_range("2026-11-20T00:00", "2026-11-28T00:00").await;
    p.search().await;
    p.wait_for_rows().await;
    p.show_summary().await;
    s.wait_for("#chart-volume").await;
    assert_eq!(
        s.text_of("#chart-volume-title").await,
        "Calls per day by outcome"
    );

    // Keyboard: each chart is a focus stop with a visible ring; its table opens with Enter.
    for id in [
        "chart-volume",
        "chart-service",
        "chart-heatmap",
        "chart-wait",
    ] {
        tab_to(&s, &format!("#{id}")).await;
        assert_eq!(
            s.js("const st = getComputedStyle(document.activeElement); return st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0;")
                .await,
            json!(true),
            "focus ring on {id}"
        );
        // The figure's name and one-line summary, for a screen reader.
        let described = s
            .js(&format!(
                "const f = document.querySelector('#{id}'); return [f.getAttribute('aria-labelledby'), f.getAttribute('aria-describedby')];"
            ))
            .await;
        assert_eq!(
            described,
            json!([format!("{id}-title"), format!("{id}-summary")])
        );
        assert!(!s.text_of(&format!("#{id}-summary")).await.is_empty());
        if id == "chart-heatmap" {
            tab_to(&s, "#heatmap-metric").await;
        }
        tab_to(&s, &format!("#{id} .table-toggle")).await;
        s.press(Key::Enter).await;
        s.wait_until(
            "the data table",
            &format!("document.querySelector('#{id}-table table')"),
        )
        .await;
        assert_eq!(
            s.js(&format!(
                "return document.querySelector('#{id} .table-toggle').getAttribute('aria-expanded');"
            ))
            .await,
            json!("true")
        );
    }

    // Calls per day: answered + abandoned + other = calls, each as counted here.
    let rows = table_rows(&s, "#chart-volume-table").await;
    let mut days = std::collections::BTreeMap::<String, [usize; 4]>::new();
    for r in &records {
        let begin = r
            .get(RecordField::CallBegin)
            .and_then(call_time_ms)
            .expect("a begin");
        let date = cdr_core::time::format_ms(begin, &cdr_core::Zone::Utc);
        let day = days
            .entry(date.get(..10).unwrap_or_default().to_string())
            .or_default();
        day[0] += 1;
        match classify(r, 5).outcome {
            CallOutcome::Answered => day[1] += 1,
            CallOutcome::Abandoned | CallOutcome::ShortAbandon => day[2] += 1,
            _ => day[3] += 1,
        }
    }
    let shown: Vec<(String, [usize; 4])> = rows
        .iter()
        .map(|(day, v)| {
            let [calls, answered, abandoned, other] = [0, 1, 2, 3].map(|i| number(&v[i]));
            assert_eq!(answered + abandoned + other, calls, "{day}");
            (day.clone(), [calls, answered, abandoned, other])
        })
        .collect();
    let want: Vec<(String, [usize; 4])> = days.into_iter().collect();
    assert_eq!(shown, want);
    let total = records.len();
    let summary = s.text_of("#chart-volume-summary").await;
    assert!(
        summary.starts_with(&format!(
            "{} calls: ",
            cdr_core::Locale::En.count(total as u64)
        )),
        "{summary}"
    );
    // The abandoned calls' short abandons are named: the filters count them apart.
    let shorts = records
        .iter()
        .filter(|r| classify(r, 5).outcome == CallOutcome::ShortAbandon)
        .count();
    assert!(
        summary.contains(&format!(
            "({} of them short abandons)",
            cdr_core::Locale::En.count(shorts as u64)
        )),
        "{summary}"
    );

    // The service level table's bases and the wait bands' answered calls add up.
    let sl = table_rows(&s, "#chart-service-table").await;
    assert_eq!(sl.len(), want.len());
    // Answered calls per wait band (0–10 s, 10–20 s, 20–60 s, 1–3 min, more; each with its
    // upper limit), by speed of answer: ackBegin − waitBegin (else callBegin).
    let mut want_bands = [0usize; 5];
    for r in records
        .iter()
        .filter(|r| classify(r, 5).outcome == CallOutcome::Answered)
    {
        let time = |f| r.get(f).and_then(call_time_ms);
        let from = time(RecordField::WaitBegin).or(time(RecordField::CallBegin));
        if let (Some(ack), Some(from)) = (time(RecordField::AckBegin), from) {
            if ack >= from {
                let band = [10_000, 20_000, 60_000, 180_000]
                    .iter()
                    .position(|&limit| ack - from <= limit)
                    .unwrap_or(4);
                want_bands[band] += 1;
            }
        }
    }
    let bands = table_rows(&s, "#chart-wait-table").await;
    let shown_bands: Vec<usize> = bands.iter().map(|(_, v)| number(&v[0])).collect();
    assert_eq!(shown_bands, want_bands);

    let violations = s.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe, every chart's table open:\n{}",
        violations.join("\n")
    );
    s.close().await;
}

#[tokio::test]
async fn the_charts_speak_chinese() {
    let s = Session::start(
        Setup::default()
            .config("locale", json!("zh-CN"))
            .config("satisfiedLevels", json!(["4", "5"]))
            .config("weekStart", json!("sunday")),
    )
    .await;
    let p = s.page();
    p.fill_range("2026-11-20T00:00", "2026-11-28T00:00").await;
    p.search().await;
    p.wait_for_rows().await;
    p.show_summary().await;
    s.click("#chart-heatmap .table-toggle").await;
    s.wait_for("#heatmap-table").await;
    choose_metric(&s, "serviceLevel").await;
    let rows = table_rows(&s, "#heatmap-table").await;
    let days: Vec<&str> = rows.iter().map(|(d, _)| d.as_str()).collect();
    // The week starts as weekStart says.
    assert_eq!(
        days,
        ["周日", "周一", "周二", "周三", "周四", "周五", "周六"]
    );
    // Captions, summaries, legends, axes and buttons: no English words.
    let text: Value = s
        .js("return [...document.querySelectorAll('#chart-volume, #chart-service, #chart-heatmap, #chart-wait')].map(f => f.textContent).join(' ');")
        .await;
    let text = text.as_str().unwrap_or_default();
    let english = english_words(text);
    assert_eq!(english, Vec::<&str>::new(), "{text}");
    assert!(text.contains("服务水平最低"), "{text}");
    assert!(text.contains("满意度最高"), "{text}");
    let violations = s.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe, Chinese charts:\n{}",
        violations.join("\n")
    );
    s.close().await;
}

#[tokio::test]
async fn the_charts_follow_the_outcome_chips() {
    let (begin, end) = (1_795_132_800_000, 1_795_824_000_000);
    let records = expected_records(begin, end);
    let abandoned = records
        .iter()
        .filter(|r| classify(r, 5).outcome == CallOutcome::Abandoned)
        .count();
    assert!(abandoned > 0, "the data has abandoned calls");
    let s = Session::start(Setup::default()).await;
    let p = s.page();
    p.fill_range("2026-11-20T00:00", "2026-11-28T00:00").await;
    p.search().await;
    p.wait_for_rows().await;
    s.click("#filters .chip[data-outcome=abandoned]").await;
    p.show_summary().await;
    s.click("#chart-volume .table-toggle").await;
    s.wait_for("#chart-volume-table table").await;
    // Only the abandoned calls (short ones not chosen) are charted.
    let rows = table_rows(&s, "#chart-volume-table").await;
    let mut calls = 0;
    for (day, v) in &rows {
        let [all, answered, abandoned_here, other] = [0, 1, 2, 3].map(|i| number(&v[i]));
        assert_eq!((answered, other, abandoned_here), (0, 0, all), "{day}");
        calls += all;
    }
    assert_eq!(calls, abandoned);
    s.close().await;
}

/// The smallest size (px) any chart's text is drawn at on screen: its font size scaled by
/// its SVG's transform to the screen, per figure id; and whether the page scrolls sideways.
async fn drawn_text_sizes(s: &Session) -> (Vec<(String, f64)>, bool) {
    let sizes = s
        .js(
            "return [...document.querySelectorAll('#summary figure.chart')].map(f => \
             [f.id, Math.min(...[...f.querySelectorAll('svg text')].map(t => { \
               const m = t.getScreenCTM(); \
               return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); }))]);",
        )
        .await;
    let sizes: Vec<(String, f64)> = serde_json::from_value(sizes).expect("sizes per figure");
    let sideways = s
        .js("return document.documentElement.scrollWidth > document.documentElement.clientWidth;")
        .await;
    (sizes, sideways == json!(true))
}

/// A week's search in a window `width` px wide, up to the summary with its charts drawn.
async fn summary_at_width(setup: Setup, width: u32) -> Session {
    let s = Session::start(setup).await;
    s.client
        .set_window_size(width, 900)
        .await
        .expect("resize the window");
    let p = s.page();
    p.fill_range("2026-11-20T00:00", "2026-11-28T00:00").await;
    p.search().await;
    p.wait_for_rows().await;
    p.show_summary().await;
    s.wait_for("#chart-heatmap svg text").await;
    s
}

#[tokio::test]
async fn narrow_windows_keep_the_charts_text_readable() {
    for (width, locale) in [(500, "en"), (390, "zh-CN")] {
        let s = summary_at_width(Setup::default().config("locale", json!(locale)), width).await;
        let (sizes, sideways) = drawn_text_sizes(&s).await;
        let ids: Vec<&str> = sizes.iter().map(|(id, _)| id.as_str()).collect();
        for id in [
            "chart-volume",
            "chart-service",
            "chart-heatmap",
            "chart-wait",
            "chart-satisfaction",
            "chart-call-type",
            "chart-media-type",
        ] {
            assert!(ids.contains(&id), "{id} drawn at {width} px: {ids:?}");
        }
        for (id, px) in &sizes {
            assert!(
                *px >= 11.0,
                "{id}'s smallest text at {width} px ({locale}): {px:.1} px"
            );
        }
        assert!(!sideways, "the page scrolls sideways at {width} px");
        // The one-line summaries and the data tables stay.
        assert!(!s.text_of("#chart-heatmap-summary").await.is_empty());
        s.click("#chart-heatmap .table-toggle").await;
        s.wait_for("#heatmap-table").await;
        assert_eq!(table_rows(&s, "#heatmap-table").await.len(), 7);
        let violations = s.axe_violations().await;
        assert!(
            violations.is_empty(),
            "axe at {width} px ({locale}):\n{}",
            violations.join("\n")
        );
        s.close().await;
    }
}

/// The grid's metric as its select shows it, its table's metric (when open) and whether
/// the wait bands' table is open.
async fn chart_controls(s: &Session) -> Value {
    s.js("return [document.querySelector('#heatmap-metric').value, \
         document.querySelector('#heatmap-table')?.dataset.metric ?? null, \
         document.querySelector('#chart-wait .table-toggle').getAttribute('aria-expanded')];")
        .await
}

#[tokio::test]
async fn the_chosen_metric_and_open_tables_survive_a_chip_and_a_view_switch() {
    let s = Session::start(Setup::default()).await;
    let p = s.page();
    p.fill_range("2026-11-20T00:00", "2026-11-28T00:00").await;
    p.search().await;
    p.wait_for_rows().await;
    p.show_summary().await;
    s.click("#chart-heatmap .table-toggle").await;
    s.wait_for("#heatmap-table").await;
    choose_metric(&s, "abandonment").await;
    s.click("#chart-wait .table-toggle").await;
    s.wait_for("#chart-wait-table table").await;
    let chosen = json!(["abandonment", "abandonment", "true"]);
    assert_eq!(chart_controls(&s).await, chosen);

    // A chip draws the charts again for the abandoned calls: the choices stay.
    let before = s.text_of("#chart-volume-summary").await;
    s.click("#filters .chip[data-outcome=abandoned]").await;
    s.wait_until(
        "the charts drawn again for the chip",
        &format!(
            "document.querySelector('#chart-volume-summary')?.textContent !== {}",
            json!(before)
        ),
    )
    .await;
    assert_eq!(chart_controls(&s).await, chosen, "after the chip");
    assert!(s
        .text_of("#chart-heatmap-summary")
        .await
        .contains("abandonment highest"));

    // To the table and back.
    p.show_table().await;
    p.wait_for_rows().await;
    p.show_summary().await;
    s.wait_for("#heatmap-metric").await;
    assert_eq!(chart_controls(&s).await, chosen, "after the table and back");
    assert!(s
        .text_of("#chart-heatmap-summary")
        .await
        .contains("abandonment highest"));

    // A new search is a new result: back to calls, every table closed.
    p.fill_range("2026-11-21T00:00", "2026-11-28T00:00").await;
    p.search().await;
    s.wait_until(
        "the defaults for the new answer",
        "document.querySelector('#heatmap-metric')?.value === 'volume'",
    )
    .await;
    assert_eq!(chart_controls(&s).await, json!(["volume", null, "false"]));
    s.close().await;
}
