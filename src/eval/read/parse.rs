//! serde_json's reader, by hand: JSON text read exactly as `serde_json::from_str` reads it
//! (the same values, numbers read as it reads them with `float_roundtrip`), with its error for
//! every input: the same message (`expected value`, `invalid type: string "x", expected u32`),
//! category and position (line and column, where serde_json reports the peeked byte or the one
//! just consumed). The runtime module then links no serde deserializer: the typed readers
//! (`typed.rs`) read the event, the state and the prices with it, in the order serde's derives
//! would, and the differential tests (`parse/tests.rs`) hold it to serde_json on random and
//! mutated texts (serde_json stays the oracle, in the tests only).
//!
//! The methods mirror serde_json's `Deserializer` (de.rs) and `SliceRead` (read.rs) one for one,
//! with their names, so that a reader can check each against its original.

use herald_lang::json::{Map, Number, Value};
use std::borrow::Cow;
use std::fmt;

/// serde_json's error: its message, its line and column (0 and 0: none), and whether it is a
/// data error (`Category::Data`) rather than a syntax or EOF one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsonError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub data: bool,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            f.write_str(&self.message)
        } else {
            write!(f, "{} at line {} column {}", self.message, self.line, self.column)
        }
    }
}

impl JsonError {
    /// A data error without a position (serde's `de::Error::custom`): the reader that returns
    /// it places it (`fix_position`). serde_json's `make_error` takes a trailing
    /// " at line L column C" of the message as the position, as here.
    pub(crate) fn custom(message: String) -> JsonError {
        let mut message = message;
        let (line, column) = parse_line_col(&mut message).unwrap_or((0, 0));
        JsonError { message, line, column, data: true }
    }

    /// `invalid type: UNEXPECTED, expected EXPECTED`.
    pub(crate) fn invalid_type(unexpected: &Unexpected<'_>, expected: &dyn fmt::Display) -> Self {
        JsonError::custom(format!("invalid type: {unexpected}, expected {expected}"))
    }

    /// `invalid value: UNEXPECTED, expected EXPECTED`.
    pub(crate) fn invalid_value(unexpected: &Unexpected<'_>, expected: &dyn fmt::Display) -> Self {
        JsonError::custom(format!("invalid value: {unexpected}, expected {expected}"))
    }

    pub(crate) fn invalid_length(len: usize, expected: &dyn fmt::Display) -> Self {
        JsonError::custom(format!("invalid length {len}, expected {expected}"))
    }

    pub(crate) fn missing_field(field: &str) -> Self {
        JsonError::custom(format!("missing field `{field}`"))
    }

    pub(crate) fn duplicate_field(field: &str) -> Self {
        JsonError::custom(format!("duplicate field `{field}`"))
    }

    pub(crate) fn unknown_field(field: &str, expected: &[&str]) -> Self {
        JsonError::custom(format!("unknown field `{field}`, expected {}", OneOf(expected)))
    }

    pub(crate) fn unknown_variant(variant: &str, expected: &[&str]) -> Self {
        JsonError::custom(format!("unknown variant `{variant}`, expected {}", OneOf(expected)))
    }

    /// The message without the position (what `error::without_position` made of serde's).
    pub(crate) fn detail(&self) -> &str {
        &self.message
    }
}

#[cfg(test)]
impl From<&serde_json::Error> for JsonError {
    /// serde_json's error as this reader gives it (the oracles of the tests: serde_json, and
    /// the serde reader of a request).
    fn from(e: &serde_json::Error) -> JsonError {
        let message = e.to_string();
        let at = format!(" at line {} column {}", e.line(), e.column());
        let message = match message.strip_suffix(&at) {
            Some(m) if e.line() != 0 => m.to_string(),
            _ => message,
        };
        JsonError {
            message,
            line: e.line(),
            column: e.column(),
            data: e.classify() == serde_json::error::Category::Data,
        }
    }
}

/// serde_json's `parse_line_col`: a message ending in " at line L column C" (digits) is that
/// message at that position.
fn parse_line_col(msg: &mut String) -> Option<(usize, usize)> {
    let start = msg.rfind(" at line ")?;
    let rest = msg.get(start + " at line ".len()..)?;
    let line_digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after_line = rest.get(line_digits..)?;
    let col_text = after_line.strip_prefix(" column ")?;
    if !col_text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let line = rest.get(..line_digits)?.parse().ok()?;
    let column = col_text.parse().ok()?;
    msg.truncate(start);
    Some((line, column))
}

/// serde's `OneOf`: `` `a` ``, `` `a` or `b` ``, `` one of `a`, `b`, `c` ``.
struct OneOf<'n>(&'n [&'n str]);

impl fmt::Display for OneOf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [] => f.write_str("nothing"),
            [one] => write!(f, "`{one}`"),
            [a, b] => write!(f, "`{a}` or `{b}`"),
            names => {
                f.write_str("one of ")?;
                for (i, name) in names.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "`{name}`")?;
                }
                Ok(())
            }
        }
    }
}

/// What serde's `Unexpected` says of a value (as serde_json's `JsonUnexpected` shows it: null
/// as `null`, floats by zmij).
pub(crate) enum Unexpected<'s> {
    Unit,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Str(&'s str),
    Seq,
    Map,
}

impl fmt::Display for Unexpected<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unexpected::Unit => f.write_str("null"),
            Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
            Unexpected::Unsigned(n) => write!(f, "integer `{n}`"),
            Unexpected::Signed(n) => write!(f, "integer `{n}`"),
            Unexpected::Float(x) => {
                write!(f, "floating point `{}`", zmij::Buffer::new().format(*x))
            }
            Unexpected::Str(s) => write!(f, "string {s:?}"),
            Unexpected::Seq => f.write_str("sequence"),
            Unexpected::Map => f.write_str("map"),
        }
    }
}

// serde_json's syntax errors (`ErrorCode`'s texts).
pub(crate) const EOF_LIST: &str = "EOF while parsing a list";
pub(crate) const EOF_OBJECT: &str = "EOF while parsing an object";
const EOF_STRING: &str = "EOF while parsing a string";
pub(crate) const EOF_VALUE: &str = "EOF while parsing a value";
const EXPECTED_COLON: &str = "expected `:`";
const EXPECTED_LIST_COMMA_OR_END: &str = "expected `,` or `]`";
const EXPECTED_OBJECT_COMMA_OR_END: &str = "expected `,` or `}`";
const EXPECTED_IDENT: &str = "expected ident";
pub(crate) const EXPECTED_VALUE: &str = "expected value";
const INVALID_ESCAPE: &str = "invalid escape";
const INVALID_NUMBER: &str = "invalid number";
const NUMBER_OUT_OF_RANGE: &str = "number out of range";
const CONTROL_CHARACTER: &str = "control character (\\u0000-\\u001F) found while parsing a string";
pub(crate) const KEY_MUST_BE_A_STRING: &str = "key must be a string";
const LONE_LEADING_SURROGATE: &str = "lone leading surrogate in hex escape";
const TRAILING_COMMA: &str = "trailing comma";
const TRAILING_CHARACTERS: &str = "trailing characters";
const UNEXPECTED_END_OF_HEX_ESCAPE: &str = "unexpected end of hex escape";
const RECURSION_LIMIT_EXCEEDED: &str = "recursion limit exceeded";

/// serde_json's `raw_value` token: a map whose first key is this reads as the JSON in its
/// string value (`Value`'s `KeyClassifier`).
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

pub(crate) type Result<T> = std::result::Result<T, JsonError>;

/// A number as serde_json's parser reads it (`ParserNumber`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Num {
    F64(f64),
    U64(u64),
    I64(i64),
}

impl Num {
    pub(crate) fn unexpected(self) -> Unexpected<'static> {
        match self {
            Num::F64(x) => Unexpected::Float(x),
            Num::U64(n) => Unexpected::Unsigned(n),
            Num::I64(n) => Unexpected::Signed(n),
        }
    }

    fn into_value(self) -> Value {
        match self {
            Num::F64(x) => Number::from_f64(x).map_or(Value::Null, Value::Number),
            Num::U64(n) => Value::Number(n.into()),
            Num::I64(n) => Value::Number(n.into()),
        }
    }
}

/// A cursor over JSON text, as serde_json's `Deserializer<StrRead>`.
pub(crate) struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pub(crate) index: usize,
    remaining_depth: u8,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(text: &'a str) -> Reader<'a> {
        Reader { text, bytes: text.as_bytes(), index: 0, remaining_depth: 128 }
    }

    // ---- Positions and errors.

    /// serde_json's `position_of_index`: 1-based line, column = bytes since the line's start.
    fn position_of_index(&self, i: usize) -> (usize, usize) {
        let before = self.bytes.get(..i).unwrap_or(self.bytes);
        let start_of_line = before.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
        let line = 1 + before
            .get(..start_of_line)
            .map_or(0, |b| b.iter().filter(|c| **c == b'\n').count());
        (line, i - start_of_line)
    }

    fn syntax_at(&self, i: usize, message: &str) -> JsonError {
        let (line, column) = self.position_of_index(i);
        JsonError { message: message.to_string(), line, column, data: false }
    }

    /// An error at the byte just consumed.
    #[cold]
    pub(crate) fn error(&self, message: &str) -> JsonError {
        self.syntax_at(self.index, message)
    }

    /// An error at the byte peeked.
    #[cold]
    pub(crate) fn peek_error(&self, message: &str) -> JsonError {
        self.syntax_at(self.bytes.len().min(self.index + 1), message)
    }

    /// A data error without position placed where the reader is (`fix_position`).
    #[cold]
    pub(crate) fn fix(&self, mut e: JsonError) -> JsonError {
        if e.line == 0 {
            (e.line, e.column) = self.position_of_index(self.index);
        }
        e
    }

    // ---- Bytes.

    #[inline]
    pub(crate) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.index).copied()
    }

    #[inline]
    pub(crate) fn eat_char(&mut self) {
        self.index += 1;
    }

    #[inline]
    fn next_char(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.index += 1;
        Some(b)
    }

    /// `parse_whitespace`: the next byte that is no whitespace, not consumed.
    #[inline]
    pub(crate) fn ws(&mut self) -> Option<u8> {
        loop {
            match self.peek() {
                Some(b' ' | b'\n' | b'\t' | b'\r') => self.index += 1,
                other => return other,
            }
        }
    }

    /// `end`: only whitespace may follow the value.
    pub(crate) fn end(&mut self) -> Result<()> {
        match self.ws() {
            Some(_) => Err(self.peek_error(TRAILING_CHARACTERS)),
            None => Ok(()),
        }
    }

    fn parse_ident(&mut self, ident: &[u8]) -> Result<()> {
        for expected in ident {
            match self.next_char() {
                None => return Err(self.error(EOF_VALUE)),
                Some(next) if next != *expected => return Err(self.error(EXPECTED_IDENT)),
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// `null`, `true` or `false` from its first byte (peeked).
    pub(crate) fn literal(&mut self, first: u8) -> Result<Unexpected<'static>> {
        self.eat_char();
        Ok(match first {
            b'n' => {
                self.parse_ident(b"ull")?;
                Unexpected::Unit
            }
            b't' => {
                self.parse_ident(b"rue")?;
                Unexpected::Bool(true)
            }
            _ => {
                self.parse_ident(b"alse")?;
                Unexpected::Bool(false)
            }
        })
    }

    // ---- Numbers.

    /// A number from its first byte (peeked: `-` or a digit), as `parse_any_number`.
    pub(crate) fn number(&mut self, first: u8) -> Result<Num> {
        let positive = first != b'-';
        if !positive {
            self.eat_char();
        }
        self.parse_integer(positive)
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.index += 1;
        }
    }

    fn parse_integer(&mut self, positive: bool) -> Result<Num> {
        let start = self.index;
        let Some(next) = self.next_char() else {
            return Err(self.error(EOF_VALUE));
        };
        match next {
            b'0' => {
                if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    return Err(self.peek_error(INVALID_NUMBER));
                }
                self.parse_number(positive, start, Some(0))
            }
            c @ b'1'..=b'9' => {
                let mut significand = u64::from(c - b'0');
                let mut fits = true;
                while let Some(c) = self.peek().filter(u8::is_ascii_digit) {
                    let digit = u64::from(c - b'0');
                    match significand.checked_mul(10).and_then(|s| s.checked_add(digit)) {
                        Some(s) if fits => significand = s,
                        _ => fits = false,
                    }
                    self.eat_char();
                }
                self.parse_number(positive, start, fits.then_some(significand))
            }
            _ => Err(self.error(INVALID_NUMBER)),
        }
    }

    /// After the integer part (from `start`): a fraction, an exponent, or the integer itself
    /// (`significand`: `None` when it overflowed u64, then a float).
    fn parse_number(
        &mut self,
        positive: bool,
        start: usize,
        significand: Option<u64>,
    ) -> Result<Num> {
        let mut float = significand.is_none();
        if self.peek() == Some(b'.') {
            self.eat_char();
            let digits_start = self.index;
            self.digits();
            if self.index == digits_start {
                return Err(match self.peek() {
                    Some(_) => self.peek_error(INVALID_NUMBER),
                    None => self.peek_error(EOF_VALUE),
                });
            }
            float = true;
        }
        if let Some(b'e' | b'E') = self.peek() {
            let zero = self.all_zero(start);
            self.eat_char();
            let positive_exp = match self.peek() {
                Some(b'+') => {
                    self.eat_char();
                    true
                }
                Some(b'-') => {
                    self.eat_char();
                    false
                }
                _ => true,
            };
            match self.next_char() {
                None => return Err(self.error(EOF_VALUE)),
                Some(b'0'..=b'9') => {}
                Some(_) => return Err(self.error(INVALID_NUMBER)),
            }
            let mut exp: i32 =
                self.bytes.get(self.index - 1).map_or(0, |b| i32::from(b.wrapping_sub(b'0')));
            while let Some(c) = self.peek().filter(u8::is_ascii_digit) {
                self.eat_char();
                let digit = i32::from(c - b'0');
                match exp.checked_mul(10).and_then(|e| e.checked_add(digit)) {
                    Some(e) => exp = e,
                    None => {
                        // `parse_exponent_overflow`: infinity is an error, zero is zero.
                        if !zero && positive_exp {
                            return Err(self.error(NUMBER_OUT_OF_RANGE));
                        }
                        self.digits();
                        return Ok(Num::F64(if positive { 0.0 } else { -0.0 }));
                    }
                }
            }
            float = true;
        }
        if !float {
            let significand = significand.unwrap_or(0);
            if positive {
                return Ok(Num::U64(significand));
            }
            let neg = (significand as i64).wrapping_neg();
            // A float on underflow, or for `-0`.
            return Ok(if neg >= 0 { Num::F64(-(significand as f64)) } else { Num::I64(neg) });
        }
        // Correctly rounded, as serde_json's `float_roundtrip` (lexical) and `str::parse` read
        // (herald_lang::float: `str::parse`'s bits without core's dec2flt and its table).
        let text = self.text.get(start..self.index).unwrap_or("0");
        let f = herald_lang::float::parse(text).unwrap_or(f64::INFINITY);
        if f.is_infinite() {
            return Err(self.error(NUMBER_OUT_OF_RANGE));
        }
        Ok(Num::F64(if positive { f } else { -f }))
    }

    /// Whether the digits of the mantissa from `start` to here are all zeros.
    fn all_zero(&self, start: usize) -> bool {
        self.bytes
            .get(start..self.index)
            .is_some_and(|m| m.iter().all(|b| *b == b'0' || *b == b'.'))
    }

    // ---- Strings.

    /// The index of the first `"`, `\` or control character from here on (`skip_to_escape`).
    #[inline]
    fn skip_to_escape(&mut self) {
        self.index = herald_lang::json::special_byte(self.bytes, self.index);
    }

    /// A string's text, its opening quote consumed (`parse_str`): borrowed when it has no
    /// escapes.
    pub(crate) fn parse_str(&mut self) -> Result<Cow<'a, str>> {
        let mut start = self.index;
        let mut scratch: Option<String> = None;
        loop {
            self.skip_to_escape();
            let Some(b) = self.peek() else {
                return Err(self.error(EOF_STRING));
            };
            let plain = self.text.get(start..self.index).unwrap_or("");
            match b {
                b'"' => {
                    self.index += 1;
                    return Ok(match scratch {
                        None => Cow::Borrowed(plain),
                        Some(mut s) => {
                            s.push_str(plain);
                            Cow::Owned(s)
                        }
                    });
                }
                b'\\' => {
                    let s = scratch.get_or_insert_with(String::new);
                    s.push_str(plain);
                    self.index += 1;
                    self.parse_escape(s)?;
                    start = self.index;
                }
                _ => {
                    self.index += 1;
                    return Err(self.error(CONTROL_CHARACTER));
                }
            }
        }
    }

    fn parse_escape(&mut self, out: &mut String) -> Result<()> {
        let Some(ch) = self.next_char() else {
            return Err(self.error(EOF_STRING));
        };
        out.push(match ch {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\x08',
            b'f' => '\x0c',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.parse_unicode_escape(out),
            _ => return Err(self.error(INVALID_ESCAPE)),
        });
        Ok(())
    }

    fn parse_unicode_escape(&mut self, out: &mut String) -> Result<()> {
        let n = self.decode_hex_escape()?;
        if (0xDC00..=0xDFFF).contains(&n) {
            return Err(self.error(LONE_LEADING_SURROGATE));
        }
        if !(0xD800..=0xDBFF).contains(&n) {
            out.push(char::from_u32(u32::from(n)).unwrap_or(char::REPLACEMENT_CHARACTER));
            return Ok(());
        }
        for expected in [b'\\', b'u'] {
            let Some(b) = self.peek() else {
                return Err(self.error(EOF_STRING));
            };
            self.eat_char();
            if b != expected {
                return Err(self.error(UNEXPECTED_END_OF_HEX_ESCAPE));
            }
        }
        let n2 = self.decode_hex_escape()?;
        if !(0xDC00..=0xDFFF).contains(&n2) {
            return Err(self.error(LONE_LEADING_SURROGATE));
        }
        let c = ((u32::from(n - 0xD800) << 10) | u32::from(n2 - 0xDC00)) + 0x1_0000;
        out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
        Ok(())
    }

    fn decode_hex_escape(&mut self) -> Result<u16> {
        let Some(hex) = self.bytes.get(self.index..self.index + 4) else {
            self.index = self.bytes.len();
            return Err(self.error(EOF_STRING));
        };
        self.index += 4;
        let mut n: u16 = 0;
        for b in hex {
            let d = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => return Err(self.error(INVALID_ESCAPE)),
            };
            n = (n << 4) | u16::from(d);
        }
        Ok(n)
    }

    /// A string skipped, its opening quote consumed (`ignore_str`: escapes checked only for
    /// their shape, a control character reported where it is).
    fn ignore_str(&mut self) -> Result<()> {
        loop {
            self.skip_to_escape();
            match self.peek() {
                None => return Err(self.error(EOF_STRING)),
                Some(b'"') => {
                    self.index += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.index += 1;
                    match self.next_char() {
                        None => return Err(self.error(EOF_STRING)),
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {}
                        Some(b'u') => {
                            self.decode_hex_escape()?;
                        }
                        Some(_) => return Err(self.error(INVALID_ESCAPE)),
                    }
                }
                Some(_) => return Err(self.error(CONTROL_CHARACTER)),
            }
        }
    }

    // ---- Skipping.

    /// `ignore_value`: one value skipped (no depth limit), validated as serde_json validates
    /// what it skips.
    pub(crate) fn ignore_value(&mut self) -> Result<()> {
        let mut open: Vec<u8> = Vec::new();
        let mut enclosing: Option<u8> = None;
        loop {
            let Some(peek) = self.ws() else {
                return Err(self.peek_error(EOF_VALUE));
            };
            let frame = match peek {
                b'n' | b't' | b'f' => {
                    self.literal(peek)?;
                    None
                }
                b'-' | b'0'..=b'9' => {
                    if peek == b'-' {
                        self.eat_char();
                    }
                    self.ignore_integer()?;
                    None
                }
                b'"' => {
                    self.eat_char();
                    self.ignore_str()?;
                    None
                }
                b'[' | b'{' => {
                    open.extend(enclosing.take());
                    self.eat_char();
                    Some(peek)
                }
                _ => return Err(self.peek_error(EXPECTED_VALUE)),
            };
            let (mut accept_comma, mut frame) = match frame {
                Some(frame) => (false, frame),
                None => match enclosing.take().or_else(|| open.pop()) {
                    Some(frame) => (true, frame),
                    None => return Ok(()),
                },
            };
            loop {
                match self.ws() {
                    Some(b',') if accept_comma => {
                        self.eat_char();
                        break;
                    }
                    Some(b']') if frame == b'[' => {}
                    Some(b'}') if frame == b'{' => {}
                    Some(_) => {
                        if accept_comma {
                            return Err(self.peek_error(if frame == b'[' {
                                EXPECTED_LIST_COMMA_OR_END
                            } else {
                                EXPECTED_OBJECT_COMMA_OR_END
                            }));
                        }
                        break;
                    }
                    None => {
                        return Err(self.peek_error(if frame == b'[' {
                            EOF_LIST
                        } else {
                            EOF_OBJECT
                        }));
                    }
                }
                self.eat_char();
                frame = match open.pop() {
                    Some(frame) => frame,
                    None => return Ok(()),
                };
                accept_comma = true;
            }
            if frame == b'{' {
                match self.ws() {
                    Some(b'"') => self.eat_char(),
                    Some(_) => return Err(self.peek_error(KEY_MUST_BE_A_STRING)),
                    None => return Err(self.peek_error(EOF_OBJECT)),
                }
                self.ignore_str()?;
                match self.ws() {
                    Some(b':') => self.eat_char(),
                    Some(_) => return Err(self.peek_error(EXPECTED_COLON)),
                    None => return Err(self.peek_error(EOF_OBJECT)),
                }
            }
            enclosing = Some(frame);
        }
    }

    fn ignore_integer(&mut self) -> Result<()> {
        match self.next_char() {
            Some(b'0') => {
                if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    return Err(self.peek_error(INVALID_NUMBER));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error(INVALID_NUMBER)),
        }
        if self.peek() == Some(b'.') {
            self.eat_char();
            let start = self.index;
            self.digits();
            if self.index == start {
                return Err(self.peek_error(INVALID_NUMBER));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.eat_char();
            if let Some(b'+' | b'-') = self.peek() {
                self.eat_char();
            }
            match self.next_char() {
                Some(b'0'..=b'9') => {}
                _ => return Err(self.error(INVALID_NUMBER)),
            }
            self.digits();
        }
        Ok(())
    }

    // ---- Containers.

    /// The container at the peeked `[` or `{`, read by `body` (`check_recursion!`, then
    /// `end_seq` or `end_map`, which run even after an error of `body`, as serde_json's do:
    /// the position of that error is then fixed after them). One copy for every reader: `body`
    /// keeps what it reads.
    #[inline(never)]
    pub(crate) fn container(
        &mut self,
        body: &mut dyn FnMut(&mut Self) -> Result<()>,
        seq: bool,
    ) -> Result<()> {
        self.open()?;
        let ret = body(self);
        self.remaining_depth += 1;
        let end = if seq { self.end_seq() } else { self.end_map() };
        ret.and(end)
    }

    /// `check_recursion!`'s entry: one level deeper, the opening bracket (peeked) consumed.
    /// The caller adds the level back (`leave`) after the container's contents.
    pub(crate) fn open(&mut self) -> Result<()> {
        self.remaining_depth -= 1;
        if self.remaining_depth == 0 {
            return Err(self.peek_error(RECURSION_LIMIT_EXCEEDED));
        }
        self.eat_char();
        Ok(())
    }

    /// `check_recursion!`'s exit.
    pub(crate) fn leave(&mut self) {
        self.remaining_depth += 1;
    }

    fn end_seq(&mut self) -> Result<()> {
        match self.ws() {
            Some(b']') => {
                self.eat_char();
                Ok(())
            }
            Some(b',') => {
                self.eat_char();
                match self.ws() {
                    Some(b']') => Err(self.peek_error(TRAILING_COMMA)),
                    _ => Err(self.peek_error(TRAILING_CHARACTERS)),
                }
            }
            Some(_) => Err(self.peek_error(TRAILING_CHARACTERS)),
            None => Err(self.peek_error(EOF_LIST)),
        }
    }

    fn end_map(&mut self) -> Result<()> {
        match self.ws() {
            Some(b'}') => {
                self.eat_char();
                Ok(())
            }
            Some(b',') => Err(self.peek_error(TRAILING_COMMA)),
            Some(_) => Err(self.peek_error(TRAILING_CHARACTERS)),
            None => Err(self.peek_error(EOF_OBJECT)),
        }
    }

    /// `SeqAccess::has_next_element`: whether another element follows (`first`: none read yet).
    pub(crate) fn has_next_element(&mut self, first: &mut bool) -> Result<bool> {
        let Some(peek) = self.ws() else {
            return Err(self.peek_error(EOF_LIST));
        };
        if peek == b']' {
            Ok(false)
        } else if *first {
            *first = false;
            Ok(true)
        } else if peek == b',' {
            self.eat_char();
            match self.ws() {
                Some(b']') => Err(self.peek_error(TRAILING_COMMA)),
                Some(_) => Ok(true),
                None => Err(self.peek_error(EOF_VALUE)),
            }
        } else {
            Err(self.peek_error(EXPECTED_LIST_COMMA_OR_END))
        }
    }

    /// `MapAccess::next_key`: the next key's text (its quotes consumed), or `None` at `}`.
    pub(crate) fn next_key(&mut self, first: &mut bool) -> Result<Option<Cow<'a, str>>> {
        let Some(peek) = self.ws() else {
            return Err(self.peek_error(EOF_OBJECT));
        };
        if peek == b'}' {
            return Ok(None);
        } else if *first {
            *first = false;
            if peek != b'"' {
                return Err(self.peek_error(KEY_MUST_BE_A_STRING));
            }
        } else if peek == b',' {
            self.eat_char();
            match self.ws() {
                Some(b'"') => {}
                Some(b'}') => return Err(self.peek_error(TRAILING_COMMA)),
                Some(_) => return Err(self.peek_error(KEY_MUST_BE_A_STRING)),
                None => return Err(self.peek_error(EOF_VALUE)),
            }
        } else {
            return Err(self.peek_error(EXPECTED_OBJECT_COMMA_OR_END));
        }
        self.eat_char();
        self.parse_str().map(Some)
    }

    /// The text from `start` to here.
    pub(crate) fn text_between(&self, start: usize) -> Option<&'a str> {
        self.text.get(start..self.index)
    }

    /// `parse_object_colon`, before each member's value.
    pub(crate) fn colon(&mut self) -> Result<()> {
        match self.ws() {
            Some(b':') => {
                self.eat_char();
                Ok(())
            }
            Some(_) => Err(self.peek_error(EXPECTED_COLON)),
            None => Err(self.peek_error(EOF_OBJECT)),
        }
    }

    /// `peek_invalid_type`: the value here (read) as the unexpected one of an `invalid type`
    /// error, placed after it.
    #[cold]
    pub(crate) fn invalid_type(&mut self, expected: &dyn fmt::Display) -> JsonError {
        let peek = self.peek().unwrap_or(0);
        let err = match peek {
            b'n' | b't' | b'f' => match self.literal(peek) {
                Ok(unexpected) => JsonError::invalid_type(&unexpected, expected),
                Err(e) => return e,
            },
            b'-' | b'0'..=b'9' => match self.number(peek) {
                Ok(n) => JsonError::invalid_type(&n.unexpected(), expected),
                Err(e) => return e,
            },
            b'"' => {
                self.eat_char();
                match self.parse_str() {
                    Ok(s) => JsonError::invalid_type(&Unexpected::Str(&s), expected),
                    Err(e) => return e,
                }
            }
            b'[' => JsonError::invalid_type(&Unexpected::Seq, expected),
            b'{' => JsonError::invalid_type(&Unexpected::Map, expected),
            _ => self.peek_error(EXPECTED_VALUE),
        };
        self.fix(err)
    }

    // ---- Values.

    /// `Value::deserialize` (`deserialize_any` with `Value`'s visitor).
    pub(crate) fn value(&mut self) -> Result<Value> {
        let Some(peek) = self.ws() else {
            return Err(self.peek_error(EOF_VALUE));
        };
        let value = match peek {
            b'n' | b't' | b'f' => self.literal(peek).map(|u| match u {
                Unexpected::Bool(b) => Value::Bool(b),
                _ => Value::Null,
            }),
            b'-' | b'0'..=b'9' => self.number(peek).map(Num::into_value),
            b'"' => {
                self.eat_char();
                self.parse_str().map(|s| Value::String(s.into_owned()))
            }
            b'[' => {
                let mut items = Vec::new();
                let mut first = true;
                self.container(
                    &mut |r| {
                        while r.has_next_element(&mut first)? {
                            items.push(r.value()?);
                        }
                        Ok(())
                    },
                    true,
                )
                .map(|()| Value::Array(items))
            }
            b'{' => {
                let mut out = Value::Null;
                self.container(&mut |r| r.value_map().map(|v| out = v), false).map(|()| out)
            }
            _ => Err(self.peek_error(EXPECTED_VALUE)),
        };
        value.map_err(|e| self.fix(e))
    }

    /// An object's members into a `Value` (`{` consumed).
    fn value_map(&mut self) -> Result<Value> {
        let mut first = true;
        let Some(key) = self.next_key(&mut first)? else {
            return Ok(Value::Object(Map::new()));
        };
        if key == RAW_VALUE_TOKEN {
            // The value is the JSON text in the member's string.
            self.colon()?;
            let raw = self.str_value(&"raw value")?;
            return value_of_text(&raw).map_err(|e| JsonError::custom(e.to_string()));
        }
        // The members are gathered, then sorted once (`Map::from_pairs`: a repeated key keeps its
        // last value, as serde_json's map insert does): inserting each into the sorted map would
        // shift it, O(n²) on a large object out of order.
        let mut members = Vec::new();
        self.colon()?;
        members.push((key.into_owned(), self.value()?));
        while let Some(key) = self.next_key(&mut first)? {
            self.colon()?;
            let value = self.value()?;
            members.push((key.into_owned(), value));
        }
        Ok(Value::Object(Map::from_pairs(members)))
    }

    /// `deserialize_str` with a visitor that takes only strings (`expected`: its `expecting`).
    pub(crate) fn str_value(&mut self, expected: &dyn fmt::Display) -> Result<Cow<'a, str>> {
        match self.ws() {
            None => Err(self.peek_error(EOF_VALUE)),
            Some(b'"') => {
                self.eat_char();
                self.parse_str()
            }
            Some(_) => Err(self.invalid_type(expected)),
        }
    }
}

/// `serde_json::from_str::<Value>`.
pub(crate) fn value_of_text(text: &str) -> Result<Value> {
    let mut r = Reader::new(text);
    let value = r.value()?;
    r.end()?;
    Ok(value)
}

#[cfg(test)]
pub(crate) mod tests;
