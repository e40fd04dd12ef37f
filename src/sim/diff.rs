//! Two versions of a program on the same messages (SPEC §7, `herald diff`): per journey old,
//! new and the difference for entries, sends by channel and cost; how many users' decisions
//! differ; and the first ten of them with the first decision that differs.

use super::drive::{self, UserJob, Work};
use super::profiles::ProfileSource;
use super::source::Indexed;
use super::summary::{Summary, FIRST_N};
use super::{base_summary, until_of, Options, Simulator};
use crate::eval::Decision;
use crate::Program;
use herald_lang::channel::Channel;
use herald_lang::cost::Amount;
use herald_lang::json::Value;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::io;

/// A user whose decisions differ, with the first that does.
#[derive(Debug, Clone, PartialEq)]
pub struct DifferingUser {
    pub user: String,
    /// The position (0-based) of the first differing decision in the user's sequence.
    pub index: usize,
    /// The old program's decision there (`None`: it made fewer decisions).
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// The comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffReport {
    pub old: Summary,
    pub new: Summary,
    pub differing: u64,
    pub first: Vec<DifferingUser>,
}

struct DiffWork<'a> {
    old: &'a Simulator,
    new: &'a Simulator,
    until: i64,
    empty_old: Summary,
    empty_new: Summary,
}

struct DiffPart {
    old: Summary,
    new: Summary,
    differing: u64,
    first: Vec<DifferingUser>,
}

fn run_one(sim: &Simulator, job: &UserJob, until: i64, summary: &mut Summary) -> Vec<Decision> {
    let mut decisions = Vec::new();
    let outcome = sim.run_user(&job.name, job.profile.clone(), &job.messages, until, &mut |d| {
        summary.record(d);
        decisions.push(d.clone());
    });
    summary.profiles += 1;
    summary.evaluations += outcome.evaluations;
    if let Some(e) = outcome.error {
        summary.stop(&job.name, e);
    }
    decisions
}

impl Work for DiffWork<'_> {
    type Out = DiffPart;
    fn run(&self, batch: &[UserJob]) -> DiffPart {
        let mut part = DiffPart {
            old: self.empty_old.clone(),
            new: self.empty_new.clone(),
            differing: 0,
            first: Vec::new(),
        };
        for job in batch {
            let a = run_one(self.old, job, self.until, &mut part.old);
            let b = run_one(self.new, job, self.until, &mut part.new);
            let at = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i));
            if let Some(index) = at {
                part.differing += 1;
                if part.first.len() < FIRST_N {
                    let json = |d: Option<&Decision>| d.and_then(decision_value);
                    part.first.push(DifferingUser {
                        user: job.name.to_string(),
                        index,
                        old: json(a.get(index)),
                        new: json(b.get(index)),
                    });
                }
            }
        }
        part
    }
}

/// A decision as the JSON value `serde_json::to_value` makes of it (keys sorted): its text,
/// written by hand, read back (serde_json's reader is in the module anyway, for the messages).
pub(crate) fn decision_value(d: &Decision) -> Option<Value> {
    serde_json::from_str(&crate::eval::write::decision_text(d)).ok()
}

/// Replay every user of `indexed` through both programs and compare.
pub fn diff(
    old: &Program,
    new: &Program,
    mut indexed: Indexed,
    profiles: &mut dyn ProfileSource,
    opts: &Options,
    progress: &mut dyn FnMut(u64),
) -> io::Result<DiffReport> {
    let until = until_of(&indexed, opts);
    let mut report = DiffReport {
        old: base_summary(old, &indexed, until),
        new: base_summary(new, &indexed, until),
        differing: 0,
        first: Vec::new(),
    };
    let (sim_old, sim_new) = (Simulator::new(old), Simulator::new(new));
    let work = DiffWork {
        old: &sim_old,
        new: &sim_new,
        until: until.unwrap_or(i64::MIN),
        empty_old: Summary::new(&old.journey_ids(), old.prices().currency()),
        empty_new: Summary::new(&new.journey_ids(), new.prices().currency()),
    };
    drive::drive(&mut indexed, profiles, &work, opts.jobs, progress, &mut |part: DiffPart| {
        report.old.merge(&part.old);
        report.new.merge(&part.new);
        report.differing += part.differing;
        for u in part.first {
            if report.first.len() < FIRST_N {
                report.first.push(u);
            }
        }
        Ok(())
    })?;
    Ok(report)
}

impl DiffReport {
    /// Journey ids of both versions: the old one's, then those only the new one has.
    pub fn journey_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.old.journeys.iter().map(|(j, _)| j.as_str()).collect();
        for (j, _) in &self.new.journeys {
            if !ids.contains(&j.as_str()) {
                ids.push(j);
            }
        }
        ids
    }

    /// Channels either version sent on in a journey, in `Channel::ALL` order.
    pub fn channels(&self, journey: &str) -> Vec<Channel> {
        let (a, b) = (self.old.journey(journey), self.new.journey(journey));
        Channel::ALL
            .into_iter()
            .filter(|c| a.map_or(0, |s| s.sends_of(*c)) + b.map_or(0, |s| s.sends_of(*c)) > 0)
            .collect()
    }

    /// The report as one line of JSON (`herald diff --format json`, the package's `diff()`):
    /// the text `serde_json::to_string` writes of its `Serialize`, written by hand
    /// (`sim/json.rs`).
    pub fn to_json(&self) -> String {
        super::json::diff(self)
    }
}

/// `{"old": a, "new": b, "delta": b - a}` of counts.
struct Counts(u64, u64);

impl Serialize for Counts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("old", &self.0)?;
        m.serialize_entry("new", &self.1)?;
        m.serialize_entry("delta", &(i128::from(self.1) - i128::from(self.0)))?;
        m.end()
    }
}

/// The same of amounts.
struct Money<'a>(&'a Summary, i64, i64);

impl Serialize for Money<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("old", &self.0.amount(self.1))?;
        m.serialize_entry("new", &self.0.amount(self.2))?;
        let delta: Amount = self.0.amount(self.2.saturating_sub(self.1));
        m.serialize_entry("delta", &delta)?;
        m.end()
    }
}

struct JourneyDiff<'a>(&'a DiffReport, &'a str);

impl Serialize for JourneyDiff<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (r, id) = (self.0, self.1);
        let (a, b) = (r.old.journey(id), r.new.journey(id));
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry(
            "entries",
            &Counts(a.map_or(0, |s| s.entries), b.map_or(0, |s| s.entries)),
        )?;
        m.serialize_entry("sends", &SendsDiff(r, id))?;
        m.serialize_entry(
            "cost",
            &Money(&r.old, a.map_or(0, |s| s.cost_micros), b.map_or(0, |s| s.cost_micros)),
        )?;
        m.end()
    }
}

struct SendsDiff<'a>(&'a DiffReport, &'a str);

impl Serialize for SendsDiff<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (r, id) = (self.0, self.1);
        let (a, b) = (r.old.journey(id), r.new.journey(id));
        let mut m = s.serialize_map(None)?;
        for c in r.channels(id) {
            m.serialize_entry(
                c.name(),
                &Counts(a.map_or(0, |s| s.sends_of(c)), b.map_or(0, |s| s.sends_of(c))),
            )?;
        }
        m.end()
    }
}

struct JourneysDiff<'a>(&'a DiffReport);

impl Serialize for JourneysDiff<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ids = self.0.journey_ids();
        let mut m = s.serialize_map(Some(ids.len()))?;
        for id in ids {
            m.serialize_entry(id, &JourneyDiff(self.0, id))?;
        }
        m.end()
    }
}

impl Serialize for DifferingUser {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("user", &self.user)?;
        m.serialize_entry("index", &self.index)?;
        m.serialize_entry("old", &self.old)?;
        m.serialize_entry("new", &self.new)?;
        m.end()
    }
}

impl Serialize for DiffReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("profiles", &self.old.profiles)?;
        m.serialize_entry("messages", &self.old.messages)?;
        m.serialize_entry("skipped", &self.old.skipped)?;
        m.serialize_entry("errors", &self.old.errors)?;
        m.serialize_entry("evaluations", &Counts(self.old.evaluations, self.new.evaluations))?;
        m.serialize_entry("stopped", &Counts(self.old.stopped, self.new.stopped))?;
        m.serialize_entry("until", &self.old.until.map(crate::eval::Timestamp))?;
        m.serialize_entry("journeys", &JourneysDiff(self))?;
        m.serialize_entry(
            "total_cost",
            &Money(&self.old, self.old.total_micros(), self.new.total_micros()),
        )?;
        m.serialize_entry("users_differing", &self.differing)?;
        m.serialize_entry("first_differing", &self.first)?;
        m.end()
    }
}
