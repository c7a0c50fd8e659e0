//! The relay as a log collector sees it: with its output not a terminal it writes JSON lines, one
//! access line per request at INFO with the method, route pattern, status, latency and the relay's
//! own request id (the one the response's `X-Request-Id` gives), and no colour codes. A client's
//! own request id is replaced, never logged.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::process::{free_port, http_with_head, write_config};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_request_is_one_json_access_line_with_the_id_the_client_was_given() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let database_url = support::database_url(dir.path()).await;
    let config = write_config(dir.path(), port, &database_url);
    let mut relay = Command::new(env!("CARGO_BIN_EXE_relay"))
        .arg("--config")
        .arg(&config)
        .env("OLA_LINK_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines = BufReader::new(relay.stdout.take().unwrap()).lines();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });

    let start = Instant::now();
    let (status, head) = loop {
        let asked = http_with_head(port, "GET", "/health/ready", &[("x-request-id", "Samira Okafor")], b"").await;
        if let Some((status, head, _)) = asked {
            break (status, head);
        }
        assert!(start.elapsed() < Duration::from_secs(30), "the relay did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(status, 200);
    let id = head
        .lines()
        .find_map(|l| l.strip_prefix("x-request-id: "))
        .expect("the response names its request id")
        .to_owned();
    assert!(id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()), "the relay's own id, not the client's: {id}");

    let mut seen = Vec::new();
    let access = loop {
        let line = rx.recv_timeout(Duration::from_secs(10)).expect("an access line for the request");
        assert!(!line.contains('\u{1b}'), "no colour codes: {line}");
        assert!(!line.contains("Samira"), "a client's own request id is never logged: {line}");
        let event: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("a JSON line ({e}): {line}"));
        seen.push(line);
        if event["span"]["request_id"] == id.as_str() && event["status"].is_number() {
            break event;
        }
    };
    assert_eq!(access["level"], "INFO");
    assert_eq!(access["status"], 200);
    assert_eq!(access["span"]["method"], "GET");
    assert_eq!(access["span"]["route"], "/health/ready");
    assert!(access["latency"].as_str().is_some_and(|l| l.ends_with("ms")), "{access}");
    assert!(seen.iter().any(|l| l.contains("relay listening")), "the start is logged too: {seen:?}");
    relay.kill().unwrap();
    let _ = relay.wait();
}
