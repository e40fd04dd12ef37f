#!/usr/bin/env bash
# The main job: build everything (the CLI, the npm package and the editor), check every example
# journey, play a customer's timeline through the cart-abandonment journey with the CLI (state
# carried from response to request), the same first request through the npm package in Node,
# show the journey's worst-case cost, and end by serving the journey editor (www/dist) on
# http://127.0.0.1:8080 with an example loaded. `--no-serve` builds the editor but does not serve it.
set -euo pipefail
cd "$(dirname "$0")/.."
serve=1
for arg in "$@"; do
    case "$arg" in
        --no-serve) serve=0 ;;
        *) echo "usage: scripts/run.sh [--no-serve]" >&2; exit 2 ;;
    esac
done
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

echo
echo "== the journey editor: npm --prefix www run build"
bash scripts/setup-www.sh
npm --prefix www run build
if [ "$serve" = 1 ]; then
    echo
    echo "== serving the editor on http://127.0.0.1:8080/#example=cart_abandonment (Ctrl+C stops it; --no-serve skips this)"
    exec node www/scripts/serve.mjs --port 8080
fi
