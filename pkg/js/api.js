// The public API of herald-engine (the main entry), the same in every runtime: the shared
// Program of program.js with what needs the full module (compile, save, analyze) or the
// simulator module (replay, test; simulator.js loads it on first use), and check, format, diff
// and loadSimulator. Loading a saved program is the runtime entry's (runtime.js). The runtime-only entry (`herald-engine/runtime`) is runtime.js.
//
// Every name in the final `export { ... }` list is public: the entries re-export this module
// whole, scripts/build.mjs generates the Node ES module entry from the list, and index.d.ts
// must declare each one (tests/exports.test.mjs compares them).
import * as raw from './herald.js';
import { HeraldError, LoadError, RequestError } from './errors.js';
import { Program as EvaluatingProgram, describe, expectRequest, expectString, invoke, optionsObject, smsSegments, version } from './program.js';
import { SimulatorNotLoadedError, loadSimulator, loadSimulatorSync, simulator } from './simulator.js';

// Each Program's copy in the simulator module (its saved form loaded there), made on its first
// replay, test or diff; freed with the Program (or, when it is dropped, by the simulator glue's
// FinalizationRegistry once the WeakMap lets go of it).
const simulated = new WeakMap();

/** The program's copy in the simulator module (loading the module first if need be). */
function simulatedOf(program, handle) {
    const sim = simulator();
    let copy = simulated.get(program);
    if (copy === undefined) {
        const bytes = invoke(() => handle.save());
        copy = invoke(() => sim.loadProgram(bytes, '<saved>'));
        simulated.set(program, copy);
    }
    return copy;
}

/**
 * Every diagnostic of a source text (errors and warnings, sorted by position). Never throws for
 * bad source: that is what the diagnostics are for.
 */
function check(source, options) {
    expectString(source, 'source');
    const { file = '<input>' } = optionsObject(options, 'options');
    expectString(file, 'options.file');
    return JSON.parse(invoke(() => raw.check(source, file)));
}

/** The source in canonical layout (`herald fmt`). Throws a HeraldError when it does not parse. */
function format(source, options) {
    expectString(source, 'source');
    const { file = '<input>' } = optionsObject(options, 'options');
    expectString(file, 'options.file');
    return invoke(() => raw.format(source, file));
}

/**
 * A compiled program: evaluation (program.js), and `save()`, `analyze()` and `replay()`.
 */
class Program extends EvaluatingProgram {
    /**
     * The program in its saved form (what `herald build` writes): a Uint8Array for
     * `loadProgram()` of `herald-engine/runtime` of this same version of herald.
     */
    save() {
        const handle = Program.handleOf(this);
        return invoke(() => handle.save());
    }

    /** The static cost analysis (SPEC §3): worst case per journey, graphs for drawing. */
    analyze(options) {
        const { country, interpolationChars, audience, prices } = optionsObject(options, 'options');
        const args = {};
        if (country !== undefined) {
            expectString(country, 'options.country');
            args.country = country;
        }
        if (interpolationChars !== undefined) {
            expectCount(interpolationChars, 'options.interpolationChars', 0xffffffff);
            args.interpolationChars = interpolationChars;
        }
        if (audience !== undefined) {
            expectCount(audience, 'options.audience', Number.MAX_SAFE_INTEGER);
            args.audience = audience;
        }
        if (prices !== undefined) {
            expectRequest(prices, 'options.prices');
            args.prices = prices;
        }
        const text = JSON.stringify(args);
        const handle = Program.handleOf(this);
        return JSON.parse(invoke(() => handle.analyze(text)));
    }

    /**
     * Replays recorded Segment messages (NDJSON text, or an array of message objects) through
     * the program (SPEC §7): the same summary as `herald replay --format json`. Options:
     * `profiles` (NDJSON text or an array of profile objects), `until` (an RFC 3339 instant),
     * `decisions` (true: the result also has `decisions`, every decision with `user`).
     */
    replay(messages, options) {
        const { text, args } = simulationInput(messages, options);
        const copy = simulatedOf(this, Program.handleOf(this));
        const out = invoke(() => copy.replay(text, args));
        const newline = out.indexOf('\n');
        const summary = JSON.parse(out.slice(0, newline));
        if (JSON.parse(args).decisions) {
            const lines = out.slice(newline + 1).split('\n');
            lines.pop();
            summary.decisions = lines.map((l) => JSON.parse(l));
        }
        return summary;
    }

    /**
     * Runs tests written in the language (`test "name" { ... }` blocks, docs/testing.md) on the
     * program's journeys: those of the program's own source, or of `source` (a file of tests
     * apart). The same results as `herald test --format json` gives per file.
     */
    test(source) {
        if (source !== undefined && typeof source !== 'string') {
            throw new TypeError(`herald-engine: test(source) takes a string, got ${describe(source)}`);
        }
        const copy = simulatedOf(this, Program.handleOf(this));
        return JSON.parse(invoke(() => copy.test(source ?? '')));
    }

    /** Releases the program's memory now (in the simulator module too, where it was copied). */
    free() {
        const copy = simulated.get(this);
        simulated.delete(this);
        super.free();
        if (copy !== undefined) copy.free();
    }
}

if (typeof Symbol === 'function' && typeof Symbol.dispose === 'symbol') {
    Program.prototype[Symbol.dispose] = Program.prototype.free;
}

/** NDJSON text of messages or profiles given as text or as an array of objects. */
function ndjson(value, what) {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) {
        // JSON.stringify never writes a raw newline: one object a line.
        return value.map((item, i) => {
            if (item === null || typeof item !== 'object' || Array.isArray(item)) {
                throw new TypeError(`herald-engine: ${what}[${i}] must be an object, got ${describe(item)}`);
            }
            return JSON.stringify(item);
        }).join('\n');
    }
    throw new TypeError(`herald-engine: ${what} must be NDJSON text or an array of objects, got ${describe(value)}`);
}

/** The messages' text and the options' JSON for replay and diff. */
function simulationInput(messages, options) {
    const text = ndjson(messages, 'messages');
    const { profiles, until, decisions } = optionsObject(options, 'options');
    const args = {};
    if (profiles !== undefined) args.profiles = ndjson(profiles, 'options.profiles');
    if (until !== undefined) {
        expectString(until, 'options.until');
        args.until = until;
    }
    if (decisions !== undefined) {
        if (typeof decisions !== 'boolean') {
            throw new TypeError(`herald-engine: options.decisions must be a boolean, got ${describe(decisions)}`);
        }
        args.decisions = decisions;
    }
    return { text, args: JSON.stringify(args) };
}

/**
 * Replays the same messages through two programs (SPEC §7): per journey old, new and delta for
 * entries, sends by channel and cost, and the users whose decisions differ — the same JSON as
 * `herald diff --format json`. Options: `profiles`, `until`.
 */
function diff(oldProgram, newProgram, messages, options) {
    const a = Program.handleOf(oldProgram);
    const b = Program.handleOf(newProgram);
    const { text, args } = simulationInput(messages, options);
    const sim = simulator();
    const oldCopy = simulatedOf(oldProgram, a);
    const newCopy = simulatedOf(newProgram, b);
    return JSON.parse(invoke(() => sim.diff(oldCopy, newCopy, text, args)));
}

function expectCount(value, what, max) {
    if (!Number.isInteger(value) || value < 0 || value > max) {
        throw new TypeError(`herald-engine: ${what} must be a whole number from 0 to ${max}, got ${String(value)}`);
    }
}

/**
 * Parses, checks and compiles a source text. Throws a HeraldError carrying every error's
 * diagnostic when the source has errors; `options.prices` (a SPEC §3 price table) replaces the
 * built-in price table for this program (a malformed one throws a RequestError).
 */
function compile(source, options) {
    expectString(source, 'source');
    const { file = '<input>', prices } = optionsObject(options, 'options');
    expectString(file, 'options.file');
    let pricesText = '';
    if (prices !== undefined) {
        expectRequest(prices, 'options.prices');
        pricesText = JSON.stringify(prices);
    }
    return new Program(invoke(() => raw.compile(source, file, pricesText)));
}


export {
    HeraldError, LoadError, Program, RequestError, SimulatorNotLoadedError, check, compile, diff, format, loadSimulator, loadSimulatorSync,
    smsSegments, version,
};
