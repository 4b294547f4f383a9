//! End-to-end: the result filters (issue #18 item 2) — outcome chips with counts, value lists
//! with counts, duration ranges with their messages, combined with the quick filter, and
//! kept by the address bar, a copied link, a reload and a saved search — against the
//! simulator's records for the same search, counted here.

use cdr_core::call_outcome::{classify, CallOutcome};
use cdr_core::facets::Span;
use cdr_core::{Locale, Record};
use cdr_e2e::flows::{english_words, expected_records};
use cdr_e2e::page::css;
use cdr_e2e::{Session, Setup};
use fantoccini::key::Key;
use serde_json::json;

/// 2026-11-20 00:00 and 2026-11-28 00:00 UTC: the search every test runs.
const BEGIN_MS: i64 = 1_795_132_800_000;
const END_MS: i64 = 1_795_824_000_000;

fn outcome(r: &Record) -> CallOutcome {
    classify(r, 5).outcome
}

/// A code as the filters compare it: its number.
fn code(r: &Record, get: fn(&Record) -> Option<&str>) -> Option<u32> {
    get(r).and_then(cdr_core::codes::code_number)
}

fn count(records: &[Record], keep: impl Fn(&Record) -> bool) -> usize {
    records.iter().filter(|r| keep(r)).count()
}

async fn search(s: &Session) {
    let p = s.page();
    p.fill_range("2026-11-20T00:00", "2026-11-28T00:00").await;
    p.search().await;
    p.wait_for_rows().await;
}

/// A probe: the status line counts `n` filtered records ("Showing 1–20 of n"; `n` 0: the
/// no-match message).
fn shows(n: usize) -> String {
    if n == 0 {
        return "document.querySelector('#search-status').textContent.includes('No returned record')"
            .to_string();
    }
    format!(
        "(() => {{ const m = document.querySelector('#search-status').textContent.replace(/,/g, '').match(/of (\\d+)/); \
         return !!m && m[1] === '{n}'; }})()"
    )
}

async fn wait_shows(s: &Session, what: &str, n: usize) {
    s.wait_until(&format!("{what}: {n} records"), &shows(n))
        .await;
}

/// The count on an outcome chip (`all`, `answered`, …), digits only.
async fn chip_count(s: &Session, key: &str) -> usize {
    let text = s
        .text_of(&format!("#filters .chip[data-outcome={key}] .count"))
        .await;
    text.replace(',', "").parse().unwrap_or(usize::MAX)
}

async fn chip_pressed(s: &Session, key: &str) -> String {
    s.js(&format!(
        "return document.querySelector('#filters .chip[data-outcome={key}]').getAttribute('aria-pressed');"
    ))
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// The count beside a value of a list (`fMediaType`, `5`), digits only.
async fn value_count(s: &Session, facet: &str, value: &str) -> usize {
    let text = s
        .js(&format!(
            "const i = document.querySelector('#facet-{facet} input[data-value=\"{value}\"]'); \
             return i ? i.closest('label').querySelector('.count').textContent : '';"
        ))
        .await;
    text.as_str()
        .unwrap_or_default()
        .trim_matches(|c| c == '(' || c == ')')
        .replace(',', "")
        .parse()
        .unwrap_or(usize::MAX)
}

fn value_box(facet: &str, value: &str) -> String {
    format!("#facet-{facet} input[data-value=\"{value}\"]")
}

/// An answered call's talk, `ackBegin` to `callEnd`, in whole seconds (README, "Filters").
fn talk_s(r: &Record) -> Option<i64> {
    classify(r, 5).talk_ms(r).map(|ms| ms / 1000)
}

#[tokio::test]
async fn chips_count_the_rows_combine_with_the_quick_filter_and_the_export_follows() {
    let records = expected_records(BEGIN_MS, END_MS);
    let n = records.len();
    let of = |o: CallOutcome, recs: &[&Record]| recs.iter().filter(|r| outcome(r) == o).count();
    let all: Vec<&Record> = records.iter().collect();
    let s = Session::start(Setup::default()).await;
    search(&s).await;
    let p = s.page();
    s.wait_for("#filters .chip[data-outcome=all]").await;
    assert_eq!(chip_count(&s, "all").await, n);
    for o in CallOutcome::ALL {
        assert_eq!(chip_count(&s, o.key()).await, of(o, &all), "{o:?}");
    }
    let abandoned = of(CallOutcome::Abandoned, &all);
    let shorts = of(CallOutcome::ShortAbandon, &all);
    assert!(abandoned > 0 && shorts > 0, "the data has both");
    assert_eq!(chip_pressed(&s, "all").await, "true");

    s.click("#filters .chip[data-outcome=abandoned]").await;
    wait_shows(&s, "abandoned only", abandoned).await;
    // The status line says the filter left these of how many: a filter kept from an
    // earlier search is never taken for the whole result.
    let status = p.status().await;
    assert!(
        status.ends_with(&format!(
            " of {} (filtered from {} loaded)",
            Locale::En.count(abandoned as u64),
            Locale::En.count(n as u64)
        )),
        "{status}"
    );
    assert_eq!(chip_pressed(&s, "abandoned").await, "true");
    assert_eq!(chip_pressed(&s, "all").await, "false");
    assert!(p.column("outcome").await.iter().all(|o| o == "Abandoned"));
    // A second chip adds its outcome; the chips' counts stay those of every outcome.
    s.click("#filters .chip[data-outcome=shortAbandon]").await;
    wait_shows(&s, "both kinds of abandon", abandoned + shorts).await;
    assert_eq!(
        chip_count(&s, "answered").await,
        of(CallOutcome::Answered, &all)
    );

    // With the quick filter: "video" finds the two video media types' label only.
    let video: Vec<&Record> = records
        .iter()
        .filter(|r| matches!(code(r, Record::media_type), Some(18 | 19)))
        .collect();
    let video_abandons = of(CallOutcome::Abandoned, &video) + of(CallOutcome::ShortAbandon, &video);
    assert!(video_abandons > 0 && video_abandons < abandoned + shorts);
    p.fill_quick_filter("video").await;
    wait_shows(&s, "abandoned video calls", video_abandons).await;
    assert_eq!(chip_count(&s, "all").await, video.len());
    assert_eq!(
        chip_count(&s, "answered").await,
        of(CallOutcome::Answered, &video)
    );

    // The CSV holds exactly the filtered rows.
    let csv = p.exported_csv().await;
    assert_eq!(csv.lines().count(), 1 + video_abandons, "header and rows");

    // All shows every outcome again.
    s.click("#filters .chip[data-outcome=all]").await;
    wait_shows(&s, "every video call", video.len()).await;
    assert_eq!(chip_pressed(&s, "abandoned").await, "false");
    s.close().await;
}

#[tokio::test]
async fn value_lists_narrow_and_count_under_the_other_filters() {
    let records = expected_records(BEGIN_MS, END_MS);
    let media = |r: &Record| code(r, Record::media_type);
    let voice_or_video = |r: &Record| matches!(media(r), Some(5 | 19));
    let s = Session::start(Setup::default()).await;
    search(&s).await;
    s.click("#facet-fMediaType summary").await;
    s.wait_for(&value_box("fMediaType", "5")).await;
    assert_eq!(
        value_count(&s, "fMediaType", "5").await,
        count(&records, |r| media(r) == Some(5))
    );
    s.click(&value_box("fMediaType", "5")).await;
    wait_shows(&s, "voice", count(&records, |r| media(r) == Some(5))).await;
    s.click(&value_box("fMediaType", "19")).await;
    let both = count(&records, voice_or_video);
    wait_shows(&s, "voice or video", both).await;
    // Its own values keep the counts of every media type; the other lists and the chips
    // count under it.
    assert_eq!(
        value_count(&s, "fMediaType", "53").await,
        count(&records, |r| media(r) == Some(53))
    );
    s.click("#facet-fCallType summary").await;
    s.wait_for(&value_box("fCallType", "0")).await;
    assert_eq!(
        value_count(&s, "fCallType", "0").await,
        count(&records, |r| voice_or_video(r)
            && code(r, Record::call_type) == Some(0))
    );
    assert_eq!(
        chip_count(&s, "answered").await,
        count(&records, |r| voice_or_video(r)
            && outcome(r) == CallOutcome::Answered)
    );
    assert!(s
        .text_of("#facet-fMediaType summary")
        .await
        .contains("2 selected"));
    // The leave reason list has a "Not set" entry when a record lacks one.
    s.click("#facet-fLeaveReason summary").await;
    let unset = count(&records, |r| {
        voice_or_video(r) && r.leave_reason().is_none_or(|v| v.trim().is_empty())
    });
    if unset > 0 {
        assert_eq!(value_count(&s, "fLeaveReason", "").await, unset);
    }
    // A count never adds brackets to a label's own ("Agent rejected (49)").
    let labels = s
        .js("return [...document.querySelectorAll('#facet-fLeaveReason label')].map(l => l.textContent);")
        .await;
    let labels: Vec<String> = serde_json::from_value(labels).expect("label texts");
    assert!(!labels.is_empty());
    for label in &labels {
        assert!(
            label.matches(['(', '（']).count() <= 1,
            "brackets in {label:?}"
        );
        // A code the vendor's table does not name says so, not a bare number.
        assert!(
            !label
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c.is_whitespace()),
            "a bare code: {label:?}"
        );
    }
    // The summary's key figures follow the filters.
    s.page().show_summary().await;
    s.wait_until(
        "the KPI strip of the filtered records",
        &format!("(document.querySelector('#kpi-offered dd') || {{}}).textContent?.replace(/,/g, '') === '{both}'"),
    )
    .await;
    let violations = s.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe, lists open:\n{}",
        violations.join("\n")
    );
    s.close().await;
}

#[tokio::test]
async fn duration_ranges_narrow_and_refuse_bad_input() {
    let records = expected_records(BEGIN_MS, END_MS);
    let n = records.len();
    let s = Session::start(Setup::default()).await;
    search(&s).await;
    s.click("#facet-durations summary").await;
    s.set_value("#range-talk-min", "60").await;
    s.set_value("#range-talk-max", "120").await;
    let in_range = count(&records, |r| {
        talk_s(r).is_some_and(|t| (60..=120).contains(&t))
    });
    assert!(in_range > 0 && in_range < n);
    wait_shows(&s, "talk 60–120 s", in_range).await;
    let invalid = |id: &str| {
        format!("document.querySelector('#{id}').getAttribute('aria-invalid') === 'true'")
    };

    // Not a number: the message, the field marked, the range not applied.
    s.set_value("#range-talk-max", "abc").await;
    wait_shows(&s, "the range dropped", n).await;
    assert!(s
        .text_of("#range-talk-msg")
        .await
        .contains("whole number of seconds"));
    s.wait_until("max marked invalid", &invalid("range-talk-max"))
        .await;
    assert_eq!(
        s.js("return document.querySelector('#range-talk-max').getAttribute('aria-describedby');")
            .await,
        json!("range-talk-msg")
    );
    // Min above max: both marked.
    s.set_value("#range-talk-max", "30").await;
    s.wait_until(
        "min above max",
        "document.querySelector('#range-talk-msg').textContent.includes('Min is above max')",
    )
    .await;
    s.wait_until("min marked invalid", &invalid("range-talk-min"))
        .await;
    wait_shows(&s, "still not applied", n).await;
    // Negative.
    s.set_value("#range-talk-min", "-5").await;
    s.set_value("#range-talk-max", "").await;
    s.wait_until(
        "negative",
        "document.querySelector('#range-talk-msg').textContent.includes('cannot be negative')",
    )
    .await;
    s.set_value("#range-talk-min", "").await;
    s.wait_until(
        "no message",
        "document.querySelector('#range-talk-msg').textContent === ''",
    )
    .await;

    // An open-ended wait: only calls with a measured wait of at most 10 s (an abandoned
    // call's wait is until the caller hung up).
    s.set_value("#range-wait-max", "10").await;
    let short_waits = count(&records, |r| Span::Wait.seconds(r).is_some_and(|s| s <= 10));
    assert!(short_waits > count(&records, |r| r.wait_ms().is_some_and(|ms| ms / 1000 <= 10)));
    assert!(short_waits < n);
    wait_shows(&s, "waits up to 10 s", short_waits).await;
    // Abandoned after waiting more than 10 s: a supervisor's usual question.
    s.set_value("#range-wait-max", "").await;
    s.set_value("#range-wait-min", "11").await;
    s.click("#filters .chip[data-outcome=abandoned]").await;
    let long_abandons = count(&records, |r| {
        outcome(r) == CallOutcome::Abandoned && Span::Wait.seconds(r).is_some_and(|s| s >= 11)
    });
    assert!(long_abandons > 0);
    wait_shows(&s, "abandoned after more than 10 s", long_abandons).await;

    // Clear filters: everything, and the fields emptied.
    s.click("#clear-filters").await;
    wait_shows(&s, "cleared", n).await;
    assert_eq!(
        s.js("return document.querySelector('#range-wait-max').value;")
            .await,
        json!("")
    );
    s.close().await;
}

#[tokio::test]
async fn filters_survive_a_copied_link_a_reload_and_a_saved_search() {
    let records = expected_records(BEGIN_MS, END_MS);
    let n = records.len();
    let expected = count(&records, |r| {
        outcome(r) == CallOutcome::Abandoned && code(r, Record::media_type) == Some(5)
    });
    assert!(expected > 0);
    let s = Session::start(Setup::default()).await;
    s.js("window.__copied = []; navigator.clipboard.writeText = t => { window.__copied.push(t); return Promise.resolve(); };").await;
    search(&s).await;
    s.click("#filters .chip[data-outcome=abandoned]").await;
    s.click("#facet-fMediaType summary").await;
    s.click(&value_box("fMediaType", "5")).await;
    wait_shows(&s, "abandoned voice calls", expected).await;
    // The address follows in a task after the redraw.
    s.wait_until(
        "the filters in the address",
        "location.search.includes('fMediaType=')",
    )
    .await;
    let address = s.js("return location.search;").await;
    let address = address.as_str().unwrap_or_default().to_string();
    assert!(
        address.contains("outcome=abandoned")
            && address.contains("fMediaType=5")
            && address.contains("begin="),
        "{address}"
    );

    s.click(css::COPY_LINK).await;
    let link = s.wait_until("a copied link", "window.__copied[0]").await;
    let link = link.as_str().unwrap_or_default().to_string();
    assert!(
        link.contains("outcome=abandoned") && link.contains("fMediaType=5"),
        "{link}"
    );
    s.client.goto(&link).await.expect("open the link");
    s.wait_for("#filters .chip[data-outcome=abandoned]").await;
    wait_shows(&s, "the link's filters", expected).await;
    assert_eq!(chip_pressed(&s, "abandoned").await, "true");

    s.client.refresh().await.expect("reload");
    s.wait_for("#filters .chip[data-outcome=abandoned]").await;
    wait_shows(&s, "the filters after a reload", expected).await;

    // Saved with its filters; cleared; the saved search brings them back.
    s.click("#saved-searches summary").await;
    s.fill("#save-name", "Abandoned voice").await;
    s.click(".save-form button[type=submit]").await;
    s.wait_until(
        "the saved entry",
        "document.querySelector('.saved .named button')",
    )
    .await;
    let label = s.text_of(".saved .named").await;
    assert!(label.contains("Abandoned voice"), "{label}");
    s.click("#clear-filters").await;
    wait_shows(&s, "cleared", n).await;
    s.wait_until(
        "the address without filters",
        "!location.search.includes('fMediaType=') && !location.search.includes('outcome=')",
    )
    .await;
    s.click(".saved .named button.link").await;
    wait_shows(&s, "the saved search's filters", expected).await;
    assert_eq!(chip_pressed(&s, "abandoned").await, "true");
    s.close().await;
}

#[tokio::test]
async fn the_filters_speak_chinese_and_pass_axe() {
    let s = Session::start(Setup::default().config("locale", json!("zh-CN"))).await;
    search(&s).await;
    s.click("#filters .chip[data-outcome=answered]").await;
    for id in [
        "fCallType",
        "fMediaType",
        "fLeaveReason",
        "fSatisfaction",
        "durations",
    ] {
        s.click(&format!("#facet-{id} summary")).await;
    }
    s.set_value("#range-total-min", "abc").await;
    s.wait_until(
        "the message",
        "document.querySelector('#range-total-msg').textContent !== ''",
    )
    .await;
    let text = s
        .js("const f = document.querySelector('#filters'); return f.textContent + ' ' + f.getAttribute('aria-label');")
        .await;
    let text = text.as_str().unwrap_or_default();
    let english = english_words(text);
    assert_eq!(english, Vec::<&str>::new(), "{text}");
    assert!(
        text.contains("全部") && text.contains("请输入整数秒") && text.contains("时长"),
        "{text}"
    );
    let violations = s.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe, Chinese:\n{}",
        violations.join("\n")
    );
    s.close().await;
}

#[tokio::test]
async fn a_keyboard_alone_presses_chips_and_ticks_values() {
    let records = expected_records(BEGIN_MS, END_MS);
    let s = Session::start(Setup::default()).await;
    search(&s).await;
    s.js("document.querySelector('#filters .chip[data-outcome=all]').focus();")
        .await;
    s.tab_to("the Answered chip", "el.dataset.outcome === 'answered'", 40)
        .await;
    s.press(Key::Enter).await;
    let answered = count(&records, |r| outcome(r) == CallOutcome::Answered);
    wait_shows(&s, "answered, by Enter", answered).await;
    // The chip keeps the focus while the rows change.
    assert_eq!(
        s.js("return document.activeElement.dataset.outcome;").await,
        json!("answered")
    );
    s.tab_to(
        "the media type list",
        "el.closest('#facet-fMediaType') && el.tagName === 'SUMMARY'",
        40,
    )
    .await;
    s.press(Key::Enter).await;
    s.tab_to(
        "a media type",
        "el.type === 'checkbox' && el.closest('#facet-fMediaType')",
        40,
    )
    .await;
    let value = s.js("return document.activeElement.dataset.value;").await;
    let value: u32 = value.as_str().unwrap_or_default().parse().expect("a code");
    s.press(Key::Space).await;
    let expected = count(&records, |r| {
        outcome(r) == CallOutcome::Answered && code(r, Record::media_type) == Some(value)
    });
    wait_shows(&s, "answered, one media type, by Space", expected).await;
    // The ticked box keeps the focus (its list is keyed), and Space unticks it.
    assert_eq!(
        s.js("return document.activeElement.checked;").await,
        json!(true)
    );
    s.press(Key::Space).await;
    wait_shows(&s, "unticked", answered).await;
    s.close().await;
}

#[tokio::test]
async fn back_brings_the_filters_an_earlier_search_had() {
    let records = expected_records(BEGIN_MS, END_MS);
    let abandoned = count(&records, |r| outcome(r) == CallOutcome::Abandoned);
    let s = Session::start(Setup::default()).await;
    let p = s.page();
    search(&s).await;
    s.click("#filters .chip[data-outcome=abandoned]").await;
    wait_shows(&s, "abandoned", abandoned).await;
    // A second search (one day), then every outcome again.
    p.fill_range("2026-11-20T00:00", "2026-11-21T00:00").await;
    p.search().await;
    s.wait_until(
        "the second search in the address bar",
        "location.search.includes('end=1795219200000')",
    )
    .await;
    s.click("#filters .chip[data-outcome=all]").await;
    s.wait_until(
        "no outcome in the address bar",
        "!location.search.includes('outcome=')",
    )
    .await;
    s.client.back().await.expect("back");
    s.wait_until(
        "the first search",
        "document.querySelector('#end').value === '2026-11-28T00:00'",
    )
    .await;
    wait_shows(&s, "the first search's filters", abandoned).await;
    assert_eq!(chip_pressed(&s, "abandoned").await, "true");
    s.close().await;
}
