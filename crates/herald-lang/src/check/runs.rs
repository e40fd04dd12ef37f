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
                        super::word_span(c.span.start, "key"),
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

fn own_key(code: crate::diagnostics::Code, key: &PathSegment, verb: &str) -> Diagnostic {
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
        // An aggregate's `where` and value read past events, not the trigger.
        ExprKind::Count { .. }
        | ExprKind::Aggregate(_)
        | ExprKind::Duration(_)
        | ExprKind::Number(_)
        | ExprKind::Bool(_)
        | ExprKind::Now => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check_src, expect_at, journey, with_code};
    use crate::diagnostics::codes;

    const ALL_FORMS: &str = "journey \"appt\" {
  when event \"Appointment Booked\"
  when profile.plan changes to \"pro\"
  key trigger.appointment_id
  exit when event \"Appointment Cancelled\" where event.id == trigger.appointment_id
  exit when event \"Account Deleted\"
  exit if profile.converted == true
  exit if profile[\"opted out\"] exists
  holdout 12.5%
  reentry restart

  wait 1 day
  set profile.reminded = trigger.appointment_id
  set profile[\"last step\"] = \"reminder\"
  send email \"Reminder {{ trigger.appointment_id }} from {{ trigger.from ?? \"-\" }}\"
}
";

    #[test]
    fn every_run_form_checks_clean_and_formats_to_itself() {
        let diags = check_src(ALL_FORMS);
        assert!(diags.is_empty(), "{diags:#?}");
        assert_eq!(crate::format::format(ALL_FORMS).unwrap(), ALL_FORMS);
    }

    #[test]
    fn several_exits_are_allowed_and_one_key_and_holdout() {
        let src = journey("  exit if profile.a\n  exit if profile.b\n  key trigger.x\n  key trigger.y\n  holdout 5%\n  holdout 6%\n  send email \"x\"");
        let d = check_src(&src);
        assert_eq!(with_code(&d, codes::DUPLICATE_CLAUSE).len(), 2, "{d:#?}");
    }

    #[test]
    fn set_and_changes_on_herald_keys_are_errors_with_help() {
        let src = journey("  set profile.id = \"x\"\n  send email \"x\"");
        let d = check_src(&src);
        let e = expect_at(&src, &d, codes::SET_RESERVED_KEY, ".id", 0);
        assert!(e.help.as_deref().unwrap_or("").contains("profile.onboarded"));
        let src = "journey \"j\" {\n  when profile[\"events\"] changes\n  send email \"x\"\n}\n";
        let d = check_src(src);
        expect_at(src, &d, codes::CHANGES_RESERVED_KEY, "[\"events\"]", 0);
    }

    #[test]
    fn holdout_must_be_strictly_between_0_and_100_with_two_decimals() {
        for (p, bad) in [
            ("0", true),
            ("100", true),
            ("150", true),
            ("0.001", true),
            ("0.01", false),
            ("99.99", false),
            ("10", false),
        ] {
            let src = journey(&format!("  holdout {p}%\n  send email \"x\""));
            let d = check_src(&src);
            assert_eq!(with_code(&d, codes::BAD_HOLDOUT).len(), usize::from(bad), "{p}: {d:#?}");
        }
    }

    #[test]
    fn warnings_holdout_transactional_set_own_trigger_constant_key() {
        let src = journey("  transactional\n  holdout 10%\n  send email \"x\"");
        expect_at(&src, &check_src(&src), codes::HOLDOUT_TRANSACTIONAL, "holdout 10%", 0);
        let src =
            "journey \"j\" {\n  when profile.tier changes\n  set profile.tier = \"gold\"\n}\n";
        expect_at(src, &check_src(src), codes::SET_CHANGES_OWN_TRIGGER, ".tier", 1);
        let src = journey("  key profile.id\n  send email \"x\"");
        expect_at(&src, &check_src(&src), codes::KEY_SAME_FOR_EVERY_RUN, "key", 0);
        let src = journey("  key trigger.id\n  send email \"x\"");
        assert!(with_code(&check_src(&src), codes::KEY_SAME_FOR_EVERY_RUN).is_empty());
    }

    #[test]
    fn misspelt_run_words_get_a_suggestion() {
        for (written, meant) in [("holdot", "holdout"), ("control", "holdout"), ("update", "set")] {
            let src = journey(&format!("  {written} profile.a\n  send email \"x\""));
            let d = check_src(&src);
            let e = expect_at(&src, &d, codes::UNKNOWN_KEYWORD, written, 0);
            assert!(e.help.as_deref().unwrap_or("").contains(meant), "{written}: {e:?}");
        }
    }

    #[test]
    fn at_most_32_exits() {
        let exits: String = (0..33).map(|i| format!("  exit if profile.a{i}\n")).collect();
        let src = journey(&format!("{exits}  send email \"x\""));
        let d = check_src(&src);
        assert_eq!(with_code(&d, codes::TOO_MANY_EXITS).len(), 1);
        let exits: String = (0..32).map(|i| format!("  exit if profile.a{i}\n")).collect();
        let src = journey(&format!("{exits}  send email \"x\""));
        assert!(with_code(&check_src(&src), codes::TOO_MANY_EXITS).is_empty());
    }

    #[test]
    fn wait_never_resumes_still_holds_with_several_exits() {
        let src = journey("  exit when event \"A\"\n  exit if profile.x\n  exit when event \"Paid\"\n  wait for event \"Paid\" within 1 day { send email \"x\" }");
        let d = check_src(&src);
        assert_eq!(with_code(&d, codes::WAIT_NEVER_RESUMES).len(), 1, "{d:#?}");
    }

    #[test]
    fn run_forms_are_not_allowed_in_policy_and_types_are_checked() {
        let src = "policy {\n  holdout 10%\n  exit if profile.a\n}\njourney \"j\" {\n  when event \"E\"\n  send email \"x\"\n}\n";
        assert_eq!(with_code(&check_src(src), codes::CLAUSE_NOT_ALLOWED).len(), 2);
        let src = journey("  exit if \"a\" > 3\n  set profile.x = \"a\" > 3\n  send email \"x\"");
        assert_eq!(with_code(&check_src(&src), codes::TYPE_MISMATCH).len(), 2);
    }
}
