//! Two build-time rules of the app crate.
//!
//! 1. **The split switch.** Release builds for the browser are split in two wasm files (see
//!    src/split.rs): `cdr_split` turns the results' loading into a split point, and
//!    wasm-split needs the linker's relocations to move code between the files. This is the
//!    one place that decides it (wasm target and the release profile); the decision is
//!    recorded in the wasm itself (src/split.rs emits a `cdr-split-build` custom section), and
//!    `scripts/trunk-post-build` reads that record instead of deciding again, failing the
//!    build when Trunk's profile disagrees with it. Tests and `trunk serve` (debug) stay whole.
//! 2. **The rooms.** `src/shell/` (the first load) never names `crate::results`: the result
//!    views build on the shell, not the reverse. A line that does fails the build.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(cdr_split)");
    println!("cargo::rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    let release = std::env::var("PROFILE").is_ok_and(|profile| profile == "release");
    if wasm && release {
        println!("cargo::rustc-cfg=cdr_split");
        println!("cargo::rustc-link-arg-bins=--emit-relocs");
    }

    println!("cargo::rerun-if-changed=src/shell");
    let mut offences = Vec::new();
    check_room(Path::new("src/shell"), &mut offences);
    if !offences.is_empty() {
        panic!(
            "src/shell must not name crate::results (results may use shell, not the reverse):\n{}",
            offences.join("\n")
        );
    }
}

/// Collects `file:line: text` for every code line under `dir` that names the results room.
fn check_room(dir: &Path, offences: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            check_room(&path, offences);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let Ok(source) = std::fs::read_to_string(&path) else {
            continue;
        };
        for (number, line) in source.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            if names_results(code) {
                offences.push(format!(
                    "{}:{}: {}",
                    path.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
}

/// Whether a line of code names the results module: `crate::results`, `super::results`
/// (from `src/shell/mod.rs`) or `crate::{…, results, …}`.
fn names_results(code: &str) -> bool {
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.contains("crate::results") || compact.contains("super::results") {
        return true;
    }
    compact.split("crate::{").skip(1).any(|group| {
        group.split('}').next().is_some_and(|names| {
            names
                .split(',')
                .any(|n| n == "results" || n.starts_with("results::"))
        })
    })
}
