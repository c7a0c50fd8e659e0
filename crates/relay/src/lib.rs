//! The submission relay. Thin but trustworthy: it re-checks every submission with the same rules
//! the app ran, keeps it durably before saying yes, makes sure the right people hear about it,
//! and reports. It never logs a request body.
//!
//! `main.rs` reads configuration and binds; [`app`] is the whole HTTP surface, so tests drive it
//! without a socket.

pub mod access;
pub mod access_log;
pub mod administration;
pub mod attachments;
pub mod case_links;
pub mod cases;
pub mod client_ip;
pub mod clock;
pub mod config;
pub mod csrf;
pub mod error;
pub mod hosts;
pub mod mail;
pub mod metrics;
pub mod placement_check;
pub mod reminders;
pub mod report;
pub mod request_id;
pub mod retention;
pub mod routing;
pub mod server;
pub mod sso;
pub mod staff;
pub mod state;
pub mod store;
pub mod submissions;
pub mod templates;
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
use tower_http::LatencyUnit;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use contract::paths;
pub use state::AppState;

/// JSON submissions are small; only attachments are large.
const JSON_LIMIT: usize = 256 * 1024;

async fn api_not_found() -> error::AppError {
    error::AppError::NotFound("There is nothing at this address.".into())
}

async fn live() -> &'static str {
    "ok"
}

/// Ready: the database answers, the postcode table is loaded, and commits are not failing.
async fn ready(State(state): State<AppState>) -> Result<&'static str, (StatusCode, &'static str)> {
    match state.store.ping().await {
        Ok(()) if !state.postcodes.is_empty() && state.store.writes_healthy() => Ok("ready"),
        _ => Err((StatusCode::SERVICE_UNAVAILABLE, "not ready")),
    }
}

/// The relay's HTTP surface.
pub fn app(state: AppState) -> Router {
    let server = &state.config.server;
    let limits = GovernorConfigBuilder::default()
        .per_millisecond((1000 / server.rate_limit_per_second).max(1))
        .burst_size(server.rate_limit_burst)
        .key_extractor(state.trusted_proxies.clone())
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
        .route(paths::CONSULTATIONS, post(submissions::consultation))
        .route(paths::OUTCOMES, post(submissions::outcome))
        .route(paths::NOTIFICATIONS, post(submissions::notification))
        .route(paths::WITHDRAWALS, post(submissions::withdrawal))
        .route(paths::ENDINGS, post(submissions::ending))
        .route(paths::CONFIRMATIONS, post(submissions::confirmation))
        .route(paths::DOCUMENTS, post(submissions::documents))
        .route(paths::CASE_ROUTE, get(cases::show))
        .route(paths::CASE_LINK_ROUTE, post(case_links::act))
        .route(paths::ATTACHMENTS, post(attachments::upload).layer(DefaultBodyLimit::max(attachments::MAX_BYTES + 1)))
        .route(paths::ATTACHMENT_ROUTE, get(attachments::download))
        .route(paths::PLACEMENT_CHECK, get(placement_check::check).post(placement_check::check_posted))
        .route(paths::HOSTS, get(hosts::list))
        .route(paths::HOSTS_POSTCODES_ROUTE, get(hosts::postcodes).layer(hosts::compression()))
        .route(paths::STAFF_SIGN_IN, get(staff::sign_in_methods).post(staff::sign_in))
        .route(paths::SSO_START_ROUTE, get(sso::start))
        .route(paths::SSO_CALLBACK, get(sso::callback))
        .route(paths::STAFF_ACCESS_LOG, get(access_log::page))
        .route(paths::STAFF_ACCESS_LOG_CSV, get(access_log::csv))
        .route(paths::STAFF_ADMINISTRATION, get(administration::show))
        .route(paths::STAFF_SIGN_OUT, post(staff::sign_out))
        .route(paths::STAFF_ME, get(staff::me))
        .route(paths::STAFF_CASES, get(staff::cases))
        .route(paths::STAFF_OUTBOX, get(staff::outbox))
        .route(paths::STAFF_PLACED, get(staff::placed))
        .route(paths::STAFF_PLACED_CSV, get(staff::placed_csv))
        .route(paths::STAFF_REPORT, get(staff::report_json))
        .route(paths::STAFF_REPORT_CSV, get(staff::report_csv))
        .route(paths::STAFF_REPORT_XLSX, get(staff::report_xlsx))
        .route("/api/{*rest}", any(api_not_found))
        .layer(DefaultBodyLimit::max(JSON_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), csrf::same_origin_only));
    if let Some(limits) = limits {
        api = api.layer(GovernorLayer::new(limits));
    }

    let page = get(web::index).with_state(state.clone());
    let files = web::static_files(&server.dist, page);
    let timeout = Duration::from_secs(server.request_timeout_seconds);
    Router::new()
        .merge(api)
        .route("/", get(web::index))
        .route("/index.html", get(web::index))
        .route("/.well-known/security.txt", get(web::security_txt))
        .route("/metrics", get(metrics::scrape))
        .route("/health/live", get(live))
        .route("/health/ready", get(ready))
        .fallback_service(tower::ServiceBuilder::new().layer(middleware::from_fn(web::cache_headers)).service(files))
        .layer(middleware::from_fn_with_state(state.clone(), web::security_headers))
        .layer(middleware::from_fn_with_state(state.clone(), client_ip::stamp))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        // One access line per request at INFO. Spans name the route pattern
        // (`/api/cases/{reference}`), never the URL, query or body, and the relay's request id.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    let route = request.extensions().get::<MatchedPath>().map_or("static", |p| p.as_str());
                    let request_id = request_id::of(request);
                    tracing::info_span!("request", method = %request.method(), route, request_id)
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO).latency_unit(LatencyUnit::Millis)),
        )
        .layer(middleware::from_fn(metrics::record))
        .layer(CatchPanicLayer::new())
        .layer(middleware::from_fn(error::one_shape))
        .layer(middleware::from_fn(request_id::assign))
        .with_state(state)
}
