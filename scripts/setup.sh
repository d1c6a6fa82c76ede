#!/usr/bin/env bash
# Installs what building and testing Sandtable needs on a fresh machine, and skips what is already there:
# the wasm32 target, Trunk 0.21, wasm-bindgen-cli at the version in Cargo.lock, Debian's Chromium and
# ChromeDriver with a CJK font, and the npm packages of tests/e2e (playwright-core, binaryen's wasm-opt, axe-core,
# terser for the JS glue).
# Source it (`. scripts/setup.sh`) to get PATH set; it is safe to run again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$root/tests/e2e/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
say() { echo "[setup] $*" >&2; }

rustup component list --installed 2>/dev/null | grep -q '^clippy' || { say "adding clippy and rustfmt"; rustup component add clippy rustfmt >&2; }
rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$' || {
  say "adding the wasm32 target"; rustup target add wasm32-unknown-unknown >&2; }

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
