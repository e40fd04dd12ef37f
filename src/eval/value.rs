//! Run-time values and the operators' semantics (SPEC §1): *missing* and mismatched types make a
//! comparison false, never an error; only `true` satisfies a condition.

use herald_lang::compile::ir::Const;
use herald_lang::json::{Map, Value};
use std::borrow::Cow;
use std::cmp::Ordering;

/// A value during evaluation. Borrows from the program and the request wherever it can.
#[derive(Debug, Clone)]
pub enum Val<'a> {
    /// An absent path, a JSON `null`, or the result of an operation on the wrong types.
    Missing,
    Bool(bool),
    Num(f64),
    Str(Cow<'a, str>),
    /// An instant (`now`), in milliseconds since the epoch.
    Time(i64),
    List(List<'a>),
    Obj(&'a Map<String, Value>),
}

#[derive(Debug, Clone)]
pub enum List<'a> {
    Json(&'a [Value]),
    Const(&'a [Const]),
    Vals(Vec<Val<'a>>),
}

impl<'a> List<'a> {
    pub fn len(&self) -> usize {
        match self {
            List::Json(v) => v.len(),
            List::Const(v) => v.len(),
            List::Vals(v) => v.len(),
        }
    }

    /// Whether some item equals `x` (`x in list`, `list contains x`).
    pub fn has(&self, x: &Val<'_>) -> bool {
        match self {
            List::Json(items) => {
                items.iter().any(|i| loose_eq(&Val::from_json(i), x) == Some(true))
            }
            List::Const(items) => const_list_has(items, x),
            List::Vals(items) => items.iter().any(|i| loose_eq(i, x) == Some(true)),
        }
    }

    pub fn get(&self, i: usize) -> Option<Val<'a>> {
        match self {
            List::Json(v) => v.get(i).map(Val::from_json),
            List::Const(v) => v.get(i).map(Val::from_const),
            List::Vals(v) => v.get(i).cloned(),
        }
    }
}

/// `x in [literals]` without building values for the items.
pub fn const_list_has(items: &[Const], x: &Val<'_>) -> bool {
    match x {
        Val::Str(s) => items.iter().any(|c| matches!(c, Const::Str(t) if **t == **s)),
        Val::Num(n) => items.iter().any(|c| matches!(c, Const::Num(m) if m == n)),
        Val::Bool(b) => items.iter().any(|c| matches!(c, Const::Bool(d) if d == b)),
        Val::Time(_) => items.iter().any(|c| loose_eq(&Val::from_const(c), x) == Some(true)),
        _ => false,
    }
}

impl<'a> Val<'a> {
    pub fn from_json(v: &'a Value) -> Val<'a> {
        match v {
            Value::Null => Val::Missing,
            Value::Bool(b) => Val::Bool(*b),
            Value::Number(n) => n.as_f64().map_or(Val::Missing, Val::Num),
            Value::String(s) => Val::Str(Cow::Borrowed(s)),
            Value::Array(a) => Val::List(List::Json(a)),
            Value::Object(o) => Val::Obj(o),
        }
    }

    pub fn from_const(c: &'a Const) -> Val<'a> {
        match c {
            Const::Num(n) => Val::Num(*n),
            Const::Str(s) => Val::Str(Cow::Borrowed(s)),
            Const::Bool(b) => Val::Bool(*b),
        }
    }

    /// Only `true` holds where a condition is expected.
    pub fn is_true(&self) -> bool {
        matches!(self, Val::Bool(true))
    }

    pub fn is_missing(&self) -> bool {
        matches!(self, Val::Missing)
    }

    /// Read one key below this value: an object's field, or an array's item by decimal index.
    pub fn get(&self, key: &str) -> Val<'a> {
        match self {
            Val::Obj(o) => o.get(key).map_or(Val::Missing, Val::from_json),
            Val::List(l) => key
                .parse::<usize>()
                .ok()
                .filter(|_| !key.starts_with('+'))
                .and_then(|i| l.get(i))
                .unwrap_or(Val::Missing),
            _ => Val::Missing,
        }
    }

    /// The value as JSON (for traces): numbers that are whole print without a fraction.
    pub fn to_json(&self) -> Option<Value> {
        Some(match self {
            Val::Missing => return None,
            Val::Bool(b) => Value::Bool(*b),
            Val::Num(n) => number_json(*n),
            Val::Str(s) => Value::String(s.to_string()),
            Val::Time(t) => Value::String(super::time::format_instant(*t)),
            Val::List(l) => Value::Array(
                (0..l.len())
                    .filter_map(|i| l.get(i))
                    .map(|v| v.to_json().unwrap_or(Value::Null))
                    .collect(),
            ),
            Val::Obj(o) => Value::Object((*o).clone()),
        })
    }
}

/// A number as JSON, whole numbers as integers (`3`, not `3.0`), as JavaScript prints them.
pub fn number_json(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        Value::from(n as i64)
    } else {
        herald_lang::json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// Equality: `None` when either side is missing or the types do not compare (so both `==` and
/// `!=` are false).
pub fn loose_eq(a: &Val<'_>, b: &Val<'_>) -> Option<bool> {
    match (a, b) {
        (Val::Missing, _) | (_, Val::Missing) => None,
        (Val::Num(x), Val::Num(y)) => Some(x == y),
        (Val::Str(x), Val::Str(y)) => Some(x == y),
        (Val::Bool(x), Val::Bool(y)) => Some(x == y),
        (Val::Time(x), Val::Time(y)) => Some(x == y),
        (Val::Time(t), Val::Str(s)) | (Val::Str(s), Val::Time(t)) => {
            super::time::parse_instant(s).map(|u| u == *t)
        }
        (Val::List(x), Val::List(y)) => Some(
            x.len() == y.len()
                && (0..x.len()).all(|i| match (x.get(i), y.get(i)) {
                    (Some(p), Some(q)) => loose_eq(&p, &q) == Some(true),
                    _ => false,
                }),
        ),
        (Val::Obj(x), Val::Obj(y)) => Some(x == y),
        _ => None,
    }
}

/// Order for `< <= > >=`: numbers, strings (by code point), instants (an ISO-8601 string
/// compares with `now` as an instant). `None` otherwise.
pub fn loose_cmp(a: &Val<'_>, b: &Val<'_>) -> Option<Ordering> {
    match (a, b) {
        (Val::Num(x), Val::Num(y)) => x.partial_cmp(y),
        (Val::Str(x), Val::Str(y)) => Some(x.as_ref().cmp(y.as_ref())),
        (Val::Time(x), Val::Time(y)) => Some(x.cmp(y)),
        (Val::Time(t), Val::Str(s)) => super::time::parse_instant_or_date(s).map(|u| t.cmp(&u)),
        (Val::Str(s), Val::Time(t)) => super::time::parse_instant_or_date(s).map(|u| u.cmp(t)),
        _ => None,
    }
}

/// `x in y`: membership in a list, a substring of a string, a key of an object.
pub fn is_in(x: &Val<'_>, y: &Val<'_>) -> bool {
    if x.is_missing() {
        return false;
    }
    match (x, y) {
        (_, Val::List(l)) => l.has(x),
        (Val::Str(needle), Val::Str(hay)) => hay.contains(needle.as_ref()),
        (Val::Str(key), Val::Obj(o)) => o.contains_key(key.as_ref()),
        _ => false,
    }
}

/// Arithmetic on numbers (and `+` on two strings); anything else, a division by zero or an
/// overflow to infinity is missing.
pub fn arith<'a>(op: herald_lang::compile::ir::ArithOp, a: Val<'a>, b: Val<'a>) -> Val<'a> {
    use herald_lang::compile::ir::ArithOp;
    match (a, b) {
        (Val::Num(x), Val::Num(y)) => {
            let r = match op {
                ArithOp::Add => x + y,
                ArithOp::Sub => x - y,
                ArithOp::Mul => x * y,
                ArithOp::Div => x / y,
            };
            if r.is_finite() {
                Val::Num(r)
            } else {
                Val::Missing
            }
        }
        (Val::Str(x), Val::Str(y)) if op == ArithOp::Add => {
            let mut s = x.into_owned();
            s.push_str(&y);
            Val::Str(Cow::Owned(s))
        }
        _ => Val::Missing,
    }
}

/// Append a number the way JavaScript (and so JSON in a browser) prints it: `100`, `99.5`,
/// `0.30000000000000004`, `1e-7`, `1e+21`.
pub fn write_number(out: &mut String, n: f64) {
    use std::fmt::Write;
    if n == 0.0 {
        out.push('0');
    } else if !n.is_finite() {
        out.push_str(if n.is_nan() {
            "NaN"
        } else if n > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        });
    } else if n.abs() >= 1e21 || n.abs() < 1e-6 {
        let mut text = String::new();
        herald_lang::float::write_lower_exp(&mut text, n);
        match text.split_once('e') {
            Some((mantissa, exp)) if !exp.starts_with('-') => {
                let _ = write!(out, "{mantissa}e+{exp}");
            }
            _ => out.push_str(&text),
        }
    } else if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        let _ = write!(out, "{}", n as i64);
    } else {
        herald_lang::float::write_display(out, n);
    }
}

/// Append a value as interpolation renders it: missing is empty, strings as they are, numbers
/// as JavaScript prints them, lists and objects as JSON.
pub fn render(out: &mut String, v: &Val<'_>) {
    match v {
        Val::Missing => {}
        Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Val::Num(n) => write_number(out, *n),
        Val::Str(s) => out.push_str(s),
        Val::Time(t) => super::time::write_instant(out, *t),
        Val::List(_) | Val::Obj(_) => {
            if let Some(json) = v.to_json() {
                herald_lang::json::write_value(out, &json);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json_value as json;

    fn s(x: &str) -> Val<'_> {
        Val::Str(Cow::Borrowed(x))
    }

    #[test]
    fn missing_and_mismatch_compare_false_both_ways() {
        assert_eq!(loose_eq(&Val::Missing, &s("a")), None);
        assert_eq!(loose_eq(&Val::Num(1.0), &s("1")), None);
        assert_eq!(loose_eq(&Val::Num(1.0), &Val::Num(1.0)), Some(true));
        assert_eq!(loose_cmp(&Val::Num(1.0), &s("2")), None);
        assert_eq!(loose_cmp(&s("a"), &s("b")), Some(Ordering::Less));
    }

    #[test]
    fn membership() {
        let arr = json!(["US", "CA", 3]);
        let list = Val::from_json(&arr);
        assert!(is_in(&s("US"), &list));
        assert!(is_in(&Val::Num(3.0), &list));
        assert!(!is_in(&s("MX"), &list));
        assert!(!is_in(&Val::Missing, &list));
        assert!(is_in(&s("ell"), &s("hello")));
        let obj = json!({"sms": "subscribed"});
        assert!(is_in(&s("sms"), &Val::from_json(&obj)));
        let consts = [Const::Str("US".into()), Const::Num(2.0)];
        assert!(const_list_has(&consts, &s("US")));
        assert!(const_list_has(&consts, &Val::Num(2.0)));
        assert!(!const_list_has(&consts, &s("2")));
    }

    #[test]
    fn numbers_print_like_javascript() {
        let cases = [
            (100.0, "100"),
            (99.5, "99.5"),
            (-3.0, "-3"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e21, "1e+21"),
            (1.5e-7, "1.5e-7"),
            (123456789012.0, "123456789012"),
            (-0.0, "0"),
        ];
        for (n, want) in cases {
            let mut out = String::new();
            write_number(&mut out, n);
            assert_eq!(out, want, "{n}");
        }
    }

    #[test]
    fn arithmetic() {
        use herald_lang::compile::ir::ArithOp;
        assert!(matches!(arith(ArithOp::Div, Val::Num(1.0), Val::Num(0.0)), Val::Missing));
        assert!(
            matches!(arith(ArithOp::Add, Val::Num(1.0), Val::Num(2.0)), Val::Num(n) if n == 3.0)
        );
        assert!(matches!(arith(ArithOp::Add, s("a"), s("b")), Val::Str(x) if x == "ab"));
        assert!(matches!(arith(ArithOp::Add, s("a"), Val::Num(1.0)), Val::Missing));
    }

    #[test]
    fn paths_into_values() {
        let v = json!({"a": {"b": [10, 20]}, "n": null});
        let root = Val::from_json(&v);
        assert!(matches!(root.get("a").get("b").get("1"), Val::Num(n) if n == 20.0));
        assert!(root.get("n").is_missing());
        assert!(root.get("a").get("b").get("+1").is_missing());
        assert!(root.get("zz").get("b").is_missing());
    }

    #[test]
    fn render_values() {
        let mut out = String::new();
        render(&mut out, &Val::Num(100.0));
        render(&mut out, &Val::Missing);
        render(&mut out, &s("|"));
        render(&mut out, &Val::Bool(true));
        let arr = json!([1, "a"]);
        render(&mut out, &Val::from_json(&arr));
        assert_eq!(out, "100|true[1,\"a\"]");
    }
}
