//! A request resolved against a program. The profile is read once, in one pass, by a serde
//! seed that knows the program: keys no journey reads are skipped without being built, keys it
//! reads land in slots indexed at compile time, and of `profile.events` only the counted events
//! are kept, with their names interned and their times parsed. The same seed reads JSON text
//! (`evaluate_json`) and an already parsed `Request` (`evaluate`), so both agree.

use super::error::RequestError;
use super::request::Event;
use super::MAX_PROFILE_EVENTS;
use crate::channel::Channel;
use crate::compile::ir::{NameId, SlotId};
use crate::compile::ProgramData;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

/// What a profile says about consent on one channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Consent {
    #[default]
    Absent,
    Subscribed,
    Unsubscribed,
    /// Any other value (`"pending"`, a number...): not an opt-in, not an opt-out.
    Other,
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
    pub subscriptions: [Consent; 7],
    /// By `SlotId`: the value of each profile key the program reads.
    pub slots: Vec<Option<Cow<'de, Value>>>,
    pub events: Vec<PastEvent<'de>>,
}

impl ProfileData<'_> {
    pub fn slot(&self, slot: SlotId) -> Option<&Value> {
        self.slots.get(slot as usize).and_then(Option::as_deref)
    }
    pub fn consent(&self, channel: Channel) -> Consent {
        let i = Channel::ALL.iter().position(|c| *c == channel).unwrap_or(0);
        self.subscriptions.get(i).copied().unwrap_or_default()
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
            "events" => p.events = events_of_value(prog, value)?,
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
fn events_of_value<'a>(
    prog: &ProgramData,
    v: &'a Value,
) -> Result<Vec<PastEvent<'a>>, RequestError> {
    let bad = |m: String| RequestError::InvalidRequest(m);
    let items = match v {
        Value::Null => return Ok(Vec::new()),
        Value::Array(items) => items,
        _ => return Err(bad("profile.events must be an array of events".into())),
    };
    if items.len() > MAX_PROFILE_EVENTS {
        return Err(RequestError::TooManyEvents { count: items.len(), limit: MAX_PROFILE_EVENTS });
    }
    let names = &prog.names;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
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

pub(crate) struct ProfileSeed<'p> {
    pub prog: &'p ProgramData,
    pub too_many: &'p Cell<Option<usize>>,
}

/// A profile key, classified without allocating.
enum Key {
    Id,
    Timezone,
    Phone,
    Email,
    PushToken,
    Subscriptions,
    Events,
    Other,
}

struct KeySeed<'p>(&'p ProgramData);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = (Key, Option<SlotId>);
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = (Key, Option<SlotId>);
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a profile key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let key = match v {
            "id" => Key::Id,
            "timezone" => Key::Timezone,
            "phone" => Key::Phone,
            "email" => Key::Email,
            "push_token" => Key::PushToken,
            "subscriptions" => Key::Subscriptions,
            "events" => Key::Events,
            _ => Key::Other,
        };
        let slot = if self.0.keys.is_empty() { None } else { self.0.keys.get(v) };
        Ok((key, slot))
    }
}

impl<'de> DeserializeSeed<'de> for ProfileSeed<'_> {
    type Value = ProfileData<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ProfileSeed<'_> {
    type Value = ProfileData<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a profile object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let prog = self.prog;
        let mut p = ProfileData { slots: vec![None; prog.keys.len()], ..ProfileData::default() };
        let mut id: Option<Cow<'de, str>> = None;
        while let Some((key, slot)) = map.next_key_seed(KeySeed(prog))? {
            if let Some(slot) = slot {
                // A key a journey reads: keep its value, and take herald's meaning from it.
                let value: Value = map.next_value()?;
                match key {
                    Key::Id => id = id_of_value(&value).map_err(de::Error::custom)?,
                    Key::Timezone => p.timezone = text_of_value(&value, "timezone")?,
                    Key::Phone => p.phone = text_of_value(&value, "phone")?,
                    Key::Email => p.email = text_of_value(&value, "email")?,
                    Key::PushToken => p.push_token = text_of_value(&value, "push_token")?,
                    Key::Subscriptions => {
                        p.subscriptions = SubsSeed.deserialize(&value).map_err(de::Error::custom)?
                    }
                    Key::Events => {
                        let events = events_of_value(prog, &value).map_err(|e| {
                            if let RequestError::TooManyEvents { count, .. } = e {
                                self.too_many.set(Some(count));
                            }
                            de::Error::custom(e.to_string().trim_start_matches("invalid request: "))
                        })?;
                        p.events = events.into_iter().map(PastEvent::into_owned).collect();
                    }
                    Key::Other => {}
                }
                if let Some(s) = p.slots.get_mut(slot as usize) {
                    *s = Some(Cow::Owned(value));
                }
                continue;
            }
            match key {
                Key::Id => id = map.next_value_seed(IdSeed)?,
                Key::Timezone => p.timezone = map.next_value_seed(TextSeed("timezone"))?,
                Key::Phone => p.phone = map.next_value_seed(TextSeed("phone"))?,
                Key::Email => p.email = map.next_value_seed(TextSeed("email"))?,
                Key::PushToken => p.push_token = map.next_value_seed(TextSeed("push_token"))?,
                Key::Subscriptions => p.subscriptions = map.next_value_seed(SubsSeed)?,
                Key::Events => {
                    p.events = map.next_value_seed(EventsSeed { prog, too_many: self.too_many })?
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match id {
            Some(id) if !id.is_empty() => p.id = id,
            Some(_) => return Err(de::Error::custom("profile.id must not be empty")),
            None => return Err(de::Error::custom("profile.id is required")),
        }
        Ok(p)
    }
}

fn text_of_value<'de, E: de::Error>(
    v: &Value,
    what: &'static str,
) -> Result<Option<Cow<'de, str>>, E> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(Cow::Owned(s.clone()))),
        _ => Err(E::custom(format!("profile.{what} must be a string"))),
    }
}

fn id_of_value<'de>(v: &Value) -> Result<Option<Cow<'de, str>>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(Cow::Owned(s.clone()))),
        Value::Number(n) if n.is_i64() || n.is_u64() => Ok(Some(Cow::Owned(n.to_string()))),
        _ => Err("profile.id must be a string (or a whole number)".into()),
    }
}

/// A string or null, borrowed from the input when it can be.
struct TextSeed(&'static str);

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = Option<Cow<'de, str>>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TextSeed {
    type Value = Option<Cow<'de, str>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "profile.{} as a string", self.0)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// `profile.id`: a string, or a whole number read as its decimal text.
struct IdSeed;

impl<'de> DeserializeSeed<'de> for IdSeed {
    type Value = Option<Cow<'de, str>>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for IdSeed {
    type Value = Option<Cow<'de, str>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("profile.id as a string (or a whole number)")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_owned())))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// `profile.subscriptions`: `{ "sms": "subscribed", ... }`; unknown channels are ignored.
struct SubsSeed;

impl<'de> DeserializeSeed<'de> for SubsSeed {
    type Value = [Consent; 7];
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SubsSeed {
    type Value = [Consent; 7];
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("profile.subscriptions as an object of channel → status")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok([Consent::Absent; 7])
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok([Consent::Absent; 7])
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = [Consent::Absent; 7];
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let status: Value = map.next_value()?;
            let Some(i) = Channel::ALL.iter().position(|c| c.name() == key) else {
                continue;
            };
            let consent = match status.as_str() {
                Some("subscribed") => Consent::Subscribed,
                Some("unsubscribed") => Consent::Unsubscribed,
                _ if status.is_null() => Consent::Absent,
                _ => Consent::Other,
            };
            if let Some(slot) = out.get_mut(i) {
                *slot = consent;
            }
        }
        Ok(out)
    }
}

/// `profile.events`: an array of `{name, time, properties}`; only counted events are kept.
struct EventsSeed<'p> {
    prog: &'p ProgramData,
    too_many: &'p Cell<Option<usize>>,
}

impl<'de> DeserializeSeed<'de> for EventsSeed<'_> {
    type Value = Vec<PastEvent<'de>>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EventsSeed<'_> {
    type Value = Vec<PastEvent<'de>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("profile.events as an array of events")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        let mut index = 0usize;
        let limit = MAX_PROFILE_EVENTS;
        while let Some(event) = seq.next_element_seed(PastEventSeed { prog: self.prog, index })? {
            index += 1;
            if index > limit {
                // Count the rest without building them, to say how many there were.
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    index += 1;
                }
                self.too_many.set(Some(index));
                return Err(de::Error::custom(format!(
                    "profile.events holds {index} events; the limit is {limit}"
                )));
            }
            if let Some(e) = event {
                out.push(e);
            }
        }
        Ok(out)
    }
}

struct PastEventSeed<'p> {
    prog: &'p ProgramData,
    index: usize,
}

impl<'de> DeserializeSeed<'de> for PastEventSeed<'_> {
    type Value = Option<PastEvent<'de>>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PastEventSeed<'_> {
    type Value = Option<PastEvent<'de>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "profile.events[{}] as an event object", self.index)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let names = &self.prog.names;
        let any_condition = names.counted_with_condition.iter().any(|c| *c);
        let mut name: Option<Cow<'de, str>> = None;
        let mut time: Option<Cow<'de, str>> = None;
        let mut properties: Option<Value> = None;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match key.as_ref() {
                "name" => name = map.next_value_seed(TextSeed("events[].name"))?,
                "time" => time = map.next_value_seed(TextSeed("events[].time"))?,
                "properties" if any_condition => properties = Some(map.next_value()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let i = self.index;
        let Some(name) = name else {
            return Err(de::Error::custom(format!("profile.events[{i}].name is required")));
        };
        let Some(id) = names.names.get(&name).filter(|id| names.is_counted(*id)) else {
            return Ok(None);
        };
        let Some(time) = time else {
            return Err(de::Error::custom(format!("profile.events[{i}].time is required")));
        };
        let Some(time) = super::time::parse_instant(&time) else {
            return Err(de::Error::custom(format!(
                "profile.events[{i}].time: `{}` is not an RFC 3339 instant",
                time.chars().take(40).collect::<String>()
            )));
        };
        let properties = if names.counts_with_condition(id) {
            match properties {
                None | Some(Value::Null) => Some(Cow::Owned(Map::new())),
                Some(Value::Object(m)) => Some(Cow::Owned(m)),
                Some(_) => {
                    return Err(de::Error::custom(format!(
                        "profile.events[{i}].properties must be an object"
                    )))
                }
            }
        } else {
            None
        };
        Ok(Some(PastEvent { name: id, time, properties }))
    }
}

/// The incoming event of a request, checked.
pub fn check_event(event: &Event) -> Result<(), RequestError> {
    if event.name.is_empty() {
        return Err(RequestError::InvalidRequest("event.name must not be empty".into()));
    }
    Ok(())
}
