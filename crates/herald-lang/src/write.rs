//! A small JSON writer on [`crate::json`]: the text `serde_json::to_string` writes of the main
//! module's results (diagnostics, analyses, simulator summaries and diffs, test reports), written
//! by hand so that serde_json's serializer is not linked into the WebAssembly modules (issue 14).
//! Each writer built on it is held byte for byte to serde_json's output of the type's
//! `Serialize` (the derives stay, as the tests' oracle and for Rust users).

use crate::json;
use crate::json::Value;

/// JSON text written into a string.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
}

impl Writer {
    pub fn with_capacity(capacity: usize) -> Writer {
        Writer { out: String::with_capacity(capacity) }
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }

    /// Text already JSON (punctuation, constant keys).
    pub fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// The comma before the `i`th item of an array or object (none before the first).
    pub fn comma(&mut self, i: usize) {
        if i > 0 {
            self.out.push(',');
        }
    }

    /// A string as serde_json escapes it.
    pub fn string(&mut self, s: &str) {
        json::write_string(&mut self.out, s);
    }

    pub fn opt_string(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.string(s),
            None => self.raw("null"),
        }
    }

    /// `"key":` (the key escaped), after a comma unless it is the `i`th member with `i == 0`.
    pub fn key(&mut self, i: usize, key: &str) {
        self.comma(i);
        self.string(key);
        self.out.push(':');
    }

    pub fn int(&mut self, n: i64) {
        self.raw(itoa::Buffer::new().format(n));
    }

    pub fn uint(&mut self, n: u64) {
        self.raw(itoa::Buffer::new().format(n));
    }

    /// A `usize` as serde_json writes it: as a `u64` (one formatter for both: on wasm32 a
    /// `usize` is a `u32`, whose own copy of itoa's formatter is 216 B of code).
    pub fn usize(&mut self, n: usize) {
        self.uint(n as u64);
    }

    pub fn i128(&mut self, n: i128) {
        self.raw(itoa::Buffer::new().format(n));
    }

    pub fn opt_uint(&mut self, n: Option<u64>) {
        match n {
            Some(n) => self.uint(n),
            None => self.raw("null"),
        }
    }

    pub fn bool(&mut self, b: bool) {
        self.raw(if b { "true" } else { "false" });
    }

    /// A value's compact JSON.
    pub fn value(&mut self, v: &Value) {
        json::write_value(&mut self.out, v);
    }

    pub fn opt_value(&mut self, v: Option<&Value>) {
        match v {
            Some(v) => self.value(v),
            None => self.raw("null"),
        }
    }

    /// An array of strings.
    pub fn strings<'a>(&mut self, items: impl IntoIterator<Item = &'a str>) {
        self.raw("[");
        for (i, s) in items.into_iter().enumerate() {
            self.comma(i);
            self.string(s);
        }
        self.raw("]");
    }
}

/// One member of an object: its key and its value's JSON text.
pub type Member = (&'static str, String);

/// An object of the members given (each value's JSON text already written), in their order, or
/// sorted by key, as a `serde_json::Value` holds an object: serde_json without `preserve_order`
/// keeps a map's keys sorted, so `to_string(&to_value(x))` writes them in that order.
pub fn object_text(sorted: bool, mut members: Vec<Member>) -> String {
    if sorted {
        crate::sort::sort_by(&mut members, |a, b| a.0.cmp(b.0));
    }
    let len = members.iter().map(|(k, v)| k.len() + v.len() + 4).sum::<usize>();
    let mut w = Writer::with_capacity(len + 2);
    w.raw("{");
    for (i, (key, value)) in members.iter().enumerate() {
        w.key(i, key);
        w.raw(value);
    }
    w.raw("}");
    w.finish()
}

/// A string as a JSON string literal.
pub fn string_text(s: &str) -> String {
    json::string_text(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_in_order_or_sorted_as_serde_json_writes_them() {
        let members = || {
            vec![
                ("span_utf16", "2".to_string()),
                ("span", "-1".to_string()),
                ("a\"b", r#"["x","\u0001"]"#.to_string()),
                ("", "null".to_string()),
                ("m", "-5".to_string()),
            ]
        };
        let text = object_text(false, members());
        assert_eq!(text, r#"{"span_utf16":2,"span":-1,"a\"b":["x","\u0001"],"":null,"m":-5}"#);
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert!(v.is_object());
        assert_eq!(object_text(true, members()), serde_json::to_string(&v).unwrap());
        assert_eq!(object_text(true, Vec::new()), "{}");
        let mut w = Writer::default();
        w.i128(-(1 << 70));
        w.raw(",");
        w.strings(["a", "\n"]);
        assert_eq!(w.finish(), format!("{},[\"a\",\"\\n\"]", -(1i128 << 70)));
    }
}
