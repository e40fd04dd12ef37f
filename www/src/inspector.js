// The node inspector: a form for the selected step's fields (channels and content of a send, a
// wait's duration, a split's percentages, a condition) that writes the change back into the
// source, then formats it, so a journey can be changed without typing code.
import { ensureSyntaxTree } from '@codemirror/language';
import { smsSegments } from 'herald-engine';
import { encodeString } from './lang/strings.js';
import { CHANNELS } from './lang/words.js';
import { channelName } from './graph.js';
import { awaitedEventOf, conditionOf, durationOf, sendOptions, splitArms, statementAt, timeOfDayOf } from './syntax.js';
import { h, money } from './util.js';

const UNITS = ['seconds', 'minutes', 'hours', 'days', 'weeks'];
const unitWord = (unit, amount) => {
    const plural = unit.endsWith('s') ? unit : `${unit}s`;
    return amount === 1 ? plural.slice(0, -1) : plural;
};

let formCounter = 0;

function field(label, control, note) {
    const id = `insp-${formCounter += 1}`;
    control.id = id;
    return h('div', { class: 'field' }, h('label', { for: id, text: label }), control, note ?? null);
}

function segmentNote(textarea, channel) {
    const note = h('p', { class: 'field-note', 'aria-live': 'polite' });
    const update = () => {
        if (!['sms', 'mms'].includes(channel())) {
            note.textContent = '';
            return;
        }
        const plain = textarea.value.replace(/\{\{[^}]*\}\}/g, 'x'.repeat(32));
        const seg = smsSegments(plain);
        note.textContent = `${seg.segments} segment${seg.segments === 1 ? '' : 's'} · ${seg.encoding}${/\{\{/.test(textarea.value) ? ' (each {{ }} counted as 32 characters)' : ''}`;
    };
    textarea.addEventListener('input', update);
    update();
    return { note, update };
}

/**
 * Renders the inspector for `node` (a graph node of analyze()) into `panel`. `ctx`: `{ view,
 * spanToRange(span), apply(changes), reveal(node) }`.
 */
export function renderInspector(panel, node, ctx) {
    panel.replaceChildren();
    if (!node) {
        panel.append(h('p', { class: 'empty', text: 'Select a step on the canvas to see and change it here.' }));
        return;
    }
    const { from } = ctx.spanToRange(node.span);
    const state = ctx.view.state;
    ensureSyntaxTree(state, state.doc.length, 500);
    const step = statementAt(state, from);
    const title = h('h3', { class: 'inspector-title', text: inspectorTitle(node) });
    const showSource = h('button', { type: 'button', class: 'quiet', text: 'Show in code', onclick: () => ctx.reveal(node) });
    panel.append(h('div', { class: 'inspector-head' }, title, showSource));
    if (node.worst_case_cost) panel.append(h('p', { class: 'muted', text: `Worst case for this step: ${money(node.worst_case_cost)}` }));
    // A send of a `message`: each variant's segments and price (analyze), the dearest marked:
    // a Portuguese variant outside GSM-7 can cost twice the English one.
    if (node.variants?.length) {
        panel.append(h('ul', { class: 'variant-costs', 'aria-label': 'Cost of each language' },
            ...node.variants.map((v) => h('li', {
                text: `${v.channel} ${v.locale}: ${v.channel === 'sms' ? `${v.units} segment${v.units === 1 ? '' : 's'} · ${v.encoding} · ` : ''}${money(v.cost)}${v.dearest ? ' (dearest)' : ''}`,
            }))));
    }

    const form = h('form', { class: 'inspector-form', 'aria-label': `Edit ${inspectorTitle(node)}` });
    const error = h('p', { class: 'field-error', role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'primary', text: 'Apply to journey' });
    let collect = null;

    // A send of `message "ID"` has no text of its own to edit (its variants are the message's).
    if (node.kind === 'send' && step && sendOptions(state, step).length > 0) {
        const options = sendOptions(state, step);
        const rows = options.map((option, index) => {
            const channel = h('select', {}, ...Object.keys(CHANNELS).map((c) => h('option', { value: c, selected: c === option.channel, text: channelName(c) })));
            const kind = h('select', {}, h('option', { value: 'text', selected: option.kind === 'text', text: 'Text' }), h('option', { value: 'template', selected: option.kind === 'template', text: 'Provider template' }));
            const text = h('textarea', { rows: 4, spellcheck: 'true', 'data-field': `text-${index}` });
            text.value = option.kind === 'text' ? option.value : '';
            const template = h('input', { type: 'text', 'data-field': `template-${index}` });
            template.value = option.kind === 'template' ? option.value : '';
            const segments = segmentNote(text, () => channel.value);
            const textField = field('Message text', text, segments.note);
            const templateField = field('Template id', template);
            const sync = () => {
                textField.hidden = kind.value !== 'text';
                templateField.hidden = kind.value !== 'template';
                segments.update();
            };
            kind.addEventListener('change', sync);
            channel.addEventListener('change', sync);
            sync();
            const fieldset = h('fieldset', { class: 'option' },
                h('legend', { text: index === 0 ? 'First choice' : `Fallback ${index}` }),
                field('Channel', channel), field('Content', kind), textField, templateField);
            return { option, channel, kind, text, template, fieldset };
        });
        form.append(...rows.map((row) => row.fieldset));
        collect = () => rows.flatMap(({ option, channel, kind, text, template }) => {
            const changes = [];
            if (channel.value !== option.channel) changes.push({ ...option.channelRange, insert: channel.value });
            const content = kind.value === 'text' ? encodeString(text.value) : `template ${encodeString(template.value)}`;
            changes.push({ ...option.contentRange, insert: content });
            return changes;
        });
    } else if ((node.kind === 'wait' || node.kind === 'wait_for') && step) {
        const duration = durationOf(state, step);
        const awaited = node.kind === 'wait_for' ? awaitedEventOf(state, step) : null;
        const name = h('input', { type: 'text' });
        if (awaited) {
            name.value = awaited.value;
            form.append(field('Event name', name));
        }
        const amount = h('input', { type: 'number', min: 1, step: 1, inputmode: 'numeric' });
        const unit = h('select', {}, ...UNITS.map((u) => h('option', { value: u, text: u })));
        if (duration) {
            amount.value = String(duration.amount);
            unit.value = UNITS.find((u) => u.startsWith(duration.unit.replace(/s$/, ''))) ?? 'hours';
        }
        form.append(h('div', { class: 'row' }, field(node.kind === 'wait' ? 'Wait for' : 'At most', amount), field('Unit', unit)));
        collect = () => {
            const n = Number(amount.value);
            if (!Number.isInteger(n) || n < 1) throw new Error('The duration is a whole number, 1 or more.');
            const changes = duration ? [{ ...duration.range, insert: `${n} ${unitWord(unit.value, n)}` }] : [];
            if (awaited) changes.push({ ...awaited.range, insert: encodeString(name.value) });
            return changes;
        };
    } else if (node.kind === 'wait_until' && step) {
        const time = timeOfDayOf(state, step);
        const input = h('input', { type: 'text', pattern: '[0-2][0-9]:[0-5][0-9]', placeholder: 'HH:MM' });
        input.value = time?.value ?? '';
        form.append(field("Recipient's local time (24-hour)", input));
        collect = () => {
            if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(input.value)) throw new Error('Write the time as HH:MM, from 00:00 to 23:59.');
            return time ? [{ ...time.range, insert: input.value }] : [];
        };
    } else if (node.kind === 'split' && step) {
        const arms = splitArms(state, step);
        const sum = h('p', { class: 'field-note', 'aria-live': 'polite' });
        const inputs = arms.map((arm, index) => {
            const input = h('input', { type: 'number', min: 0.01, max: 100, step: 0.01, inputmode: 'decimal', 'data-field': `percent-${index}` });
            input.value = String(arm.percent);
            input.addEventListener('input', () => updateSum());
            return input;
        });
        const updateSum = () => {
            const total = inputs.reduce((acc, input) => acc + Number(input.value || 0), 0);
            const rounded = Math.round(total * 100) / 100;
            sum.textContent = rounded === 100 ? 'Adds up to 100%.' : `Adds up to ${rounded}%: the arms must add up to 100%.`;
            sum.classList.toggle('warn', rounded !== 100);
        };
        inputs.forEach((input, index) => form.append(field(`Arm ${index + 1} (%)`, input)));
        form.append(sum);
        updateSum();
        collect = () => {
            const values = inputs.map((input) => Number(input.value));
            const total = Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;
            if (total !== 100) throw new Error(`The arms add up to ${total}%, not 100%.`);
            return arms.map((arm, index) => ({ ...arm.range, insert: `${values[index]}%` }));
        };
    } else if ((node.kind === 'if' || node.kind === 'else_if') && step) {
        const condition = node.kind === 'if' ? conditionOf(state, step) : null;
        if (condition) {
            const input = h('textarea', { rows: 3, spellcheck: 'false', class: 'code' });
            input.value = condition.value;
            form.append(field('Condition', input, h('p', { class: 'field-note', text: 'For example: profile.country == "US" and profile.lifetime_value > 100' })));
            collect = () => [{ ...condition.range, insert: input.value.trim() }];
        }
    }

    if (!collect) {
        panel.append(h('p', { class: 'muted', text: describeReadOnly(node) }));
        return;
    }
    form.append(error, h('div', { class: 'actions' }, submit));
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        error.textContent = '';
        try {
            const result = ctx.apply(collect());
            if (result) error.textContent = result;
        } catch (problem) {
            error.textContent = problem.message;
        }
    });
    panel.append(form);
}

function inspectorTitle(node) {
    switch (node.kind) {
        case 'send': return `Send ${(node.channels ?? []).map(channelName).join(' → ')}`;
        case 'wait': return node.label.replace(/^wait/, 'Wait');
        case 'wait_until': return node.label.replace(/^wait until/, 'Wait until');
        case 'wait_for': return 'Wait for an event';
        case 'if': return 'Condition';
        case 'else_if': return 'Else if';
        case 'split': return 'Split';
        case 'start': return 'Trigger';
        case 'stop': return 'Stop';
        case 'end': return 'End of the journey';
        default: return node.label;
    }
}

function describeReadOnly(node) {
    switch (node.kind) {
        case 'start': return `${node.label}: the event that starts this journey. Edit the trigger, audience and exits in the code.`;
        case 'stop': return 'The run ends here; nothing after it runs.';
        case 'end': return 'Every path that reaches this point completes the journey.';
        case 'send': return 'This step sends a message in several languages: edit its text in the `message` item.';
        default: return 'Edit this step in the code.';
    }
}
