//! Who is asking: the holder of a link for one case (a bearer token from an email), or a
//! signed-in member of staff (a session cookie). Everyone else may only submit new requests.
//!
//! A staff session holds while its token is signed and unexpired, its account still has the
//! sign-in code it was made with, and it has not been signed out (ended sessions are kept in the
//! database until they would have expired, so every relay refuses them).

use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, COOKIE};

use crate::clock;
use crate::error::AppError;
use crate::state::AppState;
use crate::tokens::{Grant, Scope, StaffSession};

pub const STAFF_COOKIE: &str = "ola_staff";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A link holder: what they may do, for which case.
    Case { scope: Scope, reference: String },
    /// A signed-in member of staff: their session, `role:name` as the timeline names them, and the
    /// code of the host whose staff they are: they see that host's cases only.
    Staff { session: StaffSession, who: String, host: String },
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ")
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The staff caller a session names, if it still holds.
async fn staff(state: &AppState, subject: &str) -> Result<Option<Caller>, AppError> {
    let Some(session) = StaffSession::parse(subject) else { return Ok(None) };
    let Some(account) = state.staff_account(&session) else { return Ok(None) };
    if state.store.session_ended(&session.id).await? {
        return Ok(None);
    }
    Ok(Some(Caller::Staff { session, who: format!("{}:{}", account.role.id(), account.name), host: account.host }))
}

/// The caller, if the request carries a valid token or session; an invalid link is an error.
pub async fn caller(state: &AppState, headers: &HeaderMap) -> Result<Option<Caller>, AppError> {
    let now = clock::now();
    if let Some(token) = bearer(headers) {
        let Grant { scope, subject, link } = state
            .keys
            .verify(token, now)
            .map_err(|e| AppError::Unauthorised(format!("This {e}. Ask for a new one.")))?;
        if let Some(id) = &link
            && state.store.link_withdrawn(id).await?
        {
            return Err(AppError::Unauthorised(
                "This link has been replaced or withdrawn. Use the link in the newest email about this case.".into(),
            ));
        }
        return match scope {
            Scope::Staff => staff(state, &subject)
                .await?
                .map(Some)
                .ok_or_else(|| AppError::Unauthorised("This session has ended. Sign in again.".into())),
            scope => Ok(Some(Caller::Case { scope, reference: subject })),
        };
    }
    if let Some(token) = cookie(headers, STAFF_COOKIE)
        && let Ok(Grant { scope: Scope::Staff, subject, .. }) = state.keys.verify(token, now)
    {
        return staff(state, &subject).await;
    }
    Ok(None)
}

/// Staff, or a link holder whose link is for `reference` and one of `scopes`.
pub async fn require_case(
    state: &AppState,
    headers: &HeaderMap,
    reference: &str,
    scopes: &[Scope],
) -> Result<Caller, AppError> {
    match caller(state, headers).await? {
        Some(Caller::Staff { session, who, host }) => {
            // Another host's case is, to this host's staff, no case at all.
            match state.store.case(reference).await? {
                Some(case) if case.host != host => {
                    Err(AppError::NotFound("There is no consultation with that reference.".into()))
                }
                _ => Ok(Caller::Staff { session, who, host }),
            }
        }
        Some(Caller::Case { scope, reference: r }) if r == reference && scopes.contains(&scope) => {
            Ok(Caller::Case { scope, reference: r })
        }
        Some(Caller::Case { .. }) => {
            Err(AppError::Forbidden("Your link is for a different consultation or purpose.".into()))
        }
        None => Err(AppError::Unauthorised("Open this page from the link in your email.".into())),
    }
}

/// A signed-in member of staff: `role:name`, their session, and their host's code.
pub async fn require_staff(state: &AppState, headers: &HeaderMap) -> Result<(String, StaffSession, String), AppError> {
    match caller(state, headers).await? {
        Some(Caller::Staff { session, who, host }) => Ok((who, session, host)),
        _ => Err(AppError::Unauthorised("Sign in to see this page.".into())),
    }
}
