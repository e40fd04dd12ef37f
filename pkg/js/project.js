// The projection of a request onto what a program reads. Carrying a 6 KB profile across the
// WebAssembly boundary (stringify, copy, scan) costs far more than evaluating it, while a
// program reads only a few profile keys and, of the past events, only those some `count(...)`
// counts: `Program.evaluate` sends only those (docs/wasm.md, "The boundary").
//
// The contract, checked on every case of the conformance suite (tests/conformance.test.mjs):
// - a request the engine answers gives exactly the same response projected or whole: the
//   engine never looks at what is left out (profile keys no path names, past events no `count`
//   counts, and their properties when no `count(... where ...)` reads them);
// - a request the engine refuses is refused projected too: nothing left out can make a request
//   fail, except the shape of a past event (an entry that is not an object, a name or time that
//   is not a string), so such lists are carried whole. `Program.evaluate` then evaluates the
//   whole request again to report the error exactly (its message may name an index).
//
// No wasm here: pure functions of a request and the program's `reads()`.

// The most entries `profile.events` may hold (src/eval/mod.rs MAX_PROFILE_EVENTS): a longer list
// is carried whole so that the engine reports it.
const MAX_PROFILE_EVENTS = 1000;

const { propertyIsEnumerable } = Object.prototype;
const dateToJson = Date.prototype.toJSON;

function isPlainRecord(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof value.toJSON !== 'function';
}

/**
 * The past events evaluation reads: those some `count(...)` counts, reduced to their name and
 * time unless a `count(... where ...)` reads properties. Returns the list itself when an event
 * left out could make the request fail (see above) or the list is over the limit.
 */
function projectEvents(events, reads) {
    if (!Array.isArray(events) || events.length > MAX_PROFILE_EVENTS || typeof events.toJSON === 'function') {
        return events;
    }
    const { counted, readsEventProperties } = reads;
    const kept = [];
    for (let i = 0; i < events.length; i++) {
        const event = events[i];
        if (!isPlainRecord(event)) return events;
        const { name, time } = event;
        if (typeof name !== 'string' || (time !== undefined && time !== null && typeof time !== 'string')) {
            return events;
        }
        if (counted.has(name)) {
            kept.push(readsEventProperties ? event : { name, time });
        }
    }
    return kept;
}

/**
 * The request reduced to what `reads` (from `projectionOf`) says the program reads: the profile
 * keys of `profileKeys` and the counted past events; `now`, the event, the state, the prices and
 * any other field whole. Anything unusual (not a plain object, a `toJSON` method) is returned
 * as it is.
 */
function project(request, reads) {
    if (!isPlainRecord(request)) return request;
    const profile = request.profile;
    if (!isPlainRecord(profile)) return request;
    // Null prototypes: a key named `__proto__` stays a key.
    const slim = Object.create(null);
    for (const key of reads.keyList) {
        if (!propertyIsEnumerable.call(profile, key)) continue; // own and enumerable, as JSON.stringify reads
        slim[key] = key === 'events' && !reads.readsEventList ? projectEvents(profile.events, reads) : profile[key];
    }
    const out = Object.create(null);
    for (const key of Object.keys(request)) {
        out[key] = key === 'profile' ? slim : request[key];
    }
    return out;
}

// ---- The same projection written straight to JSON text --------------------------------------
// `projectText` gives the text `JSON.stringify(project(request, reads))` gives, without
// building the projected objects first: the keys and the counted names are written from
// prebuilt text, strings, numbers and booleans here, other values by JSON.stringify. When a
// value has a `toJSON` method (which JSON.stringify would call with its key), it gives up and
// returns undefined: the caller then stringifies `project(...)`. tests/project.test.mjs holds
// it to JSON.stringify.

const GIVE_UP = Symbol('give up');

// Strings from this many UTF-16 units are checked by a regular expression, shorter ones by a
// loop: the loop costs about 1.5 ns a unit, the expression about 15 ns a call plus 0.7 a unit.
const SCANNED_UNITS = 8;
const PLAIN = /^[^\u0000-\u001f"\\\ud800-\udfff]*$/;

/** Whether JSON writes this string as it is between quotes (nothing to escape). */
function plain(text) {
    if (text.length >= SCANNED_UNITS) return PLAIN.test(text);
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
    }
    return true;
}

/**
 * A value's JSON text, as JSON.stringify writes it (undefined: the key is left out). Strings,
 * numbers and booleans are written here: a call of JSON.stringify per small value costs more
 * than the value.
 */
function valueText(value) {
    switch (typeof value) {
        case 'string':
            return plain(value) ? `"${value}"` : JSON.stringify(value);
        case 'number':
            return Number.isFinite(value) ? String(value) : 'null';
        case 'boolean':
            return value ? 'true' : 'false';
        case 'object':
            if (value === null) return 'null';
            if (typeof value.toJSON === 'function') {
                // A Date (`now`, an event's time) is written as JSON writes it: its ISO text.
                if (value.toJSON === dateToJson && value instanceof Date) return JSON.stringify(value);
                return GIVE_UP;
            }
            return JSON.stringify(value);
        default:
            return JSON.stringify(value);
    }
}

/**
 * Whether the past event list is projected (else it is carried whole, as `projectEvents`
 * decides): an array within the limit that JSON.stringify does not hand to a `toJSON`.
 */
function projectsEvents(events) {
    return Array.isArray(events) && events.length <= MAX_PROFILE_EVENTS && typeof events.toJSON !== 'function';
}

/** Whether a past event's name and time have the shape `projectEvents` projects. */
function wellShaped(name, time) {
    return typeof name === 'string' && (time === undefined || time === null || typeof time === 'string');
}

// The text is a V8 rope of many small strings, which encodeInto flattens: that costs about 5 ns
// a piece, more than copying the bytes, so the pieces are few. A string value is written as its
// key's prebuilt `"key":"` and the string, its closing quote left to the next piece: prebuilt
// pieces come in threes, for the three states of what came before them.
const FIRST = 0; // nothing before: no comma
const CLOSED = 1; // a value before: a comma
const OPEN = 2; // a string before whose closing quote is still to write: a quote and a comma

/** The three variants of a prebuilt piece that follows a member, `after` the closing quote. */
function variants(text, after = '') {
    return [text, `,${text}`, `"${after},${text}`];
}

function eventsText(events, reads) {
    if (!projectsEvents(events)) return valueText(events);
    const { countedOpen, countedPrefix, readsEventProperties } = reads;
    let text = '[';
    let state = FIRST;
    for (let i = 0; i < events.length; i++) {
        const event = events[i];
        if (!isPlainRecord(event)) return valueText(events);
        const name = event.name;
        const time = event.time;
        if (!wellShaped(name, time)) return valueText(events);
        const k = countedIndex(reads, name);
        if (k < 0) continue;
        if (readsEventProperties) {
            const json = valueText(event);
            if (json === GIVE_UP) return GIVE_UP;
            text += state === FIRST ? json : `,${json}`;
            state = CLOSED;
        } else if (typeof time === 'string' && plain(time)) {
            text += countedOpen[3 * k + state]; // "},{"name":"…","time":"
            text += time;
            state = OPEN;
        } else {
            text += countedPrefix[3 * k + state]; // "},{"name":"…"
            text += time === undefined ? '}' : `,"time":${valueText(time)}}`;
            state = CLOSED;
        }
    }
    return state === OPEN ? `${text}"}]` : `${text}]`;
}

function profileText(profile, reads) {
    const { keyList, keyTexts, keyQuotes, eventsAt } = reads;
    let text = '{';
    let state = FIRST;
    for (let k = 0; k < keyList.length; k++) {
        const key = keyList[k];
        if (!propertyIsEnumerable.call(profile, key)) continue;
        const value = profile[key];
        if (typeof value === 'string' && plain(value)) {
            text += keyQuotes[3 * k + state]; // ","key":"
            text += value;
            state = OPEN;
        } else {
            const json = k === eventsAt ? eventsText(value, reads) : valueText(value);
            if (json === GIVE_UP) return GIVE_UP;
            if (json === undefined) continue;
            text += keyTexts[3 * k + state]; // ","key":
            text += json;
            state = CLOSED;
        }
    }
    return state === OPEN ? `${text}"}` : `${text}}`;
}

/** `"key":` and `,"key":` for the request's own keys, written once. */
const REQUEST_KEYS = new Map(['now', 'profile', 'event', 'state', 'prices', 'explain'].map((k) => [k, [`"${k}":`, `,"${k}":`]]));

function keyTexts(key) {
    const texts = REQUEST_KEYS.get(key);
    if (texts !== undefined) return texts;
    const text = `${JSON.stringify(key)}:`;
    return [text, `,${text}`];
}

/**
 * `JSON.stringify(project(request, reads))`, written directly; undefined when the request is
 * not a plain object with a plain-object profile, or a value has a `toJSON` method.
 */
function projectText(request, reads) {
    if (!isPlainRecord(request)) return undefined;
    const profile = request.profile;
    if (!isPlainRecord(profile)) return undefined;
    let text = '{';
    let comma = 0;
    const keys = Object.keys(request);
    for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        const json = key === 'profile' ? profileText(profile, reads) : valueText(request[key]);
        if (json === GIVE_UP) return undefined;
        if (json === undefined) continue;
        text += keyTexts(key)[comma];
        text += json;
        comma = 1;
    }
    return `${text}}`;
}

// Up to this many counted names are found by comparing with each; more by a Map.
const SCANNED_NAMES = 8;

/** The index of `name` among the counted names (as in `countedPrefix`); -1: not counted. */
function countedIndex(reads, name) {
    const { countedNames, countedMap } = reads;
    if (countedMap !== null) return countedMap.get(name) ?? -1;
    for (let k = 0; k < countedNames.length; k++) if (countedNames[k] === name) return k;
    return -1;
}

/** `program.reads()` → what `project` and `projectText` look keys and names up in. */
function projectionOf(reads) {
    const counted = new Set(reads.countedEvents);
    const names = [...counted];
    const readsEventList = reads.readsEventList === true;
    const keyList = [...new Set(reads.profileKeys)];
    return {
        keyList,
        keyTexts: keyList.flatMap((key) => variants(`${JSON.stringify(key)}:`)), // "key":
        keyQuotes: keyList.flatMap((key) => variants(`${JSON.stringify(key)}:"`)), // "key":"
        // Where `events` is in keyList when its list is projected (-1: carried as it is).
        eventsAt: readsEventList ? -1 : keyList.indexOf('events'),
        counted,
        countedNames: names,
        // Few names (the typical program counts one or two) are found by comparing strings,
        // which costs less than hashing the name for a Map.
        countedMap: names.length <= SCANNED_NAMES ? null : new Map(names.map((name, k) => [name, k])),
        countedPrefix: names.flatMap((name) => variants(`{"name":${JSON.stringify(name)}`, '}')), // {"name":"…"
        countedOpen: names.flatMap((name) => variants(`{"name":${JSON.stringify(name)},"time":"`, '}')),
        readsEventList,
        readsEventProperties: reads.readsEventProperties === true,
    };
}

// ---- The size rule ------------------------------------------------------------------------
// A request object is held to the rules of the JSON text JSON.stringify would write for it
// (docs/wasm.md, "One rule for objects and texts"): over MAX_REQUEST_BYTES it is refused as
// `request_too_large` even when the part that makes it large is a trait no journey reads, and a
// request JSON cannot write (a cycle, a BigInt) is refused before anything else is looked at.
// Writing the whole text costs more than evaluating the request, so `fitsProjection` walks the
// request once for an upper bound of that text's UTF-8 length: when the bound is within the
// limit and the walk met nothing unusual, the projected text answers exactly as the whole text
// would; otherwise the caller writes the whole text and lets the engine judge it.

// The most bytes of request text the engine evaluates (src/eval/mod.rs MAX_REQUEST_BYTES).
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
// Deeper values are left to the whole text (the engine bounds the nesting it reads); a cycle
// ends here too, and JSON.stringify then names it.
const MAX_WALKED_DEPTH = 64;
// Bytes of JSON text at most: a number (`-1.7976931348623157e+308`; also counted for `true`,
// `false`, `null` and values JSON leaves out), a Date (`"+275760-09-13T00:00:00.000Z"`), and
// per UTF-16 unit of a string
// (`\u001f`).
const NUMBER_BYTES = 24;
const DATE_BYTES = 29;
const UNIT_BYTES = 6;
const { getPrototypeOf } = Object;
const OBJECT_PROTOTYPE = Object.prototype;
const ARRAY_PROTOTYPE = Array.prototype;

/**
 * An upper bound of the UTF-8 length of the JSON text of `value` (an object or an array), or -1
 * when the bound passes `budget` or the value is not plain data: a BigInt, a `toJSON` other than
 * Date's, a boxed primitive, nesting past MAX_WALKED_DEPTH (which a cycle reaches). Keys
 * inherited through a prototype are counted too, and so are keys JSON leaves out, and every
 * number, boolean or null counts NUMBER_BYTES (an over-estimate is safe). Primitives are
 * measured in the loops: a call per value would cost more than the value. Plain objects and
 * arrays take the fast path: their `toJSON`, if any, is an own or inherited enumerable key met
 * in the loop (`fitsProjection` checks the prototypes themselves once).
 */
function jsonBound(value, depth, budget) {
    if (depth >= MAX_WALKED_DEPTH) return -1;
    const prototype = getPrototypeOf(value);
    if (prototype === ARRAY_PROTOTYPE) return arrayBound(value, depth, budget);
    if (prototype !== OBJECT_PROTOTYPE) {
        if (Array.isArray(value)) return typeof value.toJSON === 'function' ? -1 : arrayBound(value, depth, budget);
        if (value instanceof Date && value.toJSON === dateToJson) return DATE_BYTES;
        if (value instanceof Number || value instanceof String || value instanceof Boolean) return -1;
        if (typeof value.toJSON === 'function') return -1;
    }
    let total = 2;
    for (const key in value) {
        const item = value[key];
        const type = typeof item;
        total += UNIT_BYTES * key.length + 4;
        if (type === 'string') total += UNIT_BYTES * item.length + 2;
        else if (type === 'object' && item !== null) {
            const bound = jsonBound(item, depth + 1, budget - total);
            if (bound < 0) return -1;
            total += bound;
        } else if (type === 'bigint' || (type === 'function' && key === 'toJSON')) return -1;
        else total += NUMBER_BYTES;
        if (total > budget) return -1;
    }
    return total;
}

function arrayBound(value, depth, budget) {
    let total = 2;
    for (let i = 0; i < value.length; i++) {
        const item = value[i];
        const type = typeof item;
        if (type === 'string') total += UNIT_BYTES * item.length + 3;
        else if (type === 'object' && item !== null) {
            const bound = jsonBound(item, depth + 1, budget - total);
            if (bound < 0) return -1;
            total += bound + 1;
        } else if (type === 'bigint') return -1;
        else total += NUMBER_BYTES + 1;
        if (total > budget) return -1;
    }
    return total;
}

/**
 * Whether the request may be sent projected: its JSON text is surely within the engine's size
 * limit and JSON.stringify writes it without surprises. When not, the caller sends the whole
 * text (`JSON.stringify`), so the request is judged exactly as `evaluateJson` would judge it.
 */
function fitsProjection(request) {
    // A toJSON on the prototypes themselves (not enumerable, so the loops would not see it).
    if (OBJECT_PROTOTYPE.toJSON !== undefined || ARRAY_PROTOTYPE.toJSON !== undefined) return false;
    return jsonBound(request, 0, MAX_REQUEST_BYTES) >= 0;
}

export { fitsProjection, project, projectText, projectionOf };
