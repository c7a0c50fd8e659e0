//! Front Door manages the links to a case that emails carried: it sees each (whose, to which
//! address, sent and expiring when, still open or not), sends its holder a new one, after which the
//! old link opens nothing, or withdraws one. Only the host's Front Door may; each change is in the
//! case's timeline; and a withdrawn link is refused on every request.

mod support;

use axum::http::{Method, StatusCode};
use contract::{CaseView, LinkHolder, LinkSent, LinkState};
use serde_json::json;
use support::*;

/// The token in the link an outbox email carries.
fn token_in(body: &str) -> String {
    body.split("#token=").nth(1).and_then(|t| t.split_whitespace().next()).expect("a link with a token").to_owned()
}

async fn as_staff(relay: &Relay, cookie: &str, reference: &str) -> (StatusCode, Option<CaseView>) {
    let r = relay.call(Method::GET, &format!("/api/cases/{reference}"), &[("cookie", cookie)], Vec::new()).await;
    (r.status, (r.status == StatusCode::OK).then(|| serde_json::from_slice(&r.bytes).unwrap()))
}

async fn act(relay: &Relay, cookie: &str, reference: &str, id: &str, action: &str) -> (StatusCode, String) {
    let r = relay
        .call(
            Method::POST,
            &contract::paths::case_link(reference, id),
            &[("content-type", "application/json"), ("cookie", cookie)],
            serde_json::to_vec(&json!(action)).unwrap(),
        )
        .await;
    (r.status, String::from_utf8_lossy(&r.bytes).into_owned())
}

fn open_to(links: &[LinkSent], holder: LinkHolder) -> LinkSent {
    links.iter().find(|l| l.holder == holder && l.state == LinkState::Open).cloned().expect("an open link")
}

#[tokio::test]
async fn front_door_sends_a_new_link_and_the_old_one_stops_or_withdraws_one() {
    let relay = relay().await;
    let reference = relay.consult("0190f3a2-7c1e-7d33-9a4e-000000000501").await;
    let outbox = relay.state.store.outbox(KENT).await.unwrap();
    let manager_email = outbox.iter().find(|e| e.to_addr == "ola.northwest.sm@kent.invalid").unwrap();
    let placing_email = outbox.iter().find(|e| e.to_addr == "alex.example@leeds.gov.uk").unwrap();
    let old_manager = token_in(&manager_email.body);
    let placing = token_in(&placing_email.body);
    let case = format!("/api/cases/{reference}");
    assert_eq!(relay.get(&case, Some(&old_manager)).await.status, StatusCode::OK);

    // Front Door reads both links: whose, where they went, open.
    let front_door = sign_in(&relay).await;
    let (_, view) = as_staff(&relay, &front_door, &reference).await;
    let links = view.unwrap().links.expect("Front Door sees the links");
    assert_eq!(links.len(), 2, "{links:#?}");
    let manager_link = open_to(&links, LinkHolder::ServiceManager);
    assert_eq!(manager_link.to, "ola.northwest.sm@kent.invalid");
    assert_eq!(manager_link.sent_on, relay::clock::uk_today());
    assert_eq!(open_to(&links, LinkHolder::PlacingSocialWorker).to, "alex.example@leeds.gov.uk");

    // A new link for the service manager: the old one stops, the new one (emailed) opens the case.
    let (status, body) = act(&relay, &front_door, &reference, &manager_link.id, "send-new").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let view: CaseView = serde_json::from_str(&body).unwrap();
    let links = view.links.unwrap();
    assert_eq!(links.iter().find(|l| l.id == manager_link.id).unwrap().state, LinkState::Replaced);
    let new_link = open_to(&links, LinkHolder::ServiceManager);
    assert_ne!(new_link.id, manager_link.id);
    let timeline = view.timeline.unwrap();
    assert!(
        timeline.iter().any(|t| t.what
            == "Front Door (Front Door tester) sent the service manager a new link; the one it replaces no longer opens the case"),
        "{timeline:#?}"
    );
    let outbox = relay.state.store.outbox(KENT).await.unwrap();
    let new_email =
        outbox.iter().find(|e| e.subject.contains("a new link to this case")).expect("the new link emailed");
    assert_eq!(new_email.to_addr, "ola.northwest.sm@kent.invalid");
    assert!(new_email.body.contains("the link it replaces no longer opens the case"), "{}", new_email.body);
    let refused = relay.get(&case, Some(&old_manager)).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert!(String::from_utf8_lossy(&refused.bytes).contains("replaced or withdrawn"));
    assert_eq!(relay.get(&case, Some(&token_in(&new_email.body))).await.status, StatusCode::OK);
    // The old link records nothing either.
    let outcome = relay
        .post(
            "/api/outcomes",
            &envelope("0190f3a2-7c1e-7d33-9a4e-000000000502", outcome(&reference, "agreed")),
            Some(&old_manager),
        )
        .await;
    assert_eq!(outcome.status, StatusCode::UNAUTHORIZED);

    // Withdrawn: the placing social worker's link opens nothing, and a second withdrawal is refused.
    let placing_id = open_to(&links, LinkHolder::PlacingSocialWorker).id;
    let (status, body) = act(&relay, &front_door, &reference, &placing_id, "withdraw").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let view: CaseView = serde_json::from_str(&body).unwrap();
    assert_eq!(view.links.unwrap().iter().find(|l| l.id == placing_id).unwrap().state, LinkState::Withdrawn);
    assert!(view.timeline.unwrap().iter().any(|t| t.what.contains("withdrew the placing social worker's link")));
    assert_eq!(relay.get(&case, Some(&placing)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(act(&relay, &front_door, &reference, &placing_id, "withdraw").await.0, StatusCode::CONFLICT);
    assert_eq!(act(&relay, &front_door, &reference, "no-such-link", "withdraw").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_the_case_s_own_front_door_manages_its_links() {
    let relay = relay().await;
    let reference = relay.consult("0190f3a2-7c1e-7d33-9a4e-000000000511").await;
    let front_door = sign_in(&relay).await;
    let (_, view) = as_staff(&relay, &front_door, &reference).await;
    let link = view.unwrap().links.unwrap()[0].clone();

    // Management Information does not open the case (its rows are all MI reads), nor change a link;
    // a service manager opens the case without its links.
    let mi = sign_in_with(&relay, MI_STAFF_TOKEN).await;
    assert_eq!(as_staff(&relay, &mi, &reference).await.0, StatusCode::FORBIDDEN);
    let manager = sign_in_with(&relay, SM_STAFF_TOKEN).await;
    let (status, view) = as_staff(&relay, &manager, &reference).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view.unwrap().links, None);
    assert_eq!(act(&relay, &manager, &reference, &link.id, "withdraw").await.0, StatusCode::FORBIDDEN);
    assert_eq!(act(&relay, &mi, &reference, &link.id, "withdraw").await.0, StatusCode::FORBIDDEN);
    // Another host's Front Door: no such case.
    let medway = sign_in_with(&relay, MEDWAY_STAFF_TOKEN).await;
    assert_eq!(act(&relay, &medway, &reference, &link.id, "withdraw").await.0, StatusCode::NOT_FOUND);
    // A link holder is not staff.
    let manager = relay.state.store.outbox(KENT).await.unwrap()[1].body.clone();
    let r = relay
        .call(
            Method::POST,
            &contract::paths::case_link(&reference, &link.id),
            &[("content-type", "application/json"), ("authorization", &format!("Bearer {}", token_in(&manager)))],
            serde_json::to_vec(&json!("withdraw")).unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // Nothing was withdrawn by any of them.
    let (_, view) = as_staff(&relay, &front_door, &reference).await;
    assert!(view.unwrap().links.unwrap().iter().all(|l| l.state == LinkState::Open));
}
