//! Browser tests of the components, in headless Chromium (wasm-bindgen-test). They mount the
//! real App with a configuration and drive it through the DOM as a user would; no network.

use cdr_core::config::AppConfig;
use cdr_explorer::App;
use leptos::{mount::mount_to, prelude::*, task::tick};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app in a fresh element and returns that element.
fn mount(config: AppConfig) -> HtmlElement {
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
    let input: HtmlInputElement = find(host, css).unchecked_into();
    input.set_value(value);
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
    assert_eq!(
        input.get_attribute("aria-describedby").as_deref(),
        Some("call-id-msg")
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
