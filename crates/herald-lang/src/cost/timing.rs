//! The longest a run of a journey can last, for `analyze` (`longest_run_seconds`): the worst
//! path's waits added up, where a `wait until HH:MM` counts a day and an hour (a daylight-saving
//! day), `wait until HH:MM on DAYS` a week and an hour, a `wait for ... within D` its D, and a
//! send that quiet hours can defer the length of the quiet window and an hour, or its `expire
//! after` when that is shorter (past it the send is suppressed, not deferred). A `wait until
//! EXPR` has no bound that the text shows: the journey's figure is then `None`.

use crate::channel::Channel;
use crate::syntax::ast::{Block, ClauseKind, File, Item, Journey, Step, StepKind};

const HOUR: u64 = 3_600;
const DAY: u64 = 24 * HOUR;
/// No bound.
const UNBOUNDED: u64 = u64::MAX;

/// The longest run of `journey` (of `file`, whose policy may set its quiet hours), in seconds;
/// `None` when a `wait until EXPR` leaves it unbounded.
pub fn longest_run_seconds(file: &File, journey: &Journey) -> Option<u64> {
    let quiet = quiet_window_seconds(file, journey);
    let steps: Vec<&Step> = journey.steps().collect();
    let longest = sequence(&steps, quiet).longest;
    (longest != UNBOUNDED).then_some(longest)
}

/// The longest quiet hours can hold a send of this journey: the window and an hour for a
/// daylight-saving night; `None` without quiet hours.
fn quiet_window_seconds(file: &File, journey: &Journey) -> Option<u64> {
    let transactional = journey.clauses().any(|c| matches!(c.kind, ClauseKind::Transactional));
    let own = journey.clauses().find_map(|c| match &c.kind {
        ClauseKind::QuietHours(q) => Some(q.clone()),
        _ => None,
    });
    let policy = file.items.iter().find_map(|i| match i {
        Item::Policy(p) if !transactional => p.clauses.iter().find_map(|c| match &c.kind {
            ClauseKind::QuietHours(q) => Some(q.clone()),
            _ => None,
        }),
        _ => None,
    });
    let q = own.or(policy)?;
    let from = u64::from(q.from.hour * 60 + q.from.minute);
    let to = u64::from(q.to.hour * 60 + q.to.minute);
    let minutes = if to >= from { to - from } else { 24 * 60 - from + to };
    (minutes > 0).then_some(minutes * 60 + HOUR)
}

struct Out {
    /// The longest path that goes on after these steps; `None` when every path stops.
    through: Option<u64>,
    /// The longest path of all, those that stop included.
    longest: u64,
}

fn sequence(steps: &[&Step], quiet: Option<u64>) -> Out {
    let mut through = 0u64;
    let mut longest = 0u64;
    for step in steps {
        let add = |t: u64, d: u64| t.saturating_add(d);
        match &step.kind {
            StepKind::Stop => return Out { through: None, longest: longest.max(through) },
            StepKind::Send(options) => through = add(through, send_delay(step, options, quiet)),
            StepKind::Wait(d) => through = add(through, u64::try_from(d.seconds()).unwrap_or(0)),
            StepKind::WaitUntil(_) => through = add(through, DAY + HOUR),
            StepKind::WaitUntilDays { .. } => through = add(through, 7 * DAY + HOUR),
            StepKind::WaitUntilExpr(_) => through = UNBOUNDED,
            StepKind::Digest(crate::syntax::ast::DigestUntil::For(d)) => {
                through = add(through, u64::try_from(d.seconds()).unwrap_or(0))
            }
            // strictly the next local HH:MM: at most a day, and an hour of a DST change
            StepKind::Digest(crate::syntax::ast::DigestUntil::Until(_)) => {
                through = add(through, DAY + HOUR)
            }
            StepKind::Unknown(_) | StepKind::Set { .. } => {}
            StepKind::WaitFor { within, body, timeout, .. } => {
                let base = add(through, u64::try_from(within.seconds()).unwrap_or(0));
                let outs = [Some(block(body, quiet)), timeout.as_ref().map(|t| block(t, quiet))];
                let (t, l) = branches(base, outs.into_iter().map(|o| o.unwrap_or(EMPTY)));
                longest = longest.max(l);
                match t {
                    Some(t) => through = t,
                    None => return Out { through: None, longest },
                }
            }
            StepKind::If { branches: arms, otherwise } => {
                let outs = arms
                    .iter()
                    .map(|(_, b)| block(b, quiet))
                    .chain([otherwise.as_ref().map_or(EMPTY, |b| block(b, quiet))]);
                let (t, l) = branches(through, outs);
                longest = longest.max(l);
                match t {
                    Some(t) => through = t,
                    None => return Out { through: None, longest },
                }
            }
            StepKind::Split(arms) => {
                if arms.is_empty() {
                    continue;
                }
                let (t, l) = branches(through, arms.iter().map(|a| block(&a.body, quiet)));
                longest = longest.max(l);
                match t {
                    Some(t) => through = t,
                    None => return Out { through: None, longest },
                }
            }
        }
    }
    Out { through: Some(through), longest: longest.max(through) }
}

const EMPTY: Out = Out { through: Some(0), longest: 0 };

fn block(b: &Block, quiet: Option<u64>) -> Out {
    let steps: Vec<&Step> = b.steps.iter().collect();
    sequence(&steps, quiet)
}

/// Paths that fork at `base`: the longest that goes on (`None` when all stop) and the longest.
fn branches(base: u64, outs: impl Iterator<Item = Out>) -> (Option<u64>, u64) {
    let mut through: Option<u64> = None;
    let mut longest = base;
    for o in outs {
        if let Some(t) = o.through {
            let t = base.saturating_add(t);
            through = Some(through.map_or(t, |x| x.max(t)));
        }
        longest = longest.max(base.saturating_add(o.longest));
    }
    (through, longest)
}

/// How long quiet hours can hold a send: nothing when none of its channels observes them.
fn send_delay(step: &Step, options: &[crate::syntax::ast::SendOption], quiet: Option<u64>) -> u64 {
    let Some(window) = quiet else {
        return 0;
    };
    let deferrable = options
        .iter()
        .filter_map(|o| Channel::from_name(&o.channel.name))
        .any(Channel::respects_quiet_hours);
    if !deferrable {
        return 0;
    }
    match &step.expire {
        Some(d) => window.min(u64::try_from(d.seconds()).unwrap_or(0)),
        None => window,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn longest(src: &str) -> Option<u64> {
        let file = parse(src).unwrap();
        let j = file
            .items
            .iter()
            .find_map(|i| match i {
                Item::Journey(j) => Some(j),
                _ => None,
            })
            .unwrap();
        longest_run_seconds(&file, j)
    }
    fn journey(policy: &str, steps: &str) -> String {
        format!("{policy}\njourney \"j\" {{\n  when event \"E\"\n{steps}\n}}\n")
    }

    #[test]
    fn waits_add_up_along_the_longest_path() {
        assert_eq!(longest(&journey("", "  wait 2 days\n  send sms \"a\"")), Some(2 * DAY));
        assert_eq!(longest(&journey("", "  wait until 09:00\n  send sms \"a\"")), Some(DAY + HOUR));
        assert_eq!(
            longest(&journey("", "  wait until 09:00 on monday\n  send sms \"a\"")),
            Some(7 * DAY + HOUR)
        );
        assert_eq!(longest(&journey("", "  wait until event.at\n  send sms \"a\"")), None);
        // The longer branch; a stopped path still counts up to its stop.
        let src = journey(
            "",
            "  if profile.a {\n    wait 3 days\n    stop\n  } else {\n    wait 1 day\n  }\n  wait 1 hour",
        );
        assert_eq!(longest(&src), Some(3 * DAY));
        let src = journey(
            "",
            "  wait for event \"X\" within 2 days {\n    wait 1 day\n  } timeout {\n    wait 1 hour\n  }",
        );
        assert_eq!(longest(&src), Some(3 * DAY));
    }

    #[test]
    fn quiet_hours_and_expire_after() {
        let policy = "policy {\n  quiet hours 21:00 to 08:00\n}";
        let window = 11 * HOUR + HOUR;
        assert_eq!(longest(&journey(policy, "  send sms \"a\"")), Some(window));
        assert_eq!(longest(&journey(policy, "  send email \"a\"")), Some(0));
        assert_eq!(
            longest(&journey(policy, "  send sms \"a\" expire after 2 hours")),
            Some(2 * HOUR)
        );
        assert_eq!(longest(&journey(policy, "  send sms \"a\" expire after 2 days")), Some(window));
        assert_eq!(longest(&journey(policy, "  transactional\n  send sms \"a\"")), Some(0));
        assert_eq!(longest(&journey("", "  send sms \"a\"")), Some(0));
    }
}
