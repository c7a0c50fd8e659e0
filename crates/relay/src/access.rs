//! Who is asking, and what they may do: the one place the relay decides. A caller is the holder
//! of a link for one case (a bearer token from an email) or a signed-in member of a host's staff
//! (a session cookie); everyone else may only submit new requests.
//!
//! What each may do is [`role_may`] for staff and [`link_may`] for links: least privilege, each
//! role reaching only what its work needs. Every handler asks through [`require_case`] or
//! [`require_staff`] with the [`Act`] it performs, and the matrix test (`tests/access.rs`) checks
//! every endpoint against every role and link.
//!
//! A code session holds while its token is signed and unexpired, its account still has the code
//! it was made with and that code has not expired, and it has not been signed out (ended sessions
//! are kept in the database until they would have expired, so every relay refuses them). A single
//! sign-on session holds while its host still uses single sign-on, and until signed out.

use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, COOKIE};
use contract::staff::{AccessAction, StaffRole};

use crate::clock;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::AccessRow;
use crate::tokens::{Grant, Scope, StaffSession};

pub const STAFF_COOKIE: &str = "ola_staff";

/// The header the relay itself sets on every request to the client's address (`client_ip`),
/// replacing any a client sent, so the access log records the address the request came from.
pub const CLIENT_ADDRESS: &str = "x-ola-client-address";

/// Something a caller does that the relay guards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    /// Open a case: everything each person wrote, with the child's details.
    ReadCase,
    /// Download a case's document.
    Download,
    RecordOutcome,
    /// The placing authority's part: notify, withdraw, end, confirm, send documents.
    PlacingChange,
    /// Send a link's holder a new one, or withdraw a link.
    ChangeLinks,
    /// The host's case rows (no child's details in them).
    ListCases,
    /// The children placed in the host's area now, and its CSV (rows without child's details).
    ListPlaced,
    /// The emails the relay queued for the host.
    ReadOutbox,
    /// The management information report, and its CSV and workbook.
    ReadReport,
    /// The access log and its CSV.
    ReadAccessLog,
    /// The accounts and the configuration's checks.
    Administer,
}

/// What each staff role may do: the one table.
pub fn role_may(role: StaffRole, act: Act) -> bool {
    use Act::*;
    match role {
        StaffRole::FrontDoor => {
            matches!(
                act,
                ReadCase | Download | RecordOutcome | ChangeLinks | ListCases | ListPlaced | ReadOutbox | ReadReport
            )
        }
        StaffRole::ServiceManager => matches!(act, ReadCase | Download | RecordOutcome | ListCases),
        StaffRole::ManagementInformation => matches!(act, ListCases | ListPlaced | ReadReport),
        StaffRole::Auditor => act == ReadAccessLog,
        StaffRole::Administrator => act == Administer,
    }
}

/// What an emailed link lets its holder do, for its one case.
pub fn link_may(scope: Scope, act: Act) -> bool {
    match scope {
        Scope::ServiceManager => matches!(act, Act::ReadCase | Act::Download | Act::RecordOutcome),
        Scope::Placing => matches!(act, Act::ReadCase | Act::Download | Act::PlacingChange),
        Scope::Staff | Scope::SignIn => false,
    }
}

/// Whose a link of this scope is, in words.
pub fn link_holder(scope: Scope) -> &'static str {
    match scope {
        Scope::ServiceManager => "The service manager's link",
        Scope::Placing => "The placing social worker's link",
        Scope::Staff | Scope::SignIn => "A staff sign-in",
    }
}

/// A member of staff as the access log names them: "Frankie Door (Front Door)".
pub fn person(name: &str, role: StaffRole) -> String {
    format!("{name} ({})", role.name())
}

/// A signed-in member of a host's staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub session: StaffSession,
    pub name: String,
    pub role: StaffRole,
    /// The code of the host whose staff they are: they see that host's cases only.
    pub host: String,
    /// A service manager's division: they see its cases only.
    pub division: Option<String>,
}

impl Staff {
    /// `role:name`, as the timeline and a withdrawn link record who acted.
    pub fn who(&self) -> String {
        format!("{}:{}", self.role.id(), self.name)
    }

    /// As the access log names them, "Frankie Door (Front Door)", and their account: the code
    /// account's fingerprint or the provider's subject.
    pub fn for_the_log(&self) -> (String, String) {
        let account = match &self.session {
            StaffSession::Code { fingerprint, .. } => format!("code:{}", &fingerprint[..fingerprint.len().min(12)]),
            StaffSession::SingleSignOn { subject, .. } => format!("sso:{subject}"),
        };
        (person(&self.name, self.role), account)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A link holder: what they may do, for which case, by the link's own id.
    Case {
        scope: Scope,
        reference: String,
        link: Option<String>,
    },
    Staff(Staff),
}

impl Caller {
    /// Who, in the access log's words, and their account or link.
    pub fn for_the_log(&self) -> (String, String) {
        match self {
            Caller::Staff(staff) => staff.for_the_log(),
            Caller::Case { scope, link, .. } => (
                link_holder(*scope).to_owned(),
                format!("link:{}", link.as_deref().unwrap_or("(made before links had ids)")),
            ),
        }
    }
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

/// The member of staff a session names, if it still holds.
async fn staff(state: &AppState, subject: &str) -> Result<Option<Staff>, AppError> {
    let Some(session) = StaffSession::parse(subject) else { return Ok(None) };
    let staff = match &session {
        StaffSession::Code { role, fingerprint, .. } => {
            let Some(account) = state.staff_account(role, fingerprint) else { return Ok(None) };
            let codes_taken = state.config.host(&account.host).is_some_and(|h| h.single_sign_on.is_none());
            if !codes_taken || !account.current(clock::uk_today()) {
                return Ok(None);
            }
            Staff {
                name: account.name,
                role: account.role,
                host: account.host,
                division: account.division,
                session: session.clone(),
            }
        }
        StaffSession::SingleSignOn { host, role, division, name, .. } => {
            if state.config.host(host).is_none_or(|h| h.single_sign_on.is_none()) {
                return Ok(None);
            }
            Staff {
                name: name.clone(),
                role: *role,
                host: host.clone(),
                division: division.clone(),
                session: session.clone(),
            }
        }
    };
    if state.store.session_ended(staff.session.id()).await? {
        return Ok(None);
    }
    Ok(Some(staff))
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
                .map(|s| Some(Caller::Staff(s)))
                .ok_or_else(|| AppError::Unauthorised("This session has ended. Sign in again.".into())),
            Scope::SignIn => Err(AppError::Unauthorised("This link is not valid. Ask for a new one.".into())),
            scope => Ok(Some(Caller::Case { scope, reference: subject, link })),
        };
    }
    if let Some(token) = cookie(headers, STAFF_COOKIE)
        && let Ok(Grant { scope: Scope::Staff, subject, .. }) = state.keys.verify(token, now)
    {
        return Ok(staff(state, &subject).await?.map(Caller::Staff));
    }
    Ok(None)
}

/// What a role may not do, said to the person.
fn not_for(role: StaffRole) -> AppError {
    AppError::Forbidden(format!("Your account's role ({}) does not include this.", role.name()))
}

/// A caller who may do `act` to case `reference`: a link holder whose link is for it and allows
/// it, or staff whose role allows it, of the case's host (and, for a service manager, its division).
pub async fn require_case(
    state: &AppState,
    headers: &HeaderMap,
    reference: &str,
    act: Act,
) -> Result<Caller, AppError> {
    match caller(state, headers).await? {
        Some(Caller::Staff(staff)) => {
            if !role_may(staff.role, act) {
                return Err(not_for(staff.role));
            }
            // Another host's case, or another division's, is to them no case at all.
            match state.store.case(reference).await? {
                Some(case)
                    if case.host != staff.host
                        || (staff.role == StaffRole::ServiceManager
                            && staff.division.is_some()
                            && case.division != staff.division) =>
                {
                    Err(AppError::NotFound("There is no consultation with that reference.".into()))
                }
                _ => Ok(Caller::Staff(staff)),
            }
        }
        Some(Caller::Case { scope, reference: r, link }) if r == reference && link_may(scope, act) => {
            Ok(Caller::Case { scope, reference: r, link })
        }
        Some(Caller::Case { .. }) => {
            Err(AppError::Forbidden("Your link is for a different consultation or purpose.".into()))
        }
        None => Err(AppError::Unauthorised("Open this page from the link in your email.".into())),
    }
}

/// A signed-in member of staff whose role may do `act`.
pub async fn require_staff(state: &AppState, headers: &HeaderMap, act: Act) -> Result<Staff, AppError> {
    let staff = signed_in(state, headers).await?;
    if role_may(staff.role, act) { Ok(staff) } else { Err(not_for(staff.role)) }
}

/// Any signed-in member of staff, whatever their role.
pub async fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<Staff, AppError> {
    match caller(state, headers).await? {
        Some(Caller::Staff(staff)) => Ok(staff),
        _ => Err(AppError::Unauthorised("Sign in to see this page.".into())),
    }
}

/// The address the request came from, as the relay found it (never what a client claimed).
pub fn address(headers: &HeaderMap) -> String {
    headers.get(CLIENT_ADDRESS).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// One access, about to be logged.
#[derive(Debug)]
pub struct Access<'a> {
    pub host: Option<&'a str>,
    pub who: String,
    pub account: String,
    pub action: AccessAction,
    pub case: Option<&'a str>,
    pub detail: Option<String>,
}

impl<'a> Access<'a> {
    /// A caller's access to case `reference`: the line is the case's host's.
    pub fn to_case(caller: &Caller, reference: &'a str, action: AccessAction) -> Self {
        let (who, account) = caller.for_the_log();
        Access { host: None, who, account, action, case: Some(reference), detail: None }
    }

    /// A member of staff's access: the line is their host's.
    pub fn by_staff(staff: &'a Staff, action: AccessAction) -> Self {
        let (who, account) = staff.for_the_log();
        Access { host: Some(&staff.host), who, account, action, case: None, detail: None }
    }

    pub fn case(mut self, reference: &'a str) -> Self {
        self.case = Some(reference);
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Appends the line. Before what it records is answered: if the log cannot be written, the
    /// access is refused (the store's error), so nothing is read unlogged.
    pub async fn record(self, state: &AppState, headers: &HeaderMap) -> Result<(), AppError> {
        let row = AccessRow {
            at: clock::timestamp(clock::now()),
            host: self.host.map(str::to_owned),
            who: self.who,
            account: self.account,
            action: self.action.id().to_owned(),
            case_reference: self.case.map(str::to_owned),
            detail: self.detail,
            address: address(headers),
        };
        state.store.record_access(&row).await?;
        Ok(())
    }
}
