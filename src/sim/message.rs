//! Segment Spec messages (SPEC §7), one JSON object a line: what a Segment or RudderStack export
//! holds. A line is read once, into a compact [`Message`]: its user, time, type, event name and
//! the raw JSON of its properties or traits (validated, not yet built). Everything else a
//! message carries (`context`, `messageId`, `integrations`...) is skipped without being built.

use crate::eval::Timestamp;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::sync::Arc;

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
    /// The event name of a track; empty for an identify. Shared: the first pass keeps one copy
    /// of each name (`source::Interner`), not one a message.
    pub event: Arc<str>,
    /// The raw JSON object of a track's `properties` or an identify's `traits`; empty when the
    /// message has none (or null), and when nothing the program does reads them (the first
    /// pass drops those: `source::KeepProperties`).
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

/// A line read, borrowing what it can from the line's text (what the first pass keeps is
/// copied out of it: `source::Indexer`).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Parts<'a> {
    Blank,
    Skipped,
    Message(Parsed<'a>),
}

/// An identify or track, borrowed from its line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Parsed<'a> {
    pub user: Cow<'a, str>,
    pub time: i64,
    pub kind: Kind,
    /// Empty for an identify.
    pub event: Cow<'a, str>,
    /// The raw JSON object of the properties (track) or traits (identify); empty for none.
    pub payload: &'a str,
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
    Ok(match read_parts(text)? {
        Parts::Blank => Line::Blank,
        Parts::Skipped => Line::Skipped,
        Parts::Message(p) => Line::Message {
            user: p.user,
            message: Message {
                time: p.time,
                line,
                kind: p.kind,
                event: Arc::from(&*p.event),
                payload: Box::from(p.payload),
            },
        },
    })
}

/// Read one line, borrowing from it. The common shape of a message (keys and the strings read
/// without escapes, each field once) is read by the fast reader; every other line, and every
/// line that is not a message, by serde (the reference, which words the errors): the fast
/// reader answers only where serde would answer the same (`tests`: both on every case).
pub(crate) fn read_parts(text: &str) -> Result<Parts<'_>, LineError> {
    // Measured before trimming, so a reader that stops after MAX_LINE_BYTES + 1 bytes of a line
    // (`index_reader`) and one that holds the whole text (`index_text`) count the same lines.
    if text.len() > MAX_LINE_BYTES {
        return Err(LineError(format!(
            "the line is longer than {MAX_LINE_BYTES} bytes, the longest herald reads"
        )));
    }
    let text = text.trim();
    if text.is_empty() {
        return Ok(Parts::Blank);
    }
    match fast::read(text) {
        Some(parts) => Ok(parts),
        None => read_serde(text),
    }
}

/// The reference reader of a (trimmed, non-blank) line.
fn read_serde(text: &str) -> Result<Parts<'_>, LineError> {
    let wire: Wire<'_> =
        serde_json::from_str(text).map_err(|e| LineError(format!("not a Segment message: {e}")))?;
    let kind = match wire.kind.as_deref() {
        Some("track") => Kind::Track,
        Some("identify") => Kind::Identify,
        Some(_) => return Ok(Parts::Skipped),
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
            (name, object_text(wire.properties, "properties")?)
        }
        Kind::Identify => (Cow::Borrowed(""), object_text(wire.traits, "traits")?),
    };
    Ok(Parts::Message(Parsed { user, time, kind, event, payload }))
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
fn object_text<'a>(raw: Option<&'a RawValue>, field: &str) -> Result<&'a str, LineError> {
    let Some(raw) = raw else { return Ok("") };
    let text = raw.get();
    match text.as_bytes().first() {
        Some(b'{') => Ok(text),
        Some(b'n') => Ok(""),
        _ => Err(LineError(format!("`{field}` must be an object"))),
    }
}

/// The fast reader: the JSON tokenizer of the request path (`eval::read::scan`, which skips and
/// validates values as serde_json does) over the line, each field's raw text noted, no value
/// built. `None` for anything it does not handle: escapes in a key or in a string it reads, a
/// field given twice, a value of another type than expected, every error. serde then reads the
/// line: the fast reader never decides a line is bad.
mod fast {
    use super::{Kind, Parsed, Parts};
    use crate::eval::read::scan::Scanner;
    use crate::eval::Timestamp;
    use std::borrow::Cow;

    const TYPE: usize = 0;
    const USER_ID: usize = 1;
    const ANONYMOUS_ID: usize = 2;
    const TIMESTAMP: usize = 3;
    const EVENT: usize = 4;
    const PROPERTIES: usize = 5;
    const TRAITS: usize = 6;

    pub(super) fn read(text: &str) -> Option<Parts<'_>> {
        let mut s = Scanner { text, bytes: text.as_bytes(), pos: 0 };
        let mut fields: [Option<&str>; 7] = [None; 7];
        crate::eval::read::scan::for_each_member!(s, s.key()?, |key| {
            let raw = s.raw_value()?;
            let slot = match key {
                "type" => Some(TYPE),
                "userId" => Some(USER_ID),
                "anonymousId" => Some(ANONYMOUS_ID),
                "timestamp" => Some(TIMESTAMP),
                "event" => Some(EVENT),
                "properties" => Some(PROPERTIES),
                "traits" => Some(TRAITS),
                _ => None,
            };
            if let Some(i) = slot {
                let field = fields.get_mut(i)?;
                if field.is_some() {
                    return None;
                }
                *field = Some(raw);
            }
        });
        s.ws();
        if s.pos != text.len() {
            return None;
        }
        let [kind, user_id, anonymous_id, timestamp, event, properties, traits] = fields;
        // serde reads these three as text or null whatever the type: anything else is its error.
        let kind = text_or_null(kind)??;
        let timestamp = text_or_null(timestamp)?;
        let event = text_or_null(event)?;
        let kind = match kind {
            "track" => Kind::Track,
            "identify" => Kind::Identify,
            _ => return Some(Parts::Skipped),
        };
        let user = match id(user_id)? {
            Some(u) => u,
            None => id(anonymous_id)??,
        };
        let time = Timestamp::parse(timestamp?)?.millis();
        let (event, payload) = match kind {
            Kind::Track => (event.filter(|e| !e.is_empty())?, object(properties)?),
            Kind::Identify => ("", object(traits)?),
        };
        Some(Parts::Message(Parsed {
            user: Cow::Borrowed(user),
            time,
            kind,
            event: Cow::Borrowed(event),
            payload,
        }))
    }

    /// A string's text when it has no escapes (the raw text is validated JSON).
    fn plain(raw: &str) -> Option<&str> {
        let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
        (!inner.contains('\\')).then_some(inner)
    }

    /// Absent or null: `Some(None)`; a plain string: its text; anything else: `None`.
    fn text_or_null(raw: Option<&str>) -> Option<Option<&str>> {
        match raw {
            None | Some("null") => Some(None),
            Some(raw) => plain(raw).map(Some),
        }
    }

    /// A user id as `id_text` reads it: `Some(None)` for none.
    fn id(raw: Option<&str>) -> Option<Option<&str>> {
        let Some(raw) = raw else { return Some(None) };
        match raw.as_bytes().first() {
            Some(b'"') => plain(raw).map(|s| (!s.is_empty()).then_some(s)),
            Some(b'n') => Some(None),
            Some(b'-' | b'0'..=b'9') => Some(Some(raw)),
            _ => None,
        }
    }

    /// An object's raw text, empty for absent or null.
    fn object(raw: Option<&str>) -> Option<&str> {
        match raw {
            None | Some("null") => Some(""),
            Some(raw) => raw.starts_with('{').then_some(raw),
        }
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

    /// The fast reader, where it answers, answers what serde does; and it answers for the
    /// lines exports hold (else it would be no faster).
    #[test]
    fn the_fast_reader_answers_as_serde_does() {
        let t = r#""timestamp":"2026-03-08T00:00:00Z""#;
        let common = [
            format!(
                r#"{{"type":"track","userId":"u1","event":"E","properties":{{"a":[1,{{"b":null}}]}},{t}}}"#
            ),
            format!(
                r#"{{"context":{{"x":"\u00e9\n"}},"type":"identify","userId":"u1","traits":{{"a":1}},{t}}}"#
            ),
            format!(
                r#"{{ "type" : "track" , "userId" : 42 , "event" : "E" , {t} , "properties" : null }}"#
            ),
            format!(r#"{{"type":"identify","userId":null,"anonymousId":"a1",{t},"event":null}}"#),
            format!(
                r#"{{"type":"identify","userId":"","anonymousId":-7.5e3,{t},"properties":[1]}}"#
            ),
            format!(
                r#"{{"type":"track","userId":"u","anonymousId":{{}},"event":"E",{t},"traits":5}}"#
            ),
            format!(r#"{{"type":"page","userId":{{}},{t}}}"#),
            r#"{"type":"page"}"#.to_string(),
            format!("{{\"type\":\"track\",\"userId\":\"ü\",\"event\":\"É\",{t}}}"),
        ];
        for line in &common {
            let fast = fast::read(line.trim());
            assert!(fast.is_some(), "the fast reader leaves a common line to serde: {line}");
            assert_eq!(fast.map(Ok), Some(read_serde(line.trim())), "{line}");
        }
        // Lines the fast reader leaves to serde (or, where it answers, answers alike).
        let unusual = [
            format!(r#"{{"type":"tr\u0061ck","userId":"u","event":"E",{t}}}"#),
            format!(r#"{{"type":"track","userId":"u\u0031","event":"E",{t}}}"#),
            format!(r#"{{"type":"track","userId":"u","event":"E\n",{t}}}"#),
            format!(r#"{{"t\u0079pe":"track","userId":"u","event":"E",{t}}}"#),
            format!(r#"{{"type":"track","type":"track","userId":"u","event":"E",{t}}}"#),
            format!(
                r#"{{"type":"track","userId":"u","event":"E",{t},"properties":{{}},"properties":{{}}}}"#
            ),
            format!(r#"{{"type":"track","userId":"u","event":"",{t}}}"#),
            format!(r#"{{"type":"track","userId":"u","event":5,{t}}}"#),
            format!(r#"{{"type":"page","userId":"u","event":5,{t}}}"#),
            r#"{"type":"page","userId":"u","timestamp":5}"#.to_string(),
            format!(r#"{{"type":"track","userId":"u","event":"E",{t},"properties":"x"}}"#),
            format!(r#"{{"type":"identify","userId":"u",{t},"traits":[]}}"#),
            format!(r#"{{"type":"track","userId":true,"event":"E",{t}}}"#),
            format!(r#"{{"type":"track","userId":"","anonymousId":"","event":"E",{t}}}"#),
            r#"{"type":"track","userId":"u","event":"E","timestamp":"yesterday"}"#.to_string(),
            r#"{"type":"track","userId":"u","event":"E"}"#.to_string(),
            format!(r#"{{"type":null,"userId":"u","event":"E",{t}}}"#),
            format!(r#"{{"type":"track","userId":"u","event":"E",{t}}} x"#),
            format!(r#"{{"type":"track","userId":"u","event":"E",{t},}}"#),
            format!(r#"{{"type":"track","userId":"u","event":"E",{t},"x":01}}"#),
            format!(r#"{{"type":"track","userId":"u","event":"E",{t},"x":"\x"}}"#),
            format!(r#"{{"type":"track","userId":"u","event":"E",{t},"x":"a\tb"}}"#),
            format!("{{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",{t},\"x\":\"a\tb\"}}"),
            r#"["track","u"]"#.to_string(),
            "{}".to_string(),
            "{".to_string(),
            "nope".to_string(),
        ];
        for line in &unusual {
            if let Some(fast) = fast::read(line.trim()) {
                assert_eq!(Ok(fast), read_serde(line.trim()), "{line}");
            }
        }
        // And a whole sample file: every line read by the fast reader, as serde reads it.
        let mut sample = Vec::new();
        crate::sim::write_sample(
            &crate::sim::SampleOptions { users: 40, ..crate::sim::SampleOptions::default() },
            &mut sample,
        )
        .unwrap();
        for line in String::from_utf8(sample).unwrap().lines() {
            let fast = fast::read(line.trim());
            assert!(fast.is_some(), "{line}");
            assert_eq!(fast.map(Ok), Some(read_serde(line.trim())), "{line}");
        }
    }
}
