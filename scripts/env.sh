# Sourced by the other scripts: where build caches live and which tools come first.
# Build output lives outside the clone, so a fresh clone on a warm machine builds fast.
export PLAYGROUND_CACHE=${PLAYGROUND_CACHE:-$HOME/.cache/datestamp-playground}
mkdir -p "$PLAYGROUND_CACHE"
PLAYGROUND_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$PLAYGROUND_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Native (tests) and wasm (site) builds get their own target folders so they never wait
# on each other's lock.
export PLAYGROUND_NATIVE_TARGET=${PLAYGROUND_NATIVE_TARGET:-$PLAYGROUND_CACHE/target}
export PLAYGROUND_WASM_TARGET=${PLAYGROUND_WASM_TARGET:-$PLAYGROUND_CACHE/wasm-target}
if [ -f "$PLAYGROUND_CACHE/route.env" ]; then
  # shellcheck source=/dev/null
  source "$PLAYGROUND_CACHE/route.env"
fi
