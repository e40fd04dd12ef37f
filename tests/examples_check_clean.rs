//! Every journey in `examples/` and every ```herald block in docs/language.md and docs/porting.md
//! checks without errors, so the examples and the reference cannot drift from the language.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn assert_clean(what: &str, source: &str) {
    let diagnostics = herald_engine::check_source(source);
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{what} has errors: {errors:#?}");
}

#[test]
fn examples_check_clean() {
    let mut seen = 0;
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "herald") {
            let source = std::fs::read_to_string(&path).unwrap();
            assert_clean(&path.display().to_string(), &source);
            seen += 1;
        }
    }
    assert!(seen >= 6, "expected at least six example journeys, found {seen}");
}

/// The fenced ```herald blocks of a markdown file.
pub fn herald_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start()) {
            (None, l) if l.starts_with("```herald") => current = Some(String::new()),
            (Some(_), l) if l.starts_with("```") => blocks.extend(current.take()),
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn language_reference_examples_check_clean() {
    let md = std::fs::read_to_string(root().join("docs/language.md")).unwrap();
    let blocks = herald_blocks(&md);
    assert!(blocks.len() >= 4);
    for (i, block) in blocks.iter().enumerate() {
        // Segment-only blocks get a journey so that the file is complete.
        let source = if block.contains("journey") {
            block.clone()
        } else {
            format!("{block}\njourney \"j\" {{\n  when event \"e\"\n  stop\n}}\n")
        };
        assert_clean(&format!("docs/language.md block {}", i + 1), &source);
    }
}

#[test]
fn porting_guide_examples_check_clean() {
    // docs/porting.md shows a Braze canvas written in herald with the forms of SPEC §6.
    let md = std::fs::read_to_string(root().join("docs/porting.md")).unwrap();
    let blocks = herald_blocks(&md);
    assert!(!blocks.is_empty());
    for (i, block) in blocks.iter().enumerate() {
        assert_clean(&format!("docs/porting.md block {}", i + 1), block);
    }
}
