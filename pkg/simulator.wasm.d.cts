// Types of `herald-engine/simulator.wasm` for CommonJS (see simulator.wasm.d.ts).

/**
 * What a bundler gives for `require('herald-engine/simulator.wasm')`: the module's URL as a
 * string (esbuild's `file` loader, webpack's `asset/resource`) or a compiled `WebAssembly.Module`.
 * Either goes to `loadSimulator(wasm)`; a `WebAssembly.Module` also to `loadSimulatorSync(wasm)`.
 */
declare const simulatorWasm: string | object;
export = simulatorWasm;
