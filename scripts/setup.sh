#!/usr/bin/env bash
# Installs what building and testing Sandtable needs on a fresh machine, and skips what is already there:
# the wasm32 target, Trunk 0.21, wasm-bindgen-cli at the version in Cargo.lock, Debian's Chromium and
# ChromeDriver with a CJK font, and the npm packages of tests/e2e (playwright-core, binaryen's wasm-opt, axe-core,
# terser for the JS glue), and the pinned nightly Rust that builds the browser's wasm small (`wasm_env`, below).
# Source it (`. scripts/setup.sh`) to get PATH set; it is safe to run again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$root/tests/e2e/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
say() { echo "[setup] $*" >&2; }

rustup component list --installed 2>/dev/null | grep -q '^clippy' || { say "adding clippy and rustfmt"; rustup component add clippy rustfmt >&2; }
rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$' || {
  say "adding the wasm32 target"; rustup target add wasm32-unknown-unknown >&2; }

# The browser's wasm is built by a pinned nightly with the standard library compiled for it (`-Zbuild-std`), so a
# panic is a bare trap (`-Cpanic=immediate-abort`) with no location (`-Zlocation-detail=none`): the panic machinery,
# its messages and file names leave every wasm, 26 KB gzip of the page's (8%) on 2026-12-04. The native code, the
# tests and clippy stay on stable. Only `rust-src` is needed (no wasm32 rust-std: the build makes its own); the
# standard library's own crates are fetched once from the crates registry, so `trunk build --offline` finds them.
WASM_TOOLCHAIN=nightly-2026-05-20
wasm_lib() { echo "$(rustc +"$WASM_TOOLCHAIN" --print sysroot)/lib/rustlib/src/rust/library"; }
if ! rustc +"$WASM_TOOLCHAIN" --version >/dev/null 2>&1 || [ ! -f "$(wasm_lib)/Cargo.toml" ]; then
  say "installing Rust $WASM_TOOLCHAIN with rust-src (the browser's wasm)"
  rustup toolchain install "$WASM_TOOLCHAIN" --profile minimal --component rust-src >&2
fi
cargo +"$WASM_TOOLCHAIN" fetch -q --offline --manifest-path "$(wasm_lib)/Cargo.toml" 2>/dev/null ||
  cargo +"$WASM_TOOLCHAIN" fetch -q --manifest-path "$(wasm_lib)/Cargo.toml" >&2
# Sets the environment of a build of the browser's wasm (`trunk build`, `trunk serve`): the toolchain, the standard
# library built with it, and the flags. The flags are the wasm32 target's, which cargo adds to those of
# `.cargo/config.toml` (`--cfg erase_components` stays declared there only) and gives to the wasm's units alone,
# the standard library's among them, never to build scripts or proc macros. It exports into the calling shell: call
# it in a subshell (test.sh) or before `exec` (serve.sh), so the rest of the shell's cargo commands stay on stable.
wasm_env() {
  export RUSTUP_TOOLCHAIN="$WASM_TOOLCHAIN" CARGO_UNSTABLE_BUILD_STD="std,panic_abort" \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
}

if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
  say "installing Trunk 0.21 (about 13 minutes on 2 cores)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version '~0.21' --locked >&2
fi

wbg="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$root/Cargo.lock")"
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$"; then
  say "installing wasm-bindgen-cli $wbg (about 6 minutes)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install wasm-bindgen-cli --version "$wbg" --force >&2
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk'; then
  say "installing Chromium, ChromeDriver and a CJK font from Debian"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-zenhei >&2
fi

if [ ! -x "$root/tests/e2e/node_modules/.bin/wasm-opt" ] || [ ! -d "$root/tests/e2e/node_modules/playwright-core" ] || [ ! -f "$root/tests/e2e/node_modules/axe-core/axe.min.js" ] || [ ! -d "$root/tests/e2e/node_modules/terser" ]; then
  say "installing the npm packages of tests/e2e"
  (cd "$root/tests/e2e" && npm ci --no-audit --no-fund >&2)
fi
say "ready: $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version | head -1)"
