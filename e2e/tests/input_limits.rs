//! End-to-end input limits (issue #9): a megabyte pasted into a field or the quick filter
//! leaves the page responsive, and the form says the value is too long instead of sending it.

use std::time::{Duration, Instant};

use cdr_e2e::page::{css, js};
use cdr_e2e::{Session, Setup};
use serde_json::json;
const MEGABYTE: usize = 1024 * 1024;

/// A follow-up script returns within three seconds: a page frozen by the megabyte takes far
/// longer, while a WebDriver round trip on a loaded 2-core machine (WebKit's especially)
/// took up to 1.1 s with the page idle.
async fn assert_responsive(s: &Session, when: &str) {
    let started = Instant::now();
    assert_eq!(s.js("return 1 + 1;").await, json!(2));
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(3),
        "{when}: the page took {took:?} to answer"
    );
}

/// Sets a value the way a paste does (programmatic values bypass `maxlength`), fires
/// `input`, and returns how long the page took.
async fn paste(s: &Session, css: &str, chars: usize) -> Duration {
    let script = format!(
        "const e = document.querySelector({css:?}); e.value = '7'.repeat({chars}); \
         e.dispatchEvent(new Event('input', {{bubbles: true}}));"
    );
    let started = Instant::now();
    s.js(&script).await;
    started.elapsed()
}

#[tokio::test]
async fn a_megabyte_in_call_id_is_refused_quickly() {
    let s = Session::start(Setup::default()).await;
    let p = s.page();
    p.wait_for_form().await;
    let maxlength = s
        .js("return document.querySelector('#call-id').maxLength;")
        .await;
    // A list of up to 500 Call IDs of up to 128 characters each, with separators.
    assert_eq!(maxlength, json!(500 * 129), "the field is capped");
    let took = paste(&s, css::CALL_ID, MEGABYTE).await;
    assert!(took < Duration::from_secs(2), "paste took {took:?}");
    assert_responsive(&s, "after the paste").await;

    // Either the field holds at most its cap, or validation says it is too long and the
    // search is not sent.
    let held = s
        .js("return document.querySelector('#call-id').value.length;")
        .await
        .as_u64()
        .unwrap_or(u64::MAX);
    if held > 128 {
        // One ID that long: too long for a Call ID.
        s.wait_until(
            "a too-long message",
            "document.querySelector('#call-id-msg').textContent.includes('Too long')",
        )
        .await;
        s.js("window.__requests = 0; const f = window.fetch; window.fetch = function () { window.__requests += 1; return f.apply(this, arguments); };").await;
        p.search().await;
        s.wait_until("the form error", "document.querySelector('.form-error')")
            .await;
        assert_eq!(s.js("return window.__requests;").await, json!(0));
    }
    assert_responsive(&s, "after Search").await;
    s.close().await;
}

#[tokio::test]
async fn a_megabyte_in_the_quick_filter_does_not_freeze() {
    let s = Session::start(Setup::default()).await;
    let p = s.page();
    cdr_e2e::flows::search_month(&p).await;
    let took = paste(&s, css::QUICK_FILTER, MEGABYTE).await;
    assert!(took < Duration::from_secs(2), "filtering took {took:?}");
    assert_responsive(&s, "after filtering").await;
    // No match.
    p.wait_for_row_count(0).await;
    // Clearing the filter brings the rows back.
    paste(&s, css::QUICK_FILTER, 0).await;
    s.wait_until("rows again", &format!("{} > 0", js::ROW_COUNT))
        .await;
    s.close().await;
}

/// Types a date without its time into Begin (Chromium's and Firefox's en-US fields take
/// "11/30/2026" as the keys 11302026): the field's value is then "", which used to read
/// as "no Begin". `submit` sends the search; then Begin must say it is incomplete, and
/// nothing may have been sent with End alone.
async fn begin_typed_in_part(submit: impl AsyncFnOnce(&Session)) {
    let s = Session::start(Setup::default()).await;
    let p = s.page();
    p.wait_for_form().await;
    p.fill_end("2026-11-28T11:00").await;
    let begin = s.wait_for(css::BEGIN).await;
    begin.click().await.expect("click into Begin");
    begin.send_keys("11302026").await.expect("type");
    submit(&s).await;
    let message = s
        .wait_until(
            "Begin's message",
            "document.querySelector('#begin-msg') && document.querySelector('#begin-msg').textContent",
        )
        .await;
    assert!(
        message
            .as_str()
            .unwrap_or_default()
            .contains("Enter a complete date and time"),
        "{message}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let status = p.status().await;
    assert!(!status.contains("Searching"), "{status}");
    assert!(p.is_absent(css::LOAD_BAR).await);
    assert!(p.is_absent("#total-exceeds").await);
    assert!(p.is_absent("tbody tr td").await, "no rows");
    s.close().await;
}

#[tokio::test]
async fn a_begin_typed_in_part_is_called_incomplete_and_nothing_is_sent() {
    begin_typed_in_part(async |s: &Session| s.page().search().await).await;
}

#[tokio::test]
async fn enter_in_another_field_checks_a_begin_typed_in_part_too() {
    // Typed into the Call ID box (a list field, which submits on Enter by itself), then
    // Enter there.
    begin_typed_in_part(async |s: &Session| {
        let call_id = s.wait_for("#call-id").await;
        call_id.click().await.expect("click into Call ID");
        call_id.send_keys("7").await.expect("type");
        s.press(fantoccini::key::Key::Enter).await;
    })
    .await;
}

#[tokio::test]
async fn a_begin_typed_in_part_survives_edits_to_other_fields() {
    let s = Session::start(Setup::default()).await;
    let p = s.page();
    p.wait_for_form().await;
    let begin = s.wait_for(css::BEGIN).await;
    begin.click().await.expect("click into Begin");
    begin.send_keys("11302026").await.expect("type");
    let in_part = "return document.querySelector('#begin').validity.badInput;";
    assert_eq!(
        s.js(in_part).await,
        json!(true),
        "Begin holds a date in part"
    );
    // Another field typed into, as a supervisor fills the form in any order.
    let caller = s.wait_for("#caller-no").await;
    caller.click().await.expect("click into the calling number");
    caller.send_keys("5551234").await.expect("type");
    p.fill_end("2026-11-28T11:00").await;
    assert_eq!(
        s.js(in_part).await,
        json!(true),
        "Begin still holds what was typed after edits to other fields"
    );
    // A zone change rewrites End for the new zone, and leaves Begin as typed.
    s.set_value("#zone-picker", "+08:00").await;
    s.wait_until(
        "End rewritten for +08:00",
        "document.querySelector('#end').value === '2026-11-28T19:00'",
    )
    .await;
    assert_eq!(
        s.js(in_part).await,
        json!(true),
        "Begin still holds what was typed after a zone change"
    );
    // Clear empties it, part-typed or not.
    s.click("form.query button.quiet").await;
    assert_eq!(s.js(in_part).await, json!(false), "Clear empties Begin");
    assert_eq!(
        s.js("return document.querySelector('#begin').value;").await,
        json!("")
    );
    s.close().await;
}

#[tokio::test]
async fn back_and_clear_move_a_select_the_user_chose_from() {
    let s = Session::start(Setup::default()).await;
    let p = s.page();
    p.wait_for_form().await;
    p.fill_range("2026-11-20T00:00", "2026-11-28T00:00").await;
    p.search().await;
    p.wait_for_rows().await;
    let value_of = |id: &str| format!("return document.querySelector('{id}').value;");
    // Chosen as a user does (WebDriver's select: the option is then the user's choice,
    // which a change of its `selected` attribute no longer moves in Firefox).
    let choose = async |id: &str, value: &str| {
        s.wait_for(id)
            .await
            .select_by_value(value)
            .await
            .expect("choose an option");
        assert_eq!(s.js(&value_of(id)).await, json!(value));
    };
    choose("#call-type", "0").await;
    p.search().await;
    p.wait_for_rows().await;
    // Back to the search with any call type: the select says so.
    s.client.back().await.expect("Back");
    s.wait_until(
        "Call type back to Any",
        "document.querySelector('#call-type').value === ''",
    )
    .await;
    choose("#media-type", "5").await;
    choose("#call-type", "1").await;
    s.click("form.query button.quiet").await;
    for id in ["#call-type", "#media-type"] {
        s.wait_until(
            &format!("{id} back to Any after Clear"),
            &format!("document.querySelector('{id}').value === ''"),
        )
        .await;
    }
    s.close().await;
}
