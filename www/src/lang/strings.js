// herald string literals <-> the text a marketer edits in the node inspector.
// Outside `{{ }}`: `\"` `\\` `\n` `\t` are decoded and encoded; `\{` and `\u{...}` are kept as
// written (they round-trip unchanged). Inside `{{ }}` the text is code and stays as it is.

/** The text of a string literal (with its quotes) as a marketer reads it. */
export function decodeString(literal) {
    const body = literal.startsWith('"') ? literal.slice(1, literal.endsWith('"') && literal.length > 1 ? -1 : undefined) : literal;
    let out = '';
    let i = 0;
    while (i < body.length) {
        if (body.startsWith('{{', i) && body[i - 1] !== '\\') {
            const end = body.indexOf('}}', i + 2);
            const stop = end < 0 ? body.length : end + 2;
            out += body.slice(i, stop);
            i = stop;
            continue;
        }
        const ch = body[i];
        if (ch === '\\' && i + 1 < body.length) {
            const next = body[i + 1];
            const simple = { '"': '"', '\\': '\\', n: '\n', t: '\t' }[next];
            if (simple !== undefined) {
                out += simple;
                i += 2;
                continue;
            }
        }
        out += ch;
        i += 1;
    }
    return out;
}

/** A string literal (with quotes) holding `text`. */
export function encodeString(text) {
    let out = '"';
    let i = 0;
    while (i < text.length) {
        if (text.startsWith('{{', i) && text[i - 1] !== '\\') {
            const end = text.indexOf('}}', i + 2);
            if (end >= 0) {
                out += text.slice(i, end + 2);
                i = end + 2;
                continue;
            }
        }
        const ch = text[i];
        if (ch === '"') out += '\\"';
        else if (ch === '\n') out += '\\n';
        else if (ch === '\t') out += '\\t';
        else if (ch === '\\' && !(text[i + 1] === '{' || text.startsWith('u{', i + 1))) out += '\\\\';
        else out += ch;
        i += 1;
    }
    return `${out}"`;
}
