#!/usr/bin/env bash
# Builds the npm package: dist/cognito-headless-<version>.tgz (`make package` calls this).
#
#   1. wasm-pack build --mode no-install --release --target web (wasm-opt -Oz from npm
#      binaryen 132, found through node_modules/.bin on PATH; never Debian's wasm-opt 108,
#      which miscompiles wasm-bindgen output). Fails if wasm-pack did not run wasm-opt.
#      The output goes to a fresh directory and replaces target/pkg-build/wasm only when
#      the build succeeded, so a failed build never leaves a half-built package behind.
#   2. Assembles target/pkg-build/package/ = pkg-template/* + js/*.js + js/*.d.ts +
#      wasm/{cognito_headless.js, cognito_headless_bg.wasm, cognito_headless.d.ts}.
#   3. npm pack --pack-destination dist.
#   4. Prints the raw and gzip -9 sizes of the wasm and of the package's JS.
#
#   --js-only   skip step 1 and reuse the wasm of the last successful build (for work on
#               js/ and pkg-template/ while src/ does not build).
# Idempotent: every run rebuilds target/pkg-build/package and overwrites the tarball.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf 'package: %s\n' "$*"; }
die() { printf 'package: ERROR: %s\n' "$*" >&2; exit 1; }

JS_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --js-only) JS_ONLY=1 ;;
    *) die "unknown argument $arg (known: --js-only)" ;;
  esac
done

[ -f pkg-template/package.json ] || die "pkg-template/package.json missing"
[ -f js/index.js ] || die "js/index.js missing"

VERSION=$(awk -F'"' '/^version *=/{print $2; exit}' Cargo.toml)
PKG_VERSION=$(node -p "require('./pkg-template/package.json').version")
[ "$VERSION" = "$PKG_VERSION" ] || die "Cargo.toml version $VERSION != pkg-template/package.json version $PKG_VERSION"

BUILD=$ROOT/target/pkg-build
WASM_OUT=$BUILD/wasm
WASM_NEW=$BUILD/wasm.new
STAGE=$BUILD/package
LOG=$BUILD/wasm-pack.log
WASM_FILES="cognito_headless.js cognito_headless_bg.wasm cognito_headless.d.ts"
mkdir -p "$BUILD"

# ------------------------------------------------------------------ 1. wasm
if [ "$JS_ONLY" = 1 ]; then
  for f in $WASM_FILES; do
    [ -s "$WASM_OUT/$f" ] || die "--js-only: $WASM_OUT/$f missing (run scripts/package.sh once without --js-only)"
  done
  say "--js-only: reusing the wasm built $(date -r "$WASM_OUT/cognito_headless_bg.wasm" '+%F %T')"
else
  command -v wasm-pack >/dev/null || die "wasm-pack not found (run scripts/setup.sh)"
  [ -x node_modules/.bin/wasm-opt ] || die "node_modules/.bin/wasm-opt missing (npm binaryen; run scripts/setup.sh)"
  # The release profile has `strip = true`, which also drops rustc's `target_features`
  # section; wasm-bindgen then writes one that lists only reference-types, and wasm-opt
  # rejects the module ("memory.copy operations require bulk memory"). Stripping only
  # debug info keeps the section (wasm-opt drops names and producers details anyway).
  # CARGO_PROFILE_RELEASE_STRIP=... in the environment overrides this.
  export CARGO_PROFILE_RELEASE_STRIP=${CARGO_PROFILE_RELEASE_STRIP:-debuginfo}
  say "wasm-pack build --release --target web (strip=$CARGO_PROFILE_RELEASE_STRIP; log: ${LOG#$ROOT/})"
  rm -rf "$WASM_NEW"
  if ! wasm-pack build --mode no-install --release --target web \
       --out-dir "$WASM_NEW" --out-name cognito_headless >"$LOG" 2>&1; then
    cat "$LOG" >&2
    die "wasm-pack build failed"
  fi
  grep -q 'found wasm-opt at' "$LOG" || { cat "$LOG" >&2; die "wasm-pack did not run wasm-opt (expected 'found wasm-opt at' in the log)"; }
  WASM_OPT_PATH=$(sed -n 's/.*found wasm-opt at "\{0,1\}\([^"]*\)"\{0,1\}.*/\1/p' "$LOG" | head -n1)
  case "$WASM_OPT_PATH" in
    /usr/bin/*) die "wasm-pack used $WASM_OPT_PATH (Debian binaryen breaks the output); node_modules/.bin must come first" ;;
  esac
  say "wasm-opt: ${WASM_OPT_PATH:-found}"
  for f in $WASM_FILES; do
    [ -s "$WASM_NEW/$f" ] || die "wasm-pack output lacks $f"
  done
  rm -rf "$WASM_OUT"
  mv "$WASM_NEW" "$WASM_OUT"
fi

# ------------------------------------------------------------------ 2. stage
rm -rf "$STAGE"
mkdir -p "$STAGE/wasm"
cp -R pkg-template/. "$STAGE/"
cp js/*.js "$STAGE/"
if compgen -G 'js/*.d.ts' >/dev/null; then cp js/*.d.ts "$STAGE/"; fi
[ -f LICENSE ] && [ ! -f "$STAGE/LICENSE" ] && cp LICENSE "$STAGE/"
# Only the three files the package uses; wasm-pack's package.json/.gitignore/README are dropped.
for f in $WASM_FILES; do cp "$WASM_OUT/$f" "$STAGE/wasm/"; done
# Every entry in the exports map must exist.
node -e '
  const fs = require("fs"), path = require("path");
  const dir = process.argv[1];
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const targets = [];
  const walk = (v) => typeof v === "string" ? targets.push(v) : Object.values(v).forEach(walk);
  walk(pkg.exports);
  const missing = targets.filter((t) => !fs.existsSync(path.join(dir, t)));
  if (missing.length) { console.error("exports point at missing files: " + missing.join(", ")); process.exit(1); }
' "$STAGE" || die "the exports map is broken"

# ------------------------------------------------------------------ 3. pack
mkdir -p dist
rm -f "dist/cognito-headless-$VERSION.tgz"
TGZ=$( cd "$STAGE" && npm pack --silent --pack-destination "$ROOT/dist" | tail -n1 )
[ -f "dist/$TGZ" ] || die "npm pack did not produce dist/$TGZ"

# ------------------------------------------------------------------ 4. sizes
WASM=$STAGE/wasm/cognito_headless_bg.wasm
RAW=$(wc -c <"$WASM")
GZ=$(gzip -9 -c "$WASM" | wc -c)
JS_RAW=$(cat "$STAGE"/*.js "$STAGE/wasm/cognito_headless.js" | wc -c)
JS_GZ=$(cat "$STAGE"/*.js "$STAGE/wasm/cognito_headless.js" | gzip -9 -c | wc -c)
TGZ_SIZE=$(wc -c <"dist/$TGZ")
say "cognito_headless_bg.wasm: $RAW bytes raw, $GZ bytes gzip -9"
say "JS (every .js file in the package): $JS_RAW bytes raw, $JS_GZ bytes gzip -9"
say "dist/$TGZ: $TGZ_SIZE bytes ($(tar -tzf "dist/$TGZ" | wc -l) files)"
