//! Serving the built apps from `dist/` (made by `cargo xtask build`): the deputy's workspace
//! from `dist/me/` under `/me/`, the staff console from `dist/staff/` under `/staff/`, each
//! with its own `index.html` for the paths that name no file (the app's router takes over in
//! the browser), and `dist/sw.js` at `/sw.js`, which retires the service worker the deputy's
//! app had at `/` before it moved. Cache headers let browsers keep hashed assets forever
//! while always revalidating pages and service workers.
//!
//! `cargo xtask build` writes a brotli (`.br`) and a gzip (`.gz`) copy beside each text and
//! wasm file; they are sent as they are to browsers that accept them, so no request pays
//! for compressing the apps (files without a copy are compressed on the fly, as the API is).

use std::path::Path;

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_http::services::{ServeDir, ServeFile};

/// The apps' base paths, with their directory under `dist/`.
pub const APPS: [&str; 2] = ["/me", "/staff"];

/// The built apps, ready to serve.
#[derive(Clone)]
pub struct Apps {
    apps: Vec<(&'static str, ServeDir<ServeFile>)>,
    retired_worker: ServeFile,
}

impl Apps {
    /// The apps built into `static_dir`.
    pub fn new(static_dir: &Path) -> Self {
        let apps = APPS
            .iter()
            .map(|base| {
                let index = static_dir.join(&base[1..]).join("index.html");
                // Rooted at dist/ itself: `/me/x` is `dist/me/x`, no path rewriting.
                let files = ServeDir::new(static_dir)
                    .append_index_html_on_directories(true)
                    .precompressed_br()
                    .precompressed_gzip()
                    .fallback(ServeFile::new(index).precompressed_br().precompressed_gzip());
                (*base, files)
            })
            .collect();
        Self {
            apps,
            retired_worker: ServeFile::new(static_dir.join("sw.js")),
        }
    }

    /// The answer for `request` when its path is an app's (or the retired worker);
    /// `None` for every other path.
    pub async fn serve(&self, request: Request) -> Option<Response> {
        let path = request.uri().path().to_owned();
        if path == "/sw.js" {
            return Some(answer(self.retired_worker.clone(), request).await);
        }
        for (base, files) in &self.apps {
            if path == *base {
                return Some(Redirect::permanent(&format!("{base}/")).into_response());
            }
            if let Some(rest) = path.strip_prefix(base).filter(|rest| rest.starts_with('/')) {
                let mut response = answer(files.clone(), request).await;
                if rest == "/sw.js" {
                    // The worker lives at `/me/sw.js` but controls `/me` itself too (the
                    // router writes the home without its slash), one level above its own
                    // directory: the browser allows that scope only when the script says so.
                    response.headers_mut().insert(
                        HeaderName::from_static("service-worker-allowed"),
                        HeaderValue::from_static(base),
                    );
                }
                return Some(response);
            }
        }
        None
    }
}

async fn answer<S>(service: S, request: Request) -> Response
where
    S: tower::Service<Request, Error = std::convert::Infallible>,
    S::Response: IntoResponse,
{
    match tower::ServiceExt::oneshot(service, request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    }
}

/// Whether `path` is served from `dist/` (an app's, or the retired worker).
pub fn is_app_path(path: &str) -> bool {
    path == "/sw.js"
        || APPS.iter().any(|base| {
            path.strip_prefix(base)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
}

/// Whether a file name carries Trunk's content hash, e.g. `lvzhi-app-0123456789abcdef_bg.wasm`
/// (a 64-bit hash in hex, written without leading zeros: 16 digits or a few fewer).
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.match_indices('-').any(|(index, _)| {
        let rest = &name[index + 1..];
        let hash_len = rest.find(['.', '_']).unwrap_or(rest.len());
        (12..=16).contains(&hash_len) && rest[..hash_len].bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// Sets `Cache-Control` on the apps' files, and explains a missing build.
pub async fn cache_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    if !is_app_path(&path) {
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
        assert!(
            is_hashed_asset("/me/lvzhi-app-bef3f8cd61cccd_bg.wasm"),
            "a hash with leading zeros dropped"
        );
        assert!(is_hashed_asset("/lvzhi-app-0123456789abcdef.js"));
        assert!(is_hashed_asset("/main-fedcba9876543210.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/sw.js"));
        assert!(!is_hashed_asset("/icons/icon-192.png"));
        assert!(!is_hashed_asset("/deputies/some-deputy"));
    }
}
