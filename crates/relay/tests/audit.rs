//! The access log as an auditor and a security review rely on it: each access to a case is a line,
//! in order; a line cannot be changed, on SQLite or PostgreSQL; it outlives the case it is about,
//! until its own retention; a case is not shown when its access cannot be logged; and failed
//! sign-ins are there too, with why.

mod support;

use axum::http::{Method, StatusCode};
use contract::staff::{AccessAction, AccessLog};
use relay::config::Retention;
use relay::retention::sweep;
use relay::tokens::Scope;
use serde_json::json;
use support::*;
use time::Duration;

/// Runs one statement on the relay's database from outside the relay, as an operator could.
async fn raw(relay: &Relay, sql: &str) -> Result<u64, sqlx::Error> {
    let url = &relay.state.config.database.url;
    if url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(url).await?;
        let done = sqlx::query(sql).execute(&pool).await.map(|r| r.rows_affected());
        pool.close().await;
        done
    } else {
        let pool = sqlx::SqlitePool::connect(url).await?;
        let done = sqlx::query(sql).execute(&pool).await.map(|r| r.rows_affected());
        pool.close().await;
        done
    }
}

async fn log_of(relay: &Relay, auditor: &str, query: &str) -> AccessLog {
    let r =
        relay.call(Method::GET, &format!("/api/staff/access-log?{query}"), &[("cookie", auditor)], Vec::new()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", String::from_utf8_lossy(&r.bytes));
    serde_json::from_slice(&r.bytes).unwrap()
}

#[tokio::test]
async fn each_access_is_a_line_no_line_can_be_changed_and_the_log_outlives_the_case() {
    let relay = relay().await;
    let reference = relay.consult("0190f3a2-7c1e-7d33-9a4e-00000000c001").await;
    let front_door = sign_in(&relay).await;
    let r = relay.call(Method::GET, &format!("/api/cases/{reference}"), &[("cookie", &front_door)], Vec::new()).await;
    assert_eq!(r.status, StatusCode::OK);
    let placing = relay.token(Scope::Placing, &reference);
    let withdraw = envelope("0190f3a2-7c1e-7d33-9a4e-00000000c002", withdrawal(&reference));
    assert_eq!(relay.post("/api/withdrawals", &withdraw, Some(&placing)).await.status, StatusCode::CREATED);

    let auditor = sign_in_with(&relay, AUDITOR_TOKEN).await;
    let log = log_of(&relay, &auditor, &format!("case={reference}")).await;
    let lines: Vec<(AccessAction, &str, Option<&str>)> =
        log.entries.iter().map(|e| (e.action, e.who.as_str(), e.detail.as_deref())).collect();
    let submitted = lines
        .iter()
        .position(|l| *l == (AccessAction::Submitted, "A placing social worker", Some("Consultation request")));
    let opened = lines.iter().position(|l| *l == (AccessAction::ViewedCase, "Front Door tester (Front Door)", None));
    let withdrawn = lines
        .iter()
        .position(|l| *l == (AccessAction::Submitted, "The placing social worker's link", Some("Child not placed")));
    assert!(
        matches!((submitted, opened, withdrawn), (Some(a), Some(b), Some(c)) if a < b && b < c),
        "in order: {lines:#?}"
    );
    assert!(lines.iter().any(|l| l.0 == AccessAction::LinkIssued), "the links that went out: {lines:#?}");
    assert!(log.entries.iter().all(|e| e.case_reference.as_deref() == Some(reference.as_str())));
    let text = serde_json::to_string(&log).unwrap();
    for child in ["Samira", "Testchild", "LCC-000123", "1 Example Road", "ME14 1XQ"] {
        assert!(!text.contains(child), "the log names no child: {child}");
    }

    // Append-only: the database itself refuses to change a line, whoever asks.
    let changed = raw(&relay, "UPDATE access_log SET who = 'someone else'").await;
    let refused = changed.expect_err("a line cannot be changed").to_string();
    assert!(refused.contains("append-only"), "{refused}");

    // The case is deleted after its retention; its lines stay for the log's own, then go.
    let store = &relay.state.store;
    let retention = Retention::default();
    let now = relay::clock::now();
    let d = sweep(store, retention, &relay.state.config.hosts, now + Duration::days(731)).await.unwrap();
    assert_eq!((d.cases, d.access_lines), (1, 0));
    assert!(store.case(&reference).await.unwrap().is_none(), "the case is gone");
    assert_eq!(log_of(&relay, &auditor, &format!("case={reference}")).await.total, log.total, "its lines are not");
    let later = now + Duration::days(i64::from(retention.access_log_days) + 1);
    let d = sweep(store, retention, &relay.state.config.hosts, later).await.unwrap();
    assert!(d.access_lines >= log.total, "{d:?}");
    assert_eq!(log_of(&relay, &auditor, &format!("case={reference}")).await.total, 0, "after the log's own period");
}

#[tokio::test]
async fn a_case_is_not_shown_when_its_access_cannot_be_logged() {
    let relay = relay().await;
    let reference = relay.consult("0190f3a2-7c1e-7d33-9a4e-00000000c011").await;
    let front_door = sign_in(&relay).await;
    raw(&relay, "DROP TABLE access_log").await.unwrap();
    let r = relay.call(Method::GET, &format!("/api/cases/{reference}"), &[("cookie", &front_door)], Vec::new()).await;
    assert!(r.status.is_server_error(), "{}", r.status);
    let said = String::from_utf8_lossy(&r.bytes);
    assert!(!said.contains("Samira") && !said.contains("LCC-000123"), "nothing of the case: {said}");
}

#[tokio::test]
async fn failed_sign_ins_are_logged_with_why_and_the_auditor_finds_them_by_who() {
    let relay = relay().await;
    for code in ["not a code", EXPIRED_STAFF_TOKEN] {
        let r = relay
            .call(
                Method::POST,
                contract::paths::STAFF_SIGN_IN,
                &[("content-type", "application/json")],
                serde_json::to_vec(&json!({ "token": code })).unwrap(),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let auditor = sign_in_with(&relay, AUDITOR_TOKEN).await;
    let failed: Vec<_> = log_of(&relay, &auditor, "")
        .await
        .entries
        .into_iter()
        .filter(|e| e.action == AccessAction::SignInFailed)
        .map(|e| (e.who, e.detail.unwrap_or_default()))
        .collect();
    let yesterday = relay::clock::uk_date(relay::clock::now() - Duration::days(1)).long();
    assert_eq!(
        failed,
        [
            ("Someone with a sign-in code".to_owned(), "The code matched no account".to_owned()),
            ("Old Door (Front Door)".to_owned(), format!("The code expired on {yesterday}")),
        ]
    );
    let found = log_of(&relay, &auditor, "who=old%20door").await;
    assert_eq!(found.entries.len(), 1, "{found:#?}");
    let csv = relay.call(Method::GET, "/api/staff/access-log.csv?who=ada", &[("cookie", &auditor)], Vec::new()).await;
    let csv = String::from_utf8_lossy(&csv.bytes);
    assert!(csv.starts_with("when,who,account,what,case,detail,address\n"), "{csv}");
    assert!(csv.contains("Ada Auditor (Auditor),code:"), "{csv}");
    assert!(csv.contains("Read the access log"), "the auditor's own reading is logged: {csv}");
}
