//! `evaluate_json`: request text in, response text out, without an intermediate
//! `herald_lang::json::Value` for the request. `read/` reads the request (the profile as it is met,
//! only the keys the program reads built; the event, the state and the prices as borrowed raw
//! JSON read afterwards, so their errors get their own codes). The response is written
//! straight into one string (`write.rs`).

use super::error::RequestError;
use super::read::{self, Parsed};
use super::request::Event;
use super::state::{self, State};
use super::{MAX_REQUEST_BYTES, MAX_STATE_BYTES};
use herald_lang::compile::ProgramData;

pub(crate) fn evaluate_text(prog: &ProgramData, text: &str) -> Result<String, RequestError> {
    if text.len() > MAX_REQUEST_BYTES {
        return Err(RequestError::RequestTooLarge { bytes: text.len(), limit: MAX_REQUEST_BYTES });
    }
    let parsed = read::request(prog, text)?;
    evaluate_parsed(prog, text, parsed)
}

/// The rest of `evaluate_text`, once the request is read (by either reader).
pub(crate) fn evaluate_parsed(
    prog: &ProgramData,
    text: &str,
    parsed: Parsed<'_>,
) -> Result<String, RequestError> {
    let event: Option<Event> = parsed.event.map(|raw| read::event(text, raw)).transpose()?;
    let state: Option<State> = match parsed.state {
        None => None,
        Some(r) if r.len() > MAX_STATE_BYTES => {
            return Err(RequestError::StateTooLarge(format!(
                "the state is {} bytes; the limit is {MAX_STATE_BYTES}",
                r.len()
            )))
        }
        Some(r) => Some(read::typed::state_of_text(r).map_err(|e| {
            RequestError::from_serde_in(&e, text, r, "state", RequestError::InvalidState)
        })?),
    };
    let state_in = state::resolve(prog, state.as_ref())?;
    let prices: Option<herald_lang::json::Value> = match parsed.prices {
        None => None,
        Some(r) => Some(read::parse::value_of_text(r).map_err(|e| {
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
    Ok(super::write::response(&response))
}
