//! The fast reader of request text: one pass over the bytes with a small hand-written scanner,
//! for requests in the shape callers send. Skipping what the program does not read is most of
//! the work on a large profile (a 6 KB profile of which a journey reads a few keys), and
//! serde's visitor machinery spends far more per token than a tight loop does, above all in
//! WebAssembly built for size.
//!
//! It answers only when it can answer exactly as the full reader (`text.rs`, serde's answers
//! by hand) would: the tokenizer (`scan.rs`) validates the JSON it skips by serde_json's rules
//! for skipped values, what it keeps is read by the rules of `rules.rs` with the names of
//! `keys.rs`, and it returns `None` ("ask the full reader") for anything it does not handle
//! (escapes in keys or in the strings it reads, duplicate keys, numbers that are not plain
//! integers, deep nesting, every error). The full reader then reads the request and reports any
//! error. Tests compare the readers (and serde's, their oracle) on generated requests.

use super::keys::{PastEventKey, ProfileKey, RequestField, SubscriptionKey};
use super::rules;
use super::scan::{for_each_element, for_each_member, parse_kept, Literal, Scanner};
use super::Parsed;
use crate::eval::input::{Consent, PastEvent, ProfileData};
use crate::eval::request::{Event, Timestamp};
use crate::eval::MAX_PROFILE_EVENTS;
use herald_lang::channel::{Channel, ChannelMap};
use herald_lang::compile::ir::NameId;
use herald_lang::compile::ProgramData;
use herald_lang::json::{Map, Value};
use std::borrow::Cow;

/// Reads `text` as a request for `prog`, or `None` when serde must.
pub(super) fn read<'de>(prog: &ProgramData, text: &'de str) -> Option<Parsed<'de>> {
    if prog.keys.get(ProfileKey::Events.name()).is_some() {
        // A journey reads profile.events itself: the serde reader's rules differ there.
        return None;
    }
    let mut s = Scanner { text, bytes: text.as_bytes(), pos: 0 };
    let mut now = None;
    let mut profile = None;
    let mut event = None;
    let mut state = None;
    let mut prices = None;
    let mut explain = None;
    s.ws();
    for_each_member!(s, s.key()?, |key| {
        match RequestField::of(key)? {
            RequestField::Now if now.is_none() => {
                now = Some(Timestamp(crate::eval::time::parse_instant(s.plain_string()?)?));
            }
            RequestField::Profile if profile.is_none() => {
                profile = Some(read_profile(prog, &mut s)?)
            }
            RequestField::Event if event.is_none() => event = Some(s.raw_value()?),
            RequestField::State if state.is_none() => state = Some(s.raw_value()?),
            RequestField::Prices if prices.is_none() => prices = Some(s.raw_value()?),
            RequestField::Explain if explain.is_none() => {
                explain = Some(match s.literal()? {
                    Literal::True => true,
                    Literal::False => false,
                    Literal::Null => return None,
                })
            }
            _ => return None,
        }
    });
    s.ws();
    if s.pos != s.bytes.len() {
        return None;
    }
    let null_as_none = |raw: Option<&'de str>| raw.filter(|r| *r != "null");
    Some(Parsed {
        now: now?,
        profile: profile?,
        event: null_as_none(event),
        state: null_as_none(state),
        prices: null_as_none(prices),
        explain: explain.unwrap_or(false),
    })
}

/// The trigger event, read as serde reads an [`Event`] from its text, or `None` ("ask serde":
/// escapes, duplicate keys, anything unusual and every error). Building the properties here
/// costs a fraction of serde's derive in a module built for size.
pub(super) fn read_event(text: &str) -> Option<Event> {
    let mut s = Scanner { text, bytes: text.as_bytes(), pos: 0 };
    let mut name = None;
    let mut time: Option<Option<Timestamp>> = None;
    let mut properties = None;
    s.ws();
    for_each_member!(s, s.key()?, |key| {
        match PastEventKey::of(key) {
            Some(PastEventKey::Name) if name.is_none() => {
                name = Some(s.plain_string()?.to_string())
            }
            Some(PastEventKey::Time) if time.is_none() => {
                time = Some(match s.text_or_null()? {
                    None => None,
                    Some(t) => Some(Timestamp(crate::eval::time::parse_instant(t)?)),
                });
            }
            Some(PastEventKey::Properties) if properties.is_none() => {
                properties = Some(read_properties(&mut s)?)
            }
            Some(_) => return None,
            // serde's derive ignores other keys (after validating their values).
            None => s.skip_value()?,
        }
    });
    s.ws();
    if s.pos != s.bytes.len() {
        return None;
    }
    Some(Event { name: name?, time: time.flatten(), properties: properties.unwrap_or_default() })
}

/// An event's `properties`: null (empty) or an object with plain keys, each once.
fn read_properties(s: &mut Scanner<'_>) -> Option<Map<String, Value>> {
    if s.peek()? == b'n' {
        return match s.literal()? {
            Literal::Null => Some(Map::new()),
            _ => None,
        };
    }
    // Gathered, then sorted once (`from_pairs`: no O(n²) inserts out of order); a repeated key
    // (fewer keys after) leaves the event to the other reader.
    let mut members = Vec::new();
    for_each_member!(s, s.key()?, |key| {
        let value = s.kept_value()?;
        members.push((key.to_string(), value));
    });
    let n = members.len();
    let map = Map::from_pairs(members);
    (map.len() == n).then_some(map)
}

fn read_profile<'de>(prog: &ProgramData, s: &mut Scanner<'de>) -> Option<ProfileData<'de>> {
    let mut p = ProfileData { slots: vec![None; prog.keys.len()], ..ProfileData::default() };
    let mut seen_own = 0u32;
    let mut id: Option<&'de str> = None;
    for_each_member!(s, s.key()?, |key| {
        let slot = if prog.keys.is_empty() { None } else { prog.keys.get(key) };
        let own = ProfileKey::of(key);
        if let Some(own) = own {
            let bit = 1u32 << (own as u32);
            if seen_own & bit != 0 {
                return None;
            }
            seen_own |= bit;
        }
        match (own, slot) {
            (None, None) => s.skip_value()?,
            (Some(own), None) => match own {
                ProfileKey::Id => id = Some(s.plain_string()?),
                ProfileKey::Timezone
                | ProfileKey::Phone
                | ProfileKey::Email
                | ProfileKey::PushToken => *p.text_mut(own)? = s.text_or_null()?.map(Cow::Borrowed),
                ProfileKey::Subscriptions => {
                    p.subscriptions = read_subscriptions(s, !prog.topics.is_empty())?
                }
                ProfileKey::Events if rules::reads_past_events(prog) => {
                    p.events = read_events(prog, s)?
                }
                ProfileKey::Events => s.skip_value()?,
            },
            (own, Some(slot)) => {
                // A key a journey reads: keep its value (and take herald's meaning from it:
                // only a string, as the text fields must be, is handled here).
                if p.slots.get(slot as usize)?.is_some() {
                    return None;
                }
                let value = match own {
                    None => s.kept_value()?,
                    Some(ProfileKey::Id) => {
                        let text = s.plain_string()?;
                        id = Some(text);
                        Value::String(text.to_string())
                    }
                    Some(
                        own @ (ProfileKey::Timezone
                        | ProfileKey::Phone
                        | ProfileKey::Email
                        | ProfileKey::PushToken),
                    ) => {
                        let text = s.text_or_null()?;
                        *p.text_mut(own)? = text.map(Cow::Borrowed);
                        text.map_or(Value::Null, |t| Value::String(t.to_string()))
                    }
                    // A journey that reads profile.subscriptions or profile.events itself:
                    // rare, and serde's reading of them is the reference.
                    Some(ProfileKey::Subscriptions | ProfileKey::Events) => return None,
                };
                *p.slots.get_mut(slot as usize)? = Some(Cow::Owned(value));
            }
        }
    });
    p.id = rules::finish_id(id.map(Cow::Borrowed)).ok()?;
    Some(p)
}

/// `profile.subscriptions`: null, or an object of channel → status where every status is a
/// plain string or null (anything else: serde).
/// `topics` is skipped when the program has no topics, else left to serde.
fn read_subscriptions<'de>(
    s: &mut Scanner<'de>,
    has_topics: bool,
) -> Option<ChannelMap<Consent<'de>>> {
    let mut out = ChannelMap::<Consent<'de>>::default();
    if s.peek()? == b'n' {
        s.literal()?;
        return Some(out);
    }
    let mut seen = ChannelMap::<bool>::default();
    for_each_member!(s, s.key()?, |key| {
        if SubscriptionKey::of(key) == Some(SubscriptionKey::Topics) {
            if has_topics {
                return None;
            }
            s.skip_value()?;
        } else {
            let status = s.text_or_null()?;
            if let Some(channel) = Channel::from_name(key) {
                let seen = seen.get_mut(channel);
                if *seen {
                    return None;
                }
                *seen = true;
                *out.get_mut(channel) = match status {
                    None => Consent::Absent,
                    Some(text) => Consent::of_text(Cow::Borrowed(text)),
                };
            }
        }
    });
    Some(out)
}

/// `profile.events`: the counted events, by the rules of `rules.rs` (`past_event`), with the
/// names and times as bytes (a counted name is found without making it text).
fn read_events<'de>(prog: &ProgramData, s: &mut Scanner<'de>) -> Option<Vec<PastEvent<'de>>> {
    let names = &prog.names;
    let any_condition = names.counted_with_condition.iter().any(|c| *c);
    let counted = Counted::new(prog);
    let mut out = Vec::new();
    if s.peek()? == b'n' {
        s.literal()?;
        return Some(out);
    }
    let mut count = 0usize;
    for_each_element!(s, {
        count += 1;
        if count > MAX_PROFILE_EVENTS {
            return None;
        }
        // Names and times as bytes: they are only compared and parsed, never kept as text.
        let mut name: Option<&'de [u8]> = None;
        let mut time: Option<Option<&'de [u8]>> = None;
        let mut properties: Option<&'de str> = None;
        for_each_member!(s, event_key(s)?, |key| {
            match key {
                EventKey::Name if name.is_none() => name = Some(s.bytes_or_null()??),
                EventKey::Time if time.is_none() => time = Some(s.bytes_or_null()?),
                EventKey::Properties if any_condition => {
                    if properties.is_some() {
                        return None;
                    }
                    properties = Some(s.raw_value()?);
                }
                EventKey::Name | EventKey::Time => return None,
                _ => s.skip_value()?,
            }
        });
        if let Some(id) = counted.get(name?) {
            let time = crate::eval::time::parse_instant_bytes(time??)?;
            let properties = if names.counts_with_condition(id) {
                match properties {
                    None | Some("null") => Some(Cow::Owned(Map::new())),
                    Some(raw) => match parse_kept(raw)? {
                        Value::Object(m) => Some(Cow::Owned(m)),
                        _ => return None,
                    },
                }
            } else {
                // Parsed by serde, though nobody reads them: parse them too, so that what
                // serde would refuse is refused.
                if let Some(raw) = properties {
                    parse_kept(raw)?;
                }
                None
            };
            out.push(PastEvent { name: id, time, properties });
        } else if let Some(raw) = properties {
            parse_kept(raw)?;
        }
    });
    Some(out)
}

/// The counted event names, looked up by comparing bytes while they are few (cheaper than
/// hashing every past event's name), else through the program's name table.
enum Counted<'p> {
    Few([(&'p str, NameId); 8], usize),
    Many(&'p herald_lang::compile::names::EventNames),
}

impl<'p> Counted<'p> {
    fn new(prog: &'p ProgramData) -> Self {
        let names = &prog.names;
        let mut few = [("", 0); 8];
        let mut len = 0;
        for (id, name) in names.names.iter().enumerate() {
            let Ok(id) = NameId::try_from(id) else { return Counted::Many(names) };
            if names.is_counted(id) {
                let Some(slot) = few.get_mut(len) else { return Counted::Many(names) };
                *slot = (name, id);
                len += 1;
            }
        }
        Counted::Few(few, len)
    }

    fn get(&self, name: &[u8]) -> Option<NameId> {
        match self {
            Counted::Few(few, len) => {
                few.get(..*len)?.iter().find(|(n, _)| n.as_bytes() == name).map(|&(_, id)| id)
            }
            Counted::Many(names) => {
                let name = std::str::from_utf8(name).ok()?;
                names.names.get(name).filter(|id| names.is_counted(*id))
            }
        }
    }
}

/// The members of a past event, by key.
#[derive(Clone, Copy)]
enum EventKey {
    Name,
    Time,
    Properties,
    Other,
}

/// The key of a past event's member, with its colon. The keys herald reads are recognised
/// by loading their quoted text as machine words (no scan, no string comparison): a
/// profile's past events are most of a request's bytes. Anything else is read as `key`
/// reads keys.
#[inline(always)]
fn event_key(s: &mut Scanner<'_>) -> Option<EventKey> {
    const LOW7: u64 = 0x00ff_ffff_ffff_ffff;
    let word = |at: usize| s.bytes.get(at..).and_then(<[u8]>::first_chunk::<8>);
    if let Some(w) = word(s.pos) {
        let w = u64::from_le_bytes(*w);
        if w & LOW7 == u64::from_le_bytes(*b"\"name\":\0") {
            s.pos += 7;
            return Some(EventKey::Name);
        }
        if w & LOW7 == u64::from_le_bytes(*b"\"time\":\0") {
            s.pos += 7;
            return Some(EventKey::Time);
        }
        if w == u64::from_le_bytes(*b"\"propert")
            && word(s.pos + 5).map(|t| u64::from_le_bytes(*t))
                == Some(u64::from_le_bytes(*b"erties\":"))
        {
            s.pos += 13;
            return Some(EventKey::Properties);
        }
    }
    Some(match s.key()? {
        "name" => EventKey::Name,
        "time" => EventKey::Time,
        "properties" => EventKey::Properties,
        _ => EventKey::Other,
    })
}

#[cfg(test)]
mod tests;
