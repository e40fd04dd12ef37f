//! Size limits (E0004 journeys per file, E0005 steps per journey), the most messages one run
//! can send (`max_messages`, also used by `analyze`), and caps that can never bite (W0001).

use crate::diagnostics::{codes, Diagnostic};
use crate::syntax::ast::{
    ClauseKind, File, Item, Journey, Reentry, SendOption, Step, StepKind, CHANNELS,
};
use std::collections::HashMap;

/// The most journeys one file may hold.
pub const MAX_JOURNEYS: usize = 100;
/// The most steps one journey may hold, nested steps included.
pub const MAX_STEPS_PER_JOURNEY: usize = 1_000;
/// The largest `limit N ...` count.
pub const MAX_LIMIT_COUNT: u64 = 1_000_000;

/// The messages sent on the paths through some steps: the most on paths that reach the end
/// (`None`: no path does) and the most on paths that `stop` on the way.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Outcome {
    through: Option<u64>,
    stopped: Option<u64>,
}

impl Outcome {
    const NOTHING: Outcome = Outcome { through: Some(0), stopped: None };

    fn worst(self) -> u64 {
        self.through.max(self.stopped).unwrap_or(0)
    }

    /// The outcome of choosing one of several arms.
    fn any_of(arms: impl IntoIterator<Item = Outcome>) -> Outcome {
        arms.into_iter().fold(Outcome { through: None, stopped: None }, |acc, o| Outcome {
            through: acc.through.max(o.through),
            stopped: acc.stopped.max(o.stopped),
        })
    }
}

/// How many messages one send counts for.
type Counter<'c> = &'c dyn Fn(&[SendOption]) -> u64;

fn sequence<'s>(steps: impl IntoIterator<Item = &'s Step>, count: Counter<'_>) -> Outcome {
    let mut out = Outcome::NOTHING;
    for step in steps {
        let Some(before) = out.through else { break };
        let o = single(step, count);
        out.stopped = out.stopped.max(o.stopped.map(|s| before.saturating_add(s)));
        out.through = o.through.map(|t| before.saturating_add(t));
    }
    out
}

fn single(step: &Step, count: Counter<'_>) -> Outcome {
    match &step.kind {
        StepKind::Send(options) => Outcome { through: Some(count(options)), stopped: None },
        StepKind::Stop => Outcome { through: None, stopped: Some(0) },
        StepKind::Wait(_)
        | StepKind::WaitUntil(_)
        | StepKind::Set { .. }
        | StepKind::Unknown(_) => Outcome::NOTHING,
        StepKind::WaitUntilDays { .. } | StepKind::WaitUntilExpr(_) => Outcome::NOTHING,
        StepKind::Digest(_) => Outcome::NOTHING,
        StepKind::If { branches, otherwise } => Outcome::any_of(
            branches.iter().map(|(_, b)| sequence(&b.steps, count)).chain(std::iter::once(
                otherwise.as_ref().map_or(Outcome::NOTHING, |b| sequence(&b.steps, count)),
            )),
        ),
        StepKind::Split(arms) if arms.is_empty() => Outcome::NOTHING,
        StepKind::Split(arms) => {
            Outcome::any_of(arms.iter().map(|a| sequence(&a.body.steps, count)))
        }
        StepKind::WaitFor { body, timeout, .. } => Outcome::any_of([
            sequence(&body.steps, count),
            timeout.as_ref().map_or(Outcome::NOTHING, |b| sequence(&b.steps, count)),
        ]),
    }
}

/// The most sends one run of these steps can make over any path: `if` and `split` take their
/// worst arm, `wait for` the worse of its event block and its timeout, and a send with
/// fallbacks counts once (only one of its channels sends).
pub fn max_messages(steps: &[Step]) -> u64 {
    sequence(steps, &|_| 1).worst()
}

/// Like `max_messages`, counting only the sends that may go out on `channel` (a send counts
/// once when any of its options uses it).
pub fn max_messages_on(steps: &[Step], channel: &str) -> u64 {
    sequence(steps, &|options| on_channel(options, channel)).worst()
}

/// `max_messages` of a journey's steps.
pub fn journey_max_messages(journey: &Journey) -> u64 {
    sequence(journey.steps(), &|_| 1).worst()
}

fn on_channel(options: &[SendOption], channel: &str) -> u64 {
    u64::from(options.iter().any(|o| o.channel.name == channel))
}

fn count_steps<'s>(steps: impl IntoIterator<Item = &'s Step>) -> usize {
    steps
        .into_iter()
        .map(|s| {
            1 + match &s.kind {
                StepKind::If { branches, otherwise } => {
                    branches.iter().map(|(_, b)| count_steps(&b.steps)).sum::<usize>()
                        + otherwise.as_ref().map_or(0, |b| count_steps(&b.steps))
                }
                StepKind::Split(arms) => arms.iter().map(|a| count_steps(&a.body.steps)).sum(),
                StepKind::WaitFor { body, timeout, .. } => {
                    count_steps(&body.steps) + timeout.as_ref().map_or(0, |b| count_steps(&b.steps))
                }
                _ => 0,
            }
        })
        .sum()
}

/// E0004, E0005 and W0001 for a whole file.
pub(crate) fn check(file: &File) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let journeys: Vec<&Journey> = file
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Journey(j) => Some(j),
            _ => None,
        })
        .collect();
    if let Some(first_extra) = journeys.get(MAX_JOURNEYS) {
        diags.push(
            Diagnostic::error(
                codes::TOO_MANY_JOURNEYS,
                first_extra.id.span,
                format!("this file holds {} journeys; the limit is {MAX_JOURNEYS}", journeys.len()),
            )
            .with_help("split the journeys into several files"),
        );
    }
    for j in journeys {
        let steps = count_steps(j.steps());
        if steps > MAX_STEPS_PER_JOURNEY {
            diags.push(
                Diagnostic::error(
                    codes::TOO_MANY_STEPS,
                    j.id.span,
                    format!("this journey has {steps} steps; the limit is {MAX_STEPS_PER_JOURNEY}"),
                )
                .with_help("split it into several journeys"),
            );
        }
        caps_that_never_bite(j, &mut diags);
    }
    diags
}

/// W0001. Only for journeys a profile enters once (`reentry never`, the default): with
/// reentry, runs add up and a cap above one run's worst case can still bite.
fn caps_that_never_bite(j: &Journey, diags: &mut Vec<Diagnostic>) {
    let reenters =
        j.clauses().any(|c| matches!(&c.kind, ClauseKind::Reentry(r) if *r != Reentry::Never));
    if reenters {
        return;
    }
    // Computed once per journey and channel: a file may repeat `limit` many times.
    let mut total: Option<u64> = None;
    let mut per_channel: HashMap<&str, u64> = HashMap::new();
    for c in j.clauses() {
        let ClauseKind::Limit(limit) = &c.kind else {
            continue;
        };
        let n = limit.count.value;
        if n.fract() != 0.0 || n < 1.0 {
            continue; // E0209
        }
        let (most, what) = match &limit.channel {
            None => (*total.get_or_insert_with(|| journey_max_messages(j)), "messages".to_string()),
            Some(ch) if CHANNELS.contains(&ch.name.as_str()) => (
                *per_channel
                    .entry(ch.name.as_str())
                    .or_insert_with(|| sequence(j.steps(), &|o| on_channel(o, &ch.name)).worst()),
                format!("`{}` messages", ch.name),
            ),
            Some(_) => continue, // E0102
        };
        if n > most as f64 {
            diags.push(
                Diagnostic::warning(
                    codes::LIMIT_NEVER_REACHED,
                    limit.count.span,
                    format!(
                        "a profile goes through this journey once and gets at most {most} {what}, \
                         so a limit of {} never applies",
                        limit.count.text
                    ),
                )
                .with_help("lower the limit, or remove it"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check_src, expect_at, journey, with_code};
    use super::*;
    use crate::syntax::ast::Item;

    fn steps_of(src: &str) -> Vec<Step> {
        let file = crate::syntax::parse(src).unwrap();
        let Some(Item::Journey(j)) = file.items.into_iter().next() else { panic!("no journey") };
        j.steps().cloned().collect()
    }

    #[test]
    fn max_messages_takes_the_worst_path() {
        let s = steps_of(&journey(
            "  send sms \"a\" fallback email \"b\"\n  if profile.a == 1 { send sms \"x\"\n send sms \"y\" } else { send push \"z\" }\n  wait for event \"e\" within 1 day { send sms \"1\" } timeout { send sms \"2\"\n send sms \"3\" }\n  split {\n    50% { stop }\n    50% { send email \"q\" }\n  }",
        ));
        // 1 + 2 + 2 + 1
        assert_eq!(max_messages(&s), 6);
        assert_eq!(max_messages_on(&s, "email"), 2);
        assert_eq!(max_messages_on(&s, "push"), 1);
    }

    #[test]
    fn stop_ends_the_path() {
        let s = steps_of(&journey(
            "  send sms \"a\"\n  if profile.a == 1 { send sms \"b\"\n send sms \"c\"\n stop }\n  send sms \"d\"",
        ));
        // the stopping branch sends 3, the other path 2
        assert_eq!(max_messages(&s), 3);
        let s = steps_of(&journey("  stop"));
        assert_eq!(max_messages(&s), 0);
        assert_eq!(max_messages(&[]), 0);
    }

    #[test]
    fn too_many_journeys() {
        let mut src = String::new();
        for i in 0..=MAX_JOURNEYS {
            src.push_str(&format!(
                "journey \"j{i}\" {{\n  when event \"E\"\n  send sms \"a\"\n}}\n"
            ));
        }
        let d = check_src(&src);
        let e = expect_at(&src, &d, codes::TOO_MANY_JOURNEYS, "\"j100\"", 0);
        assert!(e.message.contains("101 journeys"));
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn too_many_steps_counts_nested_ones() {
        let body = "    send sms \"a\"\n".repeat(MAX_STEPS_PER_JOURNEY);
        let src = journey(&format!("  if profile.a == 1 {{\n{body}  }}"));
        let d = check_src(&src);
        let e = expect_at(&src, &d, codes::TOO_MANY_STEPS, "\"j\"", 0);
        assert!(e.message.contains("1001 steps"), "{}", e.message);
        let ok = journey(&"  send sms \"a\"\n".repeat(MAX_STEPS_PER_JOURNEY));
        assert!(with_code(&check_src(&ok), codes::TOO_MANY_STEPS).is_empty());
    }

    #[test]
    fn caps_above_the_worst_case_warn() {
        let src = journey(
            "  limit 3 messages per 1 day\n  limit 1 push per 1 day\n  send sms \"a\"\n  send email \"b\"",
        );
        let d = check_src(&src);
        let found = with_code(&d, codes::LIMIT_NEVER_REACHED);
        assert_eq!(found.len(), 2);
        let w = found[0];
        assert!(!w.is_error());
        assert_eq!(&src[w.span.start..w.span.end], "3");
        assert!(w.message.contains("at most 2 messages"), "{}", w.message);
        // `push` is never sent, so a cap of 1 never applies either
        assert!(found[1].message.contains("at most 0 `push` messages"));
        let one = journey("  limit 2 sms per 1 day\n  send sms \"a\" fallback email \"b\"");
        let d = check_src(&one);
        expect_at(&one, &d, codes::LIMIT_NEVER_REACHED, "2", 0);
        // a cap equal to the worst case, or any cap on a journey a profile may re-enter, is quiet
        let quiet = journey("  limit 2 messages per 1 day\n  send sms \"a\"\n  send email \"b\"");
        assert!(with_code(&check_src(&quiet), codes::LIMIT_NEVER_REACHED).is_empty());
        let reenter = journey(
            "  reentry always\n  limit 3 messages per 1 day\n  send sms \"a\"\n  send email \"b\"",
        );
        assert!(with_code(&check_src(&reenter), codes::LIMIT_NEVER_REACHED).is_empty());
    }
}
