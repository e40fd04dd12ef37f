// How far back a profile's past events matter: the longest `within` window of every
// `count(event "N" ... within D)` (and of the aggregates sum/min/max/avg/last) in the journeys.
//
// herald-engine's `program.reads()` names the counted events but not their windows, so the
// window is read from the source. The source has already compiled, so this only has to find the
// windows, not to validate: a small lexer that skips comments and the text of strings (a
// `within` in a message is not a window) but descends into `{{ }}` interpolations, which may hold
// a count, then scans each counting call's parentheses for its `within N unit`.

const COUNTING = new Set(['count', 'sum', 'min', 'max', 'avg', 'last']);
const UNIT_MS = {
    second: 1_000,
    minute: 60_000,
    hour: 3_600_000,
    day: 86_400_000,
    week: 604_800_000,
};

function unitMs(word) {
    return UNIT_MS[word] ?? UNIT_MS[word.replace(/s$/, '')];
}

/** Tokens of herald source: {kind: 'word'|'number'|'string'|'punct', text}. */
export function tokens(source) {
    const out = [];
    let i = 0;
    const n = source.length;

    // Code until `stop` (a `}}` closing an interpolation) or the end.
    function code(stopAtClose) {
        let depth = 0; // braces opened inside the interpolation
        while (i < n) {
            const c = source[i];
            if (c === '#') {
                while (i < n && source[i] !== '\n') i++;
            } else if (c === '"') {
                i++;
                string();
                out.push({ kind: 'string', text: '' });
            } else if (/[A-Za-z_]/.test(c)) {
                const start = i;
                while (i < n && /[A-Za-z0-9_]/.test(source[i])) i++;
                out.push({ kind: 'word', text: source.slice(start, i) });
            } else if (/[0-9]/.test(c)) {
                const start = i;
                while (i < n && /[0-9.]/.test(source[i])) i++;
                out.push({ kind: 'number', text: source.slice(start, i) });
            } else if (stopAtClose && c === '}' && depth === 0 && source[i + 1] === '}') {
                i += 2;
                return;
            } else {
                if (c === '{') depth++;
                if (c === '}') depth--;
                if (!/\s/.test(c)) out.push({ kind: 'punct', text: c });
                i++;
            }
        }
    }

    // Inside a string, after its opening quote: up to and including the closing quote.
    function string() {
        while (i < n) {
            const c = source[i];
            if (c === '\\') {
                i += 2;
            } else if (c === '"') {
                i++;
                return;
            } else if (c === '{' && source[i + 1] === '{') {
                i += 2;
                code(true);
            } else if (c === '\n') {
                return; // unterminated (the checker reports it)
            } else {
                i++;
            }
        }
    }

    code(false);
    return out;
}

/**
 * The longest window, in milliseconds, of the counting calls in `source`, or 0 when nothing
 * counts past events.
 */
export function longestCountWindowMs(source) {
    const toks = tokens(source);
    let longest = 0;
    for (let k = 0; k + 1 < toks.length; k++) {
        if (toks[k].kind !== 'word' || !COUNTING.has(toks[k].text) || toks[k + 1].text !== '(') continue;
        if (toks[k + 2]?.text !== 'event') continue;
        // Walk the call's parentheses; its own `within` is at depth 1.
        let depth = 0;
        for (let j = k + 1; j < toks.length; j++) {
            const t = toks[j];
            if (t.text === '(') depth++;
            else if (t.text === ')' && --depth === 0) break;
            else if (depth === 1 && t.kind === 'word' && t.text === 'within') {
                const amount = Number(toks[j + 1]?.text);
                const unit = unitMs(toks[j + 2]?.text ?? '');
                if (Number.isFinite(amount) && unit) longest = Math.max(longest, amount * unit);
                break;
            }
        }
    }
    return longest;
}
