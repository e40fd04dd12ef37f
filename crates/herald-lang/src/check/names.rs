//! Names: channels (E0102, E0308), functions (E0103, E0106), segments (E0104, E0108, E0109,
//! E0111, W0003) and words that start no statement (E0105).

use super::walk::Visitor;
use super::{plural, with_help, Suggester};
use crate::diagnostics::{codes, Diagnostic};
use crate::syntax::ast::{
    Clause, ClauseKind, Expr, ExprKind, File, Ident, Item, Journey, Policy, SegmentDef, Span, Step,
    StepKind, CHANNELS, KEYWORDS,
};
use std::collections::{HashMap, HashSet};

/// Words that can start a line inside a journey: the steps, the header clauses, and the words
/// that continue a statement on a new line (`else`, `timeout`, `fallback`).
const STATEMENT_WORDS: &[&str] = &[
    "send",
    "wait",
    "if",
    "else",
    "split",
    "stop",
    "fallback",
    "timeout",
    "when",
    "audience",
    "exit",
    "reentry",
    "limit",
    "quiet",
    "budget",
    "transactional",
    // the run forms of SPEC §6
    "key",
    "holdout",
    "set",
    // localised messages and topics (SPEC §6)
    "topic",
];

/// Statement words of other languages, and herald's words for them.
const FOREIGN_WORDS: &[(&str, &str)] = &[
    ("elif", "else if"),
    ("elsif", "else if"),
    ("elseif", "else if"),
    ("return", "stop"),
    ("sleep", "wait"),
    ("delay", "wait"),
    // other tools' names for a control group and a trait update
    ("control", "holdout"),
    ("update", "set"),
    // other tools' names for a topic and a message in several languages
    ("category", "topic"),
    ("subscription", "topic"),
    ("translation", "message"),
];

/// Words that can start a top-level item.
const ITEM_WORDS: &[&str] = &["segment", "policy", "journey", "message"];

pub(crate) struct Names<'a> {
    diags: Vec<Diagnostic>,
    /// The first definition of each segment name, in file order.
    segments: HashMap<&'a str, &'a SegmentDef>,
    segment_order: Vec<&'a SegmentDef>,
    segment_names: Vec<&'a str>,
    /// The segment whose body is being walked (its first definition only).
    current: Option<&'a str>,
    /// Segment → the segments its body refers to, in order.
    refs: HashMap<&'a str, Vec<&'a str>>,
    /// Segments referred to from a journey or from another segment.
    used: HashSet<&'a str>,
    suggester: Suggester,
}

impl<'a> Names<'a> {
    /// Collects the segment definitions first, so a segment may be used before it is defined.
    pub(crate) fn new(file: &'a File) -> Self {
        let mut names = Names {
            diags: Vec::new(),
            segments: HashMap::new(),
            segment_order: Vec::new(),
            segment_names: Vec::new(),
            current: None,
            refs: HashMap::new(),
            used: HashSet::new(),
            suggester: Suggester::default(),
        };
        for item in &file.items {
            let Item::Segment(def) = item else { continue };
            let name = def.name.name.as_str();
            if KEYWORDS.contains(&name) {
                names.diags.push(
                    Diagnostic::error(
                        codes::KEYWORD_AS_NAME,
                        def.name.span,
                        format!("`{name}` is a reserved word and cannot name a segment"),
                    )
                    .with_help(format!("choose another name, such as `{name}_segment`")),
                );
                continue;
            }
            if names.segments.contains_key(name) {
                names.diags.push(
                    Diagnostic::error(
                        codes::DUPLICATE_SEGMENT,
                        def.name.span,
                        format!("there is already a segment named `{name}`"),
                    )
                    .with_help("segment names must be unique in a file: rename or remove one"),
                );
                continue;
            }
            names.segments.insert(name, def);
            names.segment_order.push(def);
            names.segment_names.push(name);
        }
        names
    }

    pub(crate) fn finish(mut self) -> Vec<Diagnostic> {
        self.report_recursion();
        for def in &self.segment_order {
            let name = def.name.name.as_str();
            if !self.used.contains(name) {
                self.diags.push(
                    Diagnostic::warning(
                        codes::UNUSED_SEGMENT,
                        def.name.span,
                        format!("segment `{name}` is never used"),
                    )
                    .with_help("use it in a condition, or remove it"),
                );
            }
        }
        self.diags
    }

    fn channel(&mut self, channel: &Ident, extra: &[&str]) {
        let name = channel.name.as_str();
        if CHANNELS.contains(&name) {
            return;
        }
        let mut candidates: Vec<&str> = CHANNELS.to_vec();
        candidates.extend_from_slice(extra);
        let help = self.suggester.help(name, &candidates).or_else(|| {
            Some(format!(
                "the channels are {}",
                CHANNELS.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
            ))
        });
        self.diags.push(with_help(
            Diagnostic::error(
                codes::UNKNOWN_CHANNEL,
                channel.span,
                format!("unknown channel `{name}`"),
            ),
            help,
        ));
    }

    fn send(&mut self, options: &'a [crate::syntax::ast::SendOption]) {
        let mut seen: HashSet<&str> = HashSet::new();
        for o in options {
            self.channel(&o.channel, &[]);
            let name = o.channel.name.as_str();
            if !seen.insert(name) {
                self.diags.push(
                    Diagnostic::error(
                        codes::DUPLICATE_CHANNEL,
                        o.channel.span,
                        format!("`{name}` is already tried earlier in this send"),
                    )
                    .with_help(
                        "a fallback on the same channel fails for the same reason: \
                         remove it or pick another channel",
                    ),
                );
            }
        }
    }

    fn call(&mut self, function: &Ident, args: &[Expr]) {
        let name = function.name.as_str();
        if super::functions::AGGREGATES.iter().any(|(f, _)| *f == name) {
            return; // E0408, by `functions`
        }
        let Some(sig) = super::functions::signature(name) else {
            let candidates = super::functions::all_names();
            let help = self.suggester.help(name, &candidates).or_else(|| {
                Some(
                    "see the functions in docs/language.md (\"Functions\"): `count`, `sum`, \
                     `default`, `format_money`, `days_until`, `any`…"
                        .to_string(),
                )
            });
            self.diags.push(with_help(
                Diagnostic::error(
                    codes::UNKNOWN_FUNCTION,
                    function.span,
                    format!("unknown function `{name}`"),
                ),
                help,
            ));
            return;
        };
        let arity = sig.params.len();
        if args.len() < sig.required || args.len() > arity {
            let takes = if sig.required == arity {
                plural(arity as u64, "argument")
            } else {
                format!("{} or {} arguments", sig.required, arity)
            };
            self.diags.push(
                Diagnostic::error(
                    codes::WRONG_ARITY,
                    function.span,
                    format!(
                        "`{name}` takes {takes}, but {} given",
                        match args.len() {
                            0 => "none was".to_string(),
                            1 => "1 was".to_string(),
                            n => format!("{n} were"),
                        }
                    ),
                )
                .with_help(format!("write `{}`", sig.usage)),
            );
        }
    }

    fn name_ref(&mut self, id: &'a Ident) {
        let name = id.name.as_str();
        if super::pitfalls::NULL_WORDS.contains(&name) && !self.segments.contains_key(name) {
            return; // E0113, with the comparison it sits in
        }
        if self.segments.contains_key(name) {
            if self.current != Some(name) {
                self.used.insert(name);
            }
            if let Some(current) = self.current {
                self.refs.entry(current).or_default().push(name);
            }
            return;
        }
        let help = self.suggester.help(name, &self.segment_names).or_else(|| {
            if super::functions::all_names().contains(&name) {
                Some(format!("`{name}` is a function: write `{name}(...)`"))
            } else {
                Some(format!(
                    "define it with `segment {name} = ...`, or read a profile trait with \
                     `profile.{name}`"
                ))
            }
        });
        self.diags.push(with_help(
            Diagnostic::error(codes::UNKNOWN_SEGMENT, id.span, format!("unknown segment `{name}`")),
            help,
        ));
    }

    fn unknown_word(&mut self, word: &Ident, candidates: &[&str], fallback_help: &str) {
        let name = word.name.as_str();
        let help = if CHANNELS.contains(&name) {
            Some(format!("to send a message write `send {name} \"...\"`"))
        } else if let Some((_, herald)) = FOREIGN_WORDS.iter().find(|(w, _)| *w == name) {
            Some(format!("did you mean `{herald}`?"))
        } else if let Some(help) = super::waits::stray_word_help(name) {
            Some(help.to_string())
        } else {
            self.suggester.help(name, candidates).or_else(|| Some(fallback_help.to_string()))
        };
        self.diags.push(with_help(
            Diagnostic::error(
                codes::UNKNOWN_KEYWORD,
                word.span,
                format!("unknown keyword `{name}`"),
            ),
            help,
        ));
    }

    /// E0109, once per group of segments that refer to each other, told as one cycle that
    /// starts at the segment defined first.
    fn report_recursion(&mut self) {
        let index: HashMap<&str, usize> =
            self.segment_names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let edges: Vec<Vec<usize>> = self
            .segment_names
            .iter()
            .map(|n| {
                self.refs
                    .get(n)
                    .into_iter()
                    .flatten()
                    .filter_map(|r| index.get(r).copied())
                    .collect()
            })
            .collect();
        for cycle in super::graph::cycles(&edges) {
            let names: Vec<&str> =
                cycle.iter().filter_map(|n| self.segment_names.get(*n).copied()).collect();
            let (Some(head), Some(def)) =
                (names.first(), cycle.first().and_then(|n| self.segment_order.get(*n)))
            else {
                continue;
            };
            let message = match names.get(1..) {
                Some([]) | None => format!("segment `{head}` refers to itself"),
                Some(rest) => format!(
                    "segment `{head}` refers to itself through {}",
                    join_and(&rest.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>())
                ),
            };
            self.diags.push(
                Diagnostic::error(codes::SEGMENT_RECURSION, def.name.span, message).with_help(
                    "a segment cannot depend on itself: write the condition out in one of them",
                ),
            );
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

impl<'a> Visitor<'a> for Names<'a> {
    fn segment(&mut self, def: &'a SegmentDef) {
        let name = def.name.name.as_str();
        // Only the first definition counts for recursion; duplicates were reported.
        self.current = match self.segments.get(name) {
            Some(first) if std::ptr::eq(*first, def) => Some(name),
            _ => None,
        };
    }

    fn policy(&mut self, _: &'a Policy) {
        self.current = None;
    }

    fn journey(&mut self, _: &'a Journey) {
        self.current = None;
    }

    fn unknown_item(&mut self, word: &'a Ident, _: Span) {
        self.unknown_word(
            word,
            ITEM_WORDS,
            "a file holds `segment`, `policy`, `journey` and `message` definitions",
        );
    }

    fn clause(&mut self, clause: &'a Clause) {
        if let ClauseKind::Limit(limit) = &clause.kind {
            if let Some(channel) = &limit.channel {
                self.channel(channel, &["messages"]);
            }
        }
    }

    fn step(&mut self, step: &'a Step) {
        match &step.kind {
            StepKind::Send(options) => self.send(options),
            StepKind::Unknown(word) => self.unknown_word(
                word,
                STATEMENT_WORDS,
                "a step starts with `send`, `wait`, `if`, `split` or `stop`",
            ),
            _ => {}
        }
    }

    fn expr(&mut self, e: &'a Expr) {
        match &e.kind {
            ExprKind::Name(id) => self.name_ref(id),
            ExprKind::Call { function, args } => self.call(function, args),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check_src, expect_at, journey, with_code};
    use crate::diagnostics::codes;

    #[test]
    fn unknown_channel_in_send_fallback_and_limit() {
        let src = journey("  limit 2 smss per 1 day\n  send sms \"a\" fallback emial \"b\"");
        let d = check_src(&src);
        let found = with_code(&d, codes::UNKNOWN_CHANNEL);
        assert_eq!(found.len(), 2, "{d:#?}");
        let src1 = journey("  send smss \"a\"");
        let d1 = check_src(&src1);
        let e = expect_at(&src1, &d1, codes::UNKNOWN_CHANNEL, "smss", 0);
        assert_eq!(e.message, "unknown channel `smss`");
        assert_eq!(e.help.as_deref(), Some("did you mean `sms`?"));
        let src2 = journey("  send sms \"a\" fallback emial \"b\"");
        let d2 = check_src(&src2);
        let e = expect_at(&src2, &d2, codes::UNKNOWN_CHANNEL, "emial", 0);
        assert_eq!(e.help.as_deref(), Some("did you mean `email`?"));
        let src3 = journey("  limit 2 mesages per 1 day\n  send sms \"a\"");
        let d3 = check_src(&src3);
        let e = expect_at(&src3, &d3, codes::UNKNOWN_CHANNEL, "mesages", 0);
        assert_eq!(e.help.as_deref(), Some("did you mean `messages`?"));
    }

    #[test]
    fn channel_case_is_suggested() {
        let src = journey("  send SMS \"a\"");
        let d = check_src(&src);
        let e = expect_at(&src, &d, codes::UNKNOWN_CHANNEL, "SMS", 0);
        assert_eq!(e.help.as_deref(), Some("did you mean `sms`?"));
    }

    #[test]
    fn same_channel_twice_in_a_fallback_chain() {
        let src = journey("  send sms \"a\" fallback email \"b\" fallback sms \"c\"");
        let d = check_src(&src);
        expect_at(&src, &d, codes::DUPLICATE_CHANNEL, "sms", 1);
    }

    #[test]
    fn unknown_function_and_wrong_arity() {
        let src = journey("  if lowr(profile.a) == \"x\" { stop }\n  send sms \"a\"");
        let d = check_src(&src);
        let e = expect_at(&src, &d, codes::UNKNOWN_FUNCTION, "lowr", 0);
        assert_eq!(e.help.as_deref(), Some("did you mean `lower`?"));

        let src = journey("  if len(profile.a, profile.b) > 1 { stop }\n  send sms \"a\"");
        let d = check_src(&src);
        let e = expect_at(&src, &d, codes::WRONG_ARITY, "len", 0);
        assert_eq!(e.message, "`len` takes 1 argument, but 2 were given");
        let src = journey("  if days_since() > 1 { stop }\n  send sms \"a\"");
        let d = check_src(&src);
        expect_at(&src, &d, codes::WRONG_ARITY, "days_since", 0);
    }

    #[test]
    fn unknown_segment_with_suggestion() {
        let src = format!(
            "segment big_spender = profile.ltv > 1\n{}",
            journey("  audience big_spendr\n  send sms \"a\"")
        );
        let d = check_src(&src);
        let e = expect_at(&src, &d, codes::UNKNOWN_SEGMENT, "big_spendr", 0);
        assert_eq!(e.help.as_deref(), Some("did you mean `big_spender`?"));
        // the typo leaves the segment unused
        expect_at(&src, &d, codes::UNUSED_SEGMENT, "big_spender", 0);
    }

    #[test]
    fn unknown_segment_without_close_match_suggests_a_profile_path() {
        let src = journey("  audience vip\n  send sms \"a\"");
        let d = check_src(&src);
        let e = expect_at(&src, &d, codes::UNKNOWN_SEGMENT, "vip", 0);
        assert!(e.help.as_deref().unwrap().contains("profile.vip"));
    }

    #[test]
    fn segments_may_be_used_before_their_definition() {
        let src = format!(
            "{}segment later = profile.a == 1\n",
            journey("  audience later\n  send sms \"a\"")
        );
        assert_eq!(check_src(&src), vec![]);
    }

    #[test]
    fn duplicate_segment_and_keyword_name() {
        let src = format!(
            "segment a = profile.x == 1\nsegment a = profile.y == 2\nsegment limit = true\n{}",
            journey("  audience a\n  send sms \"a\"")
        );
        let d = check_src(&src);
        let dup = with_code(&d, codes::DUPLICATE_SEGMENT);
        assert_eq!(dup.len(), 1);
        let second = src.match_indices("segment a").nth(1).unwrap().0 + "segment ".len();
        assert_eq!((dup[0].span.start, dup[0].span.end), (second, second + 1));
        let e = expect_at(&src, &d, codes::KEYWORD_AS_NAME, "limit", 0);
        assert!(e.message.contains("reserved"));
    }

    #[test]
    fn recursion_is_reported_once_per_cycle_with_its_path() {
        let src = format!(
            "segment a = b and profile.x == 1\nsegment b = c\nsegment c = a\nsegment d = d\n{}",
            journey("  audience a and d\n  send sms \"a\"")
        );
        let d = check_src(&src);
        let found = with_code(&d, codes::SEGMENT_RECURSION);
        assert_eq!(found.len(), 2, "{d:#?}");
        let abc = found.iter().find(|d| d.message.contains("`a`")).unwrap();
        assert_eq!(abc.message, "segment `a` refers to itself through `b` and `c`");
        assert_eq!(&src[abc.span.start..abc.span.end], "a");
        assert_eq!(abc.span.start, src.find("segment a").unwrap() + 8);
        let dd = found.iter().find(|d| d.message.contains("`d`")).unwrap();
        assert_eq!(dd.message, "segment `d` refers to itself");
    }

    #[test]
    fn long_segment_chains_do_not_overflow() {
        let mut src = String::new();
        for i in 0..20_000 {
            src.push_str(&format!("segment s{i} = s{}\n", i + 1));
        }
        src.push_str("segment s20000 = s0\n");
        src.push_str(&journey("  audience s0\n  send sms \"a\""));
        let d = check_src(&src);
        let found = with_code(&d, codes::SEGMENT_RECURSION);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.starts_with("segment `s0` refers to itself through `s1`, "));
    }

    #[test]
    fn unknown_statement_words() {
        let src = format!(
            "jouney \"x\" {{ }}\n{}",
            journey("  sned sms \"hi\"\n  whn event \"x\"\n  sms \"x\"\n  send sms \"a\"")
        );
        let d = check_src(&src);
        let found = with_code(&d, codes::UNKNOWN_KEYWORD);
        assert_eq!(found.len(), 4, "{d:#?}");
        let help = |word: &str| {
            found
                .iter()
                .find(|d| &src[d.span.start..d.span.end] == word)
                .and_then(|d| d.help.clone())
                .unwrap()
        };
        assert_eq!(help("jouney"), "did you mean `journey`?");
        assert_eq!(help("sned"), "did you mean `send`?");
        assert_eq!(help("whn"), "did you mean `when`?");
        assert_eq!(help("sms"), "to send a message write `send sms \"...\"`");
        let one = journey("  sned sms \"hi\"\n  send sms \"a\"");
        let d = check_src(&one);
        expect_at(&one, &d, codes::UNKNOWN_KEYWORD, "sned", 0);
    }
}
