// The words of the herald language as the editor knows them: what completion offers, what hover
// explains, and what a decision's reason means in words. Hover docs for statements and functions
// come first from docs/language.md (read at build time, src/generated/docs.js); the entries here
// cover the words its tables do not.
//
// New words in the language: add them here (and to src/lang/herald.grammar for highlighting);
// a new decision reason: add one line to REASONS.
import { languageDocs } from '../generated/docs.js';

export const CHANNELS = {
    sms: { address: 'phone', consent: 'opt-in', unit: 'segment', doc: 'a text message to `profile.phone`, priced per segment (160 GSM-7 characters, 70 otherwise)' },
    mms: { address: 'phone', consent: 'opt-in', unit: 'message', doc: 'a picture message to `profile.phone`, priced per message' },
    whatsapp: { address: 'phone', consent: 'opt-in', unit: 'message', doc: 'a WhatsApp message to `profile.phone`, priced per message' },
    voice: { address: 'phone', consent: 'opt-in', unit: 'minute', doc: 'a phone call reading the text aloud, priced per minute (150 words a minute)' },
    email: { address: 'email', consent: 'opt-out', unit: 'message', doc: 'an email to `profile.email`, priced per message' },
    push: { address: 'push_token', consent: 'opt-out', unit: 'message', doc: 'a push notification to `profile.push_token`, priced per message' },
    webhook: { address: null, consent: 'none', unit: 'message', doc: 'a call to your own endpoint; always has an address' },
};

/** Words that start a statement: header clauses, policy clauses, steps, top-level items. */
export const STATEMENT_WORDS = [
    'segment', 'policy', 'journey', 'when', 'audience', 'exit', 'reentry', 'limit', 'quiet', 'budget',
    'timezone', 'transactional', 'key', 'holdout', 'topic', 'send', 'wait', 'if', 'split', 'stop',
    'set', 'message',
    // digests (SPEC §6, second wave): `digest for DURATION`, `digest until HH:MM`
    'digest',
];

/** Words inside statements. */
export const INNER_WORDS = [
    'event', 'where', 'after', 'never', 'always', 'restart', 'per', 'to', 'entry', 'fallback',
    'template', 'until', 'for', 'within', 'timeout', 'else', 'messages', 'hours', 'changes',
    'trigger', 'profile',
    // the waits of SPEC §6: `wait until HH:MM on DAYS`, `send ... expire after DURATION`
    'on', 'expire', 'weekday', 'weekend', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday',
    'saturday', 'sunday',
    // localised messages and topics of SPEC §6: `default locale "en"`, `topic "NAME" opt-in`
    'locale',
];

export const OPERATOR_WORDS = ['and', 'or', 'not', 'in', 'contains', 'starts_with', 'ends_with', 'exists'];

export const UNITS = ['seconds', 'minutes', 'hours', 'days', 'weeks'];

export const FUNCTIONS = {
    count: { signature: 'count(event "Name" [where expr] within DURATION)', snippet: 'count(event "${Name}" within ${7} days)' },
    days_since: { signature: 'days_since(x)', snippet: 'days_since(${})' },
    hours_since: { signature: 'hours_since(x)', snippet: 'hours_since(${})' },
    lower: { signature: 'lower(s)', snippet: 'lower(${})' },
    upper: { signature: 'upper(s)', snippet: 'upper(${})' },
    len: { signature: 'len(x)', snippet: 'len(${})' },
    sum: { signature: 'sum(event "Name" [where expr] within DURATION, VALUE)', snippet: 'sum(event "${Name}" within ${30} days, event.${total})' },
    min: { signature: 'min(event "Name" [where expr] within DURATION, VALUE)', snippet: 'min(event "${Name}" within ${30} days, event.${total})' },
    max: { signature: 'max(event "Name" [where expr] within DURATION, VALUE)', snippet: 'max(event "${Name}" within ${30} days, event.${total})' },
    avg: { signature: 'avg(event "Name" [where expr] within DURATION, VALUE)', snippet: 'avg(event "${Name}" within ${30} days, event.${total})' },
    last: { signature: 'last(event "Name" [where expr] within DURATION, VALUE)', snippet: 'last(event "${Name}" within ${30} days, event.${total})' },
    year: { signature: 'year(t)', snippet: 'year(${})' },
    month: { signature: 'month(t)', snippet: 'month(${})' },
    day: { signature: 'day(t)', snippet: 'day(${})' },
    hour: { signature: 'hour(t)', snippet: 'hour(${})' },
    minute: { signature: 'minute(t)', snippet: 'minute(${})' },
    weekday: { signature: 'weekday(t)', snippet: 'weekday(${})' },
    days_until: { signature: 'days_until(t)', snippet: 'days_until(${})' },
    hours_until: { signature: 'hours_until(t)', snippet: 'hours_until(${})' },
    default: { signature: 'default(x, fallback)', snippet: 'default(${})' },
    capitalize: { signature: 'capitalize(s)', snippet: 'capitalize(${})' },
    trim: { signature: 'trim(s)', snippet: 'trim(${})' },
    to_number: { signature: 'to_number(x)', snippet: 'to_number(${})' },
    round: { signature: 'round(x[, digits])', snippet: 'round(${})' },
    floor: { signature: 'floor(x)', snippet: 'floor(${})' },
    ceil: { signature: 'ceil(x)', snippet: 'ceil(${})' },
    format_number: { signature: 'format_number(x, digits)', snippet: 'format_number(${})' },
    format_money: { signature: 'format_money(x, "USD")', snippet: 'format_money(${})' },
    format_date: { signature: 'format_date(t, "%B %-d")', snippet: 'format_date(${})' },
    any: { signature: 'any(LIST, COND with item)', snippet: 'any(${})' },
    all: { signature: 'all(LIST, COND with item)', snippet: 'all(${})' },
};

/** Short docs for the words docs/language.md's tables do not cover. */
const EXTRA_DOCS = {
    segment: ['segment NAME = expr', 'a named, reusable condition; journeys and other segments use it by name'],
    policy: ['policy { ... }', '`limit`, `quiet hours` and `timezone` for every journey of the file (at most one policy)'],
    journey: ['journey "id" { ... }', 'a customer journey: header clauses (when, audience, exit, reentry, limit, quiet hours, budget), then steps'],
    timezone: ['timezone "Area/City"', 'in `policy`: the zone used for profiles without `timezone` (default UTC)'],
    transactional: ['transactional', 'the policy\'s limits and quiet hours do not apply to this journey, and its sends do not count toward them (consent still applies)'],
    restart: ['reentry restart', 'a trigger while a run is active ends it (reason: restarted) and starts a new one'],
    fallback: ['fallback CHANNEL CONTENT', 'the channel tried when the previous one cannot take the message (no address, no consent, a cap or the budget)'],
    template: ['template "id"', 'a template kept by the sending provider, instead of text'],
    where: ['where expr', 'the event only counts when the condition holds'],
    within: ['within DURATION', 'how long to wait for the event, or how far back `count` looks'],
    timeout: ['timeout { steps }', 'what runs when the awaited event does not come in time'],
    until: ['wait until HH:MM', 'pause until that local time of day (recipient\'s zone)'],
    else: ['else { steps }', 'what runs when no condition of the `if` holds'],
    key: ['key EXPR', 'one run per distinct value, evaluated on the trigger (`key trigger.order_id`); at most 20 runs at once; decisions carry `key`'],
    holdout: ['holdout P%', 'a control group: the same share of profiles enters but every send is suppressed (reason: holdout), to measure lift'],
    set: ['set profile.KEY = EXPR', 'an `update` decision for the host; later steps of this evaluation read the new value'],
    changes: ['when profile.KEY changes [to EXPR]', 'starts a run when the trait differs from its value at the previous evaluation; `trigger.from` and `trigger.to` hold both'],
    trigger: ['trigger.KEY', 'a property of the event that started the run, also inside `exit when` and `wait for` conditions'],
    after: ['reentry after DURATION', 'a profile may enter again this long after its previous entry'],
    never: ['reentry never', 'a profile enters the journey once (the default)'],
    always: ['reentry always', 'a profile may enter again as soon as its previous run ended'],
    per: ['limit N messages per DURATION', 'the sliding window of a frequency cap; in `budget`, `per entry`'],
    entry: ['budget MONEY per entry', 'the cost ceiling of one run'],
    to: ['quiet hours HH:MM to HH:MM', 'from the first time (included) to the second (excluded), across midnight if needed'],
    hours: ['quiet hours HH:MM to HH:MM', 'no messages but email and webhook in this local window: sends are deferred to its end'],
    messages: ['limit N messages per DURATION', 'a frequency cap counting every channel'],
    and: ['a and b', 'both hold'],
    or: ['a or b', 'either holds'],
    not: ['not a', 'the condition does not hold (a missing value makes a comparison false, so `not` of it is true)'],
    in: ['x in [a, b]', 'x is one of the list (or a part of the text)'],
    contains: ['list contains x', 'the text or list holds x'],
    starts_with: ['text starts_with "prefix"', 'the text begins so'],
    ends_with: ['text ends_with "suffix"', 'the text ends so'],
    exists: ['x exists', 'the value is present (not missing)'],
    trigger: ['trigger.KEY', 'a property of the event that started the run'],
    key: ['key EXPR', 'one run per distinct value of EXPR, evaluated on the trigger'],
    holdout: ['holdout P%', 'a control group: that share of entering profiles gets no messages'],
    on: ['wait until HH:MM on DAYS', 'the next local time of day on one of the days: `monday` … `sunday`, `weekday`, `weekend`, separated by commas'],
    weekday: ['wait until HH:MM on weekday', 'Monday to Friday, in the recipient\'s zone'],
    weekend: ['wait until HH:MM on weekend', 'Saturday and Sunday, in the recipient\'s zone'],
    expire: ['send ... expire after DURATION', 'when quiet hours would hold the message longer than this after the run reached the step, it is not sent (reason: expired) and the next channel or step goes on'],
    topic: ['topic "NAME"', 'the journey\'s messages belong to a topic profiles can unsubscribe from (subscriptions.topics.NAME; refused: reason unsubscribed_topic); in `policy`, `topic "NAME" opt-in` makes a missing status a refusal'],
    message: ['message "ID" { en "..." es "..." pt-BR "..." }', 'one message in several languages; `send sms message "ID"` sends the variant for profile.locale (exact tag, its language, the policy\'s `default locale`, the first); each variant is priced on its own'],
    locale: ['default locale "en"', 'in `policy`: the variant of a message when none matches the profile\'s locale'],
    digest: ['digest for DURATION / digest until HH:MM', 'the run waits; this journey\'s triggers meanwhile join its digest instead of starting runs; later steps read `digest.count` (triggers, the first included) and `digest.events` (their properties, the latest 100)'],
};

/** The docs of one word: `{ forms: string[], meaning: string }`, or null. */
export function docsFor(word) {
    const fromDocs = languageDocs[word];
    const extra = EXTRA_DOCS[word];
    if (CHANNELS[word]) return { title: `channel ${word}`, forms: [`send ${word} "text"`], meaning: CHANNELS[word].doc };
    if (fromDocs) {
        return { title: word, forms: fromDocs.forms, meaning: fromDocs.meaning.join(' · ') };
    }
    if (extra) return { title: word, forms: [extra[0]], meaning: extra[1] };
    if (UNITS.includes(word) || UNITS.includes(`${word}s`)) return { title: word, forms: ['N ' + word], meaning: 'a duration unit: seconds, minutes, hours, days or weeks' };
    return null;
}

// ---- Decisions in words ---------------------------------------------------------------------

const addressOf = (channel) => ({ phone: 'phone number', email: 'email address', push_token: 'push token' }[CHANNELS[channel]?.address] ?? 'address');

/**
 * Why a decision was made, in words, by reason code. A reason missing here (a newer engine) is
 * shown as its code with underscores turned to spaces, never hidden.
 */
export const REASONS = {
    no_address: (d) => `the profile has no ${addressOf(d.channel)}`,
    invalid_address: (d) => `the profile's ${addressOf(d.channel)} is not usable`,
    unsubscribed: (d) => `the profile has not agreed to ${d.channel ?? 'these'} messages`,
    unsubscribed_topic: () => 'the profile unsubscribed from this topic',
    frequency_cap: () => 'a frequency cap (limit) would be exceeded',
    budget: () => "the run's budget would be exceeded",
    quiet_hours: () => "it is quiet hours in the recipient's time zone",
    too_long: () => 'the text is longer than 1,600 characters after filling in the profile',
    expired: () => 'it could not be sent in time (expire after)',
    holdout: () => 'the profile is in the holdout (control) group',
    exit_event: () => 'the exit event arrived',
    exit_condition: () => 'the exit condition held',
    completed: () => 'the journey reached its end',
    restarted: () => 'a new trigger restarted the journey',
    no_instant: () => 'the time to wait until was missing or not a date and time',
    journey_changed: () => 'the journey was edited before the step where this run waited',
};

export function reasonInWords(decision) {
    const reason = decision.reason;
    if (!reason) return '';
    const words = REASONS[reason];
    return words ? words(decision) : reason.replace(/_/g, ' ');
}

// `herald test` (docs/testing.md): the words of test blocks.
STATEMENT_WORDS.push('test', 'tests', 'expect', 'at');
INNER_WORDS.push('waiting', 'decisions', 'no', 'content', 'reason', 'cost');
Object.assign(EXTRA_DOCS, {
    test: ['test "name" { ... }', 'a test of the file\'s journeys, run by `herald test` and Run tests: `at`, `after`, `profile { }`, `event` and `expect` lines'],
    tests: ['tests for "FILE"', 'the tests of this file run on the journeys of FILE (relative to this file)'],
    expect: ['expect ACTION [CHANNEL] [FIELD VALUE]...', 'a decision of the last event or clock move: `expect send sms cost $0.0125`, `expect no send`, `expect waiting`'],
    at: ['at "2026-03-01T10:00:00Z"', 'in a test: set the clock (due waits fire on the way)'],
    waiting: ['expect waiting [journey "id"] [until "T"]', 'a run is parked at a wait; `expect not waiting`: none is'],
    decisions: ['expect no decisions', 'the last event or clock move decided nothing'],
});
