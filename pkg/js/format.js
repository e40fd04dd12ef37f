// Generated from src/eval/read/keys.rs and src/eval/mod.rs by `HERALD_BLESS=1 cargo test -p herald-engine the_js_tables_match`:
// do not edit. The request format's names and limits, for the projection (project.js).

/** The top-level fields of a request. */
const REQUEST_FIELDS = ['now', 'profile', 'event', 'state', 'prices', 'explain'];
/** The profile keys with a meaning to herald. */
const PROFILE_KEYS = ['id', 'timezone', 'phone', 'email', 'push_token', 'subscriptions', 'events'];
/** The members of a past event herald reads. */
const PAST_EVENT_KEYS = ['name', 'time', 'properties'];
/** The most entries `profile.events` may hold. */
const MAX_PROFILE_EVENTS = 1000;
/** The most bytes of request text the engine evaluates. */
const MAX_REQUEST_BYTES = 4194304;

export { MAX_PROFILE_EVENTS, MAX_REQUEST_BYTES, PAST_EVENT_KEYS, PROFILE_KEYS, REQUEST_FIELDS };
