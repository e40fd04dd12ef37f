//! What a replay adds up to (SPEC §7): per journey entries, sends by channel, suppressions by
//! reason, deferrals, exits by reason and cost; and for the whole file profiles, messages,
//! skipped and bad lines, evaluations, stopped users and the total cost. Summaries of parts
//! (batches of users replayed on other threads) merge in user order, so the result does not
//! depend on how the work was split.

use super::user::UserError;
use crate::eval::{Action, Decision, Timestamp};
use herald_lang::channel::Channel;
use herald_lang::cost::{Amount, Currency};
use herald_lang::sorted::SortedMap;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// How many bad line numbers and stopped users a summary names.
pub const FIRST_N: usize = 10;

/// One journey's figures.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JourneyStats {
    pub entries: u64,
    /// By channel, in `Channel::ALL` order.
    pub sends: [u64; 7],
    pub suppressed: SortedMap<&'static str, u64>,
    pub deferred: u64,
    pub exits: SortedMap<&'static str, u64>,
    pub cost_micros: i64,
}

impl JourneyStats {
    pub fn sends_of(&self, channel: Channel) -> u64 {
        let i = Channel::ALL.iter().position(|c| *c == channel).unwrap_or(0);
        self.sends.get(i).copied().unwrap_or(0)
    }

    fn add(&mut self, other: &JourneyStats) {
        self.entries += other.entries;
        for (a, b) in self.sends.iter_mut().zip(other.sends) {
            *a += b;
        }
        for (k, v) in &other.suppressed {
            add_count(&mut self.suppressed, k, *v);
        }
        self.deferred += other.deferred;
        for (k, v) in &other.exits {
            add_count(&mut self.exits, k, *v);
        }
        self.cost_micros = self.cost_micros.saturating_add(other.cost_micros);
    }
}

/// A user the replay stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoppedUser {
    pub user: String,
    pub error: UserError,
}

/// A replay's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub profiles: u64,
    /// Identify and track messages replayed.
    pub messages: u64,
    /// Messages of other types (`page`, `screen`, `group`, `alias`...).
    pub skipped: u64,
    /// Lines that are not messages.
    pub errors: u64,
    /// The first `FIRST_N` of them (1-based line numbers).
    pub error_lines: Vec<u64>,
    pub evaluations: u64,
    /// Users stopped early, and the first `FIRST_N` of them.
    pub stopped: u64,
    pub stopped_users: Vec<StoppedUser>,
    /// Ticks went on until this instant.
    pub until: Option<i64>,
    /// In the program's journey order (journeys only decisions name come after).
    pub journeys: Vec<(String, JourneyStats)>,
    pub currency: Currency,
}

impl Summary {
    /// An empty summary with a row for each of the program's journeys.
    pub fn new(journey_ids: &[&str], currency: Currency) -> Summary {
        Summary {
            profiles: 0,
            messages: 0,
            skipped: 0,
            errors: 0,
            error_lines: Vec::new(),
            evaluations: 0,
            stopped: 0,
            stopped_users: Vec::new(),
            until: None,
            journeys: journey_ids
                .iter()
                .map(|id| (id.to_string(), JourneyStats::default()))
                .collect(),
            currency,
        }
    }

    /// Count one decision.
    pub fn record(&mut self, d: &Decision) {
        let Some(stats) = self.journey_mut(&d.journey) else { return };
        let reason = d.reason.map(|r| r.name());
        match d.action {
            Action::Enter => stats.entries += 1,
            Action::Send => {
                if let Some(c) = d.channel {
                    let i = Channel::ALL.iter().position(|x| *x == c).unwrap_or(0);
                    if let Some(n) = stats.sends.get_mut(i) {
                        *n += 1;
                    }
                }
                let micros = d.cost.as_ref().map_or(0, |c| c.micros);
                stats.cost_micros = stats.cost_micros.saturating_add(micros);
            }
            Action::Suppress => add_count(&mut stats.suppressed, reason.unwrap_or("unknown"), 1),
            Action::Defer => stats.deferred += 1,
            Action::Exit => add_count(&mut stats.exits, reason.unwrap_or("unknown"), 1),
            // Actions added later (`update`) have no column.
            #[allow(unreachable_patterns)]
            _ => {}
        }
    }

    /// A user's replay stopped early.
    pub fn stop(&mut self, user: &str, error: UserError) {
        self.stopped += 1;
        if self.stopped_users.len() < FIRST_N {
            self.stopped_users.push(StoppedUser { user: user.to_string(), error });
        }
    }

    /// The row of a journey, added at the end when it has none yet.
    fn journey_mut(&mut self, id: &str) -> Option<&mut JourneyStats> {
        match self.journeys.iter().position(|(j, _)| j == id) {
            Some(i) => self.journeys.get_mut(i).map(|(_, s)| s),
            None => {
                self.journeys.push((id.to_string(), JourneyStats::default()));
                self.journeys.last_mut().map(|(_, s)| s)
            }
        }
    }

    /// The figures of one journey, when the summary has it.
    pub fn journey(&self, id: &str) -> Option<&JourneyStats> {
        self.journeys.iter().find(|(j, _)| j == id).map(|(_, s)| s)
    }

    /// Add the summary of the users that come after this one's.
    pub fn merge(&mut self, later: &Summary) {
        self.profiles += later.profiles;
        self.messages += later.messages;
        self.skipped += later.skipped;
        self.errors += later.errors;
        for l in &later.error_lines {
            if self.error_lines.len() < FIRST_N {
                self.error_lines.push(*l);
            }
        }
        self.evaluations += later.evaluations;
        self.stopped += later.stopped;
        for s in &later.stopped_users {
            if self.stopped_users.len() < FIRST_N {
                self.stopped_users.push(s.clone());
            }
        }
        for (id, stats) in &later.journeys {
            if let Some(mine) = self.journey_mut(id) {
                mine.add(stats);
            }
        }
    }

    pub fn total_micros(&self) -> i64 {
        self.journeys.iter().fold(0i64, |a, (_, s)| a.saturating_add(s.cost_micros))
    }

    pub fn amount(&self, micros: i64) -> Amount {
        Amount::new(micros, self.currency)
    }

    /// The summary as one line of JSON (what `herald replay --format json` prints and
    /// `program.replay()` returns): the text `serde_json::to_string` writes of its `Serialize`,
    /// written by hand (`sim/json.rs`).
    pub fn to_json(&self) -> String {
        super::json::summary(self)
    }
}

/// `{"journey": ID, ...}`-free view of one journey, for serialization.
struct JourneyJson<'a>(&'a JourneyStats, Currency);

impl Serialize for JourneyJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let stats = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("entries", &stats.entries)?;
        m.serialize_entry("sends", &ChannelCounts(&stats.sends))?;
        m.serialize_entry("suppressed", &stats.suppressed)?;
        m.serialize_entry("deferred", &stats.deferred)?;
        m.serialize_entry("exits", &stats.exits)?;
        m.serialize_entry("cost", &Amount::new(stats.cost_micros, self.1))?;
        m.end()
    }
}

/// Channels with at least one send, in `Channel::ALL` order.
pub(crate) struct ChannelCounts<'a>(pub &'a [u64; 7]);

impl Serialize for ChannelCounts<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (c, n) in Channel::ALL.iter().zip(self.0) {
            if *n > 0 {
                m.serialize_entry(c.name(), n)?;
            }
        }
        m.end()
    }
}

impl Serialize for StoppedUser {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("user", &self.user)?;
        m.serialize_entry("code", self.error.code())?;
        m.serialize_entry("message", &self.error.to_string())?;
        m.end()
    }
}

impl Serialize for Summary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("profiles", &self.profiles)?;
        m.serialize_entry("messages", &self.messages)?;
        m.serialize_entry("skipped", &self.skipped)?;
        m.serialize_entry("errors", &self.errors)?;
        m.serialize_entry("error_lines", &self.error_lines)?;
        m.serialize_entry("evaluations", &self.evaluations)?;
        m.serialize_entry("stopped", &self.stopped)?;
        m.serialize_entry("stopped_users", &self.stopped_users)?;
        m.serialize_entry("until", &self.until.map(Timestamp))?;
        m.serialize_entry("journeys", &JourneysJson(self))?;
        m.serialize_entry("total_cost", &self.amount(self.total_micros()))?;
        m.end()
    }
}

struct JourneysJson<'a>(&'a Summary);

impl Serialize for JourneysJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.journeys.len()))?;
        for (id, stats) in &self.0.journeys {
            m.serialize_entry(id, &JourneyJson(stats, self.0.currency))?;
        }
        m.end()
    }
}
/// Adds `n` to the count of `key` (0 when absent). The counts are `SortedMap`s, not `BTreeMap`s:
/// the same key order, and no B-tree in the WebAssembly modules (issue #14).
fn add_count(counts: &mut SortedMap<&'static str, u64>, key: &'static str, n: u64) {
    let total = counts.get(key).copied().unwrap_or(0) + n;
    counts.insert(key, total);
}
