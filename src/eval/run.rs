//! The run state machine of SPEC §2, one journey at a time: a waiting run is exited, resumed by
//! its awaited event or woken when due; without an active run, a trigger event may start one;
//! a run then executes steps until it waits, stops or ends.

use super::costing::Pricing;
use super::expr::{Ctx, Scope};
use super::input::EventView;
use super::response::{Action, Decision, Reason};
use super::state::{Changed, JourneyIn, KeyIn, RunIn, RunState, SendRec};
use super::time;
use super::trace::{source_text, Observer, Quiet, Recorder, TraceEntry};
use super::value::Val;
use super::MAX_TRACE_ENTRIES;
use super::{MAX_KEYED_RUNS, MAX_KEY_BYTES};
use herald_lang::compile::ir::{
    Cond, DigestClose, EventMatch, Journey, Reentry, Step, StepIdx, StepKind, WaitKind,
};
use herald_lang::json::Json;
use herald_lang::tz::Tz;
use herald_lang::tz::Zone;
use std::sync::Arc;

/// Where a run's trigger event lives.
#[derive(Debug, Clone, Copy)]
pub enum RunEvent<'a> {
    /// In the request's state (a run that started earlier).
    Stored(&'a RunState),
    /// The request's event (a run that started now).
    Incoming,
    /// A trait change (`when profile.KEY changes`) that started the run now.
    Changed(&'a super::request::Event),
}

/// A run's digest (`digest` steps, SPEC §6) as this evaluation leaves it; `mod.rs` builds the
/// state's `Digest` from it (the run's trigger as kept is needed to start one).
#[derive(Debug, Clone, Copy)]
pub enum RunDigest<'a> {
    /// The run has reached no `digest` step.
    None,
    /// As the request's state holds it.
    Stored(&'a super::state::Digest),
    /// Started now, at a `digest` step: the run's trigger alone.
    Started,
    /// The stored digest (a run parked at a digest step has one) joined by the incoming event's
    /// properties.
    Joined(
        Option<&'a super::state::Digest>,
        &'a herald_lang::json::Map<String, herald_lang::json::Value>,
    ),
}

/// A run being executed.
pub struct RunCtx<'a> {
    pub event: RunEvent<'a>,
    pub view: EventView<'a>,
    pub entered: i64,
    pub spent: i64,
    /// The profile is in the journey's `holdout` control group: sends are suppressed.
    pub holdout: bool,
    /// The run was woken at the send step where quiet hours deferred it: `expire after` treats
    /// a second deferral as expired, since when the run first reached the step is not kept.
    pub redeferred: bool,
    pub digest: RunDigest<'a>,
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
    pub digest: RunDigest<'a>,
}

pub struct JourneyOut<'a> {
    pub last_entry: Option<i64>,
    pub run: Option<RunOut<'a>>,
    /// A journey with `key`: per key, its last entry and its active run.
    pub keys: Vec<KeyOut<'a>>,
}

/// One key of a keyed journey after this evaluation.
pub struct KeyOut<'a> {
    pub key: Arc<str>,
    pub last_entry: Option<i64>,
    pub run: Option<RunOut<'a>>,
}

/// A watched trait whose value differs from the one the state recorded: the trigger event of
/// `when profile.KEY changes` (properties `from` and `to`).
#[derive(Clone, Copy)]
pub struct TraitChange<'a> {
    pub key: &'a str,
    pub source: &'a super::request::Event,
    pub event: EventView<'a>,
}

/// What started a run now: the event as expressions read it, and where the run keeps it.
type Trigger<'a> = (EventView<'a>, RunEvent<'a>);

/// One evaluation in progress: the decisions so far, the send history caps count, the trace.
pub struct Evaluation<'a> {
    pub ctx: Ctx<'a>,
    pub incoming: Option<EventView<'a>>,
    pub explain: bool,
    pub pricing: Pricing<'a>,
    pub decisions: Vec<Decision>,
    pub trace: Vec<TraceEntry>,
    pub trace_overflow: bool,
    /// A case the rules exclude, met during the evaluation (`RequestError::Internal`): the
    /// request is answered with that error, never with the decisions taken around it.
    pub internal: Option<String>,
    /// The state's sends followed by this evaluation's.
    pub history: Vec<SendRec<'a>>,
    pub total_micros: i64,
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
            internal: None,
            history,
            total_micros: 0,
        }
    }

    pub fn now(&self) -> i64 {
        self.ctx.now
    }

    /// A value the rules guarantee (an instant: every zone shows every minute within two days,
    /// and the request's clock is within the years 1–9999; a split's arm: the arms end at
    /// bucket 10 000), or, when it is missing after all, the internal error the request is
    /// answered with: waiting no time, a guessed time or a guessed arm would send what the
    /// journey does not say.
    pub fn guaranteed<T>(&mut self, value: Option<T>, what: impl FnOnce() -> String) -> Option<T> {
        if value.is_none() && self.internal.is_none() {
            self.internal = Some(what());
        }
        value
    }

    /// The recipient's zone (`time::recipient_zone`).
    pub fn tz(&self) -> Zone<'a> {
        self.ctx.zone
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

    /// The instant of a `wait until EXPR`, traced; `None` when the value is no instant.
    fn wait_until_at(
        &mut self,
        j: &Journey,
        step: &Step,
        when: &'a Cond,
        rc: &RunCtx<'a>,
    ) -> Option<i64> {
        let sc = Scope { run: Some(rc.view), incoming: None, counted: None, item: None };
        let value = self.value(when, &sc, &mut Quiet);
        let tz = self.tz();
        let instant = time::instant_of_value(tz, &value);
        if self.explain {
            let source = source_text(&self.ctx.prog.source, when.span);
            let shown = value
                .to_json()
                .map_or_else(|| "missing".to_string(), |v| herald_lang::json::value_text(&v));
            self.note(j, Some(step), "wait_until", instant.is_some(), |_| match instant {
                Some(t) => format!("{source} is {shown}: wait until {}", time::format_instant(t)),
                None => format!(
                    "{source} is {shown}, no instant (an RFC 3339 text, a YYYY-MM-DD date or \
                     `now`): the run ends"
                ),
            });
        }
        instant
    }

    fn exit(&mut self, j: &Journey, step: Option<&Arc<str>>, reason: Reason) {
        let mut d = Decision::new(&j.id, step, Action::Exit, self.now());
        d.reason = Some(reason);
        self.decide(d);
    }

    // ------------------------------------------------------------------ journeys

    /// Everything one journey does with this request.
    pub fn journey(
        &mut self,
        ji: u32,
        j: &'a Journey,
        jin: &JourneyIn<'a>,
        keys: &[KeyIn<'a>],
        changes: &[TraitChange<'a>],
    ) -> JourneyOut<'a> {
        if j.key.is_some() {
            return self.keyed_journey(ji, j, jin, keys, changes);
        }
        let mut out = JourneyOut { last_entry: jin.last_entry, run: None, keys: Vec::new() };
        // The trigger is looked at once, and only when it matters (so the trace stays short).
        let mut trigger: Option<Option<Trigger<'a>>> = None;
        if let Some(run) = jin.run.filter(|r| self.digesting(r)) {
            // A trigger while the run gathers a digest joins it instead of starting a run.
            let t = self.trigger(j, changes);
            trigger = Some(t);
            let joins = matches!(t, Some((_, RunEvent::Incoming)));
            out.run = self.waiting_run(ji, j, run, joins);
        } else if let Some(run) = jin.run {
            // `reentry restart`: a trigger ends the active run, whatever it waits for, and
            // starts a new one (SPEC §6): the new one-time code supersedes the old one.
            if j.reentry == Reentry::Restart {
                let t = self.trigger(j, changes);
                trigger = Some(t);
                if let Some(event) = t {
                    self.restart(j, run);
                    if let Some(run) = self.start(ji, j, event) {
                        out.last_entry = Some(self.now());
                        out.run = run;
                    }
                    return out;
                }
            }
            out.run = self.waiting_run(ji, j, run, false);
        }
        if out.run.is_none() {
            let t = match trigger {
                Some(t) => t,
                None => self.trigger(j, changes),
            };
            if let Some(event) = t {
                if let Some(run) = self.try_enter(ji, j, event, out.last_entry) {
                    out.last_entry = Some(self.now());
                    out.run = run;
                }
            }
        }
        out
    }

    fn restart(&mut self, j: &Journey, run: RunIn<'a>) {
        let step: Arc<str> = run.raw.step.as_str().into();
        self.note(j, None, "reentry", true, |_| {
            format!("reentry restart: the run waiting at step {step} ends")
        });
        self.exit(j, Some(&step), Reason::Restarted);
    }

    /// A journey with `key` (SPEC §6): every run is tested against the request, then a
    /// trigger starts (or, with `reentry restart`, restarts) the run of its key.
    fn keyed_journey(
        &mut self,
        ji: u32,
        j: &'a Journey,
        jin: &JourneyIn<'a>,
        keys: &[KeyIn<'a>],
        changes: &[TraitChange<'a>],
    ) -> JourneyOut<'a> {
        let mut out = JourneyOut { last_entry: jin.last_entry, run: None, keys: Vec::new() };
        // An unkeyed run from before the journey had `key`: its fingerprint differs, so it ends.
        if let Some(run) = jin.run {
            out.run = self.waiting_run(ji, j, run, false);
        }
        let trigger = self.trigger(j, changes);
        let key = trigger.and_then(|(event, _)| self.run_key(j, event));
        let restart = if j.reentry == Reentry::Restart { key.clone() } else { None };
        let mut restarted = false;
        let mut joined = false;
        let incoming = matches!(trigger, Some((_, RunEvent::Incoming)));
        for k in keys {
            let key_arc: Arc<str> = Arc::from(k.key);
            let mark = self.decisions.len();
            let mut run_out = None;
            if let Some(run) = k.run {
                let own = key.as_deref() == Some(k.key);
                if own && incoming && self.digesting(&run) {
                    // The trigger joins the digest of its key's run.
                    run_out = self.waiting_run(ji, j, run, true);
                    joined = run_out.is_some();
                } else if restart.as_deref() == Some(k.key) {
                    self.restart(j, run);
                    restarted = true;
                } else {
                    run_out = self.waiting_run(ji, j, run, false);
                }
            }
            self.tag_key(mark, &key_arc);
            out.keys.push(KeyOut { key: key_arc, last_entry: k.last_entry, run: run_out });
        }
        if let (Some(event), Some(key), false) = (trigger, key, joined) {
            let pos = out.keys.iter().position(|k| *k.key == *key);
            let existing = pos.and_then(|p| out.keys.get(p));
            let active = existing.is_some_and(|k| k.run.is_some());
            let last = existing.and_then(|k| k.last_entry);
            let running = out.keys.iter().filter(|k| k.run.is_some()).count();
            if active {
                self.note(j, None, "key", false, |_| {
                    format!("key {key:?}: a run of this key is active; the trigger is ignored")
                });
            } else if running >= MAX_KEYED_RUNS {
                self.note(j, None, "key_limit", false, |_| {
                    format!(
                        "key {key:?}: {running} runs are active, the most a journey keeps per profile is {MAX_KEYED_RUNS}; the trigger is ignored"
                    )
                });
            } else {
                let mark = self.decisions.len();
                let entered = if restarted {
                    self.start(ji, j, event)
                } else {
                    self.try_enter(ji, j, event, last)
                };
                self.tag_key(mark, &key);
                if let Some(run) = entered {
                    let now = self.now();
                    match pos.and_then(|p| out.keys.get_mut(p)) {
                        Some(k) => {
                            k.last_entry = Some(now);
                            k.run = run;
                        }
                        None => out.keys.push(KeyOut { key, last_entry: Some(now), run }),
                    }
                }
            }
        }
        // Bounded: every active run, and the latest entries of ended keys up to as many.
        let ended = out.keys.iter().filter(|k| k.run.is_none()).count();
        if ended > MAX_KEYED_RUNS {
            let mut times: Vec<i64> = out
                .keys
                .iter()
                .filter(|k| k.run.is_none())
                .map(|k| k.last_entry.unwrap_or(i64::MIN))
                .collect();
            herald_lang::sort::sort_by(&mut times, |a, b| b.cmp(a));
            let cut = times.get(MAX_KEYED_RUNS.saturating_sub(1)).copied().unwrap_or(i64::MIN);
            let mut kept = 0usize;
            out.keys.retain(|k| {
                if k.run.is_some() {
                    return true;
                }
                let keep = k.last_entry.unwrap_or(i64::MIN) >= cut && kept < MAX_KEYED_RUNS;
                kept += usize::from(keep);
                keep
            });
        }
        out
    }

    /// Mark the decisions from `mark` on as decisions of the run of `key`.
    fn tag_key(&mut self, mark: usize, key: &Arc<str>) {
        for d in self.decisions.iter_mut().skip(mark) {
            d.run_key = Some(key.clone());
        }
    }

    /// The run key of a trigger: `key EXPR` evaluated on it, as text (a number in its JSON
    /// form). Missing, null, a list, an object or a text over `MAX_KEY_BYTES` has no key: the
    /// trigger is ignored and the trace says why.
    fn run_key(&mut self, j: &'a Journey, event: EventView<'a>) -> Option<Arc<str>> {
        let cond = j.key.as_ref()?;
        let sc = Scope { run: Some(event), incoming: Some(event), counted: None, item: None };
        let v = self.ctx.eval(&cond.expr, &sc, &mut Quiet);
        let key: Option<String> = match &v {
            Val::Str(s) => Some(s.to_string()),
            Val::Num(_) | Val::Bool(_) | Val::Time(_) => v.to_json().map(|j| match j {
                herald_lang::json::Value::String(s) => s,
                other => herald_lang::json::value_text(&other),
            }),
            _ => None,
        };
        let ok = key.as_ref().is_some_and(|k| !k.is_empty() && k.len() <= MAX_KEY_BYTES);
        if self.explain {
            let source = source_text(&self.ctx.prog.source, cond.span);
            let shown = key.clone();
            self.note(j, None, "key", ok, |_| match shown {
                Some(k) if k.len() > MAX_KEY_BYTES => format!(
                    "key {source} is {} bytes, over the limit of {MAX_KEY_BYTES}; the trigger \
                     is ignored",
                    k.len()
                ),
                Some(k) if !k.is_empty() => format!("key {source} = {k:?}"),
                _ => format!(
                    "key {source} is missing, empty, or not a text or number; the trigger is \
                     ignored"
                ),
            });
        }
        if ok {
            key.map(Arc::from)
        } else {
            None
        }
    }

    /// What starts a run of this journey now: the request's event when a `when event` takes
    /// it, else a watched trait that changed (and equals `to`, when given).
    fn trigger(&mut self, j: &'a Journey, changes: &[TraitChange<'a>]) -> Option<Trigger<'a>> {
        if let Some(event) = self.incoming {
            if self.triggered(j, event) {
                return Some((event, RunEvent::Incoming));
            }
        }
        for t in &j.trait_triggers {
            let Some(change) = changes.iter().find(|c| c.key == &*t.key) else {
                continue;
            };
            let event = change.event;
            let fires = match &t.to {
                None => true,
                Some(to) => {
                    let sc = Scope {
                        run: Some(event),
                        incoming: Some(event),
                        counted: None,
                        item: None,
                    };
                    let want = self.ctx.eval(&to.expr, &sc, &mut Quiet);
                    let got = event.properties.get("to").map_or(Val::Missing, Val::from_json);
                    super::expr::compare(herald_lang::compile::ir::CmpOp::Eq, &got, &want)
                }
            };
            if self.explain {
                let (key, from, to) = (
                    t.key.clone(),
                    event.properties.get("from").cloned().unwrap_or_default(),
                    event.properties.get("to").cloned().unwrap_or_default(),
                );
                self.note(j, None, "trigger", fires, |_| {
                    let (from, to) = (Json(&from), Json(&to));
                    format!("profile.{key} changed from {from} to {to}")
                });
            }
            if fires {
                return Some((event, RunEvent::Changed(change.source)));
            }
        }
        None
    }

    /// Whether the profile is in the journey's `holdout` control group: the same bucket as a
    /// `split` at a step named `holdout` (profile id, journey id), below `P × 100`.
    pub fn held_out(&self, j: &Journey) -> bool {
        j.holdout_buckets.is_some_and(|buckets| {
            super::split::bucket(&self.ctx.profile.id, &j.id, "holdout") < buckets
        })
    }

    /// Whether an `exit if` holds for the run; when one does, the run ends with
    /// `exit_condition`.
    fn exit_condition(
        &mut self,
        j: &'a Journey,
        step: Option<&'a Step>,
        view: EventView<'a>,
    ) -> bool {
        if j.exit_conditions.is_empty() {
            return false;
        }
        let sc = Scope { run: Some(view), incoming: self.incoming, counted: None, item: None };
        for c in &j.exit_conditions {
            if self.check(j, step, "exit_if", c, &sc) {
                let id = step.map(|s| s.id.clone());
                self.exit(j, id.as_ref(), Reason::ExitCondition);
                return true;
            }
        }
        false
    }

    /// Whether `event` triggers the journey (a `when` names it and its `where` holds).
    fn triggered(&mut self, j: &'a Journey, event: EventView<'a>) -> bool {
        let sc = Scope { run: Some(event), incoming: Some(event), counted: None, item: None };
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

    /// Whether the run waits at a `digest` step that is still open: a trigger now joins it.
    fn digesting(&self, run: &RunIn<'a>) -> bool {
        run.waiting == WaitKind::Digest && run.step.is_some() && self.now() < run.until
    }

    /// A waiting run meets the request. `join`: the incoming event triggers the journey (for a
    /// keyed journey, with this run's key) and joins the run's digest if it is still open.
    fn waiting_run(
        &mut self,
        ji: u32,
        j: &'a Journey,
        run: RunIn<'a>,
        join: bool,
    ) -> Option<RunOut<'a>> {
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
        let mut view = EventView::new(self.ctx.prog, &run.raw.event, run.raw.entered.0);
        view.digest = run.raw.digest.as_ref();
        let rc = RunCtx {
            event: RunEvent::Stored(run.raw),
            view,
            entered: run.raw.entered.0,
            spent: run.raw.spent_micros,
            holdout: self.held_out(j),
            redeferred: run.waiting == WaitKind::QuietHours,
            digest: run.raw.digest.as_ref().map_or(RunDigest::None, RunDigest::Stored),
        };
        // `exit if`: whenever the run is evaluated, before its steps (SPEC §6).
        if self.exit_condition(j, Some(step), view) {
            return None;
        }
        if let Some(incoming) = self.incoming {
            let sc = Scope { run: Some(view), incoming: Some(incoming), counted: None, item: None };
            if self.matches_any(j, Some(step), "exit_when", &j.exits, incoming, &sc) {
                self.exit(j, Some(&step.id), Reason::ExitEvent);
                return None;
            }
            if join && run.waiting == WaitKind::Digest && now < run.until {
                let count = run.raw.digest.as_ref().map_or(1, |d| d.count).saturating_add(1);
                let until = run.until;
                self.note(j, Some(step), "digest", true, |_| {
                    format!(
                        "the trigger joins the digest ({count} so far), which closes at {}",
                        time::format_instant(until)
                    )
                });
                return Some(RunOut {
                    step,
                    waiting: run.waiting,
                    until: run.until,
                    entered: rc.entered,
                    spent: rc.spent,
                    event: rc.event,
                    digest: RunDigest::Joined(run.raw.digest.as_ref(), incoming.properties),
                });
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
            digest: rc.digest,
        })
    }

    /// Start a run when `reentry` allows it. `Some` when the profile entered (with the run,
    /// if it waits), `None` when it did not.
    fn try_enter(
        &mut self,
        ji: u32,
        j: &'a Journey,
        event: Trigger<'a>,
        last_entry: Option<i64>,
    ) -> Option<Option<RunOut<'a>>> {
        let now = self.now();
        let allowed = match (j.reentry, last_entry) {
            (_, None) => true,
            (Reentry::Never, Some(_)) => false,
            (Reentry::Always | Reentry::Restart, Some(_)) => true,
            (Reentry::After(ms), Some(last)) => now >= time::add(last, ms),
        };
        if self.explain {
            let last = last_entry;
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
            return None;
        }
        self.start(ji, j, event)
    }

    /// Start a run on a trigger the journey accepts, when its `audience` holds. `Some` when
    /// the profile entered (with the run, if it waits).
    fn start(
        &mut self,
        ji: u32,
        j: &'a Journey,
        (event, kept): Trigger<'a>,
    ) -> Option<Option<RunOut<'a>>> {
        let now = self.now();
        let sc = Scope { run: Some(event), incoming: Some(event), counted: None, item: None };
        if let Some(audience) = &j.audience {
            if !self.check(j, None, "audience", audience, &sc) {
                return None;
            }
        }
        let holdout = self.held_out(j);
        if j.holdout_buckets.is_some() {
            self.note(j, None, "holdout", !holdout, |_| {
                if holdout {
                    "the profile is in the holdout group: its sends are suppressed".to_string()
                } else {
                    "the profile is not in the holdout group".to_string()
                }
            });
        }
        let mut d = Decision::new(&j.id, None, Action::Enter, now);
        d.holdout = holdout;
        self.decide(d);
        if self.exit_condition(j, None, event) {
            return Some(None);
        }
        let rc = RunCtx {
            event: kept,
            view: event,
            entered: now,
            spent: 0,
            holdout,
            redeferred: false,
            digest: RunDigest::None,
        };
        Some(self.execute(ji, j, j.first, rc))
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
                    digest: rc.digest,
                })
            };
            match &step.kind {
                StepKind::Send(options) => {
                    if let Some(until) = self.send(ji, j, step, options, &mut rc) {
                        return park(WaitKind::QuietHours, until, rc);
                    }
                    rc.redeferred = false;
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
                    let until = time::wait_until(tz, now, *minute_of_day);
                    let until = self.guaranteed(until, || {
                        let hhmm = (minute_of_day / 60, minute_of_day % 60);
                        no_local_time(tz, now, hhmm)
                    })?;
                    if until <= now {
                        at = step.next;
                        continue;
                    }
                    return park(WaitKind::WaitUntil, until, rc);
                }
                StepKind::WaitUntilDays { minute_of_day, days } => {
                    let tz = self.tz();
                    // `None` only for an empty day set (which the checker refuses) or a clock
                    // out of range (which the request's bounds rule out).
                    let until = time::wait_until_on(tz, now, *minute_of_day, *days);
                    let until = self.guaranteed(until, || {
                        let hhmm = (minute_of_day / 60, minute_of_day % 60);
                        no_local_time(tz, now, hhmm)
                    })?;
                    let Some(until) = Some(until).filter(|u| *u > now) else {
                        at = step.next;
                        continue;
                    };
                    return park(WaitKind::WaitUntil, until, rc);
                }
                StepKind::WaitUntilAt { at: when } => {
                    let Some(until) = self.wait_until_at(j, step, when, &rc) else {
                        self.exit(j, Some(&step.id), Reason::NoInstant);
                        return None;
                    };
                    if until <= now {
                        at = step.next;
                        continue;
                    }
                    return park(WaitKind::WaitUntil, until, rc);
                }
                StepKind::WaitFor { within_ms, .. } => {
                    return park(WaitKind::WaitFor, time::add(now, *within_ms), rc);
                }
                StepKind::Digest(close) => {
                    let until = match *close {
                        DigestClose::For { ms } => time::add(now, ms),
                        // Strictly the next local HH:MM: a digest reached at 09:00 gathers
                        // until 09:00 the next day rather than close at once.
                        DigestClose::Until { minute_of_day } => {
                            let tz = self.tz();
                            let until = time::wait_until(tz, now, minute_of_day)
                                .filter(|u| *u > now)
                                .or_else(|| {
                                    time::wait_until(tz, time::add(now, 60_000), minute_of_day)
                                });
                            self.guaranteed(until, || {
                                let hhmm = (minute_of_day / 60, minute_of_day % 60);
                                no_local_time(tz, now, hhmm)
                            })?
                        }
                    };
                    // A digest always waits (at least a second): `digest.*` is read from the
                    // state once it closes.
                    let until = until.max(time::add(now, 1_000));
                    self.note(j, Some(step), "digest", true, |_| {
                        format!(
                            "the run gathers this journey's triggers until {}",
                            time::format_instant(until)
                        )
                    });
                    rc.digest = RunDigest::Started;
                    return park(WaitKind::Digest, until, rc);
                }
                StepKind::If { branches, otherwise } => {
                    let sc =
                        Scope { run: Some(rc.view), incoming: None, counted: None, item: None };
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
                    // The compiler ends the last arm at bucket 10 000, whatever the rounding.
                    let arm = arms.iter().position(|a| bucket < a.end_bucket);
                    let arm = self.guaranteed(arm, || {
                        format!("bucket {bucket} of step {} is past the split's arms", step.id)
                    })?;
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
                StepKind::Set { key, slot, value } => {
                    let sc =
                        Scope { run: Some(rc.view), incoming: None, counted: None, item: None };
                    let v = self.ctx.eval(&value.expr, &sc, &mut Quiet);
                    let json = v.to_json().unwrap_or(herald_lang::json::Value::Null);
                    if self.explain {
                        let shown = herald_lang::json::value_text(&json);
                        self.note(j, Some(step), "set", true, |_| {
                            format!("profile.{key} = {shown}")
                        });
                    }
                    self.ctx.set(*slot, v);
                    let mut d = Decision::new(&j.id, Some(&step.id), Action::Update, now);
                    d.update = Some((key.clone(), json));
                    self.decide(d);
                    at = step.next;
                }
            }
        }
        self.exit(j, None, Reason::Completed);
        None
    }
}

/// The internal error of a local time that could not be found.
fn no_local_time(tz: herald_lang::tz::Zone<'_>, now: i64, (h, m): (u32, u32)) -> String {
    format!(
        "the next {h:02}:{m:02} in {} after {} could not be worked out",
        tz.name(),
        time::format_instant(now)
    )
}
