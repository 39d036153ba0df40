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
    let text = send("GET", path, None, None).await?;
    serde_json::from_str(&text).map_err(|error| ApiError::Unreadable(error.to_string()))
}

/// `GET path` with a session token and decode the JSON reply.
pub async fn get_json_signed<T: DeserializeOwned>(path: &str, token: &str) -> Result<T, ApiError> {
    let text = send("GET", path, None, Some(token)).await?;
    serde_json::from_str(&text).map_err(|error| ApiError::Unreadable(error.to_string()))
}

/// `POST path` with a JSON body (and a session token) and decode the JSON reply.
pub async fn post_json<B: serde::Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    token: Option<&str>,
) -> Result<T, ApiError> {
    let body = serde_json::to_string(body).map_err(|error| ApiError::Unreadable(error.to_string()))?;
    let text = send("POST", path, Some(&body), token).await?;
    serde_json::from_str(&text).map_err(|error| ApiError::Unreadable(error.to_string()))
}

/// `method path` (POST or PUT) with a JSON body and a session token; decode the JSON reply.
pub async fn post_or_put_json<B: serde::Serialize, T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: &B,
    token: &str,
) -> Result<T, ApiError> {
    let body = serde_json::to_string(body).map_err(|error| ApiError::Unreadable(error.to_string()))?;
    let text = send(method, path, Some(&body), Some(token)).await?;
    serde_json::from_str(&text).map_err(|error| ApiError::Unreadable(error.to_string()))
}

/// `DELETE path` with a session token.
pub async fn delete(path: &str, token: &str) -> Result<(), ApiError> {
    send("DELETE", path, None, Some(token)).await.map(|_| ())
}

/// Sends a request and returns the body of a successful reply.
async fn send(method: &str, path: &str, body: Option<&str>, token: Option<&str>) -> Result<String, ApiError> {
    let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if let Some(body) = body {
        init.set_body(&wasm_bindgen::JsValue::from_str(body));
    }
    let request = web_sys::Request::new_with_str_and_init(path, &init).map_err(|e| ApiError::Network(js_text(&e)))?;
    let headers = request.headers();
    let _ = headers.set("Accept", "application/json");
    if body.is_some() {
        let _ = headers.set("Content-Type", "application/json");
    }
    if let Some(token) = token {
        let _ = headers.set("Authorization", &format!("Bearer {token}"));
    }
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
    Ok(text)
}

pub async fn health() -> Result<HealthReport, ApiError> {
    get_json("/api/health").await
}
