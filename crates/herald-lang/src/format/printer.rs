//! The layout printer: walks the tree in source order and prints one line per clause, step and
//! block boundary, weaving the comments back in by their byte position.
//!
//! Every output line has a source *anchor* `[start, end)`. Before a line is printed, every
//! comment starting before `end` is printed on its own line (so a comment inside a clause that
//! was spread over several lines moves above it); after the line, a comment that sat on the same
//! source line right after `end` is appended. Lines that begin with `}` print the comments they
//! pass over at the indentation of the block they close.

use super::comments::{blank_line_between, open_brace_after, Comments};
use super::expr::{duration, event_match, expr, money, send_option, string, trait_path};
use crate::syntax::ast::{
    Block, Clause, ClauseKind, Comment, File, Ident, Item, Journey, JourneyEntry, Limit,
    MessageDef, Policy, Reentry, SegmentDef, SendOption, Span, SplitArm, Step, StepKind, TimeOfDay,
};

pub(crate) mod test_items;

const INDENT: &str = "  ";
/// The width the layout aims for (as `rustfmt.toml`); only a `send` with fallbacks and a split
/// arm are laid out differently when they would be wider. Nothing else is ever wrapped.
const MAX_WIDTH: usize = 100;

/// Whether an empty line may precede the next printed line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Blank {
    /// Right after `{` or at the start of the file.
    Never,
    /// If the source had one there.
    Keep,
    /// Between items, and between a journey's header clauses and its first step.
    Force,
}

pub(crate) struct Printer<'a> {
    src: &'a str,
    comments: Comments,
    out: String,
    /// Source position after the last printed text (node or comment).
    last_end: usize,
    blank: Blank,
    /// When recording: per step printed, its span's start and the output length right after
    /// the step's own text (for a step with blocks, after its header line).
    marks: Option<Vec<(usize, usize)>>,
}

impl<'a> Printer<'a> {
    pub(crate) fn new(file: &File, src: &'a str) -> Self {
        Printer {
            src,
            comments: Comments::collect(file, src),
            out: String::new(),
            last_end: 0,
            blank: Blank::Never,
            marks: None,
        }
    }

    /// One journey printed without its comments, with the output length after each step's
    /// own text (see `marks`): what run fingerprints hash (`super::fingerprint`).
    pub(crate) fn journey_marked(src: &'a str, j: &Journey) -> (String, Vec<(usize, usize)>) {
        let mut p = Printer {
            src,
            comments: Comments::none(),
            out: String::new(),
            last_end: 0,
            blank: Blank::Never,
            marks: Some(Vec::new()),
        };
        p.journey(j);
        (p.out, p.marks.unwrap_or_default())
    }

    fn mark(&mut self, s: &Step) {
        if let Some(marks) = &mut self.marks {
            marks.push((s.span.start, self.out.len()));
        }
    }

    pub(crate) fn print_file(mut self, file: &File) -> String {
        let mut previous: Option<&Item> = None;
        let mut items = file.items.iter().peekable();
        while let Some(item) = items.next() {
            if let Item::Unknown(word, span) = item {
                let span = self.glue(*span, &mut items, |i| match i {
                    Item::Unknown(_, n) => Some(*n),
                    _ => None,
                });
                self.blank = match previous {
                    None => Blank::Never,
                    Some(_) => Blank::Force,
                };
                previous = Some(item);
                self.verbatim(word, span, 0);
                continue;
            }
            self.blank = match (previous, item) {
                (None, _) => Blank::Never,
                // A run of segment definitions may stay together, as written.
                (Some(Item::Segment(_)), Item::Segment(_)) => Blank::Keep,
                (Some(_), _) => Blank::Force,
            };
            previous = Some(item);
            match item {
                Item::Segment(s) => self.segment(s),
                Item::Policy(p) => self.policy(p),
                Item::Journey(j) => self.journey(j),
                Item::Unknown(word, span) => self.verbatim(word, *span, 0),
                Item::TestsFor(t) => self.tests_for(t),
                Item::Test(t) => self.test_block(t),
                Item::Message(m) => self.message(m),
            }
        }
        self.comments_before(usize::MAX, 0);
        self.out
    }

    // ------------------------------------------------------------------ line primitives

    /// Prints, each on its own line, the comments that start before `pos`.
    fn comments_before(&mut self, pos: usize, indent: usize) {
        while let Some(c) = self.comments.pop_before(pos) {
            self.own_line_comment(&c, indent);
            self.blank = Blank::Keep;
        }
    }

    fn own_line_comment(&mut self, c: &Comment, indent: usize) {
        self.start_line(c.span.start, indent);
        self.out.push('#');
        self.out.push_str(c.text.trim_end());
        self.out.push('\n');
        self.last_end = c.span.end;
    }

    /// A line continuing the previous one (`fallback ...`): never preceded by an empty line,
    /// not even after the comments that come before it.
    fn continuation_line(&mut self, start: usize, end: usize, indent: usize, text: &str) {
        loop {
            self.blank = Blank::Never;
            let Some(c) = self.comments.pop_before(end) else { break };
            self.own_line_comment(&c, indent);
        }
        self.start_line(start, indent);
        self.out.push_str(text);
        self.finish_line(end, false);
    }

    /// Starts a line for source text at `start`: the empty line before it, if any, and indent.
    fn start_line(&mut self, start: usize, indent: usize) {
        let blank = match self.blank {
            Blank::Never => false,
            Blank::Keep => blank_line_between(self.src, self.last_end, start),
            Blank::Force => true,
        };
        if blank && !self.out.is_empty() {
            self.out.push('\n');
        }
        for _ in 0..indent {
            self.out.push_str(INDENT);
        }
    }

    /// Ends a line whose source text ended at `end`, with the comment that followed it there.
    fn finish_line(&mut self, end: usize, opens_block: bool) {
        self.last_end = self.last_end.max(end);
        if let Some(c) = self.comments.pop_trailing(self.src, end) {
            self.out.push_str(" #");
            self.out.push_str(c.text.trim_end());
            self.last_end = c.span.end;
        }
        self.out.push('\n');
        self.blank = if opens_block { Blank::Never } else { Blank::Keep };
    }

    /// A line of code for the source range `[start, end)`.
    fn line(&mut self, start: usize, end: usize, indent: usize, text: &str, opens_block: bool) {
        self.comments_before(end, indent);
        self.start_line(start, indent);
        self.out.push_str(text);
        self.finish_line(end, opens_block);
    }

    /// A line starting with the `}` at `close`, ending at source position `end`: the comments
    /// before it belong to the block it closes.
    fn close_line(&mut self, close: usize, end: usize, indent: usize, text: &str, opens: bool) {
        self.comments_before(end, indent + 1);
        self.blank = Blank::Never;
        self.start_line(close, indent);
        self.out.push_str(text);
        self.finish_line(end, opens);
    }

    /// The end of a node's own text (parser spans may include what follows it).
    fn end_of(&self, span: Span) -> usize {
        self.comments.content_end(self.src, span)
    }

    // ------------------------------------------------------------------ items

    fn segment(&mut self, s: &SegmentDef) {
        let text = format!("segment {} = {}", s.name.name, expr(&s.expr));
        self.line(s.span.start, self.end_of(s.span), 0, &text, false);
    }

    fn policy(&mut self, p: &Policy) {
        let open = open_brace_after(self.src, p.span.start + "policy".len());
        self.line(p.span.start, open + 1, 0, "policy {", true);
        for c in &p.clauses {
            self.clause(c, 1);
        }
        let close = p.span.end.saturating_sub(1);
        self.close_line(close, p.span.end, 0, "}", false);
    }

    /// `message "ID" {`, one variant a line (tags as written), `}`.
    fn message(&mut self, m: &MessageDef) {
        let open = open_brace_after(self.src, m.id.span.end);
        let header = format!("message {} {{", string(&m.id));
        self.line(m.span.start, open + 1, 0, &header, true);
        for v in &m.variants {
            let text = format!("{} {}", v.locale.name, string(&v.text));
            self.line(v.span.start, self.end_of(v.span), 1, &text, false);
        }
        let close = m.span.end.saturating_sub(1);
        self.close_line(close, m.span.end, 0, "}", false);
    }

    fn journey(&mut self, j: &Journey) {
        let open = open_brace_after(self.src, j.id.span.end);
        let header = format!("journey {} {{", string(&j.id));
        self.line(j.span.start, open + 1, 0, &header, true);
        let mut after_clause = false;
        let mut rest = j.body.iter().peekable();
        while let Some(entry) = rest.next() {
            match entry {
                JourneyEntry::Clause(c) => {
                    self.clause(c, 1);
                    after_clause = true;
                }
                JourneyEntry::Step(s) => {
                    if after_clause {
                        self.blank = Blank::Force;
                    }
                    match &s.kind {
                        StepKind::Unknown(word) => {
                            let span = self.glue(s.span, &mut rest, |e| match e {
                                JourneyEntry::Step(n) => unknown_step(n),
                                JourneyEntry::Clause(_) => None,
                            });
                            self.verbatim(word, span, 1);
                            self.mark(s);
                        }
                        _ => self.step(s, 1),
                    }
                    after_clause = false;
                }
            }
        }
        let close = j.span.end.saturating_sub(1);
        self.close_line(close, j.span.end, 0, "}", false);
    }

    /// Text kept as written: an unknown item or step (the checker reports it). Its first line is
    /// re-indented, the rest is left alone, and the comments inside it stay in it.
    fn verbatim(&mut self, word: &Ident, span: Span, indent: usize) {
        let end = self.end_of(span);
        match self.src.get(span.start..end).filter(|t| !t.is_empty()) {
            Some(text) => {
                self.comments_before(span.start, indent);
                self.start_line(span.start, indent);
                self.out.push_str(text);
                self.comments.skip_before(end);
                self.finish_line(end, false);
            }
            None => self.line(span.start, end, indent, &word.name, false),
        }
    }

    // ------------------------------------------------------------------ clauses

    fn clause(&mut self, c: &Clause, indent: usize) {
        let text = match &c.kind {
            ClauseKind::When(e) => format!("when {}", event_match(e)),
            ClauseKind::Audience(e) => format!("audience {}", expr(e)),
            ClauseKind::ExitWhen(e) => format!("exit when {}", event_match(e)),
            ClauseKind::Reentry(Reentry::Never) => "reentry never".to_string(),
            ClauseKind::Reentry(Reentry::Always) => "reentry always".to_string(),
            ClauseKind::Reentry(Reentry::Restart) => "reentry restart".to_string(),
            ClauseKind::Reentry(Reentry::After(d)) => format!("reentry after {}", duration(d)),
            ClauseKind::Limit(l) => limit(l),
            ClauseKind::QuietHours(q) => {
                format!("quiet hours {} to {}", self.time(&q.from), self.time(&q.to))
            }
            ClauseKind::Budget(m) => format!("budget {} per entry", money(m)),
            ClauseKind::Timezone(s) => format!("timezone {}", string(s)),
            ClauseKind::Transactional => "transactional".to_string(),
            ClauseKind::ExitIf(e) => format!("exit if {}", expr(e)),
            ClauseKind::Key(e) => format!("key {}", expr(e)),
            ClauseKind::Holdout(p) => format!("holdout {}%", p.text),
            ClauseKind::WhenChanges(t) => match &t.to {
                None => format!("when {} changes", trait_path(&t.key)),
                Some(to) => format!("when {} changes to {}", trait_path(&t.key), expr(to)),
            },
            ClauseKind::Topic(t) => match t.opt_in {
                None => format!("topic {}", string(&t.name)),
                Some(true) => format!("topic {} opt-in", string(&t.name)),
                Some(false) => format!("topic {} opt-out", string(&t.name)),
            },
            ClauseKind::DefaultLocale(s) => format!("default locale {}", string(s)),
        };
        self.line(c.span.start, self.end_of(c.span), indent, &text, false);
    }

    /// `HH:MM` with two digits each. An out-of-range time (which the checker reports) is kept
    /// as written when the source is at hand, so the user sees their own text in the error.
    fn time(&self, t: &TimeOfDay) -> String {
        let canonical = format!("{:02}:{:02}", t.hour, t.minute);
        if t.hour <= 23 && t.minute <= 59 {
            return canonical;
        }
        match self.src.get(t.span.start..t.span.end) {
            Some(written) if is_time_text(written) => written.to_string(),
            _ => canonical,
        }
    }

    // ------------------------------------------------------------------ steps

    fn steps(&mut self, steps: &[Step], indent: usize) {
        let mut rest = steps.iter().peekable();
        while let Some(s) = rest.next() {
            match &s.kind {
                StepKind::Unknown(word) => {
                    let span = self.glue(s.span, &mut rest, unknown_step);
                    self.verbatim(word, span, indent);
                    self.mark(s);
                }
                _ => self.step(s, indent),
            }
        }
    }

    /// The span of an unknown statement with the unknown statements that follow it on its source
    /// line (`unknown` gives their spans), which `rest` moves past. They are printed together,
    /// verbatim: split over lines, a quote between them would open a string on each line (fuzz:
    /// `send email "Your"subscribed" {{ x }} plan"`).
    fn glue<'x, T: 'x, I: Iterator<Item = &'x T>>(
        &self,
        mut span: Span,
        rest: &mut std::iter::Peekable<I>,
        unknown: impl Fn(&T) -> Option<Span>,
    ) -> Span {
        while let Some(next) = rest.peek().and_then(|n| unknown(n)) {
            if !self.same_line(span, next) {
                break;
            }
            span.end = next.end;
            rest.next();
        }
        span
    }

    /// Whether `next` starts on the line where `span` ends.
    fn same_line(&self, span: Span, next: Span) -> bool {
        self.src.get(span.end..next.start).is_some_and(|between| !between.contains('\n'))
    }

    fn step(&mut self, s: &Step, indent: usize) {
        if let Some(text) = self.simple_step(s) {
            match &s.kind {
                StepKind::Send(options) if !fits(indent, &text) && options.len() > 1 => {
                    self.send_on_several_lines(s, options, indent);
                }
                _ => self.line(s.span.start, self.end_of(s.span), indent, &text, false),
            }
            self.mark(s);
            return;
        }
        match &s.kind {
            StepKind::WaitFor { event, within, body, timeout } => {
                let header =
                    format!("wait for {} within {} {{", event_match(event), duration(within));
                self.line(s.span.start, body.span.start + 1, indent, &header, true);
                self.mark(s);
                self.steps(&body.steps, indent + 1);
                let mut last = body;
                if let Some(t) = timeout {
                    self.close_line(close_of(last), t.span.start + 1, indent, "} timeout {", true);
                    self.steps(&t.steps, indent + 1);
                    last = t;
                }
                self.close_line(close_of(last), last.span.end, indent, "}", false);
            }
            StepKind::If { branches, otherwise } => {
                let mut last: Option<&Block> = None;
                for (cond, block) in branches {
                    let open = block.span.start + 1;
                    match last {
                        None => {
                            let header = format!("if {} {{", expr(cond));
                            self.line(s.span.start, open, indent, &header, true);
                            self.mark(s);
                        }
                        Some(prev) => {
                            let text = format!("}} else if {} {{", expr(cond));
                            self.close_line(close_of(prev), open, indent, &text, true);
                        }
                    }
                    self.steps(&block.steps, indent + 1);
                    last = Some(block);
                }
                if let (Some(prev), Some(block)) = (last, otherwise) {
                    let open = block.span.start + 1;
                    self.close_line(close_of(prev), open, indent, "} else {", true);
                    self.steps(&block.steps, indent + 1);
                    last = Some(block);
                }
                if let Some(prev) = last {
                    self.close_line(close_of(prev), prev.span.end, indent, "}", false);
                }
            }
            StepKind::Split(arms) => {
                let open = open_brace_after(self.src, s.span.start + "split".len());
                self.line(s.span.start, open + 1, indent, "split {", true);
                self.mark(s);
                for arm in arms {
                    self.split_arm(arm, indent + 1);
                }
                let close = s.span.end.saturating_sub(1);
                self.close_line(close, s.span.end, indent, "}", false);
            }
            StepKind::Unknown(word) => self.verbatim(word, s.span, indent),
            // Simple steps were printed above.
            StepKind::Send(_)
            | StepKind::Wait(_)
            | StepKind::WaitUntil(_)
            | StepKind::Stop
            | StepKind::Set { .. } => {}
            StepKind::WaitUntilDays { .. } | StepKind::WaitUntilExpr(_) => {}
            StepKind::Digest(_) => {}
        }
    }

    /// A `send` too wide for one line: each `fallback` on a line of its own, one level deeper.
    /// Each option keeps the comment that followed it.
    fn send_on_several_lines(&mut self, s: &Step, options: &[SendOption], indent: usize) {
        for (i, option) in options.iter().enumerate() {
            // The last line runs to the step's end, so it holds `expire after` and its comments.
            let last = i + 1 == options.len();
            let end = if last { self.end_of(s.span) } else { self.end_of(option.span) };
            if i == 0 {
                let text = format!("send {}", send_option(option));
                self.line(s.span.start, end, indent, &text, false);
            } else {
                let expire = if last { expire_after(s) } else { String::new() };
                let text = format!("fallback {}{expire}", send_option(option));
                self.continuation_line(option.span.start, end, indent + 1, &text);
            }
        }
    }

    /// The one-line text of a step without a block.
    fn simple_step(&self, s: &Step) -> Option<String> {
        Some(match &s.kind {
            StepKind::Send(options) => {
                let options: Vec<String> = options.iter().map(send_option).collect();
                format!("send {}{}", options.join(" fallback "), expire_after(s))
            }
            StepKind::Wait(d) => format!("wait {}", duration(d)),
            StepKind::WaitUntil(t) => format!("wait until {}", self.time(t)),
            StepKind::WaitUntilDays { time, days } => {
                let days: Vec<&str> = days.iter().map(|d| d.name.as_str()).collect();
                format!("wait until {} on {}", self.time(time), days.join(", "))
            }
            StepKind::WaitUntilExpr(e) => format!("wait until {}", expr(e)),
            StepKind::Digest(crate::syntax::ast::DigestUntil::For(d)) => {
                format!("digest for {}", duration(d))
            }
            StepKind::Digest(crate::syntax::ast::DigestUntil::Until(t)) => {
                format!("digest until {}", self.time(t))
            }
            StepKind::Stop => "stop".to_string(),
            StepKind::Set { key, value } => format!("set {} = {}", trait_path(key), expr(value)),
            _ => return None,
        })
    }

    /// `50% { stop }` on one line when the arm holds at most one simple step and no comment
    /// inside its braces; otherwise a multi-line block. (Comments before the `{` move above the
    /// arm in both layouts.)
    fn split_arm(&mut self, arm: &SplitArm, indent: usize) {
        let head = format!("{}% {{", arm.percent.text);
        let body = &arm.body;
        let one_line = match body.steps.as_slice() {
            [] => Some(format!("{head}}}")),
            [only] => self.simple_step(only).map(|s| format!("{head} {s} }}")),
            _ => None,
        };
        match one_line {
            Some(text)
                if fits(indent, &text) && !self.comments.any_in(body.span.start, body.span.end) =>
            {
                self.line(arm.span.start, body.span.end, indent, &text, false);
                if let [only] = body.steps.as_slice() {
                    self.mark(only);
                }
            }
            _ => {
                self.line(arm.span.start, body.span.start + 1, indent, &head, true);
                self.steps(&body.steps, indent + 1);
                self.close_line(close_of(body), body.span.end, indent, "}", false);
            }
        }
    }
}

/// Whether `text` fits in `MAX_WIDTH` columns at this indentation.
fn fits(indent: usize, text: &str) -> bool {
    indent * INDENT.len() + text.chars().count() <= MAX_WIDTH
}

/// The position of a block's `}`.
fn close_of(b: &Block) -> usize {
    b.span.end.saturating_sub(1)
}

/// `limit 2 messages per 1 day`, `limit 1 message per 1 day`, `limit 3 sms per 7 days`.
fn limit(l: &Limit) -> String {
    let what = match &l.channel {
        Some(channel) => channel.name.as_str(),
        None if l.count.text == "1" => "message",
        None => "messages",
    };
    format!("limit {} {} per {}", l.count.text, what, duration(&l.window))
}

/// Digits, `:`, digits: what the grammar reads as a time of day.
fn is_time_text(s: &str) -> bool {
    match s.split_once(':') {
        Some((h, m)) => {
            !h.is_empty()
                && !m.is_empty()
                && h.bytes().all(|b| b.is_ascii_digit())
                && m.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// ` expire after DURATION` when a send step has it, else nothing.
fn expire_after(s: &Step) -> String {
    s.expire.as_ref().map_or(String::new(), |d| format!(" expire after {}", duration(d)))
}

/// The span of an unknown step (`Printer::glue`).
fn unknown_step(s: &Step) -> Option<Span> {
    matches!(s.kind, StepKind::Unknown(_)).then_some(s.span)
}
