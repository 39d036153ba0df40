//! `cargo xtask fuzz [SECONDS]`: runs every cargo-fuzz target in `fuzz/` for SECONDS each
//! (default 20) and prints executions per target and crashes. cargo-fuzz is installed from
//! crates.io when missing. On the stable toolchain its default run fails (it passes
//! `-Zsanitizer`), so targets run with `-s none`: coverage-guided, without a sanitizer.
//!
//! Seeds are written fresh each run into `fuzz/corpus/TARGET/` (ignored by git): the rule
//! file, a push and a pull, and the first rows of the demo's CSV and JSON Lines exports.

use std::path::Path;
use std::process::Command;

use crate::steps::{command_output, run, say};

const TARGETS: [&str; 4] = ["sync_messages", "rule_file", "csv_import", "jsonl_import"];

fn ensure_cargo_fuzz() -> Result<(), String> {
    if command_output("cargo", &["fuzz", "--version"]).is_some() {
        return Ok(());
    }
    say("installing cargo-fuzz from crates.io (a few minutes, once)");
    run("cargo", &["install", "--locked", "cargo-fuzz"], &[])
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn head(path: &Path, lines: usize) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text.lines().take(lines).map(|line| format!("{line}\n")).collect())
}

fn seed() -> Result<(), String> {
    let corpus = Path::new("fuzz/corpus");
    let rules =
        std::fs::read_to_string("crates/domain/rules/chongqing-341311.json").map_err(|e| format!("rule file: {e}"))?;
    write(&corpus.join("rule_file/chongqing.json"), &rules)?;
    write(
        &corpus.join("sync_messages/push.json"),
        r#"{"client":"01930000-0000-7000-8000-00000000c001","mutations":[{"seq":1,"operation":{"op":"save_activity","base_revision":0,"activity":{"id":"01930000-0000-7000-8000-00000000a001","kind":"constituent_visit","date":"2026-11-20","deputies":["01930000-0000-7000-8000-00000000d001"],"place":"青杠村","description":"走访","entered_by":{"by":"deputy","account":"01930000-0000-7000-8000-000000000000"},"review":{"status":"pending"},"revision":0}}},{"seq":2,"operation":{"op":"reject","id":"01930000-0000-7000-8000-00000000a001","reason":"缺少照片"}}]}"#,
    )?;
    write(
        &corpus.join("sync_messages/pull.json"),
        r#"{"cursor":null,"limit":500,"snapshot":{"at":42,"after":"01930000-0000-7000-8000-00000000a001"}}"#,
    )?;
    let export = std::env::temp_dir().join("lvzhi-fuzz-seed");
    for format in ["csv", "jsonl"] {
        let dir = export.join(format);
        run(
            "cargo",
            &[
                "run",
                "--quiet",
                "--locked",
                "-p",
                "lvzhi-cli",
                "--",
                "export-demo",
                "--scale",
                "small",
                "--format",
                format,
                "--dir",
                &dir.to_string_lossy(),
            ],
            &[],
        )?;
        for file in ["activities", "deputies"] {
            let rows = head(&dir.join(format!("{file}.{format}")), 12)?;
            write(&corpus.join(format!("{format}_import/{file}.{format}")), &rows)?;
        }
    }
    Ok(())
}

/// One target's figures.
struct Outcome {
    runs: u64,
    crashed: bool,
}

fn fuzz_one(target: &str, seconds: u32) -> Result<Outcome, String> {
    let output = Command::new("cargo")
        .args([
            "fuzz",
            "run",
            "-s",
            "none",
            target,
            "--",
            &format!("-max_total_time={seconds}"),
            "-print_final_stats=1",
        ])
        .output()
        .map_err(|e| format!("cannot run cargo fuzz: {e}"))?;
    let log = String::from_utf8_lossy(&output.stderr);
    let runs = log
        .lines()
        .filter_map(|line| line.strip_prefix("stat::number_of_executed_units:"))
        .filter_map(|n| n.trim().parse().ok())
        .last();
    let crashed = !output.status.success();
    if crashed {
        let tail: Vec<&str> = log.lines().rev().take(30).collect();
        eprintln!(
            "{target} failed:\n{}",
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        );
    }
    match runs {
        Some(runs) => Ok(Outcome { runs, crashed }),
        None if crashed => Ok(Outcome { runs: 0, crashed }),
        None => Err(format!("{target}: no statistics in cargo fuzz's output")),
    }
}

/// The `fuzz` command.
pub fn fuzz(args: &[String]) -> Result<(), String> {
    let seconds: u32 = match args.first() {
        Some(text) => text
            .parse()
            .map_err(|_| format!("fuzz: {text:?} is not a number of seconds"))?,
        None => 20,
    };
    ensure_cargo_fuzz()?;
    seed()?;
    let mut crashes = 0;
    let mut lines = Vec::new();
    for target in TARGETS {
        say(&format!("fuzzing {target} for {seconds} s"));
        let outcome = fuzz_one(target, seconds)?;
        crashes += u32::from(outcome.crashed);
        lines.push(format!(
            "{target:<14} {:>12} executions in {seconds} s ({:>9.0}/s), crashes {}",
            outcome.runs,
            outcome.runs as f64 / f64::from(seconds),
            u32::from(outcome.crashed)
        ));
    }
    println!("\nfuzz summary");
    for line in &lines {
        println!("  {line}");
    }
    println!("  crashes: {crashes} (artifacts in fuzz/artifacts/ when any)");
    if crashes > 0 {
        Err(format!("{crashes} fuzz targets crashed"))
    } else {
        Ok(())
    }
}
