//! Embedding in a portal's iframe: the app tells its parent it is ready, and takes its token
//! and settings from a `postMessage` sent by an origin that `config.json` allows
//! (`allowedParentOrigins`). Everything else is ignored, silently: a page that frames the app
//! without being allowed learns nothing and changes nothing.
//!
//! This code loads with the result views (a fraction of a second after the form shows), so
//! the app says it is ready once it can take a config: a portal waits for that message.
//!
//! Messages:
//! - app → parent: `{type: "cdr-explorer:ready"}` once listening, then
//!   `{type: "cdr-explorer:configured"}` to the sender after a config was applied;
//! - parent → app: `{type: "cdr-explorer:config", token, appKey, tenantSpaceId, subCcNo, vdn,
//!   locale}`, every field optional, strings only.

use cdr_core::Locale;
use js_sys::{Object, Reflect};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::{MessageEvent, Window};

use crate::shell::{PortalSettings, Search, Settings};

/// The `type` of the message that carries the settings.
pub const CONFIG_MESSAGE: &str = "cdr-explorer:config";
/// The `type` of the message the app sends its parent when it listens.
pub const READY_MESSAGE: &str = "cdr-explorer:ready";
/// The `type` of the answer to an applied config.
pub const CONFIGURED_MESSAGE: &str = "cdr-explorer:configured";

/// Starts listening when the app is framed, then tells the parent it is ready.
pub fn connect(settings: Settings, search: Search) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(parent) = parent_of(&window) else {
        return; // not in a frame
    };
    let allowed = settings.with_config_untracked(|c| c.allowed_parent_origins.clone());
    if !allowed.is_empty() {
        // Lives as long as the page: the app is never unmounted.
        let _ = window_event_listener(ev::message, move |event: MessageEvent| {
            on_message(settings, search, &allowed, &event);
        });
    }
    // "*" is safe here: the message carries nothing but its type.
    let _ = parent.post_message(&message(READY_MESSAGE), "*");
}

/// The parent window, when this page is in a frame.
fn parent_of(window: &Window) -> Option<Window> {
    let parent = window.parent().ok().flatten()?;
    (!Object::is(&parent, window)).then_some(parent)
}

fn on_message(settings: Settings, search: Search, allowed: &[String], event: &MessageEvent) {
    let origin = event.origin();
    if !allowed.contains(&origin) {
        return;
    }
    // The origin alone is not enough: another window of that origin (a popup, a sibling
    // frame) is not the host that embeds us.
    let Some(window) = web_sys::window() else {
        return;
    };
    let (Some(parent), Some(source)) = (parent_of(&window), event.source()) else {
        return;
    };
    if !Object::is(&parent, &source) {
        return;
    }
    let data = event.data();
    if string_field(&data, "type").as_deref() != Some(CONFIG_MESSAGE) {
        return;
    }
    apply(settings, search, &data);
    let _ = parent.post_message(&message(CONFIGURED_MESSAGE), &origin);
}

/// Applies the fields of a config message. The token goes to memory only (never logged,
/// never stored): without "remember" it also closes a token dialog and reruns a search that
/// was waiting for it.
fn apply(settings: Settings, search: Search, data: &JsValue) {
    let portal = PortalSettings {
        app_key: string_field(data, "appKey"),
        tenant_space_id: string_field(data, "tenantSpaceId"),
        sub_cc_no: string_field(data, "subCcNo"),
        vdn: string_field(data, "vdn"),
        locale: string_field(data, "locale").and_then(|l| Locale::from_tag(&l)),
    };
    settings.apply_portal(&portal);
    search.set_tenant(portal.sub_cc_no, portal.vdn);
    if let Some(token) = string_field(data, "token") {
        search.use_token(&token, false);
    }
}

/// A non-empty string field of a message; anything else counts as absent.
fn string_field(data: &JsValue, key: &str) -> Option<String> {
    if !data.is_object() {
        return None;
    }
    Reflect::get(data, &JsValue::from_str(key))
        .ok()?
        .as_string()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn message(kind: &str) -> JsValue {
    let object = Object::new();
    let _ = Reflect::set(&object, &"type".into(), &kind.into());
    object.into()
}
