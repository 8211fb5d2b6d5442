#!/usr/bin/env bash
# Installs what is missing, then runs every test: native engine and UI tests, a build of
# the site, and the browser end-to-end tests in headless Chromium.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT/scripts/bootstrap.sh"
source "$ROOT/scripts/env.sh"
cd "$ROOT"

echo "== native tests"
CARGO_TARGET_DIR=$PLAYGROUND_NATIVE_TARGET cargo test --workspace --exclude playground-worker

echo "== site build"
DIST="$PLAYGROUND_CACHE/dist-test" scripts/build-site.sh

echo "== browser tests"
DIST="$PLAYGROUND_CACHE/dist-test" node --test --test-concurrency=1 tests/e2e/
