// The public API of herald-engine/runtime: evaluation of programs saved by `herald build` or
// `program.save()`, without the parser, checker, formatter, analysis or simulator (its module is
// a third of the main one's size; docs/wasm.md). Copied into dist/runtime/ as api.js, beside
// the runtime module's glue, so the entries (index.js, workerd.js, node.cjs) are the main ones.
import { LoadError, RequestError } from './errors.js';
import { Program, loadAs, smsSegments, version } from './program.js';

/**
 * A program saved by `herald build` or `program.save()` (of this same version of herald). Throws
 * a LoadError when the bytes are not one, were saved by another version, or are damaged.
 */
function loadProgram(bytes, options) {
    return loadAs(Program, bytes, options);
}

export { LoadError, Program, RequestError, loadProgram, smsSegments, version };
