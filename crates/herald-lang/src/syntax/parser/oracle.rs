//! The reference: pest's parser of `grammar/herald.pest` (a dev-dependency, never shipped), and
//! the differential tests that hold the hand-written parser (`peg.rs`) to it. Both must accept
//! the same sources with the same tree (the same tokens, hence the same AST and spans), or
//! reject them at the same position expecting the same rules (hence the same diagnostic).

use super::super::peg::{self, Rule, SyntaxError, Tok};
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

/// What `parse` answers when pest parses.
pub(crate) fn parse_with_pest(source: &str) -> Result<File, Diagnostics> {
    parse_with(source, pest_tokens)
}

/// How the two parsers disagree on `source`, if they do: not the same tokens or the same error,
/// or not the same answer from `parse` (AST and spans, or diagnostics).
pub(crate) fn disagreement(source: &str) -> Option<String> {
    let text = match source.strip_prefix('\u{feff}') {
        Some(rest) => format!("   {rest}"),
        None => source.to_string(),
    };
    // pest runs only on what the pre-scan lets through (as the shipped parser did).
    if text.len() <= MAX_SOURCE_BYTES && prescan(&text).is_ok() {
        let ours = peg::parse_file(&text);
        let theirs = pest_tokens(&text);
        if ours != theirs {
            return Some(format!("tokens of {source:?}: hand-written {ours:?}, pest {theirs:?}"));
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
            assert_eq!(named, !silent, "rule `{name}`: silent {silent}, in peg.rs {named}");
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
