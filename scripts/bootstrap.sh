#!/usr/bin/env bash
# Makes this machine able to build, serve and test the playground, or stops within
# seconds saying what is missing and how to get it. Idempotent: when everything is
# present it only checks versions and returns in a second or two.
#   scripts/bootstrap.sh            check, choose the wasm32 route, install what is missing
#   scripts/bootstrap.sh --check    only the checks and the route choice; says what it would install
# Logs go to stderr; stdout stays empty.
#
# Rust for wasm32: `rustup target add wasm32-unknown-unknown` when it can be had;
# otherwise Debian's rustc-web (1.96) with its std source, built with -Zbuild-std and
# linked by wasm-ld-22 (README, "Toolchain"). The route is remembered in
# $PLAYGROUND_CACHE/route.env, which scripts/env.sh reads.
#
# Knobs: PLAYGROUND_RUSTUP_TIMEOUT (seconds to let rustup fetch the wasm32 target, 60),
# PLAYGROUND_MIN_FREE_GB (free disk wanted in the cache's file system: 20 for a cold
# cache, 3 for a warm one).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT"

log() { printf '[bootstrap] %s\n' "$*" >&2; }
die() { printf '[bootstrap] error: %s\n' "$*" >&2; exit 1; }

check_only=''
for arg in "$@"; do
  case $arg in
    --check) check_only=1 ;;
    *) die "unknown option $arg (the one option is --check)" ;;
  esac
done

TRUNK_VERSION=0.21.14
NODE_MIN=20.10
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

# True when dotted version $1 >= $2 (no pipe into head: see `has_line`).
version_ge() { printf '%s\n%s\n' "$2" "$1" | sort -V -C; }
# True when text $1 holds the line $2. A here-string, not `cmd | grep -q`: grep -q exits
# at its first match, and under pipefail the writer's SIGPIPE would fail the test.
has_line() { grep -qxF -- "$2" <<<"$1"; }
deb_installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]; }
step_start() { step_name=$1 step_t0=$(date +%s); log "$1"; }
step_done() { log "$step_name: done in $(($(date +%s) - step_t0)) s"; }

# The one version of a package in Cargo.lock; fails unless there is exactly one.
lock_version() {
  local versions
  versions=$(awk -v want="\"$1\"" '
    /^\[\[package\]\]/ { name = "" }
    $1 == "name" { name = $3 }
    $1 == "version" && name == want { gsub(/"/, "", $3); print $3 }' Cargo.lock)
  [ -n "$versions" ] || die "Cargo.lock has no $1 package"
  [ "$(wc -l <<<"$versions")" -eq 1 ] || die "Cargo.lock holds several $1 versions ($(tr '\n' ' ' <<<"$versions")): wasm-bindgen-cli must match exactly one; unify them with cargo update -p $1"
  printf '%s\n' "$versions"
}

# Sets `sudo` for apt, or adds a problem saying how to install the packages by hand.
sudo=
check_apt_access() {
  [ ${#apt_pkgs[@]} -gt 0 ] || return 0
  if ! command -v apt-get >/dev/null; then
    problems+=("no apt-get to install ${apt_pkgs[*]}: install their equivalents by hand")
  elif [ "$(id -u)" -ne 0 ]; then
    if sudo -n true 2>/dev/null; then sudo=sudo
    else problems+=("installing ${apt_pkgs[*]} needs root: run  sudo apt-get install --no-install-recommends ${apt_pkgs[*]}  and then this script again"); fi
  fi
}

# --- 1. Checks that need no network and no route: seconds ------------------------------
t_start=$(date +%s)
problems=()
apt_pkgs=()
need_cmd() { command -v "$1" >/dev/null 2>&1 || apt_pkgs+=("$2"); }

need_cmd clang-22 clang-22        # C for wasm32 (zstd-sys, pulled in by Arrow IPC)
need_cmd llvm-ar-22 llvm-22
need_cmd wasm-ld-22 lld-22
need_cmd brotli brotli             # size reports
need_cmd shellcheck shellcheck     # lint
need_cmd cc build-essential        # the host linker for every native build
[ -x "$CHROMIUM" ] || apt_pkgs+=(chromium)

if command -v node >/dev/null; then
  node_version=$(node --version 2>/dev/null || echo unknown)
  if [[ ! $node_version =~ ^v[0-9]+\.[0-9]+ ]] || ! version_ge "${node_version#v}" "$NODE_MIN"; then
    problems+=("Node.js $node_version ($(command -v node)) is too old: the tests need $NODE_MIN or newer (node --test --test-concurrency). Install a current Node.js, e.g. Debian's nodejs from NodeSource or nvm, and put it first on PATH")
  fi
  command -v npm >/dev/null || apt_pkgs+=(npm)
else
  apt_pkgs+=(nodejs)
fi

if ! command -v rustup >/dev/null && ! command -v cargo >/dev/null; then
  log "no rustup and no cargo: the Debian rustc-web route will provide both"
fi

# Disk: a cold cache needs room for DataFusion built natively and twice for wasm32.
cold=; [ -d "$PLAYGROUND_NATIVE_TARGET" ] || cold=1
min_free_gb=${PLAYGROUND_MIN_FREE_GB:-$([ -n "$cold" ] && echo 20 || echo 3)}
free_gb=$(($(df -Pk "$PLAYGROUND_CACHE" | awk 'NR == 2 { print $4 }') / 1024 / 1024))
if [ "$free_gb" -lt "$min_free_gb" ]; then
  problems+=("only $free_gb GB free in $PLAYGROUND_CACHE; the build needs about $min_free_gb GB${cold:+ on a cold cache}. Free some space, or point PLAYGROUND_CACHE at a larger disk")
fi

check_apt_access
if [ ${#problems[@]} -gt 0 ]; then
  for p in "${problems[@]}"; do log "missing: $p"; done
  die "${#problems[@]} prerequisite(s) missing; nothing was installed"
fi

# --- 2. The wasm32 route, chosen once per cache --------------------------------------
# One bootstrap at a time per cache: a second one waits here, then finds the route
# written and the tools installed.
exec 9>"$PLAYGROUND_CACHE/bootstrap.lock"
flock 9

# Prints the route on stdout; everything else goes to stderr.
choose_route() {
  if command -v rustup >/dev/null; then
    local installed wait=${PLAYGROUND_RUSTUP_TIMEOUT:-60}
    installed=$(rustup target list --installed 2>/dev/null || true)
    if has_line "$installed" wasm32-unknown-unknown; then echo rustup; return; fi
    log "trying rustup target add wasm32-unknown-unknown (${wait} s at most)"
    if timeout "$wait" rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then echo rustup; return; fi
    log "rustup could not fetch the wasm32 target; using Debian's rustc-web"
  fi
  echo debian
}

# Written to a temporary file beside it, then renamed: readers see the old file or the
# new one, never half of one.
write_route() {
  local tmp
  tmp=$(mktemp "$PLAYGROUND_ROUTE_FILE.XXXXXX")
  printf '# written by scripts/bootstrap.sh: how this machine builds wasm32 (delete to choose again)\nPLAYGROUND_WASM_ROUTE=%s\n' "$1" >"$tmp"
  mv -f "$tmp" "$PLAYGROUND_ROUTE_FILE"
}

if playground_read_route && [ "$PLAYGROUND_WASM_ROUTE" = rustup ] &&
  ! has_line "$(rustup target list --installed 2>/dev/null || true)" wasm32-unknown-unknown; then
  log "route.env says rustup, but rustup has no wasm32-unknown-unknown target now: choosing again"
  rm -f "$PLAYGROUND_ROUTE_FILE"
fi
if ! playground_read_route; then
  if [ -f "$PLAYGROUND_ROUTE_FILE" ]; then
    log "replacing malformed $PLAYGROUND_ROUTE_FILE (first line: $(head -c 200 "$PLAYGROUND_ROUTE_FILE" | head -n 1))"
  fi
  write_route "$(choose_route)"
  playground_read_route || die "could not read back $PLAYGROUND_ROUTE_FILE"
fi
playground_wasm_env
log "wasm32 route: $PLAYGROUND_WASM_ROUTE"

# --- 3. What the route needs ---------------------------------------------------------
if [ "$PLAYGROUND_WASM_ROUTE" = debian ]; then
  for pkg in rustc-web cargo-web rust-web-src; do deb_installed "$pkg" || apt_pkgs+=("$pkg"); done
  if ! deb_installed rustc-web; then
    for pkg in rustc cargo; do
      deb_installed "$pkg" && problems+=("Debian's $pkg package is installed and conflicts with rustc-web, which this machine's wasm32 route needs (apt would remove it). Remove it (apt-get remove rustc cargo) and use rustup for native builds, or give rustup a wasm32-unknown-unknown target")
    done
  fi
  if ! command -v rustup >/dev/null; then
    # No rustup: rustc-web's cargo is the native toolchain too, lint included.
    for pkg in rust-web-clippy rustfmt-web; do deb_installed "$pkg" || apt_pkgs+=("$pkg"); done
  fi
fi

check_apt_access

# Lint needs clippy and rustfmt for the native toolchain.
cargo_tools=()
if command -v cargo >/dev/null; then
  cargo clippy --version >/dev/null 2>&1 || cargo_tools+=(clippy)
  cargo fmt --version >/dev/null 2>&1 || cargo_tools+=(rustfmt)
  if [ ${#cargo_tools[@]} -gt 0 ] && ! command -v rustup >/dev/null && [ "$PLAYGROUND_WASM_ROUTE" != debian ]; then
    problems+=("cargo has no ${cargo_tools[*]}: install them for your toolchain")
  fi
fi

if [ ${#problems[@]} -gt 0 ]; then
  for p in "${problems[@]}"; do log "missing: $p"; done
  die "${#problems[@]} prerequisite(s) missing; nothing was installed"
fi

WASM_BINDGEN_VERSION=$(lock_version wasm-bindgen)
want_bindgen=; [ "$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }')" = "$WASM_BINDGEN_VERSION" ] || want_bindgen=1
want_trunk=; [ "$(trunk --version 2>/dev/null | awk '{ print $2 }')" = "$TRUNK_VERSION" ] || want_trunk=1
want_npm=
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then want_npm=1; fi

log "checks done in $(($(date +%s) - t_start)) s"
if [ -n "$check_only" ]; then
  todo=()
  [ ${#apt_pkgs[@]} -eq 0 ] || todo+=("apt-get install ${apt_pkgs[*]}")
  [ ${#cargo_tools[@]} -eq 0 ] || todo+=("rustup component add ${cargo_tools[*]}")
  [ -z "$want_npm" ] || todo+=("npm ci")
  [ -z "$want_bindgen" ] || todo+=("cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION")
  [ -z "$want_trunk" ] || todo+=("cargo install trunk $TRUNK_VERSION")
  if [ ${#todo[@]} -eq 0 ]; then log "ready: nothing to install"; else
    for t in "${todo[@]}"; do log "would run: $t"; done
  fi
  exit 0
fi

# --- 4. Installs, the quick and likely-to-fail ones first ----------------------------
if [ ${#apt_pkgs[@]} -gt 0 ]; then
  step_start "apt-get install ${apt_pkgs[*]}"
  apt_log=$PLAYGROUND_CACHE/apt.log
  apt_opts=(-y -q --no-install-recommends -o DPkg::Lock::Timeout=300)
  {
    $sudo apt-get update -q &&
      # --no-remove: apt stops rather than silently removing a conflicting package.
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install "${apt_opts[@]}" --no-remove "${apt_pkgs[@]}"
  } >"$apt_log" 2>&1 || { tail -n 20 "$apt_log" >&2; die "apt-get install ${apt_pkgs[*]} failed (log above, whole in $apt_log); nothing was removed"; }
  step_done
  if ! command -v node >/dev/null; then die "apt installed no node"; fi
  node_version=$(node --version)
  version_ge "${node_version#v}" "$NODE_MIN" ||
    die "apt's Node.js is $node_version; the tests need $NODE_MIN or newer: install Node.js from NodeSource or nvm"
  if ! command -v npm >/dev/null; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install "${apt_opts[@]}" --no-remove npm >>"$apt_log" 2>&1 || die "apt-get install npm failed (see $apt_log)"
  fi
fi

if [ "$PLAYGROUND_WASM_ROUTE" = debian ] && command -v rustup >/dev/null; then
  toolchains=$(rustup toolchain list 2>/dev/null || true)
  grep -q '^web-1\.96' <<<"$toolchains" || rustup toolchain link web-1.96 /usr
fi

if [ ${#cargo_tools[@]} -gt 0 ] && command -v rustup >/dev/null; then
  step_start "rustup component add ${cargo_tools[*]} (60 s at most)"
  timeout 60 rustup component add "${cargo_tools[@]}" >&2 ||
    die "rustup could not add ${cargo_tools[*]}; install them for your toolchain by hand"
  step_done
fi

# playwright-core; CodeMirror and esbuild, which bundles it into the site; DuckDB-WASM
# for the benchmark: all pinned in package-lock.json.
if [ -n "$want_npm" ]; then
  step_start "npm ci"
  npm ci --no-audit --no-fund --loglevel=error >&2
  step_done
fi

# Host tools, built with the host toolchain (never the wasm one).
host_cargo_install() {
  env -u RUSTUP_TOOLCHAIN -u RUSTC_BOOTSTRAP -u CARGO_UNSTABLE_BUILD_STD -u CARGO_TARGET_DIR \
    cargo install --quiet "$@" >&2
}
if [ -n "$want_bindgen" ]; then
  step_start "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (matches Cargo.lock; ~4 min)"
  # --locked first. Its own lockfile pins webpki-roots 1.0.11, since yanked, so for
  # 0.2.130 the locked install cannot resolve and the unlocked one is the way.
  if ! host_cargo_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked --force 2>/dev/null; then
    log "the locked install of wasm-bindgen-cli does not resolve (a yanked dependency); installing unlocked"
    host_cargo_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
  step_done
fi
if [ -n "$want_trunk" ]; then
  step_start "cargo install trunk $TRUNK_VERSION (~11 min)"
  host_cargo_install trunk --version "$TRUNK_VERSION" --locked --force
  step_done
fi
log "ready in $(($(date +%s) - t_start)) s"
