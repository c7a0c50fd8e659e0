//! Every request gets an id of the relay's own making, in its log lines and in the `X-Request-Id`
//! response header, so a person reporting a problem can quote it and an operator can find that
//! request's lines. A client's own `X-Request-Id` is replaced, never logged: it could carry anything.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

pub async fn assign(mut request: Request, next: Next) -> Response {
    let id = new_id();
    request.headers_mut().insert(HEADER, id.clone());
    let mut response = next.run(request).await;
    response.headers_mut().insert(HEADER, id);
    response
}

/// The request's id, for its log lines.
pub fn of(request: &Request) -> &str {
    request.headers().get(HEADER).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// A new random id. Should the system's randomness fail, the id says so rather than failing the
/// request.
fn new_id() -> HeaderValue {
    crate::tokens::random_id()
        .ok()
        .and_then(|id| HeaderValue::from_str(&id).ok())
        .unwrap_or(HeaderValue::from_static("no-id"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_id_is_32_hex_digits_and_each_is_new() {
        let (a, b) = (super::new_id(), super::new_id());
        assert_eq!(a.len(), 32);
        assert!(a.to_str().unwrap().bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
