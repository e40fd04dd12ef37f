#!/usr/bin/env bash
# Installs the editor's npm dependencies (www/) exactly as www/package-lock.json pins them, when
# they are missing or older than the lock file. herald-engine itself is the package of this
# repository (`file:../pkg`), built by `npm --prefix pkg run build`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d www/node_modules/@codemirror/view ] || [ ! -d www/node_modules/playwright-core ] \
    || [ www/package-lock.json -nt www/node_modules/.package-lock.json ]; then
    echo "setup-www: installing the npm dependencies of www/" >&2
    (cd www && npm ci --no-audit --no-fund)
fi
