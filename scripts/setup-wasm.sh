#!/usr/bin/env bash
# Installs everything the wasm build and the npm package tests need, on a clean machine.
# Idempotent: each step is skipped when its tool is already there at the right version.
#   - the Rust target wasm32-unknown-unknown (rustup), and the nightly toolchain's rust-src for
#     the package build's build-std (not fatal when it cannot be installed)
#   - wasm-bindgen-cli at exactly the version of the `wasm-bindgen` crate in Cargo.lock
#     (the CLI and the crate must agree, or the generated glue does not match the module)
#   - the npm dev dependencies of pkg/ from its package-lock.json: binaryen (wasm-opt; never
#     Debian's binaryen 108, whose output crashes at load), typescript, workerd, playwright-core, deno, bun
#   - Debian's chromium for the browser test (scripts/setup-chromium.sh), unless
#     HERALD_SKIP_CHROMIUM=1
# No step downloads a browser or a binary by itself: every binary comes from a registry package.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { printf 'setup-wasm: %s\n' "$*" >&2; }

# 1. Rust target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the Rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
fi

# 1b. The nightly toolchain and its rust-src, for the package build's build-std (docs/wasm.md,
#     "The toolchain"). Not fatal: without them pkg/scripts/build.mjs builds with the stable
#     toolchain, says so, and records it (the modules are about 30 KB gzipped larger).
if ! rustup component list --toolchain nightly --installed 2>/dev/null | grep -qx rust-src; then
    log "adding the nightly toolchain's rust-src (build-std)"
    if ! rustup toolchain list | grep -q '^nightly'; then
        rustup toolchain install nightly --profile minimal --component rust-src \
            || log "WARNING: could not install the nightly toolchain: the package builds with stable"
    else
        rustup component add rust-src --toolchain nightly \
            || log "WARNING: could not add rust-src to nightly: the package builds with stable"
    fi
fi

# 2. wasm-bindgen-cli, same version as the crate in Cargo.lock.
want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ -z "$want" ]; then
    log "no wasm-bindgen in Cargo.lock"; exit 1
fi
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have" != "$want" ]; then
    log "installing wasm-bindgen-cli $want (found: ${have:-none}); this takes a few minutes"
    # Not --locked: the CLI's own lock file pins crates that no longer build on current Rust.
    cargo install wasm-bindgen-cli --version "$want"
fi

# 3. npm dev dependencies of pkg/ (exact versions from pkg/package-lock.json).
if [ ! -x pkg/node_modules/.bin/wasm-opt ] || [ ! -x pkg/node_modules/.bin/tsc ] \
    || [ ! -x pkg/node_modules/.bin/workerd ] || [ ! -x pkg/node_modules/.bin/deno ] \
    || [ ! -x pkg/node_modules/.bin/bun ] || [ ! -x pkg/node_modules/.bin/attw ] \
    || [ ! -x pkg/node_modules/.bin/publint ] || [ ! -x pkg/node_modules/.bin/esbuild ] \
    || [ ! -d pkg/node_modules/playwright-core ] \
    || [ pkg/package-lock.json -nt pkg/node_modules/.package-lock.json ]; then
    log "installing the npm dev dependencies of pkg/"
    (cd pkg && npm ci --no-audit --no-fund)
fi

# 4. Chromium for the browser test.
if [ "${HERALD_SKIP_CHROMIUM:-0}" != 1 ]; then
    bash scripts/setup-chromium.sh
fi

log "ready"
