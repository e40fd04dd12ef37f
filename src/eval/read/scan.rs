//! The tokenizer of request text: a cursor over JSON bytes that knows JSON and nothing of
//! the request format (jaq keeps its lexer apart from its rules in the same way). Every method
//! answers `None` for what it does not handle (escapes in the strings it returns, numbers it
//! does not build, every error): the reader then leaves the request to serde, the reference.
//! `fast.rs` holds the rules it is driven by; `special_byte` is shared with the response writer.

use herald_lang::json::{Number, Value};

/// Values nested deeper than this are left to serde, which bounds depth at 128 from the top of
/// the request: a value the fast reader parses from its own text is then never deeper than
/// serde would have allowed in place.
const MAX_KEPT_DEPTH: u32 = 64;

/// A JSON value serde parses whole, parsed from its own text: `None` when serde refuses it (its
/// error message is serde's to write) or it is too deep to be sure serde would accept it in
/// place.
pub(super) fn parse_kept(raw: &str) -> Option<Value> {
    if depth(raw) > MAX_KEPT_DEPTH {
        return None;
    }
    super::parse::value_of_text(raw).ok()
}

/// The nesting depth of valid JSON text (brackets outside strings).
pub(super) fn depth(raw: &str) -> u32 {
    let (mut depth, mut max, mut in_string, mut escaped) = (0u32, 0u32, false, false);
    for &b in raw.as_bytes() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

pub(super) enum Literal {
    True,
    False,
    Null,
}

/// The one walk of an object's members: `{`, then for each member its key (`$read_key`, which
/// reads it with its colon, bound to `$key`) and `$body` (which reads the value), then `,` or
/// `}`. A macro rather than a method taking a closure: the body is the reader's own code, so
/// `?` and `return` act on the reader and nothing is left behind a call (a closure version
/// measured 1.4 % more instructions per `evaluate_json`: its largest bodies were not inlined).
macro_rules! for_each_member {
    ($s:ident, $read_key:expr, |$key:pat_param| $body:block) => {
        $s.eat(b'{')?;
        $s.ws();
        if !$s.eat_if(b'}') {
            loop {
                let $key = $read_key;
                $s.ws();
                $body
                if !$s.next_member(b'}')? {
                    break;
                }
            }
        }
    };
}

/// The one walk of an array's elements: `[`, `$body` for each (it reads the element), `,` or
/// `]`. A macro for the reason `for_each_member!` is.
macro_rules! for_each_element {
    ($s:ident, $body:block) => {
        $s.eat(b'[')?;
        $s.ws();
        if !$s.eat_if(b']') {
            loop {
                $body
                if !$s.next_member(b']')? {
                    break;
                }
            }
        }
    };
}

pub(crate) use {for_each_element, for_each_member};

/// A cursor over JSON text. Every method returns `None` for what it does not handle.
pub(crate) struct Scanner<'a> {
    pub(crate) text: &'a str,
    pub(crate) bytes: &'a [u8],
    pub(crate) pos: usize,
}

impl<'a> Scanner<'a> {
    #[inline(always)]
    pub(super) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline(always)]
    pub(crate) fn ws(&mut self) {
        self.pos = skip_ws(self.bytes, self.pos);
    }

    #[inline(always)]
    pub(crate) fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.pos += 1)
    }

    #[inline(always)]
    pub(crate) fn eat_if(&mut self, b: u8) -> bool {
        self.eat(b).is_some()
    }

    /// After a member or element: `,` (true: another follows) or the closing bracket (false).
    #[inline(always)]
    pub(crate) fn next_member(&mut self, close: u8) -> Option<bool> {
        self.ws();
        match self.peek()? {
            b',' => {
                self.pos += 1;
                self.ws();
                Some(true)
            }
            b if b == close => {
                self.pos += 1;
                Some(false)
            }
            _ => None,
        }
    }

    /// An object key and its colon: a string without escapes.
    #[inline(always)]
    pub(crate) fn key(&mut self) -> Option<&'a str> {
        let key = self.plain_string()?;
        self.ws();
        self.eat(b':')?;
        Some(key)
    }

    /// A string without escapes (or control characters, which JSON forbids), borrowed.
    #[inline(always)]
    pub(super) fn plain_string(&mut self) -> Option<&'a str> {
        let start = self.pos + 1;
        let bytes = self.plain_bytes()?;
        self.text.get(start..start + bytes.len())
    }

    /// A plain string's bytes (as `plain_string`, without making them `&str`: both ends sit
    /// next to a quote, so they are character boundaries, and the bytes are only compared).
    #[inline(always)]
    pub(super) fn plain_bytes(&mut self) -> Option<&'a [u8]> {
        self.eat(b'"')?;
        let start = self.pos;
        self.pos = special_byte(self.bytes, self.pos);
        if self.peek()? != b'"' {
            return None;
        }
        let s = self.bytes.get(start..self.pos)?;
        self.pos += 1;
        Some(s)
    }

    /// A plain string's bytes or `null`.
    #[inline(always)]
    pub(super) fn bytes_or_null(&mut self) -> Option<Option<&'a [u8]>> {
        match self.peek()? {
            b'"' => self.plain_bytes().map(Some),
            b'n' => {
                self.literal()?;
                Some(None)
            }
            _ => None,
        }
    }

    /// A plain string or `null` (the profile's text fields).
    #[inline(always)]
    pub(super) fn text_or_null(&mut self) -> Option<Option<&'a str>> {
        let start = self.pos + 1;
        match self.bytes_or_null()? {
            None => Some(None),
            Some(bytes) => self.text.get(start..start + bytes.len()).map(Some),
        }
    }

    #[inline(always)]
    pub(super) fn literal(&mut self) -> Option<Literal> {
        let rest = self.bytes.get(self.pos..)?;
        let (lit, len) = if rest.starts_with(b"true") {
            (Literal::True, 4)
        } else if rest.starts_with(b"false") {
            (Literal::False, 5)
        } else if rest.starts_with(b"null") {
            (Literal::Null, 4)
        } else {
            return None;
        };
        self.pos += len;
        Some(lit)
    }

    /// The value of a key a journey reads: plain strings, whole numbers and literals are built
    /// here; anything else is parsed by serde from its text.
    pub(super) fn kept_value(&mut self) -> Option<Value> {
        match self.peek()? {
            b'"' => {
                let start = self.pos;
                if let Some(s) = self.plain_string() {
                    return Some(Value::String(s.to_string()));
                }
                self.pos = start;
            }
            b't' | b'f' | b'n' => {
                return Some(match self.literal()? {
                    Literal::True => Value::Bool(true),
                    Literal::False => Value::Bool(false),
                    Literal::Null => Value::Null,
                });
            }
            b'-' | b'0'..=b'9' => {
                let start = self.pos;
                self.skip_number()?;
                let raw = self.text.get(start..self.pos)?;
                return match whole_number(raw) {
                    Some(n) => Some(Value::Number(n)),
                    None => parse_kept(raw),
                };
            }
            _ => {}
        }
        parse_kept(self.raw_value()?)
    }

    /// Skips a value (validated as serde_json validates a value it skips) and returns its text.
    pub(crate) fn raw_value(&mut self) -> Option<&'a str> {
        let start = self.pos;
        self.skip_value()?;
        self.text.get(start..self.pos)
    }

    /// Skips one JSON value, iteratively (no recursion, any depth, as serde_json's
    /// `ignore_value`), validating it as serde_json validates a value it skips.
    #[inline(always)]
    pub(super) fn skip_value(&mut self) -> Option<()> {
        self.pos = skip(self.bytes, self.pos)?;
        Some(())
    }

    /// Skips a number by JSON's grammar (as serde_json's `ignore_number`).
    #[inline(always)]
    pub(super) fn skip_number(&mut self) -> Option<()> {
        self.pos = skip_number(self.bytes, self.pos)?;
        Some(())
    }
}

// The skipping functions work on a position in a local variable (not a field behind `&mut`),
// so that it stays in a register across the whole value: the difference is large in
// WebAssembly, where a field is a load and a store in linear memory at every byte.

#[inline(always)]
fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    // One comparison in the common case: the next byte is no whitespace (JSON.stringify and
    // serde write none).
    while let Some(&b) = bytes.get(pos) {
        if b > b' ' || !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
            break;
        }
        pos += 1;
    }
    pos
}

/// The position after the value at `pos` (which may start with whitespace' absence: it must
/// start right there), or `None` when it is not valid JSON as serde_json skips it.
fn skip(bytes: &[u8], mut pos: usize) -> Option<usize> {
    let mut open = OpenContainers::default();
    loop {
        // A value.
        match *bytes.get(pos)? {
            b'"' => pos = skip_string(bytes, pos)?,
            b'-' | b'0'..=b'9' => pos = skip_number(bytes, pos)?,
            b't' => pos = skip_literal(bytes, pos, b"true")?,
            b'f' => pos = skip_literal(bytes, pos, b"false")?,
            b'n' => pos = skip_literal(bytes, pos, b"null")?,
            b'{' => {
                pos = skip_ws(bytes, pos + 1);
                if bytes.get(pos) == Some(&b'}') {
                    pos += 1;
                } else {
                    open.push(true);
                    pos = skip_member_key(bytes, pos)?;
                    continue;
                }
            }
            b'[' => {
                pos = skip_ws(bytes, pos + 1);
                if bytes.get(pos) == Some(&b']') {
                    pos += 1;
                } else {
                    open.push(false);
                    continue;
                }
            }
            _ => return None,
        }
        // After a value: close containers or move on to the next member.
        loop {
            let Some(object) = open.last() else { return Some(pos) };
            pos = skip_ws(bytes, pos);
            match *bytes.get(pos)? {
                b',' => {
                    pos = skip_ws(bytes, pos + 1);
                    if object {
                        pos = skip_member_key(bytes, pos)?;
                    }
                    break;
                }
                b'}' if object => {
                    pos += 1;
                    open.pop();
                }
                b']' if !object => {
                    pos += 1;
                    open.pop();
                }
                _ => return None,
            }
        }
    }
}

/// `"key" :` and the whitespace before the member's value.
#[inline(always)]
fn skip_member_key(bytes: &[u8], pos: usize) -> Option<usize> {
    let pos = skip_ws(bytes, skip_string(bytes, pos)?);
    if bytes.get(pos) != Some(&b':') {
        return None;
    }
    Some(skip_ws(bytes, pos + 1))
}

#[inline(always)]
fn skip_literal(bytes: &[u8], pos: usize, literal: &[u8]) -> Option<usize> {
    let end = pos.checked_add(literal.len())?;
    (bytes.get(pos..end)? == literal).then_some(end)
}

/// The position after the string at `pos`, validating escapes as serde_json does for a string
/// it skips (control characters refused, `\u` followed by four hex digits).
#[inline(always)]
fn skip_string(bytes: &[u8], pos: usize) -> Option<usize> {
    if bytes.get(pos) != Some(&b'"') {
        return None;
    }
    let mut pos = pos + 1;
    loop {
        pos = special_byte(bytes, pos);
        match *bytes.get(pos)? {
            b'"' => return Some(pos + 1),
            b'\\' => match *bytes.get(pos + 1)? {
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => pos += 2,
                b'u' => {
                    let hex = bytes.get(pos + 2..pos + 6)?;
                    if !hex.iter().all(u8::is_ascii_hexdigit) {
                        return None;
                    }
                    pos += 6;
                }
                _ => return None,
            },
            _ => return None,
        }
    }
}

/// The position after the number at `pos`, by JSON's grammar (serde_json's `ignore_number`).
#[inline(always)]
fn skip_number(bytes: &[u8], mut pos: usize) -> Option<usize> {
    let digits = |mut pos: usize| {
        while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        pos
    };
    if bytes.get(pos) == Some(&b'-') {
        pos += 1;
    }
    match *bytes.get(pos)? {
        b'0' => {
            pos += 1;
            if bytes.get(pos).is_some_and(u8::is_ascii_digit) {
                return None;
            }
        }
        b'1'..=b'9' => pos = digits(pos + 1),
        _ => return None,
    }
    if bytes.get(pos) == Some(&b'.') {
        if !bytes.get(pos + 1)?.is_ascii_digit() {
            return None;
        }
        pos = digits(pos + 1);
    }
    if let Some(b'e' | b'E') = bytes.get(pos) {
        pos += 1;
        if let Some(b'+' | b'-') = bytes.get(pos) {
            pos += 1;
        }
        if !bytes.get(pos)?.is_ascii_digit() {
            return None;
        }
        pos = digits(pos);
    }
    Some(pos)
}

/// The containers `skip_value` is inside, innermost last (true for an object): a bit per level
/// for the first 64 levels, so that skipping allocates only for deeper values.
#[derive(Default)]
pub(super) struct OpenContainers {
    depth: usize,
    bits: u64,
    deeper: Vec<bool>,
}

impl OpenContainers {
    #[inline(always)]
    pub(super) fn push(&mut self, object: bool) {
        if self.depth < 64 {
            self.bits = (self.bits & !(1 << self.depth)) | (u64::from(object) << self.depth);
        } else {
            self.deeper.push(object);
        }
        self.depth += 1;
    }

    #[inline(always)]
    pub(super) fn last(&self) -> Option<bool> {
        let top = self.depth.checked_sub(1)?;
        if top < 64 {
            Some(self.bits & (1 << top) != 0)
        } else {
            self.deeper.last().copied()
        }
    }

    #[inline(always)]
    pub(super) fn pop(&mut self) {
        if self.depth > 64 {
            self.deeper.pop();
        }
        self.depth = self.depth.saturating_sub(1);
    }
}

/// The index of the first byte from `pos` on that ends or interrupts a string's plain text (`"`,
/// `\\` or a control character), or the length; shared with the JSON writer.
pub(crate) use herald_lang::json::special_byte;

/// A whole number serde_json would read as an integer (`-?[1-9][0-9]{0,17}` or `0`): the same
/// `Number` without asking serde. `-0` and anything else: `None`.
pub(super) fn whole_number(raw: &str) -> Option<Number> {
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if digits.starts_with('0') && (digits.len() > 1 || raw.starts_with('-')) {
        return None;
    }
    let n: u64 = digits.parse().ok()?;
    if raw.starts_with('-') {
        Some(Number::from(-i64::try_from(n).ok()?))
    } else {
        Some(Number::from(n))
    }
}
