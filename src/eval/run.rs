//! The run state machine of SPEC §2, one journey at a time: a waiting run is exited, resumed by
//! its awaited event or woken when due; without an active run, a trigger event may start one;
//! a run then executes steps until it waits, stops or ends.

use super::costing::Pricing;
use super::expr::{Ctx, Scope};
use super::input::EventView;
use super::response::{Action, Decision, Reason};
use super::state::{Changed, JourneyIn, RunIn, RunState, SendRec};
use super::time;
use super::trace::{source_text, Observer, Quiet, Recorder, TraceEntry};
use super::MAX_TRACE_ENTRIES;
use crate::compile::ir::{Cond, EventMatch, Journey, Reentry, Step, StepIdx, StepKind, WaitKind};
use chrono_tz::Tz;
use std::sync::Arc;

/// Where a run's trigger event lives.
#[derive(Debug, Clone, Copy)]
pub enum RunEvent<'a> {
    /// In the request's state (a run that started earlier).
    Stored(&'a RunState),
    /// The request's event (a run that started now).
    Incoming,
}

/// A run being executed.
pub struct RunCtx<'a> {
    pub event: RunEvent<'a>,
    pub view: EventView<'a>,
    pub entered: i64,
    pub spent: i64,
}

/// A run left waiting at the end of the evaluation.
pub struct RunOut<'a> {
    /// The step the run waits at (a reference: a step the journey lacks cannot be written).
    pub step: &'a Step,
    pub waiting: WaitKind,
    pub until: i64,
    pub entered: i64,
    pub spent: i64,
    pub event: RunEvent<'a>,
}

pub struct JourneyOut<'a> {
    pub last_entry: Option<i64>,
    pub run: Option<RunOut<'a>>,
}

/// One evaluation in progress: the decisions so far, the send history caps count, the trace.
pub struct Evaluation<'a> {
    pub ctx: Ctx<'a>,
    pub incoming: Option<EventView<'a>>,
    pub explain: bool,
    pub pricing: Pricing<'a>,
    pub decisions: Vec<Decision>,
    pub trace: Vec<TraceEntry>,
    pub trace_overflow: bool,
    /// The state's sends followed by this evaluation's.
    pub history: Vec<SendRec<'a>>,
    pub total_micros: i64,
    tz: Option<Tz>,
}

impl<'a> Evaluation<'a> {
    pub fn new(
        ctx: Ctx<'a>,
        incoming: Option<EventView<'a>>,
        explain: bool,
        pricing: Pricing<'a>,
        history: Vec<SendRec<'a>>,
    ) -> Self {
        Evaluation {
            ctx,
            incoming,
            explain,
            pricing,
            decisions: Vec::with_capacity(8),
            trace: Vec::new(),
            trace_overflow: false,
            history,
            total_micros: 0,
            tz: None,
        }
    }

    pub fn now(&self) -> i64 {
        self.ctx.now
    }

    /// The recipient's time zone: `profile.timezone` when it names an IANA zone, else the
    /// policy's `timezone`, else UTC.
    pub fn tz(&mut self) -> Tz {
        if let Some(tz) = self.tz {
            return tz;
        }
        let tz = self
            .ctx
            .profile
            .timezone
            .as_deref()
            .and_then(|name| name.parse::<Tz>().ok())
            .unwrap_or(self.ctx.prog.default_tz);
        self.tz = Some(tz);
        tz
    }

    /// A sentence about the zone in use, for traces.
    pub fn tz_detail(&mut self) -> String {
        let tz = self.tz();
        match self.ctx.profile.timezone.as_deref() {
            Some(name) if name.parse::<Tz>().is_err() => {
                format!("profile.timezone \"{name}\" is no IANA zone; using {}", tz.name())
            }
            Some(_) => format!("zone {}", tz.name()),
            None => format!("no profile.timezone; using {}", tz.name()),
        }
    }

    // ------------------------------------------------------------------ trace

    pub fn note(
        &mut self,
        j: &Journey,
        step: Option<&Step>,
        check: &'static str,
        result: bool,
        detail: impl FnOnce(&mut Self) -> String,
    ) {
        if !self.explain {
            return;
        }
        let detail = detail(self);
        self.push_trace(TraceEntry {
            journey: j.id.clone(),
            step: step.map(|s| s.id.clone()),
            check,
            channel: None,
            condition: None,
            result,
            values: Vec::new(),
            detail: Some(detail),
        });
    }

    pub fn push_trace(&mut self, entry: TraceEntry) {
        if self.trace.len() >= MAX_TRACE_ENTRIES {
            self.trace_overflow = true;
            return;
        }
        self.trace.push(entry);
    }

    /// Evaluate a condition; with `explain`, record it with the values it read.
    pub fn check(
        &mut self,
        j: &Journey,
        step: Option<&Step>,
        check: &'static str,
        cond: &'a Cond,
        sc: &Scope<'a>,
    ) -> bool {
        if !self.explain {
            return self.ctx.eval(&cond.expr, sc, &mut Quiet).is_true();
        }
        let mut rec = Recorder::default();
        let result = self.ctx.eval(&cond.expr, sc, &mut rec).is_true();
        let source = &self.ctx.prog.source;
        self.push_trace(TraceEntry {
            journey: j.id.clone(),
            step: step.map(|s| s.id.clone()),
            check,
            channel: None,
            condition: Some(source_text(source, cond.span)),
            result,
            values: rec.into_values(source),
            detail: None,
        });
        result
    }

    /// Evaluate an expression for its value (interpolation), observing like `check`.
    pub fn value<O: Observer>(
        &self,
        cond: &'a Cond,
        sc: &Scope<'a>,
        obs: &mut O,
    ) -> super::value::Val<'a> {
        self.ctx.eval(&cond.expr, sc, obs)
    }

    /// Whether `event` matches one of `matches` (by name, then `where`).
    fn matches_any(
        &mut self,
        j: &'a Journey,
        step: Option<&Step>,
        check: &'static str,
        matches: &'a [EventMatch],
        event: EventView<'a>,
        sc: &Scope<'a>,
    ) -> bool {
        let Some(id) = event.name_id else {
            return false;
        };
        for m in matches {
            if m.name != id {
                continue;
            }
            let ok = match &m.condition {
                None => {
                    let name = event.name;
                    self.note(j, step, check, true, |_| format!("event \"{name}\""));
                    true
                }
                Some(c) => self.check(j, step, check, c, sc),
            };
            if ok {
                return true;
            }
        }
        false
    }

    // ------------------------------------------------------------------ decisions

    pub fn decide(&mut self, d: Decision) {
        self.decisions.push(d);
    }

    fn exit(&mut self, j: &Journey, step: Option<&Arc<str>>, reason: Reason) {
        let mut d = Decision::new(&j.id, step, Action::Exit, self.now());
        d.reason = Some(reason);
        self.decide(d);
    }

    // ------------------------------------------------------------------ journeys

    /// Everything one journey does with this request.
    pub fn journey(&mut self, ji: u32, j: &'a Journey, jin: &JourneyIn<'a>) -> JourneyOut<'a> {
        let mut out = JourneyOut { last_entry: jin.last_entry, run: None };
        if let Some(run) = jin.run {
            // `reentry restart`: a trigger ends the active run, whatever it waits for, and
            // starts a new one (SPEC §6): the new one-time code supersedes the old one.
            if let (Reentry::Restart, Some(event)) = (j.reentry, self.incoming) {
                if self.triggered(j, event) {
                    let step: Arc<str> = run.raw.step.as_str().into();
                    self.note(j, None, "reentry", true, |_| {
                        format!("reentry restart: the run waiting at step {step} ends")
                    });
                    self.exit(j, Some(&step), Reason::Restarted);
                    self.start(ji, j, event, &mut out);
                    return out;
                }
            }
            out.run = self.waiting_run(ji, j, run);
        }
        if out.run.is_none() {
            if let Some(event) = self.incoming {
                self.try_enter(ji, j, event, &mut out);
            }
        }
        out
    }

    /// Whether `event` triggers the journey (a `when` names it and its `where` holds).
    fn triggered(&mut self, j: &'a Journey, event: EventView<'a>) -> bool {
        let sc = Scope { run: Some(event), incoming: Some(event), counted: None };
        let named = event.name_id.is_some_and(|id| j.triggers.iter().any(|t| t.name == id));
        if !named {
            if self.explain && !j.triggers.is_empty() {
                let name = event.name.to_string();
                self.note(j, None, "trigger", false, |_| {
                    format!("event \"{name}\" does not trigger this journey")
                });
            }
            return false;
        }
        self.matches_any(j, None, "trigger", &j.triggers, event, &sc)
    }

    fn waiting_run(&mut self, ji: u32, j: &'a Journey, run: RunIn<'a>) -> Option<RunOut<'a>> {
        let now = self.now();
        let Some((idx, step)) = run.step else {
            let id: Arc<str> = run.raw.step.as_str().into();
            self.note(j, None, "state", false, |_| {
                let (at, what) = (&run.raw.step, run.waiting.name());
                match run.changed {
                    Changed::Fingerprint => format!(
                        "the run waits at step {at} ({what}), and the journey up to that step is \
                         not the one it started in (fingerprint {} recorded)",
                        run.raw.fingerprint.as_deref().unwrap_or("")
                    ),
                    Changed::NoFingerprint => format!(
                        "the run waits at step {at} ({what}) in a state of version 1, which \
                         records no fingerprint to show the journey is unchanged"
                    ),
                    Changed::StepGone | Changed::No => format!(
                        "the run waits at step {at} ({what}), which this version of the journey \
                         does not have"
                    ),
                }
            });
            self.exit(j, Some(&id), Reason::JourneyChanged);
            return None;
        };
        let view = EventView::new(self.ctx.prog, &run.raw.event, run.raw.entered.0);
        let rc = RunCtx {
            event: RunEvent::Stored(run.raw),
            view,
            entered: run.raw.entered.0,
            spent: run.raw.spent_micros,
        };
        if let Some(incoming) = self.incoming {
            let sc = Scope { run: Some(view), incoming: Some(incoming), counted: None };
            if self.matches_any(j, Some(step), "exit_when", &j.exits, incoming, &sc) {
                self.exit(j, Some(&step.id), Reason::ExitEvent);
                return None;
            }
            if let (WaitKind::WaitFor, StepKind::WaitFor { event, body, .. }) =
                (run.waiting, &step.kind)
            {
                if incoming.time <= run.until
                    && self.matches_any(
                        j,
                        Some(step),
                        "wait_for",
                        std::slice::from_ref(event),
                        incoming,
                        &sc,
                    )
                {
                    return self.execute(ji, j, body.or(step.next), rc);
                }
            }
        }
        if now >= run.until {
            let until = run.until;
            self.note(j, Some(step), "wake", true, |_| {
                format!("{} due at {}", run.waiting.name(), time::format_instant(until))
            });
            let start = match (&step.kind, run.waiting) {
                (StepKind::WaitFor { timeout, .. }, _) => timeout.or(step.next),
                (_, WaitKind::QuietHours) => Some(idx),
                _ => step.next,
            };
            return self.execute(ji, j, start, rc);
        }
        let until = run.until;
        self.note(j, Some(step), "wake", false, |_| {
            format!("{} due at {}", run.waiting.name(), time::format_instant(until))
        });
        Some(RunOut {
            step,
            waiting: run.waiting,
            until: run.until,
            entered: rc.entered,
            spent: rc.spent,
            event: rc.event,
        })
    }

    fn try_enter(
        &mut self,
        ji: u32,
        j: &'a Journey,
        event: EventView<'a>,
        out: &mut JourneyOut<'a>,
    ) {
        let now = self.now();
        if !self.triggered(j, event) {
            return;
        }
        let allowed = match (j.reentry, out.last_entry) {
            (_, None) => true,
            (Reentry::Never, Some(_)) => false,
            (Reentry::Always | Reentry::Restart, Some(_)) => true,
            (Reentry::After(ms), Some(last)) => now >= time::add(last, ms),
        };
        if self.explain {
            let last = out.last_entry;
            let rule = j.reentry;
            self.note(j, None, "reentry", allowed, |_| match (rule, last) {
                (_, None) => "first entry".to_string(),
                (Reentry::Never, Some(t)) => {
                    format!("reentry never; entered {}", time::format_instant(t))
                }
                (Reentry::Always, Some(_)) => "reentry always".to_string(),
                (Reentry::Restart, Some(_)) => "reentry restart".to_string(),
                (Reentry::After(ms), Some(t)) => format!(
                    "reentry after {}s of the last entry ({}); allowed from {}",
                    ms / 1000,
                    time::format_instant(t),
                    time::format_instant(time::add(t, ms))
                ),
            });
        }
        if !allowed {
            return;
        }
        self.start(ji, j, event, out);
    }

    /// Start a run on a trigger the journey accepts, when its `audience` holds.
    fn start(&mut self, ji: u32, j: &'a Journey, event: EventView<'a>, out: &mut JourneyOut<'a>) {
        let now = self.now();
        let sc = Scope { run: Some(event), incoming: Some(event), counted: None };
        if let Some(audience) = &j.audience {
            if !self.check(j, None, "audience", audience, &sc) {
                return;
            }
        }
        self.decide(Decision::new(&j.id, None, Action::Enter, now));
        out.last_entry = Some(now);
        let rc = RunCtx { event: RunEvent::Incoming, view: event, entered: now, spent: 0 };
        out.run = self.execute(ji, j, j.first, rc);
    }

    /// Run steps from `at` until the run waits (returned) or ends (`None`, after its exit).
    pub fn execute(
        &mut self,
        ji: u32,
        j: &'a Journey,
        mut at: Option<StepIdx>,
        mut rc: RunCtx<'a>,
    ) -> Option<RunOut<'a>> {
        let now = self.now();
        // Continuations only move forward, so a run visits each step at most once per request;
        // the guard makes that a fact rather than an assumption.
        let mut budget = j.steps.len() + 1;
        while let Some(idx) = at {
            budget = budget.saturating_sub(1);
            let Some(step) = j.step(idx).filter(|_| budget > 0) else {
                break;
            };
            let park = |waiting: WaitKind, until: i64, rc: RunCtx<'a>| {
                Some(RunOut {
                    step,
                    waiting,
                    until,
                    entered: rc.entered,
                    spent: rc.spent,
                    event: rc.event,
                })
            };
            match &step.kind {
                StepKind::Send(options) => {
                    if let Some(until) = self.send(ji, j, step, options, &mut rc) {
                        return park(WaitKind::QuietHours, until, rc);
                    }
                    at = step.next;
                }
                StepKind::Wait { ms } => {
                    if *ms <= 0 {
                        at = step.next;
                        continue;
                    }
                    return park(WaitKind::Wait, time::add(now, *ms), rc);
                }
                StepKind::WaitUntil { minute_of_day } => {
                    let tz = self.tz();
                    let until = time::wait_until(tz, now, *minute_of_day).unwrap_or(now);
                    if until <= now {
                        at = step.next;
                        continue;
                    }
                    return park(WaitKind::WaitUntil, until, rc);
                }
                StepKind::WaitFor { within_ms, .. } => {
                    return park(WaitKind::WaitFor, time::add(now, *within_ms), rc);
                }
                StepKind::If { branches, otherwise } => {
                    let sc = Scope { run: Some(rc.view), incoming: None, counted: None };
                    let mut target = None;
                    let mut taken = false;
                    for (cond, first) in branches.iter() {
                        if self.check(j, Some(step), "if", cond, &sc) {
                            target = first.or(step.next);
                            taken = true;
                            break;
                        }
                    }
                    at = if taken { target } else { otherwise.or(step.next) };
                }
                StepKind::Split { arms } => {
                    let bucket = super::split::bucket(&self.ctx.profile.id, &j.id, &step.id);
                    let arm = arms
                        .iter()
                        .position(|a| bucket < a.end_bucket)
                        .unwrap_or(arms.len().saturating_sub(1));
                    if self.explain {
                        let text = arms.get(arm).map(|a| a.percent_text.clone());
                        self.note(j, Some(step), "split", true, |_| {
                            format!(
                                "bucket {bucket} of 10000 → arm {} ({})",
                                arm + 1,
                                text.as_deref().unwrap_or("?")
                            )
                        });
                    }
                    at = arms.get(arm).and_then(|a| a.first).or(step.next);
                }
                StepKind::Stop => {
                    self.exit(j, Some(&step.id), Reason::Completed);
                    return None;
                }
            }
        }
        self.exit(j, None, Reason::Completed);
        None
    }
}
