//! A consultation is a conversation: after each step, the next person's view of the case carries,
//! in the contract's types, what the previous person wrote. Every response here is decoded into
//! the contract, so a field the app reads cannot go missing without a test failing.

mod support;

use axum::http::{Method, StatusCode};
use contract::{CaseView, Receipt, Viewer};
use placement_rules::forms::consultation_outcome::ChallengeReason;
use placement_rules::{CaseAction, CaseStatus};
use relay::tokens::Scope;
use serde_json::{Value, json};
use support::*;

const ID: &str = "0190f3a2-7c1e-7d33-9a4e-000000000001";
/// Thanet District Council, Cecil Street, Margate: Kent's South/East division.
const THANET: &str = "CT9 1XZ";

fn id(n: u32) -> String {
    format!("0190f3a2-7c1e-7d33-9a4e-{n:012}")
}

async fn view(relay: &Relay, reference: &str, token: Option<&str>) -> CaseView {
    let r = relay.get(&format!("/api/cases/{reference}"), token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", String::from_utf8_lossy(&r.bytes));
    serde_json::from_slice(&r.bytes).expect("the case view decodes into the contract")
}

async fn staff_view(relay: &Relay, reference: &str) -> CaseView {
    let cookie = sign_in(relay).await;
    let r =
        relay.call(Method::GET, &format!("/api/cases/{reference}"), &[("cookie", cookie.as_str())], Vec::new()).await;
    assert_eq!(r.status, StatusCode::OK);
    serde_json::from_slice(&r.bytes).expect("the staff view decodes into the contract")
}

fn receipt(bytes: &[u8]) -> Receipt {
    serde_json::from_slice(bytes).expect("a receipt decodes into the contract")
}

#[tokio::test]
async fn each_person_reads_what_the_other_wrote() {
    let relay = relay().await;
    let reference = relay.consult(ID).await;
    let manager = relay.token(Scope::ServiceManager, &reference);
    let placing = relay.token(Scope::Placing, &reference);

    // The service manager reads the request as sent, and is asked for the outcome.
    let theirs = view(&relay, &reference, Some(&manager)).await;
    assert_eq!(theirs.viewer, Viewer::ServiceManager);
    let request = theirs.request.as_ref().expect("the request");
    assert_eq!(request.answers.child.first_name, "Samira");
    assert_eq!(request.answers.placement.provider_name, "Example Care Ltd");
    assert_eq!(theirs.summary.placing_authority.name, "Leeds");
    assert_eq!(theirs.summary.division.as_ref().map(|d| d.name.as_str()), Some("North/West"));
    assert!(theirs.may.record_outcome && theirs.outcome.is_none());

    // They challenge, with a reason, details, the discussion and three views.
    let r = relay.post("/api/outcomes", &envelope(&id(2), outcome(&reference, "challenged")), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
    assert_eq!(receipt(&r.bytes).case_reference, reference);

    // The placing social worker reads every word of it.
    let sw = view(&relay, &reference, Some(&placing)).await;
    assert_eq!(sw.summary.status, CaseStatus::Challenged);
    assert_eq!(sw.summary.challenge_reason, Some(ChallengeReason::LocalExploitationRisk));
    let outcome = &sw.outcome.as_ref().expect("the outcome reaches the social worker").answers;
    assert_eq!(outcome.challenge_details, "County lines activity within a mile of the home.");
    assert_eq!(outcome.discussion.evidence, "Discussed the home and local risks.");
    assert_eq!(outcome.views.placement, "Experienced home.");
    assert_eq!(outcome.views.neighbourhood, "Known county lines activity nearby.");
    assert_eq!(outcome.views.local_services, "CAMHS has capacity.");
    assert_eq!(outcome.responder.name, "Chris Manager");
    assert!(sw.may.notify && sw.may.withdraw && !sw.may.record_outcome, "a challenge is not a veto");

    // The service manager's link now shows the outcome, and no longer asks for one.
    let theirs = view(&relay, &reference, Some(&manager)).await;
    assert!(!theirs.may.record_outcome);
    assert_eq!(theirs.outcome.as_ref().unwrap().answers.challenge_details, outcome.challenge_details);

    // The notification: Front Door and the service manager read its answers.
    let r = relay.post("/api/notifications", &envelope(&id(3), notification(&reference, true)), Some(&placing)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
    for v in [staff_view(&relay, &reference).await, view(&relay, &reference, Some(&manager)).await] {
        let n = v.notifications.first().expect("the notification reaches the host");
        assert_eq!(n.sent.answers.iro.name, "Robin Reviewer");
        assert!(n.sent.answers.agencies_informed.police);
        assert_eq!(n.sent.answers.needs_assessment, "Needs a small, stable home.");
        assert!(n.changes.is_empty(), "the same placement as consulted: {:?}", n.changes);
        assert_eq!(v.summary.status, CaseStatus::Notified);
    }
}

#[tokio::test]
async fn a_moved_placement_is_flagged_goes_to_its_new_division_and_tells_the_old_one() {
    let relay = relay().await;
    let reference = relay.consult(ID).await;
    let placing = relay.token(Scope::Placing, &reference);
    let before = relay.state.store.outbox(KENT).await.unwrap().len();

    let mut moved = notification(&reference, true);
    moved["placement"]["postcode"] = json!(THANET);
    moved["placement"]["address"] = json!("2 Example Street, Margate");
    let r = relay.post("/api/notifications", &envelope(&id(2), moved), Some(&placing)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));

    let case = relay.state.store.case(&reference).await.unwrap().unwrap();
    assert_eq!(case.division.as_deref(), Some("south-east"), "the case follows the child to Thanet");
    let emails = &relay.state.store.outbox(KENT).await.unwrap()[before..];
    let to: Vec<&str> = emails.iter().map(|e| e.to_addr.as_str()).collect();
    assert_eq!(to, ["frontdoor@kent.invalid", "ola.southeast.sm@kent.invalid", "ola.northwest.sm@kent.invalid"]);
    assert!(emails[0].subject.contains("placement details changed"), "{}", emails[0].subject);
    assert!(emails[2].subject.contains("placement moved to South/East"), "{}", emails[2].subject);
    for e in emails {
        assert!(!e.body.contains("Margate") && !e.body.contains(THANET), "no address in an email");
    }

    let host = staff_view(&relay, &reference).await;
    let n = &host.notifications[0];
    assert_eq!(n.changes, ["placement.address", "placement.postcode"]);
    assert_eq!(n.moved_from.as_ref().map(|d| d.name.as_str()), Some("North/West"));
    assert_eq!(host.summary.division.as_ref().map(|d| d.name.as_str()), Some("South/East"));
    let said = host.timeline.unwrap().last().unwrap().what.clone();
    assert!(said.contains("moved from North/West to South/East"), "{said}");
}

#[tokio::test]
async fn each_viewer_reads_only_what_it_may() {
    let relay = relay().await;
    let reference = relay.consult(ID).await;
    let cookie = sign_in(&relay).await;
    let r = relay
        .call(
            Method::POST,
            "/api/outcomes",
            &[("content-type", "application/json"), ("cookie", cookie.as_str())],
            serde_json::to_vec(&envelope(&id(2), outcome(&reference, "agreed"))).unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "Front Door records it for the manager");

    let placing = relay.token(Scope::Placing, &reference);
    let sw = view(&relay, &reference, Some(&placing)).await;
    assert_eq!(sw.viewer, Viewer::PlacingSocialWorker);
    assert!(sw.timeline.is_none(), "the host's own record stays with the host");
    assert!(!sw.may.record_outcome);
    let raw = String::from_utf8(relay.get(&format!("/api/cases/{reference}"), Some(&placing)).await.bytes).unwrap();
    assert!(!raw.contains("Front Door tester"), "no staff account name reaches the placing authority");
    assert!(sw.outcome.is_some(), "but the outcome itself does");

    let manager = relay.token(Scope::ServiceManager, &reference);
    let sm = view(&relay, &reference, Some(&manager)).await;
    assert!(sm.timeline.is_some());
    assert!(!sm.may.notify && !sm.may.withdraw, "the host neither notifies nor withdraws");

    let staff = staff_view(&relay, &reference).await;
    assert_eq!(staff.viewer, Viewer::Staff);
    assert!(staff.timeline.unwrap().iter().any(|e| e.what.contains("Front Door (Front Door tester)")));

    let list: contract::queue::CaseQueue = serde_json::from_slice(
        &relay.call(Method::GET, "/api/staff/cases", &[("cookie", cookie.as_str())], Vec::new()).await.bytes,
    )
    .expect("the staff list decodes into the contract");
    assert_eq!(list.cases[0].placing_authority.name, "Leeds");
    assert_eq!(list.cases[0].status, CaseStatus::Agreed);
}

fn documents(reference: &str, file: &str) -> Value {
    json!({
        "case_reference": reference,
        "documents": [{ "kind": "placement-plan", "attachment_id": file, "file_name": "placement plan.pdf" }],
        "sent_by": { "name": "Alex Example", "team": "", "email": "alex.example@leeds.gov.uk", "phone": "0113 496 0000" }
    })
}

fn confirmation(reference: &str) -> Value {
    json!({
        "case_reference": reference,
        "confirmed_by": { "name": "Alex Example", "team": "", "email": "alex.example@leeds.gov.uk", "phone": "0113 496 0000" }
    })
}

/// The placement ends 40 days from now: after the notified start, 30 days from now.
fn ending(reference: &str) -> Value {
    json!({
        "case_reference": reference, "end_date": in_days(40), "reason": "planned-move", "next": "placement-elsewhere",
        "ended_by": { "name": "Alex Example", "team": "", "email": "alex.example@leeds.gov.uk", "phone": "0113 496 0000" }
    })
}

/// Brings a new case to `status` through the API, and returns its reference.
async fn case_in(relay: &Relay, status: CaseStatus, n: &mut u32) -> String {
    let mut next = || {
        *n += 1;
        id(*n)
    };
    let reference = if status == CaseStatus::AwaitingConfirmation {
        // A fostering agency's notice for Leeds, with no consultation (domain brief §8.10).
        let mut n = notification("", false);
        n["sent_by"] = json!("provider");
        n["placing_social_worker_email"] = json!("alex.example@leeds.gov.uk");
        n["notifier"]["email"] = json!("placements@example-fostering.co.uk");
        n["notification_type"] = json!("emergency");
        n["start_date"] = json!(in_days(-1));
        n["documents"] =
            json!([{ "kind": "care-plan", "attachment_id": relay.upload_pdf().await, "file_name": "care plan.pdf" }]);
        let r = relay.post("/api/notifications", &envelope(&next(), n), None).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
        r.json()["case_reference"].as_str().unwrap().to_owned()
    } else {
        relay.consult(&next()).await
    };
    let manager = relay.token(Scope::ServiceManager, &reference);
    let placing = relay.token(Scope::Placing, &reference);
    let notify = ("/api/notifications", notification(&reference, true), placing.clone());
    let steps = match status {
        CaseStatus::AwaitingOutcome => vec![],
        CaseStatus::Agreed => vec![("/api/outcomes", outcome(&reference, "agreed"), manager)],
        CaseStatus::Challenged => vec![("/api/outcomes", outcome(&reference, "challenged"), manager)],
        CaseStatus::Notified => vec![notify],
        CaseStatus::Withdrawn => vec![("/api/withdrawals", withdrawal(&reference), placing)],
        CaseStatus::Ended => vec![notify, ("/api/endings", ending(&reference), placing)],
        CaseStatus::AwaitingConfirmation => vec![],
    };
    for (path, body, token) in steps {
        let r = relay.post(path, &envelope(&next(), body), Some(&token)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
    }
    assert_eq!(relay.state.store.case(&reference).await.unwrap().unwrap().status, status.id());
    reference
}

#[tokio::test]
async fn a_case_takes_only_what_its_state_allows() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = support::config(dir.path(), &database_url(dir.path()).await);
    // Kent takes providers' notices here, so one host has every state.
    config.hosts[0].accepts_provider_notices = true;
    let relay = relay_with(config, dir).await;
    let mut n = 100;
    for status in CaseStatus::ALL {
        for action in [
            CaseAction::RecordOutcome,
            CaseAction::Notify,
            CaseAction::Withdraw,
            CaseAction::End,
            CaseAction::Confirm,
            CaseAction::SendDocuments,
        ] {
            let reference = case_in(&relay, status, &mut n).await;
            let emails_before = relay.state.store.outbox(KENT).await.unwrap().len();
            let (path, body, scope) = match action {
                CaseAction::RecordOutcome => ("/api/outcomes", outcome(&reference, "agreed"), Scope::ServiceManager),
                CaseAction::Notify => ("/api/notifications", notification(&reference, true), Scope::Placing),
                CaseAction::Withdraw => ("/api/withdrawals", withdrawal(&reference), Scope::Placing),
                CaseAction::End => ("/api/endings", ending(&reference), Scope::Placing),
                CaseAction::Confirm => ("/api/confirmations", confirmation(&reference), Scope::Placing),
                CaseAction::SendDocuments => {
                    let file = relay.upload_pdf().await;
                    ("/api/documents", documents(&reference, &file), Scope::Placing)
                }
            };
            n += 1;
            let r = relay.post(path, &envelope(&id(n), body), Some(&relay.token(scope, &reference))).await;
            let after = relay.state.store.case(&reference).await.unwrap().unwrap();
            match status.allows(action) {
                Ok(()) => assert_eq!(r.status, StatusCode::CREATED, "{status:?} {action:?}"),
                Err(why) => {
                    assert_eq!(r.status, StatusCode::CONFLICT, "{status:?} {action:?}");
                    assert_eq!(r.json()["error"]["message"], why);
                    assert_eq!(after.status, status.id(), "nothing changed");
                    assert_eq!(relay.state.store.outbox(KENT).await.unwrap().len(), emails_before, "no emails");
                }
            }
        }
    }
}

#[tokio::test]
async fn where_a_placement_is_is_said_in_the_same_words_by_the_form_and_the_placement_check() {
    let relay = relay().await;
    let care_plan = relay.upload_pdf().await;
    for (postcode, said) in [
        (
            "TN34 3UY",
            "This postcode is in East Sussex, which this service does not cover. Consult East Sussex directly. \
             Contact East Sussex's children's services",
        ),
        ("TN1 9ZZ", "We cannot find this postcode. Check it and enter it again"),
    ] {
        let mut data = consultation(&care_plan);
        data["placement"]["postcode"] = json!(postcode);
        let r = relay.post("/api/consultations", &envelope(&id(900), data), None).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{postcode}");
        let findings: contract::Refusal =
            serde_json::from_slice(&r.bytes).expect("a refusal decodes into the contract");
        assert!(findings.messages().iter().any(|m| m == said), "{postcode}: {:?}", findings.messages());
    }
    let elsewhere = relay.get("/api/placement-check?placing=E08000035&postcode=TN34%203UY", None).await.json();
    assert_eq!(elsewhere["host"]["name"], "East Sussex");
    assert!(elsewhere["said"].as_str().unwrap().starts_with(
        "This postcode is in East Sussex, which this service does not cover. Consult East Sussex directly."
    ));
    let unknown = relay.get("/api/placement-check?placing=E08000035&postcode=TN1%209ZZ", None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let refusal: contract::Refusal = serde_json::from_slice(&unknown.bytes).unwrap();
    assert_eq!(refusal.messages(), ["We cannot find this postcode. Check it and enter it again"]);
}

/// Decodes an answer into its contract type and writes it out again: the same JSON means the
/// contract knows every field the relay sends, so nothing reaches the app that only a string key
/// could read.
fn decodes_whole<T: serde::de::DeserializeOwned + serde::Serialize>(what: &str, r: &Reply) -> T {
    let raw: Value = serde_json::from_slice(&r.bytes).unwrap_or_else(|e| panic!("{what} is JSON: {e}"));
    let typed: T = serde_json::from_value(raw.clone()).unwrap_or_else(|e| panic!("{what} decodes: {e}\n{raw:#}"));
    let again = serde_json::to_value(&typed).unwrap();
    assert_eq!(without_nulls(again), without_nulls(raw), "{what}: the contract drops or adds a field");
    typed
}

/// `null` and a missing field mean the same to both sides.
fn without_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => {
            Value::Object(m.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, without_nulls(v))).collect())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

#[tokio::test]
async fn every_answer_the_relay_gives_is_a_contract_type_with_nothing_left_over() {
    use contract::report::Report;
    use contract::{Document, Me, PlacementCheck, QueuedEmail, Refusal, paths};
    let relay = relay().await;
    let upload = relay
        .call(
            Method::POST,
            paths::ATTACHMENTS,
            &[("x-file-name", "care%20plan.pdf"), ("content-type", "application/pdf")],
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n".to_vec(),
        )
        .await;
    assert_eq!(upload.status, StatusCode::CREATED);
    let document: Document = decodes_whole("an upload", &upload);
    assert_eq!(document.file_name, "care plan.pdf");

    let sent = relay.post(paths::CONSULTATIONS, &envelope(ID, consultation(&document.id)), None).await;
    assert_eq!(sent.status, StatusCode::CREATED);
    let reference = decodes_whole::<Receipt>("a consultation's receipt", &sent).case_reference;
    let mut refused = consultation(&relay.upload_pdf().await);
    refused["child"]["first_name"] = json!("");
    let findings = relay.post(paths::CONSULTATIONS, &envelope(&id(2), refused), None).await;
    assert_eq!(findings.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!decodes_whole::<Refusal>("the rules' refusal", &findings).findings.is_empty());
    let stranger = relay.get(&format!("/api/cases/{reference}"), None).await;
    assert_eq!(stranger.status, StatusCode::UNAUTHORIZED);
    assert!(decodes_whole::<Refusal>("a refusal in one sentence", &stranger).error.is_some());

    let cookie = sign_in(&relay).await;
    let staff = |path: String| {
        let cookie = cookie.clone();
        let relay = &relay;
        async move { relay.call(Method::GET, &path, &[("cookie", cookie.as_str())], Vec::new()).await }
    };
    let outcome = relay
        .call(
            Method::POST,
            paths::OUTCOMES,
            &[("content-type", "application/json"), ("cookie", cookie.as_str())],
            serde_json::to_vec(&envelope(&id(3), support::outcome(&reference, "challenged"))).unwrap(),
        )
        .await;
    assert_eq!(outcome.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&outcome.bytes));
    decodes_whole::<Receipt>("an outcome's receipt", &outcome);
    let placing = relay.token(Scope::Placing, &reference);
    let notified =
        relay.post(paths::NOTIFICATIONS, &envelope(&id(4), notification(&reference, true)), Some(&placing)).await;
    assert_eq!(notified.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&notified.bytes));
    decodes_whole::<Receipt>("a notification's receipt", &notified);

    for (viewer, r) in [
        ("the social worker's case view", relay.get(&format!("/api/cases/{reference}"), Some(&placing)).await),
        (
            "the service manager's case view",
            relay.get(&format!("/api/cases/{reference}"), Some(&relay.token(Scope::ServiceManager, &reference))).await,
        ),
        ("the staff case view", staff(format!("/api/cases/{reference}")).await),
    ] {
        let view: CaseView = decodes_whole(viewer, &r);
        assert!(view.outcome.is_some() && view.notifications.len() == 1, "{viewer} carries the conversation");
    }
    let me: Me = decodes_whole("who is signed in", &staff(paths::STAFF_ME.into()).await);
    assert!(!me.name.is_empty());
    let list: contract::queue::CaseQueue = decodes_whole("the work queue", &staff(paths::STAFF_CASES.into()).await);
    assert_eq!(list.cases.len(), 1);
    let report: Report = decodes_whole("the report", &staff(paths::STAFF_REPORT.into()).await);
    assert_eq!(report.consultations[0].outcome, CaseStatus::Challenged);
    let emails: Vec<QueuedEmail> = decodes_whole("the outbox", &staff(paths::STAFF_OUTBOX.into()).await);
    assert!(emails.iter().all(|e| e.case_reference == reference));
    let check: PlacementCheck = decodes_whole(
        "the placement check",
        &relay
            .get(&format!("{}?placing=E08000035&postcode=ME14%201XQ&home=LS1%201UR", paths::PLACEMENT_CHECK), None)
            .await,
    );
    assert_eq!(check.division.map(|d| d.name), Some("North/West".into()));
}
