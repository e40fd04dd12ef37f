// The canvas: a journey's graph from analyze(), laid out by dagre, drawn as SVG. Nodes are
// buttons (click, Enter or Space selects the step's source); the step under the editor's cursor
// is highlighted.
import { layout, graphlib } from '@dagrejs/dagre';
import { CHANNELS } from './lang/words.js';
import { money, moneyFromMicros, titleCase } from './util.js';


const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 200;

function s(tag, attributes = {}, ...children) {
    const element = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attributes)) {
        if (value !== undefined && value !== null) element.setAttribute(key, value);
    }
    for (const child of children.flat()) {
        if (child) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
}

// 16×16 outline icons, drawn with the node's text colour.
const ICONS = {
    sms: 'M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z',
    mms: 'M2.5 3.5h11v9h-11zM2.5 10.5l3-3 3 3 2-2 3 3M10 6.2a.8.8 0 1 0 .1 0',
    whatsapp: 'M8 2.5a5.5 5.5 0 0 0-4.8 8.2l-.7 2.8 2.9-.7A5.5 5.5 0 1 0 8 2.5z',
    voice: 'M4 2.5l2 .5.8 3-1.5 1a7 7 0 0 0 3.7 3.7l1-1.5 3 .8.5 2c-.5 1-1.5 1.5-2.5 1.5A9 9 0 0 1 2.5 5c0-1 .5-2 1.5-2.5z',
    email: 'M2 4h12v8.5H2zM2 4l6 5 6-5',
    push: 'M8 2.5a3.5 3.5 0 0 0-3.5 3.5v3l-1.5 2h10l-1.5-2v-3A3.5 3.5 0 0 0 8 2.5zM6.5 13a1.5 1.5 0 0 0 3 0',
    webhook: 'M6 10l4-4M5 7L3.5 8.5a2.5 2.5 0 0 0 3.5 3.5L8.5 10.5M11 9l1.5-1.5a2.5 2.5 0 0 0-3.5-3.5L7.5 5.5',
    wait: 'M8 2.5a5.5 5.5 0 1 0 .01 0zM8 5v3.2l2.2 1.4',
    if: 'M8 2l6 6-6 6-6-6z',
    split: 'M8 13V8M8 8L3.5 3.5M8 8l4.5-4.5M3 6.5V3h3.5M13 6.5V3H9.5',
    start: 'M4 3l9 5-9 5z',
    stop: 'M5.5 2.5h5l3 3v5l-3 3h-5l-3-3v-5z',
    end: 'M8 2.5a5.5 5.5 0 1 0 .01 0zM5.5 8.2l1.8 1.8 3.3-3.6',
};

const icon = (name, x, y) => s('path', { d: ICONS[name] ?? ICONS.wait, transform: `translate(${x} ${y})`, class: 'icon', 'aria-hidden': 'true' });

const KIND_TITLES = {
    start: 'Trigger', send: 'Send', wait: 'Wait', wait_until: 'Wait until', wait_for: 'Wait for event',
    if: 'If', else_if: 'Else if', split: 'Split', stop: 'Stop', end: 'End',
};

const CHANNEL_NAMES = { sms: 'SMS', mms: 'MMS', whatsapp: 'WhatsApp', voice: 'Voice', email: 'Email', push: 'Push', webhook: 'Webhook' };
export const channelName = (channel) => CHANNEL_NAMES[channel] ?? channel;

/** Where each channel chip of a send goes: rows that fit the node's width. */
function chipLayout(channels) {
    const chips = [];
    let x = 14;
    let row = 0;
    channels.forEach((channel, index) => {
        const label = channelName(channel);
        const w = label.length * 7.4 + 30;
        const arrow = index > 0 ? 14 : 0;
        if (index > 0 && x + arrow + w > WIDTH - 8) {
            row += 1;
            x = 14;
        }
        chips.push({ channel, label, x: x + (index > 0 && x > 14 ? arrow : 0), row, w, arrowAt: index > 0 ? x - 1 : null, wrapped: index > 0 && x === 14 });
        x = chips[chips.length - 1].x + w + 6;
    });
    return { chips, rows: row + 1 };
}

function clip(text, chars) {
    return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}

/** Every path through a journey (at most `limit`), with its worst-case cost: for the canvas and the cost panel. */
export function journeyPaths(journey, limit = 200) {
    const out = new Map();
    for (const edge of journey.edges) {
        if (!out.has(edge.from)) out.set(edge.from, []);
        out.get(edge.from).push(edge);
    }
    const byId = new Map(journey.nodes.map((node) => [node.id, node]));
    const paths = [];
    const walk = (id, nodes, labels, micros, messages) => {
        if (paths.length >= limit) return;
        const node = byId.get(id);
        const cost = node?.worst_case_cost?.micros ?? 0;
        const here = { nodes: [...nodes, id], labels, micros: micros + cost, messages: messages + (node?.kind === 'send' ? 1 : 0) };
        const next = out.get(id) ?? [];
        if (next.length === 0 || nodes.includes(id)) {
            paths.push(here);
            return;
        }
        for (const edge of next) walk(edge.to, here.nodes, edge.label ? [...labels, `${node?.label.split(' ')[0] === 'split' ? 'split' : (KIND_TITLES[node?.kind] ?? '').toLowerCase()} ${edge.label}`.trim()] : labels, here.micros, here.messages);
    };
    walk('start', [], [], 0, 0);
    return { paths, complete: paths.length < limit };
}

function describe(node, header) {
    const lines = [];
    switch (node.kind) {
        case 'start': {
            lines.push(node.label.replace(/^when /, ''));
            for (const clause of header) {
                if (clause.word === 'audience') lines.push(`Audience: ${clause.text.replace(/^audience /, '')}`);
                if (clause.word === 'exit') lines.push(`Exits on ${clause.text.replace(/^exit (when )?/, '')}`);
            }
            break;
        }
        case 'send': break;
        case 'wait': lines.push(node.label.replace(/^wait /, '')); break;
        case 'wait_until': lines.push(node.label.replace(/^wait until /, '')); break;
        case 'wait_for': lines.push(node.label.replace(/^wait for event /, '')); break;
        case 'if':
        case 'else_if': lines.push(node.label.replace(/^(else )?if /, '')); break;
        case 'split': break;
        case 'stop': lines.push('the run ends here'); break;
        case 'end': lines.push('the journey is complete'); break;
        default: lines.push(node.label);
    }
    return lines;
}

/**
 * Draws `journey` into `container`. `options`: `{ header, selectedId, activeId, onSelect(node) }`.
 * Returns `{ highlight(activeId, selectedId) }` to move the highlights without a redraw.
 */
export function renderGraph(container, journey, options) {
    const { header = [], onSelect } = options;
    const graph = new graphlib.Graph({ multigraph: false });
    graph.setGraph({ rankdir: 'TB', nodesep: 18, ranksep: 40, edgesep: 12, marginx: 12, marginy: 12 });
    graph.setDefaultEdgeLabel(() => ({}));
    const { paths } = journeyPaths(journey);
    const worstToTerminal = new Map();
    for (const path of paths) {
        const last = path.nodes[path.nodes.length - 1];
        worstToTerminal.set(last, Math.max(worstToTerminal.get(last) ?? 0, path.micros));
    }
    const currency = journey.worst_case_cost.currency;
    const details = new Map();
    for (const node of journey.nodes) {
        const lines = describe(node, header);
        let height = 40 + lines.length * 18;
        if (node.kind === 'send') height = 80 + (chipLayout(node.channels ?? []).rows - 1) * 26;
        if (worstToTerminal.has(node.id) && (node.kind === 'end' || node.kind === 'stop')) height += 18;
        details.set(node.id, lines);
        graph.setNode(node.id, { width: WIDTH, height });
    }
    for (const edge of journey.edges) {
        graph.setEdge(edge.from, edge.to, edge.label ? { label: edge.label, width: Math.max(34, edge.label.length * 7 + 14), height: 20, labelpos: 'c' } : {});
    }
    layout(graph);
    const { width, height } = graph.graph();

    const svg = s('svg', {
        viewBox: `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`,
        width: Math.ceil(width),
        height: Math.ceil(height),
        role: 'group',
        'aria-label': `Journey ${journey.id}: ${journey.nodes.length} steps`,
        class: 'journey-graph',
    });
    svg.append(s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
        s('path', { d: 'M0 0L10 5L0 10z', class: 'arrowhead' }))));

    const edgesLayer = s('g', { class: 'edges', 'aria-hidden': 'true' });
    for (const e of graph.edges()) {
        const data = graph.edge(e);
        const points = data.points;
        const d = points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join('');
        edgesLayer.append(s('path', { d, class: 'edge', 'marker-end': 'url(#arrow)' }));
        if (data.label) {
            const w = data.width;
            edgesLayer.append(s('g', { class: 'edge-label', transform: `translate(${data.x - w / 2} ${data.y - 10})` },
                s('rect', { width: w, height: 20, rx: 10 }),
                s('text', { x: w / 2, y: 14, 'text-anchor': 'middle' }, data.label)));
        }
    }
    svg.append(edgesLayer);

    const nodesLayer = s('g', { class: 'nodes' });
    const groups = new Map();
    for (const node of journey.nodes) {
        const box = graph.node(node.id);
        const x = box.x - box.width / 2;
        const y = box.y - box.height / 2;
        const title = KIND_TITLES[node.kind] ?? titleCase(node.kind);
        const lines = details.get(node.id);
        const channelNames = (node.channels ?? []).map(channelName);
        const costText = node.worst_case_cost ? `up to ${money(node.worst_case_cost)}` : '';
        const group = s('g', {
            class: `node kind-${node.kind}`,
            transform: `translate(${x} ${y})`,
            tabindex: 0,
            role: 'button',
            'data-node': node.id,
        });
        // No aria-label or <title>: the button's name is its visible text (WCAG 2.5.3).
        group.append(s('rect', { class: 'box', width: box.width, height: box.height, rx: node.kind === 'if' || node.kind === 'else_if' ? 4 : 10 }));
        group.append(s('rect', { class: 'stripe', width: 5, height: box.height - 12, x: 0, y: 6, rx: 2 }));
        group.append(icon(node.kind === 'send' ? (node.channels?.[0] ?? 'sms') : node.kind.startsWith('wait') ? 'wait' : node.kind === 'else_if' ? 'if' : node.kind, 14, 10));
        group.append(s('text', { x: 36, y: 23, class: 'node-title' }, title));
        if (node.kind === 'send') {
            // The fallback chain: one chip per channel, primary first.
            const { chips: placed } = chipLayout(node.channels ?? []);
            const chips = s('g', { class: 'chips', transform: 'translate(0 34)' });
            placed.forEach((chip, index) => {
                const y = chip.row * 26;
                if (index > 0) {
                    chips.append(s('text', { x: chip.wrapped ? 2 : chip.arrowAt, y: y + 14, class: 'chain-arrow' }, chip.wrapped ? '↳' : '→'));
                }
                chips.append(s('g', { transform: `translate(${chip.x} ${y})`, class: `chip${index === 0 ? ' primary' : ''}` },
                    s('rect', { width: chip.w, height: 20, rx: 10 }),
                    icon(chip.channel, 5, 2),
                    s('text', { x: 23, y: 14 }, chip.label)));
            });
            group.append(chips);
            if (costText) group.append(s('text', { x: 14, y: box.height - 10, class: 'node-cost' }, costText));
        } else {
            lines.forEach((line, index) => {
                group.append(s('text', { x: 14, y: 44 + index * 18, class: index === 0 ? 'node-line' : 'node-line secondary' }, clip(line, 25)));
            });
        }
        if ((node.kind === 'end' || node.kind === 'stop') && worstToTerminal.has(node.id)) {
            group.append(s('text', { x: 14, y: box.height - 10, class: 'node-cost' }, `path total up to ${moneyFromMicros(worstToTerminal.get(node.id), currency)}`));
        }
        const select = () => onSelect(node);
        group.addEventListener('click', select);
        group.addEventListener('keydown', (event) => {
            if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                select();
            }
        });
        groups.set(node.id, group);
        nodesLayer.append(group);
    }
    svg.append(nodesLayer);
    container.replaceChildren(svg);
    // Fit the width when it costs little legibility; below 78 % the canvas scrolls instead.
    const room = (options.width ?? container.clientWidth) - 20;
    const scale = room > 0 ? Math.max(0.78, Math.min(1, room / width)) : 1;
    svg.setAttribute('width', Math.ceil(width * scale));
    svg.setAttribute('height', Math.ceil(height * scale));

    const highlight = (activeId, selectedId) => {
        for (const [id, group] of groups) {
            group.classList.toggle('active', id === activeId);
            group.classList.toggle('selected', id === selectedId);
            if (id === selectedId) group.setAttribute('aria-pressed', 'true');
            else group.removeAttribute('aria-pressed');
        }
    };
    highlight(options.activeId, options.selectedId);
    return { highlight, focus: (id) => groups.get(id)?.focus() };
}

export { CHANNELS };
