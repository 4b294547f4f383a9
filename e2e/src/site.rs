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

impl TempSite {
    /// Makes each of `scripts` run before the page's own scripts in every HTML page at the
    /// site's top level (`index.html`, a host page beside it): each goes into a file of its
    /// own (`e2e-init-N.js`, wrapped in a function as WebDriver BiDi's preload scripts are,
    /// so two may declare the same names), loaded by a classic `<script src>` put before the
    /// page's first `<script`. Same-origin files, so a policy of `script-src 'self'` lets
    /// them run. For engines whose driver cannot add scripts to new documents itself
    /// (WebKit: [`crate::Engine::has_init_scripts`]).
    ///
    /// Removes the pages' `.gz` and `.br` copies: a server that sends precompressed files
    /// would send the pages without the scripts. Panics when a file cannot be written.
    pub fn add_init_scripts(&self, scripts: &[&str]) {
        let mut tags = String::new();
        for source in scripts {
            let taken = (0..)
                .find(|n| !self.path().join(format!("e2e-init-{n}.js")).exists())
                .unwrap_or_default();
            let name = format!("e2e-init-{taken}.js");
            std::fs::write(
                self.path().join(&name),
                format!("(() => {{\n{source}\n}})();\n"),
            )
            .expect("write an init script");
            tags.push_str(&format!("<script src=\"/{name}\"></script>"));
        }
        let pages = std::fs::read_dir(self.path())
            .expect("read the site's folder")
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "html"));
        for page in pages {
            let mut html = std::fs::read_to_string(&page).expect("read a page of the site");
            let at = html
                .find("<script")
                .or_else(|| html.find("</head>"))
                .unwrap_or(html.len());
            html.insert_str(at, &tags);
            std::fs::write(&page, html).expect("write a page of the site");
            for compressed in ["gz", "br"] {
                let mut name = page.clone().into_os_string();
                name.push(format!(".{compressed}"));
                let _ = std::fs::remove_file(name);
            }
        }
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
