//! Cross-site request forgery. A page elsewhere, including on another port of the same host (which
//! `SameSite` cookies do not tell apart), must not be able to make a signed-in browser change a
//! case. So every state-changing API request must:
//! - be of a type a plain HTML form cannot send: `application/json`, or for an upload the
//!   `X-File-Name` header (a custom header, which another origin cannot add without a CORS
//!   preflight that this relay never grants);
//! - come from this service's own origin: `Sec-Fetch-Site: same-origin` where the browser sends it,
//!   else an `Origin` equal to the public URL's. A request with neither is not from a browser (a
//!   script or a test), and a forgery needs a browser.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::state::AppState;

pub async fn same_origin_only(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let changes_state = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if changes_state && request.uri().path().starts_with("/api/") {
        let upload = request.uri().path() == contract::paths::ATTACHMENTS;
        if let Err(refusal) = check(&state.config.server.public_url, upload, request.headers()) {
            return refusal.into_response();
        }
    }
    next.run(request).await
}

/// The scheme, host and port of a URL: what a browser puts in `Origin`.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    url.get(after_scheme..).and_then(|rest| rest.find('/')).map_or(url, |end| &url[..after_scheme + end])
}

pub fn check(public_url: &str, upload: bool, headers: &HeaderMap) -> Result<(), AppError> {
    let text = |name| headers.get(name).and_then(|v: &axum::http::HeaderValue| v.to_str().ok());
    let content_type = text(header::CONTENT_TYPE.as_str()).unwrap_or_default().to_ascii_lowercase();
    let json = content_type.split(';').next().is_some_and(|t| t.trim() == "application/json");
    if upload {
        let form_type = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]
            .iter()
            .any(|t| content_type.starts_with(t));
        if text("x-file-name").is_none() || form_type {
            return Err(AppError::Unsupported(
                "Send the file as the request body, with its name in the X-File-Name header.".into(),
            ));
        }
    } else if !json {
        return Err(AppError::Unsupported("Send this as JSON, with Content-Type: application/json.".into()));
    }
    let from_elsewhere = || AppError::Forbidden("This request came from another site, so it was refused.".into());
    match (text("sec-fetch-site"), text(header::ORIGIN.as_str())) {
        (Some("same-origin" | "none"), _) => Ok(()),
        (Some(_), _) => Err(from_elsewhere()),
        (None, Some(origin)) if origin.eq_ignore_ascii_case(origin_of(public_url.trim_end_matches('/'))) => Ok(()),
        (None, Some(_)) => Err(from_elsewhere()),
        (None, None) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (header::HeaderName::from_static(k), v.parse().unwrap())).collect()
    }

    const URL: &str = "https://ola.example.gov.uk/";

    #[test]
    fn the_public_urls_origin_is_scheme_host_and_port() {
        assert_eq!(origin_of("https://ola.example.gov.uk"), "https://ola.example.gov.uk");
        assert_eq!(origin_of("http://127.0.0.1:8080/app/"), "http://127.0.0.1:8080");
    }

    #[test]
    fn a_form_from_another_origin_cannot_change_a_case() {
        let forged = headers(&[("content-type", "text/plain"), ("origin", "https://evil.example")]);
        assert!(matches!(check(URL, false, &forged), Err(AppError::Unsupported(_))));
        let json_elsewhere =
            headers(&[("content-type", "application/json"), ("origin", "http://ola.example.gov.uk:8081")]);
        assert!(matches!(check(URL, false, &json_elsewhere), Err(AppError::Forbidden(_))));
        let same_site = headers(&[("content-type", "application/json"), ("sec-fetch-site", "same-site")]);
        assert!(matches!(check(URL, false, &same_site), Err(AppError::Forbidden(_))), "another port is same-site");
        let upload_as_form = headers(&[("content-type", "multipart/form-data; boundary=x"), ("x-file-name", "a.pdf")]);
        assert!(matches!(check(URL, true, &upload_as_form), Err(AppError::Unsupported(_))));
    }

    #[test]
    fn the_apps_own_requests_and_non_browser_clients_pass() {
        let app = headers(&[("content-type", "application/json; charset=utf-8"), ("sec-fetch-site", "same-origin")]);
        assert!(check(URL, false, &app).is_ok());
        let older = headers(&[("content-type", "application/json"), ("origin", "https://ola.example.gov.uk")]);
        assert!(check(URL, false, &older).is_ok());
        assert!(check(URL, false, &headers(&[("content-type", "application/json")])).is_ok(), "curl, a script");
        let upload = headers(&[
            ("content-type", "application/pdf"),
            ("x-file-name", "plan.pdf"),
            ("sec-fetch-site", "same-origin"),
        ]);
        assert!(check(URL, true, &upload).is_ok());
    }
}
