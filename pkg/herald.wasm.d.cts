// Types of `herald-engine/herald.wasm` for CommonJS (see herald.wasm.d.ts).

/**
 * What a bundler gives for `require('herald-engine/herald.wasm')`: the module's URL as a string
 * (esbuild's `file` loader, webpack's `asset/resource`) or a compiled `WebAssembly.Module`. Either
 * goes to `init(wasm)`; a `WebAssembly.Module` also to `initSync(wasm)`.
 */
declare const heraldWasm: string | object;
export = heraldWasm;
