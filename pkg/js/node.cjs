// herald-engine for Node.js (and Bun), CommonJS: the glue reads `herald_bg.wasm` next to it with
// readFileSync and instantiates it synchronously while this module loads, so there is no init
// step. `init`/`initSync` exist so that portable code may still call them. The ES module entry
// (node.mjs) re-exports this same instance, so `require` and `import` share one copy.
'use strict';

try {
    require('./herald_node.cjs');
} catch (error) {
    // A bundle that took this file away from herald_bg.wasm (the glue reads it beside itself).
    if (error?.code !== 'ENOENT' && !(error instanceof ReferenceError && /__dirname/.test(error.message))) throw error;
    throw new Error(
        'herald-engine: cannot load herald_bg.wasm beside the package\'s JS. When bundling for Node, keep ' +
        'herald-engine external (esbuild --external:herald-engine, webpack `externals`, Vite SSR does by ' +
        'default) or copy node_modules/herald-engine/dist/herald_bg.wasm next to a CommonJS bundle; the ' +
        'package README has a recipe per bundler',
        { cause: error },
    );
}
require('./ready.cjs').markReady();
// <simulator> The simulator module (replay, test, diff): its glue reads herald_sim_bg.wasm beside
// it with readFileSync and instantiates it synchronously, on the first replay, test or diff.
require('./simulator.cjs').provideSimulator({
    now() {
        try {
            return require('./herald_sim_node.cjs');
        } catch (error) {
            if (error?.code !== 'ENOENT' && !(error instanceof ReferenceError && /__dirname/.test(error.message))) throw error;
            throw new Error(
                'herald-engine: cannot load herald_sim_bg.wasm (the simulator module, for replay, test and diff) beside the ' +
                'package\'s JS. When bundling for Node, keep herald-engine external or copy both ' +
                'node_modules/herald-engine/dist/herald_bg.wasm and dist/herald_sim_bg.wasm next to a CommonJS bundle; ' +
                'the package README has a recipe per bundler',
                { cause: error },
            );
        }
    },
});
// </simulator>

const api = require('./api.cjs');

async function init() {}

function initSync() {}

// Written as TypeScript writes an ES module compiled to CommonJS: marked `__esModule`, with
// `default` (init) and each name assigned one by one. So `import init from 'herald-engine'`
// compiled to CommonJS (TypeScript, Babel, esbuild) gets `init`, as the types say, and Node's
// ES module loader sees the names. The list is api.js's export list (a test compares the
// runtime exports with index.d.ts).
Object.defineProperty(exports, '__esModule', { value: true });
exports.default = init;
exports.init = init;
exports.initSync = initSync;
exports.HeraldError = api.HeraldError;
exports.LoadError = api.LoadError;
exports.Program = api.Program;
exports.RequestError = api.RequestError;
exports.check = api.check;
exports.compile = api.compile;
exports.diff = api.diff;
exports.format = api.format;
exports.smsSegments = api.smsSegments;
exports.version = api.version;
