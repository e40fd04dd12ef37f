//! The event, the state and the prices read by the hand-written reader (`parse.rs`) exactly as
//! serde's derives read them through serde_json (`#[derive(Deserialize)]` on [`Event`],
//! [`State`] and what it holds): the same fields in the same forms (an object, or an array of
//! the fields in order, which derived structs also accept), the same defaults, the same errors
//! (`missing field`, `duplicate field`, `unknown field` where `deny_unknown_fields` says so,
//! `unknown variant`, `invalid length`, `invalid type` with each type's `expecting` text) at the
//! same positions. The tests (`typed/tests.rs`) compare them with the derives on mutated texts.

use super::parse::{JsonError, Num, Reader, Result, EOF_OBJECT, EOF_VALUE};
use super::parse::{EXPECTED_VALUE, KEY_MUST_BE_A_STRING};
use crate::eval::request::{Event, Timestamp};
use crate::eval::state::{Digest, JourneyState, KeyState, RunState, SendRecord, State, Waiting};
use herald_lang::channel::Channel;
use herald_lang::json::{Map, Value};
use herald_lang::sorted::SortedMap;
use std::fmt;

/// A derived struct's shape: what its derive's visitor knows of it.
struct Shape {
    /// `expecting`: "struct Event".
    name: &'static str,
    fields: &'static [&'static str],
    /// Which fields have `#[serde(default)]` (the others are required).
    defaults: &'static [bool],
    deny_unknown_fields: bool,
}

/// The derive's `expecting` of the array form: "struct Event with 3 elements".
struct SeqExpecting<'s>(&'s Shape);

impl fmt::Display for SeqExpecting<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.fields.len() {
            1 => write!(f, "{} with 1 element", self.0.name),
            n => write!(f, "{} with {n} elements", self.0.name),
        }
    }
}

/// `deserialize_struct` with a derive's visitor: `field` reads field `i`'s value. One copy for
/// every struct (`field` keeps what it reads).
#[inline(never)]
fn read_struct(
    r: &mut Reader<'_>,
    shape: &Shape,
    field: &mut dyn FnMut(&mut Reader<'_>, usize) -> Result<()>,
) -> Result<()> {
    let result = match r.ws() {
        None => Err(r.peek_error(EOF_VALUE)),
        Some(b'[') => r.container(
            &mut |r| {
                let mut first = true;
                for (i, default) in shape.defaults.iter().enumerate() {
                    if r.has_next_element(&mut first)? {
                        field(r, i)?;
                    } else if !default {
                        return Err(JsonError::invalid_length(i, &SeqExpecting(shape)));
                    }
                }
                Ok(())
            },
            true,
        ),
        Some(b'{') => r.container(
            &mut |r| {
                let mut first = true;
                let mut seen = 0u32;
                while let Some(key) = r.next_key(&mut first)? {
                    match shape.fields.iter().position(|f| *f == key) {
                        Some(i) => {
                            if seen & (1 << i) != 0 {
                                let name = shape.fields.get(i).copied().unwrap_or_default();
                                return Err(JsonError::duplicate_field(name));
                            }
                            seen |= 1 << i;
                            r.colon()?;
                            field(r, i)?;
                        }
                        None if shape.deny_unknown_fields => {
                            return Err(JsonError::unknown_field(&key, shape.fields));
                        }
                        None => {
                            r.colon()?;
                            r.ignore_value()?;
                        }
                    }
                }
                for (i, (name, default)) in shape.fields.iter().zip(shape.defaults).enumerate() {
                    if !default && seen & (1 << i) == 0 {
                        return Err(JsonError::missing_field(name));
                    }
                }
                Ok(())
            },
            false,
        ),
        Some(_) => Err(r.invalid_type(&shape.name)),
    };
    result.map_err(|e| r.fix(e))
}

/// `deserialize_option`: null is `None`, anything else is read by `some`.
fn option<'a, T>(
    r: &mut Reader<'a>,
    some: impl FnOnce(&mut Reader<'a>) -> Result<T>,
) -> Result<Option<T>> {
    if r.ws() == Some(b'n') {
        r.literal(b'n')?;
        return Ok(None);
    }
    some(r).map(Some)
}

/// `String`.
fn string(r: &mut Reader<'_>) -> Result<String> {
    r.str_value(&"a string").map(|s| s.into_owned())
}

const INSTANT: &str = "an RFC 3339 instant like \"2026-03-08T14:00:00Z\"";

/// [`Timestamp`]'s `Deserialize`: its message for a string that is no instant, after the string.
fn timestamp(r: &mut Reader<'_>) -> Result<Timestamp> {
    let text = r.str_value(&INSTANT)?;
    Timestamp::parse(&text).ok_or_else(|| {
        let shown: String = text.chars().take(40).collect();
        let message = format!("`{shown}` is not {INSTANT}");
        r.fix(JsonError::custom(message))
    })
}

/// `deserialize_number` with serde's visitor of an integer type (`expected`: its name), which
/// takes the number when it fits (`fits`).
fn integer<T>(r: &mut Reader<'_>, expected: &'static str, fits: fn(Num) -> Option<T>) -> Result<T> {
    let result = match r.ws() {
        None => return Err(r.peek_error(EOF_VALUE)),
        Some(b @ (b'-' | b'0'..=b'9')) => {
            let n = r.number(b)?;
            match (fits(n), n) {
                (Some(v), _) => Ok(v),
                (None, Num::F64(_)) => Err(JsonError::invalid_type(&n.unexpected(), &expected)),
                (None, _) => Err(JsonError::invalid_value(&n.unexpected(), &expected)),
            }
        }
        Some(_) => Err(r.invalid_type(&expected)),
    };
    result.map_err(|e| r.fix(e))
}

fn u32_of(n: Num) -> Option<u32> {
    match n {
        Num::U64(v) => u32::try_from(v).ok(),
        Num::I64(v) => u32::try_from(v).ok(),
        Num::F64(_) => None,
    }
}

fn u64_of(n: Num) -> Option<u64> {
    match n {
        Num::U64(v) => Some(v),
        Num::I64(v) => u64::try_from(v).ok(),
        Num::F64(_) => None,
    }
}

fn i64_of(n: Num) -> Option<i64> {
    match n {
        Num::U64(v) => i64::try_from(v).ok(),
        Num::I64(v) => Some(v),
        Num::F64(_) => None,
    }
}

/// `deserialize_map` with `visit_map` reading each member (`entry`, after the colon): a
/// `SortedMap<String, T>` (read as serde reads a `BTreeMap` and serde_json its `Map`: "a map").
#[inline(never)]
fn map(
    r: &mut Reader<'_>,
    entry: &mut dyn FnMut(&mut Reader<'_>, String) -> Result<()>,
) -> Result<()> {
    let result = match r.ws() {
        None => Err(r.peek_error(EOF_VALUE)),
        Some(b'{') => r.container(
            &mut |r| {
                let mut first = true;
                while let Some(key) = r.next_key(&mut first)? {
                    r.colon()?;
                    entry(r, key.into_owned())?;
                }
                Ok(())
            },
            false,
        ),
        Some(_) => Err(r.invalid_type(&"a map")),
    };
    result.map_err(|e| r.fix(e))
}

/// A map (serde's `BTreeMap` as the derive read it), sorted once when read (`from_pairs`: no
/// O(n²) inserts on a large object out of order; a repeated key keeps its last value).
fn sorted_map<T>(
    r: &mut Reader<'_>,
    value: fn(&mut Reader<'_>) -> Result<T>,
) -> Result<SortedMap<String, T>> {
    let mut out = Vec::new();
    map(r, &mut |r, k| {
        out.push((k, value(r)?));
        Ok(())
    })?;
    Ok(SortedMap::from_pairs(out))
}

/// A `Value`.
fn any_value(r: &mut Reader<'_>) -> Result<Value> {
    r.value()
}

/// serde_json's `Map<String, Value>`.
fn value_map(r: &mut Reader<'_>) -> Result<Map<String, Value>> {
    let mut out = Vec::new();
    map(r, &mut |r, k| {
        out.push((k, r.value()?));
        Ok(())
    })?;
    Ok(Map::from_pairs(out))
}

/// `deserialize_seq` ("a sequence") reading each element with `item`.
#[inline(never)]
fn seq(r: &mut Reader<'_>, item: &mut dyn FnMut(&mut Reader<'_>) -> Result<()>) -> Result<()> {
    let result = match r.ws() {
        None => Err(r.peek_error(EOF_VALUE)),
        Some(b'[') => r.container(
            &mut |r| {
                let mut first = true;
                while r.has_next_element(&mut first)? {
                    item(r)?;
                }
                Ok(())
            },
            true,
        ),
        Some(_) => Err(r.invalid_type(&"a sequence")),
    };
    result.map_err(|e| r.fix(e))
}

/// `Vec<T>`.
fn vec<T>(r: &mut Reader<'_>, item: fn(&mut Reader<'_>) -> Result<T>) -> Result<Vec<T>> {
    let mut out = Vec::new();
    seq(r, &mut |r| {
        out.push(item(r)?);
        Ok(())
    })?;
    Ok(out)
}

/// `deserialize_enum` of a derived enum of unit variants (`names`: their spellings): a string,
/// or an object of one member whose value is null.
fn unit_enum(r: &mut Reader<'_>, names: &'static [&'static str]) -> Result<usize> {
    let variant = |r: &mut Reader<'_>, name: &str| {
        names
            .iter()
            .position(|n| *n == name)
            .ok_or_else(|| r.fix(JsonError::unknown_variant(name, names)))
    };
    match r.ws() {
        Some(b'"') => {
            r.eat_char();
            let name = r.parse_str()?;
            variant(r, &name)
        }
        Some(b'{') => {
            r.open()?;
            let ret = (|| {
                match r.ws() {
                    Some(b'"') => {}
                    Some(b'}') => return Err(r.peek_error(EXPECTED_VALUE)),
                    Some(_) => return Err(r.peek_error(KEY_MUST_BE_A_STRING)),
                    None => return Err(r.peek_error(EOF_OBJECT)),
                }
                r.eat_char();
                let name = r.parse_str()?;
                let index = variant(r, &name)?;
                r.colon()?;
                // `unit_variant`: `()`'s `deserialize_unit`.
                match r.ws() {
                    None => return Err(r.peek_error(EOF_VALUE)),
                    Some(b'n') => {
                        r.literal(b'n')?;
                    }
                    Some(_) => return Err(r.invalid_type(&"unit")),
                }
                Ok(index)
            })();
            r.leave();
            let ret = ret?;
            match r.ws() {
                Some(b'}') => {
                    r.eat_char();
                    Ok(ret)
                }
                Some(_) => Err(r.error(EXPECTED_VALUE)),
                None => Err(r.error(EOF_OBJECT)),
            }
        }
        Some(_) => Err(r.peek_error(EXPECTED_VALUE)),
        None => Err(r.peek_error(EOF_VALUE)),
    }
}

const WAITING: &[&str] = &["wait", "wait_until", "wait_for", "quiet_hours", "digest"];
const WAITINGS: [Waiting; 5] =
    [Waiting::Wait, Waiting::WaitUntil, Waiting::WaitFor, Waiting::QuietHours, Waiting::Digest];
const CHANNEL: &[&str] = &["sms", "mms", "whatsapp", "voice", "email", "push", "webhook"];

fn waiting(r: &mut Reader<'_>) -> Result<Waiting> {
    let i = unit_enum(r, WAITING)?;
    Ok(WAITINGS.get(i).copied().unwrap_or(Waiting::Wait))
}

fn channel(r: &mut Reader<'_>) -> Result<Channel> {
    let i = unit_enum(r, CHANNEL)?;
    Ok(Channel::ALL.get(i).copied().unwrap_or(Channel::Sms))
}

// ---- Event.

const EVENT: Shape = Shape {
    name: "struct Event",
    fields: &["name", "time", "properties"],
    defaults: &[false, true, true],
    deny_unknown_fields: false,
};

/// An [`Event`] (the request's `event`, a run's trigger in the state).
pub(crate) fn event(r: &mut Reader<'_>) -> Result<Event> {
    let mut e = Event { name: String::new(), time: None, properties: Map::new() };
    read_struct(r, &EVENT, &mut |r, i| {
        match i {
            0 => e.name = string(r)?,
            1 => e.time = option(r, timestamp)?,
            _ => e.properties = option(r, value_map)?.unwrap_or_default(),
        }
        Ok(())
    })?;
    Ok(e)
}

/// `serde_json::from_str::<Event>`.
pub(crate) fn event_of_text(text: &str) -> Result<Event> {
    let mut r = Reader::new(text);
    let e = event(&mut r)?;
    r.end()?;
    Ok(e)
}

// ---- State.

const STATE: Shape = Shape {
    name: "struct State",
    fields: &["version", "journeys", "sends", "traits"],
    defaults: &[false, true, true, true],
    deny_unknown_fields: true,
};

const JOURNEY_STATE: Shape = Shape {
    name: "struct JourneyState",
    fields: &["last_entry", "run", "keys"],
    defaults: &[true, true, true],
    deny_unknown_fields: true,
};

const KEY_STATE: Shape = Shape {
    name: "struct KeyState",
    fields: &["last_entry", "run"],
    defaults: &[true, true],
    deny_unknown_fields: true,
};

const RUN_STATE: Shape = Shape {
    name: "struct RunState",
    fields: &[
        "step",
        "waiting",
        "until",
        "entered",
        "spent_micros",
        "event",
        "fingerprint",
        "digest",
    ],
    defaults: &[false, false, false, false, true, false, true, true],
    deny_unknown_fields: true,
};

const DIGEST: Shape = Shape {
    name: "struct Digest",
    fields: &["count", "events"],
    defaults: &[false, false],
    deny_unknown_fields: true,
};

const SEND_RECORD: Shape = Shape {
    name: "struct SendRecord",
    fields: &["at", "journey", "channel"],
    defaults: &[false, false, false],
    deny_unknown_fields: true,
};

fn state(r: &mut Reader<'_>) -> Result<State> {
    let mut s = State { version: 0, ..State::default() };
    read_struct(r, &STATE, &mut |r, i| {
        match i {
            0 => s.version = integer(r, "u32", u32_of)?,
            1 => s.journeys = sorted_map(r, journey_state)?,
            2 => s.sends = vec(r, send_record)?,
            _ => s.traits = sorted_map(r, any_value)?,
        }
        Ok(())
    })?;
    Ok(s)
}

fn journey_state(r: &mut Reader<'_>) -> Result<JourneyState> {
    let mut j = JourneyState::default();
    read_struct(r, &JOURNEY_STATE, &mut |r, i| {
        match i {
            0 => j.last_entry = option(r, timestamp)?,
            1 => j.run = option(r, run_state)?,
            _ => j.keys = sorted_map(r, key_state)?,
        }
        Ok(())
    })?;
    Ok(j)
}

fn key_state(r: &mut Reader<'_>) -> Result<KeyState> {
    let mut k = KeyState::default();
    read_struct(r, &KEY_STATE, &mut |r, i| {
        match i {
            0 => k.last_entry = option(r, timestamp)?,
            _ => k.run = option(r, run_state)?,
        }
        Ok(())
    })?;
    Ok(k)
}

fn run_state(r: &mut Reader<'_>) -> Result<RunState> {
    let mut run = RunState {
        step: String::new(),
        waiting: Waiting::Wait,
        until: Timestamp(0),
        entered: Timestamp(0),
        spent_micros: 0,
        event: Event { name: String::new(), time: None, properties: Map::new() },
        fingerprint: None,
        digest: None,
    };
    read_struct(r, &RUN_STATE, &mut |r, i| {
        match i {
            0 => run.step = string(r)?,
            1 => run.waiting = waiting(r)?,
            2 => run.until = timestamp(r)?,
            3 => run.entered = timestamp(r)?,
            4 => run.spent_micros = integer(r, "i64", i64_of)?,
            5 => run.event = event(r)?,
            6 => run.fingerprint = option(r, string)?,
            _ => run.digest = option(r, digest)?,
        }
        Ok(())
    })?;
    Ok(run)
}

fn digest(r: &mut Reader<'_>) -> Result<Digest> {
    let mut d = Digest { count: 0, events: Vec::new() };
    read_struct(r, &DIGEST, &mut |r, i| {
        match i {
            0 => d.count = integer(r, "u64", u64_of)?,
            _ => d.events = vec(r, any_value)?,
        }
        Ok(())
    })?;
    Ok(d)
}

fn send_record(r: &mut Reader<'_>) -> Result<SendRecord> {
    let mut s = SendRecord { at: Timestamp(0), journey: String::new(), channel: Channel::Sms };
    read_struct(r, &SEND_RECORD, &mut |r, i| {
        match i {
            0 => s.at = timestamp(r)?,
            1 => s.journey = string(r)?,
            _ => s.channel = channel(r)?,
        }
        Ok(())
    })?;
    Ok(s)
}

/// `serde_json::from_str::<State>`.
pub(crate) fn state_of_text(text: &str) -> Result<State> {
    let mut r = Reader::new(text);
    let s = state(&mut r)?;
    r.end()?;
    Ok(s)
}

// ---- The main module's options (`program.analyze(options)`) and price tables (`compile`).

/// `program.analyze(options)`'s options, as the JS layer passes them (camelCase keys, already
/// type-checked). The tests hold [`analyze_args_of_text`] to this struct's serde derive.
#[cfg(any(test, feature = "wasm"))]
#[derive(Debug, Default, PartialEq)]
#[cfg_attr(test, derive(serde::Deserialize))]
#[cfg_attr(test, serde(default, rename_all = "camelCase", deny_unknown_fields))]
pub(crate) struct AnalyzeArgs {
    pub country: Option<String>,
    pub interpolation_chars: Option<u32>,
    pub audience: Option<u64>,
    /// A price table to analyse with instead of the program's.
    pub prices: Option<Value>,
}

#[cfg(any(test, feature = "wasm"))]
const ANALYZE_ARGS: Shape = Shape {
    name: "struct AnalyzeArgs",
    fields: &["country", "interpolationChars", "audience", "prices"],
    defaults: &[true, true, true, true],
    deny_unknown_fields: true,
};

/// `serde_json::from_str::<AnalyzeArgs>`.
#[cfg(any(test, feature = "wasm"))]
pub(crate) fn analyze_args_of_text(text: &str) -> Result<AnalyzeArgs> {
    let mut r = Reader::new(text);
    let mut a = AnalyzeArgs::default();
    read_struct(&mut r, &ANALYZE_ARGS, &mut |r, i| {
        match i {
            0 => a.country = option(r, string)?,
            1 => a.interpolation_chars = option(r, |r| integer(r, "u32", u32_of))?,
            2 => a.audience = option(r, |r| integer(r, "u64", u64_of))?,
            _ => a.prices = option(r, any_value)?,
        }
        Ok(())
    })?;
    r.end()?;
    Ok(a)
}

/// `PriceTable::parse` (a `--prices` text, what `compile(source, file, prices)` is given) with
/// this reader in place of serde_json's: the same table or error, message and position.
#[cfg(any(test, feature = "wasm"))]
pub(crate) fn prices_of_text(
    text: &str,
) -> std::result::Result<herald_lang::cost::PriceTable, herald_lang::cost::PriceError> {
    use herald_lang::cost::prices::{PriceError, PriceTable, MAX_TABLE_BYTES};
    if text.len() > MAX_TABLE_BYTES {
        return Err(PriceError::TooBig(text.len()));
    }
    let value = super::parse::value_of_text(text).map_err(|e| PriceError::InvalidJson {
        message: e.to_string().split(" at line ").next().unwrap_or_default().to_string(),
        line: e.line,
        column: e.column,
    })?;
    PriceTable::from_json(&value)
}

#[cfg(test)]
mod tests;
