//! `lvzhi`: the command line. Staff use it to audit compliance from exported files; outside
//! test suites use it to check the engine.
//!
//! ```text
//! lvzhi compliance --rules R --terms T --sessions S --deputies D --activities A --as-of DATE
//!                  [--deputy ID] [--json] [--accept-good-rows]
//! lvzhi export-demo --dir DIR [--scale small|standard|benchmark] [--as-of DATE] [--format csv|jsonl]
//! ```

mod args;
mod commands;

use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let result = match argv.first().map(String::as_str) {
        Some("compliance") => args::Args::parse(&argv[1..]).and_then(|a| commands::compliance(&a)),
        Some("export-demo") => args::Args::parse(&argv[1..]).and_then(|a| commands::export_demo(&a)),
        Some("help") | Some("--help") | Some("-h") | None => {
            print!("{}", args::HELP);
            Ok(())
        }
        Some(other) => Err(format!("unknown command {other:?}; try `lvzhi help`")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("lvzhi: {message}");
            ExitCode::from(2)
        }
    }
}
