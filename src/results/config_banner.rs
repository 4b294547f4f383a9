//! The problems found in `config.json`, in the page's language. Shown once the result
//! views' code is there (a moment after the form), so the messages of every problem
//! `cdr-core` can report travel with it, not with the first load; the app runs on the
//! defaults meanwhile.

use cdr_core::config::parse_analytics;
use leptos::prelude::*;

use crate::shell::{config_text, Settings};
use crate::text::tr_results;

/// The banner, when `config.json` had problems.
#[component]
pub fn ConfigBanner() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let locale = settings.locale_signal();
    // The keys only the result views read are checked here, when their code has come.
    let problems = move || {
        let mut all = settings.problems();
        all.extend(parse_analytics(config_text()).1);
        all
    };
    view! {
        <Show when=move || !problems().is_empty()>
            <div class="banner warning" role="alert" id="config-banner">
                <p>{tr_results(locale, |t| t.config_problem)}</p>
                <ul>
                    {move || {
                        let locale = settings.locale();
                        problems()
                            .into_iter()
                            .map(|p| view! { <li>{p.message(locale)}</li> })
                            .collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}
