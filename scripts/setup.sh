#!/usr/bin/env bash
# Idempotent installer for everything `make test` needs on a Debian bookworm box
# (root, rustup toolchain, Node 20, Python 3.11 present). Each step is skipped when
# its result is already there; a second run takes well under 2 s.
#
#   1. rustup target wasm32-unknown-unknown
#   2. apt: chromium + chromium-driver (never Debian `binaryen`: its wasm-opt 108
#      miscompiles wasm-bindgen output; removed if present)
#   3. cargo install wasm-pack --locked
#   4. cargo install wasm-bindgen-cli --version =<Cargo.lock version> (no --locked: the
#      registry mirror lacks a crate version its lockfile pins)
#   5. npm ci in the repo root (binaryen@132 provides node_modules/.bin/wasm-opt, vitest, ...)
#   6. Python venv .venv with moto[server] (a local Cognito for tests)
#
# Environment: MOTO_SPEC overrides the pip requirement; SETUP_LOCK the lock file path.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$PATH"

# One exact moto: its answers (quirks, generated secrets) are what the tests were checked
# against. Not 5.2.6: it answers a browser's CORS preflight (OPTIONS /) with an HTML 500,
# so the demo page cannot reach it (scripts/local-cognito.mjs checks this at start).
# MOTO_SPEC overrides it (then the installed version is not checked).
MOTO_VERSION=5.2.5
MOTO_SPEC=${MOTO_SPEC:-"moto[server]==$MOTO_VERSION"}
T0=$(date +%s)

say()  { printf 'setup: %s\n' "$*"; }
warn() { printf 'setup: WARNING: %s\n' "$*" >&2; }
die()  { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

# One setup at a time (apt, cargo install and npm ci must not race each other).
LOCK=${SETUP_LOCK:-${TMPDIR:-/tmp}/cognito-headless-setup.lock}
exec 9>"$LOCK"
if ! flock -n 9; then
  say "another setup is running; waiting for it (lock $LOCK)"
  flock -w 3600 9 || die "timed out waiting for $LOCK"
fi

# ---------------------------------------------------------------- 1. rust target
command -v cargo >/dev/null || die "cargo not found (expected a rustup toolchain in ~/.cargo/bin)"
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "rust target wasm32-unknown-unknown: present"
else
  say "rust target wasm32-unknown-unknown: installing"
  rustup target add wasm32-unknown-unknown
fi

# ---------------------------------------------------------------- 2. apt packages
APT_OPTS=(-y -q --no-install-recommends -o DPkg::Lock::Timeout=600)
apt_install() {
  # apt-get update only when needed: no package lists at all, or the install fails on stale lists.
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    say "apt-get update (no package lists yet)"
    apt-get update -q -o DPkg::Lock::Timeout=600
  fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install "${APT_OPTS[@]}" "$@"; then
    say "apt-get install failed; running apt-get update and retrying"
    apt-get update -q -o DPkg::Lock::Timeout=600
    DEBIAN_FRONTEND=noninteractive apt-get install "${APT_OPTS[@]}" "$@"
  fi
}

if command -v chromium >/dev/null && [ -x /usr/bin/chromedriver ]; then
  say "chromium + chromedriver: present"
else
  say "chromium + chromium-driver: installing (apt)"
  apt_install chromium chromium-driver
fi
if dpkg -s binaryen >/dev/null 2>&1; then
  warn "Debian binaryen (wasm-opt 108) is installed; it breaks wasm-bindgen output. Removing it."
  DEBIAN_FRONTEND=noninteractive apt-get remove -y -q -o DPkg::Lock::Timeout=600 binaryen
fi

# ---------------------------------------------------------------- 3./4. cargo tools
# Another process (a provisioning step, or wasm-pack's own fallback) may be running
# `cargo install` right now; a second concurrent install of the same tool only fights
# over ~/.cargo/bin. Wait for it, then re-check whether we still need to install.
wait_for_cargo_installs() {
  local waited=0
  while pgrep -f 'cargo install' >/dev/null 2>&1; do
    if [ "$waited" -eq 0 ]; then
      say "another 'cargo install' is running; waiting for it to finish"
    fi
    if [ "$waited" -ge 3600 ]; then
      warn "still waiting after ${waited}s; continuing anyway"
      return 0
    fi
    sleep 5; waited=$((waited + 5))
  done
  [ "$waited" -eq 0 ] || say "other 'cargo install' finished after ${waited}s"
}

if command -v wasm-pack >/dev/null; then
  say "wasm-pack: present ($(wasm-pack --version 2>/dev/null | awk '{print $2}'))"
else
  wait_for_cargo_installs
  if command -v wasm-pack >/dev/null; then
    say "wasm-pack: present after waiting ($(wasm-pack --version 2>/dev/null | awk '{print $2}'))"
  else
    say "wasm-pack: installing (cargo install wasm-pack --locked, ~2 min)"
    cargo install wasm-pack --locked
  fi
fi

[ -f Cargo.lock ] || { say "Cargo.lock missing; running cargo generate-lockfile"; cargo generate-lockfile; }
WB=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock)
[ -n "$WB" ] || die "no wasm-bindgen entry in Cargo.lock"
wb_have() {
  local v r
  v=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')
  r=$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}')
  [ "$v" = "$WB" ] && [ "$r" = "$WB" ]
}
if wb_have; then
  say "wasm-bindgen-cli $WB: present"
else
  wait_for_cargo_installs
  if wb_have; then
    say "wasm-bindgen-cli $WB: present after waiting"
  else
    say "wasm-bindgen-cli: installing =$WB to match Cargo.lock (have: $(wasm-bindgen --version 2>/dev/null || echo none); ~3 min)"
    cargo install wasm-bindgen-cli --version "=$WB" --force
  fi
fi

# ---------------------------------------------------------------- 5. npm dev dependencies
command -v npm >/dev/null || die "npm not found (expected Node 20)"
need_npm=""
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ]; then
  need_npm="node_modules missing"
elif [ -f package-lock.json ] && [ package-lock.json -nt node_modules/.package-lock.json ]; then
  need_npm="package-lock.json is newer than node_modules"
elif [ package.json -nt node_modules/.package-lock.json ]; then
  need_npm="package.json is newer than node_modules"
elif [ ! -e node_modules/.bin/wasm-opt ]; then
  need_npm="node_modules/.bin/wasm-opt missing"
fi
if [ -n "$need_npm" ] && [ -L node_modules ]; then
  # A git worktree that borrows another checkout's node_modules through a symlink: npm ci
  # would empty the other checkout's tree. Leave it to that checkout.
  warn "node_modules is a symlink ($need_npm): not running npm ci here; run setup in $(readlink -f node_modules)/.."
  need_npm=""
fi
if [ -z "$need_npm" ]; then
  say "node_modules: up to date"
elif [ -f package-lock.json ]; then
  say "npm ci ($need_npm)"
  # npm ci fails if package.json and package-lock.json disagree: fix the lockfile, don't paper over it.
  npm ci --no-audit --no-fund || die "npm ci failed (is package-lock.json in sync with package.json? run 'npm install' and commit the lockfile)"
else
  say "npm install ($need_npm; no package-lock.json)"
  npm install --no-audit --no-fund
fi
[ -e node_modules/.bin/wasm-opt ] || die "node_modules/.bin/wasm-opt missing after npm install (binaryen devDependency?)"

# ---------------------------------------------------------------- 6. moto (local Cognito)
moto_have() {
  [ -x .venv/bin/moto_server ] || return 1
  [ "$MOTO_SPEC" != "moto[server]==$MOTO_VERSION" ] && return 0
  [ "$(.venv/bin/python -c 'import moto; print(moto.__version__)' 2>/dev/null)" = "$MOTO_VERSION" ]
}
if moto_have; then
  say "moto (.venv): present ($(.venv/bin/python -c 'import moto; print(moto.__version__)' 2>/dev/null))"
else
  say "moto: creating .venv and installing $MOTO_SPEC (~30-90 s)"
  if [ ! -x .venv/bin/python ]; then
    if ! python3 -m venv .venv; then
      say "python3 -m venv failed; installing python3-venv (apt)"
      rm -rf .venv
      apt_install python3-venv
      python3 -m venv .venv
    fi
  fi
  .venv/bin/python -m pip install -q --disable-pip-version-check "$MOTO_SPEC"
  [ -x .venv/bin/moto_server ] || die ".venv/bin/moto_server missing after pip install"
fi

# Debian's /usr/bin/wasm-opt would be used by anything that doesn't put node_modules/.bin first.
if [ -x /usr/bin/wasm-opt ]; then
  warn "/usr/bin/wasm-opt exists (not from the Debian binaryen package?); make sure node_modules/.bin comes first on PATH"
fi

say "done in $(( $(date +%s) - T0 ))s (wasm-pack $(wasm-pack --version 2>/dev/null | awk '{print $2}'), wasm-bindgen $WB, $("$ROOT/node_modules/.bin/wasm-opt" --version 2>/dev/null | awk '{print $1, $3}'))"
