//! The fast reader of request text: one pass over the bytes with a small hand-written scanner,
//! for requests in the shape callers send. Skipping what the program does not read is most of
//! the work on a large profile (a 6 KB profile of which a journey reads a few keys), and
//! serde's visitor machinery spends far more per token than a tight loop does, above all in
//! WebAssembly built for size.
//!
//! It answers only when it can answer exactly as the serde reader of `json.rs` would: it
//! validates the JSON it skips by serde_json's rules for skipped values, parses what it keeps by
//! the same rules as `seed.rs`, and returns `None` ("ask serde") for anything it does not handle
//! (escapes in keys or in the strings it reads, duplicate keys, numbers that are not plain
//! integers, deep nesting, every error). The serde reader then reads the request and reports
//! any error with its usual message. Tests compare both readers on generated requests.

use super::input::{Consent, PastEvent, ProfileData};
use super::request::{Event, Timestamp};
use super::MAX_PROFILE_EVENTS;
use crate::channel::Channel;
use crate::compile::ir::NameId;
use crate::compile::ProgramData;
use serde_json::{Map, Number, Value};
use std::borrow::Cow;

/// A request as read from text; the event, state and prices stay JSON text.
pub(super) struct Parsed<'de> {
    pub now: Timestamp,
    pub profile: ProfileData<'de>,
    pub event: Option<&'de str>,
    pub state: Option<&'de str>,
    pub prices: Option<&'de str>,
    pub explain: bool,
}

/// Values nested deeper than this are left to serde, which bounds depth at 128 from the top of
/// the request: a value the fast reader parses from its own text is then never deeper than
/// serde would have allowed in place.
const MAX_KEPT_DEPTH: u32 = 64;

/// Reads `text` as a request for `prog`, or `None` when serde must.
pub(super) fn read<'de>(prog: &ProgramData, text: &'de str) -> Option<Parsed<'de>> {
    if prog.keys.get("events").is_some() {
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
    s.eat(b'{')?;
    s.ws();
    if !s.eat_if(b'}') {
        loop {
            let key = s.key()?;
            s.ws();
            match key {
                "now" if now.is_none() => {
                    now = Some(Timestamp(super::time::parse_instant(s.plain_string()?)?));
                }
                "profile" if profile.is_none() => profile = Some(read_profile(prog, &mut s)?),
                "event" if event.is_none() => event = Some(s.raw_value()?),
                "state" if state.is_none() => state = Some(s.raw_value()?),
                "prices" if prices.is_none() => prices = Some(s.raw_value()?),
                "explain" if explain.is_none() => {
                    explain = Some(match s.literal()? {
                        Literal::True => true,
                        Literal::False => false,
                        Literal::Null => return None,
                    })
                }
                _ => return None,
            }
            if !s.next_member(b'}')? {
                break;
            }
        }
    }
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
    s.eat(b'{')?;
    s.ws();
    if !s.eat_if(b'}') {
        loop {
            let key = s.key()?;
            s.ws();
            match key {
                "name" if name.is_none() => name = Some(s.plain_string()?.to_string()),
                "time" if time.is_none() => {
                    time = Some(match s.text_or_null()? {
                        None => None,
                        Some(t) => Some(Timestamp(super::time::parse_instant(t)?)),
                    });
                }
                "properties" if properties.is_none() => properties = Some(read_properties(&mut s)?),
                "name" | "time" | "properties" => return None,
                // serde's derive ignores other keys (after validating their values).
                _ => s.skip_value()?,
            }
            if !s.next_member(b'}')? {
                break;
            }
        }
    }
    s.ws();
    if s.pos != s.bytes.len() {
        return None;
    }
    Some(Event { name: name?, time: time.flatten(), properties: properties.unwrap_or_default() })
}

/// An event's `properties`: null (empty) or an object with plain keys, each once.
fn read_properties(s: &mut Scanner<'_>) -> Option<Map<String, Value>> {
    let mut map = Map::new();
    if s.peek()? == b'n' {
        return match s.literal()? {
            Literal::Null => Some(map),
            _ => None,
        };
    }
    s.eat(b'{')?;
    s.ws();
    if s.eat_if(b'}') {
        return Some(map);
    }
    loop {
        let key = s.key()?;
        s.ws();
        if map.contains_key(key) {
            return None;
        }
        let value = s.kept_value()?;
        map.insert(key.to_string(), value);
        if !s.next_member(b'}')? {
            break;
        }
    }
    Some(map)
}

/// The profile keys with a meaning to herald.
#[derive(Clone, Copy)]
enum Own {
    Id,
    Timezone,
    Phone,
    Email,
    PushToken,
    Subscriptions,
    Events,
}

impl Own {
    fn of(key: &str) -> Option<Own> {
        Some(match key {
            "id" => Own::Id,
            "timezone" => Own::Timezone,
            "phone" => Own::Phone,
            "email" => Own::Email,
            "push_token" => Own::PushToken,
            "subscriptions" => Own::Subscriptions,
            "events" => Own::Events,
            _ => return None,
        })
    }
}

fn read_profile<'de>(prog: &ProgramData, s: &mut Scanner<'de>) -> Option<ProfileData<'de>> {
    let mut p = ProfileData { slots: vec![None; prog.keys.len()], ..ProfileData::default() };
    let mut seen_own = [false; 7];
    let mut id: Option<&'de str> = None;
    s.eat(b'{')?;
    s.ws();
    if !s.eat_if(b'}') {
        loop {
            let key = s.key()?;
            s.ws();
            let slot = if prog.keys.is_empty() { None } else { prog.keys.get(key) };
            let own = Own::of(key);
            if let Some(own) = own {
                let seen = seen_own.get_mut(own as usize)?;
                if *seen {
                    return None;
                }
                *seen = true;
            }
            match (own, slot) {
                (None, None) => s.skip_value()?,
                (Some(own), None) => match own {
                    Own::Id => id = Some(s.plain_string()?),
                    Own::Timezone => p.timezone = s.text_or_null()?.map(Cow::Borrowed),
                    Own::Phone => p.phone = s.text_or_null()?.map(Cow::Borrowed),
                    Own::Email => p.email = s.text_or_null()?.map(Cow::Borrowed),
                    Own::PushToken => p.push_token = s.text_or_null()?.map(Cow::Borrowed),
                    Own::Subscriptions => p.subscriptions = read_subscriptions(s)?,
                    Own::Events if prog.reads_past_events() => p.events = read_events(prog, s)?,
                    Own::Events => s.skip_value()?,
                },
                (own, Some(slot)) => {
                    // A key a journey reads: keep its value (and take herald's meaning from it:
                    // only a string, as the text fields must be, is handled here).
                    let cell = p.slots.get_mut(slot as usize)?;
                    if cell.is_some() {
                        return None;
                    }
                    let value = match own {
                        None => s.kept_value()?,
                        Some(Own::Id) => {
                            let text = s.plain_string()?;
                            id = Some(text);
                            Value::String(text.to_string())
                        }
                        Some(own @ (Own::Timezone | Own::Phone | Own::Email | Own::PushToken)) => {
                            let text = s.text_or_null()?;
                            let field = match own {
                                Own::Timezone => &mut p.timezone,
                                Own::Phone => &mut p.phone,
                                Own::Email => &mut p.email,
                                _ => &mut p.push_token,
                            };
                            *field = text.map(Cow::Borrowed);
                            text.map_or(Value::Null, |t| Value::String(t.to_string()))
                        }
                        // A journey that reads profile.subscriptions or profile.events itself:
                        // rare, and serde's reading of them is the reference.
                        Some(Own::Subscriptions | Own::Events) => return None,
                    };
                    *cell = Some(Cow::Owned(value));
                }
            }
            if !s.next_member(b'}')? {
                break;
            }
        }
    }
    p.id = Cow::Borrowed(id.filter(|id| !id.is_empty())?);
    Some(p)
}

/// `profile.subscriptions`: null, or an object of channel → status where every status is a
/// plain string or null (anything else: serde).
fn read_subscriptions<'de>(s: &mut Scanner<'de>) -> Option<[Consent<'de>; 7]> {
    let mut out: [Consent<'de>; 7] = Default::default();
    if s.peek()? == b'n' {
        s.literal()?;
        return Some(out);
    }
    let mut seen = [false; 7];
    s.eat(b'{')?;
    s.ws();
    if !s.eat_if(b'}') {
        loop {
            let key = s.key()?;
            s.ws();
            let status = s.text_or_null()?;
            if let Some(i) = Channel::ALL.iter().position(|c| c.name() == key) {
                let seen = seen.get_mut(i)?;
                if *seen {
                    return None;
                }
                *seen = true;
                *out.get_mut(i)? = match status {
                    None => Consent::Absent,
                    Some(text) => Consent::of_text(Cow::Borrowed(text)),
                };
            }
            if !s.next_member(b'}')? {
                break;
            }
        }
    }
    Some(out)
}

/// `profile.events`: the counted events, by the rules of `seed.rs` (`PastEventSeed`).
fn read_events<'de>(prog: &ProgramData, s: &mut Scanner<'de>) -> Option<Vec<PastEvent<'de>>> {
    let names = &prog.names;
    let any_condition = names.counted_with_condition.iter().any(|c| *c);
    let counted = Counted::new(prog);
    let mut out = Vec::new();
    if s.peek()? == b'n' {
        s.literal()?;
        return Some(out);
    }
    s.eat(b'[')?;
    s.ws();
    if s.eat_if(b']') {
        return Some(out);
    }
    let mut count = 0usize;
    loop {
        count += 1;
        if count > MAX_PROFILE_EVENTS {
            return None;
        }
        // Names and times as bytes: they are only compared and parsed, never kept as text.
        let mut name: Option<&'de [u8]> = None;
        let mut time: Option<Option<&'de [u8]>> = None;
        let mut properties: Option<&'de str> = None;
        s.eat(b'{')?;
        s.ws();
        if !s.eat_if(b'}') {
            loop {
                let key = s.event_key()?;
                s.ws();
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
                if !s.next_member(b'}')? {
                    break;
                }
            }
        }
        if let Some(id) = counted.get(name?) {
            let time = super::time::parse_instant_bytes(time??)?;
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
        if !s.next_member(b']')? {
            break;
        }
    }
    Some(out)
}

/// The counted event names, looked up by comparing bytes while they are few (cheaper than
/// hashing every past event's name), else through the program's name table.
enum Counted<'p> {
    Few([(&'p str, NameId); 8], usize),
    Many(&'p crate::compile::names::EventNames),
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

/// A JSON value serde parses whole, parsed from its own text: `None` when serde refuses it (its
/// error message is serde's to write) or it is too deep to be sure serde would accept it in
/// place.
fn parse_kept(raw: &str) -> Option<Value> {
    if depth(raw) > MAX_KEPT_DEPTH {
        return None;
    }
    serde_json::from_str(raw).ok()
}

/// The nesting depth of valid JSON text (brackets outside strings).
fn depth(raw: &str) -> u32 {
    let (mut depth, mut max, mut in_string, mut escaped) = (0u32, 0u32, false, false);
    for &b in raw.as_bytes() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// The members of a past event, by key.
#[derive(Clone, Copy)]
enum EventKey {
    Name,
    Time,
    Properties,
    Other,
}

enum Literal {
    True,
    False,
    Null,
}

/// A cursor over JSON text. Every method returns `None` for what it does not handle.
struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline(always)]
    fn ws(&mut self) {
        self.pos = skip_ws(self.bytes, self.pos);
    }

    #[inline(always)]
    fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.pos += 1)
    }

    #[inline(always)]
    fn eat_if(&mut self, b: u8) -> bool {
        self.eat(b).is_some()
    }

    /// After a member or element: `,` (true: another follows) or the closing bracket (false).
    #[inline(always)]
    fn next_member(&mut self, close: u8) -> Option<bool> {
        self.ws();
        match self.peek()? {
            b',' => {
                self.pos += 1;
                self.ws();
                Some(true)
            }
            b if b == close => {
                self.pos += 1;
                Some(false)
            }
            _ => None,
        }
    }

    /// An object key and its colon: a string without escapes.
    #[inline(always)]
    fn key(&mut self) -> Option<&'a str> {
        let key = self.plain_string()?;
        self.ws();
        self.eat(b':')?;
        Some(key)
    }

    /// A string without escapes (or control characters, which JSON forbids), borrowed.
    #[inline(always)]
    fn plain_string(&mut self) -> Option<&'a str> {
        let start = self.pos + 1;
        let bytes = self.plain_bytes()?;
        self.text.get(start..start + bytes.len())
    }

    /// A plain string's bytes (as `plain_string`, without making them `&str`: both ends sit
    /// next to a quote, so they are character boundaries, and the bytes are only compared).
    #[inline(always)]
    fn plain_bytes(&mut self) -> Option<&'a [u8]> {
        self.eat(b'"')?;
        let start = self.pos;
        self.pos = special_byte(self.bytes, self.pos);
        if self.peek()? != b'"' {
            return None;
        }
        let s = self.bytes.get(start..self.pos)?;
        self.pos += 1;
        Some(s)
    }

    /// A plain string's bytes or `null`.
    #[inline(always)]
    fn bytes_or_null(&mut self) -> Option<Option<&'a [u8]>> {
        match self.peek()? {
            b'"' => self.plain_bytes().map(Some),
            b'n' => {
                self.literal()?;
                Some(None)
            }
            _ => None,
        }
    }

    /// The key of a past event's member, with its colon. The keys herald reads are recognised
    /// by loading their quoted text as machine words (no scan, no string comparison): a
    /// profile's past events are most of a request's bytes. Anything else is read as `key`
    /// reads keys.
    #[inline(always)]
    fn event_key(&mut self) -> Option<EventKey> {
        const LOW7: u64 = 0x00ff_ffff_ffff_ffff;
        let word = |at: usize| self.bytes.get(at..).and_then(<[u8]>::first_chunk::<8>);
        if let Some(w) = word(self.pos) {
            let w = u64::from_le_bytes(*w);
            if w & LOW7 == u64::from_le_bytes(*b"\"name\":\0") {
                self.pos += 7;
                return Some(EventKey::Name);
            }
            if w & LOW7 == u64::from_le_bytes(*b"\"time\":\0") {
                self.pos += 7;
                return Some(EventKey::Time);
            }
            if w == u64::from_le_bytes(*b"\"propert")
                && word(self.pos + 5).map(|t| u64::from_le_bytes(*t))
                    == Some(u64::from_le_bytes(*b"erties\":"))
            {
                self.pos += 13;
                return Some(EventKey::Properties);
            }
        }
        Some(match self.key()? {
            "name" => EventKey::Name,
            "time" => EventKey::Time,
            "properties" => EventKey::Properties,
            _ => EventKey::Other,
        })
    }

    /// A plain string or `null` (the profile's text fields).
    #[inline(always)]
    fn text_or_null(&mut self) -> Option<Option<&'a str>> {
        let start = self.pos + 1;
        match self.bytes_or_null()? {
            None => Some(None),
            Some(bytes) => self.text.get(start..start + bytes.len()).map(Some),
        }
    }

    #[inline(always)]
    fn literal(&mut self) -> Option<Literal> {
        let rest = self.bytes.get(self.pos..)?;
        let (lit, len) = if rest.starts_with(b"true") {
            (Literal::True, 4)
        } else if rest.starts_with(b"false") {
            (Literal::False, 5)
        } else if rest.starts_with(b"null") {
            (Literal::Null, 4)
        } else {
            return None;
        };
        self.pos += len;
        Some(lit)
    }

    /// The value of a key a journey reads: plain strings, whole numbers and literals are built
    /// here; anything else is parsed by serde from its text.
    fn kept_value(&mut self) -> Option<Value> {
        match self.peek()? {
            b'"' => {
                let start = self.pos;
                if let Some(s) = self.plain_string() {
                    return Some(Value::String(s.to_string()));
                }
                self.pos = start;
            }
            b't' | b'f' | b'n' => {
                return Some(match self.literal()? {
                    Literal::True => Value::Bool(true),
                    Literal::False => Value::Bool(false),
                    Literal::Null => Value::Null,
                });
            }
            b'-' | b'0'..=b'9' => {
                let start = self.pos;
                self.skip_number()?;
                let raw = self.text.get(start..self.pos)?;
                return match whole_number(raw) {
                    Some(n) => Some(Value::Number(n)),
                    None => parse_kept(raw),
                };
            }
            _ => {}
        }
        parse_kept(self.raw_value()?)
    }

    /// Skips a value (validated as serde_json validates a value it skips) and returns its text.
    fn raw_value(&mut self) -> Option<&'a str> {
        let start = self.pos;
        self.skip_value()?;
        self.text.get(start..self.pos)
    }

    /// Skips one JSON value, iteratively (no recursion, any depth, as serde_json's
    /// `ignore_value`), validating it as serde_json validates a value it skips.
    #[inline(always)]
    fn skip_value(&mut self) -> Option<()> {
        self.pos = skip(self.bytes, self.pos)?;
        Some(())
    }

    /// Skips a number by JSON's grammar (as serde_json's `ignore_number`).
    #[inline(always)]
    fn skip_number(&mut self) -> Option<()> {
        self.pos = skip_number(self.bytes, self.pos)?;
        Some(())
    }
}

// The skipping functions work on a position in a local variable (not a field behind `&mut`),
// so that it stays in a register across the whole value: the difference is large in
// WebAssembly, where a field is a load and a store in linear memory at every byte.

#[inline(always)]
fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    // One comparison in the common case: the next byte is no whitespace (JSON.stringify and
    // serde write none).
    while let Some(&b) = bytes.get(pos) {
        if b > b' ' || !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
            break;
        }
        pos += 1;
    }
    pos
}

/// The position after the value at `pos` (which may start with whitespace' absence: it must
/// start right there), or `None` when it is not valid JSON as serde_json skips it.
fn skip(bytes: &[u8], mut pos: usize) -> Option<usize> {
    let mut open = OpenContainers::default();
    loop {
        // A value.
        match *bytes.get(pos)? {
            b'"' => pos = skip_string(bytes, pos)?,
            b'-' | b'0'..=b'9' => pos = skip_number(bytes, pos)?,
            b't' => pos = skip_literal(bytes, pos, b"true")?,
            b'f' => pos = skip_literal(bytes, pos, b"false")?,
            b'n' => pos = skip_literal(bytes, pos, b"null")?,
            b'{' => {
                pos = skip_ws(bytes, pos + 1);
                if bytes.get(pos) == Some(&b'}') {
                    pos += 1;
                } else {
                    open.push(true);
                    pos = skip_member_key(bytes, pos)?;
                    continue;
                }
            }
            b'[' => {
                pos = skip_ws(bytes, pos + 1);
                if bytes.get(pos) == Some(&b']') {
                    pos += 1;
                } else {
                    open.push(false);
                    continue;
                }
            }
            _ => return None,
        }
        // After a value: close containers or move on to the next member.
        loop {
            let Some(object) = open.last() else { return Some(pos) };
            pos = skip_ws(bytes, pos);
            match *bytes.get(pos)? {
                b',' => {
                    pos = skip_ws(bytes, pos + 1);
                    if object {
                        pos = skip_member_key(bytes, pos)?;
                    }
                    break;
                }
                b'}' if object => {
                    pos += 1;
                    open.pop();
                }
                b']' if !object => {
                    pos += 1;
                    open.pop();
                }
                _ => return None,
            }
        }
    }
}

/// `"key" :` and the whitespace before the member's value.
#[inline(always)]
fn skip_member_key(bytes: &[u8], pos: usize) -> Option<usize> {
    let pos = skip_ws(bytes, skip_string(bytes, pos)?);
    if bytes.get(pos) != Some(&b':') {
        return None;
    }
    Some(skip_ws(bytes, pos + 1))
}

#[inline(always)]
fn skip_literal(bytes: &[u8], pos: usize, literal: &[u8]) -> Option<usize> {
    let end = pos.checked_add(literal.len())?;
    (bytes.get(pos..end)? == literal).then_some(end)
}

/// The position after the string at `pos`, validating escapes as serde_json does for a string
/// it skips (control characters refused, `\u` followed by four hex digits).
#[inline(always)]
fn skip_string(bytes: &[u8], pos: usize) -> Option<usize> {
    if bytes.get(pos) != Some(&b'"') {
        return None;
    }
    let mut pos = pos + 1;
    loop {
        pos = special_byte(bytes, pos);
        match *bytes.get(pos)? {
            b'"' => return Some(pos + 1),
            b'\\' => match *bytes.get(pos + 1)? {
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => pos += 2,
                b'u' => {
                    let hex = bytes.get(pos + 2..pos + 6)?;
                    if !hex.iter().all(u8::is_ascii_hexdigit) {
                        return None;
                    }
                    pos += 6;
                }
                _ => return None,
            },
            _ => return None,
        }
    }
}

/// The position after the number at `pos`, by JSON's grammar (serde_json's `ignore_number`).
#[inline(always)]
fn skip_number(bytes: &[u8], mut pos: usize) -> Option<usize> {
    let digits = |mut pos: usize| {
        while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        pos
    };
    if bytes.get(pos) == Some(&b'-') {
        pos += 1;
    }
    match *bytes.get(pos)? {
        b'0' => {
            pos += 1;
            if bytes.get(pos).is_some_and(u8::is_ascii_digit) {
                return None;
            }
        }
        b'1'..=b'9' => pos = digits(pos + 1),
        _ => return None,
    }
    if bytes.get(pos) == Some(&b'.') {
        if !bytes.get(pos + 1)?.is_ascii_digit() {
            return None;
        }
        pos = digits(pos + 1);
    }
    if let Some(b'e' | b'E') = bytes.get(pos) {
        pos += 1;
        if let Some(b'+' | b'-') = bytes.get(pos) {
            pos += 1;
        }
        if !bytes.get(pos)?.is_ascii_digit() {
            return None;
        }
        pos = digits(pos);
    }
    Some(pos)
}

/// The containers `skip_value` is inside, innermost last (true for an object): a bit per level
/// for the first 64 levels, so that skipping allocates only for deeper values.
#[derive(Default)]
struct OpenContainers {
    depth: usize,
    bits: u64,
    deeper: Vec<bool>,
}

impl OpenContainers {
    #[inline(always)]
    fn push(&mut self, object: bool) {
        if self.depth < 64 {
            self.bits = (self.bits & !(1 << self.depth)) | (u64::from(object) << self.depth);
        } else {
            self.deeper.push(object);
        }
        self.depth += 1;
    }

    #[inline(always)]
    fn last(&self) -> Option<bool> {
        let top = self.depth.checked_sub(1)?;
        if top < 64 {
            Some(self.bits & (1 << top) != 0)
        } else {
            self.deeper.last().copied()
        }
    }

    #[inline(always)]
    fn pop(&mut self) {
        if self.depth > 64 {
            self.deeper.pop();
        }
        self.depth = self.depth.saturating_sub(1);
    }
}

/// The index of the first byte from `pos` on that ends or interrupts a string's plain text (`"`,
/// `\\` or a control character), or the length. Eight bytes at a time: strings are most of a
/// request's bytes.
#[inline(always)]
pub(super) fn special_byte(bytes: &[u8], mut pos: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(pos..).and_then(<[u8]>::first_chunk::<8>) {
        let x = u64::from_le_bytes(*chunk);
        let quote = x ^ (ONES * u64::from(b'"'));
        let backslash = x ^ (ONES * u64::from(b'\\'));
        // The lowest flagged byte of each test is exact (borrows only flag bytes above it).
        let found = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (x.wrapping_sub(ONES * 0x20) & !x);
        let found = found & HIGH;
        if found != 0 {
            return pos + (found.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    while let Some(&b) = bytes.get(pos) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        pos += 1;
    }
    pos
}

/// A whole number serde_json would read as an integer (`-?[1-9][0-9]{0,17}` or `0`): the same
/// `Number` without asking serde. `-0` and anything else: `None`.
fn whole_number(raw: &str) -> Option<Number> {
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if digits.starts_with('0') && (digits.len() > 1 || raw.starts_with('-')) {
        return None;
    }
    let n: u64 = digits.parse().ok()?;
    if raw.starts_with('-') {
        Some(Number::from(-i64::try_from(n).ok()?))
    } else {
        Some(Number::from(n))
    }
}

#[cfg(test)]
mod tests;
