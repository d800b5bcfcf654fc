#!/usr/bin/env bash
# Runs every test suite in order, streams each one's output and keeps a copy in
# target/test-logs/<suite>.log, then prints a per-suite table and, as the very last
# line, `N passed, N failed` summed over all suites. Exits 1 if anything failed.
#
# Counting rules (per suite):
#   - counts come from the suite's own report (see each run_* function);
#   - the command exited non-zero but the counts show 0 failed  -> at least 1 failed;
#   - 0 tests reported, or nothing parsable                    -> 1 failed.
# A suite that fails never stops the ones after it.
#
# Environment: SETUP_RC (exit status of scripts/setup.sh, set by `make test`): non-zero
# adds a failed "setup" row. SUITES="size fixtures cargo ..." runs only the named suites.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LOGDIR=$ROOT/target/test-logs
mkdir -p "$LOGDIR"

# node_modules/.bin first: wasm-pack takes the first wasm-opt on PATH (npm binaryen 132).
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
# wasm-bindgen-test-runner's timeout is per test *binary* (default 20 s), not per test;
# every single test stays far below 10 s, but a binary of many tests can pass 20 s on a
# loaded 2-core box.
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-300}
# Run every SRP vector in Chrome too (tests/common/srp_vectors.rs samples otherwise).
export SRP_VECTORS_ALL=${SRP_VECTORS_ALL:-1}
export CARGO_TERM_COLOR=never
export NO_COLOR=1

ALL_SUITES="size fixtures cargo wasm-node wasm-chrome package js e2e"
SUITES=${SUITES:-$ALL_SUITES}

NAMES=(); PASSED=(); FAILED=(); SECS=(); NOTES=()
TOTAL_P=0; TOTAL_F=0

record() { # name passed failed secs note
  NAMES+=("$1"); PASSED+=("$2"); FAILED+=("$3"); SECS+=("$4"); NOTES+=("$5")
  TOTAL_P=$((TOTAL_P + $2)); TOTAL_F=$((TOTAL_F + $3))
}

banner() { printf '\n===== %s: %s\n' "$1" "$2"; }

strip_ansi() { sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r$//' "$@"; }

# run_logged NAME CMD...: streams output, copies it to $LOGDIR/NAME.log, sets RC and DUR.
run_logged() {
  local name=$1; shift
  local t0=$SECONDS
  banner "$name" "$*"
  "$@" 2>&1 | tee "$LOGDIR/$name.log"
  RC=${PIPESTATUS[0]}
  DUR=$((SECONDS - t0))
}

# finish NAME PASSED FAILED NOTE: applies the counting rules to the parsed counts.
finish() {
  local name=$1 p=$2 f=$3 note=$4
  if [ "$RC" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1; note="${note:+$note; }exit status $RC with no failed test reported"
  fi
  if [ $((p + f)) -eq 0 ]; then
    f=1; note="${note:+$note; }no tests reported"
  fi
  record "$name" "$p" "$f" "$DUR" "$note"
}

# Sums every libtest summary line (`test result: ok. N passed; M failed; ...`), as
# printed by cargo test and by wasm-bindgen-test-runner. Prints "PASSED FAILED".
parse_libtest() {
  strip_ansi "$1" | awk '
    /test result: (ok|FAILED)\. [0-9]+ passed; [0-9]+ failed/ {
      for (i = 1; i <= NF; i++) {
        if ($(i+1) ~ /^passed;?$/) p += $i
        if ($(i+1) ~ /^failed;?$/) f += $i
      }
    }
    END { printf "%d %d\n", p, f }'
}

# ------------------------------------------------------------------ suites
# The size rule (files <= 600 lines, functions <= 80 in src/ and js/): one test per file.
suite_size() {
  run_logged size node scripts/check-size.mjs
  local last p=0 f=0 note=""
  last=$(strip_ansi "$LOGDIR/size.log" | awk 'NF { l = $0 } END { print l }')
  if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    p=${BASH_REMATCH[1]}; f=${BASH_REMATCH[2]}
  else
    note="last line is not 'N passed, N failed'"
  fi
  finish size "$p" "$f" "$note"
}

suite_fixtures() {
  local script=tests/fixtures/gen-srp-vectors.mjs
  if [ ! -f "$script" ]; then
    banner fixtures "$script --check"
    echo "missing $script: counted as failed" | tee "$LOGDIR/fixtures.log"
    RC=1; DUR=0
    record fixtures 0 1 0 "$script does not exist"
    return
  fi
  run_logged fixtures node "$script" --check
  if [ "$RC" -eq 0 ]; then record fixtures 1 0 "$DUR" "fixtures fresh"
  else record fixtures 0 1 "$DUR" "exit status $RC (stale or broken fixtures)"; fi
}

suite_cargo() {
  run_logged cargo cargo test --no-fail-fast
  local p f; read -r p f < <(parse_libtest "$LOGDIR/cargo.log")
  finish cargo "$p" "$f" ""
}

suite_wasm() { # name, extra wasm-pack args
  local name=$1; shift
  run_logged "$name" wasm-pack test --mode no-install "$@"
  local p f note=""
  read -r p f < <(parse_libtest "$LOGDIR/$name.log")
  if grep -q 'Not able to find or install a local wasm-bindgen' "$LOGDIR/$name.log"; then
    note="wasm-bindgen on PATH does not match Cargo.lock (run scripts/setup.sh)"
  fi
  finish "$name" "$p" "$f" "$note"
}

# Builds the npm package (release wasm, wasm-opt, npm pack) the JS suites test: 1 test.
suite_package() {
  run_logged package bash scripts/package.sh
  if [ "$RC" -eq 0 ]; then record package 1 0 "$DUR" "dist/ tarball built"
  else record package 0 1 "$DUR" "scripts/package.sh exited $RC"; fi
}

suite_js() {
  local json=$LOGDIR/vitest.json
  rm -f "$json"
  run_logged js npx --no-install vitest run \
    --reporter=default --reporter=json --outputFile="$json"
  local p=0 f=0 note=""
  if [ -s "$json" ]; then
    # Failed tests, plus files that failed without a failing test (import/syntax errors).
    read -r p f < <(node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const broken = (r.testResults || []).filter(t => t.status === "failed" &&
        !(t.assertionResults || []).some(a => a.status === "failed")).length;
      console.log((r.numPassedTests | 0) + " " + ((r.numFailedTests | 0) + broken));
    ' "$json" 2>/dev/null || echo "0 0")
  else
    note="no JSON report at ${json#$ROOT/}"
  fi
  finish js "${p:-0}" "${f:-0}" "$note"
}

suite_e2e() {
  local script=tests/e2e/run.mjs
  if [ ! -f "$script" ]; then
    banner e2e "node $script"
    echo "skipped: $script does not exist yet (not counted)" | tee "$LOGDIR/e2e.log"
    NAMES+=(e2e); PASSED+=(-); FAILED+=(-); SECS+=(0); NOTES+=("skipped: $script not written yet")
    return
  fi
  run_logged e2e node "$script"
  local last p=0 f=0 note=""
  last=$(strip_ansi "$LOGDIR/e2e.log" | awk 'NF { l = $0 } END { print l }')
  if [[ $last =~ ^[[:space:]]*([0-9]+)\ passed,\ ([0-9]+)\ failed[[:space:]]*$ ]]; then
    p=${BASH_REMATCH[1]}; f=${BASH_REMATCH[2]}
  else
    note="last line is not 'N passed, N failed'"
  fi
  finish e2e "$p" "$f" "$note"
}

T_START=$SECONDS
if [ -n "${SETUP_RC:-}" ] && [ "$SETUP_RC" != 0 ]; then
  record setup 0 1 0 "scripts/setup.sh exited $SETUP_RC (see its output above)"
fi
for s in $SUITES; do
  case $s in
    size)        suite_size ;;
    fixtures)    suite_fixtures ;;
    cargo)       suite_cargo ;;
    wasm-node)   suite_wasm wasm-node --node ;;
    wasm-chrome) suite_wasm wasm-chrome --headless --chrome ;;
    package)     suite_package ;;
    js)          suite_js ;;
    e2e)         suite_e2e ;;
    *) echo "unknown suite '$s' (known: $ALL_SUITES)" >&2; RC=1; DUR=0; record "$s" 0 1 0 "unknown suite" ;;
  esac
done

# ------------------------------------------------------------------ summary
printf '\n===== summary (logs in %s)\n' "${LOGDIR#$ROOT/}"
printf '%-12s %7s %7s %6s  %s\n' suite passed failed secs note
for i in "${!NAMES[@]}"; do
  printf '%-12s %7s %7s %6s  %s\n' "${NAMES[$i]}" "${PASSED[$i]}" "${FAILED[$i]}" "${SECS[$i]}" "${NOTES[$i]}"
done
printf '%-12s %7s %7s %6s\n' total "$TOTAL_P" "$TOTAL_F" "$((SECONDS - T_START))"
echo "$TOTAL_P passed, $TOTAL_F failed"
[ "$TOTAL_F" -eq 0 ]
