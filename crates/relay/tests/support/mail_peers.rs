//! Real mail peers for the tests: an SMTP server (aiosmtpd, from PyPI) and an OAuth server
//! (`oidc-provider`, from npm), each a process of its own, and what the SMTP server received.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

fn python() -> PathBuf {
    std::env::var_os("OLA_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.tools/py/bin/python"))
}

pub const NOTHING_LISTENS: u16 = 1;

/// A port for the SMTP server that nothing else will take while it is down: below the kernel's
/// ephemeral range (32768 and up), which is where "any free port" requests are served from. Each
/// call in a test process starts its search past the last one's, so two tests starting their
/// servers at once never pick the same port.
pub fn smtp_port() -> u16 {
    use std::sync::atomic::{AtomicU16, Ordering};
    static NEXT: AtomicU16 = AtomicU16::new(0);
    let _ =
        NEXT.compare_exchange(0, 20_000 + (std::process::id() % 1_000) as u16 * 10, Ordering::SeqCst, Ordering::SeqCst);
    loop {
        let port = NEXT.fetch_add(1, Ordering::SeqCst);
        let port = if port >= 30_000 {
            NEXT.store(20_001, Ordering::SeqCst);
            20_000
        } else {
            port
        };
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

pub struct SmtpServer(pub Child);

impl SmtpServer {
    pub fn start(port: u16, folder: &Path) -> Self {
        Self::slow(port, folder, 0.0)
    }

    /// A server that takes `seconds` over each message.
    pub fn slow(port: u16, folder: &Path, seconds: f64) -> Self {
        Self::run(&[port.to_string(), folder.display().to_string(), seconds.to_string()])
    }

    /// A server that takes `seconds` over each message for its first `for_seconds`, then recovers.
    pub fn slow_for(port: u16, folder: &Path, seconds: f64, for_seconds: f64) -> Self {
        Self::run(&[
            port.to_string(),
            folder.display().to_string(),
            seconds.to_string(),
            "--slow-for".into(),
            for_seconds.to_string(),
        ])
    }

    /// A server that, as Exchange Online does, takes mail only after an XOAUTH2 sign-in as `user`
    /// with a token the OAuth server says is active.
    pub fn xoauth2(port: u16, folder: &Path, oauth: &OAuthServer, user: &str) -> Self {
        let introspection = format!("{}/token/introspection", oauth.url());
        Self::run(&[port.to_string(), folder.display().to_string(), "--xoauth2".into(), introspection, user.into()])
    }

    fn run(args: &[String]) -> Self {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_sink.py");
        let mut child = Command::new(python())
            .arg(script)
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{}: {e}: run scripts/setup to install aiosmtpd", python().display()));
        let mut line = String::new();
        use std::io::BufRead;
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP server did not start");
        SmtpServer(child)
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The OAuth server (`oidc-provider`, from npm) that issues the relay its mail tokens.
pub struct OAuthServer {
    child: Child,
    port: u16,
}

impl OAuthServer {
    /// Its tokens last `token_seconds`.
    pub fn start(token_seconds: u64) -> Self {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/oidc/provider.mjs");
        let mut child = Command::new("node")
            .arg(script)
            .arg("0")
            .arg(token_seconds.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("node: {e}: run scripts/setup to install Node.js packages"));
        let mut line = String::new();
        use std::io::BufRead;
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        // It takes a free port itself and says which: no other test can take it first.
        let port = line
            .trim()
            .strip_prefix("ready ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("the OAuth server did not start (npm ci installs oidc-provider): {line:?}"));
        OAuthServer { child, port }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for OAuthServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn received(folder: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(folder)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                .map(|e| std::fs::read_to_string(e.path()).unwrap())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

pub fn message_id(email: &str) -> String {
    email.lines().find(|l| l.to_ascii_lowercase().starts_with("message-id:")).unwrap_or("").to_owned()
}
