//! A browser session on the app, and the generic WebDriver helpers the tests use on it:
//! run a script, wait for an element or a condition, type, click, read text, run axe-core.
//! The app's own selectors are not here but in [`crate::page`].

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::{json, Value};

use crate::browser::{self, Browser, Driver, Engine};
use crate::page::ExplorerPage;
use crate::servers::Simulator;
use crate::site::TempSite;
use crate::{axe_source, dist_dir, TEST_TOKEN, WAIT};

/// A running simulator with the app, and a browser pointed at it.
pub struct Session {
    pub client: Client,
    /// The engine the browser is ([`Engine::from_env`]).
    pub engine: Engine,
    /// The app's URL (ends with `/`).
    pub url: String,
    pub sim_addr: SocketAddr,
    _driver: Driver,
    _sim: Option<Simulator>,
    site: Option<TempSite>,
}

/// What a test wants: simulator flags, the app's `config.json`, and the browser's language.
pub struct Setup {
    pub sim_args: Vec<String>,
    pub config: Value,
    /// The browser's language (`"zh-CN"`, `"en-US"`): what `navigator.language` says. `None`:
    /// the engine's default (English in the test machines' browsers).
    pub browser_language: Option<String>,
}

impl Default for Setup {
    /// The simulator with [`TEST_TOKEN`] and 3,000 records; the app configured with that
    /// token, times in UTC, sub-CC 1 and VDN 1.
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
            browser_language: None,
        }
    }
}

impl Setup {
    /// Adds simulator flags.
    pub fn sim(mut self, args: &[&str]) -> Self {
        self.sim_args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    /// Runs the browser in language `tag` (`"zh-CN"`), see [`Browser::start_in_language`].
    pub fn browser_language(mut self, tag: &str) -> Self {
        self.browser_language = Some(tag.to_string());
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

impl Session {
    /// Starts the simulator serving a copy of `dist/` with the test's `config.json`, a
    /// WebDriver, and a headless browser session on the app's page.
    pub async fn start(setup: Setup) -> Session {
        Session::start_with(setup, |_| {}).await
    }

    /// [`Session::start`], with `prepare` run on the site's folder before the browser opens
    /// it (e.g. to take away a file the page fetches on load, which a reload could serve from
    /// the browser's cache instead). [`Session::site`] gives the folder afterwards.
    pub async fn start_with(setup: Setup, prepare: impl FnOnce(&Path)) -> Session {
        let session = Session::open_with(setup, prepare).await;
        // The page's load event comes before the wasm has drawn the app (in Firefox
        // noticeably): tests start from the whole app on screen.
        session.page().wait_for_app().await;
        session
    }

    /// As [`Session::start_with`], without waiting for the app to be drawn: for a site
    /// `prepare` spoils so that the app cannot start.
    pub async fn open_with(setup: Setup, prepare: impl FnOnce(&Path)) -> Session {
        let site = TempSite::copy_of(&dist_dir());
        site.write_config(&setup.config);
        prepare(site.path());

        let mut args = vec!["--dist".to_string(), site.path().display().to_string()];
        args.extend(setup.sim_args);
        let sim = Simulator::start(&args).await;
        let url = sim.url();
        let browser = match setup.browser_language.as_deref() {
            Some(tag) => Browser::start_in_language(Engine::from_env(), &[], tag).await,
            None => Browser::start(Engine::from_env(), &[]).await,
        };
        let mut session = Session::from_browser(browser, &url, sim.addr);
        session._sim = Some(sim);
        session.site = Some(site);
        session.goto_app().await;
        session
    }

    /// A browser session on any URL (the app behind nginx, a host page that frames it), for a
    /// simulator the test started itself. Each of `init_scripts` runs in every new document
    /// before the page's own scripts (see [`Browser::add_init_script`]), e.g. to record CSP
    /// violations from the very start. Panics in WebKit when there are init scripts: use
    /// [`Session::open_on`] there.
    pub async fn open(url: &str, sim_addr: SocketAddr, init_scripts: &[&str]) -> Session {
        let browser = Browser::start(Engine::from_env(), &[]).await;
        for script in init_scripts {
            browser.add_init_script(script).await;
        }
        let session = Session::from_browser(browser, url, sim_addr);
        session.goto_app().await;
        session
    }

    /// [`Session::open`] on `url`, a page of one of `sites`: in every engine, even one whose
    /// driver cannot add scripts to new documents (WebKit), each of `init_scripts` runs
    /// before the page's own scripts in the top-level pages of `sites` (see
    /// [`TempSite::add_init_scripts`]); in the others, in every document, as with
    /// [`Session::open`].
    pub async fn open_on(
        sites: &[&TempSite],
        url: &str,
        sim_addr: SocketAddr,
        init_scripts: &[&str],
    ) -> Session {
        if Engine::from_env().has_init_scripts() {
            return Session::open(url, sim_addr, init_scripts).await;
        }
        for site in sites {
            site.add_init_scripts(init_scripts);
        }
        Session::open(url, sim_addr, &[]).await
    }

    fn from_browser(browser: Browser, url: &str, sim_addr: SocketAddr) -> Session {
        Session {
            client: browser.client,
            engine: browser.engine,
            url: url.to_string(),
            sim_addr,
            _driver: browser.driver,
            _sim: None,
            site: None,
        }
    }

    async fn goto_app(&self) {
        self.client.goto(&self.url).await.expect("open the app");
    }

    /// The page object on this session's current page.
    pub fn page(&self) -> ExplorerPage<'_> {
        ExplorerPage::new(self)
    }

    /// The folder the simulator serves the app from, for a session [`Session::start`]ed with
    /// a copy of `dist/`; files changed there are what the next request gets.
    pub fn site(&self) -> Option<&Path> {
        self.site.as_ref().map(TempSite::path)
    }

    /// Runs `source` in every new document before the page's own scripts, then reloads the
    /// app so it applies from the start (e.g. to wrap `console` before the app logs
    /// anything). In WebKit, whose driver cannot do that, `source` goes into the site's
    /// `index.html` instead ([`TempSite::add_init_scripts`]): the app's page only. Panics
    /// there for a session without a site of its own ([`Session::open`]; see
    /// [`Session::open_on`]).
    pub async fn reload_with_init_script(&self, source: &str) {
        if self.engine.has_init_scripts() {
            browser::add_init_script(&self.client, self.engine, source).await;
        } else {
            let site = self.site.as_ref().unwrap_or_else(|| {
                panic!(
                    "{}: no site of this session to put an init script in",
                    self.engine
                )
            });
            site.add_init_scripts(&[source]);
        }
        self.goto_app().await;
    }

    /// True (and a "skipped on <engine>" line on stderr) when this session's engine is not
    /// `needed`: see [`Engine::skip_unless`].
    pub fn skip_unless(&self, needed: Engine, why: &str) -> bool {
        self.engine.skip_unless(needed, why)
    }

    /// Chromium only: runs one DevTools command on this session's page (e.g.
    /// `Security.setIgnoreCertificateErrors` for a test's own certificate).
    pub async fn devtools(&self, cmd: &'static str, params: serde_json::Value) {
        browser::devtools(&self.client, cmd, params).await;
    }

    /// Chromium only: puts the browser in the IANA zone `zone` and reloads the app, so it
    /// starts there (the app reads the browser's zone and its rules at start).
    pub async fn reload_in_time_zone(&self, zone: &str) {
        browser::emulate_time_zone(&self.client, zone).await;
        self.goto_app().await;
        self.page().wait_for_form().await;
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

    /// Runs `source` as the page's own script (an inline `<script>` element), for code the
    /// page's functions call back, such as a `window.fetch` wrapper: Firefox runs WebDriver
    /// scripts ([`Session::js`]) apart from the page, and a wrapper defined there breaks the
    /// page's `fetch`. Needs a page whose policy allows inline scripts (the simulator's and
    /// the static server's do; nginx's does not: use init scripts there).
    pub async fn run_in_page(&self, source: &str) {
        self.client
            .execute(
                "const e = document.createElement('script'); e.textContent = arguments[0]; \
                 document.documentElement.appendChild(e); e.remove();",
                vec![json!(source)],
            )
            .await
            .unwrap_or_else(|e| panic!("page script failed: {e}\n{source}"));
    }

    /// Replaces an input's value the way a user does: a click into it, then typing. (WebKit
    /// lets a cross-origin frame take the focus only after a click in it: typing alone is
    /// refused there as "not focusable".)
    pub async fn fill(&self, css: &str, value: &str) {
        let element = self.wait_for(css).await;
        element.click().await.expect("click into the field");
        element.clear().await.expect("clear");
        if !value.is_empty() {
            element.send_keys(value).await.expect("type");
        }
    }

    /// Presses one key in whatever has focus, as a keyboard does: WebDriver key actions, not
    /// "send keys to the active element", which focuses that element first (WebKit then
    /// moves the focus back to the first part of a date field, and Tab never leaves it).
    pub async fn press(&self, key: fantoccini::key::Key) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key.into() })
            .then(KeyAction::Up { value: key.into() });
        self.client
            .perform_actions(actions)
            .await
            .expect("press a key");
    }

    /// Presses Tab until `probe` (a JS expression on `el`, the focused element) holds;
    /// panics naming `what` and the focused element after `most` presses.
    pub async fn tab_to(&self, what: &str, probe: &str, most: usize) {
        let script = format!("const el = document.activeElement; return !!(el && ({probe}));");
        for _ in 0..most {
            if self.js(&script).await == json!(true) {
                return;
            }
            self.press(fantoccini::key::Key::Tab).await;
        }
        panic!(
            "Tab never reached {what}; focus is on {}",
            self.js("return document.activeElement ? document.activeElement.outerHTML.slice(0, 200) : null;")
                .await
        );
    }

    /// Sets an input's value directly and fires `input` and `change` (for datetime-local,
    /// whose typing depends on the browser's locale; for selects).
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
