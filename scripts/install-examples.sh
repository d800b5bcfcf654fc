#!/usr/bin/env bash
# Installs the examples' npm dependencies (examples/react, examples/node, examples/next) when they are
# missing or older than their package.json / package-lock.json. Idempotent: a second run
# only checks timestamps. Both examples take cognito-headless from the built package
# directory (file:../../target/pkg-build/package, a symlink), so they always see the last
# `scripts/package.sh` build without reinstalling (examples/next: after its next build).
# examples/next's lockfile holds Next's platform SWC binaries as optional dependencies:
# npm installs this machine's (@next/swc-linux-x64-gnu), so next build never downloads one.
#
# npm runs with --prefer-offline: packages already in npm's cache are not fetched again.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'examples: %s\n' "$*"; }

[ -f target/pkg-build/package/index.js ] || {
  echo "examples: ERROR: target/pkg-build/package is missing: run scripts/package.sh (make package) first" >&2
  exit 1
}

for dir in examples/react examples/node examples/next; do
  stamp=$dir/node_modules/.package-lock.json
  why=""
  if [ ! -f "$stamp" ]; then why="node_modules missing"
  elif [ "$dir/package.json" -nt "$stamp" ]; then why="package.json changed"
  elif [ -f "$dir/package-lock.json" ] && [ "$dir/package-lock.json" -nt "$stamp" ]; then why="package-lock.json changed"
  elif [ ! -e "$dir/node_modules/cognito-headless/index.js" ]; then why="cognito-headless link broken"
  fi
  if [ -z "$why" ]; then
    say "$dir: up to date"
    continue
  fi
  if [ -f "$dir/package-lock.json" ]; then
    say "$dir: npm ci ($why)"
    if ! ( cd "$dir" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error ); then
      # The lockfile also records the linked package's own metadata (version, peer
      # dependencies); when the package changed, npm ci may refuse: install and say so.
      say "$dir: WARNING: npm ci failed; running npm install (commit the updated $dir/package-lock.json)"
      ( cd "$dir" && npm install --prefer-offline --no-audit --no-fund --loglevel=error )
    fi
  else
    say "$dir: npm install ($why)"
    ( cd "$dir" && npm install --prefer-offline --no-audit --no-fund --loglevel=error )
  fi
done
