//! The auditor's access log: every line of their host's, filtered by period, case and person,
//! a page at a time or whole as CSV. Reading it is itself logged.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use contract::staff::{AccessAction, AccessEntry, AccessLog, AccessLogQuery};
use time::Duration;

use crate::access::{Access, Act, require_staff};
use crate::clock;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::{AccessFilter, AccessRow};

/// The CSV holds up to this many lines; a longer period is asked for in parts.
const CSV_LINES: i64 = 100_000;

fn filter(host: &str, q: &AccessLogQuery) -> AccessFilter {
    // Days are the UK's: a day's lines run from its midnight in London.
    let midnight = |d: placement_rules::Date| clock::timestamp(clock::uk_midnight(d));
    AccessFilter {
        host: host.to_owned(),
        from: q.from.map(midnight),
        to: q.to.map(|d| clock::timestamp(clock::uk_midnight(d) + Duration::days(1))),
        case_prefix: q.case.as_deref().map(|c| c.trim().to_ascii_uppercase()).filter(|c| !c.is_empty()),
        who: q.who.as_deref().map(|w| w.trim().to_lowercase()).filter(|w| !w.is_empty()),
        limit: i64::from(AccessLogQuery::PAGE_SIZE),
        offset: i64::from(q.page() - 1) * i64::from(AccessLogQuery::PAGE_SIZE),
    }
}

fn entry(row: AccessRow) -> Option<AccessEntry> {
    Some(AccessEntry {
        at: row.at,
        who: row.who,
        account: row.account,
        action: AccessAction::from_id(&row.action)?,
        case_reference: row.case_reference,
        detail: row.detail,
        address: row.address,
    })
}

fn query(q: Result<Query<AccessLogQuery>, QueryRejection>) -> Result<AccessLogQuery, AppError> {
    let q = q
        .map(|Query(q)| q)
        .map_err(|_| AppError::BadRequest("The filters could not be read: the dates must be real days.".into()))?;
    if let (Some(from), Some(to)) = (q.from, q.to)
        && to < from
    {
        return Err(AppError::BadRequest("The end date must be the same as or after the start date.".into()));
    }
    Ok(q)
}

/// What the auditor asked for, in words, for the log's own line.
fn asked(q: &AccessLogQuery) -> String {
    let mut parts = Vec::new();
    if let Some(d) = q.from {
        parts.push(format!("from {}", d.long()));
    }
    if let Some(d) = q.to {
        parts.push(format!("to {}", d.long()));
    }
    if let Some(c) = q.case.as_deref().filter(|c| !c.is_empty()) {
        parts.push(format!("case {c}"));
    }
    if let Some(w) = q.who.as_deref().filter(|w| !w.is_empty()) {
        parts.push(format!("who \u{201c}{w}\u{201d}"));
    }
    if parts.is_empty() { "Everything".into() } else { parts.join(", ") }
}

pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<AccessLogQuery>, QueryRejection>,
) -> Result<Json<AccessLog>, AppError> {
    let staff = require_staff(&state, &headers, Act::ReadAccessLog).await?;
    let q = query(q)?;
    Access::by_staff(&staff, AccessAction::ViewedAccessLog).detail(asked(&q)).record(&state, &headers).await?;
    let (total, rows) = state.store.access_log(&filter(&staff.host, &q)).await?;
    let total = u64::try_from(total).unwrap_or_default();
    Ok(Json(AccessLog {
        entries: rows.into_iter().filter_map(entry).collect(),
        total,
        page: q.page(),
        pages: u32::try_from(total.div_ceil(u64::from(AccessLogQuery::PAGE_SIZE))).unwrap_or(u32::MAX).max(1),
        kept_days: state.config.retention.access_log_days,
    }))
}

pub async fn csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<AccessLogQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let staff = require_staff(&state, &headers, Act::ReadAccessLog).await?;
    let q = query(q)?;
    Access::by_staff(&staff, AccessAction::ExportedAccessLog).detail(asked(&q)).record(&state, &headers).await?;
    let mut f = filter(&staff.host, &q);
    (f.limit, f.offset) = (CSV_LINES, 0);
    let (_, rows) = state.store.access_log(&f).await?;
    let mut out = String::from("when,who,account,what,case,detail,address\n");
    for e in rows.into_iter().filter_map(entry) {
        let when = contract::time::uk_time(&e.at).unwrap_or(e.at);
        let cells = [
            &when,
            &e.who,
            &e.account,
            e.action.words(),
            e.case_reference.as_deref().unwrap_or_default(),
            e.detail.as_deref().unwrap_or_default(),
            &e.address,
        ];
        out.push_str(&cells.iter().map(|c| crate::report::field(Some(c))).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    crate::staff::csv_download("ola-access-log", out)
}
