// The herald journey editor: herald-engine (WebAssembly) in the browser, no server.
// This module wires the panels together: the code editor (editor.js), the canvas (graph.js),
// the node inspector (inspector.js), the Test panel (testpanel.js) and the Cost panel
// (costpanel.js); share.js keeps the draft and makes links and downloads.
import { EditorSelection } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import init, { check, compile, format, loadSimulator, smsSegments, version } from 'herald-engine';
import wasmUrl from 'herald-engine/herald.wasm';
// The simulator module (program.test() runs in it): fetched on the first "Run tests" only.
import simulatorUrl from 'herald-engine/simulator.wasm';
import { COUNTRIES, renderCost } from './costpanel.js';
import { createEditor, quickFixOf, setSource } from './editor.js';
import { examples } from './generated/examples.js';
import { renderGraph } from './graph.js';
import { renderInspector } from './inspector.js';
import { decodeString } from './lang/strings.js';
import { sampleFor } from './samples.js';
import { download, loadDraft, loadSample, readHash, saveDraft, saveSample, shareHash } from './share.js';
import { journeyHeader, smsStringAt } from './syntax.js';
import { describeRequestError, readInputs, run, runTests, simulate } from './testpanel.js';
import { byteToUtf16, h, moneyFromMicros } from './util.js';

const $ = (id) => document.getElementById(id);
const DEFAULT_EXAMPLE = 'cart_abandonment';

const store = {
    source: '',
    diagnostics: [],
    program: null,
    analysis: null,
    analysisSource: '',
    toUtf16: (byte) => byte,
    stale: false,
    journeyIndex: 0,
    selectedId: null,
    activeId: null,
    example: null,
    graph: null,
    sample: { profile: {}, event: null },
};

let editor;
let statusTimer;

function setStatus(text) {
    $('status').textContent = text;
    clearTimeout(statusTimer);
    statusTimer = setTimeout(() => { $('status').textContent = ''; }, 5000);
}

// ---- tabs -------------------------------------------------------------------------------------

const TABS = ['step', 'test', 'cost'];

function selectTab(name, focus = false) {
    for (const tab of TABS) {
        const button = $(`tab-${tab}`);
        const selected = tab === name;
        button.setAttribute('aria-selected', String(selected));
        button.tabIndex = selected ? 0 : -1;
        $(`${tab}-panel`).hidden = !selected;
        if (selected && focus) button.focus();
    }
}

function wireTabs() {
    TABS.forEach((tab, index) => {
        const button = $(`tab-${tab}`);
        button.addEventListener('click', () => selectTab(tab));
        button.addEventListener('keydown', (event) => {
            const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
            if (step) selectTab(TABS[(index + step + TABS.length) % TABS.length], true);
            if (event.key === 'Home') selectTab(TABS[0], true);
            if (event.key === 'End') selectTab(TABS[TABS.length - 1], true);
        });
    });
}

// ---- source, diagnostics and analysis ---------------------------------------------------------

let pendingProgram = null;

/**
 * Runs after every (debounced) check: the diagnostics at once (within a frame), then, when the
 * source has no errors, compile, analyze and the canvas in a task of their own, so typing never
 * waits for them (`sync` runs them at once: after edits made by the editor itself).
 */
function refresh(source, diagnostics, ms, { sync = false } = {}) {
    store.source = source;
    store.diagnostics = diagnostics;
    const errors = diagnostics.filter((d) => d.severity === 'error');
    renderDiagnostics(ms);
    clearTimeout(pendingProgram);
    if (errors.length === 0) {
        if (sync) updateProgram(source, ms);
        else pendingProgram = setTimeout(() => updateProgram(source, ms), 0);
    } else {
        const wasStale = store.stale;
        store.stale = true;
        if (!wasStale) {
            renderCanvas();
            renderCostPanel();
        }
        updateCursor(editor.view.state);
    }
    saveDraft({ source, example: store.example });
}

/** Compiles and analyzes an error-free source, then redraws the canvas and the panels. */
function updateProgram(source, checkMs) {
    const started = performance.now();
    try {
        const program = compile(source, { file: 'journey.herald' });
        store.program?.free();
        store.program = program;
        store.analysisSource = source;
        store.toUtf16 = byteToUtf16(source);
        store.stale = false;
        analyze();
    } catch (error) {
        store.stale = true;
        setStatus(`Could not compile: ${error.message}`);
    }
    renderCanvas();
    renderCostPanel();
    renderSelected();
    updateCursor(editor.view.state);
    // Compile, analyze, lay out and draw: what follows a keystroke's check, off the typing path.
    const summary = $('check-summary');
    summary.dataset.programMs = (performance.now() - started).toFixed(2);
    if (checkMs !== undefined) summary.dataset.refreshMs = (checkMs + performance.now() - started).toFixed(2);
    summary.dataset.programTail = source.slice(-40);
}

function analyze() {
    if (!store.program) return;
    const audience = Number($('audience').value);
    const country = $('country').value;
    try {
        store.analysis = store.program.analyze({
            ...(Number.isInteger(audience) && audience > 0 ? { audience } : {}),
            ...(country ? { country } : {}),
        });
    } catch (error) {
        setStatus(`Could not price the journey: ${error.message}`);
    }
}

function renderDiagnostics(ms) {
    const panel = $('diagnostics');
    const { diagnostics } = store;
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.length - errors;
    const summary = $('check-summary');
    summary.textContent = diagnostics.length === 0
        ? '✓ No problems'
        : [errors ? `${errors} error${errors === 1 ? '' : 's'}` : '', warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
    summary.className = `check-summary ${errors ? 'has-errors' : warnings ? 'has-warnings' : 'clean'}`;
    if (ms !== undefined) summary.dataset.checkMs = ms.toFixed(2);
    // For the end-to-end tests: which text the figures belong to.
    summary.dataset.checkedTail = store.source.slice(-40);
    $('editor').dataset.lines = String(store.source.split('\n').length);
    summary.title = ms !== undefined ? `Checked in ${ms.toFixed(1)} ms` : '';
    panel.replaceChildren();
    if (diagnostics.length === 0) {
        panel.append(h('p', { class: 'no-problems', text: 'No problems: the journey is ready to run.' }));
        return;
    }
    const list = h('ul', { class: 'problem-list' });
    for (const d of diagnostics) {
        const fix = quickFixOf(d);
        list.append(h('li', { class: `problem ${d.severity}`, 'data-line': d.line, 'data-code': d.code },
            h('span', { class: `severity ${d.severity}`, text: d.severity === 'error' ? 'Error' : 'Warning' }),
            h('button', { type: 'button', class: 'link problem-where', text: `Line ${d.line}:${d.column}`, onclick: () => goTo(d.span_utf16.start, d.span_utf16.end) }),
            h('span', { class: 'problem-message', text: d.message }),
            h('span', { class: 'problem-code', text: d.code }),
            d.help ? h('span', { class: 'problem-help', text: d.help }) : null,
            fix ? h('button', { type: 'button', class: 'fix', text: `Change to ${fix.word}`, onclick: () => applyQuickFix(d, fix.word) }) : null));
    }
    panel.append(list);
}

function applyQuickFix(diagnostic, word) {
    const { start, end } = diagnostic.span_utf16;
    editor.view.dispatch({ changes: { from: start, to: end, insert: word }, selection: { anchor: start + word.length } });
    recheckNow();
    setStatus(`Changed to ${word}.`);
}

function goTo(from, to = from) {
    const view = editor.view;
    const length = view.state.doc.length;
    view.dispatch({
        selection: EditorSelection.range(Math.min(from, length), Math.min(to, length)),
        effects: EditorView.scrollIntoView(Math.min(from, length), { y: 'center' }),
    });
    view.focus();
}

/** Checks the current text at once (after programmatic edits) instead of waiting for the debounce. */
function recheckNow() {
    const source = editor.view.state.doc.toString();
    const start = performance.now();
    const diagnostics = check(source, { file: 'journey.herald' });
    refresh(source, diagnostics, performance.now() - start, { sync: true });
    editor.recheck();
}

// ---- canvas -----------------------------------------------------------------------------------

function currentJourney() {
    const journeys = store.analysis?.journeys ?? [];
    if (store.journeyIndex >= journeys.length) store.journeyIndex = 0;
    return journeys[store.journeyIndex] ?? null;
}

const spanToRange = (span) => ({ from: store.toUtf16(span.start), to: store.toUtf16(span.end) });

let lastGraphKey = '';
let graphWidth = 0;

function renderCanvas() {
    const container = $('graph');
    const picker = $('journey-picker');
    const journeys = store.analysis?.journeys ?? [];
    picker.replaceChildren(...(journeys.length > 1 ? journeys.map((journey, index) => h('button', {
        type: 'button',
        class: 'pill',
        'aria-pressed': String(index === store.journeyIndex),
        text: journey.id,
        onclick: () => {
            store.journeyIndex = index;
            store.selectedId = null;
            renderCanvas();
            renderSelected();
        },
    })) : []));
    const journey = currentJourney();
    container.classList.toggle('is-stale', store.stale);
    if (!journey) {
        store.graph = null;
        lastGraphKey = '';
        container.replaceChildren(h('p', { class: 'empty', text: store.stale ? 'Fix the errors to see the journey.' : 'No journey yet.' }));
        return;
    }
    const header = journeyHeader(editor.view.state, spanToRange(journey.span).from + 1);
    // Redraw only when what the canvas shows changed (not when text merely moved: spans are
    // looked up again on click).
    const key = JSON.stringify([journey.id, journey.nodes.map(({ span, ...rest }) => rest), journey.edges, header, store.stale, graphWidth]);
    if (key === lastGraphKey && store.graph) {
        store.graph.highlight(store.activeId, store.selectedId);
        return;
    }
    lastGraphKey = key;
    store.graph = renderGraph(container, journey, {
        header,
        width: graphWidth,
        selectedId: store.selectedId,
        activeId: store.activeId,
        onSelect: (node) => {
            const current = currentJourney()?.nodes.find((n) => n.id === node.id);
            if (current) selectNode(current, true);
        },
    });
    if (store.stale) container.prepend(h('p', { class: 'stale', text: 'The journey has errors: the canvas shows its last version without errors.' }));
}

function selectNode(node, reveal) {
    store.selectedId = node.id;
    store.graph?.highlight(store.activeId, store.selectedId);
    if (reveal) revealNode(node, false);
    renderSelected();
    selectTab('step');
}

function revealNode(node, focus = true) {
    const { from, to } = spanToRange(node.span);
    const view = editor.view;
    view.dispatch({ selection: EditorSelection.range(from, to), effects: EditorView.scrollIntoView(from, { y: 'center' }) });
    if (focus) view.focus();
}

function renderSelected() {
    const journey = currentJourney();
    const node = journey?.nodes.find((n) => n.id === store.selectedId) ?? null;
    renderInspector($('step-panel'), node, {
        view: editor.view,
        spanToRange,
        reveal: (n) => revealNode(n, true),
        apply: applyEdits,
    });
}

/** Writes the inspector's changes into the source as one undoable edit, formatted. */
function applyEdits(changes) {
    if (store.stale) return 'Fix the errors in the journey first: the inspector edits the last version without errors.';
    let text = editor.view.state.doc.toString();
    for (const change of [...changes].sort((a, b) => b.from - a.from)) {
        text = text.slice(0, change.from) + change.insert + text.slice(change.to);
    }
    let formatted = text;
    try {
        formatted = format(text);
    } catch {
        // Does not parse: keep it as written; the diagnostics say why.
    }
    setSource(editor.view, formatted);
    recheckNow();
    // Show the changed step's new source, selected.
    const node = currentJourney()?.nodes.find((n) => n.id === store.selectedId);
    if (node) revealNode(node, false);
    setStatus('The step was changed in the journey.');
    return null;
}

// ---- cursor: the node under it and the SMS under it -------------------------------------------

const segmentPrices = new Map();

/** The price of one SMS segment to `country`, from the engine's own price table. */
function segmentPrice(country) {
    if (!segmentPrices.has(country)) {
        let program;
        try {
            program = compile('journey "p" {\n  when event "e"\n  send sms "x"\n}\n');
            segmentPrices.set(country, program.analyze({ country }).journeys[0].worst_case_cost);
        } catch {
            segmentPrices.set(country, null);
        } finally {
            program?.free();
        }
    }
    return segmentPrices.get(country);
}

/** A send's text with `{{ }}` filled from the sample data where it is a plain path. */
function renderWithSample(text) {
    let filled = 0;
    let guessed = 0;
    const out = text.replace(/\{\{([^}]*)\}\}/g, (_, expr) => {
        const match = expr.match(/^\s*(profile|event)((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*(?:\?\?\s*"([^"]*)")?\s*$/);
        if (match) {
            let value = match[1] === 'profile' ? store.sample.profile : store.sample.event?.properties;
            for (const key of match[2].slice(1).split('.')) value = value && typeof value === 'object' ? value[key] : undefined;
            if (value !== undefined && value !== null) {
                filled += 1;
                return typeof value === 'string' ? value : JSON.stringify(value);
            }
            if (match[3] !== undefined) {
                filled += 1;
                return match[3];
            }
        }
        guessed += 1;
        return 'x'.repeat(32);
    });
    return { text: out, filled, guessed };
}

function updateCursor(state) {
    const head = state.selection.main.head;
    // The innermost graph node whose source contains the cursor.
    const journeys = store.analysis?.journeys ?? [];
    if (!store.stale && journeys.length) {
        const index = journeys.findIndex((j) => { const r = spanToRange(j.span); return head >= r.from && head <= r.to; });
        if (index >= 0 && index !== store.journeyIndex) {
            store.journeyIndex = index;
            renderCanvas();
        }
        let best = null;
        for (const node of currentJourney()?.nodes ?? []) {
            const r = spanToRange(node.span);
            if (head >= r.from && head <= r.to && (!best || r.to - r.from < best.size)) best = { id: node.id, size: r.to - r.from };
        }
        store.activeId = best?.id ?? null;
        store.graph?.highlight(store.activeId, store.selectedId);
    }
    // The SMS under the cursor.
    const bar = $('sms-status');
    const sms = smsStringAt(state, head);
    if (!sms) {
        showSmsStatus(bar, [h('span', { class: 'muted', text: 'Put the cursor in an SMS text to see its segments and price.' })]);
        return;
    }
    const { text, filled, guessed } = renderWithSample(decodeString(sms.literal));
    const seg = smsSegments(text);
    const country = $('country').value || 'US';
    const price = segmentPrice(country);
    const lint = store.diagnostics.filter((d) => d.severity === 'warning' && d.span_utf16.start >= sms.from && d.span_utf16.end <= sms.to);
    showSmsStatus(bar, [
        h('strong', { text: `${sms.channel.toUpperCase()}: ${seg.segments} segment${seg.segments === 1 ? '' : 's'}` }),
        ` · ${seg.encoding} · ${seg.units} ${seg.encoding === 'GSM-7' ? 'septets' : 'UTF-16 units'}`,
        price && sms.channel === 'sms' ? ` · ≈ ${moneyFromMicros(price.micros * seg.segments, price.currency)} to ${country}` : '',
        filled || guessed ? h('span', { class: 'muted', text: ` (${filled ? `${filled} {{ }} filled from the sample` : ''}${filled && guessed ? ', ' : ''}${guessed ? `${guessed} counted as 32 characters` : ''})` }) : '',
        ...lint.map((d) => h('span', { class: 'sms-lint', text: ` ⚠ ${d.message}` }))]);
}

/**
 * The SMS bar's content, replaced only when it changes: `updateCursor` runs after every
 * selection change and every redraw, and rebuilding the same nodes each time would make a
 * screen reader or a test waiting on them see them come and go.
 */
function showSmsStatus(bar, children) {
    const next = h('div', {});
    next.append(...children);
    if (next.innerHTML === bar.innerHTML) return;
    bar.replaceChildren(...next.childNodes);
}

// ---- cost -------------------------------------------------------------------------------------

function renderCostPanel() {
    renderCost($('cost'), store.analysis, {
        stale: store.stale,
        onPath: (journey, path) => {
            store.journeyIndex = store.analysis.journeys.indexOf(journey);
            renderCanvas();
            const last = journey.nodes.find((n) => n.id === path.nodes[path.nodes.length - 1]);
            if (last) revealNode(last, false);
        },
    });
}

// ---- Test panel -------------------------------------------------------------------------------

function fillSample(sample) {
    $('profile').value = JSON.stringify(sample.profile, null, 2);
    $('event').value = sample.event ? JSON.stringify(sample.event, null, 2) : '';
    $('now').value = sample.now;
    readSampleForCompletion();
}

function readSampleForCompletion() {
    try { store.sample.profile = JSON.parse($('profile').value); } catch { /* keep the last good one */ }
    try { store.sample.event = $('event').value.trim() ? JSON.parse($('event').value) : null; } catch { /* as above */ }
}

function showInputErrors(errors = {}) {
    for (const key of ['profile', 'event', 'now']) $(`${key}-error`).textContent = errors[key] ?? '';
}

function testAction(kind) {
    const output = kind === 'run' ? $('decisions') : $('timeline');
    const other = kind === 'run' ? $('timeline') : $('decisions');
    $('run-error').textContent = '';
    const inputs = readInputs({ profile: $('profile'), event: $('event'), now: $('now') });
    showInputErrors(inputs.errors);
    if (inputs.errors) {
        $('run-error').textContent = 'Fix the sample input first (see above).';
        return;
    }
    if (store.stale || !store.program) {
        $('run-error').textContent = 'The journey has errors: fix them first (see Problems under the code).';
        return;
    }
    const onStep = (decision) => {
        const index = store.analysis.journeys.findIndex((j) => j.id === decision.journey);
        if (index < 0) return;
        store.journeyIndex = index;
        renderCanvas();
        const node = store.analysis.journeys[index].nodes.find((n) => n.id === decision.step);
        if (node) {
            store.selectedId = node.id;
            store.graph?.highlight(store.activeId, store.selectedId);
            revealNode(node, false);
        }
    };
    try {
        const view = kind === 'run' ? run(store.program, inputs.request, onStep) : simulate(store.program, inputs.request, onStep);
        output.replaceChildren(view);
        other.replaceChildren();
        view.scrollIntoView({ block: 'start', behavior: 'smooth' });
    } catch (error) {
        $('run-error').textContent = describeRequestError(error);
    }
}

/**
 * "Run tests": the file's `test` blocks (docs/testing.md), results under the Test panel. The
 * first run loads the simulator module (herald-engine's `loadSimulator()`), where tests run.
 */
async function runFileTests() {
    $('run-error').textContent = '';
    if (store.stale || !store.program) {
        $('run-error').textContent = 'The journey has errors: fix them first (see Problems under the code).';
        return;
    }
    try {
        setStatus('Loading the test runner…');
        await loadSimulator(simulatorUrl);
    } catch (error) {
        $('run-error').textContent = `Could not load the test runner: ${error.message}`;
        return;
    }
    if (store.stale || !store.program) return;
    try {
        const view = runTests(store.program, (failure) => goTo(store.toUtf16(failure.span.start), store.toUtf16(failure.span.end)));
        $('test-results').replaceChildren(view);
        view.scrollIntoView({ block: 'start', behavior: 'smooth' });
        const summary = view.querySelector('.test-summary');
        setStatus(summary ? `Tests: ${summary.textContent.replace(/^[✓✗] /, '')}.` : 'No tests in this file.');
    } catch (error) {
        $('run-error').textContent = describeRequestError(error);
    }
}

// ---- examples, draft, share, download ---------------------------------------------------------

function loadExample(name, { announce = true } = {}) {
    const example = examples.find((e) => e.name === name);
    if (!example) return false;
    store.example = name;
    store.selectedId = null;
    store.journeyIndex = 0;
    setSource(editor.view, example.source, { anchor: 0 });
    fillSample(sampleFor(example.source, example.request));
    saveSample(currentSampleTexts());
    $('decisions').replaceChildren();
    $('timeline').replaceChildren();
    $('examples').value = name;
    recheckNow();
    if (announce) setStatus(`Loaded the example “${name}”. Ctrl+Z brings back what you had.`);
    return true;
}

function currentSampleTexts() {
    return { profile: $('profile').value, event: $('event').value, now: $('now').value };
}

async function initialSource() {
    try {
        const fromHash = await readHash(location.hash);
        if (fromHash?.source !== undefined) return { source: fromHash.source, example: null, note: 'Opened the journey from the link.' };
        if (fromHash?.example && examples.some((e) => e.name === fromHash.example)) {
            const example = examples.find((e) => e.name === fromHash.example);
            return { source: example.source, example: example.name };
        }
    } catch {
        return { ...fallbackSource(), note: 'The link is damaged: opened your draft instead.' };
    }
    return fallbackSource();
}

function fallbackSource() {
    const draft = loadDraft();
    if (draft && typeof draft.source === 'string' && draft.source.trim()) return { source: draft.source, example: draft.example ?? null, note: 'Your draft is back.' };
    const example = examples.find((e) => e.name === DEFAULT_EXAMPLE) ?? examples[0];
    return { source: example?.source ?? '', example: example?.name ?? null };
}

async function share() {
    const hash = await shareHash(editor.view.state.doc.toString());
    history.replaceState(null, '', hash);
    const url = location.href;
    try {
        await navigator.clipboard.writeText(url);
        setStatus('Share link copied: it holds the whole journey.');
    } catch {
        setStatus('The share link is in the address bar: it holds the whole journey.');
    }
}

function formatSource() {
    try {
        const formatted = format(editor.view.state.doc.toString());
        if (formatted === editor.view.state.doc.toString()) setStatus('Already formatted.');
        else {
            setSource(editor.view, formatted);
            recheckNow();
            setStatus('Formatted.');
        }
    } catch (error) {
        setStatus(`Cannot format yet: ${error.diagnostics?.[0]?.message ?? error.message}`);
    }
    return true;
}

// ---- start ------------------------------------------------------------------------------------

async function main() {
    await init(wasmUrl);
    document.documentElement.dataset.heraldVersion = version();
    const { source, example, note } = await initialSource();
    store.example = example;

    const select = $('examples');
    select.append(h('option', { value: '', text: 'Your journey', disabled: true }));
    for (const e of examples) select.append(h('option', { value: e.name, text: `${e.name.replace(/_/g, ' ')}`, title: e.summary }));
    select.value = example ?? '';
    select.addEventListener('change', () => loadExample(select.value));

    for (const [code, name] of COUNTRIES) $('country').append(h('option', { value: code, text: name }));

    editor = createEditor({
        parent: $('editor'),
        doc: source,
        onCheck: refresh,
        onCursor: updateCursor,
        onChange: () => {
            if (store.example && editor && editor.view.state.doc.toString() !== examples.find((e) => e.name === store.example)?.source) {
                $('examples').value = '';
            }
        },
        getContext: () => ({ sample: store.sample }),
        extraKeys: keymap.of([{ key: 'Shift-Alt-f', run: formatSource }]),
    });

    const savedSample = loadSample();
    const exampleData = examples.find((e) => e.name === example);
    if (savedSample && !exampleData) {
        $('profile').value = savedSample.profile;
        $('event').value = savedSample.event;
        $('now').value = savedSample.now;
        readSampleForCompletion();
    } else {
        fillSample(sampleFor(source, exampleData?.request));
    }
    for (const id of ['profile', 'event', 'now']) {
        $(id).addEventListener('input', () => {
            readSampleForCompletion();
            saveSample(currentSampleTexts());
            const inputs = readInputs({ profile: $('profile'), event: $('event'), now: $('now') });
            showInputErrors(inputs.errors);
        });
    }
    $('reset-sample').addEventListener('click', () => {
        const ex = examples.find((e) => e.name === store.example);
        fillSample(sampleFor(editor.view.state.doc.toString(), ex?.request));
        saveSample(currentSampleTexts());
        showInputErrors();
        setStatus('Sample reset.');
    });
    $('run').addEventListener('click', () => testAction('run'));
    $('simulate').addEventListener('click', () => testAction('simulate'));
    $('run-tests').addEventListener('click', runFileTests);
    $('format').addEventListener('click', formatSource);
    $('share').addEventListener('click', share);
    $('download').addEventListener('click', () => setStatus(`Downloaded ${download(editor.view.state.doc.toString())}.`));
    for (const id of ['audience', 'country']) {
        $(id).addEventListener('change', () => {
            analyze();
            renderCanvas();
            renderCostPanel();
            updateCursor(editor.view.state);
        });
    }
    wireTabs();
    // The canvas fits its width: measured by a ResizeObserver, never by reading layout mid-render.
    graphWidth = $('graph').clientWidth;
    new ResizeObserver(([entry]) => {
        const width = Math.round(entry.contentRect.width);
        if (Math.abs(width - graphWidth) > 4) {
            graphWidth = width;
            renderCanvas();
        }
    }).observe($('graph'));
    recheckNow();
    if (note) setStatus(note);
    document.body.dataset.ready = 'true';
}

main().catch((error) => {
    document.body.dataset.ready = 'failed';
    $('status').textContent = `The editor could not start: ${error.message}`;
    throw error;
});
