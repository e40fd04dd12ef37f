//! pest's parse tree as a flat token list, and pest's `Pair`/`Pairs` interface over it (the part
//! the walk of `parser/walk.rs` uses): the differential tests' oracle only (pest's tokens
//! flattened by `parser/oracle.rs`), never in a shipped build.

pub(crate) use super::peg::Rule;

/// One matched rule: its text is `start..end`; its children are the tokens after it up to
/// `next` (the index of its next sibling).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Tok {
    pub rule: Rule,
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

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
