//! `/metrics` as Prometheus scrapes it: only with the bearer token, in the text format, counting
//! submissions by kind and result and the outbox, and naming no reference or person.

mod support;

use axum::http::{Method, StatusCode};
use support::*;

#[tokio::test]
async fn metrics_are_scraped_with_the_token_and_name_no_one() {
    let relay = relay().await;
    assert_eq!(relay.get("/metrics", None).await.status, StatusCode::NOT_FOUND, "off without a token");
    relay.state.metrics_token.set("a-long-metrics-token-for-tests".into()).unwrap();

    let reference = relay.consult("0190f3a2-7c1e-7d33-9a4e-00000000cc01").await;
    let refused = relay
        .post("/api/consultations", &envelope("0190f3a2-7c1e-7d33-9a4e-00000000cc02", serde_json::json!({})), None)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);

    assert_eq!(relay.get("/metrics", None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(relay.get("/metrics", Some("not-the-token")).await.status, StatusCode::UNAUTHORIZED);
    let r = relay
        .call(Method::GET, "/metrics", &[("authorization", "Bearer a-long-metrics-token-for-tests")], Vec::new())
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let text = String::from_utf8(r.bytes).unwrap();
    let value = |series: &str| -> f64 {
        text.lines()
            .find(|l| l.starts_with(series))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {series} in:\n{text}"))
    };
    assert!(value("ola_submissions_total{kind=\"consultations\",result=\"accepted\"}") >= 1.0);
    assert!(value("ola_submissions_total{kind=\"consultations\",result=\"refused\"}") >= 1.0);
    assert_eq!(value("ola_outbox_waiting"), 3.0, "three emails for the consultation, no worker running");
    assert_eq!(value("ola_outbox_parked"), 0.0);
    assert!(text.contains("ola_database_write_seconds_bucket"), "write latency");
    assert!(text.contains("route=\"/api/cases/{reference}\"") || text.contains("route=\"/api/consultations\""));
    assert!(!text.contains(&reference) && !text.contains("Samira") && !text.contains("leeds.gov.uk"), "names no one");
}
