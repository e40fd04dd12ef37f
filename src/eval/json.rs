//! `evaluate_json`: request text in, response text out, without an intermediate
//! `serde_json::Value` for the request. The request is read in one pass: the profile goes
//! through the program's seed as it is met (only the keys the program reads are built), while
//! the event, the state and the prices are kept as borrowed raw JSON and read afterwards, so
//! their errors get their own codes. The response is serialized straight into one string.

use super::error::RequestError;
use super::fast::Parsed;
use super::input;
use super::request::{Event, Timestamp};
use super::seed::ProfileSeed;
use super::state::{self, State};
use super::{MAX_PROFILE_EVENTS, MAX_REQUEST_BYTES, MAX_STATE_BYTES};
use crate::compile::ProgramData;
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

const FIELDS: &[&str] = &["now", "profile", "event", "state", "prices", "explain"];

struct RequestSeed<'p> {
    prog: &'p ProgramData,
    too_many: &'p Cell<Option<usize>>,
    /// The top-level field being read, so an error can name it (serde's messages do not).
    field: &'p Cell<&'static str>,
}

impl<'de> DeserializeSeed<'de> for RequestSeed<'_> {
    type Value = Parsed<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RequestSeed<'_> {
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
            self.field.set(FIELDS.iter().copied().find(|f| *f == key.as_ref()).unwrap_or(""));
            match key.as_ref() {
                "now" => now = Some(map.next_value::<Timestamp>()?),
                "profile" => {
                    let seed = ProfileSeed { prog: self.prog, too_many: self.too_many };
                    profile = Some(map.next_value_seed(seed)?);
                }
                "event" => event = map.next_value()?,
                "state" => state = map.next_value()?,
                "prices" => prices = map.next_value()?,
                "explain" => explain = map.next_value()?,
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            }
            self.field.set("");
        }
        let now = now.ok_or_else(|| de::Error::missing_field("now"))?;
        let profile = profile.ok_or_else(|| de::Error::missing_field("profile"))?;
        let (event, state, prices) =
            (event.map(RawValue::get), state.map(RawValue::get), prices.map(RawValue::get));
        Ok(Parsed { now, profile, event, state, prices, explain })
    }
}

/// The request read by serde (the reference reader, with its error messages): what the fast
/// reader (`fast.rs`) leaves to it.
pub(super) fn read_with_serde<'de>(
    prog: &ProgramData,
    text: &'de str,
) -> Result<Parsed<'de>, RequestError> {
    let too_many = Cell::new(None);
    let field = Cell::new("");
    let mut de = serde_json::Deserializer::from_str(text);
    RequestSeed { prog, too_many: &too_many, field: &field }
        .deserialize(&mut de)
        .and_then(|p| de.end().map(|()| p))
        .map_err(|e| match too_many.get() {
            Some(count) => RequestError::TooManyEvents { count, limit: MAX_PROFILE_EVENTS },
            None => RequestError::from_serde_in(&e, text, text, "", RequestError::InvalidRequest),
        })
}

pub(crate) fn evaluate_text(prog: &ProgramData, text: &str) -> Result<String, RequestError> {
    if text.len() > MAX_REQUEST_BYTES {
        return Err(RequestError::RequestTooLarge { bytes: text.len(), limit: MAX_REQUEST_BYTES });
    }
    let parsed = match super::fast::read(prog, text) {
        Some(parsed) => parsed,
        None => read_with_serde(prog, text)?,
    };
    evaluate_parsed(prog, text, parsed)
}

/// The rest of `evaluate_text`, once the request is read (by either reader).
pub(super) fn evaluate_parsed(
    prog: &ProgramData,
    text: &str,
    parsed: Parsed<'_>,
) -> Result<String, RequestError> {
    let event: Option<Event> = match parsed.event {
        None => None,
        // The fast reader answers as serde would, or not at all (then serde reads it, and
        // reports any error with its message).
        Some(r) => Some(match super::fast::read_event(r) {
            Some(event) => event,
            None => serde_json::from_str(r).map_err(|e| {
                RequestError::from_serde_in(&e, text, r, "event", RequestError::InvalidRequest)
            })?,
        }),
    };
    if let Some(e) = &event {
        input::check_event(e)?;
    }
    let state: Option<State> = match parsed.state {
        None => None,
        Some(r) if r.len() > MAX_STATE_BYTES => {
            return Err(RequestError::StateTooLarge(format!(
                "the state is {} bytes; the limit is {MAX_STATE_BYTES}",
                r.len()
            )))
        }
        Some(r) => Some(serde_json::from_str(r).map_err(|e| {
            RequestError::from_serde_in(&e, text, r, "state", RequestError::InvalidState)
        })?),
    };
    let state_in = state::resolve(prog, state.as_ref())?;
    let prices: Option<serde_json::Value> = match parsed.prices {
        None => None,
        Some(r) => Some(serde_json::from_str(r).map_err(|e| {
            RequestError::from_serde_in(&e, text, r, "prices", RequestError::InvalidPrices)
        })?),
    };
    let own = super::request_prices(prices.as_ref())?;
    let pricing = super::costing::Pricing { table: own.as_ref().unwrap_or_else(|| prog.prices()) };
    let response = super::evaluate_resolved(
        prog,
        parsed.now.0,
        &parsed.profile,
        event.as_ref(),
        &state_in,
        parsed.explain,
        pricing,
    )?;
    if let Some(text) = super::write::response(&response) {
        return Ok(text);
    }
    let mut out = Output(Vec::with_capacity(1024));
    serde_json::to_writer(&mut out, &response)
        .map_err(|e| e.to_string())
        .and_then(|()| String::from_utf8(out.0).map_err(|e| e.to_string()))
        .map_err(|e| {
            RequestError::InvalidRequest(format!("the response could not be written: {e}"))
        })
}

/// The response's bytes. serde_json writes a response in many small pieces: appending them
/// here, inline, costs a fraction of a call into `Vec`'s general `extend_from_slice` per piece
/// (most are one byte: quotes, colons, commas).
struct Output(Vec<u8>);

impl std::io::Write for Output {
    #[inline(always)]
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    #[inline(always)]
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let [byte] = buf {
            self.0.push(*byte);
        } else {
            self.0.extend_from_slice(buf);
        }
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
