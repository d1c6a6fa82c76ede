#!/usr/bin/env bash
# Side-by-side benchmark of issue 8: 10,000 Monte Carlo trials of the seed plan by the CLI (the whole daily
# model with repeat cohorts, 17 ranged inputs), against squiggle-lang 0.10 sampling a 15-input funnel at the
# same N, whole process each, in one run on one machine. Prints each tool's median wall time and the ratio.
# Usage: scripts/bench-peer.sh [N] [RUNS]   (defaults 10000 and 7)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
n="${1:-10000}"
runs="${2:-7}"

cargo build --release --quiet --bin sandtable
if [ ! -d bench/peer/node_modules/@quri/squiggle-lang ]; then
  (cd bench/peer && npm ci --no-audit --no-fund --silent)
fi

# The median wall time in seconds of `runs` runs of a command (one warm-up run first, not counted).
median() {
  "$@" > /dev/null
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" > /dev/null
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc -l
  done | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

ours=$(median ./target/release/sandtable montecarlo --trials "$n")
peer=$(median node bench/peer/funnel.mjs "$n")
ratio=$(echo "$peer / $ours" | bc -l)
printf 'trials                     %s\n' "$n"
printf 'sandtable montecarlo       %.3f s  (seed plan: 365 days, 5 channels, repeat cohorts, 17 ranged inputs)\n' "$ours"
printf 'squiggle-lang 0.10 funnel  %.3f s  (15 inputs: 5 channels x visitors x conversion x order value)\n' "$peer"
printf 'ratio                      %.1fx\n' "$ratio"
if (( $(echo "$ratio < 2" | bc -l) )); then
  echo "below the 2x goal of issue 8" >&2
  exit 1
fi
