# Shared by the scripts: where the project lives and where its tools are.
# Sourced, not run.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
# The npm wasm-opt (binaryen 132) must come before any Debian wasm-opt: Debian's 108 builds a
# page that dies at start.
export PATH="$TOOLS/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CDR_CHROMIUM="${CDR_CHROMIUM:-/usr/bin/chromium}"

TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132"
# wasm-split for release builds (scripts/trunk-post-build); pairs with the wasm_split_helpers
# crate in Cargo.lock, as in cargo-leptos 0.3.
WASM_SPLIT_VERSION="0.2.4"
# geckodriver (crates.io) for the end-to-end and browser tests in Firefox ESR.
GECKODRIVER_VERSION="0.37.1"
# Major version of terser (npm), which minifies the wasm-bindgen glue in release builds.
TERSER_VERSION="5"
# Major version of axe-core (npm) for the accessibility tests.
AXE_CORE_VERSION="4"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# The wasm-bindgen CLI must equal the crate version that Cargo.lock pins.
wasm_bindgen_lock_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock"
}
