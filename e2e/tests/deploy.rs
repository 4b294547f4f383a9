//! End-to-end deployment: the release build behind real nginx (deploy/nginx.conf rendered by
//! deploy/render-nginx-conf) on loopback, proxied to the simulator. Covers the Content
//! Security Policy, caching and compression, the server-side token (deploy/refresh-token),
//! the iframe handoff (deploy/embed-example.html), and TLS: in nginx with a certificate the
//! test makes (headers, redirect, protocols, ciphers, OCSP stapling, the MDN HTTP
//! Observatory's tests), or at a load balancer in front (BEHIND_TLS_PROXY).

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

#[path = "deploy/tls.rs"]
mod tls;
use tls::{handshake, https, OcspResponder, TestCert};

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
    /// Plain HTTP (LISTEN).
    port: u16,
    /// HTTPS (TLS_LISTEN), when the configuration has TLS; unused otherwise.
    tls_port: u16,
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
    /// Renders the template for `site` and `upstream` and starts nginx on a free port.
    fn start(
        site: &Path,
        upstream: SocketAddr,
        frame_ancestors: &str,
        token_file: Option<&Path>,
    ) -> Nginx {
        let mut env = vec![("FRAME_ANCESTORS", frame_ancestors.to_string())];
        if let Some(file) = token_file {
            env.push(("TOKEN_FILE", file.display().to_string()));
        }
        Nginx::rendered(site, upstream, &env)
    }

    /// Renders the template for `site` and `upstream` with `env` (render-nginx-conf's
    /// variables; they win over the defaults here) and starts nginx. LISTEN is a free port,
    /// TLS_LISTEN another when `env` sets TLS_CERT; no access log unless `env` asks for one.
    fn rendered(site: &Path, upstream: SocketAddr, env: &[(&str, String)]) -> Nginx {
        let tls = env.iter().any(|(name, _)| *name == "TLS_CERT");
        Nginx::launch(|port, tls_port| {
            let mut render = Command::new(repo().join("deploy/render-nginx-conf"));
            render
                .env("LISTEN", format!("127.0.0.1:{port}"))
                .env("DIST_DIR", site)
                .env("UPSTREAM", format!("http://{upstream}"))
                .env("ACCESS_LOG", "off");
            if tls {
                render.env("TLS_LISTEN", format!("127.0.0.1:{tls_port}"));
            }
            // As root, nginx would run its workers as nobody; the test files belong to root.
            if is_root() {
                render.env("WORKER_USER", "root");
            }
            render.envs(env.iter().map(|(name, value)| (name, value)));
            let rendered = render.output().expect("run deploy/render-nginx-conf");
            assert!(
                rendered.status.success(),
                "render-nginx-conf failed: {}",
                String::from_utf8_lossy(&rendered.stderr)
            );
            rendered.stdout
        })
    }

    /// Starts nginx with the configuration `conf(port, tls_port)` gives for two free ports,
    /// on fresh ports again if another test's server took one before nginx bound it.
    fn launch(conf: impl Fn(u16, u16) -> Vec<u8>) -> Nginx {
        (0..3)
            .find_map(|_| Nginx::try_launch(&conf))
            .expect("nginx did not start on any of three pairs of free ports")
    }

    fn try_launch(make_conf: &impl Fn(u16, u16) -> Vec<u8>) -> Option<Nginx> {
        let prefix = TempSite::empty();
        let (port, tls_port) = (free_port(), free_port());
        let conf = prefix.path().join("nginx.conf");
        std::fs::write(&conf, make_conf(port, tls_port)).expect("write nginx.conf");
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
            tls_port,
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

    fn https_origin(&self) -> String {
        format!("https://127.0.0.1:{}", self.tls_port)
    }

    /// The access log's lines so far (ACCESS_LOG=access.log: in the prefix), without the
    /// start-up probe's (see [`Nginx::answers`]).
    fn access_log(&self) -> Vec<String> {
        std::fs::read_to_string(self.prefix.path().join("access.log"))
            .unwrap_or_default()
            .lines()
            .filter(|line| !line.contains("\"HEAD / HTTP/1.0\""))
            .map(str::to_string)
            .collect()
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
    /// A status line, header lines and the body, as a server (or `curl --include`) wrote them.
    fn parse(raw: &[u8]) -> Reply {
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

    /// Every value of a header, in order (a header sent twice shows twice).
    fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

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
    Reply::parse(&raw)
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
    // The result views move the form's buttons when they arrive: act once they are there
    // (WebKit's clicks land where the button was).
    s.page().wait_for_app().await;
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
    // Trunk writes a hash without its leading zeros: one build in sixteen names its files
    // with 15 hex digits (it did: cdr-explorer-125f63a1684e597_bg.wasm). Such a file must be
    // cached as long as the others.
    let short_hash = site.path().join("extra-123456789abcdef.js");
    std::fs::write(&short_hash, "export {};\n").expect("a short-hash asset");
    let gzipped = std::process::Command::new("gzip")
        .args(["-k", "-9"])
        .arg(&short_hash)
        .status()
        .expect("gzip");
    assert!(gzipped.success(), "gzip the short-hash asset");
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
    // The same security headers as over HTTPS, but no HSTS: plain HTTP cannot set it.
    assert_security_headers("index.html over HTTP", &index, "'self'", None);
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
    let s = Session::open_on(
        &[&site],
        &format!("{}/", nginx.origin()),
        sim,
        &[CSP_RECORDER],
    )
    .await;

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
    s.click(&css::row_cell(0)).await;
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

    let s = Session::open_on(
        &[&site],
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
    let s = Session::open_on(
        &[&allowed_site, &site],
        &format!("{allowed}/"),
        sim,
        &[CSP_RECORDER],
    )
    .await;
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
    // (In WebKit the recorder is in the pages already.)
    let s = Session::open_on(&[&other_site], &format!("{other}/"), sim, &[CSP_RECORDER]).await;
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
    let s = Session::open_on(
        &[&site],
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

// ---------------------------------------------------------------------------------------------
// TLS: in this nginx (TLS_CERT/TLS_KEY), or at a load balancer in front (BEHIND_TLS_PROXY=1).

/// HSTS as the template sends it: two years; subdomains and preload only on request.
const HSTS: &str = "max-age=63072000";
const HSTS_PRELOAD: &str = "max-age=63072000; includeSubDomains; preload";

/// The Mozilla "intermediate" TLS 1.2 ciphers (guidelines 6.0), as OpenSSL names them.
const INTERMEDIATE_TLS12_CIPHERS: [&str; 6] = [
    "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-CHACHA20-POLY1305",
    "ECDHE-RSA-CHACHA20-POLY1305",
];

/// The variables that turn TLS on for `cert`.
fn tls_env(cert: &TestCert) -> Vec<(&'static str, String)> {
    vec![
        ("TLS_CERT", cert.cert.display().to_string()),
        ("TLS_KEY", cert.key.display().to_string()),
    ]
}

/// Every security header, each exactly once (a second copy would make browsers and scanners
/// combine or pick): the policy with `frame_ancestors`, nosniff, no-referrer, COOP and CORP
/// same-origin, a Permissions-Policy that denies the features the app never uses, and HSTS
/// as `hsts` says (`None`: no HSTS, as on plain HTTP).
fn assert_security_headers(what: &str, reply: &Reply, frame_ancestors: &str, hsts: Option<&str>) {
    let once = |name: &str| -> String {
        let values = reply.all(name);
        assert_eq!(
            values.len(),
            1,
            "{what}: {name} sent {} times: {values:?}",
            values.len()
        );
        values[0].to_string()
    };
    assert_eq!(
        once("Content-Security-Policy"),
        format!("{POLICY}{frame_ancestors}"),
        "{what}"
    );
    assert_eq!(once("X-Content-Type-Options"), "nosniff", "{what}");
    assert_eq!(once("Referrer-Policy"), "no-referrer", "{what}");
    assert_eq!(once("Cross-Origin-Opener-Policy"), "same-origin", "{what}");
    assert_eq!(
        once("Cross-Origin-Resource-Policy"),
        "same-origin",
        "{what}"
    );
    let permissions = once("Permissions-Policy");
    let denied: Vec<&str> = permissions
        .split(',')
        .filter_map(|d| d.trim().strip_suffix("=()"))
        .collect();
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"] {
        assert!(
            denied.contains(&feature),
            "{what}: {feature} not denied: {permissions}"
        );
    }
    // The detail panel copies values: the clipboard must stay allowed.
    assert!(!permissions.contains("clipboard"), "{what}: {permissions}");
    match hsts {
        Some(value) => assert_eq!(once("Strict-Transport-Security"), value, "{what}"),
        None => assert_eq!(
            reply.all("Strict-Transport-Security"),
            Vec::<&str>::new(),
            "{what}"
        ),
    }
}

/// The name of one hashed asset of the build (the loader script).
fn an_asset(site: &Path) -> String {
    std::fs::read_dir(site)
        .expect("read the site")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .find(|name| name.starts_with("loader-") && name.ends_with(".js"))
        .expect("the build's loader-<hash>.js")
}

#[tokio::test]
async fn tls_sends_every_security_header_on_every_answer_and_http_only_redirects() {
    let sim = start_sim(&["--token", TEST_TOKEN]).await;
    let site = site_with(json!({ "timeZone": "UTC" }));
    let cert = TestCert::self_signed();
    let mut env = tls_env(&cert);
    env.push(("FRAME_ANCESTORS", "'self'".into()));
    let nginx = Nginx::rendered(site.path(), sim, &env);
    let (port, tls) = (nginx.port, nginx.tls_port);
    let ca = cert.ca.clone();
    let get = |path: String| {
        let ca = ca.clone();
        async move { https(tls, &ca, "GET", &path, &[], b"").await }
    };
    let json_type = ("Content-Type", "application/json");

    let index = get("/".into()).await;
    assert_eq!(index.status, 200);
    assert_eq!(index.header("Cache-Control"), Some("no-cache"));
    assert_security_headers("index.html", &index, "'self'", Some(HSTS));

    let asset = an_asset(site.path());
    let reply = get(format!("/{asset}")).await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("Cache-Control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_security_headers(&asset, &reply, "'self'", Some(HSTS));

    let config = get("/config.json".into()).await;
    assert_eq!(config.status, 200);
    assert_security_headers("config.json", &config, "'self'", Some(HSTS));

    // The API's own error (no token), nginx's refusal of a GET, a missing file.
    let api = https(
        tls,
        &cert.ca,
        "POST",
        QUERY_PATH,
        &[json_type],
        query_body(),
    )
    .await;
    assert_eq!(api.status, 401);
    assert_security_headers("the API's 401", &api, "'self'", Some(HSTS));
    let refused = get(QUERY_PATH.into()).await;
    assert_eq!(refused.status, 403);
    assert_security_headers("nginx's 403", &refused, "'self'", Some(HSTS));
    let missing = get("/no-such-file".into()).await;
    assert_eq!(missing.status, 404);
    assert_security_headers("a 404", &missing, "'self'", Some(HSTS));
    // And the API works over HTTPS.
    let bearer = format!("Bearer {TEST_TOKEN}");
    let ok = https(
        tls,
        &cert.ca,
        "POST",
        QUERY_PATH,
        &[json_type, ("Authorization", &bearer)],
        query_body(),
    )
    .await;
    assert_eq!(ok.status, 200);

    // Plain HTTP answers every request with a 301 to the same path and query over HTTPS,
    // and serves nothing itself (not even config.json, not even to a POST).
    let target = "/config.json?from=portal&x=%2F1";
    let redirect = http(port, "GET", target, &[], b"").await;
    assert_eq!(redirect.status, 301);
    let location = format!("https://127.0.0.1:{tls}{target}");
    assert_eq!(redirect.header("Location"), Some(location.as_str()));
    let followed = get(target.into()).await;
    assert_eq!(followed.status, 200);
    assert_eq!(followed.body, config.body);
    let post = http(port, "POST", QUERY_PATH, &[json_type], query_body()).await;
    assert_eq!(post.status, 301);
    assert_eq!(
        post.header("Location"),
        Some(format!("https://127.0.0.1:{tls}{QUERY_PATH}").as_str())
    );
    assert!(!String::from_utf8_lossy(&post.body).contains("records"));
    drop(nginx);

    // HSTS_PRELOAD=1 adds includeSubDomains and preload.
    env.push(("HSTS_PRELOAD", "1".into()));
    let nginx = Nginx::rendered(site.path(), sim, &env);
    let index = https(nginx.tls_port, &cert.ca, "GET", "/", &[], b"").await;
    assert_security_headers("index.html, preload", &index, "'self'", Some(HSTS_PRELOAD));
}

#[tokio::test]
async fn tls_accepts_only_tls_1_2_and_1_3_with_the_intermediate_ciphers() {
    let sim = start_sim(&["--token", TEST_TOKEN]).await;
    let site = site_with(json!({ "timeZone": "UTC" }));
    let cert = TestCert::self_signed();
    let nginx = Nginx::rendered(site.path(), sim, &tls_env(&cert));
    let tls = nginx.tls_port;

    // The client offers TLS 1.0 / 1.1 (security level 0); the server answers with the
    // protocol_version alert (70). Without ssl_protocols, nginx 1.22 would accept them, or
    // fail later with a different alert.
    for version in ["-tls1", "-tls1_1"] {
        let h = handshake(tls, &cert.ca, &[version]).await;
        assert!(!h.ok, "{version} was accepted:\n{}", h.text);
        assert!(
            h.text.contains("alert protocol version"),
            "{version}: not refused for its version:\n{}",
            h.text
        );
    }

    // TLS 1.2: a Mozilla intermediate cipher, and no session ticket (the cache resumes).
    let h12 = handshake(tls, &cert.ca, &["-tls1_2"]).await;
    assert!(h12.ok, "TLS 1.2 refused:\n{}", h12.text);
    assert!(
        h12.text.contains("New, TLSv1.2, Cipher is "),
        "{}",
        h12.text
    );
    let cipher = h12
        .text
        .lines()
        .find_map(|l| {
            l.split_once("Cipher is ")
                .map(|(_, c)| c.trim().to_string())
        })
        .expect("a negotiated cipher");
    assert!(
        INTERMEDIATE_TLS12_CIPHERS.contains(&cipher.as_str()),
        "not an intermediate cipher: {cipher}"
    );
    assert!(h12.text.contains("SSL-Session:"), "{}", h12.text);
    assert!(
        !h12.text.contains("TLS session ticket lifetime hint"),
        "a session ticket was issued:\n{}",
        h12.text
    );
    // A CBC cipher that nginx's default list (HIGH) would take is refused.
    let cbc = handshake(
        tls,
        &cert.ca,
        &["-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA@SECLEVEL=0"],
    )
    .await;
    assert!(!cbc.ok, "ECDHE-ECDSA-AES128-SHA accepted:\n{}", cbc.text);

    let h13 = handshake(tls, &cert.ca, &["-tls1_3"]).await;
    assert!(h13.ok, "TLS 1.3 refused:\n{}", h13.text);
    assert!(
        h13.text.contains("New, TLSv1.3, Cipher is "),
        "{}",
        h13.text
    );

    // Stapling is on, but this certificate names no OCSP responder: nginx serves without.
    let status = handshake(tls, &cert.ca, &["-status"]).await;
    assert!(status.ok, "{}", status.text);
    assert!(
        status.text.contains("OCSP response: no response sent"),
        "{}",
        status.text
    );
}

#[tokio::test]
async fn tls_staples_ocsp_when_the_certificate_names_a_responder() {
    let sim = start_sim(&["--token", TEST_TOKEN]).await;
    let site = site_with(json!({ "timeZone": "UTC" }));
    let ocsp_port = free_port();
    let cert = TestCert::issued_with_ocsp(ocsp_port);
    let _responder = OcspResponder::start(&cert, ocsp_port);
    // The leaf alone in TLS_CERT: nginx learns the issuer from TLS_TRUSTED_CERT, and checks
    // the responder's answer against it.
    let mut env = tls_env(&cert);
    env.push(("TLS_TRUSTED_CERT", cert.ca.display().to_string()));
    let nginx = Nginx::rendered(site.path(), sim, &env);

    // nginx asks the responder on the first handshakes, then staples its answer.
    let started = Instant::now();
    loop {
        let h = handshake(nginx.tls_port, &cert.ca, &["-status"]).await;
        assert!(h.ok, "{}", h.text);
        if h.text.contains("OCSP Response Status: successful") {
            assert!(h.text.contains("Cert Status: good"), "{}", h.text);
            break;
        }
        assert!(
            started.elapsed() < WAIT,
            "no stapled OCSP answer after {WAIT:?}:\n{}\nnginx: {}",
            h.text,
            std::fs::read_to_string(nginx.prefix.path().join("error.log")).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn behind_a_tls_proxy_only_the_trusted_proxy_says_https_and_who_the_client_is() {
    let sim = start_sim(&["--token", TEST_TOKEN]).await;
    let site = site_with(json!({ "timeZone": "UTC" }));
    let proxy_env = |trusted: &str| {
        vec![
            ("BEHIND_TLS_PROXY", "1".to_string()),
            ("TRUSTED_PROXIES", trusted.to_string()),
            ("ACCESS_LOG", "access.log".to_string()),
            ("FRAME_ANCESTORS", "'self'".to_string()),
        ]
    };
    let https_from = [
        ("X-Forwarded-Proto", "https"),
        ("X-Forwarded-For", "203.0.113.7"),
    ];

    // The test is the load balancer (127.0.0.1).
    let nginx = Nginx::rendered(site.path(), sim, &proxy_env("127.0.0.1, 192.0.2.0/24"));
    let port = nginx.port;
    let index = http(port, "GET", "/", &https_from, b"").await;
    assert_eq!(index.status, 200);
    assert_security_headers("index.html via the proxy", &index, "'self'", Some(HSTS));
    let bearer = format!("Bearer {TEST_TOKEN}");
    let mut api_headers = https_from.to_vec();
    api_headers.extend([
        ("Content-Type", "application/json"),
        ("Authorization", &bearer),
    ]);
    let api = http(port, "POST", QUERY_PATH, &api_headers, query_body()).await;
    assert_eq!(api.status, 200);
    assert_security_headers("the API via the proxy", &api, "'self'", Some(HSTS));
    // The client's address, not the proxy's, is what nginx logs (and limits would use).
    let log = nginx.access_log();
    assert!(
        log.iter().all(|l| l.starts_with("203.0.113.7 ")),
        "not the forwarded client: {log:?}"
    );
    // What the proxy received over plain HTTP goes to HTTPS: same host, path and query.
    for proto in [None, Some("http")] {
        let headers: Vec<(&str, &str)> = proto
            .map(|p| ("X-Forwarded-Proto", p))
            .into_iter()
            .collect();
        let plain = http(port, "GET", "/config.json?x=1", &headers, b"").await;
        assert_eq!(plain.status, 301, "X-Forwarded-Proto {proto:?}");
        assert_eq!(
            plain.header("Location"),
            Some("https://127.0.0.1/config.json?x=1")
        );
    }
    drop(nginx);

    // Anyone else (the test is not in 192.0.2.0/24) cannot claim HTTPS or another address.
    let nginx = Nginx::rendered(site.path(), sim, &proxy_env("192.0.2.0/24"));
    let spoofed = http(nginx.port, "GET", "/config.json", &https_from, b"").await;
    assert_eq!(spoofed.status, 301);
    assert_eq!(
        spoofed.header("Location"),
        Some("https://127.0.0.1/config.json")
    );
    let log = nginx.access_log();
    assert!(
        !log.is_empty() && log.iter().all(|l| l.starts_with("127.0.0.1 ")),
        "a forwarded address from an untrusted peer was believed: {log:?}"
    );
}

/// A stand-in for the API that answers every request with a 500 carrying its own,
/// weaker, security headers.
async fn start_hostile_upstream() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf).await;
                let body = br#"{"resultCode":"0500001","resultDesc":"upstream failure"}"#;
                let head = format!(
                    "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\
                     Strict-Transport-Security: max-age=5; includeSubDomains; preload\r\n\
                     Content-Security-Policy: default-src *\r\nX-Content-Type-Options: sniff\r\n\
                     Referrer-Policy: unsafe-url\r\nCross-Origin-Opener-Policy: unsafe-none\r\n\
                     Cross-Origin-Resource-Policy: cross-origin\r\nPermissions-Policy: camera=*\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(body).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    addr
}

#[tokio::test]
async fn api_answers_carry_this_servers_security_headers_not_the_upstreams() {
    let upstream = start_hostile_upstream().await;
    let site = site_with(json!({ "timeZone": "UTC" }));
    let cert = TestCert::self_signed();
    let mut env = tls_env(&cert);
    env.push(("FRAME_ANCESTORS", "'self'".into()));
    let nginx = Nginx::rendered(site.path(), upstream, &env);
    let json_type = ("Content-Type", "application/json");
    let reply = https(
        nginx.tls_port,
        &cert.ca,
        "POST",
        QUERY_PATH,
        &[json_type],
        query_body(),
    )
    .await;
    assert_eq!(reply.status, 500);
    assert!(String::from_utf8_lossy(&reply.body).contains("upstream failure"));
    // The API's HSTS (a short max-age with includeSubDomains) must not decide this host's.
    assert_security_headers("the API's 500", &reply, "'self'", Some(HSTS));
}

/// The MDN HTTP Observatory's tests (github.com/mdn/mdn-http-observatory,
/// src/analyzer/tests/) that apply to this deployment, each as its pass condition. The scanner
/// reads the final answer for `/` over HTTPS, follows the redirects from `http://`, and sends
/// one request with an `Origin`. (It also needs a publicly trusted certificate for the HSTS
/// and redirection tests; this one is the test's own.)
#[tokio::test]
async fn mdn_observatory_tests_pass_over_https() {
    let sim = start_sim(&["--token", TEST_TOKEN]).await;
    let site = site_with(json!({ "timeZone": "UTC" }));
    let cert = TestCert::self_signed();
    let portal = "https://portal.example.com";
    let mut env = tls_env(&cert);
    env.push(("FRAME_ANCESTORS", format!("'self' {portal}")));
    let nginx = Nginx::rendered(site.path(), sim, &env);
    let tls = nginx.tls_port;
    let page = https(tls, &cert.ca, "GET", "/", &[], b"").await;
    assert_eq!(page.status, 200);

    // Content Security Policy: passes as csp-implemented-with-no-unsafe when script-src
    // (else default-src) has no 'unsafe-inline', data: or broad source (*, http:, https:,
    // ftp:), object-src (else default-src) has no broad source, neither script-src nor
    // style-src has 'unsafe-eval', style-src has no 'unsafe-inline'/data:/broad source, and
    // nothing is loaded over http: or ftp: on an https page. ('wasm-unsafe-eval' is not
    // 'unsafe-eval': it allows compiling WebAssembly, not eval.)
    let csp = page.all("Content-Security-Policy");
    assert_eq!(csp.len(), 1, "one policy: {csp:?}");
    let directives: std::collections::HashMap<&str, Vec<&str>> = csp[0]
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace();
            words.next().map(|name| (name, words.collect()))
        })
        .collect();
    let sources = |name: &str| -> Vec<&str> {
        directives
            .get(name)
            .or_else(|| directives.get("default-src"))
            .cloned()
            .unwrap_or_else(|| vec!["*"])
    };
    let broad = [
        "ftp:",
        "http:",
        "https:",
        "*",
        "http://*",
        "http://*.*",
        "https://*",
        "https://*.*",
    ];
    let unsafe_inline = ["'unsafe-inline'", "data:"];
    for s in sources("script-src") {
        assert!(
            !broad.contains(&s) && !unsafe_inline.contains(&s),
            "script-src {s}"
        );
        assert_ne!(s, "'unsafe-eval'");
    }
    for s in sources("style-src") {
        assert!(
            !broad.contains(&s) && !unsafe_inline.contains(&s),
            "style-src {s}"
        );
        assert_ne!(s, "'unsafe-eval'");
    }
    for s in sources("object-src") {
        assert!(!broad.contains(&s), "object-src {s}");
    }
    for s in directives.values().flatten() {
        assert!(
            !s.starts_with("http:") && !s.starts_with("ftp:"),
            "insecure scheme {s}"
        );
    }
    // (Its bonus checks hold too: base-uri and form-action restricted, frame-ancestors set.)
    assert_eq!(directives.get("base-uri"), Some(&vec!["'none'"]));
    assert_eq!(directives.get("form-action"), Some(&vec!["'none'"]));

    // Cookies: cookies-not-found passes (no Set-Cookie anywhere on the way to the page).
    let redirect = http(nginx.port, "GET", "/", &[], b"").await;
    assert_eq!(page.all("Set-Cookie"), Vec::<&str>::new());
    assert_eq!(redirect.all("Set-Cookie"), Vec::<&str>::new());

    // CORS: a request with an Origin gets no Access-Control-Allow-Origin
    // (cross-origin-resource-sharing-not-implemented). It fails only when the Origin is
    // echoed with Access-Control-Allow-Credentials: true.
    let origin = "https://http-observatory.security.mozilla.org";
    let cors = https(tls, &cert.ca, "GET", "/", &[("Origin", origin)], b"").await;
    assert_eq!(cors.header("Access-Control-Allow-Origin"), None);
    assert_eq!(cors.header("Access-Control-Allow-Credentials"), None);

    // Redirection: redirection-to-https passes when http:// redirects, first of all, to
    // https:// on the same host, and the chain ends on https.
    assert!(
        matches!(redirect.status, 301 | 302 | 307 | 308),
        "{}",
        redirect.status
    );
    let location = redirect.header("Location").expect("a Location");
    assert!(location.starts_with("https://127.0.0.1:"), "{location}");
    let followed = https(tls, &cert.ca, "GET", "/", &[], b"").await;
    assert_eq!(followed.status, 200);

    // Referrer Policy: passes when the last valid value is no-referrer, same-origin,
    // strict-origin or strict-origin-when-cross-origin.
    let referrer = page.all("Referrer-Policy").join(",");
    let last_valid = referrer
        .split(',')
        .map(|v| v.trim().to_ascii_lowercase())
        .rfind(|v| {
            [
                "no-referrer",
                "same-origin",
                "strict-origin",
                "strict-origin-when-cross-origin",
                "origin",
                "origin-when-cross-origin",
                "unsafe-url",
                "no-referrer-when-downgrade",
            ]
            .contains(&v.as_str())
        });
    assert!(
        matches!(
            last_valid.as_deref(),
            Some(
                "no-referrer" | "same-origin" | "strict-origin" | "strict-origin-when-cross-origin"
            )
        ),
        "{referrer}"
    );

    // HSTS: hsts-implemented-max-age-at-least-six-months passes when the (first, not
    // repeated: no comma) header's max-age is at least 15,552,000 seconds.
    let hsts = page.all("Strict-Transport-Security");
    assert_eq!(hsts.len(), 1);
    assert!(!hsts[0].contains(','), "{}", hsts[0]);
    let max_age: u64 = hsts[0]
        .split(';')
        .find_map(|p| {
            p.trim()
                .to_ascii_lowercase()
                .strip_prefix("max-age=")
                .map(str::to_string)
        })
        .and_then(|v| v.parse().ok())
        .expect("a max-age");
    assert!(max_age >= 15_552_000, "{max_age}");

    // Subresource Integrity: passes without integrity attributes when every script is
    // loaded from the page's own origin (relative URLs, not //host or another host).
    let html = String::from_utf8_lossy(&page.body).to_string();
    let scripts: Vec<&str> = html
        .split("<script")
        .skip(1)
        .filter_map(|tag| tag.split('>').next())
        .collect();
    assert!(!scripts.is_empty());
    for tag in scripts {
        let src = tag
            .split_whitespace()
            .find_map(|a| a.strip_prefix("src="))
            .map(|v| v.trim_matches(|c| c == '"' || c == '\''))
            .unwrap_or_default();
        assert!(
            !src.starts_with("//") && !src.contains("://"),
            "a script from elsewhere: <script{tag}>"
        );
    }

    // X-Content-Type-Options: passes when the first header is nosniff.
    assert_eq!(
        page.all("X-Content-Type-Options").first().copied(),
        Some("nosniff")
    );

    // X-Frame-Options: x-frame-options-implemented-via-csp passes when the CSP header has
    // frame-ancestors (which, unlike X-Frame-Options, can name the portal); the CSP test's
    // anti-clickjacking check wants no broad source in it.
    let ancestors = directives.get("frame-ancestors").expect("frame-ancestors");
    assert_eq!(ancestors, &vec!["'self'", portal]);
    assert!(ancestors.iter().all(|s| !broad.contains(s)));

    // Cross-Origin-Resource-Policy: passes when absent or same-site, same-origin or
    // cross-origin; same-origin is the strictest.
    assert_eq!(
        page.all("Cross-Origin-Resource-Policy"),
        vec!["same-origin"]
    );
    // Cross-Origin-Opener-Policy: passes unless sent twice or invalid.
    assert_eq!(page.all("Cross-Origin-Opener-Policy"), vec!["same-origin"]);
}

/// A portal's own HTTPS origin: nginx serving `root` as plain static files (no policy of
/// ours: the example page has an inline script) with `cert`.
fn portal_over_https(root: &Path, cert: &TestCert) -> Nginx {
    let user = if is_root() { "user root;" } else { "" };
    Nginx::launch(|port, tls_port| {
        format!(
            "{user}\npid nginx.pid;\nerror_log stderr warn;\nevents {{ worker_connections 64; }}\n\
             http {{\n  include /etc/nginx/mime.types;\n  server_tokens off;\n  access_log off;\n\
             client_body_temp_path client_body_temp;\n  proxy_temp_path proxy_temp;\n\
             fastcgi_temp_path fastcgi_temp;\n  uwsgi_temp_path uwsgi_temp;\n  scgi_temp_path scgi_temp;\n\
             server {{ listen 127.0.0.1:{port}; return 404; }}\n\
             server {{ listen 127.0.0.1:{tls_port} ssl; ssl_certificate {}; ssl_certificate_key {}; root {}; }}\n}}\n",
            cert.cert.display(),
            cert.key.display(),
            root.display()
        )
        .into_bytes()
    })
}

#[tokio::test]
async fn portal_iframe_configures_the_app_over_https() {
    // Chromium only: the test's own certificate is accepted through DevTools.
    if cdr_e2e::Engine::from_env().skip_unless(
        cdr_e2e::Engine::Chromium,
        "accepts its own certificate through DevTools",
    ) {
        return;
    }
    let sim = start_sim(&["--token", TEST_TOKEN]).await;
    let cert = TestCert::self_signed();
    let portal_site = TempSite::empty();
    let portal = portal_over_https(portal_site.path(), &cert);
    let portal_origin = portal.https_origin();
    let site = site_with(json!({ "timeZone": "UTC", "allowedParentOrigins": [portal_origin] }));
    let mut env = tls_env(&cert);
    env.push(("FRAME_ANCESTORS", format!("'self' {portal_origin}")));
    let nginx = Nginx::rendered(site.path(), sim, &env);
    let app_origin = nginx.https_origin();
    write_portal_page(&portal_site, &app_origin);

    let s = Session::open("about:blank", sim, &[CSP_RECORDER]).await;
    // Accept the test's own certificate in this session only.
    s.devtools(
        "Security.setIgnoreCertificateErrors",
        json!({ "ignore": true }),
    )
    .await;
    s.client
        .goto(&format!("{portal_origin}/"))
        .await
        .expect("open the portal");
    // The handoff works with COOP and CORP on the app: frames are not windows (COOP), and
    // a navigation is not a resource load (CORP).
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
        s.js("return [location.origin, window.isSecureContext, document.querySelector('#vdn').value];")
            .await,
        json!([app_origin, true, "1"])
    );
    search_and_wait_for_rows(&s).await;
    assert_eq!(violations(&s).await, json!([]));
    s.client
        .enter_parent_frame()
        .await
        .expect("back to the portal");
    assert_eq!(violations(&s).await, json!([]));

    // The app on its own: the browser knows every feature the policy names, and denies
    // them to the app, while the clipboard stays allowed.
    let header = https(nginx.tls_port, &cert.ca, "GET", "/", &[], b"").await;
    let features: Vec<String> = header
        .header("Permissions-Policy")
        .expect("a Permissions-Policy")
        .split(',')
        .filter_map(|d| d.trim().strip_suffix("=()").map(str::to_string))
        .collect();
    s.client
        .goto(&format!("{app_origin}/"))
        .await
        .expect("open the app");
    s.wait_for("form.query").await;
    let check = format!(
        "const p = document.featurePolicy, names = {};
         return {{ unknown: names.filter(n => !p.features().includes(n)),
                  allowed: names.filter(n => p.allowsFeature(n)),
                  clipboard: p.allowsFeature('clipboard-write') }};",
        json!(features)
    );
    assert_eq!(
        s.js(&check).await,
        json!({ "unknown": [], "allowed": [], "clipboard": true })
    );
    s.close().await;
}
