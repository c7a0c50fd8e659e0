//! The relay is killed (SIGKILL) in the middle of a stream of submissions and restarted. Every
//! submission that was answered 201 is still there, and the clients' retries, with the same ids,
//! create nothing twice.

mod support;

use support::process::{free_port, http, ready, write_config};

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;

const CLIENTS: usize = 8;
const SUBMISSIONS: usize = 240;

fn start(config: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_relay"))
        .arg("--config")
        .arg(config)
        .env("OLA_LINK_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

async fn wait_ready(port: u16) {
    assert!(ready(port).await, "the relay did not become ready");
}

fn reference_of(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body).unwrap()["reference"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn answered_submissions_survive_sigkill_and_retries_never_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let database_url = support::database_url(dir.path()).await;
    let config = write_config(dir.path(), port, &database_url);
    let mut relay = start(&config);
    wait_ready(port).await;

    // Each consultation carries its own care plan, uploaded first as the app does (an upload
    // belongs to one case), again until the relay answers.
    async fn upload(port: u16, failed: &std::sync::atomic::AtomicUsize) -> String {
        let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n%%EOF\n";
        loop {
            if let Some((201, body)) = http(port, "POST", "/api/attachments", &[("x-file-name", "plan.pdf")], pdf).await
            {
                return serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"].as_str().unwrap().to_owned();
            }
            failed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    // What each client was told: id -> reference, for 201 and 200 answers.
    let answered: Arc<Mutex<HashMap<String, String>>> = Arc::default();
    let created_before_kill: Arc<Mutex<HashMap<String, String>>> = Arc::default();
    let killed = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let failed_attempts = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let (answered, before, killed) = (answered.clone(), created_before_kill.clone(), killed.clone());
        let failed_attempts = failed_attempts.clone();
        tasks.push(tokio::spawn(async move {
            for n in (client..SUBMISSIONS).step_by(CLIENTS) {
                let id = format!("crash-test-{n:06}-0000000000");
                let care_plan = upload(port, &failed_attempts).await;
                let body = serde_json::to_vec(&support::envelope(&id, support::consultation(&care_plan))).unwrap();
                // Retry with the same id until the relay answers, as the app's queue does.
                loop {
                    match http(port, "POST", "/api/consultations", &[("content-type", "application/json")], &body).await
                    {
                        Some((201 | 200, reply)) => {
                            let reference = reference_of(&reply);
                            if !killed.load(std::sync::atomic::Ordering::SeqCst) {
                                before.lock().await.insert(id.clone(), reference.clone());
                            }
                            answered.lock().await.insert(id.clone(), reference);
                            break;
                        }
                        Some((status, reply)) if status < 500 => panic!("{id}: {status} {reply}"),
                        _ => {
                            failed_attempts.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(100)).await;
                        }
                    }
                }
            }
        }));
    }

    // Kill the relay once about a third of the stream has been answered.
    while answered.lock().await.len() < SUBMISSIONS / 3 {
        assert!(!tasks.iter().any(|t| t.is_finished()), "a client stopped early: see its panic above");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    relay.kill().unwrap(); // SIGKILL: no shutdown, no flush
    killed.store(true, std::sync::atomic::Ordering::SeqCst);
    relay.wait().unwrap();
    let answered_at_kill = created_before_kill.lock().await.clone();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut relay = start(&config);
    wait_ready(port).await;
    for t in tasks {
        t.await.unwrap();
    }
    relay.kill().unwrap();
    relay.wait().unwrap();

    assert!(
        failed_attempts.load(std::sync::atomic::Ordering::SeqCst) >= CLIENTS,
        "every client had a request cut off by the kill and retried it"
    );
    // Every submission answered before the kill is there, with the reference its client was given.
    let store = relay::store::Store::open(&database_url).await.unwrap();
    let stored: HashMap<String, String> = store.submission_ids().await.unwrap().into_iter().collect();
    assert!(answered_at_kill.len() >= SUBMISSIONS / 3, "{} answered before the kill", answered_at_kill.len());
    for (id, reference) in &answered_at_kill {
        assert_eq!(stored.get(id), Some(reference), "{id} was answered before the kill but is missing or changed");
    }
    // And the retries after the restart created nothing twice.
    let answered = answered.lock().await;
    assert_eq!(answered.len(), SUBMISSIONS);
    assert_eq!(stored.len(), SUBMISSIONS, "one stored submission per id, retries included");
    for (id, reference) in answered.iter() {
        assert_eq!(stored.get(id), Some(reference), "{id}: the client holds a different reference from the one stored");
    }
    let cases = store.cases("E10000016").await.unwrap();
    assert_eq!(cases.len(), SUBMISSIONS, "one case per consultation");
}
