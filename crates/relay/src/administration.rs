//! The administrator's page: the host's staff accounts (never their codes) and the checks an
//! administrator runs before asking anyone else: the database, the postcode table, the outbox,
//! and single sign-on's secret. Reading it is logged.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use contract::staff::{AccessAction, AccountView, Administration, Check};
use placement_rules::Date;

use crate::access::{Access, Act, require_staff};
use crate::clock;
use crate::config::SingleSignOn;
use crate::error::AppError;
use crate::state::AppState;

pub async fn show(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<Administration>, AppError> {
    let staff = require_staff(&state, &headers, Act::Administer).await?;
    let host = state.host(&staff.host)?;
    let today = clock::uk_today();
    let mut accounts: Vec<AccountView> = state
        .staff()
        .iter()
        .filter(|a| a.host == staff.host)
        .map(|a| AccountView {
            name: a.name.clone(),
            role: a.role,
            division: a.division.as_deref().map(|d| host.division_named(d)),
            expires_on: a.expires_on.as_deref().and_then(Date::parse_iso),
            expired: !a.current(today),
        })
        .collect();
    accounts.sort_by(|a, b| a.name.cmp(&b.name));
    let database = state.store.ping().await.is_ok();
    let (waiting, parked) = state.store.outbox_depth().await.unwrap_or_default();
    let mut checks = vec![
        Check { what: "The database answers".into(), passed: database && state.store.writes_healthy() },
        Check { what: "The postcode table is loaded".into(), passed: !state.postcodes.is_empty() },
        Check { what: format!("Emails waiting to go: {waiting}"), passed: true },
        Check { what: format!("Emails given up on after their last attempt: {parked}"), passed: parked == 0 },
    ];
    match &host.single_sign_on {
        Some(_) => checks.push(Check {
            what: format!(
                "Single sign-on is on; its client secret is set ({})",
                SingleSignOn::secret_variable(&host.authority)
            ),
            passed: std::env::var(SingleSignOn::secret_variable(&host.authority)).is_ok_and(|s| !s.trim().is_empty()),
        }),
        None => checks
            .push(Check { what: "Staff sign in with personal codes (single sign-on is off)".into(), passed: true }),
    }
    let expired = accounts.iter().filter(|a| a.expired).count();
    checks.push(Check { what: format!("Accounts whose code has expired: {expired}"), passed: expired == 0 });
    Access::by_staff(&staff, AccessAction::ViewedAccounts).record(&state, &headers).await?;
    Ok(Json(Administration { accounts, checks }))
}
