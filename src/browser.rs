//! Thin wrappers over the browser APIs the app uses: storage, the address bar and history,
//! the clipboard and file downloads. Each failure (private mode, a refused permission) is
//! absorbed: these are conveniences, and the app works without them.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// A User Timing mark (`performance.mark`), so a profiler or `scripts/bench` can split a
/// search into its phases. Costs microseconds; carries no data.
pub fn mark(name: &str) {
    if let Some(performance) = window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// A value from `localStorage`, if storage works and holds it.
pub fn local_get(key: &str) -> Option<String> {
    window()?
        .local_storage()
        .ok()
        .flatten()?
        .get_item(key)
        .ok()
        .flatten()
}

/// Writes a value to `localStorage`; ignored when storage is unavailable or full.
pub fn local_set(key: &str, value: &str) {
    if let Some(storage) = window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(key, value);
    }
}

/// The address bar's query string without the leading `?`.
pub fn location_params() -> String {
    window()
        .and_then(|w| w.location().search().ok())
        .map(|s| s.trim_start_matches('?').to_string())
        .unwrap_or_default()
}

/// A link to this page with the given query string.
pub fn link_with_params(params: &str) -> String {
    let Some(location) = window().map(|w| w.location()) else {
        return String::new();
    };
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    if params.is_empty() {
        format!("{origin}{path}")
    } else {
        format!("{origin}{path}?{params}")
    }
}

/// Adds a history entry for a search, so Back and Forward walk through searches.
pub fn push_params(params: &str) {
    set_params(params, true);
}

/// Replaces the address bar's query string without a history entry (the result filters
/// beside the search); nothing when it is already that.
pub fn replace_params(params: &str) {
    set_params(params, false);
}

/// The address bar's query string set to `params`, as a new history entry or in place.
fn set_params(params: &str, new_entry: bool) {
    if params == location_params() {
        return;
    }
    let Some(history) = window().and_then(|w| w.history().ok()) else {
        return;
    };
    let url = if params.is_empty() {
        window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_default()
    } else {
        format!("?{params}")
    };
    let null = wasm_bindgen::JsValue::NULL;
    let _ = if new_entry {
        history.push_state_with_url(&null, "", Some(&url))
    } else {
        history.replace_state_with_url(&null, "", Some(&url))
    };
}

/// Calls `on_change` with the new query string whenever Back or Forward is used.
pub fn on_history_change(on_change: impl Fn(String) + 'static) {
    let Some(window) = window() else { return };
    let callback = Closure::<dyn FnMut()>::new(move || on_change(location_params()));
    let _ = window.add_event_listener_with_callback("popstate", callback.as_ref().unchecked_ref());
    // Lives as long as the page.
    callback.forget();
}

/// Copies text; returns at once (the clipboard answers asynchronously).
pub fn copy_text(value: &str) {
    if let Some(window) = window() {
        let _ = window.navigator().clipboard().write_text(value);
    }
}

/// The browser's preferred language tag, such as "zh-CN".
pub fn browser_language() -> Option<String> {
    window()?.navigator().language()
}

/// Gives the page its language (`<html lang>`, a BCP 47 tag such as "zh-CN", so screen
/// readers pronounce it right: WCAG 2.1 SC 3.1.1) and its tab title. Leaves both alone when
/// the app is mounted in a host page's `#cdr-explorer` element: that document is the host's
/// (the app's own root carries `lang` either way).
pub fn set_page_language(tag: &str, title: &str) {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id("cdr-explorer").is_some() {
        return;
    }
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", tag);
    }
    document.set_title(title);
}

/// Offers text as a file download; false when the browser refused.
pub fn download(file_name: &str, mime: &str, contents: &str) -> bool {
    offer(file_name, mime, &wasm_bindgen::JsValue::from_str(contents))
}

/// Offers bytes as a file download (the Excel export); false when the browser refused.
pub fn download_bytes(file_name: &str, mime: &str, bytes: &[u8]) -> bool {
    offer(file_name, mime, &js_sys::Uint8Array::from(bytes))
}

/// Offers one part (a string or bytes) as a file through a temporary link to a `Blob`.
fn offer(file_name: &str, mime: &str, part: &wasm_bindgen::JsValue) -> bool {
    let Some(document) = window().and_then(|w| w.document()) else {
        return false;
    };
    let parts = js_sys::Array::of1(part);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    // One binding for both kinds of part: `new Blob(parts, options)` takes either.
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let Ok(anchor) = document
        .create_element("a")
        .map(|a| a.unchecked_into::<web_sys::HtmlAnchorElement>())
    else {
        return false;
    };
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    true
}

/// Moves keyboard focus to an element by id, if it exists.
pub fn focus_by_id(id: &str) {
    if let Some(element) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// `?compact` (or `?compact=1`) in the app's URL forces the compact layout (style/embed.css).
pub fn apply_compact_switch() {
    let Some(window) = window() else {
        return;
    };
    let search = window.location().search().unwrap_or_default();
    let wanted = search
        .trim_start_matches('?')
        .split('&')
        .any(|p| p == "compact" || p == "compact=1" || p == "compact=true");
    if !wanted {
        return;
    }
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let classes = root.class_name();
        if !classes.split_whitespace().any(|c| c == "cdr-compact") {
            root.set_class_name(format!("{classes} cdr-compact").trim());
        }
    }
}

/// Whether the date-and-time input `id` holds text the browser cannot read as one (typed
/// in part): its value is then `""` and `validity.badInput` is set. False when there is no
/// such input.
pub fn time_input_unreadable(id: &str) -> bool {
    time_input_typed_in_part(id).is_some()
}

/// Whether any element of the page matches `selector` (a CSS selector list).
pub fn shows(selector: &str) -> bool {
    window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .is_some()
}

/// Lets the next write of `""` empty the date-and-time input `id` when it holds a time
/// typed in part. WebKit keeps such text when `""` is written over the `""` it reads as;
/// a complete time written first makes the `""` a change.
pub fn forget_time_typed_in_part(id: &str) {
    if let Some(input) = time_input_typed_in_part(id) {
        input.set_value("2000-01-01T00:00");
    }
}

/// Sets the `value` of the form control `id` (an input or a select), if there is one.
pub fn set_value(id: &str, value: &str) {
    if let Some(control) = control(id) {
        control.set_value(value);
    }
}

/// The form control `id`, typed as an input: the `value` and `validity` this module reads
/// and writes are the same JS properties on a select.
fn control(id: &str) -> Option<web_sys::HtmlInputElement> {
    window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .map(JsCast::unchecked_into)
}

/// The date-and-time input `id` when it holds a time typed in part.
fn time_input_typed_in_part(id: &str) -> Option<web_sys::HtmlInputElement> {
    control(id).filter(typed_in_part)
}

/// Whether `input` holds text the browser cannot read as its type's value (a date typed
/// in part): its `value` is then `""` and `validity.badInput` is set.
pub fn typed_in_part(input: &web_sys::HtmlInputElement) -> bool {
    input.value().is_empty() && input.validity().bad_input()
}
