//! The crash notice speaks the page's language: with the app shown in Chinese, a panic
//! leaves a Chinese notice and button. Its own test binary, since a panic poisons the module
//! that hit it.

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_panic_in_a_chinese_page_shows_a_chinese_notice() {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    // What the app's root looks like while it shows Chinese.
    let app = document.create_element("div").expect("div");
    app.set_class_name("app");
    app.set_attribute("lang", "zh-CN").expect("lang");
    document
        .body()
        .expect("body")
        .append_child(&app)
        .expect("append");

    cdr_explorer::panic::install();
    wasm_bindgen_futures::spawn_local(async {
        let empty: Vec<&str> = Vec::new();
        let _ = empty
            .get(1)
            .copied()
            .unwrap_or_else(|| panic!("simulated defect"));
    });
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;

    let notice = document
        .get_element_by_id("crash-notice")
        .expect("a crash notice");
    let text = notice.text_content().unwrap_or_default();
    assert!(text.contains("请重新加载页面"), "{text}");
    assert!(!text.contains("Reload"), "{text}");
    let button = notice
        .query_selector("button")
        .ok()
        .flatten()
        .expect("a button");
    assert_eq!(button.text_content().as_deref(), Some("重新加载"));
}
