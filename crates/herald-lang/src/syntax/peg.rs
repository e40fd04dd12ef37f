//! The runtime of the hand-written parser of `grammar/herald.pest` (the grammar's rules are in
//! `grammar.rs`): a small machine that behaves as pest's does (docs/architecture.md, "Why the
//! parser looks the way it does"), while the rules build the typed AST as they match.
//!
//! Why not pest itself: its generated parser and runtime were the largest piece of the language
//! in the WebAssembly module (docs/wasm.md, "Where the bytes go"). Why this shape: the parse must
//! fail at the same place with the same expectations as pest, and succeed with the tree that
//! pest's tokens gave, which the grammar file stays the reference of (pest parses it in the
//! differential tests, `parser/oracle.rs`, and the old walk of its tokens builds the AST there).
//! So the runtime keeps pest's rules of the game:
//! - between the parts of a sequence in a non-atomic rule, whitespace and comments are skipped
//!   (also before an optional or repeated part that then matches nothing: spans may end after
//!   whitespace, as pest's do);
//! - a rule that fails records itself at its start as "expected" (pest's `track`): the error is
//!   the furthest position and the rules recorded there, the rules inside atomic rules (`@{ }`)
//!   never, a rule whose children recorded exactly one attempt at its start not;
//! - inside a negative lookahead a rule that matches is recorded among the negatives.
//!
//! A rule returns its node (`Some`) or fails (`None`) having consumed nothing. What the nodes say
//! beyond the grammar (a number too large, a bad escape, an expression too deep) is a diagnostic
//! pushed as the node is built; a rule or sequence that fails takes its diagnostics back with it,
//! so only the nodes of the final parse speak, in source order, as the walk of the tree did.
//!
//! Atomic rules are written as plain code over bytes: nothing inside them is tracked. Recursion
//! goes through brackets only (the pre-scan bounds their nesting) and is bounded here too
//! (`MAX_RULE_DEPTH`): past it a rule fails, never overflows the stack.

use super::ast::{Ident, Span};
use crate::diagnostics::Diagnostic;

/// Deepest nesting of rule calls. The pre-scan's `MAX_NESTING` keeps real sources far below it
/// (a bracket level costs at most four rule calls).
const MAX_RULE_DEPTH: usize = 1024;

macro_rules! rules {
    ($($r:ident),* $(,)?) => {
        /// The grammar's rules that appear in errors (pest's non-silent rules).
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

/// A failed parse: the furthest position where a rule failed, and the rules expected there
/// (sorted, without duplicates), as pest reports them.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) struct SyntaxError {
    pub pos: usize,
    pub positives: Vec<Rule>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Atomicity {
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

/// The parser's state: the input, pest's tracking, and the diagnostics of the nodes built.
pub(super) struct P<'s> {
    pub src: &'s str,
    pub b: &'s [u8],
    pub pos: usize,
    atomicity: Atomicity,
    lookahead: Lookahead,
    attempt_pos: usize,
    pos_attempts: Vec<Rule>,
    neg_attempts: Vec<Rule>,
    depth: usize,
    pub diags: Vec<Diagnostic>,
}

/// What a rule restores or tracks when it ends (taken when it starts).
struct Mark {
    start: usize,
    diags: usize,
    pos_index: usize,
    neg_index: usize,
    attempts: usize,
    /// Past `MAX_RULE_DEPTH`: the rule fails.
    deep: bool,
}

pub(super) fn is_ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl<'s> P<'s> {
    pub fn new(src: &'s str) -> Self {
        P {
            src,
            b: src.as_bytes(),
            pos: 0,
            atomicity: Atomicity::NonAtomic,
            lookahead: Lookahead::None,
            attempt_pos: 0,
            pos_attempts: Vec::new(),
            neg_attempts: Vec::new(),
            depth: 0,
            diags: Vec::new(),
        }
    }

    /// The error of a failed parse.
    pub fn error(self) -> SyntaxError {
        let mut positives = self.pos_attempts;
        crate::sort::sort_dedup(&mut positives);
        SyntaxError { pos: self.attempt_pos, positives }
    }

    pub fn text(&self, span: Span) -> &'s str {
        self.src.get(span.start..span.end).unwrap_or("")
    }

    /// The span from `start` to here.
    pub fn from(&self, start: usize) -> Span {
        Span::new(start, self.pos)
    }

    /// The identifier whose text is `span`'s.
    pub fn ident(&self, span: Span) -> Ident {
        Ident { name: self.text(span).to_string(), span }
    }

    pub fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    pub fn at(&self, s: &str) -> bool {
        self.b.get(self.pos..).is_some_and(|rest| rest.starts_with(s.as_bytes()))
    }

    /// A literal: matched and consumed, or nothing consumed.
    pub fn lit(&mut self, s: &str) -> bool {
        let ok = self.at(s);
        if ok {
            self.pos += s.len();
        }
        ok
    }

    /// `lit` as a part of a sequence written with `?`.
    pub fn sym(&mut self, s: &str) -> Option<()> {
        self.lit(s).then_some(())
    }

    /// pest's `ANY`: one character.
    pub fn any(&mut self) -> bool {
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

    pub fn digits(&mut self) -> bool {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos > start
    }

    /// The first of `alts` found here, then no identifier character: `@{ ("a" | "b") ~ !ident_char }`.
    pub fn word_of(&mut self, alts: &[&str]) -> bool {
        let Some(w) = alts.iter().find(|w| self.at(w)) else { return false };
        if self.b.get(self.pos + w.len()).is_some_and(|&b| is_ident_char(b)) {
            return false;
        }
        self.pos += w.len();
        true
    }

    /// pest's implicit whitespace: `WHITESPACE* ~ (COMMENT ~ WHITESPACE*)*`, in non-atomic rules.
    pub fn skip(&mut self) {
        if self.atomicity != Atomicity::NonAtomic {
            return;
        }
        loop {
            while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
                self.pos += 1;
            }
            if self.peek() != Some(b'#') {
                return;
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
    fn track(&mut self, rule: Rule, m: &Mark) {
        if self.atomicity == Atomicity::Atomic {
            return;
        }
        let pos = m.start;
        let curr = self.attempts_at(pos);
        if curr > m.attempts && curr - m.attempts == 1 {
            return;
        }
        if pos == self.attempt_pos {
            self.pos_attempts.truncate(m.pos_index);
            self.neg_attempts.truncate(m.neg_index);
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

    /// pest's `ParserState::rule`: runs the body (which builds the rule's node), tracks a failure.
    /// The generic part is this shell; the bookkeeping (depth included) is in `enter` and
    /// `leave`, once: the shell is instantiated for every rule of the grammar.
    pub fn rule<T>(&mut self, rule: Rule, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let m = self.enter();
        let out = if m.deep { None } else { f(self) };
        self.leave(rule, &m, out.is_some());
        out
    }

    /// `rule` for a body that only matches (atomic rules, words). A closure, inlined: these are
    /// the hot rules (words, keywords), and a shell shared through a function pointer made the
    /// parse about 10% slower for a few hundred bytes (docs/wasm.md, "The parser builds the AST").
    pub fn rule_ok(&mut self, rule: Rule, f: impl FnOnce(&mut Self) -> bool) -> bool {
        self.rule(rule, |p| f(p).then_some(())).is_some()
    }

    /// A rule starts: what `leave` needs, and one level deeper unless that is too deep (then
    /// the rule fails without running its body).
    #[inline(never)]
    fn enter(&mut self) -> Mark {
        let start = self.pos;
        let (pos_index, neg_index) = if start == self.attempt_pos {
            (self.pos_attempts.len(), self.neg_attempts.len())
        } else {
            (0, 0)
        };
        let deep = self.depth >= MAX_RULE_DEPTH;
        if !deep {
            self.depth += 1;
        }
        let (diags, attempts) = (self.diags.len(), self.attempts_at(start));
        Mark { start, diags, pos_index, neg_index, attempts, deep }
    }

    /// A rule ends: back one level; a failure tracked (pest's rules) and undone.
    #[inline(never)]
    fn leave(&mut self, rule: Rule, m: &Mark, ok: bool) {
        if !m.deep {
            self.depth -= 1;
        }
        if ok {
            if self.lookahead == Lookahead::Negative {
                self.track(rule, m);
            }
        } else {
            if self.lookahead != Lookahead::Negative {
                self.track(rule, m);
            }
            self.restore(m.start, m.diags);
        }
    }

    /// Back to `pos`, without the diagnostics pushed since there were `diags`.
    #[inline(never)]
    fn restore(&mut self, pos: usize, diags: usize) {
        self.pos = pos;
        self.diags.truncate(diags);
    }

    /// pest's `sequence`: all or nothing (the parts are the body's `?`s).
    pub fn seq<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let (start, diags) = (self.pos, self.diags.len());
        let out = f(self);
        if out.is_none() {
            self.restore(start, diags);
        }
        out
    }

    /// `x*` as pest generates it: `(x ~ (skip ~ x)*)?`.
    pub fn star(&mut self, mut f: impl FnMut(&mut Self) -> bool) {
        self.star_dyn(&mut f)
    }

    #[inline(never)]
    fn star_dyn(&mut self, f: &mut dyn FnMut(&mut Self) -> bool) {
        if f(self) {
            while self
                .seq(|p| {
                    p.skip();
                    f(p).then_some(())
                })
                .is_some()
            {}
        }
    }

    /// `x*` collecting the nodes of `x`.
    pub fn many<T>(&mut self, mut f: impl FnMut(&mut Self) -> Option<T>) -> Vec<T> {
        let mut out = Vec::new();
        self.star(|p| match f(p) {
            Some(x) => {
                out.push(x);
                true
            }
            None => false,
        });
        out
    }

    pub fn atomic<T>(&mut self, atomicity: Atomicity, f: impl FnOnce(&mut Self) -> T) -> T {
        let outer = self.atomicity;
        self.atomicity = atomicity;
        let out = f(self);
        self.atomicity = outer;
        out
    }

    pub fn look(&mut self, positive: bool, mut f: impl FnMut(&mut Self) -> bool) -> bool {
        self.look_dyn(positive, &mut f)
    }

    /// pest's `lookahead`: `&x` (positive) or `!x`; consumes nothing. Nothing inside builds.
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
