//! The one line code splitting draws: [`crate::results`] (the result views, their stores and
//! texts, with the filtering, sorting, summary and export code they call) loads after the
//! form shows; everything else is the first load.
//!
//! Release builds for the browser put `results` in a second wasm file (`cdr_split`, set by
//! `build.rs`; split by `scripts/trunk-post-build` with wasm-split, as `cargo leptos --split`
//! does). The page asks for that file as soon as it is mounted ([`provide`]), while the user
//! is still typing, so a search does not wait for it. Every other build (tests, `trunk
//! serve`) compiles the same views in, behind the same async call.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::shell::Settings;
use crate::text::tr;

/// Why the results' code could not be loaded (the network, or a deployment that lost a file).
pub use wasm_split_helpers::SplitLoaderError as LoadError;

/// The result views the page shows in its slots.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The banner listing `config.json`'s problems.
    ConfigBanner,
    /// The failure alert, or the answer's notes, toolbar, table or summary and pager.
    Answer,
    /// The status line's text once a search is answered.
    PageStatus,
    /// The saved and recent searches.
    SavedSearches,
    /// The selected record's panel.
    DetailPanel,
    /// The access token dialog.
    TokenDialog,
    /// The notes beside Begin and End for a time a clock change skipped or repeated.
    BeginNote,
    EndNote,
    /// The zone picker beside "Times in …".
    ZonePicker,
}

/// Builds a part; handed over once `results` is loaded.
type Builder = fn(Part) -> AnyView;

/// Loads `results`, creates its stores under the page's owner, and returns its builder. In
/// split builds this is the split point: everything only it reaches sits in the second file
/// (wasm-split names it after `results`), and the call fetches and instantiates that file.
#[cfg(cdr_split)]
#[wasm_split_helpers::wasm_split(results, fallible)]
fn load(owner: Owner) -> Result<Builder, LoadError> {
    owner.with(crate::results::provide);
    Ok(crate::results::build)
}

/// The same, compiled in (tests, `trunk serve`); still answers a tick later, as a split
/// build would.
#[cfg(not(cdr_split))]
async fn load(owner: Owner) -> Result<Builder, LoadError> {
    owner.with(crate::results::provide);
    Ok(crate::results::build)
}

/// Where loading stands, shared by every slot.
#[derive(Clone, Copy)]
struct Loader {
    builder: RwSignal<Option<Builder>>,
    failed: RwSignal<bool>,
    owner: StoredValue<Option<Owner>, LocalStorage>,
}

impl Loader {
    fn start(self) {
        self.failed.set(false);
        let Some(owner) = self.owner.get_value() else {
            return;
        };
        spawn_local(async move {
            match load(owner).await {
                Ok(builder) => self.builder.set(Some(builder)),
                Err(_) => self.failed.set(true),
            }
        });
    }
}

/// Starts loading `results` at once and gives the slots what they read; call once, in the
/// page's component, after the shell's stores are provided.
pub fn provide() {
    let loader = Loader {
        builder: RwSignal::new(None),
        failed: RwSignal::new(false),
        owner: StoredValue::new_local(Owner::current()),
    };
    provide_context(loader);
    loader.start();
}

/// Whether the result views' code is there (tracked): until then, the shell shows what it
/// can without them.
pub fn loaded() -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    let loader = expect_context::<Loader>();
    move || loader.builder.with(Option::is_some)
}

/// How a slot behaves when `results` cannot be loaded.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum OnFailure {
    /// Say so, with a "Try again" button (one slot per page, where results appear).
    Alert,
    /// Show nothing (the other slots: one alert is enough); retried with the others.
    Quiet,
}

/// Shows a result view once its code is there. Nothing shows while it loads (a fraction of
/// a second after the form appears). When loading fails, an [`OnFailure::Alert`] slot says
/// so and offers to try again, which retries for every slot; the form keeps what was typed.
/// A plain reactive closure, not a `<Suspense>` (which cost 6.6 KB gzip): it runs again
/// once, when the code arrives, and the part is then an ordinary view.
pub fn slot(part: Part, on_failure: OnFailure) -> impl IntoView {
    let locale = expect_context::<Settings>().locale_signal();
    let loader = expect_context::<Loader>();
    move || {
        if let Some(build) = loader.builder.get() {
            // Built untracked: a signal the part reads while being built must not rebuild it.
            return Some(untrack(|| build(part)));
        }
        (on_failure == OnFailure::Alert && loader.failed.get()).then(|| {
            view! {
                <div class="banner error deferred-failed" role="alert">
                    <p>{tr(locale, |t| t.part_not_loaded)}</p>
                    <button type="button" on:click=move |_| loader.start()>
                        {tr(locale, |t| t.try_again)}
                    </button>
                </div>
            }
            .into_any()
        })
    }
}

/// The record of `build.rs`'s decision that this is a split build, a custom section of the
/// wasm that `scripts/trunk-post-build` reads instead of deciding again.
#[cfg(cdr_split)]
#[used]
#[link_section = "cdr-split-build"]
static SPLIT_BUILD: [u8; 1] = [1];
