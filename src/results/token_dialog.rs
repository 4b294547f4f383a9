//! The "Access token" dialog: opened on demand or by a 401, and the search that needed the
//! token runs again once one is given. The token itself is the shell's
//! ([`crate::shell::TokenStore`]); the dialog's view loads with the result views, since it
//! cost the first load 1.x KB gzip it had no room for (BENCHMARKS.md).

use leptos::prelude::*;

use crate::shell::{Search, Settings, TokenStore};
use crate::text::tr_results;

/// A modal dialog (the native `<dialog>`, for its focus trap and Escape).
#[component]
pub fn TokenDialog() -> impl IntoView {
    let token = expect_context::<TokenStore>();
    let search = expect_context::<Search>();
    let locale = expect_context::<Settings>().locale_signal();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let input = NodeRef::<leptos::html::Input>::new();
    let remember = RwSignal::new(token.remembers());
    Effect::new(move |_| {
        let open = token.dialog_is_open();
        let Some(dialog) = dialog.get() else { return };
        if open && !dialog.open() {
            remember.set(token.remembers());
            let _ = dialog.show_modal();
            if let Some(input) = input.get() {
                input.set_value("");
                let _ = input.focus();
            }
        } else if !open && dialog.open() {
            dialog.close();
        }
    });
    view! {
        <dialog
            node_ref=dialog
            class="token-dialog"
            aria-labelledby="token-title"
            on:close=move |_| token.close_dialog()
        >
            <form on:submit=move |ev| {
                ev.prevent_default();
                let value = input.get().map(|i| i.value()).unwrap_or_default();
                search.use_token(&value, remember.get_untracked());
            }>
                <h2 id="token-title">{tr_results(locale, |t| t.token_title)}</h2>
                <label for="token-input">{tr_results(locale, |t| t.token_label)}</label>
                <input
                    id="token-input"
                    node_ref=input
                    type="password"
                    autocomplete="off"
                    spellcheck="false"
                    maxlength=4096
                    aria-describedby="token-help"
                />
                <p id="token-help" class="help">{tr_results(locale, |t| t.token_help)}</p>
                <label class="check">
                    <input
                        type="checkbox"
                        id="token-remember"
                        prop:checked=move || remember.get()
                        on:change:target=move |ev| remember.set(ev.target().checked())
                    />
                    {tr_results(locale, |t| t.token_remember)}
                </label>
                <div class="actions">
                    <button type="submit" class="primary">{tr_results(locale, |t| t.token_use)}</button>
                    <button type="button" class="quiet" on:click=move |_| token.close_dialog()>
                        {tr_results(locale, |t| t.cancel)}
                    </button>
                </div>
            </form>
        </dialog>
    }
}
