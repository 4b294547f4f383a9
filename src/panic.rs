//! A panic in WebAssembly kills the whole page. This hook turns that into a visible message
//! with a reload button instead of a frozen screen, and logs the panic for support. The
//! notice is in the page's language: the reactive state is gone by then, so it reads the
//! `lang` the app last set on its root element.

use cdr_core::Locale;
use wasm_bindgen::JsCast;

use crate::text::shell;

/// Installs the hook; call first thing at start.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        // The panic text can quote data, never a token: the token is not formatted anywhere.
        web_sys::console::error_1(&format!("CDR Explorer stopped: {info}").into());
        show_crash_notice();
    }));
}

fn show_crash_notice() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    let locale = document
        .query_selector(".app[lang]")
        .ok()
        .flatten()
        .and_then(|app| app.get_attribute("lang"))
        .and_then(|tag| Locale::from_tag(&tag))
        .unwrap_or_default();
    let t = shell(locale);
    let Ok(notice) = document.create_element("div") else {
        return;
    };
    notice.set_id("crash-notice");
    let _ = notice.set_attribute("role", "alert");
    let _ = notice.set_attribute("class", "crash");
    let Ok(text) = document.create_element("p") else {
        return;
    };
    text.set_text_content(Some(t.crash_notice));
    let _ = notice.append_child(&text);
    if let Ok(button) = document.create_element("button") {
        button.set_text_content(Some(t.reload));
        let _ = button.set_attribute("type", "button");
        // An inline handler would break under a strict CSP: attach a listener instead.
        let reload = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(|| {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        });
        let _ = button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
        reload.forget();
        let _ = notice.append_child(&button);
    }
    let _ = body.prepend_with_node_1(&notice);
}
