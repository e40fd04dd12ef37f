// Reading the editor's syntax tree (the Lezer grammar): the parts of a step the node inspector
// edits, a journey's header clauses for the canvas, and the string under the cursor.
import { syntaxTree } from '@codemirror/language';
import { decodeString } from './lang/strings.js';

const STEP_NODES = new Set(['SendStep', 'WaitStep', 'IfStep', 'SplitStep', 'StopStep', 'SetStep', 'DigestStep']);

/** The statement node (SendStep, WaitStep...) starting at `from`, or null. */
export function statementAt(state, from) {
    for (let node = syntaxTree(state).resolveInner(from, 1); node; node = node.parent) {
        if (STEP_NODES.has(node.name) && node.from === from) return node;
        if (STEP_NODES.has(node.name) && node.from <= from && node.to >= from) return node;
    }
    return null;
}

function childrenOf(node) {
    const list = [];
    for (let child = node.firstChild; child; child = child.nextSibling) list.push(child);
    return list;
}

const text = (state, node) => state.sliceDoc(node.from, node.to);

/**
 * A send step's channels and contents, each with the source range to replace:
 * `[{ channel, channelRange, kind: 'text'|'template', value, contentRange }]`.
 */
export function sendOptions(state, step) {
    const options = [];
    const kids = childrenOf(step);
    for (let i = 0; i < kids.length; i += 1) {
        const kid = kids[i];
        if (kid.name !== 'Channel' && !(kid.name === 'Identifier' && (i === 1 || text(state, kids[i - 1]) === 'fallback'))) continue;
        const option = { channel: text(state, kid), channelRange: { from: kid.from, to: kid.to } };
        const next = kids[i + 1];
        if (next && next.name === 'String') {
            Object.assign(option, { kind: 'text', value: decodeString(text(state, next)), contentRange: { from: next.from, to: next.to } });
        } else if (next && next.name === 'Keyword' && text(state, next) === 'template' && kids[i + 2]?.name === 'String') {
            Object.assign(option, { kind: 'template', value: decodeString(text(state, kids[i + 2])), contentRange: { from: next.from, to: kids[i + 2].to } });
        } else {
            continue;
        }
        options.push(option);
    }
    return options;
}

/** The first `Number Unit` duration of a step: `{ amount, unit, range }`. */
export function durationOf(state, step) {
    const kids = childrenOf(step);
    for (let i = 0; i + 1 < kids.length; i += 1) {
        if (kids[i].name === 'Number' && kids[i + 1].name === 'Unit') {
            return { amount: Number(text(state, kids[i])), unit: text(state, kids[i + 1]), range: { from: kids[i].from, to: kids[i + 1].to } };
        }
    }
    return null;
}

/** The time of day of `wait until HH:MM`. */
export function timeOfDayOf(state, step) {
    const node = childrenOf(step).find((kid) => kid.name === 'TimeOfDay');
    return node ? { value: text(state, node), range: { from: node.from, to: node.to } } : null;
}

/** The awaited event's name of `wait for event "Name"`. */
export function awaitedEventOf(state, step) {
    const kids = childrenOf(step);
    const index = kids.findIndex((kid, i) => kid.name === 'String' && text(state, kids[i - 1] ?? kid) === 'event');
    if (index < 0) return null;
    return { value: decodeString(text(state, kids[index])), range: { from: kids[index].from, to: kids[index].to } };
}

/** The condition of an `if`: the text between `if` and its block. */
export function conditionOf(state, step) {
    const kids = childrenOf(step);
    const block = kids.find((kid) => kid.name === 'Block');
    if (!block || kids.length < 2) return null;
    const from = kids[1].from;
    let to = block.from;
    while (to > from && /\s/.test(state.sliceDoc(to - 1, to))) to -= 1;
    return { value: state.sliceDoc(from, to), range: { from, to } };
}

/** A split's arms: `[{ percent, range }]` of its own arms (not those of nested splits). */
export function splitArms(state, step) {
    const block = childrenOf(step).find((kid) => kid.name === 'Block');
    if (!block) return [];
    return childrenOf(block)
        .filter((kid) => kid.name === 'SplitArm')
        .map((arm) => {
            const pct = arm.firstChild;
            return { percent: Number(text(state, pct).replace('%', '')), range: { from: pct.from, to: pct.to } };
        });
}

/** The header clauses of the journey whose source range contains `pos`: `[{ word, text }]`. */
export function journeyHeader(state, pos) {
    let journey = null;
    for (let node = syntaxTree(state).resolveInner(pos, 1); node; node = node.parent) {
        if (node.name === 'Journey') journey = node;
    }
    if (!journey) return [];
    const block = childrenOf(journey).find((kid) => kid.name === 'Block');
    if (!block) return [];
    return childrenOf(block)
        .filter((kid) => kid.name === 'Clause')
        .map((clause) => ({ word: text(state, clause.firstChild), text: text(state, clause).replace(/\s+/g, ' ') }));
}

/**
 * The string literal under the cursor when it is the text of an sms or mms send:
 * `{ channel, literal, from, to }`, else null.
 */
export function smsStringAt(state, pos) {
    let node = syntaxTree(state).resolveInner(pos, 0);
    let string = null;
    for (let n = node; n; n = n.parent) {
        if (n.name === 'String' && n.parent && n.parent.name !== 'Interpolation') string = n;
    }
    if (!string) return null;
    const channel = string.prevSibling;
    if (!channel || channel.name !== 'Channel') return null;
    const name = text(state, channel);
    if (name !== 'sms' && name !== 'mms') return null;
    return { channel: name, literal: text(state, string), from: string.from, to: string.to };
}
