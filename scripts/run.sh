#!/usr/bin/env bash
# The main job: build herald and check every example journey with the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release
for f in examples/*.herald; do
  ./target/release/herald check "$f"
done
