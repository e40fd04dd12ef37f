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
void [version, codes, code];

// @ts-expect-error source must be a string
herald.check(null);
