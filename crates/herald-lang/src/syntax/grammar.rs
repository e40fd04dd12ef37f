//! `grammar/herald.pest` written by hand: one function per rule, in the grammar's order of
//! alternatives, over the runtime of `peg.rs`; each rule returns the AST node it matched.
//!
//! How the grammar reads here: `a ~ b ~ c` in a non-atomic rule is `a?; p.skip(); b?;
//! p.skip(); c?` (pest skips whitespace and comments between the parts, also before an optional
//! part that then matches nothing, so a node's span may end after whitespace, as pest's token
//! did); a sequence that is not a rule's whole body is wrapped in `p.seq` (all or nothing);
//! `x*` is `p.star`/`p.many`, `x?` a call whose failure is ignored. A rule's node is built from
//! its parts as soon as they have matched, and the diagnostics the walk of pest's tree gave
//! (numbers, durations, escapes, keys, expression depth) are pushed at the same point of the
//! source; the differential tests (`parser/oracle.rs`) hold every answer to that walk's.
//!
//! Code size: the rules of one kind of node (clauses, steps, test statements, fields, leaf
//! expressions) go through one shell each (`clause_rule`, `step_rule`, `node`, `leaf`) that takes
//! the body as a function, not a closure: a closure would get its own copy of the rule's
//! bookkeeping (docs/wasm.md, "The parser builds the AST"). The hot atomic rules (`P::rule_ok`)
//! keep closures, for speed.

mod expr;
mod lit;
#[cfg(any(test, feature = "pest-oracle"))]
pub(super) use lit::decode_escape;
mod test_items;

use super::ast::*;
use super::peg::{Rule, SyntaxError, P};
use Rule as R;

pub(super) use expr::{expr, path_segment};
use lit::{duration, money, number, string, time, word};

// The grammar's `keyword` alternatives, in its order, are the AST's reserved words.
use super::ast::KEYWORDS;

/// Parses a whole file: its items and the diagnostics of their nodes, or the syntax error.
pub(super) fn parse_file(
    source: &str,
) -> Result<(Vec<Item>, Vec<crate::diagnostics::Diagnostic>), SyntaxError> {
    let mut p = P::new(source);
    match file(&mut p) {
        Some(items) => Ok((items, p.diags)),
        None => Err(p.error()),
    }
}

/// A part of a sequence that only matches.
fn ok(matched: bool) -> Option<()> {
    matched.then_some(())
}

// ---------------------------------------------------------------- words

fn keyword(p: &mut P) -> bool {
    p.rule_ok(R::keyword, |p| p.word_of(KEYWORDS))
}

/// `ident`: a word that is not reserved.
pub(super) fn ident(p: &mut P) -> Option<Span> {
    p.rule(R::ident, |p| {
        let start = p.pos;
        let reserved = p.word_of(KEYWORDS);
        p.pos = start;
        ok(!reserved && lit::word_body(p))?;
        Some(p.from(start))
    })
}

/// `&keyword ~ "w"`: a reserved word. (pest's implicit whitespace between the two parts never
/// skips anything: the lookahead matched a word here.)
pub(super) fn kw(p: &mut P, w: &str) -> Option<()> {
    ok(p.look(true, keyword) && p.lit(w))
}

/// `&rule ~ "w"`: a plain word checked whole by the atomic rule `rule`.
pub(super) fn kw_by(p: &mut P, rule: Rule, w: &str) -> Option<()> {
    ok(p.look(true, |p| word_rule(p, rule, w).is_some()) && p.lit(w))
}

/// `rule = @{ "w" ~ !ident_char }`: the word's span.
pub(super) fn word_rule(p: &mut P, rule: Rule, w: &str) -> Option<Span> {
    p.rule(rule, |p| {
        let start = p.pos;
        ok(p.word_of(&[w]))?;
        Some(p.from(start))
    })
}

fn never(p: &mut P) -> Option<Span> {
    word_rule(p, R::never, "never")
}

pub(super) fn after(p: &mut P) -> Option<Span> {
    word_rule(p, R::after, "after")
}

// ---------------------------------------------------------------- file

fn file(p: &mut P) -> Option<Vec<Item>> {
    p.rule(R::file, |p| {
        p.skip();
        let items = p.many(item);
        p.skip();
        ok(p.rule_ok(R::EOI, |p| p.pos == p.b.len()))?;
        Some(items)
    })
}

fn item(p: &mut P) -> Option<Item> {
    segment_def(p)
        .or_else(|| policy(p))
        .or_else(|| journey(p))
        .or_else(|| message_def(p).map(Item::Message))
        .or_else(|| test_items::tests_for(p))
        .or_else(|| test_items::test_block(p))
        .or_else(|| unknown(p, R::unknown_item).map(|(word, span)| Item::Unknown(word, span)))
}

fn segment_def(p: &mut P) -> Option<Item> {
    p.rule(R::segment_def, |p| {
        let start = p.pos;
        kw(p, "segment")?;
        p.skip();
        let name = ident_of(p, word)?;
        p.skip();
        p.sym("=")?;
        p.skip();
        let expr = expr(p)?;
        Some(Item::Segment(SegmentDef { name, expr, span: p.from(start) }))
    })
}

fn policy(p: &mut P) -> Option<Item> {
    p.rule(R::policy, |p| {
        let start = p.pos;
        kw(p, "policy")?;
        p.skip();
        p.sym("{")?;
        p.skip();
        let clauses = p.many(clause);
        p.skip();
        p.sym("}")?;
        Some(Item::Policy(Policy { clauses, span: p.from(start) }))
    })
}

fn journey(p: &mut P) -> Option<Item> {
    p.rule(R::journey, |p| {
        let start = p.pos;
        kw(p, "journey")?;
        p.skip();
        let id = string(p)?;
        p.skip();
        p.sym("{")?;
        p.skip();
        let body = p.many(|p| {
            clause(p).map(JourneyEntry::Clause).or_else(|| step(p).map(JourneyEntry::Step))
        });
        p.skip();
        p.sym("}")?;
        Some(Item::Journey(Journey { id, body, span: p.from(start) }))
    })
}

/// `unknown_item` / `unknown_step`: `ident ~ rest_of_line ~ raw_block?`: its first word and span.
/// Nothing after the word is built: what the block's strings would say is taken back.
pub(super) fn unknown(p: &mut P, rule: Rule) -> Option<(Ident, Span)> {
    p.rule(rule, |p| {
        let (start, diags) = (p.pos, p.diags.len());
        let word = ident_of(p, ident)?;
        p.skip();
        ok(rest_of_line(p))?;
        p.skip();
        raw_block(p);
        p.diags.truncate(diags);
        Some((word, p.from(start)))
    })
}

fn rest_of_line(p: &mut P) -> bool {
    p.rule_ok(R::rest_of_line, |p| loop {
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
    p.rule_ok(R::raw_block, |p| {
        if !p.lit("{") {
            return false;
        }
        p.skip();
        p.star(|p| raw_block(p) || string(p).is_some() || raw_text(p));
        p.skip();
        p.lit("}")
    })
}

fn raw_text(p: &mut P) -> bool {
    p.rule_ok(R::raw_text, |p| {
        let start = p.pos;
        while !matches!(p.peek(), Some(b'{' | b'}' | b'"' | b'#')) && p.any() {}
        p.pos > start
    })
}

fn message_word(p: &mut P) -> Option<()> {
    kw_by(p, R::word_message, "message")
}

/// `message "ID" { LOCALE "text" ... }`
fn message_def(p: &mut P) -> Option<MessageDef> {
    p.rule(R::message_def, |p| {
        let start = p.pos;
        message_word(p)?;
        p.skip();
        let id = string(p)?;
        p.skip();
        p.sym("{")?;
        p.skip();
        let variants = p.many(message_variant);
        p.skip();
        p.sym("}")?;
        Some(MessageDef { id, variants, span: p.from(start) })
    })
}

fn message_variant(p: &mut P) -> Option<MessageVariant> {
    p.rule(R::message_variant, |p| {
        let start = p.pos;
        let locale = ident_of(p, locale_tag)?;
        p.skip();
        let text = string(p)?;
        Some(MessageVariant { locale, text, span: p.from(start) })
    })
}

fn locale_tag(p: &mut P) -> Option<Span> {
    let start = p.pos;
    let matched = p.rule_ok(R::locale_tag, |p| {
        if !p.peek().is_some_and(super::peg::is_ident_char) {
            return false;
        }
        p.pos += 1;
        while p.peek().is_some_and(|b| super::peg::is_ident_char(b) || b == b'-') {
            p.pos += 1;
        }
        true
    });
    ok(matched)?;
    Some(p.from(start))
}

// ---------------------------------------------------------------- clauses

/// A clause rule whose node is `kind` and the rule's span. The body is a function, not a
/// closure, so that one copy of this shell serves every clause (code size).
#[inline(never)]
fn clause_rule(
    p: &mut P,
    rule: Rule,
    f: fn(&mut P, usize) -> Option<ClauseKind>,
) -> Option<Clause> {
    p.rule(rule, |p| {
        let start = p.pos;
        let kind = f(p, start)?;
        Some(Clause { kind, span: p.from(start) })
    })
}

fn clause(p: &mut P) -> Option<Clause> {
    when_changes_clause(p)
        .or_else(|| {
            clause_rule(p, R::when_clause, |p, _| {
                kw(p, "when")?;
                p.skip();
                Some(ClauseKind::When(event_match(p)?))
            })
        })
        .or_else(|| {
            clause_rule(p, R::audience_clause, |p, _| {
                kw(p, "audience")?;
                p.skip();
                Some(ClauseKind::Audience(expr(p)?))
            })
        })
        .or_else(|| {
            clause_rule(p, R::exit_if_clause, |p, _| {
                kw(p, "exit")?;
                p.skip();
                kw(p, "if")?;
                p.skip();
                Some(ClauseKind::ExitIf(expr(p)?))
            })
        })
        .or_else(|| {
            clause_rule(p, R::exit_clause, |p, _| {
                kw(p, "exit")?;
                p.skip();
                kw(p, "when")?;
                p.skip();
                Some(ClauseKind::ExitWhen(event_match(p)?))
            })
        })
        .or_else(|| reentry_clause(p))
        .or_else(|| limit_clause(p))
        .or_else(|| quiet_clause(p))
        .or_else(|| {
            clause_rule(p, R::budget_clause, |p, _| {
                kw(p, "budget")?;
                p.skip();
                let amount = money(p)?;
                p.skip();
                kw(p, "per")?;
                p.skip();
                kw(p, "entry")?;
                Some(ClauseKind::Budget(amount))
            })
        })
        .or_else(|| {
            clause_rule(p, R::timezone_clause, |p, _| {
                kw(p, "timezone")?;
                p.skip();
                Some(ClauseKind::Timezone(string(p)?))
            })
        })
        .or_else(|| {
            let start = p.pos;
            word_rule(p, R::transactional_clause, "transactional")
                .map(|_| Clause { kind: ClauseKind::Transactional, span: p.from(start) })
        })
        .or_else(|| {
            clause_rule(p, R::key_clause, |p, _| {
                kw_by(p, R::word_key, "key")?;
                p.skip();
                Some(ClauseKind::Key(expr(p)?))
            })
        })
        .or_else(|| {
            clause_rule(p, R::holdout_clause, |p, _| {
                kw_by(p, R::word_holdout, "holdout")?;
                p.skip();
                let percent = number(p)?;
                p.skip();
                p.sym("%")?;
                Some(ClauseKind::Holdout(percent))
            })
        })
        .or_else(|| topic_clause(p))
        .or_else(|| {
            clause_rule(p, R::default_locale_clause, |p, _| {
                kw_by(p, R::word_default, "default")?;
                p.skip();
                kw_by(p, R::word_locale, "locale")?;
                p.skip();
                Some(ClauseKind::DefaultLocale(string(p)?))
            })
        })
}

fn when_changes_clause(p: &mut P) -> Option<Clause> {
    clause_rule(p, R::when_changes_clause, |p, start| {
        kw(p, "when")?;
        p.skip();
        kw(p, "profile")?;
        p.skip();
        let key = path_segment(p)?;
        p.skip();
        kw_by(p, R::word_changes, "changes")?;
        p.skip();
        let to = p.seq(|p| {
            kw(p, "to")?;
            p.skip();
            expr(p)
        });
        Some(ClauseKind::WhenChanges(TraitChange {
            key,
            to: to.map(Box::new),
            span: p.from(start),
        }))
    })
}

fn topic_clause(p: &mut P) -> Option<Clause> {
    clause_rule(p, R::topic_clause, |p, _| {
        kw_by(p, R::word_topic, "topic")?;
        p.skip();
        let name = string(p)?;
        p.skip();
        let mode_start = p.pos;
        let mode = p.rule_ok(R::topic_mode, |p| {
            let Some(w) = ["opt-in", "opt-out"].into_iter().find(|w| p.at(w)) else {
                return false;
            };
            if p.b.get(p.pos + w.len()).is_some_and(|&b| super::peg::is_ident_char(b) || b == b'-')
            {
                return false;
            }
            p.pos += w.len();
            true
        });
        let mode_span = mode.then(|| p.from(mode_start));
        let opt_in = mode_span.map(|s| p.text(s) == "opt-in");
        Some(ClauseKind::Topic(TopicClause { name, opt_in, mode_span }))
    })
}

fn reentry_clause(p: &mut P) -> Option<Clause> {
    clause_rule(p, R::reentry_clause, |p, _| {
        kw(p, "reentry")?;
        p.skip();
        let reentry = never(p)
            .map(|_| Reentry::Never)
            .or_else(|| word_rule(p, R::always, "always").map(|_| Reentry::Always))
            .or_else(|| word_rule(p, R::restart, "restart").map(|_| Reentry::Restart))
            .or_else(|| {
                p.seq(|p| {
                    after(p)?;
                    p.skip();
                    duration(p).map(Reentry::After)
                })
            })?;
        Some(ClauseKind::Reentry(reentry))
    })
}

fn limit_clause(p: &mut P) -> Option<Clause> {
    clause_rule(p, R::limit_clause, |p, start| {
        kw(p, "limit")?;
        p.skip();
        let count = number(p)?;
        p.skip();
        let channel = if p.rule_ok(R::messages, |p| p.word_of(&["messages", "message"])) {
            None
        } else {
            Some(ident_of(p, ident)?)
        };
        p.skip();
        kw(p, "per")?;
        p.skip();
        let window = duration(p)?;
        Some(ClauseKind::Limit(Limit { count, channel, window, span: p.from(start) }))
    })
}

fn quiet_clause(p: &mut P) -> Option<Clause> {
    clause_rule(p, R::quiet_clause, |p, start| {
        kw(p, "quiet")?;
        p.skip();
        ok(p.look(true, |p| lit::unit(p).is_some()) && p.lit("hours"))?;
        p.skip();
        let from = time(p)?;
        p.skip();
        kw(p, "to")?;
        p.skip();
        let to = time(p)?;
        Some(ClauseKind::QuietHours(QuietHours { from, to, span: p.from(start) }))
    })
}

/// `event "Name" [where CONDITION]`
pub(super) fn event_match(p: &mut P) -> Option<EventMatch> {
    p.rule(R::event_match, |p| {
        let start = p.pos;
        kw(p, "event")?;
        p.skip();
        let name = string(p)?;
        p.skip();
        let condition = p.seq(|p| {
            kw(p, "where")?;
            p.skip();
            expr(p)
        });
        Some(EventMatch { name, condition: condition.map(Box::new), span: p.from(start) })
    })
}

// ---------------------------------------------------------------- steps

/// A step rule whose node is `kind` and the rule's span (one shell for all, as `clause_rule`).
#[inline(never)]
fn step_rule(p: &mut P, rule: Rule, f: fn(&mut P) -> Option<StepKind>) -> Option<Step> {
    p.rule(rule, |p| {
        let start = p.pos;
        let kind = f(p)?;
        Some(Step { kind, span: p.from(start), expire: None })
    })
}

fn step(p: &mut P) -> Option<Step> {
    send_step(p)
        .or_else(|| wait_for_step(p))
        .or_else(|| {
            step_rule(p, R::wait_until_step, |p| {
                kw(p, "wait")?;
                p.skip();
                kw(p, "until")?;
                p.skip();
                let time = time(p)?;
                p.skip();
                let days = p.rule(R::on_days, |p| {
                    word_rule(p, R::on_word, "on")?;
                    p.skip();
                    let first = ident_of(p, ident)?;
                    p.skip();
                    let mut days = vec![first];
                    days.extend(p.many(|p| {
                        p.seq(|p| {
                            p.sym(",")?;
                            p.skip();
                            ident(p)
                        })
                        .map(|s| p.ident(s))
                    }));
                    Some(days)
                });
                Some(match days {
                    None => StepKind::WaitUntil(time),
                    Some(days) => StepKind::WaitUntilDays { time, days },
                })
            })
        })
        .or_else(|| {
            step_rule(p, R::wait_until_expr_step, |p| {
                kw(p, "wait")?;
                p.skip();
                kw(p, "until")?;
                p.skip();
                Some(StepKind::WaitUntilExpr(expr(p)?))
            })
        })
        .or_else(|| {
            step_rule(p, R::wait_step, |p| {
                kw(p, "wait")?;
                p.skip();
                Some(StepKind::Wait(duration(p)?))
            })
        })
        .or_else(|| if_step(p))
        .or_else(|| {
            step_rule(p, R::split_step, |p| {
                kw(p, "split")?;
                p.skip();
                p.sym("{")?;
                p.skip();
                let arms = p.many(|p| {
                    p.rule(R::split_arm, |p| {
                        let start = p.pos;
                        let percent = number(p)?;
                        p.skip();
                        p.sym("%")?;
                        p.skip();
                        let body = block(p)?;
                        Some(SplitArm { percent, body, span: p.from(start) })
                    })
                });
                p.skip();
                p.sym("}")?;
                Some(StepKind::Split(arms))
            })
        })
        .or_else(|| {
            let start = p.pos;
            word_rule(p, R::stop_step, "stop").map(|_| Step {
                kind: StepKind::Stop,
                span: p.from(start),
                expire: None,
            })
        })
        .or_else(|| {
            step_rule(p, R::set_step, |p| {
                kw_by(p, R::word_set, "set")?;
                p.skip();
                kw(p, "profile")?;
                p.skip();
                let key = path_segment(p)?;
                p.skip();
                p.sym("=")?;
                p.skip();
                ok(p.look(false, |p| p.lit("=")))?;
                p.skip();
                let value = expr(p)?;
                Some(StepKind::Set { key, value })
            })
        })
        .or_else(|| {
            step_rule(p, R::digest_step, |p| {
                word_rule(p, R::digest_word, "digest")?;
                p.skip();
                let until = p
                    .seq(|p| {
                        kw(p, "for")?;
                        p.skip();
                        duration(p).map(DigestUntil::For)
                    })
                    .or_else(|| {
                        p.seq(|p| {
                            kw(p, "until")?;
                            p.skip();
                            time(p).map(DigestUntil::Until)
                        })
                    })?;
                Some(StepKind::Digest(until))
            })
        })
        .or_else(|| {
            let (word, span) = unknown(p, R::unknown_step)?;
            Some(Step { kind: StepKind::Unknown(word), span, expire: None })
        })
}

fn send_step(p: &mut P) -> Option<Step> {
    p.rule(R::send_step, |p| {
        let start = p.pos;
        kw(p, "send")?;
        p.skip();
        let mut options = vec![send_option(p)?];
        p.skip();
        options.extend(p.many(|p| {
            p.seq(|p| {
                kw(p, "fallback")?;
                p.skip();
                send_option(p)
            })
        }));
        p.skip();
        let expire = p.rule(R::expire_after, |p| {
            word_rule(p, R::expire_word, "expire")?;
            p.skip();
            after(p)?;
            p.skip();
            duration(p)
        });
        Some(Step { kind: StepKind::Send(options), span: p.from(start), expire })
    })
}

fn send_option(p: &mut P) -> Option<SendOption> {
    p.rule(R::send_option, |p| {
        let start = p.pos;
        let channel = ident_of(p, ident)?;
        p.skip();
        let content = p
            .rule(R::template_content, |p| {
                kw(p, "template")?;
                p.skip();
                string(p).map(Content::Template)
            })
            .or_else(|| {
                p.rule(R::message_content, |p| {
                    message_word(p)?;
                    p.skip();
                    string(p).map(Content::Message)
                })
            })
            .or_else(|| string(p).map(Content::Text))?;
        Some(SendOption { channel, content, span: p.from(start) })
    })
}

fn wait_for_step(p: &mut P) -> Option<Step> {
    step_rule(p, R::wait_for_step, |p| {
        kw(p, "wait")?;
        p.skip();
        kw(p, "for")?;
        p.skip();
        let event = event_match(p)?;
        p.skip();
        kw(p, "within")?;
        p.skip();
        let within = duration(p)?;
        p.skip();
        let body = block(p)?;
        p.skip();
        let timeout = p.seq(|p| {
            kw(p, "timeout")?;
            p.skip();
            block(p)
        });
        Some(StepKind::WaitFor { event, within, body, timeout })
    })
}

fn if_step(p: &mut P) -> Option<Step> {
    step_rule(p, R::if_step, |p| {
        kw(p, "if")?;
        p.skip();
        let cond = expr(p)?;
        p.skip();
        let block_ = block(p)?;
        p.skip();
        let mut branches = vec![(cond, block_)];
        branches.extend(p.many(|p| {
            p.rule(R::else_if, |p| {
                kw(p, "else")?;
                p.skip();
                kw(p, "if")?;
                p.skip();
                let cond = expr(p)?;
                p.skip();
                Some((cond, block(p)?))
            })
        }));
        p.skip();
        let otherwise = p.seq(|p| {
            kw(p, "else")?;
            p.skip();
            block(p)
        });
        Some(StepKind::If { branches, otherwise })
    })
}

pub(super) fn block(p: &mut P) -> Option<Block> {
    p.rule(R::block, |p| {
        let start = p.pos;
        p.sym("{")?;
        p.skip();
        let steps = p.many(step);
        p.skip();
        p.sym("}")?;
        Some(Block { steps, span: p.from(start) })
    })
}

/// The identifier matched by `rule` (its text and span).
pub(super) fn ident_of(p: &mut P, rule: fn(&mut P) -> Option<Span>) -> Option<Ident> {
    let span = rule(p)?;
    Some(p.ident(span))
}

/// The text matched by `rule`.
pub(super) fn text_of(p: &mut P, rule: fn(&mut P) -> Option<Span>) -> Option<String> {
    let span = rule(p)?;
    Some(p.text(span).to_string())
}
