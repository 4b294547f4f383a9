//! A panic must not leave a dead page: the hook shows a notice with a Reload button.
//! Its own test binary, since a panic poisons the module that hit it.

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_panic_shows_a_notice_with_reload() {
    cdr_explorer::panic::install();
    wasm_bindgen_futures::spawn_local(async {
        let secret = "Bearer do-not-show";
        // Panics mention data, never the token: the message is shown only in the console.
        let empty: Vec<&str> = Vec::new();
        let _ = empty
            .get(1)
            .map(|_| secret)
            .unwrap_or_else(|| panic!("simulated defect"));
    });
    // Let the panicking task run, from JavaScript's side of the event loop.
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;

    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let notice = document
        .get_element_by_id("crash-notice")
        .expect("a crash notice");
    assert_eq!(notice.get_attribute("role").as_deref(), Some("alert"));
    let text = notice.text_content().unwrap_or_default();
    assert!(text.contains("Reload the page"), "{text}");
    assert!(!text.contains("do-not-show"));
    let button = notice
        .query_selector("button")
        .ok()
        .flatten()
        .expect("a button");
    assert_eq!(button.text_content().as_deref(), Some("Reload"));
}
