#!/usr/bin/env bash
# Runs herald's fuzz targets one after another (docs/reliability.md), each for SECONDS (default
# 300), niced: `scripts/fuzz.sh [SECONDS] [TARGET...]`. Needs nightly and cargo-fuzz
# (`cargo install cargo-fuzz`). Each target starts from its seeds (fuzz/seeds/TARGET) and its
# growing corpus (fuzz/corpus/TARGET, git-ignored); a crash lands in fuzz/artifacts/TARGET:
# copy it to fuzz/regressions/TARGET/ so `cargo test --test fuzz_regressions` keeps it fixed.
# Prints libFuzzer's final figures per target, and coverage over executions
# (fuzz/summarize_log.py: how long since coverage last grew, the measure of a plateau).
# FUZZ_SANITIZER picks cargo-fuzz's sanitizer: `none` (the default) or `address`. herald is
# `#![forbid(unsafe_code)]`, so AddressSanitizer can only find memory errors in its dependencies'
# unsafe code, at 3-10x fewer executions a second; the coverage-guided search (and Rust's own
# checks: bounds, overflow with debug assertions, which cargo-fuzz turns on) is what finds herald's
# bugs. docs/reliability.md has both kinds of run. An input is a timeout past 60 s of wall time:
# at nice 19 on a machine whose cores other jobs hold, a fuzzer can wait seconds for a core (a
# 0.2 s input was once reported past a 10 s limit that way).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
sanitizer=${FUZZ_SANITIZER:-none}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(parse_check format_roundtrip evaluate sms_segments replay parse_differential)
fi
command -v cargo-fuzz >/dev/null || { echo "cargo-fuzz is not installed: cargo install cargo-fuzz" >&2; exit 2; }
for target in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$target"
    log="fuzz/corpus/$target.log"
    echo "== $target ($seconds s)"
    # LeakSanitizer reports the bookkeeping of a scoped thread that has not quite ended when the
    # input's run does (std::thread::Inner, its thread-local destructors) as a leak: the replay
    # target replays on three threads (`--jobs 3`), so leaks are not checked there. Safe Rust
    # frees what it allocates; every other target still checks.
    leaks=1
    if [ "$target" = replay ]; then leaks=0; fi
    if [ "$sanitizer" = none ]; then leaks=0; fi
    # Each line of the log starts with the seconds since the run began (`[t=S]`), so
    # summarize_log.py can say how long coverage has been flat, not only how many executions.
    status=0
    # parse_differential reads sources as parse_check does, and starts from its seeds.
    seeds="fuzz/seeds/$target"
    if [ "$target" = parse_differential ]; then seeds=fuzz/seeds/parse_check; fi
    nice -n 19 cargo +nightly fuzz run -s "$sanitizer" "$target" "fuzz/corpus/$target" "$seeds" -- \
        -max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 -print_final_stats=1 \
        -detect_leaks="$leaks" -dict=fuzz/herald.dict 2>&1 \
        | awk -v start="$(date +%s)" '{ printf "[t=%d] %s\n", systime() - start, $0; fflush() }' >"$log" \
        || status=$?
    if [ "$status" -ne 0 ]; then echo "$target FAILED: see $log"; tail -40 "$log"; exit 1; fi
    grep -E '^(\[t=[0-9]+\] )?stat::(number_of_executed_units|average_exec_per_sec|new_units_added)' "$log"
    python3 fuzz/summarize_log.py "$log"
done
