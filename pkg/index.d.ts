// Types of herald-engine, written by hand (wasm-bindgen's generated ones describe the raw JSON-text
// boundary, not this API). Self-contained: they need neither the DOM lib nor @types/node.
// tests/types/usage.ts is compiled against them by `npm test`.

/** A half-open range `[start, end)`. */
export interface Span {
    start: number;
    end: number;
}

export type Severity = 'error' | 'warning';

/** One diagnostic, as `check()` returns it and `HeraldError.diagnostics` holds it (SPEC §4). */
export interface Diagnostic {
    /** The file name given in `options.file`, or `"<input>"`. */
    file: string;
    /** A stable code such as `"E0102"`; `docs/language.md` lists them. */
    code: string;
    severity: Severity;
    message: string;
    /** 1-based line. */
    line: number;
    /** 1-based column, in Unicode characters. */
    column: number;
    /** Byte offsets into the UTF-8 source. */
    span: Span;
    /** A suggestion such as "did you mean `sms`?", or null. */
    help: string | null;
    /** The same range in UTF-16 code units: what JS strings and editors index by. */
    span_utf16: Span;
}

export interface CheckOptions {
    /** The file name diagnostics carry (default `"<input>"`). */
    file?: string;
}

/** Every diagnostic of a source text, errors and warnings. Never throws for bad source. */
export function check(source: string, options?: CheckOptions): Diagnostic[];

/** How an SMS body travels, as Twilio's segment calculator counts it. */
export interface SmsSegments {
    /** GSM-7 when every character is in the GSM 03.38 basic set or its extension table. */
    encoding: 'GSM-7' | 'UCS-2';
    /** Parts billed: 160 septets / 70 units fit one; longer bodies go in parts of 153 / 67. */
    segments: number;
    /** Septets (GSM-7; extension characters count two) or UTF-16 code units (UCS-2). */
    units: number;
}

/** The segments of an SMS body (text as sent: render interpolations first). */
export function smsSegments(text: string): SmsSegments;

/** The source in canonical layout (what `herald fmt` prints). Throws a HeraldError when it does not parse. */
export function format(source: string, options?: CheckOptions): string;

// ---- Requests (SPEC §2) ---------------------------------------------------------------------

/**
 * A JSON value. A key whose value is `undefined` is left out (as JSON.stringify does), so
 * `{ coupon: undefined }` is accepted.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };

/** An RFC 3339 instant such as `"2026-03-08T14:00:00Z"` (any offset; herald writes `Z`). */
export type Instant = string;

/**
 * An instant as a request may give it: RFC 3339 text, or a JS `Date` (written as its ISO text,
 * as JSON.stringify writes it). Responses always hold text.
 */
export type InstantInput = Instant | DateLike;

/** A JS `Date` (declared structurally: these types need no DOM or ES library beyond ES2022). */
export interface DateLike {
    toISOString(): string;
    toJSON(key?: unknown): string;
    getTime(): number;
}

export type Channel = 'sms' | 'mms' | 'whatsapp' | 'voice' | 'email' | 'push' | 'webhook';

/** An event: the one that triggers or advances journeys, or a past one in `profile.events`. */
export interface HeraldEvent {
    name: string;
    /** When it happened; the incoming event defaults to the request's `now`. */
    time?: InstantInput | undefined;
    /** What `event.X` reads. */
    properties?: { [key: string]: Json | undefined } | null | undefined;
}

/** A past event of `profile.events`, as `count(...)` reads it (`time` is then required). */
export interface PastEvent extends HeraldEvent {
    time: InstantInput;
}

/** A stored event (in a run's state): its time is text. */
export interface StoredEvent {
    name: string;
    time?: Instant;
    properties?: { [key: string]: Json } | null;
}

/**
 * A consent value, as herald reads it (case-insensitively, trimmed): `subscribed`, `opted_in`
 * and `true` consent; anything else refuses. The type lists the usual spellings so a typo such
 * as "subscribe" fails to type-check; at run time an unknown value refuses, never consents.
 */
export type Consent = 'subscribed' | 'opted_in' | 'unsubscribed' | 'opted_out' | boolean;

/**
 * The keys of a profile that mean something to herald; `id` is required. An application's own
 * profile type (`interface Customer { id: string; plan: string; ... }`) is accepted wherever
 * these fit it: `evaluate` is generic over the profile type.
 */
export interface ProfileFields {
    /** The profile's id (a string, or a whole number read as its decimal text). */
    id: string | number;
    /** IANA zone of the recipient (quiet hours, `wait until`); else the policy's, else UTC. */
    timezone?: string | null | undefined;
    /** E.164 number for sms, mms, whatsapp and voice (`+`, 8 to 15 digits; else `invalid_address`). */
    phone?: string | null | undefined;
    /** One `@` between non-empty parts and a dot in the domain (else `invalid_address`). */
    email?: string | null | undefined;
    push_token?: string | null | undefined;
    /**
     * Consent per channel, read case-insensitively and trimmed: "subscribed", "opted_in" and
     * true consent; missing or null give the channel's default (sms, mms, whatsapp and voice
     * refused, email and push allowed); every other value refuses.
     */
    subscriptions?: { readonly [C in Channel]?: Consent | null | undefined } | null | undefined;
    /** Past events, for `count(...)` (at most 1,000; read only when the program counts them). */
    events?: readonly PastEvent[] | null | undefined;
}

/** The profile: flat, every key a trait readable as `profile.KEY`; herald's own keys typed. */
export interface Profile extends ProfileFields {
    [trait: string]: unknown;
}

/** A price: per unit, or with the wholesale cost (decisions then report the margin). */
export type Price = number | { price: number; cost?: number };

/** A price table in the SPEC §3 shape; a request's or a compile option's replaces the built-in one. */
export interface PriceTable {
    /** ISO 4217 code; default "USD". */
    currency?: string;
    /** The date the prices are from (`YYYY-MM-DD`). */
    as_of?: string;
    /** Per channel: per destination country (ISO 3166 code, capitals) and `default`. */
    channels: Partial<Record<Channel, { [country: string]: Price }>>;
    /** Per channel and country, added to each unit's price (US SMS carrier fees). */
    carrier_fees?: Partial<Record<Channel, { [country: string]: number }>>;
}

/** One evaluation's input. A request without `event` is a tick: it only advances due waits. */
export interface HeraldRequest<P extends ProfileFields = Profile> {
    now: InstantInput;
    profile: P;
    event?: HeraldEvent | null | undefined;
    /** The `state` of this profile's previous response; null or absent for a new profile. */
    state?: State | null | undefined;
    /** Replaces the whole price table for this request. */
    prices?: PriceTable | null | undefined;
    /** Adds `trace` to the response: every check with the values it read. */
    explain?: boolean | undefined;
}

// ---- Responses ------------------------------------------------------------------------------

/** `{"amount": "0.0158", "micros": 15800, "currency": "USD"}`: money as a decimal string and in integer micros. */
export interface Amount {
    amount: string;
    micros: number;
    currency: string;
}

/** The price of one message (a send decision's `cost`). */
export interface Cost extends Amount {
    units: number;
    unit: 'segment' | 'message' | 'minute';
    /** SMS text only. */
    encoding?: 'GSM-7' | 'UCS-2';
    /** Present (false) when the table has no price for the channel here: the amount is 0. */
    price_known?: false;
    /** Present when the price came from the table's `default` row. */
    country_source?: 'default';
    /** When the table knows the wholesale cost. */
    margin?: { amount: string; micros: number };
}

export type Action = 'enter' | 'send' | 'suppress' | 'defer' | 'exit' | 'update';

export type Reason =
    | 'no_address'
    | 'invalid_address'
    | 'unsubscribed'
    | 'frequency_cap'
    | 'too_long'
    | 'budget'
    | 'quiet_hours'
    | 'exit_event'
    | 'completed'
    | 'journey_changed'
    | 'restarted'
    | 'holdout'
    | 'exit_condition'
    /** `send ... expire after`: quiet hours would hold the message past its deadline. */
    | 'expired'
    /** `wait until EXPR` whose value is no instant: the run ends. */
    | 'no_instant'
    /** `subscriptions.topics.NAME` refuses (or is ambiguous about) the journey's `topic`. */
    | 'unsubscribed_topic';

interface DecisionBase {
    journey: string;
    /** The step's stable id (`"2.else.1"`); null for a run that ran off its end. */
    step: string | null;
    /** The run's key, on every decision of a journey with `key EXPR` (an `update` calls it `run_key`). */
    key?: string;
    /** The request's `now`. */
    at: Instant;
}

export interface EnterDecision extends DecisionBase {
    action: 'enter';
    /** Present (true) when the profile is in the journey's `holdout` control group: its sends are suppressed. */
    holdout?: true;
}

export interface ExitDecision extends DecisionBase {
    action: 'exit';
    reason: 'exit_event' | 'exit_condition' | 'completed' | 'journey_changed' | 'restarted'
        | 'no_instant';
}

/** `set profile.KEY = EXPR`: apply `value` to the profile's trait `key` (null: the value was missing). */
export interface UpdateDecision extends Omit<DecisionBase, 'key'> {
    action: 'update';
    /** The trait. */
    key: string;
    value: Json;
    /** The run's key, in a journey with `key EXPR`. */
    run_key?: string;
}

export interface SendDecision extends DecisionBase {
    action: 'send';
    channel: Channel;
    /** The address (null for a webhook). */
    to: string | null;
    /** The rendered text, or null for a template. */
    content: string | null;
    template: string | null;
    /** Destination country of phone channels, from the number. */
    country: string | null;
    cost: Cost;
    /** `send CHANNEL message "ID"`: the message's id. */
    message?: string;
    /** `send CHANNEL message "ID"`: the locale of the variant sent (as the message writes it: `pt-BR`). */
    locale?: string;
    /**
     * The same whenever this send is decided again (a retried request, a replay, a repeated
     * evaluation with the same state), different for every other send: `hk1_` and 32 hex
     * digits, from the profile id, journey, run (entry time, trigger time, key), step and channel. Pass it to
     * providers that take one and refuse sends whose key you delivered (docs/evaluation.md,
     * "Idempotency keys").
     */
    idempotency_key: string;
}

export interface SuppressDecision extends DecisionBase {
    action: 'suppress';
    channel: Channel;
    reason: 'no_address' | 'invalid_address' | 'unsubscribed' | 'frequency_cap' | 'too_long' | 'budget'
        | 'holdout' | 'expired' | 'unsubscribed_topic';
}

export interface DeferDecision extends DecisionBase {
    action: 'defer';
    channel: Channel;
    reason: 'quiet_hours';
    /** When quiet hours end (UTC). */
    until: Instant;
}

/** What happened, in journey then step order; narrow on `action`. */
export type Decision =
    | EnterDecision
    | ExitDecision
    | SendDecision
    | SuppressDecision
    | DeferDecision
    | UpdateDecision;

/** The state to keep for the profile and hand back with its next request (plain, versioned JSON). */
export interface State {
    /** 4; versions 3, 2 and 1 are read (version 1's waiting runs end with `journey_changed`). */
    version: number;
    journeys: { [journey: string]: JourneyState };
    /** Recent sends, as frequency caps count them. */
    sends: Array<{ at: Instant; journey: string; channel: Channel }>;
    /** The traits `when profile.KEY changes` watches, as this request gave them (null: absent; a value over 1 KB is `{"fnv1a64": HEX}`). */
    traits?: { [trait: string]: Json };
}

export interface JourneyState {
    last_entry?: Instant;
    run?: RunState;
    /** A journey with `key EXPR`: per key, its last entry and active run (at most 20 runs, 40 keys). */
    keys?: { [key: string]: { last_entry?: Instant; run?: RunState } };
}

export interface RunState {
        step: string;
        waiting: 'wait' | 'wait_until' | 'wait_for' | 'quiet_hours' | 'digest';
        until: Instant;
        entered: Instant;
        spent_micros: number;
        /** The event that started the run: what `event.X` reads later. */
        event: StoredEvent;
        /** FNV-1a 64 of the journey's canonical text up to `step`, 16 hex digits. */
        fingerprint: string;
        /** From the run's `digest` step on (state version 4): the triggers it gathered; `count` exact, `events` the latest 100 (within 32 KiB), oldest first. */
        digest?: { count: number; events: Array<{ [property: string]: Json }> };
}

/** One check of an explain trace. */
export interface TraceEntry {
    journey: string;
    step: string | null;
    /** `trigger`, `reentry`, `key`, `key_limit` (a trigger ignored: 20 keyed runs active), `holdout`, `audience`, `exit_if`, `exit_when`, `wait_for`, `wake`, `if`, `split`, `set`, `digest` (a digest starts, or a trigger joins it), `topic` (the journey's topic, asked before the channels), `address`, `consent`, `locale` (the variant of a message), `quiet_hours`, `frequency_cap`, `budget`, `state`. */
    check: string;
    channel?: Channel;
    /** The condition's source text. */
    condition?: string;
    result: boolean;
    /** The values the condition read, in order. */
    values?: Array<{ expr: string; value: Json } | { expr: string; missing: true }>;
    detail?: string;
}

/** One evaluation's output. */
export interface HeraldResponse {
    decisions: Decision[];
    state: State;
    /** The earliest time a tick has work to do, or null. */
    wake_at: Instant | null;
    /** The sum of this request's sends, in the price table's currency. */
    total_cost: Amount;
    /** With `explain: true`. */
    trace?: TraceEntry[];
}

/** In `evaluateMany`'s answer, a request that could not be evaluated (as `herald eval` answers a bad line). */
export interface EvaluationError {
    /** `path`: the offending value, as in `RequestError.path`, when known. */
    error: { code: RequestErrorCode; message: string; path?: string };
}

/** The `code` of a RequestError. */
export type RequestErrorCode =
    | 'invalid_json'
    | 'invalid_request'
    | 'invalid_state'
    | 'invalid_prices'
    | 'too_many_events'
    | 'state_too_large'
    | 'request_too_large'
    | 'event_too_large'
    | 'trace_too_large'
    /** A bug in herald, reported rather than answered with a guess (docs/evaluation.md). */
    | 'internal_error'
    | 'invalid_options';

// ---- Static analysis (SPEC §3) --------------------------------------------------------------

export interface AnalyzeOptions {
    /** Price phone messages for this country (ISO 3166, capitals) instead of the dearest one. */
    country?: string;
    /** GSM-7 characters each `{{ }}` counts for (default 32). */
    interpolationChars?: number;
    /** A campaign estimate: this many profiles entering each journey. */
    audience?: number;
    /** Analyse with this price table instead of the program's. */
    prices?: PriceTable;
}

export type NodeKind =
    | 'start'
    | 'send'
    | 'wait'
    | 'wait_until'
    | 'wait_for'
    | 'if'
    | 'else_if'
    | 'split'
    | 'stop'
    | 'end'
    | 'unknown'
    | 'set';

export interface GraphNode {
    id: string;
    kind: NodeKind;
    label: string;
    span: Span;
    /** A send's channels, primary first. */
    channels?: Channel[];
    /** A send's cost at the analysed destination (its dearest channel). */
    worst_case_cost?: Amount;
    /** A send of a `message`: each variant's segments and cost at the analysed destination; the worst case counts the one marked `dearest`. */
    variants?: VariantCost[];
}

export interface VariantCost {
    channel: Channel;
    message: string;
    /** The variant's locale as written (`pt-BR`). */
    locale: string;
    /** Segments for SMS, minutes for voice, 1 for other channels. */
    units: number;
    encoding?: 'GSM-7' | 'UCS-2';
    cost: Amount;
    dearest: boolean;
}

export interface GraphEdge {
    from: string;
    to: string;
    /** Where the path forks. */
    label?: string;
}

export interface Campaign {
    audience: number;
    max_messages: number;
    worst_case_cost: Amount;
}

export interface JourneyAnalysis {
    id: string;
    /** The most messages one run can send (a send with fallbacks is one). */
    max_messages: number;
    /** The dearest run, over every path. */
    worst_case_cost: Amount;
    worst_case_margin?: Amount;
    /** The destination the worst case is priced for; null when no message goes to a phone. */
    country: string | null;
    country_source?: 'dearest' | 'default' | 'given';
    priced_at_default?: true;
    /** Channels the table has no price for: they count 0. */
    unpriced_channels?: Channel[];
    /** The longest a run can last, in seconds, over every path (waits, quiet hours bounded by
     * `expire after`); null when a `wait until EXPR` leaves it unbounded. */
    longest_run_seconds: number | null;
    budget?: Amount;
    exceeds_budget?: boolean;
    campaign?: Campaign;
    /** A journey with `key`, `reentry restart` or `holdout`: the figures are for one run (each keyed or restarted run counts as one). */
    runs?: RunsNote;
    span: Span;
    nodes: GraphNode[];
    edges: GraphEdge[];
}

export interface RunsNote {
    keyed: boolean;
    restart: boolean;
    /** 20 for a keyed journey, else 1. */
    max_runs: number;
    /** The holdout share as written (`"10%"`). */
    holdout?: string;
    note: string;
}

export interface Analysis {
    journeys: JourneyAnalysis[];
    currency: string;
    prices_as_of?: string;
    interpolation_chars: number;
    campaign?: Campaign;
}

// ---- Programs ---------------------------------------------------------------------------------

export interface CompileOptions extends CheckOptions {
    /** Price decisions with this table instead of the built-in one (a malformed one throws a RequestError). */
    prices?: PriceTable;
}

/** What evaluation reads from a profile (a caller may load only this from its store). */
export interface Reads {
    /** herald's own keys and the first key of every `profile.X` path. */
    profileKeys: string[];
    /** The names of the past events some `count(...)` counts: the only ones evaluation looks at. */
    countedEvents: string[];
    /** A journey reads `profile.events` itself: every past event matters. */
    readsEventList: boolean;
    /** A `count(... where ...)` reads the properties of the events it counts. */
    readsEventProperties: boolean;
}

/**
 * A compiled program: immutable, evaluate as many requests with it as you like. Its memory lives
 * in the WebAssembly instance: `free()` releases it now (or `using program = compile(...)`);
 * one dropped without `free()` is released when the garbage collector reclaims it.
 */
export class Program {
    private constructor();
    /**
     * One request → its response. Only what the program reads crosses into WebAssembly. Throws
     * a RequestError (a request JSON cannot write, such as one with a cycle, is `invalid_json`).
     */
    evaluate<P extends ProfileFields = Profile>(request: HeraldRequest<P>): HeraldResponse;
    /**
     * Many requests in one crossing: a response, or `{ error }` for a request that could not be
     * evaluated, per request, in order (an entry that is not a request object gets an error too).
     */
    evaluateMany<P extends ProfileFields = Profile>(
        requests: ReadonlyArray<HeraldRequest<P> | null | undefined>,
    ): Array<HeraldResponse | EvaluationError>;
    /** A request as JSON text → the response as JSON text (byte for byte what `herald eval` prints). Throws a RequestError. */
    evaluateJson(request: string): string;
    /** The static cost analysis: worst case per journey and its graph. */
    analyze(options?: AnalyzeOptions): Analysis;
    /**
     * The program in its saved form (what `herald build` writes): load it with `loadProgram()`
     * of `herald-engine/runtime`, of this same version of herald.
     */
    save(): Uint8Array;
    /**
     * Replays recorded Segment messages through the program (SPEC §7): the same JSON as
     * `herald replay --format json`; with `decisions: true`, also every decision with its user.
     * Runs in the simulator module: loaded on first use in Node, Bun, Deno and workerd; in
     * browsers, throws a SimulatorNotLoadedError until `await loadSimulator()`.
     */
    replay(messages: SegmentMessages, options?: ReplayOptions): ReplaySummary;
    /**
     * Runs the `test "name" { ... }` blocks (docs/testing.md) of the program's own source, or
     * of `source` (tests apart), on the program's journeys. Throws a HeraldError when `source`
     * does not parse. Runs in the simulator module, as `replay()` does (SimulatorNotLoadedError
     * in browsers until `await loadSimulator()`).
     */
    test(source?: string): TestReport;
    /** The journey ids, in file order. */
    journeyIds(): string[];
    /** The checker's warnings for the source. */
    warnings(): Diagnostic[];
    /** What evaluation reads from a profile. */
    reads(): Reads;
    /** Releases the program's memory; using it afterwards throws. Calling it again does nothing. */
    free(): void;
    /** The same as `free()`: `using program = compile(source)` frees it at the end of the block. */
    [Symbol.dispose](): void;
}

declare global {
    interface SymbolConstructor {
        /**
         * `Symbol.dispose` (ES2025 explicit resource management), declared for projects whose
         * `lib` predates it; Node 20+, Deno, Bun, workerd and current browsers define it.
         */
        readonly dispose: unique symbol;
    }
}

/** Parses, checks and compiles a source text. Throws a HeraldError (with every error's diagnostic) when it has errors. */
export function compile(source: string, options?: CompileOptions): Program;

/** Options of `loadProgram` (of `herald-engine/runtime`). */
export interface LoadOptions {
    /** The file name the program's warnings carry (default `<saved>`). */
    file?: string;
}

/** Segment Spec messages: NDJSON text (a Segment or RudderStack export), or message objects. */
export type SegmentMessages = string | ReadonlyArray<{ [key: string]: Json }>;

export interface SimulationOptions {
    /** Starting profiles, found by `id`: NDJSON text or profile objects. Others start as `{"id": USER}`. */
    profiles?: string | ReadonlyArray<Profile>;
    /** Ticks go on until this instant (default: the latest message plus 30 days). */
    until?: Instant;
}

export interface ReplayOptions extends SimulationOptions {
    /** Add `decisions`: every decision, with `user`, users in order of first appearance. */
    decisions?: boolean;
}

/** One journey's figures in a replay. */
export interface JourneyReplay {
    entries: number;
    sends: Partial<Record<Channel, number>>;
    suppressed: { [reason: string]: number };
    deferred: number;
    exits: { [reason: string]: number };
    cost: Amount;
}

export interface StoppedUser {
    user: string;
    /** `too_many_evaluations`, `invalid_profile`, or the evaluator's error code. */
    code: string;
    message: string;
}

/** What `program.test()` answers: every test of the source, in file order. */
export interface TestReport {
    tests: TestResult[];
    passed: number;
    failed: number;
}

/** One test's result. */
export interface TestResult {
    name: string;
    passed: boolean;
    /** The line of `test "name"` (1-based). */
    line: number;
    /** How many decisions the test's profile received. */
    decisions: number;
    /** Why it failed (absent when it passed). */
    failure?: TestFailure;
}

/** The expectation (or statement) that did not hold. */
export interface TestFailure {
    message: string;
    /** What the expectation asked for, in the test language ("" when a statement failed). */
    expected: string;
    /** What happened, one decision or fact a line, in the test language. */
    actual: string;
    line: number;
    column: number;
    /** Byte offsets into the source. */
    span: { start: number; end: number };
}

/** What `program.replay()` answers (and `herald replay --format json` prints). */
export interface ReplaySummary {
    profiles: number;
    messages: number;
    /** Messages of other types (page, screen, group, alias). */
    skipped: number;
    /** Lines that are not messages; the first ten are in `error_lines`. */
    errors: number;
    error_lines: number[];
    evaluations: number;
    stopped: number;
    stopped_users: StoppedUser[];
    until: Instant | null;
    journeys: { [journey: string]: JourneyReplay };
    total_cost: Amount;
    /** With `decisions: true`. */
    decisions?: Array<Decision & { user: string }>;
}

export interface Change {
    old: number;
    new: number;
    delta: number;
}

export interface CostChange {
    old: Amount;
    new: Amount;
    delta: Amount;
}

/** What `diff()` answers (and `herald diff --format json` prints). */
export interface DiffReport {
    profiles: number;
    messages: number;
    skipped: number;
    errors: number;
    evaluations: Change;
    stopped: Change;
    until: Instant | null;
    journeys: {
        [journey: string]: {
            entries: Change;
            sends: Partial<Record<Channel, Change>>;
            cost: CostChange;
        };
    };
    total_cost: CostChange;
    users_differing: number;
    /** The first ten users whose decisions differ, with the first decision that does (null: none). */
    first_differing: Array<{ user: string; index: number; old: Decision | null; new: Decision | null }>;
}

/**
 * Replays the same messages through two programs and compares them (SPEC §7). Runs in the
 * simulator module, as `program.replay()` does (SimulatorNotLoadedError in browsers until
 * `await loadSimulator()`).
 */
export function diff(
    oldProgram: Program,
    newProgram: Program,
    messages: SegmentMessages,
    options?: SimulationOptions,
): DiffReport;

/** The version of herald inside the package (also the package version). */
export function version(): string;

/** The source has errors; `diagnostics` holds every one. */
export class HeraldError extends Error {
    constructor(message: string, diagnostics?: Diagnostic[]);
    name: 'HeraldError';
    diagnostics: Diagnostic[];
}

/** A request, state or price table is malformed or over a limit; `code` names the problem. */
export class RequestError extends Error {
    constructor(code: RequestErrorCode, message: string, where?: { path?: string | null; line?: number; column?: number });
    name: 'RequestError';
    code: RequestErrorCode;
    /** The JSON path of the offending value (`profile.events[3].time`), or null when the request as a whole is at fault. */
    path: string | null;
    /** For a request given as text (`evaluateJson`): the 1-based line of the error in it. */
    line?: number;
    /** For a request given as text: the 1-based column (in UTF-8 bytes) on that line. */
    column?: number;
}

/** Why a saved program could not be loaded. */
export type LoadErrorCode = 'not_a_program' | 'version_mismatch' | 'corrupt_program' | 'internal';

/** A saved program that cannot be loaded; `code` names why, the message what to do. */
export class LoadError extends Error {
    constructor(code: LoadErrorCode, message: string);
    name: 'LoadError';
    code: LoadErrorCode;
}

/**
 * `program.replay()`, `program.test()` or `diff()` was called before the simulator module was
 * loaded where it cannot be loaded on first use (browsers, which refuse to compile a large
 * WebAssembly module synchronously): call `await loadSimulator()` once before.
 */
export class SimulatorNotLoadedError extends Error {
    constructor();
    name: 'SimulatorNotLoadedError';
    code: 'simulator_not_loaded';
}

/** Anything with an `href` (a `URL`). */
export interface UrlLike {
    readonly href: string;
}

/** A fetch `Response` (or a promise of one) holding the module. */
export interface ResponseLike {
    readonly ok: boolean;
    arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * Where `init()` gets the module from: a URL or path string, a `URL`, a `Response` (or a promise
 * of one), the bytes, or a compiled `WebAssembly.Module` (an opaque object, hence `object`).
 * Without an argument, `herald_bg.wasm` beside the package's JS is fetched.
 */
export type InitInput =
    | string
    | UrlLike
    | ResponseLike
    | PromiseLike<ResponseLike>
    | ArrayBuffer
    | ArrayBufferView
    | object;

/**
 * Instantiates the WebAssembly module. Needed once in browsers and Deno before any other call;
 * a no-op in Node, Bun and Cloudflare Workers, which instantiate while the package loads.
 * Concurrent and repeated calls share one instance.
 */
export function init(input?: InitInput): Promise<void>;

/** Instantiates synchronously from bytes or a compiled `WebAssembly.Module` (no-op where `init` is). */
export function initSync(module?: ArrayBuffer | ArrayBufferView | object): void;

/**
 * Loads the simulator module (`herald_sim_bg.wasm`: `program.replay()`, `program.test()` and
 * `diff()` run in it; the main module has none of it). Needed once in browsers before those
 * calls, which then stay synchronous. In Node, Bun, Deno and Cloudflare Workers the module loads
 * by itself on the first of those calls, and this only loads it ahead (its argument ignored in
 * Node, Bun and workerd). `input`: as `init()` takes it (a URL or path, a `Response`, bytes, a
 * compiled `WebAssembly.Module`, e.g. `import simWasm from 'herald-engine/simulator.wasm'`);
 * without it, `herald_sim_bg.wasm` beside the package's JS is fetched. Concurrent and repeated
 * calls share one instance.
 */
export function loadSimulator(input?: InitInput): Promise<void>;

/** Loads the simulator module synchronously from bytes or a compiled `WebAssembly.Module` (no-op where it loads by itself). */
export function loadSimulatorSync(module: ArrayBuffer | ArrayBufferView | object): void;

export default init;
