// The code editor: CodeMirror 6 with herald's Lezer grammar, live diagnostics from check()
// (wasm, debounced), quick fixes, completion, hover docs and the SMS segment counter.
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, snippetCompletion } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { HighlightStyle, bracketMatching, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting, syntaxTree } from '@codemirror/language';
import { forceLinting, lintGutter, lintKeymap, linter } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { EditorState } from '@codemirror/state';
import { EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, hoverTooltip, keymap, lineNumbers } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import { check } from 'herald-engine';
import { herald } from './lang/herald.js';
import { CHANNELS, FUNCTIONS, INNER_WORDS, OPERATOR_WORDS, STATEMENT_WORDS, UNITS, docsFor } from './lang/words.js';
import { h } from './util.js';

const highlight = HighlightStyle.define([
    { tag: t.keyword, color: '#6b3fa0', fontWeight: '600' },
    { tag: t.operatorKeyword, color: '#6b3fa0' },
    { tag: t.typeName, color: '#0b6e69', fontWeight: '600' },
    { tag: t.unit, color: '#8a5300' },
    { tag: t.function(t.variableName), color: '#1d5fbf' },
    { tag: t.special(t.variableName), color: '#a1400b' },
    { tag: t.propertyName, color: '#a1400b' },
    { tag: t.string, color: '#2f6b1f' },
    { tag: t.escape, color: '#7a4f00' },
    { tag: t.special(t.brace), color: '#a1400b', fontWeight: '600' },
    { tag: [t.number, t.bool, t.atom], color: '#8a5300' },
    { tag: t.lineComment, color: '#6a6f76', fontStyle: 'italic' },
    { tag: t.operator, color: '#4a4f57' },
]);

const QUICK_FIX = /did you mean `([^`]+)`/;

/** check()'s diagnostics as CodeMirror's, with a quick fix where the help names the word. */
export function toEditorDiagnostics(diagnostics, length) {
    return diagnostics.map((d) => {
        const from = Math.min(d.span_utf16.start, length);
        const to = Math.min(Math.max(d.span_utf16.end, from), length);
        const fix = d.help && d.help.match(QUICK_FIX);
        return {
            from,
            to,
            severity: d.severity,
            source: d.code,
            message: d.message,
            help: d.help,
            actions: fix ? [{ name: `Change to ${fix[1]}`, apply: (view, start, end) => view.dispatch({ changes: { from: start, to: end, insert: fix[1] } }) }] : [],
            renderMessage: () => h('div', { class: 'lint-message' },
                h('strong', { text: `${d.severity === 'error' ? 'Error' : 'Warning'} ${d.code}: ` }), d.message,
                d.help ? h('div', { class: 'lint-help', text: d.help }) : null),
        };
    });
}

/** The quick fix of a diagnostic, or null: `{ word }`. */
export function quickFixOf(diagnostic) {
    const fix = diagnostic.help && diagnostic.help.match(QUICK_FIX);
    return fix ? { word: fix[1] } : null;
}

function wordAt(state, pos) {
    const line = state.doc.lineAt(pos);
    const text = line.text;
    let start = pos - line.from;
    let end = start;
    while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1])) start -= 1;
    while (end < text.length && /[A-Za-z0-9_]/.test(text[end])) end += 1;
    if (start === end) return null;
    return { from: line.from + start, to: line.from + end, word: text.slice(start, end) };
}

const docsHover = hoverTooltip((view, pos) => {
    const node = syntaxTree(view.state).resolveInner(pos, 1);
    if (node.name === 'String' || node.name === 'Comment' || node.parent?.name === 'String') return null;
    const found = wordAt(view.state, pos);
    if (!found) return null;
    const docs = docsFor(found.word) ?? (FUNCTIONS[found.word] ? docsFor(found.word) : null);
    if (!docs) return null;
    return {
        pos: found.from,
        end: found.to,
        above: true,
        create: () => ({
            dom: h('div', { class: 'hover-docs' },
                h('div', { class: 'hover-title', text: docs.title }),
                ...docs.forms.map((form) => h('code', { class: 'hover-form', text: form })),
                h('p', { text: docs.meaning.replace(/`/g, '') })),
        }),
    };
});

/** Completion: words by where the cursor is; profile and event fields from the sample data. */
function completionSource(getContext) {
    return (context) => {
        const node = syntaxTree(context.state).resolveInner(context.pos, -1);
        for (let n = node; n; n = n.parent) {
            if (n.name === 'Interpolation') break;
            if (n.name === 'String' || n.name === 'Comment') return null;
        }
        const path = context.matchBefore(/\b(profile|event|trigger)((\.[A-Za-z_][A-Za-z0-9_]*)*)\.([A-Za-z_0-9]*)$/);
        if (path) {
            const parts = path.text.split('.');
            const prefix = parts.pop();
            const { profile, event } = getContext().sample;
            let value = parts[0] === 'profile' ? profile : event?.properties;
            for (const key of parts.slice(1)) value = value && typeof value === 'object' ? value[key] : undefined;
            if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
            return {
                from: path.to - prefix.length,
                options: Object.entries(value).map(([key, v]) => ({ label: key, type: 'property', detail: `sample: ${JSON.stringify(v).slice(0, 30)}` })),
                validFor: /^[A-Za-z_0-9]*$/,
            };
        }
        const word = context.matchBefore(/[A-Za-z_][A-Za-z0-9_]*$/);
        if (!word && !context.explicit) return null;
        const from = word ? word.from : context.pos;
        const before = context.state.sliceDoc(Math.max(0, from - 40), from);
        const options = [];
        const channelBoost = /\b(send|fallback)\s+$|\blimit\s+\d+\s+$/.test(before) ? 20 : -5;
        for (const [channel, info] of Object.entries(CHANNELS)) {
            options.push({ label: channel, type: 'type', detail: 'channel', info: info.doc.replace(/`/g, ''), boost: channelBoost });
        }
        if (/\d\s+$/.test(before)) {
            for (const unit of UNITS) options.push({ label: unit, type: 'unit', detail: 'duration', boost: 30 });
        }
        for (const keyword of [...STATEMENT_WORDS, ...INNER_WORDS]) {
            const docs = docsFor(keyword);
            options.push({ label: keyword, type: 'keyword', detail: docs?.forms[0], info: docs?.meaning.replace(/`/g, '') });
        }
        for (const op of OPERATOR_WORDS) options.push({ label: op, type: 'keyword', detail: 'operator' });
        for (const [name, fn] of Object.entries(FUNCTIONS)) {
            options.push(snippetCompletion(fn.snippet, { label: name, type: 'function', detail: fn.signature, info: docsFor(name)?.meaning.replace(/`/g, '') }));
        }
        for (const root of ['profile', 'event', 'now', 'true', 'false']) options.push({ label: root, type: 'variable' });
        const text = context.state.doc.toString();
        for (const [, segment] of text.matchAll(/\bsegment\s+([A-Za-z_][A-Za-z0-9_]*)/g)) {
            options.push({ label: segment, type: 'variable', detail: 'segment', boost: 5 });
        }
        return { from, options, validFor: /^[A-Za-z_0-9]*$/ };
    };
}

/**
 * Creates the editor. `onCheck(source, diagnostics, ms)` runs after each (debounced) check;
 * `onCursor(state)` after each selection or document change.
 */
export function createEditor({ parent, doc, onCheck, onCursor, onChange, getContext, extraKeys = [], delay = 250 }) {
    const heraldLinter = linter((view) => {
        const source = view.state.doc.toString();
        const start = performance.now();
        const diagnostics = check(source, { file: 'journey.herald' });
        const ms = performance.now() - start;
        onCheck(source, diagnostics, ms);
        return toEditorDiagnostics(diagnostics, source.length);
    }, { delay });

    const view = new EditorView({
        parent,
        state: EditorState.create({
            doc,
            extensions: [
                lineNumbers(),
                highlightActiveLineGutter(),
                foldGutter(),
                lintGutter(),
                history(),
                drawSelection(),
                indentOnInput(),
                bracketMatching(),
                closeBrackets(),
                highlightActiveLine(),
                EditorView.lineWrapping,
                highlightSelectionMatches(),
                herald(),
                syntaxHighlighting(highlight),
                heraldLinter,
                autocompletion({ override: [completionSource(getContext)] }),
                docsHover,
                extraKeys,
                keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap, ...completionKeymap, ...lintKeymap]),
                EditorView.contentAttributes.of({ 'aria-label': 'Journey source code', tabindex: '0' }),
                EditorView.updateListener.of((update) => {
                    if (update.docChanged) onChange(update.state.doc.toString());
                    if (update.docChanged || update.selectionSet) onCursor(update.state);
                }),
            ],
        }),
    });
    return { view, recheck: () => forceLinting(view) };
}

/** Replaces the whole document (one undoable change). */
export function setSource(view, text, selection) {
    view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: text },
        selection: selection ?? { anchor: Math.min(view.state.selection.main.head, text.length) },
    });
}
