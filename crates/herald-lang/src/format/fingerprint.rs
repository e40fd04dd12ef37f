//! Run fingerprints (SPEC §6, "Edits under running journeys"). A waiting run's state records a
//! fingerprint of its journey up to and including the step where it waits; a program whose
//! fingerprint for that step differs ends the run (`journey_changed`) rather than resuming it
//! at a step that now means something else.
//!
//! The fingerprint of a step is FNV-1a 64 (the same hash as the deterministic `split`) over
//! the canonical text of the journey, as `herald fmt` prints it, from `journey "id" {` down to
//! the end of that step's own text (for `wait for`, its header line up to `{`; for a `send`,
//! every fallback), with the comments left out and empty lines removed (every other line ends
//! with `\n`). Everything before that point in document order counts: the header clauses,
//! earlier steps, the conditions and earlier blocks of enclosing steps. Nothing after it does,
//! so a typo fixed in a later message keeps runs going.

use super::printer::Printer;
use crate::syntax::ast::Journey;
use fnv::FnvHasher;
use std::hash::Hasher;

/// A step's fingerprint.
pub type Fingerprint = u64;

/// Every step's fingerprint, by the start of the step's span in `src` (the text `j` was parsed
/// from), in document order. One printing of the journey and one pass over it.
pub fn journey_fingerprints(j: &Journey, src: &str) -> Vec<(usize, Fingerprint)> {
    let (text, marks) = Printer::journey_marked(src, j);
    let mut out = Vec::with_capacity(marks.len());
    // FNV-1a is a byte stream: the running hash after a step's last line is its fingerprint.
    let mut hash = FnvHasher::default();
    let mut pos = 0usize;
    let mut marks = marks.into_iter().peekable();
    for line in text.split_inclusive('\n') {
        pos += line.len();
        let content = line.trim_end();
        if !content.is_empty() {
            hash.write(content.as_bytes());
            hash.write(b"\n");
        }
        while let Some(&(step, _)) = marks.peek().filter(|(_, at)| *at <= pos) {
            out.push((step, hash.finish()));
            marks.next();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::names::fnv1a64;
    use crate::syntax::ast::Item;

    fn prints(src: &str) -> Vec<Fingerprint> {
        let file = crate::syntax::parse(src).unwrap();
        let Some(Item::Journey(j)) = file.items.iter().find(|i| matches!(i, Item::Journey(_)))
        else {
            panic!("no journey")
        };
        journey_fingerprints(j, src).into_iter().map(|(_, f)| f).collect()
    }

    #[test]
    fn a_fingerprint_is_fnv1a_of_the_canonical_text_up_to_the_step() {
        let src = "# hi\njourney \"j\" {\n  when   event \"E\"   # trigger\n\n  send sms \"A\"\n  wait 1 day\n}\n";
        let f = prints(src);
        assert_eq!(f.len(), 2);
        let head = "journey \"j\" {\n  when event \"E\"\n  send sms \"A\"\n";
        assert_eq!(f[0], fnv1a64(head.as_bytes()));
        assert_eq!(f[1], fnv1a64(format!("{head}  wait 1 day\n").as_bytes()));
    }

    /// States written by earlier versions record these values: the hash (FNV-1a 64, its offset
    /// and prime) and the text it covers must never change, whichever code computes them.
    #[test]
    fn fingerprints_keep_their_exact_values() {
        let f = prints("journey \"j\" {\n  when event \"E\"\n  send sms \"A\"\n  wait 1 day\n  wait for event \"X\" within 1 day {\n    send email \"e\"\n  }\n}\n");
        let shown: Vec<String> = f.iter().map(|h| format!("{h:016x}")).collect();
        assert_eq!(shown, PINNED);
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    const PINNED: [&str; 4] =
        ["c999428dcee68399", "cbc96d2b633d9f8d", "0fda6f54090a93cc", "8c124ec5b9f9c473"];

    #[test]
    fn edits_before_the_step_change_it_and_edits_after_do_not() {
        let base = prints("journey \"j\" {\n  when event \"E\"\n  send sms \"A\"\n  wait 1 day\n  send sms \"B\"\n}\n");
        // Layout, comments and a later message: the wait's fingerprint stays.
        let same = prints("journey \"j\" {\n when event \"E\" # x\n\n\n  send   sms \"A\"\n# y\n  wait 1 days\n  send sms \"B, fixed\"\n}\n");
        assert_eq!(base[1], same[1]);
        assert_ne!(base[2], same[2]);
        // A step inserted at the top: the wait is now step 4 and its prefix differs.
        let moved = prints("journey \"j\" {\n  when event \"E\"\n  send sms \"intro\"\n  wait 1 hour\n  send sms \"A\"\n  wait 1 day\n}\n");
        assert!(!moved.contains(&base[1]));
        // A header clause is before every step.
        let header = prints("journey \"j\" {\n  when event \"E\"\n  reentry always\n  send sms \"A\"\n  wait 1 day\n}\n");
        assert_ne!(base[1], header[1]);
    }

    #[test]
    fn a_wait_for_ends_at_its_header_and_blocks_count_in_document_order() {
        let a = prints("journey \"j\" {\n  when event \"E\"\n  wait for event \"X\" within 1 day {\n    send sms \"a\"\n    wait 1 hour\n  } timeout {\n    send sms \"t\"\n  }\n}\n");
        let b = prints("journey \"j\" {\n  when event \"E\"\n  wait for event \"X\" within 1 day {\n    send sms \"changed\"\n    wait 1 hour\n  } timeout {\n    send sms \"t\"\n  }\n}\n");
        // steps: wait for, send a, wait 1 hour, send t
        assert_eq!(a[0], b[0], "the wait for ends before its blocks");
        assert_ne!(a[2], b[2], "the wait in the event block follows the changed send");
        assert_ne!(a[3], b[3], "the timeout block follows the event block");
    }
}
