//! The parts of the page a first visit does not need to show the form: the result views, the
//! record detail, the saved searches and the token dialog, with the filtering, sorting and
//! summary code and the reading of stored preferences
//! ([`crate::state::Explorer::install_deferred`]). Not the decoding of answers: split off,
//! it ran 20-40 % slower (BENCHMARKS.md).
//!
//! Release builds for the browser put their code in a second wasm file (`cdr_split`, set by
//! `build.rs`; split by `scripts/trunk-post-build` with wasm-split, as `cargo leptos --split`
//! does), so the first load is only the form and the search. The page asks for that file as
//! soon as it is mounted ([`provide`]), while the user is still typing, so a search does not
//! wait for it.
//! Every other build (tests, `trunk serve`) compiles the same views in, behind the same
//! async calls.

use leptos::prelude::*;
use leptos::task::spawn_local;

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

/// Builds a part; the deferred file hands it over once loaded.
type Builder = fn(Part) -> AnyView;

/// Loads the deferred file, hands the state its share ([`Explorer::install_deferred`], once,
/// before any part is built) and returns the builder. In split builds this is the split
/// point: [`build`] and all code only it reaches sit in the deferred file (wasm-split names
/// it after `deferred`), and the call fetches and instantiates that file first.
#[cfg(cdr_split)]
#[wasm_split_helpers::wasm_split(deferred, fallible)]
fn load(ex: Explorer) -> Result<Builder, LoadError> {
    ex.install_deferred();
    Ok(build)
}

/// The same, compiled in (tests, `trunk serve`); still answers a tick later, as a split
/// build would.
#[cfg(not(cdr_split))]
async fn load(ex: Explorer) -> Result<Builder, LoadError> {
    ex.install_deferred();
    Ok(build)
}

fn build(part: Part) -> AnyView {
    match part {
        Part::ResultViews => view! { <ResultDetails /> }.into_any(),
        Part::SavedSearches => view! { <SavedSearchesPanel /> }.into_any(),
        Part::DetailPanel => view! { <DetailPanel /> }.into_any(),
        Part::TokenDialog => view! { <TokenDialog /> }.into_any(),
    }
}

/// Where the deferred file stands, shared by every slot.
#[derive(Clone, Copy)]
struct Loader {
    ex: Explorer,
    builder: RwSignal<Option<Builder>>,
    failed: RwSignal<bool>,
}

impl Loader {
    fn start(self) {
        self.failed.set(false);
        spawn_local(async move {
            match load(self.ex).await {
                Ok(builder) => self.builder.set(Some(builder)),
                Err(_) => self.failed.set(true),
            }
        });
    }
}

/// Starts loading the deferred file at once and gives the slots below what they read; call
/// once, above them.
pub fn provide(ex: Explorer) {
    let loader = Loader {
        ex,
        builder: RwSignal::new(None),
        failed: RwSignal::new(false),
    };
    provide_context(loader);
    loader.start();
}

/// How a slot behaves when the file cannot be loaded.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum OnFailure {
    /// Say so, with a "Try again" button (one slot per page, where results appear).
    Alert,
    /// Show nothing (the other slots: one alert is enough); retried with the others.
    Quiet,
}

/// Shows a deferred part once its code is there. Nothing shows while it loads (a fraction
/// of a second after the form appears). When loading fails, an [`OnFailure::Alert`] slot
/// says so and offers to try again, which retries for every slot; the form keeps what was
/// typed. A plain reactive closure, not a `<Suspense>`: it runs again once, when the code
/// arrives, and the part is then an ordinary view.
pub fn show(part: Part, on_failure: OnFailure) -> impl IntoView {
    let ex = expect_context::<Explorer>();
    let loader = use_context::<Loader>().unwrap_or_else(|| {
        // A slot without `provide` above it (a view tested alone) loads for itself.
        provide(ex);
        expect_context::<Loader>()
    });
    move || {
        if let Some(build) = loader.builder.get() {
            // Built untracked: a signal the part reads while being built must not rebuild it.
            return Some(untrack(|| build(part)));
        }
        (on_failure == OnFailure::Alert && loader.failed.get()).then(|| {
            view! {
                <div class="banner error deferred-failed" role="alert">
                    <p>{tr(ex, |t| t.part_not_loaded)}</p>
                    <button type="button" on:click=move |_| loader.start()>
                        {tr(ex, |t| t.try_again)}
                    </button>
                </div>
            }
            .into_any()
        })
    }
}
