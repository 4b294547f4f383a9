//! The parts of the page a first visit does not need to show the form: the result views, the
//! record detail, the saved searches and the token dialog.
//!
//! Release builds for the browser put their code in a second wasm file (`cdr_split`, set by
//! `build.rs`; split by `scripts/trunk-post-build` with wasm-split, as `cargo leptos --split`
//! does), so the first load is only the form and the search. The page asks for that file as
//! soon as it is mounted, while the user is still typing, so a search does not wait for it.
//! Every other build (tests, `trunk serve`) compiles the same views in, behind the same
//! async calls.

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::components::{DetailPanel, ResultDetails, SavedSearchesPanel, TokenDialog};
use crate::state::Explorer;
use crate::text::tr;

/// Why the deferred code could not be loaded (the network, or a deployment that lost a file).
pub use wasm_split_helpers::SplitLoaderError as LoadError;

/// Declares a view whose code is loaded on first use. In split builds the body sits in the
/// deferred wasm file; the call loads it first. The name names the file: all views below share
/// one, fetched once.
macro_rules! deferred_view {
    ($(#[$doc:meta])* $name:ident => $body:expr) => {
        $(#[$doc])*
        #[cfg(cdr_split)]
        #[wasm_split_helpers::wasm_split(deferred, fallible)]
        pub fn $name() -> Result<AnyView, LoadError> {
            Ok($body.into_any())
        }
        $(#[$doc])*
        #[cfg(not(cdr_split))]
        pub async fn $name() -> Result<AnyView, LoadError> {
            Ok($body.into_any())
        }
    };
}

deferred_view!(
    /// The answer's notes, toolbar, table or summary and pager.
    result_views => view! { <ResultDetails /> }
);
deferred_view!(
    /// The saved and recent searches.
    saved_searches => view! { <SavedSearchesPanel /> }
);
deferred_view!(
    /// The selected record's panel.
    detail_panel => view! { <DetailPanel /> }
);
deferred_view!(
    /// The access token dialog.
    token_dialog => view! { <TokenDialog /> }
);

/// Shows a deferred view once its code is there. Nothing shows while it loads (a fraction of
/// a second after the form appears); when loading fails, an alert says so and offers to try
/// again, and everything typed in the form stays.
pub fn show<F, Fut>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<AnyView, LoadError>> + 'static,
{
    let ex = expect_context::<Explorer>();
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense>
            {move || {
                attempt.track();
                // The page has one thread; the wrapper only satisfies Suspend's Send bound.
                Suspend::new(SendWrapper::new(async move {
                    match load().await {
                        Ok(view) => view,
                        Err(_) => view! {
                            <div class="banner error deferred-failed" role="alert">
                                <p>{tr(ex, |t| t.part_not_loaded)}</p>
                                <button type="button" on:click=move |_| attempt.update(|n| *n += 1)>
                                    {tr(ex, |t| t.try_again)}
                                </button>
                            </div>
                        }
                        .into_any(),
                    }
                }))
            }}
        </Suspense>
    }
}
