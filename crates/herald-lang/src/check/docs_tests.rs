//! Keeps `docs/diagnostics.md` honest: every code of the `Code` table has a section headed by
//! its code and title, and every ```herald example of a section produces that section's code
//! with the table's severity.

use std::collections::BTreeMap;

const DOC: &str = include_str!("../../../../docs/diagnostics.md");

/// Codes whose trigger cannot be shown as a short example: a source over 1 MiB, bytes that are
/// not UTF-8, a hundred journeys, a thousand steps, and the SMS look-alike lint, which belongs
/// to the cost model's GSM-7 tables rather than to the checker. Unit tests cover the others.
/// E0212 and W0007 take a text of about 1,600 characters; E0309 is a bug of herald's own.
/// E0423 takes 33 exit clauses (`check::runs` tests it).
const NO_EXAMPLE: &[&str] =
    &["E0001", "E0002", "E0004", "E0005", "E0212", "E0309", "E0423", "W0007", "E0474"];

fn all_codes() -> Vec<&'static str> {
    crate::diagnostics::Code::ALL.iter().map(|c| c.as_str()).collect()
}

/// Section code → its title (the rest of the `## ` heading).
fn titles() -> BTreeMap<&'static str, &'static str> {
    DOC.lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(|h| h.split_once(' ').unwrap_or((h, "")))
        .collect()
}

/// Section code → the herald examples under it.
pub(crate) fn sections() -> BTreeMap<&'static str, Vec<String>> {
    let mut out: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut current: Option<&str> = None;
    let mut block: Option<String> = None;
    for line in DOC.lines() {
        if let Some(b) = block.as_mut() {
            if line.trim_start().starts_with("```") {
                let code = current.expect("example outside a section");
                out.get_mut(code).unwrap().push(block.take().unwrap());
            } else {
                b.push_str(line);
                b.push('\n');
            }
            continue;
        }
        if let Some(heading) = line.strip_prefix("## ") {
            let code = heading.split_whitespace().next().unwrap();
            assert!(!out.contains_key(code), "two sections for {code} in docs/diagnostics.md");
            out.insert(code, Vec::new());
            current = Some(code);
        } else if line.trim() == "```herald" {
            block = Some(String::new());
        }
    }
    assert!(block.is_none(), "unclosed example in docs/diagnostics.md");
    out
}

#[test]
fn every_code_has_a_section() {
    let codes = all_codes();
    assert!(codes.len() > 30, "could not read the codes: {codes:?}");
    let sections = sections();
    for code in &codes {
        assert!(sections.contains_key(code), "docs/diagnostics.md has no `## {code} ...` section");
    }
    for code in sections.keys() {
        assert!(codes.contains(code), "docs/diagnostics.md documents unknown code {code}");
    }
    let titles = titles();
    for &code in crate::diagnostics::Code::ALL {
        assert_eq!(
            titles.get(code.as_str()).copied(),
            Some(code.title()),
            "the heading of {code} in docs/diagnostics.md is not the table's title"
        );
    }
}

#[test]
fn every_example_produces_its_code() {
    let sections = sections();
    let examples: usize = sections.values().map(Vec::len).sum();
    assert!(examples >= sections.len() - NO_EXAMPLE.len(), "examples were not read");
    for (code, examples) in sections {
        if NO_EXAMPLE.contains(&code) {
            assert!(examples.is_empty(), "{code} is listed as having no example");
            continue;
        }
        assert!(!examples.is_empty(), "the {code} section has no ```herald example");
        for example in examples {
            let found = crate::check_source(&example);
            assert!(
                found.iter().any(|d| d.code == code && d.severity == d.code.severity()),
                "the {code} example does not produce {code}; it gives {:?}\n{example}",
                found.iter().map(|d| (d.code, &d.message)).collect::<Vec<_>>()
            );
        }
    }
}
