//! Inputs at the limits go through every phase (parse, check, format, compile, evaluate) on a
//! 1 MiB stack, the size of a WebAssembly instance's: nothing may overflow, and inputs past the
//! limits get their typed errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use herald_engine::syntax::{MAX_EXPR_DEPTH, MAX_NESTING};

fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new().stack_size(1 << 20).spawn(f).unwrap().join().unwrap();
}

fn request(now: &str) -> String {
    format!(
        r#"{{"now": "{now}", "profile": {{"id": "u1", "a": 1, "phone": "+14155550100",
        "subscriptions": {{"sms": "subscribed"}}}}, "event": {{"name": "e", "time": "{now}",
        "properties": {{}}}}}}"#
    )
}

fn run_everything(source: &str) {
    let diagnostics = herald_engine::check_source(source);
    assert!(!diagnostics.has_errors(), "{diagnostics:?}");
    let formatted = herald_engine::format(source).unwrap();
    assert_eq!(herald_engine::format(&formatted).unwrap(), formatted);
    let program = herald_engine::compile(source).unwrap();
    let response = program.evaluate_json(&request("2026-03-08T14:00:00Z"));
    assert!(response.contains("\"send\""), "{response}");
    let _ = program.analyze(&herald_engine::cost::AnalyzeOptions::default());
}

#[test]
fn deepest_blocks_run_everywhere() {
    on_small_stack(|| {
        // One level is the journey's own braces.
        let depth = MAX_NESTING - 1;
        let mut src = String::from("journey \"deep\" {\n  when event \"e\"\n");
        for _ in 0..depth {
            src.push_str("if (profile.a == 1) {\n");
        }
        src.push_str("send sms \"deep\"\n");
        for _ in 0..depth {
            src.push_str("}\n");
        }
        src.push_str("}\n");
        run_everything(&src);
    });
}

#[test]
fn deepest_expressions_run_everywhere() {
    on_small_stack(|| {
        let chain = vec!["profile.a == 1"; MAX_EXPR_DEPTH / 2].join(" and ");
        let parens = format!("{}true{}", "(".repeat(60), ")".repeat(60));
        let src = format!(
            "journey \"deep\" {{\n  when event \"e\"\n  if {chain} and {parens} {{\n    send sms \"x\"\n  }}\n}}\n"
        );
        run_everything(&src);
    });
}

#[test]
fn past_the_limits_is_an_error_not_a_crash() {
    on_small_stack(|| {
        let too_deep = format!(
            "journey \"j\" {{ when event \"e\" if {}true{} {{ stop }} }}",
            "(".repeat(100_000),
            ")".repeat(100_000)
        );
        assert_eq!(herald_engine::check_source(&too_deep).0[0].code, "E0003");
        assert!(herald_engine::compile(&too_deep).is_err());
        assert!(herald_engine::format(&too_deep).is_err());
        let long_chain = format!(
            "journey \"j\" {{ when event \"e\" if {} {{ stop }} }}",
            vec!["true"; 100_000].join(" or ")
        );
        assert_eq!(herald_engine::check_source(&long_chain).0[0].code, "E0003");
    });
}
