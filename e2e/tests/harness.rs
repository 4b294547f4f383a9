//! End-to-end harness: a browser the tests kill leaves nothing in the machine's temporary
//! folder. Killed browsers never delete their profiles (up to ~100 MB each); thousands of
//! them from test runs once filled the disk CI runs on, and a run failed for want of space.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cdr_e2e::browser::{Browser, Engine};

/// What the browsers and their drivers name the folders they leave behind when killed:
/// ChromeDriver's profiles (`scoped_dir*`), Chromium's own (`org.chromium.Chromium.*`),
/// geckodriver's Firefox profiles (`rust_mozprofile*`), WebKit's (`WebKit*`, `webkit*`).
const BROWSER_LEFTOVERS: [&str; 5] = [
    "scoped_dir",
    "org.chromium.",
    ".org.chromium.",
    "rust_mozprofile",
    "webkit",
];

/// The entries of `folder` whose names start as a browser's leftovers do.
fn browser_leftovers(folder: &Path) -> BTreeSet<PathBuf> {
    std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| {
            let name = entry.file_name().to_string_lossy().to_lowercase();
            BROWSER_LEFTOVERS
                .iter()
                .any(|prefix| name.starts_with(prefix))
        })
        .map(|entry| entry.path())
        .collect()
}

#[tokio::test]
async fn a_killed_browser_leaves_nothing_in_the_temporary_folder() {
    let engine = Engine::from_env();
    let system_temp = std::env::temp_dir();
    let before = browser_leftovers(&system_temp);

    let browser = Browser::start(engine, &[]).await;
    browser
        .client
        .goto("about:blank")
        .await
        .unwrap_or_else(|e| panic!("open a page: {e}"));
    let own = browser
        .driver
        .temp_dir()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| panic!("the driver got no temporary folder of its own"));
    assert!(own.is_dir(), "{} is not a folder", own.display());
    // Killed without ending its session, as a failing test's browser is.
    drop(browser);

    assert!(
        !own.exists(),
        "the browser's temporary folder {} is still there",
        own.display()
    );
    let left: Vec<_> = browser_leftovers(&system_temp)
        .difference(&before)
        .cloned()
        .collect();
    assert!(
        left.is_empty(),
        "a {engine} session left in {}: {left:?}",
        system_temp.display()
    );
}
