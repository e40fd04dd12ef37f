//! Test literals (`{ id "u1" subscriptions { sms "subscribed" } }`) as JSON values.

use herald_lang::json::{Map, Number, Value};
use herald_lang::syntax::ast::{Literal, LiteralKind, Span};

/// A literal that cannot be a JSON value: its span and why.
pub(crate) type LiteralError = (Span, String);

pub(crate) fn to_value(l: &Literal) -> Result<Value, LiteralError> {
    Ok(match &l.kind {
        LiteralKind::Object(members) => Value::Object(to_map_members(members)?),
        LiteralKind::List(items) => {
            Value::Array(items.iter().map(to_value).collect::<Result<_, _>>()?)
        }
        LiteralKind::String(s) => match s.as_plain() {
            Some(t) => Value::String(t),
            None => return Err((s.span, "a test's text cannot hold `{{ }}`".to_string())),
        },
        LiteralKind::Number(n) => {
            let integral = !n.text.contains(['.', 'e', 'E']);
            match n.text.parse::<i64>() {
                Ok(i) if integral => Value::Number(i.into()),
                _ => match Number::from_f64(n.value) {
                    Some(num) => Value::Number(num),
                    None => return Err((n.span, format!("`{}` is not a usable number", n.text))),
                },
            }
        }
        LiteralKind::Word(w) => match w.name.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            other => {
                return Err((
                    w.span,
                    format!(
                    "`{other}` is no value: write a text in quotes, a number, true, false or null"
                ),
                ))
            }
        },
    })
}

/// An object literal as a map; any other literal is an error.
pub(crate) fn to_map(l: &Literal) -> Result<Map<String, Value>, LiteralError> {
    match &l.kind {
        LiteralKind::Object(members) => to_map_members(members),
        _ => Err((l.span, "expected `{ key value ... }`".to_string())),
    }
}

fn to_map_members(
    members: &[herald_lang::syntax::ast::Member],
) -> Result<Map<String, Value>, LiteralError> {
    let mut map = Map::new();
    for m in members {
        map.insert(m.key.clone(), to_value(&m.value)?);
    }
    Ok(map)
}
