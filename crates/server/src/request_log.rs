//! One log line per request, with a request id: `<id> <method> <path> <status> <ms>
//! account=<id> <note>`. The id goes back to the client as `X-Request-Id` and, on a server
//! failure, in the error envelope; the failure's detail is logged under it and never sent.
//!
//! Handlers reach the request's [`RequestContext`] to name the account (the
//! `Authenticated` extractor does) and add a note (the push handler counts refusals), so a
//! push answered 200 with refused changes reads as such in the log.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::{INTERNAL_MESSAGE, InternalDetail, envelope_with};

/// The header that carries the request id.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

#[derive(Debug, Default)]
struct Inner {
    id: String,
    account: OnceLock<String>,
    note: Mutex<String>,
}

/// What the log line of one request will say.
#[derive(Debug, Clone, Default)]
pub struct RequestContext(Arc<Inner>);

fn next_id() -> String {
    static PREFIX: OnceLock<u32> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let prefix = *PREFIX.get_or_init(|| {
        let mut bytes = [0u8; 4];
        // Without randomness the ids are still unique within this process.
        if getrandom::fill(&mut bytes).is_err() {
            return std::process::id();
        }
        u32::from_le_bytes(bytes)
    });
    format!("{prefix:08x}{:08x}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

impl RequestContext {
    fn new() -> Self {
        Self(Arc::new(Inner {
            id: next_id(),
            ..Inner::default()
        }))
    }

    /// The request id.
    pub fn id(&self) -> &str {
        &self.0.id
    }

    /// Names the signed-in account (the first call wins).
    pub fn set_account(&self, account: String) {
        let _already_named = self.0.account.set(account);
    }

    /// The account, once named.
    pub fn account(&self) -> Option<String> {
        self.0.account.get().cloned()
    }

    /// Adds words to the log line.
    pub fn note(&self, text: &str) {
        if let Ok(mut note) = self.0.note.lock() {
            if !note.is_empty() {
                note.push(' ');
            }
            note.push_str(text);
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestContext {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<RequestContext>().cloned().unwrap_or_default())
    }
}

/// The logging middleware: gives the request its id, logs the line, hides failures' details.
pub async fn log_request(mut request: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let context = RequestContext::new();
    request.extensions_mut().insert(context.clone());
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    if let Some(InternalDetail(detail)) = response.extensions_mut().remove::<InternalDetail>() {
        eprintln!("{} internal error: {detail}", context.id());
        response = envelope_with(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            INTERNAL_MESSAGE.into(),
            None,
            Some(context.id().to_owned()),
        );
    }
    if let Ok(value) = HeaderValue::from_str(context.id()) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    let account = context.account().unwrap_or_else(|| "-".into());
    let note = context.0.note.lock().map(|note| note.clone()).unwrap_or_default();
    println!(
        "{} {method} {path} {} {:.1}ms account={account}{}{note}",
        context.id(),
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0,
        if note.is_empty() { "" } else { " " },
    );
    response
}
