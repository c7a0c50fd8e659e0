//! A real relay process for the tests that need one (SIGKILL, logs on stdout): its configuration
//! file, a free port, and plain HTTP/1.1 requests over a socket.

use std::path::{Path, PathBuf};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::time::Duration;

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// One HTTP/1.1 request on a fresh connection; `None` if the connection failed (relay down).
pub async fn http(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Option<(u16, String)> {
    http_with_head(port, method, path, headers, body).await.map(|(status, _, body)| (status, body))
}

/// The same, with the response's head (status line and headers) as text.
pub async fn http_with_head(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Option<(u16, String, String)> {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.ok()?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.ok()?;
    stream.write_all(body).await.ok()?;
    let mut response = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut response)).await.ok()?.ok()?;
    let text = String::from_utf8_lossy(&response).into_owned();
    let status: u16 = text.split(' ').nth(1)?.parse().ok()?;
    let (head, body) = text.split_once("\r\n\r\n").map(|(h, b)| (h.to_owned(), b.to_owned())).unwrap_or_default();
    Some((status, head, body))
}

pub fn write_config(dir: &Path, port: u16, database_url: &str) -> PathBuf {
    let geodata = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../var/geodata/uk-postcodes.bin");
    std::fs::create_dir_all(dir.join("dist")).unwrap();
    std::fs::write(dir.join("dist/index.html"), "<!DOCTYPE html><title>OLA</title>").unwrap();
    let text = include_str!("../../config/sample.toml")
        .replace("listen = \"127.0.0.1:8080\"", &format!("listen = \"127.0.0.1:{port}\""))
        .replace("dist = \"dist\"", &format!("dist = \"{}\"", dir.join("dist").display()))
        .replace("postcodes = \"var/geodata/uk-postcodes.bin\"", &format!("postcodes = \"{}\"", geodata.display()))
        .replace("staff_file = \"var/staff.toml\"", &format!("staff_file = \"{}\"", dir.join("staff.toml").display()))
        .replace("url = \"sqlite://var/ola.sqlite3\"", &format!("url = \"{database_url}\""))
        .replace("folder = \"var/mail\"", &format!("folder = \"{}\"", dir.join("mail").display()))
        .replace("rate_limit_per_second = 20", "rate_limit_per_second = 1000")
        .replace("rate_limit_burst = 100", "rate_limit_burst = 100000");
    let path = dir.join("relay.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Until the relay on `port` answers `/health/ready`: true, or false after 30 s.
pub async fn ready(port: u16) -> bool {
    wait_until(Duration::from_secs(30), async || {
        matches!(http(port, "GET", "/health/ready", &[], b"").await, Some((200, _)))
    })
    .await
}

/// Asks `done` every 50 ms until it says yes (true) or `limit` has passed (false).
pub async fn wait_until(limit: Duration, mut done: impl AsyncFnMut() -> bool) -> bool {
    let start = std::time::Instant::now();
    while start.elapsed() < limit {
        if done().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}
