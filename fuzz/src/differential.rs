//! The body of the fuzz target `parse_differential`: the hand-written parser against pest's
//! reading of grammar/herald.pest (herald-lang's feature `pest-oracle`). Apart from bodies.rs
//! because the stable regression test (tests/fuzz_regressions.rs) builds herald-lang without
//! that feature; on stable, herald-lang's own differential tests
//! (crates/herald-lang/src/syntax/parser/oracle.rs) run the same comparison.

/// Both parsers give the same tokens or the same error, and `parse` the same AST or diagnostics.
pub fn parse_differential(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else { return };
    if let Some(disagreement) = herald_lang::syntax::pest_disagreement(source) {
        panic!("the hand-written parser and pest disagree: {disagreement}");
    }
}
