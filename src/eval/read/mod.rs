//! The request path: the one place that knows the request format (SPEC §2, "Request").
//!
//! - `keys`: every name of the format (request fields, profile keys, past event members),
//!   spelled once; the npm package's `pkg/js/format.js` is generated from it.
//! - `rules`: what each value must be and what it means, with typed errors ([`RuleError`]),
//!   applied by every reader below.
//! - `scan`: a JSON tokenizer that knows nothing of requests.
//! - `parse`: serde_json's reader by hand (values, and serde_json's message and position for
//!   every error); `typed`: the event, the state and the prices read with it as serde's derives
//!   read them.
//! - `fast`: the fast reader, the tokenizer driven by the rules; it answers only when it can
//!   answer exactly as `text` would, and leaves everything else (and every error) to it.
//! - `text`: the reader of the rest, `parse` driven as serde's seeds drove serde_json, with
//!   serde's messages and positions; `seed` (tests only) is that serde reader, its oracle.
//! - `value`: the reader of a parsed [`Request`](crate::eval::Request) (`Program::evaluate`).
//!
//! All three produce the same [`Parsed`] request (the profile as evaluation reads it, the rest
//! as raw text read afterwards), so the evaluation after them is one. No serde deserializer is
//! used outside the tests.

mod fast;
pub(crate) mod keys;
pub(crate) mod parse;
pub(crate) mod rules;
pub(crate) mod scan;
#[cfg(test)]
mod seed;
mod text;
pub(crate) mod typed;
mod value;

pub(crate) use value::read_profile_map;

use super::error::RequestError;
use super::input::ProfileData;
use super::request::{Event, Timestamp};
use herald_lang::compile::ProgramData;

/// A request as read from text; the event, state and prices stay JSON text.
pub(crate) struct Parsed<'de> {
    pub now: Timestamp,
    pub profile: ProfileData<'de>,
    pub event: Option<&'de str>,
    pub state: Option<&'de str>,
    pub prices: Option<&'de str>,
    pub explain: bool,
}

/// Reads a request text for `prog`: fast when it can, else by the reader with serde's errors.
pub(crate) fn request<'de>(
    prog: &ProgramData,
    text: &'de str,
) -> Result<Parsed<'de>, RequestError> {
    match fast::read(prog, text) {
        Some(parsed) => Ok(parsed),
        None => text::read(prog, text),
    }
}

/// Reads the raw text `raw` of the request `text`'s `event`, and checks it.
pub(crate) fn event(text: &str, raw: &str) -> Result<Event, RequestError> {
    // The fast reader answers as serde would, or not at all (then the typed reader reads it,
    // and reports any error with serde's message).
    let event = match fast::read_event(raw) {
        Some(event) => event,
        None => typed::event_of_text(raw).map_err(|e| {
            RequestError::from_serde_in(&e, text, raw, "event", RequestError::InvalidRequest)
        })?,
    };
    rules::check_event(&event)?;
    Ok(event)
}

#[cfg(test)]
pub(crate) use seed::read as read_with_serde;
