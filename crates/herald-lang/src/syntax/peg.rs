//! The hand-written parser of `grammar/herald.pest`: one function per grammar rule, over a small
//! runtime that behaves as pest's does (docs/architecture.md, "The syntax layer").
//!
//! Why not pest itself: its generated parser and runtime were the largest piece of the language
//! in the WebAssembly module (docs/wasm.md, "Where the bytes go"). Why this shape: the parse must
//! produce the same tree and fail at the same place with the same expectations as pest, which
//! the grammar file stays the reference of (pest parses it in the differential tests,
//! `parser/oracle.rs`). So the runtime keeps pest's rules of the game:
//! - between the parts of a sequence in a non-atomic rule, whitespace and comments are skipped
//!   (also before an optional or repeated part that then matches nothing: spans may end after
//!   whitespace, as pest's do);
//! - a rule that fails records itself at its start as "expected" (pest's `track`): the error is
//!   the furthest such position and the rules recorded there, the rules inside atomic rules
//!   (`@{ }`) never, a rule whose children recorded exactly one attempt at its start not;
//! - inside a negative lookahead a rule that matches is recorded among the negatives;
//! - a rule's token is kept (for the tree) outside lookaheads and atomic rules.
//!
//! Atomic rules are written as plain code over bytes: nothing inside them is tracked or kept.
//! Recursion goes through brackets only (the pre-scan bounds their nesting) and is bounded here
//! too (`MAX_RULE_DEPTH`): past it a rule fails, never overflows the stack.

/// Deepest nesting of rule calls. The pre-scan's `MAX_NESTING` keeps real sources far below it
/// (a bracket level costs at most four rule calls).
const MAX_RULE_DEPTH: usize = 1024;

macro_rules! rules {
    ($($r:ident),* $(,)?) => {
        /// The grammar's rules that make tokens or appear in errors (pest's non-silent rules).
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
        pub(crate) enum Rule { $($r),* }

        #[cfg(any(test, feature = "pest-oracle"))]
        impl Rule {
            /// The rule of this name (pest's `Rule` variants are named as the grammar's rules).
            pub(crate) fn from_name(name: &str) -> Option<Rule> {
                match name {
                    $(stringify!($r) => Some(Rule::$r),)*
                    _ => None,
                }
            }
        }
    };
}

rules! {
    EOI, word, keyword, ident, never, always, restart, after, messages, stop_step, word_key,
    word_holdout, word_set, word_changes, on_word, expire_word, digest_word, number, int, time,
    unit, duration, money, dollar_money, code_money, string, str_text, escape, interp, file,
    segment_def, policy, journey, unknown_item, unknown_step, rest_of_line, raw_block, raw_text,
    message_def, message_variant, locale_tag, word_message, when_clause, audience_clause,
    exit_clause, exit_if_clause, when_changes_clause, key_clause, holdout_clause, topic_clause,
    topic_mode, word_topic, default_locale_clause, word_default, word_locale, reentry_clause,
    limit_clause, quiet_clause, budget_clause, timezone_clause, transactional_clause,
    event_match, send_step, expire_after, send_option, message_content, template_content,
    wait_step, wait_until_step, on_days, wait_until_expr_step, wait_for_step, if_step, else_if,
    split_step, split_arm, block, digest_step, set_step, expr, op_coalesce, op_or, op_and,
    op_not, op_cmp, op_exists, op_add, op_mul, op_neg, agg_fn, agg_call, expr_duration,
    item_root, item_path, list, paren, count_call, call, boolean, now, path, path_root,
    path_segment, name, tests_for, test_block, t_at, t_after, t_profile, t_event, t_expect,
    t_no_decisions, t_not_waiting, t_waiting, t_no, t_decision, t_action, t_channel,
    t_stmt_word, t_field_word, f_journey, f_content, t_contains, f_template, f_to, f_reason,
    f_until, f_step, f_cost, w_tests, w_test, w_at, w_profile, w_expect, w_no, w_decisions,
    w_not, w_waiting, w_content, w_reason, w_step, w_cost, t_object, t_member, t_list,
    t_number, t_word,
}

// The grammar's `keyword` alternatives, in its order, are the AST's reserved words.
use super::ast::KEYWORDS;
use Rule as R;

/// One matched rule: its text is `start..end`; its children are the tokens after it up to
/// `next` (the index of its next sibling).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Tok {
    pub rule: Rule,
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

/// A failed parse: the furthest position where a rule failed, and the rules expected there
/// (sorted, without duplicates), as pest reports them.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) struct SyntaxError {
    pub pos: usize,
    pub positives: Vec<Rule>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Atomicity {
    Atomic,
    Compound,
    NonAtomic,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lookahead {
    None,
    Positive,
    Negative,
}

struct P<'s> {
    b: &'s [u8],
    pos: usize,
    atomicity: Atomicity,
    lookahead: Lookahead,
    attempt_pos: usize,
    pos_attempts: Vec<Rule>,
    neg_attempts: Vec<Rule>,
    queue: Vec<Tok>,
    depth: usize,
}

/// Parses a whole file: the tokens in pest's order (the first is `file`), or the error.
pub(crate) fn parse_file(source: &str) -> Result<Vec<Tok>, SyntaxError> {
    let mut p = P {
        b: source.as_bytes(),
        pos: 0,
        atomicity: Atomicity::NonAtomic,
        lookahead: Lookahead::None,
        attempt_pos: 0,
        pos_attempts: Vec::new(),
        neg_attempts: Vec::new(),
        queue: Vec::new(),
        depth: 0,
    };
    if file(&mut p) {
        Ok(p.queue)
    } else {
        let mut positives = p.pos_attempts;
        crate::sort::sort_dedup(&mut positives);
        Err(SyntaxError { pos: p.attempt_pos, positives })
    }
}

fn is_ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl P<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn at(&self, s: &str) -> bool {
        self.b.get(self.pos..).is_some_and(|rest| rest.starts_with(s.as_bytes()))
    }

    /// A literal: matched and consumed, or nothing consumed.
    fn lit(&mut self, s: &str) -> bool {
        let ok = self.at(s);
        if ok {
            self.pos += s.len();
        }
        ok
    }

    /// pest's `ANY`: one character.
    fn any(&mut self) -> bool {
        match self.peek() {
            None => false,
            Some(b) => {
                // The length of the UTF-8 sequence this byte starts (the input is a `str`).
                self.pos += match b {
                    0xf0.. => 4,
                    0xe0.. => 3,
                    0xc0.. => 2,
                    _ => 1,
                };
                true
            }
        }
    }

    fn digits(&mut self) -> bool {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos > start
    }

    /// The first of `alts` found here, then no identifier character: `@{ ("a" | "b") ~ !ident_char }`.
    fn word_of(&mut self, alts: &[&str]) -> bool {
        let Some(w) = alts.iter().find(|w| self.at(w)) else { return false };
        if self.b.get(self.pos + w.len()).is_some_and(|&b| is_ident_char(b)) {
            return false;
        }
        self.pos += w.len();
        true
    }

    /// pest's implicit whitespace: `WHITESPACE* ~ (COMMENT ~ WHITESPACE*)*`, in non-atomic rules.
    fn skip(&mut self) -> bool {
        if self.atomicity != Atomicity::NonAtomic {
            return true;
        }
        loop {
            while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
                self.pos += 1;
            }
            if self.peek() != Some(b'#') {
                return true;
            }
            while self.peek().is_some_and(|b| b != b'\n') {
                self.pos += 1;
            }
        }
    }

    fn attempts_at(&self, pos: usize) -> usize {
        if self.attempt_pos == pos {
            self.pos_attempts.len() + self.neg_attempts.len()
        } else {
            0
        }
    }

    /// pest's `ParserState::track`.
    fn track(&mut self, rule: Rule, pos: usize, pos_index: usize, neg_index: usize, prev: usize) {
        if self.atomicity == Atomicity::Atomic {
            return;
        }
        let curr = self.attempts_at(pos);
        if curr > prev && curr - prev == 1 {
            return;
        }
        if pos == self.attempt_pos {
            self.pos_attempts.truncate(pos_index);
            self.neg_attempts.truncate(neg_index);
        }
        if pos > self.attempt_pos {
            self.pos_attempts.clear();
            self.neg_attempts.clear();
            self.attempt_pos = pos;
        }
        if pos == self.attempt_pos {
            if self.lookahead == Lookahead::Negative {
                self.neg_attempts.push(rule);
            } else {
                self.pos_attempts.push(rule);
            }
        }
    }

    fn rule(&mut self, rule: Rule, mut f: impl FnMut(&mut Self) -> bool) -> bool {
        self.rule_dyn(rule, &mut f)
    }

    /// pest's `ParserState::rule`: runs the body, keeps a token, tracks a failure.
    #[inline(never)]
    fn rule_dyn(&mut self, rule: Rule, f: &mut dyn FnMut(&mut Self) -> bool) -> bool {
        let start = self.pos;
        let index = self.queue.len();
        let (pos_index, neg_index) = if start == self.attempt_pos {
            (self.pos_attempts.len(), self.neg_attempts.len())
        } else {
            (0, 0)
        };
        let keep = self.lookahead == Lookahead::None && self.atomicity != Atomicity::Atomic;
        if keep {
            self.queue.push(Tok { rule, start, end: start, next: index });
        }
        let attempts = self.attempts_at(start);
        let ok = self.depth < MAX_RULE_DEPTH && {
            self.depth += 1;
            let ok = f(self);
            self.depth -= 1;
            ok
        };
        if ok {
            if self.lookahead == Lookahead::Negative {
                self.track(rule, start, pos_index, neg_index, attempts);
            }
            if keep {
                let (end, next) = (self.pos, self.queue.len());
                if let Some(t) = self.queue.get_mut(index) {
                    t.end = end;
                    t.next = next;
                }
            }
        } else {
            if self.lookahead != Lookahead::Negative {
                self.track(rule, start, pos_index, neg_index, attempts);
            }
            if keep {
                self.queue.truncate(index);
            }
            self.pos = start;
        }
        ok
    }

    fn seq(&mut self, mut f: impl FnMut(&mut Self) -> bool) -> bool {
        self.seq_dyn(&mut f)
    }

    /// pest's `sequence`: all or nothing.
    #[inline(never)]
    fn seq_dyn(&mut self, f: &mut dyn FnMut(&mut Self) -> bool) -> bool {
        let (start, index) = (self.pos, self.queue.len());
        let ok = f(self);
        if !ok {
            self.pos = start;
            self.queue.truncate(index);
        }
        ok
    }

    fn opt(&mut self, mut f: impl FnMut(&mut Self) -> bool) -> bool {
        f(self);
        true
    }

    /// `x*` as pest generates it: `(x ~ (skip ~ x)*)?`.
    fn star(&mut self, mut f: impl FnMut(&mut Self) -> bool) -> bool {
        self.star_dyn(&mut f)
    }

    #[inline(never)]
    fn star_dyn(&mut self, f: &mut dyn FnMut(&mut Self) -> bool) -> bool {
        if f(self) {
            while self.seq(|p| p.skip() && f(p)) {}
        }
        true
    }

    fn atomic(&mut self, atomicity: Atomicity, mut f: impl FnMut(&mut Self) -> bool) -> bool {
        let outer = self.atomicity;
        self.atomicity = atomicity;
        let ok = f(self);
        self.atomicity = outer;
        ok
    }

    fn look(&mut self, positive: bool, mut f: impl FnMut(&mut Self) -> bool) -> bool {
        self.look_dyn(positive, &mut f)
    }

    /// pest's `lookahead`: `&x` (positive) or `!x`; consumes nothing.
    #[inline(never)]
    fn look_dyn(&mut self, positive: bool, f: &mut dyn FnMut(&mut Self) -> bool) -> bool {
        let outer = self.lookahead;
        self.lookahead = match (positive, outer) {
            (true, Lookahead::Negative) | (false, Lookahead::Positive | Lookahead::None) => {
                Lookahead::Negative
            }
            _ => Lookahead::Positive,
        };
        let start = self.pos;
        let ok = f(self);
        self.pos = start;
        self.lookahead = outer;
        ok == positive
    }
}

/// `a ~ b ~ c` in a non-atomic rule: the parts with implicit whitespace between them.
macro_rules! seq {
    ($p:ident; $first:expr $(, $rest:expr)* $(,)?) => {
        $p.seq(|$p| $first $(&& $p.skip() && $rest)*)
    };
}

// ---------------------------------------------------------------- words

fn word_body(p: &mut P) -> bool {
    if !p.peek().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_') {
        return false;
    }
    p.pos += 1;
    while p.peek().is_some_and(is_ident_char) {
        p.pos += 1;
    }
    true
}

fn word(p: &mut P) -> bool {
    p.rule(R::word, word_body)
}

fn keyword(p: &mut P) -> bool {
    p.rule(R::keyword, |p| p.word_of(KEYWORDS))
}

fn ident(p: &mut P) -> bool {
    p.rule(R::ident, |p| {
        let start = p.pos;
        let reserved = p.word_of(KEYWORDS);
        p.pos = start;
        !reserved && word_body(p)
    })
}

/// `&keyword ~ "w"`: a reserved word.
fn kw(p: &mut P, w: &str) -> bool {
    seq!(p; p.look(true, keyword), p.lit(w))
}

/// `&rule ~ "w"`: a plain word checked whole by the atomic rule `rule`.
fn kw_by(p: &mut P, rule: Rule, w: &str) -> bool {
    seq!(p; p.look(true, |p| word_rule(p, rule, w)), p.lit(w))
}

/// `rule = @{ "w" ~ !ident_char }`.
fn word_rule(p: &mut P, rule: Rule, w: &str) -> bool {
    p.rule(rule, |p| p.word_of(&[w]))
}

fn never(p: &mut P) -> bool {
    word_rule(p, R::never, "never")
}

fn after(p: &mut P) -> bool {
    word_rule(p, R::after, "after")
}

// ---------------------------------------------------------------- literals

fn number_body(p: &mut P) -> bool {
    if !p.digits() {
        return false;
    }
    let start = p.pos;
    if !(p.lit(".") && p.digits()) {
        p.pos = start;
    }
    true
}

fn number(p: &mut P) -> bool {
    p.rule(R::number, number_body)
}

fn int(p: &mut P) -> bool {
    p.rule(R::int, |p| {
        p.lit("-");
        p.digits()
    })
}

fn time(p: &mut P) -> bool {
    p.rule(R::time, |p| p.digits() && p.lit(":") && p.digits())
}

const UNITS: &[&str] =
    &["seconds", "second", "minutes", "minute", "hours", "hour", "days", "day", "weeks", "week"];

fn unit(p: &mut P) -> bool {
    p.rule(R::unit, |p| p.word_of(UNITS))
}

fn duration(p: &mut P) -> bool {
    p.rule(R::duration, |p| seq!(p; int(p), unit(p)))
}

fn money(p: &mut P) -> bool {
    p.rule(R::money, |p| dollar_money(p) || code_money(p))
}

fn dollar_money(p: &mut P) -> bool {
    p.atomic(Atomicity::Compound, |p| p.rule(R::dollar_money, |p| seq!(p; p.lit("$"), number(p))))
}

fn code_money(p: &mut P) -> bool {
    p.rule(R::code_money, |p| seq!(p; number(p), word(p)))
}

fn string(p: &mut P) -> bool {
    p.atomic(Atomicity::Compound, |p| {
        p.rule(R::string, |p| {
            seq!(p; p.lit("\""), p.star(|p| str_text(p) || escape(p) || interp(p)), p.lit("\""))
        })
    })
}

fn str_text(p: &mut P) -> bool {
    p.rule(R::str_text, |p| {
        let start = p.pos;
        while !(p.at("\"") || p.at("\\") || p.at("{{") || p.at("\n")) && p.any() {}
        p.pos > start
    })
}

fn escape(p: &mut P) -> bool {
    p.rule(R::escape, |p| {
        if !p.lit("\\") {
            return false;
        }
        let after_backslash = p.pos;
        if p.lit("u{") {
            while !(p.at("}") || p.at("\"") || p.at("\n")) && p.any() {}
            if p.lit("}") {
                return true;
            }
            p.pos = after_backslash;
        }
        !p.at("\n") && p.any()
    })
}

fn interp(p: &mut P) -> bool {
    p.atomic(Atomicity::NonAtomic, |p| {
        p.rule(R::interp, |p| seq!(p; p.lit("{{"), expr(p), p.lit("}}")))
    })
}

// ---------------------------------------------------------------- file

fn file(p: &mut P) -> bool {
    p.rule(R::file, |p| seq!(p; true, p.star(item), p.rule(R::EOI, |p| p.pos == p.b.len())))
}

fn item(p: &mut P) -> bool {
    segment_def(p)
        || policy(p)
        || journey(p)
        || message_def(p)
        || tests_for(p)
        || test_block(p)
        || unknown(p, R::unknown_item)
}

fn segment_def(p: &mut P) -> bool {
    p.rule(R::segment_def, |p| seq!(p; kw(p, "segment"), word(p), p.lit("="), expr(p)))
}

fn policy(p: &mut P) -> bool {
    p.rule(R::policy, |p| seq!(p; kw(p, "policy"), p.lit("{"), p.star(clause), p.lit("}")))
}

fn journey(p: &mut P) -> bool {
    p.rule(R::journey, |p| {
        seq!(p; kw(p, "journey"), string(p), p.lit("{"), p.star(|p| clause(p) || step(p)), p.lit("}"))
    })
}

/// `unknown_item` / `unknown_step`: `ident ~ rest_of_line ~ raw_block?`.
fn unknown(p: &mut P, rule: Rule) -> bool {
    p.rule(rule, |p| seq!(p; ident(p), rest_of_line(p), p.opt(raw_block)))
}

fn rest_of_line(p: &mut P) -> bool {
    p.rule(R::rest_of_line, |p| loop {
        match p.peek() {
            Some(b'"') => {
                p.pos += 1;
                loop {
                    let before = p.pos;
                    if p.lit("\\") && !p.at("\n") && p.any() {
                        continue;
                    }
                    p.pos = before;
                    if p.at("\"") || p.at("\n") || !p.any() {
                        break;
                    }
                }
                p.lit("\"");
            }
            Some(b'\n' | b'{' | b'}' | b'#') | None => return true,
            Some(_) => {
                p.any();
            }
        }
    })
}

fn raw_block(p: &mut P) -> bool {
    p.rule(
        R::raw_block,
        |p| seq!(p; p.lit("{"), p.star(|p| raw_block(p) || string(p) || raw_text(p)), p.lit("}")),
    )
}

fn raw_text(p: &mut P) -> bool {
    p.rule(R::raw_text, |p| {
        let start = p.pos;
        while !matches!(p.peek(), Some(b'{' | b'}' | b'"' | b'#')) && p.any() {}
        p.pos > start
    })
}

fn message_word(p: &mut P) -> bool {
    kw_by(p, R::word_message, "message")
}

fn message_def(p: &mut P) -> bool {
    p.rule(
        R::message_def,
        |p| seq!(p; message_word(p), string(p), p.lit("{"), p.star(message_variant), p.lit("}")),
    )
}

fn message_variant(p: &mut P) -> bool {
    p.rule(R::message_variant, |p| seq!(p; locale_tag(p), string(p)))
}

fn locale_tag(p: &mut P) -> bool {
    p.rule(R::locale_tag, |p| {
        if !p.peek().is_some_and(is_ident_char) {
            return false;
        }
        p.pos += 1;
        while p.peek().is_some_and(|b| is_ident_char(b) || b == b'-') {
            p.pos += 1;
        }
        true
    })
}

// ---------------------------------------------------------------- clauses

fn clause(p: &mut P) -> bool {
    when_changes_clause(p)
        || p.rule(R::when_clause, |p| seq!(p; kw(p, "when"), event_match(p)))
        || p.rule(R::audience_clause, |p| seq!(p; kw(p, "audience"), expr(p)))
        || p.rule(R::exit_if_clause, |p| seq!(p; kw(p, "exit"), kw(p, "if"), expr(p)))
        || p.rule(R::exit_clause, |p| seq!(p; kw(p, "exit"), kw(p, "when"), event_match(p)))
        || reentry_clause(p)
        || limit_clause(p)
        || quiet_clause(p)
        || budget_clause(p)
        || p.rule(R::timezone_clause, |p| seq!(p; kw(p, "timezone"), string(p)))
        || word_rule(p, R::transactional_clause, "transactional")
        || p.rule(R::key_clause, |p| seq!(p; kw_by(p, R::word_key, "key"), expr(p)))
        || p.rule(
            R::holdout_clause,
            |p| seq!(p; kw_by(p, R::word_holdout, "holdout"), number(p), p.lit("%")),
        )
        || topic_clause(p)
        || p.rule(R::default_locale_clause, |p| {
            seq!(p;
                kw_by(p, R::word_default, "default"),
                kw_by(p, R::word_locale, "locale"),
                string(p),
            )
        })
}

fn when_changes_clause(p: &mut P) -> bool {
    p.rule(R::when_changes_clause, |p| {
        seq!(p;
            kw(p, "when"),
            kw(p, "profile"),
            path_segment(p),
            kw_by(p, R::word_changes, "changes"),
            p.opt(|p| seq!(p; kw(p, "to"), expr(p))),
        )
    })
}

fn topic_clause(p: &mut P) -> bool {
    p.rule(R::topic_clause, |p| {
        seq!(p;
            kw_by(p, R::word_topic, "topic"),
            string(p),
            p.opt(|p| p.rule(R::topic_mode, |p| {
                let Some(w) = ["opt-in", "opt-out"].into_iter().find(|w| p.at(w)) else {
                    return false;
                };
                if p.b.get(p.pos + w.len()).is_some_and(|&b| is_ident_char(b) || b == b'-') {
                    return false;
                }
                p.pos += w.len();
                true
            })),
        )
    })
}

fn reentry_clause(p: &mut P) -> bool {
    p.rule(R::reentry_clause, |p| {
        seq!(p;
            kw(p, "reentry"),
            never(p)
                || word_rule(p, R::always, "always")
                || word_rule(p, R::restart, "restart")
                || seq!(p; after(p), duration(p)),
        )
    })
}

fn limit_clause(p: &mut P) -> bool {
    p.rule(R::limit_clause, |p| {
        seq!(p;
            kw(p, "limit"),
            number(p),
            p.rule(R::messages, |p| p.word_of(&["messages", "message"])) || ident(p),
            kw(p, "per"),
            duration(p),
        )
    })
}

fn quiet_clause(p: &mut P) -> bool {
    p.rule(R::quiet_clause, |p| {
        seq!(p;
            kw(p, "quiet"),
            seq!(p; p.look(true, unit), p.lit("hours")),
            time(p),
            kw(p, "to"),
            time(p),
        )
    })
}

fn budget_clause(p: &mut P) -> bool {
    p.rule(R::budget_clause, |p| seq!(p; kw(p, "budget"), money(p), kw(p, "per"), kw(p, "entry")))
}

fn event_match(p: &mut P) -> bool {
    p.rule(
        R::event_match,
        |p| seq!(p; kw(p, "event"), string(p), p.opt(|p| seq!(p; kw(p, "where"), expr(p)))),
    )
}

// ---------------------------------------------------------------- steps

fn step(p: &mut P) -> bool {
    send_step(p)
        || wait_for_step(p)
        || p.rule(R::wait_until_step, |p| {
            seq!(p;
                kw(p, "wait"),
                kw(p, "until"),
                time(p),
                p.opt(|p| p.rule(R::on_days, |p| {
                    seq!(p;
                        word_rule(p, R::on_word, "on"),
                        ident(p),
                        p.star(|p| seq!(p; p.lit(","), ident(p))),
                    )
                })),
            )
        })
        || p.rule(R::wait_until_expr_step, |p| seq!(p; kw(p, "wait"), kw(p, "until"), expr(p)))
        || p.rule(R::wait_step, |p| seq!(p; kw(p, "wait"), duration(p)))
        || if_step(p)
        || p.rule(R::split_step, |p| {
            seq!(p;
                kw(p, "split"),
                p.lit("{"),
                p.star(|p| p.rule(R::split_arm, |p| seq!(p; number(p), p.lit("%"), block(p)))),
                p.lit("}"),
            )
        })
        || word_rule(p, R::stop_step, "stop")
        || p.rule(R::set_step, |p| {
            seq!(p;
                kw_by(p, R::word_set, "set"),
                kw(p, "profile"),
                path_segment(p),
                p.lit("="),
                p.look(false, |p| p.lit("=")),
                expr(p),
            )
        })
        || p.rule(R::digest_step, |p| {
            seq!(p;
                word_rule(p, R::digest_word, "digest"),
                seq!(p; kw(p, "for"), duration(p)) || seq!(p; kw(p, "until"), time(p)),
            )
        })
        || unknown(p, R::unknown_step)
}

fn send_step(p: &mut P) -> bool {
    p.rule(R::send_step, |p| {
        seq!(p;
            kw(p, "send"),
            send_option(p),
            p.star(|p| seq!(p; kw(p, "fallback"), send_option(p))),
            p.opt(|p| p.rule(R::expire_after, |p| {
                seq!(p; word_rule(p, R::expire_word, "expire"), after(p), duration(p))
            })),
        )
    })
}

fn send_option(p: &mut P) -> bool {
    p.rule(R::send_option, |p| {
        seq!(p;
            ident(p),
            p.rule(R::template_content, |p| seq!(p; kw(p, "template"), string(p)))
                || p.rule(R::message_content, |p| seq!(p; message_word(p), string(p)))
                || string(p),
        )
    })
}

fn wait_for_step(p: &mut P) -> bool {
    p.rule(R::wait_for_step, |p| {
        seq!(p;
            kw(p, "wait"),
            kw(p, "for"),
            event_match(p),
            kw(p, "within"),
            duration(p),
            block(p),
            p.opt(|p| seq!(p; kw(p, "timeout"), block(p))),
        )
    })
}

fn if_step(p: &mut P) -> bool {
    p.rule(R::if_step, |p| {
        seq!(p;
            kw(p, "if"),
            expr(p),
            block(p),
            p.star(|p| p.rule(R::else_if, |p| {
                seq!(p; kw(p, "else"), kw(p, "if"), expr(p), block(p))
            })),
            p.opt(|p| seq!(p; kw(p, "else"), block(p))),
        )
    })
}

fn block(p: &mut P) -> bool {
    p.rule(R::block, |p| seq!(p; p.lit("{"), p.star(step), p.lit("}")))
}

// ---------------------------------------------------------------- expressions

fn expr(p: &mut P) -> bool {
    p.rule(R::expr, |p| seq!(p; operand(p), p.star(|p| seq!(p; infix_op(p), operand(p)))))
}

fn operand(p: &mut P) -> bool {
    seq!(p;
        p.star(|p| {
            word_rule(p, R::op_not, "not") || p.rule(R::op_neg, |p| p.lit("-"))
        }),
        primary(p),
        p.star(|p| word_rule(p, R::op_exists, "exists")),
    )
}

fn infix_op(p: &mut P) -> bool {
    p.rule(R::op_coalesce, |p| p.lit("??"))
        || word_rule(p, R::op_or, "or")
        || word_rule(p, R::op_and, "and")
        || p.rule(R::op_cmp, |p| {
            ["==", "!=", "<=", ">=", "<", ">"].into_iter().any(|op| p.lit(op))
                || p.word_of(&["in", "contains", "starts_with", "ends_with"])
        })
        || p.rule(R::op_add, |p| p.lit("+") || p.lit("-"))
        || p.rule(R::op_mul, |p| p.lit("*") || p.lit("/"))
}

fn primary(p: &mut P) -> bool {
    p.rule(R::expr_duration, duration)
        || number(p)
        || string(p)
        || p.rule(R::list, |p| {
            seq!(p;
                p.lit("["),
                p.opt(|p| seq!(p;
                    expr(p),
                    p.star(|p| seq!(p; p.lit(","), expr(p))),
                    p.opt(|p| p.lit(",")),
                )),
                p.lit("]"),
            )
        })
        || p.rule(R::paren, |p| seq!(p; p.lit("("), expr(p), p.lit(")")))
        || p.rule(R::count_call, |p| {
            seq!(p;
                kw(p, "count"),
                p.lit("("),
                event_match(p),
                kw(p, "within"),
                duration(p),
                p.lit(")"),
            )
        })
        || p.rule(R::agg_call, |p| {
            seq!(p;
                p.rule(R::agg_fn, |p| p.word_of(&["sum", "min", "max", "avg", "last"])),
                p.lit("("),
                event_match(p),
                kw(p, "within"),
                duration(p),
                p.opt(|p| seq!(p; p.lit(","), expr(p))),
                p.lit(")"),
            )
        })
        || p.rule(R::call, |p| {
            seq!(p;
                ident(p),
                p.lit("("),
                p.opt(|p| seq!(p; expr(p), p.star(|p| seq!(p; p.lit(","), expr(p))))),
                p.lit(")"),
            )
        })
        || p.rule(R::boolean, |p| p.word_of(&["true", "false"]))
        || word_rule(p, R::now, "now")
        || p.rule(R::path, |p| {
            seq!(p;
                p.rule(R::path_root, |p| p.word_of(&["profile", "event", "trigger", "digest"])),
                path_segment(p),
                p.star(path_segment),
            )
        })
        || p.rule(
            R::item_path,
            |p| seq!(p; word_rule(p, R::item_root, "item"), p.star(path_segment)),
        )
        || p.rule(R::name, ident)
}

fn path_segment(p: &mut P) -> bool {
    fn spaces(p: &mut P) -> bool {
        while matches!(p.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            p.pos += 1;
        }
        true
    }
    p.atomic(Atomicity::Compound, |p| {
        p.rule(R::path_segment, |p| {
            p.seq(|p| p.lit(".") && spaces(p) && word(p))
                || p.seq(|p| p.lit("[") && spaces(p) && string(p) && spaces(p) && p.lit("]"))
        })
    })
}

// ---------------------------------------------------------------- tests

fn tests_for(p: &mut P) -> bool {
    p.rule(R::tests_for, |p| seq!(p; word_rule(p, R::w_tests, "tests"), kw(p, "for"), string(p)))
}

fn test_block(p: &mut P) -> bool {
    p.rule(R::test_block, |p| {
        seq!(p;
            word_rule(p, R::w_test, "test"),
            string(p),
            p.lit("{"),
            p.star(test_stmt),
            p.lit("}"),
        )
    })
}

fn test_stmt(p: &mut P) -> bool {
    p.rule(R::t_at, |p| seq!(p; word_rule(p, R::w_at, "at"), string(p)))
        || p.rule(R::t_after, |p| seq!(p; after(p), duration(p)))
        || p.rule(R::t_profile, |p| seq!(p; word_rule(p, R::w_profile, "profile"), t_object(p)))
        || p.rule(R::t_event, |p| seq!(p; kw(p, "event"), string(p), p.opt(t_object)))
        || p.rule(R::t_expect, |p| {
            seq!(p;
                word_rule(p, R::w_expect, "expect"),
                p.rule(R::t_no_decisions, |p| {
                    seq!(p; word_rule(p, R::w_no, "no"), word_rule(p, R::w_decisions, "decisions"))
                }) || p.rule(R::t_not_waiting, |p| {
                    seq!(p;
                        word_rule(p, R::w_not, "not"),
                        word_rule(p, R::w_waiting, "waiting"),
                        p.star(t_field),
                    )
                }) || p.rule(R::t_waiting, |p| {
                    seq!(p; word_rule(p, R::w_waiting, "waiting"), p.star(t_field))
                }) || p.rule(R::t_no, |p| seq!(p; word_rule(p, R::w_no, "no"), t_decision(p)))
                    || t_decision(p),
            )
        })
        || unknown(p, R::unknown_step)
}

fn t_decision(p: &mut P) -> bool {
    p.rule(R::t_decision, |p| {
        seq!(p;
            p.rule(R::t_action, word_body),
            p.opt(|p| p.rule(R::t_channel, |p| {
                seq!(p;
                    p.look(false, |p| {
                        p.rule(R::t_field_word, |p| {
                            p.word_of(&["content", "reason", "step", "cost"])
                        })
                    }),
                    p.look(false, |p| {
                        p.rule(R::t_stmt_word, |p| {
                            p.word_of(&["at", "expect", "profile", "event", "after"])
                        })
                    }),
                    ident(p),
                )
            })),
            p.star(t_field),
        )
    })
}

fn t_field(p: &mut P) -> bool {
    p.rule(R::f_journey, |p| seq!(p; kw(p, "journey"), string(p)))
        || p.rule(R::f_content, |p| {
            seq!(p;
                word_rule(p, R::w_content, "content"),
                p.opt(|p| word_rule(p, R::t_contains, "contains")),
                string(p),
            )
        })
        || p.rule(R::f_template, |p| seq!(p; kw(p, "template"), string(p)))
        || p.rule(R::f_to, |p| seq!(p; kw(p, "to"), string(p)))
        || p.rule(R::f_reason, |p| seq!(p; word_rule(p, R::w_reason, "reason"), word(p)))
        || p.rule(R::f_until, |p| seq!(p; kw(p, "until"), string(p)))
        || p.rule(R::f_step, |p| seq!(p; word_rule(p, R::w_step, "step"), string(p)))
        || p.rule(R::f_cost, |p| seq!(p; word_rule(p, R::w_cost, "cost"), money(p)))
}

fn t_object(p: &mut P) -> bool {
    p.rule(R::t_object, |p| {
        seq!(p;
            p.lit("{"),
            p.star(|p| seq!(p;
                p.rule(R::t_member, |p| {
                    seq!(p; string(p) || word(p), p.opt(|p| p.lit(":")), t_value(p))
                }),
                p.opt(|p| p.lit(",")),
            )),
            p.lit("}"),
        )
    })
}

fn t_value(p: &mut P) -> bool {
    t_object(p)
        || p.rule(R::t_list, |p| {
            seq!(p;
                p.lit("["),
                p.star(|p| seq!(p; t_value(p), p.opt(|p| p.lit(",")))),
                p.lit("]"),
            )
        })
        || string(p)
        || p.rule(R::t_number, |p| {
            p.lit("-");
            if !number_body(p) {
                return false;
            }
            let start = p.pos;
            if !((p.lit("e") || p.lit("E")) && {
                let _ = p.lit("+") || p.lit("-");
                p.digits()
            }) {
                p.pos = start;
            }
            true
        })
        || p.rule(R::t_word, word_body)
}
