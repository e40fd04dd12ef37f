// Reads the hover docs of the editor out of docs/language.md: every table row whose first cell
// is code starting with a word (`when event "Name" [where expr]`, `wait DURATION`,
// `days_since(x)`) documents that word; rows for the same word are merged. Words the tables do
// not cover (`fallback`, `and`...) are documented in src/lang/words.js.
export function parseLanguageDocs(markdown) {
    const docs = {};
    let section = '';
    for (const line of markdown.split('\n')) {
        const heading = line.match(/^#+\s+(.*)$/);
        if (heading) {
            section = heading[1].trim();
            continue;
        }
        if (!line.startsWith('|') || /^\|\s*-/.test(line)) continue;
        const cells = splitRow(line);
        if (cells.length < 2) continue;
        const codes = [...cells[0].matchAll(/`([^`]+)`/g)].map((m) => m[1]);
        if (codes.length === 0) continue;
        const meaning = cells[cells.length - 1];
        for (const code of codes) {
            for (const word of wordsOf(code)) {
                const entry = (docs[word] ??= { section, forms: [], meaning: [] });
                if (!entry.forms.includes(code)) entry.forms.push(code);
                if (!entry.meaning.includes(meaning)) entry.meaning.push(meaning);
            }
        }
    }
    return docs;
}

/** The words a code cell documents: its first word, and every function it calls. */
function wordsOf(code) {
    const words = new Set();
    const first = code.match(/^([a-z_]+)/);
    if (first && !['profile', 'event'].includes(first[1]) || first && /^(profile|event)\b/.test(code) && code.length < 30) {
        words.add(first[1]);
    }
    for (const call of code.matchAll(/\b([a-z_]+)\(/g)) words.add(call[1]);
    return [...words];
}

/** Table cells, keeping `|` inside code spans (`reentry never \| ...`). */
function splitRow(line) {
    const cells = [];
    let cell = '';
    let inCode = false;
    const body = line.trim().replace(/^\|/, '').replace(/\|$/, '');
    for (let i = 0; i < body.length; i += 1) {
        const ch = body[i];
        if (ch === '`') inCode = !inCode;
        if (ch === '\\' && body[i + 1] === '|') {
            cell += '|';
            i += 1;
            continue;
        }
        if (ch === '|' && !inCode) {
            cells.push(cell.trim());
            cell = '';
            continue;
        }
        cell += ch;
    }
    cells.push(cell.trim());
    return cells;
}
