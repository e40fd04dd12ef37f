//! The reader of a parsed [`Request`](crate::eval::Request) (`Program::evaluate`): a walk over
//! its profile that borrows every value it keeps, by the rules of `rules.rs`.

use super::keys::{PastEventKey, ProfileKey};
use super::rules::{self, Member, PastEventIn, RuleError};
use crate::eval::error::RequestError;
use crate::eval::input::{PastEvent, ProfileData};
use herald_lang::compile::ProgramData;
use herald_lang::json::{Map, Value};
use std::borrow::Cow;

/// Read the profile of a parsed `Request`.
pub(crate) fn read_profile_map<'a>(
    prog: &ProgramData,
    map: &'a Map<String, Value>,
) -> Result<ProfileData<'a>, RequestError> {
    let mut p = ProfileData { slots: vec![None; prog.keys.len()], ..ProfileData::default() };
    let mut id = None;
    for (key, value) in map {
        if let Some(slot) = prog.keys.get(key).and_then(|s| p.slots.get_mut(s as usize)) {
            *slot = Some(Cow::Borrowed(value));
        }
        let Some(key) = ProfileKey::of(key) else { continue };
        let text = |key| rules::text_of_value(key, value).map(|t| t.map(Cow::Borrowed));
        match key {
            ProfileKey::Id => id = rules::id_of_value(value)?,
            ProfileKey::Timezone => p.timezone = text(key)?,
            ProfileKey::Phone => p.phone = text(key)?,
            ProfileKey::Email => p.email = text(key)?,
            ProfileKey::PushToken => p.push_token = text(key)?,
            ProfileKey::Subscriptions => {
                (p.subscriptions, p.topics) =
                    super::text::subscriptions_of_value(&prog.topics, value)
                        .map_err(|m| RequestError::InvalidRequest(format!("profile: {m}")))?
            }
            ProfileKey::Events if prog.reads_past_events() => {
                p.events = events_of_value(prog, value)?
            }
            ProfileKey::Events => {}
        }
    }
    p.id = rules::finish_id(id)?;
    Ok(p)
}

/// `profile.events` of a parsed request.
pub(crate) fn events_of_value<'a>(
    prog: &ProgramData,
    v: &'a Value,
) -> Result<Vec<PastEvent<'a>>, RuleError> {
    let items = match v {
        Value::Null => return Ok(Vec::new()),
        Value::Array(items) => items,
        _ => return Err(RuleError::EventsNotList),
    };
    let member = |event: &'a Map<String, Value>, key: PastEventKey| match event.get(key.name()) {
        None | Some(Value::Null) => Member::Absent,
        Some(Value::String(s)) => Member::Text(s.as_str()),
        Some(_) => Member::Other,
    };
    let mut out = Vec::new();
    for (index, item) in items.iter().enumerate() {
        // In the order the text reader meets them (it cannot count ahead): an entry before the
        // limit that is wrong is reported as such, as the text API does.
        rules::check_event_count(index, items.len())?;
        let Value::Object(event) = item else {
            return Err(RuleError::EventNotObject(index));
        };
        let event = PastEventIn {
            index,
            name: member(event, PastEventKey::Name),
            time: member(event, PastEventKey::Time),
            properties: event.get(PastEventKey::Properties.name()).map(Cow::Borrowed),
        };
        if let Some(kept) = rules::past_event(prog, event)? {
            out.push(kept);
        }
    }
    Ok(out)
}
