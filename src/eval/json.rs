//! `evaluate_json`: request text in, response text out, without an intermediate
//! `serde_json::Value` for the request. The envelope is read with borrowed raw sub-documents;
//! the profile then goes through the program's seed (only the keys the program reads are
//! built), the state and prices are read apart so their errors get their own codes, and the
//! response is serialized straight into one string.

use super::error::RequestError;
use super::request::{Event, Timestamp};
use super::state::{self, State};
use super::{input, MAX_REQUEST_BYTES, MAX_STATE_BYTES};
use crate::compile::ProgramData;
use serde::Deserialize;
use serde_json::value::RawValue;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequest<'a> {
    now: Timestamp,
    #[serde(borrow)]
    profile: &'a RawValue,
    #[serde(default, borrow)]
    event: Option<&'a RawValue>,
    #[serde(default, borrow)]
    state: Option<&'a RawValue>,
    #[serde(default, borrow)]
    prices: Option<&'a RawValue>,
    #[serde(default)]
    explain: bool,
}

pub(crate) fn evaluate_text(prog: &ProgramData, text: &str) -> Result<String, RequestError> {
    if text.len() > MAX_REQUEST_BYTES {
        return Err(RequestError::RequestTooLarge { bytes: text.len(), limit: MAX_REQUEST_BYTES });
    }
    let raw: RawRequest<'_> =
        serde_json::from_str(text).map_err(|e| RequestError::from_serde(&e, ""))?;
    let mut de = serde_json::Deserializer::from_str(raw.profile.get());
    let profile = input::read_profile(prog, &mut de)?;
    let event: Option<Event> = match raw.event {
        None => None,
        Some(r) => {
            Some(serde_json::from_str(r.get()).map_err(|e| RequestError::from_serde(&e, "event"))?)
        }
    };
    if let Some(e) = &event {
        input::check_event(e)?;
    }
    let state: Option<State> = match raw.state {
        None => None,
        Some(r) if r.get().len() > MAX_STATE_BYTES => {
            return Err(RequestError::StateTooLarge(format!(
                "the state is {} bytes; the limit is {MAX_STATE_BYTES}",
                r.get().len()
            )))
        }
        Some(r) => Some(
            serde_json::from_str(r.get())
                .map_err(|e| RequestError::InvalidState(super::error::without_position(&e)))?,
        ),
    };
    let state_in = state::resolve(prog, state.as_ref())?;
    let prices: Option<serde_json::Value> = match raw.prices {
        None => None,
        Some(r) => Some(
            serde_json::from_str(r.get())
                .map_err(|e| RequestError::InvalidPrices(super::error::without_position(&e)))?,
        ),
    };
    let own = super::request_prices(prices.as_ref())?;
    let pricing = super::costing::Pricing { table: own.as_ref().unwrap_or_else(|| prog.prices()) };
    let response = super::evaluate_resolved(
        prog,
        raw.now.0,
        &profile,
        event.as_ref(),
        &state_in,
        raw.explain,
        pricing,
    )?;
    serde_json::to_string(&response).map_err(|e| {
        RequestError::InvalidRequest(format!("the response could not be written: {e}"))
    })
}
