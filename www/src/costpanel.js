// The Cost panel: per journey, the worst case of one run (cost and messages) and every path's
// total; a campaign estimate for an audience size; the price table's date and currency.
import { journeyPaths } from './graph.js';
import { h, money, moneyFromMicros } from './util.js';

export const COUNTRIES = [
    ['', 'Dearest (worst case)'],
    ['US', 'United States'], ['CA', 'Canada'], ['MX', 'Mexico'], ['BR', 'Brazil'], ['GB', 'United Kingdom'],
    ['DE', 'Germany'], ['FR', 'France'], ['ES', 'Spain'], ['IT', 'Italy'], ['NL', 'Netherlands'],
    ['IN', 'India'], ['AU', 'Australia'], ['JP', 'Japan'],
];

const number = (n) => n.toLocaleString('en-US');

export function renderCost(container, analysis, { stale, onPath }) {
    container.replaceChildren();
    if (!analysis) {
        container.append(h('p', { class: 'muted', text: 'Fix the errors in the journey to see its cost.' }));
        return;
    }
    container.append(h('p', { class: 'price-table' },
        `Prices: built-in table${analysis.prices_as_of ? ` as of ${analysis.prices_as_of}` : ''}, in ${analysis.currency}. `,
        `Each {{ }} in a text counts as ${analysis.interpolation_chars} characters.`));
    if (stale) container.append(h('p', { class: 'stale', text: 'The journey has errors: these figures are from its last version without errors.' }));
    if (analysis.campaign) {
        const c = analysis.campaign;
        container.append(h('div', { class: 'campaign' },
            h('p', { class: 'big', text: `Up to ${money(c.worst_case_cost)}` }),
            h('p', { text: `for ${number(c.audience)} profiles entering every journey of this file: up to ${number(c.max_messages)} messages.` })));
    }
    for (const journey of analysis.journeys) {
        const { paths, complete } = journeyPaths(journey);
        paths.sort((a, b) => b.micros - a.micros);
        const where = journey.country
            ? `to ${journey.country}${journey.country_source === 'dearest' ? ', the dearest destination' : ''}${journey.priced_at_default ? ' (default price)' : ''}`
            : 'no phone messages';
        const card = h('section', { class: 'cost-card', 'aria-label': `Cost of ${journey.id}` },
            h('h3', { text: journey.id }),
            h('dl', { class: 'figures' },
                h('div', {}, h('dt', { text: 'Worst case per run' }), h('dd', { text: money(journey.worst_case_cost) })),
                h('div', {}, h('dt', { text: 'Most messages per run' }), h('dd', { text: String(journey.max_messages) })),
                journey.campaign ? h('div', {}, h('dt', { text: `For ${number(journey.campaign.audience)} profiles` }), h('dd', { text: money(journey.campaign.worst_case_cost) })) : null),
            h('p', { class: 'muted', text: `Priced ${where}.` }),
            journey.budget ? h('p', { class: journey.exceeds_budget ? 'warn' : 'ok', text: journey.exceeds_budget
                ? `⚠ Budget ${money(journey.budget)} per entry: the worst case is above it, so the budget will stop some sends.`
                : `✓ Within the budget of ${money(journey.budget)} per entry.` }) : null,
            journey.unpriced_channels?.length ? h('p', { class: 'warn', text: `No price for ${journey.unpriced_channels.join(', ')}: counted as 0.` }) : null,
            h('details', { class: 'paths', open: paths.length <= 6 },
                h('summary', { text: `${paths.length}${complete ? '' : '+'} path${paths.length === 1 ? '' : 's'} through the journey` }),
                h('ol', {}, ...paths.slice(0, 30).map((path) => h('li', {},
                    h('button', { type: 'button', class: 'link', onclick: () => onPath(journey, path), text: path.labels.length ? path.labels.join(' → ') : 'the only path' }),
                    h('span', { class: 'path-cost', text: `${path.messages} message${path.messages === 1 ? '' : 's'} · up to ${moneyFromMicros(path.micros, journey.worst_case_cost.currency)}` }))))));
        container.append(card);
    }
}
