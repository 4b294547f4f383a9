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
    let p = s.page();
    p.wait_for_form().await;
    p.fill_range("2026-11-27T08:00", "2026-11-27T18:00").await;
    shot(&s, &out, "form").await;

    p.search().await;
    p.wait_for_rows().await;
    shot(&s, &out, "results").await;

    p.open_detail(1).await;
    shot(&s, &out, "detail").await;
    s.click("aside.detail header button").await;

    p.show_summary().await;
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
