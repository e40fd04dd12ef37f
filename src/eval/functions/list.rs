//! `any(LIST, COND)` and `all(LIST, COND)` (SPEC §6): `item` in COND is the element (the
//! innermost list's, when they nest). `any` holds when COND holds for some element, `all` when
//! it holds for every one (so `all` of an empty list is true, `any` false). A missing value or
//! one that is not a list gives *missing*, never an error.
//!
//! Bounded work: a list longer than [`MAX_LIST_ITEMS`] gives *missing* (no partial answer), and
//! the checker allows at most two levels of nesting (E0405), so one `any`/`all` evaluates its
//! condition at most 1,000,000 times.

use crate::eval::expr::{Ctx, Scope};
use crate::eval::trace::Observer;
use crate::eval::value::Val;
use herald_lang::compile::ir::Quantifier;

/// The longest list `any`/`all` look into.
pub const MAX_LIST_ITEMS: usize = 1_000;

impl<'a> Ctx<'a> {
    pub(crate) fn quantifier<O: Observer>(
        &self,
        q: &'a Quantifier,
        sc: &Scope<'a>,
        obs: &mut O,
    ) -> Val<'a> {
        let Val::List(list) = self.eval(&q.list, sc, obs) else { return Val::Missing };
        if list.len() > MAX_LIST_ITEMS {
            return Val::Missing;
        }
        for i in 0..list.len() {
            let item = list.get(i).unwrap_or(Val::Missing);
            let inner = Scope { item: Some(item), ..sc.clone() };
            let holds = self.eval(&q.cond, &inner, &mut crate::eval::trace::Quiet).is_true();
            if holds != q.all {
                return Val::Bool(holds);
            }
        }
        Val::Bool(q.all)
    }
}
