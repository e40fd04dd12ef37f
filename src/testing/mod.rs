//! `herald test` (SPEC §7, docs/testing.md): runs the `test "name" { ... }` blocks of a file
//! against a program's journeys. Each test drives one profile through the simulator's own
//! timeline (`sim::Session`: ticks at every `wake_at`, identify merges traits, track evaluates
//! then joins `profile.events`, `set` applied), so a test sees exactly what a replay would.
//! A test stops at its first failed expectation, like an assertion.

mod describe;
mod literal;

use crate::eval::Timestamp;
use crate::sim::{Session, Simulator};
use crate::{Diagnostic, Diagnostics, Program};
use herald_lang::diagnostics::LineIndex;
use herald_lang::json::{Map, Value};
use herald_lang::syntax::ast::{
    DecisionPattern, ExpectField, ExpectKind, FieldKind, File, Item, Span, StringLit, TestBlock,
    TestStmtKind,
};
use serde::Serialize;

/// The profile id of a test that names none.
pub const DEFAULT_PROFILE_ID: &str = "test";

/// The results of every test of a file, in file order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestReport {
    pub tests: Vec<TestResult>,
    pub passed: usize,
    pub failed: usize,
}

/// One test's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestResult {
    pub name: String,
    pub passed: bool,
    /// The line of `test "name"` (1-based).
    pub line: usize,
    /// Every decision the test's profile received, in order (for a failure's context).
    pub decisions: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<Failure>,
}

/// Why a test failed: the expectation (or statement) that did not hold, where it is, and what
/// happened instead.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    pub message: String,
    /// What the expectation asked for, in the test language (empty when a statement failed).
    pub expected: String,
    /// What happened, one decision or fact a line, in the test language.
    pub actual: String,
    pub line: usize,
    pub column: usize,
    pub span: Span,
}

impl TestReport {
    /// The report as JSON (`herald test --format json`, the package's `program.test()`): the
    /// text `serde_json::to_string` writes of the derive, written by hand
    /// (`herald_lang::write`; tests compare them).
    pub fn to_json(&self) -> String {
        let mut w = herald_lang::write::Writer::with_capacity(256 + 256 * self.tests.len());
        w.raw("{\"tests\":[");
        for (i, t) in self.tests.iter().enumerate() {
            w.comma(i);
            w.raw("{\"name\":");
            w.string(&t.name);
            w.raw(",\"passed\":");
            w.bool(t.passed);
            w.raw(",\"line\":");
            w.usize(t.line);
            w.raw(",\"decisions\":");
            w.usize(t.decisions);
            if let Some(f) = &t.failure {
                w.raw(",\"failure\":{\"message\":");
                w.string(&f.message);
                w.raw(",\"expected\":");
                w.string(&f.expected);
                w.raw(",\"actual\":");
                w.string(&f.actual);
                w.raw(",\"line\":");
                w.usize(f.line);
                w.raw(",\"column\":");
                w.usize(f.column);
                w.raw(",\"span\":");
                herald_lang::diagnostics::write_span(&mut w, f.span);
                w.raw("}");
            }
            w.raw("}");
        }
        w.raw("],\"passed\":");
        w.usize(self.passed);
        w.raw(",\"failed\":");
        w.usize(self.failed);
        w.raw("}");
        w.finish()
    }
}

impl Program {
    /// Run the tests of this program's own source against its journeys.
    pub fn test(&self) -> TestReport {
        run_tests(self, self.file(), self.source())
    }
}

/// A file of tests (docs/testing.md), parsed: its `test` blocks, and the journeys file it names
/// with `tests for "FILE"`, if it names one (else its tests run on its own journeys).
#[derive(Debug, Clone)]
pub struct TestFile {
    file: File,
    source: String,
}

impl TestFile {
    /// Parse a file of tests (syntax errors only; [`TestFile::check`] checks the tests).
    pub fn parse(source: &str) -> Result<TestFile, Diagnostics> {
        let file = herald_lang::syntax::parse(source)?;
        Ok(TestFile { file, source: source.to_string() })
    }

    /// True when the file has at least one `test` block.
    pub fn has_tests(&self) -> bool {
        self.file.items.iter().any(|i| matches!(i, Item::Test(_)))
    }

    /// The path of `tests for "PATH"` (relative to this file, as written) and the span of the
    /// path's string; `None` when the file names no other file (or the path is interpolated).
    pub fn tests_for(&self) -> Option<(String, Span)> {
        self.file.items.iter().find_map(|i| match i {
            Item::TestsFor(t) => t.path.as_plain().map(|p| (p, t.path.span)),
            _ => None,
        })
    }

    /// The tests' own diagnostics, checked against the journeys of `program` (e.g. E0451, a
    /// test that names a journey the program lacks).
    pub fn check(&self, program: &Program) -> Vec<Diagnostic> {
        herald_lang::check::check_tests(&self.file, Some(program.file()))
    }

    /// Like [`TestFile::check`], against the journeys of a source text that need not compile:
    /// the source's syntax errors when it does not parse.
    pub fn check_against_source(&self, journeys: &str) -> Result<Vec<Diagnostic>, Diagnostics> {
        let journeys = herald_lang::syntax::parse(journeys)?;
        Ok(herald_lang::check::check_tests(&self.file, Some(&journeys)))
    }

    /// Run every `test` block against `program`.
    pub fn run(&self, program: &Program) -> TestReport {
        run_tests(program, &self.file, &self.source)
    }
}

/// Run every `test` block of `tests` (parsed from `source`) against `program`.
pub(crate) fn run_tests(program: &Program, tests: &File, source: &str) -> TestReport {
    let sim = Simulator::new(program);
    let index = LineIndex::new(source);
    let mut results = Vec::new();
    for item in &tests.items {
        let Item::Test(t) = item else { continue };
        let mut run = Run::new(&sim);
        let failure = run.test(t).err().map(|mut f| {
            // A statement's span may run over the white space after it: end at its text.
            let text = source.get(f.span.start..f.span.end).unwrap_or_default();
            f.span.end = f.span.start + text.trim_end().len();
            let (line, column) = index.line_col(f.span.start);
            Failure {
                message: f.message,
                expected: f.expected,
                actual: f.actual,
                line,
                column,
                span: f.span,
            }
        });
        results.push(TestResult {
            name: t.name.as_plain().unwrap_or_default(),
            passed: failure.is_none(),
            line: index.line_col(t.span.start).0,
            decisions: run.seen,
            failure,
        });
    }
    let passed = results.iter().filter(|r| r.passed).count();
    TestReport { failed: results.len() - passed, passed, tests: results }
}

/// A failure before line and column are known.
struct Fail {
    message: String,
    expected: String,
    actual: String,
    span: Span,
}

fn fail(span: Span, message: impl Into<String>) -> Fail {
    Fail { message: message.into(), expected: String::new(), actual: String::new(), span }
}

/// One test being run.
struct Run<'s> {
    sim: &'s Simulator,
    session: Option<Session<'s>>,
    /// The profile given before the first evaluation.
    profile: Map<String, Value>,
    clock: Option<i64>,
    /// The decisions of the last `at`, `after` or `event`, and which were matched already.
    batch: Vec<(Value, bool)>,
    seen: usize,
}

impl<'s> Run<'s> {
    fn new(sim: &'s Simulator) -> Run<'s> {
        Run { sim, session: None, profile: Map::new(), clock: None, batch: Vec::new(), seen: 0 }
    }

    fn test(&mut self, t: &TestBlock) -> Result<(), Fail> {
        for stmt in &t.body {
            match &stmt.kind {
                TestStmtKind::At(at) => {
                    let to = instant(at)?;
                    if let Some(now) = self.clock.filter(|now| to < *now) {
                        return Err(fail(
                            at.span,
                            format!("the clock cannot go back (it shows {})", Timestamp(now)),
                        ));
                    }
                    self.move_clock(to, stmt.span)?;
                }
                TestStmtKind::After(d) => {
                    let now = self.now(stmt.span)?;
                    let to = now.saturating_add(d.seconds().saturating_mul(1000));
                    self.move_clock(to, stmt.span)?;
                }
                TestStmtKind::Profile(l) => {
                    let traits = literal::to_map(l).map_err(|(span, m)| fail(span, m))?;
                    match &mut self.session {
                        Some(s) => s.identify(traits),
                        None => self.profile.extend(traits),
                    }
                }
                TestStmtKind::Event { name, properties } => {
                    let now = self.now(stmt.span)?;
                    let name = name.as_plain().unwrap_or_default();
                    let props = match properties {
                        Some(l) => literal::to_map(l).map_err(|(span, m)| fail(span, m))?,
                        None => Map::new(),
                    };
                    self.batch.clear();
                    let mut got = Vec::new();
                    let session = self.session(stmt.span)?;
                    let mut sink = |d: &crate::eval::Decision| got.push(decision_value(d));
                    let done = session
                        .advance(now, &mut sink)
                        .and_then(|()| session.track(&name, props, now, &mut sink));
                    self.take(got);
                    done.map_err(|e| fail(stmt.span, e.to_string()))?;
                }
                TestStmtKind::Expect(e) => self.expect(&e.kind, stmt.span)?,
                TestStmtKind::Unknown(word) => {
                    return Err(fail(word.span, format!("unknown statement `{}`", word.name)))
                }
            }
        }
        Ok(())
    }

    fn now(&self, span: Span) -> Result<i64, Fail> {
        self.clock.ok_or_else(|| {
            fail(span, "the test has no clock yet: start it with `at \"2026-03-01T10:00:00Z\"`")
        })
    }

    fn session(&mut self, span: Span) -> Result<&mut Session<'s>, Fail> {
        if self.session.is_none() {
            let profile = std::mem::take(&mut self.profile);
            let s = self
                .sim
                .session(DEFAULT_PROFILE_ID, profile)
                .map_err(|e| fail(span, e.to_string()))?;
            self.session = Some(s);
        }
        self.session.as_mut().ok_or_else(|| fail(span, "internal error: no session"))
    }

    /// The clock moves to `to`: the ticks due until then fire.
    fn move_clock(&mut self, to: i64, span: Span) -> Result<(), Fail> {
        let first = self.clock.is_none();
        self.clock = Some(to);
        if first {
            return Ok(());
        }
        self.batch.clear();
        let mut got = Vec::new();
        let done = self
            .session(span)?
            .advance(to, &mut |d: &crate::eval::Decision| got.push(decision_value(d)));
        self.take(got);
        done.map_err(|e| fail(span, e.to_string()))
    }

    fn take(&mut self, got: Vec<Value>) {
        self.seen += got.len();
        self.batch.extend(got.into_iter().map(|d| (d, false)));
    }

    fn expect(&mut self, kind: &ExpectKind, span: Span) -> Result<(), Fail> {
        match kind {
            ExpectKind::Decision(p) => {
                let wanted = Pattern::new(p)?;
                let found = self.batch.iter_mut().find(|(d, used)| !*used && wanted.matches(d));
                match found {
                    Some((_, used)) => {
                        *used = true;
                        Ok(())
                    }
                    None => Err(Fail {
                        message: "no decision matches".into(),
                        expected: describe::pattern(p),
                        actual: self.actual(|d| wanted.same_kind(d)),
                        span,
                    }),
                }
            }
            ExpectKind::No(p) => {
                let unwanted = Pattern::new(p)?;
                match self.batch.iter().find(|(d, _)| unwanted.matches(d)) {
                    Some((d, _)) => Err(Fail {
                        message: "a decision matches what should not happen".into(),
                        expected: format!("no {}", describe::pattern(p)),
                        actual: describe::decision(d),
                        span,
                    }),
                    None => Ok(()),
                }
            }
            ExpectKind::NoDecisions => match self.batch.is_empty() {
                true => Ok(()),
                false => Err(Fail {
                    message: "there were decisions".into(),
                    expected: "no decisions".into(),
                    actual: self.actual(|_| true),
                    span,
                }),
            },
            ExpectKind::Waiting(fields) => self.waiting(fields, true, span),
            ExpectKind::NotWaiting(fields) => self.waiting(fields, false, span),
        }
    }

    /// The decisions of the batch, those `first` picks first (the closest to what was expected).
    fn actual(&self, first: impl Fn(&Value) -> bool) -> String {
        if self.batch.is_empty() {
            return "no decisions".to_string();
        }
        let (near, far): (Vec<_>, Vec<_>) = self.batch.iter().partition(|(d, _)| first(d));
        let lines: Vec<String> =
            near.iter().chain(far.iter()).map(|(d, _)| describe::decision(d)).collect();
        lines.join("\n")
    }

    fn waiting(&self, fields: &[ExpectField], want: bool, span: Span) -> Result<(), Fail> {
        let mut journey: Option<String> = None;
        let mut until: Option<(i64, Span)> = None;
        for f in fields {
            match &f.kind {
                FieldKind::Journey(s) => journey = s.as_plain(),
                FieldKind::Until(s) => until = Some((instant(s)?, s.span)),
                other => {
                    return Err(fail(
                        f.span,
                        format!(
                            "`{}` says nothing about waiting: use `journey` or `until`",
                            other.name()
                        ),
                    ))
                }
            }
        }
        // No session or no state yet: nothing waits. A state that does not serialise is an
        // internal error, never read as "not waiting" (which `expect not waiting` would pass).
        let state = match self.session.as_ref().and_then(|s| s.state()) {
            None => Value::Null,
            Some(s) => serde_json::from_str(&crate::eval::write::state_text(s)).map_err(|e| {
                fail(span, format!("internal error: the session's state did not serialise ({e})"))
            })?,
        };
        let waiting = waiting_runs(&state);
        let expected = describe::waiting(want, journey.as_deref(), until.map(|u| u.0));
        let relevant: Vec<&(String, i64)> =
            waiting.iter().filter(|(j, _)| journey.as_ref().is_none_or(|id| id == j)).collect();
        let actual = || {
            if waiting.is_empty() {
                "not waiting".to_string()
            } else {
                let lines: Vec<String> = waiting
                    .iter()
                    .map(|(j, u)| describe::waiting(true, Some(j), Some(*u)))
                    .collect();
                lines.join("\n")
            }
        };
        let holds = if want {
            match until {
                // Without a journey, `until` is the next wake time (the earliest of them).
                Some((u, _)) if journey.is_none() => {
                    self.session.as_ref().and_then(Session::wake_at) == Some(u)
                }
                Some((u, _)) => relevant.iter().any(|(_, at)| *at == u),
                None => !relevant.is_empty(),
            }
        } else {
            relevant.is_empty()
        };
        if holds {
            Ok(())
        } else {
            let message = if want { "not waiting as expected" } else { "still waiting" };
            Err(Fail { message: message.into(), expected, actual: actual(), span })
        }
    }
}

/// The journeys with a run that waits, and until when: `journeys.ID.run` (or the runs of a
/// journey that keeps several, `journeys.ID.runs`).
fn waiting_runs(state: &Value) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    let Some(journeys) = state.get("journeys").and_then(Value::as_object) else { return out };
    for (id, j) in journeys {
        let mut runs: Vec<&Value> = j.get("run").into_iter().filter(|r| !r.is_null()).collect();
        if let Some(list) = j.get("runs").and_then(Value::as_array) {
            runs.extend(list.iter());
        }
        if let Some(map) = j.get("runs").and_then(Value::as_object) {
            runs.extend(map.values());
        }
        for r in runs {
            let until = r
                .get("until")
                .and_then(Value::as_str)
                .and_then(Timestamp::parse)
                .map_or(i64::MAX, Timestamp::millis);
            out.push((id.clone(), until));
        }
    }
    out
}

fn instant(s: &StringLit) -> Result<i64, Fail> {
    s.as_plain()
        .and_then(|t| Timestamp::parse(&t))
        .map(Timestamp::millis)
        .ok_or_else(|| fail(s.span, "not an instant: write it as \"2026-03-01T10:00:00Z\""))
}

/// A decision as its JSON (what hosts see), so expectations read the same fields.
fn decision_value(d: &crate::eval::Decision) -> Value {
    crate::sim::decision_value(d).unwrap_or(Value::Null)
}

/// A decision pattern ready to match JSON decisions.
struct Pattern<'p> {
    p: &'p DecisionPattern,
    cost: Option<(i64, String)>,
    until: Option<i64>,
}

impl<'p> Pattern<'p> {
    fn new(p: &'p DecisionPattern) -> Result<Pattern<'p>, Fail> {
        let mut cost = None;
        let mut until = None;
        for f in &p.fields {
            match &f.kind {
                FieldKind::Cost(m) => {
                    let micros = herald_lang::check::money_micros(&m.amount)
                        .ok_or_else(|| fail(m.span, "not an amount such as `$0.0083`"))?;
                    cost = Some((micros, m.currency.clone()));
                }
                FieldKind::Until(s) => until = Some(instant(s)?),
                _ => {}
            }
        }
        Ok(Pattern { p, cost, until })
    }

    /// Same action and (when given) channel: a candidate to show beside a failure.
    fn same_kind(&self, d: &Value) -> bool {
        text(d, "action") == Some(&self.p.action.name)
            && self.p.channel.as_ref().is_none_or(|c| text(d, "channel") == Some(&c.name))
    }

    fn matches(&self, d: &Value) -> bool {
        self.same_kind(d) && self.p.fields.iter().all(|f| self.field(f, d))
    }

    fn field(&self, f: &ExpectField, d: &Value) -> bool {
        let eq = |key: &str, s: &StringLit| s.as_plain().is_some_and(|t| text(d, key) == Some(&t));
        match &f.kind {
            FieldKind::Journey(s) => eq("journey", s),
            FieldKind::Content { contains: false, text: s } => eq("content", s),
            FieldKind::Content { contains: true, text: s } => {
                match (text(d, "content"), s.as_plain()) {
                    (Some(c), Some(t)) => c.contains(&t),
                    _ => false,
                }
            }
            FieldKind::Template(s) => eq("template", s),
            FieldKind::To(s) => eq("to", s),
            FieldKind::Step(s) => eq("step", s),
            FieldKind::Reason(w) => text(d, "reason") == Some(&w.name),
            FieldKind::Until(_) => {
                let got = text(d, "until").and_then(Timestamp::parse).map(Timestamp::millis);
                got.is_some() && got == self.until
            }
            FieldKind::Cost(_) => {
                let cost = d.get("cost");
                let micros = cost.and_then(|c| c.get("micros")).and_then(Value::as_i64);
                let currency = cost.and_then(|c| c.get("currency")).and_then(Value::as_str);
                match &self.cost {
                    Some((m, cur)) => micros == Some(*m) && currency == Some(cur.as_str()),
                    None => false,
                }
            }
        }
    }
}

fn text<'v>(d: &'v Value, key: &str) -> Option<&'v str> {
    d.get(key).and_then(Value::as_str)
}

#[cfg(test)]
mod tests;
