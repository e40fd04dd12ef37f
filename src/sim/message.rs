//! Segment Spec messages (SPEC §7), one JSON object a line: what a Segment or RudderStack export
//! holds. A line is read once, into a compact [`Message`]: its user, time, type, event name and
//! the raw JSON of its properties or traits (validated, not yet built). Everything else a
//! message carries (`context`, `messageId`, `integrations`...) is skipped without being built.

use crate::eval::Timestamp;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// The two message types the simulator replays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Merges traits into the profile; evaluates nothing.
    Identify,
    /// An event: evaluated, then appended to `profile.events`.
    Track,
}

/// One replayable message of a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Milliseconds since the epoch (the message's `timestamp`).
    pub time: i64,
    /// The 1-based line of the input it came from (orders messages of equal time).
    pub line: u64,
    pub kind: Kind,
    /// The event name of a track; empty for an identify.
    pub event: Box<str>,
    /// The raw JSON object of a track's `properties` or an identify's `traits`; empty when the
    /// message has none (or null).
    pub payload: Box<str>,
}

/// What one input line is.
#[derive(Debug)]
pub enum Line<'a> {
    /// Nothing but white space: not counted.
    Blank,
    /// A `page`, `screen`, `group`, `alias` (or any other type): counted and skipped.
    Skipped,
    /// An identify or track of `user`.
    Message { user: Cow<'a, str>, message: Message },
}

/// Why a line is not a message. Its text names the field, so a user can fix the export.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LineError(pub String);

/// The fields of a Segment message the simulator reads; the rest are skipped by serde.
#[derive(Deserialize)]
struct Wire<'a> {
    #[serde(rename = "type", borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(rename = "userId", borrow, default)]
    user_id: Option<&'a RawValue>,
    #[serde(rename = "anonymousId", borrow, default)]
    anonymous_id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    timestamp: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    event: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    properties: Option<&'a RawValue>,
    #[serde(borrow, default)]
    traits: Option<&'a RawValue>,
}

/// The longest input line read, in bytes (without its `\n`): the request limit, since a longer
/// message could not be evaluated anyway (Segment itself refuses messages over 32 KB). A longer
/// line is a bad line, and `herald replay` skips it without holding more than this of it.
pub const MAX_LINE_BYTES: usize = crate::eval::MAX_REQUEST_BYTES;

/// Read one line (`line` is its 1-based number).
pub fn read_line(text: &str, line: u64) -> Result<Line<'_>, LineError> {
    // Measured before trimming, so a reader that stops after MAX_LINE_BYTES + 1 bytes of a line
    // (`index_reader`) and one that holds the whole text (`index_text`) count the same lines.
    if text.len() > MAX_LINE_BYTES {
        return Err(LineError(format!(
            "the line is longer than {MAX_LINE_BYTES} bytes, the longest herald reads"
        )));
    }
    let text = text.trim();
    if text.is_empty() {
        return Ok(Line::Blank);
    }
    let wire: Wire<'_> =
        serde_json::from_str(text).map_err(|e| LineError(format!("not a Segment message: {e}")))?;
    let kind = match wire.kind.as_deref() {
        Some("track") => Kind::Track,
        Some("identify") => Kind::Identify,
        Some(_) => return Ok(Line::Skipped),
        None => return Err(LineError("the message has no `type`".into())),
    };
    let user = match id_text(wire.user_id)? {
        Some(u) => u,
        None => match id_text(wire.anonymous_id)? {
            Some(u) => u,
            None => {
                return Err(LineError("the message has neither `userId` nor `anonymousId`".into()))
            }
        },
    };
    let time = match wire.timestamp.as_deref() {
        Some(t) => Timestamp::parse(t).map(Timestamp::millis).ok_or_else(|| {
            LineError(format!(
                "`timestamp` `{}` is not an RFC 3339 instant",
                t.chars().take(40).collect::<String>()
            ))
        })?,
        None => return Err(LineError("the message has no `timestamp`".into())),
    };
    let (event, payload) = match kind {
        Kind::Track => {
            let name = wire.event.unwrap_or_default();
            if name.is_empty() {
                return Err(LineError("a track message needs a non-empty `event`".into()));
            }
            (Box::from(&*name), object_text(wire.properties, "properties")?)
        }
        Kind::Identify => (Box::from(""), object_text(wire.traits, "traits")?),
    };
    Ok(Line::Message { user, message: Message { time, line, kind, event, payload } })
}

/// A user id: a non-empty string, or a number (as its JSON text). Null and "" are no id.
fn id_text(raw: Option<&RawValue>) -> Result<Option<Cow<'_, str>>, LineError> {
    let Some(raw) = raw else { return Ok(None) };
    let text = raw.get();
    match text.as_bytes().first() {
        Some(b'"') => {
            let s: Cow<'_, str> =
                serde_json::from_str(text).map_err(|e| LineError(format!("bad user id: {e}")))?;
            Ok((!s.is_empty()).then_some(s))
        }
        Some(b'n') => Ok(None),
        Some(b'-' | b'0'..=b'9') => Ok(Some(Cow::Borrowed(text))),
        _ => Err(LineError("`userId` and `anonymousId` must be strings".into())),
    }
}

/// The raw text of an object field; empty when absent or null.
fn object_text(raw: Option<&RawValue>, field: &str) -> Result<Box<str>, LineError> {
    let Some(raw) = raw else { return Ok(Box::from("")) };
    let text = raw.get();
    match text.as_bytes().first() {
        Some(b'{') => Ok(Box::from(text)),
        Some(b'n') => Ok(Box::from("")),
        _ => Err(LineError(format!("`{field}` must be an object"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> (String, Message) {
        match read_line(text, 7).unwrap() {
            Line::Message { user, message } => (user.into_owned(), message),
            other => panic!("not a message: {other:?}"),
        }
    }

    #[test]
    fn a_track_keeps_its_name_time_and_raw_properties() {
        let (user, m) = message(
            r#"{"type":"track","userId":"u1","event":"Cart Abandoned","properties":{"value":80},"context":{"ip":"1.2.3.4"},"timestamp":"2026-03-08T13:59:00.123+01:00"}"#,
        );
        assert_eq!(user, "u1");
        assert_eq!(m.kind, Kind::Track);
        assert_eq!(&*m.event, "Cart Abandoned");
        assert_eq!(&*m.payload, r#"{"value":80}"#);
        assert_eq!(m.time, Timestamp::parse("2026-03-08T12:59:00.123Z").unwrap().millis());
        assert_eq!(m.line, 7);
    }

    #[test]
    fn identify_by_anonymous_id_and_numeric_ids() {
        let (user, m) = message(
            r#"{"type":"identify","userId":null,"anonymousId":"anon-1","traits":{"a":1},"timestamp":"2026-03-08T00:00:00Z"}"#,
        );
        assert_eq!((user.as_str(), m.kind, &*m.payload), ("anon-1", Kind::Identify, r#"{"a":1}"#));
        let (user, _) =
            message(r#"{"type":"identify","userId":42,"timestamp":"2026-03-08T00:00:00Z"}"#);
        assert_eq!(user, "42");
        let (user, _) = message(
            r#"{"type":"identify","userId":"","anonymousId":"a\u0041","timestamp":"2026-03-08T00:00:00Z"}"#,
        );
        assert_eq!(user, "aA");
    }

    #[test]
    fn other_types_are_skipped_and_blank_lines_are_nothing() {
        assert!(matches!(read_line(r#"{"type":"page","userId":"u"}"#, 1), Ok(Line::Skipped)));
        assert!(matches!(read_line("  \r", 1), Ok(Line::Blank)));
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        let err = |t: &str| read_line(t, 1).unwrap_err().0;
        let long = format!("{}{}", " ".repeat(MAX_LINE_BYTES), "{}");
        assert!(err(&long).contains("longer than 4194304 bytes"));
        assert!(err(&" ".repeat(MAX_LINE_BYTES + 1)).contains("longer than"));
        assert!(err("{nope").contains("not a Segment message"));
        assert!(err(r#"{"userId":"u"}"#).contains("no `type`"));
        assert!(err(r#"{"type":"track","event":"x","timestamp":"2026-03-08T00:00:00Z"}"#)
            .contains("neither"));
        assert!(err(r#"{"type":"track","userId":"u","event":"x"}"#).contains("no `timestamp`"));
        assert!(err(r#"{"type":"track","userId":"u","event":"x","timestamp":"yesterday"}"#)
            .contains("RFC 3339"));
        assert!(err(r#"{"type":"track","userId":"u","timestamp":"2026-03-08T00:00:00Z"}"#)
            .contains("non-empty `event`"));
        assert!(err(
            r#"{"type":"track","userId":"u","event":"x","properties":[1],"timestamp":"2026-03-08T00:00:00Z"}"#
        )
        .contains("`properties` must be an object"));
        assert!(err(
            r#"{"type":"track","userId":{},"event":"x","timestamp":"2026-03-08T00:00:00Z"}"#
        )
        .contains("must be strings"));
    }
}
