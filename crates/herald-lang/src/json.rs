//! JSON text written by hand, byte for byte as `serde_json::to_string` writes it (the tests
//! compare them): strings escaped as serde_json escapes them, numbers by the formatters it uses
//! (itoa for integers, zmij for floats), objects in their map's order. Used for every JSON text
//! herald writes on the evaluation path (`herald-engine`'s `eval/write.rs`) and for values shown
//! in messages, so that the WebAssembly runtime module links no serde serializer.
//!
//! And herald's JSON value ([`Value`], [`Number`], [`Map`]; `json/value.rs`): what
//! `serde_json::Value` was on the evaluation path, objects in a sorted vector instead of a
//! `BTreeMap` (no B-tree in the WebAssembly modules, issue #14).

mod value;

pub use value::{Map, Number, Value};

use std::fmt;

/// The index of the first byte from `pos` on that ends or interrupts a string's plain text (`"`,
/// `\\` or a control character), or the length. Eight bytes at a time: strings are most of a
/// request's bytes, and of a response's.
#[inline(always)]
pub fn special_byte(bytes: &[u8], mut pos: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(pos..).and_then(<[u8]>::first_chunk::<8>) {
        let x = u64::from_le_bytes(*chunk);
        let quote = x ^ (ONES * u64::from(b'"'));
        let backslash = x ^ (ONES * u64::from(b'\\'));
        // The lowest flagged byte of each test is exact (borrows only flag bytes above it).
        let found = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (x.wrapping_sub(ONES * 0x20) & !x);
        let found = found & HIGH;
        if found != 0 {
            return pos + (found.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    while let Some(&b) = bytes.get(pos) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        pos += 1;
    }
    pos
}

/// A string as serde_json escapes it: `"` and `\` with a backslash, \b \f \n \r \t, other
/// control characters as \u00XX (lowercase hex); nothing else (not `/`, not non-ASCII).
pub fn write_string(out: &mut String, s: &str) {
    /// The lowercase hex digit of a nibble (the low four bits of `n`).
    fn hex_digit(n: u8) -> char {
        char::from(match n & 0xf {
            d @ 0..=9 => b'0' + d,
            d => b'a' + (d - 10),
        })
    }
    let bytes = s.as_bytes();
    out.push('"');
    let mut start = 0;
    loop {
        let at = special_byte(bytes, start);
        // `at` is at an ASCII byte or the end: a character boundary.
        out.push_str(s.get(start..at).unwrap_or_default());
        let Some(&b) = bytes.get(at) else { break };
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            _ => {
                out.push_str("\\u00");
                out.push(hex_digit(b >> 4));
                out.push(hex_digit(b));
            }
        }
        start = at + 1;
    }
    out.push('"');
}

/// A number as serde_json writes it: integers by itoa, floats by zmij's shortest round-trip
/// form (a `Number` holds only finite floats; a non-finite one would be null, as serde_json
/// writes it).
pub fn write_number(out: &mut String, n: &Number) {
    if let Some(u) = n.as_u64() {
        out.push_str(itoa::Buffer::new().format(u));
    } else if let Some(i) = n.as_i64() {
        out.push_str(itoa::Buffer::new().format(i));
    } else {
        match n.as_f64() {
            Some(f) if f.is_finite() => out.push_str(zmij::Buffer::new().format_finite(f)),
            _ => out.push_str("null"),
        }
    }
}

/// A value's compact JSON, as serde_json's `Serialize` for `Value` writes it.
pub fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(out, n),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(m) => write_object(out, m),
    }
}

/// An object's compact JSON, its keys in the map's order.
pub fn write_object(out: &mut String, m: &Map<String, Value>) {
    out.push('{');
    for (i, (k, v)) in m.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(out, k);
        out.push(':');
        write_value(out, v);
    }
    out.push('}');
}

/// A value's compact JSON text: what `value.to_string()` gives.
pub fn value_text(v: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, v);
    out
}

/// A string as a JSON string literal: what `Value::from(s).to_string()` gives.
pub fn string_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_string(&mut out, s);
    out
}

/// Shows a value as its compact JSON (`format!("{}", Json(&v))` is `v.to_string()`), without
/// `Value`'s `Display`, which is serde_json's serializer.
pub struct Json<'a>(pub &'a Value);

impl fmt::Display for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&value_text(self.0))
    }
}

#[cfg(test)]
mod tests;
