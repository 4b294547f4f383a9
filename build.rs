//! Release builds for the browser are split in two wasm files (see src/deferred.rs):
//! `cdr_split` turns the deferred views into split points, and wasm-split needs the linker's
//! relocations to move code between the files. Tests and `trunk serve` (debug) stay whole.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(cdr_split)");
    println!("cargo::rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    let release = std::env::var("PROFILE").is_ok_and(|profile| profile == "release");
    if wasm && release {
        println!("cargo::rustc-cfg=cdr_split");
        println!("cargo::rustc-link-arg-bins=--emit-relocs");
    }
}
