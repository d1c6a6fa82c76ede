#!/usr/bin/env bash
# The one serve command (README): sets up a fresh machine and serves the app on http://127.0.0.1:8080,
# rebuilding on change. Extra arguments go to `trunk serve` (e.g. --port 9000).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/setup.sh
wasm_env
exec trunk serve --release --offline "$@"
