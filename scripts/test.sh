#!/usr/bin/env bash
# Runs every test of the project: formatting, lints, the Rust unit, integration and conformance
# tests, then (once the npm package exists) the package's tests in Node, workerd, Deno and
# Chromium, then the journey editor's end-to-end tests in Chromium (www/tests), then the edge
# worker's tests (examples/edge-worker, in wrangler dev). Installs what it needs through the
# project's own scripts. Ends with one line "N passed, N failed" summing every runner.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== rustfmt"
cargo fmt --all -- --check

echo "== clippy"
cargo clippy --workspace --all-targets -- -D warnings

echo "== cargo test"
cargo test --workspace --all-targets 2>&1 | tee -a "$log"
cargo test --workspace --doc 2>&1 | tee -a "$log"

echo "== the library's API docs build without warnings (docs/api.md)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p herald-engine

echo "== fuzz smoke: every cargo-fuzz target for 8 s from its seeds (nightly; docs/reliability.md)"
bash scripts/fuzz-smoke.sh 8 2>&1 | tee -a "$log"

echo "== the wasm bindings' unit tests (src/wasm, natively: features wasm and wasm-sim)"
cargo clippy -p herald-engine --lib --tests --features wasm -- -D warnings
cargo test -p herald-engine --lib --features wasm wasm:: 2>&1 | tee -a "$log"
# The simulator module's bindings (src/wasm/sim.rs: replay, test, diff) build only with wasm-sim.
cargo clippy -p herald-engine --lib --tests --features wasm-sim -- -D warnings
cargo test -p herald-engine --lib --features wasm-sim wasm::sim 2>&1 | tee -a "$log"

echo "== differential: local time against Python's zoneinfo (tests/differential/)"
# The system's compiled IANA database, else PyPI's tzdata (docs/reliability.md).
python3 -c 'import sys, zoneinfo; sys.exit(0 if zoneinfo.available_timezones() else 1)' \
    || python3 -m pip install --quiet tzdata
python3 tests/differential/tz_zoneinfo.py 2>&1 | tee -a "$log"

echo "== npm package (Node, Bun, Deno, workerd, Chromium, TypeScript)"
bash scripts/setup-wasm.sh
# The runtime-only module's feature set (wasm-runtime without wasm) builds clean for wasm32.
cargo clippy -p herald-engine --lib --target wasm32-unknown-unknown --features wasm-runtime \
    -- -D warnings
# And the simulator module's (wasm-sim alone).
cargo clippy -p herald-engine --lib --target wasm32-unknown-unknown --features wasm-sim \
    -- -D warnings
npm --prefix pkg test 2>&1 | tee -a "$log"

echo "== the journey editor (www/): built, then used end to end in Chromium"
bash scripts/setup-www.sh
HERALD_WWW_BUILD=1 npm --prefix www test 2>&1 | tee -a "$log"

echo "== edge worker (wrangler dev → workerd, Segment's client, Twilio/SendGrid stand-in)"
npm --prefix examples/edge-worker test 2>&1 | tee -a "$log"

echo
# One closing line over every runner: cargo's "test result:" lines, node's "ℹ pass/fail N" and
# the Python differential tests' "NAME: N passed, N failed".
awk '/^test result:/ { for (i = 1; i < NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     /^ℹ pass [0-9]+$/ { p += $3 }
     /^ℹ fail [0-9]+$/ { f += $3 }
     /^[a-z_]+: [0-9]+ passed, [0-9]+ failed$/ { p += $2; f += $4 }
     END { printf "all: %d passed, %d failed\n", p, f }' "$log"
