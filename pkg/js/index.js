// herald-engine for browsers, Deno and other ES module runtimes: `await init()` once, then use
// the API. `init()` fetches `herald_bg.wasm` next to this file (bundlers that understand
// `new URL(..., import.meta.url)` copy it), or takes what you pass: a URL or path, a Response,
// bytes, or a compiled WebAssembly.Module. Concurrent calls share one instantiation.
import wasmBindgenInit, { initSync as wasmBindgenInitSync } from './herald.js';
import { markReady } from './ready.js';
// <simulator> The simulator module (replay, test, diff): `await loadSimulator()` fetches
// herald_sim_bg.wasm beside this file (or takes what init() takes); Deno reads it synchronously
// on first use instead, as a file beside this one.
import simulatorInit, * as simulatorGlue from './herald_sim.js';
import { provideSimulator } from './simulator.js';

provideSimulator({
    now() {
        const deno = globalThis.Deno;
        if (typeof deno?.readFileSync !== 'function') return undefined;
        const url = new URL('herald_sim_bg.wasm', import.meta.url);
        if (url.protocol !== 'file:') return undefined;
        simulatorGlue.initSync({ module: deno.readFileSync(url) });
        return simulatorGlue;
    },
    async later(moduleOrPath) {
        await simulatorInit(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
        return simulatorGlue;
    },
    from(module) {
        simulatorGlue.initSync({ module });
        return simulatorGlue;
    },
});
// </simulator>

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
