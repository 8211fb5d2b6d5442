# shellcheck shell=bash disable=SC2034 # its variables are read by the scripts that source it
# Sourced by the other scripts: where build caches live, which tools come first, and how
# this machine builds wasm32 (the route scripts/bootstrap.sh chose).
# Build output lives outside the clone, so a fresh clone on a warm machine builds fast.
export PLAYGROUND_CACHE=${PLAYGROUND_CACHE:-$HOME/.cache/datestamp-playground}
mkdir -p "$PLAYGROUND_CACHE"
PLAYGROUND_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Host tools installed by cargo (trunk, wasm-bindgen) come before npm's.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PLAYGROUND_ROOT/node_modules/.bin:$PATH"
# Native (tests) and wasm (site) builds get their own target folders so they never wait
# on each other's lock.
export PLAYGROUND_NATIVE_TARGET=${PLAYGROUND_NATIVE_TARGET:-$PLAYGROUND_CACHE/target}
export PLAYGROUND_WASM_TARGET=${PLAYGROUND_WASM_TARGET:-$PLAYGROUND_CACHE/wasm-target}
# The one native build: the test suite and the benchmark's native tool share it, so
# DataFusion is compiled once with one feature set.
PLAYGROUND_NATIVE_PACKAGES=(--workspace --exclude playground-worker)
PLAYGROUND_ROUTE_FILE=$PLAYGROUND_CACHE/route.env

# Reads the route file into PLAYGROUND_WASM_ROUTE. The file holds comments and one line,
# `PLAYGROUND_WASM_ROUTE=rustup` or `=debian`; it is parsed, never sourced, so a damaged
# file cannot run as shell. Fails (leaving the variable empty) on anything else.
playground_read_route() {
  PLAYGROUND_WASM_ROUTE=
  [ -f "$PLAYGROUND_ROUTE_FILE" ] || return 1
  local line route=
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      '' | '#'*) ;;
      PLAYGROUND_WASM_ROUTE=rustup | PLAYGROUND_WASM_ROUTE=debian) route=${line#*=} ;;
      *) return 1 ;;
    esac
  done <"$PLAYGROUND_ROUTE_FILE"
  [ -n "$route" ] || return 1
  PLAYGROUND_WASM_ROUTE=$route
}

# What the wasm build needs on top of the route (scripts/build-site.sh passes
# PLAYGROUND_WASM_ENV to Trunk only: build-std needs --target, so it must not reach the
# native test build). clang-22 compiles the C in zstd-sys for wasm32 on both routes.
playground_wasm_env() {
  export CC_wasm32_unknown_unknown=clang-22 AR_wasm32_unknown_unknown=llvm-ar-22
  PLAYGROUND_WASM_ENV=()
  if [ "${PLAYGROUND_WASM_ROUTE:-}" = debian ]; then
    PLAYGROUND_WASM_ENV=(RUSTUP_TOOLCHAIN=web-1.96 RUSTC_BOOTSTRAP=1 'CARGO_UNSTABLE_BUILD_STD=std,panic_abort'
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-22)
  fi
}

if playground_read_route; then
  playground_wasm_env
elif [ -f "$PLAYGROUND_ROUTE_FILE" ]; then
  echo "[env] $PLAYGROUND_ROUTE_FILE is malformed; scripts/bootstrap.sh will choose the wasm32 route again" >&2
fi
