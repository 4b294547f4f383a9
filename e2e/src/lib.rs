//! The end-to-end harness: the release `dist/` and the simulator in one in-process server,
//! a ChromeDriver of its own, and headless Chromium driven through WebDriver.
//!
//! Each [`Session`] is independent (own simulator, own browser), so tests run in parallel.

pub mod flows;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use tokio::process::{Child, Command};

/// The token the tests configure in the simulator.
pub const TEST_TOKEN: &str = "e2e-test-token";

/// How long to wait for the page to reach a state.
pub const WAIT: Duration = Duration::from_secs(15);

/// A running simulator with the app, and a browser pointed at it.
pub struct Session {
    pub client: Client,
    /// The app's URL (ends with `/`).
    pub url: String,
    pub sim_addr: SocketAddr,
    _driver: Child,
    site: Option<tempdir::TempSite>,
}

/// What a test wants: simulator flags and the app's `config.json`.
pub struct Setup {
    pub sim_args: Vec<String>,
    pub config: Value,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            sim_args: vec![
                "--token".into(),
                TEST_TOKEN.into(),
                "--records".into(),
                "3000".into(),
                "--quiet".into(),
            ],
            config: json!({ "token": TEST_TOKEN, "timeZone": "UTC", "subCcNo": "1", "vdn": "1" }),
        }
    }
}

impl Setup {
    /// Adds simulator flags.
    pub fn sim(mut self, args: &[&str]) -> Self {
        self.sim_args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    /// Sets or replaces one key of `config.json`; `Value::Null` removes it.
    pub fn config(mut self, key: &str, value: Value) -> Self {
        if let Some(map) = self.config.as_object_mut() {
            if value.is_null() {
                map.remove(key);
            } else {
                map.insert(key.to_string(), value);
            }
        }
        self
    }
}

/// Where the release build is: `CDR_DIST`, else the workspace's `dist/`.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("CDR_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist"))
}

impl Session {
    /// Starts the simulator serving a copy of `dist/` with the test's `config.json`, a
    /// ChromeDriver, and a headless browser session on the app's page.
    pub async fn start(setup: Setup) -> Session {
        Session::start_with(setup, |_| {}).await
    }

    /// [`Session::start`], with `prepare` run on the site's folder before the browser opens
    /// it (e.g. to take away a file the page fetches on load, which a reload could serve from
    /// the browser's cache instead). [`Session::site`] gives the folder afterwards.
    pub async fn start_with(setup: Setup, prepare: impl FnOnce(&Path)) -> Session {
        let site = tempdir::TempSite::copy_of(&dist_dir());
        std::fs::write(site.path().join("config.json"), setup.config.to_string())
            .expect("write config.json");
        prepare(site.path());

        let mut args = vec![
            "cdr-sim".to_string(),
            "--listen".into(),
            "127.0.0.1:0".into(),
        ];
        args.push("--dist".into());
        args.push(site.path().display().to_string());
        args.extend(setup.sim_args);
        let config = <cdr_sim::config::SimConfig as clap::Parser>::parse_from(args);
        let (sim_addr, _handle) = cdr_sim::server::spawn(config)
            .await
            .expect("start the simulator");

        let (client, driver) = start_browser(&[]).await;
        let url = format!("http://{sim_addr}/");
        client.goto(&url).await.expect("open the app");
        Session {
            client,
            url,
            sim_addr,
            _driver: driver,
            site: Some(site),
        }
    }

    /// The folder the simulator serves the app from, for a session [`Session::start`]ed with
    /// a copy of `dist/`; files changed there are what the next request gets.
    pub fn site(&self) -> Option<&Path> {
        self.site.as_ref().map(tempdir::TempSite::path)
    }

    /// A browser session on any URL (the app behind nginx, a host page that frames it), for a
    /// simulator the test started itself. Each of `init_scripts` runs in every new document
    /// before the page's own scripts (DevTools' `Page.addScriptToEvaluateOnNewDocument`), e.g.
    /// to record CSP violations from the very start.
    pub async fn open(url: &str, sim_addr: SocketAddr, init_scripts: &[&str]) -> Session {
        let (client, driver) = start_browser(&[]).await;
        for script in init_scripts {
            client
                .issue_cmd(Cdp {
                    cmd: "Page.addScriptToEvaluateOnNewDocument",
                    params: json!({ "source": script }),
                })
                .await
                .expect("add an init script through DevTools");
        }
        client.goto(url).await.expect("open the page");
        Session {
            client,
            url: url.to_string(),
            sim_addr,
            _driver: driver,
            site: None,
        }
    }

    /// Runs `source` in every new document before the page's own scripts (DevTools'
    /// `Page.addScriptToEvaluateOnNewDocument`), then reloads the app so it applies from
    /// the start (e.g. to wrap `console` before the app logs anything).
    pub async fn reload_with_init_script(&self, source: &str) {
        self.client
            .issue_cmd(Cdp {
                cmd: "Page.addScriptToEvaluateOnNewDocument",
                params: json!({ "source": source }),
            })
            .await
            .expect("add an init script through DevTools");
        self.client.goto(&self.url).await.expect("reload the app");
    }

    /// Injects axe-core (see [`axe_source`]) and runs it on the whole page; returns the
    /// violations as `"rule-id: help (selector, ...)"` lines, empty when there are none.
    pub async fn axe_violations(&self) -> Vec<String> {
        let loaded = self
            .js("return typeof window.axe === 'object';")
            .await
            .as_bool()
            .unwrap_or(false);
        if !loaded {
            self.client
                .execute(&axe_source(), vec![])
                .await
                .expect("inject axe-core");
        }
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                    .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' (' +
                        v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ') + ')')))
                    .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .expect("run axe-core");
        match result {
            Value::Array(items) => items
                .into_iter()
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .collect(),
            other => vec![format!("unexpected axe result {other}")],
        }
    }

    /// Waits for an element, failing the test with the page's text when it never comes.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        match self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => element,
            Err(e) => panic!(
                "no element {css} after {WAIT:?}: {e}\npage text:\n{}",
                self.page_text().await
            ),
        }
    }

    /// Waits until `probe` (a JS expression) is truthy; returns its value.
    pub async fn wait_until(&self, what: &str, probe: &str) -> Value {
        let started = Instant::now();
        let script = format!("return ({probe});");
        loop {
            let value = self
                .client
                .execute(&script, vec![])
                .await
                .unwrap_or(Value::Null);
            let truthy = match &value {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return value;
            }
            if started.elapsed() > WAIT {
                panic!(
                    "timed out waiting for {what} ({probe})\npage text:\n{}",
                    self.page_text().await
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Runs a script and returns its value.
    pub async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Replaces an input's value the way typing does.
    pub async fn fill(&self, css: &str, value: &str) {
        let element = self.wait_for(css).await;
        element.clear().await.expect("clear");
        if !value.is_empty() {
            element.send_keys(value).await.expect("type");
        }
    }

    /// Sets an input's value directly and fires `input` (for datetime-local, whose typing
    /// depends on the browser's locale).
    pub async fn set_value(&self, css: &str, value: &str) {
        self.wait_for(css).await;
        let script = format!(
            "const e = document.querySelector({css}); e.value = {value}; \
             e.dispatchEvent(new Event('input', {{bubbles: true}})); \
             e.dispatchEvent(new Event('change', {{bubbles: true}}));",
            css = json!(css),
            value = json!(value)
        );
        self.js(&script).await;
    }

    /// Clicks an element.
    pub async fn click(&self, css: &str) {
        self.wait_for(css).await.click().await.expect("click");
    }

    /// The text of every cell of one column on the current page.
    pub async fn column(&self, key: &str) -> Vec<String> {
        let script = format!(
            "return [...document.querySelectorAll('tbody td[data-column=\"{key}\"]')].map(td => td.textContent);"
        );
        match self.js(&script).await {
            Value::Array(items) => items
                .into_iter()
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The number of rows on the current page.
    pub async fn row_count(&self) -> usize {
        self.js("return document.querySelectorAll('tbody tr').length;")
            .await
            .as_u64()
            .unwrap_or(0) as usize
    }

    /// The text of an element, or "" when absent.
    pub async fn text_of(&self, css: &str) -> String {
        let script = format!(
            "const e = document.querySelector({}); return e ? e.textContent : '';",
            json!(css)
        );
        self.js(&script)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Everything the page shows, for failure messages.
    pub async fn page_text(&self) -> String {
        self.client
            .execute(
                "return document.body ? document.body.innerText : '';",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Ends the browser session.
    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// Starts ChromeDriver on a free port and waits until it answers. `None` when it exits or
/// never listens: the port can be taken by another test's server between `free_port` and
/// ChromeDriver's bind, so the caller retries on a new port.
async fn start_chromedriver() -> Option<(Child, u16)> {
    let port = free_port();
    let driver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    let mut child = Command::new(&driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {driver}: {e} (run scripts/bootstrap)"));
    let started = Instant::now();
    loop {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return None;
        }
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Some((child, port));
        }
        if started.elapsed() > Duration::from_secs(20) {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Starts a ChromeDriver of its own and a headless Chromium session with the harness' flags
/// plus `extra_args` (the benchmark adds memory flags). The driver stops when the returned
/// `Child` is dropped. A driver or browser that fails to start is retried twice on a fresh
/// port, so one lost port race does not fail a test that never reached the app.
pub async fn start_browser(extra_args: &[&str]) -> (Client, Child) {
    let mut last_error = String::from("chromedriver never listened");
    for _attempt in 0..3 {
        let Some((driver, port)) = start_chromedriver().await else {
            continue;
        };
        match connect_with(port, extra_args).await {
            Ok(client) => return (client, driver),
            Err(e) => last_error = e.to_string(),
        }
    }
    panic!("no browser session after 3 attempts: {last_error}");
}

async fn connect_with(
    port: u16,
    extra_args: &[&str],
) -> Result<Client, fantoccini::error::NewSessionError> {
    let chromium = std::env::var("CDR_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let mut args = vec![
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
    ];
    args.extend_from_slice(extra_args);
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({ "binary": chromium, "args": args }),
    );
    ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
}

/// A DevTools command through ChromeDriver's `goog/cdp/execute` endpoint.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// axe-core's browser build, installed by `scripts/bootstrap` into
/// `.tools/node_modules/axe-core/` (`npm install --prefix .tools axe-core`).
pub fn axe_source() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is missing ({}: {e}): run scripts/bootstrap (it runs `npm install --prefix .tools axe-core`)",
            path.display()
        )
    })
}

/// A free loopback port (for servers the tests start: nginx, chromedriver).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

pub use tempdir::TempSite;

/// A temporary copy of the site, removed on drop.
mod tempdir {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub struct TempSite(PathBuf);

    static COUNTER: AtomicUsize = AtomicUsize::new(0);

    impl TempSite {
        pub fn copy_of(source: &Path) -> TempSite {
            assert!(
                source.join("index.html").is_file(),
                "no release build at {} (run `trunk build --release` or scripts/test)",
                source.display()
            );
            let dir = std::env::temp_dir().join(format!(
                "cdr-e2e-{}-{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            ));
            copy_dir(source, &dir);
            TempSite(dir)
        }

        /// An empty temporary folder (an nginx prefix, a host page's site).
        pub fn empty() -> TempSite {
            let dir = std::env::temp_dir().join(format!(
                "cdr-e2e-{}-{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            ));
            std::fs::create_dir_all(&dir).expect("create a temporary folder");
            TempSite(dir)
        }

        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("create site dir");
        for entry in std::fs::read_dir(from).expect("read dist") {
            let entry = entry.expect("dist entry");
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).expect("copy dist file");
            }
        }
    }

    impl Drop for TempSite {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// Where the demo build is: `CDR_DEMO_DIST`, else the workspace's `dist-demo/`
/// (`scripts/build-demo`).
pub fn demo_dist_dir() -> PathBuf {
    std::env::var_os("CDR_DEMO_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist-demo"))
}

/// A plain static file server on loopback, as any web host is: `GET`/`HEAD` of files under
/// one folder (`/` gives `index.html`), a content type from the extension, 404 for anything
/// missing, 405 for other methods. No API, no proxy. Stops when dropped.
pub struct StaticServer {
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl StaticServer {
    /// Serves `root` on a free loopback port.
    pub async fn start(root: &Path) -> StaticServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let root = root.to_path_buf();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(static_file::serve(stream, root.clone()));
            }
        });
        StaticServer { addr, task }
    }

    /// The site's URL (ends with `/`).
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

mod static_file {
    use std::path::{Component, Path, PathBuf};

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    /// One request per connection, then close.
    pub async fn serve(mut stream: TcpStream, root: PathBuf) {
        let mut head = Vec::new();
        let mut buf = [0u8; 4096];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
        let head = String::from_utf8_lossy(&head);
        let mut words = head.split_whitespace();
        let method = words.next().unwrap_or_default().to_string();
        let target = words.next().unwrap_or("/");
        let path = target.split(['?', '#']).next().unwrap_or("/");
        let (status, content_type, body) = if method != "GET" && method != "HEAD" {
            (
                "405 Method Not Allowed",
                "text/plain",
                b"405 Method Not Allowed\n".to_vec(),
            )
        } else {
            match file_for(&root, path).and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
                Some((file, bytes)) => ("200 OK", content_type(&file), bytes),
                None => ("404 Not Found", "text/plain", b"404 Not Found\n".to_vec()),
            }
        };
        let mut response = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
             Cache-Control: no-cache\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        if method != "HEAD" {
            response.extend_from_slice(&body);
        }
        let _ = stream.write_all(&response).await;
        let _ = stream.shutdown().await;
    }

    fn file_for(root: &Path, path: &str) -> Option<PathBuf> {
        let relative = Path::new(path.trim_start_matches('/'));
        if relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return None;
        }
        let file = root.join(relative);
        let file = if file.is_dir() {
            file.join("index.html")
        } else {
            file
        };
        file.is_file().then_some(file)
    }

    fn content_type(file: &Path) -> &'static str {
        match file
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
        {
            "html" => "text/html; charset=utf-8",
            "js" => "text/javascript; charset=utf-8",
            "wasm" => "application/wasm",
            "css" => "text/css; charset=utf-8",
            "json" => "application/json",
            "png" => "image/png",
            "svg" => "image/svg+xml",
            _ => "application/octet-stream",
        }
    }
}
