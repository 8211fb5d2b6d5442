#!/usr/bin/env bash
# Installs what is missing, then runs every test: lint (shellcheck, rustfmt, clippy), the
# scripts' own tests (the bootstrap, the site's finishing step), native engine and UI
# tests, a build of the site, and the browser end-to-end tests in headless Chromium.
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
step "site build" env DIST="$PLAYGROUND_CACHE/dist-test" scripts/build-site.sh
# Files, not the folder: Node 21+ reads a folder argument as a glob pattern.
step "browser tests" env DIST="$PLAYGROUND_CACHE/dist-test" node --test --test-concurrency=1 tests/e2e/*.test.mjs
echo "== times: ${times[*]/%/;} total $(($(date +%s) - t0)) s"
