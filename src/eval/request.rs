//! The request of SPEC §2, as Rust types that read and write exactly that JSON.

use super::state::State;
use super::time;
use herald_lang::json::{Map, Value};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An instant, as RFC 3339 text in JSON (`"2026-03-08T14:00:00Z"`); milliseconds since the Unix
/// epoch inside. Finer fractions are truncated to the millisecond.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Parse RFC 3339 text.
    pub fn parse(text: &str) -> Option<Timestamp> {
        time::parse_instant(text).map(Timestamp)
    }
    pub fn millis(self) -> i64 {
        self.0
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&time::format_instant(self.0))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut buf = String::with_capacity(24);
        time::write_instant(&mut buf, self.0);
        s.serialize_str(&buf)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Timestamp;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an RFC 3339 instant like \"2026-03-08T14:00:00Z\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse(v).ok_or_else(|| {
                    E::custom(format!(
                        "`{}` is not an RFC 3339 instant like \"2026-03-08T14:00:00Z\"",
                        v.chars().take(40).collect::<String>()
                    ))
                })
            }
        }
        d.deserialize_str(V)
    }
}

/// One evaluation request (SPEC §2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// The evaluation's clock: herald reads no other.
    pub now: Timestamp,
    /// The profile: flat traits, and the keys herald reads itself (`id`, `timezone`, `phone`,
    /// `email`, `push_token`, `subscriptions`, `events`).
    pub profile: Map<String, Value>,
    /// The incoming event; absent for a tick.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<Event>,
    /// The state of the previous response for this profile, or null.
    #[serde(default)]
    pub state: Option<State>,
    /// A price table replacing the built-in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prices: Option<Value>,
    /// Add a trace of every check to the response.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub explain: bool,
}

/// An event: the incoming one, or a run's trigger event kept in the state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub name: String,
    /// When it happened; the request's `now` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Timestamp>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub properties: Map<String, Value>,
}

fn null_as_empty<'de, D: Deserializer<'de>>(d: D) -> Result<Map<String, Value>, D::Error> {
    Ok(Option::<Map<String, Value>>::deserialize(d)?.unwrap_or_default())
}
