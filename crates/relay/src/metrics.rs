//! What an operator's Prometheus scrapes at `GET /metrics`, with the bearer token in
//! `OLA_METRICS_TOKEN` (without it, the endpoint is not there): requests by route pattern and
//! status, submissions by kind and result, rate-limited requests, the outbox's depth and parked
//! emails, email send and database write latency. Labels are route patterns, kinds and status
//! codes only: never a reference, a token or anything a person typed.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use crate::state::AppState;

/// The process's recorder, installed on first use (one per process, however many relays a test
/// starts).
fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let seconds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0];
        PrometheusBuilder::new()
            .set_buckets(&seconds)
            .and_then(|b| b.install_recorder())
            .unwrap_or_else(|_| PrometheusBuilder::new().build_recorder().handle())
    })
}

/// Installs the recorder, once: whatever is recorded first does it.
pub fn install() {
    handle();
}

/// A submission endpoint's kind, from its route: `/api/consultations` → `consultations`.
fn submission_kind(method: &Method, route: &str) -> Option<&'static str> {
    if method != Method::POST {
        return None;
    }
    use contract::paths;
    [
        (paths::CONSULTATIONS, "consultations"),
        (paths::OUTCOMES, "outcomes"),
        (paths::NOTIFICATIONS, "notifications"),
        (paths::WITHDRAWALS, "withdrawals"),
        (paths::ENDINGS, "endings"),
        (paths::CONFIRMATIONS, "confirmations"),
        (paths::DOCUMENTS, "documents"),
    ]
    .into_iter()
    .find(|(path, _)| *path == route)
    .map(|(_, kind)| kind)
}

/// What became of a submission, from its answer's status.
fn result_of(status: StatusCode) -> &'static str {
    match status.as_u16() {
        201 => "accepted",
        200 => "repeated",
        400 | 422 => "refused",
        409 => "conflict",
        429 => "rate_limited",
        500..=599 => "failed",
        _ => "other",
    }
}

/// Counts and times every request by its route pattern.
pub async fn record(request: Request, next: Next) -> Response {
    install();
    let started = Instant::now();
    let method = request.method().clone();
    let route =
        request.extensions().get::<MatchedPath>().map_or_else(|| "static".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    let status = response.status();
    let code = status.as_u16().to_string();
    metrics::counter!("ola_http_requests_total", "method" => method.to_string(), "route" => route.clone(), "status" => code)
        .increment(1);
    metrics::histogram!("ola_http_request_duration_seconds", "route" => route.clone())
        .record(started.elapsed().as_secs_f64());
    if status == StatusCode::TOO_MANY_REQUESTS {
        metrics::counter!("ola_rate_limited_total").increment(1);
    }
    if let Some(kind) = submission_kind(&method, &route) {
        metrics::counter!("ola_submissions_total", "kind" => kind, "result" => result_of(status)).increment(1);
    }
    response
}

/// Times one email handed to the mail server.
pub fn email_sent(started: Instant, ok: bool) {
    install();
    metrics::histogram!("ola_email_send_seconds").record(started.elapsed().as_secs_f64());
    metrics::counter!("ola_emails_total", "result" => if ok { "sent" } else { "failed" }).increment(1);
}

/// Times one database commit of a batch of submissions.
pub fn database_write(started: Instant, ok: bool) {
    install();
    metrics::histogram!("ola_database_write_seconds").record(started.elapsed().as_secs_f64());
    if !ok {
        metrics::counter!("ola_database_write_failures_total").increment(1);
    }
}

/// `GET /metrics` in Prometheus's text format, for the bearer of `OLA_METRICS_TOKEN`.
pub async fn scrape(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = state.metrics_token.get() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    let allowed = given.is_some_and(|g| subtle::ConstantTimeEq::ct_eq(g.as_bytes(), token.as_bytes()).into());
    if token.is_empty() || !allowed {
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")]).into_response();
    }
    match state.store.outbox_depth().await {
        Ok((waiting, parked)) => {
            metrics::gauge!("ola_outbox_waiting").set(waiting as f64);
            metrics::gauge!("ola_outbox_parked").set(parked as f64);
        }
        Err(e) => tracing::warn!(error = %e, "metrics: could not count the outbox"),
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], handle().render()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn submissions_are_named_by_kind_and_result() {
        assert_eq!(submission_kind(&Method::POST, "/api/consultations"), Some("consultations"));
        assert_eq!(submission_kind(&Method::GET, "/api/consultations"), None);
        assert_eq!(submission_kind(&Method::POST, "/api/attachments"), None);
        assert_eq!(result_of(StatusCode::CREATED), "accepted");
        assert_eq!(result_of(StatusCode::UNPROCESSABLE_ENTITY), "refused");
        assert_eq!(result_of(StatusCode::SERVICE_UNAVAILABLE), "failed");
    }
}
