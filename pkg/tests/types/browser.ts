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

// The simulator module: loaded once before replay, test and diff (a URL as a bundler gives it).
import { diff, loadSimulator, SimulatorNotLoadedError } from 'herald-engine';
import simulatorWasm from 'herald-engine/simulator.wasm';

try {
    program.test();
} catch (e) {
    if (e instanceof SimulatorNotLoadedError) document.title = e.code;
}
await loadSimulator(simulatorWasm);
await loadSimulator(new URL('/herald_sim_bg.wasm', location.href));
await loadSimulator();
const later = compile('journey "w" {\n  when event "x"\n  send push "hi"\n}\n');
document.title = String(later.test().passed + diff(later, later, '').users_differing);
// @ts-expect-error: code is the literal 'simulator_not_loaded'
const wrongCode: 'other' = new SimulatorNotLoadedError().code;
