//! Takes the README's screenshots from the release build against the simulator:
//! `scripts/screenshots` (or `cargo run -p cdr-e2e --example screenshots -- OUT_DIR`).

use std::path::{Path, PathBuf};

use cdr_e2e::{Session, Setup};
use serde_json::json;

#[tokio::main]
async fn main() {
    let out = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("docs/screenshots"));
    std::fs::create_dir_all(&out).expect("create the output folder");
    let setup = Setup::default().config(
        "evaluationLabels",
        json!({"1": "Very dissatisfied", "2": "Dissatisfied", "3": "Neutral", "4": "Satisfied", "5": "Very satisfied"}),
    );
    let s = Session::start(setup).await;
    s.wait_for("form.query").await;
    s.set_value("#begin", "2026-11-27T08:00").await;
    s.set_value("#end", "2026-11-27T18:00").await;
    shot(&s, &out, "form").await;

    s.click("form.query button[type=submit]").await;
    s.wait_until(
        "rows",
        "document.querySelectorAll('tbody tr').length > 0 && !document.querySelector('section.results[aria-busy]')",
    )
    .await;
    shot(&s, &out, "results").await;

    s.click("tbody tr:nth-child(2)").await;
    s.wait_for("aside.detail").await;
    shot(&s, &out, "detail").await;
    s.click("aside.detail header button").await;

    s.click(".view-switch button:last-child").await;
    s.wait_for("#summary svg").await;
    shot(&s, &out, "summary").await;
    s.close().await;
}

async fn shot(s: &Session, out: &Path, name: &str) {
    let png = s.client.screenshot().await.expect("screenshot");
    let path = out.join(format!("{name}.png"));
    std::fs::write(&path, png).expect("write the screenshot");
    println!("wrote {}", path.display());
}
