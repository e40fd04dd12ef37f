//! E0207: `{{ }}` is only allowed in the text of a `send`. Journey ids, event names, template
//! ids and time zones are matched or stored exactly, and a string inside an expression (even
//! inside an interpolation) is a plain value.

use super::walk::{StrRole, Visitor};
use crate::diagnostics::{codes, Diagnostic};
use crate::syntax::ast::{StrPart, StringLit};

#[derive(Default)]
pub(crate) struct Strings {
    pub(crate) diags: Vec<Diagnostic>,
}

impl<'a> Visitor<'a> for Strings {
    fn string(&mut self, s: &'a StringLit, role: StrRole) {
        if role == StrRole::SendText {
            return;
        }
        let Some(first) = s.parts.iter().find_map(|p| match p {
            StrPart::Interp(i) => Some(i),
            StrPart::Text(_) => None,
        }) else {
            return;
        };
        let help = match role {
            StrRole::JourneyId => "a journey id is fixed text: remove the `{{ }}`",
            StrRole::EventName => {
                "event names are matched exactly; to test a property write \
                 `where event.NAME == ...`"
            }
            StrRole::TemplateId => {
                "a template id is fixed text; the provider fills the template with its own data"
            }
            StrRole::Timezone => "write a time zone name such as \"America/New_York\"",
            StrRole::MessageId => {
                "message ids, topic names and locales are fixed text: the variant's own text may \
                 interpolate"
            }
            StrRole::InExpr | StrRole::SendText => {
                "here a string is a plain value: compare the parts separately"
            }
        };
        self.diags.push(
            Diagnostic::error(
                codes::INTERPOLATION_NOT_ALLOWED,
                first.span,
                "interpolation is only allowed in send content",
            )
            .with_help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check_src, expect_at, with_code};
    use crate::diagnostics::codes;

    #[test]
    fn interpolation_outside_send_text() {
        let cases = [
            (
                "journey \"j{{profile.id}}\" {\n  when event \"E\"\n  send sms \"a\"\n}",
                "{{profile.id}}",
            ),
            (
                "journey \"j\" {\n  when event \"E{{event.x}}\"\n  send sms \"a\"\n}",
                "{{event.x}}",
            ),
            (
                "journey \"j\" {\n  when event \"E\"\n  send email template \"t{{profile.a}}\"\n}",
                "{{profile.a}}",
            ),
            (
                "journey \"j\" {\n  when event \"E\" where event.a == \"{{profile.b}}\"\n  send sms \"a\"\n}",
                "{{profile.b}}",
            ),
            (
                "journey \"j\" {\n  when event \"E\"\n  send sms \"Hi {{ profile.a ?? \"x{{profile.b}}\" }}\"\n}",
                "{{profile.b}}",
            ),
            (
                "policy {\n  timezone \"{{profile.tz}}\"\n}\njourney \"j\" {\n  when event \"E\"\n  send sms \"a\"\n}",
                "{{profile.tz}}",
            ),
        ];
        for (src, at) in cases {
            let d = check_src(src);
            let e = expect_at(src, &d, codes::INTERPOLATION_NOT_ALLOWED, at, 0);
            assert_eq!(e.message, "interpolation is only allowed in send content");
        }
    }

    #[test]
    fn send_text_may_interpolate() {
        let src = "journey \"j\" {\n  when event \"E\"\n  send sms \"Hi {{profile.a ?? \"there\"}} {{event.url}}\"\n}";
        assert!(with_code(&check_src(src), codes::INTERPOLATION_NOT_ALLOWED).is_empty());
    }
}
