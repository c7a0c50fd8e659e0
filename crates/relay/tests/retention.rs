//! Retention: closed cases are deleted with everything about them once they have not changed for
//! the configured period; open cases stay however old; uploads never attached go after hours.

mod support;

use axum::http::StatusCode;
use relay::config::Retention;
use relay::retention::sweep;
use relay::tokens::Scope;
use serde_json::json;
use support::*;
use time::Duration;

#[tokio::test]
async fn closed_cases_are_deleted_after_the_period_and_open_ones_stay() {
    let relay = relay().await;
    let store = &relay.state.store;
    let withdrawn = relay.consult("0190f3a2-7c1e-7d33-9a4e-00000000a001").await;
    let open = relay.consult("0190f3a2-7c1e-7d33-9a4e-00000000a002").await;
    let placing = relay.token(Scope::Placing, &withdrawn);
    let withdraw = envelope("0190f3a2-7c1e-7d33-9a4e-00000000a003", withdrawal(&withdrawn));
    assert_eq!(relay.post("/api/withdrawals", &withdraw, Some(&placing)).await.status, StatusCode::CREATED);
    let stray_upload = relay.upload_pdf().await;
    let retention = Retention { closed_case_days: 730, unattached_upload_hours: 48, ..Retention::default() };
    let now = relay::clock::now();

    // Within the period nothing goes.
    let d = sweep(store, retention, &relay.state.config.hosts, now + Duration::days(729)).await.unwrap();
    assert_eq!((d.cases, d.uploads), (0, 1), "only the upload never attached, after 48 hours");
    assert!(store.case(&withdrawn).await.unwrap().is_some());
    assert!(store.attachment_meta(&stray_upload).await.unwrap().is_none());

    // After it, the withdrawn case goes with its submissions, documents, timeline and emails.
    let before = store.count_submissions().await.unwrap();
    let d = sweep(store, retention, &relay.state.config.hosts, now + Duration::days(731)).await.unwrap();
    assert_eq!(d.cases, 1);
    assert!(store.case(&withdrawn).await.unwrap().is_none());
    assert!(store.events(&withdrawn).await.unwrap().is_empty());
    assert!(store.attachments_of(&withdrawn).await.unwrap().is_empty());
    assert!(store.submission_data(&withdrawn, "consultation-request").await.unwrap().is_none());
    assert!(store.outbox(KENT).await.unwrap().iter().all(|e| e.case_reference != withdrawn));
    assert_eq!(store.count_submissions().await.unwrap(), before - 2, "the consultation and its withdrawal");
    let link = relay.get(&format!("/api/cases/{withdrawn}"), Some(&placing)).await;
    assert_eq!(link.status, StatusCode::NOT_FOUND, "its link now finds nothing");

    // A consultation still waiting for Kent's outcome is never deleted by age alone.
    assert!(store.case(&open).await.unwrap().is_some());
    assert!(!store.attachments_of(&open).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_answered_consultation_is_closed_and_expires_too() {
    let relay = relay().await;
    let reference = relay.consult("0190f3a2-7c1e-7d33-9a4e-00000000a011").await;
    let r = relay.record_outcome(&reference, "0190f3a2-7c1e-7d33-9a4e-00000000a012", "agreed").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
    let retention = Retention { closed_case_days: 30, unattached_upload_hours: 48, ..Retention::default() };
    let d = sweep(&relay.state.store, retention, &relay.state.config.hosts, relay::clock::now() + Duration::days(31))
        .await
        .unwrap();
    assert_eq!(d.cases, 1);
    assert!(relay.state.store.case(&reference).await.unwrap().is_none());
}

/// A notified placement is the child living in the host's area: kept however old, until the
/// placing authority says it has ended (reg 14); then it closes and expires like any other.
#[tokio::test]
async fn a_notified_placement_stays_until_it_has_ended() {
    let relay = relay().await;
    let store = &relay.state.store;
    let reference = relay.consult("0190f3a2-7c1e-7d33-9a4e-00000000a021").await;
    let placing = relay.token(Scope::Placing, &reference);
    let notify = envelope("0190f3a2-7c1e-7d33-9a4e-00000000a022", notification(&reference, true));
    assert_eq!(relay.post("/api/notifications", &notify, Some(&placing)).await.status, StatusCode::CREATED);
    let retention = Retention { closed_case_days: 30, unattached_upload_hours: 48, ..Retention::default() };
    let later = |days| relay::clock::now() + Duration::days(days);
    let d = sweep(store, retention, &relay.state.config.hosts, later(3650)).await.unwrap();
    assert_eq!(d.cases, 0, "ten years on, a placement not ended is still the host's to know of");
    assert!(store.case(&reference).await.unwrap().is_some());

    let end = envelope(
        "0190f3a2-7c1e-7d33-9a4e-00000000a023",
        json!({
            "case_reference": reference, "end_date": in_days(60), "reason": "returned-home", "next": "home",
            "ended_by": { "name": "Alex Example", "team": "", "email": "alex.example@leeds.gov.uk", "phone": "0113 496 0000" }
        }),
    );
    let r = relay.post("/api/endings", &end, Some(&placing)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
    let d = sweep(store, retention, &relay.state.config.hosts, later(31)).await.unwrap();
    assert_eq!(d.cases, 1);
    assert!(store.case(&reference).await.unwrap().is_none());
}

#[tokio::test]
async fn a_host_may_keep_its_closed_cases_for_its_own_time() {
    let relay = relay().await;
    let reference = relay.consult("0190f3a2-7c1e-7d33-9a4e-00000000a021").await;
    let r = relay.record_outcome(&reference, "0190f3a2-7c1e-7d33-9a4e-00000000a022", "agreed").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
    let retention = Retention { closed_case_days: 730, unattached_upload_hours: 48, ..Retention::default() };
    let mut hosts = relay.state.config.hosts.clone();
    let later = relay::clock::now() + Duration::days(31);
    let d = sweep(&relay.state.store, retention, &hosts, later).await.unwrap();
    assert_eq!(d.cases, 0, "the deployment keeps closed cases two years");
    hosts.iter_mut().filter(|h| h.authority == KENT).for_each(|h| h.closed_case_days = Some(30));
    let d = sweep(&relay.state.store, retention, &hosts, later).await.unwrap();
    assert_eq!(d.cases, 1, "Kent keeps its own for 30 days");
}

/// Several relays sweeping one database at once delete each expired case once, and each says
/// what it deleted, not what it found: together, exactly the expired cases.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sweeps_at_once_delete_each_case_once_and_count_what_they_deleted() {
    let relay = relay().await;
    let mut references = Vec::new();
    for i in 0..6 {
        let reference = relay.consult(&format!("0190f3a2-7c1e-7d33-9a4e-00000000a1{i:02}")).await;
        assert_eq!(
            relay
                .record_outcome(&reference, &format!("0190f3a2-7c1e-7d33-9a4e-00000000a2{i:02}"), "agreed")
                .await
                .status,
            StatusCode::CREATED
        );
        references.push(reference);
    }
    let others: Vec<relay::store::Store> =
        futures::future::join_all((0..3).map(|_| relay::store::Store::open(&relay.state.config.database.url)))
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
    let retention = Retention { closed_case_days: 730, unattached_upload_hours: 48, ..Retention::default() };
    let later = relay::clock::now() + Duration::days(731);
    let hosts = &relay.state.config.hosts;
    let sweeps = futures::future::join_all(
        std::iter::once(&relay.state.store).chain(&others).map(|store| sweep(store, retention, hosts, later)),
    )
    .await;
    let deleted: u64 = sweeps.into_iter().map(|d| d.unwrap().cases).sum();
    assert_eq!(deleted, 6, "six expired cases, each deleted and counted once");
    for reference in &references {
        assert!(relay.state.store.case(reference).await.unwrap().is_none());
    }
}
