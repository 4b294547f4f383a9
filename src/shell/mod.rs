//! The first load: everything the page needs before a search is answered.
//!
//! | what | where |
//! |---|---|
//! | the header with the language switch, the status line | this module |
//! | the query form, its validation messages and time presets | [`form`] |
//! | the access token (its dialog's view loads with the result views) | [`token`] |
//! | the request and the decoding of its answer (HTTP or the demo's in-page service) | [`api`], [`demo`] |
//! | the stores: settings (config, language, zone) and the search (form, status, answer) | [`settings`], [`search`] |
//!
//! Views call the stores' methods; only a store writes its own signals. Nothing here names
//! `crate::results`: the result views build on the search store's answer, not the reverse.

pub mod api;
#[cfg(feature = "demo")]
pub mod demo;
pub mod form;
pub mod search;
pub mod settings;
pub mod token;

use cdr_core::Locale;
use leptos::prelude::*;

pub use api::{ApiClient, Body, Exchange, SearchError, Transport, QUERY_PATH};
pub use form::QueryFormView;
pub use search::{Answer, Reader, Search, Status};
pub use settings::{config_text, keep_config_text, PortalSettings, Settings};
pub use token::TokenStore;

use crate::text::{shell, tr};

/// The page's title, subtitle and language switch.
#[component]
pub fn Header() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let locale = settings.locale_signal();
    view! {
        <header class="app-header">
            <h1>{tr(locale, |t| t.app_title)}</h1>
            <p class="subtitle">{tr(locale, |t| t.app_subtitle)}</p>
            <label class="language">
                <span>{tr(locale, |t| t.language)}</span>
                <select id="language" on:change:target=move |ev| {
                    if let Some(choice) = Locale::from_tag(&ev.target().value()) {
                        settings.set_locale(choice);
                    }
                }>
                    <option value="en" selected=move || locale.get() == Locale::En>"English"</option>
                    <option value="zh-CN" selected=move || locale.get() == Locale::ZhCn>"中文"</option>
                </select>
            </label>
        </header>
    }
}

/// The status line (`role=status`): searching, cancelled, the empty state, and its
/// `children` (the result views' paging summary) once answered or while the answer arrives.
#[component]
pub fn StatusLine(
    /// Whether `children` can show (the result views' code has loaded; tracked).
    detailed: impl Fn() -> bool + Copy + Send + Sync + 'static,
    children: ChildrenFn,
) -> impl IntoView {
    let search = expect_context::<Search>();
    let settings = expect_context::<Settings>();
    view! {
        <p role="status" class="status-line" id="search-status">
            {move || {
                let t = shell(settings.locale());
                match search.status() {
                    Status::Loading => t.searching.to_string(),
                    Status::Cancelled => t.cancelled.to_string(),
                    Status::Idle => t.empty_state.to_string(),
                    Status::Done | Status::Failed(_) => String::new(),
                }
            }}
            // While an answer arrives, its rows may already show: the views say how many.
            {move || (matches!(search.status(), Status::Done | Status::Loading) && detailed()).then(|| children())}
        </p>
    }
}
