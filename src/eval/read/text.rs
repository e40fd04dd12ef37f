//! The reader of a request text when the fast one does not answer (anything unusual, and every
//! error): the hand-written reader (`parse.rs`) driven as serde drives serde_json through the
//! seeds of `seed.rs`, which stays as its oracle in the tests. Every step is the seed's: the
//! same visitor accepts the same kinds of value, and a value of another kind is the same
//! `invalid type` error at the same position; a rule of `rules.rs` broken stops the reading
//! where the seed's did, and is reported at the position serde_json gave it.

use super::keys::{PastEventKey, ProfileKey, RequestField, SubscriptionKey};
use super::parse::{JsonError, Num, Reader, Result, Unexpected, EOF_VALUE, EXPECTED_VALUE};
use super::rules::{self, Member, PastEventIn, RuleError};
use super::value::events_of_value;
use super::Parsed;
use crate::eval::error::RequestError;
use crate::eval::input::{Consent, PastEvent, ProfileData};
use crate::eval::request::Timestamp;
use crate::eval::MAX_PROFILE_EVENTS;
use herald_lang::channel::{Channel, ChannelMap};
use herald_lang::compile::ProgramData;
use herald_lang::json::Value;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// A value as serde_json's `deserialize_any` hands it to a visitor.
enum Any<'a> {
    Null,
    Bool,
    Num(Num),
    Str(Cow<'a, str>),
}

/// Which kinds a visitor takes (the others are `invalid type` errors).
#[derive(Clone, Copy)]
struct Takes {
    seq: bool,
    map: bool,
}

/// `deserialize_any` with a visitor that takes the scalars `accept` accepts (it returns them;
/// any other is an `invalid type` with `expected`, placed after it) and, where `takes` says so,
/// arrays and objects, read by `seq` / `map` (the bracket consumed; they keep what they read,
/// and `None` is returned). One copy for every visitor.
#[inline(never)]
fn any<'a>(
    r: &mut Reader<'a>,
    expected: &dyn fmt::Display,
    takes: Takes,
    accept: fn(&Any<'_>) -> bool,
    seq: &mut dyn FnMut(&mut Reader<'a>) -> Result<()>,
    map: &mut dyn FnMut(&mut Reader<'a>) -> Result<()>,
) -> Result<Option<Any<'a>>> {
    let Some(peek) = r.ws() else {
        return Err(r.peek_error(EOF_VALUE));
    };
    let refused = |u: &Unexpected<'_>| JsonError::invalid_type(u, expected);
    let scalar = |any: Any<'a>, u: &Unexpected<'_>| {
        if accept(&any) {
            Ok(Some(any))
        } else {
            Err(refused(u))
        }
    };
    let result = match peek {
        b'n' | b't' | b'f' => {
            let lit = r.literal(peek)?;
            let any = match lit {
                Unexpected::Bool(_) => Any::Bool,
                _ => Any::Null,
            };
            scalar(any, &lit)
        }
        b'-' | b'0'..=b'9' => {
            let n = r.number(peek)?;
            scalar(Any::Num(n), &n.unexpected())
        }
        b'"' => {
            r.eat_char();
            let s = r.parse_str()?;
            let shown = s.clone();
            scalar(Any::Str(s), &Unexpected::Str(&shown))
        }
        b'[' if takes.seq => r.container(seq, true).map(|()| None),
        b'[' => r.container(&mut |_| Err(refused(&Unexpected::Seq)), true).map(|()| None),
        b'{' if takes.map => r.container(map, false).map(|()| None),
        b'{' => r.container(&mut |_| Err(refused(&Unexpected::Map)), false).map(|()| None),
        _ => Err(r.peek_error(EXPECTED_VALUE)),
    };
    result.map_err(|e| r.fix(e))
}

/// `deserialize_map` with a visitor that takes only maps (`map` reads the members).
#[inline(never)]
fn only_map<'a>(
    r: &mut Reader<'a>,
    expected: &dyn fmt::Display,
    map: &mut dyn FnMut(&mut Reader<'a>) -> Result<()>,
) -> Result<()> {
    let result = match r.ws() {
        None => Err(r.peek_error(EOF_VALUE)),
        Some(b'{') => r.container(map, false),
        Some(_) => Err(r.invalid_type(expected)),
    };
    result.map_err(|e| r.fix(e))
}

/// What a visitor leaves to `any` for the kinds it does not take.
fn nothing(_: &mut Reader<'_>) -> Result<()> {
    Ok(())
}

const NO_CONTAINERS: Takes = Takes { seq: false, map: false };

/// The request read (the seed's `read`).
pub(crate) fn read<'de>(
    prog: &ProgramData,
    text: &'de str,
) -> std::result::Result<Parsed<'de>, RequestError> {
    let mut broken = None;
    let mut r = Reader::new(text);
    let result = request(prog, &mut r, &mut broken).and_then(|p| r.end().map(|()| p));
    result.map_err(|e| match broken {
        Some(RuleError::TooManyEvents { count, limit }) => {
            RequestError::TooManyEvents { count, limit }
        }
        Some(rule) => RequestError::from_rule_in(rule, &e, text),
        None => RequestError::from_serde_in(&e, text, text, "", RequestError::InvalidRequest),
    })
}

/// A rule's error: kept in `broken`, and serde's custom error of its text.
fn broke(broken: &mut Option<RuleError>, rule: RuleError) -> JsonError {
    let error = JsonError::custom(rule.to_string());
    *broken = Some(rule);
    error
}

fn request<'de>(
    prog: &ProgramData,
    r: &mut Reader<'de>,
    broken: &mut Option<RuleError>,
) -> Result<Parsed<'de>> {
    let mut parsed = None;
    only_map(r, &"a request object", &mut |r| {
        let mut now = None;
        let mut profile = None;
        let (mut event, mut state, mut prices) = (None, None, None);
        let mut explain = false;
        let mut first = true;
        while let Some(key) = r.next_key(&mut first)? {
            let Some(field) = RequestField::of(&key) else {
                return Err(JsonError::unknown_field(&key, RequestField::NAMES));
            };
            r.colon()?;
            match field {
                RequestField::Now => now = Some(timestamp(r)?),
                RequestField::Profile => profile = Some(read_profile(prog, r, broken)?),
                RequestField::Event => event = raw_or_null(r)?,
                RequestField::State => state = raw_or_null(r)?,
                RequestField::Prices => prices = raw_or_null(r)?,
                RequestField::Explain => explain = boolean(r)?,
            }
        }
        let now = now.ok_or_else(|| JsonError::missing_field(RequestField::Now.name()))?;
        let profile =
            profile.ok_or_else(|| JsonError::missing_field(RequestField::Profile.name()))?;
        parsed = Some(Parsed { now, profile, event, state, prices, explain });
        Ok(())
    })?;
    parsed.ok_or_else(|| r.error(EOF_VALUE))
}

const INSTANT: &str = "an RFC 3339 instant like \"2026-03-08T14:00:00Z\"";

fn timestamp(r: &mut Reader<'_>) -> Result<Timestamp> {
    let text = r.str_value(&INSTANT)?;
    Timestamp::parse(&text).ok_or_else(|| {
        let shown: String = text.chars().take(40).collect();
        r.fix(JsonError::custom(format!("`{shown}` is not {INSTANT}")))
    })
}

/// `Option<&RawValue>`: null is `None`, any other value its text.
fn raw_or_null<'de>(r: &mut Reader<'de>) -> Result<Option<&'de str>> {
    if r.ws() == Some(b'n') {
        r.literal(b'n')?;
        return Ok(None);
    }
    r.ws();
    let start = r.index;
    r.ignore_value()?;
    Ok(r.text_between(start))
}

/// `bool`.
fn boolean(r: &mut Reader<'_>) -> Result<bool> {
    let result = match r.ws() {
        None => return Err(r.peek_error(EOF_VALUE)),
        Some(b @ (b't' | b'f')) => {
            r.literal(b)?;
            Ok(b == b't')
        }
        Some(_) => Err(r.invalid_type(&"a boolean")),
    };
    result.map_err(|e| r.fix(e))
}

fn read_profile<'de>(
    prog: &ProgramData,
    r: &mut Reader<'de>,
    broken: &mut Option<RuleError>,
) -> Result<ProfileData<'de>> {
    let mut out = None;
    only_map(r, &"a profile object", &mut |r| {
        let mut p = ProfileData { slots: vec![None; prog.keys.len()], ..ProfileData::default() };
        let mut id: Option<Cow<'de, str>> = None;
        let mut first = true;
        while let Some(name) = r.next_key(&mut first)? {
            let key = ProfileKey::of(&name);
            let slot = if prog.keys.is_empty() { None } else { prog.keys.get(&name) };
            r.colon()?;
            if let Some(slot) = slot {
                let value = r.value()?;
                if let Some(key) = key {
                    kept_key(prog, &mut p, &mut id, key, &value)
                        .map_err(|rule| broke(broken, rule))?;
                    if key == ProfileKey::Subscriptions {
                        let (subs, topics) = subscriptions_of_value(&prog.topics, &value)
                            .map_err(JsonError::custom)?;
                        p.subscriptions = subs;
                        p.topics = topics;
                    }
                }
                if let Some(s) = p.slots.get_mut(slot as usize) {
                    *s = Some(Cow::Owned(value));
                }
                continue;
            }
            match key {
                Some(ProfileKey::Id) => id = read_id(r)?,
                Some(
                    key @ (ProfileKey::Timezone
                    | ProfileKey::Phone
                    | ProfileKey::Email
                    | ProfileKey::PushToken),
                ) => {
                    let text = read_text(r, key)?;
                    if let Some(t) = p.text_mut(key) {
                        *t = text;
                    }
                }
                Some(ProfileKey::Subscriptions) => {
                    (p.subscriptions, p.topics) = read_subscriptions(r, &prog.topics)?
                }
                Some(ProfileKey::Events) if prog.reads_past_events() => {
                    p.events = read_events(prog, r, broken)?
                }
                Some(ProfileKey::Events) | None => r.ignore_value()?,
            }
        }
        p.id = rules::finish_id(id).map_err(|rule| broke(broken, rule))?;
        out = Some(p);
        Ok(())
    })?;
    out.ok_or_else(|| r.error(EOF_VALUE))
}

/// Herald's meaning of a key a journey also reads, from its built value (the seed reader, the
/// tests' oracle, uses it too).
pub(super) fn kept_key<'de>(
    prog: &ProgramData,
    p: &mut ProfileData<'de>,
    id: &mut Option<Cow<'de, str>>,
    key: ProfileKey,
    value: &Value,
) -> std::result::Result<(), RuleError> {
    let owned = |t: Option<&str>| t.map(|t| Cow::Owned(t.to_owned()));
    match key {
        ProfileKey::Id => *id = rules::id_of_value(value)?.map(|c| Cow::Owned(c.into_owned())),
        ProfileKey::Timezone => p.timezone = owned(rules::text_of_value(key, value)?),
        ProfileKey::Phone => p.phone = owned(rules::text_of_value(key, value)?),
        ProfileKey::Email => p.email = owned(rules::text_of_value(key, value)?),
        ProfileKey::PushToken => p.push_token = owned(rules::text_of_value(key, value)?),
        ProfileKey::Subscriptions => {}
        ProfileKey::Events => {
            let events = events_of_value(prog, value)?;
            p.events = events.into_iter().map(PastEvent::into_owned).collect();
        }
    }
    Ok(())
}

/// `profile.id` (`IdSeed`): a string, a whole number as its text, or null.
fn read_id<'de>(r: &mut Reader<'de>) -> Result<Option<Cow<'de, str>>> {
    let accept =
        |v: &Any<'_>| matches!(v, Any::Null | Any::Str(_) | Any::Num(Num::U64(_) | Num::I64(_)));
    let expected = &"profile.id as a string (or a whole number)";
    Ok(match any(r, expected, NO_CONTAINERS, accept, &mut nothing, &mut nothing)? {
        Some(Any::Str(s)) => Some(s),
        Some(Any::Num(Num::U64(n))) => Some(Cow::Owned(n.to_string())),
        Some(Any::Num(Num::I64(n))) => Some(Cow::Owned(n.to_string())),
        _ => None,
    })
}

/// A profile text field (`TextSeed`): a string or null.
fn read_text<'de>(r: &mut Reader<'de>, key: ProfileKey) -> Result<Option<Cow<'de, str>>> {
    let accept = |v: &Any<'_>| matches!(v, Any::Null | Any::Str(_));
    let expected = &format_args!("profile.{} as a string", key.name());
    Ok(match any(r, expected, NO_CONTAINERS, accept, &mut nothing, &mut nothing)? {
        Some(Any::Str(s)) => Some(s),
        _ => None,
    })
}

const SUBSCRIPTIONS: &str = "profile.subscriptions as an object of channel → status";

type Subscriptions = (ChannelMap<Consent<'static>>, Vec<Consent<'static>>);

/// `profile.subscriptions` (`SubsSeed` over the text).
fn read_subscriptions(r: &mut Reader<'_>, topics: &[Arc<str>]) -> Result<Subscriptions> {
    let mut out = ChannelMap::<Consent<'static>>::default();
    let mut kept = Vec::new();
    let accept = |v: &Any<'_>| matches!(v, Any::Null);
    let takes = Takes { seq: false, map: true };
    any(r, &SUBSCRIPTIONS, takes, accept, &mut nothing, &mut |r| {
        let mut first = true;
        while let Some(key) = r.next_key(&mut first)? {
            r.colon()?;
            let status = r.value()?;
            if let Some(channel) = Channel::from_name(&key) {
                *out.get_mut(channel) = Consent::of_value(&status);
            } else if SubscriptionKey::of(&key) == Some(SubscriptionKey::Topics) {
                kept = crate::eval::input::topics_of_value(topics, &status);
            }
        }
        Ok(())
    })?;
    Ok((out, kept))
}

/// `profile.subscriptions` from its built value (`SubsSeed` over a `Value`): the message of
/// serde_json's `Value` deserializer for a value of another kind.
pub(crate) fn subscriptions_of_value(
    topics: &[Arc<str>],
    value: &Value,
) -> std::result::Result<Subscriptions, String> {
    let refused = |u: Unexpected<'_>| format!("invalid type: {u}, expected {SUBSCRIPTIONS}");
    match value {
        Value::Null => Ok((ChannelMap::default(), Vec::new())),
        Value::Object(map) => {
            let mut out = ChannelMap::<Consent<'static>>::default();
            let mut kept = Vec::new();
            for (key, status) in map {
                if let Some(channel) = Channel::from_name(key) {
                    *out.get_mut(channel) = Consent::of_value(status);
                } else if SubscriptionKey::of(key) == Some(SubscriptionKey::Topics) {
                    kept = crate::eval::input::topics_of_value(topics, status);
                }
            }
            Ok((out, kept))
        }
        Value::Bool(b) => Err(refused(Unexpected::Bool(*b))),
        Value::Number(n) => Err(refused(if let Some(u) = n.as_u64() {
            Unexpected::Unsigned(u)
        } else if let Some(i) = n.as_i64() {
            Unexpected::Signed(i)
        } else {
            Unexpected::Float(n.as_f64().unwrap_or(0.0))
        })),
        Value::String(s) => Err(refused(Unexpected::Str(s))),
        Value::Array(_) => Err(refused(Unexpected::Seq)),
    }
}

/// `profile.events` (`EventsSeed`): the counted events.
fn read_events<'de>(
    prog: &ProgramData,
    r: &mut Reader<'de>,
    broken: &mut Option<RuleError>,
) -> Result<Vec<PastEvent<'de>>> {
    let mut out = Vec::new();
    let accept = |v: &Any<'_>| matches!(v, Any::Null);
    let takes = Takes { seq: true, map: false };
    let expected = &"profile.events as an array of events";
    let mut events = |r: &mut Reader<'de>| {
        let mut index = 0usize;
        let mut first = true;
        while r.has_next_element(&mut first)? {
            let event = read_past_event(prog, r, index, broken)?;
            index += 1;
            if index > MAX_PROFILE_EVENTS {
                while r.has_next_element(&mut first)? {
                    r.ignore_value()?;
                    index += 1;
                }
                let limit = MAX_PROFILE_EVENTS;
                return Err(broke(broken, RuleError::TooManyEvents { count: index, limit }));
            }
            if let Some(e) = event {
                out.push(e);
            }
        }
        Ok(())
    };
    any(r, expected, takes, accept, &mut events, &mut nothing)?;
    Ok(out)
}

/// A past event's `name` or `time` (`MemberSeed`): any value.
fn read_member<'de>(r: &mut Reader<'de>) -> Result<Member<Cow<'de, str>>> {
    let accept = |_: &Any<'_>| true;
    let takes = Takes { seq: true, map: true };
    let seq = &mut |r: &mut Reader<'de>| {
        let mut first = true;
        while r.has_next_element(&mut first)? {
            r.ignore_value()?;
        }
        Ok(())
    };
    let map = &mut |r: &mut Reader<'de>| {
        let mut first = true;
        while r.next_key(&mut first)?.is_some() {
            r.colon()?;
            r.ignore_value()?;
        }
        Ok(())
    };
    Ok(match any(r, &"a past event's member", takes, accept, seq, map)? {
        Some(Any::Null) => Member::Absent,
        Some(Any::Str(s)) => Member::Text(s),
        _ => Member::Other,
    })
}

fn read_past_event<'de>(
    prog: &ProgramData,
    r: &mut Reader<'de>,
    index: usize,
    broken: &mut Option<RuleError>,
) -> Result<Option<PastEvent<'de>>> {
    let expected = format!("profile.events[{index}] as an event object");
    let mut out = None;
    only_map(r, &expected, &mut |r| {
        let any_condition = prog.names.counted_with_condition.iter().any(|c| *c);
        let mut name = Member::Absent;
        let mut time = Member::Absent;
        let mut properties: Option<Value> = None;
        let mut first = true;
        while let Some(key) = r.next_key(&mut first)? {
            r.colon()?;
            match PastEventKey::of(&key) {
                Some(PastEventKey::Name) => name = read_member(r)?,
                Some(PastEventKey::Time) => time = read_member(r)?,
                Some(PastEventKey::Properties) if any_condition => properties = Some(r.value()?),
                _ => r.ignore_value()?,
            }
        }
        fn member<'m>(m: &'m Member<Cow<'_, str>>) -> Member<&'m str> {
            match m {
                Member::Text(text) => Member::Text(text.as_ref()),
                Member::Absent => Member::Absent,
                Member::Other => Member::Other,
            }
        }
        let event = PastEventIn {
            index,
            name: member(&name),
            time: member(&time),
            properties: properties.map(Cow::Owned),
        };
        let kept = rules::past_event(prog, event).map_err(|rule| broke(broken, rule))?;
        out = Some(kept.map(PastEvent::into_owned));
        Ok(())
    })?;
    out.ok_or_else(|| r.error(EOF_VALUE))
}
