//! End-to-end deployment: the release build behind real nginx (deploy/nginx.conf rendered by
//! deploy/render-nginx-conf) on loopback, proxied to the simulator. Covers the Content
//! Security Policy, caching and compression, the server-side token (deploy/refresh-token)
//! and the iframe handoff (deploy/embed-example.html).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cdr_e2e::page::css;
use cdr_e2e::{dist_dir, free_port, Session, TempSite, TEST_TOKEN, WAIT};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The policy deploy/nginx.conf sends, with `frame-ancestors` appended.
const POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors ";

const QUERY_PATH: &str = "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo";

/// Runs in every document before its scripts: records each CSP violation.
const CSP_RECORDER: &str = r#"
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', e => {
        window.__csp.push(e.effectiveDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber);
    }, true);
"#;

/// Runs in every document before its scripts: records whether each API call carried a token.
const AUTH_RECORDER: &str = r#"
    window.__auth = [];
    const original = window.fetch;
    window.fetch = function (input, init) {
        if (input instanceof Request) window.__auth.push(input.headers.get('Authorization'));
        return original.apply(this, arguments);
    };
"#;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// nginx as the deployment runs it, in a prefix of its own; stopped (by its pid) on drop.
struct Nginx {
    child: std::process::Child,
    prefix: TempSite,
    conf: PathBuf,
    port: u16,
}

fn nginx_binary() -> String {
    std::env::var("CDR_NGINX").unwrap_or_else(|_| {
        if Path::new("/usr/sbin/nginx").exists() {
            "/usr/sbin/nginx".into()
        } else {
            "nginx".into()
        }
    })
}

impl Nginx {
    /// Renders the template for `site` and `upstream` and starts nginx on a free port, on a
    /// fresh port again if another test's server took the first one before nginx bound it.
    fn start(
        site: &Path,
        upstream: SocketAddr,
        frame_ancestors: &str,
        token_file: Option<&Path>,
    ) -> Nginx {
        (0..3)
            .find_map(|_| Nginx::try_start(site, upstream, frame_ancestors, token_file))
            .expect("nginx did not start on any of three free ports")
    }

    fn try_start(
        site: &Path,
        upstream: SocketAddr,
        frame_ancestors: &str,
        token_file: Option<&Path>,
    ) -> Option<Nginx> {
        let prefix = TempSite::empty();
        let port = free_port();
        let mut render = Command::new(repo().join("deploy/render-nginx-conf"));
        render
            .env("LISTEN", format!("127.0.0.1:{port}"))
            .env("DIST_DIR", site)
            .env("UPSTREAM", format!("http://{upstream}"))
            .env("FRAME_ANCESTORS", frame_ancestors)
            .env("ACCESS_LOG", "off");
        if let Some(file) = token_file {
            render.env("TOKEN_FILE", file);
        }
        // As root, nginx would run its workers as nobody; the test files belong to root.
        if is_root() {
            render.env("WORKER_USER", "root");
        }
        let rendered = render.output().expect("run deploy/render-nginx-conf");
        assert!(
            rendered.status.success(),
            "render-nginx-conf failed: {}",
            String::from_utf8_lossy(&rendered.stderr)
        );
        let conf = prefix.path().join("nginx.conf");
        std::fs::write(&conf, &rendered.stdout).expect("write nginx.conf");
        let child = Command::new(nginx_binary())
            .arg("-p")
            .arg(prefix.path())
            .arg("-c")
            .arg(&conf)
            .args(["-e", "stderr", "-g", "daemon off;"])
            .stdout(Stdio::null())
            // Kept beside the config: requests refused on purpose log errors.
            .stderr(
                std::fs::File::create(prefix.path().join("error.log"))
                    .map(Stdio::from)
                    .unwrap_or_else(|_| Stdio::null()),
            )
            .spawn()
            .expect("start nginx (apt-get install nginx, or run scripts/bootstrap)");
        let mut nginx = Nginx {
            child,
            prefix,
            conf,
            port,
        };
        let started = Instant::now();
        while !nginx.answers() {
            if started.elapsed() > Duration::from_secs(10)
                || matches!(nginx.child.try_wait(), Ok(Some(_)))
            {
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(nginx)
    }

    /// Whether nginx itself, not some other server on the port, answers a request.
    fn answers(&self) -> bool {
        use std::io::{Read, Write};
        let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", self.port)) else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
        if stream.write_all(b"HEAD / HTTP/1.0\r\n\r\n").is_err() {
            return false;
        }
        let mut head = String::new();
        let _ = stream.read_to_string(&mut head);
        head.lines()
            .any(|line| line.eq_ignore_ascii_case("server: nginx"))
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The command refresh-token runs to make this nginx read the new token.
    fn reload_cmd(&self) -> String {
        format!(
            "{} -p {} -c {} -e stderr -s reload",
            nginx_binary(),
            self.prefix.path().display(),
            self.conf.display()
        )
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM to the master stops its workers too (SIGKILL would leave them running).
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// One HTTP/1.1 exchange, read to the end (Connection: close).
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

async fn http(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect to nginx");
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await.expect("send");
    stream.write_all(body).await.expect("send body");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read reply");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete header");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

async fn start_sim(args: &[&str]) -> SocketAddr {
    let mut argv = vec![
        "cdr-sim",
        "--listen",
        "127.0.0.1:0",
        "--records",
        "3000",
        "--quiet",
    ];
    argv.extend_from_slice(args);
    let config = <cdr_sim::config::SimConfig as clap::Parser>::parse_from(argv);
    let (addr, _handle) = cdr_sim::server::spawn(config)
        .await
        .expect("start the simulator");
    addr
}

/// A copy of dist/ with the test's config.json.
fn site_with(config: Value) -> TempSite {
    let site = TempSite::copy_of(&dist_dir());
    std::fs::write(site.path().join("config.json"), config.to_string()).expect("config.json");
    site
}

fn query_body() -> &'static [u8] {
    br#"{"subCcNo":"1","vdn":"1","beginDate":"1795651200000","endDate":"1795737599999"}"#
}

/// A wide date range over the simulator's data, then Search, then rows.
async fn search_and_wait_for_rows(s: &Session) {
    s.set_value("#begin", "2026-11-01T00:00").await;
    s.set_value("#end", "2026-11-28T00:00").await;
    s.click(css::SEARCH).await;
    s.wait_until(
        "rows",
        "document.querySelectorAll('tbody tr').length > 0 && !document.querySelector('section.results[aria-busy]')",
    )
    .await;
}

async fn violations(s: &Session) -> Value {
    s.js("return window.__csp;").await
}

#[tokio::test]
async fn nginx_sends_the_policy_and_caching_headers_and_precompressed_assets() {
    let sim = start_sim(&["--token", TEST_TOKEN]).await;
    let site = site_with(json!({ "timeZone": "UTC" }));
    let nginx = Nginx::start(site.path(), sim, "'self'", None);
    let port = nginx.port;

    let index = http(port, "GET", "/", &[], b"").await;
    assert_eq!(index.status, 200);
    assert_eq!(
        index.header("Content-Security-Policy"),
        Some(format!("{POLICY}'self'").as_str())
    );
    assert_eq!(index.header("X-Content-Type-Options"), Some("nosniff"));
    assert_eq!(index.header("Referrer-Policy"), Some("no-referrer"));
    assert_eq!(index.header("Cache-Control"), Some("no-cache"));
    let html = String::from_utf8_lossy(&index.body).to_string();
    // Nothing inline for the policy to block.
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        assert!(
            !tag.starts_with("script") || tag.contains("src="),
            "inline script: <{tag}>"
        );
        assert!(!tag.starts_with("style"), "inline style: <{tag}>");
        assert!(!tag.contains(" style="), "style attribute: <{tag}>");
    }

    let config = http(port, "GET", "/config.json", &[], b"").await;
    assert_eq!(config.status, 200);
    assert_eq!(config.header("Cache-Control"), Some("no-cache"));

    // Every hashed asset: immutable, and served as the .gz the build wrote.
    let mut assets = 0;
    for entry in std::fs::read_dir(site.path()).expect("read the site") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .to_string();
        if !(name.ends_with(".js") || name.ends_with(".wasm") || name.ends_with(".css")) {
            continue;
        }
        assets += 1;
        let path = format!("/{name}");
        let plain = http(port, "GET", &path, &[], b"").await;
        assert_eq!(plain.status, 200, "{name}");
        assert_eq!(
            plain.header("Cache-Control"),
            Some("public, max-age=31536000, immutable"),
            "{name}"
        );
        assert_eq!(plain.header("X-Content-Type-Options"), Some("nosniff"));
        let gz = http(port, "GET", &path, &[("Accept-Encoding", "gzip")], b"").await;
        assert_eq!(gz.header("Content-Encoding"), Some("gzip"), "{name}");
        assert_eq!(gz.header("Vary"), Some("Accept-Encoding"), "{name}");
        let written = std::fs::read(site.path().join(format!("{name}.gz")))
            .unwrap_or_else(|e| panic!("no {name}.gz from the build: {e}"));
        assert!(gz.body == written, "{name}: not the pre-compressed file");
        if name.ends_with(".wasm") {
            assert_eq!(gz.header("Content-Type"), Some("application/wasm"));
        }
    }
    assert!(assets >= 4, "loader, glue, wasm, css: found {assets}");

    // The proxy: POST passes (the simulator decides), anything else and big bodies do not.
    let json_type = ("Content-Type", "application/json");
    let bearer = format!("Bearer {TEST_TOKEN}");
    let ok = http(
        port,
        "POST",
        QUERY_PATH,
        &[json_type, ("Authorization", &bearer)],
        query_body(),
    )
    .await;
    assert_eq!(ok.status, 200);
    let no_token = http(port, "POST", QUERY_PATH, &[json_type], query_body()).await;
    assert_eq!(no_token.status, 401);
    assert_eq!(http(port, "GET", QUERY_PATH, &[], b"").await.status, 403);
    let big = vec![b' '; 70 * 1024];
    assert_eq!(
        http(port, "POST", QUERY_PATH, &[json_type], &big)
            .await
            .status,
        413
    );
}

#[tokio::test]
async fn app_behind_nginx_runs_every_state_without_a_policy_violation() {
    let sim = start_sim(&["--token", TEST_TOKEN]).await;
    let site =
        site_with(json!({ "token": TEST_TOKEN, "timeZone": "UTC", "subCcNo": "1", "vdn": "1" }));
    let nginx = Nginx::start(site.path(), sim, "'self'", None);
    let s = Session::open(&format!("{}/", nginx.origin()), sim, &[CSP_RECORDER]).await;

    // The page really is under the policy.
    let policy = s
        .wait_until(
            "the policy header",
            "(window.__p = window.__p || fetch(location.href).then(r => r.headers.get('content-security-policy'))) && window.__policy || (window.__p.then(p => window.__policy = p), '')",
        )
        .await;
    assert_eq!(policy, json!(format!("{POLICY}'self'")));

    search_and_wait_for_rows(&s).await;
    // The detail panel, the quick filter, a sort, then a failing search.
    s.click("tbody tr").await;
    s.wait_for(".detail").await;
    s.fill("#quick-filter", "1").await;
    s.click("table.records th button.sort").await;
    // The summary charts (inline SVG), the column chooser, saved searches and the token
    // dialog: every view the app has.
    s.click(".view-switch button:last-child").await;
    s.wait_for("#summary svg").await;
    s.click(".view-switch button:first-child").await;
    s.click(".column-chooser summary").await;
    s.click(".column-chooser input[data-column=vdn]").await;
    s.click("#saved-searches summary").await;
    s.fill("#save-name", "policy check").await;
    s.click(".save-form button[type=submit]").await;
    s.wait_for(".saved .named button").await;
    s.js("const l = document.querySelector('#language'); l.value = 'zh-CN'; l.dispatchEvent(new Event('change', {bubbles: true}));").await;
    s.js("document.querySelector('dialog.token-dialog').showModal(); document.querySelector('dialog.token-dialog').close();").await;
    s.fill("#vdn", "9").await;
    s.click(css::SEARCH).await;
    s.wait_until(
        "an alert",
        "document.querySelector('#search-alert').textContent",
    )
    .await;
    assert_eq!(violations(&s).await, json!([]));

    // The recorder does see a violation when there is one: an inline style attribute.
    s.js("document.body.setAttribute('style', 'color: red');")
        .await;
    s.wait_until("the control violation", "window.__csp.length === 1")
        .await;
    s.close().await;
}

/// Runs deploy/refresh-token against the simulator. Async: the simulator that answers
/// tokenByAkSk runs on this test's thread.
async fn refresh_token(
    sim: SocketAddr,
    token_file: &Path,
    reload: &str,
    secret: &str,
) -> std::process::Output {
    tokio::process::Command::new(repo().join("deploy/refresh-token"))
        .env("CDR_APP_KEY", "ak-e2e")
        .env("CDR_APP_SECRET", secret)
        .env("UPSTREAM", format!("http://{sim}"))
        .env("TOKEN_FILE", token_file)
        .env("TOKEN_TTL", "600")
        .env("RELOAD_CMD", reload)
        .output()
        .await
        .expect("run deploy/refresh-token")
}

#[tokio::test]
async fn refresh_token_lets_nginx_authorize_with_no_token_in_the_browser() {
    let sim = start_sim(&["--app-key", "ak-e2e", "--app-secret", "sk-e2e-secret"]).await;
    let site = site_with(json!({ "timeZone": "UTC", "subCcNo": "1", "vdn": "1" }));
    let secrets = TempSite::empty();
    let token_file = secrets.path().join("token.conf");
    // nginx includes the file at start; before the first refresh it is empty.
    std::fs::write(&token_file, "").expect("empty token file");
    let nginx = Nginx::start(site.path(), sim, "'self'", Some(&token_file));
    let json_type = ("Content-Type", "application/json");
    let status = || async {
        http(nginx.port, "POST", QUERY_PATH, &[json_type], query_body())
            .await
            .status
    };
    assert_eq!(status().await, 401);

    let reload = nginx.reload_cmd();
    let refresh = |secret: &'static str| refresh_token(sim, &token_file, &reload, secret);

    // A wrong secret fails and leaves the file as it was.
    let wrong = refresh("not-the-secret").await;
    assert!(!wrong.status.success());
    assert_eq!(std::fs::read_to_string(&token_file).expect("read"), "");

    let done = refresh("sk-e2e-secret").await;
    assert!(
        done.status.success(),
        "refresh-token failed: {}",
        String::from_utf8_lossy(&done.stderr)
    );
    let snippet = std::fs::read_to_string(&token_file).expect("read the snippet");
    assert!(
        snippet.contains("proxy_set_header Authorization \"Bearer "),
        "{snippet}"
    );
    assert!(!snippet.contains("sk-e2e-secret"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&token_file)
            .expect("stat")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the token file is readable by others");
    }

    // The reload takes effect within moments.
    let started = Instant::now();
    while status().await != 200 {
        assert!(started.elapsed() < WAIT, "nginx never used the new token");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let s = Session::open(
        &format!("{}/", nginx.origin()),
        sim,
        &[CSP_RECORDER, AUTH_RECORDER],
    )
    .await;
    search_and_wait_for_rows(&s).await;
    let sent = s.js("return window.__auth;").await;
    assert!(
        matches!(&sent, Value::Array(a) if !a.is_empty() && a.iter().all(Value::is_null)),
        "the browser sent a token: {sent}"
    );
    assert_eq!(
        s.js("return document.querySelector('dialog.token-dialog').open;")
            .await,
        json!(false)
    );
    assert_eq!(violations(&s).await, json!([]));
    s.close().await;
}

/// A portal's own origin: a simulator serving an (at first empty) folder of static files.
async fn start_portal() -> (SocketAddr, TempSite) {
    let site = TempSite::empty();
    let dist = site.path().display().to_string();
    (start_sim(&["--dist", &dist]).await, site)
}

/// Puts deploy/embed-example.html, pointed at the app, and its portal-session.json (the
/// stand-in for the portal's backend) into a portal's folder.
fn write_portal_page(site: &TempSite, app_origin: &str) {
    let page = std::fs::read_to_string(repo().join("deploy/embed-example.html"))
        .expect("read deploy/embed-example.html");
    let constant = "const APP_URL = 'http://127.0.0.1:8080/';";
    assert!(
        page.contains(constant),
        "embed-example.html lost its APP_URL"
    );
    let page = page.replace(constant, &format!("const APP_URL = '{app_origin}/';"));
    std::fs::write(site.path().join("index.html"), page).expect("write the portal page");
    let session = json!({ "token": TEST_TOKEN, "subCcNo": "1", "vdn": "1", "locale": "en" });
    std::fs::write(site.path().join("portal-session.json"), session.to_string())
        .expect("write portal-session.json");
}

#[tokio::test]
async fn iframe_handoff_works_from_an_allowed_origin_and_is_ignored_from_another() {
    let sim = start_sim(&["--token", TEST_TOKEN]).await;
    let (allowed, allowed_site) = start_portal().await;
    let (other, other_site) = start_portal().await;
    let (allowed, other) = (format!("http://{allowed}"), format!("http://{other}"));
    // Both may frame the app (frame-ancestors); only one may configure it.
    let site = site_with(json!({ "timeZone": "UTC", "allowedParentOrigins": [allowed] }));
    let nginx = Nginx::start(site.path(), sim, &format!("'self' {allowed} {other}"), None);
    write_portal_page(&allowed_site, &nginx.origin());
    write_portal_page(&other_site, &nginx.origin());

    // Allowed: the app takes the token and the settings, and a search succeeds.
    let s = Session::open(&format!("{allowed}/"), sim, &[CSP_RECORDER]).await;
    s.wait_until(
        "the app to confirm the settings",
        "document.querySelector('#cdr-status').textContent === 'CDR Explorer is ready'",
    )
    .await;
    s.client
        .enter_frame(0)
        .await
        .expect("enter the app's frame");
    assert_eq!(
        s.js("return document.querySelector('#vdn').value;").await,
        json!("1")
    );
    assert_eq!(
        s.js("return document.querySelector('#sub-cc-no').value;")
            .await,
        json!("1")
    );
    // A 420px portal column: the compact layout is on.
    assert_eq!(
        s.js("return getComputedStyle(document.querySelector('.app-header .subtitle')).display;")
            .await,
        json!("none")
    );
    search_and_wait_for_rows(&s).await;
    assert_eq!(violations(&s).await, json!([]));
    // The token stays in memory: not in storage (which holds saved searches), not in the URL.
    let stored = s
        .js("return JSON.stringify([location.href, {...sessionStorage}, {...localStorage}]);")
        .await;
    assert!(!stored.to_string().contains(TEST_TOKEN), "{stored}");
    s.client
        .enter_parent_frame()
        .await
        .expect("back to the portal");
    assert_eq!(violations(&s).await, json!([]));
    s.close().await;

    // Not allowed: the portal sends the same message; the app ignores it.
    let s = Session::open(&format!("{other}/"), sim, &[CSP_RECORDER]).await;
    s.wait_until(
        "the portal to send its settings",
        "document.querySelector('#cdr-status').textContent === 'settings sent'",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(s.text_of("#cdr-status").await, "settings sent");
    s.client
        .enter_frame(0)
        .await
        .expect("enter the app's frame");
    assert_eq!(
        s.js("return document.querySelector('#vdn').value;").await,
        json!("")
    );
    s.fill("#sub-cc-no", "1").await;
    s.fill("#vdn", "1").await;
    s.fill("#call-id", "1").await;
    s.click(css::SEARCH).await;
    s.wait_until(
        "the token dialog (no token was taken)",
        "document.querySelector('dialog.token-dialog').open",
    )
    .await;
    assert_eq!(violations(&s).await, json!([]));
    s.close().await;
}

#[tokio::test]
async fn mounts_in_the_host_element_when_the_page_has_one() {
    let sim = start_sim(&["--token", TEST_TOKEN]).await;
    let site =
        site_with(json!({ "token": TEST_TOKEN, "timeZone": "UTC", "subCcNo": "1", "vdn": "1" }));
    // A same-origin host page: the build's own head, plus a host element among its content.
    let index = std::fs::read_to_string(site.path().join("index.html")).expect("index.html");
    let host = index.replace(
        "<body>",
        "<body><header id=\"portal-header\">Portal</header><div id=\"cdr-explorer\"></div>",
    );
    std::fs::write(site.path().join("portal.html"), host).expect("write portal.html");
    let nginx = Nginx::start(site.path(), sim, "'self'", None);
    let s = Session::open(
        &format!("{}/portal.html", nginx.origin()),
        sim,
        &[CSP_RECORDER],
    )
    .await;
    s.wait_for("#cdr-explorer > .app").await;
    assert_eq!(
        s.js("return document.querySelectorAll('.app').length;")
            .await,
        json!(1)
    );
    assert_eq!(s.text_of("#portal-header").await, "Portal");
    search_and_wait_for_rows(&s).await;
    assert_eq!(violations(&s).await, json!([]));
    s.close().await;
}
