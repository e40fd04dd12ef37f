//! Where in a request text an error is: the line and column serde_json reports, turned into a
//! line and column of the whole request (for a field read from its own raw text) and into the
//! JSON path of the value there (`profile.events[3].time`), which means something to a caller
//! that passed an object and never saw the text.

use super::error::{Location, RequestError};

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// The location of an error serde_json met at (`line`, `column`) of `part`, a slice of
/// `request` (or `request` itself) found at the JSON path `prefix` ("" for the root).
pub(crate) fn locate(
    request: &str,
    part: &str,
    prefix: &str,
    line: usize,
    column: usize,
    error: &RequestError,
) -> Location {
    let mut path: Vec<Segment> =
        prefix.split('.').filter(|s| !s.is_empty()).map(|s| Segment::Key(s.to_string())).collect();
    if line == 0 {
        // No position (an error raised after the text was read): only the prefix is known.
        return Location { path: render(&path), line: None, column: None };
    }
    let in_part = offset_of(part, line, column);
    path.extend(path_at(part, in_part));
    let detail = error.to_string();
    if let Some(field) = backticked_after(&detail, "missing field `") {
        // serde reports a missing field at the end of its object: the path is that object's.
        path.push(Segment::Key(field));
    }
    let path = render(&path);
    let (line, column) = position(request, part, in_part);
    Location { path, line: Some(line), column: Some(column) }
}

/// The line and column in `request` of serde_json's (`line`, `column`) in `part` (a slice of
/// it), or `None` when serde gave no position.
pub(crate) fn position_of(
    request: &str,
    part: &str,
    line: usize,
    column: usize,
) -> Option<(u64, u64)> {
    (line != 0).then(|| position(request, part, offset_of(part, line, column)))
}

/// The line and column in `request` of byte `in_part` of `part`.
fn position(request: &str, part: &str, in_part: usize) -> (u64, u64) {
    let base = subslice_start(request, part).unwrap_or(0);
    let absolute = base.saturating_add(in_part).min(request.len());
    let before = request.get(..absolute).unwrap_or("");
    let line = before.bytes().filter(|b| *b == b'\n').count() as u64 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = (absolute - line_start) as u64;
    (line, column.max(1))
}

/// The byte offset just after the character at (`line`, `column`) (1-based; the column counts
/// bytes, as serde_json's does), at most the text's length.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text.get(start..).and_then(|t| t.find('\n')) {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    start.saturating_add(column).min(text.len())
}

/// Where `part` starts in `whole`, when it is a slice of it.
fn subslice_start(whole: &str, part: &str) -> Option<usize> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (start + part.len() <= whole.len()).then_some(start)
}

/// The path of the value being read at byte `end` of a JSON text: a walk over the text before
/// it, keeping the open objects (with the key last read) and arrays (with the element's index).
fn path_at(text: &str, end: usize) -> Vec<Segment> {
    enum Frame {
        Object { key: Option<String>, expect_key: bool },
        Array { index: usize },
    }
    let bytes = text.as_bytes().get(..end).unwrap_or(text.as_bytes());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'{' => stack.push(Frame::Object { key: None, expect_key: true }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, expect_key }) => {
                    *key = None;
                    *expect_key = true;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b'"' => {
                let close = string_end(bytes, i);
                if let Some(Frame::Object { key, expect_key: expect @ true }) = stack.last_mut() {
                    let raw = text.get(i..close.min(bytes.len())).unwrap_or("");
                    let text = match super::read::parse::value_of_text(raw) {
                        Ok(herald_lang::json::Value::String(text)) => text,
                        _ => raw.trim_start_matches('"').trim_end_matches('"').to_string(),
                    };
                    *key = Some(text);
                    *expect = false;
                }
                i = close;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    stack
        .into_iter()
        .filter_map(|f| match f {
            Frame::Object { key, .. } => key.map(Segment::Key),
            Frame::Array { index } => Some(Segment::Index(index)),
        })
        .collect()
}

/// The offset just past the string starting with the quote at `start` (the end of `bytes` when
/// it is not closed there).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// `profile.events[3].time`, `profile["plan type"]`; `None` for the root.
fn render(path: &[Segment]) -> Option<String> {
    if path.is_empty() {
        return None;
    }
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Key(k) if is_identifier(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Segment::Key(k) => {
                out.push('[');
                herald_lang::json::write_string(&mut out, k);
                out.push(']');
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    Some(out)
}

fn is_identifier(k: &str) -> bool {
    let mut chars = k.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// The text between `marker` and the next backtick.
fn backticked_after(text: &str, marker: &str) -> Option<String> {
    let rest = text.split_once(marker)?.1;
    Some(rest.split_once('`')?.0.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, marker: &str) -> Option<String> {
        let end = text.find(marker).unwrap() + marker.len();
        render(&path_at(text, end))
    }

    #[test]
    fn the_path_of_the_value_at_an_offset() {
        let t = r#"{"now":"x","profile":{"id":"u","events":[{"name":"a"},{"name":"b","time":3}],"plan type":{"a b":1}}}"#;
        assert_eq!(at(t, r#""now":"x""#).as_deref(), Some("now"));
        assert_eq!(at(t, r#""time":3"#).as_deref(), Some("profile.events[1].time"));
        assert_eq!(at(t, r#""a b":1"#).as_deref(), Some(r#"profile["plan type"]["a b"]"#));
        assert_eq!(at(t, r#"{"name":"b""#).as_deref(), Some("profile.events[1].name"));
        assert_eq!(at(t, r#"1}}}"#), None);
        // Strings with escaped quotes and brackets do not confuse the walk.
        let t = r#"{"a":"x\"]}[","b":[1,2,{"c":true"#;
        assert_eq!(at(t, "true").as_deref(), Some("b[2].c"));
    }

    #[test]
    fn a_position_in_a_field_becomes_one_in_the_request() {
        let request = "{\"now\":\"2026-03-08T14:00:00Z\",\n\"event\":{\"name\":3}}";
        let start = request.find("{\"name").unwrap();
        let part = &request[start..request.len() - 1];
        assert_eq!(part, "{\"name\":3}");
        // serde_json reports `3`, the 9th byte of the part, as line 1 column 9.
        let err = RequestError::InvalidRequest("x".into());
        let l = locate(request, part, "event", 1, 9, &err);
        assert_eq!(l.path.as_deref(), Some("event.name"));
        // The part starts at column 9 of the request's second line: `3` is its 17th byte.
        assert_eq!((l.line, l.column), (Some(2), Some(17)));
    }
}
