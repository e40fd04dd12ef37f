#!/usr/bin/env bash
# The fuzz targets' smoke run in CI (docs/reliability.md): every target of fuzz/ built with
# libFuzzer's coverage instrumentation, then fuzzed for SECONDS (default 8) each from its seeds.
# A crash, a timeout (30 s on one input) or an out-of-memory fails the run; the input lands in
# fuzz/artifacts/TARGET/. The long runs that reach a plateau are scripts/fuzz.sh's.
#
# It builds as `cargo fuzz build -s none` does (the same RUSTFLAGS, from cargo-fuzz 0.13's
# project.rs), without installing cargo-fuzz: that install alone took about 3 minutes of CI's
# 2 cores. It needs the nightly toolchain (sanitizer-coverage passes); a machine without one
# says so and skips, since nightly cannot be fetched offline.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-8}
targets=(parse_check format_roundtrip evaluate sms_segments replay parse_differential)

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "fuzz smoke: skipped, no nightly toolchain (rustup toolchain install nightly)"
    exit 0
fi
triple=$(rustup run nightly rustc -vV | sed -n 's/^host: //p')
flags="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4"
flags+=" -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table"
flags+=" -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing"
flags+=" -Cllvm-args=-simplifycfg-branch-fold-threshold=0 -Cdebug-assertions -Ccodegen-units=1"
case "$triple" in *-linux-*) flags+=" -Cllvm-args=-sanitizer-coverage-stack-depth" ;; esac

echo "building the fuzz targets (nightly, $triple)"
RUSTFLAGS="$flags" cargo +nightly build --quiet --manifest-path fuzz/Cargo.toml --target "$triple" \
    --release --config 'profile.release.debug="line-tables-only"' --bins
bin_dir="${CARGO_TARGET_DIR:-fuzz/target}/$triple/release"

passed=0
failed=0
for target in "${targets[@]}"; do
    corpus=$(mktemp -d)
    mkdir -p "fuzz/artifacts/$target"
    log="$corpus.log"
    # The seeds are read, never written: new inputs go to the throwaway corpus.
    # parse_differential reads sources as parse_check does, and starts from its seeds.
    seeds="fuzz/seeds/$target"
    if [ "$target" = parse_differential ]; then seeds=fuzz/seeds/parse_check; fi
    if "$bin_dir/$target" "$corpus" "$seeds" -max_total_time="$seconds" -timeout=30 \
        -rss_limit_mb=4096 -dict=fuzz/herald.dict -print_final_stats=1 \
        -artifact_prefix="fuzz/artifacts/$target/" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "fuzz smoke $target: ok, ${runs:-?} executions in $seconds s"
        passed=$((passed + 1))
    else
        echo "fuzz smoke $target: FAILED"
        tail -40 "$log"
        failed=$((failed + 1))
    fi
    rm -rf "$corpus" "$log"
done
echo "fuzz_smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
