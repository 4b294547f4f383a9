//! Temporary folders for what the tests serve: a copy of a build (with the test's own
//! `config.json`), an nginx prefix, a host page's site. On `tempfile`: each folder is
//! removed when its [`TempSite`] is dropped.

use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

/// A temporary folder, removed on drop.
pub struct TempSite(TempDir);

impl TempSite {
    /// A copy of the build at `source` (every file and subfolder).
    ///
    /// Panics when `source` has no `index.html` (no build there), naming the command that
    /// makes one, or when the copy fails.
    pub fn copy_of(source: &Path) -> TempSite {
        assert!(
            source.join("index.html").is_file(),
            "no release build at {} (run `trunk build --release` or scripts/test)",
            source.display()
        );
        let site = TempSite::empty();
        copy_dir(source, site.path());
        site
    }

    /// An empty temporary folder.
    pub fn empty() -> TempSite {
        let dir = tempfile::Builder::new()
            .prefix("cdr-e2e-")
            .tempdir()
            .expect("create a temporary folder");
        TempSite(dir)
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// Writes (or replaces) the site's `config.json`.
    pub fn write_config(&self, config: &Value) {
        std::fs::write(self.path().join("config.json"), config.to_string())
            .expect("write config.json");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder of the copy");
    for entry in std::fs::read_dir(from).expect("read the build") {
        let entry = entry.expect("an entry of the build");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy a file of the build");
        }
    }
}
