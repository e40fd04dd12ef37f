//! One user's timeline (SPEC §7): messages in time order, ticks at every `wake_at` up to each
//! message, identify merges traits, track evaluates then joins `profile.events`, ticks go on
//! after the last message until `until`, `update` decisions (from `set` steps) are applied to
//! the profile, and the state carries from each response to the next request. Built only on
//! the public `Program::evaluate`.

use super::message::{Kind, Message};
use super::source::KeepProperties;
use crate::eval::{
    Decision, Event, PreparedProfile, Request, RequestError, Response, Timestamp,
    MAX_PROFILE_EVENTS,
};
use crate::Program;
use herald_lang::compile::EventWindow;
use herald_lang::json::{Map, Value};
use std::collections::VecDeque;

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

/// What the program does with events of one name (names it does not know do nothing).
#[derive(Debug, Clone, Copy, Default)]
struct EventUse {
    /// A trigger, `exit when` or `wait for` names it: an incoming event of this name is read.
    incoming: bool,
    /// Some `count(...)` (or other read of past events) reads past events of this name...
    counted: bool,
    /// ...and their properties.
    counted_properties: bool,
}

/// The simulator for one program: what it needs to know about the program is computed once.
#[derive(Debug, Clone)]
pub struct Simulator {
    program: Program,
    /// By event name, what evaluation reads of such events. A program names a handful of
    /// events, and this is looked up for every track: a scan (lengths compared first) beats
    /// hashing the name.
    events: Vec<(Box<str>, EventUse)>,
    /// A journey reads `profile.events` itself: every event is kept, with its properties.
    keep_all_events: bool,
    /// Past events older than this before the next evaluation are dropped (`None`: kept).
    window_ms: Option<i64>,
    /// Evaluate through `Program::evaluate` of the whole request every time (tests).
    whole_profiles: bool,
    max_evaluations: u32,
}

impl Simulator {
    pub fn new(program: &Program) -> Simulator {
        let mut events: Vec<(Box<str>, EventUse)> = Vec::new();
        let mut entry = |name: &str| -> usize {
            match events.iter().position(|(n, _)| **n == *name) {
                Some(i) => i,
                None => {
                    events.push((name.into(), EventUse::default()));
                    events.len() - 1
                }
            }
        };
        let mut incoming = Vec::new();
        for name in program.incoming_events() {
            incoming.push(entry(name));
        }
        let mut counted = Vec::new();
        for name in program.counted_events() {
            counted.push((entry(name), program.counts_event_properties(name)));
        }
        for i in incoming {
            if let Some((_, u)) = events.get_mut(i) {
                u.incoming = true;
            }
        }
        for (i, with_properties) in counted {
            if let Some((_, u)) = events.get_mut(i) {
                u.counted = true;
                u.counted_properties = with_properties;
            }
        }
        let window = program.event_window();
        Simulator {
            events,
            keep_all_events: window == EventWindow::All,
            window_ms: match window {
                EventWindow::Within(ms) => Some(ms),
                EventWindow::None | EventWindow::All => None,
            },
            program: program.clone(),
            whole_profiles: false,
            max_evaluations: MAX_EVALUATIONS_PER_USER,
        }
    }

    fn event_use(&self, name: &str) -> EventUse {
        if self.keep_all_events {
            return EventUse { incoming: true, counted: true, counted_properties: true };
        }
        // Names of one length often differ in their first byte (`Product Viewed`, `Cart
        // Abandoned`): compared first, it spares most calls to memcmp.
        let first = name.as_bytes().first();
        self.events
            .iter()
            .find(|(n, _)| n.len() == name.len() && n.as_bytes().first() == first && **n == *name)
            .map(|(_, u)| *u)
            .unwrap_or_default()
    }

    /// The tracks whose properties a replay reads (the first pass drops the others'):
    /// those of events a journey can react to, or whose properties a `count(... where ...)`
    /// reads; all of them when a journey reads `profile.events` itself.
    pub fn properties_read(&self) -> KeepProperties {
        if self.keep_all_events {
            return KeepProperties::All;
        }
        KeepProperties::Of(
            self.events
                .iter()
                .filter(|(_, u)| u.incoming || u.counted_properties)
                .map(|(n, _)| n.clone())
                .collect(),
        )
    }

    /// The same with another bound on evaluations per user (tests).
    pub fn with_max_evaluations(mut self, max: u32) -> Simulator {
        self.max_evaluations = max;
        self
    }

    /// The same, keeping every past event however old (as before events were dropped by the
    /// program's event window): tests compare the two to show dropping changes nothing.
    pub fn keeping_old_events(mut self) -> Simulator {
        self.window_ms = None;
        self
    }

    /// The same, reading the whole profile map at every evaluation (`Program::evaluate`)
    /// instead of a `PreparedProfile` read when it changes: tests compare the two.
    pub fn reading_whole_profiles(mut self) -> Simulator {
        self.whole_profiles = true;
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
    /// How many events were appended to `profile.events` (all of them, kept or not).
    appended: u64,
    /// For each entry of `profile.events` (same order): its sequence number among the events
    /// appended, and its time (`i64::MAX` when it has none that reads: never dropped for age).
    kept: VecDeque<(u64, i64)>,
    /// Set when the profile was unusable: reported before the first message.
    bad_profile: Option<String>,
    /// The name buffer of the last track's event, reused by the next (no allocation a track).
    spare_name: String,
    /// The profile read once against the program (`PreparedProfile`), read again only when an
    /// identify or an update changes it, with the past events in it: the common case. `None`
    /// when a journey reads `profile.events` itself or the starting profile brought events:
    /// then `request.profile` holds the events and each evaluation reads it whole.
    prepared: Option<Prepared>,
}

struct Prepared {
    profile: PreparedProfile,
    /// Why the profile as it now stands cannot be read (reported by the next evaluation, as
    /// `Program::evaluate` would); `profile` then still holds the past events.
    error: Option<RequestError>,
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
            appended: 0,
            kept: VecDeque::new(),
            bad_profile: None,
            spare_name: String::new(),
            prepared: None,
        };
        let no_events = match &initial {
            None | Some(Value::Null) => true,
            Some(Value::Array(items)) => items.is_empty(),
            Some(_) => false,
        };
        if no_events && !sim.keep_all_events && !sim.whole_profiles {
            let program = &sim.program;
            t.prepared = Some(match program.prepare_profile(&t.request.profile) {
                Ok(profile) => Prepared { profile, error: None },
                Err(error) => {
                    // A holder for the past events until an identify makes the profile good.
                    let mut id = Map::new();
                    id.insert("id".into(), Value::String(user.to_string()));
                    match program.prepare_profile(&id) {
                        Ok(profile) => Prepared { profile, error: Some(error) },
                        Err(_) => return t,
                    }
                }
            });
        }
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
                Kind::Identify => self.identify(payload_map(&m.payload, m.time)?),
                Kind::Track => {
                    // The properties of an event that no trigger, exit or `wait for` can match
                    // and no `count(... where ...)` reads are never read: not even built.
                    let used = self.sim.event_use(&m.event);
                    let properties = if used.incoming || used.counted_properties {
                        payload_map(&m.payload, m.time)?
                    } else {
                        Map::new()
                    };
                    let mut name = std::mem::take(&mut self.spare_name);
                    name.clear();
                    name.push_str(&m.event);
                    let event = Event { name, time: Some(Timestamp(m.time)), properties };
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
        self.profile_changed();
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
        let response = match &self.prepared {
            None => self.sim.program.evaluate(&self.request),
            Some(Prepared { error: Some(e), .. }) => Err(e.clone()),
            Some(Prepared { profile, error: None }) => profile.evaluate(
                self.request.now,
                self.request.event.as_ref(),
                self.request.state.as_ref(),
            ),
        }
        .map_err(|e| UserError::Request {
            code: e.code(),
            message: e.to_string(),
            at: Timestamp(now),
        })?;
        let Response { decisions, state, wake_at, .. } = response;
        self.request.state = Some(state);
        self.wake_at = wake_at.map(Timestamp::millis);
        self.drop_old_events(now);
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
        // What the decision's JSON says: `"key"` (null without an update) and `"value"`.
        let Some((key, value)) = &d.update else { return };
        if &**key == "id" || &**key == "events" {
            return;
        }
        self.request.profile.insert(key.to_string(), value.clone());
        self.profile_changed();
    }

    /// The profile map changed (an identify, an update): read it again.
    fn profile_changed(&mut self) {
        let Some(prepared) = &mut self.prepared else { return };
        match self.sim.program.prepare_profile(&self.request.profile) {
            Ok(mut profile) => {
                profile.take_past_events(&mut prepared.profile);
                *prepared = Prepared { profile, error: None };
            }
            Err(e) => prepared.error = Some(e),
        }
    }

    /// Drop the past events no later evaluation can read. Every later evaluation is at `now` or
    /// after: messages come in time order, and a response's `wake_at` is never before its
    /// request's `now` (a run parks until a time after the evaluation, SPEC §2) — the earlier of
    /// `now` and `wake_at` is taken all the same. Reads of past events look back at most the
    /// program's event window, so an event older than that before the earliest later `now` is
    /// never read again: dropping it changes no response (tests compare with and without).
    fn drop_old_events(&mut self, now: i64) {
        let Some(window) = self.sim.window_ms else { return };
        let earliest = self.wake_at.map_or(now, |w| w.min(now));
        let horizon = earliest.saturating_sub(window);
        let old = self.kept.iter().take_while(|(_, time)| *time < horizon).count();
        self.drop_front(old);
    }

    /// Drop the first `n` entries of `profile.events`.
    fn drop_front(&mut self, n: usize) {
        if n == 0 {
            return;
        }
        self.kept.drain(..n.min(self.kept.len()));
        if let Some(p) = &mut self.prepared {
            p.profile.drop_past_events(n);
        } else if let Some(Value::Array(items)) = self.request.profile.get_mut("events") {
            items.drain(..n.min(items.len()));
        }
    }

    /// Append a past event of the starting profile (kept as given).
    fn append_value(&mut self, event: Value) {
        let name = event.get("name").and_then(Value::as_str).unwrap_or_default();
        let kept = self.sim.event_use(name).counted;
        // An event whose time does not read is kept whatever its age: evaluation reports it.
        let time = event
            .get("time")
            .and_then(Value::as_str)
            .and_then(Timestamp::parse)
            .map_or(i64::MAX, Timestamp::millis);
        self.push_window(kept, event, time);
    }

    /// Append an event to `profile.events`, which holds the newest `MAX_PROFILE_EVENTS`
    /// events. Of those, only the ones evaluation can look at are actually stored (all of them
    /// when a journey reads `profile.events`, else those some `count` counts): evaluation
    /// skips the others unseen, so leaving them out changes no decision and keeps each
    /// request small.
    fn append(&mut self, event: Event) {
        let used = self.sim.event_use(&event.name);
        if let Some(p) = &mut self.prepared {
            let Event { name, time, properties } = event;
            let time = time.unwrap_or(self.request.now);
            let kept = used.counted && p.profile.push_event(&name, time, properties);
            self.spare_name = name;
            self.note_appended(kept, time.0);
        } else if used.counted {
            let time = event.time.map_or(i64::MAX, Timestamp::millis);
            self.push_window(true, past_event(event, used.counted_properties), time);
        } else {
            self.push_window(false, Value::Null, 0);
        }
    }

    /// Append one event; `profile.events` holds (of the kept ones) only the newest
    /// `MAX_PROFILE_EVENTS` appended.
    fn push_window(&mut self, kept: bool, event: Value, time: i64) {
        let mut stored = false;
        if kept {
            if !self.request.profile.contains_key("events") {
                self.request.profile.insert("events".into(), Value::Array(Vec::new()));
            }
            if let Some(Value::Array(items)) = self.request.profile.get_mut("events") {
                items.push(event);
                stored = true;
            }
        }
        self.note_appended(stored, time);
    }

    /// One more event appended, `kept` in `profile.events` or not; then the oldest beyond the
    /// newest `MAX_PROFILE_EVENTS` appended go.
    fn note_appended(&mut self, kept: bool, time: i64) {
        let seq = self.appended;
        self.appended += 1;
        if kept {
            self.kept.push_back((seq, time));
        }
        let first = self.appended.saturating_sub(MAX_PROFILE_EVENTS as u64);
        let out = self.kept.iter().take_while(|(s, _)| *s < first).count();
        self.drop_front(out);
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

/// The properties or traits of a message (validated JSON text when it was read; a number out of
/// range, `1e400`, is found only here), for the message at `time`.
fn payload_map(text: &str, time: i64) -> Result<Map<String, Value>, UserError> {
    if text.is_empty() {
        return Ok(Map::new());
    }
    serde_json::from_str(text).map_err(|e| UserError::Request {
        code: "invalid_message",
        message: format!("the message's properties cannot be read: {e}"),
        at: Timestamp(time),
    })
}
