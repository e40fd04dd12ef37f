//! Where the comments are. The grammar skips comments, so the tree does not hold them; the
//! printer sweeps this sorted queue forward as it prints and consumes every comment exactly once.
//!
//! Also the small source-text questions the printer asks: where a node's own text ends (the parser's
//! spans may run over the whitespace and comments after a node), whether a blank line separates
//! two positions, where the `{` after a header is.

use crate::syntax::ast::{Comment, File, Span};

pub(crate) struct Comments {
    /// Sorted by start, non-overlapping.
    list: Vec<Comment>,
    /// Index of the first comment not printed yet.
    next: usize,
}

impl Comments {
    /// The file's comments plus those inside multi-line `{{ }}` interpolations, which the grammar
    /// skips but the pre-scan does not collect.
    pub(crate) fn collect(file: &File, src: &str) -> Self {
        let mut list = file.comments.clone();
        list.extend(interpolation_comments(src));
        crate::sort::sort_by_key(&mut list, |c| c.span.start);
        list.dedup_by_key(|c| c.span.start);
        Comments { list, next: 0 }
    }

    /// No comments at all (a printing that leaves them out).
    pub(crate) fn none() -> Self {
        Comments { list: Vec::new(), next: 0 }
    }

    /// Takes the next comment if it starts before `pos`.
    pub(crate) fn pop_before(&mut self, pos: usize) -> Option<Comment> {
        let c = self.list.get(self.next).filter(|c| c.span.start < pos)?.clone();
        self.next += 1;
        Some(c)
    }

    /// Takes the next comment if it is on the same line as `end`, after nothing but spaces.
    pub(crate) fn pop_trailing(&mut self, src: &str, end: usize) -> Option<Comment> {
        let c = self.list.get(self.next)?;
        let between = src.get(end..c.span.start)?;
        if between.chars().all(|ch| ch.is_whitespace() && ch != '\n') {
            let c = c.clone();
            self.next += 1;
            Some(c)
        } else {
            None
        }
    }

    /// Drops the comments that start before `pos` (they were printed as part of verbatim text).
    pub(crate) fn skip_before(&mut self, pos: usize) {
        while self.pop_before(pos).is_some() {}
    }

    /// Whether a comment not printed yet starts in `[start, end)`.
    pub(crate) fn any_in(&self, start: usize, end: usize) -> bool {
        let rest = self.list.get(self.next..).unwrap_or_default();
        let i = rest.partition_point(|c| c.span.start < start);
        rest.get(i).is_some_and(|c| c.span.start < end)
    }

    /// Where the text of the node with this span really ends: before the whitespace and
    /// comments that the parser (as pest) may have included at its end.
    pub(crate) fn content_end(&self, src: &str, span: Span) -> usize {
        let bytes = src.as_bytes();
        let mut end = span.end.min(bytes.len());
        loop {
            while end > span.start && bytes.get(end - 1).is_some_and(u8::is_ascii_whitespace) {
                end -= 1;
            }
            // The last comment starting before `end` is the only one that can end there.
            let i = self.list.partition_point(|c| c.span.start < end);
            match i.checked_sub(1).and_then(|i| self.list.get(i)) {
                Some(c) if c.span.start >= span.start && text_end(c) == end => end = c.span.start,
                _ => return end,
            }
        }
    }
}

/// The end of a comment's visible text (its span may include a `\r` and trailing spaces).
fn text_end(c: &Comment) -> usize {
    c.span.start + 1 + c.text.trim_end().len()
}

/// Whether the source between `from` and `to` holds an empty (or whitespace-only) line.
pub(crate) fn blank_line_between(src: &str, from: usize, to: usize) -> bool {
    let Some(text) = src.get(from..to) else {
        return false;
    };
    let mut line_is_empty = false;
    for c in text.chars() {
        match c {
            '\n' if line_is_empty => return true,
            '\n' => line_is_empty = true,
            c if c.is_whitespace() => {}
            _ => line_is_empty = false,
        }
    }
    false
}

/// The position of the `{` that opens a block after a header ending at `from`: only whitespace
/// and comments may come between. Falls back to `from` (hand-built trees have no source).
pub(crate) fn open_brace_after(src: &str, from: usize) -> usize {
    let bytes = src.as_bytes();
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'{' => return i,
            b'#' => {
                while bytes.get(i).is_some_and(|&b| b != b'\n') {
                    i += 1;
                }
            }
            b if b.is_ascii_whitespace() => i += 1,
            _ => break,
        }
    }
    from
}

/// Comments inside `{{ }}`: the grammar allows them when an interpolation spans lines. Scans
/// the source as the pre-scan does (strings, nested interpolations), recording `#` comments only
/// in interpolation code; comments in plain code are already in `File.comments`.
fn interpolation_comments(src: &str) -> Vec<Comment> {
    enum Mode {
        Code,
        Str,
        Interp,
    }
    let mut found = Vec::new();
    if !src.contains("{{") {
        return found;
    }
    let bytes = src.as_bytes();
    let mut modes = vec![Mode::Code];
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match modes.last() {
            Some(Mode::Code) | None => match b {
                b'#' => i = line_end(src, i),
                b'"' => {
                    modes.push(Mode::Str);
                    i += 1;
                }
                _ => i += 1,
            },
            Some(Mode::Interp) => match b {
                b'#' => {
                    let end = line_end(src, i);
                    let text = src.get(i + 1..end).unwrap_or("").trim_end_matches('\r');
                    found.push(Comment { text: text.to_string(), span: Span::new(i, end) });
                    i = end;
                }
                b'"' => {
                    modes.push(Mode::Str);
                    i += 1;
                }
                b'}' if bytes.get(i + 1) == Some(&b'}') => {
                    modes.pop();
                    i += 2;
                }
                _ => i += 1,
            },
            Some(Mode::Str) => match b {
                b'\\' => i += 2,
                b'"' | b'\n' => {
                    modes.pop();
                    i += 1;
                }
                b'{' if bytes.get(i + 1) == Some(&b'{') => {
                    modes.push(Mode::Interp);
                    i += 2;
                }
                _ => i += 1,
            },
        }
    }
    found
}

/// The position of the `\n` ending the line that contains `i` (or the end of the text).
fn line_end(src: &str, i: usize) -> usize {
    src.get(i..).and_then(|s| s.find('\n')).map_or(src.len(), |n| i + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_are_found_between_positions() {
        assert!(blank_line_between("a\n\nb", 1, 3));
        assert!(blank_line_between("a\n  \t\r\nb", 1, 7));
        assert!(!blank_line_between("a\nb", 1, 2));
        assert!(!blank_line_between("a\n x \nb", 1, 6));
        assert!(!blank_line_between("", 0, 5));
    }

    #[test]
    fn the_open_brace_is_found_past_comments() {
        let src = "policy # c {\n  {";
        assert_eq!(open_brace_after(src, 6), src.rfind('{').unwrap());
        assert_eq!(open_brace_after("policy x {", 6), 6);
    }

    #[test]
    fn comments_in_interpolations_are_found() {
        let src = "# a\nsend sms \"x {{ a # b\n ?? \"{{ c # d\n }}\" }} # no\" # e\n";
        let texts: Vec<_> = interpolation_comments(src).into_iter().map(|c| c.text).collect();
        assert_eq!(texts, [" b", " d"]);
    }
}
