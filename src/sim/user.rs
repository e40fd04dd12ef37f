//! One user's timeline (SPEC §7): messages in time order, ticks at every `wake_at` up to each
//! message, identify merges traits, track evaluates then joins `profile.events`, ticks go on
//! after the last message until `until`, `update` decisions (from `set` steps) are applied to
//! the profile, and the state carries from each response to the next request. Built only on
//! the public `Program::evaluate`.

use super::message::{Kind, Message};
use crate::eval::{Decision, Event, Request, Response, Timestamp, MAX_PROFILE_EVENTS};
use crate::Program;
use serde_json::{Map, Value};
use std::collections::{HashSet, VecDeque};

/// Most evaluations (ticks and tracks) of one user before the simulator stops it.
pub const MAX_EVALUATIONS_PER_USER: u32 = 10_000;

/// Why a user's replay stopped early. Its decisions up to that point stand.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserError {
    /// The runs would evaluate more than the bound (a journey that keeps waking).
    #[error("stopped after {limit} evaluations (at {at})")]
    TooManyEvaluations { limit: u32, at: Timestamp },
    /// A request the simulator built was refused (its code is the evaluator's).
    #[error("{message} (at {at})")]
    Request { code: &'static str, message: String, at: Timestamp },
    /// The profile of `--profiles` is not usable.
    #[error("{0}")]
    Profile(String),
}

impl UserError {
    /// A stable code: `too_many_evaluations`, `invalid_profile` or the evaluator's code.
    pub fn code(&self) -> &'static str {
        match self {
            UserError::TooManyEvaluations { .. } => "too_many_evaluations",
            UserError::Request { code, .. } => code,
            UserError::Profile(_) => "invalid_profile",
        }
    }
}

/// What one user's replay did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserOutcome {
    pub evaluations: u64,
    pub error: Option<UserError>,
}

/// The simulator for one program: what it needs to know about the program is computed once.
#[derive(Debug, Clone)]
pub struct Simulator {
    program: Program,
    /// Event names `count(...)` reads: the only past events evaluation looks at...
    counted: HashSet<String>,
    /// ...unless a journey reads `profile.events` itself.
    keep_all_events: bool,
    max_evaluations: u32,
}

impl Simulator {
    pub fn new(program: &Program) -> Simulator {
        Simulator {
            counted: program.counted_events().into_iter().map(str::to_string).collect(),
            keep_all_events: program.reads_event_list(),
            program: program.clone(),
            max_evaluations: MAX_EVALUATIONS_PER_USER,
        }
    }

    /// The same with another bound on evaluations per user (tests).
    pub fn with_max_evaluations(mut self, max: u32) -> Simulator {
        self.max_evaluations = max;
        self
    }

    pub fn program(&self) -> &Program {
        &self.program
    }

    /// Replay one user's `messages` (in time order, file order among equal times) from
    /// `profile` (`{"id": user}` when `None`), ticking until `until`. Every decision is handed
    /// to `sink` as it is made.
    pub fn run_user(
        &self,
        user: &str,
        profile: Option<Map<String, Value>>,
        messages: &[Message],
        until: i64,
        sink: &mut dyn FnMut(&Decision),
    ) -> UserOutcome {
        let mut timeline = Timeline::new(self, user, profile);
        let result = timeline.play(messages, until, sink);
        UserOutcome { evaluations: timeline.evaluations, error: result.err() }
    }
}

/// One user being replayed: the request it evolves (profile, state), and its next wake time.
struct Timeline<'s> {
    sim: &'s Simulator,
    request: Request,
    wake_at: Option<i64>,
    evaluations: u64,
    /// For the newest `MAX_PROFILE_EVENTS` events appended: whether each is in
    /// `profile.events` (the events evaluation never looks at are left out; see `append`).
    window: VecDeque<bool>,
    /// Set when the profile was unusable: reported before the first message.
    bad_profile: Option<String>,
}

impl<'s> Timeline<'s> {
    fn new(sim: &'s Simulator, user: &str, profile: Option<Map<String, Value>>) -> Timeline<'s> {
        let mut profile = profile.unwrap_or_default();
        if !profile.contains_key("id") {
            profile.insert("id".into(), Value::String(user.to_string()));
        }
        let initial = profile.remove("events");
        let mut t = Timeline {
            sim,
            request: Request {
                now: Timestamp(0),
                profile,
                event: None,
                state: None,
                prices: None,
                explain: false,
            },
            wake_at: None,
            evaluations: 0,
            window: VecDeque::new(),
            bad_profile: None,
        };
        match initial {
            None | Some(Value::Null) => {}
            Some(Value::Array(events)) => {
                for (i, e) in events.into_iter().enumerate() {
                    let named = e.get("name").is_some_and(Value::is_string);
                    if !named {
                        t.bad_profile = Some(format!(
                            "profile.events[{i}] must be an event object with a string name"
                        ));
                        break;
                    }
                    t.append_value(e);
                }
            }
            Some(_) => t.bad_profile = Some("profile.events must be an array of events".into()),
        }
        t
    }

    fn play(
        &mut self,
        messages: &[Message],
        until: i64,
        sink: &mut dyn FnMut(&Decision),
    ) -> Result<(), UserError> {
        if let Some(m) = self.bad_profile.take() {
            return Err(UserError::Profile(m));
        }
        for m in messages {
            self.tick_until(m.time, sink)?;
            match m.kind {
                Kind::Identify => self.identify(payload_map(&m.payload)?),
                Kind::Track => {
                    // An event no journey names matches nothing, and its properties are never
                    // read: they are not even built.
                    let named =
                        self.sim.keep_all_events || self.sim.program.mentions_event(&m.event);
                    let properties = if named { payload_map(&m.payload)? } else { Map::new() };
                    let event = Event {
                        name: m.event.to_string(),
                        time: Some(Timestamp(m.time)),
                        properties,
                    };
                    self.track(event, m.time, sink)?;
                }
            }
        }
        self.tick_until(until, sink)
    }

    /// An identify: traits merged into the profile.
    fn identify(&mut self, traits: Map<String, Value>) {
        for (k, v) in traits {
            // The user key is the profile's id, and `events` is the simulator's: traits do not
            // replace them.
            if k != "id" && k != "events" {
                self.request.profile.insert(k, v);
            }
        }
    }

    /// A track: evaluated at `now`, then appended to `profile.events`.
    fn track(
        &mut self,
        event: Event,
        now: i64,
        sink: &mut dyn FnMut(&Decision),
    ) -> Result<(), UserError> {
        self.request.event = Some(event);
        let done = self.evaluate(now, sink);
        let event = self.request.event.take();
        done?;
        if let Some(e) = event {
            self.append(e);
        }
        Ok(())
    }

    /// Fire a tick at every wake time up to and including `to`.
    fn tick_until(&mut self, to: i64, sink: &mut dyn FnMut(&Decision)) -> Result<(), UserError> {
        while let Some(w) = self.wake_at.filter(|w| *w <= to) {
            self.evaluate(w, sink)?;
        }
        Ok(())
    }

    fn evaluate(&mut self, now: i64, sink: &mut dyn FnMut(&Decision)) -> Result<(), UserError> {
        if self.evaluations >= u64::from(self.sim.max_evaluations) {
            return Err(UserError::TooManyEvaluations {
                limit: self.sim.max_evaluations,
                at: Timestamp(now),
            });
        }
        self.evaluations += 1;
        self.request.now = Timestamp(now);
        let response = self.sim.program.evaluate(&self.request).map_err(|e| {
            UserError::Request { code: e.code(), message: e.to_string(), at: Timestamp(now) }
        })?;
        let Response { decisions, state, wake_at, .. } = response;
        self.request.state = Some(state);
        self.wake_at = wake_at.map(Timestamp::millis);
        for d in &decisions {
            sink(d);
            if d.action.name() == "update" {
                self.apply_update(d);
            }
        }
        Ok(())
    }

    /// A `set profile.KEY = EXPR` step's decision: `{"action": "update", "key", "value"}`.
    fn apply_update(&mut self, d: &Decision) {
        let Ok(Value::Object(mut fields)) = serde_json::to_value(d) else { return };
        let Some(Value::String(key)) = fields.remove("key") else { return };
        if key == "id" || key == "events" {
            return;
        }
        match fields.remove("value") {
            Some(v) => self.request.profile.insert(key, v),
            None => self.request.profile.remove(&key),
        };
    }

    /// Append a past event of the starting profile (kept as given).
    fn append_value(&mut self, event: Value) {
        let name = event.get("name").and_then(Value::as_str).unwrap_or_default();
        let kept = self.sim.keep_all_events || self.sim.counted.contains(name);
        self.push_window(kept, event);
    }

    /// Append an event to `profile.events`, which holds the newest `MAX_PROFILE_EVENTS`
    /// events. Of those, only the ones evaluation can look at are actually stored (all of them
    /// when a journey reads `profile.events`, else those some `count` counts): evaluation
    /// skips the others unseen, so leaving them out changes no decision and keeps each
    /// request small.
    fn append(&mut self, event: Event) {
        let kept = self.sim.keep_all_events || self.sim.counted.contains(&event.name);
        if kept {
            let with_properties =
                self.sim.keep_all_events || self.sim.program.counts_event_properties(&event.name);
            self.push_window(true, past_event(event, with_properties));
        } else {
            self.push_window(false, Value::Null);
        }
    }

    fn push_window(&mut self, kept: bool, event: Value) {
        self.window.push_back(kept);
        if kept {
            let list =
                self.request.profile.entry("events").or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(items) = list {
                items.push(event);
            }
        }
        if self.window.len() > MAX_PROFILE_EVENTS && self.window.pop_front() == Some(true) {
            if let Some(Value::Array(items)) = self.request.profile.get_mut("events") {
                if !items.is_empty() {
                    items.remove(0);
                }
            }
        }
    }
}

/// One profile driven step by step, as `herald test` does (docs/testing.md): the same timeline
/// as a replay's user, fed one message or clock move at a time instead of from a file.
pub struct Session<'s> {
    timeline: Timeline<'s>,
}

impl Simulator {
    /// A session starting from `profile` (`id` defaults to `user`; `events` are past events).
    pub fn session(
        &self,
        user: &str,
        profile: Map<String, Value>,
    ) -> Result<Session<'_>, UserError> {
        let mut timeline = Timeline::new(self, user, Some(profile));
        match timeline.bad_profile.take() {
            Some(m) => Err(UserError::Profile(m)),
            None => Ok(Session { timeline }),
        }
    }
}

impl Session<'_> {
    /// Fire a tick at every wake time up to and including `to` (the clock moves to `to`).
    pub fn advance(&mut self, to: i64, sink: &mut dyn FnMut(&Decision)) -> Result<(), UserError> {
        self.timeline.tick_until(to, sink)
    }

    /// An identify: traits merged into the profile; nothing is evaluated.
    pub fn identify(&mut self, traits: Map<String, Value>) {
        self.timeline.identify(traits);
    }

    /// A track at `now` (call `advance(now)` first, as a replay does).
    pub fn track(
        &mut self,
        name: &str,
        properties: Map<String, Value>,
        now: i64,
        sink: &mut dyn FnMut(&Decision),
    ) -> Result<(), UserError> {
        let event = Event { name: name.to_string(), time: Some(Timestamp(now)), properties };
        self.timeline.track(event, now, sink)
    }

    /// The state the last evaluation returned (none before the first).
    pub fn state(&self) -> Option<&crate::eval::State> {
        self.timeline.request.state.as_ref()
    }

    /// The next time a tick has work to do.
    pub fn wake_at(&self) -> Option<i64> {
        self.timeline.wake_at
    }

    /// The profile as it stands (traits merged, `set` applied, events appended).
    pub fn profile(&self) -> &Map<String, Value> {
        &self.timeline.request.profile
    }
}

/// A track as `profile.events` holds it (without its properties when nothing reads them).
fn past_event(e: Event, with_properties: bool) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), Value::String(e.name));
    m.insert("time".into(), Value::String(e.time.map(|t| t.to_string()).unwrap_or_default()));
    if with_properties {
        m.insert("properties".into(), Value::Object(e.properties));
    }
    Value::Object(m)
}

/// The properties or traits of a message (validated JSON text when it was read).
fn payload_map(text: &str) -> Result<Map<String, Value>, UserError> {
    if text.is_empty() {
        return Ok(Map::new());
    }
    serde_json::from_str(text).map_err(|e| UserError::Request {
        code: "invalid_message",
        message: format!("the message's properties cannot be read: {e}"),
        at: Timestamp(0),
    })
}
