//! A host's staff: sign in with a personal code (the staff file holds only its SHA-256, and the day
//! it stops working) or through the council's identity provider (`sso.rs`), then see what their
//! role allows (`access::role_may`): the cases with their status and reply deadline, the children
//! placed here, the outbox, and the management information report as JSON, CSV or a workbook.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use contract::queue::{self, CaseQuery, CaseQueue, Due};
use contract::report::ReportQuery;
use contract::staff::{AccessAction, SignInMethods, SingleSignOn, StaffRole};
use contract::{Me, QueuedEmail, SignIn, StaffCaseList, paths};
use time::Duration;

use crate::access::{Access, Act, STAFF_COOKIE, Staff, require_staff, signed_in};
use crate::clock;
use crate::error::AppError;
use crate::report;
use crate::state::AppState;
use crate::store::{CaseRow, OutboxRow, QueueFilter, ReplyDue};
use crate::tokens::{Scope, StaffSession, same_digest, sha256_hex};

const SESSION_HOURS: i64 = 8;

fn cookie(state: &AppState, value: &str, max_age: i64) -> Result<HeaderValue, AppError> {
    let secure = if state.config.server.public_url.starts_with("https:") { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{STAFF_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .map_err(AppError::internal)
}

/// Signs in with a personal code: each account is one named person's, with an expiry, and a host
/// that uses single sign-on takes no codes. Every try is in the access log.
pub async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(form): Json<SignIn>,
) -> Result<Response, AppError> {
    let digest = sha256_hex(form.token.trim());
    // Compare with every account, so the time taken says nothing about which nearly matched.
    let mut found = None;
    let staff = state.staff();
    for account in staff.iter() {
        if same_digest(&account.token_sha256, &digest) {
            found = Some(account);
        }
    }
    let Some(account) = found else {
        failed_sign_in(None, "Someone with a sign-in code".into(), "The code matched no account".into())
            .record(&state, &headers)
            .await?;
        return Err(AppError::Unauthorised("The sign-in code is not right. Check it and enter it again".into()));
    };
    let who = crate::access::person(&account.name, account.role);
    let host = state.host(&account.host)?;
    if host.single_sign_on.is_some() {
        failed_sign_in(Some(&account.host), who, "Sign-in codes are off: single sign-on is on".into())
            .record(&state, &headers)
            .await?;
        return Err(AppError::Unauthorised(format!(
            "{} staff sign in with their council account, not a code. Choose \u{201c}Sign in with your {} account\u{201d}.",
            host.short_name, host.short_name
        )));
    }
    let today = clock::uk_today();
    if !account.current(today) {
        let last = account
            .expires_on
            .as_deref()
            .and_then(placement_rules::Date::parse_iso)
            .map(|d| d.long())
            .unwrap_or_default();
        failed_sign_in(Some(&account.host), who, format!("The code expired on {last}"))
            .record(&state, &headers)
            .await?;
        return Err(AppError::Unauthorised(format!(
            "Your sign-in code stopped working on {last}. Ask your administrator for a new one."
        )));
    }
    let session = StaffSession::new(account.role.id(), &account.token_sha256).map_err(AppError::internal)?;
    let signed_in = Staff {
        session,
        name: account.name.clone(),
        role: account.role,
        host: account.host.clone(),
        division: account.division.clone(),
    };
    let cookie = start_session(&state, &signed_in, "With a sign-in code", &headers).await?;
    Ok(([(header::SET_COOKIE, cookie)], Json(me_of(&state, &signed_in))).into_response())
}

/// A sign-in that failed, for the access log: the host when the code matched an account.
pub fn failed_sign_in<'a>(host: Option<&'a str>, who: String, why: String) -> Access<'a> {
    Access { host, who, account: "none".into(), action: AccessAction::SignInFailed, case: None, detail: Some(why) }
}

/// Logs the sign-in, and makes the session's cookie.
pub async fn start_session(
    state: &AppState,
    staff: &Staff,
    how: &str,
    headers: &HeaderMap,
) -> Result<HeaderValue, AppError> {
    let token = state.keys.issue(Scope::Staff, &staff.session.text(), clock::now() + Duration::hours(SESSION_HOURS));
    Access::by_staff(staff, AccessAction::SignedIn).detail(how).record(state, headers).await?;
    tracing::info!(role = staff.role.id(), host = %staff.host, "staff signed in");
    cookie(state, &token, SESSION_HOURS * 3600)
}

/// How staff may sign in: single sign-on for the hosts that use it, codes for the others.
pub async fn sign_in_methods(State(state): State<AppState>) -> Json<SignInMethods> {
    let single_sign_on = state
        .config
        .hosts
        .iter()
        .filter(|h| h.single_sign_on.is_some())
        .map(|h| SingleSignOn {
            host: contract::Named { code: h.authority.clone(), name: h.short_name.clone() },
            start: paths::sso_start(&h.authority),
        })
        .collect();
    let codes = state.config.hosts.iter().any(|h| h.single_sign_on.is_none());
    Json(SignInMethods { single_sign_on, codes })
}

/// Ends the session on the server, not only in this browser: a copy of the cookie stops working.
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Ok(staff) = signed_in(&state, &headers).await {
        let until = clock::timestamp(clock::now() + Duration::hours(SESSION_HOURS));
        state.store.end_session(staff.session.id(), &until).await?;
        Access::by_staff(&staff, AccessAction::SignedOut).record(&state, &headers).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie(&state, "", 0)?);
    Ok(response)
}

fn me_of(state: &AppState, staff: &Staff) -> Me {
    let host = state.config.host(&staff.host);
    let host_name = host.map_or_else(|| staff.host.clone(), |h| h.name.clone());
    Me {
        name: staff.name.clone(),
        role: staff.role,
        host: contract::Named { code: staff.host.clone(), name: host_name },
        division: staff.division.as_deref().and_then(|d| Some(host?.division_named(d))),
    }
}

pub async fn me(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<Me>, AppError> {
    let staff = signed_in(&state, &headers).await?;
    Ok(Json(me_of(&state, &staff)))
}

/// Front Door's work queue: one page of the host's cases, filtered, sorted and paged by the store.
pub async fn cases(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<CaseQuery>, QueryRejection>,
) -> Result<Json<CaseQueue>, AppError> {
    let staff = require_staff(&state, &headers, Act::ListCases).await?;
    let host_code = staff.host.clone();
    let Query(mut query) = query
        .map_err(|_| AppError::BadRequest("The filters could not be read: clear them and choose again.".into()))?;
    if staff.role == StaffRole::ServiceManager && staff.division.is_some() {
        // A service manager's queue is their division's.
        query.division.clone_from(&staff.division);
    }
    let today = clock::uk_today();
    let filter = queue_filter(&host_code, &query, today);
    let (total, rows) = state.store.queue(&filter).await?;
    let host = state.host(&host_code)?;
    let placing_authorities = placing_authorities(&state, &host_code).await?;
    let total = u64::try_from(total).unwrap_or_default();
    Ok(Json(CaseQueue {
        today,
        cases: rows.iter().map(|row| crate::cases::summary(row, host)).collect(),
        total,
        page: query.page(),
        pages: u32::try_from(total.div_ceil(u64::from(queue::PAGE_SIZE))).unwrap_or(u32::MAX).max(1),
        divisions: host.divisions.iter().map(|d| host.division_named(&d.id)).collect(),
        placing_authorities,
    }))
}

/// The queue's question in the store's terms. "Due soon" runs from today to the end of the
/// [`queue::DUE_SOON_WORKING_DAYS`]th working day, on the bank-holiday calendar.
pub fn queue_filter(host: &str, q: &CaseQuery, today: placement_rules::Date) -> QueueFilter {
    let calendar = placement_rules::calendar::Calendar::england_and_wales();
    let reply_due = q.due.map(|due| match due {
        Due::Overdue => ReplyDue::Before(today.to_string()),
        Due::DueSoon => ReplyDue::Between(
            today.to_string(),
            calendar.add_working_days(today, queue::DUE_SOON_WORKING_DAYS).to_string(),
        ),
    });
    let reference_prefix = q
        .reference
        .as_deref()
        .map(|r| {
            r.trim().to_ascii_uppercase().chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect::<String>()
        })
        .filter(|r| !r.is_empty());

    QueueFilter {
        host: host.to_owned(),
        status: q.status.map(placement_rules::CaseStatus::id),
        division: q.division.clone().filter(|d| !d.is_empty()),
        placing_authority: q.placing_authority.clone().filter(|a| !a.is_empty()),
        reply_due,
        received_from: q.received_from.map(|d| d.to_string()),
        received_to: q.received_to.map(|d| d.to_string()),
        reference_prefix,
        sort: q.sort.unwrap_or_default(),
        limit: i64::from(queue::PAGE_SIZE),
        offset: i64::from(q.page() - 1) * i64::from(queue::PAGE_SIZE),
    }
}

/// Case rows as the staff pages list them: names and dates, with today for what is overdue.
fn listed(state: &AppState, host: &str, rows: &[CaseRow]) -> Result<Json<StaffCaseList>, AppError> {
    let host = state.host(host)?;
    let cases = rows.iter().map(|row| crate::cases::summary(row, host)).collect();
    Ok(Json(StaffCaseList { today: clock::uk_today(), cases }))
}

pub async fn outbox(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<Vec<QueuedEmail>>, AppError> {
    let staff = require_staff(&state, &headers, Act::ReadOutbox).await?;
    let rows = state.store.outbox(&staff.host).await?;
    Ok(Json(rows.into_iter().map(queued).collect()))
}

fn queued(row: OutboxRow) -> QueuedEmail {
    QueuedEmail {
        id: row.id,
        case_reference: row.case_reference,
        to: row.to_addr,
        subject: row.subject,
        attempts: row.attempts,
        sent_at: row.sent_at,
        parked_at: row.parked_at,
        last_error: row.last_error,
    }
}

/// The placing authorities with a case at the host, by name, for the lists' filters.
async fn placing_authorities(state: &AppState, host: &str) -> Result<Vec<contract::Named>, AppError> {
    let register = placement_rules::register::Register::builtin();
    let mut named: Vec<contract::Named> = state
        .store
        .placing_authorities(host)
        .await?
        .into_iter()
        .map(|code| contract::Named { name: register.name_of(&code).to_owned(), code })
        .collect();
    named.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(named)
}

/// The report's question, or a refusal that says what to change.
fn report_query(query: Result<Query<ReportQuery>, QueryRejection>) -> Result<ReportQuery, AppError> {
    query
        .map(|Query(q)| q)
        .map_err(|_| AppError::BadRequest("The report's filters could not be read: choose them again.".into()))
}

/// The report, and the cases it was counted from. Only the period's cases (and those awaiting an
/// outcome) are read.
async fn report_and_cases(
    state: &AppState,
    host: &str,
    query: &ReportQuery,
) -> Result<(contract::report::Report, Vec<CaseRow>), AppError> {
    let today = clock::uk_today();
    let span = report::span(query, today).map_err(AppError::BadRequest)?;
    let cases = state.store.report_cases(host, &span.0.to_string(), &span.1.to_string()).await?;
    let named = placing_authorities(state, host).await?;
    let report = report::build(&cases, state.host(host)?, today, query, named).map_err(AppError::BadRequest)?;
    Ok((report, cases))
}

pub async fn report_json(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<ReportQuery>, QueryRejection>,
) -> Result<Json<contract::report::Report>, AppError> {
    let staff = require_staff(&state, &headers, Act::ReadReport).await?;
    let (report, _) = report_and_cases(&state, &staff.host, &report_query(query)?).await?;
    Access::by_staff(&staff, AccessAction::ViewedReport)
        .detail(format!("{} to {}", report.from.long(), report.to.long()))
        .record(&state, &headers)
        .await?;
    Ok(Json(report))
}

/// The report as a CSV, one row a case of the period.
pub async fn report_csv(
    state: State<AppState>,
    headers: HeaderMap,
    query: Result<Query<ReportQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    report_download(state, headers, query, Export::Csv).await
}

/// The report as an Excel workbook, for analysts.
pub async fn report_xlsx(
    state: State<AppState>,
    headers: HeaderMap,
    query: Result<Query<ReportQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    report_download(state, headers, query, Export::Workbook).await
}

enum Export {
    Csv,
    Workbook,
}

async fn report_download(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<ReportQuery>, QueryRejection>,
    export: Export,
) -> Result<Response, AppError> {
    let staff = require_staff(&state, &headers, Act::ReadReport).await?;
    let query = report_query(query)?;
    let (report, cases) = report_and_cases(&state, &staff.host, &query).await?;
    let what = match export {
        Export::Csv => "CSV",
        Export::Workbook => "Excel workbook",
    };
    Access::by_staff(&staff, AccessAction::ExportedReport)
        .detail(format!("{} to {}, {what}", report.from.long(), report.to.long()))
        .record(&state, &headers)
        .await?;
    let host = state.host(&staff.host)?;
    let rows = report::period_rows(&cases, (report.from, report.to), &query);
    let name = format!("ola-report-{}-to-{}", report.from, report.to);
    match export {
        Export::Csv => download(&format!("{name}.csv"), CSV, report::csv(&rows, host).into_bytes()),
        Export::Workbook => {
            let book = report::workbook(&report, &rows, host).map_err(AppError::internal)?;
            download(&format!("{name}.xlsx"), XLSX, book)
        }
    }
}

const CSV: &str = "text/csv; charset=utf-8";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file to save, with its name.
fn download(name: &str, content_type: &'static str, body: Vec<u8>) -> Result<Response, AppError> {
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).map_err(AppError::internal)?),
        ],
        body,
    )
        .into_response())
}

/// A spreadsheet to save, named for what it is and the day: `ola-placed-2026-12-03.csv`.
pub(crate) fn csv_download(name: &str, body: String) -> Result<Response, AppError> {
    download(&format!("{name}-{}.csv", clock::uk_today()), CSV, body.into_bytes())
}

/// The children placed in the host's area now: notified and not ended, earliest start first.
pub async fn placed(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<StaffCaseList>, AppError> {
    let staff = require_staff(&state, &headers, Act::ListPlaced).await?;
    let rows = state.store.placed(&staff.host).await?;
    Access::by_staff(&staff, AccessAction::ViewedPlaced).record(&state, &headers).await?;
    listed(&state, &staff.host, &rows)
}

pub async fn placed_csv(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let staff = require_staff(&state, &headers, Act::ListPlaced).await?;
    let rows = state.store.placed(&staff.host).await?;
    Access::by_staff(&staff, AccessAction::ExportedPlaced).record(&state, &headers).await?;
    csv_download("ola-placed", report::placed_csv(&rows, state.host(&staff.host)?))
}
