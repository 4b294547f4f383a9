//! The complete-results load as the supervisor sees it: a progress bar ("18,400 of 66,640
//! calls loaded") with *Stop loading*; then "All 66,640 calls loaded" with the check that
//! proves it, or why the set is partial: stopped, the record limit, slices that failed
//! (each with *Retry*) or that hold more calls in one second than the service returns.
//! A search of several Call IDs shows "12 of 40 Call IDs searched", then "All 40 Call IDs
//! searched: … calls.", the IDs that found nothing, and the IDs that failed with *Retry*.

use cdr_core::query::BatchKind;
use cdr_core::slices::{SliceId, Span};
use cdr_core::time::format_ms;
use leptos::prelude::*;

use super::complete::{LoadState, LoadView, Loaded};
use crate::shell::{Search, Settings, TokenStore};
use crate::text::{results, tr_results};
use cdr_core::Locale;

/// The load's progress and outcome; nothing for an answer that was whole.
#[component]
pub fn LoadProgress() -> impl IntoView {
    let loaded = expect_context::<Loaded>();
    let settings = expect_context::<Settings>();
    let token = expect_context::<TokenStore>();
    let locale = settings.locale_signal();
    let search = expect_context::<Search>();
    // (While the first answer is awaited, its frame shows no bar: nothing has come yet.)
    let running = move || {
        let v = loaded.view();
        match v.state {
            LoadState::Receiving => v.loaded > 0,
            LoadState::Loading | LoadState::NeedsToken => true,
            _ => false,
        }
    };
    // While the first answer arrives, Stop is the search's Cancel: it keeps the rows in.
    let stop = move |_| {
        if untrack(|| loaded.view().state) == LoadState::Receiving {
            search.cancel();
        } else {
            loaded.cancel();
        }
    };
    view! {
        <Show when=running>
            <div class="load-progress">
                <ProgressBar />
                <button type="button" id="load-stop" on:click=stop>
                    {tr_results(locale, |t| t.load_stop)}
                </button>
            </div>
        </Show>
        <Show when=move || loaded.view().state == LoadState::NeedsToken>
            <p class="note warning" id="load-needs-token">
                {tr_results(locale, |t| t.load_needs_token)} " "
                <button type="button" on:click=move |_| token.open_dialog()>
                    {tr_results(locale, |t| t.token_button)}
                </button>
            </p>
        </Show>
        <LoadOutcome />
        <IdsNotFound />
        <SliceProblems />
    }
}

#[component]
fn ProgressBar() -> impl IntoView {
    let loaded = expect_context::<Loaded>();
    let settings = expect_context::<Settings>();
    let locale = settings.locale_signal();
    // (done, of, whether the first answer is still arriving, the batch it counts, if one);
    // `of` is 0 while its `total` is unread (it may come after the records).
    let view = Memo::new(move |_| {
        let v = loaded.view();
        if let Some(ids) = v.ids.as_ref() {
            return (ids.searched as u64, ids.ids as u64, false, Some(ids.kind));
        }
        let receiving = v.state == LoadState::Receiving;
        let of = if receiving && v.counted == 0 {
            0
        } else {
            v.counted.max(v.loaded as u64)
        };
        (v.loaded as u64, of, receiving, None)
    });
    let text = move || {
        let (done, total, receiving, ids) = view.get();
        let locale = settings.locale();
        let (done_text, total_text) = (locale.count(done), locale.count(total));
        match (receiving, total) {
            _ if ids == Some(BatchKind::CallIds) => {
                results(locale).ids_searched(&done_text, &total_text)
            }
            _ if ids.is_some() => results(locale).nos_searched(&done_text, &total_text),
            (true, 0) => results(locale).received_so_far(&done_text),
            (true, _) => results(locale).received_of(&done_text, &total_text),
            (false, _) => results(locale).loaded_of(&done_text, &total_text),
        }
    };
    let percent = move || {
        let (done, total, _, _) = view.get();
        // Whole percent: formatting a float would cost this file about 10 KB of code.
        // No total read yet: an empty bar, the text says how many came.
        format!(
            "{}%",
            (done.saturating_mul(100) / total.max(1)).min(100) * u64::from(total > 0)
        )
    };
    view! {
        <div
            role="progressbar"
            id="load-bar"
            aria-label=move || {
                let t = results(locale.get());
                match view.get().3 {
                    Some(BatchKind::CallIds) => t.ids_label,
                    Some(BatchKind::CallerNos) => t.nos_label,
                    None => t.load_label,
                }
            }
            aria-valuemin="0"
            aria-valuemax=move || view.get().1.to_string()
            aria-valuenow=move || (view.get().1 > 0).then(|| view.get().0.to_string())
            aria-valuetext=text
        >
            // Through the CSSOM (`style.setProperty`), which the CSP allows; a `style`
            // attribute is an inline style it refuses.
            <div class="bar"><div class="fill" style:width=percent></div></div>
            <span class="bar-text">{text}</span>
        </div>
    }
}

/// "All … loaded" with its check, or why the set is partial.
#[component]
fn LoadOutcome() -> impl IntoView {
    let loaded = expect_context::<Loaded>();
    let settings = expect_context::<Settings>();
    move || {
        let v: LoadView = loaded.view();
        let locale = settings.locale();
        let t = results(locale);
        let n = |count: u64| locale.count(count);
        let (done, counted) = (v.loaded as u64, v.counted);
        if let Some(ids) = v.ids.as_ref() {
            let line = match v.state {
                LoadState::Settled if v.is_complete() => match ids.kind {
                    BatchKind::CallIds => t.ids_all_searched(&n(ids.ids as u64), &n(done)),
                    BatchKind::CallerNos => t.nos_all_searched(&n(ids.ids as u64), &n(done)),
                },
                LoadState::Settled | LoadState::Cancelled | LoadState::LimitReached => {
                    partial_text(&v, locale)
                }
                _ => return None,
            };
            let class = if v.is_complete() {
                "note success"
            } else {
                "note warning"
            };
            return Some(
                view! {
                    <div class=class id="load-outcome" role="status"><p>{line}</p></div>
                }
                .into_any(),
            );
        }
        let (class, lines) = match v.state {
            LoadState::Whole
            | LoadState::Capped
            | LoadState::Receiving
            | LoadState::Broken
            | LoadState::Loading
            | LoadState::NeedsToken => return None,
            LoadState::Cancelled => (
                "note warning",
                vec![t.load_cancelled(&n(done), &n(counted))],
            ),
            LoadState::LimitReached => {
                let max = settings.with_config_untracked(|c| u64::from(c.max_records));
                (
                    "note warning",
                    vec![t.load_limit(&n(max), &n(done), &n(counted))],
                )
            }
            LoadState::Settled if v.is_complete() => {
                let p = &v.progress;
                let proof = if p.edge_dropped == 0 {
                    t.load_proof(&n(p.whole as u64), &n(p.whole_total))
                } else {
                    t.load_proof_edge(&n(p.whole as u64), &n(p.whole_total), &n(p.edge_dropped))
                };
                let mut lines = vec![t.all_loaded(&n(done)), proof];
                if v.totals_moved() {
                    lines.push(t.totals_moved(&n(counted), &n(done)));
                }
                ("note success", lines)
            }
            LoadState::Settled => ("note warning", vec![t.partial_of(&n(done), &n(counted))]),
        };
        Some(
            view! {
                <div class=class id="load-outcome" role="status">
                    {lines.into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
                </div>
            }
            .into_any(),
        )
    }
}

/// "Partial: …" beside the summary, the export and the outcome: calls of the count, or for
/// a search of several Call IDs, the IDs answered.
pub fn partial_text(v: &LoadView, locale: Locale) -> String {
    let t = results(locale);
    let n = |count: u64| locale.count(count);
    match v.ids.as_ref() {
        Some(ids) if ids.kind == BatchKind::CallIds => {
            t.ids_partial(&n(ids.searched as u64), &n(ids.ids as u64))
        }
        // Every number searched, some capped: say that, not "3 of 3 searched".
        Some(ids) if ids.is_settled() && ids.failed.is_empty() && !ids.capped.is_empty() => {
            t.nos_capped_partial(&n(ids.capped.len() as u64))
        }
        Some(ids) => t.nos_partial(&n(ids.searched as u64), &n(ids.ids as u64)),
        None => t.partial_of(&n(v.loaded as u64), &n(v.counted)),
    }
}

/// The Call IDs of a batch whose answer held no call ("No calls for 2 Call IDs: …").
#[component]
fn IdsNotFound() -> impl IntoView {
    let loaded = expect_context::<Loaded>();
    let settings = expect_context::<Settings>();
    move || {
        let v = loaded.view();
        let ids = v.ids.as_ref()?;
        let empty = &ids.empty;
        if empty.is_empty() {
            return None;
        }
        let locale = settings.locale();
        let (count, list) = (locale.count(empty.len() as u64), empty.join(", "));
        let text = match ids.kind {
            BatchKind::CallIds => results(locale).ids_none_found(&count, &list),
            BatchKind::CallerNos => results(locale).nos_none_found(&count, &list),
        };
        Some(view! { <p class="note" id="ids-not-found">{text}</p> })
    }
}

/// Slices that failed (with *Retry*) or could not be narrowed enough.
#[component]
fn SliceProblems() -> impl IntoView {
    let loaded = expect_context::<Loaded>();
    let settings = expect_context::<Settings>();
    let locale = settings.locale_signal();
    move || {
        let v = loaded.view();
        let no_ids_failed = v
            .ids
            .as_ref()
            .is_none_or(|p| p.failed.is_empty() && p.capped.is_empty());
        if v.progress.failed.is_empty() && v.progress.narrowest.is_empty() && no_ids_failed {
            return None;
        }
        let locale_now = settings.locale();
        let t = results(locale_now);
        let zone = settings.display().zone.clone();
        let range = move |span: Span| {
            format!(
                "{} \u{2013} {}",
                format_ms(span.begin, &zone),
                format_ms(span.end, &zone)
            )
        };
        let failed = v
            .progress
            .failed
            .iter()
            .map(|(id, span, attempts)| {
                let id = *id;
                let reason = v
                    .failure(id)
                    .map(|f| f.message(locale_now))
                    .unwrap_or_default();
                failed_item(
                    t.slice_failed(&range(*span), attempts, &reason),
                    id,
                    loaded,
                    locale,
                )
            })
            .collect_view();
        let short = v
            .progress
            .narrowest
            .iter()
            .map(|(span, total, returned)| {
                let text = t.slice_short(
                    &range(*span),
                    &locale_now.count(*total),
                    &locale_now.count(*returned),
                );
                view! { <li class="slice-short">{text}</li> }
            })
            .collect_view();
        let ids_failed = v
            .ids
            .iter()
            .flat_map(|p| p.failed.iter())
            .map(|(id, call_id, attempts)| {
                let id = *id;
                let reason = v
                    .failure(id)
                    .map(|f| f.message(locale_now))
                    .unwrap_or_default();
                let text = match v.ids.as_ref().map(|p| p.kind) {
                    Some(BatchKind::CallerNos) => t.no_failed(call_id, attempts, &reason),
                    _ => t.id_failed(call_id, attempts, &reason),
                };
                failed_item(text, id, loaded, locale)
            })
            .collect_view();
        let capped = v
            .ids
            .iter()
            .flat_map(|p| p.capped.iter())
            .map(|(number, returned, total)| {
                let text = t.no_capped(
                    number,
                    &locale_now.count(*returned),
                    &locale_now.count(*total),
                );
                view! { <li class="item-capped">{text}</li> }
            })
            .collect_view();
        Some(view! {
            <ul class="slice-problems" id="slice-problems">{failed}{ids_failed}{short}{capped}</ul>
        })
    }
}

/// One request that failed after its retries (a time slice or a Call ID): why, and *Retry*.
fn failed_item(text: String, id: SliceId, loaded: Loaded, locale: Memo<Locale>) -> impl IntoView {
    view! {
        <li class="slice-failed">
            <span>{text}</span> " "
            <button type="button" class="slice-retry" on:click=move |_| loaded.retry(id)>
                {tr_results(locale, |t| t.retry)}
            </button>
        </li>
    }
}
