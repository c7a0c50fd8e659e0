//! Front Door's work queue (`GET /api/staff/cases?…`): filtered, searched, sorted and paged by the
//! relay's database, on SQLite and on PostgreSQL, for the signed-in host's cases only.

mod support;

use axum::http::{Method, StatusCode};
use contract::queue::{CaseQuery, CaseQueue, Due, PAGE_SIZE, Sort};
use placement_rules::{CaseStatus, Date};
use support::*;

const LEEDS: &str = "E08000035";
const BRISTOL: &str = "E06000023";

/// A case row as the queue reads it.
struct Row {
    reference: String,
    host: &'static str,
    status: CaseStatus,
    placing_authority: &'static str,
    division: &'static str,
    received: Date,
    reply_due: Option<Date>,
}

fn day(offset: i64) -> Date {
    let mut d = today();
    for _ in 0..offset.abs() {
        d = if offset > 0 { d.next_day().unwrap() } else { d.previous_day().unwrap() };
    }
    d
}

/// Writes the rows straight into the relay's database: the queue's reads are what is tested.
async fn insert(url: &str, rows: &[Row]) {
    macro_rules! each {
        ($pool:expr) => {
            for r in rows {
                let notified = matches!(r.status, CaseStatus::Notified);
                sqlx::query(
                    "INSERT INTO cases (reference, host, status, placing_authority, division, requested_on, \
                     reply_due_on, notified_on, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '2026-12-01T00:00:00Z')",
                )
                .bind(&r.reference)
                .bind(r.host)
                .bind(r.status.id())
                .bind(r.placing_authority)
                .bind(r.division)
                .bind((!notified).then(|| r.received.to_string()))
                .bind(r.reply_due.map(|d| d.to_string()))
                .bind(notified.then(|| r.received.to_string()))
                .execute(&$pool)
                .await
                .unwrap();
            }
        };
    }
    if url.starts_with("postgres") {
        each!(sqlx::PgPool::connect(url).await.unwrap());
    } else {
        each!(sqlx::SqlitePool::connect(url).await.unwrap());
    }
}

/// 64 Kent cases and one Medway case. Case n: received n days ago; every fourth awaits an outcome,
/// due from 8 days ago (n = 0) onwards; the rest alternate agreed and notified. Leeds places the
/// even ones, Bristol the odd; north-west has n < 32.
fn rows() -> Vec<Row> {
    let mut rows: Vec<Row> = (0..64_i64)
        .map(|n| {
            let status = match n % 4 {
                0 => CaseStatus::AwaitingOutcome,
                1 | 3 => CaseStatus::Agreed,
                _ => CaseStatus::Notified,
            };
            Row {
                reference: format!("OLA-{:04}-TEST", n + 1000),
                host: KENT,
                status,
                placing_authority: if n % 2 == 0 { LEEDS } else { BRISTOL },
                division: if n < 32 { "north-west" } else { "south-east" },
                received: day(-n),
                reply_due: (status == CaseStatus::AwaitingOutcome).then(|| day(n / 4 - 8)),
            }
        })
        .collect();
    rows.push(Row {
        reference: "OLA-9999-MWAY".into(),
        host: MEDWAY,
        status: CaseStatus::AwaitingOutcome,
        placing_authority: LEEDS,
        division: "",
        received: day(0),
        reply_due: Some(day(-20)),
    });
    rows
}

async fn queue(relay: &Relay, cookie: &str, query: &CaseQuery) -> CaseQueue {
    let uri = format!("/api/staff/cases?{}", query.query_string());
    let r = relay.call(Method::GET, &uri, &[("cookie", cookie)], Vec::new()).await;
    assert_eq!(r.status, StatusCode::OK, "{uri}: {}", String::from_utf8_lossy(&r.bytes));
    serde_json::from_slice(&r.bytes).unwrap()
}

fn references(q: &CaseQueue) -> Vec<&str> {
    q.cases.iter().map(|c| c.reference.as_str()).collect()
}

#[tokio::test]
async fn front_door_filters_searches_sorts_and_pages_its_own_cases() {
    let relay = relay().await;
    insert(&relay.state.config.database.url, &rows()).await;
    let cookie = sign_in(&relay).await;
    let all = CaseQuery::default();

    let first = queue(&relay, &cookie, &all).await;
    assert_eq!((first.total, first.page, first.pages, first.cases.len()), (64, 1, 2, PAGE_SIZE as usize));
    assert!(!references(&first).contains(&"OLA-9999-MWAY"), "Medway's case is not Kent's");
    // Needs action first: the 16 awaiting an outcome by reply date (so the overdue lead), then the
    // rest most recently received first.
    let awaiting: Vec<String> = (0..16).map(|i| format!("OLA-{:04}-TEST", 1000 + i * 4)).collect();
    assert_eq!(references(&first)[..16], awaiting.iter().map(String::as_str).collect::<Vec<_>>()[..]);
    assert_eq!(references(&first)[16..18], ["OLA-1001-TEST", "OLA-1002-TEST"]);
    assert_eq!(
        first.placing_authorities.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        ["Bristol, City of", "Leeds"]
    );
    assert_eq!(first.divisions.len(), 2);

    let second = queue(&relay, &cookie, &CaseQuery { page: Some(2), ..all.clone() }).await;
    assert_eq!((second.page, second.cases.len()), (2, 14));
    let mut seen: Vec<&str> = references(&first).into_iter().chain(references(&second)).collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), 64, "the two pages hold every case once");

    let newest = queue(&relay, &cookie, &CaseQuery { sort: Some(Sort::NewestFirst), ..all.clone() }).await;
    assert_eq!(references(&newest)[..2], ["OLA-1000-TEST", "OLA-1001-TEST"]);
    let oldest = queue(&relay, &cookie, &CaseQuery { sort: Some(Sort::OldestFirst), ..all.clone() }).await;
    assert_eq!(references(&oldest)[0], "OLA-1063-TEST");

    let agreed = queue(&relay, &cookie, &CaseQuery { status: Some(CaseStatus::Agreed), ..all.clone() }).await;
    assert_eq!(agreed.total, 32);
    assert!(agreed.cases.iter().all(|c| c.status == CaseStatus::Agreed));

    let south_east_leeds =
        CaseQuery { division: Some("south-east".into()), placing_authority: Some(LEEDS.into()), ..all.clone() };
    let found = queue(&relay, &cookie, &south_east_leeds).await;
    assert_eq!(found.total, 16);
    assert!(
        found
            .cases
            .iter()
            .all(|c| c.placing_authority.name == "Leeds" && c.division.as_ref().unwrap().code == "south-east")
    );

    // Due dates: case 4i is due on day i - 8. Overdue: i < 8; due soon: today and the next two
    // working days, whatever day of the week today is.
    let overdue = queue(&relay, &cookie, &CaseQuery { due: Some(Due::Overdue), ..all.clone() }).await;
    assert_eq!(overdue.total, 8);
    assert!(overdue.cases.iter().all(|c| c.overdue(overdue.today)));
    let soon = queue(&relay, &cookie, &CaseQuery { due: Some(Due::DueSoon), ..all.clone() }).await;
    let calendar = placement_rules::calendar::Calendar::england_and_wales();
    let last = calendar.add_working_days(today(), contract::queue::DUE_SOON_WORKING_DAYS);
    assert_eq!(soon.total, u64::try_from(today().days_until(last) + 1).unwrap());
    assert!(soon.cases.iter().all(|c| c.reply_due_on.is_some_and(|d| d >= today() && d <= last)));

    let last_week = CaseQuery { received_from: Some(day(-6)), received_to: Some(day(-2)), ..all.clone() };
    assert_eq!(references(&queue(&relay, &cookie, &last_week).await).len(), 5);

    // Search by the start of a reference, as typed: any case, spaces around it.
    let search = CaseQuery { reference: Some(" ola-102".into()), ..all.clone() };
    let found = queue(&relay, &cookie, &search).await;
    assert_eq!(found.total, 10, "OLA-1020 to OLA-1029");
    let wildcard = CaseQuery { reference: Some("%".into()), ..all.clone() };
    assert_eq!(queue(&relay, &cookie, &wildcard).await.total, 64, "a wildcard is not a pattern: nothing to narrow by");
}

#[tokio::test]
async fn a_filter_it_cannot_read_is_refused_with_a_sentence_and_staff_only() {
    let relay = relay().await;
    let cookie = sign_in(&relay).await;
    let r = relay.call(Method::GET, "/api/staff/cases?status=lost", &[("cookie", cookie.as_str())], Vec::new()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(String::from_utf8_lossy(&r.bytes).contains("The filters could not be read"));
    assert_eq!(relay.get("/api/staff/cases?status=agreed", None).await.status, StatusCode::UNAUTHORIZED);
}

/// The MI report over the API: for the period asked, as JSON, CSV and a workbook; a period it
/// cannot use refused with a sentence.
#[tokio::test]
async fn the_report_answers_for_a_period_and_downloads_as_csv_and_a_workbook() {
    let relay = relay().await;
    insert(&relay.state.config.database.url, &rows()).await;
    let cookie = sign_in(&relay).await;
    let get = |uri: String| {
        let cookie = cookie.clone();
        let relay = &relay;
        async move { relay.call(Method::GET, &uri, &[("cookie", cookie.as_str())], Vec::new()).await }
    };
    let from = day(-9);
    let to = day(0);
    let q = contract::report::ReportQuery {
        period: Some(contract::report::Period::Custom),
        from: Some(from),
        to: Some(to),
        ..Default::default()
    };
    let r = get(format!("/api/staff/report?{}", q.query_string())).await;
    assert_eq!(r.status, StatusCode::OK);
    let report: contract::report::Report = serde_json::from_slice(&r.bytes).unwrap();
    assert_eq!((report.from, report.to), (from, to));
    // Received in the last ten days: cases 0 to 9, of which the notified ones (n % 4 == 2) were
    // not consultations (2 and 6).
    assert_eq!(report.received, 8);
    assert_eq!(report.by_placing_authority.iter().map(|b| b.count).sum::<usize>(), 8);
    assert_eq!(report.placing_authorities.len(), 2, "every placing authority with a case, for the filter");

    let csv = get(format!("/api/staff/report.csv?{}", q.query_string())).await;
    assert_eq!(csv.status, StatusCode::OK);
    let disposition = csv.headers["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.contains(&format!("ola-report-{from}-to-{to}.csv")), "{disposition}");
    assert_eq!(
        String::from_utf8(csv.bytes).unwrap().lines().count(),
        1 + 10,
        "a header and the ten cases of the period"
    );

    let book = get(format!("/api/staff/report.xlsx?{}", q.query_string())).await;
    assert_eq!(book.status, StatusCode::OK);
    assert_eq!(book.headers["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_eq!(&book.bytes[..2], b"PK");

    let unusable = get("/api/staff/report?period=custom&from=2026-02-01".into()).await;
    assert_eq!(unusable.status, StatusCode::BAD_REQUEST);
    assert!(String::from_utf8_lossy(&unusable.bytes).contains("Enter the first and last days of the period"));
    assert_eq!(get("/api/staff/report?period=fortnight".into()).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(relay.get("/api/staff/report.xlsx", None).await.status, StatusCode::UNAUTHORIZED);
}
