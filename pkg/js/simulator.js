// The simulator module (`herald_sim_bg.wasm`, cargo feature `wasm-sim`): `program.replay()`,
// `program.test()` and `diff()` run in it, on the program's saved form (`program.save()` of the
// main module, loaded there once per Program). The main module has none of it (docs/wasm.md,
// branch `lazysim`), so it is loaded on first use: synchronously where the entry can (Node and
// Bun read it beside the JS, workerd has it as an imported module, Deno reads its file), else
// by `await loadSimulator()` (browsers: they refuse to compile a large module synchronously).
// Each entry hands its ways of loading to `provideSimulator` (between its `<simulator>` lines).
// Keep the file's shape (named imports of siblings, one export list): scripts/build.mjs
// rewrites it to CommonJS without a parser.
import { SimulatorNotLoadedError } from './errors.js';

// The simulator glue's exports once its module is instantiated.
let glue;
// The entry's synchronous loader: () => the glue, or undefined when it cannot load now.
let loadNow;
// The entry's asynchronous loader: (moduleOrPath) => Promise of the glue (browsers, Deno).
let loadLater;
// The synchronous instantiation of the entry's glue from bytes or a compiled module.
let loadFrom;
// A load in progress: concurrent `loadSimulator()` calls share it.
let pending;

/** Called once by the entry that loaded this file. */
function provideSimulator(ways) {
    loadNow = ways.now;
    loadLater = ways.later;
    loadFrom = ways.from;
}

/**
 * The simulator glue's exports, loading its module now where the entry can; else throws a
 * SimulatorNotLoadedError saying to call `await loadSimulator()`.
 */
function simulator() {
    if (glue === undefined && loadNow !== undefined) glue = loadNow();
    if (glue === undefined) throw new SimulatorNotLoadedError();
    return glue;
}

/**
 * Loads the simulator module, so that `program.replay()`, `program.test()` and `diff()` can run
 * (synchronously, as before). Needed once in browsers; elsewhere it loads on first use and this
 * only loads it ahead. `moduleOrPath` (browsers, Deno): where the module is, as `init()` takes it
 * (a URL or path, a Response, bytes, a compiled WebAssembly.Module); by default
 * `herald_sim_bg.wasm` beside the package's JS. Ignored where the module loads synchronously.
 */
async function loadSimulator(moduleOrPath) {
    if (glue !== undefined) return;
    if (loadLater === undefined) {
        simulator();
        return;
    }
    pending ??= loadLater(moduleOrPath).then((loaded) => {
        glue = loaded;
    }, (error) => {
        pending = undefined;
        throw error;
    });
    await pending;
}

/**
 * Loads the simulator module synchronously from its bytes or a compiled WebAssembly.Module (a
 * worker host that hands over modules). Where the module loads by itself (Node, Bun, workerd),
 * the argument is ignored.
 */
function loadSimulatorSync(module) {
    if (glue !== undefined) return;
    if (loadFrom === undefined) {
        simulator();
        return;
    }
    glue = loadFrom(module);
}

export { SimulatorNotLoadedError, loadSimulator, loadSimulatorSync, provideSimulator, simulator };
