#!/usr/bin/env bash
# A copy of dist/ whose page wasm keeps its function names, for a CPU profile with names
# (`node tests/e2e/profile-cpu.mjs <out>`): the page's wasm built with the `profiling` Cargo profile (the release's
# code, with symbols), bound by wasm-bindgen with `--keep-debug` under the names Trunk gave dist/'s files, and not
# run through wasm-opt (which drops the names). Trunk's own build with `data-keep-debug` still gives no names.
#   bash scripts/profile-build.sh [out]     (default: target/dist-profiling; run `trunk build --release` first)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="${1:-target/dist-profiling}"
ls dist/sandtable-app-*_bg.wasm > /dev/null 2>&1 || { echo "no dist/: run trunk build --release first" >&2; exit 1; }
. scripts/setup.sh > /dev/null
wasm_env
cargo build -q --profile profiling --target wasm32-unknown-unknown --bin sandtable-app --offline
rm -rf "$out" && cp -r dist "$out"
name="$(basename "$(ls dist/sandtable-app-*_bg.wasm)" _bg.wasm)"
rm "$out/$name.js" "$out/${name}_bg.wasm"
wasm-bindgen --target web --keep-debug --no-typescript --out-dir "$out" --out-name "$name" \
  target/wasm32-unknown-unknown/profiling/sandtable-app.wasm
echo "$out: the page's wasm with names ($(($(wc -c < "$out/${name}_bg.wasm") / 1024)) KB, not optimised)"
