#!/usr/bin/env bash
# The one test command (README, .ci/run): sets up a fresh machine, then checks style (fmt, clippy), runs the native tests, the component
# tests in Chromium, the release build with its size budget, and the browser tests against the built app.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/setup.sh
step() { echo; echo "==> $*"; }

step "style: cargo fmt --check, clippy -D warnings (native and wasm32)"
cargo fmt --check
cargo clippy --locked --all-targets -q -- -D warnings
cargo clippy --locked --target wasm32-unknown-unknown -q -- -D warnings

step "native tests: engine, codec, charts, CLI (cargo test)"
cargo test --locked
cargo check --locked --benches -q

step "component tests in Chromium (wasm-bindgen-test)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test --locked --target wasm32-unknown-unknown --test web

step "release build (trunk build --release --offline, with the wasm's toolchain: setup.sh's wasm_env)"
(wasm_env && trunk build --release --offline)
bash scripts/bundle-size.sh

step "browser tests (Playwright + Chromium against dist/)"
cargo build --locked --bin sandtable -q
(cd tests/e2e && node --test --test-concurrency=1 *.test.mjs)
