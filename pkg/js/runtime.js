// The public API of herald-engine/runtime: evaluation of programs saved by `herald build` or
// `program.save()`, without the parser, checker, formatter, analysis or simulator (its module is
// a third of the main one's size; docs/wasm.md). Copied into dist/runtime/ as api.js, beside
// the runtime module's glue, so the entries (index.js, workerd.js, node.cjs) are the main ones.
// Only this entry loads saved programs: the main module has no `loadProgram` export (reading
// the compiled types back costs 20 KB there), and a bundler such as webpack refuses a reference
// to an export its module lacks, so the reference lives here, beside the runtime module's glue.
import * as raw from './herald.js';
import { LoadError, RequestError } from './errors.js';
import { Program, expectString, invoke, optionsObject, savedBytes, smsSegments, version } from './program.js';

/**
 * A program saved by `herald build` or `program.save()` (of this same version of herald). Throws
 * a LoadError when the bytes are not one, were saved by another version, or are damaged.
 */
function loadProgram(bytes, options) {
    const data = savedBytes(bytes);
    const { file = '<saved>' } = optionsObject(options, 'options');
    expectString(file, 'options.file');
    return new Program(invoke(() => raw.loadProgram(data, file)));
}

export { LoadError, Program, RequestError, loadProgram, smsSegments, version };
