//! Starting profiles (`--profiles FILE`): NDJSON, one profile object a line, found by `id`.
//! In memory for text already in memory; from a file by an index of each id's line (offset and
//! length), so a replay holds the ids, not the profiles.

use herald_lang::json::{Map, Value};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::HashMap;
use std::io::{self, BufRead, Read, Seek, SeekFrom};

/// Where the simulator finds a user's starting profile.
pub trait ProfileSource {
    /// The profile of `user`, or `None` when there is none (it then starts as `{"id": user}`).
    fn profile(&mut self, user: &str) -> io::Result<Option<Map<String, Value>>>;
}

/// No profiles: every user starts as `{"id": USER}`.
pub struct NoProfiles;

impl ProfileSource for NoProfiles {
    fn profile(&mut self, _: &str) -> io::Result<Option<Map<String, Value>>> {
        Ok(None)
    }
}

/// A line of the profiles file that is not a profile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("profiles line {line}: {message}")]
pub struct ProfilesError {
    pub line: u64,
    pub message: String,
}

#[derive(Deserialize)]
struct IdOnly<'a> {
    #[serde(borrow)]
    id: Option<&'a RawValue>,
}

/// The id of a profile line: a non-empty string, or a whole number as its text.
fn id_of(text: &str, line: u64) -> Result<Option<String>, ProfilesError> {
    let err = |message: String| ProfilesError { line, message };
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if !text.starts_with('{') {
        return Err(err("not a profile object".into()));
    }
    let wire: IdOnly<'_> =
        serde_json::from_str(text).map_err(|e| err(format!("not a profile object: {e}")))?;
    let Some(raw) = wire.id else { return Err(err("the profile has no `id`".into())) };
    match serde_json::from_str::<Value>(raw.get()) {
        Ok(Value::String(s)) if !s.is_empty() => Ok(Some(s)),
        Ok(Value::Number(n)) if n.is_u64() || n.is_i64() => Ok(Some(n.to_string())),
        _ => Err(err("`id` must be a non-empty string or a whole number".into())),
    }
}

/// Profiles held in memory. A later line with the same id replaces an earlier one.
#[derive(Debug, Default)]
pub struct Profiles {
    by_id: HashMap<String, Map<String, Value>>,
}

impl Profiles {
    pub fn parse(text: &str) -> Result<Profiles, ProfilesError> {
        let mut by_id = HashMap::new();
        for (i, l) in text.lines().enumerate() {
            let line = i as u64 + 1;
            let Some(id) = id_of(l, line)? else { continue };
            let map: Map<String, Value> = serde_json::from_str(l)
                .map_err(|e| ProfilesError { line, message: e.to_string() })?;
            by_id.insert(id, map);
        }
        Ok(Profiles { by_id })
    }
}

impl ProfileSource for Profiles {
    fn profile(&mut self, user: &str) -> io::Result<Option<Map<String, Value>>> {
        Ok(self.by_id.get(user).cloned())
    }
}

/// Profiles read from a seekable file on demand, found through an index of line positions.
pub struct ProfileIndex<R> {
    file: R,
    at: HashMap<String, (u64, usize)>,
}

impl<R: Read + Seek> ProfileIndex<R> {
    /// Index every line of `file` (read once, start to end).
    pub fn build(mut file: R) -> Result<ProfileIndex<R>, ProfilesError> {
        let io_err = |e: io::Error| ProfilesError { line: 0, message: e.to_string() };
        let mut at = HashMap::new();
        {
            let mut reader = io::BufReader::with_capacity(1 << 16, &mut file);
            let mut buf = Vec::new();
            let mut offset = 0u64;
            let mut line = 0u64;
            loop {
                buf.clear();
                let n = reader.read_until(b'\n', &mut buf).map_err(io_err)?;
                if n == 0 {
                    break;
                }
                line += 1;
                let text = std::str::from_utf8(&buf)
                    .map_err(|_| ProfilesError { line, message: "the line is not UTF-8".into() })?;
                if let Some(id) = id_of(text, line)? {
                    at.insert(id, (offset, n));
                }
                offset += n as u64;
            }
        }
        Ok(ProfileIndex { file, at })
    }
}

impl<R: Read + Seek> ProfileSource for ProfileIndex<R> {
    fn profile(&mut self, user: &str) -> io::Result<Option<Map<String, Value>>> {
        let Some(&(offset, len)) = self.at.get(user) else { return Ok(None) };
        self.file.seek(SeekFrom::Start(offset))?;
        let mut buf = vec![0u8; len];
        self.file.read_exact(&mut buf)?;
        serde_json::from_slice(&buf).map(Some).map_err(io::Error::other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "{\"id\":\"u1\",\"country\":\"US\"}\n\n{\"id\":7,\"plan\":\"pro\"}\n{\"id\":\"u1\",\"country\":\"CA\"}\n";

    #[test]
    fn in_memory_and_indexed_profiles_agree_the_last_line_wins() {
        let mut mem = Profiles::parse(TEXT).unwrap();
        let mut file = ProfileIndex::build(io::Cursor::new(TEXT.as_bytes())).unwrap();
        for user in ["u1", "7", "nobody"] {
            assert_eq!(mem.profile(user).unwrap(), file.profile(user).unwrap());
        }
        assert_eq!(*mem.profile("u1").unwrap().unwrap().get("country").unwrap(), "CA");
        assert!(mem.profile("nobody").unwrap().is_none());
    }

    #[test]
    fn bad_lines_are_named() {
        let e = Profiles::parse("{\"id\":\"a\"}\n{\"name\":\"b\"}\n").unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (2, "the profile has no `id`"));
        let e = ProfileIndex::build(io::Cursor::new(b"[1]\n".to_vec())).err().unwrap();
        assert_eq!(e.line, 1);
        assert!(Profiles::parse("{\"id\":\"\"}").is_err());
    }
}
