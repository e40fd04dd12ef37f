//! The reference reader: a request text read by serde in one pass, with serde's messages and
//! positions for every error. The profile goes through a seed built from the program: keys no
//! journey reads are skipped without being built (`IgnoredAny`), keys it reads land in their
//! slots, herald's own keys are decoded as they come, and of `profile.events` only the counted
//! events are kept, all by the rules of `rules.rs`. The event, the state and the prices are kept
//! as borrowed raw JSON and read afterwards, so their errors get their own codes.
//!
//! A rule's error must stop serde where it is met (so that its position is the value's) and
//! still reach the caller as the typed [`RuleError`]: the seeds put it in `broken` and give serde
//! its text; `read` then reports the rule, at serde's position.

use super::keys::{PastEventKey, ProfileKey, RequestField, SubscriptionKey};
use super::parse::JsonError;
use super::rules::{self, Member, PastEventIn, RuleError};
use super::Parsed;
use crate::eval::error::RequestError;
use crate::eval::input::{Consent, PastEvent, ProfileData};
use crate::eval::request::Timestamp;
use crate::eval::MAX_PROFILE_EVENTS;
use herald_lang::channel::{Channel, ChannelMap};
use herald_lang::compile::ir::SlotId;
use herald_lang::compile::ProgramData;
use herald_lang::json::Value;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// The seeds below are their own visitors: `seeds!` writes each one's `DeserializeSeed` (the
/// value is the visitor's, and the deserializer is asked for the kind of value it expects).
macro_rules! seeds {
    ($($seed:ty => $method:ident,)*) => {$(
        impl<'de> DeserializeSeed<'de> for $seed {
            type Value = <Self as Visitor<'de>>::Value;
            fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.$method(self)
            }
        }
    )*};
}

seeds! {
    RequestSeed<'_, '_> => deserialize_map,
    KeySeed<'_> => deserialize_str,
    ProfileSeed<'_, '_> => deserialize_map,
    TextSeed => deserialize_any,
    MemberSeed => deserialize_any,
    IdSeed => deserialize_any,
    SubsSeed<'_> => deserialize_any,
    EventsSeed<'_, '_> => deserialize_any,
    PastEventSeed<'_, '_> => deserialize_map,
}

/// The visits of a JSON null (and of an option's `none`/`some`, for deserializers that have
/// them): null reads as `$empty`, `some(x)` as `x`.
macro_rules! null_reads_as {
    ($empty:expr) => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    };
}

/// The visits of a string: `Some` of its text, borrowed from the input when it can be.
macro_rules! text_is_kept {
    () => {
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Some(Cow::Borrowed(v)))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(v.to_owned())))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(v)))
        }
    };
}

/// The request read by serde: what the fast reader leaves to it, and every error.
pub(crate) fn read<'de>(prog: &ProgramData, text: &'de str) -> Result<Parsed<'de>, RequestError> {
    let mut broken = None;
    let mut de = serde_json::Deserializer::from_str(text);
    let result = RequestSeed { prog, broken: &mut broken }
        .deserialize(&mut de)
        .and_then(|p| de.end().map(|()| p));
    result.map_err(|e| match broken {
        // A rule of the format: its own error, where serde stopped.
        Some(RuleError::TooManyEvents { count, limit }) => {
            RequestError::TooManyEvents { count, limit }
        }
        Some(rule) => RequestError::from_rule_in(rule, &JsonError::from(&e), text),
        None => RequestError::from_serde_in(
            &JsonError::from(&e),
            text,
            text,
            "",
            RequestError::InvalidRequest,
        ),
    })
}

/// Where a rule's error goes on its way through serde, and the text serde carries for it.
fn broke<E: de::Error>(broken: &mut Option<RuleError>, rule: RuleError) -> E {
    let error = E::custom(&rule);
    *broken = Some(rule);
    error
}

struct RequestSeed<'p, 'b> {
    prog: &'p ProgramData,
    broken: &'b mut Option<RuleError>,
}

impl<'de> Visitor<'de> for RequestSeed<'_, '_> {
    type Value = Parsed<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a request object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut now = None;
        let mut profile = None;
        let mut event: Option<&'de RawValue> = None;
        let mut state: Option<&'de RawValue> = None;
        let mut prices: Option<&'de RawValue> = None;
        let mut explain = false;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let Some(field) = RequestField::of(&key) else {
                return Err(de::Error::unknown_field(&key, RequestField::NAMES));
            };
            match field {
                RequestField::Now => now = Some(map.next_value::<Timestamp>()?),
                RequestField::Profile => {
                    let seed = ProfileSeed { prog: self.prog, broken: &mut *self.broken };
                    profile = Some(map.next_value_seed(seed)?);
                }
                RequestField::Event => event = map.next_value()?,
                RequestField::State => state = map.next_value()?,
                RequestField::Prices => prices = map.next_value()?,
                RequestField::Explain => explain = map.next_value()?,
            }
        }
        let now = now.ok_or_else(|| de::Error::missing_field(RequestField::Now.name()))?;
        let profile =
            profile.ok_or_else(|| de::Error::missing_field(RequestField::Profile.name()))?;
        let (event, state, prices) =
            (event.map(RawValue::get), state.map(RawValue::get), prices.map(RawValue::get));
        Ok(Parsed { now, profile, event, state, prices, explain })
    }
}

struct ProfileSeed<'p, 'b> {
    prog: &'p ProgramData,
    broken: &'b mut Option<RuleError>,
}

struct KeySeed<'p>(&'p ProgramData);

impl Visitor<'_> for KeySeed<'_> {
    type Value = (Option<ProfileKey>, Option<SlotId>);
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a profile key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let key = ProfileKey::of(v);
        let slot = if self.0.keys.is_empty() { None } else { self.0.keys.get(v) };
        Ok((key, slot))
    }
}

impl<'de> Visitor<'de> for ProfileSeed<'_, '_> {
    type Value = ProfileData<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a profile object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let prog = self.prog;
        let broken = self.broken;
        let mut p = ProfileData { slots: vec![None; prog.keys.len()], ..ProfileData::default() };
        let mut id: Option<Cow<'de, str>> = None;
        while let Some((key, slot)) = map.next_key_seed(KeySeed(prog))? {
            if let Some(slot) = slot {
                // A key a journey reads: keep its value, and take herald's meaning from it.
                let value: Value = map.next_value()?;
                if let Some(key) = key {
                    kept_key(prog, &mut p, &mut id, key, &value)
                        .map_err(|rule| broke(broken, rule))?;
                    if key == ProfileKey::Subscriptions {
                        let oracle = serde_json::Value::from(value.clone());
                        let (subs, topics) = SubsSeed(&prog.topics)
                            .deserialize(&oracle)
                            .map_err(de::Error::custom)?;
                        p.subscriptions = subs.map(Consent::into_owned);
                        p.topics = topics.into_iter().map(Consent::into_owned).collect();
                    }
                }
                if let Some(s) = p.slots.get_mut(slot as usize) {
                    *s = Some(Cow::Owned(value));
                }
                continue;
            }
            match key {
                Some(ProfileKey::Id) => id = map.next_value_seed(IdSeed)?,
                Some(key @ ProfileKey::Timezone) => {
                    p.timezone = map.next_value_seed(TextSeed::Profile(key))?
                }
                Some(key @ ProfileKey::Phone) => {
                    p.phone = map.next_value_seed(TextSeed::Profile(key))?
                }
                Some(key @ ProfileKey::Email) => {
                    p.email = map.next_value_seed(TextSeed::Profile(key))?
                }
                Some(key @ ProfileKey::PushToken) => {
                    p.push_token = map.next_value_seed(TextSeed::Profile(key))?
                }
                Some(ProfileKey::Subscriptions) => {
                    (p.subscriptions, p.topics) = map.next_value_seed(SubsSeed(&prog.topics))?
                }
                Some(ProfileKey::Events) if prog.reads_past_events() => {
                    p.events = map.next_value_seed(EventsSeed { prog, broken: &mut *broken })?
                }
                Some(ProfileKey::Events) | None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        p.id = rules::finish_id(id).map_err(|rule| broke(broken, rule))?;
        Ok(p)
    }
}

// Herald's meaning of a key a journey also reads, from its built value: the shipped reader's
// (`text.rs`), the one piece both readers share.
use super::text::kept_key;

/// A string or null, borrowed from the input when it can be: a profile text field.
enum TextSeed {
    Profile(ProfileKey),
}

impl<'de> Visitor<'de> for TextSeed {
    type Value = Option<Cow<'de, str>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextSeed::Profile(key) => write!(f, "profile.{} as a string", key.name()),
        }
    }
    text_is_kept!();
    null_reads_as!(None);
}

/// A past event's `name` or `time` as the rules layer takes it (`rules::past_event`): text,
/// absent (null), or a value of another type, which the rules judge. Not a type error here: an
/// event the program does not count is dropped whatever its time holds, as the typed reader
/// (`value::events_of_value`) drops it; serde refusing a map there first made the text API
/// refuse a request the typed API answered (a fuzz finding, docs/reliability.md).
struct MemberSeed;

enum MemberIn<'de> {
    Text(Cow<'de, str>),
    Absent,
    Other,
}

impl<'de> Visitor<'de> for MemberSeed {
    type Value = MemberIn<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a past event's member")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(MemberIn::Text(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(MemberIn::Text(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(MemberIn::Text(Cow::Owned(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(MemberIn::Absent)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(MemberIn::Absent)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(MemberIn::Other)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(MemberIn::Other)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(MemberIn::Other)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(MemberIn::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(MemberIn::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(MemberIn::Other)
    }
}

/// `profile.id`: a string, or a whole number read as its decimal text.
struct IdSeed;

impl<'de> Visitor<'de> for IdSeed {
    type Value = Option<Cow<'de, str>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("profile.id as a string (or a whole number)")
    }
    text_is_kept!();
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    null_reads_as!(None);
}

/// `profile.subscriptions`: `{ "sms": "subscribed", ..., "topics": { "promotions": ... } }`;
/// unknown channels are ignored; `topics` is read for the program's topics (the slice).
pub(crate) struct SubsSeed<'p>(pub(crate) &'p [std::sync::Arc<str>]);

/// Consent per channel, and per topic of the program.
pub(crate) type Subscriptions<'de> = (ChannelMap<Consent<'de>>, Vec<Consent<'de>>);

impl<'de> Visitor<'de> for SubsSeed<'_> {
    type Value = Subscriptions<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("profile.subscriptions as an object of channel → status")
    }
    null_reads_as!((ChannelMap::default(), Vec::new()));
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = ChannelMap::<Consent<'de>>::default();
        let mut topics = Vec::new();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let status: Value = map.next_value()?;
            if let Some(channel) = Channel::from_name(&key) {
                *out.get_mut(channel) = Consent::of_value(&status);
            } else if SubscriptionKey::of(&key) == Some(SubscriptionKey::Topics) {
                topics = crate::eval::input::topics_of_value(self.0, &status);
            }
        }
        Ok((out, topics))
    }
}

/// `profile.events`: an array of `{name, time, properties}`; only counted events are kept.
struct EventsSeed<'p, 'b> {
    prog: &'p ProgramData,
    broken: &'b mut Option<RuleError>,
}

impl<'de> Visitor<'de> for EventsSeed<'_, '_> {
    type Value = Vec<PastEvent<'de>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("profile.events as an array of events")
    }
    null_reads_as!(Vec::new());
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        let mut index = 0usize;
        let broken = self.broken;
        loop {
            let seed = PastEventSeed { prog: self.prog, index, broken: &mut *broken };
            let Some(event) = seq.next_element_seed(seed)? else { break };
            index += 1;
            if index > MAX_PROFILE_EVENTS {
                // Count the rest without building them, to say how many there were.
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    index += 1;
                }
                let limit = MAX_PROFILE_EVENTS;
                return Err(broke(broken, RuleError::TooManyEvents { count: index, limit }));
            }
            if let Some(e) = event {
                out.push(e);
            }
        }
        Ok(out)
    }
}

struct PastEventSeed<'p, 'b> {
    prog: &'p ProgramData,
    index: usize,
    broken: &'b mut Option<RuleError>,
}

impl<'de> Visitor<'de> for PastEventSeed<'_, '_> {
    type Value = Option<PastEvent<'de>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "profile.events[{}] as an event object", self.index)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let any_condition = self.prog.names.counted_with_condition.iter().any(|c| *c);
        let mut name = MemberIn::Absent;
        let mut time = MemberIn::Absent;
        let mut properties: Option<Value> = None;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match PastEventKey::of(&key) {
                Some(PastEventKey::Name) => name = map.next_value_seed(MemberSeed)?,
                Some(PastEventKey::Time) => time = map.next_value_seed(MemberSeed)?,
                Some(PastEventKey::Properties) if any_condition => {
                    properties = Some(map.next_value()?)
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        fn member<'m>(m: &'m MemberIn<'_>) -> Member<&'m str> {
            match m {
                MemberIn::Text(text) => Member::Text(text.as_ref()),
                MemberIn::Absent => Member::Absent,
                MemberIn::Other => Member::Other,
            }
        }
        let event = PastEventIn {
            index: self.index,
            name: member(&name),
            time: member(&time),
            properties: properties.map(Cow::Owned),
        };
        let kept = rules::past_event(self.prog, event).map_err(|rule| broke(self.broken, rule))?;
        Ok(kept.map(PastEvent::into_owned))
    }
}
