#!/usr/bin/env bash
# Makes this machine able to build, serve and test the playground. Idempotent: when
# everything is present it only checks versions and returns in a few seconds.
#
# Rust for wasm32: `rustup target add wasm32-unknown-unknown` when it can be had;
# otherwise Debian's rustc-web (1.96) with its std source, built with -Zbuild-std and
# linked by wasm-ld-22 (see README, "Toolchain"). The route found is remembered in
# $PLAYGROUND_CACHE/route.env, which scripts/env.sh reads.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT"

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
log() { printf '[bootstrap] %s\n' "$*"; }

APT_UPDATED=
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || { log "missing ${missing[*]} and no apt-get: install them by hand"; exit 1; }
  local sudo=; [ "$(id -u)" -ne 0 ] && sudo=sudo
  if [ -z "$APT_UPDATED" ]; then log "apt-get update"; $sudo apt-get update -q >/dev/null; APT_UPDATED=1; fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

# C for wasm32 (zstd-sys, pulled in by Arrow IPC), the browser for tests, brotli for size reports.
apt_install clang-22 llvm-22 lld-22 chromium brotli

choose_route() {
  if command -v rustup >/dev/null; then
    if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then echo rustup; return; fi
    log "trying rustup target add wasm32-unknown-unknown (60 s at most)"
    if timeout 60 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then echo rustup; return; fi
    log "rustup could not fetch the wasm32 target; using Debian's rustc-web"
  fi
  echo debian
}

if [ ! -f "$PLAYGROUND_CACHE/route.env" ]; then
  route=$(choose_route)
  {
    echo "# written by scripts/bootstrap.sh: how this machine builds wasm32"
    echo "export PLAYGROUND_WASM_ROUTE=$route"
    echo "export CC_wasm32_unknown_unknown=clang-22"
    echo "export AR_wasm32_unknown_unknown=llvm-ar-22"
    # Only the wasm build gets these (scripts/build-site.sh): build-std needs --target,
    # so they must not reach the native test build.
    if [ "$route" = debian ]; then
      echo "export PLAYGROUND_WASM_ENV='RUSTUP_TOOLCHAIN=web-1.96 RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-22'"
    else
      echo "export PLAYGROUND_WASM_ENV="
    fi
  } > "$PLAYGROUND_CACHE/route.env.tmp"
  mv "$PLAYGROUND_CACHE/route.env.tmp" "$PLAYGROUND_CACHE/route.env"
fi
# shellcheck source=/dev/null
source "$PLAYGROUND_CACHE/route.env"
if [ "$PLAYGROUND_WASM_ROUTE" = debian ]; then
  apt_install rustc-web cargo-web rust-web-src
  if command -v rustup >/dev/null && ! rustup toolchain list | grep -q '^web-1.96'; then
    rustup toolchain link web-1.96 /usr
  fi
fi
log "wasm32 route: $PLAYGROUND_WASM_ROUTE"

# Host tools, built with the host toolchain (never the wasm one).
host_cargo_install() { env -u RUSTUP_TOOLCHAIN -u RUSTC_BOOTSTRAP -u CARGO_UNSTABLE_BUILD_STD -u CARGO_TARGET_DIR cargo install "$@"; }
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (matches Cargo.lock; ~4 min)"
  host_cargo_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (~11 min)"
  host_cargo_install trunk --version "$TRUNK_VERSION" --locked --force
fi

# wasm-opt (npm binaryen; Debian's is too old), playwright-core, and for the benchmark
# DuckDB-WASM and esbuild, all pinned in package-lock.json.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
log "ready"
