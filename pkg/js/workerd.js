// herald-engine for Cloudflare Workers (workerd). Workers may not compile WebAssembly from bytes
// at run time, so the module is imported as a compiled WebAssembly.Module (wrangler and workerd
// turn a `.wasm` import into one) and instantiated synchronously while this module loads:
// no init step is needed. `init()` exists so that portable code may still await it.
import wasmModule from './herald_bg.wasm';
import { initSync as wasmBindgenInitSync } from './herald.js';
import { markReady } from './ready.js';
// <simulator> The simulator module (replay, test, diff) comes compiled the same way, and is
// instantiated on the first replay, test or diff: synchronously, as workerd allows.
import simulatorModule from './herald_sim_bg.wasm';
import * as simulatorGlue from './herald_sim.js';
import { provideSimulator } from './simulator.js';

provideSimulator({
    now() {
        simulatorGlue.initSync({ module: simulatorModule });
        return simulatorGlue;
    },
});
// </simulator>

wasmBindgenInitSync({ module: wasmModule });
markReady();

export * from './api.js';

export async function init() {}

export function initSync() {}

export default init;
