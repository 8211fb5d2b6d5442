#!/usr/bin/env bash
# Builds the static site into dist/ (or $DIST), ready to copy to any static host under any
# path. `--release` builds the shipped site: opt-level "s", LTO, one codegen unit, names
# stripped at link time (Cargo.toml says why there is no wasm-opt pass).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT"
[ -n "${PLAYGROUND_WASM_ROUTE:-}" ] || { echo "[build-site] no wasm32 route yet: run scripts/bootstrap.sh first" >&2; exit 1; }
mode=()
[ "${1:-}" = "--release" ] && mode=(--release)
DIST=${DIST:-$ROOT/dist}
start=$(date +%s)
# Names the build in the warehouse copies the page keeps in browser storage: a copy made
# from other sources is stale and is rebuilt, never served.
PLAYGROUND_BUILD_ID=$(find crates/engine/src crates/protocol/src crates/queries/src crates/backfill/src Cargo.lock \
  -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)
export PLAYGROUND_BUILD_ID
# The test site has the engine's crash hook (`SELECT engine_panic(…)`) for the restart
# tests; the shipped site does not.
if [ ${#mode[@]} -eq 0 ]; then export PLAYGROUND_CRASH_HOOKS=1; else unset PLAYGROUND_CRASH_HOOKS; fi
env CARGO_TARGET_DIR="$PLAYGROUND_WASM_TARGET" "${PLAYGROUND_WASM_ENV[@]}" \
  trunk build --offline "${mode[@]}" --dist "$DIST"
# The SQL editor (CodeMirror, from node_modules) as one classic script that index.html
# loads before the UI's module. Before finish-site, which precaches every file in $DIST.
node_modules/.bin/esbuild www/editor/editor.js --bundle --format=iife --minify --target=es2020 \
  --loader:.sql=text --legal-comments=none --log-level=warning --outfile="$DIST/editor.js"
echo "[build-site] editor.js: $(stat -c %s "$DIST/editor.js") bytes"
# The CSP with the hash of Trunk's inline script, the web app manifest, and the service
# worker with the list of the files just built.
node scripts/finish-site.mjs "$DIST"
echo "[build-site] built ${mode[*]:-fast} site in $DIST in $(($(date +%s) - start)) s"
