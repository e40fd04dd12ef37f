//! Printing `tests for` and `test "name" { ... }` items (docs/testing.md): one statement a
//! line; a profile or event literal stays on its line unless the line would pass the width the
//! layout aims for, then it opens one member a line.

use super::{Blank, Printer, INDENT, MAX_WIDTH};
use crate::format::expr::{duration, money, string};
use crate::syntax::ast::{
    DecisionPattern, ExpectField, ExpectKind, FieldKind, Literal, LiteralKind, StrPart, StringLit,
    TestBlock, TestStmt, TestStmtKind, TestsFor,
};

impl Printer<'_> {
    pub(super) fn tests_for(&mut self, t: &TestsFor) {
        let text = format!("tests for {}", string(&t.path));
        self.line(t.span.start, self.end_of(t.span), 0, &text, false);
    }

    pub(super) fn test_block(&mut self, t: &TestBlock) {
        let open = super::open_brace_after(self.src, t.name.span.end);
        let header = format!("test {} {{", string(&t.name));
        self.line(t.span.start, open + 1, 0, &header, true);
        for s in &t.body {
            self.test_stmt(s);
        }
        let close = t.span.end.saturating_sub(1);
        self.close_line(close, t.span.end, 0, "}", false);
    }

    fn test_stmt(&mut self, s: &TestStmt) {
        let text = match &s.kind {
            TestStmtKind::At(at) => format!("at {}", string(at)),
            TestStmtKind::After(d) => format!("after {}", duration(d)),
            TestStmtKind::Profile(l) => format!("profile {}", literal(l, 1, "profile ".len())),
            TestStmtKind::Event { name, properties } => {
                let head = format!("event {}", string(name));
                match properties {
                    Some(l) => {
                        let lead = head.len() + 1;
                        format!("{head} {}", literal(l, 1, lead))
                    }
                    None => head,
                }
            }
            TestStmtKind::Expect(e) => format!("expect {}", expectation(&e.kind)),
            TestStmtKind::Unknown(word) => {
                self.verbatim(word, s.span, 1);
                return;
            }
        };
        self.line(s.span.start, self.end_of(s.span), 1, &text, false);
        self.blank = Blank::Keep;
    }
}

fn expectation(k: &ExpectKind) -> String {
    match k {
        ExpectKind::Decision(p) => pattern(p),
        ExpectKind::No(p) => format!("no {}", pattern(p)),
        ExpectKind::NoDecisions => "no decisions".to_string(),
        ExpectKind::Waiting(fields) => with_fields("waiting".to_string(), fields),
        ExpectKind::NotWaiting(fields) => with_fields("not waiting".to_string(), fields),
    }
}

/// A decision pattern of an expectation as `herald fmt` writes it (`send sms cost $0.0125`); also
/// how a failing test names what it expected.
pub fn pattern(p: &DecisionPattern) -> String {
    let mut out = p.action.name.clone();
    if let Some(c) = &p.channel {
        out.push(' ');
        out.push_str(&c.name);
    }
    with_fields(out, &p.fields)
}

fn with_fields(mut out: String, fields: &[ExpectField]) -> String {
    for f in fields {
        out.push(' ');
        out.push_str(&field(f));
    }
    out
}

fn field(f: &ExpectField) -> String {
    match &f.kind {
        FieldKind::Content { contains: true, text } => format!("content contains {}", string(text)),
        FieldKind::Journey(s)
        | FieldKind::Content { text: s, .. }
        | FieldKind::Template(s)
        | FieldKind::To(s)
        | FieldKind::Until(s)
        | FieldKind::Step(s) => format!("{} {}", f.kind.name(), string(s)),
        FieldKind::Reason(word) => format!("reason {}", word.name),
        FieldKind::Cost(m) => format!("cost {}", money(m)),
    }
}

/// A literal at `indent` levels, its first line starting `lead` characters after the indent.
fn literal(l: &Literal, indent: usize, lead: usize) -> String {
    let flat = inline(l);
    if INDENT.len() * indent + lead + flat.len() <= MAX_WIDTH {
        return flat;
    }
    let pad = INDENT.repeat(indent + 1);
    let close = INDENT.repeat(indent);
    match &l.kind {
        LiteralKind::Object(members) if !members.is_empty() => {
            let mut out = "{\n".to_string();
            for m in members {
                let k = key(&m.key);
                let v = literal(&m.value, indent + 1, k.len() + 1);
                out.push_str(&format!("{pad}{k} {v}\n"));
            }
            out.push_str(&close);
            out.push('}');
            out
        }
        LiteralKind::List(items) if !items.is_empty() => {
            let mut out = "[\n".to_string();
            for i in items {
                out.push_str(&format!("{pad}{},\n", literal(i, indent + 1, 0)));
            }
            out.push_str(&close);
            out.push(']');
            out
        }
        _ => flat,
    }
}

/// A literal on one line: `{ id "u1" subscriptions { sms "subscribed" } }`, `["a", "b"]`.
fn inline(l: &Literal) -> String {
    match &l.kind {
        LiteralKind::Object(members) if members.is_empty() => "{}".to_string(),
        LiteralKind::Object(members) => {
            let inner: Vec<String> =
                members.iter().map(|m| format!("{} {}", key(&m.key), inline(&m.value))).collect();
            format!("{{ {} }}", inner.join(" "))
        }
        LiteralKind::List(items) => {
            let inner: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", inner.join(", "))
        }
        LiteralKind::String(s) => string(s),
        LiteralKind::Number(n) => n.text.clone(),
        LiteralKind::Word(w) => w.name.clone(),
    }
}

/// A member key: bare when it reads as a word, else quoted.
fn key(k: &str) -> String {
    let mut chars = k.chars();
    let word = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if word {
        k.to_string()
    } else {
        string(&StringLit { parts: vec![StrPart::Text(k.to_string())], span: Default::default() })
    }
}
