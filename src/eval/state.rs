//! The state a caller keeps between evaluations of one profile: plain, versioned JSON. It holds,
//! per journey, the last entry and the active run (where it waits, until when, its trigger
//! event, what it has spent), and the recent sends that frequency caps count. It is bounded:
//! sends older than the longest `limit` window are dropped, and a run keeps its trigger event
//! only within `Limits::max_trigger_event_bytes`. docs/evaluation.md documents the format.

use super::error::RequestError;
use super::request::{Event, Timestamp};
use super::{
    MAX_KEY_RECORDS, MAX_STATE_JOURNEYS, MAX_STATE_SENDS, MAX_STATE_TRAITS, MAX_TRIGGER_EVENT_BYTES,
};
use herald_lang::channel::Channel;
use herald_lang::compile::ir::{Step, StepIdx, WaitKind};
use herald_lang::compile::ProgramData;
// The state's maps are sorted vectors (`SortedMap`), not `BTreeMap`s: the same order and
// behaviour, and no B-tree in the WebAssembly runtime module (issue #14, docs/wasm.md).
use herald_lang::sorted::SortedMap;
use serde::{Deserialize, Serialize};

/// The state format this version of herald writes. It reads this one and version 1, whose
/// runs carry no fingerprint: they end (`journey_changed`), since nothing says the journey is
/// still the one they started in (docs/evaluation.md, "State").
///
/// Version 3 (SPEC §6 run forms) adds `journeys.ID.keys` (the runs of a journey with `key`, by
/// key) and `traits` (the values of the traits `when profile.KEY changes` watches, as of the
/// previous evaluation). A version 2 state has neither and reads as such.
///
/// Version 4 (SPEC §6 second wave) adds a run's `digest` (`{"count", "events"}`, from its
/// `digest` step on) and the `waiting` value `"digest"`. A version 3 state has no digest.
pub const STATE_VERSION: u32 = 4;
/// The oldest state format this version reads.
pub const OLDEST_STATE_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    pub version: u32,
    /// By journey id.
    #[serde(default)]
    pub journeys: SortedMap<String, JourneyState>,
    /// Recent sends, oldest first.
    #[serde(default)]
    pub sends: Vec<SendRecord>,
    /// The traits `when profile.KEY changes` watches, as the previous request gave them (null
    /// for an absent trait). Only watched keys, each value at most `MAX_TRAIT_BYTES` (a larger one
    /// is recorded by its hash, see `record_trait`).
    #[serde(default, skip_serializing_if = "SortedMap::is_empty")]
    pub traits: SortedMap<String, herald_lang::json::Value>,
}

impl Default for State {
    fn default() -> Self {
        State {
            version: STATE_VERSION,
            journeys: SortedMap::new(),
            sends: Vec::new(),
            traits: SortedMap::new(),
        }
    }
}

/// The largest trait value (compact JSON) the state records as it is.
pub const MAX_TRAIT_BYTES: usize = 1024;

/// The value the state records for a watched trait: the value itself, or for one larger than
/// `MAX_TRAIT_BYTES`, `{"fnv1a64": "HEX"}` of its compact JSON (a change is still seen; the
/// previous value is then not available as `trigger.from`).
pub fn record_trait(v: &herald_lang::json::Value) -> herald_lang::json::Value {
    let text = super::write::value_text(v);
    if text.len() <= MAX_TRAIT_BYTES {
        return v.clone();
    }
    let hash = herald_lang::compile::names::fnv1a64(text.as_bytes());
    let mut m = herald_lang::json::Map::new();
    m.insert("fnv1a64".into(), herald_lang::json::Value::String(fingerprint_text(hash)));
    herald_lang::json::Value::Object(m)
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JourneyState {
    /// When the profile last entered the journey (for `reentry`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_entry: Option<Timestamp>,
    /// The active run, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<RunState>,
    /// A journey with `key`: its runs by key, each with its own last entry (SPEC §6).
    #[serde(default, skip_serializing_if = "SortedMap::is_empty")]
    pub keys: SortedMap<String, KeyState>,
}

/// One key of a keyed journey: when it last entered, and its active run.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_entry: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<RunState>,
}

/// Why a run is parked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Waiting {
    /// `wait DURATION`
    Wait,
    /// `wait until HH:MM`
    WaitUntil,
    /// `wait for event ...`: `until` is the deadline.
    WaitFor,
    /// A send deferred by quiet hours: `until` is when they end.
    QuietHours,
    /// `digest for D` / `digest until HH:MM`: `until` is when the digest closes.
    Digest,
}

impl From<WaitKind> for Waiting {
    fn from(k: WaitKind) -> Self {
        match k {
            WaitKind::Wait => Waiting::Wait,
            WaitKind::WaitUntil => Waiting::WaitUntil,
            WaitKind::WaitFor => Waiting::WaitFor,
            WaitKind::QuietHours => Waiting::QuietHours,
            WaitKind::Digest => Waiting::Digest,
        }
    }
}

impl From<Waiting> for WaitKind {
    fn from(w: Waiting) -> Self {
        match w {
            Waiting::Wait => WaitKind::Wait,
            Waiting::WaitUntil => WaitKind::WaitUntil,
            Waiting::WaitFor => WaitKind::WaitFor,
            Waiting::QuietHours => WaitKind::QuietHours,
            Waiting::Digest => WaitKind::Digest,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunState {
    /// The id of the step the run is parked at.
    pub step: String,
    pub waiting: Waiting,
    /// When the wait is due (the deadline of a `wait for`).
    pub until: Timestamp,
    /// When the run started.
    pub entered: Timestamp,
    /// What the run's sends have cost so far, in micros of the price table's currency.
    #[serde(default)]
    pub spent_micros: i64,
    /// The event that started the run: what `event.X` reads in later steps.
    pub event: Event,
    /// The journey's fingerprint up to and including `step` when the run parked there: 16
    /// lower-case hex digits of FNV-1a 64 (docs/evaluation.md). Required from version 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// From the run's `digest` step on: the triggers it gathered (version 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<Digest>,
}

/// A run's digest (SPEC §6): how many triggers joined it, the run's own included, and the
/// properties of the latest of them. Bounded: at most `MAX_DIGEST_EVENTS` events and
/// `MAX_DIGEST_BYTES` of their compact JSON (the oldest are dropped first); `count` stays exact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Digest {
    pub count: u64,
    /// Oldest first; each an object (an event's properties).
    pub events: Vec<herald_lang::json::Value>,
}

/// Most events a digest keeps (SPEC §6: the latest 100).
pub const MAX_DIGEST_EVENTS: usize = 100;
/// Most bytes (compact JSON of the properties) a digest's events take: with 20 keyed runs per
/// journey a digest journey stays under 640 KiB of the state's 1 MiB.
pub const MAX_DIGEST_BYTES: usize = 32 * 1024;

impl Digest {
    /// A digest that starts with the run's trigger.
    pub fn start(properties: &herald_lang::json::Map<String, herald_lang::json::Value>) -> Digest {
        let mut d = Digest { count: 0, events: Vec::new() };
        d.join(properties);
        d
    }

    /// One more trigger joins: counted, its properties kept, the oldest dropped past the bounds.
    pub fn join(&mut self, properties: &herald_lang::json::Map<String, herald_lang::json::Value>) {
        self.count = self.count.saturating_add(1);
        let value = herald_lang::json::Value::Object(properties.clone());
        // One event larger than the whole bound is counted with its properties left out.
        let own = json_bytes(&value);
        self.events.push(if own > MAX_DIGEST_BYTES {
            herald_lang::json::Value::Object(herald_lang::json::Map::new())
        } else {
            value
        });
        let mut bytes: usize = self.events.iter().map(json_bytes).sum();
        let mut drop = self.events.len().saturating_sub(MAX_DIGEST_EVENTS);
        for e in self.events.iter().skip(drop) {
            if bytes <= MAX_DIGEST_BYTES {
                break;
            }
            bytes = bytes.saturating_sub(json_bytes(e));
            drop += 1;
        }
        self.events.drain(..drop.min(self.events.len()));
    }
}

fn json_bytes(v: &herald_lang::json::Value) -> usize {
    super::write::value_len(v)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendRecord {
    pub at: Timestamp,
    pub journey: String,
    pub channel: Channel,
}

/// A send as caps count it.
#[derive(Debug, Clone, Copy)]
pub struct SendRec<'s> {
    pub at: i64,
    /// The program's index of the journey, when it still exists.
    pub journey: Option<u32>,
    pub journey_id: &'s str,
    pub channel: Channel,
}

/// A run read from the state and matched against the program.
#[derive(Debug, Clone, Copy)]
pub struct RunIn<'s> {
    pub raw: &'s RunState,
    /// The step it waits at; `None` when the journey changed under the run (`changed` says
    /// how).
    pub step: Option<(StepIdx, &'s Step)>,
    pub changed: Changed,
    pub waiting: WaitKind,
    pub until: i64,
}

/// How a waiting run's journey changed under it, if it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    No,
    /// The step is gone or is another kind of step.
    StepGone,
    /// The journey up to the step differs from the one the run parked in.
    Fingerprint,
    /// A version 1 state: its runs have no fingerprint to compare.
    NoFingerprint,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct JourneyIn<'s> {
    pub last_entry: Option<i64>,
    pub run: Option<RunIn<'s>>,
}

/// One key of a keyed journey, resolved.
#[derive(Debug, Clone, Copy)]
pub struct KeyIn<'s> {
    pub key: &'s str,
    pub last_entry: Option<i64>,
    pub run: Option<RunIn<'s>>,
}

/// A state checked and resolved against a program.
#[derive(Debug, Default)]
pub struct StateIn<'s> {
    /// By program journey index.
    pub journeys: Vec<JourneyIn<'s>>,
    /// Journeys of the state the program no longer has, with their runs.
    pub removed: Vec<(&'s str, &'s JourneyState)>,
    pub sends: Vec<SendRec<'s>>,
    /// By program journey index: the keys of keyed runs.
    pub keys: Vec<Vec<KeyIn<'s>>>,
    /// The traits recorded at the previous evaluation.
    pub traits: Option<&'s SortedMap<String, herald_lang::json::Value>>,
}

/// Check a state and resolve it against the program.
pub fn resolve<'s>(
    prog: &'s ProgramData,
    state: Option<&'s State>,
) -> Result<StateIn<'s>, RequestError> {
    let mut out = StateIn {
        journeys: vec![JourneyIn::default(); prog.journeys.len()],
        removed: Vec::new(),
        sends: Vec::new(),
        keys: vec![Vec::new(); prog.journeys.len()],
        traits: None,
    };
    let Some(state) = state else {
        return Ok(out);
    };
    if !(OLDEST_STATE_VERSION..=STATE_VERSION).contains(&state.version) {
        return Err(RequestError::InvalidState(format!(
            "state version {} is not supported; this herald reads versions \
             {OLDEST_STATE_VERSION} to {STATE_VERSION}",
            state.version
        )));
    }
    if state.sends.len() > MAX_STATE_SENDS {
        return Err(RequestError::StateTooLarge(format!(
            "{} sends recorded; the limit is {}",
            state.sends.len(),
            MAX_STATE_SENDS
        )));
    }
    if state.journeys.len() > MAX_STATE_JOURNEYS {
        return Err(RequestError::StateTooLarge(format!(
            "{} journeys recorded; the limit is {}",
            state.journeys.len(),
            MAX_STATE_JOURNEYS
        )));
    }
    if state.traits.len() > MAX_STATE_TRAITS {
        return Err(RequestError::StateTooLarge(format!(
            "{} traits recorded; the limit is {MAX_STATE_TRAITS}",
            state.traits.len()
        )));
    }
    out.traits = Some(&state.traits);
    for (id, js) in &state.journeys {
        if js.keys.len() > MAX_KEY_RECORDS {
            return Err(RequestError::StateTooLarge(format!(
                "journey \"{id}\" records {} keys; the limit is {MAX_KEY_RECORDS}",
                js.keys.len()
            )));
        }
        let Some(index) = prog.journey_index(id) else {
            out.removed.push((id.as_str(), js));
            continue;
        };
        let run = match &js.run {
            None => None,
            Some(r) => Some(resolve_run(prog, index, id, r, state.version)?),
        };
        if let Some(slot) = out.journeys.get_mut(index) {
            *slot = JourneyIn { last_entry: js.last_entry.map(|t| t.0), run };
        }
        let mut keys = Vec::with_capacity(js.keys.len());
        for (key, ks) in &js.keys {
            let run = match &ks.run {
                None => None,
                Some(r) => Some(resolve_run(prog, index, id, r, state.version)?),
            };
            keys.push(KeyIn { key: key.as_str(), last_entry: ks.last_entry.map(|t| t.0), run });
        }
        if let Some(slot) = out.keys.get_mut(index) {
            *slot = keys;
        }
    }
    for s in &state.sends {
        // Consecutive sends mostly name the same journey: look it up once per run of them.
        let journey = match out.sends.last() {
            Some(prev) if prev.journey_id == s.journey => prev.journey,
            _ => prog.journey_index(&s.journey).and_then(|i| u32::try_from(i).ok()),
        };
        out.sends.push(SendRec { at: s.at.0, journey, journey_id: &s.journey, channel: s.channel });
    }
    Ok(out)
}

fn resolve_run<'s>(
    prog: &'s ProgramData,
    index: usize,
    id: &str,
    r: &'s RunState,
    version: u32,
) -> Result<RunIn<'s>, RequestError> {
    let recorded = match (&r.fingerprint, version) {
        (Some(f), _) => match parse_fingerprint(f) {
            Some(f) => Some(f),
            None => {
                return Err(RequestError::InvalidState(format!(
                    "journeys[\"{id}\"].run.fingerprint must be 16 lower-case hex digits"
                )))
            }
        },
        (None, 1) => None,
        (None, _) => {
            return Err(RequestError::InvalidState(format!(
                "journeys[\"{id}\"].run.fingerprint is required from state version 2"
            )))
        }
    };
    if r.spent_micros < 0 {
        return Err(RequestError::InvalidState(format!(
            "journeys[\"{id}\"].run.spent_micros must not be negative"
        )));
    }
    if r.event.name.is_empty() {
        return Err(RequestError::InvalidState(format!(
            "journeys[\"{id}\"].run.event.name must not be empty"
        )));
    }
    let bytes = properties_bytes(&r.event);
    if bytes > MAX_TRIGGER_EVENT_BYTES {
        return Err(RequestError::StateTooLarge(format!(
            "the event of journey \"{id}\" takes {bytes} bytes; the limit is {}",
            MAX_TRIGGER_EVENT_BYTES
        )));
    }
    if let Some(d) = &r.digest {
        let bytes: usize = d.events.iter().map(json_bytes).sum();
        if d.events.len() > MAX_DIGEST_EVENTS || bytes > MAX_DIGEST_BYTES {
            return Err(RequestError::StateTooLarge(format!(
                "the digest of journey \"{id}\" keeps {} events in {bytes} bytes; the limits are \
                 {MAX_DIGEST_EVENTS} events and {MAX_DIGEST_BYTES} bytes",
                d.events.len()
            )));
        }
        if d.count < d.events.len() as u64
            || !d.events.iter().all(herald_lang::json::Value::is_object)
        {
            return Err(RequestError::InvalidState(format!(
                "journeys[\"{id}\"].run.digest: `count` must be at least the number of `events`, \
                 each an object"
            )));
        }
    }
    let waiting = WaitKind::from(r.waiting);
    let step = prog.journeys.get(index).and_then(|j| {
        let idx = j.find_step(&r.step)?;
        j.step(idx).filter(|s| s.kind.accepts_wait(waiting)).map(|s| (idx, s))
    });
    let (step, changed) = match (step, recorded) {
        (None, _) => (None, Changed::StepGone),
        (Some(_), None) => (None, Changed::NoFingerprint),
        (Some((_, now)), Some(then)) if now.fingerprint != then => (None, Changed::Fingerprint),
        (Some(found), Some(_)) => (Some(found), Changed::No),
    };
    Ok(RunIn { raw: r, step, changed, waiting, until: r.until.0 })
}

/// A fingerprint as the state writes it: 16 lower-case hex digits.
pub fn fingerprint_text(f: u64) -> String {
    format!("{f:016x}")
}

fn parse_fingerprint(text: &str) -> Option<u64> {
    let canonical =
        text.len() == 16 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    canonical.then(|| u64::from_str_radix(text, 16).ok()).flatten()
}

/// The size of an event's properties as compact JSON.
pub fn properties_bytes(event: &Event) -> usize {
    if event.properties.is_empty() {
        return 2;
    }
    super::write::object_len(&event.properties)
}

#[cfg(test)]
mod digest_tests {
    use super::*;
    use crate::json_value as json;
    use herald_lang::json::{Map, Value};

    fn props(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn a_digest_counts_every_trigger_and_keeps_the_latest_within_its_bounds() {
        let mut d = Digest::start(&props(json!({"n": 0})));
        for n in 1..250 {
            d.join(&props(json!({ "n": n })));
        }
        assert_eq!(d.count, 250);
        assert_eq!(d.events.len(), MAX_DIGEST_EVENTS);
        assert_eq!(d.events.first(), Some(&json!({"n": 150})));
        assert_eq!(d.events.last(), Some(&json!({"n": 249})));

        // Large events: the byte bound drops more of the oldest.
        let text = "x".repeat(1000);
        let mut d = Digest::start(&props(json!({ "t": text })));
        for _ in 0..99 {
            d.join(&props(json!({ "t": text })));
        }
        assert_eq!(d.count, 100);
        let bytes: usize = d.events.iter().map(json_bytes).sum();
        assert!(bytes <= MAX_DIGEST_BYTES && d.events.len() == MAX_DIGEST_BYTES / 1008, "{bytes}");

        // One event larger than the whole bound is counted, its properties left out.
        d.join(&props(json!({ "t": "y".repeat(MAX_DIGEST_BYTES) })));
        assert_eq!(d.count, 101);
        assert_eq!(d.events.last(), Some(&json!({})));
    }
}
