//! Two relay processes behind a real reverse proxy (Debian's haproxy) on one PostgreSQL, under
//! load, as a council's IT would scale the service out: clients submit through the proxy and retry
//! on a failed connection; some send the same submission twice at once; one relay is killed with
//! SIGKILL mid-load and started again; the mail server is slow for a while. Nothing acknowledged is
//! lost, no submission gets a 500, no case is made twice, and every email arrives, each recognisable
//! by its Message-ID.
//!
//! PostgreSQL only: several relays share PostgreSQL, never SQLite. Runs in the test command's
//! PostgreSQL pass.

mod support;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use support::mail_peers::{SmtpServer, message_id, received, smtp_port};
use support::process::{free_port, http, ready, wait_until, write_config};
use tokio::sync::Mutex;

const CLIENTS: usize = 16;
const SUBMISSIONS: usize = 600;
const KENT: &str = "E10000016";
/// How long a relay holds the emails it is sending: short here, so the killed relay's are taken
/// over within the test.
const CLAIM_SECONDS: u64 = 3;

struct Relay {
    config: PathBuf,
    port: u16,
    child: Option<Child>,
}

impl Relay {
    fn new(dir: &Path, database_url: &str, smtp: u16) -> Self {
        let port = free_port();
        let config = write_config(dir, port, database_url);
        let mut text = std::fs::read_to_string(&config)
            .unwrap()
            .replace("security_contact =", "trusted_proxies = [\"127.0.0.1\"]\nsecurity_contact =")
            .replace(
                "[mail]\n",
                &format!("[mail]\nretry_base_seconds = 1\nmax_attempts = 50\nclaim_seconds = {CLAIM_SECONDS}\n"),
            );
        // A sub-table last, so it takes none of the keys that follow `[mail]`.
        text.push_str(&format!("\n[mail.smtp]\nhost = \"127.0.0.1\"\nport = {smtp}\ntls = \"none\"\n"));
        std::fs::write(&config, text).unwrap();
        Relay { config, port, child: None }
    }

    async fn start(&mut self) {
        let child = Command::new(env!("CARGO_BIN_EXE_relay"))
            .arg("--config")
            .arg(&self.config)
            // The link key is a shared setting: a link made by one relay opens on the other.
            .env("OLA_LINK_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(self.config.with_extension("log")).unwrap())
            .spawn()
            .unwrap();
        self.child = Some(child);
        if ready(self.port).await {
            return;
        }
        let log = std::fs::read_to_string(self.config.with_extension("log")).unwrap_or_default();
        panic!("the relay did not become ready: {log}");
    }

    /// SIGKILL: no shutdown, no flush.
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.kill();
    }
}

struct Proxy(Child);

impl Proxy {
    /// haproxy in front of the relays: round robin, health checks every 200 ms, and a request
    /// that could not reach a relay sent to the other.
    fn start(dir: &Path, port: u16, relays: &[u16]) -> Self {
        let servers: String = relays
            .iter()
            .enumerate()
            .map(|(i, p)| format!("  server relay{i} 127.0.0.1:{p} check inter 200ms fall 1 rise 2\n"))
            .collect();
        let config = format!(
            "global\n  maxconn 1024\n\
             defaults\n  mode http\n  timeout connect 1s\n  timeout client 30s\n  timeout server 30s\n\
             \x20 option forwardfor\n  retries 3\n  option redispatch\n  retry-on conn-failure empty-response\n\
             frontend ola\n  bind 127.0.0.1:{port}\n  default_backend relays\n\
             backend relays\n  balance roundrobin\n  option httpchk GET /health/ready\n{servers}"
        );
        let file = dir.join("haproxy.cfg");
        std::fs::write(&file, config).unwrap();
        let check = Command::new(haproxy()).arg("-c").arg("-q").arg("-f").arg(&file).status().unwrap();
        assert!(check.success(), "haproxy refused its configuration");
        Proxy(
            Command::new(haproxy())
                .arg("-db")
                .arg("-f")
                .arg(&file)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        )
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn haproxy() -> PathBuf {
    ["/usr/sbin/haproxy", "/usr/bin/haproxy"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .expect("haproxy: run scripts/setup to install it from Debian")
}

/// What the clients saw.
#[derive(Default)]
struct Seen {
    /// id -> reference, for each submission acknowledged (201 or 200).
    answered: Mutex<HashMap<String, String>>,
    /// Answers of 500: there must be none.
    server_errors: AtomicUsize,
    /// Connections refused or cut, and the proxy's 502, 503 and 504: each tried again.
    retried: AtomicUsize,
    /// Twins: the same submission sent twice at once, and the references each was given.
    twins: Mutex<Vec<(String, String, String)>>,
}

async fn send(proxy: u16, path: &str, headers: &[(&str, &str)], body: &[u8], seen: &Seen) -> String {
    loop {
        match http(proxy, "POST", path, headers, body).await {
            Some((200 | 201, reply)) => return reply,
            Some((500, reply)) => {
                seen.server_errors.fetch_add(1, Ordering::SeqCst);
                eprintln!("500 from {path}: {reply}");
            }
            Some((status, reply)) if status < 500 && status != 429 => panic!("{path}: {status} {reply}"),
            _ => {
                seen.retried.fetch_add(1, Ordering::SeqCst);
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn field(body: &str, name: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body).unwrap()[name].as_str().unwrap().to_owned()
}

async fn submit(proxy: u16, n: usize, seen: &Seen) {
    let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n%%EOF\n";
    let care_plan = field(&send(proxy, "/api/attachments", &[("x-file-name", "plan.pdf")], pdf, seen).await, "id");
    let id = format!("scale-out-{n:06}-00000000000");
    let body = serde_json::to_vec(&support::envelope(&id, support::consultation(&care_plan))).unwrap();
    let json = [("content-type", "application/json")];
    let reference = if n.is_multiple_of(6) {
        // The same submission twice at once (a double click, a retry racing the original): one case.
        let (a, b) = tokio::join!(
            send(proxy, "/api/consultations", &json, &body, seen),
            send(proxy, "/api/consultations", &json, &body, seen)
        );
        let (a, b) = (field(&a, "reference"), field(&b, "reference"));
        seen.twins.lock().await.push((id.clone(), a.clone(), b));
        a
    } else {
        field(&send(proxy, "/api/consultations", &json, &body, seen).await, "reference")
    };
    seen.answered.lock().await.insert(id, reference);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_relays_behind_haproxy_lose_nothing_through_a_sigkill_and_a_slow_mail_server() {
    if std::env::var("OLA_TEST_POSTGRES_URL").is_err() {
        eprintln!("several relays share one PostgreSQL: this test runs in the PostgreSQL pass");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let database_url = support::database_url(dir.path()).await;
    let inbox = tempfile::tempdir().unwrap();
    let smtp = smtp_port();
    // 50 ms a message for the first 15 s, then quick: a mail server having a slow spell.
    let _mail_server = SmtpServer::slow_for(smtp, inbox.path(), 0.05, 15.0);
    let dirs = [dir.path().join("a"), dir.path().join("b")];
    let mut relays: Vec<Relay> = dirs.iter().map(|d| Relay::new(d, &database_url, smtp)).collect();
    for relay in &mut relays {
        relay.start().await;
    }
    let proxy_port = free_port();
    let _proxy = Proxy::start(dir.path(), proxy_port, &[relays[0].port, relays[1].port]);
    let ready = wait_until(Duration::from_secs(10), async || {
        matches!(http(proxy_port, "GET", "/health/ready", &[], b"").await, Some((200, _)))
    });
    assert!(ready.await, "haproxy did not start");

    let seen = Arc::new(Seen::default());
    let started = Instant::now();
    let killed = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let seen = seen.clone();
        tasks.push(tokio::spawn(async move {
            for n in (client..SUBMISSIONS).step_by(CLIENTS) {
                submit(proxy_port, n, &seen).await;
            }
        }));
    }

    // SIGKILL one relay once a third of the load is answered; the clients carry on through the
    // proxy. Start it again two seconds later, as systemd would.
    while seen.answered.lock().await.len() < SUBMISSIONS / 3 {
        assert!(!tasks.iter().any(|t| t.is_finished()), "a client stopped early: see its panic above");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    relays[0].kill();
    killed.store(true, Ordering::SeqCst);
    let answered_at_kill = seen.answered.lock().await.clone();
    tokio::time::sleep(Duration::from_secs(2)).await;
    relays[0].start().await;
    for t in tasks {
        t.await.unwrap();
    }
    let elapsed = started.elapsed();

    // Nothing acknowledged is lost, no 500, no case twice.
    assert_eq!(seen.server_errors.load(Ordering::SeqCst), 0, "no submission was answered 500");
    let store = relay::store::Store::open(&database_url).await.unwrap();
    let stored: HashMap<String, String> = store.submission_ids().await.unwrap().into_iter().collect();
    let answered = seen.answered.lock().await;
    assert_eq!(answered.len(), SUBMISSIONS);
    assert_eq!(stored.len(), SUBMISSIONS, "one stored submission per id, twins and retries included");
    for (id, reference) in answered.iter() {
        assert_eq!(stored.get(id), Some(reference), "{id}: acknowledged, but missing or changed");
    }
    for (id, reference) in &answered_at_kill {
        assert_eq!(stored.get(id), Some(reference), "{id}: acknowledged before the kill, but missing");
    }
    let twins = seen.twins.lock().await;
    assert!(twins.len() >= SUBMISSIONS / 6);
    for (id, a, b) in twins.iter() {
        assert_eq!(a, b, "{id}: the same submission sent twice at once was given two references");
    }
    let cases = store.cases(KENT).await.unwrap();
    assert_eq!(cases.len(), SUBMISSIONS, "one case per consultation");

    // Every email arrives, each recognisable by its Message-ID: the killed relay's claim lapses
    // and the other sends what it held.
    let all_sent = wait_until(Duration::from_secs(120), async || {
        store.outbox(KENT).await.unwrap().iter().all(|e| e.sent_at.is_some())
    })
    .await;
    let outbox = store.outbox(KENT).await.unwrap();
    assert!(all_sent, "{} of {} emails unsent", outbox.iter().filter(|e| e.sent_at.is_none()).count(), outbox.len());
    assert_eq!(outbox.len(), SUBMISSIONS * 3, "three emails a consultation");
    tokio::time::sleep(Duration::from_secs(CLAIM_SECONDS + 2)).await; // a second sending would arrive by now
    let mut arrivals: BTreeMap<String, usize> = BTreeMap::new();
    for email in received(inbox.path()) {
        *arrivals.entry(message_id(&email)).or_default() += 1;
    }
    let expected: BTreeMap<String, usize> =
        outbox.iter().map(|e| (format!("Message-ID: <ola-outbox-{}@placements.invalid>", e.id), 1)).collect();
    let repeated: usize = arrivals.values().map(|n| n - 1).sum();
    let distinct: Vec<&String> = arrivals.keys().collect();
    assert_eq!(distinct, expected.keys().collect::<Vec<_>>(), "every email arrived, and nothing else");
    // A relay killed between the mail server's "accepted" and recording it leaves those emails to
    // be sent again, with the same Message-ID (a receiving system can tell). That is at most the
    // killed relay's unrecorded group: 20.
    assert!(repeated <= 20, "{repeated} emails arrived twice: more than one unrecorded group");
    eprintln!(
        "scale-out: {SUBMISSIONS} consultations (with their care plans) through haproxy and two relays in {:.1} s, \
         one killed; {} requests retried; {} emails, {repeated} sent twice",
        elapsed.as_secs_f64(),
        seen.retried.load(Ordering::SeqCst),
        outbox.len()
    );
}
