//! The end-to-end harness: the release `dist/` and the simulator in one in-process server,
//! a WebDriver of its own, and a headless browser driven through it (fantoccini).
//!
//! Each [`Session`] is independent (own simulator, own copy of the site, own browser), so
//! tests run in parallel. The parts, one concern each:
//!
//! - [`browser`]: which engine ([`Engine`], from `CDR_BROWSER`), its WebDriver, and a
//!   session on it, started with retries.
//! - [`site`]: temporary copies of a build ([`TempSite`], on `tempfile`).
//! - [`servers`]: the simulator ([`Simulator`]) and a plain static file server
//!   ([`StaticServer`], tower-http's `ServeDir`).
//! - [`session`]: [`Session`] and [`Setup`], a browser on the app plus generic WebDriver
//!   helpers (scripts, waits, typing, clicks).
//! - [`page`]: [`ExplorerPage`], the page object: the app's selectors, written once, and
//!   what a user does with them.
//! - [`flows`]: user flows shared by suites that run against different back ends.
//!
//! nginx, for the deployment tests, is started by `tests/deploy.rs` itself.

pub mod browser;
pub mod flows;
pub mod page;
pub mod servers;
pub mod session;
pub mod site;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use browser::{Browser, Engine};
pub use page::ExplorerPage;
pub use servers::{Simulator, StaticServer};
pub use session::{Session, Setup};
pub use site::TempSite;

/// The token the tests configure in the simulator.
pub const TEST_TOKEN: &str = "e2e-test-token";

/// How long to wait for the page to reach a state.
pub const WAIT: Duration = Duration::from_secs(15);

/// Where the release build is: `CDR_DIST`, else the workspace's `dist/`.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("CDR_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_dir().join("dist"))
}

/// Where the demo build is: `CDR_DEMO_DIST`, else the workspace's `dist-demo/`
/// (`scripts/build-demo`).
pub fn demo_dist_dir() -> PathBuf {
    std::env::var_os("CDR_DEMO_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_dir().join("dist-demo"))
}

/// The workspace's root folder (for `bench/`, `deploy/`, `.tools/`).
pub fn repo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A free loopback port (for servers the tests start: nginx, WebDrivers). Another process
/// can take it before the caller binds it: callers that start a server retry on a new one.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// axe-core's browser build, installed by `scripts/bootstrap` into
/// `.tools/node_modules/axe-core/` (`npm install --prefix .tools axe-core`).
pub fn axe_source() -> String {
    let path = repo_dir().join(".tools/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is missing ({}: {e}): run scripts/bootstrap (it runs `npm install --prefix .tools axe-core`)",
            path.display()
        )
    })
}
