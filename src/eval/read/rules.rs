//! The rules of the request format, applied by every reader: what each profile key herald gives
//! a meaning to must hold, which past events are kept and how they are checked, the limits. The
//! readers differ only in how they get at the values (`fast`: a tokenizer over the text; `seed`:
//! serde over the text; `value`: a parsed `Request`); what a value means, and every error a rule
//! gives, is decided here, as a [`RuleError`] with the JSON path of the value it is about.

use super::keys::{PastEventKey, ProfileKey};
use crate::eval::error::RequestError;
use crate::eval::input::PastEvent;
use crate::eval::request::Event;
use crate::eval::MAX_PROFILE_EVENTS;
use herald_lang::compile::ir::NameId;
use herald_lang::compile::ProgramData;
use herald_lang::json::{Map, Value};
use std::borrow::Cow;

/// A request that breaks a rule of the format. The text is the message `evaluate_json` prints
/// after `invalid request: ` (the path first); [`RuleError::path`] is the same path as data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("profile.id is required")]
    IdMissing,
    #[error("profile.id must not be empty")]
    IdEmpty,
    #[error("profile.id must be a string (or a whole number)")]
    IdNotText,
    /// A text field (`timezone`, `phone`, `email`, `push_token`) holds something else.
    #[error("profile.{} must be a string", .0.name())]
    NotText(ProfileKey),
    #[error("profile.events must be an array of events")]
    EventsNotList,
    #[error("profile.events[{0}] must be an event object")]
    EventNotObject(usize),
    /// A past event's `name` or `time` is missing or null.
    #[error("profile.events[{}].{} is required", .0, .1.name())]
    EventMemberMissing(usize, PastEventKey),
    /// A past event's `name` or `time` is not a string.
    #[error("profile.events[{}].{} must be a string", .0, .1.name())]
    EventMemberNotText(usize, PastEventKey),
    #[error("profile.events[{index}].time: `{shown}` is not an RFC 3339 instant")]
    EventTimeInvalid { index: usize, shown: String },
    #[error("profile.events[{0}].properties must be an object")]
    EventPropertiesNotObject(usize),
    #[error("profile.events holds {count} events; the limit is {limit}")]
    TooManyEvents { count: usize, limit: usize },
    #[error("event.name must not be empty")]
    EventNameEmpty,
}

impl RuleError {
    /// The JSON path of the value the rule is about, from the request's root.
    pub fn path(&self) -> String {
        let event = |i: &usize| format!("profile.events[{i}]");
        match self {
            RuleError::IdMissing | RuleError::IdEmpty | RuleError::IdNotText => "profile.id".into(),
            RuleError::NotText(key) => format!("profile.{}", key.name()),
            RuleError::EventsNotList | RuleError::TooManyEvents { .. } => "profile.events".into(),
            RuleError::EventNotObject(i) => event(i),
            RuleError::EventMemberMissing(i, key) | RuleError::EventMemberNotText(i, key) => {
                format!("{}.{}", event(i), key.name())
            }
            RuleError::EventTimeInvalid { index, .. } => format!("{}.time", event(index)),
            RuleError::EventPropertiesNotObject(i) => format!("{}.properties", event(i)),
            RuleError::EventNameEmpty => "event.name".into(),
        }
    }
}

impl From<RuleError> for RequestError {
    /// The error `evaluate` reports (its path is in its message); `evaluate_json` locates it.
    fn from(rule: RuleError) -> RequestError {
        match rule {
            RuleError::TooManyEvents { count, limit } => {
                RequestError::TooManyEvents { count, limit }
            }
            other => RequestError::InvalidRequest(other.to_string()),
        }
    }
}

/// `profile.id`: a string, or a whole number read as its decimal text; null is no id.
pub fn id_of_value<'a>(v: &'a Value) -> Result<Option<Cow<'a, str>>, RuleError> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(Cow::Borrowed(s))),
        Value::Number(n) if n.is_i64() || n.is_u64() => Ok(Some(Cow::Owned(n.to_string()))),
        _ => Err(RuleError::IdNotText),
    }
}

/// The id a profile ends with: present and not empty.
pub fn finish_id(id: Option<Cow<'_, str>>) -> Result<Cow<'_, str>, RuleError> {
    match id {
        Some(id) if !id.is_empty() => Ok(id),
        Some(_) => Err(RuleError::IdEmpty),
        None => Err(RuleError::IdMissing),
    }
}

/// A text field (`timezone`, `phone`, `email`, `push_token`): a string or null.
pub fn text_of_value(key: ProfileKey, v: &Value) -> Result<Option<&str>, RuleError> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        _ => Err(RuleError::NotText(key)),
    }
}

/// Whether `profile.events` is read at all: only then are past events checked and limited
/// (SPEC §6).
pub fn reads_past_events(prog: &ProgramData) -> bool {
    prog.reads_past_events()
}

/// The rule of the limit, checked as each entry is met (a reader of text cannot count ahead):
/// entry `index` (0-based) of a list of `count` (as far as known) is one too many.
pub fn check_event_count(index: usize, count: usize) -> Result<(), RuleError> {
    if index >= MAX_PROFILE_EVENTS {
        return Err(RuleError::TooManyEvents { count, limit: MAX_PROFILE_EVENTS });
    }
    Ok(())
}

/// The counted event of this name, if `count(...)` counts it: only those are kept.
pub fn counted(prog: &ProgramData, name: &str) -> Option<NameId> {
    let names = &prog.names;
    names.names.get(name).filter(|id| names.is_counted(*id))
}

/// A past event's members as a reader found them: each absent, null, or a value.
pub struct PastEventIn<'v, 'de> {
    pub index: usize,
    pub name: Member<&'v str>,
    pub time: Member<&'v str>,
    /// Only read when a `count(... where ...)` reads properties.
    pub properties: Option<Cow<'de, Value>>,
}

/// A member of a past event as met: absent or null, a string, or another value.
pub enum Member<T> {
    Absent,
    Text(T),
    Other,
}

/// The past event kept for counting (`None`: no `count(...)` counts its name), checked.
pub fn past_event<'de>(
    prog: &ProgramData,
    e: PastEventIn<'_, 'de>,
) -> Result<Option<PastEvent<'de>>, RuleError> {
    let i = e.index;
    let name = match e.name {
        Member::Text(n) => n,
        Member::Absent => return Err(RuleError::EventMemberMissing(i, PastEventKey::Name)),
        Member::Other => return Err(RuleError::EventMemberNotText(i, PastEventKey::Name)),
    };
    let Some(id) = counted(prog, name) else {
        return Ok(None);
    };
    let time = match e.time {
        Member::Text(t) => t,
        Member::Absent => return Err(RuleError::EventMemberMissing(i, PastEventKey::Time)),
        Member::Other => return Err(RuleError::EventMemberNotText(i, PastEventKey::Time)),
    };
    let Some(time) = crate::eval::time::parse_instant(time) else {
        return Err(RuleError::EventTimeInvalid {
            index: i,
            shown: time.chars().take(40).collect(),
        });
    };
    let properties = if prog.names.counts_with_condition(id) {
        Some(properties_of(i, e.properties)?)
    } else {
        None
    };
    Ok(Some(PastEvent { name: id, time, properties }))
}

/// A counted event's properties when a condition reads them: an object, or none (empty).
fn properties_of<'de>(
    index: usize,
    properties: Option<Cow<'de, Value>>,
) -> Result<Cow<'de, Map<String, Value>>, RuleError> {
    match properties {
        None => Ok(Cow::Owned(Map::new())),
        Some(Cow::Borrowed(Value::Null)) | Some(Cow::Owned(Value::Null)) => {
            Ok(Cow::Owned(Map::new()))
        }
        Some(Cow::Borrowed(Value::Object(m))) => Ok(Cow::Borrowed(m)),
        Some(Cow::Owned(Value::Object(m))) => Ok(Cow::Owned(m)),
        Some(_) => Err(RuleError::EventPropertiesNotObject(index)),
    }
}

/// The incoming event.
pub fn check_event(event: &Event) -> Result<(), RuleError> {
    if event.name.is_empty() {
        return Err(RuleError::EventNameEmpty);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_names_the_path_it_starts_its_message_with() {
        let rules = [
            RuleError::IdMissing,
            RuleError::IdEmpty,
            RuleError::IdNotText,
            RuleError::NotText(ProfileKey::PushToken),
            RuleError::EventsNotList,
            RuleError::EventNotObject(3),
            RuleError::EventMemberMissing(2, PastEventKey::Time),
            RuleError::EventMemberNotText(1, PastEventKey::Name),
            RuleError::EventTimeInvalid { index: 4, shown: "x".into() },
            RuleError::EventPropertiesNotObject(5),
            RuleError::TooManyEvents { count: 1001, limit: 1000 },
            RuleError::EventNameEmpty,
        ];
        for rule in rules {
            let (message, path) = (rule.to_string(), rule.path());
            assert!(message.starts_with(&path), "{message} does not start with {path}");
            let next = message.as_bytes().get(path.len()).copied();
            assert!(matches!(next, Some(b' ' | b':')), "{message}: {path} is not all of its path");
        }
        assert_eq!(
            RuleError::EventMemberMissing(2, PastEventKey::Time).to_string(),
            "profile.events[2].time is required"
        );
        assert_eq!(
            RequestError::from(RuleError::TooManyEvents { count: 1001, limit: 1000 }).code(),
            "too_many_events"
        );
        assert_eq!(RequestError::from(RuleError::IdEmpty).code(), "invalid_request");
    }
}
