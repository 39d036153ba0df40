//! Installing the tools the project needs, each only when missing.

use std::path::Path;

use crate::steps::{command_output, run, say};

pub const TRUNK_VERSION: &str = "0.21.14";
const APT_PACKAGES: [&str; 3] = ["chromium", "chromium-driver", "fonts-noto-cjk"];

pub fn run_all() -> Result<(), String> {
    wasm_target()?;
    trunk()?;
    wasm_bindgen_cli()?;
    browser()?;
    npm_packages()?;
    fetch_crates()
}

fn wasm_target() -> Result<(), String> {
    let installed = command_output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|line| line.trim() == "wasm32-unknown-unknown") {
        say("wasm32-unknown-unknown target: present");
        return Ok(());
    }
    say("wasm32-unknown-unknown target: installing with rustup");
    run("rustup", &["target", "add", "wasm32-unknown-unknown"], &[])
}

fn trunk() -> Result<(), String> {
    let wanted = format!("trunk {TRUNK_VERSION}");
    if command_output("trunk", &["--version"]).is_some_and(|v| v.trim() == wanted) {
        say(&format!("Trunk {TRUNK_VERSION}: present"));
        return Ok(());
    }
    say(&format!(
        "Trunk {TRUNK_VERSION}: installing from crates.io (about 6–9 minutes on 2 cores)"
    ));
    run(
        "cargo",
        &["install", "--locked", "trunk", "--version", TRUNK_VERSION],
        &[],
    )
}

/// The wasm-bindgen version Cargo.lock pins; the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string("Cargo.lock").map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(version) = lines.next().and_then(|l| l.trim().strip_prefix("version = \""))
        {
            return Ok(version.trim_end_matches('"').to_owned());
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

fn wasm_bindgen_cli() -> Result<(), String> {
    let version = locked_wasm_bindgen_version()?;
    let trunk_toml = std::fs::read_to_string("Trunk.toml").map_err(|e| format!("cannot read Trunk.toml: {e}"))?;
    if !trunk_toml.contains(&format!("wasm_bindgen = \"{version}\"")) {
        return Err(format!(
            "Trunk.toml's [tools] wasm_bindgen must be \"{version}\", the version in Cargo.lock"
        ));
    }
    let present = command_output("wasm-bindgen", &["--version"])
        .is_some_and(|v| v.trim() == format!("wasm-bindgen {version}"))
        && command_output("wasm-bindgen-test-runner", &["--version"]).is_some();
    if present {
        say(&format!("wasm-bindgen-cli {version}: present"));
        return Ok(());
    }
    say(&format!(
        "wasm-bindgen-cli {version}: installing from crates.io (about 2 minutes)"
    ));
    run(
        "cargo",
        &["install", "--locked", "wasm-bindgen-cli", "--version", &version],
        &[],
    )
}

fn browser() -> Result<(), String> {
    let fonts = Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").exists();
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() && fonts {
        say("Chromium, ChromeDriver and CJK fonts: present");
        return Ok(());
    }
    say(&format!(
        "Chromium, ChromeDriver and CJK fonts: installing {} with apt-get",
        APT_PACKAGES.join(" ")
    ));
    let is_root = command_output("id", &["-u"]).is_some_and(|id| id.trim() == "0");
    let (program, prefix): (&str, Vec<&str>) = if is_root {
        ("apt-get", vec![])
    } else {
        ("sudo", vec!["apt-get"])
    };
    let env = [("DEBIAN_FRONTEND", "noninteractive")];
    let mut update = prefix.clone();
    update.extend(["update", "-q"]);
    run(program, &update, &env)?;
    let mut install = prefix;
    install.extend(["install", "-y", "-q", "--no-install-recommends"]);
    install.extend(APT_PACKAGES);
    run(program, &install, &env)
}

fn npm_packages() -> Result<(), String> {
    let marker = Path::new("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(marker), std::fs::metadata("package-lock.json")) {
        (Ok(installed), Ok(lock)) => installed.modified().ok() >= lock.modified().ok(),
        _ => false,
    };
    let present = [
        "node_modules/.bin/wasm-opt",
        "node_modules/playwright-core",
        "node_modules/axe-core",
        "node_modules/dexie",
        "node_modules/lighthouse",
    ]
    .iter()
    .all(|path| Path::new(path).exists());
    if fresh && present {
        say("npm packages (binaryen, playwright-core, axe-core, dexie, lighthouse): present");
        return Ok(());
    }
    say(
        "npm packages (binaryen for wasm-opt, playwright-core, axe-core for accessibility checks, dexie for the storage benchmark, lighthouse for `cargo xtask bench-lighthouse`): installing with npm ci",
    );
    run("npm", &["ci", "--no-audit", "--no-fund"], &[])
}

fn fetch_crates() -> Result<(), String> {
    say("crates: fetching what Cargo.lock lists (nothing if already downloaded)");
    run("cargo", &["fetch", "--locked", "--quiet"], &[])
}
