# cognito-headless: the two commands are `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := test
.PHONY: test setup package demo demo-next bench clean

# Install what is missing (idempotent), then run every suite. Setup failing does not
# skip the suites: run-tests.sh reports it as a failed row and still ends with the
# `N passed, N failed` line.
test:
	@rc=0; scripts/setup.sh || rc=$$?; SETUP_RC=$$rc scripts/run-tests.sh

setup:
	@scripts/setup.sh

package: setup
	@if [ -f scripts/package.sh ]; then \
	  bash scripts/package.sh; \
	else \
	  echo "make package: scripts/package.sh does not exist yet (it comes with a later issue)"; \
	fi

# The React example against a local Cognito (moto), set up from scratch if need be; Ctrl-C
# stops it. COGNITO_USER_POOL_ID / COGNITO_CLIENT_ID point it at a real pool instead.
demo:
	@bash scripts/demo.sh

# The Next.js App Router example (examples/next: next build, then next start) against its
# own local Cognito; `make demo` prints the command that points it at the demo's instead.
demo-next:
	@bash scripts/demo.sh --next

# Every section, writes BENCHMARKS.md; BENCH_ARGS passes options (e.g. BENCH_ARGS='--only size').
bench: setup
	@if [ -f bench/run.mjs ]; then \
	  node bench/run.mjs $(BENCH_ARGS); \
	else \
	  echo "make bench: bench/run.mjs does not exist yet (benchmarks come with a later issue)"; \
	fi

# The multi-tab model test with more schedules than `make test` runs (MODEL_SCHEDULES,
# default 200,000; MODEL_SEED picks the first seed).
.PHONY: model
model:
	MODEL_SCHEDULES=$${MODEL_SCHEDULES:-200000} MODEL_SEED=$${MODEL_SEED:-1} \
	  cargo test --test flows tabs_model -- --nocapture

# Formatting and lints, by hand (not in `make test`, so that a newer rustfmt or clippy on
# another machine cannot turn CI red over style).
.PHONY: lint
lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings

clean:
	cargo clean
	rm -rf pkg dist

# Fuzzing, by hand only (`make test` replays fuzz/corpus and fuzz/artifacts on stable through
# tests/fuzz_replay.rs). Each target runs FUZZ_SECONDS (default 300), then its corpus is
# minimised; a crash stops the loop and is saved under fuzz/artifacts/<target>/. cargo-fuzz
# passes nightly-only flags: RUSTC_BOOTSTRAP=1 lets the one stable toolchain take them.
# FUZZ_TARGETS picks targets, FUZZ_SANITIZER=address adds ASan (slower; the code has no unsafe).
.PHONY: fuzz
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	@cd fuzz && for t in $${FUZZ_TARGETS:-json response jwt stored_session srp machine}; do \
	  echo "== fuzz $$t ($${FUZZ_SECONDS:-300} s)"; \
	  RUSTC_BOOTSTRAP=1 cargo fuzz run -O -s $${FUZZ_SANITIZER:-none} $$t -- \
	    -max_total_time=$${FUZZ_SECONDS:-300} -max_len=2048 -dict=dict/cognito.dict -print_final_stats=1 || exit 1; \
	  RUSTC_BOOTSTRAP=1 cargo fuzz cmin -O -s $${FUZZ_SANITIZER:-none} $$t || exit 1; \
	done
