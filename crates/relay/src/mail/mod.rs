//! The outbox worker: sends each email written by a committed submission, by SMTP or into a local
//! mail folder, retrying with exponential backoff and parking an email after repeated failure,
//! where staff can see it. An email is marked sent only after the server has accepted it.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::AsyncSmtpTransportBuilder;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use tokio::sync::Notify;

use crate::clock;
use crate::config::{Mail, SmtpTls};
use crate::store::{OutboxRow, Store};

mod oauth;

pub use oauth::renew_after;

#[derive(Clone)]
pub enum Mailer {
    /// Each email as an `.eml` file in a folder: the product runs with nothing else installed.
    Folder(AsyncFileTransport<Tokio1Executor>),
    /// SMTP with no sign-in, or a username and password.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// SMTP signed in with an OAuth 2.0 access token (XOAUTH2), renewed before it expires.
    OAuth(Arc<OAuthSmtp>),
}

/// The secrets SMTP may need, which come from the environment, never from the configuration file.
#[derive(Default)]
pub struct Secrets {
    pub username: Option<String>,
    pub password: Option<String>,
    pub client_secret: Option<String>,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Which secrets are set, never what they are.
        f.debug_struct("Secrets")
            .field("username", &self.username.is_some())
            .field("password", &self.password.is_some())
            .field("client_secret", &self.client_secret.is_some())
            .finish()
    }
}

impl Secrets {
    /// `OLA_SMTP_USERNAME` and `OLA_SMTP_PASSWORD`; `OLA_SMTP_CLIENT_SECRET` for OAuth.
    pub fn from_env() -> Self {
        let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
        Secrets {
            username: var("OLA_SMTP_USERNAME"),
            password: var("OLA_SMTP_PASSWORD"),
            client_secret: var("OLA_SMTP_CLIENT_SECRET"),
        }
    }
}

pub struct OAuthSmtp {
    builder: AsyncSmtpTransportBuilder,
    user: String,
    tokens: oauth::Tokens,
    /// The transport signed in with the token it was built for; built again when the token changes.
    signed_in: tokio::sync::Mutex<Option<(String, AsyncSmtpTransport<Tokio1Executor>)>>,
}

impl std::fmt::Debug for OAuthSmtp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthSmtp").field("user", &self.user).finish_non_exhaustive()
    }
}

impl OAuthSmtp {
    async fn transport(&self) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
        let token = self.tokens.token().await?;
        let mut signed_in = self.signed_in.lock().await;
        match signed_in.as_ref() {
            Some((held, transport)) if *held == token => Ok(transport.clone()),
            _ => {
                let transport = self
                    .builder
                    .clone()
                    .credentials(Credentials::new(self.user.clone(), token.clone()))
                    .authentication(vec![Mechanism::Xoauth2])
                    .build();
                *signed_in = Some((token, transport.clone()));
                Ok(transport)
            }
        }
    }
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Mailer::Folder(_) => "Mailer::Folder",
            Mailer::Smtp(_) => "Mailer::Smtp",
            Mailer::OAuth(_) => "Mailer::OAuth",
        })
    }
}

impl Mailer {
    /// The mailer the configuration names, with its secrets from the environment.
    pub fn from_config(mail: &Mail) -> Result<Self, String> {
        Self::new(mail, Secrets::from_env())
    }

    pub fn new(mail: &Mail, secrets: Secrets) -> Result<Self, String> {
        let Some(smtp) = &mail.smtp else {
            std::fs::create_dir_all(&mail.folder).map_err(|e| format!("{}: {e}", mail.folder.display()))?;
            return Ok(Mailer::Folder(AsyncFileTransport::new(&mail.folder)));
        };
        let builder = match smtp.tls {
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host),
            SmtpTls::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host).map_err(|e| e.to_string())?
            }
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host).map_err(|e| e.to_string())?,
        };
        let builder = builder.port(smtp.port).timeout(Some(Duration::from_secs(20)));
        if let Some(oauth) = &smtp.oauth {
            let secret = secrets
                .client_secret
                .ok_or("mail.smtp.oauth is set: give the app registration's secret in OLA_SMTP_CLIENT_SECRET")?;
            return Ok(Mailer::OAuth(Arc::new(OAuthSmtp {
                builder,
                user: oauth.user.clone(),
                tokens: oauth::Tokens::new(oauth, secret)?,
                signed_in: tokio::sync::Mutex::new(None),
            })));
        }
        let builder = match (secrets.username, secrets.password) {
            (Some(user), Some(password)) => builder.credentials(Credentials::new(user, password)),
            _ => builder,
        };
        Ok(Mailer::Smtp(builder.build()))
    }

    async fn send(&self, from: &Mailbox, row: &OutboxRow) -> Result<(), String> {
        let to: Mailbox = row.to_addr.parse().map_err(|e| format!("recipient address: {e}"))?;
        let domain = from.email.domain().to_owned();
        let message = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(row.subject.clone())
            // One Message-ID per outbox row: a receiving system can recognise a repeat.
            .message_id(Some(format!("<ola-outbox-{}@{domain}>", row.id)))
            .header(ContentType::TEXT_PLAIN)
            .body(row.body.clone())
            .map_err(|e| e.to_string())?;
        match self {
            Mailer::Folder(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Mailer::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Mailer::OAuth(o) => {
                let sent = o.transport().await?.send(message).await;
                if let Err(e) = &sent
                    && e.is_permanent()
                {
                    // Perhaps the token was revoked early: the next attempt signs in with a new one.
                    o.tokens.forget().await;
                }
                sent.map(|_| ()).map_err(|e| e.to_string())
            }
        }
    }
}

/// How the worker retries, and how long it holds the emails it has taken.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    pub base: Duration,
    pub max_attempts: i64,
    /// How long a claim on due emails lasts; renewed while they are sent, so another relay takes
    /// them only from a relay that has stopped. More than twice the SMTP timeout (20 s).
    pub claim: Duration,
}

/// How long a relay holds the emails it takes, unless configured otherwise.
pub const CLAIM: Duration = Duration::from_secs(120);

impl Retry {
    /// Wait before the next attempt after `attempts` failures: base × 2^(attempts−1), at most an hour.
    pub fn delay(&self, attempts: i64) -> Duration {
        let factor = 2u32.saturating_pow(u32::try_from(attempts.saturating_sub(1)).unwrap_or(u32::MAX).min(16));
        self.base.saturating_mul(factor).min(Duration::from_secs(3600))
    }
}

/// Sends due emails until the process ends. Wakes when a submission commits, or every second.
pub async fn run_outbox(store: Store, mailer: Mailer, from: Mailbox, retry: Retry, wake: Arc<Notify>) {
    loop {
        let sent_any = match deliver_due(&store, &mailer, &from, retry).await {
            Ok(n) => n > 0,
            Err(e) => {
                tracing::error!(error = %e, "outbox: could not read due emails");
                false
            }
        };
        if !sent_any {
            let _ = tokio::time::timeout(Duration::from_secs(1), wake.notified()).await;
        }
    }
}

/// One pass: claim what is due, try each, record the result. Returns how many were tried.
///
/// Each email is sent by exactly one relay: the claim skips emails another relay holds, and is
/// renewed while the batch is sent, so a slow mail server never lets the claim lapse under a relay
/// that is still working. A recording that fails is tried again before the pass gives up.
pub async fn deliver_due(store: &Store, mailer: &Mailer, from: &Mailbox, retry: Retry) -> Result<usize, sqlx::Error> {
    let claim = |now| clock::timestamp(now + retry.claim);
    let mut held_from = clock::now();
    let mut held = claim(held_from);
    // Small batches, so several relays share a long queue.
    let due = store.lease_due(&clock::timestamp(held_from), &held, 20).await?;
    let mut ours: Vec<i64> = due.iter().map(|r| r.id).collect();
    let mut sent = Vec::with_capacity(due.len());
    for row in &due {
        if clock::now() - held_from > retry.claim / 2 {
            // Less than half the claim left: record what went, then renew the claim for what is
            // still to send.
            let at = clock::timestamp(clock::now());
            again(|| store.mark_sent(&sent, &at)).await?;
            sent.clear();
            ours.retain(|id| *id >= row.id);
            held_from = clock::now();
            let renewed = claim(held_from);
            ours = again(|| store.renew_lease(&ours, &held, &renewed)).await?;
            held = renewed;
        }
        if !ours.contains(&row.id) {
            continue;
        }
        let started = std::time::Instant::now();
        let result = mailer.send(from, row).await;
        crate::metrics::email_sent(started, result.is_ok());
        match result {
            Ok(()) => {
                sent.push(row.id);
                // Record sends in small groups: one write for many emails, and after a crash at
                // most a group's worth goes again (at least once, never lost).
                if sent.len() == 20 {
                    let at = clock::timestamp(clock::now());
                    again(|| store.mark_sent(&sent, &at)).await?;
                    sent.clear();
                }
            }
            Err(error) => {
                let attempts = row.attempts + 1;
                let next = clock::timestamp(clock::now() + retry.delay(attempts));
                let parked = (attempts >= retry.max_attempts).then(|| clock::timestamp(clock::now()));
                // The error names the mail server's complaint, never the email's content.
                tracing::warn!(outbox_id = row.id, attempts, parked = parked.is_some(), %error, "outbox: sending failed");
                again(|| store.mark_failed(row.id, attempts, &next, &error, parked.as_deref())).await?;
            }
        }
    }
    let at = clock::timestamp(clock::now());
    again(|| store.mark_sent(&sent, &at)).await?;
    Ok(due.len())
}

/// A write the outbox must not lose, tried up to five times (a busy or restarting database).
async fn again<T, F: std::future::Future<Output = sqlx::Result<T>>>(mut write: impl FnMut() -> F) -> sqlx::Result<T> {
    let mut tries = 1;
    loop {
        match write().await {
            Ok(v) => return Ok(v),
            Err(e) if tries < 5 => {
                tracing::warn!(error = %e, tries, "outbox: recording failed; trying again");
                tokio::time::sleep(Duration::from_millis(200 * tries)).await;
                tries += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_an_hour() {
        let r = Retry { base: Duration::from_secs(5), max_attempts: 10, claim: CLAIM };
        assert_eq!(r.delay(1), Duration::from_secs(5));
        assert_eq!(r.delay(2), Duration::from_secs(10));
        assert_eq!(r.delay(4), Duration::from_secs(40));
        assert_eq!(r.delay(30), Duration::from_secs(3600));
    }
}
