//! Why a request could not be evaluated. Each variant has a stable `code()`: the `error.code`
//! of `evaluate_json`, the CLI and the npm package. An error met while reading a request text
//! is [`RequestError::Located`]: it also says where, as a JSON path from the request's root
//! (`profile.events[3].time`) and, for a text, the line and column; `herald eval` makes the
//! line the input's line (docs/evaluation.md, "Errors").

use super::locate;
use super::read::parse::JsonError;

/// A request that cannot be evaluated. The program and other requests are unaffected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// The text is not JSON at all.
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    /// JSON, but not a request: a missing or mistyped field, says which.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// `state` is not a state this herald wrote (or was edited by hand).
    #[error("invalid state: {0}")]
    InvalidState(String),
    /// `prices` is not a price table.
    #[error("invalid prices: {0}")]
    InvalidPrices(String),
    #[error("profile.events holds {count} events; the limit is {limit}")]
    TooManyEvents { count: usize, limit: usize },
    #[error("the state is too large: {0}")]
    StateTooLarge(String),
    #[error("the request is {bytes} bytes; the limit is {limit}")]
    RequestTooLarge { bytes: usize, limit: usize },
    #[error("the trigger event's properties take {bytes} bytes (even keeping only the properties the journeys read); a run can keep at most {limit}")]
    EventTooLarge { bytes: usize, limit: usize },
    #[error("the explain trace would exceed {limit} entries")]
    TraceTooLarge { limit: usize },
    /// A case herald's own rules exclude was met (a bug in herald): reported rather than
    /// answered with a guess, since a guess could message someone who must not be messaged.
    #[error("internal error: {0} (a bug in herald: please report it with the request)")]
    Internal(String),
    /// One of the errors above and where it is. Never nests: `located` merges.
    #[error("{}{}", .error.message_at(.location.path.as_deref()), .location.position_suffix())]
    Located { error: Box<RequestError>, location: Location },
}

/// Where in a request an error is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The JSON path of the offending value from the request's root, as JavaScript would write
    /// it (`profile.events[3].time`, `profile["plan type"]`); `None` for the request as a whole.
    pub path: Option<String>,
    /// The 1-based line in the request text (in `herald eval`, the line of the input).
    pub line: Option<u64>,
    /// The 1-based column (in bytes) on that line, when the error is at a character.
    pub column: Option<u64>,
}

impl Location {
    fn position_suffix(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!(" at line {l} column {c}"),
            (Some(l), None) => format!(" at line {l}"),
            _ => String::new(),
        }
    }
}

impl RequestError {
    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            RequestError::InvalidJson(_) => "invalid_json",
            RequestError::InvalidRequest(_) => "invalid_request",
            RequestError::InvalidState(_) => "invalid_state",
            RequestError::InvalidPrices(_) => "invalid_prices",
            RequestError::TooManyEvents { .. } => "too_many_events",
            RequestError::StateTooLarge(_) => "state_too_large",
            RequestError::RequestTooLarge { .. } => "request_too_large",
            RequestError::EventTooLarge { .. } => "event_too_large",
            RequestError::TraceTooLarge { .. } => "trace_too_large",
            RequestError::Internal(_) => "internal_error",
            RequestError::Located { error, .. } => error.code(),
        }
    }

    /// The error without its location: match on this to tell the kinds apart.
    pub fn kind(&self) -> &RequestError {
        match self {
            RequestError::Located { error, .. } => error,
            other => other,
        }
    }

    /// Where the error is, when known.
    pub fn location(&self) -> Option<&Location> {
        match self {
            RequestError::Located { location, .. } => Some(location),
            _ => None,
        }
    }

    /// The JSON path of the offending value, when known.
    pub fn path(&self) -> Option<&str> {
        self.location().and_then(|l| l.path.as_deref())
    }

    /// The message without a line and column: what a caller that passed an object (not a text)
    /// should read, since a position in a text it never saw means nothing to it. The path is in
    /// the message when the message does not already start with it.
    pub fn message(&self) -> String {
        self.kind().message_at(self.path())
    }

    /// This error, located at `location` (a location already known is kept where the new one
    /// says nothing).
    pub fn located(self, location: Location) -> RequestError {
        match self {
            RequestError::Located { error, location: old } => RequestError::Located {
                error,
                location: Location {
                    path: location.path.or(old.path),
                    line: location.line.or(old.line),
                    column: location.column.or(old.column),
                },
            },
            error => RequestError::Located { error: Box::new(error), location },
        }
    }

    /// For a request read from line `line` of a stream: its line numbers become the stream's.
    pub fn on_line(self, line: u64) -> RequestError {
        let mut location = self.location().cloned().unwrap_or_default();
        location.line =
            Some(location.line.map_or(line, |l| l.saturating_add(line.saturating_sub(1))));
        match self {
            RequestError::Located { error, .. } => RequestError::Located { error, location },
            error => RequestError::Located { error: Box::new(error), location },
        }
    }

    /// The message with the path put after the kind's words (`invalid request: now: ...`) when
    /// the detail does not name it first.
    fn message_at(&self, path: Option<&str>) -> String {
        let (words, detail) = match self {
            RequestError::InvalidJson(d) => ("invalid JSON", d),
            RequestError::InvalidRequest(d) => ("invalid request", d),
            RequestError::InvalidState(d) => ("invalid state", d),
            RequestError::InvalidPrices(d) => ("invalid prices", d),
            RequestError::Located { error, location } => {
                return error.message_at(path.or(location.path.as_deref()))
            }
            other => return other.to_string(),
        };
        // A detail that names the value already, or the field in backticks (`unknown field
        // `foo``, `missing field `now``: then its object is named, when it is not the root).
        let named = path.and_then(|p| {
            if detail.contains(p) {
                return None;
            }
            let (parent, last) = match p.rfind(['.', '[']) {
                Some(i) => (p.get(..i).unwrap_or(""), p.get(i..).unwrap_or("")),
                None => ("", p),
            };
            let last = last.trim_start_matches('.');
            if detail.contains(&format!("`{last}`")) {
                (!parent.is_empty() && !detail.contains(parent)).then_some(parent)
            } else {
                Some(p)
            }
        });
        match named {
            Some(p) => format!("{words}: {p}: {detail}"),
            None => format!("{words}: {detail}"),
        }
    }

    /// A JSON error (serde_json's, as `read::parse` gives it) met while reading `part`, a slice of the request text `request` (the
    /// whole request, or the raw text of one of its fields) found at the JSON path `prefix`:
    /// the error of `kind`'s family, located by line and column in `request` and by JSON path.
    pub(crate) fn from_serde_in(
        e: &JsonError,
        request: &str,
        part: &str,
        prefix: &str,
        kind: fn(String) -> RequestError,
    ) -> RequestError {
        let detail = e.detail().to_string();
        let error = if e.data { kind(detail) } else { RequestError::InvalidJson(detail) };
        let location = locate::locate(request, part, prefix, e.line, e.column, &error);
        error.located(location)
    }

    /// A rule of the request format broken where serde stopped reading `request` (the rule's
    /// own path, serde's position).
    pub(crate) fn from_rule_in(
        rule: super::read::rules::RuleError,
        e: &JsonError,
        request: &str,
    ) -> RequestError {
        let path = Some(rule.path());
        let (line, column) = match locate::position_of(request, request, e.line, e.column) {
            Some((l, c)) => (Some(l), Some(c)),
            None => (None, None),
        };
        RequestError::from(rule).located(Location { path, line, column })
    }

    /// `{"error": {"code": ..., "message": ..., "path": ..., "line": ..., "column": ...}}`
    /// (the last three when known).
    pub fn to_json(&self) -> String {
        let text = super::write::string_text;
        let mut out = format!(
            "{{\"error\":{{\"code\":\"{}\",\"message\":{}",
            self.code(),
            text(&self.to_string())
        );
        if let Some(l) = self.location() {
            if let Some(p) = &l.path {
                out.push_str(&format!(",\"path\":{}", text(p)));
            }
            if let Some(line) = l.line {
                out.push_str(&format!(",\"line\":{line}"));
            }
            if let Some(column) = l.column {
                out.push_str(&format!(",\"column\":{column}"));
            }
        }
        out.push_str("}}");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(path: &str) -> Location {
        Location { path: Some(path.into()), line: Some(1), column: Some(9) }
    }

    #[test]
    fn an_internal_error_has_its_own_code_and_says_it_is_a_bug() {
        let e = RequestError::Internal("the end of quiet hours could not be worked out".into());
        assert_eq!(e.code(), "internal_error");
        assert!(e.to_string().contains("a bug in herald"), "{e}");
    }

    #[test]
    fn the_path_goes_into_the_message_once() {
        let e = RequestError::InvalidRequest("`x` is not an RFC 3339 instant".into())
            .located(at("now"));
        assert_eq!(e.message(), "invalid request: now: `x` is not an RFC 3339 instant");
        assert_eq!(
            e.to_string(),
            "invalid request: now: `x` is not an RFC 3339 instant at line 1 column 9"
        );
        // A detail that names the value already, or the field in backticks, is left alone.
        let e =
            RequestError::InvalidRequest("profile.id is required".into()).located(at("profile.id"));
        assert_eq!(e.message(), "invalid request: profile.id is required");
        let e = RequestError::InvalidRequest("missing field `now`".into()).located(at("now"));
        assert_eq!(e.message(), "invalid request: missing field `now`");
        let e =
            RequestError::InvalidRequest("missing field `name`".into()).located(at("event.name"));
        assert_eq!(e.message(), "invalid request: event: missing field `name`");
        assert_eq!(e.code(), "invalid_request");
        assert_eq!(e.kind(), &RequestError::InvalidRequest("missing field `name`".into()));
    }

    #[test]
    fn a_stream_line_replaces_the_texts_line_and_locating_never_nests() {
        let e = RequestError::InvalidJson("EOF while parsing".into()).located(at("profile"));
        let e = e.on_line(7);
        assert_eq!(e.location().and_then(|l| l.line), Some(7));
        assert!(
            matches!(&e, RequestError::Located { error, .. } if !matches!(**error, RequestError::Located { .. }))
        );
        let json: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
        assert_eq!(json["error"]["line"], 7);
        assert_eq!(json["error"]["column"], 9);
        assert_eq!(json["error"]["path"], "profile");
        assert_eq!(
            json["error"]["message"],
            "invalid JSON: profile: EOF while parsing at line 7 column 9"
        );
        // An error with no position gets the line alone.
        let e = RequestError::TooManyEvents { count: 2000, limit: 1000 }.on_line(3);
        assert_eq!(e.to_string(), "profile.events holds 2000 events; the limit is 1000 at line 3");
        assert_eq!(e.code(), "too_many_events");
    }
}
