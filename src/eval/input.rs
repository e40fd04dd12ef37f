//! A request resolved against a program: the profile as evaluation reads it (`ProfileData`:
//! the keys the program reads in slots indexed at compile time, herald's own keys decoded, and
//! of `profile.events` only the counted events, names interned and times parsed) and events as
//! views. The readers of `read/` build it, by the rules of `read/rules.rs`.

use super::read::keys::ProfileKey;
use super::request::Event;
use herald_lang::channel::{Channel, ChannelMap};
use herald_lang::compile::ir::{NameId, SlotId};
use herald_lang::compile::ProgramData;
use herald_lang::json::{Map, Value};
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
            f.write_str(&super::write::string_text(&self.text))
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
                let mut text = herald_lang::json::value_text(other);
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

/// `subscriptions.topics` as consent per topic of the program (`names`, by index): an object's
/// members read like a channel's status; null or absent says nothing; any other value (a text,
/// a list) is no answer to read consent from, so it refuses every topic (SPEC §6: ambiguous
/// data never sends).
pub fn topics_of_value(names: &[std::sync::Arc<str>], value: &Value) -> Vec<Consent<'static>> {
    match value {
        Value::Null => Vec::new(),
        Value::Object(map) => {
            names.iter().map(|n| map.get(&**n).map_or(Consent::Absent, Consent::of_value)).collect()
        }
        other => {
            let status = match Consent::of_value(other) {
                Consent::Given(s) | Consent::Refused(s) => s,
                Consent::Absent => return Vec::new(),
            };
            names.iter().map(|_| Consent::Refused(status.clone())).collect()
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
    pub subscriptions: ChannelMap<Consent<'de>>,
    /// By `ir::Topic::index`: `subscriptions.topics.NAME` of each topic the program names
    /// (empty when the profile has none).
    pub topics: Vec<Consent<'de>>,
    /// By `SlotId`: the value of each profile key the program reads.
    pub slots: Vec<Option<Cow<'de, Value>>>,
    pub events: Vec<PastEvent<'de>>,
}

impl<'de> ProfileData<'de> {
    pub fn slot(&self, slot: SlotId) -> Option<&Value> {
        self.slots.get(slot as usize).and_then(Option::as_deref)
    }
    pub fn consent(&self, channel: Channel) -> &Consent<'_> {
        self.subscriptions.get(channel)
    }
    /// What the profile says about a topic (`Absent` when it says nothing).
    pub fn topic(&self, index: u32) -> &Consent<'_> {
        const ABSENT: &Consent<'static> = &Consent::Absent;
        self.topics.get(index as usize).unwrap_or(ABSENT)
    }
    /// The field of a text key (`timezone`, `phone`, `email`, `push_token`); `None` for the
    /// other keys.
    pub fn text_mut(&mut self, key: ProfileKey) -> Option<&mut Option<Cow<'de, str>>> {
        match key {
            ProfileKey::Timezone => Some(&mut self.timezone),
            ProfileKey::Phone => Some(&mut self.phone),
            ProfileKey::Email => Some(&mut self.email),
            ProfileKey::PushToken => Some(&mut self.push_token),
            ProfileKey::Id | ProfileKey::Subscriptions | ProfileKey::Events => None,
        }
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
    /// The run's digest, once a `digest` step has closed it (`digest.count`, `digest.events`).
    pub digest: Option<&'a super::state::Digest>,
}

impl<'a> EventView<'a> {
    pub fn new(prog: &ProgramData, event: &'a Event, now: i64) -> EventView<'a> {
        EventView {
            name: &event.name,
            name_id: prog.names.names.get(&event.name),
            time: event.time.map_or(now, |t| t.0),
            properties: &event.properties,
            digest: None,
        }
    }
}
