#!/usr/bin/env bash
# Prints the gzip size of the app's wasm + JS in dist/ against the 250 KB goal, and fails above the
# 320 KB regression guard. Measured 2026-11-23: 304 KB. Schema 2 had taken it to 353 KB; it came back down by
# type-erasing the views (`--cfg erase_components`, .cargo/config.toml: -19 KB) and by keeping three tables
# out of the wasm: Unicode case mappings (a string font family in the charts, `to_uppercase` on a label) and
# Rust's float-parsing powers of five (typed numbers go through serde_json's parser, as JSON does).
# Heavy parts added later (Monte Carlo, imports, workbook export) load when first used, outside this bundle.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
goal=$((250 * 1024))
guard=$((320 * 1024))
wasm=$(cat dist/*_bg.wasm | gzip -9 | wc -c)
js=$(cat dist/sandtable-app-*.js | gzip -9 | wc -c)
total=$((wasm + js))
status="within the 250 KB goal"
[ "$total" -le "$goal" ] || status="over the 250 KB goal by $(((total - goal) / 1024)) KB"
line="bundle (gzip -9): wasm $((wasm / 1024)) KB + js $((js / 1024)) KB = $((total / 1024)) KB, $status"
echo "$line"
mkdir -p target && echo "$line" > target/bundle-size.txt
[ "$total" -le "$guard" ] || { echo "bundle over the $((guard / 1024)) KB regression guard" >&2; exit 1; }
