//! Single sign-on: a host's staff sign in with their council account through its identity
//! provider (OpenID Connect, authorisation code with PKCE, by the `openidconnect` crate; written
//! for Microsoft Entra ID, and any certified provider works).
//!
//! `GET /api/sso/{host}/start` sends the browser to the provider with a fresh state, nonce and
//! PKCE challenge, which it keeps in a signed cookie for ten minutes. The provider sends the
//! browser back to `GET /api/sso/callback`; the relay checks the state, exchanges the code with
//! the verifier and its client secret, verifies the ID token (signature, issuer, audience, expiry,
//! nonce), and maps the token's roles claim to a role through the host's configuration. A person
//! whose claims give no role is not signed in. Every outcome is in the access log.

use std::collections::HashMap;
use std::time::{Duration as StdDuration, Instant};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use contract::paths;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl,
    Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, TokenResponse,
};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use time::Duration;

use crate::access::{Staff, cookie};
use crate::clock;
use crate::config::{Host, SingleSignOn};
use crate::error::AppError;
use crate::state::AppState;
use crate::tokens::{Grant, Scope, StaffSession, random_id};

/// The cookie that carries a sign-in under way from the start to the callback.
const PENDING_COOKIE: &str = "ola_sign_in";
const PENDING_MINUTES: i64 = 10;
/// How long a provider's discovery document (with its signing keys) is used before it is read again.
const METADATA_FOR: StdDuration = StdDuration::from_secs(3600);

/// What the start hands the callback, signed so no one else can make one.
#[derive(Debug, Serialize, Deserialize)]
struct Pending {
    host: String,
    state: String,
    nonce: String,
    verifier: String,
}

/// The providers' discovery documents, each read when first needed (a provider that is down does
/// not stop the relay starting) and kept for an hour.
#[derive(Debug)]
pub struct Providers {
    http: reqwest::Client,
    metadata: tokio::sync::Mutex<HashMap<String, (Instant, CoreProviderMetadata)>>,
}

impl Default for Providers {
    fn default() -> Self {
        Self {
            // No redirects: following them from a provider's answers would open the relay to
            // requests it never meant to make.
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(StdDuration::from_secs(15))
                .build()
                .unwrap_or_default(),
            metadata: tokio::sync::Mutex::new(HashMap::new()),
        }
    }
}

impl Providers {
    async fn metadata(&self, issuer: &str) -> Result<CoreProviderMetadata, String> {
        // Held while the document is read, so sign-ins arriving together read it once.
        let mut cache = self.metadata.lock().await;
        if let Some((at, md)) = cache.get(issuer)
            && at.elapsed() < METADATA_FOR
        {
            return Ok(md.clone());
        }
        let url = IssuerUrl::new(issuer.to_owned()).map_err(|e| e.to_string())?;
        let md = CoreProviderMetadata::discover_async(url, &self.http).await.map_err(|e| e.to_string())?;
        cache.insert(issuer.to_owned(), (Instant::now(), md.clone()));
        Ok(md)
    }

    /// Forgets a provider's document, so the next sign-in reads its keys afresh.
    async fn forget(&self, issuer: &str) {
        self.metadata.lock().await.remove(issuer);
    }
}

/// Why a sign-in did not happen, as the app's page for it is named.
#[derive(Debug, Clone, Copy)]
enum Problem {
    /// The account has no role in this service.
    NoRole,
    /// The provider refused, or the answer did not check out.
    Failed,
    /// The provider could not be reached, or the relay is not set up for it.
    Unavailable,
}

impl Problem {
    fn page(self) -> String {
        let reason = match self {
            Problem::NoRole => "no-role",
            Problem::Failed => "failed",
            Problem::Unavailable => "unavailable",
        };
        format!("/staff/sign-in-problem/{reason}")
    }
}

fn see_other(to: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    response
}

fn pending_cookie(state: &AppState, value: &str, max_age: i64) -> Option<HeaderValue> {
    let secure = if state.config.server.public_url.starts_with("https:") { "; Secure" } else { "" };
    // Lax, not Strict: the provider's redirect back is a top-level navigation from its site.
    HeaderValue::from_str(&format!(
        "{PENDING_COOKIE}={value}; Path=/api/sso; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .ok()
}

struct Configured<'a> {
    host: &'a Host,
    sso: &'a SingleSignOn,
    secret: String,
}

fn configured<'a>(state: &'a AppState, code: &str) -> Option<Configured<'a>> {
    let host = state.config.host(code)?;
    let sso = host.single_sign_on.as_ref()?;
    let secret = std::env::var(SingleSignOn::secret_variable(&host.authority)).ok().filter(|s| !s.trim().is_empty())?;
    Some(Configured { host, sso, secret })
}

/// The client as the provider's discovery document makes it: its authorisation and token
/// endpoints from the document, the user-info one if it gives one.
type Client =
    CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointMaybeSet>;

/// The relay as the host's provider's client, from the provider's document (read, or kept).
async fn client(state: &AppState, c: &Configured<'_>) -> Result<Client, String> {
    let metadata = state.sso.metadata(&c.sso.issuer).await?;
    let redirect =
        RedirectUrl::new(format!("{}{}", state.config.server.public_url.trim_end_matches('/'), paths::SSO_CALLBACK))
            .map_err(|e| e.to_string())?;
    Ok(CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(c.sso.client_id.clone()),
        Some(ClientSecret::new(c.secret.clone())),
    )
    .set_redirect_uri(redirect))
}

pub async fn start(State(state): State<AppState>, Path(host): Path<String>) -> Result<Response, AppError> {
    if state.config.host(&host).is_none_or(|h| h.single_sign_on.is_none()) {
        return Err(AppError::NotFound(format!("{host} does not use single sign-on here.")));
    }
    let Some(c) = configured(&state, &host) else {
        tracing::error!(host = %host, variable = %SingleSignOn::secret_variable(&host), "single sign-on has no client secret");
        return Ok(see_other(&Problem::Unavailable.page()));
    };
    let client = match client(&state, &c).await {
        Ok(client) => client,
        Err(e) => {
            tracing::warn!(host = %host, error = %e, "the identity provider's discovery document could not be read");
            return Ok(see_other(&Problem::Unavailable.page()));
        }
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf, nonce) = client
        .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
        .add_scope(openidconnect::Scope::new("profile".into()))
        .add_scope(openidconnect::Scope::new("email".into()))
        .set_pkce_challenge(challenge)
        .url();
    let pending = Pending {
        host: c.host.authority.clone(),
        state: csrf.secret().clone(),
        nonce: nonce.secret().clone(),
        verifier: verifier.secret().clone(),
    };
    let pending = serde_json::to_string(&pending).map_err(AppError::internal)?;
    let token = state.keys.issue(Scope::SignIn, &pending, clock::now() + Duration::minutes(PENDING_MINUTES));
    let mut response = see_other(url.as_str());
    if let Some(v) = pending_cookie(&state, &token, PENDING_MINUTES * 60) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub struct Answer {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// Who the provider says signed in, from a verified ID token.
struct Person {
    subject: String,
    name: String,
    roles: Vec<String>,
}

pub async fn callback(State(state): State<AppState>, headers: HeaderMap, Query(answer): Query<Answer>) -> Response {
    let pending = cookie(&headers, PENDING_COOKIE)
        .and_then(|t| state.keys.verify(t, clock::now()).ok())
        .filter(|g| g.scope == Scope::SignIn)
        .and_then(|Grant { subject, .. }| serde_json::from_str::<Pending>(&subject).ok());
    let outcome = match pending {
        None => Err((
            None,
            "No sign-in was under way in this browser, or it took longer than 10 minutes".to_owned(),
            Problem::Failed,
        )),
        Some(p) => {
            signed_in(&state, &headers, &p, &answer).await.map_err(|(why, problem)| (Some(p.host), why, problem))
        }
    };
    let mut response = match outcome {
        Ok(cookie) => {
            let mut response = see_other("/staff");
            response.headers_mut().append(header::SET_COOKIE, cookie);
            response
        }
        Err((host, why, problem)) => {
            tracing::warn!(reason = %why, "single sign-on did not sign anyone in");
            let logged =
                crate::staff::failed_sign_in(host.as_deref(), "Someone signing in through single sign-on".into(), why)
                    .record(&state, &headers)
                    .await;
            if let Err(e) = logged {
                tracing::error!(error = %e, "a failed sign-in was not written to the access log");
            }
            see_other(&problem.page())
        }
    };
    if let Some(v) = pending_cookie(&state, "", 0) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// The staff session's cookie for a verified answer; or why not, in the access log's words.
async fn signed_in(
    state: &AppState,
    headers: &HeaderMap,
    pending: &Pending,
    answer: &Answer,
) -> Result<HeaderValue, (String, Problem)> {
    let failed = |why: &str| (why.to_owned(), Problem::Failed);
    let c = configured(state, &pending.host)
        .ok_or(("Single sign-on is no longer set up for this council".to_owned(), Problem::Unavailable))?;
    if let Some(error) = &answer.error {
        return Err(failed(&format!("The identity provider refused: {}", printable(error))));
    }
    let given = answer.state.as_deref().unwrap_or_default();
    if !bool::from(given.as_bytes().ct_eq(pending.state.as_bytes())) {
        return Err(failed("The answer did not match the sign-in this browser started"));
    }
    let code = answer.code.clone().ok_or_else(|| failed("The identity provider sent no code"))?;
    let person = match verified(state, &c, pending, code).await {
        Ok(person) => person,
        Err(e) => {
            // Perhaps the provider changed its keys: read them afresh next time.
            state.sso.forget(&c.sso.issuer).await;
            return Err(failed(&format!("The identity provider's answer did not check out: {e}")));
        }
    };
    let Some(mapping) = c.sso.role.iter().find(|m| person.roles.iter().any(|r| r == &m.claim)) else {
        tracing::info!(host = %c.host.authority, "a council account with no role in this service tried to sign in");
        return Err((format!("{}'s account has no role in this service", person.name), Problem::NoRole));
    };
    let staff = Staff {
        session: StaffSession::SingleSignOn {
            host: c.host.authority.clone(),
            role: mapping.role,
            division: mapping.division.clone(),
            name: person.name.clone(),
            subject: person.subject,
            id: random_id().map_err(|e| failed(&e))?,
        },
        name: person.name,
        role: mapping.role,
        host: c.host.authority.clone(),
        division: mapping.division.clone(),
    };
    let how = format!("Through {}'s single sign-on", c.host.short_name);
    crate::staff::start_session(state, &staff, &how, headers).await.map_err(|e| failed(&e.to_string()))
}

/// Exchanges the code and verifies the ID token; reads the person from it.
async fn verified(state: &AppState, c: &Configured<'_>, pending: &Pending, code: String) -> Result<Person, String> {
    let client = client(state, c).await?;
    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|e| e.to_string())?
        .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier.clone()))
        .request_async(&state.sso.http)
        .await
        .map_err(|e| match e {
            openidconnect::RequestTokenError::ServerResponse(r) => format!("the token endpoint said {}", r.error()),
            other => format!("the token endpoint could not be used ({})", printable(&other.to_string())),
        })?;
    let id_token = tokens.id_token().ok_or("no ID token came back")?;
    let claims =
        id_token.claims(&client.id_token_verifier(), &Nonce::new(pending.nonce.clone())).map_err(|e| e.to_string())?;
    let subject = claims.subject().to_string();
    let name = claims
        .name()
        .and_then(|n| n.get(None))
        .map(|n| n.to_string())
        .or_else(|| claims.preferred_username().map(|u| u.to_string()))
        .or_else(|| claims.email().map(|e| e.to_string()))
        .unwrap_or_else(|| subject.clone());
    // The roles claim is not a standard one: read it from the token's payload, which the
    // signature just checked covers.
    let payload = id_token.to_string();
    let payload = payload.split('.').nth(1).ok_or("the ID token is not a signed JWT")?;
    let payload: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    let roles = match payload.get(&c.sso.roles_claim) {
        Some(serde_json::Value::Array(values)) => values.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
        Some(serde_json::Value::String(one)) => one.split_whitespace().map(str::to_owned).collect(),
        _ => Vec::new(),
    };
    Ok(Person { subject, name: printable(&name), roles })
}

/// A provider's text as a page or the log may show it: no control characters, not too long.
fn printable(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).take(100).collect::<String>().trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_provider_s_text_is_cut_to_what_a_page_shows() {
        assert_eq!(printable(" Ada\u{7}\nLovelace "), "AdaLovelace");
        assert_eq!(printable(&"x".repeat(300)).len(), 100);
    }
}
