//! Slow clients: many connections that trickle a header byte every so often must not stop the
//! relay answering others (issue: "no header-read timeout"). The relay's own connection loop
//! (`relay::server`) on a loopback port, with a small connection cap to reach quickly.

mod support;

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_cannot_hold_the_relay_and_health_checks_are_answered() {
    let relay = support::relay().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let limits = relay::server::Limits { header_read: Duration::from_secs(1), max_connections: 20 };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(relay::server::run(listener, relay.app.clone(), limits, async {
        let _ = stopped.await;
    }));

    // Twice the cap in slow clients, each sending a byte of a request every 300 ms for 20 s.
    let mut slow = Vec::new();
    for _ in 0..40 {
        slow.push(tokio::spawn(async move {
            let Ok(mut stream) = TcpStream::connect(address).await else { return };
            for byte in b"GET /health/live HTTP/1.1\r\nX-Slow: ".iter().chain(b"a".repeat(60).iter()) {
                if stream.write_all(&[*byte]).await.is_err() {
                    return; // the relay closed it: what should happen
                }
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;

    // A health check still gets its answer: the slow ones are cut off after their second.
    let answer = tokio::time::timeout(Duration::from_secs(10), async {
        let mut stream = TcpStream::connect(address).await.unwrap();
        stream.write_all(b"GET /health/live HTTP/1.1\r\nHost: relay\r\nConnection: close\r\n\r\n").await.unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).await.unwrap();
        reply
    })
    .await
    .expect("the health check was answered while slow clients were connected");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    for task in slow {
        task.abort();
    }
    let _ = stop.send(());
    server.await.unwrap();
}
