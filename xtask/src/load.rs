//! `cargo xtask bench-public`: the public answers under load. Starts the built server on
//! 127.0.0.1 pinned to one core (`taskset -c 0`) with the standard demo in a temporary data
//! directory, and drives it with wrk (Debian's package, installed when missing) pinned to
//! the other core: the statistics endpoint and a deputy's profile page, each for a bounded
//! time, gzip accepted as phones do. Prints requests per second and the latency
//! percentiles wrk reports, then stops the server it started (by its PID).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::steps::{SERVER_BINARY, command_output, run, say};

/// Seconds each measured run lasts.
const SECONDS: u32 = 15;
/// Open connections.
const CONNECTIONS: u32 = 64;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        // Only the process this command started, by its PID.
        if let Err(error) = self.0.kill() {
            eprintln!("xtask: could not stop the server (pid {}): {error}", self.0.id());
        }
        let _ = self
            .0
            .wait()
            .map_err(|e| eprintln!("xtask: waiting for the server: {e}"));
    }
}

fn wrk_present() -> Result<(), String> {
    if command_output("wrk", &["--version"]).is_some() || std::path::Path::new("/usr/bin/wrk").exists() {
        return Ok(());
    }
    say("wrk: installing with apt-get");
    let is_root = command_output("id", &["-u"]).is_some_and(|id| id.trim() == "0");
    let env = [("DEBIAN_FRONTEND", "noninteractive")];
    if is_root {
        run(
            "apt-get",
            &["install", "-y", "-q", "--no-install-recommends", "wrk"],
            &env,
        )
    } else {
        run(
            "sudo",
            &["apt-get", "install", "-y", "-q", "--no-install-recommends", "wrk"],
            &env,
        )
    }
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

/// A plain HTTP/1.0 GET on loopback: the status line and the body.
fn get(port: u16, path: &str) -> Result<(String, String), String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .map_err(|e| e.to_string())?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n").map_err(|e| e.to_string())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).map_err(|e| e.to_string())?;
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    Ok((head.lines().next().unwrap_or("").to_owned(), body.to_owned()))
}

fn start_server(port: u16, data: &std::path::Path) -> Result<Server, String> {
    let child = Command::new("taskset")
        .args([
            "-c",
            "0",
            SERVER_BINARY,
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--static-dir",
            "dist",
        ])
        .arg("--data-dir")
        .arg(data)
        .args(["--demo", "standard"])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("could not start {SERVER_BINARY}: {e}"))?;
    let server = Server(child);
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(300) {
        if let Ok((status, _)) = get(port, "/api/health")
            && status.contains(" 200")
        {
            return Ok(server);
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Err("the server did not answer /api/health within 5 minutes".into())
}

/// What wrk printed, read: requests per second and the 50/90/99th percentiles.
fn read_wrk(output: &str) -> (String, Vec<(String, String)>) {
    let rate = output
        .lines()
        .find_map(|l| l.trim().strip_prefix("Requests/sec:"))
        .map_or_else(|| "?".to_owned(), |r| r.trim().to_owned());
    let percentiles = output
        .lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let p = parts.next()?;
            let v = parts.next()?;
            (["50%", "90%", "99%"].contains(&p)).then(|| (p.to_owned(), v.to_owned()))
        })
        .collect();
    (rate, percentiles)
}

/// Runs the benchmark.
pub fn bench_public() -> Result<(), String> {
    wrk_present()?;
    let port = free_port()?;
    let data = std::env::temp_dir().join(format!("lvzhi-bench-public-{}", std::process::id()));
    say(&format!(
        "starting the server on 127.0.0.1:{port}, one core, standard demo in {}",
        data.display()
    ));
    let server = start_server(port, &data)?;
    let (_, deputies) = get(port, "/api/public/v1/deputies")?;
    let id = deputies
        .split("\"id\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .ok_or("no deputy in /api/public/v1/deputies")?
        .to_owned();
    let targets = [
        (
            "statistics endpoint (JSON, every period)",
            "/api/public/v1/statistics".to_owned(),
        ),
        ("a deputy's profile page (HTML)", format!("/deputies/{id}")),
        ("the statistics page (HTML)", "/statistics".to_owned()),
    ];
    let mut lines = Vec::new();
    for (name, path) in &targets {
        let (status, body) = get(port, path)?;
        if !status.contains(" 200") {
            return Err(format!("{path}: {status}"));
        }
        say(&format!(
            "{name}: {path} ({} bytes before compression), {SECONDS} s, {CONNECTIONS} connections",
            body.len()
        ));
        let url = format!("http://127.0.0.1:{port}{path}");
        let output = Command::new("taskset")
            .args([
                "-c",
                "1",
                "wrk",
                "-t1",
                &format!("-c{CONNECTIONS}"),
                &format!("-d{SECONDS}s"),
                "--latency",
            ])
            .args(["-H", "Accept-Encoding: gzip", &url])
            .output()
            .map_err(|e| format!("could not run wrk: {e}"))?;
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        print!("{text}");
        if !output.status.success() || text.contains("Non-2xx") {
            return Err(format!("wrk on {path} failed or saw errors"));
        }
        let (rate, percentiles) = read_wrk(&text);
        let p: Vec<String> = percentiles
            .iter()
            .map(|(p, v)| format!("p{} {v}", p.trim_end_matches('%')))
            .collect();
        lines.push(format!("{name}: {rate} requests/s, {}", p.join(", ")));
    }
    drop(server);
    if let Err(error) = std::fs::remove_dir_all(&data) {
        eprintln!("xtask: could not remove {}: {error}", data.display());
    }
    say("summary (server on one core, wrk on the other, 127.0.0.1)");
    for line in lines {
        println!("{line}");
    }
    Ok(())
}
