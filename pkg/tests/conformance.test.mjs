// The conformance suite (tests/conformance/*.json, shared with the Rust tests; format in
// tests/conformance/README.md) through the npm package, held to the native CLI byte for byte.
//
// Each case runs as tests/conformance.rs runs it: the program is compiled from `source` (and
// recompiled from a step's own `source`), each step's request gets the previous response's
// `state` unless it has a `state` key, `request_text` is sent verbatim, and every `expect` field
// and `expect_error` code must hold. Every step is evaluated three ways, which must agree:
// - `program.evaluateJson(text)` (or, for an error, `{"error": {"code", "message", "path",
//   "line", "column"}}` built from the RequestError) must equal the line `herald eval FILE`
//   prints for that request line, byte for byte, once the CLI's input line number is read as
//   line 1 of the one-request text;
// - `program.evaluate(request)` (the projected request: only what the program reads crosses)
//   must give the same response, or a RequestError with the same code, path and message less
//   its position;
// - `program.evaluateMany(all requests of the program)` must give the same responses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as herald from 'herald-engine';
import { cliBinary, repoDir, tempDir } from './helpers.mjs';

const suiteDir = join(repoDir, 'tests', 'conformance');
const files = readdirSync(suiteDir).filter((f) => f.endsWith('.json')).sort();

/** `herald eval FILE` with these request lines on stdin; resolves its output lines. */
async function cliEval(source, lines) {
    const dir = tempDir('conformance');
    const file = join(dir, 'case.herald');
    writeFileSync(file, source);
    const bin = await cliBinary();
    const stdout = await new Promise((resolve, reject) => {
        const child = execFile(bin, ['eval', file], { maxBuffer: 64 * 1024 * 1024 }, (error, out, err) => {
            if (error) reject(new Error(`herald eval failed: ${error.message}\n${err}`));
            else resolve(out);
        });
        child.stdin.end(lines.map((l) => `${l}\n`).join(''));
    });
    const out = stdout.split('\n');
    assert.equal(out.pop(), '', 'herald eval output ends with a newline');
    return out;
}

/** What evaluateJson's RequestError says, as the JSON line herald writes for it. */
function errorLine(error) {
    const answer = { code: error.code, message: error.message };
    if (error.path !== null) answer.path = error.path;
    if (error.line !== undefined) answer.line = error.line;
    if (error.column !== undefined) answer.column = error.column;
    return JSON.stringify({ error: answer });
}

/**
 * An error answer of a text as a caller that passed an object gets it: no line and column (a
 * position in a text it never saw), the path kept.
 */
function asForObject(answer) {
    if (answer.error === undefined || answer.error.line === undefined) return answer;
    const { line, column, ...rest } = answer.error;
    const at = column === undefined ? ` at line ${line}` : ` at line ${line} column ${column}`;
    assert.ok(rest.message.endsWith(at), `${rest.message} ends with${at}`);
    return { error: { ...rest, message: rest.message.slice(0, -at.length) } };
}

/**
 * A line `herald eval` wrote for the k-th line of its input, as evaluateJson answers that line
 * alone: an error names the input's line k, where the line's own text is line 1 (and an error
 * without a column has no line at all in a text of one request).
 */
function asOneText(cliLine, k) {
    if (!cliLine.startsWith('{"error":')) return cliLine;
    const { line, column, ...rest } = JSON.parse(cliLine).error;
    assert.equal(line, k, `herald eval names the input line: ${cliLine}`);
    if (column === undefined) {
        assert.ok(rest.message.endsWith(` at line ${k}`), cliLine);
        return JSON.stringify({ error: { ...rest, message: rest.message.slice(0, -` at line ${k}`.length) } });
    }
    const message = rest.message.replace(new RegExp(` at line ${k} column ${column}$`), ` at line 1 column ${column}`);
    return JSON.stringify({ error: { ...rest, message, line: 1, column } });
}

function evaluateJsonLine(program, text) {
    try {
        return program.evaluateJson(text);
    } catch (e) {
        assert.ok(e instanceof herald.RequestError, `evaluateJson threw ${e}`);
        return errorLine(e);
    }
}

function evaluateObject(program, request) {
    try {
        return program.evaluate(request);
    } catch (e) {
        assert.ok(e instanceof herald.RequestError, `evaluate threw ${e}`);
        assert.equal(e.line, undefined, 'no position in a text the caller never saw');
        const answer = { code: e.code, message: e.message };
        if (e.path !== null) answer.path = e.path;
        return { error: answer };
    }
}

/** Runs one case file; returns the number of steps compared with the CLI. */
async function runCase(file) {
    const doc = JSON.parse(readFileSync(join(suiteDir, file), 'utf8'));
    let source = doc.source;
    let program = herald.compile(source, { file });
    // Steps grouped by the program that evaluates them, for one `herald eval` run per group.
    const groups = [{ source, program, steps: [] }];
    let state = null;
    const failures = [];
    doc.steps.forEach((step, index) => {
        const label = `${file} / ${doc.name} / step ${index + 1}`;
        if (typeof step.source === 'string') {
            source = step.source;
            program = herald.compile(source, { file });
            groups.push({ source, program, steps: [] });
        }
        let request;
        let text;
        if (typeof step.request_text === 'string') {
            text = step.request_text;
        } else {
            request = 'state' in step.request ? step.request : { ...step.request, state };
            text = JSON.stringify(request);
        }
        const line = evaluateJsonLine(program, text);
        const out = JSON.parse(line);
        groups.at(-1).steps.push({ label, text, request, line });

        if (request !== undefined) {
            assert.deepEqual(evaluateObject(program, request), asForObject(out), `${label}: evaluate(request) differs from evaluateJson`);
        }
        if (step.expect_error) {
            if (out.error?.code !== step.expect_error.code) {
                failures.push(`${label}: expected error ${step.expect_error.code}, got ${line}`);
            }
            return;
        }
        if (out.error) {
            failures.push(`${label}: unexpected error ${line}`);
            return;
        }
        for (const [key, want] of Object.entries(step.expect ?? {})) {
            try {
                assert.deepEqual(out[key] ?? null, want);
            } catch (e) {
                failures.push(`${label}: \`${key}\` differs\n${e.message}`);
            }
        }
        state = out.state;
    });
    assert.deepEqual(failures, []);

    let compared = 0;
    for (const group of groups) {
        // A blank line is not a request to `herald eval` (it skips it): such a step is held to
        // its expectation above only.
        const steps = group.steps.filter((s) => s.text.trim() !== '' && !s.text.includes('\n'));
        const lines = await cliEval(group.source, steps.map((s) => s.text));
        assert.equal(lines.length, steps.length, `${file}: herald eval answered ${lines.length} lines for ${steps.length}`);
        steps.forEach((s, i) => {
            assert.equal(s.line, asOneText(lines[i], i + 1), `${s.label}: evaluateJson differs from herald eval`);
        });
        compared += steps.length;

        const objects = group.steps.filter((s) => s.request !== undefined);
        const many = group.program.evaluateMany(objects.map((s) => s.request));
        assert.equal(many.length, objects.length);
        objects.forEach((s, i) => {
            assert.deepEqual(many[i], asForObject(JSON.parse(s.line)), `${s.label}: evaluateMany differs from evaluateJson`);
        });
        group.program.free();
    }
    return compared;
}

test('the conformance suite is there', () => {
    assert.ok(files.length >= 20, `only ${files.length} case files in ${suiteDir}`);
});

let total = 0;
for (const file of files) {
    test(`conformance ${file}`, { timeout: 600_000 }, async () => {
        total += await runCase(file);
    });
}

test('every step with a request line was compared with herald eval', () => {
    const steps = files.map((f) => JSON.parse(readFileSync(join(suiteDir, f), 'utf8')).steps)
        .flat()
        .filter((s) => typeof s.request_text !== 'string' || s.request_text.trim() !== '');
    assert.equal(total, steps.length);
});
