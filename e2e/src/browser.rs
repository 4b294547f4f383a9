//! Which browser runs the tests, its WebDriver, and a WebDriver session on it.
//!
//! The engine is a parameter: [`Engine::from_env`] reads `CDR_BROWSER` (`chromium`, the
//! default; `firefox`; `webkit`), and everything engine-specific (the driver's command line,
//! the session's capabilities, how a script is run before the page's own) is a `match` on
//! [`Engine`] here. Adding an engine is a variant and its arms; the tests do not change.
//!
//! Each [`Browser`] has a driver process of its own on a free port, stopped when the
//! `Browser` (or the [`crate::Session`] holding it) is dropped. WebKit's MiniBrowser has no
//! headless mode: each WebKit driver gets an X server of its own (Xvfb, on a display number
//! it picks itself), stopped with it.

use std::fmt;
use std::process::Stdio;
use std::str::FromStr;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Map, Value};
use tokio::process::{Child, Command};

use crate::free_port;

/// How long a driver may take to listen on its port.
const DRIVER_START: Duration = Duration::from_secs(20);

/// How many times a driver and a session are started before giving up: a port taken by
/// another test's server between [`free_port`] and the driver's bind fails one attempt.
const ATTEMPTS: usize = 3;

/// The variable that picks the engine: `chromium` (the default when unset or empty).
pub const ENGINE_VAR: &str = "CDR_BROWSER";

/// A browser engine the tests can run in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Debian's `chromium` (`CDR_CHROMIUM`, default `/usr/bin/chromium`) through
    /// `chromedriver` (`CHROMEDRIVER`, default from `PATH`), headless.
    Chromium,
    /// Debian's `firefox-esr` (`CDR_FIREFOX`, default `/usr/bin/firefox-esr`) through
    /// `geckodriver` (`GECKODRIVER`, default from `PATH`; `cargo install geckodriver
    /// --locked`), headless. Scripts before the page's own go through WebDriver BiDi.
    Firefox,
    /// WebKitGTK's MiniBrowser (`CDR_MINIBROWSER`, default the one Debian's
    /// `libwebkit2gtk-4.1-0` ships in `/usr/lib/<multiarch>/webkit2gtk-4.1/`) through
    /// `WebKitWebDriver` (`WEBKIT_WEBDRIVER`, default from `PATH`; Debian's
    /// `webkit2gtk-driver`), on a virtual display (`Xvfb`, or `CDR_XVFB`; Debian's `xvfb`).
    /// Scripts before the page's own go into the served document (see
    /// [`crate::Session::reload_with_init_script`]): WebKitWebDriver has no BiDi.
    Webkit,
}

impl Engine {
    /// Every engine, in the order `CDR_BROWSER`'s error message lists them.
    pub const ALL: [Engine; 3] = [Engine::Chromium, Engine::Firefox, Engine::Webkit];

    /// The engine `CDR_BROWSER` names; Chromium when it is unset or empty.
    ///
    /// Panics with the accepted names when it names something else, so a typo does not
    /// silently run the suite in the wrong browser.
    pub fn from_env() -> Engine {
        match std::env::var(ENGINE_VAR) {
            Ok(name) if !name.trim().is_empty() => {
                name.parse().unwrap_or_else(|e| panic!("{ENGINE_VAR}: {e}"))
            }
            _ => Engine::Chromium,
        }
    }

    /// The name `CDR_BROWSER` uses for it.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
            Engine::Webkit => "webkit",
        }
    }

    /// Whether a session can run scripts before the page's own on any document
    /// ([`Browser::add_init_script`]): Chromium (DevTools) and Firefox (BiDi), not WebKit.
    pub fn has_init_scripts(self) -> bool {
        !matches!(self, Engine::Webkit)
    }

    /// True when this engine is not `needed`: the test calling it is about that engine
    /// only, and returns. The message (`skipped on <engine>: <why>`) goes to stderr
    /// unbuffered, past libtest's capture, so the run's log shows it and `scripts/test`
    /// counts the test as skipped, not passed.
    pub fn skip_unless(self, needed: Engine, why: &str) -> bool {
        if self == needed {
            return false;
        }
        use std::io::Write;
        let _ = writeln!(std::io::stderr().lock(), "skipped on {self}: {why}");
        true
    }

    /// The WebDriver's program, and its arguments to listen on `port`.
    fn driver_command(self, port: u16) -> (String, Vec<String>) {
        match self {
            Engine::Chromium => (
                std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()),
                vec![format!("--port={port}")],
            ),
            // Port 0 for BiDi: each driver's Firefox gets a free one (the default, 9222, is
            // one port for every test running at once).
            Engine::Firefox => (
                std::env::var("GECKODRIVER").unwrap_or_else(|_| "geckodriver".into()),
                vec![
                    format!("--port={port}"),
                    "--websocket-port=0".into(),
                    "--log=fatal".into(),
                ],
            ),
            Engine::Webkit => (
                std::env::var("WEBKIT_WEBDRIVER").unwrap_or_else(|_| "WebKitWebDriver".into()),
                vec![format!("--port={port}")],
            ),
        }
    }

    /// The new session's capabilities: the browser binary, headless, the window size the
    /// tests' layouts assume (1280×900 CSS pixels), plus `extra_args` on the browser's
    /// command line, and the browser's language when `language` (a BCP 47 tag) is given.
    fn capabilities(self, extra_args: &[&str], language: Option<&str>) -> Map<String, Value> {
        let mut capabilities = Map::new();
        match self {
            Engine::Chromium => {
                let binary =
                    std::env::var("CDR_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
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
                // `--lang` sets the UI language, which `navigator.language` reports; the
                // preference sets `navigator.languages` and `Accept-Language`.
                let lang = language.map(|tag| format!("--lang={tag}"));
                args.extend(lang.as_deref());
                args.extend_from_slice(extra_args);
                let mut options = json!({ "binary": binary, "args": args });
                if let Some(tag) = language {
                    options["prefs"] = json!({ "intl": { "accept_languages": tag } });
                }
                capabilities.insert("goog:chromeOptions".into(), options);
            }
            Engine::Firefox => {
                let binary =
                    std::env::var("CDR_FIREFOX").unwrap_or_else(|_| "/usr/bin/firefox-esr".into());
                let mut args = vec!["-headless", "--width=1280", "--height=900"];
                args.extend_from_slice(extra_args);
                capabilities.insert("browserName".into(), json!("firefox"));
                // The BiDi endpoint, for init scripts.
                capabilities.insert("webSocketUrl".into(), json!(true));
                capabilities.insert(
                    "moz:firefoxOptions".into(),
                    json!({
                        "binary": binary,
                        "args": args,
                        // As Chromium's flags above: no updates, telemetry or first-run pages.
                        "prefs": {
                            "app.update.enabled": false,
                            "datareporting.policy.dataSubmissionEnabled": false,
                            "toolkit.telemetry.enabled": false,
                            "browser.shell.checkDefaultBrowser": false,
                        },
                    }),
                );
                // Firefox's `navigator.language` is the first of its accepted languages.
                if let Some(tag) = language {
                    capabilities["moz:firefoxOptions"]["prefs"]["intl.accept_languages"] =
                        json!(tag);
                }
            }
            // The window's size is set once the session is up (MiniBrowser has no flag).
            Engine::Webkit => {
                let mut args = vec!["--automation"];
                args.extend_from_slice(extra_args);
                capabilities.insert(
                    "webkitgtk:browserOptions".into(),
                    json!({ "binary": minibrowser(), "args": args }),
                );
            }
        }
        capabilities
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Engine {
    type Err = String;

    /// Case-insensitive; `chrome` is taken for Chromium, `firefox-esr` and `gecko` for
    /// Firefox, `webkitgtk` and `minibrowser` for WebKit.
    fn from_str(s: &str) -> Result<Engine, String> {
        let wanted = s.trim().to_ascii_lowercase();
        match wanted.as_str() {
            "chrome" => return Ok(Engine::Chromium),
            "firefox-esr" | "gecko" => return Ok(Engine::Firefox),
            "webkitgtk" | "minibrowser" => return Ok(Engine::Webkit),
            _ => {}
        }
        Engine::ALL
            .into_iter()
            .find(|e| e.name() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = Engine::ALL.iter().map(|e| e.name()).collect();
                format!("unknown browser {s:?} (known: {})", names.join(", "))
            })
    }
}

/// A WebDriver session in a browser of its own.
pub struct Browser {
    pub client: Client,
    pub engine: Engine,
    /// The driver process and the browser it started; both killed on drop.
    pub driver: Driver,
}

/// A WebDriver process, leader of a process group of its own that the browser it starts
/// joins, and for WebKit the X server its browser shows on. Dropping it kills the whole
/// group (and the X server): a test that fails before closing its session leaves no
/// browser behind (killing the driver alone would).
///
/// The driver and its browser get a temporary folder of their own (`TMPDIR`), removed
/// after them: a killed browser never deletes its profile (Chromium's `scoped_dir*` and
/// `org.chromium.Chromium.*`, geckodriver's `rust_mozprofile*`, up to ~100 MB each), and
/// thousands of them once filled the disk of the machine CI runs on.
pub struct Driver {
    process: Child,
    display: Option<Xvfb>,
    temp: Option<tempfile::TempDir>,
}

impl Driver {
    /// The temporary folder the driver and its browser write to; gone once the `Driver`
    /// is dropped. `None` when it could not be made (they use the system's then).
    pub fn temp_dir(&self) -> Option<&std::path::Path> {
        self.temp.as_ref().map(tempfile::TempDir::path)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        kill_group(&self.process);
        // The X server goes after the browser on it.
        self.display.take();
        if let Some(temp) = self.temp.take() {
            remove_when_quiet(temp);
        }
    }
}

/// Removes a browser's temporary folder. A browser process killed a moment ago may still
/// be writing its last files, so a removal that fails is tried again for up to a second.
fn remove_when_quiet(temp: tempfile::TempDir) {
    let path = temp.keep();
    for _ in 0..20 {
        if std::fs::remove_dir_all(&path).is_ok() || !path.exists() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Kills the process group `child` leads.
fn kill_group(child: &Child) {
    if let Some(pid) = child.id() {
        let _ = std::process::Command::new("kill")
            .args(["-KILL", "--", &format!("-{pid}")])
            .stderr(Stdio::null())
            .status();
    }
}

/// A virtual X server (`Xvfb`, or `CDR_XVFB`) for one WebKit driver: MiniBrowser has no
/// headless mode. Killed on drop.
struct Xvfb {
    process: Child,
    /// `:N`, the value of `DISPLAY` for its clients.
    display: String,
}

impl Xvfb {
    /// Starts an X server on a display number it chooses itself (`-displayfd`: no race
    /// with other tests' servers over a number), with one 1280×900 screen. `None` when it
    /// cannot start or never says its number.
    async fn start() -> Option<Xvfb> {
        use tokio::io::AsyncBufReadExt;

        let program = std::env::var("CDR_XVFB").unwrap_or_else(|_| "Xvfb".into());
        let mut process = Command::new(&program)
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x900x24",
                "-nolisten",
                "tcp",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .process_group(0)
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {program}: {e} (run scripts/bootstrap: Debian's xvfb)")
            });
        let stdout = process.stdout.take()?;
        let mut line = String::new();
        let mut reader = tokio::io::BufReader::new(stdout);
        let read = reader.read_line(&mut line);
        match tokio::time::timeout(DRIVER_START, read).await {
            Ok(Ok(n)) if n > 0 && line.trim().parse::<u32>().is_ok() => Some(Xvfb {
                display: format!(":{}", line.trim()),
                process,
            }),
            _ => {
                kill_group(&process);
                None
            }
        }
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        kill_group(&self.process);
    }
}

/// WebKitGTK's MiniBrowser: `CDR_MINIBROWSER`, else the first
/// `/usr/lib/*/webkit2gtk-4.1/MiniBrowser` (Debian's `libwebkit2gtk-4.1-0` puts it in its
/// multiarch library folder, not on `PATH`).
fn minibrowser() -> String {
    if let Ok(path) = std::env::var("CDR_MINIBROWSER") {
        return path;
    }
    std::fs::read_dir("/usr/lib")
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join("webkit2gtk-4.1/MiniBrowser"))
        .find(|path| path.is_file())
        .map(|path| path.display().to_string())
        .unwrap_or_else(|| "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser".into())
}

impl Browser {
    /// Starts `engine`'s WebDriver on a free port and a new headless session with the
    /// harness' arguments plus `extra_args` (the benchmark adds memory flags). A driver or
    /// session that fails to start is retried on a fresh port, up to three attempts in all,
    /// so one lost port race does not fail a test that never reached the app.
    ///
    /// Panics when the driver cannot be run at all, or after the third failed attempt.
    pub async fn start(engine: Engine, extra_args: &[&str]) -> Browser {
        Browser::start_with(engine, extra_args, None).await
    }

    /// [`Browser::start`] in a browser whose language is `tag` (`"zh-CN"`, `"en-US"`):
    /// `navigator.language` and the `Accept-Language` header say `tag`, as for a user who
    /// set that language in the browser (Chromium: `--lang` and `intl.accept_languages`;
    /// Firefox: `intl.accept_languages`).
    pub async fn start_in_language(engine: Engine, extra_args: &[&str], tag: &str) -> Browser {
        Browser::start_with(engine, extra_args, Some(tag)).await
    }

    async fn start_with(engine: Engine, extra_args: &[&str], language: Option<&str>) -> Browser {
        name_the_engine_in_panics(engine);
        let mut last_error = format!("the {engine} WebDriver never listened");
        for _ in 0..ATTEMPTS {
            let Some((driver, port)) = start_driver(engine).await else {
                continue;
            };
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(engine.capabilities(extra_args, language))
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => {
                    if engine == Engine::Webkit {
                        // The layouts the tests assume (the others get it on their command line).
                        if let Err(e) = client.set_window_size(1280, 900).await {
                            last_error = format!("set the window size: {e}");
                            continue;
                        }
                    }
                    return Browser {
                        client,
                        engine,
                        driver,
                    };
                }
                Err(e) => last_error = e.to_string(),
            }
        }
        panic!("no {engine} session after {ATTEMPTS} attempts: {last_error}");
    }

    /// Runs `source` in every new document from now on, before the page's own scripts
    /// (Chromium: DevTools' `Page.addScriptToEvaluateOnNewDocument`; Firefox: WebDriver
    /// BiDi's `script.addPreloadScript`), e.g. to record CSP
    /// violations or wrap `fetch` from the very start. Panics when the driver refuses.
    pub async fn add_init_script(&self, source: &str) {
        add_init_script(&self.client, self.engine, source).await;
    }
}

/// From the first browser on, every panic of the test process (a failed assertion, a
/// timeout) says first which engine it was in, so a failure in a run of several engines
/// names its engine.
fn name_the_engine_in_panics(engine: Engine) {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            eprintln!("[{engine}] test failed in {engine}:");
            previous(info);
        }));
    });
}

/// [`Browser::add_init_script`] for a client already taken out of its [`Browser`].
pub(crate) async fn add_init_script(client: &Client, engine: Engine, source: &str) {
    match engine {
        Engine::Chromium => client
            .issue_cmd(Cdp {
                cmd: "Page.addScriptToEvaluateOnNewDocument",
                params: json!({ "source": source }),
            })
            .await
            .map(drop)
            .unwrap_or_else(|e| panic!("add an init script through DevTools: {e}")),
        Engine::Firefox => {
            let endpoint = client
                .capabilities()
                .and_then(|c| c.get("webSocketUrl"))
                .and_then(Value::as_str)
                .unwrap_or_else(|| panic!("geckodriver gave no webSocketUrl (BiDi)"));
            bidi_add_preload_script(endpoint, source)
                .await
                .unwrap_or_else(|e| panic!("add an init script through WebDriver BiDi: {e}"));
        }
        Engine::Webkit => panic!(
            "WebKitWebDriver cannot run a script before the page's own: put it in the served \
             document instead (Session::reload_with_init_script does for a session's own site)"
        ),
    }
}

/// WebDriver BiDi's `script.addPreloadScript` over the session's WebSocket: `source` runs
/// in every new document (frames too) of the session, before the page's scripts. The
/// script stays when the connection closes: it belongs to the session.
async fn bidi_add_preload_script(endpoint: &str, source: &str) -> Result<(), String> {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;

    let (mut socket, _) = tokio_tungstenite::connect_async(endpoint)
        .await
        .map_err(|e| format!("connect to {endpoint}: {e}"))?;
    let command = json!({
        "id": 1,
        "method": "script.addPreloadScript",
        "params": { "functionDeclaration": format!("() => {{\n{source}\n}}") },
    });
    socket
        .send(Message::text(command.to_string()))
        .await
        .map_err(|e| format!("send: {e}"))?;
    let answer = tokio::time::timeout(DRIVER_START, async {
        while let Some(message) = socket.next().await {
            let text = match message {
                Ok(Message::Text(text)) => text,
                Ok(_) => continue,
                Err(e) => return Err(format!("receive: {e}")),
            };
            let value: Value = serde_json::from_str(text.as_str()).map_err(|e| e.to_string())?;
            // Events have no id; the answer to this command has id 1.
            if value["id"] == json!(1) {
                return Ok(value);
            }
        }
        Err("the connection closed without an answer".to_string())
    })
    .await
    .map_err(|_| "no answer in time".to_string())??;
    let _ = socket.close(None).await;
    if answer["type"] == json!("success") {
        Ok(())
    } else {
        Err(answer.to_string())
    }
}

/// Starts `engine`'s driver on a free port and waits until it answers. `None` when it
/// exits or never listens (the port was taken meanwhile): the caller retries on a new port.
async fn start_driver(engine: Engine) -> Option<(Driver, u16)> {
    let display = match engine {
        Engine::Webkit => Some(Xvfb::start().await?),
        _ => None,
    };
    let port = free_port();
    let (program, args) = engine.driver_command(port);
    let mut command = Command::new(&program);
    command
        .args(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .kill_on_drop(true);
    if let Some(x) = &display {
        command.env("DISPLAY", &x.display);
    }
    let temp = tempfile::Builder::new()
        .prefix("cdr-browser-")
        .tempdir()
        .ok();
    if let Some(dir) = &temp {
        command.env("TMPDIR", dir.path());
    }
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program}: {e} (run scripts/bootstrap)"));
    let started = Instant::now();
    loop {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return None;
        }
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Some((
                Driver {
                    process: child,
                    display,
                    temp,
                },
                port,
            ));
        }
        if started.elapsed() > DRIVER_START {
            kill_group(&child);
            return None;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Chromium only: the page's time zone becomes `zone` (an IANA name), as if the machine
/// were set to it (DevTools' `Emulation.setTimezoneOverride`; it lasts for the session's
/// page across navigations). Panics when the driver refuses.
pub(crate) async fn emulate_time_zone(client: &Client, zone: &str) {
    devtools(
        client,
        "Emulation.setTimezoneOverride",
        json!({ "timezoneId": zone }),
    )
    .await;
}

/// Chromium only: one DevTools command (`cmd` with `params`) through ChromeDriver. Panics
/// when the driver refuses.
pub(crate) async fn devtools(client: &Client, cmd: &'static str, params: Value) {
    client
        .issue_cmd(Cdp { cmd, params })
        .await
        .map(drop)
        .unwrap_or_else(|e| panic!("DevTools {cmd}: {e}"));
}

/// A DevTools command through ChromeDriver's `goog/cdp/execute` endpoint, for
/// `Client::issue_cmd` (which gives the command's answer).
#[derive(Debug)]
pub struct Cdp {
    /// The DevTools method, e.g. `"Profiler.start"`.
    pub cmd: &'static str,
    /// Its parameters.
    pub params: Value,
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

#[cfg(test)]
mod tests {
    use super::Engine;

    #[test]
    fn engine_names_parse_case_insensitively_and_unknown_ones_are_refused() {
        assert_eq!("chromium".parse(), Ok(Engine::Chromium));
        assert_eq!(" Chromium ".parse(), Ok(Engine::Chromium));
        assert_eq!("chrome".parse(), Ok(Engine::Chromium));
        assert_eq!("Firefox".parse(), Ok(Engine::Firefox));
        assert_eq!("firefox-esr".parse(), Ok(Engine::Firefox));
        assert_eq!("WebKit".parse(), Ok(Engine::Webkit));
        assert_eq!("webkitgtk".parse(), Ok(Engine::Webkit));
        let err = "netscape".parse::<Engine>().unwrap_err();
        assert!(
            err.contains("netscape") && err.contains("chromium"),
            "{err}"
        );
        for engine in Engine::ALL {
            assert_eq!(engine.name().parse(), Ok(engine));
        }
    }
}
