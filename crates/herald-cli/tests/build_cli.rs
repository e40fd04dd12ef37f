//! `herald build`: the saved program it writes loads with `Program::load` and answers as the
//! source does; errors and warnings are printed as `herald check` prints them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use herald_engine::Program;
use std::path::PathBuf;
use std::process::{Command, Output};

fn herald(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_herald")).args(args).output().unwrap()
}

fn dir() -> PathBuf {
    tempfile::tempdir().unwrap().keep()
}

const REQUEST: &str = r#"{"now":"2026-03-08T14:00:00Z","profile":{"id":"u1","email":"a@b.co","subscriptions":{"email":"subscribed"}},"event":{"name":"Signed Up"}}"#;

#[test]
fn build_writes_a_program_that_answers_as_its_source() {
    let d = dir();
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/welcome.herald"
    ))
    .unwrap();
    let input = d.join("welcome.herald");
    std::fs::write(&input, &source).unwrap();
    let out = herald(&["build", input.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("welcome.hbc"), "{stderr}");
    let saved = std::fs::read(d.join("welcome.hbc")).unwrap();
    let loaded = Program::load(&saved).unwrap();
    let compiled = herald_engine::compile(&source).unwrap();
    assert_eq!(loaded.try_evaluate_json(REQUEST), compiled.try_evaluate_json(REQUEST));
    assert_eq!(saved, compiled.save().unwrap(), "the CLI saves what the library saves");

    // -o names the output; --prices is saved with the program.
    let prices = d.join("prices.json");
    std::fs::write(&prices, r#"{"currency":"EUR","channels":{"email":{"default":0.25}}}"#).unwrap();
    let output = d.join("out.hbc");
    let out = herald(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
        "--prices",
        prices.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let loaded = Program::load(&std::fs::read(&output).unwrap()).unwrap();
    assert_eq!(loaded.prices().currency().as_str(), "EUR");
}

#[test]
fn build_refuses_a_source_with_errors_and_never_overwrites_the_source() {
    let d = dir();
    let input = d.join("bad.herald");
    std::fs::write(&input, "journey \"x\" {\n  send smss \"hi\"\n}\n").unwrap();
    let out = herald(&["build", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("E0102"));
    assert!(!d.join("bad.hbc").exists());

    let good = d.join("good.herald");
    std::fs::write(&good, "journey \"w\" {\n  when event \"a\"\n  send email \"hi\"\n}\n").unwrap();
    let out = herald(&["build", good.to_str().unwrap(), "-o", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("overwrite"));
    assert!(std::fs::read_to_string(&good).unwrap().starts_with("journey"));
}
