#!/usr/bin/env bash
# Debian's Chromium for the browser tests of the npm package (driven by playwright-core).
# Playwright's own browser download is never used: this machine reaches no browser CDN.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
    echo "setup-chromium: installing Debian's chromium" >&2
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium
fi
