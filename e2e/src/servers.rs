//! The servers the browser talks to: the simulator (the contract's API, and the app's
//! files with `--dist`) and a plain static file server for builds that need no API (the
//! demo). Both run in-process on a free loopback port and stop when dropped.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use axum::http::header::{HeaderValue, CACHE_CONTROL};
use tokio::task::JoinHandle;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// A running simulator (`cdr-sim`), stopped on drop.
pub struct Simulator {
    /// Where it listens (loopback, a free port).
    pub addr: SocketAddr,
    state: Arc<cdr_sim::server::AppState>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Simulator {
    /// Starts the simulator with `args`: its own command-line flags (`cdr-sim --help`),
    /// after `--listen 127.0.0.1:0`, e.g. `["--token", "t", "--max-results", "100",
    /// "--cap-order", "last", "--max-concurrent", "4", "--latency-ms", "200"]`. Panics on a
    /// flag it refuses or when it cannot bind.
    pub async fn start<S: AsRef<str>>(args: &[S]) -> Simulator {
        let mut argv = vec![
            "cdr-sim".to_string(),
            "--listen".into(),
            "127.0.0.1:0".into(),
        ];
        argv.extend(args.iter().map(|a| a.as_ref().to_string()));
        let config = <cdr_sim::config::SimConfig as clap::Parser>::parse_from(argv);
        let state = Arc::new(cdr_sim::server::AppState::new(&config));
        let (addr, task) = cdr_sim::server::spawn_state(state.clone())
            .await
            .expect("start the simulator");
        Simulator { addr, state, task }
    }

    /// Its request counters since start or the last [`Simulator::reset_stats`] (what
    /// `GET /__sim/stats` answers): API requests received, the most served at once, and
    /// those rejected with a 429 by `--max-concurrent` / `--max-per-second`.
    pub fn stats(&self) -> cdr_sim::server::SimStats {
        self.state.stats()
    }

    /// Zeroes the counters (as `POST /__sim/stats/reset`), e.g. after the page has loaded.
    pub fn reset_stats(&self) {
        self.state.reset_stats();
    }

    /// Its URL (ends with `/`).
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A plain static file server on loopback, as any web host is (tower-http's `ServeDir`):
/// `GET`/`HEAD` of files under one folder (`/` gives `index.html`), a content type from the
/// extension, 404 for anything missing, 405 for other methods, `Cache-Control: no-cache`.
/// No API, no proxy. Stops when dropped.
pub struct StaticServer {
    pub addr: SocketAddr,
    task: JoinHandle<()>,
}

impl StaticServer {
    /// Serves `root` on a free loopback port. Panics when it cannot bind.
    pub async fn start(root: &Path) -> StaticServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let app = axum::Router::new()
            .fallback_service(ServeDir::new(root))
            .layer(SetResponseHeaderLayer::overriding(
                CACHE_CONTROL,
                HeaderValue::from_static("no-cache"),
            ));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
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

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::{Simulator, StaticServer};
    use crate::TempSite;

    /// One request on its own connection; the status line and headers, lower-cased.
    async fn head_of(server: &StaticServer, method: &str, path: &str) -> String {
        let mut stream = tokio::net::TcpStream::connect(server.addr)
            .await
            .expect("connect");
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            server.addr
        );
        stream.write_all(request.as_bytes()).await.expect("send");
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).await.expect("read");
        let reply = String::from_utf8_lossy(&reply).to_ascii_lowercase();
        reply
            .split("\r\n\r\n")
            .next()
            .unwrap_or_default()
            .to_string()
    }

    /// One query on its own connection; the status code.
    async fn query_status(sim: &Simulator) -> u16 {
        let mut stream = tokio::net::TcpStream::connect(sim.addr)
            .await
            .expect("connect");
        let body = r#"{"subCcNo":"1","vdn":"1","beginDate":"0"}"#;
        let request = format!(
            "POST {} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer t\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            cdr_sim::contract::QUERY_PATH,
            sim.addr,
            body.len()
        );
        stream.write_all(request.as_bytes()).await.expect("send");
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).await.expect("read");
        String::from_utf8_lossy(&reply)
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("a status")
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_simulator_takes_its_flags_and_reports_its_stats() {
        let sim = Simulator::start(&[
            "--token",
            "t",
            "--records",
            "2000",
            "--max-concurrent",
            "1",
            "--latency-ms",
            "500",
        ])
        .await;
        let (a, b) = tokio::join!(query_status(&sim), query_status(&sim));
        let mut statuses = [a, b];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 429]);
        let stats = sim.stats();
        assert_eq!(
            (stats.api_requests, stats.max_in_flight, stats.rejected),
            (2, 1, 1)
        );
        sim.reset_stats();
        assert_eq!(sim.stats(), cdr_sim::server::SimStats::default());
    }

    #[tokio::test]
    async fn the_static_server_serves_files_as_a_plain_web_host_does() {
        let site = TempSite::empty();
        std::fs::write(site.path().join("index.html"), "<p>hi</p>").expect("index.html");
        std::fs::write(site.path().join("app.wasm"), b"\0asm").expect("app.wasm");
        let server = StaticServer::start(site.path()).await;

        let index = head_of(&server, "GET", "/").await;
        assert!(index.starts_with("http/1.1 200"), "{index}");
        assert!(index.contains("content-type: text/html"), "{index}");
        assert!(index.contains("cache-control: no-cache"), "{index}");
        let wasm = head_of(&server, "GET", "/app.wasm?v=1").await;
        assert!(wasm.contains("content-type: application/wasm"), "{wasm}");
        assert!(head_of(&server, "GET", "/missing.js")
            .await
            .starts_with("http/1.1 404"));
        assert!(head_of(&server, "GET", "/../etc/passwd")
            .await
            .starts_with("http/1.1 404"));
        assert!(head_of(&server, "POST", "/apiaccess/x")
            .await
            .starts_with("http/1.1 405"));
    }
}
