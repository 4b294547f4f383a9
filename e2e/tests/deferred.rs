//! End-to-end: the deferred chunk (src/deferred.rs). When the second wasm file cannot be
//! loaded, the form still works, one alert where results appear says so with a "Try again"
//! button, a search waits for it, and once the file is reachable again that button brings
//! every deferred part back: the waiting search runs and shows its rows, the form as typed,
//! and the saved searches with that search among the recent ones.

use std::path::Path;

use cdr_e2e::page::css;
use cdr_e2e::{dist_dir, Session, Setup};
use serde_json::json;

/// A Call ID the seed example has.
const CALL_ID: &str = "1669464198-17002955";

/// The one alert: in the results section, where a search's outcome appears.
const ALERT: &str = "section.results .deferred-failed";

/// The deferred chunk's file name in a split release build: `split_results-<16 hex>.wasm`.
fn chunk_name(dist: &Path) -> String {
    std::fs::read_dir(dist)
        .expect("read dist")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .find(|name| name.starts_with("split_results-") && name.ends_with(".wasm"))
        .unwrap_or_else(|| {
            panic!(
                "no split_results-*.wasm in {}: not a split release build (trunk build --release)",
                dist.display()
            )
        })
}

#[tokio::test]
async fn missing_chunk_shows_an_alert_and_try_again_recovers_keeping_the_form() {
    let chunk = chunk_name(&dist_dir());
    // The .gz too: the simulator does not serve it, but nginx's gzip_static would.
    let files = [chunk.clone(), format!("{chunk}.gz")];
    let mut held = Vec::new();
    // Taken away before the first load, so no cached copy can hide the failure.
    let setup = Setup::default().sim(&["--scenario", "seed-example"]);
    let s = Session::start_with(setup, |site| {
        for name in &files {
            let path = site.join(name);
            held.push((name.clone(), std::fs::read(&path).expect("read the chunk")));
            std::fs::remove_file(&path).expect("remove the chunk");
        }
    })
    .await;

    let alert = s.wait_for(ALERT).await;
    assert_eq!(
        alert.attr("role").await.expect("role").as_deref(),
        Some("alert")
    );
    assert!(
        s.text_of(ALERT)
            .await
            .contains("Part of the page could not be loaded"),
        "page text:\n{}",
        s.page_text().await
    );
    assert_eq!(s.text_of(&format!("{ALERT} button")).await, "Try again");
    assert_eq!(
        s.js("return document.querySelectorAll('.deferred-failed').length;")
            .await,
        json!(1),
        "one alert, not one per deferred part"
    );
    assert_eq!(
        s.js("return document.querySelector('#saved-searches') === null;")
            .await,
        json!(true),
        "the saved searches panel without its code"
    );

    // A search saved in this browser earlier must survive what follows.
    s.js(r#"localStorage.setItem('cdr-explorer.searches',
            '{"named":[{"name":"Kept","params":"vdn=9"}],"recent":[]}');"#)
        .await;
    s.client.refresh().await.expect("reload");
    s.wait_for(ALERT).await;

    // The form is in the first-load wasm; reading the answer is the result views' work: a
    // search waits for their code (searching, not failed, the form kept).
    let p = s.page();
    p.fill_call_id(CALL_ID).await;
    p.search().await;
    p.wait_for_status("the search to wait for the views", "Searching")
        .await;

    // The file is back (a deployment finished, the network returned): Try again loads it.
    let site = s.site().expect("a session on a copy of dist");
    for (name, bytes) in &held {
        std::fs::write(site.join(name), bytes).expect("put the chunk back");
    }
    s.click(&format!("{ALERT} button")).await;
    s.wait_for(css::SAVED_SEARCHES).await;
    assert_eq!(
        s.js(&format!(
            "return document.querySelector({}) === null;",
            json!(ALERT)
        ))
        .await,
        json!(true),
        "the alert went with the failure"
    );
    assert_eq!(
        p.call_id().await,
        json!(CALL_ID),
        "the form lost the Call ID"
    );
    // The result views came with the same file and run the search that waited for them;
    // it is among the recent ones, beside the kept saved search.
    p.wait_for_rows().await;
    assert_eq!(p.column("callId").await[0], CALL_ID);
    let saved = s.text_of(css::SAVED_SEARCHES).await;
    assert!(saved.contains("Kept"), "the saved search was lost: {saved}");
    assert!(
        saved.contains(CALL_ID),
        "the search is not among the recent: {saved}"
    );
    s.close().await;
}

/// The first wasm file (`cdr-explorer-<hash>_bg.wasm`) of a release build.
fn main_wasm_name(dist: &Path) -> String {
    std::fs::read_dir(dist)
        .expect("read dist")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .find(|name| name.starts_with("cdr-explorer-") && name.ends_with("_bg.wasm"))
        .unwrap_or_else(|| panic!("no cdr-explorer-*_bg.wasm in {}", dist.display()))
}

#[tokio::test]
async fn a_page_that_cannot_start_says_why_instead_of_staying_blank() {
    // What a browser without Wasm SIMD meets: the first wasm file does not compile.
    let wasm = main_wasm_name(&dist_dir());
    let s = Session::open_with(Setup::default(), |site| {
        for name in [wasm.clone(), format!("{wasm}.gz")] {
            let path = site.join(&name);
            if path.exists() {
                std::fs::write(&path, b"not a wasm module").expect("spoil the wasm");
            }
        }
    })
    .await;
    let note = s.wait_for("#start-failed").await;
    assert_eq!(
        note.attr("role").await.expect("role").as_deref(),
        Some("alert")
    );
    let text = s.text_of("#start-failed").await;
    assert!(
        text.contains("could not start in this browser") && text.contains("Safari 16.4"),
        "{text}"
    );
    s.close().await;
}
