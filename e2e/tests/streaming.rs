//! End-to-end: an answer is read as it arrives (issue #17). Its first rows show while the
//! rest is still on the way, the status line and the progress bar say how many have come,
//! and a body that breaks off keeps the rows that came, marked partial, with the reason.

use cdr_e2e::page::{css, first_count, js};
use cdr_e2e::{Session, Setup};
use serde_json::json;

/// The simulator's November calls (about 1,500) in one answer, sent in 10 pieces 600 ms apart.
fn trickled() -> Setup {
    Setup::default().sim(&["--trickle-ms", "600"])
}

async fn search_november(s: &Session) {
    let p = s.page();
    p.wait_for_app().await;
    p.fill_range("2026-11-01T00:00", "2026-12-01T00:00").await;
    p.search().await;
}

/// Searches November and waits for a full first page while the search is still in flight.
async fn first_page_while_arriving(s: &Session) {
    search_november(s).await;
    s.wait_until(
        "rows while the answer arrives",
        &format!("{} === 20 && {}", js::ROW_COUNT, js::BUSY),
    )
    .await;
}

/// The progress bar's text while the rest arrives ("407 of 1,440 calls received").
async fn bar_text(s: &Session) -> String {
    let bar = s
        .wait_until(
            "the progress bar",
            &format!(
                "document.querySelector({0}) && document.querySelector({0}).textContent",
                json!(css::LOAD_BAR)
            ),
        )
        .await;
    bar.as_str().unwrap_or_default().to_string()
}

/// The answer's `total` as the progress bar gives it.
async fn total_on_the_bar(s: &Session) -> u64 {
    first_count(bar_text(s).await.split(" of ").nth(1).unwrap_or_default())
}

#[tokio::test]
async fn rows_show_while_the_answer_arrives() {
    let s = Session::start(trickled()).await;
    let p = s.page();
    // Rows on screen while the search is still in flight, and the bar says how many came.
    first_page_while_arriving(&s).await;
    let bar = bar_text(&s).await;
    assert!(bar.contains("calls received"), "{bar}");
    // "407 of 1,440 calls received": the simulator sends `total` first.
    let received = first_count(&bar);
    let total = first_count(bar.split(" of ").nth(1).unwrap_or_default());
    assert!(received >= 20 && received < total, "{bar}");
    let status = p.status().await;
    assert!(status.starts_with("Searching"), "{status}");
    assert!(status.contains("Showing 1\u{2013}20 of "), "{status}");

    // Then the whole answer: every call, nothing partial, the bar gone.
    p.wait_for_rows().await;
    let status = p.status().await;
    assert_eq!(
        first_count(status.rsplit(" of ").next().unwrap_or_default()),
        total,
        "{status}"
    );
    assert!(p.is_absent(css::LOAD_BAR).await);
    assert!(p.is_absent(css::EXPORT_PARTIAL).await);
    assert_eq!(p.alert().await, "");
    s.close().await;
}

#[tokio::test]
async fn sorting_before_the_end_covers_what_came_then_everything() {
    let s = Session::start(trickled()).await;
    let p = s.page();
    first_page_while_arriving(&s).await;
    let total = total_on_the_bar(&s).await;
    p.sort_by("begin", "ascending").await;
    p.sort_by("begin", "descending").await;
    let early = p.column("begin").await;
    assert!(early.windows(2).all(|w| w[0] >= w[1]), "{early:?}");
    // Once all is in, the latest call of the month heads the sorted table.
    p.wait_for_rows().await;
    s.wait_until("the load's end", js::IDLE).await;
    let status = p.status().await;
    assert_eq!(
        first_count(status.rsplit(" of ").next().unwrap_or_default()),
        total,
        "the sorted table redrawn with every call: {status}"
    );
    let late = p.column("begin").await;
    assert!(late.windows(2).all(|w| w[0] >= w[1]), "{late:?}");
    // The simulator sends calls in Begin order: the later ones came after the sort.
    assert!(late[0] > early[0], "{late:?} after {early:?}");
    s.close().await;
}

#[tokio::test]
async fn a_body_cut_by_the_timeout_keeps_the_rows_that_came() {
    // Pieces at 0, 0.6, 1.2 … s; the timeout at 3 s stops the read about half way.
    let s = Session::start(trickled().config("requestTimeoutSeconds", json!(3))).await;
    let p = s.page();
    search_november(&s).await;
    let alert = p.wait_for_alert("the timeout").await;
    assert!(alert.contains("No answer after 3 seconds"), "{alert}");
    assert!(alert.contains("broke off after "), "{alert}");
    let came = first_count(alert.split("broke off after ").nth(1).unwrap_or_default());
    assert!(came > 20 && came < 1400, "{alert}");
    assert_eq!(p.row_count().await, 20);
    let status = p.status().await;
    assert_eq!(
        first_count(status.rsplit(" of ").next().unwrap_or_default()),
        came,
        "{status}"
    );
    // The export says it holds part of the answer, and holds exactly what came.
    let csv = p.exported_csv().await;
    let rows = csv.lines().skip(1).filter(|l| !l.is_empty()).count() as u64;
    assert!(rows >= came, "{rows} rows for {came} calls");
    assert!(!p.is_absent(css::EXPORT_PARTIAL).await);
    s.close().await;
}

#[tokio::test]
async fn cancel_while_the_answer_arrives_keeps_what_came() {
    let s = Session::start(trickled()).await;
    let p = s.page();
    first_page_while_arriving(&s).await;
    p.cancel().await;
    let outcome = p.wait_for_load_outcome().await;
    assert!(outcome.starts_with("Loading stopped"), "{outcome}");
    assert_eq!(p.row_count().await, 20);
    assert!(!p.is_busy().await);
    s.close().await;
}

#[tokio::test]
async fn the_status_line_and_the_progress_bar_count_the_same_calls_as_they_arrive() {
    let s = Session::start(trickled()).await;
    // Sampled at every frame until the answer is in: the status line's count ("… of N")
    // and the progress bar's value, whenever both show.
    s.js(&format!(
        "window.__pairs = [];
         window.__seenBar = false;
         const tick = () => {{
             const bar = document.querySelector({bar});
             const status = {status};
             if (bar && bar.getAttribute('aria-valuenow') && status.includes(' of ')) {{
                 window.__seenBar = true;
                 const count = Number(status.split(' of ').pop().replace(/[^0-9]/g, ''));
                 window.__pairs.push([count, Number(bar.getAttribute('aria-valuenow'))]);
             }}
             if (!(window.__seenBar && !bar)) requestAnimationFrame(tick);
         }};
         requestAnimationFrame(tick);",
        bar = json!(css::LOAD_BAR),
        status = js::STATUS,
    ))
    .await;
    search_november(&s).await;
    s.wait_until(
        "the answer in",
        "window.__seenBar && !document.querySelector('#load-bar')",
    )
    .await;
    let pairs = s.js("return window.__pairs;").await;
    let pairs = pairs.as_array().cloned().unwrap_or_default();
    let counts: std::collections::BTreeSet<u64> =
        pairs.iter().filter_map(|p| p[0].as_u64()).collect();
    // Several pieces were seen arriving, so the two had the chance to differ.
    assert!(counts.len() >= 3, "{pairs:?}");
    let apart: Vec<_> = pairs.iter().filter(|p| p[0] != p[1]).collect();
    assert!(
        apart.is_empty(),
        "status line and progress bar apart: {apart:?}"
    );
    s.close().await;
}
