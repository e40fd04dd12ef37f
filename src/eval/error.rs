//! Why a request could not be evaluated. Each variant has a stable `code()`: the `error.code`
//! of `evaluate_json`, the CLI and the npm package.

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
        }
    }

    /// Classify a serde_json error met while reading `what` (a field of the request).
    pub(crate) fn from_serde(e: &serde_json::Error, what: &str) -> RequestError {
        use serde_json::error::Category;
        match e.classify() {
            Category::Syntax | Category::Eof | Category::Io => {
                RequestError::InvalidJson(e.to_string())
            }
            Category::Data => {
                let msg = without_position(e);
                if what.is_empty() {
                    RequestError::InvalidRequest(e.to_string())
                } else if msg.starts_with(what) {
                    RequestError::InvalidRequest(msg)
                } else {
                    RequestError::InvalidRequest(format!("{what}: {msg}"))
                }
            }
        }
    }

    /// `{"error": {"code": ..., "message": ...}}`
    pub fn to_json(&self) -> String {
        serde_json::json!({"error": {"code": self.code(), "message": self.to_string()}}).to_string()
    }
}

/// A serde_json message without its " at line L column C": positions inside a sub-document
/// (the profile, the event, the state) would point at the wrong place of the request.
pub(crate) fn without_position(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let at = format!(" at line {} column {}", e.line(), e.column());
    match msg.strip_suffix(&at) {
        Some(stripped) => stripped.to_string(),
        None => msg,
    }
}
