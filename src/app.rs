//! The whole page, and how it starts: load `config.json`, then mount.

use cdr_core::config::AppConfig;
use cdr_core::Locale;
use gloo_net::http::Request;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::{QueryFormView, ResultsView};
use crate::deferred::{self, OnFailure, Part};
use crate::state::Explorer;
use crate::text::tr;

/// The explorer, configured.
#[component]
pub fn App(
    /// The parsed `config.json`.
    config: AppConfig,
    /// Problems found in `config.json`, shown in a banner.
    #[prop(optional)]
    config_problems: Vec<String>,
) -> impl IntoView {
    let ex = Explorer::provide(config, config_problems);
    deferred::provide(ex);
    crate::embed::connect(ex);
    #[allow(clippy::let_and_return)]
    let page = view! {
        <div class="app" lang=move || ex.locale.get().tag()>
            <header class="app-header">
                <h1>{tr(ex, |t| t.app_title)}</h1>
                <p class="subtitle">{tr(ex, |t| t.app_subtitle)}</p>
                <label class="language">
                    <span>{tr(ex, |t| t.language)}</span>
                    <select id="language" on:change:target=move |ev| {
                        if let Some(locale) = Locale::from_tag(&ev.target().value()) {
                            ex.set_locale(locale);
                        }
                    }>
                        <option value="en" selected=move || ex.locale.get() == Locale::En>"English"</option>
                        <option value="zh-CN" selected=move || ex.locale.get() == Locale::ZhCn>"中文"</option>
                    </select>
                </label>
            </header>
            <Show when=move || ex.config_problems.with(|p| !p.is_empty())>
                <div class="banner warning" role="alert" id="config-banner">
                    <p>{tr(ex, |t| t.config_problem)}</p>
                    <ul>
                        {move || ex.config_problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                    </ul>
                </div>
            </Show>
            <main>
                <QueryFormView />
                {deferred::show(Part::SavedSearches, OnFailure::Quiet)}
                <ResultsView />
            </main>
            {deferred::show(Part::DetailPanel, OnFailure::Quiet)}
            {deferred::show(Part::TokenDialog, OnFailure::Quiet)}
        </div>
    };
    // The demo build says, above everything, that it shows generated data (src/demo.rs).
    #[cfg(feature = "demo")]
    let page = (crate::demo::banner(ex), page);
    page
}

/// Reads `config.json` beside `index.html`. A missing file means defaults; a broken one
/// means defaults plus a message naming the problem.
pub async fn load_config() -> (AppConfig, Vec<String>) {
    let response = match Request::get("config.json").send().await {
        Ok(response) => response,
        Err(_) => {
            return (
                AppConfig::default(),
                vec!["config.json could not be loaded; using defaults".into()],
            )
        }
    };
    match response.status() {
        200 => {}
        404 => return (AppConfig::default(), Vec::new()),
        status => {
            return (
                AppConfig::default(),
                vec![format!(
                    "config.json answered with status {status}; using defaults"
                )],
            )
        }
    }
    match response.text().await {
        Ok(text) => match AppConfig::parse_with(&text, crate::zone_intl::is_known_zone) {
            Ok((config, warnings)) => (config, warnings),
            Err(problem) => (AppConfig::default(), vec![problem]),
        },
        Err(_) => (
            AppConfig::default(),
            vec!["config.json could not be read; using defaults".into()],
        ),
    }
}

/// Starts the app: in the host page's `#cdr-explorer` element when there is one, else in
/// the body.
pub fn start() {
    crate::panic::install();
    // Leptos' executor starts with the mount, and the config is loaded before mounting.
    wasm_bindgen_futures::spawn_local(async {
        let (config, problems) = load_config().await;
        let document = web_sys::window().and_then(|w| w.document());
        let host = document
            .as_ref()
            .and_then(|d| d.get_element_by_id("cdr-explorer"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            .or_else(|| document.and_then(|d| d.body()));
        // One mount call: each would be its own copy of the whole page's view code.
        if let Some(parent) = host {
            mount_to(
                parent,
                move || view! { <App config config_problems=problems /> },
            )
            .forget();
        }
    });
}
