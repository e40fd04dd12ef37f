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
pub struct PastEvent {
    pub name: NameId,
    pub time: i64,
    /// Kept only when a `count(... where ...)` reads them.
    pub properties: Option<Map<String, Value>>,
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
    pub slots: Vec<Option<Value>>,
    pub events: Vec<PastEvent>,
}

impl ProfileData<'_> {
    pub fn slot(&self, slot: SlotId) -> Option<&Value> {
        self.slots.get(slot as usize).and_then(Option::as_ref)
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

/// Read a profile from any serde source.
pub fn read_profile<'de, D>(prog: &ProgramData, source: D) -> Result<ProfileData<'de>, RequestError>
where
    D: de::Deserializer<'de, Error = serde_json::Error>,
{
    let too_many = Cell::new(None);
    let seed = ProfileSeed { prog, too_many: &too_many };
    match seed.deserialize(source) {
        Ok(p) => Ok(p),
        Err(e) => Err(match too_many.get() {
            Some(count) => RequestError::TooManyEvents { count, limit: MAX_PROFILE_EVENTS },
            None => RequestError::from_serde(&e, "profile"),
        }),
    }
}

/// Read the profile of a parsed `Request`.
pub fn read_profile_map<'a>(
    prog: &ProgramData,
    map: &'a Map<String, Value>,
) -> Result<ProfileData<'a>, RequestError> {
    read_profile(prog, MapSource { iter: map.iter(), value: None })
}

/// A parsed JSON object as a serde source whose strings borrow from it.
struct MapSource<'a> {
    iter: serde_json::map::Iter<'a>,
    value: Option<&'a Value>,
}

impl<'de> MapAccess<'de> for MapSource<'de> {
    type Error = serde_json::Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        match self.iter.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(de::value::BorrowedStrDeserializer::new(k.as_str())).map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        match self.value.take() {
            Some(v) => seed.deserialize(v),
            None => Err(de::Error::custom("a value was read before its key")),
        }
    }
}

impl<'de> de::Deserializer<'de> for MapSource<'de> {
    type Error = serde_json::Error;
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_map(self)
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
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
                        p.events = EventsSeed { prog, too_many: self.too_many }
                            .deserialize(&value)
                            .map_err(de::Error::custom)?
                    }
                    Key::Other => {}
                }
                if let Some(s) = p.slots.get_mut(slot as usize) {
                    *s = Some(value);
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
    type Value = Vec<PastEvent>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EventsSeed<'_> {
    type Value = Vec<PastEvent>;
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
    type Value = Option<PastEvent>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PastEventSeed<'_> {
    type Value = Option<PastEvent>;
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
                None | Some(Value::Null) => Some(Map::new()),
                Some(Value::Object(m)) => Some(m),
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
