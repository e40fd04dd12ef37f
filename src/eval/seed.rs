//! Reading a profile from JSON text in one pass: a serde seed built from the program. Keys no
//! journey reads are skipped without being built (`IgnoredAny`), keys it reads land in their
//! slots, herald's own keys are decoded as they come, and of `profile.events` only the counted
//! events are kept. The rules are those of `input::read_profile_map`, which reads a parsed
//! `Request`; the conformance runner checks that both paths agree.

use super::error::RequestError;
use super::input::{events_of_value, Consent, PastEvent, ProfileData};
use super::MAX_PROFILE_EVENTS;
use crate::channel::Channel;
use crate::compile::ir::SlotId;
use crate::compile::ProgramData;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

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
                        let subs = SubsSeed.deserialize(&value).map_err(de::Error::custom)?;
                        p.subscriptions = subs.map(Consent::into_owned);
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
                Key::Events if prog.reads_past_events() => {
                    p.events = map.next_value_seed(EventsSeed { prog, too_many: self.too_many })?
                }
                Key::Events => {
                    map.next_value::<IgnoredAny>()?;
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

pub(crate) fn id_of_value<'de>(v: &Value) -> Result<Option<Cow<'de, str>>, String> {
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
pub(crate) struct SubsSeed;

impl<'de> DeserializeSeed<'de> for SubsSeed {
    type Value = [Consent<'de>; 7];
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SubsSeed {
    type Value = [Consent<'de>; 7];
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("profile.subscriptions as an object of channel → status")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Default::default())
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Default::default())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out: [Consent<'de>; 7] = Default::default();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let status: Value = map.next_value()?;
            let Some(i) = Channel::ALL.iter().position(|c| c.name() == key) else {
                continue;
            };
            let consent = Consent::of_value(&status);
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
