// Whether the WebAssembly instance is ready. Node and workerd instantiate it while their entry
// module loads; browsers and Deno do it in `await init()`. Calling the API before that throws a
// clear error instead of wasm-bindgen's "Cannot read properties of undefined".
let ready = false;

function markReady() {
    ready = true;
}

function assertReady() {
    if (!ready) {
        throw new Error(
            'herald-engine is not initialised: call `await init()` (the default export) once before using it',
        );
    }
}

export { assertReady, markReady };
