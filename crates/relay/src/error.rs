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
    #[error("{0}")]
    Unsupported(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn internal(e: impl std::fmt::Display) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Internal(format!("database: {e}"))
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
            AppError::Unsupported(m) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, json!({ "error": { "message": m } })),
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
