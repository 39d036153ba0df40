//! Compressed copies of the built app, made once at build time: beside each wasm, script,
//! stylesheet, page and text file of `dist/`, a brotli copy (`.br`, quality 11) and a gzip
//! copy (`.gz`, `gzip -9`). The server sends them as they are to browsers that accept them
//! (`crates/server/src/static_files.rs`), so no request pays for compressing the app.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Extensions that get copies (images other than SVG are compressed already).
const COMPRESSIBLE: [&str; 8] = ["wasm", "js", "css", "html", "svg", "webmanifest", "txt", "json"];

/// Writes the `.br` and `.gz` copies of every compressible file under `dir`.
pub fn precompress(dir: &Path) -> Result<usize, String> {
    let mut count = 0;
    for path in files(dir)? {
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e));
        if !compressible {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|error| format!("{}: {error}", path.display()))?;
        std::fs::write(with_suffix(&path, "br"), brotli_bytes(&bytes)?)
            .map_err(|error| format!("{}.br: {error}", path.display()))?;
        std::fs::write(with_suffix(&path, "gz"), gzip_bytes(&path)?)
            .map_err(|error| format!("{}.gz: {error}", path.display()))?;
        count += 1;
    }
    Ok(count)
}

/// `bytes` compressed with brotli at quality 11, window 2^22.
pub fn brotli_bytes(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).map_err(|error| format!("brotli: {error}"))?;
    Ok(out)
}

/// The file compressed by `gzip -9`.
pub fn gzip_bytes(path: &Path) -> Result<Vec<u8>, String> {
    let output = Command::new("gzip")
        .args(["-9", "-c", "-n"])
        .arg(path)
        .output()
        .map_err(|error| format!("cannot run gzip: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "gzip {}: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(output.stdout)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|error| format!("{}: {error}", dir.display()))?.path();
        if path.is_dir() {
            found.extend(files(&path)?);
        } else {
            found.push(path);
        }
    }
    Ok(found)
}
