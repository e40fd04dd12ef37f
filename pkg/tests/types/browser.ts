// Typed usage in a browser project (moduleResolution bundler, DOM lib): init takes a URL, a
// Response or a fetch promise.
import init, { check, compile } from 'herald-engine';

await init(new URL('/herald.wasm', location.href));
await init(fetch('/herald.wasm'));
await init('/herald.wasm');
const count: number = check('journey "a" {}').length;
document.title = String(count);
const program = compile('journey "w" {\n  when event "x"\n  send push "hi"\n}\n');
document.title = program.evaluateJson(JSON.stringify({ now: '2026-03-08T14:00:00Z', profile: { id: 'u' }, event: { name: 'x' } }));
program.free();
