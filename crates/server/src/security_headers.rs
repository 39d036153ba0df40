//! Security headers on every answer.
//!
//! - The apps' pages get a Content-Security-Policy that allows only the apps' own scripts and
//!   WebAssembly (`'wasm-unsafe-eval'`). The inline scripts of each app's `index.html` (Trunk's
//!   loader and the service-worker registration) are allowed by their SHA-256 hashes,
//!   computed from the very files served (re-read when they change), never `'unsafe-inline'`.
//!   The public pages set their own, stricter policy (no script at all), which is kept.
//! - Everything gets `frame-ancestors 'none'` (and `X-Frame-Options: DENY`), `nosniff`,
//!   `Referrer-Policy: no-referrer` and a Permissions-Policy that grants only the camera, to
//!   the app itself (check-in codes are scanned with it).
//! - API answers get `Cache-Control: no-store`: they carry tokens, contacts and records.
//! - Open data (`/api/public/`) keeps the cache headers its handler set (`public`, with an
//!   ETag), may be read by any site (CORS `*`, `cross-origin` resource policy).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The Permissions-Policy of the app's pages.
pub const PERMISSIONS_POLICY: &str = "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), midi=(), display-capture=()";
/// The CSP of API answers: nothing may load from them.
pub const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The apps' page CSP, kept in step with their `index.html` files.
pub struct PagePolicy {
    indexes: Vec<PathBuf>,
    cached: Mutex<Option<Cached>>,
}

/// The CSP computed for the `index.html` files as they were (modification time, length).
type Cached = (Vec<Stamp>, Arc<str>);
type Stamp = Option<(Option<SystemTime>, u64)>;

/// The `'sha256-…'` sources of every inline `<script>` in `html`.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start + "<script".len()..];
        let Some(tag_end) = rest.find('>') else { break };
        let attributes = &rest[..tag_end];
        rest = &rest[tag_end + 1..];
        let Some(close) = rest.find("</script>") else { break };
        let body = &rest[..close];
        rest = &rest[close..];
        if attributes.contains("src=") {
            continue;
        }
        let digest = Sha256::digest(body.as_bytes());
        hashes.push(format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(digest)
        ));
    }
    hashes
}

/// The CSP for pages whose inline scripts have these hashes.
pub fn page_csp(hashes: &[String]) -> String {
    let mut script = String::from("'self' 'wasm-unsafe-eval'");
    for hash in hashes {
        script.push(' ');
        script.push_str(hash);
    }
    format!(
        "default-src 'self'; script-src {script}; style-src 'self'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; worker-src 'self'; manifest-src 'self'; media-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

impl PagePolicy {
    /// The policy for the apps built into `static_dir`.
    pub fn new(static_dir: &std::path::Path) -> Self {
        Self {
            indexes: crate::static_files::APPS
                .iter()
                .map(|base| static_dir.join(&base[1..]).join("index.html"))
                .collect(),
            cached: Mutex::new(None),
        }
    }

    /// The current CSP: from the cache while the `index.html` files are unchanged.
    pub fn csp(&self) -> Arc<str> {
        let stamps: Vec<Stamp> = self
            .indexes
            .iter()
            .map(|index| std::fs::metadata(index).ok().map(|m| (m.modified().ok(), m.len())))
            .collect();
        if let Ok(cached) = self.cached.lock()
            && let Some((kept, csp)) = cached.as_ref()
            && *kept == stamps
        {
            return Arc::clone(csp);
        }
        let mut hashes: Vec<String> = self
            .indexes
            .iter()
            .filter_map(|index| std::fs::read_to_string(index).ok())
            .flat_map(|html| inline_script_hashes(&html))
            .collect();
        hashes.sort_unstable();
        hashes.dedup();
        let csp: Arc<str> = page_csp(&hashes).into();
        if let Ok(mut cached) = self.cached.lock() {
            *cached = Some((stamps, Arc::clone(&csp)));
        }
        csp
    }
}

/// Adds the headers; see the module docs.
pub async fn security_headers(State(policy): State<Arc<PagePolicy>>, request: Request, next: Next) -> Response {
    let is_api = request.uri().path() == "/api" || request.uri().path().starts_with("/api/");
    // Open data is public, cacheable and for any site to read.
    let is_open_data = request.uri().path().starts_with("/api/public/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    headers.insert("cross-origin-resource-policy", HeaderValue::from_static("same-origin"));
    if is_open_data {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(API_CSP));
        headers.insert("cross-origin-resource-policy", HeaderValue::from_static("cross-origin"));
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        if !headers.contains_key(header::CACHE_CONTROL) {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
    } else if is_api {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(API_CSP));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(
            "permissions-policy",
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        );
    } else {
        if !headers.contains_key(header::CONTENT_SECURITY_POLICY)
            && let Ok(value) = HeaderValue::from_str(&policy.csp())
        {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
        headers.insert("permissions-policy", HeaderValue::from_static(PERMISSIONS_POLICY));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_inline_scripts_only() {
        let html = r#"<head><script type="module">import init from '/app.js';</script>
            <script src="/other.js"></script></head><body><script>
      navigator.serviceWorker.register('/sw.js');
    </script></body>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"import init from '/app.js';"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
        let csp = page_csp(&hashes);
        assert!(csp.contains("'wasm-unsafe-eval'") && !csp.contains("unsafe-inline"));
        assert!(csp.contains("frame-ancestors 'none'"));
    }
}
