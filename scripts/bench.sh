#!/usr/bin/env bash
# The engine benchmark (README, "Benchmark against DuckDB-WASM"): builds the shipped site
# and the native bench tool, then runs tests/bench/engines/run.mjs, which exports the
# warehouse, serves both engines' pages, drives Chromium and writes bench-output/report.md.
#   scripts/bench.sh [--scales 1000,10000,100000] [--runs 5] [--days 120] [--out DIR]
#   scripts/bench.sh --smoke     one query, one run, tiny data (run by the test suite)
# DIST=... uses an already built site instead of building the shipped one.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT/scripts/bootstrap.sh"
source "$ROOT/scripts/env.sh"
cd "$ROOT"

if [[ " $* " == *" --smoke "* ]]; then
  # The test build's profile and site: nothing new to compile in CI.
  profile=dev; bin_dir=debug
  DIST=${DIST:-$PLAYGROUND_CACHE/dist-test}
  [ -f "$DIST/index.html" ] || DIST="$DIST" scripts/build-site.sh
else
  profile=bench-native; bin_dir=bench-native
  if [ -z "${DIST:-}" ]; then
    DIST=$PLAYGROUND_CACHE/dist-release
    DIST="$DIST" scripts/build-site.sh --release
  fi
fi
echo "[bench] native tool ($profile profile)"
CARGO_TARGET_DIR=$PLAYGROUND_NATIVE_TARGET cargo build -q --profile "$profile" -p playground-bench
exec node tests/bench/engines/run.mjs --dist "$DIST" --tool "$PLAYGROUND_NATIVE_TARGET/$bin_dir/playground-bench" "$@"
