//! Text helpers: `default`, `capitalize`, `trim` (SPEC §6).

use crate::eval::value::Val;
use std::borrow::Cow;

/// `default(x, y)`: `y` when `x` is missing (absent or null) or blank text (only whitespace).
pub fn default<'a>(x: Val<'a>, y: Option<Val<'a>>) -> Val<'a> {
    let blank = match &x {
        Val::Missing => true,
        Val::Str(s) => s.trim().is_empty(),
        _ => false,
    };
    if blank {
        y.unwrap_or(Val::Missing)
    } else {
        x
    }
}

/// `capitalize(s)`: the first letter upper case, the rest lower case (as Liquid's `capitalize`:
/// `"aNA"` → `"Ana"`). Leading whitespace is kept; non-text is missing.
pub fn capitalize(x: Val<'_>) -> Val<'_> {
    let Val::Str(s) = x else { return Val::Missing };
    let mut out = String::with_capacity(s.len());
    let mut first = true;
    for c in s.chars() {
        if first && !c.is_whitespace() {
            out.extend(c.to_uppercase());
            first = false;
        } else if first {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    Val::Str(Cow::Owned(out))
}

/// `trim(s)`: without leading and trailing whitespace (Unicode); non-text is missing.
pub fn trim(x: Val<'_>) -> Val<'_> {
    match x {
        Val::Str(Cow::Borrowed(s)) => Val::Str(Cow::Borrowed(s.trim())),
        Val::Str(Cow::Owned(s)) => Val::Str(Cow::Owned(s.trim().to_string())),
        _ => Val::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Val<'_> {
        Val::Str(Cow::Borrowed(x))
    }
    fn text(v: &Val<'_>) -> Option<String> {
        match v {
            Val::Str(s) => Some(s.to_string()),
            _ => None,
        }
    }

    #[test]
    fn default_replaces_missing_null_and_blank_text_only() {
        assert_eq!(text(&default(Val::Missing, Some(s("there")))).as_deref(), Some("there"));
        assert_eq!(text(&default(s("  \t"), Some(s("there")))).as_deref(), Some("there"));
        assert_eq!(text(&default(s(""), Some(s("there")))).as_deref(), Some("there"));
        assert_eq!(text(&default(s("Ana"), Some(s("there")))).as_deref(), Some("Ana"));
        assert!(matches!(default(Val::Num(0.0), Some(s("x"))), Val::Num(n) if n == 0.0));
        assert!(matches!(default(Val::Bool(false), Some(s("x"))), Val::Bool(false)));
        assert!(default(Val::Missing, None).is_missing());
    }

    #[test]
    fn capitalize_like_liquid() {
        assert_eq!(text(&capitalize(s("ana"))).as_deref(), Some("Ana"));
        assert_eq!(text(&capitalize(s("aNA mARIA"))).as_deref(), Some("Ana maria"));
        assert_eq!(text(&capitalize(s("  émile"))).as_deref(), Some("  Émile"));
        assert_eq!(text(&capitalize(s(""))).as_deref(), Some(""));
        assert!(capitalize(Val::Num(3.0)).is_missing());
    }

    #[test]
    fn trim_whitespace() {
        assert_eq!(text(&trim(s("  Ana \n"))).as_deref(), Some("Ana"));
        assert_eq!(text(&trim(Val::Str(Cow::Owned("\u{a0}x ".into())))).as_deref(), Some("x"));
        assert!(trim(Val::Bool(true)).is_missing());
    }
}
