#!/usr/bin/env bash
# The engine benchmark (README, "Benchmark against DuckDB-WASM"): builds the shipped site
# and the native bench tool, then runs tests/bench/engines/run.mjs, which exports the
# warehouse, serves both engines' pages, drives Chromium and writes bench-output/report.md.
#   scripts/bench.sh [--scales 1000,10000,100000] [--runs 5] [--days 120] [--out DIR]
#   scripts/bench.sh --smoke     one query, one run, tiny data (run by the test suite)
# DIST=... uses an already built site instead of building the shipped one.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
smoke=
[[ " $* " == *" --smoke "* ]] && smoke=1
[ -n "${PLAYGROUND_BOOTSTRAPPED:-}" ] || "$ROOT/scripts/bootstrap.sh"
# shellcheck source=env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT"
export CARGO_TARGET_DIR=$PLAYGROUND_NATIVE_TARGET

if [ -n "$smoke" ]; then
  # The test suite's own build and site: nothing new to compile in CI. The tool comes
  # from the same `cargo test` build (same features, so DataFusion is not rebuilt).
  DIST=${DIST:-$PLAYGROUND_CACHE/dist-test}
  [ -f "$DIST/index.html" ] || DIST="$DIST" scripts/build-site.sh
  echo "[bench] native tool (the test build)"
  cargo test --quiet "${PLAYGROUND_NATIVE_PACKAGES[@]}" --no-run 2>/dev/null
  tool=$CARGO_TARGET_DIR/debug/playground-bench
else
  if [ -z "${DIST:-}" ]; then
    DIST=$PLAYGROUND_CACHE/dist-release
    DIST="$DIST" scripts/build-site.sh --release
  fi
  echo "[bench] native tool (bench-native profile)"
  cargo build --quiet --profile bench-native -p playground-bench
  tool=$CARGO_TARGET_DIR/bench-native/playground-bench
fi
exec node tests/bench/engines/run.mjs --dist "$DIST" --tool "$tool" "$@"
