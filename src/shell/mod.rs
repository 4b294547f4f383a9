//! The first load: everything the page needs before a search is answered.
//!
//! | what | where |
//! |---|---|
//! | the header with the language switch, the config banner, the status line | this module |
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

use cdr_core::table::Paging;
use cdr_core::Locale;
use leptos::prelude::*;

pub use api::{ApiClient, SearchError, Transport, QUERY_PATH};
pub use form::QueryFormView;
pub use search::{Answer, Search, Status};
pub use settings::{PortalSettings, Settings};
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

/// The problems found in `config.json`, when there are any.
#[component]
pub fn ConfigBanner() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let locale = settings.locale_signal();
    view! {
        <Show when=move || !settings.problems().is_empty()>
            <div class="banner warning" role="alert" id="config-banner">
                <p>{tr(locale, |t| t.config_problem)}</p>
                <ul>
                    {move || settings.problems().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}

/// The status line (`role=status`): searching, cancelled, the empty state, and once
/// answered its `children` (the result views' paging summary), or, while their code is not
/// there, the count of the answer's first page.
#[component]
pub fn StatusLine(
    /// Whether `children` can show (the result views' code has loaded).
    detailed: Signal<bool>,
    children: ChildrenFn,
) -> impl IntoView {
    let search = expect_context::<Search>();
    let settings = expect_context::<Settings>();
    // "Showing 1–20 of 134" of the answer as received: no filter, no sort, page one.
    let first_page = move || {
        let count = search.answer()?.records.len();
        let size = settings.with_config(|c| c.page_size);
        Some(Paging { page: 0, size }.summary(count, settings.locale()))
    };
    view! {
        <p role="status" class="status-line" id="search-status">
            {move || {
                let t = shell(settings.locale());
                match search.status() {
                    Status::Loading => Some(t.searching),
                    Status::Cancelled => Some(t.cancelled),
                    Status::Idle => Some(t.empty_state),
                    Status::Done | Status::Failed(_) => None,
                }
            }}
            {move || (search.status() == Status::Done).then(|| {
                if detailed.get() { children().into_any() } else { first_page().into_any() }
            })}
        </p>
    }
}
