//! A journey as a graph for drawing: one node per step (plus `start`, `else if` conditions and
//! `end`), edges labelled `then`, `else`, `timeout` or `50%` where the path forks.
//!
//! Node ids are the step's place in the journey: top-level steps count from 1 (`"2"`), a nested
//! step is `PARENT.BLOCK.N` where BLOCK is `then` (an `if`'s first block, a `wait for`'s event
//! block), `elifK` (the K-th `else if`), `else`, `timeout` or `armK` (the K-th arm of a split):
//! `"2.else.1"`, `"3.timeout.1.arm1.1"`.

use super::money::Amount;
use crate::syntax::ast::{
    Content, Duration, EventMatch, Expr, ExprKind, Journey, PathRoot, SendOption, Span, Step,
    StepKind, StrPart, StringLit, TimeOfDay, UnaryOp,
};
use crate::Channel;
use serde::Serialize;

/// Longest label, in characters; longer ones end with `…`.
const MAX_LABEL: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Start,
    Send,
    Wait,
    WaitUntil,
    WaitFor,
    If,
    ElseIf,
    Split,
    Stop,
    End,
    Unknown,
    /// `set profile.KEY = EXPR`
    Set,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    pub id: String,
    pub kind: NodeKind,
    pub label: String,
    pub span: Span,
    /// The channels of a send, primary first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<Channel>,
    /// A send's cost at the analysed destination (its dearest channel).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub worst_case_cost: Option<Amount>,
    /// A send of a `message`: each variant's segments and cost, the dearest marked (SPEC §6).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<super::analyze::VariantCost>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// Set where the path forks; plain sequence edges have none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// The nodes and edges of a journey.
pub fn journey_graph(journey: &Journey) -> (Vec<Node>, Vec<Edge>) {
    let mut b = Builder::default();
    let (label, span) = start_label(journey);
    b.node("start".into(), NodeKind::Start, label, span, vec![]);
    let out = b.seq(journey.steps(), "", vec![("start".into(), None)]);
    if !out.is_empty() {
        let end_span = Span::new(journey.span.end.saturating_sub(1), journey.span.end);
        b.node("end".into(), NodeKind::End, "end".into(), end_span, vec![]);
        b.connect(out, "end");
    }
    (b.nodes, b.edges)
}

/// Edges still to be drawn to whatever comes next: (from node, label).
type Pending = Vec<(String, Option<String>)>;

#[derive(Default)]
struct Builder {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
}

impl Builder {
    fn node(
        &mut self,
        id: String,
        kind: NodeKind,
        label: String,
        span: Span,
        channels: Vec<Channel>,
    ) {
        self.nodes.push(Node {
            id,
            kind,
            label: truncate(label),
            span,
            channels,
            worst_case_cost: None,
            variants: Vec::new(),
        });
    }

    fn connect(&mut self, pending: Pending, to: &str) {
        for (from, label) in pending {
            self.edges.push(Edge { from, to: to.to_string(), label });
        }
    }

    fn seq<'a>(
        &mut self,
        steps: impl IntoIterator<Item = &'a Step>,
        prefix: &str,
        mut pending: Pending,
    ) -> Pending {
        for (k, step) in steps.into_iter().enumerate() {
            let id =
                if prefix.is_empty() { (k + 1).to_string() } else { format!("{prefix}.{}", k + 1) };
            pending = self.step(step, id, pending);
        }
        pending
    }

    fn step(&mut self, step: &Step, id: String, pending: Pending) -> Pending {
        let span = step.span;
        match &step.kind {
            StepKind::Send(options) => {
                let channels =
                    options.iter().filter_map(|o| Channel::from_name(&o.channel.name)).collect();
                let label = match &step.expire {
                    Some(d) => format!("{}, expire after {}", send_label(options), duration(d)),
                    None => send_label(options),
                };
                self.node(id.clone(), NodeKind::Send, label, span, channels);
                self.connect(pending, &id);
                vec![(id, None)]
            }
            StepKind::Wait(d) => {
                self.node(
                    id.clone(),
                    NodeKind::Wait,
                    format!("wait {}", duration(d)),
                    span,
                    vec![],
                );
                self.connect(pending, &id);
                vec![(id, None)]
            }
            StepKind::WaitUntil(t) => {
                let label = format!("wait until {}", time_of_day(t));
                self.node(id.clone(), NodeKind::WaitUntil, label, span, vec![]);
                self.connect(pending, &id);
                vec![(id, None)]
            }
            StepKind::WaitUntilDays { time, days } => {
                let words: Vec<&str> = days.iter().map(|d| d.name.as_str()).collect();
                let label = format!("wait until {} on {}", time_of_day(time), words.join(", "));
                self.node(id.clone(), NodeKind::WaitUntil, label, span, vec![]);
                self.connect(pending, &id);
                vec![(id, None)]
            }
            StepKind::WaitUntilExpr(e) => {
                let label = format!("wait until {}", expr(e));
                self.node(id.clone(), NodeKind::WaitUntil, label, span, vec![]);
                self.connect(pending, &id);
                vec![(id, None)]
            }
            StepKind::Digest(until) => {
                let label = match until {
                    crate::syntax::ast::DigestUntil::For(d) => {
                        format!("digest for {}", duration(d))
                    }
                    crate::syntax::ast::DigestUntil::Until(t) => {
                        format!("digest until {}", time_of_day(t))
                    }
                };
                self.node(id.clone(), NodeKind::WaitUntil, label, span, vec![]);
                self.connect(pending, &id);
                vec![(id, None)]
            }
            StepKind::Stop => {
                self.node(id.clone(), NodeKind::Stop, "stop".into(), span, vec![]);
                self.connect(pending, &id);
                vec![]
            }
            StepKind::Set { key, value } => {
                let label = format!("set profile.{} = {}", key.key, expr(value));
                self.node(id.clone(), NodeKind::Set, label, span, vec![]);
                self.connect(pending, &id);
                vec![(id, None)]
            }
            StepKind::Unknown(ident) => {
                self.node(id.clone(), NodeKind::Unknown, ident.name.clone(), span, vec![]);
                self.connect(pending, &id);
                vec![(id, None)]
            }
            StepKind::WaitFor { event, within, body, timeout } => {
                let label = format!("wait for {} within {}", event_label(event), duration(within));
                self.node(id.clone(), NodeKind::WaitFor, label, span, vec![]);
                self.connect(pending, &id);
                let mut out = self.seq(
                    &body.steps,
                    &format!("{id}.then"),
                    vec![(id.clone(), Some("then".into()))],
                );
                let on_timeout = vec![(id.clone(), Some("timeout".into()))];
                match timeout {
                    Some(t) => out.extend(self.seq(&t.steps, &format!("{id}.timeout"), on_timeout)),
                    None => out.extend(on_timeout),
                }
                out
            }
            StepKind::If { branches, otherwise } => {
                let label = match branches.first() {
                    Some((cond, _)) => format!("if {}", expr(cond)),
                    None => "if".into(),
                };
                self.node(id.clone(), NodeKind::If, label, span, vec![]);
                self.connect(pending, &id);
                let mut out = Pending::new();
                let mut test = id.clone(); // the node whose `else` leads on
                for (i, (cond, block)) in branches.iter().enumerate() {
                    let block_name = if i == 0 {
                        "then".to_string()
                    } else {
                        let elif = format!("{id}.elif{i}");
                        let label = format!("else if {}", expr(cond));
                        self.node(elif.clone(), NodeKind::ElseIf, label, cond.span, vec![]);
                        self.connect(vec![(test, Some("else".into()))], &elif);
                        test = elif;
                        format!("elif{i}")
                    };
                    let entry = vec![(test.clone(), Some("then".into()))];
                    out.extend(self.seq(&block.steps, &format!("{id}.{block_name}"), entry));
                }
                let on_else = vec![(test, Some("else".into()))];
                match otherwise {
                    Some(b) => out.extend(self.seq(&b.steps, &format!("{id}.else"), on_else)),
                    None => out.extend(on_else),
                }
                out
            }
            StepKind::Split(arms) => {
                self.node(id.clone(), NodeKind::Split, "split".into(), span, vec![]);
                self.connect(pending, &id);
                let mut out = Pending::new();
                for (i, arm) in arms.iter().enumerate() {
                    let entry = vec![(id.clone(), Some(format!("{}%", arm.percent.text)))];
                    out.extend(self.seq(&arm.body.steps, &format!("{id}.arm{}", i + 1), entry));
                }
                if arms.is_empty() {
                    out.push((id, None));
                }
                out
            }
        }
    }
}

fn start_label(journey: &Journey) -> (String, Span) {
    let mut names = Vec::new();
    let mut span = None;
    let mut traits = Vec::new();
    for clause in journey.clauses() {
        match &clause.kind {
            crate::syntax::ast::ClauseKind::When(m) => {
                names.push(string(&m.name));
                span.get_or_insert(clause.span);
            }
            crate::syntax::ast::ClauseKind::WhenChanges(t) => {
                traits.push(match &t.to {
                    None => format!("profile.{} changes", t.key.key),
                    Some(to) => format!("profile.{} changes to {}", t.key.key, expr(to)),
                });
                span.get_or_insert(clause.span);
            }
            _ => {}
        }
    }
    let mut whens = Vec::new();
    if !names.is_empty() {
        whens.push(format!("event {}", names.join(" or ")));
    }
    whens.extend(traits);
    let label =
        if whens.is_empty() { "start".to_string() } else { format!("when {}", whens.join(" or ")) };
    (label, span.unwrap_or(journey.id.span))
}

fn send_label(options: &[SendOption]) -> String {
    let mut parts = options.iter().map(|o| match &o.content {
        Content::Text(_) => o.channel.name.clone(),
        Content::Template(t) => format!("{} template {}", o.channel.name, string(t)),
        Content::Message(m) => format!("{} message {}", o.channel.name, string(m)),
    });
    let mut label = format!("send {}", parts.next().unwrap_or_default());
    for p in parts {
        label.push_str(", fallback ");
        label.push_str(&p);
    }
    label
}

fn event_label(m: &EventMatch) -> String {
    match &m.condition {
        Some(c) => format!("event {} where {}", string(&m.name), expr(c)),
        None => format!("event {}", string(&m.name)),
    }
}

fn duration(d: &Duration) -> String {
    let unit = d.unit.singular();
    if d.amount == 1 {
        format!("1 {unit}")
    } else {
        format!("{} {unit}s", d.amount)
    }
}

fn time_of_day(t: &TimeOfDay) -> String {
    format!("{:02}:{:02}", t.hour, t.minute)
}

fn truncate(label: String) -> String {
    if label.chars().count() <= MAX_LABEL {
        return label;
    }
    let mut cut: String = label.chars().take(MAX_LABEL - 1).collect();
    cut.push('…');
    cut
}

/// A string literal as written (escapes re-applied, interpolations shown as `{{…}}`).
fn string(lit: &StringLit) -> String {
    let mut out = String::from("\"");
    for part in &lit.parts {
        match part {
            StrPart::Text(t) => {
                for c in t.chars() {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        '\t' => out.push_str("\\t"),
                        c => out.push(c),
                    }
                }
            }
            StrPart::Interp(_) => out.push_str("{{…}}"),
        }
    }
    out.push('"');
    out
}

/// An expression in source form, for labels. Parentheses are nodes of the tree, so printing it
/// as it is keeps the meaning.
fn expr(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Number(n) => n.text.clone(),
        ExprKind::String(s) => string(s),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::List(items) => {
            format!("[{}]", items.iter().map(expr).collect::<Vec<_>>().join(", "))
        }
        ExprKind::Now => "now".into(),
        ExprKind::Path(p) => {
            let mut out = String::from(match p.root {
                PathRoot::Profile => "profile",
                PathRoot::Event => "event",
                PathRoot::Trigger => "trigger",
                PathRoot::Item => "item",
                PathRoot::Digest => "digest",
            });
            for seg in &p.segments {
                if seg.bracketed {
                    out.push_str(&format!("[{:?}]", seg.key));
                } else {
                    out.push('.');
                    out.push_str(&seg.key);
                }
            }
            out
        }
        ExprKind::Name(id) => id.name.clone(),
        ExprKind::Unary { op, operand } => match op {
            UnaryOp::Not => format!("not {}", expr(operand)),
            UnaryOp::Neg => format!("-{}", expr(operand)),
        },
        ExprKind::Binary { op, lhs, rhs } => format!("{} {} {}", expr(lhs), op.symbol(), expr(rhs)),
        ExprKind::Exists(inner) => format!("{} exists", expr(inner)),
        ExprKind::Call { function, args } => {
            format!("{}({})", function.name, args.iter().map(expr).collect::<Vec<_>>().join(", "))
        }
        ExprKind::Count { event, within } => {
            format!("count({} within {})", event_label(event), duration(within))
        }
        ExprKind::Aggregate(a) => format!(
            "{}({} within {}{})",
            a.function.name,
            event_label(&a.event),
            duration(&a.within),
            a.value.as_ref().map(|v| format!(", {}", expr(v))).unwrap_or_default()
        ),
        ExprKind::Duration(d) => duration(d),
        ExprKind::Paren(inner) => format!("({})", expr(inner)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::Item;

    fn graph(src: &str) -> (Vec<Node>, Vec<Edge>) {
        let f = crate::syntax::parse(src).unwrap();
        let j = f
            .items
            .iter()
            .find_map(|i| match i {
                Item::Journey(j) => Some(j),
                _ => None,
            })
            .unwrap();
        journey_graph(j)
    }

    fn journey(steps: &str) -> String {
        format!("journey \"j\" {{\n  when event \"E\"\n{steps}\n}}\n")
    }

    fn edges(e: &[Edge]) -> Vec<String> {
        e.iter()
            .map(|e| match &e.label {
                Some(l) => format!("{} -{l}-> {}", e.from, e.to),
                None => format!("{} -> {}", e.from, e.to),
            })
            .collect()
    }

    fn nodes(n: &[Node]) -> Vec<String> {
        n.iter().map(|n| format!("{} {:?} {}", n.id, n.kind, n.label)).collect()
    }

    #[test]
    fn if_else_if_else() {
        let (n, e) = graph(&journey(
            "  if profile.a > 1 {\n send sms \"a\"\n } else if profile.b == \"x\" {\n send email \"b\"\n } else {\n send push \"c\"\n }\n  send webhook \"d\"",
        ));
        assert_eq!(
            nodes(&n),
            [
                "start Start when event \"E\"",
                "1 If if profile.a > 1",
                "1.then.1 Send send sms",
                "1.elif1 ElseIf else if profile.b == \"x\"",
                "1.elif1.1 Send send email",
                "1.else.1 Send send push",
                "2 Send send webhook",
                "end End end",
            ]
        );
        assert_eq!(
            edges(&e),
            [
                "start -> 1",
                "1 -then-> 1.then.1",
                "1 -else-> 1.elif1",
                "1.elif1 -then-> 1.elif1.1",
                "1.elif1 -else-> 1.else.1",
                "1.then.1 -> 2",
                "1.elif1.1 -> 2",
                "1.else.1 -> 2",
                "2 -> end",
            ]
        );
    }

    #[test]
    fn if_without_else_falls_through() {
        let (_, e) = graph(&journey("  if profile.a exists { send sms \"a\" }\n  wait 2 days"));
        assert_eq!(
            edges(&e),
            ["start -> 1", "1 -then-> 1.then.1", "1.then.1 -> 2", "1 -else-> 2", "2 -> end"]
        );
    }

    #[test]
    fn split_arms_are_labelled_with_their_percentage() {
        let (n, e) = graph(&journey(
            "  split {\n 30% { send sms \"a\" }\n 70% { wait 1 hour\n send email \"b\" }\n }",
        ));
        assert_eq!(n[1].kind, NodeKind::Split);
        assert_eq!(
            edges(&e),
            [
                "start -> 1",
                "1 -30%-> 1.arm1.1",
                "1 -70%-> 1.arm2.1",
                "1.arm2.1 -> 1.arm2.2",
                "1.arm1.1 -> end",
                "1.arm2.2 -> end",
            ]
        );
    }

    #[test]
    fn wait_for_with_and_without_timeout() {
        let (n, e) = graph(&journey(
            "  wait for event \"Paid\" where event.total > 10 within 2 days { send email \"thanks\" } timeout { stop }\n  wait for event \"Opened\" within 1 hour { send push \"hi\" }\n  wait until 09:30",
        ));
        assert_eq!(
            nodes(&n),
            [
                "start Start when event \"E\"",
                "1 WaitFor wait for event \"Paid\" where event.total > 10 within 2 days",
                "1.then.1 Send send email",
                "1.timeout.1 Stop stop",
                "2 WaitFor wait for event \"Opened\" within 1 hour",
                "2.then.1 Send send push",
                "3 WaitUntil wait until 09:30",
                "end End end",
            ]
        );
        assert_eq!(
            edges(&e),
            [
                "start -> 1",
                "1 -then-> 1.then.1",
                "1 -timeout-> 1.timeout.1",
                "1.then.1 -> 2",
                "2 -then-> 2.then.1",
                "2.then.1 -> 3",
                "2 -timeout-> 3",
                "3 -> end",
            ]
        );
    }

    #[test]
    fn a_journey_that_always_stops_has_no_end() {
        let (n, e) = graph(&journey("  send sms \"a\"\n  stop"));
        assert!(n.iter().all(|n| n.kind != NodeKind::End));
        assert_eq!(edges(&e), ["start -> 1", "1 -> 2"]);
    }

    #[test]
    fn labels_show_fallbacks_templates_and_long_conditions() {
        let (n, _) = graph(&journey(
            "  send push \"a\" fallback email template \"cart_reminder\"\n  if (profile.first_name ?? \"there\") == \"there\" and days_since(profile.signup) > 30 and not profile[\"vip list\"] exists { stop }",
        ));
        assert_eq!(n[1].label, "send push, fallback email template \"cart_reminder\"");
        assert_eq!(n[1].channels, [Channel::Push, Channel::Email]);
        assert_eq!(n[2].label.chars().count(), MAX_LABEL);
        assert!(n[2]
            .label
            .starts_with("if (profile.first_name ?? \"there\") == \"there\" and days_sin"));
        assert!(n[2].label.ends_with('…'));
    }

    #[test]
    fn spans_point_at_the_steps() {
        let src = journey("  wait 1 hour\n  send sms \"hello\"");
        let (n, _) = graph(&src);
        let text = |n: &Node| src[n.span.start..n.span.end].trim_end();
        assert_eq!(text(&n[1]), "wait 1 hour");
        assert_eq!(text(&n[2]), "send sms \"hello\"");
        assert_eq!(text(&n[0]), "when event \"E\"");
    }
}
