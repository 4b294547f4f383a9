//! A panic in WebAssembly kills the whole page. This hook turns that into a visible message
//! with a reload button instead of a frozen screen, and logs the panic for support.

use wasm_bindgen::JsCast;

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
    let Ok(notice) = document.create_element("div") else {
        return;
    };
    notice.set_id("crash-notice");
    let _ = notice.set_attribute("role", "alert");
    let _ = notice.set_attribute("class", "crash");
    let Ok(text) = document.create_element("p") else {
        return;
    };
    text.set_text_content(Some(
        "CDR Explorer hit an internal error and stopped. Your search was not sent again. \
         Reload the page to continue.",
    ));
    let _ = notice.append_child(&text);
    if let Ok(button) = document.create_element("button") {
        button.set_text_content(Some("Reload"));
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
