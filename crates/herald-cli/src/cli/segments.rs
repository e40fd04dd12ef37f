//! `herald segments TEXT`: how an SMS text is encoded and split (SPEC §3).

use std::process::ExitCode;

pub fn run(text: &str) -> ExitCode {
    println!("{}", herald_engine::sms_segments(text).to_json());
    ExitCode::SUCCESS
}
