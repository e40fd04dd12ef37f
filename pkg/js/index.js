// herald-engine for browsers, Deno and other ES module runtimes: `await init()` once, then use
// the API. `init()` fetches `herald_bg.wasm` next to this file (bundlers that understand
// `new URL(..., import.meta.url)` copy it), or takes what you pass: a URL or path, a Response,
// bytes, or a compiled WebAssembly.Module. Concurrent calls share one instantiation.
import wasmBindgenInit, { initSync as wasmBindgenInitSync } from './herald.js';
import { markReady } from './ready.js';

export * from './api.js';

export async function init(moduleOrPath) {
    await wasmBindgenInit(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
    markReady();
}

/** Synchronous instantiation from bytes or a compiled WebAssembly.Module. */
export function initSync(module) {
    wasmBindgenInitSync({ module });
    markReady();
}

export default init;
