//! Serving the built app: files from Trunk's `dist/`, `index.html` for every other path
//! (the app's router takes over in the browser), and cache headers that let browsers keep
//! hashed assets forever while always revalidating `index.html` and the service worker.
//! `cargo xtask build` writes a brotli (`.br`) and a gzip (`.gz`) copy beside each text and
//! wasm file; they are sent as they are to browsers that accept them, so no request pays
//! for compressing the app (files without a copy are compressed on the fly, as the API is).

use std::path::Path;

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::services::{ServeDir, ServeFile};

/// The static files of `static_dir`, with `index.html` for paths that name no file.
pub fn service(static_dir: &Path) -> ServeDir<ServeFile> {
    ServeDir::new(static_dir)
        .append_index_html_on_directories(true)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(
            ServeFile::new(static_dir.join("index.html"))
                .precompressed_br()
                .precompressed_gzip(),
        )
}

/// Whether a file name carries Trunk's content hash, e.g. `lvzhi-app-0123456789abcdef_bg.wasm`.
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.match_indices('-').any(|(index, _)| {
        let rest = &name[index + 1..];
        let hash_len = rest.find(['.', '_']).unwrap_or(rest.len());
        hash_len == 16 && rest[..hash_len].bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// Sets `Cache-Control` on everything outside `/api`, and explains a missing build.
pub async fn cache_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    if path.starts_with("/api/") || path == "/api" {
        return response;
    }
    if response.status() == StatusCode::NOT_FOUND {
        return (
            StatusCode::NOT_FOUND,
            [(header::CACHE_CONTROL, "no-cache")],
            "The app is not built here. Run `cargo xtask run`, or pass --static-dir pointing at Trunk's dist/.\n",
        )
            .into_response();
    }
    let policy = if response.status().is_success() && is_hashed_asset(&path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_trunk_hashed_names_only() {
        assert!(is_hashed_asset("/lvzhi-app-0123456789abcdef_bg.wasm"));
        assert!(is_hashed_asset("/lvzhi-app-0123456789abcdef.js"));
        assert!(is_hashed_asset("/main-fedcba9876543210.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/sw.js"));
        assert!(!is_hashed_asset("/icons/icon-192.png"));
        assert!(!is_hashed_asset("/deputies/some-deputy"));
    }
}
