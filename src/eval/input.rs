//! A request resolved against a program: the profile as evaluation reads it (`ProfileData`:
//! the keys the program reads in slots indexed at compile time, herald's own keys decoded, and
//! of `profile.events` only the counted events, names interned and times parsed) and events as
//! views. A parsed `Request` is read here by a walk that borrows its values; JSON text is read
//! by the seed of `seed.rs`, which applies the same rules.

use super::error::RequestError;
use super::request::Event;
use super::seed::{id_of_value, SubsSeed};
use super::MAX_PROFILE_EVENTS;
use crate::channel::Channel;
use crate::compile::ir::{NameId, SlotId};
use crate::compile::ProgramData;
use serde::de::DeserializeSeed;
use serde_json::{Map, Value};
use std::borrow::Cow;

/// What a profile says about consent on one channel (`subscriptions.CHANNEL`, SPEC §2 as
/// amended by §6): read case-insensitively and trimmed, `"subscribed"`, `"opted_in"` and `true`
/// give consent; missing or null leave the channel's default; every other value refuses, so
/// that a refusal written in some other way is never read as consent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Consent<'de> {
    #[default]
    Absent,
    Given(Status<'de>),
    Refused(Status<'de>),
}

/// A consent value as the profile wrote it, kept for the explain trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status<'de> {
    /// A string's text, or another value's compact JSON (cut at `MAX_STATUS_SHOWN` bytes).
    pub text: Cow<'de, str>,
    pub string: bool,
}

/// How much of a status that is not a string the trace shows.
const MAX_STATUS_SHOWN: usize = 64;

impl std::fmt::Display for Status<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.string {
            let quoted = serde_json::to_string(&*self.text).map_err(|_| std::fmt::Error)?;
            f.write_str(&quoted)
        } else {
            f.write_str(&self.text)
        }
    }
}

impl<'de> Consent<'de> {
    /// The consent a string status gives: `subscribed` or `opted_in`, any case, trimmed.
    pub fn of_text(text: Cow<'de, str>) -> Consent<'de> {
        let t = text.trim();
        let given = t.eq_ignore_ascii_case("subscribed") || t.eq_ignore_ascii_case("opted_in");
        let status = Status { text, string: true };
        if given {
            Consent::Given(status)
        } else {
            Consent::Refused(status)
        }
    }

    /// The consent any JSON value gives: null is absent, `true` consents, a string as
    /// `of_text`, anything else (`false`, numbers, lists, objects) refuses.
    pub fn of_value(value: &Value) -> Consent<'static> {
        match value {
            Value::Null => Consent::Absent,
            Value::String(s) => Consent::of_text(Cow::Owned(s.clone())),
            Value::Bool(true) => Consent::Given(Status { text: "true".into(), string: false }),
            other => {
                let mut text = other.to_string();
                if text.len() > MAX_STATUS_SHOWN {
                    let mut cut = MAX_STATUS_SHOWN;
                    while !text.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    text.truncate(cut);
                    text.push('…');
                }
                Consent::Refused(Status { text: Cow::Owned(text), string: false })
            }
        }
    }

    pub fn into_owned(self) -> Consent<'static> {
        let own =
            |s: Status<'_>| Status { text: Cow::Owned(s.text.into_owned()), string: s.string };
        match self {
            Consent::Absent => Consent::Absent,
            Consent::Given(s) => Consent::Given(own(s)),
            Consent::Refused(s) => Consent::Refused(own(s)),
        }
    }
}

/// A past event `count(...)` may count.
#[derive(Debug, Clone)]
pub struct PastEvent<'de> {
    pub name: NameId,
    pub time: i64,
    /// Kept only when a `count(... where ...)` reads them.
    pub properties: Option<Cow<'de, Map<String, Value>>>,
}

impl PastEvent<'_> {
    pub fn into_owned(self) -> PastEvent<'static> {
        PastEvent {
            name: self.name,
            time: self.time,
            properties: self.properties.map(|p| Cow::Owned(p.into_owned())),
        }
    }
}

/// The profile as evaluation needs it.
#[derive(Debug, Clone, Default)]
pub struct ProfileData<'de> {
    pub id: Cow<'de, str>,
    pub timezone: Option<Cow<'de, str>>,
    pub phone: Option<Cow<'de, str>>,
    pub email: Option<Cow<'de, str>>,
    pub push_token: Option<Cow<'de, str>>,
    pub subscriptions: [Consent<'de>; 7],
    /// By `SlotId`: the value of each profile key the program reads.
    pub slots: Vec<Option<Cow<'de, Value>>>,
    pub events: Vec<PastEvent<'de>>,
}

impl ProfileData<'_> {
    pub fn slot(&self, slot: SlotId) -> Option<&Value> {
        self.slots.get(slot as usize).and_then(Option::as_deref)
    }
    pub fn consent(&self, channel: Channel) -> &Consent<'_> {
        const ABSENT: Consent<'static> = Consent::Absent;
        let i = Channel::ALL.iter().position(|c| *c == channel);
        i.and_then(|i| self.subscriptions.get(i)).unwrap_or(&ABSENT)
    }
    pub fn address(&self, channel: Channel) -> Option<&str> {
        let a = match channel {
            Channel::Sms | Channel::Mms | Channel::Whatsapp | Channel::Voice => &self.phone,
            Channel::Email => &self.email,
            Channel::Push => &self.push_token,
            Channel::Webhook => return None,
        };
        a.as_deref().filter(|s| !s.trim().is_empty())
    }
}

/// An event as evaluation reads it: the incoming one or a run's stored trigger event.
#[derive(Debug, Clone, Copy)]
pub struct EventView<'a> {
    pub name: &'a str,
    pub name_id: Option<NameId>,
    pub time: i64,
    pub properties: &'a Map<String, Value>,
}

impl<'a> EventView<'a> {
    pub fn new(prog: &ProgramData, event: &'a Event, now: i64) -> EventView<'a> {
        EventView {
            name: &event.name,
            name_id: prog.names.names.get(&event.name),
            time: event.time.map_or(now, |t| t.0),
            properties: &event.properties,
        }
    }
}

/// Read the profile of a parsed `Request`: a walk over the map that borrows every value it
/// keeps. It applies the same rules as the seed, which reads JSON text.
pub fn read_profile_map<'a>(
    prog: &ProgramData,
    map: &'a Map<String, Value>,
) -> Result<ProfileData<'a>, RequestError> {
    let bad = |m: String| RequestError::InvalidRequest(m);
    let mut p = ProfileData { slots: vec![None; prog.keys.len()], ..ProfileData::default() };
    let mut id = None;
    for (key, value) in map {
        if let Some(slot) = prog.keys.get(key).and_then(|s| p.slots.get_mut(s as usize)) {
            *slot = Some(Cow::Borrowed(value));
        }
        match key.as_str() {
            "id" => id = id_of_value(value).map_err(bad)?,
            "timezone" => p.timezone = borrowed_text(value, "timezone")?,
            "phone" => p.phone = borrowed_text(value, "phone")?,
            "email" => p.email = borrowed_text(value, "email")?,
            "push_token" => p.push_token = borrowed_text(value, "push_token")?,
            "subscriptions" => {
                p.subscriptions = SubsSeed
                    .deserialize(value)
                    .map_err(|e| RequestError::from_serde(&e, "profile"))?
            }
            "events" if prog.reads_past_events() => p.events = events_of_value(prog, value)?,
            _ => {}
        }
    }
    match id {
        Some(id) if !id.is_empty() => p.id = id,
        Some(_) => return Err(bad("profile.id must not be empty".into())),
        None => return Err(bad("profile.id is required".into())),
    }
    Ok(p)
}

fn borrowed_text<'a>(v: &'a Value, what: &str) -> Result<Option<Cow<'a, str>>, RequestError> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(Cow::Borrowed(s))),
        _ => Err(RequestError::InvalidRequest(format!("profile.{what} must be a string"))),
    }
}

/// `profile.events` of a parsed request: the same rules as `EventsSeed`.
pub(crate) fn events_of_value<'a>(
    prog: &ProgramData,
    v: &'a Value,
) -> Result<Vec<PastEvent<'a>>, RequestError> {
    let bad = |m: String| RequestError::InvalidRequest(m);
    let items = match v {
        Value::Null => return Ok(Vec::new()),
        Value::Array(items) => items,
        _ => return Err(bad("profile.events must be an array of events".into())),
    };
    let names = &prog.names;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        // In the order the text reader meets them (it cannot count ahead): an entry before the
        // limit that is wrong is reported as such, as the text API does.
        if i == MAX_PROFILE_EVENTS {
            return Err(RequestError::TooManyEvents {
                count: items.len(),
                limit: MAX_PROFILE_EVENTS,
            });
        }
        let Value::Object(event) = item else {
            return Err(bad(format!("profile.events[{i}] must be an event object")));
        };
        let name = match event.get("name") {
            Some(Value::String(n)) => n,
            None | Some(Value::Null) => {
                return Err(bad(format!("profile.events[{i}].name is required")))
            }
            Some(_) => return Err(bad(format!("profile.events[{i}].name must be a string"))),
        };
        let Some(id) = names.names.get(name).filter(|id| names.is_counted(*id)) else {
            continue;
        };
        let time = match event.get("time") {
            Some(Value::String(t)) => t,
            None | Some(Value::Null) => {
                return Err(bad(format!("profile.events[{i}].time is required")))
            }
            Some(_) => return Err(bad(format!("profile.events[{i}].time must be a string"))),
        };
        let Some(time) = super::time::parse_instant(time) else {
            return Err(bad(format!(
                "profile.events[{i}].time: `{}` is not an RFC 3339 instant",
                time.chars().take(40).collect::<String>()
            )));
        };
        let properties = if names.counts_with_condition(id) {
            match event.get("properties") {
                None | Some(Value::Null) => Some(Cow::Owned(Map::new())),
                Some(Value::Object(m)) => Some(Cow::Borrowed(m)),
                Some(_) => {
                    return Err(bad(format!("profile.events[{i}].properties must be an object")))
                }
            }
        } else {
            None
        };
        out.push(PastEvent { name: id, time, properties });
    }
    Ok(out)
}

/// The incoming event of a request, checked.
pub fn check_event(event: &Event) -> Result<(), RequestError> {
    if event.name.is_empty() {
        return Err(RequestError::InvalidRequest("event.name must not be empty".into()));
    }
    Ok(())
}
