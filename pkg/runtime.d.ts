// Types of `herald-engine/runtime`: evaluation of programs saved by `herald build` or
// `program.save()`, without the compiler (docs/wasm.md, "The runtime-only entry"). The shapes
// are the main entry's (index.d.ts); the Program here has its evaluation methods only.
import type {
    Diagnostic,
    EvaluationError,
    HeraldRequest,
    HeraldResponse,
    InitInput,
    LoadOptions,
    Profile,
    ProfileFields,
    Program as CompiledProgram,
    Reads,
    SmsSegments,
} from './index.js';

export type * from './index.js';
export { LoadError, RequestError } from './index.js';

/**
 * A saved program, loaded: immutable, evaluate as many requests with it as you like. The same
 * evaluation methods as the main entry's Program (no `save`, `analyze` or `replay`).
 */
export class Program {
    private constructor();
    /** One request → its response. Throws a RequestError. */
    evaluate<P extends ProfileFields = Profile>(request: HeraldRequest<P>): HeraldResponse;
    /** Many requests in one crossing: a response, or `{ error }`, per request, in order. */
    evaluateMany<P extends ProfileFields = Profile>(
        requests: ReadonlyArray<HeraldRequest<P> | null | undefined>,
    ): Array<HeraldResponse | EvaluationError>;
    /** A request as JSON text → the response as JSON text. Throws a RequestError. */
    evaluateJson(request: string): string;
    /** The journey ids, in file order. */
    journeyIds(): ReturnType<CompiledProgram['journeyIds']>;
    /** The checker's warnings for the source (saved with the program). */
    warnings(): Diagnostic[];
    /** What evaluation reads from a profile. */
    reads(): Reads;
    /** Releases the program's memory; using it afterwards throws. Calling it again does nothing. */
    free(): void;
    /** The same as `free()`. */
    [Symbol.dispose](): void;
}

/**
 * A program saved by `herald build FILE -o FILE.hbc` or `program.save()`, of this same version of
 * herald. Throws a LoadError (`not_a_program`, `version_mismatch`, `corrupt_program`).
 */
export function loadProgram(bytes: Uint8Array | ArrayBuffer, options?: LoadOptions): Program;

/** How an SMS body travels: `{ encoding, segments, units }`. */
export function smsSegments(text: string): SmsSegments;

/** The version of herald inside the package; a saved program loads only in the same version. */
export function version(): string;

/**
 * Instantiates the runtime module. Needed once in browsers and Deno before any other call; a
 * no-op in Node, Bun and Cloudflare Workers, which instantiate while the entry loads.
 */
export function init(input?: InitInput): Promise<void>;

/** Instantiates synchronously from bytes or a compiled `WebAssembly.Module`. */
export function initSync(module?: ArrayBuffer | ArrayBufferView | object): void;

export default init;
