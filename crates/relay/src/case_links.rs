//! The links to a case that emails carried, as the host's Front Door manages them: each one's
//! holder, address and state, and two actions: send its holder a new link (the old one stops
//! opening the case) or withdraw it. A withdrawn link opens nothing on any relay: `access.rs`
//! asks the database on every request that carries one.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use contract::{CaseView, LinkAction, LinkHolder, LinkSent, LinkState};
use placement_rules::Date;
use placement_rules::reference::Reference;

use crate::access::{Access, Act, require_staff};
use crate::cases::{case_or_not_found, view_of};
use crate::clock;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::LinkRow;
use crate::tokens::Scope;
use contract::staff::AccessAction;

/// Who holds a link of this stored scope.
fn holder(scope: &str) -> LinkHolder {
    match Scope::from_name(scope) {
        Some(Scope::ServiceManager) => LinkHolder::ServiceManager,
        _ => LinkHolder::PlacingSocialWorker,
    }
}

/// A stored link as Front Door reads it, `now` deciding whether it has expired.
pub fn link_sent(row: &LinkRow, now: &str) -> LinkSent {
    let day = |at: &str| {
        time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339)
            .map(clock::uk_date)
            .ok()
            .or_else(|| Date::parse_iso(at.get(..10)?))
            .unwrap_or_else(clock::uk_today)
    };
    let state = match (&row.withdrawn_at, &row.replaced_by) {
        (Some(_), Some(_)) => LinkState::Replaced,
        (Some(_), None) => LinkState::Withdrawn,
        (None, _) if row.expires_at.as_str() <= now => LinkState::Expired,
        (None, _) => LinkState::Open,
    };
    LinkSent {
        id: row.id.clone(),
        holder: holder(&row.scope),
        to: row.recipient.clone(),
        sent_on: day(&row.issued_at),
        expires_on: day(&row.expires_at),
        state,
    }
}

/// `POST /api/cases/{reference}/links/{id}` with a [`LinkAction`]: Front Door of the case's host
/// only. Answers the case as Front Door now sees it.
pub async fn act(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((reference, id)): Path<(String, String)>,
    Json(action): Json<LinkAction>,
) -> Result<Json<CaseView>, AppError> {
    let not_found = || AppError::NotFound("There is no consultation with that reference.".into());
    let reference = Reference::parse(&reference).ok_or_else(not_found)?.to_string();
    let staff = require_staff(&state, &headers, Act::ChangeLinks).await?;
    let (who, host) = (staff.who(), staff.host.clone());
    let case = case_or_not_found(&state, &reference).await?;
    if case.host != host {
        return Err(not_found());
    }
    let links = state.store.case_links(&reference).await?;
    let link =
        links.iter().find(|l| l.id == id).ok_or_else(|| AppError::NotFound("This case has no such link.".into()))?;
    if link.withdrawn_at.is_some() {
        return Err(AppError::Conflict("This link was already withdrawn or replaced.".into()));
    }
    let scope = Scope::from_name(&link.scope).ok_or_else(|| AppError::internal("a stored link's scope is unknown"))?;
    let holder = holder(&link.scope).label().to_lowercase();
    let name = &staff.name;
    let (replacement, timeline) = match action {
        LinkAction::SendNew => {
            let email = state
                .routing
                .new_link(&host, scope, &reference, &link.recipient, case.division.as_ref())
                .ok_or_else(|| AppError::internal("the case's host is not configured"))?;
            (
                Some(email),
                format!(
                    "Front Door ({name}) sent the {holder} a new link; the one it replaces no longer opens the case"
                ),
            )
        }
        LinkAction::Withdraw => {
            (None, format!("Front Door ({name}) withdrew the {holder}'s link; it no longer opens the case"))
        }
    };
    if !state.store.withdraw_link(&reference, &id, &who, replacement.as_ref(), &timeline).await? {
        return Err(AppError::Conflict("This link was already withdrawn or replaced.".into()));
    }
    state.written.notify_one();
    let logged = match action {
        LinkAction::SendNew => AccessAction::LinkReissued,
        LinkAction::Withdraw => AccessAction::LinkWithdrawn,
    };
    Access::by_staff(&staff, logged)
        .case(&reference)
        .detail(format!("{}, link {id}", crate::access::link_holder(scope)))
        .record(&state, &headers)
        .await?;
    tracing::info!(action = ?action, "case link changed by Front Door");
    Ok(Json(view_of(&state, contract::Viewer::Staff, &reference, true).await?))
}

/// The case's links as Front Door reads them.
pub async fn links_of(state: &AppState, reference: &str) -> Result<Vec<LinkSent>, AppError> {
    let now = clock::timestamp(clock::now());
    Ok(state.store.case_links(reference).await?.iter().map(|l| link_sent(l, &now)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(withdrawn: bool, replaced: bool, expires: &str) -> LinkRow {
        LinkRow {
            id: "abc".into(),
            scope: "service-manager".into(),
            recipient: "sm@kent.invalid".into(),
            issued_at: "2026-11-30T23:30:00.000000Z".into(),
            expires_at: expires.into(),
            withdrawn_at: withdrawn.then(|| "2026-12-01T10:00:00.000000Z".into()),
            withdrawn_by: withdrawn.then(|| "front-door:Jo".into()),
            replaced_by: replaced.then(|| "def".into()),
        }
    }

    #[test]
    fn a_link_reads_as_open_expired_withdrawn_or_replaced_with_uk_dates() {
        let now = "2026-12-03T12:00:00.000000Z";
        let open = link_sent(&row(false, false, "2026-12-30T23:30:00.000000Z"), now);
        assert_eq!((open.state, open.holder), (LinkState::Open, LinkHolder::ServiceManager));
        // 23:30 UTC on 30 November is 23:30 in London (GMT); on 30 June it would be 1 July.
        assert_eq!(open.sent_on.to_string(), "2026-11-30");
        assert_eq!(link_sent(&row(false, false, "2026-12-02T00:00:00.000000Z"), now).state, LinkState::Expired);
        assert_eq!(link_sent(&row(true, false, "2026-12-30T00:00:00.000000Z"), now).state, LinkState::Withdrawn);
        assert_eq!(link_sent(&row(true, true, "2026-12-30T00:00:00.000000Z"), now).state, LinkState::Replaced);
    }
}
