//! The response of SPEC §2. `Decision` serializes per action with exactly the fields that
//! action has (see docs/evaluation.md), written straight to the output without building a
//! `herald_lang::json::Value`.

use super::request::Timestamp;
use super::state::State;
use super::trace::TraceEntry;
use herald_lang::channel::Channel;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Enter,
    Send,
    Suppress,
    Defer,
    Exit,
    /// `set profile.KEY = EXPR`: the host applies the value to the profile (SPEC §6).
    Update,
}

impl Action {
    pub fn name(self) -> &'static str {
        match self {
            Action::Enter => "enter",
            Action::Send => "send",
            Action::Suppress => "suppress",
            Action::Defer => "defer",
            Action::Exit => "exit",
            Action::Update => "update",
        }
    }
}

/// Why a channel was suppressed or deferred, or why a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    // suppress
    NoAddress,
    InvalidAddress,
    Unsubscribed,
    FrequencyCap,
    Budget,
    TooLong,
    /// The profile is in the journey's `holdout` control group.
    Holdout,
    /// `subscriptions.topics.NAME` refuses the journey's `topic` (SPEC §6).
    UnsubscribedTopic,
    /// `expire after`: quiet hours would hold the message past its deadline (SPEC §6).
    Expired,
    // defer
    QuietHours,
    // exit
    ExitEvent,
    Completed,
    JourneyChanged,
    Restarted,
    /// An `exit if` condition held.
    ExitCondition,
    /// `wait until EXPR` whose expression gave no instant: the run ends rather than guess.
    NoInstant,
}

impl Reason {
    pub fn name(self) -> &'static str {
        match self {
            Reason::NoAddress => "no_address",
            Reason::InvalidAddress => "invalid_address",
            Reason::Unsubscribed => "unsubscribed",
            Reason::FrequencyCap => "frequency_cap",
            Reason::Budget => "budget",
            Reason::TooLong => "too_long",
            Reason::Expired => "expired",
            Reason::NoInstant => "no_instant",
            Reason::QuietHours => "quiet_hours",
            Reason::ExitEvent => "exit_event",
            Reason::Completed => "completed",
            Reason::JourneyChanged => "journey_changed",
            Reason::Restarted => "restarted",
            Reason::Holdout => "holdout",
            Reason::UnsubscribedTopic => "unsubscribed_topic",
            Reason::ExitCondition => "exit_condition",
        }
    }
}

/// One decision. Which fields are meaningful depends on `action`; serialization writes exactly
/// those (`send` writes `to`, `content`, `template`, `country` and `cost` even when null).
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub journey: Arc<str>,
    /// The step's id; null for `enter` and for a run that completed by running past its last
    /// step.
    pub step: Option<Arc<str>>,
    pub action: Action,
    pub channel: Option<Channel>,
    pub reason: Option<Reason>,
    pub to: Option<String>,
    pub content: Option<String>,
    pub template: Option<String>,
    pub country: Option<String>,
    pub cost: Option<super::costing::Cost>,
    pub until: Option<Timestamp>,
    /// When the decision takes effect: the request's `now`.
    pub at: Timestamp,
    /// The run's key, in a journey with `key` (SPEC §6).
    pub run_key: Option<Arc<str>>,
    /// `enter` of a profile in the journey's `holdout` control group.
    pub holdout: bool,
    /// `update`: the trait and its new value (null when the value is missing).
    pub update: Option<(Arc<str>, herald_lang::json::Value)>,
    /// A `send` of a `message`: its id and the locale of the variant sent (SPEC §6).
    pub message: Option<(Arc<str>, Arc<str>)>,
    /// `send`: the same for the same send decided again, different for any other send
    /// (`idempotency::key`, docs/evaluation.md "Idempotency keys").
    pub idempotency_key: Option<String>,
    /// `send`: when its run entered (milliseconds), from which `idempotency_key` is made once
    /// the run's key is known. Not part of the response.
    pub(crate) run_entered: i64,
    /// `send`: the time of its run's trigger event (milliseconds), which tells apart runs that
    /// entered at the same instant (two events of one batch). Not part of the response.
    pub(crate) run_trigger_time: i64,
}

impl Decision {
    pub(crate) fn new(
        journey: &Arc<str>,
        step: Option<&Arc<str>>,
        action: Action,
        at: i64,
    ) -> Self {
        Decision {
            journey: journey.clone(),
            step: step.cloned(),
            action,
            channel: None,
            reason: None,
            to: None,
            content: None,
            template: None,
            country: None,
            cost: None,
            until: None,
            at: Timestamp(at),
            run_key: None,
            holdout: false,
            update: None,
            message: None,
            idempotency_key: None,
            run_entered: at,
            run_trigger_time: at,
        }
    }
}

impl Serialize for Decision {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("journey", &*self.journey)?;
        m.serialize_entry("step", &self.step.as_deref())?;
        m.serialize_entry("action", self.action.name())?;
        if let Action::Update = self.action {
            let (key, value) = match &self.update {
                Some((k, v)) => (Some(&**k), v),
                None => (None, &herald_lang::json::Value::Null),
            };
            m.serialize_entry("key", &key)?;
            m.serialize_entry("value", value)?;
            if let Some(k) = &self.run_key {
                m.serialize_entry("run_key", &**k)?;
            }
        } else if let Some(k) = &self.run_key {
            m.serialize_entry("key", &**k)?;
        }
        match self.action {
            Action::Update => {}
            Action::Enter => {
                if self.holdout {
                    m.serialize_entry("holdout", &true)?;
                }
            }
            Action::Exit => {
                m.serialize_entry("reason", &self.reason.map(Reason::name))?;
            }
            Action::Send => {
                m.serialize_entry("channel", &self.channel)?;
                m.serialize_entry("to", &self.to)?;
                m.serialize_entry("content", &self.content)?;
                m.serialize_entry("template", &self.template)?;
                m.serialize_entry("country", &self.country)?;
                m.serialize_entry("cost", &self.cost)?;
                if let Some((id, locale)) = &self.message {
                    m.serialize_entry("message", &**id)?;
                    m.serialize_entry("locale", &**locale)?;
                }
                m.serialize_entry("idempotency_key", &self.idempotency_key)?;
            }
            Action::Suppress => {
                m.serialize_entry("channel", &self.channel)?;
                m.serialize_entry("reason", &self.reason.map(Reason::name))?;
            }
            Action::Defer => {
                m.serialize_entry("channel", &self.channel)?;
                m.serialize_entry("reason", &self.reason.map(Reason::name))?;
                m.serialize_entry("until", &self.until)?;
            }
        }
        m.serialize_entry("at", &self.at)?;
        m.end()
    }
}

/// The response of one evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    /// In journey order (file order), and within a journey in the order the steps ran.
    pub decisions: Vec<Decision>,
    /// Hand this back with the profile's next request.
    pub state: State,
    /// The earliest time a tick has work to do, or null.
    pub wake_at: Option<Timestamp>,
    /// The sum of this evaluation's send costs.
    pub total_cost: super::costing::Total,
    /// With `"explain": true`: every check made, in order, with the values it read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<TraceEntry>>,
}
