#!/usr/bin/env bash
# The main job: build everything (the CLI and the npm package), check every example journey,
# play a customer's timeline through the cart-abandonment journey with the CLI (state carried
# from response to request), the same first request through the npm package in Node, and show
# the journey's worst-case cost.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release
herald=./target/release/herald
npm --prefix pkg run build

echo "== herald check examples/*.herald"
$herald check examples/*.herald

echo
echo "== herald eval --carry-state examples/cart_abandonment.herald < examples/requests/cart_abandonment.ndjson"
$herald eval --carry-state examples/cart_abandonment.herald < examples/requests/cart_abandonment.ndjson

echo
echo "== the first request through the npm package (herald-engine) in Node"
node --input-type=module -e "
import { readFileSync } from 'node:fs';
import { compile } from './pkg/dist/node.mjs';
const program = compile(readFileSync('examples/cart_abandonment.herald', 'utf8'));
const request = JSON.parse(readFileSync('examples/requests/cart_abandonment.ndjson', 'utf8').split('\n')[0]);
console.log(JSON.stringify(program.evaluate(request).decisions));
program.free();
"

echo
echo "== herald analyze examples/cart_abandonment.herald --country US"
$herald analyze examples/cart_abandonment.herald --country US
