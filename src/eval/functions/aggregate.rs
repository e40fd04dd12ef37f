//! Aggregates over past events (SPEC §6): `sum`, `min`, `max`, `avg`, `last` of a value read
//! from each event of `profile.events` that `count(...)` with the same arguments would count
//! (name, `where`, time in `[now − D, now]`). `event.X` in the value and the `where` is that
//! past event. Non-numbers (text included, even `"12"`) are skipped by sum/min/max/avg; with no
//! event `sum` is 0 and the others are missing; `last` is the value of the most recent event
//! (the later one in `profile.events` on a tie), whatever its type, missing included.

use crate::eval::expr::{Ctx, Scope};
use crate::eval::trace::Quiet;
use crate::eval::value::Val;
use herald_lang::compile::ir::{AggKind, Aggregate};

impl<'a> Ctx<'a> {
    pub(crate) fn aggregate(&self, a: &'a Aggregate, sc: &Scope<'a>) -> Val<'a> {
        let c = &a.events;
        let from = self.now.saturating_sub(c.within_ms);
        let mut acc = Acc::new(a.kind);
        for e in &self.profile.events {
            if e.name != c.name || e.time < from || e.time > self.now {
                continue;
            }
            let inner = Scope { counted: e.properties.as_deref(), ..sc.clone() };
            if let Some(cond) = &c.condition {
                if !self.eval(cond, &inner, &mut Quiet).is_true() {
                    continue;
                }
            }
            if a.kind == AggKind::Last {
                if acc.last_time.is_some_and(|t| t > e.time) {
                    continue;
                }
                acc.last_time = Some(e.time);
                acc.last = self.eval(&a.value, &inner, &mut Quiet);
            } else if let Val::Num(n) = self.eval(&a.value, &inner, &mut Quiet) {
                acc.add(n);
            }
        }
        acc.finish()
    }
}

/// The running aggregate.
struct Acc<'a> {
    kind: AggKind,
    sum: f64,
    n: u32,
    min: f64,
    max: f64,
    last_time: Option<i64>,
    last: Val<'a>,
}

impl<'a> Acc<'a> {
    fn new(kind: AggKind) -> Acc<'a> {
        Acc {
            kind,
            sum: 0.0,
            n: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            last_time: None,
            last: Val::Missing,
        }
    }
    fn add(&mut self, x: f64) {
        self.sum += x;
        self.n += 1;
        self.min = self.min.min(x);
        self.max = self.max.max(x);
    }
    fn finish(self) -> Val<'a> {
        let num = |x: f64| if x.is_finite() { Val::Num(x) } else { Val::Missing };
        match self.kind {
            AggKind::Sum => num(self.sum),
            _ if self.kind != AggKind::Last && self.n == 0 => Val::Missing,
            AggKind::Min => num(self.min),
            AggKind::Max => num(self.max),
            AggKind::Avg => num(self.sum / f64::from(self.n)),
            AggKind::Last => self.last,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(kind: AggKind, xs: &[f64]) -> Val<'static> {
        let mut a = Acc::new(kind);
        xs.iter().for_each(|x| a.add(*x));
        a.finish()
    }
    fn num(v: Val<'_>) -> Option<f64> {
        match v {
            Val::Num(n) => Some(n),
            _ => None,
        }
    }

    #[test]
    fn empty_sum_is_zero_the_others_missing() {
        assert_eq!(num(run(AggKind::Sum, &[])), Some(0.0));
        assert!(run(AggKind::Min, &[]).is_missing());
        assert!(run(AggKind::Max, &[]).is_missing());
        assert!(run(AggKind::Avg, &[]).is_missing());
        assert!(run(AggKind::Last, &[]).is_missing());
    }

    #[test]
    fn folds() {
        let xs = [3.0, -1.0, 10.0];
        assert_eq!(num(run(AggKind::Sum, &xs)), Some(12.0));
        assert_eq!(num(run(AggKind::Min, &xs)), Some(-1.0));
        assert_eq!(num(run(AggKind::Max, &xs)), Some(10.0));
        assert_eq!(num(run(AggKind::Avg, &xs)), Some(4.0));
        assert!(run(AggKind::Sum, &[f64::MAX, f64::MAX]).is_missing());
    }
}
