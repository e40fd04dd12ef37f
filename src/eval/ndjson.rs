//! NDJSON streaming, what `herald eval FILE` does: one JSON request a line in, one JSON response
//! (or `{"error": ...}`) a line out, in order. A bad line gets its error line, naming the line,
//! and the rest go on. Blank lines are skipped. The output is flushed whenever the input has
//! nothing more buffered, so a program that writes one request and waits for its answer on a
//! pipe gets it, while a file streams through in large writes.
//! A line is read into memory only up to `MAX_REQUEST_BYTES`: a longer one is skipped to its
//! end and answered with `request_too_large`, so no input line can make the stream hold more.

use super::read::rules::id_of_value;
use super::RequestError;
use crate::program::Program;
use serde_json::value::RawValue;
use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};

/// What a stream held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StreamStats {
    /// Request lines read (blank lines not counted).
    pub requests: u64,
    /// Lines answered with `{"error": ...}`.
    pub errors: u64,
}

/// How a stream is evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StreamOptions {
    /// Replay a timeline: a request without `state` (or with `"state": null`) gets the state of
    /// the last response for the same `profile.id` (`"u1"` and `1` are the same profile, as in
    /// evaluation), as a caller keeping state would hand it back (`herald eval --carry-state`).
    pub carry_state: bool,
}

/// The read buffer: large enough that a file streams through in few reads and writes.
const BUFFER: usize = 1 << 16;

impl Program {
    /// Evaluate every line of `input`, writing one response line each to `output`. I/O errors
    /// end the stream; request errors do not. `output` is flushed whenever `input` has nothing
    /// more buffered (before a read that may wait) and at the end.
    pub fn evaluate_ndjson<R: Read, W: Write>(
        &self,
        input: R,
        output: W,
    ) -> io::Result<StreamStats> {
        self.evaluate_ndjson_with(input, output, StreamOptions::default())
    }

    /// `evaluate_ndjson` with options.
    pub fn evaluate_ndjson_with<R: Read, W: Write>(
        &self,
        input: R,
        mut output: W,
        options: StreamOptions,
    ) -> io::Result<StreamStats> {
        let mut input = BufReader::with_capacity(BUFFER, input);
        let mut stats = StreamStats::default();
        let mut states: HashMap<String, String> = HashMap::new();
        let mut line = Vec::with_capacity(4096);
        let mut number: u64 = 0;
        loop {
            line.clear();
            let Some(length) = read_line_bounded(&mut input, &mut line, super::MAX_REQUEST_BYTES)?
            else {
                break;
            };
            number += 1;
            let answer = if length > super::MAX_REQUEST_BYTES {
                Some(Err(RequestError::RequestTooLarge {
                    bytes: length,
                    limit: super::MAX_REQUEST_BYTES,
                }))
            } else {
                // The line as it is (less a CR of a CRLF ending): trimming more would move the
                // positions in the error of a broken line away from what `evaluate_json` of the
                // same text reports (JSON allows the whitespace anyway).
                match std::str::from_utf8(line.strip_suffix(b"\r").unwrap_or(&line)) {
                    Ok(t) if t.trim().is_empty() => None,
                    Ok(t) if options.carry_state => Some(self.evaluate_carrying(t, &mut states)),
                    Ok(t) => Some(self.try_evaluate_json(t)),
                    Err(e) => Some(Err(RequestError::InvalidJson(format!(
                        "the line is not UTF-8 (bad byte at offset {})",
                        e.valid_up_to()
                    )))),
                }
            };
            if let Some(answer) = answer {
                stats.requests += 1;
                let response = answer.unwrap_or_else(|e| {
                    stats.errors += 1;
                    e.on_line(number).to_json()
                });
                output.write_all(response.as_bytes())?;
                output.write_all(b"\n")?;
            }
            if input.buffer().is_empty() {
                output.flush()?;
            }
        }
        output.flush()?;
        Ok(stats)
    }

    /// One line of a `carry_state` stream: the request with the profile's last state when it
    /// brings none, and that state replaced by the response's.
    fn evaluate_carrying(
        &self,
        text: &str,
        states: &mut HashMap<String, String>,
    ) -> Result<String, RequestError> {
        #[derive(serde::Deserialize)]
        struct Peek<'a> {
            #[serde(borrow, default)]
            profile: Option<&'a RawValue>,
            #[serde(borrow, default)]
            state: Option<&'a RawValue>,
        }
        #[derive(serde::Deserialize)]
        struct ProfileId {
            #[serde(default)]
            id: herald_lang::json::Value,
        }
        #[derive(serde::Deserialize)]
        struct StateOf<'a> {
            #[serde(borrow)]
            state: &'a RawValue,
        }
        // What is not a request object is answered as without the flag, error and all.
        let Ok(peek) = serde_json::from_str::<Peek<'_>>(text) else {
            return self.try_evaluate_json(text);
        };
        let id = peek
            .profile
            .and_then(|p| serde_json::from_str::<ProfileId>(p.get()).ok())
            .and_then(|p| id_of_value(&p.id).ok().flatten().map(|id| id.into_owned()));
        let Some(id) = id else {
            return self.try_evaluate_json(text);
        };
        let brings_state = peek.state.is_some_and(|s| s.get() != "null");
        let response = match states.get(&id) {
            // A later key wins: the state goes in after the line's own fields (an explicit
            // `"state": null` included), and positions in the line's text stay as they were.
            // Only an object takes the state: `Peek` also reads an array (`[{"id": …}]`), which
            // is answered as without the flag (before, the state was glued after the `]`, and
            // the line got a different error).
            Some(state) if !brings_state => match text.trim_end().strip_suffix('}') {
                Some(body) => self.try_evaluate_json(&format!("{body},\"state\":{state}}}"))?,
                None => self.try_evaluate_json(text)?,
            },
            _ => self.try_evaluate_json(text)?,
        };
        if let Ok(out) = serde_json::from_str::<StateOf<'_>>(&response) {
            states.insert(id, out.state.get().to_string());
        }
        Ok(response)
    }
}

/// Reads one line (through its `\n`, which is not kept) into `line`, keeping at most `limit`
/// bytes of it and skipping the rest. Returns the line's whole length (without the `\n`), or
/// `None` at the end of the input.
pub(crate) fn read_line_bounded<R: BufRead>(
    input: &mut R,
    line: &mut Vec<u8>,
    limit: usize,
) -> io::Result<Option<usize>> {
    let mut length = 0usize;
    let mut read_any = false;
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(read_any.then_some(length));
        }
        read_any = true;
        let newline = buf.iter().position(|&b| b == b'\n');
        let chunk = newline.and_then(|i| buf.get(..i)).unwrap_or(buf);
        let room = limit.saturating_sub(line.len());
        line.extend_from_slice(chunk.get(..chunk.len().min(room)).unwrap_or_default());
        length = length.saturating_add(chunk.len());
        let consumed = chunk.len() + usize::from(newline.is_some());
        input.consume(consumed);
        if newline.is_some() {
            return Ok(Some(length));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::compile;

    #[test]
    fn one_line_out_per_request_line_and_errors_do_not_stop_the_stream() {
        let p = compile("journey \"w\" {\n  when event \"Signed Up\"\n  send email \"hi\"\n}\n")
            .unwrap();
        let ok = r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u1","email":"a@b.c"},"event":{"name":"Signed Up"}}"#;
        let input = format!("{ok}\n\nnot json\n{ok}\r\n\u{0}\n");
        let mut out = Vec::new();
        let stats = p.evaluate_ndjson(input.as_bytes(), &mut out).unwrap();
        assert_eq!(stats.requests, 4);
        assert_eq!(stats.errors, 2);
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0]["decisions"][1]["action"], "send");
        assert_eq!(lines[1]["error"]["code"], "invalid_json");
        assert_eq!(lines[2]["decisions"][1]["action"], "send");
        assert_eq!(lines[3]["error"]["code"], "invalid_json");
        let invalid_utf8 = b"\xff\xfe\n";
        let mut out = Vec::new();
        let stats = p.evaluate_ndjson(&invalid_utf8[..], &mut out).unwrap();
        assert_eq!(stats.errors, 1);
        assert!(String::from_utf8(out).unwrap().contains("not UTF-8"));
    }

    #[test]
    fn a_line_past_the_request_limit_is_refused_without_being_held_and_the_stream_goes_on() {
        let p = compile("journey \"w\" {\n  when event \"Signed Up\"\n  send email \"hi\"\n}\n")
            .unwrap();
        let ok = r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u1","email":"a@b.c"},"event":{"name":"Signed Up"}}"#;
        let long = "x".repeat(crate::eval::MAX_REQUEST_BYTES + 10);
        let input = format!("{ok}\n{long}\n{ok}\n{long}");
        // A reader that hands out small pieces, as a pipe does.
        let reader = std::io::BufReader::with_capacity(1000, input.as_bytes());
        let mut out = Vec::new();
        let stats = p.evaluate_ndjson(reader, &mut out).unwrap();
        assert_eq!((stats.requests, stats.errors), (4, 2));
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0], p.evaluate_json(ok));
        assert!(
            lines[1].contains("request_too_large") && lines[1].contains(&long.len().to_string())
        );
        assert_eq!(lines[2], lines[0]);
        assert!(lines[3].contains("request_too_large"));
    }

    #[test]
    fn a_line_that_is_no_object_is_answered_alike_with_or_without_carried_state() {
        let p = compile("journey \"w\" {\n  when event \"Signed Up\"\n  send email \"hi\"\n}\n")
            .unwrap();
        let ok = r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u1","email":"a@b.c"},"event":{"name":"Signed Up"}}"#;
        let array = r#"[{"id":"u1","email":"a@b.c"}]"#;
        let input = format!("{ok}\n{array}\n");
        let answers = |carry_state| {
            let mut out = Vec::new();
            let options = super::StreamOptions { carry_state };
            p.evaluate_ndjson_with(input.as_bytes(), &mut out, options).unwrap();
            String::from_utf8(out).unwrap()
        };
        let (plain, carried) = (answers(false), answers(true));
        let second = |out: &str| out.lines().nth(1).unwrap().to_string();
        assert!(second(&plain).contains("\"invalid_request\""), "{plain}");
        assert_eq!(second(&carried), second(&plain));
    }

    #[test]
    fn a_broken_line_is_reported_as_evaluate_json_reports_its_text() {
        let p = compile("journey \"w\" {\n  when event \"e\"\n  stop\n}\n").unwrap();
        // Cut inside a string that ends with a space: the error's column is the text's.
        let broken = r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"Jo "#;
        let mut out = Vec::new();
        p.evaluate_ndjson(format!("{broken}\n").as_bytes(), &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), format!("{}\n", p.evaluate_json(broken)));
    }

    #[test]
    fn bounded_lines_keep_what_fits_and_measure_the_rest() {
        let mut input = &b"abcdef\n\nxyz"[..];
        let mut line = Vec::new();
        assert_eq!(super::read_line_bounded(&mut input, &mut line, 4).unwrap(), Some(6));
        assert_eq!(line, b"abcd");
        line.clear();
        assert_eq!(super::read_line_bounded(&mut input, &mut line, 4).unwrap(), Some(0));
        line.clear();
        assert_eq!(super::read_line_bounded(&mut input, &mut line, 4).unwrap(), Some(3));
        assert_eq!(line, b"xyz");
        line.clear();
        assert_eq!(super::read_line_bounded(&mut input, &mut line, 4).unwrap(), None);
    }
}
