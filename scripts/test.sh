#!/usr/bin/env bash
# Installs what is missing, then runs every test: lint (shellcheck, rustfmt, clippy), the
# scripts' own tests (the bootstrap, the site's finishing step, the test server), native
# engine and UI tests (the SQL and broken-file fuzz runs among them), the warehouse export
# run on DuckDB, DataFusion and Spark, a build of the site, and the browser end-to-end
# tests in headless Chromium.
# Prints each step's time.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
t0=$(date +%s)
"$ROOT/scripts/bootstrap.sh"
# The benchmark's smoke test calls scripts/bench.sh, which need not bootstrap again.
export PLAYGROUND_BOOTSTRAPPED=1
# shellcheck source=env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT"
export CARGO_TARGET_DIR=$PLAYGROUND_NATIVE_TARGET

times=("bootstrap $(($(date +%s) - t0)) s")
step() {
  local name=$1 start
  shift
  echo "== $name"
  start=$(date +%s)
  "$@"
  times+=("$name $(($(date +%s) - start)) s")
}
lint() {
  shellcheck -x scripts/*.sh .ci/run
  cargo fmt --all --check
  # The worker too: its wasm glue compiles natively, so one check covers every crate.
  cargo clippy --quiet --workspace --all-targets -- -D warnings
}

step lint lint
step "script tests" node --test tests/scripts/
step "native tests" cargo test "${PLAYGROUND_NATIVE_PACKAGES[@]}"
# The fuzz tests' figures, and the hostile inputs the browser tests feed the page (from
# the same generators; cargo test built the example).
hostile() {
  cat "$CARGO_TARGET_DIR/sql-fuzz.txt" "$CARGO_TARGET_DIR/malformed-files.txt"
  "$CARGO_TARGET_DIR/debug/examples/hostile_corpus" "$PLAYGROUND_CACHE/hostile" 1000
}
step "hostile inputs" hostile
# The warehouse export on real engines: the checker must fail a wrong answer first, then
# the small network's export must give the playground's answers on DuckDB and DataFusion.
outgrow() {
  local out=$PLAYGROUND_CACHE/outgrow status=0
  mkdir -p "$out"
  scripts/outgrow-check.sh --install
  "$PLAYGROUND_CACHE/venv-outgrow/bin/python" tests/outgrow/make_fixture.py "$out/wrong.zip" --wrong-answer >/dev/null
  scripts/outgrow-check.sh "$out/wrong.zip" >"$out/wrong.log" 2>&1 || status=$?
  if [ "$status" -ne 1 ]; then
    cat "$out/wrong.log"
    echo "[outgrow] the checker passed an export with a wrong answer (exit $status)" >&2
    return 1
  fi
  # cargo test built the example.
  "$CARGO_TARGET_DIR/debug/examples/export_warehouse" "$out/warehouse.zip"
  scripts/outgrow-check.sh "$out/warehouse.zip"
}
step "export on DuckDB and DataFusion" outgrow
step "export on Spark" scripts/outgrow-spark.sh "$PLAYGROUND_CACHE/outgrow/warehouse.zip"
step "site build" env DIST="$PLAYGROUND_CACHE/dist-test" scripts/build-site.sh
# Files, not the folder: Node 21+ reads a folder argument as a glob pattern.
step "browser tests" env DIST="$PLAYGROUND_CACHE/dist-test" HOSTILE_CORPUS="$PLAYGROUND_CACHE/hostile" \
  node --test --test-concurrency=1 tests/e2e/*.test.mjs
echo "== times: ${times[*]/%/;} total $(($(date +%s) - t0)) s"
