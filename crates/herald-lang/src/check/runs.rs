//! The run forms of SPEC §6: `set profile.KEY` on a key herald owns (E0420), a `holdout` share
//! outside (0, 100) with at most two decimals (E0421), `when profile.KEY changes` on a key herald
//! owns (E0422), more than `MAX_EXITS` exit clauses in a journey (E0423), a `holdout` on a
//! `transactional` journey (W0015), a journey whose own `set` writes the trait it triggers on
//! (W0016) and a `key` that reads neither `trigger` nor `event`, so every run has the same key
//! (W0017).

use crate::diagnostics::{codes, Diagnostic};
use crate::syntax::ast::{
    Block, ClauseKind, Expr, ExprKind, File, Item, Journey, PathRoot, PathSegment, Step, StepKind,
    StrPart,
};

/// The most `exit when` and `exit if` clauses one journey may have: every one is tested against
/// every run on every request.
pub const MAX_EXITS: usize = 32;

/// Profile keys herald itself owns: a journey can neither write them nor trigger on them.
const OWN_KEYS: [&str; 2] = ["id", "events"];

pub(crate) fn check(file: &File) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for item in &file.items {
        if let Item::Journey(j) = item {
            journey(j, &mut diags);
        }
    }
    diags
}

fn journey(j: &Journey, diags: &mut Vec<Diagnostic>) {
    let mut exits = 0usize;
    let mut changes: Vec<&PathSegment> = Vec::new();
    let transactional = j.clauses().any(|c| matches!(c.kind, ClauseKind::Transactional));
    for c in j.clauses() {
        match &c.kind {
            ClauseKind::ExitWhen(_) | ClauseKind::ExitIf(_) => {
                exits += 1;
                if exits == MAX_EXITS + 1 {
                    diags.push(
                        Diagnostic::error(
                            codes::TOO_MANY_EXITS,
                            c.span,
                            format!("a journey has at most {MAX_EXITS} `exit` clauses"),
                        )
                        .with_help(
                            "combine conditions with `or` in one `exit if`, or name a segment",
                        ),
                    );
                }
            }
            ClauseKind::Holdout(p) => {
                let hundredths = p.value * 100.0;
                let whole = (hundredths - hundredths.round()).abs() < 1e-6;
                if !(p.value > 0.0 && p.value < 100.0 && whole) {
                    diags.push(
                        Diagnostic::error(
                            codes::BAD_HOLDOUT,
                            p.span,
                            format!("a holdout of {}% cannot be measured", p.text),
                        )
                        .with_help(
                            "give a share above 0% and below 100%, with at most two decimals \
                             (`holdout 10%`)",
                        ),
                    );
                }
                if transactional {
                    diags.push(
                        Diagnostic::warning(
                            codes::HOLDOUT_TRANSACTIONAL,
                            c.span,
                            "a holdout on a `transactional` journey withholds messages people \
                             are waiting for",
                        )
                        .with_help("remove `holdout`, or `transactional` if it is marketing"),
                    );
                }
            }
            ClauseKind::WhenChanges(t) => {
                if OWN_KEYS.contains(&t.key.key.as_str()) {
                    diags.push(own_key(codes::CHANGES_RESERVED_KEY, &t.key, "trigger on"));
                }
                changes.push(&t.key);
            }
            ClauseKind::Key(e) if !reads_event(e) => {
                diags.push(
                    Diagnostic::warning(
                        codes::KEY_SAME_FOR_EVERY_RUN,
                        e.span,
                        "this key reads neither `trigger` nor `event`, so every trigger of \
                             a profile gets the same key and there is only ever one run",
                    )
                    .with_help(
                        "key runs on a property of the trigger, such as `key trigger.order_id`",
                    ),
                );
            }
            _ => {}
        }
    }
    let mut sets = Vec::new();
    sets_in(j.steps(), &mut sets);
    for key in sets {
        if OWN_KEYS.contains(&key.key.as_str()) {
            diags.push(own_key(codes::SET_RESERVED_KEY, key, "set"));
        } else if changes.iter().any(|c| c.key == key.key) {
            diags.push(
                Diagnostic::warning(
                    codes::SET_CHANGES_OWN_TRIGGER,
                    key.span,
                    format!(
                        "this journey triggers on changes of `profile.{}` and sets it: each run \
                         can start the next one",
                        key.key
                    ),
                )
                .with_help("set another trait, or trigger on an event"),
            );
        }
    }
}

fn own_key(code: &'static str, key: &PathSegment, verb: &str) -> Diagnostic {
    Diagnostic::error(
        code,
        key.span,
        format!("`profile.{}` belongs to herald: a journey cannot {verb} it", key.key),
    )
    .with_help("use a trait of your own, such as `profile.onboarded`")
}

fn sets_in<'s>(steps: impl IntoIterator<Item = &'s Step>, out: &mut Vec<&'s PathSegment>) {
    let block = |b: &'s Block, out: &mut Vec<&'s PathSegment>| sets_in(&b.steps, out);
    for s in steps {
        match &s.kind {
            StepKind::Set { key, .. } => out.push(key),
            StepKind::If { branches, otherwise } => {
                for (_, b) in branches {
                    block(b, out);
                }
                if let Some(b) = otherwise {
                    block(b, out);
                }
            }
            StepKind::Split(arms) => {
                for a in arms {
                    block(&a.body, out);
                }
            }
            StepKind::WaitFor { body, timeout, .. } => {
                block(body, out);
                if let Some(b) = timeout {
                    block(b, out);
                }
            }
            _ => {}
        }
    }
}

/// Whether an expression reads the trigger (`trigger.X` or `event.X`; a segment may too).
fn reads_event(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Path(p) => matches!(p.root, PathRoot::Event | PathRoot::Trigger),
        // A segment's body is not at hand here: give it the benefit of the doubt.
        ExprKind::Name(_) => true,
        ExprKind::List(items) => items.iter().any(reads_event),
        ExprKind::Unary { operand, .. } => reads_event(operand),
        ExprKind::Binary { lhs, rhs, .. } => reads_event(lhs) || reads_event(rhs),
        ExprKind::Exists(inner) | ExprKind::Paren(inner) => reads_event(inner),
        ExprKind::Call { args, .. } => args.iter().any(reads_event),
        ExprKind::String(s) => s.parts.iter().any(|p| match p {
            StrPart::Interp(i) => reads_event(&i.expr),
            StrPart::Text(_) => false,
        }),
        ExprKind::Count { .. } | ExprKind::Number(_) | ExprKind::Bool(_) | ExprKind::Now => false,
    }
}
