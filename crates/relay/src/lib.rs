//! The submission relay. Thin but trustworthy: it re-checks every submission with the same rules
//! the app ran, keeps it durably before saying yes, makes sure the right people hear about it,
//! and reports. It never logs a request body.
//!
//! `main.rs` reads configuration and binds; [`app`] is the whole HTTP surface, so tests drive it
//! without a socket.

pub mod access;
pub mod attachments;
pub mod cases;
pub mod clock;
pub mod config;
pub mod error;
pub mod mail;
pub mod placement_check;
pub mod report;
pub mod retention;
pub mod routing;
pub mod staff;
pub mod state;
pub mod store;
pub mod submissions;
pub mod tokens;
pub mod web;
pub mod writer;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware;
use axum::routing::{any, get, post};
use tower_governor::GovernorLayer;
use tower_governor::governor::GovernorConfigBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use state::AppState;

/// JSON submissions are small; only attachments are large.
const JSON_LIMIT: usize = 256 * 1024;

async fn api_not_found() -> error::AppError {
    error::AppError::NotFound("There is nothing at this address.".into())
}

async fn live() -> &'static str {
    "ok"
}

async fn ready(State(state): State<AppState>) -> Result<&'static str, (StatusCode, &'static str)> {
    match state.store.ping().await {
        Ok(()) if !state.postcodes.is_empty() => Ok("ready"),
        _ => Err((StatusCode::SERVICE_UNAVAILABLE, "not ready")),
    }
}

/// The relay's HTTP surface.
pub fn app(state: AppState) -> Router {
    let server = &state.config.server;
    let limits = GovernorConfigBuilder::default()
        .per_millisecond((1000 / server.rate_limit_per_second).max(1))
        .burst_size(server.rate_limit_burst)
        .finish()
        .map(Arc::new);
    if let Some(limits) = &limits {
        let limiter = limits.limiter().clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(60)).await;
                limiter.retain_recent();
            }
        });
    }

    let mut api = Router::new()
        .route("/api/consultations", post(submissions::consultation))
        .route("/api/outcomes", post(submissions::outcome))
        .route("/api/notifications", post(submissions::notification))
        .route("/api/withdrawals", post(submissions::withdrawal))
        .route("/api/cases/{reference}", get(cases::show))
        .route("/api/attachments", post(attachments::upload).layer(DefaultBodyLimit::max(attachments::MAX_BYTES + 1)))
        .route("/api/attachments/{id}", get(attachments::download))
        .route("/api/placement-check", get(placement_check::check))
        .route("/api/staff/sign-in", post(staff::sign_in))
        .route("/api/staff/sign-out", post(staff::sign_out))
        .route("/api/staff/me", get(staff::me))
        .route("/api/staff/cases", get(staff::cases))
        .route("/api/staff/outbox", get(staff::outbox))
        .route("/api/staff/report", get(staff::report_json))
        .route("/api/staff/report.csv", get(staff::report_csv))
        .route("/api/{*rest}", any(api_not_found))
        .layer(DefaultBodyLimit::max(JSON_LIMIT));
    if let Some(limits) = limits {
        api = api.layer(GovernorLayer::new(limits));
    }

    let files = web::static_files(&server.dist);
    let timeout = Duration::from_secs(server.request_timeout_seconds);
    Router::new()
        .merge(api)
        .route("/health/live", get(live))
        .route("/health/ready", get(ready))
        .fallback_service(tower::ServiceBuilder::new().layer(middleware::from_fn(web::cache_headers)).service(files))
        .layer(middleware::from_fn_with_state(state.clone(), web::security_headers))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        // Spans name the route pattern (`/api/cases/{reference}`), never the URL, query or body.
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
            let route = request.extensions().get::<MatchedPath>().map_or("static", |p| p.as_str());
            tracing::info_span!("request", method = %request.method(), route)
        }))
        .layer(CatchPanicLayer::new())
        .with_state(state)
}
