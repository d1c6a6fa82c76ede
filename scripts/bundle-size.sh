#!/usr/bin/env bash
# Prints the gzip size of the app's wasm + JS in dist/ and fails above the 250 KB budget.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
budget=$((250 * 1024))
wasm=$(cat dist/*_bg.wasm | gzip -9 | wc -c)
js=$(cat dist/sandtable-app-*.js | gzip -9 | wc -c)
total=$((wasm + js))
line="bundle (gzip -9): wasm $((wasm / 1024)) KB + js $((js / 1024)) KB = $((total / 1024)) KB of a $((budget / 1024)) KB budget"
echo "$line"
mkdir -p target && echo "$line" > target/bundle-size.txt
[ "$total" -le "$budget" ] || { echo "bundle over budget" >&2; exit 1; }
