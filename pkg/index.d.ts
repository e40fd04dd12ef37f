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
    constructor(code: string, message: string);
    name: 'RequestError';
    code: string;
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

export default init;
