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
// prebuilt text, each value by JSON.stringify. It is what `Program.evaluate` sends. When a
// value has a `toJSON` method (which JSON.stringify would call with its key), it gives up and
// returns undefined: the caller then stringifies `project(...)`.

const GIVE_UP = Symbol('give up');

/** Whether JSON writes this string as it is between quotes (nothing to escape). */
function plain(text) {
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
            if (typeof value.toJSON === 'function') return GIVE_UP;
            return JSON.stringify(value);
        default:
            return JSON.stringify(value);
    }
}

function eventsText(events, reads) {
    if (!Array.isArray(events) || events.length > MAX_PROFILE_EVENTS) return valueText(events);
    const { countedPrefix, readsEventProperties } = reads;
    let text = '[';
    let kept = 0;
    for (let i = 0; i < events.length; i++) {
        const event = events[i];
        if (!isPlainRecord(event)) return valueText(events);
        const { name, time } = event;
        if (typeof name !== 'string' || (time !== undefined && time !== null && typeof time !== 'string')) {
            return valueText(events);
        }
        const prefix = countedPrefix.get(name);
        if (prefix === undefined) continue;
        let json;
        if (readsEventProperties) {
            json = valueText(event);
            if (json === GIVE_UP) return GIVE_UP;
        } else {
            json = time === undefined ? `${prefix}}` : `${prefix},"time":${valueText(time)}}`;
        }
        text += kept++ === 0 ? json : `,${json}`;
    }
    return `${text}]`;
}

function profileText(profile, reads) {
    let text = '{';
    let first = true;
    for (const [key, keyText] of reads.keyTexts) {
        if (!propertyIsEnumerable.call(profile, key)) continue;
        const value = profile[key];
        const json = key === 'events' && !reads.readsEventList ? eventsText(value, reads) : valueText(value);
        if (json === GIVE_UP) return GIVE_UP;
        if (json === undefined) continue;
        text += first ? keyText + json : `,${keyText}${json}`;
        first = false;
    }
    return `${text}}`;
}

/**
 * `JSON.stringify(project(request, reads))`, written directly; undefined when the request is
 * not a plain object with a plain-object profile, or a value has a `toJSON` method.
 */
/** `"key":` for the request's own keys, written once. */
const REQUEST_KEYS = new Map(['now', 'profile', 'event', 'state', 'prices', 'explain'].map((k) => [k, `"${k}":`]));

function keyText(key) {
    return REQUEST_KEYS.get(key) ?? `${JSON.stringify(key)}:`;
}

function projectText(request, reads) {
    if (!isPlainRecord(request)) return undefined;
    const profile = request.profile;
    if (!isPlainRecord(profile)) return undefined;
    let text = '{';
    let first = true;
    for (const key of Object.keys(request)) {
        const json = key === 'profile' ? profileText(profile, reads) : valueText(request[key]);
        if (json === GIVE_UP) return undefined;
        if (json === undefined) continue;
        const member = `${keyText(key)}${json}`;
        text += first ? member : `,${member}`;
        first = false;
    }
    return `${text}}`;
}

/** `program.reads()` → what `project` and `projectText` look keys and names up in. */
function projectionOf(reads) {
    const counted = new Set(reads.countedEvents);
    return {
        keyList: [...reads.profileKeys],
        keyTexts: reads.profileKeys.map((key) => [key, `${JSON.stringify(key)}:`]),
        counted,
        countedPrefix: new Map([...counted].map((name) => [name, `{"name":${JSON.stringify(name)}`])),
        readsEventList: reads.readsEventList === true,
        readsEventProperties: reads.readsEventProperties === true,
    };
}

export { project, projectText, projectionOf };
