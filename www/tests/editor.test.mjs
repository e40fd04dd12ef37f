// End-to-end tests of the journey editor in headless Chromium (Debian's, driven by
// playwright-core): the built site (www/dist) served on 127.0.0.1, used as a marketer would,
// by mouse and keyboard. Screenshots go to www/test-artifacts/ (git-ignored); so does the check
// time of a 300-line journey (docs/editor.md quotes it).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../scripts/serve.mjs';

const www = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(www, 'test-artifacts');
mkdirSync(artifacts, { recursive: true });

function chromiumPath() {
    try {
        return execFileSync('which', ['chromium']).toString().trim();
    } catch {
        return undefined;
    }
}

const LAPTOP = { width: 1440, height: 900 };
const TABLET = { width: 820, height: 1180 };

let browser;
let server;

const skip = process.env.HERALD_SKIP_CHROMIUM === '1' ? 'HERALD_SKIP_CHROMIUM=1' : false;

before(async () => {
    if (skip) return;
    const executablePath = chromiumPath();
    assert.ok(executablePath, 'chromium is not installed: run scripts/setup-chromium.sh');
    server = await serve(join(www, 'dist'));
    browser = await chromium.launch({
        executablePath,
        headless: true,
        timeout: 60_000,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
});

after(async () => {
    await browser?.close();
    await server?.close();
});

/** A fresh page (empty localStorage) at `hash`, ready; `problems` collects console errors. */
async function open(t, { viewport = LAPTOP, hash = '' } = {}) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    t.after(async () => {
        await context.close();
        assert.deepEqual(problems, [], 'no console errors or warnings');
    });
    await page.goto(`${server.url}/${hash}`);
    await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
    return page;
}

const editorText = (page) => page.evaluate(() => [...document.querySelectorAll('[data-testid=editor] .cm-line')].map((line) => line.textContent).join('\n'));

/** Puts the cursor at the start of the text of the first line holding `text`. */
async function cursorToLine(page, text) {
    await page.locator('[data-testid=editor] .cm-line', { hasText: text }).first().click();
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
}

async function pickExample(page, name) {
    await page.getByTestId('examples').selectOption(name);
    await page.waitForFunction((n) => document.querySelector('[data-testid=editor]').textContent.includes(n), name === 'otp' ? 'journey "otp"' : '');
}

describe('the journey editor', { skip }, () => {
    test('loads with an example, its graph, no problems and its cost', async (t) => {
        const page = await open(t);
        assert.match(await editorText(page), /journey "cart-abandonment"/);
        await page.getByTestId('diagnostics').getByText('No problems').waitFor();
        const nodes = page.locator('[data-testid=graph] g.node');
        assert.equal(await nodes.count(), 11);
        // A send shows its channels and its worst case.
        const send = page.locator('[data-testid=graph] g.node[data-node="2.then.1"]');
        assert.match(await send.textContent(), /SMS.*up to \$0\.\d+/);
        await page.getByRole('tab', { name: 'Cost' }).click();
        const cost = page.getByTestId('cost');
        await cost.getByText('Worst case per run').waitFor();
        assert.match(await cost.textContent(), /as of \d{4}-\d{2}-\d{2}, in USD/);
        assert.match(await cost.textContent(), /For 10,000 profiles/);
        await page.screenshot({ path: join(artifacts, 'laptop-cost.png') });
    });

    test('picks an example from the menu', async (t) => {
        const page = await open(t);
        await pickExample(page, 'otp');
        assert.match(await editorText(page), /fallback voice/);
        await page.locator('[data-testid=graph] g.node.kind-send').first().waitFor();
        const firstSend = await page.locator('[data-testid=graph] g.node.kind-send').first().textContent();
        assert.match(firstSend, /SMS.*Voice.*WhatsApp/);
        // The sample event follows the example's trigger.
        assert.match(await page.getByTestId('event').inputValue(), /"OTP Requested"/);
    });

    test('a typo shows its diagnostic at its line, and the quick fix mends it', async (t) => {
        const page = await open(t, { hash: '#example=otp' });
        const lines = (await editorText(page)).split('\n');
        const line = lines.findIndex((l) => l.includes('send sms "Your code is')) + 1;
        assert.ok(line > 0);
        await page.locator('[data-testid=editor] .cm-line', { hasText: 'send sms "Your code is' }).getByText('sms', { exact: true }).dblclick();
        await page.keyboard.type('smss');
        await page.keyboard.press('Escape');
        const problem = page.locator('[data-testid=diagnostics] li.problem[data-code=E0102]');
        await problem.waitFor();
        assert.equal(await problem.getAttribute('data-line'), String(line));
        assert.match(await problem.textContent(), /unknown channel `smss`/);
        assert.match(await problem.textContent(), /did you mean `sms`\?/);
        // Underlined in the code and marked in the gutter.
        await page.locator('[data-testid=editor] .cm-lintRange-error').first().waitFor();
        await page.locator('[data-testid=editor] .cm-lint-marker-error').first().waitFor();
        // Hovering the underline shows the message, the help and the quick fix.
        await page.locator('[data-testid=editor] .cm-lintRange-error').first().hover();
        const tooltip = page.locator('.cm-tooltip-lint');
        await tooltip.getByText('did you mean `sms`?').waitFor();
        await tooltip.getByRole('button', { name: 'Change to sms' }).waitFor();
        await page.screenshot({ path: join(artifacts, 'laptop-diagnostic.png') });
        await page.mouse.move(0, 0);

        await problem.getByRole('button', { name: 'Change to sms' }).click();
        await page.getByTestId('diagnostics').getByText('No problems').waitFor();
        assert.match(await editorText(page), /send sms "Your code is/);
        assert.doesNotMatch(await editorText(page), /smss/);
    });

    test('the inspector shows each language of a message with its segments', async (t) => {
        const page = await open(t, { hash: '#example=localized_cart' });
        await page.locator('[data-testid=graph] g.node[data-node="2"]').click();
        const list = page.locator('#step-panel').getByRole('list', { name: 'Cost of each language' });
        await list.waitFor();
        const items = await list.getByRole('listitem').allTextContents();
        // English and Spanish fit one GSM-7 segment; Portuguese needs UCS-2 and two, the dearest.
        assert.ok(items.some((t) => /^sms en: 1 segment · GSM-7 · /.test(t)), items.join('\n'));
        assert.ok(items.some((t) => /^sms es: 1 segment · GSM-7 · /.test(t)), items.join('\n'));
        assert.ok(items.some((t) => /^sms pt-BR: 2 segments · UCS-2 · .*\(dearest\)$/.test(t)), items.join('\n'));
        assert.ok(items.some((t) => /^email pt-BR: /.test(t)), items.join('\n'));
        // Its text lives in the message item: nothing to apply here.
        await page.locator('#step-panel').getByText('edit its text in the `message` item').waitFor();
        assert.equal(await page.locator('#step-panel').getByRole('button', { name: 'Apply to journey' }).count(), 0);
        await page.screenshot({ path: join(artifacts, 'laptop-message-variants.png') });
    });

    test('the node inspector changes a send\'s text in the source', async (t) => {
        const page = await open(t, { hash: '#example=cart_abandonment' });
        await page.locator('[data-testid=graph] g.node[data-node="2.else.1"]').click();
        const panel = page.locator('#step-panel');
        await panel.getByRole('heading', { name: /Send Push → Email/ }).waitFor();
        const text = panel.locator('[data-field=text-0]');
        assert.equal(await text.inputValue(), 'Your cart misses you');
        await text.fill('Your cart is "still" here');
        await panel.getByRole('button', { name: 'Apply to journey' }).click();
        await page.waitForFunction(() => document.querySelector('[data-testid=editor]').textContent.includes('still'));
        const source = await editorText(page);
        assert.match(source, /send push "Your cart is \\"still\\" here" fallback email template "cart_reminder"/);
        assert.doesNotMatch(source, /Your cart misses you/);
        await page.getByTestId('diagnostics').getByText('No problems').waitFor();
        await page.screenshot({ path: join(artifacts, 'laptop-inspector.png') });

        // A split's percentages, kept adding up to 100.
        await page.locator('[data-testid=graph] g.node.kind-split').click();
        await panel.locator('[data-field=percent-0]').fill('70');
        await panel.locator('[data-field=percent-1]').fill('30');
        await panel.getByRole('button', { name: 'Apply to journey' }).click();
        await page.waitForFunction(() => document.querySelector('[data-testid=editor]').textContent.includes('70%'));
        assert.match(await editorText(page), /70% \{ send sms "Last chance/);
        assert.match(await editorText(page), /30% \{ stop \}/);
    });

    test('Run shows send decisions with content, country and cost', async (t) => {
        const page = await open(t, { hash: '#example=order_updates' });
        await page.getByTestId('event').fill(JSON.stringify({ name: 'Order Shipped', properties: { order_id: 'A-1001', tracking_url: 'https://t.example/1' } }));
        const profile = JSON.parse(await page.getByTestId('profile').inputValue());
        profile.preferred_channel = 'sms';
        await page.getByTestId('profile').fill(JSON.stringify(profile, null, 2));
        await page.getByTestId('now').fill('2026-03-09T15:00:00Z');
        await page.getByTestId('run').click();
        const decisions = page.getByTestId('decisions');
        const send = decisions.locator('.decision.send').first();
        await send.waitFor();
        const text = await send.textContent();
        assert.match(text, /SMS/);
        assert.match(text, /\$0\.\d{4}/);
        assert.match(text, /to \+14155550100 · US/);
        assert.match(text, /Order A-1001 has shipped: https:\/\/t\.example\/1/);
        assert.match(await decisions.textContent(), /Cost of this run: \$0\.\d+/);
        // The explain trace, in words.
        await decisions.getByText(/Why: every check/).click();
        assert.match(await decisions.locator('.trace-list').textContent(), /Consent/);

        // Without consent: the send is suppressed, with the reason in words.
        profile.subscriptions = { sms: 'unsubscribed' };
        profile.email = null;
        await page.getByTestId('profile').fill(JSON.stringify(profile, null, 2));
        await page.getByTestId('run').click();
        await decisions.locator('.decision.suppress').first().waitFor();
        assert.match(await decisions.locator('.decision.suppress').first().textContent(), /Because the profile has not agreed to sms messages/);
        await page.screenshot({ path: join(artifacts, 'laptop-run.png') });

        // A broken input is named, and nothing runs.
        await page.getByTestId('profile').fill('{ "id": "u_1", }');
        await page.getByTestId('run').click();
        await page.locator('#profile-error').getByText(/not valid JSON: line 1/).waitFor();
        assert.equal(await page.getByTestId('profile').getAttribute('aria-invalid'), 'true');
    });

    test('Run tests runs the file\'s test blocks: results, expected and actual, the line', async (t) => {
        const source = `journey "welcome" {
  when event "Signed Up"
  wait 1 hour
  send sms "Welcome!"
}

test "an sms an hour later" {
  at "2026-03-02T15:00:00Z"
  profile { id "ana" phone "+14155550100" subscriptions { sms "subscribed" } }
  event "Signed Up"
  after 1 hour
  expect send sms content "Welcome!" cost $0.0125
}

test "the wrong channel" {
  at "2026-03-02T15:00:00Z"
  profile { id "ben" phone "+14155550100" subscriptions { sms "subscribed" } }
  event "Signed Up"
  after 1 hour
  expect send email
}
`;
        const page = await open(t, { hash: `#j=${Buffer.from(source).toString('base64url')}` });
        // The simulator module (where tests run) is fetched by the first Run tests, not before.
        const simulatorFetched = () => page.evaluate(() => performance.getEntriesByType('resource').some((e) => /herald_sim_bg/.test(e.name)));
        await page.waitForFunction(() => document.querySelector('[data-testid=editor]').textContent.includes('the wrong channel'));
        // check knows test blocks: no problems.
        await page.locator('#check-summary', { hasText: 'No problems' }).waitFor();
        assert.equal(await simulatorFetched(), false, 'the simulator module is not fetched before Run tests');
        await page.getByTestId('run-tests').click();
        const results = page.getByTestId('test-results');
        await results.getByTestId('test-summary').waitFor();
        assert.equal(await results.getByTestId('test-summary').textContent(), '✗ 1 passed, 1 failed');
        assert.equal(await simulatorFetched(), true, 'Run tests fetched the simulator module');
        const items = results.locator('.test-result');
        assert.equal(await items.count(), 2);
        assert.match(await items.nth(0).textContent(), /✓ ok an sms an hour later/);
        const failed = items.nth(1);
        assert.match(await failed.textContent(), /✗ FAILED the wrong channel/);
        assert.equal(await failed.locator('.test-expected').textContent(), 'expected: send email');
        assert.match(await failed.locator('.test-actual').textContent(), /actual: {3}send sms journey "welcome" to "\+14155550100" content "Welcome!" cost \$0\.0125/);
        await page.screenshot({ path: join(artifacts, 'laptop-run-tests.png') });
        // The line link selects the expectation in the code.
        await failed.getByRole('button', { name: 'Line 20:3' }).click();
        const selected = await page.evaluate(() => window.getSelection().toString());
        assert.equal(selected, 'expect send email');

        // Fixed, every test passes.
        await cursorToLine(page, 'expect send email');
        await page.keyboard.press('Shift+End');
        await page.keyboard.insertText('expect send sms');
        await page.waitForFunction(() => document.querySelector('#check-summary').dataset.checkedTail?.includes('expect send sms\n}'));
        await page.getByTestId('run-tests').click();
        await results.getByText('✓ 2 passed, 0 failed').waitFor();
    });

    test('Simulate moves the clock through the waits until the journey rests', async (t) => {
        const page = await open(t, { hash: '#example=cart_abandonment' });
        await page.getByTestId('simulate').click();
        const timeline = page.getByTestId('timeline');
        await timeline.locator('.timeline-step').first().waitFor();
        const steps = timeline.locator('.timeline-step');
        assert.ok(await steps.count() >= 3, 'the trigger, the tick after `wait 1 hour`, the timeout two days later');
        assert.match(await steps.nth(0).textContent(), /Event “Cart Abandoned” arrives.*Entered/);
        assert.match(await steps.nth(1).textContent(), /1 h later.*tick.*Send/);
        assert.match(await steps.nth(1).textContent(), /State after: cart-abandonment: waiting at step 3/);
        assert.match(await timeline.textContent(), /the journey rests/);
        await page.screenshot({ path: join(artifacts, 'laptop-simulate.png') });
    });

    test('completion offers the sample\'s fields, hover explains words', async (t) => {
        const page = await open(t, { hash: '#example=cart_abandonment' });
        await cursorToLine(page, 'wait 1 hour');
        await page.keyboard.press('End');
        await page.keyboard.press('Enter');
        await page.keyboard.type('if profile.fi');
        const option = page.locator('.cm-tooltip-autocomplete li', { hasText: 'first_name' });
        await option.waitFor();
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+z');
        await page.locator('[data-testid=editor] .cm-line', { hasText: 'budget $0.05 per entry' }).getByText('budget').hover();
        await page.locator('.hover-docs').getByText(/cost ceiling of one run/).waitFor();
    });

    test('Format lays the journey out as herald fmt does', async (t) => {
        const page = await open(t, { hash: '#example=order_updates' });
        await cursorToLine(page, 'reentry always');
        await page.keyboard.type('      ');
        assert.match(await editorText(page), / {8}reentry always/);
        await page.getByRole('button', { name: 'Format' }).click();
        await page.waitForFunction(() => !/ {8}reentry always/.test(document.querySelector('[data-testid=editor]').textContent));
        assert.match(await editorText(page), /^ {2}reentry always$/m);
        await page.locator('#status').getByText('Formatted.').waitFor();
    });

    test('the SMS under the cursor shows its segments and price', async (t) => {
        const page = await open(t, { hash: '#example=cart_abandonment' });
        await page.locator('[data-testid=editor] .cm-line', { hasText: 'Last chance' }).getByText('Last chance').click();
        await page.waitForFunction(() => /SMS: 1 segment/.test(document.querySelector('#sms-status').textContent));
        assert.match(await page.locator('#sms-status').textContent(), /GSM-7 · 32 septets · ≈ \$0\.\d+ to US/);
    });

    test('the draft survives a reload; a share link carries the journey', async (t) => {
        const page = await open(t, { hash: '#example=welcome' });
        await cursorToLine(page, '# Welcome series');
        await page.keyboard.type('# my draft\n');
        await page.waitForTimeout(400);
        await page.goto(`${server.url}/`);
        await page.waitForSelector('body[data-ready=true]');
        assert.match(await editorText(page), /# my draft/);

        await page.getByRole('button', { name: 'Copy share link' }).click();
        await page.waitForFunction(() => location.hash.startsWith('#z='));
        const link = await page.evaluate(() => location.href);
        const other = await open(t, { hash: link.slice(link.indexOf('#')) });
        assert.match(await editorText(other), /# my draft/);
        assert.match(await editorText(other), /journey "welcome-series"/);

        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download .herald' }).click()]);
        assert.equal(download.suggestedFilename(), 'welcome-series.herald');
    });

    test('axe-core finds no serious or critical violation, on both screen sizes', async (t) => {
        const axe = readFileSync(join(www, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
        for (const [name, viewport] of [['laptop', LAPTOP], ['tablet', TABLET]]) {
            const page = await open(t, { viewport, hash: '#example=cart_abandonment' });
            await page.getByTestId('run').click();
            await page.getByTestId('decisions').locator('.decision').first().waitFor();
            await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: name === 'tablet' });
            const audits = [];
            await page.addScriptTag({ content: axe });
            audits.push(await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] })));
            // The other panels too.
            await page.locator('[data-testid=graph] g.node.kind-send').first().click();
            audits.push(await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] })));
            await page.screenshot({ path: join(artifacts, `${name}-step.png`), fullPage: name === 'tablet' });
            await page.getByRole('tab', { name: 'Cost' }).click();
            audits.push(await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] })));
            await page.screenshot({ path: join(artifacts, `${name}-cost.png`), fullPage: name === 'tablet' });
            const serious = audits.flatMap((audit) => audit.violations)
                .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
            assert.deepEqual(serious, [], `${name}: axe violations`);
        }
    });

    test('keyboard alone: tabs, a graph node, the inspector', async (t) => {
        const page = await open(t, { hash: '#example=cart_abandonment' });
        const node = page.locator('[data-testid=graph] g.node[data-node="1"]');
        await node.focus();
        await page.keyboard.press('Enter');
        await page.locator('#step-panel').getByRole('heading', { name: 'Wait 1 hour' }).waitFor();
        await page.getByRole('tab', { name: 'Step' }).focus();
        await page.keyboard.press('ArrowRight');
        assert.equal(await page.getByRole('tab', { name: 'Test' }).getAttribute('aria-selected'), 'true');
        assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-test');
    });

    test('checks a 300-line journey file in time for live diagnostics (measured, not asserted)', async (t) => {
        const page = await open(t, { hash: '#example=cart_abandonment' });
        // The example's journey repeated with new ids until the file has 300 lines: it checks clean,
        // so the whole pipeline runs (check, compile, analyze, the canvas).
        const example = await editorText(page);
        const start = example.indexOf('journey "cart-abandonment"');
        const journey = example.slice(start, example.indexOf('\n}', start) + 2);
        const parts = [example.slice(0, start).trimEnd()];
        let count = 0;
        while (parts.join('\n\n').split('\n').length < 300) {
            parts.push(journey.replace('"cart-abandonment"', `"cart-${count}"`));
            count += 1;
        }
        const source = parts.join('\n\n');
        const times = [];
        const whole = [];
        for (let i = 0; i < 3; i += 1) {
            await page.locator('[data-testid=editor] .cm-content').click();
            await page.keyboard.press('Control+a');
            await page.keyboard.insertText(`${source}\n# run ${i}\n`);
            await page.waitForFunction((n) => document.querySelector('[data-testid=editor]').textContent.includes(`# run ${n}`), i);
            await page.waitForFunction((n) => document.querySelector('#check-summary').dataset.programTail?.includes(`# run ${n}`), i);
            times.push(Number(await page.locator('#check-summary').getAttribute('data-check-ms')));
            whole.push(Number(await page.locator('#check-summary').getAttribute('data-program-ms')));
        }
        times.sort((a, b) => a - b);
        whole.sort((a, b) => a - b);
        const lineCount = Number(await page.getByTestId('editor').getAttribute('data-lines'));
        const result = {
            lines: lineCount, median_ms: times[Math.floor(times.length / 2)], min_ms: times[0], max_ms: times[times.length - 1],
            program_median_ms: whole[Math.floor(whole.length / 2)], program_max_ms: whole[whole.length - 1],
        };
        writeFileSync(join(artifacts, 'check-time.json'), `${JSON.stringify(result)}\n`);
        t.diagnostic(`check() of a ${lineCount}-line file in Chromium: median ${result.median_ms} ms (min ${result.min_ms}, max ${result.max_ms}); then compile, analyze and the canvas (off the typing path): median ${result.program_median_ms} ms`);
        assert.ok(lineCount >= 300);
        assert.match(await page.locator('#check-summary').textContent(), /No problems/);
    });
});
