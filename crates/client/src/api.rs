//! The server's JSON API, called with the browser's `fetch` through gloo-net.
//!
//! Requests go to the page's own origin. Errors are sorted into what the interface needs
//! to tell apart: no network, an error envelope from the server, or a reply that could
//! not be read.

use lvzhi_domain::api::{ErrorEnvelope, HealthReport};
use serde::de::DeserializeOwned;

#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The request did not reach the server (offline, server down).
    Network(String),
    /// The server answered with an error envelope.
    Server {
        /// The HTTP status.
        status: u16,
        /// The envelope's machine-readable code.
        code: String,
        /// The envelope's sentence (English; the app shows its own words where it knows the code).
        message: String,
        /// Seconds the server asked to wait (`Retry-After` on a 429 or 503).
        retry_after_secs: Option<u32>,
    },
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

/// A binary reply with the headers the caller asked for.
pub struct BinaryReply {
    /// The body.
    pub bytes: Vec<u8>,
    /// The values of the asked headers, in the order asked (`None` when absent).
    pub headers: Vec<Option<String>>,
}

/// `POST path` with a JSON body and a session token, for a binary reply (the staff's packed
/// first load); `headers` names the reply headers to return.
pub async fn post_for_bytes<B: serde::Serialize>(
    path: &str,
    body: &B,
    token: &str,
    headers: &[&str],
) -> Result<BinaryReply, ApiError> {
    let body = serde_json::to_string(body).map_err(|error| ApiError::Unreadable(error.to_string()))?;
    let request = gloo_net::http::RequestBuilder::new(path)
        .method(gloo_net::http::Method::POST)
        .header("Accept", "application/octet-stream")
        .header("Authorization", &format!("Bearer {token}"))
        .header("Content-Type", "application/json")
        .body(body)
        .map_err(|error| ApiError::Network(error.to_string()))?;
    let response = request.send().await.map_err(network_error)?;
    if !response.ok() {
        let text = response.text().await.map_err(network_error)?;
        return Err(server_error(&response, &text));
    }
    let values = headers.iter().map(|name| response.headers().get(name)).collect();
    let bytes = response.binary().await.map_err(network_error)?;
    Ok(BinaryReply { bytes, headers: values })
}

/// `POST path` with a file's bytes as the body and a session token; decode the JSON reply
/// (a roster file sent for the server's preview or import).
pub async fn post_bytes_for_json<T: DeserializeOwned>(path: &str, bytes: &[u8], token: &str) -> Result<T, ApiError> {
    let request = gloo_net::http::RequestBuilder::new(path)
        .method(gloo_net::http::Method::POST)
        .header("Accept", "application/json")
        .header("Authorization", &format!("Bearer {token}"))
        .header("Content-Type", "application/octet-stream")
        .body(js_sys::Uint8Array::from(bytes))
        .map_err(|error| ApiError::Network(error.to_string()))?;
    let response = request.send().await.map_err(network_error)?;
    let text = response.text().await.map_err(network_error)?;
    if !response.ok() {
        return Err(server_error(&response, &text));
    }
    serde_json::from_str(&text).map_err(|error| ApiError::Unreadable(error.to_string()))
}

/// `GET path` with a session token, for a binary reply (a file the server writes).
pub async fn get_bytes(path: &str, token: &str) -> Result<Vec<u8>, ApiError> {
    let request = gloo_net::http::RequestBuilder::new(path)
        .method(gloo_net::http::Method::GET)
        .header("Authorization", &format!("Bearer {token}"))
        .build()
        .map_err(|error| ApiError::Network(error.to_string()))?;
    let response = request.send().await.map_err(network_error)?;
    if !response.ok() {
        let text = response.text().await.map_err(network_error)?;
        return Err(server_error(&response, &text));
    }
    response.binary().await.map_err(network_error)
}

/// `DELETE path` with a session token.
pub async fn delete(path: &str, token: &str) -> Result<(), ApiError> {
    send("DELETE", path, None, Some(token)).await.map(|_| ())
}

/// Sends a request and returns the body of a successful reply.
async fn send(method: &str, path: &str, body: Option<&str>, token: Option<&str>) -> Result<String, ApiError> {
    let method = match method {
        "GET" => gloo_net::http::Method::GET,
        "POST" => gloo_net::http::Method::POST,
        "PUT" => gloo_net::http::Method::PUT,
        "DELETE" => gloo_net::http::Method::DELETE,
        other => return Err(ApiError::Unreadable(format!("unsupported method {other}"))),
    };
    let mut builder = gloo_net::http::RequestBuilder::new(path)
        .method(method)
        .header("Accept", "application/json");
    if let Some(token) = token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match body {
        Some(body) => builder.header("Content-Type", "application/json").body(body.to_owned()),
        None => builder.build(),
    }
    .map_err(|error| ApiError::Network(error.to_string()))?;
    let response = request.send().await.map_err(network_error)?;
    let text = response.text().await.map_err(network_error)?;
    if !response.ok() {
        return Err(server_error(&response, &text));
    }
    Ok(text)
}

/// The error of a reply that is not OK: its envelope, or its status and text.
fn server_error(response: &gloo_net::http::Response, text: &str) -> ApiError {
    let retry_after_secs = response
        .headers()
        .get("Retry-After")
        .and_then(|value| value.trim().parse::<u32>().ok());
    match serde_json::from_str::<ErrorEnvelope>(text) {
        Ok(envelope) => ApiError::Server {
            status: envelope.error.status,
            code: envelope.error.code,
            message: envelope.error.message,
            retry_after_secs,
        },
        // Not an envelope (a proxy's page, say): nothing is lost, the status and the text
        // themselves are the error.
        Err(_) => ApiError::Server {
            status: response.status(),
            code: "error".into(),
            message: text.to_owned(),
            retry_after_secs,
        },
    }
}

/// A failed fetch: the browser's own words stay for the log; the interface shows its own.
fn network_error(error: gloo_net::Error) -> ApiError {
    match error {
        gloo_net::Error::JsError(js) => ApiError::Network(js.message),
        other => ApiError::Network(other.to_string()),
    }
}

pub async fn health() -> Result<HealthReport, ApiError> {
    get_json("/api/health").await
}
