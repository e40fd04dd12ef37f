// Typed usage of herald-engine from CommonJS (moduleResolution nodenext, require condition:
// dist/index.d.cts).
import herald = require('herald-engine');

const diagnostics: herald.Diagnostic[] = herald.check('journey', { file: 'a.herald' });
const version: string = herald.version();
const error = new herald.HeraldError('E0100: x', diagnostics);
const codes: string[] = error.diagnostics.map((d) => d.code);
const request = new herald.RequestError('invalid_json', 'bad');
const code: string = request.code;
void herald.init().then(() => undefined);
const program: herald.Program = herald.compile('journey "w" {\n  when event "x"\n  send email "hi"\n}\n');
const response: herald.HeraldResponse = program.evaluate({ now: '2026-03-08T14:00:00Z', profile: { id: 'u', email: 'a@b.c' }, event: { name: 'x' } });
const first: herald.Decision | undefined = response.decisions[0];
const json: string = program.evaluateJson('{}');
const analysis: herald.Analysis = program.analyze();
program.free();
void [first, json, analysis];
void [version, codes, code];

// @ts-expect-error source must be a string
herald.check(null);
void herald.loadSimulator().then(() => undefined);
const notLoaded: herald.SimulatorNotLoadedError = new herald.SimulatorNotLoadedError();
const notLoadedCode: 'simulator_not_loaded' = notLoaded.code;
void notLoadedCode;

// The runtime-only entry (require condition: dist/runtime/index.d.cts) and saved programs.
import runtime = require('herald-engine/runtime');
const saved: Uint8Array = program.save();
const loaded: runtime.Program = runtime.loadProgram(saved, { file: 'w.hbc' });
const answer: runtime.HeraldResponse = loaded.evaluate({ now: '2026-03-08T14:00:00Z', profile: { id: 'u' } });
const loadError = new runtime.LoadError('version_mismatch', 'rebuild');
const loadCode: runtime.LoadErrorCode = loadError.code;
// @ts-expect-error the runtime entry has no compiler
runtime.compile('journey');
// @ts-expect-error nor analysis
loaded.analyze();
void [answer, loadCode, runtime.loadProgram(saved.buffer as ArrayBuffer)];
