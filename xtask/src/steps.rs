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

/// Builds both apps into `dist/` (the deputy's into `dist/me/`, the staff console's into
/// `dist/staff/`), puts the worker that retires the old root-scoped service worker at
/// `dist/sw.js`, and writes the compressed copies. The public site needs no build: the
/// server renders it.
pub fn build_app() -> Result<(), String> {
    say("building the deputy's app into dist/me/ (Trunk, offline, local wasm-bindgen and wasm-opt)");
    run("trunk", &["build", "--release", "--offline"], &TRUNK_ENV)?;
    say("building the staff console into dist/staff/");
    run(
        "trunk",
        &["build", "--release", "--offline", "--config", "crates/staff/Trunk.toml"],
        &TRUNK_ENV,
    )?;
    std::fs::copy("public/root-sw.js", "dist/sw.js").map_err(|error| format!("dist/sw.js: {error}"))?;
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
        &[
            "test",
            "--locked",
            "--workspace",
            "--exclude",
            "lvzhi-app",
            "--exclude",
            "lvzhi-client",
            "--exclude",
            "lvzhi-staff",
        ],
        &[],
    )?;
    results.push(("native", tally, ok));
    let (tally, ok) = run_tests(
        "wasm tests in headless Chromium: the apps' IndexedDB store (lvzhi-client)",
        "cargo",
        &[
            "test",
            "--locked",
            "-p",
            "lvzhi-client",
            "--target",
            "wasm32-unknown-unknown",
        ],
        &chromedriver,
    )?;
    results.push(("wasm (client)", tally, ok));
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
    build_server()?;
    say("each audience's first load against its budget (gzip and brotli)");
    let (within, over) = crate::size::measure_all(SERVER_BINARY)?;
    results.push((
        "size budgets",
        Tally {
            passed: within,
            failed: over,
        },
        true,
    ));
    let (tally, ok) = run_tests(
        "end-to-end tests: the built app served by the real server, in headless Chromium",
        "node",
        // A test that hangs (a wait that never ends) fails after 5 minutes instead of
        // holding the whole run.
        &["--test", "--test-concurrency=1", "--test-timeout=300000", "tests/e2e/"],
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
        "lvzhi-client",
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

/// Builds everything, then runs a browser benchmark script (Node, Debian's Chromium, the
/// real server on 127.0.0.1).
pub fn bench_browser(script: &str) -> Result<(), String> {
    build_app()?;
    build_server()?;
    say(&format!("running {script}"));
    run(
        "node",
        &[script],
        &[("LVZHI_SERVER_BIN", SERVER_BINARY), ("LVZHI_DIST", "dist")],
    )
}

/// Builds everything and prints each audience's first load against its budget.
pub fn report_size() -> Result<(), String> {
    build_app()?;
    build_server()?;
    crate::size::measure_all(SERVER_BINARY).map(|_| ())
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
