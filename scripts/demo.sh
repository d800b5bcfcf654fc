#!/usr/bin/env bash
# `make demo`: the React example against a local Cognito, from a fresh machine.
#
#   1. scripts/setup.sh (idempotent: Rust target, chromium, wasm-pack, wasm-bindgen, npm
#      dev dependencies, moto in .venv)
#   2. the npm package (scripts/package.sh), unless target/pkg-build/package is newer
#      than every file in src/, js/, pkg-template/, Cargo.toml and Cargo.lock
#      (DEMO_REBUILD=1 forces a build)
#   3. the examples' npm dependencies (scripts/install-examples.sh)
#   4. scripts/demo.mjs: moto on 127.0.0.1 (TOTP on), the seed, Vite for examples/react;
#      prints the URL and the demo credentials. Ctrl-C stops all of it.
#      With --next (`make demo-next`): scripts/demo-next.mjs, the Next.js example instead.
#
# COGNITO_USER_POOL_ID / COGNITO_CLIENT_ID (+ optional COGNITO_IDENTITY_POOL_ID,
# COGNITO_REGION) point the app at a real user pool instead: then no moto is started.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf 'demo: %s\n' "$*"; }

bash scripts/setup.sh

STAMP=target/pkg-build/package/index.js
if [ "${DEMO_REBUILD:-0}" != 1 ] && [ -f "$STAMP" ] && [ -f target/pkg-build/package/react.js ] \
   && [ -z "$(find src js pkg-template Cargo.toml Cargo.lock -newer "$STAMP" -print -quit 2>/dev/null)" ]; then
  say "package: target/pkg-build/package is up to date (DEMO_REBUILD=1 rebuilds it)"
else
  say "package: building (scripts/package.sh)"
  bash scripts/package.sh
fi

bash scripts/install-examples.sh

# `make demo-next`: the Next.js example instead (scripts/demo-next.mjs builds and starts it).
if [ "${1:-}" = --next ]; then
  exec node scripts/demo-next.mjs
fi
exec node scripts/demo.mjs
