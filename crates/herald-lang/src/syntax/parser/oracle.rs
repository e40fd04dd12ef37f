//! The reference: pest's parser of `grammar/herald.pest` (a dev-dependency, never shipped) with
//! the walk of its tree into the AST (`walk.rs`, how the AST was built before the hand-written
//! parser built it as its rules match), and the differential tests that hold the hand-written
//! parser (`grammar.rs`) to them. Both must accept the same sources with the same answer (the
//! same AST and spans, or the same diagnostics in the same order), or reject them at the same
//! position expecting the same rules (hence the same diagnostic).

use super::super::grammar;
use super::super::pairs::Tok;
use super::*;
use pest::Parser as _;

// pest_derive names its enum `Rule`; this module's `Rule` is peg's. The derive's enum is reached
// through a module of its own.
mod derived {
    #[derive(pest_derive::Parser)]
    #[grammar = "../../../grammar/herald.pest"]
    pub(super) struct Reference;
}

type PestRule = derived::Rule;

/// peg's rule of pest's (`Rule::EOI` for none: every pest rule that makes a token or an
/// expectation has its peg twin, which the tests check).
fn rule_of(r: PestRule) -> Rule {
    Rule::from_name(&format!("{r:?}")).unwrap_or(Rule::EOI)
}

fn flatten(pair: pest::iterators::Pair<'_, PestRule>, out: &mut Vec<Tok>) {
    let index = out.len();
    let span = pair.as_span();
    out.push(Tok { rule: rule_of(pair.as_rule()), start: span.start(), end: span.end(), next: 0 });
    for child in pair.into_inner() {
        flatten(child, out);
    }
    let next = out.len();
    if let Some(t) = out.get_mut(index) {
        t.next = next;
    }
}

/// pest's parse of `source`, as peg's tokens or error.
pub(crate) fn pest_tokens(source: &str) -> Result<Vec<Tok>, SyntaxError> {
    match derived::Reference::parse(PestRule::file, source) {
        Ok(pairs) => {
            let mut out = Vec::new();
            for pair in pairs {
                flatten(pair, &mut out);
            }
            Ok(out)
        }
        Err(e) => {
            let pos = match e.location {
                pest::error::InputLocation::Pos(p) => p,
                pest::error::InputLocation::Span((s, _)) => s,
            };
            let mut positives: Vec<Rule> = match e.variant {
                pest::error::ErrorVariant::ParsingError { positives, .. } => {
                    positives.into_iter().map(rule_of).collect()
                }
                // pest's call limit (unset here): no expectation to compare.
                pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
            };
            crate::sort::sort_dedup(&mut positives);
            Err(SyntaxError { pos, positives })
        }
    }
}

/// pest's parse of `source` walked into the AST, as the hand-written parser answers.
fn pest_items(source: &str) -> Result<(Vec<Item>, Vec<Diagnostic>), SyntaxError> {
    pest_tokens(source).map(|toks| walk::build(source, &toks))
}

/// What `parse` answers when pest parses and the walk builds.
pub(crate) fn parse_with_pest(source: &str) -> Result<File, Diagnostics> {
    parse_with(source, pest_items)
}

/// How the two parsers disagree on `source`, if they do: not the same error (position and
/// expected rules), not the same items and diagnostics, or not the same answer from `parse`.
pub(crate) fn disagreement(source: &str) -> Option<String> {
    let text = match source.strip_prefix('\u{feff}') {
        Some(rest) => format!("   {rest}"),
        None => source.to_string(),
    };
    // pest runs only on what the pre-scan lets through (as the shipped parser did).
    if text.len() <= MAX_SOURCE_BYTES && prescan(&text).is_ok() {
        let ours = grammar::parse_file(&text);
        let theirs = pest_items(&text);
        if ours != theirs {
            return Some(format!("parse of {source:?}: hand-written {ours:?}, pest {theirs:?}"));
        }
    }
    let (ours, theirs) = (parse(source), parse_with_pest(source));
    (ours != theirs).then(|| format!("parse of {source:?}: hand-written {ours:?}, pest {theirs:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Asserts the two parsers agree on `source`.
    fn assert_agree(source: &str) {
        if let Some(d) = disagreement(source) {
            panic!("the parsers disagree: {d}");
        }
    }

    #[test]
    fn every_rule_of_the_grammar_has_its_twin() {
        for line in include_str!("../../../../../grammar/herald.pest").lines() {
            let Some((name, body)) = line.split_once('=') else { continue };
            let name = name.trim();
            let silent = body.trim_start().starts_with('_');
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            let named = Rule::from_name(name).is_some();
            assert_eq!(
                named, !silent,
                "rule `{name}`: silent {silent}, in peg.rs's `Rule` {named}"
            );
        }
    }

    fn read_dir_sources(dir: &str, out: &mut Vec<String>) {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let Ok(entries) = std::fs::read_dir(format!("{root}/{dir}")) else { return };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                continue;
            }
            let Ok(bytes) = std::fs::read(&path) else { continue };
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ext == "json" {
                let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
                    continue;
                };
                collect_sources(&value, out);
            } else if let Ok(text) = String::from_utf8(bytes) {
                out.push(text);
            }
        }
    }

    /// Every string under a `"source"` key (conformance cases hold their journeys there).
    fn collect_sources(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    match v {
                        serde_json::Value::String(s) if k == "source" => out.push(s.clone()),
                        _ => collect_sources(v, out),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect_sources(v, out)),
            _ => {}
        }
    }

    /// The examples, the conformance sources, the shared fixtures and the fuzz seeds of the parser.
    fn corpus() -> Vec<String> {
        let mut out = Vec::new();
        for dir in [
            "examples",
            "tests/conformance",
            "tests/fixtures",
            "fuzz/seeds/parse_check",
            "fuzz/seeds/format_roundtrip",
            "fuzz/regressions/format_roundtrip",
        ] {
            read_dir_sources(dir, &mut out);
        }
        out
    }

    fn corpus_cached() -> &'static [String] {
        static CORPUS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        CORPUS.get_or_init(corpus)
    }

    #[test]
    fn the_corpus_is_read() {
        let corpus = corpus_cached();
        assert!(corpus.len() > 60, "only {} sources", corpus.len());
        assert!(corpus.iter().filter(|s| parse(s).is_ok()).count() > 40);
    }

    #[test]
    fn the_parsers_agree_on_the_corpus() {
        for source in corpus_cached() {
            assert_agree(source);
        }
    }

    #[test]
    fn the_parsers_agree_on_every_truncation_of_the_examples() {
        let corpus = corpus_cached();
        for source in corpus.iter().take(30) {
            for (i, _) in source.char_indices().step_by(7) {
                if let Some(head) = source.get(..i) {
                    assert_agree(head);
                }
            }
        }
    }

    #[test]
    fn the_parsers_agree_on_hand_picked_errors() {
        for source in [
            "",
            "\u{feff}journey \"a\" {}",
            "journey",
            "journey \"a\"",
            "journey \"a\" {",
            "policy x",
            "segment s = ",
            "segment s = a &&",
            "journey \"a\" { when \"X\" }",
            "journey \"a\" { wait 2 hrs }",
            "journey \"a\" { wait until 9:00 on mon, }",
            "journey \"a\" { if a == b == c { stop } }",
            "journey \"a\" { send sms \"x\" expire after 2 }",
            "journey \"a\" { xeentry a \"b}c\" {\n} }",
            "journey \"a\" { set profile.x == 1 }",
            "test \"t\" { expect send sms content contains }",
            "test \"t\" { profile { id: \"u\", n: [1, -2.5e3, x] } event \"E\" { } }",
            "message \"m\" { en \"a\" pt-BR }",
            "journey \"a\" { audience count(event \"X\") > 0 }",
            "journey \"a\" { audience cnt(event \"X\" within 1 day) > 0 }",
            "journey \"a\" { send sms \"{{ profile.x ?? }}\" }",
            "journey \"a\" { send sms \"\\u{zz} \\q\" }",
            "journey \"a\" { topic \"t\" opt-inx }",
            "journey \"a\" { budget $1.5 per entry limit 3 sms per 1 day quiet hours 21:00 to 08 }",
            "journey \"a\" { when profile . tier changes to \"gold\" }",
            "journey \"a\" { audience profile[\"a b\"] exists and not -x in [1,2,] }",
            "journey \"a\" { digest for 1 day digest until 9:00 digest }",
            "\u{feff}",
            "journey \"é\" {\r\n  send sms \"héllo 😀 \\u{1F600}\"\r\n}\r\n",
            "journey \"a\" { audience é }",
            "journey \"a\" { audience profile.é }",
            "journey \"a\" {\n\tsend\tsms \"x\" # é\n}",
            "segment s = 1 + # c\n 2",
            "journey \"a\" { send sms \"{{ \"{{ 1 }}\" }}\" }",
            "journey \"a\" { send sms \"\\u{110000} \\u{} \\u{1234567}\" }",
            "journey \"a\" { when event \"E\" where profile.a == 99999999999999999999999 }",
            "journey \"a\" { wait 99999999999999999999 days }",
        ] {
            assert_agree(source);
        }
        // Nesting at the pre-scan's limit, and one past it.
        for depth in [63, 64, 65] {
            let parens = format!("{}1{}", "(".repeat(depth), ")".repeat(depth));
            assert_agree(&format!("segment s = {parens}"));
            let ifs =
                format!("journey \"a\" {{ {}stop{} }}", "if a {".repeat(depth), "}".repeat(depth));
            assert_agree(&ifs);
        }
    }

    /// What the nodes say beyond the grammar (numbers, durations, escapes, keys, depth) is
    /// pushed as the rules match, and taken back when a rule fails or a fold stops: these
    /// sources put such diagnostics after, inside and around the points where the walk of pest's
    /// tree stopped building (a chained comparison, an expression too deep), in unknown items'
    /// blocks (never built), and in branches the parser backtracks out of.
    #[test]
    fn the_parsers_agree_on_the_diagnostics_of_nodes() {
        let big = "9".repeat(400);
        let mut sources = vec![
            format!("segment s = a == b == \"\\q\" + {big}"),
            format!("segment s = {big} == b == c\nsegment t = \"\\q\""),
            "segment s = [a == b == c, \"\\q\"] + \"\\z\" == 1 == 2".to_string(),
            "segment s = (a < b < \"\\q\") or f(1 == 2 == 3, \"\\w\")".to_string(),
            "segment s = profile[\"{{ a == b == c }}\"] == \"\\q\"".to_string(),
            "segment s = profile[\"{{ \"\\q\" }}\"].x exists exists".to_string(),
            "journey \"a\" { when profile[\"{{x}}\"] changes to \"\\q\" }".to_string(),
            "journey \"a\" { set profile[\"{{x}}\"] = 99999999999999999999 days }".to_string(),
            "journey \"a\" { frobnicate \"\\q\" { \"\\z {{ a == b == c }}\" } wait 1 day }".to_string(),
            "frob \"\\q\" { \"{{ 1 == 2 == 3 }}\" { \"\\z\" } }\nsegment s = \"\\y\"".to_string(),
            format!("journey \"a\" {{ limit {big} sms per 99999999999999999999 days }}"),
            format!("journey \"a\" {{ holdout {big}% split {{ {big}% {{ stop }} }} }}"),
            format!("test \"t\" {{ profile {{ \"\\q\": {big}, \"{{{{x}}}}\": [-{big}e5, \"\\z\"] }} }}"),
            format!("test \"t\" {{ after 99999999999999999999 days expect send sms cost ${big} }}"),
            "journey \"a\" { wait until profile.a == 1 == 2 }".to_string(),
            "journey \"a\" { if a == 1 == 2 { send sms \"\\q\" } else if \"\\z\" { stop } }".to_string(),
            "segment s = sum(event \"E\" where \"\\q\" within 99999999999999999999 days, a == b == c)"
                .to_string(),
            "segment s = count(event \"\\q\" within 1 day) == 1 == 2".to_string(),
            // Backtracking out of nodes that spoke: `set` and `holdout` fail after their key or
            // number and are read again as unknown steps (never built).
            "journey \"a\" { set profile[\"\\q\"] == 1 }".to_string(),
            "journey \"a\" { set profile[\"{{ a == b == c }}\"] == 1 }".to_string(),
            format!("journey \"a\" {{ holdout {big} x }}"),
            // Backtracking: `wait until` tries a time first, `agg_call` then `call`.
            "journey \"a\" { wait until \"\\q\" wait until 9:00 on mon }".to_string(),
            "segment s = sum(\"\\q\") + max(event \"E\" within 1 day, \"\\z\")".to_string(),
        ];
        // Chains and prefixes around the depth limit, twice in a file (said once), with
        // diagnostics before and after.
        for n in [126, 127, 128, 129, 130] {
            let nots = format!("{}x", "not ".repeat(n));
            let negs = format!("{}x", "-".repeat(n));
            let chain = format!("x{}", " + \"\\q\"".repeat(n));
            let exists = format!("x{}", " exists".repeat(n));
            for e in [&nots, &negs, &chain, &exists] {
                sources.push(format!("segment s = \"\\a\" + {e} + \"\\b\"\nsegment t = {e}"));
                sources.push(format!("segment s = [{e}, \"\\c\"] == ({e})"));
                sources.push(format!("journey \"a\" {{ send sms \"{{{{ {e} }}}} \\d\" }}"));
            }
        }
        for source in &sources {
            assert_agree(source);
        }
        // The sources above do say something (but for an unknown step's block, never built),
        // and not only their first error.
        let clean: Vec<&String> = sources.iter().filter(|s| parse(s).is_ok()).collect();
        assert_eq!(clean, [&sources[8], &sources[18], &sources[19], &sources[20]]);
        let codes_of = |s: &str| parse(s).unwrap_err().0.iter().map(|d| d.code).collect::<Vec<_>>();
        // The chain is found when the run ends, after its operands have spoken.
        assert_eq!(codes_of(&sources[0]), [codes::INVALID_ESCAPE, codes::SYNTAX, codes::SYNTAX]);
        // The list's first item stops at its second `==`; the list goes on to its next item
        // (`"\\q"`), the run it is in stops there: `"\\z"` is never built.
        let d = parse(&sources[2]).unwrap_err().0;
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].message.contains("do not chain") && d[1].message.contains("\\q"), "{d:?}");
    }

    /// A mutation of a source at a token boundary: a token deleted, duplicated or swapped with the
    /// next, or the text cut there.
    fn mutate(source: &str, pick: usize, kind: u8) -> String {
        // Token boundaries: starts of runs of word characters, and single other characters.
        let mut starts: Vec<usize> = Vec::new();
        let mut prev_word = false;
        for (i, c) in source.char_indices() {
            let is_word = c.is_alphanumeric() || c == '_';
            if !(c.is_whitespace() || is_word && prev_word) {
                starts.push(i);
            }
            prev_word = is_word;
        }
        if starts.is_empty() {
            return source.to_string();
        }
        let k = pick % starts.len();
        let start = starts[k];
        let end = starts.get(k + 1).copied().unwrap_or(source.len());
        let token = &source[start..end];
        let (head, tail) = (&source[..start], &source[end..]);
        match kind % 4 {
            0 => format!("{head}{tail}"),
            1 => format!("{head}{token}{token}{tail}"),
            2 => {
                let next_end = starts.get(k + 2).copied().unwrap_or(source.len());
                let next = &source[end..next_end];
                format!("{head}{next}{token}{}", &source[next_end..])
            }
            _ => head.to_string(),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

        /// Mutated corpus sources (one to three mutations): both parsers agree.
        #[test]
        fn the_parsers_agree_on_mutations(
            which in any::<usize>(),
            edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..4),
        ) {
            let corpus = corpus_cached();
            let mut source = corpus[which % corpus.len()].clone();
            for (pick, kind) in edits {
                source = mutate(&source, pick, kind);
            }
            assert_agree(&source);
        }

        /// Expressions of random operands and operators (most of them parse), with escapes
        /// that are bad, numbers and durations too large, interpolations where none may be,
        /// chained comparisons and runs near the depth limit, in the places expressions take:
        /// both parsers agree (the AST, or the diagnostics and their order).
        #[test]
        fn the_parsers_agree_on_expression_soup(
            run in proptest::collection::vec((
                proptest::sample::select(vec!["", "not ", "-", "not -", "- -"]),
                proptest::sample::select(vec![
                    "a", "1", "2.5", "\"s\"", "\"\\q\"", "\"{{ x }}\"", "\"{{ \\\"\\z\\\" }}\"",
                    "99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999",
                    "99999999999999999999 days", "2 days", "profile.a", "profile[\"{{x}}\"]",
                    "profile[\"\\q\"]", "item.x", "now", "true", "(a == b == c)", "(\"\\w\")",
                    "[\"\\q\", 1 == 2 == 3, \"\\z\"]", "[]", "f()", "f(\"\\z\", a < b < c)",
                    "count(event \"\\q\" where 1 == 2 == 3 within 1 day)",
                    "sum(event \"E\" within 99999999999999999999 days, \"\\y\")", "(  a\n)",
                ]),
                proptest::sample::select(vec!["", " exists", " exists exists"]),
                proptest::sample::select(vec![
                    " == ", " != ", " < ", " >= ", " in ", " contains ", " + ", " - ", " * ",
                    " / ", " and ", " or ", " ?? ", "\n", " #c\n ",
                ]),
            ), 1..10),
            deep in 0..4usize,
            place in 0..4usize,
        ) {
            let mut e = String::new();
            for (i, (prefix, operand, postfix, op)) in run.iter().enumerate() {
                if i > 0 {
                    e.push_str(op);
                }
                if i == 0 && deep > 0 {
                    // Near the depth limit: the first operand under 124-127 prefixes.
                    e.push_str(&"not ".repeat(123 + deep));
                }
                e.push_str(prefix);
                e.push_str(operand);
                e.push_str(postfix);
            }
            let source = match place {
                0 => format!("segment s = {e}"),
                1 => format!("journey \"j\" {{ audience {e} send sms \"{{{{ {e} }}}}\" }}"),
                2 => format!("journey \"j\" {{ if {e} {{ stop }} set profile.x = {e} }}"),
                _ => format!("segment s = {e}\nsegment t = [{e}, ({e})]"),
            };
            assert_agree(&source);
        }

        /// Short strings of the language's pieces: both parsers agree.
        #[test]
        fn the_parsers_agree_on_token_soup(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "journey", "\"j\"", "{", "}", "(", ")", "[", "]", "when", "event", "\"E\"", "where",
                "send", "sms", "\"hi {{ profile.a }}\"", "wait", "2", "days", "until", "09:00", "on",
                "mon", ",", "if", "else", "profile", ".", "x", "==", "and", "not", "-", "exists",
                "count", "within", "split", "50", "%", "stop", "set", "=", "digest", "for", "\n",
                " ", "#c\n", "test", "expect", "no", "decisions", "at", "segment", "policy",
                "limit", "per", "$1", "quiet", "hours", "to", "topic", "opt-in", "message", "en",
                "item", "sum", "now", "true", "??", "in", "reentry", "after", "never", "fallback",
                "template", "expire", "key", "holdout", "transactional", "unknown", "\"",
            ]), 0..24),
        ) {
            assert_agree(&pieces.concat());
        }
    }

    /// The two parsers' speed side by side, on the corpus (docs/performance.md): run with
    /// `cargo test --release -p herald-lang --lib speed_against_pest -- --ignored --nocapture`.
    /// It prints times and asserts only agreement (no timed assertion).
    #[test]
    #[ignore = "a measurement: run in release by hand"]
    fn speed_against_pest() {
        let corpus: Vec<&String> = corpus_cached().iter().filter(|s| parse(s).is_ok()).collect();
        let bytes: usize = corpus.iter().map(|s| s.len()).sum();
        let rounds = 50;
        let time = |f: &dyn Fn(&str) -> Result<File, Diagnostics>| {
            let mut best = std::time::Duration::MAX;
            for _ in 0..rounds {
                let start = std::time::Instant::now();
                for s in &corpus {
                    assert!(f(s).is_ok());
                }
                best = best.min(start.elapsed());
            }
            best
        };
        for _ in 0..3 {
            let ours = time(&|s| parse(s));
            let theirs = time(&|s| parse_with_pest(s));
            println!(
            "{} sources, {bytes} bytes: hand-written {ours:?}, pest {theirs:?} (best of {rounds})",
            corpus.len()
        );
        }
    }
}
