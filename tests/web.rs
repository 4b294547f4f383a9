//! Browser tests of the components, in headless Chromium and Firefox (wasm-bindgen-test).
//! They mount the real App with a configuration and drive it through the DOM as a user would;
//! no network.

use cdr_core::config::AppConfig;
use cdr_explorer::App;
use leptos::{mount::mount_to, prelude::*, task::tick};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app in a fresh element and returns that element.
fn mount(config: AppConfig) -> HtmlElement {
    // Tests share one page: start each from a clean address bar and storage, since the app
    // restores searches from the URL and preferences from localStorage.
    let window = web_sys::window().expect("window");
    let path = window.location().pathname().expect("pathname");
    window
        .history()
        .expect("history")
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path))
        .expect("reset the URL");
    if let Ok(Some(storage)) = window.local_storage() {
        let _ = storage.clear();
    }
    let document = document();
    let host: HtmlElement = document
        .create_element("div")
        .expect("create host")
        .unchecked_into();
    document
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append host");
    mount_to(host.clone(), move || view! { <App config /> }).forget();
    host
}

fn find(host: &HtmlElement, css: &str) -> HtmlElement {
    host.query_selector(css)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no element {css}"))
        .unchecked_into()
}

/// Types a value into an input and lets the reactive system settle.
async fn type_into(host: &HtmlElement, css: &str, value: &str) {
    let input = find(host, css);
    // An input or a text area (the Call ID field): both have a `value`.
    js_sys::Reflect::set(&input, &"value".into(), &value.into()).expect("set the value");
    let event = web_sys::Event::new_with_event_init_dict("input", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .expect("event");
    input.dispatch_event(&event).expect("dispatch");
    tick().await;
}

async fn click(host: &HtmlElement, css: &str) {
    find(host, css).click();
    tick().await;
    values_written().await;
}

/// Waits until the values the app wrote into inputs are in them: Leptos writes an input's
/// `value` in a microtask of its own, after the effect that decided it.
async fn values_written() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn text(host: &HtmlElement, css: &str) -> String {
    host.query_selector(css)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn demo_config() -> AppConfig {
    AppConfig {
        sub_cc_no: "1".into(),
        vdn: "1".into(),
        time_zone: "UTC".into(),
        ..AppConfig::default()
    }
}

#[wasm_bindgen_test]
async fn search_without_call_id_or_time_says_what_to_fill() {
    let host = mount(demo_config());
    tick().await;
    // Nothing is flagged before the user has done anything.
    assert_eq!(text(&host, "#call-id-msg"), "");

    click(&host, "form.query button[type=submit]").await;

    let message = text(&host, "#call-id-msg");
    assert!(message.contains("Call ID"), "message was {message:?}");
    let input = find(&host, "#call-id");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    // The message is part of the field's description, after the hint on entering a list.
    assert_eq!(
        input.get_attribute("aria-describedby").as_deref(),
        Some("call-id-hint call-id-msg")
    );
    // Nothing was sent: the status line still invites a search.
    assert!(!text(&host, "#search-status").contains("Searching"));

    // Typing a Call ID satisfies the rule at once.
    type_into(&host, "#call-id", "1669464198-17002955").await;
    assert_eq!(text(&host, "#call-id-msg"), "");
    assert_eq!(input.get_attribute("aria-invalid"), None);
}

#[wasm_bindgen_test]
async fn a_begin_time_alone_also_satisfies_the_rule() {
    let host = mount(demo_config());
    click(&host, "form.query button[type=submit]").await;
    assert!(!text(&host, "#begin-msg").is_empty());
    type_into(&host, "#begin", "2022-07-18T00:00").await;
    assert_eq!(text(&host, "#call-id-msg"), "");
    assert_eq!(text(&host, "#begin-msg"), "");
}

#[wasm_bindgen_test]
async fn the_form_offers_every_calendar_preset() {
    let host = mount(demo_config());
    tick().await;
    let buttons = host
        .query_selector_all(".presets button")
        .expect("query presets");
    let labels: Vec<String> = (0..buttons.length())
        .filter_map(|i| buttons.item(i)?.text_content())
        .collect();
    assert_eq!(
        labels,
        [
            "Today",
            "Yesterday",
            "This week",
            "Last week",
            "This month",
            "Last month",
            "Last 24 hours",
            "Last 7 days"
        ]
    );
    // Yesterday fills a whole day: midnight to midnight.
    click(&host, ".presets button:nth-child(2)").await;
    let begin: HtmlInputElement = find(&host, "#begin").unchecked_into();
    let end: HtmlInputElement = find(&host, "#end").unchecked_into();
    assert!(
        begin.value().ends_with("T00:00"),
        "begin {:?}",
        begin.value()
    );
    assert!(end.value().ends_with("T00:00"), "end {:?}", end.value());
    assert_ne!(begin.value(), end.value());
}

#[wasm_bindgen_test]
async fn a_skipped_or_repeated_time_names_the_offset_taken() {
    let host = mount(AppConfig {
        time_zone: "America/New_York".into(),
        ..demo_config()
    });
    // An ordinary time has no note.
    type_into(&host, "#begin", "2024-07-01T12:00").await;
    assert_eq!(text(&host, "#begin-msg"), "");
    // 02:30 on 10 March 2024 never showed in New York: it moves forward, into EDT.
    type_into(&host, "#begin", "2024-03-10T02:30").await;
    let note = text(&host, "#begin-msg");
    assert!(
        note.contains("Skipped") && note.contains("UTC-04:00"),
        "{note:?}"
    );
    // 01:30 on 3 November 2024 showed twice: the first, still EDT, is taken.
    type_into(&host, "#end", "2024-11-03T01:30").await;
    let note = text(&host, "#end-msg");
    assert!(
        note.contains("twice") && note.contains("UTC-04:00"),
        "{note:?}"
    );
}

#[wasm_bindgen_test]
async fn required_ids_must_be_digits() {
    let host = mount(AppConfig::default());
    type_into(&host, "#vdn", "12a").await;
    assert!(
        !text(&host, "#vdn-msg").is_empty(),
        "letters in the VDN are flagged"
    );
    type_into(&host, "#vdn", "12").await;
    assert_eq!(text(&host, "#vdn-msg"), "");
}

#[wasm_bindgen_test]
async fn begin_after_end_is_flagged_on_end() {
    let host = mount(demo_config());
    type_into(&host, "#begin", "2022-07-19T00:00").await;
    type_into(&host, "#end", "2022-07-18T00:00").await;
    assert!(!text(&host, "#end-msg").is_empty());
    type_into(&host, "#end", "2022-07-20T00:00").await;
    assert_eq!(text(&host, "#end-msg"), "");
}

#[wasm_bindgen_test]
async fn clear_empties_the_form_and_hides_every_message() {
    let host = mount(demo_config());
    // A message from an edit (the field was touched) and from a Search attempt.
    type_into(&host, "#vdn", "12a").await;
    type_into(&host, "#caller-no", "not a number").await;
    click(&host, "form.query button[type=submit]").await;
    assert!(!text(&host, "#vdn-msg").is_empty());
    assert!(!text(&host, "#call-id-msg").is_empty());

    click(&host, "form.query button.quiet").await;

    let caller: HtmlInputElement = find(&host, "#caller-no").unchecked_into();
    assert_eq!(caller.value(), "", "typed values are gone");
    let vdn: HtmlInputElement = find(&host, "#vdn").unchecked_into();
    assert_eq!(vdn.value(), "1", "the configured VDN is back");
    for id in ["#vdn-msg", "#call-id-msg", "#caller-no-msg", "#begin-msg"] {
        assert_eq!(
            text(&host, id),
            "",
            "{id} still shows a message after Clear"
        );
    }
    // Typing again shows only the edited field's messages, as on a fresh form.
    type_into(&host, "#call-id", "x").await;
    assert_eq!(text(&host, "#vdn-msg"), "");
}

/// Answers the app's next POSTs with a canned body, as the service would (no network).
fn serve_canned_answer(body: &str) {
    let script = format!(
        "window.fetch = () => Promise.resolve(new Response({body}, {{status: 200, headers: {{'Content-Type': 'application/json'}}}}));",
        body = serde_json::to_string(body).expect("a JSON string literal")
    );
    js_sys::eval(&script).expect("install the canned answer");
}

/// 45 records whose Begin runs backwards in time and whose call type cycles.
fn canned_records() -> String {
    let records: Vec<serde_json::Value> = (0..45)
        .map(|i| {
            serde_json::json!({
                "callId": format!("call-{i:02}"),
                "callBegin": (1_795_132_800_000_i64 - i * 60_000).to_string(),
                "callEnd": (1_795_132_860_000_i64 - i * 60_000).to_string(),
                "callType": (i % 2).to_string(),
                "vdn": 1,
            })
        })
        .collect();
    serde_json::json!({ "total": 45, "results": records }).to_string()
}

/// Waits (a few ticks of the event loop) until rows appear.
async fn wait_for_rows(host: &HtmlElement) {
    for _ in 0..200 {
        if host.query_selector("tbody tr").ok().flatten().is_some() {
            return;
        }
        gloo_timers_tick().await;
    }
    panic!("no rows appeared: {}", host.inner_text());
}

async fn gloo_timers_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 5);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn column(host: &HtmlElement, key: &str) -> Vec<String> {
    let cells = host
        .query_selector_all(&format!("tbody td[data-column={key}]"))
        .expect("query cells");
    (0..cells.length())
        .filter_map(|i| cells.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

async fn search_with_canned_answer() -> HtmlElement {
    serve_canned_answer(&canned_records());
    let host = mount(demo_config());
    type_into(&host, "#call-id", "any").await;
    click(&host, "form.query button[type=submit]").await;
    wait_for_rows(&host).await;
    host
}

#[wasm_bindgen_test]
async fn the_table_pages_through_every_record() {
    let host = search_with_canned_answer().await;
    assert_eq!(column(&host, "callId").len(), 20, "the default page size");
    assert_eq!(text(&host, ".page-of"), "Page 1 of 3");
    assert!(text(&host, "#search-status").contains("1\u{2013}20 of 45"));

    let mut seen = column(&host, "callId");
    for _ in 0..2 {
        click(&host, ".pager button:last-of-type").await;
        seen.extend(column(&host, "callId"));
    }
    assert_eq!(text(&host, ".page-of"), "Page 3 of 3");
    assert_eq!(column(&host, "callId").len(), 5);
    let next: web_sys::HtmlButtonElement =
        find(&host, ".pager button:last-of-type").unchecked_into();
    assert!(next.disabled(), "Next is disabled on the last page");
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 45, "every record exactly once");

    // A larger page size goes back to the first page.
    let select: web_sys::HtmlSelectElement = find(&host, ".page-size select").unchecked_into();
    select.set_value("50");
    select
        .dispatch_event(&web_sys::Event::new("change").expect("event"))
        .expect("dispatch");
    tick().await;
    assert_eq!(column(&host, "callId").len(), 45);
    assert_eq!(text(&host, ".page-of"), "Page 1 of 1");
}

#[wasm_bindgen_test]
async fn headers_sort_and_say_how() {
    let host = search_with_canned_answer().await;
    let header = find(&host, "th[data-column=begin]");
    assert_eq!(header.get_attribute("aria-sort").as_deref(), Some("none"));

    click(&host, "th[data-column=begin] button").await;
    assert_eq!(
        header.get_attribute("aria-sort").as_deref(),
        Some("ascending")
    );
    let ascending = column(&host, "begin");
    assert!(ascending.windows(2).all(|w| w[0] <= w[1]), "{ascending:?}");
    // The earliest call is the last record in the answer.
    assert_eq!(column(&host, "callId")[0], "call-44");

    click(&host, "th[data-column=begin] button").await;
    assert_eq!(
        header.get_attribute("aria-sort").as_deref(),
        Some("descending")
    );
    assert_eq!(column(&host, "callId")[0], "call-00");

    // Codes are labels, with the raw code on hover.
    let call_type = find(&host, "tbody td[data-column=callType]");
    assert_eq!(call_type.text_content().as_deref(), Some("Inbound"));
    assert_eq!(call_type.get_attribute("title").as_deref(), Some("0"));
}

/// Waits (a few ticks of the event loop) until `css` matches an element.
async fn wait_for(host: &HtmlElement, css: &str) {
    for _ in 0..200 {
        if host.query_selector(css).ok().flatten().is_some() {
            return;
        }
        gloo_timers_tick().await;
    }
    panic!("no {css} appeared: {}", host.inner_text());
}

#[wasm_bindgen_test]
async fn the_detail_panel_lists_every_field_raw_and_as_shown() {
    // One record with every field but `ackBegin`, numbers sent as JSON numbers.
    let record = serde_json::json!({
        "logDate": "1795132800000",
        "callerNo": "13800138000",
        "calleeNo": 95511,
        "callId": "1795132805-17000001",
        "callType": "0",
        "mediatype": " 10 ",
        "waitBegin": 1_795_132_805_000_i64,
        "callBegin": "1795132800000",
        "callEnd": "1795132962000",
        "vdn": 1,
        "leaveReason": "88",
        "evaluationValue": "5",
    });
    serve_canned_answer(&serde_json::json!({ "total": 1, "results": [record] }).to_string());
    let host = mount(AppConfig {
        evaluation_labels: serde_json::from_str(r#"{"5": "Very satisfied"}"#).expect("labels"),
        ..demo_config()
    });
    type_into(&host, "#call-id", "any").await;
    click(&host, "form.query button[type=submit]").await;
    wait_for_rows(&host).await;
    click(&host, "tbody tr").await;
    wait_for(&host, "aside.detail .fields-table").await;

    let rows = host
        .query_selector_all("aside.detail .fields-table tbody tr")
        .expect("query rows");
    let rows: Vec<[String; 3]> = (0..rows.length())
        .filter_map(|i| rows.item(i))
        .map(|row| {
            let row: HtmlElement = row.unchecked_into();
            let cell = |css: &str| text(&row, css);
            [cell("th"), cell("td.mono"), cell("td:last-child")]
        })
        .collect();
    let dash = "\u{2014}";
    let expected = [
        ["Call ID", "1795132805-17000001", "1795132805-17000001"],
        ["Calling number", "13800138000", "13800138000"],
        ["Called number", "95511", "95511"],
        ["Call type", "0", "Inbound"],
        ["Media type", " 10 ", "10"],
        ["Wait begin", "1795132805000", "2026-11-20 00:00:05 +00:00"],
        ["Answer begin", dash, dash],
        ["Call begin", "1795132800000", "2026-11-20 00:00:00 +00:00"],
        ["Call end", "1795132962000", "2026-11-20 00:02:42 +00:00"],
        [
            "Leave reason",
            "88",
            "User hung up after the agent answered",
        ],
        ["Satisfaction", "5", "Very satisfied"],
        ["VDN", "1", "1"],
        ["Log date", "1795132800000", "2026-11-20 00:00:00 +00:00"],
    ];
    assert_eq!(rows, expected.map(|row| row.map(String::from)));
}

/// Picks a value in a `<select>` the way a user does and lets the page settle.
async fn choose(host: &HtmlElement, css: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = find(host, css).unchecked_into();
    select.set_value(value);
    let event = web_sys::Event::new_with_event_init_dict("change", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .expect("event");
    select.dispatch_event(&event).expect("dispatch");
    tick().await;
}

fn options_of(host: &HtmlElement, css: &str) -> Vec<String> {
    let list = host
        .query_selector_all(&format!("{css} option"))
        .expect("options");
    (0..list.length())
        .filter_map(|i| list.item(i).and_then(|o| o.text_content()))
        .collect()
}

fn page_lang() -> String {
    document()
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_page_language_title_and_labels_follow_the_shown_language() {
    let labels = serde_json::from_str(
        r#"{"5": {"en": "Very satisfied", "zh-CN": "非常满意"}, "3": {"en": "Neutral"}}"#,
    )
    .expect("labels");
    let host = mount(AppConfig {
        locale: "zh-CN".into(),
        evaluation_labels: labels,
        ..demo_config()
    });
    tick().await;
    assert_eq!(page_lang(), "zh-CN");
    assert_eq!(document().title(), "话单浏览器");
    let options = options_of(&host, "#evaluation-value");
    assert!(options.contains(&"非常满意".to_string()), "{options:?}");
    assert!(options.contains(&"Neutral".to_string()), "{options:?}");

    choose(&host, "#language", "en").await;
    assert_eq!(page_lang(), "en");
    assert_eq!(document().title(), "CDR Explorer");
    let options = options_of(&host, "#evaluation-value");
    assert!(
        options.contains(&"Very satisfied".to_string()),
        "{options:?}"
    );

    choose(&host, "#language", "zh-CN").await;
    assert_eq!(page_lang(), "zh-CN");
    assert_eq!(document().title(), "话单浏览器");
    host.remove();
}
