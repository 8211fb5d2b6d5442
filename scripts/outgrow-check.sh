#!/usr/bin/env bash
# Checks a warehouse export (docs/warehouse-export.md) on real engines: unzips it, runs sql/setup/<engine>.sql, then every
# question, datestamp pipeline and SCD2 rebuild, and compares with the exported answers
# and tables (tests/outgrow/check_export.py).
#   scripts/outgrow-check.sh EXPORT.zip [--engine duckdb] [--engine datafusion]
#   scripts/outgrow-check.sh --install      (only install the engines)
# The engines come from PyPI, pinned, into $PLAYGROUND_CACHE/venv-outgrow (made once).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=env.sh
source "$ROOT/scripts/env.sh"

if [ $# -eq 0 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
  echo "usage: scripts/outgrow-check.sh EXPORT.zip [--engine duckdb|datafusion]..." >&2
  exit 2
fi

VENV=$PLAYGROUND_CACHE/venv-outgrow
PINS=(duckdb==2.0.0 datafusion==55.0.0 pyarrow==26.0.1)
STAMP=$VENV/outgrow-pins.txt

if [ ! -x "$VENV/bin/python" ]; then
  echo "[outgrow] creating $VENV" >&2
  python3 -m venv "$VENV" || {
    echo "[outgrow] error: python3 -m venv failed (on Debian: apt-get install python3-venv)" >&2
    exit 2
  }
fi
# The stamp holds the pins last installed; a change of pins installs again.
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "${PINS[*]}" ]; then
  echo "[outgrow] installing ${PINS[*]}" >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${PINS[@]}"
  printf '%s\n' "${PINS[*]}" >"$STAMP"
fi

# --install: only install.
[ "$1" = --install ] && exit 0
exec "$VENV/bin/python" "$ROOT/tests/outgrow/check_export.py" "$@"
