// Sources and expectations shared by the runtime tests (Node, Deno, workerd, Chromium), so each
// runtime is held to the same answers. Kept free of runtime APIs: any ES module host imports it.

export const validSource = `journey "welcome" {
  when event "Signed Up"
  send sms "Hi!"
}
`;

/** An unterminated string on line 2, after a 2-byte character: byte and UTF-16 spans differ. */
export const invalidSource = 'journey "é" {\n  send sms "oops\n}\n';

/** A journey that sends an SMS (priced for the US) and waits: exercises the whole evaluator. */
export const journeySource = `policy {
  quiet hours 21:00 to 08:00
  timezone "America/New_York"
}

journey "cart" {
  when event "Cart Abandoned" where event.value >= 50
  audience profile.country in ["US", "CA"]
  if count(event "Product Viewed" within 1 day) > 1 {
    send sms "Hi {{profile.first_name ?? "there"}}, your cart: {{event.url}}"
  } else {
    send email template "cart"
  }
  wait 1 hour
  send push "Still there?" fallback email template "reminder"
}
`;

/** A request for journeySource: two counted views (sms branch), unread traits, other events. */
export const journeyRequest = {
    now: '2026-03-08T14:00:00Z',
    profile: {
        id: 'u_1', country: 'US', first_name: 'Ana', phone: '+14155550100', email: 'ana@example.com',
        timezone: 'America/Chicago', subscriptions: { sms: 'subscribed' }, loyalty: { tier: 'gold', points: 1200 },
        events: [
            { name: 'Product Viewed', time: '2026-03-08T13:00:00Z', properties: { sku: 'A1' } },
            { name: 'Page Viewed', time: '2026-03-08T13:10:00Z', properties: { path: '/' } },
            { name: 'Product Viewed', time: '2026-03-08T13:20:00Z' },
        ],
    },
    event: { name: 'Cart Abandoned', time: '2026-03-08T13:59:00Z', properties: { value: 80, url: 'https://shop.example/c/1' } },
};

/** The program's own price table (so the answers do not move with the built-in one). */
export const journeyPrices = {
    currency: 'USD',
    channels: { sms: { default: 0.01, US: 0.0079 }, email: { default: 0.001 }, push: { default: 0.0001 } },
    carrier_fees: { sms: { US: 0.003 } },
};

/** The exact response text to journeyRequest (the same in every runtime, byte for byte). */
export const journeyResponse = '{"decisions":[{"journey":"cart","step":null,"action":"enter","at":"2026-03-08T14:00:00Z"},'
    + '{"journey":"cart","step":"1.then.1","action":"send","channel":"sms","to":"+14155550100",'
    + '"content":"Hi Ana, your cart: https://shop.example/c/1","template":null,"country":"US",'
    + '"cost":{"amount":"0.0109","micros":10900,"currency":"USD","units":1,"unit":"segment","encoding":"GSM-7"},'
    + '"idempotency_key":"hk1_a0c0dd1a25c583698e4298d01c1d88d1","at":"2026-03-08T14:00:00Z"}],'
    + '"state":{"version":4,"journeys":{"cart":{"last_entry":"2026-03-08T14:00:00Z","run":{"step":"2","waiting":"wait",'
    + '"until":"2026-03-08T15:00:00Z","entered":"2026-03-08T14:00:00Z","spent_micros":10900,'
    + '"event":{"name":"Cart Abandoned","time":"2026-03-08T13:59:00Z","properties":{"url":"https://shop.example/c/1","value":80}},"fingerprint":"e074b57130f9147d"}}},'
    + '"sends":[]},"wake_at":"2026-03-08T15:00:00Z","total_cost":{"amount":"0.0109","micros":10900,"currency":"USD"}}';

/** The evaluation checks every runtime must pass; returns failure messages (empty = pass). */
export function evaluationChecks(api) {
    const failures = [];
    const expect = (ok, what) => {
        if (!ok) failures.push(what);
    };
    const program = api.compile(journeySource, { file: 'cart.herald', prices: journeyPrices });
    try {
        expect(program instanceof api.Program, 'compile() returns a Program');
        expect(JSON.stringify(program.journeyIds()) === '["cart"]', `journeyIds: ${JSON.stringify(program.journeyIds())}`);
        const text = program.evaluateJson(JSON.stringify(journeyRequest));
        expect(text === journeyResponse, `evaluateJson: ${text}`);
        const response = program.evaluate(journeyRequest);
        expect(JSON.stringify(response) === journeyResponse, `evaluate: ${JSON.stringify(response)}`);
        const many = program.evaluateMany([journeyRequest, { now: 'soon', profile: { id: 'u' } }, journeyRequest]);
        expect(many.length === 3 && JSON.stringify(many[0]) === journeyResponse && JSON.stringify(many[2]) === journeyResponse,
            `evaluateMany: ${JSON.stringify(many).slice(0, 200)}`);
        expect(many[1]?.error?.code === 'invalid_request', `evaluateMany error entry: ${JSON.stringify(many[1])}`);
        // The tick an hour later: the push has no address, the email fallback sends.
        const tick = program.evaluate({ now: '2026-03-08T15:00:00Z', profile: journeyRequest.profile, state: response.state });
        const actions = tick.decisions.map((d) => `${d.action}:${d.channel ?? d.reason}`).join(' ');
        expect(actions === 'suppress:push send:email exit:completed', `tick: ${actions}`);
        let requestError;
        try {
            program.evaluateJson('{"now": 1}');
        } catch (e) {
            requestError = e;
        }
        expect(requestError instanceof api.RequestError && requestError.code === 'invalid_request',
            `evaluateJson of a bad request threw ${requestError}`);
        const analysis = program.analyze({ country: 'US' });
        const journey = analysis.journeys[0];
        expect(journey?.id === 'cart' && journey.max_messages === 2 && journey.worst_case_cost.micros > 0
            && journey.nodes.length > 0 && journey.edges.length > 0, `analyze: ${JSON.stringify(analysis).slice(0, 200)}`);
    } finally {
        program.free();
    }
    let heraldError;
    try {
        api.compile('journey "x" {\n  when event "a"\n  send smss "hi"\n}\n', { file: 'bad.herald' });
    } catch (e) {
        heraldError = e;
    }
    expect(heraldError instanceof api.HeraldError && heraldError.diagnostics.some((d) => d.code === 'E0102'
        && d.file === 'bad.herald'), `compile of a bad source threw ${heraldError}`);
    const formatted = api.format('journey "w"{\nwhen event "a"\n     send sms "x"}');
    expect(formatted === 'journey "w" {\n  when event "a"\n\n  send sms "x"\n}\n', `format: ${JSON.stringify(formatted)}`);
    return failures;
}

/** Runs the checks every runtime must pass; returns a list of failure messages (empty = pass). */
export function commonChecks(api, expectedVersion) {
    const failures = [];
    const expect = (ok, what) => {
        if (!ok) failures.push(what);
    };
    expect(api.version() === expectedVersion, `version() is ${api.version()}, expected ${expectedVersion}`);

    const none = api.check(validSource);
    expect(Array.isArray(none) && none.length === 0, `check(valid) = ${JSON.stringify(none)}`);

    const diags = api.check(invalidSource, { file: 'bad.herald' });
    const d = diags[0];
    expect(diags.length >= 1, 'check(invalid) returned no diagnostic');
    if (d) {
        expect(d.file === 'bad.herald', `file is ${d.file}`);
        expect(d.severity === 'error', `severity is ${d.severity}`);
        expect(d.code === 'E0101', `code is ${d.code}`);
        expect(d.message === 'unterminated string', `message is ${d.message}`);
        expect(d.line === 2 && d.column === 12, `line:column is ${d.line}:${d.column}`);
        expect(d.span.start === 26 && d.span.end === 31, `span is ${JSON.stringify(d.span)}`);
        // "é" is 2 bytes in UTF-8 but 1 UTF-16 unit, and it comes before the error.
        expect(d.span_utf16.start === 25 && d.span_utf16.end === 30, `span_utf16 is ${JSON.stringify(d.span_utf16)}`);
        expect(invalidSource.slice(d.span_utf16.start, d.span_utf16.end) === '"oops', 'span_utf16 indexes the JS string');
        expect(typeof d.help === 'string' && d.help.length > 0, `help is ${d.help}`);
    }

    // A checker diagnostic with a suggestion (SPEC §4's example).
    const typo = api.check('journey "x" {\n  when event "a"\n  send smss "hi"\n}\n', { file: 'a.herald' });
    const channel = typo.find((x) => x.code === 'E0102');
    expect(channel !== undefined && channel.message === 'unknown channel `smss`' && channel.help === 'did you mean `sms`?'
        && channel.line === 3 && channel.column === 8, `unknown channel: ${JSON.stringify(typo)}`);

    const segments = [
        ['Hello', { encoding: 'GSM-7', segments: 1, units: 5 }],
        ['{'.repeat(80), { encoding: 'GSM-7', segments: 1, units: 160 }],
        ['a'.repeat(161), { encoding: 'GSM-7', segments: 2, units: 161 }],
        ['Hi 🎉', { encoding: 'UCS-2', segments: 1, units: 5 }],
        ['🎉'.repeat(35), { encoding: 'UCS-2', segments: 1, units: 70 }],
        ['🎉'.repeat(36), { encoding: 'UCS-2', segments: 2, units: 72 }],
    ];
    for (const [text, want] of segments) {
        const got = api.smsSegments(text);
        expect(JSON.stringify(got) === JSON.stringify(want), `smsSegments(${text.slice(0, 12)}…) = ${JSON.stringify(got)}`);
    }

    const deep = api.check('('.repeat(100000));
    expect(deep.length === 1 && deep[0].code === 'E0003', `deep nesting: ${JSON.stringify(deep)}`);

    let typeError;
    try {
        api.check(42);
    } catch (e) {
        typeError = e;
    }
    expect(typeError instanceof TypeError, `check(42) threw ${typeError}`);

    const error = new api.HeraldError('E0100: boom', [d]);
    expect(error instanceof Error && error.name === 'HeraldError' && error.diagnostics[0] === d, 'HeraldError shape');
    const requestError = new api.RequestError('invalid_json', 'bad');
    expect(requestError instanceof Error && requestError.code === 'invalid_json', 'RequestError shape');
    failures.push(...evaluationChecks(api));
    return failures;
}

/** The bytes of a base64 text (atob exists in every runtime the package supports). */
export function fromBase64(text) {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
}

/**
 * The checks of the runtime-only entry (`herald-engine/runtime`), given `saved`: journeySource
 * compiled with journeyPrices and saved (`program.save()`) by the main entry. Returns failure
 * messages (empty = pass).
 */
export function runtimeChecks(runtime, saved, expectedVersion) {
    const failures = [];
    const expect = (ok, what) => {
        if (!ok) failures.push(what);
    };
    expect(runtime.version() === expectedVersion, `runtime version() is ${runtime.version()}`);
    for (const name of ['compile', 'check', 'format', 'diff']) {
        expect(!(name in runtime), `the runtime entry has no ${name}()`);
    }
    const program = runtime.loadProgram(saved, { file: 'cart.hbc' });
    try {
        expect(program instanceof runtime.Program, 'loadProgram() returns a Program');
        expect(typeof program.analyze === 'undefined' && typeof program.save === 'undefined', 'no analyze/save at run time');
        expect(JSON.stringify(program.journeyIds()) === '["cart"]', `journeyIds: ${JSON.stringify(program.journeyIds())}`);
        const text = program.evaluateJson(JSON.stringify(journeyRequest));
        expect(text === journeyResponse, `runtime evaluateJson: ${text}`);
        const response = program.evaluate(journeyRequest);
        expect(JSON.stringify(response) === journeyResponse, `runtime evaluate: ${JSON.stringify(response)}`);
        const many = program.evaluateMany([journeyRequest, null, journeyRequest]);
        expect(many.length === 3 && JSON.stringify(many[2]) === journeyResponse && many[1]?.error?.code === 'invalid_request',
            `runtime evaluateMany: ${JSON.stringify(many).slice(0, 200)}`);
        const tick = program.evaluate({ now: '2026-03-08T15:00:00Z', profile: journeyRequest.profile, state: response.state });
        const actions = tick.decisions.map((d) => `${d.action}:${d.channel ?? d.reason}`).join(' ');
        expect(actions === 'suppress:push send:email exit:completed', `runtime tick: ${actions}`);
        let requestError;
        try {
            program.evaluateJson('{"now": 1}');
        } catch (e) {
            requestError = e;
        }
        expect(requestError instanceof runtime.RequestError && requestError.code === 'invalid_request',
            `runtime evaluateJson of a bad request threw ${requestError}`);
    } finally {
        program.free();
    }
    // An ArrayBuffer loads too.
    const copy = saved.slice().buffer;
    runtime.loadProgram(copy).free();
    const loadError = (bytes) => {
        try {
            runtime.loadProgram(bytes).free();
            return 'loaded';
        } catch (e) {
            return e instanceof runtime.LoadError ? `${e.code}: ${e.message}` : `not a LoadError: ${e}`;
        }
    };
    const notProgram = loadError(new TextEncoder().encode(journeySource));
    expect(notProgram.startsWith('not_a_program: '), `source text: ${notProgram}`);
    const truncated = loadError(saved.subarray(0, saved.length - 3));
    expect(truncated.startsWith('corrupt_program: ') && truncated.includes('truncated'), `truncated: ${truncated}`);
    const flipped = saved.slice();
    flipped[saved.length - 10] ^= 0x20;
    const corrupt = loadError(flipped);
    expect(corrupt.startsWith('corrupt_program: ') && corrupt.includes('checksum'), `flipped byte: ${corrupt}`);
    const otherFormat = saved.slice();
    otherFormat[8] += 1;
    const version = loadError(otherFormat);
    expect(version.startsWith('version_mismatch: ') && version.includes('herald build'), `other format: ${version}`);
    let typeError;
    try {
        runtime.loadProgram('cart.hbc');
    } catch (e) {
        typeError = e;
    }
    expect(typeError instanceof TypeError, `loadProgram(string) threw ${typeError}`);
    const sms = runtime.smsSegments('Hi 🎉');
    expect(JSON.stringify(sms) === '{"encoding":"UCS-2","segments":1,"units":5}', `runtime smsSegments: ${JSON.stringify(sms)}`);
    return failures;
}

// ---- The simulator module (replay, test, diff: branch `lazysim`) ------------------------------

/** Segment messages for journeySource: a qualifying cart, a profile update, a tick later on. */
export const replayMessages = [
    { type: 'identify', userId: 'u_1', traits: { country: 'US', first_name: 'Ana', phone: '+14155550100', email: 'ana@example.com' }, timestamp: '2026-03-08T13:00:00Z' },
    { type: 'track', userId: 'u_1', event: 'Product Viewed', timestamp: '2026-03-08T13:10:00Z' },
    { type: 'track', userId: 'u_1', event: 'Product Viewed', timestamp: '2026-03-08T13:20:00Z' },
    { type: 'track', userId: 'u_1', event: 'Cart Abandoned', properties: { value: 80, url: 'https://shop.example/c/1' }, timestamp: '2026-03-08T14:00:00Z' },
    { type: 'track', userId: 'u_2', event: 'Cart Abandoned', properties: { value: 20 }, timestamp: '2026-03-08T14:05:00Z' },
];

/** Starting profiles for the replay (the sms consent is not in the messages). */
export const replayProfiles = [{ id: 'u_1', subscriptions: { sms: 'subscribed' }, timezone: 'America/Chicago' }];

/** Tests (docs/testing.md) of journeySource: one passes, one fails. */
export const journeyTests = `test "an sms for a viewed cart" {
  at "2026-03-08T14:00:00Z"
  profile { country "US" phone "+14155550100" subscriptions { sms "subscribed" } }
  event "Product Viewed"
  event "Product Viewed"
  event "Cart Abandoned" { value 80 url "https://shop.example/c/1" }
  expect send sms
}

test "an email instead" {
  at "2026-03-08T14:00:00Z"
  profile { country "US" email "ana@example.com" }
  event "Cart Abandoned" { value 80 url "https://shop.example/c/1" }
  expect send push
}
`;

/**
 * The simulator's answers to journeySource (replay with its decisions, test, diff against a
 * two-hour wait, a test file that does not parse) as one JSON text: every runtime must give the
 * Node entry's, byte for byte (the Node entry's are the CLI's: simulation.test.mjs,
 * testing.test.mjs, diff-cli.test.mjs).
 */
export function simulatorAnswers(api) {
    const program = api.compile(journeySource, { file: 'cart.herald', prices: journeyPrices });
    const later = api.compile(journeySource.replace('wait 1 hour', 'wait 2 hours'), { file: 'cart.herald', prices: journeyPrices });
    try {
        const replay = program.replay(replayMessages, { profiles: replayProfiles, decisions: true });
        const tests = program.test(journeyTests);
        const diff = api.diff(program, later, replayMessages, { profiles: replayProfiles });
        let unparsed;
        try {
            program.test('test "x" {');
            unparsed = 'no error';
        } catch (e) {
            unparsed = e instanceof api.HeraldError ? `HeraldError ${e.diagnostics.map((d) => d.code).join(',')}` : `not a HeraldError: ${e}`;
        }
        return JSON.stringify({ replay, tests, diff, unparsed });
    } finally {
        program.free();
        later.free();
    }
}

/**
 * Where the simulator module loads on first use (Node, Bun, Deno, workerd): the simulator's
 * answers, with no call to load it first. Returns { failures, answers }.
 */
export function simulatorChecks(api) {
    const failures = [];
    let answers = '';
    try {
        answers = simulatorAnswers(api);
        const { replay, tests } = JSON.parse(answers);
        if (replay.journeys?.cart?.entries !== 1) failures.push(`replay: ${JSON.stringify(replay).slice(0, 200)}`);
        if (tests.passed !== 1 || tests.failed !== 1) failures.push(`test: ${JSON.stringify(tests).slice(0, 200)}`);
    } catch (e) {
        failures.push(`the simulator on first use threw ${e && e.stack || e}`);
    }
    return { failures, answers };
}
