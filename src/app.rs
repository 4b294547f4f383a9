//! The whole page, and how it starts: load `config.json`, create the stores, choose the
//! transport, then mount. The one module that names both rooms, [`crate::shell`] and
//! [`crate::results`] (the latter through [`crate::split`]).

use cdr_core::config::{AppConfig, ConfigProblem};
use gloo_net::http::Request;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser;
use crate::shell::{Header, QueryFormView, Search, Settings, StatusLine, TokenStore, Transport};
use crate::split::{self, OnFailure, Part};

/// How queries reach the service: the demo build answers them in the page, with the
/// simulator's contract; every other build sends them over HTTP.
#[cfg(feature = "demo")]
const TRANSPORT: Transport = Transport::InPage;
#[cfg(not(feature = "demo"))]
const TRANSPORT: Transport = Transport::Http;

/// The explorer, configured.
#[component]
pub fn App(
    /// The parsed `config.json`.
    config: AppConfig,
    /// Problems found in `config.json`, shown in a banner.
    #[prop(optional)]
    config_problems: Vec<ConfigProblem>,
) -> impl IntoView {
    let settings = Settings::new(config, config_problems);
    let token = TokenStore::new(settings.with_config_untracked(|c| c.token.clone()));
    let search = Search::new(settings, token, TRANSPORT);
    provide_context(settings);
    provide_context(token);
    provide_context(search);
    split::provide();
    // The portal's messages are heard once the result views load (`results::embed`).
    browser::apply_compact_switch();
    // A shared link (or a reload) restores its search and runs it; so do Back and Forward.
    search.restore_from_params(&browser::location_params());
    browser::on_history_change(move |params| search.go_back_to(&params));
    let locale = settings.locale_signal();
    #[allow(clippy::let_and_return)]
    let page = view! {
        // `<html lang>` and the tab's title follow the shown language from the first render
        // on (WCAG 2.1 SC 3.1.1, issue #21). Set here, beside the root's own `lang`: an
        // effect of their own cost the first load 760 B.
        <div class="app" lang=move || {
            let shown = locale.get();
            browser::set_page_language(shown.tag(), crate::text::shell(shown).app_title);
            shown.tag()
        }>
            <Header />
            {split::slot(Part::ConfigBanner, OnFailure::Quiet)}
            <main>
                <QueryFormView />
                {split::slot(Part::SavedSearches, OnFailure::Quiet)}
                <section class="results" aria-busy=move || search.is_loading().then_some("true")>
                    <StatusLine detailed=split::loaded()>
                        {split::slot(Part::PageStatus, OnFailure::Quiet)}
                    </StatusLine>
                    {split::slot(Part::Answer, OnFailure::Alert)}
                </section>
            </main>
            {split::slot(Part::DetailPanel, OnFailure::Quiet)}
            {split::slot(Part::TokenDialog, OnFailure::Quiet)}
        </div>
    };
    // The demo build says, above everything, that it shows generated data (shell::demo).
    #[cfg(feature = "demo")]
    let page = (crate::shell::demo::banner(locale), page);
    page
}

/// Reads `config.json` beside `index.html`. A missing file means defaults; a broken one
/// means defaults plus a message naming the problem.
pub async fn load_config() -> (AppConfig, Vec<ConfigProblem>) {
    let response = match Request::get("config.json").send().await {
        Ok(response) => response,
        Err(_) => return (AppConfig::default(), vec![ConfigProblem::NotLoaded]),
    };
    match response.status() {
        200 => {}
        404 => return (AppConfig::default(), Vec::new()),
        status => return (AppConfig::default(), vec![ConfigProblem::Status(status)]),
    }
    match response.text().await {
        Ok(text) => {
            let parsed = AppConfig::parse_with(&text, crate::zone_intl::is_known_zone);
            crate::shell::keep_config_text(text);
            match parsed {
                Ok((config, warnings)) => (config, warnings),
                Err(problem) => (AppConfig::default(), vec![problem]),
            }
        }
        Err(_) => (AppConfig::default(), vec![ConfigProblem::NotRead]),
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
