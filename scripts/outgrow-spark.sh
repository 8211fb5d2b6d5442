#!/usr/bin/env bash
# Checks a warehouse export (docs/warehouse-export.md) on Apache Spark in
# local mode: tests/outgrow/spark_check.py runs every datestamp pipeline for every day,
# every SCD2 rebuild and every question, and compares with the export.
#   scripts/outgrow-spark.sh EXPORT.zip [--master local[2]]
# Installs what is missing: a Java runtime (Spark 4 needs Java 17 or newer; Debian 12's
# default-jre-headless is OpenJDK 17) and pyspark, pinned, into the venv that
# scripts/outgrow-check.sh uses ($PLAYGROUND_CACHE/venv-outgrow). Prints the times.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=env.sh
source "$ROOT/scripts/env.sh"

log() { printf '[outgrow-spark] %s\n' "$*" >&2; }
die() { printf '[outgrow-spark] error: %s\n' "$*" >&2; exit 2; }

if [ $# -eq 0 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
  echo "usage: scripts/outgrow-spark.sh EXPORT.zip [--master local[2]]" >&2
  exit 2
fi

t0=$(date +%s)
SUDO=()
[ "$(id -u)" -eq 0 ] || SUDO=(sudo)
apt_updated=''
# Installs packages that are missing; --no-upgrade leaves installed ones as they are.
apt_install() {
  if [ -z "$apt_updated" ]; then
    "${SUDO[@]}" apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-upgrade "$@" >&2
}
# The major version of java binary $1 (17 for "17.0.15", 8 for "1.8.0_..."), or nothing.
java_major() {
  local v
  v=$("$1" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | sed -n 1p)
  v=${v#1.}
  printf '%s\n' "${v%%[.+_-]*}"
}
# Sets JAVA and major to a Java 17+: the one on PATH, else one under /usr/lib/jvm.
pick_java() {
  local j m
  for j in "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
    if [ -z "$j" ] || [ ! -x "$j" ]; then continue; fi
    m=$(java_major "$j")
    if [ -n "$m" ] && [ "$m" -ge 17 ]; then
      JAVA=$j major=$m
      return 0
    fi
  done
  return 1
}

if ! pick_java; then
  if command -v java >/dev/null; then
    log "java $(java_major java) is older than Spark 4 needs (17+): installing openjdk-17-jre-headless"
    apt_install openjdk-17-jre-headless
  else
    log "no java: installing default-jre-headless"
    apt_install default-jre-headless
  fi
  pick_java || die "still no Java 17 or newer; Spark 4 needs one"
fi
# PySpark starts $JAVA_HOME/bin/java when JAVA_HOME is set.
JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$JAVA")")")
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"

VENV=$PLAYGROUND_CACHE/venv-outgrow
PINS=(pyspark==4.3.0 pyarrow==26.0.1)
STAMP=$VENV/outgrow-spark-pins.txt
if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV"
  python3 -m venv "$VENV" || {
    die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
  }
fi
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "${PINS[*]}" ]; then
  log "installing ${PINS[*]}"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${PINS[@]}"
  printf '%s\n' "${PINS[*]}" >"$STAMP"
fi
t1=$(date +%s)

status=0
"$VENV/bin/python" "$ROOT/tests/outgrow/spark_check.py" "$@" || status=$?
t2=$(date +%s)
log "java $major ($JAVA_HOME); install/check $((t1 - t0)) s, spark_check $((t2 - t1)) s, total $((t2 - t0)) s"
exit "$status"
