//! One linear pass over the source before the parser (`grammar.rs`) sees it. It
//! - bounds nesting depth (brackets, braces, interpolations), because the parser recurses once
//!   per level and, in WebAssembly, has no stack guard: 100,000 `(` must be an error, not a trap;
//! - reports an unterminated string where it starts (the parser would report it far away);
//! - collects the comments, which the grammar skips, for the formatter.

use super::ast::{Comment, Span};
use crate::diagnostics::{codes, Diagnostic};

/// Deepest nesting of `( [ { {{` the parser accepts.
pub const MAX_NESTING: usize = 64;

enum Mode {
    Code,
    /// Inside a string that started at this byte.
    Str(usize),
    /// Inside `{{ }}`; the bracket depth when it opened.
    Interp(usize),
}

pub struct Prescan {
    pub comments: Vec<Comment>,
}

pub fn prescan(source: &str) -> Result<Prescan, Diagnostic> {
    let bytes = source.as_bytes();
    let mut comments = Vec::new();
    let mut modes: Vec<Mode> = vec![Mode::Code];
    let mut depth = 0usize; // open ( [ { {{ in code and interpolations
    let mut i = 0usize;
    let too_deep = |at: usize| {
        Diagnostic::error(
            codes::TOO_DEEP,
            Span::new(at, at + 1),
            format!("nesting is deeper than {MAX_NESTING} levels"),
        )
        .with_help("split the journey into simpler steps or conditions")
    };
    while let Some(&b) = bytes.get(i) {
        match modes.last() {
            Some(Mode::Code) | Some(Mode::Interp(_)) => {
                let in_interp = matches!(modes.last(), Some(Mode::Interp(_)));
                match b {
                    b'#' if !in_interp => {
                        let end = source
                            .get(i..)
                            .and_then(|s| s.find('\n'))
                            .map_or(source.len(), |n| i + n);
                        let text = source.get(i + 1..end).unwrap_or("").trim_end_matches('\r');
                        comments.push(Comment { text: text.to_string(), span: Span::new(i, end) });
                        i = end;
                        continue;
                    }
                    b'"' => modes.push(Mode::Str(i)),
                    b'}' if in_interp && bytes.get(i + 1) == Some(&b'}') => {
                        if let Some(Mode::Interp(open_depth)) = modes.last() {
                            if *open_depth + 1 == depth {
                                modes.pop();
                                depth -= 1;
                                i += 2;
                                continue;
                            }
                        }
                        depth = depth.saturating_sub(1);
                    }
                    b'(' | b'[' | b'{' => {
                        depth += 1;
                        if depth > MAX_NESTING {
                            return Err(too_deep(i));
                        }
                    }
                    b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                i += 1;
            }
            Some(Mode::Str(start)) => {
                let start = *start;
                match b {
                    b'\\' => i += 1, // skip the escaped byte (a multi-byte char is skipped below)
                    b'"' => {
                        modes.pop();
                    }
                    b'\n' => return Err(unterminated(source, start)),
                    b'{' if bytes.get(i + 1) == Some(&b'{') => {
                        modes.push(Mode::Interp(depth));
                        depth += 1;
                        if depth > MAX_NESTING {
                            return Err(too_deep(i));
                        }
                        i += 2;
                        continue;
                    }
                    _ => {}
                }
                i += 1;
            }
            None => break,
        }
    }
    for mode in modes.iter().rev() {
        if let Mode::Str(start) = mode {
            return Err(unterminated(source, *start));
        }
    }
    Ok(Prescan { comments })
}

fn unterminated(source: &str, start: usize) -> Diagnostic {
    let end = source.get(start..).and_then(|s| s.find('\n')).map_or(source.len(), |n| start + n);
    Diagnostic::error(codes::UNTERMINATED_STRING, Span::new(start, end), "unterminated string")
        .with_help("close the string with `\"` on the same line (write `\\n` for a line break)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_comments_outside_strings() {
        let p = prescan("# a\nsend sms \"# not\" # b\n").unwrap();
        let texts: Vec<_> = p.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, [" a", " b"]);
    }

    #[test]
    fn unterminated_string_is_reported_where_it_starts() {
        let src = "journey \"x\" {\n  send sms \"hello\n}\n";
        let d = prescan(src).err().unwrap();
        assert_eq!(d.code, codes::UNTERMINATED_STRING);
        assert_eq!(d.span.start, src.find("\"hello").unwrap());
    }

    #[test]
    fn quotes_inside_interpolation_do_not_end_the_string() {
        assert!(prescan(r#"send sms "Hi {{profile.first_name ?? "there"}}, ok""#).is_ok());
        assert!(prescan(r#"send sms "Hi {{profile.first_name ?? "there}}""#).is_err());
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let src = "(".repeat(100_000);
        assert_eq!(prescan(&src).err().unwrap().code, codes::TOO_DEEP);
        let ok = format!("{}1{}", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
        assert!(prescan(&ok).is_ok());
    }
}
