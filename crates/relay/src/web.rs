//! The built app, served precompressed with cache headers, and the security headers every
//! response carries. The content security policy allows WebAssembly (`'wasm-unsafe-eval'`) and
//! the app's own files and inline loader (by hash), and nothing more.

use std::path::Path;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};
use tower_http::services::ServeDir;

use crate::state::AppState;

/// The policy for the app in `dist`: its inline scripts (trunk's loader) are allowed by hash.
pub fn content_security_policy(index_html: &str) -> String {
    let mut hashes = String::new();
    let mut rest = index_html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let tag = &after[..open_end];
        let body_start = open_end + 1;
        let Some(close) = after[body_start..].find("</script>") else { break };
        if !tag.contains("src=") {
            let body = &after[body_start..body_start + close];
            hashes.push_str(&format!(" 'sha256-{}'", STANDARD.encode(Sha256::digest(body.as_bytes()))));
        }
        rest = &after[body_start + close..];
    }
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

pub async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&state.content_security_policy) {
        h.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert("cross-origin-resource-policy", HeaderValue::from_static("same-origin"));
    if state.config.server.public_url.starts_with("https:") {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    // API answers hold personal data and are never stored, unless the handler said how to cache
    // one that holds none (the hosts and their postcodes).
    if is_api && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Hashed file names (`app-1bd92cfc8d37d912.css`) never change content: cache them for a year.
/// Everything else (index.html, the service worker) is checked every time.
pub async fn cache_headers(request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let hashed = path
        .rsplit('/')
        .next()
        .and_then(|name| name.split('.').next())
        .and_then(|stem| {
            // trunk writes its hash as a number in hex, so a leading zero is dropped: 15 digits, sometimes fewer.
            stem.rsplit(['-', '_'])
                .find(|part| (12..=16).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_hexdigit()))
        })
        .is_some();
    let value = if hashed { "public, max-age=31536000, immutable" } else { "no-cache" };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// The app's files, precompressed (`.br`, `.gz` beside each), with the page for any page path.
pub fn static_files<F>(dist: &Path, page: F) -> ServeDir<F> {
    ServeDir::new(dist).precompressed_br().precompressed_gzip().fallback(page)
}

/// The page every route starts from: the built `index.html` with this deployment's words in it
/// (the service's name, who runs it, and how to reach each host without the app), written once at
/// start. The app itself compiles no council in.
pub fn render_index(template: &str, service: &contract::hosts::Service, hosts: &[crate::config::Host]) -> String {
    let other_ways: String = hosts
        .iter()
        .map(|h| {
            format!(
                "<h2 class=\"govuk-heading-m\">{}</h2><p class=\"govuk-body\">{}</p>",
                escape(&h.name),
                escape(&h.words.no_javascript)
            )
        })
        .collect();
    template
        .replace("{{service_name}}", &escape(&service.name))
        .replace("{{organisation}}", &escape(&service.organisation))
        .replace("<!--other-ways-->", &other_ways)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub async fn index(State(state): State<AppState>) -> Response {
    let mut response = axum::response::Html(state.index_html.clone()).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// `/.well-known/security.txt` (RFC 9116): where to report a weakness, in the service's language,
/// expiring a year from today so it is never stale. Not served without a contact.
pub async fn security_txt(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let Some(contact) = state.config.server.security_contact.as_deref() else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let expires = crate::clock::now() + time::Duration::days(365);
    let public = state.config.server.public_url.trim_end_matches('/');
    let body = format!(
        "Contact: {contact}\nExpires: {}\nPreferred-Languages: en\nCanonical: {public}/.well-known/security.txt\n",
        crate::clock::timestamp(expires).get(..19).map_or_else(String::new, |t| format!("{t}Z"))
    );
    ([(axum::http::header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_carries_the_deployments_words_escaped() {
        let config = crate::config::Config::sample();
        let template = "<title>{{service_name}}</title><meta name=\"organisation\" content=\"{{organisation}}\"><noscript><!--other-ways--></noscript>";
        let mut service = config.service.clone();
        service.organisation = "Kent & Medway <sample>".into();
        let page = render_index(template, &service, &config.hosts);
        assert!(page.starts_with("<title>Consult a host council about a placement</title>"), "{page}");
        assert!(page.contains("content=\"Kent &amp; Medway &lt;sample&gt;\""), "{page}");
        assert!(page.contains("<h2 class=\"govuk-heading-m\">Medway Council</h2>"), "{page}");
        assert!(!page.contains("{{") && !page.contains("<!--other-ways-->"));
    }

    #[test]
    fn inline_scripts_are_allowed_by_hash_and_nothing_else() {
        let html = r#"<script type="module">import init from '/app.js';</script><script src="/x.js"></script>"#;
        let csp = content_security_policy(html);
        let expected = STANDARD.encode(Sha256::digest(b"import init from '/app.js';"));
        assert!(csp.contains(&format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{expected}';")), "{csp}");
        assert_eq!(csp.matches("sha256-").count(), 1);
        assert!(!csp.contains("unsafe-inline"));
    }
}
