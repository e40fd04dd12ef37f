// Differential test: the package's `smsSegments` against a second segment counter written here
// from the GSM 03.38 tables (data/gsm7_tables.json, the copy of shared/data/gsm7_tables.json)
// and the counting rules of SPEC §3 and docs/costs.md — other code, and another grapheme
// segmenter (ICU's, through `Intl.Segmenter`, where herald uses the unicode-segmentation crate).
//
// Rules of the model: GSM-7 when every character is in the basic set or the extension table
// (an extension character takes two septets, and an escape pair is never split across parts);
// otherwise UCS-2, counted in UTF-16 units, where a grapheme cluster is never split across parts
// (a CR LF pair counts as two characters, as Twilio's calculator does; a cluster longer than a
// whole part is cut between code points). One segment holds 160 septets / 70 units; longer
// messages are split in parts of 153 / 67.
//
// Texts: random mixes from pools chosen to sit on every rule (GSM basic, extension, Latin
// characters outside GSM, CJK, astral emoji, skin-tone modifiers, ZWJ families, flags, keycaps,
// combining marks, Hangul jamo, Devanagari conjuncts, CR LF) at lengths around every boundary.
// HERALD_LONG=1 runs 200,000 texts instead of 20,000.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as herald from 'herald-engine';
import { repoDir, rng } from './helpers.mjs';

const tables = JSON.parse(readFileSync(join(repoDir, 'data', 'gsm7_tables.json'), 'utf8'));
const basic = new Set(tables.gsm7_basic.chars.map((c) => String.fromCodePoint(parseInt(c.unicode.slice(2), 16))));
const extension = new Set(tables.gsm7_extension.chars.map((c) => String.fromCodePoint(parseInt(c.unicode.slice(2), 16))));
const rules = tables.segment_rules;
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Greedy packing of items (unit counts) into parts of `part` units. */
function pack(items, part) {
    let parts = 1;
    let used = 0;
    for (const size of items) {
        if (used + size > part) {
            parts += 1;
            used = 0;
        }
        used += size;
    }
    return parts;
}

export function modelSegments(text) {
    const chars = [...text];
    if (chars.every((c) => basic.has(c) || extension.has(c))) {
        const septets = chars.map((c) => (extension.has(c) ? 2 : 1));
        const units = septets.reduce((a, b) => a + b, 0);
        const segments = units <= rules.gsm7_single ? 1 : pack(septets, rules.gsm7_concat);
        return { encoding: 'GSM-7', segments, units };
    }
    const units = text.length; // UTF-16 code units
    if (units <= rules.ucs2_single_units) return { encoding: 'UCS-2', segments: 1, units };
    const items = [];
    for (const { segment } of segmenter.segment(text)) {
        if (segment === '\r\n') items.push(1, 1);
        else if (segment.length <= rules.ucs2_concat_units) items.push(segment.length);
        else for (const c of segment) items.push(c.length);
    }
    return { encoding: 'UCS-2', segments: pack(items, rules.ucs2_concat_units), units };
}

const pools = {
    basic: [...basic],
    extension: [...extension],
    latin: ['ç', 'á', 'ê', 'õ', 'ł', 'Ş', 'ğ', 'ı', '’', '“', '”', '…', '–', '\t', '\u00a0'],
    cjk: ['你', '好', '世', '界', 'の', 'ア', '한', '글'],
    emoji: ['😀', '🎉', '👍', '🚀', '❤️', '☕', '🏳️‍🌈'],
    modified: ['👍🏽', '👋🏿', '🧑🏻‍💻'],
    zwj: ['👨‍👩‍👧‍👦', '👩‍❤️‍👨', '🧑‍🤝‍🧑'],
    flags: ['🇫🇷', '🇺🇸', '🇯🇵', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
    keycaps: ['1️⃣', '#️⃣'],
    combining: ['e\u0301', 'a\u0308\u0323', 'n\u0303', 'x' + '\u0301'.repeat(80)],
    hangul: ['\u1100\u1161\u11a8', '\u1112\u1161\u11ab'],
    devanagari: ['क्ष', 'नमस्ते', 'क्‍ष', 'श्री'],
    crlf: ['\r\n', '\r', '\n'],
};
const poolNames = Object.keys(pools);

function randomText(next) {
    // A few pools per text, so texts are mostly GSM-7 with a sprinkle, or mostly UCS-2.
    const chosen = next() < 0.5 ? ['basic', 'basic', 'extension'] : poolNames.filter(() => next() < 0.3);
    if (chosen.length === 0) chosen.push('basic');
    const lengths = [1, 5, 69, 70, 71, 134, 135, 153, 159, 160, 161, 200, 306, 307, 460, 700, 1700];
    const target = lengths[Math.floor(next() * lengths.length)] + Math.floor(next() * 4) - 2;
    let text = '';
    while (text.length < target) {
        const pool = pools[chosen[Math.floor(next() * chosen.length)]];
        text += pool[Math.floor(next() * pool.length)];
    }
    return text;
}

const COUNT = process.env.HERALD_LONG === '1' ? 200_000 : 20_000;

test(`smsSegments agrees with the model written from the GSM 03.38 tables on ${COUNT} texts`, () => {
    const next = rng(16);
    const failures = [];
    const encodings = { 'GSM-7': 0, 'UCS-2': 0 };
    let multipart = 0;
    for (let i = 0; i < COUNT; i++) {
        const text = randomText(next);
        const want = modelSegments(text);
        const got = herald.smsSegments(text);
        encodings[want.encoding] += 1;
        if (want.segments > 1) multipart += 1;
        if (got.encoding !== want.encoding || got.segments !== want.segments || got.units !== want.units) {
            failures.push({ text: JSON.stringify(text), got, want });
        }
    }
    console.log(`segments: ${COUNT} texts (${encodings['GSM-7']} GSM-7, ${encodings['UCS-2']} UCS-2, ${multipart} multi-part), ${failures.length} disagreements`);
    assert.deepEqual(failures.slice(0, 5), []);
    // The generator reaches every shape.
    assert.ok(encodings['GSM-7'] > COUNT / 10 && encodings['UCS-2'] > COUNT / 10, JSON.stringify(encodings));
    assert.ok(multipart > COUNT / 4, `${multipart}`);
});

test('the model itself reproduces the tables’ own examples', () => {
    assert.deepEqual(modelSegments('ç'.repeat(70)), { encoding: 'UCS-2', segments: 1, units: 70 });
    assert.deepEqual(modelSegments('Ç'.repeat(160)), { encoding: 'GSM-7', segments: 1, units: 160 });
    assert.deepEqual(modelSegments('a'.repeat(158) + '€'), { encoding: 'GSM-7', segments: 1, units: 160 });
    assert.deepEqual(modelSegments('a'.repeat(159) + '€'), { encoding: 'GSM-7', segments: 2, units: 161 });
    // An escape pair at septets 153–154 moves whole to the second part.
    assert.equal(modelSegments('a'.repeat(152) + '€' + 'a'.repeat(10)).segments, 2);
    assert.equal(modelSegments('a'.repeat(152) + '€' + 'a'.repeat(152)).segments, 3);
    // A flag (4 units) never straddles two parts.
    assert.equal(modelSegments('x'.repeat(65) + '🇫🇷' + 'x'.repeat(10)).segments, 2);
    assert.equal(modelSegments('x'.repeat(64) + '🇫🇷' + 'x'.repeat(64)).segments, 3);
});
