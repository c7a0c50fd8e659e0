//! Who is asking: the holder of a link for one case (a bearer token from an email), or a
//! signed-in member of staff (a session cookie). Everyone else may only submit new requests.

use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, COOKIE};

use crate::clock;
use crate::error::AppError;
use crate::state::AppState;
use crate::tokens::{Grant, Scope};

pub const STAFF_COOKIE: &str = "ola_staff";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A link holder: what they may do, for which case.
    Case { scope: Scope, reference: String },
    /// `role:name`
    Staff(String),
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ")
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The caller, if the request carries a valid token or session; an invalid one is an error.
pub fn caller(state: &AppState, headers: &HeaderMap) -> Result<Option<Caller>, AppError> {
    let now = clock::now();
    if let Some(token) = bearer(headers) {
        let Grant { scope, subject } = state
            .keys
            .verify(token, now)
            .map_err(|e| AppError::Unauthorised(format!("This {e}. Ask for a new one.")))?;
        return Ok(Some(match scope {
            Scope::Staff if state.is_staff(&subject) => Caller::Staff(subject),
            Scope::Staff => return Err(AppError::Unauthorised("This account has been removed.".into())),
            scope => Caller::Case { scope, reference: subject },
        }));
    }
    if let Some(token) = cookie(headers, STAFF_COOKIE)
        && let Ok(Grant { scope: Scope::Staff, subject }) = state.keys.verify(token, now)
        && state.is_staff(&subject)
    {
        return Ok(Some(Caller::Staff(subject)));
    }
    Ok(None)
}

/// Staff, or a link holder whose link is for `reference` and one of `scopes`.
pub fn require_case(
    state: &AppState,
    headers: &HeaderMap,
    reference: &str,
    scopes: &[Scope],
) -> Result<Caller, AppError> {
    match caller(state, headers)? {
        Some(c @ Caller::Staff(_)) => Ok(c),
        Some(Caller::Case { scope, reference: r }) if r == reference && scopes.contains(&scope) => {
            Ok(Caller::Case { scope, reference: r })
        }
        Some(Caller::Case { .. }) => {
            Err(AppError::Forbidden("Your link is for a different consultation or purpose.".into()))
        }
        None => Err(AppError::Unauthorised("Open this page from the link in your email.".into())),
    }
}

pub fn require_staff(state: &AppState, headers: &HeaderMap) -> Result<String, AppError> {
    match caller(state, headers)? {
        Some(Caller::Staff(who)) => Ok(who),
        _ => Err(AppError::Unauthorised("Sign in to see this page.".into())),
    }
}
