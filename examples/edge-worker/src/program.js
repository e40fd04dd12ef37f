// Compiled journey programs, one per published version, cached per isolate. A version's source
// never changes, so a compiled program is valid for as long as the isolate lives; only the few
// most recent versions are kept (older ones are freed).
import { compile } from 'herald-engine';
import { longestCountWindowMs } from './windows.js';

const KEEP = 3;
const programs = new Map(); // version -> entry

/**
 * The compiled program of a published version: `{version, program, countedEvents,
 * readsEventList, windowMs}`. `record` is the registry's `{version, source}`.
 */
export function programOf(record, settings) {
    const known = programs.get(record.version);
    if (known) return known;
    const program = compile(record.source, { file: `journeys-v${record.version}.herald` });
    const reads = program.reads();
    const entry = {
        version: record.version,
        program,
        countedEvents: new Set(reads.countedEvents),
        readsEventList: reads.readsEventList,
        // Past events are kept for the longest window any count reads; when a journey reads the
        // whole `profile.events` list no window is known, so EVENTS_LIST_DAYS applies.
        windowMs: reads.readsEventList
            ? Math.max(settings.eventsListMs, longestCountWindowMs(record.source))
            : longestCountWindowMs(record.source),
    };
    programs.set(record.version, entry);
    while (programs.size > KEEP) {
        const oldest = Math.min(...programs.keys());
        programs.get(oldest).program.free();
        programs.delete(oldest);
    }
    return entry;
}

/** Whether the program needs this event kept among the profile's past events. */
export function keepsEvent(entry, name) {
    return entry.windowMs > 0 && (entry.readsEventList || entry.countedEvents.has(name));
}

// The current journeys version as this isolate last saw it: asked of the registry at most every
// JOURNEYS_CACHE_SECONDS, so the registry (one Durable Object) is not one more request per event
// or per alarm. Publishing through this isolate updates it at once.
let seen = { version: 0, at: -Infinity };

export function registryOf(env) {
    return env.JOURNEYS.get(env.JOURNEYS.idFromName('registry'));
}

export async function currentVersion(env, settings) {
    if (Date.now() - seen.at >= settings.journeysCacheMs) {
        const current = await registryOf(env).current();
        seen = { version: Math.max(current.version, seen.version), at: Date.now() };
    }
    return seen.version;
}

export function sawVersion(version) {
    seen = { version: Math.max(version, seen.version), at: Date.now() };
}
