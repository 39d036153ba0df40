//! The server's JSON API, called with the browser's `fetch`.
//!
//! Requests go to the page's own origin. Errors are sorted into what the interface needs
//! to tell apart: no network, an error envelope from the server, or a reply that could
//! not be read.

use lvzhi_domain::api::{ErrorEnvelope, HealthReport};
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The request did not reach the server (offline, server down).
    Network(String),
    /// The server answered with an error envelope.
    Server { status: u16, code: String, message: String },
    /// The reply was not what the app expected.
    Unreadable(String),
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Network(detail) => write!(f, "network: {detail}"),
            ApiError::Server { status, message, .. } => write!(f, "{status}: {message}"),
            ApiError::Unreadable(detail) => write!(f, "unreadable reply: {detail}"),
        }
    }
}

/// The message of a JS error (not its stack), or the value as text.
fn js_text(value: &wasm_bindgen::JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value.as_string().unwrap_or_else(|| "unknown error".into())
}

/// `GET path` and decode the JSON reply.
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    let request = web_sys::Request::new_with_str_and_init(path, &init).map_err(|e| ApiError::Network(js_text(&e)))?;
    let _ = request.headers().set("Accept", "application/json");
    let response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|e| ApiError::Network(js_text(&e)))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| ApiError::Unreadable("not a Response".into()))?;
    let text_promise = response.text().map_err(|e| ApiError::Unreadable(js_text(&e)))?;
    let text = JsFuture::from(text_promise)
        .await
        .map_err(|e| ApiError::Network(js_text(&e)))?;
    let text = text.as_string().unwrap_or_default();
    if !response.ok() {
        return Err(match serde_json::from_str::<ErrorEnvelope>(&text) {
            Ok(envelope) => ApiError::Server {
                status: envelope.error.status,
                code: envelope.error.code,
                message: envelope.error.message,
            },
            Err(_) => ApiError::Server {
                status: response.status(),
                code: "error".into(),
                message: text,
            },
        });
    }
    serde_json::from_str(&text).map_err(|error| ApiError::Unreadable(error.to_string()))
}

pub async fn health() -> Result<HealthReport, ApiError> {
    get_json("/api/health").await
}
