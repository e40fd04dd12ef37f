//! `herald segments TEXT`: how an SMS text is encoded and split (SPEC §3).

use std::process::ExitCode;

pub fn run(text: &str) -> ExitCode {
    match serde_json::to_string(&herald_engine::sms_segments(text)) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(super::EXIT_ERRORS)
        }
    }
}
