//! The one error type of the API and the one JSON envelope it is sent in.
//!
//! Handlers return `Result<_, ApiError>`. Extractor rejections (malformed JSON, a body
//! over the limit, a wrong content type) are turned into `ApiError` by [`ApiJson`], and
//! [`envelope_errors`] rewrites any other non-JSON error response under `/api` (an
//! unknown path, a wrong method) into the same envelope, so a client never sees an HTML
//! page or an empty body.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use lvzhi_domain::ValidationError;
use lvzhi_domain::api::{ErrorBody, ErrorEnvelope};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Invalid(ValidationError),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// The request does not fit the record's current state.
    #[error("{0}")]
    Conflict(String),
    #[error("the request body is larger than the limit of {limit_bytes} bytes")]
    PayloadTooLarge { limit_bytes: usize },
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// A limit says "not now": the answer carries `Retry-After`.
    #[error("{message}")]
    TooManyRequests {
        message: String,
        retry_after: std::time::Duration,
    },
    /// A quota is full: the request will not fit until something is removed or replaced.
    #[error("{0}")]
    QuotaFull(String),
    /// A handling step the state machine refuses, with the domain's code (`flow_…`) for
    /// the app to explain in the user's language.
    #[error("{message}")]
    Refused { code: &'static str, message: String },
    /// The server is too busy to take this now (`Retry-After` says when to try).
    #[error("{0}")]
    Busy(String),
    /// Something failed inside: the detail goes to the log under the request id, the
    /// client gets a generic message with that id.
    #[error("the server failed")]
    Internal(String),
}

/// The detail of a server failure, carried on the response to the request log, which
/// writes it under the request id and never sends it.
#[derive(Debug, Clone)]
pub struct InternalDetail(pub String);

/// The message a client sees for any server failure.
pub const INTERNAL_MESSAGE: &str =
    "the server failed; nothing was changed by this request. Try again, and quote the request id if it keeps failing";

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::QuotaFull(_) => StatusCode::CONFLICT,
            ApiError::Refused { .. } => StatusCode::CONFLICT,
            ApiError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn field(&self) -> Option<String> {
        match self {
            ApiError::Invalid(error) => Some(error.field.clone()),
            _ => None,
        }
    }
}

/// A stable code for each status, used in the envelope.
pub fn code_for(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::CONFLICT => "conflict",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid",
        StatusCode::TOO_MANY_REQUESTS => "too_many_requests",
        StatusCode::REQUEST_TIMEOUT => "request_timeout",
        StatusCode::SERVICE_UNAVAILABLE => "busy",
        status if status.is_server_error() => "server_error",
        _ => "error",
    }
}

/// The envelope for `status` with its usual code.
pub fn envelope(status: StatusCode, message: String, field: Option<String>) -> Response {
    envelope_with(status, code_for(status), message, field, None)
}

/// The envelope with every part given.
pub fn envelope_with(
    status: StatusCode,
    code: &str,
    message: String,
    field: Option<String>,
    request_id: Option<String>,
) -> Response {
    let body = ErrorEnvelope {
        error: ErrorBody {
            status: status.as_u16(),
            code: code.into(),
            message,
            field,
            request_id,
        },
    };
    (status, axum::Json(body)).into_response()
}

/// Whole seconds for `Retry-After`, at least 1.
pub fn retry_after_secs(wait: std::time::Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        match self {
            ApiError::Internal(detail) => {
                let mut response = envelope(status, INTERNAL_MESSAGE.into(), None);
                response.extensions_mut().insert(InternalDetail(detail));
                response
            }
            ApiError::TooManyRequests { message, retry_after } => {
                let mut response = envelope(status, message, None);
                if let Ok(value) = axum::http::HeaderValue::from_str(&retry_after_secs(retry_after).to_string()) {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
                response
            }
            ApiError::Busy(message) => {
                let mut response = envelope(status, message, None);
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, axum::http::HeaderValue::from_static("1"));
                response
            }
            ApiError::QuotaFull(message) => envelope_with(status, "quota_full", message, None, None),
            ApiError::Refused { code, message } => envelope_with(status, code, message, None, None),
            other => {
                let field = other.field();
                envelope(status, other.to_string(), field)
            }
        }
    }
}

impl From<ValidationError> for ApiError {
    fn from(error: ValidationError) -> Self {
        ApiError::Invalid(error)
    }
}

impl From<crate::db::DbError> for ApiError {
    fn from(error: crate::db::DbError) -> Self {
        match error {
            crate::db::DbError::Forbidden(message) => ApiError::Forbidden(message),
            crate::db::DbError::NotFound(message) => ApiError::NotFound(message),
            crate::db::DbError::Invalid(error) => ApiError::Invalid(error),
            crate::db::DbError::QuotaFull(message) => ApiError::QuotaFull(message),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

/// `axum::Json`, with every rejection turned into an [`ApiError`] that says what is wrong.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    axum::Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let limit = request
            .extensions()
            .get::<BodyLimit>()
            .map(|limit| limit.0)
            .unwrap_or(0);
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(match rejection {
                JsonRejection::MissingJsonContentType(_) => {
                    ApiError::UnsupportedMediaType("send the body as JSON with Content-Type: application/json".into())
                }
                JsonRejection::JsonSyntaxError(error) => {
                    ApiError::BadRequest(format!("malformed JSON: {}", error.body_text()))
                }
                JsonRejection::JsonDataError(error) => {
                    ApiError::BadRequest(format!("unexpected JSON: {}", error.body_text()))
                }
                JsonRejection::BytesRejection(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    ApiError::PayloadTooLarge { limit_bytes: limit }
                }
                other => ApiError::BadRequest(other.body_text()),
            }),
        }
    }
}

/// The configured body limit, put in request extensions so rejections can name it.
#[derive(Clone, Copy)]
pub struct BodyLimit(pub usize);

/// Rewrites any error response under `/api` that is not already JSON into the envelope.
pub async fn envelope_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let text = match axum::body::to_bytes(response.into_body(), 16 * 1024).await {
        Ok(bytes) if !bytes.is_empty() => String::from_utf8_lossy(&bytes).trim().to_owned(),
        _ => status.canonical_reason().unwrap_or("error").to_owned(),
    };
    let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
        "the request body is larger than the server accepts".to_owned()
    } else {
        text
    };
    envelope(status, message, None)
}
