//! Notices sent by a provider for the placing authority (domain brief §8.10): a host that takes
//! them (Medway in the sample) sees the placement as awaiting the placing authority's
//! confirmation; the placing social worker is emailed a link and confirms it; a host that does not
//! take them (Kent) refuses them with a reason addressed to the question.

mod support;

use axum::http::{Method, StatusCode};
use contract::{CaseView, StaffCaseList};
use placement_rules::CaseStatus;
use relay::tokens::Scope;
use serde_json::{Value, json};
use support::*;

/// A fostering agency's notice of an emergency foster placement in Chatham (Medway) for Leeds.
async fn provider_notice(relay: &Relay, postcode: &str) -> Value {
    let mut n = notification("", false);
    n["sent_by"] = json!("provider");
    n["placing_social_worker_email"] = json!("alex.example@leeds.gov.uk");
    n["notifier"] = json!({ "name": "Pat Provider", "team": "Placements", "email": "placements@example-fostering.co.uk", "phone": "01632 960 111" });
    n["notification_type"] = json!("emergency");
    n["start_date"] = json!(in_days(-1));
    n["placement"] = json!({ "placement_type": "foster-agency", "provider_name": "Example Fostering Ltd", "ofsted_urn": "", "address": "2 Example Street, Chatham", "postcode": postcode });
    n["care_plan_sent_with_consultation"] = json!(null);
    n["documents"] =
        json!([{ "kind": "care-plan", "attachment_id": relay.upload_pdf().await, "file_name": "care plan.pdf" }]);
    n
}

#[tokio::test]
async fn a_providers_notice_awaits_the_placing_authority_which_confirms_it_through_its_link() {
    let relay = relay().await;
    let n = provider_notice(&relay, "ME4 4TR").await;
    let r = relay.post("/api/notifications", &envelope("0190f3a2-7c1e-7d33-9a4e-0000000f0001", n), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
    let reference = r.json()["case_reference"].as_str().unwrap().to_owned();
    let case = relay.state.store.case(&reference).await.unwrap().unwrap();
    assert_eq!((case.host.as_str(), case.status.as_str()), (MEDWAY, "awaiting-confirmation"));

    // Medway's Front Door is told it awaits Leeds; the placing social worker, not the provider, gets the link.
    let emails: Vec<_> =
        relay.state.store.outbox(MEDWAY).await.unwrap().into_iter().filter(|e| e.case_reference == reference).collect();
    let front_door = emails.iter().find(|e| e.to_addr == "frontdoor@medway.invalid").unwrap();
    assert!(front_door.subject.contains("from a provider, awaiting confirmation by Leeds"), "{}", front_door.subject);
    let to_worker =
        emails.iter().find(|e| e.to_addr == "alex.example@leeds.gov.uk").expect("the placing social worker is asked");
    assert!(to_worker.subject.contains("from a provider: please confirm"), "{}", to_worker.subject);
    assert!(to_worker.body.contains(&format!("/case/{reference}#token=")));
    assert!(
        emails.iter().all(|e| e.to_addr != "placements@example-fostering.co.uk"),
        "the provider gets no link to the case"
    );

    // Medway's staff see the child placed, awaiting confirmation.
    let cookie = sign_in_with(&relay, MEDWAY_STAFF_TOKEN).await;
    let placed = relay.call(Method::GET, "/api/staff/placed", &[("cookie", cookie.as_str())], Vec::new()).await;
    let placed: StaffCaseList = serde_json::from_slice(&placed.bytes).unwrap();
    assert_eq!(placed.cases.len(), 1);
    assert_eq!(placed.cases[0].status, CaseStatus::AwaitingConfirmation);

    // The placing social worker reads it and confirms it from their link.
    let placing = relay.token(Scope::Placing, &reference);
    let seen: CaseView =
        serde_json::from_slice(&relay.get(&format!("/api/cases/{reference}"), Some(&placing)).await.bytes).unwrap();
    assert!(seen.may.confirm && seen.may.end && !seen.may.withdraw);
    assert_eq!(seen.notifications[0].sent.answers.notifier.name, "Pat Provider");
    let confirm = json!({
        "case_reference": reference,
        "confirmed_by": { "name": "Alex Example", "team": "Children in Care 2", "email": "alex.example@leeds.gov.uk", "phone": "0113 496 0000" }
    });
    let r = relay
        .post("/api/confirmations", &envelope("0190f3a2-7c1e-7d33-9a4e-0000000f0002", confirm.clone()), Some(&placing))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
    let staff: CaseView = serde_json::from_slice(
        &relay
            .call(Method::GET, &format!("/api/cases/{reference}"), &[("cookie", cookie.as_str())], Vec::new())
            .await
            .bytes,
    )
    .unwrap();
    assert_eq!(staff.summary.status, CaseStatus::Notified);
    assert_eq!(staff.confirmation.unwrap().answers.confirmed_by.name, "Alex Example");
    assert!(staff.timeline.unwrap().iter().any(|t| t.what == "The provider's notification was confirmed by Leeds"));
    let subjects: Vec<String> =
        relay.state.store.outbox(MEDWAY).await.unwrap().into_iter().map(|e| e.subject).collect();
    assert!(subjects.iter().any(|s| s.contains("provider's notification confirmed by Leeds")), "{subjects:?}");

    // Once confirmed there is nothing more to confirm.
    let again = relay
        .post("/api/confirmations", &envelope("0190f3a2-7c1e-7d33-9a4e-0000000f0003", confirm), Some(&placing))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_host_that_takes_notices_from_placing_authorities_only_refuses_a_providers() {
    let relay = relay().await;
    let n = provider_notice(&relay, "ME14 1XQ").await;
    let r = relay.post("/api/notifications", &envelope("0190f3a2-7c1e-7d33-9a4e-0000000f0011", n), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", String::from_utf8_lossy(&r.bytes));
    let findings = r.json()["findings"].clone();
    assert!(
        findings.as_array().unwrap().iter().any(|f| f["field"] == json!("sent_by")
            && f["message"]
                == json!(
                    "Kent takes notifications from the placing authority only. Ask the child's social worker to send it"
                )),
        "{findings}"
    );
}
