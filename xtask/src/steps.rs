//! Building, serving, testing and measuring, and the process helpers they share.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub fn say(message: &str) {
    println!("==> {message}");
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Puts npm's binaries (wasm-opt) and cargo's installed tools first on PATH.
pub fn extend_path(root: &Path) {
    let mut paths = vec![root.join("node_modules").join(".bin")];
    if let Some(home) = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
    {
        paths.push(home.join("bin"));
    }
    if let Some(existing) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&existing));
    }
    if let Ok(joined) = std::env::join_paths(paths) {
        // SAFETY: xtask is single-threaded here; nothing else reads the environment concurrently.
        unsafe { std::env::set_var("PATH", joined) };
    }
}

/// The trimmed stdout of a command that succeeded, or `None`.
pub fn command_output(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).stderr(Stdio::null()).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

pub fn run(program: &str, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let status = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .status()
        .map_err(|error| format!("cannot start {program}: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

const TRUNK_ENV: [(&str, &str); 2] = [("TRUNK_SKIP_VERSION_CHECK", "true"), ("NO_COLOR", "true")];

pub fn build_app() -> Result<(), String> {
    say("building the release app into dist/ (Trunk, offline, local wasm-bindgen and wasm-opt)");
    run("trunk", &["build", "--release", "--offline"], &TRUNK_ENV)?;
    let count = crate::precompress::precompress(Path::new("dist"))?;
    println!("wrote brotli and gzip copies of {count} files in dist/");
    Ok(())
}

pub const SERVER_BINARY: &str = "target/server/lvzhi-server";

pub fn build_server() -> Result<(), String> {
    say("building the server (cargo profile `server`)");
    run(
        "cargo",
        &["build", "--locked", "--profile", "server", "-p", "lvzhi-server"],
        &[],
    )
}

pub fn serve(args: &[String]) -> Result<(), String> {
    say("starting the server (http://127.0.0.1:8080 unless --addr says otherwise; Ctrl-C stops it)");
    let mut command = Command::new(SERVER_BINARY);
    command.args(["--static-dir", "dist", "--data-dir", "data"]);
    // The server's own default is no demo data; the README's try-it-out command asks for it.
    let demo_chosen = args.iter().any(|arg| arg == "--demo" || arg.starts_with("--demo="))
        || std::env::var_os("LVZHI_DEMO").is_some();
    if !demo_chosen {
        command.args(["--demo", "standard"]);
    }
    command.args(args);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let error = command.exec();
        Err(format!("cannot start the server: {error}"))
    }
    #[cfg(not(unix))]
    {
        let status = command
            .status()
            .map_err(|error| format!("cannot start the server: {error}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("the server stopped: {status}"))
        }
    }
}

/// Pass and fail counts read from a runner's summary lines.
#[derive(Default, Clone, Copy)]
struct Tally {
    passed: u64,
    failed: u64,
}

/// Runs a test runner, echoing its output and reading its summary lines.
fn run_tests(title: &str, program: &str, args: &[&str], env: &[(&str, &str)]) -> Result<(Tally, bool), String> {
    say(title);
    let mut child = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot start {program}: {error}"))?;
    let mut tally = Tally::default();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            read_summary(&line, &mut tally);
        }
    }
    let status = child
        .wait()
        .map_err(|error| format!("{program} did not finish: {error}"))?;
    Ok((tally, status.success()))
}

fn number_before(text: &str, word: &str) -> Option<u64> {
    let index = text.find(word)?;
    text[..index].split_whitespace().last()?.parse().ok()
}

fn read_summary(line: &str, tally: &mut Tally) {
    let trimmed = line.trim();
    if let Some(rest) = trimmed.strip_prefix("test result: ") {
        tally.passed += number_before(rest, " passed").unwrap_or(0);
        tally.failed += number_before(rest, " failed").unwrap_or(0);
    } else if let Some(count) = trimmed.strip_prefix("# pass ") {
        tally.passed += count.trim().parse::<u64>().unwrap_or(0);
    } else if let Some(count) = trimmed.strip_prefix("# fail ") {
        tally.failed += count.trim().parse::<u64>().unwrap_or(0);
    }
}

pub fn test_everything() -> Result<(), String> {
    let chromedriver = [("CHROMEDRIVER", "/usr/bin/chromedriver")];
    let mut results: Vec<(&str, Tally, bool)> = Vec::new();
    let (tally, ok) = run_tests(
        "native tests: domain, demo data, server (real HTTP on 127.0.0.1, real SQLite), xtask",
        "cargo",
        &["test", "--locked", "--workspace", "--exclude", "lvzhi-app"],
        &[],
    )?;
    results.push(("native", tally, ok));
    let (tally, ok) = run_tests(
        "wasm tests in headless Chromium: the app's IndexedDB store",
        "cargo",
        &[
            "test",
            "--locked",
            "-p",
            "lvzhi-app",
            "--target",
            "wasm32-unknown-unknown",
        ],
        &chromedriver,
    )?;
    results.push(("wasm (app)", tally, ok));
    let domain_wasm_tests = [
        "test",
        "--locked",
        "-p",
        "lvzhi-domain",
        "--target",
        "wasm32-unknown-unknown",
        "--test",
        "compliance",
        "--test",
        "interchange",
    ];
    let (tally, ok) = run_tests(
        "wasm tests in headless Chromium: the domain crate's compliance and interchange tests",
        "cargo",
        &domain_wasm_tests,
        &chromedriver,
    )?;
    results.push(("wasm (domain)", tally, ok));
    build_app()?;
    say("the deputy shell's size against its budget");
    let gzip_total = shell_size()?;
    let within = gzip_total <= SIZE_BUDGET_GZIP_BYTES;
    println!(
        "budget: total ≤ {:.1} KiB gzipped — {:.1} KiB, {}",
        SIZE_BUDGET_GZIP_BYTES as f64 / 1024.0,
        gzip_total as f64 / 1024.0,
        if within { "within it" } else { "OVER IT" }
    );
    results.push((
        "size budget",
        Tally {
            passed: u64::from(within),
            failed: u64::from(!within),
        },
        true,
    ));
    build_server()?;
    let (tally, ok) = run_tests(
        "end-to-end tests: the built app served by the real server, in headless Chromium",
        "node",
        &["--test", "--test-concurrency=1", "tests/e2e/"],
        &[("LVZHI_SERVER_BIN", SERVER_BINARY), ("LVZHI_DIST", "dist")],
    )?;
    results.push(("end-to-end", tally, ok));

    println!();
    say("summary");
    let mut total = Tally::default();
    for (name, tally, ok) in &results {
        println!(
            "{name}: {} passed, {} failed{}",
            tally.passed,
            tally.failed,
            if *ok { "" } else { " (runner failed)" }
        );
        total.passed += tally.passed;
        total.failed += tally.failed;
    }
    println!("total: {} passed, {} failed", total.passed, total.failed);
    if results.iter().all(|(_, tally, ok)| *ok && tally.failed == 0) {
        Ok(())
    } else {
        Err("some tests failed".into())
    }
}

pub fn bench_wasm() -> Result<(), String> {
    say("compliance benchmark in wasm, in headless Chromium (release build)");
    run(
        "cargo",
        &[
            "test",
            "--locked",
            "--release",
            "-p",
            "lvzhi-domain",
            "--target",
            "wasm32-unknown-unknown",
            "--features",
            "wasm-benchmark",
            "--test",
            "wasm_benchmark",
            "--",
            "--nocapture",
        ],
        &[("CHROMEDRIVER", "/usr/bin/chromedriver")],
    )
}

pub fn bench_storage() -> Result<(), String> {
    say("IndexedDB bulk-load benchmark in headless Chromium (release build)");
    let args = [
        "test",
        "--locked",
        "--release",
        "-p",
        "lvzhi-app",
        "--target",
        "wasm32-unknown-unknown",
        "--features",
        "storage-benchmark",
        "--test",
        "storage_benchmark",
        "--",
        "--nocapture",
    ];
    run(
        "cargo",
        &args,
        &[
            ("CHROMEDRIVER", "/usr/bin/chromedriver"),
            ("WASM_BINDGEN_TEST_TIMEOUT", "600"),
        ],
    )
}

/// Gzipped size with `gzip -9`, as a browser would receive it from a compressing server.
fn gzipped_size(path: &Path) -> Result<u64, String> {
    Ok(crate::precompress::gzip_bytes(path)?.len() as u64)
}

fn brotli_size(path: &Path) -> Result<u64, String> {
    let bytes = std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?;
    Ok(crate::precompress::brotli_bytes(&bytes)?.len() as u64)
}

pub const SIZE_GOAL_GZIP_BYTES: u64 = 120 * 1024;

pub fn report_size() -> Result<(), String> {
    shell_size().map(|_| ())
}

/// The deputy shell's budget, gzip, enforced by `cargo xtask test`: no growth over what the
/// client-trust work left (526.0 KiB on 2026-12-02). Lower it with every cut (docs/size.md);
/// the bundles work takes it toward its goal.
pub const SIZE_BUDGET_GZIP_BYTES: u64 = 530 * 1024;

/// Prints the built shell's files and their sizes; returns the gzip total.
fn shell_size() -> Result<u64, String> {
    let mut rows = Vec::new();
    let entries = std::fs::read_dir("dist").map_err(|error| format!("cannot read dist/: {error}"))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let kind = match path.extension().and_then(|e| e.to_str()) {
            Some("wasm") => "wasm",
            Some("js") => "js",
            Some("css") => "css",
            _ => continue,
        };
        let raw = entry
            .metadata()
            .map_err(|error| format!("{}: {error}", path.display()))?
            .len();
        rows.push((
            kind,
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            raw,
            gzipped_size(&path)?,
            brotli_size(&path)?,
        ));
    }
    rows.sort();
    let kib = |bytes: u64| bytes as f64 / 1024.0;
    println!(
        "{:<6} {:<46} {:>11} {:>11} {:>11}",
        "kind", "file", "raw KiB", "gzip KiB", "brotli KiB"
    );
    let (mut raw_total, mut gzip_total, mut brotli_total) = (0, 0, 0);
    for (kind, name, raw, gzip, brotli) in &rows {
        println!(
            "{kind:<6} {name:<46} {:>11.1} {:>11.1} {:>11.1}",
            kib(*raw),
            kib(*gzip),
            kib(*brotli)
        );
        raw_total += raw;
        gzip_total += gzip;
        brotli_total += brotli;
    }
    println!(
        "{:<6} {:<46} {:>11.1} {:>11.1} {:>11.1}",
        "total",
        "app shell (wasm + js + css)",
        kib(raw_total),
        kib(gzip_total),
        kib(brotli_total)
    );
    let verdict = if gzip_total <= SIZE_GOAL_GZIP_BYTES {
        "meets"
    } else {
        "misses"
    };
    println!(
        "goal: total ≤ {:.0} KiB gzipped — {verdict} it by {:.1} KiB",
        kib(SIZE_GOAL_GZIP_BYTES),
        kib(gzip_total.abs_diff(SIZE_GOAL_GZIP_BYTES))
    );
    Ok(gzip_total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cargo_and_node_summary_lines() {
        let mut tally = Tally::default();
        for line in [
            "test result: ok. 14 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.06s",
            "test result: FAILED. 4 passed; 1 failed; 0 ignored",
            "# pass 3",
            "# fail 2",
            "not a summary: 9 passed",
        ] {
            read_summary(line, &mut tally);
        }
        assert_eq!((tally.passed, tally.failed), (21, 3));
    }
}
