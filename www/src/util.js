// Small helpers shared by the panels.

/** A function from UTF-8 byte offsets (what analyze() spans hold) to UTF-16 string indices. */
export function byteToUtf16(source) {
    // Plain ASCII: the offsets agree.
    // eslint-disable-next-line no-control-regex
    if (/^[\x00-\x7f]*$/.test(source)) return (byte) => byte;
    const map = [];
    let byte = 0;
    for (let i = 0; i < source.length; i += 1) {
        const code = source.codePointAt(i);
        const bytes = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
        for (let b = 0; b < bytes; b += 1) map[byte + b] = i;
        byte += bytes;
        if (code >= 0x10000) i += 1;
    }
    map[byte] = source.length;
    return (offset) => map[Math.max(0, Math.min(offset, byte))] ?? source.length;
}

/** `$0.0158` for USD and a few symbols, `0.0158 EUR`-style otherwise. */
export function money(amount) {
    if (!amount) return '—';
    const symbols = { USD: '$', EUR: '€', GBP: '£' };
    const symbol = symbols[amount.currency];
    // Thousands separated: 3638.00 → 3,638.00.
    const [whole, fraction] = amount.amount.split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction !== undefined ? `.${fraction}` : '');
    return symbol ? `${symbol}${grouped}` : `${grouped} ${amount.currency}`;
}

/** Micros and a currency → a display amount (4 decimals at least, more when needed). */
export function moneyFromMicros(micros, currency) {
    const whole = Math.trunc(micros / 1e6);
    let fraction = String(Math.abs(micros % 1e6)).padStart(6, '0').replace(/0+$/, '');
    if (fraction.length < 2) fraction = fraction.padEnd(2, '0');
    return money({ amount: `${micros < 0 ? '-' : ''}${whole}.${fraction}`, currency });
}

/** `2026-03-08 14:00 UTC` from an RFC 3339 instant. */
export function when(instant) {
    if (!instant) return '';
    const date = new Date(instant);
    if (Number.isNaN(date.getTime())) return instant;
    return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `1 h 30 min later` between two instants. */
export function elapsed(from, to) {
    const ms = new Date(to) - new Date(from);
    if (!Number.isFinite(ms)) return '';
    if (ms === 0) return 'at once';
    let minutes = Math.round(ms / 60000);
    const days = Math.floor(minutes / 1440);
    minutes -= days * 1440;
    const hours = Math.floor(minutes / 60);
    minutes -= hours * 60;
    const parts = [];
    if (days) parts.push(`${days} d`);
    if (hours) parts.push(`${hours} h`);
    if (minutes) parts.push(`${minutes} min`);
    return `${parts.join(' ') || '< 1 min'} later`;
}

/** Creates an element: h('div', { class: 'x', onclick }, children...). */
export function h(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes ?? {})) {
        if (value === undefined || value === null || value === false) continue;
        if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
        else if (key === 'class') element.className = value;
        else if (key === 'text') element.textContent = value;
        else element.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat()) {
        if (child === null || child === undefined || child === false) continue;
        element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
}

export const titleCase = (word) => word.charAt(0).toUpperCase() + word.slice(1);
