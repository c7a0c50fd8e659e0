//! One error type for every handler. Problems with what the client sent are 4xx with a body the
//! app can show and are not logged; faults are a 500 with a plain sentence, logged without the
//! request body.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use placement_rules::Finding;
use placement_rules::wire::DecodeError;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("the submission has problems")]
    Invalid(Vec<Finding>),
    #[error("the request could not be read")]
    Malformed(DecodeError),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorised(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooLarge(String),
    /// Past a per-client limit (429), with when to try again.
    #[error("{0}")]
    TooMany(String),
    #[error("{0}")]
    Unsupported(String),
    /// The storage is failing (full, read-only, gone): nothing was kept, and trying again in a
    /// few seconds may work. The detail names the fault, never the submission.
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

/// Seconds a client is asked to wait before trying again while the storage is failing.
pub const RETRY_AFTER_SECONDS: u64 = 5;

/// The sentence for an error status that a layer answered before any handler could (the body
/// limit, the timeout, the rate limiter, the router, a caught panic).
fn said_for(status: StatusCode) -> &'static str {
    match status {
        StatusCode::METHOD_NOT_ALLOWED => "This address does not take that kind of request.",
        StatusCode::REQUEST_TIMEOUT => "The request took too long to arrive. Try again.",
        StatusCode::PAYLOAD_TOO_LARGE => "This is too large. A document must be 10 MB or smaller.",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "This type of content is not accepted here.",
        StatusCode::TOO_MANY_REQUESTS => "Too many requests from your connection. Wait a moment and try again.",
        StatusCode::NOT_FOUND => "There is nothing at this address.",
        s if s.is_server_error() => {
            "Sorry, there is a problem with the service. Your answers have not been lost: try again later."
        }
        _ => "The request could not be read.",
    }
}

/// Every error the API answers has one shape, `{"error": {"message"}}`, whoever answered it: an
/// error a layer wrote as plain text is rewritten here, keeping its status and headers
/// (`Retry-After` among them, never 0: a client told to wait no time would not wait).
pub async fn one_shape(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let status = response.status();
    if let Some(wait) = response.headers_mut().get_mut(axum::http::header::RETRY_AFTER)
        && wait.as_bytes() == b"0"
    {
        *wait = axum::http::HeaderValue::from_static("1");
    }
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if !api || is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    parts.headers.insert(axum::http::header::CONTENT_TYPE, axum::http::HeaderValue::from_static("application/json"));
    let body = json!({ "error": { "message": said_for(status) } }).to_string();
    Response::from_parts(parts, axum::body::Body::from(body))
}

impl AppError {
    pub fn internal(e: impl std::fmt::Display) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        if crate::store::is_storage_fault(&e) {
            AppError::Unavailable(format!("database: {e}"))
        } else {
            AppError::Internal(format!("database: {e}"))
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            AppError::Invalid(findings) => (StatusCode::UNPROCESSABLE_ENTITY, json!({ "findings": findings })),
            AppError::Malformed(e) => {
                (StatusCode::BAD_REQUEST, json!({ "error": { "path": e.path, "message": e.message } }))
            }
            AppError::BadRequest(m) => (StatusCode::BAD_REQUEST, json!({ "error": { "message": m } })),
            AppError::Unauthorised(m) => (StatusCode::UNAUTHORIZED, json!({ "error": { "message": m } })),
            AppError::Forbidden(m) => (StatusCode::FORBIDDEN, json!({ "error": { "message": m } })),
            AppError::NotFound(m) => (StatusCode::NOT_FOUND, json!({ "error": { "message": m } })),
            AppError::Conflict(m) => (StatusCode::CONFLICT, json!({ "error": { "message": m } })),
            AppError::TooLarge(m) => (StatusCode::PAYLOAD_TOO_LARGE, json!({ "error": { "message": m } })),
            AppError::TooMany(m) => {
                let mut response =
                    (StatusCode::TOO_MANY_REQUESTS, Json(json!({ "error": { "message": m } }))).into_response();
                response.headers_mut().insert(axum::http::header::RETRY_AFTER, 3600.into());
                return response;
            }
            AppError::Unsupported(m) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, json!({ "error": { "message": m } })),
            AppError::Unavailable(detail) => {
                tracing::warn!(%detail, "storage unavailable");
                let m =
                    "The service cannot save anything at the moment. Nothing was saved: try again in a few seconds.";
                let mut response =
                    (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "error": { "message": m } }))).into_response();
                response.headers_mut().insert(axum::http::header::RETRY_AFTER, RETRY_AFTER_SECONDS.into());
                return response;
            }
            AppError::Internal(detail) => {
                // The detail names the fault (a query, a connection), never the submission's content.
                tracing::error!(%detail, "request failed");
                let m = "Sorry, there is a problem with the service. Your answers have not been lost: try again later.";
                (StatusCode::INTERNAL_SERVER_ERROR, json!({ "error": { "message": m } }))
            }
        };
        (status, Json(body)).into_response()
    }
}
