//! SMTP sign-in by OAuth 2.0 (XOAUTH2), as Microsoft 365 requires once basic authentication is off:
//! an access token from the tenant's token endpoint by the client-credentials grant, kept until
//! three quarters of its life have passed and then fetched again, so no email waits on an expired one.

use std::time::{Duration, Instant};

use oauth2::basic::BasicClient;
use oauth2::{AuthType, ClientId, ClientSecret, EndpointNotSet, EndpointSet, Scope, TokenResponse, TokenUrl};
use tokio::sync::Mutex;

use crate::config::SmtpOAuth;

type Client = BasicClient<EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// Fetches and keeps the access token the relay signs in to the mail server with.
pub struct Tokens {
    client: Client,
    http: reqwest::Client,
    scope: String,
    held: Mutex<Option<Held>>,
}

struct Held {
    token: String,
    renew_at: Instant,
}

/// When a token lasting `lifetime` is fetched again: after three quarters of it, so a slow batch of
/// emails never signs in with one about to expire. A token that does not say how long it lasts is
/// kept for a minute.
pub fn renew_after(lifetime: Option<Duration>) -> Duration {
    lifetime.map_or(Duration::from_secs(60), |l| l.mul_f64(0.75))
}

impl Tokens {
    pub fn new(oauth: &SmtpOAuth, client_secret: String) -> Result<Self, String> {
        let token_url =
            TokenUrl::new(oauth.token_url.clone()).map_err(|e| format!("mail.smtp.oauth.token_url: {e}"))?;
        let client = BasicClient::new(ClientId::new(oauth.client_id.clone()))
            .set_client_secret(ClientSecret::new(client_secret))
            .set_token_uri(token_url)
            // Microsoft's token endpoint takes the client's credentials in the request body.
            .set_auth_type(AuthType::RequestBody);
        let http = reqwest::Client::builder()
            // A token endpoint that redirects is not followed: the secret goes only where configured.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(20))
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        Ok(Tokens { client, http, scope: oauth.scope.clone(), held: Mutex::new(None) })
    }

    /// A token good for a while yet: the one held, or a new one.
    pub async fn token(&self) -> Result<String, String> {
        let mut held = self.held.lock().await;
        if let Some(h) = held.as_ref().filter(|h| Instant::now() < h.renew_at) {
            return Ok(h.token.clone());
        }
        let fetched = Instant::now();
        let response = self
            .client
            .exchange_client_credentials()
            .add_scope(Scope::new(self.scope.clone()))
            .request_async(&self.http)
            .await
            // The error names the endpoint's complaint; it never carries the secret.
            .map_err(|e| format!("could not get a token for the mail server: {}", describe(&e)))?;
        let token = response.access_token().secret().clone();
        *held = Some(Held { token: token.clone(), renew_at: fetched + renew_after(response.expires_in()) });
        tracing::info!(valid_for = ?response.expires_in(), "mail: new access token for the mail server");
        Ok(token)
    }

    /// Forgets the token held: the mail server refused it, so the next attempt fetches another.
    pub async fn forget(&self) {
        *self.held.lock().await = None;
    }
}

fn describe<RE: std::error::Error + 'static>(
    e: &oauth2::RequestTokenError<RE, oauth2::basic::BasicErrorResponse>,
) -> String {
    match e {
        oauth2::RequestTokenError::ServerResponse(r) => r.to_string(),
        oauth2::RequestTokenError::Request(e) => {
            let mut text = e.to_string();
            let mut source = e.source();
            while let Some(s) = source {
                text.push_str(&format!(": {s}"));
                source = s.source();
            }
            text
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_renewed_after_three_quarters_of_its_life() {
        assert_eq!(renew_after(Some(Duration::from_secs(3600))), Duration::from_secs(2700));
        assert_eq!(renew_after(Some(Duration::from_secs(8))), Duration::from_secs(6));
        assert_eq!(renew_after(None), Duration::from_secs(60));
    }
}
