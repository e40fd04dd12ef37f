// Types of `herald-engine/herald.wasm`: the package's WebAssembly module, for hosts that load it
// themselves and pass it to `init()` or `initSync()`.

/**
 * What a bundler or runtime gives for `import wasm from 'herald-engine/herald.wasm'`: the module's
 * URL as a string (esbuild's `file` loader, webpack's `asset/resource`; with Vite import
 * `herald-engine/herald.wasm?url`), or a compiled `WebAssembly.Module` (workerd and wrangler).
 * Either goes to `init(wasm)`; a `WebAssembly.Module` also to `initSync(wasm)`.
 */
declare const heraldWasm: string | object;
export default heraldWasm;
