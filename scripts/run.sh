#!/usr/bin/env bash
# The main job: build herald, check every example journey, then play a customer's timeline
# through the cart-abandonment journey with the CLI (state carried from response to request)
# and show its worst-case cost.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release
herald=./target/release/herald

echo "== herald check examples/*.herald"
$herald check examples/*.herald

echo
echo "== herald eval --carry-state examples/cart_abandonment.herald < examples/requests/cart_abandonment.ndjson"
$herald eval --carry-state examples/cart_abandonment.herald < examples/requests/cart_abandonment.ndjson

echo
echo "== herald analyze examples/cart_abandonment.herald --country US"
$herald analyze examples/cart_abandonment.herald --country US
