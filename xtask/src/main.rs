//! `cargo xtask`: Lüzhi's set-up, run, test and size commands.
//!
//! Every command first installs what is missing (idempotently, saying what it does and
//! skipping what is present): the wasm32 target, Trunk, wasm-bindgen-cli at the version in
//! Cargo.lock, Debian's Chromium, ChromeDriver and CJK fonts, and the npm packages
//! (binaryen's wasm-opt for Trunk, playwright-core for end-to-end tests).

mod fuzz;
mod load;
mod mutants;
mod precompress;
mod setup;
mod size;
mod steps;

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <command>

  setup          install what is missing: wasm32 target, Trunk, wasm-bindgen-cli,
                 Chromium + ChromeDriver + CJK fonts (apt), npm packages
  build          setup, then build both apps (dist/me, dist/staff) and the server
                 (which renders the public site)
  run [ARGS…]    build, then serve Lüzhi on http://127.0.0.1:8080 with demo data;
                 ARGS go to the server (see `cargo xtask run --help`)
  test           setup, then run every test: native, wasm in headless Chromium,
                 end-to-end in headless Chromium against the real server
  size           build everything and report each audience's first load (raw,
                 gzip, brotli) against its budget
  bench          criterion benchmarks (compliance: 60k deputies × 1M activities)
  bench-wasm     the same computation in wasm inside headless Chromium
  bench-storage  IndexedDB bulk load of 100,000 activities in headless Chromium
  bench-lighthouse     Lighthouse 12 (simulated mobile) on the public home page, the
                 deputy's sign-in page and the deputy's compliance page signed in
  bench-offline-start  the deputy's app started offline from its service worker:
                 navigation to a usable register form, median of 15 runs
  bench-public   the public answers under load: the server on one core with the
                 standard demo, wrk (apt) on the other — statistics endpoint, a
                 profile page, the statistics page; requests/s and p50/p90/p99
  bench-staff    the staff console at scale (standard demo, ~126,000 records): first
                 load in Chromium, and the dashboard's recompute after a filter change
  fuzz [SECS]    fuzz the push/pull decoders, rule files and CSV/JSONL importers
                 (cargo-fuzz, installed when missing; SECS per target, default 20)
  sync-mutants   break the client sync algorithm in six ways and show that the
                 model test fails for each
  help           print this help
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = steps::workspace_root();
    if let Err(error) = std::env::set_current_dir(&root) {
        eprintln!("xtask: cannot enter {}: {error}", root.display());
        return ExitCode::FAILURE;
    }
    steps::extend_path(&root);
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::run_all(),
        Some("build") => setup::run_all()
            .and_then(|()| steps::build_app())
            .and_then(|()| steps::build_server()),
        Some("run") => setup::run_all()
            .and_then(|()| steps::build_app())
            .and_then(|()| steps::build_server())
            .and_then(|()| steps::serve(&args[1..])),
        Some("test") => setup::run_all().and_then(|()| steps::test_everything()),
        Some("bench") => steps::run(
            "cargo",
            &["bench", "--locked", "-p", "lvzhi-domain", "--bench", "compliance"],
            &[],
        ),
        Some("bench-lighthouse") => setup::run_all().and_then(|()| steps::bench_browser("tests/bench/lighthouse.mjs")),
        Some("bench-offline-start") => {
            setup::run_all().and_then(|()| steps::bench_browser("tests/bench/offline_start.mjs"))
        }
        Some("bench-public") => setup::run_all()
            .and_then(|()| steps::build_server())
            .and_then(|()| load::bench_public()),
        Some("bench-staff") => setup::run_all().and_then(|()| steps::bench_browser("tests/bench/staff_scale.mjs")),
        Some("fuzz") => fuzz::fuzz(&args[1..]),
        Some("sync-mutants") => mutants::run(),
        Some("bench-wasm") => setup::run_all().and_then(|()| steps::bench_wasm()),
        Some("bench-storage") => setup::run_all().and_then(|()| steps::bench_storage()),
        Some("size") => setup::run_all().and_then(|()| steps::report_size()),
        Some("help") | Some("--help") | Some("-h") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command {other:?}\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
