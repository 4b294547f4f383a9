//! The `cdr-sim` binary: parse flags, generate data, listen, serve until Ctrl-C/SIGTERM.

use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

use cdr_sim::config::SimConfig;
use cdr_sim::server::{serve_state, AppState};
use clap::Parser;

#[tokio::main]
async fn main() {
    let cfg = SimConfig::parse();
    let started = Instant::now();
    let state = Arc::new(AppState::new(&cfg));
    if !cfg.quiet {
        eprintln!(
            "cdr-sim: {} records generated in {:.0} ms",
            state.contract.dataset.len(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    let listener = match tokio::net::TcpListener::bind(cfg.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cdr-sim: cannot listen on {}: {e}", cfg.listen);
            std::process::exit(1);
        }
    };
    let addr = listener.local_addr().unwrap_or(cfg.listen);
    println!("cdr-sim listening on http://{addr}");
    let _ = std::io::stdout().flush();
    if let Err(e) = serve_state(listener, state, shutdown_signal()).await {
        eprintln!("cdr-sim: {e}");
        std::process::exit(1);
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
