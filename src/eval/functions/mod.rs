//! The expression functions of SPEC §6, one file per family (as regorus organises its
//! builtins), each with its unit tests: `aggregate` (sum/min/max/avg/last over past events),
//! `time` (date parts, `days_until`, instant ± duration, `format_date`, and `Ctx::instant`, the
//! one way to read an expression as an instant), `text` (`default`, `capitalize`, `trim`),
//! `number` (`to_number`, `round`, `floor`, `ceil`, `format_number`, `format_money`), `list`
//! (`any`/`all` with `item`). The checker's table of signatures is
//! `crates/herald-lang/src/check/functions.rs`.
//!
//! Every function is total: a wrong type, a missing value or an unprintable result yields
//! *missing*, never an error, as SPEC §1 asks of every operator.

pub mod aggregate;
pub mod list;
pub mod number;
pub mod text;
pub mod time;

use super::expr::{Ctx, Scope};
use super::trace::Observer;
use super::value::Val;
use herald_lang::compile::ir::{Builtin, Expr};

impl<'a> Ctx<'a> {
    /// A builtin of SPEC §6 on its (already compiled) arguments.
    pub(crate) fn builtin<O: Observer>(
        &self,
        b: Builtin,
        args: &'a [Expr],
        sc: &Scope<'a>,
        obs: &mut O,
    ) -> Val<'a> {
        let mut vals = args.iter().map(|a| self.eval(a, sc, obs));
        let x = vals.next().unwrap_or(Val::Missing);
        let y = vals.next();
        match b {
            Builtin::Year
            | Builtin::Month
            | Builtin::Day
            | Builtin::Hour
            | Builtin::Minute
            | Builtin::Weekday => time::date_part(self.zone, b, &x),
            Builtin::DaysUntil => time::until(self.now, &x, super::time::MS_PER_DAY),
            Builtin::HoursUntil => time::until(self.now, &x, super::time::MS_PER_HOUR),
            Builtin::FormatDate => time::format_date(self.zone, &x, y.as_ref()),
            Builtin::Default => text::default(x, y),
            Builtin::Capitalize => text::capitalize(x),
            Builtin::Trim => text::trim(x),
            Builtin::ToNumber => number::to_number(&x),
            Builtin::Round => number::round(&x, y.as_ref()),
            Builtin::Floor => number::unary(&x, f64::floor),
            Builtin::Ceil => number::unary(&x, f64::ceil),
            Builtin::FormatNumber => number::format_number(&x, y.as_ref()),
            Builtin::FormatMoney => number::format_money(&x, y.as_ref()),
        }
    }
}
