//! NDJSON streaming, what `herald eval FILE` does: one JSON request a line in, one JSON response
//! (or `{"error": ...}`) a line out, in order. A bad line gets its error line and the rest go
//! on. Blank lines are skipped.

use crate::compile::Program;
use std::io::{self, BufRead, Write};

/// What a stream held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StreamStats {
    /// Request lines read (blank lines not counted).
    pub requests: u64,
    /// Lines answered with `{"error": ...}`.
    pub errors: u64,
}

impl Program {
    /// Evaluate every line of `input`, writing one response line each to `output`. I/O errors
    /// end the stream; request errors do not.
    pub fn evaluate_ndjson<R: BufRead, W: Write>(
        &self,
        mut input: R,
        mut output: W,
    ) -> io::Result<StreamStats> {
        let mut stats = StreamStats::default();
        let mut line = Vec::with_capacity(4096);
        loop {
            line.clear();
            if input.read_until(b'\n', &mut line)? == 0 {
                break;
            }
            let text = match std::str::from_utf8(&line) {
                Ok(t) => t.trim(),
                Err(e) => {
                    stats.requests += 1;
                    stats.errors += 1;
                    let err = super::RequestError::InvalidJson(format!(
                        "the line is not UTF-8 (bad byte at offset {})",
                        e.valid_up_to()
                    ));
                    output.write_all(err.to_json().as_bytes())?;
                    output.write_all(b"\n")?;
                    continue;
                }
            };
            if text.is_empty() {
                continue;
            }
            stats.requests += 1;
            let response = match self.try_evaluate_json(text) {
                Ok(r) => r,
                Err(e) => {
                    stats.errors += 1;
                    e.to_json()
                }
            };
            output.write_all(response.as_bytes())?;
            output.write_all(b"\n")?;
        }
        output.flush()?;
        Ok(stats)
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
        let input = format!("{ok}\n\nnot json\n{ok}\n\u{0}\n");
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
}
