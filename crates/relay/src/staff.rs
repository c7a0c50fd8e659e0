//! Front Door and Management Information: sign in with a personal token (the staff file holds only
//! its SHA-256), then see the cases with their status and reply deadline, one case's timeline
//! (through /api/cases), the outbox, and the MI report as JSON or CSV.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use contract::queue::{self, CaseQuery, CaseQueue, Due};
use contract::report::ReportQuery;
use contract::{Me, QueuedEmail, SignIn, StaffCaseList};
use time::Duration;

use crate::access::{STAFF_COOKIE, require_staff};
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

pub async fn sign_in(State(state): State<AppState>, Json(form): Json<SignIn>) -> Result<Response, AppError> {
    let digest = sha256_hex(form.token.trim());
    // Compare with every account, so the time taken says nothing about which nearly matched.
    let mut found = None;
    let staff = state.staff();
    for account in staff.iter() {
        if same_digest(&account.token_sha256, &digest) {
            found = Some(account);
        }
    }
    let account =
        found.ok_or_else(|| AppError::Unauthorised("The sign-in code is not right. Check it and try again.".into()))?;
    let session = StaffSession::new(account.role.id(), &account.token_sha256).map_err(AppError::internal)?;
    let session = state.keys.issue(Scope::Staff, &session.text(), clock::now() + Duration::hours(SESSION_HOURS));
    let mut response =
        (StatusCode::OK, Json(me_of(&state, &format!("{}:{}", account.role.id(), account.name), &account.host)))
            .into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie(&state, &session, SESSION_HOURS * 3600)?);
    tracing::info!(role = account.role.id(), host = %account.host, "staff signed in");
    Ok(response)
}

/// Ends the session on the server, not only in this browser: a copy of the cookie stops working.
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Ok((_, session, _)) = require_staff(&state, &headers).await {
        let until = clock::timestamp(clock::now() + Duration::hours(SESSION_HOURS));
        state.store.end_session(&session.id, &until).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie(&state, "", 0)?);
    Ok(response)
}

fn me_of(state: &AppState, who: &str, host: &str) -> Me {
    let (role, name) = who.split_once(':').unwrap_or(("", who));
    let host_name = state.config.host(host).map_or_else(|| host.to_owned(), |h| h.name.clone());
    Me { name: name.into(), role: role.into(), host: contract::Named { code: host.to_owned(), name: host_name } }
}

pub async fn me(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<Me>, AppError> {
    let (who, _, host) = require_staff(&state, &headers).await?;
    Ok(Json(me_of(&state, &who, &host)))
}

/// Front Door's work queue: one page of the host's cases, filtered, sorted and paged by the store.
pub async fn cases(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<CaseQuery>, QueryRejection>,
) -> Result<Json<CaseQueue>, AppError> {
    let (_, _, host_code) = require_staff(&state, &headers).await?;
    let Query(query) = query
        .map_err(|_| AppError::BadRequest("The filters could not be read: clear them and choose again.".into()))?;
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
    let (_, _, host) = require_staff(&state, &headers).await?;
    let rows = state.store.outbox(&host).await?;
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
    let (_, _, host) = require_staff(&state, &headers).await?;
    let (report, _) = report_and_cases(&state, &host, &report_query(query)?).await?;
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
    let (_, _, host) = require_staff(&state, &headers).await?;
    let query = report_query(query)?;
    let (report, cases) = report_and_cases(&state, &host, &query).await?;
    let host = state.host(&host)?;
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
fn csv_download(name: &str, body: String) -> Result<Response, AppError> {
    download(&format!("{name}-{}.csv", clock::uk_today()), CSV, body.into_bytes())
}

/// The children placed in the host's area now: notified and not ended, earliest start first.
pub async fn placed(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<StaffCaseList>, AppError> {
    let (_, _, host) = require_staff(&state, &headers).await?;
    let rows = state.store.placed(&host).await?;
    listed(&state, &host, &rows)
}

pub async fn placed_csv(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let (_, _, host) = require_staff(&state, &headers).await?;
    let rows = state.store.placed(&host).await?;
    csv_download("ola-placed", report::placed_csv(&rows, state.host(&host)?))
}
