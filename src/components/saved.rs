//! Named searches and the last ten searches, kept in this browser (never with the token).

use leptos::prelude::*;

use crate::state::Explorer;
use crate::text::{more_text, tr_more};

/// The saved and recent searches panel.
#[component]
pub fn SavedSearchesPanel() -> impl IntoView {
    let ex = expect_context::<Explorer>();
    let t = move || more_text(ex.locale.get());
    let name = RwSignal::new(String::new());
    let named = move || ex.saved.with(|s| s.named.clone());
    let recent = move || {
        ex.saved
            .with(|s| s.recent.clone())
            .into_iter()
            .map(|params| (ex.describe_params(&params), params))
            .collect::<Vec<_>>()
    };
    view! {
        <details class="saved" id="saved-searches">
            <summary>{tr_more(ex, |t| t.saved_searches)}</summary>
            <form class="save-form" on:submit=move |ev| {
                ev.prevent_default();
                let value = name.get_untracked();
                if !value.trim().is_empty() && ex.save_search(&value) {
                    name.set(String::new());
                }
            }>
                <label for="save-name">{tr_more(ex, |t| t.save_name)}</label>
                <input id="save-name" type="text" maxlength=80 autocomplete="off"
                    prop:value=move || name.get()
                    on:input:target=move |ev| name.set(ev.target().value()) />
                <button type="submit">{tr_more(ex, |t| t.save_search)}</button>
            </form>
            <Show when=move || ex.saved.with(|s| s.named.is_empty())>
                <p class="help">{tr_more(ex, |t| t.no_saved)}</p>
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
                                move |_| ex.run_params(&params)
                            }>{search.name}</button>
                            <button type="button" class="quiet"
                                aria-label=move || format!("{} {}", t().delete, name)
                                on:click=move |_| ex.delete_search(&delete_name)>{tr_more(ex, |t| t.delete)}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || ex.saved.with(|s| !s.recent.is_empty())>
                <h3>{tr_more(ex, |t| t.recent_searches)}</h3>
                <ul class="recent">
                    {move || recent().into_iter().map(|(label, params)| view! {
                        <li>
                            <button type="button" class="link" on:click=move |_| ex.run_params(&params)>
                                {label}
                            </button>
                        </li>
                    }).collect_view()}
                </ul>
            </Show>
        </details>
    }
}
