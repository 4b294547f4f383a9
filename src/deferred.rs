//! The parts of the page a first visit does not need to show the form: the result views, the
//! record detail, the saved searches and the token dialog, with the filtering, sorting and
//! summary code and the reading of stored preferences
//! ([`crate::state::Explorer::install_deferred`]). Not the decoding of answers: split off,
//! it ran 20-40 % slower (BENCHMARKS.md).
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

/// The parts of the page whose code is deferred.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The answer's notes, toolbar, table or summary and pager.
    ResultViews,
    /// The saved and recent searches.
    SavedSearches,
    /// The selected record's panel.
    DetailPanel,
    /// The access token dialog.
    TokenDialog,
}

/// Builds a part. In split builds this is the split point: its body, and all code only it
/// reaches, sits in the deferred file (wasm-split names the file after `deferred`), and a
/// call loads that file first, once. One function for every part, so one loader and one
/// future type.
#[cfg(cdr_split)]
#[wasm_split_helpers::wasm_split(deferred, fallible)]
fn build(part: Part) -> Result<AnyView, LoadError> {
    Ok(build_now(part))
}

/// Builds a part (compiled in: tests, `trunk serve`).
#[cfg(not(cdr_split))]
async fn build(part: Part) -> Result<AnyView, LoadError> {
    Ok(build_now(part))
}

fn build_now(part: Part) -> AnyView {
    match part {
        Part::ResultViews => view! { <ResultDetails /> }.into_any(),
        Part::SavedSearches => view! { <SavedSearchesPanel /> }.into_any(),
        Part::DetailPanel => view! { <DetailPanel /> }.into_any(),
        Part::TokenDialog => view! { <TokenDialog /> }.into_any(),
    }
}

/// How many times the page has asked to try the deferred file again; shared by every slot, so
/// one "Try again" brings back every part.
#[derive(Clone, Copy)]
struct Attempts(RwSignal<u32>);

/// Gives the page one retry counter for its deferred parts; call once, above them.
pub fn provide_retry() {
    provide_context(Attempts(RwSignal::new(0)));
}

/// How a slot behaves when the file cannot be loaded.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum OnFailure {
    /// Say so, with a "Try again" button (one slot per page, where results appear).
    Alert,
    /// Show nothing (the other slots: one alert is enough); retried with the others.
    Quiet,
}

/// Shows a deferred view once its code is there. Nothing shows while it loads (a fraction of
/// a second after the form appears). When loading fails, an [`OnFailure::Alert`] slot says
/// so and offers to try again, which retries every slot; the form keeps what was typed.
pub fn show(part: Part, on_failure: OnFailure) -> impl IntoView {
    let ex = expect_context::<Explorer>();
    // Without provide_retry (a view tested alone), the slot retries on its own.
    let Attempts(attempt) = use_context::<Attempts>().unwrap_or_else(|| Attempts(RwSignal::new(0)));
    view! {
        <Suspense>
            {move || {
                attempt.track();
                // The page has one thread; the wrapper only satisfies Suspend's Send bound.
                Suspend::new(SendWrapper::new(async move {
                    match build(part).await {
                        Ok(view) => Some(view),
                        Err(_) if on_failure == OnFailure::Quiet => None,
                        Err(_) => Some(
                            view! {
                                <div class="banner error deferred-failed" role="alert">
                                    <p>{tr(ex, |t| t.part_not_loaded)}</p>
                                    <button type="button" on:click=move |_| attempt.update(|n| *n += 1)>
                                        {tr(ex, |t| t.try_again)}
                                    </button>
                                </div>
                            }
                            .into_any(),
                        ),
                    }
                }))
            }}
        </Suspense>
    }
}
