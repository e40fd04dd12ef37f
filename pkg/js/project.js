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

/** `program.reads()` → what `project` looks keys and names up in. */
function projectionOf(reads) {
    return {
        keyList: [...reads.profileKeys],
        counted: new Set(reads.countedEvents),
        readsEventList: reads.readsEventList === true,
        readsEventProperties: reads.readsEventProperties === true,
    };
}

export { project, projectionOf };
