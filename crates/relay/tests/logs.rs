//! No child's details reach the logs, whatever happens: accepted, refused and malformed
//! submissions and a read through a link, with every log line captured at TRACE level.
//!
//! A test binary of its own, with a global subscriber: a thread-local one misses events whose
//! callsites other tests' threads registered first (tracing caches interest per callsite).

mod support;

use relay::tokens::Scope;
use serde_json::json;
use support::*;

const ID: &str = "0190f3a2-7c1e-7d33-9a4e-000000000001";

/// Collects everything logged, at every level, while a test runs.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_childs_details_reach_the_logs_whatever_happens() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber =
        tracing_subscriber::fmt().with_max_level(tracing::Level::TRACE).with_writer(move || writer.clone()).finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let relay = relay().await;
    let reference = relay.consult(ID).await; // accepted
    let mut bad = consultation("att-missing");
    bad["social_worker"]["email"] = json!("alex@gmail.com");
    relay.post("/api/consultations", &envelope("0190f3a2-7c1e-7d33-9a4e-000000000009", bad), None).await; // 422
    let mut malformed = consultation("x");
    malformed["child"]["sex"] = json!("Samira Testchild");
    relay.post("/api/consultations", &envelope("0190f3a2-7c1e-7d33-9a4e-000000000010", malformed), None).await; // 400
    let manager = relay.token(Scope::ServiceManager, &reference);
    relay.get(&format!("/api/cases/{reference}"), Some(&manager)).await; // read with a token

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("/api/consultations"), "the capture works: requests are logged by route");
    for personal in ["Samira", "Testchild", "LCC-000123", "Example Road", "ME14 1XQ", "LS1 1UR", &manager] {
        assert!(!logs.contains(personal), "{personal} reached the logs:\n{logs}");
    }
}
