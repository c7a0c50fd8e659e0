//! The end of a placement (reg 14): the placing social worker tells the host through their case
//! link; the host's staff and service manager read it on the case; the child leaves the host's list
//! of children placed in its area, and its CSV.

mod support;

use axum::http::{Method, StatusCode};
use contract::{CaseView, StaffCaseList};
use placement_rules::CaseStatus;
use relay::tokens::Scope;
use serde_json::{Value, json};
use support::*;

fn ending(reference: &str, end_date: &str) -> Value {
    json!({
        "case_reference": reference,
        "end_date": end_date,
        "reason": "unplanned",
        "next": "placement-elsewhere",
        "details": "The home gave notice after two missing episodes.",
        "ended_by": { "name": "Alex Example", "team": "Children in Care 2", "email": "alex.example@leeds.gov.uk", "phone": "0113 496 0000" }
    })
}

/// A consulted placement, notified to start in 30 days.
async fn notified(relay: &Relay, n: u32) -> String {
    let reference = relay.consult(&format!("0190f3a2-7c1e-7d33-9a4e-0000000e{n:03}0")).await;
    let placing = relay.token(Scope::Placing, &reference);
    let r = relay
        .post(
            "/api/notifications",
            &envelope(&format!("0190f3a2-7c1e-7d33-9a4e-0000000e{n:03}1"), notification(&reference, true)),
            Some(&placing),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
    reference
}

async fn view(relay: &Relay, reference: &str, token: &str) -> CaseView {
    let r = relay.get(&format!("/api/cases/{reference}"), Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", String::from_utf8_lossy(&r.bytes));
    serde_json::from_slice(&r.bytes).unwrap()
}

async fn as_staff(relay: &Relay, cookie: &str, uri: &str) -> Vec<u8> {
    let r = relay.call(Method::GET, uri, &[("cookie", cookie)], Vec::new()).await;
    assert_eq!(r.status, StatusCode::OK, "{uri}");
    r.bytes.to_vec()
}

#[tokio::test]
async fn an_ending_reaches_the_host_and_takes_the_child_off_its_placed_list() {
    let relay = relay().await;
    let reference = notified(&relay, 1).await;
    let staying = notified(&relay, 2).await;
    let placing = relay.token(Scope::Placing, &reference);
    let cookie = sign_in(&relay).await;

    let before: StaffCaseList = serde_json::from_slice(&as_staff(&relay, &cookie, "/api/staff/placed").await).unwrap();
    let listed: Vec<&str> = before.cases.iter().map(|c| c.reference.as_str()).collect();
    assert!(listed.contains(&reference.as_str()) && listed.contains(&staying.as_str()), "{listed:?}");
    assert!(view(&relay, &reference, &placing).await.may.end, "the placing social worker may end a notified placement");

    let r = relay
        .post(
            "/api/endings",
            &envelope("0190f3a2-7c1e-7d33-9a4e-0000000e0019", ending(&reference, &in_days(40))),
            Some(&placing),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
    assert_eq!(r.json()["case_reference"], json!(reference));

    // The service manager reads it, in words, on the case.
    let manager = relay.token(Scope::ServiceManager, &reference);
    let seen = view(&relay, &reference, &manager).await;
    assert_eq!(seen.summary.status, CaseStatus::Ended);
    let ended = seen.ending.expect("the ending is on the case");
    assert_eq!(ended.answers.details, "The home gave notice after two missing episodes.");
    assert_eq!(seen.summary.end_date.map(|d| d.to_string()), Some(in_days(40)));
    assert_eq!(seen.summary.end_told_late, Some(false));
    let timeline = seen.timeline.unwrap();
    assert!(
        timeline.iter().any(|t| t.what.contains("Placement ended on") && t.what.contains("told before the end")),
        "{timeline:?}"
    );

    // Front Door and the division's service manager are told by email: reference and event only.
    let emails: Vec<_> =
        relay.state.store.outbox(KENT).await.unwrap().into_iter().filter(|e| e.case_reference == reference).collect();
    let ended_emails: Vec<_> = emails.iter().filter(|e| e.subject.contains("placement ended")).collect();
    let to: Vec<&str> = ended_emails.iter().map(|e| e.to_addr.as_str()).collect();
    assert_eq!(to, ["frontdoor@kent.invalid", "ola.northwest.sm@kent.invalid"]);
    assert!(ended_emails.iter().all(|e| !e.body.contains("Samira") && !e.body.contains("missing episodes")));

    // The child is no longer on the host's list of children placed in its area, nor in its CSV.
    let after: StaffCaseList = serde_json::from_slice(&as_staff(&relay, &cookie, "/api/staff/placed").await).unwrap();
    let listed: Vec<&str> = after.cases.iter().map(|c| c.reference.as_str()).collect();
    assert_eq!(listed, [staying.as_str()]);
    let csv = String::from_utf8(as_staff(&relay, &cookie, "/api/staff/placed.csv").await).unwrap();
    assert!(csv.contains(&staying) && !csv.contains(&reference), "{csv}");
    assert!(csv.lines().nth(1).unwrap().contains(",Leeds,North/West,"), "{csv}");

    // The case is closed: neither a second ending nor a withdrawal is taken.
    assert!(!view(&relay, &reference, &placing).await.may.end);
    let again = relay
        .post(
            "/api/endings",
            &envelope("0190f3a2-7c1e-7d33-9a4e-0000000e0029", ending(&reference, &in_days(41))),
            Some(&placing),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", String::from_utf8_lossy(&again.bytes));
    assert!(String::from_utf8_lossy(&again.bytes).contains("This placement has ended"));
}

#[tokio::test]
async fn an_ending_before_the_placement_was_notified_or_before_it_started_is_refused() {
    let relay = relay().await;
    let consulted = relay.consult("0190f3a2-7c1e-7d33-9a4e-0000000e0300").await;
    let placing = relay.token(Scope::Placing, &consulted);
    let r = relay
        .post(
            "/api/endings",
            &envelope("0190f3a2-7c1e-7d33-9a4e-0000000e0301", ending(&consulted, &in_days(40))),
            Some(&placing),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(String::from_utf8_lossy(&r.bytes).contains("has not been notified"));

    let reference = notified(&relay, 4).await;
    let placing = relay.token(Scope::Placing, &reference);
    let r = relay
        .post(
            "/api/endings",
            &envelope("0190f3a2-7c1e-7d33-9a4e-0000000e0401", ending(&reference, &in_days(29))),
            Some(&placing),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", String::from_utf8_lossy(&r.bytes));
    let findings = r.json()["findings"].clone();
    assert_eq!(findings[0]["field"], json!("end_date"), "{findings}");
    assert!(findings[0]["message"].as_str().unwrap().starts_with("The end date must be on or after"), "{findings}");

    // A reference mistyped is refused on the question that asks it.
    let r = relay
        .post(
            "/api/endings",
            &envelope("0190f3a2-7c1e-7d33-9a4e-0000000e0403", ending("OLA-NOPE", &in_days(40))),
            Some(&placing),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", String::from_utf8_lossy(&r.bytes));
    assert_eq!(r.json()["findings"][0]["field"], json!("case_reference"), "{}", r.json());

    // Without the placing social worker's link, nobody may end it.
    let manager = relay.token(Scope::ServiceManager, &reference);
    let r = relay
        .post(
            "/api/endings",
            &envelope("0190f3a2-7c1e-7d33-9a4e-0000000e0402", ending(&reference, &in_days(40))),
            Some(&manager),
        )
        .await;
    assert!(r.status == StatusCode::FORBIDDEN || r.status == StatusCode::UNAUTHORIZED, "{}", r.status);
}

#[tokio::test]
async fn an_ending_told_late_needs_its_reason_and_is_flagged() {
    let relay = relay().await;
    // An emergency placement made 40 days ago, notified late with the reason.
    let mut n = notification("", false);
    n["notification_type"] = json!("emergency");
    n["start_date"] = json!(in_days(-40));
    n["lateness_reason"] = json!("The carer's address was confirmed only this week.");
    n["documents"] =
        json!([{ "kind": "care-plan", "attachment_id": relay.upload_pdf().await, "file_name": "care plan.pdf" }]);
    let r = relay.post("/api/notifications", &envelope("0190f3a2-7c1e-7d33-9a4e-0000000e0500", n), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
    let reference = r.json()["case_reference"].as_str().unwrap().to_owned();
    let placing = relay.token(Scope::Placing, &reference);

    let mut late = ending(&reference, &in_days(-25));
    let r = relay
        .post("/api/endings", &envelope("0190f3a2-7c1e-7d33-9a4e-0000000e0501", late.clone()), Some(&placing))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", String::from_utf8_lossy(&r.bytes));
    let findings = r.json()["findings"].as_array().unwrap().clone();
    assert!(
        findings.iter().any(|f| f["field"] == json!("lateness_reason") && f["severity"] == json!("error")),
        "{findings:?}"
    );

    late["lateness_reason"] = json!("The home did not tell us the child had left.");
    let r = relay.post("/api/endings", &envelope("0190f3a2-7c1e-7d33-9a4e-0000000e0502", late), Some(&placing)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
    assert_eq!(r.json()["warnings"][0]["field"], json!("end_date"));
    let seen = view(&relay, &reference, &placing).await;
    assert_eq!(seen.summary.end_told_late, Some(true));
    assert_eq!(seen.ending.unwrap().answers.lateness_reason, "The home did not tell us the child had left.");
    let subjects: Vec<String> = relay.state.store.outbox(KENT).await.unwrap().into_iter().map(|e| e.subject).collect();
    assert!(
        subjects.iter().any(|s| s.contains("placement ended: told more than 10 working days after the end")),
        "{subjects:?}"
    );
}

/// Domain brief §8.3: a move within the host's area is an ending and a new placement, linked. The
/// new notification names the ended case, from that case's link; the host reads the link both ways.
#[tokio::test]
async fn a_move_within_the_host_is_an_ending_and_a_new_placement_linked() {
    let relay = relay().await;
    let earlier = notified(&relay, 6).await;
    let placing = relay.token(Scope::Placing, &earlier);
    let mut next = notification("", false);
    next["follows_case"] = json!(earlier);
    // An emergency move (a planned distant one would need its own consultation, reg 11).
    next["notification_type"] = json!("emergency");
    next["start_date"] = json!(in_days(0));
    next["placement"]["postcode"] = json!("CT1 2EH");
    next["placement"]["address"] = json!("3 Example Lane, Canterbury");
    next["documents"] =
        json!([{ "kind": "care-plan", "attachment_id": relay.upload_pdf().await, "file_name": "care plan.pdf" }]);

    // Before the earlier placement has ended, the new one cannot follow it.
    let r = relay
        .post("/api/notifications", &envelope("0190f3a2-7c1e-7d33-9a4e-0000000e0601", next.clone()), Some(&placing))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", String::from_utf8_lossy(&r.bytes));
    assert!(
        r.json()["findings"].as_array().unwrap().iter().any(|f| f["field"] == json!("follows_case")
            && f["message"].as_str().unwrap().starts_with("Tell Kent that placement has ended first")),
        "{}",
        r.json()
    );

    let mut end = ending(&earlier, &in_days(44));
    end["next"] = json!("placement-in-host-area");
    let r = relay.post("/api/endings", &envelope("0190f3a2-7c1e-7d33-9a4e-0000000e0602", end), Some(&placing)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));

    // Without the earlier case's link, nobody can say a placement follows it.
    let r =
        relay.post("/api/notifications", &envelope("0190f3a2-7c1e-7d33-9a4e-0000000e0603", next.clone()), None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", String::from_utf8_lossy(&r.bytes));

    let r =
        relay.post("/api/notifications", &envelope("0190f3a2-7c1e-7d33-9a4e-0000000e0604", next), Some(&placing)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
    let later = r.json()["case_reference"].as_str().unwrap().to_owned();
    assert_ne!(later, earlier, "a new placement is a new case");

    let cookie = sign_in(&relay).await;
    let read = |reference: String| {
        let cookie = cookie.clone();
        let relay = &relay;
        async move {
            let r = relay
                .call(Method::GET, &format!("/api/cases/{reference}"), &[("cookie", cookie.as_str())], Vec::new())
                .await;
            serde_json::from_slice::<CaseView>(&r.bytes).unwrap()
        }
    };
    let old = read(earlier.clone()).await;
    let new = read(later.clone()).await;
    assert_eq!(old.summary.followed_by.as_deref(), Some(later.as_str()));
    assert_eq!(new.summary.follows.as_deref(), Some(earlier.as_str()));
    assert_eq!(new.summary.division.map(|d| d.name).as_deref(), Some("South/East"), "Canterbury is South/East");
}
