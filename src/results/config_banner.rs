//! The problems found in `config.json`, in the page's language. Shown once the result
//! views' code is there (a moment after the form), so the messages of every problem
//! `cdr-core` can report travel with it, not with the first load; the app runs on the
//! defaults meanwhile.

use leptos::prelude::*;

use crate::shell::Settings;
use crate::text::tr_results;

/// The banner, when `config.json` had problems.
#[component]
pub fn ConfigBanner() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let locale = settings.locale_signal();
    view! {
        <Show when=move || !settings.problems().is_empty()>
            <div class="banner warning" role="alert" id="config-banner">
                <p>{tr_results(locale, |t| t.config_problem)}</p>
                <ul>
                    {move || {
                        let locale = settings.locale();
                        settings
                            .problems()
                            .into_iter()
                            .map(|p| view! { <li>{p.message(locale)}</li> })
                            .collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}
