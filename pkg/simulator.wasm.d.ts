// Types of `herald-engine/simulator.wasm`: the simulator module (`program.replay()`,
// `program.test()` and `diff()` run in it), for hosts that load it themselves and pass it to
// `loadSimulator()` or `loadSimulatorSync()`.

/**
 * What a bundler or runtime gives for `import wasm from 'herald-engine/simulator.wasm'`: the
 * module's URL as a string (esbuild's `file` loader, webpack's `asset/resource`; with Vite import
 * `herald-engine/simulator.wasm?url`), or a compiled `WebAssembly.Module` (workerd and wrangler).
 * Either goes to `loadSimulator(wasm)`; a `WebAssembly.Module` also to `loadSimulatorSync(wasm)`.
 */
declare const simulatorWasm: string | object;
export default simulatorWasm;
