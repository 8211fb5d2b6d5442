#!/usr/bin/env bash
# Installs what is missing, builds the playground and serves it on localhost.
#   scripts/serve.sh            fast build (the one the tests use), port 8080
#   scripts/serve.sh --release  the shipped, size-optimised build
#   PORT=9000 scripts/serve.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT/scripts/bootstrap.sh"
DIST="$ROOT/dist" "$ROOT/scripts/build-site.sh" "$@"
exec node "$ROOT/tests/e2e/static-server.mjs" "$ROOT/dist" "${PORT:-8080}"
