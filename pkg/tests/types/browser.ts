// Typed usage in a browser project (moduleResolution bundler, DOM lib): init takes a URL, a
// Response or a fetch promise.
import init, { check } from 'herald-engine';

await init(new URL('/herald.wasm', location.href));
await init(fetch('/herald.wasm'));
await init('/herald.wasm');
const count: number = check('journey "a" {}').length;
document.title = String(count);
