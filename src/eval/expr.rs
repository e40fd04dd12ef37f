//! Expression evaluation over the compiled form. Generic over the trace observer, so the
//! ordinary path carries no tracing cost; allocation happens only where a value is built
//! (`lower`, `upper`, string `+`, computed list literals).

use super::input::{EventView, ProfileData};
use super::time::{parse_instant_or_date, MS_PER_DAY, MS_PER_HOUR};
use super::trace::{Observer, Quiet};
use super::value::{arith, const_list_has, is_in, loose_cmp, loose_eq, List, Val};
use herald_lang::compile::ir::{CmpOp, Count, EventScope, Expr, Func, SlotId};
use herald_lang::compile::ProgramData;
use herald_lang::json::{Map, Value};
use herald_lang::tz::Zone;
use std::borrow::Cow;
use std::cell::RefCell;
use std::cmp::Ordering;

/// What expressions read: the program, the profile and the clock.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub prog: &'a ProgramData,
    pub profile: &'a ProfileData<'a>,
    pub now: i64,
    /// The recipient's zone (`time::recipient_zone`): quiet hours, waits and the date functions
    /// read their local time in it.
    pub zone: Zone<'a>,
    /// The values `set profile.KEY = ...` gave in this evaluation, which later steps see.
    pub sets: Option<&'a Overlay<'a>>,
}

/// Profile values set during one evaluation, by slot (the latest wins).
#[derive(Default)]
pub struct Overlay<'a>(RefCell<Vec<(SlotId, Val<'a>)>>);

impl<'a> Overlay<'a> {
    pub fn get(&self, slot: SlotId) -> Option<Val<'a>> {
        let sets = self.0.borrow();
        sets.iter().rev().find(|(s, _)| *s == slot).map(|(_, v)| v.clone())
    }
    pub fn is_empty(&self) -> bool {
        self.0.borrow().is_empty()
    }
}

/// Which events `event.X` reads (SPEC §1).
#[derive(Clone, Default)]
pub struct Scope<'a> {
    /// The run's trigger event.
    pub run: Option<EventView<'a>>,
    /// The event being tested by `exit when` / `wait for`.
    pub incoming: Option<EventView<'a>>,
    /// The past event being counted.
    pub counted: Option<&'a Map<String, Value>>,
    /// The element of the innermost `any`/`all` (`item`).
    pub item: Option<Val<'a>>,
}

impl<'a> Ctx<'a> {
    /// Record `set profile.KEY = v` for the rest of the evaluation.
    pub fn set(&self, slot: SlotId, v: Val<'a>) {
        if let Some(o) = self.sets {
            o.0.borrow_mut().push((slot, v));
        }
    }

    pub fn eval<O: Observer>(&self, e: &'a Expr, sc: &Scope<'a>, obs: &mut O) -> Val<'a> {
        match e {
            Expr::Const(c) => Val::from_const(c),
            Expr::ConstList(items) => Val::List(List::Const(items)),
            Expr::List(items) => {
                Val::List(List::Vals(items.iter().map(|i| self.eval(i, sc, obs)).collect()))
            }
            Expr::Now(span) => {
                let v = Val::Time(self.now);
                obs.leaf(*span, &v);
                v
            }
            Expr::Profile(slot, path) => {
                let set = self.sets.filter(|o| !o.is_empty()).and_then(|o| o.get(*slot));
                let mut v = match set {
                    Some(v) => v,
                    None => self.profile.slot(*slot).map_or(Val::Missing, Val::from_json),
                };
                for key in path.rest.iter() {
                    v = v.get(key);
                }
                obs.leaf(path.span, &v);
                v
            }
            Expr::Event(scope, path) => {
                let props = match scope {
                    EventScope::Run => sc.run.map(|e| e.properties),
                    EventScope::Incoming => sc.incoming.map(|e| e.properties),
                    EventScope::Counted => sc.counted,
                };
                let mut v = props.map_or(Val::Missing, Val::Obj);
                for key in path.rest.iter() {
                    v = v.get(key);
                }
                obs.leaf(path.span, &v);
                v
            }
            Expr::Segment(i, span) => {
                let v = match self.prog.segments.get(*i as usize) {
                    Some(body) => self.eval(body, sc, obs),
                    None => Val::Missing,
                };
                obs.leaf(*span, &v);
                v
            }
            Expr::Not(x) => Val::Bool(!self.eval(x, sc, obs).is_true()),
            Expr::Neg(x) => match self.eval(x, sc, obs) {
                Val::Num(n) => Val::Num(-n),
                _ => Val::Missing,
            },
            Expr::And(a, b) => {
                Val::Bool(self.eval(a, sc, obs).is_true() && self.eval(b, sc, obs).is_true())
            }
            Expr::Or(a, b) => {
                Val::Bool(self.eval(a, sc, obs).is_true() || self.eval(b, sc, obs).is_true())
            }
            Expr::Coalesce(a, b) => {
                let v = self.eval(a, sc, obs);
                if v.is_missing() {
                    self.eval(b, sc, obs)
                } else {
                    v
                }
            }
            Expr::Cmp(op, a, b) => {
                let x = self.eval(a, sc, obs);
                let y = self.eval(b, sc, obs);
                Val::Bool(compare(*op, &x, &y))
            }
            Expr::InConst(a, items) => Val::Bool(const_list_has(items, &self.eval(a, sc, obs))),
            Expr::Arith(op, a, b) => {
                let x = self.eval(a, sc, obs);
                let y = self.eval(b, sc, obs);
                arith(*op, x, y)
            }
            Expr::Exists(x) => Val::Bool(!self.eval(x, sc, obs).is_missing()),
            Expr::Call(f, x, span) => {
                let arg = self.eval(x, sc, obs);
                let v = self.call(*f, arg);
                obs.leaf(*span, &v);
                v
            }
            Expr::Count(c) => {
                let v = Val::Num(self.count(c, sc));
                obs.leaf(c.span, &v);
                v
            }
            Expr::Builtin(b, args, span) => {
                let v = self.builtin(*b, args, sc, obs);
                obs.leaf(*span, &v);
                v
            }
            Expr::Shift(x, ms, span) => {
                let v = super::functions::time::shift(&self.eval(x, sc, obs), *ms);
                obs.leaf(*span, &v);
                v
            }
            Expr::Aggregate(a) => {
                let v = self.aggregate(a, sc);
                obs.leaf(a.events.span, &v);
                v
            }
            Expr::Quantifier(q) => {
                let v = self.quantifier(q, sc, obs);
                obs.leaf(q.span, &v);
                v
            }
            Expr::Digest(path) => {
                // Missing before the run's digest step (the checker warns where that can be).
                let digest = sc.run.and_then(|e| e.digest);
                let mut keys = path.rest.iter();
                let mut v = match (digest, keys.next().map(|k| &**k)) {
                    (Some(d), Some("count")) => Val::Num(d.count as f64),
                    (Some(d), Some("events")) => Val::List(super::value::List::Json(&d.events)),
                    _ => Val::Missing,
                };
                for key in keys {
                    v = v.get(key);
                }
                obs.leaf(path.span, &v);
                v
            }
            Expr::Item(path) => {
                let mut v = sc.item.clone().unwrap_or(Val::Missing);
                for key in path.rest.iter() {
                    v = v.get(key);
                }
                obs.leaf(path.span, &v);
                v
            }
        }
    }

    fn call(&self, f: Func, arg: Val<'a>) -> Val<'a> {
        match f {
            Func::DaysSince | Func::HoursSince => {
                let at = match &arg {
                    Val::Str(s) => parse_instant_or_date(s),
                    Val::Time(t) => Some(*t),
                    _ => None,
                };
                let unit = if f == Func::DaysSince { MS_PER_DAY } else { MS_PER_HOUR };
                at.map_or(Val::Missing, |t| {
                    Val::Num((self.now.saturating_sub(t)) as f64 / unit as f64)
                })
            }
            Func::Lower => match arg {
                Val::Str(s) => Val::Str(Cow::Owned(s.to_lowercase())),
                _ => Val::Missing,
            },
            Func::Upper => match arg {
                Val::Str(s) => Val::Str(Cow::Owned(s.to_uppercase())),
                _ => Val::Missing,
            },
            Func::Len => match arg {
                Val::Str(s) => Val::Num(s.chars().count() as f64),
                Val::List(l) => Val::Num(l.len() as f64),
                Val::Obj(o) => Val::Num(o.len() as f64),
                _ => Val::Missing,
            },
        }
    }

    /// `count(event "Name" [where c] within D)`: past events of that name whose time lies in
    /// `[now − D, now]` and that satisfy `c`.
    fn count(&self, c: &'a Count, sc: &Scope<'a>) -> f64 {
        let from = self.now.saturating_sub(c.within_ms);
        let mut n = 0u32;
        for e in &self.profile.events {
            if e.name != c.name || e.time < from || e.time > self.now {
                continue;
            }
            if let Some(cond) = &c.condition {
                let inner = Scope { counted: e.properties.as_deref(), ..sc.clone() };
                if !self.eval(cond, &inner, &mut Quiet).is_true() {
                    continue;
                }
            }
            n += 1;
        }
        f64::from(n)
    }
}

/// A comparison operator on two values; false whenever a side is missing or the types differ.
pub fn compare(op: CmpOp, x: &Val<'_>, y: &Val<'_>) -> bool {
    match op {
        CmpOp::Eq => loose_eq(x, y) == Some(true),
        CmpOp::Ne => loose_eq(x, y) == Some(false),
        CmpOp::Lt => loose_cmp(x, y) == Some(Ordering::Less),
        CmpOp::Le => matches!(loose_cmp(x, y), Some(Ordering::Less | Ordering::Equal)),
        CmpOp::Gt => loose_cmp(x, y) == Some(Ordering::Greater),
        CmpOp::Ge => matches!(loose_cmp(x, y), Some(Ordering::Greater | Ordering::Equal)),
        CmpOp::In => is_in(x, y),
        CmpOp::Contains => is_in(y, x),
        CmpOp::StartsWith => match (x, y) {
            (Val::Str(a), Val::Str(b)) => a.starts_with(b.as_ref()),
            _ => false,
        },
        CmpOp::EndsWith => match (x, y) {
            (Val::Str(a), Val::Str(b)) => a.ends_with(b.as_ref()),
            _ => false,
        },
    }
}
