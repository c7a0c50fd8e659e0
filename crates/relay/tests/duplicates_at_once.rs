//! The same submissions arriving twice at the same moment (a client retrying while its first
//! request is still being written, or two relays behind one proxy) on several writer lanes at once:
//! each is stored once, both answers give the same reference, and no submission fails because
//! another batch held a row it needed (a deadlock between batches must not fail the batch).

mod support;

use std::collections::HashMap;

use axum::http::StatusCode;
use support::*;

const SUBMISSIONS: usize = 150;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_submissions_twice_at_once_are_each_stored_once_and_none_fails() {
    let dir = tempfile::tempdir().unwrap();
    let url = database_url(dir.path()).await;
    let mut config = config(dir.path(), &url);
    config.server.max_unattached_uploads_per_client = 10 * SUBMISSIONS as i64;
    let relay = relay_with(config, dir).await;
    let mut bodies = Vec::new();
    for i in 0..SUBMISSIONS {
        let plan = relay.upload_pdf().await;
        bodies.push(envelope(&format!("0190f3a2-7c1e-7d33-9a4e-{i:012}"), consultation(&plan)));
    }
    // Each body twice, the second copies in the opposite order, so two batches hold the same ids
    // in different orders.
    let order: Vec<&serde_json::Value> = bodies.iter().zip(bodies.iter().rev()).flat_map(|(a, b)| [a, b]).collect();
    let answers =
        futures::future::join_all(order.iter().map(|body| relay.post("/api/consultations", body, None))).await;

    let mut references: HashMap<String, String> = HashMap::new();
    let mut failed = Vec::new();
    for (body, r) in order.iter().zip(&answers) {
        if r.status != StatusCode::CREATED && r.status != StatusCode::OK {
            failed.push(format!("{}: {}", r.status, String::from_utf8_lossy(&r.bytes)));
            continue;
        }
        let id = body["id"].as_str().unwrap().to_owned();
        let reference = r.json()["reference"].as_str().unwrap().to_owned();
        let first = references.entry(id).or_insert_with(|| reference.clone());
        assert_eq!(*first, reference, "both answers for one submission give one reference");
    }
    assert!(failed.is_empty(), "{} of {} failed, e.g. {:?}", failed.len(), answers.len(), failed.first());
    assert_eq!(relay.state.store.count_submissions().await.unwrap(), SUBMISSIONS as i64, "each stored once");
}
