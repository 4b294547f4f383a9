//! Named searches and the last ten searches, kept in this browser (never with the token).

use leptos::prelude::*;

use super::{Preferences, Table};
use crate::shell::{Search, Settings};
use crate::text::{results, tr_results};

/// The saved and recent searches panel.
#[component]
pub fn SavedSearchesPanel() -> impl IntoView {
    let prefs = expect_context::<Preferences>();
    let search_store = expect_context::<Search>();
    let settings = expect_context::<Settings>();
    let locale = settings.locale_signal();
    let t = move || results(settings.locale());
    let table = expect_context::<Table>();
    let name = RwSignal::new(String::new());
    // A stored search brings the result filters it keeps (none: the filters are cleared).
    let run = move |params: &str| {
        table.set_filters(cdr_core::facets::from_params(params));
        search_store.run_params(params);
    };
    // Searches run from the form, also before this panel loaded, join the recent ones.
    Effect::new(move |_| prefs.record_recent());
    let named = move || prefs.named();
    let recent = move || {
        prefs
            .recent()
            .into_iter()
            .map(|params| (prefs.describe(&params), params))
            .collect::<Vec<_>>()
    };
    view! {
        <details class="saved" id="saved-searches">
            <summary>{tr_results(locale, |t| t.saved_searches)}</summary>
            <form class="save-form" on:submit=move |ev| {
                ev.prevent_default();
                let value = name.get_untracked();
                let with_filters = |p: String| table.params_with_filters(Some(p)).unwrap_or_default();
                if !value.trim().is_empty() && prefs.save_search(&value, with_filters) {
                    name.set(String::new());
                }
            }>
                <label for="save-name">{tr_results(locale, |t| t.save_name)}</label>
                <input id="save-name" type="text" maxlength=80 autocomplete="off"
                    prop:value=move || name.get()
                    on:input:target=move |ev| name.set(ev.target().value()) />
                <button type="submit">{tr_results(locale, |t| t.save_search)}</button>
            </form>
            <Show when=move || named().is_empty()>
                <p class="help">{tr_results(locale, |t| t.no_saved)}</p>
            </Show>
            <ul class="named">
                // Unkeyed lists (here and below): a few short entries, and each keyed list
                // would add several kilobytes of diffing code to the page.
                {move || named().into_iter().map(|search| {
                    let name = search.name.clone();
                    let delete_name = search.name.clone();
                    view! {
                        <li>
                            <button type="button" class="link" on:click={
                                let params = search.params.clone();
                                move |_| run(&params)
                            }>{search.name}</button>
                            <button type="button" class="quiet"
                                aria-label=move || t().delete_named(&name)
                                on:click=move |_| prefs.delete_search(&delete_name)>{tr_results(locale, |t| t.delete)}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || !recent().is_empty()>
                <h3>{tr_results(locale, |t| t.recent_searches)}</h3>
                <ul class="recent">
                    {move || recent().into_iter().map(|(label, params)| view! {
                        <li>
                            <button type="button" class="link" on:click=move |_| run(&params)>
                                {label}
                            </button>
                        </li>
                    }).collect_view()}
                </ul>
            </Show>
        </details>
    }
}
