// herald for CodeMirror 6: the Lezer parser (compiled from herald.grammar at build time) with
// highlighting, folding and indentation.
import { LRLanguage, LanguageSupport, delimitedIndent, foldInside, foldNodeProp, indentNodeProp } from '@codemirror/language';
import { styleTags, tags as t } from '@lezer/highlight';
import { parser } from '../generated/parser.js';

export const heraldLanguage = LRLanguage.define({
    name: 'herald',
    parser: parser.configure({
        props: [
            styleTags({
                Keyword: t.keyword,
                OperatorWord: t.operatorKeyword,
                Channel: t.typeName,
                Unit: t.unit,
                'Call/Identifier': t.function(t.variableName),
                Identifier: t.variableName,
                Variable: t.special(t.variableName),
                DigestPath: t.special(t.variableName),
                PropertyName: t.propertyName,
                String: t.string,
                Escape: t.escape,
                'Interpolation/"{{" Interpolation/"}"': t.special(t.brace),
                Number: t.number,
                Percentage: t.number,
                Money: t.number,
                TimeOfDay: t.number,
                Boolean: t.bool,
                Now: t.atom,
                Operator: t.operator,
                Comment: t.lineComment,
                '( )': t.paren,
                '[ ]': t.squareBracket,
                '{ }': t.brace,
            }),
            indentNodeProp.add({ Block: delimitedIndent({ closing: '}' }) }),
            foldNodeProp.add({ Block: foldInside }),
        ],
    }),
    languageData: {
        commentTokens: { line: '#' },
        closeBrackets: { brackets: ['(', '[', '{', '"'] },
        indentOnInput: /^\s*\}$/,
    },
});

export function herald() {
    return new LanguageSupport(heraldLanguage);
}
