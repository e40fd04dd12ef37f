//! Send content as the cost model sees it before a profile is known: the literal text with each
//! `{{ }}` replaced by a stand-in of a fixed number of GSM-7 characters, and the sends of a
//! journey's steps.

use crate::syntax::ast::{SendOption, Step, StepKind, StrPart, StringLit};

/// How many characters an interpolation counts for when the value is not known yet.
pub const DEFAULT_INTERPOLATION_CHARS: u32 = 32;

/// The literal text with every interpolation replaced by `chars` GSM-7 characters. The stand-in
/// is `xxxx xxxx …` so that it also counts as words (one per five characters) for voice.
pub fn sample_text(lit: &StringLit, chars: u32) -> String {
    let mut out = String::new();
    for part in &lit.parts {
        match part {
            StrPart::Text(t) => out.push_str(t),
            StrPart::Interp(_) => {
                for i in 0..chars {
                    out.push(if i % 5 == 4 { ' ' } else { 'x' });
                }
            }
        }
    }
    out
}

/// Calls `f` on every send step of the steps and their nested blocks, in source order.
pub fn for_each_send<'a, F>(steps: impl IntoIterator<Item = &'a Step>, f: &mut F)
where
    F: FnMut(&'a Step, &'a [SendOption]),
{
    for step in steps {
        match &step.kind {
            StepKind::Send(options) => f(step, options),
            StepKind::WaitFor { body, timeout, .. } => {
                for_each_send(&body.steps, f);
                if let Some(t) = timeout {
                    for_each_send(&t.steps, f);
                }
            }
            StepKind::If { branches, otherwise } => {
                for (_, block) in branches {
                    for_each_send(&block.steps, f);
                }
                if let Some(b) = otherwise {
                    for_each_send(&b.steps, f);
                }
            }
            StepKind::Split(arms) => {
                for arm in arms {
                    for_each_send(&arm.body.steps, f);
                }
            }
            StepKind::Wait(_)
            | StepKind::WaitUntil(_)
            | StepKind::Stop
            | StepKind::Set { .. }
            | StepKind::Unknown(_) => {}
            StepKind::WaitUntilDays { .. } | StepKind::WaitUntilExpr(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::{Content, Item};

    #[test]
    fn interpolations_become_fixed_width_stand_ins() {
        let f = crate::syntax::parse(
            "journey \"j\" {\n when event \"E\"\n send sms \"Hi {{profile.name}}!\"\n}\n",
        )
        .unwrap();
        let Some(Item::Journey(j)) = f.items.first() else { panic!() };
        let mut texts = vec![];
        for_each_send(j.steps(), &mut |_, opts| {
            if let Content::Text(lit) = &opts[0].content {
                texts.push(sample_text(lit, 12));
            }
        });
        assert_eq!(texts, ["Hi xxxx xxxx xx!"]);
    }
}
