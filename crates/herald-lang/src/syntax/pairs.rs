//! The parse tree the tree builder walks: pest's `Pair`/`Pairs` interface (the part the
//! builder uses) over the flat token list of `peg.rs`, so the builder reads the same tree
//! whichever parser made it (the differential tests feed it pest's too).

use super::peg::{Rule, Tok};

/// One matched rule and, through `into_inner`, its children.
#[derive(Clone, Copy)]
pub(crate) struct Pair<'i, R = Rule> {
    toks: &'i [Tok],
    src: &'i str,
    index: usize,
    rule: std::marker::PhantomData<R>,
}

/// Siblings, in source order.
#[derive(Clone)]
pub(crate) struct Pairs<'i, R = Rule> {
    toks: &'i [Tok],
    src: &'i str,
    next: usize,
    end: usize,
    rule: std::marker::PhantomData<R>,
}

/// Where a pair's text lies.
pub(crate) struct PairSpan {
    start: usize,
    end: usize,
}

impl PairSpan {
    pub(crate) fn start(&self) -> usize {
        self.start
    }

    pub(crate) fn end(&self) -> usize {
        self.end
    }
}

impl<'i> Pairs<'i> {
    /// The top level of a parse: the `file` pair.
    pub(crate) fn new(toks: &'i [Tok], src: &'i str) -> Self {
        Pairs { toks, src, next: 0, end: toks.len(), rule: std::marker::PhantomData }
    }
}

impl<'i> Pair<'i> {
    fn tok(&self) -> Tok {
        self.toks.get(self.index).copied().unwrap_or(Tok {
            rule: Rule::EOI,
            start: 0,
            end: 0,
            next: self.index.saturating_add(1),
        })
    }

    pub(crate) fn as_rule(&self) -> Rule {
        self.tok().rule
    }

    pub(crate) fn as_span(&self) -> PairSpan {
        let t = self.tok();
        PairSpan { start: t.start, end: t.end }
    }

    pub(crate) fn as_str(&self) -> &'i str {
        let t = self.tok();
        self.src.get(t.start..t.end).unwrap_or("")
    }

    pub(crate) fn into_inner(self) -> Pairs<'i> {
        let t = self.tok();
        Pairs {
            toks: self.toks,
            src: self.src,
            next: self.index + 1,
            end: t.next.min(self.toks.len()),
            rule: std::marker::PhantomData,
        }
    }
}

impl<'i> Iterator for Pairs<'i> {
    type Item = Pair<'i>;

    fn next(&mut self) -> Option<Pair<'i>> {
        if self.next >= self.end {
            return None;
        }
        let pair = Pair {
            toks: self.toks,
            src: self.src,
            index: self.next,
            rule: std::marker::PhantomData,
        };
        // A child's `next` is always past it; `max` keeps a malformed list from looping.
        self.next = pair.tok().next.max(self.next + 1);
        Some(pair)
    }
}
