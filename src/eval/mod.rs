//! Evaluation (SPEC §2): `Program::evaluate(request) -> response`, a pure function. herald
//! stores nothing: the caller keeps `response.state` and hands it back with the profile's next
//! request. Nothing here reads a clock, draws a random number or panics.
//!
//! The modules: `request`/`response`/`state` are the JSON contract; `read/` is the request path
//! (the format's names, its rules and the readers, docs/architecture.md), `input` the profile
//! as evaluation reads it (`json` is the text entry point, `ndjson` the streaming one); `expr` and `value` evaluate conditions; `run` is the run state
//! machine, `send` the send step, `split` the deterministic split, `time` instants and local
//! time, `trace` the explain trace, `costing` the door to the cost model. docs/evaluation.md
//! describes the semantics as built.

mod costing;
mod error;
mod expr;
mod functions;
mod idempotency;
mod input;
mod json;
mod locate;
pub(crate) mod ndjson;
mod prepared;
// `pub(crate)`: the simulator reads Segment messages with the same JSON tokenizer (`read::scan`).
pub(crate) mod read;
mod request;
mod response;
mod run;
mod send;
mod split;
mod state;
mod time;
mod trace;
mod value;
pub(crate) mod write;

pub use costing::{Cost, Total};
pub use error::{Location, RequestError};
pub use ndjson::{StreamOptions, StreamStats};
pub use prepared::PreparedProfile;
pub use read::keys::{PastEventKey, ProfileKey, RequestField};
pub use read::rules::RuleError;
pub use request::{Event, Request, Timestamp};
pub use response::{Action, Decision, Reason, Response};
pub use state::{
    JourneyState, KeyState, RunState, SendRecord, State, Waiting, MAX_TRAIT_BYTES, STATE_VERSION,
};
pub use trace::{TraceEntry, TraceValue};

use crate::Program;
use costing::Pricing;
use expr::Ctx;
use herald_lang::compile::ProgramData;
use herald_lang::cost::PriceTable;
use herald_lang::sorted::SortedMap;
use input::{EventView, ProfileData};
use run::{Evaluation, JourneyOut, RunEvent};
use state::{SendRec, StateIn};
use std::sync::Arc;

/// Largest request text `evaluate_json` reads.
pub const MAX_REQUEST_BYTES: usize = 4 * 1024 * 1024;
/// Most entries of `profile.events`.
pub const MAX_PROFILE_EVENTS: usize = 1_000;
/// Largest state text `evaluate_json` reads.
pub const MAX_STATE_BYTES: usize = 1024 * 1024;
/// Most journeys a state may record.
pub const MAX_STATE_JOURNEYS: usize = 4_096;
/// Most sends a state may record (caps never need more: history is pruned to what the limits
/// can still count).
pub const MAX_STATE_SENDS: usize = 1_000;
/// Largest trigger event (its properties as compact JSON) a run keeps. A larger event is kept
/// with only the properties the program reads.
pub const MAX_TRIGGER_EVENT_BYTES: usize = 4 * 1024;
/// Most runs of a journey with `key` one profile can have at once (SPEC §6); a trigger for a
/// new key past it is ignored and the trace says so.
pub const MAX_KEYED_RUNS: usize = 20;
/// Most keys a keyed journey records: its active runs and as many ended keys (kept for
/// `reentry`; the oldest entries are forgotten first).
pub const MAX_KEY_RECORDS: usize = 2 * MAX_KEYED_RUNS;
/// Longest run key, in bytes; a trigger whose key is longer is ignored (trace says so).
pub const MAX_KEY_BYTES: usize = 256;
/// Most traits a state records (one per watched trait, fewer than the program's clauses).
pub const MAX_STATE_TRAITS: usize = 256;
/// Most entries of an explain trace.
pub const MAX_TRACE_ENTRIES: usize = 10_000;

impl Program {
    /// Evaluate one request. Pure: the same program and request give the same response.
    pub fn evaluate(&self, request: &Request) -> Result<Response, RequestError> {
        let prog: &ProgramData = &self.inner;
        let profile = read::read_profile_map(prog, &request.profile)?;
        if let Some(e) = &request.event {
            read::rules::check_event(e)?;
        }
        let state_in = state::resolve(prog, request.state.as_ref())?;
        let own = request_prices(request.prices.as_ref())?;
        let pricing = Pricing { table: own.as_ref().unwrap_or_else(|| prog.prices()) };
        evaluate_resolved(
            prog,
            request.now.0,
            &profile,
            request.event.as_ref(),
            &state_in,
            request.explain,
            pricing,
        )
    }

    /// One JSON request text in, one JSON response text out; a request that cannot be
    /// evaluated gives `{"error": {"code": "...", "message": "..."}}`. What `herald eval` and
    /// the npm `evaluateJson` call.
    pub fn evaluate_json(&self, text: &str) -> String {
        match json::evaluate_text(&self.inner, text) {
            Ok(s) => s,
            Err(e) => e.to_json(),
        }
    }

    /// Like `evaluate_json`, with the error as a value.
    pub fn try_evaluate_json(&self, text: &str) -> Result<String, RequestError> {
        json::evaluate_text(&self.inner, text)
    }
}

/// The request's price table, when it brings one.
pub(crate) fn request_prices(
    prices: Option<&herald_lang::json::Value>,
) -> Result<Option<PriceTable>, RequestError> {
    match prices {
        None | Some(herald_lang::json::Value::Null) => Ok(None),
        Some(v) => PriceTable::from_json(v)
            .map(Some)
            .map_err(|e| RequestError::InvalidPrices(e.to_string())),
    }
}

/// The evaluation proper, once the request is read and checked.
pub(crate) fn evaluate_resolved<'a>(
    prog: &'a ProgramData,
    now: i64,
    profile: &'a ProfileData<'a>,
    event: Option<&'a Event>,
    state_in: &StateIn<'a>,
    explain: bool,
    pricing: Pricing<'a>,
) -> Result<Response, RequestError> {
    // `when profile.KEY changes`: the watched traits, their values now and as recorded.
    let watched = watched_traits(prog);
    let change_events: Vec<(&str, Event)> = watched
        .iter()
        .filter_map(|(key, slot)| {
            let before = state_in.traits.and_then(|t| t.get(*key))?;
            let now_value = profile.slot(*slot).cloned().unwrap_or(herald_lang::json::Value::Null);
            if state::record_trait(&now_value) == *before {
                return None;
            }
            let mut properties = herald_lang::json::Map::new();
            properties.insert("from".into(), before.clone());
            properties.insert("to".into(), now_value);
            let name = format!("profile.{key} changes");
            Some((*key, Event { name, time: Some(Timestamp(now)), properties }))
        })
        .collect();
    let overlay = expr::Overlay::default();
    let zone = time::recipient_zone(
        herald_lang::tz::Zones::embedded(),
        profile.timezone.as_deref(),
        prog.default_tz,
    )?;
    let ctx = Ctx { prog, profile, now, zone, sets: Some(&overlay) };
    let changes: Vec<run::TraitChange<'_>> = change_events
        .iter()
        .map(|(key, e)| run::TraitChange { key, source: e, event: EventView::new(prog, e, now) })
        .collect();
    let incoming = event.map(|e| EventView::new(prog, e, now));
    let mut ev = Evaluation::new(ctx, incoming, explain, pricing, state_in.sends.clone());
    let mut outs: Vec<JourneyOut<'_>> = Vec::with_capacity(prog.journeys.len());
    for (ji, j) in prog.journeys.iter().enumerate() {
        let jin = state_in.journeys.get(ji).copied().unwrap_or_default();
        let keys = state_in.keys.get(ji).map_or(&[][..], Vec::as_slice);
        let index = u32::try_from(ji).unwrap_or(u32::MAX);
        outs.push(ev.journey(index, j, &jin, keys, &changes));
    }
    // Runs of journeys the program no longer has end, after every journey of the file.
    for (id, js) in &state_in.removed {
        let journey: Arc<str> = Arc::from(*id);
        let keyed = js.keys.iter().filter_map(|(k, ks)| Some((Some(k.as_str()), ks.run.as_ref()?)));
        for (key, run) in js.run.iter().map(|r| (None, r)).chain(keyed) {
            let step: Arc<str> = Arc::from(run.step.as_str());
            let mut d = Decision::new(&journey, Some(&step), Action::Exit, now);
            d.reason = Some(Reason::JourneyChanged);
            d.run_key = key.map(Arc::from);
            ev.decisions.push(d);
        }
    }
    if ev.trace_overflow {
        return Err(RequestError::TraceTooLarge { limit: MAX_TRACE_ENTRIES });
    }
    if let Some(what) = ev.internal.take() {
        return Err(RequestError::Internal(what));
    }
    // Every send's idempotency key, now that keyed runs have tagged their decisions.
    for d in ev.decisions.iter_mut().filter(|d| d.action == Action::Send) {
        // A send is always taken at a step on a channel (`send.rs`): a key made without them
        // could equal another send's and have a host refuse a message as a duplicate.
        let (Some(step), Some(channel)) = (d.step.as_deref(), d.channel.map(|c| c.name())) else {
            return Err(RequestError::Internal(format!(
                "a send decision of journey \"{}\" without its step or channel",
                d.journey
            )));
        };
        d.idempotency_key = Some(idempotency::key(
            &profile.id,
            &d.journey,
            d.run_entered,
            d.run_trigger_time,
            d.run_key.as_deref(),
            step,
            channel,
        ));
    }
    let mut stored_incoming: Option<Event> = None;
    let mut journeys = SortedMap::new();
    let mut wake_at: Option<i64> = None;
    for (j, out) in prog.journeys.iter().zip(outs) {
        if out.last_entry.is_none() && out.run.is_none() && out.keys.is_empty() {
            continue;
        }
        let mut keep = |r: Option<run::RunOut<'_>>| -> Result<Option<RunState>, RequestError> {
            let Some(r) = r else { return Ok(None) };
            wake_at = Some(wake_at.map_or(r.until, |w| w.min(r.until)));
            let event = match r.event {
                RunEvent::Stored(rs) => rs.event.clone(),
                RunEvent::Incoming => match &stored_incoming {
                    Some(e) => e.clone(),
                    None => {
                        let e = keepable_event(prog, event, now)?;
                        stored_incoming = Some(e.clone());
                        e
                    }
                },
                RunEvent::Changed(e) => keepable_event(prog, Some(e), now)?,
            };
            let digest = match r.digest {
                run::RunDigest::None => None,
                run::RunDigest::Stored(d) => Some(d.clone()),
                run::RunDigest::Started => Some(state::Digest::start(&event.properties)),
                run::RunDigest::Joined(before, properties) => {
                    let mut d = match before {
                        Some(d) => d.clone(),
                        None => state::Digest::start(&event.properties),
                    };
                    d.join(properties);
                    Some(d)
                }
            };
            Ok(Some(RunState {
                digest,
                step: r.step.id.to_string(),
                fingerprint: Some(state::fingerprint_text(r.step.fingerprint)),
                waiting: r.waiting.into(),
                until: Timestamp(r.until),
                entered: Timestamp(r.entered),
                spent_micros: r.spent,
                event,
            }))
        };
        let run = keep(out.run)?;
        let mut keys = SortedMap::new();
        for k in out.keys {
            let run = keep(k.run)?;
            let last_entry = k.last_entry.map(Timestamp);
            keys.insert(k.key.to_string(), KeyState { last_entry, run });
        }
        journeys.insert(
            j.id.to_string(),
            JourneyState { last_entry: out.last_entry.map(Timestamp), run, keys },
        );
    }
    // The watched traits as this evaluation saw them in the request (SPEC §6: "the one the
    // state recorded at this profile's previous evaluation"), so that a `set` the host applies
    // is a change the next evaluation sees: one journey's `set` can start another.
    let traits: SortedMap<String, herald_lang::json::Value> =
        SortedMap::from_iter(watched.iter().map(|(key, slot)| {
            let v = profile.slot(*slot).cloned().unwrap_or(herald_lang::json::Value::Null);
            (key.to_string(), state::record_trait(&v))
        }));
    let sends = prune_sends(prog, &ev.history, now);
    let total_cost = ev.pricing.total(ev.total_micros);
    Ok(Response {
        decisions: ev.decisions,
        state: State { version: STATE_VERSION, journeys, sends, traits },
        wake_at: wake_at.map(Timestamp),
        total_cost,
        trace: explain.then_some(ev.trace),
    })
}

/// The traits `when profile.KEY changes` watches, each once, with its slot.
fn watched_traits(prog: &ProgramData) -> Vec<(&str, herald_lang::compile::ir::SlotId)> {
    let mut out: Vec<(&str, herald_lang::compile::ir::SlotId)> = Vec::new();
    for t in prog.journeys.iter().flat_map(|j| j.trait_triggers.iter()) {
        if !out.iter().any(|(k, _)| *k == &*t.key) {
            out.push((&t.key, t.slot));
        }
    }
    out
}

/// The incoming event as a run keeps it: with its time, and within the size limit (keeping
/// only the properties the program reads when the whole event is too large).
fn keepable_event(
    prog: &ProgramData,
    event: Option<&Event>,
    now: i64,
) -> Result<Event, RequestError> {
    let Some(e) = event else {
        return Err(RequestError::InvalidRequest("a run started without an event".into()));
    };
    let mut kept = Event {
        name: e.name.clone(),
        time: Some(Timestamp(e.time.map_or(now, |t| t.0))),
        properties: e.properties.clone(),
    };
    if state::properties_bytes(&kept) <= MAX_TRIGGER_EVENT_BYTES {
        return Ok(kept);
    }
    kept.properties.retain(|k, _| prog.event_keys.get(k).is_some());
    let bytes = state::properties_bytes(&kept);
    if bytes <= MAX_TRIGGER_EVENT_BYTES {
        Ok(kept)
    } else {
        Err(RequestError::EventTooLarge { bytes, limit: MAX_TRIGGER_EVENT_BYTES })
    }
}

/// The sends the state keeps: for each limit, the most recent `count` sends it counts that are
/// still inside its window; nothing else can ever matter to a cap. Oldest first.
fn prune_sends(prog: &ProgramData, history: &[SendRec<'_>], now: i64) -> Vec<SendRecord> {
    if history.is_empty() {
        return Vec::new();
    }
    let mut order: Vec<usize> = (0..history.len()).collect();
    herald_lang::sort::sort_by_key(&mut order, |&i| history.get(i).map_or(0, |r| r.at));
    let mut keep = vec![false; history.len()];
    let limits =
        prog.policy_limits.iter().chain(prog.journeys.iter().flat_map(|j| j.limits.iter()));
    for limit in limits {
        let from = now.saturating_sub(limit.window_ms);
        let mut taken: u64 = 0;
        for &i in order.iter().rev() {
            let Some(r) = history.get(i) else { continue };
            if taken >= u64::from(limit.count) || r.at <= from {
                break;
            }
            if limit.channel.is_some_and(|c| c != r.channel) {
                continue;
            }
            match limit.scope {
                herald_lang::compile::ir::LimitScope::Journey(owner)
                    if r.journey != Some(owner) =>
                {
                    continue
                }
                herald_lang::compile::ir::LimitScope::Policy
                    if prog.is_transactional(r.journey) =>
                {
                    continue
                }
                _ => {}
            }
            if let Some(k) = keep.get_mut(i) {
                *k = true;
            }
            taken += 1;
        }
    }
    let kept: Vec<usize> =
        order.into_iter().filter(|&i| keep.get(i).copied().unwrap_or(false)).collect();
    let skip = kept.len().saturating_sub(MAX_STATE_SENDS);
    kept.into_iter()
        .skip(skip)
        .filter_map(|i| history.get(i))
        .map(|r| SendRecord {
            at: Timestamp(r.at),
            journey: match r.journey.and_then(|ji| prog.journeys.get(ji as usize)) {
                Some(j) => j.id.to_string(),
                None => r.journey_id.to_string(),
            },
            channel: r.channel,
        })
        .collect()
}

#[cfg(test)]
mod tests;
