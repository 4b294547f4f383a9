//! End-to-end: supervisor analytics (issue #18) — the call outcome column (sort, quick
//! filter, CSV), the detail panel's line naming the rule, and the KPI strip's figures and
//! definitions, against the simulator's records for the same search, worked out here.

use cdr_core::call_outcome::{classify, CallOutcome};
use cdr_core::{Locale, Record, RecordField};
use cdr_e2e::flows::{english_words, expected_records};
use cdr_e2e::page::css;
use cdr_e2e::{Session, Setup};
use fantoccini::actions::InputSource;
use serde_json::json;

/// 2026-11-20 00:00 and 2026-11-28 00:00 UTC: the search every test runs.
const BEGIN_MS: i64 = 1_795_132_800_000;
const END_MS: i64 = 1_795_824_000_000;

async fn search(s: &Session) {
    let p = s.page();
    p.fill_range("2026-11-20T00:00", "2026-11-28T00:00").await;
    p.search().await;
    p.wait_for_rows().await;
}

/// The figure's value as shown in the KPI strip.
async fn figure(s: &Session, key: &str) -> String {
    s.text_of(&format!("#kpi-{key} dd")).await
}

/// A probe: the page shows `n` rows (at most a page of 20), every outcome `label`.
fn only(n: usize, label: &str) -> String {
    format!(
        "(() => {{ const c = [...document.querySelectorAll('tbody td[data-column=outcome]')]; \
         return c.length === {} && c.every(td => td.textContent === '{label}'); }})()",
        n.min(20)
    )
}

/// `part / whole` as the strip shows a rate: one decimal, rounded half up.
fn percent(part: usize, whole: usize) -> String {
    let tenths = (part * 1000 + whole / 2) / whole;
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// Milliseconds as the page shows a duration (`m:ss`, under an hour here).
fn duration(ms: i64) -> String {
    let s = ms / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

#[tokio::test]
async fn outcome_column_sorts_filters_and_exports() {
    let records = expected_records(BEGIN_MS, END_MS);
    let shorts = records
        .iter()
        .filter(|r| classify(r, 5).outcome == CallOutcome::ShortAbandon)
        .count();
    assert!(shorts > 0, "the data has short abandons");
    let s = Session::start(Setup::default()).await;
    search(&s).await;
    let p = s.page();
    // Sorted by outcome: answered first; descending, unknown or not answered first.
    s.click(&css::sort_button("outcome")).await;
    s.wait_until(
        "sorted by outcome",
        "document.querySelector('tbody td[data-column=outcome]').textContent === 'Answered'",
    )
    .await;
    s.click(&css::sort_button("outcome")).await;
    s.wait_until(
        "sorted by outcome, descending",
        "document.querySelector('tbody td[data-column=outcome]').textContent !== 'Answered'",
    )
    .await;
    let order = [
        "Answered",
        "Abandoned",
        "Short abandon",
        "Not answered",
        "Unknown",
    ];
    let rank = |label: &String| order.iter().position(|o| o == label).expect("an outcome");
    let shown = p.column("outcome").await;
    assert!(
        shown.windows(2).all(|w| rank(&w[0]) >= rank(&w[1])),
        "descending: {shown:?}"
    );
    // The quick filter finds the label: exactly the short abandons remain.
    p.fill_quick_filter("short abandon").await;
    s.wait_until("the filter applied", &only(shorts, "Short abandon"))
        .await;
    // The CSV has the column, one line per short abandon.
    let csv = {
        s.js(
            r#"HTMLAnchorElement.prototype.click = function () {};
               const create = URL.createObjectURL;
               URL.createObjectURL = b => { b.text().then(t => { window.__csv = t; }); return create.call(URL, b); };"#,
        )
        .await;
        s.click(css::EXPORT_CSV).await;
        s.wait_until("the CSV", "window.__csv").await
    };
    let csv = csv.as_str().unwrap_or_default();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let at = header
        .iter()
        .position(|h| *h == "Outcome")
        .unwrap_or_else(|| panic!("no Outcome column: {header:?}"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), shorts);
    // Cells before the outcome are times, numbers and a duration: no commas in them.
    assert!(rows
        .iter()
        .all(|row| row.split(',').nth(at) == Some("Short abandon")));
    s.close().await;
}

#[tokio::test]
async fn the_detail_panel_names_the_rule_that_decided_the_outcome() {
    let records = expected_records(BEGIN_MS, END_MS);
    let s = Session::start(Setup::default()).await;
    search(&s).await;
    let p = s.page();
    p.fill_quick_filter("abandoned").await;
    s.wait_until(
        "only abandoned calls",
        "[...document.querySelectorAll('tbody td[data-column=outcome]')].every(td => td.textContent === 'Abandoned')",
    )
    .await;
    let id = p.column("callId").await.first().cloned().expect("a row");
    let record = records
        .iter()
        .find(|r| r.call_id() == Some(id.as_str()))
        .expect("the row's record");
    let decision = classify(record, 5);
    assert_eq!(decision.outcome, CallOutcome::Abandoned);
    let expected = decision.explain(record, Locale::En, 5);
    assert!(expected.contains("leave reason"), "{expected}");
    p.open_detail(0).await;
    assert_eq!(s.text_of("#detail-outcome").await, expected);
    // Its wait is until the caller hung up, as the wait filter counts it (no answer time).
    assert_eq!(record.wait_ms(), None);
    let wait = decision
        .abandon_wait_ms
        .map(cdr_core::time::format_duration);
    let shown = s
        .js("return document.querySelector('dl.durations:not(.outcome) dd').textContent;")
        .await;
    assert_eq!(shown.as_str(), wait.as_deref());
    // And talked to no one: no talk time, as the KPIs count it (its callBegin → callEnd
    // was spent waiting).
    assert!(record.duration_ms().is_some_and(|ms| ms > 0));
    let talk = s
        .js("return document.querySelectorAll('dl.durations:not(.outcome) dd')[1].textContent;")
        .await;
    assert_eq!(talk.as_str(), Some("\u{2014}"));
    s.close().await;
}

#[tokio::test]
async fn the_kpi_strip_shows_the_figures_of_the_filtered_records() {
    let records = expected_records(BEGIN_MS, END_MS);
    // Worked out from the records, by the definitions in README "The KPI strip".
    let time = |r: &Record, f| r.get(f).and_then(cdr_core::time::call_time_ms);
    let n = records.len();
    let mut answered = 0;
    let mut abandoned = 0;
    let mut shorts = 0;
    let mut within = 0;
    let mut speeds = Vec::new();
    let (mut rated, mut satisfied) = (0, 0);
    for r in &records {
        let d = classify(r, 5);
        match d.outcome {
            CallOutcome::Answered => {
                answered += 1;
                let from = time(r, RecordField::WaitBegin).or(time(r, RecordField::CallBegin));
                if let (Some(ack), Some(from)) = (time(r, RecordField::AckBegin), from) {
                    speeds.push(ack - from);
                    if ack - from <= 20_000 {
                        within += 1;
                    }
                }
            }
            CallOutcome::Abandoned => abandoned += 1,
            CallOutcome::ShortAbandon => shorts += 1,
            _ => {}
        }
        if let Some(v) = r.evaluation_value().filter(|v| !v.trim().is_empty()) {
            rated += 1;
            if matches!(v.trim(), "4" | "5") {
                satisfied += 1;
            }
        }
    }
    let asa = (speeds.iter().sum::<i64>() * 2 + speeds.len() as i64) / (2 * speeds.len() as i64);

    let s = Session::start(
        Setup::default()
            .config("satisfiedLevels", json!(["4", "5"]))
            .config(
                "evaluationLabels",
                json!({"4": "Satisfied", "5": "Very satisfied"}),
            ),
    )
    .await;
    search(&s).await;
    s.page().show_summary().await;
    s.wait_until("the KPI strip", "document.querySelector('#kpi-offered dd')")
        .await;
    assert_eq!(figure(&s, "offered").await.replace(',', ""), n.to_string());
    assert_eq!(
        figure(&s, "answered").await.replace(',', ""),
        answered.to_string()
    );
    assert_eq!(figure(&s, "abandon").await, percent(abandoned + shorts, n));
    assert_eq!(
        figure(&s, "abandon-net").await,
        percent(abandoned, n - shorts)
    );
    assert_eq!(
        figure(&s, "service-level").await,
        percent(within, n - shorts)
    );
    assert_eq!(figure(&s, "asa").await, duration(asa));
    assert_eq!(figure(&s, "satisfaction").await, percent(satisfied, rated));
    // Its definition names the levels as the table does, not by code or setting.
    let text = s
        .js("return document.querySelector('#kpi-satisfaction-def').textContent;")
        .await;
    let text = text.as_str().unwrap_or_default();
    assert!(
        text.contains("Satisfied, Very satisfied") && !text.contains("satisfiedLevels"),
        "{text}"
    );

    // Each definition is named by its label and shows on keyboard focus and on hover.
    let def = "document.querySelector('#kpi-service-level-def')";
    assert_eq!(
        s.js("return document.querySelector('#kpi-service-level .term').getAttribute('aria-describedby');")
            .await,
        json!("kpi-service-level-def")
    );
    assert_eq!(
        s.js(&format!("return getComputedStyle({def}).display;"))
            .await,
        json!("none")
    );
    s.js("document.querySelector('#kpi-service-level .term').focus();")
        .await;
    s.wait_until(
        "the definition on focus",
        &format!("getComputedStyle({def}).display !== 'none'"),
    )
    .await;
    let text = s.text_of("#kpi-service-level-def").await;
    assert!(
        text.contains("20 s") && text.contains("short abandons"),
        "{text}"
    );
    let violations = s.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe, a definition shown:\n{}",
        violations.join("\n")
    );
    s.js("document.activeElement.blur();").await;
    let hover = s
        .client
        .find(fantoccini::Locator::Css("#kpi-asa .term"))
        .await
        .expect("the ASA label");
    s.client
        .perform_actions(fantoccini::actions::MouseActions::new("mouse".into()).then(
            fantoccini::actions::PointerAction::MoveToElement {
                element: hover.clone(),
                duration: None,
                x: 0.0,
                y: 0.0,
            },
        ))
        .await
        .expect("hover");
    s.wait_until(
        "the definition on hover",
        "getComputedStyle(document.querySelector('#kpi-asa-def')).display !== 'none'",
    )
    .await;
    // Escape hides it without moving the pointer (WCAG 1.4.13), and so for a focused label.
    s.press(fantoccini::key::Key::Escape).await;
    s.wait_until(
        "the hovered definition dismissed",
        "getComputedStyle(document.querySelector('#kpi-asa-def')).display === 'none'",
    )
    .await;
    s.js("document.querySelector('#kpi-service-level .term').focus();")
        .await;
    s.wait_until(
        "a focused label's definition shows again",
        &format!("getComputedStyle({def}).display !== 'none'"),
    )
    .await;
    s.press(fantoccini::key::Key::Escape).await;
    s.wait_until(
        "the focused definition dismissed",
        &format!("getComputedStyle({def}).display === 'none'"),
    )
    .await;

    // A filter recomputes the strip: only the short abandons are left.
    s.page().show_table().await;
    s.page().fill_quick_filter("short abandon").await;
    s.wait_until("the filter applied", &only(shorts, "Short abandon"))
        .await;
    s.page().show_summary().await;
    s.wait_until(
        "the strip of the filtered records",
        &format!(
            "document.querySelector('#kpi-offered dd').textContent.replace(/,/g, '') === '{shorts}'"
        ),
    )
    .await;
    assert_eq!(figure(&s, "answered").await, "0");
    assert_eq!(figure(&s, "abandon").await, "100.0%");
    // Every call is a short abandon: nothing is left to divide by.
    assert_eq!(figure(&s, "service-level").await, "\u{2014}");
    s.close().await;
}

#[tokio::test]
async fn the_kpi_strip_and_outcomes_speak_chinese() {
    let s = Session::start(Setup::default().config("locale", json!("zh-CN"))).await;
    search(&s).await;
    let outcomes = s.page().column("outcome").await;
    assert!(outcomes.iter().any(|o| o == "已应答"), "{outcomes:?}");
    s.page().open_detail(0).await;
    let line = s.text_of("#detail-outcome").await;
    assert!(line.contains('：') && !line.contains("ackBegin"), "{line}");
    s.click("aside.detail header button").await;
    s.page().show_summary().await;
    s.wait_until("the KPI strip", "document.querySelector('#kpi-offered dd')")
        .await;
    // Labels, values and every definition (shown or not): no English words.
    let text = s
        .js("return document.querySelector('.kpi-strip').textContent + ' ' + document.querySelector('.kpi-strip').getAttribute('aria-label');")
        .await;
    let text = text.as_str().unwrap_or_default();
    let english = english_words(text);
    assert_eq!(english, Vec::<&str>::new(), "{text}");
    assert!(
        text.contains("服务水平") && text.contains("未设置"),
        "{text}"
    );
    s.js("document.querySelector('#kpi-abandon-net .term').focus();")
        .await;
    let violations = s.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe, Chinese:\n{}",
        violations.join("\n")
    );
    s.close().await;
}

#[tokio::test]
async fn the_summary_averages_count_abandoned_calls_as_the_kpi_strip_does() {
    let records = expected_records(BEGIN_MS, END_MS);
    // Worked out from the records: an abandoned caller waited until hanging up and
    // talked to no one (README, "The KPI strip").
    let waits: Vec<i64> = records
        .iter()
        .map(|r| classify(r, 5))
        .filter(|d| d.outcome == CallOutcome::Abandoned)
        .filter_map(|d| d.abandon_wait_ms)
        .collect();
    assert!(
        !waits.is_empty(),
        "the data has abandoned calls with a wait"
    );
    let n = waits.len() as i64;
    let mean = (waits.iter().sum::<i64>() * 2 + n) / (2 * n);

    let s = Session::start(Setup::default()).await;
    search(&s).await;
    s.click("#filters .chip[data-outcome=abandoned]").await;
    s.page().show_summary().await;
    s.wait_until(
        "the summary of the abandoned calls",
        "document.querySelector('#kpi-answered dd') && document.querySelector('#kpi-answered dd').textContent === '0'",
    )
    .await;
    let averages = s
        .js("return [...document.querySelectorAll('dl.averages dd')] \
             .filter(dd => !dd.closest('.kpi-strip')).map(dd => dd.textContent);")
        .await;
    // The average talk is the strip's alone (it showed twice).
    assert_eq!(averages, json!([duration(mean)]));
    assert_eq!(figure(&s, "talk").await, "\u{2014}");

    // The average wait says whose waits it averages, as the KPIs' definitions do, and
    // Escape hides it.
    let def = "document.querySelector('#kpi-avg-wait-def')";
    s.js("document.querySelector('#kpi-avg-wait .term').focus();")
        .await;
    s.wait_until(
        "the average wait's definition on focus",
        &format!("getComputedStyle({def}).display !== 'none'"),
    )
    .await;
    let text = s.text_of("#kpi-avg-wait-def").await;
    assert!(
        text.contains("answer") && text.contains("abandon"),
        "{text}"
    );
    s.press(fantoccini::key::Key::Escape).await;
    s.wait_until(
        "the average wait's definition dismissed",
        &format!("getComputedStyle({def}).display === 'none'"),
    )
    .await;
    s.close().await;
}
