//! A profile read once against a program, for a caller that evaluates the same profile many
//! times while it changes little: the simulator (`sim`), which replays a user's messages one
//! after another. `Program::evaluate` reads the whole profile map on every call (its keys, the
//! consent statuses, every past event's name and time); a `PreparedProfile` holds the result,
//! and takes past events one at a time as they happen. Evaluating it is `Program::evaluate` of
//! the same profile with no `prices` and no `explain`, minus the reading: the same code from
//! there on (tests compare the two).

use super::costing::Pricing;
use super::input::{Consent, PastEvent, ProfileData};
use super::request::{Event, Timestamp};
use super::state::{self, State};
use super::{evaluate_resolved, RequestError, Response};
use crate::Program;
use herald_lang::json::{Map, Value};
use std::borrow::Cow;

/// A profile read against one program ([`Program::prepare_profile`]).
#[derive(Debug, Clone)]
pub struct PreparedProfile {
    program: Program,
    data: ProfileData<'static>,
}

impl Program {
    /// Read a profile (as in a request's `profile`) once, to evaluate it many times with
    /// [`PreparedProfile::evaluate`]. The same errors as `evaluate` of a request with this
    /// profile.
    pub fn prepare_profile(
        &self,
        profile: &Map<String, Value>,
    ) -> Result<PreparedProfile, RequestError> {
        let data = crate::eval::read::read_profile_map(&self.inner, profile)?;
        Ok(PreparedProfile { program: self.clone(), data: owned(data) })
    }
}

impl PreparedProfile {
    /// Evaluate at `now`, with an incoming event or none (a tick), and the state of the
    /// previous response: `Program::evaluate` of a request with this profile (and its past
    /// events), no `prices` and no `explain`.
    pub fn evaluate(
        &self,
        now: Timestamp,
        event: Option<&Event>,
        state: Option<&State>,
    ) -> Result<Response, RequestError> {
        let prog = &*self.program.inner;
        if let Some(e) = event {
            crate::eval::read::rules::check_event(e)?;
        }
        let state_in = state::resolve(prog, state)?;
        let pricing = Pricing { table: prog.prices() };
        evaluate_resolved(prog, now.0, &self.data, event, &state_in, false, pricing)
    }

    /// Append a past event (as the last entry of `profile.events`). Only events some
    /// `count(...)` reads are kept, as when a request is read; returns whether it was.
    pub fn push_event(
        &mut self,
        name: &str,
        time: Timestamp,
        properties: Map<String, Value>,
    ) -> bool {
        let names = &self.program.inner.names;
        let Some(id) = names.names.get(name).filter(|id| names.is_counted(*id)) else {
            return false;
        };
        let properties = names.counts_with_condition(id).then_some(Cow::Owned(properties));
        self.data.events.push(PastEvent { name: id, time: time.0, properties });
        true
    }

    /// How many past events are kept.
    pub fn past_events(&self) -> usize {
        self.data.events.len()
    }

    /// Drop the `n` oldest kept past events (the first `n` entries).
    pub fn drop_past_events(&mut self, n: usize) {
        let n = n.min(self.data.events.len());
        self.data.events.drain(..n);
    }

    /// Move the past events of `other` (a profile this one replaces) to this one.
    pub fn take_past_events(&mut self, other: &mut PreparedProfile) {
        self.data.events = std::mem::take(&mut other.data.events);
    }
}

/// The profile as read, owning what it borrowed from the map.
fn owned(p: ProfileData<'_>) -> ProfileData<'static> {
    let text = |c: Option<Cow<'_, str>>| c.map(|c| Cow::Owned(c.into_owned()));
    ProfileData {
        id: Cow::Owned(p.id.into_owned()),
        timezone: text(p.timezone),
        phone: text(p.phone),
        email: text(p.email),
        push_token: text(p.push_token),
        subscriptions: p.subscriptions.map(Consent::into_owned),
        topics: p.topics.into_iter().map(Consent::into_owned).collect(),
        slots: p.slots.into_iter().map(|s| s.map(|v| Cow::Owned(v.into_owned()))).collect(),
        events: p.events.into_iter().map(PastEvent::into_owned).collect(),
    }
}
